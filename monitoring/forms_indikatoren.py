"""Forms of the indicator pages: value entry, file import, area comparison."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from aktionsplan.models import Raum
from aktionsplan.sperre import VersionFormMixin
from monitoring.models import Indikator, Messwert

IMPORT_MAX_BYTES = 5 * 1024 * 1024


class DeutscheZahlField(forms.DecimalField):
    """Accepts "1.234,5", "1234,5" and "1234.5" (the decimal comma as German users type it)."""

    def to_python(self, value):
        from decimal import InvalidOperation

        from monitoring.importe import zahl_lesen

        if value in self.empty_values:
            return None
        try:
            return zahl_lesen(value)
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class MesswertForm(VersionFormMixin, forms.ModelForm):
    """Year, area, value, provisional flag, source note. The rules (plausibility, one value per
    indicator, year and area) are the model's; the hidden version refuses a stale edit."""

    class Meta:
        model = Messwert
        fields = ["jahr", "raum", "wert", "vorlaeufig", "quellenhinweis"]
        field_classes = {"wert": DeutscheZahlField}
        help_texts = {
            "wert": _("Zahl mit Dezimalkomma, z. B. 1.234,5"),
            "quellenhinweis": _("z. B. Tabelle, Stichtag oder Lieferung der Datenquelle"),
        }

    def __init__(self, *args, indikator: Indikator, wert_verbergen: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.indikator = indikator
        self.instance.indikator = indikator
        self.fields["raum"].queryset = Raum.objects.order_by("ebene", "name")
        self.fields["jahr"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["wert"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        self.fields["wert"].localize = True
        if wert_verbergen:
            # Redaktion may overwrite a protected value but never see it.
            self.initial.pop("wert", None)
            self.fields["wert"].help_text = _(
                "Der bisherige Wert ist zum Schutz kleiner Zahlen verborgen. Geben Sie den Wert "
                "neu ein; er ersetzt den bisherigen."
            )

    def _get_validation_exclusions(self):
        # The indicator is set by the view: validate the rules that involve it here too.
        ausschluesse = super()._get_validation_exclusions()
        ausschluesse.discard("indikator")
        return ausschluesse


class ImportForm(forms.Form):
    datei = forms.FileField(
        label=_("Datei (CSV oder XLSX)"),
        help_text=_(
            "Spalten: Indikator, Jahr, Raum (Name oder Kurzname), Wert, vorläufig (ja/nein), "
            "Quellenhinweis. CSV mit Semikolon, Komma oder Tabulator; UTF-8 oder Windows-1252."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    def clean_datei(self):
        datei = self.cleaned_data["datei"]
        name = datei.name.lower()
        if not name.endswith((".csv", ".txt", ".xlsx")):
            raise ValidationError(_("Bitte eine CSV- oder XLSX-Datei hochladen."), code="dateityp")
        if datei.size > IMPORT_MAX_BYTES:
            raise ValidationError(_("Die Datei ist größer als 5 MB."), code="groesse")
        return datei


class ImportBestaetigenForm(forms.Form):
    pruefsumme = forms.CharField(widget=forms.HiddenInput, max_length=64)


class RaumvergleichForm(forms.Form):
    indikator = forms.ModelChoiceField(
        queryset=Indikator.objects.filter(art=Indikator.Art.QUANTITATIV).order_by("name"),
        label=_("Indikator"),
        empty_label=_("– bitte wählen –"),
    )
    jahr = forms.TypedChoiceField(label=_("Jahr"), coerce=int)

    def __init__(self, *args, jahre: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jahr"].choices = [(j, str(j)) for j in jahre]
