from dataclasses import dataclass
from functools import update_wrapper

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import IGNORED_PARAMS, ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import HttpRequest
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aktionsplan import bereich
from aktionsplan.datenspalten import NAMEN_MAX, Verzeichnisart, namen_finden
from aktionsplan.eingaben import id_aus
from aktionsplan.querysets import BasisQuerySet
from aktionsplan.rollen import ist_datenpflege
from aktionsplan.suche import FaltendeSucheMixin


def ist_schluessel(feld: models.Field, wert: object) -> bool:
    """Whether a submitted ``wert`` can be a value of the key ``feld`` at all: for integer keys
    ASCII digits within the range aktionsplan.eingaben reads ids in (a number beyond the column
    fails on SQLite, "²" fails in Python); otherwise what the field reads, without NUL."""
    if isinstance(feld, models.IntegerField):
        return isinstance(wert, int) or id_aus(str(wert)) is not None
    try:
        feld.to_python(wert)
    except ValidationError:
        return False
    return "\x00" not in str(wert)


class _GepruefteFilter:
    """ChangeList part: filter parameters Django lets through to the database are wacky lookups
    like any other (answered with "?e=1"):

    * a NUL character: PostgreSQL refuses it in text ("A string literal cannot contain NUL");
    * a date hierarchy year out of the calendar's range ("year=10000", "year=2147483648"):
      Django catches only the ValueError of building the first day, not the ValueError or
      OverflowError of the last one or of a year beyond C's int.
    """

    def get_filters(self, request: HttpRequest):
        for schluessel, werte in self.filter_params.items():
            if schluessel in IGNORED_PARAMS:
                # The search term has its own NUL handling (aktionsplan.suche).
                continue
            if "\x00" in schluessel or any("\x00" in wert for wert in werte):
                raise IncorrectLookupParameters(f"NUL in {schluessel!r}")
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as fehler:
            raise IncorrectLookupParameters(fehler) from fehler


class EingabenMixin(FaltendeSucheMixin):
    """What every ModelAdmin of the site does with query parameters.

    * search: as on the staff pages (aktionsplan.suche: Unicode case folding, ß = ss, a bounded
      term, no NUL);
    * filters: every wacky filter parameter (NUL characters and date hierarchy years included)
      gets Django's own answer, a redirect to "?e=1", never a 500 (the file export of
      aktionsplan.admin_dateien too);
    * actions: a selected row that is no key ("abc", "²", a number beyond the column) is refused
      with a message; Django would filter by it and fail with a ValueError (a 500).
    """

    def get_changelist(self, request: HttpRequest, **kwargs) -> type[ChangeList]:
        basis = super().get_changelist(request, **kwargs)
        return type(basis.__name__, (_GepruefteFilter, basis), {})

    def response_action(self, request: HttpRequest, queryset):
        ausgewaehlt = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(ist_schluessel(self.model._meta.pk, wert) for wert in ausgewaehlt):
            self.message_user(
                request,
                _("Die Auswahl enthält Einträge, die es nicht gibt. Es wurde nichts geändert."),
                messages.ERROR,
            )
            return None
        return super().response_action(request, queryset)


