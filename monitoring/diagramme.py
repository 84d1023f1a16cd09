"""Server-rendered SVG charts (no JavaScript), built from protected display values only.

Every chart is an inline ``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>``; the
desc lists the shown numbers, and each page puts the same numbers in a table beside the chart.
Colours are dark enough for 3:1 against white and never the only cue: lines also differ by marker
shape and dash pattern and carry their name at the end; bars carry their value as text. Protected
values are never drawn to scale: a line has a gap there with the label ("< 3", "•") at the axis; a
bar is a short hatched stub with the label. Axis ranges come from shown values only.

All text passes through ``format_html`` (escaped); there are no style attributes (CSP), only
presentation attributes and classes from static/css/monitoring.css.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from monitoring.schutz import Anzeigewert
from monitoring.zahlen import zahl_formatieren

# ≥ 3:1 against white (#fff): contrast ratios 10.6, 6.4, 5.7, 8.6, 6.1, 21.
FARBEN = ("#004b87", "#b3261e", "#1b6e35", "#5b2a86", "#8a4b00", "#000000")
STRICHE = ("", "8 4", "2 3", "10 3 2 3", "4 4", "1 2")
SYMBOLE = ("kreis", "quadrat", "dreieck", "raute", "kreis", "quadrat")
ACHSE = "#4a4a4a"
RASTER = "#c8c8c8"


@dataclass
class Reihe:
    """One line: a name and its values by year (None = no value that year)."""

    name: str
    werte: dict[int, Anzeigewert | None] = field(default_factory=dict)


def _schoene_schritte(maximum: Decimal) -> tuple[float, float]:
    """A round axis maximum and step for 4–5 grid lines."""
    maximum = float(maximum)
    if maximum <= 0:
        return 1.0, 0.25
    roh = maximum / 4
    groesse = 10 ** math.floor(math.log10(roh))
    for faktor in (1, 2, 2.5, 5, 10):
        schritt = faktor * groesse
        if schritt * 4 >= maximum:
            break
    return schritt * math.ceil(maximum / schritt), schritt


def _zahl(x: float) -> str:
    return zahl_formatieren(Decimal(str(round(x, 6))).normalize())


def _symbol(art: str, x: float, y: float, farbe: str) -> SafeString:
    if art == "quadrat":
        return format_html(
            '<rect x="{}" y="{}" width="8" height="8" fill="{}"/>',
            f"{x - 4:.1f}",
            f"{y - 4:.1f}",
            farbe,
        )
    if art == "dreieck":
        return format_html(
            '<polygon points="{},{} {},{} {},{}" fill="{}"/>',
            f"{x:.1f}",
            f"{y - 5:.1f}",
            f"{x + 5:.1f}",
            f"{y + 4:.1f}",
            f"{x - 5:.1f}",
            f"{y + 4:.1f}",
            farbe,
        )
    if art == "raute":
        return format_html(
            '<polygon points="{},{} {},{} {},{} {},{}" fill="{}"/>',
            f"{x:.1f}",
            f"{y - 5:.1f}",
            f"{x + 5:.1f}",
            f"{y:.1f}",
            f"{x:.1f}",
            f"{y + 5:.1f}",
            f"{x - 5:.1f}",
            f"{y:.1f}",
            farbe,
        )
    return format_html('<circle cx="{}" cy="{}" r="4" fill="{}"/>', f"{x:.1f}", f"{y:.1f}", farbe)


def _rahmen(
    kennung: str, titel: str, beschreibung: str, breite: int, hoehe: int, inhalt: list[SafeString]
) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="diagramm" role="img" '
        'viewBox="0 0 {breite} {hoehe}" width="{breite}" height="{hoehe}" '
        'aria-labelledby="{k}-titel" aria-describedby="{k}-beschreibung" focusable="false">'
        '<title id="{k}-titel">{titel}</title><desc id="{k}-beschreibung">{beschreibung}</desc>'
        '<rect x="0" y="0" width="{breite}" height="{hoehe}" fill="#ffffff"/>'
        "{inhalt}</svg>",
        breite=breite,
        hoehe=hoehe,
        k=kennung,
        titel=titel,
        beschreibung=beschreibung,
        inhalt=mark_safe("".join(inhalt)),
    )


def liniendiagramm(
    *, kennung: str, titel: str, reihen: Sequence[Reihe], einheit: str = ""
) -> SafeString:
    """A time series: one line per area; gaps where a value is missing or protected."""
    jahre = sorted({j for r in reihen for j in r.werte})
    breite, hoehe = 720, 340
    links, rechts, oben, unten = 64, 150, 20, 60
    innen_b, innen_h = breite - links - rechts, hoehe - oben - unten

    sichtbar = [av.wert for r in reihen for av in r.werte.values() if av and av.wert is not None]
    minimum = min([Decimal(0), *sichtbar])
    maximum, schritt = _schoene_schritte(max(sichtbar, default=Decimal(0)) - minimum)
    basis = float(minimum)

    def x_von(jahr: int) -> float:
        if len(jahre) == 1:
            return links + innen_b / 2
        return links + innen_b * (jahre.index(jahr) / (len(jahre) - 1))

    def y_von(wert: Decimal) -> float:
        return oben + innen_h - innen_h * ((float(wert) - basis) / maximum)

    teile: list[SafeString] = []
    # grid and y axis labels
    stufe = 0.0
    while stufe <= maximum + 1e-9:
        y = oben + innen_h - innen_h * (stufe / maximum)
        teile.append(
            format_html(
                '<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" class="diagramm-achse">{}</text>',
                links,
                links + innen_b,
                RASTER,
                links - 6,
                f"{y + 4:.1f}",
                _zahl(stufe + basis),
                y=f"{y:.1f}",
            )
        )
        stufe += schritt
    teile.append(
        format_html(
            '<line x1="{l}" y1="{u}" x2="{r}" y2="{u}" stroke="{f}" stroke-width="1.5"/>'
            '<line x1="{l}" y1="{o}" x2="{l}" y2="{u}" stroke="{f}" stroke-width="1.5"/>',
            l=links,
            r=links + innen_b,
            o=oben,
            u=oben + innen_h,
            f=ACHSE,
        )
    )
    for jahr in jahre:
        teile.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" class="diagramm-achse">{}</text>',
                f"{x_von(jahr):.1f}",
                oben + innen_h + 18,
                jahr,
            )
        )
    if einheit:
        teile.append(
            format_html(
                '<text x="{}" y="{}" class="diagramm-achse">{}</text>', 4, oben - 6, einheit
            )
        )

    luecken_zeile = 0
    for nummer, reihe in enumerate(reihen):
        farbe = FARBEN[nummer % len(FARBEN)]
        strich = STRICHE[nummer % len(STRICHE)]
        symbol = SYMBOLE[nummer % len(SYMBOLE)]
        # split into runs of consecutive shown values: a protected or missing year is a gap
        laeufe: list[list[tuple[float, float]]] = [[]]
        letzter: tuple[float, float] | None = None
        for jahr in jahre:
            av = reihe.werte.get(jahr)
            if av is None or av.wert is None:
                if laeufe[-1]:
                    laeufe.append([])
                if av is not None:
                    teile.append(
                        format_html(
                            '<text x="{}" y="{}" text-anchor="middle" fill="{}" '
                            'class="diagramm-luecke">{}</text>',
                            f"{x_von(jahr):.1f}",
                            oben + innen_h + 34 + 12 * luecken_zeile,
                            farbe,
                            av.text,
                        )
                    )
                continue
            punkt = (x_von(jahr), y_von(av.wert))
            laeufe[-1].append(punkt)
            letzter = punkt
            teile.append(_symbol(symbol, *punkt, farbe))
        if any(av is not None and av.wert is None for av in reihe.werte.values()):
            luecken_zeile += 1
        for lauf in laeufe:
            if len(lauf) < 2:
                continue
            teile.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"{}/>',
                    " ".join(f"{x:.1f},{y:.1f}" for x, y in lauf),
                    farbe,
                    format_html(' stroke-dasharray="{}"', strich) if strich else "",
                )
            )
        if letzter is not None:
            teile.append(
                format_html(
                    '<text x="{}" y="{}" fill="{}" class="diagramm-beschriftung">{}</text>',
                    f"{letzter[0] + 10:.1f}",
                    f"{letzter[1] + 4:.1f}",
                    farbe,
                    reihe.name,
                )
            )

    return _rahmen(kennung, titel, _beschreibung_zeitreihe(reihen, jahre), breite, hoehe, teile)


def _beschreibung_zeitreihe(reihen: Sequence[Reihe], jahre: list[int]) -> str:
    if not jahre:
        return gettext("Keine Werte vorhanden.")
    teile = []
    for reihe in reihen:
        werte = ", ".join(
            f"{jahr}: {reihe.werte[jahr].text}" for jahr in jahre if reihe.werte.get(jahr)
        )
        teile.append(f"{reihe.name} – {werte}")
    return gettext("Liniendiagramm %(von)s bis %(bis)s. ") % {
        "von": jahre[0],
        "bis": jahre[-1],
    } + "; ".join(teile)


def balkendiagramm(
    *, kennung: str, titel: str, balken: Sequence[tuple[str, Anzeigewert]], einheit: str = ""
) -> SafeString:
    """Horizontal bars sorted by value, largest first; protected values as hatched stubs last."""
    gezeigt = sorted((b for b in balken if b[1].wert is not None), key=lambda b: (-b[1].wert, b[0]))
    verborgen = sorted((b for b in balken if b[1].wert is None), key=lambda b: b[0])
    reihenfolge = [*gezeigt, *verborgen]

    zeile, links, rechts, oben = 28, 190, 70, 30
    breite = 720
    hoehe = oben + zeile * max(len(reihenfolge), 1) + 30
    innen_b = breite - links - rechts
    minimum = min([Decimal(0), *(b[1].wert for b in gezeigt)])
    maximum, schritt = _schoene_schritte(max((b[1].wert for b in gezeigt), default=0) - minimum)
    basis = float(minimum)

    def x_von(wert: float) -> float:
        return links + innen_b * ((wert - basis) / maximum)

    teile: list[SafeString] = [
        format_html(
            '<defs><pattern id="{}-schraffur" patternUnits="userSpaceOnUse" width="6" height="6" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
            '<line x1="0" y1="0" x2="0" y2="6" stroke="{}" stroke-width="3"/></pattern></defs>',
            kennung,
            ACHSE,
        )
    ]
    unten = oben + zeile * max(len(reihenfolge), 1)
    stufe = 0.0
    while stufe <= maximum + 1e-9:
        x = x_von(stufe + basis)
        teile.append(
            format_html(
                '<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{x}" y="{}" text-anchor="middle" class="diagramm-achse">{}</text>',
                oben - 4,
                unten,
                RASTER,
                unten + 18,
                _zahl(stufe + basis),
                x=f"{x:.1f}",
            )
        )
        stufe += schritt
    if einheit:
        teile.append(
            format_html('<text x="{}" y="{}" class="diagramm-achse">{}</text>', links, 14, einheit)
        )
    null_x = x_von(0.0)
    for i, (name, av) in enumerate(reihenfolge):
        y = oben + i * zeile
        teile.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" class="diagramm-beschriftung">{}</text>',
                links - 8,
                y + 18,
                name,
            )
        )
        if av.wert is None and av.ohne_einwohnerzahl:
            # Not protected, only not computable: no hatched stub, the reason in words.
            teile.append(
                format_html(
                    '<text x="{}" y="{}" class="diagramm-wert">{}</text>',
                    f"{null_x + 6:.1f}",
                    y + 18,
                    gettext("– (keine Einwohnerzahl)"),
                )
            )
            continue
        if av.wert is None:
            teile.append(
                format_html(
                    '<rect x="{}" y="{}" width="24" height="18" fill="url(#{}-schraffur)" '
                    'stroke="{}" stroke-width="1"/>'
                    '<text x="{}" y="{}" class="diagramm-wert">{}</text>',
                    f"{null_x:.1f}",
                    y + 5,
                    kennung,
                    ACHSE,
                    f"{null_x + 30:.1f}",
                    y + 18,
                    av.text,
                )
            )
            continue
        ende = x_von(float(av.wert))
        teile.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="18" fill="{}"/>'
                '<text x="{}" y="{}" class="diagramm-wert">{}</text>',
                f"{min(null_x, ende):.1f}",
                y + 5,
                f"{max(abs(ende - null_x), 1):.1f}",
                FARBEN[0],
                f"{max(null_x, ende) + 6:.1f}",
                y + 18,
                av.text,
            )
        )
    teile.append(
        format_html(
            '<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{}" stroke-width="1.5"/>',
            oben - 4,
            unten,
            ACHSE,
            x=f"{null_x:.1f}",
        )
    )
    beschreibung = gettext("Balkendiagramm, absteigend sortiert: ") + "; ".join(
        f"{name}: {av.text}" + (f" ({av.erklaerung})" if av.ohne_einwohnerzahl else "")
        for name, av in reihenfolge
    )
    return _rahmen(kennung, titel, beschreibung, breite, hoehe + 10, teile)


@dataclass
class Stufenreihe:
    """One rater group's ratings: the step (1 = lowest) by year."""

    name: str
    stufen: dict[int, int] = field(default_factory=dict)


