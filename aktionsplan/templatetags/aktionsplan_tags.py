"""Template tags for the layout: main navigation, role checks, pagination.

Query strings that keep the filters come from Django's own {% querystring %}."""

from dataclasses import dataclass

from django import template
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from aktionsplan import personen, rollen

register = template.Library()


@dataclass(frozen=True)
class Navigationspunkt:
    titel: str
    url: str
    aktuell: bool


# (label, URL name). Pages another part of the app has not built yet are left out, not linked dead.
HAUPTNAVIGATION = (
    (_("Übersicht"), "projekte:uebersicht"),
    (_("Maßnahmen"), "projekte:projekt_liste"),
    (_("Themen"), "aktionsplan:thema_liste"),
    (_("Räume"), "aktionsplan:raum_liste"),
    (_("Akteure"), "akteure:akteur_liste"),
    (_("Datenquellen"), "akteure:datenquelle_liste"),
    (_("Indikatoren"), "monitoring:indikator_liste"),
    (_("Raumvergleich"), "monitoring:raumvergleich"),
    (_("Erkenntnisse"), "monitoring:erkenntnis_liste"),
    (_("Beteiligung"), "monitoring:beteiligungsformat_liste"),
    (_("Jahresbericht"), "monitoring:bericht_auswahl"),
)


def _url_oder_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _aktueller_bereich(pfad: str, urls: list[str]) -> str | None:
    """The navigation URL that is the longest prefix of the path: /akteure/datenquellen/3/ belongs
    to Datenquellen, not to Akteure; "/" only matches itself."""
    treffer = [u for u in urls if pfad == u or (u != "/" and pfad.startswith(u))]
    return max(treffer, key=len, default=None)


def navigationspunkte(request: HttpRequest) -> list[Navigationspunkt]:
    eintraege = [(titel, url) for titel, name in HAUPTNAVIGATION if (url := _url_oder_none(name))]
    aktuell = _aktueller_bereich(request.path, [url for _titel, url in eintraege])
    return [Navigationspunkt(str(titel), url, url == aktuell) for titel, url in eintraege]


@register.inclusion_tag("includes/_navigation.html", takes_context=True)
def hauptnavigation(context) -> dict[str, object]:
    request = context["request"]
    datenpflege = rollen.ist_datenpflege(request.user)
    admin_url = _url_oder_none("admin:index") if datenpflege else None
    # The data stewards' audit page (querschnitt), only for them.
    aenderungen_url = _url_oder_none("querschnitt:aenderung_liste") if datenpflege else None
    return {
        "punkte": navigationspunkte(request),
        "aenderungen_url": aenderungen_url,
        "aenderungen_aktuell": bool(aenderungen_url and request.path.startswith(aenderungen_url)),
        "admin_url": admin_url,
        "admin_aktuell": bool(admin_url and request.path.startswith(admin_url)),
    }


@register.filter
def anzeigename(user) -> str:
    """How a person is named on pages: full name, else user name."""
    return personen.anzeigename(user)


@register.filter
def ist_datenpflege(user) -> bool:
    return rollen.ist_datenpflege(user)


@register.filter
def darf_bearbeiten(user) -> bool:
    return rollen.darf_bearbeiten(user)


@register.filter
def sprungziel(field) -> str:
    """The id an error-summary link jumps to: the input itself, or the first option of a group of
    radios/checkboxes (whose <label for> Django leaves empty)."""
    if field.id_for_label:
        return field.id_for_label
    return f"{field.auto_id}_0" if field.auto_id else ""


@register.simple_tag
def seitenbereich(page_obj) -> list:
    """Page numbers around the current page with ellipses (Paginator.get_elided_page_range)."""
    return list(
        page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    )


@register.simple_tag
def csrf_marke() -> str:
    """``{% csrf_token %}`` inside a cached part of a page (aktionsplan.seitenspeicher): the mark
    that ``csrf_einsetzen()`` replaces with the reader's token."""
    from django.utils.html import format_html

    from aktionsplan.seitenspeicher import CSRF_MARKE

    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', CSRF_MARKE)
