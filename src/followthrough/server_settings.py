"""The career-centre server's settings: many accounts on PostgreSQL, behind sign-in.

:func:`followthrough.settings.configure` with ``mode="server"`` builds Django on these.
What varies between installations (the secret key, the host names, the proxy's header,
where static files are collected) comes in as :class:`ServerOptions`; the rest is fixed
here, as OWASP ASVS 5.0 level 1 asks: Argon2 password hashes, no composition rules,
login throttling kept in the database, a second factor for coaches and administrators,
sessions in the database, cookies Secure, HttpOnly and SameSite, HSTS over TLS.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STATIC_SOURCE = Path(__file__).resolve().parent / "web" / "static" / "followthrough"
SECRET_KEY_ENV = "FOLLOWTHROUGH_SECRET_KEY"
MIN_SECRET_LENGTH = 32

# The local app's (followthrough.settings), and the server's own.
LOCAL_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "followthrough.store", "followthrough.web"]
SERVER_APPS = [
    *LOCAL_APPS,
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
]

FAILURE_LIMIT = 5  # failed sign-ins for one name from one address before the lockout
COOL_OFF = dt.timedelta(minutes=15)
SESSION_HOURS = 12  # a sign-in lasts a working day at most


class ServerSetupError(ValueError):
    """A server option or file that cannot be used: one line for the operator."""


@dataclass(frozen=True)
class ServerOptions:
    secret_key: str
    allowed_hosts: tuple[str, ...]
    static_root: str
    # The header a TLS-terminating proxy sets to "https" (X-Forwarded-Proto); None when
    # the server is reached directly. It also makes X-Forwarded-For the client's address.
    proxy_ssl_header: str | None = None


def server_settings(options: ServerOptions) -> dict[str, Any]:
    """Every Django setting the server mode sets (all but DATABASES)."""
    if len(options.secret_key) < MIN_SECRET_LENGTH:
        raise ServerSetupError(f"the secret key is too short: at least {MIN_SECRET_LENGTH} characters")
    if not options.allowed_hosts:
        raise ServerSetupError("no host name to answer to: give --allowed-host (or FOLLOWTHROUGH_ALLOWED_HOSTS)")
    proxy_header = None
    if options.proxy_ssl_header:
        proxy_header = ("HTTP_" + options.proxy_ssl_header.upper().replace("-", "_"), "https")
    return {
        "DEBUG": False,
        "SECRET_KEY": options.secret_key,
        "ALLOWED_HOSTS": list(options.allowed_hosts),
        "INSTALLED_APPS": SERVER_APPS,
        "ROOT_URLCONF": "followthrough.web.server_urls",
        "MIDDLEWARE": [
            "followthrough.web.server_gate.known_hosts_only",
            "django.middleware.security.SecurityMiddleware",
            "whitenoise.middleware.WhiteNoiseMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django_otp.middleware.OTPMiddleware",
            "followthrough.web.server_gate.sign_in_required",
            "followthrough.web.server_gate.acting_as_signed_in",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
            "followthrough.web.middleware.content_security_policy",
            "followthrough.web.middleware.profile_read_once",
            "followthrough.web.middleware.BusyDatabase",
            "axes.middleware.AxesMiddleware",  # last, as django-axes asks
        ],
        "TEMPLATES": [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "followthrough.web.server_gate.account",
                    ]
                },
            }
        ],
        "AUTHENTICATION_BACKENDS": [
            "axes.backends.AxesStandaloneBackend",  # refuses while locked out, counts failures
            "django.contrib.auth.backends.ModelBackend",
        ],
        # Argon2id for every new or changed password; older hashes still check, and are
        # upgraded to Argon2 at the next sign-in.
        "PASSWORD_HASHERS": [
            "django.contrib.auth.hashers.Argon2PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
            "django.contrib.auth.hashers.ScryptPasswordHasher",
        ],
        # ASVS 5.0 (6.2): at least 8 characters, common passwords refused, and nothing
        # else: no composition rules, no maximum short of a long passphrase.
        "AUTH_PASSWORD_VALIDATORS": [
            {
                "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
                "OPTIONS": {"min_length": 8},
            },
            {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
        ],
        "LOGIN_URL": "/login",
        "SESSION_ENGINE": "django.contrib.sessions.backends.db",
        "SESSION_COOKIE_NAME": "followthrough_session",
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_AGE": SESSION_HOURS * 3600,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "CSRF_COOKIE_NAME": "followthrough_csrf",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SAMESITE": "Strict",
        "CSRF_TRUSTED_ORIGINS": [],
        "SECURE_PROXY_SSL_HEADER": proxy_header,
        "SECURE_HSTS_SECONDS": 365 * 24 * 3600,  # sent only on requests that came over TLS
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "USE_I18N": False,
        # Static files: collected (and compressed) into STATIC_ROOT at start, served by
        # WhiteNoise with cache headers, at the same addresses as the local app's.
        "STATIC_URL": "/static/",
        "STATIC_ROOT": options.static_root,
        "STATICFILES_DIRS": [str(STATIC_SOURCE)],
        "STATICFILES_FINDERS": ["django.contrib.staticfiles.finders.FileSystemFinder"],
        "STORAGES": {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
        },
        "WHITENOISE_MAX_AGE": 3600,
        # Login throttling (django-axes), in the database: shared by every worker and
        # host, and kept across restarts.
        "AXES_ENABLED": True,
        "AXES_HANDLER": "axes.handlers.database.AxesDatabaseHandler",
        "AXES_FAILURE_LIMIT": FAILURE_LIMIT,
        "AXES_LOCKOUT_PARAMETERS": [["username", "ip_address"]],
        "AXES_COOLOFF_TIME": COOL_OFF,
        "AXES_RESET_ON_SUCCESS": True,
        "AXES_LOCKOUT_TEMPLATE": "followthrough/accounts/locked_out.html",
        "AXES_CLIENT_IP_CALLABLE": "followthrough.web.server_gate.client_address",
        "AXES_VERBOSE": False,
        "AXES_SENSITIVE_PARAMETERS": ["password"],
        "OTP_TOTP_ISSUER": "followthrough",
        "FOLLOWTHROUGH_TOKEN": None,  # the launch token is the local app's alone
        "FOLLOWTHROUGH_BEHIND_PROXY": proxy_header is not None,
    }


def read_secret_key(path: Path) -> str:
    """The key in ``path``, refused when other users could read it."""
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise ServerSetupError(
            f"no secret key: {path} does not exist (run 'followthrough server init', or set {SECRET_KEY_ENV})"
        ) from None
    except OSError as error:
        raise ServerSetupError(f"cannot read the secret key {path}: {error.strerror or error}") from None
    if mode & 0o077:
        raise ServerSetupError(f"{path} can be read by other users (mode {mode & 0o777:o}): chmod 600 it")
    return text


def new_secret_key() -> str:
    import secrets

    return secrets.token_urlsafe(50)


def write_secret_key(path: Path, key: str) -> bool:
    """Keep ``key`` in ``path``, mode 0600, unless a key is there already. True when
    written (False: the file's own key stands)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(key + "\n")
    return True


def secret_key(path: Path) -> str:
    """The key every worker shares: $FOLLOWTHROUGH_SECRET_KEY, else the file ``path``."""
    given = os.environ.get(SECRET_KEY_ENV, "").strip()
    return given or read_secret_key(path)
