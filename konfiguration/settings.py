"""Settings, read from environment variables.

Bad values fail loudly at start-up (ImproperlyConfigured) instead of being guessed.
Without DATABASE_URL the app uses an embedded SQLite file; production uses PostgreSQL.
Without REDIS_URL each process has its own local-memory cache; production uses Redis.
"""

import re
from datetime import timedelta
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


def env_ganzzahl(name: str, *, default: int, minimum: int = 0) -> int:
    """A whole number of at least ``minimum``; anything else stops the start with its name."""
    try:
        wert = env.int(name, default=default)
    except ValueError as fehler:
        raise ImproperlyConfigured(f"{name} muss eine ganze Zahl sein.") from fehler
    if wert < minimum:
        raise ImproperlyConfigured(f"{name} muss mindestens {minimum} sein.")
    return wert


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
# A form sent with an expired token: a German page that shows the typed texts back for copying.
CSRF_FAILURE_VIEW = "aktionsplan.seiten.csrf_fehler"

# The own Kommune (its name in the header and reports) is data: an area of level Kommune with its
# Amtlicher Gemeindeschlüssel (aktionsplan.kommune), set up from the checklist "Einrichtung".
# Shows a visible "Demodaten" note on every page (set by the README's run command).
DEMODATEN = env_bool("DEMODATEN", default=False)
# Absolute base URL for links in e-mails (reminders are sent from cron, outside a request).
BASIS_URL = env.str("BASIS_URL", default="http://127.0.0.1:8000").rstrip("/")
# Measures without a status report for longer than this many days count as "ohne Sachstand".
SACHSTAND_MAX_ALTER_TAGE = env.int("SACHSTAND_MAX_ALTER_TAGE", default=183)
if SACHSTAND_MAX_ALTER_TAGE < 1:
    raise ImproperlyConfigured("SACHSTAND_MAX_ALTER_TAGE muss mindestens 1 sein.")
# Licence of indicators that name none (monitoring.models.Lizenz): dl-de-by-2.0, dl-de-zero-2.0,
# cc-by-4.0 or cc0-1.0.
STANDARDLIZENZ = env.str("STANDARDLIZENZ", default="dl-de-by-2.0")
if STANDARDLIZENZ not in ("dl-de-by-2.0", "dl-de-zero-2.0", "cc-by-4.0", "cc0-1.0"):
    raise ImproperlyConfigured(
        "STANDARDLIZENZ muss dl-de-by-2.0, dl-de-zero-2.0, cc-by-4.0 oder cc0-1.0 sein."
    )
# The open-data catalogue's dcatde:contributorID (oeffentlich.offene_daten.lieferant_id): the IRI
# GovData assigns to a supplying portal, http://dcat-ap.de/def/contributors/…; empty until then.
DCATDE_CONTRIBUTOR_ID = env.str("DCATDE_CONTRIBUTOR_ID", default="")
if DCATDE_CONTRIBUTOR_ID and not DCATDE_CONTRIBUTOR_ID.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        "DCATDE_CONTRIBUTOR_ID muss eine Adresse (IRI) sein, z. B. "
        "http://dcat-ap.de/def/contributors/…"
    )
# Days of grace after a delivery is due (end of period + the data source's publication lag)
# before the indicator counts as overdue (monitoring.lieferung).
LIEFERUNG_NACHFRIST_TAGE = env.int("LIEFERUNG_NACHFRIST_TAGE", default=30)
if LIEFERUNG_NACHFRIST_TAGE < 0:
    raise ImproperlyConfigured("LIEFERUNG_NACHFRIST_TAGE darf nicht negativ sein.")

# Size limits of uploads per kind, in bytes (issue 8: imports 10 MB; a later kind such as videos
# gets its own, larger entry). The reverse proxy's body-size limit must allow the largest one.
# aktionsplan.hochladen stops keeping an upload's bytes beyond the largest limit.
UPLOAD_GRENZEN = {
    "import": env.int("UPLOAD_IMPORT_MAX_MB", default=10) * 1024 * 1024,
    # Sign-language videos (issue 11) and their WebVTT captions (oeffentlich.dateipruefung).
    "video": env_ganzzahl("UPLOAD_VIDEO_MAX_MB", default=200, minimum=1) * 1024 * 1024,
    "untertitel": 1024 * 1024,
}
if min(UPLOAD_GRENZEN.values()) < 1:
    raise ImproperlyConfigured("UPLOAD_IMPORT_MAX_MB muss mindestens 1 sein.")
