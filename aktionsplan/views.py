"""Read-only pages of the plan frame: themes and areas. Data stewards edit them in the admin."""

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from aktionsplan.abfragen import baum_bauen, raeume, themen
from aktionsplan.models import Raum, Thema
from aktionsplan.rollen import ist_datenpflege
from aktionsplan.zugriff import lesen_erforderlich
from monitoring.models import Erkenntnis
from monitoring.schutz import neueste_werte_fuer_raum
from projekte.abfragen import stand_beschriften
from projekte.models import Projektskizze

NEUESTE_ERKENNTNISSE = 10


@require_GET
@lesen_erforderlich
def thema_liste(request: HttpRequest) -> HttpResponse:
    return render(request, "aktionsplan/thema_liste.html", {"themen": list(themen().fuer_liste())})


@require_GET
@lesen_erforderlich
def thema_detail(request: HttpRequest, slug: str) -> HttpResponse:
    thema = get_object_or_404(Thema.objects.select_related("leitbild"), slug=slug)
    projekte = [
        stand_beschriften(p)
        for p in Projektskizze.objects.mit_aktuellem_stand()
        .filter(Q(hauptthema=thema) | Q(weitere_themen=thema))
        .select_related("plan")
        .distinct()
        .order_by("plan__beginn", "plan__name", "nummer")
    ]
    return render(
        request,
        "aktionsplan/thema_detail.html",
        {
            "thema": thema,
            "projekte_haupt": [p for p in projekte if p.hauptthema_id == thema.pk],
            "projekte_weitere": [p for p in projekte if p.hauptthema_id != thema.pk],
            "indikatoren": list(thema.indikatoren.select_related("datenquelle")),
            "erkenntnisse": list(
                thema.erkenntnisse.select_related("beteiligungsformat").order_by("-datum", "titel")[
                    :NEUESTE_ERKENNTNISSE
                ]
            ),
            "anzahl_erkenntnisse_max": NEUESTE_ERKENNTNISSE,
            "admin_link": ist_datenpflege(request.user),
        },
    )


@require_GET
@lesen_erforderlich
def raum_liste(request: HttpRequest) -> HttpResponse:
    return render(
        request, "aktionsplan/raum_liste.html", {"baum": baum_bauen(list(raeume().fuer_baum()))}
    )


@require_GET
@lesen_erforderlich
def raum_detail(request: HttpRequest, slug: str) -> HttpResponse:
    raum = get_object_or_404(Raum.objects.select_related("uebergeordnet"), slug=slug)
    projekte = [
        stand_beschriften(p)
        for p in Projektskizze.objects.mit_aktuellem_stand()
        .filter(raeume=raum)
        .select_related("plan")
        .order_by("plan__beginn", "plan__name", "nummer")
    ]
    return render(
        request,
        "aktionsplan/raum_detail.html",
        {
            "raum": raum,
            "kinder": list(raum.untergeordnete.order_by("name")),
            "werte": neueste_werte_fuer_raum(raum),
            "projekte": projekte,
            "anzahl_gesamtstaedtisch": Projektskizze.objects.filter(gesamtstaedtisch=True).count(),
            "akteure": list(raum.akteure.select_related("typ").order_by("name")),
            "beteiligungsformate": list(raum.beteiligungsformate.order_by("-datum", "titel")),
            "erkenntnisse": list(
                Erkenntnis.objects.filter(raeume=raum)
                .select_related("beteiligungsformat")
                .order_by("-datum", "titel")[:NEUESTE_ERKENNTNISSE]
            ),
            "anzahl_erkenntnisse_max": NEUESTE_ERKENNTNISSE,
            "admin_link": ist_datenpflege(request.user),
        },
    )
