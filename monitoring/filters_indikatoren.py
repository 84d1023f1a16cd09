"""Filters of the indicator list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from akteure.models import Datenquelle
from aktionsplan.models import Raum, Thema, UNBRKArtikel
from aktionsplan.suche import Suchfilter
from monitoring.lieferung import ueberfaellige_ids
from monitoring.models import Indikator


class IndikatorFilter(django_filters.FilterSet):
    q = Suchfilter(label=_("Suche"), felder=("name", "beschreibung", "einheit"))
    thema = django_filters.ModelChoiceFilter(
        field_name="themen",
        queryset=Thema.objects.geordnet(),
        label=_("Thema"),
        empty_label=_("alle Themen"),
    )
    unbrk_artikel = django_filters.ModelChoiceFilter(
        field_name="unbrk_artikel",
        queryset=UNBRKArtikel.objects.order_by("nummer"),
        label=_("UN-BRK-Artikel"),
        empty_label=_("alle Artikel"),
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
    lieferung = django_filters.ChoiceFilter(
        choices=[("ueberfaellig", _("nur mit überfälliger Lieferung"))],
        label=_("Lieferung"),
        empty_label=_("alle"),
        method="nach_lieferung",
    )

    class Meta:
        model = Indikator
        fields = [
            "q",
            "thema",
            "unbrk_artikel",
            "datenquelle",
            "art",
            "raeumliche_ebene",
            "lieferung",
        ]

    def nach_lieferung(self, queryset, name: str, wert: str):
        """Overdue deliveries (monitoring.lieferung); one query for the keys."""
        if wert != "ueberfaellig":
            return queryset
        nutzer = getattr(self.request, "user", None)
        return queryset.filter(pk__in=ueberfaellige_ids(queryset, nutzer))
