"""A choice over many rows in a form (aktionsplan.suchauswahl.SuchAuswahlWidget), as a person
uses it: with the keyboard alone, without JavaScript, accessible (axe), and at 320 px."""

import os

import pytest

from aktionsplan.suchauswahl import KLEINE_AUSWAHL
from monitoring.models import Erkenntnis
from tests.browser.conftest import axe_pruefen
from tests.factories import PlanFactory, ProjektskizzeFactory, ThemaFactory

BILDER = os.environ.get("BROWSER_BILDER")


@pytest.fixture
def massnahmen(transactional_db):
    plan, thema = PlanFactory(), ThemaFactory()
    return [
        ProjektskizzeFactory(plan=plan, hauptthema=thema, titel=f"Lotsendienst Stadtteil {i:02d}")
        for i in range(KLEINE_AUSWAHL + 10)
    ]


def test_suchen_ankreuzen_speichern_mit_der_tastatur(seite, angemeldete_seite, massnahmen):
    """The search needs no JavaScript (a plain form submission; the server tests in
    tests/aktionsplan/test_suchauswahl_formular.py send exactly what a browser without it sends).
    """
    page = angemeldete_seite("redaktion", seite)
    page.goto(f"{page.basis}/monitoring/erkenntnisse/neu/")
    page.locator("#id_titel").fill("Lotsen fehlen im Süden")
    page.locator("#id_text").fill("Beim Stadtteilgespräch genannt.")
    page.locator("#id_datum").fill("2025-04-10")
    page.locator("#id_quelle").select_option("veranstaltung")
    axe_pruefen(page)
    suche = page.get_by_role("searchbox", name="Weitere suchen").first
    suche.fill("stadtteil 1")
    suche.press("Enter")
    page.wait_for_load_state()
    # The other input is kept, the matches can be ticked.
    assert page.locator("#id_titel").input_value() == "Lotsen fehlen im Süden"
    treffer = page.get_by_role("checkbox", name="Lotsendienst Stadtteil 12")
    treffer.focus()
    page.keyboard.press("Space")
    assert treffer.is_checked()
    axe_pruefen(page)
    if BILDER:
        page.screenshot(path=f"{BILDER}/suchauswahl.png", full_page=True)
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    erkenntnis = Erkenntnis.objects.get(titel="Lotsen fehlen im Süden")
    assert [p.titel for p in erkenntnis.projekte.all()] == ["Lotsendienst Stadtteil 12"]


def test_schmal_320px(schmale_seite, angemeldete_seite, massnahmen):
    page = angemeldete_seite("redaktion", schmale_seite)
    page.goto(f"{page.basis}/monitoring/erkenntnisse/neu/")
    suche = page.get_by_role("searchbox", name="Weitere suchen").first
    suche.fill("Lotsen")
    suche.press("Enter")
    page.wait_for_load_state()
    breite = page.evaluate("document.documentElement.scrollWidth")
    assert breite <= 320
    axe_pruefen(page)
