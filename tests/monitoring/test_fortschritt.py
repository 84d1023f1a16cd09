"""Progress towards the target, in both directions, with every edge case."""

from decimal import Decimal

import pytest

from monitoring.fortschritt import Stand, fortschritt_berechnen, indikator_fortschritt
from monitoring.models import Indikator, Messwert
from monitoring.schutz import basiswert_text, schuetzen
from tests.factories import IndikatorFactory, MesswertFactory

D = Decimal


def rechne(basis, ziel, aktuell, *, hoeher=True):
    return fortschritt_berechnen(
        basiswert=None if basis is None else D(basis),
        zielwert=None if ziel is None else D(ziel),
        aktuell=None if aktuell is None else D(aktuell),
        hoeher_besser=hoeher,
    )


@pytest.mark.parametrize(
    ("basis", "ziel", "aktuell", "hoeher", "prozent", "stand"),
    [
        # higher is better: 100 → 200, now 140 = 40 % of the way
        ("100", "200", "140", True, D(40), Stand.AUF_DEM_WEG),
        ("100", "200", "200", True, D(100), Stand.ZIEL_ERREICHT),
        ("100", "200", "260", True, D(100), Stand.ZIEL_ERREICHT),
        ("100", "200", "80", True, D(-20), Stand.ENTGEGEN),
        ("100", "200", "100", True, D(0), Stand.AUF_DEM_WEG),
        # lower is better: 50 → 30, now 45 = 25 % of the way
        ("50", "30", "45", False, D(25), Stand.AUF_DEM_WEG),
        ("50", "30", "30", False, D(100), Stand.ZIEL_ERREICHT),
        ("50", "30", "20", False, D(100), Stand.ZIEL_ERREICHT),
        ("50", "30", "60", False, D(-50), Stand.ENTGEGEN),
        # rounding half up to whole percent
        ("0", "3", "1", True, D(33), Stand.AUF_DEM_WEG),
        ("0", "8", "1", True, D(13), Stand.AUF_DEM_WEG),
    ],
)
def test_anteil_des_weges(basis, ziel, aktuell, hoeher, prozent, stand):
    ergebnis = rechne(basis, ziel, aktuell, hoeher=hoeher)
    assert ergebnis.prozent == prozent
    assert ergebnis.stand == stand


def test_texte():
    assert rechne("100", "200", "140").text == "40 %"
    assert rechne("100", "200", "300").text == "100 % – Ziel erreicht"
    assert rechne("100", "200", "80").text == "−20 % – Entwicklung entgegen dem Ziel"
    assert rechne(None, "200", "80").text == "kein Basiswert"


def test_balken_nie_ueber_100_oder_unter_0():
    assert rechne("100", "200", "300").balken_prozent == 100
    assert rechne("100", "200", "50").balken_prozent == 0
    assert rechne("100", "200", "150").balken_prozent == 50


@pytest.mark.parametrize(
    ("basis", "ziel", "aktuell", "hoeher", "stand"),
    [
        (None, "200", "140", True, Stand.KEIN_BASISWERT),
        ("100", None, "140", True, Stand.KEIN_ZIELWERT),
        ("100", "200", None, True, Stand.KEIN_WERT),
        ("100", "50", "80", True, Stand.WIDERSPRUCH),
        ("50", "100", "80", False, Stand.WIDERSPRUCH),
    ],
)
def test_ohne_prozent(basis, ziel, aktuell, hoeher, stand):
    ergebnis = rechne(basis, ziel, aktuell, hoeher=hoeher)
    assert ergebnis.prozent is None
    assert ergebnis.stand == stand
    assert ergebnis.text == str(stand.label)


def test_basis_gleich_ziel():
    assert rechne("10", "10", "12").stand == Stand.ZIEL_ERREICHT
    assert rechne("10", "10", "8").stand == Stand.ENTGEGEN
    assert rechne("10", "10", "8").prozent is None
    assert rechne("10", "10", "8", hoeher=False).stand == Stand.ZIEL_ERREICHT


@pytest.mark.django_db
def test_geschuetzter_wert_ergibt_keinen_fortschritt():
    # basis 0, target 10, value 2: "20 %" would give the 2 away.
    indikator = IndikatorFactory(basiswert=D(0), zielwert=D(10), basisjahr=2020, zieljahr=2030)
    mw = MesswertFactory(indikator=indikator, wert=D(2))
    av = schuetzen(Messwert.objects.fuer_anzeige(indikator=indikator))[mw.pk]
    ergebnis = indikator_fortschritt(indikator, av)
    assert ergebnis.prozent is None
    assert ergebnis.stand == Stand.GESCHUETZT


@pytest.mark.django_db
def test_fortschritt_am_indikator_richtung():
    indikator = IndikatorFactory(
        basiswert=D(50), zielwert=D(30), richtung=Indikator.Richtung.NIEDRIGER_BESSER
    )
    mw = MesswertFactory(indikator=indikator, wert=D(40))
    av = schuetzen(Messwert.objects.fuer_anzeige(indikator=indikator))[mw.pk]
    assert indikator_fortschritt(indikator, av).prozent == D(50)
    assert basiswert_text(indikator) == "50"
