"""Smoke tests of the scale-out guide (README, "Mehrere App-Server" and "Über einen Rechner hinaus
wachsen"): read replicas through the database router, and PgBouncer in transaction mode.

One database of its own next to the test database, migrated once directly against PostgreSQL (as
the README says: never through PgBouncer in transaction mode). Each check runs the app in a
subprocess with the environment a production server would have:

* a read replica: ``DATABASE_REPLICA_URLS`` names the same database a second time (alias
  ``replik_1``); every SQL statement is logged per alias, and the test proves that the pages read
  from the replica, that every write and every read after a write (the rest of the request, the
  next requests of that browser, a transaction) goes to the primary, and that the replica never
  receives a write;
* PgBouncer (Debian's package, a free port, transaction mode) in front of the primary and the
  replica: pages, the measure export iterating its rows with DISABLE_SERVER_SIDE_CURSORS=1, writes
  through the write path and the routing as above, all through PgBouncer.

No speed is measured here. Skipped only on SQLite; on PostgreSQL PgBouncer must be installed
(`make test` installs it).
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

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="braucht PostgreSQL")

# The app's way through: data made with the factories, then requests and writes, each SQL
# statement recorded with the alias it ran on.
RUNDGANG = """
import django
django.setup()
import datetime
from django.conf import settings
from django.db import connections, transaction
from django.test import Client
from aktionsplan.rollen import LESEN, REDAKTION
from aktionsplan.sperre import speichern
from projekte.models import Projektskizze, Sachstand
from tests.factories import ProjektskizzeFactory, SachstandFactory, UserFactory

MIT_REPLIKAT = bool(settings.REPLIKATE)
assert settings.DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] is PGBOUNCER
protokoll = []

def merken(alias):
    def wrapper(execute, sql, params, many, context):
        protokoll.append((alias, sql.split(None, 1)[0].upper(), sql))
        return execute(sql, params, many, context)
    return wrapper

for alias in settings.DATABASES:
    connections[alias].execute_wrappers.append(merken(alias))

def aliase(*, art=None, tabelle=""):
    return {a for a, befehl, sql in protokoll if (art is None or befehl == art) and tabelle in sql}

# Several runs share the database: each starts the factories' numbers (unique names) afresh.
import factory
from tests import factories
for klasse in vars(factories).values():
    if isinstance(klasse, type) and issubclass(klasse, factory.django.DjangoModelFactory):
        klasse.reset_sequence(LAUF * 1000, force=True)
projekte = [ProjektskizzeFactory(titel=f"Maßnahme {i}") for i in range(3)]
for projekt in projekte:
    SachstandFactory(projekt=projekt, datum=datetime.date(2025, 5, 1))
lesen = UserFactory(username=f"skalierung-lesen-{LAUF}", rollen=[LESEN])
redaktion = UserFactory(username=f"skalierung-redaktion-{LAUF}", rollen=[REDAKTION])
assert aliase(art="INSERT") == {"default"}, protokoll

client = Client()
client.force_login(lesen)
for pfad in ("/", "/massnahmen/", f"/massnahmen/{projekte[0].pk}/",
             "/massnahmen/export/?format=csv", "/healthz"):
    protokoll.clear()
    antwort = client.get(pfad)
    assert antwort.status_code == 200, (pfad, antwort.status_code)
    if MIT_REPLIKAT and pfad != "/healthz":
        # A read-only request reads from the replica, the measures included.
        assert "replik_1" in aliase(art="SELECT", tabelle="projekte_projektskizze"), pfad
        assert "default" not in aliase(tabelle="projekte_projektskizze"), (pfad, protokoll)
# QuerySet.iterator() would declare a server-side cursor without the setting.
assert list(Projektskizze.objects.iterator(chunk_size=2)) == list(Projektskizze.objects.all())

# A write through the write path, then reads in the same thread: all on the primary.
protokoll.clear()
neu = speichern(
    Sachstand(projekt=projekte[1], datum=datetime.date(2025, 6, 1), status="in_umsetzung",
              ampel="gelb", fortschritt=55, text="Durch PgBouncer oder das Replikat?",
              verfasst_von=redaktion),
    benutzer=redaktion,
)
projekte[1].refresh_from_db()
assert projekte[1].aktueller_sachstand_id == neu.pk
assert Sachstand.objects.filter(projekt=projekte[1]).count() == 2
if MIT_REPLIKAT:
    assert aliase(tabelle="projekte_sachstand") == {"default"}, protokoll

# Inside a transaction every read goes to the primary.
if MIT_REPLIKAT:
    from multidb.pinning import unpin_this_thread
    unpin_this_thread()
    protokoll.clear()
    with transaction.atomic():
        Projektskizze.objects.filter(pk=projekte[2].pk).update(titel="Geändert")
        assert Projektskizze.objects.get(pk=projekte[2].pk).titel == "Geändert"
    assert aliase(tabelle="projekte_projektskizze") == {"default"}, protokoll
    unpin_this_thread()
    protokoll.clear()
    assert Projektskizze.objects.get(pk=projekte[2].pk).titel == "Geändert"
    assert aliase(tabelle="projekte_projektskizze") == {"replik_1"}, protokoll

