"""Editing measures, reports, milestones and actors' roles; lost updates are refused."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from aktionsplan.models import UNBRKArtikel
from projekte import services
from projekte.models import Meilenstein, Projektbeteiligung, Projektskizze, Sachstand, Status
from tests.factories import (
    AkteurFactory,
    MeilensteinFactory,
    PlanFactory,
    ProjektbeteiligungFactory,
    ProjektskizzeFactory,
    SachstandFactory,
    ThemaFactory,
    UserFactory,
    ZielgruppeFactory,
)

pytestmark = pytest.mark.django_db


def _formulardaten(projekt, **aenderungen) -> dict:
    daten = {
        "plan": projekt.plan_id,
        "nummer": projekt.nummer,
        "titel": projekt.titel,
        "kurzbeschreibung": projekt.kurzbeschreibung,
        "hauptthema": projekt.hauptthema_id,
        "prioritaet": projekt.prioritaet,
        "beginn": "2024-01-01",
        "ende": "2026-12-31",
        "geoeffnete_version": projekt.version,
    }
    daten.update(aenderungen)
    return {k: v for k, v in daten.items() if v is not None}


def test_neue_massnahme_anlegen(redaktion_client, redaktion_user):
    plan, thema = PlanFactory(), ThemaFactory()
    zielgruppe = ZielgruppeFactory(name="Ältere")
    response = redaktion_client.post(
        reverse("projekte:projekt_neu"),
        {
            "plan": plan.pk,
            "nummer": 7,
            "titel": "Sitzbänke",
            "hauptthema": thema.pk,
            "prioritaet": "hoch",
            "zielgruppen": [zielgruppe.pk],
            "beginn": "2025-04-01",
            "unbrk_artikel": [UNBRKArtikel.objects.get(nummer=9).pk],
        },
    )
    projekt = Projektskizze.objects.get(titel="Sitzbänke")
    assert response.status_code == 302
    assert response.url == projekt.get_absolute_url()
    assert list(projekt.zielgruppen.all()) == [zielgruppe]
    assert projekt.beginn == datetime.date(2025, 4, 1)
    assert projekt.history.get().history_user == redaktion_user
    seite = redaktion_client.get(response.url).content.decode()
    assert "Die Maßnahme „Sitzbänke“ wurde angelegt." in seite


def test_formular_datumsfelder_und_checkboxen(redaktion_client):
    inhalt = redaktion_client.get(reverse("projekte:projekt_neu")).content.decode()
    assert 'type="date" name="beginn"' in inhalt
    assert 'type="checkbox"' in inhalt
    assert "<legend" in inhalt


def test_fehler_werden_gezeigt(redaktion_client):
    response = redaktion_client.post(reverse("projekte:projekt_neu"), {"titel": ""})
    assert response.status_code == 200
    inhalt = response.content.decode()
    assert "Bitte korrigieren Sie" in inhalt
    assert 'aria-invalid="true"' in inhalt
    assert not Projektskizze.objects.exists()


def test_bearbeiten_speichert_und_erhoeht_version(redaktion_client, redaktion_user):
    projekt = ProjektskizzeFactory(titel="Alt")
    zielgruppe = ZielgruppeFactory()
    response = redaktion_client.post(
        reverse("projekte:projekt_bearbeiten", args=[projekt.pk]),
        _formulardaten(projekt, titel="Neu", zielgruppen=[zielgruppe.pk]),
    )
    assert response.status_code == 302
    projekt.refresh_from_db()
    assert (projekt.titel, projekt.version) == ("Neu", 2)
    assert list(projekt.zielgruppen.all()) == [zielgruppe]
    neueste = projekt.history.order_by("-history_id").first()
    assert neueste.history_user == redaktion_user
    assert "Zielgruppen" in neueste.history_change_reason


def test_veraltetes_formular_wird_abgelehnt(redaktion_client):
    kollegin = UserFactory(first_name="Klara", last_name="Kollegin")
    projekt = ProjektskizzeFactory(titel="Ursprung", ziele="alt")
    alte_version = projekt.version
    # A colleague saves in between.
    projekt.titel = "Fassung der Kollegin"
    services.projekt_aendern(
        projekt=projekt,
        benutzer=kollegin,
        erwartete_version=alte_version,
        daten={"titel": "Fassung der Kollegin"},
        m2m={},
    )
    response = redaktion_client.post(
        reverse("projekte:projekt_bearbeiten", args=[projekt.pk]),
        _formulardaten(
            projekt, titel="Meine Fassung", ziele="meine Ziele", geoeffnete_version=alte_version
        ),
    )
    assert response.status_code == 409
    inhalt = response.content.decode()
    # Who, when, and which field: the value when the form was opened → the value now.
    assert "Fassung der Kollegin“ wurde inzwischen von Klara Kollegin am" in inhalt
    assert "Titel: Ursprung → Fassung der Kollegin" in inhalt
    # The user's input is kept in the form.
    assert 'value="Meine Fassung"' in inhalt
    assert "meine Ziele" in inhalt
    projekt.refresh_from_db()
    assert (projekt.titel, projekt.ziele, projekt.version) == ("Fassung der Kollegin", "alt", 2)
    # The re-rendered form carries the current version: saving again is a deliberate choice.
    assert response.context["form"]["geoeffnete_version"].value() == "2"


def test_sachstand_macht_offenes_formular_veraltet(redaktion_client, redaktion_user):
    projekt = ProjektskizzeFactory()
    version = projekt.version
    services.sachstand_anlegen(
        projekt=projekt,
        benutzer=redaktion_user,
        datum=timezone.localdate(),
        status=Status.IN_PLANUNG,
        ampel="gruen",
        fortschritt=5,
        text="Neu",
    )
    response = redaktion_client.post(
        reverse("projekte:projekt_bearbeiten", args=[projekt.pk]),
        _formulardaten(projekt, titel="Zu spät", geoeffnete_version=version),
    )
    assert response.status_code == 409
    assert not Projektskizze.objects.filter(titel="Zu spät").exists()


def test_sachstand_ergaenzt_und_aendert_status(redaktion_client, redaktion_user):
    projekt = ProjektskizzeFactory()
    SachstandFactory(projekt=projekt, datum=datetime.date(2024, 1, 1), status=Status.IN_PLANUNG)
    response = redaktion_client.post(
        reverse("projekte:sachstand_neu", args=[projekt.pk]),
        {
            "datum": timezone.localdate().isoformat(),
            "status": "in_umsetzung",
            "ampel": "gelb",
            "fortschritt": 30,
            "text": "Bauarbeiten laufen",
        },
    )
    assert response.status_code == 302
    assert Sachstand.objects.filter(projekt=projekt).count() == 2
    neuester = Sachstand.objects.filter(projekt=projekt).neueste_zuerst().first()
    assert neuester.verfasst_von == redaktion_user
    aktuell = Projektskizze.objects.mit_aktuellem_stand().get(pk=projekt.pk)
    assert (aktuell.aktueller_status, aktuell.aktuelle_ampel) == ("in_umsetzung", "gelb")
    projekt.refresh_from_db()
    assert projekt.version == 2


def test_sachstand_fortschritt_0_bis_100(redaktion_client):
    projekt = ProjektskizzeFactory()
    response = redaktion_client.post(
        reverse("projekte:sachstand_neu", args=[projekt.pk]),
        {
            "datum": "2025-01-01",
            "status": "idee",
            "ampel": "gruen",
            "fortschritt": 101,
            "text": "x",
        },
    )
    assert response.status_code == 200
    assert "Fortschritt (%)" in response.content.decode()
    assert not Sachstand.objects.exists()


def test_meilenstein_anlegen_und_erledigen(redaktion_client):
    projekt = ProjektskizzeFactory()
    response = redaktion_client.post(
        reverse("projekte:meilenstein_neu", args=[projekt.pk]),
        {"titel": "Ausschreibung", "faellig_am": "2026-03-31"},
    )
    assert response.status_code == 302
    meilenstein = Meilenstein.objects.get(titel="Ausschreibung")
    url = reverse("projekte:meilenstein_erledigt", args=[meilenstein.pk])
    vor_drei_tagen = timezone.localdate() - datetime.timedelta(days=3)
    response = redaktion_client.post(url, {"erledigt_am": vor_drei_tagen.isoformat()}, follow=True)
    meilenstein.refresh_from_db()
    assert meilenstein.erledigt_am == vor_drei_tagen
    assert "als erledigt vermerkt" in response.content.decode()
    zweiter = MeilensteinFactory(projekt=projekt)
    redaktion_client.post(reverse("projekte:meilenstein_erledigt", args=[zweiter.pk]))
    zweiter.refresh_from_db()
    assert zweiter.erledigt_am == timezone.localdate()
    projekt.refresh_from_db()
    assert projekt.version >= 3


def test_meilenstein_datum_in_zukunft_abgelehnt(redaktion_client):
    meilenstein = MeilensteinFactory()
    morgen = timezone.localdate() + datetime.timedelta(days=1)
    response = redaktion_client.post(
        reverse("projekte:meilenstein_erledigt", args=[meilenstein.pk]),
        {"erledigt_am": morgen.isoformat()},
    )
    inhalt = response.content.decode()
    assert response.status_code == 200
    assert f"Meilenstein „{meilenstein.titel}“ nicht geändert." in inhalt
    # The error summary links to the field, which is marked invalid and keeps the date.
    zusammenfassung = re.search(r'class="[^"]*fehlerzusammenfassung".*?</ul>', inhalt, re.S)
    assert zusammenfassung
    assert (
        '<a class="kern-link" href="#id_erledigt_am">erledigt am: Das Erledigt-Datum kann nicht '
        "in der Zukunft liegen.</a>" in zusammenfassung.group(0)
    )
    feld = re.search(r'<input[^>]*id="id_erledigt_am"[^>]*>', inhalt).group(0)
    assert 'aria-invalid="true"' in feld
    assert f'value="{morgen.isoformat()}"' in feld
    meilenstein.refresh_from_db()
    assert meilenstein.erledigt_am is None


def test_meilenstein_unlesbares_datum_bleibt_stehen(redaktion_client):
    meilenstein = MeilensteinFactory()
    response = redaktion_client.post(
        reverse("projekte:meilenstein_erledigt", args=[meilenstein.pk]),
        {"erledigt_am": "31.02.2026"},
    )
    inhalt = response.content.decode()
    assert 'href="#id_erledigt_am">erledigt am: Bitte ein gültiges Datum eingeben.' in inhalt
    # Kept as typed; as text, since a date input may not hold an impossible date.
    feld = re.search(r'<input[^>]*id="id_erledigt_am"[^>]*>', inhalt).group(0)
    assert 'type="text"' in feld
    assert 'value="31.02.2026"' in feld
    assert 'aria-invalid="true"' in feld
    meilenstein.refresh_from_db()
    assert meilenstein.erledigt_am is None


def test_nur_ein_federfuehrender_akteur(redaktion_client):
    projekt = ProjektskizzeFactory()
    ProjektbeteiligungFactory(projekt=projekt, rolle=Projektbeteiligung.Rolle.FEDERFUEHREND)
    zweiter = AkteurFactory()
    response = redaktion_client.post(
        reverse("projekte:beteiligung_neu", args=[projekt.pk]),
        {"akteur": zweiter.pk, "rolle": "federfuehrend"},
    )
    assert response.status_code == 200
    assert "schon einen federführenden Akteur" in response.content.decode()
    assert projekt.beteiligungen.count() == 1
    # As a partner it works.
    response = redaktion_client.post(
        reverse("projekte:beteiligung_neu", args=[projekt.pk]),
        {"akteur": zweiter.pk, "rolle": "partner", "aufgabe": "Räume"},
    )
    assert response.status_code == 302
    partner = projekt.beteiligungen.get(akteur=zweiter)
    # Changing the partner to lead is refused as well, and the service refuses it too.
    projekt.refresh_from_db()
    response = redaktion_client.post(
        reverse("projekte:beteiligung_bearbeiten", args=[partner.pk]),
        {"rolle": "federfuehrend", "aufgabe": "x", "geoeffnete_version": partner.version},
    )
    assert response.status_code == 200
    assert "schon einen federführenden Akteur" in response.content.decode()
    with pytest.raises(services.ValidationError):
        services.beteiligung_aendern(
            beteiligung=partner,
            benutzer=UserFactory(),
            erwartete_version=partner.version,
            rolle="federfuehrend",
            aufgabe="",
        )
    partner.refresh_from_db()
    assert partner.rolle == "partner"
    # The refused change left the version alone.
    assert Projektskizze.objects.get(pk=projekt.pk).version == projekt.version


def test_rolle_aendern_und_entfernen(redaktion_client):
    beteiligung = ProjektbeteiligungFactory(rolle="partner", akteur__name="Lebenshilfe")
    projekt = Projektskizze.objects.get(pk=beteiligung.projekt_id)
    url = reverse("projekte:beteiligung_bearbeiten", args=[beteiligung.pk])
    seite = redaktion_client.get(url).content.decode()
    assert f'name="geoeffnete_version" value="{beteiligung.version}"' in seite
    response = redaktion_client.post(
        url,
        {"rolle": "beratend", "aufgabe": "Fachberatung", "geoeffnete_version": beteiligung.version},
    )
    assert response.status_code == 302
    beteiligung.refresh_from_db()
    assert (beteiligung.rolle, beteiligung.aufgabe) == ("beratend", "Fachberatung")
    projekt.refresh_from_db()
    loeschen = reverse("projekte:beteiligung_loeschen", args=[beteiligung.pk])
    # The detail page links to a confirmation page; GET removes nothing.
    detail = redaktion_client.get(projekt.get_absolute_url()).content.decode()
    assert f'href="{loeschen}"' in detail
    bestaetigung = redaktion_client.get(loeschen)
    assert bestaetigung.status_code == 200
    inhalt = bestaetigung.content.decode()
    assert "Soll „Lebenshilfe“ (beratend) nicht mehr an dieser Maßnahme beteiligt sein?" in inhalt
    assert f'name="geoeffnete_version" value="{beteiligung.version}"' in inhalt
    assert Projektbeteiligung.objects.filter(pk=beteiligung.pk).exists()
    response = redaktion_client.post(
        loeschen, {"geoeffnete_version": beteiligung.version}, follow=True
    )
    assert not Projektbeteiligung.objects.filter(pk=beteiligung.pk).exists()
    assert "„Lebenshilfe“ ist nicht mehr an der Maßnahme beteiligt" in response.content.decode()


def _kollegin_aendert(beteiligung) -> None:
    kollegin = UserFactory(first_name="Karla", last_name="Kollegin")
    services.beteiligung_aendern(
        beteiligung=Projektbeteiligung.objects.get(pk=beteiligung.pk),
        benutzer=kollegin,
        erwartete_version=beteiligung.version,
        rolle="beratend",
        aufgabe="Fassung der Kollegin",
    )


def test_rolle_aendern_veraltet_abgelehnt(redaktion_client):
    beteiligung = ProjektbeteiligungFactory(rolle="partner", aufgabe="alt")
    projekt = Projektskizze.objects.get(pk=beteiligung.projekt_id)
    geoeffnet = beteiligung.version
    _kollegin_aendert(beteiligung)
    response = redaktion_client.post(
        reverse("projekte:beteiligung_bearbeiten", args=[beteiligung.pk]),
        {"rolle": "partner", "aufgabe": "Meine Eingabe", "geoeffnete_version": geoeffnet},
    )
    assert response.status_code == 409
    inhalt = response.content.decode()
    assert "wurde inzwischen von Karla Kollegin am" in inhalt
    assert "Aufgabe im Projekt: alt → Fassung der Kollegin" in inhalt
    # The input is kept and the form now carries the current version.
    assert "Meine Eingabe" in inhalt
    beteiligung.refresh_from_db()
    assert f'name="geoeffnete_version" value="{beteiligung.version}"' in inhalt
    assert (beteiligung.rolle, beteiligung.aufgabe) == ("beratend", "Fassung der Kollegin")
    # Saving again with the new version goes through.
    response = redaktion_client.post(
        reverse("projekte:beteiligung_bearbeiten", args=[beteiligung.pk]),
        {"rolle": "partner", "aufgabe": "Meine Eingabe", "geoeffnete_version": beteiligung.version},
    )
    assert response.status_code == 302
    beteiligung.refresh_from_db()
    assert (beteiligung.rolle, beteiligung.aufgabe) == ("partner", "Meine Eingabe")
    # Every change of a role counts as a change of the measure.
    projekt_neu = Projektskizze.objects.get(pk=projekt.pk)
    assert projekt_neu.version == projekt.version + 2


def test_entfernen_veraltet_abgelehnt(redaktion_client):
    beteiligung = ProjektbeteiligungFactory(rolle="partner")
    geoeffnet = beteiligung.version
    _kollegin_aendert(beteiligung)
    url = reverse("projekte:beteiligung_loeschen", args=[beteiligung.pk])
    response = redaktion_client.post(url, {"geoeffnete_version": geoeffnet})
    assert response.status_code == 409
    inhalt = response.content.decode()
    assert "wurde inzwischen von Karla Kollegin am" in inhalt
    assert Projektbeteiligung.objects.filter(pk=beteiligung.pk).exists()
    beteiligung.refresh_from_db()
    assert f'name="geoeffnete_version" value="{beteiligung.version}"' in inhalt
    assert (
        redaktion_client.post(url, {"geoeffnete_version": beteiligung.version}).status_code == 302
    )
    assert not Projektbeteiligung.objects.filter(pk=beteiligung.pk).exists()


def test_erledigter_meilenstein_wird_nicht_ueberschrieben(redaktion_client):
    erledigt = datetime.date(2025, 3, 1)
    meilenstein = MeilensteinFactory(titel="Ausschreibung", erledigt_am=erledigt)
    version = Projektskizze.objects.get(pk=meilenstein.projekt_id).version
    response = redaktion_client.post(
        reverse("projekte:meilenstein_erledigt", args=[meilenstein.pk]),
        {"erledigt_am": timezone.localdate().isoformat()},
    )
    inhalt = response.content.decode()
    assert "Meilenstein „Ausschreibung“ nicht geändert." in inhalt
    assert (
        "Der Meilenstein „Ausschreibung“ ist schon seit dem 01.03.2025 als erledigt vermerkt."
        in inhalt
    )
    meilenstein.refresh_from_db()
    assert meilenstein.erledigt_am == erledigt
    assert Projektskizze.objects.get(pk=meilenstein.projekt_id).version == version


def test_projektbeteiligung_str_ohne_abfrage(django_assert_num_queries):
    beteiligung = ProjektbeteiligungFactory(rolle="partner", akteur__name="Lebenshilfe")
    mit = Projektbeteiligung.objects.select_related("akteur").get(pk=beteiligung.pk)
    ohne = Projektbeteiligung.objects.get(pk=beteiligung.pk)
    with django_assert_num_queries(0):
        assert str(mit) == "Lebenshilfe – Partner"
        assert str(ohne) == f"{beteiligung.akteur_id} – Partner"


def test_lesen_schreibt_nichts(lesen_client):
    projekt = ProjektskizzeFactory(titel="Bleibt")
    response = lesen_client.post(
        reverse("projekte:projekt_bearbeiten", args=[projekt.pk]),
        _formulardaten(projekt, titel="Geändert"),
    )
    assert response.status_code == 403
    projekt.refresh_from_db()
    assert projekt.titel == "Bleibt"


def test_anzeigename():
    from aktionsplan.personen import anzeigename

    assert anzeigename(UserFactory(first_name="Rita", last_name="Rot")) == "Rita Rot"
    assert anzeigename(UserFactory(username="rr", first_name="", last_name="")) == "rr"
    assert anzeigename(None) == ""


def test_verlauf_nennt_alte_und_neue_themen_und_raeume(redaktion_client, redaktion_user):
    from tests.factories import RaumFactory

    wohnen = ThemaFactory(name="Wohnen und öffentlicher Raum")
    bildung = ThemaFactory(name="Bildung und lebenslanges Lernen")
    atsch = RaumFactory(name="Atsch")
    projekt = ProjektskizzeFactory(titel="Inklusiver Spielplatz")
    projekt.weitere_themen.set([wohnen])
    url = reverse("projekte:projekt_bearbeiten", args=[projekt.pk])

    antwort = redaktion_client.post(
        url,
        _formulardaten(projekt, weitere_themen=[wohnen.pk, bildung.pk], raeume=[atsch.pk]),
    )

    assert antwort.status_code == 302
    grund = projekt.history.order_by("-history_id").first().history_change_reason
    assert (
        "weitere Themen: Wohnen und öffentlicher Raum → "
        "Bildung und lebenslanges Lernen, Wohnen und öffentlicher Raum" in grund
    )
    assert "Räume: – → Atsch" in grund
    seite = redaktion_client.get(projekt.get_absolute_url()).content.decode()
    assert "Räume: – → Atsch" in seite


def test_rollenauswahl_ohne_leere_option(redaktion_client):
    projekt = ProjektskizzeFactory()
    inhalt = redaktion_client.get(
        reverse("projekte:beteiligung_neu", kwargs={"pk": projekt.pk})
    ).content.decode()
    import re

    radios = re.findall(r'<input[^>]*name="rolle"[^>]*>', inhalt)
    assert len(radios) == len(Projektbeteiligung.Rolle.choices)
    assert not any('value=""' in r for r in radios)
    assert [r for r in radios if "checked" in r] == [r for r in radios if 'value="partner"' in r]
