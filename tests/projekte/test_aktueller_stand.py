"""A measure's current state is stored by the write path that adds reports (issue "Production
readiness": pages read it in the query they already run), and cached aggregates follow every
change."""

from __future__ import annotations

import datetime

from django.urls import reverse

from projekte import services
from projekte.models import Projektskizze, Status
from tests import factories as f


def _bericht(projekt, benutzer, tag: datetime.date, status: str, text: str = "x"):
    return services.sachstand_anlegen(
        projekt=projekt,
        benutzer=benutzer,
        datum=tag,
        status=status,
        ampel="gruen",
        fortschritt=10,
        text=text,
    )


def test_der_neueste_bericht_ist_der_aktuelle_stand(redaktion_user):
    projekt = f.ProjektskizzeFactory()
    assert projekt.aktueller_sachstand is None
    neu = _bericht(projekt, redaktion_user, datetime.date(2025, 5, 1), Status.IN_UMSETZUNG)
    projekt.refresh_from_db()
    assert projekt.aktueller_sachstand == neu
    # A report dated earlier, entered later, does not become the current state …
    _bericht(projekt, redaktion_user, datetime.date(2024, 1, 1), Status.IN_PLANUNG)
    projekt.refresh_from_db()
    assert projekt.aktueller_sachstand == neu
    # … a correction dated later does, and the list shows it in the same query.
    berichtigung = _bericht(projekt, redaktion_user, datetime.date(2025, 6, 1), Status.UMGESETZT)
    zeile = Projektskizze.objects.mit_aktuellem_stand().get(pk=projekt.pk)
    assert zeile.aktueller_sachstand_id == berichtigung.pk
    assert (zeile.aktueller_status, zeile.letzter_sachstand_am) == (
        Status.UMGESETZT,
        datetime.date(2025, 6, 1),
    )


def test_ohne_bericht_gilt_idee(db):
    projekt = f.ProjektskizzeFactory()
    assert Projektskizze.objects.mit_aktuellem_stand().get(pk=projekt.pk).aktueller_status == (
        Status.IDEE
    )


def test_admin_inline_haelt_den_stand_ebenso(datenpflege_client, datenpflege_user):
    projekt = f.ProjektskizzeFactory()
    url = reverse("admin:projekte_projektskizze_change", args=[projekt.pk])
    daten = {
        "plan": projekt.plan_id,
        "nummer": projekt.nummer,
        "titel": projekt.titel,
        "hauptthema": projekt.hauptthema_id,
        "prioritaet": projekt.prioritaet,
        "geoeffnete_version": projekt.version,
        "sachstaende-TOTAL_FORMS": "1",
        "sachstaende-INITIAL_FORMS": "0",
        "sachstaende-0-datum": "2025-03-01",
        "sachstaende-0-status": Status.IN_UMSETZUNG,
        "sachstaende-0-ampel": "gelb",
        "sachstaende-0-fortschritt": "30",
        "sachstaende-0-text": "Im Admin erfasst",
        "sachstaende-0-verfasst_von": datenpflege_user.pk,
    }
    for prefix in ("beteiligungen", "meilensteine", "finanzierungen"):
        daten[f"{prefix}-TOTAL_FORMS"] = "0"
        daten[f"{prefix}-INITIAL_FORMS"] = "0"
    antwort = datenpflege_client.post(url, daten)
    assert antwort.status_code == 302, [
        (i.formset.prefix, i.formset.errors, i.formset.non_form_errors())
        for i in antwort.context["inline_admin_formsets"]
    ]
    zeile = Projektskizze.objects.mit_aktuellem_stand().get(pk=projekt.pk)
    assert (zeile.aktueller_status, zeile.aktuelle_ampel) == (Status.IN_UMSETZUNG, "gelb")


def test_uebersicht_kommt_aus_dem_zwischenspeicher_und_folgt_jeder_aenderung(
    lesen_client, redaktion_user, django_assert_max_num_queries
):
    thema = f.ThemaFactory(name="Wohnen")
    projekt = f.ProjektskizzeFactory(hauptthema=thema)
    url = reverse("projekte:uebersicht")
    erste = lesen_client.get(url)
    assert erste.context["u"].summen_je_status[0][2] == 1  # Idee
    # The second request reads the aggregates from the cache: session and user only.
    with django_assert_max_num_queries(3):
        lesen_client.get(url)
    # A new report changes the data version: the next request computes anew.
    _bericht(projekt, redaktion_user, datetime.date(2025, 5, 1), Status.IN_UMSETZUNG)
    danach = lesen_client.get(url).context["u"]
    je_status = {wert: anzahl for wert, _label, anzahl in danach.summen_je_status}
    assert je_status[Status.IDEE] == 0
    assert je_status[Status.IN_UMSETZUNG] == 1


def test_themen_und_raumseiten_folgen_einer_aenderung(lesen_client, redaktion_user):
    thema = f.ThemaFactory(name="Wohnen")
    projekt = f.ProjektskizzeFactory(hauptthema=thema, titel="Alter Titel")
    url = reverse("aktionsplan:thema_detail", args=[thema.slug])
    assert "Alter Titel" in lesen_client.get(url).content.decode()
    services.projekt_aendern(
        projekt=projekt,
        benutzer=redaktion_user,
        erwartete_version=projekt.version,
        daten={"titel": "Neuer Titel"},
        m2m={},
    )
    inhalt = lesen_client.get(url).content.decode()
    assert "Neuer Titel" in inhalt
    assert "Alter Titel" not in inhalt
