"""Admin for the plan frame: Leitbild, themes, areas, reference lists, plans, participation."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from aktionsplan import admin_konten
from aktionsplan.admin_basis import (
    VersioniertAdmin,
    VersioniertTabularInline,
)
from aktionsplan.admin_dateien import DateienAdminMixin
from aktionsplan.admin_site import BereichAdminMixin
from aktionsplan.datenarten import (
    BETEILIGUNGSFORMATE_VERZEICHNIS,
    LEITBILDER_VERZEICHNIS,
    PLAENE_VERZEICHNIS,
    RAEUME,
    RAEUME_VERZEICHNIS,
    THEMEN_VERZEICHNIS,
    UNBRK_VERZEICHNIS,
    ZIELGRUPPEN_VERZEICHNIS,
)
from aktionsplan.models import (
    Beteiligungsformat,
    Fortschreibung,
    Leitbild,
    Plan,
    Raum,
    Thema,
    UNBRKArtikel,
    Zielgruppe,
)


class ThemaInline(BereichAdminMixin, VersioniertTabularInline):
    model = Thema
    fields = ("name", "slug", "reihenfolge")
    prepopulated_fields = {"slug": ("name",)}
    extra = 0


@admin.register(Leitbild)
class LeitbildAdmin(BereichAdminMixin, VersioniertAdmin):
    namensverzeichnis = LEITBILDER_VERZEICHNIS
    list_display = ("name", "leitmotiv", "zieljahr")
    search_fields = ("name", "leitmotiv")
    ordering = ("name",)
    inlines = [ThemaInline]


@admin.register(Thema)
class ThemaAdmin(BereichAdminMixin, VersioniertAdmin):
    namensverzeichnis = THEMEN_VERZEICHNIS
    list_display = ("name", "slug", "leitbild", "reihenfolge")
    list_filter = ("leitbild",)
    list_select_related = ("leitbild",)
    search_fields = ("name", "slug", "beschreibung")
    ordering = ("reihenfolge", "name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("leitbild",)


class UntergeordneteRaeumeInline(BereichAdminMixin, VersioniertTabularInline):
    """The areas below this one, read-only: they are edited on their own page."""

    model = Raum
    fk_name = "uebergeordnet"
    fields = ("name", "slug", "ebene")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("untergeordneter Raum")
    verbose_name_plural = _("untergeordnete Räume")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Raum)
class RaumAdmin(BereichAdminMixin, DateienAdminMixin, VersioniertAdmin):
    namensverzeichnis = RAEUME_VERZEICHNIS
    datenart = RAEUME
    list_display = ("name", "ebene", "uebergeordnet", "schluessel")
    list_filter = ("ebene",)
    list_select_related = ("uebergeordnet",)
    search_fields = ("name", "slug", "schluessel")
    ordering = ("ebene", "name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("uebergeordnet",)
    # The outline comes with the area import (GeoJSON, projected and simplified there).
    readonly_fields = ("geometrie",)
    inlines = [UntergeordneteRaeumeInline]


@admin.register(UNBRKArtikel)
class UNBRKArtikelAdmin(BereichAdminMixin, VersioniertAdmin):
    namensverzeichnis = UNBRK_VERZEICHNIS
    list_display = ("nummer", "titel", "kurztitel", "inhaltlich")
    list_filter = ("inhaltlich",)
    search_fields = ("titel", "kurztitel", "=nummer")
    ordering = ("nummer",)


@admin.register(Zielgruppe)
class ZielgruppeAdmin(BereichAdminMixin, VersioniertAdmin):
    namensverzeichnis = ZIELGRUPPEN_VERZEICHNIS
    list_display = ("name", "reihenfolge")
    search_fields = ("name",)
    ordering = ("reihenfolge", "name")


class FortschreibungInline(BereichAdminMixin, VersioniertTabularInline):
    model = Fortschreibung
    fields = ("nummer", "beschluss_datum", "beschluss_gremium", "aenderungen")
    extra = 0


@admin.register(Plan)
class PlanAdmin(BereichAdminMixin, VersioniertAdmin):
    namensverzeichnis = PLAENE_VERZEICHNIS
    list_display = (
        "name",
        "kurzname",
        "art",
        "leitbild",
        "beginn",
        "ende",
        "beschluss_datum",
        "anzahl_projekte",
    )
    list_filter = ("art", "gesamtstaedtisch")
    list_select_related = ("leitbild",)
    search_fields = ("name", "kurzname", "slug", "foerderkontext")
    ordering = ("beginn", "name")
    date_hierarchy = "beginn"
    prepopulated_fields = {"slug": ("kurzname",)}
    autocomplete_fields = ("leitbild", "raeume")
    inlines = [FortschreibungInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Plan]:
        return super().get_queryset(request).annotate(_anzahl_projekte=Count("projekte"))

    @admin.display(description=_("Maßnahmen"), ordering="_anzahl_projekte")
    def anzahl_projekte(self, obj: Plan) -> int:
        return obj._anzahl_projekte


@admin.register(Fortschreibung)
class FortschreibungAdmin(BereichAdminMixin, VersioniertAdmin):
    list_display = ("__str__", "plan", "nummer", "beschluss_datum", "beschluss_gremium")
    list_filter = ("plan",)
    list_select_related = ("plan",)
    search_fields = ("plan__name", "plan__kurzname", "beschluss_gremium", "aenderungen")
    ordering = ("plan__beginn", "nummer")
    date_hierarchy = "beschluss_datum"
    autocomplete_fields = ("plan",)


@admin.register(Beteiligungsformat)
class BeteiligungsformatAdmin(BereichAdminMixin, VersioniertAdmin):
    namensverzeichnis = BETEILIGUNGSFORMATE_VERZEICHNIS
    list_display = (
        "titel",
        "art",
        "datum",
        "plan",
        "teilnehmende",
        "teilnehmende_mit_behinderung",
    )
    list_filter = ("art", "plan")
    list_select_related = ("plan",)
    search_fields = ("titel", "beschreibung")
    ordering = ("-datum", "titel")
    date_hierarchy = "datum"
    autocomplete_fields = ("plan", "raeume")


# Django's User and Group admins, replaced (aktionsplan.admin_konten).
admin_konten.registrieren(admin.site)
