"""The defects the hostile-input tests found (tests/test_formulare_robust.py), by name: each
the smallest request a person would notice. A module of its own: the robust tests keep their data
set open for the whole module."""

import pytest
from django.test import Client
from django.urls import reverse

from aktionsplan.models import Raum, Zielgruppe
from projekte.models import Projektskizze
from tests import factories as f
from tests.test_eingaben_robust import _Leser
from tests.test_formulare_robust import felder_des_formulars, grunddaten


def _admin_formular(client: Client, adresse: str) -> dict[str, list[str]]:
    """The admin form of a page (its biggest POST form) as the page submits it."""
    leser = _Leser()
    leser.feed(client.get(adresse).content.decode())
    formular = max((f for f in leser.formulare if f.methode == "post"), key=lambda f: len(f.felder))
    return grunddaten(felder_des_formulars(formular), ausfuellen=False)


@pytest.mark.django_db
def test_admin_autocomplete_mit_unsinnigem_wert_zeigt_den_formularfehler(datenpflege_client):
    """Django's autocomplete widget looked a value that is no key up again to show it (a 500)."""
    akteur = f.AkteurFactory(name="Lebenshilfe")
    adresse = reverse("admin:akteure_akteur_change", args=[akteur.pk])
    daten = _admin_formular(datenpflege_client, adresse)
    for wert in ("abc", "\x00", "²", "9" * 30):
        antwort = datenpflege_client.post(adresse, {**daten, "typ": [wert], "raeume": [wert]})
        assert antwort.status_code == 200
        inhalt = antwort.content.decode()
        # "Bitte eine gültige Auswahl treffen", "„²“ ist kein gültiger Wert", "Nullzeichen …"
        assert '<ul class="errorlist" id="id_typ_error">' in inhalt
        assert '<ul class="errorlist" id="id_raeume_error">' in inhalt
    akteur.refresh_from_db()
    assert akteur.version == 1


@pytest.mark.django_db
def test_admin_aktion_mit_unsinniger_auswahl_aendert_nichts_und_sagt_es(datenpflege_client):
    """Django filtered the changelist by the selected "keys" (a ValueError, a 500)."""
    ziel = f.ZielgruppeFactory(name="Ältere")
    liste = reverse("admin:aktionsplan_zielgruppe_changelist")
    for auswahl in (["on"], [str(ziel.pk), "²"], ["9" * 30]):
        antwort = datenpflege_client.post(
            liste, {"action": "delete_selected", "index": "0", "_selected_action": auswahl}
        )
        assert antwort.status_code == 302
        seite = datenpflege_client.get(antwort.url).content.decode()
        assert "Die Auswahl enthält Einträge, die es nicht gibt" in seite
    assert Zielgruppe.objects.filter(pk=ziel.pk).exists()


@pytest.mark.django_db
def test_admin_ebene_eines_raums_mit_unterraeumen_aendern_nennt_den_grund(datenpflege_client):
    """The rule of a child area (its level fits its parent's) named a field that the read-only
    rows of child areas do not show: Django raised a ValueError (a 500)."""
    kommune = f.KommuneFactory(name="Testkommune", slug="testkommune")
    f.RaumFactory(name="Büsbach", slug="buesbach", uebergeordnet=kommune)
    adresse = reverse("admin:aktionsplan_raum_change", args=[kommune.pk])
    daten = _admin_formular(datenpflege_client, adresse)
    antwort = datenpflege_client.post(adresse, {**daten, "ebene": ["region"]})
    assert antwort.status_code == 200
    assert "Ebene: Unter einem Raum der Ebene „Region“ liegt nur: Kommune." in (
        antwort.content.decode()
    )
    kommune.refresh_from_db()
    assert kommune.ebene == Raum.Ebene.KOMMUNE


@pytest.mark.django_db
def test_admin_sachstand_laesst_sich_nicht_wiederherstellen(datenpflege_client):
    """Status reports are history: simple-history only hid the revert button, and a posted revert
    failed in the write path (a 500). Now it is refused like any change of them."""
    sachstand = f.SachstandFactory(text="Begonnen.")
    eintrag = sachstand.history.first()
    adresse = reverse("admin:projekte_sachstand_simple_history", args=[sachstand.pk, eintrag.pk])
    daten = _admin_formular(datenpflege_client, adresse)
    antwort = datenpflege_client.post(adresse, {**daten, "text": ["Anders."]})
    assert antwort.status_code == 403
    assert "Keine Berechtigung" in antwort.content.decode()
    sachstand.refresh_from_db()
    assert sachstand.text == "Begonnen."


