"""How numbers are written on pages, charts and reports (no model knowledge: every module of
monitoring may use it)."""

from decimal import Decimal

from django.utils.formats import number_format


def ist_kleine_anzahl(anzahl: Decimal | int | None, mindest: int) -> bool:
    """Whether a count is protected as a small number: every count below ``mindest`` — 0
    included. Showing 0 while hiding 1 and 2 would tell readers that "< 3" means 1 or 2 (QA
    2026-11-29). The one rule for counts of values (``Indikator.ist_kleine_zahl``) and of
    participants (monitoring.views.berichte)."""
    return anzahl is not None and anzahl < mindest


def zahl_formatieren(wert: Decimal | int | float | None) -> str:
    """German (locale-aware) number: 1234 → "1.234", 12.50 → "12,5", 3.00 → "3"."""
    if wert is None:
        return ""
    wert = Decimal(str(wert)) if not isinstance(wert, Decimal) else wert
    if wert == wert.to_integral_value():
        stellen = 0
    else:
        stellen = max(0, -wert.normalize().as_tuple().exponent)
    return number_format(wert, decimal_pos=stellen, use_l10n=True, force_grouping=True)
