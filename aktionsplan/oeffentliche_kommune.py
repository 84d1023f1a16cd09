"""The public pages of one Kommune in an installation with several (issue 12, public side).

In an installation with several Kommunen every public page of a Kommune lives under the prefix of
its slug, ``/oeffentlich/<slug>/…`` (``Raum.slug`` of the Kommune), and shows only that Kommune's
rows and the shared ones (``aktionsplan.bereich.OeffentlicherLeser``). Outside a prefix, the
public start lists the Kommunen, and the other public pages show only what the region shares (the
indicator definitions, the region's values, the site's video in sign language); a plan, theme,
measure or report of a Kommune answers 404 there, as under another Kommune's prefix.

How: ``OeffentlicheKommuneMiddleware`` recognises the prefix and answers the request with a URL
configuration of its own for that Kommune (``urlconf_fuer``: the root configuration with the
public pages mounted under ``oeffentlich/<slug>/``). Every ``reverse``/``{% url %}`` of that
request therefore yields that Kommune's addresses; the templates stay the same. A link from
elsewhere to a Kommune's public page goes through ``oeffentliche_url``.

An installation with at most one Kommune is untouched: no prefix, every URL and page as before,
and the readers are the request's user as before (``leser``). The Kommunen and their slugs come
from the cache (``aktionsplan.bereich.kommunen``), so recognising the prefix costs no query. A
Kommune's slug that equals a first segment of the public pages (``plaene``, ``daten``, …) is
shadowed by that page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from types import ModuleType

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import URLResolver, include, path, reverse

from aktionsplan import bereich

PRAEFIX = "/oeffentlich/"
NAMENSRAUM = "oeffentlich"


@dataclass(frozen=True)
class OeffentlicheKommune:
    """The Kommune whose public pages a request reads (from its URL prefix)."""

    pk: int
    name: str
    slug: str


@cache
def _urlconf(wurzel: str, slug: str) -> ModuleType:
    modul = import_module(wurzel)
    eigene = ModuleType(f"{wurzel}__{slug.replace('-', '_')}")
    muster = []
    for eintrag in modul.urlpatterns:
        if isinstance(eintrag, URLResolver) and eintrag.namespace == NAMENSRAUM:
            muster.append(path(f"oeffentlich/{slug}/", include(eintrag.urlconf_name)))
        else:
            muster.append(eintrag)
    eigene.urlpatterns = muster
    for name in ("handler400", "handler403", "handler404", "handler500"):
        if hasattr(modul, name):
            setattr(eigene, name, getattr(modul, name))
    return eigene


def urlconf_fuer(slug: str) -> ModuleType:
    """The URL configuration of the public pages of the Kommune ``slug``: the root one
    (``settings.ROOT_URLCONF``) with the public pages under ``oeffentlich/<slug>/``. Built once
    per process and slug (``django.urls.get_resolver`` caches its resolver the same way)."""
    return _urlconf(settings.ROOT_URLCONF, slug)


def kommune_zum_slug(slug: str) -> OeffentlicheKommune | None:
    """The Kommune with the public prefix ``slug`` in an installation with several Kommunen,
    else None (no query while the cache holds the Kommunen)."""
    zeilen = bereich.kommunen()
    if len(zeilen) < 2:
        return None
    for pk, name, eigener_slug in zeilen:
        if eigener_slug == slug:
            return OeffentlicheKommune(pk, name, eigener_slug)
    return None


def kommune_der_anfrage(request: HttpRequest) -> OeffentlicheKommune | None:
    """The Kommune whose public pages ``request`` reads (set by the middleware), or None."""
    return getattr(request, "oeffentliche_kommune", None)


def leser(request: HttpRequest):
    """Who the public pages of ``request`` read as (``fuer(leser)``): in an installation with
    several Kommunen an ``OeffentlicherLeser`` of the prefix's Kommune (none outside a prefix:
    only the shared rows), whoever is logged in or not; else the request's user, as before."""
    kommune = kommune_der_anfrage(request)
    if kommune is not None:
        return bereich.OeffentlicherLeser(frozenset({kommune.pk}))
    if bereich.mehrere_kommunen():
        return bereich.OeffentlicherLeser(frozenset())
    return request.user


def kommunennamen(nutzer) -> str:
    """The names of the Kommunen ``nutzer``'s roles hold for (all for a visitor), by name and
    joined: what the region's public pages outside a Kommune's prefix are named after. No query
    while the cache holds the Kommunen."""
    return ", ".join(
        sorted(name for pk, name, _slug in bereich.kommunen() if bereich.darf_kommune(nutzer, pk))
    )


def schluesselteil(request: HttpRequest) -> tuple[str, ...]:
    """The part of a public page's cache key that names its Kommune: empty in an installation
    with one Kommune (keys as before), else the Kommune's pk ("region" outside a prefix)."""
    kommune = kommune_der_anfrage(request)
    if kommune is not None:
        return (f"kommune{kommune.pk}",)
    if bereich.mehrere_kommunen():
        return ("region",)
    return ()


def oeffentliche_url(name: str, *args: object, kommune_id: int | None = None) -> str:
    """The address of the public page ``name`` (with ``args``) of the Kommune ``kommune_id``:
    under its prefix in an installation with several Kommunen, else (and for ``kommune_id``
    None: a shared object) as ``reverse`` gives it. No query while the cache holds the
    Kommunen."""
    zeilen = bereich.kommunen()
    if kommune_id is not None and len(zeilen) > 1:
        for pk, _name, slug in zeilen:
            if pk == kommune_id:
                return reverse(name, args=args, urlconf=urlconf_fuer(slug))
    return reverse(name, args=args)


def oeffentliche_url_von(name: str, *args: object, objekt=None, nutzer=None) -> str:
    """The address of the public page ``name`` (with ``args``) for a link from the staff's pages:
    under the prefix of the Kommune of ``objekt`` (``bereich.kommune_von``: one query per
    relation on the way that is not loaded); for a shared object (an indicator) the one Kommune
    ``nutzer`` holds a role for, else the own Kommune. No query in an installation with one
    Kommune."""
    if not bereich.mehrere_kommunen():
        return reverse(name, args=args)
    kommune_id = bereich.kommune_von(objekt) if objekt is not None else None
    if kommune_id is None:
        eigene = bereich.sichtbare_kommunen(nutzer)
        if eigene is not None and len(eigene) == 1:
            (kommune_id,) = eigene
        else:
            kommune_id = bereich.kommunen_ids()[0]
    return oeffentliche_url(name, *args, kommune_id=kommune_id)


class OeffentlicheKommuneMiddleware:
    """Answer a request under ``/oeffentlich/<slug>/`` of a Kommune with that Kommune's URL
    configuration (``urlconf_fuer``) and note the Kommune on the request
    (``request.oeffentliche_kommune``). Nothing for other paths; no query while the cache holds
    the Kommunen."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        pfad = request.path_info
        if pfad.startswith(PRAEFIX):
            slug = pfad[len(PRAEFIX) :].split("/", 1)[0]
            kommune = kommune_zum_slug(slug) if slug else None
            if kommune is not None:
                request.oeffentliche_kommune = kommune
                request.urlconf = urlconf_fuer(kommune.slug)
        return self.get_response(request)
