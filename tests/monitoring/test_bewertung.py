"""Assessment against the target (Eurostat's method for quantified targets): the classes at their
boundaries in both directions, without baseline, with one value only, and with protected values."""

from decimal import Decimal
from fractions import Fraction

import pytest

from monitoring.bewertung import Grund, Klasse, bewerten, indikator_bewerten
from monitoring.models import Indikator, Messwert
from monitoring.schutz import schuetzen
from tests.factories import IndikatorFactory, KommuneFactory, MesswertFactory, RaumFactory

D = Decimal


def rechne(basis, ziel, wert, jahr=2024, *, basisjahr=2020, zieljahr=2030, hoeher=True):
    return bewerten(
        basiswert=None if basis is None else D(basis),
        basisjahr=basisjahr,
        zielwert=None if ziel is None else D(ziel),
        zieljahr=zieljahr,
        wert=None if wert is None else D(wert),
        jahr=jahr,
        hoeher_besser=hoeher,
    )


# Rising target: 50 (2020) → 150 (2030), needed +10 a year; values of 2024 (4 years on).
# Falling target: 150 (2020) → 50 (2030), needed −10 a year.
@pytest.mark.parametrize(
    ("basis", "ziel", "wert", "quote", "klasse"),
    [
        ("50", "150", "88", 95, Klasse.AUF_KURS),
        ("50", "150", "87.99", Fraction("94.975"), Klasse.LEICHT_ABWEICHEND),
        ("50", "150", "74", 60, Klasse.LEICHT_ABWEICHEND),
        ("50", "150", "73.99", None, Klasse.DEUTLICH_ABWEICHEND),
        ("50", "150", "50", 0, Klasse.DEUTLICH_ABWEICHEND),
        ("50", "150", "49.99", None, Klasse.ENTFERNT_SICH),
        ("50", "150", "30", -50, Klasse.ENTFERNT_SICH),
        ("150", "50", "112", 95, Klasse.AUF_KURS),
        ("150", "50", "112.01", None, Klasse.LEICHT_ABWEICHEND),
        ("150", "50", "126", 60, Klasse.LEICHT_ABWEICHEND),
        ("150", "50", "126.01", None, Klasse.DEUTLICH_ABWEICHEND),
        ("150", "50", "150", 0, Klasse.DEUTLICH_ABWEICHEND),
        ("150", "50", "150.01", None, Klasse.ENTFERNT_SICH),
        ("150", "50", "170", -50, Klasse.ENTFERNT_SICH),
    ],
)
def test_klassen_an_den_grenzen(basis, ziel, wert, quote, klasse):
    ergebnis = rechne(basis, ziel, wert)
    assert ergebnis.klasse == klasse
    assert ergebnis.grund is None
    if quote is not None:
        assert ergebnis.quote == Fraction(quote)


def test_grenzen_unabhaengig_von_der_richtung_des_indikators():
    # The target decides what is wanted; "lower is better" does not flip the classes.
    assert rechne("150", "50", "112", hoeher=True).klasse == Klasse.AUF_KURS
    assert rechne("50", "150", "88", hoeher=False).klasse == Klasse.AUF_KURS


def test_ziel_erreicht_ist_auf_kurs_in_beiden_richtungen():
    # Reached late (2031) is still on track, not "slightly off" by its average rate.
    steigend = rechne("50", "150", "150", 2031)
    fallend = rechne("150", "50", "40", 2031)
    for ergebnis in (steigend, fallend):
        assert ergebnis.klasse == Klasse.AUF_KURS
        assert ergebnis.grund == Grund.ZIEL_ERREICHT
        assert ergebnis.quote is None


def test_ziel_gleich_basis_heisst_niveau_halten():
    assert rechne("10", "10", "10").klasse == Klasse.AUF_KURS
    assert rechne("10", "10", "11").grund == Grund.NIVEAU_GEHALTEN
    assert rechne("10", "10", "9").klasse == Klasse.ENTFERNT_SICH
    assert rechne("10", "10", "9", hoeher=False).klasse == Klasse.AUF_KURS
    assert rechne("10", "10", "11", hoeher=False).grund == Grund.NIVEAU_VERFEHLT


@pytest.mark.parametrize(
    ("kwargs", "grund"),
    [
        ({"basis": None, "ziel": "150", "wert": "88"}, Grund.KEIN_BASISWERT),
        ({"basis": "50", "ziel": "150", "wert": "88", "basisjahr": None}, Grund.KEIN_BASISWERT),
        ({"basis": "50", "ziel": None, "wert": "88"}, Grund.KEIN_ZIEL),
        ({"basis": "50", "ziel": "150", "wert": "88", "zieljahr": None}, Grund.KEIN_ZIEL),
        # only one value: none after the base year, or none at all
        ({"basis": "50", "ziel": "150", "wert": "50", "jahr": 2020}, Grund.EIN_WERT),
        ({"basis": "50", "ziel": "150", "wert": "60", "jahr": 2019}, Grund.EIN_WERT),
        ({"basis": "50", "ziel": "150", "wert": None, "jahr": None}, Grund.EIN_WERT),
        ({"basis": "50", "ziel": "150", "wert": "60", "zieljahr": 2020}, Grund.KEIN_ZEITRAUM),
    ],
)
def test_nicht_bewertbar(kwargs, grund):
    ergebnis = rechne(**kwargs)
    assert ergebnis.klasse == Klasse.NICHT_BEWERTBAR
    assert ergebnis.grund == grund
    assert ergebnis.quote is None


