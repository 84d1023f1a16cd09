"""Measure list with export and the editing forms of measures. The overview and the detail page
read across apps and live in querschnitt.views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aktionsplan import dateien
from aktionsplan.einmal import einmal_absenden
from aktionsplan.forms import FreigabeForm
from aktionsplan.hintergrundexport import (
    angebotsseite,
    gross_beantworten,
    ist_gross,
    parameter_aus,
)
from aktionsplan.querysets import auswahl_eingrenzen
from aktionsplan.rollen import darf_bearbeiten
from aktionsplan.seitenspeicher import anfrageschluessel, seite_mit_teil
from aktionsplan.sperre import VeralteterStandError, fehler_zeigen
from aktionsplan.zugriff import lesen_erforderlich, redaktion_erforderlich
from projekte import exporte, services
from projekte import hintergrund as exporte_im_hintergrund
from projekte.filters import ProjektFilter
from projekte.forms import (
    BeteiligungForm,
    BeteiligungLoeschenForm,
    FinanzierungForm,
    MeilensteinErledigtForm,
    MeilensteinForm,
    ProjektskizzeForm,
    SachstandForm,
)
from projekte.models import (
    Finanzierung,
    Meilenstein,
    Projektbeteiligung,
    Projektskizze,
    Sachstand,
    stand_beschriften,
)

PRO_SEITE = 25

LISTENSPALTEN = (
    ("nummer", gettext_lazy("Nr.")),
    ("titel", gettext_lazy("Maßnahme")),
    ("status", gettext_lazy("Status")),
    ("ampel", gettext_lazy("Ampel")),
    ("fortschritt", gettext_lazy("Fortschritt")),
    ("sachstand", gettext_lazy("Letzter Sachstand")),
)


def _gefiltert(request: HttpRequest) -> tuple[ProjektFilter, str]:
    return exporte.gefiltert(request.GET, request.user)


def _sortierkoepfe(sortierung: str) -> list[dict]:
    """Column heads; ``ziel`` is the sort value a click on the head asks for (the template keeps
    the other parameters with {% querystring %})."""
    koepfe = []
    aktiv = sortierung.removeprefix("-")
    absteigend = sortierung.startswith("-")
    for schluessel, titel in LISTENSPALTEN:
        ist_aktiv = schluessel == aktiv
        koepfe.append(
            {
                "schluessel": schluessel,
                "titel": titel,
                "ziel": f"-{schluessel}" if ist_aktiv and not absteigend else schluessel,
                "aria_sort": ("descending" if absteigend else "ascending") if ist_aktiv else "",
            }
        )
    return koepfe


@require_GET
@lesen_erforderlich
def projekt_liste(request: HttpRequest) -> HttpResponse:
    """The measures, filtered, sorted and paged. The main part is stored per data version and
    query (aktionsplan.seitenspeicher)."""

    def berechnen() -> dict:
        filter_, sortierung = _gefiltert(request)
        seite = Paginator(filter_.qs, PRO_SEITE).get_page(request.GET.get("page"))
        for projekt in seite.object_list:
            stand_beschriften(projekt)
        return {
            "filter": filter_,
            "seite": seite,
            "koepfe": _sortierkoepfe(sortierung),
            "sortierung": sortierung,
            "darf_bearbeiten": darf_bearbeiten(request.user),
        }

    return seite_mit_teil(
        request,
        "projekte/projekt_liste.html",
        teile=("projekt_liste", anfrageschluessel(request)),
        kontext={},
        berechnen=berechnen,
    )


@require_http_methods(["GET", "POST"])
@lesen_erforderlich
def projekt_export(request: HttpRequest) -> HttpResponse:
    """The filtered, sorted measure list as CSV or XLSX. Up to SOFORT_BIS_ZEILEN measures are
    written at once, more by the task queue (aktionsplan.hintergrundexport): GET offers the
    file, POST starts it."""
    format_ = dateien.exportformat(request.GET)
    filter_, _sortierung = _gefiltert(request)
    parameter = request.GET.copy()
    parameter.pop("format", None)
    liste = f"{reverse('projekte:projekt_liste')}?{parameter.urlencode()}"
    if not filter_.is_valid():
        # Never hand out a file whose filter was (partly) ignored: back to the list, which
        # shows the errors of the same query.
        messages.error(
            request,
            _("Nichts exportiert: Bitte korrigieren Sie zuerst die Filter."),
        )
        return redirect(liste)
    zeilen = filter_.qs.count()
    if ist_gross(zeilen):
        titel = exporte.exporttitel(format_)
        return gross_beantworten(
            request,
            task=exporte_im_hintergrund.massnahmen_export,
            kennung=exporte.EXPORT_KENNUNG,
            titel=titel,
            parameter=parameter_aus(request.GET, ohne=("page",)),
            zeilen=zeilen,
            herkunft_url=liste,
            angebot=lambda: angebotsseite(request, titel=titel, zeilen=zeilen, zurueck_url=liste),
        )
    if request.method == "POST":
        return redirect(request.get_full_path())
    inhalt = exporte.datei(filter_.qs, format_)
    return dateien.dateiantwort(
        inhalt, format_=format_, dateiname=exporte.dateiname(format_).removesuffix(f".{format_}")
    )


def _formdaten(form: ProjektskizzeForm) -> tuple[dict, dict]:
    daten = {
        name: form.cleaned_data[name]
        for name in form._meta.fields
        if name not in services.M2M_FELDER
    }
    m2m = {name: form.cleaned_data[name] for name in services.M2M_FELDER}
    return daten, m2m


def _formularseite(request, form, projekt=None, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "projekte/projekt_form.html",
        {"form": form, "projekt": projekt},
        status=status,
    )


@redaktion_erforderlich
@require_http_methods(["GET", "POST"])
@einmal_absenden
def projekt_neu(request: HttpRequest) -> HttpResponse:
    form = ProjektskizzeForm(request.POST if request.method == "POST" else None)
    auswahl_eingrenzen(form, request.user)
    if request.method == "POST" and form.is_valid():
        daten, m2m = _formdaten(form)
        try:
            projekt = services.projekt_anlegen(benutzer=request.user, daten=daten, m2m=m2m)
        except ValidationError as fehler:
            fehler_zeigen(form, fehler)
        else:
            messages.success(request, _("Die Maßnahme „%s“ wurde angelegt.") % projekt.titel)
            return redirect(projekt)
    return _formularseite(request, form)


@redaktion_erforderlich
@require_http_methods(["GET", "POST"])
@einmal_absenden
def projekt_bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    projekt = get_object_or_404(
        Projektskizze.objects.fuer(request.user).select_related("plan"), pk=pk
    )
    form = ProjektskizzeForm(request.POST if request.method == "POST" else None, instance=projekt)
    auswahl_eingrenzen(form, request.user)
    if request.method != "POST":
        return _formularseite(request, form, projekt)
    status = 200
    if form.is_valid():
        daten, m2m = _formdaten(form)
        try:
            services.projekt_aendern(
                projekt=form.instance,
                benutzer=request.user,
                erwartete_version=form.erwartete_version,
                daten=daten,
                m2m=m2m,
            )
        except VeralteterStandError as fehler:
            form.veraltet_zeigen(fehler)
            status = 409
        except ValidationError as fehler:
            fehler_zeigen(form, fehler)
        else:
            messages.success(request, _("Die Änderungen wurden gespeichert."))
            return redirect("projekte:projekt_detail", pk=pk)
    return _formularseite(request, form, projekt, status=status)


@redaktion_erforderlich
@require_http_methods(["GET", "POST"])
@einmal_absenden
def sachstand_neu(request: HttpRequest, pk: int) -> HttpResponse:
    projekt = get_object_or_404(Projektskizze.objects.fuer(request.user).fuer_tabelle(), pk=pk)
    stand_beschriften(projekt)
    form = SachstandForm(request.POST if request.method == "POST" else None, projekt=projekt)
    auswahl_eingrenzen(form, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.sachstand_anlegen(projekt=projekt, benutzer=request.user, **form.cleaned_data)
        except ValidationError as fehler:
            fehler_zeigen(form, fehler)
        else:
            messages.success(request, _("Der Sachstand wurde gespeichert."))
            return redirect(projekt)
    return render(request, "projekte/sachstand_form.html", {"form": form, "projekt": projekt})


@redaktion_erforderlich
@require_POST
@einmal_absenden
def sachstand_freigeben(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a report on the public page of its measure, or withdraw it (a button on the
    measure's page). A stale click (the report changed since the page was shown) changes
    nothing and says so."""
    sachstand = get_object_or_404(
        Sachstand.objects.fuer(request.user).select_related("projekt"), pk=pk
    )
    form = FreigabeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Die Angabe war unvollständig; es wurde nichts geändert."))
        return redirect(sachstand.projekt)
    oeffentlich = form.cleaned_data["oeffentlich"]
    try:
        services.sachstand_freigeben(
            sachstand=sachstand,
            benutzer=request.user,
            erwartete_version=form.cleaned_data["geoeffnete_version"],
            oeffentlich=oeffentlich,
        )
    except VeralteterStandError as fehler:
        messages.error(request, str(fehler))
    else:
        messages.success(
            request,
            _("Der Sachstand vom %(datum)s ist jetzt öffentlich.")
            % {"datum": formats.date_format(sachstand.datum, "SHORT_DATE_FORMAT")}
            if oeffentlich
            else _("Der Sachstand vom %(datum)s ist nicht mehr öffentlich.")
            % {"datum": formats.date_format(sachstand.datum, "SHORT_DATE_FORMAT")},
        )
    return redirect(sachstand.projekt)


