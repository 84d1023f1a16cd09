"""One import and export pipeline for every kind of data, shared by the admin and the staff pages.

A kind of data (:class:`Datenart`) names its model, its columns (aktionsplan.datenspalten: the
German header, how a cell becomes a field value and a field value a cell), its natural key and
the one function that writes a row. Each app defines its kinds in its ``datenarten.py``; this
engine does the rest, the same everywhere:

* **Check** (:func:`pruefen`). Every row is read, its related rows are looked up by natural keys,
  and it is put through the kind's write function — which runs the model's ``full_clean()`` and,
  for measures, the services — inside a transaction that is then rolled back. The preview
  therefore reports what the confirm would meet, per row (neu / geändert / unverändert / Fehler)
  with row and column, rules of the services included. Duplicate keys within the file are
  refused, naming both rows.
* **Confirm** (:func:`uebernehmen`). The same run, committed only if every row is valid and no
  target row changed since the preview: the preview stores a fingerprint of every target row's
  current values (and of the absence of the rows it would create); a different fingerprint at
  confirm time refuses the confirm and answers with a fresh preview (issue 7, "Imports and the
  lock"). Nothing is written unless everything is.
* **Big files** (more than :data:`GROSS_AB_ZEILEN` rows) are checked and written by the task
  queue instead of the request (aktionsplan.hintergrundimport): the page hands the uploaded file
  to a task and shows its status page.
* **Export** (:func:`exportieren`). The same columns, so that an export of the Datenpflege
  re-imports unchanged (aktionsplan.dateien writes the files).

Messages are German sentences addressing the user formally; a database constraint's technical
name never reaches the user.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aktionsplan import dateien
from aktionsplan.dateien import DateiFehler, Tabelle, Zelle, Zellwert
from aktionsplan.datenspalten import (
    Bezug,
    Kontext,
    Liste,
    Spalte,
    Zahl,
    deutsch_text,
    ist_leer,
    normalisieren,
)
from aktionsplan.eingaben import steuerzeichen, steuerzeichen_meldung
from aktionsplan.sperre import VeralteterStandError, speichern

if TYPE_CHECKING:
    from aufgaben.models import Aufgabe

# "Long" work (issue 8): a file with more rows than this is checked and written in the task queue.
GROSS_AB_ZEILEN = 500

NEU = "neu"
GEAENDERT = "geaendert"
UNVERAENDERT = "unveraendert"
FEHLER = "fehler"
STATUS_TEXT = {
    NEU: gettext_lazy("neu"),
    GEAENDERT: gettext_lazy("geändert"),
    UNVERAENDERT: gettext_lazy("unverändert"),
    FEHLER: gettext_lazy("Fehler"),
}

# --- the kind of data ----------------------------------------------------------------------------


@dataclass
class Fehler:
    nummer: int
    spalte: str | None
    text: str

    def __str__(self) -> str:
        if self.spalte:
            return _("Zeile %(n)s, Spalte „%(spalte)s“: %(text)s") % {
                "n": self.nummer,
                "spalte": self.spalte,
                "text": self.text,
            }
        return _("Zeile %(n)s: %(text)s") % {"n": self.nummer, "text": self.text}


@dataclass
class Aenderung:
    spalte: str
    alt: str
    neu: str


@dataclass
class Zeile:
    """One data row of a file and what the run made of it."""

    nummer: int
    zellen: dict[str, Zellwert]
    status: str = ""
    fehler: list[Fehler] = field(default_factory=list)
    schluessel: tuple | None = None
    schluesselwerte: dict[str, object] = field(default_factory=dict)
    objekt: models.Model | None = None
    bestehend: bool = False
    # Before the change (existing rows): comparison values and the cells as a file shows them.
    alt: dict[str, object] = field(default_factory=dict)
    alt_zellen: dict[str, Zelle] = field(default_factory=dict)
    m2m: dict[str, list[models.Model]] = field(default_factory=dict)
    geaenderte_felder: list[str] = field(default_factory=list)
    aenderungen: list[Aenderung] = field(default_factory=list)

    @property
    def ist_fehler(self) -> bool:
        return bool(self.fehler)

    def fehler_hinzufuegen(self, spalte: str | None, text: str) -> None:
        if not any(f.spalte == spalte and f.text == text for f in self.fehler):
            self.fehler.append(Fehler(self.nummer, spalte, text))


Schreiber = Callable[[Zeile, object], models.Model]


class Datenart:
    """One kind of data in files: model, columns, natural key, write function.

    ``schluessel`` names the columns whose values identify a row (created if no row has them,
    else updated). ``pflicht`` names further columns a file must have. ``schreiben(zeile,
    benutzer)`` writes one checked row and must run the model's rules (``full_clean()``, the
    services); the default is :func:`modell_speichern`. ``zusatzregeln(objekt)`` may return
    further messages per field (transitional; rules belong on the model). ``reihenfolge(zeile,
    kontext)`` may order the rows for writing (e.g. parent areas before their children).
    ``bestandsinfo(objekte)`` may note what a page must know about the existing target rows as
    they were before the run (e.g. which values are protected); it lands in
    ``Pruefung.bestandsinfo``. ``geojson``: the kind also reads GeoJSON files (areas with their
    outlines; aktionsplan.dateien.geojson_lesen).
    """

    def __init__(
        self,
        *,
        modell: type[models.Model],
        spalten: Sequence[Spalte],
        schluessel: Sequence[str],
        pflicht: Sequence[str] = (),
        schreiben: Schreiber | None = None,
        zusatzregeln: Callable[[models.Model], dict[str, list[str]]] | None = None,
        reihenfolge: Callable[[Zeile, Kontext], object] | None = None,
        beispiel: Sequence[Zelle] | None = None,
        bestandsinfo: Callable[[list[models.Model]], object] | None = None,
        geojson: bool = False,
    ) -> None:
        self.modell = modell
        self.spalten = list(spalten)
        for spalte in self.spalten:
            spalte.binden(modell)
        self.schluessel = tuple(schluessel)
        self.pflicht = tuple(pflicht)
        self._schreiben = schreiben
        self.zusatzregeln = zusatzregeln
        self.reihenfolge = reihenfolge
        self.beispiel = beispiel
        self.bestandsinfo = bestandsinfo
        self.geojson = geojson

    @property
    def kennung(self) -> str:
        return self.modell._meta.label_lower

    @property
    def name(self) -> str:
        return str(self.modell._meta.verbose_name_plural)

    def spalte(self, feld: str) -> Spalte | None:
        return next((s for s in self.spalten if s.feld == feld), None)

    def schreiben(self, zeile: Zeile, benutzer) -> models.Model:
        if self._schreiben is not None:
            return self._schreiben(zeile, benutzer)
        return modell_speichern(
            zeile.objekt,
            benutzer=benutzer,
            felder=zeile.geaenderte_felder if zeile.bestehend else None,
            m2m=zeile.m2m,
        )

    def abfrage(self, queryset: models.QuerySet | None = None, *, nutzer=None) -> models.QuerySet:
        """The rows with what the columns read (one query, plus one per list column), within
        ``nutzer``'s scope (the Kommune scope hook ``.fuer``) when given."""
        qs = queryset if queryset is not None else self.modell._default_manager.all()
        if nutzer is not None and hasattr(qs, "fuer"):
            qs = qs.fuer(nutzer)
        bezuege = [s.feld for s in self.spalten if isinstance(s, Bezug)]
        listen = [s.feld for s in self.spalten if isinstance(s, Liste)]
        return qs.select_related(*bezuege).prefetch_related(*listen)

    def kopf(self) -> list[str]:
        return [s.kopf for s in self.spalten]

    def zeile_fuer(self, objekt: models.Model) -> list[Zelle]:
        return [s.schreiben(objekt) for s in self.spalten]


