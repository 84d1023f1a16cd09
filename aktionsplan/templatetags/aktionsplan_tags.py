"""Template tags for the layout: main navigation, the page frame, role checks, pagination.

Query strings that keep the filters come from Django's own {% querystring %}."""

import datetime
import threading
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import quote

from django import template
from django.forms import (
    BoundField,
    CheckboxSelectMultiple,
    ModelChoiceField,
    RadioSelect,
    Select,
    SelectMultiple,
)
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from aktionsplan import bereich, personen, rollen
from aktionsplan.kommune import kommunenname_fuer
from aktionsplan.oeffentliche_kommune import oeffentliche_url_von

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
    (_("Pläne"), "aktionsplan:plan_liste"),
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


_URLS: dict[tuple[str, str, object], str | None] = {}


def _url_oder_none(name: str) -> str | None:
    """``reverse(name)``, or None for a page that does not exist; remembered per process (the
    URLs of the navigation are fixed for a URLconf and script prefix)."""
    schluessel = (name, get_script_prefix(), get_urlconf())
    if schluessel not in _URLS:
        try:
            _URLS[schluessel] = reverse(name)
        except NoReverseMatch:
            _URLS[schluessel] = None
    return _URLS[schluessel]


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
    # The feedback of the public (rueckmeldungen), answered by the data stewards.
    rueckmeldungen_url = _url_oder_none("rueckmeldungen:liste") if datenpflege else None
    # The regional views (querschnitt.region), only for the region role in an installation with
    # several Kommunen: an installation with one shows no new entry.
    region_url = _url_oder_none("region:uebersicht") if bereich.regionsrolle(request.user) else None
    return {
        "punkte": navigationspunkte(request),
        "region_url": region_url,
        "region_aktuell": bool(region_url and request.path.startswith(region_url)),
        "aenderungen_url": aenderungen_url,
        "aenderungen_aktuell": bool(aenderungen_url and request.path.startswith(aenderungen_url)),
        "rueckmeldungen_url": rueckmeldungen_url,
        "rueckmeldungen_aktuell": bool(
            rueckmeldungen_url and request.path.startswith(rueckmeldungen_url)
        ),
        "admin_url": admin_url,
        "admin_aktuell": bool(admin_url and request.path.startswith(admin_url)),
    }


# --- The page frame (header with navigation, footer), rendered once per process and kind ---------
#
# Header and footer are the same for everyone with the same language, roles and current section
# of the navigation; only three things in them are the reader's own: the CSRF token of the two
# forms (log out, language), the address the language form returns to, and the person's name.
# The frame is rendered with marks in their place and kept per process (it depends on the code
# and settings only, never on data, so there is nothing to invalidate); each request puts its
# own values in. A bounded number of variants is kept (least recently used goes first).

NAME_MARKE = "name-marke-8c3b5e1a90"
ZURUECK_MARKE = "/zurueck-marke-2f7a9d4c61/"
# The page's path, URL-encoded, for the footer's feedback link (?seite=…).
SEITE_MARKE = "/seite-marke-7e41b09c3d/"
RAHMEN_HOECHSTENS = 256
_RAHMEN: OrderedDict[tuple, str] = OrderedDict()
_RAHMEN_SPERRE = threading.Lock()


def _aktueller_navigationspunkt(request: HttpRequest, user) -> str | None:
    urls = [url for _titel, name in HAUPTNAVIGATION if (url := _url_oder_none(name))]
    if bereich.regionsrolle(user) and (region_url := _url_oder_none("region:uebersicht")):
        urls.append(region_url)
    if rollen.ist_datenpflege(user):
        urls += [
            u
            for u in (
                _url_oder_none("querschnitt:aenderung_liste"),
                _url_oder_none("rueckmeldungen:liste"),
                _url_oder_none("admin:index"),
            )
            if u
        ]
    return _aktueller_bereich(request.path, urls)


