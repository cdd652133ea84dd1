"""The career-centre server's coaching pages: a seeker's coaches and access log, a coach's
caseload and seeker pages, an administrator's counts, and a seeker's own data.

Each view passes the signed-in user (never an id from the request as the actor) to one
service call. A refusal of any kind is a 404 that says nothing of what was asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from typing import Any

from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST

from followthrough.core import codec, words
from followthrough.core.caseload import STAGES, stage_words
from followthrough.services import accounts, coaching, pages
from followthrough.services.coaching import NotAllowed
from followthrough.services.errors import UserError
from followthrough.web.common import OUTCOMES, after_post, day, notify, page, say
from followthrough.web.field_errors import Problems, hold, of_error
from followthrough.web.server_gate import roles

View = Callable[..., HttpResponse]
SORTS = (
    ("attention", "who needs attention first"),
    ("overdue", "most overdue"),
    ("quiet", "longest without activity"),
    ("name", "name"),
)


def refusals_are_404(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotAllowed:
            raise Http404("no such page") from None

    return wrapped


def _done(
    request: HttpRequest, action: Callable[[], str], said: Callable[[str], str], target: str, form: str = ""
) -> HttpResponse:
    """Run a write, say what it did (or why not) on the next page; someone the user has
    nothing to do with is a 404. A refusal about the ``form``'s e-mail address is also
    shown beside that field."""
    try:
        name = action()
    except NotAllowed:
        raise Http404("no such page") from None
    except UserError as problem:
        notify(request, say(problem), "error")
        if form:
            hold(request, replace(of_error(problem, say(problem), ("email",)), form=form))
    else:
        notify(request, said(name))
    return after_post(target)


# -- the job seeker ---------------------------------------------------------------------


@require_GET
def coaches_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    links = coaching.links_of_seeker(user)
    linked = {link.person.id for link in links if link.status != "revoked"}
    context = {
        "nav": "coaches",
        "links": links,
        "available": [p for p in coaching.coaches_for(user) if p.id not in linked],
        "log": coaching.access_log(user),
        "day": day,
    }
    return page(request, "coaching/coaches.html", context)


@require_POST
def invite_coach(request: HttpRequest, coach: int) -> HttpResponse:
    return _done(
        request, lambda: coaching.invite(request.user, coach), lambda n: f"{n} now sees your summary.", "/coaches/"
    )


@require_POST
def accept_coach(request: HttpRequest, coach: int) -> HttpResponse:
    return _done(
        request, lambda: coaching.accept(request.user, coach), lambda n: f"{n} now sees your summary.", "/coaches/"
    )


@require_POST
def revoke_coach(request: HttpRequest, coach: int) -> HttpResponse:
    return _done(
        request, lambda: coaching.revoke(request.user, coach), lambda n: f"{n} no longer sees anything.", "/coaches/"
    )


@require_POST
def full_view(request: HttpRequest, coach: int) -> HttpResponse:
    on = request.POST.get("full_view") == "on"
    said = (
        (lambda n: f"{n} can now read your applications and plans.")
        if on
        else (lambda n: f"{n} sees your summary only.")
    )
    return _done(request, lambda: coaching.set_full_view(request.user, coach, on), said, "/coaches/")


# -- the coach --------------------------------------------------------------------------


def _coach(request: HttpRequest) -> Any:
    if coaching.COACH not in roles(request):
        raise NotAllowed
    return request.user


@require_GET
@refusals_are_404
def caseload_page(request: HttpRequest) -> HttpResponse:
    coach = _coach(request)
    sort = request.GET.get("sort", "attention")
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    found = coaching.caseload_page(coach, None, sort, number)
    context = {
        "nav": "caseload",
        "caseload": found,
        "rows": _rows(found),
        "sort": sort,
        "sorts": SORTS,
        "requests": coaching.links_of_coach(coach, "requested"),
        "day": day,
    }
    return page(request, "coaching/caseload.html", context)


def _rows(found: coaching.Caseload) -> list[str]:
    """The caseload's rows as HTML (safe: rendered by the template engine), kept with the
    page's summaries while they are unchanged (a row is a function of its summary alone)."""

    def row(summary: Any) -> str:
        return render_to_string("followthrough/coaching/caseload_row.html", {"s": summary})

    key = None if found.kept_as is None else ("caseload rows", found.kept_as)
    drawn = pages.kept(key, lambda: {s.seeker: row(s) for s in found.summaries})
    return [drawn[s.seeker] if s.seeker in drawn else row(s) for s in found.summaries]


@require_GET
@refusals_are_404
def caseload_csv(request: HttpRequest) -> HttpResponse:
    text = coaching.caseload_csv(_coach(request))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="caseload.csv"'
    return response


@require_GET
@refusals_are_404
def seeker_page(request: HttpRequest, seeker: int) -> HttpResponse:
    found = coaching.seeker_page(_coach(request), seeker)

    stages = [(stage_words(s), found.summary.stages[s]) for s in STAGES if found.summary.stages.get(s)]
    context = {"nav": "caseload", "seeker": found.summary, "full_view": found.full_view, "stages": stages}
    return page(request, "coaching/seeker.html", context)


