"""The guided first run: the data stewards' setup checklist and the invitation page.

Each step of the checklist is "done" when the data says so, all six read in one query
(``schritte_laden``); the overview shows a note that leads to the checklist while a step is open
(``templatetags/einrichtung_tags.py``), read from the cache per data version.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from aktionsplan import konten
from aktionsplan.einladung import einladung_senden
from aktionsplan.einmal import einmal_absenden
from aktionsplan.models import Leitbild, Plan, Raum, Thema
from aktionsplan.rollen import DATENPFLEGE, ROLLEN
from aktionsplan.sperre import fehler_zeigen
from aktionsplan.zugriff import datenpflege_erforderlich
from aktionsplan.zwischenspeicher import zwischengespeichert
from monitoring.models import Indikator


@dataclass(frozen=True)
class Schritt:
    """One step of the checklist: what to do, whether the data shows it done, and where."""

    schluessel: str
    titel: str
    beschreibung: str
    erledigt: bool
    url: str
    linktext: str


@dataclass(frozen=True)
class Einrichtung:
    schritte: list[Schritt]

    @property
    def offen(self) -> int:
        return sum(not s.erledigt for s in self.schritte)

    @property
    def fertig(self) -> bool:
        return self.offen == 0


def _stand() -> dict[str, object]:
    """Every flag of the checklist in one query: EXISTS subqueries (and the own Kommune's id)
    selected on the role group "Datenpflege", which every database has (aktionsplan.rollen)."""
    personen = get_user_model().objects.filter(
        is_active=True, is_superuser=False, groups__name__in=ROLLEN
    )
    werte = (
        Group.objects.filter(name=DATENPFLEGE)
        .values(
            kommune_id=Subquery(Raum.objects.kommunen_eigene_zuerst().values("pk")[:1]),
            kommune_mit_schluessel=Exists(
                Raum.objects.kommunen().filter(amtlicher_schluessel__isnull=False)
            ),
            sozialraeume=Exists(Raum.objects.sozialraeume()),
            leitbild=Exists(Leitbild.objects.all()),
            themen=Exists(Thema.objects.all()),
            plan=Exists(Plan.objects.all()),
            personen=Exists(personen),
            indikatoren=Exists(Indikator.objects.all()),
        )
        .first()
    )
    return werte or {}


def schritte_laden() -> Einrichtung:
    """The six steps of DESIGN.md's first run with their state (one query, ``_stand``). The
    links lead to the pages that do the step: the admin for reference data and imports, the
    invitation page for people."""
    stand = _stand()
    kommune_id = stand.get("kommune_id")
    if kommune_id:
        kommune_url = reverse("admin:aktionsplan_raum_change", args=[kommune_id])
        kommune_link = _("Kommune bearbeiten")
    else:
        kommune_url = reverse("admin:aktionsplan_raum_add") + "?ebene=kommune"
        kommune_link = _("Kommune anlegen")
    if stand.get("leitbild"):
        leitbild_url, leitbild_link = reverse("admin:aktionsplan_thema_add"), _("Thema anlegen")
    else:
        leitbild_url = reverse("admin:aktionsplan_leitbild_add")
        leitbild_link = _("Leitbild anlegen")
    return Einrichtung(
        schritte=[
            Schritt(
                "kommune",
                _("Die eigene Kommune mit ihrem Amtlichen Gemeindeschlüssel"),
                _(
                    "Ein Raum der Ebene Kommune mit Namen und Amtlichem Gemeindeschlüssel (8 "
                    "Ziffern, z. B. 05334032 für Stolberg). Der Name erscheint im Kopf jeder "
                    "Seite und in den Berichten."
                ),
                bool(stand.get("kommune_mit_schluessel")),
                kommune_url,
                kommune_link,
            ),
            Schritt(
                "sozialraeume",
                _("Die Sozialräume importieren"),
                _(
                    "Eine Tabelle (CSV oder XLSX) mit Name, Kurzname, Ebene „Sozialraum“ und der "
                    "Kommune als übergeordnetem Raum."
                ),
                bool(stand.get("sozialraeume")),
                reverse("admin:aktionsplan_raum_import"),
                _("Räume importieren"),
            ),
            Schritt(
                "leitbild",
                _("Das Leitbild mit seinen Themen"),
                _(
                    "Das Leitbild (z. B. „Soziale Kupferstadt 2030“) und seine Themen, nach denen "
                    "die Maßnahmen geordnet werden."
                ),
                bool(stand.get("leitbild") and stand.get("themen")),
                leitbild_url,
                leitbild_link,
            ),
            Schritt(
                "plan",
                _("Der erste Plan"),
                _("Z. B. der Aktionsplan Inklusion mit Laufzeit und Ratsbeschluss."),
                bool(stand.get("plan")),
                reverse("admin:aktionsplan_plan_add"),
                _("Plan anlegen"),
            ),
            Schritt(
                "personen",
                _("Personen einladen und ihnen Rollen geben"),
                _(
                    "Name, E-Mail-Adresse und Rollen (Lesen, Redaktion, Datenpflege); die Person "
                    "bekommt eine E-Mail mit einem Link, über den sie ihr Passwort festlegt."
                ),
                bool(stand.get("personen")),
                reverse("einrichtung:einladen"),
                _("Person einladen"),
            ),
            Schritt(
                "indikatoren",
                _("Die Indikatoren importieren"),
                _(
                    "Eine Tabelle mit den Indikatoren des Monitorings; ihre Werte kommen danach "
                    "über den Import der Messwerte."
                ),
                bool(stand.get("indikatoren")),
                reverse("admin:monitoring_indikator_import"),
                _("Indikatoren importieren"),
            ),
        ]
    )


def einrichtung_fuer(nutzer: AbstractBaseUser) -> Einrichtung:
    """``schritte_laden`` cached per data version (no query while cached): every step is
    finished by a recorded change, which raises the data version."""
    return zwischengespeichert("einrichtung", nutzer, schritte_laden)


@require_GET
@datenpflege_erforderlich
def einrichtung(request: HttpRequest) -> HttpResponse:
    """The checklist. Queries: session, user, groups, the checklist (one)."""
    return render(
        request, "querschnitt/einrichtung.html", {"einrichtung": einrichtung_fuer(request.user)}
    )


# --- invitations ---


class EinladungForm(forms.Form):
    vorname = forms.CharField(label=gettext_lazy("Vorname"), max_length=150)
    nachname = forms.CharField(label=gettext_lazy("Nachname"), max_length=150)
    email = forms.EmailField(
        label=gettext_lazy("E-Mail-Adresse"),
        max_length=150,
        help_text=gettext_lazy("Sie ist auch der Benutzername, mit dem sich die Person anmeldet."),
    )
    rollen = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Rollen"),
        queryset=Group.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Lesen: alle internen Seiten. Redaktion: zusätzlich Maßnahmen, Sachstände, "
            "Meilensteine, Erkenntnisse und Werte. Datenpflege: zusätzlich Stammdaten, Importe, "
            "Personen und Rollen. Sie vergeben nur Rollen, deren Rechte Sie selbst haben."
        ),
    )

    def __init__(self, *args, handelnder: AbstractBaseUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        rollen = konten.vergebbare_rollen(handelnder)
        feld = self.fields["rollen"]
        feld.queryset = Group.objects.filter(pk__in=[g.pk for g in rollen])
        # In the roles' order (Lesen, Redaktion, Datenpflege), without a second query.
        feld.widget.choices = [(g.pk, g.name) for g in rollen]


@require_http_methods(["GET", "POST"])
@datenpflege_erforderlich
@einmal_absenden
def einladen(request: HttpRequest) -> HttpResponse:
    """Invite a person: the account with its roles (``konten.person_einladen``, history) and the
    e-mail with the link to set a password (``aktionsplan.einladung``), in one transaction: if
    the mail cannot be sent, no account is left behind."""
    form = EinladungForm(request.POST or None, handelnder=request.user)
    if request.method == "POST" and form.is_valid():
        daten = form.cleaned_data
        try:
            with transaction.atomic():
                person = konten.person_einladen(
                    handelnder=request.user,
                    vorname=daten["vorname"],
                    nachname=daten["nachname"],
                    email=daten["email"],
                    gruppen=daten["rollen"],
                )
                einladung_senden(
                    person,
                    einladende=request.user,
                    rollen=[g.name for g in daten["rollen"]],
                    basis_url=request.build_absolute_uri("/"),
                )
        except ValidationError as fehler:
            fehler_zeigen(form, fehler)
        except OSError:  # smtplib.SMTPException is an OSError
            form.add_error(
                None,
                _(
                    "Die E-Mail konnte nicht gesendet werden; es wurde nichts gespeichert. Bitte "
                    "versuchen Sie es später noch einmal oder wenden Sie sich an den Betrieb."
                ),
            )
        else:
            messages.success(
                request,
                _("%(name)s ist eingeladen: die E-Mail mit dem Link ging an %(email)s.")
                % {"name": person.get_full_name(), "email": person.email},
            )
            return redirect("einrichtung:checkliste")
    return render(request, "querschnitt/einladen.html", {"form": form})
