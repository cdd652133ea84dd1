"""Settings › Playbooks in the browser: every playbook with its values, the default to
choose, a TOML file to upload (checked as the command line checks the folder's files:
a fault named by line and key, nothing saved), where the files live; and the reminders
coming up. A refused request changes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.test_web import WebClient, web_session
from tests.test_web_corrections import _dump

PAGE = "/settings/playbooks/"
BRISK = b'# quicker\nfollow_ups = 2\nfollow_up_every_days = 4\nfollow_up_by = "email"\n'


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


@pytest.fixture(autouse=True)
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's config directory (XDG_CONFIG_HOME) and the playbooks folder in it."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "followthrough" / "playbooks"


def _upload(web: WebClient, name: str, content: bytes, replace: bool = False) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    fields: dict[str, object] = {"file": SimpleUploadedFile(name, content, "application/toml")}
    if replace:
        fields["replace"] = "on"
    return web.post(f"{PAGE}upload", fields, PAGE)


def _listed(ft: Cli) -> dict[str, dict[str, object]]:
    return {p["name"]: p for p in json.loads(ft("playbooks", "--json").stdout)["playbooks"]}


def test_the_page_lists_every_playbook_with_its_values_and_where_files_live(
    web: WebClient, ft: Cli, folder: Path
) -> None:
    html = web.get(PAGE).content.decode()
    assert '<h3 id="pb-column">column <span class="badge">your default</span></h3>' in html
    assert '<h3 id="pb-email-first">email-first</h3>' in html
    for key in ("thank_you_notes", "follow_ups", "follow_up_by", "follow_up_every_days", "no_promise_wait_days"):
        assert f"<code>{key}</code>" in html, key
    assert "<code>&quot;email&quot;</code>" in html and "<code>&quot;call&quot;</code>" in html
    assert f"<code>{folder}</code>" in html
    settings = web.get("/settings/").content.decode()
    assert 'href="/settings/playbooks/"' in settings and "Your default is <strong>column</strong>" in settings


def test_the_default_is_chosen_and_an_unknown_one_is_refused(web: WebClient, ft: Cli) -> None:
    page = web.follow(web.post(f"{PAGE}default", {"playbook": "email-first"}, PAGE))
    assert "Your default playbook is now email-first" in page
    assert _listed(ft)["email-first"]["default"] is True
    before = _dump(ft)
    refused = web.post(f"{PAGE}default", {"playbook": "nonesuch"}, PAGE)
    assert refused.status_code == 400 and "Unknown playbook &#x27;nonesuch&#x27;" in refused.content.decode()
    assert _dump(ft) == before


def test_an_uploaded_playbook_is_written_to_the_folder_and_kept(web: WebClient, ft: Cli, folder: Path) -> None:
    page = web.follow(_upload(web, "brisk.toml", BRISK))
    assert "Playbook brisk added." in page and str(folder / "brisk.toml") in page
    assert (folder / "brisk.toml").read_bytes() == BRISK
    listed = _listed(ft)["brisk"]
    assert listed["source"] == "file, stored"
    assert listed["values"]["follow_up_by"] == "email" and listed["values"]["follow_up_every_days"] == 4
    assert '<h3 id="pb-brisk">brisk</h3>' in web.get(PAGE).content.decode()


def test_bad_files_in_the_folder_are_counted_and_each_named_beside_the_good_ones(web: WebClient, folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "gentle.toml").write_text('follow_ups = 2\nfollow_up_by = "email"\n')
    (folder / "bad.toml").write_text('follow_ups = "lots"\n')
    (folder / "typo.toml").write_text("folow_ups = 2\n")
    html = web.get(PAGE).content.decode()
    assert '<h3 id="pb-gentle">gentle</h3>' in html
    assert "2 of your playbook files could not be read:" in html and "One of your playbook files" not in html
    assert "<li>bad.toml, line 1, key “follow_ups”:" in html and "<li>typo.toml, line 1, key “folow_ups”:" in html


def test_a_bad_file_is_refused_by_line_and_key_and_nothing_is_saved(web: WebClient, ft: Cli, folder: Path) -> None:
    before = _dump(ft)
    bad = b'follow_ups = 2\n\nfollow_up_by = "fax"\n'
    refused = _upload(web, "brisk.toml", bad)
    html = refused.content.decode()  # type: ignore[attr-defined]
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "brisk.toml: line 3: follow_up_by" in html and "Nothing was saved." in html
    for name, content in (
        ("brisk.toml", b"follow_ups = [\n"),  # not TOML
        ("column.toml", b"follow_ups = 2\n"),  # a built-in's name
        ("Brisk Plan.toml", b"follow_ups = 2\n"),  # not a playbook name
        ("brisk.txt", b"follow_ups = 2\n"),
        ("brisk.toml", b"colour = 2\n"),  # an unknown key
    ):
        assert _upload(web, name, content).status_code == 400, name  # type: ignore[attr-defined]
    assert not folder.exists() or not list(folder.iterdir())
    assert _dump(ft) == before and "brisk" not in _listed(ft)


def test_a_playbook_of_the_same_name_is_replaced_only_when_asked(web: WebClient, ft: Cli, folder: Path) -> None:
    web.follow(_upload(web, "brisk.toml", BRISK))
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme", "--playbook", "brisk")
    before = _dump(ft)
    slower = BRISK.replace(b"= 4", b"= 9")
    refused = _upload(web, "brisk.toml", slower)
    html = refused.content.decode()  # type: ignore[attr-defined]
    assert refused.status_code == 400 and "You have a playbook called &#x27;brisk&#x27; already" in html  # type: ignore[attr-defined]
    assert "Tick “Replace my playbook of that name” to replace it. Nothing was saved." in html
    assert (folder / "brisk.toml").read_bytes() == BRISK and _dump(ft) == before
    page = web.follow(_upload(web, "brisk.toml", slower, replace=True))
    assert "Playbook brisk replaced; the applications on it are planned again." in page
    assert (folder / "brisk.toml").read_bytes() == slower
    assert _listed(ft)["brisk"]["values"]["follow_up_every_days"] == 9


# -- the reminders coming up ----------------------------------------------------------------


def test_the_reminders_coming_up_are_listed_with_channel_step_and_when(web: WebClient, ft: Cli) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann")
    ft("interview", "acme", "--on", "2031-03-14", "--with", "ann")  # today: the note is due now
    ft("debrief", "acme", "--on", "2031-03-14", "--timeframe", "a week")
    html = web.get("/reminders/").content.decode()
    rows = html.split("<tbody>")[1].split("</tbody>")[0]
    assert "At the next run" in rows and "Send a thank-you note to Ann Lee" in rows
    assert "Call Ann Lee" in rows and ", 08:00</td>" in rows
    assert "The window running followthrough" in rows
    assert 'href="/reminders/"' in web.get("/settings/").content.decode()
    ft("remind")  # the terminal has had today's
    after = web.get("/reminders/").content.decode()
    assert "Send a thank-you note to Ann Lee" not in after and "Call Ann Lee" in after


def test_an_account_on_the_server_keeps_its_upload_in_its_job_search_only(db: str, folder: Path) -> None:
    """The server's folder is no one's own: another account never sees the file."""
    from followthrough.services.jobsearch import list_playbooks, own_folder, upload_playbook
    from followthrough.services.owners import acting_as
    from followthrough.store.models import User

    eve = User.objects.create_user(username="eve@example.org", first_name="Eve")
    with acting_as(eve):
        assert own_folder() is None
        uploaded = upload_playbook("brisk.toml", BRISK)
        assert uploaded.path is None and not folder.exists()
        assert {item.book.name: item.source for item in list_playbooks().books}["brisk"] == "stored"
    bo = User.objects.create_user(username="bo@example.org", first_name="Bo")
    with acting_as(bo):
        assert "brisk" not in {item.book.name for item in list_playbooks().books}
