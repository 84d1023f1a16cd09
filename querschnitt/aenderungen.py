"""The audit page "Letzte Änderungen": every create, change and delete across the models with a
``Historie`` (aktionsplan/historie.py), the user model and its groups included, newest first.

How it reads (``seite_laden``), and what it costs:

* One query for the entries of a page: a ``UNION ALL`` over the history tables (21 today). Each
  table contributes its newest ``n + 1`` rows that pass the filters and lie beyond the cursor —
  an index range read backwards (``history_date``, or ``history_user, history_date`` with the
  person filter; ``aktionsplan.historie.Historie`` creates the indexes). The union of at most
  21 × (n + 1) rows is sorted and cut to n + 1 (the one more says whether there is another page).
  The object's name at that time and whether it still exists are computed in the same query for
  those rows only (a join or a primary-key probe each).
* One query for the names of the people on the page.
* No COUNT: pages go by a cursor (the last entry shown) instead of page numbers, so a page deep in
  a long history costs what the first page costs. The cost of a page is thus bounded by the number
  of history tables and the page size, not by the length of the history. Rows that share one
  ``history_date`` with the cursor entry are the exception: those of its table are read to the
  cursor (one timestamp is one save, so there are few).

The page's queries: session, user, roles, the union, the people named (none on an empty page),
the people offered by the filter; a chosen person is looked up once more by the filter form.

Measured on PostgreSQL 2026-11 (2 shared cores under load; SQL = planning + execution of the
union, best of 5): with 1,361 history rows (the demo) and with 317,140 (4,000 measures with
25 changes each and 16 reports) the union takes 0.4–6 ms either way, first page, a person, a
date range, 41 pages deep and back alike; the whole request 35–45 ms of CPU, mostly building
and compiling the 21 parts of the union.

Which entries: the history rows as they are stored. Personal data erased from the history of a
deleted contact person (akteure/services.py) stays erased here: names are read from the history
rows, never from elsewhere. Passwords (hashes) of the user history are never shown.

The Kommune scope hook (``.fuer(nutzer)``) decides per entry: entries of objects the user may see
are listed, and entries of objects deleted since (the history tables have no Kommune to ask);
entries of existing objects out of scope are not. Two primary-key probes per row read.

People follow the rule of the admin's person pages (``aktionsplan.bereich.personen_filtern``;
QA3 F10), read from the history rows themselves (``_personenbedingung``): in a region the
Datenpflege of a Kommune sees the entries of the accounts of her Kommunen and of accounts without
any membership (their groups, the roles, are recorded with them), and the entries of memberships
(``Zustaendigkeit``) for her Kommunen, and for the whole region only of people she sees; a
deleted account by the memberships its history records. Entries of other Kommunen's or the
region's people answer 404.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.translation import gettext as _

from aktionsplan import bereich
from aktionsplan.historie import (
    NEUESTE_ZUERST,
    TECHNISCHE_FELDER,
    aenderungstext,
    art_text,
    feldwert_text,
    historienmodell,
    historisierte_modelle,
    vorgaenger_id,
    wert_text,
)
from aktionsplan.personen import anzeigename
from aktionsplan.querysets import BasisQuerySet

PRO_SEITE = 25
# Fields of the user history that are never shown, not even as old → new.
VERBORGEN = frozenset({"password"})
TRENNER = " · "


@dataclass(frozen=True)
class Quelle:
    """One history table: its place in the union (``nr``) and the model it records."""

    nr: int
    modell: type[models.Model]

    @property
    def historie(self) -> type[models.Model]:
        return historienmodell(self.modell)

    @property
    def schluessel(self) -> str:
        """URL and filter value: ``app-modell`` (e.g. ``projekte-sachstand``)."""
        return f"{self.modell._meta.app_label}-{self.modell._meta.model_name}"

    @property
    def name(self) -> str:
        return str(self.modell._meta.verbose_name)


@functools.cache
def quellen() -> tuple[Quelle, ...]:
    """Every history table, numbered in a stable order (by model label)."""
    return tuple(Quelle(nr, modell) for nr, modell in enumerate(historisierte_modelle()))


def quelle_fuer(schluessel: str) -> Quelle | None:
    return next((q for q in quellen() if q.schluessel == schluessel), None)


# --- the object's name at the time of the entry, in SQL ---


# Django's date format characters of SHORT_DATE_FORMAT as (SQLite strftime, PostgreSQL to_char).
_SQL_DATUMSTEILE = {"d": ("%d", "DD"), "m": ("%m", "MM"), "Y": ("%Y", "YYYY")}


def _sql_datumsmuster(postgresql: bool) -> str:
    """The active language's SHORT_DATE_FORMAT ("d.m.Y", "m/d/Y") in the database's notation;
    other characters are taken as they are."""
    muster = formats.get_format("SHORT_DATE_FORMAT")
    return "".join(_SQL_DATUMSTEILE.get(z, (z, z))[postgresql] for z in muster)


class DatumText(Func):
    """A date as the active language writes it short (SHORT_DATE_FORMAT: 01.06.2026 in German,
    06/01/2026 in English, as the history on the measure page), on the two databases the project
    runs on."""

    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return Func(
            Value(_sql_datumsmuster(False)), *self.source_expressions, function="strftime"
        ).as_sql(compiler, connection, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        return Func(
            *self.source_expressions, Value(_sql_datumsmuster(True)), function="to_char"
        ).as_sql(compiler, connection, **extra_context)


def _oder(feld: str, ersatz: str) -> Coalesce:
    return Coalesce(NullIf(F(feld), Value("")), F(ersatz), output_field=TextField())


class Verbunden(Func):
    """Texts joined with ``||`` (SQLite and PostgreSQL), each part cast to text and NULL read as
    empty. Flat, unlike ``Concat``'s nested pairs, which cost milliseconds to compile."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = TextField()

    def __init__(self, *teile: F | models.Expression | str) -> None:
        super().__init__(
            *(
                Coalesce(Cast(teil, TextField()), Value(""), output_field=TextField())
                for teil in teile
            )
        )


