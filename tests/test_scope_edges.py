"""Every edge of a job seeker's scope fails closed: a read outside any scope raises instead
of answering with everyone's rows, and a read inside one never answers with another
seeker's. Two job seekers share the database (tests.test_owners' ``seekers``)."""

from __future__ import annotations

import contextvars
from typing import Any

import pytest
from django_scopes.exceptions import ScopeError

from tests.test_owners import SLUG, Seekers, seekers  # noqa: F401 (a fixture)


def _step_ids() -> list[str]:
    from followthrough.store.models import Step

    return sorted(Step.objects.values_list("id", flat=True))


def _claimed(step_ids: list[str]) -> list[Any]:
    from followthrough.store.outbox import ClaimedStep

    return [ClaimedStep(n, sid, "pending", None, "", None, SLUG, "", "", None) for n, sid in enumerate(step_ids)]


def _unscoped(call: Any) -> Any:
    """``call`` run in a fresh context: no scope entered, as in a thread nobody scoped."""
    return contextvars.Context().run(call)


def test_the_outbox_reads_steps_again_only_for_the_acting_seeker(seekers: Seekers) -> None:
    """The reminder pass reads its claimed steps again before delivery by their key range:
    another seeker's steps in that range are never read."""
    from followthrough.store import outbox

    mine = _step_ids()
    with seekers.as_ana():
        anas = _step_ids()
    assert any(mine[0] < sid < mine[-1] for sid in anas)  # the range holds some of Ana's steps
    now = outbox.states_now(_claimed(mine))
    assert set(now) == set(mine)
    with seekers.as_ana():
        assert set(outbox.states_now(_claimed(anas))) == set(anas)


def test_a_claimed_row_naming_anothers_step_reads_as_gone(seekers: Seekers) -> None:
    from followthrough.store import outbox

    with seekers.as_ana():
        anas = _step_ids()
    read = outbox.claimed_steps([outbox.Claimed(1, anas[0])])
    assert [(s.step_id, s.status, s.due) for s in read] == [(anas[0], None, None)]


def test_the_outbox_reads_no_step_outside_a_scope(seekers: Seekers) -> None:
    from followthrough.store import outbox

    claimed = _claimed(_step_ids())
    with pytest.raises(ScopeError):
        _unscoped(lambda: outbox.states_now(claimed))
    with pytest.raises(ScopeError):
        _unscoped(lambda: outbox.claimed_steps([outbox.Claimed(1, claimed[0].step_id)]))
