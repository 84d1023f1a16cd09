"""Area shapes: read from GeoJSON, projected, simplified and checked once, on import (issue 12).

A municipality's file (and the demo's) gives each area its outline as a GeoJSON geometry in WGS84
longitude/latitude (RFC 7946, section 4: GeoJSON coordinates are always WGS84, longitude first).
On import the outline is

1. projected to ETRS89 / UTM zone 32N (EPSG:25832), the official position reference system of
   North Rhine-Westphalia (and of most German Länder west of 12° E) — metres, so that the map of a
   Kommune keeps its shape and the simplification tolerance is a distance;
2. simplified by Douglas–Peucker with :data:`TOLERANZ_METER` (shapely's ``simplify`` with
   ``preserve_topology``): a point is dropped when the outline moves by less than that. 10 m is
   below one pixel of a 700 px wide map of a town of 10 km and keeps a few hundred points per
   Sozialraum out of tens of thousands in a surveyed outline;
3. repaired with ``make_valid`` (a self-touching ring, a bow tie) and rounded to whole metres.

The stored form is WKT in EPSG:25832 (``Raum.geometrie``); an export writes that WKT and an import
accepts it back unchanged (no second projection), so that an export re-imports as "unverändert".
The map (monitoring.karte) draws the stored outlines; nothing is projected per request.
"""

from __future__ import annotations

import json
import math
from functools import cache

import shapely
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

QUELL_EPSG = 4326  # WGS84, the only coordinate system of GeoJSON (RFC 7946)
ZIEL_EPSG = 25832  # ETRS89 / UTM zone 32N, the official reference system of NRW
TOLERANZ_METER = 10.0  # Douglas–Peucker tolerance of the simplification, in metres
RASTER_METER = 1.0  # coordinates are rounded to this grid, in metres
# Bounds of a hostile or mistaken file: points of one outline as read, and the area of one outline
# (a Kommune of Germany is at most about 900 km², Berlin; a lat/lon swap lands far beyond).
MAX_PUNKTE = 200_000
MAX_FLAECHE_QM = 2_000 * 1_000_000
# Germany with a margin, in WGS84 degrees (west, south, east, north): the areas of a German
# municipality lie in it; a file with latitude and longitude swapped does not.
DEUTSCHLAND = (5.0, 47.0, 16.0, 55.5)


@cache
def _transformer():
    from pyproj import Transformer

    # always_xy: longitude, latitude in (as GeoJSON has it), easting, northing out.
    return Transformer.from_crs(f"EPSG:{QUELL_EPSG}", f"EPSG:{ZIEL_EPSG}", always_xy=True)


@cache
def _deutschland_projiziert() -> tuple[float, float, float, float]:
    """:data:`DEUTSCHLAND` in EPSG:25832 (west, south, east, north, metres): the bounds every
    stored outline lies in, whichever way it came in."""
    west, sued, ost, nord = DEUTSCHLAND
    return _transformer().transform_bounds(west, sued, ost, nord, densify_pts=21)


def _fehler(text: str) -> ValidationError:
    return ValidationError(text, code="geometrie")


def _nur_flaechen(geometrie: BaseGeometry) -> BaseGeometry:
    """The polygons of a geometry (make_valid may add stray lines or points along a fold)."""
    if isinstance(geometrie, Polygon | MultiPolygon):
        return geometrie
    teile: list[Polygon] = []
    for teil in getattr(geometrie, "geoms", ()):
        gefunden = _nur_flaechen(teil)
        if isinstance(gefunden, Polygon):
            teile.append(gefunden)
        elif isinstance(gefunden, MultiPolygon):
            teile.extend(gefunden.geoms)
    if len(teile) == 1:
        return teile[0]
    return MultiPolygon(teile)


