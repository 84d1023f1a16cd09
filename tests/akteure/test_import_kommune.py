"""The actor import's column „Kommune“ in an installation with two Kommunen (issue 12, point 5).

A local actor names its Kommune by name or Amtlicher Gemeindeschlüssel; an empty cell means the
importing person's Kommune where that is unambiguous (a person of one Kommune); a person for the
whole region must name it. A person can only name a Kommune they are responsible for. Export and
re-import (German and English interface) change nothing.
"""

import pytest
from django.utils import translation

from akteure.datenarten import AKTEURE
from akteure.models import Akteur
from aktionsplan import dateien, datenimport
from aktionsplan.dateien import Tabelle
from aktionsplan.rollen import DATENPFLEGE, REDAKTION
from tests.factories import AkteurFactory, AkteurstypFactory, KommuneFactory, UserFactory

pytestmark = pytest.mark.django_db

KOPF = ["Name", "Typ", "Ebene", "Kommune"]


@pytest.fixture
def zwei_kommunen(db):
    stolberg = KommuneFactory(name="Stolberg", slug="stolberg", amtlicher_schluessel="05334032")
    eschweiler = KommuneFactory(
        name="Eschweiler", slug="eschweiler", amtlicher_schluessel="05334012"
    )
    typ = AkteurstypFactory(name="Verein")
    AkteurFactory(name="Stolberger Verein", typ=typ, kommune=stolberg)
    AkteurFactory(name="Eschweiler Verein", typ=typ, kommune=eschweiler)
    AkteurFactory(name="Versorgungsamt", typ=typ, ebene=Akteur.Ebene.STAEDTEREGION)
    return {
        "stolberg": stolberg,
        "eschweiler": eschweiler,
        "esch": UserFactory(username="esch", rollen=[REDAKTION], zustaendig=[eschweiler]),
        "region": UserFactory(username="region", rollen=[DATENPFLEGE]),  # whole region
    }


def _import(zeilen: list[list], benutzer) -> datenimport.Pruefung:
    """Check and take over a file of actors as ``benutzer``; the check's result when it fails."""
    tabelle = Tabelle(kopf=KOPF, zeilen=[(n, z) for n, z in enumerate(zeilen, start=2)])
    pruefung = datenimport.pruefen(AKTEURE, tabelle, benutzer=benutzer)
    if not pruefung.fehlerfrei:
        return pruefung
    return datenimport.uebernehmen(
        AKTEURE, tabelle, benutzer=benutzer, fingerabdruck=pruefung.fingerabdruck
    )


def _fehler(pruefung) -> str:
    return " ".join(str(f) for f in pruefung.fehler)


def test_leere_kommune_wird_die_einzige_der_person(zwei_kommunen):
    pruefung = _import([["Neuer Verein", "Verein", "kommunal", ""]], zwei_kommunen["esch"])
    assert pruefung.gespeichert, _fehler(pruefung)
    assert Akteur.objects.get(name="Neuer Verein").kommune == zwei_kommunen["eschweiler"]


def test_ohne_spalte_kommune_ebenso(zwei_kommunen):
    tabelle = Tabelle(kopf=KOPF[:3], zeilen=[(2, ["Ohne Spalte", "Verein", "kommunal"])])
    pruefung = datenimport.pruefen(AKTEURE, tabelle, benutzer=zwei_kommunen["esch"])
    assert pruefung.fehlerfrei, _fehler(pruefung)
    datenimport.uebernehmen(
        AKTEURE, tabelle, benutzer=zwei_kommunen["esch"], fingerabdruck=pruefung.fingerabdruck
    )
    assert Akteur.objects.get(name="Ohne Spalte").kommune == zwei_kommunen["eschweiler"]


def test_ganze_region_muss_die_kommune_nennen(zwei_kommunen):
    pruefung = _import([["Neuer Verein", "Verein", "kommunal", ""]], zwei_kommunen["region"])
    assert not pruefung.fehlerfrei
    assert "Bitte wählen Sie die Kommune dieses örtlichen Akteurs." in _fehler(pruefung)
    assert not Akteur.objects.filter(name="Neuer Verein").exists()


