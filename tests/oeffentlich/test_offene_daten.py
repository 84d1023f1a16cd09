"""Open data (issue 11, point 5): the files hold what the public pages show and nothing else,
protected values are withheld exactly as on the indicator page, every file follows its schema,
the DCAT-AP.de catalogue parses with rdflib and conforms to SHACL shapes written here (no
maintained DCAT-AP.de 3.0 shapes are installable from PyPI or npm), query budgets stay flat and
a repeat costs no query, and a change shows at once."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pyshacl import validate
from rdflib import Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

from aktionsplan.rollen import DATENPFLEGE, LESEN, REDAKTION
from aktionsplan.sperre import speichern
from monitoring.berichtsfassungen import beschliessen
from oeffentlich import offene_daten as od
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

pytestmark = pytest.mark.django_db

OHNE_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")


@pytest.fixture
def welt():
    kommune = KommuneFactory(
        name="Kupferstadt", slug="kupferstadt", amtlicher_schluessel="05334032"
    )
    raeume = [
        RaumFactory(name=f"Viertel {name}", slug=f"viertel-{name}", uebergeordnet=kommune)
        for name in ("Nord", "Mitte", "Süd")
    ]
    leitbild = LeitbildFactory(leitmotiv="aufeinander zugehen")
    thema = ThemaFactory(leitbild=leitbild, name="Inklusion und Teilhabe", slug="inklusion")
    plan = PlanFactory(kommune=kommune, leitbild=leitbild, slug="aktionsplan")
    verantwortlich = UserFactory(first_name="Erika", last_name="Verborgen")
    projekt = ProjektskizzeFactory(
        plan=plan,
        hauptthema=thema,
        veroeffentlicht=True,
        titel="Inklusive Spielplätze",
        verantwortlich=verantwortlich,
        kosten=Decimal("12345.67"),
        prioritaet="hoch",
    )
    SachstandFactory(projekt=projekt, oeffentlich=True)
    intern = ProjektskizzeFactory(
        plan=plan, hauptthema=thema, titel="Geheimes Vorhaben", veroeffentlicht=False
    )
    indikator = IndikatorFactory(
        oeffentlich=True,
        name="Kinder mit Assistenz",
        ist_fallzahl=True,
        mindestfallzahl=5,
        raeumliche_ebene="sozialraum",
    )
    indikator.themen.add(thema)
    # 2025: the Kommune 40, the quarters 2 (small), 19 and 19: "2" is protected, and one 19
    # is withheld too, or 40 − 19 − 19 would give it back.
    MesswertFactory(indikator=indikator, raum=kommune, jahr=2025, wert=40)
    for raum, wert in zip(raeume, (2, 19, 19), strict=True):
        MesswertFactory(indikator=indikator, raum=raum, jahr=2025, wert=wert)
    MesswertFactory(indikator=indikator, raum=kommune, jahr=2024, wert=37)
    geheim = IndikatorFactory(oeffentlich=False, name="Internes Merkmal")
    MesswertFactory(indikator=geheim, raum=kommune, jahr=2025, wert=Decimal("777.77"))
    return {
        "kommune": kommune,
        "raeume": raeume,
        "thema": thema,
        "plan": plan,
        "projekt": projekt,
        "intern": intern,
        "indikator": indikator,
        "geheim": geheim,
        "verantwortlich": verantwortlich,
    }


def _datei_url(name: str, format_: str) -> str:
    return reverse("oeffentlich:daten_datei", args=[name, format_])


def _zeilen(antwort, format_: str) -> list[dict]:
    """The rows of a file as dicts of texts (CSV, XLSX) or JSON values."""
    if format_ == "json":
        return json.loads(antwort.content)
    if format_ == "csv":
        assert antwort.content.startswith(b"\xef\xbb\xbf")
        text = antwort.content.decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text), delimiter=";"))
    blatt = load_workbook(io.BytesIO(antwort.content)).active
    reihen = list(blatt.iter_rows(values_only=True))
    return [dict(zip(reihen[0], reihe, strict=True)) for reihe in reihen[1:]]


def _xlsx_werte(inhalt: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(inhalt)).active.iter_rows(values_only=True))


def _alle_dateien(client: Client, welt) -> dict[str, bytes]:
    urls = [_datei_url(n, f) for n in od.DATENSAETZE for f in od.FORMATE]
    urls += [
        reverse("oeffentlich:daten_indikator", args=[welt["indikator"].pk, f]) for f in od.FORMATE
    ]
    urls += [reverse("oeffentlich:daten_katalog", args=[f]) for f in ("jsonld", "rdf")]
    urls += [
        reverse("oeffentlich:daten_schema", args=[d.schema_name]) for d in od.DATENSAETZE.values()
    ]
    urls.append(reverse("oeffentlich:daten"))
    inhalte = {}
    for url in urls:
        antwort = client.get(url)
        assert antwort.status_code == 200, url
        inhalte[url] = OHNE_TOKEN.sub(b"", antwort.content)
    return inhalte


# --- what the files hold -------------------------------------------------------------------------


@pytest.mark.parametrize("format_", od.FORMATE)
@pytest.mark.parametrize("name", sorted(od.DATENSAETZE))
def test_spalten_folgen_dem_schema(client, welt, name, format_):
    antwort = client.get(_datei_url(name, format_))
    assert antwort.status_code == 200
    assert antwort["Content-Type"] == od.INHALTSTYPEN[format_]
    schema = client.get(
        reverse("oeffentlich:daten_schema", args=[od.DATENSAETZE[name].schema_name])
    ).json()
    namen = [feld["name"] for feld in schema["fields"]]
    zeilen = _zeilen(antwort, format_)
    assert zeilen
    for zeile in zeilen:
        assert list(zeile) == namen


def test_schema_nennt_typen_einheiten_version_und_lizenz(client):
    schema = client.get(reverse("oeffentlich:daten_schema", args=["massnahmen-v1"])).json()
    assert schema["version"] == "1"
    felder = {f["name"]: f for f in schema["fields"]}
    assert felder["kosten"]["type"] == "number"
    assert felder["kosten"]["unit"] == "EUR"
    assert felder["kosten"]["decimalChar"] == ","
    assert felder["beginn"]["format"] == "%d.%m.%Y"
    assert felder["status"]["constraints"]["enum"]
    assert schema["licenses"][0]["path"] == "https://www.govdata.de/dl-de/by-2-0"
    werte = client.get(reverse("oeffentlich:daten_schema", args=["indikatorwerte-v1"])).json()
    assert {f["name"]: f["type"] for f in werte["fields"]}["geschuetzt"] == "boolean"
    assert client.get(reverse("oeffentlich:daten_schema", args=["massnahmen-v2"])).status_code == (
        404
    )


def test_keine_nicht_oeffentlichen_objekte_und_keine_internen_felder(client, welt):
    inhalte = _alle_dateien(client, welt)
    verboten = [
        "Geheimes Vorhaben",
        "Internes Merkmal",
        "777",
        "Verborgen",
        "Erika",
        "12345",
        "prioritaet",
        "verantwortlich",
        welt["verantwortlich"].email,
    ]
    for url, inhalt in inhalte.items():
        if url.endswith(".xlsx"):
            mappe = load_workbook(io.BytesIO(inhalt))
            text = "\n".join(
                str(z)
                for blatt in mappe
                for reihe in blatt.iter_rows(values_only=True)
                for z in reihe
            )
        else:
            text = inhalt.decode("utf-8-sig")
        for wert in verboten:
            assert wert not in text, (url, wert)
    massnahmen = json.loads(inhalte[_datei_url("massnahmen", "json")])
    assert [m["titel"] for m in massnahmen] == ["Inklusive Spielplätze"]
    # Costs appear once they are marked public.
    welt["projekt"].kosten_oeffentlich = True
    welt["projekt"].save()
    massnahmen = client.get(_datei_url("massnahmen", "json")).json()
    assert massnahmen[0]["kosten"] == 12345.67
    assert "12345,67" in client.get(_datei_url("massnahmen", "csv")).content.decode("utf-8-sig")


def test_geschuetzte_werte_wie_auf_der_indikatorseite(client, welt):
    indikator = welt["indikator"]
    seite = client.get(reverse("oeffentlich:indikator", args=[indikator.pk]))
    tabelle = seite.context["tabelle"]
    auf_der_seite = {
        (zeile.raum.name, jahr): av
        for zeile in tabelle.zeilen
        for jahr, av in zip(tabelle.jahre, zeile.zellen, strict=True)
        if av is not None
    }
    assert sum(av.geschuetzt for av in auf_der_seite.values()) == 2
    for url in (
        _datei_url("indikatorwerte", "json"),
        reverse("oeffentlich:daten_indikator", args=[indikator.pk, "json"]),
    ):
        zeilen = client.get(url).json()
        in_der_datei = {(z["raum"], z["jahr"]): z for z in zeilen}
        assert set(in_der_datei) == set(auf_der_seite)
        for schluessel, av in auf_der_seite.items():
            zeile = in_der_datei[schluessel]
            assert zeile["geschuetzt"] is av.geschuetzt, schluessel
            if av.geschuetzt:
                assert zeile["wert"] is None, schluessel
            else:
                assert Decimal(str(zeile["wert"])) == av.wert, schluessel
    # CSV and XLSX: an empty numeric cell and "ja" in "geschuetzt".
    csv_zeilen = _zeilen(client.get(_datei_url("indikatorwerte", "csv")), "csv")
    geschuetzt = [z for z in csv_zeilen if z["geschuetzt"] == "ja"]
    assert len(geschuetzt) == 2
    assert all(z["wert"] == "" for z in geschuetzt)
    # The small "2" and one of the two 19s (secondary suppression).
    assert "Viertel Nord" in {z["raum"] for z in geschuetzt}
    xlsx_zeilen = _zeilen(client.get(_datei_url("indikatorwerte", "xlsx")), "xlsx")
    assert [z["wert"] for z in xlsx_zeilen if z["geschuetzt"] == "ja"] == [None, None]
    assert 2 not in [z["wert"] for z in xlsx_zeilen]


def test_nicht_oeffentlicher_indikator_und_unbekannte_dateien_sind_404(client, welt):
    for url in (
        reverse("oeffentlich:daten_indikator", args=[welt["geheim"].pk, "csv"]),
        reverse("oeffentlich:daten_indikator", args=[999_999, "json"]),
        reverse("oeffentlich:daten_indikator", args=[welt["indikator"].pk, "pdf"]),
        _datei_url("nutzer", "csv"),
        _datei_url("massnahmen", "exe"),
        reverse("oeffentlich:daten_katalog", args=["ttl"]),
        reverse("oeffentlich:daten_schema", args=["gibt-es-nicht"]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 405, url


def test_jede_rolle_bekommt_dieselben_dateien(welt):
    def lesbar(inhalte: dict[str, bytes]) -> dict:
        # An XLSX carries the time it was written: compared by its cells.
        return {u: _xlsx_werte(i) if u.endswith(".xlsx") else i for u, i in inhalte.items()}

    anonym = lesbar(_alle_dateien(Client(), welt))
    for rolle in (LESEN, REDAKTION, DATENPFLEGE):
        client = Client()
        client.force_login(UserFactory(username=f"daten-{rolle}".lower(), rollen=[rolle]))
        assert lesbar(_alle_dateien(client, welt)) == anonym, rolle


def test_aenderung_zeigt_sich_sofort(client, welt):
    assert len(client.get(_datei_url("massnahmen", "json")).json()) == 1
    welt["intern"].veroeffentlicht = True
    welt["intern"].save()
    titel = [m["titel"] for m in client.get(_datei_url("massnahmen", "json")).json()]
    assert "Geheimes Vorhaben" in titel
    assert "Geheimes Vorhaben" in client.get(_datei_url("massnahmen", "csv")).content.decode()
    html = client.get(reverse("oeffentlich:daten")).content.decode()
    assert "Internes Merkmal" not in html
    welt["geheim"].oeffentlich = True
    welt["geheim"].save()
    assert "Internes Merkmal" in client.get(reverse("oeffentlich:daten")).content.decode()


# --- the catalogue -------------------------------------------------------------------------------

EU_THEMEN = " ".join(
    f"<http://publications.europa.eu/resource/authority/data-theme/{t}>"
    for t in (
        "AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "REGI", "SOCI",
        "TECH", "TRAN",
    )
)  # fmt: skip
DCATDE_LIZENZEN = " ".join(f"<{uri}>" for uri in od.DCATDE_LIZENZ.values())

# The mandatory classes and properties of DCAT-AP.de 3.0 that issue 11 names, as SHACL shapes:
# Catalog, Dataset (and the yearly reports' DatasetSeries), Distribution, title, description,
# publisher (a foaf:Agent with a name), licence (DCAT-AP.de's licence vocabulary), EU data theme,
# dcatde:politicalGeocodingURI (a municipality key of 8 digits); and (QA of issue 11) the contact
# point (a vcard:Organization with a name, a mailto address and the feedback form),
# dcatde:contributorID and dct:modified on the catalogue, every dataset and the series.
SHAPES = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix dcatde: <http://dcat-ap.de/def/dcatde/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix : <urn:test:shapes#> .

:Titel sh:path dct:title ; sh:minCount 1 ;
    sh:datatype <http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> .
:Beschreibung sh:path dct:description ; sh:minCount 1 ;
    sh:datatype <http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> .
:Herausgeber sh:path dct:publisher ; sh:minCount 1 ; sh:maxCount 1 ; sh:class foaf:Agent .
:Thema sh:path dcat:theme ; sh:minCount 1 ; sh:in ( {EU_THEMEN} ) .
:Gebiet sh:path dcatde:politicalGeocodingURI ; sh:minCount 1 ; sh:nodeKind sh:IRI ;
    sh:pattern "^http://dcat-ap.de/def/politicalGeocoding/municipalityKey/[0-9]{{8}}$" .
:Ebene sh:path dcatde:politicalGeocodingLevelURI ; sh:maxCount 1 ;
    sh:in ( <http://dcat-ap.de/def/politicalGeocoding/Level/municipality> ) .
:Lizenz sh:path dct:license ; sh:minCount 1 ; sh:maxCount 1 ; sh:in ( {DCATDE_LIZENZEN} ) .
:Kontakt sh:path dcat:contactPoint ; sh:minCount 1 ; sh:class vcard:Organization .
:Lieferant sh:path dcatde:contributorID ; sh:minCount 1 ; sh:nodeKind sh:IRI .
:Geaendert sh:path dct:modified ; sh:minCount 1 ; sh:maxCount 1 ;
    sh:or ( [ sh:datatype xsd:dateTime ] [ sh:datatype xsd:date ] ) .

:KatalogShape a sh:NodeShape ; sh:targetClass dcat:Catalog ;
    sh:property :Titel, :Beschreibung, :Herausgeber, :Kontakt, :Lieferant, :Geaendert ,
        [ sh:path dcat:dataset ; sh:minCount 1 ; sh:nodeKind sh:IRI ] .

:DatensatzShape a sh:NodeShape ; sh:targetClass dcat:Dataset ;
    sh:property :Titel, :Beschreibung, :Herausgeber, :Thema, :Gebiet, :Ebene, :Lizenz ,
        :Kontakt, :Lieferant, :Geaendert ,
        [ sh:path dcat:distribution ; sh:minCount 1 ; sh:class dcat:Distribution ] ,
        [ sh:path dcat:inSeries ; sh:class dcat:DatasetSeries ] .

:ReiheShape a sh:NodeShape ; sh:targetClass dcat:DatasetSeries ;
    sh:property :Titel, :Beschreibung, :Herausgeber, :Thema, :Gebiet, :Kontakt, :Lieferant ,
        :Geaendert .

:KontaktShape a sh:NodeShape ; sh:targetClass vcard:Organization ;
    sh:property [ sh:path vcard:fn ; sh:minCount 1 ] ,
        [ sh:path vcard:hasEmail ; sh:minCount 1 ; sh:nodeKind sh:IRI ; sh:pattern "^mailto:" ] ,
        [ sh:path vcard:hasURL ; sh:nodeKind sh:IRI ] .

:VerteilungShape a sh:NodeShape ; sh:targetClass dcat:Distribution ;
    sh:property :Lizenz ,
        [ sh:path dcat:accessURL ; sh:minCount 1 ; sh:nodeKind sh:IRI ] ,
        [ sh:path dcat:downloadURL ; sh:nodeKind sh:IRI ] ,
        [ sh:path dct:format ; sh:minCount 1 ; sh:maxCount 1 ;
          sh:pattern "^http://publications.europa.eu/resource/authority/file-type/" ] ,
        [ sh:path dcat:mediaType ; sh:maxCount 1 ;
          sh:pattern "^https://www.iana.org/assignments/media-types/" ] .

:AgentShape a sh:NodeShape ; sh:targetClass foaf:Agent ;
    sh:property [ sh:path foaf:name ; sh:minCount 1 ] .
"""


