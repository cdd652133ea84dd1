"""Ways a kept page could differ from one drawn afresh, each tried as a person using the
server would hit it (services.pages.kept_pages): what the page shows that no stamp follows."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_caseload_store import _search
from tests.test_kept_pages import _as_drawn_afresh, _page
from tests.test_web import WebClient, web_session


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


def _clock(monkeypatch: pytest.MonkeyPatch, at: dt.datetime) -> None:
    from followthrough import clock

    clock.pin(at)


def _away_until(back_on: dt.date) -> None:
    """Ann's automatic reply: away until ``back_on``."""
    from followthrough.store.models import Application, PossibleResponse

    PossibleResponse.objects.create(
        application=Application.objects.get(slug="acme"),
        message_key="<away@acme.example>",
        contact_key="ann",
        sender="ann@acme.example",
        subject="Automatic reply",
        received=dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC),
        received_on=dt.date(2026, 11, 27),
        reason="contact",
        kind="out_of_office",
        back_on=back_on,
    )


def test_an_away_notice_kept_overnight_still_offers_a_move_after_they_are_back(
    db: str, web: WebClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether an out-of-office reply still moves anything depends on today's date, not
    only on the job search: the next day's page says they are back, as one drawn afresh."""
    from followthrough.services.jobsearch.profile_edit import update_profile

    update_profile(timezone="Europe/London")
    _search()
    _away_until(dt.date(2026, 12, 1))
    _clock(monkeypatch, dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC))
    first = _page(web, "/?as_of=2026-11-30")
    assert "Move the thank-you note to Ann Lee to Wed 02 Dec 2026" in first
    _clock(monkeypatch, dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC))  # nothing changed but the date
    fresh = _as_drawn_afresh(monkeypatch, lambda: _page(web, "/?as_of=2026-11-30"))
    assert "they are back already" in fresh


def test_a_name_saved_while_today_opens_is_on_the_next_look(
    db: str, web: WebClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seeker saves their name in one tab while Today opens in another, the save
    committing between the page's first read of the profile (for today's date) and its
    stamp: the page must not be kept, under the new stamp, with the profile from before."""
    from followthrough.services import pages
    from followthrough.services.jobsearch.profile_edit import update_profile
    from followthrough.services.pages import kept_pages
    from followthrough.store.models import Profile

    update_profile(timezone="Europe/London")
    _search()
    read_stamp = kept_pages.seeker_stamp
    saved: list[bool] = []

    def stamp_after_a_save_in_another_tab() -> str | None:
        if not saved:
            saved.append(True)
            Profile.objects.update(name="Dee Okafor")  # committed: another request's save
        return read_stamp()

    _clock(monkeypatch, dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC))
    # Where Today's view reads it: the package's face (services.pages), which keeps each
    # name once it is first asked for; replacing it in kept_pages would not reach the view.
    monkeypatch.setattr(pages, "seeker_stamp", stamp_after_a_save_in_another_tab)
    _page(web)  # today's page, opened as the name was saved
    fresh = _as_drawn_afresh(monkeypatch, lambda: _page(web))  # nothing changed since
    assert "Dee Okafor" in fresh


def test_a_name_saved_while_a_step_is_settled_in_place_is_on_the_next_look(
    db: str, web: WebClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same in the agenda a Done click draws again (htmx): the click read the profile
    before settling; the name saved in another tab as it committed is on the next look."""
    from followthrough.services.jobsearch.profile_edit import update_profile
    from followthrough.store.models import Profile
    from followthrough.web import views_today

    update_profile(timezone="Europe/London")
    _search()
    _clock(monkeypatch, dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC))
    page = _page(web)
    step = re.findall(r'action="/steps/([0-9a-f]+)/settle"', page)[0]
    settle = views_today.settle_step  # the view's own name for it (from services.jobsearch's face)

    def settled_as_a_name_is_saved(*args: object, **kwargs: object) -> object:
        done = settle(*args, **kwargs)  # type: ignore[arg-type]
        Profile.objects.update(name="Dee Okafor")  # committed: another request's save
        return done

    monkeypatch.setattr(views_today, "settle_step", settled_as_a_name_is_saved)
    answer = web.post(f"/steps/{step}/settle", {"action": "done", "on": "2026-11-30"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200 and "Marked" in answer.content.decode()
    fresh = _as_drawn_afresh(monkeypatch, lambda: _page(web))  # nothing changed since
    assert "Dee Okafor" in fresh


@pytest.mark.parametrize("where", ["saved", "file"])
def test_a_draft_of_the_seeker_s_own_wording_that_shows_the_time_is_never_kept(
    db: str, web: WebClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, where: str
) -> None:
    """A seeker's own thank-you note (saved in Settings, or a file in the config
    directory) may put the date and hour on the letter ({% now %}): a draft that reads the
    clock is as of this look, never of the look that kept it."""
    import django.template.defaulttags as tags

    from followthrough.services.mail import draft_templates
    from followthrough.services.mail.drafts import PACKAGE_TEMPLATES

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    own = (PACKAGE_TEMPLATES / "thank_you_note.txt").read_text(encoding="utf-8")
    own += '\nWritten {% now "j F Y, H:i" %}.\n'
    if where == "saved":
        draft_templates.save("thank_you_note", own)
    else:
        (tmp_path / "followthrough" / "drafts").mkdir(parents=True)
        (tmp_path / "followthrough" / "drafts" / "thank_you_note.txt").write_text(own, encoding="utf-8")
    _search()

    class Clock(dt.datetime):
        at = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)

        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Clock:  # type: ignore[override]
            return cls.fromtimestamp(cls.at.timestamp(), tz)

    monkeypatch.setattr(tags, "datetime", Clock)
    assert "Written 30 November 2026, 09:00." in _page(web, "/?as_of=2026-11-30")
    Clock.at = dt.datetime(2026, 11, 30, 16, 30, tzinfo=dt.UTC)  # the same day, later
    fresh = _as_drawn_afresh(monkeypatch, lambda: _page(web, "/?as_of=2026-11-30"))
    assert "Written 30 November 2026, 16:30." in fresh


@pytest.mark.parametrize("part", ["signature", "parts/signature.txt"])
def test_a_part_a_draft_file_includes_edited_on_the_server_shows_at_the_next_look(
    db: str, web: WebClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, part: str
) -> None:
    """A draft file in the config directory may take a shared part from another file
    there ({% include %}: a signature in a file of its own, or in a folder): that file's
    edit shows at the next look, as an edit of the draft's own file does."""
    from followthrough.services.mail.drafts import PACKAGE_TEMPLATES

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    folder = tmp_path / "followthrough" / "drafts"
    (folder / part).parent.mkdir(parents=True, exist_ok=True)
    own = (PACKAGE_TEMPLATES / "thank_you_note.txt").read_text(encoding="utf-8")
    (folder / "thank_you_note.txt").write_text(own + f'\n{{% include "{part}" %}}\n', encoding="utf-8")
    (folder / part).write_text("Dee, at the old address\n", encoding="utf-8")
    _search()
    assert "Dee, at the old address" in _page(web, "/?as_of=2026-11-30")
    (folder / part).write_text("Dee, at the new address\n", encoding="utf-8")
    assert "Dee, at the new address" in _page(web, "/?as_of=2026-11-30")
