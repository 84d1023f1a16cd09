"""Reminder mails: `manage.py erinnerungen` and the service behind it."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from projekte.models import Projektskizze, Status
from tests.factories import (
    MeilensteinFactory,
    ProjektskizzeFactory,
    SachstandFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STICHTAG = datetime.date(2026, 11, 1)


def _alt(projekt):
    """Backdate the creation, so a measure without any report is due."""
    Projektskizze.objects.filter(pk=projekt.pk).update(
        erstellt_am=timezone.make_aware(datetime.datetime(2025, 1, 1))
    )
    return projekt


@pytest.fixture
def daten():
    anna = UserFactory(username="anna", first_name="Anna", last_name="Schmitz")
    ben = UserFactory(username="ben")
    carla = UserFactory(username="carla")  # nothing due
    # Anna: one overdue milestone and one measure with an old report.
    p1 = ProjektskizzeFactory(titel="Inklusive Spielplätze", verantwortlich=anna)
    SachstandFactory(projekt=p1, datum=datetime.date(2026, 10, 1))
    MeilensteinFactory(
        projekt=p1, titel="Spielgeräte bestellt", faellig_am=datetime.date(2026, 9, 1)
    )
    MeilensteinFactory(
        projekt=p1,
        titel="Planung fertig",
        faellig_am=datetime.date(2026, 3, 1),
        erledigt_am=datetime.date(2026, 3, 5),
    )
    MeilensteinFactory(projekt=p1, titel="Eröffnung", faellig_am=datetime.date(2026, 12, 1))
    p2 = ProjektskizzeFactory(titel="Leichte Sprache im Rathaus", verantwortlich=anna)
    SachstandFactory(projekt=p2, datum=datetime.date(2025, 1, 10))
    # Ben: a measure without any report.
    _alt(ProjektskizzeFactory(titel="Inklusionslotsen", verantwortlich=ben))
    # Carla: recent report, nothing overdue; a finished measure with an old report.
    p4 = ProjektskizzeFactory(titel="Aktuelle Maßnahme", verantwortlich=carla)
    SachstandFactory(projekt=p4, datum=datetime.date(2026, 10, 20))
    p5 = ProjektskizzeFactory(titel="Längst umgesetzt", verantwortlich=carla)
    SachstandFactory(projekt=p5, datum=datetime.date(2024, 1, 1), status=Status.UMGESETZT)
    # Nobody responsible.
    _alt(ProjektskizzeFactory(titel="Herrenlose Maßnahme", verantwortlich=None))
    # Created recently without a report yet: not due.
    ProjektskizzeFactory(titel="Gerade angelegt", verantwortlich=ben)
    return {"anna": anna, "ben": ben, "carla": carla, "p1": p1, "p2": p2}


def _aufrufen(*args) -> str:
    ausgabe = StringIO()
    call_command("erinnerungen", *args, stdout=ausgabe)
    return ausgabe.getvalue()


@override_settings(SACHSTAND_MAX_ALTER_TAGE=183, BASIS_URL="https://aktionsplan.example.org")
def test_eine_mail_je_person_mit_ihren_punkten(daten):
    ausgabe = _aufrufen("--stichtag", STICHTAG.isoformat())
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "ben@example.org"]
    anna = next(m for m in mail.outbox if m.to == ["anna@example.org"])
    assert "Erinnerung" in anna.subject
    assert "Guten Tag Anna Schmitz," in anna.body
    assert "Spielgeräte bestellt" in anna.body
    assert "Planung fertig" not in anna.body
    assert "Eröffnung" not in anna.body
    assert "Leichte Sprache im Rathaus" in anna.body
    assert f"https://aktionsplan.example.org{daten['p2'].get_absolute_url()}" in anna.body
    html, art = anna.alternatives[0]
    assert art == "text/html"
    assert f'href="https://aktionsplan.example.org{daten["p1"].get_absolute_url()}"' in html
    ben = next(m for m in mail.outbox if m.to == ["ben@example.org"])
    assert "Inklusionslotsen" in ben.body
    assert "noch kein Sachstand" in ben.body
    assert "Spielgeräte" not in ben.body
    assert "Gerade angelegt" not in ben.body
    assert "Herrenlose Maßnahme" in ausgabe
    assert "2 Erinnerungen gesendet." in ausgabe


def test_probelauf_sendet_nichts(daten):
    ausgabe = _aufrufen("--stichtag", STICHTAG.isoformat(), "--trocken")
    assert mail.outbox == []
    assert "Probelauf: 2 Erinnerungen würden gesendet." in ausgabe
    assert "anna@example.org: 1 überfällige Meilensteine, 1 Maßnahmen" in ausgabe


def test_niemand_faellig_keine_mail(daten):
    # Before any milestone was due and with a long allowed report age: nothing to send.
    with override_settings(SACHSTAND_MAX_ALTER_TAGE=5000):
        ausgabe = _aufrufen("--stichtag", "2026-01-01")
    assert mail.outbox == []
    assert "0 Erinnerungen gesendet." in ausgabe


def test_person_ohne_email_wird_gelistet():
    ohne = UserFactory(username="ohne", email="")
    _alt(ProjektskizzeFactory(titel="Maßnahme ohne Adresse", verantwortlich=ohne))
    ausgabe = _aufrufen("--stichtag", STICHTAG.isoformat())
    assert mail.outbox == []
    assert "Maßnahme ohne Adresse" in ausgabe


def test_ungueltiges_datum():
    with pytest.raises(CommandError, match="Ungültiges Datum"):
        _aufrufen("--stichtag", "01.11.2026")


def test_abfragen_fest(daten, django_assert_num_queries):
    from monitoring.erinnerungen import erinnerungen_ermitteln

    for _i in range(10):
        _alt(ProjektskizzeFactory(verantwortlich=daten["ben"]))
    # 1 overdue milestones with measures and persons, 2 measures without a recent report.
    with django_assert_num_queries(2):
        ergebnis = erinnerungen_ermitteln(stichtag=STICHTAG)
    assert len(ergebnis.erinnerungen) == 2
