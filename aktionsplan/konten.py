"""People's accounts and the role groups: who may change what, and the one write path.

The rule (nobody grants rights beyond their own, DESIGN.md "Users and roles"):

* The Datenpflege keeps accounts and gives roles: it may change an account, and give or take a
  group, only where the rights involved are all rights it holds itself. An account with more
  rights (a superuser, or someone with a group or single rights the Datenpflege lacks) is changed,
  deleted or given a new password by a superuser only.
* Only a superuser sets ``is_superuser``, single rights (``user_permissions``) and the rights of a
  group.
* The three roles (``aktionsplan.rollen``) are defined in code and brought up to date after every
  ``migrate``: nobody renames them, changes their rights or deletes them here.
* A command (``handelnder=None``: the operator on the server, as ``createsuperuser``) is not
  limited.

Every write of an account or a group from a form goes through ``person_speichern`` /
``gruppe_speichern``: the rule above, the stale-edit check, one history row per change (users).
Users and groups have no version column; a form carries the state it was opened on instead
(``stand``, signed), and a save against a state that changed since is refused with
``KontoVeraltetError`` (the same sentence as for every versioned model, ``sperre.Veraltet``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aktionsplan import bereich
from aktionsplan.historie import NEUESTE_ZUERST, historie_schreiben, historienmodell, wert_text
from aktionsplan.personen import anzeigename
from aktionsplan.rollen import DATENPFLEGE_ZUSATZ_APPS, FACH_APPS, ROLLEN
from aktionsplan.sperre import Feldunterschied, Veraltet, VeralteterStandError, m2m_aenderungen

# Fields never part of a form's state: the password is changed on its own page, a login writes
# ``last_login`` (no edit anybody made, and no reason to refuse a save).
NICHT_IM_STAND = frozenset({"password", "last_login"})
_SALZ = "aktionsplan.konten.stand"

# The apps whose rights the roles are made of: the rights a person can be given in the admin.
RECHTE_APPS = (*FACH_APPS, *DATENPFLEGE_ZUSATZ_APPS)

_AKTIONEN = {
    "add": _("%(modell)s anlegen"),
    "change": _("%(modell)s ändern"),
    "delete": _("%(modell)s löschen"),
    "view": _("%(modell)s ansehen"),
}


# --- rights ---


def rechte_von(person: AbstractBaseUser) -> frozenset[int]:
    """The ids of all permissions ``person`` holds through groups or directly, whether the account
    is active or not (Django's ``get_all_permissions`` gives an inactive account none, but it may
    be activated again). One query; ``frozenset()`` for an unsaved person."""
    if person.pk is None:
        return frozenset()
    return frozenset(
        Permission.objects.filter(Q(group__user=person) | Q(user=person))
        .values_list("pk", flat=True)
        .distinct()
    )


def _rechte_der_gruppe(gruppe: Group) -> frozenset[int]:
    if gruppe.pk is None:
        return frozenset()
    return frozenset(
        Group.permissions.through.objects.filter(group=gruppe).values_list(
            "permission_id", flat=True
        )
    )


def _hat_alle(handelnder: AbstractBaseUser | None, rechte: frozenset[int]) -> bool:
    if handelnder is None or handelnder.is_superuser:
        return True
    return rechte <= rechte_von(handelnder)


def ist_rolle(gruppe: Group) -> bool:
    """Whether ``gruppe`` is one of the roles defined in code, by its stored name (a form may have
    changed the instance's name already)."""
    if gruppe.pk is None:
        return False
    gespeichert = Group.objects.filter(pk=gruppe.pk).values_list("name", flat=True).first()
    return gespeichert in ROLLEN


def darf_person_aendern(handelnder: AbstractBaseUser | None, person: AbstractBaseUser) -> bool:
    """Whether ``handelnder`` may change, delete or set the password of the stored account
    ``person``: a superuser always; anyone else only an account that is no superuser and holds
    no right ``handelnder`` lacks, and in an installation with several Kommunen only an account
    of ``handelnder``'s Kommunen or one without membership yet (``bereich.personen_filtern``:
    one more query there)."""
    if handelnder is None or handelnder.is_superuser:
        return True
    if person.pk is None:
        return True
    gespeichert = get_user_model()._base_manager.filter(pk=person.pk).first()
    if gespeichert is None:
        return True  # deleted meanwhile: the stale-edit check says so
    return (
        not gespeichert.is_superuser
        and _hat_alle(handelnder, rechte_von(gespeichert))
        and bereich.darf_person_sehen(handelnder, gespeichert.pk)
    )


def darf_gruppe_vergeben(handelnder: AbstractBaseUser | None, gruppe: Group) -> bool:
    """Whether ``handelnder`` may give ``gruppe`` to someone or take it away: only if it holds
    every right of the group."""
    return _hat_alle(handelnder, _rechte_der_gruppe(gruppe))


def darf_gruppe_aendern(handelnder: AbstractBaseUser | None, gruppe: Group) -> bool:
    """Whether ``handelnder`` may rename or delete ``gruppe``: never a role (defined in code),
    another group only with all its rights."""
    return not ist_rolle(gruppe) and darf_gruppe_vergeben(handelnder, gruppe)


def person_pruefen(
    handelnder: AbstractBaseUser | None,
    person: AbstractBaseUser,
    *,
    gruppen: Iterable[Group] | None = None,
    rechte: Iterable[Permission] | None = None,
) -> None:
    """Check a change of ``person`` (its fields as they are on the instance, its new groups and
    single rights where given) against the rule of the module docstring.

    Raises ``ValidationError`` keyed by field (``is_superuser``, ``groups``, ``user_permissions``,
    or above the form), in German; changes nothing.
    """
    if handelnder is None or handelnder.is_superuser:
        return
    user_model = get_user_model()
    bisher = user_model._base_manager.filter(pk=person.pk).first() if person.pk else None
    fehler: dict[str, list[str]] = {}
    if bisher is not None and not darf_person_aendern(handelnder, bisher):
        raise ValidationError(
            gettext(
                "Dieses Konto hat Rechte, die Sie selbst nicht haben. Nur eine Administratorin "
                "oder ein Administrator kann es ändern."
            ),
            code="rechte",
        )
    if bool(person.is_superuser) != bool(bisher.is_superuser if bisher else False):
        fehler.setdefault("is_superuser", []).append(
            gettext(
                "Den Administrator-Status vergibt oder entzieht nur eine Administratorin oder ein "
                "Administrator."
            )
        )
    if rechte is not None:
        vorher = set(bisher.user_permissions.values_list("pk", flat=True)) if bisher else set()
        if {r.pk for r in rechte} != vorher:
            fehler.setdefault("user_permissions", []).append(
                gettext(
                    "Einzelne Rechte vergibt nur eine Administratorin oder ein Administrator. "
                    "Geben Sie der Person stattdessen eine Rolle."
                )
            )
    if gruppen is not None:
        vorher_gruppen = set(bisher.groups.all()) if bisher else set()
        for gruppe in sorted(set(gruppen) ^ vorher_gruppen, key=lambda g: g.name):
            if not darf_gruppe_vergeben(handelnder, gruppe):
                fehler.setdefault("groups", []).append(
                    gettext(
                        "Die Gruppe „%(gruppe)s“ hat Rechte, die Sie selbst nicht haben. Nur eine "
                        "Administratorin oder ein Administrator kann sie vergeben oder entziehen."
                    )
                    % {"gruppe": gruppe.name}
                )
    if fehler:
        raise ValidationError(fehler, code="rechte")


def gruppe_pruefen(
    handelnder: AbstractBaseUser | None,
    gruppe: Group,
    *,
    rechte: Iterable[Permission] | None = None,
    loeschen: bool = False,
) -> None:
    """Check a change (or the deletion) of ``gruppe``: a role is never changed here, another group
    only with all its rights, its rights only by a superuser. Raises ``ValidationError``."""
    if ist_rolle(gruppe):
        raise ValidationError(rolle_erklaerung(), code="rolle")
    if handelnder is None or handelnder.is_superuser:
        return
    if not darf_gruppe_vergeben(handelnder, gruppe):
        raise ValidationError(
            gettext(
                "Diese Gruppe hat Rechte, die Sie selbst nicht haben. Nur eine Administratorin "
                "oder ein Administrator kann sie ändern oder löschen."
            ),
            code="rechte",
        )
    if not loeschen and rechte is not None and {r.pk for r in rechte} != _rechte_der_gruppe(gruppe):
        raise ValidationError(
            {
                "permissions": gettext(
                    "Die Rechte einer Gruppe legt nur eine Administratorin oder ein Administrator "
                    "fest."
                )
            },
            code="rechte",
        )


def rolle_erklaerung() -> str:
    """Why a role's page is read-only (shown on it, and as the refusal of a write)."""
    return gettext(
        "Diese Gruppe ist eine Rolle der Anwendung. Ihr Name und ihre Rechte sind im Programm "
        "festgelegt (aktionsplan/rollen.py) und werden nach jedem Update abgeglichen; hier "
        "können sie nicht geändert werden, damit niemand eine Rolle aussperrt. Rollen vergeben "
        "Sie auf der Seite der Person (Feld „Gruppen“)."
    )


def _modellname(modell: type[models.Model]) -> str:
    # simple-history names its models "historical <name>" in every language.
    original = getattr(modell, "instance_type", None)
    if original is not None:
        return gettext("%(modell)s (Verlauf)") % {"modell": original._meta.verbose_name}
    return str(modell._meta.verbose_name)


def recht_text(recht: Permission) -> str:
    """A permission as people read it, in the active language: "App | Thema anlegen" for the four
    default permissions of a model, else the permission's own (translated) name. Django's stored
    names ("Can add Thema") mix English with the German model name of the day of the migration."""
    typ = recht.content_type
    modell = typ.model_class()
    aktion, _trenner, modellname = recht.codename.partition("_")
    if modell is not None and modellname == modell._meta.model_name and aktion in _AKTIONEN:
        name = str(_AKTIONEN[aktion]) % {"modell": _modellname(modell)}
    else:
        name = gettext(recht.name)
    try:
        app = apps.get_app_config(typ.app_label).verbose_name
    except LookupError:
        app = typ.app_label
    return f"{capfirst(app)} | {name}"


def rechte_auswahl(vorhanden: Iterable[int] = ()) -> models.QuerySet[Permission]:
    """The permissions offered in the admin: those of the apps the roles are made of, and any the
    edited row holds already (so that saving never drops one silently)."""
    return (
        Permission.objects.filter(
            Q(content_type__app_label__in=RECHTE_APPS) | Q(pk__in=list(vorhanden))
        )
        .select_related("content_type")
        .order_by("content_type__app_label", "content_type__model", "codename")
    )


# --- the state a form was opened on ---


def _roh(feld: models.Field, objekt: models.Model) -> object:
    if feld.many_to_many:
        return sorted(objekt.pk for objekt in feld.value_from_object(objekt))
    wert = feld.value_from_object(objekt)
    if isinstance(wert, datetime.date | datetime.datetime):
        return wert.isoformat()
    if wert is None or isinstance(wert, bool | int | str):
        return wert
    return str(wert)


def stand(objekt: models.Model, felder: Iterable[str]) -> dict[str, object]:
    """The values of ``felder`` of the stored ``objekt`` as plain JSON values (relations by id)."""
    meta = objekt._meta
    return {name: _roh(meta.get_field(name), objekt) for name in felder}


def stand_felder(modell: type[models.Model], namen: Iterable[str]) -> list[str]:
    """Of the names a form shows, those whose values make up its state."""
    felder = {f.name for f in modell._meta.get_fields() if f.concrete and not f.primary_key}
    return sorted(n for n in namen if n in felder and n not in NICHT_IM_STAND)


def stand_zeichen(werte: Mapping[str, object]) -> str:
    """The state signed, for a hidden form field."""
    return signing.dumps(dict(werte), salt=_SALZ, compress=True)


def stand_lesen(zeichen: str | None) -> dict[str, object] | None:
    """The state of a hidden form field; None if missing or not made by ``stand_zeichen``."""
    if not zeichen:
        return None
    try:
        werte = signing.loads(zeichen, salt=_SALZ)
    except signing.BadSignature:
        return None
    return werte if isinstance(werte, dict) else None


def _anzeigen(feld: models.Field, roh: object) -> str:
    if feld.many_to_many:
        namen = {
            o.pk: recht_text(o) if isinstance(o, Permission) else str(o)
            for o in feld.related_model._base_manager.filter(pk__in=list(roh or []))
        }
        return ", ".join(sorted(namen.get(pk, gettext("(gelöscht)")) for pk in roh or [])) or "–"
    if isinstance(feld, models.DateTimeField) and isinstance(roh, str):
        return wert_text(datetime.datetime.fromisoformat(roh))
    if isinstance(feld, models.DateField) and isinstance(roh, str):
        return wert_text(datetime.date.fromisoformat(roh))
    return wert_text(roh, feld)


class KontoVeraltetError(VeralteterStandError):
    """An account or group changed (or was deleted) after the form was opened; nothing written.
    ``stand_jetzt``: its state now (None if deleted), for the form to carry from now on."""

    def __init__(self, veraltet: Veraltet, stand_jetzt: dict[str, object] | None) -> None:
        super().__init__(veraltet)
        self.stand_jetzt = stand_jetzt


def stand_vergleichen(
    modell: type[models.Model], pk: object, geoeffnet: Mapping[str, object]
) -> None:
    """Raise ``KontoVeraltetError`` if row ``pk`` is gone or differs from the state ``geoeffnet``
    in any of its fields; the message names who changed it when (users: from the history) and
    each field old → new."""
    aktuell = modell._base_manager.filter(pk=pk).first()
    jetzt = stand(aktuell, geoeffnet) if aktuell is not None else None
    if jetzt == dict(geoeffnet):
        return
    unterschiede = []
    if jetzt is not None:
        for name in sorted(geoeffnet):
            if geoeffnet[name] != jetzt[name]:
                feld = modell._meta.get_field(name)
                unterschiede.append(
                    Feldunterschied(
                        feld=str(capfirst(feld.verbose_name)),
                        geoeffnet=_anzeigen(feld, geoeffnet[name]),
                        jetzt=_anzeigen(feld, jetzt[name]),
                    )
                )
    wer, wann = "", None
    if modell is get_user_model():
        neueste = (
            historienmodell(modell)
            .objects.filter(id=pk)
            .select_related("history_user")
            .order_by(*NEUESTE_ZUERST)
            .first()
        )
        if neueste is not None:
            wer, wann = anzeigename(neueste.history_user), neueste.history_date
    text = str(aktuell) if aktuell is not None else ""
    veraltet = Veraltet(
        was=f"{modell._meta.verbose_name} „{text}“" if text else str(modell._meta.verbose_name),
        wer=wer or gettext("unbekannt"),
        wann=wann,
        version=None if aktuell is None else 0,
        unterschiede=tuple(unterschiede),
        gruende=(),
    )
    raise KontoVeraltetError(veraltet, jetzt)


# --- writes ---


def _m2m_setzen(objekt: models.Model, m2m: Mapping[str, Iterable[models.Model]]) -> None:
    objekt.skip_history_when_saving = True
    try:
        for feld, ziele in m2m.items():
            getattr(objekt, feld).set(list(ziele))
    finally:
        del objekt.skip_history_when_saving


def person_speichern(
    person: AbstractBaseUser,
    *,
    handelnder: AbstractBaseUser | None,
    felder: Iterable[str] | None = None,
    gruppen: Iterable[Group] | None = None,
    rechte: Iterable[Permission] | None = None,
    geoeffnet: Mapping[str, object] | None = None,
) -> AbstractBaseUser:
    """Create or change an account: the rule (``person_pruefen``), the stale-edit check against
    ``geoeffnet`` (the state the form was opened on, under a row lock), the model's rules
    (``full_clean``), then one history row naming ``handelnder`` with the changed groups and
    rights in words. ``felder`` limits the UPDATE to the form's plain fields.

    Raises ``KontoVeraltetError`` (stale), ``ValidationError`` (rule or model); nothing written.
    """
    user_model = type(person)
    neu = person._state.adding
    m2m = {
        name: list(werte)
        for name, werte in (("groups", gruppen), ("user_permissions", rechte))
        if werte is not None
    }
    with transaction.atomic():
        if not neu:
            user_model._base_manager.select_for_update().filter(pk=person.pk).first()
            if geoeffnet is not None:
                stand_vergleichen(user_model, person.pk, geoeffnet)
        person_pruefen(handelnder, person, gruppen=gruppen, rechte=rechte)
        person.full_clean()
        grund = "; ".join(m2m_aenderungen(person, m2m)) if not neu else ""
        person.skip_history_when_saving = True
        try:
            felder = None if felder is None else [f for f in felder if f != "password"]
            if neu or felder is None:
                person.save()
            elif felder:
                person.save(update_fields=felder)
        finally:
            del person.skip_history_when_saving
        if m2m:
            _m2m_setzen(person, m2m)
        historie_schreiben(person, benutzer=handelnder, neu=neu, grund=grund)
    return person


def person_loeschen(person: AbstractBaseUser, *, handelnder: AbstractBaseUser | None) -> None:
    """Delete an account (history keeps who did it). Raises ``PermissionDenied`` if the account
    has rights ``handelnder`` lacks."""
    if not darf_person_aendern(handelnder, person):
        raise PermissionDenied
    person._history_user = handelnder
    person.delete()


def gruppe_speichern(
    gruppe: Group,
    *,
    handelnder: AbstractBaseUser | None,
    felder: Iterable[str] | None = None,
    rechte: Iterable[Permission] | None = None,
    geoeffnet: Mapping[str, object] | None = None,
) -> Group:
    """Create or change a group that is no role (``gruppe_pruefen``, stale-edit check as for
    accounts). Raises ``KontoVeraltetError`` or ``ValidationError``; nothing written."""
    neu = gruppe._state.adding
    with transaction.atomic():
        if not neu:
            Group.objects.select_for_update().filter(pk=gruppe.pk).first()
            if geoeffnet is not None:
                stand_vergleichen(Group, gruppe.pk, geoeffnet)
        gruppe_pruefen(handelnder, gruppe, rechte=rechte)
        gruppe.full_clean()
        felder = None if felder is None else list(felder)
        if neu or felder is None:
            gruppe.save()
        elif felder:
            gruppe.save(update_fields=felder)
        if rechte is not None:
            gruppe.permissions.set(list(rechte))
    return gruppe


def gruppe_loeschen(gruppe: Group, *, handelnder: AbstractBaseUser | None) -> None:
    """Delete a group that is no role. Raises ``ValidationError`` (a role, or rights
    ``handelnder`` lacks)."""
    with transaction.atomic():
        gruppe_pruefen(handelnder, gruppe, loeschen=True)
        gruppe.delete()


# --- invitations ---


def person_einladen(
    *,
    handelnder: AbstractBaseUser | None,
    vorname: str,
    nachname: str,
    email: str,
    gruppen: Iterable[Group],
) -> AbstractBaseUser:
    """Create the account of an invited person: user name = e-mail address (lower case), no
    usable password (the person sets one through the link of ``aktionsplan.einladung``), the given
    roles; through ``person_speichern`` (the rule that nobody grants rights beyond their own, the
    model's rules, one history row naming ``handelnder``). Inviting again someone who has never
    set a password keeps the account and sets name and roles anew (for a new link).

    Raises ``ValidationError`` (an account with this e-mail address that is in use, a role
    ``handelnder`` may not give, a bad address); nothing written."""
    user_model = get_user_model()
    email = user_model.objects.normalize_email(email.strip()).lower()
    person = (
        user_model._base_manager.filter(Q(email__iexact=email) | Q(username__iexact=email))
        .order_by("pk")
        .first()
    )
    if person is not None and (person.has_usable_password() or person.last_login is not None):
        raise ValidationError(
            {
                "email": gettext(
                    "Für diese E-Mail-Adresse gibt es schon ein Konto, das benutzt wird. Rollen "
                    "ändern Sie auf der Seite der Person in der Verwaltung."
                )
            },
            code="doppelt",
        )
    felder = None
    if person is None:
        person = user_model(username=email, email=email)
        person.set_unusable_password()
    else:
        felder = ["first_name", "last_name"]
    person.first_name = vorname.strip()
    person.last_name = nachname.strip()
    return person_speichern(person, handelnder=handelnder, felder=felder, gruppen=list(gruppen))


def vergebbare_rollen(handelnder: AbstractBaseUser | None) -> list[Group]:
    """The roles (aktionsplan.rollen, in their order Lesen, Redaktion, Datenpflege) that
    ``handelnder`` may give (``darf_gruppe_vergeben``), in two queries: the roles with their
    rights, and the rights of ``handelnder`` (none for a superuser or a command)."""
    rollen = sorted(
        Group.objects.filter(name__in=ROLLEN).prefetch_related(
            models.Prefetch("permissions", queryset=Permission.objects.only("pk"))
        ),
        key=lambda g: ROLLEN.index(g.name),
    )
    if handelnder is None or handelnder.is_superuser:
        return rollen
    eigene = rechte_von(handelnder)
    return [g for g in rollen if {r.pk for r in g.permissions.all()} <= eigene]
