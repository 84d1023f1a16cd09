"""Writes to measures and everything hanging off them, through the one lock (aktionsplan.sperre).

Every write that concerns a measure raises its ``version`` by one — edits of the measure itself,
and also new status reports, milestones (added or done), actors' roles and funding (their models
name ``sperre_eltern = "projekt"``). A measure form opened before any of these is therefore stale
and its save is refused: the editor may have written the description against a state that has
since changed, and refusing is the only way to guarantee that nothing a colleague entered is
silently overwritten. Status reports are never changed or deleted; a correction is a new report
naming the one it corrects.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from aktionsplan.sperre import VeralteterStandError, loeschen, speichern
from projekte.models import Finanzierung, Meilenstein, Projektbeteiligung, Projektskizze, Sachstand

M2M_FELDER = ("weitere_themen", "zielgruppen", "unbrk_artikel", "raeume")


def projekt_anlegen(
    *, benutzer: AbstractBaseUser | None, daten: dict, m2m: dict[str, Iterable]
) -> Projektskizze:
    """Create a measure from cleaned data (``daten``: plain fields, ``m2m``: relations).

    Raises ValidationError (a rule of the measure, its relations included: themes, the plan's
    area — ``Projektskizze.beziehungen_pruefen``) and writes nothing then.
    """
    projekt = Projektskizze(**daten)
    return speichern(projekt, benutzer=benutzer, m2m=m2m)


def projekt_aendern(
    *,
    projekt: Projektskizze,
    benutzer: AbstractBaseUser | None,
    erwartete_version: int | None,
    daten: dict,
    m2m: dict[str, Iterable],
) -> Projektskizze:
    """Save the changes of a measure, or raise VeralteterStandError / ValidationError and write
    nothing. ``projekt`` is the instance the form filled; ``daten`` names the changed plain
    fields; ``erwartete_version`` is the version the form was opened on."""
    for feld, wert in daten.items():
        setattr(projekt, feld, wert)
    return speichern(
        projekt,
        benutzer=benutzer,
        erwartete_version=erwartete_version,
        felder=daten.keys(),
        m2m=m2m,
    )


def sachstand_anlegen(
    *,
    projekt: Projektskizze,
    benutzer: AbstractBaseUser | None,
    datum: datetime.date,
    status: str,
    ampel: str,
    fortschritt: int,
    text: str,
    berichtigt: Sachstand | None = None,
    oeffentlich: bool = False,
) -> Sachstand:
    """Add a report (earlier ones stay); it becomes the current state if it is the newest.

    ``berichtigt``: the earlier report this one corrects (reports are never changed);
    ``oeffentlich``: shown on the public page of the measure (if the measure is published).
    """
    sachstand = Sachstand(
        projekt=projekt,
        datum=datum,
        status=status,
        ampel=ampel,
        fortschritt=fortschritt,
        text=text,
        verfasst_von=benutzer,
        berichtigt=berichtigt,
        oeffentlich=oeffentlich,
    )
    return speichern(sachstand, benutzer=benutzer, grund=_("Sachstand erfasst"))


def sachstand_freigeben(
    *,
    sachstand: Sachstand,
    benutzer: AbstractBaseUser | None,
    erwartete_version: int | None,
    oeffentlich: bool,
) -> Sachstand:
    """Publish a report on the public page of its measure, or withdraw it. The one change a
    report allows (``Sachstand.freigabefelder``): what it says stays as written. Recorded in
    the history of the report and its measure; raises VeralteterStandError (changed since the
    form was opened) and writes nothing then."""
    sachstand.oeffentlich = oeffentlich
    return speichern(
        sachstand,
        benutzer=benutzer,
        erwartete_version=erwartete_version,
        felder=["oeffentlich"],
        grund=_("Sachstand veröffentlicht") if oeffentlich else _("Sachstand zurückgezogen"),
    )


def meilenstein_anlegen(
    *,
    projekt: Projektskizze,
    benutzer: AbstractBaseUser | None,
    titel: str,
    faellig_am: datetime.date,
) -> Meilenstein:
    meilenstein = Meilenstein(projekt=projekt, titel=titel, faellig_am=faellig_am)
    return speichern(meilenstein, benutzer=benutzer, grund=_("Meilenstein angelegt"))


def _schon_erledigt(meilenstein: Meilenstein) -> ValidationError:
    return ValidationError(
        _("Der Meilenstein „%(titel)s“ ist schon seit dem %(datum)s als erledigt vermerkt.")
        % {
            "titel": meilenstein.titel,
            "datum": formats.date_format(meilenstein.erledigt_am, "SHORT_DATE_FORMAT")
            if meilenstein.erledigt_am
            else "–",
        },
        code="schon_erledigt",
    )


def meilenstein_erledigen(
    *,
    meilenstein: Meilenstein,
    benutzer: AbstractBaseUser | None,
    erledigt_am: datetime.date | None = None,
) -> Meilenstein:
    """Mark an open milestone as done; a milestone already done is refused (ValidationError,
    code "schon_erledigt"), also when a colleague marked it a moment ago."""
    with transaction.atomic():
        aktuell = Meilenstein.objects.select_for_update().get(pk=meilenstein.pk)
        if aktuell.erledigt_am is not None:
            raise _schon_erledigt(aktuell)
        meilenstein.erledigt_am = erledigt_am or timezone.localdate()
        try:
            return speichern(
                meilenstein,
                benutzer=benutzer,
                erwartete_version=aktuell.version,
                felder=["erledigt_am"],
                grund=_("Meilenstein erledigt"),
            )
        except VeralteterStandError:
            aktuell.refresh_from_db()
            if aktuell.erledigt_am is not None:
                raise _schon_erledigt(aktuell) from None
            raise


def beteiligung_anlegen(
    *,
    projekt: Projektskizze,
    benutzer: AbstractBaseUser | None,
    akteur,
    rolle: str,
    aufgabe: str = "",
) -> Projektbeteiligung:
    """Add an actor's role. Raises ValidationError: already involved, a second lead actor."""
    beteiligung = Projektbeteiligung(projekt=projekt, akteur=akteur, rolle=rolle, aufgabe=aufgabe)
    return speichern(beteiligung, benutzer=benutzer, grund=_("Akteur hinzugefügt"))


