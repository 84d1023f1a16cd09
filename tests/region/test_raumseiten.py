"""Areas compared and counted within their own Kommune (issue 12; QA3 F9, F13, F11, F2).

The region: a region area "StädteRegion" with three Kommunen below it. Stolberg (with its
official key, the own Kommune) has the Sozialräume Atsch and Vicht, Eschweiler the Sozialräume
"Eschweiler Ost" and "Eschweiler West", Aachen-Land the Sozialraum "Aachen Nord"; each Sozialraum
has an outline. Stolberg has three city-wide measures, Eschweiler two, Aachen-Land one. People:
one for the whole region (as the demo's ``region-lesen``), one for Stolberg and Eschweiler (two
of three Kommunen), one for Eschweiler only.
"""

import csv
import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from aktionsplan.models import Leitbild, Raum
from aktionsplan.rollen import LESEN, REDAKTION
from aktionsplan.zwischenspeicher import datenstand_erhoehen
from tests.factories import (
    IndikatorFactory,
    KommuneFactory,
    MesswertFactory,
    PlanFactory,
    ProjektskizzeFactory,
    RaumFactory,
    ThemaFactory,
    UserFactory,
)
from tests.monitoring.test_karte import quadrat

JAHR = 2025
SVG = "{http://www.w3.org/2000/svg}"
VERGLEICH = reverse("monitoring:raumvergleich")

# Kommune → (its total, {Sozialraum: value}); values far above the minimum case count.
WERTE = {
    "Stolberg": (1000, {"Atsch": 600, "Vicht": 400}),
    "Eschweiler": (2000, {"Eschweiler Ost": 1500, "Eschweiler West": 500}),
    "Aachen-Land": (700, {"Aachen Nord": 700}),
}
GESAMTSTAEDTISCH = {"Stolberg": 3, "Eschweiler": 2, "Aachen-Land": 1}


def region_anlegen() -> dict:
    staedteregion = RaumFactory(
        name="StädteRegion", slug="staedteregion", ebene=Raum.Ebene.REGION, uebergeordnet=None
    )
    anzahl = IndikatorFactory(name="Schwerbehinderte", mindestfallzahl=3)
    einwohner = IndikatorFactory(
        name="Einwohner", ist_einwohnerzahl=True, ist_fallzahl=False, einheit="Personen"
    )
    kommunen, sozialraeume = {}, {}
    for reihe, (name, (gesamt, teile)) in enumerate(WERTE.items()):
        slug = name.lower()
        kommune = KommuneFactory(
            name=name,
            slug=slug,
            uebergeordnet=staedteregion,
            amtlicher_schluessel="05334032" if name == "Stolberg" else None,
        )
        kommunen[name] = kommune
        MesswertFactory(indikator=anzahl, raum=kommune, jahr=JAHR, wert=Decimal(gesamt))
        for i, (teil, wert) in enumerate(teile.items()):
            raum = RaumFactory(
                name=teil,
                slug=teil.lower().replace(" ", "-"),
                uebergeordnet=kommune,
                geometrie=quadrat(i, reihe=reihe),
            )
            sozialraeume[teil] = raum
            MesswertFactory(indikator=anzahl, raum=raum, jahr=JAHR, wert=Decimal(wert))
        leitbild = Leitbild.objects.create(name=f"Leitbild {name}", kommune=kommune)
        thema = ThemaFactory(name="Wohnen", slug=f"{slug}-wohnen", leitbild=leitbild)
        plan = PlanFactory(
            name=f"Plan {name}", kurzname=name[:8], slug=f"p-{slug}", kommune=kommune
        )
        for i in range(GESAMTSTAEDTISCH[name]):
            ProjektskizzeFactory(
                plan=plan, titel=f"{name} stadtweit {i}", hauptthema=thema, gesamtstaedtisch=True
            )
        ProjektskizzeFactory(
            plan=plan, titel=f"{name} vor Ort", hauptthema=thema, gesamtstaedtisch=False
        )
    # Population only for Stolberg and its areas: a rate elsewhere cannot be computed.
    for raum, wert in (
        (kommunen["Stolberg"], 50000),
        (sozialraeume["Atsch"], 30000),
        (sozialraeume["Vicht"], 20000),
    ):
        MesswertFactory(indikator=einwohner, raum=raum, jahr=JAHR, wert=Decimal(wert))
    return {
        "region": staedteregion,
        "kommunen": kommunen,
        "sozialraeume": sozialraeume,
        "anzahl": anzahl,
        "einwohner": einwohner,
    }


