"""Drafts for every step kind, the on-site checklist, and templates a user overrides."""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path

import pytest

from tests.conftest import Cli


@pytest.fixture(autouse=True)
def _own_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    return config


def _setup(ft: Cli, timeframe: str | None = "two weeks") -> dict[str, str]:
    ft("profile", "set", "--name", "Jordan Rivera", "--address", "12 Elm St, Springfield IL", "--phone", "+1 555 0100")
    ft("profile", "set", "--email", "jordan@example.org", "--timezone", "America/Chicago")
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann", email="ann@acme.com")
    ft("contact", "add", "acme", "--name", "Bo Park", "--role", "interviewer", "--key", "bo")
    ft("contact", "add", "acme", "--name", "Cy Diaz", "--role", "inside_contact", "--key", "cy", "--phone", "555-0199")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann", "--with", "bo", "--final")
    if timeframe:
        ft("debrief", "acme", "--on", "2026-11-03", "--timeframe", timeframe)
    steps = json.loads(ft("plan", "acme", "--json").stdout)["steps"]
    return {f"{s['kind']}:{s['contact']}": s["id"] for s in steps if s["status"] == "pending"}


def test_thank_you_note_is_addressed_thanks_and_signs_with_the_profile(ft: Cli) -> None:
    steps = _setup(ft)
    out = ft("draft", steps["thank_you_note:bo"], "--notes", "the plan to rebuild the sales dashboards").stdout
    assert "Dear Bo," in out  # a salutation, by default the first name
    assert "November 3, 2026" in out and "Data Analyst" in out and "Acme Corp" in out
    assert "look forward to hearing from you" in out and "work at Acme Corp" in out
    assert "the plan to rebuild the sales dashboards." in out
    tail = out.rstrip().splitlines()[-4:]
    assert tail == ["Jordan Rivera", "12 Elm St, Springfield IL", "+1 555 0100", "jordan@example.org"]


def test_interview_notes_recorded_in_the_file_reach_the_note(ft: Cli, tmp_path: Path) -> None:
    _setup(ft)
    doc = json.loads(ft("export", "--json").stdout)
    doc["applications"][0]["events"][0]["notes"] = "your story about the migration weekend"
    (tmp_path / "n.json").write_text(json.dumps(doc))
    ft("import", str(tmp_path / "n.json"))
    steps = json.loads(ft("plan", "acme", "--json").stdout)["steps"]
    note = next(s["id"] for s in steps if s["kind"] == "thank_you_note" and s["contact"] == "ann")
    assert "your story about the migration weekend." in ft("draft", note).stdout


def test_interview_notes_recorded_on_the_command_line_reach_the_note(ft: Cli) -> None:
    _setup(ft)
    ft("interview", "acme", "--on", "2026-11-10", "--with", "bo", "--notes", "the warehouse tour")
    steps = json.loads(ft("plan", "acme", "--json").stdout)["steps"]
    note = next(s["id"] for s in steps if s["kind"] == "thank_you_note" and s["due"] == "2026-11-10")
    assert "the warehouse tour." in ft("draft", note).stdout


def test_call_scripts_mention_the_interview_and_promised_dates(ft: Cli) -> None:
    steps = _setup(ft)
    officer = ft("draft", steps["call_hiring_officer:ann"]).stdout
    assert "CALL SCRIPT" in officer and "VOICEMAIL" in officer
    assert officer.count("November 3, 2026") >= 2 and officer.count("November 17, 2026") >= 2
    inside = ft("draft", steps["call_inside_contact:cy"]).stdout
    assert "Hi Cy" in inside and "555-0199" in inside and "VOICEMAIL" in inside and "November 17, 2026" in inside


def test_call_script_without_a_promised_date_does_not_invent_one(ft: Cli) -> None:
    steps = _setup(ft, timeframe=None)
    out = ft("draft", steps["call_hiring_officer:ann"]).stdout
    assert "November 3, 2026" in out and "decision around" not in out and "hoped to decide" not in out


