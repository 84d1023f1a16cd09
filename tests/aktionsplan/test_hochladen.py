"""Uploads are limited in size per kind (issue 8): imports 10 MB by default, configurable."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from aktionsplan.hochladen import ZuGrosseDatei, grenze
from monitoring.models import Messwert
from tests.aktionsplan.test_settings import settings_laden

ZEHN_MB = 10 * 1024 * 1024


def test_importe_duerfen_zehn_mb_gross_sein():
    assert grenze("import") == ZEHN_MB


def test_grenze_ist_einstellbar():
    programm = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.UPLOAD_GRENZEN['import'])"
    )
    ergebnis = settings_laden(programm=programm, DEBUG="1", UPLOAD_IMPORT_MAX_MB="25")
    assert ergebnis.stdout.strip() == str(25 * 1024 * 1024), ergebnis.stderr
    ergebnis = settings_laden(programm=programm, DEBUG="1", UPLOAD_IMPORT_MAX_MB="0")
    assert ergebnis.returncode != 0
    assert "UPLOAD_IMPORT_MAX_MB muss mindestens 1 sein" in ergebnis.stderr


@pytest.mark.django_db
def test_eine_datei_ueber_zehn_mb_wird_abgelehnt(redaktion_client):
    inhalt = b"Indikator;Jahr;Raum;Wert\r\n" + b"x;2024;y;1\r\n" * (ZEHN_MB // 11 + 1)
    assert len(inhalt) > ZEHN_MB
    antwort = redaktion_client.post(
        reverse("monitoring:messwert_import"),
        {"datei": SimpleUploadedFile("werte.csv", inhalt, content_type="text/csv")},
    )
    assert antwort.status_code == 200
    assert antwort.context["form"].errors["datei"] == [
        "Die Datei ist zu groß: erlaubt sind höchstens 10,0\xa0MB. Bitte teilen Sie sie auf."
    ]
    assert not Messwert.objects.exists()


def test_ueber_der_grenze_wird_nichts_aufbewahrt(settings):
    """Beyond the largest limit the upload keeps no more bytes (neither in memory nor on disk);
    the form still learns the real size."""
    settings.UPLOAD_GRENZEN = {"import": 1000}
    anfrage = RequestFactory().post(
        "/", {"datei": SimpleUploadedFile("gross.csv", b"x" * 5000), "klein": "1"}
    )
    datei = anfrage.FILES["datei"]
    assert isinstance(datei, ZuGrosseDatei)
    assert datei.size == 5000
    assert datei.read() == b""
    assert anfrage.POST["klein"] == "1"
    anfrage = RequestFactory().post("/", {"datei": SimpleUploadedFile("klein.csv", b"x" * 999)})
    assert anfrage.FILES["datei"].read() == b"x" * 999


@pytest.mark.django_db
def test_die_grenze_gilt_je_art(datenpflege_client, settings):
    settings.UPLOAD_GRENZEN = {"import": 1000, "video": 10_000}
    antwort = datenpflege_client.post(
        reverse("admin:aktionsplan_raum_import"),
        {"datei": SimpleUploadedFile("raeume.csv", b"Name;Ebene\r\n" + b"x;Kommune\r\n" * 200)},
    )
    assert antwort.context["form"].errors["datei"] == [
        "Die Datei ist zu groß: erlaubt sind höchstens 1000\xa0Bytes. Bitte teilen Sie sie auf."
    ]
