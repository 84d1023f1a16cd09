"""``__in`` on integer columns with values beyond the column's range left out.

Django answers a value beyond an integer column's range in ``exact``, ``gt``, ``lt`` … with
"nothing matches" (``IntegerFieldOverflow``), but not in ``in``: there SQLite fails with
"OverflowError: Python int too large to convert to SQLite INTEGER". Every form field for a
many-to-many relation (``ModelMultipleChoiceField``: the checkboxes of themes and areas, the
admin's autocomplete) filters ``pk__in`` with the submitted values, so "9" × 30 in such a field
was a 500 on SQLite. Registered on IntegerField by ``AktionsplanConfig.ready``; PostgreSQL
compared such values correctly before and gets the same answer now.
"""

from __future__ import annotations

from django.db.models import IntegerField
from django.db.models.lookups import In


class GanzzahlIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            art = self.lhs.output_field.get_internal_type()
            kleinste, groesste = connection.ops.integer_field_range(art)
            self.rhs = [
                wert
                for wert in self.rhs
                if not isinstance(wert, int)
                or (
                    (kleinste is None or wert >= kleinste)
                    and (groesste is None or wert <= groesste)
                )
            ]
        return super().process_rhs(compiler, connection)


def registrieren() -> None:
    IntegerField.register_lookup(GanzzahlIn)
