"""CSV and XLSX export of the (filtered, sorted) measure list.

Both formats have the same German columns, written by aktionsplan.dateien: CSV cells are text in
German notation, text that a spreadsheet would read as a formula with a leading apostrophe; XLSX
cells keep their type (numbers, progress, costs and dates are numbers for the spreadsheet, dates
shown as DD.MM.YYYY) and texts are text cells, never formulas. This is the list as the staff see
it (status and Ampel from the reports); the Datenpflege's measure file is projekte.datenarten.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Prefetch
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from aktionsplan.dateien import Blatt, auf_deutsch, csv_schreiben, xlsx_schreiben
from aktionsplan.personen import anzeigename
from aktionsplan.querysets import auswahl_eingrenzen
from projekte.filters import ProjektFilter
from projekte.models import Ampel, Finanzierung, Projektskizze, Status, sortierung_pruefen

# The kind of export in the content key of a file built by the task queue.
EXPORT_KENNUNG = "massnahmen"

BETRAGSFORMAT = "#,##0.00"

Zelle = str | int | Decimal | datetime.date | None


def gefiltert(daten: QueryDict, nutzer) -> tuple[ProjektFilter, str]:
    """The measure list's filter over ``nutzer``'s measures (``.fuer``), sorted as ``daten``
    asks (the list's query string), and the sort key; the filter's choices are scoped too."""
    sortierung = sortierung_pruefen(daten.get("sortierung"))
    filter_ = ProjektFilter(
        daten,
        queryset=Projektskizze.objects.fuer(nutzer).fuer_tabelle().sortiert(sortierung),
        nutzer=nutzer,
    )
    auswahl_eingrenzen(filter_.form, nutzer)
    return filter_, sortierung


def exporttitel(format_: str) -> str:
    if format_ == "xlsx":
        return _("Export der Maßnahmenliste als Excel-Datei (XLSX)")
    return _("Export der Maßnahmenliste als CSV-Datei")


def dateiname(format_: str) -> str:
    return f"massnahmen-{timezone.localdate():%Y-%m-%d}.{format_}"


def datei(projekte, format_: str) -> bytes:
    """The file of a filtered measure queryset (``gefiltert(...)[0].qs``)."""
    zeilen_ = projekte.prefetch_related(
        "raeume", Prefetch("finanzierungen", queryset=Finanzierung.objects.order_by("quelle", "pk"))
    )
    return als_xlsx(zeilen_) if format_ == "xlsx" else als_csv(zeilen_)


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
        _("Finanzierung gesamt (EUR)"),
        _("davon bewilligt (EUR)"),
        _("davon beantragt (EUR)"),
        _("Finanzierung (Mittelgeber, Programm, Antragsstatus)"),
    ]


# The columns of amounts (written as numbers with two decimals).
BETRAGSSPALTEN = (
    "Kosten (EUR)",
    "Finanzierung gesamt (EUR)",
    "davon bewilligt (EUR)",
    "davon beantragt (EUR)",
)


def _finanzierung(projekt: Projektskizze) -> list[Zelle]:
    """The measure's funding (prefetched, no query): the sums in EUR as numbers (None without
    any funding) and one text naming each source with its programme and status."""
    alle = list(projekt.finanzierungen.all())
    if not alle:
        return [None, None, None, ""]

    def summe(status: str | None = None) -> Decimal:
        return sum((f.betrag for f in alle if status is None or f.status == status), Decimal(0))

    return [
        summe(),
        summe(Finanzierung.Antragsstatus.BEWILLIGT),
        summe(Finanzierung.Antragsstatus.BEANTRAGT),
        "; ".join(
            f"{f.get_quelle_display()}"
            + (f", {f.programm}" if f.programm else "")
            + f" ({f.get_status_display()})"
            for f in alle
        ),
    ]


def zeilen(projekte: Iterable[Projektskizze]) -> list[list[Zelle]]:
    """One row of typed values per measure (the queryset needs fuer_tabelle(), raeume and
    finanzierungen prefetched); None for an empty cell."""
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
                *_finanzierung(p),
            ]
        )
    return ergebnis


def _blatt(projekte: Iterable[Projektskizze]) -> Blatt:
    kopf = spalten()
    return Blatt(
        titel=_("Maßnahmen"),
        kopf=kopf,
        zeilen=zeilen(projekte),
        zahlenformate={kopf.index(_(spalte)): BETRAGSFORMAT for spalte in BETRAGSSPALTEN},
    )


def als_csv(projekte: Iterable[Projektskizze]) -> bytes:
    """Semicolon-separated, UTF-8 with BOM (aktionsplan.dateien), German whatever the interface
    language."""
    with auf_deutsch():
        return csv_schreiben(_blatt(projekte))


def als_xlsx(projekte: Iterable[Projektskizze]) -> bytes:
    with auf_deutsch():
        return xlsx_schreiben([_blatt(projekte)])
