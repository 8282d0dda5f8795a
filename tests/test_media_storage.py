"""Media in the local folder by default, in an S3-compatible bucket when MEDIA_S3_BUCKET is
set: readers get public files from the bucket with a long cache life, never a draft's
attachment, and the demo's files land where media are kept."""

from io import StringIO
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from config.media_storage import bucket_storage
from news import withdrawn_media
from news.attachments import Attachment
from news.models import Article
from uploads.bucket import PUBLIC_CACHE_CONTROL, WITHDRAWN_PREFIX, MediaBucket

from .buckets import fetched_anonymously, readable
from .documents import ACCEPTED


def test_without_a_bucket_media_stay_in_the_local_folder():
    assert bucket_storage({}) is None
    assert isinstance(default_storage, FileSystemStorage)


def test_the_bucket_settings_reach_django_storages():
    storage = bucket_storage(
        {
            "MEDIA_S3_BUCKET": "news-media",
            "MEDIA_S3_ENDPOINT_URL": "https://oss-cn-hangzhou.aliyuncs.com",
            "MEDIA_S3_REGION": "oss-cn-hangzhou",
            "MEDIA_S3_ADDRESSING_STYLE": "virtual",
            "MEDIA_S3_CUSTOM_DOMAIN": "img.example.cn",
        }
    )
    bucket = MediaBucket(**storage["OPTIONS"])

    assert (bucket.bucket_name, bucket.endpoint_url, bucket.region_name) == (
        "news-media",
        "https://oss-cn-hangzhou.aliyuncs.com",
        "oss-cn-hangzhou",
    )
    assert bucket.addressing_style == "virtual"
    # Public files at the CDN's address, unsigned, so that it may keep them.
    assert bucket.url("covers/2024/01/a.jpg") == "https://img.example.cn/covers/2024/01/a.jpg"


def attached_to(article):
    name, content, *_ = ACCEPTED["pdf"]
    return Attachment.objects.create(article=article, file=SimpleUploadedFile(name, content))


def test_a_drafts_attachment_is_refused_to_anonymous_readers_on_the_bucket_too(
    client, editor, demo_tree, make_article, media_bucket
):
    draft = make_article(demo_tree["notices"], status=Article.Status.DRAFT)
    attachment = attached_to(draft)

    assert client.get(attachment.get_absolute_url()).status_code == 404
    # Straight from the bucket, by its address: the policy does not let anyone read it.
    status, _headers, body = fetched_anonymously(default_storage.url(attachment.file.name))
    assert status == 403
    assert ACCEPTED["pdf"][1] not in body
    client.force_login(editor)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_public_attachment_is_sent_from_the_bucket_in_pieces(
    client, demo_tree, make_article, media_bucket
):
    attachment = attached_to(make_article(demo_tree["notices"]))
    content = ACCEPTED["pdf"][1]

    # django-storages' file object fetches the whole object before the first byte is read.
    with mock.patch.object(MediaBucket, "_open", side_effect=AssertionError("read whole")):
        response = client.get(attachment.get_absolute_url())
        assert response.streaming
        assert b"".join(response.streaming_content) == content

    assert int(response["Content-Length"]) == len(content)
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    # A file gone from the bucket is a 404, not an error.
    default_storage.delete(attachment.file.name)
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_public_media_answer_from_the_bucket_for_a_year(
    client, demo_tree, make_article, jpeg_upload, media_bucket
):
    article = make_article(demo_tree["industry-planning"], cover=jpeg_upload())

    page = client.get(article.get_absolute_url()).content.decode()

    assert f'src="{article.cover.url}"' in page
    assert article.cover.url.startswith(f"{default_storage.endpoint_url}/{media_bucket}/")
    for url in (article.cover.url, article.cover_thumbnail.url):
        status, headers, _body = fetched_anonymously(url)
        assert (status, headers["Cache-Control"]) == (200, PUBLIC_CACHE_CONTROL)


@pytest.mark.usefixtures("media_storage")
def test_the_demo_puts_its_files_where_media_are_kept(client, db):
    call_command("load_demo", stdout=StringIO())

    covered = Article.objects.published().exclude(cover="").first()
    assert readable(covered.cover.url) and readable(covered.cover_thumbnail.url)
    attachment = Attachment.objects.filter(article__in=Article.objects.published()).first()
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_withdrawal_takes_down_images_bodies_show_at_their_old_media_address(
    demo_tree, make_article, media_bucket
):
    # A body written while media were in MEDIA_ROOT, its files since copied into the bucket.
    default_storage.save("uploads/2023/05/old.png", ContentFile(b"\x89PNG old"))
    article = make_article(
        demo_tree["industry-planning"], body='<p><img src="/media/uploads/2023/05/old.png"></p>'
    )

    withdrawn_media.take_down(article)

    assert not default_storage.exists("uploads/2023/05/old.png")
    assert default_storage.exists(f"{WITHDRAWN_PREFIX}uploads/2023/05/old.png")
    withdrawn_media.bring_back(article)
    assert readable(default_storage.url("uploads/2023/05/old.png"))
