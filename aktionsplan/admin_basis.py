"""The admin keeps the staff pages' promises: the same rules, the same lock, the same history.

``VersioniertAdmin`` (for every ModelAdmin of a ``Versioniert`` model) and ``VersioniertInline``
route every save and delete — change forms, inlines, delete confirmations, bulk deletes —
through ``aktionsplan.sperre``: the model's ``full_clean()`` and constraints with their German
sentences, the optimistic lock (a stale save answers HTTP 409 with the input kept and names who
changed which field when), one history row per change that names the user, and the parent's
version for a measure's children. Rows that are history themselves (status reports) are
read-only.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects, flatten_fieldsets, quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape, format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from aktionsplan import bereich, einmal
from aktionsplan.eingaben import ganzzahl
from aktionsplan.forms import AdminDatumInput, DeutscheZahlField
from aktionsplan.historie import wert_text
from aktionsplan.sperre import (
    VeralteterStandError,
    VersionFormMixin,
    Versioniert,
    ist_veraltet,
    loeschen,
    speichern,
    veraltet_beschreiben,
)

VERSION_FELD = "geoeffnete_version"


class _VersionVerborgen(forms.HiddenInput):
    """A hidden input (the version, the one-time mark) which no label points at: the admin
    renders a label for every field of its fieldsets (hidden with the row), and HTML allows a
    label's ``for`` only on a visible control."""

    def id_for_label(self, id_: str) -> str:
        return ""


class _Einmalfeld(forms.CharField):
    """The one-time mark's field: fresh per rendering, so it never counts as a change (an
    unchanged save must stay one, aktionsplan.sperre)."""

    def has_changed(self, initial, data) -> bool:
        return False


class VersioniertAdminForm(VersionFormMixin, forms.ModelForm):
    """Admin form that refuses a stale save already while validating (nothing is written). The
    form carries a one-time mark (aktionsplan.einmal): a repeated POST adds or saves nothing."""

    einmalmarke = _Einmalfeld(widget=_VersionVerborgen, required=False, max_length=64)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FELD].widget = _VersionVerborgen()
        self.initial[einmal.FELD] = einmal.neue_marke()

    def clean(self):
        daten = super().clean()
        instanz = self.instance
        geoeffnet = daten.get(VERSION_FELD)
        if not instanz.pk or geoeffnet is None or not isinstance(instanz, Versioniert):
            return daten
        modell = type(instanz)
        aktuell = modell._base_manager.filter(pk=instanz.pk).values_list("version", flat=True)
        if aktuell.first() != geoeffnet:
            self.veraltet_zeigen(
                VeralteterStandError(veraltet_beschreiben(modell, instanz.pk, geoeffnet))
            )
        return daten


def _m2m(form: forms.ModelForm) -> dict:
    return {
        f.name: form.cleaned_data[f.name]
        for f in form.instance._meta.many_to_many
        if f.name in form.cleaned_data
    }


def _felder(form: forms.ModelForm) -> list[str]:
    return [
        f.name
        for f in form.instance._meta.concrete_fields
        if f.name in form.cleaned_data and not f.primary_key
    ]


def _fieldsets_mit_version(fieldsets) -> list:
    fieldsets = list(fieldsets)
    if fieldsets and VERSION_FELD not in flatten_fieldsets(fieldsets):
        name, optionen = fieldsets[-1]
        fieldsets[-1] = (name, {**optionen, "fields": [*optionen["fields"], VERSION_FELD]})
    return fieldsets


class VersioniertAdminMixin:
    form = VersioniertAdminForm
    # Numbers as on the staff pages and in the imports: "2,5" and "1.234,5" (aktionsplan.forms).
    # Dates with every Unicode digit read as 0–9, like numbers and the imports (eingaben).
    formfield_overrides = {
        models.DecimalField: {"form_class": DeutscheZahlField},
        models.DateField: {"widget": AdminDatumInput},
    }
    # No facet counts (``?_facets=True``): one COUNT per filter option over the whole table took
    # 15 s for the values' changelist at 100× the demo. The filters themselves stay.
    show_facets = admin.ShowFacets.NEVER

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        """Help texts are plain text (the models' help texts speak of "< N"); the admin puts
        them into the page unescaped (``|safe``), so they are escaped here."""
        feld = super().formfield_for_dbfield(db_field, request, **kwargs)
        if feld is not None and feld.help_text:
            feld.help_text = escape(feld.help_text)
        return feld

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if getattr(self.model, "unveraenderlich", False):
            return fieldsets  # shown read-only: nothing to carry
        return _fieldsets_mit_version(fieldsets)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if getattr(self.model, "unveraenderlich", False):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if getattr(self.model, "unveraenderlich", False):
            return False
        return super().has_delete_permission(request, obj)


