"""Layout, login and info pages in real Chromium: axe-core, 320 px reflow, keyboard use."""

import pytest

from tests.browser.conftest import PASSWORT, ROLLEN, anmelden, axe_pruefen
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _aktives_element(page) -> dict:
    return page.evaluate(
        "() => ({tag: document.activeElement.tagName, id: document.activeElement.id,"
        " text: document.activeElement.textContent.trim()})"
    )


def test_axe_anmeldeseite(seite):
    seite.goto(f"{seite.basis}/konto/anmelden/")
    assert seite.get_by_role("heading", level=1).inner_text() == "Anmelden"
    axe_pruefen(seite)


def test_axe_anmeldeseite_mit_falschem_passwort(seite):
    UserFactory(username="kim")
    anmelden(seite, "kim", "falsches-passwort")
    zusammenfassung = seite.get_by_role("alert")
    assert "Bitte korrigieren Sie die folgenden Angaben" in zusammenfassung.inner_text()
    assert seite.get_by_label("Benutzername").input_value() == "kim"
    axe_pruefen(seite)


def test_axe_leere_anmeldung_fehlerlinks_springen_zum_feld(seite):
    seite.goto(f"{seite.basis}/konto/anmelden/")
    seite.get_by_role("button", name="Anmelden").click()
    seite.wait_for_load_state()
    axe_pruefen(seite)
    seite.get_by_role("link", name="Passwort: Dieses Feld ist zwingend erforderlich.").click()
    assert _aktives_element(seite)["id"] == "id_password"


def test_axe_barrierefreiheitserklaerung(seite):
    seite.goto(f"{seite.basis}/barrierefreiheit/")
    assert seite.get_by_role("heading", level=1).inner_text() == "Erklärung zur Barrierefreiheit"
    axe_pruefen(seite)


@pytest.mark.parametrize("pfad", ["/impressum/", "/datenschutz/"])
def test_axe_weitere_infoseiten(seite, pfad):
    seite.goto(f"{seite.basis}{pfad}")
    axe_pruefen(seite)


def _kein_waagrechtes_scrollen(page) -> None:
    breite = page.evaluate("() => document.documentElement.scrollWidth")
    assert breite <= 320, f"Seite ist {breite} px breit"


def test_axe_anmeldeseite_320px(schmale_seite):
    schmale_seite.goto(f"{schmale_seite.basis}/konto/anmelden/")
    axe_pruefen(schmale_seite)
    _kein_waagrechtes_scrollen(schmale_seite)


def test_angemeldetes_layout_320px(schmale_seite, angemeldete_seite):
    # Navigation, user menu and language switch all wrap instead of widening the page.
    seite = angemeldete_seite("datenpflege", page=schmale_seite)
    seite.goto(f"{seite.basis}/konto/passwort/")
    assert seite.get_by_role("link", name="Datenpflege (Admin)").is_visible()
    axe_pruefen(seite)
    _kein_waagrechtes_scrollen(seite)


def test_axe_angemeldetes_layout_mit_formularfehlern(angemeldete_seite):
    seite = angemeldete_seite("lesen")
    seite.goto(f"{seite.basis}/konto/passwort/")
    seite.get_by_label("Altes Passwort").fill("falsch")
    seite.get_by_role("main").get_by_role("button", name="Passwort ändern").click()
    seite.wait_for_load_state()
    assert seite.get_by_role("alert").is_visible()
    axe_pruefen(seite)


def test_sprunglink_ist_erster_tabstopp_und_fuehrt_zum_inhalt(seite):
    seite.goto(f"{seite.basis}/barrierefreiheit/")
    seite.keyboard.press("Tab")
    aktiv = _aktives_element(seite)
    assert (aktiv["tag"], aktiv["text"]) == ("A", "Zum Inhalt springen")
    # Visible once focused (it sits off-screen otherwise).
    assert seite.get_by_role("link", name="Zum Inhalt springen").is_visible()
    seite.keyboard.press("Enter")
    assert _aktives_element(seite)["id"] == "inhalt"
    # The next Tab continues inside the main content, not in the header.
    seite.keyboard.press("Tab")
    assert seite.evaluate(
        "() => document.getElementById('inhalt').contains(document.activeElement)"
    )


def test_anmelden_nur_mit_tastatur(seite):
    UserFactory(username="kim")
    seite.goto(f"{seite.basis}/konto/anmelden/")
    for _ in range(15):
        seite.keyboard.press("Tab")
        if _aktives_element(seite)["id"] == "id_username":
            break
    assert _aktives_element(seite)["id"] == "id_username"
    seite.keyboard.type("kim")
    seite.keyboard.press("Tab")
    assert _aktives_element(seite)["id"] == "id_password"
    seite.keyboard.type(PASSWORT)
    with seite.expect_navigation():
        seite.keyboard.press("Enter")
    assert seite.url == f"{seite.basis}/"
    seite.goto(f"{seite.basis}/konto/passwort/")
    assert seite.get_by_role("heading", level=1).inner_text() == "Passwort ändern"
    assert seite.get_by_role("button", name="Abmelden").is_visible()


def test_abmelden_mit_der_schaltflaeche(angemeldete_seite):
    seite = angemeldete_seite("lesen")
    seite.goto(f"{seite.basis}/konto/passwort/")
    seite.get_by_role("button", name="Abmelden").click()
    seite.wait_for_load_state()
    assert seite.url == f"{seite.basis}/konto/anmelden/"
    assert seite.get_by_role("heading", level=1).inner_text() == "Anmelden"


