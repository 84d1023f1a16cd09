"""Reminder mails: `manage.py erinnerungen` and the service behind it."""

import datetime
import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from aufgaben.models import Aufgabe
from monitoring.erinnerungen import erinnerungen_ermitteln
from projekte.models import Projektskizze, Status
from querschnitt.uebersicht import uebersicht_laden
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


def _aufrufen(*args, stderr=None) -> str:
    ausgabe = StringIO()
    call_command("erinnerungen", *args, stdout=ausgabe, stderr=stderr or StringIO())
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
    assert "2 Erinnerungen zum Versand eingereiht." in ausgabe


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
    assert "0 Erinnerungen zum Versand eingereiht." in ausgabe


def test_person_ohne_email_wird_gelistet():
    ohne = UserFactory(username="ohne", email="")
    _alt(ProjektskizzeFactory(titel="Maßnahme ohne Adresse", verantwortlich=ohne))
    ausgabe = _aufrufen("--stichtag", STICHTAG.isoformat())
    assert mail.outbox == []
    assert "Maßnahme ohne Adresse" in ausgabe


@override_settings(SACHSTAND_MAX_ALTER_TAGE=183)
def test_stichtag_deutsch_und_iso(daten):
    deutsch = _aufrufen("--stichtag", "01.11.2026", "--trocken")
    assert "Probelauf: 2 Erinnerungen würden gesendet." in deutsch
    assert _aufrufen("--stichtag", "1.11.2026", "--trocken") == deutsch
    assert _aufrufen("--stichtag", STICHTAG.isoformat(), "--trocken") == deutsch


@pytest.mark.parametrize(
    ("eingabe", "meldung"),
    [
        (
            "31.02.2027",
            "Ungültiges Datum „31.02.2027“. Bitte geben Sie den Stichtag als TT.MM.JJJJ",
        ),
        ("morgen", "Ungültiges Datum „morgen“"),
        ("2027/06/01", "Ungültiges Datum"),
        ("01.06.1900", "Das Jahr 1900 liegt nicht zwischen 1990 und 2100."),
    ],
)
def test_ungueltiges_datum(eingabe, meldung):
    with pytest.raises(CommandError, match=meldung):
        _aufrufen("--stichtag", eingabe)


def test_ungueltiges_datum_auf_der_kommandozeile_ohne_traceback():
    """From the shell (cron), not call_command: argparse's message and status 2, no traceback."""
    import subprocess
    import sys
    from pathlib import Path

    ergebnis = subprocess.run(
        [sys.executable, "manage.py", "erinnerungen", "--stichtag", "32.06.2027"],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ergebnis.returncode == 2
    assert "Traceback" not in ergebnis.stderr
    assert "Ungültiges Datum „32.06.2027“" in ergebnis.stderr


def test_abfragen_fest(daten, django_assert_num_queries):
    for _i in range(10):
        _alt(ProjektskizzeFactory(verantwortlich=daten["ben"]))
    # 1 overdue milestones with measures and persons, 2 measures without a recent report.
    with django_assert_num_queries(2):
        ergebnis = erinnerungen_ermitteln(stichtag=STICHTAG)
    assert len(ergebnis.erinnerungen) == 2


@override_settings(SACHSTAND_MAX_ALTER_TAGE=183)
def test_erinnerung_und_uebersicht_nennen_dieselben_massnahmen(datenpflege_user):
    """Every status × (old report, fresh report, no report and old, no report and new): the
    reminders name exactly the measures the overview lists as "ohne aktuellen Sachstand"."""
    person = UserFactory(username="petra")
    erwartet = set()
    for status in Status:
        alt = ProjektskizzeFactory(titel=f"{status.label} alt", verantwortlich=person)
        SachstandFactory(projekt=alt, datum=datetime.date(2026, 1, 1), status=status)
        frisch = ProjektskizzeFactory(titel=f"{status.label} frisch", verantwortlich=person)
        SachstandFactory(projekt=frisch, datum=datetime.date(2026, 10, 1), status=status)
        if status in (Status.IDEE, Status.IN_PLANUNG, Status.IN_UMSETZUNG):
            erwartet.add(f"{status.label} alt")
    # Without any report: counts as "Idee"; due only once it is older than the limit.
    _alt(ProjektskizzeFactory(titel="Ohne Bericht alt", verantwortlich=None))
    neu = ProjektskizzeFactory(titel="Ohne Bericht neu", verantwortlich=person)
    Projektskizze.objects.filter(pk=neu.pk).update(
        erstellt_am=timezone.make_aware(datetime.datetime(2026, 10, 20))
    )
    erwartet.add("Ohne Bericht alt")

    ergebnis = erinnerungen_ermitteln(stichtag=STICHTAG)
    in_erinnerungen = {p.titel for e in ergebnis.erinnerungen for p in e.projekte} | {
        p.titel for p in ergebnis.ohne_verantwortlich
    }
    in_uebersicht = {
        p.titel for p in uebersicht_laden(datenpflege_user, STICHTAG).ohne_aktuellen_sachstand
    }
    assert in_erinnerungen == in_uebersicht == erwartet
    assert "Verstetigt alt" not in in_uebersicht
    assert "Zurückgestellt alt" not in in_uebersicht


@override_settings(SACHSTAND_MAX_ALTER_TAGE=183)
def test_smtp_fehler_haelt_die_anderen_nicht_auf(daten, monkeypatch):
    senden = EmailMultiAlternatives.send

    def senden_mit_fehler(nachricht, *args, **kwargs):
        if nachricht.to == ["anna@example.org"]:
            raise smtplib.SMTPRecipientsRefused({"anna@example.org": (550, b"unbekannt")})
        return senden(nachricht, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", senden_mit_fehler)
    ausgabe = _aufrufen("--stichtag", STICHTAG.isoformat())
    # The command only enqueues (cron sees success); each mail is a task of its own.
    assert "2 Erinnerungen zum Versand eingereiht." in ausgabe
    # Ben (after Anna in the order) still got his mail.
    assert [m.to for m in mail.outbox] == [["ben@example.org"]]
    anna = Aufgabe.objects.get(eingabe__person=daten["anna"].pk)
    assert anna.status == Aufgabe.Status.FEHLGESCHLAGEN
    assert anna.gestartet_von is None
    assert "SMTPRecipientsRefused" in anna.fehler_technisch
    ben = Aufgabe.objects.get(eingabe__person=daten["ben"].pk)
    assert ben.status == Aufgabe.Status.FERTIG
    assert ben.ergebnis == {
        "gesendet": True,
        "an": "ben@example.org",
        "meilensteine": 0,
        "massnahmen": 1,
    }
