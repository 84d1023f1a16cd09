"""The guided first run (issue 10, point 3): the own Kommune as data with its official key, the
setup checklist whose "done" is read from the data, inviting people with a link to set a password,
and empty states that say what is true."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from aktionsplan import konten
from aktionsplan.kommune import eigene_kommune
from aktionsplan.models import Raum
from aktionsplan.rollen import DATENPFLEGE, LESEN, REDAKTION
from querschnitt.einrichtung import schritte_laden
from tests import factories as f

pytestmark = pytest.mark.django_db

CHECKLISTE = "/einrichtung/"
EINLADEN = "/einrichtung/einladen/"


def _superuser_client() -> Client:
    client = Client()
    client.force_login(
        get_user_model().objects.create_superuser("admin", "admin@example.org", "geheim-123!")
    )
    return client


def _erledigt(html: str) -> dict[str, bool]:
    return {
        schluessel: "Erledigt" in block
        for schluessel, block in re.findall(r'id="schritt-([a-z]+)">(.*?)</li>', html, flags=re.S)
    }


# --- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [CHECKLISTE, EINLADEN])
def test_nur_die_datenpflege(
    url, anonym_client, lesen_client, redaktion_client, datenpflege_client
):
    antwort = anonym_client.get(url)
    assert antwort.status_code == 302
    assert antwort.url.startswith(reverse("login"))
    assert lesen_client.get(url).status_code == 403
    assert redaktion_client.get(url).status_code == 403
    assert lesen_client.post(url).status_code in (403, 405)
    assert redaktion_client.post(url).status_code in (403, 405)
    assert datenpflege_client.get(url).status_code == 200
    assert _superuser_client().get(url).status_code == 200


def test_passwortseiten_ohne_anmeldung_erreichbar(anonym_client):
    for name in ("password_reset", "password_reset_done", "password_reset_complete"):
        antwort = anonym_client.get(reverse(name))
        assert antwort.status_code == 200, name
        assert 'class="kern-heading-large"' in antwort.content.decode()
    # A made-up link: the page says that it is not valid (no 403, no 404).
    antwort = anonym_client.get(
        reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "abc-def"})
    )
    assert antwort.status_code == 200
    assert "Dieser Link gilt nicht mehr." in antwort.content.decode()


# --- the own Kommune ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wert", "gueltig"),
    [
        ("05334032", True),
        ("16055000", True),
        ("01001000", True),
        ("5334032", False),
        ("053340320", False),
        ("0533403a", False),
        ("17334032", False),
        ("00334032", False),
        ("０５３３４０３２", False),  # full-width digits are no digits of the key
    ],
)
def test_amtlicher_schluessel_wird_geprueft(wert, gueltig):
    raum = Raum(name="Stolberg", slug="stolberg", ebene="kommune", amtlicher_schluessel=wert)
    if gueltig:
        raum.full_clean()
    else:
        with pytest.raises(ValidationError) as fehler:
            raum.full_clean()
        assert "amtlicher_schluessel" in fehler.value.message_dict


def test_amtlicher_schluessel_nur_fuer_eine_kommune_und_eindeutig():
    kommune = f.KommuneFactory(name="Stolberg", slug="stolberg", amtlicher_schluessel="05334032")
    sozialraum = Raum(
        name="Atsch",
        slug="atsch",
        ebene="sozialraum",
        uebergeordnet=kommune,
        amtlicher_schluessel="05334004",
    )
    with pytest.raises(ValidationError) as fehler:
        sozialraum.full_clean()
    assert "nur ein Raum der Ebene Kommune" in str(fehler.value)
    zweite = Raum(name="Doppelt", slug="doppelt", ebene="kommune", amtlicher_schluessel="05334032")
    with pytest.raises(ValidationError) as fehler:
        zweite.full_clean()
    assert "amtlicher_schluessel" in fehler.value.message_dict
    # An empty field is "no key" (several Kommunen without one are fine).
    ohne = Raum(name="Ohne", slug="ohne", ebene="kommune", amtlicher_schluessel="")
    ohne.full_clean()
    assert ohne.amtlicher_schluessel is None


def test_name_im_kopf_kommt_aus_den_daten(lesen_client):
    inhalt = lesen_client.get("/impressum/").content.decode()
    # No Kommune yet: a neutral word, no name of a real municipality.
    assert "Kupferstadt Stolberg" not in inhalt
    assert '<span class="seitenkopf__kommune">Kommune</span>' in inhalt
    kommune = f.KommuneFactory(name="Musterstadt", slug="musterstadt")
    assert "Musterstadt" in lesen_client.get("/impressum/").content.decode()
    kommune.name = "Neustadt"
    kommune.save()
    inhalt = lesen_client.get("/impressum/").content.decode()
    assert "Neustadt" in inhalt
    assert "Musterstadt" not in inhalt
    assert "<title>Impressum – Aktionsplan Inklusion – Neustadt</title>" in inhalt


def test_eigene_kommune_ohne_daten_ist_none():
    assert eigene_kommune() is None


# --- the checklist --------------------------------------------------------------------------


def test_leere_installation_alle_schritte_offen():
    einrichtung = schritte_laden()
    assert [s.schluessel for s in einrichtung.schritte] == [
        "kommune",
        "sozialraeume",
        "leitbild",
        "plan",
        "personen",
        "indikatoren",
    ]
    assert einrichtung.offen == 6
    assert not einrichtung.fertig


def test_checkliste_eine_abfrage(django_assert_num_queries):
    f.KommuneFactory(name="Stolberg", slug="stolberg", amtlicher_schluessel="05334032")
    f.ThemaFactory()
    # One query, whatever the data: every flag is an EXISTS subquery.
    with django_assert_num_queries(1):
        einrichtung = schritte_laden()
    erledigt = {s.schluessel: s.erledigt for s in einrichtung.schritte}
    assert erledigt == {
        "kommune": True,
        "sozialraeume": False,
        "leitbild": True,
        "plan": False,
        "personen": False,
        "indikatoren": False,
    }


def test_checkliste_abfragen_fest(datenpflege_client, django_assert_num_queries):
    # 1 session, 2 user, 3 the user's groups (role check), 4 the checklist (one query).
    with django_assert_num_queries(4):
        antwort = datenpflege_client.get(CHECKLISTE)
    assert antwort.status_code == 200
    # Again: the user from the cache, the checklist from the cache (same data version).
    with django_assert_num_queries(1):
        datenpflege_client.get(CHECKLISTE)


def test_uebersicht_hinweis_nur_fuer_die_datenpflege(
    lesen_client, datenpflege_client, django_assert_num_queries
):
    # The overview's queries (tests/projekte/test_uebersicht.py: 13 here, with the reader's own
    # measures) and the checklist's one.
    with django_assert_num_queries(14):
        inhalt = datenpflege_client.get("/").content.decode()
    assert "einrichtung-hinweis" in inhalt
    assert 'href="/einrichtung/"' in inhalt
    # Cached: the session only, as before.
    with django_assert_num_queries(1):
        datenpflege_client.get("/")
    assert "einrichtung-hinweis" not in lesen_client.get("/").content.decode()


def test_pflichtauswahl_ohne_optionen_sagt_woher_sie_kommen(redaktion_client):
    f.PlanFactory()
    inhalt = redaktion_client.get(reverse("projekte:projekt_neu")).content.decode()
    treffer = re.search(
        r'<p class="kern-body leere-auswahl" id="(id_[a-z_]+)_leer">(.*?)</p>', inhalt
    )
    assert treffer, "no note at the empty theme select"
    assert treffer.group(1) == "id_hauptthema"
    assert "Noch keine Themen angelegt – die Datenpflege legt sie in der Verwaltung an:" in (
        treffer.group(2)
    )
    assert 'href="/admin/aktionsplan/thema/"' in treffer.group(2)
    # The select names the note as its description.
    assert re.search(r'<select[^>]*aria-describedby="id_hauptthema_leer[ "]', inhalt)
    # Once a theme exists, no note.
    f.ThemaFactory()
    assert (
        "leere-auswahl"
        not in redaktion_client.get(reverse("projekte:projekt_neu")).content.decode()
    )


# --- invitations ----------------------------------------------------------------------------


def _einladen(client, *, rollen, email="petra.plan@example.org", **mehr):
    return client.post(
        EINLADEN,
        {
            "vorname": "Petra",
            "nachname": "Plan",
            "email": email,
            "rollen": [Group.objects.get(name=r).pk for r in rollen],
            **mehr,
        },
    )


def _link(nachricht) -> str:
    return re.search(r"http://testserver(/konto/passwort/setzen/\S+/)", nachricht.body).group(1)


def test_einladung_legt_konto_an_und_sendet_den_link(datenpflege_client, datenpflege_user):
    f.KommuneFactory(name="Kupferstadt Stolberg", slug="stolberg", amtlicher_schluessel="05334032")
    antwort = _einladen(
        datenpflege_client, rollen=[LESEN, REDAKTION], email="Petra.Plan@Example.org"
    )
    assert antwort.status_code == 302
    assert antwort.url == CHECKLISTE
    person = get_user_model().objects.get(username="petra.plan@example.org")
    assert person.email == "petra.plan@example.org"
    assert person.get_full_name() == "Petra Plan"
    assert not person.has_usable_password()
    assert set(person.groups.values_list("name", flat=True)) == {LESEN, REDAKTION}
    # Recorded in history, naming who invited.
    eintrag = person.history.latest("history_date")
    assert eintrag.history_type == "+"
    assert eintrag.history_user == datenpflege_user

    assert len(mail.outbox) == 1
    nachricht = mail.outbox[0]
    assert nachricht.to == ["petra.plan@example.org"]
    assert nachricht.subject == "Ihr Zugang zum Aktionsplan Inklusion – Kupferstadt Stolberg"
    assert "Guten Tag Petra Plan," in nachricht.body
    assert "Ihr Benutzername: petra.plan@example.org" in nachricht.body
    assert "Ihre Rollen: Lesen, Redaktion" in nachricht.body
    assert "Der Link gilt einmal und 3 Tage lang:" in nachricht.body
    assert "http://testserver/konto/anmelden/" in nachricht.body


def test_link_gilt_einmal(datenpflege_client):
    _einladen(datenpflege_client, rollen=[LESEN])
    link = _link(mail.outbox[0])
    gast = Client()
    antwort = gast.get(link)
    # Django moves the token into the session and redirects to a URL without it.
    assert antwort.status_code == 302
    formular = gast.get(antwort.url)
    assert formular.status_code == 200
    inhalt = formular.content.decode()
    assert "Passwort festlegen" in inhalt
    assert "petra.plan@example.org" in inhalt
    antwort = gast.post(
        antwort.url, {"new_password1": "Sonnenblume-42!", "new_password2": "Sonnenblume-42!"}
    )
    assert antwort.status_code == 302
    assert antwort.url == reverse("password_reset_complete")
    assert gast.get(antwort.url).status_code == 200
    anmeldung = Client().post(
        reverse("login"), {"username": "petra.plan@example.org", "password": "Sonnenblume-42!"}
    )
    assert anmeldung.status_code == 302
    # The same link a second time: refused, with a page that says why.
    zweiter = Client()
    antwort = zweiter.get(link, follow=True)
    assert antwort.status_code == 200
    assert "Dieser Link gilt nicht mehr." in antwort.content.decode()


def test_niemand_vergibt_rechte_ueber_die_eigenen(redaktion_user):
    # The service is the rule's one place; a Redaktion account lacks the Datenpflege's rights.
    with pytest.raises(ValidationError) as fehler:
        konten.person_einladen(
            handelnder=redaktion_user,
            vorname="A",
            nachname="B",
            email="a@example.org",
            gruppen=[Group.objects.get(name=DATENPFLEGE)],
        )
    assert "groups" in fehler.value.message_dict
    assert not get_user_model().objects.filter(username="a@example.org").exists()
    assert [g.name for g in konten.vergebbare_rollen(redaktion_user)] == [LESEN, REDAKTION]


def test_nur_angebotene_rollen(datenpflege_client):
    fremd = Group.objects.create(name="Sondergruppe")
    antwort = datenpflege_client.post(
        EINLADEN,
        {"vorname": "A", "nachname": "B", "email": "a@example.org", "rollen": [fremd.pk]},
    )
    assert antwort.status_code == 200
    assert antwort.context["form"].errors["rollen"]
    assert not mail.outbox


def test_doppelte_adresse_abgelehnt_erneute_einladung_moeglich(datenpflege_client):
    f.UserFactory(username="benutzt", email="benutzt@example.org")
    antwort = _einladen(datenpflege_client, rollen=[LESEN], email="BENUTZT@example.org")
    assert antwort.status_code == 200
    assert "schon ein Konto" in str(antwort.context["form"].errors["email"])
    assert not mail.outbox
    # Someone who never set a password may be invited again (a new link, roles as chosen now).
    _einladen(datenpflege_client, rollen=[LESEN])
    antwort = _einladen(datenpflege_client, rollen=[REDAKTION])
    assert antwort.status_code == 302
    person = get_user_model().objects.get(username="petra.plan@example.org")
    assert list(person.groups.values_list("name", flat=True)) == [REDAKTION]
    assert len(mail.outbox) == 2


def test_ohne_versand_wird_nichts_gespeichert(datenpflege_client, monkeypatch):
    def scheitern(*args, **kwargs):
        raise OSError("Mailserver nicht erreichbar")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", scheitern)
    antwort = _einladen(datenpflege_client, rollen=[LESEN])
    assert antwort.status_code == 200
    assert "es wurde nichts gespeichert" in antwort.content.decode()
    assert not get_user_model().objects.filter(username="petra.plan@example.org").exists()


def test_einladen_abfragen_fest(datenpflege_client, django_assert_num_queries):
    # 1 session, 2 user, 3 groups (role check), 4 the roles with 5 their rights (prefetch),
    # 6 the rights of the person inviting.
    with django_assert_num_queries(6):
        antwort = datenpflege_client.get(EINLADEN)
    assert antwort.status_code == 200
    assert [name for _pk, name in antwort.context["form"].fields["rollen"].widget.choices] == [
        LESEN,
        REDAKTION,
        DATENPFLEGE,
    ]


def test_passwort_vergessen_sendet_einen_link(anonym_client):
    f.UserFactory(username="petra", email="petra@example.org")
    antwort = anonym_client.post(reverse("password_reset"), {"email": "petra@example.org"})
    assert antwort.status_code == 302
    assert antwort.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert "/konto/passwort/setzen/" in mail.outbox[0].body
    assert "Ihr Benutzername: petra" in mail.outbox[0].body
