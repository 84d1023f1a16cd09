"""Areas from files (issue 12): CSV, XLSX and GeoJSON through the shared import pipeline — preview,
row errors, all-or-nothing; names unique within their parent; outlines projected to EPSG:25832,
simplified and checked (aktionsplan.geometrie)."""

import json

import pytest
import shapely
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aktionsplan import geometrie
from aktionsplan.models import Raum
from tests import factories as f
from tests.admin.test_admin_import import bestaetigen, datei, fehler, hochladen

pytestmark = pytest.mark.django_db

KOPF = ["Schlüssel", "Kurzname", "Name", "übergeordneter Raum", "Ebene", "AGS"]
IMPORT_URL = "admin:aktionsplan_raum_import"


@pytest.fixture
def stolberg(db):
    region = f.RaumFactory(
        name="StädteRegion Aachen", slug="region", ebene=Raum.Ebene.REGION, uebergeordnet=None
    )
    kommune = f.KommuneFactory(name="Stolberg", slug="stolberg", uebergeordnet=region)
    f.RaumFactory(name="Büsbach", slug="buesbach", uebergeordnet=kommune)
    return kommune


def flaeche(lon: float, lat: float, groesse: float = 0.01) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [lon, lat],
                [lon + groesse, lat],
                [lon + groesse, lat + groesse],
                [lon, lat + groesse],
                [lon, lat],
            ]
        ],
    }


def geojson(*objekte: tuple[dict, dict | None]) -> bytes:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": p, "geometry": g} for p, g in objekte],
        }
    ).encode()


def geojson_hochladen(client, inhalt: bytes, name: str = "raeume.geojson"):
    antwort = client.post(reverse(IMPORT_URL), {"datei": SimpleUploadedFile(name, inhalt)})
    assert antwort.status_code == 200
    return antwort


def eigenschaften(slug: str, name: str, **weitere) -> dict:
    return {
        "kurzname": slug,
        "name": name,
        "ebene": "Sozialraum",
        "parent": "stolberg",
        **weitere,
    }


# --- CSV and XLSX --------------------------------------------------------------------------------


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
def test_kommunen_und_sozialraeume_aus_tabelle(datenpflege_client, stolberg, format_):
    zeilen = [
        ["", "eschweiler", "Eschweiler", "region", "Kommune", "05334012"],
        ["E 1", "eschweiler-mitte", "Mitte", "eschweiler", "Sozialraum", ""],
        ["E 2", "eschweiler-muensterbusch", "Münsterbusch", "eschweiler", "Sozialraum", ""],
        ["S 1", "muensterbusch", "Münsterbusch", "Stolberg", "Sozialraum", ""],
    ]
    vorschau = hochladen(datenpflege_client, Raum, datei(KOPF, zeilen, format_), format_)
    pruefung = vorschau.context["pruefung"]
    assert fehler(vorschau) == []
    assert [z.status for z in pruefung.zeilen] == ["neu"] * 4
    assert not Raum.objects.filter(slug="eschweiler").exists()  # the preview wrote nothing
    bestaetigen(datenpflege_client, Raum, vorschau)
    eschweiler = Raum.objects.get(slug="eschweiler")
    assert eschweiler.amtlicher_schluessel == "05334012"
    assert eschweiler.history.first().history_user.username == "datenpflege"
    # The same name twice, under different parents.
    assert Raum.objects.filter(name="Münsterbusch").count() == 2
    assert Raum.objects.get(slug="eschweiler-mitte").schluessel == "E 1"


def test_gleicher_name_unter_demselben_oberraum_abgelehnt(datenpflege_client, stolberg):
    zeilen = [
        ["S 9", "neu-ok", "Neu", "stolberg", "Sozialraum", ""],
        ["S 2", "buesbach-2", "Büsbach", "stolberg", "Sozialraum", ""],
    ]
    vorschau = hochladen(datenpflege_client, Raum, datei(KOPF, zeilen, "csv"), "csv")
    assert fehler(vorschau) == [
        "Zeile 3: Im übergeordneten Raum gibt es schon einen Raum mit diesem Namen."
    ]
    bestaetigen(datenpflege_client, Raum, vorschau)
    # All or nothing: the good row was not written either.
    assert not Raum.objects.filter(slug="neu-ok").exists()


