"""Overview, measure list with export, detail page and the editing forms of measures."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aktionsplan.dateien import XLSX_CONTENT_TYPE
from aktionsplan.models import Raum
from aktionsplan.rollen import darf_bearbeiten
from aktionsplan.zugriff import lesen_erforderlich, redaktion_erforderlich
from monitoring.models import Messwert
from monitoring.schutz import schuetzen
from projekte import exporte, services
from projekte.abfragen import projekte, sortierung_pruefen, stand_beschriften, uebersicht_laden
from projekte.filters import ProjektFilter
from projekte.forms import (
    BeteiligungForm,
    BeteiligungLoeschenForm,
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
    Status,
)
from projekte.verlauf import aenderungsverlauf

PRO_SEITE = 25

LISTENSPALTEN = (
    ("nummer", gettext_lazy("Nr.")),
    ("titel", gettext_lazy("Maßnahme")),
    ("status", gettext_lazy("Status")),
    ("ampel", gettext_lazy("Ampel")),
    ("fortschritt", gettext_lazy("Fortschritt")),
    ("sachstand", gettext_lazy("Letzter Sachstand")),
)


@require_GET
@lesen_erforderlich
def uebersicht(request: HttpRequest) -> HttpResponse:
    daten = uebersicht_laden()
    return render(
        request,
        "projekte/projekt_uebersicht.html",
        {
            "u": daten,
            "status_spalten": Status.choices,
            "sachstand_max_alter_tage": settings.SACHSTAND_MAX_ALTER_TAGE,
        },
    )


def _gefiltert(request: HttpRequest) -> tuple[ProjektFilter, str]:
    sortierung = sortierung_pruefen(request.GET.get("sortierung"))
    filter_ = ProjektFilter(request.GET, queryset=projekte().fuer_tabelle().sortiert(sortierung))
    return filter_, sortierung


def _sortierkoepfe(request: HttpRequest, sortierung: str) -> list[dict]:
    koepfe = []
    aktiv = sortierung.removeprefix("-")
    absteigend = sortierung.startswith("-")
    for schluessel, titel in LISTENSPALTEN:
        parameter = request.GET.copy()
        parameter.pop("page", None)
        ist_aktiv = schluessel == aktiv
        parameter["sortierung"] = f"-{schluessel}" if ist_aktiv and not absteigend else schluessel
        koepfe.append(
            {
                "schluessel": schluessel,
                "titel": titel,
                "url": "?" + parameter.urlencode(),
                "aria_sort": ("descending" if absteigend else "ascending") if ist_aktiv else "",
            }
        )
    return koepfe


@require_GET
@lesen_erforderlich
def projekt_liste(request: HttpRequest) -> HttpResponse:
    filter_, sortierung = _gefiltert(request)
    seite = Paginator(filter_.qs, PRO_SEITE).get_page(request.GET.get("page"))
    for projekt in seite.object_list:
        stand_beschriften(projekt)
    export_parameter = request.GET.copy()
    export_parameter.pop("page", None)
    export_parameter["sortierung"] = sortierung
    return render(
        request,
        "projekte/projekt_liste.html",
        {
            "filter": filter_,
            "seite": seite,
            "koepfe": _sortierkoepfe(request, sortierung),
            "sortierung": sortierung,
            "export_abfrage": export_parameter.urlencode(),
            "darf_bearbeiten": darf_bearbeiten(request.user),
        },
    )


@require_GET
@lesen_erforderlich
def projekt_export(request: HttpRequest) -> HttpResponse:
    format_ = request.GET.get("format")
    if format_ not in ("csv", "xlsx"):
        raise Http404(_("Unbekanntes Exportformat."))
    filter_, _sortierung = _gefiltert(request)
    if not filter_.is_valid():
        # Never hand out a file whose filter was (partly) ignored: back to the list, which
        # shows the errors of the same query.
        parameter = request.GET.copy()
        parameter.pop("format", None)
        messages.error(
            request,
            _("Nichts exportiert: Bitte korrigieren Sie zuerst die Filter."),
        )
        return redirect(f"{reverse('projekte:projekt_liste')}?{parameter.urlencode()}")
    zeilen = filter_.qs.prefetch_related("raeume")
    dateiname = f"massnahmen-{timezone.localdate():%Y-%m-%d}.{format_}"
    if format_ == "csv":
        antwort = HttpResponse(exporte.als_csv(zeilen), content_type="text/csv; charset=utf-8")
    else:
        antwort = HttpResponse(exporte.als_xlsx(zeilen), content_type=XLSX_CONTENT_TYPE)
    antwort["Content-Disposition"] = f'attachment; filename="{dateiname}"'
    return antwort


def _indikatoren_mit_wert(projekt: Projektskizze) -> list:
    """Linked indicators with the protected latest value of the own Kommune (three queries: the
    Kommune, the indicators, the complete groups of their latest Kommune year).

    The whole group of each (indicator, year) — every area — goes through schutz.schuetzen(), so
    the Kommune value is withheld here exactly when the indicator pages withhold it (primary
    "< N" and secondary suppression alike).
    """
    indikatoren = list(projekt.indikatoren.order_by("name"))
    kommune = Raum.objects.eigene_kommune()
    werte: dict[int, Messwert] = {}
    anzeige = {}
    if kommune is not None:
        messwerte = list(
            Messwert.objects.filter(indikator__projekte=projekt).neuestes_jahr_je_indikator(
                raum=kommune
            )
        )
        anzeige = schuetzen(messwerte)
        werte = {mw.indikator_id: mw for mw in messwerte if mw.raum_id == kommune.pk}
    for indikator in indikatoren:
        messwert = werte.get(indikator.pk)
        indikator.anzeigewert = anzeige[messwert.pk] if messwert is not None else None
    return indikatoren


@require_GET
@lesen_erforderlich
def projekt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    projekt = stand_beschriften(get_object_or_404(projekte().fuer_detail(), pk=pk))
    heute = timezone.localdate()
    meilensteine = list(projekt.meilensteine.order_by("faellig_am", "pk"))
    for meilenstein in meilensteine:
        meilenstein.ueberfaellig = meilenstein.ist_ueberfaellig(heute)
    finanzierungen = list(projekt.finanzierungen.order_by("quelle", "pk"))
    summen = projekt.finanzierungen.aggregate(
        gesamt=Sum("betrag"),
        bewilligt=Sum("betrag", filter=Q(status=Finanzierung.Antragsstatus.BEWILLIGT)),
        beantragt=Sum("betrag", filter=Q(status=Finanzierung.Antragsstatus.BEANTRAGT)),
    )
    return render(
        request,
        "projekte/projekt_detail.html",
        {
            "projekt": projekt,
            "beteiligungen": list(
                projekt.beteiligungen.select_related("akteur").order_by("rolle", "akteur__name")
            ),
            "finanzierungen": finanzierungen,
            "summen": summen,
            "meilensteine": meilensteine,
            "sachstaende": list(
                projekt.sachstaende.neueste_zuerst().select_related("verfasst_von")
            ),
            "indikatoren": _indikatoren_mit_wert(projekt),
            "erkenntnisse": list(
                projekt.erkenntnisse.select_related("beteiligungsformat").order_by("-datum")
            ),
            "verlauf": aenderungsverlauf(projekt),
            "darf_bearbeiten": darf_bearbeiten(request.user),
            "heute": heute,
        },
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
def projekt_neu(request: HttpRequest) -> HttpResponse:
    form = ProjektskizzeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        daten, m2m = _formdaten(form)
        try:
            projekt = services.projekt_anlegen(benutzer=request.user, daten=daten, m2m=m2m)
        except ValidationError as fehler:
            form.add_error(None, fehler)
        else:
            messages.success(request, _("Die Maßnahme „%s“ wurde angelegt.") % projekt.titel)
            return redirect(projekt)
    return _formularseite(request, form)


@redaktion_erforderlich
@require_http_methods(["GET", "POST"])
def projekt_bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    projekt = get_object_or_404(Projektskizze.objects.select_related("plan"), pk=pk)
    if request.method != "POST":
        return _formularseite(request, ProjektskizzeForm(instance=projekt), projekt)
    form = ProjektskizzeForm(request.POST, instance=projekt)
    if form.is_valid():
        daten, m2m = _formdaten(form)
        try:
            services.projekt_aendern(
                projekt=form.instance,
                benutzer=request.user,
                erwartete_version=form.cleaned_data["version"],
                daten=daten,
                m2m=m2m,
            )
        except services.VeralteteVersionError as veraltet:
            return _veraltet(request, pk, veraltet.letzte)
        except ValidationError as fehler:
            form.add_error(None, fehler)
        else:
            messages.success(request, _("Die Änderungen wurden gespeichert."))
            return redirect("projekte:projekt_detail", pk=pk)
    return _formularseite(request, form, projekt)


def _veraltet_meldung(letzte: services.LetzteAenderung, *, was: str) -> str:
    wann = (
        formats.date_format(timezone.localtime(letzte.wann), "SHORT_DATETIME_FORMAT")
        if letzte.wann
        else "–"
    )
    return _(
        "Nicht gespeichert: %(wer)s hat die Maßnahme am %(wann)s geändert, nachdem Sie "
        "%(was)s geöffnet haben."
    ) % {"wer": letzte.wer, "wann": wann, "was": was}


def _veraltet(request: HttpRequest, pk: int, letzte: services.LetzteAenderung) -> HttpResponse:
    """Re-render the user's input with the conflict named. The form now carries the current
    version: saving again deliberately replaces the colleague's state with this input."""
    aktuell = get_object_or_404(Projektskizze.objects.select_related("plan"), pk=pk)
    daten = request.POST.copy()
    daten["version"] = str(aktuell.version)
    form = ProjektskizzeForm(daten, instance=aktuell)
    form.is_valid()
    form.add_error(
        None,
        ValidationError(
            _veraltet_meldung(letzte, was=_("das Formular"))
            + " "
            + _(
                "Ihre Eingaben stehen unten noch im Formular. Vergleichen Sie sie mit dem "
                "aktuellen Stand auf der Detailseite und speichern Sie erneut, wenn Ihre Fassung "
                "gelten soll."
            ),
            code="veraltet",
        ),
    )
    return _formularseite(request, form, aktuell, status=409)


