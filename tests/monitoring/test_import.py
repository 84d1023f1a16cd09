"""File import: German Excel CSV (Windows-1252, semicolons, decimal commas, umlauts), XLSX,
preview per row, all-or-nothing, duplicates, re-import, template download, roles and CSRF."""

import io
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from aktionsplan import dateien, datenimport
from monitoring.datenarten import MESSWERTE
from monitoring.importe import zahl_lesen
from monitoring.models import Messwert
from tests.factories import IndikatorFactory, KommuneFactory, MesswertFactory, RaumFactory

pytestmark = pytest.mark.django_db
URL = "/monitoring/indikatoren/import/"


@pytest.fixture
def stamm():
    kommune = KommuneFactory(name="Stolberg", slug="stolberg")
    raeume = {
        "Büsbach": RaumFactory(name="Büsbach", slug="buesbach", uebergeordnet=kommune),
        "Münsterbusch": RaumFactory(
            name="Münsterbusch", slug="muensterbusch", uebergeordnet=kommune
        ),
    }
    # A count of people: whole numbers (Indikator.ist_anzahl); the German notation of the file's
    # numbers shows in the thousands separator and ",0".
    indikator = IndikatorFactory(name="Schwerbehinderte Menschen")
    return indikator, kommune, raeume


def excel_csv(zeilen: list[str], kodierung="cp1252") -> bytes:
    return "\r\n".join(zeilen).encode(kodierung)


CSV_ZEILEN = [
    "Indikator;Jahr;Raum;Wert;vorläufig;Quellenhinweis",
    "Schwerbehinderte Menschen;2024;Büsbach;1.234,0;nein;Versorgungsamt 03/2025",
    "Schwerbehinderte Menschen;2024;Münsterbusch;87;ja;Versorgungsamt 03/2025",
    "Schwerbehinderte Menschen;2024;stolberg;4.321;nein;",
]


def hochladen(client, inhalt: bytes, name="werte.csv"):
    return client.post(URL, {"datei": SimpleUploadedFile(name, inhalt)})


def bestaetigen(client, antwort):
    summe = antwort.context["bestaetigen"].initial["pruefsumme"]
    return client.post(URL, {"pruefsumme": summe})


def test_zahlen_deutsch_gelesen():
    assert zahl_lesen("1.234,5") == Decimal("1234.5")
    assert zahl_lesen("1234,5") == Decimal("1234.5")
    assert zahl_lesen("1.234") == Decimal("1234")
    assert zahl_lesen("12.5") == Decimal("12.5")
    assert zahl_lesen(1.234) == Decimal("1.234")  # a number cell from XLSX stays a number


def test_excel_csv_windows_1252_importiert(redaktion_client, stamm):
    _indikator, _kommune, _raeume = stamm
    antwort = hochladen(redaktion_client, excel_csv(CSV_ZEILEN))
    html = antwort.content.decode()
    assert antwort.status_code == 200
    assert "Alle Zeilen sind gültig: 3 neu, 0 geändert, 0 unverändert" in html
    assert "Büsbach" in html
    assert "Münsterbusch" in html
    assert not Messwert.objects.exists()  # preview writes nothing
    antwort = bestaetigen(redaktion_client, antwort)
    assert antwort.status_code == 302
    werte = {mw.raum.name: mw for mw in Messwert.objects.select_related("raum")}
    assert werte["Büsbach"].wert == Decimal("1234")
    assert werte["Münsterbusch"].vorlaeufig is True
    assert werte["Stolberg"].wert == Decimal(4321)
    assert werte["Büsbach"].quellenhinweis == "Versorgungsamt 03/2025"
    assert werte["Büsbach"].history.first().history_user.username == "redaktion"


