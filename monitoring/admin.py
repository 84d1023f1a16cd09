"""Admin for indicators, measured values (with file import) and qualitative findings."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from aktionsplan.admin_dateien import DateienAdminMixin
from monitoring.datenarten import INDIKATOREN, MESSWERTE
from monitoring.models import Erkenntnis, Indikator, Messwert


class MesswertInline(admin.TabularInline):
    model = Messwert
    fields = ("jahr", "raum", "wert", "vorlaeufig", "quellenhinweis")
    autocomplete_fields = ("raum",)
    ordering = ("-jahr", "raum__name")
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[Messwert]:
        return super().get_queryset(request).select_related("raum")


@admin.register(Indikator)
class IndikatorAdmin(DateienAdminMixin, SimpleHistoryAdmin):
    datenart = INDIKATOREN
    list_display = (
        "name",
        "art",
        "einheit",
        "raeumliche_ebene",
        "rhythmus",
        "datenquelle",
        "basiswert",
        "zielwert",
        "zieljahr",
    )
    list_filter = ("art", "raeumliche_ebene", "rhythmus", "ist_fallzahl", "themen")
    list_select_related = ("datenquelle",)
    search_fields = ("name", "beschreibung", "datenquelle__name")
    ordering = ("name",)
    autocomplete_fields = ("datenquelle", "themen", "projekte")
    inlines = [MesswertInline]


@admin.register(Messwert)
class MesswertAdmin(DateienAdminMixin, SimpleHistoryAdmin):
    datenart = MESSWERTE
    list_display = ("indikator", "jahr", "raum", "wert", "vorlaeufig", "geaendert_am")
    list_filter = ("jahr", "vorlaeufig", "raum__ebene", "indikator")
    list_select_related = ("indikator", "raum")
    search_fields = ("indikator__name", "raum__name", "raum__slug", "quellenhinweis")
    ordering = ("indikator__name", "-jahr", "raum__name")
    autocomplete_fields = ("indikator", "raum")


@admin.register(Erkenntnis)
class ErkenntnisAdmin(SimpleHistoryAdmin):
    list_display = ("titel", "datum", "quelle", "beteiligungsformat", "ist_kernaussage")
    list_filter = ("quelle", "ist_kernaussage", "themen")
    list_select_related = ("beteiligungsformat",)
    search_fields = ("titel", "text")
    ordering = ("-datum", "titel")
    date_hierarchy = "datum"
    autocomplete_fields = ("beteiligungsformat", "themen", "projekte", "raeume", "erfasst_von")
