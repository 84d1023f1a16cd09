"""The choropleth map of the Sozialräume (monitoring.karte): quantile classes, the SVG parsed
(every area present, labelled, focusable, linked), map numbers == table numbers, protected values
hatched and without number, the map only where areas carry outlines, flat query budgets."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from aktionsplan.geometrie import aus_geojson
from aktionsplan.models import Raum
from monitoring.karte import FARBEN, klassen_bilden
from tests.factories import IndikatorFactory, KommuneFactory, MesswertFactory, RaumFactory
from tests.monitoring.test_indikatoren import WERTE_2024, daten_anlegen

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def quadrat(i: int, *, reihe: int = 0) -> str:
    """A square of about 700 m in a row of squares near Stolberg, stored form."""
    x, y = 6.20 + 0.01 * i, 50.75 + 0.01 * reihe
    return aus_geojson(
        {
            "type": "Polygon",
            "coordinates": [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.006], [x, y + 0.006], [x, y]]],
        }
    )


def umrisse_setzen(raeume) -> None:
    for i, raum in enumerate(raeume):
        raum.geometrie = quadrat(i)
        raum.umriss_hinweis = "schematisch (Demodaten)"
        raum.save(update_fields=["geometrie", "umriss_hinweis"])


def karte_aus(html: str) -> ET.Element:
    treffer = re.search(
        r'<svg xmlns="http://www.w3.org/2000/svg" class="karte".*?</svg>', html, re.S
    )
    assert treffer, "keine Karte"
    return ET.fromstring(treffer.group(0))


def tabelle_aus(html: str, kennung: str) -> dict[str, tuple[str, str]]:
    """Sozialraum → (value text, class) of the map's table."""
    teil = html[html.index(f'id="{kennung}-caption"') :]
    teil = teil[: teil.index("</table>")]
    zeilen = {}
    for zeile in re.findall(r"<tr class=\"kern-table__row\" data-raum.*?</tr>", teil, re.S):
        name = re.search(r'<a class="kern-link" href="[^"]+">([^<]+)</a>', zeile).group(1)
        zellen = re.findall(
            r'<td class="kern-table__cell kern-table__cell--numeric">(.*?)</td>', zeile
        )
        wert = re.sub(r'<span class="kern-sr-only">.*?</span>', "", zellen[0])
        zeilen[name] = (unescape(re.sub(r"<[^>]+>", "", wert)).strip(), zellen[1])
    return zeilen


# --- classes -------------------------------------------------------------------------------------


def test_quantile_vier_klassen_gleich_gross():
    klassen = klassen_bilden([Decimal(w) for w in range(1, 9)])
    assert [(k.nummer, k.von, k.bis, k.anzahl) for k in klassen] == [
        (1, 1, 2, 2),
        (2, 3, 4, 2),
        (3, 5, 6, 2),
        (4, 7, 8, 2),
    ]
    assert [k.farbe for k in klassen] == list(FARBEN)


def test_gleiche_werte_bleiben_in_einer_klasse():
    klassen = klassen_bilden([Decimal(w) for w in (1, 1, 1, 1, 1, 2, 3, 4)])
    # Cut after the 2nd value moves to the end of the run of ones; the cut after the 4th falls
    # inside it and is dropped.
    assert [(k.von, k.bis) for k in klassen] == [(1, 1), (2, 2), (3, 4)]
    assert sum(k.anzahl for k in klassen) == 8
    einzeln = klassen_bilden([Decimal(5)] * 3)
    assert [(k.nummer, k.anzahl, k.text) for k in einzeln] == [(1, 3, "5")]
    assert klassen_bilden([]) == []


def test_weniger_werte_als_klassen():
    klassen = klassen_bilden([Decimal(10), Decimal(20)])
    assert [(k.von, k.bis) for k in klassen] == [(10, 10), (20, 20)]
    # The two colours are the ends of the scale.
    assert [k.farbe for k in klassen] == [FARBEN[0], FARBEN[-1]]


# --- the pages -----------------------------------------------------------------------------------


