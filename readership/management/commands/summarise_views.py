from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from readership import dashboard, summaries


def day(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Not a day (YYYY-MM-DD): {text!r}") from None


class Command(BaseCommand):
    help = (
        "Write the summaries of the site's and the columns' views per day (the dashboard's) "
        "for the settled days of the last year that have none, and keep the dashboard's "
        "figures of them in the cache for the day; with --from, write them again from that "
        "day on (after daily views were imported or corrected)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", type=day, help="YYYY-MM-DD")

    def handle(self, first=None, **options):
        last = summaries.last_settled()
        if first is None:
            summaries.fill(last - timedelta(days=summaries.KEPT_DAYS - 1), last)
            dashboard.prepare()
            self.stdout.write(self.style.SUCCESS(f"Summaries written up to {last}."))
            return
        if first > last:
            raise CommandError(f"{first} is not settled yet: the latest settled day is {last}.")
        written = summaries.rewrite(first)
        dashboard.prepare()
        self.stdout.write(self.style.SUCCESS(f"{written} days summarised again, up to {last}."))
