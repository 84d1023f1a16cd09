"""Forms of the feedback page, the Datenpflege's status change and the statement."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from aktionsplan.forms import DatumInput
from aktionsplan.sperre import VersionFormMixin
from rueckmeldungen.abwehr import HONIGTOPF
from rueckmeldungen.models import Erklaerung, Rueckmeldung


class RueckmeldungForm(forms.ModelForm):
    """The public feedback form. The consent is required (a CheckConstraint holds it too); the
    honeypot field is hidden from people by the stylesheet and must stay empty."""

    class Meta:
        model = Rueckmeldung
        fields = ["seite", "problem", "email", "einwilligung"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 6}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        labels = {"einwilligung": _("Ich bin mit der Speicherung meiner Angaben einverstanden.")}
        help_texts = {
            "einwilligung": _(
                "Wir speichern Ihre Angaben, um Ihre Rückmeldung zu bearbeiten und zu "
                "beantworten, und löschen sie, wenn sie nicht mehr gebraucht werden. Näheres "
                "steht in der Datenschutzerklärung."
            )
        }

    def __init__(self, *args, massnahme=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.massnahme = massnahme
        self.fields["einwilligung"].required = True
        self.fields["einwilligung"].error_messages["required"] = _(
            "Bitte bestätigen Sie, dass wir Ihre Angaben speichern dürfen; ohne Ihre "
            "Einwilligung können wir die Rückmeldung nicht annehmen."
        )
        self.fields["problem"].error_messages["required"] = _(
            "Bitte beschreiben Sie das Problem oder Ihren Hinweis."
        )
        self.fields["email"].error_messages["invalid"] = _(
            "Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@example.org, "
            "oder lassen Sie das Feld leer."
        )
        if massnahme is not None:
            # The measure is the page: fixed, not asked.
            del self.fields["seite"]
        # The honeypot: not a model field. People never see it (display: none).
        self.fields[HONIGTOPF] = forms.CharField(
            label=_("Bitte lassen Sie dieses Feld leer"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )


class StatusForm(forms.Form):
    """The Datenpflege's status change of a message, with the version it was opened on."""

    status = forms.ChoiceField(label=_("Status"), choices=Rueckmeldung.Status.choices)
    notiz = forms.CharField(
        label=_("Interne Notiz"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=Rueckmeldung._meta.get_field("notiz").help_text,
    )
    geoeffnete_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, rueckmeldung: Rueckmeldung, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "status": rueckmeldung.status,
                "notiz": rueckmeldung.notiz,
                "geoeffnete_version": rueckmeldung.version,
            },
        )
        super().__init__(*args, **kwargs)

    @property
    def erwartete_version(self) -> int | None:
        return self.cleaned_data.get("geoeffnete_version")

    def veraltet_zeigen(self, fehler) -> None:
        """The stale-edit refusal with the input kept (as ``VersionFormMixin.veraltet_zeigen``)."""
        VersionFormMixin.veraltet_zeigen(self, fehler)


def _formularfeld(feld, **kwargs):
    # Addresses without a scheme are read as https (Django 6's default, as in the admin).
    if isinstance(feld, models.URLField):
        kwargs["assume_scheme"] = "https"
    return feld.formfield(**kwargs)


class ErklaerungForm(VersionFormMixin, forms.ModelForm):
    """The accessibility statement, edited by the Datenpflege."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Empty when the form was opened before the first save (its key is fixed,
        # ERKLAERUNG_PK, but there was no version to name). Not required even when the
        # statement exists by the time it is sent: services.erklaerung_speichern then refuses
        # the save as stale (409, input kept), as someone else created it in between.
        self.fields["geoeffnete_version"].required = False

    class Meta:
        model = Erklaerung
        formfield_callback = _formularfeld
        fields = [
            "konformitaet",
            "nicht_barrierefrei",
            "erstellt_am",
            "methode",
            "methode_text",
            "zuletzt_geprueft",
            "kontakt_stelle",
            "kontakt_email",
            "kontakt_telefon",
            "kontakt_anschrift",
            "durchsetzung_name",
            "durchsetzung_anschrift",
            "durchsetzung_email",
            "durchsetzung_url",
            "leichte_sprache",
        ]
        widgets = {
            "erstellt_am": DatumInput(),
            "zuletzt_geprueft": DatumInput(),
            "nicht_barrierefrei": forms.Textarea(attrs={"rows": 6}),
            "methode_text": forms.Textarea(attrs={"rows": 4}),
            "kontakt_anschrift": forms.Textarea(attrs={"rows": 3}),
            "durchsetzung_anschrift": forms.Textarea(attrs={"rows": 3}),
            "leichte_sprache": forms.Textarea(attrs={"rows": 8}),
        }
