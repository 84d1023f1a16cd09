"""Small numbers across Kommunen (issue 12): protection runs over the complete groups of every
Kommune, and only then are the rows narrowed to the reader's Kommunen.

Region total 120 = Aachen-Land 2 (small, minimum 3) + Baesweiler 61 + Eschweiler 57
(tests/region/test_regionsicht.py). A reader for Baesweiler and Eschweiler saw the region's 120
and both her Kommunen's values, computed from a group cut down to what she sees: 120 − 61 − 57
gave Aachen-Land's withheld 2. Every page and file that shows values to such a reader holds
back one more of them now.
"""

import pytest
from django.test import RequestFactory

from aktionsplan.rollen import REDAKTION
from monitoring import importe
from monitoring.views.indikatoren import _indikator_mit_werten
from tests.factories import UserFactory
from tests.region.test_regionsicht import region_anlegen

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(db):
    return region_anlegen()


@pytest.fixture
def zwei_kommunen(region):
    return UserFactory(
        username="b-und-c",
        rollen=[REDAKTION],
        zustaendig=[region["b"]["kommune"], region["c"]["kommune"]],
    )


def _klar(werte: dict[str, object]) -> set[str]:
    return {raum for raum, wert in werte.items() if wert is not None}


def test_indikatorseite_verraet_keine_kleine_zahl_durch_abziehen(region, zwei_kommunen):
    anfrage = RequestFactory().get("/")
    anfrage.user = zwei_kommunen
    _indikator, messwerte, anzeige = _indikator_mit_werten(anfrage, region["arbeitslose"].pk)
    gezeigt = {
        mw.raum.name: (None if anzeige[mw.pk].geschuetzt else anzeige[mw.pk].wert)
        for mw in messwerte
    }
    assert set(gezeigt) == {"StädteRegion", "Baesweiler", "Eschweiler"}  # not Aachen-Land
    # Not all three in clear: otherwise 120 − 61 − 57 = 2.
    assert len(_klar(gezeigt)) <= 2


def test_export_verraet_keine_kleine_zahl_durch_abziehen(region, zwei_kommunen):
    inhalt = importe.exportieren(
        nutzer=zwei_kommunen, datenpflege=False, indikator=region["arbeitslose"], format_="csv"
    ).decode("utf-8-sig")
    zeilen = [z.split(";") for z in inhalt.splitlines()[1:] if z.strip()]
    klar = [z for z in zeilen if any(feld in ("120", "61", "57") for feld in z)]
    assert "Aachen-Land" not in inhalt
    assert len(klar) <= 2, zeilen
