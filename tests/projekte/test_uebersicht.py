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


def _viele(anzahl: int, verantwortlich=None) -> None:
    themen = [ThemaFactory() for _ in range(6)]
    for i in range(anzahl):
        projekt = ProjektskizzeFactory(hauptthema=themen[i % 6], verantwortlich=verantwortlich)
        SachstandFactory(projekt=projekt, datum=VOR_TAGEN(i * 10))
        MeilensteinFactory(projekt=projekt, faellig_am=VOR_TAGEN(i + 1))
        MeilensteinFactory(
            projekt=projekt, faellig_am=timezone.localdate() + datetime.timedelta(days=i + 1)
        )


@pytest.mark.parametrize(("anzahl", "abfragen"), [(5, 14), (50, 15)])
def test_abfragen_fest(lesen_client, lesen_user, django_assert_num_queries, anzahl, abfragen):
    _viele(anzahl, verantwortlich=lesen_user)
    # 1 session, 2 user, 3 the user's groups (role check),
    # 4 themes with EXISTS(active measure), 5 measures grouped by Hauptthema (counts, AVG),
    # 6 overdue milestones with measure and plan (at most 25), 7 their count, 8 open measures
    # without a recent report (at most 25), 9 their count, 10 the ten latest reports,
    # 11 the coverage matrix: substantive UN-BRK articles × themes, every count a subquery,
    # 12 the indicators' rhythms and latest years (overdue deliveries),
    # Meine Maßnahmen: 13 the reader's measures (at most 25) with their count of open
    # milestones, 14 their next open milestones; 15 the count of all, only when 25 are shown.
    with django_assert_num_queries(abfragen):
        response = lesen_client.get(reverse("projekte:uebersicht"))
    assert response.status_code == 200
    assert response.context["u"].summe == anzahl
    assert "<svg" in response.content.decode()


def test_lange_listen_sind_begrenzt_und_nennen_die_gesamtzahl(lesen_client):
    from querschnitt.uebersicht import LISTE_HOECHSTENS

    _viele(LISTE_HOECHSTENS + 5)
    response = lesen_client.get(reverse("projekte:uebersicht"))
    u = response.context["u"]
    assert len(u.ueberfaellige_meilensteine) == LISTE_HOECHSTENS
    assert u.anzahl_ueberfaellig == LISTE_HOECHSTENS + 5
    assert f"({LISTE_HOECHSTENS + 5})" in response.content.decode()


# --- issue 10, point 1: what needs action, charts, Meine Maßnahmen, empty states ---


def _kachel(inhalt: str, kennung: str) -> str:
    anfang = inhalt.index(f'id="{kennung}"')
    return inhalt[anfang : inhalt.index("</li>", anfang)]


def test_handlungsbedarf_zaehlt_und_verlinkt_die_gefilterten_listen(lesen_client, daten, settings):
    settings.SACHSTAND_MAX_ALTER_TAGE = 183
    Projektskizze.objects.filter(titel="Ohne Bericht").update(
        erstellt_am=timezone.now() - datetime.timedelta(days=500)
    )
    response = lesen_client.get(reverse("projekte:uebersicht"))
    u = response.context["u"]
    inhalt = response.content.decode()
    # What needs action comes before the charts and the rest.
    assert inhalt.index('id="handeln-titel"') < inhalt.index('id="blick-titel"')
    assert (u.anzahl_ueberfaellig, u.anzahl_ohne_aktuellen_sachstand, u.alle.kritisch) == (2, 2, 1)
    liste = reverse("projekte:projekt_liste")
    for kennung, parameter, titel in (
        (
            "kachel-meilensteine",
            "meilenstein=ueberfaellig",
            {"Jobcoaching", "Inklusive Ausbildung"},
        ),
        ("kachel-sachstand", "sachstand=veraltet", {"Ohne Bericht", "Inklusive Ausbildung"}),
        ("kachel-kritisch", "ampel=rot", {"Inklusive Ausbildung"}),
    ):
        kachel = _kachel(inhalt, kennung)
        assert f'href="{liste}?{parameter}"' in kachel, kennung
        gefiltert = lesen_client.get(f"{liste}?{parameter}").context["seite"].object_list
        assert {p.titel for p in gefiltert} == titel, kennung
    # The Ampel in the tile: symbol and text beside the count.
    assert "✕" in _kachel(inhalt, "kachel-kritisch")
    assert "kritisch" in _kachel(inhalt, "kachel-kritisch")


