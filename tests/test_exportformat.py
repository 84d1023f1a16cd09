"""Every export and template link answers without ``?format=`` too, with the standard format,
and refuses an unknown one with 404 (QA 2026-11-29, F-23: a bookmarked export address without
its format was a 404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aktionsplan.dateien import STANDARDFORMAT
from tests import factories as f

pytestmark = pytest.mark.django_db


def _adressen() -> list[tuple[str, str]]:
    indikator = f.IndikatorFactory()
    f.ProjektskizzeFactory()
    return [
        ("redaktion_client", reverse("projekte:projekt_export")),
        ("redaktion_client", reverse("monitoring:indikator_export", args=[indikator.pk])),
        ("redaktion_client", reverse("monitoring:messwert_import_vorlage")),
        ("redaktion_client", reverse("monitoring:messwert_export")),
        ("datenpflege_client", reverse("admin:monitoring_messwert_export")),
        ("datenpflege_client", reverse("admin:projekte_projektskizze_export")),
    ]


def test_export_ohne_format_liefert_das_standardformat(request):
    for rolle, adresse in _adressen():
        client = request.getfixturevalue(rolle)
        ohne = client.get(adresse)
        assert ohne.status_code == 200, adresse
        assert ohne["Content-Disposition"].endswith(f'.{STANDARDFORMAT}"'), adresse
        assert client.get(adresse, {"format": ""}).status_code == 200, adresse
        assert client.get(adresse, {"format": "pdf"}).status_code == 404, adresse
        xlsx = client.get(adresse, {"format": "xlsx"})
        assert xlsx["Content-Disposition"].endswith('.xlsx"'), adresse
