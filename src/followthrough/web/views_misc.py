"""Settings (the profile), statistics, and the app's own static files."""

from __future__ import annotations

import mimetypes
import re
from functools import cache
from pathlib import Path

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET, require_http_methods

from followthrough.core.statistics import OUTCOME_ORDER
from followthrough.services.errors import UserError
from followthrough.services.jobsearch import business_calendar, get_profile, update_profile
from followthrough.services.pages import compute
from followthrough.web import charts
from followthrough.web.common import OUTCOMES, after_post, local_today, notify, page, say
from followthrough.web.field_errors import Problems, of_error, of_form
from followthrough.web.forms import ProfileForm, country_choices, timezone_choices
from followthrough.web.views_calendar import feed_address
from followthrough.web.views_settings import settings_context

STATIC = Path(__file__).resolve().parent / "static" / "followthrough"


@cache
def _timezones() -> list[str]:
    return timezone_choices()


@cache
def _countries() -> list[tuple[str, str]]:
    return [("", "None: no public holidays"), *((code, f"{name} ({code})") for code, name in country_choices())]


@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    current = get_profile()
    form = ProfileForm(
        request.POST or None,
        initial={
            "name": current.name,
            "home_address": current.home_address,
            "phone": current.phone,
            "email": current.email,
            "timezone": current.timezone,
            "country": current.country or "",
        },
    )
    error = Problems()
    if request.method == "POST":
        if form.is_valid():
            data = {k: v.strip() for k, v in form.cleaned_data.items()}
            try:
                update_profile(**data)
            except UserError as problem:
                error = of_error(problem, say(problem), tuple(form.fields))
            else:
                notify(request, "Profile saved: it goes at the foot of every note.")
                return after_post("/settings/")
        else:
            error = of_form(form)

    context = {
        **settings_context(),
        "nav": "settings",
        "form": form,
        "error": error,
        "timezones": _timezones(),
        "countries": _countries(),
        "away": list(enumerate(sorted(current.away), start=1)),
        "calendar_url": feed_address(request),
    }
    return page(request, "settings.html", context, status=400 if error else 200)


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


@require_GET
def statistics_page(request: HttpRequest) -> HttpResponse:
    found = compute(local_today(), business_calendar())
    median = found.median_days_to_answer
    outcome_bars = [(OUTCOMES[k], found.outcomes.get(k, 0)) for k in OUTCOME_ORDER]
    context = {
        "nav": "statistics",
        "stats": found,
        "response_rate": _percent(found.response_rate),
        "kept": _percent(found.promises_kept_share),
        "median": "–" if median is None else f"{median:g} days",
        "rates_chart": charts.share_bars(
            "Shares",
            [
                ("Interviews that got an answer", found.answered, found.interviewed),
                ("Promised dates kept", found.promises_kept, found.promises_due),
            ],
        ),
        "wait_chart": charts.bars("Days from the interview to the decision", found.wait_histogram()),
        "outcome_chart": charts.bars("Applications by outcome", outcome_bars),
        "playbooks": [
            {
                "name": name,
                "applications": apps,
                "interviewed": seen,
                "answered": said,
                "rate": _percent(said / seen if seen else None),
            }
            for name, apps, seen, said in found.playbook_rates()
        ],
    }
    return page(request, "statistics.html", context)


@require_GET
def static_file(request: HttpRequest, name: str) -> HttpResponseBase:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):  # a NUL, a slash, '..': no file of ours
        raise Http404("no such file")
    path = (STATIC / name).resolve()
    if path.parent != STATIC or not path.is_file():
        raise Http404(name)
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = FileResponse(path.open("rb"), content_type=kind)
    response["Cache-Control"] = "private, max-age=3600"
    return response