def _beschlossen(jahr: int):
    fassung = BerichtsfassungFactory(jahr=jahr, stand=datetime.date(jahr + 1, 4, 30))
    beschliessen(
        fassung,
        benutzer=UserFactory(username="redaktion-daten", rollen=[REDAKTION]),
        erwartete_version=fassung.version,
        gremium="Ausschuss für Soziales",
        beschluss_datum=datetime.date(jahr + 1, 5, 20),
    )


def test_katalog_erfuellt_die_dcat_ap_de_formen(client, welt):
    _beschlossen(2025)
    antwort = client.get(reverse("oeffentlich:daten_katalog", args=["jsonld"]))
    assert antwort.status_code == 200
    assert antwort["Content-Type"].startswith("application/ld+json")
    graph = Graph().parse(data=antwort.content, format="json-ld")
    formen = Graph().parse(data=SHAPES, format="turtle")
    passt, _ergebnis, text = validate(graph, shacl_graph=formen, inference="none")
    assert passt, text

    katalog = graph.value(predicate=RDF.type, object=DCAT.Catalog, any=False)
    datensaetze = set(graph.objects(katalog, DCAT.dataset))
    titel = {str(graph.value(d, DCTERMS.title)) for d in datensaetze}
    assert od.MASSNAHMEN.titel in titel
    assert od.THEMEN.titel in titel
    # One licence for all public indicators here: the combined values dataset is listed, and
    # each indicator on its own with its licence.
    assert od.INDIKATORWERTE.titel in titel
    assert "Indikator: Kinder mit Assistenz" in titel
    assert not any("Internes Merkmal" in t for t in titel)
    # The Kommune's official key and the EU themes.
    for d in datensaetze:
        assert graph.value(d, DCATDE.politicalGeocodingURI) == URIRef(
            "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05334032"
        )
    # The adopted report is a member of the series of yearly reports, with HTML and PDF.
    reihe = graph.value(predicate=RDF.type, object=DCAT.DatasetSeries, any=False)
    mitglieder = list(graph.subjects(DCAT.inSeries, reihe))
    assert len(mitglieder) == 1
    formate = {
        str(graph.value(v, DCTERMS.format)).rsplit("/", 1)[-1]
        for v in graph.objects(mitglieder[0], DCAT.distribution)
    }
    assert formate <= {"HTML", "PDF"}
    assert "HTML" in formate
    for v in graph.objects(mitglieder[0], DCAT.distribution):
        assert client.get(str(graph.value(v, DCAT.downloadURL))).status_code == 200
    # Every download address in the catalogue answers.
    for v in graph.subjects(RDF.type, DCAT.Distribution):
        url = str(graph.value(v, DCAT.downloadURL))
        assert client.get(url.removeprefix("http://127.0.0.1:8000")).status_code == 200, url

    # The same graph as RDF/XML.
    rdf = client.get(reverse("oeffentlich:daten_katalog", args=["rdf"]))
    assert rdf["Content-Type"].startswith("application/rdf+xml")
    assert isomorphic(graph, Graph().parse(data=rdf.content, format="xml"))


