"""List filters over many rows are search fields, not ``<select>`` lists (issue 8).

aktionsplan/suchauswahl.py: the actor and person filters of the measure list, the data source
list and the audit page take a search term (folded like every search) and keep their exact-id
parameter. The page's size and query count do not grow with the number of actors or users.
"""

import datetime
import re

import pytest
from django.urls import reverse

from akteure.models import Akteur, Akteurstyp
from aktionsplan.suchauswahl import TREFFER_HOECHSTENS
from aktionsplan.suche import SUCHBEGRIFF_MAX_LAENGE
from projekte.models import Meilenstein, Projektskizze
from tests.factories import (
    AkteurFactory,
    DatenquelleFactory,
    ProjektbeteiligungFactory,
    ProjektskizzeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
LISTE = reverse("projekte:projekt_liste")
EXPORT = reverse("projekte:projekt_export")
DATENQUELLEN = reverse("akteure:datenquelle_liste")
AENDERUNGEN = reverse("querschnitt:aenderung_liste")


def _titel(antwort) -> list[str]:
    return sorted(p.titel for p in antwort.context["seite"].object_list)


def _treffer_links(inhalt: str) -> list[tuple[str, str]]:
    """(href, text) of the links in the list of matches."""
    liste = re.search(r'<ul class="kern-list suchauswahl__treffer".*?</ul>', inhalt, re.S)
    assert liste, "keine Trefferliste"
    return re.findall(r'<a class="kern-link" href="([^"]*)">([^<]*)</a>', liste.group(0))


@pytest.fixture
def daten():
    uebergaenge = AkteurFactory(name="Übergänge gestalten e. V.", kurzname="ÜGV")
    lebenshilfe = AkteurFactory(name="Lebenshilfe Stolberg")
    petra = UserFactory(username="pplan", first_name="Petra", last_name="Plänkel")
    otto = UserFactory(username="ozwo", first_name="Otto", last_name="Zwölfer")
    eins = ProjektskizzeFactory(titel="Jobcoaching", verantwortlich=petra)
    zwei = ProjektskizzeFactory(titel="Quartiersbüro", verantwortlich=otto)
    ProjektskizzeFactory(titel="Ohne alles", verantwortlich=None)
    ProjektbeteiligungFactory(projekt=eins, akteur=uebergaenge)
    ProjektbeteiligungFactory(projekt=zwei, akteur=lebenshilfe)
    return locals()


# --- the measure list ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parameter", "erwartet"),
    [
        ({"akteur_suche": "übergänge"}, ["Jobcoaching"]),
        ({"akteur_suche": "ÜBERGÄNGE GESTALTEN"}, ["Jobcoaching"]),
        ({"akteur_suche": " ügv "}, ["Jobcoaching"]),  # the short name, stripped
        ({"akteur_suche": "lebenshilfe"}, ["Quartiersbüro"]),
        ({"akteur_suche": "e"}, ["Jobcoaching", "Quartiersbüro"]),  # any match
        ({"verantwortlich_suche": "plänkel"}, ["Jobcoaching"]),
        ({"verantwortlich_suche": "PETRA PLÄNKEL"}, ["Jobcoaching"]),  # the full name
        ({"verantwortlich_suche": "ozwo"}, ["Quartiersbüro"]),  # the user name
        ({"verantwortlich_suche": "zwölf"}, ["Quartiersbüro"]),
        ({"akteur_suche": "übergänge", "verantwortlich_suche": "otto"}, []),
    ],
)
def test_suchbegriff_faltet(lesen_client, daten, parameter, erwartet):
    antwort = lesen_client.get(LISTE, parameter)
    assert antwort.status_code == 200
    assert _titel(antwort) == sorted(erwartet)


