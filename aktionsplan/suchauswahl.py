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


# --- the same pattern in a form: a choice field over many rows ----------------------------------

# The search button's name; its value is the html name of the field whose list is searched.
SUCHE_KNOPF = "_suche"
SUCHE_ENDUNG = "__suche"
# Up to this many rows a choice lists them all, as before; beyond, the selected rows, the search
# field and at most FORMULAR_TREFFER matches.
KLEINE_AUSWAHL = 30
FORMULAR_TREFFER = 20


def suchbegriff_aus(roh: object) -> str:
    """The search term of a form's search field: text without control characters (PostgreSQL
    refuses NUL in a query), stripped, at most SUCHBEGRIFF_MAX_LAENGE characters; "" for
    anything else."""
    if not isinstance(roh, str):
        return ""
    text = "".join(z for z in roh if z >= " " and not "\x7f" <= z <= "\x9f")
    return text.strip()[:SUCHBEGRIFF_MAX_LAENGE]


@dataclass
class Option:
    wert: str
    name: str
    gewaehlt: bool
    id: str


class SuchAuswahlWidget(forms.Widget):
    """A choice over many rows (measures, actors) in a form, without JavaScript and at a cost that
    does not grow with the rows: the chosen rows as checked boxes (radios for a single choice),
    a search field with a "Suchen" button, and after a search at most ``FORMULAR_TREFFER``
    matches to tick. Up to ``KLEINE_AUSWAHL`` rows, all are listed as in a plain group of
    checkboxes. Queries: one for the chosen rows, one for the matches (or the small list).

    The button submits the whole form; ``SuchFormMixin`` then shows it again with every input
    kept and nothing saved or refused. The rows are the field's queryset, scoped by the view
    (``auswahl_eingrenzen``); ``suchfelder`` are text fields of the row matched with the folding
    lookup of aktionsplan.suche.
    """

    template_name = "aktionsplan/widgets/suchauswahl.html"
    ist_suchauswahl = True
    use_fieldset = True

    def __init__(self, *, suchfelder: Sequence[str], mehrfach: bool, attrs=None) -> None:
        super().__init__(attrs)
        self.suchfelder = tuple(suchfelder)
        self.allow_multiple_selected = mehrfach
        self.begriff = ""

    def value_from_datadict(self, data, files, name):
        self.begriff = suchbegriff_aus(data.get(name + SUCHE_ENDUNG, ""))
        if self.allow_multiple_selected:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name) -> bool:
        # An unticked group of boxes sends nothing: that means "none", not "left out".
        return False if self.allow_multiple_selected else name not in data

    def format_value(self, value) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        return [str(v) for v in value if v is not None and v != ""]

    def get_context(self, name, value, attrs) -> dict:
        context = super().get_context(name, value, attrs)
        iterator = self.choices
        zeilen, anzeige = iterator.queryset, iterator.field.label_from_instance
        ids = {int(v) for v in context["widget"]["value"] if v.isascii() and v.isdigit()}
        ids = {i for i in ids if i < 2**63}
        gewaehlt = list(zeilen.filter(pk__in=ids)) if ids else []
        gewaehlte_ids = {z.pk for z in gewaehlt}
        if self.begriff:
            treffer = list(
                zeilen.filter(suchbedingung(self.suchfelder, self.begriff)).exclude(
                    pk__in=gewaehlte_ids
                )[: FORMULAR_TREFFER + 1]
            )
            liste, klein, weitere = gewaehlt, False, len(treffer) > FORMULAR_TREFFER
        else:
            erste = list(zeilen[: KLEINE_AUSWAHL + 1])
            klein, treffer, weitere = len(erste) <= KLEINE_AUSWAHL, [], False
            liste = erste if klein else gewaehlt
        basis_id = context["widget"]["attrs"].get("id") or name
        optionen = [
            Option(str(z.pk), anzeige(z), z.pk in gewaehlte_ids, f"{basis_id}_{i}")
            for i, z in enumerate([*liste, *treffer[:FORMULAR_TREFFER]])
        ]
        context["widget"].update(
            # The chosen rows (or the whole small list) above the search field, the matches below.
            optionen=optionen[: len(liste)],
            treffer=optionen[len(liste) :],
            leer_option=not self.is_required and not self.allow_multiple_selected,
            nichts_gewaehlt=not gewaehlte_ids,
            typ="checkbox" if self.allow_multiple_selected else "radio",
            klein=klein,
            begriff=self.begriff,
            weitere=weitere,
            such_name=name + SUCHE_ENDUNG,
            such_id=f"{basis_id}{SUCHE_ENDUNG}",
            knopf_name=SUCHE_KNOPF,
        )
        return context

    def id_for_label(self, id_):
        return f"{id_}{SUCHE_ENDUNG}" if id_ else id_


def suchauswahl(
    feld: forms.ModelChoiceField, *, suchfelder: Sequence[str]
) -> forms.ModelChoiceField:
    """Give ``feld`` (a model choice field of a form) the searchable widget; returns it."""
    widget = SuchAuswahlWidget(
        suchfelder=suchfelder,
        mehrfach=isinstance(feld, forms.ModelMultipleChoiceField),
    )
    widget.is_required = feld.required
    widget.choices = feld.choices
    feld.widget = widget
    return feld


class SuchFormMixin:
    """For forms with a ``SuchAuswahlWidget``: a POST by a "Suchen" button is no submission while
    some search field holds a term. The form is shown again with every input kept, without
    errors, and ``is_valid()`` is False so that the view saves nothing; every list shows the
    matches of its own term.

    Enter in any field sends the form's first button, which may be a search button: with every
    search field empty that counts as the submission the person meant. Any term counts, not only
    the one of the button sent, because Enter in the second search field sends the first one's
    button.
    """

    def sucht(self) -> bool:
        if not self.is_bound or SUCHE_KNOPF not in self.data:
            return False
        for name, feld in self.fields.items():
            # Any typed term counts, even one the field then cleans away (control characters).
            roh = self.data.get(self.add_prefix(name) + SUCHE_ENDUNG, "")
            if isinstance(feld.widget, SuchAuswahlWidget) and isinstance(roh, str) and roh.strip():
                return True
        return False

    def full_clean(self) -> None:
        if self.sucht():
            from django.forms.utils import ErrorDict

            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def is_valid(self) -> bool:
        return super().is_valid() and not self.sucht()