def modell_speichern(
    objekt: models.Model,
    *,
    benutzer,
    felder: Sequence[str] | None = None,
    m2m: dict[str, list[models.Model]] | None = None,
) -> models.Model:
    """Write one row through the one write path (``aktionsplan.sperre.speichern``): the model's
    rules, the lock against the version read in this transaction, one history row naming the
    importing user. ``felder`` (existing rows) names the changed fields.

    Raises ValidationError (a rule, a row changed by someone else meanwhile, or a row the
    importing person may not write).
    """
    bestehend = not objekt._state.adding
    if bestehend and felder is not None and not felder and not m2m:
        return objekt
    try:
        return speichern(
            objekt,
            benutzer=benutzer,
            erwartete_version=objekt.version if bestehend else None,
            felder=felder if bestehend else None,
            m2m=m2m,
        )
    except VeralteterStandError as fehler:
        raise ValidationError(fehler.veraltet.meldung(), code="veraltet") from fehler
    except PermissionDenied as fehler:
        # A row of another Kommune, a row shared by the region or a new Kommune written by
        # one Kommune's staff (aktionsplan.bereich): an error of this row, the import writes
        # nothing.
        raise ValidationError(str(fehler), code="bereich") from fehler


# --- the run -------------------------------------------------------------------------------------