def _verbunden(modell: type[models.Model], *teile: F | models.Expression) -> Verbunden:
    """Parts joined by TRENNER. A part read through a reference (``a__b`` on ``modell``) whose
    row was deleted since reads from that row's newest history entry, so that a value deleted
    with its indicator still names the indicator (QA 2026-11-29, F-15); "(gelöscht)" only where
    the referenced model keeps no history."""
    getrennt = []
    for teil in teile:
        if getrennt:
            getrennt.append(Value(TRENNER))
        if isinstance(teil, F) and "__" in teil.name:
            verweis, feld = teil.name.split("__", 1)
            ziel = modell._meta.get_field(verweis).related_model
            ersatz: list[models.Expression] = []
            if ziel in historisierte_modelle():
                ersatz.append(
                    Subquery(
                        historienmodell(ziel)
                        ._default_manager.filter(id=OuterRef(f"{verweis}_id"))
                        .order_by("-history_date", "-history_id")
                        .values(feld)[:1]
                    )
                )
            teil = Coalesce(
                Cast(teil, TextField()),
                *(Cast(e, TextField()) for e in ersatz),
                Value(_("(gelöscht)")),
                output_field=TextField(),
            )
        getrennt.append(teil)
    return Verbunden(*getrennt)


# Per model (label): how an entry names its object, from the history row and the rows it refers
# to. A reference deleted since reads "(gelöscht)". Models not listed use "titel" or "name".
BEZEICHNUNGEN: dict[str, Callable[[type[models.Model]], models.Expression | F]] = {
    "aktionsplan.unbrkartikel": lambda _m: Verbunden(
        Value("Art. "), "nummer", Value(" "), _oder("kurztitel", "titel")
    ),
    "aktionsplan.plan": lambda _m: _oder("kurzname", "name"),
    "aktionsplan.fortschreibung": lambda m: _verbunden(m, F("plan__name"), F("nummer")),
    "aktionsplan.beteiligungsformat": lambda m: _verbunden(m, F("titel"), DatumText("datum")),
    "auth.user": lambda _m: F("username"),
    # The person and the Kommune (or the whole region) the roles hold for.
    "aktionsplan.zustaendigkeit": lambda m: Verbunden(
        _verbunden(m, F("nutzer__username")),
        Value(TRENNER),
        Case(
            When(kommune__isnull=True, then=Value(_("ganze Region"))),
            default=_verbunden(m, F("kommune__name")),
            output_field=TextField(),
        ),
    ),
    "projekte.projektskizze": lambda _m: Verbunden("nummer", Value(". "), "titel"),
    "projekte.projektbeteiligung": lambda m: _verbunden(m, F("projekt__titel"), F("akteur__name")),
    "projekte.sachstand": lambda m: _verbunden(m, F("projekt__titel"), DatumText("datum")),
    "projekte.meilenstein": lambda m: _verbunden(m, F("projekt__titel"), F("titel")),
    "projekte.finanzierung": lambda m: _verbunden(m, F("projekt__titel"), F("programm")),
    "monitoring.messwert": lambda m: _verbunden(
        m, F("indikator__name"), F("raum__name"), F("jahr")
    ),
    "monitoring.einschaetzung": lambda m: _verbunden(
        m, F("indikator__name"), F("gruppe__name"), F("jahr")
    ),
    "monitoring.bewertungsstufe": lambda m: _verbunden(m, F("indikator__name"), F("name")),
}


