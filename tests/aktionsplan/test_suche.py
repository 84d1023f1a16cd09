"""Search folds case by Unicode rules, alike on SQLite and PostgreSQL (issue 7).

One mechanism (aktionsplan.suche) behind every text search: the lookup "faltet", the staff
lists' Suchfilter and the admin's search. The cases: "übergänge" finds "Übergänge" (SQLite's
LIKE folds ASCII only), "strasse" finds "Straße", Turkish and Polish letters fold both ways.
The siblings are enumerated: every Suchfilter of every FilterSet, every text field of every
ModelAdmin's search_fields.
"""

import unicodedata

import django_filters
import factory
import pytest
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.db.models import CharField, TextField
from django.urls import reverse

from aktionsplan.admin_site import EingabenMixin
from aktionsplan.suche import SUCHBEGRIFF_MAX_LAENGE, Suchfilter, falten
from monitoring.models import Indikator
from tests import factories
from tests.admin.test_admin_seiten import BEISPIELE
from tests.test_eingaben_robust import _eigene_filtersets

pytestmark = pytest.mark.django_db

# (stored text, search term) pairs that must match, both ways round where it makes sense.
TREFFER = [
    ("Übergänge in Arbeit", "übergänge"),
    ("übergänge in Arbeit", "ÜBERGÄNGE"),
    ("Straße ohne Stufen", "strasse"),
    ("STRASSE ohne Stufen", "straße"),
    ("Strasse ohne Stufen", "STRAẞE"),
    ("Ärztehaus Öffnungszeiten", "ärztehaus öffnungszeiten"),
    ("İstanbul Caddesi", "istanbul"),
    ("İSTANBUL", "İstanbul".lower()),  # "i̇stanbul": Python's lower() keeps the dot
    ("ŞİŞLİ Belediyesi", "şişli"),
    ("ÇAĞRI merkezi", "çağrı"),
    # Dotless ı and I fold alike (ı → i), so Turkish words are found however they are typed.
    ("IŞIK", "ışık"),
    ("ılık su", "ILIK"),
    ("Łódź, żółć", "ŁÓDŹ, ŻÓŁĆ"),
    ("ŹDŹBŁO", "źdźbło"),
    ("Ελληνικά", "ΕΛΛΗΝΙΚΆ"),
    # A term typed with combining marks (NFD, as some keyboards send it) finds stored NFC text.
    ("Übergänge", unicodedata.normalize("NFD", "übergänge")),
]
# Terms that must not match: folding is about case, not about dropping accents, and the term is
# text, not a LIKE pattern.
KEINE_TREFFER = [
    ("Übergänge", "ubergange"),
    ("Straße", "strase"),
    ("500 Plätze", "50%"),
    ("Rampe A1", "Rampe_A1"),
]


def test_falten():
    assert falten("ÜBERGÄNGE") == "übergänge"
    assert falten("Straße") == falten("STRASSE") == falten("STRAẞE") == "strasse"
    assert falten("İstanbul") == "istanbul"
    assert falten(unicodedata.normalize("NFD", "Ü")) == "ü"
    assert falten(None) is None


@pytest.mark.parametrize(("gespeichert", "begriff"), TREFFER)
def test_lookup_faltet_findet(gespeichert, begriff):
    indikator = factories.IndikatorFactory(name=f"{gespeichert} (Test)")
    assert list(Indikator.objects.filter(name__faltet=begriff)) == [indikator]


@pytest.mark.parametrize(("gespeichert", "begriff"), KEINE_TREFFER)
def test_lookup_faltet_findet_nicht(gespeichert, begriff):
    factories.IndikatorFactory(name=gespeichert)
    assert not Indikator.objects.filter(name__faltet=begriff).exists()


# --- the staff lists ----------------------------------------------------------------------------

SUCHFILTER = [
    (filterset, name, feld)
    for filterset in _eigene_filtersets()
    for name, filter_ in filterset.base_filters.items()
    if isinstance(filter_, Suchfilter)
    for feld in filter_.felder
]


