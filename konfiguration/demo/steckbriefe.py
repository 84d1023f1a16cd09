"""Indicator profiles (Indikatorensteckbriefe) and the ratings of the qualitative indicators.

All of it is Demodaten: the publication lags are typical of the named statistics (the
Schwerbehindertenstatistik of the state statistical offices appears mid-year, the BA's annual
figures within a quarter), the ratings and their occasions are invented for the demo.
"""

from __future__ import annotations

import datetime

from monitoring.models import (
    Bewertergruppe,
    Bewertungsstufe,
    Einschaetzung,
    Erkenntnis,
    Indikator,
    Lizenz,
)

from .rahmen import DEMO
from .sichern import Lader

T = Indikator.Typ

# Publication lag in months per data source (Datenquelle.veroeffentlichungsverzug_monate).
VERZUG = {
    "schwerbehinderte": 6,
    "arbeitsmarkt": 3,
    "einschulung": 4,
    "eingliederungshilfe": 6,
    "kita": 3,
    "schulstatistik": 5,
    "wfbm": 4,
    "haltestellen": 1,
    "teilnahme": 1,
    "sport": 2,
}

# name: (type after OHCHR, calculation, quality notes, known limits, licence or "" = default)
PROFILE: dict[str, tuple[str, str, str, str, str]] = {
    "Menschen mit Schwerbehinderung": (
        T.ERGEBNIS,
        "Zahl der Menschen mit gültigem Schwerbehindertenausweis (GdB ab 50) mit Wohnsitz im "
        "Sozialraum, Stichtag 31.12.",
        "Zuordnung zum Sozialraum über die Meldeadresse; Kleinstzahlen werden geschützt.",
        "Menschen ohne Antrag auf Feststellung fehlen; der Ausweis sagt nichts über Barrieren.",
        "",
    ),
    "Anteil der Menschen mit Schwerbehinderung an der Bevölkerung": (
        T.ERGEBNIS,
        "Menschen mit Schwerbehinderung ÷ Einwohnerinnen und Einwohner × 100, je Sozialraum.",
        "Zähler und Nenner zum selben Stichtag.",
        "Wie beim Zähler: nur festgestellte Schwerbehinderung.",
        Lizenz.DL_DE_ZERO_2_0,
    ),
    "Arbeitslose Menschen mit Schwerbehinderung": (
        T.ERGEBNIS,
        "Jahresdurchschnitt der monatlichen Bestände arbeitslos gemeldeter schwerbehinderter "
        "Menschen nach SGB II und III.",
        "Sonderauswertung der Statistik der Bundesagentur für Arbeit; Werte unter 3 anonymisiert.",
        "Nicht gemeldete Arbeitsuchende und Beschäftigte in Werkstätten fehlen.",
        Lizenz.DL_DE_BY_2_0,
    ),
    "Anteil barrierefrei ausgebauter Bushaltestellen": (
        T.STRUKTUR,
        "Barrierefrei ausgebaute Haltestellen (Hochbord, Leitsystem) ÷ alle Haltestellen × 100.",
        "Erhebung des Tiefbauamts bei Umbau; Bestand jährlich abgeglichen.",
        "Sagt nichts über die Erreichbarkeit der Haltestellen auf dem Gehweg.",
        Lizenz.CC_BY_4_0,
    ),
    "Teilnehmende mit Behinderung an Beteiligungsformaten": (
        T.PROZESS,
        "Summe der Teilnehmenden mit Behinderung über alle Beteiligungsformate des Jahres.",
        "Selbstauskunft auf Teilnahmelisten; nicht alle Formate erfassen sie.",
        "Mehrfache Teilnahme derselben Person wird mehrfach gezählt.",
        Lizenz.CC0_1_0,
    ),
    "Erlebte Barrierefreiheit im Alltag": (
        T.ERGEBNIS,
        "Einschätzung je Gruppe auf einer fünfstufigen Skala, begründet mit Erkenntnissen aus "
        "Begegnungstagen, Befragungen und Begehungen.",
        "Die Einschätzungen der Gruppen werden nebeneinander gezeigt, nie gemittelt.",
        "Qualitativ; keine Stichprobe, keine Aussage für einzelne Sozialräume.",
        "",
    ),
    "Beteiligungskultur in Gremien": (
        T.PROZESS,
        "Einschätzung je Gruppe auf einer fünfstufigen Skala: Wie früh und wirksam werden "
        "Menschen mit Behinderungen in Ausschüssen beteiligt?",
        "Die Verwaltung und der Behindertenbeirat schätzen getrennt ein; beide Sichten stehen "
        "nebeneinander.",
        "Beruht auf den Sitzungen des Jahres; wechselnde Besetzung des Beirats.",
        "",
    ),
}

SKALA = [
    (1, "nicht erreicht", "Keine erkennbare Umsetzung."),
    (2, "kaum erreicht", "Erste Ansätze, im Alltag kaum spürbar."),
    (3, "teilweise erreicht", "Spürbare Fortschritte, aber große Lücken."),
    (4, "weitgehend erreicht", "Im Alltag meist umgesetzt, einzelne Lücken."),
    (5, "erreicht", "Selbstverständlich umgesetzt."),
]

