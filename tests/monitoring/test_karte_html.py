"""The pages with a map are valid HTML: the Nu HTML checker (vnu) finds no error on the area
comparison and the indicator page with a map (shown, protected and missing values)."""

import json
import shutil
import subprocess

import pytest
from django.urls import reverse

from tests.factories import RaumFactory
from tests.monitoring.test_indikatoren import daten_anlegen
from tests.monitoring.test_karte import quadrat, umrisse_setzen
from tests.test_html_gueltig import VNU

pytestmark = pytest.mark.django_db


def test_seiten_mit_karte_sind_gueltiges_html(lesen_client, tmp_path):
    java = shutil.which("java")
    assert java, "Java fehlt (Debian: openjdk-17-jre-headless; make install-test)"
    assert VNU.exists(), f"{VNU} fehlt: make install-test (npm ci)"
    indikator, kommune, raeume, _ = daten_anlegen()
    umrisse_setzen(raeume.values())
    RaumFactory(name="Zweifall", uebergeordnet=kommune, geometrie=quadrat(0, reihe=1))
    seiten = {
        "raumvergleich": lesen_client.get(
            reverse("monitoring:raumvergleich"), {"indikator": indikator.pk, "jahr": 2024}
        ),
        "indikator": lesen_client.get(indikator.get_absolute_url()),
    }
    dateien = []
    for name, antwort in seiten.items():
        assert 'class="karte"' in antwort.content.decode()
        datei = tmp_path / f"{name}.html"
        datei.write_bytes(antwort.content)
        dateien.append(str(datei))
    lauf = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *dateien],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    meldungen = [m for m in json.loads(lauf.stderr)["messages"] if m.get("type") == "error"]
    assert meldungen == []
