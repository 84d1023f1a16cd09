"""The admin's autocomplete fields in a real browser (QA M6): without JavaScript a person adds an
actor by typing the names of its type and areas into the fields inside ``<noscript>``; with
JavaScript select2 works as before and those fields are neither shown nor sent."""

import pytest
from django.urls import reverse

from akteure.models import Akteur
from tests import factories as f
from tests.browser.conftest import ROLLEN, anmelden, axe_bericht, axe_verstoesse

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ohne_js_seite(browser, live_server):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="de-DE", java_script_enabled=False
    )
    page = context.new_page()
    page.basis = live_server.url
    yield page
    context.close()


def test_akteur_ohne_javascript_anlegen(ohne_js_seite):
    page = ohne_js_seite
    typ = f.AkteurstypFactory(name="Selbsthilfe und Selbstvertretung")
    f.RaumFactory(name="Atsch", slug="atsch")
    f.RaumFactory(name="Büsbach", slug="buesbach")
    nutzer = f.UserFactory(username="ohne-js", rollen=[ROLLEN["datenpflege"]])
    anmelden(page, nutzer.username)
    page.goto(f"{page.basis}{reverse('admin:akteure_akteur_add')}")

    assert page.get_by_label("Typ ohne JavaScript: Name eingeben").is_visible()

    page.locator("#id_name").fill("Selbsthilfegruppe Stolberg")
    page.locator("#id_ebene").select_option(label="kommunal")
    page.get_by_label("Typ ohne JavaScript: Name eingeben").fill("selbsthilfe und selbstvertretung")
    page.get_by_label("Tätig in ohne JavaScript: Namen eingeben").fill("Atsch\nbuesbach")
    page.get_by_role("button", name="Sichern", exact=True).click()
    page.wait_for_load_state()

    akteur = Akteur.objects.get(name="Selbsthilfegruppe Stolberg")
    assert akteur.typ == typ
    assert sorted(r.name for r in akteur.raeume.all()) == ["Atsch", "Büsbach"]


def test_unbekannter_name_ohne_javascript_zeigt_fehler(ohne_js_seite):
    page = ohne_js_seite
    f.AkteurstypFactory(name="Selbsthilfe")
    nutzer = f.UserFactory(username="ohne-js", rollen=[ROLLEN["datenpflege"]])
    anmelden(page, nutzer.username)
    page.goto(f"{page.basis}{reverse('admin:akteure_akteur_add')}")
    page.locator("#id_name").fill("Gruppe")
    page.locator("#id_ebene").select_option(label="kommunal")
    page.get_by_label("Typ ohne JavaScript: Name eingeben").fill("Selbsthilfe-Kontaktstelle")
    page.get_by_role("button", name="Sichern", exact=True).click()
    page.wait_for_load_state()
    assert "„Selbsthilfe-Kontaktstelle“ ist kein bekannter Akteurstyp." in page.content()
    assert page.get_by_label("Typ ohne JavaScript: Name eingeben").input_value() == (
        "Selbsthilfe-Kontaktstelle"
    )
    assert not Akteur.objects.filter(name="Gruppe").exists()


# axe-core needs JavaScript, and a browser with JavaScript keeps <noscript> as text. So the page
# is loaded as without JavaScript by blocking every script, and the <noscript> blocks are then
# put into the page as a browser without JavaScript shows them. Checked: the content; Django's
# theme toggle in the header has no name without JavaScript (its labels are shown by a script),
# a finding of its own.
NOSCRIPT_AUSPACKEN = """() => {
    for (const n of Array.from(document.querySelectorAll("noscript"))) {
        const huelle = document.createElement("div");
        huelle.innerHTML = n.textContent;
        n.replaceWith(...huelle.childNodes);
    }
}"""


def test_felder_ohne_javascript_ohne_axe_verstoss(seite):
    page = seite
    page.route("**/*.js", lambda route: route.abort())
    f.AkteurstypFactory(name="Selbsthilfe")
    nutzer = f.UserFactory(username="ohne-js", rollen=[ROLLEN["datenpflege"]])
    anmelden(page, nutzer.username)
    page.goto(f"{page.basis}{reverse('admin:akteure_akteur_add')}")
    page.evaluate(NOSCRIPT_AUSPACKEN)
    assert page.get_by_label("Typ ohne JavaScript: Name eingeben").is_visible()
    verstoesse = axe_verstoesse(page, kontext="#content")
    assert verstoesse == [], axe_bericht(verstoesse)
    # The answer with a field error, the typed name kept.
    page.locator("#id_name").fill("Gruppe")
    page.locator("#id_ebene").select_option(label="kommunal")
    page.get_by_label("Typ ohne JavaScript: Name eingeben").fill("Unbekannt")
    page.get_by_role("button", name="Sichern", exact=True).click()
    page.wait_for_load_state()
    page.evaluate(NOSCRIPT_AUSPACKEN)
    assert "„Unbekannt“ ist kein bekannter Akteurstyp." in page.content()
    verstoesse = axe_verstoesse(page, kontext="#content")
    assert verstoesse == [], axe_bericht(verstoesse)


def test_akteur_mit_javascript_ueber_die_suche(angemeldete_seite):
    typ = f.AkteurstypFactory(name="Selbsthilfe und Selbstvertretung")
    f.AkteurstypFactory(name="Sportverein")
    page = angemeldete_seite("datenpflege")
    page.goto(f"{page.basis}{reverse('admin:akteure_akteur_add')}")

    # select2 replaced the field; the text field for people without JavaScript is not there.
    assert page.locator("#id_typ__namen").count() == 0
    page.locator("#id_name").fill("Selbsthilfegruppe Stolberg")
    page.locator("#id_ebene").select_option(label="kommunal")
    page.locator(".field-typ .select2-selection").click()
    page.get_by_role("searchbox", name="Typ").fill("selbst")
    page.locator(".select2-results__option", has_text="Selbsthilfe und Selbstvertretung").click()
    page.get_by_role("button", name="Sichern", exact=True).click()
    page.wait_for_load_state()

    assert Akteur.objects.get(name="Selbsthilfegruppe Stolberg").typ == typ
