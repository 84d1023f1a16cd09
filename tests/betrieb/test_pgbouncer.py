"""Smoke test: the app behind PgBouncer in transaction mode (README, "Mehrere App-Server").

A PgBouncer of its own (Debian's package, a free port, its own database) in front of the test
run's PostgreSQL; the migration runs directly against PostgreSQL, as the README says, then pages
are served and the measure export iterates its rows through PgBouncer with
DISABLE_SERVER_SIDE_CURSORS=1. Runs where the suite runs on PostgreSQL and pgbouncer is
installed (`make test` installs it). No speed is measured here.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from tests.betrieb.umgebung import ausfuehren

PGBOUNCER = shutil.which("pgbouncer", path=f"{os.environ.get('PATH', '')}:/usr/sbin")

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="braucht PostgreSQL"),
    pytest.mark.skipif(PGBOUNCER is None, reason="pgbouncer ist nicht installiert"),
]

RUNDGANG = """
import django
django.setup()
from django.conf import settings
from django.test import Client
from aktionsplan.rollen import LESEN
from django.contrib.auth.models import Group, User
from projekte.models import Projektskizze

assert settings.DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] is True
person = User.objects.create_user("pgbouncer-lesen", password="x" * 20)
person.groups.add(Group.objects.get(name=LESEN))
client = Client()
client.force_login(person)
for pfad in ("/", "/massnahmen/", "/massnahmen/export/?format=csv", "/healthz"):
    antwort = client.get(pfad)
    assert antwort.status_code == 200, (pfad, antwort.status_code)
# QuerySet.iterator() would declare a server-side cursor without the setting.
assert list(Projektskizze.objects.iterator(chunk_size=2)) == list(Projektskizze.objects.all())
print("ok")
"""


def _freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def datenbank():
    """A database of its own next to the test database, dropped afterwards."""
    einstellungen = connection.settings_dict
    name = f"wt_betrieb_pgbouncer_{os.getpid()}"
    verbindung = psycopg2.connect(
        host=einstellungen["HOST"] or "127.0.0.1",
        port=einstellungen["PORT"] or 5432,
        user=einstellungen["USER"],
        password=einstellungen["PASSWORD"] or None,
        dbname="postgres",
    )
    verbindung.autocommit = True
    with verbindung.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**einstellungen, "NAME": name}
    finally:
        with verbindung.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        verbindung.close()


def test_seiten_hinter_pgbouncer_im_transaktionsmodus(datenbank):
    host, port, benutzer = (
        datenbank["HOST"] or "127.0.0.1",
        datenbank["PORT"] or 5432,
        datenbank["USER"],
    )
    direkt = f"postgres://{benutzer}@{host}:{port}/{datenbank['NAME']}"
    migriert = ausfuehren(
        ["manage.py", "migrate", "--noinput", "-v", "0"],
        {"DATABASE_URL": direkt, "DEBUG": "1"},
        timeout=300,
    )
    assert migriert.returncode == 0, migriert.stderr

    # PgBouncer refuses to run as root; as root it switches to the postgres user, which must
    # read its files: a world-readable directory of its own.
    verzeichnis = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    verzeichnis.chmod(0o755)
    bouncer_port = _freier_port()
    (verzeichnis / "userlist.txt").write_text(f'"{benutzer}" ""\n')
    (verzeichnis / "pgbouncer.ini").write_text(
        f"[databases]\n{datenbank['NAME']} = host={host} port={port}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {bouncer_port}\n"
        f"unix_socket_dir = {verzeichnis}\n"
        f"auth_type = trust\nauth_file = {verzeichnis / 'userlist.txt'}\n"
        "pool_mode = transaction\ndefault_pool_size = 2\n"
        f"logfile = {verzeichnis / 'pgbouncer.log'}\n"
    )
    for datei in verzeichnis.iterdir():
        datei.chmod(0o644)
    befehl = [PGBOUNCER, str(verzeichnis / "pgbouncer.ini")]
    if os.geteuid() == 0:
        befehl[1:1] = ["-u", "postgres"]
        shutil.chown(verzeichnis, "postgres")
    bouncer = subprocess.Popen(befehl, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(50):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", bouncer_port)) == 0:
                    break
            time.sleep(0.1)
        rundgang = ausfuehren(
            ["-c", RUNDGANG],
            {
                "DJANGO_SETTINGS_MODULE": "konfiguration.settings",
                "DEBUG": "1",
                "ALLOWED_HOSTS": "testserver",
                "HEALTHZ_WORKER": "0",
                "DATABASE_URL": f"postgres://{benutzer}@127.0.0.1:{bouncer_port}/{datenbank['NAME']}",
                "DISABLE_SERVER_SIDE_CURSORS": "1",
            },
        )
    finally:
        bouncer.terminate()
        bouncer.wait(timeout=10)
        shutil.rmtree(verzeichnis, ignore_errors=True)
    assert rundgang.returncode == 0, rundgang.stderr[-3000:]
    assert rundgang.stdout.strip().splitlines()[-1] == "ok"
