"""The shared input layer: what every write path (staff forms, admin, imports, commands) checks
in the same way, and the numbers of query parameters that views parse by hand.

**Text** (issue "Control characters"). A stored text holds no control character other than tab,
line feed and carriage return: the C0 controls U+0000–U+001F, DEL U+007F and the C1 controls
U+0080–U+009F are invisible on a page, break the XLSX export (XML 1.0 cannot hold them) and
survive in CSV files as raw bytes. Nor does it hold the invisible formatting characters that
change what a reader sees without being seen (QA of issue 11, feedback from the public): the
bidi embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069 and the marks U+200E,
U+200F and U+061C reorder the text around them ("Trojan Source", CVE-2021-42574) in the
Datenpflege's list, the mails and the exports; the zero-width space U+200B, the word joiner
U+2060 and the byte order mark U+FEFF hide inside words and defeat search and comparison
(Unicode Technical Standard #39, "Default_Ignorable" characters used for spoofing). The
zero-width joiner and non-joiner U+200D and U+200C stay allowed: emoji sequences and scripts
such as Persian need them, and they reorder nothing.

:func:`steuerzeichen_meldung` is the one German message;
``Versioniert.clean_fields`` (aktionsplan.sperre) applies it to every CharField and TextField of
every edited model, so forms, the admin, imports and commands refuse the same text, and the
import names row and column (aktionsplan.datenimport).

**Spaces in one-line texts** (QA 2026-11-30, M7). A name, title or other one-line text (a
CharField) is stored with single ordinary spaces: every run of Unicode spaces (category Zs: the
no-break space U+00A0 that word processors put between "Nr." and a number, the narrow no-break
space U+202F, the thin and figure spaces …), tabs and line breaks becomes one space U+0020, and
none stands at the start or end (:func:`einzeilig`). Two names that look the same then are the
same, and a unique name is unique as a reader sees it; together with the unique checks that
ignore case (``Versioniert.validate_unique``, aktionsplan.sperre), "Münsterbusch",
"münsterbusch" and "Münster\u00a0busch" cannot stand side by side. Multi-line texts
(TextFields) keep their spaces and line breaks.

**Length.** A long text (a TextField) holds at most :data:`TEXT_MAX` characters, the most one
cell of an XLSX file can hold (Excel's limit): every text is exported, and a longer one would
make Excel "repair" the file and cut it (QA 2026-11-29, F-5). That is about ten pages of text;
a CharField has its own, smaller limit.

**Dates and years** (issue "Plausible dates"). Every date (a DateField; not the technical
timestamps) and every year (an integer field named ``jahr`` or ending in ``jahr``: Jahr,
Basisjahr, Zieljahr) lies between :data:`JAHR_VON` and :data:`JAHR_BIS`: the range the values
of indicators always had (``Messwert``'s constraint). Nothing of an Aktionsplan Inklusion lies
earlier (the UN-BRK dates from 2006, the municipal statistics used start in the 1990s), and
a date beyond 2100 is a typing error ("20266" for 2026), not a plan; 01.01.0001 and 31.12.9999
are what a broken date picker or a test sends. A model may narrow it further (a status report
not in the future).

**Counts** (issue "Plausible numbers"). A count of people or cases (the fields a model names in
``anzahlfelder``, and the values of an indicator that counts: ``Indikator.ist_anzahl``) is a
whole number from 0 to :data:`ANZAHL_MAX`: ten million is more than twice the population of the
largest German city, so a greater count is a typing error (99,999,999,999 participants), never
a fact of a municipality.

**Digits** (issue "Unicode digits"). Number, date and year inputs accept every decimal digit
Unicode knows (Arabic-Indic "١٢٣", fullwidth "１２３" …) and read it as the digit it is: a
person typing on an Arabic or Persian keyboard layout, or pasting from a document that uses
those digits, means the number those digits write, and there is no other reading of them. They
are normalised to 0–9 before anything parses them (:func:`ziffern_normalisieren`: the date
widgets and the number field of every form, aktionsplan.forms; the cells of every import,
aktionsplan.dateien and aktionsplan.datenspalten), so what is stored and shown is always 0–9.
Characters that only look like digits ("²", "①") are no decimal digits and stay refused. The
numbers of hand-read query parameters (below) are the exception: they come from links the
pages write, so anything but 0–9 there is no value at all.

**Query parameters.**

``str.isdigit()`` is the wrong test for "is this a number": it accepts "²", "³" and other
superscript digits, which ``int()`` rejects (a 500), and ``int()`` itself reads Arabic-Indic or
fullwidth digits ("٣", "３") and unbounded lengths. Here only ASCII digits count, and a value
outside the given range is treated like no value, so a huge number never reaches the database.
Forms (django-filter included) validate their own fields; this is for the few parameters a view
reads from ``request.GET`` directly.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

# Fits every integer column of the project (PostgreSQL's int4 is the narrowest one used).
GANZZAHL_MAX = 2**31 - 1

# [0-9], not \d: \d matches every Unicode decimal digit.
_ASCII_ZIFFERN = re.compile(r"[0-9]{1,10}")


def ganzzahl(wert: str | None, *, minimum: int = 0, maximum: int = GANZZAHL_MAX) -> int | None:
    """The whole number in ``wert``, or None if it is not one.

    Accepts 1 to 10 ASCII digits and nothing else (no sign, no spaces, no "²", no "٣"); a number
    outside ``minimum``..``maximum`` is None as well. Never raises.
    """
    if not isinstance(wert, str) or not _ASCII_ZIFFERN.fullmatch(wert):
        return None
    zahl = int(wert)
    return zahl if minimum <= zahl <= maximum else None


def ganzzahlen(werte: Iterable[str], *, minimum: int = 0, maximum: int = GANZZAHL_MAX) -> list[int]:
    """The whole numbers among ``werte`` (e.g. ``request.GET.getlist("raum")``), in order and
    without repeats; everything that is not one is left out."""
    gesehen: dict[int, None] = {}
    for wert in werte:
        zahl = ganzzahl(wert, minimum=minimum, maximum=maximum)
        if zahl is not None:
            gesehen.setdefault(zahl)
    return list(gesehen)


def id_aus(wert: str | None) -> int | None:
    """A primary key from a query parameter: a whole number from 1 up, else None."""
    return ganzzahl(wert, minimum=1)


def ids_aus(werte: Iterable[str]) -> list[int]:
    """Primary keys from a repeated query parameter (``?raum=3&raum=5``); invalid ones are left
    out."""
    return ganzzahlen(werte, minimum=1)


# --- digits -------------------------------------------------------------------------------------


def ziffern_normalisieren(text: str) -> str:
    """``text`` with every Unicode decimal digit (category Nd) as its ASCII digit 0–9; other
    characters unchanged (module doc)."""
    if text.isascii():
        return text
    return "".join(
        str(unicodedata.decimal(zeichen)) if unicodedata.category(zeichen) == "Nd" else zeichen
        for zeichen in text
    )


# --- dates and years ----------------------------------------------------------------------------

JAHR_VON = 1990
JAHR_BIS = 2100
# Characters in a long text: the most an XLSX cell holds (module doc).
TEXT_MAX = 32_767


def ist_jahresfeld(feld: models.Field) -> bool:
    """Whether a model field holds a calendar year (module doc)."""
    return isinstance(feld, models.IntegerField) and feld.name.endswith("jahr")


def jahr_meldung(feld: str) -> str:
    return _("„%(feld)s“ liegt nicht zwischen %(von)s und %(bis)s.") % {
        "feld": feld,
        "von": JAHR_VON,
        "bis": JAHR_BIS,
    }


# --- counts -------------------------------------------------------------------------------------

ANZAHL_MAX = 10_000_000


def ganze_zahl_text(zahl: int) -> str:
    """A whole number in a message, as the active language writes it: 10.000.000 in German,
    10,000,000 in English (the messages' numbers follow the language, issue 10)."""
    return formats.number_format(zahl, use_l10n=True, force_grouping=True)


def anzahl_unplausibel(wert: object) -> str:
    """Why ``wert`` cannot be a count of people or cases ("" if it can): not whole, negative or
    above ANZAHL_MAX (module doc)."""
    if wert is None or isinstance(wert, bool):
        return ""
    if isinstance(wert, (int, Decimal)):
        if wert != int(wert):
            return _("Eine Anzahl ist eine ganze Zahl.")
        if wert < 0:
            return _("Eine Anzahl kann nicht negativ sein.")
        if wert > ANZAHL_MAX:
            return _("Eine Anzahl über %(max)s ist nicht plausibel.") % {
                "max": ganze_zahl_text(ANZAHL_MAX)
            }
    return ""


# --- text ----------------------------------------------------------------------------------------

# Every control character (Unicode category Cc) except tab, line feed and carriage return, and
# the invisible bidi and zero-width formatting characters of the module doc.
_STEUERZEICHEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e"
    "\u2060\u2066-\u2069\ufeff]"
)


