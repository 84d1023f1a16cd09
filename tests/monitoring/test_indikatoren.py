"""Indicator list, detail (chart + table + export), area comparison: roles, protection of small
numbers on every surface, query budgets."""

import csv
import io
import itertools
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from aktionsplan.models import Raum
from monitoring.models import Indikator, Messwert
from monitoring.schutz import neueste_werte_fuer_raum
from tests.factories import (
    DatenquelleFactory,
    IndikatorFactory,
    KommuneFactory,
    MesswertFactory,
    ProjektskizzeFactory,
    RaumFactory,
    ThemaFactory,
)

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"

# Kommune 1.534 = Atsch 2 + Büsbach 17 + Münsterbusch 215 + Vicht 1.300 (2024)
WERTE_2024 = {"Atsch": 2, "Büsbach": 17, "Münsterbusch": 215, "Vicht": 1300}
WERTE_2025 = {"Atsch": 40, "Büsbach": 58, "Münsterbusch": 230, "Vicht": 1310}


def daten_anlegen(**indikator_felder):
    """A Kommune with four Sozialräume and two years of a count indicator (Atsch 2024 = 2)."""
    kommune = Raum.objects.filter(slug="stolberg-test").first() or KommuneFactory(
        name="Stolberg", slug="stolberg-test"
    )
    raeume = {
        name: Raum.objects.filter(uebergeordnet=kommune, name=name).first()
        or RaumFactory(name=name, slug=f"test-sozialraum-{i}", uebergeordnet=kommune)
        for i, name in enumerate(WERTE_2024)
    }
    felder = {
        "name": "Arbeitslose schwerbehinderte Menschen",
        "basiswert": Decimal(1600),
        "basisjahr": 2020,
        "zielwert": Decimal(1400),
        "zieljahr": 2030,
        "richtung": Indikator.Richtung.NIEDRIGER_BESSER,
        **indikator_felder,
    }
    indikator = IndikatorFactory(**felder)
    werte = {}
    for jahr, tabelle in ((2024, WERTE_2024), (2025, WERTE_2025)):
        werte[(jahr, "Stolberg")] = MesswertFactory(
            indikator=indikator, jahr=jahr, raum=kommune, wert=Decimal(sum(tabelle.values()))
        )
        for name, wert in tabelle.items():
            werte[(jahr, name)] = MesswertFactory(
                indikator=indikator, jahr=jahr, raum=raeume[name], wert=Decimal(wert)
            )
    return indikator, kommune, raeume, werte


def sichtbarer_text(html: str) -> str:
    """The text a reader sees inside <main> (tags and attributes removed, years dropped)."""
    import re

    main = html[html.index("<main") : html.index("</main>")]
    text = re.sub(r"<[^>]+>", " ", main)
    return re.sub(r"\b20[0-3]\d\b", " ", text)


def zahlen_in(text: str) -> set[str]:
    import re

    return set(re.findall(r"(?<![\d.,])\d[\d.]*(?:,\d+)?(?![\d,])", text))


# --- roles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("monitoring:indikator_liste", None),
        ("monitoring:indikator_detail", "indikator"),
        ("monitoring:indikator_export", "indikator"),
        ("monitoring:raumvergleich", None),
    ],
)
def test_leseseiten_je_rolle(rollen_client, name, args):
    indikator, *_ = daten_anlegen()
    url = reverse(name, args=[indikator.pk] if args else None)
    antwort = rollen_client.get(url)
    if rollen_client.rolle == "anonym":
        assert antwort.status_code == 302
        assert antwort["Location"].startswith(reverse("login"))
    else:
        assert antwort.status_code == 200
    # read-only pages accept no POST
    antwort = rollen_client.post(url)
    assert antwort.status_code == (302 if rollen_client.rolle == "anonym" else 405)


def test_ohne_rolle_403(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="ohne-rolle"))
    assert client.get(reverse("monitoring:indikator_liste")).status_code == 403


# --- list ----------------------------------------------------------------------------------


