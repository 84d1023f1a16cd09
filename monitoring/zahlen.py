"""How numbers are written on pages, charts and reports (no model knowledge: every module of
monitoring may use it)."""

from decimal import Decimal

from django.utils.formats import number_format


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
