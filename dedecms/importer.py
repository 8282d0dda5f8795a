"""import_dedecms: a DedeCMS site's columns and articles, in one transaction.

A run reads the columns, then streams the articles in batches; each batch costs a handful of
queries whatever its size. Rows whose digest matches the last run are left alone, so a
second run writes nothing and a later one applies exactly what changed in DedeCMS; only
their images that were missing last time are looked for again.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import NamedTuple

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from categories.locking import column_tree_lock
from categories.models import Category
from gallery.models import Picture
from news import bulk_inserts
from news.keywords import ArticleKeyword
from news.models import Article
from wording import checks as wording
from wording import lists as word_lists

from . import mapping
from .images import ImageCopier, ImageError, img_sources, uploads_path
from .models import ImportedArticle, ImportedColumn
from .report import Report
from .source import UndecodableRow
from .topics import TopicImport

BATCH_SIZE = 1000
IMAGE_SETS_AS_PICTURES = "pictures"
COLUMN_UPDATE_FIELDS = [
    "name", "parent", "is_visible", "meta_description", "keywords", "seo_title", "updated_at",
    "version",
]  # fmt: skip
ARTICLE_UPDATE_FIELDS = [
    "title", "column", "author", "source", "published_at", "created_at", "updated_at",
    "keywords", "summary", "body", "body_text", "search_grams", "status", "cover",
    "cover_thumbnail", "cover_width", "cover_height", "view_count", "pinned_until",
    "is_headline", "is_recommended", "is_slideshow", "bold_title", "version",
]  # fmt: skip
# What the importer remembers of each article (ImportedArticle), in Known's order.
RECORD_FIELDS = ["digest", "click", "missing_images", "withdrawn", "was_public", "arcrank"]
# What a run writes to an unchanged row when images missing last time are there now.
IMAGE_RETRY_FIELDS = [
    "body", "cover", "cover_thumbnail", "cover_width", "cover_height", "updated_at", "version",
]  # fmt: skip


@contextmanager
def keeping_creation_times():
    """bulk_create stamps auto_now_add fields with the current time; imported articles keep
    the time DedeCMS says they were written. (Updating them afterwards would write every new
    row, and its search indexes, twice.)"""
    field = Article._meta.get_field("created_at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


class Known(NamedTuple):
    """What the site holds of an article imported before."""

    pk: int | None
    status: str | None = None
    digest: str | None = None
    click: int | None = None
    missing: str | None = None
    withdrawn: str | None = None
    was_public: bool | None = None
    arcrank: int | None = None

    @property
    def missing_images(self):
        return set(self.missing.split("\n")) if self.missing else set()


NOT_KNOWN = Known(pk=None)


@dataclass
class Writes:
    """What a batch writes, gathered row by row."""

    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    retried: list = field(default_factory=list)  # (row, pk, digest, images missing before)
    records: dict = field(default_factory=dict)  # DedeCMS id → ImportedArticle
    withdrawals: list = field(default_factory=list)  # (DedeCMS id, Known, why)
    status_changes: dict = field(default_factory=dict)  # status → pks
    pictures: dict = field(default_factory=dict)  # DedeCMS id → an image set's pictures


class ImportFailed(Exception):
    """A corrupt row under --strict: the run stops and nothing is kept."""


class DedeImport:
    def __init__(
        self,
        source,
        *,
        site_root=None,
        old_domains=(),
        dry_run=False,
        strict=False,
        only_columns=False,
        progress=None,
    ):
        self.source = source
        self.site_root = site_root
        self.old_domains = frozenset(domain.lower() for domain in old_domains)
        self.dry_run = dry_run
        self.strict = strict
        self.only_columns = only_columns
        # progress(iterable, total) wraps the article stream (a progress bar on a terminal).
        self.progress = progress or (lambda iterable, total: iterable)
        self.report = Report(dry_run=dry_run)
        self.now = timezone.now()

    def run(self):
        self.images = ImageCopier(self.site_root, dry_run=self.dry_run)
        self.words = word_lists.matcher()  # the sensitive-word list as the run starts
        try:
            # The tree lock is a transaction: a failure anywhere undoes the whole run.
            with column_tree_lock():
                self.import_columns()
                if not self.only_columns:
                    self.report.other_channels = self.source.other_channels()
                    self.import_articles()
                    TopicImport(self)()  # after the articles, which its sections list
                self.images.end_batch()
                if self.dry_run:
                    transaction.set_rollback(True)
        except BaseException:
            self.images.discard_written()
            raise
        finally:
            self.images.close()
        self.report.images_copied = self.images.copied
        return self.report

    def corrupt(self, what, legacy_id, reason):
        if self.strict:
            raise ImportFailed(f"{what} {legacy_id}: {reason}")
        self.report.skip(what, legacy_id, reason)

    # Columns

    def import_columns(self):
        by_id = self._read_columns()
        self._report_shared_directories(by_id)
        levels = self._tree_order(by_id)
        existing = {
            column.legacy_id: column
            for column in Category.objects.filter(legacy_id__isnull=False).select_related(
                "dedecms_import"
            )
        }
        taken = set(Category.objects.values_list("slug", flat=True))
        records, new_ids = {}, set()
        for level in levels:
            created = []
            for row in level:
                column = existing.get(row["id"])
                digest = mapping.digest(row)
                record = getattr(column, "dedecms_import", None)
                if record is not None and record.digest == digest:
                    self.report.columns["unchanged"] += 1
                    continue
                if column is None:
                    column = Category(legacy_id=row["id"], lft=0, rght=0, tree_id=0, level=0)
                    column.slug = self._unique_slug(row, taken)
                    existing[row["id"]] = column
                    new_ids.add(row["id"])
                    created.append(column)
                else:
                    column.updated_at = self.now
                    column.version = F("version") + 1  # an open column form is now stale
                for name, value in mapping.column_fields(row).items():
                    setattr(column, name, value)
                parent = existing.get(row["reid"])
                column.parent_id = parent.pk if parent else None
                records[row["id"]] = ImportedColumn(
                    column=column, typedir=mapping.typedir_key(row["typedir"]), digest=digest
                )
            # A level is saved before the next, whose columns need their parents' ids.
            Category.objects.bulk_create(created)
            self.report.columns["created"] += len(created)
        updated = [existing[i] for i in records if i not in new_ids]
        self.report.columns["updated"] += len(updated)
        Category.objects.bulk_update(updated, COLUMN_UPDATE_FIELDS)
        if records:
            ImportedColumn.objects.bulk_create(
                records.values(),
                update_conflicts=True,
                unique_fields=["column"],
                update_fields=["typedir", "digest"],
            )
            self._rebuild_tree(levels, existing)
        self.columns = {legacy_id: column.pk for legacy_id, column in existing.items()}

    def _read_columns(self):
        """The importable columns by DedeCMS id. Columns left out on purpose (external links,
        and later what is under them) are remembered: their articles are skipped, not
        corrupt."""
        names, rows = self.source.columns()
        self.left_out = set()
        by_id = {}
        for values in rows:
            try:
                row = self.source.decode(names, values)
            except UndecodableRow as error:
                self.corrupt("column", values[0], str(error))
                continue
            if row["ispart"] == mapping.EXTERNAL_LINK:
                self.report.skip("column", row["id"], f"an external link ({row['typename']})")
                self.left_out.add(row["id"])
            else:
                by_id[row["id"]] = row
        return by_id

    def _report_shared_directories(self, by_id):
        """Columns that share a directory in DedeCMS: its old address leads to the first."""
        first = {}
        for legacy_id in sorted(by_id):
            directory = mapping.typedir_key(by_id[legacy_id]["typedir"])
            if not directory:
                continue
            owner = first.setdefault(directory, legacy_id)
            if owner != legacy_id:
                self.report.note(
                    "column",
                    legacy_id,
                    f"its directory /{directory}/ is column {owner}'s too: the old address"
                    f" leads to column {owner}",
                )

    def _tree_order(self, by_id):
        """The importable columns by depth, each level in DedeCMS's order (sortrank, id).
        A column whose parent is not imported is skipped with its subtree."""
        levels, parents = [], {0}
        remaining = sorted(by_id.values(), key=lambda row: (row["sortrank"], row["id"]))
        while remaining:
            level = [row for row in remaining if row["reid"] in parents]
            if not level:
                break
            levels.append(level)
            parents = {row["id"] for row in level}
            remaining = [row for row in remaining if row not in level]
        for row in remaining:
            top, seen = row, {row["id"]}
            while top["reid"] in by_id and top["reid"] not in seen:  # a loop has no top
                top = by_id[top["reid"]]
                seen.add(top["id"])
            if top["reid"] in self.left_out:
                self.left_out.add(row["id"])
                self.report.skip("column", row["id"], "under a column that is not imported")
            else:
                self.corrupt("column", row["id"], f"its parent column {top['reid']} is missing")
        return levels

    def _unique_slug(self, row, taken):
        base = mapping.slug_base(row["typedir"], f"column-{row['id']}")
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        return slug

    def _rebuild_tree(self, levels, by_legacy_id):
        """One rebuild of the whole tree. django-mptt's rebuild keeps siblings in their
        (tree_id, lft) order, so the imported columns are first given keys in DedeCMS's order,
        after the columns made here, which keep theirs."""
        natives = Category.objects.filter(legacy_id__isnull=True)
        after = max(natives.values_list("tree_id", flat=True), default=0)
        ranked = [by_legacy_id[row["id"]] for level in levels for row in level]
        for rank, column in enumerate(ranked, start=1):
            column.tree_id, column.lft = after + rank, 0
        Category.objects.bulk_update(ranked, ["tree_id", "lft"], batch_size=BATCH_SIZE)
        Category.objects.rebuild()

    # Articles

    def import_articles(self):
        self.seen = set()  # DedeCMS ids of every article row read, imported or not
        stream = iter(self.progress(self.source.articles(), self.source.article_count()))
        while batch := list(islice(stream, BATCH_SIZE)):
            self._import_batch(batch)
        self._withdraw_deleted()

    def _import_batch(self, batch):
        rows = []
        for names, values in batch:
            self.seen.add(values[0])
            try:
                rows.append(self.source.decode(names, values))
            except UndecodableRow as error:
                self.corrupt("article", values[0], str(error))
        self.images.expect_thumbnailed(self._thumbnailed_images(rows))
        known = self._known([row["id"] for row in rows])
        writes = Writes()
        for row in rows:
            self._take(row, known.get(row["id"], NOT_KNOWN), writes)
        self._write(writes)

    @staticmethod
    def _known(legacy_ids):
        return {
            legacy_id: Known(*values)
            for legacy_id, *values in Article.objects.filter(legacy_id__in=legacy_ids).values_list(
                "legacy_id", "pk", "status", *(f"dedecms_import__{f}" for f in RECORD_FIELDS)
            )
        }

    def _take(self, row, before, writes):
        """Decides what a run does with one article row; `writes` gathers it."""
        if row["arcrank"] == mapping.RECYCLE_BIN:
            self._not_imported(row, before, writes, "in the recycle bin (arcrank -2)")
            return
        if mapping.is_jump_link(row):
            target = (row["redirecturl"] or "").strip() or "no address"
            self._not_imported(row, before, writes, f"a jump link to {target}")
            return
        status = self._status(row)
        column_id = self.columns.get(row["typeid"])
        if not self._importable(row, column_id):
            return
        self.report.statuses[status] += 1
        self.report.image_sets += row["channel"] == mapping.IMAGE_SET
        self._note_empty_body(row)
        digest = mapping.digest(row, *self._digest_extras(row))
        if self._status_alone_changed(row, before, status, digest):
            self._change_status(row, before, status, digest, writes)
            return
        if before.digest == digest:
            if before.missing_images:
                writes.retried.append((row, before.pk, digest, before.missing_images))
            else:
                self.report.articles["unchanged"] += 1
            return
        failures = {}
        article = self._article(row, status, column_id, failures)
        pictures = self._pictures(row, failures)
        if row["channel"] == mapping.IMAGE_SET:
            writes.pictures[row["id"]] = pictures
        if self._held_for_words(article, [picture.caption for picture in pictures]):
            self.report.statuses[status] -= 1
            status = article.status
            self.report.statuses[status] += 1
        self._report_images(row["id"], failures, before.missing_images)
        if before.pk is None:
            article.view_count = row["click"]
            writes.created.append(article)
        else:
            article.pk = before.pk
            article.view_count = self._view_count(row["click"], before.click)
            # A form opened before this run is stale now, as after any bulk change.
            article.version = F("version") + 1
            writes.updated.append(article)
        writes.records[row["id"]] = ImportedArticle(
            digest=digest,
            click=row["click"],
            missing_images="\n".join(sorted(failures)),
            arcrank=row["arcrank"],
            **self._withdrawal_by_status(row, status, before),
        )

    def _write(self, writes):
        created, updated = writes.created, writes.updated
        records = writes.records
        retried = self._retry_images(writes.retried, records, writes.pictures)
        self._withdraw(writes.withdrawals)
        for status, pks in writes.status_changes.items():
            Article.objects.filter(pk__in=pks).update(
                status=status, updated_at=self.now, version=F("version") + 1
            )
        self.report.articles["created"] += len(created)
        self.report.articles["updated"] += len(updated) + len(retried)
        with keeping_creation_times():
            bulk_inserts.insert(created)
        Article.objects.bulk_update(updated, ARTICLE_UPDATE_FIELDS)
        Article.objects.bulk_update(retried, IMAGE_RETRY_FIELDS)
        # bulk writes bypass Article.save(): the keyword table (tag pages) is kept here.
        ArticleKeyword.objects.replace_for(created + updated)
        for article in created + updated:
            records[article.legacy_id].article_id = article.pk
        self._write_pictures(writes.pictures, created + updated + retried)
        bulk_inserts.insert([records.pop(article.legacy_id) for article in created])
        ImportedArticle.objects.bulk_create(
            records.values(),
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=RECORD_FIELDS,
        )
        self.images.end_batch()

    def _digest_extras(self, row):
        """How the rows are imported, in their digests: a change re-imports them."""
        extras = (self.site_root is not None, *sorted(self.old_domains))
        if row.get("channel") == mapping.IMAGE_SET:
            # Image sets imported before their pictures had a model of their own (they were
            # figures in the body) are imported again once.
            extras += (IMAGE_SETS_AS_PICTURES,)
        return extras

    # Withdrawals: what DedeCMS no longer publishes stops being public here, by its status.
    # Nothing is deleted, so that edits made here and view counts stay.

    def _withdrawal_by_status(self, row, status, before):
        """What to remember of a withdrawal for a row imported with `status`: DedeCMS took
        back an article that was published here (reported); the one remembered, while the
        article stays unpublished; none once it is published again."""
        if status == Article.Status.PUBLISHED:
            return {"withdrawn": "", "was_public": False}
        if before.status != Article.Status.PUBLISHED:
            return {"withdrawn": before.withdrawn or "", "was_public": bool(before.was_public)}
        why = (
            "back to pending review in DedeCMS"
            if status == Article.Status.PENDING
            else f"for members of rank {row['arcrank']} only in DedeCMS"
        )
        self.report.withdrawn.append((row["id"], why))
        return {"withdrawn": why, "was_public": True}

    def _not_imported(self, row, before, writes, reason):
        """A row that is not an article to show: withdrawn if it was imported before."""
        if before.pk is not None and not before.withdrawn:
            writes.withdrawals.append((row["id"], before, reason))
        else:  # never imported, or withdrawn at an earlier run
            self.report.skip("article", row["id"], reason)

    def _status_alone_changed(self, row, before, status, digest):
        """Whether DedeCMS changed nothing of the row but its arcrank since the last run
        (approved, sent back to review), or the row is back as it was when a run withdrew
        it (out of the recycle bin)."""
        if before.pk is None:
            return False
        if before.digest == digest:
            return bool(before.withdrawn) and before.status != status
        if before.arcrank is None or before.arcrank == row["arcrank"]:
            return False
        as_before = {**row, "arcrank": before.arcrank}
        return mapping.digest(as_before, *self._digest_extras(row)) == before.digest

    def _change_status(self, row, before, status, digest, writes):
        """Only the status is imported again, so edits made here stay."""
        writes.status_changes.setdefault(status, []).append(before.pk)
        self.report.articles["updated"] += 1
        if before.withdrawn and status == Article.Status.PUBLISHED:
            self.report.restored.append(row["id"])
        writes.records[row["id"]] = ImportedArticle(
            article_id=before.pk,
            digest=digest,
            click=before.click,
            missing_images=before.missing or "",
            arcrank=row["arcrank"],
            **self._withdrawal_by_status(row, status, before),
        )

    def _withdraw_deleted(self):
        """Articles imported before whose rows are gone from DedeCMS: the ids alone are read
        for all, the rest for those gone only."""
        imported = Article.objects.filter(
            dedecms_import__isnull=False, dedecms_import__withdrawn=""
        )
        gone = iter(sorted(set(imported.values_list("legacy_id", flat=True)) - self.seen))
        while chunk := list(islice(gone, BATCH_SIZE)):
            rows = imported.filter(legacy_id__in=chunk).values_list("legacy_id", "pk", "status")
            self._withdraw(
                [
                    (legacy_id, Known(pk, status), "deleted in DedeCMS")
                    for legacy_id, pk, status in rows
                ]
            )

    def _withdraw(self, withdrawals):
        """Makes drafts of (DedeCMS id, Known, why) and remembers why, and whether each was
        published here (its old address then answers 410 Gone)."""
        if not withdrawals:
            return
        Article.objects.filter(pk__in=[before.pk for _, before, _ in withdrawals]).update(
            status=Article.Status.DRAFT, updated_at=self.now, version=F("version") + 1
        )
        records = []
        for legacy_id, before, why in withdrawals:
            self.report.withdrawn.append((legacy_id, why))
            was_public = before.status == Article.Status.PUBLISHED
            records.append(
                ImportedArticle(article_id=before.pk, withdrawn=why, was_public=was_public)
            )
        ImportedArticle.objects.bulk_update(records, ["withdrawn", "was_public"])

    def _retry_images(self, retried, records, pictures):
        """Rows unchanged in DedeCMS whose images were missing or refused at the last run:
        the files that are there now are copied and put into the body and cover as stored
        (edits made here since stay), and an image set's pictures are imported again.
        Returns the articles to write."""
        if not retried:
            return []
        stored = Article.objects.only("legacy_id", "body", *IMAGE_RETRY_FIELDS).in_bulk(
            [pk for _, pk, _, _ in retried]
        )
        changed = []
        for row, pk, digest, missing_before in retried:
            article, failures = stored[pk], {}
            body, cover = article.body, article.cover.name
            article.body = self._copy_body_images(body, row["id"], failures, only=missing_before)
            if not cover and mapping.cover_address(row) in missing_before:
                self._copy_cover(article, row, failures)
            in_set = {src for src, _ in mapping.image_set_pictures(row)}
            if in_set & missing_before:
                pictures[row["id"]] = self._pictures(row, failures)
            self._report_images(row["id"], failures, missing_before)
            if failures.keys() != missing_before:
                records[row["id"]] = ImportedArticle(
                    article_id=pk,
                    digest=digest,
                    click=row["click"],
                    missing_images="\n".join(sorted(failures)),
                )
            if (article.body, article.cover.name) == (body, cover) and row["id"] not in pictures:
                self.report.articles["unchanged"] += 1
                continue
            article.updated_at = self.now
            article.version = F("version") + 1
            changed.append(article)
        return changed

    def _report_images(self, legacy_id, failures, missing_before):
        """Images that could not be copied: new ones, and those already missing last time."""
        for path, message in failures.items():
            still = path in missing_before
            listing = self.report.images_still_missing if still else self.report.images_missing
            listing.append((legacy_id, message))

    def _importable(self, row, column_id):
        """Whether the article can be imported; says why not in the report."""
        if column_id is None:
            if row["typeid"] in self.left_out:
                self.report.skip("article", row["id"], "its column is not imported")
            else:
                self.corrupt("article", row["id"], f"its column {row['typeid']} is missing")
        elif not mapping.clean_text(row["title"]):
            self.corrupt("article", row["id"], "no title")
        elif not (row["pubdate"] or row["senddate"]):
            self.corrupt("article", row["id"], "no date")
        else:
            return True
        return False

    def _note_empty_body(self, row):
        image_set = row["channel"] == mapping.IMAGE_SET
        if not row["has_addon_row"]:
            table = "addonimages" if image_set else "addonarticle"
            message = f"no {table} row (its body): imported with an empty body"
        elif image_set and not any(mapping.pictures(row["imgurls"])):
            message = "an image set without pictures"
        elif not image_set and not (row["body"] or "").strip():
            message = "its body is empty in DedeCMS"
        else:
            return
        self.report.note("article", row["id"], message)

    def _status(self, row):
        arcrank = row["arcrank"]
        if arcrank in mapping.STATUS_BY_ARCRANK:
            return mapping.STATUS_BY_ARCRANK[arcrank]
        self.report.note(
            "article", row["id"], f"for members of rank {arcrank} only: imported as a draft"
        )
        return mapping.MEMBERS_ONLY_STATUS

    @staticmethod
    def _view_count(click, last_click):
        """Add what DedeCMS counted since the last run to what this site counted: a count is
        never lowered, and no hit on either site is lost."""
        if last_click is None:
            return Greatest(F("view_count"), Value(click))
        return F("view_count") + Value(max(0, click - last_click))

    def _article(self, row, status, column_id, failures):
        fields = mapping.article_fields(row)
        article = Article(legacy_id=row["id"], column_id=column_id, status=status, **fields)
        article.updated_at = self.now
        article.body = self._copy_body_images(article.body, row["id"], failures)
        self._copy_cover(article, row, failures)
        article.derive_fields(summary_was_derived=not article.summary)
        return article

    def _held_for_words(self, article, captions):
        """An article holding a listed sensitive word (its pictures' captions too) is noted;
        one that would go public here waits for review instead (pending), where a chief
        editor sees the words."""
        texts = {**wording.stored_texts(article), wording.PICTURES: captions}
        findings = wording.check_texts(texts, self.words)
        if not findings:
            return False
        words = ", ".join(repr(word) for word in findings.words())
        held = article.status == Article.Status.PUBLISHED
        if held:
            article.status = Article.Status.PENDING
        self.report.note(
            "article",
            article.legacy_id,
            f"sensitive words {words}: " + ("held for review" if held else "to check in review"),
        )
        return held

    def _copy_body_images(self, body, legacy_id, failures, only=None):
        """The body with its images on the old site (those in `only`, if given) pointing at
        their copies. An image that cannot be copied keeps its old address, which reaches
        nothing here (or the old file, where the old uploads/ folder is still served) and
        which a later run replaces once the file is there; failures gets its address as
        written and why."""
        pieces, end, left_out = [], 0, False
        for match, address in img_sources(body):
            path = uploads_path(address, self.old_domains)
            if path is None or (only is not None and address not in only):
                continue
            if self.images.site_root is None:
                left_out = True
                continue
            try:
                image = self.images.copy(path)
            except ImageError as error:
                failures[address] = str(error)
                continue
            src = default_storage.url(image.name)
            pieces += [body[end : match.start()], f'{match["before"]}"{src}"']
            end = match.end()
        if left_out:
            self.report.images_left_out += 1
        return "".join([*pieces, body[end:]])

    def _thumbnailed_images(self, rows):
        """The /uploads/ paths of the rows' covers and pictures, in the order _take copies
        them."""
        for row in rows:
            pictures = [address for address, _ in mapping.image_set_pictures(row)]
            for address in [mapping.cover_address(row), *pictures]:
                path = uploads_path(address, self.old_domains) if address else None
                if path is not None:
                    yield path

    def _copy_cover(self, article, row, failures):
        litpic = mapping.cover_address(row)
        if not litpic or self.images.site_root is None:
            return
        path = uploads_path(litpic, self.old_domains)
        if path is None:
            self.report.note("article", row["id"], f"cover {litpic}: not under /uploads/")
            return
        try:
            image = self.images.copy(path, thumbnail=True)
        except ImageError as error:
            failures[litpic] = f"cover {error}"
            return
        article.cover = image.name
        article.cover_thumbnail = image.thumbnail
        article.cover_width, article.cover_height = self.images.display_size(path)

    # Image sets (图集): their pictures, copied as every image is, in a gallery of their own.

    def _pictures(self, row, failures):
        """The image set's pictures (not saved, of no article yet) whose files could be
        copied; failures gets the others' addresses and why."""
        pictures, found = [], mapping.image_set_pictures(row)
        if found and self.images.site_root is None:
            self.report.note(
                "article", row["id"], f"{len(found)} picture(s) not imported (no --site-root)"
            )
            return pictures
        caption_length = Picture._meta.get_field("caption").max_length
        for position, (address, caption) in enumerate(found):
            path = uploads_path(address, self.old_domains)
            if path is None:
                self.report.note("article", row["id"], f"picture {address}: not under /uploads/")
                continue
            try:
                image = self.images.copy(path, thumbnail=True)
            except ImageError as error:
                failures[address] = f"picture {error}"
                continue
            width, height = self.images.display_size(path)
            pictures.append(
                Picture(
                    image=image.name,
                    thumbnail=image.thumbnail,
                    width=width,
                    height=height,
                    caption=caption[:caption_length],
                    position=position,
                )
            )
        return pictures

    @staticmethod
    def _write_pictures(pictures, articles):
        """Each image set's pictures as DedeCMS has them now, in place of those before."""
        pks = {article.legacy_id: article.pk for article in articles}
        pks = {legacy_id: pks[legacy_id] for legacy_id in pictures if legacy_id in pks}
        if not pks:
            return
        Picture.objects.filter(article_id__in=pks.values()).delete()
        for legacy_id, article_pk in pks.items():
            for picture in pictures[legacy_id]:
                picture.article_id = article_pk
        Picture.objects.bulk_create(
            [picture for legacy_id in pks for picture in pictures[legacy_id]],
            batch_size=BATCH_SIZE,
        )
