"""Browser checks (axe-core, WCAG 2.1 AA) of the task pages: the report's "PDF erstellen" to the
status page and its download, a queued task with its reload button, a failed one, the list."""

import datetime

import pytest

from aufgaben.models import Aufgabe
from projekte.models import Status
from tests.browser.conftest import axe_pruefen
from tests.factories import AufgabeFactory, ProjektskizzeFactory, SachstandFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bericht():
    projekt = ProjektskizzeFactory(titel="Rampen am Rathaus")
    SachstandFactory(projekt=projekt, datum=datetime.date(2025, 3, 1), status=Status.IN_UMSETZUNG)


def test_pdf_erstellen_statusseite_und_download(angemeldete_seite, bericht):
    seite = angemeldete_seite("lesen")
    seite.goto(f"{seite.basis}/monitoring/jahresbericht/2025/")
    seite.get_by_role("button", name="PDF erstellen").click()
    seite.wait_for_load_state()
    # The tests run tasks at once: the status page shows the finished file.
    assert "/aufgaben/" in seite.url
    assert "fertig" in seite.locator("main").inner_text()
    axe_pruefen(seite)
    with seite.expect_download() as download:
        seite.get_by_role("link", name="jahresbericht-2025.pdf herunterladen").click()
    assert download.value.suggested_filename == "jahresbericht-2025.pdf"


def test_wartende_und_fehlgeschlagene_aufgabe_und_liste(angemeldete_seite):
    seite = angemeldete_seite("redaktion")
    person = UserFactory(username="browser-redaktion")
    wartend = AufgabeFactory(
        gestartet_von=person, status=Aufgabe.Status.WARTET, titel="Messwerte importieren: a.csv"
    )
    fehlgeschlagen = AufgabeFactory(
        gestartet_von=person,
        status=Aufgabe.Status.FEHLGESCHLAGEN,
        titel="Messwerte importieren: b.csv",
        fehler="Die Datei ist leer.",
    )
    seite.goto(f"{seite.basis}{wartend.get_absolute_url()}")
    assert "in der Warteschlange" in seite.locator("main").inner_text()
    axe_pruefen(seite)
    seite.get_by_role("link", name="Stand neu laden").click()
    seite.wait_for_load_state()
    assert seite.url.endswith(wartend.get_absolute_url())

    seite.goto(f"{seite.basis}{fehlgeschlagen.get_absolute_url()}")
    assert "Die Datei ist leer." in seite.locator("main").inner_text()
    axe_pruefen(seite)

    seite.get_by_role("link", name="Aufgaben", exact=True).first.click()
    seite.wait_for_load_state()
    assert "Messwerte importieren: a.csv" in seite.locator("main").inner_text()
    axe_pruefen(seite)


@pytest.mark.parametrize(
    ("rolle", "pfad", "dateiname"),
    [
        ("lesen", "/massnahmen/export/?format=csv", "massnahmen-"),
        ("datenpflege", "/admin/projekte/projektskizze/export/?format=csv", "projektskizze-"),
    ],
    ids=["Maßnahmenliste", "Admin"],
)
def test_grosser_export_angebot_statusseite_und_download(
    angemeldete_seite, monkeypatch, rolle, pfad, dateiname
):
    """A big export (aktionsplan.hintergrundexport): the offer page, "Datei erstellen", the
    status page with the download; every page without an axe violation."""
    from aktionsplan import hintergrundexport

    monkeypatch.setattr(hintergrundexport, "SOFORT_BIS_ZEILEN", 2)
    ProjektskizzeFactory.create_batch(3)
    seite = angemeldete_seite(rolle)
    seite.goto(f"{seite.basis}{pfad}")
    assert "Die Datei enthält 3 Zeilen." in seite.locator("main, #content").first.inner_text()
    axe_pruefen(seite)
    seite.get_by_role("button", name="Datei erstellen").click()
    seite.wait_for_load_state()
    assert "/aufgaben/" in seite.url
    assert "fertig" in seite.locator("main").inner_text()
    axe_pruefen(seite)
    with seite.expect_download() as download:
        seite.get_by_role("link", name="herunterladen").click()
    assert download.value.suggested_filename.startswith(dateiname)
