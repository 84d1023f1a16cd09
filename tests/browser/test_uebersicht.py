"""The overview in Chromium (issue 10, point 1) at 320, 1280 and 1440 px: what needs action
first, the theme cards with their bars, "Meine Maßnahmen", the coverage matrix; no axe-core
violation with the disclosures closed and open, no horizontal scrolling of the page.

Screenshots go to $BILDSCHIRMFOTOS (else the test's temporary directory); look at them when the
page changes."""

import datetime
import os
from pathlib import Path

import pytest

from aktionsplan.models import UNBRKArtikel
from projekte.models import Ampel, Status
from tests.browser.conftest import ROLLEN, anmelden, axe_pruefen
from tests.factories import (
    MeilensteinFactory,
    ProjektskizzeFactory,
    SachstandFactory,
    ThemaFactory,
    UNBRKArtikelFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

THEMEN = (
    "Arbeit und Wirtschaft",
    "Wohnen und öffentlicher Raum",
    "Vielfalt und Zusammenhalt",
    "Bildung und lebenslanges Lernen",
    "Familien und Generationen",
    "Inklusion und Teilhabe",
)
# (status, Ampel, progress) cycled over the measures: every status and every Ampel occurs.
STAENDE = (
    (Status.IN_UMSETZUNG, Ampel.IM_PLAN, 40),
    (Status.IN_PLANUNG, Ampel.GEFAEHRDET, 10),
    (Status.IN_UMSETZUNG, Ampel.KRITISCH, 55),
    (Status.UMGESETZT, Ampel.IM_PLAN, 100),
    (Status.VERSTETIGT, Ampel.IM_PLAN, 100),
    (Status.ZURUECKGESTELLT, Ampel.GEFAEHRDET, 20),
    (Status.VERWORFEN, Ampel.KRITISCH, 0),
    None,  # no report: Idee, no Ampel
)


def _daten(verantwortlich):
    for nummer in range(5, 31):
        UNBRKArtikelFactory(nummer=nummer, titel=f"Artikel {nummer}", inhaltlich=True)
    themen = [ThemaFactory(name=name, reihenfolge=i) for i, name in enumerate(THEMEN)]
    heute = datetime.date.today()
    for nummer in range(1, 23):
        # The last theme gets no measure (its card says so).
        projekt = ProjektskizzeFactory(
            nummer=nummer,
            titel=f"Maßnahme {nummer} mit einem längeren Titel",
            hauptthema=themen[nummer % 5],
            verantwortlich=verantwortlich if nummer % 3 == 0 else None,
        )
        projekt.unbrk_artikel.add(UNBRKArtikel.objects.get(nummer=5 + nummer % 26))
        stand = STAENDE[nummer % len(STAENDE)]
        if stand:
            SachstandFactory(
                projekt=projekt,
                datum=heute - datetime.timedelta(days=nummer * 20),
                status=stand[0],
                ampel=stand[1],
                fortschritt=stand[2],
            )
        MeilensteinFactory(
            projekt=projekt, titel="Konzept abstimmen", faellig_am=heute - datetime.timedelta(5)
        )
        MeilensteinFactory(
            projekt=projekt, titel="Auftakt", faellig_am=heute + datetime.timedelta(nummer)
        )


@pytest.mark.parametrize("breite", [320, 1280, 1440])
def test_uebersicht_bei_320_1280_und_1440_px(browser, live_server, breite, tmp_path):
    ordner = Path(os.environ.get("BILDSCHIRMFOTOS") or tmp_path)
    ordner.mkdir(parents=True, exist_ok=True)
    user = UserFactory(username="uebersicht", rollen=[ROLLEN["redaktion"]])
    _daten(user)
    kontext = browser.new_context(viewport={"width": breite, "height": 900}, locale="de-DE")
    seite = kontext.new_page()
    seite.basis = live_server.url
    try:
        anmelden(seite, user.username)
        antwort = seite.goto(f"{seite.basis}/")
        assert antwort.status == 200
        print(f"Übersicht bei {breite} px: {len(antwort.body())} Bytes")
        # What needs action comes first, then the reader's own measures, then the charts.
        reihenfolge = seite.evaluate(
            "() => [...document.querySelectorAll('main h2')].map(h => h.id)"
        )
        assert reihenfolge[:3] == ["handeln-titel", "meine-titel", "blick-titel"]
        kachel = seite.locator("#kachel-kritisch")
        assert kachel.locator(".kachel__zahl").inner_text() == "6"
        assert "kritisch" in kachel.inner_text()
        # Every bar is hidden from assistive technology and as wide as its card.
        balken = seite.locator("svg.balken")
        assert balken.count() == 6 * 3  # all themes + five themes with measures
        assert seite.locator("svg.balken:not([aria-hidden='true'])").count() == 0
        karte = seite.locator(".themenkarte").first.bounding_box()
        erster = balken.first.bounding_box()
        assert erster["width"] > karte["width"] - 40
        assert erster["height"] == 24
        # The patterns resolve: a critical part is painted with the pattern, not left empty.
        assert (
            seite.locator("rect[fill='url(#muster-ampel-rot)']")
            .first.evaluate("r => getComputedStyle(r).fill")
            .startswith("url(")
        )
        # Meine Maßnahmen: the reader's seven measures with their open milestones.
        meine = seite.locator("#meine-massnahmen")
        assert meine.locator(".meine-eintrag").count() == 7
        assert "überfällig (fällig am" in meine.inner_text()

        def pruefen(name: str) -> None:
            seite.screenshot(path=str(ordner / f"uebersicht-{name}-{breite}.png"), full_page=True)
            assert seite.evaluate(
                "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
            ), f"Die Übersicht ist bei {breite} px breiter als das Fenster ({name})"
            axe_pruefen(seite)

        pruefen("zu")
        # The disclosures open: the lists and the tables behind the charts.
        for summary in seite.locator("main details > summary").all():
            summary.click()
        assert seite.locator("#matrix-beschriftung").is_visible()
        assert seite.locator("#ampel-beschriftung").is_visible()
        pruefen("offen")
    finally:
        kontext.close()


def test_uebersicht_ohne_javascript_und_leer(browser, live_server):
    """Nothing on the overview needs a script; an empty installation says what is true."""
    user = UserFactory(username="leer", rollen=[ROLLEN["lesen"]])
    kontext = browser.new_context(java_script_enabled=False, locale="de-DE")
    seite = kontext.new_page()
    seite.basis = live_server.url
    try:
        anmelden(seite, user.username)
        seite.goto(f"{seite.basis}/")
        text = seite.locator("main").inner_text()
        assert "Es ist noch kein Thema angelegt." in text
        assert "Jedes Thema hat mindestens eine aktive Maßnahme." not in text
        assert "Sie sind für keine Maßnahme als verantwortlich eingetragen." in text
        seite.locator("#zahlen-tabellen > summary").click()
        assert seite.locator("#matrix-beschriftung").is_visible()
    finally:
        kontext.close()
