"""Open data (issue 11, point 5): the public content as CSV, JSON and XLSX, a versioned schema
per dataset, and a DCAT-AP.de 3.0 catalogue of it all.

What is in the files is exactly what the public pages show, read through the same querysets
(``oeffentlich.views``): published measures (costs only where marked public), the themes, and
the values of public indicators, protected by ``monitoring.schutz`` as on the indicator page.
A value the page does not show ("< N", "•") is an empty numeric cell with ``geschuetzt`` true;
no file tells more about it than that.

Files follow the project's exports (``aktionsplan.dateien``): CSV is UTF-8 with BOM, ``;``,
CRLF, decimal comma, dates DD.MM.YYYY, truth values ``ja``/``nein``; XLSX keeps numbers and dates
typed. JSON is an array of objects with plain JSON types (numbers, ``true``/``false``, ISO dates).

Schema: one Frictionless Table Schema per dataset (https://specs.frictionlessdata.io/table-schema/),
version ``SCHEMA_VERSION`` in its address; a change of columns gets a new version, the old
address stays as long as the old files are served.

Catalogue: DCAT-AP.de 3.0 (https://www.dcat-ap.de/def/dcatde/3.0/spec/), built with rdflib and
served as JSON-LD and RDF/XML, for the municipality's open-data portal and GovData to harvest.
Licences: the installation's ``settings.STANDARDLIZENZ`` (Datenlizenz Deutschland –
Namensnennung 2.0 unless configured), per indicator ``Indikator.lizenz`` (monitoring.models).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aktionsplan.bereich import im_bereich
from aktionsplan.dateien import Blatt, auf_deutsch, csv_schreiben, xlsx_schreiben, zahl_kompakt
from aktionsplan.models import Raum, Thema
from aktionsplan.querysets import anzahl
from monitoring.models import LIZENZ_URI, Indikator, Lizenz, Messwert
from monitoring.schutz import schuetzen
from oeffentlich.views import _beschlossene_berichte, _oeffentliche_massnahmen
from projekte.models import Ampel, Projektskizze, Status

SCHEMA_VERSION = 1
FORMATE = ("csv", "json", "xlsx")
INHALTSTYPEN = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# --- licences ------------------------------------------------------------------------------------

# DCAT-AP.de's own licence vocabulary (http://dcat-ap.de/def/licenses/), which GovData expects in
# dct:license; LIZENZ_URI (monitoring.models) gives the licences' own pages for people.
DCATDE_LIZENZ = {
    Lizenz.DL_DE_BY_2_0: "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
    Lizenz.DL_DE_ZERO_2_0: "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
    Lizenz.CC_BY_4_0: "http://dcat-ap.de/def/licenses/cc-by/4.0",
    Lizenz.CC0_1_0: "http://dcat-ap.de/def/licenses/cc-zero",
}
# Licences that ask to name the source ("Namensnennung").
MIT_NAMENSNENNUNG = (Lizenz.DL_DE_BY_2_0, Lizenz.CC_BY_4_0)


def standardlizenz() -> Lizenz:
    """The installation's licence for everything that names none (``settings.STANDARDLIZENZ``)."""
    return Lizenz(settings.STANDARDLIZENZ)


@dataclass(frozen=True)
class Lizenzangabe:
    """A licence as the page, the schema and the catalogue name it."""

    lizenz: Lizenz

    @property
    def name(self) -> str:
        return str(self.lizenz.label)

    @property
    def uri(self) -> str:
        return LIZENZ_URI[self.lizenz]

    @property
    def dcatde_uri(self) -> str:
        return DCATDE_LIZENZ[self.lizenz]

    @property
    def namensnennung(self) -> bool:
        return self.lizenz in MIT_NAMENSNENNUNG


# --- datasets ------------------------------------------------------------------------------------


# A column that names each row's licence (the indicator values: licences come per indicator).
ZEILENLIZENZ = "lizenz"

# The Table Schema types as the open-data page names them.
TYPEN = {
    "string": gettext_lazy("Text"),
    "integer": gettext_lazy("ganze Zahl"),
    "number": gettext_lazy("Zahl"),
    "boolean": gettext_lazy("ja/nein"),
    "date": gettext_lazy("Datum"),
}


@dataclass(frozen=True)
class Feld:
    """One column: its name in every format, Table Schema type, title, description, unit."""

    name: str
    typ: str  # Table Schema type: string, integer, number, boolean, date
    titel: Promise | str
    beschreibung: Promise | str = ""
    einheit: str = ""
    werte: tuple[str, ...] = ()  # the allowed codes of a coded column

    @property
    def typ_text(self) -> str:
        return str(TYPEN[self.typ])


# A row as built from the database: Python values, keyed by Feld.name.
Zeile = dict[str, Any]


