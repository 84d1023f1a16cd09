"""A list filter over many rows (actors, people) as a search field instead of a ``<select>``.

A ``<select>`` with every actor or every user grows the page with the data. Here the filter is two
GET parameters, and the page costs the same however many rows there are:

* the exact id (``?akteur=12``; links from other pages use it): ``Suchauswahl``, a hidden form
  field, validated with one query for the chosen row. The search field shows the chosen row's
  name with a link that removes the choice.
* a search term (``?akteur_suche=hilfe``): ``Suchbegriff``, matched with the folding lookup of
  aktionsplan.suche (case and umlauts, "übergänge" finds "Übergänge") against the row's
  ``suchfelder``. The list shows the rows of *any* match (a subquery, no query of its own); below
  the field the page lists at most ``TREFFER_HOECHSTENS`` matches as links that narrow the list
  to one of them (one query, and a COUNT only when there are more).
* A term wins over an id sent with it: the user typed a new search into a form that still
  carried the last choice. The hidden id is then not rendered again.

The rows that can be chosen or found are the id field's queryset, which ``auswahl_eingrenzen``
scopes like every other choice. Declare both filters in the FilterSet::

    akteur = Suchauswahl(label=…, queryset=…, suchfelder=("name", "kurzname"), bedingung=…)
    akteur_suche = Suchbegriff(auswahl="akteur", label=…, help_text=…)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.db.models import Model, Q, QuerySet
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from aktionsplan.suche import SUCHBEGRIFF_MAX_LAENGE, suchbedingung

TREFFER_HOECHSTENS = 10
# Parameters of the page position: a narrowed or widened list starts on its first page again.
SEITENPARAMETER = ("page",)


@dataclass
class Treffer:
    name: str
    url: str


@dataclass
class Suchergebnis:
    """What the search field shows besides the input (templates/aktionsplan/includes/
    _suchauswahl.html)."""

    feld_id: str
    id_parameter: str
    gewaehlt: Model | None = None
    gewaehlt_name: str = ""
    aufheben_url: str = ""
    begriff: str = ""
    treffer: list[Treffer] = field(default_factory=list)
    anzahl: int = 0

    @property
    def weitere(self) -> int:
        """Matches beyond the listed ones."""
        return self.anzahl - len(self.treffer)


def _url(daten: QueryDict, *, setzen: dict[str, str], entfernen: Iterable[str]) -> str:
    """``?…`` for the current parameters with ``setzen`` set and ``entfernen`` removed."""
    parameter = daten.copy()
    for name in entfernen:
        parameter.pop(name, None)
    for name, wert in setzen.items():
        parameter[name] = wert
    return f"?{parameter.urlencode()}"


class AuswahlImSuchfeld(forms.HiddenInput):
    """The hidden id field renders nothing of its own: the search field renders it next to the
    chosen row's name, and leaves it out when a new term replaces the choice."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        return ""


class SuchbegriffInput(forms.TextInput):
    """The text input, followed by the chosen row or the list of matches."""

    ergebnis: Callable[[], Suchergebnis | None] | None = None

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        eingabe = super().render(name, value, attrs, renderer)
        ergebnis = self.ergebnis() if self.ergebnis else None
        if ergebnis is None:
            return eingabe
        # Both are SafeStrings (rendered templates), and so is their sum.
        return eingabe + render_to_string("aktionsplan/includes/_suchauswahl.html", {"e": ergebnis})


