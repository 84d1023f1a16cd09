"""Leichte Sprache (issue 11, point 2): the texts on plan, Leitbild, theme and measure (model,
staff form, admin, history), the public twins under /oeffentlich/leicht/ with their switch,
404 rules, caching and query budgets, the explanation page, and the gaps flagged for the
Redaktion (filter, hint, overview tile); the twins of the indicator list, each indicator and
the reports page, with the same protection of small numbers as the standard pages."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from aktionsplan.eingaben import TEXT_MAX
from aktionsplan.models import Leitbild, Plan, Thema
from aktionsplan.zwischenspeicher import datenstand_erhoehen
from monitoring.models import Indikator
from projekte import services
from projekte.models import Projektskizze
from querschnitt.uebersicht import uebersicht_laden
from tests.factories import IndikatorFactory, MesswertFactory, ProjektskizzeFactory, UserFactory
from tests.oeffentlich import test_seiten
from tests.oeffentlich.test_berichte import _beschlossen
from tests.oeffentlich.test_seiten import BUDGET, SEITEN, _viele
from tests.projekte.test_bearbeiten import _formulardaten

pytestmark = pytest.mark.django_db

# The small world of the standard pages' tests (a plan, a theme, a published measure …).
welt = test_seiten.welt

LS_SEITEN = {
    "start": lambda w: reverse("oeffentlich:leicht_start"),
    "plan": lambda w: reverse("oeffentlich:leicht_plan", args=[w["plan"].slug]),
    "thema": lambda w: reverse("oeffentlich:leicht_thema", args=[w["thema"].slug]),
    "massnahme": lambda w: reverse("oeffentlich:leicht_massnahme", args=[w["projekt"].pk]),
    "erklaerung": lambda w: reverse("oeffentlich:leicht_erklaerung"),
    "indikator_liste": lambda w: reverse("oeffentlich:leicht_indikator_liste"),
    "indikator": lambda w: reverse("oeffentlich:leicht_indikator", args=[w["indikator"].pk]),
    "berichte": lambda w: reverse("oeffentlich:leicht_berichte"),
}
# The twins with the same view code as their standard page (and so its budget).
ZWILLINGE = ["start", "plan", "thema", "massnahme", "indikator_liste", "indikator", "berichte"]
# Queries on a cold cache for an anonymous reader, whatever the number of rows. start and plan
# read what their standard page reads (test_seiten.BUDGET). thema: 1 the theme (title, 404),
# 2 the theme with its Leitbild, 3 the published measures, 4 the public indicators' names.
# massnahme: 1 the measure with its plan (title, 404), 2 the measure with state, plan and
# theme, 3 its further themes, 4 its DGS video. erklaerung: none.
LS_BUDGET = {"start": BUDGET["start"], "plan": BUDGET["plan"], "thema": 4, "massnahme": 4}
LS_BUDGET["erklaerung"] = 0
# The indicator list, an indicator and the reports read what their standard page reads.
LS_BUDGET.update({s: BUDGET[s] for s in ("indikator_liste", "indikator", "berichte")})


# --- Content ---------------------------------------------------------------------------------


@pytest.mark.parametrize("modell", [Plan, Leitbild, Thema, Projektskizze])
def test_feld_auf_jedem_modell_mit_grenze(modell):
    feld = modell._meta.get_field("text_leichte_sprache")
    assert feld.blank
    assert str(feld.verbose_name) == "Text in Leichter Sprache"
    # Recorded in the history like every field.
    assert "text_leichte_sprache" in {f.name for f in modell.history.model._meta.get_fields()}


def test_zu_langer_text_wird_abgelehnt(welt):
    projekt = welt["projekt"]
    projekt.text_leichte_sprache = "a" * (TEXT_MAX + 1)
    with pytest.raises(ValidationError) as fehler:
        projekt.full_clean()
    assert "text_leichte_sprache" in fehler.value.message_dict


def test_redaktion_bearbeitet_den_text_lesen_nicht(redaktion_client, lesen_client, redaktion_user):
    projekt = ProjektskizzeFactory()
    url = reverse("projekte:projekt_bearbeiten", args=[projekt.pk])
    assert 'name="text_leichte_sprache"' in redaktion_client.get(url).content.decode()
    text = "Kinder spielen zusammen.\nAlle Kinder können mitmachen."
    assert (
        lesen_client.post(url, _formulardaten(projekt, text_leichte_sprache=text)).status_code
        == 403
    )
    projekt.refresh_from_db()
    assert projekt.text_leichte_sprache == ""
    antwort = redaktion_client.post(url, _formulardaten(projekt, text_leichte_sprache=text))
    assert antwort.status_code == 302
    projekt.refresh_from_db()
    assert projekt.text_leichte_sprache == text
    eintrag = projekt.history.order_by("-history_id").first()
    assert eintrag.history_user == redaktion_user
    assert eintrag.text_leichte_sprache == text


def test_zu_langer_text_im_formular_nichts_geaendert(redaktion_client):
    projekt = ProjektskizzeFactory(text_leichte_sprache="Alt.")
    url = reverse("projekte:projekt_bearbeiten", args=[projekt.pk])
    antwort = redaktion_client.post(
        url, _formulardaten(projekt, text_leichte_sprache="a" * (TEXT_MAX + 1))
    )
    assert antwort.status_code == 200
    assert "zu lang" in antwort.content.decode()
    projekt.refresh_from_db()
    assert projekt.text_leichte_sprache == "Alt."


@pytest.mark.parametrize(
    "admin_name", ["aktionsplan_plan", "aktionsplan_leitbild", "aktionsplan_thema"]
)
def test_datenpflege_im_admin(datenpflege_client, welt, admin_name):
    objekt = {
        "aktionsplan_plan": welt["plan"],
        "aktionsplan_leitbild": welt["plan"].leitbild,
        "aktionsplan_thema": welt["thema"],
    }[admin_name]
    seite = datenpflege_client.get(reverse(f"admin:{admin_name}_change", args=[objekt.pk]))
    assert 'name="text_leichte_sprache"' in seite.content.decode()


# --- Public pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("anzahl", [5, 50])
@pytest.mark.parametrize("seite", sorted(LS_SEITEN))
def test_abfragen_fest(client, django_assert_num_queries, welt, anzahl, seite):
    _viele(welt, anzahl)
    url = LS_SEITEN[seite](welt)
    with django_assert_num_queries(LS_BUDGET[seite]):
        antwort = client.get(url)
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert '<html lang="de">' in html
    assert 'class="leicht-marke">Leichte Sprache<' in html
    with django_assert_num_queries(0):
        wieder = client.get(url)
    assert wieder.content == antwort.content


@pytest.mark.parametrize("seite", sorted(LS_SEITEN))
def test_immer_deutsch(client, welt, seite):
    antwort = client.get(LS_SEITEN[seite](welt), HTTP_ACCEPT_LANGUAGE="en")
    assert antwort["Content-Language"] == "de"
    html = antwort.content.decode()
    assert '<html lang="de">' in html
    assert "Start-Seite" in html


@pytest.mark.parametrize("seite", ZWILLINGE)
def test_schalter_und_alternate_hin_und_zurueck(client, welt, seite):
    standard, leicht = SEITEN[seite](welt), LS_SEITEN[seite](welt)
    html = client.get(standard).content.decode()
    assert f'<link rel="alternate" href="{leicht}" title="Leichte Sprache">' in html
    assert re.search(rf'<a class="kern-link leicht-schalter" href="{leicht}"[^>]*>', html)
    html = client.get(leicht).content.decode()
    assert f'<link rel="alternate" href="{standard}" title="Alltags-Sprache">' in html
    assert f'<a class="kern-link leicht-schalter" href="{standard}">' in html


@pytest.mark.parametrize("seite", ["gebaerdensprache"])
def test_seite_ohne_zwilling_fuehrt_zur_startseite_in_leichter_sprache(client, welt, seite):
    html = client.get(SEITEN[seite](welt)).content.decode()
    assert f'class="kern-link leicht-schalter" href="{reverse("oeffentlich:leicht_start")}"' in html
    assert 'rel="alternate"' not in html


def test_texte_in_leichter_sprache_und_luecken(client, welt):
    projekt, thema, plan = welt["projekt"], welt["thema"], welt["plan"]
    url = LS_SEITEN["massnahme"](welt)
    html = client.get(url).content.decode()
    # No text yet: said plainly, with a link to the standard page.
    assert "Für diese Maßnahme gibt es noch keinen Text in Leichter Sprache." in html
    assert f'href="{SEITEN["massnahme"](welt)}"' in html
    for objekt, text in (
        (projekt, "Auf dem Spiel-Platz spielen alle Kinder."),
        (thema, "Alle Menschen machen mit."),
        (plan, "Das ist der Plan der Stadt."),
        (plan.leitbild, "Das ist uns wichtig."),
    ):
        type(objekt).objects.filter(pk=objekt.pk).update(text_leichte_sprache=text)
    datenstand_erhoehen()
    html = client.get(url).content.decode()
    assert "Auf dem Spiel-Platz spielen alle Kinder." in html
    assert "noch keinen Text in Leichter Sprache" not in html
    assert "Alle Menschen machen mit." in client.get(LS_SEITEN["thema"](welt)).content.decode()
    html = client.get(LS_SEITEN["plan"](welt)).content.decode()
    assert "Das ist der Plan der Stadt." in html
    assert "Das ist uns wichtig." in html
    assert "Das ist uns wichtig." in client.get(LS_SEITEN["start"](welt)).content.decode()


@pytest.mark.parametrize("seite", sorted(LS_SEITEN))
def test_fuss_verweist_auf_die_erklaerung_in_leichter_sprache(client, welt, seite):
    """The footer of every page in Leichte Sprache leads to the statement's part in Leichte
    Sprache (BITV 2.0 § 4), and that anchor exists on the statement; the standard pages lead
    to the statement itself."""
    html = client.get(LS_SEITEN[seite](welt)).content.decode()
    fuss = html[html.index('<footer class="seitenfuss">') :]
    assert 'href="/barrierefreiheit/#leichte-sprache"' in fuss
    erklaerung = client.get(reverse("barrierefreiheit")).content.decode()
    assert 'id="leichte-sprache"' in erklaerung
    standard = client.get(reverse("oeffentlich:start")).content.decode()
    standard_fuss = standard[standard.index('<footer class="seitenfuss">') :]
    assert 'href="/barrierefreiheit/"' in standard_fuss
    assert "#leichte-sprache" not in standard_fuss


def test_dgs_video_der_massnahme_auch_in_leichter_sprache(client, welt):
    """A measure's DGS video stands on its twin in Leichte Sprache too, with its captions and
    text version; without a video the section is absent."""
    from tests.factories import GebaerdenvideoFactory

    adresse = LS_SEITEN["massnahme"](welt)
    assert "Gebärden-Sprache</h2>" not in client.get(adresse).content.decode()
    video = GebaerdenvideoFactory(projekt=welt["projekt"])
    html = client.get(adresse).content.decode()
    assert "Die Maßnahme in Gebärden-Sprache</h2>" in html
    assert f'src="{reverse("oeffentlich:gebaerdenvideo", args=[video.pk])}?v=' in html
    assert reverse("oeffentlich:gebaerdenvideo_untertitel", args=[video.pk]) in html
    assert "Textfassung des Videos" in html
    # The same video as on the standard page.
    standard = client.get(reverse("oeffentlich:massnahme", args=[welt["projekt"].pk]))
    assert f'src="{reverse("oeffentlich:gebaerdenvideo", args=[video.pk])}?v=' in (
        standard.content.decode()
    )


def test_erklaerung_verweist_auf_rueckmeldung_und_barrierefreiheit(client):
    html = client.get(reverse("oeffentlich:leicht_erklaerung")).content.decode()
    assert 'href="/rueckmeldung/"' in html
    assert 'href="/barrierefreiheit/#leichte-sprache"' in html
    assert "So finden Sie sich zurecht" in html
    assert "Gebärden-Sprache" in html


def test_nicht_oeffentlich_ist_404_fuer_jede_rolle(rollen_client, welt):
    intern = ProjektskizzeFactory(plan=welt["plan"], veroeffentlicht=False, titel="Geheim")
    html = Client().get(LS_SEITEN["plan"](welt)).content.decode()
    assert "Geheim" not in html
    for url in (
        reverse("oeffentlich:leicht_massnahme", args=[intern.pk]),
        reverse("oeffentlich:leicht_massnahme", args=[999_999]),
        reverse("oeffentlich:leicht_plan", args=["gibt-es-nicht"]),
        reverse("oeffentlich:leicht_thema", args=["gibt-es-nicht"]),
    ):
        assert rollen_client.get(url).status_code == 404, url


def test_zurueckgezogen_sofort_404(client, welt, redaktion_user):
    projekt = welt["projekt"]
    url = LS_SEITEN["massnahme"](welt)
    assert client.get(url).status_code == 200
    services.projekt_aendern(
        projekt=projekt,
        benutzer=redaktion_user,
        erwartete_version=projekt.version,
        daten={"veroeffentlicht": False},
        m2m={},
    )
    assert client.get(url).status_code == 404
    assert "Inklusive Spielplätze" not in client.get(LS_SEITEN["plan"](welt)).content.decode()


def test_keine_internen_felder(client, welt):
    html = client.get(LS_SEITEN["massnahme"](welt)).content.decode()
    assert "Verborgen" not in html  # the responsible person
    assert "12.345,00" not in html  # costs not marked public
    assert "<script" not in html


# --- Gaps for the Redaktion ------------------------------------------------------------------


def test_filter_fehlt(lesen_client, welt):
    mit = ProjektskizzeFactory(titel="Mit Text", text_leichte_sprache="Ein Text.")
    ohne_intern = ProjektskizzeFactory(titel="Ohne Text intern")
    liste = reverse("projekte:projekt_liste")
    html = lesen_client.get(liste, {"leichte_sprache": "fehlt"}).content.decode()
    assert "Inklusive Spielplätze" in html
    assert ohne_intern.titel in html
    assert mit.titel not in html
    html = lesen_client.get(liste, {"leichte_sprache": "fehlt_oeffentlich"}).content.decode()
    assert "Inklusive Spielplätze" in html
    assert ohne_intern.titel not in html
    assert lesen_client.get(liste, {"leichte_sprache": "quatsch"}).status_code == 200


def test_filter_abfragen_fest(lesen_client, django_assert_max_num_queries):
    ProjektskizzeFactory.create_batch(3)
    url = reverse("projekte:projekt_liste") + "?leichte_sprache=fehlt"
    lesen_client.get(url)
    datenstand_erhoehen()
    with django_assert_max_num_queries(12) as wenige:
        lesen_client.get(url)
    ProjektskizzeFactory.create_batch(30)
    datenstand_erhoehen()
    with django_assert_max_num_queries(len(wenige.captured_queries)):
        assert lesen_client.get(url).status_code == 200


def test_hinweis_auf_der_seite_der_massnahme(redaktion_client, lesen_client, welt):
    projekt = welt["projekt"]
    html = redaktion_client.get(projekt.get_absolute_url()).content.decode()
    assert "Text in Leichter Sprache fehlt" in html
    assert (
        reverse("projekte:projekt_bearbeiten", args=[projekt.pk]) + "#id_text_leichte_sprache"
        in html
    )
    html = lesen_client.get(projekt.get_absolute_url()).content.decode()
    assert "Text in Leichter Sprache fehlt" in html
    assert "#id_text_leichte_sprache" not in html
    Projektskizze.objects.filter(pk=projekt.pk).update(text_leichte_sprache="Ein Text.")
    datenstand_erhoehen()
    html = redaktion_client.get(projekt.get_absolute_url()).content.decode()
    assert "Text in Leichter Sprache fehlt" not in html
    assert reverse("oeffentlich:leicht_massnahme", args=[projekt.pk]) in html


def test_kachel_in_der_uebersicht(lesen_client, welt):
    ProjektskizzeFactory(veroeffentlicht=True, text_leichte_sprache="Ein Text.")
    ProjektskizzeFactory(veroeffentlicht=False)
    assert uebersicht_laden(UserFactory(is_superuser=True)).anzahl_ohne_leichte_sprache == 1
    html = lesen_client.get(reverse("projekte:uebersicht")).content.decode()
    assert 'id="kachel-leichte-sprache"' in html
    assert "?leichte_sprache=fehlt_oeffentlich" in html


# --- Indicators and reports in Leichte Sprache -----------------------------------------------


def test_navigation_fuehrt_zu_den_zwillingen_dgs_und_rueckmeldung(client, welt):
    html = client.get(LS_SEITEN["indikator"](welt)).content.decode()
    navigation = html.split('class="hauptnavigation"', 1)[1].split("</nav>", 1)[0]
    for name in ("leicht_start", "leicht_erklaerung", "leicht_indikator_liste", "leicht_berichte"):
        assert f'href="{reverse(f"oeffentlich:{name}")}"' in navigation, name
    assert f'href="{reverse("oeffentlich:gebaerdensprache")}"' in navigation
    assert f'href="/rueckmeldung/?seite={LS_SEITEN["indikator"](welt)}"' in navigation
    # The footer keeps the DGS page and the feedback form too.
    fuss = html.split('class="seitenfuss"', 1)[1]
    assert reverse("oeffentlich:gebaerdensprache") in fuss
    assert "/rueckmeldung/?seite=" in fuss
    # The list in Leichte Sprache is marked as the current page.
    html = client.get(LS_SEITEN["indikator_liste"](welt)).content.decode()
    assert re.search(r'href="/oeffentlich/leicht/indikatoren/" aria-current="page"', html)


def test_indikator_in_leichter_sprache_erklaert_und_verlinkt(client, welt):
    indikator = welt["indikator"]
    Indikator.objects.filter(pk=indikator.pk).update(
        einheit="Prozent", zielwert=Decimal("60"), zieljahr=2030
    )
    MesswertFactory(indikator=indikator, raum=welt["kommune"], jahr=2023, wert=Decimal("41"))
    MesswertFactory(indikator=indikator, raum=welt["kommune"], jahr=2024, wert=Decimal("45"))
    html = client.get(LS_SEITEN["indikator"](welt)).content.decode()
    assert "Diese Zahl heißt: „Kinder in Regel-Kitas“." in html
    assert "Die Zahl wird so gezählt: <span" in html
    assert ">Prozent</span>" in html
    assert "Im Jahr 2024 war die Zahl:" in html
    assert "Die Stadt will: Die Zahl soll <strong>60</strong> sein." in html
    assert "Das soll im Jahr 2030 so sein." in html
    assert 'data-bewertung="' in html
    # The simple table: newest year first, no chart and no choice of areas.
    assert html.index(">2024</th>") < html.index(">2023</th>")
    assert "<svg" not in html
    assert 'name="raum"' not in html
    # Its measure in Leichte Sprache, and the whole page in standard language.
    assert f'href="{LS_SEITEN["massnahme"](welt)}"' in html
    assert f'href="{SEITEN["indikator"](welt)}"' in html
    liste = client.get(LS_SEITEN["indikator_liste"](welt)).content.decode()
    assert f'href="{LS_SEITEN["indikator"](welt)}"' in liste
    assert f'href="{SEITEN["indikator_liste"](welt)}"' in liste


@pytest.mark.parametrize("seite", ["indikator", "indikator_liste"])
def test_kleine_zahlen_geschuetzt_wie_auf_der_standardseite(client, welt, seite):
    indikator = welt["indikator"]
    MesswertFactory(indikator=indikator, raum=welt["kommune"], jahr=2024, wert=Decimal("2"))
    leicht = client.get(LS_SEITEN[seite](welt)).content.decode()
    standard = client.get(SEITEN[seite](welt)).content.decode()
    for html in (leicht, standard):
        assert "&lt; 3" in html
        assert re.search(r">\s*2\s*<", html) is None
    # The same protected cell as the standard page (one shared include).
    zelle = re.search(r'<abbr [^>]*class="monitoring-geschuetzt">[^<]*</abbr>', standard)
    assert zelle
    assert zelle.group(0) in leicht


def test_indikator_nicht_oeffentlich_ist_404_fuer_jede_rolle(rollen_client, welt):
    intern = IndikatorFactory(oeffentlich=False, name="Interne Zahl")
    assert "Interne Zahl" not in Client().get(LS_SEITEN["indikator_liste"](welt)).content.decode()
    for pk in (intern.pk, 999_999):
        url = reverse("oeffentlich:leicht_indikator", args=[pk])
        assert rollen_client.get(url).status_code == 404, url


def test_indikator_zurueckgezogen_sofort_404(client, welt):
    url = LS_SEITEN["indikator"](welt)
    assert client.get(url).status_code == 200
    Indikator.objects.filter(pk=welt["indikator"].pk).update(oeffentlich=False)
    datenstand_erhoehen()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("seite", ["indikator_liste", "indikator", "berichte"])
def test_neue_seiten_fuer_jede_rolle(rollen_client, welt, seite):
    antwort = rollen_client.get(LS_SEITEN[seite](welt))
    assert antwort.status_code == 200
    assert 'class="leicht-marke">Leichte Sprache<' in antwort.content.decode()


def test_berichte_in_leichter_sprache(client, redaktion_user, django_assert_num_queries):
    url = reverse("oeffentlich:leicht_berichte")
    assert "Es gibt noch keinen Bericht." in client.get(url).content.decode()
    _beschlossen(redaktion_user)
    with django_assert_num_queries(LS_BUDGET["berichte"]):
        html = client.get(url).content.decode()
    assert "Was ist ein Jahres-Bericht?" in html
    assert "Die Berichte sind in Alltags-Sprache." in html
    assert "Die Politiker haben am 20. Mai 2026 abgestimmt." in html
    for format_ in ("html", "pdf"):
        adresse = reverse("oeffentlich:bericht_datei", args=[2025, format_])
        assert f'hreflang="de" href="{adresse}"' in html
        assert client.get(adresse).status_code == 200
    # The start page in Leichte Sprache leads here.
    assert f'href="{url}"' in client.get(reverse("oeffentlich:leicht_start")).content.decode()
