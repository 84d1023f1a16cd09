"""SVG charts: valid XML, a text alternative, German numbers, protected values never drawn."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from monitoring.diagramme import FARBEN, Reihe, balkendiagramm, liniendiagramm
from monitoring.models import Messwert
from monitoring.schutz import schuetzen
from tests.factories import IndikatorFactory, KommuneFactory, MesswertFactory, RaumFactory

SVG = "{http://www.w3.org/2000/svg}"
pytestmark = pytest.mark.django_db


def texte(svg: str) -> list[str]:
    wurzel = ET.fromstring(svg)
    return [t.text or "" for t in wurzel.iter(f"{SVG}text")]


def kontrast(farbe: str) -> float:
    def kanal(c):
        c = int(c, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (kanal(farbe[i : i + 2]) for i in (1, 3, 5))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (lum + 0.05)


def test_farben_mindestens_3_zu_1_auf_weiss():
    assert all(kontrast(f) >= 3 for f in FARBEN)


@pytest.fixture
def daten():
    indikator = IndikatorFactory(name="Arbeitslose <Menschen> mit Behinderung", einheit="Personen")
    kommune = KommuneFactory(name="Stolberg")
    atsch = RaumFactory(name="Atsch", uebergeordnet=kommune)
    buesbach = RaumFactory(name="Büsbach", uebergeordnet=kommune)
    vicht = RaumFactory(name="Vicht", uebergeordnet=kommune)
    for jahr, (k, a, b, v) in {2023: (1534, 2, 17, 1515), 2024: (1612, 40, 58, 1514)}.items():
        for raum, wert in ((kommune, k), (atsch, a), (buesbach, b), (vicht, v)):
            MesswertFactory(indikator=indikator, jahr=jahr, raum=raum, wert=Decimal(wert))
    werte = list(Messwert.objects.fuer_anzeige(indikator=indikator))
    return indikator, werte, schuetzen(werte)


def test_liniendiagramm_zeigt_keine_geschuetzten_zahlen(daten):
    indikator, werte, anzeige = daten
    reihen = {}
    for mw in werte:
        reihen.setdefault(mw.raum.name, Reihe(mw.raum.name)).werte[mw.jahr] = anzeige[mw.pk]
    svg = liniendiagramm(kennung="zr", titel=indikator.name, reihen=list(reihen.values()))
    wurzel = ET.fromstring(svg)
    assert wurzel.get("role") == "img"
    assert wurzel.get("aria-labelledby") == "zr-titel"
    assert wurzel.get("aria-describedby") == "zr-beschreibung"
    assert wurzel.find(f"{SVG}title").text == "Arbeitslose <Menschen> mit Behinderung"
    beschreibung = wurzel.find(f"{SVG}desc").text
    assert "Stolberg – 2023: 1.534, 2024: 1.612" in beschreibung
    assert "Atsch – 2023: < 3, 2024: 40" in beschreibung
    alle = texte(svg)
    assert "< 3" in alle  # the gap is labelled
    assert "•" in alle  # Büsbach 2023 withheld (smallest other child)
    # neither the protected 2 nor the withheld 17 appears anywhere, also not in the description
    assert "17" not in beschreibung
    assert not {"2", "17"} & set(alle)
    assert "1.000" in alle  # German thousands separator on the axis
    assert "style=" not in svg


def test_balkendiagramm_sortiert_und_geschuetzt(daten):
    _, werte, anzeige = daten
    balken = [
        (mw.raum.name, anzeige[mw.pk])
        for mw in werte
        if mw.jahr == 2023 and mw.raum.uebergeordnet_id
    ]
    svg = balkendiagramm(kennung="rv", titel="Vergleich", balken=balken)
    wurzel = ET.fromstring(svg)
    namen = [t.text for t in wurzel.iter(f"{SVG}text") if t.get("class") == "diagramm-beschriftung"]
    assert namen == ["Vicht", "Atsch", "Büsbach"]  # shown first by size, then hidden by name
    werte_texte = [t.text for t in wurzel.iter(f"{SVG}text") if t.get("class") == "diagramm-wert"]
    assert werte_texte == ["1.515", "< 3", "•"]
    # hidden values are equal stubs with the hatch pattern, never drawn to scale
    stummel = [r for r in wurzel.iter(f"{SVG}rect") if (r.get("fill") or "").startswith("url(")]
    assert len(stummel) == 2
    assert {r.get("width") for r in stummel} == {"24"}
    assert not {"2", "17"} & set(texte(svg))


def test_leeres_diagramm():
    svg = liniendiagramm(kennung="leer", titel="Leer", reihen=[])
    assert ET.fromstring(svg).find(f"{SVG}desc").text == "Keine Werte vorhanden."
