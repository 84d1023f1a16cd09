"""One write path: the staff pages, the admin and the services refuse the same bad input with the
same sentence, and the admin keeps the lock and the history like the staff pages (issue "One
write path"). Each rule is driven through every path that can reach it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aktionsplan.models import Plan
from aktionsplan.sperre import VeralteterStandError, speichern
from monitoring.models import Erkenntnis, Messwert
from projekte import services
from projekte.models import Projektbeteiligung, Sachstand
from tests import factories as f

ANTEIL = "Ein Anteil in Prozent liegt zwischen 0 und 100."
FALLZAHL = "Eine Fallzahl kann nicht negativ sein."


def _admin(modell, aktion: str, *args) -> str:
    return reverse(f"admin:{modell._meta.app_label}_{modell._meta.model_name}_{aktion}", args=args)


@pytest.fixture
def anteil():
    return f.IndikatorFactory(
        name="Anteil barrierefrei ausgebauter Bushaltestellen", einheit="%", ist_fallzahl=False
    )


@pytest.fixture
def fallzahl():
    return f.IndikatorFactory(name="Arbeitslose Menschen mit Schwerbehinderung", ist_fallzahl=True)


@pytest.mark.parametrize(
    ("indikator_fixture", "wert", "meldung"),
    [("anteil", "150", ANTEIL), ("anteil", "-1", ANTEIL), ("fallzahl", "-3", FALLZAHL)],
)
def test_unplausibler_wert_auf_jedem_weg_mit_derselben_meldung(
    request,
    redaktion_client,
    datenpflege_client,
    datenpflege_user,
    indikator_fixture,
    wert,
    meldung,
):
    indikator = request.getfixturevalue(indikator_fixture)
    raum = f.RaumFactory()
    # Staff page.
    antwort = redaktion_client.post(
        reverse("monitoring:messwert_neu", args=[indikator.pk]),
        {"jahr": 2024, "raum": raum.pk, "wert": wert},
    )
    assert antwort.status_code == 200
    assert meldung in antwort.content.decode()
    # Admin add form.
    antwort = datenpflege_client.post(
        _admin(Messwert, "add"),
        {"indikator": indikator.pk, "jahr": 2024, "raum": raum.pk, "wert": wert},
    )
    assert antwort.status_code == 200
    assert meldung in antwort.content.decode()
    # The service every other path (imports, commands, the demo) writes through.
    with pytest.raises(ValidationError) as fehler:
        speichern(
            Messwert(indikator=indikator, jahr=2024, raum=raum, wert=Decimal(wert)),
            benutzer=datenpflege_user,
        )
    assert meldung in fehler.value.messages
    assert not Messwert.objects.exists()


def test_admin_aenderung_eines_anteils_auf_250_wird_abgelehnt(datenpflege_client, anteil):
    mw = f.MesswertFactory(indikator=anteil, wert=Decimal(45))
    antwort = datenpflege_client.post(
        _admin(Messwert, "change", mw.pk),
        {
            "indikator": anteil.pk,
            "jahr": mw.jahr,
            "raum": mw.raum_id,
            "wert": "250",
            "geoeffnete_version": mw.version,
        },
    )
    assert antwort.status_code == 200
    assert ANTEIL in antwort.content.decode()
    mw.refresh_from_db()
    assert mw.wert == Decimal(45)


def test_zielwert_eines_anteils_ist_ebenso_begrenzt(datenpflege_user, anteil):
    anteil.zielwert = Decimal(120)
    with pytest.raises(ValidationError) as fehler:
        speichern(anteil, benutzer=datenpflege_user, erwartete_version=anteil.version)
    assert ANTEIL in fehler.value.messages


def test_veralteter_admin_wert_ueberschreibt_die_111_der_redaktion_nicht(
    redaktion_client, datenpflege_client, fallzahl
):
    mw = f.MesswertFactory(indikator=fallzahl, wert=Decimal(40))
    # The steward opens the admin change form …
    formular = datenpflege_client.get(_admin(Messwert, "change", mw.pk))
    geoeffnet = formular.context["adminform"].form.initial["geoeffnete_version"]
    # … an editor saves 111 on the staff page …
    antwort = redaktion_client.post(
        reverse("monitoring:messwert_bearbeiten", args=[mw.pk]),
        {"jahr": mw.jahr, "raum": mw.raum_id, "wert": "111", "geoeffnete_version": mw.version},
    )
    assert antwort.status_code == 302
    # … and the steward saves the older form with 4: refused, 409, the input kept.
    antwort = datenpflege_client.post(
        _admin(Messwert, "change", mw.pk),
        {
            "indikator": fallzahl.pk,
            "jahr": mw.jahr,
            "raum": mw.raum_id,
            "wert": "4",
            "geoeffnete_version": geoeffnet,
        },
    )
    assert antwort.status_code == 409
    inhalt = antwort.content.decode()
    assert "Wert: 40,00 → 111,00" in inhalt
    assert 'value="4"' in inhalt
    mw.refresh_from_db()
    assert mw.wert == Decimal(111)


def test_veralteter_erkenntnistext_wird_auch_im_admin_abgelehnt(
    redaktion_client, datenpflege_client, redaktion_user
):
    erkenntnis = f.ErkenntnisFactory(titel="Rampe", text="alt")
    geoeffnet = erkenntnis.version
    erkenntnis.text = "Fassung der Redaktion"
    speichern(erkenntnis, benutzer=redaktion_user, erwartete_version=geoeffnet)
    antwort = datenpflege_client.post(
        _admin(Erkenntnis, "change", erkenntnis.pk),
        {
            "titel": "Rampe",
            "text": "Fassung im Admin",
            "datum": erkenntnis.datum.isoformat(),
            "quelle": erkenntnis.quelle,
            "geoeffnete_version": geoeffnet,
        },
    )
    assert antwort.status_code == 409
    assert "Erkenntnis: alt → Fassung der Redaktion" in antwort.content.decode()
    erkenntnis.refresh_from_db()
    assert erkenntnis.text == "Fassung der Redaktion"


def test_zweiter_federfuehrender_akteur_auf_jedem_weg(
    redaktion_client, datenpflege_client, redaktion_user
):
    meldung = "Die Maßnahme hat schon einen federführenden Akteur."
    projekt = f.ProjektskizzeFactory()
    f.ProjektbeteiligungFactory(projekt=projekt, rolle=Projektbeteiligung.Rolle.FEDERFUEHREND)
    zweiter = f.AkteurFactory()
    antwort = redaktion_client.post(
        reverse("projekte:beteiligung_neu", args=[projekt.pk]),
        {"akteur": zweiter.pk, "rolle": "federfuehrend", "aufgabe": ""},
    )
    assert meldung in antwort.content.decode()
    antwort = datenpflege_client.post(
        _admin(Projektbeteiligung, "add"),
        {"projekt": projekt.pk, "akteur": zweiter.pk, "rolle": "federfuehrend", "aufgabe": ""},
    )
    inhalt = antwort.content.decode()
    assert meldung in inhalt
    assert "ein_federfuehrender_akteur_je_projekt" not in inhalt
    with pytest.raises(ValidationError) as fehler:
        services.beteiligung_anlegen(
            projekt=projekt, benutzer=redaktion_user, akteur=zweiter, rolle="federfuehrend"
        )
    assert meldung in fehler.value.messages
    assert projekt.beteiligungen.count() == 1


def test_ende_vor_beginn_sagt_ueberall_denselben_satz(datenpflege_client):
    plan = f.PlanFactory()
    antwort = datenpflege_client.post(
        _admin(Plan, "change", plan.pk),
        {
            "name": plan.name,
            "kurzname": plan.kurzname,
            "slug": plan.slug,
            "art": plan.art,
            "kommune": plan.kommune_id,
            "beginn": "2024-01-01",
            "ende": "2020-01-01",
            "geoeffnete_version": plan.version,
            "fortschreibungen-TOTAL_FORMS": "0",
            "fortschreibungen-INITIAL_FORMS": "0",
        },
    )
    inhalt = antwort.content.decode()
    assert "Das Ende liegt vor dem Beginn." in inhalt
    assert "plan_ende_nicht_vor_beginn" not in inhalt


def test_teilnehmende_mit_behinderung_hoechstens_alle_auch_im_admin(datenpflege_client):
    antwort = datenpflege_client.post(
        reverse("admin:aktionsplan_beteiligungsformat_add"),
        {
            "titel": "Begegnungstag",
            "art": "begegnungstag",
            "datum": "2025-06-14",
            "teilnehmende": "10",
            "teilnehmende_mit_behinderung": "12",
        },
    )
    assert (
        "Es können nicht mehr Teilnehmende mit Behinderung als Teilnehmende insgesamt sein."
        in antwort.content.decode()
    )


def test_sachstaende_sind_auf_jedem_weg_unveraenderlich(datenpflege_client, datenpflege_user):
    sachstand = f.SachstandFactory(text="So war es")
    # The admin shows a report read-only and refuses a change or a deletion.
    url = _admin(Sachstand, "change", sachstand.pk)
    assert datenpflege_client.get(url).status_code == 200
    antwort = datenpflege_client.post(url, {"text": "Umgeschrieben"})
    assert antwort.status_code == 403
    assert datenpflege_client.post(_admin(Sachstand, "delete", sachstand.pk)).status_code == 403
    sachstand.text = "Umgeschrieben"
    with pytest.raises(ValidationError):
        speichern(sachstand, benutzer=datenpflege_user, erwartete_version=sachstand.version)
    sachstand.refresh_from_db()
    assert sachstand.text == "So war es"
    # A correction is a new report that names the corrected one, and raises the measure's version.
    projekt = sachstand.projekt
    version = projekt.version
    berichtigung = services.sachstand_anlegen(
        projekt=projekt,
        benutzer=datenpflege_user,
        datum=datetime.date(2025, 1, 1),
        status="in_umsetzung",
        ampel="gruen",
        fortschritt=20,
        text="Richtig ist …",
        berichtigt=sachstand,
    )
    assert berichtigung.berichtigt == sachstand
    projekt.refresh_from_db()
    assert projekt.version == version + 1


def test_admin_aenderung_einer_massnahme_mit_themen_steht_im_verlauf(
    datenpflege_client, datenpflege_user
):
    projekt = f.ProjektskizzeFactory(titel="Alt")
    thema = f.ThemaFactory(name="Vielfalt und Zusammenhalt")
    url = _admin(projekt.__class__, "change", projekt.pk)
    daten = {
        "plan": projekt.plan_id,
        "nummer": projekt.nummer,
        "titel": "Neu",
        "hauptthema": projekt.hauptthema_id,
        "weitere_themen": [thema.pk],
        "prioritaet": projekt.prioritaet,
        "geoeffnete_version": projekt.version,
    }
    for prefix in ("beteiligungen", "meilensteine", "sachstaende", "finanzierungen"):
        daten[f"{prefix}-TOTAL_FORMS"] = "0"
        daten[f"{prefix}-INITIAL_FORMS"] = "0"
    antwort = datenpflege_client.post(url, daten)
    assert antwort.status_code == 302, antwort.context["adminform"].form.errors
    neueste = projekt.history.latest()
    assert neueste.history_user == datenpflege_user
    # One history row for the whole save, with the many-to-many relation in it.
    assert list(neueste.weitere_themen.values_list("thema_id", flat=True)) == [thema.pk]
    vorher = neueste.prev_record
    delta = neueste.diff_against(vorher)
    assert set(delta.changed_fields) >= {"titel", "weitere_themen"}


def test_gleichzeitige_doppelte_speicherung_verliert_nichts(datenpflege_user, fallzahl):
    mw = f.MesswertFactory(indikator=fallzahl, wert=Decimal(10))
    erste = Messwert.objects.get(pk=mw.pk)
    zweite = Messwert.objects.get(pk=mw.pk)
    erste.wert = Decimal(11)
    speichern(erste, benutzer=datenpflege_user, erwartete_version=1)
    zweite.wert = Decimal(12)
    with pytest.raises(VeralteterStandError) as fehler:
        speichern(zweite, benutzer=datenpflege_user, erwartete_version=1)
    assert fehler.value.veraltet.version == 2
    mw.refresh_from_db()
    assert mw.wert == Decimal(11)


def _admin_daten_messwert(mw, **aenderungen) -> dict:
    daten = {
        "indikator": mw.indikator_id,
        "jahr": mw.jahr,
        "raum": mw.raum_id,
        "wert": str(mw.wert),
        "quellenhinweis": mw.quellenhinweis,
        "geoeffnete_version": mw.version,
    }
    daten.update(aenderungen)
    return daten


def test_unveraendertes_speichern_im_admin_aendert_nichts(datenpflege_client, fallzahl):
    mw = f.MesswertFactory(indikator=fallzahl, wert=Decimal(31))
    eintraege = mw.history.count()
    antwort = datenpflege_client.post(_admin(Messwert, "change", mw.pk), _admin_daten_messwert(mw))
    assert antwort.status_code == 302
    mw.refresh_from_db()
    assert mw.version == 1
    assert mw.history.count() == eintraege


def test_unveraenderte_inline_zeilen_zaehlen_nicht_als_aenderung(datenpflege_client):
    projekt = f.ProjektskizzeFactory(titel="Alt")
    meilenstein = f.MeilensteinFactory(projekt=projekt, titel="Gutachten")
    daten = {
        "plan": projekt.plan_id,
        "nummer": projekt.nummer,
        "titel": "Neu",
        "hauptthema": projekt.hauptthema_id,
        "prioritaet": projekt.prioritaet,
        "geoeffnete_version": projekt.version,
        "meilensteine-TOTAL_FORMS": "1",
        "meilensteine-INITIAL_FORMS": "1",
        "meilensteine-0-id": meilenstein.pk,
        "meilensteine-0-projekt": projekt.pk,
        "meilensteine-0-titel": "Gutachten",
        "meilensteine-0-faellig_am": meilenstein.faellig_am.isoformat(),
        "meilensteine-0-geoeffnete_version": meilenstein.version,
    }
    for prefix in ("beteiligungen", "sachstaende", "finanzierungen"):
        daten[f"{prefix}-TOTAL_FORMS"] = "0"
        daten[f"{prefix}-INITIAL_FORMS"] = "0"
    antwort = datenpflege_client.post(_admin(projekt.__class__, "change", projekt.pk), daten)
    assert antwort.status_code == 302, antwort.context["adminform"].form.errors
    meilenstein.refresh_from_db()
    assert meilenstein.version == 1
    assert meilenstein.history.count() == 1


def test_loeschbestaetigung_nach_einer_aenderung_wird_abgelehnt(
    datenpflege_client, datenpflege_user, fallzahl
):
    mw = f.MesswertFactory(indikator=fallzahl, wert=Decimal(27))
    url = _admin(Messwert, "delete", mw.pk)
    bestaetigung = datenpflege_client.get(url).content.decode()
    assert f'name="geoeffnete_version" value="{mw.version}"' in bestaetigung
    gezeigt = mw.version
    mw.quellenhinweis = "Lieferung korrigiert"
    speichern(mw, benutzer=datenpflege_user, erwartete_version=gezeigt)
    antwort = datenpflege_client.post(url, {"post": "yes", "geoeffnete_version": gezeigt})
    assert antwort.status_code == 409
    assert "Quellenhinweis: – → Lieferung korrigiert" in antwort.content.decode()
    assert Messwert.objects.filter(pk=mw.pk).exists()
    # Confirming again, with the version now shown, deletes.
    antwort = datenpflege_client.post(url, {"post": "yes", "geoeffnete_version": gezeigt + 1})
    assert antwort.status_code == 302
    assert not Messwert.objects.filter(pk=mw.pk).exists()


def test_inline_zeile_inzwischen_geloescht_wird_benannt(datenpflege_client, datenpflege_user):
    from akteure.models import Akteur, Ansprechperson

    person = f.AnsprechpersonFactory(funktion="alt")
    akteur = person.akteur
    daten = {
        "name": akteur.name,
        "typ": akteur.typ_id,
        "ebene": akteur.ebene,
        "aktiv": "on",
        "geoeffnete_version": akteur.version,
        "ansprechpersonen-TOTAL_FORMS": "1",
        "ansprechpersonen-INITIAL_FORMS": "1",
        "ansprechpersonen-0-id": person.pk,
        "ansprechpersonen-0-akteur": akteur.pk,
        "ansprechpersonen-0-name": person.name,
        "ansprechpersonen-0-funktion": "Meine Eingabe",
        "ansprechpersonen-0-rechtsgrundlage": person.rechtsgrundlage,
        "ansprechpersonen-0-bestaetigt_am": person.bestaetigt_am.isoformat(),
        "ansprechpersonen-0-geoeffnete_version": person.version,
        "datenquellen-TOTAL_FORMS": "0",
        "datenquellen-INITIAL_FORMS": "0",
    }
    loeschen_ = Ansprechperson.objects.get(pk=person.pk)
    from aktionsplan.sperre import loeschen

    loeschen(loeschen_, benutzer=datenpflege_user)
    antwort = datenpflege_client.post(_admin(Akteur, "change", akteur.pk), daten)
    assert antwort.status_code == 409
    assert "gelöscht" in antwort.content.decode()
    assert datenpflege_user.get_full_name() in antwort.content.decode()


def test_admin_verlauf_liest_sich_deutsch_ohne_none(datenpflege_client, datenpflege_user):
    projekt = f.ProjektskizzeFactory()
    raum = f.RaumFactory(name="Testraum Straße")
    services.projekt_aendern(
        projekt=projekt,
        benutzer=datenpflege_user,
        erwartete_version=projekt.version,
        daten={},
        m2m={"raeume": [raum]},
    )
    services.projekt_aendern(
        projekt=projekt,
        benutzer=datenpflege_user,
        erwartete_version=projekt.version,
        daten={},
        m2m={"raeume": []},
    )
    from aktionsplan.sperre import loeschen

    loeschen(raum, benutzer=datenpflege_user)
    inhalt = datenpflege_client.get(_admin(projekt.__class__, "history", projekt.pk)).content
    inhalt = inhalt.decode()
    assert "(gelöscht)" in inhalt
    assert "Deleted" not in inhalt
    assert ">None<" not in inhalt
    assert "Änderungen" in inhalt
    # The measure's own history names the many-to-many change in words.
    detail = datenpflege_client.get(projekt.get_absolute_url()).content.decode()
    assert "Räume: – → Testraum Straße" in detail


def test_name_eines_messwerts_verraet_nie_die_zahl(db, fallzahl):
    # A value no year, area name or indicator name of the factories can contain.
    mw = f.MesswertFactory(indikator=fallzahl, wert=Decimal("98765"))
    assert "98765" not in str(mw)
    assert "98.765" not in str(mw)
    assert str(Messwert.objects.select_related("raum").get(pk=mw.pk)).endswith(mw.raum.name)


def test_admin_zaehlt_keine_facetten(datenpflege_client, django_assert_max_num_queries):
    """``?_facets=True`` on a changelist costs no COUNT per filter option (15 s for the values'
    list at 100× the demo): every admin of our models shows its filters without facet counts."""
    from django.contrib import admin as django_admin

    from aktionsplan.admin_basis import VersioniertAdminMixin

    unsere = [
        model_admin
        for model_admin in django_admin.site._registry.values()
        if isinstance(model_admin, VersioniertAdminMixin)
    ]
    assert len(unsere) >= 20  # the admin site is ours (DatenpflegeAdminSite)
    for model_admin in unsere:
        assert model_admin.show_facets == django_admin.ShowFacets.NEVER, model_admin
    f.MesswertFactory()
    ohne = datenpflege_client.get("/admin/monitoring/messwert/")
    with django_assert_max_num_queries(len(ohne.context["cl"].filter_specs) + 12):
        mit = datenpflege_client.get("/admin/monitoring/messwert/", {"_facets": "True"})
    assert mit.status_code == 200
    assert not mit.context["cl"].add_facets
