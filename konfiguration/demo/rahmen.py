"""The plan frame of the Kupferstadt Stolberg: Leitbild, themes, areas, target groups, plans.

Population figures are illustrative (Demodaten), not official statistics.
"""

import datetime
from dataclasses import dataclass, field

from aktionsplan.models import Fortschreibung, Leitbild, Plan, Raum, Thema, Zielgruppe

from .sichern import Lader

DEMO = "(Demodaten)"

LEITBILD = {
    "name": "Soziale Kupferstadt 2030",
    "leitmotiv": "aufeinander zugehen – voneinander lernen – miteinander leben",
    "beschreibung": (
        "Leitbild der strategischen Sozialplanung der Kupferstadt Stolberg mit sechs "
        f"thematischen Schwerpunkten. {DEMO}"
    ),
    "zieljahr": 2030,
    # Leichte Sprache (issue 11, point 2): written for the demo after the Leitbild above.
    "text_leichte_sprache": (
        "Die Stadt Stolberg hat ein Leit-Bild.\n"
        "Das Leit-Bild heißt: Soziale Kupfer-Stadt 2030.\n"
        "Sozial heißt: Die Menschen helfen sich.\n"
        "Niemand bleibt allein.\n"
        "Das Leit-Bild gilt bis zum Jahr 2030.\n"
        "Das Leit-Bild hat 6 Themen.\n"
        "Der Leit-Satz sagt:\n"
        "Die Menschen gehen aufeinander zu.\n"
        "Sie lernen voneinander.\n"
        "Sie leben miteinander."
    ),
}

# (slug, name) in the Leitbild's order.
THEMEN = [
    ("arbeit-und-wirtschaft", "Arbeit und Wirtschaft"),
    ("wohnen-und-oeffentlicher-raum", "Wohnen und öffentlicher Raum"),
    ("vielfalt-und-zusammenhalt", "Vielfalt und Zusammenhalt"),
    ("bildung-und-lebenslanges-lernen", "Bildung und lebenslanges Lernen"),
    ("familien-und-generationen", "Familien und Generationen"),
    ("inklusion-und-teilhabe", "Inklusion und Teilhabe"),
]

# The themes in Leichte Sprache (issue 11, point 2), written for the demo after their names.
THEMEN_LEICHTE_SPRACHE = {
    "arbeit-und-wirtschaft": (
        "Bei diesem Thema geht es um Arbeit.\n"
        "Alle Menschen sollen arbeiten können.\n"
        "Auch Menschen mit Behinderung.\n"
        "Die Stadt hilft bei der Suche nach Arbeit.\n"
        "Und die Stadt spricht mit Firmen in Stolberg."
    ),
    "wohnen-und-oeffentlicher-raum": (
        "Bei diesem Thema geht es um Wohnen.\n"
        "Und um Plätze und Wege in der Stadt.\n"
        "Alle Menschen sollen gut wohnen können.\n"
        "Alle Menschen sollen überall hinkommen.\n"
        "Zum Beispiel mit dem Roll-Stuhl.\n"
        "Darum baut die Stadt Stufen weg."
    ),
    "vielfalt-und-zusammenhalt": (
        "In Stolberg leben viele verschiedene Menschen.\n"
        "Das nennt man: Vielfalt.\n"
        "Die Menschen sollen gut zusammen leben.\n"
        "Das nennt man: Zusammen-Halt.\n"
        "Die Stadt macht dafür Feste und Treffen."
    ),
    "bildung-und-lebenslanges-lernen": (
        "Bei diesem Thema geht es um Lernen.\n"
        "Kinder lernen in der Kita und in der Schule.\n"
        "Erwachsene lernen auch.\n"
        "Zum Beispiel in Kursen.\n"
        "Alle Menschen sollen gut lernen können.\n"
        "Auch Menschen mit Behinderung."
    ),
    "familien-und-generationen": (
        "Bei diesem Thema geht es um Familien.\n"
        "Und um junge und alte Menschen.\n"
        "Die Stadt hilft Familien.\n"
        "Junge und alte Menschen sollen sich treffen.\n"
        "Dann können sie voneinander lernen."
    ),
    "inklusion-und-teilhabe": (
        "Inklusion heißt: Alle Menschen können überall mitmachen.\n"
        "Teil-Habe heißt: Alle gehören dazu.\n"
        "Bei diesem Thema geht es um Menschen mit Behinderung.\n"
        "Sie sollen überall mitmachen können.\n"
        "Zum Beispiel beim Sport.\n"
        "Oder in der Politik."
    ),
}

REGION = ("staedteregion-aachen", "StädteRegion Aachen", 557000)
KOMMUNE = ("stolberg", "Kupferstadt Stolberg")

