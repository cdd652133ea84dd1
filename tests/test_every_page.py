"""Every pattern of the web app is either a page that answers GET or a form's target
that refuses it, on the demo job search: the list tests/pages.py makes (for the browser's
accessibility test and the page benchmark) fills every path, and no page fails."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import pages
from tests.conftest import Cli
from tests.test_web import WebClient, web_session, with_demo


@pytest.fixture
def demo_web(db: str) -> Iterator[WebClient]:
    for web in web_session():
        yield with_demo(web)


def test_every_pattern_is_a_page_or_refuses_get(demo_web: WebClient, db: str) -> None:
    ft = Cli(db)
    sample = pages.sample_from(lambda *args: ft(*args).stdout, "northwind-analyst")
    found = pages.routes()
    answers = {visit: demo_web.get(visit.path) for visit in pages.visits(found, sample)}
    wrong = {v.path: a.status_code for v, a in answers.items() if a.status_code not in (200, 405)}
    assert not wrong, wrong
    served = {v.name for v, a in answers.items() if a.status_code == 200}
    refused = {v.name for v, a in answers.items() if a.status_code == 405}
    assert served | refused == {r.name for r in found} and not served & refused
    for visit, answer in answers.items():
        if answer.status_code == 200:
            kind = answer["Content-Type"]
            expected = pages.NOT_HTML.get(visit.name, "text/html")
            assert kind.startswith(expected), (visit.path, kind)


def test_a_path_nobody_can_fill_names_the_filler_to_add() -> None:
    sample = pages.Sample("acme", "ann", "abc123", 1, "secret")
    with pytest.raises(LookupError, match=r"add a filler for <file_id> to FILLERS in tests/pages.py"):
        pages.fill(pages.Route("file", "/applications/<slug:slug>/files/<int:file_id>"), sample)
