"""Every form that sets a password bounds its length (aktionsplan.passwort, QA 2026-11-29,
F-21): the staff's own password page and the admin's, with a clear message and nothing
changed."""

import pytest
from django.urls import reverse

from aktionsplan.passwort import HOECHSTLAENGE

pytestmark = pytest.mark.django_db

ALT = "Altes-Passwort-1234"


def _passwort_setzen(user, passwort: str) -> None:
    user.set_password(passwort)
    user.save(update_fields=["password"])


@pytest.mark.parametrize("laenge", [HOECHSTLAENGE + 1, 1_000_000])
def test_zu_langes_passwort_auf_der_eigenen_seite(lesen_user, lesen_client, laenge):
    _passwort_setzen(lesen_user, ALT)
    lesen_client.force_login(lesen_user)
    neu = ("Sonnenblume-42!" * (laenge // 15 + 1))[:laenge]
    antwort = lesen_client.post(
        reverse("password_change"),
        {"old_password": ALT, "new_password1": neu, "new_password2": neu},
    )
    assert antwort.status_code == 200
    assert f"höchstens {HOECHSTLAENGE} Zeichen" in antwort.content.decode()
    lesen_user.refresh_from_db()
    assert lesen_user.check_password(ALT)


def test_langes_passwort_bis_zur_grenze_geht(lesen_user, lesen_client):
    _passwort_setzen(lesen_user, ALT)
    lesen_client.force_login(lesen_user)
    neu = ("Sonnenblume-42!" * 20)[:HOECHSTLAENGE]
    antwort = lesen_client.post(
        reverse("password_change"),
        {"old_password": ALT, "new_password1": neu, "new_password2": neu},
    )
    assert antwort.status_code == 302
    lesen_user.refresh_from_db()
    assert lesen_user.check_password(neu)


def test_zu_langes_passwort_im_admin(django_user_model, lesen_user):
    from django.test import Client

    chef = django_user_model.objects.create_superuser("chef", "chef@example.org", ALT)
    client = Client()
    client.force_login(chef)
    _passwort_setzen(lesen_user, ALT)
    neu = "x7%Q" * 100
    antwort = client.post(
        reverse("admin:auth_user_password_change", args=[lesen_user.pk]),
        {"password1": neu, "password2": neu, "usable_password": "true"},
    )
    assert antwort.status_code == 200
    assert f"höchstens {HOECHSTLAENGE} Zeichen" in antwort.content.decode()
    lesen_user.refresh_from_db()
    assert lesen_user.check_password(ALT)