@dataclass
class Pruefung:
    """The result of a check or a confirm: every row's outcome and errors."""

    art: Datenart
    zeilen: list[Zeile]
    spalten: list[Spalte]
    ignoriert: list[str]
    fingerabdruck: str = ""
    # The confirm found target rows changed since the preview; this is the fresh preview.
    veraltet: bool = False
    gespeichert: bool = False
    bestandsinfo: object = None

    @property
    def fehlerfrei(self) -> bool:
        return bool(self.zeilen) and not any(z.ist_fehler for z in self.zeilen)

    @property
    def fehler(self) -> list[Fehler]:
        return [f for z in self.zeilen for f in z.fehler]

    def anzahl(self, status: str) -> int:
        return sum(1 for z in self.zeilen if z.status == status)


def spalten_zuordnen(art: Datenart, kopf: Sequence[str]) -> tuple[dict[int, Spalte], list[str]]:
    """Which column of the file is which Spalte; raises DateiFehler for a missing or doubled
    column. Returns the mapping and the headers that are not read."""
    nach_schluessel: dict[str, Spalte] = {}
    for spalte in art.spalten:
        for k in spalte.kopfschluessel():
            nach_schluessel.setdefault(k, spalte)
    zuordnung: dict[int, Spalte] = {}
    ignoriert: list[str] = []
    for index, ueberschrift in enumerate(kopf):
        spalte = nach_schluessel.get(normalisieren(ueberschrift))
        if spalte is None:
            if str(ueberschrift).strip():
                ignoriert.append(str(ueberschrift).strip())
            continue
        if spalte in zuordnung.values():
            raise DateiFehler(
                _("Die Spalte „%(spalte)s“ kommt zweimal vor.") % {"spalte": spalte.kopf}
            )
        zuordnung[index] = spalte
    fehlend = [
        s.kopf
        for s in art.spalten
        if (s.feld in art.schluessel or s.feld in art.pflicht) and s not in zuordnung.values()
    ]
    if fehlend:
        raise DateiFehler(
            _("Es fehlen Spalten: %(spalten)s. Erwartet: %(alle)s.")
            % {"spalten": ", ".join(fehlend), "alle": ", ".join(art.kopf())}
        )
    return zuordnung, ignoriert


def pruefen(art: Datenart, tabelle: Tabelle, *, benutzer) -> Pruefung:
    """Check a file: everything a confirm would do, rolled back. Raises DateiFehler."""
    return _lauf(art, tabelle, benutzer=benutzer, speichern=False, erwartet=None)


def uebernehmen(art: Datenart, tabelle: Tabelle, *, benutzer, fingerabdruck: str) -> Pruefung:
    """Write a checked file, all rows or none.

    ``fingerabdruck`` is the preview's. ``gespeichert`` says whether the rows were written. If not
    — a target row changed since the preview (then ``veraltet`` is set), or a row fails now —
    nothing is written and the result is a fresh preview. Raises DateiFehler.
    """
    ergebnis = _lauf(art, tabelle, benutzer=benutzer, speichern=True, erwartet=fingerabdruck)
    if ergebnis.gespeichert:
        return ergebnis
    # Whatever stopped the write (a target row changed, a row fails now): the user decides on
    # a fresh preview of the current state.
    frisch = pruefen(art, tabelle, benutzer=benutzer)
    frisch.veraltet = ergebnis.veraltet
    return frisch


