"""Eschweiler in the region demo (``manage.py demo --region``): a second Kommune with a plan.

Everything here is invented and marked „(Demodaten)“: the Leitbild, its themes, the plan, its ten
measures with their reports, the three local actors and the values per Sozialraum. Real are only
Eschweiler's key, population and the 2018 figures per Kommune (``region.py``, ``daten/``); the
values per Sozialraum start from Eschweiler's real rate of severely disabled people on 31.12.2018
(8,171 of 57,093 residents, Jahresstatistik Schwerbehindertenrecht / Zensus 2022).

Rows are written by the demo's ``Lader`` (aktionsplan.sperre.speichern), owned by Eschweiler, the
measures by the Stolberg demo's own loader (``projekte._massnahme_laden``). Idempotent.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractUser

from akteure.models import Akteur, Akteurstyp
from aktionsplan.models import Fortschreibung, Leitbild, Plan, Raum, Thema, UNBRKArtikel
from monitoring.models import Indikator, Messwert
from monitoring.quoten import quoten_berechnen, selbst_berechnen
from projekte.models import Projektskizze

from .monitoring import EW, JAHRE, SB, _lieferdatum, _messwerte_sichern, _runden, _streuung
from .projekte import _massnahme_laden
from .rahmen import DEMO, Rahmen
from .region import QUELLE_SOZIALRAUM_EW, Region, einwohner_verteilen, sozialraum_slug
from .sichern import Lader
from .typen import ALLE, ALT, FAMILIEN, KJ, MMB, A, Bericht, Etappe, Massnahme, Rolle, S, d

SLUG = "eschweiler"
PLAN = "eschweiler-aktionsplan-inklusion"

LEITBILD = {
    "name": "Eschweiler inklusiv 2035",
    "leitmotiv": "mittendrin statt außen vor",
    "beschreibung": (
        "Leitbild des Aktionsplans Inklusion der Stadt Eschweiler mit vier Handlungsfeldern. "
        f"{DEMO}"
    ),
    "zieljahr": 2035,
}

# (slug, name) in the Leitbild's order; slugs are unique in the installation.
BEW = "eschweiler-bewusstsein-und-teilhabe"
WOM = "eschweiler-wohnen-und-mobilitaet"
BUA = "eschweiler-bildung-und-arbeit"
FKS = "eschweiler-freizeit-kultur-und-sport"
THEMEN = [
    (BEW, "Bewusstsein und politische Teilhabe"),
    (WOM, "Barrierefreies Wohnen und Mobilität"),
    (BUA, "Bildung und Arbeit"),
    (FKS, "Freizeit, Kultur und Sport"),
]

# key: (name, kurzname, Akteurstyp, beschreibung) — local actors of Eschweiler, all invented.
AKTEURE = {
    "esw-inklusion": (
        "Stadt Eschweiler – Inklusionsbeauftragte (Demo)",
        "Inklusion ESW",
        "Kommunalverwaltung",
        "Koordiniert den Aktionsplan Inklusion der Stadt Eschweiler.",
    ),
    "esw-tiefbau": (
        "Stadt Eschweiler – Tiefbau und Verkehr (Demo)",
        "Tiefbau ESW",
        "Kommunalverwaltung",
        "Haltestellen, Gehwege, Querungen.",
    ),
    "esw-beirat": (
        "Inklusionsbeirat Eschweiler (Demo)",
        "Beirat ESW",
        "Selbsthilfe und Selbstvertretung",
        "Selbstvertretung der Menschen mit Behinderung, berät Rat und Verwaltung.",
    ),
}

# The plan's Sozialräume by map code (region.py): the areas named in measures.
E1, E3, E7, E12 = "E 1", "E 3", "E 7", "E 12"

MASSNAHMEN = [
    Massnahme(
        nummer=1,
        titel="Inklusionsbeirat stärken",
        kurzbeschreibung="Geschäftsordnung, Budget und feste Sitzungstermine für den "
        "Inklusionsbeirat; Rederecht in den Fachausschüssen.",
        ziele="Menschen mit Behinderung wirken an allen Entscheidungen mit, die sie betreffen.",
        thema=BEW,
        zielgruppen=(MMB,),
        artikel=(4, 29),
        federfuehrend="esw-inklusion",
        partner=(("esw-beirat", Rolle.PARTNER, "Geschäftsordnung entwerfen"),),
        beginn=d(2024, 1, 1),
        prioritaet="hoch",
        veroeffentlicht=True,
        sachstaende=(
            Bericht(d(2024, 3, 12), S.IN_PLANUNG, A.IM_PLAN, 20, "Entwurf der Geschäftsordnung."),
            Bericht(
                d(2025, 2, 4),
                S.UMGESETZT,
                A.IM_PLAN,
                100,
                "Der Rat hat die Geschäftsordnung beschlossen; Rederecht in drei Ausschüssen.",
            ),
        ),
    ),
    Massnahme(
        nummer=2,
        titel="Barrierefreie Bushaltestellen im Stadtgebiet",
        kurzbeschreibung="Umbau der meistgenutzten Haltestellen mit Hochbord und taktilem "
        "Leitsystem nach einer Prioritätenliste.",
        ziele="Bis 2030 sind 80 % der Haltestellen barrierefrei.",
        thema=WOM,
        zielgruppen=(MMB, ALT),
        artikel=(9, 20),
        federfuehrend="esw-tiefbau",
        partner=(("esw-beirat", Rolle.BERATEND, "Begehungen"),),
        beginn=d(2024, 4, 1),
        ende=d(2030, 12, 31),
        kosten="1200000",
        prioritaet="hoch",
        veroeffentlicht=True,
        sachstaende=(
            Bericht(
                d(2024, 9, 30),
                S.IN_UMSETZUNG,
                A.IM_PLAN,
                15,
                "Prioritätenliste mit 64 Haltestellen abgestimmt; die ersten 6 umgebaut.",
            ),
            Bericht(
                d(2025, 10, 15),
                S.IN_UMSETZUNG,
                A.GEFAEHRDET,
                30,
                "Bauverzug wegen Vergabe; 19 Haltestellen fertig.",
            ),
        ),
        meilensteine=(
            Etappe("Prioritätenliste beschlossen", d(2024, 9, 1), d(2024, 9, 24)),
            Etappe("Hälfte der Haltestellen umgebaut", d(2027, 12, 31)),
        ),
    ),
    Massnahme(
        nummer=3,
        titel="Wegweiser Inklusion in Leichter Sprache",
        kurzbeschreibung="Broschüre und Internetseite mit Ansprechstellen, Beratung und "
        "Hilfen, in Leichter Sprache geprüft.",
        ziele="Menschen finden die Hilfe, die sie brauchen.",
        thema=BEW,
        zielgruppen=(MMB, FAMILIEN),
        artikel=(9, 21),
        federfuehrend="esw-inklusion",
        beginn=d(2024, 6, 1),
        ende=d(2025, 6, 30),
        kosten="18000",
        veroeffentlicht=True,
        sachstaende=(
            Bericht(d(2024, 11, 5), S.IN_UMSETZUNG, A.IM_PLAN, 50, "Texte geschrieben."),
            Bericht(
                d(2025, 7, 1),
                S.UMGESETZT,
                A.IM_PLAN,
                100,
                "Broschüre gedruckt und online; Prüfgruppe hat alle Texte geprüft.",
            ),
        ),
    ),
    Massnahme(
        nummer=4,
        titel="Inklusive Kita-Plätze ausbauen",
        kurzbeschreibung="Mehr Plätze für Kinder mit (drohender) Behinderung in Regel-Kitas, "
        "mit Fachberatung für die Teams.",
        ziele="Jedes Kind kann die Kita in seiner Nähe besuchen.",
        thema=BUA,
        zielgruppen=(KJ, FAMILIEN),
        artikel=(7, 24),
        raeume=(E3, E7),
        federfuehrend="esw-inklusion",
        beginn=d(2024, 8, 1),
        prioritaet="hoch",
        sachstaende=(
            Bericht(
                d(2025, 3, 20),
                S.IN_UMSETZUNG,
                A.IM_PLAN,
                40,
                "Zwei Kitas haben je fünf inklusive Plätze eingerichtet.",
            ),
        ),
    ),
    Massnahme(
        nummer=5,
        titel="Ausbildungspaten für junge Menschen mit Behinderung",
        kurzbeschreibung="Ehrenamtliche Patinnen und Paten begleiten den Weg von der "
        "Förderschule in Ausbildung und Betrieb.",
        ziele="Mehr Übergänge auf den allgemeinen Arbeitsmarkt.",
        thema=BUA,
        zielgruppen=(MMB, KJ),
        artikel=(24, 27),
        federfuehrend="esw-inklusion",
        partner=(("ba", Rolle.PARTNER, "Berufsberatung"),),
        beginn=d(2025, 1, 1),
        sachstaende=(
            Bericht(d(2025, 4, 2), S.IN_PLANUNG, A.IM_PLAN, 10, "Konzept mit der Agentur."),
            Bericht(
                d(2025, 11, 18),
                S.IN_UMSETZUNG,
                A.GEFAEHRDET,
                25,
                "Erst 7 Patenschaften; es fehlen Ehrenamtliche.",
            ),
        ),
    ),
    Massnahme(
        nummer=6,
        titel="Barrierefreies Rathaus",
        kurzbeschreibung="Automatiktüren, Induktionsschleife im Ratssaal und ein Leitsystem "
        "im Bürgerbüro.",
        ziele="Alle erreichen die Verwaltung ohne fremde Hilfe.",
        thema=WOM,
        zielgruppen=(MMB, ALT, ALLE),
        artikel=(9,),
        raeume=(E1,),
        federfuehrend="esw-tiefbau",
        partner=(("esw-beirat", Rolle.BERATEND, "Prüfung vor der Abnahme"),),
        beginn=d(2024, 3, 1),
        ende=d(2026, 6, 30),
        kosten="240000",
        veroeffentlicht=True,
        sachstaende=(
            Bericht(d(2024, 10, 1), S.IN_UMSETZUNG, A.IM_PLAN, 35, "Türen umgebaut."),
            Bericht(
                d(2025, 9, 9),
                S.IN_UMSETZUNG,
                A.IM_PLAN,
                70,
                "Induktionsschleife im Ratssaal in Betrieb.",
            ),
        ),
    ),
    Massnahme(
        nummer=7,
        titel="Inklusives Sportfest am Blausteinsee",
        kurzbeschreibung="Jährliches Sportfest mit Vereinen, bei dem alle Disziplinen auch "
        "für Menschen mit Behinderung angeboten werden.",
        ziele="Vereine öffnen sich; Begegnung im Sport.",
        thema=FKS,
        zielgruppen=(MMB, ALLE, KJ),
        artikel=(30,),
        federfuehrend="esw-inklusion",
        beginn=d(2024, 5, 1),
        veroeffentlicht=True,
        sachstaende=(
            Bericht(
                d(2024, 7, 1),
                S.VERSTETIGT,
                A.IM_PLAN,
                100,
                "Erstes Sportfest mit 14 Vereinen und rund 600 Gästen; findet jährlich statt.",
            ),
        ),
    ),
    Massnahme(
        nummer=8,
        titel="Wohnberatung für Ältere und Menschen mit Behinderung",
        kurzbeschreibung="Beratung zu Umbau, Hilfsmitteln und Zuschüssen, auch als Hausbesuch.",
        ziele="Länger selbstständig in der eigenen Wohnung leben.",
        thema=WOM,
        zielgruppen=(ALT, MMB),
        artikel=(19,),
        raeume=(E12,),
        federfuehrend="esw-inklusion",
        beginn=d(2025, 2, 1),
        sachstaende=(
            Bericht(
                d(2025, 6, 30),
                S.IN_UMSETZUNG,
                A.IM_PLAN,
                30,
                "Sprechstunde zweimal im Monat; 23 Beratungen im ersten Halbjahr.",
            ),
        ),
    ),
    Massnahme(
        nummer=9,
        titel="Stadtbibliothek mit Hörbüchern und Vorlesestunden in Leichter Sprache",
        kurzbeschreibung="Medien in Leichter Sprache und ein monatlicher Vorlesenachmittag.",
        ziele="Lesen und Kultur für alle.",
        thema=FKS,
        zielgruppen=(MMB, ALLE),
        artikel=(21, 30),
        federfuehrend="esw-inklusion",
        beginn=d(2025, 9, 1),
        sachstaende=(Bericht(d(2025, 10, 20), S.IN_PLANUNG, A.IM_PLAN, 5, "Bestand gesichtet."),),
    ),
    Massnahme(
        nummer=10,
        titel="Schulungen „Inklusion in der Verwaltung“",
        kurzbeschreibung="Pflichtschulung für Beschäftigte mit Publikumsverkehr, gemeinsam mit "
        "Selbstvertretungen gestaltet.",
        ziele="Beschäftigte kennen Barrieren und wissen, wie sie sie abbauen.",
        thema=BEW,
        zielgruppen=(MMB,),
        artikel=(8,),
        federfuehrend="esw-inklusion",
        partner=(("esw-beirat", Rolle.PARTNER, "Schulung mitgestalten"),),
        beginn=d(2025, 1, 1),
        sachstaende=(
            Bericht(
                d(2025, 5, 14),
                S.ZURUECKGESTELLT,
                A.KRITISCH,
                10,
                "Zurückgestellt bis zum Haushalt 2026: keine Mittel für die Honorare.",
            ),
        ),
    ),
]

# The real rate of severely disabled people in Eschweiler on 31.12.2018 (8,171 of the 57,093
# residents of the Zensus 2022), the basis of the invented values per Sozialraum.
QUOTE_SB = Decimal(8171) / Decimal(57093)
QUELLE_SB = "Demodaten, berechnet aus der Quote der Kommune 2018"
QUELLE_KOMMUNE_EW = "Demodaten: Zensus 2022 fortgeschrieben"


def eschweiler_laden(
    lader: Lader,
    *,
    region: Region,
    zielgruppen: dict,
    akteure: dict[str, Akteur],
    redaktion: AbstractUser,
) -> dict[int, Projektskizze]:
    """Eschweiler's Leitbild, themes, actors, plan and measures, and values per Sozialraum.
    ``akteure``: the Stolberg demo's actors (the regional ones are partners here);
    ``redaktion``: the Eschweiler editor, responsible for the measures. Returns the measures by
    number."""
    kommune = region.kommune(SLUG)
    vorher, lader.kommune = lader.kommune, kommune
    try:
        projekte = _rahmen_und_massnahmen(
            lader,
            kommune=kommune,
            region=region,
            zielgruppen=zielgruppen,
            akteure=akteure,
            redaktion=redaktion,
        )
    finally:
        lader.kommune = vorher
    werte_laden(lader, region)
    return projekte


def _rahmen_und_massnahmen(
    lader: Lader,
    *,
    kommune: Raum,
    region: Region,
    zielgruppen: dict,
    akteure: dict[str, Akteur],
    redaktion: AbstractUser,
) -> dict[int, Projektskizze]:
    leitbild = lader.sichern(
        Leitbild,
        schluessel={"name": LEITBILD["name"]},
        werte={**{k: v for k, v in LEITBILD.items() if k != "name"}, "kommune": kommune},
    )
    rahmen = Rahmen(leitbild=leitbild, zielgruppen=zielgruppen)
    for reihenfolge, (slug, name) in enumerate(THEMEN, start=1):
        rahmen.themen[slug] = lader.sichern(
            Thema,
            schluessel={"slug": slug},
            werte={"leitbild": leitbild, "name": name, "reihenfolge": reihenfolge},
        )
    esw = next(k for k in region.kommunen if k.slug == SLUG)
    for code in esw.sozialraeume:
        rahmen.raeume[code] = region.raeume[sozialraum_slug(esw, code)]
    typen = {
        t.name: t for t in Akteurstyp.objects.filter(name__in=[a[2] for a in AKTEURE.values()])
    }
    alle_akteure = {k: a for k, a in akteure.items() if a.ebene != Akteur.Ebene.KOMMUNAL}
    for key, (name, kurzname, typ, beschreibung) in AKTEURE.items():
        alle_akteure[key] = lader.sichern(
            Akteur,
            schluessel={"name": name},
            werte={
                "kurzname": kurzname,
                "typ": typen[typ],
                "ebene": Akteur.Ebene.KOMMUNAL,
                "kommune": kommune,
                "beschreibung": f"{beschreibung} {DEMO}",
                "aktiv": True,
            },
        )
    plan = lader.sichern(
        Plan,
        schluessel={"slug": PLAN},
        werte={
            "name": "Aktionsplan Inklusion der Stadt Eschweiler",
            "kurzname": "Aktionsplan Inklusion Eschweiler",
            "art": Plan.Art.AKTIONSPLAN,
            "ziel": "Die UN-Behindertenrechtskonvention in Eschweiler umsetzen: Barrieren "
            "abbauen, Teilhabe in allen Lebensbereichen sichern.",
            "beschreibung": f"Zehn Maßnahmen in vier Handlungsfeldern. {DEMO}",
            "gesamtstaedtisch": True,
            "beginn": datetime.date(2024, 1, 1),
            "ende": datetime.date(2030, 12, 31),
            "beschluss_datum": datetime.date(2023, 12, 12),
            "beschluss_gremium": "Rat der Stadt Eschweiler",
            "leitbild": leitbild,
            "kommune": kommune,
        },
    )
    rahmen.plaene[PLAN] = plan
    fassung = lader.sichern(
        Fortschreibung,
        schluessel={"plan": plan, "nummer": 1},
        werte={
            "beschluss_datum": datetime.date(2023, 12, 12),
            "beschluss_gremium": "Rat der Stadt Eschweiler",
            "aenderungen": f"Erstfassung mit zehn Maßnahmen. {DEMO}",
        },
    )
    artikel = {a.nummer: a for a in UNBRKArtikel.objects.all()}
    return {
        m.nummer: _massnahme_laden(
            lader,
            plan_slug=PLAN,
            m=m,
            rahmen=rahmen,
            akteure=alle_akteure,
            artikel=artikel,
            benutzer={"redaktion": redaktion},
            versionen={(PLAN, 1): fassung},
        )
        for m in MASSNAHMEN
    }


def werte_laden(lader: Lader, region: Region) -> None:
    """Population of Eschweiler and its Sozialräume for every year of the demo (the 2022 figure
    split, Demodaten; 2019 and 2022 come from region.py) and severely disabled people per
    Sozialraum 2019–2025 (Eschweiler's real 2018 rate × population × a fixed spread × 1.2 % a
    year, Demodaten; the Kommune's value is their sum). The rates per 1,000 follow."""
    esw = next(k for k in region.kommunen if k.slug == SLUG)
    einwohner = Indikator.objects.filter(ist_einwohnerzahl=True).first()
    schwerbehindert = Indikator.objects.filter(name=SB).first()
    if einwohner is None or schwerbehindert is None or einwohner.name != EW:
        return
    slugs = [sozialraum_slug(esw, code) for code in esw.sozialraeume]
    ew_werte: dict[tuple[int, str], Decimal] = {}
    sb_werte: dict[tuple[int, str], Decimal] = {}
    for jahr in JAHRE:
        stand = 2019 if jahr == 2019 else 2022
        teile = einwohner_verteilen(esw.einwohner[stand], len(slugs))
        if jahr != stand:
            for slug, anzahl in zip(slugs, teile, strict=True):
                ew_werte[jahr, slug] = Decimal(anzahl)
            ew_werte[jahr, SLUG] = Decimal(esw.einwohner[stand])
        trend = 1 + Decimal("0.012") * (jahr - JAHRE.start)
        for index, (slug, anzahl) in enumerate(zip(slugs, teile, strict=True)):
            sb_werte[jahr, slug] = _runden(anzahl * QUOTE_SB * _streuung(index) * trend)
        sb_werte[jahr, SLUG] = sum((sb_werte[jahr, s] for s in slugs), Decimal(0))
    ew_hinweise = {k: QUELLE_KOMMUNE_EW if k[1] == SLUG else QUELLE_SOZIALRAUM_EW for k in ew_werte}
    with selbst_berechnen():
        _messwerte_sichern(lader, einwohner, ew_werte, region, ew_hinweise)
        _messwerte_sichern(
            lader, schwerbehindert, sb_werte, region, dict.fromkeys(sb_werte, QUELLE_SB)
        )
        name = str(Messwert._meta.verbose_name_plural)
        for jahr in JAHRE:
            lader.geaendert[name] += quoten_berechnen(
                quellen=[einwohner.pk, schwerbehindert.pk], jahre=[jahr], datum=_lieferdatum(jahr)
            )
