"""Rates and shares (issue 9, points 1 and 2): computed in SQL, never typed in, protected across
indicators; the derivation attack as a property-based test over random groups."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aktionsplan.models import Raum
from monitoring import quoten
from monitoring.models import Indikator, Messwert
from monitoring.quoten import quote_runden, quoten_berechnen
from monitoring.schutz import ZURUECKGEHALTEN_ZEICHEN, Grund, schuetzen
from tests.factories import IndikatorFactory, KommuneFactory, MesswertFactory, RaumFactory
from tests.monitoring.ableitung import Lage, Quote, Zelle, aufgedeckt

pytestmark = pytest.mark.django_db


def _quelle_und_quote(*, faktor=1000, mindest=3):
    anzahl = IndikatorFactory(name="Menschen mit Schwerbehinderung", mindestfallzahl=mindest)
    einwohner = IndikatorFactory(name="Einwohnerzahl", ist_einwohnerzahl=True)
    quote = IndikatorFactory(
        name="je 1.000",
        einheit="je 1.000 Einwohner",
        ist_fallzahl=False,
        berechnet=True,
        zaehler=anzahl,
        nenner=einwohner,
        faktor=faktor,
    )
    return anzahl, einwohner, quote


def _werte(indikator, jahr=2025):
    return {
        mw.raum.name: mw.wert
        for mw in Messwert.objects.filter(indikator=indikator, jahr=jahr).select_related("raum")
    }


# --- computed in SQL -----------------------------------------------------------------------------


def test_quote_wird_je_raum_und_jahr_berechnet_und_folgt_den_quellen():
    anzahl, einwohner, quote = _quelle_und_quote()
    kommune = KommuneFactory(name="Stolberg")
    atsch = RaumFactory(name="Atsch", uebergeordnet=kommune)
    dorff = RaumFactory(name="Dorff", uebergeordnet=kommune)
    MesswertFactory(indikator=anzahl, raum=atsch, wert=Decimal(350))
    MesswertFactory(indikator=einwohner, raum=atsch, wert=Decimal(3900))
    # 70 ÷ 650 × 1,000 = 107.6923… → 107.69 (the SQL result, rounded half up)
    MesswertFactory(indikator=anzahl, raum=dorff, wert=Decimal(70))
    dorff_ew = MesswertFactory(indikator=einwohner, raum=dorff, wert=Decimal(650))
    # no population: no rate
    MesswertFactory(indikator=anzahl, raum=kommune, wert=Decimal(420))

    assert _werte(quote) == {"Atsch": Decimal("89.74"), "Dorff": Decimal("107.69")}
    dorff_ew.wert = Decimal(700)
    dorff_ew.save()
    assert _werte(quote)["Dorff"] == Decimal("100.00")
    dorff_ew.delete()
    assert set(_werte(quote)) == {"Atsch"}
    # Recomputing changes nothing; the history names the computation.
    assert quoten_berechnen() == 0
    eintrag = Messwert.history.filter(indikator_id=quote.pk).latest("history_date")
    assert eintrag.history_change_reason == quoten.AENDERUNGSGRUND


def test_runden_gleich_auf_sqlite_und_postgresql():
    # 1 ÷ 400 × 1,000 = 2.5; 3 ÷ 8 × 100 = 37.5; 1 ÷ 66,667 × 1,000 = 0.0149999… → 0.01
    assert quote_runden(2.5) == Decimal("2.50")
    assert quote_runden(0.015) == Decimal("0.02")
    assert quote_runden(1 * 1000 / 66667) == Decimal("0.01")


def test_berechneter_indikator_nimmt_keine_eingegebenen_werte():
    _anzahl, _einwohner, quote = _quelle_und_quote()
    with pytest.raises(ValidationError) as fehler:
        Messwert(indikator=quote, jahr=2025, raum=KommuneFactory(), wert=Decimal(5)).full_clean()
    assert "berechnet" in str(fehler.value)


def test_indikator_regeln_fuer_quoten():
    anzahl, einwohner, quote = _quelle_und_quote()
    ohne_faktor = Indikator(
        name="x", raeumliche_ebene="kommune", berechnet=True, zaehler=anzahl, nenner=einwohner
    )
    ohne_faktor.ist_fallzahl = False
    with pytest.raises(ValidationError) as fehler:
        ohne_faktor.full_clean()
    assert "faktor" in fehler.value.message_dict
    kette = Indikator(
        name="y",
        raeumliche_ebene="kommune",
        ist_fallzahl=False,
        berechnet=True,
        zaehler=quote,
        nenner=einwohner,
        faktor=100,
    )
    with pytest.raises(ValidationError) as fehler:
        kette.full_clean()
    assert "zaehler" in fehler.value.message_dict
    # A count with entered values cannot silently become computed.
    MesswertFactory(indikator=anzahl, raum=KommuneFactory())
    anzahl.berechnet, anzahl.zaehler, anzahl.nenner, anzahl.faktor = True, einwohner, quote, 1
    with pytest.raises(ValidationError):
        anzahl.full_clean()


def test_werteingabe_fuer_berechneten_indikator_gibt_es_nicht(redaktion_client):
    _anzahl, _einwohner, quote = _quelle_und_quote()
    antwort = redaktion_client.get(reverse("monitoring:messwert_neu", args=[quote.pk]))
    assert antwort.status_code == 404
    seite = redaktion_client.get(quote.get_absolute_url()).content.decode()
    assert "berechnet je Raum und Jahr" in seite
    assert reverse("monitoring:messwert_neu", args=[quote.pk]) not in seite


def test_berechnete_werte_verlinken_keine_bearbeitung(redaktion_client):
    """QA finding 1: every value cell of a computed indicator linked an edit page that answers
    404 (its values are never typed in); they are plain values now."""
    anzahl, einwohner, quote = _quelle_und_quote()
    kommune = KommuneFactory(name="Stolberg")
    MesswertFactory(indikator=einwohner, raum=kommune, jahr=2025, wert=Decimal(57000))
    MesswertFactory(indikator=anzahl, raum=kommune, jahr=2025, wert=Decimal(5700))
    assert _werte(quote) == {"Stolberg": Decimal("100.00")}
    seite = redaktion_client.get(quote.get_absolute_url()).content.decode()
    assert "100" in seite
    assert "/bearbeiten/" not in seite.split('id="zeitreihe-tabelle-titel"', 1)[1]
    quelle = redaktion_client.get(anzahl.get_absolute_url()).content.decode()
    wert = Messwert.objects.get(indikator=anzahl)
    assert reverse("monitoring:messwert_bearbeiten", args=[wert.pk]) in quelle


# --- protection across indicators ----------------------------------------------------------------


def _stadt(anzahlen, einwohnerzahlen, *, mindest=3):
    anzahl, einwohner, quote = _quelle_und_quote(mindest=mindest)
    kommune = KommuneFactory(name="Stolberg")
    MesswertFactory(indikator=anzahl, raum=kommune, wert=Decimal(sum(anzahlen)))
    MesswertFactory(indikator=einwohner, raum=kommune, wert=Decimal(sum(einwohnerzahlen)))
    for i, (a, e) in enumerate(zip(anzahlen, einwohnerzahlen, strict=True)):
        raum = RaumFactory(name=f"Raum {i:02d}", uebergeordnet=kommune)
        MesswertFactory(indikator=anzahl, raum=raum, wert=Decimal(a))
        MesswertFactory(indikator=einwohner, raum=raum, wert=Decimal(e))
    return anzahl, einwohner, quote


def _anzeige_je_raum(indikator):
    mws = list(Messwert.objects.fuer_anzeige(indikator=indikator))
    anzeige = schuetzen(mws)
    return {mw.raum.name: anzeige[mw.pk] for mw in mws}


def test_quote_zurueckgehalten_wo_die_fallzahl_primaer_oder_sekundaer_geschuetzt_ist(
    django_assert_num_queries,
):
    anzahl, _einwohner, quote = _stadt([70, 100, 2, 500], [650, 900, 300, 4000])
    zaehler = _anzeige_je_raum(anzahl)
    assert zaehler["Raum 02"].text == "< 3"
    assert zaehler["Raum 00"].text == ZURUECKGEHALTEN_ZEICHEN  # secondary: the smallest
    mws = list(Messwert.objects.fuer_anzeige(indikator=quote))
    # One query for the values, one for the complete groups of numerator and denominator.
    with django_assert_num_queries(1):
        anzeige = schuetzen(mws)
    je_raum = {mw.raum.name: anzeige[mw.pk] for mw in mws}
    for name in ("Raum 00", "Raum 02"):
        assert je_raum[name].text == ZURUECKGEHALTEN_ZEICHEN
        assert je_raum[name].grund == Grund.BEZUG
    assert je_raum["Raum 01"].text == "111,11"
    # A raised minimum withholds the rates of the newly protected counts too.
    Indikator.objects.filter(pk=anzahl.pk).update(mindestfallzahl=101)
    je_raum = _anzeige_je_raum(Indikator.objects.get(pk=quote.pk))
    assert je_raum["Raum 00"].wert is None
    assert je_raum["Raum 01"].wert is None


def test_eingegebener_anteil_mit_fallzahl_n_und_ohne(datenpflege_user, lesen_user):
    kommune = KommuneFactory(name="Stolberg")
    raeume = [RaumFactory(name=f"Raum {i}", uebergeordnet=kommune) for i in range(3)]
    anteil = IndikatorFactory(name="Anteil", einheit="%", ist_fallzahl=False, mindestfallzahl=5)
    MesswertFactory(indikator=anteil, raum=kommune, wert=Decimal("10.5"))
    MesswertFactory(indikator=anteil, raum=raeume[0], wert=Decimal("12.5"), fallzahl=4)
    MesswertFactory(indikator=anteil, raum=raeume[1], wert=Decimal("9.1"), fallzahl=40)
    MesswertFactory(indikator=anteil, raum=raeume[2], wert=Decimal("8.0"))
    je_raum = _anzeige_je_raum(anteil)
    assert je_raum["Stolberg"].text == "10,5"  # the Kommune: shown without n
    assert je_raum["Raum 0"].grund == Grund.FALLZAHL_N  # n = 4 < 5
    assert je_raum["Raum 1"].text == "9,1"
    assert je_raum["Raum 2"].grund == Grund.OHNE_N  # below the Kommune without n
    # The Datenpflege confirms the indicator as safe: recorded who and when.
    with pytest.raises(PermissionDenied):
        quoten.ohne_n_bestaetigen(anteil, benutzer=lesen_user)
    quoten.ohne_n_bestaetigen(anteil, benutzer=datenpflege_user)
    anteil.refresh_from_db()
    assert anteil.ohne_n_freigegeben_von == datenpflege_user
    assert anteil.ohne_n_freigegeben_am is not None
    assert anteil.history.latest().history_user == datenpflege_user
    assert _anzeige_je_raum(anteil)["Raum 2"].text == "8"
    # n belongs to shares and rates only.
    with pytest.raises(ValidationError):
        Messwert(
            indikator=IndikatorFactory(), jahr=2025, raum=kommune, wert=Decimal(5), fallzahl=5
        ).full_clean()


# --- the derivation attack over random groups (in memory, no database) --------------------------


def _speicherlos(anzahlen, einwohnerzahlen, mindest, eltern_anzahl):
    """Unsaved rows with fixed keys: the count, population, computed rate per 1,000 and an
    entered share in % (one decimal) built on the count, for a Kommune and its Sozialräume."""
    kommune = Raum(pk=1, name="K", slug="k", ebene=Raum.Ebene.KOMMUNE)
    raeume = [kommune] + [
        Raum(pk=10 + i, name=f"R{i}", slug=f"r{i}", ebene=Raum.Ebene.SOZIALRAUM, uebergeordnet_id=1)
        for i in range(len(anzahlen))
    ]
    anzahl = Indikator(pk=1, name="A", mindestfallzahl=mindest, raeumliche_ebene="sozialraum")
    einwohner = Indikator(pk=2, name="E", ist_einwohnerzahl=True, raeumliche_ebene="sozialraum")
    quote = Indikator(
        pk=3,
        name="Q",
        ist_fallzahl=False,
        berechnet=True,
        zaehler=anzahl,
        nenner=einwohner,
        faktor=1000,
        raeumliche_ebene="sozialraum",
    )
    anteil = Indikator(
        pk=4,
        name="P",
        einheit="%",
        ist_fallzahl=False,
        zaehler=anzahl,
        nenner=einwohner,
        faktor=100,
        raeumliche_ebene="sozialraum",
    )
    werte_a = [eltern_anzahl, *anzahlen]
    werte_e = [sum(einwohnerzahlen), *einwohnerzahlen]
    zeilen = []
    pk = 0
    for raum, a, e in zip(raeume, werte_a, werte_e, strict=True):
        for indikator, wert in (
            (anzahl, Decimal(a)),
            (einwohner, Decimal(e)),
            (quote, quote_runden(a * 1000 / e)),
            (anteil, (Decimal(a) * 100 / Decimal(e)).quantize(Decimal("0.1"))),
        ):
            pk += 1
            zeilen.append(Messwert(pk=pk, indikator=indikator, raum=raum, jahr=2025, wert=wert))
    return zeilen


def _lage(zeilen, anzeige, mindest):
    """What a reader sees, as the checker's situation (parent = the Kommune)."""
    je = {(mw.indikator_id, mw.raum.name): anzeige[mw.pk] for mw in zeilen}
    namen = sorted({mw.raum.name for mw in zeilen if mw.raum.name != "K"})

    def zelle(name):
        av = je[(1, name)]
        return Zelle(av.wert, "" if av.wert is not None else av.text)

    def quoten_fuer(name):
        ew = je[(2, name)]
        if ew.wert is None:
            return []
        ergebnis = []
        for pk, faktor, stellen in ((3, 1000, 2), (4, 100, 1)):
            av = je[(pk, name)]
            if av.wert is not None:
                ergebnis.append(Quote(av.wert, faktor, stellen, ew.wert))
        return ergebnis

    return Lage(
        n=mindest,
        eltern=zelle("K"),
        kinder={name: zelle(name) for name in namen},
        quoten={name: quoten_fuer(name) for name in namen},
        eltern_quoten=quoten_fuer("K"),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    daten=st.lists(st.tuples(st.integers(0, 130), st.integers(20, 3000)), min_size=1, max_size=6),
    mindest=st.integers(3, 120),
    zusatz=st.integers(0, 3),
)
def test_kein_geschuetzter_wert_ist_aus_gezeigten_zahlen_ableitbar(daten, mindest, zusatz):
    anzahlen = [min(a, e) for a, e in daten]
    einwohnerzahlen = [e for _a, e in daten]
    # The Kommune's total may hold cases without a Sozialraum (``zusatz``).
    zeilen = _speicherlos(anzahlen, einwohnerzahlen, mindest, sum(anzahlen) + zusatz)
    anzeige = schuetzen(zeilen)
    assert aufgedeckt(_lage(zeilen, anzeige, mindest)) == []


