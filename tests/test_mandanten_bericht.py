"""The yearly report in a region (issue 12): each report is one Kommune's.

Two Kommunen (the fixture of tests/test_mandanten.py). The report page, its files and an adopted
report hold one Kommune's measures, values and earlier reports; a region reader chooses the
Kommune, an Eschweiler editor gets Eschweiler's whatever she asks for; a file built for one
Kommune's report is never served for another's; a new draft in a region needs a Kommune.
"""

# ruff: noqa: F811  (the fixtures of tests/test_mandanten.py, imported by name)

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from monitoring import hintergrund
from monitoring.berichtsfassungen import bericht_der_fassung, entwurf_anlegen
from monitoring.jahresbericht import berichtsschluessel, jahresbericht_erstellen
from monitoring.models import Berichtsfassung
from tests.test_mandanten import (  # noqa: F401 (fixtures)
    _client,
    eschweiler_redaktion,
    region,
    region_lesen,
)

pytestmark = pytest.mark.django_db

JAHR = 2025
BERICHT = reverse("monitoring:bericht", kwargs={"jahr": JAHR})
PDF = reverse("monitoring:bericht_pdf", kwargs={"jahr": JAHR})


def _massnahmen(bericht) -> set[str]:
    return {zeile.titel for zeile in bericht.massnahmen}


def test_bericht_einer_kommune_zeigt_nur_ihre_massnahmen(region, region_lesen):
    stolberg, eschweiler = region["stolberg"]["kommune"], region["eschweiler"]["kommune"]
    fuer_stolberg = jahresbericht_erstellen(JAHR, nutzer=region_lesen, kommune=stolberg.pk)
    fuer_eschweiler = jahresbericht_erstellen(JAHR, nutzer=region_lesen, kommune=eschweiler.pk)
    assert _massnahmen(fuer_stolberg) == {"Stolberg-Maßnahme"}
    assert _massnahmen(fuer_eschweiler) == {"Eschweiler-Maßnahme"}
    # The shared indicator is in both.
    assert [z.indikator for z in fuer_eschweiler.indikatoren] == [region["indikator"]]


def test_seite_region_waehlt_kommune(region, region_lesen):
    eschweiler = region["eschweiler"]["kommune"]
    client = _client(region_lesen)
    antwort = client.get(BERICHT, {"kommune": eschweiler.pk})
    inhalt = antwort.content.decode()
    assert antwort.status_code == 200
    assert "Eschweiler-Maßnahme" in inhalt
    assert "Stolberg-Maßnahme" not in inhalt
    assert "Jahresbericht 2025 – Eschweiler" in inhalt
    # The choice offers both Kommunen; the file forms carry the chosen one.
    assert 'name="kommune" id="id_kommune"' in inhalt
    assert f'<input type="hidden" name="kommune" value="{eschweiler.pk}">' in inhalt
    standard = client.get(BERICHT).content.decode()
    assert ("Stolberg-Maßnahme" in standard) != ("Eschweiler-Maßnahme" in standard)


def test_seite_fremde_kommune_wird_nicht_gezeigt(region, eschweiler_redaktion):
    stolberg = region["stolberg"]["kommune"]
    inhalt = _client(eschweiler_redaktion).get(BERICHT, {"kommune": stolberg.pk}).content
    assert "Eschweiler-Maßnahme" in inhalt.decode()
    assert "Stolberg-Maßnahme" not in inhalt.decode()
    assert b'id="id_kommune"' not in inhalt  # one Kommune: nothing to choose


@pytest.fixture
def gebaut(monkeypatch):
    """The reports whose PDF was built: (Kommune name, measure titles)."""
    aufrufe = []

    def als_pdf(bericht, *, kommune):
        aufrufe.append((kommune, _massnahmen(bericht)))
        return b"%PDF-1.7 " + str(len(aufrufe)).encode()

    monkeypatch.setattr(hintergrund, "als_pdf", als_pdf)
    return aufrufe


