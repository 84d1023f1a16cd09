"""Feedback in a region (issue 12, QA3 F12): every message belongs to a Kommune (a note to its
measure's, a message from a Kommune's public pages to that Kommune, any other to the region);
the Datenpflege of a Kommune lists and opens that Kommune's messages and the region's (another
Kommune's answer 404) and answers its own; a note is mailed only to people whose roles hold for
the measure's Kommune or the whole region. One Kommune: as before (tests/rueckmeldungen/
test_rueckmeldungen.py)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aktionsplan.models import Raum
from aktionsplan.rollen import DATENPFLEGE, LESEN, REDAKTION
from aktionsplan.sperre import speichern
from rueckmeldungen import services
from rueckmeldungen.models import Rueckmeldung
from tests.factories import (
    KommuneFactory,
    PlanFactory,
    ProjektskizzeFactory,
    RaumFactory,
    UserFactory,
)
from tests.factories import testkommune as _testkommune

pytestmark = pytest.mark.django_db

FORMULAR = "/rueckmeldung/"


@pytest.fixture(autouse=True)
def _adresse(settings):
    settings.RUECKMELDUNG_EMAIL = "inklusion@region.example"
    settings.RUECKMELDUNG_ANTWORTFRIST_TAGE = None
    settings.RUECKMELDUNG_GRENZEN = ["100/h", "300/d"]


@pytest.fixture
def region():
    oben = RaumFactory(
        name="StädteRegion Aachen",
        slug="staedteregion",
        ebene=Raum.Ebene.REGION,
        uebergeordnet=None,
    )
    stolberg = KommuneFactory(name="Stolberg", slug="stolberg", uebergeordnet=oben)
    eschweiler = KommuneFactory(name="Eschweiler", slug="eschweiler", uebergeordnet=oben)
    personen = {
        "pflege_stol": UserFactory(
            username="pflege-stol", rollen=[DATENPFLEGE], zustaendig=[stolberg]
        ),
        "pflege_esch": UserFactory(
            username="pflege-esch", rollen=[DATENPFLEGE], zustaendig=[eschweiler]
        ),
        "pflege_region": UserFactory(username="pflege-region", rollen=[DATENPFLEGE]),
        "red_stol": UserFactory(username="red-stol", rollen=[REDAKTION], zustaendig=[stolberg]),
        "red_esch": UserFactory(username="red-esch", rollen=[REDAKTION], zustaendig=[eschweiler]),
        "red_region": UserFactory(username="red-region", rollen=[REDAKTION]),
        "lesen_esch": UserFactory(username="lesen-esch", rollen=[LESEN], zustaendig=[eschweiler]),
    }
    massnahmen = {
        "stolberg": ProjektskizzeFactory(
            plan=PlanFactory(kommune=stolberg),
            veroeffentlicht=True,
            verantwortlich=personen["red_stol"],
        ),
        # A responsible person who is not (or no longer) responsible for Eschweiler.
        "eschweiler": ProjektskizzeFactory(
            plan=PlanFactory(kommune=eschweiler),
            veroeffentlicht=True,
            verantwortlich=personen["red_stol"],
        ),
    }
    return {"stolberg": stolberg, "eschweiler": eschweiler, **personen, "m": massnahmen}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _daten(**anders) -> dict:
    daten = {
        "seite": "",
        "problem": "Der Aufzug im Rathaus ist seit Wochen defekt.",
        "email": "hilde@example.org",
        "einwilligung": "on",
        "webseite": "",
    }
    daten.update(anders)
    return {k: v for k, v in daten.items() if v is not None}


def _rueckmeldung(kommune=None, **werte) -> Rueckmeldung:
    werte = {
        "problem": "Text",
        "einwilligung": True,
        "antwort_bis": services.antwortfrist(timezone.localdate()),
        "kommune": kommune,
        **werte,
    }
    return speichern(Rueckmeldung(**werte), benutzer=None)


# --- which Kommune a message belongs to --------------------------------------------------------


def test_hinweis_gehoert_der_kommune_der_massnahme_und_erreicht_nur_deren_redaktion(region):
    massnahme = region["m"]["eschweiler"]
    url = f"{FORMULAR}?massnahme={massnahme.pk}"
    antwort = Client().post(url, _daten(seite=None, problem="Die Rampe ist zu steil."))
    assert antwort.status_code == 302
    r = Rueckmeldung.objects.get()
    assert r.kommune == region["eschweiler"]
    hinweise = [m for m in mail.outbox if "Die Rampe ist zu steil." in m.body]
    assert len(hinweise) == 1
    # Eschweiler's editor and the region's; not Stolberg's editor, even though she is named as
    # the measure's responsible person.
    assert hinweise[0].to == ["red-esch@example.org", "red-region@example.org"]
    assert f"/oeffentlich/eschweiler/massnahmen/{massnahme.pk}/" in hinweise[0].body
    # The confirmation names the Kommune the sender wrote to.
    (bestaetigung,) = [m for m in mail.outbox if m.to == ["hilde@example.org"]]
    assert "(Eschweiler)" in bestaetigung.body


def test_hinweis_zu_stolberg_erreicht_verantwortliche_und_stolberger_redaktion(region):
    massnahme = region["m"]["stolberg"]
    superuser = UserFactory(username="chefin", is_superuser=True, rollen=[REDAKTION], zustaendig=[])
    assert services.hinweis_empfaenger(massnahme) == [
        "red-stol@example.org",
        "red-region@example.org",
        f"{superuser.username}@example.org",
    ]


def test_rueckmeldung_von_oeffentlichen_seiten_einer_kommune(region):
    seite = "http://testserver/oeffentlich/eschweiler/massnahmen/"
    assert Client().post(FORMULAR, _daten(seite=seite)).status_code == 302
    assert Rueckmeldung.objects.get().kommune == region["eschweiler"]


@pytest.mark.parametrize(
    "seite",
    [
        "",
        "http://testserver/oeffentlich/",
        "http://testserver/massnahmen/",
        "http://anderswo.example/oeffentlich/eschweiler/",
        "/oeffentlich/unbekannt/",
        "Die Seite mit dem Stadtplan",
    ],
)
def test_andere_rueckmeldungen_gehoeren_der_region(region, seite):
    assert Client().post(FORMULAR, _daten(seite=seite)).status_code == 302
    assert Rueckmeldung.objects.get().kommune is None


def test_kommune_der_seite_auch_als_pfad(region):
    assert (
        services.kommune_der_seite("/oeffentlich/stolberg/plaene/", basis_url="http://x/")
        == region["stolberg"].pk
    )
    assert services.kommune_der_seite("ftp://x/oeffentlich/stolberg/", basis_url="ftp://x/") is None


def test_angemeldete_person_einer_anderen_kommune_kann_rueckmeldung_geben(region):
    """The form is the public's: a logged-in Stolberg editor's message about Eschweiler's public
    pages is stored for Eschweiler, not refused for her scope."""
    client = _client(region["red_stol"])
    seite = "http://testserver/oeffentlich/eschweiler/"
    assert client.post(FORMULAR, _daten(seite=seite)).status_code == 302
    r = Rueckmeldung.objects.get()
    assert r.kommune == region["eschweiler"]
    assert r.history.count() == 1


def test_angemeldete_person_der_kommune_wird_im_verlauf_genannt(region):
    client = _client(region["red_esch"])
    seite = "http://testserver/oeffentlich/eschweiler/"
    assert client.post(FORMULAR, _daten(seite=seite)).status_code == 302
    assert Rueckmeldung.objects.get().history.get().history_user == region["red_esch"]


# --- who sees and answers which message ----------------------------------------------------------


@pytest.fixture
def nachrichten(region):
    return {
        "stolberg": _rueckmeldung(region["stolberg"], problem="zu Stolberg"),
        "eschweiler": _rueckmeldung(region["eschweiler"], problem="zu Eschweiler"),
        "hinweis_esch": _rueckmeldung(massnahme=region["m"]["eschweiler"], problem="Hinweis E"),
        "region": _rueckmeldung(None, problem="zur Region"),
    }


def test_hinweis_gespeichert_ueber_den_schreibweg_erhaelt_die_kommune(nachrichten, region):
    assert nachrichten["hinweis_esch"].kommune_id == region["eschweiler"].pk
    nachrichten["hinweis_esch"].refresh_from_db()
    assert nachrichten["hinweis_esch"].kommune_id == region["eschweiler"].pk


def _liste(client) -> set[str]:
    antwort = client.get(reverse("rueckmeldungen:liste"))
    assert antwort.status_code == 200
    return {r.problem for r in antwort.context["rueckmeldungen"]}


def test_liste_je_kommune(nachrichten, region):
    assert _liste(_client(region["pflege_stol"])) == {"zu Stolberg", "zur Region"}
    assert _liste(_client(region["pflege_esch"])) == {"zu Eschweiler", "Hinweis E", "zur Region"}
    assert _liste(_client(region["pflege_region"])) == {
        "zu Stolberg",
        "zu Eschweiler",
        "Hinweis E",
        "zur Region",
    }


@pytest.mark.parametrize(
    ("person", "nachricht", "erwartet"),
    [
        ("pflege_stol", "stolberg", 200),
        ("pflege_stol", "eschweiler", 404),
        ("pflege_stol", "hinweis_esch", 404),
        ("pflege_stol", "region", 200),
        ("pflege_esch", "hinweis_esch", 200),
        ("pflege_esch", "stolberg", 404),
        ("pflege_region", "eschweiler", 200),
        ("red_esch", "hinweis_esch", 403),
        ("lesen_esch", "eschweiler", 403),
    ],
)
def test_detail_je_kommune(nachrichten, region, person, nachricht, erwartet):
    url = nachrichten[nachricht].get_absolute_url()
    assert _client(region[person]).get(url).status_code == erwartet


@pytest.mark.parametrize(
    ("person", "nachricht", "erwartet"),
    [
        ("pflege_esch", "hinweis_esch", 302),
        ("pflege_esch", "stolberg", 404),
        # The region's message: read by every Kommune's Datenpflege, answered by the region's.
        ("pflege_esch", "region", 403),
        ("pflege_region", "region", 302),
        ("pflege_region", "stolberg", 302),
        ("red_esch", "hinweis_esch", 403),
    ],
)
def test_status_aendern_je_kommune(nachrichten, region, person, nachricht, erwartet):
    r = nachrichten[nachricht]
    antwort = _client(region[person]).post(
        r.get_absolute_url(), {"status": "beantwortet", "notiz": "", "geoeffnete_version": 1}
    )
    assert antwort.status_code == erwartet
    r.refresh_from_db()
    assert (r.status == "beantwortet") == (erwartet == 302)


def test_nachricht_der_region_ohne_formular_fuer_eine_kommune(nachrichten, region):
    url = nachrichten["region"].get_absolute_url()
    inhalt = _client(region["pflege_esch"]).get(url).content.decode()
    assert "Diese Rückmeldung betrifft die ganze Region." in inhalt
    assert 'name="status"' not in inhalt
    assert "ganze Region" in inhalt
    inhalt = _client(region["pflege_region"]).get(url).content.decode()
    assert 'name="status"' in inhalt
    inhalt = _client(region["pflege_esch"]).get(nachrichten["hinweis_esch"].get_absolute_url())
    assert 'name="status"' in inhalt.content.decode()
    assert "Eschweiler" in inhalt.content.decode()


@pytest.mark.parametrize("anzahl", [3, 30])
def test_liste_der_region_abfragen_bleiben_flach(region, django_assert_max_num_queries, anzahl):
    for i in range(anzahl):
        _rueckmeldung(region["eschweiler"] if i % 2 else region["stolberg"])
        _rueckmeldung(massnahme=region["m"]["eschweiler"])
    client = _client(region["pflege_esch"])
    client.get(reverse("rueckmeldungen:liste"))
    with django_assert_max_num_queries(4):
        antwort = client.get(reverse("rueckmeldungen:liste"))
    assert antwort.context["page_obj"].paginator.count == anzahl // 2 + anzahl


# --- the statement's default contact (QA3 F16) -----------------------------------------------


def test_erklaerung_nennt_in_der_region_die_region(region):
    assert services.erklaerung().kontakt_stelle == "StädteRegion Aachen"


def test_erklaerung_nennt_bei_einer_kommune_diese():
    _testkommune()
    assert services.erklaerung().kontakt_stelle == "Testkommune"


# --- the migration that gives existing messages their Kommune ---------------------------------


def test_migration_fuellt_vorhandene_nachrichten(region):
    from importlib import import_module

    from django.apps import apps

    fuellen = import_module("rueckmeldungen.migrations.0003_kommune_fuellen").fuellen
    hinweis = _rueckmeldung(massnahme=region["m"]["eschweiler"])
    von_seite = _rueckmeldung(seite="https://stadt.example/oeffentlich/eschweiler/plaene/")
    sonst = _rueckmeldung(seite="/massnahmen/")
    Rueckmeldung.objects.update(kommune=None)
    region["stolberg"].amtlicher_schluessel = "05334032"
    region["stolberg"].save()
    fuellen(apps, None)
    for r in (hinweis, von_seite, sonst):
        r.refresh_from_db()
    assert hinweis.kommune == region["eschweiler"]
    assert von_seite.kommune == region["eschweiler"]
    # Any other existing message: the own Kommune, as the other models' rows before the region.
    assert sonst.kommune == region["stolberg"]