@redaktion_erforderlich
@require_http_methods(["GET", "POST"])
def sachstand_neu(request: HttpRequest, pk: int) -> HttpResponse:
    projekt = get_object_or_404(projekte().fuer_tabelle(), pk=pk)
    stand_beschriften(projekt)
    form = SachstandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sachstand_anlegen(projekt=projekt, benutzer=request.user, **form.cleaned_data)
        except ValidationError as fehler:
            form.add_error(None, fehler)
        else:
            messages.success(request, _("Der Sachstand wurde gespeichert."))
            return redirect(projekt)
    return render(request, "projekte/sachstand_form.html", {"form": form, "projekt": projekt})


@redaktion_erforderlich
@require_http_methods(["GET", "POST"])
def meilenstein_neu(request: HttpRequest, pk: int) -> HttpResponse:
    projekt = get_object_or_404(Projektskizze.objects.select_related("plan"), pk=pk)
    form = MeilensteinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meilenstein_anlegen(
                projekt=projekt, benutzer=request.user, **form.cleaned_data
            )
        except ValidationError as fehler:
            form.add_error(None, fehler)
        else:
            messages.success(request, _("Der Meilenstein wurde angelegt."))
            return redirect(projekt)
    return render(request, "projekte/meilenstein_form.html", {"form": form, "projekt": projekt})


