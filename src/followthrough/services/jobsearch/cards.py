"""Adding the person on a business card (as read from a photo) to an application."""

from __future__ import annotations

from dataclasses import dataclass

from followthrough.core.model import CardReading, ContactRole
from followthrough.services.errors import Hint, Refusal
from followthrough.services.jobsearch.applications import add_contact, get_application


@dataclass(frozen=True)
class CardAdded:
    key: str
    name: str
    company_note: str  # "" unless the card's company is not the application's


def company_note(application_company: str, card_company: str | None) -> str:
    """A word when the card names another company than the application (a card picked up
    elsewhere, or a recruiting agency): the user decides, nothing is refused."""
    if not card_company:
        return ""
    mine, theirs = _squeeze(application_company), _squeeze(card_company)
    if mine and theirs and (mine in theirs or theirs in mine):
        return ""
    return f"the card says {card_company!r}; the application is with {application_company!r}"


def _squeeze(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def add_card_contact(slug: str, card: CardReading, role: ContactRole, replace: bool = False) -> CardAdded:
    """Add the card's person to application ``slug`` through ``add_contact`` (one hiring
    officer; e-mail and phone checked): one transaction, nothing added when refused."""

    if not (card.name or "").strip():
        raise Refusal("no name was read on the card", hint=Hint.ADD_CONTACT, application=slug)
    company = get_application(slug).company
    key = add_contact(
        slug,
        card.name or "",
        role,
        title=card.title or None,
        phone=card.phone or None,
        email=card.email or None,
        replace=replace,
        anyway=True,  # the person whose card the user holds: added as the card says
    )
    return CardAdded(key, (card.name or "").strip(), company_note(company, card.company))
