"""The PDF report handles text as users type it (issue 7, "Text is handled as text").

* Long words: a status report, a title, a milestone, an indicator or a finding that is one
  unbroken word of 50+ characters stays inside the page's content area, and no text is cut off.
* Every character: German, Turkish, Polish, Arabic text and emoji (and their siblings Cyrillic,
  Greek, Hebrew, Persian) are drawn with a real glyph. Proven twice, neither by pdftotext (which
  reads the text layer and cannot see a missing-glyph box): WeasyPrint logs no ".notdef"
  warning, and in the embedded fonts every character maps to a glyph other than 0 (.notdef).
  A control case with a character no font has shows that both checks do see a box.
"""

import datetime
import logging
import re
import subprocess
import unicodedata
from decimal import Decimal

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject
from weasyprint.formatting_structure import boxes

from aktionsplan.models import Raum
from monitoring.jahresbericht import jahresbericht_erstellen
from monitoring.jahresbericht_export import pdf_dokument
from monitoring.models import Messwert
from projekte.models import Status
from tests.factories import (
    BeteiligungsformatFactory,
    ErkenntnisFactory,
    IndikatorFactory,
    MeilensteinFactory,
    MesswertFactory,
    PlanFactory,
    ProjektskizzeFactory,
    SachstandFactory,
    ThemaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

JAHR = 2025
# 58 letters a dictionary can hyphenate, and 60 that nobody can (a pasted identifier).
LANGES_WORT = "Donaudampfschifffahrtsgesellschaftskapitänsmützenhalterung"
UNTRENNBAR = "QX" * 30

SPRACHEN = {
    "Deutsch": "Größere Übergänge für Straßenbahnen: ÄÖÜ äöü ß ẞ „so“",
    "Türkisch": "İstanbul’da ışık; ÇĞİÖŞÜ çğıöşü",
    "Polnisch": "Łódź, żółć, źdźbło; ĄĆĘŁŃÓŚŹŻ",
    "Arabisch": "العربية: مرحبا بكم في المدينة ١٢٣",
    "Emoji": "😀 👍🏽 ❤️ 🇩🇪 ♿ 👩‍🦽 🧑🏿‍🦯",
    "Ukrainisch": "Україна: Їжак ґанок",
    "Griechisch": "Ελληνικά: καλημέρα",
    "Hebräisch": "עברית: שלום",
    "Persisch": "فارسی: خوش آمدید",
}


def _stand(tag: int = 1) -> datetime.date:
    return datetime.date(JAHR, 5, tag)


def _bericht(texte: dict[str, str]) -> None:
    """One report year with each text in every kind of field the PDF shows."""
    plan = PlanFactory(kurzname="AP")
    kommune = Raum.objects.get_or_create(
        slug="testkommune", defaults={"name": "Testkommune", "ebene": Raum.Ebene.KOMMUNE}
    )[0]
    for nummer, (sprache, text) in enumerate(texte.items(), start=1):
        thema = ThemaFactory(name=f"{sprache}: {text}")
        projekt = ProjektskizzeFactory(
            plan=plan, nummer=nummer, titel=f"{sprache} {text}", hauptthema=thema
        )
        SachstandFactory(
            projekt=projekt, datum=_stand(nummer), status=Status.IN_UMSETZUNG, text=text
        )
        MeilensteinFactory(projekt=projekt, titel=text, erledigt_am=_stand(nummer))
        indikator = IndikatorFactory(name=f"{sprache} {text}", einheit=text[:50])
        MesswertFactory(indikator=indikator, raum=kommune, jahr=JAHR, wert=Decimal("40"))
        erkenntnis = ErkenntnisFactory(
            titel=f"{sprache} {text}",
            text=text,
            datum=_stand(nummer),
            ist_kernaussage=True,
            beteiligungsformat=BeteiligungsformatFactory(titel=text),
        )
        erkenntnis.themen.add(thema)
    Messwert.history.update(history_date=datetime.datetime(JAHR, 6, 1, tzinfo=datetime.UTC))


def _dokument():
    bericht = jahresbericht_erstellen(
        JAHR, nutzer=UserFactory(), heute=datetime.date(JAHR + 1, 3, 1)
    )
    return pdf_dokument(bericht, kommune="Kupferstadt Stolberg")


# --- long words -------------------------------------------------------------------------------


def _kaesten(kasten):
    yield kasten
    for kind in getattr(kasten, "children", ()):
        yield from _kaesten(kind)


def _ueber_den_rand(dokument) -> list[str]:
    """Boxes of the laid-out pages that end right of the page's content area (page-number
    boxes in the margin excepted). WeasyPrint's own tests read the page box the same way."""
    funde = []
    for nummer, seite in enumerate(dokument.pages, start=1):
        seitenkasten = seite._page_box
        rechts = seitenkasten.content_box_x() + seitenkasten.width
        for kasten in _kaesten(seitenkasten):
            if isinstance(kasten, boxes.MarginBox):
                continue
            ende = kasten.border_box_x() + kasten.border_width()
            if ende > rechts + 0.01:
                text = getattr(kasten, "text", "") or type(kasten).__name__
                funde.append(f"Seite {nummer}: {text[:40]!r} endet {ende - rechts:.1f}px rechts")
    return funde


def _pdftotext(pdf: bytes, tmp_path, *optionen: str) -> str:
    datei = tmp_path / "bericht.pdf"
    datei.write_bytes(pdf)
    return subprocess.run(
        ["/usr/bin/pdftotext", *optionen, str(datei), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _ohne_umbrueche(text: str) -> str:
    """Text without spaces, line breaks and hyphens (added or not), to compare wrapped text."""
    return re.sub(r"[\s\-\u2010\u00ad]", "", text)


def test_lange_woerter_bleiben_auf_der_seite_und_ganz(tmp_path):
    texte = {
        "Wort": LANGES_WORT + LANGES_WORT.upper(),
        "Kennung": UNTRENNBAR,
        "Satz": f"Sachstand: {LANGES_WORT}{UNTRENNBAR} und weiter.",
    }
    _bericht(texte)
    dokument = _dokument()

    assert _ueber_den_rand(dokument) == []

    pdf = dokument.write_pdf()
    woerter = re.findall(
        r'<page width="([\d.]+)"|<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"',
        _pdftotext(pdf, tmp_path, "-bbox"),
    )
    breite = None
    for seitenbreite, links, rechts in woerter:
        if seitenbreite:
            breite = float(seitenbreite)
            continue
        assert float(links) >= 0, (links, breite)
        assert float(rechts) <= breite, (rechts, breite)

    # Nothing is cut off: every field's text is there in full, in its place in the table.
    gesamt = _ohne_umbrueche(_pdftotext(pdf, tmp_path))
    for text in texte.values():
        # theme (3), measure title (3), status report, milestone, indicator name, finding
        # title, text and event: at least ten places each
        assert gesamt.count(_ohne_umbrueche(text)) >= 10, text


def test_kurze_woerter_der_anwendung_bleiben_ganz(tmp_path):
    """Breaking typed text anywhere must not break the app's own words next to it."""
    _bericht({"Wort": LANGES_WORT * 2})
    text = _pdftotext(_dokument().write_pdf(), tmp_path, "-layout")
    for wort in ("Umsetzung", f"{JAHR}", f"01.05.{JAHR}", "Fortschritt", "Basiswert"):
        assert re.search(rf"(?<![\w.]){re.escape(wort)}(?![\w.])", text), wort


# --- every character --------------------------------------------------------------------------


def _cmap_eintraege(daten: bytes) -> dict[int, str]:
    """A ToUnicode CMap as code → text (bfchar and bfrange with a start value)."""
    text = daten.decode("latin-1")
    eintraege: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, ziel in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            eintraege[int(code, 16)] = bytes.fromhex(ziel).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for von, bis, ziel in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            start = bytes.fromhex(ziel).decode("utf-16-be")
            for i, code in enumerate(range(int(von, 16), int(bis, 16) + 1)):
                eintraege[code] = start[:-1] + chr(ord(start[-1]) + i)
    return eintraege


def _zeichen_mit_glyphe(pdf: bytes, tmp_path) -> tuple[set[str], set[str]]:
    """Characters drawn with a real glyph, and those drawn as .notdef, read from the embedded
    Type0 fonts: each code's text comes from the font's ToUnicode map, its glyph from the
    encoding (Identity, or WeasyPrint's own CMap that sends missing glyphs to CID 0) and the
    CIDToGIDMap."""
    datei = tmp_path / "glyphen.pdf"
    datei.write_bytes(pdf)
    mit, ohne = set(), set()
    gesehen = set()
    for seite in PdfReader(datei).pages:
        for verweis in seite["/Resources"]["/Font"].values():
            schluessel = verweis.idnum if isinstance(verweis, IndirectObject) else id(verweis)
            if schluessel in gesehen:
                continue
            gesehen.add(schluessel)
            schrift = verweis.get_object()
            assert schrift["/Subtype"] == "/Type0", schrift
            texte = _cmap_eintraege(schrift["/ToUnicode"].get_object().get_data())
            kodierung = schrift["/Encoding"]
            cids = {code: code for code in texte}
            if not isinstance(kodierung, str):  # a CMap stream: code → CID
                eigene = kodierung.get_object().get_data().decode("latin-1")
                cids = {int(c, 16): int(cid) for c, cid in re.findall(r"<(\w+)>\s+(\d+)", eigene)}
            unterschrift = schrift["/DescendantFonts"][0].get_object()
            assert unterschrift["/CIDToGIDMap"] == "/Identity"
            for code, text in texte.items():
                (mit if cids.get(code, code) != 0 else ohne).update(text)
    return mit, ohne


def _sichtbare_zeichen(text: str) -> set[str]:
    """The characters that need a glyph: no spaces, no joiners or variation selectors, no
    emoji modifiers or tags, which shape together with the character before them."""
    return {
        z
        for z in text
        if not z.isspace()
        and unicodedata.category(z) not in ("Cf", "Mn")
        and not 0x1F3FB <= ord(z) <= 0x1F3FF
    }


def test_jedes_zeichen_hat_eine_glyphe(caplog, tmp_path):
    _bericht(SPRACHEN)
    caplog.set_level(logging.WARNING, logger="weasyprint")
    pdf = _dokument().write_pdf()

    assert not [r.getMessage() for r in caplog.records if ".notdef" in r.getMessage()]
    mit, ohne = _zeichen_mit_glyphe(pdf, tmp_path)
    assert ohne == set()
    for sprache, text in SPRACHEN.items():
        assert _sichtbare_zeichen(text) <= mit, (sprache, _sichtbare_zeichen(text) - mit)


def test_fehlende_glyphe_wuerde_erkannt(caplog, tmp_path):
    """Control: a character no font has (a private-use code point) shows in both checks, so the
    test above cannot pass by seeing nothing."""
    _bericht({"Unbekannt": "Zeichen \U0010fffd ohne Schrift"})
    caplog.set_level(logging.WARNING, logger="weasyprint")
    pdf = _dokument().write_pdf()

    assert any("U+10FFFD" in r.getMessage() for r in caplog.records)
    _mit, ohne = _zeichen_mit_glyphe(pdf, tmp_path)
    assert "\U0010fffd" in ohne
