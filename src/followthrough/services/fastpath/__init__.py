"""The fast paths: `agenda`, `done` and `skip` on a SQLite file without Django or Click.

The modules here are imported one by one by the fast entry (cli/fast.py); this face
exports nothing, so that importing one of them never loads the others.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # the typing module costs the fast paths; type checkers read this as True
if TYPE_CHECKING:
    from typing import Any

    from followthrough.services.fastpath.agenda import fast_agenda

# Each name, from the module that holds it: loaded when first asked for (PEP 562), so that
# a front end loads only what its command uses and no package waits on another's face.
_HOMES: dict[str, tuple[str, str]] = {
    "fast_agenda": ("agenda", "fast_agenda"),
}

__all__ = [
    "fast_agenda",
]


if not TYPE_CHECKING:  # hidden from type checkers, so a name not listed above is an error

    def __getattr__(name: str) -> Any:
        if name not in _HOMES:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        module, there = _HOMES[name]
        value = getattr(importlib.import_module(f"{__name__}.{module}"), there)
        globals()[name] = value
        return value
