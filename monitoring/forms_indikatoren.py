"""Forms of the indicator pages: value entry, file import, area comparison."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from aktionsplan.forms import BestaetigenForm, DateiForm, DatumInput, DeutscheZahlField
from aktionsplan.models import Raum
from aktionsplan.sperre import VersionFormMixin
from monitoring.models import Bewertergruppe, Einschaetzung, Erkenntnis, Indikator, Messwert


class MesswertForm(VersionFormMixin, forms.ModelForm):
    """Year, area, value, provisional flag, source note. The rules (plausibility, one value per
    indicator, year and area) are the model's; the hidden version refuses a stale edit."""

    class Meta:
        model = Messwert
        fields = ["jahr", "raum", "wert", "fallzahl", "vorlaeufig", "quellenhinweis"]
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
        if not indikator.ist_quote:
            # A case count n belongs to shares and rates only (Messwert.clean).
            del self.fields["fallzahl"]
        else:
            self.fields["fallzahl"].widget.attrs.update({"inputmode": "numeric"})
        if wert_verbergen:
            # Redaktion may overwrite a protected value but never see it.
            self.initial.pop("wert", None)
            self.initial.pop("fallzahl", None)
            self.fields["wert"].help_text = _(
                "Der bisherige Wert ist zum Schutz kleiner Zahlen verborgen. Geben Sie den Wert "
                "neu ein; er ersetzt den bisherigen."
            )

    def _get_validation_exclusions(self):
        # The indicator is set by the view: validate the rules that involve it here too.
        ausschluesse = super()._get_validation_exclusions()
        ausschluesse.discard("indikator")
        return ausschluesse


class EinschaetzungForm(VersionFormMixin, forms.ModelForm):
    """A rater group's rating of a qualitative indicator, entered by the Redaktion on the group's
    behalf. The rules (step of this indicator's scale, one rating per group and year) are the
    model's; the hidden version refuses a stale edit."""

    class Meta:
        model = Einschaetzung
        fields = ["jahr", "gruppe", "stufe", "text", "anlass", "datum", "erkenntnisse"]
        widgets = {
            "datum": DatumInput(),
            "stufe": forms.RadioSelect,
            "erkenntnisse": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "gruppe": _("Für welche Gruppe Sie die Einschätzung eintragen."),
            "text": _("Die Begründung der Gruppe, möglichst in ihren Worten."),
            "erkenntnisse": _("Erkenntnisse aus der Beteiligung, die die Einschätzung belegen."),
        }

    def __init__(self, *args, indikator: Indikator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indikator = indikator
        self.instance.indikator = indikator
        self.fields["jahr"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["gruppe"].queryset = Bewertergruppe.objects.order_by("reihenfolge", "name")
        self.fields["stufe"].queryset = indikator.stufen.order_by("stufe")
        self.fields["stufe"].empty_label = None
        self.fields["erkenntnisse"].queryset = Erkenntnis.objects.order_by("-datum", "titel")

    def _get_validation_exclusions(self):
        # The indicator is set by the view: validate the rules that involve it here too.
        ausschluesse = super()._get_validation_exclusions()
        ausschluesse.discard("indikator")
        return ausschluesse


class ImportForm(DateiForm):
    """The upload of the staff import of values (limits and checks: aktionsplan.forms)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["datei"].help_text = _(
            "Spalten: Indikator, Jahr, Raum (Kurzname, Schlüssel oder Name), Wert, vorläufig "
            "(ja/nein), Quellenhinweis. CSV mit Semikolon, Komma oder Tabulator; UTF-8, "
            "Windows-1252 oder UTF-16 („Unicode-Text“); oder XLSX."
        )


ImportBestaetigenForm = BestaetigenForm


class MesswertExportForm(forms.Form):
    """Parameters of the staff export of values; anything else is a 404, never an error."""

    format = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "XLSX")])
    indikator = forms.ModelChoiceField(
        queryset=Indikator.objects.filter(art=Indikator.Art.QUANTITATIV), required=False
    )


# The area comparison's rate: count ÷ population × 1,000.
JE_1000 = "je1000"


class RaumvergleichForm(forms.Form):
    indikator = forms.ModelChoiceField(
        queryset=Indikator.objects.filter(art=Indikator.Art.QUANTITATIV).order_by("name"),
        label=_("Indikator"),
        empty_label=_("– bitte wählen –"),
    )
    jahr = forms.TypedChoiceField(label=_("Jahr"), coerce=int)
    bezug = forms.ChoiceField(
        label=_("Darstellung"),
        required=False,
        choices=[
            ("", _("Anzahl (absolut)")),
            (JE_1000, _("je 1.000 Einwohnerinnen und Einwohner")),
        ],
        help_text=_(
            "Eine Quote je 1.000 Einwohnerinnen und Einwohner macht Sozialräume verschiedener "
            "Größe vergleichbar; sie gibt es für Fallzahlen, wo die Einwohnerzahl vorliegt."
        ),
    )

    def __init__(self, *args, jahre: list[int], kommunen: Sequence[tuple[int, str]] = (), **kwargs):
        """``kommunen``: (pk, name) of the Kommunen the person sees, the own one first
        (``aktionsplan.bereich.sichtbare_kommunenliste``). With more than one, the form asks
        for the Kommune whose Sozialräume are compared: Sozialräume are only ever compared
        within their own Kommune (issue 12); a query without it takes the first."""
        super().__init__(*args, **kwargs)
        self.fields["jahr"].choices = [(j, str(j)) for j in jahre]
        if len(kommunen) > 1:
            self.fields["kommune"] = forms.TypedChoiceField(
                label=_("Kommune"),
                coerce=int,
                choices=[(pk, name) for pk, name in kommunen],
                initial=kommunen[0][0],
                help_text=_("Sozialräume werden nur innerhalb ihrer Kommune verglichen."),
            )
            self.order_fields(["kommune", "indikator", "jahr", "bezug"])
            if self.is_bound and not self.data.get("kommune"):
                self.data = self.data.copy()
                self.data["kommune"] = str(kommunen[0][0])