def aus_geojson(text: str | dict) -> str:
    """A GeoJSON geometry (text or parsed) in WGS84 as stored: WKT in EPSG:25832, simplified by
    :data:`TOLERANZ_METER` metres, valid, rounded to :data:`RASTER_METER` metres.

    Raises ValidationError (code ``geometrie``) with a German message for text that is no GeoJSON,
    a geometry that is no (Multi)Polygon, coordinates outside WGS84's range, too many points, or an
    outline that is empty or implausibly large after projection.
    """
    if isinstance(text, str):
        try:
            daten = json.loads(text)
        except ValueError as fehler:
            raise _fehler(_("Der Umriss ist kein gültiges GeoJSON.")) from fehler
    else:
        daten = text
    if not isinstance(daten, dict) or daten.get("type") not in ("Polygon", "MultiPolygon"):
        raise _fehler(
            _("Der Umriss muss eine Fläche sein (GeoJSON „Polygon“ oder „MultiPolygon“).")
        )
    try:
        geometrie = shape(daten)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError) as fehler:
        raise _fehler(_("Die Koordinaten des Umrisses sind nicht lesbar.")) from fehler
    if geometrie.is_empty:
        raise _fehler(_("Der Umriss ist leer."))
    if shapely.get_num_coordinates(geometrie) > MAX_PUNKTE:
        raise _fehler(
            _("Der Umriss hat mehr als %(anzahl)s Punkte. Bitte vereinfachen Sie ihn vorher.")
            % {"anzahl": f"{MAX_PUNKTE:,}".replace(",", ".")}
        )
    koordinaten = shapely.get_coordinates(geometrie)
    if not (
        (abs(koordinaten[:, 0]) <= 180).all()
        and (abs(koordinaten[:, 1]) <= 90).all()
        and all(math.isfinite(k) for k in koordinaten.flat)
    ):
        raise _fehler(
            _(
                "Die Koordinaten des Umrisses liegen nicht in WGS84 (Längengrad −180 bis 180, "
                "Breitengrad −90 bis 90). GeoJSON-Dateien müssen in WGS84 (EPSG:4326) vorliegen."
            )
        )
    west, sued, ost, nord = DEUTSCHLAND
    if not (
        (koordinaten[:, 0] >= west).all()
        and (koordinaten[:, 0] <= ost).all()
        and (koordinaten[:, 1] >= sued).all()
        and (koordinaten[:, 1] <= nord).all()
    ):
        raise _fehler(
            _(
                "Der Umriss liegt nicht in Deutschland. Sind Längen- und Breitengrad vertauscht? "
                "GeoJSON nennt den Längengrad zuerst (z. B. 6.23, 50.77 für Stolberg)."
            )
        )
    transformer = _transformer()
    projiziert = shapely.transform(
        geometrie, lambda xy: _projizieren(transformer, xy), include_z=False
    )
    return _aufbereiten(projiziert, vereinfachen=True)


def _projizieren(transformer, xy):
    import numpy

    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    return numpy.column_stack([x, y])


def _aufbereiten(geometrie: BaseGeometry, *, vereinfachen: bool) -> str:
    if not geometrie.is_valid:
        geometrie = shapely.make_valid(geometrie)
    if vereinfachen:
        geometrie = geometrie.simplify(TOLERANZ_METER, preserve_topology=True)
    geometrie = shapely.set_precision(geometrie, RASTER_METER)
    if not geometrie.is_valid:
        geometrie = shapely.make_valid(geometrie)
    geometrie = _nur_flaechen(geometrie)
    if geometrie.is_empty or geometrie.area <= 0:
        raise _fehler(_("Der Umriss hat keine Fläche (alle Punkte liegen auf einer Linie)."))
    # The same rule for GeoJSON and for WKT (QA 2026-11-30, M5: a WKT outline at 0 0 was
    # stored and shrank every map to a sliver).
    west, sued, ost, nord = _deutschland_projiziert()
    links, unten, rechts, oben = geometrie.bounds
    if links < west or rechts > ost or unten < sued or oben > nord:
        raise _fehler(
            _(
                "Der Umriss liegt nicht in Deutschland. WKT wird in ETRS89 / UTM 32N "
                "(EPSG:25832, Meter) erwartet, wie der Export es schreibt; GeoJSON in WGS84 "
                "mit dem Längengrad zuerst (z. B. 6.23, 50.77 für Stolberg)."
            )
        )
    if geometrie.area > MAX_FLAECHE_QM:
        raise _fehler(
            _(
                "Der Umriss ist größer als %(km2)s km². Sind Längen- und Breitengrad vertauscht? "
                "GeoJSON nennt den Längengrad zuerst."
            )
            % {"km2": f"{MAX_FLAECHE_QM // 1_000_000:,}".replace(",", ".")}
        )
    # One canonical form (ring orientation and first point), so that a stored outline read back
    # compares equal to itself.
    return shapely.to_wkt(shapely.normalize(geometrie), rounding_precision=0, trim=True)


def aus_wkt(text: str) -> str:
    """A stored outline read back (an export's WKT in EPSG:25832): checked, not projected again.

    Raises ValidationError (code ``geometrie``)."""
    try:
        geometrie = shapely.from_wkt(text)
    except shapely.errors.GEOSException as fehler:
        raise _fehler(_("Der Umriss ist weder GeoJSON noch WKT.")) from fehler
    if not isinstance(geometrie, Polygon | MultiPolygon):
        raise _fehler(
            _("Der Umriss muss eine Fläche sein (GeoJSON „Polygon“ oder „MultiPolygon“).")
        )
    if shapely.get_num_coordinates(geometrie) > MAX_PUNKTE:
        raise _fehler(_("Der Umriss hat zu viele Punkte."))
    return _aufbereiten(geometrie, vereinfachen=False)


def umriss_lesen(text: str) -> str:
    """A cell of the column „Umriss“: GeoJSON (WGS84, projected and simplified) or the stored WKT
    (EPSG:25832, as an export writes it). Empty text is no outline. Raises ValidationError."""
    text = text.strip()
    if not text:
        return ""
    if text.startswith("{"):
        return aus_geojson(text)
    return aus_wkt(text)


def laden(wkt: str) -> BaseGeometry | None:
    """A stored outline as a shapely geometry (None for none or an unreadable one)."""
    if not wkt:
        return None
    try:
        return shapely.from_wkt(wkt)
    except shapely.errors.GEOSException:
        return None
