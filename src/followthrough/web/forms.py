"""What each page's forms accept; Django forms do the parsing and say what is wrong."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms

from followthrough.core.codec import InvalidData, check_date
from followthrough.core.job import split_tags
from followthrough.core.model import CallOutcome, CallPermission, Considered, ContactRole, ResponseOutcome
from followthrough.services.jobsearch import PlaybookFileFault, choices, default_name, file_faults

ROLE_LABELS = {
    ContactRole.HIRING_OFFICER: "Hiring officer (decides, gets the calls)",
    ContactRole.INTERVIEWER: "Interviewer",
    ContactRole.INSIDE_CONTACT: "Inside contact (receptionist, friend, another manager)",
}
OUTCOME_LABELS = {
    ResponseOutcome.OFFER: "An offer",
    ResponseOutcome.REJECTED: "Rejected",
    ResponseOutcome.FILLED: "The position was filled",
    ResponseOutcome.NO_HIRE: "They decided not to hire",
    ResponseOutcome.WITHDRAWN: "I withdrew",
    ResponseOutcome.NOT_DECIDED: "Not decided yet",
}
CONSIDERED_LABELS = {Considered.YES: "Yes", Considered.NO: "No", Considered.UNCLEAR: "Unclear"}
PERMISSION_LABELS = {
    CallPermission.OK: "Yes, calling is fine",
    CallPermission.ASKED_NOT_TO_CALL: "They asked me not to call",
    CallPermission.NOT_ASKED: "I did not ask",
}
# The same answers when the playbook follows up by e-mail: the checklist said "by e-mail".
EMAIL_PERMISSION_LABELS = {
    CallPermission.OK: "Yes, that is fine",
    CallPermission.ASKED_NOT_TO_CALL: "They asked me not to follow up",
    CallPermission.NOT_ASKED: "I did not ask",
}
YES_NO = [("", "Not recorded"), ("yes", "Yes"), ("no", "No")]


def _set_choices(field: forms.Field, choices: list[tuple[str, str]]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class DayField(forms.DateField):
    """A date the product accepts (codec.FIRST_DAY to codec.LAST_DAY), as YYYY-MM-DD."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None:
            try:
                check_date(value, "")
            except InvalidData as error:
                raise forms.ValidationError(error.message) from None


def _optional(value: str) -> str | None:
    value = value.strip()
    return value or None


def playbook_choices(default_label: str | None = None) -> list[tuple[str, str]]:
    """The playbooks to choose from (read afresh: the user's files may have changed)."""

    offered = [(name, f"{name}: {text}") for name, text in choices()]
    return [("", default_label or f"My default ({default_name()})"), *offered]


def playbook_faults() -> list[str]:
    """Each playbook file of the user's that is not offered, and why: "patient.toml, line 2,
    key calls: unknown key (…)" (the page says where the files are)."""

    return [fault_words(fault) for fault in file_faults()]


def fault_words(fault: PlaybookFileFault) -> str:
    where = [fault.path.name]
    if fault.line:
        where.append(f"line {fault.line}")
    if fault.key:
        where.append(f"key “{fault.key}”")
    return f"{', '.join(where)}: {fault.reason}"


PRIORITY_LABELS = [("", "Not set"), ("1", "1 · high"), ("2", "2 · medium"), ("3", "3 · low")]
STAGE_LABELS = [("saved", "Saved (not applied yet)"), ("applied", "Applied"), ("screening", "Screening")]


class ApplicationForm(forms.Form):
    company = forms.CharField(max_length=200)
    role = forms.CharField(max_length=200)
    applied_on = DayField(required=False)
    playbook = forms.ChoiceField(required=False)
    # The job (core.job checks each value, the same way for every door).
    url = forms.CharField(max_length=2000, required=False)
    location = forms.CharField(max_length=500, required=False)
    salary = forms.CharField(max_length=500, required=False)
    notes = forms.CharField(max_length=20000, required=False, widget=forms.Textarea, strip=False)
    tags = forms.CharField(max_length=2000, required=False)
    priority = forms.ChoiceField(required=False, choices=PRIORITY_LABELS)
    stage = forms.ChoiceField(required=False, choices=[("", "Not set (applied)"), *STAGE_LABELS])
    # The employer's clock: when an e-mail goes out (their working hours), never the plan.
    timezone = forms.CharField(max_length=64, required=False)
    country = forms.CharField(max_length=8, required=False)
    domains = forms.CharField(max_length=2000, required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["playbook"], playbook_choices())
        self.playbook_faults = playbook_faults()


class ApplicationEditForm(ApplicationForm):
    """The edit page's form: also the application's id (its address in every page and command)."""

    new_id = forms.CharField(max_length=200, required=False, label="Id")


