"""The admin is the data stewards' tool: every page answers them and nobody else.

The page tests are parametrised over admin.site._registry, so a newly registered model is
covered as soon as it is registered (its change page needs an entry in BEISPIELE).
"""

import datetime
import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Model
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from akteure.models import Akteur, Akteurstyp, Ansprechperson, Datenquelle, bestaetigung_stichtag
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
from monitoring.models import (
    Berichtsfassung,
    Bewertergruppe,
    Bewertungsstufe,
    Einschaetzung,
    Erkenntnis,
    Indikator,
    Messwert,
)
from oeffentlich.models import Gebaerdenvideo
from projekte import services
from projekte.models import (
    Finanzierung,
    Meilenstein,
    Projektbeteiligung,
    Projektskizze,
    Sachstand,
    Status,
)
from tests import factories as f

User = get_user_model()

# One example object per registered model, for its change page.
BEISPIELE: dict[type[Model], Callable[[], Model]] = {
    Leitbild: f.LeitbildFactory,
    Thema: f.ThemaFactory,
    Raum: f.RaumFactory,
    UNBRKArtikel: f.UNBRKArtikelFactory,
    Zielgruppe: f.ZielgruppeFactory,
    Plan: f.PlanFactory,
    Fortschreibung: f.FortschreibungFactory,
    Beteiligungsformat: f.BeteiligungsformatFactory,
    Projektskizze: f.ProjektskizzeFactory,
    Projektbeteiligung: f.ProjektbeteiligungFactory,
    Sachstand: f.SachstandFactory,
    Meilenstein: f.MeilensteinFactory,
    Finanzierung: f.FinanzierungFactory,
    Akteurstyp: f.AkteurstypFactory,
    Akteur: f.AkteurFactory,
    Ansprechperson: f.AnsprechpersonFactory,
    Datenquelle: f.DatenquelleFactory,
    Indikator: f.IndikatorFactory,
    Messwert: f.MesswertFactory,
    Erkenntnis: f.ErkenntnisFactory,
    Bewertergruppe: f.BewertergruppeFactory,
    Bewertungsstufe: f.BewertungsstufeFactory,
    Einschaetzung: f.EinschaetzungFactory,
    Berichtsfassung: f.BerichtsfassungFactory,
    Gebaerdenvideo: f.GebaerdenvideoFactory,
    User: f.UserFactory,
    Group: lambda: Group.objects.create(name="Beispielgruppe"),
}

MODELLE = sorted(admin.site._registry, key=lambda m: m._meta.label)
MODELL_IDS = [m._meta.label for m in MODELLE]
FACH_MODELLE = [
    Leitbild,
    Thema,
    Raum,
    UNBRKArtikel,
    Zielgruppe,
    Plan,
    Fortschreibung,
    Beteiligungsformat,
    Projektskizze,
    Projektbeteiligung,
    Sachstand,
    Meilenstein,
    Finanzierung,
    Akteurstyp,
    Akteur,
    Ansprechperson,
    Datenquelle,
    Indikator,
    Messwert,
    Erkenntnis,
    Bewertergruppe,
    Einschaetzung,
    Berichtsfassung,
]
# Shown read-only: drafts, adoption and withdrawal go through the staff pages (no add page).
NUR_LESEN = [Berichtsfassung]
# Edited as an inline of its indicator (IndikatorAdmin), with no admin page of its own.
INLINE_MODELLE = [Bewertungsstufe]
MIT_IMPORT = [Raum, Akteur, Datenquelle, Indikator, Messwert, Projektskizze]


def _url(modell: type[Model], seite: str, *args) -> str:
    return reverse(f"admin:{modell._meta.app_label}_{modell._meta.model_name}_{seite}", args=args)


def _beispiel(modell: type[Model]) -> Model:
    assert modell in BEISPIELE, f"{modell._meta.label}: Beispielobjekt in BEISPIELE ergänzen"
    return BEISPIELE[modell]()


