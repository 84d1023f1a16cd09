from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AktionsplanConfig(AppConfig):
    name = "aktionsplan"
    verbose_name = _("Aktionsplan und Leitbild")

    def ready(self) -> None:
        post_migrate.connect(_rollen_aktualisieren, sender=self)


def _rollen_aktualisieren(sender, apps, **kwargs) -> None:
    from aktionsplan.rollen import rollen_nach_migration

    rollen_nach_migration(apps=apps)


class AktionsplanAdminConfig(AdminConfig):
    default_site = "aktionsplan.admin_site.DatenpflegeAdminSite"