class DatenpflegeAdminSite(admin.AdminSite):
    """The admin is the data stewards' tool: only the Datenpflege role (or a superuser) gets in,
    even if someone marks a Lesen or Redaktion account as staff.

    Every ModelAdmin registered here gets EingabenMixin, Django's own User and Group admins
    included, so no admin can forget it."""

    site_header = _("Aktionsplan – Datenpflege")
    site_title = _("Datenpflege")
    index_title = _("Stammdaten, Importe, Benutzer und Rollen")

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and ist_datenpflege(request.user))

    def admin_view(self, view, cacheable: bool = False):
        """Deny by default as on every other page (DESIGN.md): a logged-in person without the
        Datenpflege role gets 403 and the page that names the roles, not Django's redirect to
        the admin login (which reads as if the password were wrong). Anonymous requests are sent
        to the login page before they get here (LoginRequiredMiddleware); the admin's logout
        keeps Django's answer."""
        geschuetzt = super().admin_view(view, cacheable)

        def pruefen(request: HttpRequest, *args, **kwargs):
            if (
                request.user.is_authenticated
                and not self.has_permission(request)
                and request.path != reverse("admin:logout", current_app=self.name)
            ):
                raise PermissionDenied
            return geschuetzt(request, *args, **kwargs)

        return update_wrapper(pruefen, geschuetzt)

    def register(self, model_or_iterable, admin_class=None, **options) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, EingabenMixin):
            admin_class = type(
                admin_class.__name__,
                (EingabenMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)


class BereichListFilter(admin.RelatedFieldListFilter):
    """A changelist filter over a relation whose choices read through the scope hook."""

    def field_choices(self, field, request: HttpRequest, model_admin) -> list[tuple]:
        auswahl = field.related_model._default_manager.fuer(request.user).complex_filter(
            field.get_limit_choices_to()
        )
        if ordering := self.field_admin_ordering(field, request, model_admin):
            auswahl = auswahl.order_by(*ordering)
        return [(objekt.pk, str(objekt)) for objekt in auswahl]


# The text field beside an autocomplete field, for people without JavaScript: "<name>__namen".
NAMEN_ENDUNG = "__namen"


@dataclass(frozen=True)
class Namenseingabe:
    """What a person without JavaScript submitted for an autocomplete field: the names typed
    into its text field and what its ``<select>`` still held (a key, or a list of keys)."""

    text: str
    gewaehlt: object


class _GepruefteAutocompleteMixin:
    """Django's autocomplete widget looks the submitted values up again to show them when a form
    comes back with errors, and answers a value that is no key of the target ("abc", NUL, "²")
    with a ValueError: a 500 instead of the form's own message "Wählen Sie eine gültige Option".
    Values that the target's key field cannot read are left out of that look-up; the form field
    still refuses them.

    A single choice always starts with the empty option "---------", as Django's plain select
    does: HTML requires it of a required ``<select>`` (Django renders none there, or an empty
    ``<option>`` without text, which HTML forbids too). select2 shows it as its empty
    placeholder.

    Without JavaScript the ``<select>`` holds only what is chosen (the targets have thousands
    of rows, so not every option is rendered): a text field inside ``<noscript>`` takes the
    target's name (natural key) instead, several names one a line for a many-to-many field.
    Browsers with JavaScript neither show nor submit it. A typed name comes to the form field
    as a :class:`Namenseingabe`, which ``NamensAuswahlFeld``/``NamensMehrfachauswahlFeld``
    resolve within the field's queryset (the scope hook and ``limit_choices_to``); a typed
    name replaces the single choice, typed names add to the multiple choice.
    """

    template_name = "admin/widgets/autocomplete_ohne_js.html"
    namenshinweis = ""

    def value_from_datadict(self, data, files, name):
        gewaehlt = super().value_from_datadict(data, files, name)
        text = data.get(name + NAMEN_ENDUNG)
        if isinstance(text, str) and text.strip():
            return Namenseingabe(text, gewaehlt)
        return gewaehlt

    def value_omitted_from_data(self, data, files, name) -> bool:
        return super().value_omitted_from_data(data, files, name) and (
            name + NAMEN_ENDUNG not in data
        )

    def get_context(self, name, value, attrs):
        text = ""
        if isinstance(value, Namenseingabe):
            text, value = value.text, value.gewaehlt
        context = super().get_context(name, value, attrs)
        feld = capfirst(self.field.verbose_name)
        kennung = f"{context['widget']['attrs'].get('id') or 'id_' + name}{NAMEN_ENDUNG}"
        if self.allow_multiple_selected:
            beschriftung = gettext("%(feld)s ohne JavaScript: Namen eingeben") % {"feld": feld}
            hinweis = gettext(
                "Einen Namen je Zeile (oder durch Kommas getrennt), höchstens %(max)d. Die "
                "eingegebenen Einträge kommen zu den oben ausgewählten hinzu; oben abgewählte "
                "werden entfernt."
            ) % {"max": NAMEN_MAX}
        else:
            beschriftung = gettext("%(feld)s ohne JavaScript: Name eingeben") % {"feld": feld}
            hinweis = gettext(
                "Der eingegebene Eintrag ersetzt die Auswahl oben. Leer lassen, um sie zu behalten."
            )
        context["namen"] = {
            "name": name + NAMEN_ENDUNG,
            "id": kennung,
            "hilfe_id": f"{kennung}_hilfe",
            "text": text,
            "mehrere": self.allow_multiple_selected,
            "beschriftung": beschriftung,
            "hinweis": " ".join(h for h in (str(self.namenshinweis), hinweis) if h),
        }
        return context

    def optgroups(self, name, value, attr=None):
        ziel = self.field.remote_field.model._meta
        schluessel = ziel.get_field(getattr(self.field.remote_field, "field_name", ziel.pk.name))
        gruppen = super().optgroups(name, [w for w in value if ist_schluessel(schluessel, w)], attr)
        if not self.allow_multiple_selected:
            optionen = gruppen[0][1]
            if optionen and optionen[0]["value"] == "":
                optionen.pop(0)
            leer = BLANK_CHOICE_DASH[0][1]
            optionen.insert(0, self.create_option(name, "", leer, not optionen, 0))
        return gruppen


class GepruefteAutocompleteSelect(_GepruefteAutocompleteMixin, AutocompleteSelect):
    pass


class GepruefteAutocompleteSelectMultiple(_GepruefteAutocompleteMixin, AutocompleteSelectMultiple):
    pass


# A target whose admin names no Verzeichnisart: its rows are named as they are listed (str()),
# the whole (scoped) table loaded to compare; tests/admin/test_ohne_js.py asserts every target
# of the site names one.
_NACH_ANZEIGE = Verzeichnisart(
    abfrage=lambda: None,
    schluessel=(str,),
    export=str,
    unbekannt=_("„%(wert)s“ ist kein bekannter Eintrag."),
)


class NamensAuswahlFeld(ModelChoiceField):
    """A single choice that also takes a typed name (:class:`Namenseingabe`), looked up by the
    target's natural keys within ``queryset`` (aktionsplan.datenspalten.namen_finden); an
    unknown or ambiguous name is this field's error."""

    def __init__(self, *args, verzeichnisart: Verzeichnisart = _NACH_ANZEIGE, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.verzeichnisart = verzeichnisart

    def to_python(self, value):
        if isinstance(value, Namenseingabe):
            (objekt,) = namen_finden(self.verzeichnisart, self.queryset, value.text)
            return objekt
        return super().to_python(value)

    def has_changed(self, initial, data) -> bool:
        return isinstance(data, Namenseingabe) or super().has_changed(initial, data)


class NamensMehrfachauswahlFeld(ModelMultipleChoiceField):
    """A multiple choice that also takes typed names (:class:`Namenseingabe`, one a line or
    separated by commas), added to the chosen ones; see ``NamensAuswahlFeld``."""

    def __init__(self, *args, verzeichnisart: Verzeichnisart = _NACH_ANZEIGE, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.verzeichnisart = verzeichnisart

    def clean(self, value):
        if isinstance(value, Namenseingabe):
            objekte = namen_finden(self.verzeichnisart, self.queryset, value.text, liste=True)
            gewaehlt = value.gewaehlt if isinstance(value.gewaehlt, (list, tuple)) else []
            schluessel = self.to_field_name or "pk"
            value = [*gewaehlt, *(str(o.serializable_value(schluessel)) for o in objekte)]
        return super().clean(value)

    def has_changed(self, initial, data) -> bool:
        return isinstance(data, Namenseingabe) or super().has_changed(initial, data)


class BereichAdminMixin:
    """Put first in the bases of every ModelAdmin and inline of the project: its changelist, change
    and delete pages, export, autocomplete, the choices of its forms and of its changelist filters
    read through the Kommune scope hook (aktionsplan.querysets.BasisQuerySet.fuer). Its
    autocomplete fields survive a submitted value that is no key (see
    ``_GepruefteAutocompleteMixin``)."""

    def _namen_annehmen(self, db_field, widget_klasse, feld_klasse, kwargs: dict) -> None:
        """An autocomplete field with its text field for people without JavaScript: the names
        are those of the Verzeichnisart the target's ModelAdmin declares
        (``namensverzeichnis``, the import's natural keys)."""
        art = getattr(
            self.admin_site._registry.get(db_field.related_model), "namensverzeichnis", None
        )
        widget = widget_klasse(db_field, self.admin_site, using=kwargs.get("using"))
        widget.namenshinweis = art.hinweis if art is not None else ""
        kwargs["widget"] = widget
        kwargs["form_class"] = feld_klasse
        kwargs["verzeichnisart"] = art or _NACH_ANZEIGE

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            self._namen_annehmen(db_field, GepruefteAutocompleteSelect, NamensAuswahlFeld, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            self._namen_annehmen(
                db_field, GepruefteAutocompleteSelectMultiple, NamensMehrfachauswahlFeld, kwargs
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).fuer(request.user)

    def _geteilt_gesperrt(self, request: HttpRequest) -> bool:
        """Rows shared by the region are read-only for one Kommune's staff in a region (their
        delete page would list and touch other Kommunen's measures: QA 2026-11-30, M2)."""
        return bereich.ist_geteilt(self.model) and not bereich.darf_geteilte_schreiben(request.user)

    def has_add_permission(self, request: HttpRequest, *args, **kwargs) -> bool:
        if self._geteilt_gesperrt(request):
            return False
        return super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if self._geteilt_gesperrt(request):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if self._geteilt_gesperrt(request):
            return False
        return super().has_delete_permission(request, obj)

    def get_exclude(self, request: HttpRequest, obj=None):
        """The owning Kommune of a row (aktionsplan.bereich) is asked only once the installation
        has several Kommunen: with one, every row belongs to it, and the forms stay as they
        were."""
        ausgeschlossen = super().get_exclude(request, obj)
        try:
            feld = self.model._meta.get_field("kommune")
        except FieldDoesNotExist:
            return ausgeschlossen
        if not feld.null or not feld.editable or bereich.mehrere_kommunen():
            return ausgeschlossen
        return [*(ausgeschlossen or ()), "kommune"]

    def get_field_queryset(self, db, db_field, request: HttpRequest):
        auswahl = super().get_field_queryset(db, db_field, request)
        basis = auswahl
        if basis is None:
            basis = db_field.remote_field.model._default_manager.using(db).all()
        return basis.fuer(request.user) if isinstance(basis, BasisQuerySet) else auswahl

    def get_list_filter(self, request: HttpRequest):
        filter_ = []
        for eintrag in super().get_list_filter(request):
            if isinstance(eintrag, str) and "__" not in eintrag:
                feld = self.model._meta.get_field(eintrag)
                if feld.is_relation and isinstance(
                    feld.related_model._default_manager.all(), BasisQuerySet
                ):
                    eintrag = (eintrag, BereichListFilter)
            filter_.append(eintrag)
        return filter_