def test_last_resort_email_and_move_on(ft: Cli) -> None:
    steps = _setup(ft)
    mail = ft("draft", steps["email_hiring_officer:ann"]).stdout
    assert mail.startswith("To: Ann Lee <ann@acme.com>\nSubject: ")
    assert "where the position stands" in mail
    move_on = ft("draft", steps["move_on:None"]).stdout
    assert "no response" in move_on


def test_draft_as_eml_is_an_rfc5322_message_to_the_contact(ft: Cli, tmp_path: Path) -> None:
    steps = _setup(ft)
    ft("draft", steps["thank_you_note:ann"], "--eml", str(tmp_path / "note.eml"))
    raw = (tmp_path / "note.eml").read_bytes()
    assert b"\r\n" in raw and b"\r\nSubject: Thank you for the Data Analyst interview on" in raw
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["To"] == "Ann Lee <ann@acme.com>"
    assert message["From"] == "Jordan Rivera <jordan@example.org>"
    assert message["Message-ID"] and message["Date"] and "Thank you" in message["Subject"]
    assert "Dear Ann," in message.get_content()


def test_a_user_template_overrides_the_packaged_one(ft: Cli, _own_config_dir: Path) -> None:
    steps = _setup(ft)
    folder = _own_config_dir / "followthrough" / "drafts"
    folder.mkdir(parents=True)
    (folder / "thank_you_note.txt").write_text("Subject: Merci {{ contact_name }}\n\nMerci beaucoup, {{ name }}.\n")
    out = ft("draft", steps["thank_you_note:ann"]).stdout
    assert "Subject: Merci Ann Lee" in out and "Merci beaucoup, Jordan Rivera." in out
    assert "CALL SCRIPT" in ft("draft", steps["call_hiring_officer:ann"]).stdout  # the others still packaged
    (folder / "thank_you_note.txt").write_text("{% if %}broken\n")
    result = ft("draft", steps["thank_you_note:ann"], code=2)
    assert "thank_you_note.txt" in result.output and len(result.output.strip().splitlines()) == 1


def test_checklist_lists_the_six_items_for_the_interview(ft: Cli) -> None:
    _setup(ft)
    out = ft("checklist", "acme").stdout
    assert "Acme Corp" in out and "Ann Lee" in out
    assert [n for n in range(1, 7) if f"{n}. " in out] == [1, 2, 3, 4, 5, 6]
    from followthrough.services.mail.drafts import checklist_text

    assert checklist_text("acme") == out


def test_draft_for_service_returns_the_frozen_draft(ft: Cli) -> None:
    steps = _setup(ft)
    from followthrough.services.mail.drafts import Draft, draft_for

    draft = draft_for(steps["thank_you_note:ann"])
    assert isinstance(draft, Draft)
    assert (draft.kind, draft.to_name, draft.to_email) == ("thank_you_note", "Ann Lee", "ann@acme.com")
    with pytest.raises(AttributeError):
        draft.subject = "x"  # type: ignore[misc]
    assert "no step" in ft("draft", "zzzzzz", code=2).output


def test_call_scripts_have_no_addressee_header(ft: Cli) -> None:
    steps = _setup(ft)
    for key in ("call_hiring_officer:ann", "call_inside_contact:cy"):
        out = ft("draft", steps[key]).stdout
        assert not any(line.startswith("To:") for line in out.splitlines()), key
        assert "CALL SCRIPT" in out


def test_eml_of_a_call_or_move_on_step_is_refused_up_front(ft: Cli, tmp_path: Path) -> None:
    steps = _setup(ft)
    for key in ("call_hiring_officer:ann", "move_on:None"):
        result = ft("draft", steps[key], "--eml", str(tmp_path / "x.eml"), code=2)
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert "--eml" in result.output and "not an e-mail" in result.output
        assert "CALL SCRIPT" not in result.output and not (tmp_path / "x.eml").exists()
