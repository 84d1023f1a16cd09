"""The benchmark's databases (PostgreSQL on 127.0.0.1) and gunicorn servers."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.netz import HOST, bereit

BASIS = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_PORT = 5432
# Redis of this machine, a database number the app does not use elsewhere.
REDIS_BENCH = "redis://127.0.0.1:6379/7"


def umgebung(datenbank: str, static_root: Path, zusatz: dict[str, str]) -> dict[str, str]:
    """Production settings (DEBUG off, a secret key, host names, behind the TLS proxy)."""
    env = dict(os.environ)
    for name in ("DEBUG", "DEMODATEN", "BENCH_LANGSAM_LOG"):
        env.pop(name, None)
    env.update(
        DATABASE_URL=f"postgres://postgres@{HOST}:{PG_PORT}/{datenbank}",
        DJANGO_SETTINGS_MODULE="konfiguration.settings",
        SECRET_KEY="lasttest-" + "k" * 50,
        ALLOWED_HOSTS=HOST,
        SECURE_PROXY_SSL="1",
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        # The production cache (README): Redis, shared by all workers and both servers. A
        # database number of its own, emptied whenever a server starts (each stage has its own
        # database; a cached part of another stage must never be served).
        REDIS_URL=REDIS_BENCH,
    )
    env.update(zusatz)
    return env


def cache_leeren(env: dict[str, str]) -> None:
    """Empty the servers' Redis database, if they use one."""
    url = env.get("REDIS_URL")
    if url:
        import redis

        redis.Redis.from_url(url).flushdb()


def _pg(sql: str, datenbank: str = "postgres") -> None:
    import psycopg2

    verbindung = psycopg2.connect(host=HOST, port=PG_PORT, user="postgres", dbname=datenbank)
    verbindung.autocommit = True
    try:
        with verbindung.cursor() as cursor:
            cursor.execute(sql)
    finally:
        verbindung.close()


def datenbank_neu(name: str, vorlage: str | None = None) -> None:
    """Drop and create ``name`` (a copy of ``vorlage`` if given, which must have no sessions)."""
    datenbank_weg(name)
    _pg(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{vorlage}"' if vorlage else ""))


def datenbank_weg(name: str) -> None:
    _pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def statistik(name: str) -> None:
    """VACUUM ANALYZE: the planner's statistics, as autovacuum keeps them on a database in use.
    Right after a bulk load they are missing, and some plans are then worse by orders of
    magnitude (the yearly report at 100×: minutes instead of seconds)."""
    _pg("VACUUM ANALYZE", datenbank=name)


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASIS, env=env, check=True)


def daten(env: dict[str, str], *args: str) -> dict:
    """Run a ``bench.daten`` command in its own process (its own Django, its own database) and
    return its JSON result; its progress lines are passed through."""
    ergebnis = subprocess.run(
        [PYTHON, "-m", "bench.daten", *args],
        cwd=BASIS,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    for zeile in ergebnis.stdout.splitlines():
        if zeile.startswith("ERGEBNIS "):
            return json.loads(zeile.removeprefix("ERGEBNIS "))
        print(zeile, flush=True)
    raise RuntimeError(f"bench.daten {args[0]} ohne Ergebnis: {ergebnis.stderr[-2000:]}")


def port_frei(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex((HOST, port)) != 0


class Server:
    """A gunicorn master with ``worker`` sync workers on 127.0.0.1:``port``."""

    def __init__(
        self,
        env: dict[str, str],
        port: int,
        worker: int,
        *,
        protokoll: Path,
        langsam_log: Path | None = None,
        mit_arbeiter: bool = True,
    ) -> None:
        self.env = dict(env)
        self.mit_arbeiter = mit_arbeiter
        self.arbeiter: subprocess.Popen | None = None
        if langsam_log is not None:
            self.env["BENCH_LANGSAM_LOG"] = str(langsam_log)
        self.port = port
        self.worker = worker
        self.protokoll = protokoll
        self.prozess: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        if not port_frei(self.port):
            raise RuntimeError(f"Port {self.port} ist belegt; --port wählen.")
        if self.mit_arbeiter:
            cache_leeren(self.env)
            with open(self.protokoll, "ab") as log:
                # The task worker beside the web server, as in production (/healthz checks its
                # heartbeat).
                self.arbeiter = subprocess.Popen(
                    [PYTHON, "manage.py", "arbeiter", "--no-reload"],
                    cwd=BASIS,
                    env=self.env,
                    stdout=log,
                    stderr=log,
                    start_new_session=True,
                )
        with open(self.protokoll, "ab") as log:
            self.prozess = subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "gunicorn",
                    "konfiguration.wsgi",
                    "-c",
                    str(BASIS / "bench" / "gunicorn_bench.py"),
                    "--bind",
                    f"{HOST}:{self.port}",
                    "--workers",
                    str(self.worker),
                    "--timeout",
                    "300",
                    # On shutdown a worker busy with a long page is not waited for long.
                    "--graceful-timeout",
                    "10",
                    "--log-level",
                    "warning",
                ],
                cwd=BASIS,
                env=self.env,
                stdout=log,
                stderr=log,
                # Its own process group: the master and its workers end together.
                start_new_session=True,
            )
        if not bereit(self.port):
            self.__exit__()
            raise RuntimeError(
                f"gunicorn auf Port {self.port} antwortet nicht; siehe {self.protokoll}"
            )
        return self

    def rss_mb(self) -> list[float]:
        """Resident memory of each worker (MB), read with ps."""
        if self.prozess is None:
            return []
        ausgabe = subprocess.run(
            ["ps", "-o", "rss=", "--ppid", str(self.prozess.pid)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return [int(z) / 1024 for z in ausgabe.split()]

    def __exit__(self, *_fehler) -> None:
        if self.arbeiter is not None and self.arbeiter.poll() is None:
            self.arbeiter.terminate()
            try:
                self.arbeiter.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.arbeiter.pid, signal.SIGKILL)
                self.arbeiter.wait(timeout=10)
        if self.prozess is None or self.prozess.poll() is not None:
            return
        self.prozess.terminate()
        try:
            self.prozess.wait(timeout=40)
        except subprocess.TimeoutExpired:
            # The group this server was started in (its master and workers), nothing else.
            os.killpg(self.prozess.pid, signal.SIGKILL)
            self.prozess.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):  # a worker left behind, if any
            os.killpg(self.prozess.pid, signal.SIGKILL)
        # Let the port go before the next server binds it.
        for _versuch in range(120):
            if port_frei(self.port):
                break
            time.sleep(0.25)
