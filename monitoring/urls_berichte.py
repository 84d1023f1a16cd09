"""URLs of findings, participation events and the yearly report (merged into monitoring/urls.py)."""

from django.urls import path

from monitoring.views import berichte as views

urlpatterns = [
    path("erkenntnisse/", views.erkenntnis_liste, name="erkenntnis_liste"),
    path("erkenntnisse/neu/", views.erkenntnis_neu, name="erkenntnis_neu"),
    path("erkenntnisse/<int:pk>/", views.erkenntnis_detail, name="erkenntnis_detail"),
    path(
        "erkenntnisse/<int:pk>/bearbeiten/",
        views.erkenntnis_bearbeiten,
        name="erkenntnis_bearbeiten",
    ),
    path("beteiligung/", views.beteiligungsformat_liste, name="beteiligungsformat_liste"),
    path("beteiligung/neu/", views.beteiligungsformat_neu, name="beteiligungsformat_neu"),
    path(
        "beteiligung/<int:pk>/",
        views.beteiligungsformat_detail,
        name="beteiligungsformat_detail",
    ),
    path(
        "beteiligung/<int:pk>/bearbeiten/",
        views.beteiligungsformat_bearbeiten,
        name="beteiligungsformat_bearbeiten",
    ),
    path("jahresbericht/", views.bericht_auswahl, name="bericht_auswahl"),
    path("jahresbericht/<int:jahr>/", views.bericht, name="bericht"),
    path("jahresbericht/<int:jahr>/pdf/", views.bericht_pdf, name="bericht_pdf"),
    path("jahresbericht/<int:jahr>/xlsx/", views.bericht_xlsx, name="bericht_xlsx"),
]
