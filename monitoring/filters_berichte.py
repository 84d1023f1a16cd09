"""Filters of the findings list and the participation event list."""

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from aktionsplan.models import Beteiligungsformat, Plan, Raum, Thema
from aktionsplan.suchauswahl import Suchauswahl, Suchbegriff
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
    # Events and measures grow with the data: searched, not listed (aktionsplan/suchauswahl.py);
    # ?beteiligungsformat=<id> and ?projekt=<id> from other pages still choose one.
    beteiligungsformat = Suchauswahl(
        label=_("Beteiligungsformat"),
        queryset=Beteiligungsformat.objects.order_by("-datum", "titel"),
        suchfelder=("titel",),
        bedingung=lambda formate: Q(beteiligungsformat__in=formate),
    )
    beteiligungsformat_suche = Suchbegriff(
        auswahl="beteiligungsformat",
        label=_("Beteiligungsformat"),
        help_text=_("Titel, auch ein Teil davon"),
    )
    projekt = Suchauswahl(
        label=_("Maßnahme"),
        # Only measures that have findings.
        queryset=Projektskizze.objects.filter(
            Exists(Erkenntnis.projekte.through.objects.filter(projektskizze=OuterRef("pk")))
        )
        .select_related("plan")
        .order_by("plan__name", "nummer"),
        suchfelder=("titel",),
        bedingung=lambda projekte: Q(
            pk__in=Erkenntnis.projekte.through.objects.filter(projektskizze__in=projekte).values(
                "erkenntnis_id"
            )
        ),
    )
    projekt_suche = Suchbegriff(
        auswahl="projekt",
        label=_("Maßnahme"),
        help_text=_("Titel einer Maßnahme mit Erkenntnissen, auch ein Teil davon"),
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
        fields = [
            "q",
            "thema",
            "raum",
            "beteiligungsformat",
            "beteiligungsformat_suche",
            "projekt",
            "projekt_suche",
            "quelle",
            "kernaussage",
        ]

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