def test_ueberfaellige_lieferung_wird_gezaehlt_und_verlinkt(lesen_client, daten):
    from akteure.models import Datenquelle
    from tests.factories import IndikatorFactory, KommuneFactory, MesswertFactory

    kommune = KommuneFactory()
    alt = IndikatorFactory(name="Alter Indikator", rhythmus=Datenquelle.Rhythmus.JAEHRLICH)
    MesswertFactory(indikator=alt, jahr=2015, raum=kommune)
    aktuell = IndikatorFactory(name="Aktueller Indikator", rhythmus=Datenquelle.Rhythmus.JAEHRLICH)
    MesswertFactory(indikator=aktuell, jahr=HEUTE.year, raum=kommune)
    response = lesen_client.get(reverse("projekte:uebersicht"))
    assert response.context["u"].anzahl_lieferung_ueberfaellig == 1
    kachel = _kachel(response.content.decode(), "kachel-lieferung")
    assert f'href="{reverse("monitoring:indikator_liste")}?lieferung=ueberfaellig"' in kachel


def test_nichts_zu_tun_sagt_null_ohne_link(lesen_client):
    ThemaFactory(name="Arbeit")
    inhalt = lesen_client.get(reverse("projekte:uebersicht")).content.decode()
    for kennung in ("kachel-meilensteine", "kachel-sachstand", "kachel-kritisch"):
        kachel = _kachel(inhalt, kennung)
        assert 'class="kachel__zahl">0<' in kachel
        assert "href" not in kachel


def test_balken_je_thema_mit_text_und_tabelle(lesen_client, daten):
    inhalt = lesen_client.get(reverse("projekte:uebersicht")).content.decode()
    anfang = inhalt.index('id="blick-titel"')
    blick = inhalt[anfang : inhalt.index("</section>", anfang)]
    # One card for all themes and one per theme, each with a status, an Ampel and a progress
    # bar (an empty theme: none); the bars are hidden from assistive technology, the words and
    # the tables below say the same.
    assert blick.count('<li class="themenkarte') == 4
    assert blick.count('<svg class="balken"') == 3 * 3
    assert 'role="img"' not in blick
    versteckt = 'class="balken" width="100%" height="24" aria-hidden="true"'
    assert blick.count('class="balken"') == blick.count(versteckt)
    # Arbeit: Idee 1, In Umsetzung 2 → parts of one third and two thirds.
    assert 'width="33.333%" height="24" class="balken__teil balken__teil--status-idee"' in blick
    assert 'x="33.333%" y="0" width="66.667%"' in blick
    arbeit = f"?hauptthema={daten['arbeit'].pk}&amp;status=in_umsetzung"
    assert f'{arbeit}">In Umsetzung: 2</a>' in blick
    # The Ampel with symbol and words; its patterns defined once.
    assert blick.count('id="muster-ampel-rot"') == 1
    assert 'fill="url(#muster-ampel-rot)"' in blick
    assert '<span class="ampel-symbol" aria-hidden="true">✕</span>' in blick
    assert "kritisch: 1</a>" in blick
    # Progress: the bar and its number.
    assert "Fortschritt: 50 % im Mittel (über 2 Maßnahmen mit Sachstand)" in blick
    assert 'class="balken__fortschritt"' in blick
    # The tables with the same numbers.
    assert 'id="matrix-beschriftung"' in blick
    assert 'id="ampel-beschriftung"' in blick
    # Bildung has no measure with it as main theme: said in words, no bars.
    assert "Keine Maßnahme hat dieses Hauptthema." in blick


