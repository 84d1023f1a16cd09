"""The admin's import page in Chromium: no axe-core violation on the upload form, on a preview
with errors and on a valid preview; the confirm writes."""

import pytest

from monitoring.models import Messwert
from tests.browser.conftest import axe_pruefen
from tests.factories import IndikatorFactory, KommuneFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_import_mit_vorschau_und_bestaetigung(angemeldete_seite, tmp_path):
    KommuneFactory(name="Stolberg", slug="stolberg")
    IndikatorFactory(name="Arbeitslose Menschen mit Schwerbehinderung")
    kopf = "Indikator;Jahr;Raum;Wert\r\n"
    gut = "Arbeitslose Menschen mit Schwerbehinderung;2017;stolberg;17\r\n"
    schlecht = "Arbeitslose Menschen mit Schwerbehinderung;2017;Nirgendwo;4\r\n"
    falsch = tmp_path / "falsch.csv"
    falsch.write_bytes((kopf + gut + schlecht).encode("cp1252"))
    richtig = tmp_path / "richtig.csv"
    richtig.write_bytes((kopf + gut).encode("cp1252"))
    seite = angemeldete_seite("datenpflege")
    seite.goto(f"{seite.basis}/admin/monitoring/messwert/")
    seite.get_by_role("link", name="Importieren").click()
    seite.wait_for_load_state()
    axe_pruefen(seite)

    seite.get_by_label("Datei (CSV oder XLSX)").set_input_files(str(falsch))
    seite.get_by_role("button", name="Datei prüfen").click()
    seite.wait_for_load_state()
    assert "Zeile 3, Spalte „Raum“: „Nirgendwo“ ist kein bekannter Raum." in seite.content()
    assert seite.get_by_role("button", name="Import bestätigen und speichern").count() == 0
    axe_pruefen(seite)

    seite.get_by_label("Datei (CSV oder XLSX)").set_input_files(str(richtig))
    seite.get_by_role("button", name="Datei prüfen").click()
    seite.wait_for_load_state()
    axe_pruefen(seite)
    seite.get_by_role("button", name="Import bestätigen und speichern").click()
    seite.wait_for_load_state()
    assert "Import abgeschlossen: 1 neu, 0 geändert, 0 unverändert." in seite.content()
    assert Messwert.objects.get().wert == 17
