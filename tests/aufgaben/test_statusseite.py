"""A task's status page, its file and the task list: who sees what, what each state shows, and a
fixed number of queries whatever the size of the result."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from aufgaben.models import Aufgabe
from tests.factories import AufgabeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _detail(aufgabe) -> str:
    return reverse("aufgaben:detail", kwargs={"pk": aufgabe.pk})


def _datei(aufgabe) -> str:
    return reverse("aufgaben:datei", kwargs={"pk": aufgabe.pk})


def _mit_datei(**kwargs) -> Aufgabe:
    aufgabe = AufgabeFactory(dateiname="jahresbericht-2025.xlsx", **kwargs)
    aufgabe.datei.save("jahresbericht-2025.xlsx", ContentFile(b"PK-inhalt"), save=True)
    return aufgabe


def _importaufgabe(benutzer, anzahl: int, *, fehler_in=(), art=Aufgabe.Art.IMPORT_PRUEFEN):
    """A done check of ``anzahl`` rows, as aktionsplan.hintergrundimport stores it."""
    zeilen = [
        {
            "nummer": n + 2,
            "status": "fehler" if n in fehler_in else "neu",
            "status_text": "Fehler" if n in fehler_in else "neu",
            "zellen": ["Schwerbehinderte Menschen", "2024", f"Raum {n}", str(100 + n)],
            "fehler": [f"Zeile {n + 2}, Spalte „Wert“: „x“ ist keine Zahl."]
            if n in fehler_in
            else [],
            "hinweise": [],
        }
        for n in range(anzahl)
    ]
    return AufgabeFactory(
        art=art,
        gestartet_von=benutzer,
        zeilen=anzahl,
        herkunft_url=reverse("monitoring:messwert_import"),
        ergebnis={
            "datenart": "monitoring.messwert",
            "pruefsumme": "a" * 64,
            "fingerabdruck": "b" * 64,
            "fehlerfrei": not fehler_in,
            "gespeichert": False,
            "veraltet": False,
            "ignoriert": [],
            "fehlerzahl": len(fehler_in),
            "kopf": ["Indikator", "Jahr", "Raum", "Wert"],
            "zeilen": zeilen,
            "anzahl": {"neu": anzahl - len(fehler_in), "fehler": len(fehler_in)},
            "text": "",
        },
    )


# --- who may see a task ------------------------------------------------------------------------


@pytest.mark.parametrize("seite", ["detail", "datei", "liste"])
def test_anonym_wird_zur_anmeldung_geschickt(anonym_client, seite):
    aufgabe = _mit_datei()
    url = (
        reverse("aufgaben:liste")
        if seite == "liste"
        else (_detail if seite == "detail" else _datei)(aufgabe)
    )
    antwort = anonym_client.get(url)
    assert antwort.status_code == 302
    assert antwort.url.startswith(reverse("login"))


@pytest.mark.parametrize("seite", [_detail, _datei])
def test_ohne_rolle_403_auch_fuer_die_eigene_aufgabe(client, seite):
    person = UserFactory(username="ohne-rolle")
    client.force_login(person)
    assert client.get(seite(_mit_datei(gestartet_von=person))).status_code == 403


@pytest.mark.parametrize(
    ("rolle", "fremde_sichtbar"),
    [("lesen", False), ("redaktion", False), ("datenpflege", True)],
)
def test_eigene_aufgaben_sehen_alle_rollen_fremde_nur_die_datenpflege(
    request, rolle, fremde_sichtbar
):
    client = request.getfixturevalue(f"{rolle}_client")
    person = request.getfixturevalue(f"{rolle}_user")
    eigene = _mit_datei(gestartet_von=person, titel="Meine Aufgabe")
    fremde = _mit_datei(titel="Aufgabe einer Kollegin")
    zeitgesteuert = AufgabeFactory(
        art=Aufgabe.Art.ERINNERUNG, gestartet_von=None, titel="Erinnerung an Anna"
    )

    assert client.get(_detail(eigene)).status_code == 200
    download = client.get(_datei(eigene))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"PK-inhalt"
    assert download["Content-Disposition"] == 'attachment; filename="jahresbericht-2025.xlsx"'

    erwartet = 200 if fremde_sichtbar else 404
    assert client.get(_detail(fremde)).status_code == erwartet
    assert client.get(_datei(fremde)).status_code == erwartet
    assert client.get(_detail(zeitgesteuert)).status_code == erwartet

    liste = client.get(reverse("aufgaben:liste")).content.decode()
    assert "Meine Aufgabe" in liste
    assert ("Aufgabe einer Kollegin" in liste) is fremde_sichtbar
    assert ("Erinnerung an Anna" in liste) is fremde_sichtbar


def test_unbekannte_aufgabe_404(lesen_client):
    url = reverse("aufgaben:detail", kwargs={"pk": "00000000-0000-4000-8000-000000000000"})
    assert lesen_client.get(url).status_code == 404


def test_post_nicht_erlaubt(lesen_client, lesen_user):
    aufgabe = _mit_datei(gestartet_von=lesen_user)
    assert lesen_client.post(_detail(aufgabe)).status_code == 405
    assert lesen_client.post(_datei(aufgabe)).status_code == 405


def test_dateien_liegen_nicht_unter_einer_oeffentlichen_adresse(datenpflege_client, settings):
    aufgabe = _mit_datei()
    assert aufgabe.datei.path.startswith(str(settings.MEDIA_ROOT))
    for url in (f"/media/{aufgabe.datei.name}", f"/{aufgabe.datei.name}"):
        assert datenpflege_client.get(url).status_code == 404


def test_datei_erst_wenn_fertig(lesen_client, lesen_user):
    aufgabe = AufgabeFactory(gestartet_von=lesen_user, status=Aufgabe.Status.LAEUFT)
    aufgabe.datei.save("halb.xlsx", ContentFile(b"PK"), save=True)
    assert lesen_client.get(_datei(aufgabe)).status_code == 404
    fertig = _mit_datei(gestartet_von=lesen_user)
    fertig.datei.delete(save=False)  # cleaned up meanwhile
    assert lesen_client.get(_datei(fertig)).status_code == 404


# --- what each state shows ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "text"),
    [("wartet", "in der Warteschlange"), ("laeuft", "läuft")],
)
def test_offene_aufgabe_hat_einen_knopf_zum_neu_laden(lesen_client, lesen_user, status, text):
    aufgabe = AufgabeFactory(gestartet_von=lesen_user, status=status)
    inhalt = lesen_client.get(_detail(aufgabe)).content.decode()
    assert text in inhalt
    assert f'<a class="kern-btn kern-btn--primary" href="{_detail(aufgabe)}">' in inhalt
    assert "Stand neu laden" in inhalt
    assert 'http-equiv="refresh"' not in inhalt
    assert "herunterladen" not in inhalt


def test_fertige_aufgabe_zeigt_den_download(lesen_client, lesen_user):
    aufgabe = _mit_datei(gestartet_von=lesen_user, zeilen=26)
    inhalt = lesen_client.get(_detail(aufgabe)).content.decode()
    assert "Stand neu laden" not in inhalt
    assert f'href="{_datei(aufgabe)}"' in inhalt
    assert "jahresbericht-2025.xlsx herunterladen" in inhalt
    assert "26" in inhalt


def test_fehlgeschlagene_aufgabe_zeigt_den_fehler(lesen_client, datenpflege_client, lesen_user):
    aufgabe = AufgabeFactory(
        gestartet_von=lesen_user,
        status=Aufgabe.Status.FEHLGESCHLAGEN,
        fehler="Die Datei ist leer.",
        fehler_technisch="aufgaben.services.AufgabeFehler: Die Datei ist leer.",
    )
    inhalt = lesen_client.get(_detail(aufgabe)).content.decode()
    assert "fehlgeschlagen" in inhalt
    assert "Die Datei ist leer." in inhalt
    assert "AufgabeFehler" not in inhalt
    assert "AufgabeFehler" in datenpflege_client.get(_detail(aufgabe)).content.decode()


def test_importvorschau_mit_bestaetigung_nur_fuer_die_person_selbst(
    redaktion_client, redaktion_user, datenpflege_client
):
    aufgabe = _importaufgabe(redaktion_user, 3)
    inhalt = redaktion_client.get(_detail(aufgabe)).content.decode()
    assert "Alle Zeilen sind gültig: 3 neu" in inhalt
    assert f'action="{reverse("monitoring:messwert_import")}"' in inhalt
    assert f'value="{aufgabe.pk}"' in inhalt
    fremd = datenpflege_client.get(_detail(aufgabe)).content.decode()
    assert "Alle Zeilen sind gültig: 3 neu" in fremd
    assert "Import bestätigen und speichern" not in fremd


def test_importvorschau_blaettert_und_zeigt_nur_fehler(redaktion_client, redaktion_user):
    aufgabe = _importaufgabe(redaktion_user, 250, fehler_in={5, 180})
    erste = redaktion_client.get(_detail(aufgabe)).content.decode()
    assert "2 Zeilen sind fehlerhaft" in erste
    assert "Import bestätigen und speichern" not in erste
    assert "Raum 99<" in erste
    assert "Raum 100<" not in erste
    assert "Seite 1 von 3" in erste
    nur_fehler = redaktion_client.get(_detail(aufgabe), {"nur": "fehler"}).content.decode()
    assert "Zeile 7, Spalte „Wert“" in nur_fehler
    assert "Zeile 182, Spalte „Wert“" in nur_fehler
    assert "Raum 6<" not in nur_fehler
    assert "Seite 1 von" not in nur_fehler


# --- queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("anzahl", [5, 2000])
@pytest.mark.parametrize("rolle", ["redaktion", "datenpflege"])
def test_abfragen_statusseite(request, django_assert_num_queries, rolle, anzahl):
    client = request.getfixturevalue(f"{rolle}_client")
    aufgabe = _importaufgabe(request.getfixturevalue(f"{rolle}_user"), anzahl)
    # 1 session, 2 user, 3 groups (role check), 4 the user's own permissions and 5 those of
    # their groups (may they see every task?), 6 the task with the person who started it.
    with django_assert_num_queries(6):
        antwort = client.get(_detail(aufgabe))
    assert antwort.status_code == 200


@pytest.mark.parametrize("anzahl", [5, 30])
def test_abfragen_liste(datenpflege_client, datenpflege_user, django_assert_num_queries, anzahl):
    for _i in range(anzahl):
        AufgabeFactory()
    # 1 session, 2 user, 3 groups, 4–5 permissions, 6 count, 7 the page's tasks with their
    # persons.
    with django_assert_num_queries(7):
        antwort = datenpflege_client.get(reverse("aufgaben:liste"))
    assert antwort.status_code == 200
    assert len(antwort.context["aufgaben"]) == min(anzahl, 25)
