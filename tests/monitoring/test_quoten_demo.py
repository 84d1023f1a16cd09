"""The derivation attack of issue 9 on the demo, as a reader meets it: CSV and XLSX exports of
the indicator pages, the staff export, the area comparison per 1,000 inhabitants, the area pages
and the yearly report — with the demo's minimums and with raised ones."""

import csv
import datetime
import html
import io
import re
from decimal import Decimal, InvalidOperation

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from aktionsplan.models import Raum
from aktionsplan.zwischenspeicher import datenstand_erhoehen
from monitoring.jahresbericht import jahresbericht_erstellen
from monitoring.jahresbericht_export import als_xlsx
from monitoring.models import Berichtsfassung, Indikator
from tests.monitoring.ableitung import Lage, Quote, Zelle, aufgedeckt

pytestmark = pytest.mark.django_db

JAHRE = range(2019, 2026)


def _zahl(text: str) -> Decimal | None:
    text = text.replace("(v)", "").replace("(vorläufig)", "").strip()
    try:
        return Decimal(text.replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None


def _zelle(text: str) -> Zelle:
    wert = _zahl(text)
    return Zelle(wert, "" if wert is not None else text.strip())


def _csv(client, indikator) -> dict[tuple[str, int], Zelle]:
    antwort = client.get(
        reverse("monitoring:indikator_export", args=[indikator.pk]) + "?format=csv"
    )
    assert antwort.status_code == 200
    zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))
    kopf = next(i for i, z in enumerate(zeilen) if z[:1] == ["Raum"])
    jahre = [int(j) for j in zeilen[kopf][2:]]
    ergebnis = {}
    for zeile in zeilen[kopf + 1 :]:
        if len(zeile) < 3:
            break
        for jahr, text in zip(jahre, zeile[2:], strict=False):
            if text:
                ergebnis[(zeile[0], jahr)] = _zelle(text)
    return ergebnis


def _xlsx(client, indikator) -> dict[tuple[str, int], object]:
    antwort = client.get(
        reverse("monitoring:indikator_export", args=[indikator.pk]) + "?format=xlsx"
    )
    blatt = openpyxl.load_workbook(io.BytesIO(antwort.content)).active
    zeilen = [[c.value for c in z] for z in blatt.iter_rows()]
    kopf = next(i for i, z in enumerate(zeilen) if z[:1] == ["Raum"])
    jahre = [int(j) for j in zeilen[kopf][2:] if j is not None]
    ergebnis = {}
    for zeile in zeilen[kopf + 1 :]:
        if not zeile or zeile[1] is None:
            break
        for jahr, wert in zip(jahre, zeile[2:], strict=False):
            if wert is not None:
                ergebnis[(zeile[0], jahr)] = wert
    return ergebnis


def _seitentabelle(inhalt: str) -> list[tuple[str, str]]:
    """(row heading, last cell) of every table row, tags stripped."""
    zeilen = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", inhalt, re.S):
        kopf = re.search(r"<th[^>]*scope=\"row\"[^>]*>(.*?)</th>", tr, re.S)
        zellen = re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        if kopf and zellen:
            text = re.sub(r"<span class=\"kern-sr-only\">.*?</span>", "", zellen[-1], flags=re.S)
            zeilen.append(
                (
                    html.unescape(re.sub(r"<[^>]+>", "", kopf.group(1))).strip(),
                    html.unescape(re.sub(r"<[^>]+>", "", text)).strip(),
                )
            )
    return zeilen


def _pruefen(client, kommune: Raum, sozialraeume: list[str]) -> int:
    """Runs the attack on every count of the demo with rates built on it; returns the number of
    protected counts it tried."""
    einwohner = Indikator.objects.get(ist_einwohnerzahl=True)
    ew = _csv(client, einwohner)
    versucht = 0
    for anzahl in Indikator.objects.filter(quoten_als_zaehler__isnull=False).distinct():
        zaehler = _csv(client, anzahl)
        quoten = [
            (q, _csv(client, q), _xlsx(client, q)) for q in Indikator.objects.filter(zaehler=anzahl)
        ]
        for q, werte, xlsx in quoten:
            # The XLSX holds exactly the CSV's numbers and hides exactly its hidden cells.
            for schluessel, zelle in werte.items():
                if zelle.wert is None:
                    assert not isinstance(xlsx[schluessel], (int, float)), (q.name, schluessel)
        for jahr in JAHRE:

            def quoten_fuer(raum, jahr=jahr, quoten=quoten):
                nenner = ew.get((raum, jahr))
                if nenner is None or nenner.wert is None:
                    return []
                return [
                    Quote(werte[(raum, jahr)].wert, q.faktor, 2 if q.berechnet else 1, nenner.wert)
                    for q, werte, _x in quoten
                    if (raum, jahr) in werte and werte[(raum, jahr)].wert is not None
                ]

            if (kommune.name, jahr) not in zaehler:
                continue
            lage = Lage(
                n=anzahl.mindestfallzahl,
                eltern=zaehler[(kommune.name, jahr)],
                kinder={r: zaehler[(r, jahr)] for r in sozialraeume if (r, jahr) in zaehler},
                quoten={r: quoten_fuer(r) for r in sozialraeume},
                eltern_quoten=quoten_fuer(kommune.name),
            )
            versucht += sum(1 for z in lage.kinder.values() if z.text.startswith("<"))
            assert aufgedeckt(lage) == [], (anzahl.name, jahr)

        # The area comparison per 1,000 inhabitants, latest year.
        seite = client.get(
            reverse("monitoring:raumvergleich"),
            {"indikator": anzahl.pk, "jahr": 2025, "bezug": "je1000"},
        ).content.decode()
        vergleich = dict(_seitentabelle(seite))
        assert vergleich, anzahl.name
        lage = Lage(
            n=anzahl.mindestfallzahl,
            eltern=zaehler[(kommune.name, 2025)],
            kinder={r: zaehler[(r, 2025)] for r in sozialraeume},
            quoten={
                r: [Quote(_zahl(vergleich[r]), 1000, 2, ew[(r, 2025)].wert)]
                for r in sozialraeume
                if _zahl(vergleich[r]) is not None
            },
        )
        assert aufgedeckt(lage) == [], anzahl.name
        for r in sozialraeume:
            if zaehler[(r, 2025)].wert is None:
                assert _zahl(vergleich[r]) is None, r

        # Area pages: a rate of an area whose count is hidden is hidden too.
        for raum in Raum.objects.filter(name__in=sozialraeume):
            zeilen = dict(_seitentabelle(client.get(raum.get_absolute_url()).content.decode()))
            if zaehler[(raum.name, 2025)].wert is None:
                for q, _w, _x in quoten:
                    eintrag = next((t for k, t in zeilen.items() if k.startswith(q.name)), None)
                    assert eintrag is None or _zahl(eintrag) is None, (raum.name, q.name)
    return versucht


