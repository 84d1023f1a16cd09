"""The overview's bars (issue 10, point 1): server-rendered SVG, no JavaScript, in the manner of
monitoring.diagramme.

A bar is an ``<svg aria-hidden="true">`` without a viewBox: its parts are placed in percent of
the bar's width, so the bar fills any width (320 px to a wide screen) without stretching a
pattern or a stroke. The bar is decoration for the eye; the same numbers stand beside it as text
(the legend line under each bar) and in the tables of the page, which are what assistive
technology reads. Parts are told apart by more than colour: every colour has at least 3:1
against white (the 2 px white gap between parts), the Ampel parts carry a pattern as well
(``ampel_muster()``, defined once per page), and the text beside names each part with its count
and, for the Ampel, its symbol.

Colours and patterns come from CSS classes (static/css/uebersicht.css); there are no style
attributes (CSP). All text passes through ``format_html``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

HOEHE = 24
# Parts drawn with a pattern (AMPEL_MUSTER) rather than a plain colour.
MUSTER = {
    ("ampel", "gelb"): "muster-ampel-gelb",
    ("ampel", "rot"): "muster-ampel-rot",
    ("ampel", "ohne"): "muster-ampel-ohne",
}


@dataclass(frozen=True)
class Teil:
    """One part of a stacked bar: its code (for the CSS class), label and count."""

    schluessel: str
    label: str
    anzahl: int


def _prozent(x: float) -> str:
    return f"{x:.3f}".rstrip("0").rstrip(".") + "%"


def gestapelter_balken(teile: Sequence[Teil], *, art: str) -> SafeString:
    """A stacked bar of ``teile`` (counts, shown in their order, parts with 0 left out), as wide
    as its container. ``art`` names the family of CSS classes (``status``, ``ampel``): a part
    gets ``balken__teil balken__teil--{art}-{schluessel}``. Without any count: an empty frame."""
    gesamt = sum(t.anzahl for t in teile)
    inhalt: list[SafeString] = []
    x = 0.0
    for teil in teile:
        if not teil.anzahl:
            continue
        breite = 100 * teil.anzahl / gesamt
        # A pattern goes in the fill attribute: "url(#…)" in an external stylesheet would point
        # into the stylesheet, not the page.
        muster = MUSTER.get((art, teil.schluessel))
        inhalt.append(
            format_html(
                '<rect x="{}" y="0" width="{}" height="{}" '
                'class="balken__teil balken__teil--{}-{}"{}/>',
                _prozent(x),
                _prozent(breite),
                HOEHE,
                art,
                teil.schluessel,
                format_html(' fill="url(#{})"', muster) if muster else "",
            )
        )
        x += breite
    if not inhalt:
        inhalt.append(
            format_html('<rect x="0" y="0" width="100%" height="{}" class="balken__leer"/>', HOEHE)
        )
    return format_html(
        '<svg class="balken" width="100%" height="{}" '
        'aria-hidden="true" focusable="false">{}</svg>',
        HOEHE,
        mark_safe("".join(inhalt)),
    )


def fortschrittsbalken(prozent: float | None) -> SafeString:
    """A progress bar: a framed track of 100 % with the filled share ``prozent`` (0–100);
    ``None`` (no report) draws the empty track."""
    fuellung = ""
    if prozent is not None:
        fuellung = format_html(
            '<rect x="0" y="0" width="{}" height="{}" class="balken__fortschritt"/>',
            _prozent(max(0.0, min(100.0, float(prozent)))),
            HOEHE,
        )
    return format_html(
        '<svg class="balken" width="100%" height="{h}" '
        'aria-hidden="true" focusable="false">'
        '<rect x="0" y="0" width="100%" height="{h}" class="balken__spur"/>{}'
        '<rect x="0.5" y="0.5" width="99.5%" height="{r}" class="balken__rahmen"/></svg>',
        fuellung,
        h=HOEHE,
        r=HOEHE - 1,
    )


# The Ampel's patterns, drawn over its colours: im Plan plain, gefährdet diagonal stripes,
# kritisch a cross-hatch, no report dotted. Referenced by the CSS classes of the parts.
AMPEL_MUSTER = mark_safe(
    '<svg class="balken-muster" width="0" height="0" '
    'aria-hidden="true" focusable="false"><defs>'
    '<pattern id="muster-ampel-gelb" patternUnits="userSpaceOnUse" width="8" height="8" '
    'patternTransform="rotate(45)"><rect width="8" height="8" class="muster--gelb"/>'
    '<rect width="3" height="8" class="muster__strich"/></pattern>'
    '<pattern id="muster-ampel-rot" patternUnits="userSpaceOnUse" width="8" height="8">'
    '<rect width="8" height="8" class="muster--rot"/>'
    '<path d="M0 0L8 8M8 0L0 8" class="muster__kreuz"/></pattern>'
    '<pattern id="muster-ampel-ohne" patternUnits="userSpaceOnUse" width="6" height="6">'
    '<rect width="6" height="6" class="muster--ohne"/>'
    '<circle cx="3" cy="3" r="1.2" class="muster__punkt"/></pattern>'
    "</defs></svg>"
)


def ampel_muster() -> SafeString:
    """The patterns of the Ampel parts; once per page, before the first Ampel bar."""
    return AMPEL_MUSTER


def farbfeld(art: str, schluessel: str) -> SafeString:
    """A small square in the colour (and pattern) of a part, for the text beside a bar."""
    muster = MUSTER.get((art, schluessel))
    return format_html(
        '<svg class="farbfeld" width="14" height="14" '
        'aria-hidden="true" focusable="false"><rect x="0" y="0" width="14" height="14" '
        'class="balken__teil balken__teil--{}-{}"{}/></svg>',
        art,
        schluessel,
        format_html(' fill="url(#{})"', muster) if muster else "",
    )
