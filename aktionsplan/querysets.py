"""What every QuerySet of the project shares: the Kommune scope hook ``fuer(nutzer)``.

Every plan belongs to a Kommune. Every queryset that a page, an export, a report or the admin
starts from passes through ``.fuer(request.user)`` — a manager (``Thema.objects.fuer(user)``)
or a related manager of a row already read through it (``projekt.sachstaende.fuer(user)``), and
the choices of every form and filter (``auswahl_eingrenzen``). Rows reached from such a row by
``select_related``, ``prefetch_related`` or a correlated subquery follow that row.

Each queryset names the way from its rows to their Kommune (``kommune_pfad``, e.g.
``"plan__kommune"``; None: shared by the region). The rule which Kommunen a user sees is
``aktionsplan.bereich.sichtbare_kommunen``; an installation with one Kommune sees everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import F, Func, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from aktionsplan import bereich

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class BasisQuerySet(models.QuerySet):
    """The base of every model's QuerySet (``objects = XQuerySet.as_manager()``)."""

    #: The lookup path from a row to its Kommune (a ``Raum`` of the level Kommune); None: the
    #: rows are shared by the whole region. A row whose path ends in NULL is shared too.
    kommune_pfad: str | None = None
    #: The rows are shared by the whole region and used by every Kommune's rows (UN-BRK articles,
    #: target groups, …): in a region only people for the whole region write them
    #: (``aktionsplan.bereich.ist_geteilt``).
    geteilt: bool = False

    def fuer(self, nutzer: AbstractBaseUser | AnonymousUser) -> Self:
        """The rows ``nutzer`` may see: the single place that scopes reads by Kommune
        (``aktionsplan.bereich``). No query of its own in an installation with one Kommune;
        else at most one per request (the user's memberships)."""
        return bereich.bereich_filtern(self, nutzer)

    def in_kommune(self, kommune_id: int | None) -> Self:
        """The rows of the Kommune ``kommune_id`` and the shared rows; everything for None or in
        an installation with one Kommune (``aktionsplan.bereich.auf_kommune_begrenzen``)."""
        return bereich.auf_kommune_begrenzen(self, kommune_id)


class GeteiltQuerySet(BasisQuerySet):
    """The QuerySet of reference data shared by the whole region (``BasisQuerySet.geteilt``)."""

    geteilt = True


def bereichsschluessel(nutzer: AbstractBaseUser | AnonymousUser) -> str:
    """What ``fuer(nutzer)`` lets through, as a short key for cached aggregates: users with the
    same key see the same rows ("alle", or the user's Kommunen: ``aktionsplan.bereich``)."""
    return bereich.bereichsschluessel(nutzer)


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
        elif isinstance(auswahl, QuerySet) and auswahl.model is get_user_model():
            # People: in a region only those of the reader's Kommunen (QA 2026-11-30, M4).
            feld.queryset = bereich.personen_zur_auswahl(auswahl, nutzer)


def anzahl(qs: QuerySet) -> Coalesce:
    """COUNT(*) of a correlated queryset as an annotation (0 when nothing matches).

    A plain COUNT without GROUP BY, so the subquery returns exactly one row per outer row, and a
    page costs one query however many rows it counts.
    """
    gezaehlt = qs.order_by().annotate(_anzahl=Func(F("pk"), function="COUNT")).values("_anzahl")
    return Coalesce(Subquery(gezaehlt, output_field=IntegerField()), Value(0))
