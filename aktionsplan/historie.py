"""The change history of every model people edit (django-simple-history), and how it reads.

``Historie`` is simple-history's ``HistoricalRecords`` that remembers itself per model, so that a
service can write exactly one history row after a save *and* the many-to-many changes that belong
to it (simple-history would otherwise write one row per ``.set()`` call, or none with the new
relations when ``save()`` runs first).

It also gives every historical table the indexes its readers need, each in the order
simple-history sorts (newest first: ``-history_date, -history_id``), so that a reader takes the
newest N rows straight from the index instead of sorting all rows of an object:

* ``(id, history_date, history_id)``: one object's history, its predecessor row, ``as_of``;
* ``(history_user, history_date, history_id)``: the changes of one person (audit page);
* ``(<field>, history_date, history_id)`` for each field named in ``gelesen_nach``: the history
  of an object's parts read by their parent (the measure's reports by ``projekt``).

``history_date`` alone is already indexed by simple-history (the audit page's order).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import formats
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from aktionsplan.personen import anzeigename

_HISTORIEN: dict[type[models.Model], HistoricalRecords] = {}

# Technical fields that say nothing to the reader of a history or a refusal.
TECHNISCHE_FELDER = frozenset(
    {"id", "version", "geaendert_am", "erstellt_am", "aktueller_sachstand"}
)
# Newest first: simple-history's order, and the order of the indexes ``Historie`` creates.
NEUESTE_ZUERST = ("-history_date", "-history_id")


class Historie(HistoricalRecords):
    """HistoricalRecords that can be asked for by model (see ``historie_schreiben``) and that
    indexes its table for the readers (module docstring).

    ``gelesen_nach``: names of foreign keys by which the history is read for a parent object.
    """

    def __init__(self, *args, gelesen_nach: Sequence[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.gelesen_nach = tuple(gelesen_nach)

    def get_meta_options(self, model: type[models.Model]) -> dict:
        optionen = super().get_meta_options(model)
        reihenfolge = ["history_date", "history_id"]
        spalten = [model._meta.pk.attname, "history_user", *self.gelesen_nach]
        optionen["indexes"] = [
            *optionen.get("indexes", ()),
            *(models.Index(fields=[spalte, *reihenfolge]) for spalte in spalten),
        ]
        return optionen

    def post_save(self, instance, created, using=None, **kwargs) -> None:
        """No row for a save that wrote only excluded fields: a login (Django's
        ``update_last_login`` saves ``last_login`` alone) is no change anybody edited, and must
        not make every cached aggregate stale."""
        geschrieben = kwargs.get("update_fields")
        if not created and geschrieben and set(geschrieben) <= set(self.excluded_fields):
            return
        super().post_save(instance, created, using=using, **kwargs)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs) -> None:
        """Also a change made from the other side of a tracked relation
        (``group.user_set.remove(user)``): simple-history would write a row for the group, which
        has no history, and fail. One row per affected person instead; for ``clear()`` the people
        are looked up before the relation is emptied."""
        if not reverse:
            super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
            return
        if hasattr(instance, "skip_history_when_saving"):
            return
        modell = kwargs["model"]
        if action == "pre_clear":
            instance._historie_vor_dem_leeren = list(
                modell._default_manager.filter(**{attr: instance}).values_list("pk", flat=True)
            )
            return
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if action == "post_clear":
            pk_set = instance.__dict__.pop("_historie_vor_dem_leeren", [])
        for person in modell._default_manager.filter(pk__in=list(pk_set or [])):
            self.create_historical_record(person, "~")

    def finalize(self, sender, **kwargs) -> None:
        super().finalize(sender, **kwargs)
        if getattr(sender._meta, "simple_history_manager_attribute", None) == self.manager_name:
            _HISTORIEN[sender] = self


def historienmodelle() -> list[type[models.Model]]:
    """Every model with a ``Historie`` (its history table is ``modell.history.model``)."""
    return sorted(_HISTORIEN, key=lambda modell: modell._meta.label)


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


@functools.cache
def historienmodell(modell: type[models.Model]) -> type[models.Model]:
    """The historical model of ``modell``: ``modell.history.model`` without the cost of
    simple-history's descriptor, which builds a new manager class on every access (~1 ms)."""
    return getattr(modell, _HISTORIEN[modell].manager_name).model


def historisierte_modelle() -> list[type[models.Model]]:
    """Every model with a ``Historie``, the user model included, in a stable order (by label)."""
    return sorted(_HISTORIEN, key=lambda modell: modell._meta.label_lower)


def register_benutzer_historie(modell: type[models.Model], **optionen) -> None:
    """History for a model of another app (the user model), with ``Historie`` as the tracker."""
    from simple_history import register

    register(modell, records_class=Historie, **optionen)


def vorgaenger_id(historie: type[models.Model]) -> Subquery:
    """Annotation: the ``history_id`` of the same object's row before each row (``None`` for the
    first), in the order ``NEUESTE_ZUERST``.

    A correlated subquery that the index ``(id, history_date, history_id)`` answers with one
    short index probe per row; the repeated ``history_date <= …`` bounds the index range.
    """
    aelter = Q(history_date__lt=OuterRef("history_date")) | Q(
        history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
    )
    return Subquery(
        historie.objects.filter(
            aelter, id=OuterRef("id"), history_date__lte=OuterRef("history_date")
        )
        .order_by(*NEUESTE_ZUERST)
        .values("history_id")[:1]
    )


def art_text(history_type: str) -> str:
    """simple-history's ``+``, ``~``, ``-`` as the pages say it."""
    return {"+": _("angelegt"), "~": _("geändert"), "-": _("gelöscht")}[history_type]


def statusverlauf(objekt: models.Model, anzahl: int) -> list[dict]:
    """The newest ``anzahl`` history rows of ``objekt`` (a model with a ``status`` field) as the
    status pages show them: time, person, kind of change, status label and the reason given.
    One query."""
    status_feld = type(objekt)._meta.get_field("status")
    return [
        {
            "zeit": h.history_date,
            "wer": anzeigename(h.history_user) if h.history_user else "",
            "art": art_text(h.history_type),
            "status": wert_text(h.status, status_feld),
            "grund": h.history_change_reason or "",
        }
        for h in objekt.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )[:anzahl]
    ]


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
            bezug = getattr(zeile, feld.name)
        except ObjectDoesNotExist:
            return _("(gelöscht)")
        # select_related reads a deleted row as None (LEFT JOIN), a plain access raises.
        return _("(gelöscht)") if bezug is None else wert_text(bezug)
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
