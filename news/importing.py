"""Reading articles from JSON Lines (import_articles, load_demo)."""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sitecache import versions
from wording import checks as wording
from wording import lists as word_lists

from . import bulk_inserts
from .keywords import ArticleKeyword
from .models import PIN_FOREVER, Article

REQUIRED = {"title", "column", "body"}
OPTIONAL = {
    "source",
    "source_url",
    "author",
    "original_title",
    "short_title",
    "editor_in_charge",
    "published_at",
    "keywords",
    "view_count",
    "status",
    "summary",
    "pinned_until",
    "expires_at",
    "is_pinned",
    "is_headline",
    "is_recommended",
    "is_slideshow",
    "bold_title",
}
DATES = ("published_at", "pinned_until", "expires_at")
FLAGS = ("is_headline", "is_recommended", "is_slideshow", "bold_title")
TEXT = {
    "title",
    "column",
    "body",
    "source",
    "source_url",
    "author",
    "original_title",
    "short_title",
    "editor_in_charge",
    "keywords",
    "status",
    "summary",
}

# Articles inserted a statement at a time: one statement per article (and four more for its
# keywords) made an archive of 100,000 take 23 minutes on PostgreSQL.
BATCH = 1000
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
EARLIEST_OFFSET, LATEST_OFFSET = timedelta(hours=-12), timedelta(hours=14)


class LineError(Exception):
    pass


@dataclass
class ImportReport:
    # Counts, not articles: an archive of 100,000 bodies would not fit in memory.
    created: int = 0
    existing: int = 0
    created_ids: list = field(default_factory=list)  # when written
    errors: list = field(default_factory=list)  # (line number, message)


def find_column(tree, value):
    """A column by slug, or by a '/'-joined path of names from a top-level column."""
    column = tree.get(value)
    if column is not None:
        return column
    names = [name.strip() for name in value.strip("/").split("/")]
    candidates = tree.children(None, include_hidden=True)
    for name in names:
        column = next((c for c in candidates if c.name == name), None)
        if column is None:
            return None
        candidates = tree.children(column, include_hidden=True)
    return column


def parse_line(text, tree, matcher=None):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise LineError(f"not valid JSON ({error.msg}, column {error.colno})") from error
    except RecursionError as error:
        raise LineError("not valid JSON (nested too deeply)") from error
    if not isinstance(data, dict):
        raise LineError("expected a JSON object")
    # null in an optional field means "not given"; saved as is it would be a NULL in a NOT NULL
    # column (an IntegrityError with no line number) or crash Article.save().
    data = {key: value for key, value in data.items() if value is not None or key in REQUIRED}
    missing = REQUIRED - data.keys()
    if missing:
        raise LineError(f"missing {', '.join(sorted(missing))}")
    unknown = data.keys() - REQUIRED - OPTIONAL
    if unknown:
        raise LineError(f"unknown field {', '.join(sorted(unknown))}")
    for key in sorted(TEXT & data.keys()):
        # A list or number would be stored as its Python repr (keywords "['a', 'b']").
        if not isinstance(data[key], str):
            raise LineError(f"{key} must be a string")
        if LONE_SURROGATE.search(data[key]):
            # JSON's "\ud800" escape makes a string that no database or terminal can encode.
            raise LineError(f"{key} contains a lone UTF-16 surrogate (an invalid character)")
    column = find_column(tree, str(data["column"]))
    if column is None:
        raise LineError(f"no column {data['column']!r} (give a slug or a path of names)")
    for key in [*FLAGS, "is_pinned"]:
        if key in data and not isinstance(data[key], bool):
            raise LineError(f"{key} must be true or false")
    # `is_pinned: true`, as older files say it: pinned until someone unpins it.
    if data.pop("is_pinned", False) and "pinned_until" not in data:
        data["pinned_until"] = PIN_FOREVER
    article = Article(
        column=column,
        **{key: value for key, value in data.items() if key not in {"column", *DATES}},
    )
    for key in DATES:
        if key in data:
            setattr(article, key, parse_datetime(key, data[key]))
    if not isinstance(article.view_count, int) or isinstance(article.view_count, bool):
        raise LineError("view_count must be a whole number")
    # What save() derives (the import's inserts bypass it), before the checks: they see the
    # article as it will be stored, so that a body of nothing but scripts is reported as empty.
    article.derive_fields(summary_was_derived=not article.summary.strip())
    try:
        # Not the column: find_column took it from the tree (validating asks the database).
        article.full_clean(exclude=["cover", "column"])
    except ValidationError as error:
        raise LineError(
            "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items())
        ) from error
    check_words(article, matcher)
    return article


