"""Admin for measures (Projektskizzen) and everything that hangs off them."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from aktionsplan.admin_basis import (
    VersioniertAdmin,
    VersioniertStackedInline,
    VersioniertTabularInline,
)
from aktionsplan.admin_dateien import DateienAdminMixin
from aktionsplan.admin_site import BereichAdminMixin
from aktionsplan.models import Fortschreibung
from projekte import services
from projekte.datenarten import MASSNAHMEN, PROJEKTE_VERZEICHNIS, SACHSTAENDE_VERZEICHNIS
from projekte.models import (
    Ampel,
    Finanzierung,
    Meilenstein,
    Projektbeteiligung,
    Projektskizze,
    Sachstand,
    Status,
)


class AktuellerStatusFilter(admin.SimpleListFilter):
    """Filters on the status of the latest report (a measure without one counts as Idee)."""

    title = _("aktueller Status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.filter(aktueller_status=self.value())
        return queryset


class MeilensteinInline(BereichAdminMixin, VersioniertTabularInline):
    model = Meilenstein
    fields = ("titel", "faellig_am", "erledigt_am")
    extra = 0


class SachstandInline(BereichAdminMixin, VersioniertStackedInline):
    model = Sachstand
    fields = (
        "datum",
        "status",
        "ampel",
        "fortschritt",
        "text",
        "verfasst_von",
        "berichtigt",
        "oeffentlich",
    )
    autocomplete_fields = ("verfasst_von",)
    extra = 0
    # Reports are history: existing ones are shown read-only, a correction is a new report.

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        felder = formset.form.base_fields
        # A new report is signed by the person entering it, unless they name someone else.
        if "verfasst_von" in felder:
            felder["verfasst_von"].initial = request.user.pk
        # A correction names a report of the same measure (Sachstand.clean): the choice lists
        # this measure's reports only, not every report (7,300 at 100x the demo took 2 s).
        if "berichtigt" in felder:
            felder["berichtigt"].queryset = (
                felder["berichtigt"].queryset.filter(projekt=obj)
                if obj is not None and obj.pk
                else felder["berichtigt"].queryset.none()
            )
        return formset

    def get_queryset(self, request: HttpRequest) -> QuerySet[Sachstand]:
        return super().get_queryset(request).select_related("verfasst_von")


class ProjektbeteiligungInline(BereichAdminMixin, VersioniertTabularInline):
    model = Projektbeteiligung
    fields = ("akteur", "rolle", "aufgabe")
    autocomplete_fields = ("akteur",)
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[Projektbeteiligung]:
        return super().get_queryset(request).select_related("akteur")


class FinanzierungInline(BereichAdminMixin, VersioniertTabularInline):
    model = Finanzierung
    fields = ("quelle", "programm", "betrag", "status", "beantragt_am", "entschieden_am")
    extra = 0


@admin.register(Projektskizze)
class ProjektskizzeAdmin(BereichAdminMixin, DateienAdminMixin, VersioniertAdmin):
    namensverzeichnis = PROJEKTE_VERZEICHNIS
    datenart = MASSNAHMEN
    list_display = (
        "nummer",
        "titel",
        "plan",
        "hauptthema",
        "status_anzeige",
        "ampel_anzeige",
        "letzter_sachstand",
        "prioritaet",
        "verantwortlich",
        "veroeffentlicht",
    )
    list_display_links = ("nummer", "titel")
    list_filter = (
        AktuellerStatusFilter,
        "plan",
        "hauptthema",
        "prioritaet",
        "veroeffentlicht",
        "gesamtstaedtisch",
    )
    search_fields = ("titel", "kurzbeschreibung", "ziele", "=nummer")
    ordering = ("plan", "nummer")
    autocomplete_fields = (
        "plan",
        "hauptthema",
        "weitere_themen",
        "zielgruppen",
        "unbrk_artikel",
        "raeume",
        "verantwortlich",
    )
    readonly_fields = ("version", "erstellt_am", "geaendert_am")
    inlines = [ProjektbeteiligungInline, MeilensteinInline, SachstandInline, FinanzierungInline]
    fieldsets = (
        (
            None,
            {"fields": ("plan", "nummer", "fortschreibung", "titel", "kurzbeschreibung", "ziele")},
        ),
        (
            _("Einordnung"),
            {
                "fields": (
                    "hauptthema",
                    "weitere_themen",
                    "unbrk_artikel",
                    "zielgruppen",
                    "gesamtstaedtisch",
                    "raeume",
                )
            },
        ),
        (
            _("Umsetzung"),
            {
                "fields": (
                    "verantwortlich",
                    "beginn",
                    "ende",
                    "kosten",
                    "prioritaet",
                    "beteiligung",
                )
            },
        ),
        (
            _("Veröffentlichung"),
            {"fields": ("veroeffentlicht", "kosten_oeffentlich", "text_leichte_sprache")},
        ),
        (
            _("Verwaltung"),
            {"fields": ("version", "erstellt_am", "geaendert_am", "geoeffnete_version")},
        ),
    )

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "fortschreibung":
            # Each option names its plan: loaded with it, not one query per option.
            kwargs["queryset"] = (
                Fortschreibung.objects.fuer(request.user)
                .select_related("plan")
                .order_by("plan__beginn", "plan__name", "nummer")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Projektskizze]:
        return (
            super()
            .get_queryset(request)
            .mit_aktuellem_stand()
            .select_related("plan", "hauptthema", "verantwortlich")
        )

    @admin.display(description=_("aktueller Status"), ordering="aktueller_status")
    def status_anzeige(self, obj: Projektskizze) -> str:
        return Status(obj.aktueller_status).label

    @admin.display(description=_("Ampel"), ordering="aktuelle_ampel")
    def ampel_anzeige(self, obj: Projektskizze) -> str:
        return Ampel(obj.aktuelle_ampel).label if obj.aktuelle_ampel else "–"

    @admin.display(description=_("letzter Sachstand"), ordering="letzter_sachstand_am")
    def letzter_sachstand(self, obj: Projektskizze):
        return obj.letzter_sachstand_am


@admin.register(Projektbeteiligung)
class ProjektbeteiligungAdmin(BereichAdminMixin, VersioniertAdmin):
    list_display = ("projekt", "akteur", "rolle", "aufgabe")
    list_filter = ("rolle",)
    list_select_related = ("projekt", "akteur")
    search_fields = ("projekt__titel", "akteur__name", "akteur__kurzname", "aufgabe")
    ordering = ("projekt__plan", "projekt__nummer", "rolle")
    autocomplete_fields = ("projekt", "akteur")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Projektbeteiligung]:
        # The change page's title is str(obj), which names the actor only when it is loaded.
        return super().get_queryset(request).select_related("projekt", "akteur")


@admin.register(Sachstand)
class SachstandAdmin(BereichAdminMixin, VersioniertAdmin):
    namensverzeichnis = SACHSTAENDE_VERZEICHNIS
    list_display = (
        "projekt",
        "datum",
        "status",
        "ampel",
        "fortschritt",
        "verfasst_von",
        "oeffentlich",
    )
    list_filter = ("status", "ampel", "oeffentlich")
    list_select_related = ("projekt", "verfasst_von")
    search_fields = ("projekt__titel", "text")
    ordering = ("-datum", "-pk")
    date_hierarchy = "datum"
    # "berichtigt" names any report: searched, never listed (7,300 options at 100x the demo).
    autocomplete_fields = ("projekt", "verfasst_von", "berichtigt")
    # A report is never changed; publishing it is a decision about it (Sachstand.freigabefelder),
    # taken here for the chosen reports through the same service as the staff page's button.
    actions = ("veroeffentlichen", "zurueckziehen")

    def _freigeben(self, request: HttpRequest, queryset, *, oeffentlich: bool) -> int:
        anzahl = 0
        for sachstand in queryset.exclude(oeffentlich=oeffentlich):
            services.sachstand_freigeben(
                sachstand=sachstand,
                benutzer=request.user,
                erwartete_version=None,
                oeffentlich=oeffentlich,
            )
            anzahl += 1
        return anzahl

    @admin.action(description=_("Gewählte Sachstände öffentlich zeigen"))
    def veroeffentlichen(self, request: HttpRequest, queryset) -> None:
        anzahl = self._freigeben(request, queryset, oeffentlich=True)
        self.message_user(
            request,
            ngettext(
                "%(n)d Sachstand ist jetzt öffentlich.",
                "%(n)d Sachstände sind jetzt öffentlich.",
                anzahl,
            )
            % {"n": anzahl},
        )

    @admin.action(description=_("Gewählte Sachstände nicht mehr öffentlich zeigen"))
    def zurueckziehen(self, request: HttpRequest, queryset) -> None:
        anzahl = self._freigeben(request, queryset, oeffentlich=False)
        self.message_user(
            request,
            ngettext(
                "%(n)d Sachstand ist nicht mehr öffentlich.",
                "%(n)d Sachstände sind nicht mehr öffentlich.",
                anzahl,
            )
            % {"n": anzahl},
        )


@admin.register(Meilenstein)
class MeilensteinAdmin(BereichAdminMixin, VersioniertAdmin):
    list_display = ("titel", "projekt", "faellig_am", "erledigt_am", "ist_ueberfaellig_anzeige")
    list_filter = (("erledigt_am", admin.EmptyFieldListFilter),)
    list_select_related = ("projekt",)
    search_fields = ("titel", "projekt__titel")
    ordering = ("faellig_am", "pk")
    date_hierarchy = "faellig_am"
    autocomplete_fields = ("projekt",)

    @admin.display(description=_("überfällig"), boolean=True)
    def ist_ueberfaellig_anzeige(self, obj: Meilenstein) -> bool:
        return obj.ist_ueberfaellig()


@admin.register(Finanzierung)
class FinanzierungAdmin(BereichAdminMixin, VersioniertAdmin):
    list_display = ("projekt", "quelle", "programm", "betrag", "status", "entschieden_am")
    list_filter = ("quelle", "status")
    list_select_related = ("projekt",)
    search_fields = ("programm", "projekt__titel")
    ordering = ("projekt__plan", "projekt__nummer", "quelle")
    date_hierarchy = "beantragt_am"
    autocomplete_fields = ("projekt",)
