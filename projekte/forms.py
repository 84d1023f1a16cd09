"""Forms for measures, status reports, milestones, actors' roles and funding."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from akteure.models import Akteur
from aktionsplan.forms import DatumInput, DeutscheZahlField
from aktionsplan.models import Fortschreibung, Raum, Thema, UNBRKArtikel
from aktionsplan.personen import anzeigename
from aktionsplan.sperre import VersionFormMixin
from aktionsplan.suchauswahl import SuchFormMixin, suchauswahl
from projekte.models import (
    Ampel,
    Finanzierung,
    Meilenstein,
    Projektbeteiligung,
    Projektskizze,
    Sachstand,
    Status,
)


class ProjektskizzeForm(VersionFormMixin, forms.ModelForm):
    """A measure; the hidden version it was opened on lets the service refuse a stale save."""

    class Meta:
        model = Projektskizze
        fields = [
            "plan",
            "nummer",
            "titel",
            "kurzbeschreibung",
            "ziele",
            "hauptthema",
            "weitere_themen",
            "zielgruppen",
            "unbrk_artikel",
            "gesamtstaedtisch",
            "raeume",
            "fortschreibung",
            "verantwortlich",
            "beginn",
            "ende",
            "kosten",
            "beteiligung",
            "prioritaet",
            "veroeffentlicht",
            "kosten_oeffentlich",
            "text_leichte_sprache",
        ]
        widgets = {
            "weitere_themen": forms.CheckboxSelectMultiple,
            "zielgruppen": forms.CheckboxSelectMultiple,
            "unbrk_artikel": forms.CheckboxSelectMultiple,
            "raeume": forms.CheckboxSelectMultiple,
            "beginn": DatumInput,
            "ende": DatumInput,
            "kurzbeschreibung": forms.Textarea(attrs={"rows": 4}),
            "ziele": forms.Textarea(attrs={"rows": 4}),
            "beteiligung": forms.Textarea(attrs={"rows": 3}),
            "text_leichte_sprache": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"kosten": DeutscheZahlField}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hauptthema"].queryset = Thema.objects.geordnet()
        self.fields["weitere_themen"].queryset = Thema.objects.geordnet()
        self.fields["unbrk_artikel"].queryset = UNBRKArtikel.objects.order_by("nummer")
        self.fields["raeume"].queryset = Raum.objects.exclude(ebene=Raum.Ebene.REGION).order_by(
            "ebene", "name"
        )
        verantwortlich = self.fields["verantwortlich"]
        verantwortlich.queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .order_by("last_name", "first_name", "username")
        )
        verantwortlich.label_from_instance = anzeigename
        # The rules across relations (themes, the plan's area) run in VersionFormMixin.
        fortschreibung = self.fields["fortschreibung"]
        fortschreibung.queryset = Fortschreibung.objects.select_related("plan").order_by(
            "plan__beginn", "plan__name", "nummer"
        )
        fortschreibung.label_from_instance = lambda f: f"{f.plan}: {f.bezeichnung}"
        fortschreibung.empty_label = _("– keine (Erstfassung oder unbekannt) –")


class SachstandForm(forms.ModelForm):
    """A new status report; it may name the earlier report of the measure that it corrects."""

    fortschritt = forms.IntegerField(
        label=_("Fortschritt (%)"),
        min_value=0,
        max_value=100,
        help_text=_("Ganze Zahl von 0 bis 100."),
    )

    class Meta:
        model = Sachstand
        fields = ["datum", "status", "ampel", "fortschritt", "text", "berichtigt", "oeffentlich"]
        widgets = {
            "datum": DatumInput,
            "status": forms.RadioSelect,
            "ampel": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, projekt: Projektskizze, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.projekt = projekt
        # Radio groups without the empty "---------" option.
        self.fields["status"].choices = Status.choices
        self.fields["ampel"].choices = Ampel.choices
        berichtigt = self.fields["berichtigt"]
        berichtigt.queryset = projekt.sachstaende.neueste_zuerst()
        berichtigt.required = False
        berichtigt.empty_label = _("– keinen, ein neuer Sachstand –")
        if not self.is_bound:
            self.initial.setdefault("datum", timezone.localdate())
            # A new report starts from the current state (annotated by fuer_tabelle(); a
            # measure without a report is an "Idee" at 0 %).
            self.initial.setdefault(
                "status", getattr(projekt, "aktueller_status", None) or Status.IDEE
            )
            if ampel := getattr(projekt, "aktuelle_ampel", None):
                self.initial.setdefault("ampel", ampel)
            fortschritt = getattr(projekt, "aktueller_fortschritt", None)
            self.initial.setdefault("fortschritt", fortschritt if fortschritt is not None else 0)


class MeilensteinForm(forms.ModelForm):
    class Meta:
        model = Meilenstein
        fields = ["titel", "faellig_am"]
        widgets = {"faellig_am": DatumInput}


class MeilensteinErledigtForm(forms.Form):
    """The date a milestone was done (the rules on it live in ``Meilenstein.clean()``)."""

    erledigt_am = forms.DateField(label=_("erledigt am"), widget=DatumInput)


class BeteiligungForm(SuchFormMixin, VersionFormMixin, forms.ModelForm):
    """An actor's role in a measure. The rules (one lead actor, an actor once) are the model's
    constraints; the form validates them with the measure set, so every path says the same."""

    class Meta:
        model = Projektbeteiligung
        fields = ["akteur", "rolle", "aufgabe"]
        widgets = {"rolle": forms.RadioSelect}

    def __init__(self, *args, projekt: Projektskizze, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.projekt = projekt
        self.instance.projekt = projekt
        # The actors grow with the data: chosen through a search field (aktionsplan.suchauswahl).
        suchauswahl(self.fields["akteur"], suchfelder=("name", "kurzname"))
        self.fields["akteur"].queryset = Akteur.objects.order_by("name")
        # Radio buttons without the empty "---------" option (a role is required).
        self.fields["rolle"].choices = Projektbeteiligung.Rolle.choices
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("rolle", Projektbeteiligung.Rolle.PARTNER)
        if self.instance.pk is not None:
            # The actor of an existing role stays; remove the role and add a new one instead.
            del self.fields["akteur"]

    def _get_validation_exclusions(self):
        # The measure is set by the view: validate the constraints that involve it.
        ausschluesse = super()._get_validation_exclusions()
        ausschluesse.discard("projekt")
        if self.instance.pk is not None:
            ausschluesse.discard("akteur")
        return ausschluesse


class BeteiligungLoeschenForm(VersionFormMixin, forms.Form):
    """Confirmation of removing an actor's role, with the role's version it was shown with."""

    def __init__(self, *args, beteiligung: Projektbeteiligung, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A removal must say what it was confirmed on; without it nothing is removed.
        self.fields["geoeffnete_version"].required = True
        if not self.is_bound:
            self.initial["geoeffnete_version"] = beteiligung.version


class FinanzierungForm(VersionFormMixin, forms.ModelForm):
    """Funding of a measure: who gives it (Mittelgeber), the programme, the amount and where
    the application stands. The rules are the model's (amount not negative, decision not
    before the application); the form validates them with the measure set."""

    class Meta:
        model = Finanzierung
        fields = ["quelle", "programm", "betrag", "status", "beantragt_am", "entschieden_am"]
        widgets = {
            "status": forms.RadioSelect,
            "beantragt_am": DatumInput,
            "entschieden_am": DatumInput,
        }
        field_classes = {"betrag": DeutscheZahlField}

    def __init__(self, *args, projekt: Projektskizze, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.projekt = projekt
        self.fields["status"].choices = Finanzierung.Antragsstatus.choices
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("status", Finanzierung.Antragsstatus.GEPLANT)

    def _get_validation_exclusions(self):
        ausschluesse = super()._get_validation_exclusions()
        ausschluesse.discard("projekt")
        return ausschluesse