# (indicator, year, group, step, occasion, date, reasons, finding titles as evidence)
EINSCHAETZUNGEN = [
    (
        "Beteiligungskultur in Gremien",
        2024,
        "Verwaltung",
        3,
        "Jahresgespräch der Inklusionskoordination am 28.11.2024",
        datetime.date(2024, 11, 28),
        "Der Beirat wird zu allen Vorlagen mit Bezug zur Inklusion gehört; die Fristen sind aber "
        "oft kurz.",
        (),
    ),
    (
        "Beteiligungskultur in Gremien",
        2024,
        "Behindertenbeirat",
        2,
        "Sitzung des Behindertenbeirats am 05.12.2024",
        datetime.date(2024, 12, 5),
        "Vorlagen kommen meist erst nach der Entscheidung in der Verwaltung; eine Mitwirkung am "
        "Entwurf findet selten statt.",
        ("Einfache Sprache wird überall gebraucht",),
    ),
    (
        "Beteiligungskultur in Gremien",
        2025,
        "Verwaltung",
        4,
        "Jahresgespräch der Inklusionskoordination am 20.11.2025",
        datetime.date(2025, 11, 20),
        "Seit 2025 erhält der Beirat Vorlagen vier Wochen vor der Ausschusssitzung, dazu eine "
        "Fassung in Einfacher Sprache.",
        (),
    ),
    (
        "Beteiligungskultur in Gremien",
        2025,
        "Behindertenbeirat",
        3,
        "Sitzung des Behindertenbeirats am 04.12.2025",
        datetime.date(2025, 12, 4),
        "Die längeren Fristen helfen. Ob unsere Hinweise die Beschlüsse ändern, ist aber selten "
        "zu erkennen; eine Rückmeldung fehlt.",
        ("Einfache Sprache wird überall gebraucht",),
    ),
    (
        "Erlebte Barrierefreiheit im Alltag",
        2025,
        "Verwaltung",
        3,
        "Auswertung der Begehungen durch das Tiefbauamt am 15.10.2025",
        datetime.date(2025, 10, 15),
        "Mehrere Haltestellen und Querungen wurden umgebaut; in den südlichen Ortsteilen bleibt "
        "viel zu tun.",
        ("Stolperfallen in der Talachse",),
    ),
    (
        "Erlebte Barrierefreiheit im Alltag",
        2025,
        "Selbstvertretung",
        2,
        "Forum der Selbsthilfegruppen am 08.11.2025",
        datetime.date(2025, 11, 8),
        "Im Alltag beginnen die Barrieren vor der Haustür: Bordsteine, Gehwege, seltene Busse.",
        ("Barrieren beginnen oft vor der Haustür", "Wege zur Arztpraxis sind für Ältere zu weit"),
    ),
]


def profil_werte(name: str) -> dict:
    """The profile fields of a demo indicator (empty where it has none)."""
    if name not in PROFILE:
        return {}
    typ, berechnung, qualitaet, grenzen, lizenz = PROFILE[name]
    return {
        "typ": typ,
        "berechnung": berechnung,
        "qualitaetshinweise": qualitaet,
        "grenzen": grenzen,
        "lizenz": lizenz,
    }


def einschaetzungen_laden(lader: Lader, *, indikatoren: dict[str, Indikator], benutzer: dict):
    """The five-step scale of each qualitative indicator and its ratings by group, entered by
    the Redaktion (through the same write as the staff page: aktionsplan.sperre.speichern)."""
    # Reference data every installation starts with (migration monitoring 0008).
    gruppen = {
        name: lader.sichern(Bewertergruppe, schluessel={"name": name})
        for name in {eintrag[2] for eintrag in EINSCHAETZUNGEN}
    }
    stufen: dict[tuple[str, int], Bewertungsstufe] = {}
    for name, indikator in indikatoren.items():
        if indikator.art != Indikator.Art.QUALITATIV:
            continue
        for stufe, bezeichnung, beschreibung in SKALA:
            stufen[(name, stufe)] = lader.sichern(
                Bewertungsstufe,
                schluessel={"indikator": indikator, "stufe": stufe},
                werte={"name": bezeichnung, "beschreibung": beschreibung},
            )
    erkenntnisse = {e.titel: e for e in Erkenntnis.objects.all()}
    for name, jahr, gruppe, stufe, anlass, datum, text, belege in EINSCHAETZUNGEN:
        lader.sichern(
            Einschaetzung,
            schluessel={"indikator": indikatoren[name], "jahr": jahr, "gruppe": gruppen[gruppe]},
            werte={
                "stufe": stufen[(name, stufe)],
                "anlass": anlass,
                "datum": datum,
                "text": f"{text} {DEMO}",
                "erfasst_von": benutzer["redaktion"],
            },
            m2m={"erkenntnisse": [erkenntnisse[t] for t in belege]},
        )
