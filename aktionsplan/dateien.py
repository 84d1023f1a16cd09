"""Reading and writing the CSV and XLSX files of every import and export.

Files are always German, whatever the interface language (issue 7, "Files are always German"):

* **Writing.** CSV is UTF-8 with BOM, ``;``-separated, CRLF, decimal comma and no thousands
  separator, dates DD.MM.YYYY, ``ja``/``nein``. A text cell that a spreadsheet would run as a
  formula (``= + - @``, tab, CR …) gets a leading ``'``; so does a text that starts with ``'``
  itself, so that the import can strip exactly one and the round trip holds. XLSX keeps numbers
  and dates typed and writes every text explicitly as a text cell, never a formula (no
  apostrophe: the cell type already neutralises it, and the data stay as they are).
* **Reading.** CSV with ``;``, ``,`` or tab, in UTF-8 (with or without BOM) or Windows-1252, as
  German Excel saves it; XLSX cells by their type and number format (a cell formatted as percent,
  0.45 shown as 45 %, is read as 45). Numbers in German (``1.234,5``) or plain (``1234.5``)
  notation; an ambiguous ``1.234`` is read by the notation of the rest of its column
  (:func:`schreibweise`), and refused if the column gives no answer.

Cells are JSON-safe after :meth:`Tabelle.als_json`, so a parsed file can wait in the session
between preview and confirm.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import timezone, translation
from django.utils.translation import gettext as _

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMATE = ("csv", "xlsx")

# Upload limits: the size of the file, and the rows it may hold (an XLSX is compressed, so its
# size alone does not bound the work). Every row is checked through the model and written for the
# preview: 2,000 values take about 3 s on SQLite and 5 s on PostgreSQL per step.
MAX_BYTES = 5 * 1024 * 1024
MAX_ZEILEN = 10_000
# Columns a sheet may have at most (our files have fewer than 20).
MAX_SPALTEN = 64

DATUMSFORMAT_XLSX = "DD.MM.YYYY"

# A value of a cell as read: text, a number, a date or a truth value (XLSX only), or nothing.
Zellwert = str | Decimal | datetime.date | bool | None
# A value of a cell to write; bool is written as "ja"/"nein".
Zelle = str | int | float | Decimal | datetime.date | datetime.datetime | bool | None


class DateiFehler(Exception):  # noqa: N818 — German domain word
    """The file as a whole cannot be read (encoding, format, no header, too many rows)."""


# --- formulas ------------------------------------------------------------------------------------

# Characters with which Excel, LibreOffice or Google Sheets start a formula or a DDE call (the
# fullwidth forms are folded to these by some spreadsheet programs), and the apostrophe, which
# they take as "text follows" and swallow.
_FORMEL_ANFANG = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠", "'")


def formel_neutralisieren(text: str) -> str:
    """Prefix an apostrophe when a CSV text cell would start a formula (OWASP CSV injection).

    Leading blanks are looked through, since spreadsheets ignore them before a formula. A text
    that starts with an apostrophe gets one too: the import strips exactly one, so every text
    comes back as it was.
    """
    if text and text.lstrip(" ").startswith(_FORMEL_ANFANG):
        return "'" + text
    return text


# --- numbers -------------------------------------------------------------------------------------

DEUTSCH = "deutsch"
EINFACH = "einfach"

_DEUTSCH = re.compile(r"^[+-]?([1-9]\d{0,2}(\.\d{3})+|\d+)(,\d+)?$")
_EINFACH = re.compile(r"^[+-]?\d+(\.\d+)?$")
# "1.234": German 1234 or plain 1.234 — only the rest of the column can tell.
_MEHRDEUTIG = re.compile(r"^[+-]?[1-9]\d{0,2}\.\d{3}$")
# How other roles' exports show a protected small number ("< 3") or a withheld one ("•").
_GESCHUETZT = re.compile(r"^(<\s*\d+|•)$")


class ZahlFehler(InvalidOperation):
    """A cell is not a number; ``str()`` is the German message for the user."""


def _zahltext(roh: str) -> str:
    text = roh.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    text = text.replace("−", "-")
    return text.removesuffix("%")


def _eindeutige_schreibweise(text: str) -> str | None:
    """The notation a single text shows by itself (None: no evidence either way)."""
    if _MEHRDEUTIG.match(text):
        return None
    deutsch = bool(_DEUTSCH.match(text)) and ("," in text or "." in text)
    einfach = bool(_EINFACH.match(text)) and "." in text
    if deutsch and not einfach:
        return DEUTSCH
    if einfach and not deutsch:
        return EINFACH
    return None


def schreibweise(zellen: Iterable[Zellwert]) -> str | None:
    """The notation of a column: German, plain, or None when its texts give no (or no single)
    answer. Typed XLSX numbers are no evidence; they need no notation."""
    gefunden = set()
    for zelle in zellen:
        if isinstance(zelle, str):
            art = _eindeutige_schreibweise(_zahltext(zelle))
            if art:
                gefunden.add(art)
    return gefunden.pop() if len(gefunden) == 1 else None


def zahl_lesen(roh: Zellwert | int | float, spalten_schreibweise: str | None = DEUTSCH) -> Decimal:
    """A cell as a number. Raises ZahlFehler with a German message.

    German "1.234,5" and plain "1234.5" are read as what they unambiguously are; "1.234" by
    ``spalten_schreibweise`` (see :func:`schreibweise`), and refused when that is None. A
    protected "< 3" or "•" from another role's export is refused: it is no value.
    """
    if isinstance(roh, bool) or roh is None:
        raise ZahlFehler(_("„%(wert)s“ ist keine Zahl.") % {"wert": "" if roh is None else roh})
    if isinstance(roh, Decimal):
        return roh
    if isinstance(roh, int):
        return Decimal(roh)
    if isinstance(roh, float):
        return Decimal(repr(roh))
    if isinstance(roh, datetime.date):
        raise ZahlFehler(_("„%(wert)s“ ist ein Datum, keine Zahl.") % {"wert": roh})
    text = _zahltext(str(roh))
    if _GESCHUETZT.match(text.strip()):
        raise ZahlFehler(
            _(
                "„%(wert)s“ ist ein zum Schutz kleiner Zahlen verborgener Wert, keine Zahl. "
                "Bitte tragen Sie den tatsächlichen Wert ein oder lassen Sie die Zeile weg."
            )
            % {"wert": str(roh).strip()}
        )
    if _MEHRDEUTIG.match(text):
        if spalten_schreibweise is None:
            raise ZahlFehler(
                _(
                    "„%(wert)s“ ist mehrdeutig: %(deutsch)s in deutscher Schreibweise oder "
                    "%(einfach)s mit Dezimalpunkt, und die übrigen Werte der Spalte klären es "
                    "nicht. Bitte schreiben Sie die Zahl ohne Tausenderpunkt."
                )
                % {
                    "wert": str(roh).strip(),
                    "deutsch": text.replace(".", ""),
                    "einfach": text.replace(".", ","),
                }
            )
        art = spalten_schreibweise
    else:
        art = _eindeutige_schreibweise(text) or EINFACH
    if art == DEUTSCH and _DEUTSCH.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif not _EINFACH.match(text):
        raise ZahlFehler(_("„%(wert)s“ ist keine Zahl.") % {"wert": str(roh).strip()})
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ZahlFehler(_("„%(wert)s“ ist keine Zahl.") % {"wert": str(roh).strip()}) from None


def zahl_kompakt(wert: Decimal | None) -> Decimal | None:
    """A number without trailing zeros (17.00 → 17, 12.50 → 12.5), never in exponent form."""
    if wert is None:
        return None
    if wert == wert.to_integral_value():
        return wert.quantize(Decimal(1))
    return wert.normalize()


# --- reading -------------------------------------------------------------------------------------


@dataclass
class Tabelle:
    """A file's first sheet: the header and the data rows with their spreadsheet row numbers."""

    kopf: list[str]
    zeilen: list[tuple[int, list[Zellwert]]]

    def als_json(self) -> dict:
        return {
            "kopf": self.kopf,
            "zeilen": [
                [nummer, [_zelle_json(z) for z in zellen]] for nummer, zellen in self.zeilen
            ],
        }

    @classmethod
    def aus_json(cls, daten: dict) -> Tabelle:
        return cls(
            kopf=list(daten["kopf"]),
            zeilen=[
                (int(nummer), [_zelle_aus_json(z) for z in zellen])
                for nummer, zellen in daten["zeilen"]
            ],
        )