def test_liste_zeigt_neuesten_kommunewert_ziel_und_fortschritt(lesen_client):
    indikator, *_ = daten_anlegen()
    antwort = lesen_client.get(reverse("monitoring:indikator_liste"))
    html = antwort.content.decode()
    assert indikator.name in html
    assert "1.638" in html  # Kommune 2025
    assert "1.400" in html  # target
    # 1.600 → 1.400, now 1.638: moving away
    assert "Entwicklung entgegen dem Ziel" in html


def test_liste_kommunewert_geschuetzt(lesen_client):
    indikator = IndikatorFactory(name="Seltene Fälle")
    MesswertFactory(indikator=indikator, raum=KommuneFactory(), wert=Decimal(2))
    html = lesen_client.get(reverse("monitoring:indikator_liste")).content.decode()
    assert "&lt; 3" in html
    assert ">2<" not in html


def test_liste_filter(lesen_client):
    thema = ThemaFactory(name="Arbeit und Wirtschaft")
    quelle = DatenquelleFactory(name="BA-Statistik")
    a = IndikatorFactory(name="Arbeitslose", datenquelle=quelle)
    a.themen.add(thema)
    IndikatorFactory(name="Barrierefreie Haltestellen", raeumliche_ebene="kommune")
    IndikatorFactory(name="Zufriedenheit", art=Indikator.Art.QUALITATIV)
    url = reverse("monitoring:indikator_liste")

    def namen(**params):
        html = lesen_client.get(url, params).content.decode()
        return {
            n for n in ("Arbeitslose", "Barrierefreie Haltestellen", "Zufriedenheit") if n in html
        }

    assert namen(thema=thema.pk) == {"Arbeitslose"}
    assert namen(datenquelle=quelle.pk) == {"Arbeitslose"}
    assert namen(art="qualitativ") == {"Zufriedenheit"}
    assert namen(raeumliche_ebene="kommune") == {"Barrierefreie Haltestellen"}
    assert namen(q="haltestell") == {"Barrierefreie Haltestellen"}


@pytest.mark.parametrize("anzahl", [5, 50])
def test_liste_abfragen(lesen_client, django_assert_num_queries, anzahl):
    kommune = KommuneFactory()
    thema = ThemaFactory()
    for i in range(anzahl):
        indikator = IndikatorFactory(zielwert=Decimal(10), basiswert=Decimal(1))
        indikator.themen.add(thema)
        MesswertFactory(indikator=indikator, raum=kommune, jahr=2024, wert=Decimal(i))
        MesswertFactory(indikator=indikator, raum=RaumFactory(uebergeordnet=kommune), jahr=2024)
    # 1 session, 2 user, 3 groups (role check), 4 Thema choices, 5 UN-BRK-Artikel choices,
    # 6 Datenquelle choices, 7 COUNT, 8 one page of indicators (+ Datenquelle, Akteur),
    # 9 prefetch Themen, 10 the own Kommune, 11 values of the latest Kommune year and of the
    # base year (whole groups)
    with django_assert_num_queries(11):
        antwort = lesen_client.get(reverse("monitoring:indikator_liste"))
    assert antwort.content.decode().count('href="/monitoring/indikatoren/') >= anzahl
    # Again: the main part is stored (aktionsplan.seitenspeicher), the user cached: the session.
    with django_assert_num_queries(1):
        wieder = lesen_client.get(reverse("monitoring:indikator_liste"))
    assert wieder.content.count(b'href="/monitoring/indikatoren/') == antwort.content.count(
        b'href="/monitoring/indikatoren/'
    )