def test_genaue_id_wirkt_weiter(lesen_client, daten):
    """Links from an actor's page use ?akteur=<id>; the form shows the chosen one by name with
    a link that removes the choice and keeps the other filters."""
    akteur = daten["uebergaenge"]
    antwort = lesen_client.get(LISTE, {"akteur": akteur.pk, "sortierung": "-titel", "page": "1"})
    assert _titel(antwort) == ["Jobcoaching"]
    inhalt = antwort.content.decode()
    assert "Gewählt: <strong>Übergänge gestalten e. V.</strong>" in inhalt
    # The choice stays in the form (a hidden field), so another filter keeps it.
    assert f'<input type="hidden" name="akteur" value="{akteur.pk}">' in inhalt
    assert '<a class="kern-link" href="?sortierung=-titel">Auswahl aufheben' in inhalt
    # Export and pagination keep the parameter.
    assert f"export/?akteur={akteur.pk}&amp;sortierung=-titel&amp;format=csv" in inhalt
    person = lesen_client.get(LISTE, {"verantwortlich": daten["otto"].pk})
    assert _titel(person) == ["Quartiersbüro"]
    assert "Gewählt: <strong>Otto Zwölfer</strong>" in person.content.decode()


def test_mehrere_treffer_als_links_die_eingrenzen(lesen_client):
    typ = AkteurFactory().typ
    for i in range(TREFFER_HOECHSTENS + 3):
        akteur = AkteurFactory(name=f"Förderverein {i:02d}", typ=typ)
        ProjektbeteiligungFactory(
            projekt=ProjektskizzeFactory(titel=f"Maßnahme {i:02d}"), akteur=akteur
        )
    antwort = lesen_client.get(
        LISTE, {"akteur_suche": "FÖRDERVEREIN", "sortierung": "titel", "page": "2"}
    )
    inhalt = antwort.content.decode()
    assert antwort.context["seite"].paginator.count == TREFFER_HOECHSTENS + 3
    assert f"{TREFFER_HOECHSTENS + 3} Treffer für „FÖRDERVEREIN“" in inhalt
    links = _treffer_links(inhalt)
    assert [text for _href, text in links] == [
        f"Förderverein {i:02d}" for i in range(TREFFER_HOECHSTENS)
    ]
    assert "und 3 weitere Treffer – bitte suchen Sie genauer" in inhalt
    # A link narrows to one actor: the term and the page go, the sorting stays.
    href = links[3][0].replace("&amp;", "&")
    erster = Akteur.objects.get(name="Förderverein 03")
    assert href == f"?sortierung=titel&akteur={erster.pk}"
    eingegrenzt = lesen_client.get(f"{LISTE}{href}")
    assert _titel(eingegrenzt) == ["Maßnahme 03"]
    assert "Gewählt: <strong>Förderverein 03</strong>" in eingegrenzt.content.decode()


def test_ein_treffer(lesen_client, daten):
    inhalt = lesen_client.get(LISTE, {"akteur_suche": "lebenshilfe"}).content.decode()
    assert "Ein Treffer für „lebenshilfe“:" in inhalt
    assert [t for _h, t in _treffer_links(inhalt)] == ["Lebenshilfe Stolberg"]
    assert "weitere Treffer" not in inhalt


def test_unbekannter_begriff_leere_liste_mit_meldung(lesen_client, daten):
    antwort = lesen_client.get(LISTE, {"akteur_suche": "gibt es nicht"})
    assert antwort.status_code == 200
    assert _titel(antwort) == []
    inhalt = antwort.content.decode()
    assert "0 Maßnahmen gefunden" in inhalt
    assert "Keine Treffer für „gibt es nicht“." in inhalt


def test_begriff_ersetzt_die_gewaehlte_id(lesen_client, daten):
    """A term typed into a form that still carries the last choice is a new search."""
    antwort = lesen_client.get(
        LISTE, {"akteur": daten["uebergaenge"].pk, "akteur_suche": "lebenshilfe"}
    )
    assert _titel(antwort) == ["Quartiersbüro"]
    inhalt = antwort.content.decode()
    assert 'name="akteur" value=' not in inhalt
    assert "Gewählt:" not in inhalt


