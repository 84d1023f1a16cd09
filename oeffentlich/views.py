"""The public pages (issue 11): what the Redaktion marks public, readable without login.

What is public is decided by flags, never by the reader: a measure marked ``veroeffentlicht``
(its costs and funding only with ``kosten_oeffentlich``), its reports marked ``oeffentlich``,
indicators marked ``oeffentlich``. Plans, the Leitbild and the themes are public by nature (a
council decision). Every other object answers 404 here, for every reader, staff included.
Internal fields never reach these templates: contact persons, actors' roles, the responsible
person, who wrote a report, priorities, internal reports.

Every page is one stored part per data version, language and day, the same for every reader
(``seite_mit_teil(..., fuer_alle=True)``): a repeat costs no query for an anonymous reader, and
any recorded change invalidates it at once (``aktionsplan.zwischenspeicher``). The reads still go
through the scope hook ``fuer`` like every page, with the public reader of the request
(``aktionsplan.oeffentliche_kommune.leser``): in an installation with several Kommunen the pages
under ``/oeffentlich/<slug>/`` show that Kommune's rows and the shared ones only, the pages outside
a prefix only the shared ones, and the start page there lists the Kommunen; a Kommune's page
is stored per Kommune (``schluesselteil``). With one Kommune the reader is the request's user as
before.

Small numbers are protected exactly as inside (``monitoring.schutz``): the public pages show the
same protected display values as the staff's reading pages.

Leichte Sprache (issue 11, point 2): the start, plan, theme, measure, indicator list, indicator
and report pages have a twin under
``/oeffentlich/leicht/`` with the same reads, 404 rules and caching, rendered with the templates
under ``oeffentlich/leicht/`` (their frame, navigation and headings in Leichte Sprache, and the
``text_leichte_sprache`` of each object), plus the explanation page ``leicht/erklaerung/``. They
are always German (``lang="de"``; Leichte Sprache is a German standard: Netzwerk Leichte Sprache,
BITV 2.0 § 4 and Anlage 2 Teil 2). Every standard page links its twin (``zwilling_url``), and
the pages without one (the DGS page) link the start page in Leichte Sprache. The indicator twins
run the same view code as the standard pages (same reads, same protection of small numbers),
and their templates put a sentence frame in Leichte Sprache around name, unit, latest value,
target and assessment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from aktionsplan.bereich import im_bereich, kommune_von, mehrere_kommunen
from aktionsplan.eingaben import ids_aus
from aktionsplan.models import Leitbild, Plan, Raum, Thema
from aktionsplan.oeffentliche_kommune import (
    kommune_der_anfrage,
    leser,
    oeffentliche_url,
    schluesselteil,
)
from aktionsplan.querysets import anzahl
from aktionsplan.seitenspeicher import seite_mit_teil
from monitoring.bewertung import indikator_bewerten
from monitoring.diagramme import Reihe, liniendiagramm
from monitoring.exporte_indikatoren import zeitreihentabelle
from monitoring.fortschritt import indikator_fortschritt
from monitoring.jahresbericht_export import html_inhalt
from monitoring.models import Berichtsdatei, Berichtsfassung, Indikator, Messwert
from monitoring.schutz import Kommunestand, basiswert_text, kommunestand_je_indikator, schuetzen
from oeffentlich.auslieferung import datei_ausliefern
from oeffentlich.dateipruefung import UNTERTITEL_INHALTSTYP, VIDEOARTEN
from oeffentlich.models import Gebaerdenvideo
from projekte.models import Finanzierung, Projektskizze, Status, stand_beschriften

MAX_REIHEN = 6


def _seite(
    request: HttpRequest,
    vorlage: str,
    *,
    teile: tuple,
    berechnen: Callable[[], Mapping[str, Any]],
    kopf: Callable[[], Mapping[str, Any]] | None = None,
    bereich: str = "",
    leicht: bool = False,
    zwilling: tuple[str, tuple] | None = None,
) -> HttpResponse:
    """Render a public page (cached for every reader). ``leicht``: the twin in Leichte Sprache
    (template under ``oeffentlich/leicht/``, its own cache key, always German). ``zwilling``:
    the URL name and arguments of the page's twin in the other variant, for the switch and
    ``<link rel="alternate">``; without one the switch leads to the start page in Leichte
    Sprache."""
    kontext = {"bereich": bereich, "leicht": leicht}
    if zwilling is not None:
        kontext["zwilling_url"] = reverse(f"oeffentlich:{zwilling[0]}", args=zwilling[1])
    if not leicht:
        return seite_mit_teil(
            request,
            vorlage,
            teile=("oeffentlich", *schluesselteil(request), *teile),
            kontext=kontext,
            berechnen=berechnen,
            kopf=kopf,
            fuer_alle=True,
        )
    with translation.override("de"):
        antwort = seite_mit_teil(
            request,
            vorlage.replace("oeffentlich/", "oeffentlich/leicht/", 1),
            teile=("oeffentlich", "leicht", *schluesselteil(request), *teile),
            kontext=kontext,
            berechnen=berechnen,
            kopf=kopf,
            fuer_alle=True,
        )
    # LocaleMiddleware would name the reader's language; the page is German.
    antwort["Content-Language"] = "de"
    return antwort


def _zwilling(name: str, leicht: bool, *args: object) -> tuple[str, tuple]:
    """The URL name and arguments of the other variant of the page ``name`` (module doc)."""
    return (name if leicht else f"leicht_{name}", args)


def _oeffentliche_massnahmen(nutzer):
    """Published measures with their current state, plan and main theme (one query)."""
    return (
        Projektskizze.objects.fuer(nutzer)
        .oeffentlich()
        .mit_oeffentlichem_stand()
        .select_related("plan", "hauptthema")
        .order_by("plan__beginn", "plan__name", "nummer")
    )


def _beschlossene_berichte(nutzer) -> list[Berichtsfassung]:
    """The adopted yearly reports (at most one per year), newest year first, each with whether
    its public PDF is laid out yet (one query). Withdrawn reports and drafts are never public."""
    return list(
        Berichtsfassung.objects.fuer(nutzer)
        .beschlossen()
        .defer("daten", "einleitung", "schluss")
        .annotate(
            hat_pdf=Exists(
                Berichtsdatei.objects.filter(
                    fassung=OuterRef("pk"),
                    variante=Berichtsdatei.Variante.OEFFENTLICH,
                    format=Berichtsdatei.Format.PDF,
                )
            )
        )
        .order_by("-jahr")
    )


def _beschriftet(projekte) -> list[Projektskizze]:
    return [stand_beschriften(p) for p in projekte]


def _indikatoren_mit_stand(nutzer, indikatoren) -> list[dict]:
    """Public indicators with the Kommune's latest protected value, progress and assessment
    against the target (one query for the values)."""
    indikatoren = list(indikatoren)
    kommune = Raum.objects.fuer(nutzer).eigene_kommune()
    # The complete groups of all Kommunen (monitoring.schutz): a Kommune's value is protected as
    # on every other Kommune's pages; only the reader's Kommune's value is shown.
    staende = kommunestand_je_indikator(indikatoren, Messwert.objects.all(), kommune)
    eintraege = []
    for indikator in indikatoren:
        stand = staende.get(indikator.pk, Kommunestand(None, None))
        eintraege.append(
            {
                "indikator": indikator,
                "aktuell": stand.aktuell,
                "fortschritt": indikator_fortschritt(indikator, stand.aktuell, stand.basis),
                "bewertung": indikator_bewerten(indikator, stand.aktuell, stand.basis),
            }
        )
    return eintraege


def _kommunen(request: HttpRequest, leicht: bool) -> HttpResponse:
    """The public start of an installation with several Kommunen: the Kommunen with a plan
    (plans are public by nature), each linked to its public start page, and those without one
    yet, whose public pages show the values of their areas (one query). Read through the scope
    hook with the request's user like every list (all Kommunen for a visitor; a person
    responsible for some Kommunen finds theirs)."""
    nutzer = request.user

    def berechnen() -> dict:
        plaene = Plan.objects.fuer(nutzer).filter(kommune=OuterRef("pk"))
        kommunen = (
            Raum.objects.fuer(nutzer)
            .kommunen()
            .annotate(hat_plan=Exists(plaene))
            .order_by("name", "pk")
            .only("name")
        )
        eintraege = {True: [], False: []}
        for k in kommunen:
            eintraege[k.hat_plan].append(
                {
                    "name": k.name,
                    "url": oeffentliche_url(
                        "oeffentlich:leicht_start" if leicht else "oeffentlich:start",
                        kommune_id=k.pk,
                    ),
                }
            )
        return {"kommunen": eintraege[True], "ohne_plan": eintraege[False]}

    return _seite(
        request,
        "oeffentlich/kommunen.html",
        teile=("kommunen",),
        berechnen=berechnen,
        bereich="start",
        leicht=leicht,
        zwilling=_zwilling("start", leicht),
    )


@login_not_required
@require_safe
def start(request: HttpRequest, leicht: bool = False) -> HttpResponse:
    """The public start page: the Leitbild with its Leitmotiv and themes, the plans, and the way
    to the indicators. Anonymous visitors to ``/`` land here. ``leicht``: in Leichte Sprache.
    In an installation with several Kommunen, outside a Kommune's prefix: the choice of the
    Kommune (``kommunen``)."""
    if kommune_der_anfrage(request) is None and mehrere_kommunen():
        return _kommunen(request, leicht)
    nutzer = leser(request)

    def berechnen() -> dict:
        oeffentlich = Projektskizze.objects.fuer(nutzer).oeffentlich()
        themen = (
            Thema.objects.fuer(nutzer)
            .geordnet()
            .annotate(
                # Main and further themes apart: a measure never has its main theme as a
                # further theme (Projektskizze.beziehungen_pruefen), so the sum counts each once.
                anzahl_massnahmen=anzahl(oeffentlich.filter(hauptthema=OuterRef("pk")))
                + anzahl(oeffentlich.filter(weitere_themen=OuterRef("pk")))
            )
        )
        leitbilder = list(
            Leitbild.objects.fuer(nutzer).prefetch_related(Prefetch("themen", queryset=themen))
        )
        plaene = list(
            Plan.objects.fuer(nutzer)
            .order_by("beginn", "name")
            .annotate(anzahl_massnahmen=anzahl(oeffentlich.filter(plan=OuterRef("pk"))))
        )
        return {
            "leitbilder": leitbilder,
            "plaene": plaene,
            "anzahl_indikatoren": Indikator.objects.fuer(nutzer).oeffentlich().count(),
            "berichte": _beschlossene_berichte(nutzer),
        }

    return _seite(
        request,
        "oeffentlich/start.html",
        teile=("start",),
        berechnen=berechnen,
        bereich="start",
        leicht=leicht,
        zwilling=_zwilling("start", leicht),
    )


@login_not_required
@require_safe
def plan(request: HttpRequest, slug: str, leicht: bool = False) -> HttpResponse:
    """A plan with its Leitbild, Leitmotiv and themes, and its published measures.
    ``leicht``: in Leichte Sprache."""
    nutzer = leser(request)

    def kopf() -> dict:
        return {"kopf": get_object_or_404(Plan.objects.fuer(nutzer).only("name"), slug=slug)}

    def berechnen() -> dict:
        p = Plan.objects.fuer(nutzer).select_related("leitbild", "kommune").get(slug=slug)
        themen = list(p.leitbild.themen.fuer(nutzer).geordnet()) if p.leitbild_id else []
        massnahmen = _beschriftet(_oeffentliche_massnahmen(nutzer).filter(plan=p))
        return {"plan": p, "themen": themen, "massnahmen": massnahmen}

    return _seite(
        request,
        "oeffentlich/plan.html",
        teile=("plan", slug),
        berechnen=berechnen,
        kopf=kopf,
        leicht=leicht,
        zwilling=_zwilling("plan", leicht, slug),
    )


@login_not_required
@require_safe
def thema(request: HttpRequest, slug: str, leicht: bool = False) -> HttpResponse:
    """A theme: its published measures (as main or further theme) counted by status, and its
    public indicators with their assessment against the target. ``leicht``: in Leichte
    Sprache."""
    nutzer = leser(request)

    def kopf() -> dict:
        return {"kopf": get_object_or_404(Thema.objects.fuer(nutzer).only("name"), slug=slug)}

    def berechnen() -> dict:
        t = Thema.objects.fuer(nutzer).select_related("leitbild").get(slug=slug)
        massnahmen = _beschriftet(
            _oeffentliche_massnahmen(nutzer)
            .filter(Q(hauptthema=t) | Q(weitere_themen=t))
            .distinct()
        )
        zaehlung = Counter(m.aktueller_status for m in massnahmen)
        status = [
            {"text": label, "anzahl": zaehlung[wert]}
            for wert, label in Status.choices
            if zaehlung[wert]
        ]
        indikatoren = (
            Indikator.objects.fuer(nutzer).oeffentlich().filter(themen=t).order_by("name", "pk")
        )
        if leicht:
            # Only their names and links: the values stand on the indicators' own pages.
            eintraege = [{"indikator": i} for i in indikatoren.only("name")]
        else:
            eintraege = _indikatoren_mit_stand(nutzer, indikatoren)
        return {
            "thema": t,
            "massnahmen": massnahmen,
            "status": status,
            "indikatoren": eintraege,
        }

    return _seite(
        request,
        "oeffentlich/thema.html",
        teile=("thema", slug),
        berechnen=berechnen,
        kopf=kopf,
        leicht=leicht,
        zwilling=_zwilling("thema", leicht, slug),
    )


@login_not_required
@require_safe
def massnahme(request: HttpRequest, pk: int, leicht: bool = False) -> HttpResponse:
    """A published measure: what it is, for whom, its state, milestones, public reports, how
    people with disabilities take part; costs and funding only if marked public. ``leicht``:
    in Leichte Sprache."""
    nutzer = leser(request)

    def kopf() -> dict:
        return {
            "kopf": get_object_or_404(
                Projektskizze.objects.fuer(nutzer).oeffentlich().select_related("plan"), pk=pk
            )
        }

    def berechnen() -> dict:
        projekte = (
            Projektskizze.objects.fuer(nutzer)
            .oeffentlich()
            .mit_oeffentlichem_stand()
            .select_related("plan", "hauptthema")
        )
        if leicht:
            # The page in Leichte Sprache shows its text, state, themes and its DGS video (the
            # readers of either may need it); the rest is linked.
            projekt = stand_beschriften(projekte.prefetch_related("weitere_themen").get(pk=pk))
            return {
                "projekt": projekt,
                "gebaerdenvideo": projekt.gebaerdenvideos.fuer(nutzer).first(),
            }
        projekt = stand_beschriften(
            projekte.prefetch_related(
                "weitere_themen", "zielgruppen", "unbrk_artikel", "raeume"
            ).get(pk=pk)
        )
        kontext = {
            "projekt": projekt,
            "meilensteine": list(projekt.meilensteine.fuer(nutzer).order_by("faellig_am", "pk")),
            "sachstaende": list(
                projekt.sachstaende.fuer(nutzer)
                .oeffentlich()
                .neueste_zuerst()
                .only("datum", "status", "ampel", "fortschritt", "text", "projekt_id")
            ),
            "indikatoren": list(
                projekt.indikatoren.fuer(nutzer).oeffentlich().order_by("name").only("name")
            ),
            "gebaerdenvideo": projekt.gebaerdenvideos.fuer(nutzer).first(),
        }
        if projekt.kosten_oeffentlich:
            kontext["finanzierungen"] = list(
                projekt.finanzierungen.fuer(nutzer)
                .order_by("quelle", "pk")
                .only("quelle", "programm", "betrag", "status", "projekt_id")
            )
            kontext["summe_bewilligt"] = sum(
                (
                    f.betrag
                    for f in kontext["finanzierungen"]
                    if f.status == Finanzierung.Antragsstatus.BEWILLIGT
                ),
                start=0,
            )
        return kontext

    return _seite(
        request,
        "oeffentlich/massnahme.html",
        teile=("massnahme", pk),
        berechnen=berechnen,
        kopf=kopf,
        leicht=leicht,
        zwilling=_zwilling("massnahme", leicht, pk),
    )


@login_not_required
@require_safe
def indikator_liste(request: HttpRequest, leicht: bool = False) -> HttpResponse:
    """The public indicators, each with the Kommune's latest protected value and its assessment
    against the target. ``leicht``: in Leichte Sprache (same reads)."""
    nutzer = leser(request)

    def berechnen() -> dict:
        indikatoren = (
            Indikator.objects.fuer(nutzer)
            .oeffentlich()
            # A shared indicator's themes of the reader's Kommune only.
            .prefetch_related(Prefetch("themen", queryset=Thema.objects.fuer(nutzer)))
            .order_by("name", "pk")
        )
        return {"eintraege": _indikatoren_mit_stand(nutzer, indikatoren)}

    return _seite(
        request,
        "oeffentlich/indikator_liste.html",
        teile=("indikatoren",),
        berechnen=berechnen,
        bereich="indikatoren",
        leicht=leicht,
        zwilling=_zwilling("indikator_liste", leicht),
    )


@login_not_required
@require_safe
def indikator(request: HttpRequest, pk: int, leicht: bool = False) -> HttpResponse:
    """A public indicator: definition, target, the chart of the chosen areas with the same
    numbers as a table (protected), progress and the assessment against the target.
    ``leicht``: in Leichte Sprache, the same reads and protection, without the chart and its
    choice of areas (the Kommune's values as a simple table, ``kommune_werte``)."""
    nutzer = leser(request)
    gewaehlt_ids = [] if leicht else sorted(set(ids_aus(request.GET.getlist("raum"))))

    def kopf() -> dict:
        return {
            "kopf": get_object_or_404(
                Indikator.objects.fuer(nutzer).oeffentlich().only("name"), pk=pk
            )
        }

    def berechnen() -> dict:
        ind = (
            Indikator.objects.fuer(nutzer)
            .oeffentlich()
            .select_related("zaehler", "ohne_n_freigegeben_von", "datenquelle__akteur")
            # A shared indicator's themes of the reader's Kommune only.
            .prefetch_related(Prefetch("themen", queryset=Thema.objects.fuer(nutzer)))
            .get(pk=pk)
        )
        # Protected over the complete groups of all Kommunen (monitoring.schutz: a Kommune's
        # page next to another's must not let the region's total give a small value away),
        # shown for the reader's areas only.
        alle = list(Messwert.objects.fuer_anzeige(indikator=ind))
        anzeige = schuetzen(alle)
        messwerte = [mw for mw in alle if im_bereich(mw.raum.kommune_id, nutzer)]
        tabelle = zeitreihentabelle(messwerte, anzeige)
        kommune = Raum.objects.fuer(nutzer).eigene_kommune()
        raeume = [zeile.raum for zeile in tabelle.zeilen]
        if gewaehlt_ids:
            gewaehlt = [r for r in raeume if r.pk in gewaehlt_ids][:MAX_REIHEN]
        else:
            kommunen = [r for r in raeume if r.ebene in (Raum.Ebene.KOMMUNE, Raum.Ebene.REGION)]
            gewaehlt = ([r for r in raeume if r == kommune] or kommunen or raeume)[:1]
        reihen = [
            Reihe(name=z.raum.name, werte=dict(zip(tabelle.jahre, z.zellen, strict=True)))
            for z in tabelle.zeilen
            if z.raum in gewaehlt
        ]
        diagramm = (
            liniendiagramm(
                kennung="zeitreihe",
                titel=_("%(name)s – Zeitreihe") % {"name": ind.name},
                reihen=reihen,
                einheit=ind.einheit,
            )
            if reihen and ind.art == Indikator.Art.QUANTITATIV and not leicht
            else None
        )
        werte = {
            mw.jahr: anzeige[mw.pk] for mw in messwerte if kommune and mw.raum_id == kommune.pk
        }
        aktuell = werte[max(werte)] if werte else None
        basis = werte.get(ind.basisjahr)
        return {
            "indikator": ind,
            # A shared indicator's data source may be one Kommune's local actor's: named under
            # that Kommune's prefix only (QA 2026-11-30, F3; the staff pages: L3).
            "datenquelle_sichtbar": ind.datenquelle is not None
            and im_bereich(kommune_von(ind.datenquelle), nutzer),
            "tabelle": tabelle,
            "diagramm": diagramm,
            "raeume": raeume,
            "gewaehlt": gewaehlt,
            "max_reihen": MAX_REIHEN,
            "aktuell": aktuell,
            # The Kommune's protected values, newest year first (the table in Leichte Sprache).
            "kommune_werte": [werte[jahr] for jahr in sorted(werte, reverse=True)],
            "basiswert_text": basiswert_text(ind, basis),
            "fortschritt": indikator_fortschritt(ind, aktuell, basis),
            "bewertung": indikator_bewerten(ind, aktuell, basis),
            "massnahmen": list(
                ind.projekte.fuer(nutzer).oeffentlich().order_by("plan__name", "nummer")
            ),
        }

    return _seite(
        request,
        "oeffentlich/indikator.html",
        teile=("indikator", pk, ",".join(map(str, gewaehlt_ids[: MAX_REIHEN * 4]))),
        berechnen=berechnen,
        kopf=kopf,
        bereich="indikatoren",
        leicht=leicht,
        zwilling=_zwilling("indikator", leicht, pk),
    )


@login_not_required
@require_safe
def berichte(request: HttpRequest, leicht: bool = False) -> HttpResponse:
    """The adopted yearly reports, each in its public variant as HTML and PDF: the files frozen
    when the committee's decision was recorded (monitoring.berichtsfassungen). ``leicht``: in
    Leichte Sprache (the files themselves stay in standard language)."""
    nutzer = leser(request)
    return _seite(
        request,
        "oeffentlich/berichte.html",
        teile=("berichte",),
        berechnen=lambda: {"berichte": _beschlossene_berichte(nutzer)},
        bereich="berichte",
        leicht=leicht,
        zwilling=_zwilling("berichte", leicht),
    )


@login_not_required
@require_safe
def erklaerung(request: HttpRequest) -> HttpResponse:
    """The explanation in Leichte Sprache: what this site is, how to find one's way, how to give
    feedback, how accessible it is (BITV 2.0 § 4: the main content, the navigation and the
    accessibility statement explained in Leichte Sprache). No query."""
    return _seite(
        request,
        "oeffentlich/erklaerung.html",
        teile=("erklaerung",),
        berechnen=dict,
        bereich="erklaerung",
        leicht=True,
    )


# Content types of the public report files.
_BERICHT_INHALTSTYPEN = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}


