"""Shared pieces of the task tests: the queue's database backend, the worker run in-process, and
a big file of measured values."""

import signal
from io import StringIO

from django.core.management import call_command

# The production backend (konfiguration.settings.TASKS); the suite runs tasks at once otherwise.
DATENBANK_WARTESCHLANGE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}
INDIKATOR = "Schwerbehinderte Menschen"
# The Kommune and 16 of its Sozialräume: 17 areas × the years 1990–2025 hold 612 rows, all in the
# past (a value for a year that has not begun is refused, QA F-6).
RAEUME = (
    "stolberg",
    "buesbach",
    "muensterbusch",
    "vicht",
    "zweifall",
    "atsch",
    "breinig",
    "breinigerberg",
    "donnerberg",
    "dorff",
    "gressenich",
    "mausbach",
    "oberstolberg",
    "schevenhuette",
    "unterstolberg",
    "venwegen",
    "werth",
)
ERSTES_JAHR = 1990


def arbeiter_laufen_lassen() -> None:
    """`manage.py arbeiter --batch` in this process: runs every queued task, then returns.

    The worker installs its own SIGINT/SIGTERM handlers; the test process gets its own back.
    """
    vorher = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    ausgabe = StringIO()
    try:
        call_command(
            "arbeiter",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            "--interval=0",
            stdout=ausgabe,
            stderr=ausgabe,
        )
    finally:
        for s, handler in vorher.items():
            signal.signal(s, handler)


def messwert_csv(anzahl: int, *, wert_ab: int = 100, fehler_in: int | None = None) -> bytes:
    """``anzahl`` value rows (17 areas × consecutive years from 1990); row ``fehler_in`` (its
    number among the data rows, from 1) gets a value that is no number. At most 612 rows (the
    years up to 2025)."""
    assert anzahl <= len(RAEUME) * (2025 - ERSTES_JAHR + 1)
    zeilen = ["Indikator;Jahr;Raum;Wert"]
    for i in range(anzahl):
        jahr = ERSTES_JAHR + i // len(RAEUME)
        raum = RAEUME[i % len(RAEUME)]
        wert = "viele" if fehler_in == i + 1 else str(wert_ab + i)
        zeilen.append(f"{INDIKATOR};{jahr};{raum};{wert}")
    return "\r\n".join(zeilen).encode("utf-8")