@dataclass(frozen=True)
class Datensatz:
    """A dataset of the open data: its columns, its rows and how the catalogue names it."""

    name: str
    titel: Promise | str
    beschreibung: Promise | str
    felder: tuple[Feld, ...]
    # EU data theme (http://publications.europa.eu/resource/authority/data-theme/…)
    eu_thema: str
    zeilen: Callable[..., list[Zeile]]

    @property
    def schema_name(self) -> str:
        return f"{self.name}-v{SCHEMA_VERSION}"


def _liste(objekte: Iterable[Any]) -> str:
    return "; ".join(str(o) for o in objekte)


def _absolut(pfad: str) -> str:
    return settings.BASIS_URL + pfad


def massnahmen_zeilen(nutzer) -> list[Zeile]:
    """The published measures as on their public pages (5 queries: the measures with state,
    plan and main theme, and four prefetches)."""
    projekte = _oeffentliche_massnahmen(nutzer).prefetch_related(
        "weitere_themen", "zielgruppen", "unbrk_artikel", "raeume"
    )
    zeilen = []
    for p in projekte:
        zeilen.append(
            {
                "id": p.pk,
                "kennung": p.kennung,
                "plan": p.plan.name,
                "nummer": p.nummer,
                "titel": p.titel,
                "kurzbeschreibung": p.kurzbeschreibung,
                "ziele": p.ziele,
                "hauptthema": p.hauptthema.name if p.hauptthema_id else "",
                "weitere_themen": _liste(t.name for t in p.weitere_themen.all()),
                "zielgruppen": _liste(z.name for z in p.zielgruppen.all()),
                "unbrk_artikel": _liste(a.nummer for a in p.unbrk_artikel.all()),
                "gesamtstaedtisch": p.gesamtstaedtisch,
                "raeume": _liste(r.name for r in p.raeume.all()),
                "beginn": p.beginn,
                "ende": p.ende,
                "status": p.aktueller_status,
                "ampel": p.aktuelle_ampel or "",
                "fortschritt": p.aktueller_fortschritt,
                "stand_am": p.letzter_sachstand_am,
                "beteiligung": p.beteiligung,
                "kosten_oeffentlich": p.kosten_oeffentlich,
                "kosten": p.kosten if p.kosten_oeffentlich else None,
                "url": _absolut(reverse("oeffentlich:massnahme", args=[p.pk])),
            }
        )
    return zeilen


def themen_zeilen(nutzer) -> list[Zeile]:
    """The themes with their Leitbild and their number of published measures, as on the start
    page (one query)."""
    oeffentlich = Projektskizze.objects.fuer(nutzer).oeffentlich()
    themen = (
        Thema.objects.fuer(nutzer)
        .geordnet()
        .select_related("leitbild")
        .annotate(
            anzahl_massnahmen=anzahl(oeffentlich.filter(hauptthema=OuterRef("pk")))
            + anzahl(oeffentlich.filter(weitere_themen=OuterRef("pk")))
        )
    )
    return [
        {
            "kurzname": t.slug,
            "name": t.name,
            "beschreibung": t.beschreibung,
            "leitbild": t.leitbild.name,
            "leitmotiv": t.leitbild.leitmotiv,
            "reihenfolge": t.reihenfolge,
            "anzahl_massnahmen": t.anzahl_massnahmen,
            "url": _absolut(reverse("oeffentlich:thema", args=[t.slug])),
        }
        for t in themen
    ]


def oeffentliche_indikatoren(nutzer):
    """The public indicators, by name (the indicator list's order)."""
    return Indikator.objects.fuer(nutzer).oeffentlich().order_by("name", "pk")


def indikatorwerte_zeilen(nutzer, indikator_pk: int | None = None) -> list[Zeile]:
    """Every value of the public indicators (or of one) in every area, protected exactly as
    the public indicator page shows it (``monitoring.schutz.schuetzen`` over complete groups):
    a value not shown there has an empty ``wert`` and ``geschuetzt`` true. Two queries, a third
    when shares or rates need the groups of their sources."""
    indikatoren = oeffentliche_indikatoren(nutzer)
    if indikator_pk is not None:
        indikatoren = indikatoren.filter(pk=indikator_pk)
    # Protected over the complete groups of all Kommunen (monitoring.schutz), the rows of the
    # reader's areas only: one Kommune's file next to another's gives no small value away.
    alle = list(
        Messwert.objects.fuer_anzeige(indikatoren=indikatoren).order_by(
            "indikator__name", "indikator_id", "jahr", "raum__ebene", "raum__name"
        )
    )
    anzeige = schuetzen(alle)
    messwerte = [mw for mw in alle if im_bereich(mw.raum.kommune_id, nutzer)]
    zeilen = []
    for mw in messwerte:
        av = anzeige[mw.pk]
        ind = mw.indikator
        zeilen.append(
            {
                "indikator_id": ind.pk,
                "indikator": ind.name,
                "einheit": ind.einheit,
                "jahr": mw.jahr,
                "raum": mw.raum.name,
                "raumebene": mw.raum.ebene,
                "amtlicher_schluessel": mw.raum.amtlicher_schluessel or "",
                "wert": None if av.geschuetzt else zahl_kompakt(av.wert),
                "geschuetzt": av.geschuetzt,
                "vorlaeufig": mw.vorlaeufig,
                "lizenz": ind.lizenz_uri,
                "url": _absolut(reverse("oeffentlich:indikator", args=[ind.pk])),
            }
        )
    return zeilen


