"""`manage.py erinnerungen`: e-mail reminders to the people responsible for measures (for cron).

The command finds who has something due and enqueues one mail per person in the task queue
(monitoring.hintergrund.erinnerungsmail); the worker (`manage.py arbeiter`) sends them.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from monitoring.erinnerungen import erinnerungen_ermitteln
from monitoring.hintergrund import erinnerung_starten


def _datum(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Ungültiges Datum „{text}“, erwartet JJJJ-MM-TT.") from None


class Command(BaseCommand):
    help = (
        "Reiht für jede verantwortliche Person eine E-Mail mit ihren überfälligen Meilensteinen "
        "und Maßnahmen ohne aktuellen Sachstand in die Warteschlange ein (der "
        "Hintergrunddienst `manage.py arbeiter` versendet sie)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stichtag", type=_datum, help="Stichtag JJJJ-MM-TT (Standard: heute)."
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
