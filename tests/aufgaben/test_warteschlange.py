"""The queue itself: each task through the production backend (django-tasks-db) and the worker
(`manage.py arbeiter`, run in-process): enqueue → queued page → worker → result."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from aufgaben.herzschlag import HERZSCHLAG_SCHLUESSEL, herzschlag_cache, letzter_herzschlag
from aufgaben.models import Aufgabe
from monitoring.datenarten import MESSWERTE
from monitoring.models import Messwert
from projekte.models import Projektskizze, Status
from tests.aufgaben.hilfen import DATENBANK_WARTESCHLANGE, arbeiter_laufen_lassen, messwert_csv
from tests.factories import (
    MeilensteinFactory,
    ProjektskizzeFactory,
    SachstandFactory,
    ThemaFactory,
    UserFactory,
)

# The worker closes and reopens database connections between tasks, as in production: the tests
# commit instead of running in a transaction that is rolled back.
pytestmark = pytest.mark.django_db(transaction=True)

IMPORT_URL = reverse("monitoring:messwert_import")


@pytest.fixture(autouse=True)
def datenbank_warteschlange(settings):
    settings.TASKS = DATENBANK_WARTESCHLANGE


@pytest.fixture
def bericht_daten():
    thema = ThemaFactory(name="Wohnen")
    projekt = ProjektskizzeFactory(titel="Rampen am Rathaus", hauptthema=thema)
    SachstandFactory(projekt=projekt, datum=datetime.date(2025, 3, 1), status=Status.IN_UMSETZUNG)
    return projekt


def _seite(client, aufgabe) -> str:
    antwort = client.get(aufgabe.get_absolute_url())
    assert antwort.status_code == 200
    return antwort.content.decode()


@pytest.mark.parametrize(
    ("format_", "anfang"), [("pdf", b"%PDF"), ("xlsx", b"PK")], ids=["pdf", "xlsx"]
)
def test_berichtsdatei_durch_die_warteschlange(lesen_client, bericht_daten, format_, anfang):
    antwort = lesen_client.post(reverse(f"monitoring:bericht_{format_}", kwargs={"jahr": 2025}))
    aufgabe = Aufgabe.objects.get()
    assert antwort.status_code == 302
    assert antwort.url == aufgabe.get_absolute_url()
    assert aufgabe.status == Aufgabe.Status.WARTET
    eintrag = DBTaskResult.objects.get()
    assert eintrag.task_path == "monitoring.hintergrund.bericht_datei"
    assert eintrag.status == "READY"
    assert str(eintrag.id) == aufgabe.task_id

    wartend = _seite(lesen_client, aufgabe)
    assert "in der Warteschlange" in wartend
    assert f'href="{aufgabe.get_absolute_url()}"' in wartend  # the reload button
    assert 'http-equiv="refresh"' not in wartend
    assert "/datei/" not in wartend

    arbeiter_laufen_lassen()

    aufgabe.refresh_from_db()
    assert aufgabe.status == Aufgabe.Status.FERTIG
    assert aufgabe.zeilen == 1  # one measure in the report
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    fertig = _seite(lesen_client, aufgabe)
    assert "Stand neu laden" not in fertig
    download = lesen_client.get(reverse("aufgaben:datei", kwargs={"pk": aufgabe.pk}))
    assert b"".join(download.streaming_content).startswith(anfang)

    # The same state of the report again: done at once, the same file, nothing queued.
    lesen_client.post(reverse(f"monitoring:bericht_{format_}", kwargs={"jahr": 2025}))
    zweite = Aufgabe.objects.exclude(pk=aufgabe.pk).get()
    assert zweite.status == Aufgabe.Status.FERTIG
    assert zweite.datei.name == aufgabe.datei.name
    assert DBTaskResult.objects.count() == 1


def test_grosser_import_durch_die_warteschlange(redaktion_client, messwert_stamm):
    antwort = redaktion_client.post(
        IMPORT_URL, {"datei": SimpleUploadedFile("werte.csv", messwert_csv(520))}
    )
    vorschau = Aufgabe.objects.get()
    assert antwort.url == vorschau.get_absolute_url()
    assert (vorschau.art, vorschau.status, vorschau.zeilen) == ("import_pruefen", "wartet", 520)
    # The request did not read the file: the worker does.
    assert set(vorschau.eingabe) == {"datenart", "dateiname", "datei"}
    assert "520" in _seite(redaktion_client, vorschau)

    arbeiter_laufen_lassen()

    vorschau.refresh_from_db()
    assert vorschau.status == Aufgabe.Status.FERTIG
    assert set(vorschau.eingabe) == {"datenart", "dateiname", "tabelle", "pruefsumme"}
    assert not Messwert.objects.exists()  # the check wrote nothing
    seite = _seite(redaktion_client, vorschau)
    assert "Alle Zeilen sind gültig: 520 neu, 0 geändert, 0 unverändert" in seite
    assert f'action="{IMPORT_URL}"' in seite

    bestaetigt = redaktion_client.post(
        IMPORT_URL, {"aufgabe": vorschau.pk, "pruefsumme": vorschau.ergebnis["pruefsumme"]}
    )
    speichern = Aufgabe.objects.get(art=Aufgabe.Art.IMPORT_UEBERNEHMEN)
    assert bestaetigt.url == speichern.get_absolute_url()
    assert speichern.status == Aufgabe.Status.WARTET
    assert not Messwert.objects.exists()

    arbeiter_laufen_lassen()

    speichern.refresh_from_db()
    assert speichern.status == Aufgabe.Status.FERTIG
    assert Messwert.objects.count() == 520
    assert "Import abgeschlossen: 520 neu, 0 geändert, 0 unverändert." in _seite(
        redaktion_client, speichern
    )


def test_fehlgeschlagener_import_schreibt_nichts(
    redaktion_client, datenpflege_client, messwert_stamm, monkeypatch
):
    redaktion_client.post(IMPORT_URL, {"datei": SimpleUploadedFile("w.csv", messwert_csv(510))})
    arbeiter_laufen_lassen()
    vorschau = Aufgabe.objects.get()
    redaktion_client.post(
        IMPORT_URL, {"aufgabe": vorschau.pk, "pruefsumme": vorschau.ergebnis["pruefsumme"]}
    )

    # The database goes away in the middle of the write: 300 rows are written by then.
    schreiben = MESSWERTE.schreiben
    gezaehlt = []

    def abbrechen(zeile, benutzer):
        gezaehlt.append(zeile.nummer)
        if len(gezaehlt) > 300:
            raise RuntimeError("Verbindung zur Datenbank verloren")
        return schreiben(zeile, benutzer)

    monkeypatch.setattr(MESSWERTE, "schreiben", abbrechen)
    arbeiter_laufen_lassen()

    speichern = Aufgabe.objects.get(art=Aufgabe.Art.IMPORT_UEBERNEHMEN)
    assert speichern.status == Aufgabe.Status.FEHLGESCHLAGEN
    assert len(gezaehlt) == 301
    assert not Messwert.objects.exists()
    assert not Messwert.history.exists()
    eintrag = DBTaskResult.objects.get(id=speichern.task_id)
    assert eintrag.status == "FAILED"
    assert "Verbindung zur Datenbank verloren" in eintrag.traceback
    seite = _seite(redaktion_client, speichern)
    assert "fehlgeschlagen" in seite
    assert "Es wurde nichts gespeichert." in seite
    assert "RuntimeError" not in seite  # the technical detail is for the Datenpflege
    assert "RuntimeError: Verbindung zur Datenbank verloren" in _seite(
        datenpflege_client, speichern
    )


def test_erinnerungen_werden_eingereiht_und_vom_arbeiter_gesendet():
    stichtag = timezone.localdate()
    for name in ("anna", "ben"):
        projekt = ProjektskizzeFactory(verantwortlich=UserFactory(username=name))
        MeilensteinFactory(projekt=projekt, faellig_am=stichtag - datetime.timedelta(days=3))
    # Created long ago and never reported on: due as well (the same mail).
    Projektskizze.objects.update(erstellt_am=timezone.now() - datetime.timedelta(days=400))

    call_command("erinnerungen", stdout=None)

    assert mail.outbox == []  # cron's command only enqueues
    assert DBTaskResult.objects.filter(status="READY").count() == 2
    aufgaben = Aufgabe.objects.filter(art=Aufgabe.Art.ERINNERUNG)
    assert {a.status for a in aufgaben} == {"wartet"}
    assert {a.gestartet_von for a in aufgaben} == {None}

    arbeiter_laufen_lassen()

    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "ben@example.org"]
    assert {a.status for a in Aufgabe.objects.all()} == {"fertig"}


def test_arbeiter_schreibt_seinen_herzschlag():
    herzschlag_cache().delete(HERZSCHLAG_SCHLUESSEL)
    vorher = timezone.now()
    arbeiter_laufen_lassen()
    herzschlag = letzter_herzschlag()
    assert herzschlag is not None
    assert timezone.is_aware(herzschlag)
    assert vorher <= herzschlag <= timezone.now()
