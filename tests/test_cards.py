"""A business card from a photo: the fields picked out of the text read, and real
Tesseract reading cards the tests draw (plain, skewed, low contrast, blank)."""

from __future__ import annotations

import pytest

from followthrough.core.model import CardReading
from followthrough.interop.card_photo import MAX_PHOTO_BYTES, PhotoProblem, pick_fields, read_photo, tsv_lines
from tests.card_support import blank_png, card_png
from tests.conftest import need_tool

DANA = CardReading(
    "Dana Whitfield",
    "Director of Engineering",
    "Northwind Robotics Inc.",
    "+1 415 555 0142",
    "dana.whitfield@northwind.com",
)


def _fields(card: CardReading) -> tuple[str | None, ...]:
    return (card.name, card.title, card.company, card.phone, card.email)


# --- picking the fields out of text alone ------------------------------------------------


def test_the_fields_are_picked_out_of_a_card_in_any_order() -> None:
    card = pick_fields(
        [
            "NORTHWIND",
            "Northwind Robotics Inc.",
            "Tel: +1 415 555 0142",
            "dana.whitfield@northwind.com",
            "Dana Whitfield",
            "Director of Engineering",
            "www.northwind.com",
        ]
    )
    assert _fields(card) == _fields(DANA)


def test_an_address_broken_by_ocr_spaces_is_mended() -> None:
    card = pick_fields(["Sam Ortiz", "E-mail: sam.ortiz @ hooli .io", "Mobile: (212) 555-0199"])
    assert (card.name, card.email, card.phone) == ("Sam Ortiz", "sam.ortiz@hooli.io", "(212) 555-0199")


def test_a_fax_number_is_not_taken_for_the_phone() -> None:
    card = pick_fields(["Lee Park", "Fax: 020 7946 0000", "Phone: 020 7946 0018"])
    assert card.phone == "020 7946 0018"


def test_the_company_is_found_by_the_address_domain_when_it_has_no_suffix() -> None:
    card = pick_fields(["Maria Costa", "Talent Partner", "Globex", "maria@globex.com"])
    assert (card.name, card.title, card.company) == ("Maria Costa", "Talent Partner", "Globex")


def test_a_name_comes_from_the_address_when_no_line_looks_like_one() -> None:
    card = pick_fields(["ACME", "jo.baker@acme.com"])
    assert card.name == "Jo Baker"


def test_text_with_no_card_in_it_gives_no_fields() -> None:
    assert _fields(pick_fields(["~~ ..", "|||"])) == (None,) * 5


def test_tesseract_tsv_becomes_lines_without_the_words_it_is_unsure_of() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t0\t0\t9\t9\t96.1\tDana",
        "5\t1\t1\t1\t1\t2\t0\t0\t9\t9\t95.0\tWhitfield",
        "5\t1\t1\t1\t1\t3\t0\t0\t9\t9\t12.0\t~",
        "5\t1\t2\t1\t1\t1\t0\t0\t9\t9\t91.0\tDirector",
    ]
    assert tsv_lines("\n".join([header, *rows])) == ["Dana Whitfield", "Director"]


# --- real Tesseract on drawn cards ---------------------------------------------------------


@pytest.fixture
def tesseract() -> str:
    return need_tool("tesseract", "tesseract-ocr")


@pytest.mark.parametrize(
    "photo",
    [
        pytest.param({}, id="plain"),
        pytest.param({"skew": 6.0}, id="skewed-6"),
        pytest.param({"skew": -7.5}, id="skewed-minus-7.5"),
        pytest.param({"ink": 140, "paper": 190}, id="low-contrast"),
        pytest.param({"fmt": "JPEG", "skew": 5.0}, id="jpeg-skewed"),
    ],
)
def test_tesseract_reads_every_field_of_a_drawn_card(tesseract: str, photo: dict[str, object]) -> None:
    assert _fields(read_photo(card_png(**photo))) == _fields(DANA)  # type: ignore[arg-type]


def test_a_photo_with_no_text_is_refused_in_one_line(tesseract: str) -> None:
    with pytest.raises(PhotoProblem, match=r"^no text could be read on the photo") as refused:
        read_photo(blank_png())
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("data", [b"BEGIN:VCARD\r\nFN:Not a photo\r\nEND:VCARD\r\n", b"\x89PNG\r\n\x1a\n broken", b""])
def test_a_file_that_is_not_an_image_is_refused(data: bytes) -> None:
    with pytest.raises(PhotoProblem, match=r"not an image|empty"):
        read_photo(data)


def test_a_photo_over_the_size_limit_is_refused_before_it_is_opened() -> None:
    with pytest.raises(PhotoProblem, match=r"too large"):
        read_photo(b"\xff\xd8" + b"\0" * MAX_PHOTO_BYTES)
