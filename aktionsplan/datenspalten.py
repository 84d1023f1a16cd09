"""Columns of the files and how related rows are found by natural keys (the reading and writing
of single cells for aktionsplan.datenimport).

A :class:`Spalte` maps one model field to a German header; it turns a cell into a field value
(raising ValidationError with a German message) and a field value into a cell. A
:class:`Verzeichnisart` says how rows of a referenced table are named in files (an area by
Kurzname, Schlüssel or name; a theme by Kurzname or name …).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aktionsplan import dateien
from aktionsplan.dateien import Zelle, Zellwert
from aktionsplan.eingaben import ziffern_normalisieren

_JA = {"ja", "j", "x", "1", "true", "wahr", "yes", "y"}
_NEIN = {"nein", "n", "0", "false", "falsch", "no", "-", "–", "endgültig", "endgueltig"}


def normalisieren(text: object) -> str:
    """A header or key as compared: case folded, umlauts as ae/oe/ue/ss, letters and digits."""
    text = str(text or "").casefold()
    for umlaut, ersatz in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, ersatz)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text)


def _schluesseltext(text: str) -> str:
    """A natural key as compared: case folded, whitespace collapsed (umlauts kept)."""
    return " ".join(str(text).split()).casefold()


def deutsch_text(text) -> str:
    with translation.override("de"):
        return str(text)


# --- looking up related rows by natural keys -----------------------------------------------------


@dataclass(eq=False)
class Verzeichnisart:
    """How the rows of a referenced table are found by their natural keys.

    ``schluessel`` lists the keys of a row in order of precedence (e.g. an area: Kurzname, then
    Schlüssel, then name): a text is looked up in the first level that knows it, and is ambiguous
    if that level knows it for several rows. ``export`` is the key written to files.

    ``eingrenzen`` (optional) gives, for one text, a condition that every row having that text
    as one of its keys fulfils (more rows may fulfil it): then a few texts are looked up
    without loading the whole table (:func:`namen_finden`, the names typed into the admin
    without JavaScript). Without it the whole table is loaded (small reference tables).
    ``hinweis`` (optional) tells people which keys they may type.
    """

    abfrage: Callable[[], models.QuerySet]
    schluessel: Sequence[Callable[[models.Model], object]]
    export: Callable[[models.Model], str]
    unbekannt: str  # message with %(wert)s, e.g. "„%(wert)s“ ist kein bekannter Raum."
    mehrdeutig: str = gettext_lazy(
        "„%(wert)s“ passt auf mehrere Einträge. Bitte geben Sie den eindeutigen Kurznamen an."
    )
    eingrenzen: Callable[[str], models.Q] | None = None
    hinweis: str = ""


def gleich(*felder: str) -> Callable[[str], models.Q]:
    """An ``eingrenzen`` for keys stored in text fields: rows where one of ``felder`` equals the
    text, folded as the search folds (aktionsplan.suche, lookup ``faltetgleich``)."""

    def bedingung(text: str) -> models.Q:
        return models.Q(
            *(models.Q(**{f"{feld}__faltetgleich": text}) for feld in felder),
            _connector=models.Q.OR,
        )

    return bedingung


class Verzeichnis:
    """The loaded rows of one Verzeichnisart (one query), with rows written during the run."""

    def __init__(self, art: Verzeichnisart, *, nutzer=None, abfrage=None) -> None:
        self.art = art
        abfrage = art.abfrage() if abfrage is None else abfrage
        if nutzer is not None and hasattr(abfrage, "fuer"):
            # Only what the importing person may see can be referenced (the Kommune scope hook).
            abfrage = abfrage.fuer(nutzer)
        self.modell = abfrage.model
        self.stufen: list[dict[str, dict[int, models.Model]]] = [{} for _s in art.schluessel]
        # The most commas in one known key (a list cell is split at commas; see Liste.lesen).
        self.max_kommas = 0
        for objekt in abfrage:
            self.hinzufuegen(objekt)

    def hinzufuegen(self, objekt: models.Model) -> None:
        for stufe, schluessel in zip(self.stufen, self.art.schluessel, strict=True):
            wert = schluessel(objekt)
            if wert not in (None, ""):
                text = _schluesseltext(wert)
                stufe.setdefault(text, {})[objekt.pk] = objekt
                self.max_kommas = max(self.max_kommas, text.count(","))

    def kennt(self, text: str) -> bool:
        k = _schluesseltext(text)
        return any(k in stufe for stufe in self.stufen)

    def finden(self, text: str) -> models.Model:
        """The row a text names; raises ValidationError (unknown or ambiguous)."""
        k = _schluesseltext(text)
        for stufe in self.stufen:
            treffer = stufe.get(k)
            if treffer:
                if len(treffer) > 1:
                    raise ValidationError(str(self.art.mehrdeutig) % {"wert": text}, "mehrdeutig")
                return next(iter(treffer.values()))
        raise ValidationError(str(self.art.unbekannt) % {"wert": text}, "unbekannt")


# At most this many names typed into one field at once (each one a condition of the query).
NAMEN_MAX = 100
# A longer text is no key (the longest key field holds 250 characters) and is not looked up.
NAME_MAX_LAENGE = 300


def _unmoeglich(name: str) -> bool:
    """A text that cannot be a key and is not sent to the database (PostgreSQL refuses NUL)."""
    return "\x00" in name or len(name) > NAME_MAX_LAENGE


def namen_finden(
    art: Verzeichnisart, abfrage: models.QuerySet, text: str, *, liste: bool = False
) -> list[models.Model]:
    """The rows of ``abfrage`` that ``text`` names by the natural keys of ``art``, in one query.

    ``abfrage`` is already what the person may choose (scope hook, ``limit_choices_to``): a
    key of any other row is unknown. With ``liste`` the text holds several names, one a line
    or separated by commas (a line that is a known key as a whole is one name, so a name with
    a comma goes on a line of its own); otherwise the whole text is one name. Whitespace is
    collapsed, case folded (:func:`_schluesseltext`).

    Raises ValidationError with every unknown or ambiguous name (the messages of ``art``), or
    when more than NAMEN_MAX names are given. A name with NUL or of more than NAME_MAX_LAENGE
    characters is unknown without a query.
    """
    zeilen = [" ".join(z.split()) for z in (_zeilenenden(text).split("\n") if liste else [text])]
    zeilen = [z for z in zeilen if z]
    teile = {z: [" ".join(t.split()) for t in z.split(",")] if liste else [] for z in zeilen}
    kandidaten = list(dict.fromkeys([*zeilen, *(t for ts in teile.values() for t in ts if t)]))
    if len(kandidaten) > NAMEN_MAX:
        raise ValidationError(
            _("Bitte geben Sie höchstens %(max)d Namen auf einmal ein.") % {"max": NAMEN_MAX},
            code="zu_viele",
        )
    if not zeilen:
        return []
    basis = art.abfrage()
    if basis is not None and basis.model is abfrage.model:
        # The Verzeichnisart's own query (its select_related) over what the person may choose.
        abfrage = basis.filter(pk__in=abfrage.values("pk"))
    kandidaten = [k for k in kandidaten if not _unmoeglich(k)]
    if not kandidaten:
        abfrage = abfrage.none()
    elif art.eingrenzen is not None:
        abfrage = abfrage.filter(
            models.Q(*(art.eingrenzen(k) for k in kandidaten), _connector=models.Q.OR)
        )
    verzeichnis = Verzeichnis(art, abfrage=abfrage)
    gefunden: dict[object, models.Model] = {}
    fehler: list[str] = []
    for zeile in zeilen:
        namen = [zeile] if not liste or verzeichnis.kennt(zeile) else [t for t in teile[zeile] if t]
        for name in namen:
            if _unmoeglich(name):
                kurz = name.replace("\x00", "")[:60]
                fehler.append(str(art.unbekannt) % {"wert": f"{kurz}…" if kurz != name else kurz})
                continue
            try:
                objekt = verzeichnis.finden(name)
            except ValidationError as e:
                fehler.extend(e.messages)
            else:
                gefunden[objekt.pk] = objekt
    if fehler:
        raise ValidationError(list(dict.fromkeys(fehler)))
    return list(gefunden.values())


class Kontext:
    """What one run needs besides the rows: the loaded directories, each column's notation."""

    def __init__(self, *, nutzer=None) -> None:
        self.nutzer = nutzer
        self._verzeichnisse: dict[int, Verzeichnis] = {}
        self.schreibweisen: dict[str, str | None] = {}

    def verzeichnis(self, art: Verzeichnisart) -> Verzeichnis:
        if id(art) not in self._verzeichnisse:
            self._verzeichnisse[id(art)] = Verzeichnis(art, nutzer=self.nutzer)
        return self._verzeichnisse[id(art)]

    def registrieren(self, objekt: models.Model) -> None:
        """A row written in this run can be referenced by later rows (e.g. a new parent area)."""
        for verzeichnis in self._verzeichnisse.values():
            if isinstance(objekt, verzeichnis.modell):
                verzeichnis.hinzufuegen(objekt)


