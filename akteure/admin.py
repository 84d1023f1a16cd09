"""Admin for actors, their contact persons (personal data) and data sources."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from akteure.datenarten import (
    AKTEURE,
    AKTEURE_VERZEICHNIS,
    AKTEURSTYPEN_VERZEICHNIS,
    DATENQUELLEN,
    DATENQUELLEN_VERZEICHNIS,
)
from akteure.models import Akteur, Akteurstyp, Ansprechperson, Datenquelle, bestaetigung_stichtag
from akteure.services import (
    akteure_loeschen,
    ansprechpersonen_loeschen,
    geloeschte_ansprechpersonen_tilgen,
)
from aktionsplan.admin_basis import (
    VersioniertAdmin,
    VersioniertTabularInline,
)
from aktionsplan.admin_dateien import DateienAdminMixin
from aktionsplan.admin_site import BereichAdminMixin


class BestaetigungFilter(admin.SimpleListFilter):
    title = _("Bestätigung")
    parameter_name = "bestaetigung"

    def lookups(self, request, model_admin):
        return (
            ("veraltet", _("älter als 2 Jahre")),
            ("aktuell", _("in den letzten 2 Jahren")),
        )

    def queryset(self, request, queryset):
        stichtag = bestaetigung_stichtag()
        if self.value() == "veraltet":
            return queryset.filter(bestaetigt_am__lt=stichtag)
        if self.value() == "aktuell":
            return queryset.filter(bestaetigt_am__gte=stichtag)
        return queryset


@admin.register(Akteurstyp)
class AkteurstypAdmin(BereichAdminMixin, VersioniertAdmin):
    namensverzeichnis = AKTEURSTYPEN_VERZEICHNIS
    list_display = ("name", "reihenfolge")
    search_fields = ("name",)
    ordering = ("reihenfolge", "name")


class AnsprechpersonInline(BereichAdminMixin, VersioniertTabularInline):
    model = Ansprechperson
    fields = ("name", "funktion", "email", "telefon", "rechtsgrundlage", "bestaetigt_am")
    extra = 0


class DatenquelleInline(BereichAdminMixin, VersioniertTabularInline):
    model = Datenquelle
    fields = (
        "name",
        "raeumliche_ebene",
        "rhythmus",
        "veroeffentlichungsverzug_monate",
        "format",
        "vertraulichkeit",
    )
    extra = 0
    show_change_link = True


@admin.register(Akteur)
class AkteurAdmin(BereichAdminMixin, DateienAdminMixin, VersioniertAdmin):
    namensverzeichnis = AKTEURE_VERZEICHNIS
    datenart = AKTEURE
    list_display = ("name", "kurzname", "typ", "ebene", "aktiv")
    list_filter = ("typ", "ebene", "aktiv")
    list_select_related = ("typ",)
    search_fields = ("name", "kurzname", "beschreibung")
    ordering = ("name",)
    autocomplete_fields = ("typ", "raeume")
    inlines = [AnsprechpersonInline, DatenquelleInline]
    # A website typed without scheme is taken as https (Django 6's default already).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    # Deleting contact persons erases their data from the history too (akteure.services).
    def delete_model(self, request, obj: Akteur) -> None:
        akteure_loeschen(akteure=[obj])

    def delete_queryset(self, request, queryset) -> None:
        akteure_loeschen(akteure=list(queryset))

    def save_formset(self, request, form, formset, change) -> None:
        # Collected before saving: a deleted instance loses its pk.
        geloescht = [
            f.instance.pk
            for f in formset.deleted_forms
            if formset.model is Ansprechperson and f.instance.pk
        ]
        super().save_formset(request, form, formset, change)
        if geloescht:
            geloeschte_ansprechpersonen_tilgen(ids=geloescht)


@admin.register(Ansprechperson)
class AnsprechpersonAdmin(BereichAdminMixin, VersioniertAdmin):
    list_display = (
        "name",
        "akteur",
        "funktion",
        "email",
        "bestaetigt_am",
        "bestaetigung_veraltet",
        "rechtsgrundlage",
    )
    list_filter = (BestaetigungFilter, "rechtsgrundlage")
    list_select_related = ("akteur",)
    search_fields = ("name", "email", "funktion", "akteur__name")
    ordering = ("bestaetigt_am", "name")
    date_hierarchy = "bestaetigt_am"
    autocomplete_fields = ("akteur",)

    def delete_model(self, request, obj: Ansprechperson) -> None:
        ansprechpersonen_loeschen(personen=[obj])

    def delete_queryset(self, request, queryset) -> None:
        ansprechpersonen_loeschen(personen=list(queryset))

    @admin.display(description=_("Bestätigung älter als 2 Jahre"), boolean=True)
    def bestaetigung_veraltet(self, obj: Ansprechperson) -> bool:
        return obj.bestaetigt_am < bestaetigung_stichtag()


@admin.register(Datenquelle)
class DatenquelleAdmin(BereichAdminMixin, DateienAdminMixin, VersioniertAdmin):
    namensverzeichnis = DATENQUELLEN_VERZEICHNIS
    datenart = DATENQUELLEN
    list_display = ("name", "akteur", "raeumliche_ebene", "rhythmus", "vertraulichkeit")
    list_filter = ("raeumliche_ebene", "rhythmus", "vertraulichkeit")
    list_select_related = ("akteur",)
    search_fields = ("name", "beschreibung", "akteur__name")
    ordering = ("name",)
    autocomplete_fields = ("akteur",)
