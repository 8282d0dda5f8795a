from django import template

from newsroom import display

register = template.Library()

register.filter("person", display.person)
