"""The public pages of an installation with two Kommunen (issue 12, public side): the start lists
the Kommunen; each Kommune's pages under ``/oeffentlich/<slug>/`` (the Leichte Sprache twins,
reports, open data and catalogue included) show nothing of the other Kommune, an address of the
other's object under this prefix answers 404, the catalogue names the Kommune's own key and
publisher, the query budgets are those of an installation with one Kommune, and the staff's links
lead to the right Kommune."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from pyshacl import validate
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from aktionsplan.oeffentliche_kommune import oeffentliche_url
from aktionsplan.rollen import REDAKTION
from monitoring.berichtsfassungen import beschliessen
from tests.factories import (
    BerichtsfassungFactory,
    IndikatorFactory,
    KommuneFactory,
    LeitbildFactory,
    MesswertFactory,
    PlanFactory,
    ProjektskizzeFactory,
    RaumFactory,
    SachstandFactory,
    ThemaFactory,
    UserFactory,
)
from tests.oeffentlich.test_offene_daten import SHAPES
from tests.oeffentlich.test_seiten import BUDGET

pytestmark = pytest.mark.django_db

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
LINK = re.compile(r'href="([^"]+)"')


def _kommune(name: str, schluessel: str, indikator, jahr: int) -> dict:
    kurz = name.lower()
    kommune = KommuneFactory(name=name, slug=kurz, amtlicher_schluessel=schluessel)
    sozialraum = RaumFactory(name=f"{name}-Nord", slug=f"{kurz}-nord", uebergeordnet=kommune)
    leitbild = LeitbildFactory(
        name=f"Leitbild {name}", leitmotiv=f"{name} hält zusammen", kommune=kommune
    )
    thema = ThemaFactory(leitbild=leitbild, name=f"Thema {name}", slug=f"thema-{kurz}")
    plan = PlanFactory(
        name=f"Aktionsplan {name}", slug=f"plan-{kurz}", kommune=kommune, leitbild=leitbild
    )
    oeffentlich = ProjektskizzeFactory(
        plan=plan,
        hauptthema=thema,
        veroeffentlicht=True,
        kosten_oeffentlich=True,
        titel=f"{name}er Spielplatz",
    )
    indikator.themen.add(thema)
    intern = ProjektskizzeFactory(plan=plan, hauptthema=thema, titel=f"{name}er Entwurf")
    SachstandFactory(projekt=oeffentlich, text=f"{name}er Bagger rollen", oeffentlich=True)
    MesswertFactory(indikator=indikator, raum=kommune, jahr=2024, wert=Decimal(40))
    MesswertFactory(indikator=indikator, raum=sozialraum, jahr=2024, wert=Decimal(30))
    redaktion = UserFactory(username=f"redaktion-{kurz}", rollen=[REDAKTION], zustaendig=[kommune])
    bericht = BerichtsfassungFactory(
        jahr=jahr,
        stand=datetime.date(jahr + 1, 4, 30),
        kommune=kommune,
        einleitung=f"{name}er Jahresrückblick",
    )
    beschliessen(
        bericht,
        benutzer=redaktion,
        erwartete_version=bericht.version,
        gremium=f"Sozialausschuss {name}",
        beschluss_datum=datetime.date(jahr + 1, 5, 20),
    )
    return {
        "kommune": kommune,
        "sozialraum": sozialraum,
        "leitbild": leitbild,
        "thema": thema,
        "plan": plan,
        "oeffentlich": oeffentlich,
        "intern": intern,
        "redaktion": redaktion,
        "jahr": jahr,
        # What this Kommune's pages show and the other's must not.
        "merkmale": [
            f"Leitbild {name}",
            f"Thema {name}",
            f"Aktionsplan {name}",
            f"{name}er Spielplatz",
            f"{name}er Bagger rollen",
            f"{name}-Nord",
        ],
    }


@pytest.fixture
def region():
    indikator = IndikatorFactory(
        oeffentlich=True, name="Schwerbehindertenquote", raeumliche_ebene="kommune"
    )
    return {
        "stolberg": _kommune("Stolberg", "05334032", indikator, 2024),
        "eschweiler": _kommune("Eschweiler", "05334008", indikator, 2025),
        "indikator": indikator,
    }


def _url(welt: dict, name: str, *args) -> str:
    return oeffentliche_url(f"oeffentlich:{name}", *args, kommune_id=welt["kommune"].pk)


def _crawlen(client: Client, start: str) -> dict[str, str]:
    """Every page reachable by links from ``start`` under its prefix, with its text (HTML,
    the report's HTML, the open data's CSV and JSON, the catalogue); each must answer 200."""
    seiten: dict[str, str] = {}
    offen = [start]
    while offen:
        url = offen.pop()
        if url in seiten:
            continue
        antwort = client.get(url)
        assert antwort.status_code == 200, url
        if antwort.streaming or not antwort["Content-Type"].startswith(
            ("text/", "application/json", "application/ld+json", "application/rdf+xml")
        ):
            seiten[url] = ""  # PDF and XLSX: their rows are the CSV's
            continue
        text = antwort.content.decode("utf-8-sig")
        seiten[url] = text
        if antwort["Content-Type"].startswith("text/html"):
            for ziel in LINK.findall(text):
                teile = urlsplit(urljoin(url, ziel.replace("&amp;", "&")))
                pfad = teile.path + (f"?{teile.query}" if teile.query else "")
                if teile.path.startswith(start) and pfad not in seiten:
                    offen.append(pfad)
    return seiten


def test_start_der_region_listet_die_kommunen(client, region):
    antwort = client.get(reverse("oeffentlich:start"))
    assert antwort.status_code == 200
    html = antwort.content.decode()
    for name in ("stolberg", "eschweiler"):
        welt = region[name]
        assert f'href="/oeffentlich/{name}/"' in html
        assert welt["kommune"].name in html
        for merkmal in welt["merkmale"]:
            assert merkmal not in html
    leicht = client.get(reverse("oeffentlich:leicht_start")).content.decode()
    assert 'href="/oeffentlich/eschweiler/leicht/"' in leicht


@pytest.mark.parametrize(
    ("eigene", "fremde"), [("stolberg", "eschweiler"), ("eschweiler", "stolberg")]
)
def test_jede_kommune_zeigt_nichts_der_anderen(client, region, eigene, fremde):
    welt, andere = region[eigene], region[fremde]
    start = f"/oeffentlich/{eigene}/"
    seiten = _crawlen(client, start)
    # Every kind of page was reached, under the own prefix.
    for name, args in [
        ("plan", [welt["plan"].slug]),
        ("thema", [welt["thema"].slug]),
        ("massnahme", [welt["oeffentlich"].pk]),
        ("indikator", [region["indikator"].pk]),
        ("leicht_plan", [welt["plan"].slug]),
        ("leicht_massnahme", [welt["oeffentlich"].pk]),
        ("leicht_indikator", [region["indikator"].pk]),
        ("berichte", []),
        ("bericht_datei", [welt["jahr"], "html"]),
        ("gebaerdensprache", []),
        ("daten", []),
        ("daten_katalog", ["jsonld"]),
        ("daten_datei", ["massnahmen", "csv"]),
        ("daten_datei", ["indikatorwerte", "csv"]),
    ]:
        url = _url(welt, name, *args)
        assert url.startswith(start), url
        assert url in seiten, url
    alles = "\n".join(seiten.values())
    for merkmal in welt["merkmale"]:
        assert merkmal in alles, merkmal
    assert welt["kommune"].name in seiten[start]
    for url, text in seiten.items():
        text = re.sub(r"\s+", " ", text)
        for merkmal in [*andere["merkmale"], andere["kommune"].name]:
            assert merkmal not in text, (url, merkmal)
            assert escape(merkmal) not in text, (url, merkmal)


def test_adressen_der_anderen_kommune_sind_404(client, region, lesen_client):
    stolberg, eschweiler = region["stolberg"], region["eschweiler"]
    adressen = []
    for name in ("plan", "leicht_plan"):
        adressen.append(_url(stolberg, name, eschweiler["plan"].slug))
    for name in ("thema", "leicht_thema"):
        adressen.append(_url(stolberg, name, eschweiler["thema"].slug))
    for name in ("massnahme", "leicht_massnahme"):
        adressen += [
            _url(stolberg, name, eschweiler["oeffentlich"].pk),
            _url(stolberg, name, eschweiler["intern"].pk),
            _url(stolberg, name, stolberg["intern"].pk),
        ]
    # Eschweiler adopted a report for 2025, Stolberg for 2024 only.
    for format_ in ("html", "pdf"):
        adressen.append(_url(stolberg, "bericht_datei", eschweiler["jahr"], format_))
    # Outside a prefix, no Kommune's own object.
    for name in ("plan", "leicht_plan"):
        adressen.append(reverse(f"oeffentlich:{name}", args=[stolberg["plan"].slug]))
    adressen += [
        reverse("oeffentlich:massnahme", args=[stolberg["oeffentlich"].pk]),
        reverse("oeffentlich:thema", args=[stolberg["thema"].slug]),
        reverse("oeffentlich:bericht_datei", args=[stolberg["jahr"], "html"]),
        # An unknown Kommune's prefix.
        "/oeffentlich/aachen/",
    ]
    for leser in (client, lesen_client):
        for url in adressen:
            assert leser.get(url).status_code == 404, url
    # The same addresses under the own prefix answer.
    assert client.get(_url(eschweiler, "plan", eschweiler["plan"].slug)).status_code == 200
    assert client.get(_url(eschweiler, "bericht_datei", 2025, "html")).status_code == 200


def test_indikator_zeigt_nur_die_raeume_der_kommune(client, region):
    stolberg = region["stolberg"]
    html = client.get(_url(stolberg, "indikator", region["indikator"].pk)).content.decode()
    assert "Stolberg-Nord" in html
    assert "Eschweiler" not in html


@pytest.mark.parametrize("name", ["stolberg", "eschweiler"])
def test_katalog_je_kommune(client, region, name):
    welt = region[name]
    antwort = client.get(_url(welt, "daten_katalog", "jsonld"))
    assert antwort.status_code == 200
    graph = Graph().parse(data=antwort.content, format="json-ld")
    formen = Graph().parse(data=SHAPES, format="turtle")
    passt, _ergebnis, text = validate(graph, shacl_graph=formen, inference="none")
    assert passt, text
    katalog = graph.value(predicate=RDF.type, object=DCAT.Catalog, any=False)
    herausgeber = graph.value(katalog, DCTERMS.publisher)
    assert str(graph.value(herausgeber, FOAF.name)) == welt["kommune"].name
    assert welt["kommune"].name in str(graph.value(katalog, DCTERMS.title))
    schluessel = URIRef(
        "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/"
        + welt["kommune"].amtlicher_schluessel
    )
    datensaetze = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert datensaetze
    for d in datensaetze:
        assert graph.value(d, DCATDE.politicalGeocodingURI) == schluessel
    # Every address in the catalogue is the Kommune's, and answers.
    for v in graph.subjects(RDF.type, DCAT.Distribution):
        pfad = urlsplit(str(graph.value(v, DCAT.accessURL))).path
        assert pfad.startswith(f"/oeffentlich/{name}/"), pfad
    for v in graph.subjects(RDF.type, DCAT.Distribution):
        url = graph.value(v, DCAT.downloadURL)
        if url is not None:
            assert client.get(urlsplit(str(url)).path).status_code == 200, url


SEITEN = {
    "start": lambda w, r: ("start",),
    "plan": lambda w, r: ("plan", w["plan"].slug),
    "thema": lambda w, r: ("thema", w["thema"].slug),
    "massnahme": lambda w, r: ("massnahme", w["oeffentlich"].pk),
    "indikator_liste": lambda w, r: ("indikator_liste",),
    "indikator": lambda w, r: ("indikator", r["indikator"].pk),
    "berichte": lambda w, r: ("berichte",),
    "gebaerdensprache": lambda w, r: ("gebaerdensprache",),
}


@pytest.mark.parametrize("seite", sorted(SEITEN))
def test_abfragen_wie_mit_einer_kommune(client, django_assert_num_queries, region, seite):
    """A Kommune's page costs what it costs in an installation with one Kommune
    (tests/oeffentlich/test_seiten.py names the queries); a repeat costs none."""
    welt = region["eschweiler"]
    url = _url(welt, *SEITEN[seite](welt, region))
    with django_assert_num_queries(BUDGET[seite]):
        antwort = client.get(url)
    assert antwort.status_code == 200
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_zwischenspeicher_je_kommune(client, region, redaktion_user):
    """The same page of two Kommunen is stored apart, and a change shows at once."""
    stolberg, eschweiler = region["stolberg"], region["eschweiler"]
    assert "Aktionsplan Stolberg" in client.get("/oeffentlich/stolberg/").content.decode()
    html = client.get("/oeffentlich/eschweiler/").content.decode()
    assert "Eschweiler" in html
    assert "Stolberg" not in html
    plan = eschweiler["plan"]
    from aktionsplan.sperre import speichern

    plan.name = "Aktionsplan Eschweiler 2030"
    speichern(plan, benutzer=None, erwartete_version=plan.version, felder=["name"])
    assert "Aktionsplan Eschweiler 2030" in client.get("/oeffentlich/eschweiler/").content.decode()
    assert "Eschweiler" not in client.get("/oeffentlich/stolberg/").content.decode()
    assert stolberg["plan"].name in client.get("/oeffentlich/stolberg/").content.decode()


def test_links_der_mitarbeitenden_fuehren_zur_richtigen_kommune(region):
    welt = region["eschweiler"]
    redaktion = Client()
    redaktion.force_login(welt["redaktion"])
    projekt = welt["oeffentlich"]
    html = redaktion.get(reverse("projekte:projekt_detail", args=[projekt.pk])).content.decode()
    assert f'href="/oeffentlich/eschweiler/massnahmen/{projekt.pk}/"' in html
    assert f'href="/oeffentlich/eschweiler/leicht/massnahmen/{projekt.pk}/"' in html


def test_eine_kommune_wie_bisher(client, db):
    """With one Kommune no prefix: the prefix of the Kommune's slug is no address at all."""
    kommune = KommuneFactory(name="Kupferstadt", slug="kupferstadt")
    plan = PlanFactory(kommune=kommune, slug="aktionsplan")
    assert oeffentliche_url("oeffentlich:plan", plan.slug, kommune_id=kommune.pk) == (
        "/oeffentlich/plaene/aktionsplan/"
    )
    assert client.get("/oeffentlich/plaene/aktionsplan/").status_code == 200
    assert client.get("/oeffentlich/kupferstadt/plaene/aktionsplan/").status_code == 404


