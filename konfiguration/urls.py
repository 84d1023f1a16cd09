from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from aktionsplan import seiten
from konfiguration import gesundheit
from projekte import urls as projekte_urls
from querschnitt import urls as querschnitt_urls
from rueckmeldungen import views as rueckmeldungen_views

handler400 = "aktionsplan.seiten.ungueltige_anfrage"
handler500 = "aktionsplan.seiten.serverfehler"

konto_urls = [
    path(
        "anmelden/",
        # LoginView is already exempt from LoginRequiredMiddleware; said again so it stays visible.
        login_not_required(
            auth_views.LoginView.as_view(
                template_name="registration/login.html",
                authentication_form=seiten.Anmeldeformular,
                redirect_authenticated_user=True,
            )
        ),
        name="login",
    ),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "passwort/",
        auth_views.PasswordChangeView.as_view(
            template_name="registration/password_change_form.html",
            form_class=seiten.Passwortformular,
        ),
        name="password_change",
    ),
    path(
        "passwort/geaendert/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_change_done.html"
        ),
        name="password_change_done",
    ),
    # Setting a password by e-mail link: after an invitation (aktionsplan.einladung) or when it is
    # forgotten. Reachable without logging in (login_not_required, said again as for the login).
    path(
        "passwort/vergessen/",
        login_not_required(
            auth_views.PasswordResetView.as_view(
                template_name="registration/password_reset_form.html",
                email_template_name="registration/password_reset_email.txt",
                subject_template_name="registration/password_reset_subject.txt",
                form_class=seiten.PasswortVergessenFormular,
            )
        ),
        name="password_reset",
    ),
    path(
        "passwort/vergessen/gesendet/",
        login_not_required(
            auth_views.PasswordResetDoneView.as_view(
                template_name="registration/password_reset_done.html"
            )
        ),
        name="password_reset_done",
    ),
    path(
        "passwort/setzen/<uidb64>/<token>/",
        login_not_required(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="registration/password_reset_confirm.html",
                form_class=seiten.PasswortSetzenFormular,
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "passwort/gesetzt/",
        login_not_required(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="registration/password_reset_complete.html"
            )
        ),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    # For the load balancer: no login, no redirect to HTTPS (SECURE_REDIRECT_EXEMPT), no details.
    path("healthz", gesundheit.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # The language switch is on the login page too, so it must work before logging in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include(konto_urls)),
    # The accessibility statement (BGG NRW § 10b), kept by the Datenpflege in the app.
    path("barrierefreiheit/", rueckmeldungen_views.barrierefreiheit, name="barrierefreiheit"),
    # The feedback form every page links, and its thanks page: no login.
    path("rueckmeldung/", rueckmeldungen_views.rueckmeldung, name="rueckmeldung"),
    path("rueckmeldung/danke/", rueckmeldungen_views.rueckmeldung_danke, name="rueckmeldung_danke"),
    path("rueckmeldungen/", include("rueckmeldungen.urls")),
    path("impressum/", seiten.impressum, name="impressum"),
    path("datenschutz/", seiten.datenschutz, name="datenschutz"),
    # The public pages: no login, only what the Redaktion marks public (oeffentlich/views.py).
    path("oeffentlich/", include("oeffentlich.urls")),
    path(
        "",
        include(
            (projekte_urls.urlpatterns + querschnitt_urls.projekte_muster, projekte_urls.app_name)
        ),
    ),
    path("", include((querschnitt_urls.rahmen_muster, "aktionsplan"))),
    path("akteure/", include((querschnitt_urls.akteure_muster, "akteure"))),
    path("monitoring/", include("monitoring.urls")),
    path("aufgaben/", include((querschnitt_urls.aufgaben_muster, "aufgaben"))),
    path("aenderungen/", include((querschnitt_urls.aenderungen_muster, "querschnitt"))),
    path("einrichtung/", include((querschnitt_urls.einrichtung_muster, "einrichtung"))),
    path("region/", include((querschnitt_urls.region_muster, "region"))),
]
