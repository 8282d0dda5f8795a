"""Django's makemessages, also finding the messages marked with revision_comments.pgettext_noop
(a message and its context kept in no language, for a revision's comment)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=pgettext_noop:1c,2"]
