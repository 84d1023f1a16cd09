"""The time-series table of an indicator (areas × years), for the page and as CSV/XLSX.

Every cell is a protected display value (monitoring.schutz); exports contain exactly what the page
shows. Files are written by aktionsplan.dateien (German notation, formulas neutralised); a
protected cell carries its text ("< 3", "•"), which no import takes for a value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import gettext as _

from aktionsplan.bereich import kommunen, mehrere_kommunen
from aktionsplan.dateien import (
    Blatt,
    Zelle,
    auf_deutsch,
    csv_schreiben,
    xlsx_schreiben,
    zahl_kompakt,
    zelle_als_text,
)
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


def _sortierung_nach_kommune() -> Callable[[Raum], tuple]:
    """The order of the rows: by level, then name; in an installation with several Kommunen the
    region first, then each Kommune (by name) followed by its own Sozialräume and Viertel, so
    that the areas of one Kommune are never mixed among another's (issue 12). No query while
    the Kommunen are cached (aktionsplan.bereich.kommunen)."""
    if not mehrere_kommunen():
        return raum_sortierung
    namen = {pk: name.casefold() for pk, name, _slug in kommunen()}

    def schluessel(raum: Raum) -> tuple:
        if raum.kommune_id is None:
            return (0, "", *raum_sortierung(raum))
        return (1, namen.get(raum.kommune_id, ""), raum.kommune_id, *raum_sortierung(raum))

    return schluessel


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
        for raum in sorted(raeume.values(), key=_sortierung_nach_kommune())
    ]
    return Zeitreihentabelle(jahre=sortierte_jahre, zeilen=zeilen)


def dateiname(indikator: Indikator) -> str:
    """The file name without extension."""
    return f"indikator-{indikator.pk}-{slugify(indikator.name)[:50] or 'werte'}"


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


def _zelle(av: Anzeigewert | None, *, mit_kennzeichen: bool) -> Zelle:
    """A shown number as number; a protected one as its text ("< 3", "•", never the number)."""
    if av is None:
        return None
    if av.wert is None:
        return av.text
    if mit_kennzeichen and av.vorlaeufig:
        return f"{zelle_als_text(zahl_kompakt(av.wert))} (v)"
    return zahl_kompakt(av.wert)


def _blatt(indikator: Indikator, tabelle: Zeitreihentabelle, *, csv: bool) -> Blatt:
    vorspann: list[list[Zelle]] = [[indikator.name]]
    if indikator.einheit:
        vorspann.append([_("Einheit"), indikator.einheit])
    kommentare = {}
    zeilen = []
    for index, zeile in enumerate(tabelle.zeilen):
        zeilen.append(
            [
                zeile.raum.name,
                zeile.raum.get_ebene_display(),
                *[_zelle(av, mit_kennzeichen=csv) for av in zeile.zellen],
            ]
        )
        for spalte, av in enumerate(zeile.zellen, start=2):
            if av is not None and av.vorlaeufig:
                kommentare[(index, spalte)] = _("vorläufig")
    hinweis = (
        _("„(v)“: vorläufiger Wert.")
        if csv
        else _("Zellen mit dem Kommentar „vorläufig“: vorläufiger Wert.")
    )
    return Blatt(
        titel=_("Zeitreihe"),
        kopf=[*_kopf(), *tabelle.jahre],
        zeilen=zeilen,
        vorspann=vorspann,
        nachspann=[[h] for h in _hinweise(tabelle, indikator, hinweis)],
        kommentare={} if csv else kommentare,
        breiten={0: 30},
    )


def als_csv(indikator: Indikator, tabelle: Zeitreihentabelle) -> bytes:
    with auf_deutsch():
        return csv_schreiben(_blatt(indikator, tabelle, csv=True))


def als_xlsx(indikator: Indikator, tabelle: Zeitreihentabelle) -> bytes:
    with auf_deutsch():
        return xlsx_schreiben([_blatt(indikator, tabelle, csv=False)])
