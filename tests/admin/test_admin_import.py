"""Import and export in the admin, for every kind of data, through the one pipeline
(aktionsplan.datenimport): German files, natural keys, every row through the model's rules,
all-or-nothing, duplicates naming both rows, the lock between preview and confirm, and an export
that re-imports unchanged.

Each kind × CSV/XLSX: bad encoding, duplicate, rule violated, unknown key, formula text,
ambiguous number, percent cell (where the kind has numbers), changed between preview and confirm.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from akteure.models import Akteur, Datenquelle
from aktionsplan.models import Raum
from monitoring.models import Indikator, Messwert
from projekte.models import Projektskizze, Sachstand
from tests import factories as f

pytestmark = pytest.mark.django_db
FORMATE = ["csv", "xlsx"]


def _url(modell, seite: str) -> str:
    return reverse(f"admin:{modell._meta.app_label}_{modell._meta.model_name}_{seite}")


@pytest.fixture
def stamm(db, datenpflege_user):
    kommune = f.KommuneFactory(name="Stolberg", slug="stolberg")
    f.RaumFactory(name="Büsbach", slug="buesbach", uebergeordnet=kommune)
    typ = f.AkteurstypFactory(name="Verein")
    akteur = f.AkteurFactory(name="Lebenshilfe Aachen", typ=typ)
    quelle = f.DatenquelleFactory(name="Schwerbehindertenstatistik", akteur=akteur)
    f.ThemaFactory(name="Arbeit", slug="arbeit")
    f.ThemaFactory(name="Wohnen", slug="wohnen")
    # The plan of the Kommune whose areas the measures name (a measure lies in its plan's area).
    f.PlanFactory(slug="aktionsplan", kurzname="API", kommune=kommune)
    f.ZielgruppeFactory(name="Ältere")
    # A yearly average (BA): fractional, so no case count (whose values are whole numbers), so
    # that the notation of decimals is tried.
    f.IndikatorFactory(
        name="Arbeitslose Menschen mit Schwerbehinderung",
        einheit="Personen (Jahresdurchschnitt)",
        ist_fallzahl=False,
        datenquelle=quelle,
    )
    f.IndikatorFactory(name="Kinder mit Förderbedarf", einheit="Kinder", datenquelle=quelle)
    f.IndikatorFactory(
        name="Anteil barrierefrei ausgebauter Bushaltestellen",
        einheit="%",
        ist_fallzahl=False,
        datenquelle=quelle,
    )


@dataclass
class Fall:
    """One kind of data as the tests drive it."""

    modell: type
    kopf: list[str]
    gut: list[str]
    schluessel: dict  # lookup of the row ``gut`` creates
    textspalte: str
    textfeld: str
    unbekannt: tuple[str, str, str]  # column, value, message
    regelwidrig: dict  # column → value
    regel_spalte: str | None  # the column the rule's message names (None: the row)
    regel_text: str  # a part of the message
    zahlspalte: str | None = None
    extra: dict = field(default_factory=dict)

    def zeile(self, **aenderungen) -> list[str]:
        werte = dict(zip(self.kopf, self.gut, strict=True))
        werte.update(aenderungen)
        return [werte[k] for k in self.kopf]

    def mit(self, werte: dict) -> list[str]:
        return self.zeile(**werte)

    def objekt(self):
        return self.modell.objects.get(**self.schluessel)


FAELLE = {
    "raeume": Fall(
        modell=Raum,
        kopf=["Schlüssel", "Kurzname", "Name", "übergeordneter Raum", "Ebene"],
        gut=["05334032", "atsch", "Atsch", "stolberg", "Sozialraum"],
        schluessel={"slug": "atsch"},
        textspalte="Name",
        textfeld="name",
        unbekannt=("übergeordneter Raum", "atlantis", "„atlantis“ ist kein bekannter Raum."),
        regelwidrig={"Ebene": "Viertel"},
        regel_spalte="Ebene",
        regel_text="Unter einem Raum der Ebene „Kommune“ liegt nur: Sozialraum.",
    ),
    "akteure": Fall(
        modell=Akteur,
        kopf=[
            "Name",
            "Kurzname",
            "Typ",
            "Ebene",
            "Kommune",
            "Beschreibung",
            "Website",
            "tätig in",
            "aktiv",
        ],
        gut=[
            "Stadtsportbund",
            "SSB",
            "Verein",
            "kommunal",
            "stolberg",
            "Sport für alle",
            "https://ssb.example",
            "buesbach, stolberg",
            "ja",
        ],
        schluessel={"name": "Stadtsportbund"},
        textspalte="Beschreibung",
        textfeld="beschreibung",
        unbekannt=("Typ", "Beirat", "„Beirat“ ist kein bekannter Akteurstyp."),
        regelwidrig={"Website": "kein Link"},
        regel_spalte="Website",
        regel_text="gültige Adresse",
    ),
    "datenquellen": Fall(
        modell=Datenquelle,
        kopf=[
            "Name",
            "Akteur",
            "Beschreibung",
            "räumliche Ebene",
            "Rhythmus",
            "Format",
            "Vertraulichkeit",
            "Regel zur Vertraulichkeit",
        ],
        gut=[
            "Arbeitslosenstatistik",
            "Lebenshilfe Aachen",
            "Daten der Bundesagentur",
            "Sozialraum",
            "jährlich",
            "CSV",
            "nur intern",
            "Fallzahlen unter 3 werden nicht veröffentlicht",
        ],
        schluessel={"name": "Arbeitslosenstatistik"},
        textspalte="Beschreibung",
        textfeld="beschreibung",
        unbekannt=("Akteur", "Niemand", "„Niemand“ ist kein bekannter Akteur."),
        regelwidrig={"Rhythmus": "stündlich"},
        regel_spalte="Rhythmus",
        regel_text="„stündlich“ ist nicht vorgesehen.",
    ),
    "indikatoren": Fall(
        modell=Indikator,
        kopf=[
            "Name",
            "Definition",
            "Art",
            "Einheit",
            "Wert ist eine Fallzahl",
            "Richtung",
            "Datenquelle",
            "Themen",
            "räumliche Ebene",
            "Rhythmus",
            "Basiswert",
            "Basisjahr",
            "Zielwert",
            "Zieljahr",
            "Mindestfallzahl für Veröffentlichung",
        ],
        gut=[
            "Barrierefreie Wohnungen",
            "Wohnungen nach DIN 18040-2",
            "quantitativ",
            "Wohnungen je 1.000 Haushalte",
            "nein",
            "höher ist besser",
            "Schwerbehindertenstatistik",
            "arbeit",
            "Sozialraum",
            "jährlich",
            "120,5",
            "2020",
            "150",
            "2030",
            "3",
        ],
        schluessel={"name": "Barrierefreie Wohnungen"},
        textspalte="Definition",
        textfeld="beschreibung",
        unbekannt=("Datenquelle", "Geheim", "„Geheim“ ist keine bekannte Datenquelle."),
        regelwidrig={"Zieljahr": "2010"},
        regel_spalte=None,
        regel_text="Zieljahr",
        zahlspalte="Basiswert",
    ),
    "messwerte": Fall(
        modell=Messwert,
        kopf=["Indikator", "Jahr", "Raum", "Wert", "vorläufig", "Quellenhinweis"],
        gut=["Arbeitslose Menschen mit Schwerbehinderung", "2017", "Büsbach", "17", "nein", "BA"],
        schluessel={"jahr": 2017, "raum__slug": "buesbach"},
        textspalte="Quellenhinweis",
        textfeld="quellenhinweis",
        unbekannt=("Raum", "Atlantis", "„Atlantis“ ist kein bekannter Raum."),
        regelwidrig={"Indikator": "Anteil barrierefrei ausgebauter Bushaltestellen", "Wert": "150"},
        regel_spalte="Wert",
        regel_text="Ein Anteil in Prozent liegt zwischen 0 und 100.",
        zahlspalte="Wert",
    ),
    "massnahmen": Fall(
        modell=Projektskizze,
        kopf=[
            "Plan",
            "Nummer",
            "Titel",
            "Kurzbeschreibung",
            "Ziele",
            "Hauptthema",
            "weitere Themen",
            "Zielgruppen",
            "UN-BRK-Artikel",
            "Räume",
            "Beginn",
            "Ende",
            "geschätzte Kosten (EUR)",
            "verantwortlich (Verwaltung)",
            "veröffentlicht",
        ],
        gut=[
            "aktionsplan",
            "25",
            "Inklusive Spielplätze",
            "Spielplätze für alle Kinder",
            "Teilhabe im Quartier",
            "arbeit",
            "wohnen",
            "Ältere",
            "9, 30",
            "buesbach",
            "01.03.2025",
            "31.12.2027",
            "12500,50",
            "datenpflege",
            "ja",
        ],
        schluessel={"plan__slug": "aktionsplan", "nummer": 25},
        textspalte="Kurzbeschreibung",
        textfeld="kurzbeschreibung",
        unbekannt=("Hauptthema", "mond", "„mond“ ist kein bekanntes Thema."),
        regelwidrig={"Ende": "01.01.2020"},
        regel_spalte=None,
        regel_text="Ende",
        zahlspalte="geschätzte Kosten (EUR)",
    ),
}


def datei(kopf, zeilen, format_, kodierung="utf-8-sig") -> bytes:
    if format_ == "xlsx":
        mappe = openpyxl.Workbook()
        for zeile in [kopf, *zeilen]:
            mappe.active.append(zeile)
        for reihe in mappe.active.iter_rows():
            for zelle in reihe:
                if isinstance(zelle.value, str):
                    zelle.data_type = "s"  # text as a user typed it, "=1+2" included
        puffer = io.BytesIO()
        mappe.save(puffer)
        return puffer.getvalue()
    puffer = io.StringIO()
    csv.writer(puffer, delimiter=";", lineterminator="\r\n").writerows([kopf, *zeilen])
    return puffer.getvalue().encode(kodierung)


def hochladen(client, modell, inhalt: bytes, format_: str):
    antwort = client.post(
        _url(modell, "import"), {"datei": SimpleUploadedFile(f"datei.{format_}", inhalt)}
    )
    assert antwort.status_code == 200
    return antwort


def bestaetigen(client, modell, vorschau):
    summe = vorschau.context["bestaetigen"].initial["pruefsumme"]
    return client.post(_url(modell, "import"), {"pruefsumme": summe})


def fehler(antwort) -> list[str]:
    return [str(x) for x in antwort.context["pruefung"].fehler]


def meldungen(antwort) -> list[str]:
    return [str(m) for m in get_messages(antwort.wsgi_request)]


def exportieren(client, modell, format_, **filter_) -> bytes:
    antwort = client.get(_url(modell, "export"), {"format": format_, **filter_})
    assert antwort.status_code == 200
    assert "attachment" in antwort["Content-Disposition"]
    return antwort.content


@pytest.fixture(params=list(FAELLE), ids=list(FAELLE))
def fall(request, stamm) -> Fall:
    return FAELLE[request.param]


# --- the whole way: preview, confirm, export, re-import ------------------------------------------


@pytest.mark.parametrize("format_", FORMATE)
def test_vorschau_bestaetigen_und_export_importiert_unveraendert(datenpflege_client, fall, format_):
    vorher = fall.modell.objects.count()
    vorschau = hochladen(
        datenpflege_client, fall.modell, datei(fall.kopf, [fall.gut], format_), format_
    )
    pruefung = vorschau.context["pruefung"]
    assert pruefung.fehlerfrei, fehler(vorschau)
    assert (pruefung.anzahl("neu"), pruefung.anzahl("geaendert")) == (1, 0)
    assert fall.modell.objects.count() == vorher  # the preview writes nothing

    antwort = bestaetigen(datenpflege_client, fall.modell, vorschau)
    assert antwort.status_code == 302
    assert meldungen(antwort) == ["Import abgeschlossen: 1 neu, 0 geändert, 0 unverändert."]
    objekt = fall.objekt()
    if hasattr(objekt, "history"):
        # The import is recorded with the acting user.
        assert objekt.history.first().history_user.username == "datenpflege"

    inhalt = exportieren(datenpflege_client, fall.modell, format_)
    vorschau = hochladen(datenpflege_client, fall.modell, inhalt, format_)
    pruefung = vorschau.context["pruefung"]
    assert pruefung.fehlerfrei, fehler(vorschau)
    assert pruefung.anzahl("unveraendert") == fall.modell.objects.count()
    antwort = bestaetigen(datenpflege_client, fall.modell, vorschau)
    assert meldungen(antwort)[-1].endswith(
        f"0 neu, 0 geändert, {fall.modell.objects.count()} unverändert."
    )


def test_aktualisiert_statt_zu_verdoppeln_und_zeigt_alt_und_neu(datenpflege_client, fall):
    bestaetigen(
        datenpflege_client,
        fall.modell,
        hochladen(datenpflege_client, fall.modell, datei(fall.kopf, [fall.gut], "csv"), "csv"),
    )
    anzahl = fall.modell.objects.count()
    zeile = fall.zeile(**{fall.textspalte: "Neu geschrieben"})
    vorschau = hochladen(datenpflege_client, fall.modell, datei(fall.kopf, [zeile], "csv"), "csv")
    html = vorschau.content.decode()
    assert (
        f"{fall.textspalte}: {fall.gut[fall.kopf.index(fall.textspalte)]} → Neu geschrieben" in html
    )
    bestaetigen(datenpflege_client, fall.modell, vorschau)
    assert fall.modell.objects.count() == anzahl
    assert getattr(fall.objekt(), fall.textfeld) == "Neu geschrieben"


# --- refused files: nothing is written, the row and the column are named -------------------------


def _nichts_geschrieben(client, fall, vorschau, vorher: int) -> None:
    assert "Import bestätigen" not in vorschau.content.decode()
    # Even a forged confirm writes nothing: the stored rows are checked again.
    antwort = bestaetigen(client, fall.modell, vorschau)
    assert antwort.status_code == 200
    assert fall.modell.objects.count() == vorher


@pytest.mark.parametrize("format_", FORMATE)
def test_doppelte_zeile_nennt_beide_zeilen(datenpflege_client, fall, format_):
    vorher = fall.modell.objects.count()
    zeilen = [fall.gut, fall.zeile(**{fall.textspalte: "anders"})]
    vorschau = hochladen(
        datenpflege_client, fall.modell, datei(fall.kopf, zeilen, format_), format_
    )
    [meldung] = fehler(vorschau)
    assert meldung.startswith("Zeile 3: doppelt – dieselben Werte in „")
    assert meldung.endswith("stehen schon in Zeile 2.")
    _nichts_geschrieben(datenpflege_client, fall, vorschau, vorher)


@pytest.mark.parametrize("format_", FORMATE)
def test_unbekannter_bezug(datenpflege_client, fall, format_):
    vorher = fall.modell.objects.count()
    spalte, wert, text = fall.unbekannt
    zeilen = [fall.zeile(**{spalte: wert})]
    vorschau = hochladen(
        datenpflege_client, fall.modell, datei(fall.kopf, zeilen, format_), format_
    )
    assert fehler(vorschau) == [f"Zeile 2, Spalte „{spalte}“: {text}"]
    assert text in vorschau.content.decode()
    _nichts_geschrieben(datenpflege_client, fall, vorschau, vorher)


@pytest.mark.parametrize("format_", FORMATE)
def test_regel_des_modells_gilt_auch_fuer_dateien(datenpflege_client, fall, format_):
    vorher = fall.modell.objects.count()
    zeilen = [fall.gut, fall.mit(fall.regelwidrig)]
    if fall.modell is not Messwert:
        zeilen = [fall.mit(fall.regelwidrig)]
    vorschau = hochladen(
        datenpflege_client, fall.modell, datei(fall.kopf, zeilen, format_), format_
    )
    texte = fehler(vorschau)
    assert texte, "the rule was not applied"
    nummer = len(zeilen) + 1
    praefix = (
        f"Zeile {nummer}, Spalte „{fall.regel_spalte}“: "
        if fall.regel_spalte
        else f"Zeile {nummer}: "
    )
    assert any(t.startswith(praefix) and fall.regel_text in t for t in texte), texte
    html = vorschau.content.decode()
    # Never the technical name of a constraint.
    assert "Constraint" not in html
    assert "_nicht_vor_" not in html
    _nichts_geschrieben(datenpflege_client, fall, vorschau, vorher)


@pytest.mark.parametrize("format_", FORMATE)
def test_unlesbare_datei(datenpflege_client, fall, format_):
    inhalt = b"Name;Wert\r\nB\x81sbach;\x8d\r\n" if format_ == "csv" else b"PK\x03\x04kaputt"
    antwort = datenpflege_client.post(
        _url(fall.modell, "import"), {"datei": SimpleUploadedFile(f"d.{format_}", inhalt)}
    )
    meldung = antwort.context["form"].errors["datei"][0]
    erwartet = "weder in UTF-8 noch in Windows-1252" if format_ == "csv" else "nicht gelesen"
    assert erwartet in meldung
    # The message is linked to the field.
    html = antwort.content.decode()
    assert 'aria-describedby="id_datei_hilfe id_datei_fehler"' in html
    assert 'id="id_datei_fehler"' in html


def test_windows_1252_mit_umlauten(datenpflege_client, fall):
    inhalt = datei(fall.kopf, [fall.gut], "csv", kodierung="cp1252")
    vorschau = hochladen(datenpflege_client, fall.modell, inhalt, "csv")
    assert vorschau.context["pruefung"].fehlerfrei, fehler(vorschau)


@pytest.mark.parametrize("format_", FORMATE)
def test_formeltext_bleibt_text_und_kommt_unveraendert_zurueck(datenpflege_client, fall, format_):
    zeile = fall.zeile(**{fall.textspalte: "=1+2"})
    bestaetigen(
        datenpflege_client,
        fall.modell,
        hochladen(datenpflege_client, fall.modell, datei(fall.kopf, [zeile], format_), format_),
    )
    assert getattr(fall.objekt(), fall.textfeld) == "=1+2"

    inhalt = exportieren(datenpflege_client, fall.modell, format_)
    spalte = fall.kopf.index(fall.textspalte)
    if format_ == "csv":
        zeilen = list(csv.reader(io.StringIO(inhalt.decode("utf-8-sig")), delimiter=";"))
        assert zeilen[0][spalte] == fall.textspalte
        assert "'=1+2" in [z[spalte] for z in zeilen[1:]]
    else:
        blatt = openpyxl.load_workbook(io.BytesIO(inhalt)).active
        zellen = [r[spalte] for r in blatt.iter_rows(min_row=2)]
        assert any(z.value == "=1+2" for z in zellen)
        assert all(z.data_type != "f" for r in blatt.iter_rows() for z in r)
    vorschau = hochladen(datenpflege_client, fall.modell, inhalt, format_)
    pruefung = vorschau.context["pruefung"]
    assert pruefung.fehlerfrei
    assert pruefung.anzahl("unveraendert") == fall.modell.objects.count()


# --- numbers -------------------------------------------------------------------------------------


@pytest.fixture(params=[k for k, v in FAELLE.items() if v.zahlspalte], ids=str)
def zahlfall(request, stamm) -> Fall:
    return FAELLE[request.param]


@pytest.mark.parametrize("format_", FORMATE)
def test_mehrdeutige_zahl_ohne_antwort_der_spalte(datenpflege_client, zahlfall, format_):
    vorher = zahlfall.modell.objects.count()
    zeilen = [zahlfall.zeile(**{zahlfall.zahlspalte: "1.234"})]
    vorschau = hochladen(
        datenpflege_client, zahlfall.modell, datei(zahlfall.kopf, zeilen, format_), format_
    )
    [meldung] = fehler(vorschau)
    assert meldung.startswith(f"Zeile 2, Spalte „{zahlfall.zahlspalte}“: „1.234“ ist mehrdeutig")
    _nichts_geschrieben(datenpflege_client, zahlfall, vorschau, vorher)


def test_mehrdeutige_zahl_nach_der_schreibweise_der_spalte(datenpflege_client, zahlfall):
    zweite = {
        Messwert: {"Jahr": "2018"},
        Indikator: {"Name": "Zweiter Indikator"},
        Projektskizze: {"Nummer": "26"},
    }[zahlfall.modell]
    deutsch = [
        zahlfall.zeile(**{zahlfall.zahlspalte: "1.234"}),
        zahlfall.zeile(**{zahlfall.zahlspalte: "2,5", **zweite}),
    ]
    vorschau = hochladen(
        datenpflege_client, zahlfall.modell, datei(zahlfall.kopf, deutsch, "csv"), "csv"
    )
    assert vorschau.context["pruefung"].fehlerfrei, fehler(vorschau)
    bestaetigen(datenpflege_client, zahlfall.modell, vorschau)
    feld = {Messwert: "wert", Indikator: "basiswert", Projektskizze: "kosten"}[zahlfall.modell]
    assert getattr(zahlfall.objekt(), feld) == Decimal("1234")

    # With a decimal point elsewhere in the column, "1.234" is 1.234 — which the model refuses
    # for a field with two decimal places.
    einfach = [deutsch[0], zahlfall.zeile(**{zahlfall.zahlspalte: "2.5", **zweite})]
    vorschau = hochladen(
        datenpflege_client, zahlfall.modell, datei(zahlfall.kopf, einfach, "csv"), "csv"
    )
    [meldung] = fehler(vorschau)
    assert meldung.startswith(f"Zeile 2, Spalte „{zahlfall.zahlspalte}“:")
    assert "2 Dezimalstellen" in meldung


def test_prozentzelle_jeder_zahlenspalte(datenpflege_client, zahlfall):
    """A cell formatted as percent (0.45 shown as 45 %) is read as 45, in every kind."""
    mappe = openpyxl.Workbook()
    blatt = mappe.active
    blatt.append(zahlfall.kopf)
    blatt.append(zahlfall.zeile(**{zahlfall.zahlspalte: 0.45}))
    spalte = zahlfall.kopf.index(zahlfall.zahlspalte)
    blatt.cell(row=2, column=spalte + 1).number_format = "0%"
    for zelle in blatt[2]:
        if isinstance(zelle.value, str):
            zelle.data_type = "s"
    puffer = io.BytesIO()
    mappe.save(puffer)
    vorschau = hochladen(datenpflege_client, zahlfall.modell, puffer.getvalue(), "xlsx")
    assert vorschau.context["pruefung"].fehlerfrei, fehler(vorschau)
    bestaetigen(datenpflege_client, zahlfall.modell, vorschau)
    feld = {Messwert: "wert", Indikator: "basiswert", Projektskizze: "kosten"}[zahlfall.modell]
    assert getattr(zahlfall.objekt(), feld) == Decimal("45")


def test_prozentzelle_aus_xlsx(datenpflege_client, stamm):
    mappe = openpyxl.Workbook()
    blatt = mappe.active
    blatt.append(["Indikator", "Jahr", "Raum", "Wert"])
    blatt.append(["Anteil barrierefrei ausgebauter Bushaltestellen", 2019, "stolberg", 0.45])
    blatt["D2"].number_format = "0%"
    puffer = io.BytesIO()
    mappe.save(puffer)
    vorschau = hochladen(datenpflege_client, Messwert, puffer.getvalue(), "xlsx")
    assert vorschau.context["pruefung"].fehlerfrei, fehler(vorschau)
    bestaetigen(datenpflege_client, Messwert, vorschau)
    assert Messwert.objects.get(jahr=2019).wert == Decimal("45")


def test_zahlen_aus_xlsx_getypt(datenpflege_client, stamm):
    mappe = openpyxl.Workbook()
    blatt = mappe.active
    blatt.append(["Indikator", "Jahr", "Raum", "Wert"])
    blatt.append(["Arbeitslose Menschen mit Schwerbehinderung", 2017, "buesbach", 1234.5])
    puffer = io.BytesIO()
    mappe.save(puffer)
    bestaetigen(
        datenpflege_client,
        Messwert,
        hochladen(datenpflege_client, Messwert, puffer.getvalue(), "xlsx"),
    )
    assert Messwert.objects.get().wert == Decimal("1234.5")


# --- the lock: the confirm is checked against its preview ----------------------------------------


@pytest.mark.parametrize("format_", FORMATE)
def test_geaendert_zwischen_vorschau_und_bestaetigung(datenpflege_client, fall, format_):
    bestaetigen(
        datenpflege_client,
        fall.modell,
        hochladen(datenpflege_client, fall.modell, datei(fall.kopf, [fall.gut], format_), format_),
    )
    zeile = fall.zeile(**{fall.textspalte: "Aus der Datei"})
    vorschau = hochladen(
        datenpflege_client, fall.modell, datei(fall.kopf, [zeile], format_), format_
    )
    assert vorschau.context["pruefung"].anzahl("geaendert") == 1
    # A colleague changes the row after the preview.
    fall.modell.objects.filter(pk=fall.objekt().pk).update(**{fall.textfeld: "Von nebenan"})

    antwort = bestaetigen(datenpflege_client, fall.modell, vorschau)
    assert antwort.status_code == 200
    assert meldungen(antwort) == [
        "Seit der Vorschau wurden Einträge geändert, die dieser Import betrifft. Es wurde nichts "
        "gespeichert. Bitte prüfen Sie die neue Vorschau und bestätigen Sie erneut."
    ]
    assert getattr(fall.objekt(), fall.textfeld) == "Von nebenan"
    # The fresh preview shows the current state; confirming it is a deliberate choice.
    assert f"{fall.textspalte}: Von nebenan → Aus der Datei" in antwort.content.decode()
    bestaetigen(datenpflege_client, fall.modell, antwort)
    assert getattr(fall.objekt(), fall.textfeld) == "Aus der Datei"


def test_neu_angelegt_zwischen_vorschau_und_bestaetigung(datenpflege_client, fall):
    inhalt = datei(fall.kopf, [fall.gut], "csv")
    vorschau = hochladen(datenpflege_client, fall.modell, inhalt, "csv")
    assert vorschau.context["pruefung"].anzahl("neu") == 1
    # Someone else imports the same row meanwhile.
    andere = Client()
    andere.force_login(f.UserFactory(username="kollegin", rollen=["Datenpflege"]))
    bestaetigen(andere, fall.modell, hochladen(andere, fall.modell, inhalt, "csv"))
    anzahl = fall.modell.objects.count()

    antwort = bestaetigen(datenpflege_client, fall.modell, vorschau)
    assert antwort.status_code == 200
    assert meldungen(antwort)[0].startswith("Seit der Vorschau wurden Einträge geändert")
    assert antwort.context["pruefung"].anzahl("unveraendert") == 1
    assert fall.modell.objects.count() == anzahl


def test_bestaetigung_mit_fremder_pruefsumme(datenpflege_client, stamm):
    fall = FAELLE["messwerte"]
    hochladen(datenpflege_client, Messwert, datei(fall.kopf, [fall.gut], "csv"), "csv")
    antwort = datenpflege_client.post(_url(Messwert, "import"), {"pruefsumme": "0" * 64})
    assert antwort.status_code == 302
    assert not Messwert.objects.exists()


# --- the cases of issue 7 ------------------------------------------------------------------------

ISSUE_KOPF = "Indikator;Jahr;Raum;Wert"


def _staff_hochladen(client, inhalt: bytes):
    return client.post(
        reverse("monitoring:messwert_import"), {"datei": SimpleUploadedFile("w.csv", inhalt)}
    )


def test_issue_windows_1252_admin_wie_staff(datenpflege_client, stamm):
    inhalt = (
        f"{ISSUE_KOPF}\r\nArbeitslose Menschen mit Schwerbehinderung;2017;Büsbach;17\r\n"
    ).encode("cp1252")
    staff = _staff_hochladen(datenpflege_client, inhalt)
    assert "Alle Zeilen sind gültig: 1 neu" in staff.content.decode()
    vorschau = hochladen(datenpflege_client, Messwert, inhalt, "csv")
    assert vorschau.context["pruefung"].fehlerfrei
    bestaetigen(datenpflege_client, Messwert, vorschau)
    messwert = Messwert.objects.get()
    assert (messwert.raum.name, messwert.jahr, messwert.wert) == ("Büsbach", 2017, Decimal("17"))


def test_issue_export_nach_akteur_mit_formelnamen(datenpflege_client, stamm):
    f.AkteurFactory(name="=1+2")
    roh = exportieren(datenpflege_client, Akteur, "csv").decode("utf-8-sig")
    namen = [z[0] for z in csv.reader(io.StringIO(roh), delimiter=";")]
    assert "'=1+2" in namen
    assert "=1+2" not in namen
    blatt = openpyxl.load_workbook(
        io.BytesIO(exportieren(datenpflege_client, Akteur, "xlsx"))
    ).active
    zelle = next(z for (z,) in blatt.iter_rows(max_col=1) if z.value == "=1+2")
    assert zelle.data_type == "s"


@pytest.mark.parametrize("weg", ["admin", "staff"])
def test_issue_derselbe_wert_zweimal(datenpflege_client, stamm, weg):
    inhalt = (
        f"{ISSUE_KOPF}\r\n"
        "Arbeitslose Menschen mit Schwerbehinderung;2017;stolberg;40\r\n"
        "Arbeitslose Menschen mit Schwerbehinderung;2017;stolberg;4\r\n"
    ).encode()
    if weg == "admin":
        antwort = hochladen(datenpflege_client, Messwert, inhalt, "csv")
    else:
        antwort = _staff_hochladen(datenpflege_client, inhalt)
    html = antwort.content.decode()
    assert (
        "Zeile 3: doppelt – dieselben Werte in „Indikator“, „Jahr“ und „Raum“ stehen schon in "
        "Zeile 2." in html
    )
    assert "Import bestätigen" not in html
    assert not Messwert.objects.exists()


@pytest.mark.parametrize("weg", ["admin", "staff"])
@pytest.mark.parametrize(
    ("zeile", "meldung"),
    [
        (
            "Anteil barrierefrei ausgebauter Bushaltestellen;2019;stolberg;150",
            "Zeile 2, Spalte „Wert“: Ein Anteil in Prozent liegt zwischen 0 und 100.",
        ),
        (
            "Anteil barrierefrei ausgebauter Bushaltestellen;2019;stolberg;-1",
            "Zeile 2, Spalte „Wert“: Ein Anteil in Prozent liegt zwischen 0 und 100.",
        ),
        (
            "Kinder mit Förderbedarf;2019;stolberg;-5",
            "Zeile 2, Spalte „Wert“: Eine Fallzahl kann nicht negativ sein.",
        ),
    ],
    ids=["anteil-150", "anteil-negativ", "fallzahl-negativ"],
)
def test_issue_unplausibler_wert_gleiche_meldung(datenpflege_client, stamm, weg, zeile, meldung):
    inhalt = f"{ISSUE_KOPF}\r\n{zeile}\r\n".encode()
    if weg == "admin":
        antwort = hochladen(datenpflege_client, Messwert, inhalt, "csv")
    else:
        antwort = _staff_hochladen(datenpflege_client, inhalt)
    assert meldung in antwort.content.decode()
    assert not Messwert.objects.exists()


# --- measures: status and Ampel never come from a file -------------------------------------------


def test_status_und_ampel_kommen_nie_aus_der_datei(datenpflege_client, stamm):
    fall = FAELLE["massnahmen"]
    kopf = [*fall.kopf, "Status", "Ampel"]
    zeilen = [[*fall.gut, "Verworfen", "rot"]]
    vorschau = hochladen(datenpflege_client, Projektskizze, datei(kopf, zeilen, "csv"), "csv")
    assert vorschau.context["pruefung"].ignoriert == ["Status", "Ampel"]
    assert (
        "Diese Spalten der Datei werden nicht gelesen: Status, Ampel" in vorschau.content.decode()
    )
    bestaetigen(datenpflege_client, Projektskizze, vorschau)
    projekt = Projektskizze.objects.mit_aktuellem_stand().get(nummer=25)
    assert projekt.aktueller_status == "idee"
    assert not Sachstand.objects.exists()
    assert {t.slug for t in projekt.weitere_themen.all()} == {"wohnen"}
    assert {a.nummer for a in projekt.unbrk_artikel.all()} == {9, 30}
    assert projekt.kosten == Decimal("12500.50")
    assert projekt.verantwortlich.username == "datenpflege"


def test_massnahme_wird_ueber_die_services_geaendert(datenpflege_client, stamm):
    fall = FAELLE["massnahmen"]
    bestaetigen(
        datenpflege_client,
        Projektskizze,
        hochladen(datenpflege_client, Projektskizze, datei(fall.kopf, [fall.gut], "csv"), "csv"),
    )
    version = fall.objekt().version
    zeile = fall.zeile(Räume="buesbach, stolberg")
    bestaetigen(
        datenpflege_client,
        Projektskizze,
        hochladen(datenpflege_client, Projektskizze, datei(fall.kopf, [zeile], "csv"), "csv"),
    )
    projekt = fall.objekt()
    assert projekt.version == version + 1  # projekt_aendern raised the version
    assert {r.slug for r in projekt.raeume.all()} == {"buesbach", "stolberg"}
    # The history row names the changed list (projekte.services).
    assert "Räume" in projekt.history.first().history_change_reason


def test_raeume_mit_neuem_oberraum_in_derselben_datei(datenpflege_client, stamm):
    kopf = FAELLE["raeume"].kopf
    zeilen = [
        ["", "viertel-neu", "Neues Viertel", "neuland", "Viertel"],
        ["", "neuland", "Neuland", "stolberg", "Sozialraum"],
    ]
    vorschau = hochladen(datenpflege_client, Raum, datei(kopf, zeilen, "csv"), "csv")
    assert vorschau.context["pruefung"].fehlerfrei, fehler(vorschau)
    bestaetigen(datenpflege_client, Raum, vorschau)
    assert Raum.objects.get(slug="viertel-neu").uebergeordnet.slug == "neuland"


def test_gleicher_name_unter_demselben_oberraum_in_einer_datei(datenpflege_client, stamm):
    kopf = FAELLE["raeume"].kopf
    zeilen = [
        ["", "nord-1", "Nord", "stolberg", "Sozialraum"],
        ["", "nord-2", "Nord", "stolberg", "Sozialraum"],
    ]
    vorschau = hochladen(datenpflege_client, Raum, datei(kopf, zeilen, "csv"), "csv")
    assert fehler(vorschau) == [
        "Zeile 3: doppelt – dieselben Werte in „übergeordneter Raum“ und „Name“ stehen schon in "
        "Zeile 2."
    ]


def test_liste_mit_komma_im_namen(datenpflege_client, stamm):
    f.ZielgruppeFactory(name="Menschen mit Sehbehinderung, blinde Menschen")
    fall = FAELLE["massnahmen"]
    zeile = fall.zeile(Zielgruppen="Ältere, Menschen mit Sehbehinderung, blinde Menschen")
    bestaetigen(
        datenpflege_client,
        Projektskizze,
        hochladen(datenpflege_client, Projektskizze, datei(fall.kopf, [zeile], "csv"), "csv"),
    )
    assert fall.objekt().zielgruppen.count() == 2


# --- export of the changelist's filtered rows; roles ---------------------------------------------


def test_export_folgt_dem_filter_der_liste(datenpflege_client, stamm):
    indikator = Indikator.objects.get(name="Arbeitslose Menschen mit Schwerbehinderung")
    f.MesswertFactory(
        indikator=indikator, jahr=2024, raum=Raum.objects.get(slug="buesbach"), wert=2
    )
    f.MesswertFactory(
        indikator=indikator, jahr=2025, raum=Raum.objects.get(slug="buesbach"), wert=5
    )
    inhalt = exportieren(datenpflege_client, Messwert, "csv", jahr="2024")
    zeilen = list(csv.reader(io.StringIO(inhalt.decode("utf-8-sig")), delimiter=";"))
    assert zeilen == [
        ["Indikator", "Jahr", "Raum", "Wert", "vorläufig", "Quellenhinweis", "Fallzahl n"],
        # The Datenpflege's export carries the real small number.
        ["Arbeitslose Menschen mit Schwerbehinderung", "2024", "buesbach", "2", "nein", "", ""],
    ]


def test_liste_verlinkt_import_und_export_mit_filter(datenpflege_client, stamm):
    html = datenpflege_client.get(_url(Messwert, "changelist"), {"jahr": "2024"}).content.decode()
    assert _url(Messwert, "import") in html
    assert f"{_url(Messwert, 'export')}?jahr=2024&amp;format=csv" in html
    assert f"{_url(Messwert, 'export')}?jahr=2024&amp;format=xlsx" in html


def test_ungueltiges_exportformat(datenpflege_client, stamm):
    assert datenpflege_client.get(_url(Messwert, "export"), {"format": "pdf"}).status_code == 404
    antwort = datenpflege_client.get(_url(Messwert, "export"), {"format": "csv", "jahr": "x"})
    assert antwort.status_code in (302, 400)


def test_import_und_export_nur_fuer_die_datenpflege(lesen_client, redaktion_client, fall):
    inhalt = datei(fall.kopf, [fall.gut], "csv")
    vorher = fall.modell.objects.count()
    for client in (lesen_client, redaktion_client):
        for antwort in (
            client.post(
                _url(fall.modell, "import"), {"datei": SimpleUploadedFile("d.csv", inhalt)}
            ),
            client.get(_url(fall.modell, "export"), {"format": "csv"}),
        ):
            assert antwort.status_code == 403
    assert fall.modell.objects.count() == vorher


@pytest.mark.parametrize("format_", FORMATE)
@pytest.mark.parametrize("zahl", ["9" * 29, "-" + "9" * 40, "1" * 40 + ",5"])
def test_riesige_zahl_ist_ein_zeilenfehler_kein_serverfehler(
    datenpflege_client, zahlfall, format_, zahl
):
    """QA 2026-11-29 (F-1): a number past Decimal's 28 digits broke the preview with a 500."""
    vorher = zahlfall.modell.objects.count()
    zeilen = [zahlfall.zeile(**{zahlfall.zahlspalte: zahl})]
    vorschau = hochladen(
        datenpflege_client, zahlfall.modell, datei(zahlfall.kopf, zeilen, format_), format_
    )
    assert fehler(vorschau)
    assert all(m.startswith("Zeile 2") for m in fehler(vorschau))
    _nichts_geschrieben(datenpflege_client, zahlfall, vorschau, vorher)
