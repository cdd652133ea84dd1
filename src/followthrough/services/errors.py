from __future__ import annotations

from followthrough.core.errors import UserError

__all__ = ["UserError"]