# A POST (here: choosing the language) pins the browser to the primary for the next requests.
bearbeiten = Client()
bearbeiten.force_login(redaktion)
protokoll.clear()
antwort = bearbeiten.post("/i18n/setlang/", {"language": "de"})
assert antwort.status_code in (200, 302), antwort.status_code
if MIT_REPLIKAT:
    assert settings.MULTIDB_PINNING_COOKIE_HTTPONLY
    assert "multidb_pin_writes" in antwort.cookies, antwort.cookies
    protokoll.clear()
    assert bearbeiten.get(f"/massnahmen/{projekte[1].pk}/").status_code == 200
    assert aliase(tabelle="projekte_projektskizze") == {"default"}, protokoll
    # Without the cookie (another browser) the same page reads the replica again.
    protokoll.clear()
    assert client.get(f"/massnahmen/{projekte[1].pk}/").status_code == 200
    assert aliase(tabelle="projekte_projektskizze") == {"replik_1"}, protokoll
    # The replica never received a write.
    assert not {
        sql for alias, befehl, sql in protokoll if alias != "default"
        and befehl in ("INSERT", "UPDATE", "DELETE")
    }
print("ok")
"""


def _freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def datenbank(django_db_blocker):
    """A database of its own next to the test database, migrated directly (not through
    PgBouncer), dropped afterwards."""
    einstellungen = connection.settings_dict
    name = f"wt_betrieb_skalierung_{os.getpid()}"
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
    werte = {
        "name": name,
        "host": einstellungen["HOST"] or "127.0.0.1",
        "port": einstellungen["PORT"] or 5432,
        "benutzer": einstellungen["USER"],
    }
    werte["url"] = f"postgres://{werte['benutzer']}@{werte['host']}:{werte['port']}/{name}"
    try:
        migriert = ausfuehren(
            ["manage.py", "migrate", "--noinput", "-v", "0"],
            {"DATABASE_URL": werte["url"], "DEBUG": "1"},
            timeout=300,
        )
        assert migriert.returncode == 0, migriert.stderr
        yield werte
    finally:
        with verbindung.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        verbindung.close()


def _rundgang(umgebung: dict[str, str], *, pgbouncer: bool, nummer: int) -> None:
    lauf = ausfuehren(
        ["-c", f"PGBOUNCER = {pgbouncer}\nLAUF = {nummer}\n" + RUNDGANG],
        {
            "DJANGO_SETTINGS_MODULE": "konfiguration.settings",
            "DEBUG": "1",
            "ALLOWED_HOSTS": "testserver",
            "HEALTHZ_WORKER": "0",
            **umgebung,
        },
    )
    assert lauf.returncode == 0, lauf.stderr[-3000:]
    assert lauf.stdout.strip().splitlines()[-1] == "ok"


def test_lesereplikat_liest_und_die_hauptdatenbank_schreibt(datenbank):
    _rundgang(
        {"DATABASE_URL": datenbank["url"], "DATABASE_REPLICA_URLS": datenbank["url"]},
        pgbouncer=False,
        nummer=1,
    )


@pytest.fixture
def pgbouncer(datenbank):
    """PgBouncer in transaction mode on a free port of 127.0.0.1, in front of ``datenbank``."""
    if PGBOUNCER is None:
        pytest.fail("pgbouncer fehlt: apt-get install pgbouncer (make debs)")
    # PgBouncer refuses to run as root; as root it switches to the postgres user, which must
    # read its files: a world-readable directory of its own.
    verzeichnis = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    verzeichnis.chmod(0o755)
    port = _freier_port()
    (verzeichnis / "userlist.txt").write_text(f'"{datenbank["benutzer"]}" ""\n')
    (verzeichnis / "pgbouncer.ini").write_text(
        f"[databases]\n{datenbank['name']} = host={datenbank['host']} port={datenbank['port']}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\n"
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
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield f"postgres://{datenbank['benutzer']}@127.0.0.1:{port}/{datenbank['name']}"
    finally:
        bouncer.terminate()
        bouncer.wait(timeout=10)
        shutil.rmtree(verzeichnis, ignore_errors=True)


def test_seiten_und_schreiben_hinter_pgbouncer_im_transaktionsmodus(pgbouncer):
    _rundgang(
        {"DATABASE_URL": pgbouncer, "DISABLE_SERVER_SIDE_CURSORS": "1"},
        pgbouncer=True,
        nummer=2,
    )


def test_replikat_und_hauptdatenbank_hinter_pgbouncer(pgbouncer):
    _rundgang(
        {
            "DATABASE_URL": pgbouncer,
            "DATABASE_REPLICA_URLS": pgbouncer,
            "DISABLE_SERVER_SIDE_CURSORS": "1",
        },
        pgbouncer=True,
        nummer=3,
    )
