"""Findings (Erkenntnisse), participation events (Beteiligungsformate) and the yearly report."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

from aktionsplan.einmal import einmal_absenden
from aktionsplan.models import Beteiligungsformat
from aktionsplan.querysets import auswahl_eingrenzen
from aktionsplan.rollen import darf_bearbeiten, ist_datenpflege
from aktionsplan.seitenspeicher import anfrageschluessel, seite_mit_teil
from aktionsplan.sperre import VeralteterStandError, fehler_zeigen, speichern
from aktionsplan.zugriff import lesen_erforderlich, redaktion_erforderlich
from aufgaben.services import fertige_datei
from monitoring.filters_berichte import BeteiligungsformatFilter, ErkenntnisFilter
from monitoring.forms_berichte import BerichtAuswahlForm, BeteiligungsformatForm, ErkenntnisForm
from monitoring.hintergrund import bericht_starten, bericht_titel
from monitoring.jahresbericht import (
    berichtsjahre,
    berichtskommune,
    berichtskommune_name,
    berichtskommunen,
    berichtsschluessel,
    jahresbericht_erstellen,
)
from monitoring.models import Berichtsfassung, Einschaetzung, Erkenntnis
from monitoring.zahlen import ist_kleine_anzahl, zahl_formatieren

PRO_SEITE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Fewer participants with disabilities than this are shown as "< 3" on an event page: with a
# known date and place, one or two people could be identified. 0 is protected too (see
# monitoring.zahlen.ist_kleine_anzahl: a visible 0 would tell what "< 3" hides).
TEILNEHMENDE_SCHUTZ_UNTER = 3


# --- Erkenntnisse ----------------------------------------------------------------------------


@require_GET
@lesen_erforderlich
def erkenntnis_liste(request: HttpRequest) -> HttpResponse:
    filter_ = ErkenntnisFilter(
        request.GET, queryset=Erkenntnis.objects.fuer(request.user).fuer_liste()
    )
    auswahl_eingrenzen(filter_.form, request.user)
    seite = Paginator(filter_.qs.order_by("-datum", "titel", "pk"), PRO_SEITE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "monitoring/erkenntnis_liste.html",
        {
            "filter": filter_,
            "page_obj": seite,
            "erkenntnisse": seite.object_list,
            "darf_bearbeiten": darf_bearbeiten(request.user),
        },
    )


@require_GET
@lesen_erforderlich
def erkenntnis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    erkenntnis = get_object_or_404(
        Erkenntnis.objects.fuer(request.user)
        .fuer_liste()
        .select_related("erfasst_von")
        .prefetch_related(
            "projekte__plan",
            Prefetch(
                "einschaetzungen",
                Einschaetzung.objects.fuer(request.user)
                .select_related("indikator", "gruppe", "stufe")
                .order_by("-jahr", "indikator__name"),
            ),
        ),
        pk=pk,
    )
    return render(
        request,
        "monitoring/erkenntnis_detail.html",
        {"erkenntnis": erkenntnis, "darf_bearbeiten": darf_bearbeiten(request.user)},
    )


def _formular_speichern(request: HttpRequest, form, *, neu: bool, **extra) -> tuple[object, int]:
    """Save a finding's or event's form through the one write path (aktionsplan.sperre).

    Returns (saved object or None, HTTP status): 409 with the user's input kept when the row
    changed since the form was opened.
    """
    objekt = form.instance
    for feld, wert in extra.items():
        setattr(objekt, feld, wert)
    m2m = {
        f.name: form.cleaned_data[f.name]
        for f in objekt._meta.many_to_many
        if f.name in form.cleaned_data
    }
    felder = [f for f in form._meta.fields if f not in m2m]
    try:
        gespeichert = speichern(
            objekt,
            benutzer=request.user,
            erwartete_version=None if neu else form.erwartete_version,
            felder=felder,
            m2m=m2m,
        )
    except VeralteterStandError as fehler:
        form.veraltet_zeigen(fehler)
        return None, 409
    except ValidationError as fehler:
        fehler_zeigen(form, fehler)
        return None, 200
    return gespeichert, 200


def _erkenntnis_formular(request: HttpRequest, *, erkenntnis: Erkenntnis | None) -> HttpResponse:
    neu = erkenntnis is None
    status = 200
    if request.method == "POST":
        form = ErkenntnisForm(request.POST, instance=erkenntnis)
        auswahl_eingrenzen(form, request.user)
        if form.is_valid():
            extra = {"erfasst_von": request.user} if neu else {}
            gespeichert, status = _formular_speichern(request, form, neu=neu, **extra)
            if gespeichert is not None:
                messages.success(
                    request,
                    _("Erkenntnis „%(titel)s“ gespeichert.") % {"titel": gespeichert.titel},
                )
                return redirect(gespeichert)
    else:
        form = ErkenntnisForm(instance=erkenntnis)
        auswahl_eingrenzen(form, request.user)
    return render(
        request,
        "monitoring/erkenntnis_form.html",
        {"form": form, "erkenntnis": erkenntnis},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@redaktion_erforderlich
@einmal_absenden
def erkenntnis_neu(request: HttpRequest) -> HttpResponse:
    return _erkenntnis_formular(request, erkenntnis=None)


@require_http_methods(["GET", "POST"])
@redaktion_erforderlich
@einmal_absenden
def erkenntnis_bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    return _erkenntnis_formular(
        request, erkenntnis=get_object_or_404(Erkenntnis.objects.fuer(request.user), pk=pk)
    )


# --- Beteiligungsformate ---------------------------------------------------------------------


def teilnehmende_mb_text(format_: Beteiligungsformat) -> str:
    """Participants with disabilities as shown: "< 3" for 0, 1 or 2 (TEILNEHMENDE_SCHUTZ_UNTER)."""
    anzahl = format_.teilnehmende_mit_behinderung
    if anzahl is None:
        return ""
    if ist_kleine_anzahl(anzahl, TEILNEHMENDE_SCHUTZ_UNTER):
        return f"< {TEILNEHMENDE_SCHUTZ_UNTER}"
    return str(anzahl)


def teilnehmende_mb_anteil(format_: Beteiligungsformat) -> str:
    """The share in percent; withheld when the count itself is protected (it would reveal it)."""
    alle, davon = format_.teilnehmende, format_.teilnehmende_mit_behinderung
    if not alle or davon is None or ist_kleine_anzahl(davon, TEILNEHMENDE_SCHUTZ_UNTER):
        return ""
    return f"{zahl_formatieren(round(davon * 100 / alle))} %"


def _teilnahme(formate) -> list[dict]:
    return [
        {
            "format": f,
            "mb_text": teilnehmende_mb_text(f),
            "mb_anteil": teilnehmende_mb_anteil(f),
        }
        for f in formate
    ]


@require_GET
@lesen_erforderlich
def beteiligungsformat_liste(request: HttpRequest) -> HttpResponse:
    filter_ = BeteiligungsformatFilter(
        request.GET, queryset=Beteiligungsformat.objects.fuer(request.user).fuer_liste()
    )
    auswahl_eingrenzen(filter_.form, request.user)
    seite = Paginator(filter_.qs.order_by("-datum", "titel", "pk"), PRO_SEITE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "monitoring/beteiligungsformat_liste.html",
        {
            "filter": filter_,
            "page_obj": seite,
            "zeilen": _teilnahme(seite.object_list),
            "darf_bearbeiten": darf_bearbeiten(request.user),
        },
    )


@require_GET
@lesen_erforderlich
def beteiligungsformat_detail(request: HttpRequest, pk: int) -> HttpResponse:
    format_ = get_object_or_404(
        Beteiligungsformat.objects.fuer(request.user)
        .fuer_liste()
        .prefetch_related(
            Prefetch(
                "erkenntnisse",
                queryset=Erkenntnis.objects.fuer(request.user)
                .select_related("beteiligungsformat")
                .order_by("-datum", "titel"),
            )
        ),
        pk=pk,
    )
    return render(
        request,
        "monitoring/beteiligungsformat_detail.html",
        {
            "format": format_,
            "mb_text": teilnehmende_mb_text(format_),
            "mb_anteil": teilnehmende_mb_anteil(format_),
            "erkenntnisse": list(format_.erkenntnisse.all()),
            "schutz_unter": TEILNEHMENDE_SCHUTZ_UNTER,
            "darf_bearbeiten": darf_bearbeiten(request.user),
        },
    )


def _beteiligungsformat_formular(
    request: HttpRequest, *, format_: Beteiligungsformat | None
) -> HttpResponse:
    # Small counts of participants with disabilities stay hidden from all but the data stewards.
    schutz = None if ist_datenpflege(request.user) else TEILNEHMENDE_SCHUTZ_UNTER
    status = 200
    if request.method == "POST":
        form = BeteiligungsformatForm(request.POST, instance=format_, schutz_unter=schutz)
        auswahl_eingrenzen(form, request.user)
        if form.is_valid():
            gespeichert, status = _formular_speichern(request, form, neu=format_ is None)
            if gespeichert is not None:
                messages.success(
                    request,
                    _("Beteiligungsformat „%(titel)s“ gespeichert.") % {"titel": gespeichert.titel},
                )
                return redirect(gespeichert)
    else:
        form = BeteiligungsformatForm(instance=format_, schutz_unter=schutz)
        auswahl_eingrenzen(form, request.user)
    return render(
        request,
        "monitoring/beteiligungsformat_form.html",
        {"form": form, "format": format_},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@redaktion_erforderlich
@einmal_absenden
def beteiligungsformat_neu(request: HttpRequest) -> HttpResponse:
    return _beteiligungsformat_formular(request, format_=None)


@require_http_methods(["GET", "POST"])
@redaktion_erforderlich
@einmal_absenden
def beteiligungsformat_bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    return _beteiligungsformat_formular(
        request, format_=get_object_or_404(Beteiligungsformat.objects.fuer(request.user), pk=pk)
    )


# --- Jahresbericht ---------------------------------------------------------------------------


@require_GET
@lesen_erforderlich
def bericht_auswahl(request: HttpRequest) -> HttpResponse:
    jahre = berichtsjahre(request.user)
    wahl = berichtskommunen(request.user)
    form = BerichtAuswahlForm(request.GET or None, jahre=jahre, kommunen=wahl)
    if request.GET and form.is_valid():
        adresse = reverse("monitoring:bericht", kwargs={"jahr": form.cleaned_data["jahr"]})
        if form.cleaned_data.get("kommune"):
            adresse += "?" + urlencode({"kommune": form.cleaned_data["kommune"]})
        return redirect(adresse)
    # The reports with their life cycle (monitoring.berichtsfassungen), one page.
    fassungen = Paginator(
        Berichtsfassung.objects.fuer(request.user).fuer_liste().order_by("-jahr", "-erstellt_am"),
        PRO_SEITE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/bericht_auswahl.html",
        {
            "form": form,
            "jahre": jahre,
            "page_obj": fassungen,
            "fassungen": fassungen.object_list,
            "darf_bearbeiten": darf_bearbeiten(request.user),
            "ist_datenpflege": ist_datenpflege(request.user),
            # A region: each report names its Kommune (no query: the Kommunen are cached).
            "mit_kommune": len(wahl) > 1,
        },
    )


def _berichtsjahr_pruefen(jahr: int) -> None:
    """Raises Http404 for a year without a report (before 1990 or in the future)."""
    if not 1990 <= jahr <= timezone.localdate().year:
        raise Http404(_("Für dieses Jahr gibt es keinen Bericht."))


@require_GET
@lesen_erforderlich
def bericht(request: HttpRequest, jahr: int) -> HttpResponse:
    """The yearly report as a page. Built once per data version (and day: the Stichtag) and
    query, then served from its stored rendering (aktionsplan.seitenspeicher). Its long lists
    are paged (``?massnahmen=2`` …, ``BERICHT_ZEILEN_JE_SEITE`` rows each), so that a page does
    not grow with the data; the PDF and XLSX hold everything."""
    _berichtsjahr_pruefen(jahr)
    # In a region the report is one Kommune's (``?kommune=``, default the first one the
    # person sees); the choice is part of the query string and so of the stored part's key.
    wahl = berichtskommunen(request.user)
    kommune = berichtskommune(request.user, request.GET.get("kommune"), sichtbar=wahl)

    def berechnen() -> dict:
        teil = jahresbericht_erstellen(
            jahr,
            nutzer=request.user,
            seiten={name: request.GET.get(name) for name, _titel in BERICHT_ABSCHNITTE},
            kommune=kommune,
        )
        return {
            "bericht": teil,
            "seiten": {
                name: _abschnittsseiten(request, name, titel, teil.seiten[name])
                for name, titel in BERICHT_ABSCHNITTE
            },
            "erstellt_am": timezone.localtime(),
        }

    return seite_mit_teil(
        request,
        "monitoring/bericht_detail.html",
        teile=("bericht", jahr, anfrageschluessel(request)),
        kontext={
            "bericht": {"jahr": jahr},
            "kommune": kommune,
            "kommune_name": berichtskommune_name(kommune) if kommune is not None else "",
            "kommunen_wahl": wahl,
        },
        berechnen=berechnen,
    )


# The report page's paged lists: (attribute of Jahresbericht, the section's name for the pager).
BERICHT_ABSCHNITTE = (  # in the order of jahresbericht.BERICHT_ABSCHNITTE
    ("aenderungen", _lazy("Statusänderungen")),
    ("massnahmen", _lazy("Maßnahmen")),
    ("meilensteine", _lazy("Erreichte Meilensteine")),
    ("indikatoren", _lazy("Indikatoren")),
    ("kernaussagen", _lazy("Kernaussagen")),
    ("steckbriefe", _lazy("Indikatorensteckbriefe")),
)


def _abschnittsseiten(request: HttpRequest, name: str, titel: str, seite) -> dict | None:
    """The pager of one section: page links that keep the other sections' pages and jump to
    the section (``#<name>-titel``); ``None`` for a section of one page."""
    if not seite.has_other_pages():
        return None

    def adresse(nummer: int) -> str:
        parameter = request.GET.copy()
        parameter[name] = str(nummer)
        return f"?{parameter.urlencode()}#{name}-titel"

    return {
        "titel": titel,
        "nummer": seite.number,
        "anzahl": seite.paginator.num_pages,
        "zurueck": adresse(seite.previous_page_number()) if seite.has_previous() else None,
        "weiter": adresse(seite.next_page_number()) if seite.has_next() else None,
        "nummern": [
            (n, adresse(n) if n != seite.paginator.ELLIPSIS else None)
            for n in seite.paginator.get_elided_page_range(seite.number, on_each_side=2, on_ends=1)
        ],
    }


def _bericht_datei(request: HttpRequest, jahr: int, format_: str) -> HttpResponse:
    """A report file. GET: the file for the report's current state if one was built (no request
    waits for WeasyPrint), else a page offering to build it. POST: build it in the task queue
    (or take the built file) and show the task's status page."""
    _berichtsjahr_pruefen(jahr)
    sprache = translation.get_language() or settings.LANGUAGE_CODE
    kommune = berichtskommune(
        request.user, request.POST.get("kommune") or request.GET.get("kommune")
    )
    herkunft = reverse("monitoring:bericht", kwargs={"jahr": jahr})
    if kommune is not None:
        herkunft += "?" + urlencode({"kommune": kommune})
    if request.method == "POST":
        aufgabe = bericht_starten(
            jahr=jahr,
            format_=format_,
            benutzer=request.user,
            sprache=sprache,
            herkunft_url=herkunft,
            kommune=kommune,
        )
        return redirect(aufgabe)
    vorhanden = fertige_datei(
        berichtsschluessel(jahr, format_, sprache=sprache, nutzer=request.user, kommune=kommune)
    )
    if vorhanden is not None:
        try:
            datei = vorhanden.datei.open("rb")
        except FileNotFoundError:  # cleaned up a moment ago: offer to build it again
            pass
        else:
            return FileResponse(
                datei,
                as_attachment=True,
                filename=vorhanden.dateiname,
                content_type=XLSX if format_ == "xlsx" else "application/pdf",
            )
    return render(
        request,
        "monitoring/bericht_datei.html",
        {
            "jahr": jahr,
            "format": format_,
            "titel": bericht_titel(jahr, format_),
            "kommune": kommune,
            "herkunft": herkunft,
        },
    )


@require_http_methods(["GET", "POST"])
@lesen_erforderlich
@einmal_absenden
def bericht_pdf(request: HttpRequest, jahr: int) -> HttpResponse:
    return _bericht_datei(request, jahr, "pdf")


@require_http_methods(["GET", "POST"])
@lesen_erforderlich
@einmal_absenden
def bericht_xlsx(request: HttpRequest, jahr: int) -> HttpResponse:
    return _bericht_datei(request, jahr, "xlsx")