def test_katalog_nennt_kontakt_lieferant_und_datenstand(client, welt, settings):
    """Contact point (the feedback address and form), contributorID (configurable) and
    dct:modified taken from the data: a recorded change of a published measure moves the
    measures' dataset and the catalogue forward, not the themes'."""
    settings.RUECKMELDUNG_EMAIL = "inklusion@stadt.example"
    settings.DCATDE_CONTRIBUTOR_ID = "http://dcat-ap.de/def/contributors/stolberg"
    vcard = Namespace("http://www.w3.org/2006/vcard/ns#")

    def lesen():
        graph = Graph().parse(
            data=client.get(reverse("oeffentlich:daten_katalog", args=["jsonld"])).content,
            format="json-ld",
        )
        katalog = graph.value(predicate=RDF.type, object=DCAT.Catalog, any=False)
        titel = {
            str(graph.value(d, DCTERMS.title)): d for d in graph.subjects(RDF.type, DCAT.Dataset)
        }
        return graph, katalog, titel

    graph, katalog, titel = lesen()
    kontakt = graph.value(katalog, DCAT.contactPoint)
    assert graph.value(kontakt, vcard.hasEmail) == URIRef("mailto:inklusion@stadt.example")
    assert str(graph.value(kontakt, vcard.hasURL)).endswith(reverse("rueckmeldung"))
    assert graph.value(katalog, DCATDE.contributorID) == URIRef(
        "http://dcat-ap.de/def/contributors/stolberg"
    )
    massnahmen = titel[str(od.MASSNAHMEN.titel)]
    themen = titel[str(od.THEMEN.titel)]
    vorher_massnahmen = graph.value(massnahmen, DCTERMS.modified).toPython()
    vorher_themen = graph.value(themen, DCTERMS.modified).toPython()
    vorher_katalog = graph.value(katalog, DCTERMS.modified).toPython()
    assert vorher_katalog >= max(vorher_massnahmen, vorher_themen)

    projekt = welt["projekt"]
    projekt.titel = "Neuer Titel"
    speichern(projekt, benutzer=None, felder=["titel"])
    graph, katalog, titel = lesen()
    nachher_massnahmen = graph.value(massnahmen, DCTERMS.modified).toPython()
    assert nachher_massnahmen > vorher_massnahmen
    assert graph.value(themen, DCTERMS.modified).toPython() == vorher_themen
    assert graph.value(katalog, DCTERMS.modified).toPython() == nachher_massnahmen


