"""The staff pages of the plans (layer 5: a plan page reads its measures and, once they exist, its
adopted reports): a list, a page per plan with its versions (Fortschreibungen), its area and its
measures, and the Redaktion's forms for the versions. Plans themselves are reference data the
Datenpflege keeps in the admin."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from aktionsplan import services
from aktionsplan.einmal import einmal_absenden
from aktionsplan.forms import FortschreibungForm
from aktionsplan.models import Fortschreibung, Plan
from aktionsplan.querysets import anzahl
from aktionsplan.rollen import darf_bearbeiten, ist_datenpflege
from aktionsplan.sperre import VeralteterStandError, fehler_zeigen
from aktionsplan.zugriff import lesen_erforderlich, redaktion_erforderlich
from projekte.models import Projektskizze, stand_beschriften

PRO_SEITE = 25
MASSNAHMEN_JE_SEITE = 25


@require_GET
@lesen_erforderlich
def plan_liste(request: HttpRequest) -> HttpResponse:
    """The plans, each with its area, the number of its measures and its newest version (one
    query for the page, one for the plans' areas, one count)."""
    nutzer = request.user
    plaene = (
        Plan.objects.fuer(nutzer)
        .select_related("kommune")
        .prefetch_related("raeume")
        .annotate(
            anzahl_projekte=anzahl(Projektskizze.objects.fuer(nutzer).filter(plan=OuterRef("pk"))),
            anzahl_fortschreibungen=anzahl(
                Fortschreibung.objects.fuer(nutzer).filter(plan=OuterRef("pk"))
            ),
        )
        .order_by("beginn", "name")
    )
    seite = Paginator(plaene, PRO_SEITE).get_page(request.GET.get("page"))
    return render(
        request,
        "aktionsplan/plan_liste.html",
        {"seite": seite, "admin_link": ist_datenpflege(nutzer)},
    )


@require_GET
@lesen_erforderlich
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A plan: its frame, its area, its versions with the number of measures each introduced,
    one page of its measures, and the place of its adopted reports. Fixed cost: the plan, its
    areas, its versions, the count and page of its measures — whatever the plan holds."""
    nutzer = request.user
    plan = get_object_or_404(
        Plan.objects.fuer(nutzer).select_related("kommune", "leitbild"), slug=slug
    )
    raeume = list(plan.raeume.fuer(nutzer).order_by("ebene", "name"))
    fortschreibungen = list(
        plan.fortschreibungen.fuer(nutzer)
        .annotate(
            anzahl_neu=anzahl(
                Projektskizze.objects.fuer(nutzer).filter(fortschreibung=OuterRef("pk"))
            )
        )
        .order_by("-nummer")
    )
    projekte = (
        Projektskizze.objects.fuer(nutzer)
        .filter(plan=plan)
        .mit_aktuellem_stand()
        .select_related("plan")
        .order_by("nummer")
    )
    seite = Paginator(projekte, MASSNAHMEN_JE_SEITE).get_page(request.GET.get("page"))
    for projekt in seite.object_list:
        stand_beschriften(projekt)
    return render(
        request,
        "aktionsplan/plan_detail.html",
        {
            "plan": plan,
            "raeume": raeume,
            "gebiet": plan.gebiet(raeume),
            "begrenzt": plan.ist_begrenzt(raeume),
            "fortschreibungen": fortschreibungen,
            "seite": seite,
            "liste_url": f"{reverse('projekte:projekt_liste')}?plan={plan.pk}",
            "darf_bearbeiten": darf_bearbeiten(nutzer),
            "admin_link": ist_datenpflege(nutzer),
        },
    )


def _formularseite(request, form, plan, fortschreibung=None, *, status: int = 200):
    return render(
        request,
        "aktionsplan/fortschreibung_form.html",
        {"form": form, "plan": plan, "fortschreibung": fortschreibung},
        status=status,
    )


def _daten(form: FortschreibungForm) -> dict:
    return {feld: form.cleaned_data[feld] for feld in services.FORTSCHREIBUNG_FELDER}


@redaktion_erforderlich
@require_http_methods(["GET", "POST"])
@einmal_absenden
def fortschreibung_neu(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.fuer(request.user), slug=slug)
    form = FortschreibungForm(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            fortschreibung = services.fortschreibung_anlegen(
                plan=plan, benutzer=request.user, daten=_daten(form)
            )
        except ValidationError as fehler:
            fehler_zeigen(form, fehler)
        else:
            messages.success(
                request,
                _("Die Fortschreibung „%s“ wurde angelegt.") % fortschreibung.bezeichnung,
            )
            return redirect(plan)
    return _formularseite(request, form, plan)


@redaktion_erforderlich
@require_http_methods(["GET", "POST"])
@einmal_absenden
def fortschreibung_bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    fortschreibung = get_object_or_404(
        Fortschreibung.objects.fuer(request.user).select_related("plan"), pk=pk
    )
    plan = fortschreibung.plan
    form = FortschreibungForm(
        request.POST if request.method == "POST" else None, instance=fortschreibung, plan=plan
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.fortschreibung_aendern(
                fortschreibung=form.instance,
                benutzer=request.user,
                erwartete_version=form.erwartete_version,
                daten=_daten(form),
            )
        except VeralteterStandError as fehler:
            form.veraltet_zeigen(fehler)
            status = 409
        except ValidationError as fehler:
            fehler_zeigen(form, fehler)
        else:
            messages.success(request, _("Die Änderungen wurden gespeichert."))
            return redirect(plan)
    return _formularseite(request, form, plan, fortschreibung, status=status)