def test_kommune_nach_name_oder_gemeindeschluessel(zwei_kommunen):
    pruefung = _import(
        [
            ["Verein A", "Verein", "kommunal", "Eschweiler"],
            ["Verein B", "Verein", "kommunal", "05334032"],
        ],
        zwei_kommunen["region"],
    )
    assert pruefung.gespeichert, _fehler(pruefung)
    assert Akteur.objects.get(name="Verein A").kommune == zwei_kommunen["eschweiler"]
    assert Akteur.objects.get(name="Verein B").kommune == zwei_kommunen["stolberg"]


def test_nur_eigene_kommunen(zwei_kommunen):
    pruefung = _import([["Fremd", "Verein", "kommunal", "Stolberg"]], zwei_kommunen["esch"])
    assert not pruefung.fehlerfrei
    assert "„Stolberg“ ist keine Kommune, für die Sie zuständig sind." in _fehler(pruefung)
    assert not Akteur.objects.filter(name="Fremd").exists()


def test_regionaler_akteur_bleibt_geteilt(zwei_kommunen):
    """An empty cell gives no Kommune to a regional actor: it stays shared."""
    pruefung = _import([["Versorgungsamt", "Verein", "StädteRegion", ""]], zwei_kommunen["esch"])
    assert pruefung.fehlerfrei, _fehler(pruefung)
    assert pruefung.anzahl("unveraendert") == 1
    assert Akteur.objects.get(name="Versorgungsamt").kommune is None


@pytest.mark.parametrize("wer", ["esch", "region"])
def test_export_und_reimport_aendern_nichts(zwei_kommunen, wer):
    benutzer = zwei_kommunen[wer]
    queryset = AKTEURE.abfrage(nutzer=benutzer)
    anzahl = queryset.count()
    assert anzahl == (2 if wer == "esch" else 3)
    for sprache in ("de", "en"):
        with translation.override(sprache):
            inhalt = datenimport.exportieren(AKTEURE, queryset, format_="csv")
            tabelle = dateien.lesen(inhalt, "export.csv")
            assert "Kommune" in tabelle.kopf
            pruefung = datenimport.pruefen(AKTEURE, tabelle, benutzer=benutzer)
            assert pruefung.fehlerfrei, _fehler(pruefung)
            assert pruefung.anzahl("unveraendert") == anzahl
    namen = {z[1][0]: z[1][tabelle.kopf.index("Kommune")] for z in tabelle.zeilen}
    assert namen["Eschweiler Verein"] == "Eschweiler"
    assert namen["Versorgungsamt"] in ("", None)


@pytest.mark.parametrize("name", ["Eschweiler Verein", "Versorgungsamt"])
def test_leerer_pflichtbezug_bei_bestehender_zeile_ist_zeilenfehler(zwei_kommunen, name):
    """An empty required relation (the type) of an existing row is the same row error as for a
    new row, not a server error (QA 2026-11-30, F6: ``Akteur has no typ``)."""
    pruefung = _import([[name, "", "kommunal", ""]], zwei_kommunen["region"])
    assert not pruefung.fehlerfrei
    assert "Typ" in _fehler(pruefung)
    assert Akteur.objects.get(name=name).typ.name == "Verein"


def test_regionaler_akteur_einer_kommunenperson_abgelehnt(zwei_kommunen):
    """A person of one Kommune cannot create a regional actor through the import: the row is
    refused with the rule for shared rows, not stored as her Kommune's (QA 2026-11-30, F8)."""
    pruefung = _import([["QA Regional", "Verein", "StädteRegion", ""]], zwei_kommunen["esch"])
    assert not pruefung.fehlerfrei
    assert "ganze Region" in _fehler(pruefung)
    assert not Akteur.objects.filter(name="QA Regional").exists()
