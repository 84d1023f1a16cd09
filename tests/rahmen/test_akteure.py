"""Actor list and detail: access per role, filters, pagination, content, links, query budget."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from akteure.models import Akteur
from projekte.models import Projektbeteiligung
from tests.factories import (
    AkteurFactory,
    AkteurstypFactory,
    AnsprechpersonFactory,
    DatenquelleFactory,
    ProjektbeteiligungFactory,
    ProjektskizzeFactory,
    RaumFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LISTE = "/akteure/"


@pytest.fixture
def akteur():
    akteur = AkteurFactory(
        name="Versorgungsamt StädteRegion Aachen",
        kurzname="VA",
        typ=AkteurstypFactory(name="Versorgungsamt"),
        ebene=Akteur.Ebene.STAEDTEREGION,
        beschreibung="Stellt Schwerbehindertenausweise aus.",
        website="https://www.staedteregion-aachen.de/",
    )
    akteur.raeume.add(RaumFactory(name="Münsterbusch", slug="muensterbusch"))
    return akteur


@pytest.fixture
def verknuepft(akteur):
    projekt = ProjektskizzeFactory(titel="Barrierefreies Rathaus")
    ProjektbeteiligungFactory(
        projekt=projekt,
        akteur=akteur,
        rolle=Projektbeteiligung.Rolle.FEDERFUEHREND,
        aufgabe="Beratung zu Nachteilsausgleichen",
    )
    quelle = DatenquelleFactory(akteur=akteur, name="Schwerbehindertenstatistik")
    heute = timezone.localdate()
    aktuell = AnsprechpersonFactory(
        akteur=akteur,
        name="Erika Beispiel",
        funktion="Sachgebietsleitung",
        email="erika.beispiel@example.org",
        telefon="02402 123-45",
        bestaetigt_am=heute - datetime.timedelta(days=30),
    )
    veraltet = AnsprechpersonFactory(
        akteur=akteur, name="Max Alt", bestaetigt_am=heute - datetime.timedelta(days=3 * 365)
    )
    return {"projekt": projekt, "quelle": quelle, "aktuell": aktuell, "veraltet": veraltet}


def test_zugriff_je_rolle(rollen_client, akteur):
    for url in (LISTE, akteur.get_absolute_url()):
        response = rollen_client.get(url)
        if rollen_client.rolle == "anonym":
            assert response.status_code == 302
            assert response.url.startswith(reverse("login"))
        else:
            assert response.status_code == 200
        # Read-only pages: a POST is refused (anonymous users are sent to login first).
        post = rollen_client.post(url)
        assert post.status_code == (302 if rollen_client.rolle == "anonym" else 405)


def test_anonym_sieht_keine_ansprechpersonen(anonym_client, akteur, verknuepft):
    response = anonym_client.get(akteur.get_absolute_url())
    assert response.status_code == 302
    assert "Erika Beispiel" not in response.content.decode()


def test_ohne_rolle_verboten(client, akteur):
    client.force_login(UserFactory(username="ohne-rolle"))
    assert client.get(LISTE).status_code == 403
    assert client.get(akteur.get_absolute_url()).status_code == 403


def test_unbekannter_akteur_404(lesen_client):
    assert lesen_client.get("/akteure/999999/").status_code == 404


def test_liste_zeigt_spalten_und_zahlen(lesen_client, akteur, verknuepft):
    AkteurFactory(name="Arbeitsagentur Aachen-Düren")
    response = lesen_client.get(LISTE)
    zeilen = list(response.context["seite"])
    assert [a.name for a in zeilen] == ["Arbeitsagentur Aachen-Düren", akteur.name]
    assert (zeilen[1].anzahl_massnahmen, zeilen[1].anzahl_datenquellen) == (1, 1)
    inhalt = response.content.decode()
    assert "StädteRegion" in inhalt
    assert "Versorgungsamt" in inhalt
    assert f'href="{akteur.get_absolute_url()}"' in inhalt
    assert "2 Akteure gefunden" in inhalt


@pytest.mark.parametrize(
    ("abfrage", "erwartet"),
    [
        ("", ["Caritas", "Lebenshilfe", "Versorgungsamt StädteRegion Aachen"]),
        ("q=versorgung", ["Versorgungsamt StädteRegion Aachen"]),
        ("q=VA", ["Versorgungsamt StädteRegion Aachen"]),
        ("ebene=kommunal", ["Caritas", "Lebenshilfe"]),
        ("aktiv=false", ["Lebenshilfe"]),
        ("aktiv=true&ebene=kommunal", ["Caritas"]),
    ],
)
def test_filter_grenzen_die_liste_ein(lesen_client, akteur, abfrage, erwartet):
    AkteurFactory(name="Caritas")
    AkteurFactory(name="Lebenshilfe", aktiv=False)
    response = lesen_client.get(f"{LISTE}?{abfrage}")
    assert [a.name for a in response.context["seite"]] == erwartet


def test_filter_nach_typ_und_raum(lesen_client, akteur):
    AkteurFactory(name="Caritas")
    raum = akteur.raeume.get()
    assert [a.name for a in lesen_client.get(f"{LISTE}?raum={raum.pk}").context["seite"]] == [
        akteur.name
    ]
    assert [a.name for a in lesen_client.get(f"{LISTE}?typ={akteur.typ_id}").context["seite"]] == [
        akteur.name
    ]


def test_ungueltiger_filter_wird_gemeldet_und_uebergangen(lesen_client, akteur):
    response = lesen_client.get(f"{LISTE}?typ=999999&ebene=staedteregion")
    assert response.status_code == 200
    assert list(response.context["filter"].errors) == ["typ"]
    # The valid filters still apply.
    assert [a.name for a in response.context["seite"]] == [akteur.name]


def test_seitenwechsel_behaelt_filter(lesen_client):
    typ = AkteurstypFactory(name="Sportverein")
    for i in range(30):
        AkteurFactory(name=f"Verein {i:02d}", typ=typ)
    AkteurFactory(name="Anderer Träger")
    response = lesen_client.get(f"{LISTE}?typ={typ.pk}")
    assert len(response.context["seite"]) == 25
    inhalt = response.content.decode()
    assert f'href="?typ={typ.pk}&amp;page=2"' in inhalt
    zweite = lesen_client.get(f"{LISTE}?typ={typ.pk}&page=2")
    assert [a.name for a in zweite.context["seite"]] == [f"Verein {i:02d}" for i in range(25, 30)]
    assert "Anderer Träger" not in zweite.content.decode()


def test_detail_zeigt_steckbrief_massnahmen_quellen_ansprechpersonen(
    lesen_client, akteur, verknuepft
):
    inhalt = lesen_client.get(akteur.get_absolute_url()).content.decode()
    assert "Stellt Schwerbehindertenausweise aus." in inhalt
    # The website as text and as a plain link; nothing is loaded from it.
    assert (
        '<a class="kern-link" href="https://www.staedteregion-aachen.de/" '
        'rel="external noopener noreferrer">https://www.staedteregion-aachen.de/</a>'
    ) in inhalt
    assert 'src="https://www.staedteregion-aachen.de' not in inhalt
    assert f'href="{akteur.raeume.get().get_absolute_url()}"' in inhalt
    assert f'href="{verknuepft["projekt"].get_absolute_url()}"' in inhalt
    assert "federführend" in inhalt
    assert f'href="{reverse("projekte:projekt_liste")}?akteur={akteur.pk}"' in inhalt
    assert "Beratung zu Nachteilsausgleichen" in inhalt
    assert f'href="{verknuepft["quelle"].get_absolute_url()}"' in inhalt
    for text in (
        "Erika Beispiel",
        "Sachgebietsleitung",
        'href="mailto:erika.beispiel@example.org"',
        "02402 123-45",
        "Art. 6 Abs. 1 lit. e DSGVO",
        "Max Alt",
    ):
        assert text in inhalt


def test_ueberfaellige_bestaetigung_in_text_markiert(lesen_client, akteur, verknuepft):
    response = lesen_client.get(akteur.get_absolute_url())
    personen = {p.name: p.bestaetigung_ueberfaellig for p in response.context["ansprechpersonen"]}
    assert personen == {"Erika Beispiel": False, "Max Alt": True}
    assert response.content.decode().count("Bestätigung überfällig") == 1


def test_admin_link_nur_fuer_datenpflege(
    lesen_client, redaktion_client, datenpflege_client, akteur
):
    admin_url = reverse("admin:akteure_akteur_change", args=[akteur.pk])
    assert admin_url in datenpflege_client.get(akteur.get_absolute_url()).content.decode()
    for client in (lesen_client, redaktion_client):
        assert admin_url not in client.get(akteur.get_absolute_url()).content.decode()


@pytest.mark.parametrize("anzahl", [5, 50])
def test_liste_abfragen(lesen_client, django_assert_num_queries, anzahl):
    for _ in range(anzahl):
        akteur = AkteurFactory()
        ProjektbeteiligungFactory(akteur=akteur)
        DatenquelleFactory(akteur=akteur)
    # 1 session, 2 user, 3 groups, 4 actor types for the filter's select, 5 areas for the
    # filter's select, 6 count for the paginator, 7 one page of actors with type and counts.
    with django_assert_num_queries(7):
        response = lesen_client.get(LISTE)
    assert len(response.context["seite"]) == min(anzahl, 25)


@pytest.mark.parametrize("anzahl", [5, 50])
def test_detail_abfragen(lesen_client, django_assert_num_queries, akteur, anzahl):
    for i in range(anzahl):
        ProjektbeteiligungFactory(akteur=akteur)
        DatenquelleFactory(akteur=akteur)
        AnsprechpersonFactory(akteur=akteur)
        akteur.raeume.add(RaumFactory(name=f"Raum {i}"))
    # 1 session, 2 user, 3 groups, 4 actor with type, 5 its areas (prefetch), 6 participations
    # with measure and plan, 7 data sources with indicator counts, 8 contact persons.
    with django_assert_num_queries(8):
        response = lesen_client.get(akteur.get_absolute_url())
    assert len(response.context["beteiligungen"]) == anzahl
    assert len(response.context["ansprechpersonen"]) == anzahl
