"""Data source list and detail: access per role, filters, content, links, query budget."""

import pytest
from django.urls import reverse

from akteure.models import Datenquelle
from aktionsplan.models import Raum
from tests.factories import AkteurFactory, DatenquelleFactory, IndikatorFactory, UserFactory

pytestmark = pytest.mark.django_db

LISTE = "/akteure/datenquellen/"


@pytest.fixture
def quelle():
    return DatenquelleFactory(
        name="Schwerbehindertenstatistik",
        akteur=AkteurFactory(name="Versorgungsamt"),
        raeumliche_ebene=Raum.Ebene.KOMMUNE,
        rhythmus=Datenquelle.Rhythmus.JAEHRLICH,
        format="XLSX",
        vertraulichkeit=Datenquelle.Vertraulichkeit.VERTRAULICH,
        vertraulichkeitsregel="Fallzahlen unter 3 werden nicht veröffentlicht.",
    )


def test_zugriff_je_rolle(rollen_client, quelle):
    for url in (LISTE, quelle.get_absolute_url()):
        response = rollen_client.get(url)
        if rollen_client.rolle == "anonym":
            assert response.status_code == 302
            assert response.url.startswith(reverse("login"))
        else:
            assert response.status_code == 200
        # Read-only pages: a POST is refused (anonymous users are sent to login first).
        post = rollen_client.post(url)
        assert post.status_code == (302 if rollen_client.rolle == "anonym" else 405)


def test_ohne_rolle_verboten(client, quelle):
    client.force_login(UserFactory(username="ohne-rolle"))
    assert client.get(LISTE).status_code == 403
    assert client.get(quelle.get_absolute_url()).status_code == 403


def test_unbekannte_quelle_404(lesen_client):
    assert lesen_client.get("/akteure/datenquellen/999999/").status_code == 404


def test_liste_zeigt_quellen_mit_akteur_und_indikatorzahl(lesen_client, quelle):
    IndikatorFactory(datenquelle=quelle)
    IndikatorFactory(datenquelle=quelle)
    response = lesen_client.get(LISTE)
    assert [(q.name, q.anzahl_indikatoren) for q in response.context["seite"]] == [
        ("Schwerbehindertenstatistik", 2)
    ]
    inhalt = response.content.decode()
    assert f'href="{quelle.get_absolute_url()}"' in inhalt
    assert f'href="{quelle.akteur.get_absolute_url()}"' in inhalt
    assert "vertraulich" in inhalt


@pytest.mark.parametrize(
    ("abfrage", "erwartet"),
    [
        ("raeumliche_ebene=kommune", ["Schwerbehindertenstatistik"]),
        ("rhythmus=monatlich", ["Arbeitsmarktstatistik"]),
        ("vertraulichkeit=oeffentlich", ["Arbeitsmarktstatistik"]),
        ("rhythmus=jaehrlich&vertraulichkeit=oeffentlich", []),
    ],
)
def test_filter_grenzen_die_liste_ein(lesen_client, quelle, abfrage, erwartet):
    DatenquelleFactory(
        name="Arbeitsmarktstatistik",
        rhythmus=Datenquelle.Rhythmus.MONATLICH,
        vertraulichkeit=Datenquelle.Vertraulichkeit.OEFFENTLICH,
    )
    response = lesen_client.get(f"{LISTE}?{abfrage}")
    assert [q.name for q in response.context["seite"]] == erwartet


def test_filter_nach_akteur(lesen_client, quelle):
    DatenquelleFactory(name="Arbeitsmarktstatistik")
    response = lesen_client.get(f"{LISTE}?akteur={quelle.akteur_id}")
    assert [q.name for q in response.context["seite"]] == ["Schwerbehindertenstatistik"]


def test_seitenwechsel_behaelt_filter(lesen_client):
    for i in range(27):
        DatenquelleFactory(name=f"Quelle {i:02d}", rhythmus=Datenquelle.Rhythmus.MONATLICH)
    DatenquelleFactory(name="Jährliche Quelle")
    response = lesen_client.get(f"{LISTE}?rhythmus=monatlich")
    assert 'href="?rhythmus=monatlich&amp;page=2"' in response.content.decode()
    zweite = lesen_client.get(f"{LISTE}?rhythmus=monatlich&page=2")
    assert [q.name for q in zweite.context["seite"]] == ["Quelle 25", "Quelle 26"]


def test_detail_zeigt_steckbrief_und_indikatoren(lesen_client, quelle):
    indikator = IndikatorFactory(datenquelle=quelle, name="Schwerbehindertenquote")
    inhalt = lesen_client.get(quelle.get_absolute_url()).content.decode()
    assert f'href="{quelle.akteur.get_absolute_url()}"' in inhalt
    assert f'href="{indikator.get_absolute_url()}"' in inhalt
    for text in (
        "Schwerbehindertenquote",
        "Kommune",
        "jährlich",
        "XLSX",
        "vertraulich",
        "Fallzahlen unter 3 werden nicht veröffentlicht.",
    ):
        assert text in inhalt


def test_detail_ohne_indikatoren(lesen_client, quelle):
    inhalt = lesen_client.get(quelle.get_absolute_url()).content.decode()
    assert "Aus dieser Quelle wird noch kein Indikator gespeist." in inhalt


def test_admin_link_nur_fuer_datenpflege(
    lesen_client, redaktion_client, datenpflege_client, quelle
):
    admin_url = reverse("admin:akteure_datenquelle_change", args=[quelle.pk])
    assert admin_url in datenpflege_client.get(quelle.get_absolute_url()).content.decode()
    for client in (lesen_client, redaktion_client):
        assert admin_url not in client.get(quelle.get_absolute_url()).content.decode()


@pytest.mark.parametrize("anzahl", [5, 50])
def test_liste_abfragen(lesen_client, django_assert_num_queries, anzahl):
    for _ in range(anzahl):
        IndikatorFactory()  # each with its own data source and actor
    # 1 session, 2 user, 3 groups, 4 count for the paginator, 5 one page of data sources with
    # actor and indicator counts. The actor filter is a search field: no query of its own.
    with django_assert_num_queries(5):
        response = lesen_client.get(LISTE)
    assert len(response.context["seite"]) == min(anzahl, 25)


@pytest.mark.parametrize("anzahl", [5, 50])
def test_detail_abfragen(lesen_client, django_assert_num_queries, quelle, anzahl):
    for _ in range(anzahl):
        IndikatorFactory(datenquelle=quelle)
    # 1 session, 2 user, 3 groups, 4 data source with actor, 5 its indicators.
    with django_assert_num_queries(5):
        response = lesen_client.get(quelle.get_absolute_url())
    assert len(response.context["indikatoren"]) == anzahl
