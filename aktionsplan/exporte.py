"""Shared pieces of every CSV and XLSX export: no cell may be evaluated as a formula."""

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Characters with which Excel, LibreOffice or Google Sheets start a formula or a DDE call; the
# fullwidth forms are folded to these by some spreadsheet programs.
_FORMEL_ANFANG = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def formel_neutralisieren(text: str) -> str:
    """Prefix an apostrophe when a text cell would start a formula (OWASP CSV injection).

    Leading blanks are looked through, since spreadsheets ignore them before a formula.
    """
    if text and text.lstrip(" ").startswith(_FORMEL_ANFANG):
        return "'" + text
    return text


def xlsx_wert(wert):
    """A value for an openpyxl cell: text neutralised, numbers and dates kept typed."""
    if isinstance(wert, str):
        return formel_neutralisieren(wert)
    return wert
