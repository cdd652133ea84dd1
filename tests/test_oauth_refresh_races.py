"""Two processes (the reply watcher and a `send`, two workers) refreshing one mailbox's
expired access token at once, round after round, against an authorization server that
rotates refresh tokens (each refresh spends the old one): the lock keeps the second from
spending a dead refresh token, so neither is told to reconnect, both sign in with the same
new token, and the one kept is the provider's live one."""

from __future__ import annotations

import multiprocessing as mp
from dataclasses import replace
from multiprocessing.synchronize import Barrier
from pathlib import Path

from followthrough import clock
from followthrough.core.mail_providers import MailProvider, from_mapping
from followthrough.interop.oauth_client import OAuthApp
from followthrough.services.mail import oauth_tokens
from followthrough.services.mail.oauth_tokens import FileStore, ReconnectMailbox
from tests.oauth_server import CLIENT_ID, SCOPE, authorization_server
from tests.racing import racing, together
from tests.test_oauth_flows import browser

ROUNDS = 4
ADDRESS = "ann@example.edu"
KEY = f"testidp:{ADDRESS}"


def _provider(url: str) -> MailProvider:
    return from_mapping(
        "testidp",
        {
            "authorize_url": f"{url}/authorize",
            "token_url": f"{url}/token",
            "imap_host": "imap.example.edu",
            "smtp_host": "smtp.example.edu",
            "scopes": SCOPE.split(),
        },
    )


def _racer(url: str, folder: str, barrier: Barrier, jobs: mp.Queue, results: mp.Queue) -> None:  # type: ignore[type-arg]
    provider, store = _provider(url), FileStore(Path(folder))
    while jobs.get() is not None:
        together(barrier)
        try:
            token = oauth_tokens.access_token(provider, OAuthApp(CLIENT_ID), ADDRESS, store, folder=Path(folder))
            results.put(("signed in", token))
        except ReconnectMailbox as refused:
            results.put(("refused", str(refused)))
        except Exception as error:  # a failure the race test must show, not hide
            results.put(("failed", repr(error)))


def test_two_processes_refreshing_at_once_never_lose_the_refresh_token(tmp_path: Path) -> None:
    with authorization_server() as idp:
        provider, store = _provider(idp.url), FileStore(tmp_path)
        oauth_tokens.connect_in_browser(provider, OAuthApp(CLIENT_ID), ADDRESS, store, browser, timeout=30)
        with racing(_racer, idp.url, str(tmp_path)) as racers:
            for round_ in range(1, ROUNDS + 1):
                kept = store.load(KEY)
                assert kept is not None
                store.save(KEY, replace(kept, expires_at=clock.epoch() - 1))  # expired: both must refresh
                (first, one), (second, other) = racers.run(round_, round_)
                assert (first, second) == ("signed in", "signed in"), (one, other)
                renewed = store.load(KEY)
                assert renewed is not None
                assert one == other == renewed.access_token
                assert idp.state.refreshes == round_  # one refresh a round: the second used the first's
                assert idp.live_refresh_tokens() == [renewed.refresh_token]