@pytest.mark.django_db
def test_zu_grosse_formulardaten_bekommen_eine_deutsche_seite(redaktion_client, settings):
    """More form data than DATA_UPLOAD_MAX_MEMORY_SIZE: Django answered "Bad Request (400)"."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    antwort = redaktion_client.post(reverse("projekte:projekt_neu"), {"titel": "x" * 2000})
    assert antwort.status_code == 400
    inhalt = antwort.content.decode()
    assert "Die gesendeten Angaben sind zu umfangreich (mehr als 1000\xa0Bytes)" in inhalt
    assert "Es wurde nichts gespeichert." in inhalt
    assert not Projektskizze.objects.exists()


@pytest.mark.django_db
def test_zahl_jenseits_der_spalte_in_einer_mehrfachauswahl(redaktion_client):
    """A many-to-many field filters ``pk__in`` with what was sent; on SQLite a number beyond 64
    bits failed there (an OverflowError, a 500). Now it is simply no choice."""
    raum = f.RaumFactory(name="Büsbach")
    assert list(Raum.objects.filter(pk__in=[10**30, -(10**30), raum.pk])) == [raum]
    assert not Raum.objects.filter(pk__in=[10**30]).exists()
    antwort = redaktion_client.post(
        reverse("projekte:projekt_neu"), {"titel": "Neu", "raeume": ["9" * 30]}
    )
    assert antwort.status_code == 200
    assert '<div class="kern-error" id="id_raeume_error">' in antwort.content.decode()
    assert not Projektskizze.objects.exists()


# --- control characters (QA report 2026-11-29, finding 9) ---------------------------------------

# Every control character a text may not hold, with tab, LF and CR, which it may.
VERBOTENE_STEUERZEICHEN = [
    *(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"),
    "\x7f",
    *(chr(c) for c in range(0x80, 0xA0)),
]


def _versionierte_textfelder() -> list[tuple[type, str]]:
    from django.apps import apps
    from django.db import models

    from aktionsplan.sperre import Versioniert

    return [
        (modell, feld.name)
        for modell in apps.get_models()
        if issubclass(modell, Versioniert)
        for feld in modell._meta.concrete_fields
        if isinstance(feld, (models.CharField, models.TextField))
    ]


@pytest.mark.parametrize(
    ("modell", "feld"),
    _versionierte_textfelder(),
    ids=lambda x: x if isinstance(x, str) else x.__name__,
)
def test_jedes_textfeld_jedes_modells_lehnt_steuerzeichen_ab(modell, feld):
    """The rule lives in Versioniert.clean_fields: every text field of every edited model, so
    every write path (forms, admin, import, commands through full_clean) refuses the same."""
    from django.core.exceptions import ValidationError
    from django.db import models

    for zeichen in VERBOTENE_STEUERZEICHEN:
        objekt = modell(**{feld: f"a{zeichen}b"})
        with pytest.raises(ValidationError) as fehler:
            objekt.clean_fields()
        meldungen = fehler.value.message_dict.get(feld, [])
        modellfeld = modell._meta.get_field(feld)
        # A field with a validator of its own (the official municipality key) refuses first.
        eigene_pruefung = modellfeld.choices or modellfeld._validators
        if type(modellfeld) in (models.CharField, models.TextField) and not eigene_pruefung:
            assert any(f"U+{ord(zeichen):04X}" in m for m in meldungen), (feld, zeichen)
        else:  # a choice, a slug, an e-mail address, a URL: their own check refuses first
            assert meldungen, (feld, zeichen)
    from aktionsplan.eingaben import feldfehler

    erlaubt = modell(**{feld: "a\tb\r\nc"})
    assert [name for name, _fehler in feldfehler(erlaubt)] == []


@pytest.mark.django_db
def test_steuerzeichen_im_titel_einer_massnahme_abgelehnt(redaktion_client):
    """The QA case: "a\\x01b\\x1bc\\x7fd\\x0be" was stored as it is."""
    plan = f.PlanFactory()
    thema = f.ThemaFactory()
    antwort = redaktion_client.post(
        reverse("projekte:projekt_neu"),
        {
            "plan": plan.pk,
            "nummer": "1",
            "titel": "a\x01b\x1bc\x7fd\x0be",
            "hauptthema": thema.pk,
            "prioritaet": "mittel",
        },
    )
    assert antwort.status_code == 200
    assert "„Titel“ enthält ein unsichtbares Steuerzeichen (U+0001)" in antwort.content.decode()
    assert not Projektskizze.objects.exists()


@pytest.mark.django_db
def test_steuerzeichen_im_admin_abgelehnt(datenpflege_client):
    adresse = reverse("admin:aktionsplan_zielgruppe_add")
    daten = _admin_formular(datenpflege_client, adresse)
    daten["geoeffnete_version"] = [""]
    # In the middle: a form strips U+0085 (NEL) at the ends like any white space.
    antwort = datenpflege_client.post(adresse, {**daten, "name": ["Äl\x85tere"]})
    assert antwort.status_code == 200
    assert "„Name“ enthält ein unsichtbares Steuerzeichen (U+0085)" in antwort.content.decode()
    assert not Zielgruppe.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("zeichen", ["\x00", "\x01", "\x1b", "\x9b"])
def test_import_mit_steuerzeichen_nennt_zeile_und_spalte(redaktion_client, zeichen):
    """A NUL in a cell was "keine Tabelle"; every control character now names row and column,
    in a key column, a number column and a text column alike, and nothing is stored."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from monitoring.models import Messwert

    kommune = f.KommuneFactory(name="Stolberg", slug="stolberg")
    f.IndikatorFactory(name="Kinder")
    zeilen = [
        "Indikator;Jahr;Raum;Wert;vorläufig;Quellenhinweis",
        f"Kinder;2024;stolberg;5;nein;Amt{zeichen}",
        f"Kinder;2023;stolberg;5{zeichen};nein;",
        f"Kin{zeichen}der;2022;stolberg;5;nein;",
    ]
    datei = SimpleUploadedFile("werte.csv", "\r\n".join(zeilen).encode())
    antwort = redaktion_client.post("/monitoring/indikatoren/import/", {"datei": datei})
    inhalt = antwort.content.decode()
    assert antwort.status_code == 200
    assert "keine Tabelle" not in inhalt
    code = f"U+{ord(zeichen):04X}"
    for zeile, spalte in ((2, "Quellenhinweis"), (3, "Wert"), (4, "Indikator")):
        assert f"Zeile {zeile}, Spalte „{spalte}“: „{spalte}“ enthält ein unsichtbares " in inhalt
    assert code in inhalt
    assert not Messwert.objects.exists()
    assert kommune.messwerte.count() == 0


