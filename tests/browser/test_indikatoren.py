"""Indicator pages in Chromium: no axe-core violation on list, detail with chart, area
comparison, a value form with errors, the import preview, and the detail at 320 px."""

from decimal import Decimal

import pytest

from tests.browser.conftest import anmelden, axe_pruefen
from tests.factories import IndikatorFactory, MesswertFactory, UserFactory
from tests.monitoring.test_indikatoren import daten_anlegen

pytestmark = pytest.mark.django_db(transaction=True)


def test_liste_und_detail(angemeldete_seite):
    indikator, _kommune, _raeume, _ = daten_anlegen()
    seite = angemeldete_seite("lesen")
    seite.goto(f"{seite.basis}/monitoring/indikatoren/")
    assert seite.get_by_role("heading", level=1).inner_text() == "Indikatoren"
    axe_pruefen(seite)
    seite.get_by_role("link", name=indikator.name).click()
    seite.wait_for_load_state()
    diagramm = seite.locator('svg[role="img"]')
    assert diagramm.is_visible()
    titel_id = diagramm.get_attribute("aria-labelledby")
    assert seite.locator(f"#{titel_id}").text_content() == f"{indikator.name} – Zeitreihe"
    axe_pruefen(seite)
    # choose areas for the chart without JavaScript: a plain GET form
    seite.get_by_label("Atsch").check()
    seite.get_by_role("button", name="Diagramm anzeigen").click()
    seite.wait_for_load_state()
    assert "< 3" in seite.locator("svg.diagramm").text_content()
    axe_pruefen(seite)


def test_raumvergleich(angemeldete_seite):
    indikator, *_ = daten_anlegen()
    seite = angemeldete_seite("lesen")
    seite.goto(f"{seite.basis}/monitoring/raumvergleich/")
    axe_pruefen(seite)
    seite.locator("#id_indikator").select_option(str(indikator.pk))
    seite.locator("#id_jahr").select_option("2024")
    seite.get_by_role("button", name="Vergleichen").click()
    seite.wait_for_load_state()
    assert seite.locator("svg.diagramm").count() == 1
    axe_pruefen(seite)


def test_raumvergleich_je_1000_und_quote(angemeldete_seite):
    """The comparison per 1,000 inhabitants and a computed rate's page (issue 9)."""
    indikator, kommune, raeume, _ = daten_anlegen()
    einwohner = IndikatorFactory(name="Einwohnerzahl", ist_einwohnerzahl=True)
    quote = IndikatorFactory(
        name="je 1.000",
        ist_fallzahl=False,
        berechnet=True,
        zaehler=indikator,
        nenner=einwohner,
        faktor=1000,
    )
    for i, raum in enumerate([kommune, *raeume.values()]):
        MesswertFactory(indikator=einwohner, jahr=2024, raum=raum, wert=Decimal(4000 + 100 * i))
    seite = angemeldete_seite("lesen")
    seite.goto(f"{seite.basis}/monitoring/raumvergleich/")
    seite.locator("#id_indikator").select_option(str(indikator.pk))
    seite.locator("#id_jahr").select_option("2024")
    seite.locator("#id_bezug").select_option("je1000")
    seite.get_by_role("button", name="Vergleichen").click()
    seite.wait_for_load_state()
    assert seite.locator("svg.diagramm").count() == 1
    assert "•" in seite.locator("svg.diagramm").text_content()
    axe_pruefen(seite)
    seite.goto(f"{seite.basis}{quote.get_absolute_url()}")
    assert "berechnet je Raum und Jahr" in seite.content()
    axe_pruefen(seite)


def test_wertformular_mit_fehlern(angemeldete_seite):
    indikator, *_ = daten_anlegen()
    seite = angemeldete_seite("redaktion")
    seite.goto(f"{seite.basis}/monitoring/indikatoren/{indikator.pk}/werte/neu/")
    seite.locator("#id_wert").fill("viele")
    seite.get_by_role("button", name="Speichern").click()
    seite.wait_for_load_state()
    assert seite.locator('[aria-invalid="true"]').count() >= 1
    axe_pruefen(seite)


def test_importvorschau(angemeldete_seite, tmp_path):
    daten_anlegen()
    datei = tmp_path / "werte.csv"
    datei.write_bytes(
        "Indikator;Jahr;Raum;Wert\r\nArbeitslose schwerbehinderte Menschen;2026;Atsch;1\r\n"
        "Arbeitslose schwerbehinderte Menschen;2026;Nirgendwo;4\r\n".encode("cp1252")
    )
    seite = angemeldete_seite("redaktion")
    seite.goto(f"{seite.basis}/monitoring/indikatoren/import/")
    axe_pruefen(seite)
    seite.get_by_label("Datei (CSV oder XLSX)").set_input_files(str(datei))
    seite.get_by_role("button", name="Datei prüfen").click()
    seite.wait_for_load_state()
    assert "Zeile 3, Spalte „Raum“" in seite.content()
    assert "&lt; 3" in seite.content()
    axe_pruefen(seite)


def test_detail_320px(schmale_seite):
    indikator, kommune, raeume, _werte = daten_anlegen()
    # Many years: a table much wider than the screen, full of protected cells.
    for jahr in range(2014, 2024):
        MesswertFactory(indikator=indikator, jahr=jahr, raum=kommune, wert=Decimal(500))
        for raum in raeume.values():
            MesswertFactory(indikator=indikator, jahr=jahr, raum=raum, wert=Decimal(1))
    user = UserFactory(username="schmal", rollen=["Lesen"])
    anmelden(schmale_seite, user.username)
    # The list and the detail hold protected cells ("< 3" with screen-reader text), which must
    # stay inside their scroll boxes.
    for pfad in ["/monitoring/indikatoren/", indikator.get_absolute_url()]:
        schmale_seite.goto(f"{schmale_seite.basis}{pfad}")
        axe_pruefen(schmale_seite)
        breite = schmale_seite.evaluate("document.documentElement.scrollWidth")
        assert breite <= 320, (pfad, breite)
