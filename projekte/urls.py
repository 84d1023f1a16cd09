"""URLs of the measure list, its export and the editing forms.

konfiguration/urls.py mounts them under the namespace "projekte" together with the overview and
the detail page from querschnitt/urls.py.
"""

from django.urls import path

from projekte import views

app_name = "projekte"

urlpatterns = [
    path("massnahmen/", views.projekt_liste, name="projekt_liste"),
    path("massnahmen/export/", views.projekt_export, name="projekt_export"),
    path("massnahmen/neu/", views.projekt_neu, name="projekt_neu"),
    path("massnahmen/<int:pk>/bearbeiten/", views.projekt_bearbeiten, name="projekt_bearbeiten"),
    path("massnahmen/<int:pk>/sachstand/neu/", views.sachstand_neu, name="sachstand_neu"),
    path(
        "massnahmen/sachstaende/<int:pk>/freigabe/",
        views.sachstand_freigeben,
        name="sachstand_freigeben",
    ),
    path("massnahmen/<int:pk>/meilensteine/neu/", views.meilenstein_neu, name="meilenstein_neu"),
    path(
        "massnahmen/meilensteine/<int:pk>/erledigt/",
        views.meilenstein_erledigt,
        name="meilenstein_erledigt",
    ),
    path("massnahmen/<int:pk>/akteure/neu/", views.beteiligung_neu, name="beteiligung_neu"),
    path(
        "massnahmen/<int:pk>/finanzierungen/neu/",
        views.finanzierung_neu,
        name="finanzierung_neu",
    ),
    path(
        "massnahmen/finanzierungen/<int:pk>/bearbeiten/",
        views.finanzierung_bearbeiten,
        name="finanzierung_bearbeiten",
    ),
    path(
        "massnahmen/beteiligungen/<int:pk>/bearbeiten/",
        views.beteiligung_bearbeiten,
        name="beteiligung_bearbeiten",
    ),
    path(
        "massnahmen/beteiligungen/<int:pk>/entfernen/",
        views.beteiligung_loeschen,
        name="beteiligung_loeschen",
    ),
]
