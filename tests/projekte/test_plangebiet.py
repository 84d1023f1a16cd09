"""A measure lies in its plan's area (issue 10, point 4): the rule lives in
``Projektskizze.beziehungen_pruefen`` / ``Plan.beziehungen_pruefen`` and every write path —
services, staff form, admin (measure and plan), file import — refuses with the same sentence and
writes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aktionsplan import dateien, datenimport
from aktionsplan.models import Plan, Raum
from projekte import services
from projekte.datenarten import MASSNAHMEN
from projekte.models import Projektskizze
from tests.factories import PlanFactory, ProjektskizzeFactory, RaumFactory, ThemaFactory

pytestmark = pytest.mark.django_db

AUSSERHALB = "Außerhalb des Gebiets des Plans"


@pytest.fixture
def gebiet():
    """A plan for two Sozialräume (one with a Viertel) and an area outside it."""
    drin = RaumFactory(name="Münsterbusch", slug="muensterbusch")
    viertel = RaumFactory(
        name="Liester", slug="liester", ebene=Raum.Ebene.VIERTEL, uebergeordnet=drin
    )
    auch_drin = RaumFactory(name="Oberstolberg", slug="oberstolberg")
    draussen = RaumFactory(name="Vicht", slug="vicht")
    plan = PlanFactory(kurzname="IHKo", gesamtstaedtisch=False)
    plan.raeume.set([drin, auch_drin])
    return {"plan": plan, "drin": drin, "viertel": viertel, "draussen": draussen}


def _anlegen(plan, raeume, **daten):
    return services.projekt_anlegen(
        benutzer=None,
        daten={"plan": plan, "nummer": 1, "titel": "T", "hauptthema": ThemaFactory(), **daten},
        m2m={"raeume": raeume},
    )


def test_service_nimmt_raeume_im_gebiet_auch_darunter(gebiet):
    projekt = _anlegen(gebiet["plan"], [gebiet["drin"], gebiet["viertel"]])
    assert set(projekt.raeume.all()) == {gebiet["drin"], gebiet["viertel"]}


def test_service_lehnt_raum_ausserhalb_ab(gebiet):
    with pytest.raises(ValidationError) as fehler:
        _anlegen(gebiet["plan"], [gebiet["drin"], gebiet["draussen"]])
    text = " ".join(fehler.value.message_dict["raeume"])
    assert "„IHKo“ (Münsterbusch, Oberstolberg)" in text
    assert "liegt: Vicht." in text
    assert not Projektskizze.objects.exists()


def test_service_lehnt_gesamtstaedtische_massnahme_im_teilgebiet_ab(gebiet):
    with pytest.raises(ValidationError) as fehler:
        _anlegen(gebiet["plan"], [], gesamtstaedtisch=True)
    assert "eine gesamtstädtische Maßnahme liegt außerhalb" in str(fehler.value)
    assert not Projektskizze.objects.exists()


def test_gesamtstaedtischer_plan_nimmt_jeden_raum_seiner_kommune():
    plan = PlanFactory(gesamtstaedtisch=True)
    raum = RaumFactory()
    andere_kommune = RaumFactory(
        name="Eschweiler", slug="eschweiler", ebene=Raum.Ebene.KOMMUNE, uebergeordnet=None
    )
    fremd = RaumFactory(uebergeordnet=andere_kommune)
    _anlegen(plan, [raum], gesamtstaedtisch=True)
    with pytest.raises(ValidationError, match=AUSSERHALB):
        services.projekt_anlegen(
            benutzer=None,
            daten={"plan": plan, "nummer": 2, "titel": "T", "hauptthema": ThemaFactory()},
            m2m={"raeume": [fremd]},
        )


def test_planwechsel_wird_ebenso_geprueft(gebiet):
    projekt = ProjektskizzeFactory()
    projekt.raeume.add(gebiet["draussen"])
    projekt.plan = gebiet["plan"]
    with pytest.raises(ValidationError, match=AUSSERHALB):
        services.projekt_aendern(
            projekt=projekt,
            benutzer=None,
            erwartete_version=projekt.version,
            daten={"plan": gebiet["plan"]},
            m2m={},
        )
    assert Projektskizze.objects.get(pk=projekt.pk).plan_id != gebiet["plan"].pk


def _formular(projekt, **aenderungen) -> dict:
    daten = {
        "plan": projekt.plan_id,
        "nummer": projekt.nummer,
        "titel": projekt.titel,
        "hauptthema": projekt.hauptthema_id,
        "prioritaet": projekt.prioritaet,
        "geoeffnete_version": projekt.version,
    }
    daten.update(aenderungen)
    return daten


def test_mitarbeiterformular_zeigt_die_meldung_am_feld(redaktion_client, gebiet):
    projekt = ProjektskizzeFactory(plan=gebiet["plan"])
    antwort = redaktion_client.post(
        reverse("projekte:projekt_bearbeiten", args=[projekt.pk]),
        _formular(projekt, raeume=[gebiet["draussen"].pk]),
    )
    assert antwort.status_code == 200
    assert AUSSERHALB in " ".join(antwort.context["form"].errors["raeume"])
    assert not projekt.raeume.exists()
    # Inside: saved.
    antwort = redaktion_client.post(
        reverse("projekte:projekt_bearbeiten", args=[projekt.pk]),
        _formular(projekt, raeume=[gebiet["viertel"].pk]),
    )
    assert antwort.status_code == 302


def _admin_daten(projekt, **aenderungen) -> dict:
    daten = _formular(projekt, **aenderungen)
    for prefix in ("beteiligungen", "meilensteine", "sachstaende", "finanzierungen"):
        daten[f"{prefix}-TOTAL_FORMS"] = "0"
        daten[f"{prefix}-INITIAL_FORMS"] = "0"
    return daten


def test_admin_lehnt_massnahme_ausserhalb_ab(datenpflege_client, gebiet):
    projekt = ProjektskizzeFactory(plan=gebiet["plan"])
    url = reverse("admin:projekte_projektskizze_change", args=[projekt.pk])
    antwort = datenpflege_client.post(url, _admin_daten(projekt, raeume=[gebiet["draussen"].pk]))
    assert antwort.status_code == 200
    assert AUSSERHALB in antwort.content.decode()
    assert not projekt.raeume.exists()
    # The admin also refuses what the staff form refuses on themes (one rule for every path).
    antwort = datenpflege_client.post(
        url, _admin_daten(projekt, weitere_themen=[projekt.hauptthema_id])
    )
    assert "Das Hauptthema ist nicht zugleich ein weiteres Thema." in antwort.content.decode()


def test_admin_lehnt_verkleinerung_des_plangebiets_ab(datenpflege_client, gebiet):
    plan = gebiet["plan"]
    projekt = ProjektskizzeFactory(plan=plan, nummer=4)
    projekt.raeume.add(gebiet["viertel"])
    daten = {
        "name": plan.name,
        "kurzname": plan.kurzname,
        "slug": plan.slug,
        "art": plan.art,
        "kommune": plan.kommune_id,
        "beginn": "2018-01-01",
        "raeume": [Raum.objects.get(slug="oberstolberg").pk],
        "geoeffnete_version": plan.version,
        "fortschreibungen-TOTAL_FORMS": "0",
        "fortschreibungen-INITIAL_FORMS": "0",
    }
    antwort = datenpflege_client.post(
        reverse("admin:aktionsplan_plan_change", args=[plan.pk]), daten
    )
    assert antwort.status_code == 200
    assert "Maßnahmen dieses Plans liegen dann außerhalb seines Gebiets" in (
        antwort.content.decode()
    )
    assert "Liester" in antwort.content.decode()
    assert set(Plan.objects.get(pk=plan.pk).raeume.values_list("slug", flat=True)) == {
        "muensterbusch",
        "oberstolberg",
    }


def test_import_lehnt_massnahme_ausserhalb_ab(datenpflege_user, gebiet):
    projekt = ProjektskizzeFactory(plan=gebiet["plan"], titel="Aus der Datei")
    projekt.raeume.add(gebiet["drin"])
    inhalt = datenimport.exportieren(MASSNAHMEN, Projektskizze.objects.all(), format_="csv")
    text = inhalt.decode("utf-8-sig")
    assert "muensterbusch" in text or "Münsterbusch" in text
    text = text.replace("muensterbusch", "vicht").replace("Münsterbusch", "Vicht")
    tabelle = dateien.lesen(text.encode("utf-8-sig"), "massnahmen.csv")
    pruefung = datenimport.pruefen(MASSNAHMEN, tabelle, benutzer=datenpflege_user)
    assert not pruefung.fehlerfrei
    assert any(AUSSERHALB in f.text for f in pruefung.fehler), pruefung.fehler
    assert list(projekt.raeume.all()) == [gebiet["drin"]]
