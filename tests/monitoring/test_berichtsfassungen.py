"""The yearly report's life cycle (issue 9, point 7): draft with its Stand, adoption that
freezes HTML, PDF and XLSX in two variants, withdrawal, comparison with the previous adopted
report, and numbers as numbers in the XLSX."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from aktionsplan.models import Raum
from monitoring.berichtsfassungen import (
    bericht_der_fassung,
    beschliessen,
    entwurf_aendern,
    entwurf_anlegen,
    zurueckziehen,
)
from monitoring.jahresbericht import jahresbericht_erstellen
from monitoring.jahresbericht_export import als_xlsx
from monitoring.models import Berichtsdatei, Berichtsfassung, Messwert
from projekte.models import Ampel, Meilenstein, Projektskizze, Sachstand, Status
from tests.factories import (
    IndikatorFactory,
    MeilensteinFactory,
    MesswertFactory,
    PlanFactory,
    ProjektskizzeFactory,
    SachstandFactory,
    ThemaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STAND = datetime.date(2026, 4, 30)


def _zeit(jahr, monat, tag):
    return timezone.make_aware(datetime.datetime(jahr, monat, tag, 12))


@pytest.fixture
def daten():
    thema = ThemaFactory(name="Wohnen")
    plan = PlanFactory(kurzname="AP")
    person = UserFactory(first_name="Erika", last_name="Mustermann")
    oeffentlich = ProjektskizzeFactory(
        plan=plan, nummer=1, titel="Rampen am Rathaus", hauptthema=thema, veroeffentlicht=True
    )
    intern = ProjektskizzeFactory(
        plan=plan, nummer=2, titel="Interne Personalplanung", hauptthema=thema
    )
    # Dated 2025 and entered in March 2026 (before the Stand): counts.
    spaet = SachstandFactory(
        projekt=oeffentlich,
        datum=datetime.date(2025, 12, 15),
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=40,
        text="Bau läuft.",
    )
    Sachstand.objects.filter(pk=spaet.pk).update(erstellt_am=_zeit(2026, 3, 1))
    # Dated 2025 but entered after the Stand: not part of the report.
    zu_spaet = SachstandFactory(
        projekt=intern,
        datum=datetime.date(2025, 12, 20),
        status=Status.UMGESETZT,
        fortschritt=100,
        text="Nachgetragen.",
    )
    Sachstand.objects.filter(pk=zu_spaet.pk).update(erstellt_am=_zeit(2026, 6, 1))
    Projektskizze.objects.update(erstellt_am=_zeit(2024, 1, 1))
    MeilensteinFactory(
        projekt=oeffentlich, titel="Bauantrag", erledigt_am=datetime.date(2025, 7, 1)
    )
    # Recorded as done only after the Stand: not part of the report.
    MeilensteinFactory(projekt=oeffentlich, titel="Abnahme", erledigt_am=datetime.date(2025, 8, 1))
    Meilenstein.history.filter(titel="Bauantrag").update(history_date=_zeit(2025, 7, 2))
    kommune = Raum.objects.get_or_create(
        slug="testkommune", defaults={"name": "Testkommune", "ebene": Raum.Ebene.KOMMUNE}
    )[0]
    indikator = IndikatorFactory(
        name="Barrierefreie Haltestellen",
        basiswert=Decimal("20"),
        zielwert=Decimal("60"),
        basisjahr=2020,
        zieljahr=2030,
        verantwortlich=person,
    )
    MesswertFactory(indikator=indikator, raum=kommune, jahr=2024, wert=Decimal("30"))
    wert = MesswertFactory(indikator=indikator, raum=kommune, jahr=2025, wert=Decimal("40"))
    # Delivered in spring 2026, before the Stand.
    Messwert.history.update(history_date=_zeit(2026, 2, 1))
    return {
        "oeffentlich": oeffentlich,
        "intern": intern,
        "indikator": indikator,
        "wert": wert,
        "kommune": kommune,
    }


def _entwurf(benutzer, **felder):
    return entwurf_anlegen(
        Berichtsfassung(
            jahr=felder.pop("jahr", 2025),
            stand=felder.pop("stand", STAND),
            einleitung=felder.pop("einleitung", "Der Bericht zeigt das Jahr 2025."),
            schluss=felder.pop("schluss", "Wir danken allen Beteiligten."),
        ),
        benutzer=benutzer,
    )


def test_entwurf_zeigt_daten_bis_zum_stand(daten, redaktion_user):
    fassung = _entwurf(redaktion_user)
    bericht = bericht_der_fassung(fassung, nutzer=redaktion_user)
    zeilen = {m.projekt.pk: m for m in bericht.massnahmen}
    # Entered by the Stand: its status counts; entered afterwards: not (still "Idee").
    assert zeilen[daten["oeffentlich"].pk].status == Status.IN_UMSETZUNG
    assert zeilen[daten["intern"].pk].status == Status.IDEE
    assert bericht.indikatoren[0].wert.wert == Decimal("40")
    assert [ms.titel for ms in bericht.meilensteine] == ["Bauantrag"]
    # Without the Stand (the old report: what existed on 31 December), the late values miss.
    alt = jahresbericht_erstellen(2025, nutzer=redaktion_user)
    assert alt.indikatoren[0].wert is None
    # No adopted report before: compared with the end of the previous year.
    assert "Vorjahres 2024" in bericht.vergleich_bezug
    assert "Wert: 30 → 40" in bericht.indikatoren[0].vergleich


def test_stand_und_rollen(daten, redaktion_user, lesen_user):
    with pytest.raises(ValidationError) as fehler:
        _entwurf(redaktion_user, stand=datetime.date(2024, 12, 31))
    assert "stand" in fehler.value.message_dict
    with pytest.raises(PermissionDenied):
        _entwurf(lesen_user)
    _entwurf(redaktion_user)
    with pytest.raises(ValidationError):
        _entwurf(redaktion_user)  # one draft per year
    assert Berichtsfassung.objects.count() == 1


def test_beschluss_friert_ein_und_aendert_sich_nicht(daten, redaktion_user, datenpflege_user):
    fassung = _entwurf(redaktion_user)
    beschliessen(
        fassung,
        benutzer=redaktion_user,
        erwartete_version=fassung.version,
        gremium="Ausschuss für Soziales",
        beschluss_datum=datetime.date(2026, 5, 20),
    )
    fassung.refresh_from_db()
    assert fassung.status == Berichtsfassung.Status.BESCHLOSSEN
    dateien = {(d.variante, d.format): bytes(d.inhalt) for d in fassung.dateien.all()}
    assert set(dateien) == {
        (v, f) for v in ("intern", "oeffentlich") for f in ("html", "pdf", "xlsx")
    }
    assert dateien[("intern", "pdf")].startswith(b"%PDF")
    intern = dateien[("intern", "html")].decode()
    oeffentlich = dateien[("oeffentlich", "html")].decode()
    assert "Interne Personalplanung" in intern
    assert "Interne Personalplanung" not in oeffentlich
    assert "Rampen am Rathaus" in oeffentlich
    assert "Mustermann" in intern
    assert "Mustermann" not in oeffentlich
    assert "Ausschuss für Soziales" in intern
    assert "Der Bericht zeigt das Jahr 2025." in intern
    assert fassung.daten["massnahmen"][str(daten["oeffentlich"].pk)]["status"] == "in_umsetzung"

    # Later edits to measures and values leave every stored byte as it was.
    p = daten["oeffentlich"]
    p.titel = "Umbenannt"
    p.save()
    SachstandFactory(projekt=p, datum=datetime.date(2025, 12, 30), status=Status.VERSTETIGT)
    w = daten["wert"]
    w.wert = Decimal("99")
    w.save()
    spaeter = {(d.variante, d.format): bytes(d.inhalt) for d in Berichtsdatei.objects.all()}
    assert spaeter == dateien

    # Adopted: no more edits, no second adoption of the year.
    with pytest.raises(ValidationError):
        entwurf_aendern(fassung, benutzer=redaktion_user, erwartete_version=fassung.version)
    zweite = _entwurf(redaktion_user)
    with pytest.raises(ValidationError):
        beschliessen(
            zweite,
            benutzer=redaktion_user,
            erwartete_version=zweite.version,
            gremium="Rat",
            beschluss_datum=datetime.date(2026, 6, 1),
        )
    zweite.refresh_from_db()
    assert zweite.status == Berichtsfassung.Status.ENTWURF
    assert not zweite.dateien.exists()

    # Withdrawal: only the Datenpflege, with a reason; then the year can be adopted again.
    with pytest.raises(PermissionDenied):
        zurueckziehen(
            fassung, benutzer=redaktion_user, erwartete_version=fassung.version, grund="Fehler"
        )
    with pytest.raises(ValidationError):
        zurueckziehen(
            fassung, benutzer=datenpflege_user, erwartete_version=fassung.version, grund=" "
        )
    zurueckziehen(
        fassung,
        benutzer=datenpflege_user,
        erwartete_version=fassung.version,
        grund="Falscher Wert geliefert",
    )
    fassung.refresh_from_db()
    assert fassung.status == Berichtsfassung.Status.ZURUECKGEZOGEN
    eintrag = fassung.history.order_by("-history_date", "-history_id").first()
    assert eintrag.history_user == datenpflege_user
    assert "Falscher Wert geliefert" in eintrag.history_change_reason
    zweite.refresh_from_db()
    beschliessen(
        zweite,
        benutzer=redaktion_user,
        erwartete_version=zweite.version,
        gremium="Rat",
        beschluss_datum=datetime.date(2026, 6, 1),
    )
    assert Berichtsfassung.objects.beschlossen().count() == 1
    assert Berichtsfassung.objects.count() == 2
    # The withdrawn report's files stay on record, unchanged.
    assert {(d.variante, d.format): bytes(d.inhalt) for d in fassung.dateien.all()} == dateien


def test_vergleich_mit_dem_beschlossenen_bericht(daten, redaktion_user):
    fassung = _entwurf(redaktion_user)
    beschliessen(
        fassung,
        benutzer=redaktion_user,
        erwartete_version=fassung.version,
        gremium="Ausschuss",
        beschluss_datum=datetime.date(2026, 5, 20),
    )
    SachstandFactory(
        projekt=daten["oeffentlich"],
        datum=datetime.date(2026, 6, 1),
        status=Status.UMGESETZT,
        fortschritt=100,
    )
    MesswertFactory(
        indikator=daten["indikator"], raum=daten["kommune"], jahr=2026, wert=Decimal("50")
    )
    bericht = bericht_der_fassung(
        Berichtsfassung(jahr=2026, stand=timezone.localdate()), nutzer=redaktion_user
    )
    assert "beschlossenen Bericht 2025" in bericht.vergleich_bezug
    zeile = next(m for m in bericht.massnahmen if m.projekt.pk == daten["oeffentlich"].pk)
    assert "Status: In Umsetzung → Umgesetzt" in zeile.vergleich
    assert "Fortschritt: 40 % → 100 %" in zeile.vergleich
    assert "Wert: 40 → 50" in bericht.indikatoren[0].vergleich


def test_xlsx_zahlen_als_zahlen(daten, redaktion_user):
    bericht = bericht_der_fassung(_entwurf(redaktion_user), nutzer=redaktion_user)
    mappe = load_workbook(io.BytesIO(als_xlsx(bericht)))
    blatt = mappe["Indikatoren"]
    kopf = [c.value for c in blatt[1]]
    zeile = [c.value for c in blatt[2]]
    assert zeile[kopf.index("Basiswert")] == 20
    assert zeile[kopf.index("Zielwert")] == 60
    assert zeile[kopf.index("2025")] == 40
    assert mappe["Bericht"]["B3"].value is not None
