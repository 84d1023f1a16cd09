"""Adopted yearly reports on the public pages (issue 11, point 1; issue 9, point 7): the public
variant as frozen, HTML and PDF, byte for byte; drafts, withdrawn reports, the internal variant
and the XLSX never."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from monitoring.berichtsfassungen import beschliessen, zurueckziehen
from monitoring.jahresbericht_export import html_inhalt
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
        # 1 the public file of the adopted report.
        with django_assert_num_queries(1):
            antwort = client.get(reverse("oeffentlich:bericht_datei", args=[2025, format_]))
        assert antwort.status_code == 200
        if format_ == "pdf":
            assert antwort.content == bytes(gespeichert.inhalt)
        else:
            # The adopted text unchanged, inside the public frame.
            _sprache, frozen = html_inhalt(bytes(gespeichert.inhalt).decode())
            assert frozen in antwort.content.decode()
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


def test_bericht_als_html_steht_im_oeffentlichen_rahmen(client, redaktion_user):
    """The report HTML is a public page like every other (QA of issue 11, M1): viewport, the
    language, skip link, navigation back, the footer with the feedback form and the statement,
    the print stylesheet, schema.org; its text stays as adopted, marked German on the English
    page (WCAG 3.1.2), with one main region and one h1."""
    fassung = _beschlossen(redaktion_user)
    adresse = reverse("oeffentlich:bericht_datei", args=[2025, "html"])
    for sprache, html_lang in (("de", "de"), ("en", "en")):
        client.cookies["django_language"] = sprache
        antwort = client.get(adresse)
        assert antwort["Content-Type"] == "text/html; charset=utf-8"
        assert "script-src" not in antwort["Content-Security-Policy"]
        html = antwort.content.decode()
        assert f'<html lang="{html_lang}">' in html
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
        assert '<a class="sprunglink" href="#inhalt">' in html
        assert 'class="hauptnavigation"' in html
        assert f'href="{reverse("oeffentlich:berichte")}"' in html
        fuss = html[html.index('<footer class="seitenfuss">') :]
        assert 'href="/barrierefreiheit/"' in fuss
        assert 'href="/rueckmeldung/?seite=' in fuss
        assert "css/oeffentlich" in html  # the print stylesheet (@media print)
        assert "css/bericht" in html
        assert html.count("<main") == 1
        assert html.count("<h1") == 1
        assert 'itemtype="https://schema.org/Report"' in html
        assert '<article class="bericht-oeffentlich" lang="de"' in html
    _sprache, frozen = html_inhalt(
        bytes(fassung.dateien.get(variante="oeffentlich", format="html").inhalt).decode()
    )
    assert "<main" not in frozen
    assert "Jahresbericht 2025" in frozen


@pytest.mark.parametrize("status", [400, 500])
def test_fehlerseiten_ohne_anfrage_tragen_den_oeffentlichen_rahmen(status):
    """The public sees the error pages too: viewport, language, skip link and the footer with
    the feedback form and the statement (they are rendered without a request or database)."""
    from django.template.loader import render_to_string

    html = render_to_string(f"{status}.html")
    assert '<meta name="viewport"' in html
    assert '<html lang="de">' in html
    assert '<a class="sprunglink" href="#inhalt">' in html
    assert 'id="inhalt"' in html
    assert 'href="/barrierefreiheit/"' in html
    assert 'href="/rueckmeldung/"' in html