def test_liste_blaettert(lesen_client):
    """A region holds hundreds of indicators: the list shows them in pages of PRO_SEITE, with the
    total, and the filters survive the pager."""
    from monitoring.views.indikatoren import PRO_SEITE

    thema = ThemaFactory()
    for i in range(PRO_SEITE + 3):
        IndikatorFactory(name=f"Blätterindikator {i:03d}").themen.add(thema)
    erste = lesen_client.get(reverse("monitoring:indikator_liste"), {"thema": thema.pk})
    inhalt = erste.content.decode()
    assert f"{PRO_SEITE + 3} Indikatoren gefunden" in inhalt
    assert inhalt.count("Blätterindikator ") == PRO_SEITE
    assert "Seite 1 von 2" in inhalt
    assert f"?thema={thema.pk}&amp;page=2" in inhalt
    zweite = lesen_client.get(reverse("monitoring:indikator_liste"), {"thema": thema.pk, "page": 2})
    namen = re.findall(r"Blätterindikator (\d{3})", zweite.content.decode())
    assert namen == [f"{i:03d}" for i in range(PRO_SEITE, PRO_SEITE + 3)]


# --- detail ----------------------------------------------------------------------------------


def test_detail_zeigt_definition_links_und_tabelle(lesen_client):
    indikator, _kommune, _raeume, _werte = daten_anlegen(beschreibung="Arbeitslose mit GdB ab 50.")
    projekt = ProjektskizzeFactory(titel="Inklusive Ausbildung")
    indikator.projekte.add(projekt)
    html = lesen_client.get(indikator.get_absolute_url()).content.decode()
    assert "Arbeitslose mit GdB ab 50." in html
    assert reverse("akteure:datenquelle_detail", args=[indikator.datenquelle.pk]) in html
    assert reverse("akteure:akteur_detail", args=[indikator.datenquelle.akteur.pk]) in html
    assert "Inklusive Ausbildung" in html
    assert "niedriger ist besser" in html
    assert "1.534" in html
    assert "1.300" in html
    assert "<svg" in html
    assert 'role="img"' in html
    assert "format=csv" in html
    assert "format=xlsx" in html


def test_detail_schuetzt_kleine_zahlen_fuer_alle_rollen(
    lesen_client, redaktion_client, datenpflege_client
):
    indikator, *_ = daten_anlegen()
    for client in (lesen_client, redaktion_client, datenpflege_client):
        html = client.get(indikator.get_absolute_url(), {"raum": ["x"]}).content.decode()
        assert "&lt; 3" in html
        assert "•" in html
        # neither the protected 2 nor the withheld 17 are on the page
        zahlen = zahlen_in(sichtbarer_text(html))
        assert "17" not in zahlen
        assert "2" not in zahlen


def test_detail_diagramm_ohne_geschuetzte_zahlen(lesen_client):
    indikator, kommune, raeume, _ = daten_anlegen()
    ids = [kommune.pk, raeume["Atsch"].pk, raeume["Büsbach"].pk, raeume["Vicht"].pk]
    antwort = lesen_client.get(indikator.get_absolute_url(), {"raum": ids})
    html = antwort.content.decode()
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    wurzel = ET.fromstring(svg)
    texte = [t.text for t in wurzel.iter(f"{SVG}text")]
    assert {"Stolberg", "Atsch", "Büsbach", "Vicht"} <= set(texte)
    assert "< 3" in texte
    assert "•" in texte
    assert not {"2", "17"} & set(texte)
    beschreibung = wurzel.find(f"{SVG}desc").text
    assert "Atsch – 2024: < 3, 2025: 40" in beschreibung
    assert not {"2", "17"} & zahlen_in(beschreibung.replace("2024", "").replace("2025", ""))


def test_csv_export_schuetzt_und_verraet_nichts(redaktion_client):
    indikator, *_ = daten_anlegen(name='=HYPERLINK("x")')
    antwort = redaktion_client.get(
        reverse("monitoring:indikator_export", args=[indikator.pk]), {"format": "csv"}
    )
    assert antwort["Content-Type"].startswith("text/csv")
    assert antwort.content.startswith(b"\xef\xbb\xbf")
    zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))
    assert zeilen[0][0].startswith("'=")  # formula neutralised
    kopf = next(z for z in zeilen if z and z[0] == "Raum")
    spalte = kopf.index("2024")
    tabelle = {z[0]: z[spalte] for z in zeilen if len(z) > spalte and z[0] != "Raum"}
    assert tabelle["Stolberg"] == "1534"  # files: no thousands separator
    assert tabelle["Atsch"] == "< 3"
    assert tabelle["Büsbach"] == "•"
    # total − visible parts must not pin the protected value: brute force over what is shown
    gesamt = 1534
    sichtbar = [int(v) for k, v in tabelle.items() if k != "Stolberg" and v[0].isdigit()]
    rest = gesamt - sum(sichtbar)
    moeglich = {a for a in range(3) for b in range(3, rest + 1) if a + b == rest}
    assert len(moeglich) >= 2


