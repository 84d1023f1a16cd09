"""Admin for indicators, measured values (with file import) and qualitative findings."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from aktionsplan.admin_basis import (
    VersioniertAdmin,
    VersioniertAdminMixin,
    VersioniertTabularInline,
)
from aktionsplan.admin_dateien import DateienAdminMixin
from aktionsplan.admin_site import BereichAdminMixin
from monitoring import quoten
from monitoring.datenarten import (
    BEWERTERGRUPPEN_VERZEICHNIS,
    ERKENNTNISSE_VERZEICHNIS,
    INDIKATOREN,
    INDIKATOREN_VERZEICHNIS,
    MESSWERTE,
)
from monitoring.models import (
    Berichtsfassung,
    Bewertergruppe,
    Bewertungsstufe,
    Einschaetzung,
    Erkenntnis,
    Indikator,
    Messwert,
)


class BewertungsstufeInline(BereichAdminMixin, VersioniertTabularInline):
    """The labelled steps of a qualitative indicator's own scale."""

    model = Bewertungsstufe
    fields = ("stufe", "name", "beschreibung")
    extra = 0


@admin.register(Indikator)
class IndikatorAdmin(BereichAdminMixin, DateienAdminMixin, VersioniertAdmin):
    namensverzeichnis = INDIKATOREN_VERZEICHNIS
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
        "oeffentlich",
    )
    list_filter = ("art", "raeumliche_ebene", "rhythmus", "ist_fallzahl", "oeffentlich", "themen")
    list_select_related = ("datenquelle",)
    search_fields = ("name", "beschreibung", "datenquelle__name")
    ordering = ("name",)
    autocomplete_fields = (
        "datenquelle",
        "themen",
        "projekte",
        "unbrk_artikel",
        "zaehler",
        "nenner",
        "verantwortlich",
    )
    readonly_fields = ("messwerte", "ohne_n_freigegeben_von", "ohne_n_freigegeben_am")
    inlines = [BewertungsstufeInline]
    actions = ("ohne_n_bestaetigen",)

    @admin.action(description=_("Anteile ohne Fallzahl als unbedenklich bestätigen"))
    def ohne_n_bestaetigen(self, request, queryset) -> None:
        for indikator in queryset:
            quoten.ohne_n_bestaetigen(indikator, benutzer=request.user)
        self.message_user(request, _("Bestätigung gespeichert (mit Name und Zeitpunkt)."))

    @admin.display(description=_("Messwerte"))
    def messwerte(self, obj: Indikator) -> str:
        # Values are edited in their own filtered list: as an inline they would post more fields
        # than Django accepts once an indicator has a few thousand values.
        if not obj.pk:
            return "–"
        url = reverse("admin:monitoring_messwert_changelist") + f"?indikator__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Messwerte dieses Indikators bearbeiten"))


@admin.register(Messwert)
class MesswertAdmin(BereichAdminMixin, DateienAdminMixin, VersioniertAdmin):
    datenart = MESSWERTE
    list_display = ("indikator", "jahr", "raum", "wert", "fallzahl", "vorlaeufig", "geaendert_am")
    list_filter = ("jahr", "vorlaeufig", "raum__ebene", "indikator")
    list_select_related = ("indikator", "raum")
    search_fields = ("indikator__name", "raum__name", "raum__slug", "quellenhinweis")
    ordering = ("indikator__name", "-jahr", "raum__name")
    autocomplete_fields = ("indikator", "raum")


@admin.register(Erkenntnis)
class ErkenntnisAdmin(BereichAdminMixin, VersioniertAdmin):
    namensverzeichnis = ERKENNTNISSE_VERZEICHNIS
    list_display = ("titel", "datum", "quelle", "beteiligungsformat", "ist_kernaussage")
    list_filter = ("quelle", "ist_kernaussage", "themen")
    list_select_related = ("beteiligungsformat",)
    search_fields = ("titel", "text")
    ordering = ("-datum", "titel")
    date_hierarchy = "datum"
    autocomplete_fields = ("beteiligungsformat", "themen", "projekte", "raeume", "erfasst_von")


@admin.register(Bewertergruppe)
class BewertergruppeAdmin(BereichAdminMixin, VersioniertAdmin):
    namensverzeichnis = BEWERTERGRUPPEN_VERZEICHNIS
    list_display = ("name", "reihenfolge")
    search_fields = ("name", "beschreibung")
    ordering = ("reihenfolge", "name")


@admin.register(Einschaetzung)
class EinschaetzungAdmin(BereichAdminMixin, VersioniertAdmin):
    list_display = ("indikator", "jahr", "gruppe", "stufe", "anlass", "datum")
    list_filter = ("jahr", "gruppe", "indikator")
    list_select_related = ("indikator", "gruppe", "stufe")
    search_fields = ("indikator__name", "anlass", "text")
    ordering = ("indikator__name", "-jahr", "gruppe__reihenfolge")
    autocomplete_fields = ("indikator", "gruppe", "erkenntnisse", "erfasst_von")


@admin.register(Berichtsfassung)
class BerichtsfassungAdmin(BereichAdminMixin, VersioniertAdmin):
    """Read-only: drafts, adoption (which freezes the files) and withdrawal go through the staff
    pages and ``monitoring.berichtsfassungen``, the one write path with their rules."""

    list_display = ("jahr", "status", "stand", "gremium", "beschluss_datum")
    list_filter = ("status",)
    ordering = ("-jahr", "-erstellt_am")
    exclude = ("daten",)
    show_facets = admin.ShowFacets.NEVER

    def get_fieldsets(self, request, obj=None):
        # Shown read-only: no version field to carry (as for the rows that are history).
        return super(VersioniertAdminMixin, self).get_fieldsets(request, obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def view_on_site(self, obj: Berichtsfassung) -> str:
        return obj.get_absolute_url()