FILE_UPLOAD_HANDLERS = [
    "aktionsplan.hochladen.GrenzeUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

INSTALLED_APPS = [
    "aktionsplan.apps.AktionsplanAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's widget templates for the form renderer (aktionsplan.darstellung, TemplatesSetting).
    "django.forms",
    "simple_history",
    "django_filters",
    "crispy_forms",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "aufgaben",
    "aktionsplan.apps.AktionsplanConfig",
    "akteure",
    "projekte",
    "monitoring",
    "querschnitt",
    "oeffentlich",
    "rueckmeldungen",
    "konfiguration.apps.KonfigurationConfig",
]

MIDDLEWARE = [
    # First: the request id and the duration cover everything below, redirects included.
    "konfiguration.protokoll.AnfrageprotokollMiddleware",
    # Outside everything that writes a page: no NUL reaches an HTML response.
    "konfiguration.nullzeichen.NullzeichenMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before anything resolves the path: a Kommune's public pages get its URL configuration.
    "aktionsplan.oeffentliche_kommune.OeffentlicheKommuneMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "konfiguration.sitzung.InaktivitaetMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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
    # PgBouncer in transaction mode hands each transaction another server connection, so a
    # cursor that lives beyond one (QuerySet.iterator()) is not found again.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
        "DISABLE_SERVER_SIDE_CURSORS", default=False
    )
# Read replicas (konfiguration/datenbank.py): each URL one more alias, reads go there, writes
# and everything after a write to the primary. Same connection settings as the primary; in the
# test run each is a mirror of the test database.
REPLIKATE = [
    f"replik_{nummer}"
    for nummer, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1)
]
for _alias, _url in zip(REPLIKATE, env.list("DATABASE_REPLICA_URLS", default=[]), strict=True):
    DATABASES[_alias] = {
        **env.db_url_config(_url),
        **{
            schluessel: DATABASES["default"][schluessel]
            for schluessel in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "DISABLE_SERVER_SIDE_CURSORS")
            if schluessel in DATABASES["default"]
        },
        "TEST": {"MIRROR": "default"},
    }
if REPLIKATE:
    REPLICA_DATABASES = REPLIKATE
    DATABASE_ROUTERS = ["konfiguration.datenbank.ReplikatRouter"]
    # Seconds after a write (POST …) in which the same browser reads only from the primary: longer
    # than the replicas ever lag behind.
    MULTIDB_PINNING_SECONDS = env_ganzzahl(
        "REPLIKAT_NACH_SCHREIBEN_SEKUNDEN", default=15, minimum=1
    )
    MULTIDB_PINNING_COOKIE_HTTPONLY = True
    MULTIDB_PINNING_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
    # Before the sessions: a POST reads its session from the primary too.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "multidb.middleware.PinningRouterMiddleware",
    )
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

# Django's four validators. 12 characters rather than Django's 8: the accounts read personal data
# (Ansprechpersonen) and have no second factor.
PASSWORT_MINDESTLAENGE = env_ganzzahl("PASSWORT_MINDESTLAENGE", default=12, minimum=8)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORT_MINDESTLAENGE},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "aktionsplan.passwort.HoechstlaengeValidator"},
]
# django-axes checks every login first (and refuses a locked-out one), then Django's backend,
# which reads the session's user with its roles from the cache (aktionsplan.benutzerspeicher).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "aktionsplan.benutzerspeicher.ZwischengespeicherterModelBackend",
]
# Seconds a logged-in user stays cached at most (0: off); any change to users, groups or
# permissions invalidates every entry at once.
BENUTZER_SPEICHERDAUER = env.int("BENUTZER_SPEICHERDAUER", default=300)
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
# Uploaded files, and the files tasks produce (report PDFs and XLSX: never served by URL, only
# the task pages hand them out to the people allowed to see them, querschnitt/aufgaben.py).
# Several app hosts share this directory (a network file system); backups (`manage.py sichern`)
# include it.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "medien")
MEDIA_URL = "medien/"
# Sign-language videos are served by the app with range requests (oeffentlich.auslieferung).
# Behind nginx set this to an internal location that maps onto MEDIA_ROOT (README, "Betrieb"):
# the app then only checks access and answers with X-Accel-Redirect, nginx sends the bytes.
MEDIEN_X_ACCEL_PREFIX = env.str("MEDIEN_X_ACCEL_PREFIX", default="")
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
# this many seconds (read by the health check).
AUFGABEN_HERZSCHLAG_SEKUNDEN = env.int("AUFGABEN_HERZSCHLAG_SEKUNDEN", default=5)
if AUFGABEN_HERZSCHLAG_SEKUNDEN < 1:
    raise ImproperlyConfigured("AUFGABEN_HERZSCHLAG_SEKUNDEN muss mindestens 1 sein.")

