"""Every autocomplete field of the admin works without JavaScript (QA M6): its ``<select>``
then holds only what is chosen, so a text field inside ``<noscript>`` takes the target's name
(aktionsplan.admin_site, ``__namen``), resolved through the scope hook.

The cases come from the admin registry: every ModelAdmin with a required autocomplete field on
its add page. The form is submitted as a browser without JavaScript would: the fields of an
example object's change page (tests/admin/test_admin_seiten.BEISPIELE), posted to the add page
after the example is gone, with the relation's ``<select>`` left empty and its name typed.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib import admin
from django.db import connection, models
from django.forms.models import model_to_dict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from akteure.models import Akteur
from aktionsplan.admin_site import NAMEN_ENDUNG
from aktionsplan.models import Plan, Raum, Thema
from aktionsplan.rollen import DATENPFLEGE
from projekte.models import Projektskizze
from tests import factories as f
from tests.admin.test_admin_seiten import BEISPIELE
from tests.test_eingaben_robust import _Leser


def _ziele() -> list[tuple[type[models.Model], str]]:
    """Per add page with autocomplete fields: its required ones, or else its first single
    choice (a page whose relations are all optional)."""
    ziele = []
    for modell, modell_admin in admin.site._registry.items():
        felder = [modell._meta.get_field(n) for n in modell_admin.autocomplete_fields]
        pflicht = [feld for feld in felder if not feld.blank]
        einfach = [feld for feld in felder if not feld.many_to_many]
        ziele.extend((modell, feld.name) for feld in pflicht or einfach[:1])
    return sorted(ziele, key=lambda z: (z[0]._meta.label, z[1]))


PFLICHTFELDER = _ziele()
ZIEL_IDS = [f"{m._meta.label}.{n}" for m, n in PFLICHTFELDER]


def test_jede_seite_mit_autocomplete_wird_geprueft():
    seiten = {m for m, a in admin.site._registry.items() if a.autocomplete_fields}
    assert {m for m, _n in PFLICHTFELDER} == seiten
    assert len(PFLICHTFELDER) >= 20


def _alle_autocomplete_felder() -> list[tuple[admin.ModelAdmin, models.Field]]:
    felder = []
    for modell, modell_admin in admin.site._registry.items():
        for besitzer in (modell_admin, *(i(modell, admin.site) for i in modell_admin.inlines)):
            for name in besitzer.autocomplete_fields:
                felder.append((besitzer, besitzer.model._meta.get_field(name)))
    return felder


def _url(modell, seite: str, *args) -> str:
    meta = modell._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{seite}", args=args)


def _formular(client, url: str) -> dict[str, list[str]]:
    """The fields of the page's main form as a browser without JavaScript submits them."""
    leser = _Leser()
    leser.feed(client.get(url).content.decode())
    formular = max((f for f in leser.formulare if f.methode == "post"), key=lambda f: len(f.felder))
    daten: dict[str, list[str]] = {}
    for name, wert, gesendet in formular.felder:
        if gesendet:
            daten.setdefault(name, []).append(wert)
    return daten


def _ohne_beispiel(client, modell, feld: str) -> tuple[dict, models.Model]:
    """The add form filled in with an example's values (from its change page, or from the row
    where that page shows a field read-only) with ``feld`` emptied; the example's target; the
    example removed."""
    if any(isinstance(x, models.FileField) and not x.blank for x in modell._meta.fields):
        pytest.skip(f"{modell._meta.label}: its add form needs a file upload")
    beispiel = BEISPIELE[modell]()
    # An optional relation the example leaves empty gets an example target of its own.
    ziel = getattr(beispiel, feld) or BEISPIELE[modell._meta.get_field(feld).related_model]()
    geaendert = _formular(client, _url(modell, "change", beispiel.pk))
    werte = model_to_dict(beispiel)
    daten = _formular(client, _url(modell, "add"))
    for name in daten:
        if name in geaendert:
            daten[name] = geaendert[name]
        elif werte.get(name) not in (None, "", []):
            wert = werte[name]
            daten[name] = (
                [str(getattr(w, "pk", w)) for w in wert] if isinstance(wert, list) else [str(wert)]
            )
    daten[feld] = [""]
    daten.pop("_continue", None)
    daten.pop("_addanother", None)
    beispiel.delete()
    return daten, ziel


