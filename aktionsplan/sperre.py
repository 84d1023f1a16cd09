"""One optimistic lock for every model people edit, and the writes that use it.

Every edited model derives from ``Versioniert``: a ``version`` column that each write raises by
one. A form (staff page or admin) carries the version it was opened on; the write is a single
``UPDATE … SET version = v + 1 WHERE pk = … AND version = v`` — atomic on every database — and a
save against a newer version is refused with ``VeralteterStandError``, which names who changed
what and when, field by field (old → new as the value when the form was opened → the value now,
from simple-history's ``diff_against``). Writes without a form (imports after their own check,
commands, the demo) raise the version unconditionally under a row lock.

A model may name a parent (``sperre_eltern``) whose row counts as changed with it: status
reports, milestones, actor roles and funding raise their measure's version, so that a measure
form opened before is refused instead of overwriting what a colleague just entered.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aktionsplan import bereich
from aktionsplan.eingaben import einzeilig, feldfehler
from aktionsplan.historie import TECHNISCHE_FELDER, aenderungstext, historie_schreiben
from aktionsplan.personen import anzeigename

M = TypeVar("M", bound="Versioniert")

# (field name, value) → the text to show instead (e.g. "< 3" for a protected small number), or
# None to show the value as it is.
Anzeige = Callable[[str, object], str | None]


class Versioniert(models.Model):
    """Abstract base: the version column of the optimistic lock."""

    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)

    #: Foreign key to the row that counts as changed whenever this one is (or None).
    sperre_eltern: ClassVar[str | None] = None
    #: Rows that are history themselves (status reports): never changed or deleted.
    unveraenderlich: ClassVar[bool] = False
    #: Fields of an unchangeable row that may still change (a report's "öffentlich" flag).
    freigabefelder: ClassVar[tuple[str, ...]] = ()
    #: Fields that count people or cases: whole, 0 to ANZAHL_MAX (aktionsplan.eingaben).
    anzahlfelder: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None) -> None:
        """Django's field checks, then the rules of the shared input layer
        (``aktionsplan.eingaben.feldfehler``: no control characters in texts …) for the fields
        that passed them; every write path runs this through ``full_clean()``. One-line texts
        are first stored with single ordinary spaces (``aktionsplan.eingaben.einzeilig``).
        Raises ValidationError by field."""
        ausgenommen = set(exclude or ())
        # The Kommune a row is saved with, already for the checks (a name unique per Kommune).
        if (vorab := getattr(self, "kommune_vorab", None)) is not None:
            vorab()
        for feld in self._meta.concrete_fields:
            if (
                isinstance(feld, models.CharField)
                and not feld.choices
                and feld.name not in ausgenommen
                and isinstance(wert := getattr(self, feld.attname), str)
            ):
                setattr(self, feld.attname, einzeilig(wert))
        fehler: dict[str, list] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as django_fehler:
            fehler = django_fehler.update_error_dict(fehler)
        ausgenommen = set(exclude or ()) | set(fehler)
        for feld, meldung in feldfehler(self, ausgenommen):
            fehler.setdefault(feld, []).append(meldung)
        if fehler:
            raise ValidationError(fehler)

    def validate_unique(self, exclude=None) -> None:
        """Django's unique checks, then the same for the texts among them without regard to
        case: "Münsterbusch" is taken when "münsterbusch" is (QA 2026-11-30, M7). Covers the
        unique fields and the unique constraints over plain fields (with their condition);
        the message is the field's or the constraint's own. Raises ValidationError."""
        super().validate_unique(exclude=exclude)
        fehler: dict[str, list] = {}
        for feld, meldung in _gleiche_texte(self, set(exclude or ())):
            fehler.setdefault(feld, []).append(meldung)
        if fehler:
            raise ValidationError(fehler)


def _gleiche_texte(objekt: models.Model, ausgenommen: set[str]) -> Iterable[tuple[str, object]]:
    """(field or NON_FIELD_ERRORS, message) for each unique check of ``objekt`` (a unique field,
    or a unique constraint over plain fields) that involves a text and that another row meets
    only when case is ignored (an exact twin is Django's own error). One query per such check
    whose fields are all set and not ``ausgenommen``."""
    meta = objekt._meta
    pruefungen: list[tuple[tuple[str, ...], Q | None, object]] = []
    for feld in meta.local_concrete_fields:
        if feld.unique and not feld.primary_key and isinstance(feld, models.CharField):
            pruefungen.append(((feld.name,), None, None))
    for regel in meta.total_unique_constraints + [
        c for c in meta.constraints if isinstance(c, models.UniqueConstraint) and c.condition
    ]:
        if regel.fields and not regel.expressions and regel not in [p[2] for p in pruefungen]:
            pruefungen.append((tuple(regel.fields), regel.condition, regel))
    for felder, bedingung, regel in pruefungen:
        texte = [n for n in felder if isinstance(meta.get_field(n), models.CharField)]
        if not texte or any(n in ausgenommen for n in felder):
            continue
        filter_: dict[str, object] = {}
        for name in felder:
            wert = getattr(objekt, meta.get_field(name).attname)
            if wert in (None, ""):
                break
            if name not in texte:
                filter_[meta.get_field(name).attname] = wert
        else:
            # Whether the constraint's condition holds for this row, as Django's own check asks.
            if bedingung is not None and not bedingung.check(
                objekt._get_field_expression_map(meta=meta)
            ):
                continue
            # Case is compared here, not by the database: SQLite's LIKE and lower() fold ASCII
            # only ("Ü" ≠ "ü"). The database narrows to the texts of the same length.
            eigene = tuple(getattr(objekt, n) for n in texte)
            andere = (
                type(objekt)
                ._default_manager.filter(**filter_)
                .annotate(**{f"_laenge_{n}": Length(n) for n in texte})
                .filter(**{f"_laenge_{n}": len(w) for n, w in zip(texte, eigene, strict=True)})
            )
            if bedingung is not None:
                andere = andere.filter(bedingung)
            if objekt.pk is not None:
                andere = andere.exclude(pk=objekt.pk)
            gefunden = set(andere.values_list(*texte))
            gefaltet = {tuple(w.lower() for w in zeile) for zeile in gefunden}
            # The same text exactly is Django's own check (same message, same place).
            if tuple(w.lower() for w in eigene) in gefaltet and eigene not in gefunden:
                if regel is None:
                    yield texte[0], objekt.unique_error_message(type(objekt), felder)
                else:
                    meldung = regel.get_violation_error_message()
                    yield NON_FIELD_ERRORS, ValidationError(meldung, code="unique")


@dataclass(frozen=True)
class Feldunterschied:
    feld: str
    geoeffnet: str
    jetzt: str


@dataclass(frozen=True)
class Veraltet:
    """What happened to a row since a form was opened on it."""

    was: str
    wer: str
    wann: datetime.datetime | None
    version: int | None  # the current version; None if the row was deleted
    unterschiede: tuple[Feldunterschied, ...]
    gruende: tuple[str, ...]

    @property
    def geloescht(self) -> bool:
        return self.version is None

    def meldung(self) -> str:
        """The one German sentence every page shows for a stale save (HTTP 409). Without a
        recorded time (a row without history, a user group) it names neither who nor when."""
        if self.wann is None:
            return self._meldung_ohne_verlauf()
        wann = (
            formats.date_format(timezone.localtime(self.wann), "DATETIME_FORMAT")
            if self.wann
            else gettext("unbekannt")
        )
        if self.geloescht:
            return gettext(
                "%(was)s wurde inzwischen von %(wer)s am %(wann)s gelöscht. Ihre Eingaben sind "
                "unten erhalten, können aber nicht mehr gespeichert werden."
            ) % {"was": self.was, "wer": self.wer, "wann": wann}
        geaendert = self._geaendert()
        return gettext(
            "%(was)s wurde inzwischen von %(wer)s am %(wann)s geändert (%(geaendert)s). Ihre "
            "Eingaben sind unten erhalten; prüfen Sie die Änderung und speichern Sie erneut, "
            "wenn Ihre Fassung gelten soll."
        ) % {"was": self.was, "wer": self.wer, "wann": wann, "geaendert": geaendert}

    def _geaendert(self) -> str:
        """The changed fields (opened → now) and further reasons, for the messages."""
        teile = [f"{u.feld}: {u.geoeffnet} → {u.jetzt}" for u in self.unterschiede]
        teile += [g for g in self.gruende if g]
        return "; ".join(teile) or gettext("ohne geänderte Felder")

    def _meldung_ohne_verlauf(self) -> str:
        if self.geloescht:
            return gettext(
                "%(was)s wurde inzwischen gelöscht. Ihre Eingaben sind unten erhalten, können "
                "aber nicht mehr gespeichert werden."
            ) % {"was": self.was}
        geaendert = self._geaendert()
        return gettext(
            "%(was)s wurde inzwischen geändert (%(geaendert)s). Ihre Eingaben sind unten "
            "erhalten; prüfen Sie die Änderung und speichern Sie erneut, wenn Ihre Fassung "
            "gelten soll."
        ) % {"was": self.was, "geaendert": geaendert}


class VeralteterStandError(Exception):
    """The row changed (or was deleted) after the form was opened; nothing was written."""

    def __init__(self, veraltet: Veraltet) -> None:
        super().__init__(veraltet.meldung())
        self.veraltet = veraltet


def _bezeichnung(modell: type[models.Model], text: str) -> str:
    return f"{modell._meta.verbose_name} „{text}“" if text else str(modell._meta.verbose_name)


def veraltet_beschreiben(
    modell: type[Versioniert],
    pk: int,
    geoeffnete_version: int | None,
    *,
    anzeige: Anzeige | None = None,
) -> Veraltet:
    """Who changed row ``pk`` since ``geoeffnete_version`` and how (a few queries, only on 409)."""
    # With its related rows, so that its name reads as on the pages ("Lebenshilfe – Partner").
    fks = [f.name for f in modell._meta.concrete_fields if f.many_to_one]
    aktuell = modell._base_manager.select_related(*fks).filter(pk=pk).first()
    historie = getattr(modell, "history", None)
    neueste = geoeffnet = None
    if historie is not None:
        zeilen = historie.filter(id=pk).select_related("history_user")
        neueste = zeilen.order_by("-history_date", "-history_id").first()
        if geoeffnete_version is not None:
            geoeffnet = zeilen.filter(version=geoeffnete_version).order_by("-history_id").first()
    unterschiede: list[Feldunterschied] = []
    gruende: list[str] = []
    if neueste is not None and geoeffnet is not None and neueste.history_type != "-":
        delta = neueste.diff_against(
            geoeffnet, excluded_fields=set(TECHNISCHE_FELDER), foreign_keys_are_objs=True
        )
        for aenderung in delta.changes:
            feld = modell._meta.get_field(aenderung.field)
            unterschiede.append(
                Feldunterschied(
                    feld=str(feld.verbose_name),
                    geoeffnet=_anzeigen(anzeige, feld, aenderung.old),
                    jetzt=_anzeigen(anzeige, feld, aenderung.new),
                )
            )
        gruende = list(
            historie.filter(id=pk, history_id__gt=geoeffnet.history_id)
            .exclude(history_change_reason__isnull=True)
            .exclude(history_change_reason="")
            .order_by("history_id")
            .values_list("history_change_reason", flat=True)[:5]
        )
    text = str(aktuell) if aktuell is not None else (str(neueste.instance) if neueste else "")
    return Veraltet(
        was=_bezeichnung(modell, text),
        wer=(anzeigename(neueste.history_user) if neueste else "") or gettext("unbekannt"),
        wann=neueste.history_date if neueste else None,
        version=aktuell.version if aktuell is not None else None,
        unterschiede=tuple(unterschiede),
        gruende=tuple(dict.fromkeys(gruende)),
    )


def _anzeigen(anzeige: Anzeige | None, feld: models.Field, wert: object) -> str:
    if anzeige is not None and (ersatz := anzeige(feld.name, wert)) is not None:
        return ersatz
    if feld.choices and not isinstance(wert, list):
        return str(dict(feld.flatchoices).get(wert, wert)) if wert not in (None, "") else "–"
    return aenderungstext(wert, feld.model)


def _unveraenderlich(objekt: Versioniert, felder: Iterable[str] | None = None) -> None:
    if objekt.unveraenderlich:
        if felder is not None and set(felder) and set(felder) <= set(objekt.freigabefelder):
            return
        raise ValidationError(
            gettext(
                "%(was)s wird nicht geändert oder gelöscht: er ist Teil des Verlaufs. Erfassen "
                "Sie stattdessen einen neuen Eintrag, der ihn berichtigt."
            )
            % {"was": type(objekt)._meta.verbose_name},
            code="unveraenderlich",
        )


def _version_erhoehen(
    objekt: Versioniert, erwartete_version: int | None, anzeige: Anzeige | None
) -> None:
    """Compare-and-set on the version; raises VeralteterStandError and writes nothing."""
    modell = type(objekt)
    zeilen = modell._base_manager.filter(pk=objekt.pk)
    if erwartete_version is None:
        erwartete_version = zeilen.select_for_update().values_list("version", flat=True).first()
        if erwartete_version is None:
            raise VeralteterStandError(veraltet_beschreiben(modell, objekt.pk, None))
    if not zeilen.filter(version=erwartete_version).update(version=erwartete_version + 1):
        raise VeralteterStandError(
            veraltet_beschreiben(modell, objekt.pk, erwartete_version, anzeige=anzeige)
        )
    objekt.version = erwartete_version + 1


def _eltern_aendern(objekt: Versioniert, *, benutzer, grund: str) -> None:
    feld = objekt.sperre_eltern
    if not feld:
        return
    eltern_id = getattr(objekt, objekt._meta.get_field(feld).attname)
    eltern_modell = objekt._meta.get_field(feld).related_model
    eltern = eltern_modell._base_manager.select_for_update().filter(pk=eltern_id).first()
    if eltern is None:  # deleted together with its parent
        return
    _version_erhoehen(eltern, None, None)
    felder = ["version"]
    # A child may keep state on its parent (a measure's current report): in this transaction.
    if (nachfuehren := getattr(objekt, "eltern_nachfuehren", None)) is not None:
        felder += nachfuehren(eltern)
    eltern._history_user = benutzer
    eltern._change_reason = grund
    eltern.save(update_fields=_zu_speichern(eltern, felder))


def _zu_speichern(objekt: models.Model, felder: Iterable[str] | None) -> list[str]:
    konkret = [f for f in objekt._meta.concrete_fields if not f.primary_key]
    namen = [f.name for f in konkret] if felder is None else [*felder, "version"]
    namen += [f.name for f in konkret if getattr(f, "auto_now", False)]
    return list(dict.fromkeys(namen))


def _grund(objekt: models.Model, art: str) -> str:
    return gettext("%(was)s %(art)s: %(text)s") % {
        "was": objekt._meta.verbose_name,
        "art": art,
        "text": str(objekt),
    }


def m2m_aenderungen(objekt: models.Model, m2m: Mapping[str, Iterable[models.Model]]) -> list[str]:
    """One line per many-to-many field that would change: "Feld: alt → neu"."""
    zeilen = []
    for feld, ziele in m2m.items():
        neu = list(ziele)
        alt = list(getattr(objekt, feld).all())
        if {o.pk for o in neu} == {o.pk for o in alt}:
            continue
        name = objekt._meta.get_field(feld).verbose_name
        zeilen.append(f"{name}: {_namen(alt)} → {_namen(neu)}")
    return zeilen


def _namen(objekte: list) -> str:
    return ", ".join(sorted(str(o) for o in objekte)) or "–"


def speichern(
    objekt: M,
    *,
    benutzer,
    erwartete_version: int | None = None,
    felder: Iterable[str] | None = None,
    m2m: Mapping[str, Iterable[models.Model]] | None = None,
    grund: str = "",
    anzeige: Anzeige | None = None,
    validieren: bool = True,
) -> M:
    """Create or change a row through its model's rules, with one history row naming the user.

    For an existing row, ``erwartete_version`` is the version the form was opened on (None: no
    form, raise unconditionally). ``felder`` limits the UPDATE to the changed plain fields;
    ``m2m`` sets many-to-many relations within the same history row. Raises
    ``VeralteterStandError`` (stale, nothing written), ``PermissionDenied`` (a row of a Kommune
    the user is not responsible for, aktionsplan.bereich) or ``ValidationError`` (a rule on the
    model, nothing written).
    """
    neu = objekt._state.adding
    felder = None if felder is None else list(felder)
    if not neu and m2m:
        # The history row names the changed relations in words too, so every reader of the
        # history (and a deleted related row) reads well without a query per row.
        grund = "; ".join([*m2m_aenderungen(objekt, m2m), *([grund] if grund else [])])
    with transaction.atomic():
        # Only in the Kommunen the user is responsible for (aktionsplan.bereich).
        bereich.vor_dem_schreiben(objekt, benutzer)
        if not neu:
            _unveraenderlich(objekt, felder)
            _version_erhoehen(objekt, erwartete_version, anzeige)
        if validieren:
            objekt.full_clean()
        # Rules across many-to-many relations (they are set after the row is saved, so they
        # cannot live in clean()): also for writes that skip full_clean().
        if (pruefen := getattr(objekt, "beziehungen_pruefen", None)) is not None:
            pruefen(m2m or {}, None if neu else felder)
        objekt.skip_history_when_saving = True
        try:
            # A savepoint: a concurrent write that passed the same checks hits the database's
            # constraint, which is then reported like any other rule.
            with transaction.atomic():
                if neu:
                    objekt.save()
                else:
                    objekt.save(update_fields=_zu_speichern(objekt, felder))
        except IntegrityError as fehler:
            raise ValidationError(
                gettext(
                    "Die Änderung widerspricht einem gleichzeitig gespeicherten Eintrag. Bitte "
                    "laden Sie die Seite neu und prüfen Sie Ihre Eingaben."
                ),
                code="konflikt",
            ) from fehler
        finally:
            del objekt.skip_history_when_saving
        if m2m:
            objekt.skip_history_when_saving = True
            try:
                for feld, ziele in m2m.items():
                    getattr(objekt, feld).set(list(ziele))
            finally:
                del objekt.skip_history_when_saving
        bereich.nach_dem_schreiben(objekt, benutzer)
        historie_schreiben(objekt, benutzer=benutzer, neu=neu, grund=grund)
        _eltern_aendern(
            objekt,
            benutzer=benutzer,
            grund=grund or _grund(objekt, gettext("angelegt") if neu else gettext("geändert")),
        )
    return objekt


def loeschen(
    objekt: Versioniert,
    *,
    benutzer,
    erwartete_version: int | None = None,
    grund: str = "",
) -> None:
    """Delete a row, refusing a stale confirmation like a stale save; history names the user."""
    with transaction.atomic():
        bereich.vor_dem_schreiben(objekt, benutzer)
        _unveraenderlich(objekt)
        _version_erhoehen(objekt, erwartete_version, None)
        objekt._history_user = benutzer
        if grund:
            objekt._change_reason = grund
        grund = grund or _grund(objekt, gettext("gelöscht"))
        _eltern_aendern(objekt, benutzer=benutzer, grund=grund)
        objekt.delete()


class VersionFormMixin(forms.Form):
    """Hidden ``geoeffnete_version``: the version a form of an existing row was opened on."""

    geoeffnete_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        instanz = getattr(self, "instance", None)
        if instanz is not None and instanz.pk:
            # An edit must say what it was opened on; without it nothing is overwritten.
            self.fields["geoeffnete_version"].required = True
            # Also for a bound form: has_changed() must not count the version as a change.
            self.initial["geoeffnete_version"] = instanz.version

    @property
    def erwartete_version(self) -> int | None:
        return self.cleaned_data.get("geoeffnete_version")

    def _post_clean(self) -> None:
        """After the model's own rules, those across its many-to-many relations
        (``beziehungen_pruefen``, which ``speichern`` runs again on the write), with the
        relations as the form is about to set them: staff forms and the admin show the
        refusal at the field."""
        super()._post_clean()
        instanz = getattr(self, "instance", None)
        pruefen = getattr(instanz, "beziehungen_pruefen", None)
        if pruefen is None or self._errors:
            return
        m2m = {
            f.name: self.cleaned_data[f.name]
            for f in instanz._meta.many_to_many
            if f.name in self.cleaned_data
        }
        try:
            pruefen(m2m, None)
        except ValidationError as fehler:
            self._update_errors(fehler)

    def _update_errors(self, errors: ValidationError) -> None:
        """The model's rules (``full_clean()`` while the form validates) may name a field this form
        does not show: an inline row of child areas when the parent's level changes, say. Django
        would raise a ValueError ("has no field named …"); the message goes above the form,
        with the field's name, as ``fehler_zeigen`` does for the write."""
        if hasattr(errors, "error_dict"):
            modell = self._meta.model._meta
            sortiert: dict[str, list] = {}
            for feld, liste in errors.error_dict.items():
                if feld == NON_FIELD_ERRORS or feld in self.fields:
                    sortiert.setdefault(feld, []).extend(liste)
                    continue
                try:
                    name = capfirst(modell.get_field(feld).verbose_name)
                except FieldDoesNotExist:
                    name = feld
                sortiert.setdefault(NON_FIELD_ERRORS, []).extend(
                    ValidationError(f"{name}: {text}", code=einzel.code)
                    for einzel in liste
                    for text in einzel.messages
                )
            errors = ValidationError(sortiert)
        super()._update_errors(errors)

    def veraltet_zeigen(self, fehler: VeralteterStandError) -> None:
        """Show the refusal with the user's input kept; the form now carries the current
        version, so that saving again is a deliberate decision."""
        self.add_error(None, ValidationError(fehler.veraltet.meldung(), code="veraltet"))
        if fehler.veraltet.version is not None:
            daten = self.data.copy()
            daten[self.add_prefix("geoeffnete_version")] = str(fehler.veraltet.version)
            self.data = daten


def ist_veraltet(form: forms.BaseForm) -> bool:
    """Whether the form (or an inline form in it) shows a stale-save refusal."""
    return any(fehler.code == "veraltet" for fehler in form.non_field_errors().as_data())


def fehler_zeigen(form: forms.BaseForm, fehler: ValidationError) -> None:
    """Show a model's or service's ValidationError on a form: errors of fields the form has at
    those fields, all others (and the constraints' sentences) above the form."""
    if not hasattr(fehler, "error_dict"):
        form.add_error(None, fehler)
        return
    for feld, liste in fehler.error_dict.items():
        form.add_error(feld if feld in form.fields else None, ValidationError(liste))