def job_values(data: dict[str, Any], adding: bool = False) -> dict[str, Any]:
    """The job's fields of a filled-in form as the services take them: a blank field is
    cleared on an edit (and simply absent on a new application); tags split on , or ;."""

    values: dict[str, Any] = {
        k: data.get(k) or "" for k in ("url", "location", "salary", "notes", "priority", "stage", "timezone", "country")
    }
    values["notes"] = values["notes"].replace("\r\n", "\n")  # as a browser posts a textarea's lines
    values["tags"] = split_tags(data.get("tags") or "")
    if adding:
        return {k: v for k, v in values.items() if v not in ("", [])}
    return values


def job_initial(job: Any) -> dict[str, Any]:
    """A stored job as the form shows it."""
    return {
        "url": job.url or "",
        "location": job.location or "",
        "salary": job.salary or "",
        "notes": job.notes or "",
        "tags": ", ".join(job.tags),
        "priority": str(job.priority or ""),
        "stage": job.stage.value if job.stage else "",
        "timezone": job.timezone or "",
        "country": job.country or "",
    }


class MoveForm(forms.Form):
    """A card's "Move to": the stage, and the one the page showed (two moves at once: one lands)."""

    stage = forms.CharField(max_length=32, error_messages={"required": "choose the stage to move it to"})
    expected = forms.CharField(max_length=32, required=False)


class PlaybookForm(forms.Form):
    playbook = forms.ChoiceField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["playbook"], playbook_choices()[1:])
        self.playbook_faults = playbook_faults()


class ContactForm(forms.Form):
    name = forms.CharField(max_length=200)
    # No default: a second hiring officer by accident is the mistake this prevents.
    role = forms.ChoiceField(
        choices=[("", "Choose their part…"), *((r.value, label) for r, label in ROLE_LABELS.items())],
        error_messages={
            "required": "Say what part they have in the hiring: hiring officer, interviewer or inside contact."
        },
    )
    title = forms.CharField(max_length=200, required=False)
    phone = forms.CharField(max_length=100, required=False)
    email = forms.EmailField(required=False)
    relation = forms.CharField(max_length=200, required=False)
    salutation = forms.CharField(max_length=200, required=False)


class OfficerForm(forms.Form):
    """The new hiring officer, taking over from the one on file (who stays, as an interviewer)."""

    name = forms.CharField(max_length=200)
    title = forms.CharField(max_length=200, required=False)
    phone = forms.CharField(max_length=100, required=False)
    email = forms.EmailField(required=False)


class InterviewForm(forms.Form):
    on = DayField()
    at = forms.TimeField(required=False)
    interviewers = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    final = forms.BooleanField(required=False)
    notes = forms.CharField(max_length=5000, required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, contacts: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["interviewers"], contacts or [])


class ResponseForm(forms.Form):
    on = DayField()
    # A blank first choice: an answer is never recorded as an offer by default.
    outcome = forms.ChoiceField(
        choices=[("", "Choose what they said"), *((o.value, label) for o, label in OUTCOME_LABELS.items())],
        error_messages={"required": "choose what they said"},
    )
    source = forms.ChoiceField(required=False)
    decision_by = forms.CharField(max_length=100, required=False)

    def __init__(self, *args: Any, contacts: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["source"], [("", "Nobody in particular"), *(contacts or [])])