@pytest.mark.parametrize(
    ("kodierung", "trenner"), [("utf-8-sig", ";"), ("utf-8", ","), ("cp1252", "\t")]
)
def test_kodierung_und_trennzeichen_erkannt(stamm, redaktion_user, kodierung, trenner):
    zeilen = [z.replace(";", trenner) for z in CSV_ZEILEN]
    if trenner == ",":
        zeilen = [zeilen[0], 'Schwerbehinderte Menschen,2024,Büsbach,"1.234,0",nein,x']
    tabelle = dateien.lesen(excel_csv(zeilen, kodierung), "werte.csv")
    pruefung = datenimport.pruefen(MESSWERTE, tabelle, benutzer=redaktion_user)
    assert pruefung.fehlerfrei
    assert pruefung.zeilen[0].objekt.raum.name == "Büsbach"
    assert pruefung.zeilen[0].objekt.wert == Decimal("1234")


def test_fehlerhafte_zeile_schreibt_nichts_und_nennt_zeile_und_spalte(redaktion_client, stamm):
    zeilen = [
        *CSV_ZEILEN,
        "Schwerbehinderte Menschen;2024;Atlantis;12;nein;",
        "Schwerbehinderte Menschen;20x4;Büsbach;3;nein;",
    ]
    antwort = hochladen(redaktion_client, excel_csv(zeilen))
    html = antwort.content.decode()
    assert "Zeile 5, Spalte „Raum“: „Atlantis“ ist kein bekannter Raum." in html
    assert "Zeile 6, Spalte „Jahr“" in html
    assert "Import bestätigen" not in html
    # even a forged confirm writes nothing: the rows in the session are re-checked
    summe = redaktion_client.session["monitoring_import"]["pruefsumme"]
    redaktion_client.post(URL, {"pruefsumme": summe})
    assert not Messwert.objects.exists()


def test_doppelte_zeilen_abgelehnt(redaktion_client, stamm):
    zeilen = [*CSV_ZEILEN, "Schwerbehinderte Menschen;2024;buesbach;99;nein;"]
    html = hochladen(redaktion_client, excel_csv(zeilen)).content.decode()
    assert "Zeile 5: doppelt" in html
    assert "Zeile 2" in html
    assert not Messwert.objects.exists()


def test_reimport_aendert_nichts(redaktion_client, stamm):
    inhalt = excel_csv(CSV_ZEILEN)
    bestaetigen(redaktion_client, hochladen(redaktion_client, inhalt))
    vorher = {(mw.pk, mw.geaendert_am, mw.history.count()) for mw in Messwert.objects.all()}
    antwort = hochladen(redaktion_client, inhalt)
    assert "0 neu, 0 geändert, 3 unverändert" in antwort.content.decode()
    bestaetigen(redaktion_client, antwort)
    nachher = {(mw.pk, mw.geaendert_am, mw.history.count()) for mw in Messwert.objects.all()}
    assert vorher == nachher


def test_geaenderte_zeile_zeigt_alt_und_neu(datenpflege_client, stamm):
    indikator, _kommune, raeume = stamm
    MesswertFactory(indikator=indikator, jahr=2024, raum=raeume["Münsterbusch"], wert=80)
    html = hochladen(datenpflege_client, excel_csv(CSV_ZEILEN)).content.decode()
    assert "80 → 87" in html


def test_vorschau_schuetzt_kleine_zahlen_ausser_fuer_datenpflege(
    redaktion_client, datenpflege_client, stamm
):
    indikator, _kommune, raeume = stamm
    MesswertFactory(indikator=indikator, jahr=2024, raum=raeume["Münsterbusch"], wert=2)
    zeilen = [CSV_ZEILEN[0], "Schwerbehinderte Menschen;2024;Münsterbusch;1;nein;"]
    html = hochladen(redaktion_client, excel_csv(zeilen)).content.decode()
    assert "&lt; 3 → &lt; 3" in html
    html = hochladen(datenpflege_client, excel_csv(zeilen)).content.decode()
    assert "2 → 1" in html


