"""The test suite. Its modules import the services at their top, and the services the
store's models, which need Django set up: importing this package sets it up with no
database chosen yet (only the kind the run uses), in the test process and in every
process a race test spawns (which imports the test module that holds its worker). Each
test, or racer, then points it at its own database."""

from __future__ import annotations

import os

from followthrough import settings

_ENGINE = os.environ.get("FOLLOWTHROUGH_TEST_DATABASE", "sqlite")
_PG_SERVER = os.environ.get("FOLLOWTHROUGH_TEST_PG", "postgresql://postgres@127.0.0.1:5432")
if os.environ.get("FOLLOWTHROUGH_TEST_RACER") != "server":  # a server racer sets it up in server mode
    settings.configure(f"{_PG_SERVER}/followthrough_not_opened" if _ENGINE == "postgresql" else None, provisional=True)
