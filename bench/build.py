"""Build the benchmark's large database fast: bulk inserts and one tree rebuild.

The demo's columns and articles come first (through the real importer), then generated
columns four levels deep under them and beside them, then generated articles with ~3 KB
Chinese bodies, keywords and dates spread over ten years, a fifth of them in one long
column. On PostgreSQL the article table's secondary indexes are dropped during the inserts
and built once at the end. Each batch's keyword rows are written as every save writes them,
so that related articles and tag pages read what they read on a real site.
"""

import random
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from categories.demo import ensure_demo_tree
from categories.models import Category
from categories.tree import ColumnTree
from news.importing import import_lines
from news.keywords import ArticleKeyword
from news.management.commands.load_demo import DEMO_ARTICLES
from news.models import Article
from news.search_index import search_grams

BATCH = 2_000
YEARS = 10
# A word every body has, one few have, and a search of eight words (bench/run.py uses them).
COMMON_WORD = "产业"
RARE_WORD = "石墨烯薄膜"
RARE_EVERY = 5_000
# A portal's columns are uneven: one article in five goes to the seed article's column, so
# that one leaf column holds tens of thousands, where a walk that does not start at the
# article it is asked about (previous and next) shows.
LONG_COLUMN = "industry-planning"
LONG_COLUMN_SHARE = 0.2
PHRASES = (
    "产业集群加快形成",
    "园区规划持续优化",
    "数字经济赋能实体经济",
    "科技创新成果转化提速",
    "区域协同发展迈出新步伐",
    "高新区营商环境不断改善",
    "战略性新兴产业规模扩大",
    "智慧城市建设稳步推进",
    "一带一路合作项目落地",
    "政策解读帮助企业用好红利",
    "开发区招商引资成效明显",
    "研发投入强度再创新高",
    "人才引进政策更加精准",
    "绿色低碳转型步伐加快",
    "产业链供应链韧性增强",
    "专精特新企业梯度培育",
    "都市圈交通网络日益完善",
    "数据要素市场规则逐步建立",
    "乡村振兴与产业发展相互促进",
    "公共服务平台为中小企业服务",
)
KEYWORDS = [
    "产业集群",
    "都市圈",
    "数字经济",
    "科技创新",
    "园区规划",
    "高新区",
    "开发区",
    "智慧城市",
    "一带一路",
    "政策解读",
    "新能源",
    "新材料",
    "生物医药",
    "集成电路",
    "人工智能",
    "低空经济",
    "营商环境",
    "招商引资",
    "人才",
    "研发",
    "乡村振兴",
    "数据要素",
    "绿色低碳",
    "专精特新",
    "供应链",
    "自贸区",
    "跨境电商",
    "文化旅游",
    "先进制造",
    "现代服务业",
]
SOURCES = ("高新院 achie.org", "经济日报", "新华社", "人民网", "科技日报", "本站")


def build(articles, seed=7):
    """Fill an empty, migrated database; return (columns, articles) created."""
    rng = random.Random(seed)
    ensure_demo_tree()
    report = import_lines(DEMO_ARTICLES.read_text(encoding="utf-8").splitlines(), ColumnTree.load())
    if report.errors:
        raise RuntimeError(f"demo data is broken: {report.errors[:3]}")
    columns = build_columns()
    long_column = Category.objects.get(slug=LONG_COLUMN)
    with without_secondary_indexes(), transaction.atomic():
        insert_articles(rng, columns, long_column, articles - report.created)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE news_article")
            cursor.execute("VACUUM ANALYZE news_articlekeyword")
            cursor.execute("VACUUM ANALYZE categories_category")
    else:
        connection.gather_statistics()  # config.sqlite3, as import_dedecms does
    return Category.objects.count(), Article.objects.count()


# Branching factors of the generated columns: under each of 新闻中心's 13 children, and of new
# top-level columns; with the demo's 23 this makes 1,060 columns four levels deep.
UNDER_NEWS = (4, 4)
NEW_TOPS = (3, 6, 6, 6)


def build_columns():
    """Generated columns, bulk-inserted level by level, then one tree rebuild."""
    news = Category.objects.get(slug="news")
    level = [(child, UNDER_NEWS) for child in Category.objects.filter(parent=news)]
    level.append((None, NEW_TOPS))
    serial = 0
    while level:
        new = []
        for parent, (count, *rest) in level:
            for n in range(count):
                serial += 1
                name = f"{parent.name}·{n + 1}" if parent else f"专题{serial}"
                column = Category(
                    name=name[-60:],
                    slug=f"b{serial}",
                    parent=parent,
                    lft=0,
                    rght=0,
                    tree_id=0,
                    level=0,
                )
                new.append((column, rest))
        Category.objects.bulk_create([column for column, _ in new])
        level = [(column, rest) for column, rest in new if rest]
    Category.objects.rebuild()
    return list(Category.objects.all())


def insert_articles(rng, columns, long_column, count):
    now = timezone.now()
    span = int(timedelta(days=365 * YEARS).total_seconds())
    for start in range(0, count, BATCH):
        batch = Article.objects.bulk_create(
            [
                make_article(rng, columns, long_column, now, span, n)
                for n in range(start, min(count, start + BATCH))
            ]
        )
        ArticleKeyword.objects.replace_for(batch)


def make_article(rng, columns, long_column, now, span, n):
    paragraphs = [
        "，".join(rng.choices(PHRASES, k=rng.randint(8, 14))) + "。"
        for _ in range(rng.randint(6, 9))
    ]
    if n % RARE_EVERY == 0:
        paragraphs[0] = f"{RARE_WORD}{paragraphs[0]}"
    text = " ".join(paragraphs)
    keywords = rng.sample(KEYWORDS, rng.randint(1, 4))
    title = f"{keywords[0]}|{rng.choice(PHRASES)} {rng.choice(PHRASES)}"
    summary = text[:119] + "…"
    return Article(
        title=title,
        column=long_column if rng.random() < LONG_COLUMN_SHARE else rng.choice(columns),
        source=rng.choice(SOURCES),
        published_at=now - timedelta(seconds=rng.randrange(span)),
        body="".join(f"<p>{p}</p>" for p in paragraphs),
        body_text=text,
        summary=summary,
        # What Article.derive_fields() would store; the body is built clean, not sanitized.
        search_grams=search_grams(title, summary, text),
        keywords=",".join(keywords),
        status=Article.Status.DRAFT if n % 100 == 99 else Article.Status.PUBLISHED,
        pinned_until=now + timedelta(days=30) if n % 2_000 == 0 else None,
        is_headline=n % 500 == 0,
        is_recommended=n % 300 == 0,
        view_count=int(rng.paretovariate(1.2) * 10),
    )


class without_secondary_indexes:
    """On PostgreSQL, drop the article table's secondary indexes and build them again after:
    one sort per index instead of 100,000 index insertions each."""

    def __enter__(self):
        self.definitions = []
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'news_article' "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
            )
            self.definitions = cursor.fetchall()
            for name, _ in self.definitions:
                cursor.execute(f'DROP INDEX "{name}"')

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            if self.definitions:
                cursor.execute("SET maintenance_work_mem = '256MB'")
            for _, definition in self.definitions:
                cursor.execute(definition)