# --- columns -------------------------------------------------------------------------------------


class Spalte:
    """One column of a file: a model field, its German header and how cells are read/written.

    ``kopf`` defaults to the field's verbose name in German; ``aliase`` are further headers that
    are understood on import (compared by :func:`normalisieren`).
    """

    m2m = False

    def __init__(self, feld: str, kopf=None, *, aliase: Sequence[str] = ()) -> None:
        self.feld = feld
        self._kopf = kopf
        self.aliase = tuple(aliase)
        self.modell: type[models.Model] | None = None

    def binden(self, modell: type[models.Model]) -> None:
        self.modell = modell

    @property
    def modellfeld(self) -> models.Field:
        return self.modell._meta.get_field(self.feld)

    @property
    def kopf(self) -> str:
        """The header as files carry it: German whatever the interface language."""
        return deutsch_text(self._kopf if self._kopf is not None else self.modellfeld.verbose_name)

    def kopfschluessel(self) -> set[str]:
        return {normalisieren(k) for k in (self.kopf, self.feld, *self.aliase)}

    # reading
    def lesen(self, zelle: Zellwert, kontext: Kontext) -> object:
        """The field value for a cell; raises ValidationError with a German message."""
        raise NotImplementedError

    def setzen(self, objekt: models.Model, wert: object) -> None:
        setattr(objekt, self.feld, wert)

    # comparing
    def vergleichswert(self, objekt: models.Model) -> object:
        return getattr(objekt, self.feld)

    def schluesselwert(self, wert: object) -> object:
        """The value as part of a natural key (hashable)."""
        return wert

    # writing
    def schreiben(self, objekt: models.Model) -> Zelle:
        return getattr(objekt, self.feld)