def test_export_und_seiten_behalten_den_begriff(lesen_client):
    akteur = AkteurFactory(name="Caritasverband")
    for i in range(30):
        ProjektbeteiligungFactory(projekt=ProjektskizzeFactory(titel=f"Caritas {i}"), akteur=akteur)
    ProjektskizzeFactory(titel="Fremd")
    inhalt = lesen_client.get(LISTE, {"akteur_suche": "caritas"}).content.decode()
    assert "akteur_suche=caritas&amp;page=2" in inhalt
    assert "export/?akteur_suche=caritas&amp;sortierung=nummer&amp;format=csv" in inhalt
    datei = lesen_client.get(EXPORT, {"format": "csv", "akteur_suche": "CARITAS"})
    zeilen = datei.content.decode("utf-8-sig").strip().splitlines()
    assert len(zeilen) == 31
    assert "Fremd" not in datei.content.decode("utf-8-sig")


@pytest.mark.parametrize(
    "parameter",
    [
        {"akteur_suche": "x" * 60_000},
        {"verantwortlich_suche": "ä" * (SUCHBEGRIFF_MAX_LAENGE + 1)},
        {"akteur_suche": "Stra\x00ße"},
        {"verantwortlich_suche": "\x00"},
        {"akteur_suche": "²"},
        {"akteur_suche": "%_\\'\""},
        {"akteur": "²"},
        {"akteur": "x" * 10_000},
        {"akteur": "9" * 30},
        {"akteur": "-1"},
        {"verantwortlich": "\x00"},
        {"verantwortlich": "999999"},
    ],
)
def test_feindliche_eingaben_kein_serverfehler(lesen_client, daten, parameter):
    antwort = lesen_client.get(LISTE, parameter)
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    ((name, wert),) = parameter.items()
    if name.endswith("_suche") and len(wert) > SUCHBEGRIFF_MAX_LAENGE:
        assert f"höchstens {SUCHBEGRIFF_MAX_LAENGE} Zeichen" in inhalt
    if "\x00" in wert or not name.endswith("_suche"):
        assert antwort.context["filter"].errors[name]
    # The export refuses a filter it cannot apply instead of exporting everything.
    export = lesen_client.get(EXPORT, {"format": "csv", **parameter})
    assert export.status_code < 500
    if antwort.context["filter"].errors:
        assert "Content-Disposition" not in export


def test_viele_akteure_und_personen_keine_optionen(lesen_client, django_assert_num_queries):
    """300 actors and 300 responsible persons: the page lists none of them, and costs the same
    queries as with three."""
    typ = Akteurstyp.objects.create(name="Verein")
    akteure = Akteur.objects.bulk_create(
        Akteur(name=f"Verein Nummer {i:03d}", typ=typ, ebene=Akteur.Ebene.KOMMUNAL)
        for i in range(300)
    )
    personen = [
        UserFactory.build(username=f"massen{i}", first_name="Massen", last_name=f"Person {i:03d}")
        for i in range(300)
    ]
    personen = type(personen[0]).objects.bulk_create(personen)
    # Each person is responsible for one measure (the filter offers only such people).
    projekt = ProjektskizzeFactory(verantwortlich=personen[0])
    ProjektbeteiligungFactory(projekt=projekt, akteur=akteure[0])
    Projektskizze.objects.bulk_create(
        Projektskizze(
            plan=projekt.plan,
            nummer=1_000 + i,
            titel=f"Maßnahme {i}",
            hauptthema=projekt.hauptthema,
            verantwortlich=person,
        )
        for i, person in enumerate(personen[1:])
    )
    # 1 session, 2 user, 3 groups; 4 COUNT, 5 the page; choices: 6 plans, 7 themes, 8 themes
    # again, 9 areas, 10 target groups, 11 UN-BRK articles. No query for actors or persons.
    with django_assert_num_queries(11):
        inhalt = lesen_client.get(LISTE).content.decode()
    assert inhalt.count("<option") < 100
    assert "Verein Nummer" not in inhalt
    assert "Massen" not in inhalt
    # From here on the user and the groups come from the cache (aktionsplan.benutzerspeicher):
    # 1 session, 2 COUNT, 3 the page, 4-9 the choices as above. A term that matches all of
    # them: 10 the matches (at most ten), 11 their COUNT.
    with django_assert_num_queries(11):
        inhalt = lesen_client.get(LISTE, {"akteur_suche": "verein nummer"}).content.decode()
    assert inhalt.count("Verein Nummer") == TREFFER_HOECHSTENS
    assert "und 290 weitere Treffer" in inhalt
    with django_assert_num_queries(11):
        inhalt = lesen_client.get(LISTE, {"verantwortlich_suche": "massen"}).content.decode()
    assert "und 290 weitere Treffer" in inhalt
    # A chosen actor: 10 the form looks it up; nothing else.
    with django_assert_num_queries(10):
        antwort = lesen_client.get(LISTE, {"akteur": akteure[0].pk})
    assert _titel(antwort) == [projekt.titel]


