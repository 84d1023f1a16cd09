"""Actors, their (fictitious) contact persons and the data sources they supply."""

import datetime

from akteure.models import Akteur, Akteurstyp, Ansprechperson, Datenquelle
from aktionsplan.models import Raum

from .rahmen import DEMO, Rahmen
from .sichern import Lader
from .steckbriefe import VERZUG

AKTEURSTYPEN = [
    "Versorgungsamt",
    "Gesundheitsamt",
    "Bundesagentur für Arbeit",
    "Werkstatt für behinderte Menschen (WfbM)",
    "Landschaftsverband Rheinland (Eingliederungshilfe)",
    "Kita",
    "Grundschule",
    "weiterführende Schule",
    "Förderschule",
    "Freie Wohlfahrt",
    "sozialer Träger",
    "Selbsthilfe und Selbstvertretung",
    "Sportverein",
    "Kulturverein",
    "Politik",
    "Unternehmen",
    "Kommunalverwaltung",
]

K = Akteur.Ebene.KOMMUNAL
SR = Akteur.Ebene.STAEDTEREGION
LAND = Akteur.Ebene.LAND
BUND = Akteur.Ebene.BUND

# key: (name, kurzname, typ, ebene, beschreibung, räume)
AKTEURE = {
    "inklusion": (
        "Amt für Soziales – 50.4 Inklusion und Sozialplanung",
        "50.4",
        "Kommunalverwaltung",
        K,
        "Abteilung mit der Stelle des Inklusionsbeauftragten; koordiniert den Aktionsplan.",
        (),
    ),
    "tiefbau": (
        "Amt für Tiefbau und Verkehr (Demo)",
        "Tiefbau",
        "Kommunalverwaltung",
        K,
        "Baulastträger für Straßen, Wege und Haltestellen.",
        (),
    ),
    "schulamt": (
        "Amt für Schule, Sport und Kultur (Demo)",
        "Schule/Sport/Kultur",
        "Kommunalverwaltung",
        K,
        "Schulträger; führt die kommunale Schulstatistik.",
        (),
    ),
    "versorgungsamt": (
        "Versorgungsamt der StädteRegion Aachen",
        "Versorgungsamt",
        "Versorgungsamt",
        SR,
        "Feststellung der Schwerbehinderung, Schwerbehindertenausweis.",
        (),
    ),
    "gesundheitsamt": (
        "Gesundheitsamt der StädteRegion Aachen",
        "Gesundheitsamt",
        "Gesundheitsamt",
        SR,
        "Schuleingangsuntersuchungen, Gesundheitsberichterstattung.",
        (),
    ),
    "ba": (
        "Agentur für Arbeit Aachen-Düren",
        "BA",
        "Bundesagentur für Arbeit",
        BUND,
        "Sozialräumliche Arbeitsmarktdaten zu arbeitslosen Menschen mit Schwerbehinderung.",
        (),
    ),
    "lvr": (
        "Landschaftsverband Rheinland",
        "LVR",
        "Landschaftsverband Rheinland (Eingliederungshilfe)",
        LAND,
        "Träger der Eingliederungshilfe; fördert die Inklusion in Kitas.",
        (),
    ),
    "wfbm": (
        "Werkstatt für Menschen mit Behinderung (Demo)",
        "WfbM",
        "Werkstatt für behinderte Menschen (WfbM)",
        SR,
        "Werkstatt mit Betriebsstätten in Stolberg und Eschweiler.",
        ("atsch",),
    ),
    "kita": (
        "Kita Regenbogen (Demo)",
        "",
        "Kita",
        K,
        "Inklusiv arbeitende Kindertageseinrichtung.",
        ("donnerberg",),
    ),
    "grundschule": (
        "Grundschule am Vichtbach (Demo)",
        "",
        "Grundschule",
        K,
        "Schule des Gemeinsamen Lernens.",
        ("unterstolberg",),
    ),
    "gesamtschule": (
        "Gesamtschule (Demo)",
        "",
        "weiterführende Schule",
        K,
        "Schule des Gemeinsamen Lernens mit Theater-AG.",
        ("buesbach",),
    ),
    "foerderschule": (
        "Förderschule (Demo)",
        "",
        "Förderschule",
        SR,
        "Förderschule mit dem Schwerpunkt geistige Entwicklung.",
        ("muensterbusch",),
    ),
    "caritas": (
        "Caritasverband (Demo)",
        "Caritas",
        "Freie Wohlfahrt",
        SR,
        "Beratungs- und Unterstützungsangebote, Familienhilfe.",
        (),
    ),
    "diakonie": ("Diakonie (Demo)", "Diakonie", "Freie Wohlfahrt", SR, "Seniorenarbeit.", ()),
    "awo": (
        "AWO-Ortsverein (Demo)",
        "AWO",
        "Freie Wohlfahrt",
        K,
        "Begegnungsstätte und Ferienangebote.",
        ("muensterbusch",),
    ),
    "lebenshilfe": (
        "Lebenshilfe (Demo)",
        "Lebenshilfe",
        "Freie Wohlfahrt",
        SR,
        "Freizeit, Bildung und Wohnen für Menschen mit geistiger Behinderung.",
        (),
    ),
    "quartier": (
        "Quartiersmanagement Berg- und Talachse (Demo)",
        "Quartiersbüro",
        "sozialer Träger",
        K,
        "Quartiersbüro im Gebiet des Handlungskonzepts.",
        ("muensterbusch", "unterstolberg", "oberstolberg"),
    ),
    "bildungswerk": (
        "Bildungswerk (Demo)",
        "",
        "sozialer Träger",
        SR,
        "Erwachsenenbildung, Kurse in einfacher Sprache.",
        (),
    ),
    "selbsthilfe": (
        "Selbsthilfenetzwerk Stolberg (Demo)",
        "",
        "Selbsthilfe und Selbstvertretung",
        K,
        "Zusammenschluss von Selbsthilfegruppen und Selbstvertretungen.",
        (),
    ),
    "beirat": (
        "Inklusionsbeirat der Kupferstadt Stolberg",
        "Inklusionsbeirat",
        "Politik",
        K,
        "Berät Rat und Verwaltung; Mitglieder überwiegend Menschen mit Behinderung.",
        (),
    ),
    "ausschuss": (
        "Ausschuss für Soziales, Generationen und Inklusion",
        "Sozialausschuss",
        "Politik",
        K,
        "Fachausschuss des Rates; beschließt den Aktionsplan und nimmt den Bericht entgegen.",
        (),
    ),
    "stadtsportverband": (
        "Stadtsportverband (Demo)",
        "",
        "Sportverein",
        K,
        "Dachverband der Sportvereine.",
        (),
    ),
    "sportverein": (
        "TuS Beispiel 1900 (Demo)",
        "",
        "Sportverein",
        K,
        "Verein mit inklusiver Fußballgruppe.",
        ("breinig",),
    ),
    "kulturverein": (
        "Kulturverein Kupferstadt (Demo)",
        "",
        "Kulturverein",
        K,
        "Ausstellungen, Theater, interkulturelle Feste.",
        ("oberstolberg",),
    ),
    "unternehmen": (
        "Metallwerk Beispiel GmbH (Demo)",
        "",
        "Unternehmen",
        K,
        "Arbeitgeber mit Außenarbeitsplätzen der WfbM.",
        ("atsch",),
    ),
}

