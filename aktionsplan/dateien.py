"""Reading and writing the CSV and XLSX files of every import and export.

Files are always German, whatever the interface language (issue 7, "Files are always German"):

* **Writing.** CSV is UTF-8 with BOM, ``;``-separated, CRLF, decimal comma and no thousands
  separator, dates DD.MM.YYYY, ``ja``/``nein``. A text cell that a spreadsheet would run as a
  formula (``= + - @``, tab, CR …) gets a leading ``'``; so does a text that starts with ``'``
  itself, so that the import can strip exactly one and the round trip holds. XLSX keeps numbers
  and dates typed and writes every text explicitly as a text cell, never a formula (no
  apostrophe: the cell type already neutralises it, and the data stay as they are).
* **Reading.** CSV with ``;``, ``,`` or tab, in UTF-8 (with or without BOM), Windows-1252 or
  UTF-16 (Excel's "Unicode-Text", tab-separated; with BOM, or without one when every other byte
  of its text is zero), as German Excel saves it; XLSX cells by their type and number format (a
  cell formatted as percent, 0.45 shown as 45 %, is read as 45). Numbers in German
  (``1.234,5``) or plain (``1234.5``) notation; an ambiguous ``1.234`` is read by the notation
  of the rest of its column (:func:`schreibweise`), and refused if the column gives no answer.
* **Hostile files** (issue 8). The type is told by the content, not the name: an XLSX is a zip
  with a workbook, a CSV is text; a PDF, an old XLS, an image or other binary content is refused
  by name ("ist ein PDF-Dokument"). An XLSX is checked before it is unpacked: what it unpacks to,
  its cells and cells per row are bounded, and the dimensions it claims are not trusted (a file of
  a few kilobytes could otherwise cost minutes and gigabytes). Only the first ``MAX_SPALTEN``
  columns are read; a cell holds at most 32,767 characters, Excel's own limit.

Cells are JSON-safe after :meth:`Tabelle.als_json`, so a parsed file can wait in the session
between preview and confirm.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import itertools
import json
import math
import operator
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation, localcontext

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aktionsplan.eingaben import TEXT_MAX, ganze_zahl_text, ziffern_normalisieren

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMATE = ("csv", "xlsx")

# What a file may hold. Its size is the upload's limit (settings.UPLOAD_GRENZEN, aktionsplan.forms);
# the rows bound the work after reading: every row is checked through the model and written for
# the preview (2,000 values take about 3 s on SQLite and 5 s on PostgreSQL per step).
MAX_ZEILEN = 10_000
# Columns read (every kind has far fewer); cells to their right are not read.
MAX_SPALTEN = 100
# Characters in one cell: Excel's own limit, the limit of every long text too.
MAX_ZELLTEXT = TEXT_MAX
# An XLSX is compressed, so its size does not bound the work of reading it: these do, checked
# before openpyxl unpacks anything. Its parts together unpack to at most MAX_ENTPACKT bytes, a part
# other than the sheets and the shared strings to at most MAX_TEIL; the sheets hold at most
# MAX_ZELLEN cells and MAX_ZELLEN_JE_ZEILE per row (a legitimate file of 10,000 rows and 25
# columns unpacks to about 15 MB with 250,000 cells).
MAX_ENTPACKT = 50 * 1024 * 1024
MAX_TEIL = 5 * 1024 * 1024
MAX_ZELLEN = 500_000
MAX_ZELLEN_JE_ZEILE = 1_000

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
    text = (
        ziffern_normalisieren(roh)
        .strip()
        .replace("\u00a0", "")
        .replace("\u202f", "")
        .replace(" ", "")
    )
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
        if not roh.is_finite():
            raise ZahlFehler(_("„%(wert)s“ ist keine Zahl.") % {"wert": roh})
        return roh
    if isinstance(roh, int):
        return Decimal(roh)
    if isinstance(roh, float):
        return zahl_lesen(Decimal(repr(roh)))
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
    """A number without trailing zeros (17.00 → 17, 12.50 → 12.5), never in exponent form.

    Any length: a file may carry a number of 40 digits, which the import then refuses with the
    field's own message; the default context's 28 digits would raise InvalidOperation here
    (QA 2026-11-29: a 500 in the import preview)."""
    if wert is None:
        return None
    if not wert.is_finite():
        return wert
    with localcontext() as kontext:
        ziffern = wert.as_tuple()
        kontext.prec = max(kontext.prec, len(ziffern.digits) + abs(ziffern.exponent))
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
    """The first sheet of a CSV or XLSX file. Raises DateiFehler (German message) for a file that
    cannot be read, is of another type than its name says, or holds more than the limits above.

    The type comes from the content: a zip is read as XLSX, text as CSV, anything else refused;
    the name must agree (a CSV named .xlsx and an XLSX named .csv are refused, saying which).
    A name ending in .geojson or .json is read as a GeoJSON FeatureCollection
    (:func:`geojson_lesen`); which pages accept such a file is the upload form's decision."""
    if ist_geojson(dateiname):
        return geojson_lesen(inhalt)
    art = _inhaltsart(inhalt)
    xlsx = dateiname.lower().endswith(".xlsx")
    if art == "zip":
        if not xlsx:
            raise DateiFehler(
                _("Die Datei ist eine XLSX-Datei; bitte laden Sie sie mit der Endung .xlsx hoch.")
            )
        tabelle = _xlsx_lesen(inhalt)
    elif art is not None:
        raise DateiFehler(_FREMDE_ARTEN[art])
    elif xlsx:
        raise DateiFehler(
            _(
                "Die Datei hat die Endung .xlsx, ist aber keine XLSX-Datei. Ist sie eine "
                "CSV-Datei, laden Sie sie bitte mit der Endung .csv hoch."
            )
        )
    else:
        tabelle = _csv_lesen(inhalt)
    nummer = 1
    while tabelle and not any(_gefuellt(z) for z in tabelle[0]):
        tabelle.pop(0)
        nummer += 1
    if not tabelle:
        raise DateiFehler(_("Die Datei ist leer."))
    _zelltexte_pruefen(tabelle, nummer)
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
    _zellenzahl_pruefen(kopf, zeilen, csv_datei=art != "zip")
    return Tabelle(kopf=kopf, zeilen=zeilen)