# The form renderer: what keeps a form valid HTML after an error (aktionsplan.darstellung).
FORM_RENDERER = "aktionsplan.darstellung.Darstellung"

CRISPY_ALLOWED_TEMPLATE_PACKS = ["kern"]
CRISPY_TEMPLATE_PACK = "kern"

# Backups as JSON keep times to the microsecond (konfiguration.sicherung).
SERIALIZATION_MODULES = {"json-genau": "konfiguration.serialisierung"}

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

# --- Feedback (rueckmeldungen) ----------------------------------------------------------------
# New feedback is announced to RUECKMELDUNG_EMAIL; empty: the feedback address of the
# accessibility statement, else KONTAKT_EMAIL.
RUECKMELDUNG_EMAIL = env.str("RUECKMELDUNG_EMAIL", default="")
# The answer deadline told to the sender: empty for one calendar month, else days. BITV NRW § 5
# Abs. 2 asks for two to at most six weeks.
RUECKMELDUNG_ANTWORTFRIST_TAGE = (
    env_ganzzahl("RUECKMELDUNG_ANTWORTFRIST_TAGE", default=0, minimum=14)
    if env.str("RUECKMELDUNG_ANTWORTFRIST_TAGE", default="")
    else None
)
if RUECKMELDUNG_ANTWORTFRIST_TAGE is not None and RUECKMELDUNG_ANTWORTFRIST_TAGE > 42:
    raise ImproperlyConfigured(
        "RUECKMELDUNG_ANTWORTFRIST_TAGE darf höchstens 42 sein (sechs Wochen, BITV NRW § 5 Abs. 2)."
    )
# Messages per client address of the feedback form: "<number>/<m|h|d>", comma-separated.
RUECKMELDUNG_GRENZEN = env.list("RUECKMELDUNG_GRENZEN", default=["10/h", "30/d"])
for _grenze in RUECKMELDUNG_GRENZEN:
    if not re.fullmatch(r"[1-9][0-9]*/[mhd]", _grenze):
        raise ImproperlyConfigured(
            f"RUECKMELDUNG_GRENZEN: {_grenze!r} ist keine Grenze wie „10/h“ (Anzahl/m, h oder d)."
        )

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

# --- TLS ------------------------------------------------------------------------------------
# Behind a TLS proxy (README, "Betrieb"): the proxy terminates TLS and says so in
# X-Forwarded-Proto. Only then are the redirect to HTTPS and HSTS on by default; a server that
# terminates TLS itself sets them explicitly.
HINTER_TLS_PROXY = env_bool("SECURE_PROXY_SSL", default=False)
if HINTER_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=HINTER_TLS_PROXY)
# The load balancer asks /healthz over plain HTTP on the internal network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# One year, the value the HSTS preload list asks for. Browsers remember it: lower it only
# together with a plan to leave HTTPS.
SECURE_HSTS_SECONDS = env_ganzzahl(
    "SECURE_HSTS_SECONDS", default=31_536_000 if HINTER_TLS_PROXY else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)

# --- Cache ----------------------------------------------------------------------------------
# Redis when several processes or hosts must share it (cached pages, sessions, the worker's
# heartbeat). Without it a directory that every process of the machine reads: the development
# server and the task worker of `make run` are two processes, and a per-process cache kept the
# data version the worker raised (a report's PDF, a background import) from the server for up to
# an hour (QA 2026-11-30, F1).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"REDIS_URL={REDIS_URL!r} ist keine Redis-Adresse (redis://, rediss:// oder unix://)."
    )


def _redis(location: str) -> dict:
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}


