"""Pages kept while nothing they show has changed (services.pages.kept_pages): on the server
(PostgreSQL) a seeker's Today page and a coach's caseload are drawn once and shown again
until the job search changes; after every kind of change the next look is exactly a page
drawn afresh. On SQLite (the local app) nothing is kept and the same checks hold."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.coaching_support import Centre, _found_mail, make_centre, quick_passwords
from tests.test_caseload_kept_more import CHANGES
from tests.test_caseload_store import _search
from tests.test_web import WebClient, web_session

DAY = "2026-11-30"


@pytest.fixture(autouse=True)
def on_the_day() -> None:
    """The changes are made on DAY (noon UTC): a snooze until a week on is after today."""
    from followthrough import clock

    clock.pin(dt.datetime.combine(dt.date.fromisoformat(DAY), dt.time(12, 0), dt.UTC))


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def _page(web: WebClient, path: str = "/") -> str:
    """A page without its form tokens (new for every page)."""
    html = web.get(path).content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


def _today(web: WebClient) -> str:
    """The Today page of DAY, without its form tokens."""
    return _page(web, f"/?as_of={DAY}")


def _drawn_afresh(monkeypatch: pytest.MonkeyPatch, look: Callable[[], Any]) -> Any:
    with monkeypatch.context() as off:
        off.setenv("FOLLOWTHROUGH_KEPT_PAGES", "0")
        return look()


def _as_drawn_afresh(monkeypatch: pytest.MonkeyPatch, look: Callable[[], Any]) -> Any:
    """What ``look`` shows now, checked equal to the same look with keeping off."""
    shown = look()
    fresh = _drawn_afresh(monkeypatch, look)
    assert shown == fresh
    return fresh


def _changed_as_drawn_afresh(
    changes: list[tuple[str, Callable[[], Any]]], look: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """Make each change; after each, the look equals one drawn with keeping off, and is the
    same looked at again. Returns the changes that changed what the look shows."""
    looks = [look()]
    for what, change in changes:
        change()
        shown = look()
        assert shown == _drawn_afresh(monkeypatch, look), what
        assert look() == shown, f"{what}, looked at again"
        looks.append(shown)
    return [what for (what, _), before, after in zip(changes, looks[:-1], looks[1:], strict=True) if before != after]


def _contact_phone() -> None:
    from followthrough.services.corrections.editing import edit_contact

    edit_contact("acme", "ann", phone="+1 555 0100", email="ann@acme.example")


def _my_name() -> None:
    from followthrough.services.jobsearch.profile_edit import update_profile

    update_profile(name="Dee Okafor")


def _reply_found() -> None:
    _found_mail("acme", "Acme")


def _send_in_doubt() -> None:
    """A thank-you note handed to the mail server as the connection dropped."""
    from followthrough.services.jobsearch.applications import get_plan
    from followthrough.store.models import SentMessage

    step = next(s for s in get_plan("acme").pending if s.kind.value == "thank_you_note")
    SentMessage.objects.create(
        message_id="<note@followthrough.example>",
        application_id=None,
        application_slug="acme",
        step_id=step.id,
        kind="thank_you_note",
        contact_key="bo",
        recipient="bo@acme.example",
        subject="Thank you",
        status=SentMessage.UNCERTAIN,
    )


TODAY_CHANGES: list[tuple[str, Callable[[], None]]] = [
    ("a contact's phone and address", _contact_phone),
    ("the seeker's name (it signs the drafts)", _my_name),
    ("a reply found in the mailbox", _reply_found),
    ("a send that may not have arrived", _send_in_doubt),
    *CHANGES,
]


def test_after_every_kind_of_change_today_is_the_page_drawn_afresh(
    db: str, web: WebClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _search()
    moved = _changed_as_drawn_afresh(TODAY_CHANGES, lambda: _today(web), monkeypatch)
    assert {w for w, _ in TODAY_CHANGES[:4]} <= set(moved) and len(moved) > len(TODAY_CHANGES) // 2, moved


def test_an_unchanged_today_page_is_kept_on_the_server_and_a_change_draws_it_again(db: str, web: WebClient) -> None:
    _search()
    _today(web)
    with CaptureQueriesContext(connection) as again:
        _today(web)
    steps_read = [q["sql"] for q in again.captured_queries if "ft_step" in q["sql"]]
    if connection.vendor == "postgresql":
        assert steps_read == [], "an unchanged page was drawn again"
    else:
        assert steps_read, "SQLite keeps no pages: each is drawn"
    _contact_phone()
    with CaptureQueriesContext(connection) as changed:
        page = _today(web)
    assert any("ft_step" in q["sql"] for q in changed.captured_queries)
    assert "+1 555 0100" in page


def test_another_person_never_gets_a_kept_page(db: str, web: WebClient) -> None:
    """Two seekers with the same job search and the same version: each sees their own."""
    from followthrough.services.owners import acting_as
    from followthrough.services.pages import kept_pages
    from followthrough.store.models import User

    _search()
    mine = _today(web)
    with quick_passwords():
        other = User.objects.create_user(username="other@example.org", password="x" * 12)
    with acting_as(other):
        _search()
        other_stamp = kept_pages.seeker_stamp()
        key = kept_pages.seeker_key("today", other_stamp, dt.date(2026, 11, 30))
    assert key is None or key[1] == other.pk
    assert _today(web) == mine


def _caseload(centre: Centre) -> tuple[list[Any], int, dict[int, bool]]:
    from followthrough.services.coaching import looks as coaching

    page = coaching.caseload_page(centre.cleo)
    return page.summaries, page.total, page.full_view


@pytest.fixture
def centre(db: str) -> Iterator[Centre]:
    with quick_passwords():
        yield make_centre()


def _as(user: Any, change: Callable[[], Any]) -> Callable[[], None]:
    def done() -> None:
        from followthrough.services.owners import acting_as

        with acting_as(user):
            change()

    return done


def test_after_every_kind_of_change_a_caseload_is_the_page_drawn_afresh(
    centre: Centre, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followthrough import clock
    from followthrough.core.model import StepStatus
    from followthrough.services.coaching import consent
    from followthrough.services.jobsearch.applications import get_plan
    from followthrough.services.jobsearch.profile_edit import update_profile
    from followthrough.services.jobsearch.steps import settle_step

    # Noon in UTC, where Kiritimati (UTC+14) is already a day ahead: the time zone moves the
    # seeker's date, whatever the hour the test runs at.
    clock.pin(dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC))

    def note_done() -> None:
        step = next(s for s in get_plan("samcorp-waiting").pending if s.kind.value == "thank_you_note")
        settle_step(step.id, StepStatus.DONE, on=dt.date(2026, 11, 28))

    def renamed() -> None:
        centre.sam.first_name = "Samira"
        centre.sam.save(update_fields=["first_name"])

    changes: list[tuple[str, Callable[[], Any]]] = [
        ("a thank-you note done", _as(centre.sam, note_done)),
        ("the seeker's name", renamed),
        ("the seeker's time zone", _as(centre.sam, lambda: update_profile(timezone="Pacific/Kiritimati"))),
        ("full view given", lambda: consent.set_full_view(centre.sam, centre.cleo.pk, True)),
        ("another seeker consents", lambda: consent.invite(centre.tess, centre.cleo.pk)),
        ("a reply found", _as(centre.tess, lambda: _found_mail("tessellate-sent", "Tessellate Labs"))),
        ("consent revoked", lambda: consent.revoke(centre.sam, centre.cleo.pk)),
    ]
    moved = _changed_as_drawn_afresh(changes, lambda: _caseload(centre), monkeypatch)
    # Each change showed, but the reply: a coach's summary says nothing of the seeker's mail.
    assert moved == [what for what, _ in changes if what != "a reply found"]
    assert [s.seeker for s in _caseload(centre)[0]] == [centre.tess.pk]


def test_every_look_at_a_kept_caseload_is_checked_and_logged(centre: Centre, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even were a kept page out of date, a seeker who revoked is not shown: consent is
    checked, and the look logged, at every look."""
    from followthrough.services.coaching import consent
    from followthrough.services.coaching import looks as coaching

    for _ in range(3):
        assert [s.seeker for s in coaching.caseload_page(centre.cleo).summaries] == [centre.sam.pk]
    assert [line.page for line in consent.access_log(centre.sam)] == ["caseload list"] * 3
    monkeypatch.setattr(coaching, "caseload_stamp", lambda coach: "the same stamp whatever happens")
    coaching.caseload_page(centre.cleo)
    consent.revoke(centre.sam, centre.cleo.pk)
    page = coaching.caseload_page(centre.cleo)
    assert page.summaries == [] and page.full_view == {}
    assert len(consent.access_log(centre.sam)) == 4  # the look after the revocation is not logged


