"""A double click on any form that writes saves once and shows the first result (QA 2026-11-29,
F-11): before, an edit form clicked twice saved the first POST and answered the second with the
stale-edit refusal (409) against the person's own first click. A POST with the same mark but
other content (the form reached again with the Back button and changed) is no double click: a
stale edit is then refused with the input kept, as always (aktionsplan.einmal)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from aktionsplan.models import Zielgruppe
from tests import factories as f
from tests.test_eingaben_robust import _Leser
from tests.test_feindliche_faelle import ANLEGEN, _admin_formular, _alle_muster
from tests.test_formulare_robust import felder_des_formulars, grunddaten

SCHREIBENDE_ENDUNGEN = (
    "_neu",
    "_bearbeiten",
    "_loeschen",
    "_erledigt",
    "_freigeben",
    "_freigabe",
    "_beschliessen",
    "_zurueckziehen",
)


def test_jede_schreibende_seite_ist_gegen_doppeltes_absenden_geschuetzt():
    """Every staff view that creates, edits, deletes or marks done (found by its URL name) and
    every task start is wrapped by aktionsplan.einmal."""
    from django.urls import get_resolver

    gefunden = [
        (name, view)
        for name, view in _alle_muster(get_resolver())
        if not name.startswith("admin:")
        and (name.endswith(SCHREIBENDE_ENDUNGEN) or name in ANLEGEN)
    ]
    assert len(gefunden) >= 20
    ungeschuetzt = [name for name, view in gefunden if not getattr(view, "einmal_absenden", False)]
    assert ungeschuetzt == []


def _bearbeitungsfaelle() -> dict:
    """(URL name, argument, field to change, new value, the object) of every staff edit form."""
    from monitoring.models import Bewertungsstufe

    projekt = f.ProjektskizzeFactory(nummer=1)
    beteiligung = f.ProjektbeteiligungFactory(projekt=projekt)
    stufe = f.BewertungsstufeFactory(stufe=2)
    assert isinstance(stufe, Bewertungsstufe)
    return {
        "projekte:projekt_bearbeiten": (projekt, "titel", "Neuer Titel"),
        "projekte:beteiligung_bearbeiten": (beteiligung, "aufgabe", "Moderation"),
        "projekte:finanzierung_bearbeiten": (
            f.FinanzierungFactory(projekt=projekt),
            "programm",
            "Neues Programm",
        ),
        "monitoring:messwert_bearbeiten": (f.MesswertFactory(), "quellenhinweis", "IT.NRW"),
        "monitoring:einschaetzung_bearbeiten": (
            f.EinschaetzungFactory(indikator=stufe.indikator, stufe=stufe),
            "anlass",
            "Sitzung des Beirats",
        ),
        "monitoring:erkenntnis_bearbeiten": (f.ErkenntnisFactory(), "titel", "Rampe fehlt"),
        "monitoring:beteiligungsformat_bearbeiten": (
            f.BeteiligungsformatFactory(),
            "titel",
            "Auftakt",
        ),
        "monitoring:fassung_bearbeiten": (
            f.BerichtsfassungFactory(),
            "einleitung",
            "Der Bericht zeigt das Jahr 2025.",
        ),
        "aktionsplan:fortschreibung_bearbeiten": (
            f.FortschreibungFactory(),
            "aenderungen",
            "Zwei Maßnahmen neu",
        ),
    }


BEARBEITEN = [
    "projekte:projekt_bearbeiten",
    "projekte:beteiligung_bearbeiten",
    "projekte:finanzierung_bearbeiten",
    "monitoring:messwert_bearbeiten",
    "monitoring:einschaetzung_bearbeiten",
    "monitoring:erkenntnis_bearbeiten",
    "monitoring:beteiligungsformat_bearbeiten",
    "aktionsplan:fortschreibung_bearbeiten",
    "monitoring:fassung_bearbeiten",
]


# Edit pages of a single object without an address argument, kept by the Datenpflege.
BEARBEITEN_EINZELN = ["rueckmeldungen:erklaerung_bearbeiten"]


def test_jede_bearbeitungsseite_ist_hier_erfasst():
    from tests.test_eingaben_robust import URL_NAMEN

    bearbeiten = {n for n in URL_NAMEN if n.endswith("_bearbeiten") and not n.startswith("admin:")}
    assert bearbeiten == set(BEARBEITEN) | set(BEARBEITEN_EINZELN)


@pytest.mark.django_db
def test_doppelklick_auf_die_erklaerung_speichert_einmal(datenpflege_client):
    """The accessibility statement's form: a double click saves once and shows the first
    result; the same form changed after the Back button is a stale edit (409, input kept)."""
    from rueckmeldungen import services as rueckmeldung_services

    adresse = reverse("rueckmeldungen:erklaerung_bearbeiten")
    # A statement saved once already (the form of a never-saved one has no version yet).
    grund = _formular(datenpflege_client, adresse)
    assert datenpflege_client.post(adresse, grund).status_code == 302
    daten = _formular(datenpflege_client, adresse)
    assert daten["einmalmarke"][0]
    daten["methode_text"] = ["Selbstbewertung mit axe-core und Prüfung von Hand"]
    erste = datenpflege_client.post(adresse, daten)
    assert erste.status_code == 302
    erklaerung = rueckmeldung_services.erklaerung()
    version = erklaerung.version
    eintraege = erklaerung.history.count()
    zweite = datenpflege_client.post(adresse, daten)
    assert zweite.status_code == 302
    assert zweite.url == erste.url
    erklaerung.refresh_from_db()
    assert erklaerung.version == version
    assert erklaerung.history.count() == eintraege
    daten["methode_text"] = ["Selbstbewertung (zweite Fassung)"]
    dritte = datenpflege_client.post(adresse, daten)
    assert dritte.status_code == 409
    assert "zweite Fassung" in dritte.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", BEARBEITEN)
def test_doppelklick_auf_speichern_speichert_einmal(redaktion_client, name):
    objekt, feld, neu = _bearbeitungsfaelle()[name]
    adresse = reverse(name, args=[objekt.pk])
    daten = _formular(redaktion_client, adresse)
    assert daten["einmalmarke"][0], f"{adresse} rendert keine Einmalmarke"
    daten[feld] = [neu]
    erste = redaktion_client.post(adresse, daten)
    assert erste.status_code == 302, re.findall(r"feldfehler.{0,300}", erste.content.decode())
    objekt.refresh_from_db()
    assert getattr(objekt, feld) == neu
    version = objekt.version
    eintraege = objekt.history.count()

    zweite = redaktion_client.post(adresse, daten)
    assert zweite.status_code == 302, zweite.content.decode()[:3000]
    assert zweite.url == erste.url
    assert (
        "Dieses Formular wurde bereits abgeschickt"
        in redaktion_client.get(zweite.url).content.decode()
    )
    objekt.refresh_from_db()
    assert objekt.version == version
    assert objekt.history.count() == eintraege

    # The same rendered form, changed after the Back button: a stale edit, refused with the
    # input kept (nothing saved).
    daten[feld] = [neu + " (zweite Fassung)"]
    dritte = redaktion_client.post(adresse, daten)
    assert dritte.status_code == 409
    assert "zweite Fassung" in dritte.content.decode()
    objekt.refresh_from_db()
    assert getattr(objekt, feld) == neu
    assert objekt.version == version


def _formular(client, adresse: str) -> dict[str, list[str]]:
    """The page's own POST form (the one that posts to the page) as the page submits it."""
    leser = _Leser()
    leser.feed(client.get(adresse).content.decode())
    eigene = [f for f in leser.formulare if f.methode == "post" and f.action in (None, adresse)]
    assert len(eigene) == 1, adresse
    return grunddaten(felder_des_formulars(eigene[0]), ausfuellen=False)


