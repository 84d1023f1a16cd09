"""No parameter of any page causes a server error (issue 7, "Text is handled as text").

Nothing here is a hand-written list of pages or parameters:

* the targets are every named pattern of the URL conf (``get_resolver()``), the admin included;
* their path parameters come from real links: a crawler visits the pages of a small data set as
  the Datenpflege (who sees the most) and resolves every link, form action and address it finds;
* their query parameters are the names in the GET forms and links that point to them, plus the
  ``base_filters`` of every django-filter FilterSet a page renders.

Hypothesis then throws Unicode digits ("²", "٣", "３"), huge and odd numbers, NUL bytes, control
characters, very long and arbitrary strings at them, as the Datenpflege and as Lesen, and every
answer must be below 500: first each of HEIKLE_WERTE in all of a page's parameters at once
(explicit examples, the same on every run), then random ones. The profile comes from
tests/conftest.py: "ci" (few random examples, the default) or HYPOTHESIS_PROFILE=gruendlich for
a long run (300 per page; it found the admin's NUL and date hierarchy cases).

Later issues extend this module: a new kind of input goes into ``_wert``, a new page needs only a
link from another page (or an entry point without path parameters).
"""

from __future__ import annotations

import datetime
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote_from_bytes, urlencode, urljoin, urlsplit