CACHES = {
    "default": _redis(REDIS_URL)
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env.path(
            "ZWISCHENSPEICHER_VERZEICHNIS", default=BASE_DIR / ".zwischenspeicher"
        ),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    # The task worker's heartbeat (konfiguration.gesundheit): the worker is another process, so
    # without Redis it goes through a directory both processes see.
    "herzschlag": _redis(REDIS_URL)
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env.path("HERZSCHLAG_VERZEICHNIS", default=BASE_DIR / ".herzschlag"),
    },
}

# --- Sessions -------------------------------------------------------------------------------
# With Redis, read from the cache and written through to the database (a Redis restart logs
# nobody out). Without it, from the database: a per-process cache would keep a session alive in
# one process after the logout in another. A session ends after SITZUNG_INAKTIV_STUNDEN without
# a request: konfiguration.sitzung renews it at most every few minutes, not on every request
# (SESSION_SAVE_EVERY_REQUEST would write the session row on every page view).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
SITZUNG_INAKTIV_STUNDEN = env_ganzzahl("SITZUNG_INAKTIV_STUNDEN", default=8, minimum=1)
SESSION_COOKIE_AGE = SITZUNG_INAKTIV_STUNDEN * 3600
SESSION_SAVE_EVERY_REQUEST = False

# --- Login throttling (django-axes) ---------------------------------------------------------
# After ANMELDUNG_MAX_FEHLVERSUCHE failures for one user name from one address, that pair is
# locked for ANMELDUNG_SPERRE_MINUTEN (a further failure during the lockout starts it anew).
# Per pair, so that nobody can lock the inclusion officer out from everywhere. The records live
# in the database, which all app servers share.
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_ganzzahl("ANMELDUNG_MAX_FEHLVERSUCHE", default=5, minimum=1)
AXES_COOLOFF_TIME = timedelta(
    minutes=env_ganzzahl("ANMELDUNG_SPERRE_MINUTEN", default=15, minimum=1)
)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "konfiguration.anmeldung.gesperrt"
AXES_USERNAME_CALLABLE = "konfiguration.anmeldung.benutzername"
# Successful logins are in the request log; the database keeps only the failures.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
# The client's address. Directly reachable: the connection's address. Behind PROXY_ANZAHL
# proxies that each append the address they saw to X-Forwarded-For (nginx:
# $proxy_add_x_forwarded_for), the client is the PROXY_ANZAHL-th entry from the right; what a
# client writes into the header itself stays further left and is never read.
PROXY_ANZAHL = env_ganzzahl("PROXY_ANZAHL", default=1 if HINTER_TLS_PROXY else 0)
if PROXY_ANZAHL:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = PROXY_ANZAHL - 1
    # Not strict: a chain longer than PROXY_ANZAHL (a client's own entries) is still read from
    # the right, instead of being skipped for the proxy's own address.
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

# --- /healthz -------------------------------------------------------------------------------
# The task worker counts as down when its last heartbeat is older than this.
HEALTHZ_HERZSCHLAG_SEKUNDEN = env_ganzzahl("HEALTHZ_HERZSCHLAG_SEKUNDEN", default=60, minimum=1)
# Off where no worker runs (tasks run in the request, e.g. in the tests).
HEALTHZ_WORKER = env_bool("HEALTHZ_WORKER", default=True)

# --- Logs -----------------------------------------------------------------------------------
# JSON lines on standard output, like gunicorn's access log (one object per line: time, level,
# logger, message, request id, and for each request its method, path, status, duration and user
# id), plain text in development.
LOG_JSON = env_bool("LOG_JSON", default=not DEBUG)
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"LOG_LEVEL={LOG_LEVEL!r} ist keine Protokollstufe (DEBUG, INFO, WARNING, ERROR)."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"anfrage": {"()": "konfiguration.protokoll.AnfrageFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(anfrage_id)s",
            "rename_fields": {"levelname": "stufe", "name": "logger", "message": "meldung"},
            "timestamp": "zeit",
            "json_ensure_ascii": False,
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(anfrage_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json" if LOG_JSON else "text",
            "filters": ["anfrage"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # WeasyPrint reports every rendering step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # axes announces itself at every start at INFO; failures and lockouts are WARNING.
        "axes": {"level": "WARNING"},
    },
}
