"""Coverage: substantive UN-BRK articles × themes. Counts (main and further themes, active only,
indicators), links to the filtered lists, the overview and its own page, the write paths that
change it (and the stored parts they must invalidate), roles and query budgets."""

import datetime
import re

import pytest
from django.urls import reverse

from aktionsplan.models import UNBRKArtikel
from aktionsplan.sperre import speichern
from monitoring.abdeckung import abdeckung_laden
from monitoring.datenarten import INDIKATOREN
from monitoring.models import Indikator
from projekte.models import Status
from tests.factories import (
    IndikatorFactory,
    ProjektskizzeFactory,
    SachstandFactory,
    ThemaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _massnahme(titel, hauptthema, *, weitere=(), artikel=(), status=Status.IN_UMSETZUNG):
    projekt = ProjektskizzeFactory(titel=titel, hauptthema=hauptthema)
    projekt.weitere_themen.add(*weitere)
    projekt.unbrk_artikel.add(*UNBRKArtikel.objects.filter(nummer__in=artikel))
    if status is not None:
        SachstandFactory(projekt=projekt, datum=datetime.date(2026, 1, 5), status=status)
    return projekt


@pytest.fixture
def daten():
    wohnen = ThemaFactory(name="Wohnen und öffentlicher Raum", reihenfolge=1)
    arbeit = ThemaFactory(name="Arbeit und Wirtschaft", reihenfolge=2)
    _massnahme("Barrierefreie Haltestellen", wohnen, weitere=[arbeit], artikel=[9, 20])
    _massnahme("Wohnberatung", wohnen, artikel=[9, 19], status=Status.VERSTETIGT)
    _massnahme("Rampen am Rathaus", wohnen, artikel=[9], status=Status.UMGESETZT)  # not active
    _massnahme("Stadtspaziergang", wohnen, artikel=[9], status=None)  # Idee: not active
    _massnahme("Jobcoaching", arbeit, artikel=[27, 4])  # Art. 4 is no substantive article
    indikator = IndikatorFactory(name="Barrierefreie Bushaltestellen")
    indikator.themen.add(wohnen, arbeit)
    indikator.unbrk_artikel.add(*UNBRKArtikel.objects.filter(nummer__in=[9, 20]))
    return {"wohnen": wohnen, "arbeit": arbeit, "indikator": indikator}


def _zellen(abdeckung):
    return {
        (zeile.artikel.nummer, zelle.thema.name): (zelle.haupt, zelle.weitere, zelle.indikatoren)
        for zeile in abdeckung.zeilen
        for zelle in zeile.zellen
    }


def test_zaehlt_aktive_massnahmen_nach_haupt_und_weiterem_thema(daten, lesen_user):
    abdeckung = abdeckung_laden(lesen_user, [daten["wohnen"], daten["arbeit"]])
    assert [z.artikel.nummer for z in abdeckung.zeilen] == list(range(5, 31))
    zellen = _zellen(abdeckung)
    assert zellen[(9, "Wohnen und öffentlicher Raum")] == (2, 0, 1)
    # Haltestellen: main theme Wohnen, further theme Arbeit – marked as such.
    assert zellen[(9, "Arbeit und Wirtschaft")] == (0, 1, 1)
    assert zellen[(20, "Arbeit und Wirtschaft")] == (0, 1, 1)
    assert zellen[(19, "Wohnen und öffentlicher Raum")] == (1, 0, 0)
    assert zellen[(27, "Arbeit und Wirtschaft")] == (1, 0, 0)
    assert zellen[(10, "Wohnen und öffentlicher Raum")] == (0, 0, 0)
    zeile9 = next(z for z in abdeckung.zeilen if z.artikel.nummer == 9)
    # The row counts each measure and indicator once.
    assert (zeile9.massnahmen, zeile9.indikatoren) == (2, 1)
    ohne = [a.nummer for a in abdeckung.ohne_massnahme]
    assert ohne == [n for n in range(5, 31) if n not in (9, 19, 20, 27)]
    assert [a.nummer for a in abdeckung.ohne_indikator] == [
        n for n in range(5, 31) if n not in (9, 20)
    ]
    assert abdeckung.zellen_gesamt == 52
    assert abdeckung.leere_zellen == 52 - 6


def _titel_in(html: str) -> set[str]:
    namen = {
        "Barrierefreie Haltestellen",
        "Wohnberatung",
        "Rampen am Rathaus",
        "Stadtspaziergang",
        "Jobcoaching",
    }
    return {n for n in namen if f">{n}<" in html}


def test_jede_zahl_fuehrt_zur_gefilterten_liste_mit_genau_so_vielen(lesen_client, daten):
    abdeckung = abdeckung_laden(None, [daten["wohnen"], daten["arbeit"]])
    zeile9 = next(z for z in abdeckung.zeilen if z.artikel.nummer == 9)
    wohnen9, arbeit9 = zeile9.zellen
    html = lesen_client.get(wohnen9.haupt_url).content.decode()
    assert _titel_in(html) == {"Barrierefreie Haltestellen", "Wohnberatung"}
    html = lesen_client.get(arbeit9.weitere_url).content.decode()
    assert _titel_in(html) == {"Barrierefreie Haltestellen"}
    html = lesen_client.get(zeile9.massnahmen_url).content.decode()
    assert _titel_in(html) == {"Barrierefreie Haltestellen", "Wohnberatung"}
    html = lesen_client.get(arbeit9.indikatoren_url).content.decode()
    assert "Barrierefreie Bushaltestellen" in html
    assert "1 Indikator gefunden" in html
    html = lesen_client.get(
        reverse("monitoring:indikator_liste"), {"unbrk_artikel": 19}
    ).content.decode()
    assert "0 Indikatoren gefunden" in html


def test_uebersicht_zeigt_die_matrix_statt_der_flachen_liste(lesen_client, daten):
    html = lesen_client.get(reverse("projekte:uebersicht")).content.decode()
    assert 'id="artikel-ohne-aktive"' not in html
    tabelle = html[html.index('class="kern-table abdeckung-tabelle"') :]
    tabelle = tabelle[: tabelle.index("</table>")]
    assert "<caption" in tabelle
    assert tabelle.count('<th scope="col"') == 2 + 2  # article, two themes, total
    assert tabelle.count('<th scope="row"') == 26
    for nummer in (1, 4, 31, 33):
        assert f"Art. {nummer} " not in tabelle
    # The table reading, and the articles without an active measure named among 5–30 only.
    assert "So lesen Sie die Tabelle:" in html
    befund = html[html.index('id="abdeckung-ohne-massnahme"') :]
    befund = befund[: befund.index("</li>")]
    assert "22 von 26 inhaltlichen Artikeln haben keine aktive Maßnahme" in befund
    assert "Art. 9 " not in befund
    assert "Art. 32 " not in befund
    wohnen = daten["wohnen"].pk
    assert f"?thema={wohnen}&amp;themenrolle=haupt&amp;unbrk_artikel=" in tabelle
    assert "themenrolle=weiteres" in tabelle
    assert "aktiv=ja" in tabelle


def test_eigene_seite_rechte_je_rolle(rollen_client, daten):
    antwort = rollen_client.get(reverse("monitoring:abdeckung"))
    if rollen_client.rolle == "anonym":
        assert antwort.status_code == 302
        assert antwort.url.startswith(reverse("login"))
        return
    assert antwort.status_code == 200
    assert "abdeckung-tabelle" in antwort.content.decode()


def test_eigene_seite_ohne_rolle_403(client, db):
    client.force_login(UserFactory(rollen=[]))
    assert client.get(reverse("monitoring:abdeckung")).status_code == 403


def _viele(anzahl: int) -> None:
    themen = [ThemaFactory() for _ in range(6)]
    artikel = list(UNBRKArtikel.objects.filter(nummer__in=range(5, 31)))
    for i in range(anzahl):
        projekt = _massnahme(
            f"M{i}", themen[i % 6], weitere=[themen[(i + 1) % 6]], artikel=[artikel[i % 26].nummer]
        )
        projekt.unbrk_artikel.add(artikel[(i * 7) % 26])
        indikator = IndikatorFactory()
        indikator.themen.add(themen[i % 6])
        indikator.unbrk_artikel.add(artikel[i % 26])


@pytest.mark.parametrize("anzahl", [5, 50])
def test_eigene_seite_abfragen(lesen_client, django_assert_num_queries, anzahl):
    _viele(anzahl)
    # 1 session, 2 user, 3 groups (role check), 4 themes, 5 the matrix (one aggregate query).
    with django_assert_num_queries(5):
        antwort = lesen_client.get(reverse("monitoring:abdeckung"))
    assert antwort.status_code == 200
    # Stored part, the user and the groups from the cache (aktionsplan.benutzerspeicher): the
    # session only.
    with django_assert_num_queries(1):
        lesen_client.get(reverse("monitoring:abdeckung"))


def _zelle_text(html: str, nummer: int, thema) -> str:
    zeile = html[html.index(f"Art. {nummer} ") :]
    zeile = zeile[: zeile.index("</tr>")]
    zelle = zeile[zeile.index(f'data-thema="{thema.pk}"') :]
    return re.sub(r"<[^>]+>", "", zelle[: zelle.index("</td>")]).split()


def test_aenderung_ueber_den_schreibweg_macht_gespeicherte_seiten_ungueltig(
    lesen_client, datenpflege_user, daten
):
    wohnen = daten["wohnen"]
    for url in (reverse("projekte:uebersicht"), reverse("monitoring:abdeckung")):
        vorher = _zelle_text(lesen_client.get(url).content.decode(), 19, wohnen)
        assert vorher[-2:] == ["Indikatoren:", "0"]
    # The indicator now informs Art. 19 as well (the admin's and the import's write path).
    indikator = daten["indikator"]
    speichern(
        indikator,
        benutzer=datenpflege_user,
        erwartete_version=indikator.version,
        m2m={"unbrk_artikel": list(UNBRKArtikel.objects.filter(nummer__in=[9, 19, 20]))},
    )
    for url in (reverse("projekte:uebersicht"), reverse("monitoring:abdeckung")):
        nachher = _zelle_text(lesen_client.get(url).content.decode(), 19, wohnen)
        assert nachher[-2:] == ["Indikatoren:", "1"], url
    # An article marked as not substantive leaves the matrix.
    artikel = UNBRKArtikel.objects.get(nummer=30)
    artikel.inhaltlich = False
    speichern(artikel, benutzer=datenpflege_user, erwartete_version=artikel.version)
    html = lesen_client.get(reverse("projekte:uebersicht")).content.decode()
    assert "25 von 25 inhaltlichen" not in html
    assert '<th scope="row" class="kern-table__cell">Art. 30 ' not in html
    assert "21 von 25 inhaltlichen Artikeln haben keine aktive Maßnahme" in html


def test_datenmigration_markiert_genau_die_artikel_5_bis_30():
    assert list(UNBRKArtikel.objects.inhaltlich().values_list("nummer", flat=True)) == list(
        range(5, 31)
    )


def test_import_der_indikatoren_liest_und_schreibt_die_artikel(datenpflege_user):
    from aktionsplan import dateien, datenimport

    thema = ThemaFactory(name="Inklusion und Teilhabe")
    kopf = INDIKATOREN.kopf()
    werte = {
        "name": "Assistenzbudget",
        "art": "quantitativ",
        "raeumliche_ebene": "kommune",
        "themen": thema.name,
        "unbrk_artikel": "Art. 19, 27",
        "richtung": "höher ist besser",
        "mindestfallzahl": 3,
    }
    zeile = [werte.get(s.feld, "") for s in INDIKATOREN.spalten]
    inhalt = dateien.Blatt(titel="Indikatoren", kopf=kopf, zeilen=[zeile])
    datei = dateien.csv_schreiben(inhalt)
    tabelle = dateien.lesen(datei, "indikatoren.csv")
    pruefung = datenimport.pruefen(INDIKATOREN, tabelle, benutzer=datenpflege_user)
    assert pruefung.fehlerfrei, [(z.nummer, z.fehler) for z in pruefung.zeilen]
    ergebnis = datenimport.uebernehmen(
        INDIKATOREN, tabelle, benutzer=datenpflege_user, fingerabdruck=pruefung.fingerabdruck
    )
    assert ergebnis.gespeichert
    indikator = Indikator.objects.get(name="Assistenzbudget")
    assert sorted(indikator.unbrk_artikel.values_list("nummer", flat=True)) == [19, 27]
    assert indikator.history.count() == 1
    export = datenimport.exportieren(INDIKATOREN, Indikator.objects.all(), format_="csv")
    assert "19, 27" in export.decode("utf-8-sig")
