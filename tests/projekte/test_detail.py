"""Measure detail: content, small-number protection, history, edit controls, query budget."""

import collections
import contextlib
import datetime
import re
from decimal import Decimal

import pytest
from django.db.models import signals
from django.test import Client
from django.urls import reverse

from aktionsplan.models import Raum, UNBRKArtikel
from aktionsplan.personen import anzeigename
from projekte import services
from projekte.models import (
    Ampel,
    Finanzierung,
    Meilenstein,
    Projektbeteiligung,
    Projektskizze,
    Sachstand,
    Status,
)
from projekte.verlauf import GRENZE, aenderungsverlauf
from tests.factories import (
    AkteurFactory,
    ErkenntnisFactory,
    FinanzierungFactory,
    IndikatorFactory,
    KommuneFactory,
    MeilensteinFactory,
    MesswertFactory,
    ProjektbeteiligungFactory,
    ProjektskizzeFactory,
    RaumFactory,
    SachstandFactory,
    ThemaFactory,
    UserFactory,
    ZielgruppeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def projekt():
    # The measure's Kommune (its plan's) is the one whose values the detail page shows.
    kommune = KommuneFactory(name="Stolberg")
    p = ProjektskizzeFactory(
        titel="Inklusive Spielplätze", kosten=Decimal("12000"), plan__kommune=kommune
    )
    p.weitere_themen.add(ThemaFactory(name="Familien und Generationen"))
    p.zielgruppen.add(ZielgruppeFactory(name="Kinder und Jugendliche"))
    p.unbrk_artikel.add(UNBRKArtikel.objects.get(nummer=30))
    return p


def test_zeigt_alles(lesen_client, projekt):
    akteur = AkteurFactory(name="Lebenshilfe Stolberg")
    ProjektbeteiligungFactory(
        projekt=projekt, akteur=akteur, rolle=Projektbeteiligung.Rolle.FEDERFUEHREND
    )
    FinanzierungFactory(projekt=projekt, betrag=Decimal("1000"))
    FinanzierungFactory(
        projekt=projekt, betrag=Decimal("2500"), status=Finanzierung.Antragsstatus.BEWILLIGT
    )
    MeilensteinFactory(
        projekt=projekt, titel="Planung fertig", faellig_am=datetime.date(2020, 1, 1)
    )
    SachstandFactory(projekt=projekt, datum=datetime.date(2024, 1, 1), text="Erster Bericht")
    SachstandFactory(
        projekt=projekt,
        datum=datetime.date(2025, 1, 1),
        text="Zweiter Bericht",
        status=Status.UMGESETZT,
        ampel=Ampel.GEFAEHRDET,
    )
    erkenntnis = ErkenntnisFactory(titel="Rampen fehlen")
    erkenntnis.projekte.add(projekt)
    response = lesen_client.get(projekt.get_absolute_url())
    inhalt = response.content.decode()
    for text in [
        "Inklusive Spielplätze",
        "Familien und Generationen",
        "Kinder und Jugendliche",
        "Art. 30",
        "federführend",
        "Planung fertig",
        "überfällig",
        "Rampen fehlen",
        "3.500,00 €",
        "2.500,00 €",
        "12.000,00 €",
        "Umgesetzt",
        "gefährdet",
    ]:
        assert text in inhalt, text
    assert reverse("akteure:akteur_detail", args=[akteur.pk]) in inhalt
    # Report history newest first.
    assert inhalt.index("Zweiter Bericht") < inhalt.index("Erster Bericht")


def _werte(response) -> dict[str, str]:
    return {
        i.name: (i.anzeigewert.text if i.anzeigewert else "")
        for i in response.context["indikatoren"]
    }


def test_kleine_zahlen_als_kleiner_n(lesen_client, projekt):
    kommune = projekt.plan.kommune
    klein = IndikatorFactory(name="Arbeitslose mit Behinderung", mindestfallzahl=5)
    gross = IndikatorFactory(name="Schwerbehinderte", mindestfallzahl=3)
    ohne = IndikatorFactory(name="Neu")
    for i in (klein, gross, ohne):
        i.projekte.add(projekt)
    MesswertFactory(indikator=klein, raum=kommune, jahr=2023, wert=Decimal("40"))
    MesswertFactory(indikator=klein, raum=kommune, jahr=2024, wert=Decimal("4"))
    MesswertFactory(indikator=gross, raum=kommune, jahr=2024, wert=Decimal("1234"))
    # A newer Sozialraum value is not the city-wide one.
    MesswertFactory(
        indikator=gross, raum=RaumFactory(ebene=Raum.Ebene.SOZIALRAUM), jahr=2025, wert=Decimal("1")
    )
    response = lesen_client.get(projekt.get_absolute_url())
    assert _werte(response) == {
        "Arbeitslose mit Behinderung": "< 5",
        "Schwerbehinderte": "1.234",
        "Neu": "",
    }
    inhalt = response.content.decode()
    assert "&lt; 5" in inhalt
    assert "Fallzahl unter 5 – zum Schutz kleiner Zahlen nicht ausgewiesen" in inhalt
    # The row of the protected indicator (not the whole page: numbers and pks also render "4").
    zeile = inhalt[inhalt.index("Arbeitslose mit Behinderung") :]
    zeile = zeile[: zeile.index("</tr>")]
    assert not re.search(r">\s*4\s*<", zeile)


def test_kommunewert_mit_sekundaerer_geheimhaltung(lesen_client, projekt):
    """Kommune 4 = Sozialräume 2 + 2 (both "< 3"): showing 4 would give both parts away, so the
    measure page withholds it ("•") exactly as the indicator pages do."""
    kommune = projekt.plan.kommune
    indikator = IndikatorFactory(name="Leistungsbeziehende", mindestfallzahl=3)
    indikator.projekte.add(projekt)
    MesswertFactory(indikator=indikator, raum=kommune, jahr=2024, wert=Decimal("4"))
    for name in ("Mitte", "Münsterbusch"):
        MesswertFactory(
            indikator=indikator,
            raum=RaumFactory(name=name, uebergeordnet=kommune),
            jahr=2024,
            wert=Decimal("2"),
        )
    response = lesen_client.get(projekt.get_absolute_url())
    assert _werte(response) == {"Leistungsbeziehende": "•"}
    assert response.context["indikatoren"][0].anzeigewert.jahr == 2024
    inhalt = response.content.decode()
    assert "zum Schutz kleiner Zahlen zurückgehalten" in inhalt
    assert ">4<" not in inhalt
    assert "4 Personen" not in inhalt
    # The indicator page shows the same.
    seite = lesen_client.get(indikator.get_absolute_url()).content.decode()
    assert 'class="monitoring-geschuetzt">•</abbr>' in seite


def test_aenderungsverlauf(lesen_client, projekt, redaktion_user):
    redaktion_user.first_name, redaktion_user.last_name = "Rita", "Redakteurin"
    redaktion_user.save()
    projekt.titel = "Alt"
    projekt.save()
    projekt.refresh_from_db()
    projekt.titel = "Neuer Titel"
    services.projekt_aendern(
        projekt=projekt,
        benutzer=redaktion_user,
        erwartete_version=projekt.version,
        daten={"titel": "Neuer Titel"},
        m2m={},
    )
    services.sachstand_anlegen(
        projekt=projekt,
        benutzer=redaktion_user,
        datum=datetime.date(2025, 2, 1),
        status=Status.IN_PLANUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=5,
        text="Los geht's",
    )
    response = lesen_client.get(projekt.get_absolute_url())
    verlauf = response.context["verlauf"]
    titel_aenderung = next(a for a in verlauf if a.felder)
    assert titel_aenderung.wer == "Rita Redakteurin"
    assert [(f.feld, f.alt, f.neu) for f in titel_aenderung.felder] == [
        ("Titel", "Alt", "Neuer Titel")
    ]
    inhalt = response.content.decode()
    assert "Alt" in inhalt
    assert "Neuer Titel" in inhalt
    assert "Sachstand vom 01.02.2025 angelegt" in inhalt
    assert "(Sachstand erfasst)" in inhalt


def test_bearbeitungsknoepfe_nur_fuer_redaktion(lesen_client, redaktion_client, projekt):
    MeilensteinFactory(projekt=projekt)
    ProjektbeteiligungFactory(projekt=projekt)
    bearbeiten = reverse("projekte:projekt_bearbeiten", args=[projekt.pk])
    lesen = lesen_client.get(projekt.get_absolute_url()).content.decode()
    redaktion = redaktion_client.get(projekt.get_absolute_url()).content.decode()
    for text in [bearbeiten, "Sachstand erfassen", "als erledigt vermerken", "entfernen"]:
        assert text not in lesen, text
        assert text in redaktion, text
    assert (
        "Neue Maßnahme anlegen"
        not in lesen_client.get(reverse("projekte:projekt_liste")).content.decode()
    )
    assert (
        "Neue Maßnahme anlegen"
        in redaktion_client.get(reverse("projekte:projekt_liste")).content.decode()
    )


def _daten(projekt, anzahl: int) -> None:
    kommune = projekt.plan.kommune
    autor = UserFactory()
    for i in range(anzahl):
        SachstandFactory(
            projekt=projekt,
            datum=datetime.date(2020, 1, 1) + datetime.timedelta(i),
            verfasst_von=autor,
        )
        MeilensteinFactory(projekt=projekt)
        FinanzierungFactory(projekt=projekt)
        ProjektbeteiligungFactory(projekt=projekt)
        indikator = IndikatorFactory()
        indikator.projekte.add(projekt)
        MesswertFactory(indikator=indikator, raum=kommune)
        ErkenntnisFactory().projekte.add(projekt)
        # Areas of the measure's own Kommune: an installation with one Kommune (several would
        # add the reader's memberships, one query: tests/test_mandanten.py).
        projekt.raeume.add(RaumFactory(uebergeordnet=kommune))
        projekt.titel = f"Titel {i}"
        projekt.save()


@pytest.mark.parametrize("anzahl", [5, 50])
def test_abfragen_fest(lesen_client, django_assert_num_queries, projekt, anzahl):
    _daten(projekt, anzahl)
    # 1 session, 2 user, 3 groups; 4 the measure's row with its plan and Kommune (title, 404);
    # the main part: 5 the measure with current state, plan and its
    # Kommune, Hauptthema and responsible person; 6-9 prefetch of further themes, target groups,
    # UN-BRK articles, areas; 10 meilensteine; 11 actors' roles with the actors; 12 finanzierungen;
    # 13 their sums (one aggregate); 14 reports with authors; 15 indicators; 16 the complete
    # groups (all areas) of each indicator's latest Kommune year, protected in Python; 17
    # findings with their event; history (projekte/verlauf.py), one query per history table,
    # each with the predecessors of its rows: 18 the measure, 19 reports, 20 milestones,
    # 21 actors' roles.
    with django_assert_num_queries(21):
        response = lesen_client.get(projekt.get_absolute_url())
    assert len(response.context["sachstaende"]) == anzahl
    assert len(response.context["verlauf"]) == 20
    # Read again with the same data: the main part and the measure's row (title, 404) come
    # from the cache, the user and the groups too (aktionsplan.benutzerspeicher): the session.
    with django_assert_num_queries(1):
        wieder = lesen_client.get(projekt.get_absolute_url())
    ohne_token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert ohne_token.sub(b"", wieder.content) == ohne_token.sub(b"", response.content)


def test_zwischengespeicherter_teil_folgt_jeder_aenderung(lesen_client, projekt):
    """A change anywhere shows at once: the cached part's key holds the data version."""
    vorher = lesen_client.get(projekt.get_absolute_url()).content.decode()
    assert "Neuer Meilenstein am Rand" not in vorher
    MeilensteinFactory(projekt=projekt, titel="Neuer Meilenstein am Rand")
    nachher = lesen_client.get(projekt.get_absolute_url()).content.decode()
    assert "Neuer Meilenstein am Rand" in nachher


def test_formulare_im_zwischengespeicherten_teil_tragen_das_eigene_token(
    client, redaktion_user, datenpflege_user, projekt
):
    """Two editors read the same cached part: each form carries the reader's own CSRF token,
    never the mark, never the other's token, and the form posts."""
    from aktionsplan.seitenspeicher import CSRF_MARKE

    meilenstein = MeilensteinFactory(projekt=projekt, erledigt_am=None)
    tokens = []
    for nutzer in (redaktion_user, datenpflege_user):
        leser = Client(enforce_csrf_checks=True)
        leser.force_login(nutzer)
        inhalt = leser.get(projekt.get_absolute_url()).content.decode()
        assert CSRF_MARKE not in inhalt
        token = re.search(
            rf'action="[^"]*/meilensteine/{meilenstein.pk}/erledigt/"[^>]*>\s*<input '
            r'type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
            inhalt,
        )
        assert token, "kein Token im Formular"
        tokens.append((leser, token.group(1)))
    leser, token = tokens[1]
    antwort = leser.post(
        reverse("projekte:meilenstein_erledigt", args=[meilenstein.pk]),
        {"csrfmiddlewaretoken": token, "erledigt_am": "2025-01-02"},
    )
    assert antwort.status_code in (302, 303)


@contextlib.contextmanager
def _gelesene_historienzeilen():
    """Counts the history rows that Django builds (one per row read from a history table)."""
    historien = {
        m.history.model for m in (Projektskizze, Sachstand, Meilenstein, Projektbeteiligung)
    }
    gezaehlt = collections.Counter()

    def zaehlen(sender, **kwargs):
        if sender in historien:
            gezaehlt[sender] += 1

    signals.post_init.connect(zaehlen)
    try:
        yield gezaehlt
    finally:
        signals.post_init.disconnect(zaehlen)


@pytest.mark.parametrize("aenderungen", [50, 500])
def test_verlauf_liest_nur_was_er_zeigt(
    lesen_client, django_assert_num_queries, projekt, redaktion_user, aenderungen
):
    """However long the history, the page reads the newest GRENZE rows of each table and their
    predecessors, in the same number of queries."""
    bericht = SachstandFactory(projekt=projekt, text="Bericht 0")
    meilenstein = MeilensteinFactory(projekt=projekt, titel="Meilenstein 0")
    ProjektbeteiligungFactory(projekt=projekt)
    vorher = projekt.history.count()
    for i in range(1, aenderungen + 1):
        for objekt, feld, wert in (
            (projekt, "titel", f"Titel {i}"),
            (bericht, "text", f"Bericht {i}"),
            (meilenstein, "titel", f"Meilenstein {i}"),
        ):
            setattr(objekt, feld, wert)
            objekt._history_user = redaktion_user
            objekt.save(update_fields=[feld])
    assert projekt.history.count() == vorher + aenderungen

    with django_assert_num_queries(4), _gelesene_historienzeilen() as gelesen:
        verlauf = aenderungsverlauf(projekt)
    # The measure: GRENZE + 1 rows; each part table: at most GRENZE rows and GRENZE predecessors.
    assert gelesen[Projektskizze.history.model] == GRENZE + 1
    assert gelesen[Sachstand.history.model] <= 2 * GRENZE
    assert gelesen[Meilenstein.history.model] <= 2 * GRENZE
    assert gelesen[Projektbeteiligung.history.model] == 1
    assert len(verlauf) == GRENZE
    # Newest first (the milestone was saved last in each round), old → new from the predecessor.
    neueste = verlauf[0]
    assert neueste.was == f"Meilenstein „Meilenstein {aenderungen}“"
    assert [(f.feld, f.alt, f.neu) for f in neueste.felder] == [
        ("Titel", f"Meilenstein {aenderungen - 1}", f"Meilenstein {aenderungen}")
    ]
    titel = next(a for a in verlauf if a.was == "Maßnahme")
    assert [(f.alt, f.neu) for f in titel.felder] == [
        (f"Titel {aenderungen - 1}", f"Titel {aenderungen}")
    ]
    assert {a.wer for a in verlauf} == {anzeigename(redaktion_user)}
    # The role's creation is older than the GRENZE newest changes: read, not shown.
    assert not any(a.was.startswith("Beteiligung") for a in verlauf)
    assert all(a.art == "geändert" for a in verlauf)

    # As test_abfragen_fest: the same budget however long the history is.
    with django_assert_num_queries(21):
        response = lesen_client.get(projekt.get_absolute_url())
    assert f"Meilenstein {aenderungen}" in response.content.decode()


def test_verlauf_vergleicht_mit_einem_alten_vorgaenger(lesen_client, projekt, redaktion_user):
    """A change to a report whose previous version lies far behind the newest rows of its table
    is still compared with that version."""
    alt = SachstandFactory(projekt=projekt, text="Erster Wortlaut")
    for i in range(GRENZE + 5):
        SachstandFactory(projekt=projekt, datum=datetime.date(2021, 1, 1) + datetime.timedelta(i))
    alt.text = "Berichtigter Wortlaut"
    alt._history_user = redaktion_user
    alt.save(update_fields=["text"])
    neueste = lesen_client.get(projekt.get_absolute_url()).context["verlauf"][0]
    assert (neueste.wer, neueste.art) == (anzeigename(redaktion_user), "geändert")
    assert [(f.alt, f.neu) for f in neueste.felder] == [
        ("Erster Wortlaut", "Berichtigter Wortlaut")
    ]


def test_verlauf_nennt_geloeschte_bezuege(lesen_client, projekt, redaktion_user):
    """A removed role of an actor deleted since reads "(gelöscht)", never "None"."""
    akteur = AkteurFactory(name="Verein, den es nicht mehr gibt")
    beteiligung = ProjektbeteiligungFactory(projekt=projekt, akteur=akteur)
    services.beteiligung_entfernen(
        beteiligung=beteiligung, benutzer=redaktion_user, erwartete_version=beteiligung.version
    )
    akteur.delete()
    verlauf = lesen_client.get(projekt.get_absolute_url()).context["verlauf"]
    assert (verlauf[0].was, verlauf[0].art) == ("Beteiligung: (gelöscht)", "gelöscht")
    assert verlauf[0].wer == anzeigename(redaktion_user)
    rollen = [a for a in verlauf if a.was.startswith("Beteiligung")]
    assert rollen[-1].art == "angelegt"
    assert {a.was for a in rollen} == {"Beteiligung: (gelöscht)"}
