"""The regional views (issue 12, point 2): who sees them, their numbers, small-number
protection across Kommunen, and their fixed number of queries.

The region: a region area "StädteRegion" with three Kommunen below it (Aachen-Land, Baesweiler,
Eschweiler), each with its own Leitbild, themes, plan and measures in known statuses, the
regional indicator "Arbeitslose" (minimum case count 3) with a region total, and a population
indicator for the rates per 1,000 inhabitants.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aktionsplan.models import Leitbild, Raum
from aktionsplan.rollen import DATENPFLEGE, LESEN, REDAKTION
from aktionsplan.zwischenspeicher import datenstand_erhoehen
from aufgaben.models import Aufgabe
from monitoring.models import Berichtsdatei, Berichtsfassung, Indikator
from projekte.models import Status
from tests.factories import (
    BerichtsfassungFactory,
    IndikatorFactory,
    KommuneFactory,
    MesswertFactory,
    PlanFactory,
    ProjektskizzeFactory,
    RaumFactory,
    SachstandFactory,
    ThemaFactory,
    UserFactory,
)

JAHR = 2025
SEITEN = [
    reverse("region:uebersicht"),
    reverse("region:indikatoren"),
    reverse("region:bericht_auswahl"),
    reverse("region:bericht", kwargs={"jahr": JAHR}),
    reverse("region:bericht_html", kwargs={"jahr": JAHR}),
]


def _kommune(name: str, region: Raum, themen: list[str], staende: list[str | None]) -> dict:
    """A Kommune below ``region`` with its Leitbild and ``themen``, a plan, and one measure per
    entry of ``staende`` (a status, None: no report yet = Idee), the i-th under the i-th theme
    (cycling)."""
    slug = name.lower().replace(" ", "-")
    kommune = KommuneFactory(name=name, slug=slug, uebergeordnet=region)
    leitbild = Leitbild.objects.create(name=f"Leitbild {name}", kommune=kommune)
    themen_ = [
        ThemaFactory(name=t, slug=f"{slug}-{i}", leitbild=leitbild, reihenfolge=i)
        for i, t in enumerate(themen)
    ]
    plan = PlanFactory(name=f"Plan {name}", kurzname=name[:8], slug=f"plan-{slug}", kommune=kommune)
    for i, stand in enumerate(staende):
        projekt = ProjektskizzeFactory(
            plan=plan, titel=f"{name} Maßnahme {i}", hauptthema=themen_[i % len(themen_)]
        )
        if stand is not None:
            SachstandFactory(projekt=projekt, status=stand, datum=datetime.date(2026, 1, 5))
    return {"kommune": kommune, "plan": plan, "themen": themen_}


def region_anlegen() -> dict:
    """The region of the module docstring (also used by the browser and HTML tests)."""
    staedteregion = RaumFactory(
        name="StädteRegion", slug="staedteregion", ebene=Raum.Ebene.REGION, uebergeordnet=None
    )
    a = _kommune(
        "Aachen-Land",
        staedteregion,
        ["Wohnen", "Arbeit"],
        [Status.IN_UMSETZUNG, Status.IN_UMSETZUNG, None],
    )
    b = _kommune(
        "Baesweiler", staedteregion, ["Arbeit", "Bildung"], [Status.UMGESETZT, Status.IN_PLANUNG]
    )
    c = _kommune("Eschweiler", staedteregion, ["wohnen "], [Status.VERWORFEN])
    arbeitslose = IndikatorFactory(name="Arbeitslose", mindestfallzahl=3, einheit="Personen")
    einwohner = IndikatorFactory(
        name="Einwohner", ist_einwohnerzahl=True, ist_fallzahl=False, einheit="Personen"
    )
    # Region total 120 = Aachen-Land 2 (small) + Baesweiler 61 + Eschweiler 57.
    for raum, wert, bevoelkerung in (
        (staedteregion, 120, 51000),
        (a["kommune"], 2, 1000),
        (b["kommune"], 61, 20000),
        (c["kommune"], 57, 30000),
    ):
        MesswertFactory(indikator=arbeitslose, raum=raum, jahr=JAHR, wert=Decimal(wert))
        MesswertFactory(indikator=einwohner, raum=raum, jahr=JAHR, wert=Decimal(bevoelkerung))
    return {"region": staedteregion, "a": a, "b": b, "c": c, "arbeitslose": arbeitslose}


@pytest.fixture
def region(db):
    return region_anlegen()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Who sees the pages ------------------------------------------------------------------------


@pytest.mark.parametrize("url", SEITEN)
def test_anonym_wird_zur_anmeldung_geschickt(region, client, url):
    antwort = client.get(url)
    assert antwort.status_code == 302
    assert antwort.url.startswith(reverse("login"))


@pytest.mark.parametrize("rolle", [LESEN, REDAKTION, DATENPFLEGE])
@pytest.mark.parametrize("url", SEITEN)
def test_rollen_mit_einer_kommune_bekommen_403(region, rolle, url):
    person = UserFactory(
        username=f"eine-{rolle}", rollen=[rolle], zustaendig=[region["a"]["kommune"]]
    )
    assert _client(person).get(url).status_code == 403


@pytest.mark.parametrize("rolle", [LESEN, REDAKTION, DATENPFLEGE])
@pytest.mark.parametrize("url", SEITEN)
def test_regionsrolle_sieht_die_seiten(region, rolle, url):
    ganze = UserFactory(username=f"ganz-{rolle}", rollen=[rolle])  # the whole region
    zwei = UserFactory(
        username=f"zwei-{rolle}",
        rollen=[rolle],
        zustaendig=[region["a"]["kommune"], region["b"]["kommune"]],
    )
    for person in (ganze, zwei):
        assert _client(person).get(url).status_code == 200, person.username


@pytest.mark.parametrize("url", SEITEN)
def test_ohne_rolle_403_auch_mit_zustaendigkeit(region, url):
    person = UserFactory(username="ohne-rolle", zustaendig=[])
    assert _client(person).get(url).status_code == 403


@pytest.mark.parametrize("url", SEITEN)
def test_eine_kommune_installation_hat_keine_regionsseiten(db, url):
    PlanFactory()  # the factories' Kommune, the only one
    person = UserFactory(username="allein", rollen=[LESEN])
    client = _client(person)
    assert client.get(url).status_code == 404
    # The navigation is as before: no entry "Region".
    assert 'href="/region/"' not in client.get(reverse("projekte:uebersicht")).content.decode()


def test_navigation_nur_fuer_die_regionsrolle(region):
    regionsleser = _client(UserFactory(username="ganz", rollen=[LESEN]))
    assert 'href="/region/"' in regionsleser.get(reverse("projekte:uebersicht")).content.decode()
    ein = UserFactory(username="eine", rollen=[LESEN], zustaendig=[region["a"]["kommune"]])
    seite = _client(ein).get(reverse("projekte:uebersicht")).content.decode()
    assert 'href="/region/"' not in seite
    # On its own page the entry is the current one.
    seite = regionsleser.get(reverse("region:uebersicht")).content.decode()
    assert 'href="/region/" aria-current="page"' in seite


def test_nur_die_eigenen_kommunen(region):
    zwei = UserFactory(
        username="zwei", rollen=[LESEN], zustaendig=[region["a"]["kommune"], region["b"]["kommune"]]
    )
    client = _client(zwei)
    for url in SEITEN:
        text = client.get(url).content.decode()
        assert "Eschweiler" not in text, url
        assert "Maßnahme" not in text or "Eschweiler Maßnahme" not in text, url
    assert "Aachen-Land" in client.get(SEITEN[0]).content.decode()


# --- Numbers -----------------------------------------------------------------------------------


def test_statusmatrix_zaehlt_je_kommune_und_verlinkt_die_liste(region):
    client = _client(UserFactory(username="ganz", rollen=[LESEN]))
    antwort = client.get(reverse("region:uebersicht"))
    zeilen = {z.kommune.name: z for z in antwort.context["statuszeilen"]}
    assert list(zeilen) == ["Aachen-Land", "Baesweiler", "Eschweiler"]
    status = [s.value for s in Status]

    def anzahl(kommune, wert):
        return zeilen[kommune].zellen[status.index(wert)].anzahl

    assert anzahl("Aachen-Land", Status.IN_UMSETZUNG) == 2
    assert anzahl("Aachen-Land", Status.IDEE) == 1
    assert anzahl("Baesweiler", Status.UMGESETZT) == 1
    assert anzahl("Baesweiler", Status.IN_PLANUNG) == 1
    assert anzahl("Eschweiler", Status.VERWORFEN) == 1
    assert [zeilen[k].gesamt.anzahl for k in zeilen] == [3, 2, 1]
    # A cell's link lists exactly the measures it counts.
    zelle = zeilen["Aachen-Land"].zellen[status.index(Status.IN_UMSETZUNG)]
    liste = client.get(zelle.url)
    assert liste.status_code == 200
    titel = [p.titel for p in liste.context["seite"].object_list]
    assert sorted(titel) == ["Aachen-Land Maßnahme 0", "Aachen-Land Maßnahme 1"]


def test_themenmatrix_gruppiert_nach_namen(region):
    client = _client(UserFactory(username="ganz", rollen=[LESEN]))
    zeilen = client.get(reverse("region:uebersicht")).context["themenzeilen"]
    je_name = {z.name.strip(): [c.anzahl if c else None for c in z.zellen] for z in zeilen}
    # "Wohnen" and "wohnen " are one row; Eschweiler has no "Arbeit", Aachen-Land no "Bildung".
    assert je_name == {"Wohnen": [2, None, 1], "Arbeit": [1, 1, None], "Bildung": [None, 1, None]}
    # Ordered by the smallest position, then by name ("Arbeit" is first in Baesweiler).
    assert [z.name.strip() for z in zeilen] == ["Arbeit", "Wohnen", "Bildung"]
    zelle = zeilen[1].zellen[0]
    liste = client.get(zelle.url)
    assert {p.titel for p in liste.context["seite"].object_list} == {
        "Aachen-Land Maßnahme 0",
        "Aachen-Land Maßnahme 2",
    }


def test_kommunefilter_der_liste_nur_mit_sichtbaren_kommunen(region):
    zwei = UserFactory(
        username="zwei", rollen=[LESEN], zustaendig=[region["a"]["kommune"], region["b"]["kommune"]]
    )
    client = _client(zwei)
    liste = reverse("projekte:projekt_liste")
    auswahl = dict(client.get(liste).context["filter"].form.fields["kommune"].choices)
    assert set(auswahl.values()) >= {"Aachen-Land", "Baesweiler"}
    assert "Eschweiler" not in auswahl.values()
    # Another Kommune's pk is no valid choice: the filter says so and lists nothing of it.
    antwort = client.get(liste, {"kommune": region["c"]["kommune"].pk})
    assert antwort.context["filter"].form.errors
    assert "Eschweiler Maßnahme" not in antwort.content.decode()
    # One Kommune only: no Kommune filter.
    eine = UserFactory(username="eine", rollen=[LESEN], zustaendig=[region["a"]["kommune"]])
    assert "kommune" not in _client(eine).get(liste).context["filter"].form.fields


# --- Indicators and protection -----------------------------------------------------------------


def _vergleich(client, indikator):
    return client.get(reverse("region:indikatoren"), {"indikator": indikator.pk}).context[
        "vergleich"
    ]


def test_indikator_als_quote_je_1000_und_geschuetzt(region):
    client = _client(UserFactory(username="ganz", rollen=[LESEN]))
    vergleich = _vergleich(client, region["arbeitslose"])
    assert vergleich.je_einwohner
    texte = {z.name: z.wert.text for z in vergleich.zeilen}
    # Aachen-Land's 2 is protected, so is its rate; Eschweiler (the smallest further part of
    # 120 = 2 + 61 + 57) is withheld so that 120 − 61 − 57 does not give the 2 back.
    assert texte["Aachen-Land"] == "•"
    assert texte["Eschweiler"] == "•"
    assert texte["Baesweiler"] == "3,05"  # 61 ÷ 20,000 × 1,000
    assert vergleich.region.name == "StädteRegion"
    assert vergleich.region.wert.text == "2,35"  # 120 ÷ 51,000 × 1,000


def test_kleine_zahl_nicht_ableitbar_auch_ohne_die_kommune_zu_sehen(region):
    """A person for Baesweiler and Eschweiler does not see Aachen-Land, but sees the region's
    total: Eschweiler must still be withheld, or 120 − 61 − 57 would give Aachen-Land's 2."""
    zwei = UserFactory(
        username="zwei", rollen=[LESEN], zustaendig=[region["b"]["kommune"], region["c"]["kommune"]]
    )
    client = _client(zwei)
    # Without a population indicator the counts are compared as they are.
    Indikator.objects.filter(ist_einwohnerzahl=True).update(ist_einwohnerzahl=False)
    antwort = client.get(reverse("region:indikatoren"), {"indikator": region["arbeitslose"].pk})
    vergleich = antwort.context["vergleich"]
    texte = {z.name: z.wert.text for z in vergleich.zeilen}
    assert texte == {"Baesweiler": "61", "Eschweiler": "•"}
    assert vergleich.region.wert.text == "120"
    # The page itself (the frame names the installation's own Kommune, as on every page).
    inhalt = antwort.content.decode().split("<h1", 1)[1].split("</main>", 1)[0]
    assert ">57<" not in inhalt
    assert "Aachen-Land" not in inhalt


