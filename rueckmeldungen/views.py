"""The accessibility statement, the public feedback form and the Datenpflege's pages.

Public, without login: the statement (``/barrierefreiheit/``) and the feedback form
(``/rueckmeldung/``, a note on a public measure with ``?massnahme=<pk>``). Neither is stored in
the page cache: the form carries the reader's CSRF token, and the statement is one query.
The Datenpflege (only it: the messages hold personal data) lists and answers the messages and
edits the statement. In an installation with several Kommunen each message belongs to a Kommune
or to the region (``Rueckmeldung.kommune``): the Datenpflege of a Kommune sees that Kommune's
messages and the region's, and changes the status of its Kommune's (issue 12); the region's
Datenpflege sees and answers all.
"""

from __future__ import annotations

import datetime
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from aktionsplan import bereich
from aktionsplan.einmal import einmal_absenden
from aktionsplan.historie import statusverlauf
from aktionsplan.sperre import VeralteterStandError, fehler_zeigen, ist_veraltet
from aktionsplan.zugriff import datenpflege_erforderlich
from projekte.models import Projektskizze
from rueckmeldungen import abwehr, services
from rueckmeldungen.filters import RueckmeldungFilter
from rueckmeldungen.forms import ErklaerungForm, RueckmeldungForm, StatusForm
from rueckmeldungen.models import Rueckmeldung

PRO_SEITE = 25
HISTORIE_ZEILEN = 50
# The thanks page reads what it shows from a signed value in its address (no session for an
# anonymous sender); it is valid for a day.
DANKE_SALZ = "rueckmeldungen.danke"
DANKE_GUELTIG = 24 * 3600
SEITE_MAX = Rueckmeldung._meta.get_field("seite").max_length


# --- The accessibility statement --------------------------------------------------------------


@login_not_required
@require_safe
def barrierefreiheit(request: HttpRequest) -> HttpResponse:
    """The accessibility statement as the EU model lays it out, with its Leichte-Sprache part
    (``#leichte-sprache``). No query while the cache holds the statement
    (``services.erklaerung_gespeichert``)."""
    erklaerung = services.erklaerung_gespeichert()
    return render(
        request,
        "rueckmeldungen/barrierefreiheit.html",
        {"erklaerung": erklaerung, "frist": services.antwortfrist_text()},
    )


@require_http_methods(["GET", "POST"])
@datenpflege_erforderlich
@einmal_absenden
def erklaerung_bearbeiten(request: HttpRequest) -> HttpResponse:
    erklaerung = services.erklaerung()
    status = 200
    if request.method == "POST":
        form = ErklaerungForm(request.POST, instance=erklaerung)
        if form.is_valid():
            felder = [f for f in form.changed_data if f != "geoeffnete_version"]
            try:
                services.erklaerung_speichern(
                    form.instance,
                    benutzer=request.user,
                    erwartete_version=form.erwartete_version,
                    felder=felder,
                )
            except VeralteterStandError as fehler:
                form.veraltet_zeigen(fehler)
                status = 409
            except ValidationError as fehler:
                fehler_zeigen(form, fehler)
            else:
                messages.success(request, _("Die Erklärung zur Barrierefreiheit ist gespeichert."))
                return redirect("barrierefreiheit")
    else:
        form = ErklaerungForm(instance=erklaerung)
    return render(request, "rueckmeldungen/erklaerung_form.html", {"form": form}, status=status)


# --- The public feedback form ----------------------------------------------------------------


def _massnahme(request: HttpRequest) -> Projektskizze | None:
    """The public measure of ``?massnahme=<pk>``, or None without the parameter; 404 for any
    other value, for a measure that does not exist or is not public (as its public page)."""
    wert = request.GET.get("massnahme")
    if wert is None:
        return None
    if not wert.isascii() or not wert.isdigit() or len(wert) > 18:
        raise Http404
    return get_object_or_404(
        Projektskizze.objects.fuer(request.user)
        .oeffentlich()
        .select_related("plan", "verantwortlich"),
        pk=int(wert),
    )


