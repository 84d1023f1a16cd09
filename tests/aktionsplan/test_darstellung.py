"""The form renderer (aktionsplan.darstellung): a refused value stays as typed and the HTML stays
valid; everything else renders as Django renders it."""

import datetime
import re

import pytest
from django import forms

from aktionsplan.darstellung import wert_passt
from aktionsplan.forms import DatumInput


@pytest.mark.parametrize(
    ("typ", "wert", "passt"),
    [
        ("number", "12", True),
        ("number", "-1.5e3", True),
        ("number", "zwölf", False),
        ("number", "１２", False),
        ("number", "1,5", False),
        ("date", "2025-02-28", True),
        ("date", "2025-02-30", False),
        ("date", "20250228", False),
        ("date", "on", False),
        ("url", "https://example.org/", True),
        ("url", "a b", False),
        ("email", "person@example.org", True),
        ("email", "kein-at-zeichen", False),
        ("text", "<irgendwas>", True),
        ("number", "", True),
        ("date", None, True),
    ],
)
def test_wert_passt(typ, wert, passt):
    assert wert_passt(typ, wert) is passt


class _Formular(forms.Form):
    datum = forms.DateField(
        widget=DatumInput,
        initial=datetime.date.today,
        help_text="Hinweis",
        show_hidden_initial=True,
    )
    anzahl = forms.IntegerField(min_value=0, max_value=9)


def test_gueltige_werte_bleiben_typ_date_und_number():
    html = str(_Formular(data={"datum": "2025-02-28", "anzahl": "3"}))
    assert 'type="date" name="datum" value="2025-02-28"' in html
    assert 'type="number" name="anzahl" value="3"' in html


def test_abgelehnte_werte_als_text_ohne_min_und_max():
    formular = _Formular(data={"datum": "2025-02-30", "anzahl": "zwölf"})
    assert not formular.is_valid()
    html = str(formular)
    assert 'type="text" name="datum" value="2025-02-30"' in html
    feld = html[html.index('name="anzahl"') - 20 : html.index('name="anzahl"') + 200]
    assert 'type="text"' in feld
    assert 'value="zwölf"' in feld
    assert "min=" not in feld
    assert "max=" not in feld
    assert 'aria-invalid="true"' in feld


def test_verborgene_initialwerte_ohne_aria():
    # As for a model field with a callable default: a hidden "initial-" input, which may carry
    # no aria-* attribute (Django gives it the field's aria-describedby).
    formular = _Formular(data={"datum": "", "anzahl": "1"})
    assert not formular.is_valid()
    html = str(formular)
    verborgen = re.search(r'<input type="hidden" name="initial-datum"[^>]*>', html)
    assert verborgen
    assert "aria-" not in verborgen.group(0)
    # The visible input keeps its description.
    assert 'aria-describedby="id_datum_helptext' in html
