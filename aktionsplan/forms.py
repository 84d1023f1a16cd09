"""Form pieces shared by the apps."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from aktionsplan.eingaben import ziffern_normalisieren
from aktionsplan.hochladen import grenze
from aktionsplan.models import Fortschreibung, Plan
from aktionsplan.sperre import VersionFormMixin


class ZiffernMixin:
    """A widget whose value has its Unicode digits read as 0–9 (aktionsplan.eingaben, "Digits")
    before the form field parses it."""

    def value_from_datadict(self, data, files, name):
        wert = super().value_from_datadict(data, files, name)
        return ziffern_normalisieren(wert) if isinstance(wert, str) else wert


class DatumInput(ZiffernMixin, forms.DateInput):
    """A native date picker; the value must be ISO (yyyy-mm-dd) whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AdminDatumInput(ZiffernMixin, AdminDateWidget):
    """The admin's date field with the digits of aktionsplan.eingaben."""


class DeutscheZahlField(forms.DecimalField):
    """Accepts "1.234,5", "1234,5" and "1234.5" (the decimal comma as German users type it), as
    the imports do (aktionsplan.dateien.zahl_lesen): the number field of every staff form and of
    the admin (aktionsplan.admin_basis), so that a number reads the same on every write path."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        from decimal import InvalidOperation

        from aktionsplan import dateien

        if value in self.empty_values:
            return None
        try:
            return dateien.zahl_lesen(ziffern_normalisieren(str(value)))
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class DateiForm(forms.Form):
    """The upload of an import: CSV or XLSX by name (the content is checked when it is read,
    aktionsplan.dateien.lesen), at most ``settings.UPLOAD_GRENZEN["import"]`` bytes."""

    upload_art = "import"

    datei = forms.FileField(
        label=_("Datei (CSV oder XLSX)"),
        help_text=_(
            "CSV mit Semikolon, Komma oder Tabulator, in UTF-8, Windows-1252 oder UTF-16 "
            "(„Unicode-Text“); oder XLSX. "
            "Zahlen mit Dezimalkomma oder Dezimalpunkt."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    def __init__(self, *args, geojson: bool = False, **kwargs) -> None:
        """``geojson``: the kind of data also reads GeoJSON (areas with their outlines)."""
        super().__init__(*args, **kwargs)
        self.geojson = geojson
        if geojson:
            feld = self.fields["datei"]
            feld.label = _("Datei (CSV, XLSX oder GeoJSON)")
            feld.help_text = _(
                "CSV mit Semikolon, Komma oder Tabulator, in UTF-8 oder Windows-1252; XLSX; oder "
                "GeoJSON (FeatureCollection in WGS84, je Raum ein Objekt mit Umriss und den "
                "Spalten als Eigenschaften)."
            )
            feld.widget.attrs["accept"] = ".csv,.xlsx,.txt,.geojson,.json"

    def clean_datei(self):
        datei = self.cleaned_data["datei"]
        from aktionsplan import dateien

        endungen = (".csv", ".txt", ".xlsx")
        if self.geojson:
            endungen += dateien.GEOJSON_ENDUNGEN
        if not datei.name.lower().endswith(endungen):
            if self.geojson:
                raise ValidationError(
                    _("Bitte laden Sie eine CSV-, XLSX- oder GeoJSON-Datei hoch."),
                    code="dateityp",
                )
            raise ValidationError(
                _("Bitte laden Sie eine CSV- oder XLSX-Datei hoch."), code="dateityp"
            )
        if datei.size > grenze(self.upload_art):
            raise ValidationError(
                _(
                    "Die Datei ist zu groß: erlaubt sind höchstens %(grenze)s. Bitte teilen Sie "
                    "sie auf."
                )
                % {"grenze": filesizeformat(grenze(self.upload_art))},
                code="groesse",
            )
        return datei


class BestaetigenForm(forms.Form):
    """The confirm of an import: the checksum of the previewed file, and for a big file the task
    that checked it (its status page posts the form)."""

    pruefsumme = forms.CharField(widget=forms.HiddenInput, max_length=64)
    aufgabe = forms.UUIDField(widget=forms.HiddenInput, required=False)


class FortschreibungForm(VersionFormMixin, forms.ModelForm):
    """A version of a plan (Fortschreibung); the plan is set by the view, the hidden version it
    was opened on lets the service refuse a stale save."""

    class Meta:
        model = Fortschreibung
        fields = ["nummer", "beschluss_datum", "beschluss_gremium", "aenderungen"]
        widgets = {"beschluss_datum": DatumInput, "aenderungen": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        if self.instance.pk is None and not self.is_bound:
            # The next free number (one query).
            hoechste = plan.fortschreibungen.order_by("-nummer").values_list("nummer", flat=True)
            self.initial.setdefault("nummer", (hoechste.first() or 0) + 1)

    def _get_validation_exclusions(self):
        # The plan is set by the view: validate "one number per plan" here.
        ausschluesse = super()._get_validation_exclusions()
        ausschluesse.discard("plan")
        return ausschluesse


class FreigabeForm(forms.Form):
    """Publish a row on the public pages or withdraw it (a report, an indicator): the flag and
    the version the page showing the button was rendered with (a stale click is refused)."""

    oeffentlich = forms.BooleanField(label=_("öffentlich"), required=False)
    geoeffnete_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
