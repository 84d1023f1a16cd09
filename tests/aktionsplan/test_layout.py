"""The page layout (base.html and its fragments), the info pages, error pages, the template tags
and the crispy-forms template pack "kern"."""

import re
from html.parser import HTMLParser

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.middleware.csrf import _unmask_cipher_token
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone
from django.views.defaults import permission_denied

from aktionsplan import seiten
from aktionsplan.kommune import KOMMUNENNAME
from aktionsplan.templatetags.aktionsplan_tags import _aktueller_bereich
from rueckmeldungen.models import OMBUDSSTELLE_URL
from tests.factories import KommuneFactory, UserFactory

INFOSEITEN = {
    "/barrierefreiheit/": "Erklärung zur Barrierefreiheit",
    "/impressum/": "Impressum",
    "/datenschutz/": "Datenschutzerklärung",
}


class _Elemente(HTMLParser):
    """Collects every start tag as (tag, attrs) in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.elemente: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elemente.append((tag, dict(attrs)))


def elemente(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elemente()
    parser.feed(html)
    return parser.elemente


def element_mit_id(html: str, id_: str) -> tuple[str, dict[str, str | None]]:
    treffer = [(tag, attrs) for tag, attrs in elemente(html) if attrs.get("id") == id_]
    assert len(treffer) == 1, f"id {id_!r} kommt {len(treffer)}-mal vor"
    return treffer[0]


def fokussierbar(tag: str, attrs: dict) -> bool:
    if attrs.get("tabindex") == "-1":
        return False
    if tag == "a":
        return "href" in attrs
    if tag == "input":
        return attrs.get("type") != "hidden"
    return tag in {"button", "select", "textarea"} or "tabindex" in attrs


# --- info pages -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "ueberschrift"), INFOSEITEN.items())
def test_infoseiten_ohne_anmeldung_erreichbar(url, ueberschrift, django_assert_num_queries):
    KommuneFactory(name="Kupferstadt Stolberg", slug="stolberg", amtlicher_schluessel="05334032")
    # No session cookie, no user: an info page costs no query at all (the Kommune's name comes
    # from the cache, stored when the Kommune was written: aktionsplan.kommune). The
    # accessibility statement is data (rueckmeldungen): read once, then from the cache too.
    Client().get(url)
    with django_assert_num_queries(0):
        antwort = Client().get(url)
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    assert f'<h1 class="kern-heading-large">{ueberschrift}</h1>' in inhalt
    assert inhalt.count("<h1") == 1
    # Text is about the own Kommune (data), not a fixed one.
    assert "Kupferstadt Stolberg" in inhalt


@pytest.mark.django_db
@pytest.mark.parametrize("url", INFOSEITEN)
def test_infoseiten_auch_angemeldet(url, lesen_client):
    assert lesen_client.get(url).status_code == 200


@pytest.mark.django_db
def test_infoseiten_nur_get(anonym_client):
    assert anonym_client.post("/impressum/").status_code == 405


@pytest.mark.django_db
def test_barrierefreiheitserklaerung_hat_die_pflichtabschnitte(anonym_client, settings):
    KommuneFactory(name="Musterstadt", slug="musterstadt")
    settings.KONTAKT_EMAIL = "barrierefreiheit@musterstadt.example"
    inhalt = anonym_client.get("/barrierefreiheit/").content.decode()
    for abschnitt in (
        "Stand der Vereinbarkeit mit den Anforderungen",
        "Nicht barrierefreie Inhalte",
        "Erstellung dieser Erklärung",
        "Feedback und Kontakt",
        "Durchsetzungsverfahren",
    ):
        assert f'<h2 class="kern-heading-medium">{abschnitt}</h2>' in inhalt
    # Before the Datenpflege saved a statement (rueckmeldungen): the defaults.
    assert "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen" in (
        inhalt
    )
    assert 'href="mailto:ombudsstelle-barrierefreie-it@mags.nrw.de"' in inhalt
    assert "BITV 2.0" in inhalt
    assert "Die Verwaltung (Musterstadt) ist bemüht" in inhalt
    assert 'href="mailto:barrierefreiheit@musterstadt.example"' in inhalt
    assert 'href="/rueckmeldung/"' in inhalt
    assert 'id="leichte-sprache"' in inhalt
    datum = timezone.localdate()
    assert f"am {datum.day}. " in inhalt
    assert str(datum.year) in inhalt


@pytest.mark.django_db
def test_datenschutz_nennt_daten_rechtsgrundlage_und_cookies(anonym_client):
    inhalt = anonym_client.get("/datenschutz/").content.decode()
    for text in (
        "Benutzerkonten",
        "Ansprechpersonen der Akteure",
        "Änderungsverlauf",
        "Art. 6 Abs. 1 Buchst. e DSGVO",
        "Sitzungs-Cookie",
        "Cross-Site-Request-Forgery",
    ):
        assert text in inhalt


# --- layout -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_layout_anonym(anonym_client):
    KommuneFactory(name="Kupferstadt Stolberg", slug="stolberg")
    inhalt = anonym_client.get("/impressum/").content.decode()
    # KERN and our own stylesheet, from our own static files.
    for datei in (
        "/static/vendor/kern/kern.min.css",
        "/static/vendor/kern/kern-utilities.min.css",
        "/static/vendor/kern/fonts/fira-sans.css",
        "/static/css/aktionsplan.css",
    ):
        assert f'<link rel="stylesheet" href="{datei}">' in inhalt
    assert "Kupferstadt Stolberg" in inhalt
    assert "Aktionsplan Inklusion" in inhalt
    # Footer links.
    assert '<a class="kern-link" href="/barrierefreiheit/">Erklärung zur Barrierefreiheit</a>' in (
        inhalt
    )
    assert '<a class="kern-link" href="/impressum/">Impressum</a>' in inhalt
    assert '<a class="kern-link" href="/datenschutz/">Datenschutz</a>' in inhalt
    # Anonymous users get neither the main navigation nor the user menu.
    assert 'aria-label="Hauptnavigation"' not in inhalt
    assert "Abmelden" not in inhalt


@pytest.mark.django_db
@pytest.mark.parametrize("client_name", ["anonym_client", "datenpflege_client"])
def test_sprunglink_ist_erstes_fokussierbares_element(client_name, request):
    client = request.getfixturevalue(client_name)
    url = "/impressum/" if client_name == "anonym_client" else "/konto/passwort/"
    inhalt = client.get(url).content.decode()
    erstes = next((tag, attrs) for tag, attrs in elemente(inhalt) if fokussierbar(tag, attrs))
    assert erstes == ("a", {"class": "sprunglink", "href": "#inhalt"})
    assert element_mit_id(inhalt, "inhalt") == (
        "main",
        {"id": "inhalt", "class": "inhalt", "tabindex": "-1"},
    )
    assert ">Zum Inhalt springen</a>" in inhalt


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("client_name", "url"),
    [
        ("anonym_client", "/konto/anmelden/"),
        ("anonym_client", "/barrierefreiheit/"),
        ("datenpflege_client", "/konto/passwort/"),
    ],
)
def test_keine_externen_adressen(client_name, url, request):
    inhalt = request.getfixturevalue(client_name).get(url).content.decode()
    adressen = [
        wert
        for _tag, attrs in elemente(inhalt)
        for name, wert in attrs.items()
        if name in {"src", "href", "action"} and wert
    ]
    assert adressen, "keine Adressen gefunden"
    extern = [a for a in adressen if re.match(r"^(https?:)?//", a)]
    # The one link to another site: the enforcement body, as BGG NRW § 10b Abs. 2 Nr. 3 asks
    # ("eine Verlinkung auf das Ombudsverfahren"); a link, nothing loaded from there.
    assert [a for a in extern if a != OMBUDSSTELLE_URL] == []


@pytest.mark.django_db
def test_angemeldet_benutzermenue_und_brotkrumen(lesen_client, lesen_user):
    lesen_user.first_name, lesen_user.last_name = "Kim", "Muster"
    lesen_user.save(update_fields=["first_name", "last_name"])
    inhalt = lesen_client.get("/konto/passwort/").content.decode()
    assert "Kim Muster" in inhalt
    assert '<a class="kern-link" href="/konto/passwort/">Passwort ändern</a>' in inhalt
    # Logout is a POST form with a button, never a link.
    assert re.search(
        r'<form class="benutzermenue__abmelden" action="/konto/abmelden/" method="post">\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken"',
        inhalt,
    )
    assert 'aria-label="Hauptnavigation"' in inhalt
    # Breadcrumbs: a labelled nav around an ordered list that starts with Übersicht.
    krumen = re.search(
        r'<nav class="brotkrumen" aria-label="Brotkrumen">\s*'
        r'<ol class="brotkrumen__liste">(.*?)</ol>',
        inhalt,
        re.S,
    )
    assert krumen
    eintraege = re.findall(r"<li>(.*?)</li>", krumen.group(1), re.S)
    assert ">Übersicht</a>" in eintraege[0]
    assert eintraege[-1] == '<span aria-current="page">Passwort ändern</span>'


@pytest.mark.django_db
def test_angemeldete_seite_abfragen(lesen_client, django_assert_num_queries):
    # 1 session, 2 user, 3 the user's groups (role check for the admin link; cached on the user).
    with django_assert_num_queries(3):
        antwort = lesen_client.get("/konto/passwort/")
    assert antwort.status_code == 200
    # Again: the user with the groups comes from the cache (aktionsplan.benutzerspeicher).
    with django_assert_num_queries(1):
        lesen_client.get("/konto/passwort/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("client_name", "sieht_admin"),
    [("lesen_client", False), ("redaktion_client", False), ("datenpflege_client", True)],
)
def test_admin_link_nur_fuer_datenpflege(client_name, sieht_admin, request):
    inhalt = request.getfixturevalue(client_name).get("/konto/passwort/").content.decode()
    link = '<a class="hauptnavigation__link" href="/admin/">Datenpflege (Admin)</a>'
    assert (link in inhalt) is sieht_admin


@pytest.mark.django_db
def test_admin_link_fuer_superuser():
    client = Client()
    client.force_login(UserFactory(username="chefin", is_superuser=True, is_staff=True))
    assert "Datenpflege (Admin)" in client.get("/konto/passwort/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("demodaten", [True, False])
def test_demodaten_hinweis_nur_wenn_eingestellt(demodaten, settings, anonym_client):
    settings.DEMODATEN = demodaten
    inhalt = anonym_client.get("/impressum/").content.decode()
    hinweis = "Inhalte über die Projekttitel hinaus sind illustrativ."
    assert (hinweis in inhalt) is demodaten
    assert ("<strong>Demodaten:</strong>" in inhalt) is demodaten


@pytest.mark.django_db
def test_sprachwahl_ohne_anmeldung_und_ohne_javascript(anonym_client):
    inhalt = anonym_client.get("/konto/anmelden/").content.decode()
    assert '<form class="sprachwahl" action="/i18n/setlang/" method="post">' in inhalt
    assert (
        '<label class="kern-label sprachwahl__label" for="sprachwahl-sprache">Sprache</label>'
        in (inhalt)
    )
    assert ">Sprache wechseln</span></button>" in inhalt
    antwort = anonym_client.post("/i18n/setlang/", {"language": "en", "next": "/konto/anmelden/"})
    assert antwort.status_code == 302
    assert antwort["Location"] == "/konto/anmelden/"
    assert antwort.cookies["django_language"].value == "en"


def test_aktueller_bereich_laengster_praefix():
    urls = ["/", "/massnahmen/", "/akteure/", "/akteure/datenquellen/"]
    assert _aktueller_bereich("/", urls) == "/"
    assert _aktueller_bereich("/massnahmen/12/", urls) == "/massnahmen/"
    assert _aktueller_bereich("/akteure/3/", urls) == "/akteure/"
    assert _aktueller_bereich("/akteure/datenquellen/3/", urls) == "/akteure/datenquellen/"
    # "/" only marks the overview itself, not every page.
    assert _aktueller_bereich("/konto/passwort/", urls) is None


@pytest.mark.django_db
def test_navigation_markiert_admin_als_aktuell(datenpflege_user):
    request = RequestFactory().get("/admin/auth/user/")
    request.user = datenpflege_user
    html = Template("{% load aktionsplan_tags %}{% hauptnavigation %}").render(
        Context({"request": request})
    )
    assert '<nav class="hauptnavigation" aria-label="Hauptnavigation">' in html
    assert (
        '<a class="hauptnavigation__link" href="/admin/" aria-current="page">'
        "Datenpflege (Admin)</a>" in html
    )
    assert html.count('aria-current="page"') == 1


def test_meldungen_fehler_als_alert_sonst_status():
    html = render_to_string(
        "includes/_meldungen.html",
        {
            "messages": [
                Message(constants.SUCCESS, "Maßnahme gespeichert."),
                Message(constants.ERROR, "Die Maßnahme wurde inzwischen geändert."),
            ]
        },
    )
    assert re.search(
        r'<div class="kern-alert kern-alert--success" role="status">.*?Maßnahme gespeichert\.',
        html,
        re.S,
    )
    assert re.search(
        r'<div class="kern-alert kern-alert--danger" role="alert">.*?'
        r"Fehler: Die Maßnahme wurde inzwischen geändert\.",
        html,
        re.S,
    )


# --- template tags ----------------------------------------------------------------------------


def test_seitennummerierung_behaelt_filter():
    request = RequestFactory().get("/massnahmen/", {"status": "umsetzung", "page": "2"})
    seite = Paginator(list(range(100)), 10).page(2)
    html = render_to_string("includes/_seitennummerierung.html", {"page_obj": seite}, request)
    assert '<nav class="seitennummerierung" aria-label="Seitennummerierung">' in html
    assert "Seite 2 von 10" in html
    assert 'rel="prev" href="?status=umsetzung&amp;page=1"' in html
    assert 'rel="next" href="?status=umsetzung&amp;page=3"' in html
    assert re.search(r'aria-current="page" href="\?status=umsetzung&amp;page=2"', html)
    # Elided range: the last page is linked, the pages in between are left out.
    assert 'href="?status=umsetzung&amp;page=10"' in html
    assert 'href="?status=umsetzung&amp;page=7"' not in html
    assert "…" in html


def test_seitennummerierung_leer_bei_einer_seite():
    request = RequestFactory().get("/massnahmen/")
    seite = Paginator(list(range(5)), 10).page(1)
    html = render_to_string("includes/_seitennummerierung.html", {"page_obj": seite}, request)
    assert "seitennummerierung" not in html


# --- error pages ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_404_deutsch(anonym_client):
    antwort = anonym_client.get("/gibt-es-nicht/")
    assert antwort.status_code == 404
    inhalt = antwort.content.decode()
    assert '<h1 class="kern-heading-large">Seite nicht gefunden</h1>' in inhalt
    assert 'href="#inhalt"' in inhalt


@pytest.mark.django_db
def test_403_nennt_die_rollen(lesen_user):
    request = RequestFactory().get("/massnahmen/neu/")
    request.user = lesen_user
    antwort = permission_denied(request, PermissionDenied())
    assert antwort.status_code == 403
    inhalt = antwort.content.decode()
    assert '<h1 class="kern-heading-large">Keine Berechtigung</h1>' in inhalt
    assert "Redaktion: zusätzlich Maßnahmen" in inhalt
    assert "Datenpflege:" in inhalt


def test_500_ohne_datenbank_und_kontextprozessoren(settings):
    # No db fixture: any query would raise here; the name comes from the cache.
    cache.set(KOMMUNENNAME, "Musterstadt")
    antwort = seiten.serverfehler(RequestFactory().get("/"))
    assert antwort.status_code == 500
    inhalt = antwort.content.decode()
    assert "Ein Fehler ist aufgetreten" in inhalt
    assert "Musterstadt" in inhalt
    assert "/static/css/aktionsplan.css" in inhalt


# --- crispy template pack "kern" --------------------------------------------------------------


class Beispielformular(forms.Form):
    titel = forms.CharField(label="Titel", help_text="Kurz und verständlich.")
    beschreibung = forms.CharField(label="Beschreibung", widget=forms.Textarea, required=False)
    status = forms.ChoiceField(label="Status", choices=[("", "—"), ("idee", "Idee")])
    themen = forms.MultipleChoiceField(
        label="Themen", choices=[("a", "Arbeit"), ("w", "Wohnen")], required=False
    )
    zielgruppen = forms.MultipleChoiceField(
        label="Zielgruppen",
        choices=[("k", "Kinder"), ("a", "Ältere")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Alle, die die Maßnahme erreichen soll.",
    )
    ampel = forms.ChoiceField(
        label="Ampel", choices=[("g", "im Plan"), ("r", "kritisch")], widget=forms.RadioSelect
    )
    veroeffentlicht = forms.BooleanField(label="Veröffentlicht", required=False)
    beginn = forms.DateField(label="Beginn", widget=forms.DateInput(attrs={"type": "date"}))
    fortschritt = forms.IntegerField(label="Fortschritt", min_value=0, max_value=100)
    anhang = forms.FileField(label="Anhang", required=False)

    def clean(self):
        bereinigt = super().clean()
        raise forms.ValidationError("Die Angaben widersprechen sich.", code="widerspruch")
        return bereinigt


def _ungueltiges_formular() -> Beispielformular:
    formular = Beispielformular(
        data={
            "titel": "",
            "status": "idee",
            "themen": ["a"],
            "beginn": "kein Datum",
            "fortschritt": "200",
        }
    )
    assert not formular.is_valid()
    return formular


def _pruefe_fehlerdarstellung(html: str) -> None:
    # Summary first: role=alert, heading, non-field error, one link per field error.
    zusammenfassung = re.search(
        r'<div class="kern-alert kern-alert--danger fehlerzusammenfassung" role="alert">(.*?)'
        r"</ul>",
        html,
        re.S,
    )
    assert zusammenfassung
    teil = zusammenfassung.group(1)
    assert '<h2 class="kern-title">Bitte korrigieren Sie die folgenden Angaben</h2>' in teil
    assert "<li>Die Angaben widersprechen sich.</li>" in teil
    links = re.findall(r'<a class="kern-link" href="(#[^"]+)">([^<]+)</a>', teil)
    assert [ziel for ziel, _text in links] == [
        "#id_titel",
        "#id_zielgruppen_0",
        "#id_ampel_0",
        "#id_beginn",
        "#id_fortschritt",
    ]
    assert links[0][1] == "Titel: Dieses Feld ist zwingend erforderlich."
    assert html.index("fehlerzusammenfassung") < html.index('id="id_titel"')

    # A text field with hint and error: both referenced, invalid flag set, label tied.
    tag, attrs = element_mit_id(html, "id_titel")
    assert tag == "input"
    assert attrs["aria-invalid"] == "true"
    assert attrs["aria-describedby"] == "id_titel_helptext id_titel_error"
    assert "kern-form-input__input--error" in attrs["class"]
    assert element_mit_id(html, "id_titel_helptext")[1]["class"] == "kern-hint"
    assert element_mit_id(html, "id_titel_error")[1]["class"] == "kern-error"
    assert re.search(
        r'<label class="kern-label" for="id_titel">Titel<span class="pflichtfeld"> '
        r"\(Pflichtfeld\)</span>",
        html,
    )
    assert re.search(r'id="id_titel_error">.*?Dieses Feld ist zwingend erforderlich\.', html, re.S)

    # Without error: no aria-invalid; optional fields carry no required marker.
    _tag, beschreibung = element_mit_id(html, "id_beschreibung")
    assert "aria-invalid" not in beschreibung
    assert re.search(r'for="id_beschreibung">Beschreibung\s*</label>', html)

    # Select in KERN's wrapper, multiple select without it.
    assert re.search(r'<div class="kern-form-input__select-wrapper">\s*<select name="status"', html)
    _tag, themen = element_mit_id(html, "id_themen")
    assert "mehrfachauswahl" in themen["class"]
    assert "multiple" in themen

    # Radios and checkboxes: a fieldset with legend that points at hint and error.
    _tag, gruppe = element_mit_id(html, "div_id_zielgruppen")
    assert gruppe["class"] == "kern-fieldset kern-fieldset--error"
    assert gruppe["aria-describedby"] == "id_zielgruppen_helptext id_zielgruppen_error"
    assert element_mit_id(html, "id_zielgruppen_helptext")
    _tag, option = element_mit_id(html, "id_zielgruppen_0")
    assert option["type"] == "checkbox"
    assert option["aria-invalid"] == "true"
    assert '<label class="kern-label" for="id_zielgruppen_0">Kinder</label>' in html
    _tag, radio = element_mit_id(html, "id_ampel_1")
    assert radio["type"] == "radio"
    assert "required" in radio
    assert "kern-form-check__radio--error" in radio["class"]
    assert element_mit_id(html, "div_id_ampel")[1]["aria-describedby"] == "id_ampel_error"

    # Single checkbox, date, number, file.
    assert element_mit_id(html, "id_veroeffentlicht")[1]["class"].endswith(
        "kern-form-check__checkbox"
    )
    # An unreadable date is shown as typed, so as text (aktionsplan.darstellung: a date input
    # may not hold it); a valid number stays a number input.
    _tag, beginn = element_mit_id(html, "id_beginn")
    assert (beginn["type"], beginn["value"], beginn["aria-invalid"]) == (
        "text",
        "kein Datum",
        "true",
    )
    _tag, zahl = element_mit_id(html, "id_fortschritt")
    assert zahl["type"] == "number"
    assert zahl["aria-invalid"] == "true"
    assert "kleiner oder gleich 100" in html
    assert element_mit_id(html, "id_anhang")[1]["type"] == "file"


def test_crispy_filter_fehlerzusammenfassung_und_aria():
    html = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(
        Context({"form": _ungueltiges_formular()})
    )
    _pruefe_fehlerdarstellung(html)


def test_crispy_tag_mit_helper_formular_und_button():
    formular = _ungueltiges_formular()
    formular.helper = FormHelper()
    formular.helper.form_action = "/massnahmen/neu/"
    formular.helper.add_input(Submit("speichern", "Speichern"))
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(
        Context({"form": formular})
    )
    _pruefe_fehlerdarstellung(html)
    assert re.search(r'<form\s+action="/massnahmen/neu/"\s+method="post"', html)
    assert 'enctype="multipart/form-data"' in html
    assert re.search(
        r'<button type="submit" name="speichern" value="Speichern" '
        r'class="kern-btn kern-btn--primary"[^>]*><span class="kern-label">Speichern</span>',
        html,
    )


def test_crispy_gueltiges_formular_ohne_zusammenfassung():
    html = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(
        Context({"form": Beispielformular()})
    )
    assert "fehlerzusammenfassung" not in html
    assert "aria-invalid" not in html
    # Hints are referenced even without errors.
    assert element_mit_id(html, "id_titel")[1]["aria-describedby"] == "id_titel_helptext"


def test_crispy_formset_fehler():
    formset_klasse = forms.formset_factory(Beispielformular, extra=0)
    formset = formset_klasse(
        data={"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-status": "idee"}
    )
    assert not formset.is_valid()
    html = Template("{% load crispy_forms_tags %}{{ formset|crispy }}").render(
        Context({"formset": formset})
    )
    assert 'role="alert"' in html
    assert 'href="#id_form-0-titel">Eintrag 1, Titel: Dieses Feld ist zwingend erforderlich.' in (
        html
    )
    assert "<li>Eintrag 1: Die Angaben widersprechen sich.</li>" in html
    assert 'name="form-TOTAL_FORMS"' in html


def test_crispy_tabellen_formset_mit_versteckten_beschriftungen():
    class Zeile(forms.Form):
        jahr = forms.IntegerField(label="Jahr")
        wert = forms.DecimalField(label="Wert", required=False)

    formset_klasse = forms.formset_factory(Zeile, extra=0)
    formset = formset_klasse(
        data={"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-wert": "3"}
    )
    assert not formset.is_valid()
    helper = FormHelper()
    helper.template = "kern/table_inline_formset.html"
    html = Template("{% load crispy_forms_tags %}{% crispy formset helper %}").render(
        Context({"formset": formset, "helper": helper})
    )
    assert '<div class="tabelle-scroll" tabindex="0" role="region"' in html
    assert re.search(
        r'<th scope="col" class="kern-table__header">Jahr<span class="pflichtfeld">', html
    )
    # In the cells the label is only hidden visually: the input keeps its accessible name.
    assert re.search(r'<label class="kern-label kern-sr-only" for="id_form-0-jahr">Jahr', html)
    assert 'href="#id_form-0-jahr">Eintrag 1, Jahr: Dieses Feld ist zwingend erforderlich.' in html


# --- The page frame from the per-process store (aktionsplan_tags.seitenrahmen, issue 8) ---------


def _kopf(inhalt: str) -> str:
    return inhalt[inhalt.index("<header") : inhalt.index("</header>")]


@pytest.mark.django_db
def test_rahmen_traegt_name_token_und_ruecksprung_der_lesenden_person():
    """Two people on the same page get the same stored frame, each with their own name, CSRF
    token (the one their cookie holds) and return address of the language form, escaped."""
    seiten_ = []
    for name in ("Erste", '<script>alert("x")</script>'):
        client = Client()
        client.force_login(UserFactory(first_name=name, last_name="Person", rollen=["Lesen"]))
        antwort = client.get("/massnahmen/", {"q": '"><b>'})
        kopf = _kopf(antwort.content.decode())
        token = client.cookies["csrftoken"].value
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', kopf)
        assert len(tokens) == 2  # log out, language
        for maskiert in tokens:
            assert _unmask_cipher_token(maskiert) == token
        assert '<input type="hidden" name="next" value="/massnahmen/?q=%22%3E%3Cb%3E">' in kopf
        seiten_.append(kopf)
    assert "Erste Person" in seiten_[0]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Person" in seiten_[1]
    assert "<script>" not in seiten_[1]
    from aktionsplan.seitenspeicher import CSRF_MARKE
    from aktionsplan.templatetags.aktionsplan_tags import NAME_MARKE, ZURUECK_MARKE

    for marke in (CSRF_MARKE, NAME_MARKE, ZURUECK_MARKE):
        assert marke not in seiten_[0] + seiten_[1]


@pytest.mark.django_db
def test_rahmen_je_rolle_bereich_und_sprache(lesen_client, datenpflege_client):
    link = '<a class="hauptnavigation__link" href="/admin/">Datenpflege (Admin)</a>'
    for _ in range(2):  # the second round comes from the store
        assert link in datenpflege_client.get("/massnahmen/").content.decode()
        assert link not in lesen_client.get("/massnahmen/").content.decode()
    aktuell = 'href="/massnahmen/" aria-current="page"'
    assert aktuell in _kopf(lesen_client.get("/massnahmen/").content.decode())
    kopf = _kopf(lesen_client.get("/themen/").content.decode())
    assert aktuell not in kopf
    assert 'href="/themen/" aria-current="page"' in kopf
    englisch = lesen_client.get("/massnahmen/", HTTP_ACCEPT_LANGUAGE="en")
    assert ">Measures</a>" in _kopf(englisch.content.decode())


@pytest.mark.django_db
def test_rahmen_ohne_anmeldung(anonym_client):
    kopf = _kopf(anonym_client.get("/impressum/").content.decode())
    assert "benutzermenue" not in kopf
    assert "hauptnavigation" not in kopf
    assert '<input type="hidden" name="next" value="/impressum/">' in kopf
