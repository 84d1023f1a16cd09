"""No form and no import causes a server error or stores what it should not (issue 8, "Hostile
input"); the sibling of tests/test_eingaben_robust.py, which does the same for GET parameters.

Nothing here is a hand-written list of forms or fields:

* the targets are every named pattern of the URL conf; the crawler of test_eingaben_robust
  (``erkunden``) visits the pages of its small data set as the Datenpflege and records each
  ``<form method="post">``: its target, its fields with their types and the values the page
  fills in;
* a target with a form gets its fields, a target without one gets random field names; a form
  that only a visitor sees who is not logged in (the logins) is found by a second crawl;
* the imports are the forms with a file field (the staff import of values and the admin import
  of each kind); their columns come from the kind (``Datenart``) the view imports.

Hypothesis then posts, as the role that may (Redaktion on the staff pages, Datenpflege in the
admin, a visitor on the logins), the form as the page fills it in with one to three fields
replaced by random and huge text, control characters, NUL, HTML and script, formula payloads,
Unicode digits, odd numbers, impossible dates and lists where one value is expected. Every
answer must be:

* below 500;
* refused input: nothing stored (every table compared before and after, history included) and a
  message on the page (the form's error summary, a field error, or an error message after a
  redirect);
* accepted input: every text field stored exactly as sent (Django strips the ends of a text
  field), and no page that shows it (the answer, the object's own page) carries an HTML payload
  unescaped.

Each example runs in a savepoint that is rolled back, and the client's cookies are restored, so
that examples do not see each other. The profile comes from tests/conftest.py ("ci": few
examples, the default; HYPOTHESIS_PROFILE=gruendlich for a long run).
"""

from __future__ import annotations

import csv
import functools
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin

import openpyxl
import pytest
from django.apps import apps as django_apps
from django.contrib.admin.sites import site as admin_site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models, transaction
from django.test import Client
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from aktionsplan import dateien
from aktionsplan.datenimport import Datenart
from aktionsplan.datenspalten import Text
from aktionsplan.rollen import DATENPFLEGE, REDAKTION
from monitoring.datenarten import MESSWERTE
from tests import factories as f
from tests.test_eingaben_robust import (
    AUFFAELLIGE_ZAHLEN,
    UNICODE_ZIFFERN,
    URL_NAMEN,
    Erkundung,
    _datensatz,
    _Formular,
    erkunden,
)

# --- the data set, the roles and the crawl -----------------------------------------------------

# Downloads hold no form; leaving them out saves the crawl the PDF report (seconds).
DOWNLOADS = re.compile(r"(_pdf|_xlsx|export|vorlage)$")


@dataclass
class Formularseiten:
    erkundung: Erkundung
    redaktion: Client
    datenpflege: Client
    anonym: Client
    # Forms only a visitor who is not logged in sees (the login).
    anonyme_formulare: set[str]


@pytest.fixture(scope="module")
def formularseiten(django_db_setup, django_db_blocker):
    """The data set, the clients of the two roles that post and of a visitor, and the crawl, once
    per module (in a transaction that is rolled back at the end)."""
    with django_db_blocker.unblock(), transaction.atomic():
        _datensatz()
        clients = {}
        for rolle in (REDAKTION, DATENPFLEGE):
            client = Client(raise_request_exception=True)
            client.force_login(f.UserFactory(username=f"formular-{rolle}".lower(), rollen=[rolle]))
            clients[rolle] = client
        erkundung = erkunden(clients[DATENPFLEGE], ohne=DOWNLOADS)
        anonym = Client(raise_request_exception=True)
        anonyme = {
            name: formular
            for name, formular in erkunden(anonym, ohne=DOWNLOADS).formulare.items()
            if name not in erkundung.formulare
        }
        erkundung.formulare.update(anonyme)
        yield Formularseiten(
            erkundung, clients[REDAKTION], clients[DATENPFLEGE], anonym, set(anonyme)
        )
        transaction.set_rollback(True)


