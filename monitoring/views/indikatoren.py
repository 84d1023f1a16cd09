"""Indicator pages: list, detail with chart and table, area comparison, value entry, file import.

Every number leaves through monitoring.schutz; only the data stewards' editing view shows a
protected value as it is.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Prefetch, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aktionsplan import dateien, datenimport
from aktionsplan.bereich import mehrere_kommunen, sichtbare_kommunenliste
from aktionsplan.eingaben import ids_aus
from aktionsplan.einmal import einmal_absenden
from aktionsplan.forms import FreigabeForm
from aktionsplan.hintergrundexport import (
    angebotsseite,
    gross_beantworten,
    ist_gross,
)
from aktionsplan.hintergrundimport import pruefung_starten, uebernahme_starten
from aktionsplan.models import Raum
from aktionsplan.personen import anzeigename
from aktionsplan.querysets import auswahl_eingrenzen
from aktionsplan.rollen import darf_bearbeiten, ist_datenpflege
from aktionsplan.seitenspeicher import anfrageschluessel, seite_mit_teil
from aktionsplan.sperre import VeralteterStandError, fehler_zeigen, speichern
from aktionsplan.zugriff import lesen_erforderlich, redaktion_erforderlich
from monitoring import importe
from monitoring.bewertung import indikator_bewerten
from monitoring.datenarten import MESSWERTE
from monitoring.diagramme import (
    Reihe,
    Stufenreihe,
    balkendiagramm,
    liniendiagramm,
    stufendiagramm,
)
from monitoring.exporte_indikatoren import (
    als_csv,
    als_xlsx,
    dateiname,
    zeitreihentabelle,
)
from monitoring.filters_indikatoren import IndikatorFilter
from monitoring.forms_indikatoren import (
    JE_1000,
    EinschaetzungForm,
    ImportBestaetigenForm,
    ImportForm,
    MesswertExportForm,
    MesswertForm,
    RaumvergleichForm,
)
from monitoring.fortschritt import indikator_fortschritt
from monitoring.hintergrund import (
    MESSWERT_EXPORT,
    messwert_export_titel,
    messwert_exportdateiname,
)
from monitoring.hintergrund import messwert_export as messwert_export_task
from monitoring.hintergrund import messwert_import as messwert_import_task
from monitoring.karte import karte, methode_text
from monitoring.lieferung import lieferstand_aus, mit_lieferdaten
from monitoring.models import Einschaetzung, Erkenntnis, Indikator, Messwert
from monitoring.schutz import (
    Anzeigewert,
    Kommunestand,
    basiswert_text,
    je_einwohner,
    klarwert,
    kleinzahl_text,
    kommunestand_je_indikator,
    quotenschutz_text,
    schuetzen,
    werte_im_bereich,
)
from monitoring.services import einschaetzung_aendern, einschaetzung_anlegen, indikator_freigeben
from monitoring.steckbrief import steckbrief_menge, steckbriefe
from monitoring.zahlen import zahl_formatieren

MAX_REIHEN = 6
# Indicators per page of the list (a region holds hundreds).
PRO_SEITE = 50
SITZUNG_IMPORT = "monitoring_import"
# The column of the area in the value import (monitoring.datenarten.MESSWERTE).
MESSWERTE_RAUMSPALTE = 2


def _kommunewerte(
    anzeige: dict[int, Anzeigewert], messwerte: list[Messwert], kommune: Raum | None
) -> dict[tuple[int, int], Anzeigewert]:
    """The installation's own Kommune's protected values by (indicator, year)."""
    if kommune is None:
        return {}
    return {
        (mw.indikator_id, mw.jahr): anzeige[mw.pk] for mw in messwerte if mw.raum_id == kommune.pk
    }


@require_GET
@lesen_erforderlich
def indikator_liste(request: HttpRequest) -> HttpResponse:
    """The indicators, filtered and paged (``PRO_SEITE``), each with its latest protected value
    for the whole Kommune, its progress and its assessment against the target. The main part is
    stored per data version and query (aktionsplan.seitenspeicher)."""
    nutzer = request.user

    def berechnen() -> dict:
        filter_ = IndikatorFilter(
            request.GET,
            queryset=Indikator.objects.fuer(nutzer).mit_bezuegen(nutzer, "themen").fuer_liste(),
            request=request,
        )
        auswahl_eingrenzen(filter_.form, nutzer)
        seite = Paginator(
            mit_lieferdaten(filter_.qs, nutzer).order_by("name", "pk"), PRO_SEITE
        ).get_page(request.GET.get("page"))
        indikatoren = list(seite.object_list)
        kommune = Raum.objects.fuer(nutzer).eigene_kommune()
        # Protection works per indicator, year and parent area: the values of one page of
        # indicators are protected exactly as in the whole list.
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
                    "lieferung": lieferstand_aus(indikator),
                }
            )
        return {
            "filter": filter_,
            "seite": seite,
            "eintraege": eintraege,
            "darf_bearbeiten": darf_bearbeiten(nutzer),
        }

    return seite_mit_teil(
        request,
        "monitoring/indikator_liste.html",
        teile=("indikator_liste", anfrageschluessel(request)),
        kontext={},
        berechnen=berechnen,
    )


def _kartenjahr(tabelle, kommune_id: int | None = None) -> int | None:
    """The latest year with a value (shown or protected) of a Sozialraum (of the Kommune
    ``kommune_id``, if given), for the map."""
    for index in range(len(tabelle.jahre) - 1, -1, -1):
        if any(
            z.raum.ebene == Raum.Ebene.SOZIALRAUM
            and z.zellen[index] is not None
            and (kommune_id is None or z.raum.kommune_id == kommune_id)
            for z in tabelle.zeilen
        ):
            return tabelle.jahre[index]
    return None


def _karten_je_kommune(request: HttpRequest, indikator: Indikator, tabelle) -> list[dict]:
    """The indicator page's maps: one of the Sozialräume, or, for a person who sees several
    Kommunen, one per Kommune with outlines, each of its own latest year and with classes of
    its own Sozialräume only (issue 12: areas are compared within their Kommune). One query
    for the outlines, none when no Sozialraum has a value."""
    kommunen = sichtbare_kommunenliste(request.user) if mehrere_kommunen() else []
    if len(kommunen) <= 1:
        jahr = _kartenjahr(tabelle)
        if jahr is None:
            return []
        spalte = tabelle.jahre.index(jahr)
        karte_ = _karte_kontext(
            request,
            kennung="karte-indikator",
            titel=_("%(name)s %(jahr)s nach Sozialraum") % {"name": indikator.name, "jahr": jahr},
            werte={
                z.raum.pk: z.zellen[spalte]
                for z in tabelle.zeilen
                if z.raum.ebene == Raum.Ebene.SOZIALRAUM and z.zellen[spalte] is not None
            },
        )
        return [{**karte_, "karte_jahr": jahr, "kommune": None}] if karte_ else []
    jahre = {pk: _kartenjahr(tabelle, pk) for pk, _name in kommunen}
    if all(j is None for j in jahre.values()):
        return []
    umrisse: dict[int, list[Raum]] = {}
    for raum in Raum.objects.fuer(request.user).sozialraeume().exclude(geometrie=""):
        umrisse.setdefault(raum.kommune_id, []).append(raum)
    karten = []
    for pk, name in kommunen:
        jahr = jahre[pk]
        if jahr is None or not umrisse.get(pk):
            continue
        spalte = tabelle.jahre.index(jahr)
        titel = _("%(name)s %(jahr)s nach Sozialraum – %(kommune)s") % {
            "name": indikator.name,
            "jahr": jahr,
            "kommune": name,
        }
        kennung = f"karte-indikator-{pk}"
        gezeichnet = karte(
            kennung=kennung,
            titel=titel,
            raeume=umrisse[pk],
            werte={
                z.raum.pk: z.zellen[spalte]
                for z in tabelle.zeilen
                if z.raum.ebene == Raum.Ebene.SOZIALRAUM
                and z.raum.kommune_id == pk
                and z.zellen[spalte] is not None
            },
        )
        if gezeichnet is not None:
            karten.append(
                {
                    "karte": gezeichnet,
                    "karte_kennung": kennung,
                    "karte_titel": titel,
                    "karte_methode": methode_text(gezeichnet),
                    "karte_jahr": jahr,
                    "kommune": name,
                }
            )
    return karten


def _karte_kontext(
    request: HttpRequest, *, kennung: str, titel: str, werte: dict, kommune_id: int | None = None
) -> dict:
    """The choropleth map of the Sozialräume with outlines (monitoring.karte) for a page: one
    query for the outlines; nothing when no Sozialraum has one. ``kommune_id``: only that
    Kommune's Sozialräume (a person who sees several Kommunen; issue 12)."""
    raeume = Raum.objects.fuer(request.user).sozialraeume().exclude(geometrie="")
    if kommune_id is not None:
        raeume = raeume.filter(kommune_id=kommune_id)
    gezeichnet = karte(kennung=kennung, titel=titel, raeume=raeume, werte=werte)
    if gezeichnet is None:
        return {}
    return {
        "karte": gezeichnet,
        "karte_kennung": kennung,
        "karte_titel": titel,
        "karte_methode": methode_text(gezeichnet),
    }