def _seite_vorbelegen(request: HttpRequest) -> str:
    """The page the footer link names (``?seite=/pfad/``) as a full address of this site; any
    other value is taken as text, cut to the field's length."""
    seite = request.GET.get("seite", "")
    if seite.startswith("/") and not seite.startswith("//"):
        seite = request.build_absolute_uri(seite)
    return seite[:SEITE_MAX]


def _danke_url(frist: datetime.date, *, nummer: int | None, mail: bool) -> str:
    wert = signing.dumps({"f": frist.isoformat(), "n": nummer, "m": mail}, salt=DANKE_SALZ)
    return f"{reverse('rueckmeldung_danke')}?z={wert}"


def _grenze_text(grenze: abwehr.Grenze) -> str:
    zeitraum = {"m": _("Minute"), "h": _("Stunde"), "d": _("Tag")}[grenze.zeitraum]
    return _(
        "Von Ihrem Anschluss sind in kurzer Zeit sehr viele Rückmeldungen gekommen (höchstens "
        "%(anzahl)s je %(zeitraum)s). Ihre Rückmeldung wurde nicht gespeichert. Bitte versuchen "
        "Sie es später noch einmal oder schreiben Sie uns eine E-Mail."
    ) % {"anzahl": grenze.anzahl, "zeitraum": zeitraum}


@login_not_required
@require_http_methods(["GET", "POST"])
def rueckmeldung(request: HttpRequest) -> HttpResponse:
    """The feedback form of every page (BGG NRW § 10b Abs. 2 Nr. 2) and, with
    ``?massnahme=<pk>``, the "Hinweis geben" form of a public measure.

    A POST over the per-address limits is refused first (429 with the form kept, nothing
    stored); only a taken message counts (rueckmeldungen.abwehr). A filled honeypot is checked
    and answered exactly like a real message and stores and sends nothing."""
    massnahme = _massnahme(request)
    status = 200
    hinweis = ""
    if request.method == "POST":
        beginn = time.monotonic()
        form = RueckmeldungForm(request.POST, massnahme=massnahme)
        grenze = abwehr.begrenzt(request)
        if grenze is not None:
            hinweis = _grenze_text(grenze)
            status = 429
        elif form.is_valid():
            daten = form.cleaned_data
            eingabe = {
                "seite": daten.get("seite", ""),
                "problem": daten["problem"],
                "email": daten["email"],
                "einwilligung": daten["einwilligung"],
                "massnahme": massnahme,
            }
            try:
                if abwehr.honigtopf_gefuellt(request):
                    # Checked like a real message and answered like one: a program learns
                    # nothing from status, page, headers or number (abwehr.scheinnummer).
                    frist = services.rueckmeldung_pruefen(**eingabe)
                    nummer, mail = abwehr.scheinnummer(), bool(daten["email"])
                    abwehr.wie_echt_warten(beginn)
                else:
                    eingang = services.rueckmeldung_eingeben(
                        **eingabe,
                        benutzer=request.user,
                        basis_url=request.build_absolute_uri("/"),
                    )
                    r = eingang.rueckmeldung
                    frist, nummer, mail = r.antwort_bis, r.pk, eingang.bestaetigung_gesendet
                    abwehr.echte_dauer_merken(time.monotonic() - beginn)
            except ValidationError as fehler:
                fehler_zeigen(form, fehler)
            else:
                abwehr.angenommen_zaehlen(request)
                return redirect(_danke_url(frist, nummer=nummer, mail=mail))
    else:
        form = RueckmeldungForm(initial={"seite": _seite_vorbelegen(request)}, massnahme=massnahme)
    return render(
        request,
        "rueckmeldungen/rueckmeldung_form.html",
        {
            "form": form,
            "massnahme": massnahme,
            "hinweis": hinweis,
            "frist": services.antwortfrist_text(),
            "honigtopf": form[abwehr.HONIGTOPF],
        },
        status=status,
    )