def _client_fuer(seiten: Formularseiten, name: str) -> Client:
    """The role that may post: Datenpflege in the admin and on the feedback pages, Redaktion on
    the staff pages, a visitor on the login page."""
    if name in seiten.anonyme_formulare:
        return seiten.anonym
    nur_datenpflege = name.startswith(("admin:", "rueckmeldungen:"))
    return seiten.datenpflege if nur_datenpflege else seiten.redaktion


# --- what is stored: every table, before and after ---------------------------------------------

APPS = {
    "aktionsplan",
    "akteure",
    "projekte",
    "monitoring",
    "querschnitt",
    "rueckmeldungen",
    "auth",
    "admin",
}


def _tabellen() -> list[type[models.Model]]:
    return [
        m
        for m in django_apps.get_models(include_auto_created=True)
        if m._meta.app_label in APPS and not m._meta.proxy
    ]


# Per table: rows, highest key, sum of versions (the optimistic lock raises a row's version with
# every change, and every change through the one write path adds a history row).
Schnappschuss = dict[str, tuple]


def _stand_abfrage() -> tuple[str, list[type[models.Model]]]:
    tabellen = _tabellen()
    qn = connection.ops.quote_name
    teile = []
    for i, modell in enumerate(tabellen):
        spalten = {feld.column for feld in modell._meta.concrete_fields}
        version = f"SUM({qn('version')})" if "version" in spalten else "0"
        teile.append(
            f"SELECT {i}, COUNT(*), MAX({qn(modell._meta.pk.column)}), {version} "
            f"FROM {qn(modell._meta.db_table)}"
        )
    return " UNION ALL ".join(teile), tabellen


def schnappschuss() -> Schnappschuss:
    """The state of every table of the project (history, users and the admin log included), in
    one query."""
    abfrage, tabellen = _stand_abfrage()
    with connection.cursor() as cursor:
        cursor.execute(abfrage)
        return {tabellen[i]._meta.label: tuple(rest) for i, *rest in cursor.fetchall()}


# --- what is thrown at the fields --------------------------------------------------------------

# Distinct HTML and script payloads: none may ever reach a page unescaped.
NUTZLASTEN = (
    '<script>alert("feindlich-1")</script>',
    '<img src=x onerror=alert("feindlich-2")>',
    '"><svg onload=alert("feindlich-3")>',
    "</textarea><b id=feindlich-4>",
    "<a href=\"javascript:alert('feindlich-5')\">x</a>",
)
FORMELN = ("=1+1", '=HYPERLINK("http://example.org","x")', "+SUM(A1)", "-2+3", "@SUM(1)")
UNMOEGLICHE_DATEN = (
    "2025-02-30", "2025-13-01", "0000-01-01", "99999-01-01", "30.02.2025", "31.04.2025",
    "0001-01-01", "9999-12-31", "2025-02-29", "-2025-01-01", "２０２５-０１-０１", "2025-1-1",
)  # fmt: skip


def _feindlich() -> st.SearchStrategy[str]:
    """One hostile value for a field, of any kind."""
    return st.one_of(
        st.sampled_from(NUTZLASTEN),
        st.sampled_from(NUTZLASTEN).flatmap(lambda n: st.text(max_size=20).map(lambda t: t + n)),
        st.sampled_from(FORMELN),
        st.sampled_from(UNMOEGLICHE_DATEN),
        st.sampled_from(AUFFAELLIGE_ZAHLEN),
        st.text(alphabet=UNICODE_ZIFFERN + "0123456789", min_size=1, max_size=12),
        st.text(max_size=8).map(lambda s: f"{s}\x00{s}"),
        st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs"]), min_size=1),
        st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60),
        st.sampled_from([251, 5_000, 70_000]).flatmap(
            lambda n: st.sampled_from(["a", "ä", "<", "&", "ß ", "\\", "\n"]).map(
                lambda z: (z * n)[:n]
            )
        ),
    )


# A value a person would type, per input type: lets a new form pass, so that the hostile field is
# the only wrong one.
PLAUSIBEL = {
    "date": "2024-05-06",
    "number": "3",
    "email": "person@example.org",
    "url": "https://example.org/",
    "checkbox": "on",
    "password": "Robust-Kennwort-2024!",
}


