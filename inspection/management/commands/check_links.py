from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from inspection import links


class Command(BaseCommand):
    help = (
        "Check every link in public articles' bodies and keep the broken ones for staff "
        "(admin: Broken links). Meant for a daily timer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=10, help="seconds to wait for a server (10)"
        )
        parser.add_argument("--concurrency", type=int, default=8, help="links checked at once (8)")

    def handle(self, *args, timeout, concurrency, **options):
        if timeout <= 0 or concurrency < 1:
            raise CommandError("--timeout must be above 0 and --concurrency at least 1.")
        found = links.public_links()
        broken = links.check(found, timeout, concurrency)
        with transaction.atomic():
            links.record(broken)
        message = (
            f"{len(found)} links in public articles checked, "
            f"{len(set(found.values()))} addresses: {len(broken)} broken."
        )
        self.stdout.write(self.style.WARNING(message) if broken else self.style.SUCCESS(message))
