from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class AktionsplanConfig(AppConfig):
    name = "aktionsplan"
    verbose_name = _("Aktionsplan und Leitbild")


class AktionsplanAdminConfig(AdminConfig):
    default_site = "aktionsplan.admin_site.DatenpflegeAdminSite"