@redaktion_erforderlich
@require_POST
def meilenstein_erledigt(request: HttpRequest, pk: int) -> HttpResponse:
    meilenstein = get_object_or_404(Meilenstein.objects.select_related("projekt"), pk=pk)
    daten = request.POST.copy()
    if not daten.get("erledigt_am"):
        daten["erledigt_am"] = timezone.localdate().isoformat()
    form = MeilensteinErledigtForm(daten)
    if not form.is_valid():
        fehler = " ".join(str(f) for f in form.errors.get("erledigt_am", []))
        messages.error(
            request,
            _("Meilenstein „%(titel)s“ nicht geändert: %(fehler)s")
            % {"titel": meilenstein.titel, "fehler": fehler},
        )
        return redirect(meilenstein.projekt)
    try:
        services.meilenstein_erledigen(
            meilenstein=meilenstein,
            benutzer=request.user,
            erledigt_am=form.cleaned_data["erledigt_am"],
        )
    except ValidationError as fehler:
        messages.error(
            request,
            _("Meilenstein „%(titel)s“ nicht geändert: %(fehler)s")
            % {"titel": meilenstein.titel, "fehler": " ".join(fehler.messages)},
        )
    else:
        messages.success(
            request, _("Der Meilenstein „%s“ ist als erledigt vermerkt.") % meilenstein.titel
        )
    return redirect(meilenstein.projekt)


