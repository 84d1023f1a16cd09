"""Two app servers on different ports, one database: do they show the same data?

Each measured page is fetched from both servers and compared (after removing what differs per
request by design: CSRF tokens and clock times). Then a status report is written through the
staff form on one server, and both servers must show it at once, on the measure's page and in
every compared page alike — a cache kept per server, not shared, would fail here. Then the same
the other way round.
"""

from __future__ import annotations

import datetime
import difflib
import re
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

from bench.netz import HOST, anfrage

# Per-rendering values: the CSRF token and the one-time mark of a form (aktionsplan.einmal).
_CSRF = re.compile(r'(name="(?:csrfmiddlewaretoken|einmalmarke)" value=")[^"]*(")')
_UHRZEIT = re.compile(r"\b\d{1,2}:\d{2}(:\d{2})?\b")
_FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def normalisieren(text: str) -> str:
    return _UHRZEIT.sub("hh:mm", _CSRF.sub(r"\1…\2", text))


@dataclass
class Konsistenz:
    vergleiche: int = 0
    abweichungen: list[str] = field(default_factory=list)
    schreibproben: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.abweichungen and bool(self.schreibproben)


def _vergleichen(
    ports: tuple[int, int], seiten: list[tuple[str, str]], cookies: dict, ergebnis: Konsistenz
) -> None:
    for name, pfad in seiten:
        a, b = (anfrage(port, pfad, cookies=cookies) for port in ports)
        ergebnis.vergleiche += 1
        if a.status != b.status:
            ergebnis.abweichungen.append(f"{name}: Status {a.status} gegen {b.status}")
            continue
        text_a, text_b = normalisieren(a.text), normalisieren(b.text)
        if text_a != text_b:
            unterschied = next(
                (
                    z
                    for z in difflib.unified_diff(
                        text_a.splitlines(), text_b.splitlines(), lineterm="", n=0
                    )
                    if z.startswith(("-", "+")) and not z.startswith(("---", "+++"))
                ),
                "",
            )
            ergebnis.abweichungen.append(f"{name}: Inhalt weicht ab ({unterschied.strip()[:120]})")


def sachstand_schreiben(port: int, projekt: int, cookies: dict, text: str, status: str) -> None:
    """A new status report through the staff form (as a person would: GET, then POST)."""
    formularpfad = f"/massnahmen/{projekt}/sachstand/neu/"
    formular = anfrage(port, formularpfad, cookies=cookies)
    treffer = _FORM_TOKEN.search(formular.text)
    if formular.status != 200 or treffer is None:
        raise RuntimeError(f"Sachstandsformular: Status {formular.status}")
    alle_cookies = {**cookies, **formular.cookies}
    daten = urlencode(
        {
            "csrfmiddlewaretoken": treffer.group(1),
            "datum": datetime.date.today().isoformat(),  # noqa: DTZ011 (never ahead of Berlin)
            "status": status,
            "ampel": "gelb",
            "fortschritt": "42",
            "text": text,
            "berichtigt": "",
        }
    ).encode()
    antwort = anfrage(
        port,
        formularpfad,
        cookies=alle_cookies,
        methode="POST",
        formular=daten,
        zusatz={"Referer": f"https://{HOST}:{port}{formularpfad}"},
    )
    if antwort.status != 302:
        raise RuntimeError(f"Sachstand speichern: Status {antwort.status} statt 302")


def pruefen(
    ports: tuple[int, int],
    seiten: list[tuple[str, str]],
    *,
    lesen: dict,
    redaktion: dict,
    projekt: int,
) -> Konsistenz:
    ergebnis = Konsistenz()
    _vergleichen(ports, seiten, lesen, ergebnis)
    for schreiber, status in ((ports[0], "umgesetzt"), (ports[1], "in_umsetzung")):
        marke = f"Konsistenzprobe {uuid.uuid4().hex[:12]}"
        sachstand_schreiben(schreiber, projekt, redaktion, marke, status)
        for port in ports:
            detail = anfrage(port, f"/massnahmen/{projekt}/", cookies=lesen)
            gesehen = marke in detail.text
            ergebnis.schreibproben.append(
                f"geschrieben auf :{schreiber}, gelesen auf :{port}: "
                + ("sichtbar" if gesehen else "NICHT sichtbar")
            )
            if not gesehen:
                ergebnis.abweichungen.append(
                    f"Sachstand von :{schreiber} auf :{port} nicht sichtbar"
                )
        _vergleichen(ports, seiten, lesen, ergebnis)
    return ergebnis