def _zelle_json(wert: Zellwert) -> object:
    if isinstance(wert, bool) or wert is None or isinstance(wert, str):
        return wert
    if isinstance(wert, Decimal):
        return {"zahl": str(wert)}
    return {"datum": wert.isoformat()}


def _zelle_aus_json(wert: object) -> Zellwert:
    if isinstance(wert, dict):
        if "zahl" in wert:
            return Decimal(wert["zahl"])
        return datetime.date.fromisoformat(wert["datum"])
    return wert  # type: ignore[return-value]


def lesen(inhalt: bytes, dateiname: str) -> Tabelle:
    """The first sheet of a CSV or XLSX file. Raises DateiFehler for an unreadable file."""
    xlsx = dateiname.lower().endswith(".xlsx")
    tabelle = _xlsx_lesen(inhalt) if xlsx else _csv_lesen(inhalt)
    nummer = 1
    while tabelle and not any(_gefuellt(z) for z in tabelle[0]):
        tabelle.pop(0)
        nummer += 1
    if not tabelle:
        raise DateiFehler(_("Die Datei ist leer."))
    kopf = ["" if k is None else str(k).strip() for k in tabelle[0]]
    zeilen = [
        (n, zellen)
        for n, zellen in enumerate(tabelle[1:], start=nummer + 1)
        if any(_gefuellt(z) for z in zellen)
    ]
    if len(zeilen) > MAX_ZEILEN:
        raise DateiFehler(
            _("Die Datei hat mehr als %(anzahl)s Zeilen. Bitte teilen Sie sie auf.")
            % {"anzahl": MAX_ZEILEN}
        )
    return Tabelle(kopf=kopf, zeilen=zeilen)


