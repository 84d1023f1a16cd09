"""What every QuerySet of the project shares: the Kommune scope hook ``fuer(nutzer)``.

Every plan belongs to a Kommune. Every queryset that a page, an export, a report or the admin
starts from passes through ``.fuer(request.user)`` — a manager (``Thema.objects.fuer(user)``)
or a related manager of a row already read through it (``projekt.sachstaende.fuer(user)``), and
the choices of every form and filter (``auswahl_eingrenzen``). Rows reached from such a row by
``select_related``, ``prefetch_related`` or a correlated subquery follow that row.

Today the hook returns everything. The region issue restricts it here, once, by the Kommunen
the user may see; no page needs to change for that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django import forms
from django.db import models
from django.db.models import F, Func, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class BasisQuerySet(models.QuerySet):
    """The base of every model's QuerySet (``objects = XQuerySet.as_manager()``)."""

    def fuer(self, nutzer: AbstractBaseUser | AnonymousUser) -> Self:
        """The rows ``nutzer`` may see: the single place that scopes reads by Kommune.

        Today every row (``self.all()``); no query of its own.
        """
        return self.all()


def bereichsschluessel(nutzer: AbstractBaseUser | AnonymousUser) -> str:
    """What ``fuer(nutzer)`` lets through, as a short key for cached aggregates: users with the
    same key see the same rows. Today everyone sees everything ("alle"); the region issue
    returns the Kommunen of the user's roles here, together with the hook."""
    return "alle"


def auswahl_eingrenzen(form: forms.BaseForm, nutzer: AbstractBaseUser | AnonymousUser) -> None:
    """Pass the choices of every model choice field of ``form`` (a Django form or a FilterSet's
    ``.form``) through the scope hook, before the form is validated or rendered. A queryset
    that groups its choices (areas by Kommune: ``auswahl_gruppieren``) groups them here."""
    for feld in form.fields.values():
        auswahl = getattr(feld, "queryset", None)
        if isinstance(auswahl, BasisQuerySet):
            feld.queryset = auswahl.fuer(nutzer)
            if hasattr(feld.queryset, "auswahl_gruppieren"):
                feld.queryset.auswahl_gruppieren(feld)


def anzahl(qs: QuerySet) -> Coalesce:
    """COUNT(*) of a correlated queryset as an annotation (0 when nothing matches).

    A plain COUNT without GROUP BY, so the subquery returns exactly one row per outer row, and a
    page costs one query however many rows it counts.
    """
    gezaehlt = qs.order_by().annotate(_anzahl=Func(F("pk"), function="COUNT")).values("_anzahl")
    return Coalesce(Subquery(gezaehlt, output_field=IntegerField()), Value(0))