_URL = Feld("url", "string", gettext_lazy("Adresse"), gettext_lazy("Die öffentliche Seite."))

MASSNAHMEN = Datensatz(
    name="massnahmen",
    titel=gettext_lazy("Maßnahmen des Aktionsplans Inklusion"),
    beschreibung=gettext_lazy(
        "Die veröffentlichten Maßnahmen mit Zielen, Zielgruppen, Themen und aktuellem Stand "
        "(Status, Ampel, Fortschritt). Kosten nur, wo sie zur Veröffentlichung freigegeben sind."
    ),
    felder=(
        Feld("id", "integer", gettext_lazy("Nummer in der Anwendung")),
        Feld("kennung", "string", gettext_lazy("Kennung"), gettext_lazy("Plan und Nummer.")),
        Feld("plan", "string", gettext_lazy("Plan")),
        Feld("nummer", "integer", gettext_lazy("Nummer im Plan")),
        Feld("titel", "string", gettext_lazy("Titel")),
        Feld("kurzbeschreibung", "string", gettext_lazy("Kurzbeschreibung")),
        Feld("ziele", "string", gettext_lazy("Ziele")),
        Feld("hauptthema", "string", gettext_lazy("Hauptthema")),
        Feld(
            "weitere_themen",
            "string",
            gettext_lazy("Weitere Themen"),
            gettext_lazy("Mehrere durch „; “ getrennt."),
        ),
        Feld(
            "zielgruppen",
            "string",
            gettext_lazy("Zielgruppen"),
            gettext_lazy("Mehrere durch „; “ getrennt."),
        ),
        Feld(
            "unbrk_artikel",
            "string",
            gettext_lazy("Artikel der UN-BRK"),
            gettext_lazy("Nummern der Artikel, durch „; “ getrennt."),
        ),
        Feld("gesamtstaedtisch", "boolean", gettext_lazy("gesamtstädtisch")),
        Feld(
            "raeume",
            "string",
            gettext_lazy("Räume"),
            gettext_lazy("Sozialräume oder Viertel, durch „; “ getrennt."),
        ),
        Feld("beginn", "date", gettext_lazy("Beginn")),
        Feld("ende", "date", gettext_lazy("Ende")),
        Feld(
            "status",
            "string",
            gettext_lazy("Status"),
            gettext_lazy("Code des aktuellen Status."),
            werte=tuple(Status.values),
        ),
        Feld(
            "ampel",
            "string",
            gettext_lazy("Ampel"),
            gettext_lazy("Code der aktuellen Ampel; leer ohne Sachstand."),
            werte=tuple(Ampel.values),
        ),
        Feld("fortschritt", "integer", gettext_lazy("Fortschritt"), einheit="%"),
        Feld("stand_am", "date", gettext_lazy("Stand vom"), gettext_lazy("Datum des Sachstands.")),
        Feld(
            "beteiligung",
            "string",
            gettext_lazy("Beteiligung"),
            gettext_lazy("Wie Menschen mit Behinderungen an der Maßnahme mitwirken."),
        ),
        Feld("kosten_oeffentlich", "boolean", gettext_lazy("Kosten veröffentlicht")),
        Feld(
            "kosten",
            "number",
            gettext_lazy("geschätzte Kosten"),
            gettext_lazy("Leer, wenn die Kosten nicht veröffentlicht sind."),
            einheit="EUR",
        ),
        _URL,
    ),
    eu_thema="GOVE",
    zeilen=massnahmen_zeilen,
)

THEMEN = Datensatz(
    name="themen",
    titel=gettext_lazy("Themen des Aktionsplans Inklusion"),
    beschreibung=gettext_lazy(
        "Die Handlungsfelder des Leitbilds mit Beschreibung und der Zahl ihrer veröffentlichten "
        "Maßnahmen."
    ),
    felder=(
        Feld("kurzname", "string", gettext_lazy("Kurzname")),
        Feld("name", "string", gettext_lazy("Name")),
        Feld("beschreibung", "string", gettext_lazy("Beschreibung")),
        Feld("leitbild", "string", gettext_lazy("Leitbild")),
        Feld("leitmotiv", "string", gettext_lazy("Leitmotiv")),
        Feld("reihenfolge", "integer", gettext_lazy("Reihenfolge")),
        Feld(
            "anzahl_massnahmen",
            "integer",
            gettext_lazy("veröffentlichte Maßnahmen"),
            einheit=gettext_lazy("Anzahl"),
        ),
        _URL,
    ),
    eu_thema="GOVE",
    zeilen=themen_zeilen,
)