@pytest.fixture
def region(db):
    return region_anlegen()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ganz(region):
    """A reader for the whole region (the demo's region-lesen)."""
    return _client(UserFactory(username="region-lesen", rollen=[LESEN]))


@pytest.fixture
def zwei(region):
    """A reader for Stolberg and Eschweiler, not Aachen-Land."""
    k = region["kommunen"]
    return _client(
        UserFactory(username="zwei", rollen=[LESEN], zustaendig=[k["Stolberg"], k["Eschweiler"]])
    )


@pytest.fixture
def esch(region):
    return _client(
        UserFactory(
            username="esch", rollen=[REDAKTION], zustaendig=[region["kommunen"]["Eschweiler"]]
        )
    )


# --- F9: the area comparison ---------------------------------------------------------------------


def _teil(html: str) -> str:
    return html.split("<h1", 1)[1].split("</main>", 1)[0]


def _vergleich(client, region, **weitere) -> tuple[str, dict]:
    antwort = client.get(VERGLEICH, {"indikator": region["anzahl"].pk, "jahr": JAHR, **weitere})
    assert antwort.status_code == 200
    html = antwort.content.decode()
    return html, antwort.context


def _tabelle(html: str) -> list[str]:
    teil = html[html.index('id="vergleich-caption"') :]
    teil = teil[: teil.index("</table>")]
    return re.findall(r'<th scope="row" class="kern-table__cell"><a [^>]+>([^<]+)</a>', teil)


def _balken(html: str) -> list[str]:
    svg = re.search(r'<svg[^>]*aria-labelledby="raumvergleich-titel".*?</svg>', html, re.S)
    return [
        t.text
        for t in ET.fromstring(svg.group(0)).iter(f"{SVG}text")
        if t.get("class") == "diagramm-beschriftung"
    ]


def _karte(html: str) -> list[str]:
    teil = html[html.index('id="karte-raumvergleich-caption"') :]
    teil = teil[: teil.index("</table>")]
    return re.findall(r'<a class="kern-link" href="[^"]+">([^<]+)</a>', teil)


def _kommunewahl(html: str) -> list[str]:
    auswahl = re.search(r'<select name="kommune".*?</select>', html, re.S)
    return re.findall(r">([^<]+)</option>", auswahl.group(0)) if auswahl else []


@pytest.mark.parametrize("wer", ["ganz", "zwei"])
def test_raumvergleich_vergleicht_nur_innerhalb_einer_kommune(request, region, wer):
    client = request.getfixturevalue(wer)
    # Without a choice: the own Kommune (official key first), its areas and total only.
    html, _kontext = _vergleich(client, region)
    erwartet = {
        "ganz": ["Stolberg", "Eschweiler", "Aachen-Land"],
        "zwei": ["Stolberg", "Eschweiler"],
    }
    assert _kommunewahl(html) == erwartet[wer]
    assert "Ganze Kommune (Stolberg):" in html
    assert "Ganze Kommune (Eschweiler)" not in html
    assert _tabelle(html) == ["Atsch", "Vicht"]
    assert _balken(html) == ["Atsch", "Vicht"]
    assert sorted(_karte(html)) == ["Atsch", "Vicht"]
    assert "Eschweiler Ost" not in _teil(html)

    # Eschweiler chosen: its areas and total only; bars, table and map agree.
    html, _kontext = _vergleich(client, region, kommune=region["kommunen"]["Eschweiler"].pk)
    assert re.search(r"Ganze Kommune \(Eschweiler\): 2\.000", html)
    assert "Ganze Kommune (Stolberg)" not in html
    assert _tabelle(html) == ["Eschweiler Ost", "Eschweiler West"]
    assert _balken(html) == ["Eschweiler Ost", "Eschweiler West"]
    assert sorted(_karte(html)) == ["Eschweiler Ost", "Eschweiler West"]
    assert "Atsch" not in _teil(html)


