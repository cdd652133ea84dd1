"""The job's fields in spreadsheets: other trackers' columns and status words in, our own
export out and back in unchanged."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli


def _apps(ft: Cli) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in json.loads(ft("export", "--json").stdout)["applications"]}


JOB_KEYS = ("url", "location", "salary", "notes", "tags", "priority", "stage")


def _job(app: dict[str, Any]) -> dict[str, Any]:
    return {k: app[k] for k in JOB_KEYS if k in app}


def test_another_tracker_s_columns_and_status_words(ft: Cli, tmp_path: Path) -> None:
    path = tmp_path / "huntr.csv"
    path.write_text(
        "Company,Job Title,Status,Job URL,Location,Salary,Notes,Tags,Priority\n"
        'Acme,Analyst,Wishlist,https://acme.example/1,Remote,$90-100k,"Dana referred me\nCall Tue",'
        '"remote; python, Remote",High\n'
        "Globex,Engineer,Phone screen,,,,,,2\n"
        "Initech,Ops,Applied,,,,,,\n"
        "Hooli,Dev,Bookmarked,,,,,,low\n"
    )
    assert "4 applications added" in ft("import", str(path)).stdout
    apps = _apps(ft)
    assert _job(apps["acme-analyst"]) == {
        "url": "https://acme.example/1", "location": "Remote", "salary": "$90-100k",
        "notes": "Dana referred me\nCall Tue", "tags": ["remote", "python"], "priority": 1, "stage": "saved",
    }  # fmt: skip
    assert _job(apps["globex-engineer"]) == {"priority": 2, "stage": "screening"}
    assert _job(apps["initech-ops"]) == {"stage": "applied"}
    assert _job(apps["hooli-dev"]) == {"priority": 3, "stage": "saved"}
    later = tmp_path / "later.csv"  # a stage after the interview is the events' to give: left open, no stage
    later.write_text("Company,Role,Stage\nUmbrella,Chemist,Interviewing\n")
    ft("import", str(later))
    assert _job(_apps(ft)["umbrella-chemist"]) == {} and _apps(ft)["umbrella-chemist"]["events"] == []
    assert all(a.get("events") == [] for a in apps.values())  # open: nothing closed them


def test_map_reads_a_column_of_another_name_as_a_job_field(ft: Cli, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Employer,Role,Posting link,Where,Pipeline\nAcme,Analyst,https://a.example/9,Berlin,Screening\n")
    ft("import", str(path), "--map", "Posting link=url", "--map", "Where=location", "--map", "Pipeline=stage")
    assert _job(_apps(ft)["acme-analyst"]) == {"url": "https://a.example/9", "location": "Berlin", "stage": "screening"}
    assert "url" in ft("import", "--help").stdout and "priority" in ft("import", "--help").stdout


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("Acme,Analyst,not a link,,", "row 3, column Link: 'not a link' is not a web address"),
        ("Acme,Analyst,,top,", "row 3, column Priority: 'top' is not a priority"),
        ("Acme,Analyst,https://a.example/x y,,", "row 3, column Link: 'https://a.example/x y' is not a web address"),
    ],
)
def test_a_bad_job_cell_names_its_row_and_column_and_changes_nothing(
    ft: Cli, tmp_path: Path, cells: str, message: str
) -> None:
    ft("add", "Keep", "Me", "--id", "keep", "--tag", "x")
    before = ft("export", "--json").stdout
    path = tmp_path / "bad.csv"
    path.write_text(f"Company,Role,Link,Priority,Stage\nGlobex,Analyst,,,\n{cells}\n")
    result = ft("import", str(path), code=2)
    assert result.output.startswith(f"Error: {path}: {message}"), result.output
    assert len(result.output.strip().splitlines()) == 1
    assert ft("export", "--json").stdout == before


def test_export_csv_writes_the_job_and_import_reads_it_back(ft: Cli, another_db: str, tmp_path: Path) -> None:
    ft(
        "add", "Acme Corp", "Data Analyst", "--id", "acme", "--url", "https://acme.example/jobs/1", "--location",
        "Chicago", "--salary", "=$95-110k", "--notes", "two\nlines", "--tag", "remote", "--tag", "sql",
        "--priority", "2", "--stage", "saved",
    )  # fmt: skip
    ft("add", "Globex", "Engineer", "--id", "globex")
    out = tmp_path / "out.csv"
    ft("export", "--csv", "-o", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert {k: rows[0][k] for k in JOB_KEYS} == {
        "url": "https://acme.example/jobs/1", "location": "Chicago", "salary": "'=$95-110k",
        "notes": "two\nlines", "tags": "remote, sql", "priority": "2", "stage": "saved",
    }  # fmt: skip
    assert {k: rows[1][k] for k in JOB_KEYS} == dict.fromkeys(JOB_KEYS, "")
    other = Cli(another_db)
    other("import", str(out))
    assert {a: _job(app) for a, app in _apps(other).items()} == {a: _job(app) for a, app in _apps(ft).items()}
    # Into the same job search: the rows find their applications by id; a cell changed wins.
    out.write_text(out.read_text().replace("remote, sql", "sql; onsite"))
    assert "1 updated" in ft("import", str(out)).stdout
    assert _apps(ft)["acme"]["tags"] == ["sql", "onsite"] and _apps(ft)["acme"]["salary"] == "=$95-110k"
