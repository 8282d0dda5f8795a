"""The word list's automaton, built once per process and built again when the list changed
in any process: its version is a content version (sitecache), raised by every change."""

from sitecache import versions
from sitecache.models import ContentVersion

from .matching import Matcher

VERSION = "sensitive_words"

# (version, matcher) of the list this process last built.
built = (None, None)


def changed(**kwargs):
    """The list changed: every process builds its automaton again at its next check."""
    versions.bump(VERSION)


def current_version():
    row = ContentVersion.objects.filter(name=VERSION).values_list("version", flat=True)
    return row.first() or 0


def matcher():
    """The automaton of the list as it is now (one small query to know)."""
    global built
    version, found = built
    now = current_version()
    if found is None or version != now:
        from .models import SensitiveWord

        found = Matcher(SensitiveWord.objects.values_list("word", "level").iterator())
        built = (now, found)
    return found
