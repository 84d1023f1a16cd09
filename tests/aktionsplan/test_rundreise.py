"""The round trip (issue 7): an export of the Datenpflege re-imports unchanged, CSV and XLSX, in
either interface language — tested on generated rows with umlauts, formula-like text, line
breaks, decimals, empty cells and many-to-many lists."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from akteure.datenarten import AKTEURE, DATENQUELLEN
from akteure.models import Akteur, Datenquelle
from aktionsplan import dateien, datenimport
from aktionsplan.datenarten import RAEUME
from aktionsplan.models import Raum, UNBRKArtikel
from monitoring.datenarten import INDIKATOREN, MESSWERTE
from monitoring.models import Indikator, Messwert
from projekte.datenarten import MASSNAHMEN
from projekte.models import Projektskizze
from tests import factories as f

pytestmark = pytest.mark.django_db

EINSTELLUNGEN = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

_ZEICHEN = st.characters(
    whitelist_categories=("L", "N", "P", "S", "Zs"),
    whitelist_characters="äöüÄÖÜß\n",
    blacklist_characters="\x00",
)
_FORMELARTIG = st.sampled_from(
    ["=1+2", "+49 2402 123", "-5", "@SUMME(A1)", "'s Gravenhage", '=HYPERLINK("x")', "#N/A"]
)


def _text(max_size: int, *, zeilen: bool = False) -> st.SearchStrategy[str]:
    zeichen = _ZEICHEN if zeilen else _ZEICHEN.filter(lambda z: z != "\n")
    frei = st.text(alphabet=zeichen, min_size=1, max_size=max_size)
    return st.one_of(frei, _FORMELARTIG).map(str.strip).filter(bool)


_BETRAG = st.one_of(
    st.none(),
    st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2, allow_nan=False),
)
_DATUM = st.one_of(st.none(), st.dates(datetime.date(1990, 1, 1), datetime.date(2100, 12, 31)))


def _eindeutig(texte: list[str]) -> list[str]:
    gesehen = set()
    return [t for t in texte if not (t in gesehen or gesehen.add(t))]


@pytest.fixture
def rahmen(db):
    # The factories' Kommune (slug "testkommune"): one Kommune, as in a single installation.
    kommune = f.KommuneFactory(name="Stolberg", slug="testkommune")
    raeume = [
        f.RaumFactory(name=n, slug=s, uebergeordnet=kommune)
        for n, s in (
            ("Büsbach", "buesbach"),
            ("Münsterbusch", "muensterbusch"),
            ("=Atsch", "atsch"),
        )
    ]
    themen = [
        f.ThemaFactory(name=n, slug=s) for n, s in (("Arbeit", "arbeit"), ("Wohnen", "wohnen"))
    ]
    gruppen = [
        f.ZielgruppeFactory(name=n)
        for n in ("Ältere", "Menschen mit Sehbehinderung, blinde Menschen", "Kinder")
    ]
    typ = f.AkteurstypFactory(name="Verein")
    benutzer = f.UserFactory(username="+petra@stolberg")
    return {
        "kommune": kommune,
        "raeume": raeume,
        "themen": themen,
        "gruppen": gruppen,
        "typ": typ,
        "benutzer": benutzer,
        "plan": f.PlanFactory(slug="aktionsplan"),
        "artikel": list(UNBRKArtikel.objects.filter(nummer__in=[9, 24, 30])),
    }


def _rundreise(art, queryset, benutzer) -> None:
    """Export in both formats and both languages; the re-import changes nothing."""
    anzahl = queryset.count()
    if not anzahl:
        return
    for sprache in ("de", "en"):
        with translation.override(sprache):
            for format_ in dateien.FORMATE:
                inhalt = datenimport.exportieren(art, queryset, format_=format_)
                tabelle = dateien.lesen(inhalt, f"export.{format_}")
                assert tabelle.kopf == art.kopf()  # German headers in either language
                pruefung = datenimport.pruefen(art, tabelle, benutzer=benutzer)
                zusammenfassung = [
                    (z.nummer, z.status, z.aenderungen, z.fehler) for z in pruefung.zeilen
                ]
                assert pruefung.fehlerfrei, zusammenfassung
                assert pruefung.anzahl("unveraendert") == anzahl, zusammenfassung


def _in_eigener_transaktion(test):
    """Each generated example starts from the fixture's data and leaves nothing behind."""

    def ausfuehren(*args, **kwargs):
        with transaction.atomic():
            test(*args, **kwargs)
            transaction.set_rollback(True)

    return ausfuehren


