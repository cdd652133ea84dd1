"""Applications in from a spreadsheet, and their state out to one."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import Cli


def _apps(ft: Cli) -> dict[str, dict[str, object]]:
    return {a["id"]: a for a in json.loads(ft("export", "--json").stdout)["applications"]}


def test_tracker_export_with_its_own_headers_semicolons_and_latin1(ft: Cli, tmp_path: Path) -> None:
    text = (
        "Employer;Job Title;Date Applied;Recruiter;Recruiter Email;Salary\r\n"
        "Société Générale;Analyste;2026-10-01;Zoé Martin;zoe@socgen.example;55k\r\n"
        "Acme Corp;Data Analyst;10/05/2026;;;\r\n"
    )
    path = tmp_path / "tracker.csv"
    path.write_bytes(text.encode("cp1252"))
    assert "2 applications added" in ft("import", str(path)).stdout
    apps = _apps(ft)
    socgen = apps["societe-generale-analyste"]
    assert (socgen["company"], socgen["role"], socgen["applied_on"]) == ("Société Générale", "Analyste", "2026-10-01")
    assert [(c["name"], c["email"], c["role"]) for c in socgen["contacts"]] == [
        ("Zoé Martin", "zoe@socgen.example", "hiring_officer")
    ]
    assert apps["acme-corp-data-analyst"]["applied_on"] == "2026-10-05"


def test_map_overrides_the_header_defaults(ft: Cli, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Who\tWhat\tKey\nInitech\tTPS Analyst\tinitech\n", encoding="utf-8")
    result = ft("import", str(path), code=2)
    assert "no company column" in result.output and "--map" in result.output
    ft("import", str(path), "--map", "Who=company", "--map", "What=role", "--map", "Key=id")
    assert _apps(ft)["initech"]["role"] == "TPS Analyst"


def test_errors_name_the_row_and_column_and_change_nothing(ft: Cli, tmp_path: Path) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    before = ft("export", "--json").stdout
    path = tmp_path / "bad.csv"
    path.write_text("company,role,applied_on\nGlobex,Analyst,2026-10-01\nInitech,Analyst,31/31/2026\n")
    result = ft("import", str(path), code=2)
    assert result.output.strip() == (
        f"Error: {path}: row 3, column applied_on: '31/31/2026' is not a date (use YYYY-MM-DD)"
    )
    assert ft("export", "--json").stdout == before


def test_a_row_with_an_existing_id_updates_that_application(ft: Cli, tmp_path: Path) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme")
    path = tmp_path / "t.csv"
    path.write_text("id,company,role,applied_on\nacme,Acme Corp,Senior Data Analyst,2026-09-30\n")
    assert "0 applications added, 1 updated" in ft("import", str(path)).stdout
    assert _apps(ft)["acme"]["role"] == "Senior Data Analyst"
    assert "0 applications added, 0 updated" in ft("import", str(path)).stdout


def test_a_large_file_imports_whole(ft: Cli, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    rows = "".join(f"Company {i},Role {i},2026-10-{1 + i % 28:02d}\n" for i in range(500))
    path.write_text("Company,Position,Applied\n" + rows)
    assert "500 applications added" in ft("import", str(path)).stdout
    assert len(_apps(ft)) == 500


def test_export_csv_has_state_and_neutralises_formulas(ft: Cli) -> None:
    ft("profile", "set", "--timezone", "America/Chicago")
    ft("add", '=HYPERLINK("http://evil.example")', "+Analyst", "--id", "evil")
    ft("add", "Acme Corp", "@Data Analyst", "--id", "acme")
    ft("contact", "add", "acme", "--name", "-Ann Lee", "--role", "hiring_officer", "--key", "ann")
    ft("interview", "acme", "--on", "2026-11-03", "--with", "ann")
    ft("debrief", "acme", "--on", "2026-11-03", "--timeframe", "two weeks")
    rows = list(csv.DictReader(io.StringIO(ft("export", "--csv").stdout)))
    evil = next(r for r in rows if r["id"] == "evil")
    assert evil["company"] == '\'=HYPERLINK("http://evil.example")' and evil["role"] == "'+Analyst"
    acme = next(r for r in rows if r["id"] == "acme")
    assert acme["role"] == "'@Data Analyst" and acme["hiring_officer"] == "'-Ann Lee"
    assert (acme["status"], acme["next_step"], acme["next_due"]) == ("open", "thank_you_note", "2026-11-03")
    assert acme["last_interview"] == "2026-11-03" and acme["pending_steps"] == "6"
    for row in rows:
        assert not any(v[:1] in "=+-@" for v in row.values() if v)


def test_export_then_import_into_a_fresh_database_and_again_changes_nothing(
    ft: Cli, tmp_path: Path, another_db: str
) -> None:
    ft("add", "Acme Corp", "Data Analyst", "--id", "acme", "--applied-on", "2026-10-01")
    ft.contact("acme", "Ann Lee", "hiring_officer", key="ann", email="a@acme.com")
    ft("export", "--csv", "-o", str(tmp_path / "out.csv"))
    assert "0 applications added, 0 updated" in ft("import", str(tmp_path / "out.csv")).stdout
    plain = tmp_path / "plain.csv"
    plain.write_text("Company,Role\nGlobex,Analyst\n")
    ft("import", str(plain))
    before = ft("export", "--json").stdout
    assert "0 applications added, 0 updated" in ft("import", str(plain)).stdout  # no duplicate
    assert ft("export", "--json").stdout == before
    fresh = Cli(another_db)
    fresh("import", str(tmp_path / "out.csv"))
    acme = json.loads(fresh("export", "--json").stdout)["applications"][0]
    assert (acme["id"], acme["company"], acme["role"], acme["applied_on"]) == (
        "acme",
        "Acme Corp",
        "Data Analyst",
        "2026-10-01",
    )
    assert [(c["name"], c["email"], c["role"]) for c in acme["contacts"]] == [
        ("Ann Lee", "a@acme.com", "hiring_officer")
    ]


def test_a_large_file_shows_a_progress_bar_on_a_terminal(
    ft: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followthrough.cli import data

    monkeypatch.setattr(data, "_interactive", lambda: True)
    path = tmp_path / "big.csv"
    path.write_text("Company,Position\n" + "".join(f"Company {i},Role {i}\n" for i in range(300)))
    result = ft("import", str(path))
    assert "Importing" in result.stderr and "300 applications added" in result.stdout
    small = tmp_path / "small.csv"
    small.write_text("Company,Position\nAcme,Analyst\n")
    assert "Importing" not in ft("import", str(small)).stderr


@pytest.mark.parametrize(
    ("encoding", "company"),
    [
        ("cp1252", "Müller GmbH"),
        ("latin-1", "Müller GmbH"),
        ("cp1252", "Café “Noël” – Zürich"),
        ("latin-1", "Société Générale"),
    ],
)
def test_short_windows_1252_and_latin1_files_read_as_written(
    ft: Cli, tmp_path: Path, encoding: str, company: str
) -> None:
    path = tmp_path / "short.csv"
    path.write_bytes(f"Employer;Job Title\n{company};Entwickler\n".encode(encoding))
    ft("import", str(path))
    assert [a["company"] for a in _apps(ft).values()] == [company]


def test_utf8_with_a_bom_and_a_clearly_cyrillic_file_are_not_read_as_windows_1252() -> None:
    from followthrough.interop.csv_tracker import decode

    assert decode("\ufeffEmployer,Role\nMüller GmbH,Dev\n".encode(), "t.csv").startswith("Employer,Role\nMüller")
    russian = "Компания;Должность\nЯндекс;Аналитик данных\nСбербанк;Разработчик\n"
    assert decode(russian.encode("cp1251"), "t.csv") == russian


def test_our_own_csv_export_reads_back_identical_with_formula_like_values(ft: Cli, tmp_path: Path) -> None:
    ft("profile", "set", "--timezone", "America/Chicago")
    ft("add", "=cmd|' /C calc'!A0", "+SUM(A1:A2)", "--id", "evil")
    ft("add", "--id", "acme", "--", "@x Corp", "-bar")
    ft("contact", "add", "acme", "--name", "-Ann Lee", "--role", "hiring_officer", "--key", "ann")
    first = ft("export", "--csv").stdout
    assert "'=cmd" in first and "'+SUM" in first and "'-bar" in first and "'@x" in first
    (tmp_path / "out.csv").write_text(first, encoding="utf-8")
    ft("import", str(tmp_path / "out.csv"))
    assert ft("export", "--csv").stdout == first
    apps = _apps(ft)
    assert (apps["evil"]["company"], apps["evil"]["role"]) == ("=cmd|' /C calc'!A0", "+SUM(A1:A2)")
    assert (apps["acme"]["company"], apps["acme"]["role"]) == ("@x Corp", "-bar")


@pytest.mark.parametrize("flags", [("--ics", "--vcard"), ("--csv", "--ics"), ("--json", "--csv")])
def test_export_refuses_two_formats_at_once(ft: Cli, flags: tuple[str, str]) -> None:
    result = ft("export", *flags, code=2)
    assert len(result.output.strip().splitlines()) == 1 and "one format" in result.output
    assert flags[0] in result.output and flags[1] in result.output