# --- double submit (QA report 2026-11-29, finding 4) ---------------------------------------------


def _marke(client: Client, adresse: str) -> str:
    """The one-time mark the page renders into its form (aktionsplan.einmal)."""
    import re

    inhalt = client.get(adresse).content.decode()
    treffer = re.findall(r'name="einmalmarke" value="([^"]+)"', inhalt)
    assert treffer, f"{adresse} rendert keine Einmalmarke"
    return treffer[0]


def _anlegefaelle() -> dict:
    """Every create view and task start of the staff pages: (URL name, arguments, valid data,
    the model whose rows it creates). Built lazily (needs the database)."""
    from aktionsplan.models import Fortschreibung
    from aufgaben.models import Aufgabe
    from monitoring.models import Berichtsfassung, Einschaetzung, Erkenntnis, Messwert
    from projekte.models import Finanzierung, Meilenstein, Projektbeteiligung, Sachstand

    kommune = f.testkommune()  # the factories' Kommune: one Kommune, no region
    # Number 1, so that the new measures' numbers 2 and 3 are free whatever the factory's count.
    projekt = f.ProjektskizzeFactory(nummer=1)
    indikator = f.IndikatorFactory(name="Kinder", einheit="Kinder")
    akteur = f.AkteurFactory(name="Lebenshilfe")
    stufe = f.BewertungsstufeFactory(stufe=2)
    gruppe = f.BewertergruppeFactory(name="Verwaltung")
    return {
        "projekte:projekt_neu": (
            (),
            {
                "plan": projekt.plan.pk,
                "nummer": "2",
                "titel": "Neu",
                "hauptthema": projekt.hauptthema.pk,
                "prioritaet": "mittel",
            },
            Projektskizze,
        ),
        "projekte:sachstand_neu": (
            (projekt.pk,),
            {
                "datum": "2026-01-05",
                "status": "in_planung",
                "ampel": "gruen",
                "fortschritt": "10",
                "text": "Begonnen.",
            },
            Sachstand,
        ),
        "projekte:meilenstein_neu": (
            (projekt.pk,),
            {"titel": "Auftakt", "faellig_am": "2026-03-01"},
            Meilenstein,
        ),
        "projekte:beteiligung_neu": (
            (projekt.pk,),
            {"akteur": akteur.pk, "rolle": "partner", "aufgabe": ""},
            Projektbeteiligung,
        ),
        "projekte:finanzierung_neu": (
            (projekt.pk,),
            {"quelle": "land", "programm": "", "betrag": "1000", "status": "geplant"},
            Finanzierung,
        ),
        "aktionsplan:fortschreibung_neu": (
            (projekt.plan.slug,),
            {"nummer": "2", "beschluss_datum": "2023-05-09", "aenderungen": "Neu"},
            Fortschreibung,
        ),
        "monitoring:erkenntnis_neu": (
            (),
            {
                "titel": "Rampe fehlt",
                "text": "Am Rathaus.",
                "datum": "2026-01-05",
                "quelle": "veranstaltung",
            },
            Erkenntnis,
        ),
        "monitoring:beteiligungsformat_neu": (
            (),
            {
                "titel": "Auftakt",
                "art": "workshop",
                "datum": "2026-01-05",
                "teilnehmende": "20",
                "teilnehmende_mit_behinderung": "5",
            },
            f.BeteiligungsformatFactory._meta.model,
        ),
        "monitoring:messwert_neu": (
            (indikator.pk,),
            {"jahr": "2024", "raum": kommune.pk, "wert": "12", "quellenhinweis": ""},
            Messwert,
        ),
        "monitoring:einschaetzung_neu": (
            (stufe.indikator_id,),
            {
                "jahr": "2025",
                "gruppe": gruppe.pk,
                "stufe": stufe.pk,
                "text": "Besser als im Vorjahr.",
                "anlass": "Sitzung des Beirats",
                "datum": "2025-03-12",
            },
            Einschaetzung,
        ),
        "monitoring:bericht_pdf": ((2026,), {}, Aufgabe),
        "monitoring:bericht_xlsx": ((2026,), {}, Aufgabe),
        "monitoring:fassung_neu": (
            (),
            {"jahr": "2025", "stand": "2025-12-31", "einleitung": "Text", "schluss": ""},
            Berichtsfassung,
        ),
    }


