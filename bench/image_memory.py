"""Peak memory of accepting one large image, as a cover and as a body image.

    .venv/bin/python -m bench.image_memory

Each case runs in a fresh process and reports how far its peak resident memory rose above
the peak it had reached before (Django set up, the file read), and the process's peak
(Pillow's buffers are not seen by tracemalloc). The images are like the review's: a PNG of
6,300 × 6,300 pixels (about 120 KB of flat colour, under the 40 MP cap) and a JPEG of the
same picture.
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

SIDE = 6_300


def large_image(image_format):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (SIDE, SIDE), (235, 240, 245))
    draw = ImageDraw.Draw(image)
    for n in range(0, SIDE, 300):
        draw.rectangle((n, n, n + 150, n + 150), fill=(40, 90, 160))
    buffer = BytesIO()
    image.save(buffer, format=image_format)
    return buffer.getvalue()


def accept_as_cover(upload):
    """What the article form and Article.save() do with a new cover."""
    from django import forms

    from uploads import images

    forms.ImageField().clean(upload)
    images.validate_image(upload)
    images.extension_for(upload)
    images.display_size(upload)
    images.make_thumbnail(upload)


def accept_as_body_image(upload):
    """What the editor's upload view does: its check, the name, the stored thumbnail."""
    from django.core.files.storage import InMemoryStorage

    from uploads import editor_images

    editor_images.inspect_image(upload)
    editor_images.extension_for(upload)
    backend = editor_images.SameFormatThumbnailBackend(InMemoryStorage(), upload)
    backend.save_as(f"image.{editor_images.extension_for(upload)}")


CASES = {"cover": accept_as_cover, "body": accept_as_body_image}


def measure(case, path):
    """In a fresh process: (peak rise in MB, seconds) of accepting the image at path."""
    import django
    from django.core.files.uploadedfile import SimpleUploadedFile

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    django.setup()
    upload = SimpleUploadedFile(Path(path).name, Path(path).read_bytes())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    CASES[case](upload)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (peak - before) / 1024, peak / 1024, seconds


def main():
    if len(sys.argv) == 3:
        rise, peak, seconds = measure(*sys.argv[1:])
        print(f"{rise:.0f} {peak:.0f} {seconds:.2f}")
        return
    print(f"| image ({SIDE:,} × {SIDE:,}) | accepted as | peak rise | process peak | time |")
    print("| --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as folder:
        for image_format in ["PNG", "JPEG"]:
            path = Path(folder) / f"large.{image_format.lower()}"
            path.write_bytes(large_image(image_format))
            for case in CASES:
                out = subprocess.run(
                    [sys.executable, "-m", "bench.image_memory", case, str(path)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.split()
                size = path.stat().st_size // 1024
                print(
                    f"| {image_format}, {size:,} KB | {case} | {out[0]} MB | {out[1]} MB "
                    f"| {out[2]} s |"
                )


if __name__ == "__main__":
    main()