def test_datei_einer_kommune_nie_fuer_die_andere(
    region, region_lesen, eschweiler_redaktion, gebaut
):
    stolberg = region["stolberg"]["kommune"]
    _client(region_lesen).post(PDF, {"kommune": stolberg.pk})
    assert gebaut == [("Stolberg", {"Stolberg-Maßnahme"})]
    # Eschweiler's editor asks for the same year: not Stolberg's file, a new build of hers.
    esch = _client(eschweiler_redaktion)
    assert esch.get(PDF)["Content-Type"].startswith("text/html")
    esch.post(PDF, {"kommune": stolberg.pk})
    assert gebaut[1] == ("Eschweiler", {"Eschweiler-Maßnahme"})
    assert berichtsschluessel(
        JAHR, "pdf", sprache="de", nutzer=region_lesen, kommune=stolberg.pk
    ) != berichtsschluessel(
        JAHR, "pdf", sprache="de", nutzer=eschweiler_redaktion, kommune=stolberg.pk
    )


def test_fassung_zeigt_ihre_kommune_auch_fuer_die_region(region, region_lesen):
    fassung = region["eschweiler"]["bericht"]  # 2025, Eschweiler's
    fassung.stand = timezone.localdate()  # the fixture's rows were entered today
    bericht = bericht_der_fassung(fassung, nutzer=region_lesen)
    assert _massnahmen(bericht) == {"Eschweiler-Maßnahme"}


def test_entwurf_in_der_region_braucht_eine_kommune(region, region_lesen, eschweiler_redaktion):
    from aktionsplan.rollen import REDAKTION
    from tests.factories import UserFactory

    region_redaktion = UserFactory(username="region-red", rollen=[REDAKTION])
    with pytest.raises(ValidationError) as fehler:
        entwurf_anlegen(
            Berichtsfassung(jahr=2026, stand=timezone.localdate(), einleitung="x"),
            benutzer=region_redaktion,
        )
    assert "kommune" in fehler.value.message_dict
    # With one Kommune the draft is hers.
    fassung = entwurf_anlegen(
        Berichtsfassung(jahr=2026, stand=timezone.localdate(), einleitung="x"),
        benutzer=eschweiler_redaktion,
    )
    assert fassung.kommune_id == region["eschweiler"]["kommune"].pk


def test_entwurfsformular_der_region_fragt_nach_der_kommune(region):
    from aktionsplan.rollen import REDAKTION
    from tests.factories import UserFactory

    client = _client(UserFactory(username="region-red", rollen=[REDAKTION]))
    adresse = reverse("monitoring:fassung_neu")
    assert 'name="kommune"' in client.get(adresse).content.decode()
    eschweiler = region["eschweiler"]["kommune"]
    antwort = client.post(
        adresse,
        {
            "jahr": 2026,
            "stand": timezone.localdate().isoformat(),
            "kommune": eschweiler.pk,
            "einleitung": "E",
        },
    )
    assert antwort.status_code == 302, antwort.content.decode()[:3000]
    assert Berichtsfassung.objects.get(jahr=2026).kommune_id == eschweiler.pk


def test_berichtsliste_nennt_die_kommune(region, region_lesen, eschweiler_redaktion):
    adresse = reverse("monitoring:bericht_auswahl")
    inhalt = _client(region_lesen).get(adresse).content.decode()
    assert "Jahresbericht 2025 – Eschweiler" in inhalt
    assert "Jahresbericht 2024 – Stolberg" in inhalt
    # The year choice asks for the Kommune too and leads to its report.
    eschweiler = region["eschweiler"]["kommune"]
    antwort = _client(region_lesen).get(adresse, {"jahr": JAHR, "kommune": eschweiler.pk})
    assert antwort["Location"] == f"{BERICHT}?kommune={eschweiler.pk}"
    eigene = _client(eschweiler_redaktion).get(adresse).content.decode()
    assert "Stolberg" not in eigene.split('id="fassungen-titel"')[1].split("</section>")[0]