# akteur key: (name, funktion, e-mail, telefon, bestätigt am) — all fictitious.
ANSPRECHPERSONEN = [
    (
        "inklusion",
        "Erika Musterfrau",
        "Inklusionsbeauftragte (Demo)",
        "erika.musterfrau@example.org",
        "0000 000-001",
        datetime.date(2026, 2, 2),
    ),
    (
        "versorgungsamt",
        "Max Mustermann",
        "Sachgebiet Statistik",
        "max.mustermann@example.org",
        "",
        datetime.date(2025, 11, 3),
    ),
    (
        "ba",
        "Jana Beispiel",
        "Arbeitsmarktstatistik",
        "jana.beispiel@example.org",
        "",
        datetime.date(2024, 3, 18),
    ),
    (
        "gesundheitsamt",
        "Dr. Hanna Platzhalter",
        "Kinder- und Jugendgesundheitsdienst",
        "hanna.platzhalter@example.org",
        "",
        datetime.date(2026, 1, 12),
    ),
    (
        "lvr",
        "Klaus Exempel",
        "Fachbereich Eingliederungshilfe",
        "klaus.exempel@example.org",
        "",
        datetime.date(2023, 9, 25),
    ),
    (
        "lebenshilfe",
        "Sabine Muster",
        "Freizeitbereich",
        "sabine.muster@example.org",
        "0000 000-002",
        datetime.date(2026, 6, 1),
    ),
    (
        "beirat",
        "Jonas Vorbild",
        "Vorsitz (Demo)",
        "jonas.vorbild@example.org",
        "",
        datetime.date(2025, 12, 8),
    ),
    (
        "quartier",
        "Leyla Beispiel",
        "Quartiersmanagerin",
        "leyla.beispiel@example.org",
        "0000 000-003",
        datetime.date(2026, 4, 20),
    ),
]

R = Datenquelle.Rhythmus
V = Datenquelle.Vertraulichkeit
E = Raum.Ebene

