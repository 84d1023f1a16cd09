"""URLs of the pages that read across apps.

They keep the URL names they had before they moved here: konfiguration/urls.py mounts each list
under the namespace of the app whose data it shows first, so `{% url %}` in templates and
`get_absolute_url` stay as they are.
"""

from django.urls import path

from querschnitt import aufgaben, einrichtung, plaene, regionsseiten, views

# Namespace "projekte" (with projekte/urls.py).
projekte_muster = [
    path("", views.uebersicht, name="uebersicht"),
    path("massnahmen/<int:pk>/", views.projekt_detail, name="projekt_detail"),
]

# Namespace "aktionsplan".
rahmen_muster = [
    path("themen/", views.thema_liste, name="thema_liste"),
    path("themen/<slug:slug>/", views.thema_detail, name="thema_detail"),
    path("raeume/", views.raum_liste, name="raum_liste"),
    path("raeume/<slug:slug>/", views.raum_detail, name="raum_detail"),
    path("plaene/", plaene.plan_liste, name="plan_liste"),
    path("plaene/<slug:slug>/", plaene.plan_detail, name="plan_detail"),
    path(
        "plaene/<slug:slug>/fortschreibungen/neu/",
        plaene.fortschreibung_neu,
        name="fortschreibung_neu",
    ),
    path(
        "plaene/fortschreibungen/<int:pk>/bearbeiten/",
        plaene.fortschreibung_bearbeiten,
        name="fortschreibung_bearbeiten",
    ),
]

# Namespace "akteure", under /akteure/.
akteure_muster = [
    path("", views.akteur_liste, name="akteur_liste"),
    path("<int:pk>/", views.akteur_detail, name="akteur_detail"),
    path("datenquellen/", views.datenquelle_liste, name="datenquelle_liste"),
    path("datenquellen/<int:pk>/", views.datenquelle_detail, name="datenquelle_detail"),
]

# Namespace "aufgaben", under /aufgaben/: the status pages of work in the background.
aufgaben_muster = [
    path("", aufgaben.aufgabe_liste, name="liste"),
    path("<uuid:pk>/", aufgaben.aufgabe_detail, name="detail"),
    path("<uuid:pk>/datei/", aufgaben.aufgabe_datei, name="datei"),
]

# Namespace "querschnitt", under /aenderungen/: the data stewards' audit page.
aenderungen_muster = [
    path("", views.aenderung_liste, name="aenderung_liste"),
    path("<slug:modell>/<int:history_id>/", views.aenderung_detail, name="aenderung_detail"),
]

# Namespace "einrichtung", under /einrichtung/: the data stewards' setup checklist and invitations.
einrichtung_muster = [
    path("", einrichtung.einrichtung, name="checkliste"),
    path("einladen/", einrichtung.einladen, name="einladen"),
]

# Namespace "region", under /region/: the region role's views across Kommunen (issue 12).
region_muster = [
    path("", regionsseiten.uebersicht, name="uebersicht"),
    path("indikatoren/", regionsseiten.indikatoren, name="indikatoren"),
    path("jahresbericht/", regionsseiten.bericht_auswahl, name="bericht_auswahl"),
    path("jahresbericht/<int:jahr>/", regionsseiten.bericht, name="bericht"),
    path("jahresbericht/<int:jahr>/html/", regionsseiten.bericht_html, name="bericht_html"),
    path("jahresbericht/<int:jahr>/pdf/", regionsseiten.bericht_pdf, name="bericht_pdf"),
]
