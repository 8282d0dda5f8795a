"""`manage.py` for a checkout and the `newscms` command of an installed wheel: Django's
management commands with the production settings unless DJANGO_SETTINGS_MODULE says
otherwise."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