def _factory_fuer(model):
    for wert in vars(factories).values():
        if (
            isinstance(wert, type)
            and issubclass(wert, factory.django.DjangoModelFactory)
            and wert._meta.model is model
        ):
            return wert
    raise AssertionError(f"Keine Factory für {model._meta.label} in tests/factories.py")


def test_jede_textsuche_der_filtersets_ist_ein_suchfilter():
    """No FilterSet searches text on its own: every CharFilter is a Suchfilter or a choice."""
    for filterset in _eigene_filtersets():
        for name, filter_ in filterset.base_filters.items():
            if type(filter_) is django_filters.CharFilter:
                pytest.fail(f"{filterset.__name__}.{name}: Suchfilter statt CharFilter verwenden")
    assert {f.__name__ for f, _name, _feld in SUCHFILTER} >= {
        "ProjektFilter",
        "AkteurFilter",
        "ErkenntnisFilter",
        "IndikatorFilter",
    }


@pytest.mark.parametrize(
    ("filterset", "name", "feld"),
    SUCHFILTER,
    ids=[f"{f.__name__}.{n}.{feld}" for f, n, feld in SUCHFILTER],
)
def test_jeder_suchfilter_faltet_jedes_feld(filterset, name, feld):
    model = filterset._meta.model
    treffer = _factory_fuer(model)(**{feld: "Straße der Übergänge"})
    _factory_fuer(model)(**{feld: "Anderer Text"})
    for begriff in ("strasse", "ÜBERGÄNGE", " straße der übergänge "):
        gefunden = filterset({name: begriff}, queryset=model.objects.all()).qs
        assert list(gefunden) == [treffer], begriff


@pytest.mark.parametrize(
    ("url", "factory", "felder"),
    [
        ("monitoring:indikator_liste", factories.IndikatorFactory, {"name": "Übergänge in Arbeit"}),
        ("projekte:projekt_liste", factories.ProjektskizzeFactory, {"titel": "Straße ohne Stufen"}),
        ("akteure:akteur_liste", factories.AkteurFactory, {"name": "Łódź Partnerschaft"}),
        ("monitoring:erkenntnis_liste", factories.ErkenntnisFactory, {"titel": "İstanbul Caddesi"}),
    ],
)
@pytest.mark.parametrize("begriff_aus", [str.lower, str.upper])
def test_listen_finden_umlaute_und_eszett(lesen_client, url, factory, felder, begriff_aus):
    (text,) = felder.values()
    factory(**felder)
    factory(**dict.fromkeys(felder, "Etwas ganz anderes"))
    inhalt = lesen_client.get(reverse(url), {"q": begriff_aus(text)}).content.decode()
    assert text in inhalt
    assert "Etwas ganz anderes" not in inhalt


def test_massnahmen_suche_nach_nummer(lesen_client):
    factories.ProjektskizzeFactory(nummer=12, titel="Gefunden")
    factories.ProjektskizzeFactory(nummer=3, titel="Nicht gefunden")
    for begriff in ("12", " 12 "):
        inhalt = lesen_client.get(reverse("projekte:projekt_liste"), {"q": begriff}).content
        assert b"Gefunden" in inhalt
        assert b"Nicht gefunden" not in inhalt
    # "¹²" is not the number 12 (str.isdigit() said it was, and int() failed with a 500).
    antwort = lesen_client.get(reverse("projekte:projekt_liste"), {"q": "¹²"})
    assert antwort.status_code == 200
    assert b"Gefunden" not in antwort.content


@pytest.mark.parametrize(
    "url",
    [
        "projekte:projekt_liste",
        "akteure:akteur_liste",
        "monitoring:indikator_liste",
        "monitoring:erkenntnis_liste",
    ],
)
def test_zu_langer_suchbegriff_ist_eine_meldung(lesen_client, url):
    for begriff in ("a" * (SUCHBEGRIFF_MAX_LAENGE + 1), "ä" * 60_000):
        antwort = lesen_client.get(reverse(url), {"q": begriff})
        assert antwort.status_code == 200
        assert f"höchstens {SUCHBEGRIFF_MAX_LAENGE} Zeichen" in antwort.content.decode()
    assert lesen_client.get(reverse(url), {"q": "a" * SUCHBEGRIFF_MAX_LAENGE}).status_code == 200


