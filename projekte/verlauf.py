"""The change history of a measure: who changed which field when, old → new.

Reads the simple-history tables of the measure and of its reports, milestones and actors' roles in
two queries each (the newest rows, then their predecessors), whatever the length of the history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from aktionsplan.historie import TECHNISCHE_FELDER, feldwert_text
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
        return _("Sachstand vom %(datum)s") % {"datum": zeile.datum.strftime("%d.%m.%Y")}
    if modell is Meilenstein:
        return _("Meilenstein „%(titel)s“") % {"titel": zeile.titel}
    return _("Beteiligung: %(akteur)s") % {
        "akteur": feldwert_text(zeile, zeile._meta.get_field("akteur"))
    }


def _quelle(modell, projekt_pk: int, fks: list[str]) -> list[Aenderung]:
    historie = modell.history.model
    if modell is Projektskizze:
        basis = historie.objects.filter(id=projekt_pk)
    else:
        basis = historie.objects.filter(projekt_id=projekt_pk)
    vorgaenger = historie.objects.filter(
        id=OuterRef("id"), history_id__lt=OuterRef("history_id")
    ).order_by("-history_id")
    zeilen = list(
        basis.select_related("history_user", *fks)
        .annotate(vorgaenger_id=Subquery(vorgaenger.values("history_id")[:1]))
        .order_by("-history_id")[:GRENZE]
    )
    # [0] keeps the query count fixed when no row has a predecessor.
    alte = {
        z.history_id: z
        for z in historie.objects.select_related(*fks).filter(
            history_id__in=[z.vorgaenger_id for z in zeilen if z.vorgaenger_id] or [0]
        )
    }
    felder = [
        f for f in modell._meta.concrete_fields if f.name not in AUSGELASSEN and not f.primary_key
    ]
    ergebnis = []
    for zeile in zeilen:
        art = {"+": _("angelegt"), "~": _("geändert"), "-": _("gelöscht")}[zeile.history_type]
        alt = alte.get(zeile.vorgaenger_id)
        aenderung = Aenderung(
            wann=zeile.history_date,
            wer=anzeigename(zeile.history_user) or _("unbekannt"),
            was=_beschreibung(modell, zeile),
            art=art,
            felder=_vergleich(zeile, alt, felder) if zeile.history_type == "~" and alt else [],
            grund=zeile.history_change_reason or "",
        )
        ergebnis.append(aenderung)
    return ergebnis


def aenderungsverlauf(projekt: Projektskizze, grenze: int = GRENZE) -> list[Aenderung]:
    """The newest ``grenze`` changes of the measure and its parts; eight queries."""
    alle = [
        *_quelle(Projektskizze, projekt.pk, ["plan", "hauptthema", "verantwortlich"]),
        *_quelle(Sachstand, projekt.pk, ["verfasst_von"]),
        *_quelle(Meilenstein, projekt.pk, []),
        *_quelle(Projektbeteiligung, projekt.pk, ["akteur"]),
    ]
    alle.sort(key=lambda a: a.wann, reverse=True)
    return alle[:grenze]
