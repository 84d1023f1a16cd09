"""`manage.py demo`: load the Stolberg demo setting with one login per role."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from konfiguration.demo.laden import demo_laden
from projekte.models import Projektskizze


class Command(BaseCommand):
    help = _(
        "Lädt die Demodaten der Kupferstadt Stolberg (Leitbild, Räume, Pläne, 24 Maßnahmen, "
        "Akteure, Monitoring) und je Rolle eine Demo-Anmeldung. Mehrfach ausführbar."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--erzwingen",
            "--force",
            action="store_true",
            dest="erzwingen",
            help=_("Auch ohne DEBUG laden (legt Demo-Anmeldungen mit bekanntem Passwort an!)."),
        )
        parser.add_argument(
            "--region",
            action="store_true",
            dest="region",
            help=_(
                "Dazu die StädteRegion Aachen: 10 Kommunen mit 93 Sozialräumen und "
                "Einwohnerzahlen, Eschweiler mit Plan und Maßnahmen, Anmeldungen für Eschweiler "
                "und die ganze Region."
            ),
        )
        parser.add_argument(
            "--wenn-leer",
            action="store_true",
            dest="wenn_leer",
            help=_(
                "Nur in eine Datenbank ohne Maßnahmen laden (make run): ein Neustart setzt "
                "Änderungen an Demodaten nicht zurück."
            ),
        )

    def handle(
        self,
        *args: Any,
        erzwingen: bool = False,
        wenn_leer: bool = False,
        region: bool = False,
        **options: Any,
    ) -> None:
        if not settings.DEBUG and not erzwingen:
            raise CommandError(
                _(
                    "Die Demodaten werden nur mit DEBUG=1 geladen, weil sie Anmeldungen mit "
                    "bekanntem Passwort anlegen. Auf einer echten Installation nicht verwenden; "
                    "wer sicher ist, ruft den Befehl mit --erzwingen auf."
                )
            )
        if wenn_leer and Projektskizze.objects.exists():
            # QA 2026-11-29: every `make run` loaded the demo again and reset what a person had
            # changed in demo rows.
            self.stdout.write(
                _(
                    "Die Datenbank enthält schon Maßnahmen; die Demodaten werden nicht erneut "
                    "geladen, Ihre Änderungen bleiben. Neu laden: manage.py demo"
                )
            )
            return
        ergebnis = demo_laden(region=region)

        self.stdout.write(self.style.SUCCESS(_("Demodaten der Kupferstadt Stolberg geladen.")))
        if region:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Demodaten der StädteRegion Aachen (10 Kommunen, Eschweiler) geladen.")
                )
            )
        breite = max(len(name) for name, *_rest in ergebnis.zeilen)
        for name, anzahl, neu, geaendert in ergebnis.zeilen:
            self.stdout.write(
                _("  %(name)s %(anzahl)6d  (neu: %(neu)d, geändert: %(geaendert)d)")
                % {
                    "name": name.ljust(breite),
                    "anzahl": anzahl,
                    "neu": neu,
                    "geaendert": geaendert,
                }
            )
        self.stdout.write("")
        self.stdout.write(_("Demo-Anmeldungen (Passwort für alle: %s):") % ergebnis.passwort)
        if ergebnis.region_logins:
            for username, rolle, kommune in ergebnis.region_logins:
                self.stdout.write(
                    _("  %(username)s – Rolle %(rolle)s, zuständig für %(bereich)s")
                    % {
                        "username": username,
                        "rolle": rolle,
                        "bereich": kommune or _("die ganze Region"),
                    }
                )
            return
        for username, rolle in ergebnis.logins:
            self.stdout.write(
                _("  %(username)s – Rolle %(rolle)s") % {"username": username, "rolle": rolle}
            )
