"""Choropleth maps of the Sozialräume: server-rendered SVG from protected display values only.

The outlines are stored projected (ETRS89/UTM 32N, metres) and simplified (aktionsplan.geometrie);
here they are only scaled into the picture, north up. Nothing is loaded from another origin, no
JavaScript runs.

* **Classes** by quantiles (:func:`klassen_bilden`): the shown values, sorted, are cut into
  :data:`KLASSEN` classes of about equal numbers of areas; ties stay in one class, so fewer
  classes may result. The legend states the method and each class's smallest and largest value.
  Quantiles suit the skewed, few-area data of a Kommune better than equal intervals, which would
  leave most Sozialräume in one class.
* **Not by colour alone:** each shape carries its class number in a white disc; the legend repeats
  number, colour and range. Fills are a sequential blue scale; outlines are dark (≥ 3:1).
* **Protected values** (monitoring.schutz) are hatched and carry no number, neither in the shape
  nor in its name; areas without a value are light grey. Neither belongs to a class.
* **Accessible:** the SVG is a group named by its title; each area is an ``<a href>`` to its page
  (focusable, focus shown by CSS) whose ``<title>`` and ``aria-label`` give name, value and class.
  The page puts the table of the same numbers beside the map.

All text passes through ``format_html``; no style attributes (CSP), only presentation attributes and
classes from static/css/monitoring.css, as in monitoring.diagramme.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from aktionsplan.geometrie import laden
from aktionsplan.models import Raum
from monitoring.schutz import Anzeigewert
from monitoring.zahlen import zahl_formatieren

KLASSEN = 4
# Sequential blues, light to dark (ColorBrewer "Blues"); the class number in each shape carries
# the meaning, the colour only repeats it.
FARBEN = ("#deebf7", "#9ecae1", "#4292c6", "#08519c")
OHNE_WERT = "#f2f2f2"
RAND = "#1a1a1a"
BREITE = 640
RAND_PX = 12


@dataclass
class Klasse:
    nummer: int
    von: Decimal
    bis: Decimal
    anzahl: int
    farbe: str

    @property
    def text(self) -> str:
        if self.von == self.bis:
            return zahl_formatieren(self.von)
        return gettext("%(von)s bis %(bis)s") % {
            "von": zahl_formatieren(self.von),
            "bis": zahl_formatieren(self.bis),
        }


@dataclass
class Flaeche:
    """One area on the map and in its table."""

    raum: Raum
    wert: Anzeigewert | None
    klasse: Klasse | None = None

    @property
    def geschuetzt(self) -> bool:
        return self.wert is not None and self.wert.wert is None

    @property
    def beschriftung(self) -> str:
        """Name, value and class as a screen reader and the tooltip say them."""
        if self.wert is None:
            return gettext("%(name)s: kein Wert") % {"name": self.raum.name}
        if self.klasse is None:
            return gettext("%(name)s: zum Schutz kleiner Zahlen nicht ausgewiesen") % {
                "name": self.raum.name
            }
        return gettext("%(name)s: %(wert)s, Klasse %(klasse)s") % {
            "name": self.raum.name,
            "wert": self.wert.text,
            "klasse": self.klasse.nummer,
        }


@dataclass
class Karte:
    svg: SafeString
    flaechen: list[Flaeche]
    klassen: list[Klasse]
    hinweise: list[str] = field(default_factory=list)

    @property
    def hat_geschuetzte(self) -> bool:
        return any(f.geschuetzt for f in self.flaechen)

    @property
    def hat_ohne_wert(self) -> bool:
        return any(f.wert is None for f in self.flaechen)


def klassen_bilden(werte: Iterable[Decimal], anzahl: int = KLASSEN) -> list[Klasse]:
    """Quantile classes of the values: sorted, cut after every ``len/anzahl`` values; a cut inside
    a run of equal values moves to its end (a value belongs to exactly one class). Each class
    spans the smallest to the largest of its values. Fewer classes when there are fewer distinct
    values; none for no values."""
    sortiert = sorted(werte)
    n = len(sortiert)
    if not n:
        return []
    grenzen: list[int] = []  # index of the last value of each class but the last
    for i in range(1, anzahl):
        ende = math.ceil(i * n / anzahl) - 1
        while ende + 1 < n and sortiert[ende + 1] == sortiert[ende]:
            ende += 1
        if ende < n - 1 and (not grenzen or ende > grenzen[-1]):
            grenzen.append(ende)
    klassen: list[Klasse] = []
    anfang = 0
    for nummer, ende in enumerate([*grenzen, n - 1], start=1):
        klassen.append(
            Klasse(
                nummer=nummer,
                von=sortiert[anfang],
                bis=sortiert[ende],
                anzahl=ende - anfang + 1,
                farbe="",
            )
        )
        anfang = ende + 1
    # Spread the colours over the scale when there are fewer classes than colours.
    for klasse in klassen:
        index = (
            0
            if len(klassen) == 1
            else round((klasse.nummer - 1) * (len(FARBEN) - 1) / (len(klassen) - 1))
        )
        klasse.farbe = FARBEN[index]
    return klassen


def _klasse_von(wert: Decimal, klassen: Sequence[Klasse]) -> Klasse:
    for klasse in klassen:
        if wert <= klasse.bis:
            return klasse
    return klassen[-1]


def _polygone(geometrie: BaseGeometry) -> list[Polygon]:
    if isinstance(geometrie, Polygon):
        return [geometrie]
    if isinstance(geometrie, MultiPolygon):
        return list(geometrie.geoms)
    return []


def karte(
    *,
    kennung: str,
    titel: str,
    raeume: Iterable[Raum],
    werte: Mapping[int, Anzeigewert],
) -> Karte | None:
    """The map of ``raeume`` (those with an outline) coloured by ``werte`` (area pk → display
    value; protected values stay protected). None when no area has an outline. No query."""
    umrisse: list[tuple[Raum, BaseGeometry]] = []
    for raum in raeume:
        geometrie = laden(raum.geometrie)
        if geometrie is not None and not geometrie.is_empty:
            umrisse.append((raum, geometrie))
    if not umrisse:
        return None
    umrisse.sort(key=lambda p: p[0].name.casefold())
    flaechen = [Flaeche(raum=r, wert=werte.get(r.pk)) for r, _g in umrisse]
    klassen = klassen_bilden(f.wert.wert for f in flaechen if f.wert and f.wert.wert is not None)
    for flaeche in flaechen:
        if flaeche.wert is not None and flaeche.wert.wert is not None:
            flaeche.klasse = _klasse_von(flaeche.wert.wert, klassen)

    west = min(g.bounds[0] for _r, g in umrisse)
    sued = min(g.bounds[1] for _r, g in umrisse)
    ost = max(g.bounds[2] for _r, g in umrisse)
    nord = max(g.bounds[3] for _r, g in umrisse)
    massstab = (BREITE - 2 * RAND_PX) / max(ost - west, nord - sued, 1.0)
    hoehe = math.ceil((nord - sued) * massstab) + 2 * RAND_PX
    hinweise = sorted({r.umriss_hinweis for r, _g in umrisse if r.umriss_hinweis})
    hoehe_gesamt = hoehe + (22 if hinweise else 0)

    def punkt(x: float, y: float) -> str:
        return f"{(x - west) * massstab + RAND_PX:.1f},{(nord - y) * massstab + RAND_PX:.1f}"

    teile: list[SafeString] = [
        format_html(
            '<defs><pattern id="{}-schraffur" patternUnits="userSpaceOnUse" width="8" height="8" '
            'patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/>'
            '<line x1="0" y1="0" x2="0" y2="8" stroke="#4a4a4a" stroke-width="3"/>'
            "</pattern></defs>",
            kennung,
        )
    ]
    for flaeche, (raum, geometrie) in zip(flaechen, umrisse, strict=True):
        pfad = " ".join(
            "M" + " L".join(punkt(x, y) for x, y in ring.coords[:-1]) + " Z"
            for polygon in _polygone(geometrie)
            for ring in (polygon.exterior, *polygon.interiors)
        )
        if flaeche.klasse is not None:
            fuellung = flaeche.klasse.farbe
        elif flaeche.geschuetzt:
            fuellung = f"url(#{kennung}-schraffur)"
        else:
            fuellung = OHNE_WERT
        marke = SafeString("")
        if flaeche.klasse is not None:
            mitte = geometrie.point_on_surface()
            x, y = punkt(mitte.x, mitte.y).split(",")
            marke = format_html(
                '<circle cx="{x}" cy="{y}" r="10" fill="#ffffff" stroke="{rand}" '
                'stroke-width="1"/><text x="{x}" y="{ty}" text-anchor="middle" '
                'class="karte-klasse">{n}</text>',
                x=x,
                y=y,
                ty=f"{float(y) + 4.5:.1f}",
                rand=RAND,
                n=flaeche.klasse.nummer,
            )
        teile.append(
            format_html(
                '<a href="{url}" class="karte-raum" aria-label="{label}"><title>{label}</title>'
                '<path d="{d}" fill="{fill}" stroke="{rand}" stroke-width="1" '
                'fill-rule="evenodd" class="karte-flaeche"/>{marke}</a>',
                url=raum.get_absolute_url(),
                label=flaeche.beschriftung,
                d=pfad,
                fill=fuellung,
                rand=RAND,
                marke=marke,
            )
        )
    if hinweise:
        teile.append(
            format_html(
                '<text x="{}" y="{}" class="karte-hinweis">{}</text>',
                RAND_PX,
                hoehe + 14,
                gettext("Umrisse: %(hinweis)s") % {"hinweis": "; ".join(hinweise)},
            )
        )
    beschreibung = "; ".join(f.beschriftung for f in flaechen)
    svg = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="karte" role="group" '
        'viewBox="0 0 {b} {h}" width="{b}" height="{h}" aria-labelledby="{k}-titel" '
        'aria-describedby="{k}-beschreibung">'
        '<title id="{k}-titel">{titel}</title><desc id="{k}-beschreibung">{beschreibung}</desc>'
        "{inhalt}</svg>",
        b=BREITE,
        h=hoehe_gesamt,
        k=kennung,
        titel=titel,
        beschreibung=beschreibung,
        inhalt=mark_safe("".join(teile)),
    )
    return Karte(svg=svg, flaechen=flaechen, klassen=klassen, hinweise=hinweise)


def methode_text(karte_: Karte) -> str:
    """The legend's sentence on how the classes are set."""
    return ngettext(
        "Klasse nach Quantilen: %(n)s Klasse, alle gezeigten Werte liegen in ihr; die Zahl in "
        "jeder Fläche ist ihre Klasse.",
        "Klassen nach Quantilen: %(n)s Klassen mit etwa gleich vielen Sozialräumen; die Zahl in "
        "jeder Fläche ist ihre Klasse.",
        len(karte_.klassen),
    ) % {"n": len(karte_.klassen)}
