"""A business card from a photo: Pillow cleans the picture, Tesseract (Debian's
``tesseract-ocr``, run as a program with TSV output) reads it, and pure functions pick
the name, title, company, phone and e-mail out of the lines read.

Imports only the core and its own libraries; problems are a ``PhotoProblem`` with a
one-line message, for the front ends to show.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Sequence
from typing import TYPE_CHECKING

from followthrough.core.model import CardReading

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = ["MAX_PHOTO_BYTES", "PhotoProblem", "pick_fields", "read_photo", "tsv_lines"]

MAX_PHOTO_BYTES = 15_000_000
MAX_PIXELS = 40_000_000
TESSERACT = "tesseract"
_TIMEOUT = 60


class PhotoProblem(Exception):
    """The photo cannot be read as a card: not an image, too large, no text, no Tesseract."""


def read_photo(data: bytes) -> CardReading:
    """The card in the photo ``data`` (JPEG, PNG, WebP…)."""
    lines = ocr_lines(prepare(open_image(data)))
    reading = pick_fields(lines)
    if not lines or not any((reading.name, reading.title, reading.company, reading.phone, reading.email)):
        raise PhotoProblem("no text could be read on the photo: take it again, flat, in good light, filling the frame")
    return reading


# --- the picture -------------------------------------------------------------------------


def open_image(data: bytes) -> Image:
    """The image in ``data``, checked by Pillow, EXIF rotation applied."""
    from PIL import Image, ImageOps

    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoProblem(
            f"the photo is too large ({len(data) // 1_000_000} MB; at most {MAX_PHOTO_BYTES // 1_000_000} MB)"
        )
    if not data:
        raise PhotoProblem("the photo is empty")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
        return ImageOps.exif_transpose(image)
    except Image.DecompressionBombError:
        raise PhotoProblem("the photo has too many pixels to read") from None
    except Exception:
        raise PhotoProblem("the file is not an image (expected a photo: JPEG, PNG, WebP…)") from None


def prepare(image: Image) -> Image:
    """Grayscale, stretched contrast, large enough for Tesseract, and straightened."""
    from PIL import Image, ImageOps

    gray = ImageOps.autocontrast(image.convert("L"), cutoff=1)
    width = gray.width
    if width < 1600:
        factor = 1600 / max(width, 1)
        gray = gray.resize((1600, max(1, round(gray.height * factor))), Image.Resampling.LANCZOS)
    elif width > 3200:
        gray = gray.resize((3200, max(1, round(gray.height * 3200 / width))), Image.Resampling.LANCZOS)
    angle = skew_angle(gray)
    if angle:
        gray = gray.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=_background(gray))
    return gray


def _background(gray: Image) -> int:
    """The paper's shade: the most common one."""
    histogram = gray.histogram()
    return max(range(256), key=histogram.__getitem__)


def skew_angle(gray: Image, limit: float = 10.0, step: float = 1.0) -> float:
    """The rotation that lines the text up with the rows (a projection profile: text rows
    straight, the row darkness varies most), on a small copy so it stays cheap."""
    from PIL import Image, ImageOps

    small = gray.copy()
    small.thumbnail((500, 500))
    ink = ImageOps.invert(small) if _background(small) > 127 else small
    ink = ink.point(lambda v: 255 if v > 96 else 0)
    best, best_score = 0.0, -1.0
    steps = int(limit / step)
    for i in range(-steps, steps + 1):
        angle = i * step
        turned = ink.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=0)
        rows = list(turned.resize((1, turned.height), Image.Resampling.BOX).tobytes())
        mean = sum(rows) / len(rows)
        score = sum((r - mean) ** 2 for r in rows) / len(rows)
        if score > best_score * 1.0001:
            best, best_score = angle, score
    return best


# --- Tesseract ---------------------------------------------------------------------------