INDIKATORWERTE = Datensatz(
    name="indikatorwerte",
    titel=gettext_lazy("Werte der Indikatoren zum Aktionsplan Inklusion"),
    beschreibung=gettext_lazy(
        "Die Werte der öffentlichen Indikatoren je Jahr und Raum. Kleine Fallzahlen sind "
        "geschützt: Ein nicht ausgewiesener Wert ist leer, die Spalte „geschuetzt“ sagt es."
    ),
    felder=(
        Feld("indikator_id", "integer", gettext_lazy("Nummer des Indikators")),
        Feld("indikator", "string", gettext_lazy("Indikator")),
        Feld("einheit", "string", gettext_lazy("Einheit"), gettext_lazy("Einheit der Werte.")),
        Feld("jahr", "integer", gettext_lazy("Jahr")),
        Feld("raum", "string", gettext_lazy("Raum")),
        Feld(
            "raumebene",
            "string",
            gettext_lazy("Ebene"),
            werte=tuple(Raum.Ebene.values),
        ),
        Feld(
            "amtlicher_schluessel",
            "string",
            gettext_lazy("Amtlicher Gemeindeschlüssel"),
            gettext_lazy("Nur bei einer Kommune."),
        ),
        Feld(
            "wert",
            "number",
            gettext_lazy("Wert"),
            gettext_lazy(
                "In der Einheit der Spalte „einheit“. Leer, wenn der Wert zum Schutz kleiner "
                "Zahlen nicht ausgewiesen ist."
            ),
        ),
        Feld(
            "geschuetzt",
            "boolean",
            gettext_lazy("geschützt"),
            gettext_lazy(
                "Wahr, wenn der Wert zum Schutz kleiner Zahlen nicht ausgewiesen ist (eine "
                "Fallzahl unter der Mindestfallzahl oder ein zurückgehaltener Wert)."
            ),
        ),
        Feld("vorlaeufig", "boolean", gettext_lazy("vorläufig")),
        Feld(
            ZEILENLIZENZ,
            "string",
            gettext_lazy("Lizenz"),
            gettext_lazy(
                "Adresse der Lizenz dieser Zeile: die Lizenz ihres Indikators, ohne eigene die "
                "Standardlizenz der Installation. Sie gilt für diese Zeile; Zeilen verschiedener "
                "Indikatoren können verschiedene Lizenzen haben."
            ),
        ),
        _URL,
    ),
    eu_thema="SOCI",
    zeilen=indikatorwerte_zeilen,
)

DATENSAETZE = {d.name: d for d in (MASSNAHMEN, THEMEN, INDIKATORWERTE)}


# --- files ---------------------------------------------------------------------------------------


def _blatt(datensatz: Datensatz, zeilen: Sequence[Zeile]) -> Blatt:
    namen = [f.name for f in datensatz.felder]
    return Blatt(
        titel=str(datensatz.titel)[:31],
        kopf=namen,
        zeilen=[[zeile[n] for n in namen] for zeile in zeilen],
        zahlenformate={i: "0.00" for i, f in enumerate(datensatz.felder) if f.typ == "number"},
    )


def _json_wert(wert: Any) -> Any:
    if isinstance(wert, Decimal):
        return int(wert) if wert == wert.to_integral_value() else float(wert)
    if isinstance(wert, datetime.date):
        return wert.isoformat()
    return wert


def datei(datensatz: Datensatz, zeilen: Sequence[Zeile], format_: str) -> bytes:
    """One dataset's rows as a file: ``format_`` "csv", "json" or "xlsx" (module docstring).
    The column names are the schema's, in every language. Raises ``ValueError`` for any other
    format."""
    if format_ == "json":
        namen = [f.name for f in datensatz.felder]
        daten = [{n: _json_wert(zeile[n]) for n in namen} for zeile in zeilen]
        return json.dumps(daten, ensure_ascii=False, indent=1).encode("utf-8")
    with auf_deutsch():
        blatt = _blatt(datensatz, zeilen)
        if format_ == "csv":
            return csv_schreiben(blatt)
        if format_ == "xlsx":
            return xlsx_schreiben([blatt])
    raise ValueError(format_)


# --- schema --------------------------------------------------------------------------------------


