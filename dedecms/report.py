"""What an import did (or, in a dry run, would do), and its summary table."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Report:
    dry_run: bool = False
    columns: Counter = field(default_factory=Counter)  # created / updated / unchanged
    articles: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)  # of every article imported, by status
    image_sets: int = 0  # of them, DedeCMS image sets (图集)
    images_copied: int = 0
    images_left_out: int = 0  # articles whose /uploads/ images stay where they were
    # (DedeCMS id, path and why) of images that could not be copied: first seen in this run,
    # and missing at the last run too (tried again, still not there or still refused).
    images_missing: list = field(default_factory=list)
    images_still_missing: list = field(default_factory=list)
    # (DedeCMS id, why) of articles that were here and that DedeCMS no longer publishes:
    # their status changed by this run (nothing is deleted).
    withdrawn: list = field(default_factory=list)
    restored: list = field(default_factory=list)  # DedeCMS ids of withdrawn rows back as they were
    other_channels: dict = field(default_factory=dict)  # channel id → documents
    topics: Counter = field(default_factory=Counter)  # 专题: created / updated / unchanged
    topics_withdrawn: list = field(default_factory=list)  # (DedeCMS id, why)
    skipped: list = field(default_factory=list)  # (what, DedeCMS id, reason)
    notes: list = field(default_factory=list)  # imported, with something to know

    def skip(self, what, legacy_id, reason):
        self.skipped.append((what, legacy_id, reason))

    def note(self, what, legacy_id, message):
        self.notes.append((what, legacy_id, message))

    def lines(self):
        """The summary as lines of text: a table, then the rows skipped and the notes."""
        title = "DedeCMS import" + (" (dry run: nothing was written)" if self.dry_run else "")
        rows = [
            ("", "created", "updated", "unchanged"),
            *(
                (name, *(str(counts[key]) for key in ("created", "updated", "unchanged")))
                for name, counts in (
                    ("columns", self.columns),
                    ("articles", self.articles),
                    ("topics", self.topics),
                )
            ),
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        yield title
        for row in rows:
            yield "  ".join(
                cell.ljust(width) if i == 0 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
        yield "articles by status: " + (
            ", ".join(f"{status} {n}" for status, n in sorted(self.statuses.items())) or "none"
        )
        if self.image_sets:
            yield f"of them image sets (图集), their pictures in galleries: {self.image_sets}"
        yield f"images copied: {self.images_copied}" + (
            f" (no --site-root: {self.images_left_out} article(s) keep their /uploads/ images"
            " and no cover is imported)"
            if self.images_left_out
            else ""
        )
        for heading, listing in (
            ("images missing or not images", self.images_missing),
            ("images still missing since the last run", self.images_still_missing),
        ):
            if listing:
                yield f"{heading}: {len(listing)}"
                for legacy_id, message in listing:
                    yield f"  article {legacy_id}: {message}"
        if self.withdrawn:
            yield f"withdrawn (DedeCMS no longer publishes them): {len(self.withdrawn)}"
            for legacy_id, why in self.withdrawn:
                yield f"  article {legacy_id}: {why}"
        if self.topics_withdrawn:
            count = len(self.topics_withdrawn)
            yield f"topics withdrawn (DedeCMS no longer publishes them): {count}"
            for legacy_id, why in self.topics_withdrawn:
                yield f"  topic {legacy_id}: {why}"
        if self.restored:
            yield f"restored (withdrawn before, back in DedeCMS): {len(self.restored)}"
            for legacy_id in self.restored:
                yield f"  article {legacy_id}"
        if self.other_channels:
            yield "not articles, not imported: " + ", ".join(
                f"channel {channel}: {n}" for channel, n in self.other_channels.items()
            )
        yield f"skipped: {len(self.skipped)}"
        for what, legacy_id, reason in self.skipped:
            yield f"  {what} {legacy_id}: {reason}"
        if self.notes:
            yield f"notes: {len(self.notes)}"
            for what, legacy_id, message in self.notes:
                yield f"  {what} {legacy_id}: {message}"
