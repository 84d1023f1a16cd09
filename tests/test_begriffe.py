"""Words and address (issue 10, point 6).

* The domain's words: the UI says "Maßnahme". "Projektskizze" names the plan's documents and
  appears only in texts about the plan (its description, the demo's plans: "24 Projektskizzen"),
  never as the name of what the app manages: not in model or field names, app names, admin
  columns, templates or any translatable text.
* Users are addressed formally ("Sie"), in the staff pages, the admin and its imports alike.
"""

import gettext
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

WURZEL = Path(__file__).resolve().parents[1]
SKIZZE = "Projektskizze"


def _msgids(sprache: str = "de") -> dict[str, str]:
    """msgid → msgstr of our compiled catalogue (plural forms: the singular msgid, all forms)."""
    mo = WURZEL / "locale" / sprache / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as datei:
        katalog = gettext.GNUTranslations(datei)._catalog
    texte: dict[str, str] = {}
    for schluessel, text in katalog.items():
        if isinstance(schluessel, tuple):
            texte[schluessel[0]] = texte.get(schluessel[0], "") + " " + text
        elif schluessel:
            texte[schluessel] = text
    return texte


def test_keine_projektskizze_in_modell_feld_und_app_namen():
    funde = []
    with translation.override("de"):
        for app in apps.get_app_configs():
            if SKIZZE in str(app.verbose_name):
                funde.append(app.label)
        for modell in apps.get_models():
            meta = modell._meta
            if meta.object_name.startswith("Historical") and "_" in meta.object_name:
                continue  # simple-history's tables of many-to-many changes, named by the class
            for text in (meta.verbose_name, meta.verbose_name_plural):
                if SKIZZE in str(text):
                    funde.append(meta.label)
            for feld in meta.get_fields():
                if SKIZZE in str(getattr(feld, "verbose_name", "") or ""):
                    funde.append(f"{meta.label}.{feld.name}")
    assert funde == []


def test_kein_uebersetzbarer_text_nennt_die_projektskizze():
    """Catalogue texts come from code, templates and verbose names alike."""
    assert [m for m in _msgids("de") if SKIZZE in m] == []
    englisch = _msgids("en")
    assert [t for t in englisch.values() if re.search(r"project (outline|sketch)", t, re.I)] == []
    with translation.override("en"):
        assert translation.gettext("Maßnahme") == "Measure"


def test_keine_vorlage_nennt_die_projektskizze():
    """Comments may name the model class; text a reader sees may not."""
    funde = []
    for vorlage in (WURZEL / "templates").rglob("*.*"):
        text = vorlage.read_text(encoding="utf-8")
        text = re.sub(r"{% comment %}.*?{% endcomment %}", "", text, flags=re.S)
        text = re.sub(r"{#.*?#}", "", text, flags=re.S)
        if SKIZZE in text:
            funde.append(str(vorlage.relative_to(WURZEL)))
    assert funde == []


@pytest.mark.django_db
def test_admin_nennt_massnahmen(datenpflege_client):
    from tests.factories import PlanFactory, ProjektskizzeFactory

    ProjektskizzeFactory(plan=PlanFactory(), titel="Barrierefreies Rathaus")
    for url in (
        reverse("admin:index"),
        reverse("admin:projekte_projektskizze_changelist"),
        reverse("admin:aktionsplan_plan_changelist"),
        reverse("admin:projekte_sachstand_add"),
    ):
        inhalt = datenpflege_client.get(url).content.decode()
        assert "Maßnahme" in inhalt, url
        assert SKIZZE not in inhalt, url


def test_anrede_mit_sie():
    """Every request to the user is formal: "Bitte … Sie …", never "du"/"dein" and no bare
    infinitive ("Bitte eine Datei hochladen"). The empty choice "– bitte wählen –" is a label."""
    ausnahmen = {"– bitte wählen –"}
    funde = [
        m
        for m in _msgids("de")
        if m not in ausnahmen
        and (
            (re.search(r"\bbitte\b", m, re.I) and not re.search(r"\bSie\b", m))
            or re.search(r"\b(du|dein\w*|dich|dir)\b", m, re.I)
        )
    ]
    assert funde == []
