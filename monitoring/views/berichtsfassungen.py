"""The yearly report's life cycle (issue 9, point 7): the reports per year with their state, a
draft's edit page and preview, the adoption and withdrawal forms, the frozen downloads. Every
write goes through ``monitoring.berichtsfassungen``."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from aktionsplan.einmal import einmal_absenden
from aktionsplan.historie import statusverlauf
from aktionsplan.rollen import darf_bearbeiten, ist_datenpflege
from aktionsplan.sperre import VeralteterStandError, fehler_zeigen
from aktionsplan.zugriff import datenpflege_erforderlich, lesen_erforderlich, redaktion_erforderlich
from aufgaben.models import Aufgabe
from aufgaben.services import fertige_datei
from monitoring.berichtsfassungen import (
    bericht_der_fassung,
    beschliessen,
    entwurf_aendern,
    entwurf_anlegen,
    pdf_aufgabe,
    pdf_starten,
    zurueckziehen,
)
from monitoring.forms_berichte import BeschlussForm, FassungForm, RueckzugForm
from monitoring.hintergrund import bericht_starten, bericht_titel
from monitoring.jahresbericht import berichtskommunen, berichtsschluessel
from monitoring.models import Berichtsdatei, Berichtsfassung
from monitoring.views.berichte import BERICHT_ABSCHNITTE as ABSCHNITTE
from monitoring.views.berichte import XLSX, _abschnittsseiten

# The newest changes of a report shown on its page (the history does not grow the page).
HISTORIE_ZEILEN = 20
INHALTSTYPEN = {"html": "text/html; charset=utf-8", "pdf": "application/pdf", "xlsx": XLSX}


def _fassung(request: HttpRequest, pk: int) -> Berichtsfassung:
    return get_object_or_404(Berichtsfassung.objects.fuer(request.user).fuer_liste(), pk=pk)


def _aufgabe_sichtbar(nutzer, aufgabe: Aufgabe | None) -> bool:
    """Whether the task's status page is open to ``nutzer`` (``Aufgabe.objects.fuer``: who
    started it, and the Datenpflege, whose role holds ``aufgaben.alle_sehen``); its link is shown
    only then (QA 2026-11-30, L5: Lesen got a link that answered 404). No query: the roles are
    read by the role check already."""
    if aufgabe is None:
        return False
    return aufgabe.gestartet_von_id == nutzer.pk or ist_datenpflege(nutzer)


def _vorher_zurueckziehen(jahr: int) -> str:
    return _(
        "Für %(jahr)s gibt es schon einen beschlossenen Bericht. Dieser Entwurf kann erst "
        "beschlossen werden, wenn die Datenpflege jenen zurückgezogen hat."
    ) % {"jahr": jahr}


def _entwurfsformular(request: HttpRequest, fassung: Berichtsfassung | None) -> HttpResponse:
    neu = fassung is None
    status = 200
    if request.method == "POST":
        form = FassungForm(request.POST, instance=fassung, kommunen=berichtskommunen(request.user))
        if form.is_valid():
            try:
                if neu:
                    gespeichert = entwurf_anlegen(form.instance, benutzer=request.user)
                else:
                    gespeichert = entwurf_aendern(
                        form.instance,
                        benutzer=request.user,
                        erwartete_version=form.erwartete_version,
                    )
            except VeralteterStandError as fehler:
                form.veraltet_zeigen(fehler)
                status = 409
            except ValidationError as fehler:
                fehler_zeigen(form, fehler)
            else:
                messages.success(
                    request,
                    _("Entwurf des Jahresberichts %(jahr)s gespeichert.")
                    % {"jahr": gespeichert.jahr},
                )
                if neu and gespeichert.beschlossene_des_jahres(request.user) is not None:
                    messages.warning(request, _vorher_zurueckziehen(gespeichert.jahr))
                return redirect(gespeichert)
    else:
        form = FassungForm(instance=fassung, kommunen=berichtskommunen(request.user))
    return render(
        request,
        "monitoring/fassung_form.html",
        {"form": form, "fassung": fassung},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@redaktion_erforderlich
@einmal_absenden
def fassung_neu(request: HttpRequest) -> HttpResponse:
    return _entwurfsformular(request, None)


@require_http_methods(["GET", "POST"])
@redaktion_erforderlich
@einmal_absenden
def fassung_bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    fassung = _fassung(request, pk)
    if not fassung.ist_entwurf:
        raise Http404(_("Nur ein Entwurf kann bearbeitet werden."))
    return _entwurfsformular(request, fassung)


@require_GET
@lesen_erforderlich
def fassung_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A report: a draft with its preview (paged like the report page), an adopted or
    withdrawn one with its frozen files and history."""
    fassung = _fassung(request, pk)
    kontext: dict = {
        "fassung": fassung,
        "darf_bearbeiten": darf_bearbeiten(request.user),
        "ist_datenpflege": ist_datenpflege(request.user),
    }
    if fassung.ist_entwurf:
        kontext["beschlossene"] = fassung.beschlossene_des_jahres(request.user)
        bericht = bericht_der_fassung(
            fassung,
            nutzer=request.user,
            seiten={name: request.GET.get(name) for name, _titel in ABSCHNITTE},
        )
        kontext["bericht"] = bericht
        kontext["seiten"] = {
            name: _abschnittsseiten(request, name, titel, bericht.seiten[name])
            for name, titel in ABSCHNITTE
        }
    else:
        kontext["dateien"] = {
            (d.variante, d.format): d
            for d in fassung.dateien.defer("inhalt").order_by("variante", "format")
        }
        kontext["varianten"] = [
            (
                variante,
                label,
                [
                    (format_, format_label, kontext["dateien"].get((variante, format_)))
                    for format_, format_label in Berichtsdatei.Format.choices
                ],
            )
            for variante, label in Berichtsdatei.Variante.choices
        ]
        kontext["pdf_aufgabe"] = pdf_aufgabe(fassung)
        kontext["aufgabe_sichtbar"] = _aufgabe_sichtbar(request.user, kontext["pdf_aufgabe"])
    kontext["historie"] = statusverlauf(fassung, HISTORIE_ZEILEN)
    return render(request, "monitoring/fassung_detail.html", kontext)


