"""The demo's image sets (图集): pictures drawn for the demo, added to two demo articles that
have none yet, so that load_demo run again adds nothing."""

import random

from news.demo_files import as_jpeg, gradient

from .models import Picture

SKIES = [((120, 170, 220), (214, 232, 246)), ((236, 160, 110), (250, 220, 170))]
IMAGE_SETS = {
    "高新院举办第五届园区高质量发展论坛": [
        "论坛主会场，来自各地园区的代表座无虚席。",
        "圆桌对话环节，嘉宾围绕产业协同展开讨论。",
        "分论坛现场，与会者交流园区数字化转型经验。",
        "论坛期间举办的园区成果展吸引众多参观者。",
    ],
    "标准厂房“工业上楼”为园区腾出发展空间": [
        "建成投用的高层标准厂房外景。",
        "厂房内的重载货梯可直达各层生产车间。",
        "入驻企业的智能产线在五楼投入生产。",
    ],
}


def demo_picture(seed, size=(1200, 800)):
    """A landscape of buildings under a sky, drawn for the demo, different for each seed."""
    rng = random.Random(seed)
    image, draw = gradient(size, *rng.choice(SKIES))
    ground = int(size[1] * 0.78)
    x = rng.randrange(0, 60)
    while x < size[0]:
        width, height = rng.randrange(90, 220), rng.randrange(180, 480)
        shade = rng.randrange(60, 140)
        draw.rectangle(
            [x, ground - height, x + width, ground], fill=(shade, shade + 10, shade + 25)
        )
        for wy in range(ground - height + 20, ground - 20, 36):
            for wx in range(x + 14, x + width - 20, 30):
                draw.rectangle([wx, wy, wx + 14, wy + 18], fill=(250, 236, 170))
        x += width + rng.randrange(10, 50)
    draw.rectangle([0, ground, size[0], size[1]], fill=(70, 110, 70))
    return as_jpeg(image, "picture.jpg")


def ensure_demo_image_sets():
    """Give the demo's image-set articles their pictures where they have none (an editor's
    set is left as it is); the number of pictures added."""
    from news.models import Article

    added = 0
    for title, captions in IMAGE_SETS.items():
        article = Article.objects.filter(title=title).first()
        if article is None or article.pictures.exists():
            continue
        for position, caption in enumerate(captions):
            Picture.objects.create(
                article=article,
                image=demo_picture(f"{title}{position}"),
                caption=caption,
                position=position,
            )
            added += 1
    return added
