import random
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError

from categories.demo import ensure_demo_tree
from categories.tree import ColumnTree
from gallery.demo import ensure_demo_image_sets
from news import demo_files
from news.attachments import Attachment
from news.importing import import_lines
from news.models import Article
from readership.demo import ensure_demo_views
from sitesettings.demo import ensure_demo_settings
from topics.demo import ensure_demo_topic

DEMO_ARTICLES = Path(__file__).resolve().parents[2] / "demo" / "articles.jsonl"
PALETTES = [
    ((11, 79, 138), (64, 156, 214)),
    ((18, 94, 74), (98, 184, 140)),
    ((120, 40, 40), (222, 120, 80)),
]


def demo_cover(seed, size=(1200, 750)):
    """An abstract cover picture (gradient and circles) drawn for the demo, seeded per article."""
    rng = random.Random(seed)
    image, draw = demo_files.gradient(size, *rng.choice(PALETTES))
    for _ in range(6):
        x, y, r = rng.randrange(size[0]), rng.randrange(size[1]), rng.randrange(60, 260)
        draw.ellipse(
            [x - r, y - r, x + r, y + r], outline=(255, 255, 255), width=rng.randrange(2, 8)
        )
    return demo_files.as_jpeg(image, "cover.jpg")


def demo_attachments():
    """(article title, [(file name, display title, bytes)]): notices and tenders whose
    substance is an attached document."""
    return [
        (
            "关于举办2024年园区产业规划专题研修班的通知",
            [
                (
                    "notice.pdf",
                    "研修班通知",
                    demo_files.pdf(["Training course notice", "2024", "See the article page."]),
                ),
                (
                    "form.docx",
                    "报名回执",
                    demo_files.docx(["报名回执", "单位：", "姓名：", "职务：", "联系电话："]),
                ),
            ],
        ),
        (
            "高新区产业发展规划编制服务项目公开招标公告",
            [
                (
                    "quote.xlsx",
                    "报价清单",
                    demo_files.xlsx(
                        [
                            ["序号", "服务内容", "数量", "单价（元）"],
                            [1, "现状调研", 1, ""],
                            [2, "规划编制", 1, ""],
                            [3, "专家评审", 1, ""],
                        ]
                    ),
                ),
                (
                    "tender.pdf",
                    "招标文件",
                    demo_files.pdf(["Tender documents", "2024", "See the article page."]),
                ),
            ],
        ),
    ]


def attach_demo_files():
    """Attach the demo documents to articles that have none yet; return how many."""
    count = 0
    for title, files in demo_attachments():
        article = Article.objects.filter(title=title).first()
        if article is None or article.attachments.exists():
            continue
        for order, (name, display_title, content) in enumerate(files):
            Attachment.objects.create(
                article=article,
                file=ContentFile(content, name=name),
                title=display_title,
                order=order,
            )
            count += 1
    return count


class Command(BaseCommand):
    help = (
        "Load the demo column tree and, into a site with no articles, the sample articles. "
        "Safe to run again: nothing is doubled, nothing editors changed comes back. Into a "
        "site with no views per day yet, 60 days of them for the public articles; a special "
        "topic of the demo's articles, unless one has its address."
    )

    def handle(self, **options):
        columns = ensure_demo_tree()
        present = Article.objects.count()
        # Articles go only into a site that has none: `make run` loads the demo every time,
        # and the articles that editors renamed, moved or deleted since must not come back.
        created = [] if present else self.load_articles()
        attachments = attach_demo_files()
        pictures = ensure_demo_image_sets()
        settings_created, links = ensure_demo_settings()
        daily_views = ensure_demo_views()
        topic = ensure_demo_topic(cover=lambda seed: demo_cover(seed, size=(1200, 400)))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo: {columns} columns and {len(created)} articles created, "
                f"{present} articles already present; {attachments} attachments, "
                f"{pictures} pictures of image sets, "
                f"{links} friendly links, {daily_views} days of views"
                + (", site settings" if settings_created else "")
                + (", a special topic" if topic else "")
                + " added."
            )
        )

    def load_articles(self):
        lines = DEMO_ARTICLES.read_text(encoding="utf-8").splitlines()
        report = import_lines(lines, ColumnTree.load())
        if report.errors:
            raise CommandError(f"demo data is broken: {report.errors[:3]}")
        created = list(Article.objects.filter(pk__in=report.created_ids))
        for article in created:
            # Headlines lead the home page and get covers, as do some others; those that
            # are public make up the slideshow, which shows only articles with covers.
            if article.is_headline or article.pk % 5 == 0:
                article.cover = demo_cover(article.title)
                article.is_slideshow = (
                    article.is_headline and article.status == Article.Status.PUBLISHED
                )
                article.save()
        return created
