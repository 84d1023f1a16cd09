"""A form sent with an expired security token (QA 2026-11-29, F-8): a German page in the house
style that shows the typed texts back, for the person's own pages only."""

import pytest
from django.test import Client
from django.urls import reverse

from monitoring.models import Erkenntnis

pytestmark = pytest.mark.django_db

NEU = reverse("monitoring:erkenntnis_neu")


@pytest.fixture
def client_ohne_marke(redaktion_user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(redaktion_user)
    return client


def test_abgelaufene_marke_zeigt_deutsche_seite_mit_den_eingaben(client_ohne_marke):
    antwort = client_ohne_marke.post(
        NEU,
        {"titel": "Rampe fehlt", "text": "Mein langer Text <b>bleibt</b>", "passwort": "geheim"},
        HTTP_ORIGIN="http://testserver",
    )
    inhalt = antwort.content.decode()
    assert antwort.status_code == 403
    assert "Formular nicht gesendet" in inhalt
    assert f'href="{NEU}"' in inhalt
    assert "Mein langer Text &lt;b&gt;bleibt&lt;/b&gt;" in inhalt
    assert "geheim" not in inhalt
    assert not Erkenntnis.objects.exists()


def test_fremde_herkunft_bekommt_die_eingaben_nicht_zurueck(client_ohne_marke):
    antwort = client_ohne_marke.post(
        NEU, {"text": "Von einer fremden Seite"}, HTTP_ORIGIN="https://boese.example"
    )
    inhalt = antwort.content.decode()
    assert antwort.status_code == 403
    assert "Formular nicht gesendet" in inhalt
    assert "Von einer fremden Seite" not in inhalt


def test_englisch(client_ohne_marke):
    client_ohne_marke.cookies["django_language"] = "en"
    antwort = client_ohne_marke.post(NEU, {"text": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert antwort.status_code == 403
    assert "Form not sent" in antwort.content.decode()
