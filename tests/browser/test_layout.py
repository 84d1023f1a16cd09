"""Layout, login and info pages in real Chromium: axe-core, 320 px reflow, keyboard use."""

import pytest

from tests.browser.conftest import PASSWORT, anmelden, axe_pruefen
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
