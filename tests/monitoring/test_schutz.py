"""Protection of small numbers: primary, secondary (no derivation as total − parts), protected
parents, non-count indicators untouched."""

import itertools
import random
from decimal import Decimal

import pytest

from aktionsplan.models import Raum
from monitoring.models import Messwert
from monitoring.schutz import (
    ZURUECKGEHALTEN_ZEICHEN,
    Grund,
    basis_geschuetzt,
    basiswert_text,
    schuetzen,
)
from monitoring.zahlen import zahl_formatieren
from tests.factories import IndikatorFactory, KommuneFactory, MesswertFactory, RaumFactory

pytestmark = pytest.mark.django_db


def baum(indikator, kommune_wert, kinder_werte, *, jahr=2025, kommune=None):
    """A Kommune with one Sozialraum per child value; returns (kommune value, child values)."""
    kommune = kommune or KommuneFactory()
    eltern = MesswertFactory(
        indikator=indikator, jahr=jahr, raum=kommune, wert=Decimal(kommune_wert)
    )
    kinder = [
        MesswertFactory(
            indikator=indikator,
            jahr=jahr,
            raum=RaumFactory(uebergeordnet=kommune, name=f"Raum {i:02d}"),
            wert=Decimal(w),
        )
        for i, w in enumerate(kinder_werte)
    ]
    return eltern, kinder


def anzeige(indikator):
    return schuetzen(Messwert.objects.fuer_anzeige(indikator=indikator))


def moegliche_werte(eltern_av, kinder_avs, n):
    """Brute force: every whole-number assignment of the hidden children consistent with what a
    reader sees (shown numbers, "< N" = 0…N−1, "•" = at least N, parts add up to the total).
    Returns the set of possible values for each protected child."""
    if eltern_av.wert is None:
        return {}
    rest = int(eltern_av.wert) - sum(int(k.wert) for k in kinder_avs if k.wert is not None)
    verborgen = [k for k in kinder_avs if k.wert is None]
    bereiche = [
        range(n, max(rest, n) + 1) if k.text == ZURUECKGEHALTEN_ZEICHEN else range(n)
        for k in verborgen
    ]
    moeglich = {k.messwert.pk: set() for k in verborgen if k.text.startswith("<")}
    for belegung in itertools.product(*bereiche):
        if sum(belegung) != rest:
            continue
        for k, v in zip(verborgen, belegung, strict=True):
            if k.messwert.pk in moeglich:
                moeglich[k.messwert.pk].add(v)
    return moeglich


def assert_nicht_ableitbar(eltern, kinder, ergebnis, n=3):
    kinder_avs = [ergebnis[k.pk] for k in kinder]
    for pk, werte in moegliche_werte(ergebnis[eltern.pk], kinder_avs, n).items():
        assert len(werte) >= 2, f"geschützter Wert {pk} ableitbar: {werte}"


def test_zahlen_deutsch_formatiert():
    assert zahl_formatieren(Decimal("1234.00")) == "1.234"
    assert zahl_formatieren(Decimal("12.50")) == "12,5"
    assert zahl_formatieren(Decimal("0.25")) == "0,25"
    assert zahl_formatieren(Decimal("1200")) == "1.200"


def test_primaerer_schutz_zeigt_kleiner_n():
    indikator = IndikatorFactory(mindestfallzahl=3)
    mw = MesswertFactory(indikator=indikator, wert=Decimal("2"))
    av = anzeige(indikator)[mw.pk]
    assert av.geschuetzt
    assert av.wert is None
    assert av.text == "< 3"
    assert av.grund == Grund.FALLZAHL
    assert "3" in av.erklaerung


def test_wert_gleich_mindestfallzahl_wird_gezeigt():
    indikator = IndikatorFactory(mindestfallzahl=3)
    mw = MesswertFactory(indikator=indikator, wert=Decimal("3"))
    av = anzeige(indikator)[mw.pk]
    assert not av.geschuetzt
    assert av.text == "3"
    assert av.wert == Decimal("3")


def test_andere_mindestfallzahl():
    indikator = IndikatorFactory(mindestfallzahl=10)
    klein = MesswertFactory(indikator=indikator, wert=Decimal("9"), jahr=2024)
    gross = MesswertFactory(indikator=indikator, wert=Decimal("10"), jahr=2025)
    ergebnis = anzeige(indikator)
    assert ergebnis[klein.pk].text == "< 10"
    assert ergebnis[gross.pk].text == "10"


