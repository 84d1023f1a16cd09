"""`manage.py demo --region`: the StädteRegion Aachen with 10 Kommunen, Eschweiler's plan and the
region's logins; idempotent, and `demo` after it leaves the region as it is (issue 12, point 5)."""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Sum
from django.test import Client, TestCase
from django.urls import reverse

from aktionsplan import bereich
from aktionsplan.models import Leitbild, Plan, Raum, Thema, Zustaendigkeit
from aktionsplan.rollen import LESEN, REDAKTION
from konfiguration.demo.benutzer import DEMO_PASSWORT
from konfiguration.demo.region import einwohner_verteilen, kennungen_lesen, region_raeume_laden
from monitoring.models import Indikator, Messwert
from projekte.models import Projektskizze

from .test_demo import schnappschuss

pytestmark = pytest.mark.django_db

# Amtlicher Gemeindeschlüssel → Sozialräume (konfiguration/demo/daten, sources S1/S2, S11/S12).
AGS_SOZIALRAEUME = {
    "05334002": 14,  # Aachen
    "05334004": 14,  # Alsdorf
    "05334008": 7,  # Baesweiler
    "05334012": 15,  # Eschweiler
    "05334016": 11,  # Herzogenrath
    "05334020": 2,  # Monschau
    "05334024": 2,  # Roetgen
    "05334028": 3,  # Simmerath
    "05334032": 17,  # Stolberg
    "05334036": 8,  # Würselen
}


def demo(*args, **kwargs) -> str:
    ausgabe = StringIO()
    call_command("demo", *args, stdout=ausgabe, **kwargs)
    return ausgabe.getvalue()


def kommunen_der(username: str) -> set:
    user = get_user_model().objects.get(username=username)
    return set(Zustaendigkeit.objects.filter(nutzer=user).values_list("kommune__slug", flat=True))


def angemeldet(username: str) -> Client:
    user = get_user_model().objects.get(username=username)
    assert user.check_password(DEMO_PASSWORT)
    client = Client()
    client.force_login(user)
    return client


def test_kennungen_der_quelle_ausgeschrieben():
    assert kennungen_lesen("A 1a, A 1b, A 3 … A 5, A 11b") == [
        "A 1a",
        "A 1b",
        "A 3",
        "A 4",
        "A 5",
        "A 11b",
    ]
    with pytest.raises(ValueError, match="nicht lesbar"):
        kennungen_lesen("A1 bis A3")


def test_einwohner_verteilt_ohne_rest():
    teile = einwohner_verteilen(57093, 15)
    assert sum(teile) == 57093
    assert len(set(teile)) > 1  # the Sozialräume differ


