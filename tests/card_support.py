"""Business card photos the tests draw themselves (Pillow, Debian's DejaVu font)."""

from __future__ import annotations

import io

from tests.conftest import unavailable

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

CARD_LINES = (
    ("Dana Whitfield", 56, True),
    ("Director of Engineering", 38, False),
    ("Northwind Robotics Inc.", 38, False),
    ("+1 415 555 0142", 36, False),
    ("dana.whitfield@northwind.com", 36, False),
)


def card_png(
    lines: tuple[tuple[str, int, bool], ...] = CARD_LINES,
    *,
    skew: float = 0.0,
    ink: int = 20,
    paper: int = 250,
    fmt: str = "PNG",
) -> bytes:
    """A card photo: ``lines`` of (text, size, bold) in ``ink`` on ``paper``, turned by
    ``skew`` degrees."""
    from pathlib import Path

    from PIL import Image, ImageDraw, ImageFont

    if not Path(FONT).exists():
        unavailable("DejaVu fonts", f"{FONT} missing (apt-get install fonts-dejavu-core)")
    image = Image.new("L", (1050, 600), paper)
    draw = ImageDraw.Draw(image)
    y = 60
    for text, size, bold in lines:
        font = ImageFont.truetype(BOLD if bold else FONT, size)
        draw.text((70, y), text, fill=ink, font=font)
        y += int(size * 1.7)
    if skew:
        image = image.rotate(skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=paper)
    out = io.BytesIO()
    image.convert("RGB").save(out, format=fmt)
    return out.getvalue()


def blank_png() -> bytes:
    """A photo of nothing: plain paper."""
    return card_png(())
