"""The demo's accessibility statement and a few feedback messages (issue 11, point 4).

The statement is filled as a municipality would (EU model, BGG NRW § 10b): the Ombudsstelle of
NRW as the state publishes it, the Kommune's own contact marked as Demodaten. The messages are
invented (Demodaten): one new, one note on a public measure in progress, one answered.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from projekte.models import Projektskizze
from rueckmeldungen.models import (
    ERKLAERUNG_PK,
    OMBUDSSTELLE_ANSCHRIFT,
    OMBUDSSTELLE_EMAIL,
    OMBUDSSTELLE_NAME,
    OMBUDSSTELLE_URL,
    Erklaerung,
    Rueckmeldung,
)
from rueckmeldungen.services import antwortfrist

from .rahmen import DEMO
from .sichern import Lader

NICHT_BARRIEREFREI = (
    "Der Verwaltungsbereich „Datenpflege (Admin)“ beruht auf der Standardoberfläche des "
    "Frameworks und ist nur teilweise geprüft; alle Inhalte lassen sich auch über die geprüften "
    "Seiten der Anwendung bearbeiten.",
    "Die PDF-Fassungen der Jahresberichte sind noch nicht vollständig getaggt (PDF/UA). Dieselben "
    "Inhalte stehen als Webseite und als Tabelle (XLSX) bereit.",
    "Diagramme haben Tabellen mit denselben Zahlen; eine ausführliche Textbeschreibung fehlt bei "
    "einigen Diagrammen (unverhältnismäßige Belastung bis zur nächsten Fortschreibung).",
    "Texte in Leichter Sprache liegen noch nicht für alle Maßnahmen vor; sie werden mit dem "
    "Behindertenbeirat bis Ende 2027 ergänzt.",
)

LEICHTE_SPRACHE = "\n\n".join(
    (
        "Die Kupferstadt Stolberg hat diese Internet-Seite gemacht. "
        "Auf der Seite steht der Aktions-Plan Inklusion.",
        "Wir möchten: Alle Menschen können die Seite gut benutzen. "
        "Auch Menschen mit Behinderung. Das nennt man: barriere-frei.",
        "Wir haben die Seite geprüft. Vieles ist schon barriere-frei. "
        "Einige Teile sind noch nicht barriere-frei. Zum Beispiel die PDF-Dateien. "
        "Wir arbeiten daran.",
        "Haben Sie ein Problem mit der Seite? Dann schreiben Sie uns. "
        "Dafür gibt es ein Formular. Sie können auch anrufen.",
        "Wir antworten Ihnen. Das dauert höchstens einen Monat.",
        "Sie sind mit der Antwort nicht zufrieden? Dann gibt es die Ombuds-Stelle. "
        "Die Ombuds-Stelle hilft Ihnen. Das kostet nichts.",
    )
)

# (problem, seite, email, Maßnahme (plan slug, nummer) or None, received on, status, notiz)
NACHRICHTEN = (
    (
        "Die Tabelle mit den Indikatoren lässt sich mit meinem Screenreader (NVDA) nicht "
        "spaltenweise lesen. " + DEMO,
        "/oeffentlich/indikatoren/",
        "leser@example.org",
        None,
        datetime.date(2026, 11, 27),
        Rueckmeldung.Status.NEU,
        "",
    ),
    (
        "Beim Begegnungstag war die Bühne nur über Stufen erreichbar. Bitte planen Sie für das "
        "nächste Jahr eine Rampe ein. " + DEMO,
        "",
        "",
        ("aktionsplan-inklusion", 1),
        datetime.date(2026, 11, 18),
        Rueckmeldung.Status.IN_BEARBEITUNG,
        "An die Veranstaltungsplanung weitergegeben. " + DEMO,
    ),
    (
        "Bitte stellen Sie den Jahresbericht 2025 auch in Leichter Sprache bereit. " + DEMO,
        "/oeffentlich/berichte/",
        "beirat@example.org",
        None,
        datetime.date(2026, 10, 21),
        Rueckmeldung.Status.BEANTWORTET,
        "Geantwortet: Zusammenfassung in Leichter Sprache ist für Juni geplant. " + DEMO,
    ),
)


def _mittag(tag: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(tag, datetime.time(12)))


def rueckmeldungen_laden(
    lader: Lader,
    *,
    projekte: dict[tuple[str, int], Projektskizze],
) -> None:
    """The statement and the messages; idempotent (keyed on the statement's fixed key and on
    each message's text, with fixed dates)."""
    lader.sichern(
        Erklaerung,
        schluessel={"id": ERKLAERUNG_PK},
        werte={
            "konformitaet": Erklaerung.Konformitaet.TEILWEISE,
            "nicht_barrierefrei": "\n".join(NICHT_BARRIEREFREI),
            "erstellt_am": datetime.date(2026, 9, 1),
            "methode": Erklaerung.Methode.SELBSTBEWERTUNG,
            "methode_text": (
                "Selbstbewertung nach den Prüfschritten des BITV-Tests: automatisierte Prüfung "
                "aller Seitentypen mit axe-core und dem Nu HTML Checker, Bedienung allein mit der "
                "Tastatur, Ansicht bei 320 Pixeln Breite und 400 % Vergrößerung."
            ),
            "zuletzt_geprueft": datetime.date(2026, 11, 24),
            "kontakt_stelle": "Kupferstadt Stolberg, Stabsstelle Inklusion " + DEMO,
            "kontakt_email": "inklusion@stolberg.example",
            "kontakt_telefon": "02402 13-0 " + DEMO,
            "kontakt_anschrift": "Rathausstraße 11–13\n52222 Stolberg (Rhld.)",
            "durchsetzung_name": OMBUDSSTELLE_NAME,
            "durchsetzung_anschrift": OMBUDSSTELLE_ANSCHRIFT,
            "durchsetzung_email": OMBUDSSTELLE_EMAIL,
            "durchsetzung_url": OMBUDSSTELLE_URL,
            "leichte_sprache": LEICHTE_SPRACHE,
        },
    )
    for problem, seite, email, massnahme, eingang, status, notiz in NACHRICHTEN:
        lader.sichern(
            Rueckmeldung,
            schluessel={"problem": problem},
            werte={
                "seite": seite,
                "email": email,
                "einwilligung": True,
                "massnahme": projekte.get(massnahme) if massnahme else None,
                "status": status,
                "notiz": notiz,
                "eingegangen_am": _mittag(eingang),
                "antwort_bis": antwortfrist(eingang),
            },
        )
