"""Coverage matrix and assessment symbols in Chromium: no axe-core violation on the matrix page,
the overview that holds it, the indicator list and theme page with their assessments; the matrix
page reflows at 320 px (the table scrolls inside its own focusable region)."""

import datetime
from decimal import Decimal

import pytest

from aktionsplan.models import UNBRKArtikel
from projekte.models import Status
from tests.browser.conftest import anmelden, axe_pruefen
from tests.factories import (
    IndikatorFactory,
    MesswertFactory,
    ProjektskizzeFactory,
    SachstandFactory,
    ThemaFactory,
    UNBRKArtikelFactory,
    UserFactory,
)
from tests.factories import testkommune as eigene_kommune

pytestmark = pytest.mark.django_db(transaction=True)


def _daten():
    # The transactional flush removed the articles of the data migration: put 5–30 back.
    for nummer in range(5, 31):
        UNBRKArtikelFactory(nummer=nummer, titel=f"Artikel {nummer}", inhaltlich=True)
    themen = [
        ThemaFactory(name=name, reihenfolge=i)
        for i, name in enumerate(
            [
                "Arbeit und Wirtschaft",
                "Wohnen und öffentlicher Raum",
                "Vielfalt und Zusammenhalt",
                "Bildung und lebenslanges Lernen",
                "Familien und Generationen",
                "Inklusion und Teilhabe",
            ]
        )
    ]
    projekt = ProjektskizzeFactory(titel="Barrierefreie Haltestellen", hauptthema=themen[1])
    projekt.weitere_themen.add(themen[5])
    projekt.unbrk_artikel.add(*UNBRKArtikel.objects.filter(nummer__in=[9, 20]))
    SachstandFactory(projekt=projekt, datum=datetime.date(2026, 1, 5), status=Status.IN_UMSETZUNG)
    kommune = eigene_kommune()  # the installation's own Kommune (created first by the plan)
    indikator = IndikatorFactory(
        name="Anteil barrierefreier Haltestellen",
        basiswert=Decimal(10),
        basisjahr=2020,
        zielwert=Decimal(60),
        zieljahr=2030,
        ist_fallzahl=False,
        einheit="%",
    )
    indikator.themen.add(themen[1])
    indikator.unbrk_artikel.add(UNBRKArtikel.objects.get(nummer=9))
    MesswertFactory(indikator=indikator, raum=kommune, jahr=2020, wert=Decimal(10))
    MesswertFactory(indikator=indikator, raum=kommune, jahr=2024, wert=Decimal(26))
    return themen


def test_matrix_seite_und_uebersicht(angemeldete_seite):
    _daten()
    seite = angemeldete_seite("lesen")
    seite.goto(f"{seite.basis}/monitoring/abdeckung/")
    assert seite.get_by_role("heading", level=1).inner_text().startswith("Abdeckung")
    tabelle = seite.get_by_role("table")
    assert tabelle.locator("caption").is_visible()
    assert tabelle.locator('th[scope="row"]').count() == 26
    axe_pruefen(seite)
    # A count leads to its filtered list.
    seite.get_by_role("link", name="1 mit diesem weiteren Thema").first.click()
    seite.wait_for_load_state()
    assert "Barrierefreie Haltestellen" in seite.content()
    seite.goto(f"{seite.basis}/")
    assert seite.locator("table.abdeckung-tabelle").count() == 1
    axe_pruefen(seite)


def test_bewertungssymbole_auf_liste_und_themenseite(angemeldete_seite):
    themen = _daten()
    seite = angemeldete_seite("lesen")
    seite.goto(f"{seite.basis}/monitoring/indikatoren/")
    # 10 → 60 over ten years: +5 a year needed, +4 done: 80 % → slightly off.
    zelle = seite.locator('[data-bewertung="leicht_abweichend"]')
    assert zelle.inner_text().strip() == "↗ leicht abweichend (80 % des nötigen Tempos)"
    axe_pruefen(seite)
    seite.goto(f"{seite.basis}{themen[1].get_absolute_url()}")
    assert seite.locator('[data-bewertung="leicht_abweichend"]').count() == 1
    axe_pruefen(seite)


def test_matrix_320px(schmale_seite):
    _daten()
    user = UserFactory(username="schmal-abdeckung", rollen=["Lesen"])
    anmelden(schmale_seite, user.username)
    for pfad in ["/monitoring/abdeckung/", "/"]:
        schmale_seite.goto(f"{schmale_seite.basis}{pfad}")
        axe_pruefen(schmale_seite)
        breite = schmale_seite.evaluate("document.documentElement.scrollWidth")
        assert breite <= 320, (pfad, breite)
    # The wide table scrolls in its region, which the keyboard reaches.
    region = schmale_seite.locator(
        ".kern-table-responsive", has=schmale_seite.locator("table.abdeckung-tabelle")
    )
    region.focus()
    assert region.evaluate("e => e === document.activeElement")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
