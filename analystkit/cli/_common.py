"""Options and output shared by the subcommands."""

from __future__ import annotations

import argparse
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("table", "csv", "json", "parquet", "xlsx")
_SUFFIX_FORMAT = {".csv": "csv", ".json": "json", ".jsonl": "json", ".parquet": "parquet",
                  ".txt": "table", ".xlsx": "xlsx"}


def add_table_command(sub: argparse._SubParsersAction, name: str, *, help: str,
                      description: str, run) -> argparse.ArgumentParser:
    """Register a subcommand that reads PATH... and writes a table (--format, -o).

    The caller adds its own options to the returned parser.
    """
    parser = sub.add_parser(name, help=help, description=description)
    add_paths(parser)
    add_output_options(parser)
    add_outlet_options(parser)
    parser.set_defaults(func=run)
    return parser


def add_paths(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    """Add the positional PATH... argument (files, folders or globs)."""
    parser.add_argument(
        "paths",
        nargs="+" if required else "*",
        metavar="PATH",
        help="files, folders (read recursively) or glob patterns",
    )


def add_outlet_options(parser: argparse.ArgumentParser) -> None:
    """Add --outlet and --outlet-map (the outlet of inputs that name none), and the
    loader's per-article size limit, --max-article-mb."""
    parser.add_argument(
        "--max-article-mb", type=float, default=None, metavar="MB",
        help="skip any article (a file, row, line or JSON item) whose text is longer than "
             "MB million characters (default: 5), whatever its format",
    )
    parser.add_argument(
        "--outlet", metavar="NAME", default=None,
        help="the outlet of every article whose input names none (e.g. a CSV without a "
             "source column: --outlet 'The Guardian'); an outlet the input states is kept",
    )
    parser.add_argument(
        "--outlet-map", metavar="FILE", default=None,
        help="for mixed folders: a CSV (columns pattern,outlet) or TOML ([outlets] "
             "\"pattern\" = \"Outlet\") file mapping path globs (guardian/*) or URL "
             "domains (kyivindependent.com) to outlet names",
    )


def read_tally_file(path: str | None):
    """:func:`analystkit.read_tallies` of ``--tallies FILE`` (``None`` passes through); any
    failure is a one-line ``ValueError`` naming the file."""
    if path is None:
        return None
    from analystkit.tallies import read_tallies

    try:
        return read_tallies(path)
    except Exception as exc:  # pandas' parser errors do not name the file
        from analystkit.cli import error_line

        reason = error_line(exc)
        if str(path) in reason:
            raise ValueError(reason) from None
        raise ValueError(f"{path}: not a readable tally file: {reason}") from None


def check_output_folder(output: str | None) -> None:
    """Fail early, in one line, when ``-o FILE``'s folder does not exist."""
    if output is None:
        return
    parent = Path(output).parent
    if not parent.is_dir():
        raise ValueError(f"{output}: the folder {parent} does not exist")


_OPTION_FILES = ("lexicon", "actors", "tallies", "outlet_map", "corrections")


def check_option_files(args: argparse.Namespace) -> None:
    """Fail early, in one line naming the file, on an option file (``--lexicon``,
    ``--actors``, ``--tallies``, ``--outlet-map``, ``--corrections``) that is missing, a
    folder, or TOML that does not parse; before any article is read."""
    import tomllib

    for name in _OPTION_FILES:
        value = getattr(args, name, None)
        if value is None or not isinstance(value, str):
            continue
        flag = "--" + name.replace("_", "-")
        path = Path(value)
        if not path.exists():
            raise ValueError(f"{value}: no such file (given to {flag})")
        if path.is_dir():
            raise ValueError(f"{value}: is a folder, not a file (given to {flag})")
        if path.suffix.lower() != ".toml":
            continue
        try:
            tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError:
            raise ValueError(f"{value}: not UTF-8 text (given to {flag})") from None
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{value}: not valid TOML: {exc} (given to {flag})") from None


def add_corrections_option(parser: argparse.ArgumentParser) -> None:
    """Add --corrections FILE (see :mod:`analystkit.corrections`)."""
    parser.add_argument(
        "--corrections", metavar="FILE", default=None,
        help="a corrections CSV (analystkit.corrections.record): fixes re-applied to the "
             "rows they still match, marked in the corrected / correction columns; stale "
             "ones (the article changed) are listed on stderr, not applied",
    )


def no_engine_corrections(args: argparse.Namespace) -> None:
    """``--corrections`` runs in this process only: say so with the engine options."""
    if getattr(args, "corrections", None):
        raise ValueError("--corrections cannot be combined with --engine, --workers, "
                         "--scheduler, --partition-mb or --progress (yet): drop those")


@contextmanager
def correction_messages():
    """Print each stale correction as one line on stderr instead of a Python warning."""
    from analystkit.corrections import CorrectionWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CorrectionWarning)
        yield
    for w in caught:
        if issubclass(w.category, CorrectionWarning):
            for line in str(w.message).splitlines():
                print(f"analystkit: {line.strip()}", file=sys.stderr)
        else:
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)


