"""An article page's link walks read by the statement composed once per shape
(news.link_statements) find exactly what the ORM's UNION finds (news.models.read_walks):
the same articles, fields, order and walk names, on either database."""

from datetime import timedelta

import pytest
from django.utils import timezone

from news import link_statements
from news.models import Article, link_limits, read_walks

WORDS = [f"词{n}" for n in range(12)]


def described(found):
    """Each walk's links as a reader's page and a later cache read would see them."""
    return [
        (
            name,
            [
                (
                    type(link),
                    link.pk,
                    link.title,
                    link.published_at,
                    link.walk,
                    link.get_deferred_fields(),
                    link._state.db,
                    link._state.adding,
                )
                for link in links
            ],
        )
        for name, links in found.items()
    ]


def by_orm(article, limits):
    walks = Article.objects.published().link_walks(article)
    return read_walks({name: (walks[name][0], limit) for name, limit in limits.items()})


@pytest.fixture
def articles(demo_tree, make_article):
    """Articles of a column and of its subtree: with no keyword, one, ten and more; the
    newest and the oldest of their column; expired, future and draft ones around them."""
    now = timezone.now()
    made = []
    for slug in ("topics", "digital-economy", "data-elements", "industry-planning"):
        column = demo_tree[slug]
        for n in range(14):
            made.append(
                make_article(
                    column,
                    keywords=",".join(WORDS[: n % 13]),
                    published_at=now - timedelta(hours=n, minutes=len(made)),
                )
            )
        make_article(column, keywords=",".join(WORDS), expires_at=now - timedelta(hours=1))
        make_article(column, keywords=WORDS[0], published_at=now + timedelta(days=1))
        make_article(column, keywords=WORDS[1], status=Article.Status.DRAFT)
    # Two of the same time: the walks order them by id.
    made.append(make_article(demo_tree["topics"], keywords=WORDS[2], published_at=now))
    made.append(make_article(demo_tree["topics"], keywords=WORDS[2], published_at=now))
    return list(Article.objects.with_keyword_ids().filter(pk__in=[a.pk for a in made]))


def shapes(article):
    """The walks of the article a page reads: all of them, and those the cache leaves."""
    limits = link_limits(article, 8)
    own = {name: limits[name] for name in ("previous", "next")}
    keywords = [name for name in limits if name.startswith("keyword:")]
    yield limits
    yield own
    yield own | {name: limits[name] for name in keywords[1::2]}
    yield {name: limit for name, limit in limits.items() if name not in own}
    yield {}


def test_the_composed_statement_finds_what_the_orm_finds(articles):
    keyword_counts = {len(article.keyword_ids) for article in articles}
    assert {0, 1, 10, 12} <= keyword_counts
    compared = 0
    for article in articles:
        for limits in shapes(article):
            assert described(link_statements.read(article, limits)) == described(
                by_orm(article, limits)
            )
            compared += 1
    assert compared == 5 * len(articles)


def test_the_first_and_last_of_a_column_and_the_hidden_are_left_out(articles):
    newest = max(articles, key=lambda article: (article.published_at, article.pk))
    found = link_statements.read(newest, link_limits(newest, 8))
    assert found["next"] == []
    assert len(found["previous"]) == 1
    assert found == by_orm(newest, link_limits(newest, 8))
    hidden = Article.objects.exclude(pk__in=Article.objects.published()).values_list("pk")
    for links in found.values():
        assert not {link.pk for link in links} & {pk for (pk,) in hidden}


def test_a_shape_is_composed_once_for_every_article_of_it(articles, monkeypatch):
    one, other = [a for a in articles if len(a.keyword_ids) == 3][:2]
    link_statements.read(one, link_limits(one, 8))

    def compose_again(walks):
        raise AssertionError(f"composed again for {list(walks)}")

    monkeypatch.setattr(link_statements, "walks_union", compose_again)
    found = link_statements.read(other, link_limits(other, 8))
    assert found == by_orm(other, link_limits(other, 8))
