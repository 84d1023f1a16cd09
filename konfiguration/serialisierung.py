"""JSON for backups (``dumpdata --format json-genau``): Django's JSON with whole times.

Django's encoder cuts times to milliseconds (ECMA-262's date format). A backup must give back
what it took, down to the microsecond of a history row. Django's own JSON deserializer reads the
result (its date parser takes microseconds), so the file is loaded as plain ``json``.
"""

import datetime
from typing import Any

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as JsonSerializer

__all__ = ["Deserializer", "Serializer"]


class GenauerEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but datetimes and times in full ISO 8601, microseconds included."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JsonSerializer):
    def _init_options(self) -> None:
        self.options.setdefault("cls", GenauerEncoder)
        super()._init_options()
