"""`followthrough stats` gives what the Statistics page shows: the same service's numbers,
as text and as the JSON docs/exchange.md documents."""

from __future__ import annotations

import json
import re

from followthrough.services.jobsearch import business_calendar, today
from followthrough.services.pages import compute
from tests.conftest import Cli
from tests.test_json_output import EXAMPLES, same_shape


def _printed(ft: Cli) -> dict[str, object]:
    return json.loads(ft("stats", "--json").stdout)


def test_stats_json_has_the_statistics_page_s_numbers_on_a_demo(ft: Cli) -> None:
    ft("demo")
    found = compute(today(), business_calendar())
    printed = _printed(ft)
    same_shape(printed, EXAMPLES["stats"]["example"], EXAMPLES["stats"])
    assert printed["as_of"] == today().isoformat()
    assert (printed["applications"], printed["active"], printed["interviewed"], printed["answered"]) == (
        found.applications,
        found.active,
        found.interviewed,
        found.answered,
    )
    assert (printed["promises_due"], printed["promises_kept"]) == (found.promises_due, found.promises_kept)
    assert (printed["response_rate"], printed["promises_kept_share"]) == (
        found.response_rate,
        found.promises_kept_share,
    )
    assert printed["median_days_to_answer"] == found.median_days_to_answer
    assert printed["days_to_answer"] == list(found.days_to_answer)
    assert [(w["label"], w["applications"]) for w in printed["waits"]] == found.wait_histogram()
    assert {k: n for k, n in printed["outcomes"].items() if n} == found.outcomes
    assert printed["playbooks"] == [
        {"name": name, "applications": a, "interviewed": i, "answered": r}
        for name, (a, i, r) in found.by_playbook.items()
    ]
    # the demo has something in each figure, so the numbers above were not all zeros
    assert found.applications == 4 and found.answered and found.promises_due and found.days_to_answer


def test_stats_prints_the_page_s_figures_as_aligned_text(ft: Cli) -> None:
    ft("demo")
    found = compute(today(), business_calendar())
    lines = ft("stats").stdout.splitlines()
    assert lines[0] == f"Statistics on {today():%a %Y-%m-%d}"
    rate = round(found.answered / found.interviewed * 100)
    figures = {line.split("  ")[0]: line for line in lines[2:6]}
    assert figures["Response rate"].split() == [
        "Response",
        "rate",
        f"{rate}%",
        *f"{found.answered} of {found.interviewed} interviewed".split(),
    ]
    assert figures["Applications still active"].split()[-3:] == [str(found.active), "of", str(found.applications)]
    assert f"{found.median_days_to_answer:g} days" in figures["Time to an answer"]
    # the values start in one column, and so do the words after them
    assert len({re.match(r".+?\s{2,}(\S)", line).start(1) for line in lines[2:6]}) == 1, lines[2:6]  # type: ignore[union-attr]
    assert len({re.match(r".+?\s{2,}\S+(?: days)?\s{2,}(\S)", line).start(1) for line in lines[2:6]}) == 1  # type: ignore[union-attr]
    assert "  Rejected         1" in lines and "  Still open       3" in lines
    assert "Response rate by playbook" not in lines  # one playbook in use: nothing to compare


def test_with_two_playbooks_stats_compares_their_response_rates(ft: Cli) -> None:
    ft("demo")
    ft("playbook", "set", "globex-pm", "email-first")
    text = ft("stats").stdout
    assert "Response rate by playbook" in text
    table = text.split("Response rate by playbook\n", 1)[1].splitlines()
    assert table[0].split() == ["Playbook", "Applications", "Interviewed", "Got", "an", "answer", "Response", "rate"]
    assert table[1].split()[:4] == ["column", "3", "3", "1"]
    assert table[2].split() == ["email-first", "1", "1", "0", "0%"]
    printed = _printed(ft)
    assert [p["name"] for p in printed["playbooks"]] == ["column", "email-first"]


def test_stats_of_an_empty_job_search_says_there_is_nothing_to_count(ft: Cli) -> None:
    printed = _printed(ft)
    assert printed["applications"] == 0 and printed["response_rate"] is None
    assert printed["median_days_to_answer"] is None and printed["playbooks"] == []
    same_shape(printed, EXAMPLES["stats"]["example"], EXAMPLES["stats"])
    text = ft("stats").stdout
    assert "Response rate              –" in text and "Only 0 applications" not in text