def _lauf(
    art: Datenart, tabelle: Tabelle, *, benutzer, speichern: bool, erwartet: str | None
) -> Pruefung:
    zuordnung, ignoriert = spalten_zuordnen(art, tabelle.kopf)
    if not tabelle.zeilen:
        raise DateiFehler(_("Die Datei enthält keine Datenzeilen."))
    zeilen = [
        Zeile(
            nummer=nummer,
            zellen={s.feld: zellen[i] for i, s in zuordnung.items() if i < len(zellen)},
        )
        for nummer, zellen in tabelle.zeilen
    ]
    spalten = [zuordnung[i] for i in sorted(zuordnung)]
    pruefung = Pruefung(art=art, zeilen=zeilen, spalten=spalten, ignoriert=ignoriert)
    kontext = Kontext(nutzer=benutzer)
    for spalte in spalten:
        if isinstance(spalte, Zahl):
            kontext.schreibweisen[spalte.feld] = dateien.schreibweise(
                z.zellen.get(spalte.feld) for z in zeilen
            )
    with transaction.atomic():
        schluessel_spalten = [art.spalte(f) for f in art.schluessel]
        for zeile in zeilen:
            _schluessel_lesen(zeile, schluessel_spalten, kontext)
        _doppelte_schluessel(zeilen, schluessel_spalten)
        bestand = _bestand(art, zeilen, schluessel_spalten, sperren=speichern, nutzer=benutzer)
        pruefung.fingerabdruck = _fingerabdruck(art, zeilen, bestand)
        if art.bestandsinfo is not None:
            pruefung.bestandsinfo = art.bestandsinfo(list(bestand.values()))
        if speichern and pruefung.fingerabdruck != erwartet:
            pruefung.veraltet = True
            transaction.set_rollback(True)
            return pruefung
        eindeutig: dict[tuple, int] = {}
        reihenfolge = zeilen
        if art.reihenfolge is not None:
            reihenfolge = sorted(zeilen, key=lambda z: art.reihenfolge(z, kontext))
        for zeile in reihenfolge:
            _zeile_verarbeiten(art, zeile, spalten, kontext, bestand, benutzer, eindeutig)
        pruefung.gespeichert = speichern and pruefung.fehlerfrei
        if not pruefung.gespeichert:
            transaction.set_rollback(True)
    if not pruefung.gespeichert:
        # The rows written for the check were rolled back; their instances must not look saved.
        for zeile in zeilen:
            if zeile.objekt is not None and not zeile.bestehend:
                zeile.objekt.pk = None
                zeile.objekt._state.adding = True
    return pruefung


def zelle_lesen(spalte: Spalte, zelle: Zellwert, kontext: Kontext) -> object:
    """A cell as its column reads it, after the shared input layer's check of the text: a control
    character (aktionsplan.eingaben) is refused in every column, so the message names the column
    (and, through the caller, the row) whatever the column would have made of it. Raises
    ValidationError."""
    if zeichen := steuerzeichen(zelle):
        raise ValidationError(steuerzeichen_meldung(spalte.kopf, zeichen), code="steuerzeichen")
    return spalte.lesen(zelle, kontext)


def _schluessel_lesen(zeile: Zeile, spalten: list[Spalte], kontext: Kontext) -> None:
    teile = []
    for spalte in spalten:
        zelle = zeile.zellen.get(spalte.feld)
        if ist_leer(zelle):
            zeile.fehler_hinzufuegen(spalte.kopf, _("fehlt."))
            teile.append(None)
            continue
        try:
            wert = zelle_lesen(spalte, zelle, kontext)
        except ValidationError as fehler:
            for text in fehler.messages:
                zeile.fehler_hinzufuegen(spalte.kopf, text)
            teile.append(None)
            continue
        zeile.schluesselwerte[spalte.feld] = wert
        teile.append(spalte.schluesselwert(wert))
    if None not in teile:
        zeile.schluessel = tuple(teile)


def _doppelte_schluessel(zeilen: list[Zeile], spalten: list[Spalte]) -> None:
    gesehen: dict[tuple, int] = {}
    for zeile in zeilen:
        if zeile.schluessel is None:
            continue
        if zeile.schluessel in gesehen:
            zeile.fehler_hinzufuegen(None, _doppelt_text(spalten, gesehen[zeile.schluessel]))
        else:
            gesehen[zeile.schluessel] = zeile.nummer


def _doppelt_text(spalten: Sequence[Spalte], andere: int, *, frueher: bool = True) -> str:
    """ "doppelt", naming the other row (earlier in the file, or — rows written in another order,
    parents first — later)."""
    namen = [f"„{s.kopf}“" for s in spalten]
    liste = (
        namen[0]
        if len(namen) == 1
        else _("%(a)s und %(b)s")
        % {
            "a": ", ".join(namen[:-1]),
            "b": namen[-1],
        }
    )
    if frueher:
        text = _("doppelt – dieselben Werte in %(spalten)s stehen schon in Zeile %(andere)s.")
    else:
        text = _("doppelt – dieselben Werte in %(spalten)s stehen auch in Zeile %(andere)s.")
    return text % {"spalten": liste, "andere": andere}


