"""`manage.py erinnerungen`: e-mail reminders to the people responsible for measures (for cron).

The command finds who has something due and enqueues one mail per person in the task queue
(monitoring.hintergrund.erinnerungsmail); the worker (`manage.py arbeiter`) sends them.
"""

import argparse
import datetime
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from aktionsplan.eingaben import JAHR_BIS, JAHR_VON, ziffern_normalisieren
from monitoring.erinnerungen import erinnerungen_ermitteln
from monitoring.hintergrund import erinnerung_starten

# German first (01.06.2027, also 1.6.2027), ISO as written by scripts (2027-06-01).
DATUMSFORMATE = ("%d.%m.%Y", "%Y-%m-%d")


def stichtag_lesen(text: str) -> datetime.date:
    """The reference date of ``--stichtag``: TT.MM.JJJJ or JJJJ-MM-TT, years JAHR_VON-JAHR_BIS
    (the shared plausible range, aktionsplan.eingaben).

    Raises argparse.ArgumentTypeError with a German message: argparse then prints the usage and
    the message and ends with status 2, no traceback (a CommandError raised here escaped the
    argument parser as a traceback); ``call_command`` turns it into a CommandError."""
    bereinigt = ziffern_normalisieren(text.strip())
    for muster in DATUMSFORMATE:
        try:
            datum = datetime.date(*time.strptime(bereinigt, muster)[:3])
        except ValueError:
            continue
        if not JAHR_VON <= datum.year <= JAHR_BIS:
            raise argparse.ArgumentTypeError(
                f"Das Jahr {datum.year} liegt nicht zwischen {JAHR_VON} und {JAHR_BIS}."
            )
        return datum
    raise argparse.ArgumentTypeError(
        f"Ungültiges Datum „{text}“. Bitte geben Sie den Stichtag als TT.MM.JJJJ "
        "(z. B. 01.06.2027) oder JJJJ-MM-TT (2027-06-01) an."
    )


class Command(BaseCommand):
    help = (
        "Reiht für jede verantwortliche Person eine E-Mail mit ihren überfälligen Meilensteinen "
        "und Maßnahmen ohne aktuellen Sachstand in die Warteschlange ein (der "
        "Hintergrunddienst `manage.py arbeiter` versendet sie)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stichtag",
            type=stichtag_lesen,
            help="Stichtag TT.MM.JJJJ oder JJJJ-MM-TT (Standard: heute).",
        )
        parser.add_argument(
            "--trocken",
            action="store_true",
            help="Nur anzeigen, was gesendet würde; nichts einreihen.",
        )

    def handle(self, *args, stichtag=None, trocken=False, **options):
        stichtag = stichtag or timezone.localdate()
        ergebnis = erinnerungen_ermitteln(stichtag=stichtag)
        for e in ergebnis.erinnerungen:
            self.stdout.write(
                f"{e.person.email}: {len(e.meilensteine)} überfällige Meilensteine, "
                f"{len(e.projekte)} Maßnahmen ohne aktuellen Sachstand"
            )
            for ms in e.meilensteine:
                self.stdout.write(f"  - Meilenstein {ms.titel} ({ms.projekt.kennung})")
            for p in e.projekte:
                self.stdout.write(f"  - Sachstand fehlt: {p.kennung} {p.titel}")
        if ergebnis.ohne_verantwortlich:
            self.stdout.write(
                "Maßnahmen mit Fälligem, aber ohne verantwortliche Person mit E-Mail:"
            )
            for p in ergebnis.ohne_verantwortlich:
                self.stdout.write(f"  - {p.kennung} {p.titel}")
        if trocken:
            self.stdout.write(
                f"Probelauf: {len(ergebnis.erinnerungen)} Erinnerungen würden gesendet."
            )
            return
        for erinnerung in ergebnis.erinnerungen:
            erinnerung_starten(erinnerung, stichtag=stichtag)
        self.stdout.write(
            self.style.SUCCESS(f"{len(ergebnis.erinnerungen)} Erinnerungen zum Versand eingereiht.")
        )
