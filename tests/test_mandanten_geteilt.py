"""What the region shares, and what one Kommune's staff may do with it (issue 12; QA 2026-11-30).

Rows shared by the region (indicators, target groups, UN-BRK articles, actor types, assessment
scales) carry links to the Kommunen's rows: a shared indicator's page lists only the reader's
measures and themes (M1); one Kommune's Datenpflege cannot change or delete a shared row, whose
delete page would list and touch other Kommunen's measures (M2), nor create a Kommune that would
vanish from her view (L1); the background tasks of another Kommune's people stay hidden (M3).
"""

# ruff: noqa: F811  (the fixtures of tests/test_mandanten.py, imported by name)

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from aktionsplan.models import Leitbild, Raum, Thema, Zielgruppe
from aktionsplan.rollen import DATENPFLEGE
from aktionsplan.sperre import loeschen, speichern
from aufgaben.models import Aufgabe
from tests.factories import AufgabeFactory, UserFactory
from tests.test_mandanten import (  # noqa: F401 (fixtures)
    _client,
    eschweiler_redaktion,
    region,
    region_lesen,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def eschweiler_datenpflege(region):
    return UserFactory(
        username="esch-dp", rollen=[DATENPFLEGE], zustaendig=[region["eschweiler"]["kommune"]]
    )


@pytest.fixture
def region_datenpflege(region):
    return UserFactory(username="region-dp", rollen=[DATENPFLEGE])  # the whole region


def _thema(kommune, name: str) -> Thema:
    leitbild = Leitbild.objects.create(name=f"Leitbild {name}", kommune=kommune)
    return Thema.objects.create(leitbild=leitbild, name=name, slug=name.lower(), reihenfolge=1)


@pytest.fixture
def verknuepft(region):
    """The shared indicator linked to a measure and a theme of each Kommune."""
    indikator = region["indikator"]
    for name in ("stolberg", "eschweiler"):
        daten = region[name]
        indikator.projekte.add(daten["projekt"])
        indikator.themen.add(_thema(daten["kommune"], f"{name.title()}-Thema"))
    return indikator


@pytest.mark.parametrize(
    "seite", ["monitoring:indikator_detail", "monitoring:indikator_steckbrief"]
)
def test_geteilter_indikator_zeigt_nur_eigene_massnahmen_und_themen(
    verknuepft, eschweiler_redaktion, region_lesen, seite
):
    adresse = reverse(seite, kwargs={"pk": verknuepft.pk})
    inhalt = _client(eschweiler_redaktion).get(adresse).content.decode()
    assert "Eschweiler-Thema" in inhalt
    assert "Stolberg-Thema" not in inhalt
    if seite == "monitoring:indikator_detail":
        assert "Eschweiler-Maßnahme" in inhalt
        assert "Stolberg-Maßnahme" not in inhalt
    beide = _client(region_lesen).get(adresse).content.decode()
    assert "Stolberg-Thema" in beide
    assert "Eschweiler-Thema" in beide


def test_indikatorliste_zeigt_nur_eigene_themen(verknuepft, eschweiler_redaktion):
    inhalt = _client(eschweiler_redaktion).get(reverse("monitoring:indikator_liste")).content
    assert "Eschweiler-Thema" in inhalt.decode()
    assert "Stolberg-Thema" not in inhalt.decode()


def test_geteilte_zeilen_schreibt_nur_die_region(
    region, eschweiler_datenpflege, region_datenpflege
):
    zielgruppe = Zielgruppe.objects.create(name="Fachkräfte")
    region["stolberg"]["projekt"].zielgruppen.add(zielgruppe)
    zielgruppe.name = "Fachkräfte (geändert)"
    with pytest.raises(PermissionDenied):
        speichern(zielgruppe, benutzer=eschweiler_datenpflege)
    with pytest.raises(PermissionDenied):
        loeschen(zielgruppe, benutzer=eschweiler_datenpflege)
    with pytest.raises(PermissionDenied):
        speichern(Zielgruppe(name="Neu"), benutzer=eschweiler_datenpflege)
    indikator = region["indikator"]
    indikator.name = "Umbenannt"
    with pytest.raises(PermissionDenied):
        speichern(indikator, benutzer=eschweiler_datenpflege)
    # The region's Datenpflege may.
    speichern(zielgruppe, benutzer=region_datenpflege)
    assert Zielgruppe.objects.get(pk=zielgruppe.pk).name == "Fachkräfte (geändert)"


def test_admin_geteilte_zeilen_nur_lesbar_fuer_eine_kommune(
    region, eschweiler_datenpflege, region_datenpflege
):
    zielgruppe = Zielgruppe.objects.create(name="Fachkräfte")
    region["stolberg"]["projekt"].zielgruppen.add(zielgruppe)
    esch = _client(eschweiler_datenpflege)
    loeschseite = reverse("admin:aktionsplan_zielgruppe_delete", args=[zielgruppe.pk])
    antwort = esch.get(loeschseite)
    assert antwort.status_code == 403
    assert "Stolberg-Maßnahme" not in antwort.content.decode()
    assert esch.post(loeschseite, {"post": "yes"}).status_code == 403
    assert Zielgruppe.objects.filter(pk=zielgruppe.pk).exists()
    assert esch.get(reverse("admin:aktionsplan_zielgruppe_add")).status_code == 403
    aendern = esch.get(reverse("admin:aktionsplan_zielgruppe_change", args=[zielgruppe.pk]))
    assert aendern.status_code == 200  # read-only view
    assert 'name="name"' not in aendern.content.decode()
    region_client = _client(region_datenpflege)
    assert region_client.get(loeschseite).status_code == 200


def test_neue_kommune_nur_fuer_die_region(region, eschweiler_datenpflege, region_datenpflege):
    neu = Raum(name="Würselen", slug="wuerselen", ebene=Raum.Ebene.KOMMUNE)
    with pytest.raises(PermissionDenied):
        speichern(neu, benutzer=eschweiler_datenpflege)
    assert not Raum.objects.filter(slug="wuerselen").exists()
    # A Sozialraum in her own Kommune is hers to create.
    sozialraum = Raum(
        name="Eschweiler-Ost",
        slug="eschweiler-ost",
        ebene=Raum.Ebene.SOZIALRAUM,
        uebergeordnet=region["eschweiler"]["kommune"],
    )
    speichern(sozialraum, benutzer=eschweiler_datenpflege)
    speichern(neu, benutzer=region_datenpflege)
    assert Raum.objects.filter(slug="wuerselen").exists()


def test_aufgaben_anderer_kommunen_bleiben_verborgen(
    region, eschweiler_datenpflege, region_datenpflege
):
    from tests.factories import UserFactory as Person

    stolberg_person = Person(username="stb", zustaendig=[region["stolberg"]["kommune"]])
    esch_person = Person(username="esw", zustaendig=[region["eschweiler"]["kommune"]])
    stolberg_aufgabe = AufgabeFactory(gestartet_von=stolberg_person, titel="Stolberger Import")
    esch_aufgabe = AufgabeFactory(gestartet_von=esch_person, titel="Eschweiler Import")
    eigene = AufgabeFactory(gestartet_von=eschweiler_datenpflege, titel="Eigener Export")
    assert set(Aufgabe.objects.fuer(eschweiler_datenpflege)) == {esch_aufgabe, eigene}
    assert set(Aufgabe.objects.fuer(region_datenpflege)) >= {stolberg_aufgabe, esch_aufgabe}
    esch = _client(eschweiler_datenpflege)
    liste = esch.get(reverse("aufgaben:liste")).content.decode()
    assert "Eschweiler Import" in liste
    assert "Stolberger Import" not in liste
    assert esch.get(stolberg_aufgabe.get_absolute_url()).status_code == 404


def test_personen_anderer_kommunen_werden_nicht_angeboten(region, eschweiler_redaktion):
    stolberg_person = UserFactory(
        username="stb-person",
        first_name="Stefanie",
        last_name="Stolbergerin",
        zustaendig=[region["stolberg"]["kommune"]],
    )
    esch_person = UserFactory(
        username="esw-person",
        first_name="Erik",
        last_name="Eschweiler",
        zustaendig=[region["eschweiler"]["kommune"]],
    )
    projekt = region["stolberg"]["projekt"]
    projekt.verantwortlich = stolberg_person
    projekt.save()
    esch = _client(eschweiler_redaktion)
    formular = esch.get(reverse("projekte:projekt_neu")).content.decode()
    assert "Stolbergerin" not in formular
    assert "Erik" in formular
    # Choosing her anyway is refused like any choice outside the list.
    liste = esch.get(
        reverse("projekte:projekt_liste"), {"verantwortlich_suche": "Stolbergerin"}
    ).content.decode()
    assert "Stefanie" not in liste  # the search term is echoed, the person is not offered
    assert esch_person.pk != stolberg_person.pk


def test_datenquelle_einer_anderen_kommune_bleibt_ungenannt(region, eschweiler_redaktion):
    """A shared indicator whose source is one Kommune's local actor (QA 2026-11-30, L3)."""
    from tests.factories import DatenquelleFactory

    indikator = region["indikator"]
    quelle = DatenquelleFactory(
        name="Stolberger Sozialstatistik", akteur=region["stolberg"]["akteur"]
    )
    indikator.datenquelle = quelle
    indikator.save()
    esch = _client(eschweiler_redaktion)
    for seite in ("monitoring:indikator_detail", "monitoring:indikator_steckbrief"):
        inhalt = esch.get(reverse(seite, kwargs={"pk": indikator.pk})).content.decode()
        assert "Stolberg-Verein" not in inhalt, seite
        assert "Stolberger Sozialstatistik" not in inhalt, seite
        assert "Datenquelle einer anderen Kommune" in inhalt, seite


def test_datenquelle_einer_anderen_kommune_oeffentlich_ungenannt(region):
    """The same on the public indicator page: under Eschweiler's prefix Stolberg's source is
    not named, under Stolberg's it is (QA 2026-11-30, F3)."""
    from django.test import Client

    from tests.factories import DatenquelleFactory

    indikator = region["indikator"]
    indikator.datenquelle = DatenquelleFactory(
        name="Stolberger Sozialstatistik", akteur=region["stolberg"]["akteur"]
    )
    indikator.oeffentlich = True
    indikator.save()
    besucher = Client()
    esch = besucher.get(f"/oeffentlich/eschweiler/indikatoren/{indikator.pk}/")
    assert esch.status_code == 200
    assert "Stolberger Sozialstatistik" not in esch.content.decode()
    assert "Datenquelle einer anderen Kommune" in esch.content.decode()
    stolberg = besucher.get(f"/oeffentlich/stolberg/indikatoren/{indikator.pk}/")
    assert "Stolberger Sozialstatistik" in stolberg.content.decode()
