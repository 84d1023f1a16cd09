"""Feedback (issue 11, point 4) in a real browser: the public form with its error state and its
limit, the thanks page, and the Datenpflege's list, message (with a stale-edit refusal) and
statement form with errors pass axe-core; the form works without JavaScript and at 320 px."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from aktionsplan.sperre import speichern
from rueckmeldungen.models import Rueckmeldung
from tests.browser.conftest import axe_pruefen
from tests.factories import ProjektskizzeFactory, testkommune

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def nachricht():
    testkommune()  # the factories' Kommune: a second one would make a region (prefixed URLs)
    projekt = ProjektskizzeFactory(veroeffentlicht=True, titel="Barrierefreie Bushaltestellen")
    return speichern(
        Rueckmeldung(
            problem="Die Haltestelle am Rathaus hat keinen Blindenleitstreifen.",
            seite="/oeffentlich/",
            email="hinweis@example.org",
            einwilligung=True,
            massnahme=projekt,
            antwort_bis=timezone.localdate() - datetime.timedelta(days=1),
        ),
        benutzer=None,
    )


def test_formular_fehlerzustand_und_danke_ohne_axe_verstoss(seite, nachricht, settings):
    settings.RUECKMELDUNG_GRENZEN = ["10/h"]
    seite.goto(f"{seite.basis}/oeffentlich/massnahmen/{nachricht.massnahme_id}/")
    seite.get_by_role("link", name="Hinweis zu dieser Maßnahme geben").click()
    seite.wait_for_load_state()
    axe_pruefen(seite)
    # Sent empty with a wrong address: the error summary links to the fields.
    seite.get_by_label("E-Mail-Adresse (freiwillig)").fill("kein-at-zeichen")
    seite.get_by_role("button", name="Rückmeldung senden").click()
    seite.wait_for_load_state()
    assert seite.locator(".fehlerzusammenfassung").is_visible()
    axe_pruefen(seite)
    # The honeypot is not shown to people.
    assert not seite.locator("input[name=webseite]").is_visible()
    seite.get_by_label("Ihre Nachricht").fill("Die Rampe ist zu steil.")
    seite.get_by_label("E-Mail-Adresse (freiwillig)").fill("hilde@example.org")
    seite.get_by_label("Ich bin mit der Speicherung meiner Angaben einverstanden.").check()
    seite.get_by_role("button", name="Rückmeldung senden").click()
    seite.wait_for_load_state()
    assert "Vielen Dank" in seite.locator("h1").inner_text()
    axe_pruefen(seite)
    assert Rueckmeldung.objects.count() == 2


def test_grenze_erreicht_ohne_axe_verstoss(seite, settings):
    settings.RUECKMELDUNG_GRENZEN = ["1/h"]
    for _ in range(2):
        seite.goto(f"{seite.basis}/rueckmeldung/?seite=/impressum/")
        seite.get_by_label("Ihre Nachricht").fill("Der Kontrast ist zu schwach.")
        seite.get_by_label("Ich bin mit der Speicherung meiner Angaben einverstanden.").check()
        seite.get_by_role("button", name="Rückmeldung senden").click()
        seite.wait_for_load_state()
    assert "nicht gespeichert" in seite.locator("main").inner_text()
    axe_pruefen(seite)


def test_formular_ohne_javascript_und_bei_320_px(browser, live_server, schmale_seite):
    kontext = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = kontext.new_page()
    try:
        page.goto(f"{live_server.url}/impressum/")
        page.get_by_role("link", name="Barriere melden oder Rückmeldung geben").click()
        page.wait_for_load_state()
        assert "seite=/impressum/" in page.url
        page.get_by_label("Ihre Nachricht").fill("Das PDF ist nicht lesbar.")
        page.get_by_label("Ich bin mit der Speicherung meiner Angaben einverstanden.").check()
        page.get_by_role("button", name="Rückmeldung senden").click()
        page.wait_for_load_state()
        assert "Vielen Dank" in page.locator("h1").inner_text()
    finally:
        kontext.close()
    schmale_seite.goto(f"{schmale_seite.basis}/rueckmeldung/")
    assert schmale_seite.evaluate("document.documentElement.scrollWidth") <= 320


def test_seiten_der_datenpflege_ohne_axe_verstoss(angemeldete_seite, nachricht):
    page = angemeldete_seite("datenpflege")
    page.goto(f"{page.basis}/rueckmeldungen/")
    assert "(überfällig)" in page.locator("main").inner_text()
    axe_pruefen(page)
    page.get_by_role("link", name=str(nachricht)).click()
    page.wait_for_load_state()
    axe_pruefen(page)
    # Someone else answers meanwhile: the change is refused, the input kept.
    Rueckmeldung.objects.filter(pk=nachricht.pk).update(version=5)
    page.locator("#id_status").select_option("beantwortet")
    page.get_by_label("Interne Notiz").fill("Leitstreifen beauftragt.")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert "inzwischen" in page.locator("main").inner_text()
    axe_pruefen(page)
    page.goto(f"{page.basis}/rueckmeldungen/erklaerung/")
    axe_pruefen(page)
    page.get_by_label("Nicht barrierefreie Inhalte").fill("")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert page.locator(".fehlerzusammenfassung").is_visible()
    axe_pruefen(page)
