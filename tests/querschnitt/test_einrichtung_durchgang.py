"""An empty installation set up from the checklist alone (issue 10, point 3, "done when"): from a
migrated database with one account made by ``createsuperuser``, every step is reached from the
checklist's link and done on the page it leads to, through the test client, until the checklist
says that the setup is complete and the overview's note is gone."""

import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aktionsplan.models import Leitbild, Raum
from tests.test_feindliche_faelle import _admin_formular

pytestmark = pytest.mark.django_db

CHECKLISTE = "/einrichtung/"


def _schritte(client: Client) -> dict[str, tuple[bool, str]]:
    """Each step: done?, the address of its link."""
    html = client.get(CHECKLISTE).content.decode()
    return {
        schluessel: (
            "Erledigt" in block,
            re.search(r'<a class="kern-link" href="([^"]+)"', block).group(1).replace("&amp;", "&"),
        )
        for schluessel, block in re.findall(r'id="schritt-([a-z]+)">(.*?)</li>', html, flags=re.S)
    }


def _csv(kopf: list[str], *zeilen: list[str]) -> bytes:
    puffer = io.StringIO()
    csv.writer(puffer, delimiter=";", lineterminator="\r\n").writerows([kopf, *zeilen])
    return puffer.getvalue().encode("utf-8")


def _admin_anlegen(client: Client, adresse: str, **werte: str) -> None:
    # The admin form as the page submits it: an input without a value is empty (the reader
    # gives "on"), of a single select the selected option counts (the reader gives the first too).
    daten = {
        name: ([""] if werte == ["on"] else werte[-1:])
        for name, werte in _admin_formular(client, adresse).items()
    }
    daten.update({name: [wert] for name, wert in werte.items()})
    antwort = client.post(adresse, daten)
    assert antwort.status_code == 302, re.findall(
        r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', antwort.content.decode(), re.S
    )


def _importieren(client: Client, adresse: str, inhalt: bytes) -> None:
    vorschau = client.post(adresse, {"datei": SimpleUploadedFile("datei.csv", inhalt)})
    assert vorschau.status_code == 200
    assert not vorschau.context["pruefung"].fehler, vorschau.context["pruefung"].fehler
    summe = vorschau.context["bestaetigen"].initial["pruefsumme"]
    assert client.post(adresse, {"pruefsumme": summe}).status_code == 302


def _erledigt(client: Client) -> dict[str, bool]:
    return {k: v[0] for k, v in _schritte(client).items()}


def test_leere_installation_ueber_die_checkliste_einrichten():
    get_user_model().objects.create_superuser("admin", "admin@example.org", "geheim-123!")
    client = Client()
    assert (
        client.post(
            "/konto/anmelden/", {"username": "admin", "password": "geheim-123!"}
        ).status_code
        == 302
    )

    # The overview leads to the checklist; nothing is done yet.
    uebersicht = client.get("/").content.decode()
    assert 'href="/einrichtung/"' in uebersicht
    assert "6 von 6 Schritten sind offen." in uebersicht
    assert _erledigt(client) == dict.fromkeys(
        ["kommune", "sozialraeume", "leitbild", "plan", "personen", "indikatoren"], False
    )

    # 1. The own Kommune with its official key (the add page starts at the level Kommune).
    adresse = _schritte(client)["kommune"][1]
    assert adresse == "/admin/aktionsplan/raum/add/?ebene=kommune"
    _admin_anlegen(
        client,
        adresse,
        name="Kupferstadt Stolberg",
        slug="stolberg",
        amtlicher_schluessel="05334032",
    )
    assert Raum.objects.get(slug="stolberg").ebene == "kommune"
    assert _erledigt(client)["kommune"]
    # Its name is now the one in every page's header.
    assert '<span class="seitenkopf__kommune">Kupferstadt Stolberg</span>' in (
        client.get(CHECKLISTE).content.decode()
    )

    # 2. The Sozialräume, imported.
    _importieren(
        client,
        _schritte(client)["sozialraeume"][1],
        _csv(
            ["Kurzname", "Name", "übergeordneter Raum", "Ebene"],
            ["atsch", "Atsch", "stolberg", "Sozialraum"],
            ["breinig", "Breinig", "stolberg", "Sozialraum"],
        ),
    )
    assert _erledigt(client)["sozialraeume"]

    # 3. The Leitbild, then (the link changes) its themes.
    _admin_anlegen(client, _schritte(client)["leitbild"][1], name="Soziale Kupferstadt 2030")
    erledigt, adresse = _schritte(client)["leitbild"]
    assert not erledigt
    assert adresse == "/admin/aktionsplan/thema/add/"
    _admin_anlegen(
        client,
        adresse,
        name="Inklusion und Teilhabe",
        slug="inklusion",
        leitbild=str(Leitbild.objects.get().pk),
    )
    assert _erledigt(client)["leitbild"]

    # 4. The first plan.
    _admin_anlegen(
        client,
        _schritte(client)["plan"][1],
        name="Aktionsplan Inklusion",
        slug="aktionsplan",
        art="aktionsplan",
        kommune=str(Raum.objects.get(slug="stolberg").pk),
        beginn="01.01.2024",
    )
    assert _erledigt(client)["plan"]

    # 5. Invite someone and give them roles; they set their password through the e-mail's link.
    adresse = _schritte(client)["personen"][1]
    assert (
        client.post(
            adresse,
            {
                "vorname": "Petra",
                "nachname": "Plan",
                "email": "petra.plan@example.org",
                "rollen": [Group.objects.get(name="Datenpflege").pk],
            },
        ).status_code
        == 302
    )
    assert _erledigt(client)["personen"]
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    gast = Client()
    formular = gast.get(link)["Location"]
    assert (
        gast.post(
            formular, {"new_password1": "Sonnenblume-42!", "new_password2": "Sonnenblume-42!"}
        ).status_code
        == 302
    )

    # 6. The indicators, imported – by the invited data steward.
    petra = Client()
    assert (
        petra.post(
            "/konto/anmelden/",
            {"username": "petra.plan@example.org", "password": "Sonnenblume-42!"},
        ).status_code
        == 302
    )
    _importieren(
        petra,
        _schritte(petra)["indikatoren"][1],
        _csv(
            ["Name", "Art", "Einheit", "Richtung", "räumliche Ebene", "Rhythmus"],
            [
                "Menschen mit Schwerbehinderung",
                "quantitativ",
                "Personen",
                "höher ist besser",
                "Sozialraum",
                "jährlich",
            ],
        ),
    )

    # Every step done: the checklist says so, the overview's note is gone.
    assert all(_erledigt(client).values())
    checkliste = client.get(CHECKLISTE).content.decode()
    assert "Die Einrichtung ist abgeschlossen" in checkliste
    assert "einrichtung-hinweis" not in client.get("/").content.decode()
    assert "einrichtung-hinweis" not in petra.get("/").content.decode()
