"""The StädteRegion Aachen for ``manage.py demo --region``: its 10 Kommunen and 93 Sozialräume.

Real data (``daten/``, README there names the sources): the Kommunen with their Amtlicher
Gemeindeschlüssel, Regionalschlüssel and population (Zensus 2022, 31.12.2019, 31.12.2013), the
number and map codes of the Sozialräume per Kommune (StädteRegion Aachen, Sozialberichterstattung
2018), and the people with a recognised disability per Kommune on 31.12.2018 (Jahresstatistik
Schwerbehindertenrecht). Invented („Demodaten“): the names of the Sozialräume beyond their codes
(the names are in PDFs only) and their populations, a fixed split of their Kommune's figure.

The areas come in through the area import of the Datenpflege (``aktionsplan.datenarten.RAEUME``,
the same check and write path as an uploaded file, all rows or none); Stolberg's 17 Sozialräume
are the Stadtteile of the Stolberg demo with their schematic outlines (``umrisse.py``). Population
and the 2018 figures are values of indicators (``Indikator.ist_einwohnerzahl``), as the README
says areas carry their population. Every step is idempotent: a second run writes nothing.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import AbstractUser
from django.utils.text import slugify

from aktionsplan.dateien import Tabelle
from aktionsplan.models import Raum
from monitoring.models import Indikator, Messwert
from monitoring.quoten import quoten_berechnen, selbst_berechnen

from .monitoring import EW, SB, _lieferdatum, _messwerte_sichern
from .rahmen import DEMO, KOMMUNE, REGION
from .sichern import Lader
from .umrisse import raeume_importieren, umrisse_laden

DATEN = Path(__file__).with_name("daten")
STOLBERG_AGS = "05334032"
# The StädteRegion's key (Statistisches Bundesamt, Kreisschlüssel), daten/README.md.
REGION_SCHLUESSEL = "05334"

QUELLE_ZENSUS = "Zensus 2022, Stand 15.5.2022 (Destatis, Tabelle 1000A-0000)"
QUELLE_2019 = "Destatis, Gemeindeverzeichnis GV-ISys, Stand 31.12.2019"
QUELLE_2013 = "IT.NRW, Stand 31.12.2013 (Aachener Nachrichten)"
QUELLE_SOZIALRAUM_EW = (
    "Demodaten: Einwohnerzahl der Kommune nach festem Schlüssel auf ihre Sozialräume verteilt, "
    "keine amtliche Zahl"
)
QUELLE_SB_2018 = (
    "Jahresstatistik Schwerbehindertenrecht der StädteRegion Aachen, Stand 31.12.2018 "
    "(Versorgungsamt, IT.NRW)"
)
# The source states 70,119 for the region; its rows per Kommune add up to 70,136.
REGION_SB_2018 = 70119
QUELLE_SB_2018_REGION = f"{QUELLE_SB_2018}; Summe der Kommunen in derselben Quelle: 70.136"
GDB20 = "Menschen mit anerkannter Behinderung (GdB ab 20)"


@dataclass(frozen=True)
class Kommune:
    """One row of ``daten/staedteregion-aachen-kommunen.csv`` with its Sozialräume' codes."""

    ags: str
    regionalschluessel: str
    name: str
    slug: str
    # year → residents (2022: Zensus 15.5.2022, 2019 and 2013: 31.12.)
    einwohner: dict[int, int]
    sozialraeume: list[str] = field(default_factory=list)
    # 31.12.2018: (GdB ≥ 20, GdB ≥ 50)
    behinderung_2018: tuple[int, int] = (0, 0)

    @property
    def ist_stolberg(self) -> bool:
        return self.ags == STOLBERG_AGS


def _lesen(name: str) -> list[dict[str, str]]:
    with (DATEN / name).open(encoding="utf-8", newline="") as datei:
        return list(csv.DictReader(datei, delimiter=";"))


_BEREICH = re.compile(r"^(?P<vor>[A-Z]+) (?P<von>\d+) … (?P=vor) (?P<bis>\d+)$")


def kennungen_lesen(text: str) -> list[str]:
    """The map codes of a Kommune's Sozialräume as the source writes them, expanded:
    „A 1a, A 3 … A 5“ → ["A 1a", "A 3", "A 4", "A 5"]. Raises ValueError for a part it cannot
    read."""
    codes: list[str] = []
    for teil in (t.strip() for t in text.split(",")):
        bereich = _BEREICH.match(teil)
        if bereich:
            von, bis = int(bereich["von"]), int(bereich["bis"])
            codes.extend(f"{bereich['vor']} {n}" for n in range(von, bis + 1))
        elif re.fullmatch(r"[A-Z]+ \d+[a-z]?", teil):
            codes.append(teil)
        else:
            raise ValueError(f"Kennung nicht lesbar: {teil!r}")
    return codes


