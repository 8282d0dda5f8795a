"""The editors' readership dashboard in the admin (/admin/readership/): site views per day,
the most read articles, views per column, each chart beside a table of its figures and each
table downloadable as CSV. Chief editors and superusers see every article's figures; a
writer sees those of the articles they wrote; anyone else is refused."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from config.spreadsheets import safe_cell as csv_cell
from news.models import Article
from newsroom.display import person
from newsroom.workflow import PUBLISH_PERMISSION

from . import charts, figures, summaries, windows
from .models import DailyViews

CHART_DAYS = (30, 90, 365)
COLUMN_DAYS = (1, 7, 30, 90, 365)
MOST_READ_DAYS = (1, 7, 30)


def visible_rows(user):
    """The daily rows the user may read: every article's for chief editors (who publish)
    and superusers, a writer's own articles' for writers; PermissionDenied for others."""
    if user.has_perm(PUBLISH_PERMISSION):
        return DailyViews.objects.all()
    if user.has_perm("news.add_article") or user.has_perm("news.change_article"):
        return DailyViews.objects.filter(article__created_by=user)
    raise PermissionDenied


def scope_of(user):
    """The name of the rows visible_rows() gives the user, under which their figures are
    kept."""
    return figures.EVERY_ARTICLE if user.has_perm(PUBLISH_PERMISSION) else f"writer-{user.pk}"


def may_see_figures_of(user, article):
    """Whether the user may read the article's figures: by the rule of visible_rows()."""
    return user.has_perm(PUBLISH_PERMISSION) or (
        article.created_by_id == user.pk and may_see_dashboard(user)
    )


def may_see_dashboard(user):
    try:
        visible_rows(user)
    except PermissionDenied:
        return False
    return True


def article_chart(article):
    """An article's last 30 days, for its change form: (chart, figures, before statistics)."""
    series = figures.per_day(DailyViews.objects.filter(article=article), 30)
    title = _("Views per day, %(window)s") % {"window": window_name(30)}
    chart = charts.day_chart(series, title, "article-views", small=True)
    return {
        "chart": chart,
        "rows": charts.day_rows(series),
        "before": figures.before_statistics(article),
    }


def article_sparklines(articles):
    """{article id: a line of its last 30 days} for a page of the article list, in one
    query."""
    series = figures.per_day_of_articles([article.pk for article in articles], 30)
    return {
        pk: charts.sparkline(
            days,
            _("Views per day, %(window)s: %(total)s in all")
            % {"window": window_name(30), "total": number_format(sum(v for _d, v in days))},
        )
        for pk, days in series.items()
    }


def prepare():
    """Every article's figures of each period the dashboard offers, summarised, ranked and
    kept now (manage.py summarise_views, after midnight) rather than by the first view of
    the day."""
    for kind in (windows.ARTICLES, windows.COLUMNS):
        for days in kind.windows:
            windows.roll(kind, days, summaries.last_settled())
    rows = DailyViews.objects.all()
    for days in CHART_DAYS:
        figures.per_day(rows, days, figures.EVERY_ARTICLE)
    for days in COLUMN_DAYS:
        figures.summed(rows, days, figures.COLUMN, figures.EVERY_ARTICLE)
    figures.most_read_of(rows, MOST_READ_DAYS, scope=figures.EVERY_ARTICLE)


def chosen(request, name, choices, default):
    """The number of days asked for in `name`, one of `choices` (`default` when absent); an
    address with another answers 404."""
    value = request.GET.get(name)
    if value is None:
        return default
    try:
        days = int(value)
    except ValueError:
        raise Http404(_("No such period.")) from None
    if days not in choices:
        raise Http404(_("No such period."))
    return days


def window_name(days):
    if days == 1:
        return _("today")
    return _("the last %(days)d days") % {"days": days}