@require_http_methods(["GET", "POST"])
@redaktion_erforderlich
@einmal_absenden
def fassung_beschliessen(request: HttpRequest, pk: int) -> HttpResponse:
    fassung = _fassung(request, pk)
    if not fassung.ist_entwurf:
        raise Http404(_("Nur ein Entwurf kann beschlossen werden."))
    status = 200
    if request.method == "POST":
        form = BeschlussForm(request.POST, instance=fassung)
        if form.is_valid():
            try:
                beschliessen(
                    fassung,
                    benutzer=request.user,
                    erwartete_version=form.erwartete_version,
                    gremium=form.cleaned_data["gremium"],
                    beschluss_datum=form.cleaned_data["beschluss_datum"],
                )
            except VeralteterStandError as fehler:
                form.veraltet_zeigen(fehler)
                status = 409
            except ValidationError as fehler:
                fehler_zeigen(form, fehler)
            else:
                messages.success(
                    request,
                    _(
                        "Der Jahresbericht %(jahr)s ist als beschlossen erfasst und eingefroren. "
                        "Die PDF-Dateien werden im Hintergrund erstellt."
                    )
                    % {"jahr": fassung.jahr},
                )
                return redirect(fassung)
    else:
        form = BeschlussForm(instance=fassung)
    return render(
        request,
        "monitoring/fassung_beschluss.html",
        {"form": form, "fassung": fassung},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@datenpflege_erforderlich
@einmal_absenden
def fassung_zurueckziehen(request: HttpRequest, pk: int) -> HttpResponse:
    fassung = _fassung(request, pk)
    if not fassung.ist_beschlossen:
        raise Http404(_("Nur ein beschlossener Bericht kann zurückgezogen werden."))
    status = 200
    if request.method == "POST":
        form = RueckzugForm(request.POST, instance=fassung)
        if form.is_valid():
            try:
                zurueckziehen(
                    fassung,
                    benutzer=request.user,
                    erwartete_version=form.erwartete_version,
                    grund=form.cleaned_data["rueckzug_grund"],
                )
            except VeralteterStandError as fehler:
                form.veraltet_zeigen(fehler)
                status = 409
            except ValidationError as fehler:
                fehler_zeigen(form, fehler)
            else:
                messages.success(
                    request,
                    _("Der Jahresbericht %(jahr)s ist zurückgezogen.") % {"jahr": fassung.jahr},
                )
                return redirect(fassung)
    else:
        form = RueckzugForm(instance=fassung)
    return render(
        request,
        "monitoring/fassung_rueckzug.html",
        {"form": form, "fassung": fassung},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@lesen_erforderlich
@einmal_absenden
def fassung_datei(request: HttpRequest, pk: int, variante: str, format_: str) -> HttpResponse:
    """A frozen file of an adopted (or withdrawn) report, served as stored. A PDF not laid out
    yet: a page with the task's progress; POST (Redaktion) starts the layout again."""
    fassung = _fassung(request, pk)
    if (
        fassung.ist_entwurf
        or variante not in Berichtsdatei.Variante.values
        or format_ not in Berichtsdatei.Format.values
    ):
        raise Http404(_("Diese Datei gibt es nicht."))
    datei = fassung.dateien.filter(variante=variante, format=format_).first()
    if datei is not None:
        antwort = HttpResponse(bytes(datei.inhalt), content_type=INHALTSTYPEN[format_])
        if format_ != "html":
            antwort["Content-Disposition"] = f'attachment; filename="{datei.dateiname}"'
        # The frozen HTML is a document of its own: no scripts, and styles only from here.
        antwort["Content-Security-Policy"] = "default-src 'none'; style-src 'self'; img-src 'self'"
        antwort["ETag"] = f'"{datei.sha256}"'
        return antwort
    if format_ != "pdf":
        raise Http404(_("Diese Datei gibt es nicht."))
    if request.method == "POST":
        if not darf_bearbeiten(request.user):
            raise Http404
        return redirect(pdf_starten(fassung, benutzer=request.user))
    return render(
        request,
        "monitoring/fassung_datei.html",
        {
            "fassung": fassung,
            "aufgabe": (aufgabe := pdf_aufgabe(fassung)),
            "aufgabe_sichtbar": _aufgabe_sichtbar(request.user, aufgabe),
            "variante": variante,
        },
    )


def _entwurf_datei(request: HttpRequest, pk: int, format_: str) -> HttpResponse:
    """A draft's PDF or XLSX: built in the background and kept until its data or Stand changes
    (the content key names the report version, its Stand and the data stand)."""
    fassung = _fassung(request, pk)
    if not fassung.ist_entwurf:
        raise Http404(_("Diese Datei gibt es nicht."))
    sprache = translation.get_language() or settings.LANGUAGE_CODE
    if request.method == "POST":
        aufgabe = bericht_starten(
            jahr=fassung.jahr,
            format_=format_,
            benutzer=request.user,
            sprache=sprache,
            herkunft_url=fassung.get_absolute_url(),
            fassung=fassung,
        )
        return redirect(aufgabe)
    vorhanden = fertige_datei(
        berichtsschluessel(
            fassung.jahr,
            format_,
            sprache=sprache,
            nutzer=request.user,
            fassung=fassung,
            kommune=fassung.kommune_id,
        )
    )
    if vorhanden is not None:
        return redirect(vorhanden)
    return render(
        request,
        "monitoring/bericht_datei.html",
        {
            "jahr": fassung.jahr,
            "format": format_,
            "titel": bericht_titel(fassung.jahr, format_),
            "aktion": reverse(f"monitoring:fassung_{format_}", kwargs={"pk": fassung.pk}),
            "fassung": fassung,
        },
    )


@require_http_methods(["GET", "POST"])
@lesen_erforderlich
@einmal_absenden
def fassung_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _entwurf_datei(request, pk, "pdf")


@require_http_methods(["GET", "POST"])
@lesen_erforderlich
@einmal_absenden
def fassung_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _entwurf_datei(request, pk, "xlsx")
