"""The overview: numbers from a known dataset, links, and a fixed query budget."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from aktionsplan.models import UNBRKArtikel
from projekte.models import Ampel, Projektskizze, Status
from tests.factories import (
    MeilensteinFactory,
    ProjektskizzeFactory,
    SachstandFactory,
    ThemaFactory,
)

pytestmark = pytest.mark.django_db

HEUTE = timezone.localdate()
VOR_TAGEN = lambda tage: HEUTE - datetime.timedelta(days=tage)  # noqa: E731


@pytest.fixture
def daten():
    arbeit = ThemaFactory(name="Arbeit und Wirtschaft", reihenfolge=1)
    wohnen = ThemaFactory(name="Wohnen und öffentlicher Raum", reihenfolge=2)
    bildung = ThemaFactory(name="Bildung und lebenslanges Lernen", reihenfolge=3)
    art9 = UNBRKArtikel.objects.get(nummer=9)
    art27 = UNBRKArtikel.objects.get(nummer=27)

    # Arbeit: one in Umsetzung (gruen, 40 %), one in Umsetzung (rot, 60 %), one without report
    a1 = ProjektskizzeFactory(hauptthema=arbeit, titel="Jobcoaching")
    SachstandFactory(projekt=a1, datum=VOR_TAGEN(400), status=Status.IDEE, ampel=Ampel.IM_PLAN)
    SachstandFactory(
        projekt=a1,
        datum=VOR_TAGEN(10),
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=40,
    )
    a1.unbrk_artikel.add(art27)
    a2 = ProjektskizzeFactory(hauptthema=arbeit, titel="Inklusive Ausbildung")
    SachstandFactory(
        projekt=a2,
        datum=VOR_TAGEN(300),
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.KRITISCH,
        fortschritt=60,
    )
    ProjektskizzeFactory(hauptthema=arbeit, titel="Ohne Bericht")
    # Wohnen: one Umgesetzt long ago (not stale: finished), one Verworfen
    w1 = ProjektskizzeFactory(hauptthema=wohnen, titel="Barrierefreie Haltestellen")
    SachstandFactory(
        projekt=w1,
        datum=VOR_TAGEN(500),
        status=Status.UMGESETZT,
        ampel=Ampel.IM_PLAN,
        fortschritt=100,
    )
    w1.unbrk_artikel.add(art9)  # not active: does not cover Art. 9
    w2 = ProjektskizzeFactory(hauptthema=wohnen, titel="Verworfene Idee")
    SachstandFactory(
        projekt=w2,
        datum=VOR_TAGEN(5),
        status=Status.VERWORFEN,
        ampel=Ampel.GEFAEHRDET,
        fortschritt=0,
    )
    # Bildung gets an active measure only as a further theme of a1
    a1.weitere_themen.add(bildung)

    MeilensteinFactory(projekt=a1, titel="Alt überfällig", faellig_am=VOR_TAGEN(30))
    MeilensteinFactory(projekt=a2, titel="Neu überfällig", faellig_am=VOR_TAGEN(2))
    MeilensteinFactory(
        projekt=a2, titel="Erledigt", faellig_am=VOR_TAGEN(50), erledigt_am=VOR_TAGEN(40)
    )
    MeilensteinFactory(projekt=a2, titel="Zukunft", faellig_am=HEUTE + datetime.timedelta(days=9))
    return {"arbeit": arbeit, "wohnen": wohnen, "bildung": bildung, "a1": a1, "a2": a2}


def _zeile(response, thema):
    return next(z for z in response.context["u"].themenzeilen if z.thema == thema)


def test_zahlen_je_thema_und_status(lesen_client, daten):
    response = lesen_client.get(reverse("projekte:uebersicht"))
    arbeit = _zeile(response, daten["arbeit"])
    je_status = {wert: anzahl for wert, _label, anzahl in arbeit.je_status}
    assert je_status == {
        "idee": 1,
        "in_planung": 0,
        "in_umsetzung": 2,
        "umgesetzt": 0,
        "verstetigt": 0,
        "zurueckgestellt": 0,
        "verworfen": 0,
    }
    assert (arbeit.gesamt, arbeit.im_plan, arbeit.gefaehrdet, arbeit.kritisch) == (3, 1, 0, 1)
    assert arbeit.ohne_ampel == 1
    assert arbeit.mittlerer_fortschritt == 50
    wohnen = _zeile(response, daten["wohnen"])
    assert {w: n for w, _l, n in wohnen.je_status if n} == {"umgesetzt": 1, "verworfen": 1}
    assert wohnen.mittlerer_fortschritt == 50
    # Bildung is only a further theme: counted by Hauptthema, so 0 here.
    assert _zeile(response, daten["bildung"]).gesamt == 0
    assert response.context["u"].summe == 5
    inhalt = response.content.decode()
    # Counts link to the filtered list.
    liste = reverse("projekte:projekt_liste")
    link = f"{liste}?hauptthema={daten['arbeit'].pk}&status=in_umsetzung"
    assert f'href="{link.replace("&", "&amp;")}"' in inhalt
    # The linked list shows exactly the number in the cell.
    arbeit_in_umsetzung = {w: n for w, _l, n in arbeit.je_status}["in_umsetzung"]
    assert lesen_client.get(link).context["seite"].paginator.count == arbeit_in_umsetzung
    # Ampel in text, not colour alone.
    assert "gefährdet" in inhalt
    assert "kritisch" in inhalt


def test_ueberfaellige_meilensteine_neueste_zuerst(lesen_client, daten):
    response = lesen_client.get(reverse("projekte:uebersicht"))
    titel = [m.titel for m in response.context["u"].ueberfaellige_meilensteine]
    assert titel == ["Neu überfällig", "Alt überfällig"]
    assert daten["a2"].get_absolute_url() in response.content.decode()


def test_ohne_aktuellen_sachstand(lesen_client, daten, settings):
    settings.SACHSTAND_MAX_ALTER_TAGE = 183
    # Created 500 days ago, still without a report; a measure created today is not yet due.
    Projektskizze.objects.filter(titel="Ohne Bericht").update(
        erstellt_am=timezone.now() - datetime.timedelta(days=500)
    )
    ProjektskizzeFactory(titel="Gerade angelegt")
    response = lesen_client.get(reverse("projekte:uebersicht"))
    titel = [p.titel for p in response.context["u"].ohne_aktuellen_sachstand]
    # No report at all first, then the report from 300 days ago; finished/rejected ones are not
    # listed, the fresh report of Jobcoaching neither.
    assert titel == ["Ohne Bericht", "Inklusive Ausbildung"]
    settings.SACHSTAND_MAX_ALTER_TAGE = 400
    response = lesen_client.get(reverse("projekte:uebersicht"))
    assert [p.titel for p in response.context["u"].ohne_aktuellen_sachstand] == ["Ohne Bericht"]


def test_neueste_sachstaende(lesen_client, daten):
    response = lesen_client.get(reverse("projekte:uebersicht"))
    neueste = response.context["u"].neueste_sachstaende
    assert [s.projekt.titel for s in neueste][:2] == ["Verworfene Idee", "Jobcoaching"]
    assert len(neueste) == 5


def test_ohne_aktive_massnahme(lesen_client, daten):
    response = lesen_client.get(reverse("projekte:uebersicht"))
    u = response.context["u"]
    # Arbeit (a1, a2 in Umsetzung) and Bildung (a1 as further theme) are covered; Wohnen is not.
    assert [t.name for t in u.themen_ohne_aktive] == ["Wohnen und öffentlicher Raum"]
    # The coverage names the substantive articles (5–30) without an active measure only.
    nummern = [a.nummer for a in u.abdeckung.ohne_massnahme]
    assert 27 not in nummern
    assert 9 in nummern  # only an Umgesetzt measure covers it
    assert nummern == [n for n in range(5, 31) if n != 27]
    assert UNBRKArtikel.objects.inhaltlich().count() == 26


def _viele(anzahl: int) -> None:
    themen = [ThemaFactory() for _ in range(6)]
    for i in range(anzahl):
        projekt = ProjektskizzeFactory(hauptthema=themen[i % 6])
        SachstandFactory(projekt=projekt, datum=VOR_TAGEN(i * 10))
        MeilensteinFactory(projekt=projekt, faellig_am=VOR_TAGEN(i + 1))


@pytest.mark.parametrize("anzahl", [5, 50])
def test_abfragen_fest(lesen_client, django_assert_num_queries, anzahl):
    _viele(anzahl)
    # 1 session, 2 user, 3 the user's groups (role check),
    # 4 themes with EXISTS(active measure), 5 measures grouped by Hauptthema (counts, AVG),
    # 6 overdue milestones with measure and plan (at most 25), 7 their count, 8 open measures
    # without a recent report (at most 25), 9 their count, 10 the ten latest reports,
    # 11 the coverage matrix: substantive UN-BRK articles × themes, every count a subquery.
    with django_assert_num_queries(11):
        response = lesen_client.get(reverse("projekte:uebersicht"))
    assert response.status_code == 200
    assert response.context["u"].summe == anzahl


def test_lange_listen_sind_begrenzt_und_nennen_die_gesamtzahl(lesen_client):
    from querschnitt.uebersicht import LISTE_HOECHSTENS

    _viele(LISTE_HOECHSTENS + 5)
    response = lesen_client.get(reverse("projekte:uebersicht"))
    u = response.context["u"]
    assert len(u.ueberfaellige_meilensteine) == LISTE_HOECHSTENS
    assert u.anzahl_ueberfaellig == LISTE_HOECHSTENS + 5
    assert f"({LISTE_HOECHSTENS + 5})" in response.content.decode()
