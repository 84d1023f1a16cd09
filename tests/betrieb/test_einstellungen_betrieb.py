"""Production settings: `check --deploy` is clean with the README's environment, HSTS and the
HTTPS redirect behind the TLS proxy, sessions that end after inactivity without a write per
request, Django's password validators, JSON logs with a request id, gunicorn's configuration."""

import json
import logging
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from pythonjsonlogger.json import JsonFormatter

from konfiguration import sitzung
from tests.betrieb.umgebung import BASIS, ausfuehren, produktionsumgebung
from tests.factories import UserFactory

# --- check --deploy and TLS -------------------------------------------------------------------


def test_check_deploy_ohne_warnung_mit_der_produktionsumgebung_der_readme():
    ergebnis = ausfuehren(["manage.py", "check", "--deploy"], produktionsumgebung())
    assert ergebnis.returncode == 0, ergebnis.stderr
    # Nothing silenced either: the count of silenced checks is part of Django's summary.
    assert ergebnis.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNING" not in ergebnis.stderr


def test_check_deploy_nennt_was_ohne_tls_proxy_fehlt():
    umgebung = produktionsumgebung()
    del umgebung["SECURE_PROXY_SSL"]
    ausgabe = ausfuehren(["manage.py", "check", "--deploy"], umgebung).stderr
    assert "security.W004" in ausgabe  # no HSTS
    assert "security.W008" in ausgabe  # no redirect to HTTPS


def test_check_deploy_warnt_ohne_redis():
    umgebung = produktionsumgebung()
    del umgebung["REDIS_URL"]
    ausgabe = ausfuehren(["manage.py", "check", "--deploy"], umgebung).stderr
    assert "konfiguration.W001" in ausgabe
    assert "REDIS_URL ist nicht gesetzt" in ausgabe


ANFRAGEN = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
c = Client()
ergebnis = {}
for name, pfad, meta in [
    ("http", "/impressum/", {}),
    ("https", "/healthz", {"HTTP_X_FORWARDED_PROTO": "https"}),
    ("healthz", "/healthz", {}),
]:
    a = c.get(pfad, **meta)
    ergebnis[name] = [a.status_code, a.get("Location"), a.get("Strict-Transport-Security")]
