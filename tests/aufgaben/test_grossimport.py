"""Imports of more than 500 rows go through the task queue (run at once in the tests), on the
staff page and in the admin: preview and confirm as tasks, a status page in between, all rows
or none, protected small numbers hidden as on the page, and a confirm only by its owner."""

import io
import re

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from aktionsplan.datenimport import GROSS_AB_ZEILEN, zeilen_schaetzen
from aktionsplan.models import Raum
from aktionsplan.rollen import REDAKTION
from aufgaben.models import Aufgabe
from monitoring.datenarten import MESSWERTE
from monitoring.models import Messwert
from tests.aufgaben.hilfen import ERSTES_JAHR, messwert_csv
from tests.factories import MesswertFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("monitoring:messwert_import")
ADMIN_URL = reverse("admin:monitoring_messwert_import")


def _hochladen(client, inhalt: bytes, url=URL):
    return _hochladen_als(client, inhalt, "werte.csv", url=url)


def _hochladen_als(client, inhalt: bytes, name: str, url=URL):
    return client.post(url, {"datei": SimpleUploadedFile(name, inhalt)})


def _bestaetigen(client, aufgabe, url=URL, pruefsumme=None):
    return client.post(
        url,
        {"aufgabe": aufgabe.pk, "pruefsumme": pruefsumme or aufgabe.ergebnis["pruefsumme"]},
    )


def _meldungen(antwort) -> list[str]:
    return [str(m) for m in get_messages(antwort.wsgi_request)]


def test_bis_500_zeilen_im_request_darueber_als_aufgabe(redaktion_client, messwert_stamm):
    klein = _hochladen(redaktion_client, messwert_csv(GROSS_AB_ZEILEN))
    assert klein.status_code == 200
    assert "Alle Zeilen sind gültig: 500 neu" in klein.content.decode()
    assert not Aufgabe.objects.exists()

    gross = _hochladen(redaktion_client, messwert_csv(GROSS_AB_ZEILEN + 1))
    aufgabe = Aufgabe.objects.get()
    assert gross.status_code == 302
    assert gross.url == aufgabe.get_absolute_url()
    assert aufgabe.art == Aufgabe.Art.IMPORT_PRUEFEN
    assert aufgabe.zeilen == 501
    assert aufgabe.ergebnis["anzahl"]["neu"] == 501
    assert not Messwert.objects.exists()


def test_grosser_import_vorschau_bestaetigen_speichern(redaktion_client, messwert_stamm):
    antwort = _hochladen(redaktion_client, messwert_csv(520))
    vorschau = Aufgabe.objects.get()
    seite = redaktion_client.get(antwort.url).content.decode()
    assert "Alle Zeilen sind gültig: 520 neu, 0 geändert, 0 unverändert" in seite
    assert "Zeilen in der Datei" in seite

    antwort = _bestaetigen(redaktion_client, vorschau)
    speichern = Aufgabe.objects.get(art=Aufgabe.Art.IMPORT_UEBERNEHMEN)
    assert antwort.url == speichern.get_absolute_url()
    assert speichern.vorlage == vorschau
    assert speichern.status == Aufgabe.Status.FERTIG
    assert Messwert.objects.count() == 520
    assert {h.history_user for h in Messwert.history.all()} == {vorschau.gestartet_von}
    seite = redaktion_client.get(antwort.url).content.decode()
    assert "Import abgeschlossen: 520 neu, 0 geändert, 0 unverändert." in seite
    assert "Import bestätigen und speichern" not in seite


def test_zweite_bestaetigung_findet_alles_unveraendert(redaktion_client, messwert_stamm):
    _hochladen(redaktion_client, messwert_csv(510))
    vorschau = Aufgabe.objects.get()
    _bestaetigen(redaktion_client, vorschau)
    _bestaetigen(redaktion_client, vorschau)
    zweite = Aufgabe.objects.filter(art=Aufgabe.Art.IMPORT_UEBERNEHMEN).order_by("erstellt_am")[1]
    # The fingerprint no longer matches (the rows exist now): nothing written, a fresh preview.
    assert zweite.ergebnis["gespeichert"] is False
    assert zweite.ergebnis["veraltet"] is True
    assert zweite.ergebnis["anzahl"]["unveraendert"] == 510
    assert Messwert.objects.count() == 510
    assert Messwert.history.count() == 510


