"""The main part of pages that many people read, rendered once per data version.

``seite_mit_teil()`` renders a page whose template marks its main part: ``{% if seitenteil %}{{
seitenteil }}{% else %}<!--seitenteil-->…<!--/seitenteil-->{% endif %}``. The first reader's
response is rendered in full; the marked part is stored in Django's cache under a key of the data
version (``aktionsplan.zwischenspeicher``: every recorded change raises it, so a change shows at
once), what the reader may see (scope and roles), the language, today's date (overdue milestones,
the age of reports) and the page's own parts (its object, its query string). Later readers with
the same key get the stored part. What stands outside it (title, breadcrumbs) either comes with
the view's ``kontext``, or, where it needs the database (the page's object, and with it the 404
for an object the reader may not see), from ``kopf()``, whose result is stored with the part: a
hit then costs no query at all, only the cache reads of the session, the user and the part.
Several app servers share the entries through the shared cache (Redis, ``REDIS_URL``).

Forms inside the part carry ``{% csrf_marke %}`` instead of ``{% csrf_token %}``: a stored part
must not hold one person's token. ``csrf_einsetzen()`` puts the reader's token in its place.
Likewise ``{% einmalmarke_im_teil %}`` instead of ``{% einmalmarke %}``: every reader, and every
form of a page, gets a fresh one-time mark (aktionsplan.einmal) in its place.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from aktionsplan import einmal
from aktionsplan.querysets import bereichsschluessel
from aktionsplan.rollen import rollenschluessel
from aktionsplan.zwischenspeicher import DAUER, datenstand

# Stands in a stored part where the reader's CSRF token goes.
CSRF_MARKE = "csrf-marke-4d1f0c8e7b"
# Stands in a stored part where a fresh one-time mark goes (one per occurrence).
EINMAL_PLATZ = "einmal-platz-9b3e61d2c4"
# Seconds a stored part lives at most (a change makes it unreachable at once anyway).
SEITENDAUER = DAUER
ANFANG = "<!--seitenteil-->"
ENDE = "<!--/seitenteil-->"


def seitenschluessel(request: HttpRequest, *teile: object, fuer_alle: bool = False) -> str:
    """The cache key of a page's part for this reader (module docstring); one cache read (the
    data version) and the role query the role check has made already. ``fuer_alle``: a public
    page, the same for every role (no role in the key, no query for it)."""
    nutzer = request.user
    return ":".join(
        str(teil)
        for teil in (
            "aktionsplan:seite",
            datenstand(),
            bereichsschluessel(nutzer),
            "oeffentlich" if fuer_alle else rollenschluessel(nutzer),
            get_language() or "",
            timezone.localdate().isoformat(),
            *teile,
        )
    )


def anfrageschluessel(request: HttpRequest) -> str:
    """The query string as part of a key: its parameters in a fixed order, hashed (a hostile
    query of any length makes a short key)."""
    paare = sorted((name, wert) for name, werte in request.GET.lists() for wert in werte)
    return hashlib.sha256(repr(paare).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def seite_mit_teil(
    request: HttpRequest,
    vorlage: str,
    *,
    teile: tuple[object, ...],
    kontext: Mapping[str, Any],
    berechnen: Callable[[], Mapping[str, Any]],
    kopf: Callable[[], Mapping[str, Any]] | None = None,
    status: int = 200,
    fuer_alle: bool = False,
) -> HttpResponse:
    """Render ``vorlage`` with ``kontext``; its marked part and the result of ``kopf()`` from
    the cache, or with ``kopf()`` and ``berechnen()`` added to the context and then stored.
    ``teile`` name the page and what its part depends on beyond the reader (module docstring).

    ``fuer_alle``: a public page, one stored part for every role (``seitenschluessel``).

    ``kopf()`` may raise ``Http404``; nothing is stored then. What it returns must be picklable
    and depend on nothing but the key's parts."""
    schluessel = seitenschluessel(request, *teile, fuer_alle=fuer_alle)
    gespeichert = cache.get(schluessel)
    if gespeichert is not None:
        kopfkontext, teil = gespeichert
        antwort = render(
            request,
            vorlage,
            {**kontext, **kopfkontext, "seitenteil": mark_safe(teil)},
            status=status,
        )
    else:
        kopfkontext = dict(kopf()) if kopf is not None else {}
        antwort = render(request, vorlage, {**kontext, **kopfkontext, **berechnen()}, status=status)
        inhalt = antwort.content.decode(antwort.charset)
        anfang = inhalt.find(ANFANG)
        ende = inhalt.find(ENDE, anfang)
        if anfang >= 0 and ende > anfang:
            cache.set(
                schluessel,
                (kopfkontext, inhalt[anfang : ende + len(ENDE)]),
                timeout=SEITENDAUER,
            )
    return csrf_einsetzen(request, antwort)


def csrf_einsetzen(request: HttpRequest, antwort: HttpResponse) -> HttpResponse:
    """Put the reader's CSRF token where a stored part has the mark (sets the CSRF cookie like
    ``{% csrf_token %}`` does), and a fresh one-time mark in every place kept for one."""
    if getattr(antwort, "streaming", False):
        return antwort
    marke = CSRF_MARKE.encode()
    if marke in antwort.content:
        antwort.content = antwort.content.replace(marke, get_token(request).encode())
    platz = EINMAL_PLATZ.encode()
    if platz in antwort.content:
        teile = antwort.content.split(platz)
        antwort.content = teile[0] + b"".join(
            einmal.neue_marke().encode() + teil for teil in teile[1:]
        )
    return antwort
