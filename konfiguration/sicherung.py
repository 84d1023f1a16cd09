"""Backup and restore: the database and the uploaded files in one tar archive.

* PostgreSQL: ``pg_dump`` in its custom format, back with ``pg_restore`` (the usual tools, the
  server's own consistent snapshot, fast for large databases).
* SQLite (and PostgreSQL on request): ``dumpdata``/``loaddata`` as JSON, which also moves an
  embedded installation to PostgreSQL.
* The uploaded files: MEDIA_ROOT under ``medien/``.

Left out, by design: sessions (everybody logs in again), login-throttling records (django-axes)
and the task queue's results. ``sicherung.json`` in the archive says what it holds.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings
from django.utils import timezone

FORMAT_VERSION = 1
MANIFEST = "sicherung.json"
DUMP = "datenbank.dump"
JSON = "daten.json"
MEDIEN = "medien"
# Apps whose rows are state of the moment, not data: sessions, lockouts, task results (the
# task queue's database backend, under either of its package names).
AUSGELASSENE_APPS = ("sessions", "axes", "django_tasks_database", "django_tasks_db")


class SicherungsFehler(Exception):  # noqa: N818 — German domain word
    """The archive is not usable here, or a tool failed; the message says why, in German."""


@dataclass(frozen=True)
class Inhalt:
    """What a backup holds (``sicherung.json``)."""

    art: str  # "pg_dump" or "json"
    erstellt: str
    datenbank: str  # the vendor it came from
    migrationen: list[list[str]]
    medien_dateien: int


def ausgelassene_apps() -> list[str]:
    """The installed apps of AUSGELASSENE_APPS (labels)."""
    return [config.label for config in apps.get_app_configs() if config.label in AUSGELASSENE_APPS]


def _ausgelassene_tabellen() -> list[str]:
    return [
        modell._meta.db_table
        for label in ausgelassene_apps()
        for modell in apps.get_app_config(label).get_models(include_auto_created=True)
    ]


def _migrationen(alias: str) -> list[list[str]]:
    return sorted(
        [app, name] for app, name in MigrationRecorder(connections[alias]).applied_migrations()
    )


def _pg_umgebung(alias: str) -> dict[str, str]:
    """libpq's variables for the connection Django uses (so no password is on a command line)."""
    einstellungen = connections[alias].settings_dict
    umgebung = dict(os.environ)
    for variable, wert in (
        ("PGHOST", einstellungen.get("HOST")),
        ("PGPORT", einstellungen.get("PORT")),
        ("PGUSER", einstellungen.get("USER")),
        ("PGPASSWORD", einstellungen.get("PASSWORD")),
        ("PGDATABASE", einstellungen.get("NAME")),
        ("PGSSLMODE", einstellungen.get("OPTIONS", {}).get("sslmode")),
    ):
        if wert:
            umgebung[variable] = str(wert)
    return umgebung


