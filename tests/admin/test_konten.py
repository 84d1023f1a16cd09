"""Accounts and roles in the admin (aktionsplan.admin_konten, aktionsplan.konten).

* nobody grants rights beyond their own: every route a Datenpflege could take to more rights
  (is_superuser, single rights, a group with more rights, a superuser's or a mightier person's
  account, its password, its deletion, a group's rights) is refused and writes nothing;
* the roles are read-only for everybody, with the reason on the page;
* a stale save of an account or a group answers 409 with the German sentence and the input kept.
"""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from aktionsplan import konten
from aktionsplan.historie import historienmodell
from aktionsplan.rollen import DATENPFLEGE, LESEN, REDAKTION, ROLLEN
from tests.factories import UserFactory

User = get_user_model()
pytestmark = pytest.mark.django_db


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def chef(db):
    return UserFactory(username="chef", is_superuser=True, is_staff=True)


@pytest.fixture
def chef_client(chef) -> Client:
    return _client(chef)


@pytest.fixture
def sondergruppe(db) -> Group:
    """A group a superuser made with a right no role has (the sessions of everybody)."""
    gruppe = Group.objects.create(name="Sonderrechte")
    gruppe.permissions.add(Permission.objects.get(codename="delete_session"))
    return gruppe


def _aendern(modell, pk) -> str:
    return reverse(f"admin:auth_{modell._meta.model_name}_change", args=[pk])


def formulardaten(antwort, **aenderungen) -> dict:
    """The POST data of the admin change form as the page showed it, with ``aenderungen``."""
    form = antwort.context["adminform"].form
    daten: dict = {}
    for name, feld in form.fields.items():
        if feld.disabled:
            continue
        wert = form[name].value()
        if isinstance(feld.widget, forms.CheckboxInput):
            if wert:
                daten[name] = "on"
        elif isinstance(wert, list | tuple):
            daten[name] = [str(w) for w in wert]
        else:
            daten[name] = "" if wert is None else str(wert)
    # The inlines (a person's memberships) as sent unchanged: their management forms and rows.
    for inline in antwort.context.get("inline_admin_formsets", []):
        formset = inline.formset
        for feldname in formset.management_form.fields:
            wert = formset.management_form[feldname].value()
            daten[f"{formset.prefix}-{feldname}"] = "" if wert is None else str(wert)
        for zeile in formset.initial_forms:
            for feldname in zeile.fields:
                wert = zeile[feldname].value()
                if isinstance(zeile.fields[feldname].widget, forms.CheckboxInput):
                    if wert:
                        daten[zeile.add_prefix(feldname)] = "on"
                else:
                    daten[zeile.add_prefix(feldname)] = "" if wert is None else str(wert)
    for name, wert in aenderungen.items():
        if wert is None:
            daten.pop(name, None)
        else:
            daten[name] = wert
    return daten


def _speichern(client, modell, pk, **aenderungen):
    url = _aendern(modell, pk)
    return client.post(url, formulardaten(client.get(url), **aenderungen))


def _gruppen(person) -> set[str]:
    return set(person.groups.values_list("name", flat=True))


# --- finding 1: no rights beyond one's own ---


def test_datenpflege_kann_sich_nicht_zum_administrator_machen(datenpflege_client, datenpflege_user):
    url = _aendern(User, datenpflege_user.pk)
    seite = datenpflege_client.get(url)
    assert seite.status_code == 200
    assert "is_superuser" not in seite.context["adminform"].form.fields
    antwort = datenpflege_client.post(url, formulardaten(seite, is_superuser="on"))
    assert antwort.status_code == 302
    datenpflege_user.refresh_from_db()
    assert not datenpflege_user.is_superuser


def test_datenpflege_macht_auch_andere_nicht_zum_administrator(datenpflege_client, lesen_user):
    _speichern(datenpflege_client, User, lesen_user.pk, is_superuser="on")
    lesen_user.refresh_from_db()
    assert not lesen_user.is_superuser


def test_datenpflege_vergibt_keine_einzelrechte(datenpflege_client, lesen_user):
    recht = Permission.objects.get(codename="change_user")
    url = _aendern(User, lesen_user.pk)
    seite = datenpflege_client.get(url)
    assert "user_permissions" not in seite.context["adminform"].form.fields
    datenpflege_client.post(url, formulardaten(seite, user_permissions=[str(recht.pk)]))
    assert not lesen_user.user_permissions.exists()


