"""Login, logout and password change: Django's auth views with our templates."""

import re

import pytest
from django.test import Client

from tests.factories import UserFactory

PASSWORT = "geheim-passwort-123"


@pytest.fixture
def person(db):
    return UserFactory(username="kim")


def _csrf_client(url: str) -> tuple[Client, str]:
    """A client that enforces CSRF, after a GET that set the token cookie."""
    client = Client(enforce_csrf_checks=True)
    antwort = client.get(url)
    assert antwort.status_code == 200
    return client, client.cookies["csrftoken"].value


# --- login ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anmeldeseite_fuer_anonyme(anonym_client, django_assert_num_queries):
    # Anonymous, no session yet: the login page needs no query.
    with django_assert_num_queries(0):
        antwort = anonym_client.get("/konto/anmelden/")
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    assert '<h1 class="kern-heading-large">Anmelden</h1>' in inhalt
    assert re.search(r'<label class="kern-label" for="id_username">Benutzername', inhalt)
    assert re.search(r'<label class="kern-label" for="id_password">Passwort', inhalt)
    assert '<span class="kern-label">Anmelden</span></button>' in inhalt
    # Keyboard users start at the skip link, not in the middle of the page.
    assert "autofocus" not in inhalt


def test_anmelden_leitet_auf_die_uebersicht(person):
    client, token = _csrf_client("/konto/anmelden/")
    antwort = client.post(
        "/konto/anmelden/",
        {"username": "kim", "password": PASSWORT, "csrfmiddlewaretoken": token},
    )
    assert antwort.status_code == 302
    assert antwort["Location"] == "/"
    assert client.session["_auth_user_id"] == str(person.pk)


def test_anmelden_ohne_csrf_token_abgelehnt(person):
    client, _token = _csrf_client("/konto/anmelden/")
    antwort = client.post("/konto/anmelden/", {"username": "kim", "password": PASSWORT})
    assert antwort.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_anmelden_folgt_next_nur_intern(person, anonym_client):
    daten = {"username": "kim", "password": PASSWORT}
    antwort = anonym_client.post("/konto/anmelden/?next=/themen/", daten)
    assert antwort["Location"] == "/themen/"
    anonym_client.logout()
    antwort = anonym_client.post("/konto/anmelden/?next=https://boese.example/", daten)
    assert antwort["Location"] == "/"


@pytest.mark.django_db
def test_falsches_passwort_zeigt_fehler(person, anonym_client):
    antwort = anonym_client.post("/konto/anmelden/", {"username": "kim", "password": "falsch"})
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    assert 'role="alert"' in inhalt
    assert "Bitte korrigieren Sie die folgenden Angaben" in inhalt
    assert "Bitte Benutzername und Passwort eingeben." in inhalt
    # The username stays filled in, the password does not.
    assert 'value="kim"' in inhalt
    assert "_auth_user_id" not in anonym_client.session


@pytest.mark.django_db
def test_leere_anmeldung_verlinkt_die_felder(anonym_client):
    inhalt = anonym_client.post("/konto/anmelden/", {}).content.decode()
    assert (
        '<a class="kern-link" href="#id_username">Benutzername: '
        "Dieses Feld ist zwingend erforderlich.</a>"
    ) in inhalt
    assert '<a class="kern-link" href="#id_password">Passwort: ' in inhalt
    assert 'aria-describedby="id_username_error"' in inhalt
    assert 'aria-invalid="true"' in inhalt


@pytest.mark.django_db
def test_angemeldete_werden_von_der_anmeldeseite_weitergeleitet(lesen_client):
    antwort = lesen_client.get("/konto/anmelden/")
    assert antwort.status_code == 302
    assert antwort["Location"] == "/"


@pytest.mark.django_db
def test_interne_seite_leitet_anonyme_zur_anmeldung(anonym_client):
    antwort = anonym_client.get("/konto/passwort/")
    assert antwort.status_code == 302
    assert antwort["Location"] == "/konto/anmelden/?next=/konto/passwort/"


# --- logout -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_abmelden_nur_per_post(lesen_client):
    assert lesen_client.get("/konto/abmelden/").status_code == 405
    assert "_auth_user_id" in lesen_client.session


def test_abmelden_mit_csrf(lesen_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lesen_user)
    client.get("/konto/passwort/")
    token = client.cookies["csrftoken"].value
    antwort = client.post("/konto/abmelden/", {"csrfmiddlewaretoken": token})
    assert antwort.status_code == 302
    assert antwort["Location"] == "/konto/anmelden/"
    assert "_auth_user_id" not in client.session
    # Afterwards internal pages send to login again.
    assert client.get("/konto/passwort/")["Location"].startswith("/konto/anmelden/")


# --- password change --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("client_name", ["lesen_client", "redaktion_client", "datenpflege_client"])
def test_passwort_aendern_fuer_jede_rolle(client_name, request):
    antwort = request.getfixturevalue(client_name).get("/konto/passwort/")
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    assert '<h1 class="kern-heading-large">Passwort ändern</h1>' in inhalt
    assert 'for="id_old_password"' in inhalt
    assert 'for="id_new_password1"' in inhalt
    assert 'for="id_new_password2"' in inhalt
    # The password rules are the hint of the new password, referenced by the field.
    assert '<div class="kern-hint" id="id_new_password1_helptext">' in inhalt
    assert 'aria-describedby="id_new_password1_helptext"' in inhalt
    assert "autofocus" not in inhalt


@pytest.mark.django_db
def test_passwort_aendern_falsches_altes_passwort(lesen_client, lesen_user):
    antwort = lesen_client.post(
        "/konto/passwort/",
        {
            "old_password": "falsch",
            "new_password1": "ein-neues-langes-passwort",
            "new_password2": "ein-neues-langes-passwort",
        },
    )
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    assert re.search(r'<a class="kern-link" href="#id_old_password">Altes Passwort: ', inhalt)
    assert 'aria-describedby="id_old_password_error"' in inhalt
    lesen_user.refresh_from_db()
    assert lesen_user.check_password(PASSWORT)


def test_passwort_aendern_erfolgreich(lesen_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lesen_user)
    client.get("/konto/passwort/")
    antwort = client.post(
        "/konto/passwort/",
        {
            "old_password": PASSWORT,
            "new_password1": "ein-neues-langes-passwort",
            "new_password2": "ein-neues-langes-passwort",
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )
    assert antwort.status_code == 302
    assert antwort["Location"] == "/konto/passwort/geaendert/"
    lesen_user.refresh_from_db()
    assert lesen_user.check_password("ein-neues-langes-passwort")
    # Still logged in (the session hash was updated), and the done page says so.
    fertig = client.get("/konto/passwort/geaendert/")
    assert fertig.status_code == 200
    assert "Ihr Passwort wurde geändert. Sie bleiben angemeldet." in fertig.content.decode()


@pytest.mark.django_db
def test_passwort_geaendert_seite_braucht_anmeldung(anonym_client):
    antwort = anonym_client.get("/konto/passwort/geaendert/")
    assert antwort.status_code == 302
    assert antwort["Location"].startswith("/konto/anmelden/")
