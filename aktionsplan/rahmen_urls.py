from django.urls import path

from aktionsplan import views

app_name = "aktionsplan"

urlpatterns = [
    path("themen/", views.thema_liste, name="thema_liste"),
    path("themen/<slug:slug>/", views.thema_detail, name="thema_detail"),
    path("raeume/", views.raum_liste, name="raum_liste"),
    path("raeume/<slug:slug>/", views.raum_detail, name="raum_detail"),
]