@login_not_required
@require_safe
def rueckmeldung_danke(request: HttpRequest) -> HttpResponse:
    """The thanks page with the reference number and the answer deadline (from the signed
    ``?z=``; without a valid one, the thanks alone)."""
    try:
        wert = signing.loads(request.GET.get("z", ""), salt=DANKE_SALZ, max_age=DANKE_GUELTIG)
        frist = datetime.date.fromisoformat(wert["f"])
        nummer, mail = wert["n"], bool(wert["m"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        frist, nummer, mail = None, None, False
    return render(
        request,
        "rueckmeldungen/rueckmeldung_danke.html",
        {"frist": frist, "nummer": nummer, "mail": mail},
    )


# --- The Datenpflege's pages -----------------------------------------------------------------


@require_GET
@datenpflege_erforderlich
def rueckmeldung_liste(request: HttpRequest) -> HttpResponse:
    """All messages, newest first, filterable by status and kind; three queries whatever the
    number of messages (count, page, the filter's choices need none)."""
    filter_ = RueckmeldungFilter(request.GET, queryset=Rueckmeldung.objects.fuer(request.user))
    seite = Paginator(filter_.qs.fuer_liste(), PRO_SEITE).get_page(request.GET.get("page"))
    return render(
        request,
        "rueckmeldungen/rueckmeldung_liste.html",
        {
            "filter": filter_,
            "page_obj": seite,
            "rueckmeldungen": seite.object_list,
            "heute": timezone.localdate(),
        },
    )


def _historie(rueckmeldung: Rueckmeldung) -> list[dict]:
    return statusverlauf(rueckmeldung, HISTORIE_ZEILEN)


@require_http_methods(["GET", "POST"])
@datenpflege_erforderlich
@einmal_absenden
def rueckmeldung_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One message with its status change (a stale change is refused with the input kept, 409)
    and its history. A message of the region is read-only for the Datenpflege of one Kommune
    (the form is not offered, a POST answers 403); another Kommune's answers 404."""
    rueckmeldung = get_object_or_404(
        Rueckmeldung.objects.fuer(request.user).select_related("massnahme__plan", "kommune"),
        pk=pk,
    )
    darf_aendern = bereich.darf_kommune(request.user, rueckmeldung.kommune_id)
    status = 200
    if request.method == "POST" and not darf_aendern:
        raise PermissionDenied
    if request.method == "POST":
        form = StatusForm(request.POST, rueckmeldung=rueckmeldung)
        if form.is_valid():
            try:
                services.status_setzen(
                    rueckmeldung,
                    status=form.cleaned_data["status"],
                    notiz=form.cleaned_data["notiz"],
                    benutzer=request.user,
                    erwartete_version=form.erwartete_version,
                )
            except VeralteterStandError as fehler:
                form.veraltet_zeigen(fehler)
                status = 409
                rueckmeldung.refresh_from_db()
            except ValidationError as fehler:
                fehler_zeigen(form, fehler)
            else:
                messages.success(
                    request,
                    _("%(was)s: Status „%(status)s“ gespeichert.")
                    % {"was": rueckmeldung, "status": rueckmeldung.get_status_display()},
                )
                return redirect(rueckmeldung)
    else:
        form = StatusForm(rueckmeldung=rueckmeldung)
    return render(
        request,
        "rueckmeldungen/rueckmeldung_detail.html",
        {
            "r": rueckmeldung,
            "form": form,
            "veraltet": request.method == "POST" and ist_veraltet(form),
            "historie": _historie(rueckmeldung),
            "heute": timezone.localdate(),
            "darf_aendern": darf_aendern,
            "kommune_zeigen": bereich.mehrere_kommunen(),
        },
        status=status,
    )
