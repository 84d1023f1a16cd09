"""Backup and restore: dump, wipe, restore, and every object is back as it was — history rows
and uploaded files included; sessions and lockout records are left out."""

import datetime
import io
import json
import shutil
import tarfile

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection

from aktionsplan.rollen import DATENPFLEGE, REDAKTION
from aktionsplan.sperre import speichern
from konfiguration.sicherung import ausgelassene_apps
from monitoring.models import Messwert
from projekte.models import Ampel, Projektbeteiligung, Status
from tests import factories as f

AUF_POSTGRESQL = connection.vendor == "postgresql"
DATEIEN = {
    "videos/einführung in leichter sprache.mp4": bytes(range(256)) * 800,
    "importe/2026/messwerte.xlsx": b"PK\x03\x04" + b"\x00" * 2000,
    "bild.png": b"\x89PNG\r\n\x1a\n",
}


def _datensatz() -> None:
    heute = datetime.date(2026, 11, 2)
    redaktion = f.UserFactory(username="redaktion", rollen=[REDAKTION])
    f.UserFactory(username="datenpflege", rollen=[DATENPFLEGE])
    kommune = f.KommuneFactory(name="Stolberg", slug="stolberg")
    raum = f.RaumFactory(name="Büsbach", slug="buesbach", uebergeordnet=kommune)
    thema = f.ThemaFactory(name="Wohnen und öffentlicher Raum")
    plan = f.PlanFactory(name="Aktionsplan Inklusion", kurzname="AP")
    f.FortschreibungFactory(plan=plan)
    projekt = f.ProjektskizzeFactory(plan=plan, nummer=12, titel="Straße ohne Stufen")
    projekt.raeume.add(raum)
    projekt.zielgruppen.add(f.ZielgruppeFactory(name="Ältere"))
    projekt.unbrk_artikel.add(f.UNBRKArtikelFactory())
    f.SachstandFactory(
        projekt=projekt, datum=heute, status=Status.IN_UMSETZUNG, ampel=Ampel.KRITISCH
    )
    f.MeilensteinFactory(projekt=projekt, faellig_am=heute)
    f.FinanzierungFactory(projekt=projekt)
    akteur = f.AkteurFactory(name="Lebenshilfe e. V.")
    f.ProjektbeteiligungFactory(
        projekt=projekt, akteur=akteur, rolle=Projektbeteiligung.Rolle.FEDERFUEHREND
    )
    f.AnsprechpersonFactory(akteur=akteur)
    indikator = f.IndikatorFactory(datenquelle=f.DatenquelleFactory(akteur=akteur))
    indikator.themen.add(thema)
    f.MesswertFactory(indikator=indikator, raum=raum)
    f.ErkenntnisFactory()
    f.BeteiligungsformatFactory(plan=plan)
    # A change through the write path: a second history row with its user and reason.
    projekt.titel = "Straßen ohne Stufen"
    speichern(projekt, benutzer=redaktion, felder=["titel"], grund="Titel korrigiert")
    # What a backup leaves out: a session and a lockout record.
    sitzung = SessionStore()
    sitzung["_auth_user_id"] = str(redaktion.pk)
    sitzung.create()
    AccessAttempt.objects.create(
        username="kim", ip_address="10.0.0.1", user_agent="-", failures_since_start=3
    )


def _zeilen(modell) -> list:
    zeilen = serializers.serialize("python", modell._base_manager.order_by("pk"))
    if modell._meta.auto_created:
        # A many-to-many link table: its rows are pairs; their own numbers mean nothing (JSON
        # restores the pairs through the relation, not the numbers).
        return sorted(tuple(sorted(zeile["fields"].items())) for zeile in zeilen)
    return zeilen


def _stand() -> dict[str, list]:
    """Every row of every model the backup holds, in key order, field by field."""
    ausgelassen = set(ausgelassene_apps())
    return {
        modell._meta.label: _zeilen(modell)
        for modell in apps.get_models(include_auto_created=True)
        if modell._meta.app_label not in ausgelassen and modell._meta.managed
    }


def _dateien_anlegen(medien) -> None:
    for name, inhalt in DATEIEN.items():
        (medien / name).parent.mkdir(parents=True, exist_ok=True)
        (medien / name).write_bytes(inhalt)


