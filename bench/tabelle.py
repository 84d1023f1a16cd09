"""The benchmark's report as Markdown: machine, data, one table per scale, growth, the peer
comparison, the crawl, two servers, and PASS/FAIL per goal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.seiten import (
    BERICHT,
    BODEN,
    BODEN_ANTEIL_MINDESTENS,
    LANGSAM_MS,
    PEER_REFERENZ,
    REGION_SEITEN,
    SEITEN,
    WACHSTUM_HOECHSTENS,
)

if TYPE_CHECKING:
    from bench.lauf import Lauf, Seitenergebnis, Stufe


def _zahl(wert: float, stellen: int = 0) -> str:
    return f"{wert:,.{stellen}f}".replace(",", " ").replace(".", ",")


def _ms(wert: float) -> str:
    return _zahl(wert, 1) if wert < 100 else _zahl(wert)


def _zeile(*zellen: object) -> str:
    return "| " + " | ".join(str(z) for z in zellen) + " |"


def _kopf(*spalten: str) -> list[str]:
    return [_zeile(*spalten), _zeile(*(["---"] * len(spalten)))]


def _anteil(ergebnis: Seitenergebnis, stufe: Stufe) -> float | None:
    boden = stufe.boden()
    if boden is None or not ergebnis.gemessen or not boden.req_s:
        return None
    return ergebnis.req_s / boden.req_s


def maschine(lauf: Lauf) -> list[str]:
    m = lauf.maschine
    return [
        f"- **Maschine:** {m['kerne']} Kerne ({m['cpu']}), {m['speicher_gib']} GiB; "
        f"Last (1 min) vorher {_zahl(m['last_vorher'], 2)}, "
        f"nachher {_zahl(m.get('last_nachher', 0), 2)}",
        f"- **Software:** PostgreSQL {m['postgresql']} auf 127.0.0.1, Python {m['python']}, "
        f"Django {m['django']}, gunicorn {m['gunicorn']} ({lauf.worker} Worker, sync), "
        f"{m['wrk']}",
        f"- **Stand:** {m['zweig']} @ {m['commit']}, gemessen {m['datum']}, "
        f"Laufzeit {_zahl(lauf.dauer_s / 60, 1)} min",
        f"- **Last:** `{lauf.parameter.beschreibung()}` je Seite nach kurzem Aufwärmen, "
        f"angemeldet als {' und '.join(sorted({f'`{s.benutzer}`' for s in lauf.stufen}))}, "
        "Produktionseinstellungen (DEBUG aus, hinter dem TLS-Proxy)",
    ]


def daten(lauf: Lauf) -> list[str]:
    stufen = [*lauf.stufen, *([lauf.peer] if lauf.peer else [])]
    zeilen = _kopf(
        "Daten",
        "Maßnahmen",
        "Sachstände",
        "Meilensteine",
        "Indikatoren",
        "Messwerte",
        "Akteure",
        "Personen",
        "Verlaufszeilen",
    )
    for s in stufen:
        z = s.zaehlung
        zeilen.append(
            _zeile(
                f"{s.faktor}× Demo" + (f" ({s.name})" if s is lauf.peer else ""),
                *(
                    _zahl(z.get(k, 0))
                    for k in (
                        "projekte.Projektskizze",
                        "projekte.Sachstand",
                        "projekte.Meilenstein",
                        "monitoring.Indikator",
                        "monitoring.Messwert",
                        "akteure.Akteur",
                        "auth.User",
                        "Verlaufszeilen",
                    )
                ),
            )
        )
    return zeilen


def stufentabelle(stufe: Stufe) -> list[str]:
    if not stufe.faktor:
        titel = f"### {stufe.name}"
    elif stufe.name.endswith("×"):
        titel = f"### {stufe.name} der Demo"
    else:
        titel = f"### {stufe.name} ({stufe.faktor}× Demo)"
    zeilen = [
        titel,
        "",
        *_kopf("Seite", "req/s", "p50 ms", "p95 ms", "p99 ms", "req/s ÷ Boden", "KB", "Fehler"),
    ]
    anmerkungen = []
    for ergebnis in stufe.seiten.values():
        name = ergebnis.seite.name
        if ergebnis.gemessen and ergebnis.hinweis:
            anmerkungen.append(f"{name}: {ergebnis.hinweis}.")
            name += f" ({len(anmerkungen)})"
        if not ergebnis.gemessen:
            zeilen.append(_zeile(name, "–", "–", "–", "–", "–", "–", ergebnis.hinweis or "–"))
            continue
        anteil = _anteil(ergebnis, stufe)
        boden = ergebnis.seite is BODEN
        zeilen.append(
            _zeile(
                name,
                _zahl(ergebnis.req_s, 1),
                _ms(ergebnis.p50),
                _ms(ergebnis.p95),
                _ms(ergebnis.p99),
                "1" if boden else (f"{anteil * 100:.0f} %" if anteil is not None else "–"),
                _zahl(ergebnis.kb),
                ergebnis.fehler,
            )
        )
    if anmerkungen:
        zeilen.append("")
        zeilen += [f"({i}) {text}" for i, text in enumerate(anmerkungen, 1)]
    boden = stufe.boden()
    if boden and len(boden.messungen) == 2:
        a, b = boden.messungen
        zeilen.append("")
        zeilen.append(
            f"Bodenseite am Anfang {_zahl(a.req_s)} req/s, am Ende {_zahl(b.req_s)} req/s "
            "(die Tabelle nimmt beide zusammen)."
        )
    zeilen.append(
        f"Worker-RSS nach der Last: höchstens {_zahl(stufe.rss_max_mb)} MB je Worker, "
        f"{_zahl(stufe.rss_summe_mb)} MB für alle {stufe.worker} (ps)."
    )
    return zeilen


def _stufe(lauf: Lauf, faktor: int) -> Stufe | None:
    return next((s for s in lauf.stufen if s.faktor == faktor), None)


def wachstum(lauf: Lauf) -> list[str]:
    if len(lauf.stufen) < 2:
        return ["Nur eine Stufe gemessen: kein Wachstum."]
    erste, letzte = lauf.stufen[0], lauf.stufen[-1]
    kopf = ["Seite", *(f"p50 {s.name}" for s in lauf.stufen)]
    kopf += [f"p50 {letzte.name} ÷ {erste.name}", f"req/s {erste.name}", f"req/s {letzte.name}"]
    zeilen = _kopf(*kopf)
    for seite in SEITEN:
        werte = [s.seiten.get(seite.schluessel) for s in lauf.stufen]
        if not all(w is not None and w.gemessen for w in werte):
            continue
        a, b = werte[0], werte[-1]
        zeilen.append(
            _zeile(
                seite.name,
                *(_ms(w.p50) for w in werte),
                _zahl(b.p50 / a.p50, 2),
                _zahl(a.req_s, 1),
                _zahl(b.req_s, 1),
            )
        )
    return zeilen


def peer(lauf: Lauf) -> list[str]:
    if lauf.peer is None:
        return ["Nicht gemessen (--peer-massnahmen 0)."]
    zeilen = _kopf(
        "Seite",
        f"unsere req/s ({lauf.peer.name})",
        "LocalZero req/s (Referenz)",
        "Ziel req/s",
        "unsere ÷ Ziel",
        "unsere ÷ LocalZero",
    )
    for schluessel, (peer_seite, referenz, ziel) in PEER_REFERENZ.items():
        ergebnis = lauf.peer.seiten.get(schluessel)
        if ergebnis is None or not ergebnis.gemessen:
            zeilen.append(_zeile(schluessel, "–", referenz, ziel, "–", "–"))
            continue
        zeilen.append(
            _zeile(
                f"{ergebnis.seite.name} ({peer_seite})",
                _zahl(ergebnis.req_s, 1),
                referenz,
                ziel,
                _zahl(ergebnis.req_s / ziel, 2),
                _zahl(ergebnis.req_s / (ziel / 2), 2),
            )
        )
    boden = lauf.peer.boden()
    if boden:
        zeilen += ["", f"Bodenseite im selben Lauf: {_zahl(boden.req_s)} req/s."]
    return zeilen


def kriechen(lauf: Lauf) -> list[str]:
    k = lauf.kriechen
    if k is None:
        return ["Nicht gelaufen."]
    fehler = k.fehler()
    zeilen = [
        f"Bei {lauf.kriech_stufe}: {len(k.abrufe)} Abrufe, {k.pfade} Seiten (URL-Muster) in "
        f"{k.arten} Varianten (ohne Parameter und bis zu drei mit Filtern, Sortierung, "
        "Blättern oder Export), als `datenpflege`, Admin eingeschlossen"
        + (f"; {k.abgebrochen}" if k.abgebrochen else "; alle gefundenen besucht")
        + f". Serverfehler oder keine Antwort in 120 s: {len(fehler)}"
        + (f" ({', '.join(a.pfad for a in fehler[:5])})" if fehler else "")
        + f". Im Server-Protokoll über {LANGSAM_MS} ms: {len(lauf.langsam)}.",
        "",
    ]
    if lauf.langsam:
        zeilen += _kopf(f"über {LANGSAM_MS} ms (Serverzeit)", "ms", "Status")
        for eintrag in sorted(lauf.langsam, key=lambda e: -e["ms"])[:20]:
            zeilen.append(
                _zeile(f"`{eintrag['pfad'][:90]}`", _zahl(eintrag["ms"]), eintrag["status"])
            )
        if len(lauf.langsam) > 20:
            zeilen.append(_zeile(f"… und {len(lauf.langsam) - 20} weitere", "", ""))
    else:
        zeilen += _kopf("langsamste Abrufe (Client)", "ms", "Status")
        for a in sorted(k.abrufe, key=lambda a: -a.sekunden)[:5]:
            zeilen.append(_zeile(f"`{a.pfad[:90]}`", _zahl(a.sekunden * 1000), a.status))
    return zeilen


def zwei_server(lauf: Lauf) -> list[str]:
    if lauf.konsistenz_fehler:
        return [f"Abgebrochen: {lauf.konsistenz_fehler}"]
    k = lauf.konsistenz
    if k is None:
        return ["Nicht geprüft."]
    zeilen = [
        f"Bei {lauf.konsistenz_stufe}: {k.vergleiche} Seitenvergleiche zwischen beiden Servern, "
        "ein Sachstand über das Formular je Server geschrieben:",
        "",
        *(f"- {z}" for z in k.schreibproben),
    ]
    zeilen += [f"- Abweichung: {a}" for a in k.abweichungen] or ["- keine Abweichung"]
    return zeilen


def _urteil(ok: bool | None) -> str:
    return "n/a " if ok is None else ("PASS" if ok else "FAIL")


def _unter_boden(stufe: Stufe) -> tuple[list[str], int]:
    """The staff pages of ``stufe`` below ``BODEN_ANTEIL_MINDESTENS`` of the floor's req/s (name
    and share), and how many staff pages were checked."""
    unter, geprueft = [], 0
    for ergebnis in stufe.seiten.values():
        anteil = _anteil(ergebnis, stufe)
        if ergebnis.seite.personal and anteil is not None:
            geprueft += 1
            if anteil < BODEN_ANTEIL_MINDESTENS:
                unter.append(f"{ergebnis.seite.name} {_zahl(anteil * 100, 1)} %")
    return unter, geprueft


def ziele(lauf: Lauf) -> list[str]:
    zeilen = []
    alle = [*lauf.stufen, *([lauf.peer] if lauf.peer else [])]
    fehler = sum(e.fehler for s in alle for e in s.seiten.values())
    zeilen.append(f"- {_urteil(fehler == 0)} Keine fehlgeschlagene Anfrage unter Last ({fehler}).")

    eins, hundert = _stufe(lauf, 1), _stufe(lauf, 100)
    if eins and hundert:
        zu_langsam, verglichen = [], 0
        for seite in SEITEN:
            a, b = eins.seiten.get(seite.schluessel), hundert.seiten.get(seite.schluessel)
            if a and b and a.gemessen and b.gemessen:
                verglichen += 1
                if b.p50 > WACHSTUM_HOECHSTENS * a.p50:
                    zu_langsam.append(f"{seite.name} {_zahl(b.p50 / a.p50, 1)}×")
        zeilen.append(
            f"- {_urteil(not zu_langsam and verglichen > 0)} p50 bei 100× höchstens "
            f"{WACHSTUM_HOECHSTENS:.0f}× p50 bei 1× ({verglichen} Seiten"
            + (f"; darüber: {', '.join(zu_langsam)}" if zu_langsam else "")
            + ")."
        )
    else:
        zeilen.append("- n/a  p50 bei 100× ≤ 2× p50 bei 1× (Stufe 1 oder 100 nicht gemessen).")

    if hundert and hundert.boden():
        unter, geprueft = _unter_boden(hundert)
        zeilen.append(
            f"- {_urteil(not unter and geprueft > 0)} Jede Personalseite bei 100× mindestens "
            f"{BODEN_ANTEIL_MINDESTENS * 100:.0f} % der req/s der Bodenseite"
            + (f" (darunter: {', '.join(unter)})" if unter else "")
            + "."
        )
        bericht = hundert.seiten.get(BERICHT.schluessel)
        boden = hundert.boden()
        if bericht and bericht.gemessen:
            verhaeltnis = bericht.p50 / boden.p50
            ok = bericht.req_s >= BODEN_ANTEIL_MINDESTENS * boden.req_s
            zeilen.append(
                f"- {_urteil(ok)} Jahresbericht "
                f"(HTML) bei 100×: {_zahl(bericht.req_s, 1)} req/s, p50 {_ms(bericht.p50)} ms = "
                f"{_zahl(verhaeltnis, 1)}× die Zeit der Bodenseite, {_zahl(bericht.kb)} KB."
            )
    else:
        zeilen.append("- n/a  Personalseiten bei 100× ≥ 25 % der Bodenseite (100× nicht gemessen).")

    if lauf.peer:
        teile, ok = [], True
        for schluessel, (_p, _r, ziel) in PEER_REFERENZ.items():
            ergebnis = lauf.peer.seiten.get(schluessel)
            wert = ergebnis.req_s if ergebnis and ergebnis.gemessen else 0.0
            ok = ok and wert >= ziel
            teile.append(f"{schluessel} {_zahl(wert)}/{ziel}")
        zeilen.append(
            f"- {_urteil(ok)} Doppelt so schnell wie LocalZero bei {lauf.peer.name} "
            f"(req/s / Ziel: {', '.join(teile)})."
        )
    else:
        zeilen.append("- n/a  Vergleich mit LocalZero (nicht gemessen).")

    if lauf.kriechen is not None:
        zeilen.append(
            f"- {_urteil(not lauf.langsam and not lauf.kriechen.fehler())} Keine Anfrage über "
            f"{LANGSAM_MS} ms Serverzeit und kein Serverfehler beim Durchlauf aller Seitenarten "
            f"bei {lauf.kriech_stufe} ({len(lauf.langsam)} langsam, "
            f"{len(lauf.kriechen.fehler())} Fehler)."
        )
    else:
        zeilen.append("- n/a  Keine Anfrage über 1 s (Durchlauf nicht gelaufen).")

    if lauf.konsistenz is not None or lauf.konsistenz_fehler:
        ok = lauf.konsistenz is not None and lauf.konsistenz.ok
        zeilen.append(f"- {_urteil(ok)} Zwei App-Server auf einer Datenbank zeigen dasselbe.")
    else:
        zeilen.append("- n/a  Zwei App-Server (nicht geprüft).")
    return zeilen


# The region's row counts in the report, in this order (keys of ``bench.daten.region``).
REGION_SPALTEN = {
    "Kommunen": "Kommunen",
    "Sozialräume": "Sozialräume",
    "projekte.Projektskizze": "Maßnahmen",
    "projekte.Sachstand": "Sachstände",
    "projekte.Meilenstein": "Meilensteine",
    "monitoring.Indikator": "Indikatoren",
    "monitoring.Messwert": "Messwerte",
    "akteure.Akteur": "Akteure",
    "auth.User": "Personen",
    "Verlaufszeilen": "Verlaufszeilen",
}


def region_daten(lauf: Lauf) -> list[str]:
    """The region's rows (one line) and the measures per Kommune."""
    if not lauf.stufen:
        return ["Keine Daten (der Lauf brach vorher ab)."]
    z = lauf.stufen[0].zaehlung
    zeilen = [
        *_kopf(*REGION_SPALTEN.values()),
        _zeile(*(_zahl(z.get(k, 0)) for k in REGION_SPALTEN)),
    ]
    je_kommune = z.get("Maßnahmen je Kommune") or {}
    if je_kommune:
        zeilen += [
            "",
            "Maßnahmen je Kommune: "
            + ", ".join(f"{name} {_zahl(n)}" for name, n in je_kommune.items())
            + ".",
        ]
    return zeilen