class Suchauswahl(django_filters.ModelChoiceFilter):
    """The exact-id parameter of a searchable choice (see the module docstring).

    ``suchfelder``: text fields (or aliases of ``queryset``) the term is matched against.
    ``bedingung``: given the chosen rows (a queryset or a list), the condition on the list's
    queryset, e.g. ``lambda akteure: Q(akteur__in=akteure)``. ``anzeige``: a row's name.
    ``seitenparameter``: the page position, dropped by the links that narrow or widen the list.
    The attribute name in the FilterSet is the parameter (no ``field_name``: ``bedingung`` says
    what is filtered).
    """

    def __init__(
        self,
        *,
        suchfelder: Sequence[str],
        bedingung: Callable[[QuerySet | list], Q],
        anzeige: Callable[[Model], str] = str,
        seitenparameter: Sequence[str] = SEITENPARAMETER,
        **kwargs,
    ) -> None:
        kwargs.setdefault("widget", AuswahlImSuchfeld)
        super().__init__(**kwargs)
        self.suchfelder = tuple(suchfelder)
        self.bedingung = bedingung
        self.anzeige = anzeige
        self.seitenparameter = tuple(seitenparameter)

    def auswahl(self) -> QuerySet:
        """The rows that can be chosen: the form field's queryset, scoped by the view."""
        return self.parent.form.fields[self.field_name].queryset

    def treffer(self, begriff: str) -> QuerySet:
        """The choosable rows that match ``begriff`` (a lazy queryset, usable as a subquery)."""
        return self.auswahl().filter(suchbedingung(self.suchfelder, begriff))

    def begriff(self) -> str:
        """The valid search term sent with this id ("" for none)."""
        for filter_ in self.parent.filters.values():
            if isinstance(filter_, Suchbegriff) and filter_.auswahl == self.field_name:
                return filter_.gueltiger_begriff()
        return ""

    def filter(self, qs: QuerySet, value: Model | None) -> QuerySet:
        if value is None or self.begriff():
            return qs
        return qs.filter(self.bedingung([value]))


class Suchbegriff(django_filters.CharFilter):
    """The search term of a ``Suchauswahl`` named ``auswahl`` (see the module docstring).

    The term is stripped; an empty one filters nothing; more than ``max_length`` (default
    SUCHBEGRIFF_MAX_LAENGE) characters or a NUL character are validation errors of the form.
    """

    def __init__(self, *, auswahl: str, **kwargs) -> None:
        kwargs.setdefault("max_length", SUCHBEGRIFF_MAX_LAENGE)
        kwargs.setdefault("widget", SuchbegriffInput)
        super().__init__(**kwargs)
        self.auswahl = auswahl

    @property
    def field(self) -> forms.Field:
        feld = super().field
        # Widgets are copied shallowly with their form field, so the copy in the form keeps this.
        feld.widget.ergebnis = self.ergebnis
        return feld

    def _auswahl_filter(self) -> Suchauswahl:
        return self.parent.filters[self.auswahl]

    def gueltiger_begriff(self) -> str:
        """The stripped term if it passed validation, else ""."""
        if not self.parent.is_bound:
            return ""
        form = self.parent.form
        form.is_valid()
        return (form.cleaned_data.get(self.field_name) or "").strip()

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        begriff = (value or "").strip()
        if not begriff:
            return qs
        auswahl = self._auswahl_filter()
        return qs.filter(auswahl.bedingung(auswahl.treffer(begriff)))

    def ergebnis(self) -> Suchergebnis | None:
        """The chosen row or the matches, for the page; None when neither is asked for.

        Cost: no query for a chosen row (the form has read it); one for the matches, and a
        COUNT when there are more than TREFFER_HOECHSTENS."""
        if hasattr(self, "_ergebnis"):
            return self._ergebnis
        self._ergebnis = None
        if not self.parent.is_bound:
            return None
        auswahl = self._auswahl_filter()
        form, daten = self.parent.form, self.parent.data
        form.is_valid()
        ergebnis = Suchergebnis(
            feld_id=form[self.field_name].auto_id or self.field_name,
            id_parameter=auswahl.field_name,
        )
        entfernen = (*auswahl.seitenparameter, self.field_name)
        if begriff := self.gueltiger_begriff():
            gefunden = list(auswahl.treffer(begriff)[: TREFFER_HOECHSTENS + 1])
            ergebnis.begriff = begriff
            ergebnis.anzahl = len(gefunden)
            if len(gefunden) > TREFFER_HOECHSTENS:
                ergebnis.anzahl = auswahl.treffer(begriff).count()
            ergebnis.treffer = [
                Treffer(
                    auswahl.anzeige(zeile),
                    _url(daten, setzen={auswahl.field_name: str(zeile.pk)}, entfernen=entfernen),
                )
                for zeile in gefunden[:TREFFER_HOECHSTENS]
            ]
        elif (gewaehlt := getattr(form, "cleaned_data", {}).get(auswahl.field_name)) is not None:
            ergebnis.gewaehlt = gewaehlt
            ergebnis.gewaehlt_name = auswahl.anzeige(gewaehlt)
            ergebnis.aufheben_url = _url(
                daten, setzen={}, entfernen=(*entfernen, auswahl.field_name)
            )
        else:
            return None
        self._ergebnis = ergebnis
        return ergebnis