def test_administratorkonto_ist_fuer_datenpflege_nur_lesbar(datenpflege_client, chef):
    url = _aendern(User, chef.pk)
    seite = datenpflege_client.get(url)
    assert seite.status_code == 200
    assert not seite.context["has_change_permission"]
    assert 'name="first_name"' not in seite.content.decode()

    antwort = datenpflege_client.post(url, {"username": "chef", "first_name": "Gekapert"})
    assert antwort.status_code == 403
    chef.refresh_from_db()
    assert chef.first_name != "Gekapert"
    assert chef.is_active


def test_passwort_eines_administrators_setzt_nur_ein_administrator(
    datenpflege_client, chef_client, chef
):
    url = reverse("admin:auth_user_password_change", args=[chef.pk])
    vorher = User.objects.get(pk=chef.pk).password
    neu = {"password1": "Uebernahme-2026-x", "password2": "Uebernahme-2026-x"}
    assert datenpflege_client.get(url).status_code == 403
    neu_aus = {**neu, "usable_password": "true", "set-password": "1"}
    assert datenpflege_client.post(url, neu_aus).status_code == 403
    assert User.objects.get(pk=chef.pk).password == vorher
    # The superuser's own page works.
    assert chef_client.get(url).status_code == 200


def test_datenpflege_loescht_keinen_administrator(datenpflege_client, chef, lesen_user):
    loeschen = reverse("admin:auth_user_delete", args=[chef.pk])
    assert datenpflege_client.get(loeschen).status_code == 403
    assert datenpflege_client.post(loeschen, {"post": "yes"}).status_code == 403
    # Nor in a bulk deletion together with someone it may delete: nothing is deleted.
    antwort = datenpflege_client.post(
        reverse("admin:auth_user_changelist"),
        {
            "action": "delete_selected",
            ACTION_CHECKBOX_NAME: [str(chef.pk), str(lesen_user.pk)],
            "post": "yes",
        },
    )
    assert antwort.status_code == 403
    assert User.objects.filter(pk__in=[chef.pk, lesen_user.pk]).count() == 2


def test_datenpflege_vergibt_rollen(datenpflege_client, datenpflege_user, lesen_user):
    """Giving roles is the Datenpflege's job (DESIGN.md): every role, one history row."""
    rollen = {g.name: g.pk for g in Group.objects.filter(name__in=ROLLEN)}
    zeilen_vorher = historienmodell(User).objects.filter(id=lesen_user.pk).count()
    antwort = _speichern(datenpflege_client, User, lesen_user.pk, groups=[str(rollen[REDAKTION])])
    assert antwort.status_code == 302
    assert _gruppen(lesen_user) == {REDAKTION}
    zeilen = historienmodell(User).objects.filter(id=lesen_user.pk).order_by("-history_id")
    assert zeilen.count() == zeilen_vorher + 1
    neueste = zeilen.first()
    assert neueste.history_user_id == datenpflege_user.pk
    assert "Lesen → Redaktion" in neueste.history_change_reason

    _speichern(datenpflege_client, User, lesen_user.pk, groups=[str(rollen[DATENPFLEGE])])
    assert _gruppen(lesen_user) == {DATENPFLEGE}


def test_gruppe_mit_mehr_rechten_vergibt_nur_ein_administrator(
    datenpflege_client, datenpflege_user, lesen_user, sondergruppe, chef_client
):
    lesen = Group.objects.get(name=LESEN)
    for person in (lesen_user, datenpflege_user):
        gruppen = [str(g.pk) for g in person.groups.all()] + [str(sondergruppe.pk)]
        antwort = _speichern(datenpflege_client, User, person.pk, groups=gruppen)
        assert antwort.status_code == 200
        fehler = antwort.context["adminform"].form.errors
        assert "„Sonderrechte“ hat Rechte, die Sie selbst nicht haben" in str(fehler["groups"])
        assert sondergruppe.name not in _gruppen(person)

    antwort = _speichern(
        chef_client, User, lesen_user.pk, groups=[str(lesen.pk), str(sondergruppe.pk)]
    )
    assert antwort.status_code == 302
    assert _gruppen(lesen_user) == {LESEN, "Sonderrechte"}


