"""Every rule that must hold is a database constraint: bad rows are rejected by the database itself,
even when application code (bulk_create, update(), an import) skips model validation."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from aktionsplan.models import Beteiligungsformat, Fortschreibung, Plan, Raum
from monitoring.models import Indikator, Messwert
from projekte.models import Finanzierung, Projektbeteiligung, Projektskizze, Sachstand
from tests.factories import (
    AkteurFactory,
    BeteiligungsformatFactory,
    FinanzierungFactory,
    FortschreibungFactory,
    IndikatorFactory,
    KommuneFactory,
    MesswertFactory,
    PlanFactory,
    ProjektbeteiligungFactory,
    ProjektskizzeFactory,
    RaumFactory,
    SachstandFactory,
)

pytestmark = pytest.mark.django_db


def abgelehnt(func) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        func()


def test_projektnummer_ist_je_plan_eindeutig():
    projekt = ProjektskizzeFactory(nummer=7)
    abgelehnt(lambda: ProjektskizzeFactory(plan=projekt.plan, nummer=7))
    # The same number in another plan is fine.
    assert ProjektskizzeFactory(nummer=7).pk


def test_projekt_ende_nicht_vor_beginn():
    projekt = ProjektskizzeFactory()
    abgelehnt(
        lambda: Projektskizze.objects.filter(pk=projekt.pk).update(
            beginn=datetime.date(2025, 1, 1), ende=datetime.date(2024, 12, 31)
        )
    )


def test_projekt_kosten_nicht_negativ():
    projekt = ProjektskizzeFactory()
    abgelehnt(lambda: Projektskizze.objects.filter(pk=projekt.pk).update(kosten=Decimal("-1")))


def test_projekt_prioritaet_nur_aus_der_auswahl():
    projekt = ProjektskizzeFactory()
    abgelehnt(lambda: Projektskizze.objects.filter(pk=projekt.pk).update(prioritaet="dringend"))


@pytest.mark.parametrize("fortschritt", [101, 250])
def test_fortschritt_hoechstens_100(fortschritt):
    sachstand = SachstandFactory()
    abgelehnt(lambda: Sachstand.objects.filter(pk=sachstand.pk).update(fortschritt=fortschritt))


@pytest.mark.parametrize(("feld", "wert"), [("status", "fertig"), ("ampel", "blau")])
def test_sachstand_status_und_ampel_nur_aus_der_auswahl(feld, wert):
    sachstand = SachstandFactory()
    abgelehnt(lambda: Sachstand.objects.filter(pk=sachstand.pk).update(**{feld: wert}))


def test_plan_ende_nicht_vor_beginn_und_art_gueltig():
    plan = PlanFactory()
    abgelehnt(lambda: Plan.objects.filter(pk=plan.pk).update(ende=datetime.date(2000, 1, 1)))
    abgelehnt(lambda: Plan.objects.filter(pk=plan.pk).update(art="haushalt"))


def test_fortschreibung_version_je_plan_eindeutig():
    fortschreibung = FortschreibungFactory(nummer=2)
    abgelehnt(lambda: Fortschreibung.objects.create(plan=fortschreibung.plan, nummer=2))


def test_finanzierung_betrag_nicht_negativ_und_status_gueltig():
    finanzierung = FinanzierungFactory()
    abgelehnt(
        lambda: Finanzierung.objects.filter(pk=finanzierung.pk).update(betrag=Decimal("-0.01"))
    )
    abgelehnt(lambda: Finanzierung.objects.filter(pk=finanzierung.pk).update(status="vielleicht"))
    abgelehnt(
        lambda: Finanzierung.objects.filter(pk=finanzierung.pk).update(
            beantragt_am=datetime.date(2025, 5, 1), entschieden_am=datetime.date(2025, 4, 1)
        )
    )


def test_ein_akteur_einmal_und_nur_ein_federfuehrender_je_projekt():
    beteiligung = ProjektbeteiligungFactory(rolle=Projektbeteiligung.Rolle.FEDERFUEHREND)
    projekt = beteiligung.projekt
    abgelehnt(
        lambda: ProjektbeteiligungFactory(
            projekt=projekt, akteur=beteiligung.akteur, rolle=Projektbeteiligung.Rolle.PARTNER
        )
    )
    abgelehnt(
        lambda: ProjektbeteiligungFactory(
            projekt=projekt, akteur=AkteurFactory(), rolle=Projektbeteiligung.Rolle.FEDERFUEHREND
        )
    )
    assert ProjektbeteiligungFactory(projekt=projekt, rolle=Projektbeteiligung.Rolle.PARTNER).pk


def test_ein_messwert_je_indikator_jahr_und_raum():
    messwert = MesswertFactory()
    abgelehnt(
        lambda: Messwert.objects.create(
            indikator=messwert.indikator, jahr=messwert.jahr, raum=messwert.raum, wert=1
        )
    )
    # Another year or area is a different value.
    assert MesswertFactory(indikator=messwert.indikator, raum=messwert.raum, jahr=2024).pk


def test_messwert_jahr_plausibel():
    messwert = MesswertFactory()
    abgelehnt(lambda: Messwert.objects.filter(pk=messwert.pk).update(jahr=1800))


def test_indikator_regeln():
    indikator = IndikatorFactory()
    abgelehnt(lambda: Indikator.objects.filter(pk=indikator.pk).update(mindestfallzahl=0))
    abgelehnt(lambda: Indikator.objects.filter(pk=indikator.pk).update(richtung="egal"))
    abgelehnt(
        lambda: Indikator.objects.filter(pk=indikator.pk).update(basisjahr=2024, zieljahr=2020)
    )


def test_raum_ebene_und_baum():
    kommune = KommuneFactory()
    abgelehnt(lambda: Raum.objects.create(name="X", slug="x", ebene="stadtteil"))
    # A Sozialraum needs a parent area.
    abgelehnt(lambda: Raum.objects.create(name="Ohne", slug="ohne", ebene="sozialraum"))
    sozialraum = RaumFactory(uebergeordnet=kommune, name="Atsch")
    abgelehnt(lambda: RaumFactory(uebergeordnet=kommune, name="Atsch"))
    abgelehnt(lambda: Raum.objects.filter(pk=sozialraum.pk).update(uebergeordnet=sozialraum.pk))


def test_raum_clean_prueft_die_ebene_unter_dem_oberraum():
    from django.core.exceptions import ValidationError

    kommune = KommuneFactory()
    viertel_direkt_unter_kommune = Raum(
        name="Velau", slug="velau", ebene=Raum.Ebene.VIERTEL, uebergeordnet=kommune
    )
    with pytest.raises(ValidationError) as fehler:
        viertel_direkt_unter_kommune.full_clean()
    assert "ebene" in fehler.value.message_dict


def test_beteiligungsformat_mit_behinderung_hoechstens_alle_teilnehmenden():
    format_ = BeteiligungsformatFactory(teilnehmende=10, teilnehmende_mit_behinderung=3)
    abgelehnt(
        lambda: Beteiligungsformat.objects.filter(pk=format_.pk).update(
            teilnehmende_mit_behinderung=11
        )
    )
    abgelehnt(
        lambda: Beteiligungsformat.objects.filter(pk=format_.pk).update(
            teilnehmende=None, teilnehmende_mit_behinderung=2
        )
    )


def test_eigene_kommune_ist_die_mit_amtlichem_schluessel():
    region = Raum.objects.create(name="StädteRegion", slug="region", ebene="region")
    andere = KommuneFactory(name="Alsdorf", slug="alsdorf", uebergeordnet=region)
    stolberg = KommuneFactory(name="Stolberg", slug="stolberg", uebergeordnet=region)
    # Without an official key: the Kommune created first.
    assert Raum.objects.eigene_kommune() == andere
    stolberg.amtlicher_schluessel = "05334032"
    stolberg.save()
    assert Raum.objects.eigene_kommune() == stolberg
    # A region's Kommunen with lower keys, loaded later, do not displace it (Aachen 05334002).
    aachen = KommuneFactory(name="Aachen", slug="aachen", uebergeordnet=region)
    aachen.amtlicher_schluessel = "05334002"
    aachen.save()
    assert Raum.objects.eigene_kommune() == stolberg
