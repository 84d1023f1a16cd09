"""The admin's delete confirmation names the links a delete removes in words (QA 2026-11-29,
F-14): "Zuordnung „Zielgruppen“: 1.1 Inklusive Spielplätze – Kinder", not Django's
"Projektskizze-Zielgruppe-Beziehung: Projektskizze_zielgruppen object (3)"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aktionsplan.models import Zielgruppe
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_loeschseite_nennt_zuordnungen_in_worten(datenpflege_client):
    zielgruppe = Zielgruppe.objects.create(name="Kinder")
    projekt = f.ProjektskizzeFactory(titel="Inklusive Spielplätze")
    projekt.zielgruppen.add(zielgruppe)
    inhalt = datenpflege_client.get(
        reverse("admin:aktionsplan_zielgruppe_delete", args=[zielgruppe.pk])
    ).content.decode()
    assert "object (" not in inhalt
    assert "Beziehung" not in inhalt
    assert "relationship" not in inhalt
    assert f"Zuordnung „Zielgruppen“: {projekt} – Kinder" in inhalt
