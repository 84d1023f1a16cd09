"""CSV and XLSX export of the (filtered, sorted) measure list.

Both formats have the same German columns. CSV cells are text in German notation; XLSX cells keep
their type (numbers, progress, costs and dates are numbers for the spreadsheet, dates shown as
DD.MM.YYYY). Text that a spreadsheet would read as a formula gets a leading apostrophe in both
formats (aktionsplan.exporte).
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

from aktionsplan.exporte import formel_neutralisieren, xlsx_wert
from aktionsplan.personen import anzeigename
from projekte.models import Ampel, Projektskizze, Status

DATUMSFORMAT = "DD.MM.YYYY"
BETRAGSFORMAT = "#,##0.00"

Zelle = str | int | Decimal | datetime.date | None


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


def zeilen(projekte: Iterable[Projektskizze]) -> list[list[Zelle]]:
    """One row of typed values per measure (the queryset needs fuer_tabelle() and raeume
    prefetched); None for an empty cell."""
    ergebnis = []
    for p in projekte:
        ergebnis.append(
            [
                str(p.plan),
                p.nummer,
                p.titel,
                p.hauptthema.name,
                str(Status(p.aktueller_status).label),
                str(Ampel(p.aktuelle_ampel).label) if p.aktuelle_ampel else "",
                p.aktueller_fortschritt,
                p.letzter_sachstand_am,
                anzeigename(p.verantwortlich),
                p.beginn,
                p.ende,
                p.kosten,
                ", ".join(r.name for r in p.raeume.all())
                or (_("gesamtstädtisch") if p.gesamtstaedtisch else ""),
            ]
        )
    return ergebnis


def _als_text(wert: Zelle) -> str:
    if wert is None:
        return ""
    if isinstance(wert, datetime.date):
        return wert.strftime("%d.%m.%Y")
    if isinstance(wert, Decimal):
        return f"{wert:.2f}".replace(".", ",")
    return formel_neutralisieren(str(wert))


def als_csv(projekte: Iterable[Projektskizze]) -> bytes:
    """Semicolon-separated, UTF-8 with BOM (so that Excel reads the umlauts)."""
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerow(spalten())
    for zeile in zeilen(projekte):
        schreiber.writerow([_als_text(zelle) for zelle in zeile])
    return ("\ufeff" + puffer.getvalue()).encode("utf-8")


def als_xlsx(projekte: Iterable[Projektskizze]) -> bytes:
    mappe = Workbook()
    blatt = mappe.active
    blatt.title = _("Maßnahmen")[:31]
    blatt.append(spalten())
    for zelle in blatt[1]:
        zelle.font = Font(bold=True)
    for zeile in zeilen(projekte):
        blatt.append([xlsx_wert(wert) for wert in zeile])
        for zelle, wert in zip(blatt[blatt.max_row], zeile, strict=True):
            if isinstance(wert, datetime.date):
                zelle.number_format = DATUMSFORMAT
            elif isinstance(wert, Decimal):
                zelle.number_format = BETRAGSFORMAT
    blatt.freeze_panes = "A2"
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()