def _gefuellt(zelle: Zellwert) -> bool:
    return zelle is not None and (not isinstance(zelle, str) or bool(zelle.strip()))


def _dekodieren(inhalt: bytes) -> str:
    try:
        return inhalt.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return inhalt.decode("cp1252")
    except UnicodeDecodeError as fehler:
        raise DateiFehler(
            _("Die Datei ist weder in UTF-8 noch in Windows-1252 gespeichert.")
        ) from fehler


def _csv_lesen(inhalt: bytes) -> list[list[Zellwert]]:
    if inhalt.startswith(b"PK\x03\x04"):
        raise DateiFehler(_("Die Datei ist eine XLSX-Datei; bitte mit der Endung .xlsx hochladen."))
    text = _dekodieren(inhalt)
    if "\x00" in text:
        raise DateiFehler(_("Die Datei ist keine Textdatei (CSV)."))
    erste = next((z for z in text.splitlines() if z.strip()), "")
    trenner = max((";", "\t", ","), key=erste.count)
    try:
        zeilen = list(csv.reader(io.StringIO(text, newline=""), delimiter=trenner))
    except csv.Error as fehler:
        raise DateiFehler(_("Die CSV-Datei kann nicht gelesen werden.")) from fehler
    # Our exports put an apostrophe before text that a spreadsheet would take for a formula (and
    # before text that starts with one); take exactly that one away again.
    return [[z[1:] if z.startswith("'") else z for z in zeile] for zeile in zeilen]


