"""The database's own bookkeeping for the coaches' kept summaries (PostgreSQL only).

Any statement that adds, changes or removes a row of a seeker's job search (applications,
steps, contacts, events, the profile, messages sent and replies found, and the account's
own row: ``WATCHED``)
notes, once per transaction, which job seekers it touched (statement triggers reading
the changed rows as transition tables: one small insert per statement, whatever the
number of rows). At that
transaction's commit a deferred trigger moves each such seeker's summary ``version`` on.

Doing it at commit matters twice over. The kept summary's row is locked only as the
transaction ends, so a change that touches many applications never holds it while
waiting for another lock (no deadlock with a seeker's click in another tab). And a coach
counting a summary reads its version first and keeps the result only if the version is
still the same (services.coaching.caseload): a change that commits in between moves it on, and
the count is not kept. Every path of change is covered, the ORM's, bulk SQL's and any
future one's, because the database does it.

SQLite (the local app) has no coaches: nothing is installed there.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, transaction

FUNCTIONS = """
CREATE OR REPLACE FUNCTION ft_note_seeker_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- TG_ARGV[0]: how the table names its seeker, 'self' (the account: id), 'owner'
    -- (owner_id) or 'application' (application_id). An UPDATE notes the rows' seekers before it too: a row given to
    -- another seeker (an application's owner, a step's application changed) changes the
    -- one who lost it.
    IF TG_ARGV[0] = 'self' THEN  -- the account itself: the name a coach sees it by
        INSERT INTO ft_seeker_change (owner_id, transaction)
        SELECT DISTINCT c.id, txid_current() FROM changed_rows c
        ON CONFLICT DO NOTHING;
    ELSIF TG_ARGV[0] = 'owner' AND TG_OP = 'UPDATE' THEN
        INSERT INTO ft_seeker_change (owner_id, transaction)
        SELECT c.owner_id, txid_current()
        FROM (SELECT owner_id FROM changed_rows UNION SELECT owner_id FROM old_rows) c WHERE c.owner_id IS NOT NULL
        ON CONFLICT DO NOTHING;
    ELSIF TG_ARGV[0] = 'owner' THEN
        INSERT INTO ft_seeker_change (owner_id, transaction)
        SELECT DISTINCT c.owner_id, txid_current() FROM changed_rows c WHERE c.owner_id IS NOT NULL
        ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO ft_seeker_change (owner_id, transaction)
        SELECT DISTINCT a.owner_id, txid_current()
        FROM (SELECT application_id FROM changed_rows UNION SELECT application_id FROM old_rows) c
        JOIN ft_application a ON a.id = c.application_id
        ON CONFLICT DO NOTHING;
    ELSE
        INSERT INTO ft_seeker_change (owner_id, transaction)
        SELECT DISTINCT a.owner_id, txid_current()
        FROM (SELECT DISTINCT application_id FROM changed_rows) c JOIN ft_application a ON a.id = c.application_id
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION ft_move_summary_on() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ft_seeker_summary (owner_id, version)
    SELECT NEW.owner_id, 1 WHERE EXISTS (SELECT 1 FROM ft_user u WHERE u.id = NEW.owner_id)
    ON CONFLICT (owner_id) DO UPDATE SET version = ft_seeker_summary.version + 1;
    DELETE FROM ft_seeker_change WHERE id = NEW.id;
    RETURN NULL;
END $$;
"""

# (table, event, transition tables): a trigger with transition tables has one event; an
# UPDATE's has the rows before (old_rows) and after (changed_rows).
_TRANSITIONS = {
    "INSERT": "NEW TABLE AS changed_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS changed_rows",
    "DELETE": "OLD TABLE AS changed_rows",
}
# Every table of a seeker's job search that their pages show, and how it names the seeker
# (the account too: a coach's caseload shows the name it goes by).
# (Not the outbox, the journal, the mailbox cursor: no page is drawn from them.) A test
# checks that every model belonging to a seeker is here or deliberately left out.
WATCHED = {
    "ft_user": "self",
    "ft_application": "owner",
    "ft_profile": "owner",
    "ft_sent_message": "owner",
    "ft_step": "application",
    "ft_contact": "application",
    "ft_event": "application",
    "ft_possible_response": "application",
}


def _statements() -> list[str]:
    statements = [FUNCTIONS]
    for table, names in WATCHED.items():
        for event, transitions in _TRANSITIONS.items():
            name = f"{table}_{event.lower()}_noted"
            statements += [
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {transitions}"
                f" FOR EACH STATEMENT EXECUTE FUNCTION ft_note_seeker_change('{names}')",
            ]
    statements += [
        "DROP TRIGGER IF EXISTS ft_seeker_change_at_commit ON ft_seeker_change",
        "CREATE CONSTRAINT TRIGGER ft_seeker_change_at_commit AFTER INSERT ON ft_seeker_change"
        " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ft_move_summary_on()",
    ]
    return statements


def install(connection: Any) -> None:
    """Create (or replace) the triggers: after every migration, so a new or upgraded
    database has them. Nothing on SQLite."""
    if connection.vendor != "postgresql":
        return

    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in _statements():
            cursor.execute(statement)


def after_migrate(sender: Any, using: str = "default", **_: Any) -> None:
    """The post_migrate handler (store/apps.py)."""

    connection = connections[using]
    if "ft_seeker_change" in connection.introspection.table_names():
        install(connection)
