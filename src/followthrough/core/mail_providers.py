"""Mail providers as data: where a mailbox signs in with OAuth 2.0, and its servers.

Two are built in (Microsoft, Google); any other is a TOML file of the same keys, and
every value of either can be overridden (a national cloud, a test's server). Pure: the
callers read the files and the environment and hand their contents here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

__all__ = ["BUILT_IN", "MailProvider", "ProviderError", "choose", "from_mapping", "overridden", "with_tenant"]

ENV_PREFIX = "FOLLOWTHROUGH_OAUTH_"


class ProviderError(ValueError):
    """A provider description or choice that cannot be used: the key at fault (if any) and why."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(f"{key}: {message}" if key else message)
        self.message, self.key = message, key


@dataclass(frozen=True)
class MailProvider:
    """One provider. URLs may hold ``{tenant}``, filled by :func:`with_tenant`."""

    name: str
    authorize_url: str
    token_url: str
    imap_host: str
    smtp_host: str
    scopes: tuple[str, ...]
    imap_port: int = 993
    smtp_port: int = 587
    smtp_security: str = "starttls"  # or "ssl"
    device_url: str = ""  # RFC 8628 device authorization, where the provider allows it for mail
    revoke_url: str = ""  # RFC 7009 revocation, where the provider offers it
    domains: tuple[str, ...] = ()  # the addresses it serves by their domain alone
    tenant: str = ""

    def url(self, which: str) -> str:
        """``authorize_url``, ``token_url``... with the tenant filled in."""
        return str(getattr(self, which)).replace("{tenant}", self.tenant)


MICROSOFT_LOGIN = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0"
MICROSOFT = MailProvider(
    name="microsoft",
    authorize_url=f"{MICROSOFT_LOGIN}/authorize",
    token_url=f"{MICROSOFT_LOGIN}/token",
    device_url=f"{MICROSOFT_LOGIN}/devicecode",
    imap_host="outlook.office365.com",
    smtp_host="smtp.office365.com",
    scopes=(
        "https://outlook.office.com/IMAP.AccessAsUser.All",
        "https://outlook.office.com/SMTP.Send",
        "offline_access",
    ),
    domains=("outlook.com", "hotmail.com", "live.com", "msn.com"),
    tenant="common",  # work or school and personal accounts; "consumers" for Outlook.com alone
)
GOOGLE = MailProvider(
    name="google",
    authorize_url="https://accounts.google.com/o/oauth2/v2/auth",
    token_url="https://oauth2.googleapis.com/token",
    revoke_url="https://oauth2.googleapis.com/revoke",
    imap_host="imap.gmail.com",
    smtp_host="smtp.gmail.com",
    scopes=("https://mail.google.com/",),  # not allowed in Google's device flow: no device_url
    domains=("gmail.com", "googlemail.com"),
)
BUILT_IN: dict[str, MailProvider] = {p.name: p for p in (MICROSOFT, GOOGLE)}

_TEXT = ("authorize_url", "token_url", "imap_host", "smtp_host", "device_url", "revoke_url", "tenant")
_PORTS = ("imap_port", "smtp_port")
_LISTS = ("scopes", "domains")
_KEYS = {f.name for f in fields(MailProvider)} - {"name"}
_URLS = ("authorize_url", "token_url", "device_url", "revoke_url")


def from_mapping(name: str, values: Mapping[str, object], base: MailProvider | None = None) -> MailProvider:
    """The provider a TOML table describes; a file named as a built-in one changes only
    the keys it gives. ProviderError names the key at fault."""
    unknown = sorted(set(values) - _KEYS)
    if unknown:
        raise ProviderError(f"not a key of a provider (known: {', '.join(sorted(_KEYS))})", unknown[0])
    changes: dict[str, object] = {}
    for key, value in values.items():
        if key in _PORTS:
            if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 65536:
                raise ProviderError("a port is a whole number from 1 to 65535", key)
        elif key in _LISTS:
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise ProviderError("a list of words, in quotes", key)
            value = tuple(v.lower() if key == "domains" else v for v in value)
        elif key == "smtp_security":
            if value not in ("starttls", "ssl"):
                raise ProviderError('"starttls" or "ssl"', key)
        elif not isinstance(value, str):
            raise ProviderError("a text, in quotes", key)
        elif key in _URLS and value and not value.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise ProviderError("an https:// address", key)
        changes[key] = value
    if base is not None:
        return replace(base, **changes)  # type: ignore[arg-type]
    missing = [k for k in ("authorize_url", "token_url", "imap_host", "smtp_host", "scopes") if k not in changes]
    if missing:
        raise ProviderError("missing: every provider names it", missing[0])
    return MailProvider(name=name, **changes)  # type: ignore[arg-type]


def overridden(provider: MailProvider, env: Mapping[str, str]) -> MailProvider:
    """``provider`` with the values the environment gives, as
    ``FOLLOWTHROUGH_OAUTH_<NAME>_<KEY>`` (``FOLLOWTHROUGH_OAUTH_MICROSOFT_TOKEN_URL``);
    lists are separated by spaces."""
    prefix = f"{ENV_PREFIX}{provider.name.upper()}_"
    given: dict[str, object] = {}
    for key in sorted(_KEYS):
        raw = env.get(prefix + key.upper())
        if raw is None:
            continue
        if key in _PORTS:
            if not raw.isdigit():
                raise ProviderError("a port is a whole number from 1 to 65535", prefix + key.upper())
            given[key] = int(raw)
        elif key in _LISTS:
            given[key] = raw.split()
        else:
            given[key] = raw
    try:
        return from_mapping(provider.name, given, provider)
    except ProviderError as error:
        raise ProviderError(error.message, prefix + (error.key or "").upper()) from None


def with_tenant(provider: MailProvider, tenant: str) -> MailProvider:
    """The provider for one directory (a university's Microsoft 365 tenant id or domain)."""
    if not tenant or not all(c.isalnum() or c in "-." for c in tenant):
        raise ProviderError("a tenant is an id or a domain name", "tenant")
    return replace(provider, tenant=tenant)


def choose(address: str, providers: Mapping[str, MailProvider], named: str | None = None) -> MailProvider:
    """The provider for ``address``: the one named, else the one whose domains hold the
    address's domain. A custom domain (Microsoft 365, Google Workspace) must be named."""
    if named is not None:
        if named not in providers:
            raise ProviderError(f"no provider {named!r} (known: {', '.join(sorted(providers))})", "provider")
        return providers[named]
    domain = address.rpartition("@")[2].strip().lower()
    for provider in providers.values():
        if domain in provider.domains:
            return provider
    known = ", ".join(sorted(providers))
    raise ProviderError(f"which provider keeps the mail of {domain or address!r}? name one of: {known}", "provider")
