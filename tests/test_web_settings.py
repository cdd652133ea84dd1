"""Settings in the web app, complete: the mail servers (passwords only in the system
keyring, or told how to give them through the environment), a connection test against a
real SMTP server, the digest's time, the drafts' wording with a live preview, and the
company's mail domains. On both databases; every refused request changes nothing."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.test_send import Inbox
from tests.test_send_tls import PASSWORD, certificate, tls_server  # noqa: F401 (fixtures)
from tests.test_watch import Dovecot, dovecot, imap_user  # noqa: F401 (fixtures)
from tests.test_web import WebClient, web_session
from tests.test_web_corrections import PAGE, SLUG, _case_a, _plan

SECRET = "Tr0ub4dor-&-3-unique"


@pytest.fixture
def web(db: str) -> Iterator[WebClient]:
    yield from web_session()


class MemoryKeyring:
    """A system keyring that keeps passwords in memory (the real one is the desktop's)."""

    def __init__(self) -> None:
        from keyring.backend import KeyringBackend

        class Backend(KeyringBackend):
            priority = 1  # type: ignore[assignment]

            def __init__(self) -> None:
                super().__init__()
                self.kept: dict[tuple[str, str], str] = {}

            def get_password(self, service: str, username: str) -> str | None:
                return self.kept.get((service, username))

            def set_password(self, service: str, username: str, password: str) -> None:
                self.kept[(service, username)] = password

            def delete_password(self, service: str, username: str) -> None:
                self.kept.pop((service, username), None)

        self.backend = Backend()


@pytest.fixture
def keyring_here(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    import keyring

    monkeypatch.delenv("FOLLOWTHROUGH_SMTP_PASSWORD", raising=False)
    monkeypatch.delenv("FOLLOWTHROUGH_IMAP_PASSWORD", raising=False)
    previous = keyring.get_keyring()
    backend = MemoryKeyring().backend
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    import keyring
    from keyring.backends import fail

    monkeypatch.delenv("FOLLOWTHROUGH_SMTP_PASSWORD", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def everything() -> dict[str, list[str]]:
    """Every row of every table, as text: what "nothing changed" compares."""
    from django.db import connection

    found = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if table.startswith("django_"):
                continue
            cursor.execute(f'SELECT * FROM "{table}"')
            found[table] = sorted(repr(row) for row in cursor.fetchall())
    return found


def _smtp_form(**fields: str) -> dict[str, str]:
    return {"host": "smtp.example.org", "port": "", "security": "starttls", "user": "jordan", "password": ""} | fields


def test_smtp_settings_are_saved_and_the_password_goes_only_to_the_keyring(
    web: WebClient, ft: Cli, keyring_here: Any, caplog: pytest.LogCaptureFixture, db: str
) -> None:
    caplog.set_level(logging.DEBUG)
    page = web.get("/settings/").content.decode()
    assert 'action="/settings/mail/smtp"' in page and 'name="password" type="password"' in page
    done = web.follow(web.post("/settings/mail/smtp", _smtp_form(port="2525", password=SECRET), "/settings/"))
    assert (
        "Outgoing mail (SMTP) saved: smtp.example.org:2525 (starttls). The password is in the system keyring." in done
    )
    assert "in the system keyring</strong>" in done and SECRET not in done
    assert keyring_here.kept == {("followthrough-smtp", "jordan"): SECRET}
    assert "smtp.example.org:2525 starttls, user jordan, password found" in ft("profile", "smtp").stdout
    # Never in the database, the logs or an export.
    assert SECRET not in repr(everything())
    if not db.startswith("postgres"):
        assert SECRET.encode() not in Path(db).read_bytes()
    assert SECRET not in ft("export").stdout and SECRET not in caplog.text
    # An empty port follows the encryption's usual one; the password already kept stays.
    done = web.follow(web.post("/settings/mail/smtp", _smtp_form(security="ssl"), "/settings/"))
    assert "smtp.example.org:465 (ssl)" in done and keyring_here.kept[("followthrough-smtp", "jordan")] == SECRET


def test_a_bad_smtp_form_is_refused_and_changes_nothing(web: WebClient, ft: Cli, keyring_here: Any) -> None:
    web.follow(web.post("/settings/mail/smtp", _smtp_form(), "/settings/"))
    before = everything()
    for bad, said, beside in [
        (_smtp_form(port="99999"), "not a TCP port", "port"),
        (_smtp_form(port="25x"), "is not a number, like 587", "port"),
        (_smtp_form(host=""), "Give the server&#x27;s name", "host"),
        (_smtp_form(host="smtp example.org"), "must not be empty or contain spaces", "host"),
        (_smtp_form(security="rot13"), "one of starttls, ssl, none", "security"),
        (_smtp_form(user="", password=SECRET), "Give the login name the password belongs to", "user"),
    ]:
        page = web.follow(web.post("/settings/mail/smtp", bad, "/settings/"))
        assert said in page and "Nothing was changed." in page, said
        # beside its field, which says so and takes the focus; the IMAP form shows nothing
        assert f'<p class="field-error" id="smtp_{beside}-error">' in page, said
        assert f'aria-invalid="true" aria-describedby="smtp_{beside}-error" autofocus' in page, said
        assert 'id="imap_host-error"' not in page
    assert everything() == before and keyring_here.kept == {}
    assert web.post("/settings/mail/pop3", _smtp_form(), "/settings/").status_code == 404


def test_without_a_keyring_the_page_names_the_variable_and_keeps_no_password(
    web: WebClient, ft: Cli, no_keyring: None
) -> None:
    page = web.get("/settings/").content.decode()
    assert "no system keyring on this computer" in page
    assert "<code>FOLLOWTHROUGH_SMTP_PASSWORD=…</code>" in page and "<code>FOLLOWTHROUGH_IMAP_PASSWORD=…</code>" in page
    assert 'type="password"' not in page
    before = everything()
    refused = web.follow(web.post("/settings/mail/smtp", _smtp_form(password=SECRET), "/settings/"))
    assert "No system keyring here to keep the SMTP password: set FOLLOWTHROUGH_SMTP_PASSWORD instead." in refused
    assert everything() == before and SECRET not in repr(everything())


def test_the_page_says_when_the_password_comes_from_the_environment(
    web: WebClient, ft: Cli, no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    web.follow(web.post("/settings/mail/imap", _smtp_form(host="imap.example.org", security="ssl"), "/settings/"))
    monkeypatch.setenv("FOLLOWTHROUGH_IMAP_PASSWORD", SECRET)
    page = web.get("/settings/").content.decode()
    imap = page[page.index('id="imap-server"') :]
    assert "from the environment</strong> (FOLLOWTHROUGH_IMAP_PASSWORD)" in imap and SECRET not in page
    assert 'value="imap.example.org"' in imap


def test_test_connection_logs_in_to_a_real_smtp_server(
    web: WebClient,
    ft: Cli,
    keyring_here: Any,
    tls_server: tuple[str, int, Inbox],  # noqa: F811
    certificate: tuple[Path, Path],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    security, port, inbox = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    form = _smtp_form(host="127.0.0.1", port=str(port), security=security, password="wrong")
    web.follow(web.post("/settings/mail/smtp", form, "/settings/"))
    failed = web.follow(web.post("/settings/mail/smtp/test", {}, "/settings/"))
    assert "Outgoing mail (SMTP): the test failed: SMTP server 127.0.0.1" in failed and "535" in failed
    web.follow(web.post("/settings/mail/smtp", form | {"password": PASSWORD}, "/settings/"))
    worked = web.follow(web.post("/settings/mail/smtp/test", {}, "/settings/"))
    assert f"SMTP server 127.0.0.1:{port} answered ({security}, logged in as jordan)." in worked
    assert inbox.messages == []  # a test sends nothing


def test_test_connection_logs_in_to_a_real_imap_server(
    web: WebClient,
    ft: Cli,
    dovecot: Dovecot,  # noqa: F811
    imap_user: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    form = {"host": "127.0.0.1", "port": str(dovecot.port), "security": "none", "user": imap_user}
    web.follow(web.post("/settings/mail/imap", form, "/settings/"))
    worked = web.follow(web.post("/settings/mail/imap/test", {}, "/settings/"))
    assert f"IMAP server 127.0.0.1:{dovecot.port} answered (none, logged in as {imap_user})." in worked
    monkeypatch.setenv("FOLLOWTHROUGH_IMAP_PASSWORD", "not-the-password")
    failed = web.follow(web.post("/settings/mail/imap/test", {}, "/settings/"))
    assert f"the test failed: IMAP server 127.0.0.1: login refused for {imap_user}" in failed


def test_the_digest_time_is_set_and_a_bad_one_refused(web: WebClient, ft: Cli) -> None:
    assert 'name="at" type="time" required value="08:00"' in web.get("/settings/").content.decode()
    done = web.follow(web.post("/settings/digest", {"at": "07:30"}, "/settings/"))
    assert "The daily digest now comes at 07:30 your time." in done and 'value="07:30"' in done
    assert "Daily digest at 07:30" in ft("profile", "digest").stdout
    before = everything()
    refused = web.follow(web.post("/settings/digest", {"at": "half past seven"}, "/settings/"))
    assert "use HH:MM" in refused and everything() == before
    assert 'aria-invalid="true" aria-describedby="d_at-error" autofocus' in refused  # beside the time


# -- the drafts' wording ---------------------------------------------------------------------


def _steps(ft: Cli) -> dict[str, str]:
    return {f"{s['kind']}:{s['contact']}": i for i, s in _plan(ft).items()}


def test_a_template_edited_in_the_browser_is_what_the_cli_drafts_with(web: WebClient, ft: Cli) -> None:
    _case_a()
    ft("contact", "edit", SLUG, "ann", "--email", "ann@acme.example")
    page = web.get("/settings/").content.decode()
    assert '<a href="/settings/templates/thank_you_note/">Thank-you note</a>' in page
    editor = web.get("/settings/templates/thank_you_note/").content.decode()
    assert "The product's wording is in use." in editor and "Thank you for meeting with me" in editor
    text = "Subject: Merci, {{ contact_name }}\n\nMerci pour l'entretien chez {{ company }}.\n"
    # The live preview (htmx) fills it in for the application's own step, and saves nothing.
    shown = web.post(
        "/settings/templates/thank_you_note/preview", {"text": text, "application": SLUG}, "/settings/"
    ).content.decode()
    assert "Merci, Ann Lee" in shown and "Merci pour l&#x27;entretien chez Acme Corp." in shown
    assert "Acme Corp, Data Analyst: the step due Tue 03 Nov 2026" in shown
    assert "Merci" not in ft("draft", _steps(ft)["thank_you_note:ann"]).stdout
    saved = web.follow(web.post("/settings/templates/thank_you_note/", {"text": text, "action": "save"}, "/settings/"))
    assert "Saved your thank-you note" in saved and "Your own wording is in use." in saved
    out = ft("draft", _steps(ft)["thank_you_note:ann"]).stdout
    assert "Subject: Merci, Ann Lee" in out and "Merci pour l'entretien chez Acme Corp." in out
    assert "CALL SCRIPT" in ft("draft", _steps(ft)["call_hiring_officer:ann"]).stdout  # the others unchanged
    # Reset: the product's wording again, everywhere.
    back = web.follow(web.post("/settings/templates/thank_you_note/", {"action": "reset"}, "/settings/"))
    assert "Thank-you note: back to the product&#x27;s own wording." in back
    assert "Thank you for meeting with me" in ft("draft", _steps(ft)["thank_you_note:ann"]).stdout


def test_a_broken_template_is_shown_inline_and_never_saved(web: WebClient, ft: Cli) -> None:
    good = "Subject: Hello {{ contact_name }}\n\nThanks.\n"
    web.follow(web.post("/settings/templates/call_hiring_officer/", {"text": good, "action": "save"}, "/settings/"))
    before = everything()
    for broken, said in [
        ("Subject: x\n\nline two\n{% if %}oops\n", "line 4: Unexpected end of expression in if tag."),
        ("Subject: x\n\n{{ name|shout }}\n", "line 3: Invalid filter: &#x27;shout&#x27;"),
        ("Subject: x\n\n{% include 'secret.txt' %}\n", "secret.txt"),
        ("   \n", "empty: use Reset to go back to the default"),
    ]:
        response = web.post(
            "/settings/templates/call_hiring_officer/", {"text": broken, "action": "save"}, "/settings/"
        )
        page = response.content.decode()
        assert response.status_code == 400 and said in page and "Nothing was saved." in page, said
        assert 'aria-invalid="true"' in page and "Traceback" not in page
        preview = web.post("/settings/templates/call_hiring_officer/preview", {"text": broken}, "/settings/")
        assert preview.status_code == 200 and said in preview.content.decode()
    assert everything() == before
    assert web.get("/settings/templates/../secret/").status_code == 404
    assert web.get("/settings/templates/nonsense/").status_code == 404


def test_the_preview_without_javascript_is_the_whole_page_and_saves_nothing(web: WebClient, ft: Cli) -> None:
    before = everything()
    text = "Subject: Last try, {{ company }}\n\nNo answer since {{ interview_date }}.\n"
    response = web.post("/settings/templates/email_hiring_officer/", {"text": text, "action": "preview"}, "/settings/")
    page = response.content.decode()
    assert response.status_code == 200 and "a sample application (Acme Corp, Data Analyst, with Ann Lee)" in page
    assert "Last try, Acme Corp" in page and "No answer since Tuesday, November 3, 2026." in page
    assert everything() == before


def test_two_templates_saved_one_after_the_other_are_both_kept(web: WebClient, ft: Cli) -> None:
    from followthrough.services.mail import draft_templates

    draft_templates.save("move_on", "Subject: Onwards\n\nTime to move on from {{ company }}.\n")
    draft_templates.save("checklist", "Subject: List\n\nTake a pen to {{ company }}.\n")
    assert {t.name for t in draft_templates.templates() if t.source == "saved"} == {"move_on", "checklist"}
    ft("add", "Globex", "Analyst", "--id", "globex")
    assert "Take a pen to Globex." in ft("checklist", "globex").stdout


# -- the company's mail domains --------------------------------------------------------------


def test_mail_domains_are_edited_on_the_application_and_used_by_the_watcher(web: WebClient, ft: Cli) -> None:
    from followthrough.services.mail.watch import watched

    _case_a()
    form = {"company": "Acme Corp", "role": "Data Analyst", "applied_on": ""}
    edit = web.get(f"{PAGE}edit").content.decode()
    assert 'name="domains"' in edit
    page = web.follow(
        web.post(f"{PAGE}edit", form | {"domains": "acme.example\n@Mail.Acme.Example, bücher.example"}, PAGE)
    )
    assert "Mail domains: <strong>acme.example, mail.acme.example, bücher.example</strong>" in page
    assert "acme-corp-data-analyst: acme.example, mail.acme.example, bücher.example" in ft("domains", SLUG).stdout
    (found,) = watched()
    assert set(found.domains) >= {"acme.example", "bücher.example", "xn--bcher-kva.example"}
    before = everything()
    for bad, said in [
        ("https://acme.example", "without http://"),
        ("ann@acme.example", "that is an address"),
        ("acme", "not a mail domain"),
        ("acme.example/jobs", "no spaces, slashes or ports"),
        ("-bad-.example", "not a mail domain"),
    ]:
        response = web.post(f"{PAGE}edit", form | {"company": "Changed Inc", "domains": bad}, PAGE)
        assert response.status_code == 400 and said in response.content.decode(), bad
    assert everything() == before  # the company's new name was refused with the bad domain
    page = web.follow(web.post(f"{PAGE}edit", form | {"domains": ""}, PAGE))
    assert 'Mail domains: <span class="sub">none' in page


def test_the_cli_refuses_the_same_domains(ft: Cli) -> None:
    _case_a()
    assert "without http://" in ft("domains", SLUG, "http://acme.example", code=2).output
    assert ft("domains", SLUG, "@ACME.example").stdout.strip().endswith(": acme.example")
