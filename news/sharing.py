"""An address as a QR code that a phone (WeChat's 扫一扫) reads from the screen, drawn here as
SVG: no script, no request to anyone else. The article page's 分享到微信 shows its address
so, as an image loaded when the reader opens the box (drawing one takes some 8 ms, more than
the rest of an article page's render); two-step login shows its setup address so."""

from base64 import b64encode

import qrcode
from qrcode.image.svg import SvgPathFillImage

# The quiet zone that readers need around the code, in modules (the standard's four).
QUIET_ZONE = 4


def qr_svg(text, border=QUIET_ZONE):
    """`text` as a QR code: an SVG document."""
    image = qrcode.make(text, image_factory=SvgPathFillImage, border=border)
    return image.to_string(encoding="unicode")


def qr_data_address(text, border=QUIET_ZONE):
    """`text` as a QR code: an SVG image's data: address (the CSP allows those for images)."""
    return "data:image/svg+xml;base64," + b64encode(qr_svg(text, border).encode()).decode()
