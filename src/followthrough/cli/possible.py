"""The agenda's "possible response — confirm" lines, shared by the fast and the full path.

No Click and no Django here: the agenda's fast path imports it.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself costs the fast path a few milliseconds
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any


def possible_lines(agenda: Any) -> Iterable[str]:
    """What the reply watcher found that may be an employer's answer (nothing changes until confirmed)."""
    found = getattr(agenda, "possible", None) or []
    if not found:
        return
    yield ""
    yield "Messages that may be an answer (nothing changes until you confirm)"
    for item in found:
        yield (
            f"  #{item.id}  possible response — confirm: {item.company}: {item.sender} — {item.subject!r}"
            f" ({item.date:%a %Y-%m-%d})"
        )
        yield (
            f"        followthrough confirm {item.id} --outcome offer|rejected|filled|no_hire|not_decided"
            f"  ·  followthrough dismiss {item.id}"
        )
