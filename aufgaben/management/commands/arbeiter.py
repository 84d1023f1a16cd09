"""`manage.py arbeiter`: the task worker — django-tasks-db's db_worker with a heartbeat.

Takes every option of `db_worker` (e.g. `--batch`, `--no-reload`, `--queue-name`) and writes
the heartbeat (aufgaben.herzschlag) every `--herzschlag` seconds while the worker runs. With
auto-reload (the default under DEBUG) only the reloaded child process, which runs the tasks,
beats.
"""

import os

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from aufgaben.herzschlag import Herzschlag


class Command(DbWorkerCommand):
    help = (
        "Startet den Hintergrunddienst für lange Aufgaben (Berichte, große Importe, "
        "Erinnerungen) und schreibt regelmäßig seinen Herzschlag in den Cache."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--herzschlag",
            type=float,
            default=settings.AUFGABEN_HERZSCHLAG_SEKUNDEN,
            help="Abstand der Herzschläge in Sekunden (Standard: %(default)s).",
        )

    def handle(self, *args, herzschlag: float, **options) -> None:
        if not herzschlag > 0:
            raise CommandError("--herzschlag muss größer als 0 sein.")
        herz = None
        if not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            herz = Herzschlag(herzschlag)
            # The first beat before the first task, so the health check sees the worker at once.
            herz.schlagen()
            herz.start()
        try:
            super().handle(*args, **options)
        finally:
            if herz is not None:
                herz.anhalten()
