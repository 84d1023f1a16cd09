"""The main part of pages that many people read, rendered once per data version.

A page's ``{% block content %}`` is wrapped in Django's ``{% cache %}`` tag with the key that
``seitenschluessel()`` builds: the data version (``aktionsplan.zwischenspeicher``: every recorded
change raises it, so a change shows at once), what the reader may see (scope and roles), the
language, today's date (overdue milestones, the age of reports) and the page's own parts (its
object, its query string). The view hands the template lazy values (``faul``), so on a hit no
query of the cached part runs. Several app servers share the entries through the shared cache
(Redis, ``REDIS_URL``).

Forms inside a cached part carry ``{% csrf_marke %}`` instead of ``{% csrf_token %}``: the cached
HTML must not hold one person's token. ``csrf_einsetzen()`` puts the reader's token in its place
on every response.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from aktionsplan.querysets import bereichsschluessel
from aktionsplan.rollen import rollenschluessel
from aktionsplan.zwischenspeicher import DAUER, datenstand

# Stands in a cached part where the reader's CSRF token goes.
CSRF_MARKE = "csrf-marke-4d1f0c8e7b"
# Seconds a cached part lives at most (a change makes it unreachable at once anyway).
SEITENDAUER = DAUER


def seitenschluessel(request: HttpRequest, *teile: object) -> str:
    """The key of a page's cached part for this reader (module docstring); one cache read (the
    data version) and the role query the role check has made already."""
    nutzer = request.user
    return ":".join(
        str(teil)
        for teil in (
            datenstand(),
            bereichsschluessel(nutzer),
            rollenschluessel(nutzer),
            get_language() or "",
            timezone.localdate().isoformat(),
            *teile,
        )
    )


def faul(berechnen: Callable[[], Any]) -> Any:
    """A template value computed on first use only (and then once): not at all when the part of
    the page that shows it comes from the cache."""
    return SimpleLazyObject(berechnen)


def csrf_einsetzen(request: HttpRequest, antwort: HttpResponse) -> HttpResponse:
    """Put the reader's CSRF token where a cached part has the mark (sets the CSRF cookie like
    ``{% csrf_token %}`` does)."""
    marke = CSRF_MARKE.encode()
    if not getattr(antwort, "streaming", False) and marke in antwort.content:
        antwort.content = antwort.content.replace(marke, get_token(request).encode())
    return antwort
