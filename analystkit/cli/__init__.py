"""The ``analystkit`` command line.

Each subcommand lives in its own module ``analystkit.cli._<name>`` exposing
``register(subparsers)``; heavy imports happen inside the command's ``run``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys

from analystkit import __version__

# Order shown in --help.
_COMMANDS = ["docs", "figures", "claims", "compare", "narratives", "framing", "report"]


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every available subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="analystkit",
        description=(
            "Turn a pile of articles into tidy tables: documents, figures, claims, "
            "comparisons, narratives; and an HTML report."
        ),
    )
    parser.add_argument("--version", action="version", version=f"analystkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMANDS:
        try:
            module = importlib.import_module(f"analystkit.cli._{name}")
        except ModuleNotFoundError as exc:  # a command not built yet
            if exc.name == f"analystkit.cli._{name}":
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        from analystkit.cli._common import check_option_files, check_output_folder, resolve_format

        if hasattr(args, "format"):  # a table command: a bad -o fails before the load
            resolve_format(args)
            check_output_folder(args.output)
        check_option_files(args)
        return int(args.func(args) or 0)
    except BrokenPipeError:  # e.g. `analystkit figures seeds --format csv | head`
        sys.stderr.close()
        return 0
    except (OSError, ValueError, ImportError, LookupError) as exc:  # a missing file, …
        with contextlib.suppress(OSError, ValueError):  # stderr closed: the code still says it
            print(f"analystkit {args.command}: error: {error_line(exc)}", file=sys.stderr)
        return 1


def error_line(exc: BaseException) -> str:
    """One line for the user: the file and the reason, without ``[Errno 2]`` codes.

    Examples
    --------
    >>> error_line(FileNotFoundError(2, "No such file or directory", "/nope.csv"))
    '/nope.csv: No such file or directory'
    >>> error_line(ValueError("bad.toml: invalid TOML\\n  at line 3"))
    'bad.toml: invalid TOML; at line 3'
    """
    if isinstance(exc, OSError) and exc.strerror:
        reason = exc.strerror
        where = exc.filename if exc.filename is not None else ""
        if exc.filename2 is not None:
            where = f"{where} -> {exc.filename2}"
        text = f"{where}: {reason}" if where != "" else reason
    elif isinstance(exc, KeyError) and exc.args:
        text = f"missing {exc.args[0]!r}"
    else:
        text = str(exc) or type(exc).__name__
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return "; ".join(lines)
