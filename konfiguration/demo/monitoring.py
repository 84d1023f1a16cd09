"""Indicators with deterministic values 2019–2025, participation events and qualitative findings.

Values come from simple formulas over the (illustrative) population of each Sozialraum, so every
run yields the same numbers. For counts the Kommune's value is the sum of its Sozialräume; the small
southern Sozialräume get counts of 1 or 2 on purpose, so the protection of small numbers has work.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from akteure.models import Datenquelle
from aktionsplan.models import Beteiligungsformat, Raum, UNBRKArtikel
from aktionsplan.zwischenspeicher import datenstand_erhoehen
from monitoring.models import Erkenntnis, Indikator, Messwert
from monitoring.quoten import quoten_berechnen, selbst_berechnen
from projekte.models import Projektskizze

from .rahmen import AKTIONSPLAN, DEMO, HANDLUNGSKONZEPT, SOZIALRAEUME, Rahmen
from .sichern import AENDERUNGSGRUND, Lader
from .steckbriefe import profil_werte

JAHRE = range(2019, 2026)
VORLAEUFIG_AB = 2025
QUELLENHINWEIS = "Demodaten, berechnet"
AP, HK = AKTIONSPLAN, HANDLUNGSKONZEPT
# Sozialräume of the Handlungskonzept, where precarious living conditions concentrate.
ACHSE = {"muensterbusch", "unterstolberg", "oberstolberg"}

ARB = "arbeit-und-wirtschaft"
WOH = "wohnen-und-oeffentlicher-raum"
VIE = "vielfalt-und-zusammenhalt"
BIL = "bildung-und-lebenslanges-lernen"
FAM = "familien-und-generationen"
INK = "inklusion-und-teilhabe"


def _runden(wert: Decimal, stellen: int = 0) -> Decimal:
    return wert.quantize(Decimal(1).scaleb(-stellen), rounding=ROUND_HALF_UP)


def _streuung(index: int) -> Decimal:
    """A fixed factor between 0.9 and 1.1 per Sozialraum, so the areas differ."""
    return 1 + Decimal((index * 7) % 9 - 4) / 40


def _fallzahl(rate: str, *, achse: str = "1", trend: str = "0", jahresfaktoren=None):
    """Count per Sozialraum: population × rate × spread × trend (or a factor per year)."""

    def rechnen(index: int, slug: str, einwohner: int, jahr: int) -> Decimal:
        faktor = (
            Decimal(jahresfaktoren[jahr])
            if jahresfaktoren
            else 1 + Decimal(trend) * (jahr - JAHRE.start)
        )
        if slug in ACHSE:
            faktor *= Decimal(achse)
        return _runden(einwohner * Decimal(rate) * _streuung(index) * faktor)

    return rechnen


@dataclass(frozen=True)
class IndikatorDaten:
    name: str
    beschreibung: str
    einheit: str
    datenquelle: str | None
    themen: tuple[str, ...]
    projekte: tuple[tuple[str, int], ...]
    raeumliche_ebene: str
    rhythmus: str
    richtung: str = Indikator.Richtung.HOEHER_BESSER
    art: str = Indikator.Art.QUANTITATIV
    ist_fallzahl: bool = True
    mindestfallzahl: int = 3
    zielwert: str | None = None
    zieljahr: int | None = None
    # Per Sozialraum: f(index, slug, einwohner, jahr) → count.
    je_sozialraum: Callable[[int, str, int, int], Decimal] | None = None
    # Kommune only: value per year.
    je_jahr: dict[int, str] | None = None
    # The UN-BRK articles the indicator informs.
    artikel: tuple[int, ...] = ()
    # A computed rate (monitoring.quoten): (numerator name, denominator name, factor).
    berechnet: tuple[str, str, int] | None = None
    # The areas' population (Indikator.ist_einwohnerzahl): values from EINWOHNERZAHL.
    ist_einwohnerzahl: bool = False


SB = "Menschen mit Schwerbehinderung"
EW = "Einwohnerzahl"
ALO = "Arbeitslose Menschen mit Schwerbehinderung"
H = Indikator.Richtung
RH = Datenquelle.Rhythmus
E = Raum.Ebene

# Real population of Stolberg's Stadtteile (= the demo's Sozialräume), city register, main and
# secondary residences: 2016 from the Statistischer Jahresbericht 2016 (S8), 2017 from the press
# report on the Jahresbericht 2017 (S9, cut off after Schevenhütte), see /work/shared/data.
STADTTEILE_REAL = {
    2016: {
        "oberstolberg": 7509,
        "buesbach": 7077,
        "muensterbusch": 6942,
        "unterstolberg": 5799,
        "donnerberg": 5602,
        "breinig": 4724,
        "mausbach": 4594,
        "atsch": 4066,
        "gressenich": 2420,
        "zweifall": 1980,
        "vicht": 1867,
        "venwegen": 1438,
        "werth": 1048,
        "breinigerberg": 916,
        "schevenhuette": 688,
        "dorff": 594,
        "vicht-breinigerberg": 28,
    },
    2017: {
        "oberstolberg": 7604,
        "buesbach": 7158,
        "muensterbusch": 6934,
        "unterstolberg": 5925,
        "donnerberg": 5566,
        "breinig": 4814,
        "mausbach": 4595,
        "atsch": 4083,
        "gressenich": 2461,
        "zweifall": 2001,
        "vicht": 1867,
        "venwegen": 1429,
        "werth": 1049,
        "breinigerberg": 912,
        "schevenhuette": 692,
    },
}
QUELLE_2016 = "Statistischer Jahresbericht 2016 der Kupferstadt Stolberg (Melderegister)"
QUELLE_2017 = "Statistischer Jahresbericht 2017 der Kupferstadt Stolberg, Pressebericht 3.8.2018"
QUELLE_ZENSUS = "Zensus 2022, Stand 15.5.2022 (Destatis, Tabelle 1000A-0000)"
# The StädteRegion Aachen in the Zensus 2022 (S1); counted in 2022.
REGION_ZENSUS_2022 = 577572
QUELLE_DEMO_EW = "Demodaten (Einwohnerzahl der Demo, Grundlage der Demo-Fallzahlen)"

# The indicators the demo shows on the public pages (the rest stays inside).
OEFFENTLICHE_INDIKATOREN = {
    SB,
    "Menschen mit Schwerbehinderung je 1.000 Einwohnerinnen und Einwohner",
    ALO,
    "Kinder mit (drohender) Behinderung in Regel-Kitas",
    "Anteil barrierefrei ausgebauter Bushaltestellen",
    "Teilnehmende mit Behinderung an Beteiligungsformaten",
}

INDIKATOREN = [
    IndikatorDaten(
        name=EW,
        beschreibung="Einwohnerinnen und Einwohner mit Haupt- oder Nebenwohnsitz, Stichtag "
        "31.12.; Nenner der Quoten je 1.000 Einwohnerinnen und Einwohner. 2016 und 2017 je "
        "Sozialraum aus den Statistischen Jahresberichten der Kupferstadt Stolberg, die "
        "StädteRegion 2022 aus dem Zensus 2022; ab 2019 je Sozialraum Demodaten.",
        einheit="Personen",
        datenquelle=None,
        themen=(),
        projekte=(),
        raeumliche_ebene=E.VIERTEL,
        rhythmus=RH.JAEHRLICH,
        ist_einwohnerzahl=True,
    ),
    IndikatorDaten(
        name=SB,
        artikel=(31,),
        beschreibung="Menschen mit gültigem Schwerbehindertenausweis (GdB ab 50), Stichtag 31.12.; "
        "Kontextindikator.",
        einheit="Personen",
        datenquelle="schwerbehinderte",
        themen=(INK,),
        projekte=(),
        raeumliche_ebene=E.SOZIALRAUM,
        rhythmus=RH.JAEHRLICH,
        je_sozialraum=_fallzahl("0.094", trend="0.012"),
    ),
    IndikatorDaten(
        name="Anteil der Menschen mit Schwerbehinderung an der Bevölkerung",
        artikel=(31,),
        beschreibung="Menschen mit Schwerbehinderung je 100 Einwohnerinnen und Einwohner, "
        "berechnet.",
        einheit="%",
        datenquelle="schwerbehinderte",
        themen=(INK,),
        projekte=(),
        raeumliche_ebene=E.SOZIALRAUM,
        rhythmus=RH.JAEHRLICH,
        ist_fallzahl=False,
        berechnet=(SB, EW, 100),
    ),
    IndikatorDaten(
        name="Menschen mit Schwerbehinderung je 1.000 Einwohnerinnen und Einwohner",
        artikel=(31,),
        beschreibung="Menschen mit Schwerbehinderung ÷ Einwohnerzahl × 1.000 je Sozialraum und "
        "Jahr, berechnet; macht Sozialräume verschiedener Größe vergleichbar.",
        einheit="je 1.000 Einwohnerinnen und Einwohner",
        datenquelle="schwerbehinderte",
        themen=(INK,),
        projekte=(),
        raeumliche_ebene=E.SOZIALRAUM,
        rhythmus=RH.JAEHRLICH,
        ist_fallzahl=False,
        berechnet=(SB, EW, 1000),
    ),
    IndikatorDaten(
        name=ALO,
        artikel=(27,),
        beschreibung="Arbeitslos gemeldete schwerbehinderte Menschen, Jahresdurchschnitt.",
        einheit="Personen",
        datenquelle="arbeitsmarkt",
        themen=(ARB, INK),
        projekte=((AP, 4), (AP, 23)),
        raeumliche_ebene=E.SOZIALRAUM,
        rhythmus=RH.MONATLICH,
        richtung=H.NIEDRIGER_BESSER,
        zielwert="95",
        zieljahr=2030,
        je_sozialraum=_fallzahl(
            "0.0021",
            achse="1.3",
            jahresfaktoren={
                2019: "1",
                2020: "1.18",
                2021: "1.12",
                2022: "1.02",
                2023: "0.97",
                2024: "0.95",
                2025: "0.93",
            },
        ),
    ),
    IndikatorDaten(
        name="Arbeitslose Menschen mit Schwerbehinderung je 1.000 Einwohnerinnen und Einwohner",
        artikel=(27,),
        beschreibung="Arbeitslose Menschen mit Schwerbehinderung ÷ Einwohnerzahl × 1.000, "
        "berechnet; zurückgehalten, wo die Fallzahl geschützt ist.",
        einheit="je 1.000 Einwohnerinnen und Einwohner",
        datenquelle="arbeitsmarkt",
        themen=(ARB, INK),
        projekte=(),
        raeumliche_ebene=E.SOZIALRAUM,
        rhythmus=RH.MONATLICH,
        richtung=H.NIEDRIGER_BESSER,
        ist_fallzahl=False,
        berechnet=(ALO, EW, 1000),
    ),
    IndikatorDaten(
        name="Leistungsberechtigte im ambulant unterstützten Wohnen",
        artikel=(19,),
        beschreibung="Erwachsene mit Leistungen der Eingliederungshilfe in der eigenen Wohnung.",
        einheit="Personen",
        datenquelle="eingliederungshilfe",
        themen=(WOH, INK),
        projekte=((HK, 1),),
        raeumliche_ebene=E.SOZIALRAUM,
        rhythmus=RH.JAEHRLICH,
        zielwert="300",
        zieljahr=2030,
        je_sozialraum=_fallzahl("0.0042", achse="1.15", trend="0.05"),
    ),
    IndikatorDaten(
        name="Einschulungskinder mit sonderpädagogischem Unterstützungsbedarf",
        artikel=(7, 24),
        beschreibung="Kinder, bei deren Schuleingangsuntersuchung ein Unterstützungsbedarf "
        "festgestellt wurde.",
        einheit="Kinder",
        datenquelle="einschulung",
        themen=(BIL, FAM),
        projekte=((AP, 16),),
        raeumliche_ebene=E.SOZIALRAUM,
        rhythmus=RH.JAEHRLICH,
        richtung=H.NIEDRIGER_BESSER,
        mindestfallzahl=5,
        je_sozialraum=_fallzahl("0.0011", achse="1.4", trend="0.02"),
    ),
    IndikatorDaten(
        name="Kinder mit (drohender) Behinderung in Regel-Kitas",
        artikel=(7, 24),
        beschreibung="Kinder, für die die LVR-Inklusionspauschale gezahlt wird.",
        einheit="Kinder",
        datenquelle="kita",
        themen=(FAM, BIL),
        projekte=((AP, 3), (AP, 22)),
        raeumliche_ebene=E.SOZIALRAUM,
        rhythmus=RH.JAEHRLICH,
        zielwert="130",
        zieljahr=2030,
        je_sozialraum=_fallzahl("0.0016", trend="0.06"),
    ),
    IndikatorDaten(
        name="Anteil der Kinder mit Förderbedarf im Gemeinsamen Lernen",
        artikel=(24,),
        beschreibung="Schülerinnen und Schüler mit sonderpädagogischem Förderbedarf, die eine "
        "allgemeine Schule besuchen, an allen mit Förderbedarf.",
        einheit="%",
        datenquelle="schulstatistik",
        themen=(BIL,),
        projekte=((AP, 16), (AP, 18)),
        raeumliche_ebene=E.KOMMUNE,
        rhythmus=RH.JAEHRLICH,
        ist_fallzahl=False,
        zielwert="55",
        zieljahr=2030,
        je_jahr={
            2019: "38.2",
            2020: "39.0",
            2021: "40.4",
            2022: "41.1",
            2023: "43.5",
            2024: "44.8",
            2025: "46.0",
        },
    ),
    IndikatorDaten(
        name="Übergänge aus der Werkstatt auf den allgemeinen Arbeitsmarkt",
        artikel=(27,),
        beschreibung="Beschäftigte der Werkstatt mit Wohnort Stolberg, die in ein "
        "sozialversicherungspflichtiges Arbeitsverhältnis wechseln.",
        einheit="Personen",
        datenquelle="wfbm",
        themen=(ARB,),
        projekte=((AP, 4),),
        raeumliche_ebene=E.KOMMUNE,
        rhythmus=RH.JAEHRLICH,
        zielwert="5",
        zieljahr=2030,
        je_jahr={2019: "1", 2020: "0", 2021: "1", 2022: "2", 2023: "1", 2024: "3", 2025: "2"},
    ),
    IndikatorDaten(
        name="Anteil barrierefrei ausgebauter Bushaltestellen",
        artikel=(9, 20),
        beschreibung="Haltestellen mit Hochbord und Blindenleitsystem an allen Haltestellen.",
        einheit="%",
        datenquelle="haltestellen",
        themen=(WOH,),
        projekte=((AP, 19), (HK, 2)),
        raeumliche_ebene=E.KOMMUNE,
        rhythmus=RH.JAEHRLICH,
        ist_fallzahl=False,
        zielwert="60",
        zieljahr=2030,
        je_jahr={
            2019: "8.0",
            2020: "9.5",
            2021: "14.0",
            2022: "21.0",
            2023: "27.5",
            2024: "31.0",
            2025: "34.0",
        },
    ),
    IndikatorDaten(
        name="Teilnehmende mit Behinderung an Beteiligungsformaten",
        artikel=(29,),
        beschreibung="Summe der Teilnehmenden, die bei Veranstaltungen freiwillig eine "
        "Behinderung angegeben haben.",
        einheit="Personen",
        datenquelle="teilnahme",
        themen=(VIE, INK),
        projekte=((AP, 1), (AP, 6)),
        raeumliche_ebene=E.KOMMUNE,
        rhythmus=RH.UNREGELMAESSIG,
        zielwert="250",
        zieljahr=2030,
        je_jahr={
            2019: "95",
            2020: "20",
            2021: "35",
            2022: "110",
            2023: "240",
            2024: "180",
            2025: "165",
        },
    ),
    IndikatorDaten(
        name="Teilnehmende mit Behinderung an inklusiven Sportangeboten",
        artikel=(30,),
        beschreibung="Von den Sportvereinen gemeldete regelmäßig Teilnehmende mit Behinderung.",
        einheit="Personen",
        datenquelle="sport",
        themen=(INK,),
        projekte=((AP, 9), (AP, 10)),
        raeumliche_ebene=E.KOMMUNE,
        rhythmus=RH.JAEHRLICH,
        zielwert="150",
        zieljahr=2030,
        je_jahr={
            2019: "42",
            2020: "28",
            2021: "37",
            2022: "58",
            2023: "71",
            2024: "80",
            2025: "86",
        },
    ),
    IndikatorDaten(
        name="Erlebte Barrierefreiheit im Alltag",
        artikel=(9,),
        beschreibung="Qualitative Auswertung der Rückmeldungen aus Begegnungstagen, Befragungen "
        "und Begehungen.",
        einheit="",
        datenquelle="teilnahme",
        themen=(WOH, INK),
        projekte=((AP, 12), (AP, 13), (AP, 21)),
        raeumliche_ebene=E.KOMMUNE,
        rhythmus=RH.UNREGELMAESSIG,
        art=Indikator.Art.QUALITATIV,
        ist_fallzahl=False,
    ),
    IndikatorDaten(
        name="Beteiligungskultur in Gremien",
        artikel=(29,),
        beschreibung="Einschätzung des Inklusionsbeirats zur Mitwirkung in Ausschüssen.",
        einheit="",
        datenquelle=None,
        themen=(VIE,),
        projekte=((AP, 6), (AP, 14)),
        raeumliche_ebene=E.KOMMUNE,
        rhythmus=RH.JAEHRLICH,
        art=Indikator.Art.QUALITATIV,
        ist_fallzahl=False,
    ),
]


def _werte_berechnen(rahmen: Rahmen) -> dict[str, dict[tuple[int, str], Decimal]]:
    """Values per indicator name, keyed on (jahr, raum slug)."""
    kommune = rahmen.kommune.slug
    ergebnis: dict[str, dict[tuple[int, str], Decimal]] = {}
    for daten in INDIKATOREN:
        werte: dict[tuple[int, str], Decimal] = {}
        if daten.je_sozialraum is not None:
            for jahr in JAHRE:
                for index, (slug, _name, einwohner) in enumerate(SOZIALRAEUME):
                    werte[jahr, slug] = daten.je_sozialraum(index, slug, einwohner, jahr)
                werte[jahr, kommune] = sum(
                    (werte[jahr, slug] for slug, _n, _e in SOZIALRAEUME), Decimal(0)
                )
        elif daten.ist_einwohnerzahl:
            werte = {wert_schluessel: wert for wert_schluessel, (wert, _q) in _einwohner().items()}
        elif daten.je_jahr is not None:
            werte = {(jahr, kommune): Decimal(wert) for jahr, wert in daten.je_jahr.items()}
        ergebnis[daten.name] = werte
    return ergebnis


def _einwohner() -> dict[tuple[int, str], tuple[Decimal, str]]:
    """The values of the indicator Einwohnerzahl with their source note, keyed on (jahr, raum
    slug): real figures where /work/shared/data has them, the demo's population otherwise."""
    from .rahmen import KOMMUNE, REGION, VIERTEL

    werte: dict[tuple[int, str], tuple[Decimal, str]] = {}
    for jahr, quelle in ((2016, QUELLE_2016), (2017, QUELLE_2017)):
        for slug, anzahl in STADTTEILE_REAL[jahr].items():
            werte[jahr, slug] = (Decimal(anzahl), quelle)
    # 2016 is complete (17 Stadtteile, 57,292 in all); 2017's source is cut off.
    werte[2016, KOMMUNE[0]] = (Decimal(sum(STADTTEILE_REAL[2016].values())), QUELLE_2016)
    werte[2022, REGION[0]] = (Decimal(REGION_ZENSUS_2022), QUELLE_ZENSUS)
    for jahr in JAHRE:
        for slug, _name, anzahl in SOZIALRAEUME:
            werte[jahr, slug] = (Decimal(anzahl), QUELLE_DEMO_EW)
        gesamt = sum(anzahl for _s, _n, anzahl in SOZIALRAEUME)
        werte[jahr, KOMMUNE[0]] = (Decimal(gesamt), QUELLE_DEMO_EW)
        for slug, _name, anzahl, _sozialraum in VIERTEL:
            werte[jahr, slug] = (Decimal(anzahl), QUELLE_DEMO_EW)
    return werte