def check_words(article, matcher):
    """Refuse a line holding a blocked sensitive word, or a word to confirm in an article
    that would be published with no chief editor's reason (import it as pending)."""
    findings = wording.check_texts(wording.stored_texts(article), matcher)
    if findings.blocked:
        raise LineError(f"blocked sensitive words: {found_in(findings.blocked)}")
    if findings.warned and article.status == Article.Status.PUBLISHED:
        raise LineError(
            f"sensitive words to confirm: {found_in(findings.warned)} (import it as pending: "
            "a chief editor confirms them in review)"
        )


def found_in(hits):
    return ", ".join(f"{hit.word!r} in {hit.field}" for hit in hits)


def parse_datetime(key, value):
    if isinstance(value, datetime):
        return value
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError as error:
        raise LineError(f"{key} {value!r} is not an ISO 8601 date") from error
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    elif not EARLIEST_OFFSET <= moment.utcoffset() <= LATEST_OFFSET:
        # Python takes offsets up to ±23:59, PostgreSQL refuses them past ±15:59.
        raise LineError(
            f"published_at {value!r} has a UTC offset no time zone uses "
            "(give one from -12:00 to +14:00)"
        )
    return moment


def import_lines(lines, tree, *, dry_run=False, skip_bad=False):
    """Parse every line and save the articles a batch at a time, all in one transaction that
    is rolled back if any line is bad (unless skip_bad), or for a dry run. An article already
    present (same title and column) is left alone."""
    report = ImportReport()
    batch, seen = [], set()
    matcher = word_lists.matcher()  # the word list as the import starts
    with transaction.atomic():
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            try:
                batch.append(parse_line(text, tree, matcher))
            except LineError as error:
                # A reason may quote the line, lone surrogates included: keep it printable.
                reason = str(error).encode("utf-8", "backslashreplace").decode()
                report.errors.append((number, reason))
            if len(batch) == BATCH:
                save_batch(batch, seen, report, write=not dry_run and keeps(report, skip_bad))
                batch = []
        save_batch(batch, seen, report, write=not dry_run and keeps(report, skip_bad))
        if dry_run or not keeps(report, skip_bad):
            transaction.set_rollback(True)
        elif report.created:
            versions.bump(versions.ARTICLES)
    return report


def keeps(report, skip_bad):
    """Whether what is imported so far stays: no bad line yet, or bad lines are skipped."""
    return skip_bad or not report.errors


def save_batch(articles, seen, report, *, write):
    """Count the new articles of a batch and, with `write`, insert them with their keyword
    rows in a few statements; the inserts fill the search index (news.search_index).
    `seen` catches a repeat within the file, which a dry run has not saved."""
    present = set(
        Article.objects.filter(title__in={article.title for article in articles}).values_list(
            "title", "column_id"
        )
    )
    new = []
    for article in articles:
        key = (article.title, article.column_id)
        if key in seen or key in present:
            report.existing += 1
            continue
        seen.add(key)
        new.append(article)
    report.created += len(new)
    if not write or not new:
        return
    bulk_inserts.insert(new)
    ArticleKeyword.objects.replace_for(new)
    report.created_ids += [article.pk for article in new]