def kommunen() -> list[Kommune]:
    """The 10 Kommunen of the StädteRegion in the order of their key, from ``daten/``. Raises
    ValueError when the files disagree (a count of Sozialräume that the codes do not give)."""
    sozialraeume = {z["ags"]: z for z in _lesen("staedteregion-sozialraeume.csv")}
    behinderung = {z["ags"]: z for z in _lesen("staedteregion-schwerbehinderte-2018.csv")}
    ergebnis = []
    for zeile in _lesen("staedteregion-aachen-kommunen.csv"):
        ags = zeile["ags"]
        codes = kennungen_lesen(sozialraeume[ags]["kennungen"])
        if len(codes) != int(sozialraeume[ags]["anzahl_sozialraeume"]):
            raise ValueError(f"{zeile['name']}: {len(codes)} Kennungen statt der angegebenen Zahl")
        stolberg = ags == STOLBERG_AGS
        ergebnis.append(
            Kommune(
                ags=ags,
                regionalschluessel=zeile["regionalschluessel"],
                # Stolberg keeps the name and key of the Stolberg demo (rahmen.KOMMUNE).
                name=KOMMUNE[1] if stolberg else zeile["name"],
                slug=KOMMUNE[0] if stolberg else slugify(_umschreiben(zeile["name"])),
                einwohner={
                    2022: int(zeile["einwohner_zensus_2022_05_15"]),
                    2019: int(zeile["einwohner_2019_12_31"]),
                    2013: int(zeile["einwohner_2013_12_31"]),
                },
                sozialraeume=codes,
                behinderung_2018=(
                    int(behinderung[ags]["mit_gdb_20_und_mehr"]),
                    int(behinderung[ags]["mit_gdb_50_und_mehr_schwerbehindert"]),
                ),
            )
        )
    return ergebnis


def _umschreiben(text: str) -> str:
    for umlaut, ersatz in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("Ä", "Ae")):
        text = text.replace(umlaut, ersatz)
    return text


def sozialraum_slug(kommune: Kommune, code: str) -> str:
    """The Kurzname of a Sozialraum by its map code: Eschweiler's „E 1“ → „eschweiler-e-1“."""
    return f"{kommune.slug}-{slugify(code)}"


def _gewicht(index: int) -> int:
    """A fixed weight between 6 and 14 per Sozialraum, so their populations differ."""
    return 10 + (index * 7) % 9 - 4


