"""The caseload as a CSV file: a spreadsheet opens it without running anything."""

from __future__ import annotations

import csv
import datetime as dt
import io

from followthrough.core.caseload import APPLIED, LateSteps, SeekerFacts, summarise
from followthrough.core.model import StepKind
from followthrough.interop.caseload_csv import CASELOAD_COLUMNS, write_caseload

TODAY = dt.date(2026, 11, 30)


def test_one_row_per_seeker_with_counts_and_reasons() -> None:
    late = LateSteps(1, "Initech", StepKind.THANK_YOU_NOTE, 1, dt.date(2026, 11, 26))
    summary = summarise(SeekerFacts(7, "Dee Ng", {APPLIED: 2}, dt.date(2026, 11, 26), late=(late,)), TODAY)
    rows = list(csv.DictReader(io.StringIO(write_caseload([summary]))))
    assert list(rows[0]) == list(CASELOAD_COLUMNS)
    assert rows[0]["seeker"] == "Dee Ng" and rows[0]["applied"] == "2" and rows[0]["active"] == "2"
    assert rows[0]["reasons"] == "thank-you note to Initech 4 days late"
    assert rows[0]["last_activity"] == "2026-11-26" and rows[0]["late_thank_you_notes"] == "1"


def test_names_and_companies_that_look_like_formulas_are_text() -> None:
    late = LateSteps(1, "=cmd|' /C calc'!A0", StepKind.CALL_INSIDE_CONTACT, 1, dt.date(2026, 11, 20))
    summary = summarise(SeekerFacts(7, "@SUM(A1:A9)", {}, None, late=(late,)), TODAY)
    (row,) = list(csv.reader(io.StringIO(write_caseload([summary]))))[1:]
    assert row[0] == "'@SUM(A1:A9)"
    assert all(cell[:1] not in ("=", "+", "-", "@", "\t", "\r") for cell in row)