class HistorienKontext(HistoricalRecordContextHelper):
    """The admin's history list reads like the staff pages' history: German notation, choices
    by their label, "(gelöscht)" for a related row deleted since, names for relations."""

    def stringify_delta_change_values(self, change, old, new):
        feld = self.model._meta.get_field(change.field)

        def text(wert) -> str:
            if isinstance(wert, list):
                return ", ".join(sorted(text(w) for w in wert)) or "–"
            if isinstance(wert, DeletedObject):
                return gettext("(gelöscht)")
            return wert_text(wert, None if feld.is_relation else feld)

        return escape(text(old)), escape(text(new))


# Entries per level of the delete confirmation's lists (see VersioniertAdmin.get_deleted_objects).
LOESCHLISTE_HOECHSTENS = 50


def _zuordnungsfeld(modell: type[models.Model]) -> models.ManyToManyField | None:
    """The many-to-many field whose automatic link table ``modell`` is, or None."""
    quelle = modell._meta.auto_created
    if not quelle:
        return None
    return next((f for f in quelle._meta.many_to_many if f.remote_field.through is modell), None)


def _zuordnungsname(feld: models.ManyToManyField) -> str:
    """How a delete page names the rows of a link table: "Zuordnung „Weitere Themen“"."""
    return gettext("Zuordnung „%(feld)s“") % {"feld": capfirst(str(feld.verbose_name))}


def _gekuerzt(verschachtelt: list, zeile) -> list:
    """A nested list as ``NestedObjects.nested()`` returns it (an object, then the list of what
    hangs off it), each level cut after LOESCHLISTE_HOECHSTENS objects, formatted by ``zeile``."""
    ergebnis: list = []
    objekte = 0
    for eintrag in verschachtelt:
        if isinstance(eintrag, list):
            if objekte <= LOESCHLISTE_HOECHSTENS:
                ergebnis.append(_gekuerzt(eintrag, zeile))
            continue
        objekte += 1
        if objekte <= LOESCHLISTE_HOECHSTENS:
            ergebnis.append(zeile(eintrag))
    if objekte > LOESCHLISTE_HOECHSTENS:
        weitere = objekte - LOESCHLISTE_HOECHSTENS
        ergebnis.append(
            ngettext(
                "… und %(anzahl)s weiterer Eintrag", "… und %(anzahl)s weitere Einträge", weitere
            )
            % {"anzahl": weitere}
        )
    return ergebnis