def test_raumvergleich_karte_svg_und_tabelle_stimmen_ueberein(lesen_client):
    indikator, kommune, raeume, _werte = daten_anlegen()
    umrisse_setzen(raeume.values())
    ohne_wert = RaumFactory(name="Zweifall", uebergeordnet=kommune, geometrie=quadrat(0, reihe=1))
    html = lesen_client.get(
        reverse("monitoring:raumvergleich"), {"indikator": indikator.pk, "jahr": 2024}
    ).content.decode()
    svg = karte_aus(html)
    assert svg.get("role") == "group"
    titel = svg.find(f"{SVG}title")
    assert svg.get("aria-labelledby") == titel.get("id")
    links = {a.get("href"): a for a in svg.iter(f"{SVG}a")}
    # Every Sozialraum with an outline is a link to its page, named by its title and aria-label.
    erwartet = {r.get_absolute_url() for r in [*raeume.values(), ohne_wert]}
    assert set(links) == erwartet
    for a in links.values():
        assert a.find(f"{SVG}title").text == a.get("aria-label")
        assert a.find(f"{SVG}path").get("d").startswith("M")
    tabelle = tabelle_aus(html, "karte-raumvergleich")
    assert set(tabelle) == {*WERTE_2024, "Zweifall"}
    for raum in raeume.values():
        a = links[raum.get_absolute_url()]
        wert, klasse = tabelle[raum.name]
        pfad = a.find(f"{SVG}path")
        texte = [t.text for t in a.iter(f"{SVG}text")]
        if klasse == "–":
            # Protected (Atsch 2 → "< 3"; Büsbach 17 withheld "•"): hatched, no number at all.
            assert pfad.get("fill") == "url(#karte-raumvergleich-schraffur)"
            assert texte == []
            assert "nicht ausgewiesen" in a.get("aria-label")
            assert not re.search(r"\d", a.get("aria-label").split(":", 1)[1])
        else:
            # The map says the table's number and class.
            assert a.get("aria-label") == f"{raum.name}: {wert}, Klasse {klasse}"
            assert texte == [klasse]
    assert tabelle["Atsch"][0] == "< 3"
    assert tabelle["Büsbach"][0] == "•"
    assert tabelle["Vicht"] == ("1.300", "2")
    assert links[ohne_wert.get_absolute_url()].get("aria-label") == "Zweifall: kein Wert"
    # Legend: method stated, classes with ranges, hatching explained, outlines labelled.
    assert "Klassen nach Quantilen" in html
    assert "Klasse 2: 1.300 (1 Sozialraum)" in html
    assert "schraffiert, ohne Zahl" in html
    assert "Umrisse: schematisch (Demodaten)" in html
    hinweis = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "karte-hinweis"]
    assert hinweis == ["Umrisse: schematisch (Demodaten)"]
    # Not even the protection signs: a protected area is hatched, its label says why.
    alles = ET.tostring(svg, encoding="unicode")
    assert "&lt; 3" not in alles
    assert "•" not in alles


def test_indikatorseite_zeigt_karte_des_neuesten_jahres(lesen_client):
    indikator, _kommune, raeume, _werte = daten_anlegen()
    umrisse_setzen(raeume.values())
    html = lesen_client.get(indikator.get_absolute_url()).content.decode()
    assert "Karte der Sozialräume 2025" in html
    svg = karte_aus(html)
    tabelle = tabelle_aus(html, "karte-indikator")
    labels = {a.get("href"): a.get("aria-label") for a in svg.iter(f"{SVG}a")}
    assert len(labels) == 4
    for raum in raeume.values():
        wert, klasse = tabelle[raum.name]
        assert labels[raum.get_absolute_url()] == f"{raum.name}: {wert}, Klasse {klasse}"
    assert [tabelle[n][0] for n in ("Atsch", "Büsbach", "Münsterbusch", "Vicht")] == [
        "40",
        "58",
        "230",
        "1.310",
    ]


