"""The due steps a run walks past while another transaction holds them are still reminded
in that run (PostgreSQL claims due steps with SKIP LOCKED, which passes over held rows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tests.test_remind import Recorder, add_acme, at, setup_profile


def test_a_step_held_while_the_run_walks_past_it_is_still_reminded_once(db: str) -> None:
    from followthrough.services.reminders import outbox as reminders
    from followthrough.store.models import Reminder, Step

    setup_profile()
    add_acme("acme", dt.date(2026, 11, 3))
    result = reminders.start(at("America/Chicago", "2026-11-18", "09:00"))
    assert result.cutoff is not None
    pending = Step.objects.filter(status="pending", due__lte=result.cutoff).order_by("id")
    due = list(pending.values_list("id", flat=True))
    assert len(due) == 4
    holder = None
    if db.startswith("postgres"):  # another worker's claim, in flight, on the first due step
        import psycopg

        holder = psycopg.connect(db)
        holder.execute("SELECT id FROM ft_step WHERE id = %s FOR UPDATE", [due[0]])

    class LetGo(Recorder):
        def deliver(self, digest: Sequence[object], day: dt.date) -> None:
            if holder is not None:
                holder.rollback()  # ...which then rolls back: nothing of it is left
            super().deliver(digest, day)

    terminal = LetGo()
    try:
        reminders.deliver(result, terminal, batch=1)
    finally:
        if holder is not None:
            holder.close()
    assert sorted(terminal.ids()) == due, "each due step once, the held one too"
    assert Reminder.objects.filter(state="sent").count() == 4
