"""Indicator profile and ratings of qualitative indicators in Chromium: no axe-core violation on
the printable profile (screen and print media), a qualitative indicator's page with the table
and chart of two groups' ratings, and the rating form with errors."""

import pytest

from tests.browser.conftest import axe_pruefen
from tests.factories import BewertergruppeFactory, EinschaetzungFactory, ErkenntnisFactory
from tests.monitoring.test_einschaetzungen import skala_anlegen
from tests.monitoring.test_steckbrief import _steckbrief_indikator

pytestmark = pytest.mark.django_db(transaction=True)


def test_steckbrief(angemeldete_seite):
    indikator = _steckbrief_indikator()
    seite = angemeldete_seite("lesen")
    seite.goto(f"{seite.basis}/monitoring/indikatoren/{indikator.pk}/steckbrief/")
    assert seite.get_by_role("heading", level=1).inner_text() == indikator.name
    axe_pruefen(seite)
    seite.emulate_media(media="print")
    assert not seite.get_by_role("link", name="Zeitreihe und Bewertung des Indikators").is_visible()
    axe_pruefen(seite)


def test_qualitativer_indikator_mit_zwei_gruppen(angemeldete_seite):
    indikator, stufen = skala_anlegen()
    verwaltung = BewertergruppeFactory(name="Verwaltung")
    beirat = BewertergruppeFactory(name="Behindertenbeirat")
    for jahr, v, b in ((2024, 3, 2), (2025, 4, 3)):
        EinschaetzungFactory(indikator=indikator, jahr=jahr, gruppe=verwaltung, stufe=stufen[v])
        e = EinschaetzungFactory(indikator=indikator, jahr=jahr, gruppe=beirat, stufe=stufen[b])
        e.erkenntnisse.add(ErkenntnisFactory())
    seite = angemeldete_seite("redaktion")
    seite.goto(f"{seite.basis}/monitoring/indikatoren/{indikator.pk}/")
    diagramm = seite.locator('svg[role="img"]')
    assert diagramm.is_visible()
    assert "Behindertenbeirat" in diagramm.text_content()
    axe_pruefen(seite)
    seite.get_by_role("link", name="Einschätzung erfassen").first.click()
    seite.wait_for_load_state()
    axe_pruefen(seite)
    seite.get_by_role("button", name="Speichern").click()
    seite.wait_for_load_state()
    assert seite.locator('[aria-invalid="true"]').count() >= 1
    axe_pruefen(seite)
