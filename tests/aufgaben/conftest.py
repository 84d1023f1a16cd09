"""Fixtures of the task tests."""

import pytest

from tests.aufgaben.hilfen import INDIKATOR, RAEUME
from tests.factories import IndikatorFactory, KommuneFactory, RaumFactory


@pytest.fixture
def messwert_stamm(db):
    kommune = KommuneFactory(name="Stolberg", slug="stolberg")
    for slug in RAEUME[1:]:
        RaumFactory(name=slug.capitalize(), slug=slug, uebergeordnet=kommune)
    return IndikatorFactory(name=INDIKATOR)
