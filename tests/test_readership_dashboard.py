"""The editors' readership dashboard (/admin/readership/): its charts and tables against
known daily rows, who sees which figures, its CSV downloads, and charts that say what they
show to those who do not see them."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from news.models import Article
from readership import figures
from readership.models import DailyViews

from .helpers import add_days, text_of

URL = "/admin/readership/"


def views(article, **days_ago):
    add_days(article, timezone.localdate(), **days_ago)


def ago(days):
    return (timezone.localdate() - timedelta(days=days)).isoformat()


@pytest.fixture
def site(demo_tree, make_article, chief_editor, editor):
    """An article by the chief editor in 数据要素 (under 数字经济), one by the writer in
    招标公告, read on known days (the chief's today by one reader, five times)."""
    chiefs = make_article(demo_tree["data-elements"], title="主编的文章", created_by=chief_editor)
    writers = make_article(demo_tree["tenders"], title="记者的文章", created_by=editor)
    views(chiefs, d0=(5, 1), d1=7, d40=100)
    views(writers, d0=2, d6=3)
    return {"chiefs": chiefs, "writers": writers}


def table_rows(page, caption):
    table = re.search(rf"<table[^>]*>\s*<caption>{caption}.*?</table>", page, re.S)
    assert table, f"no table captioned {caption}"
    return [
        [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table.group(0).split("<tbody>")[1], re.S)
    ]


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_per_day_starts_a_day_at_midnight_beijing_time(site, monkeypatch):
    article = site["chiefs"]
    DailyViews.objects.all().delete()
    DailyViews.objects.create(article=article, day=date(2026, 3, 10), views=4)
    DailyViews.objects.create(article=article, day=date(2026, 3, 11), views=6)
    rows = DailyViews.objects.all()

    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 3, 10, 15, 59, 59, tzinfo=UTC))
    assert figures.per_day(rows, 30)[-1] == (date(2026, 3, 10), 4)
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 3, 10, 16, 0, tzinfo=UTC))
    assert figures.per_day(rows, 30)[-2:] == [(date(2026, 3, 10), 4), (date(2026, 3, 11), 6)]


def test_chief_editor_sees_site_views_per_day_as_a_chart_and_a_table(chief_client, site):
    page = chief_client.get(URL).content.decode()

    chart = re.search(r"<svg class=\"readership-chart\".*?</svg>", page, re.S).group(0)
    assert 'role="img"' in chart
    assert '<title id="site-views-title">每日点击，最近 30 天</title>' in chart
    assert "共 17 次点击" in text_of(re.search(r"<desc[^>]*>(.*?)</desc>", chart).group(1))
    assert chart.count("<rect ") == 30  # a bar per day, days without views too
    days = table_rows(page, "图中的数字")
    assert len(days) == 30
    assert days[-1] == [ago(0), "7"]
    assert days[-2] == [ago(1), "7"]
    assert days[-7] == [ago(6), "3"]
    assert days[0] == [ago(29), "0"]


def test_most_read_lists_articles_by_readers_with_their_columns_and_writers(chief_client, site):
    page = chief_client.get(URL).content.decode()

    # Today: two readers read the writer's article, one reader the chief's five times.
    assert table_rows(page, "今天") == [
        ["记者的文章", "招标公告", "editor", "2", "2"],
        ["主编的文章", "数据要素", "chief", "1", "5"],
    ]
    assert table_rows(page, "最近 7 天")[0] == ["主编的文章", "数据要素", "chief", "8", "12"]


def test_views_per_column_add_up_the_sub_columns(chief_client, site):
    page = chief_client.get(URL + "?period=30").content.decode()

    assert table_rows(page, "各栏目点击") == [
        ["专题专栏", "12", "0"],
        ["数字经济", "12", "0"],
        ["数据要素", "12", "12"],
        ["通知公告", "5", "0"],
        ["招标公告", "5", "5"],
    ]


def test_a_writer_sees_only_the_figures_of_their_own_articles(editor_client, site):
    page = editor_client.get(URL).content.decode()

    assert "主编的文章" not in page
    assert table_rows(page, "今天") == [["记者的文章", "招标公告", "editor", "2", "2"]]
    assert table_rows(page, "图中的数字")[-1] == [ago(0), "2"]
    most_read = csv_rows(editor_client.get(URL + "most-read.csv?days=7"))
    assert [row[1] for row in most_read[1:]] == ["记者的文章"]
    # Nor another's on its form or in its download, though the writer may open the form.
    others = f"/admin/news/article/{site['chiefs'].pk}/change/"
    own = f"/admin/news/article/{site['writers'].pk}/change/"
    assert editor_client.get(others).status_code == 200
    assert "readership-chart" not in editor_client.get(others).content.decode()
    assert "readership-chart" in editor_client.get(own).content.decode()
    download = f"/admin/readership/articles/{site['chiefs'].pk}.csv"
    assert editor_client.get(download).status_code == 403


def test_staff_without_articles_and_readers_are_refused(client, django_user_model, site):
    auditor = django_user_model.objects.create_user("auditor", is_staff=True)
    auditor.groups.add(Group.objects.get(name="审计员"))
    client.force_login(auditor)

    assert client.get(URL).status_code == 403
    assert client.get(URL + "views-per-day.csv").status_code == 403
    assert "/admin/readership/" not in client.get("/admin/").content.decode()
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page


