from django import template

from newsroom import display, revision_comments

register = template.Library()

register.filter("person", display.person)
# A revision's (or a decision's) comment in the reader's language.
register.filter("comment", revision_comments.shown)
