"""One mechanism against a double submit (a double click, a reload of a POST, a second app server
answering the repeat): every form that writes (create, edit, delete, "done") and every POST that
starts a task carries a one-time mark, and the second POST with the same mark writes nothing.
Without it, a double click on an edit form saved once and answered the second click with the
stale-edit refusal against the person's own first click (QA 2026-11-29, F-11).

* The form renders ``{% einmalmarke %}`` (aktionsplan_tags; admin add forms carry it as a hidden
  field, aktionsplan.admin_basis): a fresh random mark per rendering, no server state, no
  JavaScript.
* The view is decorated with :func:`einmal_absenden`. A POST with a mark runs the view in one
  transaction that first inserts the mark (table ``Einmalmarke``, unique per user and mark). If
  the view answers with a redirect — its success — the mark is kept with the redirect's target,
  in the same transaction as what the view created; any other answer (the form again with its
  errors) rolls the mark back, so the corrected form can be sent with it again.
* A repeat meets the stored mark: nothing runs, and the answer is a redirect to the first
  result with a German message. Only an identical repeat: a POST with the same mark but other
  content (the form reached again with the browser's Back button and changed) is not a double
  click, and runs as if it had no mark — an edit of a stale version is then refused with the
  input kept, as every stale edit is (aktionsplan.sperre). A repeat that arrives while the
  first is still running waits at the database's unique index for it (PostgreSQL), then finds
  its mark. The database, not a per-process cache, holds the marks, so this holds with several
  app servers.

A POST without a mark (a client that does not render our forms) is not protected but served as
before; a mark that is not one of ours (wrong length or characters) counts as none.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
import secrets
from collections.abc import Callable

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

FELD = "einmalmarke"
# Marks older than this are removed (a form left open longer is answered like a new one).
AUFBEWAHRUNG = datetime.timedelta(days=2)
_MARKE = re.compile(r"[A-Za-z0-9_-]{32,64}")


def neue_marke() -> str:
    """A fresh random mark (43 URL-safe characters, 256 bits)."""
    return secrets.token_urlsafe(32)


def marke_aus(request: HttpRequest) -> str | None:
    """The mark the POST carries, or None (missing or not one of ours)."""
    marke = request.POST.get(FELD)
    if isinstance(marke, str) and _MARKE.fullmatch(marke):
        return marke
    return None


def wiederholung_text() -> str:
    return _(
        "Dieses Formular wurde bereits abgeschickt und ist gespeichert; das zweite Absenden hat "
        "nichts ein zweites Mal gespeichert. Sie sehen das Ergebnis des ersten Absendens."
    )


def pruefsumme(request: HttpRequest) -> str:
    """SHA-256 (64 hex digits) of what a POST sent: its fields in order, without the CSRF token
    (a per-reader value), and its files by name, size and content."""
    summe = hashlib.sha256()
    for name in sorted(request.POST):
        if name == "csrfmiddlewaretoken":
            continue
        for wert in request.POST.getlist(name):
            summe.update(
                f"{len(name)}:{name}={len(wert)}:{wert}\n".encode("utf-8", "surrogatepass")
            )
    for name in sorted(request.FILES):
        for datei in request.FILES.getlist(name):
            summe.update(f"{name}@{datei.name}:{datei.size}\n".encode("utf-8", "surrogatepass"))
            for stueck in datei.chunks():
                summe.update(stueck)
            datei.seek(0)
    return summe.hexdigest()


def einmal_ausfuehren(
    request: HttpRequest, ausfuehren: Callable[[], HttpResponse], *, rueckfall: str
) -> HttpResponse:
    """Run ``ausfuehren`` (the view) once per mark (module doc). ``rueckfall`` is where a repeat
    goes when the first answer named no target. Raises whatever the view raises (nothing of the
    mark is kept then)."""
    from aktionsplan.models import Einmalmarke

    marke = marke_aus(request) if request.method == "POST" else None
    if marke is None or not request.user.is_authenticated:
        return ausfuehren()
    summe = pruefsumme(request)
    with transaction.atomic():
        try:
            with transaction.atomic():
                eintrag = Einmalmarke.objects.create(
                    nutzer=request.user, marke=marke, pruefsumme=summe
                )
        except IntegrityError:
            erstes = (
                Einmalmarke.objects.filter(nutzer=request.user, marke=marke)
                .values_list("ziel", "pruefsumme")
                .first()
            )
            if erstes is not None and erstes[1] and erstes[1] != summe:
                # Not a repeat: other content under a used mark (module doc).
                return ausfuehren()
            messages.info(request, wiederholung_text())
            return HttpResponseRedirect((erstes and erstes[0]) or rueckfall)
        antwort = ausfuehren()
        if antwort.status_code in (301, 302, 303) and antwort.get("Location"):
            eintrag.ziel = antwort["Location"][:2000]
            eintrag.save(update_fields=["ziel"])
            Einmalmarke.objects.filter(erstellt_am__lt=timezone.now() - AUFBEWAHRUNG).delete()
        else:
            transaction.set_rollback(True)
        return antwort


def einmal_absenden(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorator of every view that writes from a POST (create, edit, delete, "done") or starts
    a task: a repeated POST of the same rendered form writes nothing and is sent to the first
    result (module doc)."""

    @functools.wraps(view)
    def huelle(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return einmal_ausfuehren(
            request,
            lambda: view(request, *args, **kwargs),
            rueckfall=request.get_full_path(),
        )

    huelle.einmal_absenden = True  # type: ignore[attr-defined]  # for the tests: found
    return huelle