def test_raumvergleich_fremde_kommune_nicht_waehlbar(region, zwei):
    html, kontext = _vergleich(zwei, region, kommune=region["kommunen"]["Aachen-Land"].pk)
    assert "kommune" in kontext["form"].errors
    assert "Aachen Nord" not in html
    assert "Ganze Kommune" not in html


@pytest.mark.parametrize("wer", ["esch"])
def test_raumvergleich_eine_kommune_der_region_ohne_auswahl(request, region, wer):
    html, kontext = _vergleich(request.getfixturevalue(wer), region)
    assert "kommune" not in kontext["form"].fields
    assert 'name="kommune"' not in html
    assert "Ganze Kommune (Eschweiler):" in html
    assert _tabelle(html) == ["Eschweiler Ost", "Eschweiler West"]


def test_raumvergleich_eine_kommune_installation_unveraendert(lesen_client):
    kommune = KommuneFactory(name="Stolberg", slug="stolberg")
    indikator = IndikatorFactory()
    for name, wert in (("Atsch", 600), ("Vicht", 400)):
        MesswertFactory(
            indikator=indikator, raum=RaumFactory(name=name, uebergeordnet=kommune), wert=wert
        )
    antwort = lesen_client.get(VERGLEICH, {"indikator": indikator.pk, "jahr": JAHR})
    html = antwort.content.decode()
    assert "kommune" not in antwort.context["form"].fields
    assert 'name="kommune"' not in html
    assert _tabelle(html) == ["Atsch", "Vicht"]


def test_raumvergleich_ohne_anmeldung(region, client):
    antwort = client.get(VERGLEICH, {"indikator": region["anzahl"].pk, "jahr": JAHR})
    assert antwort.status_code == 302


def _abfragen(client, url, daten) -> int:
    client.get(url, daten)  # warm: the frame and the cached Kommunen
    datenstand_erhoehen()  # the stored part is stale, as after any change
    with CaptureQueriesContext(connection) as abfragen:
        assert client.get(url, daten).status_code == 200
    return len(abfragen)


def _region_mit(anzahl_kommunen: int, je_kommune: int) -> tuple[object, list[Raum]]:
    region = RaumFactory(name="Region", slug="region", ebene=Raum.Ebene.REGION, uebergeordnet=None)
    indikator = IndikatorFactory(name="Arbeitslose")
    IndikatorFactory(name="Einwohner", ist_einwohnerzahl=True, ist_fallzahl=False)
    kommunen = []
    for k in range(anzahl_kommunen):
        kommune = KommuneFactory(name=f"Kommune {k}", slug=f"kommune-{k}", uebergeordnet=region)
        kommunen.append(kommune)
        MesswertFactory(indikator=indikator, raum=kommune, wert=Decimal(1000))
        for i in range(je_kommune):
            raum = RaumFactory(uebergeordnet=kommune, geometrie=quadrat(i, reihe=k))
            MesswertFactory(indikator=indikator, raum=raum, wert=Decimal(100 + i))
    return indikator, kommunen


@pytest.mark.parametrize(("anzahl_kommunen", "je_kommune"), [(2, 3), (6, 12)])
def test_raumvergleich_abfragen_fest_in_der_region(db, anzahl_kommunen, je_kommune):
    """session, years, the Kommunen to choose from (through the scope hook), the chosen
    indicator (validation), the indicator choices (rendering), the values of the group, the
    Sozialräume with outlines (the map); the user and memberships come with the session. The
    same with a Kommune chosen, at 2 and at several Kommunen."""
    indikator, kommunen = _region_mit(anzahl_kommunen, je_kommune)
    for nutzer in (
        UserFactory(username="ganz", rollen=[LESEN]),
        UserFactory(username="zwei", rollen=[LESEN], zustaendig=kommunen[:2]),
    ):
        client = _client(nutzer)
        daten = {"indikator": indikator.pk, "jahr": JAHR}
        assert _abfragen(client, VERGLEICH, daten) == 7
        assert _abfragen(client, VERGLEICH, {**daten, "kommune": kommunen[1].pk}) == 7


# --- F9: the indicator page's maps and table -----------------------------------------------------


