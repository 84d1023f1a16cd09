"""Names typed instead of chosen (aktionsplan.datenspalten.namen_finden): the natural keys of the
import, looked up within what the person may choose, in one query."""

import pytest
from django.core.exceptions import ValidationError

from aktionsplan.datenarten import RAEUME_VERZEICHNIS, UNBRK_VERZEICHNIS, ZIELGRUPPEN_VERZEICHNIS
from aktionsplan.datenspalten import NAMEN_MAX, namen_finden
from aktionsplan.models import Raum, UNBRKArtikel, Zielgruppe
from projekte.datenarten import PROJEKTE_VERZEICHNIS
from projekte.models import Projektskizze
from tests import factories as f

pytestmark = pytest.mark.django_db


def _meldungen(aufruf) -> list[str]:
    with pytest.raises(ValidationError) as fehler:
        aufruf()
    return fehler.value.messages


def test_name_kurzname_und_schluessel_gefaltet(django_assert_num_queries):
    strasse = f.RaumFactory(name="Große Straße", slug="grosse-strasse", schluessel="05334032")
    with django_assert_num_queries(1):
        assert namen_finden(RAEUME_VERZEICHNIS, Raum.objects.all(), " GROSSE  strasse ") == [
            strasse
        ]
    assert namen_finden(RAEUME_VERZEICHNIS, Raum.objects.all(), "grosse-strasse") == [strasse]
    assert namen_finden(RAEUME_VERZEICHNIS, Raum.objects.all(), "05334032") == [strasse]


def test_nur_aus_der_erlaubten_auswahl():
    f.RaumFactory(name="Atsch")
    meldungen = _meldungen(
        lambda: namen_finden(RAEUME_VERZEICHNIS, Raum.objects.exclude(name="Atsch"), "Atsch")
    )
    assert meldungen == ["„Atsch“ ist kein bekannter Raum."]


def test_mehrdeutig_nach_vorrang_der_schluessel():
    f.RaumFactory(name="Mitte", slug="mitte-a", uebergeordnet=f.KommuneFactory())
    f.RaumFactory(name="Mitte", slug="mitte-b")
    assert _meldungen(lambda: namen_finden(RAEUME_VERZEICHNIS, Raum.objects.all(), "Mitte")) == [
        "„Mitte“ ist mehrdeutig – bitte geben Sie den Kurznamen des Raums an."
    ]
    (raum,) = namen_finden(RAEUME_VERZEICHNIS, Raum.objects.all(), "mitte-b")
    assert raum.slug == "mitte-b"


def test_liste_je_zeile_oder_mit_kommas(django_assert_num_queries):
    lang = f.ZielgruppeFactory(name="Menschen mit Sehbehinderung, blinde Menschen")
    aeltere = f.ZielgruppeFactory(name="Ältere")
    familien = f.ZielgruppeFactory(name="Familien")
    with django_assert_num_queries(1):
        gefunden = namen_finden(
            ZIELGRUPPEN_VERZEICHNIS,
            Zielgruppe.objects.all(),
            "ältere, Familien\r\nMenschen mit Sehbehinderung, blinde Menschen\n\nFamilien",
            liste=True,
        )
    assert gefunden == [aeltere, familien, lang]


def test_liste_nennt_alle_unbekannten():
    f.ZielgruppeFactory(name="Familien")
    meldungen = _meldungen(
        lambda: namen_finden(
            ZIELGRUPPEN_VERZEICHNIS,
            Zielgruppe.objects.all(),
            "Familien, Kinder\nJugend",
            liste=True,
        )
    )
    assert meldungen == [
        "„Kinder“ ist keine bekannte Zielgruppe.",
        "„Jugend“ ist keine bekannte Zielgruppe.",
    ]


def test_hoechstens_namen_max():
    text = "\n".join(f"Name {i}" for i in range(NAMEN_MAX + 1))
    meldungen = _meldungen(
        lambda: namen_finden(ZIELGRUPPEN_VERZEICHNIS, Zielgruppe.objects.all(), text, liste=True)
    )
    assert meldungen == [f"Bitte geben Sie höchstens {NAMEN_MAX} Namen auf einmal ein."]


def test_nul_und_ueberlange_namen_ohne_abfrage(django_assert_num_queries):
    with django_assert_num_queries(0):
        meldungen = _meldungen(
            lambda: namen_finden(
                ZIELGRUPPEN_VERZEICHNIS,
                Zielgruppe.objects.all(),
                "a\x00b\n" + "x" * 5000,
                liste=True,
            )
        )
    assert meldungen[0] == "„ab…“ ist keine bekannte Zielgruppe."
    assert meldungen[1] == f"„{'x' * 60}…“ ist keine bekannte Zielgruppe."


def test_unbrk_artikel_nach_nummer():
    artikel = UNBRKArtikel.objects.get(nummer=9)
    assert namen_finden(UNBRK_VERZEICHNIS, UNBRKArtikel.objects.all(), "Art. 9") == [artikel]
    assert namen_finden(UNBRK_VERZEICHNIS, UNBRKArtikel.objects.all(), "9") == [artikel]


def test_massnahme_nach_kennung_oder_titel(django_assert_num_queries):
    plan = f.PlanFactory(kurzname="AP")
    projekt = f.ProjektskizzeFactory(plan=plan, nummer=12, titel="Barrierefreies Rathaus")
    f.ProjektskizzeFactory(titel="Barrierefreies Rathaus")
    with django_assert_num_queries(1):
        assert namen_finden(PROJEKTE_VERZEICHNIS, Projektskizze.objects.all(), "ap 12") == [projekt]
    assert (
        "mehrdeutig"
        in _meldungen(
            lambda: namen_finden(
                PROJEKTE_VERZEICHNIS, Projektskizze.objects.all(), "Barrierefreies Rathaus"
            )
        )[0]
    )