def _bezeichnung(modell: type[models.Model]) -> Cast:
    erzeugen = BEZEICHNUNGEN.get(modell._meta.label_lower)
    if erzeugen is not None:
        return Cast(erzeugen(modell), TextField())
    for name in ("titel", "name"):
        try:
            modell._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        return Cast(F(name), TextField())
    return Cast(F("id"), TextField())


def _sichtbar(modell: type[models.Model], nutzer) -> QuerySet:
    qs = modell._default_manager.all()
    return qs.fuer(nutzer) if isinstance(qs, BasisQuerySet) else qs


def _hat_slug(modell: type[models.Model]) -> bool:
    return any(f.name == "slug" for f in modell._meta.concrete_fields)


def _ist_zustaendigkeit(modell: type[models.Model]) -> bool:
    return modell._meta.label_lower == "aktionsplan.zustaendigkeit"


def _personenbedingung(quelle: Quelle, nutzer) -> Q | None:
    """Which history rows of people (the user model) and their memberships (``Zustaendigkeit``)
    ``nutzer`` sees, as a condition on the history row (module docstring); None for any other
    table and for people who see all (no condition beyond the scope hook's).

    An account: one ``personen_filtern`` sees now; deleted since, one whose recorded
    memberships touch ``nutzer``'s Kommunen or that never had one. A membership: one for a
    Kommune of ``nutzer``; one for the whole region only of a person ``nutzer`` sees now. One
    or two index probes per row read (the memberships' history by person)."""
    benutzer = get_user_model()
    if quelle.modell is not benutzer and not _ist_zustaendigkeit(quelle.modell):
        return None
    kommunen = bereich.sichtbare_kommunen(nutzer)
    if kommunen is None:
        return None
    kommunen = sorted(kommunen)

    def gesehen(person: OuterRef) -> Exists:
        return Exists(bereich.personen_filtern(benutzer._base_manager.filter(pk=person), nutzer))

    if quelle.modell is benutzer:
        verlauf = historienmodell(apps.get_model("aktionsplan", "Zustaendigkeit"))
        mitgliedschaften = verlauf._default_manager.filter(nutzer_id=OuterRef("id"))
        geloescht = ~Exists(benutzer._base_manager.filter(pk=OuterRef("id")))
        return Q(gesehen(OuterRef("id"))) | (
            Q(geloescht)
            & (
                Q(Exists(mitgliedschaften.filter(kommune_id__in=kommunen)))
                | ~Q(Exists(mitgliedschaften))
            )
        )
    return Q(kommune_id__in=kommunen) | (
        Q(kommune_id__isnull=True) & Q(gesehen(OuterRef("nutzer_id")))
    )


# --- cursor ---


