"""Who is the same person, as the user says (issue 21 point 3): two contacts linked with
`contact link` are one card whatever their addresses; `contact unlink` splits a contact
from whoever shares their address; the link is the exchange format's `person`, written
only when set and read back as it was written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Cli
from tests.racing import commands_at_once
from tests.test_one_call_per_person import _job_search
from tests.test_web import web_session

PERSONAL = "ann.private@mail.example"  # Ann's address on the engineer role: not Acme's


def _together(ft: Cli) -> list[tuple[str, list[str]]]:
    """Each due call on the agenda with the applications its card also names."""
    steps = json.loads(ft("agenda", "--json").stdout)["steps"]
    return [
        (s["application"], [c["application"] for c in s.get("together") or []])
        for s in steps
        if s["kind"] == "call_hiring_officer"
    ]


def _contacts(ft: Cli) -> dict[str, list[dict[str, Any]]]:
    apps = json.loads(ft("export", "--json").stdout)["applications"]
    return {a["id"]: a["contacts"] for a in apps}


def test_linking_two_contacts_with_different_addresses_makes_one_card(ft: Cli, tmp_path: Path) -> None:
    _job_search(ft, tmp_path, "2031-03-19", second=PERSONAL)
    assert _together(ft) == [("analyst-0", [])], "different addresses: two people"
    said = ft("contact", "link", "engineer-0", "lee", "--with", "analyst-0:ann").stdout
    assert said == "Ann Lee (engineer-0) and Ann Lee (analyst-0) are one person to call now.\n"
    assert _together(ft) == [("analyst-0", ["engineer-0"])]
    text = ft("agenda").stdout
    assert "also about Data Engineer (engineer-0, due Thu 2031-03-20)" in text
    ft("contact", "unlink", "engineer-0", "lee")
    assert _together(ft) == [("analyst-0", [])], "unlinked: two cards again"


def test_unlinking_splits_a_contact_from_one_with_the_same_address(ft: Cli, tmp_path: Path) -> None:
    _job_search(ft, tmp_path, "2031-03-19")  # the same address, differently written
    assert _together(ft) == [("analyst-0", ["engineer-0"])]
    said = ft("contact", "unlink", "engineer-0", "lee").stdout
    assert said == "Ann Lee (engineer-0) is a person of their own now: their calls get cards of their own.\n"
    assert _together(ft) == [("analyst-0", [])]
    refused = ft("contact", "unlink", "engineer-0", "lee", code=2)
    assert "is a person of their own already: nothing changed" in refused.output


def test_a_link_is_written_only_when_set_and_read_back_as_written(ft: Cli, tmp_path: Path, another_db: str) -> None:
    _job_search(ft, tmp_path, "2031-03-19", second=PERSONAL)
    assert all("person" not in c for contacts in _contacts(ft).values() for c in contacts), "never set: not written"
    ft("contact", "link", "engineer-0", "lee", "--with", "analyst-0:ann")
    written = _contacts(ft)
    person = written["analyst-0"][0]["person"]
    assert person and written["engineer-0"][0]["person"] == person
    backup = ft("export", "--json").stdout
    path = tmp_path / "backup.json"
    path.write_text(backup)
    elsewhere = Cli(another_db)
    elsewhere("import", str(path))
    assert elsewhere("export", "--json").stdout == backup, "round trip: identical"
    assert _together(elsewhere) == [("analyst-0", ["engineer-0"])], "still one person after the import"


def test_a_refused_link_changes_nothing(ft: Cli, tmp_path: Path) -> None:
    _job_search(ft, tmp_path, "2031-03-19", second=PERSONAL)
    before = ft("export", "--json").stdout
    same = ft("contact", "link", "engineer-0", "lee", "--with", "engineer-0:lee", code=2)
    assert "link a contact with one in another application" in same.output
    nobody = ft("contact", "link", "engineer-0", "lee", "--with", "analyst-0:bob", code=2)
    assert "no contact 'bob' in analyst-0 (contacts: ann)" in nobody.output
    shape = ft("contact", "link", "engineer-0", "lee", "--with", "analyst-0", code=2)
    assert "as APPLICATION:KEY" in shape.output
    assert ft("export", "--json").stdout == before


def test_on_the_application_page_a_person_is_linked_unlinked_or_added_as_someone_else(ft: Cli, tmp_path: Path) -> None:
    _job_search(ft, tmp_path, "2031-03-19", second=PERSONAL)
    for web in web_session():
        page = "/applications/engineer-0/"
        shown = web.get(page).content.decode()
        assert "One person to call with" not in shown
        assert '<option value="analyst-0:ann">Ann Lee (Acme Corp · Data Analyst)</option>' in shown
        done = web.follow(web.post(f"{page}contacts/lee/link", {"with": "analyst-0:ann"}, page))
        assert "Ann Lee and Ann Lee of analyst-0 are one person to call now: one card for their calls." in done
        assert "One person to call with Ann Lee (Acme Corp · Data Analyst): one card for their calls." in done
        assert _together(ft) == [("analyst-0", ["engineer-0"])]
        done = web.follow(web.post(f"{page}contacts/lee/unlink", {}, page))
        assert "Ann Lee is a person of their own now: their calls get cards of their own." in done
        assert "One person to call with" not in done and _together(ft) == [("analyst-0", [])]
        # Someone whose address is on the analyst role, added as someone else: no card joins them.
        form = {"name": "Ann Lee", "role": "interviewer", "email": "ann.lee@acme.example", "anyway": "apart"}
        web.follow(web.post(f"{page}contacts", form, page))
        assert "ann.lee@acme.example" in ft("show", "engineer-0").stdout
        assert "One person to call with" not in web.get(page).content.decode()


def test_two_processes_linking_the_same_two_people_each_way_agree(ft: Cli, tmp_path: Path) -> None:
    from django.db import connections

    for n in range(3):
        _job_search(ft, tmp_path, "2031-03-19", n, second=PERSONAL)
        connections.close_all()
        one_way = ["--db", ft.location, "contact", "link", f"analyst-{n}", "ann", "--with", f"engineer-{n}:lee"]
        other_way = ["--db", ft.location, "contact", "link", f"engineer-{n}", "lee", "--with", f"analyst-{n}:ann"]
        said = []
        for racer in commands_at_once([one_way, other_way]):
            out, err = racer.communicate(timeout=120)
            assert racer.returncode in (0, 2), err
            said.append((racer.returncode, out + err))
        assert [code for code, _ in said].count(0) >= 1, said
        assert all("one person already: nothing changed" in text for code, text in said if code), said
        linked = [c.get("person") for app, contacts in _contacts(ft).items() if app.endswith(f"-{n}") for c in contacts]
        assert len(set(linked)) == 1 and linked[0], f"round {n}: one key for both ({said})"
        assert (f"analyst-{n}", [f"engineer-{n}"]) in _together(ft)
