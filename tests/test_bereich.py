"""The Kommune scope hook: every page, export, report and the admin read through
``BasisQuerySet.fuer(user)``.

The proof: ``fuer`` is patched to hide one marked row of every model — together they form a second
Kommune with its own Leitbild, plan, measures, actors, indicators and findings. A data steward then
crawls every page of the URL conf (with the pks and slugs of visible and hidden rows), every export
format and every admin changelist, add form and autocomplete. A hidden row's name never appears,
and a hidden row's page answers 404 (the admin sends its change page back to the index).
"""

import datetime
import io
import subprocess
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, converters, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

from akteure.models import Akteur, Akteurstyp, Ansprechperson, Datenquelle
from aktionsplan.models import (
    Beteiligungsformat,
    Fortschreibung,
    Leitbild,
    Plan,
    Raum,
    Thema,
    UNBRKArtikel,
    Zielgruppe,
)
from aktionsplan.querysets import BasisQuerySet
from aufgaben.models import Aufgabe
from monitoring.models import Erkenntnis, Indikator, Messwert
from projekte.models import (
    Ampel,
    Finanzierung,
    Meilenstein,
    Projektbeteiligung,
    Projektskizze,
    Sachstand,
    Status,
)
from tests.factories import (
    AkteurFactory,
    AnsprechpersonFactory,
    AufgabeFactory,
    BeteiligungsformatFactory,
    DatenquelleFactory,
    ErkenntnisFactory,
    FinanzierungFactory,
    FortschreibungFactory,
    IndikatorFactory,
    KommuneFactory,
    MeilensteinFactory,
    MesswertFactory,
    PlanFactory,
    ProjektbeteiligungFactory,
    ProjektskizzeFactory,
    RaumFactory,
    SachstandFactory,
    ThemaFactory,
    ZielgruppeFactory,
)

MARKE = "Verborgenkommune"
# Hidden rows get pks far above the visible ones, so a hidden pk never names a visible row.
ERSTER_VERBORGENER_PK = 900_001
HEUTE = timezone.localdate()
JAHR = HEUTE.year
# password_reset_confirm: its parameters are a user id and a token from an e-mail, no row of a
# scope (tests/querschnitt/test_einrichtung.py).
AUSGENOMMEN = {"logout", "set_language", "password_reset_confirm"}