def test_ebene_muss_zum_oberraum_passen(datenpflege_client, stolberg):
    zeilen = [["", "falsch", "Falsch", "buesbach", "Sozialraum", ""]]
    vorschau = hochladen(datenpflege_client, Raum, datei(KOPF, zeilen, "csv"), "csv")
    assert fehler(vorschau) == [
        "Zeile 2, Spalte „Ebene“: Unter einem Raum der Ebene „Sozialraum“ liegt nur: Viertel."
    ]


def test_ags_nur_fuer_kommunen(datenpflege_client, stolberg):
    zeilen = [["", "x", "X", "stolberg", "Sozialraum", "05334012"]]
    vorschau = hochladen(datenpflege_client, Raum, datei(KOPF, zeilen, "csv"), "csv")
    assert fehler(vorschau) == [
        "Zeile 2, Spalte „Amtlicher Gemeindeschlüssel“: Einen Amtlichen Gemeindeschlüssel hat "
        "nur ein Raum der Ebene Kommune."
    ]


def test_gleicher_name_ohne_oberraum_abgelehnt(stolberg):
    from django.core.exceptions import ValidationError

    doppelt = Raum(name="StädteRegion Aachen", slug="region-2", ebene=Raum.Ebene.REGION)
    with pytest.raises(ValidationError, match="schon einen Raum mit diesem Namen"):
        doppelt.full_clean()


# --- GeoJSON -------------------------------------------------------------------------------------


def test_geojson_vorschau_und_uebernahme(datenpflege_client, stolberg):
    inhalt = geojson(
        (eigenschaften("atsch", "Atsch", key="S 1"), flaeche(6.21, 50.78)),
        (eigenschaften("buesbach", "Büsbach", umriss_hinweis="schematisch"), flaeche(6.20, 50.75)),
    )
    vorschau = geojson_hochladen(datenpflege_client, inhalt)
    pruefung = vorschau.context["pruefung"]
    assert fehler(vorschau) == []
    assert [z.status for z in pruefung.zeilen] == ["neu", "geaendert"]
    assert Raum.objects.get(slug="buesbach").geometrie == ""
    bestaetigen(datenpflege_client, Raum, vorschau)
    atsch = Raum.objects.get(slug="atsch")
    assert atsch.schluessel == "S 1"
    assert atsch.uebergeordnet == stolberg
    umriss = shapely.from_wkt(atsch.geometrie)
    # Projected to ETRS89/UTM 32N: metres, Stolberg lies about 305 km east, 5,628 km north.
    west, sued, _ost, _nord = umriss.bounds
    assert 300_000 < west < 310_000
    assert 5_620_000 < sued < 5_635_000
    # 0.01° × 0.01° at 50.8° N: about 705 m × 1,112 m.
    assert umriss.area == pytest.approx(705 * 1112, rel=0.02)
    buesbach = Raum.objects.get(slug="buesbach")
    assert buesbach.umriss_hinweis == "schematisch"
    assert buesbach.geometrie


def test_geojson_export_importiert_unveraendert(datenpflege_client, stolberg):
    inhalt = geojson((eigenschaften("atsch", "Atsch"), flaeche(6.21, 50.78)))
    bestaetigen(datenpflege_client, Raum, geojson_hochladen(datenpflege_client, inhalt))
    export = datenpflege_client.get(
        reverse("admin:aktionsplan_raum_export"), {"format": "csv"}
    ).content
    vorschau = hochladen(datenpflege_client, Raum, export, "csv")
    assert fehler(vorschau) == []
    assert {z.status for z in vorschau.context["pruefung"].zeilen} == {"unveraendert"}
    # The same GeoJSON again: projected and simplified the same way, unchanged.
    wieder = geojson_hochladen(datenpflege_client, inhalt)
    assert [z.status for z in wieder.context["pruefung"].zeilen] == ["unveraendert"]


