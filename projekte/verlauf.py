"""The change history of a measure: who changed which field when, old → new.

Reads the simple-history tables of the measure and of its reports, milestones and actors' roles:
only the newest ``GRENZE`` rows of each and their predecessors, through the indexes that
``aktionsplan.historie.Historie`` gives every historical table, in four queries whatever the
length of the history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

from aktionsplan.historie import (
    NEUESTE_ZUERST,
    TECHNISCHE_FELDER,
    art_text,
    feldwert_text,
    historienmodell,
    vorgaenger_id,
)
from aktionsplan.personen import anzeigename
from projekte.models import Meilenstein, Projektbeteiligung, Projektskizze, Sachstand

GRENZE = 20
# Technical fields that say nothing to the reader.
AUSGELASSEN = {*TECHNISCHE_FELDER, "projekt"}


@dataclass
class Feldaenderung:
    feld: str
    alt: str
    neu: str


@dataclass
class Aenderung:
    wann: datetime.datetime
    wer: str
    was: str
    art: str
    felder: list[Feldaenderung] = field(default_factory=list)
    grund: str = ""


def _vergleich(neu, alt, felder: list[models.Field]) -> list[Feldaenderung]:
    """The fields that differ between two history rows, by simple-history's ``diff_against``;
    a related row deleted since reads "(gelöscht)"."""
    namen = {f.name: f for f in felder}
    delta = neu.diff_against(alt, included_fields=list(namen))
    return [
        Feldaenderung(
            str(namen[a.field].verbose_name),
            feldwert_text(alt, namen[a.field]),
            feldwert_text(neu, namen[a.field]),
        )
        for a in delta.changes
    ]


def _beschreibung(modell, zeile) -> str:
    if modell is Projektskizze:
        return _("Maßnahme")
    if modell is Sachstand:
        return _("Sachstand vom %(datum)s") % {
            "datum": formats.date_format(zeile.datum, "SHORT_DATE_FORMAT")
        }
    if modell is Meilenstein:
        return _("Meilenstein „%(titel)s“") % {"titel": zeile.titel}
    return _("Beteiligung: %(akteur)s") % {
        "akteur": feldwert_text(zeile, zeile._meta.get_field("akteur"))
    }


def _zeilen(modell, projekt_pk: int, fks: list[str], grenze: int) -> list[tuple]:
    """The newest ``grenze`` history rows of one table that belong to the measure, each with its
    predecessor (the same object's row before it, or ``None``): one query, reading only those
    rows and their predecessors through the indexes.

    The measure's own rows: the ``grenze`` + 1 newest; each row's predecessor is the next one.
    Its parts' rows (by ``projekt``): the newest ``grenze`` and, in the same query (``IN`` over a
    ``UNION ALL``), each one's predecessor. A predecessor that is not itself among the newest is
    older than all of them, so the newest rows read are the ones shown, and each one's
    predecessor is the row of the same object read next.
    """
    historie = historienmodell(modell)
    if modell is Projektskizze:
        zeilen = list(
            historie.objects.filter(id=projekt_pk)
            .select_related("history_user", *fks)
            .order_by(*NEUESTE_ZUERST)[: grenze + 1]
        )
        return list(zip(zeilen[:grenze], [*zeilen[1:], None], strict=False))
    neueste = historie.objects.filter(
        history_id__in=historie.objects.filter(projekt_id=projekt_pk)
        .order_by(*NEUESTE_ZUERST)
        .values("history_id")[:grenze]
    ).order_by()
    gelesen = neueste.values("history_id").union(
        neueste.annotate(vorgaenger=vorgaenger_id(historie)).values("vorgaenger"), all=True
    )
    zeilen = sorted(
        historie.objects.filter(history_id__in=gelesen).select_related("history_user", *fks),
        key=lambda z: (z.history_date, z.history_id),
        reverse=True,
    )
    gezeigt = [z for z in zeilen if z.projekt_id == projekt_pk][:grenze]
    zuletzt: dict[int, object] = {}  # per object: its newest row so far, oldest first
    vorgaenger = {}
    for zeile in reversed(zeilen):
        vorgaenger[zeile.history_id] = zuletzt.get(zeile.id)
        zuletzt[zeile.id] = zeile
    return [(z, vorgaenger[z.history_id]) for z in gezeigt]


def _aenderung(modell, zeile, alt) -> Aenderung:
    felder = [
        f for f in modell._meta.concrete_fields if f.name not in AUSGELASSEN and not f.primary_key
    ]
    return Aenderung(
        wann=zeile.history_date,
        wer=anzeigename(zeile.history_user) or _("unbekannt"),
        was=_beschreibung(modell, zeile),
        art=art_text(zeile.history_type),
        felder=_vergleich(zeile, alt, felder) if zeile.history_type == "~" and alt else [],
        grund=zeile.history_change_reason or "",
    )


def aenderungsverlauf(projekt: Projektskizze, grenze: int = GRENZE) -> list[Aenderung]:
    """The newest ``grenze`` changes of the measure and its parts: four queries (one per history
    table), each reading at most 2 × ``grenze`` rows through the indexes, however long the
    history is; only the shown rows are compared with their predecessors."""
    quellen = (
        (Projektskizze, ["plan", "hauptthema", "verantwortlich"]),
        (Sachstand, ["verfasst_von"]),
        (Meilenstein, []),
        (Projektbeteiligung, ["akteur"]),
    )
    alle = [
        (modell, zeile, alt)
        for modell, fks in quellen
        for zeile, alt in _zeilen(modell, projekt.pk, fks, grenze)
    ]
    # Stable: rows of one table keep their order when two tables share a timestamp.
    alle.sort(key=lambda eintrag: eintrag[1].history_date, reverse=True)
    return [_aenderung(modell, zeile, alt) for modell, zeile, alt in alle[:grenze]]