GEOJSON_ENDUNGEN = (".geojson", ".json")
# The column that holds a feature's geometry (as GeoJSON text) in the table of a GeoJSON file.
UMRISS_KOPF = "Umriss"


def ist_geojson(dateiname: str) -> bool:
    return dateiname.lower().endswith(GEOJSON_ENDUNGEN)


def _eigenschaft(wert: object) -> Zellwert:
    if wert is None or isinstance(wert, bool | str):
        return wert
    if isinstance(wert, int | float):
        if isinstance(wert, float) and not math.isfinite(wert):
            return str(wert)
        return Decimal(str(wert))
    return json.dumps(wert, ensure_ascii=False)


def geojson_lesen(inhalt: bytes) -> Tabelle:
    """A GeoJSON FeatureCollection (RFC 7946) as a table: one row per feature, numbered from 1 in
    file order, one column per property name (in order of first appearance) and the column
    „Umriss“ holding the feature's geometry as GeoJSON text, which the kind of data projects and
    checks (aktionsplan.geometrie). The outline cell is exempt from Excel's cell limit (an outline
    has many points); the upload's size limit bounds it. Raises DateiFehler."""
    if _inhaltsart(inhalt) is not None:
        raise DateiFehler(_("Die Datei ist keine GeoJSON-Datei (kein Text)."))
    try:
        daten = json.loads(_dekodieren(inhalt))
    except json.JSONDecodeError as fehler:
        # Where it breaks, in words (Python's own text is English and technical; QA 2026-11-30,
        # F15).
        raise DateiFehler(
            _(
                "Die Datei ist kein gültiges JSON: In Zeile %(zeile)s, Zeichen %(spalte)s endet "
                "sie oder steht etwas, das dort nicht stehen darf (z. B. ein fehlendes Komma, "
                "eine fehlende Klammer oder Anführungszeichen)."
            )
            % {"zeile": fehler.lineno, "spalte": fehler.colno}
        ) from fehler
    except (ValueError, RecursionError) as fehler:
        raise DateiFehler(
            _("Die Datei ist kein gültiges JSON (zu tief verschachtelt oder unlesbar).")
        ) from fehler
    if not isinstance(daten, dict) or daten.get("type") != "FeatureCollection":
        raise DateiFehler(
            _("Die GeoJSON-Datei muss eine „FeatureCollection“ sein (ein Objekt je Raum).")
        )
    objekte = daten.get("features")
    if not isinstance(objekte, list) or not objekte:
        raise DateiFehler(_("Die GeoJSON-Datei enthält keine Objekte („features“)."))
    if len(objekte) > MAX_ZEILEN:
        raise DateiFehler(
            _("Die Datei hat mehr als %(anzahl)s Zeilen. Bitte teilen Sie sie auf.")
            % {"anzahl": MAX_ZEILEN}
        )
    kopf: list[str] = []
    for objekt in objekte:
        eigenschaften = objekt.get("properties") if isinstance(objekt, dict) else None
        for name in eigenschaften or {}:
            name = str(name).strip()
            if name and name not in kopf and name != UMRISS_KOPF:
                kopf.append(name)
    if len(kopf) >= MAX_SPALTEN:
        raise DateiFehler(_("Die GeoJSON-Datei hat zu viele Eigenschaften."))
    zeilen: list[tuple[int, list[Zellwert]]] = []
    for nummer, objekt in enumerate(objekte, start=1):
        if not isinstance(objekt, dict) or objekt.get("type") != "Feature":
            raise DateiFehler(
                _("Objekt %(n)s der GeoJSON-Datei ist kein „Feature“.") % {"n": nummer}
            )
        eigenschaften = objekt.get("properties") or {}
        if not isinstance(eigenschaften, dict):
            raise DateiFehler(_("Objekt %(n)s: „properties“ muss ein Objekt sein.") % {"n": nummer})
        werte = {str(k).strip(): v for k, v in eigenschaften.items()}
        zellen = [_eigenschaft(werte.get(name)) for name in kopf]
        for spalte, zelle in enumerate(zellen):
            if isinstance(zelle, str) and len(zelle) > MAX_ZELLTEXT:
                raise DateiFehler(_zelle_zu_lang(nummer, spalte))
        geometrie = objekt.get("geometry")
        zellen.append(json.dumps(geometrie) if geometrie is not None else None)
        zeilen.append((nummer, zellen))
    return Tabelle(kopf=[*kopf, UMRISS_KOPF], zeilen=zeilen)


