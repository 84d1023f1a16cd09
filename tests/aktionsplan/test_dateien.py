"""Reading and writing files (aktionsplan.dateien): German Excel CSV, typed XLSX, numbers in
German and plain notation, formulas neutralised so that the round trip holds."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aktionsplan import dateien
from aktionsplan.dateien import Blatt, DateiFehler, ZahlFehler, formel_neutralisieren


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+49 2402", "-2", "@SUMME(A1)", "\t=1", "\r=1", "  =HYPERLINK(1)", "＝1+1", "'s"],
)
def test_formeln_und_apostroph_werden_neutralisiert(text):
    assert formel_neutralisieren(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Begegnungstag", "3 - 4 Personen", "E-Mail", "Büsbach"])
def test_normaler_text_bleibt(text):
    assert formel_neutralisieren(text) == text


@pytest.mark.parametrize(
    ("wert", "text"),
    [
        (Decimal("1234.50"), "1234,50"),
        (Decimal("-3"), "-3"),
        (Decimal("1E+3"), "1000"),
        (1234, "1234"),
        (2.5, "2,5"),
        (datetime.date(2025, 3, 1), "01.03.2025"),
        (True, "ja"),
        (False, "nein"),
        (None, ""),
        ("=1+2", "'=1+2"),
    ],
)
def test_csv_zellen_deutsch(wert, text):
    assert dateien.zelle_als_text(wert) == text


def test_csv_fuer_deutsches_excel():
    inhalt = dateien.csv_schreiben(
        Blatt(titel="T", kopf=["Name", "Wert"], zeilen=[["Büsbach", Decimal("12.5")]])
    )
    assert inhalt.startswith(b"\xef\xbb\xbf")
    assert inhalt.decode("utf-8-sig") == "Name;Wert\r\nBüsbach;12,5\r\n"


@pytest.mark.parametrize("text", ["=1+2", "#N/A", "@SUMME(A1)", "-x"])
def test_xlsx_text_ist_textzelle(text):
    inhalt = dateien.xlsx_schreiben([Blatt(titel="T", kopf=["Text"], zeilen=[[text]])])
    zelle = openpyxl.load_workbook(io.BytesIO(inhalt)).active["A2"]
    assert zelle.data_type == "s"
    assert zelle.value == text


def test_xlsx_zahlen_und_daten_getypt():
    inhalt = dateien.xlsx_schreiben(
        [
            Blatt(
                titel="T",
                kopf=["a", "b", "c"],
                zeilen=[[Decimal("12.5"), 7, datetime.date(2025, 1, 2)]],
            )
        ]
    )
    a, b, c = next(openpyxl.load_workbook(io.BytesIO(inhalt)).active.iter_rows(min_row=2))
    assert (a.value, a.data_type) == (12.5, "n")
    assert (b.value, b.data_type) == (7, "n")
    assert c.value == datetime.datetime(2025, 1, 2)
    assert c.number_format == "DD.MM.YYYY"


# --- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "schreibweise", "zahl"),
    [
        ("1.234,5", None, Decimal("1234.5")),
        ("1234,5", None, Decimal("1234.5")),
        ("1234.5", None, Decimal("1234.5")),
        ("1.234.567", None, Decimal("1234567")),
        ("0.250", None, Decimal("0.250")),
        ("12", None, Decimal("12")),
        ("-5", None, Decimal("-5")),
        ("−5", None, Decimal("-5")),
        ("45 %", None, Decimal("45")),
        ("1 234,5", None, Decimal("1234.5")),
        ("1.234", dateien.DEUTSCH, Decimal("1234")),
        ("1.234", dateien.EINFACH, Decimal("1.234")),
    ],
)
def test_zahlen_in_beiden_schreibweisen(text, schreibweise, zahl):
    assert dateien.zahl_lesen(text, schreibweise) == zahl


def test_mehrdeutige_zahl_ohne_antwort_der_spalte_abgelehnt():
    with pytest.raises(ZahlFehler, match=r"„1\.234“ ist mehrdeutig"):
        dateien.zahl_lesen("1.234", None)


@pytest.mark.parametrize(
    ("spalte", "erwartet"),
    [
        (["1.234", "2,5"], dateien.DEUTSCH),
        (["1.234", "2.5"], dateien.EINFACH),
        (["1.234", "1.234.567"], dateien.DEUTSCH),
        (["1.234", "12"], None),
        (["2,5", "2.5"], None),
        ([Decimal("2.5"), "1.234"], None),
    ],
)
def test_schreibweise_der_spalte(spalte, erwartet):
    assert dateien.schreibweise(spalte) == erwartet


@pytest.mark.parametrize("text", ["< 3", "<3", "•"])
def test_geschuetzte_zahl_ist_kein_wert(text):
    with pytest.raises(ZahlFehler, match="zum Schutz kleiner Zahlen verborgener Wert"):
        dateien.zahl_lesen(text)


@pytest.mark.parametrize("text", ["zwölf", "1,2,3", "1.2.3,4,5", "", "12a"])
def test_keine_zahl(text):
    with pytest.raises(ZahlFehler):
        dateien.zahl_lesen(text)


# --- reading -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kodierung", "trenner"),
    [
        ("cp1252", ";"),
        ("utf-8-sig", ";"),
        ("utf-8", ","),
        ("cp1252", "\t"),
        # Excel's "Unicode-Text": UTF-16 with BOM, tab-separated; and UTF-16 without a BOM.
        ("utf-16", "\t"),
        ("utf-16-le", "\t"),
        ("utf-16-be", ";"),
    ],
)
def test_csv_kodierung_und_trenner(kodierung, trenner):
    text = f"Raum{trenner}Wert\r\nBüsbach{trenner}17\r\n"
    tabelle = dateien.lesen(text.encode(kodierung), "werte.csv")
    assert tabelle.kopf == ["Raum", "Wert"]
    assert tabelle.zeilen == [(2, ["Büsbach", "17"])]


def test_csv_ungueltige_kodierung():
    with pytest.raises(DateiFehler, match="weder in UTF-8 noch in Windows-1252"):
        dateien.lesen(b"Raum;Wert\r\nB\x81sbach;17\r\n", "werte.csv")


def test_csv_utf16_kaputt_sagt_es():
    kaputt = "Raum\tWert\r\n".encode("utf-16") + b"\x00\xd8"  # a lone surrogate half
    with pytest.raises(DateiFehler, match="UTF-16"):
        dateien.lesen(kaputt, "werte.csv")


@pytest.mark.parametrize(
    "inhalt",
    [
        bytes(range(256)) * 8,  # zeros not in every other place: binary, not UTF-16
        b"\x00\x01\x00\x02" * 500,  # zeros in every other place, but in the even ones too
    ],
)
def test_binaerdaten_bleiben_binaer(inhalt):
    with pytest.raises(DateiFehler, match="keine Tabelle"):
        dateien.lesen(inhalt, "werte.csv")


def test_csv_apostroph_unserer_exporte_wird_entfernt():
    tabelle = dateien.lesen(b"Name\r\n'=1+2\r\n''s Gravenhage\r\n", "a.csv")
    assert [z[1][0] for z in tabelle.zeilen] == ["=1+2", "'s Gravenhage"]


def test_leere_zeilen_zaehlen_mit():
    tabelle = dateien.lesen(b";\r\nName;Wert\r\n;\r\nA;1\r\n", "a.csv")
    assert tabelle.kopf == ["Name", "Wert"]
    assert tabelle.zeilen == [(4, ["A", "1"])]


@pytest.mark.parametrize("inhalt", [b"", b"\r\n;;\r\n"])
def test_leere_datei(inhalt):
    with pytest.raises(DateiFehler, match="leer"):
        dateien.lesen(inhalt, "a.csv")


def _xlsx(zeilen, formate=None) -> bytes:
    mappe = openpyxl.Workbook()
    blatt = mappe.active
    for zeile in zeilen:
        blatt.append(zeile)
    for koordinate, format_ in (formate or {}).items():
        blatt[koordinate].number_format = format_
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


def test_xlsx_prozentzelle_als_prozentzahl():
    inhalt = _xlsx([["Wert", "Anteil"], [0.45, 0.45]], {"B2": "0%"})
    tabelle = dateien.lesen(inhalt, "a.xlsx")
    assert tabelle.zeilen == [(2, [Decimal("0.45"), Decimal("45")])]


def test_xlsx_datum_und_wahrheitswert():
    inhalt = _xlsx([["Beginn", "aktiv"], [datetime.date(2025, 3, 1), True]])
    assert dateien.lesen(inhalt, "a.xlsx").zeilen == [(2, [datetime.date(2025, 3, 1), True])]


def test_kaputte_xlsx():
    with pytest.raises(DateiFehler, match="XLSX-Datei kann nicht gelesen werden"):
        dateien.lesen(b"PK\x03\x04kaputt", "a.xlsx")


def test_xlsx_mit_csv_endung_wird_erkannt():
    with pytest.raises(DateiFehler, match="XLSX-Datei"):
        dateien.lesen(_xlsx([["a"], [1]]), "a.csv")


def test_zu_viele_zeilen(monkeypatch):
    monkeypatch.setattr(dateien, "MAX_ZEILEN", 3)
    with pytest.raises(DateiFehler, match="mehr als 3 Zeilen"):
        dateien.lesen(b"a\r\n1\r\n2\r\n3\r\n4\r\n", "a.csv")


def test_tabelle_uebersteht_die_sitzung():
    import json

    tabelle = dateien.Tabelle(
        kopf=["a"], zeilen=[(2, ["x", Decimal("1.5"), datetime.date(2025, 1, 2), True, None])]
    )
    assert dateien.Tabelle.aus_json(json.loads(json.dumps(tabelle.als_json()))) == tabelle


# --- round trip of single cells ------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1
).filter(lambda t: t.strip())
_FORMELARTIG = st.sampled_from(["=1+2", "+49", "-x", "@A1", "'s", "''", '=HYPERLINK("x")'])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_TEXT, _FORMELARTIG), min_size=1, max_size=5))
def test_csv_text_rundreise(texte):
    blatt = Blatt(titel="T", kopf=[f"s{i}" for i in range(len(texte))], zeilen=[texte])
    tabelle = dateien.lesen(dateien.csv_schreiben(blatt), "a.csv")
    assert tabelle.zeilen[0][1] == texte


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).filter(
                lambda t: t.strip()
            ),
            _FORMELARTIG,
        ),
        min_size=1,
        max_size=5,
    )
)
def test_xlsx_text_rundreise(texte):
    blatt = Blatt(titel="T", kopf=[f"s{i}" for i in range(len(texte))], zeilen=[texte])
    tabelle = dateien.lesen(dateien.xlsx_schreiben([blatt]), "a.xlsx")
    assert tabelle.zeilen[0][1] == texte


@settings(max_examples=200, deadline=None)
@given(
    st.decimals(
        min_value=Decimal("-999999999999.99"),
        max_value=Decimal("999999999999.99"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_zahl_rundreise(zahl):
    blatt = Blatt(titel="T", kopf=["a", "b"], zeilen=[[zahl, zahl]])
    csv = dateien.lesen(dateien.csv_schreiben(blatt), "a.csv")
    xlsx = dateien.lesen(dateien.xlsx_schreiben([blatt]), "a.xlsx")
    spalte = [z[1][0] for z in csv.zeilen]
    assert dateien.zahl_lesen(spalte[0], dateien.schreibweise(spalte)) == zahl
    assert dateien.zahl_lesen(xlsx.zeilen[0][1][0]) == zahl


def _winzige_xlsx(zeile: int, spalte: int) -> bytes:
    mappe = openpyxl.Workbook()
    blatt = mappe.active
    blatt.append(["Indikator", "Jahr", "Raum", "Wert"])
    blatt.cell(row=zeile, column=spalte, value="x")
    puffer = io.BytesIO()
    mappe.save(puffer)
    assert len(puffer.getvalue()) < 10_000
    return puffer.getvalue()


@pytest.mark.parametrize(("zeile", "spalte"), [(1_000_000, 16_000), (30_000, 4)])
def test_winzige_xlsx_mit_riesiger_tabelle_wird_abgelehnt(zeile, spalte):
    """A 5 KB file that declares a million rows ran the server out of memory (read_only pads every
    row to the declared size). It is refused after a bound of rows, never read in part: the value
    at its end would otherwise be lost unread."""
    with pytest.raises(DateiFehler, match="zu lang"):
        dateien.lesen(_winzige_xlsx(zeile, spalte), "werte.xlsx")


def test_winzige_xlsx_mit_riesiger_breite_liest_nur_die_spalten_unter_dem_kopf():
    """A value in column 2,000 stands under no heading: it is ignored like every column the
    import does not know, without building 2,000 cells per row."""
    tabelle = dateien.lesen(_winzige_xlsx(20, 2_000), "werte.xlsx")
    assert tabelle.kopf == ["Indikator", "Jahr", "Raum", "Wert"]
    assert all(len(zellen) <= dateien.MAX_SPALTEN for _n, zellen in tabelle.zeilen)