@dataclass(frozen=True)
class Marke:
    """A place in the order of all entries: (history_date, table number, history_id)."""

    wann: datetime.datetime
    nr: int
    history_id: int

    def __str__(self) -> str:
        return f"{self.wann.isoformat()}~{self.nr}~{self.history_id}"

    @classmethod
    def lesen(cls, text: str | None) -> Marke | None:
        """The cursor of a URL parameter; ``None`` for anything that is not one."""
        if not text or len(text) > 80:
            return None
        try:
            wann, nr, history_id = text.split("~")
            marke = cls(datetime.datetime.fromisoformat(wann), int(nr), int(history_id))
        except ValueError:
            return None
        return marke if marke.wann.tzinfo is not None else None


def _jenseits(quelle: Quelle, marke: Marke, aelter: bool) -> Q:
    """The rows of ``quelle`` after ``marke`` in the order of all entries (older when ``aelter``)
    — written so that each table reads one index range."""
    if aelter:
        if quelle.nr < marke.nr:
            return Q(history_date__lte=marke.wann)
        if quelle.nr > marke.nr:
            return Q(history_date__lt=marke.wann)
        return Q(history_date__lte=marke.wann) & (
            Q(history_date__lt=marke.wann) | Q(history_id__lt=marke.history_id)
        )
    if quelle.nr > marke.nr:
        return Q(history_date__gte=marke.wann)
    if quelle.nr < marke.nr:
        return Q(history_date__gt=marke.wann)
    return Q(history_date__gte=marke.wann) & (
        Q(history_date__gt=marke.wann) | Q(history_id__gt=marke.history_id)
    )


# --- a page ---


@dataclass
class Eintrag:
    quelle: Quelle
    history_id: int
    wann: datetime.datetime
    art: str
    wer: str
    bezeichnung: str
    objekt_url: str | None
    geloescht: bool
    grund: str

    @property
    def detail_url(self) -> str:
        return reverse(
            "querschnitt:aenderung_detail", args=[self.quelle.schluessel, self.history_id]
        )

    @property
    def marke(self) -> Marke:
        return Marke(self.wann, self.quelle.nr, self.history_id)


@dataclass
class Seite:
    eintraege: list[Eintrag]
    neuere: Marke | None = None  # cursor for the page before (newer entries), if any
    aeltere: Marke | None = None  # cursor for the page after (older entries), if any


SPALTEN = (
    "quelle_nr",
    "history_id",
    "history_date",
    "history_type",
    "history_user_id",
    "history_change_reason",
    "objekt_pk",
    "bezeichnung",
    "aktuell",
)


def _zweig(
    quelle: Quelle,
    *,
    nutzer,
    filtern: Callable[[QuerySet], QuerySet],
    marke: Marke | None,
    aelter: bool,
    anzahl: int,
) -> QuerySet:
    """The newest (or, before ``marke``, the oldest newer) ``anzahl`` rows of one table as the
    union's columns. The slice sits in a ``history_id IN (…)`` subquery because SQLite allows no
    LIMIT in the parts of a compound query."""
    historie = quelle.historie
    pk = quelle.modell._meta.pk.attname
    aktuell = _sichtbar(quelle.modell, nutzer).filter(pk=OuterRef(pk))
    # The Kommune scope: rows of objects the user may see, and of objects deleted since (whose
    # Kommune the history cannot tell) — not those of existing objects out of the user's scope.
    # One scalar subquery per row read (NULL: deleted, else: visible?); an EXISTS under OR would
    # let PostgreSQL hash the whole current table instead.
    personen = _personenbedingung(quelle, nutzer)
    if personen is not None:
        auswahl = filtern(historie.objects.all()).filter(personen)
    else:
        sichtbar = Subquery(
            quelle.modell._base_manager.filter(pk=OuterRef(pk))
            .annotate(sichtbar=Exists(_sichtbar(quelle.modell, nutzer).filter(pk=OuterRef("pk"))))
            .order_by()
            .values("sichtbar")[:1],
            output_field=models.BooleanField(),
        )
        auswahl = filtern(historie.objects.all()).filter(
            Coalesce(sichtbar, Value(True), output_field=models.BooleanField())
        )
    if marke is not None:
        auswahl = auswahl.filter(_jenseits(quelle, marke, aelter))
    ordnung = NEUESTE_ZUERST if aelter else tuple(o.lstrip("-") for o in NEUESTE_ZUERST)
    ausschnitt = auswahl.order_by(*ordnung).values("history_id")[:anzahl]
    return (
        historie.objects.filter(history_id__in=ausschnitt)
        .annotate(
            quelle_nr=Value(quelle.nr, output_field=models.IntegerField()),
            objekt_pk=F(pk),
            bezeichnung=_bezeichnung(quelle.modell),
            aktuell=Cast(
                Subquery(aktuell.order_by().values(_verweisfeld(quelle.modell))[:1]), TextField()
            ),
        )
        .order_by()
        .values(*SPALTEN)
    )