# Spaces (Unicode category Zs), tab and line breaks; never a control character the rule above
# refuses (Python's ``\s`` would take U+001C–U+001F and U+0085 too, and hide them).
_LEERRAUM = re.compile("[ \t\r\n\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def einzeilig(text: str) -> str:
    """``text`` as a one-line text is stored (module doc): each run of Unicode spaces, tabs and
    line breaks one space, none at either end."""
    return _LEERRAUM.sub(" ", text).strip()


def steuerzeichen(text: object) -> str | None:
    """The first forbidden control character in ``text`` (see the module doc), or None; a value
    that is no string has none."""
    if not isinstance(text, str):
        return None
    treffer = _STEUERZEICHEN.search(text)
    return treffer.group() if treffer else None


def steuerzeichen_meldung(feld: str, zeichen: str) -> str:
    """The German message for a control character ``zeichen`` in the field named ``feld``."""
    return _(
        "„%(feld)s“ enthält ein unsichtbares Steuerzeichen (U+%(code)s), das nicht gespeichert "
        "werden kann. Bitte entfernen Sie es; es entsteht oft beim Kopieren aus anderen "
        "Programmen."
    ) % {"feld": feld, "code": f"{ord(zeichen):04X}"}


def feldfehler(
    objekt: models.Model, ausgenommen: Iterable[str] = ()
) -> Iterator[tuple[str, ValidationError]]:
    """The shared input layer's rules on the fields of ``objekt`` (except ``ausgenommen``), as
    (field name, error): the rules on texts, dates and years of the module doc. Used by
    ``Versioniert.clean_fields``."""
    ausgenommen = set(ausgenommen)
    anzahlfelder = set(getattr(objekt, "anzahlfelder", ()))
    for feld in objekt._meta.concrete_fields:
        if feld.name in ausgenommen:
            continue
        wert = getattr(objekt, feld.attname)
        fehler = _feldregel(feld, wert)
        if fehler is None and feld.name in anzahlfelder and (grund := anzahl_unplausibel(wert)):
            fehler = ValidationError(
                f"{capfirst(str(feld.verbose_name))}: {grund}", code="unplausibel"
            )
        if fehler is not None:
            yield feld.name, fehler


def text_zu_lang_meldung(feld: str, laenge: int) -> str:
    """The message for a text of ``laenge`` characters over :data:`TEXT_MAX` (module doc)."""
    return _(
        "„%(feld)s“ ist zu lang: höchstens %(max)s Zeichen, die Grenze einer Excel-Zelle "
        "(Sie haben %(laenge)s eingegeben). Bitte kürzen Sie den Text."
    ) % {"feld": feld, "max": ganze_zahl_text(TEXT_MAX), "laenge": ganze_zahl_text(laenge)}


def _feldregel(feld: models.Field, wert: object) -> ValidationError | None:
    name = capfirst(str(feld.verbose_name))
    if isinstance(feld, (models.CharField, models.TextField)):
        zeichen = steuerzeichen(wert)
        if zeichen:
            return ValidationError(steuerzeichen_meldung(name, zeichen), code="steuerzeichen")
        if isinstance(feld, models.TextField) and isinstance(wert, str) and len(wert) > TEXT_MAX:
            return ValidationError(text_zu_lang_meldung(name, len(wert)), code="zu_lang")
    elif isinstance(feld, models.DateTimeField):
        return None
    elif isinstance(feld, models.DateField) or ist_jahresfeld(feld):
        jahr = wert.year if isinstance(wert, datetime.date) else wert
        if isinstance(jahr, int) and not JAHR_VON <= jahr <= JAHR_BIS:
            return ValidationError(jahr_meldung(name), code="unplausibel")
    return None
