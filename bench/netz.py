"""Single HTTP requests to a benchmark server on 127.0.0.1 (no redirects followed).

Every request says it came through the TLS proxy (``X-Forwarded-Proto: https``, with the
servers started under ``SECURE_PROXY_SSL=1``), as in production: secure cookies, HSTS and an
HTTPS redirect then behave as they would behind the proxy.
"""

from __future__ import annotations

import http.client
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

HOST = "127.0.0.1"
PROXY_KOPF = {"X-Forwarded-Proto": "https"}


@dataclass
class Antwort:
    status: int
    kopf: dict[str, str]
    inhalt: bytes
    sekunden: float
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.inhalt.decode("utf-8", errors="replace")

    @property
    def ist_html(self) -> bool:
        return self.kopf.get("content-type", "").startswith("text/html")


def anfrage(
    port: int,
    pfad: str,
    *,
    cookies: dict[str, str] | None = None,
    methode: str = "GET",
    formular: bytes | None = None,
    zusatz: dict[str, str] | None = None,
    timeout: float = 120,
) -> Antwort:
    """One request to 127.0.0.1:``port``; the whole body is read."""
    kopf = dict(PROXY_KOPF)
    if cookies:
        kopf["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if formular is not None:
        kopf["Content-Type"] = "application/x-www-form-urlencoded"
    kopf.update(zusatz or {})
    verbindung = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        start = time.perf_counter()
        verbindung.request(methode, pfad, body=formular, headers=kopf)
        antwort = verbindung.getresponse()
        inhalt = antwort.read()
        dauer = time.perf_counter() - start
        neue_cookies: dict[str, str] = {}
        for wert in antwort.headers.get_all("Set-Cookie") or []:
            keks = SimpleCookie()
            keks.load(wert)
            neue_cookies.update({k: m.value for k, m in keks.items()})
        return Antwort(
            status=antwort.status,
            kopf={k.lower(): v for k, v in antwort.getheaders()},
            inhalt=inhalt,
            sekunden=dauer,
            cookies=neue_cookies,
        )
    finally:
        verbindung.close()


def bereit(port: int, sekunden: float = 90) -> bool:
    """Whether the server answers the floor page within ``sekunden`` (polled, bounded)."""
    ende = time.monotonic() + sekunden
    for _versuch in range(int(sekunden * 4) + 1):
        try:
            if anfrage(port, "/barrierefreiheit/", timeout=5).status < 500:
                return True
        except OSError:
            pass
        if time.monotonic() >= ende:
            return False
        time.sleep(0.25)
    return False
