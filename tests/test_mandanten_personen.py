"""The persons of a region (issue 12): the Datenpflege of one Kommune sees and manages only the
accounts of her Kommunen and those without membership yet (a new account), in the list, the
change, password and history pages and the autocomplete; the region's Datenpflege and superusers
see all. The memberships travel with the cached user (no query per request), and a membership
taken away holds from the next request on."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aktionsplan import konten
from aktionsplan.models import Zustaendigkeit
from aktionsplan.rollen import DATENPFLEGE, LESEN
from tests.factories import KommuneFactory, PlanFactory, ProjektskizzeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def personen():
    stolberg = KommuneFactory(name="Stolberg", slug="stolberg")
    eschweiler = KommuneFactory(name="Eschweiler", slug="eschweiler")
    return {
        "stolberg": stolberg,
        "eschweiler": eschweiler,
        "pflege": UserFactory(
            username="pflege-esch", rollen=[DATENPFLEGE], is_staff=True, zustaendig=[eschweiler]
        ),
        "pflege_region": UserFactory(username="pflege-region", rollen=[DATENPFLEGE], is_staff=True),
        "esch": UserFactory(username="lena-esch", rollen=[LESEN], zustaendig=[eschweiler]),
        "beide": UserFactory(
            username="paul-beide", rollen=[LESEN], zustaendig=[eschweiler, stolberg]
        ),
        "stol": UserFactory(username="sara-stol", rollen=[LESEN], zustaendig=[stolberg]),
        "region": UserFactory(username="rita-region", rollen=[LESEN]),  # the whole region
        "neu": UserFactory(username="nina-neu", rollen=[], zustaendig=[]),
    }


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _namen(antwort) -> set[str]:
    html = antwort.content.decode()
    return {
        n
        for n in ("pflege-esch", "lena-esch", "paul-beide", "sara-stol", "rita-region", "nina-neu")
        if f">{n}<" in html
    }


def test_personenliste_nur_der_eigenen_kommunen(personen):
    liste = reverse("admin:auth_user_changelist")
    antwort = _client(personen["pflege"]).get(liste)
    assert antwort.status_code == 200
    assert _namen(antwort) == {"pflege-esch", "lena-esch", "paul-beide", "nina-neu"}
    assert _namen(_client(personen["pflege_region"]).get(liste)) == {
        "pflege-esch",
        "lena-esch",
        "paul-beide",
        "sara-stol",
        "rita-region",
        "nina-neu",
    }
    chefin = UserFactory(username="chefin", is_superuser=True, is_staff=True)
    assert _namen(_client(chefin).get(liste)) == _namen(
        _client(personen["pflege_region"]).get(liste)
    )


def test_fremde_personen_antworten_nicht(personen):
    client = _client(personen["pflege"])
    for name in ("stol", "region"):
        pk = personen[name].pk
        for seite in ("change", "password_change", "history", "delete"):
            antwort = client.get(reverse(f"admin:auth_user_{seite}", args=[pk]))
            # Django's admin answers a row it cannot find with a redirect and a message; the
            # password page with 404.
            assert antwort.status_code in (302, 404), (name, seite)
            assert personen[name].username not in antwort.content.decode()
    eigene = personen["esch"].pk
    for seite in ("change", "password_change", "history"):
        assert client.get(reverse(f"admin:auth_user_{seite}", args=[eigene])).status_code == 200
    # The write path refuses too (defence in depth).
    assert not konten.darf_person_aendern(personen["pflege"], personen["stol"])
    assert konten.darf_person_aendern(personen["pflege"], personen["esch"])
    assert konten.darf_person_aendern(personen["pflege"], personen["neu"])
    assert konten.darf_person_aendern(personen["pflege_region"], personen["stol"])


def test_neues_konto_anlegen_und_zuordnen(personen):
    client = _client(personen["pflege"])
    antwort = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "tom-neu",
            "password1": "ein sehr langes Passwort 2026",
            "password2": "ein sehr langes Passwort 2026",
            "usable_password": "true",
        },
    )
    assert antwort.status_code == 302, antwort.content.decode()[:2000]
    neu = get_user_model().objects.get(username="tom-neu")
    # Without membership yet: listed and open for her, to give it one.
    assert "tom-neu" in client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert client.get(reverse("admin:auth_user_change", args=[neu.pk])).status_code == 200
    Zustaendigkeit.objects.create(nutzer=neu, kommune=personen["eschweiler"])
    assert "tom-neu" in client.get(reverse("admin:auth_user_changelist")).content.decode()
    # Given to Stolberg only, it leaves her list.
    Zustaendigkeit.objects.filter(nutzer=neu).update(kommune=personen["stolberg"])
    assert "tom-neu" not in client.get(reverse("admin:auth_user_changelist")).content.decode()


def test_autocomplete_nur_eigene_personen(personen):
    client = _client(personen["pflege"])
    antwort = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "projekte",
            "model_name": "sachstand",
            "field_name": "verfasst_von",
            "term": "",
        },
    )
    assert antwort.status_code == 200
    ids = {int(e["id"]) for e in json.loads(antwort.content)["results"]}
    assert personen["esch"].pk in ids
    assert personen["stol"].pk not in ids
    assert personen["region"].pk not in ids


def _zustaendigkeit_abfragen(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as abfragen:
        assert client.get(url).status_code == 200
    return sum("aktionsplan_zustaendigkeit" in q["sql"] for q in abfragen.captured_queries)


def test_zustaendigkeiten_reisen_mit_dem_gespeicherten_nutzer(personen, settings):
    settings.BENUTZER_SPEICHERDAUER = 300
    projekt = ProjektskizzeFactory(
        plan=PlanFactory(kommune=personen["eschweiler"], slug="ap-esch"), titel="Esch-Maßnahme"
    )
    client = _client(personen["esch"])
    url = reverse("projekte:projekt_detail", args=[projekt.pk])
    _zustaendigkeit_abfragen(client, url)  # the first request loads the user into the cache
    assert _zustaendigkeit_abfragen(client, url) == 0
    # A membership taken away holds from the next request on.
    Zustaendigkeit.objects.filter(nutzer=personen["esch"]).delete()
    assert client.get(url).status_code == 404
    Zustaendigkeit.objects.create(nutzer=personen["esch"], kommune=personen["stolberg"])
    assert client.get(url).status_code == 404
    Zustaendigkeit.objects.create(nutzer=personen["esch"], kommune=personen["eschweiler"])
    assert client.get(url).status_code == 200
