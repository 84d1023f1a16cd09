"""Kommunen as tenants of one installation (issue 12, point 1): who sees and writes what.

Two Kommunen, Stolberg and Eschweiler, each with a plan, a measure, a status report, a value, a
yearly report and a local actor; a regional actor and an indicator shared by both. An Eschweiler
editor sees and edits only Eschweiler's rows (Stolberg's pages answer 404, its rows are missing
from lists and exports, a write is refused), a reader for the whole region sees both, a person
without membership only the shared rows. An installation with one Kommune reads no membership.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from akteure.models import Akteur
from aktionsplan import bereich
from aktionsplan.models import Leitbild, Plan, Raum, Zustaendigkeit
from aktionsplan.querysets import bereichsschluessel
from aktionsplan.rollen import DATENPFLEGE, LESEN, REDAKTION
from aktionsplan.sperre import loeschen, speichern
from monitoring.models import Berichtsfassung, Erkenntnis, Messwert
from projekte.models import Projektskizze, Sachstand
from tests.factories import (
    AkteurFactory,
    BerichtsfassungFactory,
    DatenquelleFactory,
    ErkenntnisFactory,
    IndikatorFactory,
    KommuneFactory,
    MesswertFactory,
    PlanFactory,
    ProjektskizzeFactory,
    RaumFactory,
    SachstandFactory,
    UserFactory,
)

JAHR = 2025


def _kommune_mit_daten(name: str, indikator, jahr_bericht: int) -> dict:
    kommune = KommuneFactory(name=name, slug=name.lower())
    sozialraum = RaumFactory(
        name=f"{name}-Mitte", slug=f"{name.lower()}-mitte", uebergeordnet=kommune
    )
    plan = PlanFactory(
        name=f"Aktionsplan {name}", kurzname=name, slug=f"ap-{name.lower()}", kommune=kommune
    )
    projekt = ProjektskizzeFactory(plan=plan, titel=f"{name}-Maßnahme")
    sachstand = SachstandFactory(
        projekt=projekt, text=f"{name}-Sachstand", datum=datetime.date(2025, 6, 1)
    )
    messwert = MesswertFactory(indikator=indikator, raum=kommune, jahr=JAHR, wert=Decimal(40))
    bericht = BerichtsfassungFactory(
        jahr=jahr_bericht, kommune=kommune, einleitung=f"{name}-Bericht"
    )
    akteur = AkteurFactory(name=f"{name}-Verein", kommune=kommune)
    erkenntnis = ErkenntnisFactory(titel=f"{name}-Erkenntnis", kommune=kommune)
    return {
        "kommune": kommune,
        "sozialraum": sozialraum,
        "plan": plan,
        "projekt": projekt,
        "sachstand": sachstand,
        "messwert": messwert,
        "bericht": bericht,
        "akteur": akteur,
        "erkenntnis": erkenntnis,
    }


@pytest.fixture
def region(db):
    regional = AkteurFactory(name="Versorgungsamt", ebene=Akteur.Ebene.STAEDTEREGION)
    indikator = IndikatorFactory(
        name="Schwerbehindertenquote", datenquelle=DatenquelleFactory(akteur=regional)
    )
    stolberg = _kommune_mit_daten("Stolberg", indikator, 2024)
    eschweiler = _kommune_mit_daten("Eschweiler", indikator, 2025)
    return {
        "stolberg": stolberg,
        "eschweiler": eschweiler,
        "indikator": indikator,
        "regional": regional,
    }


@pytest.fixture
def eschweiler_redaktion(region):
    return UserFactory(
        username="esch", rollen=[REDAKTION], zustaendig=[region["eschweiler"]["kommune"]]
    )


@pytest.fixture
def region_lesen(region):
    return UserFactory(username="region", rollen=[LESEN])  # default: the whole region


@pytest.fixture
def ohne_zustaendigkeit(region):
    return UserFactory(username="ohne", rollen=[LESEN], zustaendig=[])


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Ownership -------------------------------------------------------------------------------


def test_raum_kennt_seine_kommune(db):
    region = RaumFactory(
        name="StädteRegion", slug="staedteregion", ebene=Raum.Ebene.REGION, uebergeordnet=None
    )
    kommune = KommuneFactory(uebergeordnet=region)
    andere = KommuneFactory(uebergeordnet=region)
    sozialraum = RaumFactory(uebergeordnet=kommune)
    viertel = RaumFactory(ebene=Raum.Ebene.VIERTEL, uebergeordnet=sozialraum)
    for raum in (region, kommune, sozialraum, viertel):
        raum.refresh_from_db()
    assert region.kommune_id is None
    assert kommune.kommune_id == kommune.pk
    assert sozialraum.kommune_id == kommune.pk
    assert viertel.kommune_id == kommune.pk
    # Moved to another Kommune: the Sozialraum and the Viertel below it follow.
    sozialraum.uebergeordnet = andere
    sozialraum.save()
    viertel.refresh_from_db()
    assert sozialraum.kommune_id == andere.pk
    assert viertel.kommune_id == andere.pk


def test_eine_kommune_fuellt_die_kommune_der_zeilen(db):
    kommune = KommuneFactory(name="Stolberg")
    leitbild = Leitbild.objects.create(name="Leitbild")
    erkenntnis = ErkenntnisFactory()
    lokal = AkteurFactory()
    regional = AkteurFactory(ebene=Akteur.Ebene.LAND)
    assert leitbild.kommune_id == kommune.pk
    assert erkenntnis.kommune_id == kommune.pk
    assert lokal.kommune_id == kommune.pk
    assert regional.kommune_id is None


def test_format_und_erkenntnis_folgen_ihrem_plan(region):
    from tests.factories import BeteiligungsformatFactory

    stolberg = region["stolberg"]
    format_ = BeteiligungsformatFactory(
        plan=stolberg["plan"], kommune=region["eschweiler"]["kommune"]
    )
    assert format_.kommune_id == stolberg["kommune"].pk
    erkenntnis = ErkenntnisFactory(beteiligungsformat=format_)
    assert erkenntnis.kommune_id == stolberg["kommune"].pk


# --- The rule ---------------------------------------------------------------------------------


def _titel(user) -> set[str]:
    return set(Projektskizze.objects.fuer(user).values_list("titel", flat=True))


def test_eschweiler_sieht_nur_eschweiler_und_geteiltes(region, eschweiler_redaktion):
    nutzer = eschweiler_redaktion
    assert _titel(nutzer) == {"Eschweiler-Maßnahme"}
    assert set(Sachstand.objects.fuer(nutzer).values_list("text", flat=True)) == {
        "Eschweiler-Sachstand"
    }
    assert set(Plan.objects.fuer(nutzer).values_list("kurzname", flat=True)) == {"Eschweiler"}
    assert list(Messwert.objects.fuer(nutzer)) == [region["eschweiler"]["messwert"]]
    assert list(Berichtsfassung.objects.fuer(nutzer)) == [region["eschweiler"]["bericht"]]
    assert list(Erkenntnis.objects.fuer(nutzer)) == [region["eschweiler"]["erkenntnis"]]
    assert set(Akteur.objects.fuer(nutzer).values_list("name", flat=True)) == {
        "Eschweiler-Verein",
        "Versorgungsamt",
    }
    raeume = set(Raum.objects.fuer(nutzer).values_list("name", flat=True))
    assert {"Eschweiler", "Eschweiler-Mitte"} <= raeume
    assert not raeume & {"Stolberg", "Stolberg-Mitte"}


def test_region_sieht_alles(region, region_lesen):
    assert _titel(region_lesen) == {"Stolberg-Maßnahme", "Eschweiler-Maßnahme"}
    assert Messwert.objects.fuer(region_lesen).count() == 2
    assert bereichsschluessel(region_lesen) == "alle"


def test_superuser_und_anonym_sehen_alles(region):
    chefin = UserFactory(username="chefin", is_superuser=True, zustaendig=[])
    assert _titel(chefin) == {"Stolberg-Maßnahme", "Eschweiler-Maßnahme"}
    assert _titel(AnonymousUser()) == {"Stolberg-Maßnahme", "Eschweiler-Maßnahme"}


def test_ohne_zustaendigkeit_nur_geteiltes(region, ohne_zustaendigkeit):
    assert _titel(ohne_zustaendigkeit) == set()
    assert set(Akteur.objects.fuer(ohne_zustaendigkeit).values_list("name", flat=True)) == {
        "Versorgungsamt"
    }
    assert bereichsschluessel(ohne_zustaendigkeit) == "k"


def test_zustaendigkeiten_einmal_je_anfrage(
    region, eschweiler_redaktion, django_assert_num_queries
):
    nutzer = eschweiler_redaktion
    with django_assert_num_queries(1):
        bereich.sichtbare_kommunen(nutzer)
        bereich.sichtbare_kommunen(nutzer)
        bereichsschluessel(nutzer)
    assert bereichsschluessel(nutzer) == f"k{region['eschweiler']['kommune'].pk}"


def test_eine_kommune_wie_bisher_ohne_abfrage(db, django_assert_num_queries):
    kommune = KommuneFactory(name="Stolberg")
    projekt = ProjektskizzeFactory(plan=PlanFactory(kommune=kommune))
    nutzer = UserFactory(rollen=[LESEN], zustaendig=[])  # no membership: as before the region
    with django_assert_num_queries(0):
        bereichsschluessel(nutzer)
        qs = Projektskizze.objects.fuer(nutzer)
    assert list(qs) == [projekt]
    assert bereichsschluessel(nutzer) == "alle"


# --- Pages ------------------------------------------------------------------------------------


def _inhalt(antwort) -> str:
    inhalt = b"".join(antwort.streaming_content) if antwort.streaming else antwort.content
    if "spreadsheetml" in antwort.get("Content-Type", ""):
        mappe = load_workbook(io.BytesIO(inhalt), read_only=True)
        return " ".join(
            str(zelle)
            for blatt in mappe.worksheets
            for zeile in blatt.iter_rows(values_only=True)
            for zelle in zeile
            if zelle is not None
        )
    return inhalt.decode("utf-8-sig", errors="replace")


def test_eschweiler_redaktion_bekommt_404_fuer_stolberg(region, eschweiler_redaktion):
    client = _client(eschweiler_redaktion)
    stolberg, eschweiler = region["stolberg"], region["eschweiler"]
    for name, objekt in (
        ("projekte:projekt_detail", "projekt"),
        ("projekte:projekt_bearbeiten", "projekt"),
        ("projekte:sachstand_neu", "projekt"),
        ("akteure:akteur_detail", "akteur"),
        ("monitoring:messwert_bearbeiten", "messwert"),
        ("monitoring:fassung_detail", "bericht"),
        ("monitoring:erkenntnis_detail", "erkenntnis"),
    ):
        fremd = reverse(name, kwargs={"pk": stolberg[objekt].pk})
        eigen = reverse(name, kwargs={"pk": eschweiler[objekt].pk})
        assert client.get(fremd).status_code == 404, fremd
        assert client.get(eigen).status_code == 200, eigen
    for slug_name, slug in (
        ("aktionsplan:plan_detail", stolberg["plan"].slug),
        ("aktionsplan:raum_detail", "stolberg-mitte"),
    ):
        assert client.get(reverse(slug_name, kwargs={"slug": slug})).status_code == 404


def test_listen_und_exporte_zeigen_nur_eschweiler(region, eschweiler_redaktion):
    client = _client(eschweiler_redaktion)
    for url in (
        reverse("projekte:projekt_liste"),
        reverse("projekte:projekt_export") + "?format=csv",
        reverse("projekte:projekt_export") + "?format=xlsx",
        reverse("monitoring:messwert_export") + "?format=csv",
        reverse("akteure:akteur_liste"),
        reverse("monitoring:erkenntnis_liste"),
        reverse("monitoring:indikator_detail", kwargs={"pk": region["indikator"].pk}),
    ):
        antwort = client.get(url)
        assert antwort.status_code == 200, url
        text = _inhalt(antwort)
        assert "Stolberg" not in text, url
    liste = _inhalt(client.get(reverse("projekte:projekt_liste")))
    assert "Eschweiler-Maßnahme" in liste


def test_region_liest_beide(region, region_lesen):
    client = _client(region_lesen)
    liste = _inhalt(client.get(reverse("projekte:projekt_liste")))
    assert "Eschweiler-Maßnahme" in liste
    assert "Stolberg-Maßnahme" in liste
    assert (
        client.get(
            reverse("projekte:projekt_detail", kwargs={"pk": region["stolberg"]["projekt"].pk})
        ).status_code
        == 200
    )


def test_admin_liste_und_aenderungsseite(region):
    pflege = UserFactory(
        username="pflege-esch",
        rollen=[DATENPFLEGE],
        is_staff=True,
        zustaendig=[region["eschweiler"]["kommune"]],
    )
    client = _client(pflege)
    liste = _inhalt(client.get(reverse("admin:projekte_projektskizze_changelist")))
    assert "Eschweiler-Maßnahme" in liste
    assert "Stolberg-Maßnahme" not in liste
    fremd = reverse("admin:projekte_projektskizze_change", args=[region["stolberg"]["projekt"].pk])
    assert client.get(fremd).status_code == 302  # Django's answer to a row it cannot find


# --- Writes -----------------------------------------------------------------------------------


def test_schreiben_in_fremder_kommune_wird_verweigert(region, eschweiler_redaktion):
    projekt = Projektskizze.objects.get(pk=region["stolberg"]["projekt"].pk)
    projekt.titel = "übernommen"
    with pytest.raises(PermissionDenied, match="nicht zu einer Kommune"):
        speichern(
            projekt,
            benutzer=eschweiler_redaktion,
            felder=["titel"],
            erwartete_version=projekt.version,
        )
    assert Projektskizze.objects.get(pk=projekt.pk).titel == "Stolberg-Maßnahme"
    # Moving an own measure into Stolberg's plan is refused too (after the save, rolled back).
    eigen = Projektskizze.objects.get(pk=region["eschweiler"]["projekt"].pk)
    eigen.plan = region["stolberg"]["plan"]
    with pytest.raises(PermissionDenied):
        speichern(
            eigen, benutzer=eschweiler_redaktion, felder=["plan"], erwartete_version=eigen.version
        )
    assert Projektskizze.objects.get(pk=eigen.pk).plan_id == region["eschweiler"]["plan"].pk
    with pytest.raises(PermissionDenied):
        loeschen(
            Messwert.objects.get(pk=region["stolberg"]["messwert"].pk),
            benutzer=eschweiler_redaktion,
        )
    assert Messwert.objects.filter(pk=region["stolberg"]["messwert"].pk).exists()


def test_neue_zeile_bekommt_die_kommune_der_person(region, eschweiler_redaktion):
    erkenntnis = Erkenntnis(titel="Neu", text="Gehört", quelle=Erkenntnis.Quelle.INTERVIEW)
    speichern(erkenntnis, benutzer=eschweiler_redaktion)
    assert erkenntnis.kommune_id == region["eschweiler"]["kommune"].pk
    assert erkenntnis in Erkenntnis.objects.fuer(eschweiler_redaktion)


def test_region_darf_ueberall_schreiben(region, region_lesen):
    projekt = Projektskizze.objects.get(pk=region["stolberg"]["projekt"].pk)
    projekt.titel = "Stolberg-Maßnahme (neu)"
    speichern(projekt, benutzer=region_lesen, felder=["titel"], erwartete_version=projekt.version)


# --- Memberships in the admin -----------------------------------------------------------------


def test_zustaendigkeit_im_personenformular(region):
    chefin = UserFactory(username="chefin", is_superuser=True, is_staff=True)
    person = UserFactory(username="neu", rollen=[LESEN], zustaendig=[])
    client = _client(chefin)
    url = reverse("admin:auth_user_change", args=[person.pk])
    seite = client.get(url)
    assert seite.status_code == 200
    assert "Zuständigkeiten" in seite.content.decode()
    assert not Zustaendigkeit.objects.filter(nutzer=person).exists()


def _formset(handelnder, person, **zeile):
    from django.forms import inlineformset_factory

    from aktionsplan.admin_konten import ZustaendigkeitForm, ZustaendigkeitFormSet

    klasse = inlineformset_factory(
        type(person),
        Zustaendigkeit,
        form=ZustaendigkeitForm,
        formset=ZustaendigkeitFormSet,
        extra=1,
    )
    klasse = type("F", (klasse,), {"handelnder": handelnder})
    daten = {"z-TOTAL_FORMS": "1", "z-INITIAL_FORMS": "0"}
    daten.update({f"z-0-{k}": v for k, v in zeile.items()})
    return klasse(daten, instance=person, prefix="z")


def test_zustaendigkeit_nur_im_eigenen_bereich_vergeben(region):
    eschweiler = region["eschweiler"]["kommune"]
    pflege = UserFactory(username="pflege", rollen=[DATENPFLEGE], zustaendig=[eschweiler])
    person = UserFactory(username="neu", rollen=[LESEN], zustaendig=[])
    assert _formset(pflege, person, kommune=str(eschweiler.pk)).is_valid()
    assert not _formset(pflege, person, kommune=str(region["stolberg"]["kommune"].pk)).is_valid()
    # The whole region is more than the Eschweiler steward holds.
    assert not _formset(pflege, person, ganze_region="on").is_valid()
    assert not _formset(pflege, person, kommune=str(eschweiler.pk), ganze_region="on").is_valid()
    chefin = UserFactory(username="chefin", is_superuser=True)
    formset = _formset(chefin, person, ganze_region="on")
    assert formset.is_valid(), formset.errors
    formset.save()
    assert Zustaendigkeit.objects.get(nutzer=person).kommune_id is None
    assert person.history.exists() or Zustaendigkeit.history.filter(nutzer_id=person.pk).exists()


def test_admin_fragt_die_kommune_erst_bei_mehreren(db):
    chefin = UserFactory(username="chefin", is_superuser=True, is_staff=True)
    client = _client(chefin)
    url = reverse("admin:akteure_akteur_add")
    KommuneFactory(name="Stolberg")
    assert 'name="kommune"' not in client.get(url).content.decode()
    KommuneFactory(name="Eschweiler")
    assert 'name="kommune"' in client.get(url).content.decode()


def test_oertlicher_akteur_braucht_bei_mehreren_kommunen_eine(region):
    from django.core.exceptions import ValidationError

    akteur = AkteurFactory.build(name="Neu", typ=region["regional"].typ)
    with pytest.raises(ValidationError) as fehler:
        akteur.full_clean()
    assert "kommune" in fehler.value.message_dict
    akteur.kommune = region["eschweiler"]["kommune"]
    akteur.full_clean()


def test_verlauf_einer_fremden_zeile_im_admin(region):
    pflege = UserFactory(
        username="pflege-esch",
        rollen=[DATENPFLEGE],
        is_staff=True,
        zustaendig=[region["eschweiler"]["kommune"]],
    )
    client = _client(pflege)
    for schluessel in ("stolberg", "eschweiler"):
        url = reverse(
            "admin:projekte_projektskizze_history", args=[region[schluessel]["projekt"].pk]
        )
        erwartet = 404 if schluessel == "stolberg" else 200
        assert client.get(url).status_code == erwartet, url


@pytest.mark.zurueckrollen
def test_zurueckgerollte_kommune_bleibt_nicht_im_zwischenspeicher(db):
    """A Kommune created in a transaction that is rolled back (a failed import) is not trusted
    afterwards: the next reader outside that transaction reads the Kommunen again."""
    from django.db import transaction

    kommune = KommuneFactory(name="Stolberg")

    def import_scheitert() -> None:
        with transaction.atomic():
            KommuneFactory(name="Eschweiler")
            assert bereich.mehrere_kommunen()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        import_scheitert()
    assert not bereich.mehrere_kommunen()
    assert bereich.einzige_kommune() == kommune.pk
    assert Leitbild.objects.create(name="Leitbild").kommune_id == kommune.pk


def test_geteilter_akteur_nennt_nur_eigene_raeume(region, eschweiler_redaktion):
    """A regional actor active in areas of both Kommunen names to an Eschweiler editor only
    Eschweiler's (QA 2026-11-30, F1: Stolberg's area names, linking to 404)."""
    regional = region["regional"]
    regional.raeume.add(region["stolberg"]["sozialraum"], region["eschweiler"]["sozialraum"])
    inhalt = _client(eschweiler_redaktion).get(regional.get_absolute_url()).content.decode()
    assert "Eschweiler-Mitte" in inhalt
    assert "Stolberg-Mitte" not in inhalt


def test_zwischengespeicherte_kommunen_eigene_zuerst(db):
    """The cached Kommunen follow the one rule of RaumQuerySet.kommunen_eigene_zuerst (official
    key first, then as created): Stolberg, created first, stays before Aachen, whose key
    (05334002) sorts before Stolberg's (05334032)."""
    stolberg = KommuneFactory(name="Stolberg", slug="stolberg", amtlicher_schluessel="05334032")
    aachen = KommuneFactory(name="Aachen", slug="aachen", amtlicher_schluessel="05334002")
    ohne = KommuneFactory(name="Ohne", slug="ohne")
    bereich.kommunen_auffrischen()
    erwartet = list(Raum.objects.kommunen_eigene_zuerst().values_list("pk", flat=True))
    assert erwartet == [stolberg.pk, aachen.pk, ohne.pk]
    assert list(bereich.kommunen_ids()) == erwartet
