"""Measure list: filters, sorting, pagination, CSV/XLSX export and the query budget."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from aktionsplan.models import UNBRKArtikel
from projekte.models import Ampel, Status
from tests.factories import (
    AkteurFactory,
    PlanFactory,
    ProjektbeteiligungFactory,
    ProjektskizzeFactory,
    RaumFactory,
    SachstandFactory,
    ThemaFactory,
    UserFactory,
    ZielgruppeFactory,
)

pytestmark = pytest.mark.django_db
LISTE = reverse("projekte:projekt_liste")
EXPORT = reverse("projekte:projekt_export")


@pytest.fixture
def daten():
    plan_a, plan_b = PlanFactory(kurzname="API"), PlanFactory(kurzname="IHKo")
    thema_x, thema_y = ThemaFactory(name="Arbeit"), ThemaFactory(name="Wohnen")
    raum = RaumFactory(name="Münsterbusch")
    akteur = AkteurFactory(name="Lebenshilfe")
    zielgruppe = ZielgruppeFactory(name="Ältere")
    person = UserFactory(first_name="Petra", last_name="Plan")
    art = UNBRKArtikel.objects.get(nummer=24)

    eins = ProjektskizzeFactory(
        plan=plan_a, nummer=1, titel="Jobcoaching", hauptthema=thema_x, verantwortlich=person
    )
    SachstandFactory(
        projekt=eins,
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.KRITISCH,
        fortschritt=70,
        datum=datetime.date(2025, 3, 1),
    )
    eins.raeume.add(raum)
    eins.unbrk_artikel.add(art)
    zwei = ProjektskizzeFactory(
        plan=plan_a,
        nummer=2,
        titel='=HYPERLINK("http://böse")',
        hauptthema=thema_y,
        kurzbeschreibung="Barrierefreie Spielplätze",
    )
    SachstandFactory(
        projekt=zwei,
        status=Status.IN_PLANUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=10,
        datum=datetime.date(2025, 6, 1),
    )
    zwei.weitere_themen.add(thema_x)
    zwei.zielgruppen.add(zielgruppe)
    drei = ProjektskizzeFactory(plan=plan_b, nummer=3, titel="Quartiersbüro", hauptthema=thema_y)
    ProjektbeteiligungFactory(projekt=drei, akteur=akteur)
    return locals()


def _titel(response) -> list[str]:
    return [p.titel for p in response.context["seite"].object_list]


@pytest.mark.parametrize(
    ("parameter", "erwartet"),
    [
        (lambda d: {"plan": d["plan_b"].pk}, ["Quartiersbüro"]),
        (lambda d: {"thema": d["thema_x"].pk}, ["Jobcoaching", '=HYPERLINK("http://böse")']),
        (lambda d: {"status": "in_planung"}, ['=HYPERLINK("http://böse")']),
        (lambda d: {"status": "idee"}, ["Quartiersbüro"]),
        (lambda d: {"ampel": "rot"}, ["Jobcoaching"]),
        (lambda d: {"raum": d["raum"].pk}, ["Jobcoaching"]),
        (lambda d: {"akteur": d["akteur"].pk}, ["Quartiersbüro"]),
        (lambda d: {"zielgruppe": d["zielgruppe"].pk}, ['=HYPERLINK("http://böse")']),
        (lambda d: {"unbrk_artikel": d["art"].pk}, ["Jobcoaching"]),
        (lambda d: {"verantwortlich": d["person"].pk}, ["Jobcoaching"]),
        (lambda d: {"q": "spielplätze"}, ['=HYPERLINK("http://böse")']),
        (lambda d: {"q": "3"}, ["Quartiersbüro"]),
        (lambda d: {"thema": d["thema_x"].pk, "status": "in_umsetzung"}, ["Jobcoaching"]),
    ],
)
def test_filter_grenzen_ein(lesen_client, daten, parameter, erwartet):
    response = lesen_client.get(LISTE, parameter(daten))
    assert sorted(_titel(response)) == sorted(erwartet)
    anzahl = len(erwartet)
    text = "Maßnahme gefunden" if anzahl == 1 else "Maßnahmen gefunden"
    assert f"{anzahl} {text}" in response.content.decode()


def test_filterformular_zugaenglich(lesen_client, daten):
    inhalt = lesen_client.get(LISTE).content.decode()
    assert '<form method="get"' in inhalt
    assert 'for="id_thema"' in inhalt
    assert 'for="id_q"' in inhalt
    assert ">Filter anwenden<" in inhalt
    assert "Filter zurücksetzen" in inhalt
    # In a disclosure that is closed, so the results come first (tests/rahmen/test_filterbereich).
    assert '<details class="kern-accordion filterbereich">' in inhalt
    assert "3 Maßnahmen gefunden" in inhalt
    # Actors and responsible persons are search fields, not lists of every one of them.
    assert 'for="id_akteur_suche"' in inhalt
    assert 'for="id_verantwortlich_suche"' in inhalt
    assert "Lebenshilfe" not in inhalt
    assert "Petra Plan" not in inhalt
    # A chosen responsible person is shown by full name.
    gewaehlt = lesen_client.get(LISTE, {"verantwortlich": daten["person"].pk}).content.decode()
    assert "Gewählt: <strong>Petra Plan</strong>" in gewaehlt


def test_sortierung(lesen_client, daten):
    assert _titel(lesen_client.get(LISTE, {"sortierung": "fortschritt"})) == [
        "Quartiersbüro",
        '=HYPERLINK("http://böse")',
        "Jobcoaching",
    ]
    response = lesen_client.get(LISTE, {"sortierung": "-fortschritt"})
    assert _titel(response) == ["Jobcoaching", '=HYPERLINK("http://böse")', "Quartiersbüro"]
    inhalt = response.content.decode()
    assert 'aria-sort="descending"' in inhalt
    assert inhalt.count("aria-sort=") == 1
    # Clicking the sorted header again sorts ascending.
    assert "?sortierung=fortschritt" in inhalt
    assert _titel(lesen_client.get(LISTE, {"sortierung": "status"})) == [
        "Quartiersbüro",
        '=HYPERLINK("http://böse")',
        "Jobcoaching",
    ]
    assert _titel(lesen_client.get(LISTE, {"sortierung": "-sachstand"}))[0] == (
        '=HYPERLINK("http://böse")'
    )
    # Not on the whitelist: the default order (plan, number), no error.
    response = lesen_client.get(LISTE, {"sortierung": "passwort"})
    assert response.status_code == 200
    assert _titel(response) == ["Jobcoaching", '=HYPERLINK("http://böse")', "Quartiersbüro"]
    assert 'aria-sort="ascending"' in response.content.decode()


def test_seiten_behalten_filter(lesen_client):
    thema = ThemaFactory()
    for _ in range(30):
        ProjektskizzeFactory(hauptthema=thema)
    ProjektskizzeFactory()  # another theme: filtered out
    response = lesen_client.get(LISTE, {"thema": thema.pk, "sortierung": "-titel"})
    assert len(response.context["seite"].object_list) == 25
    inhalt = response.content.decode()
    assert f"thema={thema.pk}&amp;sortierung=-titel&amp;page=2" in inhalt
    zweite = lesen_client.get(LISTE, {"thema": thema.pk, "sortierung": "-titel", "page": 2})
    assert len(zweite.context["seite"].object_list) == 5
    assert "30 Maßnahmen gefunden" in zweite.content.decode()


def test_csv_export_genau_die_gefilterte_liste(lesen_client, daten):
    response = lesen_client.get(
        EXPORT, {"format": "csv", "thema": daten["thema_x"].pk, "sortierung": "-titel"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    roh = response.content
    assert roh.startswith(b"\xef\xbb\xbf")
    zeilen = list(csv.reader(io.StringIO(roh.decode("utf-8-sig")), delimiter=";"))
    assert zeilen[0][:5] == ["Plan", "Nummer", "Titel", "Hauptthema", "Status"]
    assert len(zeilen) == 3  # header + the two measures of theme X
    # Sorted by title descending; the formula is neutralised with an apostrophe.
    assert zeilen[1][2] == "Jobcoaching"
    assert zeilen[2][2] == '\'=HYPERLINK("http://böse")'
    assert zeilen[1][4:8] == ["In Umsetzung", "kritisch", "70", "01.03.2025"]
    assert zeilen[1][8] == "Petra Plan"
    assert zeilen[1][12] == "Münsterbusch"


def test_csv_neutralisiert_alle_formelzeichen(lesen_client):
    for i, anfang in enumerate(["+1", "-1", "@SUM(A1)", "\tTab", "\rCR"]):
        ProjektskizzeFactory(titel=f"{anfang} Titel", nummer=100 + i)
    response = lesen_client.get(EXPORT, {"format": "csv", "sortierung": "titel"})
    zeilen = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert all(z[2].startswith("'") for z in zeilen[1:])
    assert len(zeilen) == 6


def test_xlsx_export(lesen_client, daten):
    response = lesen_client.get(EXPORT, {"format": "xlsx", "plan": daten["plan_a"].pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    blatt = load_workbook(io.BytesIO(response.content)).active
    zeilen = list(blatt.iter_rows(values_only=True))
    assert zeilen[0][2] == "Titel"
    assert blatt["A1"].font.bold
    assert len(zeilen) == 3
    titel = {z[2] for z in zeilen[1:]}
    assert titel == {"Jobcoaching", '=HYPERLINK("http://böse")'}
    # No cell holds a formula: the text is a text cell.
    assert all(zelle.data_type != "f" for zeile in blatt.iter_rows() for zelle in zeile)


def test_xlsx_typisierte_zellen(lesen_client, daten):
    eins = daten["eins"]
    eins.beginn, eins.ende, eins.kosten = (
        datetime.date(2024, 1, 15),
        datetime.date(2026, 12, 31),
        Decimal("12500.50"),
    )
    eins.save(update_fields=["beginn", "ende", "kosten"])
    response = lesen_client.get(EXPORT, {"format": "xlsx", "q": "Jobcoaching"})
    blatt = load_workbook(io.BytesIO(response.content)).active
    zeile = blatt[2]
    kopf = [z.value for z in blatt[1]]
    zelle = {name: zeile[i] for i, name in enumerate(kopf)}
    assert zelle["Titel"].value == "Jobcoaching"
    # Numbers are numbers for the spreadsheet, not text.
    assert zelle["Nummer"].value == 1
    assert zelle["Nummer"].data_type == "n"
    assert zelle["Fortschritt (%)"].value == 70
    assert zelle["Fortschritt (%)"].data_type == "n"
    assert zelle["Kosten (EUR)"].value == pytest.approx(12500.5)
    assert zelle["Kosten (EUR)"].data_type == "n"
    # Dates are dates, shown in German notation.
    for name, datum in [
        ("Letzter Sachstand", datetime.date(2025, 3, 1)),
        ("Beginn", datetime.date(2024, 1, 15)),
        ("Ende", datetime.date(2026, 12, 31)),
    ]:
        assert zelle[name].is_date, name
        assert zelle[name].value.date() == datum, name
        assert zelle[name].number_format == "DD.MM.YYYY", name
    assert blatt.max_row == 2


def test_csv_bleibt_deutscher_text(lesen_client, daten):
    daten["eins"].kosten, daten["eins"].beginn = Decimal("12500.50"), None
    daten["eins"].save(update_fields=["kosten", "beginn"])
    response = lesen_client.get(EXPORT, {"format": "csv", "q": "Jobcoaching"})
    zeilen = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert zeilen[1][1] == "1"
    assert zeilen[1][6:8] == ["70", "01.03.2025"]
    assert zeilen[1][11] == "12500,50"
    assert zeilen[1][9] == ""  # no Beginn


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
def test_ungueltiger_filter_exportiert_nichts(lesen_client, daten, format_):
    response = lesen_client.get(EXPORT, {"format": format_, "status": "foo", "q": "Job"})
    assert response.status_code == 302
    assert "Content-Disposition" not in response
    assert response.url == f"{LISTE}?status=foo&q=Job"
    seite = lesen_client.get(response.url)
    inhalt = seite.content.decode()
    assert "Nichts exportiert: Bitte korrigieren Sie zuerst die Filter." in inhalt
    assert seite.context["filter"].errors["status"]


def _viele(anzahl: int) -> None:
    for i in range(anzahl):
        projekt = ProjektskizzeFactory()
        SachstandFactory(projekt=projekt, fortschritt=i % 100)


@pytest.mark.parametrize("anzahl", [5, 50])
def test_abfragen_fest(lesen_client, django_assert_num_queries, anzahl):
    thema = ThemaFactory()
    # 1 session, 2 user, 3 groups (role check); 4 the selected theme (filter form validation);
    # 5 COUNT for the paginator; 6 the page of measures with current state, plan, Hauptthema and
    # responsible person (one query; the state comes from subqueries); choices of the filter
    # form: 7 plans, 8 themes, 9 themes again (Hauptthema), 10 areas, 11 target groups, 12 UN-BRK
    # articles. Actors and responsible persons are search fields: no query of their own
    # (tests/aktionsplan/test_suchauswahl.py counts them with a term or a choice).
    for projekt in ProjektskizzeFactory.create_batch(anzahl, hauptthema=thema):
        SachstandFactory(projekt=projekt)
    with django_assert_num_queries(12):
        response = lesen_client.get(LISTE, {"status": "in_umsetzung", "thema": thema.pk})
    assert len(response.context["seite"].object_list) == min(anzahl, 25)
    assert response.status_code == 200


@pytest.mark.parametrize("anzahl", [5, 50])
def test_export_abfragen_fest(lesen_client, django_assert_num_queries, anzahl):
    _viele(anzahl)
    # 1 session, 2 user, 3 groups; 4 the count (small: written at once); 5 the measures;
    # 6 their areas, 7 their funding (prefetches).
    with django_assert_num_queries(7):
        response = lesen_client.get(EXPORT, {"format": "csv"})
    assert len(response.content.decode("utf-8-sig").strip().splitlines()) == anzahl + 1


def test_gesamtstaedtisch_filter(lesen_client):
    ProjektskizzeFactory(titel="Für die ganze Stadt", gesamtstaedtisch=True)
    ProjektskizzeFactory(titel="Nur im Viertel", gesamtstaedtisch=False)
    ja = lesen_client.get(LISTE, {"gesamtstaedtisch": "ja"}).content.decode()
    nein = lesen_client.get(LISTE, {"gesamtstaedtisch": "nein"}).content.decode()
    assert "Für die ganze Stadt" in ja
    assert "Nur im Viertel" not in ja
    assert "Nur im Viertel" in nein
    assert "Für die ganze Stadt" not in nein
