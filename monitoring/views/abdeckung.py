"""The coverage page: substantive UN-BRK articles × themes (monitoring.abdeckung)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from aktionsplan.models import Thema
from aktionsplan.seitenspeicher import seite_mit_teil
from aktionsplan.zugriff import lesen_erforderlich
from monitoring.abdeckung import abdeckung_laden


@require_GET
@lesen_erforderlich
def abdeckung(request: HttpRequest) -> HttpResponse:
    """The matrix with its table reading. Its main part is stored per data version
    (aktionsplan.seitenspeicher): two queries (themes, the matrix), none on a repeat."""

    def berechnen() -> dict:
        themen = list(Thema.objects.fuer(request.user).geordnet())
        return {"abdeckung": abdeckung_laden(request.user, themen)}

    return seite_mit_teil(
        request,
        "monitoring/abdeckung.html",
        teile=("abdeckung",),
        kontext={},
        berechnen=berechnen,
    )
