"""Every long text fits the XLSX cell it is exported to (QA 2026-11-29, F-5): a text of 100,000
characters was stored and made every export a file Excel "repairs" by cutting it."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from aktionsplan.eingaben import TEXT_MAX, feldfehler
from aktionsplan.sperre import Versioniert
from tests import factories as f

LANGE_TEXTE = [
    (modell, feld.name)
    for modell in apps.get_models()
    if issubclass(modell, Versioniert)
    for feld in modell._meta.concrete_fields
    if isinstance(feld, models.TextField)
]


def test_es_gibt_lange_texte():
    assert len(LANGE_TEXTE) >= 15


@pytest.mark.parametrize(
    ("modell", "feld"), LANGE_TEXTE, ids=[f"{m.__name__}.{n}" for m, n in LANGE_TEXTE]
)
def test_jeder_lange_text_hat_die_grenze_einer_xlsx_zelle(modell, feld):
    objekt = modell(**{feld: "a" * TEXT_MAX})
    assert feld not in dict(feldfehler(objekt))
    setattr(objekt, feld, "a" * (TEXT_MAX + 1))
    fehler = dict(feldfehler(objekt))[feld]
    assert "höchstens 32.767 Zeichen" in fehler.message
    assert "32.768 eingegeben" in fehler.message


@pytest.mark.django_db
def test_zu_langer_text_im_formular_wird_abgelehnt_und_nichts_gespeichert(redaktion_client):
    projekt = f.ProjektskizzeFactory(nummer=1)
    adresse = reverse("projekte:sachstand_neu", args=[projekt.pk])
    antwort = redaktion_client.post(
        adresse,
        {
            "datum": "2026-01-05",
            "status": "in_umsetzung",
            "ampel": "gruen",
            "fortschritt": "10",
            "text": "x" * 100_000,
        },
    )
    assert antwort.status_code == 200
    assert "ist zu lang: höchstens 32.767 Zeichen" in antwort.content.decode()
    assert projekt.sachstaende.count() == 0
