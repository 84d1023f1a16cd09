"""Forms of the findings, participation events and the yearly report selection."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aktionsplan.forms import DatumInput
from aktionsplan.models import Beteiligungsformat, Plan, Raum, Thema
from aktionsplan.sperre import VersionFormMixin
from aktionsplan.suchauswahl import SuchFormMixin, suchauswahl
from monitoring.models import Berichtsfassung, Erkenntnis
from monitoring.zahlen import ist_kleine_anzahl
from projekte.models import Projektskizze


class ErkenntnisForm(SuchFormMixin, VersionFormMixin, forms.ModelForm):
    """A finding; the hidden version refuses a stale edit instead of overwriting a colleague's.
    Measures and events, which grow with the data, are chosen through a search field
    (aktionsplan.suchauswahl)."""

    class Meta:
        model = Erkenntnis
        fields = [
            "titel",
            "text",
            "datum",
            "quelle",
            "beteiligungsformat",
            "themen",
            "projekte",
            "raeume",
            "ist_kernaussage",
        ]
        widgets = {
            "datum": DatumInput(),
            "themen": forms.CheckboxSelectMultiple,
            "projekte": forms.CheckboxSelectMultiple,
            "raeume": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "text": _("Was wurde gehört oder beobachtet? Keine Namen von Privatpersonen."),
            "beteiligungsformat": _("Die Veranstaltung, bei der die Erkenntnis entstand."),
            "ist_kernaussage": _("Kernaussagen erscheinen im Jahresbericht ihres Jahres."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beteiligungsformat"].queryset = Beteiligungsformat.objects.order_by(
            "-datum", "titel"
        )
        suchauswahl(self.fields["beteiligungsformat"], suchfelder=("titel",))
        self.fields["themen"].queryset = Thema.objects.geordnet()
        self.fields["projekte"].queryset = Projektskizze.objects.select_related("plan").order_by(
            "plan__name", "nummer"
        )
        suchauswahl(self.fields["projekte"], suchfelder=("titel",))
        self.fields["raeume"].queryset = Raum.objects.order_by("ebene", "name")


class BeteiligungsformatForm(VersionFormMixin, forms.ModelForm):
    """A participation event; the hidden version refuses a stale edit. The rules on the counts
    are the model's (``Beteiligungsformat.clean()``)."""

    class Meta:
        model = Beteiligungsformat
        fields = [
            "titel",
            "art",
            "datum",
            "plan",
            "raeume",
            "beschreibung",
            "teilnehmende",
            "teilnehmende_mit_behinderung",
        ]
        widgets = {"datum": DatumInput(), "raeume": forms.CheckboxSelectMultiple}
        help_texts = {
            "teilnehmende": _("Anzahl aller Teilnehmenden, falls bekannt."),
            "teilnehmende_mit_behinderung": _(
                "Anzahl der Teilnehmenden mit Behinderung; höchstens so viele wie alle "
                "Teilnehmenden."
            ),
        }

    def __init__(self, *args, schutz_unter: int | None = None, **kwargs):
        """``schutz_unter``: hide an existing count of participants with disabilities below this
        number (for everyone but the data stewards); left empty, the hidden count is kept."""
        super().__init__(*args, **kwargs)
        bisher = self.instance.teilnehmende_mit_behinderung if self.instance.pk else None
        self.verborgener_wert = (
            bisher if schutz_unter and ist_kleine_anzahl(bisher, schutz_unter) else None
        )
        if self.verborgener_wert is not None:
            self.initial.pop("teilnehmende_mit_behinderung", None)
            self.fields["teilnehmende_mit_behinderung"].help_text = _(
                "Der bisherige Wert ist eine kleine Zahl und wird zum Schutz der Teilnehmenden "
                "nicht angezeigt. Lassen Sie das Feld leer, bleibt er erhalten; eine Eingabe "
                "ersetzt ihn."
            )
        self.fields["plan"].queryset = Plan.objects.order_by("name")
        self.fields["raeume"].queryset = Raum.objects.order_by("ebene", "name")
        for name in ("teilnehmende", "teilnehmende_mit_behinderung"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})

    def clean(self):
        daten = super().clean()
        if daten.get("teilnehmende_mit_behinderung") is None and self.verborgener_wert is not None:
            # Left empty: the hidden count stays. The model checks it against all participants
            # and says so without the number.
            daten["teilnehmende_mit_behinderung"] = self.verborgener_wert
        return daten


class BerichtAuswahlForm(forms.Form):
    jahr = forms.TypedChoiceField(label=_("Berichtsjahr"), coerce=int)

    def __init__(self, *args, jahre: list[int], kommunen: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jahr"].choices = [(j, str(j)) for j in jahre]
        if jahre:
            self.fields["jahr"].initial = jahre[0]
        if len(kommunen) > 1:
            # A region: the report is one Kommune's (monitoring.jahresbericht.berichtskommune).
            self.fields["kommune"] = forms.TypedChoiceField(
                label=_("Kommune"), coerce=int, choices=kommunen
            )


class FassungForm(VersionFormMixin, forms.ModelForm):
    """A draft of the yearly report: year, Stand, introduction and closing text."""

    class Meta:
        model = Berichtsfassung
        fields = ["jahr", "stand", "einleitung", "schluss"]
        widgets = {"stand": DatumInput()}
        help_texts = {
            "jahr": _("Das Jahr, über das berichtet wird."),
            "einleitung": _("Steht am Anfang des Berichts."),
            "schluss": _("Steht am Ende des Berichts."),
        }

    def __init__(self, *args, kommunen: list[tuple[int, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and kommunen and len(kommunen) > 1:
            # A region: a new draft is one Kommune's (monitoring.berichtsfassungen); the
            # Kommune of a stored report does not change.
            self.fields["kommune"] = forms.TypedChoiceField(
                label=_("Kommune"),
                coerce=int,
                choices=[("", "---------"), *kommunen],
                help_text=_("Die Kommune, über die der Bericht berichtet."),
            )
            self.order_fields(["kommune"])

    def clean(self):
        daten = super().clean()
        if daten.get("kommune"):
            self.instance.kommune_id = daten["kommune"]
        return daten


class BeschlussForm(VersionFormMixin, forms.ModelForm):
    """The committee's decision that adopts a draft."""

    class Meta:
        model = Berichtsfassung
        fields = ["gremium", "beschluss_datum"]
        widgets = {"beschluss_datum": DatumInput()}
        help_texts = {"gremium": _("z. B. „Ausschuss für Soziales, Gesundheit und Inklusion“")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for feld in self.fields.values():
            if feld is not self.fields["geoeffnete_version"]:
                feld.required = True


class RueckzugForm(VersionFormMixin, forms.ModelForm):
    """The withdrawal of an adopted report, with its reason (Datenpflege)."""

    class Meta:
        model = Berichtsfassung
        fields = ["rueckzug_grund"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rueckzug_grund"].required = True
