"""Deny by default, checked over every URL the project has (except the admin, which checks its own
permission): anonymous visitors are sent to the login, a logged-in account without a role gets
403 — for GET and POST alike. Only the pages listed in OEFFENTLICH are open, the public pages
under /oeffentlich/ (namespace "oeffentlich", their own tests: tests/oeffentlich/), and /healthz
for the load balancer (its own tests: tests/betrieb/test_healthz.py). ``/`` sends anonymous
visitors to the public start page instead of the login."""

import pytest
from django.urls import URLPattern, URLResolver, converters, get_resolver, reverse

from tests.factories import UserFactory

OEFFENTLICH = {
    "login",
    "barrierefreiheit",
    "impressum",
    "datenschutz",
    # The feedback form every page links and its thanks page (rueckmeldungen; BGG NRW § 10b).
    "rueckmeldung",
    "rueckmeldung_danke",
    "set_language",
    # Setting a password by e-mail link (invitation, forgotten password): before any login.
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
# Answers without a login, but only "ok" or "fehler" per component (JSON, no page).
GESUNDHEIT = {"healthz"}
# One's own account (log out, change password) needs a login, but no role.
KONTO = {"logout", "password_change", "password_change_done"}
# "/": the staff overview; anonymous visitors land on the public start page.
STARTSEITE = "projekte:uebersicht"
AUSGENOMMEN_PRAEFIXE = ("admin",)
BEISPIELWERTE = {
    converters.IntConverter: 999_999,
    converters.SlugConverter: "gibt-es-nicht",
    converters.StringConverter: "gibt-es-nicht",
    converters.UUIDConverter: "00000000-0000-4000-8000-000000000000",
}


def _muster(resolver: URLResolver, namespace: str = ""):
    for eintrag in resolver.url_patterns:
        if isinstance(eintrag, URLResolver):
            if eintrag.app_name in AUSGENOMMEN_PRAEFIXE or eintrag.namespace == "admin":
                continue
            ns = eintrag.namespace or ""
            yield from _muster(eintrag, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(eintrag, URLPattern) and eintrag.name:
            yield f"{namespace}{eintrag.name}", eintrag


def _alle_urls() -> list[tuple[str, str]]:
    urls = []
    for name, muster in _muster(get_resolver()):
        kwargs = {
            schluessel: BEISPIELWERTE[type(konverter)]
            for schluessel, konverter in muster.pattern.converters.items()
        }
        urls.append((name, reverse(name, kwargs=kwargs)))
    return sorted(set(urls))


ALLE = _alle_urls()
# The public pages: no login for anyone (what they show: tests/oeffentlich/).
PUBLIK = [(name, url) for name, url in ALLE if name.startswith("oeffentlich:")]
INTERN = [
    (name, url)
    for name, url in ALLE
    if name not in OEFFENTLICH | GESUNDHEIT and not name.startswith("oeffentlich:")
]


def test_alle_bekannten_bereiche_sind_erfasst():
    namen = {name for name, _ in ALLE}
    for erwartet in (
        "projekte:uebersicht",
        "projekte:projekt_bearbeiten",
        "aktionsplan:raum_detail",
        "akteure:akteur_detail",
        "monitoring:messwert_import",
        "monitoring:bericht_pdf",
        "login",
        "healthz",
    ):
        assert erwartet in namen
    assert len(INTERN) > 40


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), [(n, u) for n, u in INTERN if n != STARTSEITE])
def test_anonym_wird_zur_anmeldung_geschickt(client, name, url):
    for antwort in (client.get(url), client.post(url)):
        assert antwort.status_code == 302, name
        assert antwort.url.startswith(reverse("login")), name


@pytest.mark.django_db
def test_anonym_landet_auf_der_oeffentlichen_startseite(client):
    antwort = client.get(reverse(STARTSEITE))
    assert antwort.status_code == 302
    assert antwort.url == reverse("oeffentlich:start")
    # Writing is refused as on every reading page.
    assert client.post(reverse(STARTSEITE)).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), PUBLIK)
def test_oeffentliche_bereiche_ohne_anmeldung(client, name, url):
    # The example pks and slugs do not exist: a 404 for the guessed address, never the login.
    assert client.get(url).status_code in (200, 404), name
    assert client.post(url).status_code == 405, name


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), [(n, u) for n, u in INTERN if n not in KONTO])
def test_konto_ohne_rolle_bekommt_403(client, name, url):
    client.force_login(UserFactory(username="ohne-rolle"))
    assert client.get(url).status_code in (403, 405), name
    assert client.post(url).status_code in (403, 405), name


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(OEFFENTLICH - {"set_language"}))
def test_oeffentliche_seiten_ohne_anmeldung(client, name):
    # The page behind an e-mail link, with a link that is not valid: the page says so.
    kwargs = {"uidb64": "MQ", "token": "x-y"} if name == "password_reset_confirm" else {}
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


@pytest.mark.django_db
def test_healthz_ist_die_einzige_ausnahme_ohne_seite(client):
    # The exception is explicit: anonymous gets the status, not the login; writing is refused.
    antwort = client.get(reverse("healthz"))
    assert antwort.status_code in (200, 503)
    assert antwort["Content-Type"] == "application/json"
    assert set(antwort.json()) == {"status", "komponenten"}
    assert client.post(reverse("healthz")).status_code == 405
    assert {name for name, _url in ALLE} - {name for name, _url in INTERN} == (
        OEFFENTLICH | GESUNDHEIT | {name for name, _url in PUBLIK}
    )