def _bestand(
    art: Datenart, zeilen: list[Zeile], spalten: list[Spalte], *, sperren: bool, nutzer=None
) -> dict[tuple, models.Model]:
    """The existing target rows by natural key (one query, plus one per list column)."""
    schluessel = [z.schluessel for z in zeilen if z.schluessel is not None]
    if not schluessel:
        return {}
    qs = art.abfrage(nutzer=nutzer)
    for i, spalte in enumerate(spalten):
        qs = qs.filter(**{f"{spalte.modellfeld.attname}__in": {k[i] for k in schluessel}})
    if sperren:
        qs = qs.select_for_update(of=("self",))
    return {tuple(spalte.vergleichswert(objekt) for spalte in spalten): objekt for objekt in qs}


def _bestehend(bestand: dict, zeile: Zeile) -> models.Model | None:
    if zeile.schluessel is None or zeile.fehler:
        return None
    return bestand.get(zeile.schluessel)


def _abdruck(art: Datenart, objekt: models.Model) -> str:
    """The current values of a row: every concrete field and the list columns' members."""
    teile: list = [[f.attname, f.value_to_string(objekt)] for f in objekt._meta.concrete_fields]
    for spalte in art.spalten:
        if spalte.m2m:
            teile.append([spalte.feld, sorted(spalte.vergleichswert(objekt))])
    return hashlib.sha256(json.dumps(teile, default=str).encode()).hexdigest()


def _fingerabdruck(art: Datenart, zeilen: list[Zeile], bestand: dict) -> str:
    """The state of every target row (or its absence, "") that the preview showed. A key may come
    twice (a row doubled in the file, the second refused): both entries sort as strings."""
    teile = sorted(
        [repr(z.schluessel), _abdruck(art, objekt) if (objekt := _bestehend(bestand, z)) else ""]
        for z in zeilen
        if z.schluessel is not None
    )
    return hashlib.sha256(json.dumps([art.kennung, teile]).encode()).hexdigest()


def _eindeutige_felder(modell: type[models.Model]) -> list[tuple[str, ...]]:
    """Field sets the model declares unique (unique fields, unconditional UniqueConstraints)."""
    mengen = [(f.name,) for f in modell._meta.concrete_fields if f.unique and not f.primary_key]
    mengen += [tuple(u) for u in modell._meta.unique_together]
    mengen += [tuple(c.fields) for c in modell._meta.total_unique_constraints]
    return mengen


