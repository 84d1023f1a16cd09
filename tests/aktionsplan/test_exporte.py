import pytest

from aktionsplan.exporte import formel_neutralisieren, xlsx_wert


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+49 2402", "-2", "@SUMME(A1)", "\t=1", "\r=1", "  =HYPERLINK(1)", "＝1+1"],
)
def test_formeln_werden_neutralisiert(text):
    assert formel_neutralisieren(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Begegnungstag", "3 - 4 Personen", "E-Mail"])
def test_normaler_text_bleibt(text):
    assert formel_neutralisieren(text) == text


def test_xlsx_wert_laesst_zahlen_getypt():
    assert xlsx_wert(12) == 12
    assert xlsx_wert("=A1") == "'=A1"