def test_xlsx_import(redaktion_client, stamm):
    mappe = Workbook()
    blatt = mappe.active
    blatt.append(["Indikator", "Jahr", "Raum", "Wert", "vorläufig", "Quellenhinweis"])
    blatt.append(["Schwerbehinderte Menschen", 2024, "Büsbach", 1234.0, "ja", "BA"])
    blatt.append(["Schwerbehinderte Menschen", 2024, "muensterbusch", 87, None, None])
    puffer = io.BytesIO()
    mappe.save(puffer)
    antwort = hochladen(redaktion_client, puffer.getvalue(), "werte.xlsx")
    assert "2 neu" in antwort.content.decode()
    bestaetigen(redaktion_client, antwort)
    werte = {mw.raum.slug: mw for mw in Messwert.objects.select_related("raum")}
    assert werte["buesbach"].wert == Decimal("1234")
    assert werte["buesbach"].vorlaeufig is True
    assert werte["muensterbusch"].wert == Decimal(87)


def test_fehlende_spalte(redaktion_client, stamm):
    html = hochladen(
        redaktion_client, excel_csv(["Indikator;Jahr;Wert", "x;2024;1"])
    ).content.decode()
    assert "Es fehlen Spalten: Raum" in html


def test_falscher_dateityp(redaktion_client):
    html = hochladen(redaktion_client, b"%PDF", "bericht.pdf").content.decode()
    assert "CSV- oder XLSX-Datei" in html


def test_veraltete_bestaetigung_abgewiesen(redaktion_client, stamm):
    hochladen(redaktion_client, excel_csv(CSV_ZEILEN))
    antwort = redaktion_client.post(URL, {"pruefsumme": "0" * 64})
    assert antwort.status_code == 302
    assert not Messwert.objects.exists()


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
def test_vorlage(redaktion_client, stamm, format_):
    antwort = redaktion_client.get(
        reverse("monitoring:messwert_import_vorlage"), {"format": format_}
    )
    assert antwort.status_code == 200
    if format_ == "csv":
        assert antwort.content.startswith(b"\xef\xbb\xbf")
        assert (
            antwort.content.decode("utf-8-sig").splitlines()[0]
            == "Indikator;Jahr;Raum;Wert;vorläufig;Quellenhinweis;Fallzahl n"
        )
    else:
        kopf = next(load_workbook(io.BytesIO(antwort.content)).active.iter_rows(values_only=True))
        assert kopf[:4] == ("Indikator", "Jahr", "Raum", "Wert")


def test_import_je_rolle(rollen_client, stamm):
    erwartet = {"anonym": 302, "lesen": 403, "redaktion": 200, "datenpflege": 200}[
        rollen_client.rolle
    ]
    assert rollen_client.get(URL).status_code == erwartet
    assert rollen_client.get(reverse("monitoring:messwert_import_vorlage")).status_code == erwartet
    antwort = hochladen(rollen_client, excel_csv(CSV_ZEILEN))
    assert antwort.status_code == erwartet
    assert rollen_client.post(URL, {"pruefsumme": "0" * 64}).status_code == (
        302 if erwartet == 200 else erwartet
    )
    assert not Messwert.objects.exists()