def test_regionaler_bericht_sammelt_beschlossene_berichte(region):
    beschlossen = BerichtsfassungFactory(
        jahr=JAHR,
        kommune=region["a"]["kommune"],
        status=Berichtsfassung.Status.BESCHLOSSEN,
        gremium="Sozialausschuss",
        beschluss_datum=datetime.date(2026, 3, 1),
    )
    Berichtsdatei.objects.create(
        fassung=beschlossen,
        variante="intern",
        format="pdf",
        inhalt=b"%PDF",
        groesse=4,
        sha256="0" * 64,
    )
    # A draft is no adopted report.
    BerichtsfassungFactory(jahr=JAHR, kommune=region["b"]["kommune"])
    client = _client(UserFactory(username="ganz", rollen=[LESEN]))
    antwort = client.get(reverse("region:bericht", kwargs={"jahr": JAHR}))
    eintraege = {e.kommune.name: e for e in antwort.context["berichte"]}
    assert eintraege["Aachen-Land"].fassung == beschlossen
    assert [d.url for d in eintraege["Aachen-Land"].dateien] == [
        reverse(
            "monitoring:fassung_datei",
            kwargs={"pk": beschlossen.pk, "variante": "intern", "format_": "pdf"},
        )
    ]
    assert eintraege["Baesweiler"].fassung is None
    assert eintraege["Eschweiler"].fassung is None
    inhalt = antwort.content.decode()
    assert inhalt.count("kein beschlossener Jahresbericht für dieses Jahr") == 2
    # The summary is protected as the comparison: Aachen-Land's 2 and Eschweiler withheld.
    zeile = next(z for z in antwort.context["indikatorzeilen"] if z.indikator.name == "Arbeitslose")
    assert [av.text for av in zeile.werte] == ["•", "3,05", "•"]
    # The downloads: an HTML document with absolute links, and the PDF.
    html = client.get(reverse("region:bericht_html", kwargs={"jahr": JAHR}))
    assert html["Content-Disposition"].startswith("attachment")
    assert (
        f"http://testserver/monitoring/jahresbericht/fassungen/{beschlossen.pk}/"
        in html.content.decode()
    )
    assert ">57<" not in html.content.decode()
    # The PDF is built in the task queue (about a minute at scale): GET offers to build it,
    # POST builds it (the tests' queue runs at once), then GET serves it.
    pdf_url = reverse("region:bericht_pdf", kwargs={"jahr": JAHR})
    angebot = client.get(pdf_url)
    assert angebot["Content-Type"].startswith("text/html")
    assert f'<form method="post" action="{pdf_url}">' in angebot.content.decode()
    gestartet = client.post(pdf_url)
    aufgabe = Aufgabe.objects.get()
    assert gestartet.url == aufgabe.get_absolute_url()
    assert aufgabe.status == Aufgabe.Status.FERTIG, aufgabe.fehler
    assert "fertig" in client.get(aufgabe.get_absolute_url()).content.decode()
    pdf = client.get(pdf_url)
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    # The same content again: the person's own done task, the same file, nothing built.
    client.post(pdf_url)
    assert Aufgabe.objects.filter(datei=aufgabe.datei.name).count() == 2
    # Someone of one Kommune never gets that file: the region role is refused.
    eine = _client(
        UserFactory(username="eine", rollen=[LESEN], zustaendig=[region["a"]["kommune"]])
    )
    assert eine.get(pdf_url).status_code == 403
    auswahl = client.get(reverse("region:bericht_auswahl")).content.decode()
    assert reverse("region:bericht", kwargs={"jahr": JAHR}) in auswahl