@dataclass
class Feld:
    name: str
    art: str
    werte: list[str]  # the values the page offers (options) or fills in
    gesendet: list[str]  # the values the page submits as it is


def felder_des_formulars(formular: _Formular) -> dict[str, Feld]:
    felder: dict[str, Feld] = {}
    for name, wert, gesendet in formular.felder:
        feld = felder.setdefault(name, Feld(name, formular.arten.get(name, "text"), [], []))
        feld.werte.append(wert)
        if gesendet:
            feld.gesendet.append(wert)
    return felder


def grunddaten(felder: dict[str, Feld], *, ausfuellen: bool) -> dict[str, list[str]]:
    """The form as the page submits it; ``ausfuellen`` fills every empty field with a plausible
    value (the first real option of a select, a date, a number, a text)."""
    daten = {}
    for name, feld in felder.items():
        werte = list(feld.gesendet)
        if ausfuellen and not any(werte):
            if feld.art in ("select", "radio"):
                werte = [next((w for w in feld.werte if w), "")][:1]
            elif feld.art in ("hidden", "password"):
                # A password page filled in validly would change the signed-in person's own
                # password (the admin's crawl finds its own account) and end the session that
                # the following examples use.
                pass
            else:
                werte = [PLAUSIBEL.get(feld.art, f"Robust {name}")]
        if werte:
            daten[name] = werte
    return daten


@st.composite
def formulardaten(draw, felder: dict[str, Feld]) -> dict[str, list[str]]:
    """The page's submission (maybe filled in), with one to three fields replaced: by a hostile
    value, by several values, by an option of another field, or left out."""
    daten = grunddaten(felder, ausfuellen=draw(st.booleans()))
    namen = sorted(felder) or ["feld"]
    for name in draw(st.lists(st.sampled_from(namen), min_size=1, max_size=3, unique=True)):
        art = draw(st.sampled_from(["feindlich", "feindlich", "liste", "weglassen"]))
        if art == "feindlich":
            daten[name] = [draw(_feindlich())]
        elif art == "liste":
            daten[name] = draw(st.lists(_feindlich(), min_size=2, max_size=3))
        else:
            daten.pop(name, None)
    return daten


# Per input type, the troublemaker every field of that type gets in one fixed example.
TYPGERECHT = {
    "date": "2025-02-30",
    "number": "９" * 30,
    "checkbox": "\x00",
    "hidden": "٣",
    "select": "9" * 30,
    "radio": "2147483648",
    "email": "a@b\x00.org",
}


def feste_beispiele(felder: dict[str, Feld]) -> list[dict[str, list[str]]]:
    """The fixed examples of a form: nothing at all (an empty POST must not pass for a first
    visit: ``Form(request.POST or None)`` left the form unbound and silent); NUL in every field;
    every field far too long (the post is
    bigger than Django takes); every field its type's troublemaker (texts a script, dates
    impossible, numbers in fullwidth digits …); and the form filled in with a payload in every
    text field (meant to be accepted, so that storing and showing it is checked)."""
    if not felder:
        return []
    beispiele = [
        {},
        {name: ["\x00"] for name in felder},
        {name: ["ä" * 70_000] for name in felder},
        {name: [TYPGERECHT.get(feld.art, NUTZLASTEN[0])] for name, feld in felder.items()},
    ]
    ausgefuellt = grunddaten(felder, ausfuellen=True)
    for name, feld in felder.items():
        if feld.art in ("text", "textarea") and name in ausgefuellt:
            ausgefuellt[name] = [f"{name} {NUTZLASTEN[1]}"]
    beispiele.append(ausgefuellt)
    return beispiele


# --- the checks --------------------------------------------------------------------------------

FEHLER_STAFF = ("fehlerzusammenfassung", "kern-error", "kern-alert--danger")
FEHLER_ADMIN = ('class="errornote', 'class="errorlist', 'class="error"')
MELDUNG = re.compile(r'class="(kern-alert|messagelist|errornote|errorlist)')


def _text(antwort) -> str:
    return antwort.content.decode("utf-8", "replace") if antwort.content else ""


