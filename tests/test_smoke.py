from tests.factories import SachstandFactory


def test_factories_build_a_report(db):
    sachstand = SachstandFactory()
    assert sachstand.projekt.plan.pk
