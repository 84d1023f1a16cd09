"""Contact persons are personal data: deleting one erases it from the change history too."""

import pytest
from django.urls import reverse

from akteure.models import Ansprechperson
from tests.factories import AkteurFactory, AnsprechpersonFactory

pytestmark = pytest.mark.django_db

PERSONENDATEN = ("Erika Musterfrau", "erika@example.org", "02402 123")


def _spuren(pk: int) -> list[tuple]:
    return list(
        Ansprechperson.history.filter(id=pk).values_list("name", "email", "telefon", "funktion")
    )


def _person(akteur=None):
    person = AnsprechpersonFactory(
        akteur=akteur or AkteurFactory(),
        name=PERSONENDATEN[0],
        email=PERSONENDATEN[1],
        telefon=PERSONENDATEN[2],
        funktion="Teamleitung",
    )
    person.funktion = "Leitung"
    person.save()
    return person


def _nichts_mehr_erkennbar(pk: int) -> None:
    spuren = _spuren(pk)
    assert spuren, "who/when stays in the history"
    for zeile in spuren:
        assert not set(zeile) & {*PERSONENDATEN, "Teamleitung", "Leitung"}
    arten = set(Ansprechperson.history.filter(id=pk).values_list("history_type", flat=True))
    assert arten == {"+", "~", "-"}


def test_loeschen_im_admin_tilgt_personendaten_aus_der_historie(datenpflege_client):
    person = _person()
    url = reverse("admin:akteure_ansprechperson_delete", args=[person.pk])
    antwort = datenpflege_client.post(url, {"post": "yes"})
    assert antwort.status_code == 302
    assert not Ansprechperson.objects.filter(pk=person.pk).exists()
    _nichts_mehr_erkennbar(person.pk)


def test_sammelloeschung_im_admin(datenpflege_client):
    personen = [_person(), _person()]
    antwort = datenpflege_client.post(
        reverse("admin:akteure_ansprechperson_changelist"),
        {"action": "delete_selected", "_selected_action": [p.pk for p in personen], "post": "yes"},
    )
    assert antwort.status_code == 302
    for person in personen:
        _nichts_mehr_erkennbar(person.pk)


def test_akteur_loeschen_nimmt_ansprechpersonen_spurlos_mit(datenpflege_client):
    akteur = AkteurFactory()
    person = _person(akteur)
    antwort = datenpflege_client.post(
        reverse("admin:akteure_akteur_delete", args=[akteur.pk]), {"post": "yes"}
    )
    assert antwort.status_code == 302
    _nichts_mehr_erkennbar(person.pk)


def test_loeschen_in_der_inline_tabelle_des_akteurs(datenpflege_client):
    akteur = AkteurFactory(name="Lebenshilfe (Demo)")
    person = _person(akteur)
    url = reverse("admin:akteure_akteur_change", args=[akteur.pk])
    formular = datenpflege_client.get(url).context["adminform"].form
    daten = {
        "name": akteur.name,
        "kurzname": "",
        "typ": akteur.typ_id,
        "ebene": akteur.ebene,
        "beschreibung": "",
        "website": "",
        "aktiv": "on",
        "geoeffnete_version": akteur.version,
        "ansprechpersonen-TOTAL_FORMS": "1",
        "ansprechpersonen-INITIAL_FORMS": "1",
        "ansprechpersonen-0-id": person.pk,
        "ansprechpersonen-0-akteur": akteur.pk,
        "ansprechpersonen-0-name": person.name,
        "ansprechpersonen-0-funktion": person.funktion,
        "ansprechpersonen-0-email": person.email,
        "ansprechpersonen-0-telefon": person.telefon,
        "ansprechpersonen-0-rechtsgrundlage": person.rechtsgrundlage,
        "ansprechpersonen-0-bestaetigt_am": person.bestaetigt_am.isoformat(),
        "ansprechpersonen-0-DELETE": "on",
        "ansprechpersonen-0-geoeffnete_version": person.version,
        "datenquellen-TOTAL_FORMS": "0",
        "datenquellen-INITIAL_FORMS": "0",
    }
    assert formular is not None
    antwort = datenpflege_client.post(url, daten)
    assert antwort.status_code == 302, antwort.context["adminform"].form.errors
    assert not Ansprechperson.objects.filter(pk=person.pk).exists()
    _nichts_mehr_erkennbar(person.pk)
