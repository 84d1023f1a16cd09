"""The defects the hostile-input tests found (tests/test_formulare_robust.py), by name: each
the smallest request a person would notice. A module of its own: the robust tests keep their data
set open for the whole module."""

import pytest
from django.test import Client
from django.urls import reverse

from aktionsplan.models import Raum, Zielgruppe
from projekte.models import Projektskizze
from tests import factories as f
from tests.test_eingaben_robust import _Leser
from tests.test_formulare_robust import felder_des_formulars, grunddaten


def _admin_formular(client: Client, adresse: str) -> dict[str, list[str]]:
    """The admin form of a page (its biggest POST form) as the page submits it."""
    leser = _Leser()
    leser.feed(client.get(adresse).content.decode())
    formular = max((f for f in leser.formulare if f.methode == "post"), key=lambda f: len(f.felder))
    return grunddaten(felder_des_formulars(formular), ausfuellen=False)


@pytest.mark.django_db
def test_admin_autocomplete_mit_unsinnigem_wert_zeigt_den_formularfehler(datenpflege_client):
    """Django's autocomplete widget looked a value that is no key up again to show it (a 500)."""
    akteur = f.AkteurFactory(name="Lebenshilfe")
    adresse = reverse("admin:akteure_akteur_change", args=[akteur.pk])
    daten = _admin_formular(datenpflege_client, adresse)
    for wert in ("abc", "\x00", "²", "9" * 30):
        antwort = datenpflege_client.post(adresse, {**daten, "typ": [wert], "raeume": [wert]})
        assert antwort.status_code == 200
        inhalt = antwort.content.decode()
        # "Bitte eine gültige Auswahl treffen", "„²“ ist kein gültiger Wert", "Nullzeichen …"
        assert '<ul class="errorlist" id="id_typ_error">' in inhalt
        assert '<ul class="errorlist" id="id_raeume_error">' in inhalt
    akteur.refresh_from_db()
    assert akteur.version == 1


@pytest.mark.django_db
def test_admin_aktion_mit_unsinniger_auswahl_aendert_nichts_und_sagt_es(datenpflege_client):
    """Django filtered the changelist by the selected "keys" (a ValueError, a 500)."""
    ziel = f.ZielgruppeFactory(name="Ältere")
    liste = reverse("admin:aktionsplan_zielgruppe_changelist")
    for auswahl in (["on"], [str(ziel.pk), "²"], ["9" * 30]):
        antwort = datenpflege_client.post(
            liste, {"action": "delete_selected", "index": "0", "_selected_action": auswahl}
        )
        assert antwort.status_code == 302
        seite = datenpflege_client.get(antwort.url).content.decode()
        assert "Die Auswahl enthält Einträge, die es nicht gibt" in seite
    assert Zielgruppe.objects.filter(pk=ziel.pk).exists()


@pytest.mark.django_db
def test_admin_ebene_eines_raums_mit_unterraeumen_aendern_nennt_den_grund(datenpflege_client):
    """The rule of a child area (its level fits its parent's) named a field that the read-only
    rows of child areas do not show: Django raised a ValueError (a 500)."""
    kommune = f.KommuneFactory(name="Testkommune", slug="testkommune")
    f.RaumFactory(name="Büsbach", slug="buesbach", uebergeordnet=kommune)
    adresse = reverse("admin:aktionsplan_raum_change", args=[kommune.pk])
    daten = _admin_formular(datenpflege_client, adresse)
    antwort = datenpflege_client.post(adresse, {**daten, "ebene": ["region"]})
    assert antwort.status_code == 200
    assert "Ebene: Unter einem Raum der Ebene „Region“ liegt nur: Kommune." in (
        antwort.content.decode()
    )
    kommune.refresh_from_db()
    assert kommune.ebene == Raum.Ebene.KOMMUNE


@pytest.mark.django_db
def test_admin_sachstand_laesst_sich_nicht_wiederherstellen(datenpflege_client):
    """Status reports are history: simple-history only hid the revert button, and a posted revert
    failed in the write path (a 500). Now it is refused like any change of them."""
    sachstand = f.SachstandFactory(text="Begonnen.")
    eintrag = sachstand.history.first()
    adresse = reverse("admin:projekte_sachstand_simple_history", args=[sachstand.pk, eintrag.pk])
    daten = _admin_formular(datenpflege_client, adresse)
    antwort = datenpflege_client.post(adresse, {**daten, "text": ["Anders."]})
    assert antwort.status_code == 403
    assert "Keine Berechtigung" in antwort.content.decode()
    sachstand.refresh_from_db()
    assert sachstand.text == "Begonnen."


@pytest.mark.django_db
def test_zu_grosse_formulardaten_bekommen_eine_deutsche_seite(redaktion_client, settings):
    """More form data than DATA_UPLOAD_MAX_MEMORY_SIZE: Django answered "Bad Request (400)"."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    antwort = redaktion_client.post(reverse("projekte:projekt_neu"), {"titel": "x" * 2000})
    assert antwort.status_code == 400
    inhalt = antwort.content.decode()
    assert "Die gesendeten Angaben sind zu umfangreich (mehr als 1000\xa0Bytes)" in inhalt
    assert "Es wurde nichts gespeichert." in inhalt
    assert not Projektskizze.objects.exists()


@pytest.mark.django_db
def test_zahl_jenseits_der_spalte_in_einer_mehrfachauswahl(redaktion_client):
    """A many-to-many field filters ``pk__in`` with what was sent; on SQLite a number beyond 64
    bits failed there (an OverflowError, a 500). Now it is simply no choice."""
    raum = f.RaumFactory(name="Büsbach")
    assert list(Raum.objects.filter(pk__in=[10**30, -(10**30), raum.pk])) == [raum]
    assert not Raum.objects.filter(pk__in=[10**30]).exists()
    antwort = redaktion_client.post(
        reverse("projekte:projekt_neu"), {"titel": "Neu", "raeume": ["9" * 30]}
    )
    assert antwort.status_code == 200
    assert '<div class="kern-error" id="id_raeume_error">' in antwort.content.decode()
    assert not Projektskizze.objects.exists()
