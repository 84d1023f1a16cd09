"""The permission matrix of issue 12 (a start): every URL of the URL conf × role × own or other
Kommune, generated from the URL conf as in tests/test_bereich.py, but with the real hook.

The installation has three Kommunen: Stolberg and the test Kommune (the visible world of
tests/test_bereich.py) and a third one whose every owned row is named with MARKE. The person is
responsible for the first two only. Every page (with the pks and slugs of own and other rows),
every export format and every admin changelist, change page and autocomplete is fetched: a row of
the other Kommune answers 404 (the admin sends its change page back to the index) and its name
never appears. Rows shared by the region (indicator, actor type, UN-BRK article …) stay visible.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from akteure.models import Akteur
from aktionsplan import bereich
from aktionsplan.models import Leitbild, Raum
from aktionsplan.rollen import DATENPFLEGE, LESEN, REDAKTION
from aktionsplan.sperre import speichern
from monitoring.models import Indikator
from projekte.models import Ampel, Status
from rueckmeldungen.models import Rueckmeldung
from tests.factories import (
    AkteurFactory,
    AnsprechpersonFactory,
    BerichtsfassungFactory,
    BeteiligungsformatFactory,
    DatenquelleFactory,
    ErkenntnisFactory,
    FinanzierungFactory,
    FortschreibungFactory,
    KommuneFactory,
    MeilensteinFactory,
    MesswertFactory,
    PlanFactory,
    ProjektbeteiligungFactory,
    ProjektskizzeFactory,
    RaumFactory,
    SachstandFactory,
    ThemaFactory,
    UserFactory,
)
from tests.test_bereich import (
    ALLE_MODELLE,
    ERSTER_VERBORGENER_PK,
    HEUTE,
    JAHR,
    MARKE,
    MUSTER,
    _aufrufe,
    _sichtbare_welt,
    _text,
)


def _andere_kommune() -> list:
    """Every owned row of a third Kommune, named with MARKE; shared rows are the visible ones."""
    pks = iter(range(ERSTER_VERBORGENER_PK, ERSTER_VERBORGENER_PK + 100))

    def pk() -> dict:
        return {"pk": next(pks)}

    kommune = KommuneFactory(name=f"{MARKE} Kommune", slug="verborgen-kommune", **pk())
    sozialraum = RaumFactory(
        name=f"{MARKE} Viertel", slug="verborgen-viertel", uebergeordnet=kommune, **pk()
    )
    leitbild = Leitbild.objects.create(name=f"{MARKE} Leitbild", kommune=kommune, **pk())
    thema = ThemaFactory(name=f"{MARKE} Thema", slug="verborgen-thema", leitbild=leitbild, **pk())
    plan = PlanFactory(
        name=f"{MARKE} Plan", kurzname=MARKE, slug="verborgen-plan", kommune=kommune, **pk()
    )
    fortschreibung = FortschreibungFactory(plan=plan, aenderungen=MARKE, **pk())
    format_ = BeteiligungsformatFactory(titel=f"{MARKE} Format", plan=plan, datum=HEUTE, **pk())
    format_.raeume.add(sozialraum)
    akteur = AkteurFactory(name=f"{MARKE} Akteur", kommune=kommune, **pk())
    akteur.raeume.add(sozialraum)
    person = AnsprechpersonFactory(name=f"{MARKE} Person", akteur=akteur, **pk())
    quelle = DatenquelleFactory(name=f"{MARKE} Quelle", akteur=akteur, **pk())
    projekt = ProjektskizzeFactory(titel=f"{MARKE} Maßnahme", plan=plan, hauptthema=thema, **pk())
    projekt.raeume.add(sozialraum)
    beteiligung = ProjektbeteiligungFactory(projekt=projekt, akteur=akteur, aufgabe=MARKE, **pk())
    sachstand = SachstandFactory(
        projekt=projekt,
        datum=HEUTE,
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.KRITISCH,
        text=f"{MARKE} Sachstand",
        **pk(),
    )
    meilenstein = MeilensteinFactory(
        projekt=projekt,
        titel=f"{MARKE} Meilenstein",
        faellig_am=HEUTE - datetime.timedelta(days=10),
        **pk(),
    )
    finanzierung = FinanzierungFactory(projekt=projekt, programm=MARKE, **pk())
    # A value of the other Kommune for the shared indicator of the visible world.
    indikator = Indikator.objects.get(name="Arbeitslose")
    messwert = MesswertFactory(
        indikator=indikator, raum=kommune, jahr=JAHR, wert=Decimal(77), **pk()
    )
    erkenntnis = ErkenntnisFactory(
        titel=f"{MARKE} Erkenntnis",
        text=MARKE,
        beteiligungsformat=format_,
        datum=HEUTE,
        ist_kernaussage=True,
        **pk(),
    )
    erkenntnis.themen.add(thema)
    erkenntnis.projekte.add(projekt)
    bericht = BerichtsfassungFactory(
        jahr=JAHR - 1, stand=HEUTE, kommune=kommune, einleitung=MARKE, **pk()
    )
    # A note on the measure (feedback: QA3 F12) and an account of that Kommune with its
    # membership (the change log: QA3 F10).
    rueckmeldung = speichern(
        Rueckmeldung(
            problem=MARKE,
            seite=MARKE,
            einwilligung=True,
            massnahme=projekt,
            antwort_bis=HEUTE,
            **pk(),
        ),
        benutzer=None,
    )
    UserFactory(username=f"{MARKE}-konto", rollen=[REDAKTION], zustaendig=[kommune], **pk())
    return [
        kommune,
        sozialraum,
        leitbild,
        thema,
        plan,
        fortschreibung,
        format_,
        akteur,
        person,
        quelle,
        projekt,
        beteiligung,
        sachstand,
        meilenstein,
        finanzierung,
        messwert,
        erkenntnis,
        bericht,
        rueckmeldung,
    ]


@pytest.fixture
def welt(db):
    _sichtbare_welt()
    eigene = list(Raum.objects.kommunen())
    fremd = _andere_kommune()
    return eigene, fremd


def _client_fuer(rolle: str, kommunen) -> Client:
    person = UserFactory(
        username=f"zustaendig-{rolle.lower()}",
        rollen=[rolle],
        is_staff=rolle == DATENPFLEGE,
        zustaendig=kommunen,
    )
    client = Client()
    client.force_login(person)
    return client


# A report's file takes two str parameters; crossed with every pk they make too many calls:
# tested on its own below.
SEITEN = sorted(set(MUSTER) - {"monitoring:fassung_datei"})


@pytest.mark.parametrize("rolle", [LESEN, REDAKTION, DATENPFLEGE])
@pytest.mark.parametrize("name", SEITEN)
def test_seite_zeigt_keine_andere_kommune(welt, name, rolle):
    eigene, fremd = welt
    client = _client_fuer(rolle, eigene)
    for url, versteckt in _aufrufe(name, MUSTER[name], fremd):
        antwort = client.get(url)
        if versteckt:
            # Another Kommune's row does not exist for this person (405: the view only POSTs).
            assert antwort.status_code in (403, 404, 405), url
            continue
        assert antwort.status_code in (200, 302, 403, 404, 405), url
        assert MARKE not in _text(antwort), url


@pytest.mark.parametrize(
    "modell",
    sorted((m for m in admin.site._registry if m in ALLE_MODELLE), key=lambda m: m._meta.label),
    ids=lambda modell: modell._meta.label,
)
def test_admin_zeigt_keine_andere_kommune(welt, modell):
    eigene, fremd = welt
    client = _client_fuer(DATENPFLEGE, eigene)
    modell_admin = admin.site._registry[modell]
    meta = modell._meta
    liste = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    hinzufuegen = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
    for url in (liste, hinzufuegen):
        antwort = client.get(url)
        # Rows shared by the region are read-only for one Kommune's staff (bereich.ist_geteilt).
        erwartet = 403 if url == hinzufuegen and bereich.ist_geteilt(modell) else 200
        assert antwort.status_code == erwartet, url
        assert MARKE not in antwort.content.decode(), url
    for objekt in (o for o in fremd if isinstance(o, modell)):
        aendern = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[objekt.pk])
        assert client.get(aendern).status_code == 302, aendern
        verlauf = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[objekt.pk])
        assert MARKE not in client.get(verlauf).content.decode(), verlauf
    for feld in modell_admin.autocomplete_fields:
        antwort = client.get(
            reverse("admin:autocomplete"),
            {"app_label": meta.app_label, "model_name": meta.model_name, "field_name": feld},
        )
        assert antwort.status_code == 200, feld
        assert MARKE not in antwort.content.decode(), feld


def test_regionale_akteure_bleiben_sichtbar(welt):
    eigene, _fremd = welt
    AkteurFactory(name="Versorgungsamt", ebene=Akteur.Ebene.STAEDTEREGION)
    client = _client_fuer(LESEN, eigene)
    assert "Versorgungsamt" in client.get(reverse("akteure:akteur_liste")).content.decode()


def test_bericht_einer_anderen_kommune_hat_keine_dateien(welt):
    eigene, fremd = welt
    client = _client_fuer(LESEN, eigene)
    bericht = fremd[-1]
    for variante in ("intern", "oeffentlich"):
        for format_ in ("html", "pdf", "xlsx"):
            url = reverse(
                "monitoring:fassung_datei",
                kwargs={"pk": bericht.pk, "variante": variante, "format_": format_},
            )
            assert client.get(url).status_code == 404, url