def test_kurzname_einer_kommune_ist_kein_teil_der_oeffentlichen_adressen(db):
    """A Kommune's slug is its public prefix: the first segments of the public pages are
    refused (the list on the model is the URL conf's)."""
    from django.core.exceptions import ValidationError

    from aktionsplan.models import OEFFENTLICHE_ABSCHNITTE, Raum
    from oeffentlich.urls import urlpatterns

    abschnitte = {str(m.pattern).split("/", 1)[0] for m in urlpatterns} - {""}
    assert abschnitte == set(OEFFENTLICHE_ABSCHNITTE)
    raum = Raum(name="Daten", slug="daten", ebene=Raum.Ebene.KOMMUNE)
    with pytest.raises(ValidationError) as fehler:
        raum.full_clean()
    assert "Kurzname" in str(fehler.value)
    # Any other level may carry such a slug.
    Raum(name="Daten", slug="daten", ebene=Raum.Ebene.REGION).full_clean()


def test_kleine_zahl_der_anderen_kommune_bleibt_geschuetzt(client, db):
    """The region's total shown with Stolberg's value on Stolberg's pages would give
    Eschweiler's small value away (total − Stolberg): protected over the complete groups of all
    Kommunen, Stolberg's value is withheld there as it would be on a page showing all."""
    from aktionsplan.models import Raum

    region = RaumFactory(
        name="StädteRegion", slug="staedteregion", ebene=Raum.Ebene.REGION, uebergeordnet=None
    )
    stolberg = KommuneFactory(name="Stolberg", slug="stolberg", uebergeordnet=region)
    eschweiler = KommuneFactory(name="Eschweiler", slug="eschweiler", uebergeordnet=region)
    for kommune in (stolberg, eschweiler):
        PlanFactory(kommune=kommune, slug=f"plan-{kommune.slug}")
    indikator = IndikatorFactory(
        oeffentlich=True, name="Fälle", ist_fallzahl=True, mindestfallzahl=5
    )
    for raum, wert in ((region, 100), (stolberg, 97), (eschweiler, 3)):
        MesswertFactory(indikator=indikator, raum=raum, jahr=2025, wert=Decimal(wert))
    welt = {"kommune": stolberg}
    zeilen = client.get(_url(welt, "daten_indikator", indikator.pk, "json")).json()
    zeilen = zeilen.get("daten", zeilen) if isinstance(zeilen, dict) else zeilen
    je_raum = {z["raum"]: z for z in zeilen}
    assert set(je_raum) == {"StädteRegion", "Stolberg"}
    assert je_raum["StädteRegion"]["wert"] is not None
    assert je_raum["Stolberg"]["geschuetzt"]
    assert je_raum["Stolberg"]["wert"] is None
    html = client.get(_url(welt, "indikator", indikator.pk)).content.decode()
    assert ">97<" not in html
    assert "97" not in re.sub(r"<[^>]+>", " ", html).split()