def test_schema_der_indikatorwerte_nennt_die_lizenz_je_zeile(client, welt):
    """Rows of the indicator values carry their indicator's licence: the schema says so in the
    column and in its description, and its licence list is the default, named as such."""
    welt["indikator"].lizenz = "cc-by-4.0"
    welt["indikator"].save()
    schema = client.get(reverse("oeffentlich:daten_schema", args=["indikatorwerte-v1"])).json()
    spalte = {f["name"]: f for f in schema["fields"]}["lizenz"]
    assert spalte["format"] == "uri"
    assert spalte["constraints"]["required"] is True
    assert "Lizenz dieser Zeile" in spalte["description"]
    assert "Jede Zeile nennt in der Spalte „lizenz“ ihre Lizenz" in schema["description"]
    assert len(schema["licenses"]) == 1
    assert schema["licenses"][0]["path"] == "https://www.govdata.de/dl-de/by-2-0"
    assert "Standard" in schema["licenses"][0]["title"]
    # Every licence a row carries is one the column allows.
    zeilen = client.get(_datei_url("indikatorwerte", "json")).json()
    assert {z["lizenz"] for z in zeilen} <= set(spalte["constraints"]["enum"])
    assert "https://creativecommons.org/licenses/by/4.0/" in {z["lizenz"] for z in zeilen}
    # The measures carry no licence column: their schema names the one licence plainly.
    massnahmen = client.get(reverse("oeffentlich:daten_schema", args=["massnahmen-v1"])).json()
    assert "Spalte" not in massnahmen["licenses"][0]["title"]