def test_geaendert_seit_der_vorschau_neue_vorschau_und_erneut_bestaetigen(
    redaktion_client, messwert_stamm
):
    _hochladen(redaktion_client, messwert_csv(505))
    vorschau = Aufgabe.objects.get()
    # A colleague enters one of the file's values between preview and confirm.
    MesswertFactory(
        indikator=messwert_stamm, jahr=ERSTES_JAHR, raum=Raum.objects.get(slug="stolberg"), wert=7
    )
    antwort = _bestaetigen(redaktion_client, vorschau)
    speichern = Aufgabe.objects.get(art=Aufgabe.Art.IMPORT_UEBERNEHMEN)
    assert Messwert.objects.count() == 1
    seite = redaktion_client.get(antwort.url).content.decode()
    assert "Seit der Vorschau wurden Einträge geändert" in seite
    assert "Import bestätigen und speichern" in seite

    # The fresh preview is confirmed in turn; its rows are still the first preview's.
    antwort = _bestaetigen(redaktion_client, speichern)
    zweite = Aufgabe.objects.filter(art=Aufgabe.Art.IMPORT_UEBERNEHMEN).latest("erstellt_am")
    assert zweite.vorlage == vorschau
    assert zweite.ergebnis["gespeichert"] is True
    assert Messwert.objects.count() == 505


def test_fehlerhafte_zeile_keine_bestaetigung(redaktion_client, messwert_stamm):
    antwort = _hochladen(redaktion_client, messwert_csv(505, fehler_in=432))
    vorschau = Aufgabe.objects.get()
    seite = redaktion_client.get(antwort.url, {"nur": "fehler"}).content.decode()
    assert "1 Zeile ist fehlerhaft" in seite
    assert "Zeile 433, Spalte „Wert“" in seite
    assert "Import bestätigen und speichern" not in seite
    abgelehnt = _bestaetigen(redaktion_client, vorschau)
    assert abgelehnt.url == URL
    assert "Diese Vorschau kann nicht bestätigt werden" in _meldungen(abgelehnt)[0]
    assert not Messwert.objects.exists()


def test_nur_die_eigene_vorschau_und_nur_mit_ihrer_pruefsumme(redaktion_client, messwert_stamm):
    _hochladen(redaktion_client, messwert_csv(510))
    vorschau = Aufgabe.objects.get()
    kollege = Client()
    kollege.force_login(UserFactory(username="kollege", rollen=[REDAKTION]))
    for client, summe in ((kollege, None), (redaktion_client, "f" * 64)):
        abgelehnt = _bestaetigen(client, vorschau, pruefsumme=summe)
        assert abgelehnt.url == URL
    assert not Aufgabe.objects.filter(art=Aufgabe.Art.IMPORT_UEBERNEHMEN).exists()
    # A confirm for another page's kind of data (the admin's areas) is refused as well.
    abgelehnt = _bestaetigen(
        redaktion_client, vorschau, url=reverse("admin:aktionsplan_raum_import")
    )
    assert abgelehnt.status_code in (302, 403)
    assert not Messwert.objects.exists()


def test_lesen_darf_nicht_importieren(lesen_client, messwert_stamm):
    assert _hochladen(lesen_client, messwert_csv(510)).status_code == 403
    assert not Aufgabe.objects.exists()


def test_geschuetzter_wert_bleibt_in_der_grossen_vorschau_verborgen(
    redaktion_client, datenpflege_client, messwert_stamm
):
    MesswertFactory(
        indikator=messwert_stamm, jahr=ERSTES_JAHR, raum=Raum.objects.get(slug="stolberg"), wert=2
    )
    inhalt = messwert_csv(510)
    seite = redaktion_client.get(_hochladen(redaktion_client, inhalt).url).content.decode()
    assert "überschreibt geschützten Wert" in seite
    assert "1 Zeile überschreibt einen geschützten Wert" in seite
    assert "&lt; 3 → 100" in seite
    assert "2 → 100" not in seite
    # The Datenpflege sees the real value in her own preview.
    seite = datenpflege_client.get(_hochladen(datenpflege_client, inhalt).url).content.decode()
    assert "2 → 100" in seite