@pytest.mark.parametrize(
    ("umriss", "meldung"),
    [
        ({"type": "Point", "coordinates": [6.2, 50.7]}, "muss eine Fläche sein"),
        (flaeche(50.78, 6.21), "liegt nicht in Deutschland"),
        (
            {"type": "Polygon", "coordinates": [[[6.2, 50.7], [6.3]]]},
            "Koordinaten des Umrisses sind nicht lesbar",
        ),
        ({"type": "Polygon", "coordinates": [[[500, 50], [6, 91], [6, 50], [500, 50]]]}, "WGS84"),
    ],
    ids=["punkt", "vertauscht", "kaputt", "ausserhalb"],
)
def test_geojson_falscher_umriss_klar_abgelehnt(datenpflege_client, stolberg, umriss, meldung):
    inhalt = geojson(
        (eigenschaften("gut", "Gut"), flaeche(6.21, 50.78)),
        (eigenschaften("schlecht", "Schlecht"), umriss),
    )
    vorschau = geojson_hochladen(datenpflege_client, inhalt)
    meldungen = fehler(vorschau)
    assert len(meldungen) == 1
    assert meldungen[0].startswith("Zeile 2, Spalte „Umriss“: ")
    assert meldung in meldungen[0]
    bestaetigen(datenpflege_client, Raum, vorschau)
    assert not Raum.objects.filter(slug__in=["gut", "schlecht"]).exists()


@pytest.mark.parametrize(
    ("inhalt", "meldung"),
    [
        (b"{nicht json", "kein gültiges JSON"),
        (b'{"type": "Feature"}', "„FeatureCollection“"),
        (b'{"type": "FeatureCollection", "features": []}', "keine Objekte"),
        (
            b'{"type": "FeatureCollection", "features": [{"type": "Point"}]}',
            "Objekt 1 der GeoJSON-Datei ist kein „Feature“",
        ),
        (b"%PDF-1.4 ...", "keine GeoJSON-Datei"),
    ],
)
def test_geojson_datei_unlesbar(datenpflege_client, stolberg, inhalt, meldung):
    antwort = geojson_hochladen(datenpflege_client, inhalt)
    assert meldung in antwort.content.decode()
    assert "pruefung" not in antwort.context or antwort.context["pruefung"] is None


def test_geojson_nur_wo_die_datenart_es_kann(datenpflege_client, stolberg):
    """The indicator values' import takes CSV and XLSX only."""
    antwort = datenpflege_client.post(
        reverse("admin:monitoring_messwert_import"),
        {"datei": SimpleUploadedFile("werte.geojson", b"{}")},
    )
    assert "Bitte laden Sie eine CSV- oder XLSX-Datei hoch." in antwort.content.decode()


def test_dateiauswahl_bietet_geojson_an(datenpflege_client, stolberg):
    """The file picker of the area import offers GeoJSON files, that of the values does not
    (QA 2026-11-30, F14: the template wrote a fixed list)."""
    raeume = datenpflege_client.get(reverse(IMPORT_URL)).content.decode()
    assert 'accept=".csv,.xlsx,.txt,.geojson,.json"' in raeume
    werte = datenpflege_client.get(reverse("admin:monitoring_messwert_import")).content.decode()
    assert 'accept=".csv,.xlsx,.txt"' in werte


# --- projection and simplification ---------------------------------------------------------------


def test_projektion_bekannter_punkt():
    """Stolberg, Rathaus area (6.2330° E, 50.7710° N) in ETRS89/UTM 32N: E 304,925, N 5,628,017
    (±2 m; pyproj's EPSG:4326 → EPSG:25832)."""
    umriss = shapely.from_wkt(geometrie.aus_geojson(flaeche(6.233, 50.771, 0.001)))
    x, y = min(umriss.exterior.coords)
    assert x == pytest.approx(304_925, abs=30)
    assert y == pytest.approx(5_628_017, abs=30)


def test_vereinfachung_mit_toleranz_in_metern():
    # A square edge with 200 points jittered by about 1 m: all but the corners go; a bump of
    # 0.001° (about 70 m) stays.
    unten = [[6.20 + i * 0.0001, 50.75 + (0.00001 if i % 2 else 0)] for i in range(200)]
    ring = [*unten, [6.22, 50.76], [6.21, 50.761], [6.20, 50.76], unten[0]]
    wkt = geometrie.aus_geojson({"type": "Polygon", "coordinates": [ring]})
    punkte = len(shapely.from_wkt(wkt).exterior.coords)
    assert punkte <= 7
    assert geometrie.TOLERANZ_METER == 10.0