def test_katalog_ohne_pflichtangabe_erfuellt_die_formen_nicht(client, welt):
    """The shapes do check: without the official key the catalogue fails them."""
    welt["kommune"].amtlicher_schluessel = None
    welt["kommune"].save()
    antwort = client.get(reverse("oeffentlich:daten_katalog", args=["jsonld"]))
    graph = Graph().parse(data=antwort.content, format="json-ld")
    passt, _ergebnis, text = validate(
        graph, shacl_graph=Graph().parse(data=SHAPES, format="turtle"), inference="none"
    )
    assert not passt
    assert "politicalGeocodingURI" in text


def test_lizenz_je_indikator(client, welt, settings):
    welt["indikator"].lizenz = "cc-by-4.0"
    welt["indikator"].save()
    graph = Graph().parse(
        data=client.get(reverse("oeffentlich:daten_katalog", args=["jsonld"])).content,
        format="json-ld",
    )
    titel = {str(graph.value(d, DCTERMS.title)): d for d in graph.subjects(RDF.type, DCAT.Dataset)}
    eigen = titel["Indikator: Kinder mit Assistenz"]
    assert graph.value(eigen, DCTERMS.license) == URIRef("http://dcat-ap.de/def/licenses/cc-by/4.0")
    for v in graph.objects(eigen, DCAT.distribution):
        assert graph.value(v, DCTERMS.license) == URIRef("http://dcat-ap.de/def/licenses/cc-by/4.0")
    # Licences differ now: the combined file names each row's licence, the catalogue lists
    # only the indicators' own datasets.
    assert str(od.INDIKATORWERTE.titel) not in titel
    zeilen = client.get(_datei_url("indikatorwerte", "json")).json()
    assert {z["lizenz"] for z in zeilen} == {"https://creativecommons.org/licenses/by/4.0/"}
    # The installation's default licence is configurable.
    settings.STANDARDLIZENZ = "dl-de-zero-2.0"
    welt["thema"].save()  # a recorded change: the stored catalogue is not used any more
    graph = Graph().parse(
        data=client.get(reverse("oeffentlich:daten_katalog", args=["jsonld"])).content,
        format="json-ld",
    )
    titel = {str(graph.value(d, DCTERMS.title)): d for d in graph.subjects(RDF.type, DCAT.Dataset)}
    assert graph.value(titel[str(od.MASSNAHMEN.titel)], DCTERMS.license) == URIRef(
        "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"
    )


