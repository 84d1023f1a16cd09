"""The accessibility statement kept by the Datenpflege (issue 11, point 4; EU model statement of
Durchführungsbeschluss (EU) 2018/1523, BGG NRW § 10b): its edit page with the model's rules and
the stale-edit refusal, and the public page that follows every save at once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rueckmeldungen.models import Erklaerung

pytestmark = pytest.mark.django_db

SEITE = "/barrierefreiheit/"
BEARBEITEN = reverse("rueckmeldungen:erklaerung_bearbeiten")


def _daten(**anders) -> dict:
    daten = {
        "konformitaet": "teilweise",
        "nicht_barrierefrei": "Videos ohne Untertitel – Aufwand unverhältnismäßig.",
        "erstellt_am": "2026-03-01",
        "methode": "fremdbewertung",
        "methode_text": "BITV-Test durch ein Prüfbüro.",
        "zuletzt_geprueft": "2026-11-20",
        "kontakt_stelle": "Stabsstelle Inklusion",
        "kontakt_email": "inklusion@stadt.example",
        "kontakt_telefon": "02402 13-0",
        "kontakt_anschrift": "Rathausstraße 11\n52222 Stolberg",
        "durchsetzung_name": "Ombudsstelle für barrierefreie Informationstechnik des Landes NRW",
        "durchsetzung_anschrift": "Fürstenwall 25\n40219 Düsseldorf",
        "durchsetzung_email": "ombudsstelle-barrierefreie-it@mags.nrw.de",
        "durchsetzung_url": "https://www.lbbp.nrw.de/ombudsstelle",
        "leichte_sprache": "Wir wollen: Alle können die Seite gut benutzen.\n\nSchreiben Sie uns.",
    }
    daten.update(anders)
    return daten


def test_erste_speicherung_legt_die_erklaerung_an_und_die_seite_folgt(
    datenpflege_client, anonym_client, datenpflege_user
):
    vorher = anonym_client.get(SEITE).content.decode()  # fills the cache
    assert "Stabsstelle Inklusion" not in vorher
    formular = datenpflege_client.get(BEARBEITEN)
    assert formular.status_code == 200
    antwort = datenpflege_client.post(BEARBEITEN, _daten())
    assert antwort.status_code == 302
    erklaerung = Erklaerung.objects.get()
    assert erklaerung.version == 1
    assert erklaerung.history.get().history_user == datenpflege_user
    inhalt = anonym_client.get(SEITE).content.decode()
    assert "Stabsstelle Inklusion" in inhalt
    assert "teilweise vereinbar" in inhalt
    assert "Videos ohne Untertitel" in inhalt
    assert "Bewertung durch Dritte" in inhalt
    assert "Telefon: 02402 13-0" in inhalt
    assert "Schreiben Sie uns." in inhalt
    assert "am 1. März 2026 erstellt und zuletzt am 20. November 2026" in inhalt


def test_aenderung_und_veralteter_stand(datenpflege_client):
    datenpflege_client.post(BEARBEITEN, _daten())
    assert (
        datenpflege_client.post(
            BEARBEITEN, _daten(kontakt_telefon="02402 1", geoeffnete_version=1)
        ).status_code
        == 302
    )
    assert Erklaerung.objects.get().version == 2
    # A form opened on version 1 is refused, the input kept.
    antwort = datenpflege_client.post(
        BEARBEITEN, _daten(kontakt_telefon="0800 999", geoeffnete_version=1)
    )
    assert antwort.status_code == 409
    assert "0800 999" in antwort.content.decode()
    assert Erklaerung.objects.get().kontakt_telefon == "02402 1"


def test_nicht_vollstaendig_ohne_inhalte_abgelehnt(datenpflege_client):
    antwort = datenpflege_client.post(BEARBEITEN, _daten(nicht_barrierefrei=""))
    assert antwort.status_code == 200
    assert "BGG NRW § 10b Abs. 2 Nr. 1" in antwort.content.decode()
    assert not Erklaerung.objects.exists()
    # Fully conformant: no list needed.
    antwort = datenpflege_client.post(
        BEARBEITEN, _daten(nicht_barrierefrei="", konformitaet="vollstaendig")
    )
    assert antwort.status_code == 302


def test_pruefung_nicht_vor_der_erstellung(datenpflege_client):
    antwort = datenpflege_client.post(BEARBEITEN, _daten(zuletzt_geprueft="2026-01-01"))
    assert antwort.status_code == 200
    assert "nicht vor der Erstellung" in antwort.content.decode()
    assert not Erklaerung.objects.exists()


def test_falsche_adresse_abgelehnt(datenpflege_client):
    antwort = datenpflege_client.post(BEARBEITEN, _daten(kontakt_email="kein-at"))
    assert antwort.status_code == 200
    assert not Erklaerung.objects.exists()


def test_leichte_sprache_mit_sprungziel_und_bearbeiten_nur_fuer_datenpflege(
    anonym_client, lesen_client, datenpflege_client
):
    for client in (anonym_client, lesen_client):
        inhalt = client.get(SEITE).content.decode()
        assert 'id="leichte-sprache"' in inhalt
        assert 'href="#leichte-sprache"' in inhalt
        assert BEARBEITEN not in inhalt
    assert BEARBEITEN in datenpflege_client.get(SEITE).content.decode()


def test_nur_eine_erklaerung():
    from django.db import IntegrityError, transaction

    Erklaerung.objects.create(nicht_barrierefrei="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Erklaerung.objects.create(id=2, nicht_barrierefrei="y")


def test_erste_speicherung_zu_zweit_die_zweite_wird_abgelehnt_mit_eingaben(
    datenpflege_client, datenpflege_user
):
    """Two people open the form before the statement exists; the first creates it. The second
    save is stale like any other (409, input kept, nothing overwritten), not a silent overwrite
    of the first person's text and not a crash (QA of issue 11)."""
    assert "geoeffnete_version" in datenpflege_client.get(BEARBEITEN).content.decode()
    assert datenpflege_client.post(BEARBEITEN, _daten()).status_code == 302
    # The second person's form was opened before: its version field is empty.
    antwort = datenpflege_client.post(
        BEARBEITEN, _daten(kontakt_stelle="Sozialamt", geoeffnete_version="")
    )
    assert antwort.status_code == 409
    inhalt = antwort.content.decode()
    assert 'value="Sozialamt"' in inhalt
    erklaerung = Erklaerung.objects.get()
    assert erklaerung.kontakt_stelle == "Stabsstelle Inklusion"
    assert erklaerung.version == 1
    # Saving again now is a deliberate decision on the current version.
    assert f'name="geoeffnete_version" value="{erklaerung.version}"' in inhalt