@login_not_required
@require_safe
def bericht_datei(request: HttpRequest, jahr: int, format_: str) -> HttpResponse:
    """The public variant of the adopted report of ``jahr`` as stored (the internal variant and
    the XLSX stay inside). The PDF byte for byte; the HTML as a public page: the frozen
    document's content, unchanged, inside the public frame (``html_inhalt``). 404 for a year
    without an adopted report and for a PDF not laid out yet. One query."""
    if format_ not in _BERICHT_INHALTSTYPEN:
        raise Http404(_("Diese Datei gibt es nicht."))
    datei = (
        Berichtsdatei.objects.filter(
            fassung__in=Berichtsfassung.objects.fuer(leser(request)).beschlossen(),
            fassung__jahr=jahr,
            variante=Berichtsdatei.Variante.OEFFENTLICH,
            format=format_,
        )
        .select_related("fassung")
        .first()
    )
    if datei is None:
        raise Http404(_("Diese Datei gibt es nicht."))
    if format_ == "pdf":
        antwort = HttpResponse(bytes(datei.inhalt), content_type=_BERICHT_INHALTSTYPEN[format_])
        antwort["Content-Disposition"] = f'attachment; filename="{datei.dateiname}"'
        antwort["ETag"] = f'"{datei.sha256}"'
    else:
        # The frozen HTML inside the public frame (navigation, footer with the feedback form and
        # the statement, print stylesheet, viewport): its text as adopted, marked in the
        # language it was adopted in (oeffentlich/bericht.html).
        sprache, inhalt = html_inhalt(bytes(datei.inhalt).decode())
        antwort = render(
            request,
            "oeffentlich/bericht.html",
            {
                "jahr": jahr,
                "bericht_sprache": sprache,
                "bericht_inhalt": inhalt,
                "bereich": "berichte",
                "zwilling_url": reverse("oeffentlich:leicht_berichte"),
            },
        )
    # No scripts, and styles, fonts and images only from here.
    antwort["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'"
    )
    return antwort