# (slug, name, Einwohner) — the 17 Sozialräume of the Sozialbericht 2016.
SOZIALRAEUME = [
    ("atsch", "Atsch", 3900),
    ("breinig", "Breinig", 5300),
    ("breinigerberg", "Breinigerberg", 1100),
    ("buesbach", "Büsbach", 5600),
    ("donnerberg", "Donnerberg", 4200),
    ("dorff", "Dorff", 1500),
    ("gressenich", "Gressenich", 2900),
    ("mausbach", "Mausbach", 4300),
    ("muensterbusch", "Münsterbusch", 5800),
    ("oberstolberg", "Oberstolberg", 3400),
    ("schevenhuette", "Schevenhütte", 650),
    ("unterstolberg", "Unterstolberg", 7400),
    ("venwegen", "Venwegen", 1250),
    ("vicht", "Vicht", 2400),
    ("vicht-breinigerberg", "Vicht-Breinigerberg", 900),
    ("werth", "Werth", 1900),
    ("zweifall", "Zweifall", 1700),
]

# (slug, name, Einwohner, Sozialraum) — the Viertel of the IHKo area „Berg- und Talachse“.
VIERTEL = [
    ("viertel-muensterbusch", "Münsterbusch", 4200, "muensterbusch"),
    ("viertel-liester", "Liester", 1600, "muensterbusch"),
    ("viertel-oberstolberg", "Oberstolberg", 2600, "oberstolberg"),
    ("viertel-muehle", "Mühle", 2300, "unterstolberg"),
    ("viertel-velau", "Velau", 1900, "unterstolberg"),
]

ZIELGRUPPEN = [
    "Menschen mit Behinderung",
    "Kinder und Jugendliche",
    "Ältere",
    "Menschen mit Migrationsgeschichte",
    "Familien",
    "Fachkräfte",
    "Allgemeinheit",
]

AKTIONSPLAN = "aktionsplan-inklusion"
HANDLUNGSKONZEPT = "ihko-berg-und-talachse"

PLAENE = [
    {
        "slug": AKTIONSPLAN,
        "name": "Aktionsplan Inklusion der Kupferstadt Stolberg",
        "kurzname": "Aktionsplan Inklusion",
        "art": Plan.Art.AKTIONSPLAN,
        "ziel": (
            "Inklusion praktisch erlebbar machen; Förderung des inklusiven, "
            "generationenübergreifenden und interkulturellen Miteinanders."
        ),
        "beschreibung": (
            "24 Projektskizzen als Grundlage zur Umsetzung der Maßnahmen; Teil der "
            f"strategischen Sozialplanung „Soziale Kupferstadt 2030“. {DEMO}"
        ),
        "gesamtstaedtisch": True,
        "raeume": [],
        "foerderkontext": "",
        "beginn": datetime.date(2018, 1, 1),
        "ende": datetime.date(2030, 12, 31),
        "beschluss_datum": datetime.date(2018, 6, 19),
        "beschluss_gremium": "Ausschuss für Soziales, Generationen und Inklusion",
        # Leichte Sprache (issue 11, point 2), written for the demo after the plan's aim; the
        # Handlungskonzept has none, so its page shows the gap.
        "text_leichte_sprache": (
            "Das ist der Aktions-Plan Inklusion von Stolberg.\n"
            "Inklusion heißt: Alle Menschen können überall mitmachen.\n"
            "Auch Menschen mit Behinderung.\n"
            "Auch alte Menschen und junge Menschen.\n"
            "Auch Menschen aus anderen Ländern.\n"
            "Im Plan stehen 24 Maßnahmen.\n"
            "Eine Maßnahme ist eine Aufgabe.\n"
            "Die Stadt arbeitet an diesen Aufgaben.\n"
            "Viele Menschen und Vereine helfen mit."
        ),
        "fortschreibungen": [
            (
                1,
                datetime.date(2018, 6, 19),
                "Ausschuss für Soziales, Generationen und Inklusion",
                f"Erstfassung mit 24 Projektskizzen. {DEMO}",
            ),
            (
                2,
                datetime.date(2023, 5, 9),
                "Ausschuss für Soziales, Generationen und Inklusion",
                "Erste Fortschreibung: Projektskizzen 20–24 ergänzt, Zeitpläne nach der "
                f"Pandemie angepasst, Indikatorenset für das Monitoring beschlossen. {DEMO}",
            ),
        ],
    },
    {
        "slug": HANDLUNGSKONZEPT,
        "name": (
            "Integriertes Handlungskonzept „Berg- und Talachse – miteinander für Münsterbusch, "
            "Unter- und Oberstolberg“"
        ),
        "kurzname": "IHKo Berg- und Talachse",
        "art": Plan.Art.HANDLUNGSKONZEPT,
        "ziel": (
            "Städtebauliche Aufwertung & Überwindung prekärer Lebenslagen (Verzahnung von "
            "Sozialplanung und Städtebau); Zugang zu Förderprogrammen von Bund, Land und EU."
        ),
        "beschreibung": f"Fokussiert auf drei Stadtteile entlang der Berg- und Talachse. {DEMO}",
        "gesamtstaedtisch": False,
        "raeume": ["muensterbusch", "unterstolberg", "oberstolberg"],
        "foerderkontext": "Aufruf „Starke Quartiere, starke Menschen“",
        "beginn": datetime.date(2018, 7, 1),
        "ende": datetime.date(2027, 12, 31),
        "beschluss_datum": datetime.date(2018, 3, 20),
        "beschluss_gremium": "Rat der Kupferstadt Stolberg",
        "fortschreibungen": [
            (
                1,
                datetime.date(2018, 3, 20),
                "Rat der Kupferstadt Stolberg",
                f"Beschluss des Handlungskonzepts zur Bewerbung im Förderaufruf. {DEMO}",
            ),
        ],
    },
]


