"""URLs of findings, participation events and the yearly report (merged into monitoring/urls.py)."""

from django.urls import path

from monitoring.views import berichte as views
from monitoring.views import berichtsfassungen as fassungen

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

urlpatterns += [
    path("jahresbericht/fassungen/neu/", fassungen.fassung_neu, name="fassung_neu"),
    path("jahresbericht/fassungen/<int:pk>/", fassungen.fassung_detail, name="fassung_detail"),
    path(
        "jahresbericht/fassungen/<int:pk>/bearbeiten/",
        fassungen.fassung_bearbeiten,
        name="fassung_bearbeiten",
    ),
    path(
        "jahresbericht/fassungen/<int:pk>/beschliessen/",
        fassungen.fassung_beschliessen,
        name="fassung_beschliessen",
    ),
    path(
        "jahresbericht/fassungen/<int:pk>/zurueckziehen/",
        fassungen.fassung_zurueckziehen,
        name="fassung_zurueckziehen",
    ),
    path("jahresbericht/fassungen/<int:pk>/pdf/", fassungen.fassung_pdf, name="fassung_pdf"),
    path("jahresbericht/fassungen/<int:pk>/xlsx/", fassungen.fassung_xlsx, name="fassung_xlsx"),
    path(
        "jahresbericht/fassungen/<int:pk>/<str:variante>.<str:format_>",
        fassungen.fassung_datei,
        name="fassung_datei",
    ),
]
