"""factory_boy factories for every model, in one place."""

import datetime
from decimal import Decimal
from pathlib import Path

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from akteure.models import Akteur, Akteurstyp, Ansprechperson, Datenquelle
from aktionsplan.models import (
    Beteiligungsformat,
    Fortschreibung,
    Leitbild,
    Plan,
    Raum,
    Thema,
    UNBRKArtikel,
    Zielgruppe,
    Zustaendigkeit,
)
from aufgaben.models import Aufgabe
from konfiguration.demo.gebaerdensprache import UNTERTITEL as DEMO_UNTERTITEL
from konfiguration.demo.gebaerdensprache import VIDEO as DEMO_VIDEO
from monitoring.models import (
    Berichtsfassung,
    Bewertergruppe,
    Bewertungsstufe,
    Einschaetzung,
    Erkenntnis,
    Indikator,
    Messwert,
)
from oeffentlich.models import Gebaerdenvideo
from projekte.models import (
    Ampel,
    Finanzierung,
    Meilenstein,
    Projektbeteiligung,
    Projektskizze,
    Sachstand,
    Status,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("geheim-passwort-123")

    @factory.post_generation
    def rollen(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))

    @factory.post_generation
    def zustaendig(self, create, extracted, **kwargs):
        """The Kommunen the roles hold for (aktionsplan.bereich): a list of Kommunen, [] for
        none; by default a person with roles is responsible for the whole region, as everyone
        was before the region (tests with one Kommune never read this)."""
        if not create:
            return
        if extracted is None:
            if self.groups.exists():
                Zustaendigkeit.objects.get_or_create(nutzer=self, kommune=None)
            return
        for kommune in extracted:
            Zustaendigkeit.objects.get_or_create(nutzer=self, kommune=kommune)


class LeitbildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leitbild
        django_get_or_create = ("name",)

    name = "Soziale Kupferstadt 2030"
    leitmotiv = "aufeinander zugehen – voneinander lernen – miteinander leben"
    zieljahr = 2030


class ThemaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thema

    leitbild = factory.SubFactory(LeitbildFactory)
    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")
    reihenfolge = factory.Sequence(lambda n: n)


def testkommune() -> Raum:
    """The Kommune of the test data (created once)."""
    return Raum.objects.get_or_create(
        slug="testkommune", defaults={"name": "Testkommune", "ebene": Raum.Ebene.KOMMUNE}
    )[0]


class RaumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Raum

    name = factory.Sequence(lambda n: f"Sozialraum {n}")
    slug = factory.Sequence(lambda n: f"raum-{n}")
    ebene = Raum.Ebene.SOZIALRAUM
    uebergeordnet = factory.LazyFunction(testkommune)


class KommuneFactory(RaumFactory):
    name = factory.Sequence(lambda n: f"Kommune {n}")
    ebene = Raum.Ebene.KOMMUNE
    uebergeordnet = None


class UNBRKArtikelFactory(factory.django.DjangoModelFactory):
    """The migration loads articles 1–33; tests may need one of those."""

    class Meta:
        model = UNBRKArtikel
        django_get_or_create = ("nummer",)

    nummer = 9
    titel = "Zugänglichkeit"


class ZielgruppeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zielgruppe
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Zielgruppe {n}")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    name = factory.Sequence(lambda n: f"Aktionsplan Inklusion {n}")
    kurzname = factory.Sequence(lambda n: f"AP{n}")
    slug = factory.Sequence(lambda n: f"plan-{n}")
    art = Plan.Art.AKTIONSPLAN
    kommune = factory.LazyFunction(testkommune)
    gesamtstaedtisch = True
    beginn = datetime.date(2018, 1, 1)
    ende = datetime.date(2030, 12, 31)


class FortschreibungFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fortschreibung

    plan = factory.SubFactory(PlanFactory)
    nummer = factory.Sequence(lambda n: n + 1)


class BeteiligungsformatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beteiligungsformat

    titel = factory.Sequence(lambda n: f"Begegnungstag {n}")
    art = Beteiligungsformat.Art.BEGEGNUNGSTAG
    datum = datetime.date(2024, 5, 5)
    teilnehmende = 40
    teilnehmende_mit_behinderung = 12


class AkteurstypFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Akteurstyp
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Akteurstyp {n}")


class AkteurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Akteur

    name = factory.Sequence(lambda n: f"Träger {n}")
    typ = factory.SubFactory(AkteurstypFactory)
    ebene = Akteur.Ebene.KOMMUNAL


class AnsprechpersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ansprechperson

    akteur = factory.SubFactory(AkteurFactory)
    name = factory.Sequence(lambda n: f"Ansprechperson {n}")
    email = factory.Sequence(lambda n: f"kontakt{n}@example.org")
    bestaetigt_am = datetime.date(2026, 1, 15)


class DatenquelleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Datenquelle

    name = factory.Sequence(lambda n: f"Statistik {n}")
    akteur = factory.SubFactory(AkteurFactory)
    raeumliche_ebene = Raum.Ebene.SOZIALRAUM
    rhythmus = Datenquelle.Rhythmus.JAEHRLICH


class ProjektskizzeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Projektskizze

    plan = factory.SubFactory(PlanFactory)
    nummer = factory.Sequence(lambda n: n + 1)
    titel = factory.Sequence(lambda n: f"Projektskizze {n}")
    kurzbeschreibung = "Kurzbeschreibung der Maßnahme."
    hauptthema = factory.SubFactory(ThemaFactory)
    beginn = datetime.date(2024, 1, 1)
    ende = datetime.date(2026, 12, 31)


class ProjektbeteiligungFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Projektbeteiligung

    projekt = factory.SubFactory(ProjektskizzeFactory)
    akteur = factory.SubFactory(AkteurFactory)
    rolle = Projektbeteiligung.Rolle.PARTNER


class SachstandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sachstand
        skip_postgeneration_save = True

    projekt = factory.SubFactory(ProjektskizzeFactory)
    datum = datetime.date(2026, 6, 1)
    status = Status.IN_UMSETZUNG
    ampel = Ampel.IM_PLAN
    fortschritt = 40
    text = "Die Umsetzung läuft."
    verfasst_von = factory.SubFactory(UserFactory)

    @factory.post_generation
    def aktuellen_stand_nachfuehren(obj, create, extracted, **kwargs):  # noqa: N805
        # Factories write past the service; keep the measure's stored current state as the
        # write path does (Sachstand.eltern_nachfuehren).
        if create:
            Projektskizze.objects.filter(pk=obj.projekt_id).stand_auffrischen()


class MeilensteinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meilenstein

    projekt = factory.SubFactory(ProjektskizzeFactory)
    titel = factory.Sequence(lambda n: f"Meilenstein {n}")
    faellig_am = datetime.date(2026, 9, 30)


class FinanzierungFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finanzierung

    projekt = factory.SubFactory(ProjektskizzeFactory)
    quelle = Finanzierung.Quelle.LAND
    programm = "Starke Quartiere, starke Menschen"
    betrag = Decimal("25000.00")
    status = Finanzierung.Antragsstatus.BEANTRAGT


class IndikatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indikator

    name = factory.Sequence(lambda n: f"Indikator {n}")
    einheit = "Personen"
    raeumliche_ebene = Raum.Ebene.SOZIALRAUM
    datenquelle = factory.SubFactory(DatenquelleFactory)


class MesswertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Messwert

    indikator = factory.SubFactory(IndikatorFactory)
    jahr = 2025
    raum = factory.SubFactory(RaumFactory)
    wert = Decimal("42")


class ErkenntnisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Erkenntnis

    titel = factory.Sequence(lambda n: f"Erkenntnis {n}")
    text = "Barrierefreie Wege zum Stadtteilzentrum fehlen."
    datum = datetime.date(2025, 3, 1)
    quelle = Erkenntnis.Quelle.VERANSTALTUNG


class QualitativerIndikatorFactory(IndikatorFactory):
    art = Indikator.Art.QUALITATIV
    einheit = ""
    ist_fallzahl = False
    raeumliche_ebene = Raum.Ebene.KOMMUNE


class BewertergruppeFactory(factory.django.DjangoModelFactory):
    """One of the seeded groups (migration monitoring 0008) or a new one."""

    class Meta:
        model = Bewertergruppe
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Gruppe {n}")


class BewertungsstufeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bewertungsstufe

    indikator = factory.SubFactory(QualitativerIndikatorFactory)
    stufe = factory.Sequence(lambda n: n % 5 + 1)
    name = factory.LazyAttribute(lambda o: f"Stufe {o.stufe}")


class EinschaetzungFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Einschaetzung

    stufe = factory.SubFactory(BewertungsstufeFactory, stufe=3)
    indikator = factory.LazyAttribute(lambda o: o.stufe.indikator)
    jahr = 2025
    gruppe = factory.SubFactory(BewertergruppeFactory)
    text = "Die Beteiligung hat sich verbessert."
    anlass = "Sitzung des Behindertenbeirats am 12.03.2025"
    datum = datetime.date(2025, 3, 12)


class AufgabeFactory(factory.django.DjangoModelFactory):
    """A task record as the queue leaves it (no task runs); a done one unless told otherwise."""

    class Meta:
        model = Aufgabe

    art = Aufgabe.Art.BERICHT_XLSX
    titel = factory.Sequence(lambda n: f"Aufgabe {n}")
    gestartet_von = factory.SubFactory(UserFactory)
    status = Aufgabe.Status.FERTIG
    begonnen_am = factory.LazyFunction(timezone.now)
    beendet_am = factory.LazyAttribute(
        lambda a: a.begonnen_am if a.status in ("fertig", "fehlgeschlagen") else None
    )


class BerichtsfassungFactory(factory.django.DjangoModelFactory):
    """A draft of the yearly report (adoption goes through monitoring.berichtsfassungen)."""

    class Meta:
        model = Berichtsfassung

    jahr = 2025
    stand = datetime.date(2026, 4, 30)


class GebaerdenvideoFactory(factory.django.DjangoModelFactory):
    """A sign-language video of a measure (``projekt=None``: the site's explanation), with the
    demo's sample clip and captions as its files."""

    class Meta:
        model = Gebaerdenvideo

    titel = factory.Sequence(lambda n: f"Gebärdenvideo {n}")
    video = factory.django.FileField(from_path=DEMO_VIDEO, filename=Path(DEMO_VIDEO).name)
    untertitel = factory.django.FileField(
        from_path=DEMO_UNTERTITEL, filename=Path(DEMO_UNTERTITEL).name
    )
    textfassung = "Willkommen beim Aktionsplan Inklusion."
    ist_beispiel = True
    projekt = factory.SubFactory(ProjektskizzeFactory, veroeffentlicht=True)
