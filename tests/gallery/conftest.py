import pytest

from gallery.models import Picture


@pytest.fixture
def image_set(demo_tree, make_article, jpeg_upload):
    """A live 图集 article of three pictures, stored as uploads are; made out of order, to
    show that their positions order them."""

    def make(column="park-planning", **fields):
        fields.setdefault("title", "园区春色图集")
        article = make_article(demo_tree[column], **fields)
        for position, caption in ((2, "夜景"), (0, "园区大门"), (1, "孵化楼 & 广场")):
            Picture.objects.create(
                article=article,
                image=jpeg_upload(f"{caption}.jpg", (1600, 1000)),
                caption=caption,
                position=position,
            )
        return article

    return make
