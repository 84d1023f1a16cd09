"""Running the queue: the production settings (database backend, SQLite in WAL mode), the
worker's heartbeat, and the clean-up of old tasks and their files."""

import datetime
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from aufgaben import herzschlag
from aufgaben.herzschlag import (
    HERZSCHLAG_SCHLUESSEL,
    Herzschlag,
    herzschlag_cache,
    letzter_herzschlag,
)
from aufgaben.models import Aufgabe
from tests.aufgaben.hilfen import DATENBANK_WARTESCHLANGE
from tests.factories import AufgabeFactory

BASIS = Path(__file__).resolve().parents[2]

PRUEFPROGRAMM = """
import django; django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as c:
    c.execute("PRAGMA journal_mode")
    modus = c.fetchone()[0]
print(settings.TASKS["default"]["BACKEND"], modus, connection.transaction_mode)
"""


def test_produktion_nutzt_die_datenbank_warteschlange_und_sqlite_im_wal_modus(tmp_path):
    umgebung = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    umgebung.update(
        DJANGO_SETTINGS_MODULE="konfiguration.settings",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'eingebettet.sqlite3'}",
    )
    ergebnis = subprocess.run(
        [sys.executable, "-c", PRUEFPROGRAMM],
        cwd=BASIS,
        env=umgebung,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ergebnis.returncode == 0, ergebnis.stderr
    assert ergebnis.stdout.split() == ["django_tasks_db.DatabaseBackend", "wal", "IMMEDIATE"]


def test_herzschlag_faden_schreibt_wiederholt_und_uebersteht_einen_ausfall(monkeypatch):
    herzschlag_cache().delete(HERZSCHLAG_SCHLUESSEL)
    geschrieben = []
    zweimal = threading.Event()
    schreiben = herzschlag.herzschlag_schreiben

    def mit_ausfall():
        geschrieben.append(timezone.now())
        if len(geschrieben) == 1:
            raise ConnectionError("Redis nicht erreichbar")
        if len(geschrieben) >= 3:
            zweimal.set()
        return schreiben()

    monkeypatch.setattr(herzschlag, "herzschlag_schreiben", mit_ausfall)
    faden = Herzschlag(intervall=0.01)
    faden.start()
    try:
        assert zweimal.wait(timeout=5)
    finally:
        faden.anhalten()
        faden.join(timeout=5)
    assert not faden.is_alive()
    wert = letzter_herzschlag()
    assert timezone.is_aware(wert)
    assert geschrieben[0] <= wert <= timezone.now()


def test_herzschlag_abstand_muss_positiv_sein(settings):
    settings.TASKS = DATENBANK_WARTESCHLANGE
    with pytest.raises(CommandError, match="größer als 0"):
        call_command("arbeiter", "--batch", "--no-reload", "--herzschlag=0")


@pytest.mark.django_db
def test_aufraeumen_loescht_alte_aufgaben_und_ungenutzte_dateien(lesen_user):
    lange_her = timezone.now() - datetime.timedelta(days=40)

    def mit_datei(name, **kwargs):
        aufgabe = AufgabeFactory(gestartet_von=lesen_user, **kwargs)
        aufgabe.datei.save(name, ContentFile(b"PK"), save=True)
        return aufgabe

    alt = mit_datei("alt.xlsx", erstellt_am=lange_her)
    # An old file still used by a recent task (the same report state asked for again).
    geteilt = mit_datei("geteilt.xlsx", erstellt_am=lange_her)
    neu = AufgabeFactory(gestartet_von=lesen_user)
    neu.datei.name = geteilt.datei.name
    neu.save()
    wartend = AufgabeFactory(status=Aufgabe.Status.WARTET, erstellt_am=lange_her)
    # Its worker died seven hours ago.
    sieben_stunden = timezone.now() - datetime.timedelta(hours=7)
    haengend = AufgabeFactory(
        status=Aufgabe.Status.LAEUFT, erstellt_am=sieben_stunden, begonnen_am=sieben_stunden
    )

    call_command("aufgaben_aufraeumen", "--tage=30", stdout=open(os.devnull, "w"))  # noqa: SIM115

    assert set(Aufgabe.objects.values_list("pk", flat=True)) == {
        neu.pk,
        wartend.pk,
        haengend.pk,
    }
    assert not default_storage.exists(alt.datei.name)
    assert default_storage.exists(geteilt.datei.name)
    haengend.refresh_from_db()
    assert haengend.status == Aufgabe.Status.FEHLGESCHLAGEN
    assert "nicht beendet" in haengend.fehler


def test_herzschlag_im_eigenen_cache_wenn_es_ihn_gibt(settings, tmp_path):
    """/healthz reads the cache "herzschlag" where the settings have one (a directory both
    processes see, without Redis)."""
    settings.CACHES = {
        **settings.CACHES,
        "herzschlag": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        },
    }
    caches["default"].delete(HERZSCHLAG_SCHLUESSEL)
    herzschlag.herzschlag_schreiben()
    assert caches["herzschlag"].get(HERZSCHLAG_SCHLUESSEL) == letzter_herzschlag()
    assert caches["default"].get(HERZSCHLAG_SCHLUESSEL) is None