class TestRegionGeladen(TestCase):
    """Read-only checks on one load of `demo --region` (loaded once, each test in a savepoint)."""

    @classmethod
    def setUpTestData(cls):
        cls.ausgabe = demo("--region", erzwingen=True)
        cls.eschweiler = Raum.objects.get(slug="eschweiler")
        cls.stolberg = Raum.objects.get(slug="stolberg")

    def setUp(self):
        # The test's fixture emptied the cache of Kommunen (tests/conftest.py); these are real.
        bereich.kommunen_auffrischen()

    def test_zehn_kommunen_mit_ags_und_93_sozialraeume(self):
        region = Raum.objects.get(ebene=Raum.Ebene.REGION)
        assert region.name == "StädteRegion Aachen"
        kommunen = Raum.objects.filter(ebene=Raum.Ebene.KOMMUNE)
        assert {k.amtlicher_schluessel for k in kommunen} == set(AGS_SOZIALRAEUME)
        assert {k.uebergeordnet_id for k in kommunen} == {region.pk}
        assert Raum.objects.filter(ebene=Raum.Ebene.SOZIALRAUM).count() == 93
        for kommune in kommunen:
            anzahl = Raum.objects.filter(ebene=Raum.Ebene.SOZIALRAUM, uebergeordnet=kommune).count()
            assert anzahl == AGS_SOZIALRAEUME[kommune.amtlicher_schluessel], kommune.name
        assert self.eschweiler.schluessel == "053340012012"
        assert Raum.objects.get(slug="alsdorf-a-11b").name == "Sozialraum A 11b"
        # Stolberg stays as in the Stolberg demo: its Stadtteile with their outlines.
        assert self.stolberg.name == "Kupferstadt Stolberg"
        assert Raum.objects.get(slug="atsch").geometrie

    def test_einwohnerzahlen_der_kommunen_und_sozialraeume(self):
        einwohner = Indikator.objects.get(ist_einwohnerzahl=True)
        aachen = Messwert.objects.get(indikator=einwohner, raum__slug="aachen", jahr=2022)
        assert aachen.wert == 261178
        assert "Zensus 2022" in aachen.quellenhinweis
        assert (
            Messwert.objects.get(indikator=einwohner, raum__slug="wuerselen", jahr=2013).wert
            == 37685
        )
        summe = Messwert.objects.filter(
            indikator=einwohner, raum__uebergeordnet__slug="alsdorf", jahr=2022
        ).aggregate(s=Sum("wert"))["s"]
        assert summe == 48421
        teil = Messwert.objects.filter(indikator=einwohner, raum__slug="alsdorf-a-1a").first()
        assert "Demodaten" in teil.quellenhinweis
        # Every Sozialraum of the region has a population.
        mit_wert = (
            Messwert.objects.filter(indikator=einwohner, raum__ebene=Raum.Ebene.SOZIALRAUM)
            .values("raum")
            .distinct()
            .count()
        )
        assert mit_wert == 93

    def test_schwerbehinderte_2018_je_kommune_aus_der_jahresstatistik(self):
        sb = Messwert.objects.filter(indikator__name="Menschen mit Schwerbehinderung", jahr=2018)
        assert sb.get(raum=self.eschweiler).wert == 8171
        assert sb.get(raum=self.stolberg).wert == 7745
        assert (
            "Jahresstatistik Schwerbehindertenrecht" in sb.get(raum=self.eschweiler).quellenhinweis
        )
        assert sb.filter(raum__ebene=Raum.Ebene.KOMMUNE).count() == 10
        gdb20 = Messwert.objects.get(
            indikator__name="Menschen mit anerkannter Behinderung (GdB ab 20)",
            raum=self.eschweiler,
            jahr=2018,
        )
        assert gdb20.wert == 13402

    def test_eschweilers_plan_mit_massnahmen_und_sachstaenden(self):
        plan = Plan.objects.get(kommune=self.eschweiler)
        assert plan.leitbild.kommune == self.eschweiler
        assert Thema.objects.filter(leitbild=plan.leitbild).count() == 4
        massnahmen = Projektskizze.objects.filter(plan=plan)
        assert 8 <= massnahmen.count() <= 12
        for massnahme in massnahmen:
            assert "(Demodaten)" in massnahme.kurzbeschreibung
            assert massnahme.sachstaende.exists(), massnahme.titel
            assert massnahme.verantwortlich.username == "eschweiler-redaktion"
        # Stolberg's setting is complete as in `demo`.
        assert Projektskizze.objects.filter(plan__kommune=self.stolberg).count() == 29
        assert Leitbild.objects.get(kommune=self.stolberg).name == "Soziale Kupferstadt 2030"

    def test_werte_je_sozialraum_in_eschweiler(self):
        werte = Messwert.objects.filter(
            indikator__name="Menschen mit Schwerbehinderung je 1.000 Einwohnerinnen und Einwohner",
            raum__uebergeordnet=self.eschweiler,
            jahr=2024,
        )
        assert werte.count() == 15
        assert all(Decimal(100) < w.wert < Decimal(200) for w in werte)

    def test_anmeldungen_und_ihre_zustaendigkeiten(self):
        for username in ("lesen", "redaktion", "datenpflege"):
            assert kommunen_der(username) == {"stolberg"}, username
        assert kommunen_der("eschweiler-redaktion") == {"eschweiler"}
        assert kommunen_der("region-lesen") == {None}
        user_model = get_user_model()
        assert list(
            user_model.objects.get(username="eschweiler-redaktion").groups.values_list(
                "name", flat=True
            )
        ) == [REDAKTION]
        assert list(
            user_model.objects.get(username="region-lesen").groups.values_list("name", flat=True)
        ) == [LESEN]
        assert "eschweiler-redaktion – Rolle Redaktion, zuständig für Eschweiler" in self.ausgabe
        assert "region-lesen – Rolle Lesen, zuständig für die ganze Region" in self.ausgabe
        assert "redaktion – Rolle Redaktion, zuständig für Kupferstadt Stolberg" in self.ausgabe

    def test_eschweiler_redaktion_sieht_keine_stolberger_massnahme(self):
        client = angemeldet("eschweiler-redaktion")
        antwort = client.get(reverse("projekte:projekt_liste"))
        assert antwort.status_code == 200
        inhalt = antwort.content.decode()
        for titel in Projektskizze.objects.filter(plan__kommune=self.eschweiler).values_list(
            "titel", flat=True
        ):
            assert titel in inhalt
        assert "Begegnungstag Inklusion" not in inhalt
        stolberger = Projektskizze.objects.filter(plan__kommune=self.stolberg).first()
        assert client.get(stolberger.get_absolute_url()).status_code == 404
        eigene = Projektskizze.objects.filter(plan__kommune=self.eschweiler).first()
        assert client.get(eigene.get_absolute_url()).status_code == 200

    def test_stolberger_redaktion_sieht_eschweiler_nicht_region_lesen_beide(self):
        eschweiler = Projektskizze.objects.filter(plan__kommune=self.eschweiler).first()
        stolberg = Projektskizze.objects.filter(plan__kommune=self.stolberg).first()
        assert angemeldet("redaktion").get(eschweiler.get_absolute_url()).status_code == 404
        region = angemeldet("region-lesen")
        assert region.get(eschweiler.get_absolute_url()).status_code == 200
        assert region.get(stolberg.get_absolute_url()).status_code == 200