def test_import_csrf(redaktion_user, stamm):
    client = Client(enforce_csrf_checks=True)
    client.force_login(redaktion_user)
    assert hochladen(client, excel_csv(CSV_ZEILEN)).status_code == 403
    client.get(URL)
    antwort = client.post(
        URL,
        {
            "datei": SimpleUploadedFile("w.csv", excel_csv(CSV_ZEILEN)),
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )
    assert antwort.status_code == 200
    assert "3 neu" in antwort.content.decode()


# --- protected existing values: no exact outcome outside the data stewards ---------------------


def _probe(client, wert: str):
    zeilen = [CSV_ZEILEN[0], f"Schwerbehinderte Menschen;2024;Münsterbusch;{wert};nein;"]
    return hochladen(client, excel_csv(zeilen))


@pytest.mark.parametrize("wert", ["0", "1", "2", "5"])
def test_vorschau_verraet_geschuetzten_wert_nicht(redaktion_client, stamm, wert):
    indikator, _kommune, raeume = stamm
    MesswertFactory(indikator=indikator, jahr=2024, raum=raeume["Münsterbusch"], wert=2)
    html = _probe(redaktion_client, wert).content.decode()
    # The same answer whatever is probed: the stored 2 equals only one of these.
    assert "überschreibt geschützten Wert" in html
    assert "Alle Zeilen sind gültig: 0 neu, 0 geändert, 0 unverändert" in html
    assert "1 Zeile überschreibt einen geschützten Wert" in html
    assert ">unverändert<" not in html
    assert ">geändert<" not in html
    assert "&lt; 3 →" in html


def test_vorschau_verraet_zurueckgehaltenen_wert_nicht(redaktion_client, stamm):
    indikator, kommune, raeume = stamm
    # Kommune 100 = Büsbach 2 ("< 3") + Münsterbusch 98: Münsterbusch is withheld ("•").
    MesswertFactory(indikator=indikator, jahr=2024, raum=kommune, wert=100)
    MesswertFactory(indikator=indikator, jahr=2024, raum=raeume["Büsbach"], wert=2)
    MesswertFactory(indikator=indikator, jahr=2024, raum=raeume["Münsterbusch"], wert=98)
    for wert in ("98", "97"):
        html = _probe(redaktion_client, wert).content.decode()
        assert "überschreibt geschützten Wert" in html
        assert "0 neu, 0 geändert, 0 unverändert" in html
        assert f"• → {wert}" in html


def test_datenpflege_sieht_das_genaue_ergebnis(datenpflege_client, stamm):
    indikator, _kommune, raeume = stamm
    MesswertFactory(indikator=indikator, jahr=2024, raum=raeume["Münsterbusch"], wert=2)
    html = _probe(datenpflege_client, "2").content.decode()
    assert "0 neu, 0 geändert, 1 unverändert" in html
    assert "überschreibt geschützten Wert" not in html
    html = _probe(datenpflege_client, "1").content.decode()
    assert "0 neu, 1 geändert, 0 unverändert" in html
    assert "2 → 1" in html


def test_bestaetigung_verraet_geschuetzten_wert_nicht(redaktion_client, stamm):
    indikator, _kommune, raeume = stamm
    MesswertFactory(indikator=indikator, jahr=2024, raum=raeume["Münsterbusch"], wert=2)
    antwort = bestaetigen(redaktion_client, _probe(redaktion_client, "2"))
    nachricht = str(next(iter(get_messages(antwort.wsgi_request))))
    assert nachricht == (
        "Import abgeschlossen: 0 neu, 0 geändert, 0 unverändert. "
        "1 Zeile hat einen geschützten Wert überschrieben."
    )


# --- confirm step: database errors show the preview again --------------------------------------


@pytest.mark.parametrize(
    "fehler",
    [ValidationError("kaputt"), IntegrityError("UNIQUE constraint failed")],
    ids=["ValidationError", "IntegrityError"],
)
def test_fehler_beim_speichern_zeigt_vorschau_erneut(redaktion_client, stamm, monkeypatch, fehler):
    vorschau = hochladen(redaktion_client, excel_csv(CSV_ZEILEN))
    gespeichert = Messwert.save
    aufrufe = []

    def speichern(self, *args, **kwargs):
        aufrufe.append(self)
        if len(aufrufe) == 2:  # the second row fails, after the first was written
            raise fehler
        return gespeichert(self, *args, **kwargs)

    monkeypatch.setattr(Messwert, "save", speichern)
    antwort = bestaetigen(redaktion_client, vorschau)
    html = antwort.content.decode()
    assert antwort.status_code == 200
    assert "Die Daten konnten nicht gespeichert werden" in html
    assert "Es wurde nichts gespeichert" in html
    assert "Alle Zeilen sind gültig: 3 neu" in html
    assert "Import bestätigen und speichern" in html
    assert not Messwert.objects.exists()  # the first row was rolled back
    # The rows are still in the session: confirming again now works.
    monkeypatch.setattr(Messwert, "save", gespeichert)
    assert bestaetigen(redaktion_client, antwort).status_code == 302
    assert Messwert.objects.count() == 3


def test_unplausible_werte_werden_abgelehnt(redaktion_client, stamm):
    from tests.factories import IndikatorFactory

    IndikatorFactory(name="Anteil barrierefreier Haltestellen", einheit="%", ist_fallzahl=False)
    zeilen = [
        CSV_ZEILEN[0],
        "Anteil barrierefreier Haltestellen;2024;Büsbach;123,4;nein;",
        "Schwerbehinderte Menschen;2024;Münsterbusch;-5;nein;",
    ]
    html = hochladen(redaktion_client, excel_csv(zeilen)).content.decode()
    assert "Ein Anteil in Prozent liegt zwischen 0 und 100." in html
    assert "Eine Fallzahl kann nicht negativ sein." in html
    assert not Messwert.objects.exists()


# --- export in the import's columns; the lock between preview and confirm ------------------------

EXPORT = "/monitoring/indikatoren/werte/export/"


def _export_zeilen(client, **parameter) -> list[list[str]]:
    import csv

    antwort = client.get(EXPORT, {"format": "csv", **parameter})
    assert antwort.status_code == 200
    assert antwort.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))


