"""What follows a write that the readership's figures depend on."""

from sitecache import versions

from . import summaries


def day_changed(sender, instance, raw=False, **kwargs):
    """A settled day's row saved by hand: its summaries are written again when next read."""
    summaries.forget([instance.day])


def lists_changed(sender, instance, **kwargs):
    """A pin or an exclusion: the readers' lists (kept under the articles' version) are
    made again."""
    versions.bump(versions.ARTICLES)