def _messwerte_sichern(
    lader: Lader,
    indikator: Indikator,
    werte: dict[tuple[int, str], Decimal],
    rahmen: Rahmen,
    hinweise: dict[tuple[int, str], str] | None = None,
) -> None:
    """Bulk write (a row-by-row save would take seconds); unchanged rows are not touched.
    ``hinweise``: a source note per value (default QUELLENHINWEIS)."""
    vorhanden = {(m.jahr, m.raum_id): m for m in indikator.messwerte.all()}
    neu, geaendert = [], []
    for (jahr, slug), wert in sorted(werte.items()):
        raum = rahmen.raeume[slug]
        soll = {
            "wert": wert,
            "vorlaeufig": jahr >= VORLAEUFIG_AB,
            "quellenhinweis": (hinweise or {}).get((jahr, slug), QUELLENHINWEIS),
        }
        messwert = vorhanden.get((jahr, raum.pk))
        if messwert is None:
            messwert = Messwert(indikator=indikator, jahr=jahr, raum=raum, **soll)
            messwert.full_clean(
                exclude=["indikator", "raum"], validate_unique=False, validate_constraints=False
            )
            neu.append(messwert)
        elif any(getattr(messwert, feld) != wert for feld, wert in soll.items()):
            for feld, wert_neu in soll.items():
                setattr(messwert, feld, wert_neu)
            # bulk_update skips auto_now; the lock's version rises as with every write.
            messwert.geaendert_am = timezone.now()
            messwert.version += 1
            geaendert.append(messwert)
    name = str(Messwert._meta.verbose_name_plural)
    if neu:
        # Dated in the history as delivered in their own year, so the yearly report (built from
        # the data as it stood on its report date) shows them.
        for jahr in sorted({m.jahr for m in neu}):
            bulk_create_with_history(
                [m for m in neu if m.jahr == jahr],
                Messwert,
                default_change_reason=AENDERUNGSGRUND,
                default_date=_lieferdatum(jahr),
            )
        lader.neu[name] += len(neu)
    if geaendert:
        bulk_update_with_history(
            geaendert,
            Messwert,
            ["wert", "vorlaeufig", "quellenhinweis", "geaendert_am", "version"],
            default_change_reason=AENDERUNGSGRUND,
        )
        lader.geaendert[name] += len(geaendert)
    if neu or geaendert:
        # Bulk history writes send no per-row signal: cached aggregates are made stale here.
        datenstand_erhoehen()


