"""Info pages everyone may read (accessibility statement, imprint, privacy) and the error page
that must render without a database."""

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET


class Anmeldeformular(AuthenticationForm):
    """Django's login form without autofocus: keyboard users start at the skip link as on every
    other page, and screen readers do not skip the page's heading and introduction."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)


class Passwortformular(PasswordChangeForm):
    """Django's password change form without autofocus, for the same reason."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].widget.attrs.pop("autofocus", None)


# Date the accessibility statement was last checked; change it with every review.
ERKLAERUNG_STAND = date(2026, 11, 24)


def _kontakt_email() -> str:
    # A role mailbox of the municipality (KONTAKT_EMAIL), never a person's address.
    return settings.KONTAKT_EMAIL


@login_not_required
@require_GET
def barrierefreiheit(request: HttpRequest) -> HttpResponse:
    kontext = {"stand": ERKLAERUNG_STAND, "kontakt_email": _kontakt_email()}
    return render(request, "seiten/barrierefreiheit.html", kontext)


@login_not_required
@require_GET
def impressum(request: HttpRequest) -> HttpResponse:
    return render(request, "seiten/impressum.html", {"kontakt_email": _kontakt_email()})


@login_not_required
@require_GET
def datenschutz(request: HttpRequest) -> HttpResponse:
    return render(request, "seiten/datenschutz.html", {"kontakt_email": _kontakt_email()})


def serverfehler(request: HttpRequest) -> HttpResponse:
    """handler500: no request context, so no context processor (and no query) can fail again."""
    inhalt = loader.get_template("500.html").render({"KOMMUNE_NAME": settings.KOMMUNE_NAME})
    return HttpResponseServerError(inhalt)
