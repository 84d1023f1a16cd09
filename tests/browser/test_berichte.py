"""Browser checks (axe-core, WCAG 2.1 AA) of findings, participation and the yearly report."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from aktionsplan.models import Raum
from monitoring.models import Messwert
from projekte.models import Status
from tests.browser.conftest import axe_pruefen
from tests.factories import (
    BeteiligungsformatFactory,
    ErkenntnisFactory,
    IndikatorFactory,
    MeilensteinFactory,
    MesswertFactory,
    ProjektskizzeFactory,
    SachstandFactory,
    ThemaFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def daten():
    thema = ThemaFactory(name="Wohnen und öffentlicher Raum")
    format_ = BeteiligungsformatFactory(
        titel="Begegnungstag Atsch", teilnehmende=40, teilnehmende_mit_behinderung=2
    )
    for i in range(3):
        e = ErkenntnisFactory(
            titel=f"Erkenntnis mit einem recht langen Titel Nummer {i}",
            beteiligungsformat=format_,
            ist_kernaussage=i == 0,
            datum=datetime.date(2025, 3, 1),
        )
        e.themen.add(thema)
    projekt = ProjektskizzeFactory(titel="Barrierefreie Wege", hauptthema=thema)
    SachstandFactory(projekt=projekt, datum=datetime.date(2025, 4, 1), status=Status.IN_UMSETZUNG)
    MeilensteinFactory(projekt=projekt, erledigt_am=datetime.date(2025, 6, 1))
    kommune = Raum.objects.get_or_create(
        slug="testkommune", defaults={"name": "Testkommune", "ebene": Raum.Ebene.KOMMUNE}
    )[0]
    indikator = IndikatorFactory(name="Kleine Fallzahl", basiswert=Decimal(5), zielwert=Decimal(9))
    MesswertFactory(indikator=indikator, raum=kommune, jahr=2025, wert=Decimal(1))
    # Delivered within 2025: the report shows values as they stood on its report date.
    Messwert.history.update(history_date=timezone.make_aware(datetime.datetime(2025, 6, 1)))
    return {"format": format_}


def test_erkenntnisliste(angemeldete_seite, daten):
    seite = angemeldete_seite("lesen")
    seite.goto(f"{seite.basis}/monitoring/erkenntnisse/")
    assert seite.get_by_role("heading", level=1).inner_text() == "Erkenntnisse"
    axe_pruefen(seite)


def test_erkenntnisliste_schmal(browser, live_server, schmale_seite, daten):
    from tests.browser.conftest import anmelden
    from tests.factories import UserFactory

    user = UserFactory(username="schmal-lesen", rollen=["Lesen"])
    anmelden(schmale_seite, user.username)
    schmale_seite.goto(f"{schmale_seite.basis}/monitoring/erkenntnisse/")
    breite = schmale_seite.evaluate("document.documentElement.scrollWidth")
    assert breite <= 320
    axe_pruefen(schmale_seite)


def test_erkenntnisformular_mit_fehlern(angemeldete_seite, daten):
    seite = angemeldete_seite("redaktion")
    seite.goto(f"{seite.basis}/monitoring/erkenntnisse/neu/")
    seite.get_by_role("button", name="Speichern").click()
    seite.wait_for_load_state()
    assert seite.locator("[aria-invalid=true]").count() >= 1
    axe_pruefen(seite)


def test_beteiligung_liste_und_detail(angemeldete_seite, daten):
    seite = angemeldete_seite("lesen")
    seite.goto(f"{seite.basis}/monitoring/beteiligung/")
    axe_pruefen(seite)
    seite.get_by_role("link", name="Begegnungstag Atsch").click()
    seite.wait_for_load_state()
    assert "< 3" in seite.locator("main").inner_text()
    axe_pruefen(seite)


def test_bericht_auswahl_und_bericht(angemeldete_seite, daten):
    seite = angemeldete_seite("lesen")
    seite.goto(f"{seite.basis}/monitoring/jahresbericht/")
    axe_pruefen(seite)
    seite.locator("#id_jahr").select_option("2025")
    seite.get_by_role("button", name="Bericht anzeigen").click()
    seite.wait_for_load_state()
    assert seite.url.endswith("/monitoring/jahresbericht/2025/")
    assert "Barrierefreie Wege" in seite.locator("main").inner_text()
    # The protected small number is in the checked page, as "< 3".
    assert "< 3" in seite.locator("main").inner_text()
    axe_pruefen(seite)


def test_berichtsfassungen_entwurf_beschluss_rueckzug(
    angemeldete_seite, browser, live_server, daten
):
    """The life cycle's pages (issue 9, point 7): list, draft with preview, edit form with an
    error, adoption form, the adopted report with its frozen files, the withdrawal form."""
    from monitoring.berichtsfassungen import beschliessen, entwurf_anlegen
    from monitoring.models import Berichtsfassung

    heute = datetime.date.today()
    beschlossen = entwurf_anlegen(
        Berichtsfassung(jahr=2024, stand=heute, einleitung="Zum Jahr 2024."), benutzer=None
    )
    beschliessen(
        beschlossen,
        benutzer=None,
        erwartete_version=None,
        gremium="Ausschuss für Soziales",
        beschluss_datum=heute,
    )
    entwurf = entwurf_anlegen(
        Berichtsfassung(jahr=2025, stand=heute, einleitung="Ein " + "sehr" * 40 + "langes Wort."),
        benutzer=None,
    )
    seite = angemeldete_seite("redaktion")
    seite.goto(f"{seite.basis}/monitoring/jahresbericht/")
    assert "Berichte je Jahr" in seite.locator("main").inner_text()
    axe_pruefen(seite)
    seite.goto(f"{seite.basis}{entwurf.get_absolute_url()}")
    assert "Barrierefreie Wege" in seite.locator("main").inner_text()
    axe_pruefen(seite)
    seite.goto(f"{seite.basis}/monitoring/jahresbericht/fassungen/{entwurf.pk}/bearbeiten/")
    seite.get_by_label("Stand").fill("2020-01-01")
    seite.get_by_role("button", name="Speichern").click()
    seite.wait_for_load_state()
    assert "vor dem Berichtsjahr" in seite.locator("main").inner_text()
    axe_pruefen(seite)
    seite.goto(f"{seite.basis}/monitoring/jahresbericht/fassungen/{entwurf.pk}/beschliessen/")
    axe_pruefen(seite)
    seite.goto(f"{seite.basis}{beschlossen.get_absolute_url()}")
    assert "herunterladen" in seite.locator("main").inner_text()
    axe_pruefen(seite)

    kontext = browser.new_context(locale="de-DE")
    pflege = kontext.new_page()
    pflege.basis = live_server.url
    angemeldete_seite("datenpflege", pflege)
    pflege.goto(
        f"{pflege.basis}/monitoring/jahresbericht/fassungen/{beschlossen.pk}/zurueckziehen/"
    )
    pflege.get_by_role("button", name="Zurückziehen").click()
    pflege.wait_for_load_state()
    axe_pruefen(pflege)
    kontext.close()