def test_keine_fallzahl_bleibt_unberuehrt():
    indikator = IndikatorFactory(ist_fallzahl=False, mindestfallzahl=3)
    eltern, kinder = baum(indikator, "10,5".replace(",", "."), ["1", "9.5"])
    ergebnis = anzeige(indikator)
    assert ergebnis[eltern.pk].text == "10,5"
    assert [ergebnis[k.pk].text for k in kinder] == ["1", "9,5"]
    assert not any(av.geschuetzt for av in ergebnis.values())


def test_ein_geschuetztes_kind_das_kleinste_andere_wird_zurueckgehalten():
    indikator = IndikatorFactory()
    eltern, (a, b, c, d) = baum(indikator, "60", ["2", "8", "20", "30"])
    ergebnis = anzeige(indikator)
    assert ergebnis[eltern.pk].text == "60"
    assert ergebnis[a.pk].text == "< 3"
    assert ergebnis[b.pk].text == ZURUECKGEHALTEN_ZEICHEN
    assert ergebnis[b.pk].grund == Grund.ZURUECKGEHALTEN
    assert ergebnis[b.pk].erklaerung == "zum Schutz kleiner Zahlen zurückgehalten"
    assert ergebnis[b.pk].wert is None
    assert ergebnis[c.pk].text == "20"
    assert ergebnis[d.pk].text == "30"
    assert_nicht_ableitbar(eltern, [a, b, c, d], ergebnis)


def test_null_und_kleinstes_gleich_n_haelt_ein_weiteres_zurueck():
    # 0 with a withheld 3: total − parts = 3 would pin the protected value to 0.
    indikator = IndikatorFactory()
    eltern, kinder = baum(indikator, "53", ["0", "3", "20", "30"])
    ergebnis = anzeige(indikator)
    texte = [ergebnis[k.pk].text for k in kinder]
    assert texte == ["< 3", ZURUECKGEHALTEN_ZEICHEN, ZURUECKGEHALTEN_ZEICHEN, "30"]
    assert_nicht_ableitbar(eltern, kinder, ergebnis)


def test_zwei_geschuetzte_kinder_mit_eindeutiger_summe():
    # 2 + 2 = 4: "< 3" twice with a rest of 4 leaves only 2 + 2; a shown child must go too.
    indikator = IndikatorFactory()
    eltern, kinder = baum(indikator, "24", ["2", "2", "20"])
    ergebnis = anzeige(indikator)
    assert ergebnis[kinder[2].pk].text == ZURUECKGEHALTEN_ZEICHEN
    assert_nicht_ableitbar(eltern, kinder, ergebnis)


def test_ohne_sichtbare_kinder_wird_der_elternwert_zurueckgehalten():
    indikator = IndikatorFactory()
    eltern, kinder = baum(indikator, "4", ["2", "2"])
    ergebnis = anzeige(indikator)
    assert ergebnis[eltern.pk].text == ZURUECKGEHALTEN_ZEICHEN
    assert [ergebnis[k.pk].text for k in kinder] == ["< 3", "< 3"]


def test_elternwert_geschuetzt_kinder_geschuetzt():
    indikator = IndikatorFactory()
    kommune = KommuneFactory()
    sozialraum = RaumFactory(uebergeordnet=kommune)
    viertel = RaumFactory(uebergeordnet=sozialraum, ebene=Raum.Ebene.VIERTEL)
    k = MesswertFactory(indikator=indikator, raum=kommune, wert=Decimal("50"))
    s = MesswertFactory(indikator=indikator, raum=sozialraum, wert=Decimal("2"))
    # Inconsistent on purpose: the child of a protected parent is never shown.
    v = MesswertFactory(indikator=indikator, raum=viertel, wert=Decimal("5"))
    ergebnis = anzeige(indikator)
    assert ergebnis[s.pk].text == "< 3"
    assert ergebnis[v.pk].geschuetzt
    assert ergebnis[v.pk].grund == Grund.UEBERGEORDNET
    assert "5" not in ergebnis[v.pk].text
    # The lone protected Sozialraum under a shown Kommune: the Kommune has no other child, so it
    # is withheld itself.
    assert ergebnis[k.pk].text == ZURUECKGEHALTEN_ZEICHEN


