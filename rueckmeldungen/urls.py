"""The Datenpflege's pages, mounted under /rueckmeldungen/ (konfiguration/urls.py). The public
pages (statement, form, thanks) have top-level addresses without a namespace, like the other info
pages."""

from django.urls import path

from rueckmeldungen import views

app_name = "rueckmeldungen"

urlpatterns = [
    path("", views.rueckmeldung_liste, name="liste"),
    path("<int:pk>/", views.rueckmeldung_detail, name="detail"),
    path("erklaerung/", views.erklaerung_bearbeiten, name="erklaerung_bearbeiten"),
]