def test_the_admin_index_links_to_the_dashboard(chief_client, admin_client, site):
    for staff in (chief_client, admin_client):
        assert 'href="/admin/readership/"' in staff.get("/admin/").content.decode()
    assert admin_client.get(URL).status_code == 200


@pytest.mark.parametrize("query", ["?days=7", "?days=abc", "?period=12", "?days="])
def test_an_unknown_period_answers_404(chief_client, site, query):
    assert chief_client.get(URL + query).status_code == 404


def test_the_csv_downloads_hold_the_tables_figures(chief_client, site):
    per_day = csv_rows(chief_client.get(URL + "views-per-day.csv?days=90"))
    most_read = csv_rows(chief_client.get(URL + "most-read.csv?days=30"))
    columns = csv_rows(chief_client.get(URL + "columns.csv?period=365"))

    assert per_day[0] == ["日期", "点击"]
    assert len(per_day) == 91
    assert per_day[-1] == [ago(0), "7"]
    assert per_day[-41] == [ago(40), "100"]
    assert most_read == [
        ["名次", "标题", "栏目", "作者", "读者", "点击"],
        ["1", "主编的文章", "数据要素", "chief", "8", "12"],
        ["2", "记者的文章", "招标公告", "editor", "5", "5"],
    ]
    assert columns[1] == ["专题专栏", "112", "0"]
    assert columns[3] == ["专题专栏 / 数字经济 / 数据要素", "112", "112"]


def test_a_title_that_a_spreadsheet_would_run_is_quoted(chief_client, site):
    site["writers"].title = "=HYPERLINK(1)"
    site["writers"].save()

    rows = csv_rows(chief_client.get(URL + "most-read.csv?days=1"))

    assert rows[1][1] == "'=HYPERLINK(1)"


def test_the_article_form_shows_its_last_30_days(chief_client, site):
    article = site["chiefs"]
    Article.objects.filter(pk=article.pk).update(view_count=112 + 40)  # 40 before statistics

    page = chief_client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    chart = re.search(r'<svg class="readership-chart small".*?</svg>', page, re.S).group(0)

    assert chart.count("<rect ") == 30
    assert re.search(r'<link href="[^"]*readership/dashboard[^"]*\.css"', page)  # drawn styled
    assert "<title" in chart
    assert "统计前的点击：40" in page
    assert table_rows(page, "每日点击")[-2:] == [[ago(1), "7"], [ago(0), "5"]]
    download = csv_rows(chief_client.get(f"/admin/readership/articles/{article.pk}.csv"))
    assert download[-1] == [ago(0), "5"]


def test_the_article_forms_chart_stands_its_days_on_a_zero_line(
    chief_client, demo_tree, make_article
):
    """One view today: 29 days of none before it, on the chart's line, not a blank."""
    article = make_article(demo_tree["tenders"], title="只读过一次的文章")
    views(article, d0=1)

    page = chief_client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    chart = re.search(r'<svg class="readership-chart small".*?</svg>', page, re.S).group(0)

    line = re.search(r'<line x1="0" y1="([\d.]+)" x2="300" y2="\1">', chart)
    assert line
    bars = [
        (float(y), float(height))
        for y, height in re.findall(r'<rect [^>]*y="([\d.]+)" [^>]*height="([\d.]+)"', chart)
    ]
    assert len(bars) == 30
    assert {y + height for y, height in bars} == {float(line.group(1)) - 0.5}
    assert [height > 0 for _y, height in bars] == [False] * 29 + [True]


def test_todays_views_show_at_once_beside_the_kept_past_days(chief_client, site):
    chief_client.get(URL)  # the days before today are kept from here on
    today = DailyViews.objects.get(article=site["writers"], day=timezone.localdate())
    today.views += 10
    today.save()

    page = chief_client.get(URL).content.decode()

    assert table_rows(page, "图中的数字")[-1] == [ago(0), "17"]
    assert table_rows(page, "今天")[0] == ["记者的文章", "招标公告", "editor", "2", "12"]


def test_a_chart_without_views_says_zero_once(chief_client, db):
    page = chief_client.get(URL).content.decode()
    chart = re.search(r'<svg class="readership-chart".*?</svg>', page, re.S).group(0)
    axis = re.search(r'<g class="axis".*?</g>', chart, re.S).group(0)

    assert re.findall(r">(\d+)</text>", axis) == ["0"]


def test_a_column_name_is_shown_as_text_in_the_views_per_column(chief_client, site, demo_tree):
    column = demo_tree["tenders"]
    column.name = '<img src=x onerror="alert(1)">公告'
    column.save()
    page = chief_client.get(URL + "?period=30").content.decode()

    assert "<img src=x" not in page
    assert ["&lt;img src=x onerror=&quot;alert(1)&quot;&gt;公告", "5", "5"] in [
        [re.sub(r"<[^>]+>", "", cell) for cell in row]
        for row in re.findall(
            r'<tr><th scope="row" class="level-\d">(.*?)</th><td class="number">(.*?)</td>'
            r'<td class="number">(.*?)</td></tr>',
            page,
        )
    ]