ANLEGEN = [
    "projekte:projekt_neu",
    "projekte:sachstand_neu",
    "projekte:meilenstein_neu",
    "projekte:beteiligung_neu",
    "projekte:finanzierung_neu",
    "aktionsplan:fortschreibung_neu",
    "monitoring:erkenntnis_neu",
    "monitoring:beteiligungsformat_neu",
    "monitoring:messwert_neu",
    "monitoring:einschaetzung_neu",
    "monitoring:bericht_pdf",
    "monitoring:bericht_xlsx",
    "monitoring:fassung_neu",
]


def test_jede_anlegeseite_ist_gegen_doppeltes_absenden_geschuetzt():
    """No create view is forgotten: every URL name ending in "_neu" and every view that starts a
    task from a POST is in ANLEGEN, and each is wrapped by aktionsplan.einmal."""
    from django.urls import get_resolver

    from tests.test_eingaben_robust import URL_NAMEN

    neu = {n for n in URL_NAMEN if n.endswith("_neu") and not n.startswith("admin:")}
    assert neu <= set(ANLEGEN)
    for name in ANLEGEN:
        muster = next(m for m in _alle_muster(get_resolver()) if m[0] == name)
        assert getattr(muster[1], "einmal_absenden", False), name


def _alle_muster(resolver, praefix: str = ""):
    from django.urls import URLResolver

    for muster in resolver.url_patterns:
        if isinstance(muster, URLResolver):
            namensraum = f"{praefix}{muster.namespace}:" if muster.namespace else praefix
            yield from _alle_muster(muster, namensraum)
        elif muster.name:
            yield f"{praefix}{muster.name}", muster.callback