def _art(modell, feld: str):
    ziel = modell._meta.get_field(feld).related_model
    return admin.site._registry[ziel].namensverzeichnis


def _fehler(antwort, feld: str) -> list[str]:
    assert antwort.status_code == 200, antwort.status_code
    form = antwort.context["adminform"].form
    return form.errors.get(feld, [])


@pytest.mark.parametrize(("modell", "feld"), PFLICHTFELDER, ids=ZIEL_IDS)
def test_pflichtbezug_ohne_javascript_per_name(datenpflege_client, modell, feld):
    daten, ziel = _ohne_beispiel(datenpflege_client, modell, feld)
    daten[feld + NAMEN_ENDUNG] = [_art(modell, feld).export(ziel)]
    vorher = modell._default_manager.count()
    antwort = datenpflege_client.post(_url(modell, "add"), daten)
    assert antwort.status_code == 302, (
        antwort.context["adminform"].form.errors if antwort.context else antwort
    )
    assert modell._default_manager.count() == vorher + 1
    neu = modell._default_manager.latest("pk")
    assert getattr(neu, feld) == ziel


@pytest.mark.parametrize(("modell", "feld"), PFLICHTFELDER, ids=ZIEL_IDS)
def test_unbekannter_name_ist_ein_fehler_des_felds(datenpflege_client, modell, feld):
    daten, _ziel = _ohne_beispiel(datenpflege_client, modell, feld)
    daten[feld + NAMEN_ENDUNG] = ["Gibt es nicht 4711"]
    vorher = modell._default_manager.count()
    antwort = datenpflege_client.post(_url(modell, "add"), daten)
    fehler = _fehler(antwort, feld)
    assert any("Gibt es nicht 4711" in m for m in fehler), fehler
    assert modell._default_manager.count() == vorher
    # The typed name is shown again, so that it can be corrected.
    assert 'value="Gibt es nicht 4711"' in antwort.content.decode()


def _gleicher_kurzname(ziel: models.Model, neu: Callable[..., models.Model]) -> str:
    type(ziel)._default_manager.filter(pk=ziel.pk).update(kurzname="Gleich")
    neu(kurzname="Gleich")
    return "Gleich"


def _gleicher_raumname(ziel: Raum) -> str:
    # A name only: "Testkommune" would be the slug of the Kommune too (a key of precedence).
    Raum.objects.filter(pk=ziel.pk).update(name="Mitte")
    return f.RaumFactory(name="Mitte", uebergeordnet=f.RaumFactory()).name


# Per target, a second row that a key of the first names too (the typed text returned). A
# target missing here has only unique keys (name unique by a constraint): never ambiguous.
ZWILLINGE: dict[type[models.Model], Callable[[models.Model], str]] = {
    Akteur: lambda z: _gleicher_kurzname(z, f.AkteurFactory),
    Plan: lambda z: _gleicher_kurzname(z, f.PlanFactory),
    Projektskizze: lambda z: f.ProjektskizzeFactory(titel=z.titel).titel,
    Raum: lambda z: _gleicher_raumname(z),
    Thema: lambda z: f.ThemaFactory(name=z.name, leitbild=f.LeitbildFactory(name="Zweites")).name,
}