import django_filters
import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import ContextList
from django.urls import (
    NoReverseMatch,
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from aktionsplan.models import Raum
from aktionsplan.rollen import DATENPFLEGE, LESEN
from aktionsplan.sperre import speichern
from monitoring.berichtsfassungen import beschliessen, entwurf_anlegen
from monitoring.models import Berichtsfassung, Erkenntnis
from projekte.models import Ampel, Projektbeteiligung, Status
from rueckmeldungen.models import Erklaerung, Rueckmeldung
from tests import factories as f

# --- targets from the URL conf ----------------------------------------------------------------


def _namen(resolver: URLResolver, praefix: str = ""):
    for eintrag in resolver.url_patterns:
        if isinstance(eintrag, URLResolver):
            ns = f"{praefix}{eintrag.namespace}:" if eintrag.namespace else praefix
            yield from _namen(eintrag, ns)
        elif isinstance(eintrag, URLPattern) and eintrag.name:
            yield f"{praefix}{eintrag.name}"


URL_NAMEN = sorted(set(_namen(get_resolver())))
UNVERAENDERLICH_LOESCHEN = {
    f"admin:{m._meta.app_label}_{m._meta.model_name}_delete": m
    for m in django_apps.get_models()
    if getattr(m, "unveraenderlich", False)
}
# Models the admin shows read-only: no add or delete page (monitoring.admin).
NUR_LESEN_ADMIN = {
    f"admin:monitoring_berichtsfassung_{aktion}": Berichtsfassung for aktion in ("add", "delete")
}


def _eigene_filtersets() -> list[type[django_filters.FilterSet]]:
    """Every FilterSet subclass defined in the project (imported with the URL conf above)."""
    gefunden, offen = [], [django_filters.FilterSet]
    while offen:
        for unterklasse in offen.pop().__subclasses__():
            offen.append(unterklasse)
            if not unterklasse.__module__.startswith("django_filters"):
                gefunden.append(unterklasse)
    return gefunden


# --- a small data set with one object of every kind ------------------------------------------


def _datensatz() -> None:
    heute = datetime.date.today()
    kommune = f.KommuneFactory(name="Testkommune", slug="testkommune")
    # With an outline, so that the indicator page shows its map (issue 12).
    raum = f.RaumFactory(
        name="Büsbach",
        slug="buesbach",
        uebergeordnet=kommune,
        geometrie="POLYGON ((305000 5627000, 306000 5627000, 306000 5628000, 305000 5627000))",
    )
    thema = f.ThemaFactory(name="Wohnen und öffentlicher Raum")
    zielgruppe = f.ZielgruppeFactory(name="Ältere")
    artikel = f.UNBRKArtikelFactory()
    # Articles come from a migration without a history row; one change gives them one.
    speichern(artikel, benutzer=None)
    plan = f.PlanFactory(name="Aktionsplan Inklusion", kurzname="AP")
    f.FortschreibungFactory(plan=plan)
    # Published with its costs, so that the public pages are crawled too (issue 11).
    projekt = f.ProjektskizzeFactory(
        plan=plan,
        nummer=12,
        titel="Straße ohne Stufen",
        veroeffentlicht=True,
        kosten_oeffentlich=True,
    )
    projekt.raeume.add(raum)
    projekt.weitere_themen.add(f.ThemaFactory(name="Arbeit und Wirtschaft"))
    projekt.zielgruppen.add(zielgruppe)
    projekt.unbrk_artikel.add(artikel)
    f.SachstandFactory(
        projekt=projekt,
        datum=heute,
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        oeffentlich=True,
    )
    f.MeilensteinFactory(projekt=projekt, faellig_am=heute - datetime.timedelta(days=30))
    f.MeilensteinFactory(projekt=projekt, erledigt_am=heute)
    f.FinanzierungFactory(projekt=projekt)
    # The site's sign-language video and the measure's own (issue 11, point 3).
    f.GebaerdenvideoFactory(projekt=None)
    f.GebaerdenvideoFactory(projekt=projekt)
    akteur = f.AkteurFactory(name="Lebenshilfe Übergänge e. V.")
    akteur.raeume.add(raum)
    f.ProjektbeteiligungFactory(
        projekt=projekt, akteur=akteur, rolle=Projektbeteiligung.Rolle.FEDERFUEHREND
    )
    f.AnsprechpersonFactory(akteur=akteur)
    datenquelle = f.DatenquelleFactory(akteur=akteur)
    indikator = f.IndikatorFactory(
        name="Übergänge in Arbeit", datenquelle=datenquelle, oeffentlich=True
    )
    indikator.themen.add(thema)
    indikator.projekte.add(projekt)
    for jahr in (heute.year - 1, heute.year):
        f.MesswertFactory(indikator=indikator, raum=kommune, jahr=jahr, wert=120)
        f.MesswertFactory(indikator=indikator, raum=raum, jahr=jahr, wert=2)
    format_ = f.BeteiligungsformatFactory(datum=heute, plan=plan)
    format_.raeume.add(raum)
    erkenntnis = f.ErkenntnisFactory(
        beteiligungsformat=format_,
        datum=heute,
        ist_kernaussage=True,
        quelle=Erkenntnis.Quelle.VERANSTALTUNG,
    )
    erkenntnis.themen.add(thema)
    erkenntnis.raeume.add(raum)
    erkenntnis.projekte.add(projekt)
    # A qualitative indicator with its scale and a rating (the rating pages, issue 9); named to
    # come after the quantitative one, whose page the crawl must see for the value pages.
    qualitativ = f.QualitativerIndikatorFactory(
        name="Überprüfte Beteiligungskultur", datenquelle=datenquelle
    )
    stufen = [
        f.BewertungsstufeFactory(indikator=qualitativ, stufe=n, name=f"Stufe {n}")
        for n in (1, 2, 3)
    ]
    einschaetzung = f.EinschaetzungFactory(
        # a group of its own, written with history (the seeded ones have none)
        indikator=qualitativ,
        stufe=stufen[1],
        gruppe=f.BewertergruppeFactory(name="Angehörige"),
    )
    einschaetzung.erkenntnisse.add(erkenntnis)
    # The yearly report's life cycle (issue 9, point 7): last year's report adopted and frozen,
    # this year's a draft.
    vorjahr = entwurf_anlegen(
        Berichtsfassung(jahr=heute.year - 1, stand=heute, einleitung="Zum Jahr davor."),
        benutzer=None,
    )
    beschliessen(
        vorjahr,
        benutzer=None,
        erwartete_version=None,
        gremium="Ausschuss für Soziales",
        beschluss_datum=heute,
    )
    entwurf_anlegen(Berichtsfassung(jahr=heute.year, stand=heute), benutzer=None)
    # A finished task with its file (the task list links to its status page, that to the file).
    aufgabe = f.AufgabeFactory(gestartet_von=None, dateiname="jahresbericht.xlsx")
    aufgabe.datei.save("jahresbericht.xlsx", ContentFile(b"PK"), save=True)
    # A group that is no role, first in the group list (the crawl visits one change page per URL
    # name): the roles are read-only in the admin, without a delete link.
    Group.objects.create(name="Beirat")
    # Feedback (rueckmeldungen): a note on the public measure, and the statement as saved.
    speichern(
        Rueckmeldung(
            problem="Die Karte hat keinen Text.",
            seite="/oeffentlich/",
            email="hinweis@example.org",
            einwilligung=True,
            massnahme=projekt,
            antwort_bis=heute + datetime.timedelta(days=30),
        ),
        benutzer=None,
    )
    speichern(Erklaerung(nicht_barrierefrei="PDF-Berichte ohne Struktur."), benutzer=None)
    assert Raum.objects.eigene_kommune() == kommune


# --- the crawler -------------------------------------------------------------------------------

# Attributes whose value may be an address of the site.
ADRESS_ATTRIBUTE = {"href", "action", "src", "formaction"}


@dataclass
class _Formular:
    action: str | None
    methode: str
    felder: list[tuple[str, str, bool]] = field(default_factory=list)  # name, value, submitted
    arten: dict[str, str] = field(default_factory=dict)  # name → input type, "textarea", "select"
    dateifelder: list[str] = field(default_factory=list)  # names of <input type="file">


class _Leser(HTMLParser):
    """Addresses, forms and their fields of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.adressen: list[str] = []
        self.formulare: list[_Formular] = []
        self._formular: _Formular | None = None
        self._select: str | None = None
        self._erste_option = False
        # The index in its form's fields of the textarea being read (its text is its value).
        self._textarea: int | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        for name, wert in a.items():
            if name in ADRESS_ATTRIBUTE or (name.startswith("data-") and name.endswith("url")):
                self.adressen.append(wert)
        formular = self._formular
        if tag == "form":
            self._formular = _Formular(a.get("action") or None, (a.get("method") or "get").lower())
            self.formulare.append(self._formular)
        elif formular is None or ("name" not in a and tag != "option"):
            return
        elif tag == "input" and a.get("type") == "file":
            formular.dateifelder.append(a["name"])
        elif tag == "input" and a.get("type") not in ("submit", "button", "image"):
            art = a.get("type", "text")
            gesendet = art not in ("checkbox", "radio") or "checked" in a
            # A browser sends "on" for a checkbox without a value, "" for any other input.
            leer = "on" if art in ("checkbox", "radio") else ""
            formular.felder.append((a["name"], a.get("value", leer), gesendet))
            formular.arten.setdefault(a["name"], art)
        elif tag == "textarea":
            self._textarea = len(formular.felder)
            formular.felder.append((a["name"], "", True))
            formular.arten.setdefault(a["name"], "textarea")
        elif tag == "select":
            self._select, self._erste_option = a["name"], True
            formular.arten.setdefault(a["name"], "select")
        elif tag == "option" and self._select:
            gewaehlt = "selected" in a or self._erste_option
            formular.felder.append((self._select, a.get("value", ""), gewaehlt))
            self._erste_option = False

    def handle_data(self, data):
        if self._textarea is not None and self._formular is not None:
            name, wert, gesendet = self._formular.felder[self._textarea]
            # HTML drops one newline right after <textarea>.
            text = data.removeprefix("\n") if not wert else data
            self._formular.felder[self._textarea] = (name, wert + text, gesendet)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._formular = None


@dataclass
class Erkundung:
    pfade: dict[str, str] = field(default_factory=dict)  # URL name → a concrete path
    parameter: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )  # URL name → parameter → values seen
    filtersets: set[type] = field(default_factory=set)
    dauer: dict[str, float] = field(default_factory=dict)  # URL name → seconds of its visit
    # URL name of a POST form's target → (its concrete path, the form as the page shows it).
    formulare: dict[str, tuple[str, _Formular]] = field(default_factory=dict)

    def vermerken(self, adresse: str) -> str | None:
        """Record an address (path and query); returns its URL name if it is one of the site."""
        teile = urlsplit(adresse)
        if teile.scheme or teile.netloc:
            return None
        try:
            treffer = resolve(teile.path)
        except Resolver404:
            return None
        if not treffer.url_name:
            return None
        name = treffer.view_name
        self.pfade.setdefault(name, teile.path)
        for schluessel, wert in parse_qsl(teile.query, keep_blank_values=True):
            self.parameter[name][schluessel].add(wert)
        return name


def _filtersets_im_kontext(antwort) -> list[django_filters.FilterSet]:
    kontexte = antwort.context
    if kontexte is None:
        return []
    if not isinstance(kontexte, ContextList):
        kontexte = [kontexte]
    return [
        wert
        for kontext in kontexte
        for wert in kontext.flatten().values()
        if isinstance(wert, django_filters.FilterSet)
    ]


def erkunden(
    client: Client,
    ohne: re.Pattern | None = None,
    beim_besuch: Callable[[str, str, HttpResponse], None] | None = None,
) -> Erkundung:
    """Visit every page reachable from the entry points (the URL names without path parameters)
    once per URL name, following links, form actions, default submissions of GET forms and
    redirects. URL names that match ``ohne`` are noted but not visited. ``beim_besuch`` is called
    with the URL name, the address and the answer of every page visited (the HTML check keeps
    the pages it crawls: tests/test_html_gueltig.py)."""
    erkundung = Erkundung()
    offen: list[str] = []
    for name in URL_NAMEN:
        try:
            offen.append(reverse(name))
        except NoReverseMatch:
            continue
    besucht: set[str] = set()
    # A submitted GET form is visited once more even if its page was seen: its links carry the
    # form's parameters on (the measure list's export link carries the list's filters).
    abgeschickt: set[str] = set()
    formulare_gesehen: set[str] = set()
    while offen:
        adresse = offen.pop(0)
        name = erkundung.vermerken(adresse)
        if name is None:
            continue
        if name in besucht:
            if adresse not in abgeschickt:
                continue
            abgeschickt.discard(adresse)
        besucht.add(name)
        if ohne is not None and ohne.search(name):
            continue
        beginn = time.perf_counter()
        antwort = client.get(adresse)
        erkundung.dauer.setdefault(name, time.perf_counter() - beginn)
        if beim_besuch is not None:
            beim_besuch(name, adresse, antwort)
        if antwort.status_code in (301, 302, 303, 307, 308):
            offen.append(urljoin(adresse, antwort["Location"]))
            continue
        for filterset in _filtersets_im_kontext(antwort):
            erkundung.filtersets.add(type(filterset))
            for parameter in type(filterset).base_filters:
                erkundung.parameter[name][parameter]
        if "html" not in antwort.get("Content-Type", ""):
            continue
        leser = _Leser()
        leser.feed(antwort.content.decode("utf-8", "replace"))
        for ziel in leser.adressen:
            offen.append(urljoin(adresse, ziel))
        for formular in leser.formulare:
            ziel = urljoin(adresse, formular.action or urlsplit(adresse).path)
            if formular.methode != "get":
                offen.append(ziel)
                if (ziel_name := erkundung.vermerken(ziel)) is not None:
                    erkundung.formulare.setdefault(ziel_name, (urlsplit(ziel).path, formular))
                continue
            ziel_name = erkundung.vermerken(ziel)
            if ziel_name is None:
                continue
            for feld, wert, _gesendet in formular.felder:
                erkundung.parameter[ziel_name][feld].add(wert)
            gesendet = [(feld, wert) for feld, wert, g in formular.felder if g]
            abschicken = f"{urlsplit(ziel).path}?{urlencode(gesendet)}"
            if abschicken not in formulare_gesehen:
                formulare_gesehen.add(abschicken)
                abgeschickt.add(abschicken)
                offen.append(abschicken)
    return erkundung


@pytest.fixture(scope="module")
def seiten(django_db_setup, django_db_blocker):
    """The data set, the two roles' clients and the crawl, once per module (in a transaction
    that is rolled back at the end)."""
    with django_db_blocker.unblock(), transaction.atomic():
        _datensatz()
        clients = {}
        for rolle in (DATENPFLEGE, LESEN):
            client = Client(raise_request_exception=True)
            client.force_login(f.UserFactory(username=f"robust-{rolle}".lower(), rollen=[rolle]))
            clients[rolle] = client
        erkundung = erkunden(clients[DATENPFLEGE])
        yield erkundung, list(clients.values())
        transaction.set_rollback(True)


# --- what is thrown at them --------------------------------------------------------------------

UNICODE_ZIFFERN = "²³¹⁰⁹₂٠١٢٣٩۰۴۹０１９߀०१৩௫๓႐᠐𝟎𝟗"
AUFFAELLIGE_ZAHLEN = (
    "-1", "0", "-0", "+1", " 1", "1 ", "1.5", "1,5", "1e400", "NaN", "inf", "0x1F", "1_000",
    "2147483648", "9223372036854775808", "18446744073709551616", "9" * 400,
)  # fmt: skip


def _wert(beispiele: set[str]) -> st.SearchStrategy[str]:
    """One parameter value: a real one from the page, or something a page must survive."""
    arten = [
        st.text(alphabet=UNICODE_ZIFFERN + "0123456789", min_size=1, max_size=12),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.sampled_from(AUFFAELLIGE_ZAHLEN),
        st.text(max_size=8).map(lambda s: f"{s}\x00{s}"),
        st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp"]), min_size=1),
        st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40),
        st.sampled_from([201, 5_000, 60_000]).flatmap(
            lambda n: st.sampled_from(["a", "ä", "%", "_", "ß ", "\\"]).map(lambda z: (z * n)[:n])
        ),
    ]
    if beispiele:
        arten.insert(0, st.sampled_from(sorted(beispiele)))
    return st.one_of(arten)


def _abfrage(parameter: dict[str, set[str]]) -> st.SearchStrategy[str]:
    """A query string: some of the page's parameters (repeats allowed) with odd values, maybe an
    unknown parameter and raw bytes that are not UTF-8."""
    namen = sorted(parameter)
    paar = st.tuples(st.text(max_size=8), _wert(set()))
    if namen:
        paar = st.one_of(
            st.sampled_from(namen).flatmap(lambda n: st.tuples(st.just(n), _wert(parameter[n]))),
            paar,
        )
    roh = st.binary(max_size=12).map(quote_from_bytes)
    return st.tuples(st.lists(paar, min_size=1, max_size=4), st.one_of(st.just(""), roh)).map(
        lambda t: "&".join(filter(None, [urlencode(t[0]), t[1]]))
    )


LANGSAM_SEKUNDEN = 0.5
HEIKLE_WERTE = ("²", "٣", "３", "\x00", "\x01\x1f\x7f", "9" * 400, "ä" * 5_000)

# --- the tests ---------------------------------------------------------------------------------


def test_ziele_kommen_aus_der_url_konfiguration():
    assert "projekte:projekt_liste" in URL_NAMEN
    assert "monitoring:indikator_detail" in URL_NAMEN
    assert any(n.startswith("admin:") for n in URL_NAMEN)


@pytest.mark.django_db
def test_jedes_filterset_wird_auf_einer_seite_erreicht(seiten):
    erkundung, _clients = seiten
    assert set(_eigene_filtersets()) <= erkundung.filtersets
    assert "q" in erkundung.parameter["projekte:projekt_liste"]
    assert "raum" in erkundung.parameter["monitoring:indikator_detail"]
    assert "format" in erkundung.parameter["projekte:projekt_export"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", URL_NAMEN)
def test_kein_parameter_fuehrt_zu_serverfehler(seiten, name):
    erkundung, clients = seiten
    pfad = erkundung.pfade.get(name)
    if pfad is None and name in UNVERAENDERLICH_LOESCHEN:
        # Rows that are history (status reports) have no delete link: the page refuses.
        modell = UNVERAENDERLICH_LOESCHEN[name]
        objekt = modell._default_manager.first()
        antwort = clients[0].get(reverse(name, args=[objekt.pk]))
        assert antwort.status_code == 403
        return
    if pfad is None and name == "password_reset_confirm":
        # Reached from an e-mail, not from a page: a made-up link gets the page that says so.
        antwort = clients[0].get(reverse(name, kwargs={"uidb64": "MQ", "token": "x-y"}))
        assert antwort.status_code == 200
        return
    if pfad is None and name in NUR_LESEN_ADMIN:
        # Read-only in the admin (its writes go through the staff pages): no link, refused.
        modell = NUR_LESEN_ADMIN[name]
        args = [] if name.endswith("_add") else [modell._default_manager.first().pk]
        assert clients[0].get(reverse(name, args=args)).status_code == 403
        return
    if pfad is None and name.startswith("region:"):
        # The regional views exist only with several Kommunen; the data set has one, so nothing
        # links them and they answer 404 (their own tests try them in a region: tests/region).
        from tests.region.test_regionsicht import JAHR

        kwargs = (
            {"jahr": JAHR} if name.startswith("region:bericht_") or name == "region:bericht" else {}
        )
        if name == "region:bericht_auswahl":
            kwargs = {}
        assert clients[0].get(reverse(name, kwargs=kwargs)).status_code == 404
        return
    if pfad is None and name.endswith("_simple_history"):
        # A history record's page, reached from the history list: asked for directly.
        app_label, model_name = (
            name.removeprefix("admin:").removesuffix("_simple_history").split("_", 1)
        )
        modell = django_apps.get_model(app_label, model_name)
        eintrag = modell.history.first()
        assert eintrag is not None, name
        pfad = reverse(name, args=[eintrag.id, eintrag.history_id])
    assert pfad is not None, (
        f"Keine Seite verlinkt auf {name}: die Erkundung braucht einen Link darauf "
        "(oder der Datensatz in _datensatz() ein Objekt dafür)."
    )
    parameter = erkundung.parameter[name]
    # A page that takes long (the PDF report: about a second) gets a third of the examples.
    beispiele = hypothesis_settings().max_examples
    if erkundung.dauer.get(name, 0) > LANGSAM_SEKUNDEN:
        beispiele = max(2, beispiele // 3)

    def pruefen(abfrage: str) -> None:
        for client in clients:
            antwort = client.get(f"{pfad}?{abfrage}")
            assert antwort.status_code < 500, (name, abfrage[:200])

    pruefen = given(abfrage=_abfrage(parameter))(pruefen)
    # Besides the random examples: each of the known troublemakers in every parameter at once.
    for wert in HEIKLE_WERTE if parameter else ():
        pruefen = example(abfrage=urlencode(dict.fromkeys(parameter, wert)))(pruefen)
    hypothesis_settings(max_examples=beispiele)(pruefen)()


def test_ascii_ziffern_unicode_ziffern_werden_nicht_gelesen():
    """The helper behind hand-read parameters (the sibling of the page test above)."""
    from aktionsplan.eingaben import ganzzahl, ids_aus

    assert ganzzahl("12") == 12
    for wert in ("²", "³", "٣", "３", "1²", "-1", " 1", "1.0", "", None, "9" * 11, "2147483648"):
        assert ganzzahl(wert) is None, wert
    assert ids_aus(["3", "³", "0", "3", "x", "5"]) == [3, 5]
    assert re.fullmatch(r"\d", "٣")  # why the helper uses [0-9]: \d is Unicode-aware


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("admin:aktionsplan_raum_changelist", {"ebene__exact": "kommune\x00"}),
        ("admin:projekte_meilenstein_changelist", {"faellig_am__year": "2147483648"}),
        (
            "admin:projekte_meilenstein_changelist",
            {"faellig_am__year": "9999", "faellig_am__month": "12", "faellig_am__day": "31"},
        ),
        ("admin:monitoring_indikator_export", {"format": "csv", "art__exact": "\x00"}),
    ],
)
def test_admin_beantwortet_unsinnige_filter_wie_django(datenpflege_client, url, parameter):
    """The cases the page test found, by name: Django's answer to a wacky filter is a redirect to
    "?e=1" (PostgreSQL refuses NUL in text; the date hierarchy overflowed)."""
    antwort = datenpflege_client.get(reverse(url), parameter)
    assert antwort.status_code == 302
    assert antwort.url.endswith("?e=1")
    assert datenpflege_client.get(antwort.url).status_code == 200
