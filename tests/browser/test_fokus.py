"""Keyboard focus is visible on every focusable element (WCAG 2.4.7, issue 10): each focusable
element of the staff pages and the admin pages below, focused as by keyboard, shows an outline
or a box shadow of non-zero width; every kind of control occurs at least once.

The modality is the keyboard's (one Tab first); then a script moves the focus from element to
element, which keeps ``:focus-visible`` as the browser applies it to keyboard focus.
"""

import pytest
from django.urls import reverse

from projekte.models import Projektskizze
from tests.test_eingaben_robust import _datensatz

pytestmark = pytest.mark.django_db(transaction=True)

# The kinds of focusable element, each with the selector that finds it.
ARTEN = {
    "Link": "a[href]",
    "Schaltfläche": "button, input[type=submit], input[type=button]",
    "Eingabefeld": (
        "input:not([type]), input[type=text], input[type=search], input[type=date], "
        "input[type=number], input[type=email], input[type=url], input[type=password]"
    ),
    "Auswahlliste": "select",
    "Textbereich": "textarea",
    "Kontrollkästchen": "input[type=checkbox]",
    "Optionsfeld": "input[type=radio]",
    "Aufklapper": "summary",
    "Tabellenbereich": ".kern-table-responsive, .tabelle-scroll",
    "Admin-Auswahl mit Suche": ".select2-selection",
}

FOKUS_PRUEFEN = """(arten) => {
  const ergebnis = {gefunden: {}, ohne: []};
  const sichtbar = (el) => el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== "hidden";
  for (const [art, selektor] of Object.entries(arten)) {
    for (const el of document.querySelectorAll(selektor)) {
      if (!sichtbar(el) || el.disabled || el.tabIndex < 0) continue;
      el.focus();
      if (document.activeElement !== el) continue;
      ergebnis.gefunden[art] = (ergebnis.gefunden[art] || 0) + 1;
      const stil = getComputedStyle(el);
      const umriss = stil.outlineStyle !== "none" && parseFloat(stil.outlineWidth) > 0;
      const schatten = stil.boxShadow !== "none"
        && !/^(rgba\\(0, 0, 0, 0\\)|transparent)/.test(stil.boxShadow);
      if (!umriss && !schatten) {
        ergebnis.ohne.push(`${art}: <${el.tagName.toLowerCase()}`
          + (el.id ? ` id="${el.id}"` : "") + (el.className ? ` class="${el.className}"` : "")
          + `> ${(el.textContent || el.name || "").trim().slice(0, 40)}`
          + ` (outline ${stil.outlineStyle} ${stil.outlineWidth}, box-shadow ${stil.boxShadow})`);
      }
    }
  }
  return ergebnis;
}"""


def _seiten() -> dict[str, list[str]]:
    projekt = Projektskizze.objects.get()
    return {
        "redaktion": [
            reverse("projekte:projekt_liste"),
            projekt.get_absolute_url(),
            reverse("projekte:projekt_bearbeiten", args=[projekt.pk]),
            reverse("projekte:beteiligung_neu", args=[projekt.pk]),
            reverse("monitoring:indikator_liste"),
        ],
        "datenpflege": [
            reverse("admin:projekte_projektskizze_changelist"),
            reverse("admin:projekte_projektskizze_change", args=[projekt.pk]),
        ],
    }


def test_fokus_ist_auf_jedem_bedienelement_sichtbar(angemeldete_seite, browser, live_server):
    _datensatz()
    gefunden: dict[str, int] = {}
    ohne: list[str] = []
    for rolle, pfade in _seiten().items():
        kontext = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
        try:
            page = kontext.new_page()
            page.basis = live_server.url
            angemeldete_seite(rolle, page=page)
            for pfad in pfade:
                page.goto(f"{page.basis}{pfad}")
                # Open the disclosures (filters), so that what they hold is checked too.
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                page.keyboard.press("Tab")
                ergebnis = page.evaluate(FOKUS_PRUEFEN, ARTEN)
                for art, anzahl in ergebnis["gefunden"].items():
                    gefunden[art] = gefunden.get(art, 0) + anzahl
                ohne += [f"{pfad}: {eintrag}" for eintrag in ergebnis["ohne"]]
        finally:
            kontext.close()
    assert ohne == [], "Kein sichtbarer Fokus:\n" + "\n".join(ohne)
    assert set(gefunden) == set(ARTEN), f"nicht gefunden: {set(ARTEN) - set(gefunden)}"


def test_fokus_auf_dem_tabellenbereich_per_tabulator(angemeldete_seite):
    """The scrollable table region, reached with Tab as a person would: KERN's rule that removed
    its outline no longer wins."""
    _datensatz()
    page = angemeldete_seite("lesen")
    page.goto(f"{page.basis}{reverse('monitoring:indikator_liste')}")
    bereich = page.locator(".kern-table-responsive[tabindex='0']").first
    for _ in range(200):
        page.keyboard.press("Tab")
        if bereich.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Der Tabellenbereich ist mit dem Tabulator nicht erreichbar")
    stil = bereich.evaluate(
        "el => ({stil: getComputedStyle(el).outlineStyle,"
        " breite: parseFloat(getComputedStyle(el).outlineWidth)})"
    )
    assert stil["stil"] == "solid"
    assert stil["breite"] >= 2
