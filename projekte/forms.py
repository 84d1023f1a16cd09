"""Forms for measures, status reports, milestones and actors' roles."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from akteure.models import Akteur
from aktionsplan.forms import DatumInput
from aktionsplan.models import Raum, Thema, UNBRKArtikel
from aktionsplan.personen import anzeigename
from projekte.models import Ampel, Meilenstein, Projektbeteiligung, Projektskizze, Sachstand, Status


class ProjektskizzeForm(forms.ModelForm):
    # The version the form was opened with; the service refuses the save if it is outdated.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

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
            "verantwortlich",
            "beginn",
            "ende",
            "kosten",
            "beteiligung",
            "prioritaet",
            "veroeffentlicht",
            "leichte_sprache",
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
            "leichte_sprache": forms.Textarea(attrs={"rows": 4}),
        }

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
        if self.instance.pk is None:
            self.fields["version"].required = False
        else:
            self.fields["version"].initial = self.instance.version

    def clean(self) -> dict:
        daten = super().clean()
        hauptthema = daten.get("hauptthema")
        weitere = daten.get("weitere_themen")
        if hauptthema and weitere and hauptthema in weitere:
            self.add_error(
                "weitere_themen",
                forms.ValidationError(
                    _("Das Hauptthema ist nicht zugleich ein weiteres Thema."),
                    code="hauptthema_doppelt",
                ),
            )
        return daten


class SachstandForm(forms.ModelForm):
    fortschritt = forms.IntegerField(
        label=_("Fortschritt (%)"),
        min_value=0,
        max_value=100,
        help_text=_("Ganze Zahl von 0 bis 100."),
    )

    class Meta:
        model = Sachstand
        fields = ["datum", "status", "ampel", "fortschritt", "text"]
        widgets = {
            "datum": DatumInput,
            "status": forms.RadioSelect,
            "ampel": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Radio groups without the empty "---------" option.
        self.fields["status"].choices = Status.choices
        self.fields["ampel"].choices = Ampel.choices
        if not self.is_bound:
            self.initial.setdefault("datum", timezone.localdate())

    def clean_datum(self) -> datetime.date:
        datum = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(
                _("Ein Sachstand kann nicht in der Zukunft liegen."), code="zukunft"
            )
        return datum


class MeilensteinForm(forms.ModelForm):
    class Meta:
        model = Meilenstein
        fields = ["titel", "faellig_am"]
        widgets = {"faellig_am": DatumInput}


class MeilensteinErledigtForm(forms.Form):
    erledigt_am = forms.DateField(label=_("erledigt am"), widget=DatumInput)

    def clean_erledigt_am(self) -> datetime.date:
        datum = self.cleaned_data["erledigt_am"]
        if datum > timezone.localdate():
            raise forms.ValidationError(
                _("Das Datum darf nicht in der Zukunft liegen."), code="zukunft"
            )
        return datum


class BeteiligungForm(forms.ModelForm):
    # Changing a role: the measure's version the form was opened with (a stale save is refused).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Projektbeteiligung
        fields = ["akteur", "rolle", "aufgabe"]
        widgets = {"rolle": forms.RadioSelect}

    def __init__(self, *args, projekt: Projektskizze, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.projekt = projekt
        self.fields["akteur"].queryset = Akteur.objects.order_by("name")
        # Radio buttons without the empty "---------" option (a role is required).
        self.fields["rolle"].choices = Projektbeteiligung.Rolle.choices
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("rolle", Projektbeteiligung.Rolle.PARTNER)
        if self.instance.pk is not None:
            # The actor of an existing role stays; remove the role and add a new one instead.
            del self.fields["akteur"]
            self.fields["version"].initial = projekt.version
        else:
            # Adding an actor overwrites nothing; no version needed.
            del self.fields["version"]

    def clean(self) -> dict:
        daten = super().clean()
        andere = Projektbeteiligung.objects.filter(projekt=self.projekt)
        if self.instance.pk is not None:
            andere = andere.exclude(pk=self.instance.pk)
        akteur = daten.get("akteur")
        if akteur is not None and andere.filter(akteur=akteur).exists():
            self.add_error(
                "akteur",
                forms.ValidationError(
                    _("Dieser Akteur ist an der Maßnahme schon beteiligt."), code="doppelt"
                ),
            )
        if (
            daten.get("rolle") == Projektbeteiligung.Rolle.FEDERFUEHREND
            and andere.filter(rolle=Projektbeteiligung.Rolle.FEDERFUEHREND).exists()
        ):
            self.add_error(
                "rolle",
                forms.ValidationError(
                    _(
                        "Die Maßnahme hat schon einen federführenden Akteur. Ändern Sie zuerst "
                        "dessen Rolle."
                    ),
                    code="federfuehrend_doppelt",
                ),
            )
        return daten


class BeteiligungLoeschenForm(forms.Form):
    """Confirmation of removing an actor's role, with the version of the measure it was shown
    with."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
