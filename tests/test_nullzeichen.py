"""A NUL typed into a form is refused and never echoed raw into the page (QA finding 5: the
report draft's introduction and the withdrawal reason showed a 0x00 byte inside the textarea)."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "daten"),
    [
        ("monitoring:fassung_neu", {"jahr": "2025", "stand": "2026-04-30", "einleitung": "a\x00b"}),
        ("monitoring:erkenntnis_neu", {"titel": "a\x00b", "text": "x\x00y", "quelle": "interview"}),
    ],
)
def test_nullzeichen_wird_abgelehnt_und_nicht_roh_gezeigt(redaktion_client, name, daten):
    antwort = redaktion_client.post(reverse(name), daten)
    assert antwort.status_code == 200
    assert b"\x00" not in antwort.content
    assert "Nullzeichen" in antwort.content.decode()


def test_admin_zeigt_kein_nullzeichen(datenpflege_client):
    thema = f.ThemaFactory()
    adresse = reverse("admin:aktionsplan_thema_change", args=[thema.pk])
    antwort = datenpflege_client.post(adresse, {"name": "a\x00b", "beschreibung": "c\x00d"})
    assert antwort.status_code == 200
    assert b"\x00" not in antwort.content