@EINSTELLUNGEN
@given(
    daten=st.lists(
        st.tuples(
            _text(60),
            st.one_of(st.just(""), _text(20)),
            _text(200, zeilen=True),
            st.sets(st.integers(0, 2)),
            st.booleans(),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_akteure_und_datenquellen(rahmen, datenpflege_user, daten):
    @_in_eigener_transaktion
    def pruefen():
        namen = _eindeutig([d[0] for d in daten])
        for (_name, kurz, text, raeume, aktiv), eindeutig in zip(daten, namen, strict=False):
            akteur = Akteur.objects.create(
                name=eindeutig,
                kurzname=kurz,
                typ=rahmen["typ"],
                ebene="land",
                beschreibung=text,
                aktiv=aktiv,
            )
            akteur.raeume.set([rahmen["raeume"][i] for i in raeume])
            Datenquelle.objects.create(
                name=eindeutig,
                akteur=akteur,
                beschreibung=text,
                raeumliche_ebene="viertel",
                rhythmus="unregelmaessig",
                format=kurz,
                vertraulichkeitsregel=text,
            )
        _rundreise(AKTEURE, Akteur.objects.all(), datenpflege_user)
        _rundreise(DATENQUELLEN, Datenquelle.objects.all(), datenpflege_user)

    pruefen()


@EINSTELLUNGEN
@given(
    daten=st.lists(
        st.tuples(
            _text(60),
            _text(200, zeilen=True),
            _BETRAG,
            _BETRAG,
            st.one_of(st.none(), st.integers(1990, 2050)),
            st.sets(st.integers(0, 1)),
            st.lists(_BETRAG.filter(lambda b: b is not None), min_size=0, max_size=3),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_indikatoren_und_messwerte(rahmen, datenpflege_user, daten):
    @_in_eigener_transaktion
    def pruefen():
        namen = _eindeutig([d[0] for d in daten])
        for (_n, text, basis, ziel, jahr, themen, werte), name in zip(daten, namen, strict=False):
            indikator = Indikator.objects.create(
                name=name,
                beschreibung=text,
                # Fractional values: no case count (those are whole numbers).
                einheit="Stunden",
                ist_fallzahl=False,
                raeumliche_ebene="sozialraum",
                basiswert=basis,
                basisjahr=jahr,
                zielwert=ziel,
                zieljahr=jahr,
            )
            indikator.themen.set([rahmen["themen"][i] for i in themen])
            for i, wert in enumerate(werte):
                Messwert.objects.create(
                    indikator=indikator,
                    jahr=2020 + i,
                    raum=rahmen["raeume"][i % 3],
                    wert=wert,
                    vorlaeufig=bool(i % 2),
                    quellenhinweis=text[:300].replace("\n", " ").strip(),
                )
        _rundreise(INDIKATOREN, Indikator.objects.all(), datenpflege_user)
        _rundreise(MESSWERTE, Messwert.objects.all(), datenpflege_user)

    pruefen()


@EINSTELLUNGEN
@given(
    daten=st.lists(
        st.tuples(
            _text(80),
            _text(300, zeilen=True),
            st.one_of(st.just(""), _text(300, zeilen=True)),
            st.sets(st.integers(0, 1)),
            st.sets(st.integers(0, 2)),
            st.sets(st.integers(0, 2)),
            st.sets(st.integers(0, 2)),
            _DATUM,
            _BETRAG,
            st.booleans(),
            st.booleans(),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_massnahmen(rahmen, datenpflege_user, daten):
    @_in_eigener_transaktion
    def pruefen():
        for nummer, zeile in enumerate(daten, start=1):
            (
                titel,
                kurz,
                ziele,
                themen,
                gruppen,
                artikel,
                raeume,
                beginn,
                kosten,
                mit_person,
                pub,
            ) = zeile
            projekt = Projektskizze.objects.create(
                plan=rahmen["plan"],
                nummer=nummer,
                titel=titel,
                kurzbeschreibung=kurz,
                ziele=ziele,
                hauptthema=rahmen["themen"][0],
                beginn=beginn,
                # At most the last plausible date (aktionsplan.eingaben: years up to 2100).
                ende=min(beginn + datetime.timedelta(days=400), datetime.date(2100, 12, 31))
                if beginn
                else None,
                kosten=kosten,
                verantwortlich=rahmen["benutzer"] if mit_person else None,
                veroeffentlicht=pub,
            )
            projekt.weitere_themen.set([rahmen["themen"][i] for i in themen])
            projekt.zielgruppen.set([rahmen["gruppen"][i] for i in gruppen])
            projekt.unbrk_artikel.set([rahmen["artikel"][i] for i in artikel])
            projekt.raeume.set([rahmen["raeume"][i] for i in raeume])
        _rundreise(MASSNAHMEN, Projektskizze.objects.all(), datenpflege_user)

    pruefen()


@EINSTELLUNGEN
@given(daten=st.lists(st.tuples(_text(40), st.one_of(st.just(""), _text(20))), max_size=4))
def test_raeume(rahmen, datenpflege_user, daten):
    @_in_eigener_transaktion
    def pruefen():
        namen = _eindeutig([d[0] for d in daten])
        for i, ((_name, schluessel), name) in enumerate(zip(daten, namen, strict=False)):
            oben = rahmen["raeume"][i % 3]
            Raum.objects.create(
                name=name,
                slug=f"viertel-{i}",
                ebene="viertel",
                uebergeordnet=oben,
                schluessel=schluessel,
            )
        _rundreise(RAEUME, Raum.objects.all(), datenpflege_user)

    pruefen()


def test_rundreise_ueber_die_seiten_in_englisch(datenpflege_client, rahmen):
    """The same through the admin pages with the English interface."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    akteur = f.AkteurFactory(
        name="=Ärger & Co.", beschreibung="Zeile 1\r\nZeile 2", typ=rahmen["typ"]
    )
    akteur.raeume.set(rahmen["raeume"])
    for format_ in dateien.FORMATE:
        inhalt = datenpflege_client.get(
            reverse("admin:akteure_akteur_export"), {"format": format_}, HTTP_ACCEPT_LANGUAGE="en"
        ).content
        vorschau = datenpflege_client.post(
            reverse("admin:akteure_akteur_import"),
            {"datei": SimpleUploadedFile(f"a.{format_}", io.BytesIO(inhalt).read())},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        pruefung = vorschau.context["pruefung"]
        assert pruefung.fehlerfrei, [(z.nummer, z.fehler) for z in pruefung.zeilen]
        assert pruefung.anzahl("unveraendert") == 1