def load_options(args: argparse.Namespace) -> dict[str, object]:
    """The loader keywords the command line sets: ``outlet``, ``outlet_map`` and, with
    ``--max-article-mb``, ``max_article_chars``."""
    options: dict[str, object] = {"outlet": getattr(args, "outlet", None),
                                  "outlet_map": getattr(args, "outlet_map", None)}
    mb = getattr(args, "max_article_mb", None)
    if mb is not None:
        options["max_article_chars"] = int(mb * 1_000_000)
    return options


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """Add --format and -o/--output."""
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: from the -o suffix, else table)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.add_argument(
        "--spreadsheet-safe",
        action="store_true",
        help="CSV only: put a ' before text cells starting with = + - @ (or a tab / carriage "
             "return), so a spreadsheet shows them instead of running them as formulas; the "
             "cells then differ from the article text by that one character",
    )


def resolve_format(args: argparse.Namespace) -> str:
    """The output format: ``--format``, else the ``-o`` suffix, else ``table``.

    Raises ``ValueError`` (one line naming the file and the supported suffixes) for an
    ``-o`` suffix that says no format, unless ``--format`` says it.
    """
    if args.format:
        return args.format
    if args.output:
        suffix = Path(args.output).suffix.lower()
        if suffix not in _SUFFIX_FORMAT:
            what = f"unknown output extension {suffix!r}" if suffix else "no output extension"
            raise ValueError(f"{args.output}: {what}; supported: "
                             f"{', '.join(_SUFFIX_FORMAT)} (or give --format)")
        return _SUFFIX_FORMAT[suffix]
    return "table"


