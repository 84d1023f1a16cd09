"""`manage.py demo`: guarded by DEBUG, loads the Stolberg setting, idempotent to the byte."""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min, Sum
from django.test import TestCase

from akteure.models import Akteur, Akteurstyp, Ansprechperson, Datenquelle
from aktionsplan.models import Beteiligungsformat, Plan, Raum, Thema, UNBRKArtikel
from aktionsplan.rollen import DATENPFLEGE, LESEN, REDAKTION
from monitoring.models import Berichtsfassung, Erkenntnis, Indikator, Messwert
from projekte.models import Ampel, Meilenstein, Projektbeteiligung, Projektskizze, Status

pytestmark = pytest.mark.django_db

STICHTAG = datetime.date(2026, 11, 24)
SECHS_MONATE_VORHER = datetime.date(2026, 5, 24)
APPS = ("aktionsplan", "projekte", "akteure", "monitoring", "auth")
# auto_now columns may legitimately differ between two snapshots; nothing else may.
ZEITSTEMPEL = {"geaendert_am"}


def demo(*args, **kwargs) -> str:
    ausgabe = StringIO()
    call_command("demo", *args, stdout=ausgabe, **kwargs)
    return ausgabe.getvalue()


def schnappschuss() -> dict[str, list[tuple]]:
    """Every row of every model (history and m2m tables included), without auto_now columns."""
    ergebnis = {}
    for modell in apps.get_models(include_auto_created=True):
        if modell._meta.app_label not in APPS:
            continue
        felder = [f.attname for f in modell._meta.concrete_fields if f.name not in ZEITSTEMPEL]
        ergebnis[modell._meta.label] = sorted(
            modell._default_manager.values_list(*felder), key=repr
        )
    return ergebnis


def test_verweigert_ohne_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="nur mit DEBUG=1") as fehler:
        demo()
    assert "--erzwingen" in str(fehler.value)
    assert not get_user_model().objects.filter(username="redaktion").exists()
    assert Projektskizze.objects.count() == 0


@pytest.mark.parametrize("schalter", ["--erzwingen", "--force"])
def test_laedt_ohne_debug_wenn_erzwungen(settings, schalter):
    settings.DEBUG = False
    demo(schalter)
    assert Projektskizze.objects.count() == 29


def test_laedt_mit_debug(settings):
    settings.DEBUG = True
    ausgabe = demo()
    assert "Demodaten der Kupferstadt Stolberg geladen." in ausgabe


def test_wenn_leer_laesst_geaenderte_demodaten_stehen(settings):
    """`make run` loads with --wenn-leer: a restart keeps what a person changed (QA F-7)."""
    settings.DEBUG = True
    ausgabe = demo("--wenn-leer")
    assert "Demodaten der Kupferstadt Stolberg geladen." in ausgabe
    projekt = Projektskizze.objects.order_by("pk").first()
    Projektskizze.objects.filter(pk=projekt.pk).update(titel="Von Hand geändert")
    ausgabe = demo("--wenn-leer")
    assert "Ihre Änderungen bleiben" in ausgabe
    projekt.refresh_from_db()
    assert projekt.titel == "Von Hand geändert"


