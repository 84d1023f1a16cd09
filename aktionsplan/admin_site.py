from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from aktionsplan.rollen import ist_datenpflege
from aktionsplan.suche import FaltendeSucheMixin


class DatenpflegeAdminSite(admin.AdminSite):
    """The admin is the data stewards' tool: only the Datenpflege role (or a superuser) gets in,
    even if someone marks a Lesen or Redaktion account as staff.

    Every ModelAdmin registered here searches like the staff pages (aktionsplan.suche: Unicode
    case folding, ß = ss, bounded terms), Django's own User and Group admins included."""

    site_header = _("Aktionsplan – Datenpflege")
    site_title = _("Datenpflege")
    index_title = _("Stammdaten, Importe, Benutzer und Rollen")

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and ist_datenpflege(request.user))

    def register(self, model_or_iterable, admin_class=None, **options) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, FaltendeSucheMixin):
            admin_class = type(
                admin_class.__name__,
                (FaltendeSucheMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)