def test_erste_speicherung_im_selben_augenblick(datenpflege_user, monkeypatch):
    """Both see no statement; the other's INSERT lands between the check and this one. The
    database's key refuses the second, and the service reports it as stale (409 in the view),
    not as an error of the database."""
    from aktionsplan.sperre import VeralteterStandError
    from rueckmeldungen import services

    services.erklaerung_speichern(
        services.erklaerung(), benutzer=datenpflege_user, erwartete_version=None, felder=None
    )
    zweite = Erklaerung(kontakt_stelle="Sozialamt")
    echte_filter = Erklaerung.objects.filter
    aufrufe = []

    def noch_keine(*args, **kwargs):
        # The first existence check still sees no row (the other's INSERT is not committed).
        aufrufe.append(1)
        qs = echte_filter(*args, **kwargs)
        return qs.none() if len(aufrufe) == 1 else qs

    monkeypatch.setattr(Erklaerung.objects, "filter", noch_keine)
    with pytest.raises(VeralteterStandError):
        services.erklaerung_speichern(
            zweite, benutzer=datenpflege_user, erwartete_version=None, felder=None
        )
    monkeypatch.undo()
    assert Erklaerung.objects.get().kontakt_stelle != "Sozialamt"
    assert Erklaerung.objects.get().version == 1