class TestGeladen(TestCase):
    """Read-only checks on one load (setUpTestData: loaded once, each test in a savepoint)."""

    @classmethod
    def setUpTestData(cls):
        cls.ausgabe = demo(erzwingen=True)

    def test_ausgabe_nennt_anmeldungen_und_passwort(self):
        assert "Demo-Passwort-2026" in self.ausgabe
        for zeile in ("lesen – Rolle Lesen", "redaktion – Rolle Redaktion", "datenpflege – Rolle "):
            assert zeile in self.ausgabe
        assert "Maßnahmen" in self.ausgabe
        assert "29  (neu: 29, geändert: 0)" in self.ausgabe

    def test_jahresbericht_2025_mit_stand_im_fruehjahr_beschlossen(self):
        fassung = Berichtsfassung.objects.get(jahr=2025)
        assert fassung.status == Berichtsfassung.Status.BESCHLOSSEN
        assert fassung.stand == datetime.date(2026, 4, 30)
        assert {(d.variante, d.format) for d in fassung.dateien.all()} == {
            (v, f) for v in ("intern", "oeffentlich") for f in ("html", "pdf", "xlsx")
        }
        # The status reports of 2025 count (entered on their day, before the Stand).
        staende = {m["status"] for m in fassung.daten["massnahmen"].values()}
        assert len(fassung.daten["massnahmen"]) >= 20
        assert staende - {"idee"}
        assert any(i["wert"] for i in fassung.daten["indikatoren"].values())

    def test_leitbild_und_themen_in_reihenfolge(self):
        namen = list(Thema.objects.geordnet().values_list("name", flat=True))
        assert namen == [
            "Arbeit und Wirtschaft",
            "Wohnen und öffentlicher Raum",
            "Vielfalt und Zusammenhalt",
            "Bildung und lebenslanges Lernen",
            "Familien und Generationen",
            "Inklusion und Teilhabe",
        ]
        leitbild = Thema.objects.first().leitbild
        assert leitbild.name == "Soziale Kupferstadt 2030"
        assert leitbild.leitmotiv == "aufeinander zugehen – voneinander lernen – miteinander leben"

    def test_raumbaum(self):
        stolberg = Raum.objects.get(slug="stolberg")
        assert stolberg.ebene == Raum.Ebene.KOMMUNE
        assert stolberg.uebergeordnet.name == "StädteRegion Aachen"
        sozialraeume = Raum.objects.sozialraeume()
        assert sozialraeume.count() == 17
        assert set(sozialraeume.values_list("uebergeordnet", flat=True)) == {stolberg.pk}
        assert "Vicht-Breinigerberg" in sozialraeume.values_list("name", flat=True)
        viertel = dict(
            Raum.objects.filter(ebene=Raum.Ebene.VIERTEL).values_list("name", "uebergeordnet__name")
        )
        assert viertel == {
            "Münsterbusch": "Münsterbusch",
            "Liester": "Münsterbusch",
            "Oberstolberg": "Oberstolberg",
            "Mühle": "Unterstolberg",
            "Velau": "Unterstolberg",
        }
        for raum in Raum.objects.all():
            raum.full_clean()

    def test_zwei_plaene(self):
        ap = Plan.objects.get(art=Plan.Art.AKTIONSPLAN)
        assert ap.kurzname == "Aktionsplan Inklusion"
        assert ap.gesamtstaedtisch
        assert ap.beschluss_gremium == "Ausschuss für Soziales, Generationen und Inklusion"
        assert ap.fortschreibungen.count() == 2
        ihko = Plan.objects.get(art=Plan.Art.HANDLUNGSKONZEPT)
        assert ihko.name.startswith("Integriertes Handlungskonzept „Berg- und Talachse")
        assert ihko.foerderkontext == "Aufruf „Starke Quartiere, starke Menschen“"
        assert set(ihko.raeume.values_list("name", flat=True)) == {
            "Münsterbusch",
            "Unterstolberg",
            "Oberstolberg",
        }
        assert ihko.projekte.count() == 5

    def test_24_projektskizzen_mit_den_titeln_aus_dem_vortrag(self):
        aktionsplan = Plan.objects.get(art=Plan.Art.AKTIONSPLAN)
        projekte = aktionsplan.projekte.all()
        assert sorted(projekte.values_list("nummer", flat=True)) == list(range(1, 25))
        titel = set(projekte.values_list("titel", flat=True))
        assert {
            "Begegnungstag Inklusion",
            "Entwicklung Fundraising- und Förderstrategie",
            "Inklusives Foto-Projekt „miteinander kinderleicht“",
            "Teilhabe am Arbeitsleben von Menschen mit Behinderung fördern",
            "Stolberger Generationendialog",
            "„Mehr Partizipation wagen“",
        } <= titel
        assert all(p.kurzbeschreibung.startswith("(Demodaten)") for p in projekte)
        # Every measure has exactly one lead actor and a responsible demo user.
        federfuehrend = Projektbeteiligung.objects.filter(
            rolle=Projektbeteiligung.Rolle.FEDERFUEHREND, projekt__plan=aktionsplan
        )
        assert federfuehrend.count() == 24
        assert not projekte.filter(verantwortlich__isnull=True).exists()
        assert projekte.filter(veroeffentlicht=True).exclude(text_leichte_sprache="").count() >= 10
        assert projekte.filter(unbrk_artikel__nummer=27).exists()

    def test_jeder_status_und_jede_ampel_kommt_als_aktueller_stand_vor(self):
        qs = Projektskizze.objects.mit_aktuellem_stand()
        assert set(qs.values_list("aktueller_status", flat=True)) == set(Status.values)
        assert set(qs.values_list("aktuelle_ampel", flat=True)) - {None} == set(Ampel.values)

    def test_veraltete_und_fehlende_sachstaende(self):
        qs = Projektskizze.objects.mit_aktuellem_stand()
        assert qs.filter(letzter_sachstand_am__isnull=True).count() >= 2
        assert Projektskizze.objects.aktiv().filter(letzter_sachstand_am__lt=SECHS_MONATE_VORHER)
        datum = qs.aggregate(erster=Min("sachstaende__datum"), letzter=Max("sachstaende__datum"))
        assert datum["erster"].year == 2018
        assert datum["letzter"] <= STICHTAG

    def test_ueberfaellige_und_erledigte_meilensteine(self):
        assert Meilenstein.objects.ueberfaellig(STICHTAG).count() >= 5
        assert Meilenstein.objects.filter(erledigt_am__isnull=False).count() >= 5
        assert Meilenstein.objects.offen().filter(faellig_am__gte=STICHTAG).exists()

    def test_luecken_fuer_die_uebersicht(self):
        aktive = Projektskizze.objects.aktiv()
        themen_aktiv = set(aktive.values_list("hauptthema__slug", flat=True))
        assert len(themen_aktiv) >= 3
        ohne = Thema.objects.exclude(projekte_hauptthema__in=aktive).exclude(
            projekte_weitere__in=aktive
        )
        assert list(ohne.values_list("name", flat=True)) == ["Arbeit und Wirtschaft"]
        artikel_ohne = UNBRKArtikel.objects.exclude(projekte__in=aktive)
        assert artikel_ohne.filter(nummer=27).exists()
        assert artikel_ohne.count() >= 10

    def test_akteure_ansprechpersonen_datenquellen(self):
        typen = set(Akteurstyp.objects.values_list("name", flat=True))
        assert {
            "Versorgungsamt",
            "Bundesagentur für Arbeit",
            "Werkstatt für behinderte Menschen (WfbM)",
            "Landschaftsverband Rheinland (Eingliederungshilfe)",
            "Selbsthilfe und Selbstvertretung",
            "Unternehmen",
        } <= typen
        assert len(typen) >= 16
        assert Akteur.objects.get(name="Agentur für Arbeit Aachen-Düren").ebene == "bund"
        assert Akteur.objects.get(name="Landschaftsverband Rheinland").ebene == "land"
        assert Akteur.objects.get(name="Versorgungsamt der StädteRegion Aachen").ebene == (
            "staedteregion"
        )
        assert all(p.email.endswith("@example.org") for p in Ansprechperson.objects.all())
        sb = Datenquelle.objects.get(name="Schwerbehindertenstatistik")
        assert sb.akteur.kurzname == "Versorgungsamt"
        assert sb.vertraulichkeitsregel == "Fallzahlen unter 3 werden nicht veröffentlicht."

    def test_indikatoren_mit_werten_je_jahr_und_sozialraum(self):
        assert Indikator.objects.count() >= 10
        assert Indikator.objects.filter(art=Indikator.Art.QUALITATIV).exists()
        assert Indikator.objects.filter(richtung=Indikator.Richtung.NIEDRIGER_BESSER).exists()
        assert Indikator.objects.filter(mindestfallzahl=5).exists()
        jahre = set(
            Messwert.objects.exclude(indikator__ist_einwohnerzahl=True).values_list(
                "jahr", flat=True
            )
        )
        assert jahre == set(range(2019, 2026))
        assert not Messwert.objects.filter(jahr__lt=2025, vorlaeufig=True).exists()
        assert Messwert.objects.filter(jahr=2025, vorlaeufig=True).exists()
        je_sozialraum = (
            Messwert.objects.filter(raum__ebene=Raum.Ebene.SOZIALRAUM)
            .exclude(indikator__ist_einwohnerzahl=True)
            .values("indikator")
            .annotate(n=Count("id"))
        )
        assert len(je_sozialraum) >= 5
        assert all(zeile["n"] == 17 * 7 for zeile in je_sozialraum)

    def test_einwohnerzahl_und_quoten_je_1000(self):
        """Real population figures where /work/shared/data has them, with their source; rates
        per 1,000 inhabitants per Sozialraum computed from them."""
        einwohner = Indikator.objects.get(ist_einwohnerzahl=True)
        real = Messwert.objects.get(indikator=einwohner, jahr=2016, raum__slug="schevenhuette")
        assert real.wert == 688
        assert "Statistischer Jahresbericht 2016" in real.quellenhinweis
        zensus = Messwert.objects.get(indikator=einwohner, jahr=2022, raum__ebene="region")
        assert zensus.wert == 577572
        assert "Zensus 2022" in zensus.quellenhinweis
        assert (
            "Demodaten"
            in Messwert.objects.get(
                indikator=einwohner, jahr=2025, raum__slug="atsch"
            ).quellenhinweis
        )
        quote = Indikator.objects.get(
            name="Menschen mit Schwerbehinderung je 1.000 Einwohnerinnen und Einwohner"
        )
        assert quote.berechnet
        assert (
            Messwert.objects.filter(indikator=quote, raum__ebene=Raum.Ebene.SOZIALRAUM).count()
            == 17 * 7
        )

    def test_kommune_ist_summe_der_sozialraeume_bei_fallzahlen(self):
        indikator = Indikator.objects.get(name="Arbeitslose Menschen mit Schwerbehinderung")
        for jahr in (2019, 2025):
            werte = Messwert.objects.filter(indikator=indikator, jahr=jahr)
            summe = werte.filter(raum__ebene=Raum.Ebene.SOZIALRAUM).aggregate(s=Sum("wert"))["s"]
            assert werte.get(raum__slug="stolberg").wert == summe
        assert (
            indikator.basiswert
            == Messwert.objects.get(indikator=indikator, jahr=2019, raum__slug="stolberg").wert
        )

    def test_kleine_fallzahlen_in_kleinen_sozialraeumen(self):
        kleine = [
            m
            for m in Messwert.objects.select_related("indikator", "raum")
            if m.indikator.ist_kleine_zahl(m.wert)
        ]
        assert kleine
        assert {"Schevenhütte", "Venwegen", "Zweifall"} & {m.raum.name for m in kleine}

    def test_beteiligungsformate_und_erkenntnisse(self):
        titel = set(Beteiligungsformat.objects.values_list("titel", flat=True))
        assert "Erster Begegnungstag Inklusion 2017" in titel
        assert "Sozialraumkonferenz II „Berg- & Talachse“" in titel
        assert "Kick-off-Workshop Leitbildprozess „Soziale Kupferstadt 2030“" in titel
        konferenz = Beteiligungsformat.objects.get(titel__startswith="Sozialraumkonferenz II")
        assert konferenz.raeume.count() == 3
        assert konferenz.erkenntnisse.count() >= 2
        assert Erkenntnis.objects.count() >= 12
        assert Erkenntnis.objects.filter(ist_kernaussage=True).count() >= 5
        assert Erkenntnis.objects.filter(projekte__isnull=False).distinct().count() >= 10

    def test_qualitativer_indikator_mit_beirat_neben_verwaltung(self):
        from monitoring.models import Einschaetzung, Indikator

        indikator = Indikator.objects.get(name="Beteiligungskultur in Gremien")
        assert indikator.stufen.count() == 5
        for jahr in (2024, 2025):
            gruppen = set(
                Einschaetzung.objects.filter(indikator=indikator, jahr=jahr).values_list(
                    "gruppe__name", flat=True
                )
            )
            assert gruppen == {"Verwaltung", "Behindertenbeirat"}
        assert Einschaetzung.objects.filter(erkenntnisse__isnull=False).exists()
        assert all(e.text.endswith("(Demodaten)") for e in Einschaetzung.objects.all())

    def test_steckbriefe(self):
        from akteure.models import Datenquelle
        from monitoring.models import Indikator

        sb = Indikator.objects.get(name="Menschen mit Schwerbehinderung")
        assert sb.typ == Indikator.Typ.ERGEBNIS
        assert sb.berechnung
        assert sb.verantwortlich.username == "datenpflege"
        assert (
            Datenquelle.objects.get(
                name="Schwerbehindertenstatistik"
            ).veroeffentlichungsverzug_monate
            == 6
        )

    def test_je_rolle_eine_anmeldung(self):
        user_model = get_user_model()
        for username, rolle in (
            ("lesen", LESEN),
            ("redaktion", REDAKTION),
            ("datenpflege", DATENPFLEGE),
        ):
            user = user_model.objects.get(username=username)
            assert list(user.groups.values_list("name", flat=True)) == [rolle]
            assert user.check_password("Demo-Passwort-2026")
            assert user.first_name
        assert not user_model.objects.filter(is_superuser=True).exists()


def test_zweiter_lauf_aendert_nichts():
    demo(erzwingen=True)
    vorher = schnappschuss()
    ausgabe = demo(erzwingen=True)
    nachher = schnappschuss()
    assert vorher.keys() == nachher.keys()
    for label in vorher:
        assert nachher[label] == vorher[label], label
    # History tables are in the snapshot, so no history row was written either.
    assert "HistoricalProjektskizze" in " ".join(vorher)
    assert "geändert: 0" in ausgabe
    assert "neu: 0, geändert: 0" in ausgabe
    assert ", geändert: 1" not in ausgabe
