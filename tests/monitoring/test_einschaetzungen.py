"""Ratings of qualitative indicators (issue 9, point 4): the model's rules, the service with its
history and stale check, the staff pages per role, several raters side by side, the chart."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aktionsplan import einmal
from aktionsplan.sperre import VeralteterStandError
from monitoring.models import Bewertergruppe, Einschaetzung
from monitoring.services import einschaetzung_aendern, einschaetzung_anlegen
from tests.factories import (
    BewertergruppeFactory,
    BewertungsstufeFactory,
    EinschaetzungFactory,
    ErkenntnisFactory,
    IndikatorFactory,
    QualitativerIndikatorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SKALA = ["nicht erreicht", "kaum erreicht", "teilweise erreicht", "weitgehend erreicht", "erreicht"]


def skala_anlegen(indikator=None):
    indikator = indikator or QualitativerIndikatorFactory(name="Beteiligungskultur in Gremien")
    stufen = {
        nummer: BewertungsstufeFactory(indikator=indikator, stufe=nummer, name=text)
        for nummer, text in enumerate(SKALA, start=1)
    }
    return indikator, stufen


def _gruppen():
    return (
        BewertergruppeFactory(name="Verwaltung"),
        BewertergruppeFactory(name="Behindertenbeirat"),
    )


def test_gruppen_sind_stammdaten():
    namen = set(Bewertergruppe.objects.values_list("name", flat=True))
    assert {"Verwaltung", "Behindertenbeirat", "Selbstvertretung"} <= namen


def test_mehrere_gruppen_je_jahr_nebeneinander_erlaubt():
    indikator, stufen = skala_anlegen()
    verwaltung, beirat = _gruppen()
    for gruppe, stufe in ((verwaltung, 4), (beirat, 2)):
        einschaetzung_anlegen(
            Einschaetzung(
                indikator=indikator,
                jahr=2025,
                gruppe=gruppe,
                stufe=stufen[stufe],
                text="…",
                anlass="Sitzung",
                datum=datetime.date(2025, 3, 12),
            ),
            benutzer=None,
        )
    assert indikator.einschaetzungen.count() == 2


def test_regeln_des_modells():
    indikator, stufen = skala_anlegen()
    _anderer, fremde = skala_anlegen(QualitativerIndikatorFactory())
    verwaltung, _beirat = _gruppen()
    basis = {
        "indikator": indikator,
        "jahr": 2025,
        "gruppe": verwaltung,
        "text": "…",
        "anlass": "Sitzung",
        "datum": datetime.date(2025, 3, 12),
    }
    with pytest.raises(ValidationError) as fehler:
        Einschaetzung(**basis, stufe=fremde[1]).full_clean()
    assert "stufe" in fehler.value.error_dict
    with pytest.raises(ValidationError) as fehler:
        Einschaetzung(**{**basis, "datum": datetime.date(2999, 1, 1)}, stufe=stufen[1]).full_clean()
    assert "datum" in fehler.value.error_dict
    quantitativ = IndikatorFactory()
    with pytest.raises(ValidationError) as fehler:
        Einschaetzung(**{**basis, "indikator": quantitativ}, stufe=stufen[1]).full_clean()
    assert "indikator" in fehler.value.error_dict
    EinschaetzungFactory(indikator=indikator, stufe=stufen[3], gruppe=verwaltung, jahr=2025)
    with pytest.raises(ValidationError):
        einschaetzung_anlegen(Einschaetzung(**basis, stufe=stufen[1]), benutzer=None)
    assert indikator.einschaetzungen.count() == 1


def test_skala_nur_fuer_qualitative_indikatoren():
    with pytest.raises(ValidationError):
        BewertungsstufeFactory.build(indikator=IndikatorFactory(), stufe=1).full_clean()


def test_service_schreibt_verlauf_und_lehnt_veralteten_stand_ab():
    indikator, stufen = skala_anlegen()
    verwaltung, _beirat = _gruppen()
    redakteurin = UserFactory()
    e = einschaetzung_anlegen(
        Einschaetzung(
            indikator=indikator,
            jahr=2025,
            gruppe=verwaltung,
            stufe=stufen[3],
            text="Erst",
            anlass="Sitzung",
            datum=datetime.date(2025, 3, 12),
        ),
        benutzer=redakteurin,
        erkenntnisse=[ErkenntnisFactory()],
    )
    assert e.erfasst_von == redakteurin
    assert e.history.first().history_user == redakteurin
    geoeffnet = e.version
    e.text = "Zweit"
    einschaetzung_aendern(e, benutzer=redakteurin, erwartete_version=geoeffnet, erkenntnisse=[])
    alt = Einschaetzung.objects.get(pk=e.pk)
    alt.text = "Dritt"
    with pytest.raises(VeralteterStandError):
        einschaetzung_aendern(
            alt, benutzer=redakteurin, erwartete_version=geoeffnet, erkenntnisse=[]
        )
    assert Einschaetzung.objects.get(pk=e.pk).text == "Zweit"
    assert e.history.count() == 2


# --- pages -----------------------------------------------------------------------------------


def _formdaten(indikator, stufen, gruppe, **mehr) -> dict:
    return {
        "jahr": "2025",
        "gruppe": str(gruppe.pk),
        "stufe": str(stufen[2].pk),
        "text": "Der Beirat sieht kaum Fortschritt.",
        "anlass": "Sitzung des Behindertenbeirats am 12.03.2025",
        "datum": "2025-03-12",
        **mehr,
    }


@pytest.mark.parametrize("rolle", ["anonym", "lesen", "redaktion", "datenpflege"])
def test_rechte_je_rolle(request, rolle):
    indikator, stufen = skala_anlegen()
    e = EinschaetzungFactory(indikator=indikator, stufe=stufen[3])
    client = request.getfixturevalue(f"{rolle}_client")
    urls = [
        reverse("monitoring:einschaetzung_neu", args=[indikator.pk]),
        reverse("monitoring:einschaetzung_bearbeiten", args=[e.pk]),
    ]
    for url in urls:
        antwort = client.get(url)
        if rolle == "anonym":
            assert antwort.status_code == 302
            assert antwort.url.startswith(reverse("login"))
        elif rolle == "lesen":
            assert antwort.status_code == 403
            assert client.post(url).status_code == 403
        else:
            assert antwort.status_code == 200
    # everyone with a role reads the ratings on the indicator's page
    if rolle != "anonym":
        assert client.get(indikator.get_absolute_url()).status_code == 200


def test_redaktion_traegt_fuer_den_beirat_ein_einmal(redaktion_client, redaktion_user):
    indikator, stufen = skala_anlegen()
    _verwaltung, beirat = _gruppen()
    beleg = ErkenntnisFactory(titel="Beiratsvotum")
    daten = _formdaten(indikator, stufen, beirat, erkenntnisse=[str(beleg.pk)])
    daten[einmal.FELD] = einmal.neue_marke()
    url = reverse("monitoring:einschaetzung_neu", args=[indikator.pk])
    antwort = redaktion_client.post(url, daten)
    assert antwort.status_code == 302
    # the same form sent again creates nothing a second time
    redaktion_client.post(url, daten)
    e = Einschaetzung.objects.get()
    assert e.gruppe == beirat
    assert e.erfasst_von == redaktion_user
    assert list(e.erkenntnisse.all()) == [beleg]


def test_formular_fehler_und_veralteter_stand(redaktion_client):
    indikator, stufen = skala_anlegen()
    verwaltung, _beirat = _gruppen()
    url = reverse("monitoring:einschaetzung_neu", args=[indikator.pk])
    antwort = redaktion_client.post(url, {**_formdaten(indikator, stufen, verwaltung), "jahr": ""})
    assert antwort.status_code == 200
    assert not Einschaetzung.objects.exists()
    e = EinschaetzungFactory(indikator=indikator, stufe=stufen[3], gruppe=verwaltung)
    bearbeiten = reverse("monitoring:einschaetzung_bearbeiten", args=[e.pk])
    daten = {**_formdaten(indikator, stufen, verwaltung), "geoeffnete_version": str(e.version)}
    e.text = "inzwischen geändert"
    einschaetzung_aendern(e, benutzer=None, erwartete_version=None, erkenntnisse=[])
    antwort = redaktion_client.post(bearbeiten, daten)
    assert antwort.status_code == 409
    assert "Der Beirat sieht kaum Fortschritt." in antwort.content.decode()
    assert Einschaetzung.objects.get(pk=e.pk).text == "inzwischen geändert"


def test_quantitativer_indikator_hat_keine_einschaetzungsseite(redaktion_client):
    indikator = IndikatorFactory()
    url = reverse("monitoring:einschaetzung_neu", args=[indikator.pk])
    assert redaktion_client.get(url).status_code == 404


def test_beirat_neben_verwaltung_nie_gemittelt(lesen_client):
    indikator, stufen = skala_anlegen()
    verwaltung, beirat = _gruppen()
    for jahr, v, b in ((2024, 3, 2), (2025, 4, 2)):
        EinschaetzungFactory(indikator=indikator, jahr=jahr, gruppe=verwaltung, stufe=stufen[v])
        EinschaetzungFactory(indikator=indikator, jahr=jahr, gruppe=beirat, stufe=stufen[b])
    html = lesen_client.get(indikator.get_absolute_url()).content.decode()
    tabelle = html[html.index('id="einschaetzungen-caption"') :]
    tabelle = tabelle[: tabelle.index("</table>")]
    kopf = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', tabelle)
    assert kopf == ["Jahr", "Verwaltung", "Behindertenbeirat"]
    assert "4 – weitgehend erreicht" in tabelle
    assert "2 – kaum erreicht" in tabelle
    # no averaged step (3 for 2025) appears as a value of its own
    zeile_2025 = tabelle[tabelle.index(">2025<") :]
    assert "3 – teilweise erreicht" not in zeile_2025
    diagramm = html[html.index("<svg") : html.index("</svg>")]
    assert "Verwaltung" in diagramm
    assert "Behindertenbeirat" in diagramm
    assert "Behindertenbeirat – 2024: kaum erreicht, 2025: kaum erreicht" in diagramm


@pytest.mark.parametrize("anzahl", [5, 50])
def test_detail_abfragen_qualitativ(lesen_client, django_assert_num_queries, anzahl):
    indikator, stufen = skala_anlegen()
    gruppen = [BewertergruppeFactory(name=f"Gruppe {i}") for i in range(5)]
    belege = [ErkenntnisFactory() for _ in range(3)]
    for i in range(anzahl):
        e = EinschaetzungFactory(
            indikator=indikator, jahr=1990 + i // 5, gruppe=gruppen[i % 5], stufe=stufen[i % 5 + 1]
        )
        e.erkenntnisse.add(*belege)
    # 1 session, 2 user, 3 groups, 4 the indicator's name (title, 404); the main part: 5
    # indicator (+ source, actor, delivery dates), 6 themes, 7 measures (prefetches), 8 values,
    # 9 the own Kommune, 10 the scale, 11 the ratings (+ group, step), 12 their findings
    with django_assert_num_queries(12):
        antwort = lesen_client.get(indikator.get_absolute_url())
    assert antwort.status_code == 200
