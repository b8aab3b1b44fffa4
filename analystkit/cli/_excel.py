"""Write tables as a real Excel workbook: one sheet per table, header frozen, filters on."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: Excel's limits: characters in a cell, rows in a sheet, characters in a sheet name
CELL_MAX = 32_767
ROWS_MAX = 1_048_576
SHEET_NAME_MAX = 31
_WIDTH_MAX = 60
# characters an .xlsx file cannot hold (openpyxl raises IllegalCharacterError on them)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def write_workbook(tables: Mapping[str, pd.DataFrame], path: str | Path) -> None:
    """Write each table to its own sheet of the workbook ``path``.

    Parameters
    ----------
    tables : mapping of str to pandas.DataFrame
        Sheet name -> table, in sheet order. The frames are not modified.
    path : str or path
        The ``.xlsx`` file to write (replaced if it exists).

    Notes
    -----
    Each sheet has its header row frozen and an autofilter over the table. Every cell
    is a value, never a formula: text starting with ``=`` is stored as text. Times
    with a time zone are written in UTC without it (Excel has no time zones); text
    over Excel's 32,767 characters per cell is cut, with a note on stderr; characters
    an .xlsx file cannot hold (control characters other than tab and newline) are
    removed.

    Raises
    ------
    ValueError
        A table has more rows than a sheet holds (1,048,576 with the header).

    Examples
    --------
    >>> import tempfile, pandas as pd, openpyxl
    >>> path = tempfile.mkdtemp() + "/t.xlsx"
    >>> write_workbook({"figures": pd.DataFrame({"value": [539.0], "item": ["drone"]})}, path)
    >>> sheet = openpyxl.load_workbook(path)["figures"]
    >>> [c.value for c in sheet[1]], sheet.freeze_panes, sheet.auto_filter.ref
    (['value', 'item'], 'A2', 'A1:B2')
    """
    import pandas as pd

    prepared = {_sheet_name(name): _excel_ready(frame, path) for name, frame in tables.items()}
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in prepared.items():
            frame.to_excel(writer, sheet_name=name, index=False, freeze_panes=(1, 0))
            sheet = writer.sheets[name]
            _values_only(sheet)
            sheet.auto_filter.ref = sheet.dimensions
            _widths(sheet, frame)


def _sheet_name(name: str) -> str:
    """A valid sheet name: no ``[]:*?/\\``, at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "_", name)[:SHEET_NAME_MAX] or "table"


def _excel_ready(frame: pd.DataFrame, path: str | Path) -> pd.DataFrame:
    """A copy of ``frame`` that Excel can hold (see :func:`write_workbook`)."""
    import pandas as pd

    if len(frame) >= ROWS_MAX:
        raise ValueError(f"{path}: {len(frame):,} rows do not fit in an Excel sheet "
                         f"({ROWS_MAX - 1:,} at most); write CSV or Parquet instead")
    out = frame.copy()
    cut = 0
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            out[col] = s.dt.tz_convert("UTC").dt.tz_localize(None)
        elif pd.api.types.is_string_dtype(s) or s.dtype == object:
            text = s.where(s.isna(), s.astype("str"))
            text = text.str.replace(_ILLEGAL, "", regex=True)
            long = text.str.len().fillna(0) > CELL_MAX
            if long.any():
                cut += int(long.sum())
                text = text.where(~long, text.str.slice(0, CELL_MAX - 1) + "…")
            out[col] = text
    if cut:
        print(f"analystkit: {path}: {cut} cell(s) longer than Excel's {CELL_MAX:,} characters "
              "were cut (CSV or Parquet keep them whole)", file=sys.stderr)
    return out


def _values_only(sheet) -> None:
    """Store text that looks like a formula (``=SUM(…)``) as text."""
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def _widths(sheet, frame: pd.DataFrame) -> None:
    """Columns as wide as their header or first values, up to 60 characters."""
    from openpyxl.utils import get_column_letter

    head = frame.head(200)
    for i, col in enumerate(frame.columns, start=1):
        lengths = head[col].astype("str").str.len() if len(head) else []
        width = max([len(str(col)), *(int(n) for n in lengths if n == n)]) + 2
        sheet.column_dimensions[get_column_letter(i)].width = min(width, _WIDTH_MAX)
