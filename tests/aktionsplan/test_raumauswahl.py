"""Area dropdowns grouped by Kommune with distinct labels (aktionsplan.raumauswahl), on every
page whose choices are scoped, at the query cost they had."""

import re
from html import unescape

import pytest
from django.urls import reverse

from aktionsplan.models import Raum
from aktionsplan.raumauswahl import gruppen
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(db):
    region = f.RaumFactory(
        name="StädteRegion Aachen", slug="region", ebene=Raum.Ebene.REGION, uebergeordnet=None
    )
    stolberg = f.KommuneFactory(name="Stolberg", slug="stolberg", uebergeordnet=region)
    eschweiler = f.KommuneFactory(name="Eschweiler", slug="eschweiler", uebergeordnet=region)
    muensterbusch = f.RaumFactory(name="Münsterbusch", slug="st-mb", uebergeordnet=stolberg)
    f.RaumFactory(name="Atsch", slug="st-atsch", uebergeordnet=stolberg)
    f.RaumFactory(name="Münsterbusch", slug="esw-mb", uebergeordnet=eschweiler)
    f.RaumFactory(
        name="Liester", slug="st-liester", ebene=Raum.Ebene.VIERTEL, uebergeordnet=muensterbusch
    )
    f.RaumFactory(
        name="Münsterbusch",
        slug="st-mb-viertel",
        ebene=Raum.Ebene.VIERTEL,
        uebergeordnet=muensterbusch,
    )
    return region


def test_gruppen_je_kommune_mit_eindeutigen_namen(region):
    raeume = list(Raum.objects.select_related("uebergeordnet__uebergeordnet"))
    ergebnis = [(name, [label for _r, label in eintraege]) for name, eintraege in gruppen(raeume)]
    assert ergebnis == [
        ("Region", ["StädteRegion Aachen"]),
        ("Eschweiler", ["Eschweiler (ganze Kommune)", "Münsterbusch – Eschweiler"]),
        (
            "Stolberg",
            [
                "Stolberg (ganze Kommune)",
                "Atsch",
                "Münsterbusch – Stolberg",
                "Liester (Viertel in Münsterbusch)",
                "Münsterbusch (Viertel in Münsterbusch)",
            ],
        ),
    ]


def _auswahl(html: str, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)


def test_filter_der_massnahmenliste_gruppiert(lesen_client, region):
    html = lesen_client.get(reverse("projekte:projekt_liste")).content.decode()
    auswahl = _auswahl(html, "raum")
    assert re.findall(r'<optgroup label="([^"]+)"', auswahl) == ["Region", "Eschweiler", "Stolberg"]
    labels = [unescape(t) for t in re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)<", auswahl)]
    assert len(labels) == Raum.objects.count()
    assert len(set(labels)) == len(labels)
    assert "Münsterbusch – Eschweiler" in labels


def test_formular_eines_messwerts_gruppiert(datenpflege_client, region):
    indikator = f.IndikatorFactory()
    html = datenpflege_client.get(reverse("monitoring:messwert_neu", args=[indikator.pk]))
    auswahl = _auswahl(html.content.decode(), "raum")
    assert '<optgroup label="Stolberg">' in auswahl
    assert "Liester (Viertel in Münsterbusch)" in unescape(auswahl)


def test_gewaehlter_raum_bleibt_gewaehlt(lesen_client, region):
    raum = Raum.objects.get(slug="esw-mb")
    html = lesen_client.get(reverse("projekte:projekt_liste"), {"raum": raum.pk}).content.decode()
    assert re.search(
        rf'<option value="{raum.pk}" selected>Münsterbusch – Eschweiler', unescape(html)
    )


@pytest.mark.parametrize("anzahl", [3, 30])
def test_auswahl_kostet_eine_abfrage(django_assert_num_queries, anzahl):
    """The grouped choices are one query (parents joined), however many areas there are."""
    from django import forms
    from django.contrib.auth.models import AnonymousUser

    from aktionsplan.querysets import auswahl_eingrenzen

    kommune = f.KommuneFactory(name="Stolberg")
    for _i in range(anzahl):
        sozialraum = f.RaumFactory(uebergeordnet=kommune)
        f.RaumFactory(ebene=Raum.Ebene.VIERTEL, uebergeordnet=sozialraum)

    class Form(forms.Form):
        raum = forms.ModelChoiceField(queryset=Raum.objects.all())

    form = Form()
    auswahl_eingrenzen(form, AnonymousUser())
    with django_assert_num_queries(1):
        html = str(form["raum"])
    assert html.count("<option") == 1 + anzahl * 2 + 1


def test_eine_kommune_flache_liste_wie_bisher(lesen_client):
    """With one Kommune the area dropdowns stay the flat list they were before the region
    (QA 2026-11-30, F19)."""
    kommune = f.testkommune()
    f.RaumFactory(name="Atsch", slug="atsch", uebergeordnet=kommune)
    inhalt = lesen_client.get("/massnahmen/").content.decode()
    assert ">Atsch</option>" in inhalt
    assert "<optgroup" not in inhalt
