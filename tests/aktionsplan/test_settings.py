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
PRUEFPROGRAMM = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DATABASES['default']['ENGINE'], settings.LANGUAGE_CODE, settings.TIME_ZONE)"
)


def settings_laden(**env: str) -> subprocess.CompletedProcess:
    umgebung = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    umgebung.update(env)
    umgebung["DJANGO_SETTINGS_MODULE"] = "aktionsplan.settings"
    return subprocess.run(
        [sys.executable, "-c", PRUEFPROGRAMM],
        cwd=BASIS,
        env=umgebung,
        capture_output=True,
        text=True,
        check=False,
    )


def test_ohne_secret_key_startet_produktion_nicht():
    ergebnis = settings_laden(ALLOWED_HOSTS="example.org")
    assert ergebnis.returncode != 0
    assert "SECRET_KEY" in ergebnis.stderr


def test_ohne_allowed_hosts_startet_produktion_nicht():
    ergebnis = settings_laden(SECRET_KEY="x" * 50)
    assert ergebnis.returncode != 0
    assert "ALLOWED_HOSTS" in ergebnis.stderr


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
