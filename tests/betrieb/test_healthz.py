"""/healthz: database, cache and task worker, without a login, with nothing internal."""

import datetime
import json
import os
import socket

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone

from konfiguration.gesundheit import (
    HERZSCHLAG_CACHE,
    HERZSCHLAG_SCHLUESSEL,
    herzschlag_schreiben,
    letzter_herzschlag,
)
from tests.betrieb.umgebung import ausfuehren

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_herzschlag_leer")]

MIT_WORKER = override_settings(HEALTHZ_WORKER=True, HEALTHZ_HERZSCHLAG_SEKUNDEN=60)
ALLES_OK = {"datenbank": "ok", "cache": "ok", "aufgaben": "ok"}


@pytest.fixture
def _herzschlag_leer():
    caches[HERZSCHLAG_CACHE].delete(HERZSCHLAG_SCHLUESSEL)
    yield
    caches[HERZSCHLAG_CACHE].delete(HERZSCHLAG_SCHLUESSEL)


def _vor(sekunden: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=sekunden)


@MIT_WORKER
def test_alles_gesund_200(client):
    herzschlag_schreiben()
    antwort = client.get("/healthz")
    assert antwort.status_code == 200
    assert antwort.json() == {"status": "ok", "komponenten": ALLES_OK}
    assert "no-store" in antwort["Cache-Control"]


@MIT_WORKER
def test_ohne_herzschlag_faellt_nur_der_worker_aus(client):
    antwort = client.get("/healthz")
    assert antwort.status_code == 503
    assert antwort.json() == {
        "status": "fehler",
        "komponenten": {"datenbank": "ok", "cache": "ok", "aufgaben": "fehler"},
    }


@MIT_WORKER
@pytest.mark.parametrize(("alter", "gesund"), [(0, True), (59, True), (61, False), (3600, False)])
def test_der_herzschlag_darf_hoechstens_n_sekunden_alt_sein(client, alter, gesund):
    caches[HERZSCHLAG_CACHE].set(HERZSCHLAG_SCHLUESSEL, _vor(alter))
    antwort = client.get("/healthz")
    assert antwort.json()["komponenten"]["aufgaben"] == ("ok" if gesund else "fehler")
    assert antwort.status_code == (200 if gesund else 503)


@MIT_WORKER
def test_herzschlag_entfernt_dann_fehler(client):
    herzschlag_schreiben()
    assert client.get("/healthz").status_code == 200
    caches[HERZSCHLAG_CACHE].delete(HERZSCHLAG_SCHLUESSEL)
    assert client.get("/healthz").status_code == 503


@pytest.mark.parametrize("wert", ["2026-11-29T10:00:00+00:00", 1_764_410_400, None])
def test_nur_eine_zeit_mit_zeitzone_zaehlt_als_herzschlag(wert):
    caches[HERZSCHLAG_CACHE].set(HERZSCHLAG_SCHLUESSEL, wert)
    assert letzter_herzschlag() is None
    caches[HERZSCHLAG_CACHE].set(HERZSCHLAG_SCHLUESSEL, datetime.datetime(2026, 11, 29, 10))
    assert letzter_herzschlag() is None
    jetzt = timezone.now()
    herzschlag_schreiben(jetzt)
    assert letzter_herzschlag() == jetzt


def test_herzschlag_ohne_zeitzone_wird_abgelehnt():
    with pytest.raises(ValueError, match="Zeitzone"):
        herzschlag_schreiben(datetime.datetime(2026, 11, 29, 10))


@MIT_WORKER
@pytest.mark.parametrize(
    ("abfrage", "accept"),
    [
        ("", "text/html"),
        ("?format=text", "*/*"),
        ("?format=openmetrics", "*/*"),
        ("?format=atom", "*/*"),
        ("", "application/xml"),
    ],
)
def test_die_antwort_verraet_nichts_internes(client, abfrage, accept):
    # The library's own renderings would show error texts and check parameters; ours never.
    antwort = client.get(f"/healthz{abfrage}", HTTP_ACCEPT=accept)
    assert antwort.status_code == 503
    assert antwort["Content-Type"] == "application/json"
    assert json.loads(antwort.content) == {
        "status": "fehler",
        "komponenten": {"datenbank": "ok", "cache": "ok", "aufgaben": "fehler"},
    }