# key: (name, akteur, beschreibung, ebene, rhythmus, format, vertraulichkeit, regel)
DATENQUELLEN = {
    "schwerbehinderte": (
        "Schwerbehindertenstatistik",
        "versorgungsamt",
        "Menschen mit gültigem Schwerbehindertenausweis (GdB ab 50) nach Wohnort, Stichtag 31.12.",
        E.SOZIALRAUM,
        R.JAEHRLICH,
        "XLSX",
        V.INTERN,
        "Fallzahlen unter 3 werden nicht veröffentlicht.",
    ),
    "arbeitsmarkt": (
        "Arbeitsmarktdaten zu arbeitslosen Menschen mit Schwerbehinderung",
        "ba",
        "Sozialräumliche Sonderauswertung der Statistik der Bundesagentur für Arbeit.",
        E.SOZIALRAUM,
        R.MONATLICH,
        "CSV",
        V.VERTRAULICH,
        "BA: Werte unter 3 werden anonymisiert.",
    ),
    "einschulung": (
        "Einschulungsuntersuchungen",
        "gesundheitsamt",
        "Schuleingangsuntersuchungen mit Befunden zu Förderbedarf und Entwicklung.",
        E.SOZIALRAUM,
        R.JAEHRLICH,
        "PDF und XLSX",
        V.VERTRAULICH,
        "Fallzahlen unter 5 werden nicht veröffentlicht.",
    ),
    "eingliederungshilfe": (
        "Eingliederungshilfe-Statistik",
        "lvr",
        "Leistungsberechtigte der Eingliederungshilfe nach Wohnform und Wohnort.",
        E.SOZIALRAUM,
        R.JAEHRLICH,
        "XLSX",
        V.INTERN,
        "Fallzahlen unter 3 werden nicht veröffentlicht.",
    ),
    "kita": (
        "Kita-Inklusion (LVR-Inklusionspauschale)",
        "lvr",
        "Kinder mit (drohender) Behinderung in Kindertageseinrichtungen, nach Standort.",
        E.SOZIALRAUM,
        R.JAEHRLICH,
        "XLSX",
        V.INTERN,
        "Fallzahlen unter 3 werden nicht veröffentlicht.",
    ),
    "schulstatistik": (
        "Schulstatistik sonderpädagogischer Förderbedarf",
        "schulamt",
        "Schülerinnen und Schüler mit Förderbedarf nach Förderort (Gemeinsames Lernen, "
        "Förderschule).",
        E.KOMMUNE,
        R.JAEHRLICH,
        "XLSX",
        V.INTERN,
        "",
    ),
    "wfbm": (
        "Beschäftigtenzahlen der Werkstatt",
        "wfbm",
        "Beschäftigte im Arbeitsbereich mit Wohnort Stolberg, Stichtag 31.12.",
        E.KOMMUNE,
        R.JAEHRLICH,
        "E-Mail-Meldung",
        V.INTERN,
        "",
    ),
    "haltestellen": (
        "Haltestellenkataster",
        "tiefbau",
        "Ausbauzustand der Bushaltestellen (Bordhöhe, Leitsystem).",
        E.KOMMUNE,
        R.JAEHRLICH,
        "GIS-Export (CSV)",
        V.OEFFENTLICH,
        "",
    ),
    "teilnahme": (
        "Teilnahmelisten der Beteiligungsformate",
        "inklusion",
        "Eigene Zählung bei Veranstaltungen, freiwillige Angabe einer Behinderung.",
        E.KOMMUNE,
        R.UNREGELMAESSIG,
        "Formular",
        V.INTERN,
        "Nur Summen je Veranstaltung; keine Namen.",
    ),
    "sport": (
        "Vereinsabfrage inklusiver Sport",
        "stadtsportverband",
        "Jährliche Abfrage bei den Mitgliedsvereinen zu Teilnehmenden mit Behinderung.",
        E.KOMMUNE,
        R.JAEHRLICH,
        "Fragebogen",
        V.INTERN,
        "",
    ),
}


def akteure_laden(lader: Lader, rahmen: Rahmen) -> tuple[dict[str, Akteur], dict[str, Datenquelle]]:
    typen = {
        name: lader.sichern(Akteurstyp, schluessel={"name": name}, werte={"reihenfolge": nr})
        for nr, name in enumerate(AKTEURSTYPEN, start=1)
    }
    akteure = {}
    for key, (name, kurzname, typ, ebene, beschreibung, raeume) in AKTEURE.items():
        akteure[key] = lader.sichern(
            Akteur,
            schluessel={"name": name},
            werte={
                "kurzname": kurzname,
                "typ": typen[typ],
                "ebene": ebene,
                "beschreibung": f"{beschreibung} {DEMO}",
                "aktiv": True,
            },
            m2m={"raeume": [rahmen.raeume[slug] for slug in raeume]},
        )
    for key, name, funktion, email, telefon, bestaetigt_am in ANSPRECHPERSONEN:
        lader.sichern(
            Ansprechperson,
            schluessel={"akteur": akteure[key], "name": name},
            werte={
                "funktion": funktion,
                "email": email,
                "telefon": telefon,
                "bestaetigt_am": bestaetigt_am,
            },
        )
    datenquellen = {}
    for key, (
        name,
        akteur,
        beschreibung,
        ebene,
        rhythmus,
        fmt,
        vertr,
        regel,
    ) in DATENQUELLEN.items():
        datenquellen[key] = lader.sichern(
            Datenquelle,
            schluessel={"name": name},
            werte={
                "akteur": akteure[akteur],
                "beschreibung": f"{beschreibung} {DEMO}",
                "raeumliche_ebene": ebene,
                "rhythmus": rhythmus,
                "format": fmt,
                "vertraulichkeit": vertr,
                "vertraulichkeitsregel": regel,
                "veroeffentlichungsverzug_monate": VERZUG.get(key, 0),
            },
        )
    return akteure, datenquellen
