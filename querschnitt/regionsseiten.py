"""The pages of the regional views (issue 12, point 2; the numbers: ``querschnitt.region``).

Who may open them: people with a role (else 403, as every staff page) in an installation with
several Kommunen (else 404: an installation with one Kommune has no regional views and shows no
link to them) whose memberships cover the whole region or more than one Kommune (else 403).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from aktionsplan.bereich import mehrere_kommunen, regionsrolle
from aktionsplan.einmal import einmal_absenden
from aktionsplan.querysets import auswahl_eingrenzen
from aktionsplan.seitenspeicher import (
    SEITENDAUER,
    anfrageschluessel,
    seite_mit_teil,
    seitenschluessel,
)
from aktionsplan.zugriff import lesen_erforderlich
from aufgaben.services import fertige_datei
from monitoring.diagramme import balkendiagramm
from monitoring.models import Indikator
from projekte.models import Status
from querschnitt import hintergrund, region

View = Callable[..., HttpResponse]


def regionsrolle_erforderlich(view: View) -> View:
    """The region role's pages (module docstring). Costs no query in an installation with one
    Kommune (the Kommunen are cached), else the memoised memberships."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not mehrere_kommunen():
            raise Http404
        if not regionsrolle(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return lesen_erforderlich(wrapper)


@require_GET
@regionsrolle_erforderlich
def uebersicht(request: HttpRequest) -> HttpResponse:
    """Kommunen × status and themes × Kommunen. Queries: session, memberships (user and groups
    are cached), the Kommunen, the status counts, the themes with their counts."""
    kommunen = region.kommunen_fuer(request.user)
    return render(
        request,
        "querschnitt/region_uebersicht.html",
        {
            "kommunen": kommunen,
            "status": list(Status),
            "statuszeilen": region.statusmatrix(request.user, kommunen),
            "themenzeilen": region.themenmatrix(request.user, kommunen),
        },
    )


class IndikatorwahlForm(forms.Form):
    indikator = forms.ModelChoiceField(
        label=gettext_lazy("Indikator"),
        queryset=Indikator.objects.filter(art=Indikator.Art.QUANTITATIV).order_by("name"),
        empty_label=gettext_lazy("– bitte wählen –"),
    )


def _diagramm(vergleich: region.Indikatorvergleich) -> str | None:
    balken = [(z.name, z.wert) for z in vergleich.zeilen if z.wert is not None]
    if not balken:
        return None
    return balkendiagramm(
        kennung="regionsvergleich",
        titel=_("%(name)s: neuester Wert je Kommune") % {"name": vergleich.indikator.name},
        balken=balken,
        einheit=vergleich.einheit,
    )


@require_GET
@regionsrolle_erforderlich
def indikatoren(request: HttpRequest) -> HttpResponse:
    """One indicator's latest protected value per Kommune, table and bar chart. Queries:
    session, memberships, the Kommunen, the choices of the form; with an indicator chosen: its
    row, the population indicator, the latest years, the complete groups, the population groups
    (one more for an indicator built on others). The form and the comparison are stored per
    data version, reader and query (aktionsplan.seitenspeicher): a repeated view costs the
    session and the memberships."""

    def berechnen() -> dict:
        kommunen = region.kommunen_fuer(request.user)
        form = IndikatorwahlForm(request.GET or None)
        auswahl_eingrenzen(form, request.user)
        kontext: dict = {"form": form, "kommunen": kommunen}
        if form.is_valid():
            vergleich = region.indikatorvergleich(
                form.cleaned_data["indikator"], kommunen, region.einwohnerindikator()
            )
            kontext.update({"vergleich": vergleich, "diagramm": _diagramm(vergleich)})
        return kontext

    # The choices list every indicator of the region: rendered once per data version and reader.
    return seite_mit_teil(
        request,
        "querschnitt/region_indikatoren.html",
        teile=("region_indikatoren", anfrageschluessel(request)),
        kontext={},
        berechnen=berechnen,
    )


@require_GET
@regionsrolle_erforderlich
def bericht_auswahl(request: HttpRequest) -> HttpResponse:
    """The years with an adopted report of a shown Kommune; a year typed in is taken too."""
    kommunen = region.kommunen_fuer(request.user)
    jahr = request.GET.get("jahr", "")
    if jahr.isdigit() and 1990 <= int(jahr) <= 2100:
        return redirect("region:bericht", jahr=int(jahr))
    return render(
        request,
        "querschnitt/region_bericht_auswahl.html",
        {
            "jahre": region.berichtsjahre(request.user, kommunen),
            "vorjahr": timezone.localdate().year - 1,
            "fehler": bool(jahr),
        },
    )


def _jahr_pruefen(jahr: int) -> None:
    if not 1990 <= jahr <= 2100:
        raise Http404


@require_GET
@regionsrolle_erforderlich
def bericht(request: HttpRequest, jahr: int) -> HttpResponse:
    """The regional yearly report of ``jahr``: each Kommune's adopted report and the regional
    summary. Queries: session, memberships, the Kommunen, the adopted reports, their files'
    names (only when there are some), the status counts, the population indicator, the
    indicators' groups of the year, the population groups (one more when an indicator is built
    on others)."""
    _jahr_pruefen(jahr)
    return seite_mit_teil(
        request,
        "querschnitt/region_bericht.html",
        teile=("region_bericht", jahr),
        kontext={"jahr": jahr},
        berechnen=lambda: hintergrund.berichtskontext(request.user, jahr),
    )


def _dokument(request: HttpRequest, jahr: int) -> str:
    """The report as one document; its links to the Kommunen's files are absolute, so that
    they work from a downloaded file."""
    return hintergrund.bericht_dokument(request.user, jahr, _basis_url(request))


def _basis_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _dateiname(jahr: int, endung: str) -> str:
    return f"regionaler-jahresbericht-{jahr}.{endung}"


@require_GET
@regionsrolle_erforderlich
def bericht_html(request: HttpRequest, jahr: int) -> HttpResponse:
    """The regional report as one HTML document to download (the PDF's source), made once per
    data version and reader (aktionsplan.seitenspeicher.seitenschluessel)."""
    _jahr_pruefen(jahr)
    schluessel = seitenschluessel(
        request,
        "region_bericht_html",
        jahr,
        hashlib.sha256(_basis_url(request).encode()).hexdigest()[:16],
    )
    inhalt = cache.get(schluessel)
    if inhalt is None:
        inhalt = _dokument(request, jahr).encode()
        cache.set(schluessel, inhalt, timeout=SEITENDAUER)
    antwort = HttpResponse(inhalt, content_type="text/html; charset=utf-8")
    antwort["Content-Disposition"] = f'attachment; filename="{_dateiname(jahr, "html")}"'
    return antwort


@require_http_methods(["GET", "POST"])
@regionsrolle_erforderlich
@einmal_absenden
def bericht_pdf(request: HttpRequest, jahr: int) -> HttpResponse:
    """The regional report as tagged PDF with the yearly report's layout. At scale WeasyPrint
    needs about a minute for it (1,500 indicators × 10 Kommunen: 64 s), longer than a request
    may take, so it is built in the task queue like a Kommune's report: GET serves the file for
    the current data and reader if one was built, else a page offering to build it; POST builds
    it (or takes the built file) and shows the task's status page."""
    _jahr_pruefen(jahr)
    sprache = translation.get_language() or settings.LANGUAGE_CODE
    basis_url = _basis_url(request)
    if request.method == "POST":
        aufgabe = hintergrund.bericht_starten(
            jahr=jahr,
            benutzer=request.user,
            sprache=sprache,
            basis_url=basis_url,
            herkunft_url=reverse("region:bericht", kwargs={"jahr": jahr}),
        )
        return redirect(aufgabe)
    vorhanden = fertige_datei(
        hintergrund.berichtsschluessel(
            jahr, sprache=sprache, nutzer=request.user, basis_url=basis_url
        )
    )
    if vorhanden is not None:
        try:
            datei = vorhanden.datei.open("rb")
        except FileNotFoundError:  # cleaned up a moment ago: offer to build it again
            pass
        else:
            return FileResponse(
                datei,
                as_attachment=True,
                filename=_dateiname(jahr, "pdf"),
                content_type="application/pdf",
            )
    return render(
        request,
        "querschnitt/region_bericht_datei.html",
        {"jahr": jahr, "titel": hintergrund.bericht_titel(jahr)},
    )