def _ausfuehren(befehl: list[str], alias: str) -> None:
    try:
        ergebnis = subprocess.run(  # noqa: S603 (fixed programs, arguments from the settings)
            befehl, env=_pg_umgebung(alias), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as fehler:
        raise SicherungsFehler(
            f"{befehl[0]} fehlt: Bitte installieren Sie das Debian-Paket postgresql-client."
        ) from fehler
    if ergebnis.returncode != 0:
        raise SicherungsFehler(f"{befehl[0]} ist gescheitert: {ergebnis.stderr.strip()}")


def sichern(ziel: Path, *, art: str | None = None, alias: str = DEFAULT_DB_ALIAS) -> Inhalt:
    """Writes the archive ``ziel`` (a tar file; it must not exist yet).

    ``art``: "pg_dump" (the default on PostgreSQL) or "json" (the default elsewhere).
    Raises SicherungsFehler if pg_dump fails or ``ziel`` exists."""
    verbindung = connections[alias]
    art = art or ("pg_dump" if verbindung.vendor == "postgresql" else "json")
    if art == "pg_dump" and verbindung.vendor != "postgresql":
        raise SicherungsFehler("pg_dump sichert nur PostgreSQL; für SQLite --art json.")
    ziel = Path(ziel)
    if ziel.exists():
        raise SicherungsFehler(f"{ziel} gibt es schon; eine Sicherung überschreibt nichts.")
    medien = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as arbeit:
        arbeit = Path(arbeit)
        if art == "pg_dump":
            befehl = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
            befehl += [f"--exclude-table-data={t}" for t in _ausgelassene_tabellen()]
            _ausfuehren([*befehl, f"--file={arbeit / DUMP}"], alias)
        else:
            call_command(
                "dumpdata",
                format="json-genau",
                exclude=ausgelassene_apps(),
                use_base_manager=True,
                database=alias,
                output=str(arbeit / JSON),
                verbosity=0,
            )
        dateien = sorted(p for p in medien.rglob("*") if p.is_file()) if medien.is_dir() else []
        inhalt = Inhalt(
            art=art,
            erstellt=timezone.now().isoformat(),
            datenbank=verbindung.vendor,
            migrationen=_migrationen(alias),
            medien_dateien=len(dateien),
        )
        (arbeit / MANIFEST).write_text(
            json.dumps({"format": FORMAT_VERSION, **inhalt.__dict__}, indent=1), "utf-8"
        )
        teilweise = ziel.with_name(ziel.name + ".teilweise")
        with tarfile.open(teilweise, "w") as archiv:
            archiv.add(arbeit / MANIFEST, MANIFEST)
            archiv.add(
                arbeit / (DUMP if art == "pg_dump" else JSON), DUMP if art == "pg_dump" else JSON
            )
            for datei in dateien:
                archiv.add(datei, f"{MEDIEN}/{datei.relative_to(medien).as_posix()}")
        # Only a complete archive gets the name that was asked for.
        teilweise.rename(ziel)
    return inhalt


def inhalt_lesen(quelle: Path) -> Inhalt:
    """The manifest of an archive; SicherungsFehler if it is not one of ours."""
    try:
        with tarfile.open(quelle) as archiv:
            daten = json.load(archiv.extractfile(MANIFEST))
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError, AttributeError) as fehler:
        raise SicherungsFehler(f"{quelle} ist keine Sicherung von aktionsplan.") from fehler
    if daten.pop("format", None) != FORMAT_VERSION:
        raise SicherungsFehler(f"{quelle}: unbekannte Fassung des Sicherungsformats.")
    return Inhalt(**daten)


def _medien_ersetzen(entpackt: Path, medien: Path) -> None:
    """MEDIA_ROOT holds exactly the archive's files afterwards. The directory itself stays (it
    may be a mount point); the archive's files were unpacked inside it, so moving is a rename."""
    for eintrag in medien.iterdir():
        if eintrag == entpackt:
            continue
        if eintrag.is_dir() and not eintrag.is_symlink():
            shutil.rmtree(eintrag)
        else:
            eintrag.unlink()
    quelle = entpackt / MEDIEN
    if quelle.is_dir():
        for eintrag in quelle.iterdir():
            eintrag.rename(medien / eintrag.name)
    shutil.rmtree(entpackt)


def _tabellen_ausser(alias: str, behalten: set[str]) -> list[str]:
    with connections[alias].cursor() as cursor:
        tabellen = connections[alias].introspection.table_names(cursor)
    return [t for t in tabellen if t not in behalten]


