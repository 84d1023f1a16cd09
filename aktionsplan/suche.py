"""Text search that folds case by Unicode rules, alike on SQLite and PostgreSQL.

One mechanism for every text search (the staff filters and the admin):

* the lookup ``feld__faltet="Straße"`` on every CharField and TextField: true when the folded
  term is contained in the folded field. Folding is case folding with ß → ss, so "übergänge"
  finds "Übergänge", "strasse" finds "Straße", "ŁÓDŹ" finds "Łódź", "istanbul" finds
  "İstanbul" and "ışık" finds "IŞIK".
* the lookup ``feld__faltetgleich="Straße"``: the same folding, for the whole field (a name
  typed into the admin without JavaScript, aktionsplan.datenspalten.namen_finden).
* ``Suchfilter``, the django-filter filter of the staff lists' "q" fields: it searches several
  fields with that lookup and limits the term to SUCHBEGRIFF_MAX_LAENGE characters (a longer one
  is a validation message on the filter form).
* ``FaltendeSucheMixin`` for the admin: ``search_fields`` given as plain text fields use the
  lookup too. The admin site adds it (through ``admin_site.EingabenMixin``) to every ModelAdmin
  it registers.

Why not ``icontains``: SQLite's LIKE folds ASCII letters only ("ü" does not find "Ü"), and
neither database turns "ß" into "ss". Folding happens in the database on both sides of the
comparison, so field and term always go through the same function:

* SQLite: ``aktionsplan_falten()``, a Python function (``str.casefold()``) registered on each
  new connection (``registrieren`` below, connected in ``AktionsplanConfig.ready``);
* PostgreSQL: ``LOWER(…)`` with ß → ss and ı → i replaced. ``LOWER`` folds all Unicode
  letters when the database's LC_CTYPE is a UTF-8 locale (our clusters use C.UTF-8; with
  LC_CTYPE "C" it folds ASCII only). The term is NFC-normalised in Python first; stored text
  is NFC as browsers send it.

The comparison is ``INSTR`` / ``STRPOS`` rather than LIKE: no wildcard escaping, and no "LIKE
or GLOB pattern too complex" on SQLite.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import django_filters
from django.contrib import messages
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, Func, Lookup, Q, QuerySet, TextField, Value
from django.db.models.functions import Lower, Replace
from django.http import HttpRequest
from django.utils.translation import gettext as _

from aktionsplan.eingaben import ganzzahl

SUCHBEGRIFF_MAX_LAENGE = 200
SQLITE_FUNKTION = "aktionsplan_falten"
# Dotless ı and i with a combining dot (what lower() makes of İ) count as i.
TUERKISCHES_I = (("ı", "i"), ("i\u0307", "i"))
# What falten() does beyond PostgreSQL's LOWER, for the letters users type.
POSTGRESQL_ERSATZ = (("ß", "ss"), *TUERKISCHES_I)


def falten(text: str | None) -> str | None:
    """``text`` folded for comparison: NFC, then ``str.casefold()`` (Unicode full case folding,
    which also turns ß into ss), with Turkish İ and ı folded to i so that Turkish words are
    found whether typed with or without a Turkish keyboard ("ışık" finds "IŞIK"). None stays
    None."""
    if not isinstance(text, str):
        return text
    gefaltet = unicodedata.normalize("NFC", text).replace("İ", "i").casefold()
    for zeichen, ersatz in TUERKISCHES_I:
        gefaltet = gefaltet.replace(zeichen, ersatz)
    return gefaltet


def registrieren(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: gives each new SQLite connection the folding function.

    Deterministic, so SQLite may use it in indexes and constant-fold it."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNKTION, 1, falten, deterministic=True)


class Gefaltet(Func):
    """A text expression folded for comparison (see the module docstring)."""

    arity = 1
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function=SQLITE_FUNKTION, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        (ausdruck,) = self.get_source_expressions()
        gefaltet = Lower(ausdruck)  # İ → i as well
        for zeichen, ersatz in POSTGRESQL_ERSATZ:
            gefaltet = Replace(gefaltet, Value(zeichen), Value(ersatz))
        return compiler.compile(gefaltet)

    def as_sql(self, compiler, connection, **extra):
        # Other databases: at least what LOWER folds.
        return super().as_sql(compiler, connection, function="LOWER", **extra)


@CharField.register_lookup
@TextField.register_lookup
class FaltetEnthaelt(Lookup):
    """``feld__faltet=begriff``: the folded term is part of the folded field."""

    lookup_name = "faltet"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        rechts = self.rhs
        if not hasattr(rechts, "resolve_expression"):
            rechts = Value(unicodedata.normalize("NFC", str(rechts)))
        links_sql, links_params = compiler.compile(Gefaltet(self.lhs))
        rechts_sql, rechts_params = compiler.compile(Gefaltet(rechts))
        position = "STRPOS" if connection.vendor == "postgresql" else "INSTR"
        return (
            f"{position}({links_sql}, {rechts_sql}) > 0",
            [*links_params, *rechts_params],
        )


@CharField.register_lookup
@TextField.register_lookup
class FaltetGleich(Lookup):
    """``feld__faltetgleich=text``: the folded field equals the folded text (a name typed in
    full, compared as the search compares)."""

    lookup_name = "faltetgleich"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        rechts = self.rhs
        if not hasattr(rechts, "resolve_expression"):
            rechts = Value(unicodedata.normalize("NFC", str(rechts)))
        links_sql, links_params = compiler.compile(Gefaltet(self.lhs))
        rechts_sql, rechts_params = compiler.compile(Gefaltet(rechts))
        return f"{links_sql} = {rechts_sql}", [*links_params, *rechts_params]


def suchbedingung(felder: Sequence[str], begriff: str) -> Q:
    """True for rows where any of ``felder`` contains ``begriff``, case folded."""
    return Q(*(Q(**{f"{feld}__faltet": begriff}) for feld in felder), _connector=Q.OR)


class Suchfilter(django_filters.CharFilter):
    """The "q" field of a staff list: searches ``felder`` with the folding lookup.

    ``zahlfeld`` (optional) is a number field that a term of ASCII digits also matches exactly
    (the measure list finds measure 12 by "12"). The term is stripped; an empty one filters
    nothing; more than ``max_length`` (default SUCHBEGRIFF_MAX_LAENGE) characters or a NUL
    character are validation errors of the filter form.
    """

    def __init__(self, *, felder: Sequence[str], zahlfeld: str | None = None, **kwargs) -> None:
        kwargs.setdefault("max_length", SUCHBEGRIFF_MAX_LAENGE)
        super().__init__(**kwargs)
        self.felder = tuple(felder)
        self.zahlfeld = zahlfeld

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        begriff = (value or "").strip()
        if not begriff:
            return qs
        bedingung = suchbedingung(self.felder, begriff)
        if self.zahlfeld and (zahl := ganzzahl(begriff)) is not None:
            bedingung |= Q(**{self.zahlfeld: zahl})
        return qs.filter(bedingung)


def _faltend(model, suchfeld: str) -> str:
    """An admin ``search_fields`` entry with the folding lookup where it is a plain text field;
    prefixed ("=nummer", "^name", "@text") and explicit lookups stay as written."""
    if suchfeld[:1] in ("=", "^", "@"):
        return suchfeld
    try:
        feld = get_fields_from_path(model, suchfeld)[-1]
    except (FieldDoesNotExist, NotRelationField):  # an explicit lookup, e.g. "name__exact"
        return suchfeld
    if isinstance(feld, (CharField, TextField)):
        return f"{suchfeld}__faltet"
    return suchfeld


class FaltendeSucheMixin:
    """Admin search with the folding lookup, a bounded term and no NUL characters.

    Django's own search stays in charge (terms split at spaces, quoted phrases, "=" and "^"
    prefixes); only the lookup of plain text fields changes from icontains to faltet."""

    def get_search_fields(self, request: HttpRequest):
        return tuple(_faltend(self.model, f) for f in super().get_search_fields(request))

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        search_term = search_term.replace("\x00", "")
        if len(search_term) > SUCHBEGRIFF_MAX_LAENGE:
            self.message_user(
                request,
                _("Der Suchbegriff ist zu lang: höchstens %(max)d Zeichen.")
                % {"max": SUCHBEGRIFF_MAX_LAENGE},
                messages.WARNING,
            )
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)
