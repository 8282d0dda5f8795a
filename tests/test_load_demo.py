"""manage.py load_demo: the seed page's column tree and the sample articles, idempotently."""

import json
from collections import defaultdict
from datetime import date, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from categories.models import Category
from news.management.commands.load_demo import DEMO_ARTICLES
from news.models import Article

SEED_CHILDREN = [
    "高新院新闻",
    "政策解读",
    "高新区新闻",
    "区域经济研究",
    "经济开发区新闻",
    "科技创新",
    "战略性新兴产业研究",
    "行业洞见",
    "一带一路新闻",
    "智慧城市案例",
    "产业规划",
    "园区规划",
    "智慧城市news",
]
SEED_TITLE = "产业集群|创新合作动能澎湃 六城携手打造产业集群都市圈"


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def loaded(db):
    load_demo()


def test_demo_data_file_is_there():
    assert DEMO_ARTICLES.is_file(), f"{DEMO_ARTICLES} is missing"
    lines = [text for text in DEMO_ARTICLES.read_text(encoding="utf-8").splitlines() if text]
    assert all(isinstance(json.loads(text), dict) for text in lines)


def test_news_centre_has_the_seed_pages_13_children_in_order(loaded):
    news = Category.objects.get(name="新闻中心", parent=None)
    assert [c.name for c in news.get_children()] == SEED_CHILDREN


def test_there_are_other_top_level_columns(loaded):
    roots = list(Category.objects.filter(parent=None).values_list("name", flat=True))
    assert "新闻中心" in roots
    assert len(roots) >= 3


def test_demo_has_at_least_60_articles_in_several_columns(loaded):
    assert Article.objects.count() >= 60
    assert Article.objects.published().count() >= 55
    used_columns = set(Article.objects.values_list("column__name", flat=True))
    assert len(used_columns) >= 10
    assert len(set(Article.objects.values_list("source", flat=True))) >= 3


def test_the_seed_article_is_present(loaded):
    article = Article.objects.get(title=SEED_TITLE)
    assert article.source == "高新院 achie.org"
    assert article.published_at.astimezone(ZoneInfo("Asia/Shanghai")).date() == date(2023, 1, 5)
    assert article.column.name == "产业规划"
    assert article.column.parent.name == "新闻中心"
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert "<p>" in article.body
    assert article.summary


def test_demo_shows_every_flag_and_a_couple_of_drafts(loaded):
    public = Article.objects.published()
    assert public.pinned().count() >= 2
    assert public.headlines().count() >= 3
    assert public.recommended().count() >= 4
    assert public.slideshow().count() >= 3
    assert public.filter(bold_title=True).exists()
    drafts = Article.objects.filter(status=Article.Status.DRAFT).count()
    assert 1 <= drafts <= 10


def test_articles_have_view_counts_keywords_and_summaries(loaded):
    assert Article.objects.filter(view_count__gt=0).count() >= 50
    assert Article.objects.exclude(keywords="").count() >= 50
    assert not Article.objects.filter(summary="").exists()
    counts = set(Article.objects.values_list("view_count", flat=True))
    assert len(counts) >= 30  # not one number copied everywhere


def test_demo_articles_share_keywords_so_related_lists_are_filled(loaded):
    seed = Article.objects.get(title=SEED_TITLE)
    related = Article.objects.published().article_links(seed, 6)[2]
    assert len(related) >= 3
    assert seed not in related


def test_bodies_are_clean_and_titles_unique(loaded):
    for body in Article.objects.values_list("body", flat=True):
        assert "<script" not in body.lower()
        assert "javascript:" not in body.lower()
    titles = list(Article.objects.values_list("title", flat=True))
    assert len(titles) == len(set(titles))


def test_loading_twice_changes_nothing(db):
    load_demo()
    columns = list(Category.objects.order_by("tree_id", "lft").values_list("slug", "lft", "rght"))
    articles = dict(Article.objects.values_list("title", "view_count"))
    out = load_demo()
    assert (
        list(Category.objects.order_by("tree_id", "lft").values_list("slug", "lft", "rght"))
        == columns
    )
    assert dict(Article.objects.values_list("title", "view_count")) == articles
    assert "0 columns and 0 articles created" in out


