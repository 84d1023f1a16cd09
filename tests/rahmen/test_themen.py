"""Theme list and detail: access per role, content, links, query budget."""

import datetime

import pytest
from django.urls import reverse

from projekte.models import Ampel, Status
from querschnitt.views import RAUM_LISTE_HOECHSTENS
from tests.factories import (
    ErkenntnisFactory,
    IndikatorFactory,
    LeitbildFactory,
    ProjektskizzeFactory,
    SachstandFactory,
    ThemaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def thema():
    return ThemaFactory(
        name="Inklusion und Teilhabe",
        slug="inklusion-und-teilhabe",
        beschreibung="Teilhabe für alle.",
    )


@pytest.fixture
def daten(thema):
    anderes = ThemaFactory(name="Wohnen und öffentlicher Raum", slug="wohnen")
    aktiv = ProjektskizzeFactory(hauptthema=thema, titel="Barrierefreies Rathaus")
    SachstandFactory(projekt=aktiv, status=Status.IN_UMSETZUNG, ampel=Ampel.GEFAEHRDET)
    ProjektskizzeFactory(hauptthema=thema, titel="Inklusive Kita")  # no report: "Idee"
    weiteres = ProjektskizzeFactory(hauptthema=anderes, titel="Wohnberatung")
    weiteres.weitere_themen.add(thema)
    indikator = IndikatorFactory(name="Schwerbehinderte Beschäftigte")
    indikator.themen.add(thema)
    erkenntnis = ErkenntnisFactory(titel="Wege sind zu steil")
    erkenntnis.themen.add(thema)
    return {"aktiv": aktiv, "weiteres": weiteres, "indikator": indikator, "erkenntnis": erkenntnis}


def _urls(thema) -> list[str]:
    return [reverse("aktionsplan:thema_liste"), thema.get_absolute_url()]


def test_zugriff_je_rolle(rollen_client, thema):
    for url in _urls(thema):
        response = rollen_client.get(url)
        if rollen_client.rolle == "anonym":
            assert response.status_code == 302
            assert response.url.startswith(reverse("login"))
        else:
            assert response.status_code == 200
        # Read-only pages: a POST is refused (anonymous users are sent to login first).
        post = rollen_client.post(url)
        assert post.status_code == (302 if rollen_client.rolle == "anonym" else 405)


def test_ohne_rolle_verboten(client, thema):
    client.force_login(UserFactory(username="ohne-rolle"))
    for url in _urls(thema):
        assert client.get(url).status_code == 403


def test_unbekanntes_thema_404(lesen_client):
    assert lesen_client.get("/themen/gibt-es-nicht/").status_code == 404


def test_liste_zeigt_leitbild_themen_und_zahlen(lesen_client, thema, daten):
    response = lesen_client.get(reverse("aktionsplan:thema_liste"))
    themen = response.context["themen"]
    assert [t.name for t in themen] == ["Inklusion und Teilhabe", "Wohnen und öffentlicher Raum"]
    zeile = themen[0]
    # Two measures as Hauptthema (one active), one as further theme (not active): 3 and 1.
    assert (zeile.anzahl_massnahmen, zeile.anzahl_aktive, zeile.anzahl_indikatoren) == (3, 1, 1)
    inhalt = response.content.decode()
    assert "Maßnahmen (Haupt- oder weiteres Thema)" in inhalt
    assert "Soziale Kupferstadt 2030" in inhalt
    assert "aufeinander zugehen – voneinander lernen – miteinander leben" in inhalt
    assert f'href="{thema.get_absolute_url()}"' in inhalt


def test_aktiv_zaehlt_wie_die_uebersicht(lesen_client, thema, daten):
    """An active measure with the theme only as further theme counts as active here, just as
    it keeps the theme off the overview's "ohne aktive Maßnahme" list."""
    SachstandFactory(projekt=daten["weiteres"], status=Status.IN_PLANUNG)
    # The main theme also among the further themes (the form forbids it, the database not):
    # the measure still counts once.
    daten["aktiv"].weitere_themen.add(thema)
    themen = {
        t.name: t for t in lesen_client.get(reverse("aktionsplan:thema_liste")).context["themen"]
    }
    zeile = themen["Inklusion und Teilhabe"]
    assert (zeile.anzahl_massnahmen, zeile.anzahl_aktive) == (3, 2)
    assert (themen["Wohnen und öffentlicher Raum"].anzahl_aktive) == 1
    uebersicht = lesen_client.get(reverse("projekte:uebersicht")).context["u"]
    assert thema not in uebersicht.themen_ohne_aktive


def test_themen_in_ihrer_reihenfolge(lesen_client):
    leitbild = LeitbildFactory()
    ThemaFactory(leitbild=leitbild, name="B zuerst", slug="b", reihenfolge=1)
    ThemaFactory(leitbild=leitbild, name="A danach", slug="a", reihenfolge=2)
    response = lesen_client.get(reverse("aktionsplan:thema_liste"))
    assert [t.name for t in response.context["themen"]] == ["B zuerst", "A danach"]


def test_detail_zeigt_massnahmen_indikatoren_erkenntnisse(lesen_client, thema, daten):
    response = lesen_client.get(thema.get_absolute_url())
    inhalt = response.content.decode()
    assert [p.titel for p in response.context["projekte_haupt"]] == [
        "Barrierefreies Rathaus",
        "Inklusive Kita",
    ]
    assert [p.titel for p in response.context["projekte_weitere"]] == ["Wohnberatung"]
    assert "Teilhabe für alle." in inhalt
    # Status and Ampel in words, not only in colour.
    assert "In Umsetzung" in inhalt
    assert "gefährdet" in inhalt
    assert "noch kein Sachstand" in inhalt
    for ziel in (daten["aktiv"], daten["weiteres"], daten["indikator"], daten["erkenntnis"]):
        assert f'href="{ziel.get_absolute_url()}"' in inhalt
    assert f'href="{daten["indikator"].datenquelle.get_absolute_url()}"' in inhalt
    assert f'href="{reverse("projekte:projekt_liste")}?thema={thema.pk}"' in inhalt


def test_detail_zeigt_nur_die_zehn_neuesten_erkenntnisse(lesen_client, thema):
    for tag in range(1, 13):
        ErkenntnisFactory(titel=f"Befund {tag:02d}", datum=datetime.date(2025, 1, tag)).themen.add(
            thema
        )
    response = lesen_client.get(thema.get_absolute_url())
    titel = [e.titel for e in response.context["erkenntnisse"]]
    assert titel == [f"Befund {tag:02d}" for tag in range(12, 2, -1)]
    assert "Gezeigt werden die 10 neuesten Erkenntnisse." in response.content.decode()


def test_admin_link_nur_fuer_datenpflege(lesen_client, redaktion_client, datenpflege_client, thema):
    admin_url = reverse("admin:aktionsplan_thema_change", args=[thema.pk])
    assert admin_url in datenpflege_client.get(thema.get_absolute_url()).content.decode()
    for client in (lesen_client, redaktion_client):
        assert admin_url not in client.get(thema.get_absolute_url()).content.decode()


def _themen_mit_massnahmen(anzahl: int):
    leitbild = LeitbildFactory()
    themen = [ThemaFactory(leitbild=leitbild) for _ in range(anzahl)]
    for thema in themen:
        projekt = ProjektskizzeFactory(hauptthema=thema)
        SachstandFactory(projekt=projekt)
        IndikatorFactory().themen.add(thema)
    return themen


@pytest.mark.parametrize("anzahl", [5, 50])
def test_liste_abfragen(lesen_client, django_assert_num_queries, anzahl):
    _themen_mit_massnahmen(anzahl)
    # 1 session, 2 user, 3 the user's groups (role check), 4 themes with Leitbild and the three
    # counts as subqueries.
    with django_assert_num_queries(4):
        response = lesen_client.get(reverse("aktionsplan:thema_liste"))
    assert len(response.context["themen"]) == anzahl


@pytest.mark.parametrize("anzahl", [5, 60])
def test_detail_abfragen(lesen_client, django_assert_num_queries, thema, anzahl):
    weiteres = ThemaFactory()
    for i in range(anzahl):
        projekt = ProjektskizzeFactory(hauptthema=thema if i % 2 else weiteres)
        projekt.weitere_themen.add(thema)
        SachstandFactory(projekt=projekt)
        IndikatorFactory().themen.add(thema)
        ErkenntnisFactory().themen.add(thema)
    # 1 session, 2 user, 3 groups, 4 theme with Leitbild, 5-8 the first measures with plan and
    # current status and their number, with this main theme and with it as a further one
    # (each list stops at RAUM_LISTE_HOECHSTENS), 9 the first indicators with data source,
    # 10 the own Kommune, 11 their latest and base-year values (assessment against the target),
    # 12 the number of indicators, 13 newest findings.
    with django_assert_num_queries(13):
        response = lesen_client.get(thema.get_absolute_url())
    haupt, weitere = anzahl // 2, anzahl - anzahl // 2
    assert len(response.context["projekte_haupt"]) == min(haupt, RAUM_LISTE_HOECHSTENS)
    assert len(response.context["projekte_weitere"]) == min(weitere, RAUM_LISTE_HOECHSTENS)
    assert response.context["anzahl_haupt"] == haupt
    assert response.context["anzahl_weitere"] == weitere
    if haupt > RAUM_LISTE_HOECHSTENS:
        assert "Gezeigt sind die ersten 25 von" in response.content.decode()
