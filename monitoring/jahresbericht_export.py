"""The yearly report as PDF (WeasyPrint, tagged PDF/UA-1) and as XLSX (openpyxl).

The XLSX is written by aktionsplan.dateien: texts typed by users (titles, report texts, findings)
are text cells, never formulas; numbers and dates stay typed.

No network: the PDF's URL fetcher serves only files from the static folders; everything else
(http, https, data outside them) is refused.
"""

from __future__ import annotations

import functools
import io
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from fontTools.ttLib import woff2
from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from aktionsplan.dateien import Blatt, auf_deutsch, xlsx_schreiben, zahl_kompakt
from monitoring.jahresbericht import Jahresbericht

PDF_STYLES = ("css/bericht-schriften.css", "css/bericht.css")
# Layout and writing both need the variant: it switches on the tags (PDF/UA-1).
PDF_OPTIONEN = {"pdf_variant": "pdf/ua-1"}


def _statische_ordner() -> list[Path]:
    ordner = [Path(p).resolve() for p in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        ordner.append(Path(settings.STATIC_ROOT).resolve())
    return ordner


class StatischerFetcher(URLFetcher):
    """Serves file: URLs inside the static folders, nothing else."""

    def fetch(self, url, headers=None):
        teile = urlsplit(url)
        if teile.scheme != "file":
            raise ValueError(f"Nur lokale statische Dateien erlaubt: {url}")
        pfad = Path(unquote(teile.path)).resolve()
        if not any(pfad.is_relative_to(o) for o in _statische_ordner()) or not pfad.is_file():
            raise ValueError(f"Keine statische Datei: {url}")
        if pfad.suffix == ".woff2":
            daten = _woff2_entpackt(pfad, pfad.stat().st_mtime_ns)
            return URLFetcherResponse(pfad.as_uri(), daten, headers={"Content-Type": "font/ttf"})
        art = mimetypes.guess_type(pfad.name)[0] or "application/octet-stream"
        return URLFetcherResponse(pfad.as_uri(), pfad.read_bytes(), headers={"Content-Type": art})


@functools.lru_cache(maxsize=8)
def _woff2_entpackt(pfad: Path, _stand: int) -> bytes:
    """A WOFF2 font as plain TrueType, decoded once per process and file version.

    WeasyPrint would decode it itself, in Python, for every PDF (about 0.3 s per face); plain
    TrueType it takes as it is."""
    ziel = io.BytesIO()
    woff2.decompress(io.BytesIO(pfad.read_bytes()), ziel)
    return ziel.getvalue()


def pdf_dokument(bericht: Jahresbericht, *, kommune: str) -> Document:
    """The report laid out as pages (WeasyPrint's Document), before it is written as PDF.

    Characters that no installed font has are drawn as the missing-glyph box and logged as a
    warning by the logger "weasyprint"; the fonts come from bericht-schriften.css and the
    system (Makefile, RUN_DEBS)."""
    return _html_dokument(als_html(bericht, kommune=kommune))


def _html_dokument(html: str) -> Document:
    fetcher = StatischerFetcher()
    # @font-face rules only take effect with a FontConfiguration shared by CSS and rendering.
    schriften = FontConfiguration()
    stile = [
        CSS(filename=finders.find(name), url_fetcher=fetcher, font_config=schriften)
        for name in PDF_STYLES
    ]
    dokument = HTML(
        string=html,
        base_url=Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/",
        url_fetcher=fetcher,
    )
    return dokument.render(stylesheets=stile, font_config=schriften, **PDF_OPTIONEN)


def als_html(bericht: Jahresbericht, *, kommune: str) -> str:
    """The report as one HTML document: the PDF's source, and the frozen HTML of an adopted
    report (``monitoring.berichtsfassungen``)."""
    return render_to_string(
        "monitoring/bericht_pdf.html", {"bericht": bericht, "KOMMUNE_NAME": kommune}
    )


_SPRACHE = re.compile(r'<html lang="([A-Za-z-]{2,20})"')
_KOERPER = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL)


def html_inhalt(html: str) -> tuple[str, str]:
    """The language and the content of a report document of ``als_html`` (also one frozen
    years ago), to show it inside a page frame: what its ``<body>`` holds, with its ``<main>``
    a ``<div class="bericht-hauptteil">`` (a page has one main region, the frame's). The text
    itself stays as adopted. Raises ValueError for a document without a body."""
    koerper = _KOERPER.search(html)
    if koerper is None:
        raise ValueError("Kein <body> im Berichtsdokument.")
    sprache = _SPRACHE.search(html)
    inhalt = koerper.group(1).replace("<main>", '<div class="bericht-hauptteil">', 1)
    ende = inhalt.rfind("</main>")
    if ende >= 0:
        inhalt = inhalt[:ende] + "</div>" + inhalt[ende + len("</main>") :]
    return (sprache.group(1) if sprache else "de"), inhalt.strip()


def html_als_pdf(html: str) -> bytes:
    """An HTML document of the report (``als_html``) laid out and written as tagged PDF."""
    return _html_dokument(html).write_pdf(**PDF_OPTIONEN)


def als_pdf(bericht: Jahresbericht, *, kommune: str) -> bytes:
    """The report as tagged PDF (PDF/UA-1)."""
    return pdf_dokument(bericht, kommune=kommune).write_pdf(**PDF_OPTIONEN)