def test_ohne_quotenschutz_waere_der_wert_ableitbar():
    """The checker finds the attack of the issue: 650 × 10.8 % ≈ 70 with the count withheld."""
    lage = Lage(
        n=101,
        eltern=Zelle(Decimal(670)),
        kinder={"Schevenhütte": Zelle(None, "< 101"), "Rest": Zelle(Decimal(600))},
        quoten={"Schevenhütte": [Quote(Decimal("107.69"), 1000, 2, Decimal(650))]},
    )
    assert aufgedeckt(lage) == ["Schevenhütte"]
    lage.eltern = Zelle(None, ZURUECKGEHALTEN_ZEICHEN)
    assert aufgedeckt(lage) == ["Schevenhütte"]
    lage.quoten = {}
    assert aufgedeckt(lage) == []


# --- pages: query budgets -----------------------------------------------------------------------


@pytest.mark.parametrize("anzahl", [5, 17])
def test_raumvergleich_je_1000_abfragen(lesen_client, django_assert_num_queries, anzahl):
    anzahlen = [i + 1 for i in range(anzahl)]
    zaehler, _einwohner, _quote = _stadt(anzahlen, [1000 + 10 * i for i in range(anzahl)])
    # 1 session, 2 user, 3 groups, 4 years, 5 selected indicator (validation), 6 indicator
    # choices (rendering), 7 values of the group, 8 the Einwohnerzahl indicator, 9 its values
    # (the complete group), 10 the own Kommune, 11 the Sozialräume with outlines (the map)
    with django_assert_num_queries(11):
        antwort = lesen_client.get(
            reverse("monitoring:raumvergleich"),
            {"indikator": zaehler.pk, "jahr": 2025, "bezug": "je1000"},
        )
    seite = antwort.content.decode()
    assert "je 1.000 Einwohnerinnen und Einwohner" in seite
    # Raum 00 (1 case, < 3) and Raum 01 (< 3): withheld; Raum 16/04: 17 ÷ 1,160 × 1,000
    assert "1,00" not in seite  # 1 ÷ 1,000 × 1,000 would be 1,00
    assert f"{anzahl / (1000 + 10 * (anzahl - 1)) * 1000:.2f}".replace(".", ",") in seite