def ist_leer(zelle: Zellwert) -> bool:
    return zelle is None or (isinstance(zelle, str) and not zelle.strip())


def _als_text(zelle: Zellwert) -> str:
    if zelle is None:
        return ""
    if isinstance(zelle, bool):
        return "ja" if zelle else "nein"
    if isinstance(zelle, Decimal):
        return format(dateien.zahl_kompakt(zelle), "f")
    if isinstance(zelle, datetime.date):
        return zelle.strftime("%d.%m.%Y")
    return str(zelle).strip()


def _zeilenenden(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class Text(Spalte):
    """Text, stripped. Line endings are not data: an XLSX file turns CR LF into LF, and a text
    that differs from the stored one only there counts as unchanged."""

    def lesen(self, zelle, kontext):
        return _zeilenenden(_als_text(zelle))

    def vergleichswert(self, objekt):
        return _zeilenenden(getattr(objekt, self.feld) or "")

    def schreiben(self, objekt):
        return getattr(objekt, self.feld) or ""


class Zahl(Spalte):
    """A decimal number; written without trailing zeros (17.00 → 17)."""

    def lesen(self, zelle, kontext):
        if ist_leer(zelle):
            return None
        try:
            return dateien.zahl_lesen(zelle, kontext.schreibweisen.get(self.feld))
        except dateien.ZahlFehler as fehler:
            raise ValidationError(str(fehler), code="zahl") from None

    def schreiben(self, objekt):
        return dateien.zahl_kompakt(getattr(objekt, self.feld))


class Ganzzahl(Zahl):
    def lesen(self, zelle, kontext):
        zahl = super().lesen(zelle, kontext)
        if zahl is None:
            return None
        if zahl != zahl.to_integral_value():
            raise ValidationError(
                _("„%(wert)s“ ist keine ganze Zahl.") % {"wert": _als_text(zelle)}, code="ganzzahl"
            )
        if abs(zahl) > 2**31:
            raise ValidationError(
                _("„%(wert)s“ ist zu groß.") % {"wert": _als_text(zelle)}, code="zu_gross"
            )
        return int(zahl)

    def schreiben(self, objekt):
        return getattr(objekt, self.feld)


_DATUM = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


class Datum(Spalte):
    """DD.MM.YYYY (also D.M.YYYY and ISO YYYY-MM-DD), or an XLSX date cell."""

    def lesen(self, zelle, kontext):
        if ist_leer(zelle):
            return None
        if isinstance(zelle, datetime.date):
            return zelle
        text = ziffern_normalisieren(_als_text(zelle))
        try:
            if treffer := _DATUM.match(text):
                tag, monat, jahr = (int(t) for t in treffer.groups())
                return datetime.date(jahr, monat, tag)
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                _("„%(wert)s“ ist kein Datum (TT.MM.JJJJ).") % {"wert": text}, code="datum"
            ) from None


