"""Business cards in and out as vCards, round-tripped through khard."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Cli, need_tool

PHONE_CARD = """BEGIN:VCARD\r
VERSION:3.0\r
N:Lee;Ann;;;\r
FN:Ann Lee\r
ORG:Acme Corp;Analytics\r
TITLE:Director of Analytics\r
TEL;TYPE=WORK,VOICE:+1 (555) 010-0111\r
TEL;TYPE=CELL:+1 555 010 0112\r
EMAIL;TYPE=INTERNET,WORK:ann.lee@acme.com\r
EMAIL;TYPE=INTERNET,HOME:ann@example.net\r
NOTE:Scanned card\\, front side\r
END:VCARD\r
"""

CARD_40 = """BEGIN:VCARD
VERSION:4.0
FN:Cy Diaz
N:Diaz;Cy;;;
ORG:Acme Corp
TITLE:Receptionist
TEL;VALUE=uri;TYPE="voice,work":tel:+1-555-010-0199
EMAIL;TYPE=work:cy.diaz@acme.com
UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1
END:VCARD
"""


def _contacts(ft: Cli) -> dict[str, dict[str, object]]:
    doc = json.loads(ft("export", "--json").stdout)
    return {c["name"]: c for c in doc["applications"][0]["contacts"]}


def _setup(ft: Cli) -> None:
    ft("profile", "set", "--name", "Jordan Rivera", "--timezone", "America/Chicago")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")


def test_read_cards_gives_name_title_organization_phones_and_emails() -> None:
    from followthrough.interop.vcard import CardContact, read_cards

    [ann] = read_cards(PHONE_CARD)
    assert isinstance(ann, CardContact)
    assert (ann.name, ann.title, ann.organization) == ("Ann Lee", "Director of Analytics", "Acme Corp")
    assert ann.phones == ("+1 (555) 010-0111", "+1 555 010 0112")
    assert ann.emails == ("ann.lee@acme.com", "ann@example.net")
    [cy] = read_cards(CARD_40)
    assert (cy.name, cy.phones, cy.emails) == ("Cy Diaz", ("+1-555-010-0199",), ("cy.diaz@acme.com",))


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("BEGIN:VCARD\nVERSION:3.0\nFN:Ann\n", "line 1"),
        ("BEGIN:VCARD\nVERSION:3.0\nTITLE:Boss\nEND:VCARD\n", "line 1"),
        ("BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEMAIL:not-an-address\nEND:VCARD\n", "line 4"),
        ("BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nthis is not a property\nEND:VCARD\n", "line 4"),
    ],
)
def test_a_bad_card_is_a_one_line_user_error_naming_the_line(text: str, where: str) -> None:
    from followthrough.interop.vcard import read_cards
    from followthrough.services.errors import UserError

    with pytest.raises(UserError) as caught:
        read_cards(text, "card.vcf")
    message = str(caught.value)
    assert "\n" not in message and f"card.vcf: {where}:" in message


def test_import_card_adds_the_hiring_officer_and_a_second_import_changes_nothing(ft: Cli, tmp_path: Path) -> None:
    _setup(ft)
    (tmp_path / "ann.vcf").write_text(PHONE_CARD, newline="")
    assert "1 contact added" in ft("import", str(tmp_path / "ann.vcf"), "--application", "acme").stdout
    ann = _contacts(ft)["Ann Lee"]
    assert ann["role"] == "hiring_officer" and ann["title"] == "Director of Analytics"
    assert ann["phone"] == "+1 (555) 010-0111" and ann["email"] == "ann.lee@acme.com"
    before = ft("export", "--json").stdout
    assert "0 contacts added, 0 updated" in ft("import", str(tmp_path / "ann.vcf"), "--application", "acme").stdout
    assert ft("export", "--json").stdout == before
    (tmp_path / "cy.vcf").write_text(CARD_40)
    ft("import", str(tmp_path / "cy.vcf"), "--application", "acme", "--role", "inside_contact")
    cy = _contacts(ft)["Cy Diaz"]
    assert cy["role"] == "inside_contact" and cy["phone"] == "+1-555-010-0199"
    kinds = [s["kind"] for s in json.loads(ft("plan", "acme", "--json").stdout)["steps"]]
    assert kinds == []  # no interview yet: nothing planned, but the people are there


def test_vcf_import_needs_an_application(ft: Cli, tmp_path: Path) -> None:
    _setup(ft)
    (tmp_path / "ann.vcf").write_text(PHONE_CARD)
    assert "--application" in ft("import", str(tmp_path / "ann.vcf"), code=2).output
    assert "no application" in ft("import", str(tmp_path / "ann.vcf"), "--application", "nope", code=2).output


def test_round_trip_through_khard(ft: Cli, tmp_path: Path) -> None:
    khard = need_tool("khard")
    _setup(ft)
    ft("contact", "add", "acme", "--name", "Ann Lee", "--role", "hiring_officer", "--key", "ann",
       "--title", "Director", "--phone", "+1 555 0111", "--email", "ann@acme.com")  # fmt: skip
    ft("contact", "add", "acme", "--name", "Bo Park", "--role", "interviewer", "--key", "bo", "--email", "bo@acme.com")
    book = tmp_path / "book"
    book.mkdir()
    config = tmp_path / "khard.conf"
    config.write_text(
        f"[addressbooks]\n[[followthrough]]\npath = {book}\n"
        "[general]\ndefault_action = list\neditor = /bin/true\nmerge_editor = /bin/true\n"
        "[vcard]\npreferred_version = 4.0\n"
    )

    def run(*args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [khard, "-c", str(config), *args], input=stdin, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    # Ours -> khard: each exported card is a file of khard's address book.
    exported = ft("export", "--vcard", "--application", "acme").stdout
    for i, card in enumerate(re.findall(r"BEGIN:VCARD.*?END:VCARD\r?\n", exported, re.S)):
        (book / f"{i}.vcf").write_text(card, newline="")
    assert sorted(line.split("\t")[1] for line in run("list", "--parsable").splitlines()) == ["Ann Lee", "Bo Park"]
    emails = [line for line in run("email", "--parsable").splitlines() if "\t" in line]
    assert {tuple(e.split("\t")[:2]) for e in emails} == {("ann@acme.com", "Ann Lee"), ("bo@acme.com", "Bo Park")}
    phones = [line.split("\t")[:2] for line in run("phone", "--parsable").splitlines() if "\t" in line]
    assert phones == [["+1 555 0111", "Ann Lee"]]
    # khard -> ours: a card khard writes itself (vCard 4.0), then its whole address book.
    run(
        "new", "-a", "followthrough",
        stdin="First name : Dana\nLast name : Kim\nOrganisation : Acme Corp\nTitle : Head of Data\n"
        "Phone :\n    work : +1 555 0222\nEmail :\n    work : dana.kim@acme.com\n",
    )  # fmt: skip
    written = [p for p in book.iterdir() if p.name not in ("0.vcf", "1.vcf")]
    assert len(written) == 1
    ft("import", str(written[0]), "--application", "acme", "--role", "inside_contact")
    dana = _contacts(ft)["Dana Kim"]
    assert (dana["title"], dana["phone"], dana["email"], dana["role"]) == (
        "Head of Data", "+1 555 0222", "dana.kim@acme.com", "inside_contact",
    )  # fmt: skip
    before = ft("export", "--json").stdout
    for path in sorted(book.iterdir()):  # everything khard holds, back in: nothing new, nothing lost
        ft("import", str(path), "--application", "acme")
    assert ft("export", "--json").stdout == before


def test_the_card_of_an_interviewer_makes_them_the_hiring_officer_when_there_is_none(ft: Cli, tmp_path: Path) -> None:
    _setup(ft)
    ft("contact", "add", "acme", "--name", "Ann Lee", "--role", "interviewer", "--key", "ann")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann")
    flagged = json.loads(ft("agenda", "--as-of", "2026-11-10", "--json").stdout)["steps"]
    assert any(s["kind"] == "call_hiring_officer" and s["contact"] is None for s in flagged)
    (tmp_path / "ann.vcf").write_text(PHONE_CARD)
    assert "1 updated" in ft("import", str(tmp_path / "ann.vcf"), "--application", "acme").stdout
    assert _contacts(ft)["Ann Lee"]["role"] == "hiring_officer"
    steps = json.loads(ft("plan", "acme", "--json").stdout)["steps"]
    assert [s["contact"] for s in steps if s["kind"] == "call_hiring_officer" and s["status"] == "pending"] == [
        "ann"
    ] * 3


def test_an_older_phone_export_in_vcard_21_with_quoted_printable_reads_too() -> None:
    from followthrough.interop.vcard import read_cards

    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:L=C3=A9e;Ann;;;\r\n"
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ann=20L=C3=A9e\r\nTEL;CELL:+15550100\r\nEND:VCARD\r\n"
    )
    [ann] = read_cards(text)
    assert (ann.name, ann.phones) == ("Ann Lée", ("+15550100",))
    [only_n] = read_cards("BEGIN:VCARD\nVERSION:4.0\nN:Lee;Ann;;;\nEMAIL;PREF=1:ann@acme.com\nEND:VCARD\n")
    assert (only_n.name, only_n.emails) == ("Ann Lee", ("ann@acme.com",))


def _fold(line: str) -> str:
    """RFC 6350 folding: 75 characters a line, continuations start with a space."""
    return "\r\n ".join(line[i : i + 74] for i in range(0, len(line), 74)) + "\r\n"


def test_a_card_with_a_properly_folded_80_kb_photo_imports(ft: Cli, tmp_path: Path) -> None:
    import base64

    photo = base64.b64encode(bytes(range(256)) * 240).decode()  # about 80 KB of base64
    assert len(photo) > 80_000
    text = PHONE_CARD.replace("NOTE:", _fold("PHOTO;ENCODING=b;TYPE=JPEG:" + photo) + "NOTE:")
    _setup(ft)
    path = tmp_path / "photo.vcf"
    path.write_text(text, newline="")
    assert "1 contact added" in ft("import", str(path), "--application", "acme").stdout
    assert _contacts(ft)["Ann Lee"]["email"] == "ann.lee@acme.com"


def test_an_unfolded_line_of_many_kilobytes_is_still_refused(tmp_path: Path) -> None:
    from followthrough.interop.vcard import read_cards
    from followthrough.services.errors import UserError

    with pytest.raises(UserError, match=r"card.vcf: line 4: a line of 60000 characters"):
        read_cards("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nNOTE:" + "n" * 59995 + "\r\nEND:VCARD\r\n", "card.vcf")


NIA = """BEGIN:VCARD\r
VERSION:3.0\r
N:Okafor;Nia;;Dr.;\r
FN:Dr. Nia Okafor\r
ORG:Globex Corporation;Analytics\r
TITLE:Head of Analytics\r
TEL;TYPE=CELL:+1 555 010 0300\r
TEL;TYPE=WORK,VOICE:+1 555 010 0301\r
EMAIL;TYPE=INTERNET:nia.okafor@globex.example\r
END:VCARD\r
"""


def test_name_parts_organization_unit_and_phone_types_survive_import_and_export(ft: Cli, tmp_path: Path) -> None:
    ft("profile", "set", "--name", "Jordan Rivera", "--timezone", "America/Chicago")
    ft("add", "Globex", "Analyst", "--id", "globex")
    (tmp_path / "nia.vcf").write_text(NIA, newline="")
    ft("import", str(tmp_path / "nia.vcf"), "--application", "globex")
    doc = json.loads(ft("export", "--json").stdout)
    [nia] = doc["applications"][0]["contacts"]
    assert nia["key"] == "nia" and nia["name"] == "Dr. Nia Okafor"
    assert (nia["organization"], nia["unit"]) == ("Globex Corporation", "Analytics")
    exported = ft("export", "--vcard").stdout
    lines = exported.splitlines()
    assert "N:Okafor;Nia;;Dr.;" in lines and "ORG:Globex Corporation;Analytics" in lines
    assert "TEL;TYPE=CELL:+1 555 010 0300" in lines and "TEL;TYPE=WORK:+1 555 010 0301" in lines
    # and back in: nothing changes
    (tmp_path / "again.vcf").write_text(exported, newline="")
    assert "0 contacts added, 0 updated" in ft("import", str(tmp_path / "again.vcf"), "--application", "globex").stdout
    assert ft("export", "--vcard").stdout == exported


def test_a_contact_key_skips_an_honorific_in_the_formatted_name(ft: Cli, tmp_path: Path) -> None:
    _setup(ft)
    (tmp_path / "p.vcf").write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Prof. Ravi Shah\r\nEND:VCARD\r\n", newline="")
    ft("import", str(tmp_path / "p.vcf"), "--application", "acme")
    assert _contacts(ft)["Prof. Ravi Shah"]["key"] == "ravi"