# --- the data source list ------------------------------------------------------------------


def test_datenquellen_nach_akteur(lesen_client):
    quelle = DatenquelleFactory(name="Schwerbehindertenstatistik", akteur__name="Versorgungsämter")
    DatenquelleFactory(name="Arbeitsmarktdaten", akteur__name="Bundesagentur für Arbeit")
    for parameter in ({"akteur_suche": "VERSORGUNGSÄMTER"}, {"akteur": quelle.akteur_id}):
        antwort = lesen_client.get(DATENQUELLEN, parameter)
        assert [q.name for q in antwort.context["seite"]] == ["Schwerbehindertenstatistik"]
    inhalt = lesen_client.get(DATENQUELLEN, {"akteur": quelle.akteur_id}).content.decode()
    assert "Gewählt: <strong>Versorgungsämter</strong>" in inhalt
    assert "<option" not in re.search(r'id="div_id_akteur_suche".*?</div>', inhalt, re.S)[0]
    leer = lesen_client.get(DATENQUELLEN, {"akteur_suche": "x" * 60_000})
    assert leer.status_code == 200


# --- the audit page (Datenpflege) ----------------------------------------------------------


def test_aenderungen_nach_person(datenpflege_client):
    ursula = UserFactory(username="uschi", first_name="Ursula", last_name="Übelhör")
    andere = UserFactory(username="anders", first_name="Anton", last_name="Anders")
    for titel, wer in (("Von Ursula", ursula), ("Von Anton", andere)):
        meilenstein = Meilenstein(
            projekt=ProjektskizzeFactory(), titel=titel, faellig_am=datetime.date(2025, 3, 1)
        )
        meilenstein._history_user = wer
        meilenstein.save()

    def titel(**parameter) -> list[str]:
        antwort = datenpflege_client.get(
            AENDERUNGEN, {"modell": "projekte-meilenstein", **parameter}
        )
        assert antwort.status_code == 200
        return [e.bezeichnung.split(" · ")[-1] for e in antwort.context["seite"].eintraege]

    assert titel(person_suche="ÜBELHÖR") == ["Von Ursula"]
    assert titel(person_suche="ursula übelhör") == ["Von Ursula"]
    assert titel(person=ursula.pk) == ["Von Ursula"]
    assert titel(person_suche="niemand-hat-diesen-namen") == []
    # The matches narrow to one person and start at the newest changes again.
    inhalt = datenpflege_client.get(
        AENDERUNGEN, {"person_suche": "übelhör", "vor": "abc"}
    ).content.decode()
    assert _treffer_links(inhalt) == [(f"?person={ursula.pk}", "Ursula Übelhör")]


@pytest.mark.parametrize(
    "parameter", [{"person_suche": "x" * 60_000}, {"person_suche": "\x00"}, {"person": "²"}]
)
def test_aenderungen_feindliche_eingaben(datenpflege_client, parameter):
    antwort = datenpflege_client.get(AENDERUNGEN, parameter)
    assert antwort.status_code == 200
    assert "Bitte korrigieren Sie die Filter." in antwort.content.decode()