def beteiligung_aendern(
    *,
    beteiligung: Projektbeteiligung,
    benutzer: AbstractBaseUser | None,
    erwartete_version: int | None,
    rolle: str,
    aufgabe: str,
) -> Projektbeteiligung:
    """Change an actor's role, or raise VeralteterStandError (the role changed since the form
    was opened) / ValidationError, and write nothing."""
    beteiligung.rolle = rolle
    beteiligung.aufgabe = aufgabe
    return speichern(
        beteiligung,
        benutzer=benutzer,
        erwartete_version=erwartete_version,
        felder=["rolle", "aufgabe"],
        grund=_("Rolle eines Akteurs geändert"),
    )


def beteiligung_entfernen(
    *,
    beteiligung: Projektbeteiligung,
    benutzer: AbstractBaseUser | None,
    erwartete_version: int | None,
) -> None:
    """Remove an actor's role, or raise VeralteterStandError and remove nothing."""
    loeschen(
        beteiligung,
        benutzer=benutzer,
        erwartete_version=erwartete_version,
        grund=_("Akteur entfernt"),
    )


FINANZIERUNG_FELDER = ("quelle", "programm", "betrag", "status", "beantragt_am", "entschieden_am")


def finanzierung_anlegen(
    *, projekt: Projektskizze, benutzer: AbstractBaseUser | None, daten: dict
) -> Finanzierung:
    """Add funding to a measure (``daten``: the fields of FINANZIERUNG_FELDER; amount in EUR).
    Raises ValidationError (a rule of the model: amount not negative, decision not before the
    application) and writes nothing then. Raises the measure's version."""
    finanzierung = Finanzierung(projekt=projekt, **daten)
    # The reason names the funding, so the measure's history says which one was added.
    grund = _("Finanzierung angelegt: %(was)s") % {"was": finanzierung}
    return speichern(finanzierung, benutzer=benutzer, grund=grund)


def finanzierung_aendern(
    *,
    finanzierung: Finanzierung,
    benutzer: AbstractBaseUser | None,
    erwartete_version: int | None,
    daten: dict,
) -> Finanzierung:
    """Change funding, or raise VeralteterStandError (changed since the form was opened) /
    ValidationError, and write nothing."""
    for feld, wert in daten.items():
        setattr(finanzierung, feld, wert)
    return speichern(
        finanzierung,
        benutzer=benutzer,
        erwartete_version=erwartete_version,
        felder=daten.keys(),
        grund=_("Finanzierung geändert: %(was)s") % {"was": finanzierung},
    )
