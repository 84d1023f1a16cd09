"""Exports of more than SOFORT_BIS_ZEILEN rows go through the task queue (issue 8: no request
over 1 s at 100×): GET offers the file, POST starts the task "Export", the status page hands
out the file; a file is built once per content (kind, query, reader's roles, data stand, day).
The file holds what the immediate export would hold, row for row, protected numbers included.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from aktionsplan import hintergrundexport
from aktionsplan.sperre import speichern
from aufgaben.models import Aufgabe
from monitoring.models import Messwert
from projekte.models import Projektskizze
from tests.factories import (
    AufgabeFactory,
    IndikatorFactory,
    KommuneFactory,
    MesswertFactory,
    ProjektskizzeFactory,
    RaumFactory,
    ThemaFactory,
)

pytestmark = pytest.mark.django_db

MESSWERTE = reverse("monitoring:messwert_export")
MASSNAHMEN = reverse("projekte:projekt_export")
ADMIN_MESSWERTE = reverse("admin:monitoring_messwert_export")
GRENZE = 3


@pytest.fixture
def kleine_grenze(monkeypatch):
    """Files of more than GRENZE rows go to the task queue (the suite's data are small)."""
    monkeypatch.setattr(hintergrundexport, "SOFORT_BIS_ZEILEN", GRENZE)


@pytest.fixture
def werte():
    """Eight values of one year: 2 is under the minimum of 3, and one more is withheld so that
    it cannot be derived from the Kommune's total."""
    kommune = KommuneFactory(name="Stolberg", slug="stolberg")
    indikator = IndikatorFactory(name="Schwerbehinderte Menschen")
    raeume = [
        RaumFactory(name=f"Raum {i}", slug=f"raum-{i}", uebergeordnet=kommune) for i in range(7)
    ]
    MesswertFactory(indikator=indikator, jahr=2024, raum=raeume[0], wert=Decimal("2"))
    MesswertFactory(indikator=indikator, jahr=2024, raum=raeume[1], wert=Decimal("98"))
    for raum in raeume[2:]:
        MesswertFactory(indikator=indikator, jahr=2024, raum=raum, wert=Decimal("50"))
    MesswertFactory(indikator=indikator, jahr=2024, raum=kommune, wert=Decimal("350"))
    return indikator


def _sofort(client, url, parameter, monkeypatch) -> bytes:
    """The file the request writes at once (the threshold set high for this one request)."""
    with monkeypatch.context() as m:
        m.setattr(hintergrundexport, "SOFORT_BIS_ZEILEN", 10_000)
        antwort = client.get(url, parameter)
    assert antwort.status_code == 200
    assert antwort["Content-Disposition"].startswith("attachment")
    return antwort.content


def _datei(aufgabe: Aufgabe) -> bytes:
    with aufgabe.datei.open("rb") as datei:
        return datei.read()


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
@pytest.mark.parametrize("rolle", ["redaktion_client", "datenpflege_client"])
def test_grosser_messwertexport_laeuft_als_aufgabe_mit_allen_zeilen_und_gleichem_schutz(
    request, werte, kleine_grenze, monkeypatch, format_, rolle
):
    client = request.getfixturevalue(rolle)
    parameter = {"format": format_}
    erwartet = _sofort(client, MESSWERTE, parameter, monkeypatch)

    angebot = client.get(MESSWERTE, parameter)
    assert angebot.status_code == 200
    html = angebot.content.decode()
    assert "Die Datei enthält 8 Zeilen." in html
    assert f'<form method="post" action="{MESSWERTE}?format={format_}">' in html
    assert not Aufgabe.objects.exists()

    gestartet = client.post(f"{MESSWERTE}?format={format_}")
    aufgabe = Aufgabe.objects.get()
    assert gestartet.status_code == 302
    assert gestartet.url == aufgabe.get_absolute_url()
    assert aufgabe.art == Aufgabe.Art.EXPORT
    assert aufgabe.status == Aufgabe.Status.FERTIG
    assert aufgabe.zeilen == 8
    assert aufgabe.dateiname.endswith(f".{format_}")
    # Every row, and small numbers protected exactly as the immediate export protects them
    # (CSV: the same bytes; XLSX: the same cells, compared below).
    if format_ == "csv":
        inhalt = _datei(aufgabe).decode("utf-8-sig")
        assert _datei(aufgabe) == erwartet
        zeilen = inhalt.strip().splitlines()
        assert len(zeilen) == 1 + 8
        if rolle == "redaktion_client":
            assert ";< 3;" in inhalt
            assert ";•;" in inhalt
            assert ";2;" not in inhalt
        else:
            assert ";2;" in inhalt
    else:
        assert _xlsx_zellen(_datei(aufgabe)) == _xlsx_zellen(erwartet)

    # The status page offers the download; the export link now hands out the built file.
    seite = client.get(aufgabe.get_absolute_url()).content.decode()
    assert reverse("aufgaben:datei", args=[aufgabe.pk]) in seite
    download = client.get(MESSWERTE, parameter)
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == _datei(aufgabe)


def _xlsx_zellen(inhalt: bytes) -> list[tuple]:
    import io

    from openpyxl import load_workbook

    blatt = load_workbook(io.BytesIO(inhalt), read_only=True).worksheets[0]
    return [tuple(reihe) for reihe in blatt.iter_rows(values_only=True)]


def test_gleicher_inhalt_wird_nicht_neu_gebaut_eine_aenderung_schon(
    redaktion_client, werte, kleine_grenze
):
    redaktion_client.post(f"{MESSWERTE}?format=csv")
    erste = Aufgabe.objects.get()
    redaktion_client.post(f"{MESSWERTE}?format=csv")
    zweite = Aufgabe.objects.exclude(pk=erste.pk).get()
    assert zweite.status == Aufgabe.Status.FERTIG
    assert zweite.datei.name == erste.datei.name
    assert zweite.ergebnis.get("uebernommen") is True

    # A change to the data: the built file no longer matches, GET offers a new one.
    messwert = Messwert.objects.filter(wert=Decimal("50")).first()
    messwert.wert = Decimal("51")
    speichern(messwert, benutzer=None, erwartete_version=messwert.version, felder=["wert"])
    angebot = redaktion_client.get(MESSWERTE, {"format": "csv"})
    assert angebot["Content-Type"].startswith("text/html")
    redaktion_client.post(f"{MESSWERTE}?format=csv")
    dritte = Aufgabe.objects.exclude(pk__in=[erste.pk, zweite.pk]).get()
    assert dritte.datei.name != erste.datei.name
    assert b";51;" in _datei(dritte)


def test_rollen_haben_je_eigene_datei(redaktion_client, datenpflege_client, werte, kleine_grenze):
    redaktion_client.post(f"{MESSWERTE}?format=csv")
    datenpflege_client.post(f"{MESSWERTE}?format=csv")
    redaktion, datenpflege = Aufgabe.objects.order_by("erstellt_am")
    assert redaktion.datei.name != datenpflege.datei.name
    assert b";2;" not in _datei(redaktion)
    assert b";2;" in _datei(datenpflege)


@pytest.mark.parametrize("methode", ["get", "post"])
def test_messwertexport_je_rolle(rollen_client, werte, kleine_grenze, methode):
    antwort = getattr(rollen_client, methode)(f"{MESSWERTE}?format=csv")
    erwartet = {"anonym": 302, "lesen": 403, "redaktion": 200, "datenpflege": 200}
    if methode == "post":
        erwartet.update(redaktion=302, datenpflege=302)
    assert antwort.status_code == erwartet[rollen_client.rolle]
    if rollen_client.rolle in ("anonym", "lesen"):
        assert not Aufgabe.objects.exists()


def test_grosser_massnahmenexport_mit_filtern(lesen_client, kleine_grenze, monkeypatch):
    thema = ThemaFactory()
    for i in range(6):
        ProjektskizzeFactory(titel=f"Maßnahme {i}", hauptthema=thema)
    ProjektskizzeFactory(titel="Anderes Thema")
    parameter = {"format": "csv", "thema": str(thema.pk), "sortierung": "-titel"}
    erwartet = _sofort(lesen_client, MASSNAHMEN, parameter, monkeypatch)
    angebot = lesen_client.get(MASSNAHMEN, parameter)
    assert "Die Datei enthält 6 Zeilen." in angebot.content.decode()
    lesen_client.post(f"{MASSNAHMEN}?format=csv&thema={thema.pk}&sortierung=-titel")
    aufgabe = Aufgabe.objects.get()
    assert aufgabe.zeilen == 6
    assert _datei(aufgabe) == erwartet
    assert "Anderes Thema" not in _datei(aufgabe).decode("utf-8-sig")


@pytest.mark.parametrize("methode", ["get", "post"])
def test_massnahmenexport_je_rolle(rollen_client, kleine_grenze, methode):
    for _i in range(4):
        ProjektskizzeFactory()
    antwort = getattr(rollen_client, methode)(f"{MASSNAHMEN}?format=csv")
    if rollen_client.rolle == "anonym":
        assert antwort.status_code == 302
        assert antwort.url.startswith(reverse("login"))
        assert not Aufgabe.objects.exists()
    elif methode == "get":
        assert antwort.status_code == 200
    else:
        assert antwort.url == Aufgabe.objects.get().get_absolute_url()


def test_grosser_admin_export_laeuft_als_aufgabe(
    datenpflege_client, werte, kleine_grenze, monkeypatch
):
    parameter = {"format": "csv", "o": "-4"}
    erwartet = _sofort(datenpflege_client, ADMIN_MESSWERTE, parameter, monkeypatch)
    angebot = datenpflege_client.get(ADMIN_MESSWERTE, parameter)
    assert angebot.status_code == 200
    assert "Die Datei enthält 8 Zeilen." in angebot.content.decode()
    datenpflege_client.post(f"{ADMIN_MESSWERTE}?format=csv&o=-4")
    aufgabe = Aufgabe.objects.get()
    assert aufgabe.status == Aufgabe.Status.FERTIG, aufgabe.fehler_technisch
    assert aufgabe.zeilen == 8
    assert _datei(aufgabe) == erwartet


@pytest.mark.parametrize("rolle", ["lesen_client", "redaktion_client"])
def test_admin_export_nur_fuer_die_datenpflege(request, werte, kleine_grenze, rolle):
    client = request.getfixturevalue(rolle)
    for antwort in (
        client.get(ADMIN_MESSWERTE, {"format": "csv"}),
        client.post(f"{ADMIN_MESSWERTE}?format=csv"),
    ):
        # Logged in without the role: the German 403 page that names the roles.
        assert antwort.status_code == 403
        assert "Datenpflege" in antwort.content.decode()
    assert not Aufgabe.objects.exists()


def test_wer_die_rolle_verliert_bekommt_keine_datei(redaktion_user, werte):
    """The task checks the person's role again when it runs: a queued export of someone whose
    role was taken meanwhile fails with a message and writes no file."""
    from aufgaben.services import AufgabeFehler
    from monitoring.hintergrund import messwert_export

    aufgabe = AufgabeFactory(
        art=Aufgabe.Art.EXPORT,
        status=Aufgabe.Status.WARTET,
        gestartet_von=redaktion_user,
        eingabe={"kennung": "messwerte", "parameter": {"format": ["csv"], "indikator": []}},
    )
    redaktion_user.groups.clear()
    with pytest.raises(AufgabeFehler):
        messwert_export.call(str(aufgabe.pk))
    aufgabe.refresh_from_db()
    assert aufgabe.status == Aufgabe.Status.FEHLGESCHLAGEN
    assert "nicht mehr exportieren" in aufgabe.fehler
    assert not aufgabe.datei


@pytest.mark.parametrize("anzahl", [4, 40])
def test_angebot_kostet_feste_abfragen(
    lesen_client, kleine_grenze, django_assert_num_queries, anzahl
):
    for _i in range(anzahl):
        ProjektskizzeFactory()
    lesen_client.get(MASSNAHMEN, {"format": "csv"})
    # 1 session (the user and roles come from the shared cache); 2 the count; 3 the data stand
    # (one UNION of every history table's newest date); 4 the built file (none yet).
    with django_assert_num_queries(4):
        antwort = lesen_client.get(MASSNAHMEN, {"format": "csv"})
    assert f"Die Datei enthält {anzahl} Zeilen." in antwort.content.decode()
    assert Projektskizze.objects.count() == anzahl
