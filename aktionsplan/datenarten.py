"""The plan frame in files: areas as a kind of data, and how files name areas, themes, target
groups, UN-BRK articles, plans and users (aktionsplan.datenimport).

Areas are identified by their Kurzname (the slug, unique). A file names an area by Kurzname, by
its official key (Schlüssel) or by its name, in that order of precedence; exports write the
Kurzname. Population is not a column: it belongs to a population indicator's values per year
(the indicator import), so that it has a year, a source and the protection of small numbers.

Areas also come as GeoJSON (issue 12): a FeatureCollection in WGS84 with one feature per area, its
properties named like the columns (also ``key``, ``parent``, ``level``, ``ags``), its geometry the
outline („Umriss“), projected and simplified on import (aktionsplan.geometrie).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aktionsplan.datenimport import Datenart, Zeile
from aktionsplan.datenspalten import (
    Auswahl,
    Bezug,
    Kontext,
    Text,
    Verzeichnisart,
    gleich,
)
from aktionsplan.geometrie import umriss_lesen
from aktionsplan.models import (
    Beteiligungsformat,
    Leitbild,
    Plan,
    Raum,
    Thema,
    UNBRKArtikel,
    Zielgruppe,
)

RAEUME_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: Raum.objects.all(),
    schluessel=(lambda r: r.slug, lambda r: r.schluessel, lambda r: r.name),
    export=lambda r: r.slug,
    unbekannt=_("„%(wert)s“ ist kein bekannter Raum."),
    mehrdeutig=_("„%(wert)s“ ist mehrdeutig – bitte geben Sie den Kurznamen des Raums an."),
    eingrenzen=gleich("slug", "schluessel", "name"),
)

# The Kommunen a file may name as owner of a row (aktionsplan.bereich): by name, Amtlicher
# Gemeindeschlüssel or Kurzname; exports write the name. Read within the importing person's scope.
KOMMUNEN_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: Raum.objects.kommunen(),
    schluessel=(lambda r: r.name, lambda r: r.amtlicher_schluessel, lambda r: r.slug),
    export=lambda r: r.name,
    unbekannt=_("„%(wert)s“ ist keine Kommune, für die Sie zuständig sind."),
    mehrdeutig=_(
        "„%(wert)s“ ist mehrdeutig – bitte geben Sie den Gemeindeschlüssel der Kommune an."
    ),
    eingrenzen=gleich("name", "amtlicher_schluessel", "slug"),
)

THEMEN_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: Thema.objects.all(),
    schluessel=(lambda t: t.slug, lambda t: t.name),
    export=lambda t: t.slug,
    unbekannt=_("„%(wert)s“ ist kein bekanntes Thema."),
    mehrdeutig=_("„%(wert)s“ ist mehrdeutig – bitte geben Sie den Kurznamen des Themas an."),
    eingrenzen=gleich("slug", "name"),
)

ZIELGRUPPEN_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: Zielgruppe.objects.all(),
    schluessel=(lambda z: z.name,),
    export=lambda z: z.name,
    unbekannt=_("„%(wert)s“ ist keine bekannte Zielgruppe."),
    eingrenzen=gleich("name"),
)


UNBRK_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: UNBRKArtikel.objects.all(),
    schluessel=(
        lambda a: a.nummer,
        lambda a: f"Art. {a.nummer}",
        lambda a: f"Art {a.nummer}",
        lambda a: f"Artikel {a.nummer}",
    ),
    export=lambda a: str(a.nummer),
    unbekannt=_("„%(wert)s“ ist kein Artikel der UN-BRK (1 bis 50)."),
    hinweis=_("Die Nummer des Artikels, z. B. „9“ oder „Art. 9“."),
)

PLAENE_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: Plan.objects.all(),
    schluessel=(lambda p: p.slug, lambda p: p.name, lambda p: p.kurzname),
    export=lambda p: p.slug,
    unbekannt=_("„%(wert)s“ ist kein bekannter Plan."),
    mehrdeutig=_("„%(wert)s“ ist mehrdeutig – bitte geben Sie den Kurznamen (URL) des Plans an."),
    eingrenzen=gleich("slug", "name", "kurzname"),
)

BENUTZER_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: get_user_model().objects.all(),
    schluessel=(lambda u: u.get_username(),),
    export=lambda u: u.get_username(),
    unbekannt=_("„%(wert)s“ ist kein bekannter Benutzername."),
    eingrenzen=lambda text: gleich(get_user_model().USERNAME_FIELD)(text),
    hinweis=_("Der Benutzername."),
)

LEITBILDER_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: Leitbild.objects.all(),
    schluessel=(lambda leitbild: leitbild.name,),
    export=lambda leitbild: leitbild.name,
    unbekannt=_("„%(wert)s“ ist kein bekanntes Leitbild."),
    eingrenzen=gleich("name"),
)


def _beteiligungsformat_mit_datum(format_: Beteiligungsformat) -> str:
    return f"{format_.titel} ({format_.datum:%d.%m.%Y})"


def _beteiligungsformat_eingrenzen(text: str) -> Q:
    titel = text.rsplit("(", 1)[0] if text.rstrip().endswith(")") else text
    return gleich("titel")(text) | gleich("titel")(titel.strip())


# A participation event by its title, or by title and date as the admin lists it
# ("Kick-off-Workshop (12.03.2025)") where a title was used twice.
BETEILIGUNGSFORMATE_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: Beteiligungsformat.objects.all(),
    schluessel=(lambda b: b.titel, _beteiligungsformat_mit_datum),
    export=_beteiligungsformat_mit_datum,
    unbekannt=_("„%(wert)s“ ist kein bekanntes Beteiligungsformat."),
    mehrdeutig=_(
        "„%(wert)s“ ist mehrdeutig – bitte geben Sie Titel und Datum an, z. B. "
        "„Kick-off-Workshop (12.03.2025)“."
    ),
    eingrenzen=_beteiligungsformat_eingrenzen,
    hinweis=_("Der Titel, bei gleichen Titeln mit Datum: „Titel (TT.MM.JJJJ)“."),
)

_EBENE_RANG = {code: rang for rang, code in enumerate(Raum.Ebene.values)}


def _raum_reihenfolge(zeile: Zeile, kontext: Kontext) -> int:
    """Parents before their children, so that a file can bring a whole new tree."""
    try:
        code = RAEUME.spalte("ebene").lesen(zeile.zellen.get("ebene"), kontext)
    except ValidationError:  # an unreadable level is reported when the row is checked
        return len(_EBENE_RANG)
    return _EBENE_RANG.get(code, len(_EBENE_RANG))


class Umriss(Text):
    """An area's outline: GeoJSON in WGS84 (projected to EPSG:25832 and simplified) or the stored
    WKT as an export writes it (checked only); empty for none. The model's ``clean()`` checks the
    stored form again (aktionsplan.geometrie)."""

    def lesen(self, zelle, kontext):
        if zelle is not None and not isinstance(zelle, str):
            raise ValidationError(_("Der Umriss muss GeoJSON oder WKT sein."), code="geometrie")
        return umriss_lesen(super().lesen(zelle, kontext))


RAEUME = Datenart(
    modell=Raum,
    spalten=[
        Text("schluessel", _("Schlüssel"), aliase=("Gebietsschlüssel", "key")),
        Text("slug", _("Kurzname"), aliase=("Kurzname (URL)", "slug")),
        Text("name"),
        Bezug(
            "uebergeordnet",
            _("übergeordneter Raum"),
            verzeichnis=RAEUME_VERZEICHNIS,
            aliase=("Oberraum", "übergeordnet", "parent"),
        ),
        Auswahl("ebene", aliase=("level",)),
        Text(
            "amtlicher_schluessel",
            _("Amtlicher Gemeindeschlüssel"),
            aliase=("AGS", "amtlicher_schluessel"),
        ),
        Text("umriss_hinweis", _("Hinweis zum Umriss"), aliase=("umriss_hinweis",)),
        Umriss("geometrie", _("Umriss"), aliase=("geometry", "Geometrie")),
    ],
    schluessel=("slug",),
    reihenfolge=_raum_reihenfolge,
    geojson=True,
)
