"""The logged-in user from the cache (aktionsplan/benutzerspeicher.py, issue 8): a repeat request
costs no query for the user or the roles, and every change that matters to a logged-in person
(roles, password, deactivation, a group's permissions, deletion) takes effect on the very next
request, from whichever side it is made."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from aktionsplan.rollen import DATENPFLEGE, LESEN
from tests.factories import UserFactory

SEITE = "/barrierefreiheit/"


@pytest.fixture
def person(db):
    return UserFactory(username="gespeichert", rollen=[LESEN])


@pytest.fixture
def client(person) -> Client:
    client = Client()
    client.force_login(person)
    client.get(SEITE)  # fills the cache
    return client


def test_wiederholung_fragt_weder_person_noch_rollen_ab(client, django_assert_num_queries):
    # Only the session row (the database in tests; Redis in production, cached_db).
    with django_assert_num_queries(1):
        antwort = client.get(SEITE)
    assert antwort.status_code == 200
    assert antwort.wsgi_request.user.username == "gespeichert"


def test_ohne_speicherdauer_wird_jedes_mal_geladen(client, settings, django_assert_num_queries):
    settings.BENUTZER_SPEICHERDAUER = 0
    with django_assert_num_queries(3):  # session, user, groups
        assert client.get(SEITE).status_code == 200


def test_entzogene_rolle_gilt_sofort(client, person):
    assert client.get(reverse("projekte:uebersicht")).status_code == 200
    person.groups.clear()
    assert client.get(reverse("projekte:uebersicht")).status_code == 403


def test_neue_rolle_gilt_sofort(client, person):
    assert client.get(reverse("admin:index")).status_code != 200
    person.is_staff = True
    person.save()
    person.groups.add(Group.objects.get(name=DATENPFLEGE))
    assert client.get(reverse("admin:index")).status_code == 200


def test_deaktivierte_person_ist_sofort_abgemeldet(client, person):
    person.is_active = False
    person.save()
    # An internal page: "/" sends a visitor without a session to the public start page.
    antwort = client.get(reverse("projekte:projekt_liste"))
    assert antwort.status_code == 302
    assert reverse("login") in antwort["Location"]


def test_geloeschte_person_ist_sofort_abgemeldet(client, person):
    person.delete()
    antwort = client.get(reverse("projekte:uebersicht"))
    assert antwort.status_code == 302


def test_neues_passwort_beendet_andere_sitzungen(client, person):
    person.set_password("ein-ganz-neues-passwort-42")
    person.save()
    # An internal page: "/" sends a visitor without a session to the public start page.
    antwort = client.get(reverse("projekte:projekt_liste"))
    assert antwort.status_code == 302
    assert reverse("login") in antwort["Location"]


def test_passwort_aendern_haelt_die_eigene_sitzung(client):
    antwort = client.post(
        reverse("password_change"),
        {
            "old_password": "geheim-passwort-123",
            "new_password1": "ein-ganz-neues-passwort-42",
            "new_password2": "ein-ganz-neues-passwort-42",
        },
    )
    assert antwort.status_code == 302
    assert client.get(reverse("projekte:uebersicht")).status_code == 200


def test_rechte_einer_gruppe_gelten_sofort(db):
    person = UserFactory(username="pflegerin", rollen=[DATENPFLEGE], is_staff=True)
    client = Client()
    client.force_login(person)
    gruppe = Group.objects.get(name=DATENPFLEGE)
    rechte = list(
        Permission.objects.filter(content_type__app_label="auth", content_type__model="user")
    )
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    gruppe.permissions.remove(*rechte)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    gruppe.permissions.add(*rechte)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    gruppe.permissions.remove(*rechte)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_umbenannte_gruppe_nimmt_die_rolle_sofort(client):
    gruppe = Group.objects.get(name=LESEN)
    gruppe.name = "Ehemals lesen"
    gruppe.save()
    assert client.get(reverse("projekte:uebersicht")).status_code == 403


def test_andere_personen_bleiben_unberuehrt(client, person, django_assert_num_queries):
    """A change to someone else still invalidates (one counter), but costs one reload only."""
    UserFactory(username="jemand-anderes")
    with django_assert_num_queries(3):  # session, then user and groups once more
        client.get(SEITE)
    with django_assert_num_queries(1):
        client.get(SEITE)
    assert get_user_model().objects.filter(username="jemand-anderes").exists()
