"""Writes to the plan frame that the Redaktion makes on the staff pages: plan versions
(Fortschreibungen). Through the one lock (aktionsplan.sperre): stale edits refused, every change
recorded with who and when."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from aktionsplan.models import Fortschreibung, Plan
from aktionsplan.sperre import speichern

FORTSCHREIBUNG_FELDER = ("nummer", "beschluss_datum", "beschluss_gremium", "aenderungen")


def fortschreibung_anlegen(
    *, plan: Plan, benutzer: AbstractBaseUser | None, daten: dict
) -> Fortschreibung:
    """Add a version of ``plan`` (``daten``: FORTSCHREIBUNG_FELDER). Raises ValidationError (the
    number is taken, below 1) and writes nothing then."""
    fortschreibung = Fortschreibung(plan=plan, **daten)
    grund = _("Fortschreibung angelegt: Version %(nr)s") % {"nr": fortschreibung.nummer}
    return speichern(fortschreibung, benutzer=benutzer, grund=grund)


def fortschreibung_aendern(
    *,
    fortschreibung: Fortschreibung,
    benutzer: AbstractBaseUser | None,
    erwartete_version: int | None,
    daten: dict,
) -> Fortschreibung:
    """Change a version, or raise VeralteterStandError (changed since the form was opened) /
    ValidationError, and write nothing."""
    for feld, wert in daten.items():
        setattr(fortschreibung, feld, wert)
    return speichern(
        fortschreibung,
        benutzer=benutzer,
        erwartete_version=erwartete_version,
        felder=daten.keys(),
        grund=_("Fortschreibung geändert: Version %(nr)s") % {"nr": fortschreibung.nummer},
    )