class VersioniertAdmin(VersioniertAdminMixin, SimpleHistoryAdmin):
    """ModelAdmin whose writes go through the one write path (see module docstring)."""

    def get_historical_record_context_helper(self, request, historical_record):
        return HistorienKontext(self.model, historical_record)

    def _verlauf_im_bereich(self, request: HttpRequest, object_id: str) -> None:
        """simple-history shows the history of a row ``get_queryset`` does not find (a deleted
        one) from its last historical record: for a person responsible for some Kommunen only,
        a row of another Kommune answers 404, a deleted one too unless its last state belongs to
        one of theirs (aktionsplan.bereich). Nothing to check (no query) otherwise."""
        if bereich.sichtbare_kommunen(request.user) is None:
            return
        object_id = unquote(object_id)
        if self.get_queryset(request).filter(pk=object_id).exists():
            return
        if self.model._base_manager.filter(pk=object_id).exists():
            raise Http404
        letzter = self.model.history.filter(id=object_id).order_by("-history_date").first()
        if letzter is None or not bereich.darf_kommune(
            request.user, bereich.kommune_von(letzter.instance)
        ):
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._verlauf_im_bereich(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if change and not form.has_changed():
            # Saving an unchanged form changes nothing: no version, no history row.
            return
        speichern(
            obj,
            benutzer=request.user,
            erwartete_version=form.cleaned_data.get(VERSION_FELD) if change else None,
            felder=_felder(form) if change else None,
            m2m=_m2m(form),
        )

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        # The form's many-to-many relations were set by save_model within its history row.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if not issubclass(formset.model, Versioniert):
            super().save_formset(request, form, formset, change)
            return
        formset.save(commit=False)
        versionen = {
            id(f.instance): f.cleaned_data.get(VERSION_FELD)
            for f in formset.initial_forms
            if getattr(f, "cleaned_data", None)
        }
        formulare = {id(f.instance): f for f in formset.forms}
        for obj in formset.deleted_objects:
            loeschen(obj, benutzer=request.user, erwartete_version=versionen.get(id(obj)))
        for obj, _geaendert in formset.changed_objects:
            inline_form = formulare[id(obj)]
            speichern(
                obj,
                benutzer=request.user,
                erwartete_version=versionen.get(id(obj)),
                felder=_felder(inline_form),
                m2m=_m2m(inline_form),
            )
        for obj in formset.new_objects:
            speichern(obj, benutzer=request.user, m2m=_m2m(formulare[id(obj)]))

    delete_confirmation_template = "admin/versioniert_delete_confirmation.html"

    def get_deleted_objects(self, objs, request: HttpRequest):
        """Django's list of what a delete takes along or is blocked by, with each level of it
        shortened to ``LOESCHLISTE_HOECHSTENS`` entries and "… und N weitere" (the numbers per
        model stay complete). Django formats every related row with a link and a permission
        check: an area with 3,300 values and 100 measures took 1.4-2 s and 820 KB at 100x.
        The delete permission is asked once per model (no admin here decides per row)."""
        try:
            erstes = objs[0]
        except IndexError:
            return [], {}, set(), []
        sammler = NestedObjects(using=router.db_for_write(erstes._meta.model), origin=objs)
        sammler.collect(objs)
        fehlende_rechte: set[str] = set()
        for modell, objekte in sammler.model_objs.items():
            model_admin = self.admin_site._registry.get(modell)
            if (
                model_admin is not None
                and objekte
                and not model_admin.has_delete_permission(request, next(iter(objekte)))
            ):
                fehlende_rechte.add(modell._meta.verbose_name)

        def zeile(obj) -> str:
            opts = obj._meta
            if self.admin_site.is_registered(obj.__class__):
                try:
                    url = reverse(
                        f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                        args=(quote(obj.pk),),
                    )
                except NoReverseMatch:
                    pass
                else:
                    return format_html(
                        '{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj
                    )
            if zuordnung := _zuordnungsfeld(obj.__class__):
                # A row of a many-to-many link: what it links, not "Projektskizze_themen
                # object (3)" (QA 2026-11-29, F-14).
                von, zu = (
                    getattr(obj, f.name)
                    for f in opts.concrete_fields
                    if f.is_relation and f.many_to_one
                )
                return f"{_zuordnungsname(zuordnung)}: {von} – {zu}"
            return f"{capfirst(opts.verbose_name)}: {obj}"

        geschuetzt = list(sammler.protected)
        return (
            _gekuerzt(sammler.nested(), zeile),
            {
                (
                    _zuordnungsname(zuordnung)
                    if (zuordnung := _zuordnungsfeld(modell))
                    else modell._meta.verbose_name_plural
                ): len(objekte)
                for modell, objekte in sammler.model_objs.items()
            },
            fehlende_rechte,
            _gekuerzt(geschuetzt, zeile),
        )

    def delete_model(self, request: HttpRequest, obj) -> None:
        gezeigt = ganzzahl(request.POST.get(VERSION_FELD))
        loeschen(obj, benutzer=request.user, erwartete_version=gezeigt)

    def delete_view(self, request: HttpRequest, object_id, extra_context=None) -> HttpResponse:
        if request.method == "POST":
            # Once per rendered confirmation (aktionsplan.einmal): a double click deletes once
            # and shows the first result, not a "does not exist" for the second click.
            return einmal.einmal_ausfuehren(
                request,
                lambda: self._loeschseite(request, object_id, extra_context),
                rueckfall=reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"),
            )
        return self._loeschseite(request, object_id, extra_context)

    def _loeschseite(self, request: HttpRequest, object_id, extra_context=None) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except VeralteterStandError as fehler:
            # Changed (or deleted) since the confirmation was shown: nothing was deleted.
            self.message_user(request, fehler.veraltet.meldung(), level=messages.ERROR)
            if fehler.veraltet.geloescht:
                return HttpResponseRedirect(
                    reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
                )
            # The confirmation shown again (Django deletes on any POST data), with the version now.
            request.method = "GET"
            request.POST = QueryDict()
            antwort = super().delete_view(request, object_id, extra_context)
            antwort.status_code = 409
            return antwort

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        for obj in queryset:
            loeschen(obj, benutzer=request.user)

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if fieldsets and einmal.FELD not in flatten_fieldsets(fieldsets):
            name, optionen = fieldsets[-1]
            fieldsets[-1] = (name, {**optionen, "fields": [*optionen["fields"], einmal.FELD]})
        return fieldsets

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            # An add or a change: once per rendered form (aktionsplan.einmal).
            return einmal.einmal_ausfuehren(
                request,
                lambda: self._changeform(request, object_id, form_url, extra_context),
                rueckfall=request.get_full_path(),
            )
        return self._changeform(request, object_id, form_url, extra_context)

    def _changeform(self, request, object_id, form_url, extra_context) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except VeralteterStandError:
            # Another save won the race between validation and writing (everything was rolled
            # back): validating again now shows the refusal with the input kept.
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except VeralteterStandError as fehler:
                # Still stale at the write though the form now validates (a row the form does
                # not show was changed): nothing was saved; say so and show the current state.
                # Not a redirect: a one-time mark stays unused (aktionsplan.einmal).
                self.message_user(request, fehler.veraltet.meldung(), level=messages.ERROR)
                request.method = "GET"
                request.POST = QueryDict()
                antwort = super().changeform_view(request, object_id, form_url, extra_context)
                antwort.status_code = 409
                return antwort
        except ValidationError as fehler:
            # A rule that only the write could check (a concurrent duplicate): say so.
            self.message_user(request, " ".join(fehler.messages), level="ERROR")
            return HttpResponseRedirect(request.get_full_path())

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """simple-history's "Wiederherstellen" (revert) page. Its POST writes like a change form,
        so it is refused like one where the row may not change (status reports are history
        themselves: 403, where simple-history would only hide the button and then fail), and a
        refusal of the write path answers like the change form (see ``changeform_view``)."""
        self._verlauf_im_bereich(request, object_id)
        if request.method == "POST":
            objekt = self.get_object(request, unquote(object_id))
            if objekt is not None and not self.has_change_history_permission(request, objekt):
                raise PermissionDenied
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except VeralteterStandError:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except ValidationError as fehler:
            self.message_user(request, " ".join(fehler.messages), level="ERROR")
            return HttpResponseRedirect(request.get_full_path())

    def render_change_form(self, request, context, *args, **kwargs) -> HttpResponse:
        antwort = super().render_change_form(request, context, *args, **kwargs)
        formulare = [context["adminform"].form]
        veraltet = False
        for inline in context.get("inline_admin_formsets", []):
            formulare += list(inline.formset.forms)
            veraltet |= inline.formset.is_bound and any(
                f.code == "veraltet" for f in inline.formset.non_form_errors().as_data()
            )
        if veraltet or any(
            getattr(f, "is_bound", False) and f.errors and ist_veraltet(f) for f in formulare
        ):
            antwort.status_code = 409
        return antwort


class VersioniertInlineFormSet(BaseInlineFormSet):
    """A row of the inline deleted by someone else since the page was opened is named, with who
    deleted it when, instead of a silent error on its hidden id field."""

    def clean(self) -> None:
        super().clean()
        pk_name = self.model._meta.pk.name
        for form in self.initial_forms:
            if form.instance.pk is not None:
                continue
            pk = ganzzahl(form.data.get(form.add_prefix(pk_name)))
            if pk is not None:
                raise ValidationError(
                    veraltet_beschreiben(self.model, pk, None).meldung(), code="veraltet"
                )


class VersioniertInlineMixin(VersioniertAdminMixin):
    """For inlines of ``VersioniertAdmin``: each row carries its own opened version."""

    formset = VersioniertInlineFormSet


class _BeschrifteteZeilen:
    """Formset part for tabular inlines: a row's inputs sit under the column headings, without
    a label of their own; each gets its field's label as ``aria-label`` (WCAG 4.1.2)."""

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        for feld in form.fields.values():
            if not feld.widget.is_hidden:
                feld.widget.attrs.setdefault("aria-label", str(feld.label))


class VersioniertTabularInline(VersioniertInlineMixin, admin.TabularInline):
    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (_BeschrifteteZeilen, formset), {})


class VersioniertStackedInline(VersioniertInlineMixin, admin.StackedInline):
    pass
