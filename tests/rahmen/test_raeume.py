"""Area tree and area detail: access per role, tree, content, links, query budget."""

import pytest
from django.urls import reverse

from aktionsplan.models import Raum
from aktionsplan.raumbaum import baum_bauen
from querschnitt.views import RAUM_LISTE_HOECHSTENS, WERTE_JE_SEITE
from querschnitt.zaehlungen import raeume_fuer_baum
from tests.factories import (
    AkteurFactory,
    BeteiligungsformatFactory,
    ErkenntnisFactory,
    KommuneFactory,
    ProjektskizzeFactory,
    RaumFactory,
    SachstandFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def baum():
    region = KommuneFactory(name="StädteRegion Aachen", slug="region", ebene=Raum.Ebene.REGION)
    # The factories' Kommune (slug "testkommune"): the plans of the measures below belong to
    # it, so the installation keeps one Kommune (several would scope reads by memberships).
    stolberg = KommuneFactory(name="Stolberg", slug="testkommune", uebergeordnet=region)
    muensterbusch = RaumFactory(name="Münsterbusch", slug="muensterbusch", uebergeordnet=stolberg)
    oberstolberg = RaumFactory(name="Oberstolberg", slug="oberstolberg", uebergeordnet=stolberg)
    liester = RaumFactory(
        name="Liester", slug="liester", uebergeordnet=muensterbusch, ebene=Raum.Ebene.VIERTEL
    )
    return {
        "region": region,
        "stolberg": stolberg,
        "muensterbusch": muensterbusch,
        "oberstolberg": oberstolberg,
        "liester": liester,
    }


@pytest.fixture
def verknuepft(baum):
    raum = baum["muensterbusch"]
    projekt = ProjektskizzeFactory(titel="Quartiersbüro Münsterbusch")
    projekt.raeume.add(raum)
    SachstandFactory(projekt=projekt)
    ProjektskizzeFactory(titel="Leichte Sprache im Rathaus", gesamtstaedtisch=True)
    akteur = AkteurFactory(name="Caritas Stolberg")
    akteur.raeume.add(raum)
    format_ = BeteiligungsformatFactory(titel="Sozialraumkonferenz Münsterbusch")
    format_.raeume.add(raum)
    erkenntnis = ErkenntnisFactory(titel="Treffpunkt fehlt")
    erkenntnis.raeume.add(raum)
    return {"projekt": projekt, "akteur": akteur, "format": format_, "erkenntnis": erkenntnis}


def test_zugriff_je_rolle(rollen_client, baum):
    for url in (reverse("aktionsplan:raum_liste"), baum["stolberg"].get_absolute_url()):
        response = rollen_client.get(url)
        if rollen_client.rolle == "anonym":
            assert response.status_code == 302
            assert response.url.startswith(reverse("login"))
        else:
            assert response.status_code == 200
        # Read-only pages: a POST is refused (anonymous users are sent to login first).
        post = rollen_client.post(url)
        assert post.status_code == (302 if rollen_client.rolle == "anonym" else 405)


def test_ohne_rolle_verboten(client, baum):
    client.force_login(UserFactory(username="ohne-rolle"))
    assert client.get(reverse("aktionsplan:raum_liste")).status_code == 403
    assert client.get(baum["stolberg"].get_absolute_url()).status_code == 403


def test_unbekannter_raum_404(lesen_client):
    assert lesen_client.get("/raeume/gibt-es-nicht/").status_code == 404


def test_baum_in_python_gebaut(baum):
    wurzeln = baum_bauen(list(raeume_fuer_baum(Raum.objects.all())))
    assert [k.raum.name for k in wurzeln] == ["StädteRegion Aachen"]
    stolberg = wurzeln[0].kinder[0]
    assert stolberg.raum.name == "Stolberg"
    assert [k.raum.name for k in stolberg.kinder] == ["Münsterbusch", "Oberstolberg"]
    assert [k.raum.name for k in stolberg.kinder[0].kinder] == ["Liester"]


def test_liste_zeigt_verschachtelten_baum_mit_zahlen(lesen_client, baum, verknuepft):
    seite = lesen_client.get(reverse("aktionsplan:raum_liste")).content.decode()
    inhalt = seite[seite.index("<main") : seite.index("</main>")]
    # Nested lists: Liester sits inside Münsterbusch's item, which sits inside Stolberg's.
    region = inhalt.index("StädteRegion Aachen")
    stolberg = inhalt.index(">Stolberg<")
    muensterbusch = inhalt.index(">Münsterbusch<")
    liester = inhalt.index(">Liester<")
    assert region < stolberg < muensterbusch < liester < inhalt.index(">Oberstolberg<")
    assert inhalt.count("<ul") == 4
    assert "1 Maßnahme)" in inhalt
    assert f'href="{baum["liester"].get_absolute_url()}"' in inhalt


def test_detail_zeigt_ebene_ober_und_unterraeume(lesen_client, baum):
    response = lesen_client.get(baum["muensterbusch"].get_absolute_url())
    inhalt = response.content.decode()
    assert "Sozialraum" in inhalt
    assert f'href="{baum["stolberg"].get_absolute_url()}"' in inhalt
    assert f'href="{baum["liester"].get_absolute_url()}"' in inhalt
    assert [k.name for k in response.context["kinder"]] == ["Liester"]


def test_detail_zeigt_massnahmen_akteure_beteiligung_erkenntnisse(lesen_client, baum, verknuepft):
    response = lesen_client.get(baum["muensterbusch"].get_absolute_url())
    inhalt = response.content.decode()
    for ziel in verknuepft.values():
        assert f'href="{ziel.get_absolute_url()}"' in inhalt
    assert "Quartiersbüro Münsterbusch" in inhalt
    raum = baum["muensterbusch"]
    assert f'href="{reverse("projekte:projekt_liste")}?raum={raum.pk}"' in inhalt
    # The city-wide measure is not listed as linked to the area, only counted and linked.
    assert "Leichte Sprache im Rathaus" not in inhalt
    assert "Außerdem gilt 1 gesamtstädtische Maßnahme für alle Räume." in inhalt
    assert f'href="{reverse("projekte:projekt_liste")}?gesamtstaedtisch=ja"' in inhalt


def test_detail_ohne_verknuepfungen(lesen_client, baum):
    inhalt = lesen_client.get(baum["oberstolberg"].get_absolute_url()).content.decode()
    assert "Diesem Raum ist keine Maßnahme direkt zugeordnet." in inhalt
    assert "Für diesen Raum ist kein Akteur erfasst." in inhalt
    assert "Außerdem gelten 0 gesamtstädtische Maßnahmen für alle Räume." in inhalt


def test_admin_link_nur_fuer_datenpflege(lesen_client, redaktion_client, datenpflege_client, baum):
    raum = baum["stolberg"]
    admin_url = reverse("admin:aktionsplan_raum_change", args=[raum.pk])
    assert admin_url in datenpflege_client.get(raum.get_absolute_url()).content.decode()
    for client in (lesen_client, redaktion_client):
        assert admin_url not in client.get(raum.get_absolute_url()).content.decode()


@pytest.mark.parametrize("anzahl", [5, 50])
def test_liste_abfragen(lesen_client, django_assert_num_queries, baum, anzahl):
    for i in range(anzahl):
        sozialraum = RaumFactory(uebergeordnet=baum["stolberg"])
        RaumFactory(uebergeordnet=sozialraum, ebene=Raum.Ebene.VIERTEL, name=f"Viertel {i}")
        ProjektskizzeFactory().raeume.add(sozialraum)
    # 1 session, 2 user, 3 groups, 4 all areas with their measure counts (tree built in Python).
    with django_assert_num_queries(4):
        response = lesen_client.get(reverse("aktionsplan:raum_liste"))
    assert len(response.context["baum"][0].kinder[0].kinder) == anzahl + 2


@pytest.mark.parametrize("anzahl", [5, 50])
def test_detail_abfragen(lesen_client, django_assert_num_queries, baum, anzahl):
    """The page costs the same whatever hangs off the area: its lists stop at
    RAUM_LISTE_HOECHSTENS (with their number and a link to the filtered list), its values are
    paged (1,100 indicators' values took 1.2 s at 100x the demo)."""
    from tests.factories import IndikatorFactory, MesswertFactory

    raum = baum["muensterbusch"]
    for i in range(anzahl):
        RaumFactory(uebergeordnet=raum, ebene=Raum.Ebene.VIERTEL, name=f"Viertel {i}")
        projekt = ProjektskizzeFactory()
        projekt.raeume.add(raum)
        SachstandFactory(projekt=projekt)
        ProjektskizzeFactory(gesamtstaedtisch=True)
        AkteurFactory().raeume.add(raum)
        BeteiligungsformatFactory().raeume.add(raum)
        ErkenntnisFactory().raeume.add(raum)
        MesswertFactory(indikator=IndikatorFactory(name=f"Indikator {i:02}"), raum=raum)
    # 1 session, 2 user, 3 groups (the factories changed persons: not from the cache), 4 area
    # with parent, 5 children, 6-8 values (count of indicators with a value, the page of them,
    # their latest values as complete groups for protection), 9-10 measures with plan and
    # current status and their count, 11 count of city-wide measures, 12-13 actors with type
    # and their count, 14-15 participation events and their count, 16 newest findings.
    with django_assert_num_queries(16):
        response = lesen_client.get(raum.get_absolute_url())
    gezeigt = min(anzahl, RAUM_LISTE_HOECHSTENS)
    assert len(response.context["projekte"]) == gezeigt
    assert len(response.context["akteure"]) == gezeigt
    assert len(response.context["beteiligungsformate"]) == gezeigt
    assert response.context["anzahl_projekte"] == anzahl
    assert len(response.context["werte"]) == min(anzahl, WERTE_JE_SEITE)
    inhalt = response.content.decode()
    if anzahl > RAUM_LISTE_HOECHSTENS:
        assert f"Gezeigt sind die ersten 25 von {anzahl} Akteuren." in inhalt
        assert f'href="/akteure/?raum={raum.pk}"' in inhalt
        assert "Seite 1 von 2" in inhalt
        zweite = lesen_client.get(raum.get_absolute_url(), {"page": 2})
        assert [av.indikator.name for av in zweite.context["werte"]] == [
            f"Indikator {i:02}" for i in range(25, 50)
        ]


def test_raum_zeigt_neueste_werte_geschuetzt(lesen_client, baum):
    from tests.factories import IndikatorFactory, MesswertFactory

    raum = baum["muensterbusch"]
    gross = IndikatorFactory(name="Schwerbehinderte Menschen")
    klein = IndikatorFactory(name="Arbeitslose Schwerbehinderte", mindestfallzahl=3)
    MesswertFactory(indikator=gross, raum=raum, jahr=2024, wert=1234)
    MesswertFactory(indikator=gross, raum=raum, jahr=2025, wert=1250)
    MesswertFactory(indikator=klein, raum=raum, jahr=2025, wert=2)

    inhalt = lesen_client.get(raum.get_absolute_url()).content.decode()

    assert "Schwerbehinderte Menschen" in inhalt
    assert "1.250" in inhalt
    assert "1.234" not in inhalt  # only the newest year
    assert "&lt; 3" in inhalt
