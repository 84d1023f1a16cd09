"""The plan pages and the new forms of issue 10, point 4 in a real browser: axe-core finds no
WCAG violation on the plan list and page, the version form, the funding form, the status report
form, also with their error states; the plan page reflows at 320 px."""

import datetime

import pytest

from aktionsplan.models import Raum
from tests.browser.conftest import axe_pruefen
from tests.factories import (
    FinanzierungFactory,
    FortschreibungFactory,
    KommuneFactory,
    PlanFactory,
    ProjektskizzeFactory,
    RaumFactory,
    SachstandFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def daten():
    stolberg = KommuneFactory(name="Stolberg", slug="stolberg")
    raum = RaumFactory(name="Münsterbusch", slug="muensterbusch", uebergeordnet=stolberg)
    RaumFactory(name="Liester", slug="liester", uebergeordnet=raum, ebene=Raum.Ebene.VIERTEL)
    plan = PlanFactory(name="IHKo Berg- und Talachse", kommune=stolberg, gesamtstaedtisch=False)
    plan.raeume.add(raum)
    version = FortschreibungFactory(
        plan=plan, nummer=1, beschluss_datum=datetime.date(2018, 3, 20), aenderungen="Beschluss"
    )
    projekt = None
    for nummer in range(1, 30):
        projekt = ProjektskizzeFactory(plan=plan, nummer=nummer, fortschreibung=version)
        projekt.raeume.add(raum)
    SachstandFactory(projekt=projekt)
    finanzierung = FinanzierungFactory(projekt=projekt)
    return {"plan": plan, "version": version, "projekt": projekt, "finanzierung": finanzierung}


def _seiten(daten) -> list[str]:
    plan, projekt = daten["plan"], daten["projekt"]
    return [
        "/plaene/",
        plan.get_absolute_url(),
        f"{plan.get_absolute_url()}?page=2",
        f"/plaene/{plan.slug}/fortschreibungen/neu/",
        f"/plaene/fortschreibungen/{daten['version'].pk}/bearbeiten/",
        projekt.get_absolute_url(),
        f"/massnahmen/{projekt.pk}/finanzierungen/neu/",
        f"/massnahmen/finanzierungen/{daten['finanzierung'].pk}/bearbeiten/",
        f"/massnahmen/{projekt.pk}/sachstand/neu/",
    ]


def test_seiten_ohne_axe_verstoss(angemeldete_seite, daten):
    page = angemeldete_seite("redaktion")
    for pfad in _seiten(daten):
        page.goto(f"{page.basis}{pfad}")
        assert page.locator("h1").count() == 1, pfad
        axe_pruefen(page)


def test_fehlerzustaende_ohne_axe_verstoss(angemeldete_seite, daten):
    page = angemeldete_seite("redaktion")
    page.goto(f"{page.basis}/massnahmen/{daten['projekt'].pk}/finanzierungen/neu/")
    page.get_by_label("Betrag (EUR)").fill("viel")
    page.get_by_role("button", name="Finanzierung speichern").click()
    assert page.locator(".kern-alert, .kern-error").count() >= 1
    axe_pruefen(page)
    page.goto(f"{page.basis}/plaene/{daten['plan'].slug}/fortschreibungen/neu/")
    page.get_by_label("Version").fill("1")
    page.get_by_role("button", name="Speichern").click()
    assert "Diese Version des Plans gibt es schon." in page.content()
    axe_pruefen(page)


def test_planseite_bei_320_px_ohne_waagrechtes_scrollen(angemeldete_seite, schmale_seite, daten):
    page = angemeldete_seite("lesen", page=schmale_seite)
    page.goto(f"{page.basis}{daten['plan'].get_absolute_url()}")
    breite = page.evaluate("document.documentElement.scrollWidth")
    assert breite <= 320
    page.screenshot(path="/tmp/planung-planseite-320.png", full_page=True)