def test_massnahmen_export_mit_zu_langem_begriff_exportiert_nichts(lesen_client):
    export = reverse("projekte:projekt_export")
    antwort = lesen_client.get(export, {"format": "csv", "q": "x" * (SUCHBEGRIFF_MAX_LAENGE + 1)})
    assert antwort.status_code == 302
    assert antwort.url.startswith(reverse("projekte:projekt_liste"))
    # Far too long for a redirect (Django refuses redirects over 2048 characters): 400, no file.
    antwort = lesen_client.get(export, {"format": "csv", "q": "x" * 60_000})
    assert antwort.status_code == 400
    assert "Content-Disposition" not in antwort


@pytest.mark.parametrize("url", ["projekte:projekt_liste", "monitoring:indikator_liste"])
def test_nul_im_suchbegriff_ist_eine_meldung(lesen_client, url):
    antwort = lesen_client.get(reverse(url), {"q": "Stra\x00ße"})
    assert antwort.status_code == 200
    assert "Nullzeichen" in antwort.content.decode()


# --- the admin --------------------------------------------------------------------------------


def _text_suchfelder():
    for model, model_admin in admin.site._registry.items():
        for feld in model_admin.search_fields:
            if feld[:1] in "=^@" or "__" in feld:
                continue
            if isinstance(get_fields_from_path(model, feld)[-1], (CharField, TextField)):
                yield model, feld


ADMIN_SUCHFELDER = sorted(_text_suchfelder(), key=lambda p: (p[0]._meta.label, p[1]))


def test_jeder_admin_sucht_faltend():
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, EingabenMixin), model._meta.label
        felder = model_admin.get_search_fields(None)
        for feld in model_admin.search_fields:
            if feld[:1] not in "=^@" and (model, feld) in ADMIN_SUCHFELDER:
                assert f"{feld}__faltet" in felder, (model._meta.label, feld)
    # Django's own admins too.
    assert ("auth.User", "first_name") in {(m._meta.label, f) for m, f in ADMIN_SUCHFELDER}


@pytest.mark.parametrize(
    ("model", "feld"),
    ADMIN_SUCHFELDER,
    ids=[f"{m._meta.label}.{f}" for m, f in ADMIN_SUCHFELDER],
)
def test_admin_suche_faltet_jedes_textfeld(datenpflege_client, model, feld):
    assert model in BEISPIELE, f"{model._meta.label}: Beispielobjekt in BEISPIELE ergänzen"
    obj = BEISPIELE[model]()
    laenge = model._meta.get_field(feld).max_length or 100
    wert, begriffe = (
        ("Straße Übergänge", ["strasse", "ÜBERGÄNGE", "STRASSE übergänge"])
        if laenge >= 16
        else ("Straße", ["STRASSE"])
    )
    model._default_manager.filter(pk=obj.pk).update(**{feld: wert})
    liste = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    aendern = reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
    )
    for begriff in begriffe:
        antwort = datenpflege_client.get(liste, {"q": begriff})
        assert antwort.status_code == 200
        assert aendern in antwort.content.decode(), begriff
    assert aendern not in datenpflege_client.get(liste, {"q": "ubergange"}).content.decode()


def test_admin_zu_langer_begriff_und_nul(datenpflege_client):
    factories.IndikatorFactory(name="Übergänge")
    liste = reverse("admin:monitoring_indikator_changelist")
    antwort = datenpflege_client.get(liste, {"q": "ü" * 60_000})
    assert antwort.status_code == 200
    assert f"höchstens {SUCHBEGRIFF_MAX_LAENGE} Zeichen" in antwort.content.decode()
    assert "Übergänge" not in antwort.content.decode()
    # Django's own search form refuses NUL with a message (PostgreSQL would refuse the query).
    antwort = datenpflege_client.get(liste, {"q": "Über\x00gänge"})
    assert antwort.status_code == 200
    assert "Nullzeichen" in antwort.content.decode()