def einwohner_verteilen(gesamt: int, anzahl: int) -> list[int]:
    """``gesamt`` residents split on ``anzahl`` Sozialräume by fixed weights (Demodaten); the
    parts add up to ``gesamt`` exactly (the rest of the rounding goes to the last)."""
    gewichte = [_gewicht(i) for i in range(anzahl)]
    summe = sum(gewichte)
    teile = [gesamt * g // summe for g in gewichte]
    teile[-1] += gesamt - sum(teile)
    return teile


def _tabelle(liste: list[Kommune]) -> Tabelle:
    """The region, its Kommunen and their Sozialräume (without Stolberg's, which come with
    their outlines) as a file of the area import would bring them."""
    kopf = ["slug", "name", "key", "parent", "level", "AGS"]
    zeilen: list[list] = [
        [REGION[0], REGION[1], REGION_SCHLUESSEL, "", "Region", ""],
    ]
    for kommune in liste:
        zeilen.append(
            [
                kommune.slug,
                kommune.name,
                kommune.regionalschluessel,
                REGION[0],
                "Kommune",
                kommune.ags,
            ]
        )
    for kommune in liste:
        if kommune.ist_stolberg:
            continue
        for code in kommune.sozialraeume:
            zeilen.append(
                [
                    sozialraum_slug(kommune, code),
                    f"Sozialraum {code}",
                    code,
                    kommune.slug,
                    "Sozialraum",
                    "",
                ]
            )
    return Tabelle(kopf=kopf, zeilen=[(nummer, z) for nummer, z in enumerate(zeilen, start=2)])


@dataclass
class Region:
    """What ``region_raeume_laden`` loaded: the areas by Kurzname and the Kommunen."""

    raeume: dict[str, Raum]
    kommunen: list[Kommune]

    def kommune(self, slug: str) -> Raum:
        return self.raeume[slug]

    def sozialraeume(self, kommune: Kommune) -> list[Raum]:
        """The Sozialräume of ``kommune`` in the order of their codes (Stolberg: by name)."""
        if kommune.ist_stolberg:
            return sorted(
                (
                    r
                    for r in self.raeume.values()
                    if r.uebergeordnet_id == self.raeume[kommune.slug].pk
                ),
                key=lambda r: r.name,
            )
        return [self.raeume[sozialraum_slug(kommune, code)] for code in kommune.sozialraeume]


def region_raeume_laden(
    lader: Lader | None = None, *, benutzer: AbstractUser | None = None
) -> Region:
    """Load the StädteRegion Aachen: the region, its 10 Kommunen (AGS, Regionalschlüssel) and
    93 Sozialräume (76 by code, Stolberg's 17 with their schematic outlines), and the population
    of each Kommune and Sozialraum as values of the indicator Einwohnerzahl. Callable on its own
    (e.g. for synthetic data on top of it) or after the Stolberg demo; idempotent.

    ``benutzer``: the person the area import runs as (None: as a command, no scope check).
    Raises ValueError naming the rows when the data does not pass the import's check.
    """
    lader = lader or Lader()
    liste = kommunen()
    raeume_importieren(lader, _tabelle(liste), benutzer)
    umrisse_laden(lader, benutzer=benutzer)
    raeume = {
        r.slug: r
        for r in Raum.objects.filter(kommune__amtlicher_schluessel__in=[k.ags for k in liste])
    }
    raeume[REGION[0]] = Raum.objects.get(slug=REGION[0])
    region = Region(raeume=raeume, kommunen=liste)
    with selbst_berechnen():
        einwohner = _einwohner_indikator(lader)
        _messwerte_sichern(lader, einwohner, einwohner_werte(region), region, _hinweise(region))
        behinderung_2018_laden(lader, region)
        name = str(Messwert._meta.verbose_name_plural)
        for jahr in (2013, 2018, 2019, 2022):
            lader.geaendert[name] += quoten_berechnen(
                quellen=[einwohner.pk], jahre=[jahr], datum=_lieferdatum(jahr)
            )
    return region


def _einwohner_indikator(lader: Lader) -> Indikator:
    """The indicator Einwohnerzahl; created (as the Stolberg demo defines it) only when it is
    missing, so that the Stolberg demo's definition is never overwritten."""
    vorhanden = Indikator.objects.filter(ist_einwohnerzahl=True).first()
    if vorhanden is not None:
        return vorhanden
    return lader.sichern(
        Indikator,
        schluessel={"name": EW},
        werte={
            "beschreibung": f"Einwohnerinnen und Einwohner mit Haupt- oder Nebenwohnsitz. {DEMO}",
            "einheit": "Personen",
            "raeumliche_ebene": Raum.Ebene.VIERTEL,
            "rhythmus": "jaehrlich",
            "ist_einwohnerzahl": True,
        },
    )


def _einwohner(region: Region) -> dict[tuple[int, str], tuple[Decimal, str]]:
    """Population per (year, Kurzname) with its source note. Stolberg's come from the Stolberg
    demo (monitoring.py) and are left to it, so that neither loader overwrites the other's."""
    werte: dict[tuple[int, str], tuple[Decimal, str]] = {}
    for kommune in region.kommunen:
        if kommune.ist_stolberg:
            continue
        for jahr, quelle in ((2013, QUELLE_2013), (2019, QUELLE_2019), (2022, QUELLE_ZENSUS)):
            werte[jahr, kommune.slug] = (Decimal(kommune.einwohner[jahr]), quelle)
        for jahr in (2019, 2022):
            teile = einwohner_verteilen(kommune.einwohner[jahr], len(kommune.sozialraeume))
            for code, anzahl in zip(kommune.sozialraeume, teile, strict=True):
                werte[jahr, sozialraum_slug(kommune, code)] = (
                    Decimal(anzahl),
                    QUELLE_SOZIALRAUM_EW,
                )
    return werte


def einwohner_werte(region: Region) -> dict[tuple[int, str], Decimal]:
    """The population values of ``region`` keyed on (year, Kurzname), without source notes."""
    return {k: wert for k, (wert, _q) in _einwohner(region).items()}


def _hinweise(region: Region) -> dict[tuple[int, str], str]:
    return {k: quelle for k, (_w, quelle) in _einwohner(region).items()}


def behinderung_2018_laden(lader: Lader, region: Region) -> None:
    """The real figures of 31.12.2018 per Kommune (daten/staedteregion-schwerbehinderte-2018.csv):
    severely disabled people (GdB ≥ 50) as values of the indicator „Menschen mit
    Schwerbehinderung“ (when the Stolberg demo defined it), all with a recognised disability
    (GdB ≥ 20) as values of an indicator of their own."""
    gdb20 = lader.sichern(
        Indikator,
        schluessel={"name": GDB20},
        werte={
            "beschreibung": (
                "Menschen mit einem anerkannten Grad der Behinderung ab 20 (Schwerbehinderte "
                "eingeschlossen), Stichtag 31.12.; je Kommune aus der Jahresstatistik "
                "Schwerbehindertenrecht der StädteRegion Aachen."
            ),
            "einheit": "Personen",
            "raeumliche_ebene": Raum.Ebene.KOMMUNE,
            "rhythmus": "jaehrlich",
            "oeffentlich": True,
        },
    )
    werte_gdb20 = {(2018, k.slug): Decimal(k.behinderung_2018[0]) for k in region.kommunen}
    hinweise = dict.fromkeys(werte_gdb20, QUELLE_SB_2018)
    _messwerte_sichern(lader, gdb20, werte_gdb20, region, hinweise)
    schwerbehindert = Indikator.objects.filter(name=SB).first()
    if schwerbehindert is None:
        return
    werte = {(2018, k.slug): Decimal(k.behinderung_2018[1]) for k in region.kommunen}
    hinweise = dict.fromkeys(werte, QUELLE_SB_2018)
    werte[2018, REGION[0]] = Decimal(REGION_SB_2018)
    hinweise[2018, REGION[0]] = QUELLE_SB_2018_REGION
    _messwerte_sichern(lader, schwerbehindert, werte, region, hinweise)
