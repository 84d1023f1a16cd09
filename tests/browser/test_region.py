"""The regional views in Chromium (issue 12, point 2): the overview, the indicator comparison and
the regional yearly report pass axe-core at 1280 and 320 px; at 320 px the page does not scroll
sideways (wide tables scroll inside their own focusable region)."""

import datetime

import pytest

from aktionsplan.rollen import LESEN
from monitoring.models import Berichtsfassung
from tests.browser.conftest import anmelden, axe_pruefen
from tests.factories import BerichtsfassungFactory, UserFactory
from tests.region.test_regionsicht import JAHR, region_anlegen

pytestmark = pytest.mark.django_db(transaction=True)

_BREITER_ALS_FENSTER = (
    "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
)


@pytest.mark.parametrize("breite", [320, 1280])
def test_regionsseiten_ohne_axe_verstoss(browser, live_server, breite):
    region = region_anlegen()
    BerichtsfassungFactory(
        jahr=JAHR,
        kommune=region["a"]["kommune"],
        status=Berichtsfassung.Status.BESCHLOSSEN,
        gremium="Sozialausschuss",
        beschluss_datum=datetime.date(2026, 3, 1),
    )
    user = UserFactory(username="browser-region", rollen=[LESEN])  # the whole region
    kontext = browser.new_context(viewport={"width": breite, "height": 900}, locale="de-DE")
    seite = kontext.new_page()
    seite.basis = live_server.url
    try:
        anmelden(seite, user.username)
        # The navigation leads there.
        seite.get_by_role("navigation", name="Hauptnavigation").get_by_role(
            "link", name="Region"
        ).click()
        seite.wait_for_load_state()
        for pfad in (
            "/region/",
            f"/region/indikatoren/?indikator={region['arbeitslose'].pk}",
            "/region/indikatoren/",
            "/region/jahresbericht/",
            f"/region/jahresbericht/{JAHR}/",
            f"/region/jahresbericht/{JAHR}/pdf/",
        ):
            if pfad != "/region/":
                seite.goto(f"{seite.basis}{pfad}")
            assert seite.get_by_role("heading", level=1).is_visible(), pfad
            assert not seite.evaluate(_BREITER_ALS_FENSTER), f"{pfad} bei {breite} px zu breit"
            axe_pruefen(seite)
        # A count of the status matrix leads to the filtered measure list.
        seite.goto(f"{seite.basis}/region/")
        seite.locator("#statusmatrix-caption").wait_for()
        tabelle = seite.locator("table", has=seite.locator("#statusmatrix-caption"))
        tabelle.get_by_role("link", name="2").first.click()
        seite.wait_for_load_state()
        assert "Aachen-Land Maßnahme 0" in seite.content()
    finally:
        kontext.close()


def test_raumvergleich_der_region_waehlt_die_kommune(browser, live_server):
    """A person for the whole region chooses the Kommune whose Sozialräume are compared (issue
    12): only that Kommune's areas in bars, table and map; no axe-core violation."""
    from tests.region.test_raumseiten import JAHR as VERGLEICHSJAHR
    from tests.region.test_raumseiten import region_anlegen as raumregion_anlegen

    region = raumregion_anlegen()
    user = UserFactory(username="browser-raumvergleich", rollen=[LESEN])
    kontext = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    seite = kontext.new_page()
    seite.basis = live_server.url
    try:
        anmelden(seite, user.username)
        seite.goto(f"{seite.basis}/monitoring/raumvergleich/")
        seite.get_by_label("Kommune (Pflichtfeld)").select_option(label="Eschweiler")
        seite.get_by_label("Indikator (Pflichtfeld)").select_option(label=region["anzahl"].name)
        seite.get_by_label("Jahr (Pflichtfeld)").select_option(str(VERGLEICHSJAHR))
        seite.get_by_role("button", name="Vergleichen").click()
        seite.wait_for_load_state()
        assert seite.get_by_text("Ganze Kommune (Eschweiler):").is_visible()
        tabelle = seite.locator("table", has=seite.locator("#vergleich-caption"))
        zeilen = tabelle.locator("tbody th").all_inner_texts()
        assert zeilen == ["Eschweiler Ost", "Eschweiler West"]
        assert seite.locator("svg.karte a").count() == 2
        assert seite.get_by_label("Kommune (Pflichtfeld)").input_value() == str(
            region["kommunen"]["Eschweiler"].pk
        )
        axe_pruefen(seite)
    finally:
        kontext.close()