def _eine_marke(client, adresse: str) -> str:
    treffer = re.findall(
        r'name="einmalmarke" value="([^"]+)"', client.get(adresse).content.decode()
    )
    assert treffer, f"{adresse} rendert keine Einmalmarke"
    return treffer[0]


@pytest.mark.django_db
def test_doppelklick_auf_entfernen_entfernt_einmal(redaktion_client):
    from projekte.models import Projektbeteiligung

    beteiligung = f.ProjektbeteiligungFactory()
    adresse = reverse("projekte:beteiligung_loeschen", args=[beteiligung.pk])
    daten = _formular(redaktion_client, adresse)
    erste = redaktion_client.post(adresse, daten)
    assert erste.status_code == 302
    assert not Projektbeteiligung.objects.filter(pk=beteiligung.pk).exists()
    zweite = redaktion_client.post(adresse, daten)
    # Not a 404 for the row the first click removed: the first result, with the message.
    assert zweite.status_code == 302
    assert zweite.url == erste.url


@pytest.mark.django_db
def test_doppelklick_auf_erledigt_vermerkt_einmal(redaktion_client, settings):
    from projekte.models import Meilenstein

    meilenstein = f.MeilensteinFactory(erledigt_am=None)
    detail = reverse("projekte:projekt_detail", args=[meilenstein.projekt_id])
    erste_marke = _eine_marke(redaktion_client, detail)
    # The detail page's milestone part is stored for later readers: each rendering still
    # carries fresh marks, never the stored ones.
    assert _eine_marke(redaktion_client, detail) != erste_marke
    adresse = reverse("projekte:meilenstein_erledigt", args=[meilenstein.pk])
    daten = {"erledigt_am": "2026-01-05", "einmalmarke": erste_marke}
    erste = redaktion_client.post(adresse, daten)
    assert erste.status_code == 302
    zweite = redaktion_client.post(adresse, daten)
    assert zweite.status_code == 302
    assert zweite.url == erste.url
    meilenstein.refresh_from_db()
    assert meilenstein.version == 2
    assert Meilenstein.history.filter(id=meilenstein.pk).count() == 2