def _lieferdatum(jahr: int) -> datetime.datetime | None:
    """15 December of the value's year, noon (Europe/Berlin); None (= now) if that is to come.

    The yearly report for a year uses the data as it stood on 31 December of that year.
    """
    geliefert = datetime.datetime(jahr, 12, 15, 12, tzinfo=timezone.get_current_timezone())
    return geliefert if geliefert <= timezone.now() else None


def indikatoren_laden(*args, **kwargs) -> dict[str, Indikator]:
    """Indicators and their values; the rates are computed once at the end, dated per year."""
    with selbst_berechnen():
        return _indikatoren_laden(*args, **kwargs)


def _indikatoren_laden(
    lader: Lader,
    *,
    rahmen: Rahmen,
    datenquellen: dict[str, Datenquelle],
    projekte: dict[tuple[str, int], Projektskizze],
    benutzer: dict | None = None,
) -> dict[str, Indikator]:
    alle_werte = _werte_berechnen(rahmen)
    kommune = rahmen.kommune.slug
    artikel = {a.nummer: a for a in UNBRKArtikel.objects.all()}
    indikatoren = {}
    for daten in INDIKATOREN:
        werte = alle_werte[daten.name]
        basis = werte.get((JAHRE.start, kommune))
        quote = {}
        if daten.berechnet is not None:
            zaehler, nenner, faktor = daten.berechnet
            quote = {
                "berechnet": True,
                "zaehler": indikatoren[zaehler],
                "nenner": indikatoren[nenner],
                "faktor": faktor,
            }
            # Earlier demos entered this share; a computed indicator takes no typed values.
            Messwert.objects.filter(indikator__name=daten.name, indikator__berechnet=False).delete()
        indikator = lader.sichern(
            Indikator,
            schluessel={"name": daten.name},
            werte={
                "beschreibung": f"{daten.beschreibung} {DEMO}",
                "art": daten.art,
                "einheit": daten.einheit,
                "ist_fallzahl": daten.ist_fallzahl,
                "richtung": daten.richtung,
                "datenquelle": datenquellen[daten.datenquelle] if daten.datenquelle else None,
                "raeumliche_ebene": daten.raeumliche_ebene,
                "rhythmus": daten.rhythmus,
                "basiswert": basis,
                "basisjahr": JAHRE.start if basis is not None else None,
                "zielwert": Decimal(daten.zielwert) if daten.zielwert else None,
                "zieljahr": daten.zieljahr,
                "mindestfallzahl": daten.mindestfallzahl,
                "ist_einwohnerzahl": daten.ist_einwohnerzahl,
                **quote,
                "verantwortlich": (benutzer or {}).get("datenpflege"),
                "oeffentlich": daten.name in OEFFENTLICHE_INDIKATOREN,
                **profil_werte(daten.name),
            },
            m2m={
                "themen": [rahmen.themen[slug] for slug in daten.themen],
                "projekte": [projekte[key] for key in daten.projekte],
                "unbrk_artikel": [artikel[nr] for nr in daten.artikel],
            },
        )
        if daten.berechnet is None:
            hinweise = (
                {k: q for k, (_w, q) in _einwohner().items()} if daten.ist_einwohnerzahl else None
            )
            _messwerte_sichern(lader, indikator, werte, rahmen, hinweise)
        indikatoren[daten.name] = indikator
    # The rates, computed in SQL from the values just written (monitoring.quoten), dated like
    # the values they come from so that each year's report shows them.
    berechnete = [indikatoren[d.name].pk for d in INDIKATOREN if d.berechnet is not None]
    name = str(Messwert._meta.verbose_name_plural)
    for jahr in JAHRE:
        lader.geaendert[name] += quoten_berechnen(
            indikatoren=berechnete, jahre=[jahr], datum=_lieferdatum(jahr)
        )
    return indikatoren


