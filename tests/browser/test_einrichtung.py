"""The guided first run in a real browser: the checklist, the invitation form (empty, with its
errors), the note on the overview and the pages behind the e-mail link pass axe-core at 1280 and
320 px and reflow without horizontal scrolling. Screenshots go to $BILDSCHIRMFOTOS (else the
test's temporary directory)."""

import os
import re
from pathlib import Path

import pytest
from django.core import mail

from tests.browser.conftest import ROLLEN, anmelden, axe_pruefen
from tests.factories import KommuneFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

_BREITER_ALS_FENSTER = (
    "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
)


def _pruefen(seite, name: str, ordner: Path, breite: int) -> None:
    seite.screenshot(path=str(ordner / f"einrichtung-{name}-{breite}.png"), full_page=True)
    assert not seite.evaluate(_BREITER_ALS_FENSTER), f"{name} bei {breite} px zu breit"
    axe_pruefen(seite)


@pytest.mark.parametrize("breite", [320, 1280])
def test_einrichtung_ohne_axe_verstoss(browser, live_server, breite, tmp_path):
    ordner = Path(os.environ.get("BILDSCHIRMFOTOS") or tmp_path)
    ordner.mkdir(parents=True, exist_ok=True)
    KommuneFactory(name="Kupferstadt Stolberg", slug="stolberg", amtlicher_schluessel="05334032")
    user = UserFactory(username="browser-datenpflege", rollen=[ROLLEN["datenpflege"]])
    kontext = browser.new_context(viewport={"width": breite, "height": 900}, locale="de-DE")
    seite = kontext.new_page()
    basis = live_server.url
    seite.basis = basis
    try:
        anmelden(seite, user.username)
        # The overview with the note that leads to the checklist.
        seite.goto(f"{basis}/")
        hinweis = seite.locator(".einrichtung-hinweis")
        assert hinweis.is_visible()
        _pruefen(seite, "uebersicht", ordner, breite)
        hinweis.get_by_role("link", name="Zur Checkliste „Einrichtung“").click()
        seite.wait_for_load_state()
        assert seite.url == f"{basis}/einrichtung/"
        assert "Kupferstadt Stolberg" in seite.locator(".seitenkopf__kommune").inner_text()
        _pruefen(seite, "checkliste", ordner, breite)

        seite.get_by_role("link", name="Person einladen").click()
        seite.wait_for_load_state()
        _pruefen(seite, "einladen", ordner, breite)
        # Sent empty: the error summary and the fields' errors.
        seite.get_by_role("button", name="Einladen").click()
        seite.wait_for_load_state()
        assert seite.locator(".kern-form-input--error, .kern-fieldset--error").count() >= 3
        _pruefen(seite, "einladen-fehler", ordner, breite)
        # Filled in with the keyboard's labels.
        seite.get_by_label("Vorname").fill("Petra")
        seite.get_by_label("Nachname").fill("Plan")
        seite.get_by_label("E-Mail-Adresse").fill(f"petra{breite}@example.org")
        seite.get_by_label("Redaktion").check()
        seite.get_by_role("button", name="Einladen").click()
        seite.wait_for_load_state()
        assert seite.url == f"{basis}/einrichtung/"
        assert "ist eingeladen" in seite.content()
        link = re.search(r"http://\S+(/konto/passwort/setzen/\S+/)", mail.outbox[-1].body).group(1)

        # The invited person, not logged in, sets a password through the link.
        gast = browser.new_context(viewport={"width": breite, "height": 900}, locale="de-DE")
        person = gast.new_page()
        person.basis = basis
        try:
            person.goto(f"{basis}{link}")
            _pruefen(person, "passwort-setzen", ordner, breite)
            person.locator("#id_new_password1").fill("Sonnenblume-42!")
            person.locator("#id_new_password2").fill("Sonnenblume-42!")
            person.get_by_role("button", name="Passwort festlegen").click()
            person.wait_for_load_state()
            assert person.url == f"{basis}/konto/passwort/gesetzt/"
            _pruefen(person, "passwort-gesetzt", ordner, breite)
            # The link a second time.
            person.goto(f"{basis}{link}")
            assert "Dieser Link gilt nicht mehr." in person.content()
            _pruefen(person, "link-ungueltig", ordner, breite)
            person.goto(f"{basis}/konto/passwort/vergessen/")
            _pruefen(person, "passwort-vergessen", ordner, breite)
            anmelden(person, f"petra{breite}@example.org", "Sonnenblume-42!")
            assert person.url == f"{basis}/"
        finally:
            gast.close()
    finally:
        kontext.close()
