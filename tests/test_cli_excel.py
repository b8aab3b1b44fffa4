"""``-o FILE.xlsx``: a real workbook (one sheet per table, header frozen, filters on);
an unknown ``-o`` extension is a one-line error."""

from __future__ import annotations

import pandas as pd
import pytest

from analystkit.cli import main
from analystkit.cli._excel import CELL_MAX, write_workbook
from analystkit.schemas import FIGURES

openpyxl = pytest.importorskip("openpyxl", reason="Excel output needs openpyxl")


def test_figures_workbook_has_the_figures_sheet(seeds_dir, tmp_path, capsys):
    out = tmp_path / "f.xlsx"
    assert main(["figures", str(seeds_dir), "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["figures"]
    sheet = book["figures"]
    assert [c.value for c in sheet[1]] == FIGURES.names
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == sheet.dimensions
    back = pd.read_excel(out, sheet_name="figures")
    assert back.loc[0, "mention"] == "539 drones" and back.loc[0, "value"] == 539
    assert "loaded 5 document(s)" in capsys.readouterr().err


@pytest.mark.parametrize(("command", "sheet"), [("docs", "documents"), ("claims", "claims"),
                                                ("framing", "framing")])
def test_every_table_command_writes_its_sheet(seeds_dir, tmp_path, command, sheet):
    out = tmp_path / "t.xlsx"
    assert main([command, str(seeds_dir), "-o", str(out)]) == 0
    assert openpyxl.load_workbook(out, read_only=True).sheetnames == [sheet]


def test_docs_workbook_has_naive_utc_dates_and_no_raw_text(seeds_dir, tmp_path):
    out = tmp_path / "d.xlsx"
    assert main(["docs", str(seeds_dir), "-o", str(out)]) == 0
    back = pd.read_excel(out)
    assert "raw_text" not in back.columns and len(back) == 5
    assert str(back.loc[3, "published"].date()) == "2025-07-05"


def test_unknown_extension_is_one_line_naming_the_supported(seeds_dir, tmp_path, capsys):
    out = tmp_path / "f.xyz"
    assert main(["figures", str(seeds_dir), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "loaded" not in err  # fails before loading anything
    assert "f.xyz: unknown output extension '.xyz'" in err
    assert ".csv" in err and ".xlsx" in err and ".parquet" in err
    assert not out.exists()


def test_no_extension_is_an_error_unless_format_says(seeds_dir, tmp_path, capsys):
    out = tmp_path / "figures"
    assert main(["figures", str(seeds_dir), "-o", str(out)]) == 1
    assert "no output extension" in capsys.readouterr().err
    assert main(["figures", str(seeds_dir), "--format", "csv", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("doc_id,")


def test_xlsx_format_needs_an_output_file(seeds_dir, capsys):
    assert main(["figures", str(seeds_dir), "--format", "xlsx"]) == 1
    assert "--format xlsx needs -o FILE" in capsys.readouterr().err


def test_workbook_cells_are_values_never_formulas(tmp_path, capsys):
    frame = pd.DataFrame({
        "text": pd.Series(["=HYPERLINK(\"http://x\")", "bell\x07here", "x" * (CELL_MAX + 5),
                           pd.NA], dtype="str"),
        "when": pd.to_datetime(["2025-07-04T01:00:00+03:00"] * 4, utc=True),
        "n": [1.5, float("nan"), 3.0, 4.0],
    })
    before = frame.copy()
    path = tmp_path / "t.xlsx"
    write_workbook({"a/b:table": frame}, path)
    pd.testing.assert_frame_equal(frame, before)  # the caller's frame is not modified
    sheet = openpyxl.load_workbook(path)["a_b_table"]
    cells = [sheet.cell(row=r, column=1) for r in range(2, 6)]
    assert cells[0].data_type == "s" and cells[0].value.startswith("=HYPERLINK")
    assert cells[1].value == "bellhere"
    assert len(cells[2].value) == CELL_MAX and cells[2].value.endswith("…")
    assert cells[3].value is None
    assert str(sheet.cell(row=2, column=2).value) == "2025-07-03 22:00:00"
    assert sheet.cell(row=3, column=3).value is None
    assert "1 cell(s) longer than Excel's" in capsys.readouterr().err
