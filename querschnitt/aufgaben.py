"""Status pages of the work in the background (aufgaben): one page per task, the list of one's
tasks, and the download of a task's file.

Who sees a task: the person who started it, and the Datenpflege (``Aufgabe.objects.fuer``);
for everyone else it does not exist (404; the id is random). Anonymous visitors go to the login,
accounts without a role get 403. A task's file is handed out only here (and, for the yearly
report, by the report's own download), never from a public media URL.

The page reloads by hand (a link; no meta refresh, no script).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from aktionsplan.forms import BestaetigenForm
from aktionsplan.zugriff import lesen_erforderlich
from aufgaben.models import ALLE_SEHEN, Aufgabe

PRO_SEITE = 25
# Rows of an import's preview per page (a file may hold 10,000).
ZEILEN_PRO_SEITE = 100
IMPORTE = (Aufgabe.Art.IMPORT_PRUEFEN, Aufgabe.Art.IMPORT_UEBERNEHMEN)


@require_GET
@lesen_erforderlich
def aufgabe_liste(request: HttpRequest) -> HttpResponse:
    """Queries (fixed): 1 session, 2 user, 3 groups, 4–5 permissions, 6 count, 7 the page."""
    aufgaben = Aufgabe.objects.fuer(request.user).fuer_liste().defer("ergebnis")
    seite = Paginator(aufgaben, PRO_SEITE).get_page(request.GET.get("page"))
    return render(
        request,
        "aufgaben/aufgabe_liste.html",
        {
            "page_obj": seite,
            "aufgaben": seite.object_list,
            "alle": request.user.has_perm(ALLE_SEHEN),
        },
    )


def _import_kontext(request: HttpRequest, aufgabe: Aufgabe) -> dict:
    ergebnis = aufgabe.ergebnis
    zeilen = ergebnis.get("zeilen", [])
    nur_fehler = request.GET.get("nur") == "fehler"
    if nur_fehler:
        zeilen = [z for z in zeilen if z.get("fehler")]
    seite = Paginator(zeilen, ZEILEN_PRO_SEITE).get_page(request.GET.get("page"))
    bestaetigen = None
    if (
        aufgabe.gestartet_von_id == request.user.pk
        and ergebnis.get("fehlerfrei")
        and not ergebnis.get("gespeichert")
        and aufgabe.herkunft_url
    ):
        bestaetigen = BestaetigenForm(
            initial={"pruefsumme": ergebnis.get("pruefsumme"), "aufgabe": aufgabe.pk}
        )
    return {
        "imp": ergebnis,
        "anzahl": ergebnis.get("anzahl", {}),
        "page_obj": seite,
        "zeilen": seite.object_list,
        "mit_hinweisen": any(z.get("hinweise") for z in seite.object_list),
        "nur_fehler": nur_fehler,
        "bestaetigen": bestaetigen,
    }


@require_GET
@lesen_erforderlich
def aufgabe_detail(request: HttpRequest, pk) -> HttpResponse:
    """Queries (fixed, also for an import of 10,000 rows): 1 session, 2 user, 3 groups, 4–5
    permissions, 6 the task with the person who started it."""
    aufgabe = get_object_or_404(Aufgabe.objects.fuer(request.user).fuer_liste(), pk=pk)
    kontext = {
        "aufgabe": aufgabe,
        # The exception's class and message, for the Datenpflege (the traceback is in the log).
        "technisch": request.user.has_perm(ALLE_SEHEN),
    }
    if aufgabe.art in IMPORTE and aufgabe.status == Aufgabe.Status.FERTIG:
        kontext.update(_import_kontext(request, aufgabe))
    return render(request, "aufgaben/aufgabe_detail.html", kontext)


@require_GET
@lesen_erforderlich
def aufgabe_datei(request: HttpRequest, pk) -> FileResponse:
    """The file a done task produced, as a download; 404 before it is done or once deleted."""
    aufgabe = get_object_or_404(
        Aufgabe.objects.fuer(request.user).defer("eingabe", "ergebnis"), pk=pk
    )
    if not aufgabe.hat_datei:
        raise Http404
    try:
        datei = aufgabe.datei.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(datei, as_attachment=True, filename=aufgabe.dateiname)
