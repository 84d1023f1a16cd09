"""The demo's yearly report 2025 (issue 9, point 7): drafted with a Stand in spring 2026, when
the statistics for 2025 had arrived, and adopted by the committee, so that the adopted and
frozen report can be seen and downloaded. Idempotent: once adopted, a second run writes nothing.

The demo's status reports and milestones are written when the demo loads; a report's Stand
counts only what was entered by then. So the demo dates their entry as on their own date (a
status report entered on its day, a milestone recorded when it was reached), as they would have
been in real use; the values are dated by their delivery (``monitoring._lieferdatum``).
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.utils import timezone

from monitoring.berichtsfassungen import beschliessen, entwurf_anlegen
from monitoring.models import Berichtsfassung
from projekte.models import Meilenstein, Projektskizze, Sachstand

from .sichern import Lader

JAHR = 2025
STAND = datetime.date(2026, 4, 30)
GREMIUM = "Ausschuss für Soziales, Gesundheit und Inklusion"
BESCHLUSS_DATUM = datetime.date(2026, 5, 20)
EINLEITUNG = (
    "Dieser Bericht zeigt den Stand des Aktionsplans Inklusion der Kupferstadt Stolberg für das "
    "Jahr 2025. Er enthält die Statistiken für 2025, die bis Ende April 2026 geliefert wurden."
)
SCHLUSS = (
    "Wir danken allen Beteiligten, besonders dem Behindertenbeirat und den Selbstvertretungen, "
    "für ihre Mitarbeit."
)


def _mittag(tag: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(tag, datetime.time(12)))


def _erfassung_datieren(projekte: list[Projektskizze]) -> None:
    """Date the entry of the demo's past status reports and milestones on their own day; writes
    only what differs (a second run writes nothing)."""
    heute = timezone.localdate()
    for sachstand in Sachstand.objects.filter(projekt__in=projekte, datum__lte=heute).only(
        "pk", "datum", "erstellt_am"
    ):
        zeit = _mittag(sachstand.datum)
        if sachstand.erstellt_am != zeit:
            Sachstand.objects.filter(pk=sachstand.pk).update(erstellt_am=zeit)
    erreicht = Meilenstein.objects.filter(projekt__in=projekte, erledigt_am__lte=heute)
    historie = Meilenstein.history.filter(id__in=erreicht.values("pk"), history_type="+").only(
        "history_id", "history_date", "erledigt_am"
    )
    for eintrag in historie:
        if eintrag.erledigt_am is None:
            continue
        zeit = _mittag(eintrag.erledigt_am)
        if eintrag.history_date != zeit:
            Meilenstein.history.filter(history_id=eintrag.history_id).update(history_date=zeit)


def jahresbericht_laden(
    lader: Lader, *, projekte: dict, benutzer: dict[str, AbstractUser]
) -> Berichtsfassung | None:
    """Draft and adopt the 2025 report once (None if its Stand is still to come)."""
    _erfassung_datieren(list(projekte.values()))
    if timezone.localdate() < BESCHLUSS_DATUM:
        return None
    vorhanden = Berichtsfassung.objects.filter(jahr=JAHR).exclude(
        status=Berichtsfassung.Status.ENTWURF
    )
    if vorhanden.exists():
        return vorhanden.first()
    name = str(Berichtsfassung._meta.verbose_name_plural)
    redaktion = benutzer["redaktion"]
    fassung = Berichtsfassung.objects.filter(
        jahr=JAHR, status=Berichtsfassung.Status.ENTWURF
    ).first()
    if fassung is None:
        fassung = entwurf_anlegen(
            Berichtsfassung(jahr=JAHR, stand=STAND, einleitung=EINLEITUNG, schluss=SCHLUSS),
            benutzer=redaktion,
        )
        lader.neu[name] += 1
    else:
        lader.geaendert[name] += 1
    return beschliessen(
        fassung,
        benutzer=redaktion,
        erwartete_version=None,
        gremium=GREMIUM,
        beschluss_datum=BESCHLUSS_DATUM,
    )