@redaktion_erforderlich
@require_http_methods(["GET", "POST"])
def beteiligung_neu(request: HttpRequest, pk: int) -> HttpResponse:
    projekt = get_object_or_404(Projektskizze.objects.select_related("plan"), pk=pk)
    form = BeteiligungForm(request.POST or None, projekt=projekt)
    if request.method == "POST" and form.is_valid():
        try:
            services.beteiligung_anlegen(
                projekt=projekt, benutzer=request.user, **form.cleaned_data
            )
        except ValidationError as fehler:
            form.add_error(None, fehler)
        else:
            messages.success(request, _("Der Akteur wurde der Maßnahme zugeordnet."))
            return redirect(projekt)
    return render(
        request,
        "projekte/beteiligung_form.html",
        {"form": form, "projekt": projekt, "beteiligung": None},
    )


def _beteiligung_laden(pk: int) -> Projektbeteiligung:
    return get_object_or_404(
        Projektbeteiligung.objects.select_related("projekt", "projekt__plan", "akteur"), pk=pk
    )


@redaktion_erforderlich
@require_http_methods(["GET", "POST"])
def beteiligung_bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    beteiligung = _beteiligung_laden(pk)
    projekt = beteiligung.projekt
    form = BeteiligungForm(request.POST or None, instance=beteiligung, projekt=projekt)
    status = 200
    if request.method == "POST" and form.is_valid():
        daten = dict(form.cleaned_data)
        erwartete_version = daten.pop("version")
        try:
            services.beteiligung_aendern(
                beteiligung=beteiligung,
                benutzer=request.user,
                erwartete_version=erwartete_version,
                **daten,
            )
        except services.VeralteteVersionError as veraltet:
            # Keep the input; the form now carries the current version, so saving again
            # deliberately applies this input to the colleague's state.
            beteiligung = _beteiligung_laden(pk)
            projekt = beteiligung.projekt
            eingabe = request.POST.copy()
            eingabe["version"] = str(projekt.version)
            form = BeteiligungForm(eingabe, instance=beteiligung, projekt=projekt)
            form.is_valid()
            form.add_error(
                None,
                ValidationError(
                    _veraltet_meldung(veraltet.letzte, was=_("das Formular"))
                    + " "
                    + _(
                        "Ihre Eingaben stehen unten noch im Formular. Prüfen Sie die Rollen auf "
                        "der Detailseite und speichern Sie erneut, wenn Ihre Fassung gelten soll."
                    ),
                    code="veraltet",
                ),
            )
            status = 409
        except ValidationError as fehler:
            form.add_error(None, fehler)
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
def beteiligung_loeschen(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST removes the role unless the measure changed since."""
    beteiligung = _beteiligung_laden(pk)
    projekt = beteiligung.projekt
    form = BeteiligungLoeschenForm(request.POST or None, initial={"version": projekt.version})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.beteiligung_entfernen(
                    beteiligung=beteiligung,
                    benutzer=request.user,
                    erwartete_version=form.cleaned_data["version"],
                )
            except services.VeralteteVersionError as veraltet:
                beteiligung = _beteiligung_laden(pk)
                projekt = beteiligung.projekt
                form = BeteiligungLoeschenForm(initial={"version": projekt.version})
                messages.error(
                    request,
                    _veraltet_meldung(veraltet.letzte, was=_("diese Seite"))
                    + " "
                    + _(
                        "Prüfen Sie den aktuellen Stand unten und bestätigen Sie erneut, wenn "
                        "der Akteur trotzdem entfernt werden soll."
                    ),
                )
                status = 409
            else:
                messages.success(
                    request,
                    _("„%s“ ist nicht mehr an der Maßnahme beteiligt.") % beteiligung.akteur.name,
                )
                return redirect(projekt)
        else:
            form = BeteiligungLoeschenForm(initial={"version": projekt.version})
            messages.error(request, _("Bitte bestätigen Sie das Entfernen erneut."))
    return render(
        request,
        "projekte/beteiligung_loeschen.html",
        {"form": form, "projekt": projekt, "beteiligung": beteiligung},
        status=status,
    )