def ohne_rohe_nutzlast(antwort, gesendet: dict[str, list[str]], wo: str) -> None:
    """No HTML payload that was sent appears on the page as it was sent (unescaped)."""
    if "html" not in antwort.get("Content-Type", ""):
        return
    text = _text(antwort)
    for name, werte in gesendet.items():
        for wert in werte:
            for nutzlast in NUTZLASTEN:
                assert not (nutzlast in wert and nutzlast in text), (wo, name, nutzlast)


def zeigt_fehler(antwort) -> bool:
    """The page tells what is wrong: a form's errors, an error message, or one of the error
    pages (400: what was refused; 403: the roles; 404: the page is gone)."""
    text = _text(antwort)
    if antwort.status_code in (400, 403, 404):
        return 'class="kern-heading-large"' in text
    return any(zeichen in text for zeichen in (*FEHLER_STAFF, *FEHLER_ADMIN))


def _textfelder(modell: type[models.Model]) -> list[models.Field]:
    return [
        feld
        for feld in modell._meta.concrete_fields
        if isinstance(feld, (models.CharField, models.TextField))
        and not feld.choices
        and not isinstance(feld, models.URLField)
    ]


def texte_wie_gesendet(vorher: Schnappschuss, daten: dict) -> list[models.Model]:
    """Every object written (found through its new history rows) holds in each text field what
    was sent for it (a form or inline field of the same name, its ends stripped as Django's text
    fields do) or what it held before. Returns the written objects that still exist."""
    gesendet: dict[str, set[str]] = {}
    for schluessel, werte in daten.items():
        gesendet.setdefault(schluessel.rsplit("-", 1)[-1], set()).update(w.strip() for w in werte)
    objekte = []
    for modell in _tabellen():
        if not hasattr(modell, "instance_type") or not hasattr(modell, "history_type"):
            continue  # not a history table (or the history of a many-to-many table)
        bisher = vorher[modell._meta.label][1] or 0
        for eintrag in modell.objects.filter(history_id__gt=bisher).order_by("history_id"):
            objekt = modell.instance_type._base_manager.filter(pk=eintrag.id).first()
            if objekt is None:
                continue
            frueher = eintrag.prev_record
            for feld in _textfelder(modell.instance_type):
                if feld.name in gesendet:
                    wert = getattr(objekt, feld.attname)
                    erlaubt = set(gesendet[feld.name])
                    if frueher is not None:
                        erlaubt.add(getattr(frueher, feld.attname))
                    assert wert in erlaubt, (modell.instance_type, feld.name, str(wert)[:200])
            objekte.append(objekt)
    return objekte


def _cookies_merken(client: Client) -> Callable[[], None]:
    client.cookies.pop("messages", None)
    vorher = {k: m.value for k, m in client.cookies.items()}

    def zuruecksetzen() -> None:
        client.cookies.clear()
        for k, wert in vorher.items():
            client.cookies[k] = wert

    return zuruecksetzen


# Fields a person types into; a refused value in one of them must be explained on the page.
TIPPBAR = {"text", "textarea", "number", "date", "email", "password", "url", "search", "tel"}


def absenden(client: Client, pfad: str, daten: dict, *, felder: dict[str, Feld]) -> None:
    """Post once and check everything (see the module docstring); rolled back afterwards."""
    getippt = any(
        daten.get(name, []) != feld.gesendet for name, feld in felder.items() if feld.art in TIPPBAR
    )
    zuruecksetzen = _cookies_merken(client)
    try:
        with transaction.atomic():
            vorher = schnappschuss()
            antwort = client.post(pfad, daten)
            assert antwort.status_code < 500, (pfad, antwort.status_code)
            ohne_rohe_nutzlast(antwort, daten, pfad)
            geaendert = schnappschuss() != vorher
            weiter = None
            if antwort.status_code in (301, 302, 303):
                weiter = client.get(urljoin(pfad, antwort["Location"]))
                assert weiter.status_code < 500, (pfad, antwort["Location"])
                ohne_rohe_nutzlast(weiter, daten, antwort["Location"])
            if geaendert:
                # Accepted: texts as sent, shown escaped on the object's own page.
                gezeigt = {antwort.get("Location")}
                for objekt in texte_wie_gesendet(vorher, daten):
                    adresse = getattr(objekt, "get_absolute_url", lambda: None)()
                    if adresse and adresse not in gezeigt:
                        gezeigt.add(adresse)
                        seite = client.get(adresse)
                        assert seite.status_code < 500, adresse
                        ohne_rohe_nutzlast(seite, daten, adresse)
            elif getippt:
                # Refused what a person typed: the person is told why.
                if weiter is not None:
                    assert MELDUNG.search(_text(weiter)), (pfad, "keine Meldung nach Umleitung")
                else:
                    assert zeigt_fehler(antwort), (pfad, antwort.status_code, "keine Meldung")
            transaction.set_rollback(True)
    finally:
        zuruecksetzen()


