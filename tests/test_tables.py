"""Interactive tables: escaped cells, numbers as people write them, one small script."""

from __future__ import annotations

import pandas as pd

from analystkit.brief import Brief, Table
from analystkit.tables import TABLE_JS, InteractiveTable, show_table


def test_cells_are_escaped_and_numbers_readable():
    frame = pd.DataFrame({"outlet": ["<script>alert(1)</script>", "B"],
                          "value": [539.0, 1200.5], "when": ["2025-07-03", pd.NA]})
    page = show_table(frame)._repr_html_()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "<td>539</td>" in page and "<td>1,200.5</td>" in page
    assert "5.390000e+02" not in page
    assert '<td style="white-space:nowrap">2025-07-03</td>' in page
    assert page.count("<script>") == 1 and TABLE_JS in page
    assert 'data-page-length="15"' in page


def test_script_never_writes_markup():
    assert "innerHTML" not in TABLE_JS and "insertAdjacentHTML" not in TABLE_JS
    assert "eval(" not in TABLE_JS and "http" not in TABLE_JS
    assert len(TABLE_JS) < 6000  # the whole cost of a table's interactivity


def test_show_table_takes_brief_tables_and_passes_text_through():
    table = Table(pd.DataFrame({"a": range(100)}), max_rows=10, caption="<b>cap</b>")
    shown = show_table(table, page_length=20)
    assert isinstance(shown, InteractiveTable) and len(shown) == 100
    page = shown._repr_html_()
    assert page.count("<tr") == 101  # every row is in the page; the script pages them
    assert "&lt;b&gt;cap&lt;/b&gt;" in page and 'data-page-length="20"' in page
    assert "more row(s)" not in page
    note = Brief("No speakers were found.")
    assert show_table(note) is note


def test_max_rows_says_how_many_are_left_out():
    page = show_table(pd.DataFrame({"a": range(30)}), max_rows=10)._repr_html_()
    assert page.count("<tr") == 11 and "The first 10 rows of 30 are shown." in page