def _freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_cache_ausgefallen(client):
    # A Redis nobody listens on: the cache fails, the answer still has no error text.
    tot = {"BACKEND": "django.core.cache.backends.redis.RedisCache"}
    tot["LOCATION"] = f"redis://127.0.0.1:{_freier_port()}/0"
    with override_settings(CACHES={"default": tot, HERZSCHLAG_CACHE: tot}, HEALTHZ_WORKER=True):
        antwort = client.get("/healthz")
    assert antwort.status_code == 503
    assert antwort.json() == {
        "status": "fehler",
        "komponenten": {"datenbank": "ok", "cache": "fehler", "aufgaben": "fehler"},
    }


def test_datenbank_ausgefallen():
    # In a server of its own whose PostgreSQL does not answer (nobody listens on the port).
    programm = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "a = Client().get('/healthz')\n"
        "print(a.status_code, a.content.decode())\n"
    )
    ergebnis = ausfuehren(
        ["-c", programm],
        {
            "DJANGO_SETTINGS_MODULE": "konfiguration.settings",
            "DEBUG": "1",
            "ALLOWED_HOSTS": "testserver",
            "HEALTHZ_WORKER": "0",
            "DATABASE_URL": f"postgres://niemand@127.0.0.1:{_freier_port()}/keine",
        },
    )
    assert ergebnis.returncode == 0, ergebnis.stderr
    status, _, inhalt = ergebnis.stdout.strip().splitlines()[-1].partition(" ")
    assert status == "503"
    assert json.loads(inhalt) == {
        "status": "fehler",
        "komponenten": {"datenbank": "fehler", "cache": "ok"},
    }


@MIT_WORKER
def test_ohne_anmeldung_und_ohne_umleitung_auf_https(client):
    herzschlag_schreiben()
    with override_settings(SECURE_SSL_REDIRECT=True):
        # Every other page is sent to HTTPS; the load balancer asks over plain HTTP.
        assert client.get("/barrierefreiheit/").status_code == 301
        antwort = client.get("/healthz")
    assert antwort.status_code == 200
    assert "_auth_user_id" not in client.session


def test_der_herzschlag_eines_anderen_prozesses_wird_gesehen(tmp_path):
    """The embedded default: the worker is another process; the heartbeat goes through the
    directory both see (HERZSCHLAG_VERZEICHNIS)."""
    verzeichnis = tmp_path / "herzschlag"
    ergebnis = ausfuehren(
        [
            "-c",
            "import django; django.setup()\n"
            "from konfiguration.gesundheit import herzschlag_schreiben\n"
            "herzschlag_schreiben()\n",
        ],
        {
            "DJANGO_SETTINGS_MODULE": "konfiguration.settings",
            "DEBUG": "1",
            "HERZSCHLAG_VERZEICHNIS": str(verzeichnis),
        },
    )
    assert ergebnis.returncode == 0, ergebnis.stderr
    datei = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(verzeichnis),
    }
    speicher = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    with override_settings(CACHES={"default": speicher, HERZSCHLAG_CACHE: datei}):
        zuletzt = letzter_herzschlag()
    assert zuletzt is not None
    assert timezone.now() - zuletzt < datetime.timedelta(seconds=60)


REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def _redis_erreichbar() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.mark.skipif(
    not os.environ.get("CI") and not _redis_erreichbar(),
    reason="kein Redis auf 127.0.0.1:6379 (in CI startet .ci/run ihn)",
)
def test_mit_redis_sieht_healthz_den_herzschlag_des_workers(client):
    """Production: app servers and worker share Redis (REDIS_URL); the worker writes in its own
    process, /healthz reads it here."""
    ergebnis = ausfuehren(
        [
            "-c",
            "import django; django.setup()\n"
            "from konfiguration.gesundheit import herzschlag_schreiben\n"
            "herzschlag_schreiben()\n",
        ],
        {"DJANGO_SETTINGS_MODULE": "konfiguration.settings", "DEBUG": "1", "REDIS_URL": REDIS},
    )
    assert ergebnis.returncode == 0, ergebnis.stderr
    redis_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}
    with override_settings(
        CACHES={"default": redis_cache, HERZSCHLAG_CACHE: redis_cache}, HEALTHZ_WORKER=True
    ):
        try:
            antwort = client.get("/healthz")
            assert antwort.status_code == 200
            assert antwort.json() == {"status": "ok", "komponenten": ALLES_OK}
        finally:
            caches[HERZSCHLAG_CACHE].delete(HERZSCHLAG_SCHLUESSEL)
