from django.urls import path

from akteure import views

app_name = "akteure"

urlpatterns = [
    path("", views.akteur_liste, name="akteur_liste"),
    path("<int:pk>/", views.akteur_detail, name="akteur_detail"),
    path("datenquellen/", views.datenquelle_liste, name="datenquelle_liste"),
    path("datenquellen/<int:pk>/", views.datenquelle_detail, name="datenquelle_detail"),
]
