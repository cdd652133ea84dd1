"""Files uploaded for an import, kept between the preview and the confirmation.

The bytes wait in a private directory (0700) under a random token, with what the form
said (the file's name and the import's options) and an expiry. The web layer binds each
token to the browser session that uploaded it; a path never comes from a form: a token
that is not exactly 43 URL-safe characters names no file.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from followthrough import clock
from followthrough.services.errors import UserError

log = logging.getLogger(__name__)
KEEP_SECONDS = 30 * 60
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")
EXPIRED = "that upload is no longer here (it expired after 30 minutes, or was used): choose the file again"


@dataclass(frozen=True)
class Upload:
    token: str
    name: str  # the file's name as uploaded (its base name only)
    application: str | None
    role: str | None
    mapping: tuple[str, ...]
    expires: float  # seconds since the epoch


def upload_dir() -> Path:
    """Private to this user of the machine: $FOLLOWTHROUGH_UPLOAD_DIR, else the temporary
    directory's followthrough-uploads-UID."""
    chosen = os.environ.get("FOLLOWTHROUGH_UPLOAD_DIR")
    where = Path(chosen) if chosen else Path(tempfile.gettempdir()) / f"followthrough-uploads-{os.getuid()}"
    where.mkdir(mode=0o700, parents=True, exist_ok=True)
    if where.stat().st_uid != os.getuid() or where.stat().st_mode & 0o077:
        raise UserError(f"{where}: not a private directory of yours: uploads cannot be kept there")
    return where


def base_name(name: str) -> str:
    """The file's own name, without any folder a browser sent and without control characters."""
    plain = re.sub(r"[\x00-\x1f\x7f]", "", name.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return plain[:200] or "upload"


def keep(data: bytes, name: str, application: str | None, role: str | None, mapping: tuple[str, ...]) -> Upload:
    """Keep the bytes until the user confirms (or 30 minutes pass)."""
    sweep()
    where = upload_dir()
    token = secrets.token_urlsafe(32)
    upload = Upload(token, base_name(name), application, role, tuple(mapping), clock.epoch() + KEEP_SECONDS)
    data_path, meta_path = where / f"{token}.data", where / f"{token}.json"
    # What it is first: a crash before the bytes are in leaves an entry the sweep removes.
    fd = os.open(meta_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        json.dump(asdict(upload), file)
    fd = os.open(data_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(data)
    log.info("upload %s… kept: %s, %d bytes", token[:6], upload.name, len(data))
    return upload


def take(token: str) -> tuple[Upload, bytes]:
    """The upload under ``token`` and its bytes, or a UserError when there is none (any
    more)."""
    if not _TOKEN.match(token):
        raise UserError(EXPIRED)
    where = upload_dir()
    try:
        meta = json.loads((where / f"{token}.json").read_text(encoding="utf-8"))
        upload = Upload(**{**meta, "mapping": tuple(meta["mapping"])})
        data = (where / f"{token}.data").read_bytes()
    except (OSError, ValueError, TypeError, KeyError):
        raise UserError(EXPIRED) from None
    if upload.expires < clock.epoch():
        forget(token)
        raise UserError(EXPIRED)
    return upload, data


def forget(token: str) -> None:
    if not _TOKEN.match(token):
        return
    where = upload_dir()
    for path in (where / f"{token}.data", where / f"{token}.json"):
        path.unlink(missing_ok=True)


def sweep(now: float | None = None) -> int:
    """Delete the uploads whose time is up; returns how many went."""
    now = clock.epoch() if now is None else now
    gone = 0
    for meta_path in upload_dir().glob("*.json"):
        token = meta_path.stem
        try:
            expires = float(json.loads(meta_path.read_text(encoding="utf-8"))["expires"])
        except (OSError, ValueError, TypeError, KeyError):
            expires = 0.0
        if expires < now:
            forget(token)
            gone += 1
    return gone
