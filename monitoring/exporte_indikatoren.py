"""The time-series table of an indicator (areas × years), for the page and as CSV/XLSX.

Every cell is a protected display value (monitoring.schutz); exports contain exactly what the page
shows. CSV: semicolon, UTF-8 with BOM (Excel opens it correctly), German decimal comma; text cells
that a spreadsheet would run as a formula are neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import gettext as _

from aktionsplan.exporte import formel_neutralisieren
from aktionsplan.models import Raum
from monitoring.models import Indikator, Messwert
from monitoring.schutz import Anzeigewert

EBENE_RANG = {
    Raum.Ebene.REGION: 0,
    Raum.Ebene.KOMMUNE: 1,
    Raum.Ebene.SOZIALRAUM: 2,
    Raum.Ebene.VIERTEL: 3,
}


@dataclass
class Tabellenzeile:
    raum: Raum
    zellen: list[Anzeigewert | None]


@dataclass
class Zeitreihentabelle:
    jahre: list[int]
    zeilen: list[Tabellenzeile]

    @property
    def hat_geschuetzte(self) -> bool:
        return any(z and z.geschuetzt for zeile in self.zeilen for z in zeile.zellen)

    @property
    def hat_vorlaeufige(self) -> bool:
        return any(z and z.vorlaeufig for zeile in self.zeilen for z in zeile.zellen)


def raum_sortierung(raum: Raum) -> tuple[int, str]:
    return (EBENE_RANG.get(raum.ebene, 9), raum.name.casefold())


def zeitreihentabelle(
    messwerte: Iterable[Messwert], anzeige: dict[int, Anzeigewert]
) -> Zeitreihentabelle:
    je_raum: dict[int, dict[int, Anzeigewert]] = {}
    raeume: dict[int, Raum] = {}
    jahre: set[int] = set()
    for mw in messwerte:
        raeume[mw.raum_id] = mw.raum
        je_raum.setdefault(mw.raum_id, {})[mw.jahr] = anzeige[mw.pk]
        jahre.add(mw.jahr)
    sortierte_jahre = sorted(jahre)
    zeilen = [
        Tabellenzeile(raum=raum, zellen=[je_raum[raum.pk].get(j) for j in sortierte_jahre])
        for raum in sorted(raeume.values(), key=raum_sortierung)
    ]
    return Zeitreihentabelle(jahre=sortierte_jahre, zeilen=zeilen)


def dateiname(indikator: Indikator, endung: str) -> str:
    return f"indikator-{indikator.pk}-{slugify(indikator.name)[:50] or 'werte'}.{endung}"


def _kopf() -> list[str]:
    return [_("Raum"), _("Ebene")]


def _hinweise(
    tabelle: Zeitreihentabelle, indikator: Indikator, vorlaeufig_hinweis: str
) -> list[str]:
    hinweise = []
    if tabelle.hat_geschuetzte:
        hinweise.append(
            _("„< %(n)s“: Fallzahl unter %(n)s; „•“: zum Schutz kleiner Zahlen zurückgehalten.")
            % {"n": indikator.mindestfallzahl}
        )
    if tabelle.hat_vorlaeufige:
        hinweise.append(vorlaeufig_hinweis)
    return hinweise


def als_csv(indikator: Indikator, tabelle: Zeitreihentabelle) -> bytes:
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerow([formel_neutralisieren(indikator.name)])
    if indikator.einheit:
        schreiber.writerow([_("Einheit"), formel_neutralisieren(indikator.einheit)])
    schreiber.writerow([*_kopf(), *[str(j) for j in tabelle.jahre]])
    for zeile in tabelle.zeilen:
        zellen = []
        for av in zeile.zellen:
            if av is None:
                zellen.append("")
            else:
                zellen.append(f"{av.text} (v)" if av.vorlaeufig else av.text)
        schreiber.writerow(
            [formel_neutralisieren(zeile.raum.name), zeile.raum.get_ebene_display(), *zellen]
        )
    for hinweis in _hinweise(tabelle, indikator, _("„(v)“: vorläufiger Wert.")):
        schreiber.writerow([formel_neutralisieren(hinweis)])
    return puffer.getvalue().encode("utf-8-sig")


def als_xlsx(indikator: Indikator, tabelle: Zeitreihentabelle) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    mappe = Workbook()
    blatt = mappe.active
    blatt.title = _("Zeitreihe")[:31]
    blatt.append([formel_neutralisieren(indikator.name)])
    blatt["A1"].font = Font(bold=True)
    if indikator.einheit:
        blatt.append([_("Einheit"), formel_neutralisieren(indikator.einheit)])
    blatt.append([*_kopf(), *tabelle.jahre])
    for zelle in blatt[blatt.max_row]:
        zelle.font = Font(bold=True)
    for zeile in tabelle.zeilen:
        werte: list[object] = []
        for av in zeile.zellen:
            if av is None:
                werte.append(None)
            elif av.wert is None:
                werte.append(av.text)  # "< 3" or "•" as text, never the number
            else:
                werte.append(float(av.wert) if av.wert % 1 else int(av.wert))
        blatt.append(
            [formel_neutralisieren(zeile.raum.name), zeile.raum.get_ebene_display(), *werte]
        )
        for spalte, av in enumerate(zeile.zellen, start=3):
            if av is not None and av.vorlaeufig:
                blatt.cell(row=blatt.max_row, column=spalte).comment = Comment(
                    _("vorläufig"), "aktionsplan"
                )
    for hinweis in _hinweise(
        tabelle, indikator, _("Zellen mit dem Kommentar „vorläufig“: vorläufiger Wert.")
    ):
        blatt.append([formel_neutralisieren(hinweis)])
    blatt.column_dimensions["A"].width = 30
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()