A = Beteiligungsformat.Art

# key: (titel, art, datum, plan, räume, teilnehmende, davon mit Behinderung, beschreibung)
BETEILIGUNGSFORMATE = {
    "kickoff": (
        "Kick-off-Workshop Leitbildprozess „Soziale Kupferstadt 2030“",
        A.KICK_OFF,
        datetime.date(2016, 4, 16),
        None,
        ("stolberg",),
        85,
        12,
        "Auftakt des Leitbildprozesses mit Bürgerschaft, Verbänden, Politik und Verwaltung.",
    ),
    "ag_inklusion": (
        "Arbeitsgruppe „Inklusion und Teilhabe“ (Leitbildprozess)",
        A.ARBEITSGRUPPE,
        datetime.date(2016, 6, 14),
        None,
        ("stolberg",),
        18,
        7,
        "Arbeitsgruppe zum Leitbild-Schwerpunkt Inklusion und Teilhabe.",
    ),
    "ag_wohnen": (
        "Arbeitsgruppe „Wohnen und öffentlicher Raum“ (Leitbildprozess)",
        A.ARBEITSGRUPPE,
        datetime.date(2016, 6, 28),
        None,
        ("stolberg",),
        16,
        3,
        "Arbeitsgruppe zum Leitbild-Schwerpunkt Wohnen und öffentlicher Raum.",
    ),
    "begegnungstag_2017": (
        "Erster Begegnungstag Inklusion 2017",
        A.BEGEGNUNGSTAG,
        datetime.date(2017, 9, 9),
        AP,
        ("unterstolberg",),
        350,
        120,
        "Aktionstag in der Innenstadt mit Ständen, Bühne und Mitmachangeboten.",
    ),
    "sozialraumkonferenz": (
        "Sozialraumkonferenz II „Berg- & Talachse“",
        A.SOZIALRAUMKONFERENZ,
        datetime.date(2017, 11, 18),
        HK,
        ("muensterbusch", "unterstolberg", "oberstolberg"),
        110,
        14,
        "Zweite Konferenz zum Integrierten Handlungskonzept mit Bewohnerschaft und Trägern.",
    ),
    "workshop_skizzen": (
        "Workshop Projektskizzen Aktionsplan Inklusion",
        A.WORKSHOP,
        datetime.date(2018, 2, 24),
        AP,
        ("stolberg",),
        42,
        17,
        "Ausarbeitung der 24 Projektskizzen mit Akteuren und Selbstvertretungen.",
    ),
    "spaziergang": (
        "Planungsspaziergang Talachse",
        A.SONSTIGES,
        datetime.date(2019, 5, 11),
        HK,
        ("viertel-muehle", "viertel-velau"),
        24,
        9,
        "Begehung mit Rollstuhl, Rollator und Langstock.",
    ),
    "befragung_2023": (
        "Befragung „Barrierefreiheit im Alltag“",
        A.BEFRAGUNG,
        datetime.date(2023, 5, 15),
        AP,
        ("stolberg",),
        412,
        160,
        "Schriftliche und Online-Befragung, auch in Leichter Sprache.",
    ),
    "begegnungstag_2024": (
        "Begegnungstag Inklusion 2024",
        A.BEGEGNUNGSTAG,
        datetime.date(2024, 9, 14),
        AP,
        ("unterstolberg",),
        430,
        150,
        "Begegnungstag mit Schwerpunkt Sport und Kultur.",
    ),
}