def _indikator_mit_werten(request: HttpRequest, pk: int):
    indikator = get_object_or_404(
        mit_lieferdaten(
            Indikator.objects.fuer(request.user)
            .mit_bezuegen(request.user, "themen", "projekte")
            .fuer_liste()
            .select_related("zaehler", "nenner", "ohne_n_freigegeben_von"),
            request.user,
        ),
        pk=pk,
    )
    # Complete groups of every Kommune protected, then the reader's (schutz.werte_im_bereich).
    messwerte = list(Messwert.objects.fuer_anzeige(indikator=indikator))
    anzeige = schuetzen(messwerte)
    return indikator, werte_im_bereich(messwerte, request.user), anzeige


@require_GET
@lesen_erforderlich
def indikator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An indicator: its values over time, protected, with the chart of the chosen areas. The
    main part and its head are stored per data version and choice of areas
    (aktionsplan.seitenspeicher): a repeat costs no query."""
    gewaehlt_ids = sorted(set(ids_aus(request.GET.getlist("raum"))))

    def berechnen() -> dict:
        indikator, messwerte, anzeige = _indikator_mit_werten(request, pk)
        tabelle = zeitreihentabelle(messwerte, anzeige)
        kommune = Raum.objects.fuer(request.user).eigene_kommune()
        raeume = [zeile.raum for zeile in tabelle.zeilen]
        kommunen = [r for r in raeume if r.ebene in (Raum.Ebene.KOMMUNE, Raum.Ebene.REGION)]
        if gewaehlt_ids:
            gewaehlt = [r for r in raeume if r.pk in gewaehlt_ids][:MAX_REIHEN]
        else:
            gewaehlt = ([r for r in raeume if r == kommune] or kommunen or raeume)[:1]
        reihen = []
        for zeile in tabelle.zeilen:
            if zeile.raum in gewaehlt:
                reihen.append(
                    Reihe(
                        name=zeile.raum.name,
                        werte=dict(zip(tabelle.jahre, zeile.zellen, strict=True)),
                    )
                )
        diagramm = (
            liniendiagramm(
                kennung="zeitreihe",
                titel=_("%(name)s – Zeitreihe") % {"name": indikator.name},
                reihen=reihen,
                einheit=indikator.einheit,
            )
            if reihen and indikator.art == Indikator.Art.QUANTITATIV
            else None
        )
        karten = (
            _karten_je_kommune(request, indikator, tabelle)
            if indikator.art == Indikator.Art.QUANTITATIV
            else []
        )
        werte = _kommunewerte(anzeige, messwerte, kommune)
        aktuell = werte[max(werte)] if werte else None  # one indicator: the latest year
        basis = werte.get((indikator.pk, indikator.basisjahr))
        return {
            "indikator": indikator,
            "tabelle": tabelle,
            "diagramm": diagramm,
            "raeume": raeume,
            "gewaehlt": gewaehlt,
            "max_reihen": MAX_REIHEN,
            "aktuell": aktuell,
            "basiswert_text": basiswert_text(indikator, basis),
            "quotenschutz": quotenschutz_text(indikator),
            "fortschritt": indikator_fortschritt(indikator, aktuell, basis),
            "bewertung": indikator_bewerten(indikator, aktuell, basis),
            "darf_bearbeiten": darf_bearbeiten(request.user),
            "lieferung": lieferstand_aus(indikator),
            "qualitativ": _einschaetzungen(indikator, request.user)
            if indikator.art == Indikator.Art.QUALITATIV
            else None,
            "karten": karten,
        }

    return seite_mit_teil(
        request,
        "monitoring/indikator_detail.html",
        teile=("indikator", pk, ",".join(map(str, gewaehlt_ids[: MAX_REIHEN * 4]))),
        kontext={},
        berechnen=berechnen,
        kopf=lambda: {
            "indikator": get_object_or_404(Indikator.objects.fuer(request.user).only("name"), pk=pk)
        },
    )


@redaktion_erforderlich
@require_POST
@einmal_absenden
def indikator_freigabe(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an indicator on the public pages, or withdraw it (a button on its page). A stale
    click changes nothing and says so."""
    indikator = get_object_or_404(Indikator.objects.fuer(request.user), pk=pk)
    form = FreigabeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Die Angabe war unvollständig; es wurde nichts geändert."))
        return redirect(indikator)
    oeffentlich = form.cleaned_data["oeffentlich"]
    try:
        indikator_freigeben(
            indikator=indikator,
            benutzer=request.user,
            erwartete_version=form.cleaned_data["geoeffnete_version"],
            oeffentlich=oeffentlich,
        )
    except VeralteterStandError as fehler:
        messages.error(request, str(fehler))
    else:
        messages.success(
            request,
            (
                _("Der Indikator „%(name)s“ ist jetzt öffentlich.")
                if oeffentlich
                else _("Der Indikator „%(name)s“ ist nicht mehr öffentlich.")
            )
            % {"name": indikator.name},
        )
    return redirect(indikator)