def _seiten(modell: type[Model]) -> list[str]:
    obj = _beispiel(modell)
    return [
        _url(modell, "changelist"),
        _url(modell, "add"),
        _url(modell, "change", obj.pk),
        _url(modell, "history", obj.pk),
    ]


def test_alle_fachmodelle_sind_registriert():
    fehlend = [m._meta.label for m in FACH_MODELLE if m not in admin.site._registry]
    assert fehlend == []


@pytest.mark.django_db
@pytest.mark.parametrize("modell", MODELLE, ids=MODELL_IDS)
def test_datenpflege_sieht_liste_neu_aendern_und_verlauf(datenpflege_client, modell):
    obj = _beispiel(modell)

    liste = datenpflege_client.get(_url(modell, "changelist"))
    assert liste.status_code == 200
    # The example object is listed (its change link).
    assert _url(modell, "change", obj.pk) in liste.content.decode()

    neu = datenpflege_client.get(_url(modell, "add"))
    assert neu.status_code == (403 if modell in NUR_LESEN else 200)

    aendern = datenpflege_client.get(_url(modell, "change", obj.pk))
    assert aendern.status_code == 200
    assert aendern.context["original"] == obj

    assert datenpflege_client.get(_url(modell, "history", obj.pk)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("modell", MODELLE, ids=MODELL_IDS)
@pytest.mark.parametrize("rolle", ["lesen_client", "redaktion_client"])
def test_lesen_und_redaktion_bekommen_403(request, rolle, modell):
    """Deny by default, as on every other page: 403 with the page that names the roles (German),
    not Django's redirect to the admin login."""
    client = request.getfixturevalue(rolle)
    for url in _seiten(modell):
        antwort = client.get(url)
        assert antwort.status_code == 403, url
        assert "Keine Berechtigung" in antwort.content.decode(), url


@pytest.mark.django_db
@pytest.mark.parametrize("rolle", ["lesen_client", "redaktion_client"])
def test_admin_startseite_antwortet_lesen_und_redaktion_mit_403(request, rolle):
    client = request.getfixturevalue(rolle)
    antwort = client.get(reverse("admin:index"))
    assert antwort.status_code == 403
    assert "Datenpflege: zusätzlich" in antwort.content.decode()
    # The admin's logout keeps Django's answer (a redirect); the session ends on the staff logout.
    assert client.post(reverse("admin:logout")).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("modell", MODELLE, ids=MODELL_IDS)
def test_anonym_wird_zur_anmeldung_geschickt(anonym_client, modell):
    # LoginRequiredMiddleware catches anonymous requests before the admin does.
    anmeldung = resolve_url(settings.LOGIN_URL)
    for url in _seiten(modell):
        antwort = anonym_client.get(url)
        assert antwort.status_code == 302, url
        assert urlsplit(antwort["Location"]).path == anmeldung, url
        assert f"next={url}" in antwort["Location"].replace("%2F", "/")


@pytest.mark.django_db
def test_lesen_mit_is_staff_kommt_nicht_hinein(lesen_user):
    lesen_user.is_staff = True
    lesen_user.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(lesen_user)

    antwort = client.get(reverse("admin:index"))
    assert antwort.status_code == 403
    assert client.get(_url(Akteur, "changelist")).status_code == 403

    # Also a POST that would create a row is refused and writes nothing.
    antwort = client.post(_url(Akteurstyp, "add"), {"name": "Verein", "reihenfolge": 1})
    assert antwort.status_code == 403
    assert not Akteurstyp.objects.filter(name="Verein").exists()


@pytest.mark.django_db
def test_datenpflege_index_listet_die_fachmodelle(datenpflege_client):
    antwort = datenpflege_client.get(reverse("admin:index"))
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    for modell in FACH_MODELLE:
        assert _url(modell, "changelist") in inhalt


@pytest.mark.django_db
@pytest.mark.parametrize("modell", MIT_IMPORT, ids=[m._meta.label for m in MIT_IMPORT])
def test_import_und_export_seiten(datenpflege_client, lesen_client, redaktion_client, modell):
    import_url = _url(modell, "import")
    antwort = datenpflege_client.get(import_url)
    assert antwort.status_code == 200
    # The upload field is labelled and described; the columns are named.
    html = antwort.content.decode()
    # Areas come as GeoJSON too (issue 12).
    formate = (
        "CSV, XLSX oder GeoJSON" if modell._meta.label == "aktionsplan.Raum" else "CSV oder XLSX"
    )
    assert f'<label for="id_datei" class="required">Datei ({formate}):</label>' in html
    assert 'aria-describedby="id_datei_hilfe"' in html
    assert "Spalten:" in html
    for format_ in ("csv", "xlsx"):
        assert (
            datenpflege_client.get(_url(modell, "export"), {"format": format_}).status_code == 200
        )
    for url in (import_url, f"{_url(modell, 'export')}?format=csv"):
        for client in (lesen_client, redaktion_client):
            assert client.get(url).status_code == 403
    # The changelist links to both.
    liste = datenpflege_client.get(_url(modell, "changelist")).content.decode()
    assert _url(modell, "import") in liste
    assert _url(modell, "export") in liste


@pytest.mark.django_db
def test_projektskizze_liste_zeigt_aktuellen_status(datenpflege_client):
    mit_bericht = f.SachstandFactory(status=Status.UMGESETZT).projekt
    ohne_bericht = f.ProjektskizzeFactory()

    antwort = datenpflege_client.get(_url(Projektskizze, "changelist"))
    zeilen = {p.pk: p for p in antwort.context["cl"].result_list}
    assert zeilen[mit_bericht.pk].aktueller_status == Status.UMGESETZT
    assert zeilen[ohne_bericht.pk].aktueller_status == Status.IDEE
    inhalt = antwort.content.decode()
    assert "Umgesetzt" in inhalt
    assert "Idee" in inhalt

    gefiltert = datenpflege_client.get(_url(Projektskizze, "changelist"), {"status": "umgesetzt"})
    assert [p.pk for p in gefiltert.context["cl"].result_list] == [mit_bericht.pk]


@pytest.mark.django_db
def test_projektskizze_aenderung_zeigt_inlines_und_verlauf(datenpflege_client):
    projekt = f.ProjektskizzeFactory(titel="Barrierefreies Rathaus")
    f.MeilensteinFactory(projekt=projekt, titel="Rampe geplant")
    f.SachstandFactory(projekt=projekt, text="Angebote liegen vor.")
    f.ProjektbeteiligungFactory(projekt=projekt, akteur=f.AkteurFactory(name="Lebenshilfe"))
    f.FinanzierungFactory(projekt=projekt, programm="Barrierefreiheit jetzt")

    antwort = datenpflege_client.get(_url(Projektskizze, "change", projekt.pk))
    inhalt = antwort.content.decode()
    for text in ("Rampe geplant", "Angebote liegen vor.", "Lebenshilfe", "Barrierefreiheit jetzt"):
        assert text in inhalt
    assert [fs.opts.model for fs in antwort.context["inline_admin_formsets"]] == [
        Projektbeteiligung,
        Meilenstein,
        Sachstand,
        Finanzierung,
    ]

    verlauf = datenpflege_client.get(_url(Projektskizze, "history", projekt.pk))
    assert verlauf.status_code == 200
    assert "Barrierefreies Rathaus" in verlauf.content.decode()


@pytest.mark.django_db
def test_raum_liste_zeigt_ebene_und_oberraum_und_unterraeume(datenpflege_client):
    sozialraum = f.RaumFactory(name="Oberstadt")
    unterraum = Raum.objects.create(
        name="Mühlener Viertel",
        slug="muehlener-viertel",
        ebene=Raum.Ebene.VIERTEL,
        uebergeordnet=sozialraum,
    )

    liste = datenpflege_client.get(_url(Raum, "changelist")).content.decode()
    assert "Oberstadt" in liste
    assert "Sozialraum" in liste
    assert "Testkommune" in liste

    aendern = datenpflege_client.get(_url(Raum, "change", sozialraum.pk))
    assert "Mühlener Viertel" in aendern.content.decode()
    assert _url(Raum, "change", unterraum.pk) in aendern.content.decode()


@pytest.mark.django_db
def test_ansprechpersonen_filter_veraltete_bestaetigung(datenpflege_client):
    stichtag = bestaetigung_stichtag()
    alt = f.AnsprechpersonFactory(bestaetigt_am=stichtag - datetime.timedelta(days=1))
    neu = f.AnsprechpersonFactory(bestaetigt_am=stichtag)

    antwort = datenpflege_client.get(
        _url(Ansprechperson, "changelist"), {"bestaetigung": "veraltet"}
    )
    assert [p.pk for p in antwort.context["cl"].result_list] == [alt.pk]
    inhalt = antwort.content.decode()
    assert "Art. 6 Abs. 1 lit. e DSGVO" in inhalt
    assert "älter als 2 Jahre" in inhalt

    antwort = datenpflege_client.get(
        _url(Ansprechperson, "changelist"), {"bestaetigung": "aktuell"}
    )
    assert [p.pk for p in antwort.context["cl"].result_list] == [neu.pk]


def test_bestaetigung_stichtag_am_schalttag():
    assert bestaetigung_stichtag(datetime.date(2028, 2, 29)) == datetime.date(2026, 2, 28)
    assert bestaetigung_stichtag(datetime.date(2026, 6, 1)) == datetime.date(2024, 6, 1)


@pytest.mark.django_db
def test_akteur_aenderung_schreibt_verlauf_mit_bearbeiter(datenpflege_client, datenpflege_user):
    akteur = f.AkteurFactory(name="Lebenshilfe Aachen", ebene=Akteur.Ebene.KOMMUNAL)
    antwort = datenpflege_client.post(
        _url(Akteur, "change", akteur.pk),
        {
            "name": "Lebenshilfe Aachen e. V.",
            "kurzname": "",
            "typ": akteur.typ_id,
            "ebene": Akteur.Ebene.STAEDTEREGION,
            "beschreibung": "",
            "website": "",
            "aktiv": "on",
            "geoeffnete_version": akteur.version,
            "ansprechpersonen-TOTAL_FORMS": "0",
            "ansprechpersonen-INITIAL_FORMS": "0",
            "datenquellen-TOTAL_FORMS": "0",
            "datenquellen-INITIAL_FORMS": "0",
        },
    )
    assert antwort.status_code == 302, antwort.context["adminform"].form.errors
    neuester = akteur.history.latest()
    assert neuester.history_type == "~"
    assert neuester.history_user == datenpflege_user
    assert neuester.name == "Lebenshilfe Aachen e. V."
    assert neuester.ebene == Akteur.Ebene.STAEDTEREGION

    verlauf = datenpflege_client.get(_url(Akteur, "history", akteur.pk)).content.decode()
    assert datenpflege_user.username in verlauf


@pytest.mark.django_db
def test_admin_post_mit_csrf_pruefung(datenpflege_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(datenpflege_user)
    ohne_token = client.post(_url(Akteurstyp, "add"), {"name": "Verein", "reihenfolge": 1})
    assert ohne_token.status_code == 403

    formular = client.get(_url(Akteurstyp, "add"))
    token = formular.context["csrf_token"]
    mit_token = client.post(
        _url(Akteurstyp, "add"),
        {"name": "Verein", "reihenfolge": 1, "csrfmiddlewaretoken": str(token)},
    )
    assert mit_token.status_code == 302
    assert Akteurstyp.objects.filter(name="Verein").exists()


def _projekte(n: int) -> None:
    plan = f.PlanFactory()
    for projekt in f.ProjektskizzeFactory.create_batch(n, plan=plan):
        f.SachstandFactory(projekt=projekt)


def _akteure(n: int) -> None:
    typ = f.AkteurstypFactory()
    f.AkteurFactory.create_batch(n, typ=typ)


def _messwerte(n: int) -> None:
    indikator = f.IndikatorFactory()
    raum = f.RaumFactory()
    for jahr in range(2000, 2000 + n):
        f.MesswertFactory(indikator=indikator, raum=raum, jahr=jahr)


# Every changelist costs the same 3 queries before it looks at its rows: the session, the
#  group and the user permissions (app list, object tools); the user and the groups for the
#  site permission come from the cache (aktionsplan.benutzerspeicher). Then per changelist:
#  Projektskizze (8): Plan and Thema choices of the list filters, count with filters,
#    count without, the page of rows (select_related plan/hauptthema/verantwortlich plus the
#    latest-report subqueries).
#  Akteur (7): Akteurstyp choices of the filter, two counts, the page of rows (with typ).
#  Messwert (8): Indikator choices of the filter, two counts, the page of rows (with
#    indikator and raum), the distinct years of the Jahr filter.
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("modell", "anlegen", "abfragen"),
    [(Projektskizze, _projekte, 8), (Akteur, _akteure, 7), (Messwert, _messwerte, 8)],
    ids=["Projektskizze", "Akteur", "Messwert"],
)
def test_liste_abfragen_wachsen_nicht_mit_zeilen(
    datenpflege_client, django_assert_num_queries, modell, anlegen, abfragen
):
    url = _url(modell, "changelist")
    anlegen(5)
    # Warm the content-type cache so both measurements see the same state.
    datenpflege_client.get(url)
    with django_assert_num_queries(abfragen):
        antwort = datenpflege_client.get(url)
    assert antwort.context["cl"].result_count == 5

    anlegen(25)
    # The factories create persons too, which invalidates the cached user: load it again first.
    datenpflege_client.get(url)
    with django_assert_num_queries(abfragen):
        antwort = datenpflege_client.get(url)
    assert antwort.context["cl"].result_count == 30
    assert len(antwort.context["cl"].result_list) == 30


def test_projektskizze_im_admin_veraltet_wird_verweigert(datenpflege_client):
    projekt = f.ProjektskizzeFactory(titel="Alt")
    url = _url(Projektskizze, "change", projekt.pk)
    formular = datenpflege_client.get(url).context["adminform"].form
    daten = {
        name: wert
        for name, wert in formular.initial.items()
        if wert is not None and not isinstance(wert, list)
    }
    daten.update(
        {
            "plan": projekt.plan_id,
            "hauptthema": projekt.hauptthema_id,
            "beginn": "2024-01-01",
            "ende": "2026-12-31",
            "prioritaet": projekt.prioritaet,
            "titel": "Meine Fassung im Admin",
            "geoeffnete_version": projekt.version,
        }
    )
    for prefix in ("beteiligungen", "meilensteine", "sachstaende", "finanzierungen"):
        daten[f"{prefix}-TOTAL_FORMS"] = "0"
        daten[f"{prefix}-INITIAL_FORMS"] = "0"
    # A colleague saves in the app in between.
    kollegin = f.UserFactory(first_name="Klara", last_name="Kollegin")
    services.projekt_aendern(
        projekt=Projektskizze.objects.get(pk=projekt.pk),
        benutzer=kollegin,
        erwartete_version=projekt.version,
        daten={"titel": "Kollegin"},
        m2m={},
    )

    antwort = datenpflege_client.post(url, daten)

    # The admin gives the staff pages' answer: 409, who changed which field when, input kept.
    assert antwort.status_code == 409
    inhalt = antwort.content.decode()
    assert "wurde inzwischen von Klara Kollegin am" in inhalt
    assert "Titel: Alt → Kollegin" in inhalt
    assert "Meine Fassung im Admin" in inhalt
    projekt.refresh_from_db()
    assert projekt.titel == "Kollegin"
    # The form shown again carries the current version: saving again is deliberate.
    daten["geoeffnete_version"] = projekt.version
    assert datenpflege_client.post(url, daten).status_code == 302
    projekt.refresh_from_db()
    assert (projekt.titel, projekt.version) == ("Meine Fassung im Admin", 3)


@pytest.mark.django_db
@pytest.mark.parametrize("seite", ["sachstand_add", "projekt_change"])
def test_formulare_listen_nicht_alle_sachstaende(
    datenpflege_client, django_assert_max_num_queries, seite
):
    """A report's "berichtigt" names another report: the admin's own report form searches them
    (autocomplete), a measure's inline offers that measure's reports only. 7,300 options at
    100x the demo took 2-4 s per page; the page now costs the same however many reports."""
    projekt = f.ProjektskizzeFactory()
    eigene = f.SachstandFactory(projekt=projekt)

    def url() -> str:
        if seite == "sachstand_add":
            return _url(Sachstand, "add")
        return _url(Projektskizze, "change", projekt.pk)

    # The measure's page: one more for the choice of plan versions (each with its plan).
    grenze = {"sachstand_add": 3, "projekt_change": 17}[seite]
    datenpflege_client.get(url())
    with django_assert_max_num_queries(grenze):
        datenpflege_client.get(url())
    for andere in f.ProjektskizzeFactory.create_batch(15):
        f.SachstandFactory(projekt=andere)
    datenpflege_client.get(url())
    with django_assert_max_num_queries(grenze):
        antwort = datenpflege_client.get(url())
    html = antwort.content.decode()
    # The options of the "berichtigt" choices only (another choice may hold an equal number).
    auswahl = "".join(re.findall(r'<select name="[^"]*berichtigt".*?</select>', html, re.S))
    fremde = Sachstand.objects.exclude(projekt=projekt)
    assert all(f'<option value="{s.pk}"' not in auswahl for s in fremde)
    if seite == "sachstand_add":
        feld = antwort.context["adminform"].form.fields["berichtigt"]
        assert "admin-autocomplete" in str(feld.widget.render("berichtigt", None))
    else:
        assert f'<option value="{eigene.pk}"' in auswahl


@pytest.mark.django_db
def test_loeschseite_kuerzt_lange_listen(datenpflege_client, django_assert_max_num_queries):
    """An area with many values (protected: they block the delete) and measures: the
    confirmation lists the first LOESCHLISTE_HOECHSTENS of each level and says how many more;
    the numbers per model stay complete, and the delete stays refused."""
    from aktionsplan.admin_basis import LOESCHLISTE_HOECHSTENS

    raum = f.RaumFactory()
    indikator = f.IndikatorFactory()
    anzahl = LOESCHLISTE_HOECHSTENS + 7
    for jahr in range(1990, 1990 + anzahl):
        f.MesswertFactory(indikator=indikator, raum=raum, jahr=jahr)
    for projekt in f.ProjektskizzeFactory.create_batch(3):
        projekt.raeume.add(raum)
    url = _url(Raum, "delete", raum.pk)
    datenpflege_client.get(url)
    with django_assert_max_num_queries(30):
        antwort = datenpflege_client.get(url)
    geschuetzt = antwort.context["protected"]
    assert len(geschuetzt) == LOESCHLISTE_HOECHSTENS + 1
    assert geschuetzt[-1] == "… und 7 weitere Einträge"
    erster = Messwert.objects.filter(raum=raum).order_by("pk").first()
    assert _url(Messwert, "change", erster.pk) in antwort.content.decode()
    # Confirming changes nothing: protected rows block the delete.
    datenpflege_client.post(url, {"post": "yes", "geoeffnete_version": raum.version})
    assert Raum.objects.filter(pk=raum.pk).exists()


@pytest.mark.django_db
def test_loeschseite_ohne_schutz_loescht_wie_bisher(datenpflege_client):
    raum = f.RaumFactory()
    projekt = f.ProjektskizzeFactory()
    projekt.raeume.add(raum)
    antwort = datenpflege_client.get(_url(Raum, "delete", raum.pk))
    assert antwort.context["protected"] == []
    assert antwort.context["model_count"]
    datenpflege_client.post(
        _url(Raum, "delete", raum.pk), {"post": "yes", "geoeffnete_version": raum.version}
    )
    assert not Raum.objects.filter(pk=raum.pk).exists()