def stufendiagramm(
    *,
    kennung: str,
    titel: str,
    skala: Sequence[tuple[int, str]],
    reihen: Sequence[Stufenreihe],
) -> SafeString:
    """The ratings of a qualitative indicator: years across, the indicator's own labelled steps
    up the side, one line per rater group (colour, marker, dash pattern and name at its end), so
    that the groups' views stand side by side and are never averaged."""
    jahre = sorted({j for r in reihen for j in r.stufen})
    skala = sorted(skala)
    breite, links, rechts, oben, unten = 720, 200, 150, 20, 40
    zeile = 44
    hoehe = oben + zeile * max(len(skala) - 1, 1) + unten
    innen_b = breite - links - rechts
    innen_h = zeile * max(len(skala) - 1, 1)
    stufen = [s for s, _b in skala]
    niedrigste, hoechste = (stufen[0], stufen[-1]) if stufen else (1, 2)
    spanne = max(hoechste - niedrigste, 1)

    def x_von(jahr: int) -> float:
        if len(jahre) == 1:
            return links + innen_b / 2
        return links + innen_b * (jahre.index(jahr) / (len(jahre) - 1))

    def y_von(stufe: int) -> float:
        return oben + innen_h - innen_h * ((stufe - niedrigste) / spanne)

    teile: list[SafeString] = []
    for stufe, bezeichnung in skala:
        y = y_von(stufe)
        teile.append(
            format_html(
                '<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" class="diagramm-achse">{} – {}</text>',
                links,
                links + innen_b,
                RASTER,
                links - 8,
                f"{y + 4:.1f}",
                stufe,
                bezeichnung,
                y=f"{y:.1f}",
            )
        )
    teile.append(
        format_html(
            '<line x1="{l}" y1="{u}" x2="{r}" y2="{u}" stroke="{f}" stroke-width="1.5"/>',
            l=links,
            r=links + innen_b,
            u=oben + innen_h,
            f=ACHSE,
        )
    )
    for jahr in jahre:
        teile.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" class="diagramm-achse">{}</text>',
                f"{x_von(jahr):.1f}",
                oben + innen_h + 22,
                jahr,
            )
        )
    for nummer, reihe in enumerate(reihen):
        farbe = FARBEN[nummer % len(FARBEN)]
        strich = STRICHE[nummer % len(STRICHE)]
        symbol = SYMBOLE[nummer % len(SYMBOLE)]
        # Groups on the same step in the same year are set a little apart, never merged.
        versatz = (nummer - (len(reihen) - 1) / 2) * 6
        punkte = [(x_von(j) + versatz, y_von(reihe.stufen[j])) for j in jahre if j in reihe.stufen]
        if len(punkte) >= 2:
            teile.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"{}/>',
                    " ".join(f"{x:.1f},{y:.1f}" for x, y in punkte),
                    farbe,
                    format_html(' stroke-dasharray="{}"', strich) if strich else "",
                )
            )
        for punkt in punkte:
            teile.append(_symbol(symbol, *punkt, farbe))
        if punkte:
            x, y = punkte[-1]
            teile.append(
                format_html(
                    '<text x="{}" y="{}" fill="{}" class="diagramm-beschriftung">{}</text>',
                    f"{x + 12:.1f}",
                    f"{y + 4 + 12 * nummer:.1f}",
                    farbe,
                    reihe.name,
                )
            )
    bezeichnungen = dict(skala)
    if jahre:
        beschreibung = gettext("Einschätzungen %(von)s bis %(bis)s je Gruppe. ") % {
            "von": jahre[0],
            "bis": jahre[-1],
        } + "; ".join(
            f"{reihe.name} – "
            + ", ".join(
                f"{j}: {bezeichnungen.get(reihe.stufen[j], reihe.stufen[j])}"
                for j in jahre
                if j in reihe.stufen
            )
            for reihe in reihen
        )
    else:
        beschreibung = gettext("Keine Einschätzungen vorhanden.")
    return _rahmen(kennung, titel, beschreibung, breite, hoehe, teile)
