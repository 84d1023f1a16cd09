"""What was measured or heard lies in the past (QA 2026-11-29, F-6): a value for a year that has
not begun and a finding dated tomorrow are refused with a clear message on every write path —
the model's clean(), which the staff forms, the admin and the imports run."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from monitoring.models import Erkenntnis, Messwert
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_messwert_fuer_ein_kommendes_jahr_wird_abgelehnt():
    jahr = timezone.localdate().year
    messwert = f.MesswertFactory.build(
        indikator=f.IndikatorFactory(), raum=f.KommuneFactory(), jahr=jahr + 1
    )
    with pytest.raises(ValidationError) as fehler:
        messwert.full_clean()
    assert fehler.value.message_dict["jahr"] == [
        f"Für das Jahr {jahr + 1} gibt es noch keinen Messwert: es hat noch nicht begonnen."
    ]
    # The running year is allowed (provisional values).
    messwert.jahr = jahr
    messwert.full_clean()


def test_messwert_formular_lehnt_ein_kommendes_jahr_ab_und_speichert_nichts(redaktion_client):
    indikator = f.IndikatorFactory()
    kommune = f.KommuneFactory()
    jahr = timezone.localdate().year + 1
    antwort = redaktion_client.post(
        reverse("monitoring:messwert_neu", args=[indikator.pk]),
        {"jahr": str(jahr), "raum": kommune.pk, "wert": "12", "quellenhinweis": ""},
    )
    assert antwort.status_code == 200
    assert "es hat noch nicht begonnen" in antwort.content.decode()
    assert not Messwert.objects.exists()


def test_erkenntnis_mit_datum_in_der_zukunft_wird_abgelehnt(redaktion_client):
    morgen = timezone.localdate() + datetime.timedelta(days=1)
    antwort = redaktion_client.post(
        reverse("monitoring:erkenntnis_neu"),
        {
            "titel": "Rampe fehlt",
            "text": "Am Rathaus.",
            "datum": morgen.isoformat(),
            "quelle": "veranstaltung",
        },
    )
    assert antwort.status_code == 200
    assert "Eine Erkenntnis kann nicht in der Zukunft liegen." in antwort.content.decode()
    assert not Erkenntnis.objects.exists()
    heute = f.ErkenntnisFactory.build(datum=timezone.localdate())
    heute.full_clean(exclude=["beteiligungsformat"])
