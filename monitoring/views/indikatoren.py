"""Indicator pages: list, detail with chart and table, area comparison, value entry, file import.

Every number leaves through monitoring.schutz; only the data stewards' editing view shows a
protected value as it is.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from aktionsplan import dateien
from aktionsplan.models import Raum
from aktionsplan.rollen import darf_bearbeiten, ist_datenpflege
from aktionsplan.zugriff import lesen_erforderlich, redaktion_erforderlich
from monitoring import importe
from monitoring.diagramme import Reihe, balkendiagramm, liniendiagramm
from monitoring.exporte_indikatoren import (
    als_csv,
    als_xlsx,
    dateiname,
    zeitreihentabelle,
)
from monitoring.filters_indikatoren import IndikatorFilter
from monitoring.forms_indikatoren import (
    ImportBestaetigenForm,
    ImportForm,
    MesswertForm,
    RaumvergleichForm,
)
from monitoring.models import Indikator, Messwert
from monitoring.schutz import Anzeigewert, klarwert, kleinzahl_text, schuetzen, zahl_formatieren

MAX_REIHEN = 6
SITZUNG_IMPORT = "monitoring_import"


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
    filter_ = IndikatorFilter(request.GET, queryset=Indikator.objects.fuer_liste())
    indikatoren = list(filter_.qs)
    kommune = Raum.objects.eigene_kommune()
    messwerte = list(
        Messwert.objects.filter(
            indikator__in=[i.pk for i in indikatoren]
        ).neuestes_jahr_je_indikator(raum=kommune, mit_basisjahr=True)
    )
    werte = _kommunewerte(schuetzen(messwerte), messwerte, kommune)
    neuestes: dict[int, Anzeigewert] = {}
    for (indikator_id, jahr), av in werte.items():
        if indikator_id not in neuestes or jahr > neuestes[indikator_id].jahr:
            neuestes[indikator_id] = av
    eintraege = []
    for indikator in indikatoren:
        aktuell = neuestes.get(indikator.pk)
        basis = werte.get((indikator.pk, indikator.basisjahr))
        eintraege.append(
            {
                "indikator": indikator,
                "aktuell": aktuell,
                "fortschritt": indikator.fortschritt(aktuell, basis),
            }
        )
    return render(
        request,
        "monitoring/indikator_liste.html",
        {
            "filter": filter_,
            "eintraege": eintraege,
            "darf_bearbeiten": darf_bearbeiten(request.user),
        },
    )


def _indikator_mit_werten(pk: int):
    indikator = get_object_or_404(
        Indikator.objects.fuer_liste().prefetch_related("projekte"), pk=pk
    )
    messwerte = list(Messwert.objects.fuer_anzeige(indikator=indikator))
    anzeige = schuetzen(messwerte)
    return indikator, messwerte, anzeige


@require_GET
@lesen_erforderlich
def indikator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indikator, messwerte, anzeige = _indikator_mit_werten(pk)
    tabelle = zeitreihentabelle(messwerte, anzeige)

    kommune = Raum.objects.eigene_kommune()
    raeume = [zeile.raum for zeile in tabelle.zeilen]
    gewaehlt_ids = {int(x) for x in request.GET.getlist("raum") if x.isdigit()}
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
    werte = _kommunewerte(anzeige, messwerte, kommune)
    aktuell = werte[max(werte)] if werte else None  # one indicator: the latest year
    basis = werte.get((indikator.pk, indikator.basisjahr))
    return render(
        request,
        "monitoring/indikator_detail.html",
        {
            "indikator": indikator,
            "tabelle": tabelle,
            "diagramm": diagramm,
            "raeume": raeume,
            "gewaehlt": gewaehlt,
            "max_reihen": MAX_REIHEN,
            "aktuell": aktuell,
            "basiswert_text": indikator.basiswert_text(basis),
            "fortschritt": indikator.fortschritt(aktuell, basis),
            "darf_bearbeiten": darf_bearbeiten(request.user),
        },
    )


@require_GET
@lesen_erforderlich
def indikator_export(request: HttpRequest, pk: int) -> HttpResponse:
    indikator, messwerte, anzeige = _indikator_mit_werten(pk)
    tabelle = zeitreihentabelle(messwerte, anzeige)
    format_ = request.GET.get("format", "csv")
    if format_ not in dateien.FORMATE:
        raise Http404
    inhalt = als_xlsx(indikator, tabelle) if format_ == "xlsx" else als_csv(indikator, tabelle)
    return dateien.dateiantwort(inhalt, format_=format_, dateiname=dateiname(indikator))


def _vergleichsjahre() -> list[int]:
    return list(Messwert.objects.order_by("-jahr").values_list("jahr", flat=True).distinct())


@require_GET
@lesen_erforderlich
def raumvergleich(request: HttpRequest) -> HttpResponse:
    form = RaumvergleichForm(request.GET or None, jahre=_vergleichsjahre())
    kontext: dict = {"form": form}
    if form.is_valid():
        indikator = form.cleaned_data["indikator"]
        jahr = form.cleaned_data["jahr"]
        messwerte = list(Messwert.objects.fuer_anzeige(indikator=indikator, jahre=[jahr]))
        anzeige = schuetzen(messwerte)
        kommune = Raum.objects.eigene_kommune()
        sozialraeume = [
            (mw.raum, anzeige[mw.pk]) for mw in messwerte if mw.raum.ebene == Raum.Ebene.SOZIALRAUM
        ]
        gezeigt = sorted(
            (p for p in sozialraeume if p[1].wert is not None),
            key=lambda p: (-p[1].wert, p[0].name),
        )
        verborgen = sorted((p for p in sozialraeume if p[1].wert is None), key=lambda p: p[0].name)
        zeilen = [*gezeigt, *verborgen]
        kontext.update(
            {
                "indikator": indikator,
                "jahr": jahr,
                "zeilen": zeilen,
                "kommune": [
                    (mw.raum, anzeige[mw.pk])
                    for mw in messwerte
                    if kommune is not None and mw.raum_id == kommune.pk
                ],
                "diagramm": balkendiagramm(
                    kennung="raumvergleich",
                    titel=_("%(name)s %(jahr)s nach Sozialraum")
                    % {"name": indikator.name, "jahr": jahr},
                    balken=[(r.name, av) for r, av in zeilen],
                    einheit=indikator.einheit,
                )
                if zeilen
                else None,
                "hat_geschuetzte": any(av.geschuetzt for _r, av in zeilen),
            }
        )
    return render(request, "monitoring/raumvergleich.html", kontext)


# --- entering values ---------------------------------------------------------------------------


def _wert_geschuetzt(messwert: Messwert) -> tuple[bool, str]:
    """Whether the current value is protected on display (primary or secondary), and its text."""
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
def messwert_neu(request: HttpRequest, pk: int) -> HttpResponse:
    indikator = get_object_or_404(Indikator, pk=pk)
    if indikator.art != Indikator.Art.QUANTITATIV:
        raise Http404
    form = MesswertForm(request.POST or None, indikator=indikator)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:
            form.add_error("jahr", _("Für diesen Raum gibt es in diesem Jahr schon einen Wert."))
        else:
            messages.success(request, _("Der Wert wurde gespeichert."))
            return redirect(indikator)
    return render(
        request,
        "monitoring/messwert_form.html",
        {"form": form, "indikator": indikator, "messwert": None},
    )


@require_http_methods(["GET", "POST"])
@redaktion_erforderlich
def messwert_bearbeiten(request: HttpRequest, pk: int) -> HttpResponse:
    messwert = get_object_or_404(Messwert.objects.select_related("indikator", "raum"), pk=pk)
    indikator = messwert.indikator
    datenpflege = ist_datenpflege(request.user)
    geschuetzt, geschuetzt_text = (False, "") if datenpflege else _wert_geschuetzt(messwert)

    daten = request.POST.copy() if request.method == "POST" else None
    form = MesswertForm(daten, instance=messwert, indikator=indikator, wert_verbergen=geschuetzt)
    if request.method == "POST" and form.is_valid():
        gespeichert = False
        with transaction.atomic():
            aktuell = Messwert.objects.select_for_update().get(pk=messwert.pk)
            gesehen = parse_datetime(form.cleaned_data.get("stand") or "")
            if gesehen is None or gesehen != aktuell.geaendert_am:
                form.add_error(
                    None,
                    _(
                        "Dieser Wert wurde inzwischen von jemand anderem geändert (%(zeit)s). "
                        "Ihre Eingaben sind erhalten – bitte prüfen Sie sie und speichern Sie "
                        "erneut."
                    )
                    % {
                        "zeit": formats.date_format(
                            timezone.localtime(aktuell.geaendert_am), "DATETIME_FORMAT"
                        )
                    },
                )
                # Saving again after this warning is a deliberate choice on the newest state.
                daten["stand"] = aktuell.geaendert_am.isoformat()
            else:
                try:
                    with transaction.atomic():
                        form.instance.save(
                            update_fields=[
                                "jahr",
                                "raum",
                                "wert",
                                "vorlaeufig",
                                "quellenhinweis",
                                "geaendert_am",
                            ]
                        )
                    gespeichert = True
                except IntegrityError:
                    form.add_error(
                        "jahr", _("Für diesen Raum gibt es in diesem Jahr schon einen Wert.")
                    )
        if gespeichert:
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
    )


# --- file import -------------------------------------------------------------------------------


def _vorschau(pruefung: importe.Pruefung, *, datenpflege: bool) -> list[dict]:
    """Rows for the preview; protected numbers as "< N" or "•" for everyone but the data stewards,
    and no exact outcome for a row whose existing value is protected."""

    def neu_text(z) -> str:
        if z.wert is None:
            return ""
        if not datenpflege and z.indikator and z.indikator.ist_kleine_zahl(z.wert):
            return kleinzahl_text(z.indikator.mindestfallzahl)
        return zahl_formatieren(z.wert)

    def alt_text(z) -> str:
        if z.bisher is None:
            return ""
        if datenpflege:
            return zahl_formatieren(z.bisher.wert)
        return z.bisher_anzeige.text if z.bisher_anzeige else ""

    return [
        {
            "nummer": z.nummer,
            "status": z.status_fuer(datenpflege=datenpflege),
            "fehler": z.fehler,
            "indikator": z.indikator.name if z.indikator else str(z.roh.get("indikator") or ""),
            "jahr": z.jahr or z.roh.get("jahr") or "",
            "raum": z.raum.name if z.raum else str(z.roh.get("raum") or ""),
            "alt": alt_text(z),
            "neu": neu_text(z),
            "vorlaeufig": z.vorlaeufig,
        }
        for z in pruefung.zeilen
    ]


def _import_seite(request, *, form, pruefung=None, pruefsumme="") -> HttpResponse:
    kontext: dict = {"form": form}
    if pruefung is not None:
        datenpflege = ist_datenpflege(request.user)
        kontext.update(
            {
                "zeilen": _vorschau(pruefung, datenpflege=datenpflege),
                "fehlerfrei": pruefung.fehlerfrei,
                "anzahl": {
                    s: pruefung.anzahl(s, datenpflege=datenpflege)
                    for s in ("neu", "geaendert", "unveraendert", importe.GESCHUETZT)
                },
                "fehlerzahl": pruefung.anzahl("fehler"),
                "bestaetigen": ImportBestaetigenForm(initial={"pruefsumme": pruefsumme}),
            }
        )
    return render(request, "monitoring/messwert_import.html", kontext)


@require_http_methods(["GET", "POST"])
@redaktion_erforderlich
def messwert_import(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _import_seite(request, form=ImportForm())

    if "pruefsumme" in request.POST:
        return _import_bestaetigen(request)

    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_seite(request, form=form)
    datei = form.cleaned_data["datei"]
    inhalt = datei.read()
    try:
        zeilen = importe.datei_lesen(inhalt, datei.name)
    except importe.ImportFehler as fehler:
        form.add_error("datei", str(fehler))
        return _import_seite(request, form=form)
    pruefsumme = importe.pruefsumme(inhalt)
    # The parsed rows wait in the server-side session; the form carries only their checksum.
    request.session[SITZUNG_IMPORT] = {
        "pruefsumme": pruefsumme,
        "zeilen": zeilen,
        "datei": datei.name,
    }
    pruefung = importe.pruefen(zeilen)
    return _import_seite(request, form=ImportForm(), pruefung=pruefung, pruefsumme=pruefsumme)


def _import_bestaetigen(request: HttpRequest) -> HttpResponse:
    bestaetigen = ImportBestaetigenForm(request.POST)
    gespeichert = request.session.get(SITZUNG_IMPORT)
    if (
        not bestaetigen.is_valid()
        or not gespeichert
        or gespeichert.get("pruefsumme") != bestaetigen.cleaned_data["pruefsumme"]
    ):
        messages.error(
            request,
            _("Die Vorschau ist nicht mehr gültig. Bitte laden Sie die Datei erneut hoch."),
        )
        return redirect("monitoring:messwert_import")
    try:
        pruefung = importe.uebernehmen(roh_zeilen=gespeichert["zeilen"])
    except (ValidationError, IntegrityError):
        # uebernehmen writes in one transaction: nothing was saved. The rows stay in the session,
        # so the user can confirm again after checking (e.g. a colleague saved a value meanwhile).
        messages.error(
            request,
            _(
                "Die Werte konnten nicht gespeichert werden, weil sich die Daten inzwischen "
                "geändert haben oder eine Zeile nicht gespeichert werden kann. Es wurde nichts "
                "gespeichert. Bitte prüfen Sie die Vorschau und bestätigen Sie erneut."
            ),
        )
        return _import_seite(
            request,
            form=ImportForm(),
            pruefung=importe.pruefen(gespeichert["zeilen"]),
            pruefsumme=gespeichert["pruefsumme"],
        )
    if not pruefung.fehlerfrei:
        return _import_seite(
            request, form=ImportForm(), pruefung=pruefung, pruefsumme=gespeichert["pruefsumme"]
        )
    del request.session[SITZUNG_IMPORT]
    datenpflege = ist_datenpflege(request.user)
    text = _(
        "Import abgeschlossen: %(neu)s neu, %(geaendert)s geändert, %(gleich)s unverändert."
    ) % {
        "neu": pruefung.anzahl("neu", datenpflege=datenpflege),
        "geaendert": pruefung.anzahl("geaendert", datenpflege=datenpflege),
        "gleich": pruefung.anzahl("unveraendert", datenpflege=datenpflege),
    }
    geschuetzt = pruefung.anzahl(importe.GESCHUETZT, datenpflege=datenpflege)
    if geschuetzt:
        text += " " + ngettext(
            "%(anzahl)s Zeile hat einen geschützten Wert überschrieben.",
            "%(anzahl)s Zeilen haben geschützte Werte überschrieben.",
            geschuetzt,
        ) % {"anzahl": geschuetzt}
    messages.success(request, text)
    return redirect(reverse("monitoring:indikator_liste"))


@require_GET
@redaktion_erforderlich
def messwert_import_vorlage(request: HttpRequest) -> HttpResponse:
    if request.GET.get("format") == "xlsx":
        antwort = HttpResponse(importe.vorlage_xlsx(), content_type=dateien.XLSX_CONTENT_TYPE)
        name = "messwerte-vorlage.xlsx"
    else:
        antwort = HttpResponse(importe.vorlage_csv(), content_type="text/csv; charset=utf-8")
        name = "messwerte-vorlage.csv"
    antwort["Content-Disposition"] = f'attachment; filename="{name}"'
    return antwort