def test_export_je_rolle(rollen_client, stamm):
    erwartet = {"anonym": 302, "lesen": 403, "redaktion": 200, "datenpflege": 200}
    assert rollen_client.get(EXPORT, {"format": "csv"}).status_code == erwartet[rollen_client.rolle]


@pytest.mark.parametrize(
    "parameter",
    [{"format": "pdf"}, {"format": "csv", "indikator": "abc"}, {"format": "csv", "indikator": "²"}],
)
def test_export_mit_falschen_parametern_404(redaktion_client, stamm, parameter):
    assert redaktion_client.get(EXPORT, parameter).status_code == 404


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
def test_export_der_datenpflege_importiert_unveraendert(datenpflege_client, stamm, format_):
    indikator, kommune, raeume = stamm
    MesswertFactory(indikator=indikator, jahr=2024, raum=raeume["Büsbach"], wert=Decimal("2"))
    MesswertFactory(indikator=indikator, jahr=2024, raum=kommune, wert=Decimal("1234"))
    antwort = datenpflege_client.get(EXPORT, {"format": format_, "indikator": indikator.pk})
    html = hochladen(datenpflege_client, antwort.content, f"werte.{format_}").content.decode()
    assert "Alle Zeilen sind gültig: 0 neu, 0 geändert, 2 unverändert" in html


def test_geschuetzter_wert_aus_dem_export_wird_nicht_importiert(redaktion_client, stamm):
    indikator, kommune, raeume = stamm
    MesswertFactory(indikator=indikator, jahr=2024, raum=raeume["Büsbach"], wert=Decimal("2"))
    MesswertFactory(indikator=indikator, jahr=2024, raum=raeume["Münsterbusch"], wert=98)
    MesswertFactory(indikator=indikator, jahr=2024, raum=kommune, wert=100)
    zeilen = _export_zeilen(redaktion_client)
    werte = {z[2]: z[3] for z in zeilen[1:]}
    assert werte == {"buesbach": "< 3", "muensterbusch": "•", "stolberg": "100"}
    assert "2" not in werte.values()
    antwort = redaktion_client.get(EXPORT, {"format": "csv"})
    html = hochladen(redaktion_client, antwort.content).content.decode()
    # Rows: the Kommune first, then the areas by name.
    assert (
        "Zeile 3, Spalte „Wert“: „&lt; 3“ ist ein zum Schutz kleiner Zahlen verborgener Wert, "
        "keine Zahl." in html
    )
    assert "Zeile 4, Spalte „Wert“: „•“ ist ein zum Schutz kleiner Zahlen verborgener Wert" in html
    assert "Import bestätigen" not in html
    assert sorted(Messwert.objects.values_list("wert", flat=True)) == [2, 98, 100]


