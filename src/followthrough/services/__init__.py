"""The use cases both front ends call, by capability: one subpackage each, and the three
modules they share (errors, connection, owners). See docs/architecture.md.

A subpackage's ``__init__`` is its public face: the names the front ends use, each loaded
from its module when first asked for (:func:`lazy_names`).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable

from followthrough.core.errors import UserError

__all__ = ["UserError", "lazy_names"]


def lazy_names(package: str, homes: dict[str, tuple[str, str]]) -> Callable[[str], object]:
    """A package face's ``__getattr__`` (PEP 562): ``homes`` maps each name it offers to its
    module and the name there; a name is imported when first asked for, then kept."""

    def load(name: str) -> object:
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, there = homes[name]
        value = getattr(importlib.import_module(f"{package}.{module}"), there)
        setattr(sys.modules[package], name, value)
        return value

    return load
