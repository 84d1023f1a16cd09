"""The public pages, mounted under /oeffentlich/ (konfiguration/urls.py)."""

from django.urls import path

from oeffentlich import views

app_name = "oeffentlich"

urlpatterns = [
    path("", views.start, name="start"),
    path("plaene/<slug:slug>/", views.plan, name="plan"),
    path("themen/<slug:slug>/", views.thema, name="thema"),
    path("massnahmen/<int:pk>/", views.massnahme, name="massnahme"),
    path("indikatoren/", views.indikator_liste, name="indikator_liste"),
    path("indikatoren/<int:pk>/", views.indikator, name="indikator"),
    # Adopted yearly reports (HTML and PDF) go here once the adoption model exists (helper
    # "bericht"): "berichte/" and "berichte/<int:jahr>/" — see oeffentlich/views.py.
]