def schema(datensatz: Datensatz) -> dict[str, Any]:
    """The dataset's Frictionless Table Schema (v1), with the CSV notation of its values
    (German: decimal comma, DD.MM.YYYY, ja/nein) and the licence. Written in German."""
    with auf_deutsch():
        felder = []
        for f in datensatz.felder:
            eintrag: dict[str, Any] = {"name": f.name, "type": f.typ, "title": str(f.titel)}
            if f.beschreibung:
                eintrag["description"] = str(f.beschreibung)
            if f.einheit:
                eintrag["unit"] = str(f.einheit)
            if f.typ == "number":
                eintrag["decimalChar"] = ","
                eintrag["groupChar"] = ""
            elif f.typ == "date":
                eintrag["format"] = "%d.%m.%Y"
            elif f.typ == "boolean":
                eintrag["trueValues"] = ["ja", "true"]
                eintrag["falseValues"] = ["nein", "false"]
            if f.werte:
                eintrag["constraints"] = {"enum": list(f.werte)}
            if f.name == ZEILENLIZENZ:
                eintrag["format"] = "uri"
                eintrag["constraints"] = {"required": True, "enum": list(LIZENZ_URI.values())}
            felder.append(eintrag)
        lizenz = Lizenzangabe(standardlizenz())
        beschreibung = str(datensatz.beschreibung)
        lizenzangabe = {"name": lizenz.lizenz.value, "path": lizenz.uri, "title": lizenz.name}
        if any(f.name == ZEILENLIZENZ for f in datensatz.felder):
            # The licence list describes the default only; each row names its own (QA of
            # issue 11: the schema named one licence while rows carried others).
            hinweis = _(
                "Lizenz: Jede Zeile nennt in der Spalte „%(spalte)s“ ihre Lizenz, und diese "
                "gilt für die Zeile. „licenses“ nennt die Standardlizenz, die für Indikatoren "
                "ohne eigene Lizenz gilt."
            ) % {"spalte": ZEILENLIZENZ}
            beschreibung = f"{beschreibung} {hinweis}"
            lizenzangabe["title"] = _(
                "%(lizenz)s (Standard; die Lizenz jeder Zeile steht in der Spalte „%(spalte)s“)"
            ) % {"lizenz": lizenz.name, "spalte": ZEILENLIZENZ}
        return {
            "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
            "name": datensatz.schema_name,
            "title": str(datensatz.titel),
            "description": beschreibung,
            "version": str(SCHEMA_VERSION),
            "fields": felder,
            "missingValues": [""],
            "licenses": [lizenzangabe],
            "dialect": {"delimiter": ";", "lineTerminator": "\r\n", "encoding": "utf-8-sig"},
        }


def schema_json(datensatz: Datensatz) -> bytes:
    return json.dumps(schema(datensatz), ensure_ascii=False, indent=1).encode("utf-8")


# --- catalogue -----------------------------------------------------------------------------------

