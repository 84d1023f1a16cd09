"""Import and export of indicators and measured values (django-import-export).

Indikator: Datenquelle by name, Themen by slug, identified by its name.
Messwert: identified by Indikator (name) + Jahr + Raum (slug), so importing the same file twice
updates the values instead of adding rows.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from akteure.models import Datenquelle
from akteure.resources import (
    DeutscheModelResource,
    GanzzahlWidget,
    SchluesselListeWidget,
    SchluesselWidget,
    spalte,
)
from aktionsplan.models import Raum, Thema
from monitoring.models import Indikator, Messwert


class IndikatorResource(DeutscheModelResource):
    datenquelle = fields.Field(
        attribute="datenquelle",
        column_name=spalte(Indikator, "datenquelle"),
        widget=SchluesselWidget(Datenquelle, field="name"),
    )
    themen = fields.Field(
        attribute="themen",
        column_name=spalte(Indikator, "themen"),
        widget=SchluesselListeWidget(Thema, field="slug", separator=","),
    )

    class Meta:
        model = Indikator
        name = gettext_lazy("Indikatoren (Datenquelle nach Name, Themen nach Kurzname)")
        fields = (
            "name",
            "beschreibung",
            "art",
            "einheit",
            "ist_fallzahl",
            "richtung",
            "datenquelle",
            "themen",
            "raeumliche_ebene",
            "rhythmus",
            "basiswert",
            "basisjahr",
            "zielwert",
            "zieljahr",
            "mindestfallzahl",
        )
        import_id_fields = ("name",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return Indikator.objects.select_related("datenquelle").prefetch_related("themen")


class JahrWidget(GanzzahlWidget):
    """A year in the range the database accepts (constraint messwert_jahr_plausibel)."""

    ERSTES, LETZTES = 1990, 2100

    def clean(self, value, row=None, **kwargs):
        jahr = super().clean(value, row=row, **kwargs)
        if jahr is not None and not self.ERSTES <= jahr <= self.LETZTES:
            raise ValueError(
                _("Das Jahr %(jahr)s liegt nicht zwischen %(erstes)s und %(letztes)s.")
                % {"jahr": jahr, "erstes": self.ERSTES, "letztes": self.LETZTES}
            )
        return jahr


class MesswertResource(DeutscheModelResource):
    jahr = fields.Field(attribute="jahr", column_name=spalte(Messwert, "jahr"), widget=JahrWidget())
    indikator = fields.Field(
        attribute="indikator",
        column_name=spalte(Messwert, "indikator"),
        widget=SchluesselWidget(Indikator, field="name"),
    )
    raum = fields.Field(
        attribute="raum",
        column_name=spalte(Messwert, "raum"),
        widget=SchluesselWidget(Raum, field="slug"),
    )

    class Meta:
        model = Messwert
        name = gettext_lazy("Messwerte (Indikator nach Name, Raum nach Kurzname)")
        fields = ("indikator", "jahr", "raum", "wert", "vorlaeufig", "quellenhinweis")
        import_id_fields = ("indikator", "jahr", "raum")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return Messwert.objects.select_related("indikator", "raum")
