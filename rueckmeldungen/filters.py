"""The filter of the Datenpflege's message list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from rueckmeldungen.models import Rueckmeldung


class RueckmeldungFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Rueckmeldung.Status.choices, label=_("Status"), empty_label=_("alle")
    )
    art = django_filters.ChoiceFilter(
        label=_("Art"),
        choices=[
            ("allgemein", _("Rückmeldung zur Seite")),
            ("hinweis", _("Hinweis zu einer Maßnahme")),
        ],
        empty_label=_("alle"),
        method="_art",
    )

    class Meta:
        model = Rueckmeldung
        fields = ["status"]

    def _art(self, queryset, _name, wert):
        if wert == "hinweis":
            return queryset.filter(massnahme__isnull=False)
        if wert == "allgemein":
            return queryset.filter(massnahme__isnull=True)
        return queryset
