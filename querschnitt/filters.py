"""The filter of the audit page "Letzte Änderungen" (a GET form; works without JavaScript).

It filters every history table alike (``filter_queryset`` on each table's queryset; all of them
have ``history_user`` and ``history_date``); the "Art der Daten" choice selects the tables.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aktionsplan.forms import DatumInput
from aktionsplan.historie import historienmodell
from aktionsplan.personen import PERSONEN_SUCHFELDER, anzeigename, durchsuchbar
from aktionsplan.suchauswahl import Suchauswahl, Suchbegriff
from querschnitt.aenderungen import Quelle, quellen

ALLE = _("alle")
# Dates outside this range cannot be changes of this application; they would not even convert to
# the database's time zone at the edges of the calendar.
FRUEHESTENS = datetime.date(2000, 1, 1)
SPAETESTENS = datetime.date(9998, 12, 31)
DATUM_PRUEFUNG = [
    MinValueValidator(FRUEHESTENS, message=_("Bitte geben Sie ein Datum ab dem 1. 1. 2000 an.")),
    MaxValueValidator(SPAETESTENS, message=_("Bitte geben Sie ein früheres Datum an.")),
]


def _tagesbeginn(tag: datetime.date) -> datetime.datetime:
    """Midnight of ``tag`` in the site's time zone: a range on the indexed column itself."""
    return timezone.make_aware(datetime.datetime.combine(tag, datetime.time.min))


class AenderungFilterForm(forms.Form):
    def clean(self) -> dict:
        daten = super().clean()
        von, bis = daten.get("von"), daten.get("bis")
        if von and bis and von > bis:
            raise ValidationError(
                _("Das Datum „von“ liegt nach dem Datum „bis“."), code="zeitraum_verkehrt"
            )
        return daten


class AenderungFilter(django_filters.FilterSet):
    # People are many: searched, not listed (aktionsplan/suchauswahl.py). The page goes by a
    # cursor ("vor", "nach"); a narrowed or widened list starts at the newest changes again.
    person = Suchauswahl(
        label=_("Person"),
        queryset=durchsuchbar(
            get_user_model().objects.order_by("last_name", "first_name", "username")
        ),
        suchfelder=PERSONEN_SUCHFELDER,
        bedingung=lambda personen: Q(history_user__in=personen),
        anzeige=anzeigename,
        seitenparameter=("vor", "nach"),
    )
    person_suche = Suchbegriff(
        auswahl="person",
        label=_("Person"),
        help_text=_("Vor- oder Nachname oder Benutzername, auch ein Teil davon"),
    )
    modell = django_filters.ChoiceFilter(
        label=_("Art der Daten"), choices=[], empty_label=ALLE, method="alle_zeilen"
    )
    von = django_filters.DateFilter(
        label=_("von (Datum)"), method="ab_tag", widget=DatumInput(), validators=DATUM_PRUEFUNG
    )
    bis = django_filters.DateFilter(
        label=_("bis (Datum, einschließlich)"),
        method="bis_tag",
        widget=DatumInput(),
        validators=DATUM_PRUEFUNG,
    )

    class Meta:
        form = AenderungFilterForm

    def __init__(self, data=None, **kwargs) -> None:
        # The base queryset is never read: the page filters each history table's own rows.
        kwargs.setdefault("queryset", historienmodell(get_user_model()).objects.none())
        super().__init__(data, **kwargs)
        self.form.fields["modell"].choices = [
            ("", ALLE),
            *sorted(((q.schluessel, q.name) for q in quellen()), key=lambda c: c[1]),
        ]

    def auswahl(self) -> list[Quelle]:
        """The history tables the page reads (all unless one kind of data is chosen)."""
        gewaehlt = self.form.cleaned_data.get("modell") if self.form.is_valid() else None
        return [q for q in quellen() if not gewaehlt or q.schluessel == gewaehlt]

    def alle_zeilen(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset

    def ab_tag(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(history_date__gte=_tagesbeginn(value))

    def bis_tag(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(history_date__lt=_tagesbeginn(value + datetime.timedelta(days=1)))