def _zeile_verarbeiten(
    art: Datenart,
    zeile: Zeile,
    spalten: list[Spalte],
    kontext: Kontext,
    bestand: dict,
    benutzer,
    eindeutig: dict[tuple, int],
) -> None:
    # A row whose key is missing, unknown or doubled is only checked, with a fresh instance.
    schluessel_fehler = bool(zeile.fehler)
    objekt = _bestehend(bestand, zeile)
    zeile.bestehend = objekt is not None
    if objekt is None:
        objekt = art.modell()
    zeile.objekt = objekt
    if zeile.bestehend:
        for spalte in spalten:
            zeile.alt[spalte.feld] = spalte.vergleichswert(objekt)
            zeile.alt_zellen[spalte.feld] = spalte.schreiben(objekt)

    fehlerhaft: set[str] = set()
    for spalte in spalten:
        if spalte.feld in art.schluessel:
            if spalte.feld in zeile.schluesselwerte:
                spalte.setzen(objekt, zeile.schluesselwerte[spalte.feld])
            else:
                fehlerhaft.add(spalte.feld)
            continue
        try:
            wert = zelle_lesen(spalte, zeile.zellen.get(spalte.feld), kontext)
        except ValidationError as fehler:
            for text in fehler.messages:
                zeile.fehler_hinzufuegen(spalte.kopf, text)
            fehlerhaft.add(spalte.feld)
            continue
        if spalte.m2m:
            zeile.m2m[spalte.feld] = wert
        else:
            spalte.setzen(objekt, wert)

    for spalte in spalten:
        if spalte.feld in fehlerhaft:
            continue
        if spalte.m2m:
            neu = frozenset(o.pk for o in zeile.m2m.get(spalte.feld, []))
        else:
            neu = spalte.vergleichswert(objekt)
        if zeile.bestehend and neu != zeile.alt[spalte.feld]:
            if not spalte.m2m:
                zeile.geaenderte_felder.append(spalte.feld)
            zeile.aenderungen.append(
                Aenderung(
                    spalte=spalte.kopf,
                    alt=dateien.zelle_als_text(zeile.alt_zellen[spalte.feld]).lstrip("'"),
                    neu=_neu_als_text(spalte, objekt, zeile),
                )
            )
    if zeile.bestehend:
        # Unchanged lists are not written again.
        zeile.m2m = {
            feld: werte
            for feld, werte in zeile.m2m.items()
            if frozenset(o.pk for o in werte) != zeile.alt[feld]
        }
        zeile.status = GEAENDERT if zeile.aenderungen else UNVERAENDERT
    else:
        zeile.status = NEU

    if not schluessel_fehler:
        _eindeutig_in_der_datei(art, zeile, objekt, eindeutig, fehlerhaft)

    if art.zusatzregeln is not None and not zeile.fehler:
        for feld, texte in art.zusatzregeln(objekt).items():
            for text in texte:
                zeile.fehler_hinzufuegen(_spaltenname(art, feld), text)
                fehlerhaft.add(feld)

    if schluessel_fehler:
        fehlerhaft.update(art.schluessel)
    if zeile.fehler or zeile.status == UNVERAENDERT:
        try:
            objekt.full_clean(exclude=fehlerhaft or None)
        except ValidationError as fehler:
            # A model's clean() also runs on fields that could not be read (an unknown level
            # "Planet"); what it says about them is a consequence, not a second error.
            _fehler_eintragen(art, zeile, fehler, ohne=fehlerhaft)
    else:
        try:
            with transaction.atomic():
                art.schreiben(zeile, benutzer)
        except ValidationError as fehler:
            _fehler_eintragen(art, zeile, fehler)
        except IntegrityError:
            zeile.fehler_hinzufuegen(
                None,
                _(
                    "Die Zeile kann nicht gespeichert werden, weil sie einer Regel der Datenbank "
                    "widerspricht (z. B. ein Eintrag, den es schon gibt)."
                ),
            )
        else:
            kontext.registrieren(objekt)
    if zeile.fehler:
        zeile.status = FEHLER


def _neu_als_text(spalte: Spalte, objekt: models.Model, zeile: Zeile) -> str:
    if spalte.m2m:
        return ", ".join(spalte.verzeichnis.export(o) for o in zeile.m2m.get(spalte.feld, []))
    return dateien.zelle_als_text(spalte.schreiben(objekt)).lstrip("'")


def _eindeutig_in_der_datei(
    art: Datenart, zeile: Zeile, objekt: models.Model, eindeutig: dict, fehlerhaft: set[str]
) -> None:
    """Two rows of one file that would both hold the same unique values (e.g. the same name
    under the same parent area): the later one is refused, naming the first."""
    felder_in_datei = {s.feld for s in art.spalten}
    for felder in _eindeutige_felder(art.modell):
        if set(felder) - felder_in_datei or set(felder) & fehlerhaft:
            continue
        werte = []
        for feld in felder:
            modellfeld = art.modell._meta.get_field(feld)
            wert = getattr(objekt, modellfeld.attname)
            werte.append(wert)
        if any(w in (None, "") for w in werte):
            continue
        k = (felder, tuple(werte))
        if k in eindeutig and eindeutig[k] != zeile.nummer:
            spalten = [art.spalte(f) for f in felder]
            andere = eindeutig[k]
            zeile.fehler_hinzufuegen(
                None, _doppelt_text(spalten, andere, frueher=andere < zeile.nummer)
            )
            # Said once, naming both rows; not again by the model's own unique check.
            fehlerhaft.update(felder)
        else:
            eindeutig[k] = zeile.nummer


def _spaltenname(art: Datenart, feld: str) -> str | None:
    spalte = art.spalte(feld)
    return spalte.kopf if spalte is not None else None


