"""A small table schema: column names and dtypes, stated once, checked anywhere."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Schema:
    """The columns and dtypes of one of analystkit's tidy tables.

    Parameters
    ----------
    name : str
        Table name used in error messages.
    columns : Mapping[str, str]
        Column name -> pandas dtype string (``"str"``, ``"int64"``, ``"float64"``,
        ``"bool"``, ``"datetime64[ns, UTC]"``, ``"Int64"``).
    doc : Mapping[str, str]
        Column name -> one-line meaning (used in docstrings and the README).
    """

    name: str
    columns: Mapping[str, str]
    doc: Mapping[str, str] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return list(self.columns)

    def empty(self) -> pd.DataFrame:
        """An empty frame with every column at its dtype."""
        return pd.DataFrame({c: pd.Series(dtype=d) for c, d in self.columns.items()})

    def from_records(self, records: Iterable[Mapping[str, object]]) -> pd.DataFrame:
        """Build the table from row dicts, casting each column to its dtype.

        Columns missing from the records are filled with the dtype's missing value
        (``""`` for strings). Extra keys are dropped.
        """
        rows = list(records)
        if not rows:
            return self.empty()
        frame = pd.DataFrame.from_records(rows, columns=self.names)
        return self.conform(frame)

    def conform(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Return a copy of ``frame`` with exactly this schema's columns and dtypes."""
        out = {}
        n = len(frame)
        for col, dtype in self.columns.items():
            if col in frame.columns:
                s = frame[col]
            else:
                s = pd.Series([None] * n, index=frame.index, dtype="object")
            if dtype == "str":
                s = s.astype("object").where(s.notna(), "").astype("str")
            elif dtype == "bool":
                s = s.astype("object").where(s.notna(), False).astype("bool")
            elif dtype.startswith("datetime64"):
                aware = "," in dtype  # "datetime64[ns, UTC]" vs naive "datetime64[ns]"
                s = pd.to_datetime(s, utc=aware, errors="coerce")
                s = s.astype(dtype)
            else:
                s = s.astype(dtype)
            out[col] = s
        return pd.DataFrame(out, index=frame.index).reset_index(drop=True)

    def validate(self, frame: pd.DataFrame) -> None:
        """Raise ``ValueError`` naming every missing column or wrong dtype."""
        problems = []
        for col, dtype in self.columns.items():
            if col not in frame.columns:
                problems.append(f"missing column {col!r}")
            elif str(frame[col].dtype) != str(pd.Series(dtype=dtype).dtype):
                problems.append(f"column {col!r} is {frame[col].dtype}, expected {dtype}")
        if problems:
            raise ValueError(f"{self.name} table does not match its schema: " + "; ".join(problems))

    def docstring_table(self) -> str:
        """The column table in numpydoc-friendly RST, for docs and the README."""
        width = max(len(c) for c in self.columns) + 4
        lines = [f"{'column':<{width}} {'dtype':<22} meaning"]
        for col, dtype in self.columns.items():
            lines.append(f"{'``' + col + '``':<{width}} {dtype:<22} {self.doc.get(col, '')}")
        return "\n".join(lines)
