"""The admin is accessible like every other page (issue 10, "Every page accessible"): axe-core
(WCAG 2.0/2.1/2.2 A and AA, conftest.AXE_TAGS) finds no violation on the changelist, the add
page and the change page of every registered model, as the Datenpflege.

The data set is the one of the hostile input tests (tests/test_eingaben_robust.py: one object
of every kind, a measure with its milestones, reports, funding and partners, an actor with its
contact person and data source), so change pages show their inlines with values. One browser
page, logged in once, visits all pages; the report lists every page's violations together.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.browser.conftest import axe_bericht, axe_verstoesse
from tests.test_eingaben_robust import _datensatz

pytestmark = pytest.mark.django_db(transaction=True)


def _admin_seiten() -> list[str]:
    """Changelist, add and change page of every registered model (the change page of its first
    object; the users' of the logged-in Datenpflege)."""
    seiten = []
    for modell in sorted(admin.site._registry, key=lambda m: m._meta.label):
        praefix = f"admin:{modell._meta.app_label}_{modell._meta.model_name}"
        seiten.append(reverse(f"{praefix}_changelist"))
        # Read-only models (the report versions: their writes go through the staff pages)
        # have no add page.
        if modell._meta.label != "monitoring.Berichtsfassung":
            seiten.append(reverse(f"{praefix}_add"))
        objekt = modell._default_manager.order_by("pk").first()
        assert objekt is not None, f"{modell._meta.label}: kein Objekt im Datensatz"
        seiten.append(reverse(f"{praefix}_change", args=[objekt.pk]))
    return seiten


# Pages whose look is kept as screenshots (in the test's tmp_path) for a person to look at.
BILDER = ("/projektskizze/1/change/", "/user/1/change/", "/messwert/", "/leitbild/1/change/")


def test_jede_admin_seite_ohne_axe_verstoss(angemeldete_seite, tmp_path):
    _datensatz()
    page = angemeldete_seite("datenpflege")
    assert get_user_model().objects.filter(username="browser-datenpflege").exists()
    seiten = _admin_seiten()
    assert len(seiten) >= 3 * len(admin.site._registry) - 2
    befunde = {}
    for pfad in [reverse("admin:index"), *seiten]:
        antwort = page.goto(f"{page.basis}{pfad}")
        assert antwort.status == 200, pfad
        if pfad.endswith(BILDER):
            page.screenshot(
                path=tmp_path / f"{pfad.strip('/').replace('/', '-')}.png", full_page=True
            )
        if verstoesse := axe_verstoesse(page):
            befunde[pfad] = verstoesse
    assert befunde == {}, "\n".join(
        f"{pfad}\n{axe_bericht(verstoesse)}" for pfad, verstoesse in befunde.items()
    )
