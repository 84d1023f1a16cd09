"""Adopted yearly reports on the public pages (issue 11, point 1; issue 9, point 7): the public
variant as frozen, HTML and PDF, byte for byte; drafts, withdrawn reports, the internal variant
and the XLSX never."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from monitoring.berichtsfassungen import beschliessen, zurueckziehen
from monitoring.models import Berichtsdatei
from tests.factories import BerichtsfassungFactory, ProjektskizzeFactory

pytestmark = pytest.mark.django_db


def _beschlossen(redaktion_user, jahr=2025):
    fassung = BerichtsfassungFactory(jahr=jahr, stand=datetime.date(jahr + 1, 4, 30))
    beschliessen(
        fassung,
        benutzer=redaktion_user,
        erwartete_version=fassung.version,
        gremium="Ausschuss für Soziales",
        beschluss_datum=datetime.date(jahr + 1, 5, 20),
    )
    fassung.refresh_from_db()
    return fassung


def test_beschlossener_bericht_steht_oeffentlich_wie_eingefroren(
    client, redaktion_user, django_assert_num_queries
):
    ProjektskizzeFactory(veroeffentlicht=True, titel="Inklusive Spielplätze")
    fassung = _beschlossen(redaktion_user)
    with django_assert_num_queries(1):
        liste = client.get(reverse("oeffentlich:berichte"))
    inhalt = liste.content.decode()
    assert "Jahresbericht 2025 (Beschluss: Ausschuss für Soziales, 20. Mai 2026)" in inhalt
    assert (
        client.get(reverse("oeffentlich:start")).content.decode().count("Jahresbericht 2025") >= 1
    )
    for format_ in ("html", "pdf"):
        gespeichert = fassung.dateien.get(variante="oeffentlich", format=format_)
        with django_assert_num_queries(1):
            antwort = client.get(reverse("oeffentlich:bericht_datei", args=[2025, format_]))
        assert antwort.status_code == 200
        assert antwort.content == bytes(gespeichert.inhalt)
        assert f'href="{reverse("oeffentlich:bericht_datei", args=[2025, format_])}"' in inhalt
    # Never the internal variant or the XLSX, and no other year.
    intern = bytes(fassung.dateien.get(variante="intern", format="html").inhalt)
    assert client.get(reverse("oeffentlich:bericht_datei", args=[2025, "html"])).content != intern
    for jahr, format_ in ((2025, "xlsx"), (2025, "intern"), (2024, "html")):
        adresse = reverse("oeffentlich:bericht_datei", args=[jahr, format_])
        assert client.get(adresse).status_code == 404


def test_entwurf_und_zurueckgezogener_bericht_sind_nicht_oeffentlich(
    client, redaktion_user, datenpflege_user
):
    BerichtsfassungFactory(jahr=2024, stand=datetime.date(2025, 4, 30))
    fassung = _beschlossen(redaktion_user)
    zurueckziehen(
        fassung,
        benutzer=datenpflege_user,
        erwartete_version=fassung.version,
        grund="Zahlen der Arbeitsagentur berichtigt",
    )
    assert Berichtsdatei.objects.filter(fassung=fassung).exists()
    liste = client.get(reverse("oeffentlich:berichte")).content.decode()
    assert "Noch ist kein Jahresbericht beschlossen." in liste
    for jahr in (2024, 2025):
        adresse = reverse("oeffentlich:bericht_datei", args=[jahr, "html"])
        assert client.get(adresse).status_code == 404


def test_links_auf_die_deutschen_berichtsdateien_sagen_es_auf_englisch(client, redaktion_user):
    """The frozen files are German whatever the interface language (files are always German):
    on the English pages the links say so and carry ``hreflang="de"``; the German pages do not
    repeat it."""
    _beschlossen(redaktion_user)
    deutsch = client.get(reverse("oeffentlich:berichte")).content.decode()
    assert 'hreflang="de"' in deutsch
    assert "Datei auf Deutsch" not in deutsch
    client.cookies["django_language"] = "en"
    englisch = client.get(reverse("oeffentlich:berichte")).content.decode()
    assert englisch.count("(file in German)") == 2
    # The two report files (the switch to Leichte Sprache is German too, counted apart).
    assert englisch.count('hreflang="de" href="/oeffentlich/berichte/2025.') == 2
