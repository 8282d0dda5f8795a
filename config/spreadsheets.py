"""Cells of the CSV files staff download (the audit log, the readership figures), made safe
to open in a spreadsheet program."""

# Spreadsheets run a cell that starts with one of these as a formula; a title, a column's
# name or a username tried at the login form is anyone's to choose.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text):
    """The text as a cell a spreadsheet shows and never runs."""
    text = str(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
