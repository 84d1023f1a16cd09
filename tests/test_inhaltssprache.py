"""Content on English pages is marked German (WCAG 2.1, 3.1.2 Language of Parts; QA of issue 11,
M4): titles, descriptions, goals, status reports, the Leitmotiv, names of themes, plans and
indicators, the DGS text version sit inside an element with ``lang="de"`` when the interface is
English, on the public pages and the staff's reading pages (aktionsplan/templatetags/inhalt.py).
German pages stay exactly as they were (no extra markup)."""

from __future__ import annotations

import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import GebaerdenvideoFactory, SachstandFactory
from tests.oeffentlich import test_seiten

pytestmark = pytest.mark.django_db

welt = test_seiten.welt

# Content of the small world (tests.oeffentlich.test_seiten.welt) and what the test adds.
INHALTE = (
    "Inklusive Spielplätze",
    "Kinder mit Behinderung planen mit.",
    "Inklusion und Teilhabe",
    "Kinder in Regel-Kitas",
    "aufeinander zugehen",
    "Zwei Spielplätze sind umgebaut.",
    "Gebärdensprachlicher Text zur Seite",
    # QA2 2026-11-30, F2: a measure's short description, the committee that adopted a plan.
    "Spielplätze für alle Kinder.",
    "Ausschuss für Soziales",
)
# Elements that hold text only, where a part cannot be marked (the page title, form values).
NUR_TEXT = {"title", "option", "textarea", "script", "style"}
LEERE = {"br", "img", "input", "meta", "link", "hr", "source", "track", "wbr", "col", "area"}


class _Sprachen(HTMLParser):
    """Every text node with the language in effect there (the nearest ``lang``)."""

    def __init__(self) -> None:
        super().__init__()
        self.stapel: list[tuple[str, str | None]] = []
        self.texte: list[tuple[str, str | None, str]] = []

    def _sprache(self) -> str | None:
        for _tag, lang in reversed(self.stapel):
            if lang is not None:
                return lang
        return None

    def handle_starttag(self, tag, attrs):
        if tag in LEERE:
            return
        self.stapel.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        for i in range(len(self.stapel) - 1, -1, -1):
            if self.stapel[i][0] == tag:
                del self.stapel[i:]
                return

    def handle_data(self, data):
        if data.strip():
            element = self.stapel[-1][0] if self.stapel else ""
            self.texte.append((data, self._sprache(), element))


def _ohne_deutsche_auszeichnung(html: str, seite: str) -> list[str]:
    leser = _Sprachen()
    leser.feed(html)
    fehler = []
    for inhalt in INHALTE:
        for text, sprache, element in leser.texte:
            if inhalt in text and element not in NUR_TEXT and sprache != "de":
                fehler.append(f"{seite}: „{inhalt}“ in <{element}> mit lang={sprache}")
    return fehler


@pytest.fixture
def mehr(welt):
    SachstandFactory(
        projekt=welt["projekt"], oeffentlich=True, text="Zwei Spielplätze sind umgebaut."
    )
    welt["projekt"].kurzbeschreibung = "Spielplätze für alle Kinder."
    welt["projekt"].save()
    welt["plan"].beschluss_gremium = "Ausschuss für Soziales"
    welt["plan"].beschluss_datum = datetime.date(2024, 3, 12)
    welt["plan"].save()
    GebaerdenvideoFactory(projekt=None, textfassung="Gebärdensprachlicher Text zur Seite")
    GebaerdenvideoFactory(
        projekt=welt["projekt"], textfassung="Gebärdensprachlicher Text zur Seite"
    )
    return welt


def _oeffentliche(w) -> dict[str, str]:
    return {name: adresse(w) for name, adresse in test_seiten.SEITEN.items()}


def _interne(w) -> dict[str, str]:
    return {
        "projekt_detail": w["projekt"].get_absolute_url(),
        "projekt_liste": reverse("projekte:projekt_liste"),
        "plan_detail": w["plan"].get_absolute_url(),
        "thema_detail": w["thema"].get_absolute_url(),
        "indikator_detail": w["indikator"].get_absolute_url(),
        "indikator_liste": reverse("monitoring:indikator_liste"),
    }


def test_inhalt_auf_englischen_oeffentlichen_seiten_ist_deutsch_ausgezeichnet(client, mehr):
    client.cookies["django_language"] = "en"
    fehler = []
    gefunden = set()
    for seite, adresse in _oeffentliche(mehr).items():
        html = client.get(adresse).content.decode()
        assert '<html lang="en">' in html, seite
        fehler += _ohne_deutsche_auszeichnung(html, seite)
        gefunden |= {i for i in INHALTE if i in html}
    assert not fehler, "\n".join(fehler)
    # The test looks at every content it names somewhere.
    assert gefunden == set(INHALTE)


def test_inhalt_auf_englischen_internen_seiten_ist_deutsch_ausgezeichnet(lesen_client, mehr):
    lesen_client.cookies["django_language"] = "en"
    fehler = []
    gefunden = set()
    for seite, adresse in _interne(mehr).items():
        antwort = lesen_client.get(adresse)
        assert antwort.status_code == 200, seite
        html = antwort.content.decode()
        assert '<html lang="en">' in html, seite
        fehler += _ohne_deutsche_auszeichnung(html, seite)
        gefunden |= {i for i in INHALTE if i in html}
    assert not fehler, "\n".join(fehler)
    assert {"Inklusive Spielplätze", "Inklusion und Teilhabe", "Kinder in Regel-Kitas"} <= gefunden


def test_deutsche_seiten_bleiben_wie_sie_waren(client, lesen_client, mehr):
    for seite, adresse in _oeffentliche(mehr).items():
        html = client.get(adresse).content.decode()
        assert '<span lang="de">' not in html, seite
    for seite, adresse in _interne(mehr).items():
        assert '<span lang="de">' not in lesen_client.get(adresse).content.decode(), seite