@pytest.mark.parametrize("anzahl", [5, 50])
def test_detail_einer_quote_abfragen(lesen_client, django_assert_num_queries, anzahl):
    zaehler, einwohner, quote = _quelle_und_quote()
    kommune = KommuneFactory()
    raeume = [RaumFactory(uebergeordnet=kommune) for _ in range(5)]
    for i, raum in enumerate([kommune, *raeume] * 10):
        if i >= anzahl:
            break
        jahr = 2000 + i // 6
        MesswertFactory(indikator=zaehler, jahr=jahr, raum=raum, wert=Decimal(10 + i))
        MesswertFactory(indikator=einwohner, jahr=jahr, raum=raum, wert=Decimal(1000 + i))
    assert Messwert.objects.filter(indikator=quote).count() == anzahl
    # 1 session, 2 user, 3 groups, 4 the indicator's name; the main part: 5 indicator (+ source,
    # numerator, denominator, confirming user), 6 prefetch Themen, 7 prefetch Projektskizzen,
    # 8 all values, 9 the complete groups of numerator and denominator (protection across
    # indicators), 10 the own Kommune, 11 the Sozialräume with outlines (the map)
    with django_assert_num_queries(11):
        antwort = lesen_client.get(quote.get_absolute_url())
    assert antwort.status_code == 200


def test_bericht_kennt_die_fallzahl_n_seines_stands():
    """The yearly report rebuilds values from their history: n comes along, so a Kommune's
    share with n below the minimum stays withheld there too."""
    import datetime

    from django.db.models import Q
    from django.utils import timezone

    from monitoring.jahresbericht import messwerte_zum_stand

    anteil = IndikatorFactory(name="Anteil", einheit="%", ist_fallzahl=False, mindestfallzahl=5)
    MesswertFactory(indikator=anteil, raum=KommuneFactory(), wert=Decimal("12.5"), fallzahl=2)
    werte = messwerte_zum_stand(
        timezone.now() + datetime.timedelta(seconds=1), Q(indikator=anteil), Messwert.objects
    )
    assert [mw.fallzahl for mw in werte] == [2]
    assert schuetzen(werte)[werte[0].pk].grund == Grund.FALLZAHL_N
