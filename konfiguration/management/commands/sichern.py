"""`manage.py sichern DATEI`: database and uploaded files into one archive."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from konfiguration.sicherung import SicherungsFehler, sichern


class Command(BaseCommand):
    help = _(
        "Sichert die Datenbank (PostgreSQL mit pg_dump, sonst als JSON) und die hochgeladenen "
        "Dateien in eine tar-Datei. Sitzungen, Anmeldesperren und Aufgabenergebnisse fehlen "
        "darin absichtlich."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("datei", type=Path, help=_("Zieldatei, z. B. aktionsplan.tar"))
        parser.add_argument(
            "--art",
            choices=["pg_dump", "json"],
            help=_("pg_dump (Standard bei PostgreSQL) oder json (Standard bei SQLite)"),
        )

    def handle(self, *args: Any, datei: Path, art: str | None, **options: Any) -> None:
        try:
            inhalt = sichern(datei, art=art)
        except SicherungsFehler as fehler:
            raise CommandError(str(fehler)) from fehler
        self.stdout.write(
            self.style.SUCCESS(
                _("Gesichert in %(datei)s (%(art)s, %(anzahl)d hochgeladene Dateien).")
                % {"datei": datei, "art": inhalt.art, "anzahl": inhalt.medien_dateien}
            )
        )
