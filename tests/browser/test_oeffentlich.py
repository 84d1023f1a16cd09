"""The public pages (issue 11) in a real browser, without login: axe-core finds no WCAG
violation (German and English), nothing scrolls sideways at 320 px, the pages work without
JavaScript (the chart's area choice is a GET form), and the print stylesheet hides navigation,
forms and filters and prints the targets of links."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from aktionsplan.rollen import REDAKTION
from tests.browser.conftest import axe_pruefen
from tests.factories import (
    FinanzierungFactory,
    GebaerdenvideoFactory,
    IndikatorFactory,
    KommuneFactory,
    LeitbildFactory,
    MeilensteinFactory,
    MesswertFactory,
    PlanFactory,
    ProjektskizzeFactory,
    RaumFactory,
    SachstandFactory,
    ThemaFactory,
    UserFactory,
    ZielgruppeFactory,
)
from tests.oeffentlich.test_berichte import _beschlossen

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def daten():
    kommune = KommuneFactory(name="Kupferstadt Stolberg", slug="stolberg")
    raeume = [
        RaumFactory(name=name, slug=name.lower(), uebergeordnet=kommune)
        for name in ("Münsterbusch", "Oberstolberg", "Unterstolberg")
    ]
    leitbild = LeitbildFactory(
        name="Soziale Kupferstadt 2030",
        leitmotiv="aufeinander zugehen – voneinander lernen – miteinander leben",
    )
    themen = [
        ThemaFactory(leitbild=leitbild, name=name, slug=f"thema-{i}", reihenfolge=i)
        for i, name in enumerate(
            ("Arbeit und Wirtschaft", "Wohnen und öffentlicher Raum", "Inklusion und Teilhabe")
        )
    ]
    plan = PlanFactory(
        name="Aktionsplan Inklusion der Kupferstadt Stolberg with a long name for narrow screens",
        kommune=kommune,
        leitbild=leitbild,
        slug="aktionsplan",
        beschluss_datum=datetime.date(2018, 3, 20),
        beschluss_gremium="Rat der Stadt",
    )
    projekt = ProjektskizzeFactory(
        plan=plan,
        nummer=7,
        hauptthema=themen[2],
        titel="Barrierefreie Bushaltestellen in allen Sozialräumen",
        veroeffentlicht=True,
        kosten_oeffentlich=True,
        kosten=Decimal("250000"),
        beteiligung="Der Behindertenbeirat prüft jede Planung vor Ort.",
    )
    projekt.weitere_themen.add(themen[1])
    projekt.zielgruppen.add(ZielgruppeFactory(name="Menschen mit Behinderung"))
    projekt.raeume.add(*raeume)
    SachstandFactory(projekt=projekt, oeffentlich=True, text="Zehn Haltestellen sind umgebaut.")
    MeilensteinFactory(projekt=projekt, titel="Erste zehn Haltestellen")
    FinanzierungFactory(projekt=projekt, betrag=Decimal("180000"))
    GebaerdenvideoFactory(projekt=None)
    GebaerdenvideoFactory(projekt=projekt)
    ProjektskizzeFactory(plan=plan, nummer=8, hauptthema=themen[0], veroeffentlicht=True)
    indikator = IndikatorFactory(
        name="Barrierefrei ausgebaute Bushaltestellen",
        oeffentlich=True,
        basiswert=Decimal("20"),
        basisjahr=2019,
        zielwert=Decimal("120"),
        zieljahr=2030,
    )
    indikator.themen.add(themen[2])
    indikator.projekte.add(projekt)
    for jahr in range(2019, 2026):
        MesswertFactory(indikator=indikator, raum=kommune, jahr=jahr, wert=20 + 10 * (jahr - 2019))
        for i, raum in enumerate(raeume):
            MesswertFactory(indikator=indikator, raum=raum, jahr=jahr, wert=i + jahr - 2018)
    # An adopted report: its HTML is a public page too (QA of issue 11, M1).
    _beschlossen(UserFactory(rollen=[REDAKTION]))
    return {"plan": plan, "thema": themen[2], "projekt": projekt, "indikator": indikator}


def _seiten(daten) -> list[str]:
    return [
        "/oeffentlich/",
        f"/oeffentlich/plaene/{daten['plan'].slug}/",
        f"/oeffentlich/themen/{daten['thema'].slug}/",
        f"/oeffentlich/massnahmen/{daten['projekt'].pk}/",
        "/oeffentlich/indikatoren/",
        f"/oeffentlich/indikatoren/{daten['indikator'].pk}/",
        "/oeffentlich/gebaerdensprache/",
        "/oeffentlich/daten/",
        # Feedback (rueckmeldungen): the form of every page, the note on a measure, the
        # accessibility statement with its part in Leichte Sprache.
        "/rueckmeldung/?seite=/oeffentlich/",
        f"/rueckmeldung/?massnahme={daten['projekt'].pk}",
        "/barrierefreiheit/",
        # The adopted report as HTML, and what a visitor sees for a wrong address.
        "/oeffentlich/berichte/2025.html",
        "/oeffentlich/massnahmen/999999/",
        *_leichte_seiten(daten),
    ]


def _leichte_seiten(daten) -> list[str]:
    """The twins in Leichte Sprache and the explanation page (issue 11, point 2)."""
    return [
        "/oeffentlich/leicht/",
        f"/oeffentlich/leicht/plaene/{daten['plan'].slug}/",
        f"/oeffentlich/leicht/themen/{daten['thema'].slug}/",
        f"/oeffentlich/leicht/massnahmen/{daten['projekt'].pk}/",
        "/oeffentlich/leicht/erklaerung/",
        "/oeffentlich/leicht/indikatoren/",
        f"/oeffentlich/leicht/indikatoren/{daten['indikator'].pk}/",
        "/oeffentlich/leicht/berichte/",
    ]


def test_oeffentliche_seiten_ohne_axe_verstoss(seite, daten):
    seite.goto(f"{seite.basis}/")
    assert seite.url.endswith("/oeffentlich/")
    for pfad in _seiten(daten):
        seite.goto(f"{seite.basis}{pfad}")
        assert seite.locator("h1").count() == 1, pfad
        axe_pruefen(seite)


def test_seiten_einer_region_ohne_axe_verstoss(seite, daten):
    """With a second Kommune (issue 12): the choice of the Kommune, and the pages of one Kommune
    under its prefix."""
    eschweiler = KommuneFactory(name="Eschweiler", slug="eschweiler")
    PlanFactory(name="Aktionsplan Eschweiler", kommune=eschweiler, slug="plan-eschweiler")
    seite.goto(f"{seite.basis}/")
    assert seite.url.endswith("/oeffentlich/")
    for pfad in (
        "/oeffentlich/",
        "/oeffentlich/leicht/",
        "/oeffentlich/stolberg/",
        f"/oeffentlich/stolberg/massnahmen/{daten['projekt'].pk}/",
        "/oeffentlich/stolberg/leicht/",
        "/oeffentlich/eschweiler/plaene/plan-eschweiler/",
    ):
        seite.goto(f"{seite.basis}{pfad}")
        assert seite.locator("h1").count() == 1, pfad
        axe_pruefen(seite)
    seite.goto(f"{seite.basis}/oeffentlich/")
    seite.get_by_role("link", name="Eschweiler").click()
    assert seite.url.endswith("/oeffentlich/eschweiler/")


def test_schalter_zur_leichten_sprache_und_zurueck(seite, daten):
    seite.goto(f"{seite.basis}/oeffentlich/massnahmen/{daten['projekt'].pk}/")
    seite.get_by_role("link", name="Leichte Sprache").click()
    assert seite.url.endswith(f"/oeffentlich/leicht/massnahmen/{daten['projekt'].pk}/")
    assert seite.locator("html").get_attribute("lang") == "de"
    assert seite.locator(".leicht-marke").first.is_visible()
    seite.get_by_role("link", name="Diese Seite in Alltags-Sprache").click()
    assert seite.url.endswith(f"/oeffentlich/massnahmen/{daten['projekt'].pk}/")


def test_englisch_ohne_axe_verstoss(browser, live_server, daten):
    kontext = browser.new_context(locale="en-GB", extra_http_headers={"Accept-Language": "en"})
    page = kontext.new_page()
    try:
        for pfad in _seiten(daten):
            page.goto(f"{live_server.url}{pfad}")
            # The pages in Leichte Sprache are German for every reader.
            leicht = pfad in _leichte_seiten(daten)
            assert page.locator("html").get_attribute("lang") == ("de" if leicht else "en")
            axe_pruefen(page)
    finally:
        kontext.close()


def test_bei_320_px_kein_waagrechtes_scrollen(schmale_seite, daten):
    for pfad in _seiten(daten):
        schmale_seite.goto(f"{schmale_seite.basis}{pfad}")
        breite = schmale_seite.evaluate("document.documentElement.scrollWidth")
        assert breite <= 320, (pfad, breite)


def test_ohne_javascript(browser, live_server, daten):
    kontext = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = kontext.new_page()
    try:
        page.goto(f"{live_server.url}/oeffentlich/indikatoren/{daten['indikator'].pk}/")
        assert page.locator("figure.monitoring-diagramm svg").count() == 1
        page.get_by_label("Münsterbusch").check()
        page.get_by_role("button", name="Diagramm anzeigen").click()
        page.wait_for_load_state()
        assert "raum=" in page.url
        assert "/oeffentlich/indikatoren/" in page.url
        assert page.locator("figure.monitoring-diagramm").inner_text().count("Münsterbusch") >= 1
    finally:
        kontext.close()


def test_druckansicht_des_jahresberichts(seite, daten):
    """The report page prints its content: no navigation, language switch or footer links;
    link targets printed; its tables whole."""
    seite.goto(f"{seite.basis}/oeffentlich/berichte/2025.html")
    seite.emulate_media(media="print")
    assert not seite.locator(".hauptnavigation").is_visible()
    assert not seite.locator("form.sprachwahl").is_visible()
    assert not seite.locator(".seitenfuss nav").is_visible()
    assert seite.locator("h1").first.is_visible()
    assert seite.locator("table").first.is_visible()
    umbruch = seite.evaluate("() => getComputedStyle(document.querySelector('table')).breakInside")
    assert umbruch == "avoid"
    nach_dem_link = seite.evaluate(
        "() => getComputedStyle(document.querySelector('.inhalt a.kern-link'), '::after').content"
    )
    assert "/oeffentlich/" in nach_dem_link


@pytest.mark.parametrize(
    "pfad", ["/barrierefreiheit/", "/impressum/", "/oeffentlich/gibt-es-nicht/"]
)
def test_druckansicht_der_textseiten_im_allgemeinen_rahmen(seite, daten, pfad):
    """The statement, imprint and error pages (on the frame the staff pages share) print like
    the public pages: no navigation, language switch or footer links; link targets printed."""
    seite.goto(f"{seite.basis}{pfad}")
    seite.emulate_media(media="print")
    assert seite.locator("h1").first.is_visible()
    assert not seite.locator(".hauptnavigation").first.is_visible()
    assert not seite.locator("form.sprachwahl").first.is_visible()
    assert not seite.locator(".seitenfuss nav").is_visible()
    assert not seite.locator(".sprunglink").is_visible()
    nach_dem_link = seite.evaluate(
        "() => getComputedStyle(document.querySelector("
        "'.textseite a.kern-link[href]:not([href^=\"#\"])'), '::after').content"
    )
    assert "attr(href)" in nach_dem_link or ":" in nach_dem_link or "/" in nach_dem_link


def test_druckansicht(seite, daten):
    seite.goto(f"{seite.basis}/oeffentlich/indikatoren/{daten['indikator'].pk}/")
    seite.emulate_media(media="print")
    assert not seite.locator(".hauptnavigation").is_visible()
    assert not seite.locator("form.sprachwahl").is_visible()
    assert not seite.locator("form.monitoring-raumwahl").is_visible()
    assert seite.locator("table").first.is_visible()
    nach_dem_link = seite.evaluate(
        "() => getComputedStyle(document.querySelector('.inhalt a.kern-link'), '::after').content"
    )
    assert "attr(href)" in nach_dem_link or "/oeffentlich/" in nach_dem_link
    umbruch = seite.evaluate("() => getComputedStyle(document.querySelector('table')).breakInside")
    assert umbruch == "avoid"
