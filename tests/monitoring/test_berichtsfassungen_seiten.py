"""The pages of the yearly report's life cycle: roles, query budgets, the adoption through the
form, and the frozen download that stays byte-identical after later edits."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from aktionsplan.models import Raum
from aufgaben.models import Aufgabe
from monitoring.berichtsfassungen import beschliessen, entwurf_aendern, entwurf_anlegen
from monitoring.models import Berichtsfassung
from projekte.models import Status
from tests.factories import (
    IndikatorFactory,
    MesswertFactory,
    ProjektskizzeFactory,
    SachstandFactory,
)

pytestmark = pytest.mark.django_db

# Measures and reports are entered now: the Stand is today.
HEUTE = datetime.date.today()


@pytest.fixture
def entwurf():
    projekt = ProjektskizzeFactory(titel="Rampen am Rathaus", veroeffentlicht=True)
    SachstandFactory(projekt=projekt, datum=datetime.date(2025, 5, 1), status=Status.IN_PLANUNG)
    kommune = Raum.objects.get_or_create(
        slug="testkommune", defaults={"name": "Testkommune", "ebene": Raum.Ebene.KOMMUNE}
    )[0]
    indikator = IndikatorFactory(name="Haltestellen", basiswert=Decimal(20), zielwert=Decimal(60))
    MesswertFactory(indikator=indikator, raum=kommune, jahr=2025, wert=Decimal(40))
    return entwurf_anlegen(
        Berichtsfassung(jahr=2025, stand=datetime.date.today(), einleitung="Einleitung 2025"),
        benutzer=None,
    )


@pytest.fixture
def beschlossen(entwurf):
    return beschliessen(
        entwurf,
        benutzer=None,
        erwartete_version=None,
        gremium="Ausschuss für Soziales",
        beschluss_datum=datetime.date.today(),
    )


ERLAUBT_LESEN = {"anonym": 302, "lesen": 200, "redaktion": 200, "datenpflege": 200}
ERLAUBT_REDAKTION = {"anonym": 302, "lesen": 403, "redaktion": 200, "datenpflege": 200}
ERLAUBT_DATENPFLEGE = {"anonym": 302, "lesen": 403, "redaktion": 403, "datenpflege": 200}


def test_liste_und_entwurf_rollen(rollen_client, entwurf):
    for name, kwargs, erlaubt in (
        ("monitoring:bericht_auswahl", {}, ERLAUBT_LESEN),
        ("monitoring:fassung_detail", {"pk": entwurf.pk}, ERLAUBT_LESEN),
        ("monitoring:fassung_neu", {}, ERLAUBT_REDAKTION),
        ("monitoring:fassung_bearbeiten", {"pk": entwurf.pk}, ERLAUBT_REDAKTION),
        ("monitoring:fassung_beschliessen", {"pk": entwurf.pk}, ERLAUBT_REDAKTION),
    ):
        antwort = rollen_client.get(reverse(name, kwargs=kwargs))
        assert antwort.status_code == erlaubt[rollen_client.rolle], name


def test_beschlossen_rollen(rollen_client, beschlossen):
    for name, kwargs, erlaubt in (
        ("monitoring:fassung_detail", {"pk": beschlossen.pk}, ERLAUBT_LESEN),
        (
            "monitoring:fassung_datei",
            {"pk": beschlossen.pk, "variante": "intern", "format_": "pdf"},
            ERLAUBT_LESEN,
        ),
        ("monitoring:fassung_zurueckziehen", {"pk": beschlossen.pk}, ERLAUBT_DATENPFLEGE),
    ):
        antwort = rollen_client.get(reverse(name, kwargs=kwargs))
        assert antwort.status_code == erlaubt[rollen_client.rolle], name


def test_beschlossener_bericht_ist_nicht_mehr_bearbeitbar(redaktion_client, beschlossen):
    for name in ("fassung_bearbeiten", "fassung_beschliessen"):
        antwort = redaktion_client.get(reverse(f"monitoring:{name}", kwargs={"pk": beschlossen.pk}))
        assert antwort.status_code == 404


def test_entwurf_anlegen_beschliessen_herunterladen(redaktion_client, datenpflege_client):
    projekt = ProjektskizzeFactory(titel="Rampen am Rathaus", veroeffentlicht=True)
    SachstandFactory(projekt=projekt, datum=datetime.date(2025, 5, 1), status=Status.IN_PLANUNG)
    antwort = redaktion_client.post(
        reverse("monitoring:fassung_neu"),
        {"jahr": 2025, "stand": HEUTE.isoformat(), "einleitung": "Hallo", "schluss": ""},
    )
    fassung = Berichtsfassung.objects.get()
    assert antwort.status_code == 302
    assert antwort.url == fassung.get_absolute_url()
    seite = redaktion_client.get(fassung.get_absolute_url())
    assert "Rampen am Rathaus" in seite.content.decode()

    # A decision without committee: the form again, nothing frozen.
    adresse = reverse("monitoring:fassung_beschliessen", kwargs={"pk": fassung.pk})
    antwort = redaktion_client.post(
        adresse, {"gremium": "", "beschluss_datum": HEUTE.isoformat(), "geoeffnete_version": 1}
    )
    assert antwort.status_code == 200
    assert not fassung.dateien.exists()
    antwort = redaktion_client.post(
        adresse,
        {"gremium": "Ausschuss", "beschluss_datum": HEUTE.isoformat(), "geoeffnete_version": 1},
    )
    assert antwort.status_code == 302
    fassung.refresh_from_db()
    assert fassung.status == Berichtsfassung.Status.BESCHLOSSEN

    def laden(variante, format_):
        return redaktion_client.get(
            reverse(
                "monitoring:fassung_datei",
                kwargs={"pk": fassung.pk, "variante": variante, "format_": format_},
            )
        ).content

    vorher = {
        (v, f): laden(v, f) for v in ("intern", "oeffentlich") for f in ("html", "pdf", "xlsx")
    }
    assert vorher[("intern", "pdf")].startswith(b"%PDF")
    assert vorher[("intern", "xlsx")].startswith(b"PK")
    projekt.titel = "Ganz anders"
    projekt.save()
    SachstandFactory(projekt=projekt, datum=datetime.date(2025, 6, 1), status=Status.UMGESETZT)
    nachher = {
        (v, f): laden(v, f) for v in ("intern", "oeffentlich") for f in ("html", "pdf", "xlsx")
    }
    assert nachher == vorher

    # Withdrawal by the Datenpflege with a reason; recorded on the page.
    adresse = reverse("monitoring:fassung_zurueckziehen", kwargs={"pk": fassung.pk})
    antwort = datenpflege_client.post(
        adresse, {"rueckzug_grund": "", "geoeffnete_version": fassung.version}
    )
    assert antwort.status_code == 200
    antwort = datenpflege_client.post(
        adresse, {"rueckzug_grund": "Falsche Zahl", "geoeffnete_version": fassung.version}
    )
    assert antwort.status_code == 302
    seite = datenpflege_client.get(fassung.get_absolute_url()).content.decode()
    assert "Falsche Zahl" in seite
    assert laden("intern", "pdf") == vorher[("intern", "pdf")]


def test_abfragen_liste(lesen_client, django_assert_num_queries):
    for jahr in range(2015, 2025):
        Berichtsfassung.objects.create(jahr=jahr, stand=datetime.date(jahr + 1, 3, 1))
    # 1 session, 2 user, 3 groups, 4–6 years with data (reports, values, findings), 7 COUNT of
    # the reports, 8 their page.
    with django_assert_num_queries(8):
        antwort = lesen_client.get(reverse("monitoring:bericht_auswahl"))
    assert antwort.status_code == 200


def test_abfragen_beschlossen(lesen_client, beschlossen, django_assert_num_queries):
    # 1 session, 2 user, 3 groups, 4 the report, 5 its files (without their bytes), 6 the PDF
    # task, 7 the history with its users.
    with django_assert_num_queries(7):
        antwort = lesen_client.get(beschlossen.get_absolute_url())
    assert antwort.status_code == 200
    assert "herunterladen" in antwort.content.decode()


def test_abfragen_entwurf(lesen_client, entwurf, django_assert_max_num_queries):
    # The preview is the paged report (its fixed budget, tests/monitoring/test_jahresbericht)
    # plus the report and its history.
    with django_assert_max_num_queries(40):
        antwort = lesen_client.get(entwurf.get_absolute_url())
    assert antwort.status_code == 200
    assert "Einleitung 2025" in antwort.content.decode()


def test_entwurf_pdf_im_hintergrund_bis_zur_aenderung(redaktion_client, redaktion_user, entwurf):
    adresse = reverse("monitoring:fassung_xlsx", kwargs={"pk": entwurf.pk})
    # Not built yet: a page that offers to build it, no file in the request.
    antwort = redaktion_client.get(adresse)
    assert antwort.status_code == 200
    assert "im Hintergrund" in antwort.content.decode()
    antwort = redaktion_client.post(adresse)
    aufgabe = Aufgabe.objects.get()
    assert antwort.url == aufgabe.get_absolute_url()
    assert aufgabe.status == Aufgabe.Status.FERTIG
    assert aufgabe.hat_datei
    # Kept: asking again leads to the built file's task.
    assert redaktion_client.get(adresse).url == aufgabe.get_absolute_url()
    # A change of the draft (its Stand or texts) needs a new file.
    entwurf.einleitung = "Neu"
    entwurf_aendern(entwurf, benutzer=redaktion_user, erwartete_version=entwurf.version)
    antwort = redaktion_client.get(adresse)
    assert antwort.status_code == 200


def test_entwurf_fuer_beschlossenes_jahr_sagt_es_gleich(redaktion_client, beschlossen):
    """A new draft for a year already adopted is kept (a correction may be prepared), but the
    person learns at once, not only at the adoption, that the adopted one must be withdrawn
    first; the draft's page says so and links the adopted report."""
    antwort = redaktion_client.post(
        reverse("monitoring:fassung_neu"),
        {"jahr": 2025, "stand": HEUTE.isoformat(), "einleitung": "Korrektur", "schluss": ""},
        follow=True,
    )
    text = antwort.content.decode()
    assert "gibt es schon einen beschlossenen Bericht" in text
    assert beschlossen.get_absolute_url() in text
    entwurf = Berichtsfassung.objects.get(status=Berichtsfassung.Status.ENTWURF)
    # The adopted one's own page carries no such warning; a draft of another year neither.
    assert "gibt es schon einen beschlossenen" not in (
        redaktion_client.get(beschlossen.get_absolute_url()).content.decode()
    )
    entwurf.jahr = 2024
    entwurf.save()
    assert "gibt es schon einen beschlossenen" not in (
        redaktion_client.get(entwurf.get_absolute_url()).content.decode()
    )