@pytest.mark.parametrize(("modell", "feld"), PFLICHTFELDER, ids=ZIEL_IDS)
def test_mehrdeutiger_name_ist_ein_fehler_des_felds(datenpflege_client, modell, feld):
    daten, ziel = _ohne_beispiel(datenpflege_client, modell, feld)
    if type(ziel) not in ZWILLINGE:
        pytest.skip(f"{type(ziel)._meta.label}: its keys are unique, never ambiguous")
    daten[feld + NAMEN_ENDUNG] = [ZWILLINGE[type(ziel)](ziel)]
    vorher = modell._default_manager.count()
    antwort = datenpflege_client.post(_url(modell, "add"), daten)
    fehler = _fehler(antwort, feld)
    assert any("mehrdeutig" in m for m in fehler), fehler
    assert modell._default_manager.count() == vorher


def _in_andere_kommune(ziel: models.Model, andere: Raum) -> bool:
    """Moves ``ziel`` to the Kommune ``andere`` (the last row of its path to a Kommune); False
    for a target shared by the region."""
    pfad = getattr(type(ziel)._default_manager.all(), "kommune_pfad", None)
    if pfad is None:
        return False
    *weg, letztes = pfad.split("__")
    besitzer = ziel
    for schritt in weg:
        besitzer = getattr(besitzer, schritt)
    type(besitzer)._default_manager.filter(pk=besitzer.pk).update(**{letztes: andere})
    return True


@pytest.mark.parametrize(("modell", "feld"), PFLICHTFELDER, ids=ZIEL_IDS)
def test_name_einer_anderen_kommune_ist_unbekannt(db, modell, feld):
    """In a region, a Datenpflege person of one Kommune cannot name another Kommune's row."""
    andere = f.KommuneFactory(name="Andere Kommune", slug="andere")
    person = f.UserFactory(
        username="eine-kommune", rollen=[DATENPFLEGE], is_staff=True, zustaendig=[f.testkommune()]
    )
    client = Client()
    client.force_login(person)
    if client.get(_url(modell, "add")).status_code == 403:
        pytest.skip(f"{modell._meta.label}: shared by the region, added only by its stewards")
    daten, ziel = _ohne_beispiel(client, modell, feld)
    if not _in_andere_kommune(ziel, andere):
        pytest.skip(f"{type(ziel)._meta.label}: not owned by a Kommune")
    name = _art(modell, feld).export(type(ziel)._default_manager.get(pk=ziel.pk))
    daten[feld + NAMEN_ENDUNG] = [name]
    vorher = modell._default_manager.count()
    antwort = client.post(_url(modell, "add"), daten)
    assert _fehler(antwort, feld), "a row of another Kommune was accepted"
    assert modell._default_manager.count() == vorher


def test_jedes_ziel_nennt_seine_namen():
    """Every target of an autocomplete field declares how people name its rows."""
    ohne = {
        feld.related_model._meta.label
        for _besitzer, feld in _alle_autocomplete_felder()
        if getattr(admin.site._registry[feld.related_model], "namensverzeichnis", None) is None
    }
    assert not ohne


def test_feld_ohne_javascript_hat_beschriftung_und_hinweis(datenpflege_client):
    inhalt = datenpflege_client.get(_url(f.AkteurFactory._meta.model, "add")).content.decode()
    assert "<noscript>" in inhalt
    assert '<label for="id_typ__namen">Typ ohne JavaScript: Name eingeben</label>' in inhalt
    assert 'aria-describedby="id_typ__namen_hilfe"' in inhalt
    assert '<textarea name="raeume__namen" id="id_raeume__namen"' in inhalt


# --- changing, many-to-many, query cost ---------------------------------------------------------


def test_aenderung_ersetzt_die_auswahl_durch_den_namen(datenpflege_client):
    person = f.AnsprechpersonFactory()
    neu = f.AkteurFactory(name="Lebenshilfe Aachen", kurzname="Lebenshilfe")
    url = _url(type(person), "change", person.pk)
    daten = _formular(datenpflege_client, url)
    daten["akteur" + NAMEN_ENDUNG] = ["  lebenshilfe "]
    antwort = datenpflege_client.post(url, daten)
    assert antwort.status_code == 302
    person.refresh_from_db()
    assert person.akteur == neu


