"""Filters of the indicator list."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from akteure.models import Datenquelle
from aktionsplan.models import Raum, Thema
from monitoring.models import Indikator


class IndikatorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Suche"), method="suchen")
    thema = django_filters.ModelChoiceFilter(
        field_name="themen",
        queryset=Thema.objects.geordnet(),
        label=_("Thema"),
        empty_label=_("alle Themen"),
    )
    datenquelle = django_filters.ModelChoiceFilter(
        queryset=Datenquelle.objects.order_by("name"),
        label=_("Datenquelle"),
        empty_label=_("alle Datenquellen"),
    )
    art = django_filters.ChoiceFilter(
        choices=Indikator.Art.choices, label=_("Art"), empty_label=_("alle Arten")
    )
    raeumliche_ebene = django_filters.ChoiceFilter(
        choices=Raum.Ebene.choices, label=_("räumliche Ebene"), empty_label=_("alle Ebenen")
    )

    class Meta:
        model = Indikator
        fields = ["q", "thema", "datenquelle", "art", "raeumliche_ebene"]

    def suchen(self, queryset: QuerySet[Indikator], name: str, value: str) -> QuerySet[Indikator]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(beschreibung__icontains=value)
            | Q(einheit__icontains=value)
        )