# --- the page and the query budgets --------------------------------------------------------------


def test_seite_listet_datensaetze_formate_schema_lizenz_und_katalog(client, welt):
    html = client.get(reverse("oeffentlich:daten")).content.decode()
    for name in od.DATENSAETZE:
        for format_ in od.FORMATE:
            assert f'href="{_datei_url(name, format_)}"' in html
        assert reverse("oeffentlich:daten_schema", args=[f"{name}-v1"]) in html
    assert reverse("oeffentlich:daten_katalog", args=["jsonld"]) in html
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in html
    assert "Kinder mit Assistenz" in html
    assert "Internes Merkmal" not in html
    assert 'itemtype="https://schema.org/DataCatalog"' in html
    # Linked from every public page's footer.
    start = client.get(reverse("oeffentlich:start")).content.decode()
    assert f'href="{reverse("oeffentlich:daten")}"' in start


def _viele(welt, anzahl: int) -> None:
    kommune, thema = welt["kommune"], welt["thema"]
    for i in range(anzahl):
        projekt = ProjektskizzeFactory(plan=welt["plan"], hauptthema=thema, veroeffentlicht=True)
        SachstandFactory(projekt=projekt, oeffentlich=True)
        indikator = IndikatorFactory(oeffentlich=True)
        MesswertFactory(indikator=indikator, raum=kommune, jahr=2020 + i % 5)
        MesswertFactory(
            indikator=welt["indikator"], raum=RaumFactory(uebergeordnet=kommune), jahr=2023
        )
        ThemaFactory(leitbild=thema.leitbild)