@pytest.mark.langsam
def test_region_zweiter_lauf_und_demo_danach_aendern_nichts():
    """`demo --wenn-leer --region` (make run-region) loads an empty database; `demo --region`
    again writes nothing; `demo` after it reloads Stolberg (nothing to change) and leaves the
    region and its logins as they are; `--wenn-leer` then loads nothing."""
    ausgabe = demo("--wenn-leer", "--region", erzwingen=True)
    assert "StädteRegion Aachen" in ausgabe
    vorher = schnappschuss()
    ausgabe = demo("--region", erzwingen=True)
    assert schnappschuss() == vorher
    assert "neu: 0, geändert: 0" in ausgabe
    assert ", geändert: 1" not in ausgabe
    ausgabe = demo(erzwingen=True)
    assert schnappschuss() == vorher
    assert "zuständig für" not in ausgabe
    ausgabe = demo("--wenn-leer", "--region", erzwingen=True)
    assert "Ihre Änderungen bleiben" in ausgabe


@pytest.mark.langsam
def test_region_raeume_allein_und_demo_danach():
    """The region base on its own (for data built on top of it), then `demo`: Stolberg's rows
    still belong to Stolberg although the installation has ten Kommunen by then."""
    region = region_raeume_laden()
    assert len(region.kommunen) == 10
    assert Raum.objects.filter(ebene=Raum.Ebene.SOZIALRAUM).count() == 93
    demo(erzwingen=True)
    stolberg = Raum.objects.get(slug="stolberg")
    assert Leitbild.objects.get(name="Soziale Kupferstadt 2030").kommune == stolberg
    assert not Projektskizze.objects.exclude(plan__kommune=stolberg).exists()
    assert not Thema.objects.exclude(leitbild__kommune=stolberg).exists()
    assert kommunen_der("redaktion") == {"stolberg"}
