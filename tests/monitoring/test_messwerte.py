"""Entering and correcting values: roles, CSRF, duplicates, stale edits, history, and who may see
a protected value on the edit page."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from aktionsplan.sperre import speichern
from monitoring.models import Messwert
from tests.factories import IndikatorFactory, KommuneFactory, MesswertFactory, RaumFactory
from tests.monitoring.test_indikatoren import daten_anlegen

pytestmark = pytest.mark.django_db


def test_neu_je_rolle(rollen_client):
    # Not a count (those are whole numbers), so that the decimal comma is tried.
    indikator = IndikatorFactory(einheit="Stunden je Woche", ist_fallzahl=False)
    raum = RaumFactory()
    url = reverse("monitoring:messwert_neu", args=[indikator.pk])
    erwartet = {"anonym": 302, "lesen": 403, "redaktion": 200, "datenpflege": 200}[
        rollen_client.rolle
    ]
    assert rollen_client.get(url).status_code == erwartet
    antwort = rollen_client.post(url, {"jahr": 2025, "raum": raum.pk, "wert": "1.234,5"})
    if rollen_client.rolle in ("redaktion", "datenpflege"):
        assert antwort.status_code == 302
        mw = Messwert.objects.get()
        assert mw.wert == Decimal("1234.5")
        assert mw.history.first().history_user.username == rollen_client.rolle
    else:
        assert antwort.status_code == erwartet
        assert not Messwert.objects.exists()


def test_bearbeiten_je_rolle(rollen_client):
    mw = MesswertFactory(wert=Decimal(40))
    url = reverse("monitoring:messwert_bearbeiten", args=[mw.pk])
    erwartet = {"anonym": 302, "lesen": 403, "redaktion": 200, "datenpflege": 200}[
        rollen_client.rolle
    ]
    assert rollen_client.get(url).status_code == erwartet
    daten = {
        "jahr": 2025,
        "raum": mw.raum.pk,
        "wert": "41",
        "geoeffnete_version": mw.version,
    }
    antwort = rollen_client.post(url, daten)
    mw.refresh_from_db()
    if rollen_client.rolle in ("redaktion", "datenpflege"):
        assert antwort.status_code == 302
        assert mw.wert == Decimal(41)
    else:
        assert antwort.status_code == erwartet
        assert mw.wert == Decimal(40)


def test_csrf_wird_geprueft(redaktion_user):
    indikator = IndikatorFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(redaktion_user)
    url = reverse("monitoring:messwert_neu", args=[indikator.pk])
    antwort = client.post(url, {"jahr": 2025, "raum": RaumFactory().pk, "wert": "3"})
    assert antwort.status_code == 403
    assert not Messwert.objects.exists()
    client.get(url)
    antwort = client.post(
        url,
        {
            "jahr": 2025,
            "raum": RaumFactory().pk,
            "wert": "3",
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )
    assert antwort.status_code == 302


def test_doppelter_wert_ist_formularfehler(redaktion_client):
    mw = MesswertFactory()
    url = reverse("monitoring:messwert_neu", args=[mw.indikator.pk])
    antwort = redaktion_client.post(url, {"jahr": mw.jahr, "raum": mw.raum.pk, "wert": "5"})
    assert antwort.status_code == 200
    assert (
        "Für diesen Indikator, dieses Jahr und diesen Raum gibt es schon einen Wert."
        in antwort.content.decode()
    )
    assert Messwert.objects.count() == 1


def test_falsche_zahl_zeigt_fehler_und_behaelt_eingabe(redaktion_client):
    indikator = IndikatorFactory()
    url = reverse("monitoring:messwert_neu", args=[indikator.pk])
    antwort = redaktion_client.post(
        url,
        {
            "jahr": 2025,
            "raum": RaumFactory().pk,
            "wert": "viele",
            "quellenhinweis": "Lieferung März",
        },
    )
    html = antwort.content.decode()
    assert antwort.status_code == 200
    assert 'aria-invalid="true"' in html or "errorlist" in html or "kern-error" in html
    assert "Lieferung März" in html


def test_veraltete_bearbeitung_wird_abgelehnt(redaktion_client, datenpflege_user):
    mw = MesswertFactory(wert=Decimal(40), quellenhinweis="alt")
    alte_version = mw.version
    mw.wert = Decimal(45)
    speichern(mw, benutzer=datenpflege_user, felder=["wert"])  # a colleague saved meanwhile
    url = reverse("monitoring:messwert_bearbeiten", args=[mw.pk])
    daten = {
        "jahr": 2025,
        "raum": mw.raum.pk,
        "wert": "50",
        "quellenhinweis": "meine Eingabe",
        "geoeffnete_version": alte_version,
    }
    antwort = redaktion_client.post(url, daten)
    html = antwort.content.decode()
    assert antwort.status_code == 409
    assert f"inzwischen von {datenpflege_user.get_full_name()} am" in html
    assert "Wert: 40,00 → 45,00" in html
    assert "meine Eingabe" in html
    mw.refresh_from_db()
    assert mw.wert == Decimal(45)
    # saving again after the warning is a deliberate choice
    assert f'name="geoeffnete_version" value="{mw.version}"' in html
    assert (
        redaktion_client.post(url, {**daten, "geoeffnete_version": mw.version}).status_code == 302
    )
    mw.refresh_from_db()
    assert mw.wert == Decimal(50)


def test_geschuetzter_wert_nur_fuer_datenpflege_sichtbar(
    redaktion_client, datenpflege_client, lesen_client
):
    _indikator, _kommune, _raeume, werte = daten_anlegen()
    atsch = werte[(2024, "Atsch")]  # 2 → "< 3"
    buesbach = werte[(2024, "Büsbach")]  # 17 → withheld "•"
    for mw, verborgen in ((atsch, "&lt; 3"), (buesbach, "•")):
        url = reverse("monitoring:messwert_bearbeiten", args=[mw.pk])
        html_r = redaktion_client.get(url).content.decode()
        assert verborgen in html_r
        eingabe = re.search(r'<input[^>]*name="wert"[^>]*>', html_r).group(0)
        assert "value=" not in eingabe
        html_d = datenpflege_client.get(url).content.decode()
        assert f">{int(mw.wert)}<" in html_d
        assert "ungeschützter Wert" in html_d


def test_redaktion_darf_geschuetzten_wert_ueberschreiben(redaktion_client):
    _indikator, _kommune, _raeume, werte = daten_anlegen()
    mw = werte[(2024, "Atsch")]
    url = reverse("monitoring:messwert_bearbeiten", args=[mw.pk])
    antwort = redaktion_client.post(
        url, {"jahr": 2024, "raum": mw.raum.pk, "wert": "4", "geoeffnete_version": mw.version}
    )
    assert antwort.status_code == 302
    mw.refresh_from_db()
    assert mw.wert == Decimal(4)
    assert mw.history.count() == 2


def test_verlauf_werte_nur_fuer_datenpflege(redaktion_client, datenpflege_client):
    mw = MesswertFactory(wert=Decimal(2), raum=KommuneFactory())
    url = reverse("monitoring:messwert_bearbeiten", args=[mw.pk])
    assert "Änderungsverlauf" in redaktion_client.get(url).content.decode()
    assert "Wert 2" not in redaktion_client.get(url).content.decode()
    assert "Wert 2" in datenpflege_client.get(url).content.decode()


def test_prozentwert_ueber_100_wird_abgelehnt(redaktion_client):
    indikator = IndikatorFactory(einheit="%", ist_fallzahl=False)
    raum = RaumFactory()
    antwort = redaktion_client.post(
        reverse("monitoring:messwert_neu", args=[indikator.pk]),
        {"jahr": 2025, "raum": raum.pk, "wert": "1.234,5"},
    )
    assert antwort.status_code == 200
    assert "Ein Anteil in Prozent liegt zwischen 0 und 100." in antwort.content.decode()
    assert not Messwert.objects.exists()