print(json.dumps(ergebnis))
"""


def test_hinter_dem_tls_proxy_https_umleitung_und_hsts_ausser_fuer_healthz(tmp_path):
    umgebung = produktionsumgebung()
    host = umgebung["ALLOWED_HOSTS"].split(",")[0]
    umgebung.update(
        DJANGO_SETTINGS_MODULE="konfiguration.settings",
        ALLOWED_HOSTS="testserver",
        # No database or Redis is needed; /healthz then reports them as failing.
        DATABASE_URL=f"sqlite:///{tmp_path / 'leer.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:9/0",
    )
    ergebnis = ausfuehren(["-c", ANFRAGEN], umgebung)
    assert ergebnis.returncode == 0, ergebnis.stderr
    antworten = json.loads(ergebnis.stdout.strip().splitlines()[-1])
    assert host  # the README names a real host name
    assert antworten["http"] == [301, "https://testserver/impressum/", None]
    # Over HTTPS (as the proxy says): HSTS. /healthz has no static files that would need
    # collectstatic's manifest; its own status does not matter here.
    status, umleitung, hsts = antworten["https"]
    assert (umleitung, hsts) == (None, "max-age=31536000; includeSubDomains; preload")
    status, umleitung, hsts = antworten["healthz"]
    assert status in (200, 503)
    assert (umleitung, hsts) == (None, None)


PROGRAMM = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({n: getattr(s, n, None) for n in %r}, default=str))"
)


def _werte(namen: list[str], **umgebung: str) -> dict:
    umgebung.setdefault("DEBUG", "1")
    umgebung["DJANGO_SETTINGS_MODULE"] = "konfiguration.settings"
    ergebnis = ausfuehren(["-c", PROGRAMM % (namen,)], umgebung)
    assert ergebnis.returncode == 0, ergebnis.stderr
    return json.loads(ergebnis.stdout.strip().splitlines()[-1])


def test_ohne_proxy_keine_umleitung_und_kein_hsts():
    werte = _werte(["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER"])
    assert werte == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_hsts_und_umleitung_einzeln_einstellbar():
    werte = _werte(
        ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS"],
        SECURE_PROXY_SSL="1",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
    )
    assert werte == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 3600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
    }


@pytest.mark.parametrize(
    ("name", "wert"),
    [
        ("SECURE_HSTS_SECONDS", "-1"),
        ("SECURE_HSTS_SECONDS", "ein Jahr"),
        ("SECURE_HSTS_PRELOAD", "vielleicht"),
        ("SITZUNG_INAKTIV_STUNDEN", "0"),
        ("ANMELDUNG_MAX_FEHLVERSUCHE", "fünf"),
        ("ANMELDUNG_SPERRE_MINUTEN", "0"),
        ("PASSWORT_MINDESTLAENGE", "4"),
        ("PROXY_ANZAHL", "-1"),
        ("REDIS_URL", "http://redis.intern:6379"),
        ("LOG_LEVEL", "LAUT"),
        ("HEALTHZ_HERZSCHLAG_SEKUNDEN", "0"),
    ],
)
def test_ungueltige_werte_brechen_den_start_ab(name, wert):
    umgebung = {"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "konfiguration.settings", name: wert}
    ergebnis = ausfuehren(["-c", "import django; django.setup()"], umgebung)
    assert ergebnis.returncode != 0
    assert "ImproperlyConfigured" in ergebnis.stderr
    assert name in ergebnis.stderr


def test_hinter_dem_proxy_kommt_die_adresse_aus_x_forwarded_for():
    namen = ["AXES_IPWARE_META_PRECEDENCE_ORDER", "AXES_IPWARE_PROXY_COUNT", "IPWARE_STRICT"]
    assert _werte(namen) == {
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ["REMOTE_ADDR"],
        "AXES_IPWARE_PROXY_COUNT": None,
        "IPWARE_STRICT": None,
    }
    # Same values as tests/betrieb/test_anmeldung_sperre.py::HINTER_EINEM_PROXY.
    assert _werte(namen, SECURE_PROXY_SSL="1") == {
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
        "AXES_IPWARE_PROXY_COUNT": 0,
        "IPWARE_STRICT": False,
    }
    # A load balancer in front of the TLS proxy: the client is one entry further left.
    assert _werte(namen, SECURE_PROXY_SSL="1", PROXY_ANZAHL="2")["AXES_IPWARE_PROXY_COUNT"] == 1


def test_anmeldesperre_einstellbar():
    werte = _werte(
        ["AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME"],
        ANMELDUNG_MAX_FEHLVERSUCHE="3",
        ANMELDUNG_SPERRE_MINUTEN="60",
    )
    assert werte == {"AXES_FAILURE_LIMIT": 3, "AXES_COOLOFF_TIME": "1:00:00"}


# --- cache and sessions -----------------------------------------------------------------------


def test_redis_als_cache_und_fuer_sitzungen_in_produktion():
    namen = ["CACHES", "SESSION_ENGINE", "SESSION_COOKIE_AGE"]
    produktion = _werte(namen, REDIS_URL="redis://redis.intern:6379/0")
    for alias in ("default", "herzschlag"):
        assert produktion["CACHES"][alias] == {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://redis.intern:6379/0",
        }
    assert produktion["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert produktion["SESSION_COOKIE_AGE"] == 8 * 3600
    eingebettet = _werte(namen, SITZUNG_INAKTIV_STUNDEN="2")
    # A directory all processes of the machine share (server and worker of `make run`).
    assert eingebettet["CACHES"]["default"]["BACKEND"].endswith("FileBasedCache")
    assert eingebettet["CACHES"]["herzschlag"]["BACKEND"].endswith("FileBasedCache")
    assert eingebettet["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert eingebettet["SESSION_COOKIE_AGE"] == 2 * 3600


def _sitzungs_schreibzugriffe(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


@pytest.mark.parametrize(
    "engine",
    ["django.contrib.sessions.backends.cached_db", "django.contrib.sessions.backends.db"],
)
def test_keine_schreibzugriffe_auf_die_sitzung_pro_anfrage(db, engine):
    with override_settings(SESSION_ENGINE=engine):
        client = Client()
        client.force_login(UserFactory(username="kim"))
        with CaptureQueriesContext(connection) as abfragen:
            for _ in range(10):
                assert client.get("/konto/passwort/").status_code == 200
        assert _sitzungs_schreibzugriffe(abfragen.captured_queries) == []
        if engine.endswith("cached_db"):
            # Read from the cache as well: no session query at all.
            assert not [q for q in abfragen.captured_queries if "django_session" in q["sql"]]


def test_nach_einigen_minuten_verlaengert_eine_anfrage_die_sitzung(db):
    client = Client()
    client.force_login(UserFactory(username="kim"))
    sitzung_vorher = Session.objects.get()
    # The last renewal lies just over the renewal interval back.
    s = client.session
    s[sitzung.SCHLUESSEL] -= sitzung.verlaengern_nach() + 1
    s.save()
    with CaptureQueriesContext(connection) as abfragen:
        antwort = client.get("/konto/passwort/")
    assert len(_sitzungs_schreibzugriffe(abfragen.captured_queries)) == 1
    assert antwort.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE
    assert Session.objects.get().expire_date > sitzung_vorher.expire_date
    with CaptureQueriesContext(connection) as abfragen:
        client.get("/konto/passwort/")
    assert _sitzungs_schreibzugriffe(abfragen.captured_queries) == []


def test_nach_acht_stunden_ohne_anfrage_ist_die_sitzung_beendet(db):
    client = Client()
    client.force_login(UserFactory(username="kim"))
    assert client.get("/konto/passwort/").status_code == 200
    # Eight hours pass without a request: the session's expiry lies in the past.
    sitzung_zeile = Session.objects.get()
    Session.objects.filter(pk=sitzung_zeile.pk).update(
        expire_date=sitzung_zeile.expire_date - settings.SESSION_COOKIE_AGE * _SEKUNDE
    )
    antwort = client.get("/konto/passwort/")
    assert antwort.status_code == 302
    assert antwort["Location"].startswith("/konto/anmelden/")


_SEKUNDE = __import__("datetime").timedelta(seconds=1)


def test_die_anmeldung_startet_die_uhr_ohne_zusaetzlichen_schreibzugriff(db):
    UserFactory(username="kim")
    client = Client()
    antwort = client.post(
        "/konto/anmelden/", {"username": "kim", "password": "geheim-passwort-123"}
    )
    assert antwort.status_code == 302
    assert abs(client.session[sitzung.SCHLUESSEL] - time.time()) < 60


# --- passwords --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("neu", "meldung"),
    [
        ("kurz-0815", "Dieses Passwort ist zu kurz. Es muss mindestens 12 Zeichen enthalten."),
        ("38475920384756", "Dieses Passwort ist komplett numerisch."),
        ("password1234", "Dieses Passwort ist zu üblich."),
        ("kim-mustermann-1", "Das Passwort ist zu ähnlich zu"),
    ],
)
def test_passwortregeln_beim_aendern(db, neu, meldung):
    person = UserFactory(username="kim-mustermann")
    client = Client()
    client.force_login(person)
    antwort = client.post(
        "/konto/passwort/",
        {"old_password": "geheim-passwort-123", "new_password1": neu, "new_password2": neu},
    )
    assert antwort.status_code == 200
    assert meldung in antwort.content.decode()
    person.refresh_from_db()
    assert person.check_password("geheim-passwort-123")


# --- logs -------------------------------------------------------------------------------------


def _anfragezeilen(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "aktionsplan.anfragen"]


def test_eine_protokollzeile_pro_anfrage_mit_kennung_benutzer_pfad_status_dauer(
    lesen_client, lesen_user, caplog
):
    caplog.set_level(logging.INFO, logger="aktionsplan.anfragen")
    antwort = lesen_client.get("/konto/passwort/?geheim=suchbegriff")
    (zeile,) = _anfragezeilen(caplog)
    formatierer = dict(settings.LOGGING["formatters"]["json"])
    formatierer.pop("()")
    daten = json.loads(JsonFormatter(**formatierer).format(zeile))
    assert daten["anfrage_id"] == antwort["X-Request-ID"]
    assert len(daten["anfrage_id"]) == 32
    assert daten["benutzer_id"] == lesen_user.pk
    assert daten["pfad"] == "/konto/passwort/"  # the query string (search terms) stays out
    assert daten["methode"] == "GET"
    assert daten["status"] == 200
    assert isinstance(daten["dauer_ms"], float)
    assert daten["stufe"] == "INFO"
    assert daten["logger"] == "aktionsplan.anfragen"
    assert daten["zeit"].endswith("+00:00")


@pytest.mark.django_db
def test_die_kennung_des_proxys_wird_uebernommen_eine_fremde_nicht(client, caplog):
    caplog.set_level(logging.INFO, logger="aktionsplan.anfragen")
    kennung = "4f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d"
    assert client.get("/impressum/", HTTP_X_REQUEST_ID=kennung)["X-Request-ID"] == kennung
    boese = '"}\n{"stufe": "CRITICAL"'
    neu = client.get("/impressum/", HTTP_X_REQUEST_ID=boese)["X-Request-ID"]
    assert neu != boese
    assert [r.anfrage_id for r in _anfragezeilen(caplog)] == [kennung, neu]
    assert [r.benutzer_id for r in _anfragezeilen(caplog)] == [None, None]


# --- gunicorn ---------------------------------------------------------------------------------


def _freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_mit_der_konfigurationsdatei(tmp_path):
    port = _freier_port()
    umgebung = produktionsumgebung()
    umgebung.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'leer.sqlite3'}",
        ALLOWED_HOSTS="127.0.0.1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        HEALTHZ_WORKER="0",
        REDIS_URL="",
    )
    env = {**__import__("os").environ, **umgebung}
    for name in ("DJANGO_SETTINGS_MODULE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "konfiguration/gunicorn.conf.py",
         "konfiguration.wsgi"],
        cwd=BASIS,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        basis = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                antwort = urllib.request.urlopen(f"{basis}/healthz", timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        assert antwort.status == 200
        kennung = antwort.headers["X-Request-ID"]
        # The request line limit: a longer one is refused before Django sees it.
        with pytest.raises(urllib.error.HTTPError) as zu_lang:
            urllib.request.urlopen(f"{basis}/impressum/?q={'a' * 9000}", timeout=5)
        assert zu_lang.value.code == 414
    finally:
        server.terminate()
        ausgabe, fehler = server.communicate(timeout=30)
    zeilen = [json.loads(z) for z in ausgabe.splitlines() if z.startswith("{")]
    zugriff = [z for z in zeilen if z["logger"] == "gunicorn.access"]
    django_zeilen = [z for z in zeilen if z["logger"] == "aktionsplan.anfragen"]
    assert [(z["pfad"], z["status"], z["anfrage_id"]) for z in zugriff] == [
        ("/healthz", 200, kennung)
    ]
    assert [(z["pfad"], z["status"], z["anfrage_id"]) for z in django_zeilen] == [
        ("/healthz", 200, kennung)
    ]
    assert "Request Line is too large" in fehler