def test_indikatorseite_karte_je_kommune_und_tabelle_nach_kommune(region, zwei):
    html = zwei.get(region["anzahl"].get_absolute_url()).content.decode()
    k = region["kommunen"]
    for name, teile in (
        ("Stolberg", ["Atsch", "Vicht"]),
        ("Eschweiler", ["Eschweiler Ost", "Eschweiler West"]),
    ):
        assert f"Karte der Sozialräume {JAHR}: {name}" in html
        kennung = f"karte-indikator-{k[name].pk}"
        teil = html[html.index(f'id="{kennung}-caption"') :]
        teil = teil[: teil.index("</table>")]
        assert sorted(re.findall(r'<a class="kern-link" href="[^"]+">([^<]+)</a>', teil)) == teile
    assert "Aachen Nord" not in _teil(html)
    # The time series table: each Kommune followed by its own Sozialräume.
    tabelle = html[html.index('id="zeitreihe-tabelle-titel"') :]
    tabelle = tabelle[: tabelle.index("</table>")]
    zeilen = re.findall(r'<a class="kern-link" href="[^"]+">([^<]+)</a>', tabelle)
    assert zeilen[-6:] == [
        "Eschweiler",
        "Eschweiler Ost",
        "Eschweiler West",
        "Stolberg",
        "Atsch",
        "Vicht",
    ]


def test_indikatorseite_eine_kommune_eine_karte(region, esch):
    html = esch.get(region["anzahl"].get_absolute_url()).content.decode()
    assert f"Karte der Sozialräume {JAHR}</h3>" in html
    assert 'id="karte-indikator-caption"' in html
    assert "Atsch" not in _teil(html)


# --- F13: the area page --------------------------------------------------------------------------


def _gesamtstaedtisch(html: str) -> tuple[int | None, str | None]:
    treffer = re.search(r"Außerdem gel\w+ (\d+) gesamtstädtische", html)
    link = re.search(r'href="([^"]*gesamtstaedtisch=ja[^"]*)"', html)
    return (int(treffer.group(1)) if treffer else None, link.group(1) if link else None)


@pytest.mark.parametrize("wer", ["ganz", "zwei"])
def test_raumseite_zaehlt_die_gesamtstaedtischen_der_eigenen_kommune(request, region, wer):
    client = request.getfixturevalue(wer)
    k = region["kommunen"]
    for slug, kommune in (
        ("eschweiler", "Eschweiler"),
        ("eschweiler-ost", "Eschweiler"),
        ("stolberg", "Stolberg"),
        ("atsch", "Stolberg"),
    ):
        anzahl, link = _gesamtstaedtisch(client.get(f"/raeume/{slug}/").content.decode())
        assert anzahl == GESAMTSTAEDTISCH[kommune], slug
        assert link.endswith(f"?gesamtstaedtisch=ja&amp;kommune={k[kommune].pk}"), link
        liste = client.get(link.replace("&amp;", "&")).content.decode()
        for andere, anzahl in GESAMTSTAEDTISCH.items():
            erwartet = anzahl if andere == kommune else 0
            assert len(set(re.findall(rf"{andere} stadtweit \d", liste))) == erwartet


def test_raumseite_der_region_ohne_aussage(region, ganz):
    html = ganz.get("/raeume/staedteregion/").content.decode()
    assert _gesamtstaedtisch(html) == (None, None)


def test_raumseite_eine_kommune_der_region(region, esch):
    anzahl, link = _gesamtstaedtisch(esch.get("/raeume/eschweiler-west/").content.decode())
    # The measure list has no Kommune filter for one Kommune: the link needs none.
    assert (anzahl, link) == (2, "/massnahmen/?gesamtstaedtisch=ja")
    assert esch.get("/raeume/atsch/").status_code == 404


def test_raumseite_eine_kommune_installation_unveraendert(lesen_client):
    sozialraum = RaumFactory(name="Atsch", slug="atsch")
    plan = PlanFactory()
    for _ in range(2):
        ProjektskizzeFactory(plan=plan, gesamtstaedtisch=True)
    html = lesen_client.get(sozialraum.get_absolute_url()).content.decode()
    assert _gesamtstaedtisch(html) == (2, "/massnahmen/?gesamtstaedtisch=ja")


