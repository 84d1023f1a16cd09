"""Read replicas (README, "Über einen Rechner hinaus wachsen"): reads go to a replica, writes
and whatever follows a write go to the primary database.

Active only with ``DATABASE_REPLICA_URLS`` (settings): then each URL is a database alias
``replik_1``, ``replik_2`` … (``REPLIKATE``), this router is in ``DATABASE_ROUTERS`` and
``multidb.middleware.PinningRouterMiddleware`` in ``MIDDLEWARE``. Without it nothing changes:
one database, no router, no middleware.

Built on django-multidb-router (``multidb``, maintained, Django 5.2): its ``PinningReplicaRouter``
sends reads round-robin to the replicas unless the thread is pinned to the primary; its
middleware pins every request that is not GET/HEAD/OPTIONS/TRACE, and for
``MULTIDB_PINNING_SECONDS`` afterwards (a cookie) every request of that browser, so a page shown
right after saving never reads a replica that lags behind. Two rules the library lacks, added
here because the write path relies on them:

* inside a transaction on the primary, reads go to the primary: ``aktionsplan.sperre`` reads the
  row it is about to change (the version check) and services read what they just wrote in the
  same ``transaction.atomic()``;
* after any write the thread stays pinned to the primary: the rest of a request that writes on
  GET (a session being prolonged, say) and the task worker (``manage.py arbeiter``, no request, no
  middleware) never read older data than they wrote. The middleware unpins at the start of the
  next read-only request without the cookie.

Migrations run on the primary only (``allow_migrate``); the replicas get the schema by
replication.
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from multidb import PinningReplicaRouter
from multidb.pinning import pin_this_thread

#: Prefix of the replicas' database aliases (settings.DATABASES).
REPLIKAT_PRAEFIX = "replik_"


class ReplikatRouter(PinningReplicaRouter):
    """Reads to a replica, except inside a transaction on the primary or once the thread has
    written (module docstring); writes and migrations to the primary."""

    def db_for_read(self, model: type | None, **hints: Any) -> str:
        """The alias to read ``model`` from: the primary inside an open transaction on it or in
        a pinned thread, else the next replica (round-robin)."""
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return super().db_for_read(model, **hints)

    def db_for_write(self, model: type | None, **hints: Any) -> str:
        """Always the primary; the thread reads from it from now on (until the middleware unpins
        it at the next read-only request)."""
        pin_this_thread()
        return DEFAULT_DB_ALIAS