DCATDE_NS = "http://dcat-ap.de/def/dcatde/"
VCARD_NS = "http://www.w3.org/2006/vcard/ns#"
EU_THEMA = "http://publications.europa.eu/resource/authority/data-theme/"
EU_DATEITYP = "http://publications.europa.eu/resource/authority/file-type/"
EU_SPRACHE_DEU = "http://publications.europa.eu/resource/authority/language/DEU"
IANA = "https://www.iana.org/assignments/media-types/"
GEMEINDESCHLUESSEL = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/"
EBENE_GEMEINDE = "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
# Format → (EU file type, IANA media type)
DATEITYPEN = {
    "csv": ("CSV", "text/csv"),
    "json": ("JSON", "application/json"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "html": ("HTML", "text/html"),
    "pdf": ("PDF", "application/pdf"),
}


@dataclass
class Verteilung:
    format_: str
    url: str
    lizenz: Lizenzangabe


@dataclass
class Katalogeintrag:
    kennung: str  # fragment of the dataset's IRI on the open-data page
    titel: str
    beschreibung: str
    eu_thema: str
    lizenz: Lizenzangabe
    verteilungen: list[Verteilung]
    schema_url: str = ""
    seite: str = ""
    ausgegeben: datetime.date | None = None
    jahr: int | None = None
    # The newest change of the data in it (dct:modified); None: no data yet.
    geaendert: datetime.datetime | datetime.date | None = None


def _neuester(*staende: datetime.datetime | datetime.date | None):
    """The latest of the given times (a date counts as its start), or None."""
    vorhanden = [s for s in staende if s is not None]
    if not vorhanden:
        return None

    def als_zeit(s):
        if isinstance(s, datetime.datetime):
            return s
        return datetime.datetime.combine(s, datetime.time.min, tzinfo=datetime.UTC)

    return max(vorhanden, key=als_zeit)


def datenstaende(nutzer) -> dict[str, datetime.datetime | None]:
    """The newest change of the published measures (their ``geaendert_am``) and of the themes
    (their history: a theme has no timestamp of its own), for dct:modified. Two queries."""
    massnahmen = (
        Projektskizze.objects.fuer(nutzer)
        .oeffentlich()
        .aggregate(neueste=Max("geaendert_am"))["neueste"]
    )
    themen = Thema.history.filter(id__in=Thema.objects.fuer(nutzer).values("pk")).aggregate(
        neueste=Max("history_date")
    )["neueste"]
    return {MASSNAHMEN.name: massnahmen, THEMEN.name: themen}


def katalogeintraege(nutzer) -> tuple[list[Katalogeintrag], list[Katalogeintrag]]:
    """The datasets of the catalogue and the adopted yearly reports (the series' members),
    each with the newest change of its data (``geaendert``). Four queries: the measures' and
    themes' newest change (``datenstaende``), the public indicators with their values' newest
    change, and the adopted reports."""
    standard = Lizenzangabe(standardlizenz())
    daten_seite = _absolut(reverse("oeffentlich:daten"))
    staende = datenstaende(nutzer)
    indikatoren = list(
        oeffentliche_indikatoren(nutzer)
        .only("name", "beschreibung", "lizenz")
        .annotate(
            werte_geaendert=Subquery(
                Messwert.objects.fuer(nutzer)
                .filter(indikator=OuterRef("pk"))
                .order_by("-geaendert_am")
                .values("geaendert_am")[:1]
            )
        )
    )
    staende[INDIKATORWERTE.name] = _neuester(*(i.werte_geaendert for i in indikatoren))
    eintraege = []
    for d in DATENSAETZE.values():
        lizenz = standard
        eintraege.append(
            Katalogeintrag(
                kennung=d.name,
                titel=str(d.titel),
                beschreibung=str(d.beschreibung),
                eu_thema=d.eu_thema,
                lizenz=lizenz,
                verteilungen=[
                    Verteilung(
                        f, _absolut(reverse("oeffentlich:daten_datei", args=[d.name, f])), lizenz
                    )
                    for f in FORMATE
                ],
                schema_url=_absolut(reverse("oeffentlich:daten_schema", args=[d.schema_name])),
                seite=daten_seite,
                geaendert=staende.get(d.name),
            )
        )
    lizenzen = {i.lizenz_wirksam for i in indikatoren}
    if lizenzen and lizenzen != {standard.lizenz}:
        # The values file mixes licences: its column "lizenz" names each row's; the catalogue
        # names the licence of each indicator's own dataset below, and none for the mix.
        eintraege = [e for e in eintraege if e.kennung != INDIKATORWERTE.name]
    for ind in indikatoren:
        lizenz = Lizenzangabe(ind.lizenz_wirksam)
        eintraege.append(
            Katalogeintrag(
                kennung=f"indikator-{ind.pk}",
                titel=_("Indikator: %(name)s") % {"name": ind.name},
                beschreibung=ind.beschreibung
                or _("Werte des Indikators „%(name)s“ je Jahr und Raum.") % {"name": ind.name},
                eu_thema=INDIKATORWERTE.eu_thema,
                lizenz=lizenz,
                verteilungen=[
                    Verteilung(
                        f,
                        _absolut(reverse("oeffentlich:daten_indikator", args=[ind.pk, f])),
                        lizenz,
                    )
                    for f in FORMATE
                ],
                schema_url=_absolut(
                    reverse("oeffentlich:daten_schema", args=[INDIKATORWERTE.schema_name])
                ),
                seite=_absolut(reverse("oeffentlich:indikator", args=[ind.pk])),
                geaendert=ind.werte_geaendert,
            )
        )
    berichte = []
    for b in _beschlossene_berichte(nutzer):
        formate = ["html", "pdf"] if b.hat_pdf else ["html"]
        berichte.append(
            Katalogeintrag(
                kennung=f"jahresbericht-{b.jahr}",
                titel=_("Jahresbericht %(jahr)s zum Aktionsplan Inklusion") % {"jahr": b.jahr},
                beschreibung=_(
                    "Der beschlossene Jahresbericht %(jahr)s (öffentliche Fassung): Stand der "
                    "Maßnahmen und Indikatoren, so wie der Bericht beschlossen wurde."
                )
                % {"jahr": b.jahr},
                eu_thema="GOVE",
                lizenz=standard,
                verteilungen=[
                    Verteilung(
                        f,
                        _absolut(reverse("oeffentlich:bericht_datei", args=[b.jahr, f])),
                        standard,
                    )
                    for f in formate
                ],
                seite=_absolut(reverse("oeffentlich:berichte")),
                ausgegeben=b.beschluss_datum,
                jahr=b.jahr,
                # Frozen when adopted: its data changed last then.
                geaendert=b.beschluss_datum,
            )
        )
    return eintraege, berichte


def lieferant_id() -> str:
    """The catalogue's ``dcatde:contributorID``: ``settings.DCATDE_CONTRIBUTOR_ID``, the IRI
    GovData assigns to a supplying portal (vocabulary http://dcat-ap.de/def/contributors/);
    until one is assigned, the catalogue names itself by its own address, so that a harvester
    can still tell its datasets from others'."""
    return settings.DCATDE_CONTRIBUTOR_ID or _absolut(reverse("oeffentlich:daten")) + "#lieferant"


def kontakt_email() -> str:
    """The address of the catalogue's contact point: where feedback goes
    (``RUECKMELDUNG_EMAIL``, else ``KONTAKT_EMAIL``, the installation's role mailbox)."""
    return settings.RUECKMELDUNG_EMAIL or settings.KONTAKT_EMAIL


def katalog_graph(nutzer, *, kommune: Raum | None, kommunenname: str):
    """The DCAT-AP.de 3.0 catalogue as an rdflib Graph: a dcat:Catalog with its publisher (the
    Kommune as foaf:Agent), every dataset with title, description, publisher, licence, EU data
    theme, the Kommune's official key (dcatde:politicalGeocodingURI, from
    ``Raum.amtlicher_schluessel``) and a distribution per format, and the adopted yearly reports
    as a dcat:DatasetSeries whose members name it with dcat:inSeries. Catalogue, datasets and
    series carry a contact point (vcard: the Kommune, the feedback address and form,
    ``kontakt_email``), ``dcatde:contributorID`` (``lieferant_id``) and ``dct:modified``: the
    newest change of their data (the catalogue: of all its datasets). Four queries
    (``katalogeintraege``)."""
    from rdflib import BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

    # DCAT 3 (dcat:DatasetSeries, dcat:inSeries); rdflib's closed DCAT namespace is DCAT 2.
    DCAT = Namespace("http://www.w3.org/ns/dcat#")  # noqa: N806 — the vocabulary's name
    dcatde = Namespace(DCATDE_NS)
    g = Graph()
    g.bind("dcat", DCAT)
    g.bind("dct", DCTERMS)
    g.bind("foaf", FOAF)
    g.bind("dcatde", dcatde)
    vcard = Namespace(VCARD_NS)
    g.bind("vcard", vcard)

    def text(wert: str) -> Literal:
        return Literal(wert, lang="de")

    daten_seite = _absolut(reverse("oeffentlich:daten"))
    katalog = URIRef(_absolut(reverse("oeffentlich:daten_katalog", args=["jsonld"])))
    herausgeber = URIRef(_absolut(reverse("oeffentlich:start")) + "#herausgeber")
    g.add((herausgeber, RDF.type, FOAF.Agent))
    g.add((herausgeber, RDF.type, FOAF.Organization))
    g.add((herausgeber, FOAF.name, text(kommunenname or _("Aktionsplan Inklusion"))))
    g.add((herausgeber, FOAF.homepage, URIRef(_absolut(reverse("oeffentlich:start")))))

    g.add((katalog, RDF.type, DCAT.Catalog))
    titel = _("Offene Daten zum Aktionsplan Inklusion – %(kommune)s") % {"kommune": kommunenname}
    g.add((katalog, DCTERMS.title, text(titel)))
    g.add(
        (
            katalog,
            DCTERMS.description,
            text(
                _(
                    "Maßnahmen, Themen, Indikatorwerte und Jahresberichte des Aktionsplans "
                    "Inklusion als offene Daten."
                )
            ),
        )
    )
    g.add((katalog, DCTERMS.publisher, herausgeber))
    g.add((katalog, FOAF.homepage, URIRef(daten_seite)))
    g.add((katalog, DCTERMS.language, URIRef(EU_SPRACHE_DEU)))
    standard = Lizenzangabe(standardlizenz())
    g.add((katalog, DCTERMS.license, URIRef(standard.dcatde_uri)))
    lieferant = URIRef(lieferant_id())
    g.add((katalog, dcatde.contributorID, lieferant))
    kontakt = URIRef(f"{daten_seite}#kontakt")
    g.add((kontakt, RDF.type, vcard.Organization))
    g.add((kontakt, vcard.fn, text(kommunenname or _("Aktionsplan Inklusion"))))
    if email := kontakt_email():
        g.add((kontakt, vcard.hasEmail, URIRef(f"mailto:{email}")))
    g.add((kontakt, vcard.hasURL, URIRef(_absolut(reverse("rueckmeldung")))))
    g.add((katalog, DCAT.contactPoint, kontakt))

    def geaendert(knoten: URIRef, wann: datetime.datetime | datetime.date | None) -> None:
        if isinstance(wann, datetime.datetime):
            g.add((knoten, DCTERMS.modified, Literal(wann, datatype=XSD.dateTime)))
        elif wann is not None:
            g.add((knoten, DCTERMS.modified, Literal(wann, datatype=XSD.date)))

    def datensatz_knoten(eintrag: Katalogeintrag) -> URIRef:
        knoten = URIRef(f"{daten_seite}#{eintrag.kennung}")
        g.add((knoten, RDF.type, DCAT.Dataset))
        g.add((knoten, DCTERMS.identifier, Literal(str(knoten))))
        g.add((knoten, DCTERMS.title, text(eintrag.titel)))
        g.add((knoten, DCTERMS.description, text(eintrag.beschreibung)))
        g.add((knoten, DCTERMS.publisher, herausgeber))
        g.add((knoten, DCTERMS.license, URIRef(eintrag.lizenz.dcatde_uri)))
        g.add((knoten, DCAT.theme, URIRef(EU_THEMA + eintrag.eu_thema)))
        g.add((knoten, DCTERMS.language, URIRef(EU_SPRACHE_DEU)))
        g.add((knoten, DCAT.contactPoint, kontakt))
        g.add((knoten, dcatde.contributorID, lieferant))
        geaendert(knoten, eintrag.geaendert)
        if eintrag.seite:
            g.add((knoten, DCAT.landingPage, URIRef(eintrag.seite)))
        if eintrag.ausgegeben:
            g.add((knoten, DCTERMS.issued, Literal(eintrag.ausgegeben, datatype=XSD.date)))
        if kommune is not None and kommune.amtlicher_schluessel:
            g.add(
                (
                    knoten,
                    dcatde.politicalGeocodingURI,
                    URIRef(GEMEINDESCHLUESSEL + kommune.amtlicher_schluessel),
                )
            )
            g.add((knoten, dcatde.politicalGeocodingLevelURI, URIRef(EBENE_GEMEINDE)))
        for v in eintrag.verteilungen:
            verteilung = URIRef(f"{daten_seite}#{eintrag.kennung}-{v.format_}")
            dateityp, medientyp = DATEITYPEN[v.format_]
            g.add((knoten, DCAT.distribution, verteilung))
            g.add((verteilung, RDF.type, DCAT.Distribution))
            g.add((verteilung, DCTERMS.title, text(f"{eintrag.titel} ({dateityp})")))
            g.add((verteilung, DCAT.accessURL, URIRef(v.url)))
            g.add((verteilung, DCAT.downloadURL, URIRef(v.url)))
            g.add((verteilung, DCTERMS.format, URIRef(EU_DATEITYP + dateityp)))
            g.add((verteilung, DCAT.mediaType, URIRef(IANA + medientyp)))
            g.add((verteilung, DCTERMS.license, URIRef(v.lizenz.dcatde_uri)))
            if v.lizenz.namensnennung and kommunenname:
                g.add((verteilung, dcatde.licenseAttributionByText, text(kommunenname)))
            if eintrag.schema_url and v.format_ != "xlsx":
                g.add((verteilung, DCTERMS.conformsTo, URIRef(eintrag.schema_url)))
        g.add((katalog, DCAT.dataset, knoten))
        return knoten

    eintraege, berichte = katalogeintraege(nutzer)
    for eintrag in eintraege:
        datensatz_knoten(eintrag)
    geaendert(katalog, _neuester(*(e.geaendert for e in [*eintraege, *berichte])))
    if berichte:
        reihe = URIRef(f"{daten_seite}#jahresberichte")
        g.add((reihe, RDF.type, DCAT.DatasetSeries))
        g.add((reihe, DCTERMS.title, text(_("Jahresberichte zum Aktionsplan Inklusion"))))
        g.add(
            (
                reihe,
                DCTERMS.description,
                text(
                    _(
                        "Die beschlossenen Jahresberichte an den Fachausschuss, einer je Jahr, "
                        "in der öffentlichen Fassung."
                    )
                ),
            )
        )
        g.add((reihe, DCTERMS.publisher, herausgeber))
        g.add((reihe, DCTERMS.license, URIRef(standard.dcatde_uri)))
        g.add((reihe, DCAT.contactPoint, kontakt))
        g.add((reihe, dcatde.contributorID, lieferant))
        geaendert(reihe, _neuester(*(e.geaendert for e in berichte)))
        g.add((reihe, DCAT.theme, URIRef(EU_THEMA + "GOVE")))
        g.add((reihe, DCAT.landingPage, URIRef(_absolut(reverse("oeffentlich:berichte")))))
        if kommune is not None and kommune.amtlicher_schluessel:
            g.add(
                (
                    reihe,
                    dcatde.politicalGeocodingURI,
                    URIRef(GEMEINDESCHLUESSEL + kommune.amtlicher_schluessel),
                )
            )
            g.add((reihe, dcatde.politicalGeocodingLevelURI, URIRef(EBENE_GEMEINDE)))
        g.add((katalog, DCAT.dataset, reihe))
        for eintrag in berichte:
            knoten = datensatz_knoten(eintrag)
            g.add((knoten, DCAT.inSeries, reihe))
            zeitraum = BNode()
            g.add((knoten, DCTERMS.temporal, zeitraum))
            g.add((zeitraum, RDF.type, DCTERMS.PeriodOfTime))
            g.add(
                (
                    zeitraum,
                    DCAT.startDate,
                    Literal(datetime.date(eintrag.jahr, 1, 1), datatype=XSD.date),
                )
            )
            g.add(
                (
                    zeitraum,
                    DCAT.endDate,
                    Literal(datetime.date(eintrag.jahr, 12, 31), datatype=XSD.date),
                )
            )
    return g


# The JSON-LD context of the catalogue file: short prefixes, as harvesters and people read it.
JSONLD_KONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcatde": DCATDE_NS,
    "vcard": VCARD_NS,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def katalog_datei(graph, format_: str) -> bytes:
    """The catalogue graph serialised: ``format_`` "jsonld" (JSON-LD) or "rdf" (RDF/XML).
    Raises ``ValueError`` for any other format."""
    if format_ == "jsonld":
        return graph.serialize(format="json-ld", context=JSONLD_KONTEXT, indent=1).encode("utf-8")
    if format_ == "rdf":
        return graph.serialize(format="pretty-xml").encode("utf-8")
    raise ValueError(format_)