# --- the tests ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_die_erkundung_findet_die_formulare(formularseiten):
    formulare = formularseiten.erkundung.formulare
    assert "projekte:projekt_bearbeiten" in formulare
    assert "admin:projekte_projektskizze_change" in formulare
    assert "monitoring:messwert_import" in formulare
    assert formulare["projekte:sachstand_neu"][1].arten["datum"] == "date"
    assert formulare["login"][1].arten["password"] == "password"
    assert formularseiten.anonyme_formulare == {"login", "admin:login"}


@pytest.mark.django_db
@pytest.mark.parametrize("name", URL_NAMEN)
def test_kein_formular_fuehrt_zu_serverfehler(formularseiten, name):
    erkundung = formularseiten.erkundung
    client = _client_fuer(formularseiten, name)
    if name in erkundung.formulare:
        pfad, formular = erkundung.formulare[name]
        felder = felder_des_formulars(formular)
    else:
        # A page without a form of its own: random fields must not hurt either.
        pfad = erkundung.pfade.get(name)
        if pfad is None:
            pytest.skip("keine Adresse (die GET-Prüfung verlangt eine)")
        felder = {}

    def pruefen(daten: dict[str, list[str]]) -> None:
        absenden(client, pfad, daten, felder=felder)

    pruefen = given(daten=formulardaten(felder))(pruefen)
    for daten in feste_beispiele(felder):
        pruefen = example(daten=daten)(pruefen)
    # Besides the fixed examples, the profile's random ones; a page without a form gets one.
    beispiele = hypothesis_settings().max_examples if felder else 1
    hypothesis_settings(max_examples=beispiele)(pruefen)()


# --- imports: hostile files ---------------------------------------------------------------------

IMPORTE = [name for name in URL_NAMEN if name.endswith("_import")]
# The staff imports and the kind each reads (the admin's come from its ModelAdmin).
STAFF_IMPORTE = {"monitoring:messwert_import": MESSWERTE}


def datenart_fuer(name: str) -> Datenart:
    if name in STAFF_IMPORTE:
        return STAFF_IMPORTE[name]
    app_label, model_name = name.removeprefix("admin:").removesuffix("_import").split("_", 1)
    return admin_site._registry[django_apps.get_model(app_label, model_name)].datenart


def csv_datei(zeilen: list[list[str]], kodierung: str = "utf-8") -> bytes:
    """A CSV as a person might save it: semicolons, no apostrophes before formulas."""
    puffer = io.StringIO()
    csv.writer(puffer, delimiter=";", lineterminator="\r\n").writerows(zeilen)
    return puffer.getvalue().encode(kodierung, "replace")


def xlsx_datei(zeilen: list[list[str]], *, formeln: bool = False) -> bytes:
    """An XLSX whose cells are text; with ``formeln``, a text starting with "=" is a formula."""
    mappe = openpyxl.Workbook()
    blatt = mappe.active
    for r, zeile in enumerate(zeilen, start=1):
        for s, wert in enumerate(zeile, start=1):
            zelle = blatt.cell(row=r, column=s)
            zelle.value = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", wert)
            if not (formeln and wert.startswith("=")):
                zelle.data_type = "s"
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