def _einschaetzungen(indikator: Indikator, nutzer) -> dict:
    """A qualitative indicator's ratings: a table of years × rater groups, the chart, and each
    rating with its reasons and evidence. Three queries: the scale, the ratings with group and
    step, their findings."""
    skala = [(s.stufe, s.name) for s in indikator.stufen.fuer(nutzer).order_by("stufe")]
    eintraege = list(
        indikator.einschaetzungen.fuer(nutzer)
        .fuer_anzeige()
        .prefetch_related(Prefetch("erkenntnisse", Erkenntnis.objects.fuer(nutzer)))
    )
    gruppen = list({e.gruppe_id: e.gruppe for e in eintraege}.values())
    gruppen.sort(key=lambda g: (g.reihenfolge, g.name))
    je = {(e.jahr, e.gruppe_id): e for e in eintraege}
    jahre = sorted({e.jahr for e in eintraege})
    zeilen = [(jahr, [je.get((jahr, g.pk)) for g in gruppen]) for jahr in jahre]
    reihen = [
        Stufenreihe(
            name=g.name, stufen={e.jahr: e.stufe.stufe for e in eintraege if e.gruppe_id == g.pk}
        )
        for g in gruppen
    ]
    return {
        "skala": skala,
        "gruppen": gruppen,
        "zeilen": zeilen,
        "eintraege": sorted(
            eintraege, key=lambda e: (-e.jahr, e.gruppe.reihenfolge, e.gruppe.name)
        ),
        "diagramm": stufendiagramm(
            kennung="stufendiagramm",
            titel=_("%(name)s – Einschätzungen je Gruppe") % {"name": indikator.name},
            skala=skala,
            reihen=reihen,
        )
        if eintraege and skala
        else None,
    }


