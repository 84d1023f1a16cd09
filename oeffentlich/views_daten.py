"""The open-data views (issue 11, point 5): the page that lists the datasets, the files, their
schema and the DCAT-AP.de catalogue (oeffentlich.offene_daten builds them all).

Like every public page, the page is one stored part per data version (``seite_mit_teil``); the
files are stored the same way under the same key parts (data version, scope, language, day), so
any recorded change serves fresh files at once, and a repeat costs no query for an anonymous
reader.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from aktionsplan.kommune import eigene_kommune, kommunenname_fuer
from aktionsplan.oeffentliche_kommune import (
    kommune_der_anfrage,
    leser,
    schluesselteil,
)
from aktionsplan.seitenspeicher import SEITENDAUER, seite_mit_teil, seitenschluessel
from oeffentlich import offene_daten as od
from oeffentlich.views import _beschlossene_berichte

KATALOG_INHALTSTYPEN = {
    "jsonld": "application/ld+json; charset=utf-8",
    "rdf": "application/rdf+xml; charset=utf-8",
}


def _datei_antwort(
    request: HttpRequest,
    teile: tuple,
    erzeugen: Callable[[], bytes],
    *,
    inhaltstyp: str,
    dateiname: str | None = None,
) -> HttpResponse:
    """A file of the open data, from the cache or made by ``erzeugen()`` and stored (the key of
    the public pages: ``seitenschluessel(..., fuer_alle=True)``). ``erzeugen`` may raise
    ``Http404``; nothing is stored then. ``dateiname``: offered for download."""
    schluessel = seitenschluessel(
        request, "oeffentlich-daten", *schluesselteil(request), *teile, fuer_alle=True
    )
    inhalt = cache.get(schluessel)
    if inhalt is None:
        # Files are always German, whatever the interface language (issue 7): the catalogue's
        # texts are tagged "de", and a harvester sending another Accept-Language must get the
        # same bytes (QA 2026-11-30, M3).
        with translation.override("de"):
            inhalt = erzeugen()
        cache.set(schluessel, inhalt, timeout=SEITENDAUER)
    antwort = HttpResponse(inhalt, content_type=inhaltstyp)
    antwort["Content-Language"] = "de"
    if dateiname:
        antwort["Content-Disposition"] = f'attachment; filename="{dateiname}"'
    antwort["Access-Control-Allow-Origin"] = "*"
    return antwort


@login_not_required
@require_safe
def daten(request: HttpRequest) -> HttpResponse:
    """The open-data page: every dataset with its formats, fields, schema and licence, each
    public indicator's own files, the yearly reports, and the catalogue."""
    nutzer = leser(request)

    def berechnen() -> dict:
        indikatoren = list(od.oeffentliche_indikatoren(nutzer).only("name", "lizenz"))
        for ind in indikatoren:
            ind.lizenzangabe = od.Lizenzangabe(ind.lizenz_wirksam)
        return {
            "datensaetze": list(od.DATENSAETZE.values()),
            "formate": od.FORMATE,
            "indikatoren": indikatoren,
            "berichte": _beschlossene_berichte(nutzer),
            "lizenz": od.Lizenzangabe(od.standardlizenz()),
            "schema_version": od.SCHEMA_VERSION,
        }

    return seite_mit_teil(
        request,
        "oeffentlich/daten.html",
        teile=("oeffentlich", *schluesselteil(request), "daten"),
        kontext={"bereich": "daten"},
        berechnen=berechnen,
        fuer_alle=True,
    )


def _format_pruefen(format_: str) -> None:
    if format_ not in od.FORMATE:
        raise Http404(_("Diese Datei gibt es nicht."))


@login_not_required
@require_safe
def daten_datei(request: HttpRequest, name: str, format_: str) -> HttpResponse:
    """A dataset as CSV, JSON or XLSX (404 for any other name or format)."""
    datensatz = od.DATENSAETZE.get(name)
    if datensatz is None:
        raise Http404(_("Diese Datei gibt es nicht."))
    _format_pruefen(format_)
    return _datei_antwort(
        request,
        (name, format_),
        lambda: od.datei(datensatz, datensatz.zeilen(leser(request)), format_),
        inhaltstyp=od.INHALTSTYPEN[format_],
        dateiname=f"{name}.{format_}" if format_ != "json" else None,
    )


@login_not_required
@require_safe
def daten_indikator(request: HttpRequest, pk: int, format_: str) -> HttpResponse:
    """One public indicator's values as CSV, JSON or XLSX, protected as on its page; 404 for an
    indicator that is not public."""
    _format_pruefen(format_)
    nutzer = leser(request)

    def erzeugen() -> bytes:
        if not od.oeffentliche_indikatoren(nutzer).filter(pk=pk).exists():
            raise Http404(_("Diese Datei gibt es nicht."))
        return od.datei(od.INDIKATORWERTE, od.indikatorwerte_zeilen(nutzer, pk), format_)

    return _datei_antwort(
        request,
        ("indikator", pk, format_),
        erzeugen,
        inhaltstyp=od.INHALTSTYPEN[format_],
        dateiname=f"indikator-{pk}.{format_}" if format_ != "json" else None,
    )


@login_not_required
@require_safe
def daten_schema(request: HttpRequest, name: str) -> HttpResponse:
    """A dataset's Table Schema of the current version (``<name>-v1``); no query."""
    for datensatz in od.DATENSAETZE.values():
        if datensatz.schema_name == name:
            with translation.override("de"):
                schema = od.schema_json(datensatz)
            antwort = HttpResponse(schema, content_type="application/json; charset=utf-8")
            antwort["Content-Language"] = "de"
            antwort["Access-Control-Allow-Origin"] = "*"
            return antwort
    raise Http404(_("Dieses Schema gibt es nicht."))


@login_not_required
@require_safe
def daten_katalog(request: HttpRequest, format_: str) -> HttpResponse:
    """The DCAT-AP.de catalogue as JSON-LD (``jsonld``) or RDF/XML (``rdf``). Under a
    Kommune's prefix (aktionsplan.oeffentliche_kommune) that Kommune's: its key as
    ``dcatde:politicalGeocodingURI``, its name as publisher, its datasets' addresses."""
    if format_ not in KATALOG_INHALTSTYPEN:
        raise Http404(_("Diese Datei gibt es nicht."))
    nutzer = leser(request)

    oeffentliche_kommune = kommune_der_anfrage(request)
    name = (
        oeffentliche_kommune.name if oeffentliche_kommune is not None else kommunenname_fuer(nutzer)
    )

    def erzeugen() -> bytes:
        graph = od.katalog_graph(nutzer, kommune=eigene_kommune(nutzer), kommunenname=name)
        return od.katalog_datei(graph, format_)

    return _datei_antwort(
        request, ("katalog", format_), erzeugen, inhaltstyp=KATALOG_INHALTSTYPEN[format_]
    )