@dataclass
class Rahmen:
    leitbild: Leitbild
    themen: dict[str, Thema] = field(default_factory=dict)
    raeume: dict[str, Raum] = field(default_factory=dict)
    zielgruppen: dict[str, Zielgruppe] = field(default_factory=dict)
    plaene: dict[str, Plan] = field(default_factory=dict)

    @property
    def kommune(self) -> Raum:
        return self.raeume[KOMMUNE[0]]

    def sozialraeume(self) -> list[Raum]:
        return [self.raeume[slug] for slug, _name, _ew in SOZIALRAEUME]


def rahmen_laden(lader: Lader) -> Rahmen:
    """The frame; the region and the Kommune first, so that the Leitbild is Stolberg's."""
    region_slug, region_name, _region_ew = REGION
    region = lader.sichern(
        Raum,
        schluessel={"slug": region_slug},
        werte={
            "name": region_name,
            "ebene": Raum.Ebene.REGION,
            "uebergeordnet": None,
            "beschreibung": f"10 Kommunen, 93 Sozialräume. {DEMO}",
        },
    )
    kommune = lader.sichern(
        Raum,
        schluessel={"slug": KOMMUNE[0]},
        werte={
            "name": KOMMUNE[1],
            "ebene": Raum.Ebene.KOMMUNE,
            # Amtlicher Gemeindeschlüssel of Stolberg (Rhld.), Statistisches Bundesamt
            # (/work/shared/data/staedteregion-aachen-kommunen.csv).
            "amtlicher_schluessel": "05334032",
            "uebergeordnet": region,
            "beschreibung": f"17 Sozialräume nach dem Sozialbericht 2016. {DEMO}",
        },
    )
    leitbild = lader.sichern(
        Leitbild,
        schluessel={"name": LEITBILD["name"]},
        # Stolberg's own (before the region demo it was shared by saving it before the
        # Kommune existed; a second run sets it).
        werte={**{k: v for k, v in LEITBILD.items() if k != "name"}, "kommune": kommune},
    )
    rahmen = Rahmen(leitbild=leitbild)
    rahmen.raeume[region_slug] = region
    rahmen.raeume[KOMMUNE[0]] = kommune
    for reihenfolge, (slug, name) in enumerate(THEMEN, start=1):
        rahmen.themen[slug] = lader.sichern(
            Thema,
            schluessel={"slug": slug},
            werte={
                "leitbild": leitbild,
                "name": name,
                "reihenfolge": reihenfolge,
                "text_leichte_sprache": THEMEN_LEICHTE_SPRACHE[slug],
            },
        )

    for nummer, (slug, name, _einwohner) in enumerate(SOZIALRAEUME, start=1):
        rahmen.raeume[slug] = lader.sichern(
            Raum,
            schluessel={"slug": slug},
            werte={
                "name": name,
                "ebene": Raum.Ebene.SOZIALRAUM,
                "uebergeordnet": kommune,
                "schluessel": f"SR-{nummer:02d}",
            },
        )
    for slug, name, _einwohner, sozialraum in VIERTEL:
        rahmen.raeume[slug] = lader.sichern(
            Raum,
            schluessel={"slug": slug},
            werte={
                "name": name,
                "ebene": Raum.Ebene.VIERTEL,
                "uebergeordnet": rahmen.raeume[sozialraum],
                "beschreibung": f"Viertel im Gebiet des Handlungskonzepts. {DEMO}",
            },
        )

    for reihenfolge, name in enumerate(ZIELGRUPPEN, start=1):
        rahmen.zielgruppen[name] = lader.sichern(
            Zielgruppe, schluessel={"name": name}, werte={"reihenfolge": reihenfolge}
        )

    for daten in PLAENE:
        werte = {k: v for k, v in daten.items() if k not in ("slug", "raeume", "fortschreibungen")}
        plan = lader.sichern(
            Plan,
            schluessel={"slug": daten["slug"]},
            werte={**werte, "leitbild": leitbild, "kommune": rahmen.kommune},
            m2m={"raeume": [rahmen.raeume[slug] for slug in daten["raeume"]]},
        )
        for nummer, datum, gremium, aenderungen in daten["fortschreibungen"]:
            lader.sichern(
                Fortschreibung,
                schluessel={"plan": plan, "nummer": nummer},
                werte={
                    "beschluss_datum": datum,
                    "beschluss_gremium": gremium,
                    "aenderungen": aenderungen,
                },
            )
        rahmen.plaene[daten["slug"]] = plan
    return rahmen
