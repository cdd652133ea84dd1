"""The server's processes: gunicorn (through its Python API) with the Django app, and
static files collected, compressed and served by WhiteNoise."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import connections
from gunicorn.app.base import BaseApplication

log = logging.getLogger(__name__)


class WebServer(BaseApplication):  # type: ignore[misc]
    """gunicorn with our options and our WSGI application, loaded once in the master
    (preload) so the workers fork with Django already set up."""

    def __init__(self, application: Callable[..., Any], options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # an older gunicorn lacks the newest settings
                self.cfg.set(key, value)

    def load(self) -> Callable[..., Any]:
        return self.application


def collect_static() -> None:
    """Copy the app's static files into STATIC_ROOT with gzip copies beside them, for
    WhiteNoise to serve (each start: an upgrade brings new ones)."""

    call_command("collectstatic", interactive=False, verbosity=0)


def run(bind: str, workers: int, threads: int) -> None:
    """Serve until stopped (Ctrl+C, SIGTERM). Django is configured, its tables are ready."""

    collect_static()
    application = get_wsgi_application()  # WhiteNoise reads the collected files here
    connections.close_all()  # no connection crosses the fork: each worker opens its own
    options = {
        "bind": [bind],
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "preload_app": True,
        "proc_name": "followthrough-server",
        "accesslog": None,  # invitation links carry a token: no access log of ours holds them
        "errorlog": "-",
        "timeout": 60,
        "graceful_timeout": 30,
        "control_socket_disable": True,  # gunicorn 24+'s run-time control: not needed, one socket per machine
    }
    WebServer(application, options).run()
