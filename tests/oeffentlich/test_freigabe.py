"""The "öffentlich" flags (issue 11): a report's and an indicator's own flag, a measure's flag
for its costs and funding. One write path (services), recorded in the history, on the staff
pages (Redaktion) and in the admin; a report stays unchangeable apart from its flag."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aktionsplan.sperre import VeralteterStandError, speichern
from monitoring.services import indikator_freigeben
from projekte import services
from projekte.forms import ProjektskizzeForm, SachstandForm
from tests.factories import IndikatorFactory, ProjektskizzeFactory, SachstandFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sachstand():
    return SachstandFactory(projekt=ProjektskizzeFactory(veroeffentlicht=True))


def test_sachstand_freigeben_mit_verlauf(sachstand, redaktion_user):
    version_der_massnahme = sachstand.projekt.version
    services.sachstand_freigeben(
        sachstand=sachstand,
        benutzer=redaktion_user,
        erwartete_version=sachstand.version,
        oeffentlich=True,
    )
    sachstand.refresh_from_db()
    assert sachstand.oeffentlich
    eintrag = sachstand.history.latest()
    assert eintrag.history_user == redaktion_user
    assert eintrag.history_change_reason == "Sachstand veröffentlicht"
    # The measure counts as changed with it (a form opened before is stale).
    sachstand.projekt.refresh_from_db()
    assert sachstand.projekt.version == version_der_massnahme + 1


def test_sachstand_bleibt_sonst_unveraenderlich(sachstand):
    sachstand.text = "Umgeschrieben"
    sachstand.oeffentlich = True
    for felder in (["text", "oeffentlich"], None):
        with pytest.raises(ValidationError) as fehler:
            speichern(sachstand, benutzer=None, felder=felder)
        assert fehler.value.code == "unveraenderlich"
    sachstand.refresh_from_db()
    assert sachstand.text != "Umgeschrieben"
    assert not sachstand.oeffentlich


def test_veraltete_freigabe_schreibt_nichts(sachstand, redaktion_user):
    with pytest.raises(VeralteterStandError):
        services.sachstand_freigeben(
            sachstand=sachstand,
            benutzer=redaktion_user,
            erwartete_version=sachstand.version + 5,
            oeffentlich=True,
        )
    sachstand.refresh_from_db()
    assert not sachstand.oeffentlich


def test_indikator_freigeben_mit_verlauf(redaktion_user):
    indikator = IndikatorFactory()
    indikator_freigeben(
        indikator=indikator,
        benutzer=redaktion_user,
        erwartete_version=indikator.version,
        oeffentlich=True,
    )
    indikator.refresh_from_db()
    assert indikator.oeffentlich
    assert indikator.history.latest().history_change_reason == "Indikator veröffentlicht"


def test_formulare_tragen_die_flags(sachstand):
    assert "kosten_oeffentlich" in ProjektskizzeForm().fields
    assert "oeffentlich" in SachstandForm(projekt=sachstand.projekt).fields


def test_neuer_sachstand_oeffentlich_ueber_das_formular(redaktion_client, sachstand):
    projekt = sachstand.projekt
    antwort = redaktion_client.post(
        reverse("projekte:sachstand_neu", args=[projekt.pk]),
        {
            "datum": "2026-01-10",
            "status": "in_umsetzung",
            "ampel": "gruen",
            "fortschritt": "50",
            "text": "Gut unterwegs.",
            "oeffentlich": "on",
        },
    )
    assert antwort.status_code == 302
    assert projekt.sachstaende.get(text="Gut unterwegs.").oeffentlich


FREIGABEN = {
    "sachstand": lambda s, i: (reverse("projekte:sachstand_freigeben", args=[s.pk]), s),
    "indikator": lambda s, i: (reverse("monitoring:indikator_freigabe", args=[i.pk]), i),
}


@pytest.mark.parametrize("art", sorted(FREIGABEN))
def test_freigabe_knopf_je_rolle(rollen_client, sachstand, art):
    indikator = IndikatorFactory()
    url, objekt = FREIGABEN[art](sachstand, indikator)
    daten = {"geoeffnete_version": objekt.version, "oeffentlich": "on"}
    assert rollen_client.get(url).status_code in (302, 403, 405)
    antwort = rollen_client.post(url, daten)
    objekt.refresh_from_db()
    if rollen_client.rolle == "anonym":
        assert antwort.status_code == 302
        assert antwort.url.startswith(reverse("login"))
        assert not objekt.oeffentlich
    elif rollen_client.rolle == "lesen":
        assert antwort.status_code == 403
        assert not objekt.oeffentlich
    else:
        assert antwort.status_code == 302
        assert objekt.oeffentlich
        # And back: without the flag it is withdrawn.
        rollen_client.post(url, {"geoeffnete_version": objekt.version})
        objekt.refresh_from_db()
        assert not objekt.oeffentlich


@pytest.mark.parametrize("art", sorted(FREIGABEN))
def test_veralteter_knopf_aendert_nichts(redaktion_client, sachstand, art):
    indikator = IndikatorFactory()
    url, objekt = FREIGABEN[art](sachstand, indikator)
    antwort = redaktion_client.post(
        url, {"geoeffnete_version": objekt.version + 3, "oeffentlich": "on"}, follow=True
    )
    objekt.refresh_from_db()
    assert not objekt.oeffentlich
    assert "inzwischen" in antwort.content.decode()


def test_knoepfe_auf_den_seiten_der_redaktion(redaktion_client, lesen_client, sachstand):
    indikator = IndikatorFactory()
    for url in (sachstand.projekt.get_absolute_url(), indikator.get_absolute_url()):
        assert "Öffentlich zeigen" in redaktion_client.get(url).content.decode()
        assert "Öffentlich zeigen" not in lesen_client.get(url).content.decode()


def test_admin_aktion_und_felder(datenpflege_client, sachstand):
    antwort = datenpflege_client.post(
        reverse("admin:projekte_sachstand_changelist"),
        {"action": "veroeffentlichen", "_selected_action": [sachstand.pk]},
    )
    assert antwort.status_code == 302
    sachstand.refresh_from_db()
    assert sachstand.oeffentlich
    assert sachstand.history.latest().history_user.username == "datenpflege"
    indikator = IndikatorFactory()
    seite = datenpflege_client.get(
        reverse("admin:monitoring_indikator_change", args=[indikator.pk])
    ).content.decode()
    assert 'name="oeffentlich"' in seite
    projekt = sachstand.projekt
    seite = datenpflege_client.get(
        reverse("admin:projekte_projektskizze_change", args=[projekt.pk])
    ).content.decode()
    assert 'name="kosten_oeffentlich"' in seite


def test_superuser_darf_freigeben(client, sachstand):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("projekte:sachstand_freigeben", args=[sachstand.pk])
    assert (
        client.post(url, {"geoeffnete_version": sachstand.version, "oeffentlich": "on"}).status_code
        == 302
    )