def region_vergleich(lauf: Lauf) -> list[str]:
    """Each page side by side for the people of the region stage."""
    if not lauf.stufen:
        return []
    spalten = []
    for stufe in lauf.stufen:
        spalten += [f"{stufe.benutzer} req/s", "p50 ms", "p95 ms"]
    zeilen = _kopf("Seite", *spalten)
    for seite in REGION_SEITEN:
        zellen = []
        for stufe in lauf.stufen:
            ergebnis = stufe.seiten.get(seite.schluessel)
            if ergebnis and ergebnis.gemessen:
                zellen += [_zahl(ergebnis.req_s, 1), _ms(ergebnis.p50), _ms(ergebnis.p95)]
            else:
                zellen += ["–", "–", "–"]
        if any(zelle != "–" for zelle in zellen):
            zeilen.append(_zeile(seite.name, *zellen))
    return zeilen


def region_ziele(lauf: Lauf) -> list[str]:
    """No failed request, and every staff page at least the share of the floor page asked of
    100× the demo, for every person."""
    fehler = sum(e.fehler for s in lauf.stufen for e in s.seiten.values())
    zeilen = [f"- {_urteil(fehler == 0)} Keine fehlgeschlagene Anfrage unter Last ({fehler})."]
    for stufe in lauf.stufen:
        unter, geprueft = _unter_boden(stufe)
        zeilen.append(
            f"- {_urteil(not unter and geprueft > 0)} Als `{stufe.benutzer}`: jede Personalseite "
            f"mindestens {BODEN_ANTEIL_MINDESTENS * 100:.0f} % der req/s der Bodenseite"
            + (f" (darunter: {', '.join(unter)})" if unter else "")
            + "."
        )
    return zeilen


