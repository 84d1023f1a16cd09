"""The German catalogue and the English translation are complete and valid."""

import gettext
import json
import re
import subprocess
from pathlib import Path

import django
import pytest
from django.apps import apps
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("sprache", ["de", "en"])
def test_katalog_vollstaendig_und_gueltig(sprache):
    po = LOCALE / sprache / "LC_MESSAGES" / "django.po"
    ergebnis = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ergebnis.returncode == 0, ergebnis.stderr
    # e.g. "713 translated messages." — nothing fuzzy, nothing untranslated.
    assert "translated messages" in ergebnis.stderr
    assert "fuzzy" not in ergebnis.stderr
    assert "untranslated" not in ergebnis.stderr


def test_kompilierter_katalog_passt_zur_quelle(tmp_path):
    for sprache in ("de", "en"):
        po = LOCALE / sprache / "LC_MESSAGES" / "django.po"
        neu = tmp_path / f"{sprache}.mo"
        subprocess.run(["msgfmt", "-o", str(neu), str(po)], check=True)
        assert neu.read_bytes() == (po.with_suffix(".mo")).read_bytes(), (
            f"{sprache}: django.mo ist veraltet – manage.py compilemessages ausführen"
        )


@pytest.mark.parametrize(
    ("deutsch", "englisch"),
    [
        ("Übersicht", "Overview"),
        ("Maßnahmen", "Measures"),
        ("Anmelden", "Log in"),
        ("Erklärung zur Barrierefreiheit", "Accessibility statement"),
    ],
)
def test_englische_oberflaeche(deutsch, englisch):
    with translation.override("en"):
        assert translation.gettext(deutsch) == englisch
    with translation.override("de"):
        assert translation.gettext(deutsch) == deutsch


def test_seite_auf_englisch(client):
    antwort = client.get("/konto/anmelden/", HTTP_ACCEPT_LANGUAGE="en")
    inhalt = antwort.content.decode()
    assert '<html lang="en">' in inhalt
    assert "Log in" in inhalt
    assert "Anmelden" not in inhalt


# --- the admin speaks one language: German or English, never a mix ---


def _katalog(mo: Path) -> dict:
    with mo.open("rb") as datei:
        return {k: v for k, v in gettext.GNUTranslations(datei)._catalog.items() if k}


def _bibliothekskataloge(sprache: str) -> list[tuple[str, dict]]:
    """The catalogues of Django and the installed apps in ``sprache`` (those our own one comes
    before, LOCALE_PATHS)."""
    orte = [Path(django.__file__).parent / "conf" / "locale"]
    orte += [Path(app.path) / "locale" for app in apps.get_app_configs()]
    kataloge = []
    for ort in orte:
        mo = ort / sprache / "LC_MESSAGES" / "django.mo"
        if mo.exists() and LOCALE not in mo.parents:
            kataloge.append((str(mo), _katalog(mo)))
    return kataloge


@pytest.mark.parametrize("sprache", ["de", "en"])
def test_eigener_katalog_ueberdeckt_keine_uebersetzung_einer_bibliothek(sprache):
    """Our catalogue comes first: a msgid a template of ours shares with Django (say "Home")
    would replace Django's German ("Start") with ours ("Home", German msgstr = msgid)."""
    eigener = _katalog(LOCALE / sprache / "LC_MESSAGES" / "django.mo")
    abweichend = [
        (msgid, eigener[msgid], fremd[msgid], ort)
        for ort, fremd in _bibliothekskataloge(sprache)
        for msgid in eigener.keys() & fremd.keys()
        if fremd[msgid] and fremd[msgid] != eigener[msgid]
    ]
    assert abweichend == []


def test_bibliothekstexte_sind_im_deutschen_katalog():
    """Library texts the library's German catalogue leaves English (bibliothek_de.json)."""
    texte = json.loads((LOCALE / "werkzeug" / "bibliothek_de.json").read_text(encoding="utf-8"))
    eigener = _katalog(LOCALE / "de" / "LC_MESSAGES" / "django.mo")
    assert {msgid: eigener.get(msgid) for msgid in texte} == texte
    django_text = "Password-based authentication"  # a variable: makemessages reads tests too
    with translation.override("de"):
        assert translation.gettext(django_text) == "Anmeldung mit Passwort"


ENGLISCH_IM_DEUTSCHEN = [
    r"\bHome\b",
    r"View history",
    r'alt="Search"',
    r"Password-based",
    r"Raw passwords",
    r"Whether the user",
    r"If disabled",
    r"Task Results?",
    r"\bCan (add|change|delete|view)\b",
    r"\bEnabled\b",
    r"\bDisabled\b",
    r"\b(Set|Reset) password\b",
    r"\bShow all\b",
    r"\bhistorical\b",
]
DEUTSCH_IM_ENGLISCHEN = [
    r"\b(anlegen|ansehen|ändern|löschen)\b",
    r"\bThema\b",
    r"Einzelne Rechte",
    r"Rolle der Anwendung",
    r"Anmeldung mit Passwort",
    r"\bSuchen\b",
    r"\bTreffer\b",
    r">Start<",
    r"Zur Erinnerung",
]


def _admin_seiten() -> list[str]:
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from aktionsplan.rollen import LESEN
    from tests import factories as f

    person = f.UserFactory(username="beispiel", rollen=[LESEN])
    gruppe = Group.objects.create(name="Beirat")
    thema = f.ThemaFactory(name="Bildung", slug="bildung")
    verlauf = thema.history.latest()
    return [
        reverse("admin:index"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_user_change", args=[person.pk]),
        reverse("admin:auth_user_password_change", args=[person.pk]),
        reverse("admin:auth_user_history", args=[person.pk]),
        reverse("admin:auth_group_change", args=[Group.objects.get(name=LESEN).pk]),
        reverse("admin:auth_group_change", args=[gruppe.pk]),
        reverse("admin:aktionsplan_thema_history", args=[thema.pk]),
        reverse("admin:aktionsplan_thema_simple_history", args=[thema.pk, verlauf.pk]),
        reverse("admin:aktionsplan_raum_import"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sprache", "verboten"),
    [("de", ENGLISCH_IM_DEUTSCHEN), ("en", DEUTSCH_IM_ENGLISCHEN)],
)
@pytest.mark.parametrize("wer", ["datenpflege_client", "superuser"])
def test_admin_seiten_ohne_fremde_sprache(request, client, sprache, verboten, wer):
    from tests import factories as f

    if wer == "superuser":
        client.force_login(f.UserFactory(username="chef", is_superuser=True, is_staff=True))
    else:
        client = request.getfixturevalue(wer)
    funde = []
    for url in _admin_seiten():
        antwort = client.get(url, HTTP_ACCEPT_LANGUAGE=sprache)
        assert antwort.status_code == 200, url
        inhalt = antwort.content.decode()
        assert f'<html lang="{sprache}"' in inhalt, url
        funde += [
            (url, treffer.group(0), inhalt[max(0, treffer.start() - 60) : treffer.end() + 30])
            for muster in verboten
            for treffer in re.finditer(muster, inhalt)
        ]
    assert funde == [], "\n".join(map(repr, funde))
