"""What every QuerySet of the project shares."""

from __future__ import annotations

from django.db.models import F, Func, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def anzahl(qs: QuerySet) -> Coalesce:
    """COUNT(*) of a correlated queryset as an annotation (0 when nothing matches).

    A plain COUNT without GROUP BY, so the subquery returns exactly one row per outer row, and a
    page costs one query however many rows it counts.
    """
    gezaehlt = qs.order_by().annotate(_anzahl=Func(F("pk"), function="COUNT")).values("_anzahl")
    return Coalesce(Subquery(gezaehlt, output_field=IntegerField()), Value(0))
