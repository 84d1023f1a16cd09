"""Filters of the findings list and the participation event list."""

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from aktionsplan.models import Beteiligungsformat, Plan, Raum, Thema
from aktionsplan.suche import Suchfilter
from monitoring.models import Erkenntnis
from projekte.models import Projektskizze


class ErkenntnisFilter(django_filters.FilterSet):
    q = Suchfilter(label=_("Suche"), felder=("titel", "text"))
    thema = django_filters.ModelChoiceFilter(
        field_name="themen",
        queryset=Thema.objects.geordnet(),
        label=_("Thema"),
        empty_label=_("alle Themen"),
    )
    raum = django_filters.ModelChoiceFilter(
        field_name="raeume",
        queryset=Raum.objects.order_by("ebene", "name"),
        label=_("Raum"),
        empty_label=_("alle Räume"),
    )
    beteiligungsformat = django_filters.ModelChoiceFilter(
        queryset=Beteiligungsformat.objects.order_by("-datum", "titel"),
        label=_("Beteiligungsformat"),
        empty_label=_("alle Beteiligungsformate"),
    )
    projekt = django_filters.ModelChoiceFilter(
        field_name="projekte",
        # Only measures that have findings: a shorter, useful list that does not grow with
        # every measure of every plan.
        queryset=Projektskizze.objects.filter(
            Exists(Erkenntnis.projekte.through.objects.filter(projektskizze=OuterRef("pk")))
        )
        .select_related("plan")
        .order_by("plan__name", "nummer"),
        label=_("Maßnahme"),
        help_text=_("Maßnahmen, zu denen Erkenntnisse erfasst sind"),
        empty_label=_("alle Maßnahmen"),
    )
    quelle = django_filters.ChoiceFilter(
        choices=Erkenntnis.Quelle.choices, label=_("Quelle"), empty_label=_("alle Quellen")
    )
    kernaussage = django_filters.ChoiceFilter(
        field_name="ist_kernaussage",
        choices=[("ja", _("nur Kernaussagen")), ("nein", _("keine Kernaussagen"))],
        label=_("Kernaussage"),
        empty_label=_("alle"),
        method="kernaussage_filtern",
    )

    class Meta:
        model = Erkenntnis
        fields = ["q", "thema", "raum", "beteiligungsformat", "projekt", "quelle", "kernaussage"]

    def kernaussage_filtern(
        self, queryset: QuerySet[Erkenntnis], name: str, value: str
    ) -> QuerySet[Erkenntnis]:
        if value not in ("ja", "nein"):
            return queryset
        return queryset.filter(ist_kernaussage=value == "ja")

    @property
    def qs(self) -> QuerySet[Erkenntnis]:
        # Filtering over M2M relations can repeat a row.
        return super().qs.distinct()


def _jahre_der_beteiligung() -> list[tuple[int, int]]:
    jahre = Beteiligungsformat.objects.dates("datum", "year", order="DESC")
    return [(d.year, d.year) for d in jahre]


class BeteiligungsformatFilter(django_filters.FilterSet):
    art = django_filters.ChoiceFilter(
        choices=Beteiligungsformat.Art.choices, label=_("Art"), empty_label=_("alle Arten")
    )
    raum = django_filters.ModelChoiceFilter(
        field_name="raeume",
        queryset=Raum.objects.order_by("ebene", "name"),
        label=_("Raum"),
        empty_label=_("alle Räume"),
    )
    plan = django_filters.ModelChoiceFilter(
        queryset=Plan.objects.order_by("name"), label=_("Plan"), empty_label=_("alle Pläne")
    )
    jahr = django_filters.ChoiceFilter(
        field_name="datum__year",
        choices=_jahre_der_beteiligung,
        label=_("Jahr"),
        empty_label=_("alle Jahre"),
    )

    class Meta:
        model = Beteiligungsformat
        fields = ["art", "raum", "plan", "jahr"]

    @property
    def qs(self) -> QuerySet[Beteiligungsformat]:
        return super().qs.distinct()