@pytest.mark.django_db
def test_admin_aendern_doppelt_abgeschickt_speichert_einmal(datenpflege_client):
    zielgruppe = Zielgruppe.objects.create(name="Ältere")
    adresse = reverse("admin:aktionsplan_zielgruppe_change", args=[zielgruppe.pk])
    daten = _admin_formular(datenpflege_client, adresse)
    assert daten["einmalmarke"][0]
    daten["name"] = ["Ältere Menschen"]
    erste = datenpflege_client.post(adresse, daten)
    zweite = datenpflege_client.post(adresse, daten)
    assert erste.status_code == zweite.status_code == 302
    assert zweite.url == erste.url
    zielgruppe.refresh_from_db()
    assert zielgruppe.name == "Ältere Menschen"
    assert zielgruppe.version == 2


@pytest.mark.django_db
def test_admin_loeschen_doppelt_abgeschickt_loescht_einmal_ohne_fehler(datenpflege_client):
    zielgruppe = Zielgruppe.objects.create(name="Ältere")
    adresse = reverse("admin:aktionsplan_zielgruppe_delete", args=[zielgruppe.pk])
    daten = _admin_formular(datenpflege_client, adresse)
    assert daten["einmalmarke"][0]
    erste = datenpflege_client.post(adresse, daten)
    zweite = datenpflege_client.post(adresse, daten)
    assert erste.status_code == zweite.status_code == 302
    assert zweite.url == erste.url
    assert not Zielgruppe.objects.filter(pk=zielgruppe.pk).exists()
    assert Zielgruppe.history.filter(id=zielgruppe.pk, history_type="-").count() == 1


@pytest.mark.django_db
def test_doppelklick_auf_oeffentlich_zeigen_aendert_einmal(redaktion_client):
    """The publish button of a status report sits in the measure page's stored part: each
    rendering carries fresh marks, and a double click publishes once without a stale-click
    error."""
    sachstand = f.SachstandFactory()
    detail = reverse("projekte:projekt_detail", args=[sachstand.projekt_id])
    inhalt = redaktion_client.get(detail).content.decode()
    adresse = reverse("projekte:sachstand_freigeben", args=[sachstand.pk])
    formular = inhalt[inhalt.index(f'action="{adresse}"') :]
    marke = re.search(r'name="einmalmarke" value="([^"]+)"', formular).group(1)
    daten = {"geoeffnete_version": sachstand.version, "oeffentlich": "on", "einmalmarke": marke}
    erste = redaktion_client.post(adresse, daten)
    zweite = redaktion_client.post(adresse, daten)
    assert erste.status_code == zweite.status_code == 302
    seite = redaktion_client.get(zweite.url).content.decode()
    assert "Dieses Formular wurde bereits abgeschickt" in seite
    sachstand.refresh_from_db()
    assert sachstand.oeffentlich
    assert sachstand.version == 2


@pytest.mark.django_db
def test_admin_aendern_bleibt_veraltet_ohne_serverfehler(datenpflege_client, monkeypatch):
    """A write still found stale after the form validated again (a row the form does not show
    changed meanwhile) answers 409 with the message and the current state; nothing is saved and
    the one-time mark stays unused, so the form can be sent again."""
    from aktionsplan import admin_basis
    from aktionsplan.sperre import VeralteterStandError, veraltet_beschreiben

    zielgruppe = Zielgruppe.objects.create(name="Ältere")
    adresse = reverse("admin:aktionsplan_zielgruppe_change", args=[zielgruppe.pk])
    daten = _admin_formular(datenpflege_client, adresse)
    daten["name"] = ["Ältere Menschen"]

    def immer_veraltet(obj, **kwargs):
        raise VeralteterStandError(veraltet_beschreiben(Zielgruppe, obj.pk, 1))

    monkeypatch.setattr(admin_basis, "speichern", immer_veraltet)
    antwort = datenpflege_client.post(adresse, daten)
    assert antwort.status_code == 409
    zielgruppe.refresh_from_db()
    assert zielgruppe.name == "Ältere"
    monkeypatch.undo()
    assert datenpflege_client.post(adresse, daten).status_code == 302
    zielgruppe.refresh_from_db()
    assert zielgruppe.name == "Ältere Menschen"