def ocr_lines(image: Image) -> list[str]:
    """The lines of text Tesseract reads in ``image``, top to bottom."""
    program = shutil.which(TESSERACT)
    if program is None:
        raise PhotoProblem("Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)")
    png = io.BytesIO()
    image.save(png, format="PNG")
    try:
        done = subprocess.run(
            [program, "stdin", "stdout", "-l", "eng", "--psm", "3", "tsv"],
            input=png.getvalue(),
            capture_output=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise PhotoProblem("reading the photo took too long") from None
    if done.returncode != 0:
        problem = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PhotoProblem(f"Tesseract could not read the photo: {problem[-1] if problem else done.returncode}")
    return tsv_lines(done.stdout.decode("utf-8", "replace"))


def tsv_lines(tsv: str, min_confidence: float = 30.0) -> list[str]:
    """Tesseract's TSV as lines of words (words it is unsure of left out)."""
    lines: dict[tuple[str, str, str, str], list[str]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue
        text = cells[11].strip()
        try:
            confidence = float(cells[10])
        except ValueError:
            continue
        if text and confidence >= min_confidence:
            lines.setdefault((cells[1], cells[2], cells[3], cells[4]), []).append(text)
    return [" ".join(words) for words in lines.values()]


# --- the fields --------------------------------------------------------------------------

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\+?\(?\d[\d ()./-]{5,}\d")
_LABEL = re.compile(r"^(?:tel|phone|mobile|mob|cell|direct|office|fax|[tmfp])\b\.?\s*:?\s*", re.IGNORECASE)
_WEB = re.compile(r"(?:https?://|www\.)|\.(?:com|org|net|io|co|de|fr|uk|eu)\b", re.IGNORECASE)
_COMPANY = re.compile(
    r"\b(?:inc|llc|ltd|limited|gmbh|corp|corporation|co|company|group|labs?|technologies|technology|systems|"
    r"solutions|partners|ag|sa|plc|bv|industries|holdings|studio|agency|bank|university)\b\.?",
    re.IGNORECASE,
)
_TITLE = re.compile(
    r"\b(?:manager|director|engineer|head|officer|lead|vp|vice|president|recruiter|recruiting|talent|chief|ceo|cto|"
    r"cfo|coo|specialist|consultant|analyst|designer|developer|coordinator|assistant|executive|founder|owner|"
    r"scientist|architect|supervisor|administrator|partner|associate|senior|principal|hr|human resources|"
    r"sales|marketing|product|operations|advisor|representative|editor|professor)\b",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^[A-Z][a-zA-Z'’-]*\.?$|^[A-Z]\.$")
_FAX = re.compile(r"^\s*fax\b", re.IGNORECASE)


def pick_fields(lines: Sequence[str]) -> CardReading:
    """Name, title, company, phone and e-mail out of a card's lines of text (best guesses;
    a field not found is None)."""
    cleaned = [" ".join(line.split()) for line in lines]
    cleaned = [line for line in cleaned if line]
    email = next((e for line in cleaned if (e := _find_email(line))), None)
    phone = next((p for line in cleaned if not _FAX.match(line) and (p := _find_phone(line))), None)
    words = [line for line in cleaned if not _is_contact_line(line)]
    title = next((line for line in words if _TITLE.search(line) and not _COMPANY.search(line)), None)
    name = next((line for line in words if line != title and _looks_like_name(line)), None)
    if name is None and email:
        name = _name_from_email(email, words)
    company = _company(words, {name, title}, email)
    return CardReading(name, title, company, phone, email, tuple(cleaned))


def _find_email(line: str) -> str | None:
    squeezed = re.sub(r"\s*([@.])\s*", r"\1", line)
    squeezed = re.sub(r"(?i)\s*\(at\)\s*", "@", squeezed)
    match = _EMAIL.search(squeezed)
    return match.group(0).rstrip(".").lower() if match else None


def _find_phone(line: str) -> str | None:
    if "@" in line:
        return None
    rest = _LABEL.sub("", line.strip())
    match = _PHONE.search(rest)
    if match is None:
        return None
    phone = match.group(0).strip()
    digits = sum(c.isdigit() for c in phone)
    return phone if 7 <= digits <= 15 else None


def _is_contact_line(line: str) -> bool:
    return bool(_find_email(line) or _find_phone(line) or _WEB.search(line) or _FAX.match(line))


def _looks_like_name(line: str) -> bool:
    parts = line.split()
    if not 2 <= len(parts) <= 4 or _COMPANY.search(line) or _TITLE.search(line):
        return False
    return all(_NAME_WORD.match(part) for part in parts) and not any(c.isdigit() for c in line)


def _name_from_email(email: str, words: Sequence[str]) -> str | None:
    """A name spelt out by the address (jane.doe@…) when no line looked like one."""
    parts = [p for p in re.split(r"[._-]", email.split("@")[0]) if p.isalpha() and len(p) > 1]
    if len(parts) < 2:
        return None
    for line in words:
        if all(p in line.lower() for p in parts):
            return line
    return " ".join(p.capitalize() for p in parts)


def _company(words: Sequence[str], taken: set[str | None], email: str | None) -> str | None:
    rest = [line for line in words if line not in taken]
    marked = next((line for line in rest if _COMPANY.search(line)), None)
    if marked:
        return marked
    if email:
        domain = re.sub(r"[^a-z0-9]", "", email.split("@")[1].rsplit(".", 1)[0].split(".")[-1])
        for line in rest:
            squeezed = re.sub(r"[^a-z0-9]", "", line.lower())
            if squeezed and (squeezed in domain or domain in squeezed):
                return line
    return None
