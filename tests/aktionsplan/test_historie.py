"""Who changed what and when is answerable from day one (django-simple-history)."""

import pytest

from tests.factories import (
    AkteurFactory,
    AnsprechpersonFactory,
    IndikatorFactory,
    MeilensteinFactory,
    MesswertFactory,
    ProjektskizzeFactory,
    SachstandFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "feld", "neu"),
    [
        (ProjektskizzeFactory, "titel", "Begegnungstag Inklusion"),
        (SachstandFactory, "text", "Verzögert wegen Förderbescheid."),
        (MeilensteinFactory, "titel", "Ausschreibung veröffentlicht"),
        (IndikatorFactory, "einheit", "Prozent"),
        (MesswertFactory, "quellenhinweis", "Versorgungsamt, Stand 31.12."),
        (AkteurFactory, "kurzname", "LVR"),
        (AnsprechpersonFactory, "funktion", "Teamleitung"),
    ],
)
def test_aenderung_wird_mit_person_und_altem_wert_aufgezeichnet(factory, feld, neu):
    person = UserFactory(first_name="Erika", last_name="Musterfrau")
    objekt = factory()
    alt = getattr(objekt, feld)
    setattr(objekt, feld, neu)
    objekt._history_user = person
    objekt.save(update_fields=[feld])

    neueste, vorige = objekt.history.all()[:2]
    assert neueste.history_user == person
    assert neueste.history_type == "~"
    delta = neueste.diff_against(vorige)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [(feld, alt, neu)]


def test_geloeschte_ansprechperson_bleibt_in_der_historie_nachvollziehbar():
    person = AnsprechpersonFactory(name="Max Mustermann")
    pk = person.pk
    person.delete()
    assert person.history.model.objects.filter(id=pk, history_type="-").exists()
