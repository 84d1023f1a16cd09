"""Overview and measures in a real browser: a Redaktion user works with the keyboard alone, a
Lesen user sees no edit controls, and axe-core finds no WCAG violation (also at 320 px)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from projekte.models import Ampel, Status
from tests.browser.conftest import anmelden, axe_pruefen
from tests.factories import (
    AkteurFactory,
    IndikatorFactory,
    MeilensteinFactory,
    MesswertFactory,
    PlanFactory,
    ProjektbeteiligungFactory,
    ProjektskizzeFactory,
    SachstandFactory,
    ThemaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)
DETAIL = re.compile(r"/massnahmen/\d+/$")


@pytest.fixture
def daten():
    plan = PlanFactory(name="Zeta-Aktionsplan", kurzname="Zeta")
    thema = ThemaFactory(name="Wohnen und öffentlicher Raum", reihenfolge=1)
    ThemaFactory(name="Arbeit und Wirtschaft", reihenfolge=2)
    projekt = ProjektskizzeFactory(
        plan=plan, nummer=1, titel="Barrierefreies Rathaus", hauptthema=thema
    )
    SachstandFactory(projekt=projekt, status=Status.IN_PLANUNG, ampel=Ampel.GEFAEHRDET)
    MeilensteinFactory(
        projekt=projekt, titel="Gutachten", faellig_am=timezone.localdate().replace(year=2020)
    )
    beteiligung = ProjektbeteiligungFactory(
        projekt=projekt, akteur=AkteurFactory(name="Lebenshilfe")
    )
    indikator = IndikatorFactory(name="Rollstuhlgerechte Gebäude", mindestfallzahl=5)
    indikator.projekte.add(projekt)
    MesswertFactory(indikator=indikator, raum=plan.kommune, wert=3)
    return {"plan": plan, "thema": thema, "projekt": projekt, "beteiligung": beteiligung}


def tab_bis(page, pruefung: str, *, hoechstens: int = 150) -> None:
    """Press Tab until the focused element satisfies the JS expression `pruefung` (el = focus)."""
    for _ in range(hoechstens):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {pruefung}; }})()"):
            return
    raise AssertionError(f"Fokus nie erreicht: {pruefung}")


def _anzahl_in_umsetzung(page, thema: str) -> str:
    # The overview's table of themes × status (in a disclosure below the charts: its text, not
    # its rendering).
    tabelle = page.locator("table", has=page.locator("#matrix-beschriftung"))
    zeile = tabelle.locator("tr", has=page.locator("th", has_text=thema))
    # columns: theme, Idee, In Planung, In Umsetzung, …
    return zeile.locator("td").nth(2).text_content().strip()


def test_redaktion_nur_mit_tastatur(seite, daten):
    page = seite
    UserFactory(username="rita", rollen=["Redaktion"])
    page.goto(f"{page.basis}/konto/anmelden/")
    tab_bis(page, "el.name === 'username'")
    page.keyboard.type("rita")
    tab_bis(page, "el.name === 'password'")
    page.keyboard.type("geheim-passwort-123")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{page.basis}/")
    assert _anzahl_in_umsetzung(page, "Wohnen") == "0"

    tab_bis(page, "el.textContent.trim() === 'Maßnahmen'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/massnahmen/")
    tab_bis(page, "el.textContent.includes('Neue Maßnahme anlegen')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/massnahmen/neu/")
    tab_bis(page, "el.id === 'id_plan'")
    page.keyboard.type("Zeta")
    tab_bis(page, "el.id === 'id_nummer'")
    page.keyboard.type("2")
    tab_bis(page, "el.id === 'id_titel'")
    page.keyboard.type("Leitsystem im Bürgerbüro")
    tab_bis(page, "el.id === 'id_hauptthema'")
    page.keyboard.type("Wohnen")
    tab_bis(page, "el.id === 'id_kosten'")
    page.keyboard.press("Enter")  # implicit submission
    page.wait_for_url(DETAIL)
    assert "wurde angelegt" in page.content()
    assert page.locator("h1").inner_text().endswith("Leitsystem im Bürgerbüro")

    tab_bis(page, "el.textContent.trim() === 'Sachstand erfassen'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sachstand/neu/")
    tab_bis(page, "el.id === 'id_status_0'")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # In Umsetzung
    tab_bis(page, "el.name === 'ampel'")
    # Arrow keys move within a radio group and check the focused option: ends on "im Plan".
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    tab_bis(page, "el.id === 'id_fortschritt'")
    page.keyboard.press("Control+A")
    page.keyboard.type("20")
    tab_bis(page, "el.id === 'id_text'")
    page.keyboard.type("Das Leitsystem wird montiert.")
    tab_bis(page, "el.textContent.trim() === 'Sachstand speichern'")
    page.keyboard.press("Enter")
    page.wait_for_url(DETAIL)
    assert "Der Sachstand wurde gespeichert." in page.content()

    page.goto(f"{page.basis}/")
    assert _anzahl_in_umsetzung(page, "Wohnen") == "1"


def test_lesen_sieht_keine_bearbeitung(angemeldete_seite, daten):
    page = angemeldete_seite("lesen")
    page.goto(f"{page.basis}/massnahmen/")
    assert page.get_by_text("Neue Maßnahme anlegen").count() == 0
    page.goto(f"{page.basis}{daten['projekt'].get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text().endswith("Barrierefreies Rathaus")
    for text in [
        "Maßnahme bearbeiten",
        "Sachstand erfassen",
        "Meilenstein anlegen",
        "Akteur zuordnen",
    ]:
        assert page.get_by_text(text).count() == 0, text
    assert page.locator("main form[method=post]").count() == 0


def test_barrierefreiheit(angemeldete_seite, daten):
    page = angemeldete_seite("redaktion")
    projekt = daten["projekt"]
    for pfad in [
        "/",
        f"/massnahmen/?thema={daten['thema'].pk}&status=in_planung&sortierung=-titel",
        # The actor filter's matches, a chosen actor, and a term without a match.
        "/massnahmen/?akteur_suche=e",
        f"/massnahmen/?akteur={daten['beteiligung'].akteur_id}&verantwortlich_suche=niemand",
        projekt.get_absolute_url(),
        "/massnahmen/neu/",
        f"/massnahmen/{projekt.pk}/bearbeiten/",
        f"/massnahmen/{projekt.pk}/sachstand/neu/",
        reverse("projekte:meilenstein_neu", kwargs={"pk": projekt.pk}),
        reverse("projekte:beteiligung_neu", kwargs={"pk": projekt.pk}),
        reverse("projekte:beteiligung_bearbeiten", kwargs={"pk": daten["beteiligung"].pk}),
        reverse("projekte:beteiligung_loeschen", kwargs={"pk": daten["beteiligung"].pk}),
    ]:
        page.goto(f"{page.basis}{pfad}")
        axe_pruefen(page)
    page.goto(f"{page.basis}{projekt.get_absolute_url()}")
    assert page.get_by_role("cell", name="< 5").count() == 1
    # The form with errors (error summary, aria-invalid).
    page.goto(f"{page.basis}/massnahmen/neu/")
    page.get_by_role("button", name="Speichern").press("Enter")
    page.wait_for_load_state()
    assert page.get_by_text("Bitte korrigieren Sie").count() == 1
    axe_pruefen(page)


def test_schmal_320px(schmale_seite, daten):
    page = schmale_seite
    UserFactory(username="schmal", rollen=["Lesen"])
    anmelden(page, "schmal")
    loeschen = reverse("projekte:beteiligung_loeschen", kwargs={"pk": daten["beteiligung"].pk})
    UserFactory(username="schmal-redaktion", rollen=["Redaktion"])
    for pfad in [
        "/",
        "/massnahmen/?status=in_planung",
        "/massnahmen/?akteur_suche=lebenshilfe",
        daten["projekt"].get_absolute_url(),
    ]:
        page.goto(f"{page.basis}{pfad}")
        axe_pruefen(page)
        breite = page.evaluate("document.documentElement.scrollWidth")
        assert breite <= 320, (pfad, breite)
    # The confirmation before removing an actor's role, as an editor.
    page.context.clear_cookies()
    anmelden(page, "schmal-redaktion")
    page.goto(f"{page.basis}{loeschen}")
    axe_pruefen(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_meilenstein_erledigt_abgelehnt_mit_fehlerzusammenfassung(angemeldete_seite, daten):
    """A future date is refused: the page shows the error summary, its link moves the focus to
    the date field, which is marked invalid and keeps the date; axe finds nothing."""
    page = angemeldete_seite("redaktion")
    page.goto(f"{page.basis}{daten['projekt'].get_absolute_url()}")
    morgen = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("Erledigt am (Meilenstein „Gutachten“)").fill(morgen.isoformat())
    page.get_by_role("button", name="„Gutachten“ als erledigt vermerken").click()
    page.wait_for_load_state()
    zusammenfassung = page.get_by_role("alert")
    assert "Bitte korrigieren Sie die folgenden Angaben" in zusammenfassung.inner_text()
    axe_pruefen(page)
    zusammenfassung.get_by_role("link", name=re.compile("^erledigt am: ")).click()
    feld = page.locator("#id_erledigt_am")
    assert feld.evaluate("el => el === document.activeElement")
    assert feld.get_attribute("aria-invalid") == "true"
    assert feld.input_value() == morgen.isoformat()
