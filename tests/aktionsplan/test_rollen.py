"""The three roles exist on every fresh database (data migration) with exactly their rights."""

import pytest
from django.contrib.auth.models import Group

from aktionsplan.rollen import (
    DATENPFLEGE,
    LESEN,
    REDAKTION,
    darf_bearbeiten,
    darf_lesen,
    ist_datenpflege,
    rollen_einrichten,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def rechte(rolle: str) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=rolle).permissions.select_related("content_type")
    }


def test_die_drei_rollen_existieren_nach_der_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= {LESEN, REDAKTION, DATENPFLEGE}


def test_lesen_darf_alles_sehen_aber_nichts_aendern():
    lesen = rechte(LESEN)
    assert {
        "projekte.view_projektskizze",
        "projekte.view_sachstand",
        "akteure.view_akteur",
        "akteure.view_ansprechperson",
        "monitoring.view_messwert",
        "aktionsplan.view_thema",
    } <= lesen
    assert all(recht.split(".")[1].startswith("view_") for recht in lesen)


def test_redaktion_bearbeitet_massnahmen_und_monitoring_aber_keine_stammdaten():
    redaktion = rechte(REDAKTION)
    assert rechte(LESEN) <= redaktion
    assert {
        "projekte.add_projektskizze",
        "projekte.change_projektskizze",
        "projekte.add_sachstand",
        "projekte.add_meilenstein",
        "projekte.change_projektbeteiligung",
        "monitoring.add_erkenntnis",
        "monitoring.change_messwert",
    } <= redaktion
    assert "aktionsplan.change_thema" not in redaktion
    assert "akteure.change_akteur" not in redaktion
    assert "monitoring.change_indikator" not in redaktion
    assert "auth.change_user" not in redaktion
    # The sign-language videos of the public pages are the Datenpflege's (issue 11).
    assert "oeffentlich.add_gebaerdenvideo" not in redaktion


def test_datenpflege_pflegt_stammdaten_benutzer_und_rollen():
    datenpflege = rechte(DATENPFLEGE)
    assert rechte(REDAKTION) <= datenpflege
    assert {
        "aktionsplan.change_thema",
        "aktionsplan.add_raum",
        "akteure.change_akteurstyp",
        "aktionsplan.change_unbrkartikel",
        "monitoring.add_indikator",
        "auth.add_user",
        "auth.change_group",
        "oeffentlich.add_gebaerdenvideo",
        "oeffentlich.change_gebaerdenvideo",
        "oeffentlich.delete_gebaerdenvideo",
    } <= datenpflege


def test_rollen_einrichten_ist_wiederholbar():
    from django.contrib.auth.models import Permission

    vorher = {rolle: rechte(rolle) for rolle in (LESEN, REDAKTION, DATENPFLEGE)}
    rollen_einrichten(Group=Group, Permission=Permission)
    assert {rolle: rechte(rolle) for rolle in vorher} == vorher
    assert Group.objects.filter(name__in=vorher).count() == 3


@pytest.mark.parametrize(
    ("rollen", "lesen", "bearbeiten", "datenpflege"),
    [
        ([], False, False, False),
        ([LESEN], True, False, False),
        ([REDAKTION], True, True, False),
        ([DATENPFLEGE], True, True, True),
    ],
)
def test_rollenpruefungen(rollen, lesen, bearbeiten, datenpflege):
    user = UserFactory(rollen=rollen)
    assert darf_lesen(user) is lesen
    assert darf_bearbeiten(user) is bearbeiten
    assert ist_datenpflege(user) is datenpflege


def test_deaktivierte_person_hat_keine_rolle():
    user = UserFactory(rollen=[DATENPFLEGE], is_active=False)
    assert not darf_lesen(user)
