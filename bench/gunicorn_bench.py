"""gunicorn configuration of the benchmark servers (``gunicorn -c bench/gunicorn_bench.py``).

Takes the project's own ``konfiguration/gunicorn.conf.py`` first, if there is one, so the
benchmark serves as production does (JSON access log, worker recycling, preloading); the command
line (``--workers``, ``--bind``) still wins over it. Adds a
slow-request log that only the benchmark switches on: with ``BENCH_LANGSAM_LOG`` set to a file,
every request whose server time (from gunicorn handing it to Django until the last byte of the
answer is written) exceeds ``BENCH_LANGSAM_MS`` milliseconds (default 1000) is appended as one
JSON line. The project's own hooks, if it has any, still run.
"""

import json
import os
import time
from pathlib import Path

_PROJEKT = Path(__file__).resolve().parent.parent / "konfiguration" / "gunicorn.conf.py"
if _PROJEKT.exists():
    exec(compile(_PROJEKT.read_text(encoding="utf-8"), str(_PROJEKT), "exec"))  # noqa: S102

_PROJEKT_PRE = globals().get("pre_request")
_PROJEKT_POST = globals().get("post_request")
_LOG = os.environ.get("BENCH_LANGSAM_LOG", "")
_GRENZE_S = float(os.environ.get("BENCH_LANGSAM_MS", "1000")) / 1000


def pre_request(worker, req) -> None:
    req.bench_start = time.perf_counter()
    if _PROJEKT_PRE is not None:
        _PROJEKT_PRE(worker, req)


def post_request(worker, req, environ, resp) -> None:
    if _PROJEKT_POST is not None:
        _PROJEKT_POST(worker, req, environ, resp)
    start = getattr(req, "bench_start", None)
    if not _LOG or start is None:
        return
    dauer = time.perf_counter() - start
    if dauer <= _GRENZE_S:
        return
    zeile = {
        "ms": round(dauer * 1000),
        "methode": req.method,
        "pfad": req.path + (f"?{req.query}" if req.query else ""),
        "status": str(getattr(resp, "status", "")).split(" ")[0],
        "worker": worker.pid,
    }
    # One write per line in append mode: lines of several workers do not interleave.
    with open(_LOG, "a", encoding="utf-8") as datei:
        datei.write(json.dumps(zeile, ensure_ascii=False) + "\n")
