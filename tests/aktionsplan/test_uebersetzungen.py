"""The German catalogue and the English translation are complete and valid."""

import subprocess
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("sprache", ["de", "en"])
def test_katalog_vollstaendig_und_gueltig(sprache):
    po = LOCALE / sprache / "LC_MESSAGES" / "django.po"
    ergebnis = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ergebnis.returncode == 0, ergebnis.stderr
    # e.g. "713 translated messages." — nothing fuzzy, nothing untranslated.
    assert "translated messages" in ergebnis.stderr
    assert "fuzzy" not in ergebnis.stderr
    assert "untranslated" not in ergebnis.stderr


def test_kompilierter_katalog_passt_zur_quelle(tmp_path):
    for sprache in ("de", "en"):
        po = LOCALE / sprache / "LC_MESSAGES" / "django.po"
        neu = tmp_path / f"{sprache}.mo"
        subprocess.run(["msgfmt", "-o", str(neu), str(po)], check=True)
        assert neu.read_bytes() == (po.with_suffix(".mo")).read_bytes(), (
            f"{sprache}: django.mo ist veraltet – manage.py compilemessages ausführen"
        )


@pytest.mark.parametrize(
    ("deutsch", "englisch"),
    [
        ("Übersicht", "Overview"),
        ("Maßnahmen", "Measures"),
        ("Anmelden", "Log in"),
        ("Erklärung zur Barrierefreiheit", "Accessibility statement"),
    ],
)
def test_englische_oberflaeche(deutsch, englisch):
    with translation.override("en"):
        assert translation.gettext(deutsch) == englisch
    with translation.override("de"):
        assert translation.gettext(deutsch) == deutsch


def test_seite_auf_englisch(client):
    antwort = client.get("/konto/anmelden/", HTTP_ACCEPT_LANGUAGE="en")
    inhalt = antwort.content.decode()
    assert '<html lang="en">' in inhalt
    assert "Log in" in inhalt
    assert "Anmelden" not in inhalt
