"""DedeCMS's special topics (专题, channel -1) as topics: the archive row gives the title,
lead, cover and date; its addonspec.note the sections, each a {dede:specnote} tag naming
the section and listing its articles' ids in order:

    {dede:specnote imgheight='90' imgwidth='120' infolen='160' titlelen='60' col='1'
    idlist='101,105' name='政策解读' noteid='zc' isauto='0' rownum='40' keywords=''
    typeid='0'} (the section's list template) {/dede:specnote}

The topic is listed on the page of its column (archives.typeid: the 专题 column, whose
arctype.channeltype is -1, where DedeCMS keeps its topics), when that column is imported.

A section DedeCMS fills by itself (isauto='1', from keywords and a column) is imported
empty, with a note. An article that is not imported (a draft here is imported, and hidden
from readers by the page itself) is left out of its section with a line in the report. A
topic unchanged in DedeCMS since the last run is left alone, with the edits made here; a
changed one is imported again, its sections replaced."""

import re

from django.utils.text import slugify
from pypinyin import lazy_pinyin

from news.models import Article
from topics.models import Topic, TopicArticle, TopicSection

from . import mapping
from .images import ImageError, uploads_path
from .source import UndecodableRow

SECTION = re.compile(
    r"\{dede:specnote\b(?P<attributes>[^}]*)\}(?P<inner>.*?)\{/dede:specnote\}", re.S
)
IDS = re.compile(r"^[\d,\s]*$")


def sections(note):
    """(name, [article ids], automatic) of each section of a note, in its order."""
    # The note is stored with its quotes escaped by some DedeCMS versions (\'name\').
    note = (note or "").replace("\\'", "'").replace('\\"', '"')
    for match in SECTION.finditer(note):
        attributes = {
            a["name"].lower(): a["value"] for a in mapping.ATTRIBUTE.finditer(match["attributes"])
        }
        ids = attributes.get("idlist", "")
        if not ids.strip() and IDS.match(match["inner"]):  # a list of ids in place of a template
            ids = match["inner"]
        automatic = attributes.get("isauto", "0").strip() == "1"
        name = mapping.clean_text(mapping.unescaped(attributes.get("name", "")), 100)
        yield name, ([] if automatic else list(dict.fromkeys(_ids(ids)))), automatic


def _ids(text):
    for part in text.split(","):
        if part.strip().isdigit():
            yield int(part)


class TopicImport:
    """One run's import of the special topics, after the articles (their ids are mapped)."""

    def __init__(self, run):
        self.run, self.report = run, run.report

    def __call__(self):
        source = self.run.source
        if not source.has_special_topics:
            return
        names, rows = source.special_topics()
        self.existing = {t.legacy_id: t for t in Topic.objects.filter(legacy_id__isnull=False)}
        self.taken = set(Topic.objects.values_list("slug", flat=True))
        seen = set()
        for values in rows:
            seen.add(values[0])
            try:
                row = source.decode(names, values)
            except UndecodableRow as error:
                self.run.corrupt("topic", values[0], str(error))
                continue
            self.take(row)
        for legacy_id in sorted(set(self.existing) - seen):
            self.withdraw(self.existing[legacy_id], "deleted in DedeCMS")

    def take(self, row):
        topic = self.existing.get(row["id"])
        if row["arcrank"] == mapping.RECYCLE_BIN:
            if topic is None:
                self.report.skip("topic", row["id"], "in the recycle bin (arcrank -2)")
            else:
                self.withdraw(topic, "in the recycle bin (arcrank -2)")
            return
        title = mapping.clean_text(mapping.unescaped(row["title"]), 200)
        if not title:
            self.run.corrupt("topic", row["id"], "no title")
            return
        digest = mapping.digest(row, *self.run._digest_extras(row))
        if topic is not None and topic.legacy_digest == digest:
            self.report.topics["unchanged"] += 1
            return
        if not row["has_addon_row"]:
            self.report.note("topic", row["id"], "no addonspec row: imported without sections")
        self.report.topics["created" if topic is None else "updated"] += 1
        topic = topic or Topic(legacy_id=row["id"], slug=self.unique_slug(title, row["id"]))
        topic.title = title
        topic.lead = mapping.clean_text(mapping.unescaped(row["description"]))
        topic.published_at = mapping.from_unix_time(row["pubdate"]) or mapping.from_unix_time(
            row["senddate"]
        )
        topic.status = Topic.Status.PUBLISHED if row["arcrank"] == 0 else Topic.Status.DRAFT
        if row["arcrank"] not in (0, -1):
            self.report.note(
                "topic", row["id"], f"for members of rank {row['arcrank']} only: a draft here"
            )
        topic.column_id = self.column_of(row)
        topic.legacy_digest = digest
        self.copy_cover(topic, row)
        topic.save()
        self.replace_sections(topic, row)

    def replace_sections(self, topic, row):
        found = list(sections(row["note"]))
        wanted = {legacy_id for _, ids, _ in found for legacy_id in ids}
        imported = dict(Article.objects.filter(legacy_id__in=wanted).values_list("legacy_id", "pk"))
        topic.sections.all().delete()
        entries = []
        for position, (name, ids, automatic) in enumerate(found):
            section = TopicSection.objects.create(
                topic=topic, name=name or f"#{position + 1}", position=position
            )
            if automatic:
                self.report.note(
                    "topic",
                    row["id"],
                    f"section {name!r}: filled by DedeCMS from keywords or a column,"
                    " imported empty",
                )
            for place, legacy_id in enumerate(ids):
                if legacy_id not in imported:
                    self.report.skip(
                        "topic", row["id"], f"section {name!r}: article {legacy_id} is not imported"
                    )
                    continue
                entries.append(
                    TopicArticle(section=section, article_id=imported[legacy_id], position=place)
                )
        TopicArticle.objects.bulk_create(entries)

    def column_of(self, row):
        """The imported column the topic is in (None for none)."""
        column_id = self.run.columns.get(row["typeid"])
        if column_id is None and row["typeid"]:
            why = f"its column {row['typeid']} is not imported: listed on no column"
            self.report.note("topic", row["id"], why)
        return column_id

    def withdraw(self, topic, why):
        """No longer published in DedeCMS: a draft here (nothing deleted, edits kept); imported
        again in full once DedeCMS publishes it again."""
        if topic.status == Topic.Status.DRAFT and not topic.legacy_digest:
            return  # withdrawn at an earlier run
        Topic.objects.filter(pk=topic.pk).update(status=Topic.Status.DRAFT, legacy_digest="")
        self.report.topics_withdrawn.append((topic.legacy_id, why))

    def unique_slug(self, title, legacy_id):
        base = slugify("".join(lazy_pinyin(title)), allow_unicode=True)[:70] or "topic"
        slug, n = base, 2
        while slug in self.taken:
            slug, n = f"{base}-{n}", n + 1
        self.taken.add(slug)
        return slug

    def copy_cover(self, topic, row):
        litpic = (row["litpic"] or "").strip()
        copier = self.run.images
        if not litpic or copier.site_root is None:
            return
        path = uploads_path(litpic, self.run.old_domains)
        if path is None:
            self.report.note("topic", row["id"], f"cover {litpic}: not under /uploads/")
            return
        try:
            image = copier.copy(path)
        except ImageError as error:
            self.report.note("topic", row["id"], f"cover {error}")
            return
        topic.cover = image.name
        topic.cover_width, topic.cover_height = copier.display_size(path)