def _fehler_eintragen(
    art: Datenart, zeile: Zeile, fehler: ValidationError, *, ohne: set[str] = frozenset()
) -> None:
    """Model and service errors, by column; a constraint's default message (which names the
    constraint) becomes a German sentence about its columns. Errors of the fields in ``ohne``
    (already refused when their cells were read) are left out."""
    standard = _constraint_meldungen(art.modell)
    eintraege = (
        fehler.error_dict.items() if hasattr(fehler, "error_dict") else [(None, fehler.error_list)]
    )
    for feld, liste in eintraege:
        if feld in ohne:
            continue
        for einzel in liste:
            if getattr(einzel, "code", None) in ("null", "blank", "required"):
                # Django's "darf nicht null sein" says nothing to someone filling a cell.
                einzel = ValidationError(_("Angabe fehlt."), code="fehlt")
            for text in einzel.messages:
                spalte = None if feld in (None, NON_FIELD_ERRORS) else _spaltenname(art, feld)
                if text in standard:
                    spalten = [_spaltenname(art, f) or f for f in standard[text]]
                    text = _("Die Angaben in %(spalten)s sind so nicht zulässig.") % {
                        "spalten": ", ".join(f"„{s}“" for s in spalten)
                    }
                elif feld not in (None, NON_FIELD_ERRORS) and spalte is None:
                    name = deutsch_text(art.modell._meta.get_field(feld).verbose_name)
                    text = f"{name}: {text}"
                zeile.fehler_hinzufuegen(spalte, text)


def _constraint_meldungen(modell: type[models.Model]) -> dict[str, list[str]]:
    """Default violation messages of the model's constraints → the fields they concern."""
    meldungen = {}
    for constraint in modell._meta.constraints:
        if constraint.violation_error_message not in (
            None,
            constraint.default_violation_error_message,
        ):
            continue
        if isinstance(constraint, models.CheckConstraint):
            felder = sorted(constraint.condition.referenced_base_fields)
        else:
            felder = list(getattr(constraint, "fields", ()))
        meldungen[str(constraint.get_violation_error_message())] = felder
    return meldungen


# --- export --------------------------------------------------------------------------------------


def exportieren(art: Datenart, queryset: models.QuerySet, *, format_: str) -> bytes:
    """The rows as a file of the Datenpflege (real values), German whatever the interface
    language; re-importing it changes nothing."""
    with dateien.auf_deutsch():
        blatt = dateien.Blatt(
            titel=art.name,
            kopf=art.kopf(),
            zeilen=[art.zeile_fuer(o) for o in art.abfrage(queryset)],
        )
        return _datei(blatt, format_)


def vorlage(
    art: Datenart, *, format_: str, beispiel: Sequence[dateien.Zelle] | None = None
) -> bytes:
    """An empty file with the headers and an example row: ``beispiel`` (e.g. with an area the
    person sees), else the kind's own, if it has one."""
    zeile = beispiel if beispiel is not None else art.beispiel
    with dateien.auf_deutsch():
        blatt = dateien.Blatt(titel=art.name, kopf=art.kopf(), zeilen=[zeile] if zeile else [])
        return _datei(blatt, format_)


def _datei(blatt: dateien.Blatt, format_: str) -> bytes:
    if format_ == "xlsx":
        return dateien.xlsx_schreiben([blatt])
    return dateien.csv_schreiben(blatt)


# --- the two steps as the views run them ---------------------------------------------------------


def pruefsumme(art: Datenart, tabelle: Tabelle) -> str:
    daten = json.dumps([art.kennung, tabelle.als_json()], sort_keys=True)
    return hashlib.sha256(daten.encode()).hexdigest()


@dataclass
class Importschritt:
    """What an import view shows next. ``fertig`` is the committed result (then redirect);
    ``aufgabe`` a big file handed to the task queue (then redirect to its status page)."""

    pruefung: Pruefung | None = None
    pruefsumme: str = ""
    fertig: Pruefung | None = None
    datei_fehler: str = ""
    aufgabe: Aufgabe | None = None


# Hands a big file (its bytes, its name and about how many data rows it holds) to the task queue;
# returns the task's record.
Hintergrund = Callable[[bytes, str, int], "Aufgabe"]