@login_not_required
@require_safe
def gebaerdensprache(request: HttpRequest) -> HttpResponse:
    """The site explained in German Sign Language (BITV 2.0 § 4): the video without a measure,
    with captions and its text version below it. Without such a video the page says so."""
    nutzer = leser(request)
    return _seite(
        request,
        "oeffentlich/gebaerdensprache.html",
        teile=("gebaerdensprache",),
        berechnen=lambda: {
            "gebaerdenvideo": Gebaerdenvideo.objects.fuer(nutzer).seitenerklaerung().first()
        },
        bereich="gebaerdensprache",
    )


def _gebaerdenvideo(request: HttpRequest, pk: int) -> tuple[Gebaerdenvideo, bool]:
    """The video ``pk`` and whether it is public. Anyone gets a public video (the site's
    explanation, a published measure's video); a non-public one only people who may view the
    videos in the admin (the Datenpflege), for everyone else it answers 404. One query for a
    public video."""
    felder = ("video", "untertitel", "projekt_id")
    video = Gebaerdenvideo.objects.fuer(leser(request)).only(*felder).oeffentlich()
    video = video.filter(pk=pk).first()
    if video is not None:
        return video, True
    if request.user.has_perm("oeffentlich.view_gebaerdenvideo"):
        videos = Gebaerdenvideo.objects.fuer(request.user).only(*felder)
        return get_object_or_404(videos, pk=pk), False
    raise Http404(_("Dieses Video gibt es nicht."))