def test_xlsx_export_schuetzt(lesen_client):
    indikator, *_ = daten_anlegen()
    antwort = lesen_client.get(
        reverse("monitoring:indikator_export", args=[indikator.pk]), {"format": "xlsx"}
    )
    blatt = load_workbook(io.BytesIO(antwort.content)).active
    zeilen = [list(r) for r in blatt.iter_rows(values_only=True)]
    kopf = next(z for z in zeilen if z[0] == "Raum")
    spalte = kopf.index(2024)
    tabelle = {z[0]: z[spalte] for z in zeilen if len(z) > spalte and z[0] not in ("Raum", None)}
    assert tabelle["Stolberg"] == 1534
    assert tabelle["Atsch"] == "< 3"
    assert tabelle["Büsbach"] == "•"
    alle = [v for z in zeilen for v in z]
    assert 2 not in alle
    assert 17 not in alle


def test_export_unbekanntes_format_404(lesen_client):
    indikator, *_ = daten_anlegen()
    url = reverse("monitoring:indikator_export", args=[indikator.pk])
    assert lesen_client.get(url, {"format": "pdf"}).status_code == 404


@pytest.mark.parametrize("anzahl", [5, 50])
def test_detail_abfragen(lesen_client, django_assert_num_queries, anzahl):
    kommune = KommuneFactory()
    indikator = IndikatorFactory()
    indikator.themen.add(ThemaFactory(), ThemaFactory())
    # Measures of the same Kommune: an installation with one (several would add the reader's
    # memberships, one query: tests/test_mandanten.py).
    indikator.projekte.add(
        ProjektskizzeFactory(plan__kommune=kommune), ProjektskizzeFactory(plan__kommune=kommune)
    )
    raeume = [RaumFactory(uebergeordnet=kommune) for _ in range(5)]
    for jahr, raum in itertools.islice(
        itertools.product(range(2000, 2030), [kommune, *raeume]), anzahl
    ):
        MesswertFactory(indikator=indikator, jahr=jahr, raum=raum, wert=Decimal(jahr - 1995))
    # 1 session, 2 user, 3 groups, 4 the indicator's name (title, 404); the main part: 5
    # indicator (+ Datenquelle, Akteur), 6 prefetch Themen, 7 prefetch Projektskizzen, 8 all
    # values (+ Raum, Indikator), 9 the own Kommune, 10 the Sozialräume with outlines (the map;
    # none here, so no map)
    with django_assert_num_queries(10):
        antwort = lesen_client.get(indikator.get_absolute_url())
    assert antwort.status_code == 200
    # Again with the same data: the main part and the name are stored, the user and the groups
    # come from the cache (aktionsplan.benutzerspeicher): the session only.
    with django_assert_num_queries(1):
        wieder = lesen_client.get(indikator.get_absolute_url())
    ohne_token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert ohne_token.sub(b"", wieder.content) == ohne_token.sub(b"", antwort.content)
    # Another choice of areas is another part (all but the user and the groups, cached).
    with django_assert_num_queries(8):
        lesen_client.get(indikator.get_absolute_url(), {"raum": raeume[0].pk})


def test_detail_unbekannt_404(lesen_client):
    assert lesen_client.get(reverse("monitoring:indikator_detail", args=[999])).status_code == 404


# --- area comparison ---------------------------------------------------------------------------