Q = Erkenntnis.Quelle

# (titel, text, datum, quelle, format key, themen, projekte, räume, kernaussage, erfasst von)
ERKENNTNISSE = [
    (
        "Barrieren beginnen oft vor der Haustür",
        "Viele Teilnehmende nannten Bordsteine, Haltestellen und Gehwege als erste Hürde, noch "
        "vor Gebäuden.",
        datetime.date(2016, 4, 16),
        Q.VERANSTALTUNG,
        "kickoff",
        (WOH, INK),
        ((AP, 19),),
        (),
        True,
        "redaktion",
    ),
    (
        "Einfache Sprache wird überall gebraucht",
        "Bescheide, Formulare und das Leitbild selbst sind für viele schwer verständlich – nicht "
        "nur für Menschen mit Lernschwierigkeiten.",
        datetime.date(2016, 6, 14),
        Q.ARBEITSGRUPPE,
        "ag_inklusion",
        (INK, BIL),
        ((AP, 12), (AP, 18)),
        (),
        True,
        "redaktion",
    ),
    (
        "Angebote in den südlichen Ortsteilen fehlen",
        "In den kleinen Ortsteilen fehlen Treffpunkte und Ärzte; ohne Auto ist vieles kaum "
        "erreichbar.",
        datetime.date(2016, 6, 28),
        Q.ARBEITSGRUPPE,
        "ag_wohnen",
        (WOH, FAM),
        ((AP, 11), (AP, 17)),
        ("schevenhuette", "venwegen", "zweifall"),
        False,
        "redaktion",
    ),
    (
        "Begegnung baut Berührungsängste ab",
        "Besucherinnen und Besucher ohne Behinderung berichteten, dass sie zum ersten Mal mit "
        "Werkstattbeschäftigten ins Gespräch gekommen sind.",
        datetime.date(2017, 9, 9),
        Q.VERANSTALTUNG,
        "begegnungstag_2017",
        (INK, VIE),
        ((AP, 1),),
        (),
        True,
        "redaktion",
    ),
    (
        "Das Quartiersbüro ist ein vertrauter Ort",
        "Bewohnerinnen und Bewohner wünschen sich eine feste Anlaufstelle im Quartier statt "
        "Wegen ins Rathaus.",
        datetime.date(2017, 11, 18),
        Q.VERANSTALTUNG,
        "sozialraumkonferenz",
        (VIE,),
        ((HK, 1),),
        ("muensterbusch", "unterstolberg", "oberstolberg"),
        True,
        "redaktion",
    ),
    (
        "Prekäre Lebenslagen und Behinderung hängen zusammen",
        "In Münsterbusch und Unterstolberg treffen Arbeitslosigkeit, Armut und Behinderung "
        "häufiger zusammen; Hilfen müssen verzahnt werden.",
        datetime.date(2017, 11, 18),
        Q.VERANSTALTUNG,
        "sozialraumkonferenz",
        (ARB, INK),
        ((AP, 4),),
        ("muensterbusch", "unterstolberg"),
        True,
        "datenpflege",
    ),
    (
        "Stolperfallen in der Talachse",
        "Beim Spaziergang fielen fehlende Absenkungen und zu schmale Gehwege an mehreren "
        "Querungen auf.",
        datetime.date(2019, 5, 11),
        Q.BEOBACHTUNG,
        "spaziergang",
        (WOH,),
        ((HK, 2),),
        ("viertel-muehle", "viertel-velau"),
        False,
        "redaktion",
    ),
    (
        "Kinder erleben Inklusion selbstverständlicher",
        "Bei der Ausstellung zeigte sich: Für die Kinder ist gemeinsames Spielen normal; Fragen "
        "kommen eher von Erwachsenen.",
        datetime.date(2019, 11, 30),
        Q.BEOBACHTUNG,
        None,
        (FAM, BIL),
        ((AP, 3), (AP, 22)),
        (),
        False,
        "redaktion",
    ),
    (
        "Wege zur Arztpraxis sind für Ältere zu weit",
        "Ältere Menschen mit Gehbehinderung verzichten auf Arztbesuche, weil Busse selten fahren.",
        datetime.date(2021, 3, 10),
        Q.INTERVIEW,
        None,
        (WOH, FAM),
        ((AP, 17),),
        ("vicht", "gressenich"),
        False,
        "datenpflege",
    ),
    (
        "Sportvereine sind offen, brauchen aber Assistenz",
        "Die Vereine wollen Menschen mit Behinderung aufnehmen, haben aber keine Begleitpersonen.",
        datetime.date(2021, 9, 20),
        Q.ARBEITSGRUPPE,
        None,
        (INK,),
        ((AP, 9), (AP, 10)),
        (),
        False,
        "redaktion",
    ),
    (
        "Arbeitgeber kennen Fördermöglichkeiten kaum",
        "Kleine Betriebe wissen wenig über Lohnkostenzuschüsse und Budget für Arbeit.",
        datetime.date(2022, 11, 8),
        Q.INTERVIEW,
        None,
        (ARB,),
        ((AP, 4), (AP, 23)),
        (),
        True,
        "redaktion",
    ),
    (
        "Haltestellen und Gehwege am häufigsten genannt",
        "In der Befragung nannten 61 % der Antwortenden mit Behinderung Haltestellen und Gehwege "
        "als größte Barriere im Alltag.",
        datetime.date(2023, 5, 15),
        Q.BEFRAGUNG,
        "befragung_2023",
        (WOH,),
        ((AP, 19), (HK, 2)),
        (),
        True,
        "datenpflege",
    ),
    (
        "Gebärdensprache fehlt bei Veranstaltungen",
        "Gehörlose Gäste konnten dem Bühnenprogramm nur teilweise folgen.",
        datetime.date(2024, 9, 14),
        Q.VERANSTALTUNG,
        "begegnungstag_2024",
        (INK,),
        ((AP, 1), (AP, 13)),
        (),
        False,
        "redaktion",
    ),
]


