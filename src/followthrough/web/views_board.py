"""The applications board (search, filters, the archive, moving a card), the form that
adds an application, and the Upcoming page: each a translation to one service call."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from followthrough.core.job import PRIORITIES
from followthrough.services.errors import UserError
from followthrough.services.jobsearch import (
    AlreadyOpen,
    ApplicationNotFound,
    StageRefused,
    add_application,
    move_to_stage,
)
from followthrough.services.pages import CLOSED, PRE_INTERVIEW, STAGES, Filters, archive, board, coming_days
from followthrough.web.common import (
    OUTCOMES,
    STAGE_TITLES,
    action,
    after_post,
    already_open,
    day,
    form_errors,
    local_today,
    notify,
    page,
    safe_next,
    say,
)
from followthrough.web.field_errors import of_form
from followthrough.web.forms import ApplicationForm, MoveForm, job_values
from followthrough.web.undoing import offer

PER_COLUMN = 50
PAGE = 200
FILTER_KEYS = ("q", "company", "role", "tag", "stage", "promise")


def _filters(query: QueryDict) -> Any:
    return Filters(
        search=query.get("q", ""),
        company=query.get("company", ""),
        role=query.get("role", ""),
        tag=query.get("tag", ""),
        stage=query.get("stage", ""),
        promise_passed=query.get("promise") == "passed",
    )


def _query(filters: Any, **more: str) -> str:
    """The filters as a query string, for links that keep them."""
    pairs = {
        "q": filters.search,
        "company": filters.company,
        "role": filters.role,
        "tag": filters.tag,
        "stage": filters.stage,
        "promise": "passed" if filters.promise_passed else "",
    }
    return urlencode({k: v for k, v in (pairs | more).items() if v})


def _start(query: QueryDict) -> int:
    try:
        return max(0, int(query.get("from", "0")))
    except ValueError:
        return 0


def _card(card: Any, stages: tuple[str, ...]) -> dict[str, Any]:
    return {
        "card": card,
        "outcome": OUTCOMES.get(card.outcome or "", ""),
        "next": day(card.next_due),
        "priority": PRIORITIES.get(card.priority or 0, ""),
        "moves": [(s, STAGE_TITLES[s]) for s in stages if s != card.stage] if card.movable else [],
    }


@require_http_methods(["GET", "POST"])
def board_page(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None)
    already = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            slug = add_application(
                data["company"],
                data["role"],
                applied_on=data["applied_on"],
                playbook=data["playbook"] or None,
                anyway=request.POST.get("anyway") == "1",  # the warning's "Add it anyway"
                **job_values(data, adding=True),
            )
        except AlreadyOpen as error:  # a warning, with a link to it and a button to go on
            already = already_open(error)
        except UserError as error:
            field = getattr(error, "field", None)  # a refusal about one of the fields is shown beside it
            form.add_error(field.value if field is not None and field.value in form.fields else None, say(error))
        else:
            notify(request, f"Added {data['company']}. Add the people you meet next.")
            return after_post(f"/applications/{slug}/")
    status = 409 if already else 400 if form.is_bound and form.errors else 200
    return _render_board(request, request.GET, form, status, already)


def _render_board(
    request: HttpRequest, query: QueryDict, form: ApplicationForm, status: int, already: Any = None
) -> HttpResponse:
    if query.get("stage") == CLOSED:  # the old link to the closed column: the archive
        query = query.copy()
        query.pop("stage")
        query["archive"] = "1"
    filters = _filters(query)
    start = _start(query)
    in_archive = query.get("archive") == "1"
    only = filters.stage or (CLOSED if in_archive else "")
    today = local_today()
    if in_archive:
        columns, archived = [archive(today, filters, PAGE, start)], 0
    else:
        shown = board(today, filters, PAGE if only else PER_COLUMN, start if only else 0)
        columns, archived = shown.columns, shown.archived
    offset = start if only else 0
    context = {
        "nav": "applications",
        "columns": [
            {
                "stage": c.stage,
                "title": STAGE_TITLES[c.stage],
                "total": c.total,
                "movable": c.stage in PRE_INTERVIEW,
                "cards": [_card(card, PRE_INTERVIEW) for card in c.cards],
                "more": c.total - len(c.cards) - offset,
                "more_query": _query(filters, stage=c.stage, **({"from": str(start + len(c.cards))} if only else {}))
                if c.stage != CLOSED
                else _query(filters, archive="1", **({"from": str(start + len(c.cards))} if only else {})),
            }
            for c in columns
        ],
        "only": only,
        "only_title": "Archive: closed applications" if in_archive else STAGE_TITLES.get(only, ""),
        "in_archive": in_archive,
        "archived": archived,
        "archive_query": _query(filters, archive="1"),
        "board_query": _query(filters),
        "filters": filters,
        "filtering": filters.any,
        "stage_choices": [(s, STAGE_TITLES[s]) for s in STAGES],
        "here": "/applications/" + (f"?{query.urlencode()}" if query else ""),
        "form": form,
        "form_error": of_form(form),  # each error beside its field
        "already": already,
    }
    return page(request, "board.html", context, status=status)


@require_POST
def move_stage(request: HttpRequest, slug: str) -> HttpResponse:
    """A card's "Move to" (a select and a button; the drag-and-drop script posts the same
    form). Back to the board it came from, the moved card's button focused."""

    back = safe_next(request, "/applications/").split("#")[0]
    if not back.startswith("/applications/"):
        back = "/applications/"
    by_script = request.headers.get("X-Requested-With") == "fetch"  # the drag-and-drop script
    form = MoveForm(request.POST)
    try:
        if not form.is_valid():
            raise UserError(form_errors(form))
        moved = move_to_stage(slug, form.cleaned_data["stage"], form.cleaned_data["expected"] or None)
    except UserError as error:
        status = 404 if isinstance(error, ApplicationNotFound) else 409 if form.is_valid() else 400
        words = say(error)
        if isinstance(error, StageRefused) and error.stage in STAGE_TITLES:  # "Screening", as the board names it
            words = words.replace(f"“{error.stage}”", f"“{STAGE_TITLES[error.stage]}”")
        if by_script:  # the script says it where the card was dropped; the page stays
            return HttpResponse(words, status=status, content_type="text/plain; charset=utf-8")
        notify(request, words, "error")
        query = QueryDict(back.partition("?")[2])
        return _render_board(request, query, ApplicationForm(), status)
    notify(request, f"Moved {moved.company} to {STAGE_TITLES[moved.after]}.")
    target = f"{back}#card-{slug}"  # the card's anchor: the keyboard goes back to it
    label = f"moving {moved.company} to {STAGE_TITLES[moved.after]}"
    offer(request, "stage", label, target, application=slug, stage=moved.before, expected=moved.after)
    if by_script:
        return HttpResponse(target, content_type="text/plain; charset=utf-8")
    return after_post(target)


@require_GET
def upcoming_page(request: HttpRequest) -> HttpResponse:
    today = local_today()
    days: dict[dt.date, list[dict[str, Any]]] = {}
    for entry in coming_days(today, 14):
        days.setdefault(entry.due, []).append({"what": action(entry.kind, entry.contact_name), "e": entry})
    context = {
        "nav": "upcoming",
        "today": day(today),
        "last": day(today + dt.timedelta(days=14)),
        "days": [{"day": day(d), "iso": d.isoformat(), "steps": steps} for d, steps in days.items()],
        "count": sum(len(steps) for steps in days.values()),
    }
    return page(request, "upcoming.html", context)