def test_kept_pages_are_bounded_and_the_least_recently_used_go_first() -> None:
    from followthrough.services.pages.kept_pages import _Kept

    kept = _Kept(3)
    for n in range(3):
        kept.put(n, f"page {n}")
    assert kept.get(0) == (True, "page 0")  # used: now the most recent
    kept.put(3, "page 3")
    assert kept.get(1) == (False, None)  # the least recently used went
    assert [kept.get(n)[0] for n in (0, 2, 3)] == [True, True, True]


def test_a_draft_file_edited_on_the_server_shows_at_the_next_look(
    db: str, web: WebClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """The config directory's wording of a draft is not in the database: a kept Today page
    is kept under its files' times too."""
    from followthrough.services.mail.drafts import PACKAGE_TEMPLATES

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    _search()
    before = _today(web)
    folder = tmp_path / "followthrough" / "drafts"
    folder.mkdir(parents=True)
    own = (PACKAGE_TEMPLATES / "thank_you_note.txt").read_text(encoding="utf-8")
    (folder / "thank_you_note.txt").write_text(own + "\nP.S. Written in my own words.\n", encoding="utf-8")
    after = _today(web)
    assert "Written in my own words" in after and "Written in my own words" not in before


# Rows of a seeker's that no kept page shows: the reminders' outboxes (steps, interview
# mornings), the mailbox watcher's place in the mailbox, the journal of corrections (its
# own page, never kept), and the kept summaries that hold the stamps themselves.
NOT_ON_KEPT_PAGES = {"ft_reminder", "ft_interview_morning", "ft_mailbox_cursor", "ft_journal", "ft_seeker_summary"}


def test_every_table_of_a_job_search_is_watched_or_deliberately_not(db: str) -> None:
    """A new table of a seeker's must say whether kept pages depend on it: else a change
    to it would not move the seeker's stamp on, and a kept page would stay behind."""
    from django.apps import apps

    from followthrough.store.models import Application, User
    from followthrough.store.summary_triggers import WATCHED

    seekers = set()
    for model in apps.get_app_config("store").get_models():
        for field in model._meta.get_fields():
            owned = field.name == "owner" and getattr(field, "related_model", None) is User
            in_application = getattr(field, "related_model", None) is Application and field.concrete
            if owned or in_application:
                seekers.add(model._meta.db_table)
    assert seekers - set(WATCHED) == NOT_ON_KEPT_PAGES
    assert set(WATCHED) - seekers == {"ft_user"}  # and the account itself (its name)


def test_a_kept_today_page_carries_each_browsers_own_form_token(db: str, web: WebClient) -> None:
    """The steps' HTML is kept with a stand-in for the form token: a second browser of the
    same seeker (its own CSRF secret) gets a page whose forms it can submit."""
    from followthrough.web.views_today import TOKEN_HERE

    _search()
    first = web.get(f"/?as_of={DAY}").content.decode()
    other = next(web_session())
    page = other.get(f"/?as_of={DAY}").content.decode()
    assert TOKEN_HERE not in first + page
    step = re.findall(r'action="/steps/([0-9a-f]+)/settle"', page)[0]
    token = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[0]
    done = other.client.post(f"/steps/{step}/settle", {"csrfmiddlewaretoken": token, "action": "done"})
    assert done.status_code == 303, done.status_code  # not 403: the token is this browser's
    assert f'id="step-{step}"' not in _today(web)  # and the next look, in either browser, knows


def test_a_caseload_asked_for_in_a_junk_order_is_the_default_one_kept_once(centre: Centre) -> None:
    """Whatever an address says for the order (a control character, a quote, 5,000
    letters), the page is the default order, and no new page is kept for it."""
    from followthrough.services.coaching import looks as coaching
    from followthrough.services.pages import kept_pages

    coaching.caseload_page(centre.cleo)  # counts and keeps the summaries: their rows change
    default = coaching.caseload_page(centre.cleo)  # drawn once more, and kept
    kept = len(kept_pages._kept.pages)
    for junk in ("\x00", "attention' OR 1=1 --", "z" * 5000, "=?utf-8?b?YXR0ZW50aW9u?="):
        assert coaching.caseload_page(centre.cleo, None, junk).summaries == default.summaries
    assert len(kept_pages._kept.pages) == kept
