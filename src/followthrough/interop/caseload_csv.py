"""A coach's caseload as a CSV file: one row per job seeker, the summary's counts and
reasons. A cell a spreadsheet would run as a formula (a name typed as ``=HYPERLINK(...)``)
is written as plain text."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from followthrough.core.caseload import STAGES, SeekerSummary
from followthrough.interop.csv_tracker import neutralise

CASELOAD_COLUMNS = (
    "seeker", "attention", "reasons", "active", *STAGES, "overdue_steps", "most_overdue_days",
    "late_thank_you_notes", "waiting_past_promise", "last_activity", "days_without_activity",
)  # fmt: skip


def write_caseload(summaries: Sequence[SeekerSummary]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CASELOAD_COLUMNS)
    for s in summaries:
        values: list[object] = [
            s.name, s.attention, "; ".join(r.words for r in s.reasons), s.active,
            *(s.stages.get(stage, 0) for stage in STAGES), s.overdue, s.most_overdue_days,
            s.late_thank_you_notes, s.waiting_past_promise, s.last_activity, s.days_quiet,
        ]  # fmt: skip
        writer.writerow(neutralise("" if v is None else str(v)) for v in values)
    return out.getvalue()
