"""How fast does a coach's caseload answer, next to a trivial page, at 16 clients at once?

Builds (once) a career centre on PostgreSQL: 1,000 job seekers with 50 applications each
(one realistic job search planned through the services, then copied for each seeker with
SQL), a coach trusted by 50 of them and a coach trusted by all 1,000, and one more seeker
who is behind on everything (over a hundred steps due). Starts `followthrough server` on
it as an administrator would, signs the coaches and two seekers in over HTTP (a second
factor for the coaches), and has 16 clients ask at once for the trivial pages: /health
(open to all: no sign-in gate, no template) and the signed-in Password page
(/account/password: the same gate, middleware and base template as every page, a form and
no data) of a seeker and of a coach (whose pages also check the second factor); then the
Today page of a seeker who keeps up and of the one who is behind, and each coach's
caseload. Prints the median and 95th percentile of each, and the ratio of its p95 to
/health's and to the same person's Password page. A second server on the same database,
with FOLLOWTHROUGH_KEPT_PAGES=0, then serves the same pages drawn from the job search at
every request (what the first look after a change costs), measured the same way.

    python benchmarks/caseload.py --db postgresql://USER:PASSWORD@HOST/DATABASE

The database is dropped and rebuilt with --rebuild (it must be one of its own).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import importlib.util
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PASSWORD = "benchmark password 1"
CLIENTS = 16
REQUESTS = 40  # per client and page
ROUNDS = 4  # the pages are measured in turn, this many times


def _agenda() -> Any:
    spec = importlib.util.spec_from_file_location("agenda_benchmark", HERE / "agenda.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(seekers: int) -> None:
    """The centre, in the database Django is configured for (empty, migrated)."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from followthrough.interop import exchange
    from followthrough.services.files.exchange import import_document
    from followthrough.services.owners import acting_as
    from followthrough.store.models import CoachLink, Membership, Organisation, User

    rng = random.Random(7)
    password = make_password(PASSWORD)
    centre = Organisation.objects.create(name="Benchmark Careers")
    coaches = [User.objects.create(username=f"coach{n}@bench.example", password=password) for n in (50, seekers)]
    for coach in coaches:
        Membership.objects.create(user=coach, organisation=centre, role="coach")
        TOTPDevice.objects.create(user=coach, name="bench", key="3132333435363738393031323334353637383930")
    seed = User.objects.create(username="seed@bench.example", password=password)
    document = {"format": "followthrough/1", "applications": [_agenda()._application(n, rng) for n in range(50)]}
    with acting_as(seed):
        import_document(exchange.parse(json.dumps(document), "seed"))
    people = User.objects.bulk_create(
        [
            User(username=f"s{n:04d}@bench.example", first_name=f"Seeker {n:04d}", password=password)
            for n in range(seekers)
        ]
    )
    Membership.objects.bulk_create([Membership(user=u, organisation=centre, role="job_seeker") for u in people])
    CoachLink.objects.bulk_create(
        [CoachLink(seeker=u, coach=coaches[0], status="active") for u in people[:50]]
        + [CoachLink(seeker=u, coach=coaches[1], status="active") for u in people]
    )
    copied = "slug, company, role, applied_on, status, outcome, extra, domains, promised_on, interviews, last_event_on"
    with transaction.atomic(), connection.cursor() as c:
        c.execute("CREATE TEMP TABLE bench_owner (id bigint)")
        c.execute("INSERT INTO bench_owner SELECT unnest(%s::bigint[])", [[u.pk for u in people]])
        c.execute(
            f"INSERT INTO ft_application (owner_id, {copied}) SELECT o.id, {copied.replace('slug', 'a.slug')} "
            "FROM ft_application a, bench_owner o WHERE a.owner_id = %s",
            [seed.pk],
        )
        join = (
            "JOIN ft_application a ON a.id = x.application_id AND a.owner_id = %s "
            "JOIN ft_application n ON n.slug = a.slug AND n.owner_id <> %s"
        )
        c.execute(
            "INSERT INTO ft_contact (application_id, key, name, role, title, phone, email, relation, position, extra) "
            "SELECT n.id, x.key, x.name, x.role, x.title, x.phone, x.email, x.relation, x.position, x.extra "
            f"FROM ft_contact x {join}",
            [seed.pk, seed.pk],
        )
        c.execute(
            'INSERT INTO ft_event (application_id, position, type, "on", payload) '
            f'SELECT n.id, x.position, x.type, x."on", x.payload FROM ft_event x {join}',
            [seed.pk, seed.pk],
        )
        c.execute(
            "INSERT INTO ft_step (id, application_id, kind, contact_id, contact_key, due, status, done_on, flags, "
            "phase) "
            "SELECT left(md5(x.id || n.id::text), 32), n.id, x.kind, NULL, x.contact_key, x.due, x.status, x.done_on, "
            f"x.flags, x.phase FROM ft_step x {join}",
            [seed.pk, seed.pk],
        )
    with connection.cursor() as c:
        c.execute("ANALYZE")


