"""A business card from a photo, in the command line and on the web: what was read is
shown for checking, saved only when confirmed, and every refusal changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.card_support import blank_png, card_png
from tests.conftest import Cli, need_tool, use_database
from tests.test_web import WebClient, web_session

APP = "northwind-robotics"


@pytest.fixture
def tesseract() -> str:
    return need_tool("tesseract", "tesseract-ocr")


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "card.jpg"
    path.write_bytes(card_png(skew=6.0, fmt="JPEG"))
    return path


def _people(ft: Cli) -> list[tuple[str, str, str | None, str | None, str | None]]:
    from followthrough.services.jobsearch.applications import get_application

    use_database(ft.location)
    return [(c.name, c.role.value, c.title, c.phone, c.email) for c in get_application(APP).contacts]


def _application(ft: Cli) -> None:
    ft("add", "Northwind Robotics", "Platform Engineer", "--id", APP)


# --- the command line ----------------------------------------------------------------------


def test_dry_run_shows_what_was_read_and_adds_nothing(ft: Cli, tesseract: str, photo: Path) -> None:
    _application(ft)
    out = ft("card", str(photo), "--application", APP, "--dry-run").output
    assert "Name:    Dana Whitfield" in out
    assert "Company: Northwind Robotics Inc." in out
    assert "E-mail:  dana.whitfield@northwind.com" in out
    assert "Nothing added" in out
    assert _people(ft) == []


def test_yes_adds_the_person_as_hiring_officer_with_every_field(ft: Cli, tesseract: str, photo: Path) -> None:
    _application(ft)
    out = ft("card", str(photo), "--application", APP, "--yes").output
    assert "Added Dana Whitfield" in out
    assert _people(ft) == [
        (
            "Dana Whitfield",
            "hiring_officer",
            "Director of Engineering",
            "+1 415 555 0142",
            "dana.whitfield@northwind.com",
        )
    ]


def test_at_a_terminal_it_asks_and_a_no_adds_nothing(
    ft: Cli, tesseract: str, photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from followthrough.cli import cards
    from followthrough.cli.main import cli

    _application(ft)
    monkeypatch.setattr(cards, "can_ask", lambda: True)  # as the card command asks it
    said_no = CliRunner().invoke(
        cli, ["--db", ft.location, "card", str(photo), "--application", APP, "--role", "interviewer"], input="n\n"
    )
    assert said_no.exit_code == 1 and "Nothing added." in said_no.output
    assert _people(ft) == []
    said_yes = CliRunner().invoke(
        cli, ["--db", ft.location, "card", str(photo), "--application", APP, "--role", "interviewer"], input="y\n"
    )
    assert said_yes.exit_code == 0, said_yes.output
    assert [(p[0], p[1]) for p in _people(ft)] == [("Dana Whitfield", "interviewer")]


def _refused(ft: Cli, *args: str, says: str) -> None:
    before = _people(ft)
    result = ft("card", *args, code=2)
    lines = [line for line in result.output.splitlines() if line.strip()]
    # what was read may come first (a refusal by the services comes after it); the refusal is one line
    assert says in lines[-1] and lines[-1].startswith("Error:"), result.output
    assert sum(line.startswith("Error") for line in lines) == 1
    assert "Traceback" not in result.output
    assert _people(ft) == before


def test_refusals_change_nothing(ft: Cli, tesseract: str, photo: Path, tmp_path: Path) -> None:
    _application(ft)
    _refused(ft, str(photo), "--application", APP, says="no terminal to ask on")
    blank = tmp_path / "blank.png"
    blank.write_bytes(blank_png())
    _refused(ft, str(blank), "--application", APP, "--yes", says="no text could be read on the photo")
    not_image = tmp_path / "card.vcf"
    not_image.write_text("BEGIN:VCARD\nFN:Dana\nEND:VCARD\n")
    _refused(ft, str(not_image), "--application", APP, "--dry-run", says="not an image")
    _refused(ft, str(photo), "--application", "nowhere", "--yes", says="no application 'nowhere'")
    ft.contact(APP, "Ann Lee", "hiring_officer")
    _refused(ft, str(photo), "--application", APP, "--yes", says="already has a hiring officer")


# --- the web ---------------------------------------------------------------------------------


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


PAGE = f"/applications/{APP}/"


def _upload(data: bytes, name: str = "card.png") -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="image/png")


def test_web_upload_prefills_the_form_and_saving_adds_the_person(web: WebClient, ft: Cli, tesseract: str) -> None:
    _application(ft)
    response = web.post(f"{PAGE}card", {"photo": _upload(card_png(skew=-6.0))}, PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="c_name" name="name" required maxlength="200" value="Dana Whitfield"' in html
    assert 'value="Director of Engineering"' in html and 'value="dana.whitfield@northwind.com"' in html
    assert "check each field" in html
    assert _people(ft) == []  # nothing saved before the user confirms
    saved = web.post(
        f"{PAGE}contacts",
        {
            "name": "Dana Whitfield",
            "role": "hiring_officer",
            "title": "Director of Engineering",
            "phone": "+1 415 555 0142",
            "email": "dana.whitfield@northwind.com",
            "relation": "",
        },
        PAGE,
    )
    assert "Dana Whitfield" in web.follow(saved)
    assert _people(ft)[0][0] == "Dana Whitfield"


@pytest.mark.parametrize(("data", "says"), [(b"not a photo", "not an image"), (None, "no text could be read")])
def test_web_refuses_a_photo_it_cannot_read_and_changes_nothing(
    web: WebClient, ft: Cli, tesseract: str, data: bytes | None, says: str
) -> None:
    _application(ft)
    response = web.post(f"{PAGE}card", {"photo": _upload(data if data is not None else blank_png())}, PAGE)
    assert response.status_code == 400
    assert says in response.content.decode().lower()
    assert _people(ft) == []


def test_debrief_reads_the_card_into_its_card_fields_then_saves(web: WebClient, ft: Cli, tesseract: str) -> None:
    _application(ft)
    debrief = f"{PAGE}debrief"
    form = {
        "on": "2026-11-20",
        "timeframe": "two weeks",
        "card_name": "",
        "card_title": "",
        "card_phone": "",
        "card_email": "",
    }
    read = web.post(debrief, {**form, "read_card": "1", "card_photo": _upload(card_png(ink=140, paper=190))}, debrief)
    html = read.content.decode()
    assert read.status_code == 200, html[:2000]
    assert 'name="card_name" maxlength="200" value="Dana Whitfield"' in html
    assert 'value="two weeks"' in html  # what was typed before is kept
    assert _people(ft) == []
    filled = {
        **form,
        "card": "yes",
        "card_name": "Dana Whitfield",
        "card_title": "Director of Engineering",
        "card_phone": "+1 415 555 0142",
        "card_email": "dana.whitfield@northwind.com",
    }
    web.follow(web.post(debrief, filled, debrief))
    assert [(p[0], p[1], p[4]) for p in _people(ft)] == [
        ("Dana Whitfield", "hiring_officer", "dana.whitfield@northwind.com")
    ]
