"""The data migration records the size of covers stored before sizes were kept."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from .helpers import column_in, migrate_to_latest, news_app_at


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_stored_covers_get_their_size_and_a_missing_file_stays_unknown():
    old = news_app_at("0016_column_list_index_in_page_order")
    column = column_in(old)
    Article = old.get_model("news", "Article")
    buffer = BytesIO()
    Image.new("RGB", (720, 450)).save(buffer, format="JPEG")
    stored = default_storage.save("covers/old.jpg", ContentFile(buffer.getvalue()))
    sized = Article.objects.create(title="甲", column=column, body="<p>正文</p>", cover=stored)
    lost = Article.objects.create(
        title="乙", column=column, body="<p>正文</p>", cover="covers/gone.jpg"
    )
    bare = Article.objects.create(title="丙", column=column, body="<p>正文</p>")

    new = news_app_at("0017_cover_size")
    rows = new.get_model("news", "Article").objects.values_list("pk", "cover_width", "cover_height")

    assert sorted(rows) == [(sized.pk, 720, 450), (lost.pk, None, None), (bare.pk, None, None)]
    migrate_to_latest()