def _xlsx_lesen(inhalt: bytes) -> list[list[Zellwert]]:
    from openpyxl import load_workbook

    try:
        mappe = load_workbook(io.BytesIO(inhalt), read_only=True, data_only=True)
    except Exception as fehler:  # openpyxl raises many kinds for a broken file
        raise DateiFehler(_("Die XLSX-Datei kann nicht gelesen werden.")) from fehler
    blatt = mappe.worksheets[0]
    # A few bytes can declare a sheet of a million rows and 16,000 columns; read_only padding
    # would then build billions of cells. Refuse what no file of ours can be, before reading.
    if (blatt.max_column or 0) > MAX_SPALTEN or (blatt.max_row or 0) > 2 * MAX_ZEILEN + 1:
        mappe.close()
        raise DateiFehler(
            _(
                "Die Tabelle ist zu groß: höchstens %(zeilen)s Zeilen und %(spalten)s Spalten. "
                "Bitte löschen Sie leere, aber formatierte Zeilen und Spalten am Ende des Blatts."
            )
            % {"zeilen": MAX_ZEILEN, "spalten": MAX_SPALTEN}
        )
    try:
        zeilen = []
        gefuellt = 0
        for reihe in blatt.iter_rows(max_col=MAX_SPALTEN):
            zellen = [_xlsx_zelle(zelle) for zelle in reihe]
            while zellen and zellen[-1] is None:  # read_only pads rows to the sheet's width
                zellen.pop()
            zeilen.append(zellen)
            gefuellt += any(_gefuellt(z) for z in zeilen[-1])
            # Enough to refuse the file; formatted but empty rows count only up to a bound.
            if gefuellt > MAX_ZEILEN + 1 or len(zeilen) > 2 * MAX_ZEILEN + 1:
                break
    except Exception as fehler:
        raise DateiFehler(_("Die XLSX-Datei kann nicht gelesen werden.")) from fehler
    finally:
        mappe.close()
    return zeilen


def _xlsx_zelle(zelle) -> Zellwert:
    wert = zelle.value
    if wert is None or isinstance(wert, (str, bool)):
        return wert
    if isinstance(wert, datetime.datetime):
        return wert.date()
    if isinstance(wert, datetime.date):
        return wert
    if isinstance(wert, (int, float, Decimal)):
        zahl = Decimal(repr(wert)) if isinstance(wert, float) else Decimal(wert)
        if "%" in (zelle.number_format or ""):
            # Shown as 45 %, stored as 0.45: the user means 45.
            zahl = (zahl * 100).normalize()
        return zahl
    return str(wert)


# --- writing -------------------------------------------------------------------------------------


def zelle_als_text(wert: Zelle) -> str:
    """One CSV cell: German notation, formulas neutralised."""
    if wert is None:
        return ""
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    if isinstance(wert, float):
        wert = Decimal(repr(wert))
    if isinstance(wert, Decimal):
        text = format(wert, "f")
        return text.replace(".", ",")
    if isinstance(wert, int):
        return str(wert)
    if isinstance(wert, datetime.datetime):
        if timezone.is_aware(wert):
            wert = timezone.localtime(wert)
        return wert.strftime("%d.%m.%Y %H:%M")
    if isinstance(wert, datetime.date):
        return wert.strftime("%d.%m.%Y")
    return formel_neutralisieren(str(wert))


@dataclass
class Blatt:
    """One table of an export: the CSV file, or one sheet of the XLSX workbook.

    ``vorspann`` rows stand above the header (a title, a unit), ``nachspann`` rows below the
    table (notes). ``kommentare`` maps (index in ``zeilen``, column index) to a cell comment
    (XLSX only); ``zahlenformate`` maps a column index to the number format of its numbers.
    """

    titel: str
    kopf: Sequence[str]
    zeilen: Sequence[Sequence[Zelle]]
    vorspann: Sequence[Sequence[Zelle]] = ()
    nachspann: Sequence[Sequence[Zelle]] = ()
    kommentare: Mapping[tuple[int, int], str] = field(default_factory=dict)
    zahlenformate: Mapping[int, str] = field(default_factory=dict)
    breiten: Mapping[int, float] | None = None


def csv_schreiben(blatt: Blatt) -> bytes:
    """The table as German Excel opens it: UTF-8 with BOM, ``;``, CRLF (see the module doc)."""
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    for zeile in [*blatt.vorspann, blatt.kopf, *blatt.zeilen, *blatt.nachspann]:
        schreiber.writerow([zelle_als_text(z) for z in zeile])
    return ("\ufeff" + puffer.getvalue()).encode("utf-8")


