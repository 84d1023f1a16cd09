"""The change history of every model people edit (django-simple-history), and how it reads.

``Historie`` is simple-history's ``HistoricalRecords`` that remembers itself per model, so that a
service can write exactly one history row after a save *and* the many-to-many changes that belong
to it (simple-history would otherwise write one row per ``.set()`` call, or none with the new
relations when ``save()`` runs first).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from aktionsplan.personen import anzeigename

_HISTORIEN: dict[type[models.Model], HistoricalRecords] = {}

# Technical fields that say nothing to the reader of a history or a refusal.
TECHNISCHE_FELDER = frozenset(
    {"id", "version", "geaendert_am", "erstellt_am", "aktueller_sachstand"}
)


class Historie(HistoricalRecords):
    """HistoricalRecords that can be asked for by model (see ``historie_schreiben``)."""

    def finalize(self, sender, **kwargs) -> None:
        super().finalize(sender, **kwargs)
        if getattr(sender._meta, "simple_history_manager_attribute", None) == self.manager_name:
            _HISTORIEN[sender] = self


def historie_schreiben(
    objekt: models.Model, *, benutzer=None, neu: bool = False, grund: str = ""
) -> None:
    """Write one history row with the object's current fields and many-to-many relations.

    For saves that ran with ``skip_history_when_saving`` so that the relations could be set first.
    Models without ``Historie`` are left alone.
    """
    historie = _HISTORIEN.get(type(objekt))
    if historie is None:
        return
    if benutzer is not None:
        objekt._history_user = benutzer
    if grund:
        objekt._change_reason = grund
    historie.create_historical_record(objekt, "+" if neu else "~")


def register_benutzer_historie(modell: type[models.Model], **optionen) -> None:
    """History for a model of another app (the user model), with ``Historie`` as the tracker."""
    from simple_history import register

    register(modell, records_class=Historie, **optionen)


def wert_text(wert: object, feld: models.Field | None = None) -> str:
    """A field value as the history and stale-edit messages show it (German notation).

    Related rows that were deleted since read "(gelöscht)", never "None".
    """
    if isinstance(wert, models.Model):
        if hasattr(wert, "get_full_name"):
            return anzeigename(wert)
        return str(wert)
    if wert is None or wert == "":
        return "–"
    if feld is not None and feld.choices:
        return str(dict(feld.flatchoices).get(wert, wert))
    if isinstance(wert, bool):
        return _("ja") if wert else _("nein")
    if isinstance(wert, datetime.datetime):
        return formats.date_format(wert, "SHORT_DATETIME_FORMAT")
    if isinstance(wert, datetime.date):
        return formats.date_format(wert, "SHORT_DATE_FORMAT")
    if isinstance(wert, Decimal):
        return formats.number_format(wert, decimal_pos=2, use_l10n=True, force_grouping=True)
    if isinstance(wert, list | tuple | set):
        return ", ".join(sorted(wert_text(w) for w in wert)) or "–"
    return str(wert)


def feldwert_text(zeile: models.Model, feld: models.Field) -> str:
    """The value of ``feld`` in a (historical) row; a deleted related row reads "(gelöscht)"."""
    if isinstance(feld, models.ForeignKey):
        if getattr(zeile, feld.attname) is None:
            return "–"
        try:
            return wert_text(getattr(zeile, feld.name))
        except ObjectDoesNotExist:
            return _("(gelöscht)")
    return wert_text(getattr(zeile, feld.attname), feld)


def aenderungstext(wert: object, quelle: type[models.Model] | None = None) -> str:
    """A value from simple-history's ``diff_against(..., foreign_keys_are_objs=True)``.

    ``quelle`` is the model whose history is read: in many-to-many rows its own side is left out.
    """
    from simple_history.models import DeletedObject

    if isinstance(wert, DeletedObject):
        return _("(gelöscht)")
    if isinstance(wert, list):
        # Many-to-many rows: dicts of the through model's fields; name the related objects.
        namen = []
        for zeile in wert:
            for bezug in zeile.values():
                if isinstance(bezug, DeletedObject):
                    namen.append(_("(gelöscht)"))
                elif (
                    isinstance(bezug, models.Model)
                    and not _ist_historienzeile(bezug)
                    and not (quelle is not None and isinstance(bezug, quelle))
                ):
                    namen.append(str(bezug))
        return ", ".join(sorted(namen)) or "–"
    return wert_text(wert)


def _ist_historienzeile(objekt: models.Model) -> bool:
    return hasattr(objekt, "history_id")