def _dateien(medien) -> dict[str, bytes]:
    return {
        p.relative_to(medien).as_posix(): p.read_bytes() for p in medien.rglob("*") if p.is_file()
    }


ARTEN = [
    "json",
    pytest.param(
        "pg_dump",
        marks=pytest.mark.skipif(not AUF_POSTGRESQL, reason="pg_dump braucht PostgreSQL"),
    ),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("art", ARTEN)
def test_sichern_leeren_wiederherstellen_alles_wieder_gleich(art, tmp_path, settings):
    medien = tmp_path / "medien"
    settings.MEDIA_ROOT = medien
    _datensatz()
    _dateien_anlegen(medien)
    vorher = _stand()
    # The data set is what the test claims: history rows, m2m rows, measured values.
    verlauf = vorher["projekte.HistoricalProjektskizze"]
    assert {zeile["fields"]["titel"] for zeile in verlauf} == {
        "Straße ohne Stufen",
        "Straßen ohne Stufen",
    }
    assert verlauf[-1]["fields"]["history_change_reason"] == "Titel korrigiert"
    assert vorher["projekte.Projektskizze_raeume"]
    assert Messwert.objects.exists()
    archiv = tmp_path / "aktionsplan.tar"

    call_command("sichern", str(archiv), art=art, stdout=io.StringIO())

    with tarfile.open(archiv) as tar:
        namen = set(tar.getnames())
        inhalt = json.load(tar.extractfile("sicherung.json"))
    assert {f"medien/{name}" for name in DATEIEN} <= namen
    assert ("datenbank.dump" if art == "pg_dump" else "daten.json") in namen
    assert inhalt["art"] == art
    assert inhalt["medien_dateien"] == len(DATEIEN)

    # Wipe: the database emptied, the files gone, a stray file added.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(medien)
    (medien / "videos").mkdir(parents=True)
    (medien / "videos" / "nach der sicherung.mp4").write_bytes(b"neu")
    assert _stand()["projekte.Projektskizze"] == []

    ausgabe = io.StringIO()
    call_command("wiederherstellen", str(archiv), interactive=False, stdout=ausgabe)

    assert "Wiederhergestellt" in ausgabe.getvalue()
    assert _stand() == vorher
    assert _dateien(medien) == DATEIEN
    # Left out: nobody is logged in, no lockout survives.
    assert not Session.objects.exists()
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_json_sicherung_nur_in_eine_datenbank_mit_ihrem_migrationsstand(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "medien"
    f.ThemaFactory(name="Arbeit und Wirtschaft")
    archiv = tmp_path / "alt.tar"
    call_command("sichern", str(archiv), art="json", stdout=io.StringIO())
    # The same archive, as if written before a migration this code has.
    falsch = tmp_path / "falsch.tar"
    with tarfile.open(archiv) as quelle, tarfile.open(falsch, "w") as ziel:
        for mitglied in quelle.getmembers():
            daten = quelle.extractfile(mitglied).read()
            if mitglied.name == "sicherung.json":
                manifest = json.loads(daten)
                manifest["migrationen"] = manifest["migrationen"][:-1]
                daten = json.dumps(manifest).encode()
                mitglied.size = len(daten)
            ziel.addfile(mitglied, io.BytesIO(daten))
    vorher = _stand()
    with pytest.raises(CommandError, match="nicht den Migrationsstand der Sicherung"):
        call_command("wiederherstellen", str(falsch), interactive=False)
    assert _stand() == vorher


def test_keine_sicherung_wird_abgelehnt(tmp_path):
    fremd = tmp_path / "fremd.tar"
    fremd.write_bytes(b"kein tar")
    with pytest.raises(CommandError, match="keine Sicherung von aktionsplan"):
        call_command("wiederherstellen", str(fremd), interactive=False)


@pytest.mark.django_db
def test_eine_sicherung_ueberschreibt_nichts(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "medien"
    vorhanden = tmp_path / "vorhanden.tar"
    vorhanden.write_bytes(b"alt")
    with pytest.raises(CommandError, match="gibt es schon"):
        call_command("sichern", str(vorhanden), art="json")
    assert vorhanden.read_bytes() == b"alt"
