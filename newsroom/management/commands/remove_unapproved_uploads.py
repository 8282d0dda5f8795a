from django.core.management.base import BaseCommand, CommandError

from newsroom.unapproved_uploads import remove_unapproved

DAYS = 30


class Command(BaseCommand):
    help = (
        "Remove the staff uploads that waited for approval (pending/: editor images and "
        "documents, the pictures and covers of drafts and of proposed changes) for more "
        "than --days days and that no draft, change in review, picture or cover shows any "
        "more. Run it daily "
        "(docs/deploy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=DAYS, help=f"age in days (default {DAYS})")
        parser.add_argument("--dry-run", action="store_true", help="list, remove nothing")

    def handle(self, days, dry_run, **options):
        if days < 1:
            raise CommandError("--days takes a number of days, 1 or more")
        names = remove_unapproved(days, dry_run=dry_run)
        for name in names:
            self.stdout.write(name)
        said = "would remove" if dry_run else "removed"
        self.stdout.write(
            self.style.SUCCESS(f"{said} {len(names)} unapproved uploads older than {days} days")
        )