def test_schleife_wird_repariert():
    schleife = {
        "type": "Polygon",
        "coordinates": [
            [[6.20, 50.75], [6.22, 50.76], [6.22, 50.75], [6.20, 50.76], [6.20, 50.75]]
        ],
    }
    umriss = shapely.from_wkt(geometrie.aus_geojson(schleife))
    assert umriss.is_valid
    assert umriss.geom_type == "MultiPolygon"


def test_gespeicherte_form_ist_stabil():
    wkt = geometrie.aus_geojson(flaeche(6.21, 50.78))
    assert geometrie.aus_wkt(wkt) == wkt
    assert geometrie.umriss_lesen(wkt) == wkt
    assert geometrie.umriss_lesen("  ") == ""


def test_modell_prueft_den_umriss(stolberg):
    from django.core.exceptions import ValidationError

    raum = Raum(
        name="X",
        slug="x",
        ebene="sozialraum",
        uebergeordnet=stolberg,
        geometrie="LINESTRING (0 0, 1 1)",
    )
    with pytest.raises(ValidationError) as fehler_:
        raum.full_clean()
    assert "geometrie" in fehler_.value.message_dict


def test_demo_datei_besteht_die_pruefung(datenpflege_user, db):
    """The demo's schematic outlines of Stolberg's 17 Sozialräume pass the import's check."""
    from aktionsplan import dateien
    from aktionsplan.datenarten import RAEUME
    from aktionsplan.datenimport import pruefen
    from konfiguration.demo.umrisse import DATEI

    kommune = f.KommuneFactory(name="Kupferstadt Stolberg", slug="stolberg")
    for slug in ("atsch", "breinig"):
        f.RaumFactory(slug=slug, name=slug.title(), uebergeordnet=kommune)
    tabelle = dateien.geojson_lesen(DATEI.read_bytes())
    pruefung = pruefen(RAEUME, tabelle, benutzer=datenpflege_user)
    assert pruefung.fehler == []
    assert len(pruefung.zeilen) == 17
    assert {z.zellen["umriss_hinweis"] for z in pruefung.zeilen} == {"schematisch (Demodaten)"}


@pytest.mark.parametrize(
    "wkt",
    [
        "POLYGON ((0 0, 10 0, 10 10, 0 0))",  # QA 2026-11-30, M5: metres at the origin
        "POLYGON ((6 50, 6000 50, 6000 5000, 6 50))",  # small numbers where metres belong
        "POLYGON ((2000000 5600000, 2001000 5600000, 2001000 5601000, 2000000 5600000))",
    ],
    ids=["ursprung", "grad", "zu-weit-oestlich"],
)
def test_wkt_ausserhalb_deutschlands_abgelehnt(stolberg, wkt):
    """The WKT column gets the same bounds as GeoJSON: an outline outside Germany is refused on
    every write path (the model's check), with the expected reference system named."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="nicht in Deutschland"):
        geometrie.umriss_lesen(wkt)
    raum = Raum(name="X", slug="x", ebene="sozialraum", uebergeordnet=stolberg, geometrie=wkt)
    with pytest.raises(ValidationError) as fehler_:
        raum.full_clean()
    assert "nicht in Deutschland" in str(fehler_.value.message_dict["geometrie"])


def test_wkt_tabelle_ausserhalb_deutschlands_schreibt_nichts(datenpflege_client, stolberg):
    kopf = [*KOPF, "Umriss"]
    gut = geometrie.aus_geojson(flaeche(6.21, 50.78))
    zeilen = [
        ["S 9", "gut", "Gut", "stolberg", "Sozialraum", "", gut],
        [
            "S 10",
            "schlecht",
            "Schlecht",
            "stolberg",
            "Sozialraum",
            "",
            "POLYGON ((0 0, 10 0, 10 10, 0 0))",
        ],
    ]
    vorschau = hochladen(datenpflege_client, Raum, datei(kopf, zeilen, "csv"), "csv")
    meldungen = fehler(vorschau)
    assert len(meldungen) == 1
    assert "nicht in Deutschland" in meldungen[0]
    bestaetigen(datenpflege_client, Raum, vorschau)
    assert not Raum.objects.filter(slug__in=["gut", "schlecht"]).exists()
