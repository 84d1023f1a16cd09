"""Every URL of the measure pages × every role, GET and POST."""

import pytest
from django.test import Client
from django.urls import reverse

from projekte.models import Projektbeteiligung
from tests.factories import (
    AkteurFactory,
    MeilensteinFactory,
    ProjektbeteiligungFactory,
    ProjektskizzeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def daten():
    projekt = ProjektskizzeFactory()
    return {
        "projekt": projekt,
        "meilenstein": MeilensteinFactory(projekt=projekt),
        "beteiligung": ProjektbeteiligungFactory(projekt=projekt, akteur=AkteurFactory()),
    }


def _lese_urls(d) -> list[str]:
    p = d["projekt"].pk
    return [
        reverse("projekte:uebersicht"),
        reverse("projekte:projekt_liste"),
        reverse("projekte:projekt_export") + "?format=csv",
        reverse("projekte:projekt_export") + "?format=xlsx",
        reverse("projekte:projekt_detail", args=[p]),
    ]


def _schreib_urls_mit_get(d) -> list[str]:
    p = d["projekt"].pk
    return [
        reverse("projekte:projekt_neu"),
        reverse("projekte:projekt_bearbeiten", args=[p]),
        reverse("projekte:sachstand_neu", args=[p]),
        reverse("projekte:meilenstein_neu", args=[p]),
        reverse("projekte:beteiligung_neu", args=[p]),
        reverse("projekte:beteiligung_bearbeiten", args=[d["beteiligung"].pk]),
        # GET asks for confirmation; an empty POST shows it again.
        reverse("projekte:beteiligung_loeschen", args=[d["beteiligung"].pk]),
    ]


def _nur_post_urls(d) -> list[str]:
    return [
        reverse("projekte:meilenstein_erledigt", args=[d["meilenstein"].pk]),
    ]


def test_lesen_je_rolle(rollen_client, daten):
    for url in _lese_urls(daten):
        response = rollen_client.get(url)
        if rollen_client.rolle == "anonym" and url == reverse("projekte:uebersicht"):
            # "/": anonymous visitors land on the public start page; writing is refused.
            assert response.status_code == 302
            assert response.url == reverse("oeffentlich:start")
            assert rollen_client.post(url).status_code == 405
            continue
        if rollen_client.rolle == "anonym":
            assert response.status_code == 302, url
            assert (
                response.url
                == f"{reverse('login')}?next={url.replace('?', '%3F').replace('=', '%3D')}"
            )
        else:
            assert response.status_code == 200, url
        # The read pages do not accept POST (lists are GET forms); the export takes a POST to
        # start a big file in the background, and answers a small one's POST with its GET.
        antwort_post = rollen_client.post(url)
        if rollen_client.rolle == "anonym":
            assert antwort_post.status_code == 302
            assert antwort_post.url.startswith(reverse("login"))
        elif "/export/" in url:
            assert antwort_post.status_code == 302
            assert antwort_post.url == url
        else:
            assert antwort_post.status_code == 405


def test_schreibseiten_je_rolle(rollen_client, daten):
    erwartet_get = {"anonym": 302, "lesen": 403, "redaktion": 200, "datenpflege": 200}
    for url in _schreib_urls_mit_get(daten):
        response = rollen_client.get(url)
        assert response.status_code == erwartet_get[rollen_client.rolle], url
        if rollen_client.rolle == "anonym":
            assert response.url.startswith(reverse("login") + "?next=")
        # An empty POST: anonymous → login, Lesen → 403, editors → the form with errors (200);
        # a removal without the version it was confirmed on removes nothing.
        response = rollen_client.post(url, {})
        assert response.status_code == erwartet_get[rollen_client.rolle], url


def test_nur_post_je_rolle(rollen_client, daten):
    for url in _nur_post_urls(daten):
        response = rollen_client.get(url)
        erwartet = {"anonym": 302, "lesen": 403, "redaktion": 405, "datenpflege": 405}
        assert response.status_code == erwartet[rollen_client.rolle], url
    # POST: the editors are sent back to the detail page.
    erwartet = {"anonym": 302, "lesen": 403, "redaktion": 302, "datenpflege": 302}
    for url in _nur_post_urls(daten):
        response = rollen_client.post(url, {})
        assert response.status_code == erwartet[rollen_client.rolle], url
        if rollen_client.rolle in ("redaktion", "datenpflege"):
            assert response.url == daten["projekt"].get_absolute_url()
    if rollen_client.rolle == "lesen":
        daten["meilenstein"].refresh_from_db()
        assert daten["meilenstein"].erledigt_am is None


def test_ohne_rolle_verboten(client, daten):
    client.force_login(UserFactory(username="ohne-rolle"))
    for url in _lese_urls(daten) + _schreib_urls_mit_get(daten):
        assert client.get(url).status_code == 403, url


def test_unbekannte_massnahme_404(lesen_client):
    assert lesen_client.get(reverse("projekte:projekt_detail", args=[999999])).status_code == 404


def test_unbekanntes_exportformat_404(lesen_client):
    url = reverse("projekte:projekt_export") + "?format=pdf"
    assert lesen_client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["sachstand_neu", "meilenstein_neu", "beteiligung_neu", "projekt_bearbeiten"],
)
def test_csrf_wird_geprueft(redaktion_user, daten, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(redaktion_user)
    url = reverse(f"projekte:{name}", args=[daten["projekt"].pk])
    assert client.post(url, {}).status_code == 403


def test_csrf_bei_neuer_massnahme_und_nur_post(redaktion_user, daten):
    client = Client(enforce_csrf_checks=True)
    client.force_login(redaktion_user)
    beteiligung = daten["beteiligung"]
    loeschen = reverse("projekte:beteiligung_loeschen", args=[beteiligung.pk])
    for url in [reverse("projekte:projekt_neu"), loeschen, *_nur_post_urls(daten)]:
        assert client.post(url, {}).status_code == 403, url
    daten["meilenstein"].refresh_from_db()
    assert daten["meilenstein"].erledigt_am is None
    assert Projektbeteiligung.objects.filter(pk=beteiligung.pk).exists()
    # With the token from the confirmation page the removal goes through.
    seite = client.get(loeschen)
    token = seite.cookies["csrftoken"].value
    beteiligung.refresh_from_db()
    antwort = client.post(
        loeschen, {"csrfmiddlewaretoken": token, "geoeffnete_version": beteiligung.version}
    )
    assert antwort.status_code == 302
    assert not Projektbeteiligung.objects.filter(pk=beteiligung.pk).exists()
