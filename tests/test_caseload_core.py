"""The caseload's pure core: a coach reads who needs attention first, and why, in words."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from followthrough.core.caseload import (
    APPLIED,
    INTERVIEWED,
    QUIET_DAYS,
    LateSteps,
    SeekerFacts,
    Waiting,
    attention_first,
    late_words,
    summarise,
    waiting_words,
)
from followthrough.core.model import StepKind

TODAY = dt.date(2026, 11, 30)


def ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def test_the_words_of_the_issue() -> None:
    waiting = Waiting(1, "Acme", ago(12), made=0, planned=3)
    said = waiting_words(waiting, TODAY)
    assert said == "called Acme's hiring officer 0 of 3 times since the promised date, 12 days ago"
    note = LateSteps(2, "Initech", StepKind.THANK_YOU_NOTE, 1, ago(4))
    assert late_words(note, TODAY) == "thank-you note to Initech 4 days late"
    quiet = summarise(SeekerFacts(1, "Dee", {APPLIED: 2}, last_activity=ago(23)), TODAY)
    assert [r.words for r in quiet.reasons] == ["no activity for 23 days"]


def test_other_late_steps_say_what_and_where() -> None:
    def words(kind: StepKind, n: int = 1, late: int = 1) -> str:
        return late_words(LateSteps(1, "Acme", kind, n, ago(late)), TODAY)

    assert words(StepKind.CALL_INSIDE_CONTACT, late=5) == "call to an inside contact at Acme 5 days overdue"
    assert words(StepKind.EMAIL_HIRING_OFFICER) == "last-resort e-mail to Acme's hiring officer 1 day overdue"
    assert words(StepKind.CALL_HIRING_OFFICER, 2, 9) == "2 calls to Acme's hiring officer, the first 9 days overdue"
    assert words(StepKind.THANK_YOU_NOTE, 2, 3) == "2 thank-you notes to Acme, the first 3 days late"
    assert words(StepKind.MOVE_ON, late=7) == "deciding whether to move on from Acme: 7 days overdue"
    by_mail = Waiting(1, "Acme", ago(1), made=1, planned=2, by_email=True)
    said = waiting_words(by_mail, TODAY)
    assert said == "wrote to Acme's hiring officer 1 of 2 times since the promised date, yesterday"


def test_a_late_follow_up_is_told_once_in_the_waiting_line() -> None:
    facts = SeekerFacts(
        1,
        "Eve",
        {INTERVIEWED: 1},
        last_activity=ago(2),
        late=(LateSteps(7, "Acme", StepKind.CALL_HIRING_OFFICER, 1, ago(11)),),
        waiting=(Waiting(7, "Acme", ago(12), made=0, planned=3),),
    )
    summary = summarise(facts, TODAY)
    assert [r.words for r in summary.reasons] == [
        "called Acme's hiring officer 0 of 3 times since the promised date, 12 days ago"
    ]
    assert summary.overdue == 1 and summary.most_overdue_days == 11 and summary.waiting_past_promise == 1


def test_who_needs_attention_first() -> None:
    calm = SeekerFacts(1, "Ann", {INTERVIEWED: 3}, last_activity=ago(1))
    late_note = SeekerFacts(
        2, "Bo", {INTERVIEWED: 1}, ago(1), late=(LateSteps(5, "Initech", StepKind.THANK_YOU_NOTE, 1, ago(4)),)
    )
    stuck = SeekerFacts(3, "Cy", {INTERVIEWED: 1}, ago(13), waiting=(Waiting(6, "Acme", ago(12), made=0, planned=3),))
    quiet = SeekerFacts(4, "Di", {APPLIED: 1}, ago(QUIET_DAYS + 2))
    ordered = attention_first(summarise(f, TODAY) for f in (calm, late_note, stuck, quiet))
    assert [s.name for s in ordered] == ["Bo", "Cy", "Di", "Ann"]
    assert ordered[-1].reasons == ()


def test_quiet_starts_counting_at_the_threshold() -> None:
    assert summarise(SeekerFacts(1, "A", {}, ago(QUIET_DAYS - 1)), TODAY).reasons == ()
    assert summarise(SeekerFacts(1, "A", {}, ago(QUIET_DAYS)), TODAY).reasons[0].words == "no activity for 14 days"
    assert summarise(SeekerFacts(1, "A", {}), TODAY).reasons[0].words == "nothing recorded yet"


COMPANIES = ("Acme", "Initech", "Globex", "Umbrella")  # an application's company, by its id

lates = st.integers(1, 20).flatmap(
    lambda app: st.builds(
        LateSteps,
        application=st.just(app),
        company=st.just(COMPANIES[app % 4]),
        kind=st.sampled_from(list(StepKind)),
        count=st.integers(1, 4),
        due=st.integers(1, 90).map(ago),
    )
)
waitings = st.integers(1, 20).flatmap(
    lambda app: st.builds(
        Waiting,
        application=st.just(app),
        company=st.just(COMPANIES[app % 4]),
        promised=st.integers(1, 90).map(ago),
        made=st.integers(0, 3),
        planned=st.integers(0, 3),
        by_email=st.booleans(),
    )
)
seekers = st.builds(
    SeekerFacts,
    seeker=st.integers(1, 10**6),
    name=st.text(max_size=8),
    stages=st.dictionaries(st.sampled_from([APPLIED, INTERVIEWED, "offer", "rejected"]), st.integers(0, 9)),
    last_activity=st.none() | st.integers(0, 200).map(ago),
    late=st.lists(lates, max_size=5),
    waiting=st.lists(waitings, max_size=3, unique_by=lambda w: w.application),
)


@given(seekers)
def test_every_late_step_and_promise_is_told_and_the_words_name_no_person(facts: SeekerFacts) -> None:
    summary = summarise(facts, TODAY)
    text = " | ".join(r.words for r in summary.reasons)
    for late in facts.late:
        assert late.company in text
    assert len([r for r in summary.reasons if "promised date" in r.words or "no answer" in r.words]) == len(
        facts.waiting
    )
    assert all(r.urgency > 0 for r in summary.reasons)
    assert list(summary.reasons) == sorted(summary.reasons, key=lambda r: (-r.urgency, r.words))
    assert summary.overdue == sum(late.count for late in facts.late)


@given(st.lists(seekers, max_size=6), st.randoms())
def test_the_order_does_not_depend_on_the_order_read(many: list[SeekerFacts], rng) -> None:  # type: ignore[no-untyped-def]
    summaries = [summarise(f, TODAY) for f in many]
    shuffled = list(summaries)
    rng.shuffle(shuffled)
    first, second = attention_first(summaries), attention_first(shuffled)
    assert [s.attention for s in first] == sorted((s.attention for s in summaries), reverse=True)
    assert [(s.seeker, s.name) for s in first] == [(s.seeker, s.name) for s in second] or len(
        {(s.seeker, s.name) for s in summaries}
    ) < len(summaries)


@given(lates)
def test_more_lateness_is_never_less_urgent(late: LateSteps) -> None:
    later = LateSteps(late.application, late.company, late.kind, late.count, late.due - dt.timedelta(days=1))
    one = summarise(SeekerFacts(1, "A", {}, TODAY, late=(late,)), TODAY)
    two = summarise(SeekerFacts(1, "A", {}, TODAY, late=(later,)), TODAY)
    assert two.attention > one.attention
