"""`manage.py aufgaben_aufraeumen`: delete old task records and their files (for cron)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from aufgaben.services import aufraeumen


class Command(BaseCommand):
    help = (
        "Löscht beendete Aufgaben, die älter als --tage sind, mit ihren Dateien, und markiert "
        "Aufgaben, deren Hintergrunddienst abgebrochen ist, als fehlgeschlagen."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--tage", type=int, default=30, help="Aufbewahrungsdauer in Tagen (Standard: 30)."
        )

    def handle(self, *args, tage: int, **options) -> None:
        if tage < 1:
            raise CommandError("--tage muss mindestens 1 sein.")
        abgebrochen, geloescht, dateien = aufraeumen(aelter_als=datetime.timedelta(days=tage))
        self.stdout.write(
            f"{abgebrochen} abgebrochene Aufgaben als fehlgeschlagen markiert, "
            f"{geloescht} Aufgaben und {dateien} Dateien gelöscht."
        )
