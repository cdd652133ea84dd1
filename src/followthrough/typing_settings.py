"""Settings for the type checker only (django-stubs reads the models through them).

The program itself configures Django in :mod:`followthrough.settings`, for the database
the user names; this module is never imported at run time.
"""

INSTALLED_APPS = [  # the server mode's: a superset of the local mode's
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "followthrough.store",
    "followthrough.web",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
]
AUTH_USER_MODEL = "store.User"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
SECRET_KEY = "type-checking-only"  # never used to sign anything