def behind() -> None:
    """One more seeker, behind on everything: 50 interviews of the last six weeks and not
    a step settled (over a hundred due, the first hundred shown, five drafts inline)."""
    import datetime as dt

    from django.contrib.auth.hashers import make_password

    from followthrough import clock
    from followthrough.interop import exchange
    from followthrough.services.files.exchange import import_document
    from followthrough.services.owners import acting_as
    from followthrough.store.models import Membership, Organisation, User

    rng = random.Random(3)
    seeker = User.objects.create(username="behind@bench.example", first_name="Behind", password=make_password(PASSWORD))
    Membership.objects.create(user=seeker, organisation=Organisation.objects.get(), role="job_seeker")
    people = [
        {"key": "ann", "name": "Ann Lee", "role": "hiring_officer", "email": "ann@example.com", "phone": "+1 555 0100"},
        {"key": "bo", "name": "Bo Park", "role": "interviewer", "email": "bo@example.com"},
        {"key": "cy", "name": "Cy Diaz", "role": "inside_contact", "phone": "+1 555 0101"},
    ]
    applications = []
    for n in range(50):
        interview = clock.today_in("UTC") - dt.timedelta(days=rng.randint(3, 40))
        interview -= dt.timedelta(days=max(0, interview.weekday() - 4))
        on = interview.isoformat()
        events = [{"type": "interview", "on": on, "with": ["ann", "bo"], "final": True},
                  {"type": "debrief", "on": on, "timeframe": "one week"}]  # fmt: skip
        applications.append({"id": f"behind-{n:02d}", "company": f"Behind Co {n}", "role": "Analyst",
                             "contacts": people, "events": events})  # fmt: skip
    with acting_as(seeker):
        import_document(exchange.parse(json.dumps({"format": "followthrough/1", "applications": applications}), "b"))


def totp(step: int) -> str:
    from django_otp.oath import TOTP

    code = TOTP(bytes.fromhex("3132333435363738393031323334353637383930"), step=30, t0=0, digits=6)
    code.time = step * 30 + 1
    return f"{code.token():06d}"


class _OverTls(http.cookiejar.DefaultCookiePolicy):
    """The server's cookies are Secure: this client stands behind a TLS proxy of its own."""

    def return_ok_secure(self, cookie: Any, request: Any) -> bool:
        return True