def _verweisfeld(modell: type[models.Model]) -> str:
    """What the link to an existing object is built from (``_objekt_url``): its slug, the
    person of a membership (which has no page of its own), else its pk."""
    if _hat_slug(modell):
        return "slug"
    if _ist_zustaendigkeit(modell):
        return "nutzer_id"
    return "pk"


def _objekt_url(quelle: Quelle, pk: int, aktuell: str) -> str | None:
    """The object's own page, else its admin page (a membership: its person's, where it is
    kept); ``None`` when neither exists."""
    modell = quelle.modell
    if _ist_zustaendigkeit(modell):
        return reverse("admin:auth_user_change", args=[aktuell])
    if hasattr(modell, "get_absolute_url"):
        instanz = modell(pk=pk)
        if _hat_slug(modell):
            instanz.slug = aktuell
        return instanz.get_absolute_url()
    try:
        return reverse(
            f"admin:{modell._meta.app_label}_{modell._meta.model_name}_change", args=[pk]
        )
    except NoReverseMatch:
        return None


def _eintraege(zeilen: list[dict]) -> list[Eintrag]:
    """Entries from union rows; one query for the people named."""
    ids = {z["history_user_id"] for z in zeilen if z["history_user_id"] is not None}
    personen = {p.pk: anzeigename(p) for p in get_user_model().objects.filter(pk__in=ids or [0])}
    alle = quellen()
    eintraege = []
    for z in zeilen:
        quelle = alle[z["quelle_nr"]]
        if z["history_user_id"] is None:
            wer = _("unbekannt")
        else:
            wer = personen.get(z["history_user_id"], _("(gelöscht)"))
        aktuell = z["aktuell"]
        eintraege.append(
            Eintrag(
                quelle=quelle,
                history_id=z["history_id"],
                wann=z["history_date"],
                art=art_text(z["history_type"]),
                wer=wer,
                bezeichnung=z["bezeichnung"] or "–",
                objekt_url=_objekt_url(quelle, z["objekt_pk"], aktuell) if aktuell else None,
                geloescht=aktuell is None,
                grund=z["history_change_reason"] or "",
            )
        )
    return eintraege


def seite_laden(
    nutzer: AbstractBaseUser | AnonymousUser,
    *,
    auswahl: Iterable[Quelle],
    filtern: Callable[[QuerySet], QuerySet],
    vor: Marke | None = None,
    nach: Marke | None = None,
    anzahl: int = PRO_SEITE,
) -> Seite:
    """One page of entries, newest first: the newest, those older than ``vor`` or those newer
    than ``nach``. ``filtern`` narrows each table's rows (person, dates); ``auswahl`` names the
    tables. Two queries (module docstring), one when nothing matches."""
    aelter = nach is None
    marke = nach if nach is not None else vor
    zweige = [
        _zweig(q, nutzer=nutzer, filtern=filtern, marke=marke, aelter=aelter, anzahl=anzahl + 1)
        for q in auswahl
    ]
    if not zweige:
        return Seite([])
    ordnung = ("-history_date", "-quelle_nr", "-history_id")
    if not aelter:
        ordnung = tuple(o.lstrip("-") for o in ordnung)
    vereinigt = zweige[0].union(*zweige[1:], all=True) if len(zweige) > 1 else zweige[0]
    zeilen = list(vereinigt.order_by(*ordnung)[: anzahl + 1])
    weitere = len(zeilen) > anzahl
    zeilen = zeilen[:anzahl]
    if not aelter:
        zeilen.reverse()
    eintraege = _eintraege(zeilen) if zeilen else []
    seite = Seite(eintraege)
    if eintraege:
        # Going back from an older page, newer entries exist (the page we came from).
        if (aelter and marke is not None) or (not aelter and weitere):
            seite.neuere = eintraege[0].marke
        if (aelter and weitere) or not aelter:
            seite.aeltere = eintraege[-1].marke
    return seite


