"""Reading numbers from query parameters that views parse by hand (not through a form).

``str.isdigit()`` is the wrong test for "is this a number": it accepts "²", "³" and other
superscript digits, which ``int()`` rejects (a 500), and ``int()`` itself reads Arabic-Indic or
fullwidth digits ("٣", "３") and unbounded lengths. Here only ASCII digits count, and a value
outside the given range is treated like no value, so a huge number never reaches the database.
Forms (django-filter included) validate their own fields; this is for the few parameters a view
reads from ``request.GET`` directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
