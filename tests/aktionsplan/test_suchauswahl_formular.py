"""Choices over many rows in forms (aktionsplan.suchauswahl.SuchAuswahlWidget): a finding's
measures and event, a measure's actor. The page does not grow with the rows, the search works
without JavaScript, and a search is never a submission."""

import pytest
from django.urls import reverse

from aktionsplan.einmal import neue_marke
from aktionsplan.suchauswahl import FORMULAR_TREFFER, KLEINE_AUSWAHL, SUCHE_KNOPF
from monitoring.models import Erkenntnis
from projekte.models import Projektbeteiligung
from tests.factories import (
    AkteurFactory,
    BeteiligungsformatFactory,
    PlanFactory,
    ProjektskizzeFactory,
    ThemaFactory,
)

pytestmark = pytest.mark.django_db

NEU = reverse("monitoring:erkenntnis_neu")


def _daten(**aenderungen) -> dict:
    daten = {
        "titel": "Rampe am Rathaus fehlt",
        "text": "Mein Text bleibt stehen",
        "datum": "2025-04-10",
        "quelle": Erkenntnis.Quelle.VERANSTALTUNG,
    }
    daten.update(aenderungen)
    return daten


def _massnahmen(anzahl: int) -> list:
    plan, thema = PlanFactory(), ThemaFactory()
    return [
        ProjektskizzeFactory(plan=plan, hauptthema=thema, titel=f"Maßnahme Nummer {i:03d}")
        for i in range(anzahl)
    ]


def test_kleine_auswahl_zeigt_alle_ohne_suchfeld(redaktion_client):
    _massnahmen(3)
    inhalt = redaktion_client.get(NEU).content.decode()
    assert inhalt.count('name="projekte"') == 3
    assert 'name="projekte__suche"' not in inhalt


def test_grosse_auswahl_zeigt_suchfeld_statt_liste(redaktion_client):
    _massnahmen(KLEINE_AUSWAHL + 5)
    inhalt = redaktion_client.get(NEU).content.decode()
    assert 'name="projekte"' not in inhalt
    assert 'name="projekte__suche"' in inhalt
    assert "Noch nichts gewählt." in inhalt


def test_suche_zeigt_treffer_behaelt_eingaben_und_speichert_nichts(redaktion_client):
    massnahmen = _massnahmen(KLEINE_AUSWAHL + 5)
    gewaehlt = massnahmen[0]
    antwort = redaktion_client.post(
        NEU,
        _daten(
            projekte=[gewaehlt.pk],
            projekte__suche="nummer 01",
            **{SUCHE_KNOPF: "projekte"},
        ),
    )
    inhalt = antwort.content.decode()
    assert antwort.status_code == 200
    assert not Erkenntnis.objects.exists()
    # The input is kept, no field is refused.
    assert "Mein Text bleibt stehen" in inhalt
    assert 'aria-invalid="true"' not in inhalt
    # The chosen measure stays ticked; the matches (010–019) can be ticked.
    assert f'name="projekte" value="{gewaehlt.pk}" id="id_projekte_0" checked' in inhalt
    for m in massnahmen[10:20]:
        assert f'name="projekte" value="{m.pk}"' in inhalt
    assert f'name="projekte" value="{massnahmen[25].pk}"' not in inhalt


def test_zu_viele_treffer_werden_begrenzt(redaktion_client):
    _massnahmen(KLEINE_AUSWAHL + 5)
    inhalt = redaktion_client.post(
        NEU, _daten(projekte__suche="Maßnahme", **{SUCHE_KNOPF: "projekte"})
    ).content.decode()
    assert inhalt.count('name="projekte"') == FORMULAR_TREFFER
    assert "bitte suchen Sie genauer" in inhalt


def test_keine_treffer_wird_gesagt(redaktion_client):
    _massnahmen(KLEINE_AUSWAHL + 5)
    inhalt = redaktion_client.post(
        NEU, _daten(projekte__suche="Zebrastreifen", **{SUCHE_KNOPF: "projekte"})
    ).content.decode()
    assert "Keine weiteren Treffer für „Zebrastreifen“" in inhalt


def test_gewaehlte_treffer_werden_gespeichert(redaktion_client):
    massnahmen = _massnahmen(KLEINE_AUSWAHL + 5)
    antwort = redaktion_client.post(NEU, _daten(projekte=[massnahmen[3].pk, massnahmen[30].pk]))
    assert antwort.status_code == 302
    erkenntnis = Erkenntnis.objects.get()
    assert set(erkenntnis.projekte.all()) == {massnahmen[3], massnahmen[30]}


def test_enter_in_anderem_feld_mit_leerem_suchbegriff_speichert(redaktion_client):
    """Enter in the title field sends the first button of the form, the search button: with no
    term that is the submission the person meant."""
    _massnahmen(KLEINE_AUSWAHL + 5)
    antwort = redaktion_client.post(NEU, _daten(projekte__suche="", **{SUCHE_KNOPF: "projekte"}))
    assert antwort.status_code == 302
    assert Erkenntnis.objects.count() == 1


