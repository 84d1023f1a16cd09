"""Info pages everyone may read (imprint, privacy; the accessibility statement is kept in the
app: rueckmeldungen) and the error pages
that must render without a database (400, 500)."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aktionsplan.kommune import kommunenname


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


class PasswortVergessenFormular(PasswordResetForm):
    """Django's form that mails a link to set a new password, without autofocus."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.pop("autofocus", None)


class PasswortSetzenFormular(SetPasswordForm):
    """Django's form behind the e-mail link (invitation or forgotten password), without
    autofocus. Saving it changes the password hash, which makes the link's token invalid: the
    link works once. The user's history records the change."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].widget.attrs.pop("autofocus", None)


def _kontakt_email() -> str:
    # A role mailbox of the municipality (KONTAKT_EMAIL), never a person's address.
    return settings.KONTAKT_EMAIL


@login_not_required
@require_GET
def impressum(request: HttpRequest) -> HttpResponse:
    return render(request, "seiten/impressum.html", {"kontakt_email": _kontakt_email()})


@login_not_required
@require_GET
def datenschutz(request: HttpRequest) -> HttpResponse:
    return render(request, "seiten/datenschutz.html", {"kontakt_email": _kontakt_email()})


def ungueltige_anfrage(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a request Django refuses before any view (more form data than
    DATA_UPLOAD_MAX_MEMORY_SIZE, more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS, a forged host …)
    gets a German page that says why, instead of Django's bare "Bad Request (400)". Rendered
    without request context, like the 500 page: the request is the broken part."""
    if isinstance(exception, RequestDataTooBig):
        grund = _(
            "Die gesendeten Angaben sind zu umfangreich (mehr als %(groesse)s). Kürzen Sie lange "
            "Texte; Tabellen laden Sie über den Import hoch."
        ) % {"groesse": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}
    elif isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
        grund = _("Das Formular enthält zu viele Felder oder Dateien.")
    else:
        grund = _("Die Anfrage ist fehlerhaft und kann nicht bearbeitet werden.")
    inhalt = loader.get_template("400.html").render(
        {"KOMMUNE_NAME": kommunenname(abfragen=False), "grund": grund}
    )
    return HttpResponseBadRequest(inhalt)


def serverfehler(request: HttpRequest) -> HttpResponse:
    """handler500: no request context, so no context processor (and no query) can fail again."""
    inhalt = loader.get_template("500.html").render({"KOMMUNE_NAME": kommunenname(abfragen=False)})
    return HttpResponseServerError(inhalt)


# Form fields that are ours, not what the person typed: not shown back on the CSRF page.
_TECHNISCHE_FELDER = ("csrfmiddlewaretoken", "einmalmarke", "geoeffnete_version", "version")


def csrf_fehler(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent with an expired security token (the person logged out and
    in again in another tab, or the session ended) gets a German page in the house style, not
    Django's technical one (QA 2026-11-29, F-8). So that nothing typed is lost, the page shows
    the sent texts back for copying – only for a POST from our own pages (same origin), never
    passwords: a forged request from another site learns nothing and shows nothing."""
    eigene_herkunft = request.headers.get("Origin") in (
        None,
        f"{request.scheme}://{request.get_host()}",
    )
    eingaben = []
    if request.method == "POST" and eigene_herkunft:
        for name, werte in request.POST.lists():
            if name in _TECHNISCHE_FELDER or "passw" in name.lower() or name.startswith("_"):
                continue
            text = "\n".join(w for w in werte if w.strip())
            if text:
                eingaben.append((name, text))
    return render(
        request,
        "403_csrf.html",
        {"eingaben": eingaben[:50], "formular_url": request.path},
        status=403,
    )