def test_geaendert_zwischen_vorschau_und_bestaetigung(redaktion_client, stamm):
    indikator, _kommune, raeume = stamm
    bisher = MesswertFactory(indikator=indikator, jahr=2024, raum=raeume["Münsterbusch"], wert=80)
    vorschau = hochladen(redaktion_client, excel_csv(CSV_ZEILEN))
    # A colleague saves 111 on the value page after the preview.
    Messwert.objects.filter(pk=bisher.pk).update(wert=111)
    antwort = bestaetigen(redaktion_client, vorschau)
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert "Seit der Vorschau wurden Einträge geändert, die dieser Import betrifft." in html
    assert "111 → 87" in html
    bisher.refresh_from_db()
    assert bisher.wert == 111
    assert Messwert.objects.count() == 1
    # Confirming the fresh preview is a deliberate choice.
    assert bestaetigen(redaktion_client, antwort).status_code == 302
    bisher.refresh_from_db()
    assert bisher.wert == 87


def test_spalten_die_nicht_gelesen_werden_stehen_in_der_vorschau(redaktion_client, stamm):
    zeilen = [CSV_ZEILEN[0] + ";Bemerkung", CSV_ZEILEN[1] + ";x"]
    html = hochladen(redaktion_client, excel_csv(zeilen)).content.decode()
    assert "Diese Spalten der Datei werden nicht gelesen: Bemerkung" in html


@pytest.mark.parametrize("zahl", ["9" * 29, "-" + "9" * 40, "1" * 40 + ",5"])
def test_riesige_zahl_ist_ein_zeilenfehler_kein_serverfehler(redaktion_client, stamm, zahl):
    """QA 2026-11-29 (F-1): a number past Decimal's 28 digits broke the preview with a 500."""
    zeilen = [CSV_ZEILEN[0], f"Schwerbehinderte Menschen;2024;Büsbach;{zahl};nein;"]
    antwort = hochladen(redaktion_client, excel_csv(zeilen))
    assert antwort.status_code == 200
    assert "Zeile 2" in antwort.content.decode()
    assert not Messwert.objects.exists()


def test_gemischte_kodierung_wird_abgewiesen(redaktion_client, stamm):
    """UTF-8 with one Windows-1252 byte (QA F-3): refused with the line, nothing garbled stored."""
    inhalt = (
        "\r\n".join(
            [
                CSV_ZEILEN[0],
                "Schwerbehinderte Menschen;2024;Büsbach;87;ja;Lieferung März",
            ]
        ).encode("utf-8")
        + b"\r\nSchwerbehinderte Menschen;2024;M\xfcnsterbusch;90;ja;Lieferung M\xe4rz"
    )
    antwort = hochladen(redaktion_client, inhalt)
    html = antwort.content.decode()
    assert antwort.status_code == 200
    assert "Zeile 3 enthält Zeichen in einer anderen Kodierung" in html
    assert not Messwert.objects.exists()


def test_doppelklick_auf_bestaetigen_zeigt_das_ergebnis_ohne_fehler(redaktion_client, stamm):
    """QA finding 2: a double click on "Import bestätigen" imported once but showed "Die
    Vorschau ist nicht mehr gültig" for the second click; it now carries the one-time mark."""
    import re

    vorschau = hochladen(redaktion_client, excel_csv(CSV_ZEILEN))
    formular = vorschau.content.decode().split("Import bestätigen und speichern")[0]
    marke = re.findall(r'name="einmalmarke" value="([^"]+)"', formular)[-1]
    daten = {
        "pruefsumme": vorschau.context["bestaetigen"].initial["pruefsumme"],
        "einmalmarke": marke,
    }
    erste = redaktion_client.post(URL, daten)
    zweite = redaktion_client.post(URL, daten)
    assert erste.status_code == zweite.status_code == 302
    assert zweite.url == erste.url
    texte = [str(m) for m in get_messages(zweite.wsgi_request)]
    assert any("bereits abgeschickt" in t for t in texte)
    assert not any("nicht mehr gültig" in t for t in texte)
    assert Messwert.objects.count() == 3
