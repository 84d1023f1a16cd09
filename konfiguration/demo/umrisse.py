"""Schematic outlines of Stolberg's 17 Sozialräume, loaded like a municipality's file.

``stolberg_sozialraeume.geojson`` is a GeoJSON FeatureCollection in WGS84: one feature per
Sozialraum with Kurzname, name, level, parent and the note „schematisch (Demodaten)“. The shapes
are NOT real boundaries: they are the Voronoi cells of rough centres of the Stadtteile (read off a
general map, rounded to 0.001°), clipped to a buffer around them — enough to show the map. The names
are the Stadtteile of the Statistischer Jahresbericht 2016 der Kupferstadt Stolberg
(/work/shared/data/stolberg-stadtteile.csv, source S8). The file goes through the area import of
the Datenpflege (aktionsplan.datenarten.RAEUME): the same check, projection to EPSG:25832 and
simplification as any uploaded file, all rows or none. A second run finds every row unchanged.
"""

from pathlib import Path

from django.contrib.auth.models import AbstractUser

from aktionsplan import dateien
from aktionsplan.datenarten import RAEUME
from aktionsplan.datenimport import GEAENDERT, NEU, pruefen, uebernehmen

from .sichern import Lader

DATEI = Path(__file__).with_name("stolberg_sozialraeume.geojson")


def umrisse_laden(lader: Lader, *, benutzer: AbstractUser) -> None:
    """Import the schematic outlines as ``benutzer`` (the demo's Datenpflege). Raises ValueError
    naming the rows when the file does not pass the import's check."""
    raeume_importieren(lader, dateien.geojson_lesen(DATEI.read_bytes()), benutzer)


def raeume_importieren(
    lader: Lader, tabelle: dateien.Tabelle, benutzer: AbstractUser | None
) -> None:
    """Areas of the demo through the area import a municipality uses (check, then take over),
    counted in ``lader``. Raises ValueError naming the rows that do not pass."""
    pruefung = pruefen(RAEUME, tabelle, benutzer=benutzer)
    if not pruefung.fehlerfrei:
        raise ValueError("; ".join(str(f) for f in pruefung.fehler))
    ergebnis = uebernehmen(RAEUME, tabelle, benutzer=benutzer, fingerabdruck=pruefung.fingerabdruck)
    if not ergebnis.gespeichert:
        raise ValueError("; ".join(str(f) for f in ergebnis.fehler) or "veraltet")
    name = str(RAEUME.modell._meta.verbose_name_plural)
    lader.neu[name] += ergebnis.anzahl(NEU)
    lader.geaendert[name] += ergebnis.anzahl(GEAENDERT)