def test_ohne_umrisse_keine_karte(lesen_client):
    indikator, *_ = daten_anlegen()
    html = lesen_client.get(indikator.get_absolute_url()).content.decode()
    assert 'class="karte"' not in html
    vergleich = lesen_client.get(
        reverse("monitoring:raumvergleich"), {"indikator": indikator.pk, "jahr": 2024}
    ).content.decode()
    assert 'class="karte"' not in vergleich
    assert "Karte der Sozialräume" not in vergleich


def test_karte_nur_fuer_lesende(client):
    indikator, _kommune, raeume, _werte = daten_anlegen()
    umrisse_setzen(raeume.values())
    antwort = client.get(reverse("monitoring:raumvergleich"), {"indikator": indikator.pk})
    assert antwort.status_code == 302
    assert "/anmelden/" in antwort["Location"] or "login" in antwort["Location"]


@pytest.mark.parametrize("rolle", ["lesen_client", "redaktion_client", "datenpflege_client"])
def test_karte_fuer_jede_rolle(request, rolle):
    nutzer = request.getfixturevalue(rolle)
    indikator, _kommune, raeume, _werte = daten_anlegen()
    umrisse_setzen(raeume.values())
    html = nutzer.get(indikator.get_absolute_url()).content.decode()
    assert len(list(karte_aus(html).iter(f"{SVG}a"))) == 4


@pytest.mark.parametrize("anzahl", [5, 17])
def test_raumvergleich_mit_karte_abfragen(lesen_client, django_assert_num_queries, anzahl):
    kommune = KommuneFactory()
    indikator = IndikatorFactory()
    raeume = [RaumFactory(uebergeordnet=kommune) for _i in range(anzahl)]
    umrisse_setzen(raeume)
    for i, raum in enumerate(raeume):
        MesswertFactory(indikator=indikator, raum=raum, wert=i + 5)
    # 1 session, 2 user, 3 groups, 4 years, 5 selected indicator (validation),
    # 6 indicator choices (rendering), 7 values of the group, 8 the own Kommune,
    # 9 the Sozialräume with outlines (the map)
    with django_assert_num_queries(9):
        antwort = lesen_client.get(
            reverse("monitoring:raumvergleich"), {"indikator": indikator.pk, "jahr": 2025}
        )
    assert len(list(karte_aus(antwort.content.decode()).iter(f"{SVG}a"))) == anzahl


@pytest.mark.parametrize("anzahl", [5, 17])
def test_indikatorseite_mit_karte_abfragen(lesen_client, django_assert_num_queries, anzahl):
    kommune = KommuneFactory()
    indikator = IndikatorFactory()
    raeume = [RaumFactory(uebergeordnet=kommune) for _i in range(anzahl)]
    umrisse_setzen(raeume)
    for jahr in (2023, 2024, 2025):
        for i, raum in enumerate(raeume):
            MesswertFactory(indikator=indikator, raum=raum, jahr=jahr, wert=i + 5)
    # As test_indikatoren.test_detail_abfragen (9), and 10 the Sozialräume with outlines
    with django_assert_num_queries(10):
        antwort = lesen_client.get(indikator.get_absolute_url())
    assert len(list(karte_aus(antwort.content.decode()).iter(f"{SVG}a"))) == anzahl


def test_viertel_und_kommunen_nicht_auf_der_karte(lesen_client):
    indikator, kommune, raeume, _werte = daten_anlegen()
    umrisse_setzen(raeume.values())
    kommune.geometrie = quadrat(0, reihe=3)
    kommune.save(update_fields=["geometrie"])
    viertel = RaumFactory(
        name="Liester",
        ebene=Raum.Ebene.VIERTEL,
        uebergeordnet=raeume["Vicht"],
        geometrie=quadrat(1, reihe=3),
    )
    html = lesen_client.get(indikator.get_absolute_url()).content.decode()
    hrefs = {a.get("href") for a in karte_aus(html).iter(f"{SVG}a")}
    assert kommune.get_absolute_url() not in hrefs
    assert viertel.get_absolute_url() not in hrefs