class JaNein(Spalte):
    """ja/nein (also x, 1/0, wahr/falsch); an empty cell takes the field's default."""

    def lesen(self, zelle, kontext):
        if isinstance(zelle, bool):
            return zelle
        text = _als_text(zelle).casefold()
        if text == "":
            return self.modellfeld.get_default()
        if text in _JA or text == deutsch_text(self.modellfeld.verbose_name).casefold():
            return True
        if text in _NEIN:
            return False
        raise ValidationError(
            _("„%(wert)s“ – bitte schreiben Sie „ja“ oder „nein“.") % {"wert": _als_text(zelle)},
            code="janein",
        )

    def schreiben(self, objekt):
        return bool(getattr(objekt, self.feld))


class Auswahl(Spalte):
    """A field with choices: written as its German label; read as label (German or the
    interface language) or as its short code."""

    def lesen(self, zelle, kontext):
        text = _als_text(zelle)
        if text == "":
            return ""
        k = normalisieren(text)
        for code, label in self.modellfeld.choices:
            if k in {normalisieren(code), normalisieren(deutsch_text(label)), normalisieren(label)}:
                return code
        erlaubt = ", ".join(f"„{deutsch_text(label)}“" for _code, label in self.modellfeld.choices)
        raise ValidationError(
            _("„%(wert)s“ ist nicht vorgesehen. Möglich sind: %(erlaubt)s.")
            % {"wert": text, "erlaubt": erlaubt},
            code="auswahl",
        )

    def schreiben(self, objekt):
        code = getattr(objekt, self.feld)
        if not code:
            return ""
        return deutsch_text(dict(self.modellfeld.choices).get(code, code))


class Bezug(Spalte):
    """A foreign key, by the natural keys of its Verzeichnisart."""

    def __init__(self, feld: str, kopf=None, *, verzeichnis: Verzeichnisart, **kwargs) -> None:
        super().__init__(feld, kopf, **kwargs)
        self.verzeichnis = verzeichnis

    def lesen(self, zelle, kontext):
        text = _als_text(zelle)
        if text == "":
            return None
        return kontext.verzeichnis(self.verzeichnis).finden(text)

    def vergleichswert(self, objekt):
        return getattr(objekt, self.modellfeld.attname)

    def schluesselwert(self, wert):
        return wert.pk if wert is not None else None

    def schreiben(self, objekt):
        # By the key first: an emptied required relation of an existing row has no related
        # object, and reading it raises (QA 2026-11-30, F6); its row error says what is missing.
        if getattr(objekt, self.modellfeld.attname) is None:
            return ""
        return self.verzeichnis.export(getattr(objekt, self.feld))


@dataclass(frozen=True)
class _Vorgabe:
    """An empty cell of a :class:`Kommunenbezug`: the Kommune to take where the rule applies."""

    kommune: models.Model | None


