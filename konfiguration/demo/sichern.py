"""Idempotent writes: create an object once on its natural key, afterwards change only what differs.

A second run over unchanged data therefore issues no UPDATE, bumps no ``auto_now`` field and writes
no history row.
"""

from collections import Counter
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from aktionsplan.sperre import speichern

M = TypeVar("M", bound=models.Model)

AENDERUNGSGRUND = "Demodaten (manage.py demo)"


def _gleich(objekt: models.Model, name: str, wert: Any) -> bool:
    feld = objekt._meta.get_field(name)
    if feld.many_to_one or feld.one_to_one:
        # Compare keys, not instances: no query for the related row.
        return getattr(objekt, feld.attname) == (wert.pk if wert is not None else None)
    return getattr(objekt, name) == wert


def _pruefen(objekt: models.Model) -> None:
    # The related rows were just loaded by this loader; skipping the per-key existence query
    # keeps a first run at a few seconds. Field, clean() and check-constraint rules still apply,
    # and the database enforces the keys.
    fremdschluessel = [f.name for f in objekt._meta.concrete_fields if f.is_relation]
    objekt.full_clean(exclude=fremdschluessel)


def _kommune_vorgeben(objekt: models.Model, kommune: models.Model | None) -> None:
    """A new row of a model with an owning Kommune gets ``kommune`` where its save() would give
    the installation's only Kommune (aktionsplan.models.kommune_vorgeben): so the Stolberg demo
    writes the same rows whether or not other Kommunen exist (``demo --region``). A municipal
    actor only; one of a higher level stays shared by the region."""
    if kommune is None or type(objekt).__name__ == "Raum":
        return
    try:
        objekt._meta.get_field("kommune")
    except FieldDoesNotExist:
        return
    if objekt.kommune_id is not None:
        return
    if getattr(objekt, "ebene", "kommunal") != "kommunal":
        return
    objekt.kommune = kommune


class Lader:
    """Writes demo rows and counts what it created and changed, per model.

    ``kommune``: the Kommune that owns the new rows of models with an owning Kommune, when they
    do not name one (None: as the model's save() decides)."""

    def __init__(self, kommune: models.Model | None = None) -> None:
        self.neu: Counter[str] = Counter()
        self.geaendert: Counter[str] = Counter()
        self.kommune = kommune

    def sichern(
        self,
        modell: type[M],
        *,
        schluessel: dict[str, Any],
        werte: dict[str, Any] | None = None,
        m2m: dict[str, list[models.Model]] | None = None,
    ) -> M:
        werte = werte or {}
        name = str(modell._meta.verbose_name_plural)
        objekt = modell._default_manager.filter(**schluessel).first()
        if objekt is None:
            objekt = modell(**schluessel, **werte)
            _kommune_vorgeben(objekt, self.kommune)
            _pruefen(objekt)
            speichern(objekt, benutzer=None, m2m=m2m, grund=AENDERUNGSGRUND, validieren=False)
            self.neu[name] += 1
            return objekt
        geaendert = [feld for feld, wert in werte.items() if not _gleich(objekt, feld, wert)]
        m2m_geaendert = {
            feld: ziele
            for feld, ziele in (m2m or {}).items()
            if set(getattr(objekt, feld).values_list("pk", flat=True)) != {z.pk for z in ziele}
        }
        if geaendert or m2m_geaendert:
            for feld in geaendert:
                setattr(objekt, feld, werte[feld])
            _pruefen(objekt)
            speichern(
                objekt,
                benutzer=None,
                felder=geaendert,
                m2m=m2m_geaendert,
                grund=AENDERUNGSGRUND,
                validieren=False,
            )
            self.geaendert[name] += 1
        return objekt
