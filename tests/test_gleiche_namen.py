"""Unique names as a reader sees them (QA 2026-11-30, M7): a no-break space or another Unicode
space, a doubled space, or a difference of case no longer gets a second "Münsterbusch" past the
unique checks, on every write path (``Versioniert.clean_fields``/``validate_unique``, run by
``full_clean``: the staff forms, the admin, the imports, the commands).

One instance per kind of unique check: a unique field (Zielgruppe, Akteur, Indikator), a unique
constraint over fields (an area's name within its parent), a conditional one (an area without a
parent); and the import, whose row error names the row.
"""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from aktionsplan.eingaben import einzeilig
from aktionsplan.models import Raum, Zielgruppe
from tests import factories as f
from tests.admin.test_admin_import import bestaetigen, datei, fehler, hochladen

pytestmark = pytest.mark.django_db

ZWILLINGE = [
    "münsterbusch",  # case
    "MÜNSTERBUSCH",
    "Münsterbusch\u00a0",  # a trailing no-break space: exactly the name once normalised
    "\u202fMünsterbusch",  # narrow no-break space in front
]


@pytest.mark.parametrize(
    ("text", "erwartet"),
    [
        ("Nr.\u00a05", "Nr. 5"),
        ("  Haus  der\u2009Begegnung\t", "Haus der Begegnung"),
        ("Zeile\neins", "Zeile eins"),
        ("\u3000Stadt\u202fteil\u3000", "Stadt teil"),
        ("ohne", "ohne"),
    ],
)
def test_einzeilig(text, erwartet):
    assert einzeilig(text) == erwartet


def test_gespeichert_mit_einfachen_leerzeichen():
    gruppe = Zielgruppe(name="Menschen\u00a0mit  Sehbehinderung ")
    gruppe.full_clean()
    gruppe.save()
    gruppe.refresh_from_db()
    assert gruppe.name == "Menschen mit Sehbehinderung"


@pytest.mark.parametrize("zwilling", ZWILLINGE)
def test_eindeutiges_feld_ohne_gross_klein(zwilling):
    Zielgruppe.objects.create(name="Münsterbusch")
    with pytest.raises(ValidationError) as fehler_:
        Zielgruppe(name=zwilling).full_clean()
    assert "name" in fehler_.value.message_dict
    assert Zielgruppe.objects.count() == 1


@pytest.mark.parametrize(
    "anlegen",
    [
        lambda name: f.AkteurFactory.build(name=name, typ=f.AkteurstypFactory()),
        lambda name: f.IndikatorFactory.build(name=name, datenquelle=f.DatenquelleFactory()),
    ],
    ids=["akteur", "indikator"],
)
def test_weitere_eindeutige_namen(anlegen):
    erster = anlegen("Lebenshilfe Stolberg")
    erster.full_clean()
    erster.save()
    zweiter = anlegen("lebenshilfe\u00a0stolberg")
    with pytest.raises(ValidationError) as fehler_:
        zweiter.full_clean()
    assert "name" in fehler_.value.message_dict
    assert type(erster).objects.count() == 1


@pytest.mark.parametrize("zwilling", ZWILLINGE)
def test_name_im_oberraum_ohne_gross_klein(zwilling):
    kommune = f.testkommune()
    f.RaumFactory(name="Münsterbusch", slug="muensterbusch", uebergeordnet=kommune)
    doppelt = Raum(
        name=zwilling, slug="zwilling", ebene=Raum.Ebene.SOZIALRAUM, uebergeordnet=kommune
    )
    with pytest.raises(ValidationError) as fehler_:
        doppelt.full_clean()
    assert fehler_.value.message_dict[NON_FIELD_ERRORS] == [
        "Im übergeordneten Raum gibt es schon einen Raum mit diesem Namen."
    ]
    # Under another parent the same name is fine (two Kommunen both have a "Mitte").
    andere = f.KommuneFactory(name="Eschweiler", slug="eschweiler")
    Raum(
        name=zwilling, slug="zwilling", ebene=Raum.Ebene.SOZIALRAUM, uebergeordnet=andere
    ).full_clean()


def test_name_ohne_oberraum_ohne_gross_klein():
    f.RaumFactory(
        name="StädteRegion Aachen", slug="region", ebene=Raum.Ebene.REGION, uebergeordnet=None
    )
    doppelt = Raum(name="Städteregion\u00a0aachen", slug="region-2", ebene=Raum.Ebene.REGION)
    with pytest.raises(ValidationError, match="schon einen Raum mit diesem Namen"):
        doppelt.full_clean()
    # A Sozialraum of that name inside a Kommune is no twin of the region.
    unten = Raum(
        name="Städteregion aachen",
        slug="unten",
        ebene=Raum.Ebene.SOZIALRAUM,
        uebergeordnet=f.testkommune(),
    )
    unten.full_clean()


def test_eigener_name_in_anderer_schreibweise_bleibt_erlaubt():
    """Renaming a row to its own name in other case is no conflict with itself."""
    gruppe = Zielgruppe.objects.create(name="Familien")
    gruppe.name = "FAMILIEN"
    gruppe.full_clean()


def test_import_zeilenfehler_bei_zwilling(datenpflege_client):
    kommune = f.testkommune()
    f.RaumFactory(name="Münsterbusch", slug="muensterbusch", uebergeordnet=kommune)
    kopf = ["Schlüssel", "Kurzname", "Name", "übergeordneter Raum", "Ebene", "AGS"]
    zeilen = [
        ["", "neu-gut", "Neu", "testkommune", "Sozialraum", ""],
        [
            "",
            "zwilling",
            "MÜNSTERBUSCH",
            "testkommune",
            "Sozialraum",
            "",
        ],
    ]
    vorschau = hochladen(datenpflege_client, Raum, datei(kopf, zeilen, "csv"), "csv")
    assert fehler(vorschau) == [
        "Zeile 3: Im übergeordneten Raum gibt es schon einen Raum mit diesem Namen."
    ]
    bestaetigen(datenpflege_client, Raum, vorschau)
    assert not Raum.objects.filter(slug__in=["neu-gut", "zwilling"]).exists()