class Kommunenbezug(Bezug):
    """The owning Kommune of a row (aktionsplan.bereich), by name, Amtlicher Gemeindeschlüssel
    or Kurzname among the Kommunen the importing person may see (others are unknown to them).

    An empty cell means the person's Kommune where that is unambiguous: the only Kommune they
    see (the only one of the installation, or the only one of their memberships), and only for
    rows that ``vorgabe_fuer`` accepts (e.g. municipal actors: a regional one stays shared).
    Otherwise empty stays empty, and the model's rules say whether a Kommune is required.
    """

    def __init__(
        self,
        feld: str = "kommune",
        kopf=None,
        *,
        verzeichnis: Verzeichnisart,
        vorgabe_fuer: Callable[[models.Model], bool] = lambda objekt: True,
        **kwargs,
    ) -> None:
        super().__init__(feld, kopf, verzeichnis=verzeichnis, **kwargs)
        self.vorgabe_fuer = vorgabe_fuer

    def lesen(self, zelle, kontext):
        if _als_text(zelle) != "":
            return super().lesen(zelle, kontext)
        verzeichnis = kontext.verzeichnis(self.verzeichnis)
        sichtbar = {
            pk: o for stufe in verzeichnis.stufen for t in stufe.values() for pk, o in t.items()
        }
        return _Vorgabe(next(iter(sichtbar.values())) if len(sichtbar) == 1 else None)

    def setzen(self, objekt, wert):
        if isinstance(wert, _Vorgabe):
            wert = wert.kommune if self.vorgabe_fuer(objekt) else None
        super().setzen(objekt, wert)


# Unknown entries of a list cell named in its message; the rest are counted.
ZU_NENNEN = 10


class Liste(Spalte):
    """A many-to-many field as a comma-separated list of natural keys.

    A key that itself contains a comma (a target group "Menschen mit Sehbehinderung, blinde
    Menschen") is recognised as long as it is known as a whole. Candidates span at most as many
    commas as the longest known key: a cell of thousands of commas costs linear time, where
    trying every span cost cubic time (minutes for one cell).
    """

    m2m = True

    def __init__(self, feld: str, kopf=None, *, verzeichnis: Verzeichnisart, **kwargs) -> None:
        super().__init__(feld, kopf, **kwargs)
        self.verzeichnis = verzeichnis

    def lesen(self, zelle, kontext):
        text = _als_text(zelle).replace("\n", ",")
        verzeichnis = kontext.verzeichnis(self.verzeichnis)
        teile = text.split(",")
        gefunden: dict[int, models.Model] = {}
        unbekannt: list[str] = []
        fehler: list[str] = []
        i = 0
        while i < len(teile):
            for j in range(min(len(teile), i + verzeichnis.max_kommas + 1), i, -1):
                kandidat = ",".join(teile[i:j]).strip()
                if kandidat and verzeichnis.kennt(kandidat):
                    try:
                        objekt = verzeichnis.finden(kandidat)
                        gefunden[objekt.pk] = objekt
                    except ValidationError as e:
                        fehler.extend(e.messages)
                    i = j
                    break
            else:
                if teile[i].strip():
                    unbekannt.append(teile[i].strip())
                i += 1
        if unbekannt:
            unbekannt = list(dict.fromkeys(unbekannt))
            liste = ", ".join(f"„{u}“" for u in unbekannt[:ZU_NENNEN])
            if len(unbekannt) > ZU_NENNEN:
                liste = _("%(liste)s und %(anzahl)s weitere") % {
                    "liste": liste,
                    "anzahl": len(unbekannt) - ZU_NENNEN,
                }
            fehler.insert(0, _("Nicht bekannt: %(liste)s.") % {"liste": liste})
        if fehler:
            raise ValidationError(fehler)
        return list(gefunden.values())

    def vergleichswert(self, objekt):
        if objekt.pk is None:
            return frozenset()
        return frozenset(o.pk for o in getattr(objekt, self.feld).all())

    def schreiben(self, objekt):
        return ", ".join(self.verzeichnis.export(o) for o in getattr(objekt, self.feld).all())
