"""The indicator profile (issue 9, point 3): its page and the report's annex, the licence with
the installation's default, and the rule for overdue deliveries."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from akteure.models import Datenquelle
from aktionsplan.models import Raum
from monitoring.jahresbericht import jahresbericht_erstellen
from monitoring.lieferung import lieferstand
from monitoring.models import Indikator, Lizenz
from tests.factories import (
    DatenquelleFactory,
    IndikatorFactory,
    KommuneFactory,
    MesswertFactory,
    RaumFactory,
    ThemaFactory,
    UNBRKArtikelFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _steckbrief_indikator(**felder) -> Indikator:
    quelle = DatenquelleFactory(
        name="Schwerbehindertenstatistik",
        rhythmus=Datenquelle.Rhythmus.JAEHRLICH,
        veroeffentlichungsverzug_monate=6,
    )
    indikator = IndikatorFactory(
        name="Menschen mit Schwerbehinderung",
        beschreibung="Menschen mit gültigem Ausweis, GdB ab 50.",
        berechnung="Zahl der Ausweise zum 31.12. nach Wohnort.",
        qualitaetshinweise="Wohnortzuordnung über die Meldeadresse.",
        grenzen="Menschen ohne Antrag fehlen.",
        typ=Indikator.Typ.ERGEBNIS,
        verantwortlich=UserFactory(first_name="Petra", last_name="Pflege"),
        datenquelle=quelle,
        **felder,
    )
    indikator.unbrk_artikel.add(UNBRKArtikelFactory(nummer=27, titel="Arbeit und Beschäftigung"))
    return indikator


def test_steckbrief_zeigt_alle_angaben(lesen_client):
    indikator = _steckbrief_indikator(lizenz=Lizenz.CC_BY_4_0)
    MesswertFactory(indikator=indikator, jahr=2024, raum=KommuneFactory())
    html = lesen_client.get(
        reverse("monitoring:indikator_steckbrief", args=[indikator.pk])
    ).content.decode()
    for text in (
        "Menschen mit gültigem Ausweis, GdB ab 50.",
        "Zahl der Ausweise zum 31.12. nach Wohnort.",
        "Schwerbehindertenstatistik",
        indikator.datenquelle.akteur.name,
        "jährlich",
        "Veröffentlichung 6 Monate nach Ende des Zeitraums",
        "Werte bis 2024",
        "Wohnortzuordnung über die Meldeadresse.",
        "Menschen ohne Antrag fehlen.",
        "Art. 27 Arbeit und Beschäftigung",
        "Ergebnisindikator",
        "Petra Pflege",
        "Creative Commons Namensnennung 4.0 International (CC BY 4.0)",
        'href="https://creativecommons.org/licenses/by/4.0/"',
    ):
        assert text in html, text
    assert "Standardlizenz dieser Installation" not in html


@override_settings(STANDARDLIZENZ="dl-de-zero-2.0")
def test_ohne_eigene_lizenz_gilt_die_standardlizenz(lesen_client):
    indikator = _steckbrief_indikator()
    html = lesen_client.get(
        reverse("monitoring:indikator_steckbrief", args=[indikator.pk])
    ).content.decode()
    assert "Datenlizenz Deutschland – Zero – Version 2.0" in html
    assert "https://www.govdata.de/dl-de/zero-2-0" in html
    assert "Standardlizenz dieser Installation" in html


def test_lizenz_ausserhalb_der_liste_wird_abgelehnt():
    from django.core.exceptions import ValidationError

    indikator = IndikatorFactory.build(lizenz="proprietaer", datenquelle=None)
    with pytest.raises(ValidationError) as fehler:
        indikator.full_clean()
    assert "lizenz" in fehler.value.error_dict


def test_steckbrief_druckbar_ohne_inline_stile(lesen_client):
    indikator = _steckbrief_indikator()
    html = lesen_client.get(
        reverse("monitoring:indikator_steckbrief", args=[indikator.pk])
    ).content.decode()
    assert "style=" not in html
    assert "<style" not in html
    assert "css/bericht.css" in html
    css = (Path(settings.BASE_DIR) / "static/css/bericht.css").read_text()
    assert ".steckbrief-nicht-drucken" in css
    assert "@media print" in css


@pytest.mark.parametrize("rolle_client", ["lesen_client", "redaktion_client", "datenpflege_client"])
def test_steckbrief_fuer_jede_rolle(request, rolle_client):
    indikator = _steckbrief_indikator()
    client = request.getfixturevalue(rolle_client)
    url = reverse("monitoring:indikator_steckbrief", args=[indikator.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405


def test_steckbrief_anonym_zur_anmeldung(anonym_client):
    indikator = _steckbrief_indikator()
    antwort = anonym_client.get(reverse("monitoring:indikator_steckbrief", args=[indikator.pk]))
    assert antwort.status_code == 302
    assert antwort.url.startswith(reverse("login"))


@pytest.mark.parametrize("anzahl", [5, 50])
def test_steckbrief_abfragen(lesen_client, django_assert_num_queries, anzahl):
    indikator = _steckbrief_indikator()
    for i in range(anzahl):
        indikator.themen.add(ThemaFactory())
        # Areas of one Kommune: an installation with one (several would add the reader's
        # memberships, one query: tests/test_mandanten.py).
        MesswertFactory(indikator=indikator, jahr=2000 + i, raum=RaumFactory())
    for nummer in range(1, min(anzahl, 30)):
        indikator.unbrk_artikel.add(
            UNBRKArtikelFactory(nummer=nummer + 1 if nummer >= 27 else nummer)
        )
    # 1 session, 2 user, 3 groups (role check), 4 the indicator with source, actor, responsible
    # person and its latest year and delivery (subqueries), 5 its themes, 6 its UN-BRK articles
    with django_assert_num_queries(6):
        antwort = lesen_client.get(reverse("monitoring:indikator_steckbrief", args=[indikator.pk]))
    assert antwort.status_code == 200


# --- overdue deliveries ----------------------------------------------------------------------


@override_settings(LIEFERUNG_NACHFRIST_TAGE=30)
@pytest.mark.parametrize(
    ("heute", "ueberfaellig"),
    [(datetime.date(2026, 7, 30), False), (datetime.date(2026, 7, 31), True)],
)
def test_ueberfaellig_nach_periodenende_verzug_und_nachfrist(heute, ueberfaellig):
    """Values up to 2024; 2025 is expected at 31.12.2025 + 6 months (30.06.2026) + 30 days."""
    indikator = _steckbrief_indikator()
    stand = lieferstand(indikator, 2024, heute=heute)
    assert stand.erwartetes_jahr == 2025
    assert stand.faellig_am == datetime.date(2026, 7, 30)
    assert stand.ueberfaellig is ueberfaellig


def test_ohne_feste_erwartung_nie_ueberfaellig():
    indikator = _steckbrief_indikator(rhythmus=Datenquelle.Rhythmus.MEHRJAEHRLICH)
    assert not lieferstand(indikator, 2010, heute=datetime.date(2026, 1, 1)).ueberfaellig
    ohne_werte = IndikatorFactory(rhythmus=Datenquelle.Rhythmus.JAEHRLICH)
    assert lieferstand(ohne_werte, None).faellig_am is None


def test_eigener_rhythmus_vor_dem_der_quelle():
    indikator = _steckbrief_indikator(rhythmus=Datenquelle.Rhythmus.UNREGELMAESSIG)
    assert lieferstand(indikator, 2010).faellig_am is None
    indikator.rhythmus = ""
    assert lieferstand(indikator, 2010).ueberfaellig


def test_liste_markiert_und_filtert_ueberfaellige(lesen_client):
    kommune = KommuneFactory()
    alt = _steckbrief_indikator()
    MesswertFactory(indikator=alt, jahr=2015, raum=kommune)
    aktuell = IndikatorFactory(name="Aktueller Indikator", rhythmus=Datenquelle.Rhythmus.JAEHRLICH)
    MesswertFactory(indikator=aktuell, jahr=timezone.localdate().year, raum=kommune)
    html = lesen_client.get(reverse("monitoring:indikator_liste")).content.decode()
    assert html.count("Lieferung überfällig") == 1
    assert "Werte für 2016 erwartet bis" in html
    gefiltert = lesen_client.get(
        reverse("monitoring:indikator_liste"), {"lieferung": "ueberfaellig"}
    ).content.decode()
    assert alt.name in gefiltert
    assert aktuell.name not in gefiltert
    # and on the indicator's own page and profile
    assert "Lieferung überfällig" in lesen_client.get(alt.get_absolute_url()).content.decode()
    assert (
        "Lieferung überfällig"
        in lesen_client.get(
            reverse("monitoring:indikator_steckbrief", args=[alt.pk])
        ).content.decode()
    )


# --- the report's annex ----------------------------------------------------------------------


def test_steckbriefe_im_anhang_des_berichts_html_und_pdf(lesen_client, lesen_user):
    indikator = _steckbrief_indikator()
    Raum.objects.get_or_create(
        slug="testkommune", defaults={"name": "Testkommune", "ebene": Raum.Ebene.KOMMUNE}
    )
    MesswertFactory(
        indikator=indikator, jahr=2024, raum=Raum.objects.get(slug="testkommune"), wert=Decimal(10)
    )
    html = lesen_client.get(reverse("monitoring:bericht", kwargs={"jahr": 2024})).content.decode()
    assert "Anhang: Indikatorensteckbriefe" in html
    assert "Zahl der Ausweise zum 31.12. nach Wohnort." in html
    assert reverse("monitoring:indikator_steckbrief", args=[indikator.pk]) in html
    bericht = jahresbericht_erstellen(2024, nutzer=lesen_user)
    from django.template.loader import render_to_string

    pdf_html = render_to_string(
        "monitoring/bericht_pdf.html", {"bericht": bericht, "KOMMUNE_NAME": "Testkommune"}
    )
    assert "Anhang: Indikatorensteckbriefe" in pdf_html
    assert "Menschen ohne Antrag fehlen." in pdf_html
    # the licence's address is written out in the PDF, where a link cannot be followed
    assert re.search(
        r"Namensnennung – Version 2.0 \(https://www.govdata.de/dl-de/by-2-0\)", pdf_html
    )
