"""Interactive tables for the notebooks and the report: sort, search, paginate, offline.

:func:`show_table` renders a DataFrame (or a :class:`analystkit.brief.Table`) as an
ordinary HTML table, every cell escaped, followed by a small script (about 4 KB, written
here and embedded in the output) that adds a search box, sortable column headers and
pages of rows. Without JavaScript the full table is still there, readable and printable.

Why not itables (DataTables)? Its offline mode embeds the whole DataTables bundle, base64
encoded, into every page: 618 KB of JavaScript and 107 KB of CSS, about 970 KB per page
on top of the ~350 KB the report's pages weigh, for features the report does not use
(column filters, exports, fixed columns). Its table ids are random (``uuid4``), which
would break the report's byte-identical reruns, and it renders the rows from JSON with
JavaScript, so a reader without scripts sees an empty table. The script here is a
progressive enhancement: it only moves and hides existing rows, never writes cell text as
markup (a ``<script>`` in an article stays text), and costs ~4 KB per table.

Examples
--------
>>> import pandas as pd
>>> t = show_table(pd.DataFrame({"outlet": ["<b>A</b>", "B"], "drones": [539.0, 40.0]}))
>>> html = t._repr_html_()
>>> "&lt;b&gt;A&lt;/b&gt;" in html, "<td>539</td>" in html, 'class="ak-itable"' in html
(True, True, True)
"""

from __future__ import annotations

import html
import math
from typing import Any

import pandas as pd

__all__ = ["TABLE_JS", "InteractiveTable", "show_table"]

# Enhances every div.ak-itable not yet done: a labelled search box, header buttons that
# sort (aria-sort says how), pages of rows with Previous / Next. It reads cell text with
# textContent and only moves, shows and hides existing rows.
TABLE_JS = r"""(function () {
  function num(t) {
    var s = t.replace(/[,\s\u00a0]/g, "").replace(/^[~\u2248\u2265\u2264<>]+/, "");
    return /^[-+]?\d+(\.\d+)?%?$/.test(s) ? parseFloat(s) : null;
  }
  function enhance(box) {
    var table = box.querySelector("table"); if (!table || !table.tBodies[0]) return;
    box.setAttribute("data-ak-ready", "1");
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    var size = parseInt(box.getAttribute("data-page-length"), 10) || 15;
    var shown = rows, page = 0, sortCol = -1, dir = 1;
    var bar = document.createElement("div"); bar.className = "ak-itable-bar";
    var label = document.createElement("label"); label.textContent = "Search ";
    var input = document.createElement("input"); input.type = "search";
    input.className = "ak-itable-search"; label.appendChild(input); bar.appendChild(label);
    var info = document.createElement("span"); info.className = "ak-itable-info";
    info.setAttribute("aria-live", "polite"); bar.appendChild(info);
    box.insertBefore(bar, box.firstChild);
    var nav = document.createElement("div"); nav.className = "ak-itable-pager";
    var prev = document.createElement("button"), next = document.createElement("button");
    prev.type = next.type = "button"; prev.textContent = "Previous"; next.textContent = "Next";
    nav.appendChild(prev); nav.appendChild(next); box.appendChild(nav);
    function draw() {
      var pages = Math.max(1, Math.ceil(shown.length / size));
      page = Math.min(page, pages - 1);
      var lo = page * size, hi = Math.min(shown.length, lo + size);
      rows.forEach(function (r) { r.hidden = true; });
      shown.forEach(function (r, i) { body.appendChild(r); r.hidden = i < lo || i >= hi; });
      info.textContent = shown.length ? "rows " + (lo + 1) + "\u2013" + hi + " of " +
        shown.length + (shown.length < rows.length ? " (" + rows.length + " in all)" : "")
        : "no row matches";
      prev.disabled = page === 0; next.disabled = page >= pages - 1;
      nav.hidden = rows.length <= size;
    }
    function filter() {
      var q = input.value.toLowerCase().trim();
      shown = rows.filter(function (r) {
        return !q || r.textContent.toLowerCase().indexOf(q) >= 0; });
      if (sortCol >= 0) order();
      page = 0; draw();
    }
    function order() {
      var vals = shown.map(function (r) {
        var c = r.cells[sortCol]; return c ? c.textContent.trim() : ""; });
      var numeric = vals.every(function (v) { return v === "" || num(v) !== null; });
      var idx = shown.map(function (r, i) { return i; });
      idx.sort(function (a, b) {
        var x = vals[a], y = vals[b], d;
        if (x === "" || y === "") d = (x === "") - (y === "");
        else d = dir * (numeric ? num(x) - num(y)
                        : x.localeCompare(y, undefined, {numeric: true}));
        return d || a - b;
      });
      shown = idx.map(function (i) { return shown[i]; });
    }
    var heads = table.tHead ? table.tHead.rows[table.tHead.rows.length - 1].cells : [];
    Array.prototype.forEach.call(heads, function (th, col) {
      var b = document.createElement("button"); b.type = "button";
      b.className = "ak-sort"; b.title = "Sort by this column";
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener("click", function () {
        dir = sortCol === col ? -dir : 1; sortCol = col;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
        order(); page = 0; draw();
      });
    });
    input.addEventListener("input", filter);
    prev.addEventListener("click", function () { page -= 1; draw(); });
    next.addEventListener("click", function () { page += 1; draw(); });
    draw();
  }
  document.querySelectorAll("div.ak-itable:not([data-ak-ready])").forEach(enhance);
})();"""

