from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG, ChangeList
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from aktionsplan.rollen import ist_datenpflege
from aktionsplan.suche import FaltendeSucheMixin


class _GepruefteFilter:
    """ChangeList part: filter parameters Django lets through to the database are wacky lookups
    like any other (answered with "?e=1"):

    * a NUL character: PostgreSQL refuses it in text ("A string literal cannot contain NUL");
    * a date hierarchy year out of the calendar's range ("year=10000", "year=2147483648"):
      Django catches only the ValueError of building the first day, not the ValueError or
      OverflowError of the last one or of a year beyond C's int.
    """

    def get_filters(self, request: HttpRequest):
        # Search, ordering and paging parameters are not lookups; the search form refuses NUL
        # itself, with a message.
        for schluessel, werte in self.get_filters_params().items():
            if "\x00" in schluessel or any("\x00" in wert for wert in werte):
                raise IncorrectLookupParameters(f"NUL in {schluessel!r}")
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as fehler:
            raise IncorrectLookupParameters(fehler) from fehler


class EingabenMixin(FaltendeSucheMixin):
    """What every ModelAdmin of the site does with query parameters.

    * search: as on the staff pages (aktionsplan.suche: Unicode case folding, ß = ss, a bounded
      term, no NUL);
    * filters: every wacky filter parameter (NUL characters and date hierarchy years included)
      gets Django's own answer, a redirect to "?e=1", never a 500;
    * export (django-import-export): its page applies the changelist's filters; wacky ones are
      answered the same way instead of an uncaught IncorrectLookupParameters.
    """

    def get_changelist(self, request: HttpRequest, **kwargs) -> type[ChangeList]:
        basis = super().get_changelist(request, **kwargs)
        return type(basis.__name__, (_GepruefteFilter, basis), {})

    def export_action(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")


class DatenpflegeAdminSite(admin.AdminSite):
    """The admin is the data stewards' tool: only the Datenpflege role (or a superuser) gets in,
    even if someone marks a Lesen or Redaktion account as staff.

    Every ModelAdmin registered here gets EingabenMixin, Django's own User and Group admins
    included, so no admin can forget it."""

    site_header = _("Aktionsplan – Datenpflege")
    site_title = _("Datenpflege")
    index_title = _("Stammdaten, Importe, Benutzer und Rollen")

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and ist_datenpflege(request.user))

    def register(self, model_or_iterable, admin_class=None, **options) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, EingabenMixin):
            admin_class = type(
                admin_class.__name__,
                (EingabenMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)
