"""The 24 Projektskizzen of the Aktionsplan Inklusion, numbers 1–12 (13–24 in the next module).

Titles 1–6 are the project examples named in the talk „Inklusiv planen“; most others follow public
press reports. Descriptions, dates, costs and reports are illustrative (Demodaten).
"""

from . import massnahmen_aktionsplan_13_24
from .typen import (
    ALLE,
    ALT,
    ARB,
    BIL,
    FAM,
    FAMILIEN,
    FK,
    INK,
    KJ,
    MIG,
    MMB,
    VIE,
    A,
    Bericht,
    Etappe,
    F,
    Foerderung,
    Massnahme,
    Q,
    Rolle,
    S,
    d,
)

MASSNAHMEN = [
    Massnahme(
        nummer=1,
        titel="Begegnungstag Inklusion",
        kurzbeschreibung="Jährlicher Aktionstag in der Innenstadt, an dem Vereine, Schulen, "
        "Werkstätten und Selbsthilfegruppen zum Mitmachen einladen.",
        ziele="Begegnung von Menschen mit und ohne Behinderung; Bewusstsein schaffen; "
        "Angebote sichtbar machen.",
        thema=INK,
        weitere_themen=(VIE,),
        zielgruppen=(MMB, ALLE, FAMILIEN),
        artikel=(8, 30),
        partner=(
            ("lebenshilfe", Rolle.PARTNER, "Programm und Helfende"),
            ("wfbm", Rolle.PARTNER, "Stände und Mitmachaktionen"),
            ("selbsthilfe", Rolle.BERATEND, "Barrierefreiheit der Veranstaltung"),
        ),
        beginn=d(2017, 1, 1),
        kosten="15000",
        finanzierungen=(
            Foerderung(Q.EIGENMITTEL, "Haushalt Amt für Soziales", "9000", F.BEWILLIGT),
            Foerderung(
                Q.STIFTUNG,
                "Aktion Mensch – Förderprogramm Inklusion (Demo)",
                "6000",
                F.BEWILLIGT,
                d(2022, 2, 1),
                d(2022, 4, 12),
            ),
        ),
        beteiligung="Der Inklusionsbeirat plant mit; Menschen mit Behinderung gestalten "
        "Stände und moderieren die Bühne.",
        prioritaet="hoch",
        veroeffentlicht=True,
        leichte_sprache=(
            "Einmal im Jahr gibt es den Begegnungs-Tag.\n"
            "Viele Menschen treffen sich in der Stadt.\n"
            "Menschen mit Behinderung und Menschen ohne Behinderung.\n"
            "Junge und alte Menschen.\n"
            "Vereine zeigen, was sie machen.\n"
            "Alle können mitmachen.\n"
            "Der Eintritt kostet nichts."
        ),
        sachstaende=(
            Bericht(d(2018, 3, 15), S.IN_PLANUNG, A.IM_PLAN, 10, "Termin und Ort abgestimmt."),
            Bericht(
                d(2018, 9, 20),
                S.IN_UMSETZUNG,
                A.IM_PLAN,
                60,
                "Zweiter Begegnungstag mit über 40 Ständen durchgeführt.",
            ),
            Bericht(
                d(2019, 10, 1), S.UMGESETZT, A.IM_PLAN, 100, "Format ausgewertet, gute Resonanz."
            ),
            Bericht(
                d(2022, 6, 30),
                S.VERSTETIGT,
                A.IM_PLAN,
                100,
                "Fester Haushaltsansatz; Begegnungstag findet jährlich statt.",
                "datenpflege",
            ),
            Bericht(
                d(2026, 9, 28),
                S.VERSTETIGT,
                A.IM_PLAN,
                100,
                "Begegnungstag 2026 mit rund "
                "450 Gästen; erstmals mit Gebärdensprachdolmetschung auf der Bühne.",
            ),
        ),
        meilensteine=(
            Etappe("Begegnungstag 2025 durchgeführt", d(2025, 9, 13), d(2025, 9, 13)),
            Etappe("Begegnungstag 2026 durchgeführt", d(2026, 9, 12), d(2026, 9, 12)),
            Etappe("Begegnungstag 2027: Termin und Ort festgelegt", d(2027, 3, 31)),
        ),
    ),
    Massnahme(
        nummer=2,
        titel="Entwicklung Fundraising- und Förderstrategie",
        kurzbeschreibung="Systematische Suche nach Förderprogrammen von Bund, Land, EU und "
        "Stiftungen für die Projektskizzen des Aktionsplans.",
        ziele="Finanzierung der Maßnahmen sichern; Förderdatenbank aufbauen; Anträge bündeln.",
        thema=INK,
        zielgruppen=(FK,),
        artikel=(4, 32),
        partner=(("caritas", Rolle.BERATEND, "Erfahrungen mit Stiftungsanträgen"),),
        beginn=d(2018, 5, 1),
        ende=d(2027, 12, 31),
        kosten="5000",
        beteiligung="Rückmeldungen des Inklusionsbeirats zur Prioritätensetzung.",
        prioritaet="hoch",
        verantwortlich="datenpflege",
        sachstaende=(
            Bericht(d(2018, 5, 14), S.IN_PLANUNG, A.IM_PLAN, 10, "Konzept abgestimmt."),
            Bericht(
                d(2020, 2, 3),
                S.IN_UMSETZUNG,
                A.GEFAEHRDET,
                35,
                "Förderdatenbank im Aufbau; Personalengpass.",
            ),
            Bericht(
                d(2026, 6, 15),
                S.IN_UMSETZUNG,
                A.GEFAEHRDET,
                55,
                "Strategiepapier im Entwurf; Vorlage an den Ausschuss verschoben.",
            ),
        ),
        meilensteine=(
            Etappe("Förderdatenbank eingerichtet", d(2020, 12, 31), d(2021, 2, 10)),
            Etappe("Strategiepapier dem Ausschuss vorgelegt", d(2026, 6, 30)),
        ),
    ),
    Massnahme(
        nummer=3,
        titel="Inklusives Foto-Projekt „miteinander kinderleicht“",
        kurzbeschreibung="Kinder mit und ohne Behinderung fotografieren ihren Alltag in Kita "
        "und Schule; Ausstellung im Rathaus.",
        ziele="Inklusion aus Sicht von Kindern zeigen; Bewusstseinsbildung.",
        thema=FAM,
        weitere_themen=(BIL, INK),
        zielgruppen=(KJ, FAMILIEN),
        artikel=(7, 8, 30),
        federfuehrend="kita",
        partner=(
            ("grundschule", Rolle.PARTNER, "Fotografie-AG"),
            ("kulturverein", Rolle.PARTNER, "Ausstellung"),
            ("inklusion", Rolle.BERATEND, "Koordination"),
        ),
        beginn=d(2018, 9, 1),
        ende=d(2019, 12, 31),
        kosten="4200",
        finanzierungen=(
            Foerderung(
                Q.STIFTUNG,
                "Bürgerstiftung (Demo)",
                "3000",
                F.BEWILLIGT,
                d(2018, 9, 10),
                d(2018, 10, 22),
            ),
            Foerderung(Q.EIGENMITTEL, "Kita-Budget", "1200", F.BEWILLIGT),
        ),
        beteiligung="Kinder mit Behinderung wählen ihre Motive selbst aus.",
        veroeffentlicht=True,
        leichte_sprache="Kinder haben Fotos gemacht. Die Fotos zeigen: Wir spielen und lernen "
        "zusammen.",
        sachstaende=(
            Bericht(d(2018, 10, 5), S.IN_PLANUNG, A.IM_PLAN, 15, "Einrichtungen gewonnen."),
            Bericht(d(2019, 4, 2), S.IN_UMSETZUNG, A.IM_PLAN, 50, "Foto-Workshops laufen."),
            Bericht(
                d(2019, 11, 30), S.UMGESETZT, A.IM_PLAN, 100, "Ausstellung mit 60 Bildern eröffnet."
            ),
        ),
        meilensteine=(Etappe("Ausstellung im Rathaus eröffnet", d(2019, 11, 15), d(2019, 11, 15)),),
    ),
    Massnahme(
        nummer=4,
        titel="Teilhabe am Arbeitsleben von Menschen mit Behinderung fördern",
        kurzbeschreibung="Netzwerk aus Arbeitgebern, Agentur für Arbeit, Werkstatt und "
        "Integrationsfachdienst für Praktika und Außenarbeitsplätze.",
        ziele="Mehr Übergänge aus der Werkstatt und der Förderschule auf den allgemeinen "
        "Arbeitsmarkt.",
        thema=ARB,
        zielgruppen=(MMB, FK),
        artikel=(27,),
        partner=(
            ("ba", Rolle.PARTNER, "Arbeitgeberservice"),
            ("wfbm", Rolle.PARTNER, "Außenarbeitsplätze"),
            ("unternehmen", Rolle.PARTNER, "Praktikumsplätze"),
        ),
        beginn=d(2018, 6, 1),
        ende=d(2026, 12, 31),
        kosten="25000",
        finanzierungen=(
            Foerderung(
                Q.LAND,
                "Landesprogramm Teilhabe an Arbeit (Demo)",
                "20000",
                F.ABGELEHNT,
                d(2019, 3, 1),
                d(2019, 7, 15),
            ),
        ),
        beteiligung="Werkstattrat und Beschäftigte der Werkstatt sind in der Steuerungsgruppe.",
        prioritaet="hoch",
        sachstaende=(
            Bericht(d(2018, 6, 18), S.IN_PLANUNG, A.IM_PLAN, 5, "Auftakt mit Arbeitgebern."),
            Bericht(
                d(2020, 5, 11),
                S.IN_PLANUNG,
                A.GEFAEHRDET,
                15,
                "Pandemiebedingt keine Praktika möglich.",
            ),
            Bericht(
                d(2023, 3, 1),
                S.ZURUECKGESTELLT,
                A.KRITISCH,
                20,
                "Zurückgestellt: "
                "Landesförderung abgelehnt, Ansprechperson beim Partner gewechselt; "
                "sozialräumliche Arbeitsmarktdaten fehlen.",
            ),
        ),
        meilensteine=(Etappe("Runder Tisch mit Arbeitgebern", d(2023, 6, 30)),),
    ),
    Massnahme(
        nummer=5,
        titel="Stolberger Generationendialog",
        kurzbeschreibung="Erzählcafés und gemeinsame Projekte von Jung und Alt in den "
        "Sozialräumen.",
        ziele="Austausch zwischen den Generationen; Einsamkeit im Alter vorbeugen.",
        thema=FAM,
        weitere_themen=(VIE,),
        zielgruppen=(ALT, KJ, FAMILIEN),
        artikel=(8, 19),
        raeume=("donnerberg", "mausbach", "breinig"),
        partner=(
            ("diakonie", Rolle.PARTNER, "Seniorenbegegnungsstätten"),
            ("gesamtschule", Rolle.PARTNER, "Schülerinnen und Schüler"),
        ),
        beginn=d(2019, 1, 1),
        ende=d(2027, 6, 30),
        kosten="8000",
        finanzierungen=(
            Foerderung(
                Q.LAND,
                "Landesförderplan Alter und Pflege (Demo)",
                "6000",
                F.BEWILLIGT,
                d(2019, 2, 1),
                d(2019, 5, 2),
            ),
        ),
        beteiligung="Ältere Menschen mit Behinderung aus den Begegnungsstätten bringen Themen ein.",
        veroeffentlicht=True,
        leichte_sprache="Junge und alte Menschen treffen sich. Sie erzählen sich Geschichten.",
        sachstaende=(
            Bericht(d(2019, 1, 21), S.IN_PLANUNG, A.IM_PLAN, 10, "Partner gefunden."),
            Bericht(d(2019, 9, 16), S.IN_UMSETZUNG, A.IM_PLAN, 40, "Erste Erzählcafés."),
            Bericht(
                d(2026, 10, 15),
                S.IN_UMSETZUNG,
                A.IM_PLAN,
                70,
                "Erzählcafés in drei Sozialräumen; Dokumentation in Arbeit.",
            ),
        ),
        meilensteine=(
            Etappe("Erzählcafé in drei Sozialräumen", d(2024, 12, 31), d(2024, 11, 20)),
            Etappe("Dokumentation veröffentlicht", d(2026, 12, 15)),
        ),
    ),
    Massnahme(
        nummer=6,
        titel="„Mehr Partizipation wagen“",
        kurzbeschreibung="Beteiligung von Menschen mit Behinderung an politischen "
        "Entscheidungen stärken: Inklusionsbeirat, barrierefreie Sitzungen, Schulungen.",
        ziele="Mitwirkung in Gremien; barrierefreie Sitzungsunterlagen.",
        thema=VIE,
        weitere_themen=(INK,),
        zielgruppen=(MMB, ALLE),
        artikel=(4, 29),
        partner=(
            ("beirat", Rolle.PARTNER, "Geschäftsordnung"),
            ("ausschuss", Rolle.BERATEND, "Beschlussvorlagen"),
            ("selbsthilfe", Rolle.PARTNER, "Schulungen"),
        ),
        beginn=d(2024, 2, 1),
        ende=d(2027, 12, 31),
        kosten="6000",
        beteiligung="Menschen mit Behinderung leiten die Schulungen als Peer-Trainerinnen und "
        "-Trainer.",
        prioritaet="hoch",
        veroeffentlicht=True,
        leichte_sprache=(
            "Menschen mit Behinderung sollen in der Politik mitreden.\n"
            "Politik heißt hier: Die Stadt entscheidet über wichtige Dinge.\n"
            "Zum Beispiel: Wo kommt ein neuer Spiel-Platz hin?\n"
            "Wir erklären, wie Politik in der Stadt geht.\n"
            "Und wir helfen beim Mitreden."
        ),
        sachstaende=(
            Bericht(
                d(2024, 2, 10), S.IN_PLANUNG, A.IM_PLAN, 10, "Auftakt mit dem Inklusionsbeirat."
            ),
            Bericht(
                d(2026, 8, 20),
                S.IN_PLANUNG,
                A.GEFAEHRDET,
                25,
                "Überarbeitung der Geschäftsordnung verzögert sich.",
            ),
        ),
        meilensteine=(Etappe("Geschäftsordnung Inklusionsbeirat überarbeitet", d(2026, 9, 30)),),
    ),
    Massnahme(
        nummer=7,
        titel="Mitmach-Aktion „Miteinander leben“",
        kurzbeschreibung="Stadtweite Aktionswoche mit Angeboten von Vereinen und Trägern.",
        ziele="Vereine für Inklusion gewinnen; Angebote öffnen.",
        thema=VIE,
        weitere_themen=(INK,),
        zielgruppen=(ALLE,),
        artikel=(8,),
        partner=(("awo", Rolle.PARTNER, "Aktionen"), ("stadtsportverband", Rolle.PARTNER, "")),
        beginn=d(2018, 3, 1),
        ende=d(2018, 12, 31),
        kosten="3000",
        finanzierungen=(Foerderung(Q.EIGENMITTEL, "", "3000", F.BEWILLIGT),),
        beteiligung="Aktionen wurden mit Selbsthilfegruppen vorbereitet.",
        veroeffentlicht=True,
        sachstaende=(
            Bericht(d(2018, 4, 10), S.IN_UMSETZUNG, A.IM_PLAN, 30, "Aufruf an Vereine."),
            Bericht(d(2018, 12, 3), S.UMGESETZT, A.IM_PLAN, 100, "23 Aktionen durchgeführt."),
        ),
    ),
    Massnahme(
        nummer=8,
        titel="Fundraising „Miteinander fördern“",
        kurzbeschreibung="Spendenkampagne und Stiftungsanträge für kleine inklusive Projekte.",
        ziele="Einen Fonds für Kleinprojekte aufbauen.",
        thema=INK,
        zielgruppen=(ALLE,),
        artikel=(8,),
        partner=(("caritas", Rolle.PARTNER, "Spendenkonto"),),
        beginn=d(2021, 3, 1),
        ende=d(2027, 12, 31),
        kosten="2000",
        finanzierungen=(
            Foerderung(
                Q.STIFTUNG,
                "Regionale Sparkassenstiftung (Demo)",
                "15000",
                F.ABGELEHNT,
                d(2025, 10, 1),
                d(2026, 5, 20),
            ),
            Foerderung(Q.STIFTUNG, "Bürgerstiftung (Demo)", "5000", F.BEANTRAGT, d(2026, 8, 1)),
        ),
        beteiligung="Der Inklusionsbeirat entscheidet über die Vergabe.",
        sachstaende=(
            Bericht(d(2021, 3, 22), S.IN_PLANUNG, A.IM_PLAN, 10, "Konzept erstellt."),
            Bericht(d(2022, 5, 9), S.IN_UMSETZUNG, A.GEFAEHRDET, 30, "Wenig Spenden."),
            Bericht(
                d(2026, 7, 1),
                S.IN_UMSETZUNG,
                A.KRITISCH,
                40,
                "Stiftungsantrag abgelehnt; neuer Antrag gestellt.",
            ),
        ),
        meilensteine=(Etappe("Spendenkampagne gestartet", d(2026, 3, 31)),),
    ),
    Massnahme(
        nummer=9,
        titel="„Durch Assistenz zu mehr Sport“",
        kurzbeschreibung="Ehrenamtliche Assistenz ermöglicht Menschen mit Behinderung die "
        "Teilnahme an Angeboten der Sportvereine.",
        ziele="Assistenzpool aufbauen; Vereinsangebote öffnen.",
        thema=INK,
        weitere_themen=(VIE,),
        zielgruppen=(MMB, KJ),
        artikel=(30,),
        federfuehrend="stadtsportverband",
        partner=(
            ("lebenshilfe", Rolle.PARTNER, "Vermittlung"),
            ("inklusion", Rolle.BERATEND, "Koordination"),
        ),
        beginn=d(2019, 6, 1),
        ende=d(2026, 12, 31),
        kosten="12000",
        finanzierungen=(
            Foerderung(
                Q.LAND,
                "Sportland NRW – Inklusion im Sport (Demo)",
                "9000",
                F.BEWILLIGT,
                d(2021, 2, 1),
                d(2021, 6, 1),
            ),
        ),
        beteiligung="Sportlerinnen und Sportler mit Behinderung beraten die Vereine.",
        veroeffentlicht=True,
        leichte_sprache="Manche Menschen brauchen Hilfe beim Sport. Helferinnen und Helfer "
        "kommen mit.",
        sachstaende=(
            Bericht(d(2019, 6, 24), S.IN_PLANUNG, A.IM_PLAN, 10, "Vereine befragt."),
            Bericht(d(2021, 9, 6), S.IN_UMSETZUNG, A.GEFAEHRDET, 30, "Wenige Ehrenamtliche."),
            Bericht(d(2025, 11, 10), S.IN_UMSETZUNG, A.GEFAEHRDET, 45, "Sechs Assistenzen aktiv."),
        ),
        meilensteine=(Etappe("Assistenzpool mit zehn Ehrenamtlichen", d(2025, 6, 30)),),
    ),
    Massnahme(
        nummer=10,
        titel="Tabalingo-Fußball",
        kurzbeschreibung="Inklusives Fußballtraining für Kinder mit und ohne Behinderung.",
        ziele="Regelmäßiges gemeinsames Training; Turnierteilnahme.",
        thema=INK,
        weitere_themen=(FAM,),
        zielgruppen=(KJ, MMB),
        artikel=(7, 30),
        raeume=("breinig",),
        federfuehrend="sportverein",
        partner=(("foerderschule", Rolle.PARTNER, "Kinder der Förderschule"),),
        beginn=d(2019, 3, 1),
        kosten="2500",
        finanzierungen=(Foerderung(Q.EIGENMITTEL, "Vereinsmittel", "2500", F.BEWILLIGT),),
        beteiligung="Kinder mit Behinderung trainieren in gemischten Teams.",
        veroeffentlicht=True,
        leichte_sprache="Kinder mit und ohne Behinderung spielen zusammen Fußball.",
        verantwortlich="lesen",
        sachstaende=(
            Bericht(d(2019, 3, 18), S.IN_UMSETZUNG, A.IM_PLAN, 40, "Training startet."),
            Bericht(d(2020, 6, 29), S.UMGESETZT, A.IM_PLAN, 100, "Feste Gruppe mit 14 Kindern."),
            Bericht(d(2023, 4, 17), S.VERSTETIGT, A.IM_PLAN, 100, "Regelangebot des Vereins."),
            Bericht(d(2026, 4, 15), S.VERSTETIGT, A.IM_PLAN, 100, "Zweite Gruppe geplant."),
        ),
    ),
    Massnahme(
        nummer=11,
        titel="Aktives Altern",
        kurzbeschreibung="Bewegungs- und Begegnungsangebote für ältere Menschen mit und ohne "
        "Behinderung in den Ortsteilen.",
        ziele="Selbstständigkeit im Alter erhalten.",
        thema=FAM,
        zielgruppen=(ALT, MMB),
        artikel=(19, 25),
        raeume=("vicht", "zweifall", "gressenich"),
        federfuehrend="diakonie",
        beginn=d(2022, 1, 1),
        ende=d(2027, 12, 31),
        kosten="7000",
        beteiligung="Seniorenvertretung und Selbsthilfegruppen planen die Angebote mit.",
        sachstaende=(
            Bericht(d(2022, 1, 20), S.IN_PLANUNG, A.GEFAEHRDET, 15, "Räume fehlen."),
            Bericht(d(2025, 9, 1), S.IN_PLANUNG, A.GEFAEHRDET, 20, "Bedarfsabfrage verschoben."),
        ),
        meilensteine=(Etappe("Bedarfsabfrage in Seniorenbegegnungsstätten", d(2025, 3, 31)),),
    ),
    Massnahme(
        nummer=12,
        titel="Leitbild in einfacher Sprache",
        kurzbeschreibung="Übertragung des Leitbilds „Soziale Kupferstadt 2030“ in einfache "
        "Sprache.",
        ziele="Das Leitbild für alle verständlich machen.",
        thema=INK,
        zielgruppen=(MMB, MIG, ALLE),
        artikel=(9, 21),
        partner=(("lebenshilfe", Rolle.PARTNER, "Prüfgruppe"),),
        beginn=d(2018, 1, 15),
        ende=d(2018, 11, 30),
        kosten="1800",
        finanzierungen=(Foerderung(Q.EIGENMITTEL, "", "1800", F.BEWILLIGT),),
        beteiligung="Eine Prüfgruppe mit Lernschwierigkeiten hat den Text geprüft.",
        veroeffentlicht=True,
        leichte_sprache="Das Leitbild gibt es jetzt in einfacher Sprache.",
        sachstaende=(
            Bericht(d(2018, 2, 12), S.IN_UMSETZUNG, A.IM_PLAN, 30, "Übersetzung beauftragt."),
            Bericht(d(2018, 11, 15), S.UMGESETZT, A.IM_PLAN, 100, "Broschüre gedruckt."),
        ),
    ),
]

MASSNAHMEN += massnahmen_aktionsplan_13_24.MASSNAHMEN