def write_table(frame: pd.DataFrame, args: argparse.Namespace, *, table_columns=None,
                name: str = "table") -> None:
    """Write ``frame`` in the format the user asked for, to -o or stdout.

    ``name`` is the table's name: the sheet of an Excel workbook (``-o FILE.xlsx``).
    """
    fmt = resolve_format(args)
    out = args.output
    if fmt == "xlsx":
        from analystkit.cli._excel import write_workbook

        if not out:
            raise ValueError("--format xlsx needs -o FILE (a workbook is binary)")
        write_workbook({name: frame}, out)
        return
    if fmt == "parquet":
        if not out:
            raise ValueError("--format parquet needs -o FILE (Parquet is binary)")
        frame.to_parquet(out, index=False)
        return
    if fmt == "csv":  # written in chunks: no second copy of a big table as one string
        if getattr(args, "spreadsheet_safe", False):
            frame = defuse_formulas(frame)
        frame.to_csv(out or sys.stdout, index=False)
        if not out:
            sys.stdout.flush()
        return
    if fmt == "json":
        text = frame.to_json(orient="records", date_format="iso", force_ascii=False, indent=1)
        text += "\n"
    else:
        text = render_table(frame, table_columns)
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot start a spreadsheet formula.

    Cells beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return get a
    leading ``'`` (OWASP's advice against CSV injection); numbers and other cells are
    unchanged. ``frame`` is not modified.

    Examples
    --------
    >>> import pandas as pd
    >>> defuse_formulas(pd.DataFrame({"t": ["=HYPERLINK(x)", "ok", "-5"]}))["t"].tolist()
    ["'=HYPERLINK(x)", 'ok', "'-5"]
    """
    import pandas as pd

    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_string_dtype(out[col]):
            s = out[col]
            risky = s.str.startswith(_FORMULA_START).fillna(False).astype(bool)
            if risky.any():
                out[col] = s.where(~risky, "'" + s)
    return out


def render_table(frame: pd.DataFrame, columns=None, max_width: int = 60) -> str:
    """A plain-text table for the terminal: chosen columns, long cells shortened."""
    import pandas as pd

    view = frame[list(columns)] if columns else frame
    view = view.copy()
    for col in view.columns:
        if pd.api.types.is_string_dtype(view[col]):
            view[col] = view[col].map(lambda s: _shorten(s, max_width))
    for col in view.columns:
        if pd.api.types.is_float_dtype(view[col]):
            view[col] = view[col].map(_number)
    with pd.option_context("display.width", 250, "display.max_columns", 50,
                           "display.max_rows", 10_000, "display.max_colwidth", max_width + 2):
        return view.to_string(index=False) + "\n"


def _number(x: float) -> str:
    """Readable numbers for the terminal: 539, 38,000,000,000, 12.5; blank for NaN."""
    if x != x:  # NaN
        return ""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def _shorten(value: object, width: int) -> object:
    if not isinstance(value, str):
        return value
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1] + "…"


def load_documents(paths: list[str], *, quiet: bool = False, **kw):
    """Load a corpus for a subcommand, reporting the summary and every skipped input on stderr.

    Keywords (``max_file_bytes``, ``dedupe``, ``outlet``, …) go to
    :func:`analystkit.load_corpus_with_report`. Raises ``ValueError`` (see
    :func:`no_articles`) when no article is loaded.
    """
    from analystkit.loading import load_corpus_with_report

    result = load_corpus_with_report(paths, **kw)
    if not quiet:
        report_load(result)
    if not len(result.documents):
        raise ValueError(no_articles(paths, len(result.skipped)))
    return result.documents


def no_articles(paths: list[str], n_skipped: int) -> str:
    """The one-line error for an input with no article in it.

    >>> no_articles(["empty/"], 0)
    'no articles loaded from empty/: no article file found'
    >>> no_articles(["a.csv", "b/"], 2)
    'no articles loaded from a.csv, b/: all 2 input(s) skipped (reasons above)'
    """
    where = ", ".join(map(str, paths))
    why = (f"all {n_skipped} input(s) skipped (reasons above)" if n_skipped
           else "no article file found")
    return f"no articles loaded from {where}: {why}"


def report_load(result) -> None:
    """Print the one-line load summary, then each skipped input with its reason, on stderr.

    One line per skipped input: control characters in a path (a newline in a file
    name) are escaped as ``\\n``.
    """
    report_counts(len(result.documents), result.skipped)


def report_counts(n_documents: int, skipped: pd.DataFrame) -> None:
    """:func:`report_load` from a document count and the skipped-inputs table."""
    from analystkit.loading import _one_line

    print(
        f"analystkit: loaded {n_documents} document(s); skipped {len(skipped)} input(s)",
        file=sys.stderr,
    )
    for row in skipped.itertuples(index=False):
        where = f" ({_one_line(row.location)})" if row.location else ""
        print(f"  skipped {_one_line(row.path)}{where}: {_one_line(row.reason)}", file=sys.stderr)