def _pg_wiederherstellen(dump: Path, alias: str) -> None:
    # The archive's tables (from pg_restore's table of contents).
    liste = subprocess.run(  # noqa: S603
        ["pg_restore", "--list", str(dump)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    if liste.returncode != 0:
        raise SicherungsFehler(f"pg_restore kann die Sicherung nicht lesen: {liste.stderr}")
    im_archiv = {
        teile[5]
        for zeile in liste.stdout.splitlines()
        if not zeile.startswith(";") and len(teile := zeile.split()) > 5 and teile[3] == "TABLE"
    }
    # Tables the archive does not know (from a later migration) would make `migrate` fail after
    # the restore; they go, the archive's own tables are replaced by pg_restore --clean.
    verbindung = connections[alias]
    fremd = _tabellen_ausser(alias, im_archiv)
    if fremd:
        with transaction.atomic(using=alias), verbindung.cursor() as cursor:
            for tabelle in fremd:
                cursor.execute(f"DROP TABLE IF EXISTS {verbindung.ops.quote_name(tabelle)} CASCADE")
    verbindung.close()
    _ausfuehren(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={verbindung.settings_dict['NAME']}",
            str(dump),
        ],
        alias,
    )


def _json_wiederherstellen(daten: Path, inhalt: Inhalt, alias: str) -> None:
    # loaddata writes rows into the tables the code has now: the schema must be the archive's.
    hier = _migrationen(alias)
    if hier != inhalt.migrationen:
        fehlt = {tuple(m) for m in inhalt.migrationen} - {tuple(m) for m in hier}
        zuviel = {tuple(m) for m in hier} - {tuple(m) for m in inhalt.migrationen}
        raise SicherungsFehler(
            "Die Datenbank hat nicht den Migrationsstand der Sicherung "
            f"(fehlen hier: {sorted(fehlt) or 'keine'}; nur hier: {sorted(zuviel) or 'keine'}). "
            "Den Programmstand der Sicherung einspielen, `manage.py migrate` ausführen und "
            "erneut wiederherstellen."
        )
    with transaction.atomic(using=alias):
        # Everything goes, then everything comes back with its own keys; the rows post_migrate
        # would create (content types, permissions, roles) are in the archive.
        call_command(
            "flush", interactive=False, inhibit_post_migrate=True, database=alias, verbosity=0
        )
        # loaddata sets many-to-many fields like a user would; simple-history would record that
        # as new history rows (m2m_changed knows no "raw"). The archive has the history already.
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(daten), database=alias, verbosity=0)


def wiederherstellen(quelle: Path, *, alias: str = DEFAULT_DB_ALIAS) -> Inhalt:
    """Replaces the database's data and MEDIA_ROOT's files with the archive's.

    Sessions and lockout records are empty afterwards. A pg_dump archive needs PostgreSQL;
    a JSON archive needs a database at the archive's migration state (checked). Raises
    SicherungsFehler before anything is changed if the archive does not fit."""
    quelle = Path(quelle)
    inhalt = inhalt_lesen(quelle)
    verbindung = connections[alias]
    if inhalt.art == "pg_dump" and verbindung.vendor != "postgresql":
        raise SicherungsFehler("Eine pg_dump-Sicherung lässt sich nur in PostgreSQL einspielen.")
    medien = Path(settings.MEDIA_ROOT)
    medien.mkdir(parents=True, exist_ok=True)
    # Unpacked first, inside MEDIA_ROOT: a broken archive stops here, before any change.
    entpackt = Path(tempfile.mkdtemp(prefix=".wiederherstellung-", dir=medien))
    try:
        with tarfile.open(quelle) as archiv:
            mitglieder = [
                m
                for m in archiv.getmembers()
                if m.name in (DUMP, JSON) or m.name.startswith(f"{MEDIEN}/")
            ]
            archiv.extractall(entpackt, members=mitglieder, filter="data")
        if inhalt.art == "pg_dump":
            _pg_wiederherstellen(entpackt / DUMP, alias)
        else:
            _json_wiederherstellen(entpackt / JSON, inhalt, alias)
        for datei in (DUMP, JSON):
            (entpackt / datei).unlink(missing_ok=True)
        _medien_ersetzen(entpackt, medien)
    except BaseException:
        shutil.rmtree(entpackt, ignore_errors=True)
        raise
    _zwischenspeicher_erneuern()
    return inhalt


def _zwischenspeicher_erneuern() -> None:
    """What the caches hold of the old data (the cached Kommunen, people, pages of the data
    version) belongs to the replaced database: the versions move on, the Kommunen are read
    again."""
    from aktionsplan.benutzerspeicher import benutzerstand_erhoehen
    from aktionsplan.bereich import kommunen_auffrischen
    from aktionsplan.zwischenspeicher import datenstand_erhoehen

    datenstand_erhoehen()
    benutzerstand_erhoehen()
    kommunen_auffrischen()