def beteiligung_laden(
    lader: Lader,
    *,
    rahmen: Rahmen,
    projekte: dict[tuple[str, int], Projektskizze],
    benutzer: dict,
) -> None:
    formate = {}
    for key, (titel, art, datum, plan, raeume, tn, tn_mb, text) in BETEILIGUNGSFORMATE.items():
        formate[key] = lader.sichern(
            Beteiligungsformat,
            schluessel={"titel": titel, "datum": datum},
            werte={
                "art": art,
                "plan": rahmen.plaene[plan] if plan else None,
                "beschreibung": f"{text} {DEMO}",
                "teilnehmende": tn,
                "teilnehmende_mit_behinderung": tn_mb,
            },
            m2m={"raeume": [rahmen.raeume[slug] for slug in raeume]},
        )
    for titel, text, datum, quelle, fmt, themen, projekt_keys, raeume, kern, von in ERKENNTNISSE:
        lader.sichern(
            Erkenntnis,
            schluessel={"titel": titel},
            werte={
                "text": f"{text} {DEMO}",
                "datum": datum,
                "quelle": quelle,
                "beteiligungsformat": formate[fmt] if fmt else None,
                "erfasst_von": benutzer[von],
                "ist_kernaussage": kern,
            },
            m2m={
                "themen": [rahmen.themen[slug] for slug in themen],
                "projekte": [projekte[key] for key in projekt_keys],
                "raeume": [rahmen.raeume[slug] for slug in raeume],
            },
        )
