"""`manage.py erinnerungen`: e-mail reminders to the people responsible for measures (for cron)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from monitoring.erinnerungen import erinnerungen_versenden


def _datum(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Ungültiges Datum „{text}“, erwartet JJJJ-MM-TT.") from None


class Command(BaseCommand):
    help = (
        "Sendet jeder verantwortlichen Person eine E-Mail mit ihren überfälligen Meilensteinen "
        "und Maßnahmen ohne aktuellen Sachstand."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stichtag", type=_datum, help="Stichtag JJJJ-MM-TT (Standard: heute)."
        )
        parser.add_argument(
            "--trocken",
            action="store_true",
            help="Nur anzeigen, was gesendet würde; nichts senden.",
        )

    def handle(self, *args, stichtag=None, trocken=False, **options):
        stichtag = stichtag or timezone.localdate()
        ergebnis = erinnerungen_versenden(stichtag=stichtag, trocken=trocken)
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
        self.stdout.write(self.style.SUCCESS(f"{ergebnis.gesendet} Erinnerungen gesendet."))
        if ergebnis.fehlgeschlagen:
            for adresse in ergebnis.fehlgeschlagen:
                self.stderr.write(f"  - nicht gesendet an {adresse}")
            # A non-zero exit code, so that cron reports the failure.
            raise CommandError(
                f"{len(ergebnis.fehlgeschlagen)} Erinnerungen konnten nicht gesendet werden."
            )
