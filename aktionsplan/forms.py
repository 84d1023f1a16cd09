"""Form pieces shared by the apps."""

from django import forms


class DatumInput(forms.DateInput):
    """A native date picker; the value must be ISO (yyyy-mm-dd) whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