# Rows with the wrong number of cells named in one message; the rest are counted.
ZELLENZAHL_NENNEN = 5


def _zellenzahl_pruefen(
    kopf: list[str], zeilen: list[tuple[int, list[Zellwert]]], *, csv_datei: bool
) -> None:
    """Every data row has as many cells as the header (up to its last named column); raises
    DateiFehler naming the rows that do not.

    A value beyond the header would be dropped unread: a decimal comma in a comma-separated file
    ("7,5" read as 7 and a stray 5) or a shifted row. A CSV row with fewer cells has lost a
    separator, and its later values would land in the wrong columns. (An XLSX row simply ends
    at its last value, so there only extra cells count.)"""
    breite = max((i + 1 for i, k in enumerate(kopf) if k), default=0)
    falsch: list[str] = []
    for nummer, zellen in zeilen:
        laenge = max((i + 1 for i, z in enumerate(zellen) if _gefuellt(z)), default=0)
        if laenge > breite:
            falsch.append(
                _("Zeile %(n)s hat mehr Zellen als die Kopfzeile (%(zellen)s statt %(kopf)s).")
                % {"n": nummer, "zellen": laenge, "kopf": breite}
            )
        elif csv_datei and len(zellen) < breite:
            falsch.append(
                _("Zeile %(n)s hat weniger Zellen als die Kopfzeile (%(zellen)s statt %(kopf)s).")
                % {"n": nummer, "zellen": len(zellen), "kopf": breite}
            )
    if falsch:
        text = " ".join(falsch[:ZELLENZAHL_NENNEN])
        if len(falsch) > ZELLENZAHL_NENNEN:
            text += " " + _("Dazu %(anzahl)s weitere Zeilen.") % {
                "anzahl": len(falsch) - ZELLENZAHL_NENNEN
            }
        raise DateiFehler(
            text
            + " "
            + _(
                "Es wurde nichts gespeichert. Bitte prüfen Sie die Trennzeichen: Steht in einer "
                "Datei mit Komma als Trennzeichen eine Zahl mit Dezimalkomma, setzen Sie sie in "
                "Anführungszeichen oder speichern Sie die Datei mit Semikolon."
            )
        )


