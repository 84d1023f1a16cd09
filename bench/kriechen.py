"""A crawl of every kind of page, the admin included: follows the links a person can click.

Breadth-first from the start pages, GET only, only 127.0.0.1. A page's *path* is its URL path with
numbers replaced (``/massnahmen/N/``: one path for 2,900 measures); its *kind* adds the names (not
the values) of its query parameters. Each kind is fetched once, and each path in at most
``varianten`` kinds besides the one without parameters (filtered, sorted, paginated, exported) —
the admin's filters combine into thousands of kinds otherwise. Bounded in requests and time.
The server's slow-request log (bench/gunicorn_bench.py) says which requests took longer than the
limit; the crawl itself records the time each request took at the client.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from bench.netz import HOST, anfrage

# Not pages: static files, language switch and logout (POST only), the admin's own logout.
AUSGELASSEN = ("/static/", "/media/", "/i18n/", "/konto/abmelden/", "/admin/logout/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def art(pfad_mit_query: str) -> tuple[str, str]:
    """Path and kind: ``/massnahmen/17/`` and ``/massnahmen/3/`` are one path and one kind,
    ``/massnahmen/?status=idee`` is the same path in another kind."""
    teile = urlsplit(pfad_mit_query)
    pfad = re.sub(r"/\d+(?=/|$)", "/N", teile.path)
    namen = sorted({k for k, _v in parse_qsl(teile.query, keep_blank_values=True)})
    return pfad, "&".join(namen)


@dataclass
class Abruf:
    pfad: str
    status: int
    sekunden: float
    bytes: int


@dataclass
class Kriechergebnis:
    abrufe: list[Abruf] = field(default_factory=list)
    arten: int = 0
    pfade: int = 0
    abgebrochen: str = ""

    def fehler(self) -> list[Abruf]:
        """Server errors and requests without an answer (status 0: none within the timeout)."""
        return [a for a in self.abrufe if a.status >= 500 or a.status == 0]


def kriechen(
    port: int,
    cookies: dict[str, str],
    *,
    start: tuple[str, ...] = ("/", "/admin/"),
    varianten: int = 3,
    max_anfragen: int = 1500,
    max_sekunden: float = 480,
) -> Kriechergebnis:
    ergebnis = Kriechergebnis()
    arten: dict[str, set[str]] = {}  # path → kinds queued
    schlange: list[str] = []

    def vormerken(url: str) -> None:
        if url.startswith(AUSGELASSEN):
            return
        pfad, parameter = art(url)
        bekannt = arten.setdefault(pfad, set())
        if parameter in bekannt or (parameter and len(bekannt - {""}) >= varianten):
            return
        bekannt.add(parameter)
        schlange.append(url)

    for pfad in start:
        vormerken(pfad)
    ende = time.monotonic() + max_sekunden
    for _anfrage in range(max_anfragen):
        if not schlange:
            break
        if time.monotonic() >= ende:
            ergebnis.abgebrochen = f"Zeitgrenze {max_sekunden:.0f} s erreicht"
            break
        pfad = schlange.pop(0)
        try:
            antwort = anfrage(port, pfad, cookies=cookies)
        except OSError as fehler:
            ergebnis.abrufe.append(Abruf(pfad, 0, 0.0, 0))
            print(f"  Kriechen: {pfad}: {fehler}", flush=True)
            continue
        ergebnis.abrufe.append(Abruf(pfad, antwort.status, antwort.sekunden, len(antwort.inhalt)))
        if antwort.status in (301, 302) and "location" in antwort.kopf:
            ziele = [antwort.kopf["location"]]
        elif antwort.status == 200 and antwort.ist_html:
            parser = _Links()
            parser.feed(antwort.text)
            ziele = parser.links
        else:
            ziele = []
        for ziel in ziele:
            absolut = urlsplit(urljoin(f"http://{HOST}:{port}{pfad}", ziel))
            if absolut.scheme not in ("http", "https") or absolut.hostname != HOST:
                continue
            vormerken(absolut.path + (f"?{absolut.query}" if absolut.query else ""))
    else:
        if schlange:
            ergebnis.abgebrochen = f"Anfragegrenze {max_anfragen} erreicht"
    ergebnis.arten = sum(len(k) for k in arten.values())
    ergebnis.pfade = len(arten)
    return ergebnis
