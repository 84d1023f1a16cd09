"""The logged-in user, with the roles, from the shared cache instead of two queries per request.

Django's ``AuthenticationMiddleware`` loads the session's user on every request (one query),
and every page asks for the user's roles (``aktionsplan.rollen``, one more). Both change rarely,
so the authentication backend keeps the user, with its roles, in Django's cache (Redis in
production, shared by every app server).

Invalidation is one counter, the "Benutzerstand", in the same cache: every change that can
matter to a logged-in user raises it, at once and again when the transaction commits, so that
no cached user survives it:

- any save or deletion of a user (password, ``is_active``, ``is_superuser``, ``last_login``);
- a change of a user's groups or direct permissions, from either side of the relation;
- a save or deletion of a group, or a change of a group's permissions;
- a save or deletion of a membership (``Zustaendigkeit``: for which Kommunen the roles hold) and
  a write of a Kommune (``aktionsplan.kommune.nach_raumaenderung``: a second Kommune makes the
  memberships matter).

In an installation with several Kommunen the cached user carries its memberships too
(``aktionsplan.bereich.sichtbare_kommunen`` keeps them on the user object): a page costs no
query for them, as in an installation with one Kommune, and a membership taken away holds from
the next request on.

Bulk ``QuerySet.update()`` on users sends no signal; the code uses none, and an entry expires
after ``BENUTZER_SPEICHERDAUER`` seconds in any case.

The counter and the entry are read in one round trip (``get_many``). Django's session check
(``get_session_auth_hash``) still runs against the cached user's password hash; since a password
change raises the counter, other sessions end as they do without the cache.

Without a shared cache (the embedded default, one process), the local-memory cache of that
process serves; several processes without Redis would each keep their own counter, which is why
the README's production set-up requires Redis.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from aktionsplan import bereich
from aktionsplan.rollen import _gruppen

BENUTZERSTAND = "aktionsplan:benutzerstand"


def _schluessel(user_id: object) -> str:
    return f"aktionsplan:benutzer:{user_id}"


def _erhoehen() -> None:
    try:
        cache.incr(BENUTZERSTAND)
    except ValueError:  # not set (yet, or evicted): any new value invalidates
        cache.set(BENUTZERSTAND, 2, timeout=None)


def benutzerstand_erhoehen(**kwargs: object) -> None:
    """Invalidate every cached user: now, and again once the current transaction commits (a
    request that loaded the old row in between must not keep it). Takes a signal's arguments."""
    _erhoehen()
    transaction.on_commit(_erhoehen)


class ZwischengespeicherterModelBackend(ModelBackend):
    """Django's ``ModelBackend`` whose ``get_user`` (once per request) reads the user, with its
    roles (``aktionsplan.rollen``), from the cache. Permissions are checked as by Django's.

    ``BENUTZER_SPEICHERDAUER`` (seconds, setting) bounds an entry's life; ``0`` switches the
    cache off. Inactive users are never returned (``user_can_authenticate``), as by Django's."""

    def get_user(self, user_id: object) -> AbstractBaseUser | None:
        dauer = getattr(settings, "BENUTZER_SPEICHERDAUER", 300)
        if not dauer:
            return self._laden(user_id)
        schluessel = _schluessel(user_id)
        werte = cache.get_many([BENUTZERSTAND, schluessel])
        stand = werte.get(BENUTZERSTAND)
        if stand is None:
            cache.add(BENUTZERSTAND, 1, timeout=None)
            stand = cache.get(BENUTZERSTAND, 1)
        eintrag = werte.get(schluessel)
        if eintrag is not None and eintrag[0] == stand:
            return eintrag[1]
        user = self._laden(user_id)
        if user is not None:
            cache.set(schluessel, (stand, user), dauer)
        return user

    def _laden(self, user_id: object) -> AbstractBaseUser | None:
        user = super().get_user(user_id)
        if user is not None:
            _gruppen(user)  # the roles travel with the cached user
            bereich.sichtbare_kommunen(user)  # and the memberships (with several Kommunen)
        return user


def signale_verbinden() -> None:
    """Connect ``benutzerstand_erhoehen`` to every change that matters to a logged-in user."""
    from aktionsplan.models import Zustaendigkeit

    user_model = get_user_model()
    for modell in (user_model, Group, Zustaendigkeit):
        post_save.connect(benutzerstand_erhoehen, sender=modell, dispatch_uid=f"bs-s-{modell}")
        post_delete.connect(benutzerstand_erhoehen, sender=modell, dispatch_uid=f"bs-d-{modell}")
    for zwischen in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(
            benutzerstand_erhoehen, sender=zwischen, dispatch_uid=f"bs-m-{zwischen}"
        )
