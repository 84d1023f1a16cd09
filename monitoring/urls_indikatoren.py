"""URLs of the indicator part (merged into monitoring/urls.py under app_name "monitoring")."""

from django.urls import path

from monitoring.views import abdeckung
from monitoring.views import indikatoren as views

urlpatterns = [
    path("indikatoren/", views.indikator_liste, name="indikator_liste"),
    path("indikatoren/import/", views.messwert_import, name="messwert_import"),
    path(
        "indikatoren/import/vorlage/",
        views.messwert_import_vorlage,
        name="messwert_import_vorlage",
    ),
    path("indikatoren/werte/export/", views.messwert_export, name="messwert_export"),
    path("indikatoren/<int:pk>/", views.indikator_detail, name="indikator_detail"),
    path(
        "indikatoren/<int:pk>/steckbrief/",
        views.indikator_steckbrief,
        name="indikator_steckbrief",
    ),
    path("indikatoren/<int:pk>/freigabe/", views.indikator_freigabe, name="indikator_freigabe"),
    path("indikatoren/<int:pk>/export/", views.indikator_export, name="indikator_export"),
    path("indikatoren/<int:pk>/werte/neu/", views.messwert_neu, name="messwert_neu"),
    path(
        "indikatoren/<int:pk>/einschaetzungen/neu/",
        views.einschaetzung_neu,
        name="einschaetzung_neu",
    ),
    path(
        "einschaetzungen/<int:pk>/bearbeiten/",
        views.einschaetzung_bearbeiten,
        name="einschaetzung_bearbeiten",
    ),
    path("werte/<int:pk>/bearbeiten/", views.messwert_bearbeiten, name="messwert_bearbeiten"),
    path("raumvergleich/", views.raumvergleich, name="raumvergleich"),
    path("abdeckung/", abdeckung.abdeckung, name="abdeckung"),
]
