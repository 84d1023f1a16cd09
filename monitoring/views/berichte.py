"""Findings (Erkenntnisse), participation events (Beteiligungsformate) and the yearly report."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from aktionsplan.models import Beteiligungsformat
from aktionsplan.querysets import auswahl_eingrenzen
from aktionsplan.rollen import darf_bearbeiten, ist_datenpflege
from aktionsplan.zugriff import lesen_erforderlich, redaktion_erforderlich
from monitoring.filters_berichte import BeteiligungsformatFilter, ErkenntnisFilter
from monitoring.forms_berichte import BerichtAuswahlForm, BeteiligungsformatForm, ErkenntnisForm
from monitoring.jahresbericht import berichtsjahre, jahresbericht_erstellen
from monitoring.jahresbericht_export import als_pdf, als_xlsx, dateiname
from monitoring.models import Erkenntnis
from monitoring.zahlen import zahl_formatieren

PRO_SEITE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Up to this many participants with disabilities are shown as "< 3" on an event page: with a
# known date and place, one or two people could be identified. 0 is shown (it identifies nobody).
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
        .prefetch_related("projekte__plan"),
        pk=pk,
    )
    return render(
        request,
        "monitoring/erkenntnis_detail.html",
        {"erkenntnis": erkenntnis, "darf_bearbeiten": darf_bearbeiten(request.user)},
    )


def _neuester_stand(objekt: Erkenntnis | Beteiligungsformat) -> int | None:
    """The newest history entry of a finding or event: what an edit form was opened on."""
    return (
        objekt.history.order_by("-history_date", "-history_id")
        .values_list("history_id", flat=True)
        .first()
    )


def _veraltet_pruefen(objekt: Erkenntnis | Beteiligungsformat, gesehen: int | None) -> None:
    """Refuse a save on a stale form, naming who changed the row last and when.

    Call inside a transaction; locks the row so two saves cannot both pass the check.
    """
    type(objekt).objects.select_for_update().filter(pk=objekt.pk).first()
    neuester = (
        objekt.history.select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if neuester is None or neuester.history_id == gesehen:
        return
    person = neuester.history_user
    wer = (person.get_full_name() or person.get_username()) if person else gettext("unbekannt")
    raise ValidationError(
        _(
            "Dieser Eintrag wurde inzwischen von %(wer)s am %(wann)s geändert. Ihre Eingaben "
            "sind unten erhalten; bitte prüfen Sie die aktuelle Fassung (in einem neuen Tab) "
            "und speichern Sie erneut."
        ),
        code="veraltet",
        params={
            "wer": wer,
            "wann": date_format(localtime(neuester.history_date), "DATETIME_FORMAT"),
        },
    )


def _erkenntnis_speichern(form: ErkenntnisForm, *, user, neu: bool) -> Erkenntnis:
    """Save the finding and its links in one transaction; an edit on a stale form is refused."""
    with transaction.atomic():
        erkenntnis = form.save(commit=False)
        if neu:
            erkenntnis.erfasst_von = user
            erkenntnis.full_clean()
            erkenntnis.save()
        else:
            _veraltet_pruefen(erkenntnis, form.cleaned_data.get("stand"))
            erkenntnis.full_clean()
            erkenntnis.save(
                update_fields=[
                    f for f in form.Meta.fields if f not in ("themen", "projekte", "raeume")
                ]
            )
        form.save_m2m()
    return erkenntnis


def _veraltet_zeigen(form, objekt, fehler: ValidationError) -> int:
    """Show the refusal with the user's input kept; the form now carries the newest state, so
    saving again (after checking the colleague's change) is a deliberate decision. Returns the
    HTTP status for the page."""
    form.add_error(None, fehler)
    if objekt is None or getattr(fehler, "code", None) != "veraltet":
        return 200
    daten = form.data.copy()
    daten["stand"] = str(_neuester_stand(objekt))
    form.data = daten
    return 409


def _erkenntnis_formular(request: HttpRequest, *, erkenntnis: Erkenntnis | None) -> HttpResponse:
    neu = erkenntnis is None
    stand = None if neu else _neuester_stand(erkenntnis)
    status = 200
    if request.method == "POST":
        form = ErkenntnisForm(request.POST, instance=erkenntnis)
        auswahl_eingrenzen(form, request.user)
        if form.is_valid():
            try:
                gespeichert = _erkenntnis_speichern(form, user=request.user, neu=neu)
            except ValidationError as fehler:
                status = _veraltet_zeigen(form, erkenntnis, fehler)
            else:
                messages.success(
                    request,
                    _("Erkenntnis „%(titel)s“ gespeichert.") % {"titel": gespeichert.titel},
                )
                return redirect(gespeichert)
    else:
        form = ErkenntnisForm(instance=erkenntnis, stand=stand)
        auswahl_eingrenzen(form, request.user)
    return render(
        request,
        "monitoring/erkenntnis_form.html",
        {"form": form, "erkenntnis": erkenntnis},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@redaktion_erforderlich
def erkenntnis_neu(request: HttpRequest) -> HttpResponse:
    return _erkenntnis_formular(request, erkenntnis=None)


@require_http_methods(["GET", "POST"])
@redaktion_erforderlich
def erkenntnis_bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    return _erkenntnis_formular(
        request, erkenntnis=get_object_or_404(Erkenntnis.objects.fuer(request.user), pk=pk)
    )


# --- Beteiligungsformate ---------------------------------------------------------------------


def teilnehmende_mb_text(format_: Beteiligungsformat) -> str:
    """Participants with disabilities as shown: "< 3" for 1 or 2 (see TEILNEHMENDE_SCHUTZ_UNTER)."""
    anzahl = format_.teilnehmende_mit_behinderung
    if anzahl is None:
        return ""
    if 0 < anzahl < TEILNEHMENDE_SCHUTZ_UNTER:
        return f"< {TEILNEHMENDE_SCHUTZ_UNTER}"
    return str(anzahl)


def teilnehmende_mb_anteil(format_: Beteiligungsformat) -> str:
    """The share in percent; withheld when the count itself is protected (it would reveal it)."""
    alle, davon = format_.teilnehmende, format_.teilnehmende_mit_behinderung
    if not alle or davon is None or 0 < davon < TEILNEHMENDE_SCHUTZ_UNTER:
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
            try:
                with transaction.atomic():
                    gespeichert = form.save(commit=False)
                    if format_ is None:
                        gespeichert.save()
                    else:
                        _veraltet_pruefen(format_, form.cleaned_data.get("stand"))
                        gespeichert.save(
                            update_fields=[f for f in form.Meta.fields if f != "raeume"]
                        )
                    form.save_m2m()
            except ValidationError as fehler:
                status = _veraltet_zeigen(form, format_, fehler)
            else:
                messages.success(
                    request,
                    _("Beteiligungsformat „%(titel)s“ gespeichert.") % {"titel": gespeichert.titel},
                )
                return redirect(gespeichert)
    else:
        form = BeteiligungsformatForm(
            instance=format_,
            stand=None if format_ is None else _neuester_stand(format_),
            schutz_unter=schutz,
        )
        auswahl_eingrenzen(form, request.user)
    return render(
        request,
        "monitoring/beteiligungsformat_form.html",
        {"form": form, "format": format_},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@redaktion_erforderlich
def beteiligungsformat_neu(request: HttpRequest) -> HttpResponse:
    return _beteiligungsformat_formular(request, format_=None)


@require_http_methods(["GET", "POST"])
@redaktion_erforderlich
def beteiligungsformat_bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    return _beteiligungsformat_formular(
        request, format_=get_object_or_404(Beteiligungsformat.objects.fuer(request.user), pk=pk)
    )


# --- Jahresbericht ---------------------------------------------------------------------------


@require_GET
@lesen_erforderlich
def bericht_auswahl(request: HttpRequest) -> HttpResponse:
    jahre = berichtsjahre(request.user)
    form = BerichtAuswahlForm(request.GET or None, jahre=jahre)
    if request.GET and form.is_valid():
        return redirect("monitoring:bericht", jahr=form.cleaned_data["jahr"])
    return render(request, "monitoring/bericht_auswahl.html", {"form": form, "jahre": jahre})


def _bericht_oder_404(request: HttpRequest, jahr: int):
    if not 1990 <= jahr <= timezone.localdate().year:
        raise Http404(_("Für dieses Jahr gibt es keinen Bericht."))
    return jahresbericht_erstellen(jahr, nutzer=request.user)


@require_GET
@lesen_erforderlich
def bericht(request: HttpRequest, jahr: int) -> HttpResponse:
    return render(
        request,
        "monitoring/bericht_detail.html",
        {"bericht": _bericht_oder_404(request, jahr), "erstellt_am": timezone.localtime()},
    )


@require_GET
@lesen_erforderlich
def bericht_pdf(request: HttpRequest, jahr: int) -> HttpResponse:
    daten = _bericht_oder_404(request, jahr)
    antwort = HttpResponse(
        als_pdf(daten, kommune=settings.KOMMUNE_NAME), content_type="application/pdf"
    )
    antwort["Content-Disposition"] = f'attachment; filename="{dateiname(daten, "pdf")}"'
    return antwort


@require_GET
@lesen_erforderlich
def bericht_xlsx(request: HttpRequest, jahr: int) -> HttpResponse:
    daten = _bericht_oder_404(request, jahr)
    antwort = HttpResponse(als_xlsx(daten), content_type=XLSX)
    antwort["Content-Disposition"] = f'attachment; filename="{dateiname(daten, "xlsx")}"'
    return antwort
