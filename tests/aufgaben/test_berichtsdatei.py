"""The yearly report's files: built by a task, once per state of the report (year, Stichtag, data
stand, language), then served; no request waits for WeasyPrint."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone, translation

from aufgaben.models import Aufgabe
from monitoring import hintergrund
from monitoring.jahresbericht import berichtsschluessel, datenstand
from projekte.models import Status
from tests.factories import AufgabeFactory, ProjektskizzeFactory, SachstandFactory, ThemaFactory

pytestmark = pytest.mark.django_db

JAHR = 2025
PDF_URL = reverse("monitoring:bericht_pdf", kwargs={"jahr": JAHR})
XLSX_URL = reverse("monitoring:bericht_xlsx", kwargs={"jahr": JAHR})
# One Kommune: every reader sees the same report.
LESER = AnonymousUser()


@pytest.fixture
def projekt():
    projekt = ProjektskizzeFactory(titel="Rampen am Rathaus", hauptthema=ThemaFactory())
    SachstandFactory(projekt=projekt, datum=datetime.date(JAHR, 3, 1), status=Status.IN_UMSETZUNG)
    return projekt


@pytest.fixture
def gebaut(monkeypatch):
    """Counts the PDFs built (WeasyPrint itself is tested in tests/monitoring)."""
    aufrufe = []

    def als_pdf(bericht, *, kommune):
        aufrufe.append((bericht.jahr, translation.get_language()))
        return b"%PDF-1.7 " + str(len(aufrufe)).encode()

    monkeypatch.setattr(hintergrund, "als_pdf", als_pdf)
    return aufrufe


def test_berichtsseite_bietet_die_dateien_als_aufgabe_an(lesen_client, projekt, gebaut):
    inhalt = lesen_client.get(reverse("monitoring:bericht", kwargs={"jahr": JAHR})).content
    inhalt = inhalt.decode()
    assert f'<form method="post" action="{PDF_URL}"' in inhalt
    assert f'<form method="post" action="{XLSX_URL}"' in inhalt
    assert "PDF erstellen" in inhalt
    assert gebaut == []


def test_ohne_datei_bietet_get_das_erstellen_an_und_baut_nichts(lesen_client, projekt, gebaut):
    antwort = lesen_client.get(PDF_URL)
    assert antwort.status_code == 200
    assert antwort["Content-Type"].startswith("text/html")
    assert f'<form method="post" action="{PDF_URL}">' in antwort.content.decode()
    assert gebaut == []
    assert not Aufgabe.objects.exists()


def test_einmal_gebaut_dann_ausgeliefert(lesen_client, redaktion_client, projekt, gebaut):
    erste = lesen_client.post(PDF_URL)
    assert len(gebaut) == 1
    aufgabe = Aufgabe.objects.get()
    assert erste.url == aufgabe.get_absolute_url()
    assert aufgabe.art == Aufgabe.Art.BERICHT_PDF
    assert aufgabe.ergebnis["stichtag"] == "2025-12-31"

    # A colleague asks for the same state: her own finished task, the same file, no build.
    redaktion_client.post(PDF_URL)
    zweite = Aufgabe.objects.exclude(pk=aufgabe.pk).get()
    assert zweite.status == Aufgabe.Status.FERTIG
    assert zweite.datei.name == aufgabe.datei.name
    assert len(gebaut) == 1
    inhalt = redaktion_client.get(zweite.get_absolute_url()).content.decode()
    assert "Die Datei war für diesen Datenstand schon erstellt." in inhalt

    # The report's own link hands out the built file directly.
    download = lesen_client.get(PDF_URL)
    assert download["Content-Disposition"] == 'attachment; filename="jahresbericht-2025.pdf"'
    assert b"".join(download.streaming_content) == b"%PDF-1.7 1"
    assert len(gebaut) == 1


def test_neuer_datenstand_neue_datei(lesen_client, projekt, gebaut):
    lesen_client.post(PDF_URL)
    vorher = datenstand()
    # A status report entered later: the report's state has changed.
    SachstandFactory(projekt=projekt, datum=datetime.date(JAHR, 6, 1), status=Status.UMGESETZT)
    assert datenstand() > vorher
    assert lesen_client.get(PDF_URL)["Content-Type"].startswith("text/html")
    lesen_client.post(PDF_URL)
    assert len(gebaut) == 2
    alt, neu = Aufgabe.objects.order_by("erstellt_am")
    assert alt.datei.name != neu.datei.name
    assert b"".join(lesen_client.get(PDF_URL).streaming_content) == b"%PDF-1.7 2"


def test_schluessel_je_jahr_stichtag_sprache_und_format(projekt):
    heute = datetime.date(2026, 11, 29)
    de = berichtsschluessel(JAHR, "pdf", sprache="de", nutzer=LESER, heute=heute)
    assert de == berichtsschluessel(JAHR, "pdf", sprache="de", nutzer=LESER, heute=heute)
    assert de != berichtsschluessel(JAHR, "pdf", sprache="en", nutzer=LESER, heute=heute)
    assert de != berichtsschluessel(JAHR - 1, "pdf", sprache="de", nutzer=LESER, heute=heute)
    assert de != berichtsschluessel(JAHR, "xlsx", sprache="de", nutzer=LESER, heute=heute)
    # The XLSX is German whatever the interface language.
    assert berichtsschluessel(
        JAHR, "xlsx", sprache="en", nutzer=LESER, heute=heute
    ) == berichtsschluessel(JAHR, "xlsx", sprache="de", nutzer=LESER, heute=heute)
    # The current year's Stichtag is today: tomorrow's report is another one.
    laufend = berichtsschluessel(2026, "pdf", sprache="de", nutzer=LESER, heute=heute)
    morgen = heute + datetime.timedelta(days=1)
    assert laufend != berichtsschluessel(2026, "pdf", sprache="de", nutzer=LESER, heute=morgen)


def test_englische_oberflaeche_eigenes_pdf(lesen_client, projekt, gebaut):
    lesen_client.post(PDF_URL)
    lesen_client.post(PDF_URL, HTTP_ACCEPT_LANGUAGE="en")
    assert gebaut == [(JAHR, "de"), (JAHR, "en")]
    assert sorted(Aufgabe.objects.values_list("sprache", flat=True)) == ["de", "en"]


def test_datenstand_in_einer_abfrage(projekt, django_assert_num_queries):
    with django_assert_num_queries(1):
        stand = datenstand()
    assert stand is not None
    assert timezone.is_aware(stand)


def test_fehlgeschlagener_bau_hinterlaesst_keine_datei(lesen_client, projekt, monkeypatch):
    def kaputt(bericht, *, kommune):
        raise ValueError("Schrift fehlt")

    monkeypatch.setattr(hintergrund, "als_pdf", kaputt)
    antwort = lesen_client.post(PDF_URL)
    aufgabe = Aufgabe.objects.get()
    assert aufgabe.status == Aufgabe.Status.FEHLGESCHLAGEN
    assert not aufgabe.datei
    assert "unerwarteten Fehler" in lesen_client.get(antwort.url).content.decode()
    # Nothing is served for this state; the next attempt builds again.
    assert lesen_client.get(PDF_URL)["Content-Type"].startswith("text/html")


def test_kein_bericht_fuer_die_zukunft(lesen_client):
    jahr = timezone.localdate().year + 1
    for url in ("monitoring:bericht_pdf", "monitoring:bericht_xlsx"):
        assert lesen_client.post(reverse(url, kwargs={"jahr": jahr})).status_code == 404
    assert not Aufgabe.objects.exists()


def test_geloeschte_datei_wird_neu_gebaut(lesen_client, projekt, gebaut):
    lesen_client.post(PDF_URL)
    Aufgabe.objects.get().datei.delete(save=False)
    assert lesen_client.get(PDF_URL)["Content-Type"].startswith("text/html")
    lesen_client.post(PDF_URL)
    assert len(gebaut) == 2


def test_fremde_berichtsdatei_nur_ueber_den_bericht(lesen_client, projekt, gebaut):
    """Someone else's task stays hidden (404); the report's file is everyone's who may read the
    report, through the report's own link."""
    fremd = AufgabeFactory(art=Aufgabe.Art.BERICHT_PDF)
    assert lesen_client.get(fremd.get_absolute_url()).status_code == 404
