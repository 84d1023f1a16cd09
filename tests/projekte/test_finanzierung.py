"""Funding of a measure on the staff pages (issue 10, point 4): add and edit through the
services, stale edits refused, history recorded, shown on the detail page, in the export."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projekte import services
from projekte.models import Finanzierung
from tests.factories import FinanzierungFactory, ProjektskizzeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _daten(**aenderungen) -> dict:
    daten = {
        "quelle": "bund",
        "programm": "Bundesprogramm Teilhabe",
        "betrag": "12.500,50",
        "status": "beantragt",
        "beantragt_am": "2025-03-01",
        "entschieden_am": "",
    }
    daten.update(aenderungen)
    return daten


def test_finanzierung_anlegen(redaktion_client, redaktion_user):
    projekt = ProjektskizzeFactory()
    version_vorher = projekt.version
    url = reverse("projekte:finanzierung_neu", args=[projekt.pk])
    formular = redaktion_client.get(url)
    assert 'name="einmalmarke"' in formular.content.decode()
    antwort = redaktion_client.post(url, _daten())
    assert antwort.status_code == 302
    assert antwort.url == projekt.get_absolute_url()
    finanzierung = Finanzierung.objects.get(projekt=projekt)
    assert finanzierung.betrag == Decimal("12500.50")
    assert finanzierung.history.latest().history_user == redaktion_user
    projekt.refresh_from_db()
    # Funding counts as a change of the measure (its forms opened before are stale).
    assert projekt.version == version_vorher + 1
    detail = redaktion_client.get(projekt.get_absolute_url()).content.decode()
    assert "Bundesprogramm Teilhabe" in detail
    assert "12.500,50 €" in detail
    assert reverse("projekte:finanzierung_bearbeiten", args=[finanzierung.pk]) in detail


def test_doppeltes_absenden_legt_nur_eine_finanzierung_an(redaktion_client):
    projekt = ProjektskizzeFactory()
    url = reverse("projekte:finanzierung_neu", args=[projekt.pk])
    daten = _daten(einmalmarke="m" * 43)
    assert redaktion_client.post(url, daten).status_code == 302
    assert redaktion_client.post(url, daten).status_code == 302
    assert Finanzierung.objects.filter(projekt=projekt).count() == 1


@pytest.mark.parametrize(
    ("aenderung", "meldung"),
    [
        ({"betrag": "-5"}, "Ein Betrag kann nicht negativ sein."),
        ({"betrag": "viel"}, "Zahl"),
        (
            {"beantragt_am": "2025-03-01", "entschieden_am": "2025-01-01"},
            "Die Entscheidung liegt vor dem Antrag.",
        ),
        ({"quelle": "mond"}, "mond"),
    ],
)
def test_falsche_eingaben_werden_klar_abgelehnt(redaktion_client, aenderung, meldung):
    projekt = ProjektskizzeFactory()
    antwort = redaktion_client.post(
        reverse("projekte:finanzierung_neu", args=[projekt.pk]), _daten(**aenderung)
    )
    assert antwort.status_code == 200
    assert meldung in antwort.content.decode()
    assert not Finanzierung.objects.exists()


def test_finanzierung_bearbeiten_und_veraltet(redaktion_client):
    finanzierung = FinanzierungFactory(programm="Alt", betrag=Decimal("100"))
    url = reverse("projekte:finanzierung_bearbeiten", args=[finanzierung.pk])
    geoeffnet = finanzierung.version
    # A colleague changes the status in between.
    services.finanzierung_aendern(
        finanzierung=finanzierung,
        benutzer=UserFactory(first_name="Klara", last_name="Kollegin"),
        erwartete_version=geoeffnet,
        daten={"status": "bewilligt"},
    )
    antwort = redaktion_client.post(
        url, _daten(programm="Meine Fassung", geoeffnete_version=geoeffnet)
    )
    assert antwort.status_code == 409
    inhalt = antwort.content.decode()
    assert "Klara Kollegin" in inhalt
    assert 'value="Meine Fassung"' in inhalt
    finanzierung.refresh_from_db()
    assert (finanzierung.programm, finanzierung.status) == ("Alt", "bewilligt")
    # Saving again on the version now shown is a deliberate decision and goes through.
    antwort = redaktion_client.post(
        url, _daten(programm="Meine Fassung", geoeffnete_version=finanzierung.version)
    )
    assert antwort.status_code == 302
    finanzierung.refresh_from_db()
    assert finanzierung.programm == "Meine Fassung"
    assert finanzierung.history.count() == 3


def test_rollen(rollen_client):
    finanzierung = FinanzierungFactory()
    urls = [
        reverse("projekte:finanzierung_neu", args=[finanzierung.projekt_id]),
        reverse("projekte:finanzierung_bearbeiten", args=[finanzierung.pk]),
    ]
    erwartet = {"anonym": 302, "lesen": 403, "redaktion": 200, "datenpflege": 200}
    for url in urls:
        antwort = rollen_client.get(url)
        assert antwort.status_code == erwartet[rollen_client.rolle], url
        if rollen_client.rolle == "anonym":
            assert antwort.url.startswith(reverse("login"))
        assert rollen_client.post(url, {}).status_code == erwartet[rollen_client.rolle]
    assert Finanzierung.objects.count() == 1


def test_export_hat_finanzierung_als_zahlen(lesen_client):
    projekt = ProjektskizzeFactory(titel="Mit Geld")
    FinanzierungFactory(
        projekt=projekt, quelle="land", betrag=Decimal("1000.50"), status="bewilligt"
    )
    FinanzierungFactory(projekt=projekt, quelle="eu", programm="", betrag=Decimal("250"))
    ProjektskizzeFactory(titel="Ohne Geld")
    export = reverse("projekte:projekt_export")
    datei = load_workbook(io.BytesIO(lesen_client.get(export, {"format": "xlsx"}).content))
    blatt = datei.active
    kopf = [z.value for z in blatt[1]]
    zeilen = {r[kopf.index("Titel")]: r for r in blatt.iter_rows(min_row=2, values_only=True)}
    mit = zeilen["Mit Geld"]
    assert mit[kopf.index("Finanzierung gesamt (EUR)")] == pytest.approx(1250.5)
    assert mit[kopf.index("davon bewilligt (EUR)")] == pytest.approx(1000.5)
    assert mit[kopf.index("davon beantragt (EUR)")] == pytest.approx(250)
    text = mit[kopf.index("Finanzierung (Mittelgeber, Programm, Antragsstatus)")]
    assert "Land, Starke Quartiere, starke Menschen (bewilligt)" in text
    assert "EU (beantragt)" in text
    assert zeilen["Ohne Geld"][kopf.index("Finanzierung gesamt (EUR)")] is None
    csv = lesen_client.get(export, {"format": "csv"}).content.decode("utf-8-sig")
    assert "1250,50" in csv or "1.250,50" in csv