def test_loading_again_brings_back_no_article_that_editors_renamed_or_deleted(db):
    load_demo()
    Article.objects.filter(title=SEED_TITLE).update(title="编辑改过的标题")
    Article.objects.filter(status=Article.Status.DRAFT).delete()
    titles = set(Article.objects.values_list("title", flat=True))

    load_demo()

    assert set(Article.objects.values_list("title", flat=True)) == titles


def test_loading_keeps_hits_counted_since_the_last_load(db):
    load_demo()
    seed = Article.objects.get(title=SEED_TITLE)
    Article.objects.filter(pk=seed.pk).update(view_count=seed.view_count + 3)
    load_demo()
    seed_again = Article.objects.get(title=SEED_TITLE)
    assert seed_again.pk == seed.pk
    assert seed_again.view_count == seed.view_count + 3


def assert_valid_tree():
    nodes = defaultdict(list)
    for tree_id, lft, rght, level, parent_id, pk in Category.objects.values_list(
        "tree_id", "lft", "rght", "level", "parent_id", "pk"
    ):
        nodes[tree_id].append((lft, rght, level, parent_id, pk))
    by_pk = {n[4]: n for tree in nodes.values() for n in tree}
    for tree_id, tree in nodes.items():
        bounds = sorted(value for lft, rght, *_ in tree for value in (lft, rght))
        assert bounds == list(range(1, 2 * len(tree) + 1)), tree_id
        roots = [n for n in tree if n[3] is None]
        assert len(roots) == 1, tree_id
        for lft, rght, level, parent_id, _pk in tree:
            assert lft < rght
            if parent_id is not None:
                p_lft, p_rght, p_level, *_ = by_pk[parent_id]
                assert p_lft < lft and rght < p_rght
                assert level == p_level + 1
            else:
                assert level == 0


def test_the_column_tree_is_consistent(db):
    load_demo()
    assert_valid_tree()
    load_demo()
    assert_valid_tree()


def test_load_demo_keeps_columns_that_already_exist(db):
    Category.objects.create(name="新闻中心", slug="news")
    load_demo()
    assert Category.objects.filter(slug="news").count() == 1
    news = Category.objects.get(slug="news")
    assert [c.name for c in news.get_children()] == SEED_CHILDREN
    assert_valid_tree()


def test_the_demo_articles_have_60_days_of_views_once(db):
    from django.db.models import Sum

    from readership.figures import before_statistics
    from readership.lists import most_read
    from readership.models import DailyViews

    load_demo()
    days = DailyViews.objects.values_list("day", flat=True)
    read = set(DailyViews.objects.values_list("article", flat=True))
    rows = DailyViews.objects.count()
    totals = dict(Article.objects.values_list("pk", "view_count"))

    # every day of the last 60 has views; today's may not have any yet just after 00:00
    today = timezone.localdate()
    past = {today - timedelta(days=n) for n in range(1, 60)}
    assert past <= set(days) <= past | {today}
    assert read == set(Article.objects.published().values_list("pk", flat=True))
    assert len(most_read(7)) == 10 and len(most_read(30)) == 10
    seed = Article.objects.get(title=SEED_TITLE)
    imported = next(
        json.loads(line)["view_count"]
        for line in DEMO_ARTICLES.read_text(encoding="utf-8").splitlines()
        if json.loads(line)["title"] == SEED_TITLE
    )
    assert before_statistics(seed) == imported  # the imported total, apart from its days
    load_demo()
    assert DailyViews.objects.count() == rows
    assert DailyViews.objects.aggregate(views=Sum("views"))["views"] > 0
    assert dict(Article.objects.values_list("pk", "view_count")) == totals


def test_the_demo_has_image_sets_that_a_second_load_leaves_as_they_are(db, client):
    from gallery.models import Picture

    load_demo()
    sets = Article.objects.filter(pictures__isnull=False).distinct()
    assert sets.count() == 2
    pictures = list(Picture.objects.values_list("pk", "image", "caption"))
    assert len(pictures) >= 6 and all(caption for _pk, _image, caption in pictures)

    output = load_demo()

    assert "0 pictures of image sets" in output
    assert list(Picture.objects.values_list("pk", "image", "caption")) == pictures
    page = client.get(sets.filter(status=Article.Status.PUBLISHED).first().get_absolute_url())
    assert 'class="image-set"' in page.content.decode()
