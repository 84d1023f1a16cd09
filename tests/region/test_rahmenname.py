"""The name a page is framed with in a region (header, title, legal pages) and that every
sentence naming it reads right for any name (QA2 2026-11-30, F3: "Aktionsplan Inklusion der
Eschweiler").

- In an installation with one Kommune: that Kommune, as before.
- In a region: a person for one Kommune sees that Kommune; the region role, a person for several
  Kommunen and a visitor outside a Kommune's public prefix see the region's name; a Kommune's
  public pages name that Kommune.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from aktionsplan.models import Raum
from aktionsplan.rollen import LESEN, REDAKTION
from tests.factories import KommuneFactory, PlanFactory, RaumFactory, UserFactory

pytestmark = pytest.mark.django_db


def _kopf(antwort) -> str:
    """The name in the page header."""
    inhalt = antwort.content.decode()
    treffer = re.search(r'<span class="seitenkopf__kommune">([^<]*)</span>', inhalt)
    assert treffer, inhalt[:500]
    return treffer.group(1)


def _titel(antwort) -> str:
    return re.search(r"<title>([^<]*)</title>", antwort.content.decode()).group(1)


@pytest.fixture
def region():
    staedteregion = RaumFactory(
        name="StädteRegion Aachen",
        slug="staedteregion",
        ebene=Raum.Ebene.REGION,
        uebergeordnet=None,
    )
    stolberg = KommuneFactory(
        name="Kupferstadt Stolberg", slug="stolberg", uebergeordnet=staedteregion
    )
    eschweiler = KommuneFactory(name="Eschweiler", slug="eschweiler", uebergeordnet=staedteregion)
    PlanFactory(kommune=eschweiler, slug="plan-eschweiler")
    return {"region": staedteregion, "stolberg": stolberg, "eschweiler": eschweiler}


def _person(*kommunen, rolle=REDAKTION):
    """A logged-in client of a person with ``rolle`` for ``kommunen`` (none: the whole region)."""
    person = UserFactory(rollen=[rolle], zustaendig=list(kommunen) or None)
    client = Client()
    client.force_login(person)
    return client


def test_eine_kommune_rahmen_wie_bisher():
    KommuneFactory(name="Eschweiler", slug="eschweiler")
    antwort = Client().get("/oeffentlich/")
    assert _kopf(antwort) == "Eschweiler"
    inhalt = antwort.content.decode()
    # The heading reads right for a name without its own article.
    assert "Aktionsplan Inklusion – Eschweiler</h1>" in inhalt
    assert "Inklusion der Eschweiler" not in inhalt


def test_region_kopf_je_person(region):
    assert _kopf(_person(region["eschweiler"]).get("/")) == "Eschweiler"
    assert _kopf(_person(region["stolberg"]).get("/")) == "Kupferstadt Stolberg"
    beide = _person(region["stolberg"], region["eschweiler"])
    assert _kopf(beide.get("/")) == "StädteRegion Aachen"
    assert _kopf(_person(rolle=LESEN).get("/")) == "StädteRegion Aachen"


def test_region_oeffentlich_verzeichnis_und_praefix(region):
    besucher = Client()
    verzeichnis = besucher.get("/oeffentlich/")
    assert _kopf(verzeichnis) == "StädteRegion Aachen"
    assert _titel(verzeichnis).endswith("– StädteRegion Aachen")
    start = besucher.get("/oeffentlich/eschweiler/")
    assert start.status_code == 200
    assert _kopf(start) == "Eschweiler"
    assert "Aktionsplan Inklusion – Eschweiler</h1>" in start.content.decode()
    # Legal pages: a sentence that reads right with any name.
    datenschutz = besucher.get("/datenschutz/").content.decode()
    assert "die Verwaltung, die sie betreibt: StädteRegion Aachen." in datenschutz


def test_umbenannte_region_sofort_im_rahmen(region):
    besucher = Client()
    assert _kopf(besucher.get("/oeffentlich/")) == "StädteRegion Aachen"
    region["region"].name = "Städteregion Aachen (neu)"
    region["region"].save()
    assert _kopf(besucher.get("/oeffentlich/")) == "Städteregion Aachen (neu)"


def test_kommunen_ohne_gemeinsame_region_nennen_die_eigene():
    KommuneFactory(name="Kupferstadt Stolberg", slug="stolberg", amtlicher_schluessel="05334032")
    KommuneFactory(name="Düren", slug="dueren")
    cache.clear()  # read from the database, not from what the writes stored
    assert _kopf(Client().get("/oeffentlich/")) == "Kupferstadt Stolberg"


def test_kommune_ohne_plan_im_verzeichnis_und_mit_eigener_seite(region):
    """A Kommune without a published plan (in the demo eight of ten) is listed apart on the
    region's public start, and its prefix answers with its start page saying so (QA2 F4)."""
    besucher = Client()
    inhalt = besucher.get("/oeffentlich/").content.decode()
    mit_plan, ohne_plan = inhalt.split('id="ohne-plan-titel"')
    assert 'href="/oeffentlich/eschweiler/"' in mit_plan
    assert 'href="/oeffentlich/stolberg/"' not in mit_plan
    assert 'href="/oeffentlich/stolberg/"' in ohne_plan
    start = besucher.get("/oeffentlich/stolberg/")
    assert start.status_code == 200
    assert "Noch kein Plan veröffentlicht." in start.content.decode()
    leicht = besucher.get("/oeffentlich/leicht/").content.decode()
    assert 'href="/oeffentlich/stolberg/leicht/"' in leicht.split('id="ohne-plan-titel"')[1]
