"""The staff pages of the plans (issue 10, point 4 and "the plan page"): list and detail with the
plan's versions, area and measures; versions added and edited by the Redaktion; a measure names
the version that introduced it; the yearly report lists the versions."""

import datetime

import pytest
from django.urls import reverse

from aktionsplan import services
from aktionsplan.models import Fortschreibung
from monitoring.jahresbericht import jahresbericht_erstellen
from projekte.models import Projektskizze
from tests.factories import (
    FortschreibungFactory,
    PlanFactory,
    ProjektskizzeFactory,
    RaumFactory,
    SachstandFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LISTE = reverse("aktionsplan:plan_liste")


def _urls(plan, fortschreibung) -> tuple[list[str], list[str]]:
    lesen = [LISTE, plan.get_absolute_url()]
    schreiben = [
        reverse("aktionsplan:fortschreibung_neu", args=[plan.slug]),
        reverse("aktionsplan:fortschreibung_bearbeiten", args=[fortschreibung.pk]),
    ]
    return lesen, schreiben


def test_rollen(rollen_client):
    fortschreibung = FortschreibungFactory()
    lesen, schreiben = _urls(fortschreibung.plan, fortschreibung)
    for url in lesen:
        antwort = rollen_client.get(url)
        if rollen_client.rolle == "anonym":
            assert antwort.status_code == 302
            assert antwort.url.startswith(reverse("login"))
        else:
            assert antwort.status_code == 200, url
        assert rollen_client.post(url).status_code == (
            302 if rollen_client.rolle == "anonym" else 405
        )
    erwartet = {"anonym": 302, "lesen": 403, "redaktion": 200, "datenpflege": 200}
    for url in schreiben:
        assert rollen_client.get(url).status_code == erwartet[rollen_client.rolle], url
        assert rollen_client.post(url, {}).status_code == erwartet[rollen_client.rolle], url
    assert Fortschreibung.objects.count() == 1


def test_unbekannter_plan_404(lesen_client):
    assert (
        lesen_client.get(reverse("aktionsplan:plan_detail", args=["gibt-es-nicht"])).status_code
        == 404
    )


@pytest.mark.parametrize("anzahl", [5, 50])
def test_abfragen_liste(lesen_client, django_assert_num_queries, anzahl):
    for _i in range(anzahl):
        plan = PlanFactory(gesamtstaedtisch=False)
        plan.raeume.add(RaumFactory())
        FortschreibungFactory(plan=plan)
        ProjektskizzeFactory(plan=plan)
    # 1 session, 2 user, 3 groups, 4 count for the paginator, 5 page of plans with their
    # Kommune and the counts of measures and versions, 6 their areas (prefetch).
    with django_assert_num_queries(6):
        antwort = lesen_client.get(LISTE)
    assert antwort.status_code == 200


@pytest.mark.parametrize("anzahl", [5, 50])
def test_abfragen_detail(lesen_client, django_assert_num_queries, anzahl):
    plan = PlanFactory(gesamtstaedtisch=False)
    for nummer in range(1, anzahl + 1):
        plan.raeume.add(RaumFactory())
        fortschreibung = FortschreibungFactory(plan=plan, nummer=nummer)
        projekt = ProjektskizzeFactory(plan=plan, nummer=nummer, fortschreibung=fortschreibung)
        SachstandFactory(projekt=projekt)
    # 1 session, 2 user, 3 groups, 4 the plan with Kommune and Leitbild, 5 its areas, 6 its
    # versions with the number of measures each introduced, 7 count and 8 page of its measures
    # with their current report.
    with django_assert_num_queries(8):
        antwort = lesen_client.get(plan.get_absolute_url())
    assert antwort.status_code == 200


def test_planseite_zeigt_gebiet_versionen_und_massnahmen(lesen_client):
    plan = PlanFactory(name="IHKo Berg- und Talachse", gesamtstaedtisch=False)
    plan.raeume.add(RaumFactory(name="Münsterbusch"))
    version = FortschreibungFactory(
        plan=plan, nummer=2, beschluss_datum=datetime.date(2023, 5, 9), aenderungen="Neu: 20–24"
    )
    for nummer in range(1, 28):
        ProjektskizzeFactory(plan=plan, nummer=nummer, titel=f"Maßnahme {nummer:02d}")
    ProjektskizzeFactory(titel="Aus einem anderen Plan")
    Projektskizze.objects.filter(plan=plan, nummer=27).update(fortschreibung=version)
    inhalt = lesen_client.get(plan.get_absolute_url()).content.decode()
    assert "Münsterbusch" in inhalt
    assert "Neu: 20–24" in inhalt
    assert "09.05.2023" in inhalt
    assert "27 Maßnahmen." in inhalt
    assert "Maßnahme 01" in inhalt
    # Paged: 25 a page.
    assert "Maßnahme 27" not in inhalt
    assert "Aus einem anderen Plan" not in inhalt
    assert "Beschlossene Berichte" in inhalt
    zweite = lesen_client.get(plan.get_absolute_url(), {"page": 2}).content.decode()
    assert "Maßnahme 27" in zweite
    # The Lesen role sees no edit links.
    assert reverse("aktionsplan:fortschreibung_neu", args=[plan.slug]) not in inhalt


def test_fortschreibung_anlegen(redaktion_client, redaktion_user):
    plan = PlanFactory()
    FortschreibungFactory(plan=plan, nummer=1)
    url = reverse("aktionsplan:fortschreibung_neu", args=[plan.slug])
    formular = redaktion_client.get(url)
    inhalt = formular.content.decode()
    assert 'name="einmalmarke"' in inhalt
    # The next free number is proposed.
    assert formular.context["form"]["nummer"].value() == 2
    daten = {
        "nummer": "2",
        "beschluss_datum": "2023-05-09",
        "beschluss_gremium": "Sozialausschuss",
        "aenderungen": "Projektskizzen 20–24 ergänzt",
        "einmalmarke": "x" * 43,
    }
    antwort = redaktion_client.post(url, daten)
    assert antwort.status_code == 302
    assert antwort.url == plan.get_absolute_url()
    # A double submit creates nothing more.
    assert redaktion_client.post(url, daten).status_code == 302
    neu = Fortschreibung.objects.get(plan=plan, nummer=2)
    assert neu.history.get().history_user == redaktion_user
    assert Fortschreibung.objects.filter(plan=plan).count() == 2
    assert (
        "Projektskizzen 20–24 ergänzt"
        in redaktion_client.get(plan.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize(
    ("daten", "meldung"),
    [
        ({"nummer": "1"}, "Diese Version des Plans gibt es schon."),
        ({"nummer": "0"}, "Versionen beginnen bei 1."),
        ({"nummer": "eins"}, "ganze Zahl"),
        ({"nummer": "3", "beschluss_datum": "2023-02-30"}, "gültiges Datum"),
    ],
)
def test_fortschreibung_falsche_eingaben(redaktion_client, daten, meldung):
    plan = PlanFactory()
    FortschreibungFactory(plan=plan, nummer=1)
    antwort = redaktion_client.post(
        reverse("aktionsplan:fortschreibung_neu", args=[plan.slug]), daten
    )
    assert antwort.status_code == 200
    assert meldung.lower() in antwort.content.decode().lower()
    assert Fortschreibung.objects.count() == 1


def test_fortschreibung_bearbeiten_veraltet(redaktion_client):
    fortschreibung = FortschreibungFactory(nummer=1, aenderungen="Erstfassung")
    url = reverse("aktionsplan:fortschreibung_bearbeiten", args=[fortschreibung.pk])
    geoeffnet = fortschreibung.version
    services.fortschreibung_aendern(
        fortschreibung=fortschreibung,
        benutzer=UserFactory(first_name="Klara", last_name="Kollegin"),
        erwartete_version=geoeffnet,
        daten={"beschluss_gremium": "Rat"},
    )
    daten = {"nummer": "1", "aenderungen": "Meine Fassung", "geoeffnete_version": geoeffnet}
    antwort = redaktion_client.post(url, daten)
    assert antwort.status_code == 409
    assert "Klara Kollegin" in antwort.content.decode()
    assert "Meine Fassung" in antwort.content.decode()
    fortschreibung.refresh_from_db()
    assert fortschreibung.aenderungen == "Erstfassung"
    daten["geoeffnete_version"] = fortschreibung.version
    assert redaktion_client.post(url, daten).status_code == 302
    fortschreibung.refresh_from_db()
    assert fortschreibung.aenderungen == "Meine Fassung"


def test_massnahme_nennt_ihre_fortschreibung(redaktion_client):
    plan = PlanFactory()
    version = FortschreibungFactory(plan=plan, nummer=2, beschluss_datum=datetime.date(2023, 5, 9))
    fremd = FortschreibungFactory(nummer=5)
    projekt = ProjektskizzeFactory(plan=plan)
    url = reverse("projekte:projekt_bearbeiten", args=[projekt.pk])
    daten = {
        "plan": plan.pk,
        "nummer": projekt.nummer,
        "titel": projekt.titel,
        "hauptthema": projekt.hauptthema_id,
        "prioritaet": projekt.prioritaet,
        "geoeffnete_version": projekt.version,
    }
    # A version of another plan is refused.
    antwort = redaktion_client.post(url, {**daten, "fortschreibung": fremd.pk})
    assert antwort.status_code == 200
    assert "Die Fortschreibung gehört zu einem anderen Plan als die Maßnahme." in (
        antwort.content.decode()
    )
    antwort = redaktion_client.post(url, {**daten, "fortschreibung": version.pk})
    assert antwort.status_code == 302
    projekt.refresh_from_db()
    assert projekt.fortschreibung == version
    detail = redaktion_client.get(projekt.get_absolute_url()).content.decode()
    assert "Version 2 vom 09.05.2023" in detail
    assert plan.get_absolute_url() in detail


def test_jahresbericht_nennt_die_fortschreibungen_bis_zum_stichtag(lesen_user):
    plan = PlanFactory(kurzname="AP")
    FortschreibungFactory(plan=plan, nummer=1, beschluss_datum=datetime.date(2018, 6, 19))
    FortschreibungFactory(plan=plan, nummer=2, beschluss_datum=datetime.date(2023, 5, 9))
    bericht = jahresbericht_erstellen(2022, nutzer=lesen_user, heute=datetime.date(2026, 1, 1))
    assert [f.nummer for f in bericht.fortschreibungen] == [1]
    bericht = jahresbericht_erstellen(2023, nutzer=lesen_user, heute=datetime.date(2026, 1, 1))
    assert [f.nummer for f in bericht.fortschreibungen] == [1, 2]


def test_jahresberichtsseite_zeigt_fortschreibungen(lesen_client):
    plan = PlanFactory(kurzname="AP")
    FortschreibungFactory(
        plan=plan, nummer=2, beschluss_datum=datetime.date(2023, 5, 9), aenderungen="Neu: 20–24"
    )
    antwort = lesen_client.get(reverse("monitoring:bericht", args=[2024]))
    inhalt = antwort.content.decode()
    assert "Pläne und ihre Fortschreibungen" in inhalt
    assert "Neu: 20–24" in inhalt