@require_GET
@refusals_are_404
def seeker_applications(request: HttpRequest, seeker: int) -> HttpResponse:
    name, rows = coaching.seeker_applications(_coach(request), seeker)
    context = {"nav": "caseload", "seeker_id": seeker, "name": name, "rows": rows, "outcomes": OUTCOMES, "day": day}
    return page(request, "coaching/seeker_applications.html", context)


@require_GET
@refusals_are_404
def seeker_application(request: HttpRequest, seeker: int, slug: str) -> HttpResponse:
    name, app, plan = coaching.seeker_application(_coach(request), seeker, slug)
    people = {c.key: c.name for c in app.contacts}
    steps = [
        {
            "what": words.action(s.kind.value, people.get(s.contact or ""), capital=True),
            "due": day(s.due),
            "status": s.status.value,
        }
        for s in plan.steps
    ]
    context = {
        "nav": "caseload",
        "seeker_id": seeker,
        "name": name,
        "app": app,
        "outcome": words.outcome(plan.outcome),
        "steps": steps,
        "events": [(words.EVENT_TITLES.get(codec.event_type(e), "Event"), day(e.on)) for e in app.events],
    }
    return page(request, "coaching/seeker_application.html", context)


@require_POST
@refusals_are_404
def ask_seeker(request: HttpRequest) -> HttpResponse:
    coach = _coach(request)
    email = request.POST.get("email", "")
    said = lambda n: f"Asked {n} for their consent."  # noqa: E731
    return _done(request, lambda: coaching.ask(coach, email), said, "/caseload/", form="ask")


@require_POST
@refusals_are_404
def step_back(request: HttpRequest, seeker: int) -> HttpResponse:
    coach = _coach(request)
    said = lambda n: f"You no longer see {n}'s summary."  # noqa: E731
    return _done(request, lambda: coaching.step_back(coach, seeker), said, "/caseload/")


# -- the administrator ------------------------------------------------------------------


@require_GET
@refusals_are_404
def organisation_counts(request: HttpRequest) -> HttpResponse:
    name, counts = coaching.organisation_counts(request.user)
    rate = counts.response_rate
    context = {
        "nav": "organisation",
        "name": name,
        "counts": counts,
        "rate": "–" if rate is None else f"{round(rate * 100)}%",
        "outcomes": [(OUTCOMES.get(k, k), n) for k, n in sorted(counts.outcomes.items())],
    }
    return page(request, "coaching/organisation_counts.html", context)


# -- the seeker's own data --------------------------------------------------------------


@require_GET
def my_data_page(request: HttpRequest) -> HttpResponse:
    context = {"nav": "my-data", "organisations": accounts.organisations_of(request.user)}
    return page(request, "coaching/my_data.html", context)


@require_GET
def export_mine(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(accounts.export_mine(request.user), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="followthrough.json"'
    return response


@require_POST
def import_mine(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("file")
    confirmed = request.POST.get("confirm") == "yes"
    raw = upload.read() if upload is not None else request.POST.get("content", "").encode("utf-8")
    source = upload.name if upload is not None else request.POST.get("source", "the file")
    context: dict[str, Any] = {"nav": "my-data", "organisations": accounts.organisations_of(request.user)}
    if not raw:
        context["error"] = Problems(
            fields={"file": ["Choose a followthrough/1 file (a JSON export of your job search) to bring in."]},
            form="import",
        )
        return page(request, "coaching/my_data.html", context, status=400)
    try:
        result = accounts.import_mine(request.user, raw, str(source), dry_run=not confirmed)
    except UserError as problem:  # what is wrong with the file, beside it
        context["error"] = Problems(fields={"file": [say(problem)]}, form="import")
        return page(request, "coaching/my_data.html", context, status=400)
    if result.saved:
        notify(request, f"Brought in {result.applications} application{'s' * (result.applications != 1)}.")
        return after_post("/applications/")
    context |= {"preview": result, "content": raw.decode("utf-8"), "source": source}
    return page(request, "coaching/my_data.html", context)


@require_POST
def leave_organisation(request: HttpRequest, organisation: int) -> HttpResponse:
    said = lambda n: f"You left {n}. Your job search stays yours; its coaches no longer see it."  # noqa: E731
    return _done(request, lambda: accounts.leave_organisation(request.user, organisation), said, "/my-data/")


@require_POST
def delete_account(request: HttpRequest) -> HttpResponse:
    try:
        accounts.delete_account(request.user, request.POST.get("password", ""))
    except UserError as problem:
        error = replace(of_error(problem, say(problem), ("password",)), form="delete")
        context = {"nav": "my-data", "organisations": accounts.organisations_of(request.user), "error": error}
        return page(request, "coaching/my_data.html", context, status=400)
    logout(request)
    return after_post("/login")