# --- Fixed number of queries -------------------------------------------------------------------


def _region_mit(anzahl_kommunen: int, anzahl_massnahmen: int) -> None:
    staedteregion = RaumFactory(
        name="Region", slug="region", ebene=Raum.Ebene.REGION, uebergeordnet=None
    )
    indikator = IndikatorFactory(name="Arbeitslose", mindestfallzahl=3)
    IndikatorFactory(name="Einwohner", ist_einwohnerzahl=True, ist_fallzahl=False)
    kommunen = []
    for i in range(anzahl_kommunen):
        staende = [Status.IN_UMSETZUNG] * (anzahl_massnahmen // anzahl_kommunen + 1)
        k = _kommune(f"Kommune {i}", staedteregion, ["Wohnen", "Arbeit"], staende)
        MesswertFactory(indikator=indikator, raum=k["kommune"], jahr=JAHR, wert=Decimal(10 + i))
        kommunen.append(k)
    BerichtsfassungFactory(
        jahr=JAHR,
        kommune=kommunen[0]["kommune"],
        status=Berichtsfassung.Status.BESCHLOSSEN,
        gremium="Rat",
        beschluss_datum=datetime.date(2026, 3, 1),
    )
    return indikator


def _abfragen(client, url, daten=None, *, gespeichert: bool = False) -> int:
    """The queries of a view of ``url`` once the frame and the Kommunen are cached: computed
    (the first view after a change of data), or with ``gespeichert`` from the stored part."""
    client.get(url, daten)  # warm: the frame and the cached Kommunen
    if not gespeichert:
        datenstand_erhoehen()  # as any change does: the stored part is stale
    with CaptureQueriesContext(connection) as abfragen:
        assert client.get(url, daten).status_code == 200
    return len(abfragen)


@pytest.mark.parametrize(
    ("name", "erwartet"),
    [
        # session (user, groups and memberships are cached), Kommunen, status counts, themes
        # with their counts
        ("region:uebersicht", 4),
        # session, Kommunen, the chosen indicator, the population indicator, the latest years,
        # the complete groups, the population groups, the choices of the form
        ("region:indikatoren", 8),
        # session, Kommunen, adopted reports, their files' names, status counts, population
        # indicator, the indicators' groups of the year, population groups
        ("region:bericht", 8),
    ],
)
@pytest.mark.parametrize(("kommunen", "massnahmen"), [(2, 5), (10, 50)])
def test_abfragen_fest(db, name, erwartet, kommunen, massnahmen):
    indikator = _region_mit(kommunen, massnahmen)
    client = _client(UserFactory(username="ganz", rollen=[LESEN]))
    kwargs = {"jahr": JAHR} if name == "region:bericht" else {}
    daten = {"indikator": indikator.pk} if name == "region:indikatoren" else None
    assert _abfragen(client, reverse(name, kwargs=kwargs), daten) == erwartet
    if name != "region:uebersicht":
        # Stored per data version and reader: a repeated view reads the session only.
        assert _abfragen(client, reverse(name, kwargs=kwargs), daten, gespeichert=True) == 1


def test_regionsrolle(region):
    from django.contrib.auth.models import AnonymousUser

    from aktionsplan.bereich import regionsrolle

    a, b = region["a"]["kommune"], region["b"]["kommune"]
    assert regionsrolle(UserFactory(username="admin", is_superuser=True))
    assert regionsrolle(UserFactory(username="ganz", rollen=[DATENPFLEGE]))
    assert regionsrolle(UserFactory(username="zwei", rollen=[REDAKTION], zustaendig=[a, b]))
    assert not regionsrolle(UserFactory(username="eine", rollen=[REDAKTION], zustaendig=[a]))
    assert not regionsrolle(UserFactory(username="ohne-rolle", zustaendig=[a, b]))
    assert not regionsrolle(AnonymousUser())
    assert not regionsrolle(None)