def _etag(name: str) -> str:
    # Every upload gets a new unguessable name (oeffentlich.models), so the name is the version.
    return '"' + name.rsplit("/", 1)[-1].rsplit(".", 1)[0] + '"'


@login_not_required
@require_safe
def gebaerdenvideo(request: HttpRequest, pk: int) -> HttpResponse:
    """The video file of ``pk`` from our own origin, with range requests so that it can be
    sought (oeffentlich.auslieferung: 200, 206, 416)."""
    video, oeffentlich = _gebaerdenvideo(request, pk)
    name = video.video.name
    endung = "." + name.rsplit(".", 1)[-1].lower()
    return datei_ausliefern(
        request,
        video.video.storage,
        name,
        inhaltstyp=VIDEOARTEN.get(endung, "application/octet-stream"),
        etag=_etag(name),
        oeffentlich=oeffentlich,
    )


@login_not_required
@require_safe
def gebaerdenvideo_untertitel(request: HttpRequest, pk: int) -> HttpResponse:
    """The WebVTT captions of the video ``pk`` (same access as the video)."""
    video, oeffentlich = _gebaerdenvideo(request, pk)
    name = video.untertitel.name
    return datei_ausliefern(
        request,
        video.untertitel.storage,
        name,
        inhaltstyp=UNTERTITEL_INHALTSTYP,
        etag=_etag(name),
        oeffentlich=oeffentlich,
    )