def test_sprachwahl_ohne_javascript(browser, live_server):
    kontext = browser.new_context(java_script_enabled=False, locale="de-DE")
    seite = kontext.new_page()
    try:
        seite.goto(f"{live_server.url}/konto/anmelden/")
        seite.get_by_label("Sprache").select_option("en")
        seite.get_by_role("button", name="Sprache wechseln").click()
        seite.wait_for_load_state()
        assert seite.url == f"{live_server.url}/konto/anmelden/"
        assert seite.locator("html").get_attribute("lang") == "en"
    finally:
        kontext.close()


# --- Layouts that hold (issue 10, point 2): overview, measure list and indicator page at 320,
# 1280 and 1440 px. Screenshots go to $BILDSCHIRMFOTOS (else the test's temporary directory);
# look at them when the layout changes.

BREITEN = (320, 1280, 1440)
SEITEN = {
    "uebersicht": "/",
    "massnahmen": "/massnahmen/",
    "indikator": None,  # the indicator's own page, from the data
}
# Every caption inside its scroll region, i.e. none of its text lies beyond the visible part.
_BESCHRIFTUNGEN_AUSSERHALB = """() => [...document.querySelectorAll('caption')].filter(c => {
  const region = c.closest('.kern-table-responsive, .tabelle-scroll');
  if (!region) return false;
  const r = c.getBoundingClientRect(), g = region.getBoundingClientRect();
  return r.left < g.left - 1 || r.right > g.right + 1;
}).map(c => c.id || c.textContent.trim())"""


@pytest.fixture
def layoutdaten():
    """Eight years (2018-2025) of an indicator for a Kommune and four Sozialräume, the newest
    provisional, and a plan with measures in two themes."""
    from decimal import Decimal

    from projekte.models import Ampel, Status
    from tests.factories import (
        MesswertFactory,
        ProjektskizzeFactory,
        SachstandFactory,
        ThemaFactory,
    )
    from tests.monitoring.test_indikatoren import daten_anlegen

    indikator, kommune, raeume, _ = daten_anlegen(name="Menschen mit Schwerbehinderung")
    for jahr in range(2018, 2024):
        for i, raum in enumerate([kommune, *raeume.values()]):
            MesswertFactory(indikator=indikator, raum=raum, jahr=jahr, wert=Decimal(5000 + i))
    indikator.messwerte.filter(jahr=2025).update(vorlaeufig=True)
    themen = [ThemaFactory(name=n, reihenfolge=i) for i, n in enumerate(("Wohnen", "Arbeit"))]
    for nummer in range(1, 13):
        projekt = ProjektskizzeFactory(
            nummer=nummer, titel=f"Maßnahme {nummer}", hauptthema=themen[nummer % 2]
        )
        SachstandFactory(projekt=projekt, status=Status.IN_UMSETZUNG, ampel=Ampel.IM_PLAN)
    return indikator


@pytest.mark.parametrize("breite", BREITEN)
def test_seiten_halten_bei_320_1280_und_1440_px(
    browser, live_server, layoutdaten, breite, tmp_path
):
    import os
    from pathlib import Path

    ordner = Path(os.environ.get("BILDSCHIRMFOTOS") or tmp_path)
    ordner.mkdir(parents=True, exist_ok=True)
    user = UserFactory(username="layout", rollen=[ROLLEN["redaktion"]])
    kontext = browser.new_context(viewport={"width": breite, "height": 900}, locale="de-DE")
    seite = kontext.new_page()
    seite.basis = live_server.url
    try:
        anmelden(seite, user.username)
        for name, pfad in SEITEN.items():
            pfad = pfad or layoutdaten.get_absolute_url()
            antwort = seite.goto(f"{seite.basis}{pfad}")
            assert antwort.status == 200
            print(f"{name} bei {breite} px: {len(antwort.body())} Bytes")
            seite.screenshot(path=str(ordner / f"{name}-{breite}.png"), full_page=True)
            # No horizontal scrolling of the page; tables scroll inside their own region.
            assert seite.evaluate(
                "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
            ), f"{pfad} ist bei {breite} px breiter als das Fenster"
            assert seite.evaluate(_BESCHRIFTUNGEN_AUSSERHALB) == []
            axe_pruefen(seite)

            if name == "massnahmen":
                # The filters are closed and the results come right after them.
                filter_ = seite.locator("details.filterbereich")
                assert filter_.get_attribute("open") is None
                assert not seite.get_by_label("Status").is_visible()
                unten = filter_.bounding_box()
                ergebnis = seite.locator("#ergebnis").bounding_box()
                assert 0 < ergebnis["y"] - (unten["y"] + unten["height"]) < 100
                assert ergebnis["y"] < 1000
            if name == "indikator" and breite >= 1280:
                # The value table shows its last column (the newest year) without scrolling the
                # page or the table's own region.
                letzte = seite.locator("#zeitreihe-tabelle-titel + thead th").last
                assert letzte.inner_text() == "2025"
                region = seite.locator(".kern-table-responsive", has=letzte)
                assert region.evaluate("r => r.scrollWidth <= r.clientWidth")
                kasten = letzte.bounding_box()
                assert (
                    kasten["x"] + kasten["width"]
                    <= region.bounding_box()["x"] + region.bounding_box()["width"] + 1
                )
                assert kasten["x"] + kasten["width"] <= breite
                zelle = (
                    seite.locator("#zeitreihe-tabelle-titel ~ tbody tr").first.locator("td").last
                )
                assert "(vorläufig)" in zelle.inner_text()
                assert zelle.is_visible()
    finally:
        kontext.close()
