"""The fast paths: `agenda`, `done` and `skip` on a SQLite file without Django or Click.

The fast entry (cli/fast.py) imports these modules one by one; the face offers the agenda
read to the full command line too, and loads nothing until it is asked for.
"""

from __future__ import annotations

from followthrough.services import lazy_names

TYPE_CHECKING = False  # the typing module costs the fast paths; type checkers read this as True
if TYPE_CHECKING:
    from followthrough.services.fastpath.agenda import fast_agenda

# Each name, from the module that holds it: loaded when first asked for, so that a front
# end loads only what its command uses and no package waits on another's face.
_HOMES: dict[str, tuple[str, str]] = {
    "fast_agenda": ("agenda", "fast_agenda"),
}

__all__ = [
    "fast_agenda",
]


if not TYPE_CHECKING:  # hidden from type checkers, so a name not listed above is an error
    __getattr__ = lazy_names(__name__, _HOMES)