def dashboard(request, site):
    rows, scope = visible_rows(request.user), scope_of(request.user)
    days = chosen(request, "days", CHART_DAYS, 30)
    period = chosen(request, "period", COLUMN_DAYS, 7)
    series = figures.per_day(rows, days, scope)
    everyone = request.user.has_perm(PUBLISH_PERMISSION)
    title = _("Views per day, %(window)s") % {"window": window_name(days)}
    context = {
        **site.each_context(request),
        "title": _("Readership"),
        "everyone": everyone,
        "days": days,
        "chart_days": CHART_DAYS,
        "period": period,
        "column_days": [(choice, window_name(choice)) for choice in COLUMN_DAYS],
        "site_chart": charts.day_chart(series, title, "site-views"),
        "site_title": title,
        "site_rows": charts.day_rows(series),
        "most_read": [
            (choice, window_name(choice), found)
            for choice, found in figures.most_read_of(rows, MOST_READ_DAYS, scope=scope).items()
        ],
        "column_rows": column_rows(figures.per_column(rows, period, request.columns, scope)),
        "period_name": window_name(period),
    }
    return TemplateResponse(request, "readership/dashboard.html", context)


def column_rows(columns):
    """The rows of the table of views per column (figures.per_column), indented by level:
    joined as plain strings with each name escaped (format_html for each of a thousand
    columns took a tenth of a first view's time)."""
    figure = charts.whole_number_format()
    return mark_safe(
        "".join(
            f'<tr><th scope="row" class="level-{column.level:d}">{escape(column.name)}</th>'
            f'<td class="number">{figure(total)}</td><td class="number">{figure(own)}</td></tr>'
            for column, total, own in columns
        )
    )


def csv_response(name, header, lines):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.csv"'
    )
    response.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(lines)
    return response


def site_csv(request, site):
    rows, scope = visible_rows(request.user), scope_of(request.user)
    days = chosen(request, "days", CHART_DAYS, 30)
    lines = [
        (date_format(day, "Y-m-d"), views) for day, views in figures.per_day(rows, days, scope)
    ]
    return csv_response(f"views-per-day-{days}", [_("day"), _("views")], lines)


def most_read_csv(request, site):
    rows, scope = visible_rows(request.user), scope_of(request.user)
    days = chosen(request, "days", MOST_READ_DAYS, 1)
    lines = [
        (
            rank,
            csv_cell(article.title),
            csv_cell(article.column.name),
            csv_cell(writer(article)),
            readers,
            views,
        )
        for rank, (article, readers, views) in enumerate(
            figures.most_read(rows, days, scope=scope), start=1
        )
    ]
    header = [_("rank"), _("title"), _("column"), _("writer"), _("readers"), _("views")]
    return csv_response(f"most-read-{days}", header, lines)


def columns_csv(request, site):
    rows, scope = visible_rows(request.user), scope_of(request.user)
    days = chosen(request, "period", COLUMN_DAYS, 7)
    tree = request.columns
    lines = [
        (csv_cell(tree.path(column.pk)), total, own)
        for column, total, own in figures.per_column(rows, days, tree, scope)
    ]
    header = [_("column"), _("views with its sub-columns"), _("views of its own articles")]
    return csv_response(f"views-per-column-{days}", header, lines)


def article_csv(request, site, pk):
    """An article's last 30 days (its change form's chart), for whoever may read its
    figures."""
    article = Article.objects.filter(pk=pk).first()
    if article is None:
        raise Http404(_("No such article."))
    if not may_see_figures_of(request.user, article):
        raise PermissionDenied
    series = figures.per_day(DailyViews.objects.filter(article=article), 30)
    lines = [(date_format(day, "Y-m-d"), views) for day, views in series]
    return csv_response(f"article-{article.pk}-views-per-day", [_("day"), _("views")], lines)


def writer(article):
    """Who wrote the article: its author line, else the account that made it."""
    return article.author or person(article.created_by)


def urls(site):
    """The dashboard's addresses, under the admin site `site`."""

    def view(function):
        return site.admin_view(lambda request: function(request, site))

    return [
        path("readership/", view(dashboard), name="readership_dashboard"),
        path("readership/views-per-day.csv", view(site_csv), name="readership_site_csv"),
        path("readership/most-read.csv", view(most_read_csv), name="readership_most_read_csv"),
        path("readership/columns.csv", view(columns_csv), name="readership_columns_csv"),
        path(
            "readership/articles/<int:pk>.csv",
            site.admin_view(lambda request, pk: article_csv(request, site, pk)),
            name="readership_article_csv",
        ),
    ]