@require_GET
@lesen_erforderlich
def indikator_steckbrief(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable profile of an indicator (monitoring.steckbrief). Queries: the indicator with
    source, actor, responsible person and delivery dates, its themes, its UN-BRK articles."""
    indikator = get_object_or_404(
        steckbrief_menge(Indikator.objects.fuer(request.user), request.user),
        pk=pk,
    )
    return render(
        request,
        "monitoring/indikator_steckbrief.html",
        {"indikator": indikator, "s": steckbriefe([indikator])[0], "heute": timezone.localdate()},
    )


@require_GET
@lesen_erforderlich
def indikator_export(request: HttpRequest, pk: int) -> HttpResponse:
    indikator, messwerte, anzeige = _indikator_mit_werten(request, pk)
    tabelle = zeitreihentabelle(messwerte, anzeige)
    format_ = dateien.exportformat(request.GET)
    inhalt = als_xlsx(indikator, tabelle) if format_ == "xlsx" else als_csv(indikator, tabelle)
    return dateien.dateiantwort(inhalt, format_=format_, dateiname=dateiname(indikator))


def _vergleichsjahre(nutzer) -> list[int]:
    return list(
        Messwert.objects.fuer(nutzer).order_by("-jahr").values_list("jahr", flat=True).distinct()
    )


def _vergleichskommunen(nutzer) -> list[tuple[int, str]]:
    """(pk, name) of the Kommunen ``nutzer`` may compare areas of, the own one first: none in
    an installation with one Kommune; the one of a person of one Kommune (no query); for a
    person of several, read through the scope hook like every choice (one query)."""
    if not mehrere_kommunen():
        return []
    kommunen = sichtbare_kommunenliste(nutzer)
    if len(kommunen) <= 1:
        return kommunen
    return list(Raum.objects.fuer(nutzer).kommunen_eigene_zuerst().values_list("pk", "name"))


@require_GET
@lesen_erforderlich
def raumvergleich(request: HttpRequest) -> HttpResponse:
    """Sozialräume compared for one indicator and year, protected. The main part is stored per
    data version and query (aktionsplan.seitenspeicher)."""

    def berechnen() -> dict:
        # Sozialräume are compared within one Kommune only (issue 12): a person who sees several
        # chooses it; everyone else compares those of the own (or only visible) Kommune.
        kommunen = _vergleichskommunen(request.user)
        form = RaumvergleichForm(
            request.GET or None, jahre=_vergleichsjahre(request.user), kommunen=kommunen
        )
        auswahl_eingrenzen(form, request.user)
        kontext: dict = {"form": form}
        if form.is_valid():
            indikator = form.cleaned_data["indikator"]
            jahr = form.cleaned_data["jahr"]
            vollstaendig = list(Messwert.objects.fuer_anzeige(indikator=indikator, jahre=[jahr]))
            anzeige = schuetzen(vollstaendig)
            messwerte = werte_im_bereich(vollstaendig, request.user)
            einheit = indikator.einheit
            einwohner = (
                Indikator.objects.fuer(request.user)
                .filter(ist_einwohnerzahl=True)
                .exclude(pk=indikator.pk)
                .first()
                if form.cleaned_data.get("bezug") == JE_1000 and indikator.ist_anzahl
                else None
            )
            if einwohner is not None:
                # Count ÷ population × 1,000, shown only where the count is shown.
                bevoelkerung = list(
                    Messwert.objects.fuer_anzeige(indikator=einwohner, jahre=[jahr])
                )
                anzeige = je_einwohner(anzeige, bevoelkerung, faktor=1000)
                einheit = _("je 1.000 Einwohnerinnen und Einwohner")
            gewaehlte_kommune = form.cleaned_data.get("kommune")
            if gewaehlte_kommune is None:
                kommune = Raum.objects.fuer(request.user).eigene_kommune()
                kommune_id = kommune.pk if kommune is not None else None
            else:
                kommune_id = gewaehlte_kommune
            sozialraeume = [
                (mw.raum, anzeige[mw.pk])
                for mw in messwerte
                if mw.raum.ebene == Raum.Ebene.SOZIALRAUM
                and (gewaehlte_kommune is None or mw.raum.kommune_id == gewaehlte_kommune)
            ]
            gezeigt = sorted(
                (p for p in sozialraeume if p[1].wert is not None),
                key=lambda p: (-p[1].wert, p[0].name),
            )
            verborgen = sorted(
                (p for p in sozialraeume if p[1].wert is None), key=lambda p: p[0].name
            )
            zeilen = [*gezeigt, *verborgen]
            kommune_zeile = [
                (mw.raum, anzeige[mw.pk])
                for mw in messwerte
                if kommune_id is not None and mw.raum_id == kommune_id
            ]
            kontext.update(
                {
                    "indikator": indikator,
                    "jahr": jahr,
                    "einheit": einheit,
                    "je_einwohner": einwohner is not None,
                    "quote_nicht_moeglich": form.cleaned_data.get("bezug") == JE_1000
                    and einwohner is None,
                    "zeilen": zeilen,
                    "kommune": kommune_zeile,
                    "diagramm": balkendiagramm(
                        kennung="raumvergleich",
                        titel=_("%(name)s %(jahr)s nach Sozialraum")
                        % {"name": indikator.name, "jahr": jahr},
                        balken=[(r.name, av) for r, av in zeilen],
                        einheit=einheit,
                    )
                    if zeilen
                    else None,
                    "hat_geschuetzte": any(av.geschuetzt for _r, av in zeilen),
                    "ohne_einwohnerzahl": any(
                        av.ohne_einwohnerzahl for _r, av in [*zeilen, *kommune_zeile]
                    ),
                }
            )
            kontext.update(
                _karte_kontext(
                    request,
                    kennung="karte-raumvergleich",
                    titel=_("%(name)s %(jahr)s nach Sozialraum – Karte")
                    % {"name": indikator.name, "jahr": jahr},
                    werte={r.pk: av for r, av in sozialraeume},
                    kommune_id=gewaehlte_kommune,
                )
            )
        return kontext

    return seite_mit_teil(
        request,
        "monitoring/raumvergleich.html",
        teile=("raumvergleich", anfrageschluessel(request)),
        kontext={},
        berechnen=berechnen,
    )


# --- entering values ---------------------------------------------------------------------------


def _wert_geschuetzt(messwert: Messwert, nutzer) -> tuple[bool, str]:
    """Whether the current value is protected on display (primary or secondary), and its text."""
    # The complete group of every Kommune, as the pages protect it (schutz.werte_im_bereich).
    gruppe = Messwert.objects.fuer_anzeige(indikator=messwert.indikator_id, jahre=[messwert.jahr])
    av = schuetzen(gruppe).get(messwert.pk)
    if av is None:
        return False, ""
    return av.geschuetzt, av.text


def _verlauf(messwert: Messwert, *, mit_werten: bool) -> list[dict]:
    eintraege = []
    for h in messwert.history.select_related("history_user").order_by("-history_date")[:20]:
        eintraege.append(
            {
                "datum": h.history_date,
                "wer": h.history_user.get_full_name() or h.history_user.get_username()
                if h.history_user
                else _("unbekannt"),
                "art": h.get_history_type_display(),
                "wert": zahl_formatieren(h.wert) if mit_werten else None,
            }
        )
    return eintraege


@require_http_methods(["GET", "POST"])
@redaktion_erforderlich
@einmal_absenden
def messwert_neu(request: HttpRequest, pk: int) -> HttpResponse:
    indikator = get_object_or_404(Indikator.objects.fuer(request.user), pk=pk)
    if indikator.art != Indikator.Art.QUANTITATIV or indikator.berechnet:
        raise Http404
    form = MesswertForm(request.POST if request.method == "POST" else None, indikator=indikator)
    auswahl_eingrenzen(form, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            speichern(form.instance, benutzer=request.user)
        except ValidationError as fehler:
            fehler_zeigen(form, fehler)
        else:
            messages.success(request, _("Der Wert wurde gespeichert."))
            return redirect(indikator)
    return render(
        request,
        "monitoring/messwert_form.html",
        {"form": form, "indikator": indikator, "messwert": None},
    )


def _schutzanzeige(messwert: Messwert, geschuetzt_text: str):
    """For everyone but the data stewards: a protected value reads "< N" (or "•") in a stale-save
    message too, the value when the form was opened as well as the value now."""
    indikator = messwert.indikator

    def anzeige(feld: str, wert: object) -> str | None:
        if feld != "wert" or wert is None:
            return None
        if indikator.ist_kleine_zahl(wert):
            return kleinzahl_text(indikator.mindestfallzahl)
        return geschuetzt_text or None

    return anzeige


@require_http_methods(["GET", "POST"])
@redaktion_erforderlich
@einmal_absenden
def messwert_bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    messwert = get_object_or_404(
        Messwert.objects.fuer(request.user).select_related("indikator", "raum"), pk=pk
    )
    indikator = messwert.indikator
    if indikator.berechnet:
        raise Http404  # computed values are never typed in (monitoring.quoten)
    datenpflege = ist_datenpflege(request.user)
    geschuetzt, geschuetzt_text = (
        (False, "") if datenpflege else _wert_geschuetzt(messwert, request.user)
    )

    form = MesswertForm(
        request.POST if request.method == "POST" else None,
        instance=messwert,
        indikator=indikator,
        wert_verbergen=geschuetzt,
    )
    auswahl_eingrenzen(form, request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            speichern(
                form.instance,
                benutzer=request.user,
                erwartete_version=form.erwartete_version,
                felder=[
                    f
                    for f in ("jahr", "raum", "wert", "fallzahl", "vorlaeufig", "quellenhinweis")
                    if f in form.fields
                ],
                anzeige=None
                if datenpflege
                else _schutzanzeige(messwert, geschuetzt_text if geschuetzt else ""),
            )
        except VeralteterStandError as fehler:
            form.veraltet_zeigen(fehler)
            status = 409
        except ValidationError as fehler:
            fehler_zeigen(form, fehler)
        else:
            messages.success(request, _("Der Wert wurde geändert."))
            return redirect(indikator)
    return render(
        request,
        "monitoring/messwert_form.html",
        {
            "form": form,
            "indikator": indikator,
            "messwert": messwert,
            "klarwert": klarwert(messwert) if datenpflege else None,
            "geschuetzt_text": geschuetzt_text if geschuetzt else "",
            "verlauf": _verlauf(messwert, mit_werten=datenpflege),
        },
        status=status,
    )


# --- ratings of qualitative indicators (monitoring.services) ----------------------------------


def _einschaetzung_formular(
    request: HttpRequest, indikator: Indikator, einschaetzung: Einschaetzung | None
) -> HttpResponse:
    neu = einschaetzung is None
    form = EinschaetzungForm(
        request.POST if request.method == "POST" else None,
        instance=einschaetzung,
        indikator=indikator,
    )
    auswahl_eingrenzen(form, request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        erkenntnisse = form.cleaned_data["erkenntnisse"]
        try:
            if neu:
                einschaetzung_anlegen(
                    form.instance, benutzer=request.user, erkenntnisse=erkenntnisse
                )
            else:
                einschaetzung_aendern(
                    form.instance,
                    benutzer=request.user,
                    erwartete_version=form.erwartete_version,
                    erkenntnisse=erkenntnisse,
                )
        except VeralteterStandError as fehler:
            form.veraltet_zeigen(fehler)
            status = 409
        except ValidationError as fehler:
            fehler_zeigen(form, fehler)
        else:
            messages.success(request, _("Die Einschätzung wurde gespeichert."))
            return redirect(f"{indikator.get_absolute_url()}#einschaetzungen-titel")
    return render(
        request,
        "monitoring/einschaetzung_form.html",
        {
            "form": form,
            "indikator": indikator,
            "einschaetzung": einschaetzung,
            "verlauf": [] if neu else _einschaetzung_verlauf(einschaetzung),
        },
        status=status,
    )


def _einschaetzung_verlauf(einschaetzung: Einschaetzung) -> list[dict]:
    return [
        {
            "datum": h.history_date,
            "wer": anzeigename(h.history_user) or _("unbekannt"),
            "art": h.get_history_type_display(),
        }
        for h in einschaetzung.history.select_related("history_user").order_by("-history_date")[:20]
    ]


def _qualitativ(request: HttpRequest, pk: int) -> Indikator:
    indikator = get_object_or_404(Indikator.objects.fuer(request.user), pk=pk)
    if indikator.art != Indikator.Art.QUALITATIV:
        raise Http404
    return indikator


@require_http_methods(["GET", "POST"])
@redaktion_erforderlich
@einmal_absenden
def einschaetzung_neu(request: HttpRequest, pk: int) -> HttpResponse:
    """A rater group's rating, entered by the Redaktion on its behalf."""
    return _einschaetzung_formular(request, _qualitativ(request, pk), None)


@require_http_methods(["GET", "POST"])
@redaktion_erforderlich
@einmal_absenden
def einschaetzung_bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    einschaetzung = get_object_or_404(
        Einschaetzung.objects.fuer(request.user).select_related("indikator", "gruppe"), pk=pk
    )
    return _einschaetzung_formular(request, einschaetzung.indikator, einschaetzung)


# --- file import and export (aktionsplan.datenimport; protection in monitoring.importe) ---------


def _import_seite(request, *, form, schritt=None) -> HttpResponse:
    kontext: dict = {"form": form, "gross_ab": datenimport.GROSS_AB_ZEILEN}
    pruefung = schritt.pruefung if schritt is not None else None
    if pruefung is not None:
        datenpflege = ist_datenpflege(request.user)
        kontext.update(
            {
                "zeilen": importe.vorschauzeilen(pruefung, datenpflege=datenpflege),
                "fehlerfrei": pruefung.fehlerfrei,
                "ignoriert": pruefung.ignoriert,
                "anzahl": {
                    s: importe.anzahl(pruefung, s, datenpflege=datenpflege)
                    for s in ("neu", "geaendert", "unveraendert", importe.GESCHUETZT)
                },
                "fehlerzahl": pruefung.anzahl("fehler"),
                "bestaetigen": ImportBestaetigenForm(initial={"pruefsumme": schritt.pruefsumme}),
            }
        )
    return render(request, "monitoring/messwert_import.html", kontext)


@require_http_methods(["GET", "POST"])
@redaktion_erforderlich
@einmal_absenden
def messwert_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm()
    schritt = None
    if request.method == "POST" and request.POST.get("aufgabe"):
        return _gross_bestaetigen(request)
    if request.method == "POST" and "pruefsumme" in request.POST:
        bestaetigen = ImportBestaetigenForm(request.POST)
        summe = bestaetigen.cleaned_data["pruefsumme"] if bestaetigen.is_valid() else None
        schritt = datenimport.import_schritt(
            request, MESSWERTE, sitzungsschluessel=SITZUNG_IMPORT, bestaetigt=summe
        )
        if schritt.fertig is not None:
            datenpflege = ist_datenpflege(request.user)
            messages.success(request, importe.erfolgstext(schritt.fertig, datenpflege=datenpflege))
            return redirect(reverse("monitoring:indikator_liste"))
        if schritt.datei_fehler:
            messages.error(request, schritt.datei_fehler)
        if schritt.pruefung is None:
            return redirect("monitoring:messwert_import")
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            datei = form.cleaned_data["datei"]
            schritt = datenimport.import_schritt(
                request,
                MESSWERTE,
                sitzungsschluessel=SITZUNG_IMPORT,
                datei=datei,
                hintergrund=lambda inhalt, name, zeilen: pruefung_starten(
                    messwert_import_task,
                    art=MESSWERTE,
                    inhalt=inhalt,
                    dateiname=name,
                    zeilen=zeilen,
                    benutzer=request.user,
                    herkunft_url=reverse("monitoring:messwert_import"),
                ),
            )
            if schritt.aufgabe is not None:
                return redirect(schritt.aufgabe)
            if schritt.datei_fehler:
                form.add_error("datei", schritt.datei_fehler)
    return _import_seite(request, form=form, schritt=schritt)


def _gross_bestaetigen(request: HttpRequest) -> HttpResponse:
    """The confirm of a big file, posted by its preview's status page: starts the write."""
    form = ImportBestaetigenForm(request.POST)
    aufgabe = None
    if form.is_valid():
        aufgabe = uebernahme_starten(
            messwert_import_task,
            art=MESSWERTE,
            aufgabe_id=str(form.cleaned_data["aufgabe"]),
            pruefsumme=form.cleaned_data["pruefsumme"],
            benutzer=request.user,
            herkunft_url=reverse("monitoring:messwert_import"),
        )
    if aufgabe is None:
        messages.error(
            request,
            _("Diese Vorschau kann nicht bestätigt werden. Bitte laden Sie die Datei erneut hoch."),
        )
        return redirect("monitoring:messwert_import")
    return redirect(aufgabe)


def _vorlage_beispiel(nutzer) -> list:
    """The example row of the value import's template, its area one the person sees: the first
    Sozialraum (by name) of their own Kommune, else that Kommune, by its Kurzname (what the
    export writes; never ambiguous). Never another Kommune's area (QA3 F2). One query."""
    kommunen = sichtbare_kommunenliste(nutzer)
    beispiel = list(MESSWERTE.beispiel)
    if not kommunen:
        return beispiel
    kommune_id = kommunen[0][0]
    raeume = Raum.objects.fuer(nutzer).filter(kommune_id=kommune_id)
    slug = (
        raeume.filter(ebene__in=[Raum.Ebene.SOZIALRAUM, Raum.Ebene.KOMMUNE])
        .order_by(Case(When(ebene=Raum.Ebene.SOZIALRAUM, then=0), default=1), "name")
        .values_list("slug", flat=True)
        .first()
    )
    if slug:
        beispiel[MESSWERTE_RAUMSPALTE] = slug
    return beispiel


@require_GET
@redaktion_erforderlich
def messwert_import_vorlage(request: HttpRequest) -> HttpResponse:
    format_ = dateien.exportformat(request.GET)
    inhalt = datenimport.vorlage(
        MESSWERTE, format_=format_, beispiel=_vorlage_beispiel(request.user)
    )
    return dateien.dateiantwort(inhalt, format_=format_, dateiname="messwerte-vorlage")


@require_http_methods(["GET", "POST"])
@redaktion_erforderlich
def messwert_export(request: HttpRequest) -> HttpResponse:
    """The values in the import's columns (all, or one indicator's); see monitoring.importe.
    Up to SOFORT_BIS_ZEILEN values are written at once, more by the task queue
    (aktionsplan.hintergrundexport): GET offers the file, POST starts it."""
    form = MesswertExportForm({**request.GET.dict(), "format": dateien.exportformat(request.GET)})
    auswahl_eingrenzen(form, request.user)
    if not form.is_valid():
        raise Http404(_("Unbekanntes Exportformat oder unbekannter Indikator."))
    indikator = form.cleaned_data["indikator"]
    format_ = form.cleaned_data["format"]
    zeilen = importe.exportmenge(nutzer=request.user, indikator=indikator).count()
    if ist_gross(zeilen):
        titel = messwert_export_titel(indikator)
        zurueck = (
            indikator.get_absolute_url() if indikator else reverse("monitoring:indikator_liste")
        )
        return gross_beantworten(
            request,
            task=messwert_export_task,
            kennung=MESSWERT_EXPORT,
            titel=titel,
            parameter={"format": [format_], "indikator": [str(indikator.pk)] if indikator else []},
            zeilen=zeilen,
            herkunft_url=zurueck,
            angebot=lambda: angebotsseite(request, titel=titel, zeilen=zeilen, zurueck_url=zurueck),
        )
    if request.method == "POST":
        return redirect(request.get_full_path())
    inhalt = importe.exportieren(
        nutzer=request.user,
        datenpflege=ist_datenpflege(request.user),
        indikator=indikator,
        format_=format_,
    )
    name = messwert_exportdateiname(indikator, format_)
    return dateien.dateiantwort(inhalt, format_=format_, dateiname=name.removesuffix(f".{format_}"))
