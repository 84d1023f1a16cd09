"""File import and export in the admin: German headers, natural keys, all-or-nothing imports."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from akteure.models import Akteur
from aktionsplan.models import Raum
from monitoring.models import Indikator, Messwert
from tests import factories as f

CSV_FORMAT = "0"
XLSX_FORMAT = "1"

MESSWERT_KOPF = ["Indikator", "Jahr", "Raum", "Wert", "vorläufig", "Quellenhinweis"]


def _url(modell, seite: str) -> str:
    return reverse(f"admin:{modell._meta.app_label}_{modell._meta.model_name}_{seite}")


@pytest.fixture
def stammdaten(db):
    indikator = f.IndikatorFactory(name="Menschen mit Schwerbehinderung")
    oberstadt = f.RaumFactory(name="Oberstadt", slug="oberstadt")
    muensterbusch = f.RaumFactory(name="Münsterbusch", slug="muensterbusch")
    return indikator, oberstadt, muensterbusch


def _messwert_zeilen() -> list[list[str]]:
    return [
        ["Menschen mit Schwerbehinderung", "2023", "oberstadt", "1234,5", "nein", "Kreis"],
        ["Menschen mit Schwerbehinderung", "2024", "oberstadt", "1250", "ja", "Kreis"],
        ["Menschen mit Schwerbehinderung", "2024", "muensterbusch", "987.25", "nein", ""],
    ]


def _csv(kopf: list[str], zeilen: list[list[str]], trenner: str = ",") -> bytes:
    puffer = io.StringIO()
    csv.writer(puffer, delimiter=trenner).writerows([kopf, *zeilen])
    return puffer.getvalue().encode("utf-8")


def _xlsx(kopf: list[str], zeilen: list[list]) -> bytes:
    mappe = openpyxl.Workbook()
    blatt = mappe.active
    blatt.append(kopf)
    for zeile in zeilen:
        blatt.append(zeile)
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


def _vorschau(client: Client, modell, inhalt: bytes, dateiname: str, format_: str):
    """Step 1: upload; import-export answers with the preview (a dry run)."""
    antwort = client.post(
        _url(modell, "import"),
        {
            "resource": "0",
            "format": format_,
            "import_file": SimpleUploadedFile(dateiname, inhalt),
        },
    )
    assert antwort.status_code == 200
    return antwort


def _bestaetigen(client: Client, vorschau):
    """Step 2: confirm. Without a confirm form (errors) post what a forged confirm would send."""
    if "confirm_form" in vorschau.context:
        daten = vorschau.context["confirm_form"].initial
    else:
        formular = vorschau.context["form"]
        daten = {
            "import_file_name": formular.cleaned_data["import_file"].tmp_storage_name,
            "original_file_name": formular.cleaned_data["import_file"].name,
            "format": formular.cleaned_data["format"],
            "resource": formular.cleaned_data.get("resource", ""),
        }
    return client.post(_url(vorschau.context["opts"].model, "process_import"), daten)


def _messwerte() -> dict[tuple, tuple]:
    return {
        (m.indikator.name, m.jahr, m.raum.slug): (m.wert, m.vorlaeufig, m.quellenhinweis)
        for m in Messwert.objects.select_related("indikator", "raum")
    }


@pytest.mark.parametrize(
    ("format_", "dateiname", "datei"),
    [
        (CSV_FORMAT, "messwerte.csv", lambda z: _csv(MESSWERT_KOPF, z)),
        (CSV_FORMAT, "messwerte-excel.csv", lambda z: _csv(MESSWERT_KOPF, z, trenner=";")),
        (XLSX_FORMAT, "messwerte.xlsx", lambda z: _xlsx(MESSWERT_KOPF, z)),
    ],
    ids=["csv-komma", "csv-semikolon", "xlsx"],
)
def test_messwert_import_und_zweiter_import_aendert_nichts(
    datenpflege_client, stammdaten, format_, dateiname, datei
):
    inhalt = datei(_messwert_zeilen())

    vorschau = _vorschau(datenpflege_client, Messwert, inhalt, dateiname, format_)
    assert "confirm_form" in vorschau.context, vorschau.context["result"].invalid_rows
    assert Messwert.objects.count() == 0  # the preview is a dry run
    antwort = _bestaetigen(datenpflege_client, vorschau)
    assert antwort.status_code == 302

    erwartet = {
        ("Menschen mit Schwerbehinderung", 2023, "oberstadt"): (Decimal("1234.5"), False, "Kreis"),
        ("Menschen mit Schwerbehinderung", 2024, "oberstadt"): (Decimal("1250"), True, "Kreis"),
        ("Menschen mit Schwerbehinderung", 2024, "muensterbusch"): (Decimal("987.25"), False, ""),
    }
    assert _messwerte() == erwartet
    meldung = [str(m) for m in antwort.wsgi_request._messages]
    assert any("3" in m for m in meldung)

    # The same file again: matched by Indikator + Jahr + Raum, nothing new, nothing changed.
    vorschau = _vorschau(datenpflege_client, Messwert, inhalt, dateiname, format_)
    totals = vorschau.context["result"].totals
    assert (totals["new"], totals["update"], totals["skip"]) == (0, 0, 3)
    _bestaetigen(datenpflege_client, vorschau)
    assert Messwert.objects.count() == 3
    assert _messwerte() == erwartet


def test_messwert_import_aktualisiert_statt_zu_verdoppeln(datenpflege_client, stammdaten):
    indikator, oberstadt, _ = stammdaten
    f.MesswertFactory(indikator=indikator, raum=oberstadt, jahr=2024, wert=Decimal("1"))

    vorschau = _vorschau(
        datenpflege_client,
        Messwert,
        _csv(MESSWERT_KOPF, _messwert_zeilen()),
        "messwerte.csv",
        CSV_FORMAT,
    )
    totals = vorschau.context["result"].totals
    assert (totals["new"], totals["update"]) == (2, 1)
    _bestaetigen(datenpflege_client, vorschau)
    assert Messwert.objects.count() == 3
    assert Messwert.objects.get(raum=oberstadt, jahr=2024).wert == Decimal("1250")


@pytest.mark.parametrize(
    ("schlechte_zeile", "spalte", "meldung"),
    [
        (
            ["Menschen mit Schwerbehinderung", "2024", "atlantis", "5", "nein", ""],
            "Raum",
            "„atlantis“ ist nicht bekannt",
        ),
        (
            ["Menschen mit Schwerbehinderung", "2022", "oberstadt", "zwölf", "nein", ""],
            "Wert",
            "„zwölf“ ist keine Zahl.",
        ),
        (
            ["Gibt es nicht", "2022", "oberstadt", "5", "nein", ""],
            "Indikator",
            "„Gibt es nicht“ ist nicht bekannt",
        ),
        (
            ["Menschen mit Schwerbehinderung", "1850", "oberstadt", "5", "nein", ""],
            "Jahr",
            "Das Jahr 1850 liegt nicht zwischen 1990 und 2100.",
        ),
    ],
    ids=["unbekannter-raum", "wert-keine-zahl", "unbekannter-indikator", "jahr-unplausibel"],
)
@pytest.mark.parametrize("format_", [CSV_FORMAT, XLSX_FORMAT], ids=["csv", "xlsx"])
def test_messwert_import_mit_einer_fehlerhaften_zeile_schreibt_nichts(
    datenpflege_client, stammdaten, schlechte_zeile, spalte, meldung, format_
):
    indikator, oberstadt, _ = stammdaten
    f.MesswertFactory(indikator=indikator, raum=oberstadt, jahr=2020, wert=Decimal("7"))
    zeilen = [*_messwert_zeilen(), schlechte_zeile]
    if format_ == CSV_FORMAT:
        inhalt, dateiname = _csv(MESSWERT_KOPF, zeilen), "messwerte.csv"
    else:
        inhalt, dateiname = _xlsx(MESSWERT_KOPF, zeilen), "messwerte.xlsx"

    vorschau = _vorschau(datenpflege_client, Messwert, inhalt, dateiname, format_)

    # No confirm button; the preview names row 4 and the column.
    assert "confirm_form" not in vorschau.context
    ergebnis = vorschau.context["result"]
    assert not ergebnis.has_errors()
    assert [z.number for z in ergebnis.invalid_rows] == [4]
    fehler = ergebnis.invalid_rows[0].error_dict
    assert spalte in fehler
    inhalt_html = vorschau.content.decode()
    assert "<td>4 </td>" in inhalt_html
    assert f'<span class="validation-error-field-label">{spalte}</span>' in inhalt_html
    assert meldung in " ".join(fehler[spalte])
    assert meldung in inhalt_html

    # Even a forged confirm step writes nothing: the three good rows are rolled back too.
    antwort = _bestaetigen(datenpflege_client, vorschau)
    assert antwort.status_code == 302
    assert Messwert.objects.count() == 1
    assert Messwert.objects.get().wert == Decimal("7")


AKTEUR_KOPF = ["Name", "Kurzname", "Typ", "Ebene", "Beschreibung", "Website", "tätig in", "aktiv"]


def test_akteur_import_mit_unbekanntem_typ_schreibt_nichts(datenpflege_client, stammdaten):
    f.AkteurstypFactory(name="Verein")
    zeilen = [
        ["Lebenshilfe Aachen", "LH", "Verein", "kommunal", "", "", "oberstadt", "ja"],
        ["Stadtsportbund", "", "Verein", "kommunal", "", "", "", "ja"],
        ["Kreisbehindertenbeirat", "", "Beirat", "staedteregion", "", "", "", "ja"],
    ]
    vorschau = _vorschau(
        datenpflege_client, Akteur, _csv(AKTEUR_KOPF, zeilen), "akteure.csv", CSV_FORMAT
    )

    assert "confirm_form" not in vorschau.context
    ergebnis = vorschau.context["result"]
    assert [z.number for z in ergebnis.invalid_rows] == [3]
    fehler = " ".join(ergebnis.invalid_rows[0].error_dict["Typ"])
    assert fehler == "„Beirat“ ist nicht bekannt (gesucht: Akteurstyp mit Name „Beirat“)."
    assert fehler in vorschau.content.decode()

    vorher = Akteur.objects.count()
    _bestaetigen(datenpflege_client, vorschau)
    assert Akteur.objects.count() == vorher
    assert not Akteur.objects.filter(name="Lebenshilfe Aachen").exists()


def test_akteur_import_mit_typ_und_raeumen(datenpflege_client, stammdaten):
    f.AkteurstypFactory(name="Verein")
    zeilen = [
        [
            "Lebenshilfe Aachen",
            "LH",
            "Verein",
            "kommunal",
            "",
            "https://lebenshilfe.example",
            "oberstadt,muensterbusch",
            "ja",
        ],
        ["Stadtsportbund", "", "Verein", "kommunal", "", "", "", "nein"],
    ]
    inhalt = _csv(AKTEUR_KOPF, zeilen)
    vorschau = _vorschau(datenpflege_client, Akteur, inhalt, "akteure.csv", CSV_FORMAT)
    _bestaetigen(datenpflege_client, vorschau)

    lebenshilfe = Akteur.objects.get(name="Lebenshilfe Aachen")
    assert lebenshilfe.typ.name == "Verein"
    assert set(lebenshilfe.raeume.values_list("slug", flat=True)) == {"oberstadt", "muensterbusch"}
    assert Akteur.objects.get(name="Stadtsportbund").aktiv is False
    # The import is recorded in the history with the acting user.
    assert {h.history_user.username for h in lebenshilfe.history.all()} == {"datenpflege"}

    vorschau = _vorschau(datenpflege_client, Akteur, inhalt, "akteure.csv", CSV_FORMAT)
    assert vorschau.context["result"].totals["skip"] == 2


def test_akteur_import_mit_unbekanntem_raum_nennt_spalte(datenpflege_client, stammdaten):
    f.AkteurstypFactory(name="Verein")
    zeilen = [["Lebenshilfe Aachen", "", "Verein", "kommunal", "", "", "oberstadt,atlantis", "ja"]]
    vorschau = _vorschau(
        datenpflege_client, Akteur, _csv(AKTEUR_KOPF, zeilen), "akteure.csv", CSV_FORMAT
    )
    fehler = vorschau.context["result"].invalid_rows[0].error_dict
    assert "„atlantis“" in " ".join(fehler["tätig in"])
    _bestaetigen(datenpflege_client, vorschau)
    assert not Akteur.objects.filter(name="Lebenshilfe Aachen").exists()


def test_indikator_import_mit_datenquelle_und_themen(datenpflege_client, db):
    quelle = f.DatenquelleFactory(name="Schwerbehindertenstatistik")
    f.ThemaFactory(slug="wohnen")
    kopf = ["Name", "Einheit", "Datenquelle", "Themen", "räumliche Ebene", "Zielwert"]
    zeilen = [
        [
            "Barrierefreie Wohnungen",
            "Wohnungen",
            "Schwerbehindertenstatistik",
            "wohnen",
            "sozialraum",
            "150",
        ]
    ]
    vorschau = _vorschau(
        datenpflege_client, Indikator, _csv(kopf, zeilen), "indikatoren.csv", CSV_FORMAT
    )
    assert "confirm_form" in vorschau.context, vorschau.context["result"].invalid_rows
    _bestaetigen(datenpflege_client, vorschau)

    indikator = Indikator.objects.get(name="Barrierefreie Wohnungen")
    assert indikator.datenquelle == quelle
    assert list(indikator.themen.values_list("slug", flat=True)) == ["wohnen"]
    assert indikator.zielwert == Decimal("150")
    assert indikator.mindestfallzahl == 3


def test_messwert_export_csv_mit_deutschen_spalten(datenpflege_client, stammdaten):
    indikator, oberstadt, _ = stammdaten
    f.MesswertFactory(indikator=indikator, raum=oberstadt, jahr=2024, wert=Decimal("12.5"))
    felder = {
        f"messwertresource_{name}": "on"
        for name in ("indikator", "jahr", "raum", "wert", "vorlaeufig", "quellenhinweis")
    }
    antwort = datenpflege_client.post(
        _url(Messwert, "export"), {"format": CSV_FORMAT, "resource": "0", **felder}
    )
    assert antwort.status_code == 200
    assert antwort["Content-Type"].startswith("text/csv")
    zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig"))))
    assert zeilen[0] == MESSWERT_KOPF
    assert zeilen[1][:3] == ["Menschen mit Schwerbehinderung", "2024", "oberstadt"]
    assert zeilen[1][4] == "nein"


def test_import_ist_fuer_andere_rollen_gesperrt(lesen_client, redaktion_client, stammdaten):
    inhalt = _csv(MESSWERT_KOPF, _messwert_zeilen())
    for client in (lesen_client, redaktion_client):
        antwort = client.post(
            _url(Messwert, "import"),
            {
                "resource": "0",
                "format": CSV_FORMAT,
                "import_file": SimpleUploadedFile("m.csv", inhalt),
            },
        )
        assert antwort.status_code == 302
        assert antwort["Location"].startswith(reverse("admin:login"))
    assert Messwert.objects.count() == 0
    assert Raum.objects.filter(slug="oberstadt").exists()
