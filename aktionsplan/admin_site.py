from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from aktionsplan.rollen import ist_datenpflege


class DatenpflegeAdminSite(admin.AdminSite):
    """The admin is the data stewards' tool: only the Datenpflege role (or a superuser) gets in,
    even if someone marks a Lesen or Redaktion account as staff."""

    site_header = _("Aktionsplan – Datenpflege")
    site_title = _("Datenpflege")
    index_title = _("Stammdaten, Importe, Benutzer und Rollen")

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and ist_datenpflege(request.user))