PROXY = {"X-Forwarded-Proto": "https"}  # as the TLS proxy in front of the server says


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar(_OverTls())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        with self.opener.open(urllib.request.Request(self.base + path, headers=PROXY), timeout=60) as answer:
            return str(answer.read().decode())

    def post(self, path: str, page: str, data: dict[str, str]) -> str:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(page))
        assert token, page
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **data}).encode()
        referer = self.base.replace("http://", "https://") + page
        request = urllib.request.Request(self.base + path, body, headers={"Referer": referer, **PROXY})
        with self.opener.open(request, timeout=60) as answer:
            return str(answer.read().decode())

    def sign_in(self, email: str, second_factor: bool) -> None:
        self.post("/login", "/login", {"username": email, "password": PASSWORD})
        if second_factor:
            self.post("/account/second-factor", "/account/second-factor", {"code": totp(int(time.time() // 30))})  # noqa: TID251 (django-otp)


def load(client: Client, path: str, requests: int) -> list[float]:
    def one_client(_: int) -> list[float]:
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - started)
        return times

    with ThreadPoolExecutor(CLIENTS) as pool:
        return [t for times in pool.map(one_client, range(CLIENTS)) for t in times]


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="A PostgreSQL URL of a database of the benchmark's own.")
    parser.add_argument("--seekers", type=int, default=1000)
    parser.add_argument("--rebuild", action="store_true", help="Empty the database and build the centre again.")
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--requests", type=int, default=REQUESTS, help="Requests per client and page.")
    args = parser.parse_args()
    from followthrough import settings
    from followthrough.server_settings import ServerOptions

    folder = Path(tempfile.mkdtemp(prefix="followthrough-bench-"))
    key = secrets.token_urlsafe(48)
    options = ServerOptions(secret_key=key, allowed_hosts=("127.0.0.1",), static_root=str(folder / "static"))
    settings.configure(args.db, mode="server", server=options)
    from followthrough.store import database
    from followthrough.store.models import User

    database.migrate()
    if args.rebuild or not User.objects.filter(username="seed@bench.example").exists():
        from django.db import connection

        tables = [t for t in connection.introspection.table_names() if t != "django_migrations"]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        print(f"building {args.seekers} seekers x 50 applications…", file=sys.stderr)
        build(args.seekers)
    if not User.objects.filter(username="behind@bench.example").exists():
        behind()
    from django.db import connections

    connections.close_all()
    env = {**os.environ, "FOLLOWTHROUGH_SECRET_KEY": key}
    # Two servers side by side on the same database: as shipped (pages kept while unchanged)
    # and with keeping off (every page drawn from the job search, as after any change).
    servers = [_start(args.db, args.port + n, folder, {**env, "FOLLOWTHROUGH_KEPT_PAGES": kept})
               for n, kept in enumerate(("1", "0"))]  # fmt: skip
    base, drawn = (f"http://127.0.0.1:{args.port + n}" for n in range(2))
    try:
        for url in (base, drawn):
            _wait_for(url)
        seeker, late, small, large = Client(base), Client(base), Client(base), Client(base)
        seeker.sign_in("s0000@bench.example", False)
        late.sign_in("behind@bench.example", False)
        small.sign_in("coach50@bench.example", True)
        time.sleep(31 - time.time() % 30)  # noqa: TID251 - a fresh 30 s step of django-otp's: each code is taken once
        large.sign_in(f"coach{args.seekers}@bench.example", True)
        # Each page beside the trivial ones: /health (open to all), and the Password page of
        # the same person (signed in the same way: a coach's pages also check the second factor).
        seeker_way, coach_way = "Password page, seeker (trivial)", "Password page, coach (trivial)"
        pages = [
            ("/health (trivial, open)", seeker, "/health", None),
            (seeker_way, seeker, "/account/password", None),
            (coach_way, large, "/account/password", None),
            ("Today (50 applications, kept up)", seeker, "/", seeker_way),
            ("Today (50 applications, 100 steps due)", late, "/", seeker_way),
            ("caseload of 50 seekers", small, "/caseload/", coach_way),
            (f"caseload of {args.seekers} seekers", large, "/caseload/", coach_way),
        ]
        # The same pages again on the second server (the sessions are in the database).
        pages += [(f"{label}, drawn", client, path, way) for label, client, path, way in pages[3:]]
        assert "Seeker 0000" in small.get("/caseload/"), "the coach did not reach the caseload"
        # In rounds, every page in each: the machine's pace drifts (a shared 2-core VM), and
        # a page measured only early or late would carry that drift into its ratio.
        times: dict[str, list[float]] = {label: [] for label, *_ in pages}
        for label, client, path, _ in pages:
            client.base = drawn if label.endswith(", drawn") else base
            load(client, path, 2)  # warm up (and, as shipped, keep the page)
        for _ in range(ROUNDS):
            for label, client, path, _ in pages:
                client.base = drawn if label.endswith(", drawn") else base
                times[label] += load(client, path, max(1, args.requests // ROUNDS))
        highs = {label: p95(found) for label, found in times.items()}
        for label, _, _, same_way in pages:
            high = highs[label]
            ratios = f"{high / highs[pages[0][0]]:5.1f}x /health"
            if same_way:
                ratios += f" {high / highs[same_way]:5.1f}x {same_way.split(' (')[0]}"
            median = statistics.median(times[label]) * 1000
            print(f"{label:43s} median {median:6.1f} ms  p95 {high * 1000:6.1f} ms  {ratios}")
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def _start(db: str, port: int, folder: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "followthrough", "--db", db, "server", "--bind", f"127.0.0.1:{port}",
         "--server-dir", str(folder), "--workers", "2", "--threads", "4", "--proxy-ssl-header", "X-Forwarded-Proto"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _wait_for(base: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/health", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)


if __name__ == "__main__":
    main()
