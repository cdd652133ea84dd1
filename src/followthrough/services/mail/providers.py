"""Mail providers: the built-in ones (Microsoft, Google) and the user's TOML files in
``<config>/mail-providers/NAME.toml``, each value overridable from the environment
(``FOLLOWTHROUGH_OAUTH_<NAME>_<KEY>``). A file named as a built-in provider changes only
the keys it gives (a national cloud's login address, a test's server)."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import platformdirs

from followthrough.core.mail_providers import BUILT_IN, MailProvider, ProviderError, choose, from_mapping, overridden
from followthrough.services.errors import UserError

__all__ = ["ProviderFileFault", "all_providers", "provider_dir", "provider_for", "read_folder"]

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def provider_dir() -> Path:
    return Path(platformdirs.user_config_dir("followthrough", appauthor=False)) / "mail-providers"


class ProviderFileFault(UserError):
    """A provider file that cannot be used: "FILE: KEY: why"."""

    def __init__(self, path: Path, reason: str, key: str | None = None) -> None:
        self.path, self.reason, self.key = path, reason, key
        super().__init__(f"{path}: {key}: {reason}" if key else f"{path}: {reason}")


def read_file(path: Path) -> MailProvider:
    name = path.stem
    if not _NAME.match(name):
        raise ProviderFileFault(path, "the file name: lower-case letters, digits, - and _")
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ProviderFileFault(path, f"cannot be read: {error}") from None
    try:
        return from_mapping(name, values, BUILT_IN.get(name))
    except ProviderError as error:
        raise ProviderFileFault(path, error.message, error.key) from None


def read_folder() -> tuple[dict[str, MailProvider], list[ProviderFileFault]]:
    """The built-in providers with the good files over them, and the fault of each bad
    file: one broken file never hides the others."""
    providers = dict(BUILT_IN)
    faults: list[ProviderFileFault] = []
    folder = provider_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            try:
                providers[path.stem] = read_file(path)
            except ProviderFileFault as fault:
                faults.append(fault)
    return providers, faults


def all_providers() -> dict[str, MailProvider]:
    """Every provider, overridden from the environment; the first bad file raises."""
    providers, faults = read_folder()
    if faults:
        raise faults[0]
    try:
        return {name: overridden(p, os.environ) for name, p in providers.items()}
    except ProviderError as error:
        raise UserError(error.message if error.key is None else f"{error.key}: {error.message}") from None


def provider_for(address: str, named: str | None = None) -> MailProvider:
    """The provider that keeps ``address``'s mail (by its domain, or as named)."""
    try:
        return choose(address, all_providers(), named)
    except ProviderError as error:
        raise UserError(error.message) from None