def test_viele_zu_viele_namen_kommen_zur_auswahl_hinzu(datenpflege_client):
    """Typed names add to what the ``<select multiple>`` still holds; what a person deselects
    there is removed."""
    bleibt, geht = f.RaumFactory(name="Atsch"), f.RaumFactory(name="Dorff")
    f.RaumFactory(name="Büsbach", slug="buesbach")
    f.RaumFactory(name="Vicht-Breinigerberg", slug="vicht-breinigerberg")
    akteur = f.AkteurFactory()
    akteur.raeume.set([bleibt, geht])
    url = _url(Akteur, "change", akteur.pk)
    daten = _formular(datenpflege_client, url)
    assert sorted(daten["raeume"]) == sorted([str(bleibt.pk), str(geht.pk)])
    daten["raeume"] = [str(bleibt.pk)]
    daten["raeume" + NAMEN_ENDUNG] = ["BUESBACH, vicht-breinigerberg\n\nAtsch"]
    antwort = datenpflege_client.post(url, daten)
    assert antwort.status_code == 302
    assert sorted(r.name for r in akteur.raeume.all()) == [
        "Atsch",
        "Büsbach",
        "Vicht-Breinigerberg",
    ]


def test_viele_zu_viele_unbekannte_namen_aendern_nichts(datenpflege_client):
    akteur = f.AkteurFactory()
    raum = f.RaumFactory(name="Atsch")
    url = _url(Akteur, "change", akteur.pk)
    daten = _formular(datenpflege_client, url)
    daten["raeume" + NAMEN_ENDUNG] = ["Atsch\nNirgendwo\nAuch nicht"]
    fehler = _fehler(datenpflege_client.post(url, daten), "raeume")
    assert "„Nirgendwo“ ist kein bekannter Raum." in fehler
    assert "„Auch nicht“ ist kein bekannter Raum." in fehler
    assert not akteur.raeume.exists()
    assert raum.pk  # known names are not stored either


def _typen_und_raeume(n: int) -> None:
    for _ in range(n):
        f.AkteurstypFactory()
        f.RaumFactory()


# The add page of an actor, as for every admin page: session, the group and the user
# permissions; then its own: none for the autocomplete fields, which render only what is chosen,
# with or without JavaScript. Typed names cost one query per field on submit (the scope a
# subquery of it), whatever the number of rows.
ADD_SEITE_ABFRAGEN = 3


@pytest.mark.parametrize("anzahl", [5, 50])
def test_seite_und_namen_kosten_nicht_mehr_mit_den_daten(datenpflege_client, anzahl):
    _typen_und_raeume(anzahl)
    typ = f.AkteurstypFactory(name="Sportverein")
    raum = f.RaumFactory(name="Zweifall")
    url = _url(Akteur, "add")
    daten = _formular(datenpflege_client, url)
    with CaptureQueriesContext(connection) as seite:
        datenpflege_client.get(url)
    assert len(seite) == ADD_SEITE_ABFRAGEN, [q["sql"] for q in seite]

    daten |= {"name": ["Sport"], "ebene": ["kommunal"], "raeume__namen": ["Zweifall"]}
    with CaptureQueriesContext(connection) as absenden:
        antwort = datenpflege_client.post(url, {**daten, "typ__namen": ["Kein Typ"]})
    assert _fehler(antwort, "typ")
    # The folding lookup (aktionsplan.suche): a function of ours on SQLite, LOWER on PostgreSQL.
    marke = "aktionsplan_falten" if connection.vendor == "sqlite" else "LOWER("
    nachschlagen = [q["sql"] for q in absenden if marke in q["sql"]]
    assert len(nachschlagen) == 2, nachschlagen
    antwort = datenpflege_client.post(url, {**daten, "typ__namen": ["Sportverein"]})
    assert antwort.status_code == 302
    akteur = Akteur.objects.get(name="Sport")
    assert (akteur.typ, list(akteur.raeume.all())) == (typ, [raum])
