"""Load on one page with wrk, and what it measured."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.netz import HOST, PROXY_KOPF

LUA = Path(__file__).resolve().parent / "wrk_auswertung.lua"


@dataclass(frozen=True)
class Lastparameter:
    threads: int = 2
    verbindungen: int = 8
    sekunden: int = 10
    timeout_s: int = 30

    def beschreibung(self) -> str:
        return f"wrk -t{self.threads} -c{self.verbindungen} -d{self.sekunden}s"


@dataclass
class Messung:
    anfragen: int
    sekunden: float
    bytes: int
    nicht_2xx: int
    status_beispiel: int
    socketfehler: int
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def req_s(self) -> float:
        return self.anfragen / self.sekunden if self.sekunden else 0.0

    @property
    def fehler(self) -> int:
        return self.nicht_2xx + self.socketfehler

    @property
    def kb_je_antwort(self) -> float:
        return self.bytes / self.anfragen / 1024 if self.anfragen else 0.0


def wrk(port: int, pfad: str, cookie: str, parameter: Lastparameter) -> Messung:
    """Run wrk against http://127.0.0.1:port + pfad with the session cookie; bounded by its
    duration (wrk stops by itself) and a hard timeout on top."""
    befehl = [
        "wrk",
        f"-t{parameter.threads}",
        f"-c{parameter.verbindungen}",
        f"-d{parameter.sekunden}s",
        f"--timeout={parameter.timeout_s}s",
        "--latency",
        "-s",
        str(LUA),
        "-H",
        f"Cookie: {cookie}",
        *[a for k, v in PROXY_KOPF.items() for a in ("-H", f"{k}: {v}")],
        f"http://{HOST}:{port}{pfad}",
    ]
    ausgabe = subprocess.run(
        befehl,
        capture_output=True,
        text=True,
        check=True,
        timeout=parameter.sekunden + parameter.timeout_s + 30,
    ).stdout
    zeile = next((z for z in ausgabe.splitlines() if z.startswith("WRK ")), None)
    if zeile is None:
        raise RuntimeError(f"wrk ohne Auswertung:\n{ausgabe}")
    d = json.loads(zeile.removeprefix("WRK "))
    return Messung(
        anfragen=d["anfragen"],
        sekunden=d["dauer_us"] / 1e6,
        bytes=d["bytes"],
        nicht_2xx=d["nicht_2xx"],
        status_beispiel=d["status_beispiel"],
        socketfehler=d["connect"] + d["read"] + d["write"] + d["timeout"],
        p50_ms=d["p50"] / 1000,
        p95_ms=d["p95"] / 1000,
        p99_ms=d["p99"] / 1000,
    )
