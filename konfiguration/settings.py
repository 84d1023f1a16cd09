"""Settings, read from environment variables.

Bad values fail loudly at start-up (ImproperlyConfigured) instead of being guessed.
Without DATABASE_URL the app uses an embedded SQLite file; production uses PostgreSQL.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

_WAHR = {"1", "true", "yes", "on", "ja"}
_FALSCH = {"0", "false", "no", "off", "nein", ""}


def env_bool(name: str, *, default: bool) -> bool:
    """A yes/no variable; anything but the usual spellings is an error, not a silent False."""
    roh = env.str(name, default=None)
    if roh is None:
        return default
    if roh.strip().lower() in _WAHR:
        return True
    if roh.strip().lower() in _FALSCH:
        return False
    raise ImproperlyConfigured(f"{name}={roh!r} ist kein Ja/Nein-Wert (erlaubt: 1/0, true/false).")


DEBUG = env_bool("DEBUG", default=False)

# What a production server (DEBUG off) cannot run without. Management commands such as migrate or
# makemigrations still work; serving (wsgi.py) and `check --deploy` refuse with these messages.
KONFIGURATIONSFEHLER: list[str] = []

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        KONFIGURATIONSFEHLER.append("SECRET_KEY muss gesetzt sein, wenn DEBUG nicht aktiv ist.")
    SECRET_KEY = (
        "nur-fuer-die-entwicklung-nicht-in-produktion-verwenden"
        if DEBUG
        else get_random_secret_key()
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not ALLOWED_HOSTS:
    KONFIGURATIONSFEHLER.append("ALLOWED_HOSTS muss gesetzt sein, wenn DEBUG nicht aktiv ist.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Name of the municipality shown in the header and reports.
KOMMUNE_NAME = env.str("KOMMUNE_NAME", default="Kupferstadt Stolberg")
# Slug of this installation's own Kommune in the area tree (needed once the tree holds a region
# with several municipalities; empty: the only Kommune).
KOMMUNE_SLUG = env.str("KOMMUNE_SLUG", default="")
# Shows a visible "Demodaten" note on every page (set by the README's run command).
DEMODATEN = env_bool("DEMODATEN", default=False)
# Absolute base URL for links in e-mails (reminders are sent from cron, outside a request).
BASIS_URL = env.str("BASIS_URL", default="http://127.0.0.1:8000").rstrip("/")
# Measures without a status report for longer than this many days count as "ohne Sachstand".
SACHSTAND_MAX_ALTER_TAGE = env.int("SACHSTAND_MAX_ALTER_TAGE", default=183)
if SACHSTAND_MAX_ALTER_TAGE < 1:
    raise ImproperlyConfigured("SACHSTAND_MAX_ALTER_TAGE muss mindestens 1 sein.")

INSTALLED_APPS = [
    "aktionsplan.apps.AktionsplanAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_filters",
    "crispy_forms",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "aufgaben",
    "aktionsplan.apps.AktionsplanConfig",
    "akteure",
    "projekte",
    "monitoring",
    "querschnitt",
    "konfiguration.apps.KonfigurationConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "konfiguration.urls"
WSGI_APPLICATION = "konfiguration.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aktionsplan.context_processors.kommune",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The development server and the task worker (`make run`) share the file. WAL lets readers go
    # on while one writes; IMMEDIATE takes the write lock at the start of a transaction, so that
    # two writers queue (up to the timeout, in seconds) instead of failing with "database is
    # locked" when a read turns into a write. Set on every new connection (Django 5.1+).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_TIMEOUT", default=20),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files produced by tasks (report PDFs and XLSX). Never served by URL: only the task pages hand
# them out, to the people allowed to see them (querschnitt/aufgaben.py).
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "medien")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Long work (report files, imports of more than 500 rows, reminder mails) runs in the task queue:
# Django's tasks API (django-tasks) with its database backend; the worker is `manage.py arbeiter`
# (db_worker plus the heartbeat below). The same on SQLite and PostgreSQL.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The worker writes an aware datetime into the cache key "aktionsplan:worker:herzschlag" every
# this many seconds (read by the health check): into the cache "herzschlag" if there is one (it
# must be shared by the web servers and the worker), else into "default".
AUFGABEN_HERZSCHLAG_SEKUNDEN = env.int("AUFGABEN_HERZSCHLAG_SEKUNDEN", default=5)
if AUFGABEN_HERZSCHLAG_SEKUNDEN < 1:
    raise ImproperlyConfigured("AUFGABEN_HERZSCHLAG_SEKUNDEN muss mindestens 1 sein.")

CRISPY_ALLOWED_TEMPLATE_PACKS = ["kern"]
CRISPY_TEMPLATE_PACK = "kern"

# Change reasons hold the old and new values of many-to-many fields (themes, areas …) in full.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="aktionsplan@localhost")
# Role mailbox for feedback on accessibility and data protection (shown on the info pages).
KONTAKT_EMAIL = env.str("KONTAKT_EMAIL", default="") or DEFAULT_FROM_EMAIL

# Strict policy: everything from our own origin, no inline scripts or styles. The Django admin
# (data stewards only) ships inline styles of its own and is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every rendering step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