# --- one entry ---


@dataclass
class Feld:
    name: str
    alt: str
    neu: str


@dataclass
class Einzelheiten:
    eintrag: Eintrag
    felder: list[Feld] = field(default_factory=list)
    # "~": the fields that changed (old → new); "+" and "-": every field with its value.
    nur_werte: bool = False


def _anzeigefelder(modell: type[models.Model]) -> list[models.Field]:
    """The model's fields that its history records (not the excluded ones, e.g. the user's
    password and last login), without the technical ones."""
    erfasst = {f.name for f in historienmodell(modell)._meta.concrete_fields}
    return [
        f
        for f in modell._meta.concrete_fields
        if f.name in erfasst and f.name not in TECHNISCHE_FELDER and not f.primary_key
    ]


def einzelheiten_laden(
    quelle: Quelle, history_id: int, nutzer: AbstractBaseUser | AnonymousUser
) -> Einzelheiten | None:
    """One entry with its field values (created, deleted) or its changes against the object's
    row before (simple-history's ``diff_against``, many-to-many relations included).

    Queries: the entry (with its predecessor's id), the person, the row with the rows it refers
    to; for a change also the predecessor and two per many-to-many field the history records.
    ``None`` when the entry does not exist.
    """
    historie = quelle.historie
    zeile = (
        _zweig(
            quelle,
            nutzer=nutzer,
            filtern=lambda qs: qs.filter(history_id=history_id),
            marke=None,
            aelter=True,
            anzahl=1,
        )
        .annotate(vorgaenger=vorgaenger_id(historie))
        .first()
    )
    if zeile is None:
        return None
    eintrag = _eintraege([zeile])[0]
    felder_modell = _anzeigefelder(quelle.modell)
    bezuege = [f.name for f in felder_modell if isinstance(f, models.ForeignKey)]
    neu = historie.objects.select_related(*bezuege).get(history_id=history_id)
    if zeile["history_type"] != "~" or zeile["vorgaenger"] is None:
        return Einzelheiten(
            eintrag,
            [
                Feld(str(f.verbose_name), "", _verborgen(f) or feldwert_text(neu, f))
                for f in felder_modell
            ],
            nur_werte=True,
        )
    alt = historie.objects.select_related(*bezuege).get(history_id=zeile["vorgaenger"])
    # The model's fields in their order, then the many-to-many relations the history records.
    alle = {f.name: f for f in felder_modell}
    erfasst = {f.name for f in getattr(historie, "_history_m2m_fields", ())}
    alle.update({f.name: f for f in quelle.modell._meta.many_to_many if f.name in erfasst})
    reihenfolge = {name: i for i, name in enumerate(alle)}
    delta = neu.diff_against(alt, included_fields=list(alle), foreign_keys_are_objs=True)
    felder = []
    for aenderung in sorted(delta.changes, key=lambda a: reihenfolge[a.field]):
        modellfeld = alle[aenderung.field]
        verborgen = _verborgen(modellfeld)
        felder.append(
            Feld(
                str(modellfeld.verbose_name),
                verborgen or _wert(aenderung.old, modellfeld, quelle.modell),
                verborgen or _wert(aenderung.new, modellfeld, quelle.modell),
            )
        )
    return Einzelheiten(eintrag, felder)


def _verborgen(feld: models.Field) -> str:
    return _("(nicht angezeigt)") if feld.name in VERBORGEN else ""


def _wert(wert: object, feld: models.Field, modell: type[models.Model]) -> str:
    if isinstance(wert, list) or isinstance(feld, models.ForeignKey):
        return aenderungstext(wert, modell)
    # Plain values: choices by their label, dates and numbers in German notation.
    return wert_text(wert, feld)