def _alle_muster(resolver: URLResolver, namespace: str = ""):
    for eintrag in resolver.url_patterns:
        if isinstance(eintrag, URLResolver):
            if eintrag.namespace == "admin":
                continue
            ns = eintrag.namespace or ""
            yield from _alle_muster(eintrag, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(eintrag, URLPattern) and eintrag.name:
            yield f"{namespace}{eintrag.name}", eintrag


MUSTER = {
    name: dict(muster.pattern.converters)
    for name, muster in _alle_muster(get_resolver())
    if name not in AUSGENOMMEN
}


def _sichtbare_welt() -> None:
    """One visible row of every model, linked as the pages expect them."""
    kommune = KommuneFactory(name="Stolberg", slug="stolberg")
    sozialraum = RaumFactory(name="Atsch", slug="atsch", uebergeordnet=kommune)
    thema = ThemaFactory(name="Wohnen", slug="wohnen")
    plan = PlanFactory()
    FortschreibungFactory(plan=plan)
    projekt = ProjektskizzeFactory(plan=plan, hauptthema=thema, titel="Quartiersbüro")
    projekt.raeume.add(sozialraum)
    projekt.zielgruppen.add(ZielgruppeFactory())
    akteur = AkteurFactory(name="Caritas")
    AnsprechpersonFactory(akteur=akteur)
    ProjektbeteiligungFactory(projekt=projekt, akteur=akteur)
    SachstandFactory(projekt=projekt, datum=HEUTE)
    MeilensteinFactory(projekt=projekt, faellig_am=HEUTE - datetime.timedelta(days=3))
    FinanzierungFactory(projekt=projekt)
    indikator = IndikatorFactory(name="Arbeitslose", datenquelle=DatenquelleFactory(akteur=akteur))
    indikator.themen.add(thema)
    indikator.projekte.add(projekt)
    MesswertFactory(indikator=indikator, raum=kommune, jahr=JAHR, wert=Decimal(40))
    MesswertFactory(indikator=indikator, raum=sozialraum, jahr=JAHR, wert=Decimal(12))
    format_ = BeteiligungsformatFactory(plan=plan, datum=HEUTE)
    format_.raeume.add(sozialraum)
    erkenntnis = ErkenntnisFactory(beteiligungsformat=format_, datum=HEUTE, ist_kernaussage=True)
    erkenntnis.themen.add(thema)
    erkenntnis.projekte.add(projekt)
    erkenntnis.raeume.add(sozialraum)
    aufgabe = AufgabeFactory(dateiname="ergebnis.txt")
    aufgabe.datei.save("ergebnis.txt", ContentFile(b"Ergebnis"), save=True)


def _verborgene_kommune() -> list:
    """One hidden row of every model, named with MARKE and linked only to each other."""
    pks = iter(range(ERSTER_VERBORGENER_PK, ERSTER_VERBORGENER_PK + 100))

    def pk() -> dict:
        return {"pk": next(pks)}

    leitbild = Leitbild.objects.create(name=f"{MARKE} Leitbild", **pk())
    thema = ThemaFactory(name=f"{MARKE} Thema", slug="verborgen-thema", leitbild=leitbild, **pk())
    kommune = KommuneFactory(name=f"{MARKE} Kommune", slug="verborgen-kommune", **pk())
    sozialraum = RaumFactory(
        name=f"{MARKE} Viertel", slug="verborgen-viertel", uebergeordnet=kommune, **pk()
    )
    artikel = UNBRKArtikel.objects.create(nummer=50, titel=f"{MARKE} Artikel", **pk())
    zielgruppe = ZielgruppeFactory(name=f"{MARKE} Zielgruppe", **pk())
    plan = PlanFactory(name=f"{MARKE} Plan", kurzname=MARKE, slug="verborgen-plan", **pk())
    fortschreibung = FortschreibungFactory(plan=plan, aenderungen=MARKE, **pk())
    format_ = BeteiligungsformatFactory(titel=f"{MARKE} Format", plan=plan, datum=HEUTE, **pk())
    format_.raeume.add(sozialraum)
    typ = Akteurstyp.objects.create(name=f"{MARKE} Typ", **pk())
    akteur = AkteurFactory(name=f"{MARKE} Akteur", typ=typ, **pk())
    akteur.raeume.add(sozialraum)
    person = AnsprechpersonFactory(name=f"{MARKE} Person", akteur=akteur, **pk())
    quelle = DatenquelleFactory(name=f"{MARKE} Quelle", akteur=akteur, **pk())
    projekt = ProjektskizzeFactory(titel=f"{MARKE} Maßnahme", plan=plan, hauptthema=thema, **pk())
    projekt.raeume.add(sozialraum)
    projekt.zielgruppen.add(zielgruppe)
    projekt.unbrk_artikel.add(artikel)
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
    erledigt = MeilensteinFactory(
        projekt=projekt,
        titel=f"{MARKE} erledigt",
        faellig_am=HEUTE,
        erledigt_am=HEUTE,
        **pk(),
    )
    finanzierung = FinanzierungFactory(projekt=projekt, programm=MARKE, **pk())
    indikator = IndikatorFactory(name=f"{MARKE} Indikator", datenquelle=quelle, **pk())
    indikator.themen.add(thema)
    indikator.projekte.add(projekt)
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
    erkenntnis.raeume.add(sozialraum)
    return [
        leitbild,
        thema,
        kommune,
        sozialraum,
        artikel,
        zielgruppe,
        plan,
        fortschreibung,
        format_,
        typ,
        akteur,
        person,
        quelle,
        projekt,
        beteiligung,
        sachstand,
        meilenstein,
        erledigt,
        finanzierung,
        indikator,
        messwert,
        erkenntnis,
    ]


ALLE_MODELLE = {
    Leitbild,
    Thema,
    Raum,
    UNBRKArtikel,
    Zielgruppe,
    Plan,
    Fortschreibung,
    Beteiligungsformat,
    Akteurstyp,
    Akteur,
    Ansprechperson,
    Datenquelle,
    Projektskizze,
    Projektbeteiligung,
    Sachstand,
    Meilenstein,
    Finanzierung,
    Indikator,
    Messwert,
    Erkenntnis,
}


@pytest.fixture
def welt(db, monkeypatch):
    """Visible rows, and hidden ones that only the patched hook hides."""
    _sichtbare_welt()
    verborgen = _verborgene_kommune()
    assert {type(objekt) for objekt in verborgen} == ALLE_MODELLE
    je_modell: dict[type, set[int]] = {}
    for objekt in verborgen:
        je_modell.setdefault(type(objekt), set()).add(objekt.pk)
    original = BasisQuerySet.fuer

    def fuer(self, nutzer):
        return original(self, nutzer).exclude(pk__in=je_modell.get(self.model, ()))

    monkeypatch.setattr(BasisQuerySet, "fuer", fuer)
    return verborgen


def _text(antwort) -> str:
    """What a reader of the response sees: HTML, CSV, JSON, the cells of an XLSX, a PDF's text."""
    art = antwort.get("Content-Type", "")
    inhalt = b"".join(antwort.streaming_content) if antwort.streaming else antwort.content
    if "spreadsheetml" in art:
        mappe = load_workbook(io.BytesIO(inhalt), read_only=True)
        return " ".join(
            str(zelle)
            for blatt in mappe.worksheets
            for zeile in blatt.iter_rows(values_only=True)
            for zelle in zeile
            if zelle is not None
        )
    if art.startswith("application/pdf"):
        return subprocess.run(
            ["/usr/bin/pdftotext", "-", "-"], input=inhalt, capture_output=True, check=True
        ).stdout.decode()
    return inhalt.decode("utf-8-sig", errors="replace")


def _aufrufe(name: str, konverter: dict, verborgen: list) -> list[tuple[str, bool]]:
    """(URL, names a hidden row) for every way to fill the pattern's parameters."""
    if not konverter:
        urls = [reverse(name)]
        urls += [f"{urls[0]}?format={f}" for f in ("csv", "xlsx")] if "export" in name else []
        return [(url, False) for url in urls]
    werte: list[tuple[dict, bool]] = [({}, False)]
    for schluessel, art in konverter.items():
        if isinstance(art, converters.UUIDConverter):
            # Tasks belong to people, not to a Kommune: every one the data steward may see.
            kandidaten = [(a.pk, False) for a in Aufgabe.objects.all()]
        elif isinstance(art, converters.SlugConverter):
            kandidaten = [(s, False) for s in ("stolberg", "atsch", "wohnen")] + [
                (o.slug, True) for o in verborgen if hasattr(o, "slug")
            ]
        elif schluessel == "jahr":
            kandidaten = [(JAHR, False)]
        else:
            # UN-BRK articles (1–33 from the migration) have no page of their own.
            sichtbar = {
                pk
                for modell in ALLE_MODELLE - {UNBRKArtikel}
                for pk in modell.objects.filter(pk__lt=ERSTER_VERBORGENER_PK).values_list(
                    "pk", flat=True
                )
            }
            kandidaten = [(pk, False) for pk in sorted(sichtbar)]
            kandidaten += [(o.pk, True) for o in verborgen]
        werte = [
            ({**kwargs, schluessel: wert}, alt or neu)
            for kwargs, alt in werte
            for wert, neu in kandidaten
        ]
    aufrufe = []
    for kwargs, versteckt in werte:
        url = reverse(name, kwargs=kwargs)
        aufrufe.append((url, versteckt))
        if "export" in name:
            aufrufe += [(f"{url}?format={f}", versteckt) for f in ("csv", "xlsx")]
    return aufrufe


@pytest.mark.parametrize("name", sorted(MUSTER))
def test_seite_zeigt_nichts_ausserhalb_des_bereichs(datenpflege_client, welt, name):
    for url, versteckt in _aufrufe(name, MUSTER[name], welt):
        antwort = datenpflege_client.get(url)
        if versteckt:
            # A hidden row's page does not exist for this user (405: the view only takes POST).
            assert antwort.status_code in (404, 405), url
            continue
        assert antwort.status_code in (200, 302, 404, 405), url
        assert MARKE not in _text(antwort), url


def test_der_bereich_gilt_auch_fuer_die_kandidaten_der_filter(datenpflege_client, welt):
    """A hidden row offered by URL is not a valid choice: the filter refuses it."""
    thema = next(o for o in welt if isinstance(o, Thema))
    antwort = datenpflege_client.get(reverse("projekte:projekt_liste"), {"thema": thema.pk})
    assert antwort.context["filter"].errors
    assert MARKE not in antwort.content.decode()


@pytest.mark.parametrize(
    "modell",
    sorted((m for m in admin.site._registry if m in ALLE_MODELLE), key=lambda m: m._meta.label),
    ids=lambda modell: modell._meta.label,
)
def test_admin_zeigt_nichts_ausserhalb_des_bereichs(datenpflege_client, welt, modell):
    modell_admin = admin.site._registry[modell]
    meta = modell._meta
    liste = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    for url in (liste, reverse(f"admin:{meta.app_label}_{meta.model_name}_add")):
        antwort = datenpflege_client.get(url)
        assert antwort.status_code == 200, url
        assert MARKE not in antwort.content.decode(), url
    for objekt in (o for o in welt if isinstance(o, modell)):
        aendern = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[objekt.pk])
        # Django's answer to a row get_queryset() does not return: back to the admin index.
        assert datenpflege_client.get(aendern).status_code == 302, aendern
    for feld in modell_admin.autocomplete_fields:
        antwort = datenpflege_client.get(
            reverse("admin:autocomplete"),
            {"app_label": meta.app_label, "model_name": meta.model_name, "field_name": feld},
        )
        assert antwort.status_code == 200, feld
        assert MARKE not in antwort.content.decode(), feld
