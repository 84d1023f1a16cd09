"""The lockout page of the login throttling in real Chromium: axe-core and its message."""

import pytest
from django.conf import settings

from tests.browser.conftest import anmelden, axe_pruefen
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_axe_sperrseite_nach_zu_vielen_fehlversuchen(seite):
    UserFactory(username="kim")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        anmelden(seite, "kim", "falsches-passwort")
    assert seite.get_by_role("heading", level=1).inner_text() == "Anmeldung vorübergehend gesperrt"
    assert "für 15 Minuten gesperrt" in seite.locator("main").inner_text()
    axe_pruefen(seite)
    # The way back is a link, reachable with the keyboard.
    seite.get_by_role("link", name="Zurück zur Anmeldung").click()
    assert seite.get_by_role("heading", level=1).inner_text() == "Anmelden"
