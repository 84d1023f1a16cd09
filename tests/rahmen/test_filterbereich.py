"""The filters of every list page sit in one closed disclosure whose summary names the active
filters (templates/includes/_filter.html, aktionsplan_tags.aktive_filter): the results come
first at every width (issue 10, point 2)."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from projekte.models import Status
from tests.factories import AkteurFactory, DatenquelleFactory, ThemaFactory

pytestmark = pytest.mark.django_db

LISTEN = [
    "projekte:projekt_liste",
    "akteure:akteur_liste",
    "akteure:datenquelle_liste",
    "monitoring:indikator_liste",
    "monitoring:erkenntnis_liste",
    "monitoring:beteiligungsformat_liste",
    "querschnitt:aenderung_liste",
]


def _filterbereich(inhalt: str) -> tuple[str, str]:
    """(the <details> start tag, the summary's text) of the page's only filter box."""
    assert inhalt.count('class="kern-accordion filterbereich"') == 1
    start = re.search(r'<details class="kern-accordion filterbereich"[^>]*>', inhalt).group(0)
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", inhalt, re.S).group(1)
    return start, html.unescape(re.sub(r"<[^>]+>", "", summary)).strip()


@pytest.mark.parametrize("name", LISTEN)
def test_filter_geschlossen_ohne_gesetzte_filter(datenpflege_client, name):
    inhalt = datenpflege_client.get(reverse(name)).content.decode()
    start, summary = _filterbereich(inhalt)
    assert " open" not in start
    assert summary == "Filter (keine gesetzt)"
    # The form sits inside the box, before the results.
    assert (
        inhalt.index("filterbereich")
        < inhalt.index('<form method="get"')
        < inhalt.index('id="ergebnis"')
    )


def test_zusammenfassung_nennt_gesetzte_filter(datenpflege_client):
    thema = ThemaFactory(name="Wohnen")
    inhalt = datenpflege_client.get(
        reverse("projekte:projekt_liste"),
        {"status": Status.IN_UMSETZUNG, "thema": thema.pk, "q": " Schule ", "aktiv": ""},
    ).content.decode()
    start, summary = _filterbereich(inhalt)
    assert " open" not in start
    assert summary == (
        "Filter: Suche in Nummer, Titel und Kurzbeschreibung: „Schule“; Thema: Wohnen; "
        "Status: In Umsetzung"
    )


def test_zusammenfassung_suchauswahl_gewaehlt_und_gesucht(datenpflege_client):
    akteur = AkteurFactory(name="Versorgungsamt")
    DatenquelleFactory(akteur=akteur)
    url = reverse("akteure:datenquelle_liste")
    _, summary = _filterbereich(datenpflege_client.get(url, {"akteur": akteur.pk}).content.decode())
    assert summary == "Filter: Akteur: Versorgungsamt"
    # A new search term replaces the choice (aktionsplan.suchauswahl): only the term is named.
    _, summary = _filterbereich(
        datenpflege_client.get(url, {"akteur": akteur.pk, "akteur_suche": "amt"}).content.decode()
    )
    assert summary == "Filter: Akteur: „amt“"


def test_ungueltiger_filter_oeffnet_den_bereich(datenpflege_client):
    url = reverse("querschnitt:aenderung_liste")
    inhalt = datenpflege_client.get(url, {"von": "02.06.2026", "bis": "01.06.2026"}).content
    start, _ = _filterbereich(inhalt.decode())
    assert " open" in start
    assert "Das Datum „von“ liegt nach dem Datum „bis“." in inhalt.decode()


def test_datum_in_der_zusammenfassung_folgt_der_sprache(datenpflege_client):
    url = reverse("querschnitt:aenderung_liste")
    _, summary = _filterbereich(datenpflege_client.get(url, {"von": "01.06.2026"}).content.decode())
    assert summary == "Filter: von (Datum): 01.06.2026"
    with translation.override("en"):
        datenpflege_client.cookies["django_language"] = "en"
        _, summary = _filterbereich(
            datenpflege_client.get(url, {"von": "2026-06-01"}).content.decode()
        )
    assert summary == "Filters: from (date): 06/01/2026"


def test_treffer_einer_suche_halten_den_bereich_offen(datenpflege_client):
    AkteurFactory(name="Versorgungsamt")
    url = reverse("akteure:datenquelle_liste")
    inhalt = datenpflege_client.get(url, {"akteur_suche": "versorg"}).content.decode()
    start, summary = _filterbereich(inhalt)
    assert " open" in start
    assert summary == "Filter: Akteur: „versorg“"
    assert "Versorgungsamt</a>" in inhalt
