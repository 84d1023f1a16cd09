"""Hostile files for the shared reader (issue 8): the type by content, bounded work, clear German
messages. The property-based test over every import is tests/test_formulare_robust.py; here are
the cases it found or that need a file built by hand, by name."""

import io
import re
import time
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from aktionsplan import dateien
from aktionsplan.dateien import DateiFehler
from aktionsplan.datenspalten import Kontext, Liste, Verzeichnisart
from aktionsplan.models import Zielgruppe
from tests import factories as f


def _xlsx(zeilen) -> bytes:
    mappe = openpyxl.Workbook()
    for zeile in zeilen:
        mappe.active.append(zeile)
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


def _mit_blatt(xml: bytes) -> bytes:
    """A valid XLSX whose first sheet is the given rows (``<row>…</row>``)."""
    vorlage = zipfile.ZipFile(io.BytesIO(_xlsx([["Name"]])))
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w", zipfile.ZIP_DEFLATED) as archiv:
        for info in vorlage.infolist():
            inhalt = vorlage.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                inhalt = (
                    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                    b'openxmlformats.org/spreadsheetml/2006/main">' + xml + b"</worksheet>"
                )
            archiv.writestr(info.filename, inhalt)
    return puffer.getvalue()


def _text(ort: str, text: str) -> bytes:
    return f'<c r="{ort}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


# --- the type by content ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "inhalt", "meldung"),
    [
        ("a.csv", b"%PDF-1.7\n1 0 obj\n", "ist ein PDF-Dokument"),
        ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "ältere Excel-Datei (XLS)"),
        ("a.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(1, 200)), "keine Tabelle"),
        ("a.txt", bytes(range(1, 256)) * 4, "keine Tabelle"),
        ("a.xlsx", b"Name;Wert\r\nA;1\r\n", "Endung .xlsx, ist aber keine XLSX-Datei"),
        ("a.csv", _xlsx([["Name"], ["A"]]), "bitte laden Sie sie mit der Endung .xlsx hoch"),
    ],
)
def test_der_inhalt_bestimmt_die_art(name, inhalt, meldung):
    with pytest.raises(DateiFehler, match=re.escape(meldung)):
        dateien.lesen(inhalt, name)


def test_zip_ohne_arbeitsmappe_und_ods():
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w") as archiv:
        archiv.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    with pytest.raises(DateiFehler, match="OpenDocument-Tabelle"):
        dateien.lesen(puffer.getvalue(), "a.xlsx")
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w") as archiv:
        archiv.writestr("daten.csv", "Name\r\nA\r\n")
    with pytest.raises(DateiFehler, match="ZIP-Archiv, aber keine XLSX-Datei"):
        dateien.lesen(puffer.getvalue(), "a.xlsx")


def test_steuerzeichen_in_utf8_sind_text():
    """Our own exports keep control characters in texts; only a file that is not UTF-8 and full
    of them is taken for binary."""
    tabelle = dateien.lesen(b"Name\r\na\x01\x02\x03\x1fb\r\n", "a.csv")
    assert tabelle.zeilen == [(2, ["a\x01\x02\x03\x1fb"])]


# --- bounded work ------------------------------------------------------------------------------


def test_abmessungen_der_datei_werden_nicht_geglaubt():
    """A sheet that claims all of Excel's columns, with a cell in the last one: openpyxl padded
    every row to 16,384 cells (a 100 KB file took a minute and 1.4 GB)."""
    zeilen = b"".join(
        b'<row r="%d">%s%s</row>' % (i, _text(f"A{i}", "x"), _text(f"XFD{i}", "y"))
        for i in range(1, 200)
    )
    inhalt = _mit_blatt(b'<dimension ref="A1:XFD1048576"/><sheetData>' + zeilen + b"</sheetData>")
    tabelle = dateien.lesen(inhalt, "a.xlsx")
    assert tabelle.kopf == ["x"]
    assert all(zellen == ["x"] for _n, zellen in tabelle.zeilen)


def test_ein_wert_nach_einer_zeilenluecke_geht_nicht_verloren():
    """A sheet whose second row is row 1,048,576: the reader stops after a bound of (padded,
    empty) rows. The value after them was dropped unread, and the import said nothing; now the
    file is refused."""
    inhalt = _mit_blatt(
        b'<dimension ref="A1:A1048576"/><sheetData><row r="1">'
        + _text("A1", "Name")
        + b'</row><row r="1048576">'
        + _text("A1048576", "x")
        + b"</row></sheetData>"
    )
    with pytest.raises(DateiFehler, match="zu lang"):
        dateien.lesen(inhalt, "a.xlsx")
    # Empty rows within the bound are no reason to refuse.
    inhalt = _mit_blatt(
        b'<sheetData><row r="1">'
        + _text("A1", "Name")
        + b'</row><row r="5000">'
        + _text("A5000", "x")
        + b"</row></sheetData>"
    )
    assert [zellen for _n, zellen in dateien.lesen(inhalt, "a.xlsx").zeilen] == [["x"]]


def test_zu_viele_zellen_je_zeile():
    zeile = b"<row>" + _text("A1", "x") * (dateien.MAX_ZELLEN_JE_ZEILE + 1) + b"</row>"
    with pytest.raises(DateiFehler, match="zu viele Zellen"):
        dateien.lesen(_mit_blatt(b"<sheetData>" + zeile + b"</sheetData>"), "a.xlsx")


def test_entpackt_zu_gross(monkeypatch):
    monkeypatch.setattr(dateien, "MAX_ENTPACKT", 100_000)
    inhalt = _mit_blatt(b" " * 200_000 + b"<sheetData/>")
    assert len(inhalt) < 20_000
    with pytest.raises(DateiFehler, match="entpackt zu groß"):
        dateien.lesen(inhalt, "a.xlsx")


