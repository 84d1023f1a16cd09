"""CSV and XLSX export of the (filtered, sorted) measure list.

Both formats have the same German columns. Cells that a spreadsheet would read as a formula (a
leading = + - @, tab or carriage return) get a leading apostrophe, in CSV and in XLSX alike.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from projekte.models import Ampel, Projektskizze, Status

FORMEL_ZEICHEN = ("=", "+", "-", "@", "\t", "\r")


def spalten() -> list[str]:
    return [
        _("Plan"),
        _("Nummer"),
        _("Titel"),
        _("Hauptthema"),
        _("Status"),
        _("Ampel"),
        _("Fortschritt (%)"),
        _("Letzter Sachstand"),
        _("verantwortlich"),
        _("Beginn"),
        _("Ende"),
        _("Kosten (EUR)"),
        _("Räume"),
    ]


def entschaerfen(wert: str) -> str:
    """Neutralise a text cell that a spreadsheet would evaluate as a formula."""
    if wert and wert.startswith(FORMEL_ZEICHEN):
        return "'" + wert
    return wert


def _datum(wert: datetime.date | None) -> str:
    return wert.strftime("%d.%m.%Y") if wert else ""


def _betrag(wert: Decimal | None) -> str:
    return f"{wert:.2f}".replace(".", ",") if wert is not None else ""


def zeilen(projekte: Iterable[Projektskizze]) -> list[list[str]]:
    """One row of text per measure (the queryset needs fuer_tabelle() and raeume prefetched)."""
    ergebnis = []
    for p in projekte:
        verantwortlich = p.verantwortlich
        ergebnis.append(
            [
                str(p.plan),
                str(p.nummer),
                p.titel,
                p.hauptthema.name,
                str(Status(p.aktueller_status).label),
                str(Ampel(p.aktuelle_ampel).label) if p.aktuelle_ampel else "",
                "" if p.aktueller_fortschritt is None else str(p.aktueller_fortschritt),
                _datum(p.letzter_sachstand_am),
                (verantwortlich.get_full_name() or verantwortlich.get_username())
                if verantwortlich
                else "",
                _datum(p.beginn),
                _datum(p.ende),
                _betrag(p.kosten),
                ", ".join(r.name for r in p.raeume.all())
                or (_("gesamtstädtisch") if p.gesamtstaedtisch else ""),
            ]
        )
    return ergebnis


def als_csv(projekte: Iterable[Projektskizze]) -> bytes:
    """Semicolon-separated, UTF-8 with BOM (so that Excel reads the umlauts)."""
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerow(spalten())
    for zeile in zeilen(projekte):
        schreiber.writerow([entschaerfen(zelle) for zelle in zeile])
    return ("\ufeff" + puffer.getvalue()).encode("utf-8")


def als_xlsx(projekte: Iterable[Projektskizze]) -> bytes:
    mappe = Workbook()
    blatt = mappe.active
    blatt.title = _("Maßnahmen")[:31]
    blatt.append(spalten())
    for zelle in blatt[1]:
        zelle.font = Font(bold=True)
    for zeile in zeilen(projekte):
        blatt.append([entschaerfen(zelle) for zelle in zeile])
        # openpyxl would store any string starting with "=" as a formula; force text cells.
        for zelle in blatt[blatt.max_row]:
            zelle.data_type = "s"
    blatt.freeze_panes = "A2"
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()
