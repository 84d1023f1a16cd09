"""gunicorn's settings for production:

    gunicorn -c konfiguration/gunicorn.conf.py konfiguration.wsgi

Each value below can be changed with the environment variable named beside it (README, table
"Umgebungsvariablen") or on gunicorn's command line, which wins over this file. A bad value
stops the start with its name.
"""

import datetime
import json
import os

from gunicorn.glogging import Logger


def _zahl(name: str, standard: int, minimum: int = 1) -> int:
    roh = os.environ.get(name, "").strip()
    if not roh:
        return standard
    try:
        wert = int(roh)
    except ValueError:
        raise SystemExit(f"{name}={roh!r} ist keine ganze Zahl.") from None
    if wert < minimum:
        raise SystemExit(f"{name} muss mindestens {minimum} sein.")
    return wert


# Only the reverse proxy talks to gunicorn: on the same host 127.0.0.1, otherwise the app host's
# internal address (GUNICORN_BIND=10.0.0.11:8000) with a firewall that lets only the proxy in.
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
# Synchronous workers, two per core and one more (gunicorn's rule of thumb); each holds one
# database connection (CONN_MAX_AGE).
workers = _zahl("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1)
# A request that takes longer is cut off and its worker restarted. Long work (PDF, big imports)
# runs in the task worker, not in a request.
timeout = _zahl("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
# The proxy keeps connections to gunicorn open between requests.
keepalive = 5
# A worker is replaced after this many requests (plus up to 10 % at random, so they do not all
# restart at once): memory a library may hold on to is given back. Not too often: a fresh worker
# answers its first requests slowly (connections, compiled templates), and at 1,000 the benchmark
# saw workers replaced every few seconds under load, with a p99 of 1 s on the floor page instead
# of 16 ms (workers stay near 100 MB).
max_requests = _zahl("GUNICORN_MAX_REQUESTS", 20000, minimum=0)
max_requests_jitter = max_requests // 10
# Load the application once in the master: a misconfigured server fails before it forks, and
# the workers share the loaded code.
preload_app = True
# The worker heartbeat file in memory, not on a disk that may stall (gunicorn's advice).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# The addresses whose X-Forwarded-Proto gunicorn believes (the proxy's). Django reads the
# header itself (SECURE_PROXY_SSL); this keeps gunicorn's own view of the scheme consistent.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Limits of the request head (gunicorn answers 400/414 past them). The body size is the proxy's
# business (client_max_body_size) and Django's (DATA_UPLOAD_MAX_MEMORY_SIZE).
limit_request_line = 8190  # the longest gunicorn allows: filtered lists carry their filters
limit_request_fields = 100
limit_request_field_size = 8190

proc_name = "aktionsplan"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
errorlog = "-"
# One JSON line per request on standard output ("" switches it off): also the requests that
# never reach Django (a head too long, a worker timeout).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None


class JsonZugriffsprotokoll(Logger):
    """gunicorn's logger with the access log as JSON lines; the request id is the one Django's
    request log uses (response header X-Request-ID, konfiguration.protokoll)."""

    def access(self, resp, req, environ, request_time) -> None:
        if not self.cfg.accesslog:
            return
        kopfzeilen = {name.lower(): wert for name, wert in resp.headers}
        status = str(resp.status).split(None, 1)[0]
        zeile = {
            "zeit": datetime.datetime.now(datetime.UTC).isoformat(),
            "stufe": "INFO",
            "logger": "gunicorn.access",
            "anfrage_id": kopfzeilen.get("x-request-id", "-"),
            "methode": environ.get("REQUEST_METHOD"),
            "pfad": environ.get("PATH_INFO"),
            "status": int(status) if status.isdigit() else status,
            "dauer_ms": round(request_time.total_seconds() * 1000, 1),
            "bytes": getattr(resp, "sent", None),
            "adresse": environ.get("REMOTE_ADDR"),
        }
        try:
            self.access_log.info(json.dumps(zeile, ensure_ascii=False))
        except Exception:  # gunicorn's own access() does the same: a log line never kills a worker
            self.exception("Zugriffsprotokoll")


logger_class = JsonZugriffsprotokoll