@redaktion_erforderlich
@require_http_methods(["GET", "POST"])
@einmal_absenden
def meilenstein_neu(request: HttpRequest, pk: int) -> HttpResponse:
    projekt = get_object_or_404(
        Projektskizze.objects.fuer(request.user).select_related("plan"), pk=pk
    )
    form = MeilensteinForm(request.POST if request.method == "POST" else None)
    auswahl_eingrenzen(form, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.meilenstein_anlegen(
                projekt=projekt, benutzer=request.user, **form.cleaned_data
            )
        except ValidationError as fehler:
            fehler_zeigen(form, fehler)
        else:
            messages.success(request, _("Der Meilenstein wurde angelegt."))
            return redirect(projekt)
    return render(request, "projekte/meilenstein_form.html", {"form": form, "projekt": projekt})


@redaktion_erforderlich
@require_POST
@einmal_absenden
def meilenstein_erledigt(request: HttpRequest, pk: int) -> HttpResponse:
    meilenstein = get_object_or_404(
        Meilenstein.objects.fuer(request.user).select_related("projekt"), pk=pk
    )
    daten = request.POST.copy()
    if not daten.get("erledigt_am"):
        daten["erledigt_am"] = timezone.localdate().isoformat()
    form = MeilensteinErledigtForm(daten)
    if form.is_valid():
        try:
            services.meilenstein_erledigen(
                meilenstein=meilenstein,
                benutzer=request.user,
                erledigt_am=form.cleaned_data["erledigt_am"],
            )
        except ValidationError as fehler:
            fehler_zeigen(form, fehler)
        else:
            messages.success(
                request, _("Der Meilenstein „%s“ ist als erledigt vermerkt.") % meilenstein.titel
            )
            return redirect(meilenstein.projekt)
    # Refused: the form again on a page of its own, with the error summary that links to the
    # field (aria-invalid) and the date as it was typed; nothing was changed.
    return render(
        request,
        "projekte/meilenstein_erledigt.html",
        {"form": form, "meilenstein": meilenstein, "projekt": meilenstein.projekt},
    )


@redaktion_erforderlich
@require_http_methods(["GET", "POST"])
@einmal_absenden
def beteiligung_neu(request: HttpRequest, pk: int) -> HttpResponse:
    projekt = get_object_or_404(
        Projektskizze.objects.fuer(request.user).select_related("plan"), pk=pk
    )
    form = BeteiligungForm(request.POST if request.method == "POST" else None, projekt=projekt)
    auswahl_eingrenzen(form, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.beteiligung_anlegen(
                projekt=projekt,
                benutzer=request.user,
                akteur=form.cleaned_data["akteur"],
                rolle=form.cleaned_data["rolle"],
                aufgabe=form.cleaned_data["aufgabe"],
            )
        except ValidationError as fehler:
            fehler_zeigen(form, fehler)
        else:
            messages.success(request, _("Der Akteur wurde der Maßnahme zugeordnet."))
            return redirect(projekt)
    return render(
        request,
        "projekte/beteiligung_form.html",
        {"form": form, "projekt": projekt, "beteiligung": None},
    )


def _beteiligung_laden(request: HttpRequest, pk: int) -> Projektbeteiligung:
    return get_object_or_404(
        Projektbeteiligung.objects.fuer(request.user).select_related(
            "projekt", "projekt__plan", "akteur"
        ),
        pk=pk,
    )


@redaktion_erforderlich
@require_http_methods(["GET", "POST"])
@einmal_absenden
def beteiligung_bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    beteiligung = _beteiligung_laden(request, pk)
    projekt = beteiligung.projekt
    form = BeteiligungForm(
        request.POST if request.method == "POST" else None, instance=beteiligung, projekt=projekt
    )
    auswahl_eingrenzen(form, request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.beteiligung_aendern(
                beteiligung=beteiligung,
                benutzer=request.user,
                erwartete_version=form.erwartete_version,
                rolle=form.cleaned_data["rolle"],
                aufgabe=form.cleaned_data["aufgabe"],
            )
        except VeralteterStandError as fehler:
            form.veraltet_zeigen(fehler)
            status = 409
        except ValidationError as fehler:
            fehler_zeigen(form, fehler)
        else:
            messages.success(request, _("Die Rolle wurde geändert."))
            return redirect(projekt)
    return render(
        request,
        "projekte/beteiligung_form.html",
        {"form": form, "projekt": projekt, "beteiligung": beteiligung},
        status=status,
    )


@redaktion_erforderlich
@require_http_methods(["GET", "POST"])
@einmal_absenden
def beteiligung_loeschen(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST removes the role unless the measure changed since."""
    beteiligung = _beteiligung_laden(request, pk)
    projekt = beteiligung.projekt
    form = BeteiligungLoeschenForm(
        request.POST if request.method == "POST" else None, beteiligung=beteiligung
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.beteiligung_entfernen(
                    beteiligung=beteiligung,
                    benutzer=request.user,
                    erwartete_version=form.erwartete_version,
                )
            except VeralteterStandError as fehler:
                if fehler.veraltet.geloescht:
                    messages.info(request, fehler.veraltet.meldung())
                    return redirect(projekt)
                # The page now shows the current state; confirming again is deliberate.
                messages.error(request, fehler.veraltet.meldung())
                beteiligung = _beteiligung_laden(request, pk)
                form = BeteiligungLoeschenForm(beteiligung=beteiligung)
                status = 409
            else:
                messages.success(
                    request,
                    _("„%s“ ist nicht mehr an der Maßnahme beteiligt.") % beteiligung.akteur.name,
                )
                return redirect(projekt)
        else:
            form = BeteiligungLoeschenForm(beteiligung=beteiligung)
            messages.error(request, _("Bitte bestätigen Sie das Entfernen erneut."))
    return render(
        request,
        "projekte/beteiligung_loeschen.html",
        {"form": form, "projekt": projekt, "beteiligung": beteiligung},
        status=status,
    )


def _finanzierung_seite(request, form, projekt, finanzierung=None, *, status: int = 200):
    return render(
        request,
        "projekte/finanzierung_form.html",
        {"form": form, "projekt": projekt, "finanzierung": finanzierung},
        status=status,
    )


def _finanzierung_daten(form: FinanzierungForm) -> dict:
    return {feld: form.cleaned_data[feld] for feld in services.FINANZIERUNG_FELDER}


@redaktion_erforderlich
@require_http_methods(["GET", "POST"])
@einmal_absenden
def finanzierung_neu(request: HttpRequest, pk: int) -> HttpResponse:
    projekt = get_object_or_404(
        Projektskizze.objects.fuer(request.user).select_related("plan"), pk=pk
    )
    form = FinanzierungForm(request.POST if request.method == "POST" else None, projekt=projekt)
    if request.method == "POST" and form.is_valid():
        try:
            services.finanzierung_anlegen(
                projekt=projekt, benutzer=request.user, daten=_finanzierung_daten(form)
            )
        except ValidationError as fehler:
            fehler_zeigen(form, fehler)
        else:
            messages.success(request, _("Die Finanzierung wurde angelegt."))
            return redirect(projekt)
    return _finanzierung_seite(request, form, projekt)


@redaktion_erforderlich
@require_http_methods(["GET", "POST"])
@einmal_absenden
def finanzierung_bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    finanzierung = get_object_or_404(
        Finanzierung.objects.fuer(request.user).select_related("projekt", "projekt__plan"), pk=pk
    )
    projekt = finanzierung.projekt
    form = FinanzierungForm(
        request.POST if request.method == "POST" else None, instance=finanzierung, projekt=projekt
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.finanzierung_aendern(
                finanzierung=form.instance,
                benutzer=request.user,
                erwartete_version=form.erwartete_version,
                daten=_finanzierung_daten(form),
            )
        except VeralteterStandError as fehler:
            form.veraltet_zeigen(fehler)
            status = 409
        except ValidationError as fehler:
            fehler_zeigen(form, fehler)
        else:
            messages.success(request, _("Die Finanzierung wurde geändert."))
            return redirect(projekt)
    return _finanzierung_seite(request, form, projekt, finanzierung, status=status)
