"""Assessment of a quantitative indicator against its target (Bewertung gegen das Ziel).

Source: Eurostat, "Sustainable development in the European Union – Monitoring report on progress
towards the SDGs in an EU context", methodological annex, assessment of indicators with a
quantified target (the method of the EU SDG indicator set). The ratio of the actual rate of
change to the rate needed to reach the target decides the class:

* ≥ 95 %: on track ("auf Kurs"; Eurostat: significant progress towards the target);
* 60 % to below 95 %: slightly off ("leicht abweichend"; moderate progress);
* 0 % to below 60 %: clearly off ("deutlich abweichend"; insufficient progress);
* below 0 %: moving away ("entfernt sich"; movement away from the target).

Adaptation: the rates are constant changes per year along the straight path from the baseline
(value and year) to the target (value and year), as the product asks, not Eurostat's compound
annual growth rates; a compound rate is undefined for a baseline of 0, which counts and shares
often have. The direction comes from the target: a target below the baseline asks for a decrease,
and the sign of the needed rate carries it. Further rules:

* a latest value at or beyond the target (in the wanted direction) is on track (target reached);
* a target equal to the baseline asks to hold the level: on track while the value is not worse
  than it by the indicator's direction ("higher/lower is better"), otherwise moving away;
* no baseline (value or year), no target (value or year), no value later than the base year
  ("only one value"), or a target year not after the base year: "nicht bewertbar";
* protected numbers (monitoring.schutz) are never used: a protected latest value or baseline
  gives "nicht bewertbar", so no class can give a small number away.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from monitoring.models import Indikator
from monitoring.schutz import Anzeigewert, basis_geschuetzt
from monitoring.zahlen import zahl_formatieren

# Thresholds of the ratio actual ÷ needed rate, in percent (Eurostat).
AUF_KURS_AB = Fraction(95)
LEICHT_AB = Fraction(60)
DEUTLICH_AB = Fraction(0)


class Klasse(models.TextChoices):
    AUF_KURS = "auf_kurs", _("auf Kurs")
    LEICHT_ABWEICHEND = "leicht_abweichend", _("leicht abweichend")
    DEUTLICH_ABWEICHEND = "deutlich_abweichend", _("deutlich abweichend")
    ENTFERNT_SICH = "entfernt_sich", _("entfernt sich")
    NICHT_BEWERTBAR = "nicht_bewertbar", _("nicht bewertbar")


# A symbol per class beside its text (colour alone carries nothing); Eurostat's arrows.
SYMBOLE = {
    Klasse.AUF_KURS: "↑",
    Klasse.LEICHT_ABWEICHEND: "↗",
    Klasse.DEUTLICH_ABWEICHEND: "↘",
    Klasse.ENTFERNT_SICH: "↓",
    Klasse.NICHT_BEWERTBAR: "○",
}


class Grund(models.TextChoices):
    """Why an indicator has no ratio (or why it is on track without one)."""

    KEIN_BASISWERT = "kein_basiswert", _("kein Basiswert")
    KEIN_ZIEL = "kein_ziel", _("kein Zielwert mit Zieljahr")
    EIN_WERT = "ein_wert", _("nur ein Wert: kein Messwert nach dem Basisjahr")
    KEIN_ZEITRAUM = "kein_zeitraum", _("Zieljahr nicht nach dem Basisjahr")
    GESCHUETZT = "geschuetzt", _("zum Schutz kleiner Zahlen nicht bewertet")
    QUALITATIV = "qualitativ", _("qualitativer Indikator")
    ZIEL_ERREICHT = "ziel_erreicht", _("Ziel erreicht")
    NIVEAU_GEHALTEN = "niveau_gehalten", _("Niveau gehalten")
    NIVEAU_VERFEHLT = "niveau_verfehlt", _("Niveau nicht gehalten")


@dataclass(frozen=True)
class Bewertung:
    klasse: Klasse
    # Actual ÷ needed rate in percent, exact; None where the class needs no ratio.
    quote: Fraction | None = None
    grund: Grund | None = None

    @property
    def symbol(self) -> str:
        return SYMBOLE[self.klasse]

    @property
    def prozent(self) -> Decimal | None:
        """The ratio rounded to a whole percent (half up), for display."""
        if self.quote is None:
            return None
        genau = Decimal(self.quote.numerator) / Decimal(self.quote.denominator)
        return genau.quantize(Decimal(1), rounding=ROUND_HALF_UP)

    @property
    def erklaerung(self) -> str:
        """The ratio or the reason, e.g. "97 % des nötigen Tempos", "kein Basiswert"."""
        if self.prozent is not None:
            zahl = zahl_formatieren(self.prozent).replace("-", "−")
            return gettext("%(prozent)s %% des nötigen Tempos") % {"prozent": zahl}
        return str(self.grund.label) if self.grund else ""

    @property
    def text(self) -> str:
        """Class and explanation, e.g. "leicht abweichend (80 % des nötigen Tempos)"."""
        erklaerung = self.erklaerung
        return f"{self.klasse.label} ({erklaerung})" if erklaerung else str(self.klasse.label)


def _nicht_bewertbar(grund: Grund) -> Bewertung:
    return Bewertung(Klasse.NICHT_BEWERTBAR, grund=grund)


def bewerten(
    *,
    basiswert: Decimal | None,
    basisjahr: int | None,
    zielwert: Decimal | None,
    zieljahr: int | None,
    wert: Decimal | None,
    jahr: int | None,
    hoeher_besser: bool,
) -> Bewertung:
    """The assessment class of a value (``wert`` in ``jahr``) against the straight path from the
    baseline (``basiswert`` in ``basisjahr``) to the target (``zielwert`` in ``zieljahr``), after
    Eurostat's method for quantified targets (module docstring). Values in the indicator's unit,
    years as calendar years; exact arithmetic, so the thresholds hold to the last digit.

    ``hoeher_besser`` only decides a target equal to the baseline. Raises nothing: what cannot be
    assessed is ``Klasse.NICHT_BEWERTBAR`` with its ``Grund``.
    """
    if basiswert is None or basisjahr is None:
        return _nicht_bewertbar(Grund.KEIN_BASISWERT)
    if zielwert is None or zieljahr is None:
        return _nicht_bewertbar(Grund.KEIN_ZIEL)
    if wert is None or jahr is None or jahr <= basisjahr:
        return _nicht_bewertbar(Grund.EIN_WERT)
    if zieljahr <= basisjahr:
        return _nicht_bewertbar(Grund.KEIN_ZEITRAUM)

    basis, ziel, aktuell = Fraction(basiswert), Fraction(zielwert), Fraction(wert)
    if ziel == basis:
        gehalten = aktuell >= ziel if hoeher_besser else aktuell <= ziel
        if gehalten:
            return Bewertung(Klasse.AUF_KURS, grund=Grund.NIVEAU_GEHALTEN)
        return Bewertung(Klasse.ENTFERNT_SICH, grund=Grund.NIVEAU_VERFEHLT)

    steigen = ziel > basis
    if (steigen and aktuell >= ziel) or (not steigen and aktuell <= ziel):
        return Bewertung(Klasse.AUF_KURS, grund=Grund.ZIEL_ERREICHT)

    noetig = (ziel - basis) / (zieljahr - basisjahr)
    tatsaechlich = (aktuell - basis) / (jahr - basisjahr)
    quote = tatsaechlich / noetig * 100
    if quote >= AUF_KURS_AB:
        klasse = Klasse.AUF_KURS
    elif quote >= LEICHT_AB:
        klasse = Klasse.LEICHT_ABWEICHEND
    elif quote >= DEUTLICH_AB:
        klasse = Klasse.DEUTLICH_ABWEICHEND
    else:
        klasse = Klasse.ENTFERNT_SICH
    return Bewertung(klasse, quote=quote)


def indikator_bewerten(
    indikator: Indikator, aktuell: Anzeigewert | None, basis: Anzeigewert | None = None
) -> Bewertung:
    """The assessment of an indicator from protected display values (monitoring.schutz):
    ``aktuell`` is the Kommune's latest value, ``basis`` its value of the base year (so that a
    baseline withheld there is not used here). No query.

    Only numbers that may be shown enter the rule; a protected latest value or baseline gives
    "nicht bewertbar".
    """
    if indikator.art != Indikator.Art.QUANTITATIV:
        return _nicht_bewertbar(Grund.QUALITATIV)
    if (aktuell is not None and aktuell.geschuetzt) or basis_geschuetzt(indikator, basis):
        return _nicht_bewertbar(Grund.GESCHUETZT)
    return bewerten(
        basiswert=indikator.basiswert,
        basisjahr=indikator.basisjahr,
        zielwert=indikator.zielwert,
        zieljahr=indikator.zieljahr,
        wert=aktuell.wert if aktuell is not None else None,
        jahr=aktuell.jahr if aktuell is not None else None,
        hoeher_besser=indikator.hoeher_besser,
    )
