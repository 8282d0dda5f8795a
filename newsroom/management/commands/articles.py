from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from auditlog.context import unit as audit_unit
from categories.models import Category
from news.models import Article
from newsroom import rights, workflow
from newsroom.actions import operations

BATCH = 1000


class Command(BaseCommand):
    help = (
        "Run one of the article list's bulk actions on any number of articles, in batches, "
        "as a named member of staff: the workflow's rules and the revisions hold as in the "
        "list. For selections larger than BULK_ACTION_LIMIT."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=sorted(operations()))
        parser.add_argument("--user", required=True, help="the username it acts as")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--ids", help="article ids, comma-separated")
        which.add_argument("--column", help="the articles of a column (slug) and its sub-columns")
        which.add_argument("--all", action="store_true", help="every article the user may reach")
        parser.add_argument("--to", help="move_to_column: the column (slug) to move them to")
        parser.add_argument("--batch", type=int, default=BATCH, help="articles a transaction")

    def handle(self, action, user, ids, column, to, batch, **options):
        if batch < 1:
            raise CommandError("--batch takes a number of articles, 1 or more")
        target = None
        if action == "move_to_column":
            target = self.column(to) if to else None
            if target is None:
                raise CommandError("move_to_column needs --to COLUMN")
        permission, operation = operations(target)[action]
        user = self.staff_member(user, permission)
        if target is not None and not rights.reaches(user, target.pk):
            raise CommandError(f"{user.username} does not work in the column {to!r}")
        articles = self.articles(user, ids, column)
        pks = list(articles.order_by("pk").values_list("pk", flat=True))
        changed = left_out = done = 0
        # The site's language: the revisions' comments read as the list's would. The audit
        # log names the user as the one who acted.
        with (
            translation.override(settings.LANGUAGE_CODE),
            audit_unit(user=user, command="articles"),
        ):
            for start in range(0, len(pks), batch):
                chunk = pks[start : start + batch]
                outcome = operation(user, Article.objects.filter(pk__in=chunk))
                changed, left_out = changed + outcome.changed, left_out + outcome.left_out
                done += len(chunk)
                self.stdout.write(f"{action}: {done}/{len(pks)} done, {changed} changed")
        self.stdout.write(
            self.style.SUCCESS(f"{action}: {changed} changed, {left_out} left out by the workflow")
        )

    def staff_member(self, username, permission):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None or not user.is_staff:
            raise CommandError(f"no active staff member {username!r}")
        allowed = (
            workflow.can_publish(user)
            if permission == "publish"
            else user.has_perm("news.change_article")
        )
        if not allowed:
            raise CommandError(f"{username} may not do this (the list does not offer it to them)")
        return user

    def articles(self, user, ids, column):
        articles = Article.objects.all()
        if ids is not None:
            try:
                pks = {int(pk) for pk in ids.split(",") if pk.strip()}
            except ValueError as error:
                raise CommandError(f"--ids takes numbers separated by commas: {ids!r}") from error
            articles = articles.filter(pk__in=pks)
        elif column is not None:
            articles = articles.in_column(self.column(column))
        return rights.within_reach(user, articles)

    def column(self, slug):
        column = Category.objects.filter(slug=slug).first()
        if column is None:
            raise CommandError(f"no column {slug!r}")
        return column