def test_fehlgeschlagene_bestaetigung_schreibt_nichts(
    redaktion_client, messwert_stamm, monkeypatch
):
    _hochladen(redaktion_client, messwert_csv(530))
    vorschau = Aufgabe.objects.get()
    schreiben = MESSWERTE.schreiben
    geschrieben = []

    def abbrechen(zeile, benutzer):
        if len(geschrieben) == 400:
            raise OSError("Festplatte voll")
        geschrieben.append(schreiben(zeile, benutzer))
        return geschrieben[-1]

    monkeypatch.setattr(MESSWERTE, "schreiben", abbrechen)
    antwort = _bestaetigen(redaktion_client, vorschau)
    speichern = Aufgabe.objects.get(art=Aufgabe.Art.IMPORT_UEBERNEHMEN)
    assert len(geschrieben) == 400
    assert speichern.status == Aufgabe.Status.FEHLGESCHLAGEN
    assert "OSError: Festplatte voll" in speichern.fehler_technisch
    assert not Messwert.objects.exists()
    assert not Messwert.history.exists()
    seite = redaktion_client.get(antwort.url).content.decode()
    assert "Es wurde nichts gespeichert." in seite


def test_admin_grosser_import_als_aufgabe(datenpflege_client, messwert_stamm):
    antwort = _hochladen(datenpflege_client, messwert_csv(515), url=ADMIN_URL)
    vorschau = Aufgabe.objects.get()
    assert antwort.url == vorschau.get_absolute_url()
    assert vorschau.herkunft_url == ADMIN_URL
    seite = datenpflege_client.get(antwort.url).content.decode()
    assert "Alle Zeilen sind gültig: 515 neu" in seite
    assert f'action="{ADMIN_URL}"' in seite
    # The admin's table: the key columns and the changes.
    assert "Indikator · Jahr · Raum" in seite
    assert re.search(r"Schwerbehinderte Menschen · 1990 · stolberg", seite)

    antwort = _bestaetigen(datenpflege_client, vorschau, url=ADMIN_URL)
    speichern = Aufgabe.objects.get(art=Aufgabe.Art.IMPORT_UEBERNEHMEN)
    assert antwort.url == speichern.get_absolute_url()
    assert speichern.status == Aufgabe.Status.FERTIG
    assert Messwert.objects.count() == 515
    assert "Import abgeschlossen: 515 neu" in datenpflege_client.get(antwort.url).content.decode()


def test_unlesbare_grosse_datei_laesst_die_aufgabe_mit_dem_grund_scheitern(
    redaktion_client, messwert_stamm
):
    inhalt = messwert_csv(520).replace(b"Indikator;", b"Kennzahl;", 1)
    antwort = _hochladen(redaktion_client, inhalt)
    aufgabe = Aufgabe.objects.get()
    assert antwort.url == aufgabe.get_absolute_url()
    assert aufgabe.status == Aufgabe.Status.FEHLGESCHLAGEN
    seite = redaktion_client.get(antwort.url).content.decode()
    assert "Es fehlen Spalten: Indikator." in seite
    assert "Import bestätigen und speichern" not in seite
    assert not Messwert.objects.exists()


def test_grosse_xlsx_datei_als_aufgabe(redaktion_client, messwert_stamm):
    mappe = openpyxl.Workbook()
    blatt = mappe.active
    for zeile in messwert_csv(505).decode().split("\r\n"):
        blatt.append([int(z) if z.isdigit() else z for z in zeile.split(";")])
    puffer = io.BytesIO()
    mappe.save(puffer)
    antwort = _hochladen_als(redaktion_client, puffer.getvalue(), "werte.xlsx")
    aufgabe = Aufgabe.objects.get()
    assert antwort.url == aufgabe.get_absolute_url()
    assert aufgabe.ergebnis["anzahl"]["neu"] == 505
    # The parsed rows took the place of the uploaded bytes.
    aufgabe.refresh_from_db()
    assert set(aufgabe.eingabe) == {"datenart", "dateiname", "tabelle", "pruefsumme"}


@pytest.mark.parametrize(
    ("inhalt", "name", "erwartet"),
    [
        (b"Kopf\r\n1\r\n2\r\n3", "a.csv", 3),
        (b"Kopf\r\n1\r\n2\r\n3\r\n", "a.csv", 3),
        (b"Kopf\n1\n2\n", "a.txt", 2),
        (b"Kopf", "a.csv", 0),
        (b"", "a.csv", 0),
        (b"kein xlsx", "a.xlsx", None),
    ],
)
def test_zeilen_schaetzen(inhalt, name, erwartet):
    assert zeilen_schaetzen(inhalt, name) == erwartet


def test_zeilen_schaetzen_xlsx():
    mappe = openpyxl.Workbook()
    for i in range(8):
        mappe.active.append([f"Zeile {i}"])
    puffer = io.BytesIO()
    mappe.save(puffer)
    assert zeilen_schaetzen(puffer.getvalue(), "werte.XLSX") == 7