def zeilen_schaetzen(inhalt: bytes, dateiname: str) -> int | None:
    """About how many data rows a file holds, found without reading it (milliseconds): the line
    breaks of a CSV, the sheet's stated size of an XLSX; None when an XLSX does not state it.
    An upper bound for files as our exports and spreadsheet programs write them; a GeoJSON file
    by its features (a pretty-printed outline spans many lines)."""
    if dateien.ist_geojson(dateiname):
        return inhalt.count(b'"Feature"')
    if not dateiname.lower().endswith(".xlsx"):
        return max(inhalt.count(b"\n") + (not inhalt.endswith(b"\n")) - 1, 0)
    from openpyxl import load_workbook

    try:
        mappe = load_workbook(io.BytesIO(inhalt), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file; the reading will say
        return None
    try:
        zeilen = mappe.worksheets[0].max_row if mappe.worksheets else None
    except Exception:
        zeilen = None
    finally:
        mappe.close()
    return None if zeilen is None else max(zeilen - 1, 0)


def import_schritt(
    request: HttpRequest,
    art: Datenart,
    *,
    sitzungsschluessel: str,
    datei: object | None = None,
    bestaetigt: str | None = None,
    hintergrund: Hintergrund | None = None,
) -> Importschritt:
    """Run one step of an import page: ``datei`` (a cleaned upload) → preview, rows kept in the
    session; ``bestaetigt`` (the preview's checksum) → confirm against the stored fingerprint.
    A file of more than GROSS_AB_ZEILEN rows goes to ``hintergrund`` instead (when given), as it
    is: the task reads and checks it, and its status page offers the confirm. No request reads
    a big file (10,000 XLSX rows take more than a second).

    Adds the error messages of a confirm that wrote nothing; the caller adds the success message
    (its wording depends on the page).
    """
    if datei is not None:
        inhalt = datei.read()
        if hintergrund is not None:
            geschaetzt = zeilen_schaetzen(inhalt, datei.name)
            if geschaetzt is not None and geschaetzt > GROSS_AB_ZEILEN:
                request.session.pop(sitzungsschluessel, None)
                return Importschritt(aufgabe=hintergrund(inhalt, datei.name, geschaetzt))
        try:
            tabelle = dateien.lesen(inhalt, datei.name)
            if hintergrund is not None and len(tabelle.zeilen) > GROSS_AB_ZEILEN:
                # The file did not state its size (e.g. an XLSX without one).
                request.session.pop(sitzungsschluessel, None)
                return Importschritt(aufgabe=hintergrund(inhalt, datei.name, len(tabelle.zeilen)))
            pruefung = pruefen(art, tabelle, benutzer=request.user)
        except DateiFehler as fehler:
            return Importschritt(datei_fehler=str(fehler))
        summe = pruefsumme(art, tabelle)
        request.session[sitzungsschluessel] = {
            "pruefsumme": summe,
            "tabelle": tabelle.als_json(),
            "fingerabdruck": pruefung.fingerabdruck,
        }
        return Importschritt(pruefung=pruefung, pruefsumme=summe)

    gespeichert = request.session.get(sitzungsschluessel)
    if not gespeichert or not bestaetigt or gespeichert.get("pruefsumme") != bestaetigt:
        messages.error(
            request,
            _("Die Vorschau ist nicht mehr gültig. Bitte laden Sie die Datei erneut hoch."),
        )
        return Importschritt()
    tabelle = Tabelle.aus_json(gespeichert["tabelle"])
    try:
        ergebnis = uebernehmen(
            art, tabelle, benutzer=request.user, fingerabdruck=gespeichert["fingerabdruck"]
        )
    except DateiFehler as fehler:
        return Importschritt(datei_fehler=str(fehler))
    if ergebnis.gespeichert:
        del request.session[sitzungsschluessel]
        return Importschritt(fertig=ergebnis)
    gespeichert["fingerabdruck"] = ergebnis.fingerabdruck
    request.session[sitzungsschluessel] = gespeichert
    if ergebnis.veraltet:
        messages.error(
            request,
            _(
                "Seit der Vorschau wurden Einträge geändert, die dieser Import betrifft. Es "
                "wurde nichts gespeichert. Bitte prüfen Sie die neue Vorschau und bestätigen "
                "Sie erneut."
            ),
        )
    else:
        messages.error(
            request,
            _(
                "Die Daten konnten nicht gespeichert werden, weil sich die Daten inzwischen "
                "geändert haben oder eine Zeile nicht gespeichert werden kann. Es wurde nichts "
                "gespeichert. Bitte prüfen Sie die Vorschau und bestätigen Sie erneut."
            ),
        )
    return Importschritt(pruefung=ergebnis, pruefsumme=gespeichert["pruefsumme"])


def ergebnis_text(pruefung: Pruefung) -> str:
    return _(
        "Import abgeschlossen: %(neu)s neu, %(geaendert)s geändert, %(gleich)s unverändert."
    ) % {
        "neu": pruefung.anzahl(NEU),
        "geaendert": pruefung.anzahl(GEAENDERT),
        "gleich": pruefung.anzahl(UNVERAENDERT),
    }
