"""Settings come from the environment and fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASIS = Path(__file__).resolve().parents[2]
PRUEFPROGRAMM = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DATABASES['default']['ENGINE'], settings.LANGUAGE_CODE, settings.TIME_ZONE)"
)


def _ohne_konfiguration() -> dict[str, str]:
    # Also without pytest's DJANGO_SETTINGS_MODULE (tests.settings sets a key of its own).
    ausgelassen = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    return {k: v for k, v in os.environ.items() if k not in ausgelassen}


def settings_laden(*, programm: str = PRUEFPROGRAMM, **env: str) -> subprocess.CompletedProcess:
    umgebung = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    umgebung.update(env)
    umgebung["DJANGO_SETTINGS_MODULE"] = "konfiguration.settings"
    return subprocess.run(
        [sys.executable, "-c", programm],
        cwd=BASIS,
        env=umgebung,
        capture_output=True,
        text=True,
        check=False,
    )


SERVER_START = "import konfiguration.wsgi"


def test_ohne_secret_key_startet_produktion_nicht():
    ergebnis = settings_laden(programm=SERVER_START, ALLOWED_HOSTS="example.org")
    assert ergebnis.returncode != 0
    assert "SECRET_KEY muss gesetzt sein" in ergebnis.stderr


def test_ohne_allowed_hosts_startet_produktion_nicht():
    ergebnis = settings_laden(programm=SERVER_START, SECRET_KEY="x" * 50)
    assert ergebnis.returncode != 0
    assert "ALLOWED_HOSTS muss gesetzt sein" in ergebnis.stderr


def test_vollstaendig_konfiguriert_startet_produktion():
    ergebnis = settings_laden(
        programm=SERVER_START, SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org"
    )
    assert ergebnis.returncode == 0, ergebnis.stderr


def test_check_deploy_nennt_die_fehlende_konfiguration():
    ergebnis = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=BASIS,
        env=_ohne_konfiguration(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert ergebnis.returncode != 0
    assert "aktionsplan.E001" in ergebnis.stderr
    assert "SECRET_KEY muss gesetzt sein" in ergebnis.stderr


def test_verwaltungsbefehle_laufen_ohne_produktionsgeheimnisse():
    # e.g. makemigrations --check on a build machine that has no production secrets.
    ergebnis = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=BASIS,
        env=_ohne_konfiguration(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert ergebnis.returncode == 0, ergebnis.stderr


@pytest.mark.parametrize("wert", ["vielleicht", "2", "wahr"])
def test_ungueltiges_debug_wird_abgelehnt(wert):
    ergebnis = settings_laden(DEBUG=wert, SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org")
    assert ergebnis.returncode != 0
    assert "DEBUG" in ergebnis.stderr


def test_sqlite_ohne_database_url_und_postgres_mit():
    sqlite = settings_laden(DEBUG="1")
    assert sqlite.returncode == 0, sqlite.stderr
    assert sqlite.stdout.split() == ["django.db.backends.sqlite3", "de", "Europe/Berlin"]
    postgres = settings_laden(DEBUG="1", DATABASE_URL="postgres://u@127.0.0.1:5432/x")
    assert postgres.stdout.split()[0] == "django.db.backends.postgresql"


def test_unbekannte_datenbank_url_scheitert_laut():
    ergebnis = settings_laden(DEBUG="1", DATABASE_URL="mysqlx://irgendwas")
    assert ergebnis.returncode != 0
