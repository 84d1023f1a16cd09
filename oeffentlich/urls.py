"""The public pages, mounted under /oeffentlich/ (konfiguration/urls.py)."""

from django.urls import path

from oeffentlich import views, views_daten

app_name = "oeffentlich"

urlpatterns = [
    path("", views.start, name="start"),
    path("plaene/<slug:slug>/", views.plan, name="plan"),
    path("themen/<slug:slug>/", views.thema, name="thema"),
    path("massnahmen/<int:pk>/", views.massnahme, name="massnahme"),
    path("indikatoren/", views.indikator_liste, name="indikator_liste"),
    path("indikatoren/<int:pk>/", views.indikator, name="indikator"),
    path("berichte/", views.berichte, name="berichte"),
    path("berichte/<int:jahr>.<str:format_>", views.bericht_datei, name="bericht_datei"),
    path("gebaerdensprache/", views.gebaerdensprache, name="gebaerdensprache"),
    path("gebaerdensprache/videos/<int:pk>/video", views.gebaerdenvideo, name="gebaerdenvideo"),
    path(
        "gebaerdensprache/videos/<int:pk>/untertitel.vtt",
        views.gebaerdenvideo_untertitel,
        name="gebaerdenvideo_untertitel",
    ),
    path("daten/", views_daten.daten, name="daten"),
    path("daten/katalog.<str:format_>", views_daten.daten_katalog, name="daten_katalog"),
    path("daten/schema/<slug:name>.json", views_daten.daten_schema, name="daten_schema"),
    path(
        "daten/indikatoren/<int:pk>.<str:format_>",
        views_daten.daten_indikator,
        name="daten_indikator",
    ),
    path("daten/<slug:name>.<str:format_>", views_daten.daten_datei, name="daten_datei"),
    # The twins in Leichte Sprache (views.py, module doc) and the explanation page.
    path("leicht/", views.start, {"leicht": True}, name="leicht_start"),
    path("leicht/plaene/<slug:slug>/", views.plan, {"leicht": True}, name="leicht_plan"),
    path("leicht/themen/<slug:slug>/", views.thema, {"leicht": True}, name="leicht_thema"),
    path("leicht/massnahmen/<int:pk>/", views.massnahme, {"leicht": True}, name="leicht_massnahme"),
    path(
        "leicht/indikatoren/",
        views.indikator_liste,
        {"leicht": True},
        name="leicht_indikator_liste",
    ),
    path(
        "leicht/indikatoren/<int:pk>/",
        views.indikator,
        {"leicht": True},
        name="leicht_indikator",
    ),
    path("leicht/berichte/", views.berichte, {"leicht": True}, name="leicht_berichte"),
    path("leicht/erklaerung/", views.erklaerung, name="leicht_erklaerung"),
]
