from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from aktionsplan.querysets import BasisQuerySet
from aktionsplan.rollen import ist_datenpflege


class DatenpflegeAdminSite(admin.AdminSite):
    """The admin is the data stewards' tool: only the Datenpflege role (or a superuser) gets in,
    even if someone marks a Lesen or Redaktion account as staff."""

    site_header = _("Aktionsplan – Datenpflege")
    site_title = _("Datenpflege")
    index_title = _("Stammdaten, Importe, Benutzer und Rollen")

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and ist_datenpflege(request.user))


class BereichListFilter(admin.RelatedFieldListFilter):
    """A changelist filter over a relation whose choices read through the scope hook."""

    def field_choices(self, field, request: HttpRequest, model_admin) -> list[tuple]:
        auswahl = field.related_model._default_manager.fuer(request.user).complex_filter(
            field.get_limit_choices_to()
        )
        if ordering := self.field_admin_ordering(field, request, model_admin):
            auswahl = auswahl.order_by(*ordering)
        return [(objekt.pk, str(objekt)) for objekt in auswahl]


class BereichAdminMixin:
    """Put first in the bases of every ModelAdmin and inline of the project: its changelist, change
    and delete pages, export, autocomplete, the choices of its forms and of its changelist filters
    read through the Kommune scope hook (aktionsplan.querysets.BasisQuerySet.fuer)."""

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).fuer(request.user)

    def get_field_queryset(self, db, db_field, request: HttpRequest):
        auswahl = super().get_field_queryset(db, db_field, request)
        basis = auswahl
        if basis is None:
            basis = db_field.remote_field.model._default_manager.using(db).all()
        return basis.fuer(request.user) if isinstance(basis, BasisQuerySet) else auswahl

    def get_list_filter(self, request: HttpRequest):
        filter_ = []
        for eintrag in super().get_list_filter(request):
            if isinstance(eintrag, str) and "__" not in eintrag:
                feld = self.model._meta.get_field(eintrag)
                if feld.is_relation and isinstance(
                    feld.related_model._default_manager.all(), BasisQuerySet
                ):
                    eintrag = (eintrag, BereichListFilter)
            filter_.append(eintrag)
        return filter_
