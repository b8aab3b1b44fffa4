"""``analystkit report [PATH...] [-o DIR]``: the HTML report of a corpus."""

from __future__ import annotations

import argparse
import contextlib
import sys

from analystkit.cli._common import add_corrections_option, add_paths


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="run the notebooks on a corpus and write a self-contained HTML report",
        description=(
            "Run the attack-scale, casualty-reporting and aid-and-narratives notebooks on "
            "the articles (default: the bundled seeds) and write one HTML page each, plus "
            "an index, to DIR. The pages need no network and no Jupyter to read. Progress "
            "goes to stderr; the path of index.html is printed on stdout."
        ),
    )
    add_paths(parser, required=False)
    parser.add_argument("-o", "--output", metavar="DIR", default="report",
                        help="folder to write the pages to (default: report)")
    parser.add_argument("--tallies", metavar="FILE",
                        help="official tally CSV for the attack-scale and campaign pages "
                             "(default: the bundled tally of the seed night; the whole "
                             "Air Force dataset gives the campaign its full record)")
    parser.add_argument("--taxonomy", metavar="FILE",
                        help="narrative taxonomy (a TOML file, or semeval-urw) for the "
                             "aid-and-narratives page (default: the bundled one)")
    parser.add_argument("--outlet", metavar="NAME",
                        help="the outlet of articles that name none (for example a CSV "
                             "export of one newspaper)")
    add_corrections_option(parser)
    parser.add_argument("--generated-at", metavar="TEXT",
                        help="timestamp written on the pages (default: SOURCE_DATE_EPOCH "
                             "if set, else now); fix it for identical reruns")
    parser.add_argument("--timeout", type=int, default=600, metavar="SECONDS",
                        help="time allowed per notebook cell (default: 600)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build the report; 0 when every page is written, 1 on an error, 130 on Ctrl-C
    (the previous report in ``-o DIR`` is then left as it was)."""
    from analystkit.report import ReportLocked, build_report

    _skip_iri_grammar()
    try:
        index = build_report(args.paths or None, args.output, tallies=args.tallies,
                             taxonomy=args.taxonomy, outlet=args.outlet,
                             corrections=args.corrections, generated_at=args.generated_at,
                             timeout=args.timeout)
    except ReportLocked as exc:
        _error(str(exc))
        return 1
    except KeyboardInterrupt:
        _error(f"interrupted; {args.output} is left as it was")
        return 130
    print(index)
    return 0


def _error(message: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # stderr closed: the code still says it
        print(f"analystkit report: error: {message}", file=sys.stderr)


def _skip_iri_grammar() -> None:
    """Keep ``rfc3987_syntax`` out of this process while jsonschema loads.

    nbformat (for nbclient and nbconvert) imports jsonschema, whose format checkers
    import ``rfc3987_syntax`` when it is installed (JupyterLab's dependencies bring it);
    that module compiles an IRI grammar at import, about a second, for a check that
    notebooks never use. Only in the ``analystkit report`` process, and only when
    jsonschema is not loaded yet: jsonschema then simply has no ``iri`` format checker.
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        return
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # import -> ImportError
    try:
        import jsonschema  # noqa: F401
    except ImportError:  # pragma: no cover - nbformat reports it later
        pass
    finally:
        del sys.modules["rfc3987_syntax"]
