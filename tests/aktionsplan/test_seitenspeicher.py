"""Stored main parts of the pages many people read (aktionsplan/seitenspeicher.py, issue 8):
a repeat costs a fixed few queries, every change shows at once, each reader gets what their roles
and scope show, forms carry the reader's own CSRF token, and messages are never stored."""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from aktionsplan.seitenspeicher import CSRF_MARKE, anfrageschluessel
from aktionsplan.sperre import speichern
from tests.factories import (
    IndikatorFactory,
    KommuneFactory,
    MeilensteinFactory,
    MesswertFactory,
    ProjektskizzeFactory,
    RaumFactory,
    SachstandFactory,
)

# The CSRF token and a create form's one-time mark (aktionsplan.einmal) differ per rendering.
OHNE_TOKEN = re.compile(rb'name="(?:csrfmiddlewaretoken|einmalmarke)" value="[^"]+"')


@pytest.fixture
def daten(db):
    # The factories' Kommune (slug "testkommune"): one Kommune, as the budgets assume.
    kommune = KommuneFactory(name="Teststadt", slug="testkommune")
    sozialraum = RaumFactory(uebergeordnet=kommune, ebene="sozialraum", name="Innenstadt Test")
    projekt = ProjektskizzeFactory(titel="Gespeicherte Maßnahme")
    SachstandFactory(projekt=projekt, datum=datetime.date(2025, 3, 1))
    MeilensteinFactory(projekt=projekt, titel="Erster Schritt", erledigt_am=None)
    indikator = IndikatorFactory(name="Gespeicherter Indikator", einheit="Personen")
    for raum in (kommune, sozialraum):
        MesswertFactory(indikator=indikator, jahr=2024, raum=raum, wert=Decimal(120))
    return {"projekt": projekt, "indikator": indikator}


def _seiten(daten) -> list[str]:
    indikator = daten["indikator"]
    return [
        reverse("projekte:uebersicht"),
        reverse("projekte:projekt_liste") + "?status=in_umsetzung",
        daten["projekt"].get_absolute_url(),
        indikator.get_absolute_url(),
        reverse("monitoring:indikator_liste") + "?art=quantitativ",
        reverse("monitoring:raumvergleich") + f"?indikator={indikator.pk}&jahr=2024",
        reverse("monitoring:bericht", kwargs={"jahr": 2025}),
    ]


def test_wiederholung_kostet_wenige_abfragen_und_zeigt_dasselbe(
    lesen_client, daten, django_assert_max_num_queries
):
    for pfad in _seiten(daten):
        erste = lesen_client.get(pfad)
        assert erste.status_code == 200, pfad
        # Only the session (the database in tests; Redis in production, cached_db): the user
        # and roles come from the cache (aktionsplan.benutzerspeicher), the page's object with
        # its part.
        with django_assert_max_num_queries(1):
            zweite = lesen_client.get(pfad)
        assert OHNE_TOKEN.sub(b"", zweite.content) == OHNE_TOKEN.sub(b"", erste.content), pfad


def test_jede_aenderung_zeigt_sich_sofort(lesen_client, redaktion_user, daten):
    """A change through the write path shows on every stored page at once."""
    projekt = daten["projekt"]
    for pfad in _seiten(daten):
        lesen_client.get(pfad)  # every page stored with the old title
    assert (
        "Gespeicherte Maßnahme"
        in lesen_client.get(reverse("projekte:projekt_liste")).content.decode()
    )
    projekt.titel = "Umbenannte Maßnahme"
    speichern(projekt, benutzer=redaktion_user, grund="Titel geschärft")
    detail = lesen_client.get(projekt.get_absolute_url()).content.decode()
    assert "Umbenannte Maßnahme" in detail
    assert "Gespeicherte Maßnahme" not in detail.replace("Titel: Gespeicherte Maßnahme", "")
    liste = lesen_client.get(reverse("projekte:projekt_liste")).content.decode()
    assert "Umbenannte Maßnahme" in liste


def test_jede_rolle_bekommt_ihren_teil(lesen_client, redaktion_client, daten):
    """Lesen reads first; the Redaktion still gets its edit links, and Lesen never gets them."""
    pfad = daten["projekt"].get_absolute_url()
    bearbeiten = reverse("projekte:projekt_bearbeiten", args=[daten["projekt"].pk])
    assert bearbeiten not in lesen_client.get(pfad).content.decode()
    assert bearbeiten in redaktion_client.get(pfad).content.decode()
    assert bearbeiten not in lesen_client.get(pfad).content.decode()


def test_formulare_tragen_das_eigene_token(redaktion_user, datenpflege_user, daten):
    """The report's file buttons and a milestone's form: the reader's own token, never the mark."""
    pfade = [
        daten["projekt"].get_absolute_url(),
        reverse("monitoring:bericht", kwargs={"jahr": 2025}),
    ]
    for nutzer in (redaktion_user, datenpflege_user):
        leser = Client(enforce_csrf_checks=True)
        leser.force_login(nutzer)
        for pfad in pfade:
            inhalt = leser.get(pfad).content.decode()
            assert CSRF_MARKE not in inhalt
            tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', inhalt)
            assert tokens, pfad
        # The report file is built on a POST with the token of this page.
        antwort = leser.post(
            reverse("monitoring:bericht_xlsx", kwargs={"jahr": 2025}),
            {"csrfmiddlewaretoken": tokens[-1]},
        )
        assert antwort.status_code in (200, 302), antwort.status_code


def test_meldungen_werden_nicht_gespeichert(redaktion_client, lesen_client, daten):
    """A success message belongs to one response of one person."""
    projekt = daten["projekt"]
    lesen_client.get(projekt.get_absolute_url())
    meilenstein = projekt.meilensteine.get()
    antwort = redaktion_client.post(
        reverse("projekte:meilenstein_erledigt", args=[meilenstein.pk]),
        {"erledigt_am": "2025-04-01"},
        follow=True,
    )
    meldungen = [str(m) for m in antwort.context["messages"]]
    assert meldungen
    for meldung in meldungen:
        assert meldung not in lesen_client.get(projekt.get_absolute_url()).content.decode()
        assert meldung not in redaktion_client.get(projekt.get_absolute_url()).content.decode()


def test_anfrageschluessel_ist_kurz_und_ordnungsfrei(rf):
    lang = rf.get("/", {"q": "x" * 60_000, "status": ["a", "b"]})
    umgekehrt = rf.get("/?status=b&q=" + "x" * 60_000 + "&status=a")
    assert len(anfrageschluessel(lang)) == 32
    assert anfrageschluessel(lang) == anfrageschluessel(umgekehrt)
    assert anfrageschluessel(rf.get("/?a=1")) != anfrageschluessel(rf.get("/?a=2"))
