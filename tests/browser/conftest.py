"""Browser tests: Playwright for Python drives Debian's Chromium against the live server.

`angemeldete_seite("redaktion")` gives a page logged in as that role; `axe_pruefen(page)` runs
axe-core (WCAG 2.0/2.1 A and AA, 2.2 AA) on the current page and fails with a readable report.
"""

import os

import pytest

from aktionsplan.rollen import DATENPFLEGE, LESEN, REDAKTION
from tests.factories import UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run in
# such a thread unless told that this is intended (the tests use the ORM for set-up only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORT = "geheim-passwort-123"
ROLLEN = {"lesen": LESEN, "redaktion": REDAKTION, "datenpflege": DATENPFLEGE}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(_playwright):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} fehlt: apt-get install -y chromium")
    browser = _playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture
def seite(browser, live_server):
    """A fresh browser page (desktop size) with `seite.basis` = the live server's URL."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.basis = live_server.url
    yield page
    context.close()


@pytest.fixture
def schmale_seite(browser, live_server):
    """A 320 px wide page, for WCAG 1.4.10 (reflow)."""
    context = browser.new_context(viewport={"width": 320, "height": 800}, locale="de-DE")
    page = context.new_page()
    page.basis = live_server.url
    yield page
    context.close()


def anmelden(page, benutzername: str, passwort: str = PASSWORT) -> None:
    page.goto(f"{page.basis}/konto/anmelden/")
    page.get_by_label("Benutzername").fill(benutzername)
    page.get_by_label("Passwort").fill(passwort)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


@pytest.fixture(autouse=True)
def _rollen_vorhanden(request):
    """The live server needs transactional tests, whose flush also wipes the groups that the data
    migration created; put them back for every browser test."""
    if "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from django.contrib.auth.models import Group, Permission

    from aktionsplan.rollen import rollen_einrichten

    rollen_einrichten(Group=Group, Permission=Permission)


@pytest.fixture
def angemeldete_seite(seite, db):
    """Factory: log the page in as a fresh user of the given role ("lesen", "redaktion", …)."""

    def _anmelden(rolle: str, page=None):
        page = page or seite
        user = UserFactory(username=f"browser-{rolle}", rollen=[ROLLEN[rolle]])
        anmelden(page, user.username)
        return page

    return _anmelden


def axe_verstoesse(page, *, kontext: str | None = None) -> list[dict]:
    """axe-core's violations on the current page (AXE_TAGS), as axe reports them."""
    from axe_playwright_python.sync_playwright import Axe

    ergebnis = Axe().run(
        page,
        context=kontext,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    return ergebnis.response["violations"]


def axe_bericht(verstoesse: list[dict], *, knoten: int = 5) -> str:
    """A short report: per rule its impact, help text and the first ``knoten`` elements."""
    zeilen = []
    for verstoss in verstoesse:
        nodes = verstoss["nodes"]
        zeilen.append(
            f"  {verstoss['id']} ({verstoss['impact']}, {len(nodes)}×): {verstoss['help']}"
        )
        for node in nodes[:knoten]:
            ziel = " ".join(map(str, node["target"]))
            zusammenfassung = node.get("failureSummary", "").replace("\n", " ")[:240]
            zeilen.append(f"    {ziel}: {zusammenfassung}")
    return "\n".join(zeilen)


def axe_pruefen(page, *, kontext: str | None = None) -> None:
    verstoesse = axe_verstoesse(page, kontext=kontext)
    assert verstoesse == [], f"{page.url}\n{axe_bericht(verstoesse)}"
