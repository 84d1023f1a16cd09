"""The choropleth map in Chromium: no axe-core violation on the area comparison and the indicator
page with a map; every area of the map is reached with the Tab key and shows its focus; the
map links to the area's page."""

import pytest

from tests.browser.conftest import axe_pruefen
from tests.monitoring.test_indikatoren import daten_anlegen
from tests.monitoring.test_karte import umrisse_setzen

pytestmark = pytest.mark.django_db(transaction=True)


def test_raumvergleich_und_indikator_mit_karte(angemeldete_seite):
    indikator, _kommune, raeume, _ = daten_anlegen()
    umrisse_setzen(raeume.values())
    seite = angemeldete_seite("lesen")
    seite.goto(f"{seite.basis}/monitoring/raumvergleich/?indikator={indikator.pk}&jahr=2024")
    karte = seite.locator("svg.karte")
    assert karte.is_visible()
    assert karte.locator("a").count() == 4
    axe_pruefen(seite)
    # Keyboard: the first area link of the map takes the focus and shows it (a thicker outline).
    erster = karte.locator("a").first
    erster.focus()
    assert seite.evaluate("document.activeElement.closest('svg.karte') !== null")
    breite = erster.locator("path").evaluate("p => getComputedStyle(p).strokeWidth")
    assert breite == "4px"
    name = erster.get_attribute("aria-label").split(":")[0]
    seite.keyboard.press("Enter")
    seite.wait_for_load_state()
    assert seite.get_by_role("heading", level=1).inner_text() == name

    seite.goto(f"{seite.basis}{indikator.get_absolute_url()}")
    assert seite.locator("svg.karte a").count() == 4
    axe_pruefen(seite)


def test_karte_bei_320_px_ohne_seitliches_scrollen(angemeldete_seite):
    indikator, _kommune, raeume, _ = daten_anlegen()
    umrisse_setzen(raeume.values())
    seite = angemeldete_seite("lesen")
    seite.set_viewport_size({"width": 320, "height": 800})
    seite.goto(f"{seite.basis}{indikator.get_absolute_url()}")
    assert seite.locator("svg.karte").is_visible()
    assert seite.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
