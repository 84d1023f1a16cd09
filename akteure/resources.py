"""Import and export of actors (django-import-export), plus the pieces all resources share.

Files speak the data steward's language: German column headers (the fields' verbose names),
related rows by names and short names (Akteurstyp by name, Raum by slug), never database ids.
Every error is reported as a validation error of its column, so the import preview names the
row and the column; with IMPORT_EXPORT_USE_TRANSACTIONS one bad row writes nothing.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import (
    MultipleObjectsReturned,
    ObjectDoesNotExist,
    ValidationError,
)
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats

from akteure.models import Akteur, Akteurstyp
from aktionsplan.models import Raum


def spalte(model: type[models.Model], feld: str) -> str:
    """The column header for a model field: its German verbose name.

    Evaluated in German whatever the request language, so a file keeps its headers when the
    interface is switched to English.
    """
    with translation.override("de"):
        return str(model._meta.get_field(feld).verbose_name)


class SchluesselWidget(widgets.ForeignKeyWidget):
    """A foreign key by a natural key (name, slug); an unknown key is a column error."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except ObjectDoesNotExist:
            raise ValueError(
                _("„%(wert)s“ ist nicht bekannt (gesucht: %(modell)s mit %(feld)s „%(wert)s“).")
                % {
                    "wert": value,
                    "modell": self.model._meta.verbose_name,
                    "feld": self.model._meta.get_field(self.field).verbose_name,
                }
            ) from None
        except MultipleObjectsReturned:
            raise ValueError(_("„%(wert)s“ ist nicht eindeutig.") % {"wert": value}) from None


class SchluesselListeWidget(widgets.ManyToManyWidget):
    """Many-to-many by natural keys, comma separated; unknown keys are a column error.

    (import-export's own widget silently drops keys it does not find.)
    """

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return self.model.objects.none()
        schluessel = [s.strip() for s in str(value).split(self.separator) if s.strip()]
        gefunden = self.model.objects.filter(**{f"{self.field}__in": schluessel})
        bekannt = {str(getattr(obj, self.field)) for obj in gefunden}
        unbekannt = [s for s in schluessel if s not in bekannt]
        if unbekannt:
            raise ValueError(
                _("Nicht bekannt: %(liste)s (gesucht: %(modell)s mit %(feld)s).")
                % {
                    "liste": ", ".join(f"„{s}“" for s in unbekannt),
                    "modell": self.model._meta.verbose_name_plural,
                    "feld": self.model._meta.get_field(self.field).verbose_name,
                }
            )
        return gefunden


class ZahlWidget(widgets.DecimalWidget):
    """A decimal that accepts German (12,5) and plain (12.5) notation."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float | Decimal):
            return Decimal(str(value))
        try:
            return super().clean(value, row=row, **kwargs)
        except (InvalidOperation, ArithmeticError):
            raise ValueError(_("„%(wert)s“ ist keine Zahl.") % {"wert": value}) from None


class GanzzahlWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except (InvalidOperation, ArithmeticError):
            raise ValueError(_("„%(wert)s“ ist keine ganze Zahl.") % {"wert": value}) from None


class JaNeinWidget(widgets.BooleanWidget):
    """ja/nein in files; 1/0 and true/false are understood too."""

    TRUE_VALUES = ["ja", "Ja", "JA", *widgets.BooleanWidget.TRUE_VALUES]
    FALSE_VALUES = ["nein", "Nein", "NEIN", *widgets.BooleanWidget.FALSE_VALUES]

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        if value in self.NULL_VALUES:
            return None
        if value not in self.TRUE_VALUES and value not in self.FALSE_VALUES:
            raise ValueError(_("„%(wert)s“ ist weder „ja“ noch „nein“.") % {"wert": value})
        return value in self.TRUE_VALUES

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "ja" if value else "nein"


class DeutscheModelResource(resources.ModelResource):
    """Base resource: German column headers, and every error a validation error of its column.

    Fields generated from the model get their verbose name as header and German-friendly
    widgets (12,5 / ja / nein). import-export reports a failed lookup of a foreign key inside
    the import id fields, a non-numeric number or an unknown many-to-many key as a bare
    exception without its column; here each becomes a validation error of its column, shown
    in the preview table with the row number.
    """

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        feld = super().field_from_django_field(field_name, django_field, readonly)
        feld.column_name = spalte(cls._meta.model, field_name)
        if isinstance(feld.widget, widgets.DecimalWidget):
            feld.widget = ZahlWidget()
        elif isinstance(feld.widget, widgets.IntegerWidget):
            feld.widget = GanzzahlWidget()
        elif isinstance(feld.widget, widgets.BooleanWidget):
            feld.widget = JaNeinWidget()
        return feld

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            # An id column could not be read; import_instance reports it for its column.
            return None

    def import_instance(self, instance, row, **kwargs):
        fehler: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            fehler = e.update_error_dict(fehler)
        # Many-to-many columns are only read after saving; check them now so that an unknown
        # key stops the row before anything is written.
        for feld in self.get_import_fields():
            if isinstance(feld.widget, widgets.ManyToManyWidget) and feld.column_name in row:
                try:
                    feld.clean(row, **kwargs)
                except ValueError as e:
                    fehler[feld.attribute] = ValidationError(str(e), code="invalid")
        if fehler:
            raise ValidationError(fehler)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as e:
            spalten = {f.attribute: f.column_name for f in self.get_import_fields()}
            raise ValidationError(
                {spalten.get(k, k): v for k, v in e.update_error_dict({}).items()}
            ) from e


class CSVDeutsch(base_formats.CSV):
    """CSV with comma or semicolon (German Excel writes semicolons); written with commas."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes) and self.encoding:
            in_stream = in_stream.decode(self.encoding)
        kopf = in_stream.split("\n", 1)[0]
        if "delimiter" not in kwargs and kopf.count(";") > kopf.count(","):
            kwargs["delimiter"] = ";"
        return base_formats.TablibFormat.create_dataset(self, in_stream, **kwargs)


class DatenpflegeImportExportMixin(ImportExportMixin):
    """Admin mixin: CSV and XLSX; a file with one bad row writes nothing, also when confirmed.

    import-export rolls back row *errors* by itself, but after the confirm step it would still
    save the valid rows of a file with *validation* errors; rollback_on_validation_errors stops
    that.
    """

    formats = [CSVDeutsch, base_formats.XLSX]
    import_error_display = ("message", "row")

    def get_import_data_kwargs(self, **kwargs):
        daten = super().get_import_data_kwargs(**kwargs)
        daten["rollback_on_validation_errors"] = True
        return daten


class AkteurResource(DeutscheModelResource):
    typ = fields.Field(
        attribute="typ",
        column_name=spalte(Akteur, "typ"),
        widget=SchluesselWidget(Akteurstyp, field="name"),
    )
    raeume = fields.Field(
        attribute="raeume",
        column_name=spalte(Akteur, "raeume"),
        widget=SchluesselListeWidget(Raum, field="slug", separator=","),
    )

    class Meta:
        model = Akteur
        name = gettext_lazy("Akteure (Typ nach Name, Räume nach Kurzname)")
        fields = ("name", "kurzname", "typ", "ebene", "beschreibung", "website", "raeume", "aktiv")
        import_id_fields = ("name",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return Akteur.objects.select_related("typ").prefetch_related("raeume")
