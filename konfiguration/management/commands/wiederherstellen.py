"""`manage.py wiederherstellen DATEI`: replaces database and uploaded files with a backup's."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _

from konfiguration.sicherung import SicherungsFehler, inhalt_lesen, wiederherstellen


class Command(BaseCommand):
    help = _(
        "Ersetzt alle Daten der Datenbank und alle hochgeladenen Dateien durch die einer "
        "Sicherung (manage.py sichern). Danach ist niemand mehr angemeldet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("datei", type=Path, help=_("die Sicherung, z. B. aktionsplan.tar"))
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=_("Nicht nachfragen."),
        )

    def handle(self, *args: Any, datei: Path, interactive: bool = True, **options: Any) -> None:
        try:
            inhalt = inhalt_lesen(datei)
        except SicherungsFehler as fehler:
            raise CommandError(str(fehler)) from fehler
        if interactive:
            frage = _(
                "Alle Daten in %(datenbank)s und alle Dateien in MEDIA_ROOT werden durch die "
                "Sicherung vom %(erstellt)s ersetzt. Zum Fortfahren „ja“ eingeben: "
            ) % {"datenbank": connection.settings_dict["NAME"], "erstellt": inhalt.erstellt}
            if input(frage).strip().lower() != "ja":
                raise CommandError(_("Abgebrochen, nichts geändert."))
        try:
            wiederherstellen(datei)
        except SicherungsFehler as fehler:
            raise CommandError(str(fehler)) from fehler
        self.stdout.write(
            self.style.SUCCESS(
                _("Wiederhergestellt aus %(datei)s (%(art)s, %(anzahl)d hochgeladene Dateien).")
                % {"datei": datei, "art": inhalt.art, "anzahl": inhalt.medien_dateien}
            )
        )
        if inhalt.art == "pg_dump":
            self.stdout.write(
                _("Falls der Programmstand neuer ist als die Sicherung: manage.py migrate.")
            )