# The first bytes of file types that are no table, and what a person is told about them.
_SIGNATUREN = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"%PDF", "pdf"),
    (b"\x89PNG", "binaer"),
    (b"\xff\xd8\xff", "binaer"),
    (b"GIF8", "binaer"),
    (b"\x1f\x8b", "binaer"),
    (b"7z\xbc\xaf", "binaer"),
    (b"Rar!", "binaer"),
)
_FREMDE_ARTEN = {
    "ole": gettext_lazy(
        "Die Datei ist eine ältere Excel-Datei (XLS) oder ein anderes Office-Dokument. Bitte "
        "speichern Sie sie in Excel als XLSX oder CSV."
    ),
    "pdf": gettext_lazy(
        "Die Datei ist ein PDF-Dokument, keine Tabelle. Bitte laden Sie eine CSV- oder "
        "XLSX-Datei hoch."
    ),
    "binaer": gettext_lazy(
        "Die Datei ist keine Tabelle (weder CSV noch XLSX). Bitte laden Sie eine CSV- oder "
        "XLSX-Datei hoch."
    ),
}
# Control characters that a text file rarely holds (tab, line feed, vertical tab, form feed and
# carriage return aside).
_STEUERZEICHEN = re.compile("[\x00-\x08\x0e-\x1f]")


