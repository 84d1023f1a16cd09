"""Dates and numbers follow the active language everywhere, reports included (issue 10, point
6): German 01.06.2026 and 1.234,5, English 06/01/2026 and 1,234.5. Templates use named formats
(SHORT_DATE_FORMAT …), never a fixed pattern such as "d.m.Y"."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from aktionsplan.eingaben import ANZAHL_MAX, anzahl_unplausibel
from projekte.models import Ampel, Status
from tests.factories import (
    BeteiligungsformatFactory,
    IndikatorFactory,
    MesswertFactory,
    ProjektskizzeFactory,
    SachstandFactory,
)

pytestmark = pytest.mark.django_db
WURZEL = Path(__file__).resolve().parents[1]


def _englisch(client) -> None:
    client.cookies["django_language"] = "en"


def test_vorlagen_ohne_festes_datumsformat():
    """A fixed pattern shows German dates in the English UI; only named formats follow the
    language (the machine-readable datetime attribute of <time> is ISO, in single quotes)."""
    funde = []
    for vorlage in (WURZEL / "templates").rglob("*.*"):
        for nummer, zeile in enumerate(vorlage.read_text(encoding="utf-8").splitlines(), 1):
            for muster in re.findall(r"\|(?:date|time):\"([^\"]+)\"", zeile):
                if not re.fullmatch(r"[A-Z_]+", muster) and muster != "H:i:s":
                    funde.append(f"{vorlage.relative_to(WURZEL)}:{nummer}: {muster}")
    assert funde == []


@pytest.fixture
def massnahme():
    projekt = ProjektskizzeFactory(titel="Barrierefreies Rathaus")
    SachstandFactory(
        projekt=projekt,
        datum=datetime.date(2026, 6, 1),
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
    )
    return projekt


@pytest.mark.parametrize(
    ("sprache", "datum"), [("de", "01.06.2026"), ("en", "06/01/2026")], ids=["de", "en"]
)
def test_datum_auf_liste_detail_und_uebersicht(redaktion_client, massnahme, sprache, datum):
    if sprache == "en":
        _englisch(redaktion_client)
    for url in (
        reverse("projekte:projekt_liste"),
        massnahme.get_absolute_url(),
        reverse("projekte:uebersicht"),
        reverse("projekte:sachstand_neu", args=[massnahme.pk]),
    ):
        inhalt = redaktion_client.get(url).content.decode()
        assert datum in inhalt, url
        assert ("01.06.2026" in inhalt) == (sprache == "de"), url


@pytest.mark.parametrize(
    ("sprache", "name"),
    [("de", "Begegnungstag · 17.05.2025"), ("en", "Begegnungstag · 05/17/2025")],
    ids=["de", "en"],
)
def test_namen_der_aenderungsliste_aus_sql(datenpflege_client, sprache, name):
    BeteiligungsformatFactory(titel="Begegnungstag", datum=datetime.date(2025, 5, 17))
    if sprache == "en":
        _englisch(datenpflege_client)
    antwort = datenpflege_client.get(
        reverse("querschnitt:aenderung_liste"), {"modell": "aktionsplan-beteiligungsformat"}
    )
    assert name in antwort.content.decode()


@pytest.mark.parametrize(
    ("sprache", "wert", "datum"),
    [("de", "1.234,5", "31.12.2025"), ("en", "1,234.5", "12/31/2025")],
    ids=["de", "en"],
)
def test_jahresbericht_zahlen_und_daten(lesen_client, sprache, wert, datum):
    from django.utils import timezone

    from aktionsplan.models import Raum
    from monitoring.models import Messwert

    # The own Kommune of the test settings; the report reads values from their history.
    kommune = Raum.objects.get_or_create(
        slug="testkommune", defaults={"name": "Testkommune", "ebene": Raum.Ebene.KOMMUNE}
    )[0]
    indikator = IndikatorFactory(name="Barrierefreie Wege", einheit="km")
    MesswertFactory(indikator=indikator, raum=kommune, jahr=2025, wert=Decimal("1234.5"))
    Messwert.history.update(history_date=timezone.make_aware(datetime.datetime(2025, 6, 1)))
    if sprache == "en":
        _englisch(lesen_client)
    inhalt = lesen_client.get(reverse("monitoring:bericht", kwargs={"jahr": 2025})).content
    text = inhalt.decode()
    assert wert in text
    assert datum in text
    # And on the indicator page, its table and chart.
    text = lesen_client.get(indikator.get_absolute_url()).content.decode()
    assert wert in text


def test_zahlen_in_meldungen_folgen_der_sprache():
    assert "10.000.000" in anzahl_unplausibel(ANZAHL_MAX + 1)
    with translation.override("en"):
        assert "10,000,000" in anzahl_unplausibel(ANZAHL_MAX + 1)
