"""The pages that read across apps (layer 5): the overview, themes, areas, actors, data sources,
a measure's detail page and the data stewards' audit page. Data stewards edit themes, areas,
actors and data sources in the admin; measures are edited on the pages of projekte.views."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import Lower
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from akteure.filters import AkteurFilter, DatenquelleFilter
from akteure.models import Akteur, Datenquelle, bestaetigung_stichtag
from aktionsplan.bereich import mehrere_kommunen, sichtbare_kommunenliste
from aktionsplan.models import Raum, Thema
from aktionsplan.querysets import auswahl_eingrenzen
from aktionsplan.raumbaum import baum_bauen
from aktionsplan.rollen import darf_bearbeiten, ist_datenpflege
from aktionsplan.seitenspeicher import anfrageschluessel, seite_mit_teil
from aktionsplan.zugriff import datenpflege_erforderlich, lesen_erforderlich
from aktionsplan.zwischenspeicher import zwischengespeichert
from monitoring.bewertung import indikator_bewerten
from monitoring.models import Erkenntnis, Indikator, Messwert
from monitoring.schutz import (
    Kommunestand,
    kommunestand_je_indikator,
    neueste_werte_fuer_raum,
    schuetzen,
)
from projekte.models import (
    Finanzierung,
    Projektbeteiligung,
    Projektskizze,
    Status,
    stand_beschriften,
)
from projekte.verlauf import aenderungsverlauf
from querschnitt.aenderungen import Marke, einzelheiten_laden, quelle_fuer, seite_laden
from querschnitt.balken import ampel_muster, farbfeld
from querschnitt.filters import AenderungFilter
from querschnitt.uebersicht import Themenzeile, meine_laden, uebersicht_laden
from querschnitt.zaehlungen import (
    akteure_mit_anzahlen,
    datenquellen_fuer_liste,
    raeume_fuer_baum,
    themen_fuer_liste,
)

PRO_SEITE = 25
NEUESTE_ERKENNTNISSE = 10
# An area or theme page shows this many of its measures (an area also of its actors and events),
# with their number and a link to the list filtered by it; an area's indicator values come in
# pages of WERTE_JE_SEITE.
RAUM_LISTE_HOECHSTENS = 25
WERTE_JE_SEITE = 25


# --- overview ---


# Where the reader's own measures go in the overview's stored part (which all readers with the
# same roles and scope share, so it must not hold one person's list).
MEINE_MARKE = "<!--meine-massnahmen-->"


def _meine_massnahmen(request: HttpRequest, heute) -> str:
    """The "Meine Maßnahmen" section of ``request.user``, rendered; its data cached per person
    and data version (the key holds the user's id), so a repeat costs no query."""
    meine = zwischengespeichert(
        "meine_massnahmen",
        request.user,
        lambda: meine_laden(request.user, heute),
        request.user.pk,
        heute,
    )
    return render_to_string(
        "projekte/includes/_meine_massnahmen.html", {"meine": meine}, request=request
    )


@login_not_required
@require_GET
def uebersicht(request: HttpRequest) -> HttpResponse:
    """``/``: anonymous visitors land on the public start page; staff get their overview (a
    logged-in account without a role gets 403 there, as on every internal page)."""
    if not request.user.is_authenticated:
        return redirect("oeffentlich:start")
    return _uebersicht(request)


@lesen_erforderlich
def _uebersicht(request: HttpRequest) -> HttpResponse:
    """The overview: its aggregates are cached (aktionsplan.zwischenspeicher), its main part is
    stored per data version and day (aktionsplan.seitenspeicher); the reader's own measures are
    put into it per request (MEINE_MARKE)."""
    heute = timezone.localdate()

    def berechnen() -> dict:
        return {
            "u": zwischengespeichert(
                "uebersicht",
                request.user,
                lambda: uebersicht_laden(request.user, heute),
                heute,
                settings.SACHSTAND_MAX_ALTER_TAGE,
            ),
            "status_spalten": Status.choices,
            "sachstand_max_alter_tage": settings.SACHSTAND_MAX_ALTER_TAGE,
            "ampel_muster": ampel_muster(),
            "legende_status": [(s.label, farbfeld("status", s.value)) for s in Status],
            "legende_ampel": [
                (teil, farbfeld("ampel", teil.schluessel)) for teil in Themenzeile(None).ampel_teile
            ],
        }

    antwort = seite_mit_teil(
        request,
        "projekte/projekt_uebersicht.html",
        teile=("uebersicht", settings.SACHSTAND_MAX_ALTER_TAGE),
        kontext={},
        berechnen=berechnen,
    )
    antwort.content = antwort.content.replace(
        MEINE_MARKE.encode(), _meine_massnahmen(request, heute).encode(), 1
    )
    return antwort


# --- measures ---


def _indikatoren_mit_wert(projekt: Projektskizze, nutzer) -> list:
    """Linked indicators with the protected latest value of the measure's Kommune (its plan's;
    two queries: the indicators, the complete groups of their latest Kommune year).

    The whole group of each (indicator, year) — every area — goes through schutz.schuetzen(), so
    the Kommune value is withheld here exactly when the indicator pages withhold it (primary
    "< N" and secondary suppression alike).
    """
    indikatoren = list(projekt.indikatoren.fuer(nutzer).order_by("name"))
    kommune = projekt.plan.kommune
    werte: dict[int, Messwert] = {}
    anzeige = {}
    if kommune is not None:
        # Complete groups of every Kommune; only the measure's own Kommune's value is shown.
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
    """A measure. Its main part and its head (title, breadcrumbs, the 404) are stored per data
    version (aktionsplan.seitenspeicher): a repeat costs no query."""
    nutzer = request.user

    def kopf() -> dict:
        return {
            "kopf": get_object_or_404(
                Projektskizze.objects.fuer(nutzer).select_related("plan", "plan__kommune"), pk=pk
            )
        }

    def berechnen() -> dict:
        heute = timezone.localdate()
        projekt = stand_beschriften(Projektskizze.objects.fuer(nutzer).fuer_detail().get(pk=pk))
        meilensteine = list(projekt.meilensteine.fuer(nutzer).order_by("faellig_am", "pk"))
        for meilenstein in meilensteine:
            meilenstein.ueberfaellig = meilenstein.ist_ueberfaellig(heute)
        return {
            "projekt": projekt,
            "beteiligungen": list(
                projekt.beteiligungen.fuer(nutzer)
                .select_related("akteur")
                .order_by("rolle", "akteur__name")
            ),
            "finanzierungen": list(projekt.finanzierungen.fuer(nutzer).order_by("quelle", "pk")),
            "summen": projekt.finanzierungen.fuer(nutzer).aggregate(
                gesamt=Sum("betrag"),
                bewilligt=Sum("betrag", filter=Q(status=Finanzierung.Antragsstatus.BEWILLIGT)),
                beantragt=Sum("betrag", filter=Q(status=Finanzierung.Antragsstatus.BEANTRAGT)),
            ),
            "meilensteine": meilensteine,
            "sachstaende": list(
                projekt.sachstaende.fuer(nutzer)
                .neueste_zuerst()
                .select_related("verfasst_von", "berichtigt")
            ),
            "indikatoren": _indikatoren_mit_wert(projekt, nutzer),
            "erkenntnisse": list(
                projekt.erkenntnisse.fuer(nutzer)
                .select_related("beteiligungsformat")
                .order_by("-datum")
            ),
            "verlauf": aenderungsverlauf(projekt),
            "darf_bearbeiten": darf_bearbeiten(nutzer),
            "heute": heute,
        }

    return seite_mit_teil(
        request,
        "projekte/projekt_detail.html",
        teile=("projekt", pk),
        kontext={},
        berechnen=berechnen,
        kopf=kopf,
    )


# --- themes and areas ---


def _indikatoren_mit_bewertung(indikatoren: list[Indikator], nutzer) -> list[Indikator]:
    """Each indicator with its protected latest Kommune value (``anzeigewert``) and its
    assessment against the target (``bewertung``); two queries (the own Kommune, the complete
    groups of the latest and base years), whatever the number of indicators."""
    kommune = Raum.objects.fuer(nutzer).eigene_kommune()
    staende = kommunestand_je_indikator(indikatoren, Messwert.objects.all(), kommune)
    for indikator in indikatoren:
        stand = staende.get(indikator.pk, Kommunestand(None, None))
        indikator.anzeigewert = stand.aktuell
        indikator.bewertung = indikator_bewerten(indikator, stand.aktuell, stand.basis)
    return indikatoren


@require_GET
@lesen_erforderlich
def thema_liste(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "aktionsplan/thema_liste.html",
        {
            "themen": zwischengespeichert(
                "themen",
                request.user,
                lambda: list(themen_fuer_liste(Thema.objects.fuer(request.user))),
            )
        },
    )


@require_GET
@lesen_erforderlich
def thema_detail(request: HttpRequest, slug: str) -> HttpResponse:
    nutzer = request.user
    thema = get_object_or_404(Thema.objects.fuer(nutzer).select_related("leitbild"), slug=slug)

    def berechnen() -> dict:
        # The first RAUM_LISTE_HOECHSTENS of each list with its number (a theme has hundreds of
        # measures at 100x the demo); the measure list filtered by the theme has them all.
        projekte = (
            Projektskizze.objects.fuer(nutzer)
            .mit_aktuellem_stand()
            .select_related("plan")
            .order_by("plan__beginn", "plan__name", "nummer")
        )
        haupt = projekte.filter(hauptthema=thema)
        weitere = projekte.filter(weitere_themen=thema).exclude(hauptthema=thema)
        # The indicators too: the values of each shown one are protected as whole groups.
        indikatoren = thema.indikatoren.fuer(nutzer)
        return {
            "projekte_haupt": [stand_beschriften(p) for p in haupt[:RAUM_LISTE_HOECHSTENS]],
            "anzahl_haupt": haupt.count(),
            "projekte_weitere": [stand_beschriften(p) for p in weitere[:RAUM_LISTE_HOECHSTENS]],
            "anzahl_weitere": weitere.count(),
            "indikatoren": _indikatoren_mit_bewertung(
                list(
                    indikatoren.select_related("datenquelle").order_by("name")[
                        :RAUM_LISTE_HOECHSTENS
                    ]
                ),
                nutzer,
            ),
            "anzahl_indikatoren": indikatoren.count(),
            "erkenntnisse": list(
                thema.erkenntnisse.fuer(nutzer)
                .select_related("beteiligungsformat")
                .order_by("-datum", "titel")[:NEUESTE_ERKENNTNISSE]
            ),
        }

    return render(
        request,
        "aktionsplan/thema_detail.html",
        {
            "thema": thema,
            **zwischengespeichert("thema", nutzer, berechnen, thema.pk),
            "liste_hoechstens": RAUM_LISTE_HOECHSTENS,
            "anzahl_erkenntnisse_max": NEUESTE_ERKENNTNISSE,
            "admin_link": ist_datenpflege(request.user),
        },
    )


@require_GET
@lesen_erforderlich
def raum_liste(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "aktionsplan/raum_liste.html",
        {
            "baum": zwischengespeichert(
                "raeume",
                request.user,
                lambda: baum_bauen(list(raeume_fuer_baum(Raum.objects.fuer(request.user)))),
            )
        },
    )


def _raum_werte(raum: Raum, nutzer, seitennummer: str | None):
    """One page of the area's indicators (those with a value for it, by name) with their
    protected latest value: a count, the page of indicators, and the complete groups of their
    latest years (monitoring.schutz.neueste_werte_fuer_raum) — three queries, whatever the
    number of indicators (1,300 at 100x the demo took 1.2 s in one go)."""
    mit_wert = Exists(Messwert.objects.fuer(nutzer).filter(indikator=OuterRef("pk"), raum=raum))
    indikatoren = (
        Indikator.objects.fuer(nutzer).filter(mit_wert).order_by(Lower("name"), "pk").only("pk")
    )
    seite = Paginator(indikatoren, WERTE_JE_SEITE).get_page(seitennummer)
    ids = [i.pk for i in seite.object_list]
    werte = (
        # Complete groups of every Kommune (monitoring.schutz.werte_im_bereich); the area's own
        # values are shown.
        neueste_werte_fuer_raum(raum, Messwert.objects.filter(indikator__in=ids)) if ids else []
    )
    # The page is cached: it keeps the values (they carry their indicators) and the count it
    # has computed, not the queryset (pickling would load every indicator).
    seite.object_list = werte
    seite.paginator.object_list = []
    return seite


@require_GET
@lesen_erforderlich
def raum_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An area: its place in the tree, a page of its indicators' latest values, and the first
    ``RAUM_LISTE_HOECHSTENS`` of its measures, actors and participation events with their
    numbers and links to the lists filtered by the area. Its data are cached per data version
    and query (aktionsplan.zwischenspeicher); a page costs the same however many rows hang off
    the area."""
    nutzer = request.user
    raum = get_object_or_404(Raum.objects.fuer(nutzer).select_related("uebergeordnet"), slug=slug)
    # A city-wide measure applies to its own Kommune only (issue 12): an area counts those of
    # its Kommune; an area above the Kommunen (the region) of an installation with several
    # makes no such claim. In an installation with one Kommune nothing changes.
    mehrere = mehrere_kommunen()
    ohne_gesamtstaedtische = mehrere and raum.kommune_id is None

    def berechnen() -> dict:
        projekte = (
            Projektskizze.objects.fuer(nutzer)
            .mit_aktuellem_stand()
            .filter(raeume=raum)
            .select_related("plan")
            .order_by("plan__beginn", "plan__name", "nummer")
        )
        akteure = raum.akteure.fuer(nutzer).select_related("typ").order_by("name")
        formate = raum.beteiligungsformate.fuer(nutzer).order_by("-datum", "titel")
        return {
            "kinder": list(raum.untergeordnete.fuer(nutzer).order_by("name")),
            "werte_seite": _raum_werte(raum, nutzer, request.GET.get("page")),
            "projekte": [stand_beschriften(p) for p in projekte[:RAUM_LISTE_HOECHSTENS]],
            "anzahl_projekte": projekte.count(),
            "anzahl_gesamtstaedtisch": None
            if ohne_gesamtstaedtische
            else Projektskizze.objects.fuer(nutzer)
            .in_kommune(raum.kommune_id)
            .filter(gesamtstaedtisch=True)
            .count(),
            "akteure": list(akteure[:RAUM_LISTE_HOECHSTENS]),
            "anzahl_akteure": akteure.count(),
            "beteiligungsformate": list(formate[:RAUM_LISTE_HOECHSTENS]),
            "anzahl_beteiligungsformate": formate.count(),
            "erkenntnisse": list(
                Erkenntnis.objects.fuer(nutzer)
                .filter(raeume=raum)
                .select_related("beteiligungsformat")
                .order_by("-datum", "titel")[:NEUESTE_ERKENNTNISSE]
            ),
        }

    daten = zwischengespeichert("raum", nutzer, berechnen, raum.pk, anfrageschluessel(request))
    return render(
        request,
        "aktionsplan/raum_detail.html",
        {
            "raum": raum,
            **daten,
            "werte": daten["werte_seite"].object_list,
            "liste_hoechstens": RAUM_LISTE_HOECHSTENS,
            "anzahl_erkenntnisse_max": NEUESTE_ERKENNTNISSE,
            "admin_link": ist_datenpflege(request.user),
            # The measure list's Kommune filter exists for people who see several Kommunen.
            "gesamtstaedtisch_kommune": raum.kommune_id
            if mehrere and len(sichtbare_kommunenliste(nutzer)) > 1
            else None,
        },
    )


# --- actors and data sources ---


@require_GET
@lesen_erforderlich
def akteur_liste(request: HttpRequest) -> HttpResponse:
    filter_ = AkteurFilter(
        request.GET,
        queryset=akteure_mit_anzahlen(Akteur.objects.fuer(request.user)).order_by("name"),
    )
    auswahl_eingrenzen(filter_.form, request.user)
    seite = Paginator(filter_.qs, PRO_SEITE).get_page(request.GET.get("page"))
    return render(request, "akteure/akteur_liste.html", {"filter": filter_, "seite": seite})


@require_GET
@lesen_erforderlich
def akteur_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nutzer = request.user
    akteur = get_object_or_404(
        Akteur.objects.fuer(nutzer)
        .select_related("typ")
        # A regional actor's areas of other Kommunen are not named (QA 2026-11-30, F1).
        .prefetch_related(Prefetch("raeume", queryset=Raum.objects.fuer(nutzer))),
        pk=pk,
    )
    stichtag = bestaetigung_stichtag()
    ansprechpersonen = list(akteur.ansprechpersonen.fuer(nutzer).order_by("name"))
    for person in ansprechpersonen:
        person.bestaetigung_ueberfaellig = person.bestaetigt_am < stichtag
    return render(
        request,
        "akteure/akteur_detail.html",
        {
            "akteur": akteur,
            "beteiligungen": list(
                Projektbeteiligung.objects.fuer(nutzer)
                .filter(akteur=akteur)
                .select_related("projekt", "projekt__plan")
                .order_by("projekt__plan__beginn", "projekt__plan__name", "projekt__nummer")
            ),
            "datenquellen": list(
                datenquellen_fuer_liste(Datenquelle.objects.fuer(nutzer).filter(akteur=akteur))
            ),
            "ansprechpersonen": ansprechpersonen,
            "admin_link": ist_datenpflege(request.user),
        },
    )


@require_GET
@lesen_erforderlich
def datenquelle_liste(request: HttpRequest) -> HttpResponse:
    filter_ = DatenquelleFilter(
        request.GET,
        queryset=datenquellen_fuer_liste(Datenquelle.objects.fuer(request.user).order_by("name")),
    )
    auswahl_eingrenzen(filter_.form, request.user)
    seite = Paginator(filter_.qs, PRO_SEITE).get_page(request.GET.get("page"))
    return render(request, "akteure/datenquelle_liste.html", {"filter": filter_, "seite": seite})


@require_GET
@lesen_erforderlich
def datenquelle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    datenquelle = get_object_or_404(
        Datenquelle.objects.fuer(request.user).select_related("akteur"), pk=pk
    )
    return render(
        request,
        "akteure/datenquelle_detail.html",
        {
            "datenquelle": datenquelle,
            "indikatoren": list(datenquelle.indikatoren.fuer(request.user).order_by("name")),
            "admin_link": ist_datenpflege(request.user),
        },
    )


# --- audit: the latest changes across all models (Datenpflege) ---


@require_GET
@datenpflege_erforderlich
def aenderung_liste(request: HttpRequest) -> HttpResponse:
    """Every create, change and delete, newest first; pages go by a cursor (``vor``: older
    than, ``nach``: newer than an entry). Cost: querschnitt/aenderungen.py."""
    filter_ = AenderungFilter(request.GET)
    auswahl_eingrenzen(filter_.form, request.user)
    if filter_.form.is_valid():
        seite = seite_laden(
            request.user,
            auswahl=filter_.auswahl(),
            filtern=filter_.filter_queryset,
            vor=Marke.lesen(request.GET.get("vor")),
            nach=Marke.lesen(request.GET.get("nach")),
        )
    else:
        seite = None
    return render(request, "querschnitt/aenderung_liste.html", {"filter": filter_, "seite": seite})


@require_GET
@datenpflege_erforderlich
def aenderung_detail(request: HttpRequest, modell: str, history_id: int) -> HttpResponse:
    quelle = quelle_fuer(modell)
    einzelheiten = einzelheiten_laden(quelle, history_id, request.user) if quelle else None
    if einzelheiten is None:
        raise Http404
    return render(request, "querschnitt/aenderung_detail.html", {"e": einzelheiten})