class DebriefForm(forms.Form):
    on = DayField()
    how_did_i_do = forms.CharField(max_length=2000, required=False, widget=forms.Textarea)
    considered = forms.ChoiceField(
        required=False, choices=[("", "Not recorded"), *((c.value, label) for c, label in CONSIDERED_LABELS.items())]
    )
    card = forms.ChoiceField(required=False, choices=YES_NO)
    card_name = forms.CharField(max_length=200, required=False)
    card_title = forms.CharField(max_length=200, required=False)
    card_phone = forms.CharField(max_length=100, required=False)
    card_email = forms.EmailField(required=False)
    vcard_text = forms.CharField(max_length=20000, required=False, widget=forms.Textarea)
    vcard_file = forms.FileField(required=False)
    timeframe = forms.CharField(max_length=200, required=False)
    call_permission = forms.ChoiceField(
        required=False, choices=[("", "Not recorded"), *((p.value, label) for p, label in PERMISSION_LABELS.items())]
    )
    stated_interest = forms.ChoiceField(required=False, choices=YES_NO)

    def __init__(self, *args: Any, by_email: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if by_email:
            labels = EMAIL_PERMISSION_LABELS.items()
            _set_choices(self.fields["call_permission"], [("", "Not recorded"), *((p.value, t) for p, t in labels)])


class ProfileForm(forms.Form):
    name = forms.CharField(max_length=200, required=False)
    home_address = forms.CharField(max_length=500, required=False, widget=forms.Textarea)
    phone = forms.CharField(max_length=100, required=False)
    email = forms.EmailField(required=False)
    timezone = forms.CharField(max_length=64)
    country = forms.CharField(max_length=8, required=False)

    def clean_country(self) -> str:
        code = str(self.cleaned_data.get("country") or "").strip().upper()
        if code and code not in dict(country_choices()):
            raise forms.ValidationError(f"no public holidays are known for {code}")
        return code


def _country_name(module: str) -> str:
    words = module.replace("_", " ").title().split()
    return " ".join(w.lower() if w in ("And", "Of", "The", "Da", "Du") and i else w for i, w in enumerate(words))


def country_choices() -> list[tuple[str, str]]:
    """The countries whose public holidays the holidays package knows, by name."""
    import holidays

    codes = set(holidays.list_supported_countries())
    try:
        from holidays.registry import COUNTRIES

        named = {info[1]: _country_name(module) for module, info in COUNTRIES.items() if info[1] in codes}
    except (ImportError, IndexError, AttributeError):  # another holidays release: the codes alone
        named = {code: code for code in codes if len(code) == 2}
    return sorted(named.items(), key=lambda pair: pair[1])


AREAS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")


def timezone_choices() -> list[str]:
    """Area/Location zone names (and UTC): no "localtime", no legacy aliases like US/Eastern."""

    zones = {z for z in zoneinfo.available_timezones() if z.split("/")[0] in AREAS and "/" in z}
    return sorted(zones | {"UTC"})


class SettleForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("done", "reached", "voicemail", "no_answer", "skip")],
    )
    on = DayField(required=False)
    note = forms.CharField(max_length=2000, required=False)


def yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


optional = _optional


class ContactEditForm(forms.Form):
    name = forms.CharField(max_length=200)
    role = forms.ChoiceField(choices=[(r.value, label) for r, label in ROLE_LABELS.items()])
    title = forms.CharField(max_length=200, required=False)
    phone = forms.CharField(max_length=100, required=False)
    email = forms.EmailField(required=False)
    relation = forms.CharField(max_length=200, required=False)
    salutation = forms.CharField(max_length=200, required=False)
    replace_officer = forms.BooleanField(required=False)


class SnoozeForm(forms.Form):
    until = DayField(label="Remind me on", error_messages={"required": "choose the day to be reminded"})


class ReopenForm(forms.Form):
    on = DayField()
    note = forms.CharField(max_length=2000, required=False)


class AwayForm(forms.Form):
    first = DayField(label="from", error_messages={"required": "give the first day away"})
    last = DayField(label="until", error_messages={"required": "give the last day away"})


class UndoForm(forms.Form):
    application = forms.SlugField(max_length=200)
    n = forms.IntegerField(min_value=1)
    fingerprint = forms.CharField(max_length=64)


class SendForm(forms.Form):
    """A note or e-mail as edited on its card: exactly what goes out."""

    to = forms.CharField(max_length=320)  # the address the page showed: a changed contact is not written to blindly
    subject = forms.CharField(max_length=900, error_messages={"required": "the subject may not be empty"})
    body = forms.CharField(max_length=50_000, strip=False, error_messages={"required": "the text may not be empty"})
    replacing = forms.CharField(max_length=255, required=False)  # "send again" after an uncertain send


class ScheduledTextForm(forms.Form):
    """The new subject and text of an e-mail waiting for the employer's working hours."""

    subject = forms.CharField(max_length=900, error_messages={"required": "the subject may not be empty"})
    body = forms.CharField(max_length=50_000, strip=False, error_messages={"required": "the text may not be empty"})


class AnswerForm(forms.Form):
    """What a message from the employer said."""

    outcome = forms.ChoiceField(
        choices=[(o.value, label) for o, label in OUTCOME_LABELS.items()],
        error_messages={"required": "choose what they said"},
    )
    decision_by = DayField(required=False)


class AwaySnoozeForm(forms.Form):
    step = forms.CharField(max_length=32)  # the step the page offered to move


CALL_OUTCOME_LABELS = {
    CallOutcome.REACHED: "I reached them",
    CallOutcome.VOICEMAIL: "I left a voicemail",
    CallOutcome.NO_ANSWER: "Nobody answered",
}


class CallForm(forms.Form):
    """A call the user made beyond the plan: to whom, when, how it went."""

    contact = forms.ChoiceField(error_messages={"required": "choose who you called"})
    on = DayField()
    outcome = forms.ChoiceField(
        choices=[(o.value, label) for o, label in CALL_OUTCOME_LABELS.items()],
        error_messages={"required": "choose how the call went"},
    )
    note = forms.CharField(max_length=2000, required=False)

    def __init__(self, *args: Any, contacts: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["contact"], contacts or [])