RAUMSEITE_ABFRAGEN = 14


@pytest.mark.parametrize("kommunen", [2, 5])
def test_raumseite_abfragen_fest(db, kommunen):
    _indikator, liste = _region_mit(kommunen, 3)
    client = _client(UserFactory(username="ganz", rollen=[LESEN]))
    sozialraum = Raum.objects.filter(kommune=liste[1], ebene=Raum.Ebene.SOZIALRAUM).first()
    assert _abfragen(client, sozialraum.get_absolute_url(), None) == RAUMSEITE_ABFRAGEN
    assert _abfragen(client, liste[0].get_absolute_url(), None) == RAUMSEITE_ABFRAGEN


# --- F11: a rate without the population of its year ----------------------------------------------


def test_raumvergleich_quote_ohne_einwohnerzahl_in_worten(region, ganz):
    html, kontext = _vergleich(
        ganz, region, kommune=region["kommunen"]["Eschweiler"].pk, bezug="je1000"
    )
    assert kontext["je_einwohner"]
    assert kontext["ohne_einwohnerzahl"]
    assert "(keine Einwohnerzahl)" in _tabelle_html(html)
    assert "liegt die Einwohnerzahl dieses Raums nicht vor" in html
    # The bars: no hatched stub (that means protected), the reason in words.
    svg = re.search(r'<svg[^>]*aria-labelledby="raumvergleich-titel".*?</svg>', html, re.S)
    werte = [
        t.text
        for t in ET.fromstring(svg.group(0)).iter(f"{SVG}text")
        if t.get("class") == "diagramm-wert"
    ]
    assert werte == ["– (keine Einwohnerzahl)", "– (keine Einwohnerzahl)"]
    assert "schraffur)" not in svg.group(0).split("</defs>", 1)[1]
    # Stolberg has its population: rates, no such note.
    html, kontext = _vergleich(ganz, region, bezug="je1000")
    assert not kontext["ohne_einwohnerzahl"]
    assert "keine Einwohnerzahl" not in html
    assert "20" in _tabelle_html(html)  # Atsch 600 ÷ 30,000 × 1,000


def _tabelle_html(html: str) -> str:
    teil = html[html.index('id="vergleich-caption"') :]
    return teil[: teil.index("</table>")]


def test_regionsvergleich_quote_ohne_einwohnerzahl_in_worten(region, ganz):
    antwort = ganz.get(reverse("region:indikatoren"), {"indikator": region["anzahl"].pk})
    vergleich = antwort.context["vergleich"]
    assert vergleich.je_einwohner
    assert vergleich.ohne_einwohnerzahl == [JAHR]
    html = antwort.content.decode()
    zeile = re.search(
        r"<th scope=\"row\" class=\"kern-table__cell\">Eschweiler</th>.*?</tr>", html, re.S
    )
    assert "(keine Einwohnerzahl)" in zeile.group(0)
    assert f"Für {JAHR} liegt die Einwohnerzahl der Kommune nicht vor" in html


# --- F2: the value import's template -------------------------------------------------------------


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
def test_vorlage_nennt_einen_raum_der_eigenen_kommune(region, esch, format_):
    antwort = esch.get(reverse("monitoring:messwert_import_vorlage"), {"format": format_})
    assert antwort.status_code == 200
    if format_ == "csv":
        zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))
    else:
        zeilen = list(load_workbook(io.BytesIO(antwort.content)).active.iter_rows(values_only=True))
    assert zeilen[1][2] == "eschweiler-ost"
    assert "atsch" not in antwort.content.decode("latin-1").lower()


def test_vorlage_der_region_nennt_die_eigene_kommune(region, ganz):
    # (ganz holds only Lesen: the template is for editors; a region editor gets Stolberg's area)
    redaktion = _client(UserFactory(username="region-redaktion", rollen=[REDAKTION]))
    antwort = redaktion.get(reverse("monitoring:messwert_import_vorlage"), {"format": "csv"})
    zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))
    assert zeilen[1][2] == "atsch"
    assert ganz.get(reverse("monitoring:messwert_import_vorlage")).status_code == 403
