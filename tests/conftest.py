import os
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone, translation

from categories.demo import ensure_demo_tree
from categories.models import Category
from news.models import Article

from .buckets import media_bucket, media_storage, s3_endpoint  # noqa: F401 (fixtures)
from .helpers import CHIEF_EDITORS, EDITORS

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    # Test requests run in the test's own thread: an English page would leave English
    # active, and the next test's reverse() would give /en/ addresses.
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    # The cache outlives each test's rolled-back database: start every test without it.
    from django.core.cache import cache
    from django.core.cache.backends.locmem import LocMemCache

    from news import caching, counter
    from sitecache import versions
    from sitesettings import cache as sitewide_cache

    cache.clear()
    # The local copies of a shared cache's values (sitecache.kept), wherever settings put them.
    LocMemCache("copies", {}).clear()
    caching.known_next_change = (None, 0.0)
    versions.last_mirrored = ""
    versions.mirror_unreachable_until = 0.0
    counter.RedisCounter.unreachable_until = 0.0
    sitewide_cache.latest = (None, None, 0.0)


def cache_in_redis(settings, url):
    """Put Django's cache in the Redis at `url`, emptied; return its connection."""
    from django_redis import get_redis_connection

    settings.CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url},
        # As the production settings have it with Redis (sitecache.kept).
        "local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "copies",
        },
    }
    redis = get_redis_connection("default")
    redis.flushdb()
    return redis


@pytest.fixture
def redis_cache(settings):
    """Django's cache in Redis (TEST_REDIS_URL), emptied before and after the test."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/1) to run the Redis tests")
    redis = cache_in_redis(settings, url)
    yield redis
    redis.flushdb()


@pytest.fixture(params=["local memory", "redis"])
def page_cache(request):
    """Each cache a deployment may choose: the process's memory, or Redis with each
    process's copies of what it read there (sitecache.kept)."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    return request.param


@pytest.fixture(params=["db", "redis"])
def counter_backend(request, settings):
    """Each view-counter backend in turn; the name of the one in use."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    settings.VIEW_COUNTER_BACKEND = request.param
    return request.param


@pytest.fixture
def demo_tree(db):
    ensure_demo_tree()
    return {column.slug: column for column in Category.objects.all()}


@pytest.fixture
def make_article(db):
    """Create an article; defaults make a public one in the column given."""
    counter = iter(range(1, 1_000_000))

    def make(column, **fields):
        n = next(counter)
        fields.setdefault("title", f"测试文章 {n}")
        fields.setdefault("body", f"<p>第 {n} 篇文章的正文。</p>")
        fields.setdefault("status", Article.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - timedelta(hours=n))
        return Article.objects.create(column=column, **fields)

    return make


@pytest.fixture
def reader_site(demo_tree, make_article):
    """A column of two pages, an article carrying a keyword, and the URL of every page that
    readers share, by name (urls)."""
    from news.keywords import Keyword
    from news.views import COLUMN_PAGE_SIZE

    column = demo_tree["industry-planning"]
    article = make_article(column, title="园区规划新进展", keywords="都市圈")
    for _ in range(COLUMN_PAGE_SIZE):
        make_article(column, keywords="都市圈")
    keyword = Keyword.objects.get(name="都市圈")
    urls = {
        "home": "/",
        "English home": "/en/",
        "column": column.get_absolute_url(),
        "column feed": f"{column.get_absolute_url()}feed/",
        "article": article.get_absolute_url(),
        "tag": keyword.get_absolute_url(),
        "tag feed": f"{keyword.get_absolute_url()}feed/",
        "feed": "/feed/",
        "search": "/search/?q=园区",
        "sitemap": "/sitemap.xml",
        "sitemap section": "/sitemap-articles.xml",
    }
    return {"column": column, "article": article, "keyword": keyword, "urls": urls}


def staff_in_group(user_model, username, group):
    """A staff account (password `<username>-pass-1`) in one of the groups migrations make."""
    user = user_model.objects.create_user(username, password=f"{username}-pass-1", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(django_user_model):
    return staff_in_group(django_user_model, "editor", EDITORS)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def chief_editor(django_user_model):
    return staff_in_group(django_user_model, "chief", CHIEF_EDITORS)


@pytest.fixture
def chief_client(chief_editor):
    from django.test import Client

    client = Client()
    client.force_login(chief_editor)
    return client


@pytest.fixture
def jpeg_upload():
    """A small real JPEG as an uploaded file."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    def make(name="cover.jpg", size=(800, 600)):
        buffer = BytesIO()
        Image.new("RGB", size, (30, 90, 160)).save(buffer, format="JPEG")
        return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")

    return make