def _xlsx_mit_blatt(blatt_xml: bytes, *, weitere: dict[str, bytes] | None = None) -> bytes:
    """A valid XLSX whose first sheet is ``blatt_xml`` (and further parts replaced or added)."""
    vorlage = zipfile.ZipFile(io.BytesIO(xlsx_datei([["Name"]])))
    teile = {info.filename: vorlage.read(info) for info in vorlage.infolist()}
    teile["xl/worksheets/sheet1.xml"] = blatt_xml
    teile.update(weitere or {})
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w", zipfile.ZIP_DEFLATED) as archiv:
        for name, inhalt in teile.items():
            archiv.writestr(name, inhalt)
    return puffer.getvalue()


def _blatt(zeilen: bytes, *, vorspann: bytes = b"") -> bytes:
    """The XML of a sheet with these rows (``vorspann``: e.g. the dimension it claims)."""
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + vorspann
        + b"<sheetData>"
        + zeilen
        + b"</sheetData></worksheet>"
    )


def _zelle(text: bytes, ort: bytes = b"") -> bytes:
    return b'<c%s t="inlineStr"><is><t>%s</t></is></c>' % (ort and b' r="' + ort + b'"', text)


@functools.cache
def kaputte_dateien() -> dict[str, tuple[str, bytes]]:
    """Small files that are no table, or tables that cost far more to read than their size says:
    name → (file name, content)."""
    lachen = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            b'<!ENTITY %s "%s">' % (chr(98 + i).encode(), (b"&%s;" % chr(97 + i).encode()) * 10)
            for i in range(8)
        )
        + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"<sheetData><row>"
        + _zelle(b"&i;")
        + b"</row></sheetData></worksheet>"
    )
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as archiv:
        archiv.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    nur_zip = io.BytesIO()
    with zipfile.ZipFile(nur_zip, "w") as archiv:
        archiv.writestr("daten.csv", "Name\r\nA\r\n")
    gut = xlsx_datei([["Name"], ["A"]])
    bomben = {
        # 2,000 cells in one row; 12,000 rows of 51 cells; a cell at column XFD in every row of a
        # sheet that claims all of Excel's columns and rows; row 1,048,576 after row 1; a sheet
        # that unpacks to 60 MB; an entity that expands to 10^9 characters.
        "Zellen je Zeile": _blatt(b"<row>" + _zelle(b"x") * 2_000 + b"</row>"),
        "Zellen": _blatt((b"<row>" + _zelle(b"x") + b"<c/>" * 50 + b"</row>") * 12_000),
        "Abmessung": _blatt(
            b"".join(
                b'<row r="%d">%s</row>' % (i, _zelle(b"x", b"XFD%d" % i)) for i in range(1, 3_000)
            ),
            vorspann=b'<dimension ref="A1:XFD1048576"/>',
        ),
        "Zeilenlücke": _blatt(
            b'<row r="1">'
            + _zelle(b"Name", b"A1")
            + b'</row><row r="1048576">'
            + _zelle(b"x", b"A1048576")
            + b"</row>",
            vorspann=b'<dimension ref="A1:CV1048576"/>',
        ),
        "entpackt": _blatt(b"", vorspann=b" " * (60 * 1024 * 1024)),
        "Entitäten": lachen,
    }
    return {
        **{name: ("a.xlsx", _xlsx_mit_blatt(blatt)) for name, blatt in bomben.items()},
        "abgeschnitten": ("a.xlsx", gut[: len(gut) // 2]),
        "ODS": ("a.xlsx", ods.getvalue()),
        "ZIP": ("a.xlsx", nur_zip.getvalue()),
        "CSV als XLSX": ("a.xlsx", b"Name;Wert\r\nA;1\r\n"),
        "XLSX als CSV": ("a.csv", gut),
        "PNG": ("a.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
        "PDF": ("a.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
        "XLS": ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512),
        "binär": ("a.csv", bytes(range(1, 256)) * 8),
        "leer": ("a.csv", b""),
    }


def _textspalten(art: Datenart) -> list:
    return [s for s in art.spalten if isinstance(s, Text)]


def _gueltige_zeilen(art: Datenart) -> list[list[str]]:
    """The kind's rows as the export writes them (re-importing one changes nothing)."""
    with dateien.auf_deutsch():
        return [
            [dateien.zelle_als_text(z) for z in art.zeile_fuer(objekt)]
            for objekt in art.abfrage()[:3]
        ]


@st.composite
def importdatei(draw, art: Datenart, gueltig: list[list[str]]) -> tuple[str, bytes]:
    """A file for an import: random bytes; a table of the kind's columns whose cells are partly
    hostile, as CSV or XLSX; or one of the broken files."""
    art_der_datei = draw(st.sampled_from(["bytes", "tabelle", "tabelle", "tabelle", "kaputt"]))
    if art_der_datei == "bytes":
        endung = draw(st.sampled_from([".csv", ".xlsx", ".txt", ".exe", ""]))
        return f"datei{endung}", draw(st.binary(max_size=3_000))
    if art_der_datei == "kaputt":
        return kaputte_dateien()[draw(st.sampled_from(sorted(kaputte_dateien())))]
    kopf = art.kopf()
    zeilen = []
    for _i in range(draw(st.integers(1, 3))):
        zeile = list(draw(st.sampled_from(gueltig))) if gueltig else [""] * len(kopf)
        for spalte in draw(st.lists(st.integers(0, len(kopf) - 1), min_size=1, max_size=3)):
            zeile[spalte] = draw(
                st.one_of(
                    _feindlich(),
                    st.just("x" * 40_000),
                    st.just("a," * 3_000),
                    st.sampled_from(["30.02.2025", "00.01.0000", "01.01.99999", "1e400", "NaN"]),
                )
            )
        zeilen.append(zeile)
    format_ = draw(st.sampled_from(["csv", "csv-1252", "xlsx", "xlsx-formeln"]))
    if format_.startswith("xlsx"):
        return "daten.xlsx", xlsx_datei([kopf, *zeilen], formeln=format_ == "xlsx-formeln")
    return "daten.csv", csv_datei([kopf, *zeilen], "cp1252" if format_ == "csv-1252" else "utf-8")


def _erwartete_texte(art: Datenart, datei: tuple[str, bytes]) -> dict[str, set[str]]:
    """Per text column's field: the texts of the file's cells as the import stores them (one
    apostrophe of our exports removed in CSV, ends stripped, line endings as LF, an empty cell
    empty)."""
    name, inhalt = datei
    try:
        tabelle = dateien.lesen(inhalt, name)
    except dateien.DateiFehler:
        return {}
    texte: dict[str, set[str]] = {}
    for spalte in _textspalten(art):
        if spalte.kopf not in tabelle.kopf:
            continue
        i = tabelle.kopf.index(spalte.kopf)
        for _n, zellen in tabelle.zeilen:
            zelle = zellen[i] if i < len(zellen) and zellen[i] is not None else ""
            text = str(zelle).strip().replace("\r\n", "\n").replace("\r", "\n")
            texte.setdefault(spalte.feld, set()).add(text)
    return texte


def importieren(client: Client, pfad: str, art: Datenart, datei: tuple[str, bytes]) -> None:
    """Upload, and confirm a preview without errors; every step checked as a form post is."""
    zuruecksetzen = _cookies_merken(client)
    try:
        with transaction.atomic():
            vorher = schnappschuss()
            hochgeladen = SimpleUploadedFile(datei[0], datei[1])
            antwort = client.post(pfad, {"datei": hochgeladen})
            assert antwort.status_code < 500, (pfad, antwort.status_code)
            assert schnappschuss() == vorher, "Die Vorschau hat etwas gespeichert."
            ohne_rohe_nutzlast(antwort, {"datei": [datei[1].decode("utf-8", "replace")]}, pfad)
            if antwort.status_code == 302 and antwort["Location"].startswith("/aufgaben/"):
                # A file that states more than GROSS_AB_ZEILEN rows goes to the task queue (run
                # at once in the tests): its status page shows the refusal or the preview, and
                # nothing is stored before a confirm.
                seite = client.get(antwort["Location"])
                assert seite.status_code == 200, (pfad, antwort["Location"])
                assert schnappschuss() == vorher, (
                    "Die Prüfung im Hintergrund hat etwas gespeichert."
                )
                ohne_rohe_nutzlast(seite, {"datei": [datei[1].decode("utf-8", "replace")]}, pfad)
                assert zeigt_fehler(seite) or "Vorschau" in _text(seite), (
                    pfad,
                    "keine Meldung zur Datei auf der Seite der Aufgabe",
                )
                transaction.set_rollback(True)
                return
            bestaetigen = (antwort.context or {}).get("bestaetigen")
            if bestaetigen is None:
                # The file or a row was refused: the page says why.
                assert zeigt_fehler(antwort), (pfad, "keine Meldung zur Datei")
            else:
                summe = bestaetigen.initial["pruefsumme"]
                antwort = client.post(pfad, {"pruefsumme": summe})
                assert antwort.status_code < 500, (pfad, antwort.status_code)
                if schnappschuss() != vorher:
                    assert antwort.status_code == 302
                    daten = {f: list(t) for f, t in _erwartete_texte(art, datei).items()}
                    for objekt in texte_wie_gesendet(vorher, daten):
                        adresse = getattr(objekt, "get_absolute_url", lambda: None)()
                        if adresse:
                            seite = client.get(adresse)
                            assert seite.status_code < 500, adresse
                            ohne_rohe_nutzlast(seite, daten, adresse)
                else:
                    weiter = (
                        client.get(antwort["Location"]) if antwort.status_code == 302 else antwort
                    )
                    assert MELDUNG.search(_text(weiter)), (pfad, "keine Meldung zur Bestätigung")
            transaction.set_rollback(True)
    finally:
        zuruecksetzen()


def feste_importbeispiele(art: Datenart, gueltig: list[list[str]]) -> list[tuple[str, bytes]]:
    """Every broken file; the kind's rows with a payload or formula in every text column (meant to
    be accepted), as CSV and as XLSX with real formulas; a cell over Excel's limit; numbers beyond
    a float."""
    beispiele = list(kaputte_dateien().values())
    if gueltig:
        kopf = art.kopf()
        zeile = list(gueltig[0])
        for i, spalte in enumerate(art.spalten):
            if isinstance(spalte, Text) and spalte.feld not in art.schluessel:
                zeile[i] = f"{NUTZLASTEN[0]} =1+1"
        beispiele.append(("daten.csv", csv_datei([kopf, zeile])))
        formeln = list(gueltig[0])
        for i, spalte in enumerate(art.spalten):
            if isinstance(spalte, Text) and spalte.feld not in art.schluessel:
                formeln[i] = '=HYPERLINK("http://example.org","x")'
        beispiele.append(("daten.xlsx", xlsx_datei([kopf, formeln], formeln=True)))
        lang = list(gueltig[0])
        lang[0] = "x" * 40_000
        beispiele.append(("daten.csv", csv_datei([kopf, lang])))
    # Every cell a number beyond a float ("1e400" is infinity to openpyxl).
    kopfzeile = b"<row>" + b"".join(_zelle(k.encode()) for k in art.kopf()) + b"</row>"
    unendlich = b"<row>" + b"<c><v>1e400</v></c>" * len(art.kopf()) + b"</row>"
    beispiele.append(("daten.xlsx", _xlsx_mit_blatt(_blatt(kopfzeile + unendlich))))
    return beispiele


@pytest.mark.django_db
def test_jedes_import_formular_wird_gefunden(formularseiten):
    formulare = formularseiten.erkundung.formulare
    assert len(IMPORTE) == 7  # six kinds in the admin, values on the staff pages
    for name in IMPORTE:
        assert formulare[name][1].dateifelder == ["datei"], name
        assert datenart_fuer(name).spalten


@pytest.mark.django_db
@pytest.mark.parametrize("name", IMPORTE)
def test_kein_import_fuehrt_zu_serverfehler(formularseiten, name):
    client = _client_fuer(formularseiten, name)
    pfad = formularseiten.erkundung.formulare[name][0]
    art = datenart_fuer(name)
    gueltig = _gueltige_zeilen(art)

    def pruefen(datei: tuple[str, bytes]) -> None:
        importieren(client, pfad, art, datei)

    pruefen = given(datei=importdatei(art, gueltig))(pruefen)
    for datei in feste_importbeispiele(art, gueltig):
        pruefen = example(datei=datei)(pruefen)
    pruefen()