@pytest.mark.django_db
@pytest.mark.parametrize("name", ANLEGEN)
def test_doppeltes_absenden_legt_nichts_zweimal_an(redaktion_client, name, settings):
    """The same rendered form posted twice (a double click): one record or task, and the repeat
    goes to the first result with a message."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    argumente, daten, modell = _anlegefaelle()[name]
    adresse = reverse(name, args=argumente)
    seite = (
        adresse
        if not name.startswith("monitoring:bericht_")
        else reverse("monitoring:bericht", args=argumente)
    )
    marke = _marke(redaktion_client, seite)
    vorher = modell.objects.count()
    erste = redaktion_client.post(adresse, {**daten, "einmalmarke": marke})
    assert erste.status_code == 302, erste.content.decode()[:3000]
    assert modell.objects.count() == vorher + 1
    zweite = redaktion_client.post(adresse, {**daten, "einmalmarke": marke})
    assert zweite.status_code == 302
    assert zweite.url == erste.url
    assert modell.objects.count() == vorher + 1
    meldungen = redaktion_client.get(zweite.url).content.decode()
    assert "Dieses Formular wurde bereits abgeschickt" in meldungen
    # A fresh rendering of the form creates again (it is a new entry, not a repeat).
    if name in (
        "monitoring:messwert_neu",
        "monitoring:einschaetzung_neu",
        "monitoring:fassung_neu",
    ):
        daten = {**daten, "jahr": "2023"}
    if name in ("projekte:projekt_neu", "aktionsplan:fortschreibung_neu"):
        daten = {**daten, "nummer": "3"}
    if name == "projekte:beteiligung_neu":
        return  # an actor is part of a measure once
    dritte = redaktion_client.post(
        adresse, {**daten, "einmalmarke": _marke(redaktion_client, seite)}
    )
    assert dritte.status_code == 302
    assert modell.objects.count() == vorher + 2


@pytest.mark.django_db
def test_abgelehntes_formular_verbraucht_die_marke_nicht(redaktion_client):
    """A form sent back with errors keeps its mark usable: the corrected form is saved."""
    from projekte.models import Meilenstein

    projekt = f.ProjektskizzeFactory()
    adresse = reverse("projekte:meilenstein_neu", args=[projekt.pk])
    marke = _marke(redaktion_client, adresse)
    antwort = redaktion_client.post(adresse, {"titel": "", "faellig_am": "", "einmalmarke": marke})
    assert antwort.status_code == 200
    antwort = redaktion_client.post(
        adresse, {"titel": "Auftakt", "faellig_am": "2026-03-01", "einmalmarke": marke}
    )
    assert antwort.status_code == 302
    assert Meilenstein.objects.count() == 1


@pytest.mark.django_db
def test_admin_hinzufuegen_zweimal_abgeschickt_legt_einmal_an(datenpflege_client):
    adresse = reverse("admin:aktionsplan_zielgruppe_add")
    daten = _admin_formular(datenpflege_client, adresse)
    assert daten["einmalmarke"][0]
    daten["geoeffnete_version"] = [""]
    daten["name"] = ["Ältere"]
    erste = datenpflege_client.post(adresse, daten)
    zweite = datenpflege_client.post(adresse, daten)
    assert erste.status_code == zweite.status_code == 302
    assert zweite.url == erste.url
    assert Zielgruppe.objects.count() == 1


@pytest.mark.django_db
def test_jede_admin_hinzufuegen_seite_traegt_eine_einmalmarke(datenpflege_client):
    from django.contrib.admin.sites import site

    from aktionsplan.admin_basis import VersioniertAdmin

    for modell, modeladmin in site._registry.items():
        if not isinstance(modeladmin, VersioniertAdmin):
            continue
        adresse = reverse(f"admin:{modell._meta.app_label}_{modell._meta.model_name}_add")
        antwort = datenpflege_client.get(adresse)
        if antwort.status_code == 403:
            continue  # rows that are history (status reports) are not added here
        assert 'name="einmalmarke"' in antwort.content.decode(), adresse


# --- small numbers (QA report 2026-11-29, finding 6) --------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("davon", [0, 1, 2])
def test_jede_kleine_teilnehmendenzahl_auch_null_ist_geschuetzt(lesen_client, davon):
    """0 of 20 was shown as "20 · 0 (0 %)" while 1 showed "< 3": readers learnt that "< 3"
    meant 1 or 2. Every count below the minimum is shown the same, on the list and the page."""
    format_ = f.BeteiligungsformatFactory(teilnehmende=20, teilnehmende_mit_behinderung=davon)
    for adresse in (
        reverse("monitoring:beteiligungsformat_liste"),
        reverse("monitoring:beteiligungsformat_detail", args=[format_.pk]),
    ):
        inhalt = lesen_client.get(adresse).content.decode()
        assert "&lt; 3" in inhalt, adresse
        assert f"({davon * 5} %)" not in inhalt
        assert f"<dd>{davon}</dd>" not in inhalt


def test_kleine_anzahlen_eine_regel_fuer_werte_und_teilnehmende():
    from decimal import Decimal

    from monitoring.models import Indikator
    from monitoring.zahlen import ist_kleine_anzahl

    for mindest in (1, 3, 5, 10):
        indikator = Indikator(ist_fallzahl=True, mindestfallzahl=mindest)
        for n in range(mindest):
            assert ist_kleine_anzahl(n, mindest)
            assert indikator.ist_kleine_zahl(Decimal(n))
        assert not ist_kleine_anzahl(mindest, mindest)
        assert not indikator.ist_kleine_zahl(Decimal(mindest))
    assert not ist_kleine_anzahl(None, 3)


# --- plausible dates and years (QA report 2026-11-29, finding 7) ---------------------------------


def _datums_und_jahresfelder() -> list[tuple[type, str]]:
    from django.apps import apps
    from django.db import models

    from aktionsplan.eingaben import ist_jahresfeld
    from aktionsplan.sperre import Versioniert

    return [
        (modell, feld.name)
        for modell in apps.get_models()
        if issubclass(modell, Versioniert)
        for feld in modell._meta.concrete_fields
        if (isinstance(feld, models.DateField) and not isinstance(feld, models.DateTimeField))
        or ist_jahresfeld(feld)
    ]


def test_die_jahresfelder_sind_die_erwarteten():
    """A new year field must be named like one (…jahr) to get the rule; this list says which."""
    from django.db import models

    jahre = {
        f"{m.__name__}.{n}"
        for m, n in _datums_und_jahresfelder()
        if isinstance(m._meta.get_field(n), models.IntegerField)
    }
    assert jahre == {
        "Leitbild.zieljahr",
        "Indikator.basisjahr",
        "Indikator.zieljahr",
        "Messwert.jahr",
        "Einschaetzung.jahr",
        "Berichtsfassung.jahr",
    }


@pytest.mark.parametrize(
    ("modell", "feld"),
    _datums_und_jahresfelder(),
    ids=lambda x: x if isinstance(x, str) else x.__name__,
)
def test_jedes_datum_und_jahr_liegt_im_plausiblen_bereich(modell, feld):
    import datetime

    from django.db import models

    from aktionsplan.eingaben import feldfehler

    ist_jahr = isinstance(modell._meta.get_field(feld), models.IntegerField)
    falsch = (
        [1, 1989, 2101, 9999, 32767]
        if ist_jahr
        else [
            datetime.date(1, 1, 1),
            datetime.date(1900, 1, 1),
            datetime.date(1989, 12, 31),
            datetime.date(2101, 1, 1),
            datetime.date(9999, 12, 31),
        ]
    )
    richtig = (
        [1990, 2026, 2100]
        if ist_jahr
        else [
            datetime.date(1990, 1, 1),
            datetime.date(2100, 12, 31),
        ]
    )
    for wert in falsch:
        fehler = dict(feldfehler(modell(**{feld: wert})))
        assert feld in fehler, (feld, wert)
        assert "liegt nicht zwischen 1990 und 2100" in fehler[feld].messages[0]
    for wert in richtig:
        assert feld not in dict(feldfehler(modell(**{feld: wert}))), (feld, wert)


@pytest.mark.django_db
def test_meilenstein_am_01_01_0001_abgelehnt(redaktion_client):
    from projekte.models import Meilenstein

    projekt = f.ProjektskizzeFactory()
    antwort = redaktion_client.post(
        reverse("projekte:meilenstein_neu", args=[projekt.pk]),
        {"titel": "Auftakt", "faellig_am": "0001-01-01"},
    )
    assert antwort.status_code == 200
    assert "„Fällig am“ liegt nicht zwischen 1990 und 2100." in antwort.content.decode()
    assert not Meilenstein.objects.exists()


@pytest.mark.django_db
def test_admin_basisjahr_1_abgelehnt(datenpflege_client):
    from monitoring.models import Indikator

    adresse = reverse("admin:monitoring_indikator_add")
    daten = _admin_formular(datenpflege_client, adresse)
    daten.update(
        name=["Kinder"],
        art=["quantitativ"],
        richtung=["hoeher"],
        raeumliche_ebene=["kommune"],
        mindestfallzahl=["3"],
        basisjahr=["1"],
        geoeffnete_version=[""],
    )
    antwort = datenpflege_client.post(adresse, daten)
    assert antwort.status_code == 200
    assert "„Basisjahr“ liegt nicht zwischen 1990 und 2100." in antwort.content.decode()
    assert not Indikator.objects.exists()


# --- cells beyond the header (QA report 2026-11-29, finding 5) -----------------------------------


def _messwertdatei(zeilen: list[list[str]], art: str, trenner: str = ";") -> tuple[str, bytes]:
    import csv
    import io

    import openpyxl

    if art == "xlsx":
        mappe = openpyxl.Workbook()
        for zeile in zeilen:
            mappe.active.append(zeile)
        puffer = io.BytesIO()
        mappe.save(puffer)
        return "werte.xlsx", puffer.getvalue()
    puffer = io.StringIO()
    csv.writer(puffer, delimiter=trenner, quoting=csv.QUOTE_NONE, escapechar="\\").writerows(zeilen)
    return "werte.csv", puffer.getvalue().encode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("art", "trenner", "zeilen", "erwartet"),
    [
        # The QA case: a decimal comma in a comma-separated file ("7,5" → 7 and a lost 5).
        (
            "csv",
            ",",
            ["Kinder,2024,stolberg,7,5"],
            "Zeile 2 hat mehr Zellen als die Kopfzeile (5 statt 4)",
        ),
        (
            "csv",
            ";",
            ["Kinder;2024;stolberg;7;5"],
            "Zeile 2 hat mehr Zellen als die Kopfzeile (5 statt 4)",
        ),
        (
            "xlsx",
            None,
            [["Kinder", 2024, "stolberg", 7, 5]],
            "Zeile 2 hat mehr Zellen als die Kopfzeile (5 statt 4)",
        ),
        ("csv", ";", ["Kinder;2024;7"], "Zeile 2 hat weniger Zellen als die Kopfzeile (3 statt 4)"),
        (
            "csv",
            ",",
            ["Kinder,2024,stolberg,7", "Kinder,2023,stolberg,8,1"],
            "Zeile 3 hat mehr Zellen",
        ),
    ],
)
def test_zeile_mit_anderer_zellenzahl_als_der_kopf_wird_abgelehnt(
    redaktion_client, art, trenner, zeilen, erwartet
):
    from monitoring.models import Messwert

    f.KommuneFactory(name="Stolberg", slug="stolberg")
    f.IndikatorFactory(name="Kinder")
    kopf = ["Indikator", "Jahr", "Raum", "Wert"]
    if art == "xlsx":
        name, inhalt = _messwertdatei([kopf, *zeilen], "xlsx")
    else:
        name, inhalt = "werte.csv", "\r\n".join([trenner.join(kopf), *zeilen]).encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    antwort = redaktion_client.post(
        "/monitoring/indikatoren/import/", {"datei": SimpleUploadedFile(name, inhalt)}
    )
    assert antwort.status_code == 200
    assert erwartet in antwort.content.decode()
    assert "Alle Zeilen sind gültig" not in antwort.content.decode()
    assert not Messwert.objects.exists()


def test_leere_zellen_hinter_dem_kopf_sind_keine_zusaetzlichen_zellen():
    """Trailing separators (a spreadsheet's empty columns) and a short XLSX row are fine."""
    from aktionsplan import dateien

    tabelle = dateien.lesen(b"a;b;c;\r\n1;2;3;;\r\n", "x.csv")
    assert tabelle.zeilen == [(2, ["1", "2", "3", "", ""])]
    name, inhalt = _messwertdatei([["a", "b", "c"], ["1", "2"]], "xlsx")
    assert dateien.lesen(inhalt, name).zeilen == [(2, ["1", "2"])]


# --- plausible numbers (QA report 2026-11-29, finding 8) -----------------------------------------


def test_jedes_anzahlfeld_ist_ganz_und_begrenzt():
    from django.apps import apps

    from aktionsplan.eingaben import ANZAHL_MAX, feldfehler
    from aktionsplan.sperre import Versioniert

    gefunden = set()
    for modell in apps.get_models():
        if not issubclass(modell, Versioniert):
            continue
        for feld in modell.anzahlfelder:
            gefunden.add(f"{modell.__name__}.{feld}")
            for wert in (ANZAHL_MAX + 1, 99_999_999_999, -1):
                assert feld in dict(feldfehler(modell(**{feld: wert}))), (feld, wert)
            for wert in (0, 20, ANZAHL_MAX):
                assert feld not in dict(feldfehler(modell(**{feld: wert}))), (feld, wert)
    assert {
        "Beteiligungsformat.teilnehmende",
        "Beteiligungsformat.teilnehmende_mit_behinderung",
    } <= gefunden


@pytest.mark.parametrize(
    ("einheit", "fallzahl", "wert", "plausibel"),
    [
        ("Kinder", True, "3.5", False),
        ("Kinder", True, "3", True),
        ("Personen", True, "100000000", False),
        ("Personen", True, "0", True),
        ("%", True, "3.5", True),
        ("€", False, "3.5", True),
    ],
)
def test_werte_eines_zaehlindikators_sind_ganze_zahlen(einheit, fallzahl, wert, plausibel):
    from decimal import Decimal

    from monitoring.models import Indikator

    indikator = Indikator(einheit=einheit, ist_fallzahl=fallzahl)
    assert (indikator.wert_unplausibel(Decimal(wert)) == "") is plausibel


@pytest.mark.django_db
def test_bruchteil_eines_zaehlwerts_im_formular_und_import_abgelehnt(redaktion_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from monitoring.models import Messwert

    kommune = f.KommuneFactory(name="Stolberg", slug="stolberg")
    indikator = f.IndikatorFactory(name="Kinder", einheit="Kinder", ist_fallzahl=True)
    antwort = redaktion_client.post(
        reverse("monitoring:messwert_neu", args=[indikator.pk]),
        {"jahr": "2024", "raum": kommune.pk, "wert": "3,5"},
    )
    assert "Eine Anzahl ist eine ganze Zahl." in antwort.content.decode()
    datei = SimpleUploadedFile("w.csv", b"Indikator;Jahr;Raum;Wert\r\nKinder;2024;stolberg;3,5")
    antwort = redaktion_client.post("/monitoring/indikatoren/import/", {"datei": datei})
    assert "Zeile 2, Spalte „Wert“: Eine Anzahl ist eine ganze Zahl." in antwort.content.decode()
    assert not Messwert.objects.exists()


@pytest.mark.django_db
def test_unplausibel_viele_teilnehmende_abgelehnt(redaktion_client):
    from aktionsplan.models import Beteiligungsformat

    antwort = redaktion_client.post(
        reverse("monitoring:beteiligungsformat_neu"),
        {
            "titel": "Auftakt",
            "art": "workshop",
            "datum": "2026-01-05",
            "teilnehmende": "99999999999",
        },
    )
    assert antwort.status_code == 200
    assert not Beteiligungsformat.objects.exists()
    antwort = redaktion_client.post(
        reverse("monitoring:beteiligungsformat_neu"),
        {"titel": "Auftakt", "art": "workshop", "datum": "2026-01-05", "teilnehmende": "20000000"},
    )
    assert (
        "Teilnehmende: Eine Anzahl über 10.000.000 ist nicht plausibel." in antwort.content.decode()
    )
    assert not Beteiligungsformat.objects.exists()


# --- the decimal comma on every write path (QA report 2026-11-29, finding 15) --------------------


@pytest.mark.django_db
def test_admin_messwert_nimmt_das_dezimalkomma_wie_formular_und_import(datenpflege_client):
    from decimal import Decimal

    from monitoring.models import Messwert

    kommune = f.KommuneFactory(name="Stolberg", slug="stolberg")
    indikator = f.IndikatorFactory(name="Quote", einheit="je 1.000", ist_fallzahl=False)
    adresse = reverse("admin:monitoring_messwert_add")
    daten = _admin_formular(datenpflege_client, adresse)
    daten.update(
        indikator=[str(indikator.pk)],
        jahr=["2024"],
        raum=[str(kommune.pk)],
        wert=["1.234,5"],
        quellenhinweis=[""],
        geoeffnete_version=[""],
        fallzahl=[""],  # an empty input (the form reader fills "on" into inputs without value)
    )
    daten.pop("vorlaeufig", None)
    antwort = datenpflege_client.post(adresse, daten)
    assert antwort.status_code == 302, antwort.content.decode()[:2000]
    assert Messwert.objects.get().wert == Decimal("1234.5")


def test_jedes_dezimalfeld_im_admin_liest_die_deutsche_schreibweise():
    from django.contrib.admin.sites import site
    from django.db import models
    from django.test import RequestFactory

    from aktionsplan.forms import DeutscheZahlField

    anfrage = RequestFactory().get("/")
    for modell, modeladmin in site._registry.items():
        for feld in modell._meta.concrete_fields:
            if isinstance(feld, models.DecimalField):
                formfeld = modeladmin.formfield_for_dbfield(feld, anfrage)
                assert isinstance(formfeld, DeutscheZahlField), (modell, feld.name)
                assert formfeld.clean("2,5") == formfeld.clean("2.5")


@pytest.mark.django_db
def test_raum_import_mit_unbekannter_ebene_sagt_es_einmal(datenpflege_user):
    """Ebene "Planet" was refused, and then the model's rule on the level under a parent added a
    second, misleading error about the same column."""
    from aktionsplan import dateien, datenimport
    from aktionsplan.datenarten import RAEUME

    f.KommuneFactory(name="Stolberg", slug="stolberg")
    tabelle = dateien.lesen(
        "Kurzname;Name;übergeordneter Raum;Ebene\r\nmars;Mars;stolberg;Planet\r\n".encode(),
        "r.csv",
    )
    pruefung = datenimport.pruefen(RAEUME, tabelle, benutzer=datenpflege_user)
    fehler = [str(f) for f in pruefung.fehler]
    assert len(fehler) == 1, fehler
    assert fehler[0].startswith("Zeile 2, Spalte „Ebene“: „Planet“ ist nicht vorgesehen.")


# --- Unicode digits (QA report 2026-11-29, finding 10) -------------------------------------------

# 12.03.2026 and 2026-03-12 in Arabic-Indic, Extended Arabic-Indic (Persian) and fullwidth digits.
_ZIFFERN = {"arabisch": "٠١٢٣٤٥٦٧٨٩", "persisch": "۰۱۲۳۴۵۶۷۸۹", "vollbreit": "０１２３４５６７８９"}


def _in(schrift: str, text: str) -> str:
    return text.translate(str.maketrans("0123456789", _ZIFFERN[schrift]))


@pytest.mark.parametrize("schrift", list(_ZIFFERN))
def test_ziffern_werden_ueberall_gleich_gelesen(schrift):
    """One policy: every decimal digit is read as the digit it is, in numbers, dates and years,
    in forms and in files; look-alikes ("²") stay refused."""
    import datetime
    from decimal import Decimal

    from django import forms as django_forms

    from aktionsplan import dateien
    from aktionsplan.datenspalten import Datum, Kontext
    from aktionsplan.eingaben import ziffern_normalisieren
    from aktionsplan.forms import AdminDatumInput, DatumInput, DeutscheZahlField

    assert ziffern_normalisieren(_in(schrift, "1.234,5")) == "1.234,5"
    assert dateien.zahl_lesen(_in(schrift, "1.234,5")) == Decimal("1234.5")
    assert DeutscheZahlField().clean(_in(schrift, "12,5")) == Decimal("12.5")
    assert Datum("datum").lesen(_in(schrift, "12.03.2026"), Kontext()) == datetime.date(2026, 3, 12)
    assert Datum("datum").lesen(_in(schrift, "2026-03-12"), Kontext()) == datetime.date(2026, 3, 12)
    for widget in (DatumInput(), AdminDatumInput()):
        feld = django_forms.DateField(widget=widget)
        for text in ("12.03.2026", "2026-03-12"):
            roh = widget.value_from_datadict({"d": _in(schrift, text)}, {}, "d")
            assert feld.clean(roh) == datetime.date(2026, 3, 12)
    assert django_forms.IntegerField().clean(_in(schrift, "2026")) == 2026
    with pytest.raises(dateien.ZahlFehler):
        dateien.zahl_lesen("²")


def test_jedes_datumsfeld_jedes_formulars_liest_alle_ziffern():
    """Every date field of the staff forms and of the admin has a widget of the shared layer."""
    from django import forms as django_forms
    from django.contrib.admin.sites import site
    from django.db import models
    from django.test import RequestFactory

    from aktionsplan.forms import ZiffernMixin
    from monitoring import forms_berichte, forms_indikatoren
    from projekte import forms as projekt_forms

    for modul in (projekt_forms, forms_berichte, forms_indikatoren):
        for form in vars(modul).values():
            if isinstance(form, type) and issubclass(form, django_forms.BaseForm):
                for name, feld in form.base_fields.items():
                    if isinstance(feld, django_forms.DateField):
                        assert isinstance(feld.widget, ZiffernMixin), (form, name)
    anfrage = RequestFactory().get("/")
    for modell, modeladmin in site._registry.items():
        for feld in modell._meta.concrete_fields:
            if isinstance(feld, models.DateField) and not isinstance(feld, models.DateTimeField):
                widget = modeladmin.formfield_for_dbfield(feld, anfrage).widget
                assert isinstance(getattr(widget, "widget", widget), ZiffernMixin), feld


@pytest.mark.django_db
def test_meilenstein_mit_arabisch_indischem_datum(redaktion_client):
    """The QA case: "١٢.٠٣.٢٠٢٦" was refused in a date while "١٢٣" was read as a number."""
    import datetime

    from projekte.models import Meilenstein

    projekt = f.ProjektskizzeFactory()
    antwort = redaktion_client.post(
        reverse("projekte:meilenstein_neu", args=[projekt.pk]),
        {"titel": "Auftakt", "faellig_am": _in("arabisch", "12.03.2026")},
    )
    assert antwort.status_code == 302
    assert Meilenstein.objects.get().faellig_am == datetime.date(2026, 3, 12)