def test_konto_mit_mehr_rechten_ist_fuer_datenpflege_nur_lesbar(
    datenpflege_client, lesen_user, sondergruppe
):
    lesen_user.groups.add(sondergruppe)
    url = _aendern(User, lesen_user.pk)
    assert not datenpflege_client.get(url).context["has_change_permission"]
    assert datenpflege_client.post(url, {"username": "x"}).status_code == 403
    passwort = reverse("admin:auth_user_password_change", args=[lesen_user.pk])
    assert datenpflege_client.get(passwort).status_code == 403
    assert (
        datenpflege_client.post(
            reverse("admin:auth_user_delete", args=[lesen_user.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    lesen_user.refresh_from_db()
    assert lesen_user.username == "lesen"


def test_inaktives_konto_mit_mehr_rechten_bleibt_geschuetzt(datenpflege_user, sondergruppe):
    schlafend = UserFactory(is_active=False)
    schlafend.groups.add(sondergruppe)
    assert not konten.darf_person_aendern(datenpflege_user, schlafend)


def test_administrator_darf_alles(chef_client, lesen_user):
    recht = Permission.objects.get(codename="view_thema")
    antwort = _speichern(
        chef_client,
        User,
        lesen_user.pk,
        is_superuser="on",
        user_permissions=[str(recht.pk)],
    )
    assert antwort.status_code == 302
    lesen_user.refresh_from_db()
    assert lesen_user.is_superuser
    assert list(lesen_user.user_permissions.all()) == [recht]


def test_regel_gilt_auch_ohne_admin(datenpflege_user, lesen_user, sondergruppe):
    """The service refuses what the admin hides: every write path goes through it."""
    lesen_user.is_superuser = True
    with pytest.raises(ValidationError) as fehler:
        konten.person_speichern(lesen_user, handelnder=datenpflege_user, felder=["is_superuser"])
    assert "is_superuser" in fehler.value.error_dict
    lesen_user.refresh_from_db()
    assert not lesen_user.is_superuser

    with pytest.raises(ValidationError) as fehler:
        konten.person_speichern(
            lesen_user,
            handelnder=datenpflege_user,
            rechte=[Permission.objects.get(codename="delete_session")],
        )
    assert "user_permissions" in fehler.value.error_dict
    with pytest.raises(ValidationError) as fehler:
        konten.person_speichern(lesen_user, handelnder=datenpflege_user, gruppen=[sondergruppe])
    assert "groups" in fehler.value.error_dict
    assert not lesen_user.user_permissions.exists()
    assert _gruppen(lesen_user) == {LESEN}

    neu = User(username="neuer-chef", is_superuser=True, password="!")
    with pytest.raises(ValidationError):
        konten.person_speichern(neu, handelnder=datenpflege_user)
    assert not User.objects.filter(username="neuer-chef").exists()
    # A command (no person acting) is not limited, as createsuperuser.
    konten.person_speichern(neu, handelnder=None)
    assert User.objects.get(username="neuer-chef").is_superuser


def test_datenpflege_legt_konten_an(datenpflege_client, datenpflege_user):
    antwort = datenpflege_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "neu",
            "usable_password": "true",
            "password1": "Ein-neues-Passwort-2026",
            "password2": "Ein-neues-Passwort-2026",
        },
    )
    assert antwort.status_code == 302
    neu = User.objects.get(username="neu")
    assert neu.check_password("Ein-neues-Passwort-2026")
    assert not neu.is_superuser
    zeilen = historienmodell(User).objects.filter(id=neu.pk)
    assert [(z.history_type, z.history_user_id) for z in zeilen] == [("+", datenpflege_user.pk)]


def test_datenpflege_legt_gruppen_ohne_rechte_an(datenpflege_client):
    recht = Permission.objects.get(codename="delete_session")
    antwort = datenpflege_client.post(
        reverse("admin:auth_group_add"), {"name": "Beirat", "permissions": [str(recht.pk)]}
    )
    assert antwort.status_code == 302
    assert not Group.objects.get(name="Beirat").permissions.exists()


def test_rechte_einer_gruppe_legt_nur_ein_administrator_fest(
    datenpflege_client, chef_client, sondergruppe
):
    andere = Group.objects.create(name="Beirat")
    recht = Permission.objects.get(codename="view_thema")
    seite = datenpflege_client.get(_aendern(Group, andere.pk))
    assert "permissions" not in seite.context["adminform"].form.fields
    datenpflege_client.post(
        _aendern(Group, andere.pk), formulardaten(seite, permissions=[str(recht.pk)])
    )
    assert not andere.permissions.exists()
    # A group with rights the Datenpflege lacks: read-only, not deletable.
    assert (
        datenpflege_client.post(_aendern(Group, sondergruppe.pk), {"name": "X"}).status_code == 403
    )
    loeschen = reverse("admin:auth_group_delete", args=[sondergruppe.pk])
    assert datenpflege_client.post(loeschen, {"post": "yes"}).status_code == 403
    assert Group.objects.filter(pk=sondergruppe.pk, name="Sonderrechte").exists()

    antwort = _speichern(chef_client, Group, andere.pk, permissions=[str(recht.pk)])
    assert antwort.status_code == 302
    assert list(andere.permissions.all()) == [recht]


def test_rechte_lesen_sich_in_der_sprache_der_seite(chef_client):
    gruppe = Group.objects.create(name="Beirat")
    seite = chef_client.get(_aendern(Group, gruppe.pk))
    auswahl = dict(seite.context["adminform"].form.fields["permissions"].choices)
    texte = {str(t) for t in auswahl.values()}
    assert "Aktionsplan und Leitbild | Thema anlegen" in texte
    assert "Aufgaben im Hintergrund | Aufgaben aller Personen sehen" in texte
    assert "Aktionsplan und Leitbild | Raum (Verlauf) ansehen" in texte
    assert not any(t.startswith("Can ") or "Task Result" in t for t in texte)
    englisch = chef_client.get(_aendern(Group, gruppe.pk), HTTP_ACCEPT_LANGUAGE="en")
    texte_en = {
        str(t)
        for t in dict(englisch.context["adminform"].form.fields["permissions"].choices).values()
    }
    assert not any("anlegen" in t or "Thema" in t for t in texte_en), sorted(texte_en)[:5]


# --- finding 2: the roles are defined in code ---


@pytest.mark.parametrize("rolle", ROLLEN)
@pytest.mark.parametrize("wer", ["datenpflege_client", "chef_client"])
def test_rollen_sind_im_admin_nur_lesbar(request, wer, rolle):
    client = request.getfixturevalue(wer)
    gruppe = Group.objects.get(name=rolle)
    rechte_vorher = set(gruppe.permissions.values_list("pk", flat=True))
    url = _aendern(Group, gruppe.pk)
    seite = client.get(url)
    assert seite.status_code == 200
    inhalt = seite.content.decode()
    assert "Rolle der Anwendung" in inhalt
    assert "aktionsplan/rollen.py" in inhalt
    assert 'name="name"' not in inhalt

    assert client.post(url, {"name": f"{rolle}X", "permissions": []}).status_code == 403
    loeschen = reverse("admin:auth_group_delete", args=[gruppe.pk])
    assert client.get(loeschen).status_code == 403
    assert client.post(loeschen, {"post": "yes"}).status_code == 403
    gruppe.refresh_from_db()
    assert gruppe.name == rolle
    assert set(gruppe.permissions.values_list("pk", flat=True)) == rechte_vorher


def test_rolle_laesst_sich_auch_im_service_nicht_aendern(chef):
    gruppe = Group.objects.get(name=LESEN)
    gruppe.name = "LesenX"
    with pytest.raises(ValidationError) as fehler:
        konten.gruppe_speichern(gruppe, handelnder=chef, felder=["name"])
    assert fehler.value.code == "rolle"
    with pytest.raises(ValidationError):
        konten.gruppe_loeschen(Group.objects.get(name=LESEN), handelnder=chef)
    assert Group.objects.filter(name=LESEN).exists()


def test_andere_gruppen_benennt_ein_administrator_um(chef_client):
    gruppe = Group.objects.create(name="Beirat")
    assert _speichern(chef_client, Group, gruppe.pk, name="Inklusionsbeirat").status_code == 302
    gruppe.refresh_from_db()
    assert gruppe.name == "Inklusionsbeirat"


# --- finding 3: stale edits ---


def test_veraltete_aenderung_einer_person_wird_abgelehnt(datenpflege_user, lesen_user):
    erste = _client(datenpflege_user)
    zweite = _client(UserFactory(username="pflege2", rollen=[DATENPFLEGE]))
    url = _aendern(User, lesen_user.pk)
    seite_a, seite_b = erste.get(url), zweite.get(url)
    assert erste.post(url, formulardaten(seite_a, first_name="UA")).status_code == 302

    antwort = zweite.post(url, formulardaten(seite_b, first_name="UB"))
    assert antwort.status_code == 409
    inhalt = antwort.content.decode()
    name = datenpflege_user.get_full_name()
    assert f"wurde inzwischen von {name} am" in inhalt
    assert "→ UA" in inhalt
    assert "Ihre Eingaben sind unten erhalten" in inhalt
    assert 'value="UB"' in inhalt
    lesen_user.refresh_from_db()
    assert lesen_user.first_name == "UA"

    # Saving the kept input again is a deliberate decision: it now carries the state it saw.
    daten = antwort.context["adminform"].form.data.copy()
    assert zweite.post(url, daten).status_code == 302
    lesen_user.refresh_from_db()
    assert lesen_user.first_name == "UB"


def test_geaenderte_rollen_machen_das_formular_veraltet(datenpflege_client, lesen_user):
    url = _aendern(User, lesen_user.pk)
    seite = datenpflege_client.get(url)
    lesen_user.groups.add(Group.objects.get(name=REDAKTION))
    antwort = datenpflege_client.post(url, formulardaten(seite, last_name="Neu"))
    assert antwort.status_code == 409
    assert "Gruppen: Lesen → Lesen, Redaktion" in antwort.content.decode()
    assert _gruppen(lesen_user) == {LESEN, REDAKTION}


def test_anmeldung_der_person_macht_das_formular_nicht_veraltet(datenpflege_client, lesen_user):
    url = _aendern(User, lesen_user.pk)
    seite = datenpflege_client.get(url)
    _client(lesen_user).post(
        reverse("login"), {"username": "lesen", "password": "geheim-passwort-123"}
    )
    assert datenpflege_client.post(url, formulardaten(seite, last_name="Neu")).status_code == 302


@pytest.mark.parametrize("stand", [None, "", "kaputt", "e30:1abc:xyz"])
def test_formular_ohne_gueltigen_stand_speichert_nichts(datenpflege_client, lesen_user, stand):
    url = _aendern(User, lesen_user.pk)
    daten = formulardaten(datenpflege_client.get(url), first_name="Ohne", geoeffneter_stand=stand)
    antwort = datenpflege_client.post(url, daten)
    assert antwort.status_code == 409
    assert "ohne den Stand" in antwort.content.decode()
    lesen_user.refresh_from_db()
    assert lesen_user.first_name != "Ohne"


def test_veraltete_aenderung_einer_gruppe_wird_abgelehnt(chef_client):
    gruppe = Group.objects.create(name="Beirat")
    zweiter = _client(UserFactory(username="chef2", is_superuser=True, is_staff=True))
    url = _aendern(Group, gruppe.pk)
    seite_a, seite_b = chef_client.get(url), zweiter.get(url)
    assert chef_client.post(url, formulardaten(seite_a, name="Beirat A")).status_code == 302
    antwort = zweiter.post(url, formulardaten(seite_b, name="Beirat B"))
    assert antwort.status_code == 409
    inhalt = antwort.content.decode()
    assert "wurde inzwischen geändert (Name: Beirat → Beirat A)" in inhalt
    assert 'value="Beirat B"' in inhalt
    gruppe.refresh_from_db()
    assert gruppe.name == "Beirat A"


def test_inzwischen_geloeschte_person(datenpflege_client):
    person = UserFactory(rollen=[LESEN])
    url = _aendern(User, person.pk)
    seite = datenpflege_client.get(url)
    daten = formulardaten(seite, first_name="Spaet")
    person.delete()
    # Django's own answer for a deleted object: back to the list with a message.
    antwort = datenpflege_client.post(url, daten)
    assert antwort.status_code == 302
    assert not User.objects.filter(first_name="Spaet").exists()


def test_veraltet_auch_im_service_unter_sperre(datenpflege_user, lesen_user):
    geoeffnet = konten.stand(lesen_user, ["first_name", "groups"])
    User.objects.filter(pk=lesen_user.pk).update(first_name="Zwischendurch")
    lesen_user.first_name = "Spaeter"
    with pytest.raises(konten.KontoVeraltetError) as fehler:
        konten.person_speichern(
            lesen_user, handelnder=datenpflege_user, felder=["first_name"], geoeffnet=geoeffnet
        )
    assert "→ Zwischendurch" in fehler.value.veraltet.meldung()
    assert User.objects.get(pk=lesen_user.pk).first_name == "Zwischendurch"


# --- the other side of the person-group relation ---


def test_gruppe_von_der_anderen_seite_geaendert_schreibt_verlauf(lesen_user):
    gruppe = Group.objects.get(name=REDAKTION)
    historie = historienmodell(User).objects.filter(id=lesen_user.pk)
    vorher = historie.count()
    gruppe.user_set.add(lesen_user)
    assert historie.count() == vorher + 1
    gruppe.user_set.remove(lesen_user)
    assert historie.count() == vorher + 2
    gruppe.user_set.add(lesen_user)
    gruppe.user_set.clear()
    assert historie.count() == vorher + 4
    assert _gruppen(lesen_user) == {LESEN}


# --- query budgets: fixed, whatever the number of people, groups and rights ---


@pytest.mark.parametrize("wer", ["datenpflege_client", "chef_client"])
def test_abfragen_der_konten_seiten(request, wer, lesen_user, django_assert_max_num_queries):
    client = request.getfixturevalue(wer)
    rolle = Group.objects.get(name=LESEN)
    andere = Group.objects.create(name="Beirat")
    UserFactory.create_batch(5, rollen=[LESEN])
    # Beyond the session and the Datenpflege's group/user rights (3): the page's row, the rule
    # (the stored account and the rights of both people, once per request), the person's
    # groups and rights for the form and the choices; the group page adds its role check. The
    # person's page lists their memberships (the Kommunen of the roles, one query; the choices
    # come from the cache).
    seiten = [
        (_aendern(User, lesen_user.pk), 12),
        (reverse("admin:auth_user_password_change", args=[lesen_user.pk]), 7),
        (reverse("admin:auth_user_changelist"), 7),
        (reverse("admin:auth_user_add"), 3),
        (_aendern(Group, rolle.pk), 7),
        (_aendern(Group, andere.pk), 10),
    ]
    for url, hoechstens in seiten:
        client.get(url)  # content types cached, as in a running server
        with django_assert_max_num_queries(hoechstens):
            assert client.get(url).status_code == 200, url


def test_gruppen_und_ihre_rechte_stehen_in_den_aenderungen(
    datenpflege_client, datenpflege_user, chef_client
):
    """QA 2026-11-29 (F-4): creating a role group, renaming it and changing its permissions are
    recorded with who did it, and the audit page lists them."""
    datenpflege_client.post(reverse("admin:auth_group_add"), {"name": "Beirat"})
    gruppe = Group.objects.get(name="Beirat")
    recht = Permission.objects.get(codename="view_thema")
    seite = chef_client.get(_aendern(Group, gruppe.pk))
    chef_client.post(
        _aendern(Group, gruppe.pk),
        formulardaten(seite, name="Behindertenbeirat", permissions=[str(recht.pk)]),
    )
    zeilen = historienmodell(Group).objects.filter(id=gruppe.pk).order_by("history_id")
    assert [(z.history_type, z.name) for z in zeilen][:2] == [
        ("+", "Beirat"),
        ("~", "Behindertenbeirat"),
    ]
    assert zeilen.first().history_user_id == datenpflege_user.pk
    assert [r.permission_id for r in zeilen.last().permissions.all()] == [recht.pk]
    seite = datenpflege_client.get(reverse("querschnitt:aenderung_liste")).content.decode()
    assert "Behindertenbeirat" in seite
