"""The public pages with factory data: query budgets (the same for 5 and 50 rows; a repeat
costs no query for an anonymous reader), the cache follows every change, small numbers stay
protected, the frame and the metadata."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from monitoring.models import Indikator
from projekte import services
from projekte.models import Projektskizze
from tests.factories import (
    FinanzierungFactory,
    IndikatorFactory,
    KommuneFactory,
    LeitbildFactory,
    MeilensteinFactory,
    MesswertFactory,
    PlanFactory,
    ProjektskizzeFactory,
    SachstandFactory,
    ThemaFactory,
    UserFactory,
    ZielgruppeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def welt():
    kommune = KommuneFactory(name="Kupferstadt", slug="kupferstadt")
    leitbild = LeitbildFactory(leitmotiv="aufeinander zugehen")
    thema = ThemaFactory(leitbild=leitbild, name="Inklusion und Teilhabe", slug="inklusion")
    plan = PlanFactory(kommune=kommune, leitbild=leitbild, slug="aktionsplan")
    verantwortlich = UserFactory(first_name="Erika", last_name="Verborgen")
    projekt = ProjektskizzeFactory(
        plan=plan,
        hauptthema=thema,
        veroeffentlicht=True,
        titel="Inklusive Spielplätze",
        beteiligung="Kinder mit Behinderung planen mit.",
        verantwortlich=verantwortlich,
        kosten=Decimal("12345.00"),
    )
    indikator = IndikatorFactory(
        oeffentlich=True, name="Kinder in Regel-Kitas", raeumliche_ebene="kommune"
    )
    indikator.themen.add(thema)
    indikator.projekte.add(projekt)
    return {
        "kommune": kommune,
        "thema": thema,
        "plan": plan,
        "projekt": projekt,
        "indikator": indikator,
        "verantwortlich": verantwortlich,
    }


def _viele(welt, anzahl: int) -> None:
    autor = UserFactory(first_name="Fritz", last_name="Autor")
    projekt, thema, kommune = welt["projekt"], welt["thema"], welt["kommune"]
    for i in range(anzahl):
        SachstandFactory(
            projekt=projekt,
            datum=datetime.date(2020, 1, 1) + datetime.timedelta(i),
            verfasst_von=autor,
            oeffentlich=True,
        )
        MeilensteinFactory(projekt=projekt)
        FinanzierungFactory(projekt=projekt)
        projekt.zielgruppen.add(ZielgruppeFactory())
        weitere = ProjektskizzeFactory(plan=welt["plan"], hauptthema=thema, veroeffentlicht=True)
        SachstandFactory(projekt=weitere, oeffentlich=True)
        indikator = IndikatorFactory(oeffentlich=True)
        indikator.themen.add(thema)
        indikator.projekte.add(projekt)
        MesswertFactory(indikator=indikator, raum=kommune, jahr=2020 + i % 5)
        MesswertFactory(indikator=welt["indikator"], raum=kommune, jahr=2000 + i)


SEITEN = {
    # page: its address in the small world of the fixture
    "start": lambda w: reverse("oeffentlich:start"),
    "plan": lambda w: reverse("oeffentlich:plan", args=[w["plan"].slug]),
    "thema": lambda w: reverse("oeffentlich:thema", args=[w["thema"].slug]),
    "massnahme": lambda w: reverse("oeffentlich:massnahme", args=[w["projekt"].pk]),
    "indikator_liste": lambda w: reverse("oeffentlich:indikator_liste"),
    "indikator": lambda w: reverse("oeffentlich:indikator", args=[w["indikator"].pk]),
    "berichte": lambda w: reverse("oeffentlich:berichte"),
    "gebaerdensprache": lambda w: reverse("oeffentlich:gebaerdensprache"),
}
# Queries of a page on a cold cache for an anonymous reader, whatever the number of rows:
# start: 1 the Leitbilder, 2 their themes with the count of published measures (main and
# further theme, two correlated counts), 3 the plans with their count, 4 the public indicators'
# count, 5 the adopted reports with whether their PDF exists.
# berichte: 1 the adopted reports with whether their PDF exists.
# gebaerdensprache: 1 the site's sign-language video.
# plan: 1 the plan (title, 404), 2 the plan with Leitbild and Kommune, 3 the Leitbild's themes,
# 4 the published measures with current state and main theme.
# thema: 1 the theme (title, 404), 2 the theme with its Leitbild, 3 the published measures,
# 4 the public indicators, 5 the own Kommune, 6 the complete groups of each indicator's latest
# and base year (protected in Python).
# massnahme: 1 the measure with its plan (title, 404), 2 the measure with state, plan, theme,
# 3-6 further themes, target groups, UN-BRK articles, areas, 7 milestones, 8 public reports,
# 9 public indicators, 10 its sign-language video, 11 funding (only where costs are public).
# indikator_liste: 1 the public indicators, 2 their themes, 3 the own Kommune, 4 the groups.
# indikator: 1 the indicator (title, 404), 2 the indicator with numerator and data source,
# 3 its themes, 4 its values with areas, 5 the own Kommune, 6 its published measures.
BUDGET = {
    "start": 5,
    "berichte": 1,
    "gebaerdensprache": 1,
    "plan": 4,
    "thema": 6,
    "massnahme": 11,
    "indikator_liste": 4,
    "indikator": 6,
}


@pytest.mark.parametrize("anzahl", [5, 50])
@pytest.mark.parametrize("seite", sorted(SEITEN))
def test_abfragen_fest(client, django_assert_num_queries, welt, anzahl, seite):
    _viele(welt, anzahl)
    welt["projekt"].kosten_oeffentlich = True
    welt["projekt"].save()
    url = SEITEN[seite](welt)
    with django_assert_num_queries(BUDGET[seite]):
        antwort = client.get(url)
    assert antwort.status_code == 200
    # Read again: the page's part and its head come from the cache; no query at all for an
    # anonymous reader.
    with django_assert_num_queries(0):
        wieder = client.get(url)
    ohne_token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert ohne_token.sub(b"", wieder.content) == ohne_token.sub(b"", antwort.content)


def test_staff_lesen_aus_dem_zwischenspeicher(welt, lesen_user, django_assert_max_num_queries):
    """A logged-in reader shares the stored part with everyone: a repeat costs the session and
    the user, nothing for the page."""
    leser = Client()
    leser.force_login(lesen_user)
    url = SEITEN["massnahme"](welt)
    Client().get(url)
    with django_assert_max_num_queries(3):
        assert leser.get(url).status_code == 200


def test_aenderung_zeigt_sich_sofort(client, welt, redaktion_user):
    projekt = welt["projekt"]
    url = SEITEN["massnahme"](welt)
    thema_url = SEITEN["thema"](welt)
    assert "Inklusive Spielplätze" in client.get(url).content.decode()
    assert "Inklusive Spielplätze" in client.get(thema_url).content.decode()
    services.projekt_aendern(
        projekt=projekt,
        benutzer=redaktion_user,
        erwartete_version=projekt.version,
        daten={"titel": "Inklusive Spielplätze für alle"},
        m2m={},
    )
    assert "Inklusive Spielplätze für alle" in client.get(url).content.decode()
    assert "Inklusive Spielplätze für alle" in client.get(thema_url).content.decode()
    # Withdrawn: at once a 404, and gone from the lists.
    projekt.refresh_from_db()
    services.projekt_aendern(
        projekt=projekt,
        benutzer=redaktion_user,
        erwartete_version=projekt.version,
        daten={"veroeffentlicht": False},
        m2m={},
    )
    assert client.get(url).status_code == 404
    assert "Inklusive Spielplätze" not in client.get(thema_url).content.decode()


def test_sachstand_erst_oeffentlich_wenn_freigegeben(client, welt, redaktion_user):
    projekt = welt["projekt"]
    sachstand = services.sachstand_anlegen(
        projekt=projekt,
        benutzer=redaktion_user,
        datum=datetime.date(2026, 1, 5),
        status="in_umsetzung",
        ampel="gelb",
        fortschritt=30,
        text="Ausschreibung läuft noch.",
    )
    url = SEITEN["massnahme"](welt)
    assert "Ausschreibung läuft noch." not in client.get(url).content.decode()
    services.sachstand_freigeben(
        sachstand=sachstand,
        benutzer=redaktion_user,
        erwartete_version=sachstand.version,
        oeffentlich=True,
    )
    html = client.get(url).content.decode()
    assert "Ausschreibung läuft noch." in html
    # Who wrote it stays inside.
    assert redaktion_user.username not in html


def test_kosten_nur_wenn_freigegeben(client, welt):
    projekt = welt["projekt"]
    FinanzierungFactory(projekt=projekt, programm="Förderprogramm Geheim", betrag=Decimal("777"))
    url = SEITEN["massnahme"](welt)
    html = client.get(url).content.decode()
    assert "Förderprogramm Geheim" not in html
    assert "12.345,00" not in html
    assert "Verborgen" not in html  # the responsible person
    Projektskizze.objects.filter(pk=projekt.pk).update(kosten_oeffentlich=True)
    from aktionsplan.zwischenspeicher import datenstand_erhoehen

    datenstand_erhoehen()
    html = client.get(url).content.decode()
    assert "Förderprogramm Geheim" in html
    assert "12.345,00" in html
    assert "Verborgen" not in html


def test_kleine_zahlen_geschuetzt_wie_intern(client, lesen_client, welt):
    indikator = welt["indikator"]
    MesswertFactory(indikator=indikator, raum=welt["kommune"], jahr=2024, wert=Decimal("2"))
    html = client.get(SEITEN["indikator"](welt)).content.decode()
    assert "&lt; 3" in html
    assert re.search(r">\s*2\s*<", html) is None
    # The staff's reading page shows the same protected value.
    intern = lesen_client.get(indikator.get_absolute_url()).content.decode()
    assert "&lt; 3" in intern


def test_nicht_oeffentlicher_indikator_ist_404(client, welt):
    intern = IndikatorFactory(oeffentlich=False)
    assert client.get(reverse("oeffentlich:indikator", args=[intern.pk])).status_code == 404
    Indikator.objects.filter(pk=welt["indikator"].pk).update(oeffentlich=False)
    from aktionsplan.zwischenspeicher import datenstand_erhoehen

    datenstand_erhoehen()
    assert client.get(SEITEN["indikator"](welt)).status_code == 404


def test_rahmen_und_metadaten(client, welt):
    html = client.get(SEITEN["massnahme"](welt), HTTP_HOST="localhost").content.decode()
    # Its own frame: no staff navigation, a way to the login, the footer to the start page.
    assert 'href="/massnahmen/"' not in html
    assert f'href="{reverse("login")}"' in html
    assert f'href="{reverse("oeffentlich:start")}"' in html
    # schema.org as microdata, no inline script; social preview only from our own origin.
    assert 'itemtype="https://schema.org/Project"' in html
    assert "<script" not in html
    assert '<meta property="og:url" content="http://localhost/oeffentlich/' in html
    og = re.findall(r'<meta property="og:[a-z_]+" content="([^"]*)"', html)
    assert all(not wert.startswith("http") or wert.startswith("http://localhost/") for wert in og)
    assert "og:image" not in html


def test_anmeldeseite_und_fuss_fuehren_zur_oeffentlichen_startseite(client, lesen_client):
    start = f'href="{reverse("oeffentlich:start")}"'
    assert start in client.get(reverse("login")).content.decode()
    assert start in lesen_client.get(reverse("projekte:projekt_liste")).content.decode()


def test_englisch(client, welt):
    html = client.get(SEITEN["massnahme"](welt), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in html


def test_zustand_nur_aus_oeffentlichen_sachstaenden(client, welt, redaktion_user):
    """The status line, Ampel, progress, the theme and plan pages, the page in Leichte Sprache
    and the open data take the state from the newest *public* report: a newer internal one does
    not show through (QA 2026-11-30, H1)."""
    projekt = welt["projekt"]
    oeffentlicher = services.sachstand_anlegen(
        projekt=projekt,
        benutzer=redaktion_user,
        datum=datetime.date(2026, 1, 5),
        status="umgesetzt",
        ampel="gruen",
        fortschritt=100,
        text="Fertig.",
    )
    services.sachstand_freigeben(
        sachstand=oeffentlicher,
        benutzer=redaktion_user,
        erwartete_version=oeffentlicher.version,
        oeffentlich=True,
    )
    services.sachstand_anlegen(
        projekt=projekt,
        benutzer=redaktion_user,
        datum=datetime.date(2026, 2, 5),
        status="zurueckgestellt",
        ampel="rot",
        fortschritt=5,
        text="Intern: gestoppt.",
    )
    seiten = [SEITEN[name](welt) for name in ("massnahme", "thema", "plan", "start")] + [
        reverse("oeffentlich:leicht_massnahme", args=[projekt.pk])
    ]
    for url in seiten:
        html = client.get(url).content.decode()
        assert "zurückgestellt" not in html.lower(), url
        assert "gestoppt" not in html, url
    html = client.get(SEITEN["massnahme"](welt)).content.decode()
    assert "Umgesetzt" in html
    assert "100 %" in html
    for format_ in ("csv", "json"):
        datei = client.get(
            reverse("oeffentlich:daten_datei", args=["massnahmen", format_])
        ).content.decode("utf-8-sig")
        assert "zurueckgestellt" not in datei
        assert "rot" not in datei.split("Spielplätze", 1)[1]
        assert "umgesetzt" in datei


def test_kopf_anfragen_und_dateien_auf_deutsch(client, welt):
    """HEAD answers like GET on every public page and file (RFC 9110: link checkers and
    harvesters use it; QA 2026-11-30, M2); the open-data files are German whatever the
    reader's language (QA 2026-11-30, M3)."""
    for url in [SEITEN[name](welt) for name in sorted(SEITEN)] + [
        reverse("oeffentlich:daten"),
        reverse("oeffentlich:daten_katalog", args=["jsonld"]),
        reverse("oeffentlich:daten_datei", args=["massnahmen", "csv"]),
        reverse("barrierefreiheit"),
    ]:
        assert client.head(url).status_code == 200, url
    deutsch = client.get(reverse("oeffentlich:daten_katalog", args=["jsonld"])).content
    englisch = client.get(
        reverse("oeffentlich:daten_katalog", args=["jsonld"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert englisch["Content-Language"] == "de"
    assert englisch.content == deutsch
