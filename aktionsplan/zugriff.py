"""Role checks for views. Deny by default: LoginRequiredMiddleware sends anonymous users to the
login page; a logged-in user without the role gets 403."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from aktionsplan.rollen import darf_bearbeiten, darf_lesen, ist_datenpflege

View = Callable[..., HttpResponse]


def _rolle_erforderlich(pruefung: Callable) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not pruefung(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# Every internal page: all three roles.
lesen_erforderlich = _rolle_erforderlich(darf_lesen)
# Writes to measures, reports, milestones, findings, values: Redaktion and Datenpflege.
redaktion_erforderlich = _rolle_erforderlich(darf_bearbeiten)
# Data stewards' own views (e.g. unprotected small numbers).
datenpflege_erforderlich = _rolle_erforderlich(ist_datenpflege)
