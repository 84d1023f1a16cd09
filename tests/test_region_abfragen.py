"""Query budgets stay flat as a region grows (issue 12, point 6): the same number of queries per
page for a small and a larger synthetic region, for a reader of the whole region and for a
reader of one Kommune.

The region is built the way the region benchmark builds it (``bench.daten.region``): one
Kommune's rows made with the factories are copied, with their history, into every Kommune of
the region (areas mapped into that Kommune) until each has the asked number of measures, then
every measure gets older reports. Small: 2 Kommunen with 4 measures each; larger: 10 Kommunen
with 20 measures each (about 200 measures, 600 reports). Not timed: only queries are counted.

In a region every request of a person with roles costs one query more than in an installation
with one Kommune: the person's memberships (``aktionsplan.bereich``, read once per request and
kept on the user object). The budgets below name it.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aktionsplan import bereich
from aktionsplan.models import Raum
from aktionsplan.rollen import LESEN
from bench import daten
from monitoring.models import Indikator
from projekte.models import Projektskizze
from tests.factories import (
    AkteurFactory,
    IndikatorFactory,
    KommuneFactory,
    MeilensteinFactory,
    MesswertFactory,
    PlanFactory,
    ProjektskizzeFactory,
    RaumFactory,
    SachstandFactory,
    UserFactory,
)

# Queries per page, the same for both people and both sizes. Every page starts with 1 the
# session, 2 the user, 3 the user's groups (role check), 4 the person's memberships (the one
# query a region costs more than one Kommune); then the page's own work, each query limited to
# the rows the person sees (``.fuer``):
# The list's filter "Kommune" is offered to people for several Kommunen only: 13 its choices.
MEHR_FUER_DIE_REGION = {("region", "liste"): 1}
BUDGET = {
    # 5 themes with EXISTS(active measure), 6 measures grouped by Hauptthema, 7 the indicators'
    # rhythms and latest years, 8 overdue milestones, 9 their count, 10 open measures without a
    # recent report, 11 their count, 12 the latest reports, 13 UN-BRK articles × themes,
    # 14 the reader's own measures (Meine Maßnahmen).
    "uebersicht": 14,
    # 5 COUNT for the paginator, 6 the page of measures with their current state; filter
    # choices: 7 plans, 8 themes, 9 themes (Hauptthema), 10 areas, 11 target groups, 12 articles.
    "liste": 12,
    # 5 the measure (found or 404), 6 it with plan, theme and current state, 7–10 its further
    # themes, target groups, articles and areas, 11 milestones, 12 actors' roles, 13 funding,
    # 14 the funding's sums, 15 reports, 16 indicators, 17 their values, 18 findings, 19–22 the
    # history of the measure, its reports, milestones and actors' roles.
    "detail": 22,
    # 5 COUNT, 6 the page of indicators, 7 their themes, 8 areas, 9 the latest values; filter
    # choices: 10 themes, 11 articles, 12 data sources.
    "indikatoren": 12,
    # 5 the indicator (found or 404), 6 it with its data source, 7 themes, 8 measures, 9 values,
    # 10 their areas, 11 the areas to compare.
    "indikator": 11,
    # 5 COUNT, 6 actor types and 7 areas (filter choices), 8 the page of actors.
    "akteure": 8,
    # 5 COUNT, 6 the plans, 7 their areas.
    "plaene": 7,
}


def _seiten(projekt: Projektskizze, indikator: Indikator) -> dict[str, str]:
    return {
        "uebersicht": "/",
        "liste": "/massnahmen/?status=in_umsetzung&sort=-fortschritt",
        "detail": f"/massnahmen/{projekt.pk}/",
        "indikatoren": "/monitoring/indikatoren/",
        "indikator": f"/monitoring/indikatoren/{indikator.pk}/",
        "akteure": "/akteure/",
        "plaene": "/plaene/",
    }


def _region(kommunen: int, massnahmen_je_kommune: int) -> dict:
    """The template Kommune with two measures, two Sozialräume and an indicator's values, more
    Kommunen with Sozialräume, the two readers; then the synthetic region on top."""
    vorlage = KommuneFactory(name="Vorlage", slug="vorlage", amtlicher_schluessel="05334032")
    raeume = [
        RaumFactory(name=f"Vorlage {i}", slug=f"vorlage-{i}", uebergeordnet=vorlage)
        for i in range(2)
    ]
    plan = PlanFactory(kommune=vorlage)
    indikator = IndikatorFactory(art=Indikator.Art.QUANTITATIV)
    for raum in raeume:
        for jahr in (2023, 2024, 2025):
            MesswertFactory(indikator=indikator, raum=raum, jahr=jahr, wert=Decimal(jahr - 2000))
    AkteurFactory(kommune=vorlage)
    projekte = []
    for i in range(2):
        projekt = ProjektskizzeFactory(plan=plan, titel=f"Maßnahme {i}")
        SachstandFactory(projekt=projekt, datum=datetime.date(2025, 3 + i, 1))
        MeilensteinFactory(projekt=projekt)
        projekte.append(projekt)
    for k in range(1, kommunen):
        kommune = KommuneFactory(
            name=f"Kommune {k}", slug=f"kommune-{k}", amtlicher_schluessel=f"053340{40 + k:02d}"
        )
        for i in range(1 + k % 3):
            RaumFactory(name=f"K{k} {i}", slug=f"k{k}-{i}", uebergeordnet=kommune)
    region_lesen = UserFactory(username="region-lesen", rollen=[LESEN], zustaendig=None)
    vorlage_lesen = UserFactory(username="vorlage-lesen", rollen=[LESEN], zustaendig=[vorlage])
    daten.region(
        massnahmen_je_kommune=massnahmen_je_kommune, sachstaende_je_massnahme=3, messwerte=0
    )
    return {
        "projekt": projekte[0],
        "indikator": indikator,
        "personen": {"region": region_lesen, "vorlage": vorlage_lesen},
    }


def _abfragen(nutzer, pfad: str) -> int:
    client = Client()
    client.force_login(nutzer)
    cache.clear()
    bereich.kommunen_auffrischen()
    with CaptureQueriesContext(connection) as abfragen:
        antwort = client.get(pfad)
    assert antwort.status_code == 200, pfad
    return len(abfragen)


@pytest.mark.parametrize(
    ("kommunen", "massnahmen_je_kommune"), [(2, 4), (10, 20)], ids=["klein", "gross"]
)
def test_abfragen_je_seite_flach_in_der_region(db, kommunen, massnahmen_je_kommune):
    region = _region(kommunen, massnahmen_je_kommune)
    assert Raum.objects.filter(ebene=Raum.Ebene.KOMMUNE).count() == kommunen
    assert Projektskizze.objects.count() >= kommunen * massnahmen_je_kommune * 0.9
    gezaehlt = {
        (wer, seite): _abfragen(nutzer, pfad)
        for wer, nutzer in region["personen"].items()
        for seite, pfad in _seiten(region["projekt"], region["indikator"]).items()
    }
    erwartet = {
        (wer, seite): BUDGET[seite] + MEHR_FUER_DIE_REGION.get((wer, seite), 0)
        for wer, seite in gezaehlt
    }
    assert gezaehlt == erwartet
