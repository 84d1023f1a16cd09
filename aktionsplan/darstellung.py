"""The form renderer of the project (settings.FORM_RENDERER): Django's template renderer with the
corrections that keep every form valid HTML after an error, on the staff pages and in the admin
alike (checked by the Nu HTML checker over every page: tests/test_html_gueltig.py).

* A refused value is shown again as typed, so that the person can correct it. An ``<input
  type="number">`` or ``type="date"`` (also ``url``, ``email``) may not carry a value of the wrong
  kind (HTML: "value sanitization"; "zwölf", "2025-02-30", "a b"): such an input is rendered as
  ``type="text"`` for this answer, without the attributes only those types allow (min, max,
  step). Its label, error message and ``aria-invalid`` stay.
* Hidden inputs carry no ``aria-*`` attribute (HTML forbids them there): Django gives the hidden
  ``initial-*`` input of a field with a callable default the field's ``aria-describedby``.
* The read-only password of the admin's user page is a ``<div>``, on which ``disabled`` is not
  allowed (Django adds it because the field is disabled).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.forms.renderers import TemplatesSetting

# HTML's "valid floating-point number" and "valid date string" (a year of four or more digits).
_ZAHL = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_DATUM = re.compile(r"[0-9]{4,}-[0-9]{2}-[0-9]{2}")
# An absolute URL: a scheme, then no white space.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s]*")
NUR_FUER_TYP = ("min", "max", "step")


def wert_passt(typ: str, wert: Any) -> bool:
    """Whether ``wert`` may stand in the value attribute of an input of type ``typ`` (empty always
    may; types not listed here take any text)."""
    if wert is None or wert == "":
        return True
    text = str(wert)
    if typ == "number":
        return _ZAHL.fullmatch(text) is not None
    if typ == "date":
        if _DATUM.fullmatch(text) is None:
            return False
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            return False
        return True
    if typ == "url":
        return _URL.fullmatch(text.strip()) is not None
    if typ == "email":
        try:
            validate_email(text)
        except ValidationError:
            return False
        return True
    return True


class Darstellung(TemplatesSetting):
    """Django's renderer through the project's template engine (settings.TEMPLATES, so that
    templates/ may override a widget's template: templates/admin/widgets/) with the corrections
    of the module docstring."""

    def render(self, template_name: str, context: dict, request=None) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict):
            attrs = dict(widget.get("attrs") or {})
            typ = widget.get("type")
            if typ in ("number", "date", "url", "email") and not wert_passt(typ, widget["value"]):
                widget["type"] = "text"
                for name in NUR_FUER_TYP:
                    attrs.pop(name, None)
            elif typ == "hidden":
                attrs = {k: v for k, v in attrs.items() if not k.startswith("aria-")}
            elif template_name == "auth/widgets/read_only_password_hash.html":
                attrs.pop("disabled", None)
            widget["attrs"] = attrs
        return super().render(template_name, context, request)