def test_entitaeten_werden_nicht_aufgeloest():
    """An entity that would expand to 10^9 characters ("billion laughs"): openpyxl reads through
    defusedxml, which refuses entity declarations."""
    entitaeten = b'<!ENTITY a "aaaaaaaaaa">' + b"".join(
        b'<!ENTITY %s "%s">' % (chr(98 + i).encode(), (b"&%s;" % chr(97 + i).encode()) * 10)
        for i in range(8)
    )
    vorlage = zipfile.ZipFile(io.BytesIO(_xlsx([["Name"]])))
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w") as archiv:
        for info in vorlage.infolist():
            inhalt = vorlage.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                inhalt = (
                    b'<?xml version="1.0"?><!DOCTYPE w [' + entitaeten + b']><worksheet xmlns="'
                    b'http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row>'
                    b'<c t="inlineStr"><is><t>&i;</t></is></c></row></sheetData></worksheet>'
                )
            archiv.writestr(info.filename, inhalt)
    beginn = time.perf_counter()
    with pytest.raises(DateiFehler, match="kann nicht gelesen werden"):
        dateien.lesen(puffer.getvalue(), "a.xlsx")
    assert time.perf_counter() - beginn < 5


@pytest.mark.django_db
def test_listenzelle_mit_tausenden_kommas_kostet_linear():
    """A list cell was split by trying every span of its parts: cubic time, hours for a cell of
    3,000 commas. Spans are now as long as the longest known key."""
    f.ZielgruppeFactory(name="Menschen mit Sehbehinderung, blinde Menschen")
    art = Verzeichnisart(
        abfrage=lambda: Zielgruppe.objects.all(),
        schluessel=(lambda z: z.name,),
        export=lambda z: z.name,
        unbekannt="„%(wert)s“ ist unbekannt.",
    )
    spalte = Liste("zielgruppen", verzeichnis=art)
    beginn = time.perf_counter()
    with pytest.raises(Exception, match="Nicht bekannt") as fehler:
        spalte.lesen("a," * 3_000 + "Menschen mit Sehbehinderung, blinde Menschen", Kontext())
    assert time.perf_counter() - beginn < 5
    # The message names a few unknown entries, not thousands.
    assert len(str(fehler.value)) < 500
    gefunden = spalte.lesen("Menschen mit Sehbehinderung, blinde Menschen", Kontext())
    assert [z.name for z in gefunden] == ["Menschen mit Sehbehinderung, blinde Menschen"]


# --- cells -------------------------------------------------------------------------------------


def test_zelle_laenger_als_excel_erlaubt():
    with pytest.raises(DateiFehler, match=r"Zeile 3, Spalte B: Ein Text ist länger als 32\.767"):
        dateien.lesen(f"Name;Text\r\nA;kurz\r\nB;{'x' * 40_000}\r\n".encode(), "a.csv")
    # Beyond the csv module's own limit (131,072 characters) the message is the same.
    with pytest.raises(DateiFehler, match=r"Zeile 2: Ein Text ist länger als 32\.767"):
        dateien.lesen(f"Name;Text\r\nA;{'x' * 200_000}\r\n".encode(), "a.csv")


def test_spalten_jenseits_der_grenze_werden_nicht_gelesen():
    kopf = ";".join(f"s{i}" for i in range(dateien.MAX_SPALTEN + 50))
    zeile = ";".join("1" for _i in range(dateien.MAX_SPALTEN + 50))
    tabelle = dateien.lesen(f"{kopf}\r\n{zeile}\r\n".encode(), "a.csv")
    assert len(tabelle.kopf) == dateien.MAX_SPALTEN
    assert len(tabelle.zeilen[0][1]) == dateien.MAX_SPALTEN


def test_formel_ohne_berechneten_wert():
    """A formula written by a program that does not calculate has no value: read as empty, it
    would have cleared a field while the spreadsheet shows a value."""
    mappe = openpyxl.Workbook()
    mappe.active.append(["Name", "Beschreibung"])
    mappe.active.append(["A", '=HYPERLINK("http://example.org","x")'])
    puffer = io.BytesIO()
    mappe.save(puffer)
    with pytest.raises(DateiFehler, match="Formeln ohne berechneten Wert"):
        dateien.lesen(puffer.getvalue(), "a.xlsx")
    mit_wert = _mit_blatt(
        b"<sheetData><row>"
        + _text("A1", "Summe")
        + b'</row><row><c r="A2"><f>1+1</f><v>2</v></c></row></sheetData>'
    )
    assert dateien.lesen(mit_wert, "a.xlsx").zeilen == [(2, [Decimal(2)])]


def test_zahl_jenseits_von_float_ist_keine_zahl():
    """openpyxl reads "1e400" in a number cell as infinity; that reached Decimal arithmetic and
    failed with InvalidOperation (a 500 on every import)."""
    inhalt = _mit_blatt(
        b"<sheetData><row>" + _text("A1", "Jahr") + b'</row><row><c r="A2"><v>1e400</v></c>'
        b"</row></sheetData>"
    )
    tabelle = dateien.lesen(inhalt, "a.xlsx")
    assert tabelle.zeilen == [(2, ["inf"])]
    with pytest.raises(dateien.ZahlFehler, match="„inf“ ist keine Zahl"):
        dateien.zahl_lesen(tabelle.zeilen[0][1][0])
    for unendlich in (Decimal("Infinity"), Decimal("NaN"), float("inf")):
        with pytest.raises(dateien.ZahlFehler):
            dateien.zahl_lesen(unendlich)
