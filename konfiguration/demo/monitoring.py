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
from projekte.models import Projektskizze

from .rahmen import AKTIONSPLAN, DEMO, HANDLUNGSKONZEPT, SOZIALRAEUME, Rahmen
from .sichern import AENDERUNGSGRUND, Lader

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
    # Percentage of the population derived from another indicator's counts.
    anteil_von: str | None = None
    # The UN-BRK articles the indicator informs.
    artikel: tuple[int, ...] = ()


SB = "Menschen mit Schwerbehinderung"
H = Indikator.Richtung
RH = Datenquelle.Rhythmus
E = Raum.Ebene

INDIKATOREN = [
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
        beschreibung="Menschen mit Schwerbehinderung je 100 Einwohnerinnen und Einwohner.",
        einheit="%",
        datenquelle="schwerbehinderte",
        themen=(INK,),
        projekte=(),
        raeumliche_ebene=E.SOZIALRAUM,
        rhythmus=RH.JAEHRLICH,
        ist_fallzahl=False,
        anteil_von=SB,
    ),
    IndikatorDaten(
        name="Arbeitslose Menschen mit Schwerbehinderung",
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
        elif daten.anteil_von is not None:
            basis = ergebnis[daten.anteil_von]
            einwohner = {slug: ew for slug, _n, ew in SOZIALRAEUME}
            einwohner[kommune] = sum(einwohner.values())
            for (jahr, slug), anzahl in basis.items():
                werte[jahr, slug] = _runden(anzahl * 100 / einwohner[slug], 1)
        elif daten.je_jahr is not None:
            werte = {(jahr, kommune): Decimal(wert) for jahr, wert in daten.je_jahr.items()}
        ergebnis[daten.name] = werte
    return ergebnis


def _messwerte_sichern(
    lader: Lader, indikator: Indikator, werte: dict[tuple[int, str], Decimal], rahmen: Rahmen
) -> None:
    """Bulk write (a row-by-row save would take seconds); unchanged rows are not touched."""
    vorhanden = {(m.jahr, m.raum_id): m for m in indikator.messwerte.all()}
    neu, geaendert = [], []
    for (jahr, slug), wert in sorted(werte.items()):
        raum = rahmen.raeume[slug]
        soll = {
            "wert": wert,
            "vorlaeufig": jahr >= VORLAEUFIG_AB,
            "quellenhinweis": QUELLENHINWEIS,
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


def indikatoren_laden(
    lader: Lader,
    *,
    rahmen: Rahmen,
    datenquellen: dict[str, Datenquelle],
    projekte: dict[tuple[str, int], Projektskizze],
) -> dict[str, Indikator]:
    alle_werte = _werte_berechnen(rahmen)
    kommune = rahmen.kommune.slug
    artikel = {a.nummer: a for a in UNBRKArtikel.objects.all()}
    indikatoren = {}
    for daten in INDIKATOREN:
        werte = alle_werte[daten.name]
        basis = werte.get((JAHRE.start, kommune))
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
            },
            m2m={
                "themen": [rahmen.themen[slug] for slug in daten.themen],
                "projekte": [projekte[key] for key in daten.projekte],
                "unbrk_artikel": [artikel[nr] for nr in daten.artikel],
            },
        )
        _messwerte_sichern(lader, indikator, werte, rahmen)
        indikatoren[daten.name] = indikator
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
