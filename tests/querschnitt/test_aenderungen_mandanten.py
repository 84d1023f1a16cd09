"""The change log in a region (issue 12, QA3 F10): entries about people, their roles and their
memberships follow the rule of the admin's person pages (aktionsplan.bereich.personen_filtern);
the Datenpflege of Stolberg does not see Eschweiler's or the region's accounts in the list, and
their entries answer 404. Memberships that exist are not labelled "(gelöscht)"."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from aktionsplan.historie import historienmodell
from aktionsplan.models import Raum, Zustaendigkeit
from aktionsplan.rollen import DATENPFLEGE, LESEN, REDAKTION
from tests.factories import KommuneFactory, RaumFactory, UserFactory

pytestmark = pytest.mark.django_db
LISTE = reverse("querschnitt:aenderung_liste")
Benutzer = get_user_model()


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
        "pflege_region": UserFactory(username="pflege-region", rollen=[DATENPFLEGE]),
        "red_stol": UserFactory(username="red-stol", rollen=[REDAKTION], zustaendig=[stolberg]),
        "red_esch": UserFactory(username="red-esch", rollen=[REDAKTION], zustaendig=[eschweiler]),
        "beide": UserFactory(
            username="paul-beide", rollen=[LESEN], zustaendig=[eschweiler, stolberg]
        ),
        "region_lesen": UserFactory(username="rita-region", rollen=[LESEN]),
        "neu": UserFactory(username="nina-neu", zustaendig=[]),
    }
    weg_stol = UserFactory(username="weg-stol", rollen=[LESEN], zustaendig=[stolberg])
    weg_esch = UserFactory(username="weg-esch", rollen=[LESEN], zustaendig=[eschweiler])
    weg = {"weg_stol": weg_stol.pk, "weg_esch": weg_esch.pk}
    weg_stol.delete()
    weg_esch.delete()
    return {"stolberg": stolberg, "eschweiler": eschweiler, **personen, **weg}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _objekte(antwort) -> set[str]:
    """The "Objekt" cell of every row, as a reader sees it."""
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    tabelle = inhalt[inhalt.index("<tbody") : inhalt.index("</tbody>")]
    return {
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", zelle)).strip()
        for zelle in re.findall(r'<th scope="row"[^>]*>(.*?)</th>', tabelle, re.S)
    }


def _detail(modell: type, **filter_) -> str:
    zeile = historienmodell(modell).objects.filter(**filter_).order_by("history_id").first()
    schluessel = f"{modell._meta.app_label}-{modell._meta.model_name}"
    return reverse("querschnitt:aenderung_detail", args=[schluessel, zeile.history_id])


def test_konten_nur_der_eigenen_kommune(region):
    client = _client(region["pflege_stol"])
    konten = _objekte(client.get(LISTE, {"modell": "auth-user"}))
    assert konten == {
        "pflege-stol",
        "red-stol",
        "paul-beide",
        "nina-neu",
        # A deleted account of Stolberg (by the memberships its history records).
        "weg-stol (gelöscht)",
    }
    alle = _objekte(_client(region["pflege_region"]).get(LISTE, {"modell": "auth-user"}))
    assert {"red-esch", "rita-region", "pflege-region", "weg-esch (gelöscht)"} <= alle
    assert konten < alle


def test_zustaendigkeiten_nur_der_eigenen_kommune(region):
    client = _client(region["pflege_stol"])
    eintraege = _objekte(client.get(LISTE, {"modell": "aktionsplan-zustaendigkeit"}))
    assert eintraege == {
        "pflege-stol · Stolberg",
        "red-stol · Stolberg",
        "paul-beide · Stolberg",
        "weg-stol · Stolberg (gelöscht)",
    }
    alle = _objekte(
        _client(region["pflege_region"]).get(LISTE, {"modell": "aktionsplan-zustaendigkeit"})
    )
    assert {
        "red-esch · Eschweiler",
        "paul-beide · Eschweiler",
        "rita-region · ganze Region",
        "pflege-region · ganze Region",
    } <= alle


def test_gesamte_liste_ohne_fremde_personen(region):
    inhalt = _client(region["pflege_stol"]).get(LISTE).content.decode()
    for name in ("red-esch", "rita-region", "pflege-region", "weg-esch", "Eschweiler"):
        assert name not in inhalt, name


@pytest.mark.parametrize(
    ("person", "erwartet"),
    [("red_esch", 404), ("region_lesen", 404), ("pflege_region", 404), ("red_stol", 200)],
)
def test_detail_eines_kontos(region, person, erwartet):
    url = _detail(Benutzer, id=region[person].pk)
    assert _client(region["pflege_stol"]).get(url).status_code == erwartet
    assert _client(region["pflege_region"]).get(url).status_code == 200


def test_detail_einer_zustaendigkeit(region):
    stol = _client(region["pflege_stol"])
    fremd = _detail(Zustaendigkeit, nutzer_id=region["red_esch"].pk)
    der_region = _detail(Zustaendigkeit, nutzer_id=region["region_lesen"].pk)
    andere_von_beiden = _detail(
        Zustaendigkeit, nutzer_id=region["beide"].pk, kommune=region["eschweiler"]
    )
    geloescht_fremd = _detail(Zustaendigkeit, nutzer_id=region["weg_esch"])
    for url in (fremd, der_region, andere_von_beiden, geloescht_fremd):
        assert stol.get(url).status_code == 404, url
        assert _client(region["pflege_region"]).get(url).status_code == 200
    eigen = stol.get(_detail(Zustaendigkeit, nutzer_id=region["red_stol"].pk))
    assert eigen.status_code == 200
    inhalt = eigen.content.decode()
    # An existing membership links its person's page in the admin, where it is kept.
    assert f'href="/admin/auth/user/{region["red_stol"].pk}/change/"' in inhalt
    assert "(gelöscht)" not in inhalt


def test_detail_eines_geloeschten_kontos(region):
    stol = _client(region["pflege_stol"])
    assert stol.get(_detail(Benutzer, username="weg-esch")).status_code == 404
    antwort = stol.get(_detail(Benutzer, username="weg-stol"))
    assert antwort.status_code == 200
    assert "(gelöscht)" in antwort.content.decode()


@pytest.mark.parametrize("anzahl", [2, 20])
def test_abfragen_fest_in_der_region(region, django_assert_max_num_queries, anzahl):
    for i in range(anzahl):
        UserFactory(username=f"extra-{i}", rollen=[LESEN], zustaendig=[region["eschweiler"]])
    client = _client(region["pflege_stol"])
    client.get(LISTE)
    # Session, user and memberships from their caches; the union; the people named.
    with django_assert_max_num_queries(4):
        antwort = client.get(LISTE)
    assert "extra-" not in antwort.content.decode()


def test_eine_kommune_zustaendigkeit_nicht_geloescht(datenpflege_client, redaktion_user):
    """With one Kommune (no region): every account and membership is listed as before, and a
    membership that exists is no longer labelled deleted (QA3 F10)."""
    eintraege = _objekte(datenpflege_client.get(LISTE, {"modell": "aktionsplan-zustaendigkeit"}))
    assert f"{redaktion_user.username} · ganze Region" in eintraege
    assert not any("(gelöscht)" in e for e in eintraege)