def test_symbol_und_text_fuer_jede_klasse():
    faelle = {
        Klasse.AUF_KURS: rechne("50", "150", "88"),
        Klasse.LEICHT_ABWEICHEND: rechne("50", "150", "80"),
        Klasse.DEUTLICH_ABWEICHEND: rechne("50", "150", "60"),
        Klasse.ENTFERNT_SICH: rechne("50", "150", "40"),
        Klasse.NICHT_BEWERTBAR: rechne(None, "150", "40"),
    }
    symbole = {ergebnis.symbol for ergebnis in faelle.values()}
    assert len(symbole) == len(Klasse)
    assert faelle[Klasse.LEICHT_ABWEICHEND].text == "leicht abweichend (75 % des nötigen Tempos)"
    assert faelle[Klasse.ENTFERNT_SICH].text == "entfernt sich (−25 % des nötigen Tempos)"
    assert faelle[Klasse.NICHT_BEWERTBAR].text == "nicht bewertbar (kein Basiswert)"
    for klasse, ergebnis in faelle.items():
        assert ergebnis.text.startswith(str(klasse.label))


# --- from protected display values -------------------------------------------------------------


def _anzeige(indikator, werte: dict[int, Decimal], kinder=()):
    """Kommune values by year (and child values), protected; returns {jahr: Anzeigewert}."""
    kommune = KommuneFactory()
    messwerte = {
        jahr: MesswertFactory(indikator=indikator, raum=kommune, jahr=jahr, wert=wert)
        for jahr, wert in werte.items()
    }
    for jahr, wert in kinder:
        MesswertFactory(
            indikator=indikator, raum=RaumFactory(uebergeordnet=kommune), jahr=jahr, wert=wert
        )
    anzeige = schuetzen(Messwert.objects.fuer_anzeige(indikator=indikator))
    return {jahr: anzeige[mw.pk] for jahr, mw in messwerte.items()}


@pytest.mark.django_db
def test_am_indikator_aus_gezeigten_werten():
    indikator = IndikatorFactory(basiswert=D(50), basisjahr=2020, zielwert=D(150), zieljahr=2030)
    werte = _anzeige(indikator, {2020: D(50), 2024: D(88)})
    assert indikator_bewerten(indikator, werte[2024], werte[2020]).klasse == Klasse.AUF_KURS
    # no value after the base year
    assert indikator_bewerten(indikator, werte[2020], werte[2020]).grund == Grund.EIN_WERT
    assert indikator_bewerten(indikator, None, werte[2020]).grund == Grund.EIN_WERT


@pytest.mark.django_db
def test_geschuetzter_neuester_wert_wird_nicht_bewertet():
    # Baseline 5 (2020), target 0 (2030), now 2 (< 3): "entfernt sich"/"auf Kurs" would narrow
    # the hidden number down.
    indikator = IndikatorFactory(
        basiswert=D(5), basisjahr=2020, zielwert=D(0), zieljahr=2030, mindestfallzahl=3
    )
    werte = _anzeige(indikator, {2020: D(5), 2024: D(2)})
    assert werte[2024].geschuetzt
    ergebnis = indikator_bewerten(indikator, werte[2024], werte[2020])
    assert ergebnis.klasse == Klasse.NICHT_BEWERTBAR
    assert ergebnis.grund == Grund.GESCHUETZT
    assert ergebnis.quote is None


@pytest.mark.django_db
def test_geschuetzter_basiswert_wird_nicht_benutzt():
    # A small baseline, and a baseline withheld by secondary suppression in its year.
    klein = IndikatorFactory(basiswert=D(2), basisjahr=2020, zielwert=D(20), zieljahr=2030)
    werte = _anzeige(klein, {2020: D(2), 2024: D(10)})
    assert indikator_bewerten(klein, werte[2024], werte[2020]).grund == Grund.GESCHUETZT

    zurueck = IndikatorFactory(basiswert=D(40), basisjahr=2020, zielwert=D(80), zieljahr=2030)
    # 2020: Kommune 40 = 38 + 2; the 2 is protected, so the Kommune total is withheld.
    werte = _anzeige(zurueck, {2020: D(40), 2024: D(60)}, kinder=[(2020, D(2))])
    assert werte[2020].geschuetzt
    assert indikator_bewerten(zurueck, werte[2024], werte[2020]).grund == Grund.GESCHUETZT


@pytest.mark.django_db
def test_qualitativer_indikator_ist_nicht_bewertbar():
    indikator = IndikatorFactory(art=Indikator.Art.QUALITATIV, ist_fallzahl=False)
    assert indikator_bewerten(indikator, None).grund == Grund.QUALITATIV
