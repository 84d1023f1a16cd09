"""Progress of an indicator towards its target.

Progress is the share of the way from the baseline to the target, in percent:
``(current − baseline) / (target − baseline) × 100``, which holds for both directions (the sign of
the denominator carries the direction). Rules:

* reaching or passing the target counts as exactly 100 % ("Ziel erreicht") — clamped at 100, so a
  chart or a sum of progress never claims more than the whole way;
* moving away from the target gives a negative share, *not* clamped at 0, so the report shows how
  far things went the wrong way ("Entwicklung entgegen dem Ziel");
* no baseline, no target, no current value, or a target that contradicts the indicator's direction
  (e.g. "higher is better" with a target below the baseline) give no percentage, only a reason;
* baseline == target: 100 % if the current value meets the target, otherwise "entgegen dem Ziel"
  without a percentage (there is no way to divide);
* a protected current value (or a protected baseline) gives no percentage either: the share would
  let a reader compute the small number back.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from monitoring.models import Indikator
from monitoring.schutz import Anzeigewert, basis_geschuetzt
from monitoring.zahlen import zahl_formatieren

HUNDERT = Decimal(100)


class Stand(models.TextChoices):
    KEIN_BASISWERT = "kein_basiswert", _("kein Basiswert")
    KEIN_ZIELWERT = "kein_zielwert", _("kein Zielwert")
    KEIN_WERT = "kein_wert", _("noch kein Messwert")
    GESCHUETZT = "geschuetzt", _("zum Schutz kleiner Zahlen nicht berechnet")
    WIDERSPRUCH = "widerspruch", _("Zielwert widerspricht der Richtung des Indikators")
    ZIEL_ERREICHT = "ziel_erreicht", _("Ziel erreicht")
    AUF_DEM_WEG = "auf_dem_weg", _("auf dem Weg zum Ziel")
    ENTGEGEN = "entgegen", _("Entwicklung entgegen dem Ziel")


@dataclass(frozen=True)
class Fortschritt:
    prozent: Decimal | None
    stand: Stand

    @property
    def grund(self) -> str:
        return str(self.stand.label)

    @property
    def text(self) -> str:
        """E.g. "40 %", "100 % – Ziel erreicht", "−20 % – Entwicklung entgegen dem Ziel"."""
        if self.prozent is None:
            return self.grund
        zahl = f"{zahl_formatieren(self.prozent)} %".replace("-", "−")
        if self.stand == Stand.AUF_DEM_WEG:
            return zahl
        return f"{zahl} – {self.grund}"

    @property
    def balken_prozent(self) -> int:
        """0 … 100 for a progress bar (negative progress draws an empty bar)."""
        if self.prozent is None:
            return 0
        return int(min(HUNDERT, max(Decimal(0), self.prozent)))


def fortschritt_berechnen(
    *,
    basiswert: Decimal | None,
    zielwert: Decimal | None,
    aktuell: Decimal | None,
    hoeher_besser: bool,
) -> Fortschritt:
    if basiswert is None:
        return Fortschritt(None, Stand.KEIN_BASISWERT)
    if zielwert is None:
        return Fortschritt(None, Stand.KEIN_ZIELWERT)
    if aktuell is None:
        return Fortschritt(None, Stand.KEIN_WERT)
    if (hoeher_besser and zielwert < basiswert) or (not hoeher_besser and zielwert > basiswert):
        return Fortschritt(None, Stand.WIDERSPRUCH)

    erreicht = aktuell >= zielwert if hoeher_besser else aktuell <= zielwert
    if erreicht:
        return Fortschritt(HUNDERT, Stand.ZIEL_ERREICHT)
    if basiswert == zielwert:
        return Fortschritt(None, Stand.ENTGEGEN)

    anteil = (aktuell - basiswert) / (zielwert - basiswert) * HUNDERT
    prozent = anteil.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if anteil < 0:
        return Fortschritt(prozent, Stand.ENTGEGEN)
    return Fortschritt(prozent, Stand.AUF_DEM_WEG)


def indikator_fortschritt(
    indikator: Indikator, aktuell: Anzeigewert | None, basis: Anzeigewert | None = None
) -> Fortschritt:
    """Progress of an indicator from protected display values (monitoring.schutz): ``aktuell`` is
    the Kommune's current value, ``basis`` its value of the base year.

    Not computed when the current value or the baseline is protected: the percentage would give
    the hidden number away.
    """
    if (aktuell is not None and aktuell.geschuetzt) or basis_geschuetzt(indikator, basis):
        return Fortschritt(None, Stand.GESCHUETZT)
    return fortschritt_berechnen(
        basiswert=indikator.basiswert,
        zielwert=indikator.zielwert,
        aktuell=aktuell.wert if aktuell is not None else None,
        hoeher_besser=indikator.hoeher_besser,
    )
