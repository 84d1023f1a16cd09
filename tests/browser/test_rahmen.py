"""Themes, areas, actors and data sources in a real browser: axe-core finds no WCAG violation on
any list or detail page, and the lists reflow at 320 px without horizontal scrolling."""

import datetime

import pytest
from django.utils import timezone

from aktionsplan.models import Raum
from projekte.models import Ampel, Projektbeteiligung, Status
from tests.browser.conftest import axe_pruefen
from tests.factories import (
    AkteurFactory,
    AnsprechpersonFactory,
    BeteiligungsformatFactory,
    DatenquelleFactory,
    ErkenntnisFactory,
    IndikatorFactory,
    KommuneFactory,
    ProjektbeteiligungFactory,
    ProjektskizzeFactory,
    RaumFactory,
    SachstandFactory,
    ThemaFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

LISTEN = ["/themen/", "/raeume/", "/akteure/", "/akteure/datenquellen/"]


@pytest.fixture
def daten():
    thema = ThemaFactory(name="Inklusion und Teilhabe", slug="inklusion", beschreibung="Teilhabe.")
    stolberg = KommuneFactory(name="Stolberg", slug="stolberg")
    raum = RaumFactory(name="Münsterbusch", slug="muensterbusch", uebergeordnet=stolberg)
    RaumFactory(name="Liester", slug="liester", uebergeordnet=raum, ebene=Raum.Ebene.VIERTEL)
    akteur = AkteurFactory(name="Versorgungsamt", website="https://example.org/")
    akteur.raeume.add(raum)
    for nummer, (status, ampel) in enumerate(
        [(Status.IN_UMSETZUNG, Ampel.IM_PLAN), (Status.IN_PLANUNG, Ampel.KRITISCH)], start=1
    ):
        projekt = ProjektskizzeFactory(hauptthema=thema, titel=f"Maßnahme {nummer}")
        projekt.raeume.add(raum)
        SachstandFactory(projekt=projekt, status=status, ampel=ampel)
        ProjektbeteiligungFactory(
            projekt=projekt, akteur=akteur, rolle=Projektbeteiligung.Rolle.PARTNER, aufgabe="Daten"
        )
    ProjektskizzeFactory(titel="Leitfaden Leichte Sprache", gesamtstaedtisch=True)
    quelle = DatenquelleFactory(akteur=akteur, name="Schwerbehindertenstatistik")
    IndikatorFactory(datenquelle=quelle, name="Schwerbehindertenquote").themen.add(thema)
    AnsprechpersonFactory(
        akteur=akteur, bestaetigt_am=timezone.localdate() - datetime.timedelta(days=900)
    )
    BeteiligungsformatFactory().raeume.add(raum)
    erkenntnis = ErkenntnisFactory()
    erkenntnis.themen.add(thema)
    erkenntnis.raeume.add(raum)
    return {"thema": thema, "raum": raum, "akteur": akteur, "quelle": quelle}


def _detailseiten(daten) -> list[str]:
    return [
        daten["thema"].get_absolute_url(),
        daten["raum"].get_absolute_url(),
        daten["akteur"].get_absolute_url(),
        daten["quelle"].get_absolute_url(),
    ]


def test_listen_und_detailseiten_ohne_axe_verstoss(angemeldete_seite, daten):
    page = angemeldete_seite("datenpflege")
    for pfad in LISTEN + _detailseiten(daten):
        page.goto(f"{page.basis}{pfad}")
        assert page.locator("h1").count() == 1
        axe_pruefen(page)


def test_gefilterte_liste_ohne_axe_verstoss(angemeldete_seite, daten):
    page = angemeldete_seite("lesen")
    page.goto(f"{page.basis}/akteure/")
    # The filters are in a closed disclosure (templates/includes/_filter.html): open it first.
    page.get_by_text("Filter (keine gesetzt)").click()
    page.get_by_label("Name oder Kurzname enthält").fill("versorgung")
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_load_state()
    assert "q=versorgung" in page.url
    assert page.get_by_role("link", name="Versorgungsamt").count() == 1
    axe_pruefen(page)
    # The data source list's actor filter is a search field; its matches are a list of links.
    page.goto(f"{page.basis}/akteure/datenquellen/")
    page.get_by_text("Filter (keine gesetzt)").click()
    page.get_by_label("Akteur").fill("VERSORGUNG")
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_load_state()
    page.get_by_role("list", name="Treffer").get_by_role("link", name="Versorgungsamt").click()
    page.wait_for_load_state()
    # Matches to choose from keep the box open; once chosen, the summary names the choice and
    # the open box shows it with the link that removes it.
    assert page.locator("summary").inner_text() == "Filter: Akteur: Versorgungsamt"
    page.locator("summary").click()
    assert "Gewählt: Versorgungsamt" in page.get_by_role("form", name="Filter").inner_text()
    axe_pruefen(page)


@pytest.mark.parametrize("pfad", LISTEN)
def test_listen_bei_320_px(angemeldete_seite, schmale_seite, daten, pfad):
    page = angemeldete_seite("lesen", page=schmale_seite)
    page.goto(f"{page.basis}{pfad}")
    breiter_als_fenster = page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    assert not breiter_als_fenster
    axe_pruefen(page)