def _anfang(lauf: Lauf, titel: str, daten_zeilen: list[str], ziel_zeilen: list[str]) -> list[str]:
    """Title, a note if the run broke off, machine, data and goals."""
    abbruch = (
        [f"**Abgebrochen:** {lauf.abbruch} – der Bericht zeigt, was bis dahin gemessen war.", ""]
        if lauf.abbruch
        else []
    )
    return [
        titel,
        "",
        *abbruch,
        *maschine(lauf),
        "",
        *daten_zeilen,
        "",
        "### Ziele",
        "",
        *ziel_zeilen,
        "",
    ]


def region_bericht(lauf: Lauf) -> str:
    """The report of the region stage (``--region``)."""
    teile = _anfang(lauf, "## Lasttest Region: Ergebnis", region_daten(lauf), region_ziele(lauf))
    teile += ["### Region", "", *region_vergleich(lauf), ""]
    for stufe in lauf.stufen:
        teile += [*stufentabelle(stufe), ""]
    return "\n".join(teile)


def bericht(lauf: Lauf) -> str:
    if lauf.region:
        return region_bericht(lauf)
    teile = _anfang(lauf, "## Lasttest: Ergebnis", daten(lauf), ziele(lauf))
    for stufe in lauf.stufen:
        teile += [*stufentabelle(stufe), ""]
    teile += ["### Wachstum", "", *wachstum(lauf), ""]
    teile += ["### Vergleich mit LocalZero", "", *peer(lauf), ""]
    if lauf.peer:
        teile += [*stufentabelle(lauf.peer), ""]
    teile += ["### Durchlauf aller Seiten", "", *kriechen(lauf), ""]
    teile += ["### Zwei App-Server", "", *zwei_server(lauf), ""]
    return "\n".join(teile)