def _wert(av) -> object:
    """A shown number as number; a protected one as its text ("< 3", "•"); none as ""."""
    if av is None:
        return ""
    if av.geschuetzt or av.wert is None:
        return av.text
    return zahl_kompakt(av.wert)


def als_xlsx(bericht: Jahresbericht) -> bytes:
    """The report's tables, one sheet each, German whatever the interface language."""
    with auf_deutsch():
        return xlsx_schreiben(_blaetter(bericht))


def _blatt(titel: str, kopf: list[str], zeilen: list[list]) -> Blatt:
    return Blatt(titel=titel, kopf=kopf, zeilen=zeilen)


def _angaben(bericht: Jahresbericht) -> Blatt:
    """The report's own data: year, Stand, decision, texts, what the comparison goes against."""
    zeilen: list[list] = [
        [_("Berichtsjahr"), bericht.jahr],
        [_("Stichtag"), bericht.stichtag],
    ]
    if bericht.stand is not None:
        zeilen.append([_("Stand (erfasst bis)"), bericht.stand])
    if bericht.gremium:
        zeilen += [[_("Gremium"), bericht.gremium], [_("beschlossen am"), bericht.beschluss_datum]]
    zeilen.append([_("Fassung"), _("öffentlich") if bericht.oeffentlich else _("intern")])
    zeilen.append([_("Vergleich mit"), bericht.vergleich_bezug])
    if bericht.einleitung:
        zeilen.append([_("Einleitung"), bericht.einleitung])
    if bericht.schluss:
        zeilen.append([_("Schlussbemerkung"), bericht.schluss])
    return _blatt(_("Bericht"), [_("Angabe"), _("Wert")], zeilen)


def _blaetter(bericht: Jahresbericht) -> list[Blatt]:
    return [
        _angaben(bericht),
        _blatt(
            _("Themen"),
            [_("Thema"), *[label for _code, label in bericht.status_spalten], _("gesamt")],
            [
                [z.thema.name, *[anzahl for _code, anzahl in z.je_status], z.gesamt]
                for z in bericht.themen
            ],
        ),
        _blatt(
            _("Maßnahmen"),
            [
                _("Kennung"),
                _("Titel"),
                _("Hauptthema"),
                _("Status"),
                _("Ampel"),
                _("Fortschritt (%)"),
                _("Sachstand vom"),
                _("Sachstand"),
                _("Veränderung"),
            ],
            [
                [
                    m.kennung,
                    m.titel,
                    m.projekt.hauptthema.name,
                    m.status_text,
                    m.ampel_text,
                    m.fortschritt if m.fortschritt is not None else "",
                    m.sachstand_am,
                    m.text,
                    "; ".join(m.vergleich),
                ]
                for m in bericht.massnahmen
            ],
        ),
        _blatt(
            _("Meilensteine"),
            [_("Maßnahme"), _("Meilenstein"), _("fällig am"), _("erledigt am")],
            [
                [f"{ms.kennung}: {ms.projekt_titel}", ms.titel, ms.faellig_am, ms.erledigt_am]
                for ms in bericht.meilensteine
            ],
        ),
        _blatt(
            _("Indikatoren"),
            [
                _("Indikator"),
                _("Einheit"),
                str(bericht.jahr - 1),
                str(bericht.jahr),
                _("Basiswert"),
                _("Basisjahr"),
                _("Zielwert"),
                _("Zieljahr"),
                _("Fortschritt"),
                _("Bewertung gegen das Ziel"),
                _("Veränderung"),
            ],
            [
                [
                    z.indikator.name,
                    z.indikator.einheit,
                    _wert(z.vorjahr),
                    _wert(z.wert),
                    # Numbers as numbers; a protected baseline as its sign ("< 3", "•").
                    z.basiswert_zahl if z.basiswert_zahl is not None else z.basiswert_text,
                    z.indikator.basisjahr or "",
                    zahl_kompakt(z.indikator.zielwert) if z.indikator.zielwert is not None else "",
                    z.indikator.zieljahr or "",
                    z.fortschritt.text,
                    f"{z.bewertung.symbol} {z.bewertung.text}",
                    "; ".join(z.vergleich),
                ]
                for z in bericht.indikatoren
            ],
        ),
        _blatt(
            _("Kernaussagen"),
            [_("Datum"), _("Titel"), _("Erkenntnis"), _("Quelle"), _("Beteiligungsformat")],
            [
                [
                    e.datum,
                    e.titel,
                    e.text,
                    e.get_quelle_display(),
                    e.beteiligungsformat.titel if e.beteiligungsformat else "",
                ]
                for e in bericht.kernaussagen
            ],
        ),
        _blatt(
            _("Statusänderungen"),
            [_("Kennung"), _("Titel"), _("Status Ende Vorjahr"), _("Status zum Stichtag")],
            [
                [m.kennung, m.titel, m.status_vorjahr_text, m.status_text]
                for m in bericht.aenderungen
            ],
        ),
        _blatt(
            _("Fortschreibungen"),
            [_("Plan"), _("Version"), _("beschlossen am"), _("Gremium"), _("Änderungen")],
            [
                [str(f.plan), f.nummer, f.beschluss_datum, f.beschluss_gremium, f.aenderungen]
                for f in bericht.fortschreibungen
            ],
        ),
    ]


def dateiname(bericht: Jahresbericht, endung: str) -> str:
    return f"jahresbericht-{bericht.jahr}.{endung}"