# Queries on a cold cache for an anonymous reader, whatever the number of rows:
# massnahmen: 1 the measures with state, plan and main theme, 2-5 further themes, target groups,
# UN-BRK articles, areas. themen: 1 the themes with their Leitbild and counts. indikatorwerte:
# 1 the values with indicator and area (the public indicators a subquery). indikator: 1 whether
# it is public, 2 its values. katalog: 1 the own Kommune, 2 the published measures' newest change,
# 3 the themes' newest change (their history), 4 the public indicators with their values' newest
# change, 5 the adopted reports. seite: 1 the public indicators, 2 the adopted reports.
BUDGET = {
    "massnahmen": 5,
    "themen": 1,
    "indikatorwerte": 1,
    "indikator": 2,
    "katalog": 5,
    "seite": 2,
}


def _budget_urls(welt) -> dict[str, list[str]]:
    return {
        "massnahmen": [_datei_url("massnahmen", f) for f in od.FORMATE],
        "themen": [_datei_url("themen", f) for f in od.FORMATE],
        "indikatorwerte": [_datei_url("indikatorwerte", f) for f in od.FORMATE],
        "indikator": [
            reverse("oeffentlich:daten_indikator", args=[welt["indikator"].pk, f])
            for f in od.FORMATE
        ],
        "katalog": [reverse("oeffentlich:daten_katalog", args=[f]) for f in ("jsonld", "rdf")],
        "seite": [reverse("oeffentlich:daten")],
    }


@pytest.mark.parametrize("anzahl", [5, 50])
@pytest.mark.parametrize("art", sorted(BUDGET))
def test_abfragen_fest(client, django_assert_num_queries, welt, anzahl, art):
    from aktionsplan.kommune import kommunenname

    _viele(welt, anzahl)
    kommunenname()  # the name is cached on every write of a Kommune; read once here
    for url in _budget_urls(welt)[art]:
        with django_assert_num_queries(BUDGET[art]):
            antwort = client.get(url)
        assert antwort.status_code == 200
        # Read again: from the cache, no query at all.
        with django_assert_num_queries(0):
            wieder = client.get(url)
        assert OHNE_TOKEN.sub(b"", wieder.content) == OHNE_TOKEN.sub(b"", antwort.content)