def test_suche_verbraucht_die_einmalmarke_nicht(redaktion_client):
    _massnahmen(KLEINE_AUSWAHL + 5)
    marke = neue_marke()
    suche = redaktion_client.post(
        NEU,
        _daten(einmalmarke=marke, projekte__suche="nummer", **{SUCHE_KNOPF: "projekte"}),
    )
    assert suche.status_code == 200
    antwort = redaktion_client.post(NEU, _daten(einmalmarke=marke))
    assert antwort.status_code == 302
    assert Erkenntnis.objects.count() == 1


@pytest.mark.parametrize("eingabe", ["x" * 100_000, "\x00", "١٢", "<script>alert(1)</script>"])
def test_feindliche_suchbegriffe(redaktion_client, eingabe):
    _massnahmen(KLEINE_AUSWAHL + 5)
    antwort = redaktion_client.post(
        NEU, _daten(projekte__suche=eingabe, **{SUCHE_KNOPF: "projekte"})
    )
    assert antwort.status_code == 200
    assert "<script>alert" not in antwort.content.decode()
    assert not Erkenntnis.objects.exists()


@pytest.mark.parametrize("wert", ["abc", "99999999999999999999999", "-1", ""])
def test_unsinnige_ids_werden_abgewiesen(redaktion_client, wert):
    _massnahmen(KLEINE_AUSWAHL + 5)
    antwort = redaktion_client.post(NEU, _daten(projekte=[wert]))
    assert antwort.status_code in (200, 302)
    if antwort.status_code == 200:
        assert not Erkenntnis.objects.exists()


def test_veranstaltung_einzeln_suchen_und_waehlen(redaktion_client):
    formate = [BeteiligungsformatFactory(titel=f"Runder Tisch {i:02d}") for i in range(35)]
    inhalt = redaktion_client.post(
        NEU,
        _daten(beteiligungsformat__suche="Tisch 07", **{SUCHE_KNOPF: "beteiligungsformat"}),
    ).content.decode()
    assert f'name="beteiligungsformat" value="{formate[7].pk}"' in inhalt
    # The field is optional: "keine Auswahl" is a choice.
    assert "keine Auswahl" in inhalt
    antwort = redaktion_client.post(NEU, _daten(beteiligungsformat=formate[7].pk))
    assert antwort.status_code == 302
    assert Erkenntnis.objects.get().beteiligungsformat == formate[7]


@pytest.mark.parametrize("anzahl", [KLEINE_AUSWAHL + 1, 200])
def test_abfragen_formular_fest(redaktion_client, django_assert_num_queries, anzahl):
    _massnahmen(anzahl)
    AkteurFactory.create_batch(3)
    redaktion_client.get(NEU)
    # 1 session (the user and groups come from the cache); form: 2 the first rows of the
    # searchable events, 3 themes, 4 the first rows of the searchable measures, 5 areas. Nothing
    # is chosen yet, so no query for chosen rows.
    with django_assert_num_queries(5):
        antwort = redaktion_client.get(NEU)
    assert antwort.status_code == 200
    assert len(antwort.content) < 60_000


def test_akteur_suchen_und_beteiligen(redaktion_client):
    projekt = ProjektskizzeFactory()
    akteure = [AkteurFactory(name=f"Verein für Teilhabe {i:02d}") for i in range(40)]
    url = reverse("projekte:beteiligung_neu", args=[projekt.pk])
    inhalt = redaktion_client.get(url).content.decode()
    assert 'name="akteur__suche"' in inhalt
    assert 'name="akteur" value=' not in inhalt
    inhalt = redaktion_client.post(
        url, {"rolle": "partner", "akteur__suche": "Teilhabe 12", SUCHE_KNOPF: "akteur"}
    ).content.decode()
    assert f'name="akteur" value="{akteure[12].pk}"' in inhalt
    assert not Projektbeteiligung.objects.exists()
    antwort = redaktion_client.post(url, {"rolle": "partner", "akteur": akteure[12].pk})
    assert antwort.status_code == 302
    assert Projektbeteiligung.objects.get().akteur == akteure[12]


def test_enter_im_zweiten_suchfeld_sucht_und_speichert_nicht(redaktion_client):
    """Enter in the measures' search field sends the first search button of the form (the
    events'): still a search, because a term is given."""
    _massnahmen(KLEINE_AUSWAHL + 5)
    BeteiligungsformatFactory.create_batch(KLEINE_AUSWAHL + 1)
    antwort = redaktion_client.post(
        NEU, _daten(projekte__suche="nummer 01", **{SUCHE_KNOPF: "beteiligungsformat"})
    )
    assert antwort.status_code == 200
    assert "Maßnahme Nummer 012" in antwort.content.decode()
    assert not Erkenntnis.objects.exists()
