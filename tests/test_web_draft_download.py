"""A draft downloaded as an .eml file from its page (issue 20): the message the mail program
opens is the one 'Send' would send, from the profile's address to the step's person."""

from __future__ import annotations

import email
import email.policy
import email.utils
from collections.abc import Iterator

import pytest

from tests.test_web import WebClient, web_session, with_demo

SLUG = "northwind-analyst"


@pytest.fixture
def demo_web(db: str) -> Iterator[WebClient]:
    for web in web_session():
        yield with_demo(web)


def _step(kind: str, contact: str) -> str:
    from followthrough.services.jobsearch import get_plan

    return next(s.id for s in get_plan(SLUG).steps if s.kind.value == kind and s.contact == contact)


def test_the_draft_page_offers_the_note_as_an_eml_file_that_reads_back(demo_web: WebClient) -> None:
    from followthrough.services.mail import draft_for

    step = _step("thank_you_note", "ann")
    page = demo_web.get(f"/steps/{step}/draft").content.decode()
    assert f'href="/steps/{step}/draft.eml" download aria-label="Download (.eml): ' in page

    answer = demo_web.get(f"/steps/{step}/draft.eml")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "message/rfc822"
    assert answer["Content-Disposition"] == f'attachment; filename="{SLUG}-thank-you-note-ann.eml"'
    message = email.message_from_bytes(answer.content, policy=email.policy.default)
    draft = draft_for(step)
    assert message["From"].addresses[0].addr_spec == "jordan.rivera@example.org"
    assert message["From"].addresses[0].display_name == "Jordan Rivera"
    assert message["To"].addresses[0].addr_spec == "ann.lee@northwind.example"
    assert message["To"].addresses[0].display_name == "Ann Lee"
    assert message["Subject"] == draft.subject
    assert email.utils.parsedate_to_datetime(message["Date"]).date().isoformat() == "2026-11-18"
    assert message.get_content().replace("\r\n", "\n") == draft.body
    assert "followthrough" not in str(message["Message-ID"])  # the headers name no program


def test_a_call_is_no_message_and_says_so_on_its_draft_page(demo_web: WebClient) -> None:
    step = _step("call_hiring_officer", "ann")
    assert "Download (.eml)" not in demo_web.get(f"/steps/{step}/draft").content.decode()
    answer = demo_web.get(f"/steps/{step}/draft.eml")
    assert answer.status_code == 303 and answer["Location"] == f"/steps/{step}/draft"
    assert "Only a note or an e-mail can be downloaded as a message" in demo_web.follow(answer)


def test_without_the_profiles_address_it_points_to_settings(demo_web: WebClient) -> None:
    from followthrough.services.jobsearch import update_profile

    update_profile(email="")
    step = _step("thank_you_note", "ann")
    answer = demo_web.get(f"/steps/{step}/draft.eml")
    assert answer.status_code == 303
    assert "Add your e-mail address in Settings first" in demo_web.follow(answer)


def test_a_step_that_is_not_the_users_is_not_found(demo_web: WebClient) -> None:
    answer = demo_web.get("/steps/0000000000aa/draft.eml")
    assert answer.status_code == 404
    assert "not on your plan" in answer.content.decode()
