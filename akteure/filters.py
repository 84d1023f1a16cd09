"""Filters for the actor and data source lists (GET forms; every page works without JavaScript)."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from akteure.models import Akteur, Akteurstyp, Datenquelle
from aktionsplan.models import Raum
from aktionsplan.suchauswahl import Suchauswahl, Suchbegriff
from aktionsplan.suche import Suchfilter

JA_NEIN = (("true", _("ja")), ("false", _("nein")))
ALLE = _("alle")


class AkteurFilter(django_filters.FilterSet):
    q = Suchfilter(label=_("Name oder Kurzname enthält"), felder=("name", "kurzname"))
    typ = django_filters.ModelChoiceFilter(
        label=_("Typ"),
        queryset=Akteurstyp.objects.order_by("reihenfolge", "name"),
        empty_label=ALLE,
    )
    ebene = django_filters.ChoiceFilter(
        label=_("Ebene"), choices=Akteur.Ebene.choices, empty_label=ALLE
    )
    raum = django_filters.ModelChoiceFilter(
        label=_("tätig in"),
        field_name="raeume",
        queryset=Raum.objects.order_by("name"),
        empty_label=ALLE,
    )
    aktiv = django_filters.ChoiceFilter(
        label=_("aktiv"), choices=JA_NEIN, empty_label=ALLE, method="nach_aktiv"
    )

    class Meta:
        model = Akteur
        fields = ["q", "typ", "ebene", "raum", "aktiv"]

    def nach_aktiv(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(aktiv=value == "true")


class DatenquelleFilter(django_filters.FilterSet):
    # Actors are many: searched, not listed (aktionsplan/suchauswahl.py).
    akteur = Suchauswahl(
        label=_("Akteur"),
        queryset=Akteur.objects.order_by("name"),
        suchfelder=("name", "kurzname"),
        bedingung=lambda akteure: Q(akteur__in=akteure),
    )
    akteur_suche = Suchbegriff(
        auswahl="akteur",
        label=_("Akteur"),
        help_text=_("Name oder Kurzname, auch ein Teil davon"),
    )
    raeumliche_ebene = django_filters.ChoiceFilter(
        label=_("räumliche Ebene"), choices=Raum.Ebene.choices, empty_label=ALLE
    )
    rhythmus = django_filters.ChoiceFilter(
        label=_("Rhythmus"), choices=Datenquelle.Rhythmus.choices, empty_label=ALLE
    )
    vertraulichkeit = django_filters.ChoiceFilter(
        label=_("Vertraulichkeit"), choices=Datenquelle.Vertraulichkeit.choices, empty_label=ALLE
    )

    class Meta:
        model = Datenquelle
        fields = ["akteur", "akteur_suche", "raeumliche_ebene", "rhythmus", "vertraulichkeit"]