def test_raumvergleich_sortiert_und_geschuetzt(lesen_client):
    indikator, *_ = daten_anlegen()
    antwort = lesen_client.get(
        reverse("monitoring:raumvergleich"), {"indikator": indikator.pk, "jahr": 2024}
    )
    html = antwort.content.decode()
    tabelle = html[html.index("vergleich-caption") :]
    reihenfolge = [tabelle.index(n) for n in ("Vicht", "Münsterbusch", "Atsch", "Büsbach")]
    assert reihenfolge == sorted(reihenfolge)
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    texte = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert "1.300" in texte
    assert "< 3" in texte
    assert "•" in texte
    assert not {"2", "17"} & set(texte)


def test_raumvergleich_ohne_auswahl_zeigt_formular(lesen_client):
    html = lesen_client.get(reverse("monitoring:raumvergleich")).content.decode()
    assert 'name="indikator"' in html
    assert "<svg" not in html


@pytest.mark.parametrize("anzahl", [5, 17])
def test_raumvergleich_abfragen(lesen_client, django_assert_num_queries, anzahl):
    kommune = KommuneFactory()
    indikator = IndikatorFactory()
    for i in range(anzahl):
        MesswertFactory(indikator=indikator, raum=RaumFactory(uebergeordnet=kommune), wert=i + 5)
    # 1 session, 2 user, 3 groups, 4 years, 5 selected indicator (validation),
    # 6 indicator choices (rendering), 7 values of the group, 8 the own Kommune, 9 the
    # Sozialräume with outlines (the map)
    with django_assert_num_queries(9):
        lesen_client.get(
            reverse("monitoring:raumvergleich"), {"indikator": indikator.pk, "jahr": 2025}
        )


# --- area page fragment -----------------------------------------------------------------------


def test_neueste_werte_fuer_raum(django_assert_num_queries):
    _indikator, _kommune, raeume, _ = daten_anlegen()
    zweiter, *_ = daten_anlegen(name="Zweiter Indikator")
    # second indicator: only 2024 for Atsch
    zweiter.messwerte.filter(jahr=2025).delete()
    with django_assert_num_queries(1):
        werte = neueste_werte_fuer_raum(raeume["Atsch"], Messwert.objects.all())
    assert [(av.indikator.name, av.jahr, av.text) for av in werte] == [
        ("Arbeitslose schwerbehinderte Menschen", 2025, "40"),
        ("Zweiter Indikator", 2024, "< 3"),
    ]
    buesbach = neueste_werte_fuer_raum(raeume["Büsbach"], Messwert.objects.all())
    assert [av.text for av in buesbach] == ["58", "•"]


def test_raum_werte_fragment(rf):
    from django.template.loader import render_to_string

    indikator, _kommune, raeume, _ = daten_anlegen()
    html = render_to_string(
        "monitoring/includes/_raum_werte.html",
        {
            "werte": neueste_werte_fuer_raum(raeume["Atsch"], Messwert.objects.all()),
            "raum": raeume["Atsch"],
        },
    )
    assert indikator.get_absolute_url() in html
    assert "<caption" in html
    assert "40" in html


# --- review fixes -------------------------------------------------------------------------------


def test_kommunewert_ist_der_der_eigenen_kommune(lesen_client):
    aachen = KommuneFactory(name="Aachen", slug="aachen")
    stolberg = KommuneFactory(name="Stolberg", slug="stolberg", amtlicher_schluessel="05334032")
    indikator = IndikatorFactory(name="Haltestellen", ist_fallzahl=False, zielwert=None)
    MesswertFactory(indikator=indikator, raum=aachen, jahr=2025, wert=Decimal(800))
    MesswertFactory(indikator=indikator, raum=aachen, jahr=2026, wert=Decimal(900))
    MesswertFactory(indikator=indikator, raum=stolberg, jahr=2025, wert=Decimal(40))

    liste = lesen_client.get(reverse("monitoring:indikator_liste")).content.decode()
    zeile = re.search(r"Haltestellen</a>.*?</tr>", liste, re.S).group(0)
    assert "40" in zeile
    assert "(2025)" in zeile
    assert "900" not in zeile

    detail = lesen_client.get(indikator.get_absolute_url()).content.decode()
    assert re.search(r"Neuester Wert der Kommune \(2025\): 40\.", detail)
    assert "900" not in detail[: detail.index("zeitreihe-abschnitt")]

    vergleich = lesen_client.get(
        reverse("monitoring:raumvergleich"), {"indikator": indikator.pk, "jahr": 2025}
    ).content.decode()
    assert "Ganze Kommune (Stolberg):" in vergleich
    assert "Ganze Kommune (Aachen)" not in vergleich


