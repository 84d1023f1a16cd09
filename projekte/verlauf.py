"""The change history of a measure: who changed which field when, old → new.

Reads the simple-history tables of the measure and of its reports, milestones and actors' roles in
two queries each (the newest rows, then their predecessors), whatever the length of the history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import formats
from django.utils.translation import gettext as _

from aktionsplan.personen import anzeigename
from projekte.models import Meilenstein, Projektbeteiligung, Projektskizze, Sachstand

GRENZE = 20
# Technical fields that say nothing to the reader.
AUSGELASSEN = {"id", "version", "geaendert_am", "erstellt_am", "projekt"}


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


def _wert_text(zeile, feld: models.Field) -> str:
    if isinstance(feld, models.ForeignKey):
        if getattr(zeile, feld.attname) is None:
            return "–"
        try:
            bezug = getattr(zeile, feld.name)
        except ObjectDoesNotExist:
            return _("(gelöscht)")
        if hasattr(bezug, "get_full_name"):
            return anzeigename(bezug)
        return str(bezug)
    wert = getattr(zeile, feld.attname)
    if wert is None or wert == "":
        return "–"
    if feld.choices:
        return str(dict(feld.flatchoices).get(wert, wert))
    if isinstance(wert, bool):
        return _("ja") if wert else _("nein")
    if isinstance(wert, datetime.datetime):
        return formats.date_format(wert, "SHORT_DATETIME_FORMAT")
    if isinstance(wert, datetime.date):
        return wert.strftime("%d.%m.%Y")
    if isinstance(wert, Decimal):
        return formats.number_format(wert, decimal_pos=2, use_l10n=True, force_grouping=True)
    return str(wert)


def _vergleich(neu, alt, felder: list[models.Field]) -> list[Feldaenderung]:
    ergebnis = []
    for feld in felder:
        if getattr(neu, feld.attname) != getattr(alt, feld.attname):
            ergebnis.append(
                Feldaenderung(str(feld.verbose_name), _wert_text(alt, feld), _wert_text(neu, feld))
            )
    return ergebnis


def _beschreibung(modell, zeile) -> str:
    if modell is Projektskizze:
        return _("Maßnahme")
    if modell is Sachstand:
        return _("Sachstand vom %(datum)s") % {"datum": zeile.datum.strftime("%d.%m.%Y")}
    if modell is Meilenstein:
        return _("Meilenstein „%(titel)s“") % {"titel": zeile.titel}
    return _("Beteiligung: %(akteur)s") % {
        "akteur": _wert_text(zeile, zeile._meta.get_field("akteur"))
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