def _inhaltsart(inhalt: bytes) -> str | None:
    """ "zip", "ole", "pdf" or "binaer" by content; None for what may be text. More than a few
    NULs in the first kilobytes are binary; a text with a stray NUL in a cell is a table, and the
    import names that cell's row and column (aktionsplan.datenimport.zelle_lesen); control
    characters in a text that is not UTF-8: see _dekodieren."""
    for signatur, art in _SIGNATUREN:
        if inhalt.startswith(signatur):
            return art
    if _utf16_art(inhalt) is not None:
        return None
    anfang = inhalt[:8192]
    if anfang.count(b"\x00") > max(2, len(anfang) // 20):
        return "binaer"
    return None


def _utf16_art(inhalt: bytes) -> str | None:
    """The codec of a UTF-16 text ("utf-16" with a BOM, "utf-16-le"/"utf-16-be" without one), or
    None. Without a BOM, a text is UTF-16 when its first kilobytes hold a zero byte in every
    other place (the high byte of Latin characters) and nowhere else: binary content has zeros
    at random places."""
    if inhalt.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    anfang = inhalt[:8192]
    if len(anfang) < 4 or len(anfang) % 2:
        return None
    gerade, ungerade = anfang[0::2], anfang[1::2]
    haelfte = len(anfang) // 2
    if ungerade.count(0) >= haelfte * 0.9 and gerade.count(0) == 0:
        return "utf-16-le"
    if gerade.count(0) >= haelfte * 0.9 and ungerade.count(0) == 0:
        return "utf-16-be"
    return None


def _zelltexte_pruefen(tabelle: list[list[Zellwert]], erste_nummer: int) -> None:
    for nummer, zellen in enumerate(tabelle, start=erste_nummer):
        for spalte, zelle in enumerate(zellen):
            if isinstance(zelle, str) and len(zelle) > MAX_ZELLTEXT:
                raise DateiFehler(_zelle_zu_lang(nummer, spalte))


def _zelle_zu_lang(nummer: int, spalte: int | None) -> str:
    from openpyxl.utils import get_column_letter

    text = _(
        "Ein Text ist länger als %(anzahl)s Zeichen, die Grenze von Excel. Bitte kürzen Sie ihn."
    ) % {"anzahl": ganze_zahl_text(MAX_ZELLTEXT)}
    if spalte is None:
        return _("Zeile %(n)s: %(text)s") % {"n": nummer, "text": text}
    return _("Zeile %(n)s, Spalte %(spalte)s: %(text)s") % {
        "n": nummer,
        "spalte": get_column_letter(spalte + 1),
        "text": text,
    }


def _gefuellt(zelle: Zellwert) -> bool:
    return zelle is not None and (not isinstance(zelle, str) or bool(zelle.strip()))


# A well-formed UTF-8 sequence of two to four bytes (a lead byte and its continuation bytes).
_UTF8_MEHRBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _dekodieren(inhalt: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; a file that is UTF-8 but for some bytes is
    refused. In UTF-8, control characters are text like
    any other (our own exports keep them); Windows-1252 decodes almost any bytes, so there a few
    per cent of control characters in the first kilobytes mean binary content. UTF-16 (see
    ``_utf16_art``) is read as such."""
    utf16 = _utf16_art(inhalt)
    if utf16 is not None:
        try:
            text = inhalt.decode(utf16)
        except UnicodeDecodeError as fehler:
            raise DateiFehler(
                _(
                    "Die Datei ist als UTF-16 („Unicode-Text“) gespeichert, aber nicht vollständig "
                    "lesbar. Bitte speichern Sie sie in Excel als „CSV UTF-8“ und laden Sie sie "
                    "erneut hoch."
                )
            ) from fehler
        if len(_STEUERZEICHEN.findall(text[:4096])) > max(2, len(text[:4096]) // 100):
            raise DateiFehler(_FREMDE_ARTEN["binaer"])
        return text
    try:
        return inhalt.decode("utf-8-sig")
    except UnicodeDecodeError as fehler:
        if _UTF8_MEHRBYTE.search(inhalt):
            # Mostly UTF-8 with a stray byte of another encoding (text pasted from an old file):
            # read as Windows-1252, every umlaut of the UTF-8 part would be garbled and a column
            # name like "vorläufig" no longer found (QA 2026-11-29, F-3). Refuse, naming the line.
            zeile = inhalt.count(b"\n", 0, fehler.start) + 1
            raise DateiFehler(
                _(
                    "Die Datei ist in UTF-8 gespeichert, aber Zeile %(zeile)d enthält Zeichen in "
                    "einer anderen Kodierung. Bitte speichern Sie die Datei einheitlich als UTF-8 "
                    "(in Excel: „CSV UTF-8“) und laden Sie sie erneut hoch."
                )
                % {"zeile": zeile}
            ) from fehler
    anfang = inhalt[:8192].decode("latin-1")
    if len(_STEUERZEICHEN.findall(anfang)) > max(2, len(anfang) // 100):
        raise DateiFehler(_FREMDE_ARTEN["binaer"])
    try:
        return inhalt.decode("cp1252")
    except UnicodeDecodeError as fehler:
        raise DateiFehler(
            _("Die Datei ist weder in UTF-8 noch in Windows-1252 gespeichert.")
        ) from fehler


def _csv_lesen(inhalt: bytes) -> list[list[Zellwert]]:
    text = _dekodieren(inhalt)
    erste = next((z for z in text.splitlines() if z.strip()), "")
    trenner = max((";", "\t", ","), key=erste.count)
    leser = csv.reader(io.StringIO(text, newline=""), delimiter=trenner)
    zeilen = []
    try:
        for zeile in leser:
            zeilen.append(zeile[:MAX_SPALTEN])
    except csv.Error as fehler:
        # The csv module's own limit on a field (131,072 characters) is above Excel's.
        if "field larger than field limit" in str(fehler):
            raise DateiFehler(_zelle_zu_lang(leser.line_num, None)) from fehler
        raise DateiFehler(
            _("Die CSV-Datei kann nicht gelesen werden (Zeile %(n)s).") % {"n": leser.line_num}
        ) from fehler
    # Our exports put an apostrophe before text that a spreadsheet would take for a formula (and
    # before text that starts with one); take exactly that one away again.
    return [[z[1:] if z.startswith("'") else z for z in zeile] for zeile in zeilen]


# Elements of a sheet: a row, a cell (with or without a namespace prefix).
_ZEILE_ODER_ZELLE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)[\s/>]")
_GEMEINSAME_TEXTE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
# A formula whose cell holds no computed value (written by a program that does not calculate):
# read with data_only it would be an empty cell, while Excel shows a value.
_P = rb"(?:[A-Za-z_][\w.-]*:)?"
_FORMEL_OHNE_WERT = re.compile(
    rb"(?:</" + _P + rb"f>|<" + _P + rb"f\b[^>]*/>)\s*"
    rb"(?:<" + _P + rb"v\s*/>|<" + _P + rb"v\s*>\s*</" + _P + rb"v>)?\s*</" + _P + rb"c>"
)


def _xlsx_pruefen(inhalt: bytes) -> None:
    """The bounds of an XLSX before openpyxl unpacks it (see MAX_ENTPACKT …); raises DateiFehler.

    Reads what the zip says about its parts (a part cannot unpack to more than it declares:
    zipfile stops there) and counts the cells of every sheet in their XML."""
    import zipfile

    zu_gross = DateiFehler(
        _(
            "Die XLSX-Datei ist entpackt zu groß oder enthält zu viele Zellen (höchstens "
            "%(zellen)s Zellen, %(je_zeile)s je Zeile). Bitte teilen Sie sie auf oder entfernen "
            "Sie leere, nur formatierte Bereiche."
        )
        % {
            "zellen": ganze_zahl_text(MAX_ZELLEN),
            "je_zeile": ganze_zahl_text(MAX_ZELLEN_JE_ZEILE),
        }
    )
    try:
        archiv = zipfile.ZipFile(io.BytesIO(inhalt))
        teile = archiv.infolist()
        namen = {teil.filename for teil in teile}
        if "mimetype" in namen and b"opendocument" in archiv.read("mimetype")[:100]:
            raise DateiFehler(
                _(
                    "Die Datei ist eine OpenDocument-Tabelle (ODS). Bitte speichern Sie sie als "
                    "XLSX oder CSV."
                )
            )
        if "xl/workbook.xml" not in namen:
            raise DateiFehler(_("Die Datei ist ein ZIP-Archiv, aber keine XLSX-Datei."))
        if sum(teil.file_size for teil in teile) > MAX_ENTPACKT:
            raise zu_gross
        zellen = 0
        for teil in teile:
            name = teil.filename
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archiv.read(teil)
                if _FORMEL_OHNE_WERT.search(xml):
                    raise DateiFehler(
                        _(
                            "Die Datei enthält Formeln ohne berechneten Wert (sie wurde von einem "
                            "Programm erzeugt, das nicht rechnet). Bitte öffnen und speichern Sie "
                            "sie in Excel oder LibreOffice, oder tragen Sie die Werte ein."
                        )
                    )
                zeile = 0
                for treffer in _ZEILE_ODER_ZELLE.finditer(xml):
                    if treffer.group(1) == b"row":
                        zeile = 0
                        continue
                    zeile += 1
                    zellen += 1
                    if zeile > MAX_ZELLEN_JE_ZEILE or zellen > MAX_ZELLEN:
                        raise zu_gross
            elif name == "xl/sharedStrings.xml":
                texte = sum(1 for _t in _GEMEINSAME_TEXTE.finditer(archiv.read(teil)))
                if texte > MAX_ZELLEN:
                    raise zu_gross
            elif name.endswith((".xml", ".rels")) and teil.file_size > MAX_TEIL:
                raise zu_gross
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as f:
        raise DateiFehler(_("Die XLSX-Datei kann nicht gelesen werden.")) from f


def _xlsx_lesen(inhalt: bytes) -> list[list[Zellwert]]:
    from openpyxl import load_workbook
    from openpyxl.cell.read_only import EMPTY_CELL

    _xlsx_pruefen(inhalt)
    try:
        mappe = load_workbook(io.BytesIO(inhalt), read_only=True, data_only=True, keep_links=False)
    except Exception as fehler:  # openpyxl raises many kinds for a broken file
        raise DateiFehler(_("Die XLSX-Datei kann nicht gelesen werden.")) from fehler
    try:
        blatt = mappe.worksheets[0]
        # The dimensions a file claims are not trusted beyond MAX_SPALTEN: openpyxl pads every
        # row to them ("A1:XFD1048576" made 16,384 cells of each row).
        breite = min(blatt.max_column or MAX_SPALTEN, MAX_SPALTEN)
        zeilen = []
        gefuellt = 0
        for reihe in blatt.iter_rows(max_col=breite):
            if not any(map(operator.is_not, reihe, itertools.repeat(EMPTY_CELL))):
                zeilen.append([])  # an empty row, told apart without a Python loop
            else:
                zellen = [_xlsx_zelle(zelle) for zelle in reihe]
                while zellen and zellen[-1] is None:
                    zellen.pop()  # a row is as long as its last cell with a value
                zeilen.append(zellen)
                gefuellt += any(_gefuellt(z) for z in zellen)
            if gefuellt > MAX_ZEILEN + 1:
                break  # enough to refuse the file for its rows (Tabelle.pruefen…)
            if len(zeilen) > 2 * MAX_ZEILEN + 1:
                # Formatted but empty rows count only up to a bound; a value after them would be
                # lost unread, so the file is refused instead of read in part.
                raise DateiFehler(
                    _(
                        "Die Tabelle ist zu lang: nach höchstens %(zeilen)s Zeilen (leere "
                        "mitgezählt) endet sie nicht. Bitte löschen Sie leere, aber formatierte "
                        "Zeilen und teilen Sie große Dateien auf."
                    )
                    % {"zeilen": ganze_zahl_text(2 * MAX_ZEILEN + 1)}
                )
    except DateiFehler:
        raise
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
    if isinstance(wert, float) and not math.isfinite(wert):
        # "1e400" in a number cell: no number a person meant; read as the text it shows.
        return str(wert)
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


# The format of an export or template link that names none (``?format=`` left out).
STANDARDFORMAT = "csv"


def exportformat(abfrage: Mapping[str, str]) -> str:
    """The file format a request's query asks for: ``"csv"`` or ``"xlsx"``, and
    :data:`STANDARDFORMAT` when it names none (an export address typed or bookmarked without
    ``?format=`` was a 404, QA 2026-11-29, F-23). Raises ``Http404`` for any other format."""
    from django.http import Http404

    format_ = abfrage.get("format") or STANDARDFORMAT
    if format_ not in FORMATE:
        raise Http404(_("Unbekanntes Exportformat."))
    return format_


def dateiantwort(inhalt: bytes, *, format_: str, dateiname: str):
    """An HTTP download of an export (``format_`` "csv" or "xlsx", ``dateiname`` without
    extension)."""
    from django.http import HttpResponse

    art = XLSX_CONTENT_TYPE if format_ == "xlsx" else CSV_CONTENT_TYPE
    antwort = HttpResponse(inhalt, content_type=art)
    antwort["Content-Disposition"] = f'attachment; filename="{dateiname}.{format_}"'
    return antwort