def xlsx_schreiben(blaetter: Sequence[Blatt]) -> bytes:
    """A workbook with one sheet per Blatt: typed numbers and dates, text cells as text."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    mappe = Workbook()
    mappe.remove(mappe.active)
    fett = Font(bold=True)
    for blatt in blaetter:
        ws = mappe.create_sheet(title=_blatttitel(blatt.titel))
        reihe = 0
        for i, zeile in enumerate(blatt.vorspann):
            reihe += 1
            _reihe_schreiben(ws, reihe, zeile, {})
            if i == 0:
                ws.cell(row=reihe, column=1).font = fett
        reihe += 1
        kopfreihe = reihe
        _reihe_schreiben(ws, reihe, blatt.kopf, {})
        for spalte in range(1, len(blatt.kopf) + 1):
            ws.cell(row=reihe, column=spalte).font = fett
        for index, zeile in enumerate(blatt.zeilen):
            reihe += 1
            _reihe_schreiben(ws, reihe, zeile, blatt.zahlenformate)
            for (z, s), text in blatt.kommentare.items():
                if z == index:
                    ws.cell(row=reihe, column=s + 1).comment = Comment(text, "aktionsplan")
        for zeile in blatt.nachspann:
            reihe += 1
            _reihe_schreiben(ws, reihe, zeile, {})
        ws.freeze_panes = ws.cell(row=kopfreihe + 1, column=1)
        if blatt.breiten is not None:
            for spalte, breite in blatt.breiten.items():
                ws.column_dimensions[get_column_letter(spalte + 1)].width = breite
        else:
            for spalte, ueberschrift in enumerate(blatt.kopf):
                laengen = [len(zelle_als_text(ueberschrift))] + [
                    len(zelle_als_text(z[spalte])) for z in blatt.zeilen[:200] if spalte < len(z)
                ]
                breite = min(60, max(10, max(laengen) + 2))
                ws.column_dimensions[get_column_letter(spalte + 1)].width = breite
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


def _blatttitel(titel: str) -> str:
    # Excel forbids these in sheet names and allows 31 characters.
    return re.sub(r"[\[\]:*?/\\]", " ", titel)[:31] or "Tabelle"


# Characters an XLSX file cannot hold at all (XML 1.0); they become the replacement character.
_XLSX_UNGUELTIG = re.compile(r"[\000-\010\013\014\016-\037]")


def _reihe_schreiben(ws, reihe: int, zeile: Sequence[Zelle], zahlenformate: Mapping) -> None:
    for spalte, wert in enumerate(zeile, start=1):
        if wert is None:
            continue
        zelle = ws.cell(row=reihe, column=spalte)
        if isinstance(wert, bool):
            wert = "ja" if wert else "nein"
        if isinstance(wert, str):
            zelle.value = _XLSX_UNGUELTIG.sub("\ufffd", wert)
            # openpyxl makes "=…" a formula and "#N/A" an error cell; a text stays a text.
            zelle.data_type = "s"
        elif isinstance(wert, datetime.datetime):
            zelle.value = timezone.localtime(wert).replace(tzinfo=None) if wert.tzinfo else wert
            zelle.number_format = "DD.MM.YYYY HH:MM"
        elif isinstance(wert, datetime.date):
            zelle.value = wert
            zelle.number_format = DATUMSFORMAT_XLSX
        elif isinstance(wert, Decimal):
            zelle.value = int(wert) if wert == wert.to_integral_value() else float(wert)
            if spalte - 1 in zahlenformate:
                zelle.number_format = zahlenformate[spalte - 1]
        else:
            zelle.value = wert
            if spalte - 1 in zahlenformate:
                zelle.number_format = zahlenformate[spalte - 1]


def auf_deutsch():
    """Context manager: exports are written in German whatever the interface language."""
    return translation.override("de")


def dateiantwort(inhalt: bytes, *, format_: str, dateiname: str):
    """An HTTP download of an export (``format_`` "csv" or "xlsx", ``dateiname`` without
    extension)."""
    from django.http import HttpResponse

    art = XLSX_CONTENT_TYPE if format_ == "xlsx" else CSV_CONTENT_TYPE
    antwort = HttpResponse(inhalt, content_type=art)
    antwort["Content-Disposition"] = f'attachment; filename="{dateiname}.{format_}"'
    return antwort