TABLE_CSS = """
.ak-itable { margin: 6px 0 14px; }
.ak-itable-bar { display: flex; gap: 16px; align-items: center; margin: 4px 0;
  font: 12px system-ui, sans-serif; }
.ak-itable-bar input { font: inherit; padding: 2px 6px; }
.ak-itable-info { color: #555; }
.ak-itable th button.ak-sort { all: unset; cursor: pointer; font-weight: 600; }
.ak-itable th button.ak-sort:focus-visible { outline: 2px solid #0072B2; }
.ak-itable th[aria-sort=ascending] button.ak-sort::after { content: " \\25B2"; }
.ak-itable th[aria-sort=descending] button.ak-sort::after { content: " \\25BC"; }
.ak-itable-pager button { font: 12px system-ui, sans-serif; margin-right: 6px; }
"""


def _cell_number(value: float) -> str:
    """A float as people write it: 539, 1,200, 0.5; blank for NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


class InteractiveTable:
    """A table that sorts, searches and pages in the browser; ``.frame`` holds the rows.

    Made by :func:`show_table`. In Jupyter and in the report it displays as HTML with its
    script; ``repr`` is the plain-text table.
    """

    def __init__(self, frame: pd.DataFrame, *, page_length: int = 15, caption: str = "",
                 max_rows: int = 5000) -> None:
        self.frame = frame
        self.page_length = page_length
        self.caption = caption
        self.max_rows = max_rows

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        return self.frame.to_string(index=False, max_rows=60)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def _repr_html_(self) -> str:
        from analystkit.brief import nowrap_dates

        shown = self.frame.head(self.max_rows)
        table = shown.to_html(index=False, escape=True, na_rep="", border=0,
                              float_format=_cell_number, classes=["dataframe", "ak-table"])
        parts = [f'<div class="ak-itable" data-page-length="{int(self.page_length)}">']
        if self.caption:
            parts.append(f"<p><em>{html.escape(self.caption)}</em></p>")
        parts.append(nowrap_dates(table))
        parts.append("</div>")
        more = len(self.frame) - len(shown)
        if more > 0:
            parts.append(f"<p><em>The first {len(shown):,} rows of {len(self.frame):,} are "
                         "shown.</em></p>")
        parts.append(f"<style>{TABLE_CSS}</style>")
        parts.append(f"<script>{TABLE_JS}</script>")
        return "\n".join(parts)


def show_table(data: Any, *, page_length: int = 15, caption: str | None = None,
               max_rows: int = 5000) -> Any:
    """Display a table that the reader can sort, search and page through, offline.

    Parameters
    ----------
    data : DataFrame or analystkit.brief.Table
        The rows (a ``Table``'s ``.frame`` and caption are used). Anything else, such as
        a :class:`analystkit.brief.Brief` saying there is no table, is returned as it is.
    page_length : int
        Rows per page.
    caption : str, optional
        Shown above the table (escaped); default the ``Table``'s caption.
    max_rows : int
        At most this many rows go into the page (a line says how many there are).

    Returns
    -------
    InteractiveTable
        Displays in Jupyter and in the report; ``.frame`` is the DataFrame.

    Examples
    --------
    >>> import pandas as pd
    >>> show_table(pd.DataFrame({"a": [1, 2]})).frame["a"].tolist()
    [1, 2]
    >>> show_table("No speakers were found.")
    'No speakers were found.'
    """
    if isinstance(data, pd.DataFrame):
        frame, default_caption = data, ""
    elif isinstance(getattr(data, "frame", None), pd.DataFrame):
        frame, default_caption = data.frame, getattr(data, "caption", "") or ""
    else:
        return data
    return InteractiveTable(frame, page_length=page_length,
                            caption=default_caption if caption is None else caption,
                            max_rows=max_rows)
