"""Names of a Kommune's Leitbild and plans are unique within that Kommune (issue 12): two
Kommunen may both have a Leitbild "Inklusive Stadt 2030" or a plan "Aktionsplan Inklusion
2025–2030", and a person of one Kommune learns nothing of the other's from a refusal. Within one
Kommune (and among the Leitbilder without a Kommune) a name stays unique, without regard to case
(QA 2026-11-30, M7).

Actors and data sources keep names unique across the installation: the import finds an existing
row by its name alone (``akteure.datenarten``), so two actors of one name would make a
region-wide import ambiguous. Their check ignores case too (tests/test_gleiche_namen.py).
"""

import pytest
from django.core.exceptions import ValidationError

from aktionsplan.models import Leitbild, Plan
from aktionsplan.rollen import DATENPFLEGE
from aktionsplan.sperre import speichern
from tests.factories import (
    KommuneFactory,
    PlanFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def kommunen():
    stolberg = KommuneFactory(name="Stolberg", slug="stolberg", amtlicher_schluessel="05334032")
    eschweiler = KommuneFactory(
        name="Eschweiler", slug="eschweiler", amtlicher_schluessel="05334012"
    )
    return stolberg, eschweiler


def test_leitbild_und_plan_je_kommune(kommunen):
    stolberg, eschweiler = kommunen
    Leitbild.objects.create(name="Inklusive Stadt 2030", kommune=stolberg)
    Leitbild(name="Inklusive Stadt 2030", kommune=eschweiler).full_clean()
    with pytest.raises(ValidationError, match="Diese Kommune hat schon ein Leitbild"):
        Leitbild(name="inklusive stadt 2030", kommune=stolberg).full_clean()
    PlanFactory(name="Aktionsplan Inklusion 2025–2030", slug="ap-stolberg", kommune=stolberg)
    zweiter = PlanFactory.build(
        name="Aktionsplan Inklusion 2025–2030", slug="ap-eschweiler", kommune=eschweiler
    )
    zweiter.full_clean()
    zweiter.save()
    with pytest.raises(ValidationError, match="Diese Kommune hat schon einen Plan"):
        PlanFactory.build(
            name="AKTIONSPLAN INKLUSION 2025–2030", slug="ap-2", kommune=eschweiler
        ).full_clean()
    assert Plan.objects.count() == 2


def test_leitbild_einer_kommune_ueber_den_schreibweg(db):
    """Through the one write path in an installation with one Kommune: the Leitbild gets its
    Kommune before the check (``kommune_vorab``), so a twin is a clear message, not a database
    conflict at the save."""
    KommuneFactory(name="Stolberg", slug="stolberg")
    person = UserFactory(rollen=[DATENPFLEGE])
    speichern(Leitbild(name="Soziale Stadt"), benutzer=person)
    with pytest.raises(ValidationError) as fehler_:
        speichern(Leitbild(name="soziale\u00a0stadt"), benutzer=person)
    assert fehler_.value.messages == ["Diese Kommune hat schon ein Leitbild mit diesem Namen."]