def test_gruppen_je_jahr_getrennt():
    indikator = IndikatorFactory()
    kommune = KommuneFactory()
    e1, k1 = baum(indikator, "40", ["2", "10", "28"], jahr=2024, kommune=kommune)
    raeume = [k.raum for k in k1]
    e2 = MesswertFactory(indikator=indikator, jahr=2025, raum=kommune, wert=Decimal("45"))
    k2 = [
        MesswertFactory(indikator=indikator, jahr=2025, raum=r, wert=Decimal(w))
        for r, w in zip(raeume, ["5", "10", "30"], strict=True)
    ]
    ergebnis = anzeige(indikator)
    assert [ergebnis[k.pk].text for k in k1] == ["< 3", ZURUECKGEHALTEN_ZEICHEN, "28"]
    assert [ergebnis[k.pk].text for k in k2] == ["5", "10", "30"]
    assert ergebnis[e1.pk].text == "40"
    assert ergebnis[e2.pk].text == "45"


def test_ohne_elternwert_keine_sekundaere_sperre():
    indikator = IndikatorFactory()
    kommune = KommuneFactory()
    a = MesswertFactory(indikator=indikator, raum=RaumFactory(uebergeordnet=kommune), wert=1)
    b = MesswertFactory(indikator=indikator, raum=RaumFactory(uebergeordnet=kommune), wert=7)
    ergebnis = anzeige(indikator)
    assert ergebnis[a.pk].text == "< 3"
    assert ergebnis[b.pk].text == "7"


def test_zufaellige_baeume_nie_ableitbar():
    """Brute force over many random groups: no protected value is pinned by the shown numbers,
    and no protected number appears in any text."""
    zufall = random.Random(20250101)
    for durchlauf in range(40):
        indikator = IndikatorFactory(mindestfallzahl=zufall.choice([3, 3, 5]))
        n = indikator.mindestfallzahl
        werte = [zufall.choice([0, 1, 2, 3, 4, 5, 7, 12, 40]) for _ in range(zufall.randint(1, 5))]
        kommune = KommuneFactory(slug=f"zufall-{durchlauf}")
        eltern, kinder = baum(indikator, str(sum(werte)), [str(w) for w in werte], kommune=kommune)
        ergebnis = anzeige(indikator)
        for mw in [eltern, *kinder]:
            av = ergebnis[mw.pk]
            if mw.wert < n:
                assert av.wert is None
                assert av.text in {f"< {n}", ZURUECKGEHALTEN_ZEICHEN}
        if ergebnis[eltern.pk].wert is not None:
            assert_nicht_ableitbar(eltern, kinder, ergebnis, n=n)


def test_eine_abfrage_fuer_vollstaendige_gruppen(django_assert_num_queries):
    indikator = IndikatorFactory()
    baum(indikator, "60", ["2", "8", "20", "30"])
    with django_assert_num_queries(1):  # Messwert JOIN Raum JOIN Indikator
        ergebnis = anzeige(indikator)
    assert len(ergebnis) == 5


def test_kleinzahl_text_ist_die_eine_schreibweise():
    from monitoring.schutz import kleinzahl_text

    assert kleinzahl_text(3) == "< 3"
    assert kleinzahl_text(10) == "< 10"
    klein = IndikatorFactory(mindestfallzahl=10, basiswert=Decimal(4))
    assert basiswert_text(klein) == kleinzahl_text(10)
    mw = MesswertFactory(indikator=klein, raum=KommuneFactory(), wert=Decimal(4))
    assert schuetzen([mw])[mw.pk].text == kleinzahl_text(10)


def test_basiswert_text_folgt_dem_geschuetzten_wert_des_basisjahrs():
    kommune = KommuneFactory()
    indikator = IndikatorFactory(basiswert=Decimal(5), basisjahr=2020, mindestfallzahl=3)
    gesamt = MesswertFactory(indikator=indikator, raum=kommune, jahr=2020, wert=Decimal(5))
    kind = MesswertFactory(
        indikator=indikator, raum=RaumFactory(uebergeordnet=kommune), jahr=2020, wert=Decimal(2)
    )
    basis = schuetzen([gesamt, kind])[gesamt.pk]
    assert basis.text == ZURUECKGEHALTEN_ZEICHEN
    assert basiswert_text(indikator) == "5"  # without the group only the primary rule applies
    assert basiswert_text(indikator, basis) == ZURUECKGEHALTEN_ZEICHEN
    assert basis_geschuetzt(indikator, basis)
    indikator.basiswert = Decimal(6)  # a baseline from elsewhere does not reveal the value
    assert basiswert_text(indikator, basis) == "6"
    assert not basis_geschuetzt(indikator, basis)
