"""Writes to measures and everything hanging off them.

Optimistic locking: every write that concerns a measure raises its ``version`` by one — edits of
the measure itself, and also new status reports, milestones (added or done) and changes of actors'
roles. A measure form opened before any of these is therefore stale and its save is refused: the
editor may have written the description against a state that has since changed, and refusing is
the only way to guarantee that nothing a colleague entered is silently overwritten.

The compare-and-set is a single ``UPDATE … WHERE pk = … AND version = expected`` (atomic on every
database); the row is then saved with ``update_fields`` so that django-simple-history records who
changed what. Many-to-many changes are not tracked field by field by simple-history here; the
measure's history row names the changed fields in its change reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aktionsplan.personen import anzeigename
from projekte.models import Meilenstein, Projektbeteiligung, Projektskizze, Sachstand

M2M_FELDER = ("weitere_themen", "zielgruppen", "unbrk_artikel", "raeume")


@dataclass(frozen=True)
class LetzteAenderung:
    wer: str
    wann: datetime.datetime | None


class VeralteteVersionError(Exception):
    """The measure was changed after the form was opened; nothing was written."""

    def __init__(self, letzte: LetzteAenderung) -> None:
        super().__init__(f"veraltet (zuletzt {letzte.wer}, {letzte.wann})")
        self.letzte = letzte


def letzte_aenderung(projekt_id: int) -> LetzteAenderung:
    """Who changed the measure last and when, from its history (one query)."""
    eintrag = (
        Projektskizze.history.filter(id=projekt_id)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if eintrag is None:
        return LetzteAenderung(wer=_("unbekannt"), wann=None)
    wer = anzeigename(eintrag.history_user) or _("unbekannt")
    return LetzteAenderung(wer=wer, wann=eintrag.history_date)


def _version_erhoehen(
    *,
    projekt_id: int,
    benutzer: AbstractBaseUser,
    grund: str,
    erwartete_version: int | None = None,
) -> None:
    """Raise the version and write a history row naming the reason.

    With ``erwartete_version`` this is a compare-and-set (one ``UPDATE … WHERE version = …``, as
    in projekt_aendern): raises VeralteteVersionError if the measure has moved on. Call it inside
    the transaction before writing anything else, so that a refusal leaves nothing behind.
    """
    if erwartete_version is not None:
        getroffen = Projektskizze.objects.filter(pk=projekt_id, version=erwartete_version).update(
            version=erwartete_version + 1
        )
        if not getroffen:
            raise VeralteteVersionError(letzte_aenderung(projekt_id))
        projekt = Projektskizze.objects.get(pk=projekt_id)
    else:
        projekt = Projektskizze.objects.select_for_update().get(pk=projekt_id)
        projekt.version += 1
    projekt._history_user = benutzer
    projekt._change_reason = grund
    projekt.save(update_fields=["version", "geaendert_am"])


def _m2m_setzen(projekt: Projektskizze, werte: dict[str, Iterable]) -> list[str]:
    """Set the many-to-many fields; return one line per changed field: "Feld: alt → neu".

    simple_history records plain fields only; these lines go into the history row's change
    reason, so the history still answers which themes, areas … were there before.
    """
    geaendert = []
    for feld in M2M_FELDER:
        if feld not in werte:
            continue
        neu_objekte = list(werte[feld])
        neu = {obj.pk for obj in neu_objekte}
        manager = getattr(projekt, feld)
        alt_objekte = list(manager.all()) if projekt.pk else []
        if neu == {obj.pk for obj in alt_objekte}:
            continue
        manager.set(neu)
        name = Projektskizze._meta.get_field(feld).verbose_name
        geaendert.append(f"{name}: {_namen(alt_objekte)} → {_namen(neu_objekte)}")
    return geaendert


def _namen(objekte: list) -> str:
    return ", ".join(sorted(str(obj) for obj in objekte)) or "–"


@transaction.atomic
def projekt_anlegen(
    *, benutzer: AbstractBaseUser, daten: dict, m2m: dict[str, Iterable]
) -> Projektskizze:
    """Create a measure from cleaned form data (``daten``: plain fields, ``m2m``: relations)."""
    projekt = Projektskizze(**daten)
    projekt.full_clean()
    projekt._history_user = benutzer
    projekt.save()
    _m2m_setzen(projekt, m2m)
    return projekt


@transaction.atomic
def projekt_aendern(
    *,
    projekt: Projektskizze,
    benutzer: AbstractBaseUser,
    erwartete_version: int,
    daten: dict,
    m2m: dict[str, Iterable],
) -> Projektskizze:
    """Save the changes of a measure form, or raise VeralteteVersionError and write nothing.

    ``projekt`` is the unsaved instance the form filled; ``daten`` names the changed plain fields.
    """
    neue_version = erwartete_version + 1
    getroffen = Projektskizze.objects.filter(pk=projekt.pk, version=erwartete_version).update(
        version=neue_version
    )
    if not getroffen:
        raise VeralteteVersionError(letzte_aenderung(projekt.pk))
    for feld, wert in daten.items():
        setattr(projekt, feld, wert)
    projekt.version = neue_version
    projekt.full_clean()
    geaendert = _m2m_setzen(projekt, m2m)
    projekt._history_user = benutzer
    if geaendert:
        projekt._change_reason = "; ".join(geaendert)
    projekt.save(update_fields=[*daten.keys(), "version", "geaendert_am"])
    return projekt


@transaction.atomic
def sachstand_anlegen(
    *,
    projekt: Projektskizze,
    benutzer: AbstractBaseUser,
    datum: datetime.date,
    status: str,
    ampel: str,
    fortschritt: int,
    text: str,
) -> Sachstand:
    """Add a report (earlier ones stay); it becomes the current state if it is the newest."""
    sachstand = Sachstand(
        projekt=projekt,
        datum=datum,
        status=status,
        ampel=ampel,
        fortschritt=fortschritt,
        text=text,
        verfasst_von=benutzer,
    )
    sachstand.full_clean()
    sachstand._history_user = benutzer
    sachstand.save()
    _version_erhoehen(projekt_id=projekt.pk, benutzer=benutzer, grund=_("Sachstand erfasst"))
    return sachstand


@transaction.atomic
def meilenstein_anlegen(
    *, projekt: Projektskizze, benutzer: AbstractBaseUser, titel: str, faellig_am: datetime.date
) -> Meilenstein:
    meilenstein = Meilenstein(projekt=projekt, titel=titel, faellig_am=faellig_am)
    meilenstein.full_clean()
    meilenstein._history_user = benutzer
    meilenstein.save()
    _version_erhoehen(projekt_id=projekt.pk, benutzer=benutzer, grund=_("Meilenstein angelegt"))
    return meilenstein


@transaction.atomic
def meilenstein_erledigen(
    *,
    meilenstein: Meilenstein,
    benutzer: AbstractBaseUser,
    erledigt_am: datetime.date | None = None,
) -> Meilenstein:
    """Mark an open milestone as done; a milestone already done is refused (ValidationError,
    code "schon_erledigt"), also when a colleague marked it a moment ago."""
    erledigt_am = erledigt_am or timezone.localdate()
    # Compare-and-set on "still open": of two concurrent clicks only the first one counts.
    getroffen = Meilenstein.objects.filter(pk=meilenstein.pk, erledigt_am__isnull=True).update(
        erledigt_am=erledigt_am
    )
    if not getroffen:
        meilenstein.refresh_from_db(fields=["erledigt_am"])
        raise ValidationError(
            _("Der Meilenstein „%(titel)s“ ist schon seit dem %(datum)s als erledigt vermerkt.")
            % {
                "titel": meilenstein.titel,
                "datum": meilenstein.erledigt_am.strftime("%d.%m.%Y")
                if meilenstein.erledigt_am
                else "–",
            },
            code="schon_erledigt",
        )
    meilenstein.erledigt_am = erledigt_am
    meilenstein.full_clean()
    meilenstein._history_user = benutzer
    # Saved again (same value) so that simple-history records who marked it.
    meilenstein.save(update_fields=["erledigt_am"])
    _version_erhoehen(
        projekt_id=meilenstein.projekt_id, benutzer=benutzer, grund=_("Meilenstein erledigt")
    )
    return meilenstein


def _federfuehrung_pruefen(beteiligung: Projektbeteiligung) -> None:
    if beteiligung.rolle != Projektbeteiligung.Rolle.FEDERFUEHREND:
        return
    andere = Projektbeteiligung.objects.filter(
        projekt_id=beteiligung.projekt_id, rolle=Projektbeteiligung.Rolle.FEDERFUEHREND
    ).exclude(pk=beteiligung.pk)
    if andere.exists():
        raise ValidationError(
            {"rolle": _("Die Maßnahme hat schon einen federführenden Akteur.")},
            code="federfuehrend_doppelt",
        )


def _beteiligung_speichern(beteiligung: Projektbeteiligung, **kwargs) -> None:
    try:
        # A savepoint: a concurrent second "federführend" hits the database constraint.
        with transaction.atomic():
            beteiligung.save(**kwargs)
    except IntegrityError as fehler:
        raise ValidationError(
            _(
                "Die Maßnahme hat schon einen federführenden Akteur, oder der Akteur ist schon "
                "beteiligt."
            ),
            code="konflikt",
        ) from fehler


@transaction.atomic
def beteiligung_anlegen(
    *,
    projekt: Projektskizze,
    benutzer: AbstractBaseUser,
    akteur,
    rolle: str,
    aufgabe: str = "",
) -> Projektbeteiligung:
    beteiligung = Projektbeteiligung(projekt=projekt, akteur=akteur, rolle=rolle, aufgabe=aufgabe)
    beteiligung.full_clean(validate_constraints=False)
    _federfuehrung_pruefen(beteiligung)
    if Projektbeteiligung.objects.filter(projekt=projekt, akteur=akteur).exists():
        raise ValidationError(
            {"akteur": _("Dieser Akteur ist an der Maßnahme schon beteiligt.")}, code="doppelt"
        )
    beteiligung._history_user = benutzer
    _beteiligung_speichern(beteiligung)
    _version_erhoehen(projekt_id=projekt.pk, benutzer=benutzer, grund=_("Akteur hinzugefügt"))
    return beteiligung


@transaction.atomic
def beteiligung_aendern(
    *,
    beteiligung: Projektbeteiligung,
    benutzer: AbstractBaseUser,
    erwartete_version: int,
    rolle: str,
    aufgabe: str,
) -> Projektbeteiligung:
    """Change an actor's role, or raise VeralteteVersionError (measure changed since the form
    was opened) and write nothing."""
    _version_erhoehen(
        projekt_id=beteiligung.projekt_id,
        benutzer=benutzer,
        grund=_("Rolle eines Akteurs geändert"),
        erwartete_version=erwartete_version,
    )
    beteiligung.rolle = rolle
    beteiligung.aufgabe = aufgabe
    beteiligung.full_clean(validate_constraints=False)
    _federfuehrung_pruefen(beteiligung)
    beteiligung._history_user = benutzer
    _beteiligung_speichern(beteiligung, update_fields=["rolle", "aufgabe"])
    return beteiligung


@transaction.atomic
def beteiligung_entfernen(
    *, beteiligung: Projektbeteiligung, benutzer: AbstractBaseUser, erwartete_version: int
) -> None:
    """Remove an actor's role, or raise VeralteteVersionError and remove nothing."""
    projekt_id = beteiligung.projekt_id
    _version_erhoehen(
        projekt_id=projekt_id,
        benutzer=benutzer,
        grund=_("Akteur entfernt"),
        erwartete_version=erwartete_version,
    )
    beteiligung._history_user = benutzer
    beteiligung.delete()
