from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.core import checks
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AktionsplanConfig(AppConfig):
    name = "aktionsplan"
    verbose_name = _("Aktionsplan und Leitbild")

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from aktionsplan import benutzerspeicher, lookups, suche  # suche: the lookup "faltet"

        lookups.registrieren()
        _aufgaben_begrenzen()
        benutzerspeicher.signale_verbinden()
        post_migrate.connect(_rollen_aktualisieren, sender=self)
        # Every recorded change (all models, users and roles) makes cached aggregates stale.
        post_create_historical_record.connect(
            _datenstand_erhoehen, dispatch_uid="aktionsplan_datenstand"
        )
        connection_created.connect(suche.registrieren, dispatch_uid="aktionsplan_suche")
        checks.register(_konfiguration_pruefen, checks.Tags.security, deploy=True)


def _aufgaben_begrenzen() -> None:
    from aktionsplan import bereich
    from aufgaben import models as aufgaben_models

    aufgaben_models.BEREICH = bereich.aufgaben_filtern


def _konfiguration_pruefen(app_configs, **kwargs) -> list[checks.Error]:
    from django.conf import settings

    return [
        checks.Error(meldung, id=f"aktionsplan.E00{nummer}")
        for nummer, meldung in enumerate(settings.KONFIGURATIONSFEHLER, start=1)
    ]


def _datenstand_erhoehen(sender, **kwargs) -> None:
    from aktionsplan.kommune import nach_raumaenderung
    from aktionsplan.models import Raum
    from aktionsplan.zwischenspeicher import datenstand_erhoehen

    datenstand_erhoehen()
    # The own Kommune's name is shown on every page from the cache (aktionsplan.kommune).
    if isinstance(kwargs.get("instance"), Raum):
        nach_raumaenderung(kwargs["instance"])


def _rollen_aktualisieren(sender, **kwargs) -> None:
    from django.apps import apps as global_apps

    from aktionsplan.rollen import rollen_nach_migration

    # `migrate` passes the migrated state; `flush` (e.g. between transactional tests) does not.
    rollen_nach_migration(apps=kwargs.get("apps") or global_apps)
    _verzeichnis_cache_leeren()


def _verzeichnis_cache_leeren() -> None:
    """A cache in a directory (the default without Redis) outlives the database: after a new or
    restored database its cached Kommunen, data version and page parts would belong to the old
    one. ``migrate`` empties it (each `make run` migrates first)."""
    from django.core.cache import caches
    from django.core.cache.backends.filebased import FileBasedCache

    speicher = caches["default"]
    if isinstance(speicher, FileBasedCache):
        speicher.clear()


class AktionsplanAdminConfig(AdminConfig):
    default_site = "aktionsplan.admin_site.DatenpflegeAdminSite"
