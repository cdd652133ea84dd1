"""The job itself on an application (issue 11, point 4): the posting's address, location,
salary, notes, tags, priority and the stage before any interview, through every door
(the CLI, the services, the exchange format, the web forms), each checked the same way."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from followthrough.cli.main import cli
from followthrough.core import codec
from followthrough.core.codec_fields import InvalidData
from followthrough.core.job import Job, Stage, changed, check_tags, job_from_dict
from tests.conftest import Cli
from tests.test_web import WebClient, web_session

JOB = {
    "url": "https://jobs.acme.example/analyst?ref=board",
    "location": "Chicago, hybrid",
    "salary": "$95-110k",
    "notes": "Referred by Dana.\nAsk about the team's SQL stack.",
    "tags": ["remote", "python"],
    "priority": 1,
    "stage": "screening",
}


def _doc(**job: Any) -> dict[str, Any]:
    return {
        "format": "followthrough/1",
        "applications": [{"id": "acme", "company": "Acme Corp", "role": "Data Analyst", **job}],
    }


def _apps(ft: Cli) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in json.loads(ft("export", "--json").stdout)["applications"]}


def _listed(ft: Cli, *args: str) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in json.loads(ft("list", "--json", *args).stdout)["applications"]}


# -- the rules (pure) -----------------------------------------------------------------


def test_tags_are_trimmed_deduplicated_in_any_case_and_refuse_commas() -> None:
    assert check_tags([" remote ", "Python", "python", "REMOTE", "data eng"]) == ("remote", "Python", "data eng")
    with pytest.raises(InvalidData, match=r"tags\[1\]: 'a,b' holds a comma"):
        check_tags(["ok", "a,b"])
    with pytest.raises(InvalidData, match=r"tags\[0\]: an empty tag"):
        check_tags(["  "])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("url", "ftp://acme.example/job", "must start with http:// or https://"),
        ("url", "javascript:alert(1)", "must start with http:// or https://"),
        ("url", "https://", "must start with http:// or https://"),
        ("priority", 4, "not a priority: 1 (high), 2 or 3 (low)"),
        ("priority", True, "not a priority"),
        ("priority", "1", "not a priority"),  # the file format holds a number
        ("stage", "waiting", "comes from what was recorded"),
        ("stage", "Saved", "unknown stage 'Saved'"),
        ("location", "Chicago\nBcc: x", "it must be one line"),
        ("tags", "remote", "expected a list of words"),
    ],
)
def test_each_field_s_fault_names_its_json_path(field: str, value: Any, message: str) -> None:
    with pytest.raises(InvalidData, match=re.escape(message)) as fault:
        codec.document_from_dict(_doc(**{field: value}))
    assert fault.value.path.startswith(f"$.applications[0].{field}")


def test_people_s_words_for_a_priority_and_a_stage() -> None:
    typed = changed(Job(), priority="high", stage=" Screening ", tags=["a"], notes="line 1\nline 2")
    assert (typed.priority, typed.stage, typed.tags, typed.notes) == (1, Stage.SCREENING, ("a",), "line 1\nline 2")
    assert changed(typed, priority="", tags=[], notes="") == Job(stage=Stage.SCREENING)  # "" and [] clear
    assert job_from_dict({"salary": "  ", "url": ""}) == Job()  # empty is absent


# -- the exchange format ----------------------------------------------------------------


def test_export_import_export_is_identical_with_every_job_field(ft: Cli, another_db: str, tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(_doc(**JOB)))
    ft("import", str(path))
    first = ft("export", "--json").stdout
    assert json.loads(first)["applications"][0] | {} == {
        "id": "acme", "company": "Acme Corp", "role": "Data Analyst", "contacts": [], "events": [], **JOB,
    }  # fmt: skip
    (tmp_path / "backup.json").write_text(first)
    other = Cli(another_db)
    other("import", str(tmp_path / "backup.json"))
    assert other("export", "--json").stdout == first


def test_absent_fields_stay_absent(ft: Cli, tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(_doc(location="Remote")))
    ft("import", str(path))
    app = _apps(ft)["acme"]
    assert app["location"] == "Remote"
    assert not {"url", "salary", "notes", "tags", "priority", "stage"} & set(app)


def test_a_bad_job_field_in_a_file_changes_nothing(ft: Cli, tmp_path: Path) -> None:
    ft("add", "Globex", "Analyst", "--id", "globex", "--tag", "keep")
    before = ft("export", "--json").stdout
    doc = _doc(**JOB)
    doc["applications"].append(copy.deepcopy(doc["applications"][0]) | {"id": "initech", "tags": ["x", "y,z"]})
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    result = ft("import", str(path), code=2)
    assert "$.applications[1].tags[1]" in result.output and "comma" in result.output
    assert ft("export", "--json").stdout == before


# -- the command line ---------------------------------------------------------------------


def test_add_show_and_list_json_carry_the_job(ft: Cli) -> None:
    ft(
        "add", "Acme Corp", "Data Analyst", "--id", "acme", "--url", JOB["url"], "--location", "Chicago, hybrid",
        "--salary", "$95-110k", "--notes", JOB["notes"], "--tag", "remote", "--tag", " python ", "--tag", "Remote",
        "--priority", "high", "--stage", "screening",
    )  # fmt: skip
    ft("add", "Globex", "Analyst", "--id", "globex")
    listed = _listed(ft)
    assert {k: listed["acme"][k] for k in JOB} == JOB
    assert set(listed["globex"]) == {"id", "company", "role", "status", "outcome", "applied_on", "next_due"}
    assert list(_listed(ft, "--tag", "PYTHON")) == ["acme"]
    shown = ft("show", "acme").stdout
    for line in ("Stage before any interview: screening", "Priority: 1 (high)", "Tags: remote, python"):
        assert line in shown
    assert "[remote, python]" in ft("list").stdout


def test_edit_replaces_tags_clears_fields_and_keeps_what_it_replaced(ft: Cli) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme", "--tag", "a", "--tag", "b", "--salary", "$90k")
    assert "tags changed" in ft("edit", "acme", "--tag", "c").stdout
    assert _apps(ft)["acme"]["tags"] == ["c"]
    ft("edit", "acme", "--no-tags", "--salary", "", "--priority", "3", "--stage", "saved")
    app = _apps(ft)["acme"]
    assert ("tags" not in app, "salary" not in app, app["priority"], app["stage"]) == (True, True, 3, "saved")
    journal = json.loads(ft("journal", "--json").stdout)["journal"]
    assert journal[-1]["before"]["salary"] == "$90k" and journal[-1]["before"]["tags"] == ["c"]
    assert "--tag" in ft("edit", "--help").stdout and "--no-tags" in ft("edit", "--help").stdout


def test_a_stage_set_after_an_interview_is_kept_and_the_edit_says_the_board_shows_the_events(ft: Cli) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    ft("interview", "acme", "--on", "2026-11-03")
    result = CliRunner().invoke(cli, ["--db", ft.location, "edit", "acme", "--stage", "screening"])
    assert result.exit_code == 0 and "the board shows the stage its events give" in result.stderr
    assert _apps(ft)["acme"]["stage"] == "screening"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--url", "www.acme.example"), "Error: --url: 'www.acme.example' is not a web address"),
        (("--tag", "a, b"), "Error: --tag: 'a, b' holds a comma"),
        (("--location", "Chicago\u2028Bcc: x"), "Error: --location: contains a line break U+2028"),
        (("--tag", "a", "--no-tags"), "Error: --tag and --no-tags: give one or the other"),
    ],
)
def test_a_bad_value_on_the_command_line_is_one_line_and_changes_nothing(
    ft: Cli, args: tuple[str, ...], message: str
) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme", "--tag", "keep")
    before = ft("export", "--json").stdout
    result = ft("edit", "acme", *args, code=2)
    assert result.output.startswith(message) and len(result.output.strip().splitlines()) == 1
    assert ft("export", "--json").stdout == before
    if "--no-tags" not in args:  # an edit's option only
        added = ft("add", "Globex", "Analyst", *args, code=2)
        assert added.output.startswith(message)
        assert ft("export", "--json").stdout == before


# -- the web forms ---------------------------------------------------------------------------


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


FORM = {
    "company": "Acme Corp", "role": "Data Analyst", "url": JOB["url"], "location": "Chicago, hybrid",
    "salary": "$95-110k", "notes": "Referred by Dana.\r\nAsk about the team's SQL stack.", "tags": "remote; python",
    "priority": "1", "stage": "screening",
}  # fmt: skip


def test_the_web_forms_add_edit_and_show_the_job(web: WebClient, ft: Cli) -> None:
    page = web.follow(web.post("/applications/", FORM, "/applications/"))
    assert "Chicago, hybrid" in page and "$95-110k" in page and ">python</a>" in page
    assert "Ask about the team&#x27;s SQL stack." in page and "1 · high" in page
    slug = "acme-corp-data-analyst"
    assert {k: _apps(ft)[slug][k] for k in JOB} == JOB  # the textarea's \r\n kept as \n
    edit = f"/applications/{slug}/edit"
    form = web.get(edit).content.decode()
    assert 'value="remote, python"' in form and '<option value="screening" selected>' in form
    changed = FORM | {"tags": "python", "salary": "", "stage": "applied", "priority": ""}
    web.follow(web.post(edit, changed, edit))
    app = _apps(ft)[slug]
    assert (app["tags"], app["stage"], "salary" in app, "priority" in app) == (["python"], "applied", False, False)


def test_a_bad_web_address_in_the_form_is_a_400_that_changes_nothing(web: WebClient, ft: Cli) -> None:
    web.follow(web.post("/applications/", FORM, "/applications/"))
    before = ft("export", "--json").stdout
    slug = "acme-corp-data-analyst"
    response = web.post(f"/applications/{slug}/edit", FORM | {"url": "acme.example/jobs"}, f"/applications/{slug}/edit")
    assert response.status_code == 400
    # the form's label for the field (it said "Url", the command line's option without its dashes)
    assert "Job posting: &#x27;acme.example/jobs&#x27; is not a web address" in response.content.decode()
    added = web.post("/applications/", FORM | {"company": "Globex", "tags": "a,b;c,a, "}, "/applications/")
    assert added.status_code == 303  # , and ; both split: three tags, a once
    assert _apps(ft)["globex-data-analyst"]["tags"] == ["a", "b", "c"]
    refused = web.post("/applications/", FORM | {"company": "Initech", "priority": "7"}, "/applications/")
    assert refused.status_code == 400
    assert "initech-data-analyst" not in _apps(ft) and _apps(ft)[slug] == json.loads(before)["applications"][0]
