"""Findings (Erkenntnisse): list with filters and pagination, detail, create and edit."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from aktionsplan.sperre import speichern
from monitoring.models import Erkenntnis
from tests.factories import (
    BeteiligungsformatFactory,
    ErkenntnisFactory,
    ProjektskizzeFactory,
    RaumFactory,
    ThemaFactory,
)

pytestmark = pytest.mark.django_db

LISTE = reverse("monitoring:erkenntnis_liste")
NEU = reverse("monitoring:erkenntnis_neu")


def _daten(**aenderungen) -> dict:
    daten = {
        "titel": "Rampe am Rathaus fehlt",
        "text": "Mehrere Teilnehmende berichten, dass der Seiteneingang nicht nutzbar ist.",
        "datum": "2025-04-10",
        "quelle": Erkenntnis.Quelle.VERANSTALTUNG,
    }
    if "stand" in aenderungen:
        aenderungen["geoeffnete_version"] = aenderungen.pop("stand")
    daten.update(aenderungen)
    return daten


def test_lesen_rechte_je_rolle(rollen_client):
    erkenntnis = ErkenntnisFactory()
    for url in (LISTE, erkenntnis.get_absolute_url()):
        antwort = rollen_client.get(url)
        if rollen_client.rolle == "anonym":
            assert antwort.status_code == 302
            assert antwort.url.startswith(reverse("login"))
        else:
            assert antwort.status_code == 200
            assert erkenntnis.titel in antwort.content.decode()


@pytest.mark.parametrize("url_name", ["erkenntnis_neu", "erkenntnis_bearbeiten"])
def test_schreiben_rechte_je_rolle(rollen_client, url_name):
    erkenntnis = ErkenntnisFactory(titel="Alt")
    kwargs = {"pk": erkenntnis.pk} if url_name == "erkenntnis_bearbeiten" else {}
    url = reverse(f"monitoring:{url_name}", kwargs=kwargs)
    antwort_get = rollen_client.get(url)
    daten = _daten(titel="Neu gespeichert")
    if url_name == "erkenntnis_bearbeiten":
        daten["geoeffnete_version"] = Erkenntnis.objects.get(pk=erkenntnis.pk).version
    antwort_post = rollen_client.post(url, daten)
    if rollen_client.rolle == "anonym":
        assert antwort_get.status_code == 302
        assert antwort_post.status_code == 302
        assert antwort_post.url.startswith(reverse("login"))
        assert not Erkenntnis.objects.filter(titel="Neu gespeichert").exists()
    elif rollen_client.rolle == "lesen":
        assert antwort_get.status_code == 403
        assert antwort_post.status_code == 403
        assert not Erkenntnis.objects.filter(titel="Neu gespeichert").exists()
    else:
        assert antwort_get.status_code == 200
        assert antwort_post.status_code == 302
        assert Erkenntnis.objects.filter(titel="Neu gespeichert").exists()


def test_neu_setzt_erfasst_von_und_verknuepfungen(redaktion_user):
    thema = ThemaFactory(name="Wohnen und öffentlicher Raum")
    raum = RaumFactory(name="Münsterbusch")
    projekt = ProjektskizzeFactory(titel="Barrierefreie Wege")
    format_ = BeteiligungsformatFactory(titel="Kick-off")
    client = Client(enforce_csrf_checks=True)
    client.force_login(redaktion_user)
    seite = client.get(NEU)
    assert "Barrierefreie Wege" in seite.content.decode()
    csrf = seite.cookies["csrftoken"].value
    antwort = client.post(
        NEU,
        _daten(
            themen=[thema.pk],
            raeume=[raum.pk],
            projekte=[projekt.pk],
            beteiligungsformat=format_.pk,
            ist_kernaussage="on",
            csrfmiddlewaretoken=csrf,
        ),
    )
    erkenntnis = Erkenntnis.objects.get(titel="Rampe am Rathaus fehlt")
    assert antwort.status_code == 302
    assert antwort.url == erkenntnis.get_absolute_url()
    assert erkenntnis.erfasst_von == redaktion_user
    assert list(erkenntnis.themen.all()) == [thema]
    assert list(erkenntnis.raeume.all()) == [raum]
    assert list(erkenntnis.projekte.all()) == [projekt]
    assert erkenntnis.ist_kernaussage
    detail = client.get(antwort.url).content.decode()
    assert "Münsterbusch" in detail
    assert "Kick-off" in detail
    assert "Erkenntnis „Rampe am Rathaus fehlt“ gespeichert." in detail


def test_csrf_wird_geprueft(redaktion_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(redaktion_user)
    antwort = client.post(NEU, _daten())
    assert antwort.status_code == 403
    assert not Erkenntnis.objects.exists()


def test_fehler_werden_gezeigt_und_eingaben_bleiben(redaktion_client):
    antwort = redaktion_client.post(NEU, _daten(titel="", text="Mein Text bleibt"))
    inhalt = antwort.content.decode()
    assert antwort.status_code == 200
    assert "Mein Text bleibt" in inhalt
    assert 'aria-invalid="true"' in inhalt
    assert not Erkenntnis.objects.exists()


def test_bearbeiten_behaelt_erfasser_und_verweigert_veralteten_stand(redaktion_client, lesen_user):
    erkenntnis = ErkenntnisFactory(titel="Alt", erfasst_von=lesen_user)
    stand = Erkenntnis.objects.get(pk=erkenntnis.pk).version
    url = reverse("monitoring:erkenntnis_bearbeiten", kwargs={"pk": erkenntnis.pk})
    assert f'value="{stand}"' in redaktion_client.get(url).content.decode()
    # A colleague saves in between.
    erkenntnis.titel = "Von Kollegin geändert"
    speichern(erkenntnis, benutzer=lesen_user)
    antwort = redaktion_client.post(url, _daten(titel="Meine Fassung", stand=stand))
    assert antwort.status_code == 409
    assert f"inzwischen von {lesen_user.get_full_name()} am" in antwort.content.decode()
    assert "Meine Fassung" in antwort.content.decode()
    erkenntnis.refresh_from_db()
    assert erkenntnis.titel == "Von Kollegin geändert"
    neu = Erkenntnis.objects.get(pk=erkenntnis.pk).version
    antwort = redaktion_client.post(url, _daten(titel="Meine Fassung", stand=neu))
    assert antwort.status_code == 302
    erkenntnis.refresh_from_db()
    assert erkenntnis.titel == "Meine Fassung"
    assert erkenntnis.erfasst_von == lesen_user


def test_filter(lesen_client):
    thema = ThemaFactory()
    raum = RaumFactory()
    projekt = ProjektskizzeFactory()
    format_ = BeteiligungsformatFactory()
    treffer = ErkenntnisFactory(
        titel="Treffer Gehwege",
        quelle=Erkenntnis.Quelle.INTERVIEW,
        beteiligungsformat=format_,
        ist_kernaussage=True,
    )
    treffer.themen.add(thema)
    treffer.raeume.add(raum)
    treffer.projekte.add(projekt)
    ErkenntnisFactory(titel="Andere Erkenntnis", text="Nichts davon")
    for parameter in (
        {"thema": thema.pk},
        {"raum": raum.pk},
        {"projekt": projekt.pk},
        {"beteiligungsformat": format_.pk},
        {"quelle": "interview"},
        {"kernaussage": "ja"},
        {"q": "gehweg"},
    ):
        inhalt = lesen_client.get(LISTE, parameter).content.decode()
        assert "Treffer Gehwege" in inhalt, parameter
        assert "Andere Erkenntnis" not in inhalt, parameter
        assert "1 Erkenntnis gefunden" in inhalt
    inhalt = lesen_client.get(LISTE, {"kernaussage": "nein"}).content.decode()
    assert "Andere Erkenntnis" in inhalt
    assert "Treffer Gehwege" not in inhalt


def test_seitennummerierung_behaelt_filter(lesen_client):
    for i in range(30):
        ErkenntnisFactory(titel=f"Interview {i:02d}", quelle=Erkenntnis.Quelle.INTERVIEW)
    ErkenntnisFactory(titel="Gesehen am Markt", quelle=Erkenntnis.Quelle.BEOBACHTUNG)
    inhalt = lesen_client.get(LISTE, {"quelle": "interview"}).content.decode()
    assert "30 Erkenntnisse gefunden" in inhalt
    assert "quelle=interview&amp;page=2" in inhalt or "page=2&amp;quelle=interview" in inhalt
    seite2 = lesen_client.get(LISTE, {"quelle": "interview", "page": 2}).content.decode()
    assert "Seite 2 von 2" in seite2
    assert "Gesehen am Markt" not in seite2
    assert "Interview 00" in seite2 or "Interview 29" in seite2


def test_include_zeigt_veranstaltung(lesen_client):
    format_ = BeteiligungsformatFactory(titel="Sozialraumkonferenz Atsch")
    ErkenntnisFactory(titel="Treffpunkt fehlt", beteiligungsformat=format_)
    inhalt = lesen_client.get(LISTE).content.decode()
    assert f'href="{format_.get_absolute_url()}"' in inhalt
    assert "Sozialraumkonferenz Atsch" in inhalt


@pytest.mark.parametrize("anzahl", [5, 50])
def test_abfragen_liste(lesen_client, django_assert_num_queries, anzahl):
    thema = ThemaFactory()
    raum = RaumFactory()
    format_ = BeteiligungsformatFactory()
    for _i in range(anzahl):
        e = ErkenntnisFactory(beteiligungsformat=format_, datum=datetime.date(2025, 1, 1))
        e.themen.add(thema)
        e.raeume.add(raum)
    with django_assert_num_queries(NUM_LISTE):
        antwort = lesen_client.get(LISTE)
    assert antwort.status_code == 200


# 1 session, 2 user, 3 groups (role check), 4 count for the paginator, 5 page of findings with
# their events, 6 their themes, 7 their areas (prefetch), 8–9 choices of the filter form
# (themes, areas; events and measures are search fields without a list of choices).
NUM_LISTE = 9


@pytest.mark.parametrize("anzahl", [5, 50])
def test_abfragen_detail(lesen_client, django_assert_num_queries, anzahl):
    erkenntnis = ErkenntnisFactory()
    for _i in range(anzahl):
        erkenntnis.projekte.add(ProjektskizzeFactory())
        erkenntnis.raeume.add(RaumFactory())
    # 1 session, 2 user, 3 groups, 4 the finding with event and recorder, 5 themes, 6 areas,
    # 7 measures, 8 their plans, 9 the ratings it supports (+ indicator, group, step).
    with django_assert_num_queries(9):
        antwort = lesen_client.get(erkenntnis.get_absolute_url())
    assert antwort.status_code == 200


def test_veraltete_erkenntnis_kann_nach_der_warnung_bewusst_gespeichert_werden(
    redaktion_client, lesen_user
):
    erkenntnis = ErkenntnisFactory(titel="Alt")
    url = reverse("monitoring:erkenntnis_bearbeiten", kwargs={"pk": erkenntnis.pk})
    alter_stand = Erkenntnis.objects.get(pk=erkenntnis.pk).version
    erkenntnis.titel = "Von Kollegin geändert"
    speichern(erkenntnis, benutzer=None)

    erste = redaktion_client.post(url, _daten(titel="Meine Fassung", stand=alter_stand))
    assert erste.status_code == 409
    assert "Meine Fassung" in erste.content.decode()
    neuer_stand = Erkenntnis.objects.get(pk=erkenntnis.pk).version
    zweite = redaktion_client.post(url, _daten(titel="Meine Fassung", stand=neuer_stand))
    assert zweite.status_code == 302


def test_massnahmenfilter_bietet_nur_massnahmen_mit_erkenntnissen(lesen_client):
    from tests.factories import ProjektskizzeFactory

    mit = ProjektskizzeFactory(titel="Begegnungstag Inklusion")
    ProjektskizzeFactory(titel="Ohne Erkenntnis")
    ErkenntnisFactory().projekte.add(mit)
    auswahl = lesen_client.get(reverse("monitoring:erkenntnis_liste")).context["filter"]
    angeboten = list(auswahl.form.fields["projekt"].queryset)
    assert angeboten == [mit]


def test_veranstaltung_und_massnahme_werden_gesucht_nicht_gelistet(lesen_client):
    """Events and measures grow with the data: search fields (aktionsplan/suchauswahl.py), the
    matches a list of links, the chosen one named in the filter box's summary."""
    format_ = BeteiligungsformatFactory(titel="Sozialraumkonferenz Atsch")
    BeteiligungsformatFactory(titel="Begegnungstag Vicht")
    projekt = ProjektskizzeFactory(titel="Barrierefreie Gehwege")
    treffer = ErkenntnisFactory(titel="Treffer Gehwege", beteiligungsformat=format_)
    treffer.projekte.add(projekt)
    ErkenntnisFactory(titel="Andere Erkenntnis")
    inhalt = lesen_client.get(LISTE).content.decode()
    assert "Begegnungstag Vicht" not in inhalt
    assert 'for="id_beteiligungsformat_suche"' in inhalt
    assert 'for="id_projekt_suche"' in inhalt

    gesucht = lesen_client.get(LISTE, {"beteiligungsformat_suche": "konferenz"}).content.decode()
    assert f"?beteiligungsformat={format_.pk}" in gesucht
    assert "Treffer Gehwege" in gesucht
    assert "Andere Erkenntnis" not in gesucht

    gewaehlt = lesen_client.get(LISTE, {"projekt": projekt.pk}).content.decode()
    assert "Gewählt: <strong>" in gewaehlt
    assert f'Filter</span><span class="filterbereich__gesetzt">: Maßnahme: {projekt}' in gewaehlt
    assert "1 Erkenntnis gefunden" in gewaehlt