def test_alle_themen_zaehlt_auch_den_mittelwert_ueber_alle(lesen_client, daten):
    u = lesen_client.get(reverse("projekte:uebersicht")).context["u"]
    assert u.alle.gesamt == 5
    assert (u.alle.im_plan, u.alle.gefaehrdet, u.alle.kritisch, u.alle.ohne_ampel) == (2, 1, 1, 1)
    # 40, 60, 100, 0 over the four measures with a report.
    assert u.alle.mittlerer_fortschritt == 50
    assert u.alle.mit_fortschritt == 4


def test_meine_massnahmen_je_person_nie_geteilt(lesen_client, lesen_user, daten):
    from django.test import Client

    from aktionsplan.rollen import LESEN
    from tests.factories import UserFactory

    a1 = daten["a1"]
    a1.verantwortlich = lesen_user
    a1.save()
    andere = UserFactory(username="andere-lesende", rollen=[LESEN])
    daten["a2"].verantwortlich = andere
    daten["a2"].save()

    inhalt = lesen_client.get(reverse("projekte:uebersicht")).content.decode()
    anfang = inhalt.index('id="meine-massnahmen"')
    meine = inhalt[anfang : inhalt.index("</section>", anfang)]
    assert "Jobcoaching" in meine
    assert "Inklusive Ausbildung" not in meine
    assert "Alt überfällig" in meine
    assert "überfällig (fällig am" in meine
    assert f"?verantwortlich={lesen_user.pk}" in meine
    # The other person, same roles (so the same stored part of the page): their own list.
    client = Client()
    client.force_login(andere)
    inhalt = client.get(reverse("projekte:uebersicht")).content.decode()
    anfang = inhalt.index('id="meine-massnahmen"')
    meine = inhalt[anfang : inhalt.index("</section>", anfang)]
    assert "Inklusive Ausbildung" in meine
    assert "Neu überfällig" in meine
    assert "Zukunft" in meine
    assert "Erledigt" not in meine
    assert "Jobcoaching" not in meine
    # And the first person again, from the stored part.
    inhalt = lesen_client.get(reverse("projekte:uebersicht")).content.decode()
    assert "Inklusive Ausbildung</a></h3>" not in inhalt
    assert "Jobcoaching</a></h3>" in inhalt


def test_meine_massnahmen_leer_sagt_was_stimmt(lesen_client, daten):
    inhalt = lesen_client.get(reverse("projekte:uebersicht")).content.decode()
    assert "Sie sind für keine Maßnahme als verantwortlich eingetragen." in inhalt


def test_wiederholung_mit_meinen_massnahmen_kostet_keine_abfrage_mehr(
    lesen_client, lesen_user, daten, django_assert_max_num_queries
):
    daten["a1"].verantwortlich = lesen_user
    daten["a1"].save()
    erste = lesen_client.get(reverse("projekte:uebersicht"))
    with django_assert_max_num_queries(1):  # the session only
        zweite = lesen_client.get(reverse("projekte:uebersicht"))
    assert "Jobcoaching</a></h3>" in zweite.content.decode()
    assert len(zweite.content) == len(erste.content)


def test_leere_installation_sagt_was_stimmt(lesen_client):
    inhalt = lesen_client.get(reverse("projekte:uebersicht")).content.decode()
    assert "Jedes Thema hat mindestens eine aktive Maßnahme." not in inhalt
    assert "Alle laufenden Maßnahmen haben einen aktuellen Sachstand." not in inhalt
    assert "Es ist noch kein Thema angelegt." in inhalt
    assert "Es ist noch keine Maßnahme erfasst." in inhalt


def test_themen_ohne_massnahmen(lesen_client):
    ThemaFactory(name="Arbeit")
    inhalt = lesen_client.get(reverse("projekte:uebersicht")).content.decode()
    assert "Jedes Thema hat mindestens eine aktive Maßnahme." not in inhalt
    assert "Es ist noch keine Maßnahme erfasst." in inhalt
