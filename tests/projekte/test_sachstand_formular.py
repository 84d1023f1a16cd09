"""The status report form starts from the measure's current status, Ampel and progress
(issue 10, point 4)."""

import pytest
from django.urls import reverse

from projekte.models import Ampel, Status
from tests.factories import ProjektskizzeFactory, SachstandFactory

pytestmark = pytest.mark.django_db


def test_formular_startet_beim_aktuellen_stand(redaktion_client):
    projekt = ProjektskizzeFactory()
    SachstandFactory(
        projekt=projekt, status=Status.IN_UMSETZUNG, ampel=Ampel.GEFAEHRDET, fortschritt=40
    )
    antwort = redaktion_client.get(reverse("projekte:sachstand_neu", args=[projekt.pk]))
    form = antwort.context["form"]
    assert form["status"].value() == Status.IN_UMSETZUNG
    assert form["ampel"].value() == Ampel.GEFAEHRDET
    assert form["fortschritt"].value() == 40
    inhalt = antwort.content.decode()
    assert 'value="in_umsetzung" class="kern-radio__input" id="id_status_2" checked' in inhalt or (
        'value="in_umsetzung"' in inhalt and "checked" in inhalt
    )
    # The text is new every time.
    assert not form["text"].value()


def test_ohne_sachstand_startet_es_bei_idee_und_null(redaktion_client):
    projekt = ProjektskizzeFactory()
    form = redaktion_client.get(reverse("projekte:sachstand_neu", args=[projekt.pk])).context[
        "form"
    ]
    assert form["status"].value() == Status.IDEE
    assert form["ampel"].value() is None
    assert form["fortschritt"].value() == 0
