"""The audit page in a real browser: a data steward finds it in the navigation, filters and
pages without JavaScript, opens an entry; axe-core finds no WCAG violation (also at 320 px)."""

import pytest
from django.utils import timezone

from aktionsplan.rollen import DATENPFLEGE
from querschnitt.aenderungen import PRO_SEITE
from tests.browser.conftest import PASSWORT, anmelden, axe_pruefen
from tests.factories import AkteurFactory, ProjektskizzeFactory, ThemaFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def daten():
    pflege = UserFactory(
        username="pflege", first_name="Petra", last_name="Pflege", rollen=[DATENPFLEGE]
    )
    thema = ThemaFactory(name="Wohnen")
    # More changes than one page holds, by Petra.
    for i in range(PRO_SEITE + 5):
        thema.beschreibung = f"Fassung {i}"
        thema._history_user = pflege
        thema.save()
    projekt = ProjektskizzeFactory(titel="Barrierefreies Rathaus")
    projekt.titel = "Barrierefreies Rathaus und Bürgerbüro"
    projekt._history_user = pflege
    projekt._history_date = timezone.now()
    projekt.save()
    akteur = AkteurFactory(name="Verein, den es nicht mehr gibt")
    akteur._history_user = pflege
    akteur.delete()
    return {"pflege": pflege}


def test_datenpflege_findet_filtert_und_blaettert_ohne_javascript(browser, live_server, daten):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="de-DE", java_script_enabled=False
    )
    seite = context.new_page()
    seite.basis = live_server.url
    try:
        anmelden(seite, "pflege", PASSWORT)
        seite.get_by_role("navigation", name="Hauptnavigation").get_by_role(
            "link", name="Letzte Änderungen"
        ).click()
        seite.wait_for_load_state()
        assert seite.get_by_role("heading", level=1).inner_text() == "Letzte Änderungen"
        zeilen = seite.locator("tbody tr")
        assert zeilen.count() == PRO_SEITE
        assert "Verein, den es nicht mehr gibt (gelöscht)" in " ".join(zeilen.all_inner_texts())

        # People are searched, not listed: the term lists the matches, a link narrows to one,
        # and the choice stays in the form for the next filter.
        seite.locator("summary").click()
        seite.get_by_label("Person").fill("PFLEGE")
        seite.get_by_role("button", name="Filter anwenden").click()
        seite.wait_for_load_state()
        # The matches keep the filter box open.
        seite.get_by_role("list", name="Treffer").get_by_role("link", name="Petra Pflege").click()
        seite.wait_for_load_state()
        seite.locator("summary").click()
        assert "Gewählt: Petra Pflege" in seite.get_by_role("form", name="Filter").inner_text()
        seite.get_by_label("Art der Daten").select_option(label="Thema")
        seite.get_by_role("button", name="Filter anwenden").click()
        seite.wait_for_load_state()
        assert zeilen.count() == PRO_SEITE
        assert all("Thema" in t for t in zeilen.all_inner_texts())

        seite.get_by_role("link", name="Ältere Änderungen").click()
        seite.wait_for_load_state()
        assert zeilen.count() == 5
        assert seite.locator("summary").inner_text() == (
            "Filter: Person: Petra Pflege; Art der Daten: Thema"
        )
        assert seite.get_by_label("Art der Daten").input_value() == "aktionsplan-thema"

        zeilen.first.get_by_role("link", name="ansehen").click()
        seite.wait_for_load_state()
        assert "Thema geändert" in seite.get_by_role("heading", level=1).inner_text()
        assert seite.get_by_role("rowheader", name="Beschreibung").count() == 1
    finally:
        context.close()


def test_liste_und_eintrag_barrierefrei(angemeldete_seite, daten):
    seite = angemeldete_seite("datenpflege")
    seite.goto(f"{seite.basis}/aenderungen/")
    axe_pruefen(seite)
    seite.get_by_role("link", name="ansehen").first.click()
    seite.wait_for_load_state()
    axe_pruefen(seite)
    # A filter form with an error.
    seite.goto(f"{seite.basis}/aenderungen/?von=2025-03-05&bis=2025-03-01")
    assert seite.get_by_role("alert").count() == 1
    axe_pruefen(seite)


def test_liste_schmal(schmale_seite, daten):
    anmelden(schmale_seite, "pflege", PASSWORT)
    schmale_seite.goto(f"{schmale_seite.basis}/aenderungen/")
    assert schmale_seite.evaluate("document.documentElement.scrollWidth") <= 320
    axe_pruefen(schmale_seite)
