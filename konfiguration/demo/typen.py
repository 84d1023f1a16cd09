"""The shape of one demo measure, with its reports, milestones and funding."""

import datetime
from dataclasses import dataclass

from projekte.models import Ampel, Finanzierung, Projektbeteiligung, Status

S = Status
A = Ampel
Q = Finanzierung.Quelle
F = Finanzierung.Antragsstatus
Rolle = Projektbeteiligung.Rolle


# Shorthands for the measure data: theme slugs and target groups.
ARB = "arbeit-und-wirtschaft"
WOH = "wohnen-und-oeffentlicher-raum"
VIE = "vielfalt-und-zusammenhalt"
BIL = "bildung-und-lebenslanges-lernen"
FAM = "familien-und-generationen"
INK = "inklusion-und-teilhabe"

MMB = "Menschen mit Behinderung"
KJ = "Kinder und Jugendliche"
ALT = "Ältere"
MIG = "Menschen mit Migrationsgeschichte"
FAMILIEN = "Familien"
FK = "Fachkräfte"
ALLE = "Allgemeinheit"


def d(jahr: int, monat: int, tag: int) -> datetime.date:
    return datetime.date(jahr, monat, tag)


@dataclass(frozen=True)
class Bericht:
    """A Sachstand; keyed on (measure, datum)."""

    datum: datetime.date
    status: str
    ampel: str
    fortschritt: int
    text: str
    von: str = "redaktion"


@dataclass(frozen=True)
class Etappe:
    """A Meilenstein; keyed on (measure, titel)."""

    titel: str
    faellig_am: datetime.date
    erledigt_am: datetime.date | None = None


@dataclass(frozen=True)
class Foerderung:
    """A Finanzierung; keyed on (measure, quelle, programm)."""

    quelle: str
    programm: str
    betrag: str
    status: str
    beantragt_am: datetime.date | None = None
    entschieden_am: datetime.date | None = None


@dataclass(frozen=True)
class Massnahme:
    nummer: int
    titel: str
    kurzbeschreibung: str
    ziele: str
    thema: str
    weitere_themen: tuple[str, ...] = ()
    zielgruppen: tuple[str, ...] = ()
    artikel: tuple[int, ...] = ()
    # Raum slugs; none means gesamtstädtisch.
    raeume: tuple[str, ...] = ()
    federfuehrend: str = "inklusion"
    # (akteur key, rolle, aufgabe)
    partner: tuple[tuple[str, str, str], ...] = ()
    beginn: datetime.date | None = None
    ende: datetime.date | None = None
    kosten: str | None = None
    finanzierungen: tuple[Foerderung, ...] = ()
    beteiligung: str = ""
    prioritaet: str = "mittel"
    veroeffentlicht: bool = False
    leichte_sprache: str = ""
    verantwortlich: str = "redaktion"
    sachstaende: tuple[Bericht, ...] = ()
    meilensteine: tuple[Etappe, ...] = ()