@register.simple_tag(takes_context=True)
def seitenrahmen(context, vorlage: str) -> SafeString:
    """``{% include vorlage %}`` for the page frame (``includes/_kopf.html``,
    ``includes/_fuss.html``), from the per-process store described above."""
    request = context.get("request")
    user = context.get("user")
    if request is None or user is None:  # rendered without a request: no frame to share
        return mark_safe(context.template.engine.get_template(vorlage).render(context))
    schluessel = (
        vorlage,
        get_language(),
        kommunenname_fuer(user),
        rollen.rollenschluessel(user),
        # The region role has one more entry in the navigation (no query: memoised).
        bereich.regionsrolle(user),
        _aktueller_navigationspunkt(request, user) if user.is_authenticated else None,
    )
    with _RAHMEN_SPERRE:
        html = _RAHMEN.get(schluessel)
        if html is not None:
            _RAHMEN.move_to_end(schluessel)
    if html is None:
        with context.push(
            rahmen_marken=True,
            zurueck_marke=ZURUECK_MARKE,
            name_marke=NAME_MARKE,
            seite_marke=SEITE_MARKE,
        ):
            html = str(context.template.engine.get_template(vorlage).render(context))
        with _RAHMEN_SPERRE:
            _RAHMEN[schluessel] = html
            while len(_RAHMEN) > RAHMEN_HOECHSTENS:
                _RAHMEN.popitem(last=False)
    from aktionsplan.seitenspeicher import CSRF_MARKE

    if CSRF_MARKE in html:
        html = html.replace(CSRF_MARKE, get_token(request))
    return mark_safe(
        html.replace(ZURUECK_MARKE, escape(request.get_full_path()))
        .replace(SEITE_MARKE, escape(quote(request.path)))
        .replace(NAME_MARKE, escape(personen.anzeigename(user)) if user.is_authenticated else "")
    )


@register.filter
def sichtbar_fuer(objekt, user) -> bool:
    """Whether ``user`` may see ``objekt`` (aktionsplan.bereich), for a row reached through a
    shared one: a shared indicator's data source may be one Kommune's local actor, whose name
    another Kommune's staff must not read (QA 2026-11-30, L3). True without a user (a file built
    in the background) and without an object. No query for loaded relations."""
    if objekt is None or objekt == "" or not getattr(user, "is_authenticated", False):
        return True
    return bereich.im_bereich(bereich.kommune_von(objekt), user)


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


@register.simple_tag
def einmalmarke_im_teil() -> str:
    """``{% einmalmarke %}`` inside a stored part of a page (aktionsplan.seitenspeicher): the
    place that ``csrf_einsetzen()`` fills with a fresh mark for each reader and form."""
    from django.utils.html import format_html

    from aktionsplan import einmal
    from aktionsplan.seitenspeicher import EINMAL_PLATZ

    return format_html('<input type="hidden" name="{}" value="{}">', einmal.FELD, EINMAL_PLATZ)


@register.simple_tag
def einmalmarke() -> str:
    """The hidden one-time mark of a form that writes (aktionsplan.einmal): a repeat of the same
    POST changes nothing. Never inside a stored part of a page (it would be the same for
    everyone): there ``{% einmalmarke_im_teil %}``."""
    from django.utils.html import format_html

    from aktionsplan import einmal

    return format_html(
        '<input type="hidden" name="{}" value="{}">', einmal.FELD, einmal.neue_marke()
    )


def _filterwert(feld, wert, filter_=None) -> str:
    """One filter value as the form offers it: the option's label, the row's name, a date in the
    active language's format. No query: the form has read the chosen rows while validating, and
    choices computed from the database (a callable) are not asked again (their value is shown)."""
    from django import forms
    from django.utils import formats

    from aktionsplan.suchauswahl import Suchauswahl

    if isinstance(filter_, Suchauswahl):
        return filter_.anzeige(wert)
    if isinstance(feld, forms.ModelMultipleChoiceField):
        return ", ".join(feld.label_from_instance(zeile) for zeile in wert)
    if isinstance(feld, forms.ModelChoiceField):
        return feld.label_from_instance(wert)
    if isinstance(feld, forms.ChoiceField):
        # django-filter wraps the choices in an iterator that adds the empty label.
        auswahl = getattr(feld.choices, "choices", feld.choices)
        if isinstance(auswahl, list | tuple):
            texte = {str(schluessel): text for schluessel, text in auswahl}
            werte = wert if isinstance(wert, list | tuple) else [wert]
            return ", ".join(str(texte.get(str(w), w)) for w in werte)
        return str(wert)
    if isinstance(wert, bool):
        return str(_("ja") if wert else _("nein"))
    if isinstance(wert, datetime.date):
        return formats.date_format(wert, "SHORT_DATE_FORMAT")
    if isinstance(wert, str):
        return f"„{wert.strip()}“"
    return str(formats.localize(wert))