def _bericht_wie_die_seiten(client, xlsx: bytes, kommune: Raum, jahr: int) -> int:
    """Every indicator value of a yearly report's XLSX (the Kommune's, for ``jahr`` − 1 and
    ``jahr``) is exactly what the indicator's own export shows for the Kommune: the report
    reveals nothing beyond the pages, so the derivation attack on the pages covers it. Returns
    the number of values compared."""
    blatt = openpyxl.load_workbook(io.BytesIO(xlsx))["Indikatoren"]
    zeilen = [[c.value for c in z] for z in blatt.iter_rows()]
    kopf = next(i for i, z in enumerate(zeilen) if z[:1] == ["Indikator"])
    spalten = {str(jahr - 1): jahr - 1, str(jahr): jahr}
    verglichen = 0
    for zeile in zeilen[kopf + 1 :]:
        if not zeile or zeile[0] is None:
            continue
        indikator = Indikator.objects.filter(name=zeile[0]).first()
        if indikator is None or indikator.art != Indikator.Art.QUANTITATIV:
            continue
        seite = _csv(client, indikator)
        for nummer, titel in enumerate(zeilen[kopf]):
            if titel not in spalten or zeile[nummer] in (None, ""):
                continue
            gezeigt = seite.get((kommune.name, spalten[titel]))
            assert gezeigt is not None, (zeile[0], titel)
            wert = zeile[nummer]
            if gezeigt.wert is None:
                assert wert == gezeigt.text, (zeile[0], titel, wert, gezeigt)
            else:
                assert Decimal(str(wert)) == gezeigt.wert, (zeile[0], titel, wert, gezeigt)
            verglichen += 1
    return verglichen


def test_demo_kein_geschuetzter_wert_ableitbar(
    settings, lesen_user, lesen_client, redaktion_client
):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    kommune = Raum.objects.eigene_kommune()
    sozialraeume = list(kommune.untergeordnete.values_list("name", flat=True))
    assert Indikator.objects.filter(berechnet=True, faktor=1000).count() >= 2

    versucht = _pruefen(lesen_client, kommune, sozialraeume)
    assert versucht > 0  # the demo's minimum of 3 protects small southern Sozialräume

    # The adopted 2025 report as frozen, both variants: no value beyond the pages.
    beschlossen = Berichtsfassung.objects.beschlossen().get(jahr=2025)
    for datei in beschlossen.dateien.filter(format="xlsx"):
        assert _bericht_wie_die_seiten(lesen_client, bytes(datei.inhalt), kommune, 2025) > 5

    # Raised minimums: many more counts protected, in Sozialräume of several hundred people.
    Indikator.objects.filter(name="Menschen mit Schwerbehinderung").update(mindestfallzahl=400)
    Indikator.objects.filter(name="Arbeitslose Menschen mit Schwerbehinderung").update(
        mindestfallzahl=12
    )
    datenstand_erhoehen()
    assert _pruefen(lesen_client, kommune, sozialraeume) > versucht
    # A report built now (a draft's XLSX) follows the raised minimums like the pages.
    entwurf = als_xlsx(
        jahresbericht_erstellen(2025, nutzer=lesen_user, stand=datetime.date(2026, 4, 30))
    )
    assert _bericht_wie_die_seiten(lesen_client, entwurf, kommune, 2025) > 5

    # The staff export in the import's columns: no n, protected values as text.
    alo = Indikator.objects.get(name="Arbeitslose Menschen mit Schwerbehinderung")
    antwort = redaktion_client.get(
        reverse("monitoring:messwert_export"), {"format": "csv", "indikator": alo.pk}
    )
    zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))
    assert zeilen[0][-1] == "Fallzahl n", zeilen[0]
    assert all(not z[-1] for z in zeilen[1:])
    assert any(z[3].startswith("<") for z in zeilen[1:])

    # The yearly report: the Kommune's rates with the Kommune's counts.
    bericht = lesen_client.get(reverse("monitoring:bericht", args=[2025]))
    assert bericht.status_code == 200
    assert "je 1.000 Einwohnerinnen und Einwohner" in bericht.content.decode()