def _basis_zurueckgehalten():
    """Kommune 5 in the base year 2020 = Atsch 2 ("< 3"): the Kommune value is withheld."""
    kommune = KommuneFactory(name="Stolberg", slug="stolberg")
    atsch = RaumFactory(name="Atsch", uebergeordnet=kommune)
    indikator = IndikatorFactory(
        name="Rollstuhlnutzende",
        basiswert=Decimal(5),
        basisjahr=2020,
        zielwert=Decimal(20),
        zieljahr=2030,
    )
    MesswertFactory(indikator=indikator, raum=kommune, jahr=2020, wert=Decimal(5))
    MesswertFactory(indikator=indikator, raum=atsch, jahr=2020, wert=Decimal(2))
    MesswertFactory(indikator=indikator, raum=kommune, jahr=2025, wert=Decimal(12))
    return indikator


def test_basiswert_wie_der_zurueckgehaltene_wert_des_basisjahrs(lesen_client):
    indikator = _basis_zurueckgehalten()
    detail = lesen_client.get(indikator.get_absolute_url()).content.decode()
    basis = re.search(r"<dt>Basiswert</dt><dd>(.*?)</dd>", detail).group(1)
    assert basis == "• (2020)"
    # The percentage (5 → 20, now 12) would give the baseline away.
    assert "zum Schutz kleiner Zahlen nicht berechnet" in detail
    assert "46,7" not in detail
    liste = lesen_client.get(reverse("monitoring:indikator_liste")).content.decode()
    zeile = re.search(r"Rollstuhlnutzende</a>.*?</tr>", liste, re.S).group(0)
    assert "zum Schutz kleiner Zahlen nicht berechnet" in zeile
    assert "%" not in zeile


def test_basiswert_abweichend_vom_messwert_bleibt_sichtbar(lesen_client):
    indikator = _basis_zurueckgehalten()
    Indikator.objects.filter(pk=indikator.pk).update(basiswert=Decimal(6))
    detail = lesen_client.get(indikator.get_absolute_url()).content.decode()
    assert re.search(r"<dt>Basiswert</dt><dd>(.*?)</dd>", detail).group(1) == "6 (2020)"


@pytest.mark.parametrize("name", [" =1+2", "－1", "\n=1"])
def test_export_neutralisiert_mit_der_gemeinsamen_funktion(lesen_client, name):
    indikator, *_ = daten_anlegen(name=name)
    url = reverse("monitoring:indikator_export", args=[indikator.pk])
    csv_text = lesen_client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(csv_text), delimiter=";"))[0] == "'" + name
    blatt = load_workbook(io.BytesIO(lesen_client.get(url, {"format": "xlsx"}).content)).active
    # XLSX: a text cell, the text as it is (no apostrophe needed, none added).
    assert blatt["A1"].value == name
    assert blatt["A1"].data_type == "s"


def test_wertzelle_mit_klassen_praefix():
    from django.template.loader import render_to_string

    from monitoring.schutz import schuetzen

    _indikator, _kommune, _raeume, werte = daten_anlegen()
    atsch = schuetzen([werte[(2024, n)] for n in ("Stolberg", *WERTE_2024)])[
        werte[(2024, "Atsch")].pk
    ]
    bericht = render_to_string(
        "monitoring/includes/_messwerte_zelle.html", {"av": atsch, "klasse": "bericht"}
    )
    assert 'class="bericht-geschuetzt"' in bericht
    assert "&lt; 3" in bericht
    seite = render_to_string("monitoring/includes/_messwerte_zelle.html", {"av": atsch})
    assert 'class="monitoring-geschuetzt"' in seite
    assert render_to_string("monitoring/includes/_messwerte_zelle.html", {"av": None}) == "–"
