from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AktionsplanConfig(AppConfig):
    name = "aktionsplan"
    verbose_name = _("Aktionsplan und Leitbild")

    def ready(self) -> None:
        post_migrate.connect(_rollen_aktualisieren, sender=self)


def _rollen_aktualisieren(sender, **kwargs) -> None:
    from django.apps import apps as global_apps

    from aktionsplan.rollen import rollen_nach_migration

    # `migrate` passes the migrated state; `flush` (e.g. between transactional tests) does not.
    rollen_nach_migration(apps=kwargs.get("apps") or global_apps)


class AktionsplanAdminConfig(AdminConfig):
    default_site = "aktionsplan.admin_site.DatenpflegeAdminSite"
