"""Read-only pages for actors and their data sources. Data stewards edit them in the admin."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from akteure.abfragen import akteure, datenquellen
from akteure.filters import AkteurFilter, DatenquelleFilter
from akteure.models import Akteur, Datenquelle, bestaetigung_stichtag
from aktionsplan.rollen import ist_datenpflege
from aktionsplan.zugriff import lesen_erforderlich
from projekte.models import Projektbeteiligung

PRO_SEITE = 25


@require_GET
@lesen_erforderlich
def akteur_liste(request: HttpRequest) -> HttpResponse:
    filter_ = AkteurFilter(request.GET, queryset=akteure().mit_anzahlen().order_by("name"))
    seite = Paginator(filter_.qs, PRO_SEITE).get_page(request.GET.get("page"))
    return render(request, "akteure/akteur_liste.html", {"filter": filter_, "seite": seite})


@require_GET
@lesen_erforderlich
def akteur_detail(request: HttpRequest, pk: int) -> HttpResponse:
    akteur = get_object_or_404(
        Akteur.objects.select_related("typ").prefetch_related("raeume"), pk=pk
    )
    stichtag = bestaetigung_stichtag()
    ansprechpersonen = list(akteur.ansprechpersonen.order_by("name"))
    for person in ansprechpersonen:
        person.bestaetigung_ueberfaellig = person.bestaetigt_am < stichtag
    return render(
        request,
        "akteure/akteur_detail.html",
        {
            "akteur": akteur,
            "beteiligungen": list(
                Projektbeteiligung.objects.filter(akteur=akteur)
                .select_related("projekt", "projekt__plan")
                .order_by("projekt__plan__beginn", "projekt__plan__name", "projekt__nummer")
            ),
            "datenquellen": list(datenquellen().fuer_liste().filter(akteur=akteur)),
            "ansprechpersonen": ansprechpersonen,
            "admin_link": ist_datenpflege(request.user),
        },
    )


@require_GET
@lesen_erforderlich
def datenquelle_liste(request: HttpRequest) -> HttpResponse:
    filter_ = DatenquelleFilter(request.GET, queryset=datenquellen().fuer_liste().order_by("name"))
    seite = Paginator(filter_.qs, PRO_SEITE).get_page(request.GET.get("page"))
    return render(request, "akteure/datenquelle_liste.html", {"filter": filter_, "seite": seite})


@require_GET
@lesen_erforderlich
def datenquelle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    datenquelle = get_object_or_404(Datenquelle.objects.select_related("akteur"), pk=pk)
    return render(
        request,
        "akteure/datenquelle_detail.html",
        {
            "datenquelle": datenquelle,
            "indikatoren": list(datenquelle.indikatoren.order_by("name")),
            "admin_link": ist_datenpflege(request.user),
        },
    )