@register.simple_tag
def aktive_filter(filterset) -> list[str]:
    """The filters a list is narrowed by, as "Label: value" for the summary of the closed filter
    box (templates/includes/_filter.html); [] for an unfiltered list. Invalid fields are left out
    (the open box shows their errors)."""
    from aktionsplan.suchauswahl import Suchauswahl

    if filterset is None or not filterset.is_bound:
        return []
    form = filterset.form
    form.is_valid()
    gesetzt = []
    for name, feld in form.fields.items():
        wert = getattr(form, "cleaned_data", {}).get(name)
        if wert in (None, "", [], ()) or name in form.errors:
            continue
        if hasattr(wert, "exists") and not wert:
            continue
        if isinstance(wert, str) and not wert.strip():
            continue
        filter_ = filterset.filters.get(name)
        if isinstance(filter_, Suchauswahl) and filter_.begriff():
            continue  # a new search term replaces the choice (aktionsplan.suchauswahl)
        gesetzt.append(f"{feld.label}: {_filterwert(feld, wert, filter_)}")
    return gesetzt


@register.filter
def filter_offen(filterset) -> bool:
    """Whether the filter box must be open: a filter is invalid (its error must be seen), or a
    search field of a searchable choice has a term, whose matches are links to choose from
    (aktionsplan.suchauswahl). Otherwise it stays closed, so the results come first."""
    from aktionsplan.suchauswahl import Suchbegriff

    if filterset is None or not filterset.is_bound:
        return False
    if filterset.form.errors:
        return True
    return any(
        isinstance(f, Suchbegriff) and f.gueltiger_begriff() for f in filterset.filters.values()
    )


_VOLLE_AUSWAHL = (Select, SelectMultiple, CheckboxSelectMultiple, RadioSelect)


@register.filter
def leere_auswahl(feld: BoundField) -> SafeString | str:
    """For a required choice of database rows (a select or checkboxes) that offers no row: a
    sentence that says where the rows come from, with a link to the admin page that keeps them
    ("Noch keine Themen angelegt – die Datenpflege legt sie unter … an"); else "".

    The choices are read once here and handed to the widget, so that rendering it costs no
    further query: the field costs the one query it costs anyway. A search field
    (``aktionsplan.suchauswahl``) lists no options and is left alone."""
    field = feld.field
    widget = field.widget
    if (
        not field.required
        or not isinstance(field, ModelChoiceField)
        # Only Django's own choice widgets, which render every option anyway; a widget of our
        # own may render fewer (a search field, a list only when short) and is left alone.
        or type(widget) not in _VOLLE_AUSWAHL
    ):
        return ""
    # iter(): list() of the ModelChoiceIterator itself would first ask its length (a COUNT).
    auswahl = list(iter(widget.choices))
    widget.choices = auswahl
    if any(wert != "" for wert, _text in auswahl):
        return ""
    if not feld.use_fieldset:
        # The select names the sentence as its description, before the hint and the error.
        ids = [f"{feld.auto_id}_leer", feld.aria_describedby or ""]
        widget.attrs["aria-describedby"] = " ".join(i for i in ids if i)
    meta = field.queryset.model._meta
    url = _url_oder_none(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    modelle = meta.verbose_name_plural
    if url is None:
        return format_html(
            '<p class="kern-body leere-auswahl" id="{}_leer">{}</p>',
            feld.auto_id,
            _("Noch keine %(modelle)s angelegt – die Datenpflege legt sie an.")
            % {"modelle": modelle},
        )
    return format_html(
        '<p class="kern-body leere-auswahl" id="{}_leer">{} <a class="kern-link" href="{}">{}</a>.'
        "</p>",
        feld.auto_id,
        _("Noch keine %(modelle)s angelegt – die Datenpflege legt sie in der Verwaltung an:")
        % {"modelle": modelle},
        url,
        _("Verwaltung: %(modelle)s") % {"modelle": modelle},
    )


@register.simple_tag(takes_context=True)
def oeffentliche_url(context, name: str, *args: object, objekt=None) -> str:
    """``{% url name args %}`` of a public page, linked from a staff page: under the prefix of
    the Kommune of ``objekt`` in an installation with several Kommunen
    (``aktionsplan.oeffentliche_kommune.oeffentliche_url_von``), else the same address."""
    return oeffentliche_url_von(name, *args, objekt=objekt, nutzer=context.get("user"))
