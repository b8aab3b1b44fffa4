"""One reader per file format. Each turns a file's bytes into articles and skips.

A reader yields :class:`Article` (raw text plus whatever metadata the file carries) and
:class:`Skip` (a file, row or line that yields no article, with the reason), so one bad
row never stops the rest of the file. Cleaning, ids and de-duplication happen later,
in :mod:`analystkit.loading`.

The many-article text formats (JSON Lines, CSV / TSV) also have a streaming reader in
:data:`STREAMING`, which reads an open binary file line by line instead of its bytes: the
loader uses it for big files, so memory grows with the articles, not with the file.
"""

from __future__ import annotations

import csv
import functools
import itertools
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from analystkit._decode import (
    DecodeError,
    decode_bytes,
    decode_lines,
    normalise_newlines,
    split_lines,
)


@dataclass
class Article:
    """An article as read from its file, before cleaning."""

    path: str
    base_id: str
    location: str
    raw_text: str
    title: str = ""
    source: str = ""
    published: Any = None
    author: str = ""
    url: str = ""
    kind: str = "text"  # text, markdown, html or record


@dataclass(frozen=True)
class Skip:
    """An input that yields no article: the file, where in it, and why."""

    path: str
    location: str
    reason: str


Item = Article | Skip
Reader = Callable[[Path, bytes], Iterator[Item]]
StreamReader = Callable[[Path, BinaryIO], Iterator[Item]]

# Field names, matched case-insensitively and ignoring "_", "-" and spaces; first wins.
FIELDS: dict[str, tuple[str, ...]] = {
    "text": (
        "text", "body", "content", "article", "articles", "full_text", "article_text",
        "body_text", "maintext",
    ),
    "title": ("title", "headline", "headlines", "heading"),
    "published": (
        "published", "date", "seendate", "publish_date", "pubdate", "datetime", "published_at",
        "publication_date", "date_published", "pub_date",
    ),
    "source": (
        "source", "outlet", "site", "sitename", "site_name", "publisher", "domain",
        "source_name", "newspaper",
    ),
    "url": ("url", "link", "source_url", "canonical_url"),
    "author": ("author", "byline", "authors", "creator"),
}  # fmt: skip
# Keys under which a JSON object may hold its list of articles (else: any list of objects).
_CONTAINER_KEYS = (
    "articles", "data", "items", "results", "documents", "docs", "records", "entries",
    "posts", "news", "stories", "response",
)  # fmt: skip


def _norm(key: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(key).lower())


_ALIASES = {field: [_norm(a) for a in names] for field, names in FIELDS.items()}


def map_fields(keys: Iterable[object]) -> dict[str, list[Any]]:
    """For each field, the record's keys that may hold it, in priority order.

    >>> map_fields(["published", "headlines", "articles"])["text"]
    ['articles']
    """
    keys = tuple(keys)
    try:
        cached = _map_fields_cached(keys)  # records of one file share their keys
    except TypeError:  # an unhashable key
        return _map_fields(keys)
    return {field: list(found) for field, found in cached.items()}


@functools.lru_cache(maxsize=256)
def _map_fields_cached(keys: tuple[Any, ...]) -> dict[str, list[Any]]:
    return _map_fields(keys)


def _map_fields(keys: tuple[Any, ...]) -> dict[str, list[Any]]:
    by_norm: dict[str, list[Any]] = {}
    for k in keys:
        by_norm.setdefault(_norm(k), []).append(k)
    return {
        field: [k for alias in aliases for k in by_norm.get(alias, [])]
        for field, aliases in _ALIASES.items()
    }


def expected_text_fields() -> str:
    return ", ".join(FIELDS["text"])


# Lists nested deeper than this in a field are not read (a hostile file cannot exhaust
# the stack).
_MAX_FIELD_DEPTH = 8


def _as_text(value: Any, *, joiner: str = ", ", depth: int = 0) -> str:
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray, memoryview)):  # a Parquet binary column
        try:
            return decode_bytes(bytes(value)).text
        except DecodeError:
            return ""
    if not isinstance(value, (str, list, dict)) and hasattr(value, "tolist"):
        value = value.tolist()  # a numpy array (a Parquet list column) or numpy scalar
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value != value:
        return ""
    if isinstance(value, list):
        if depth >= _MAX_FIELD_DEPTH:
            return ""
        parts = (_as_text(v, depth=depth + 1) for v in value)
        return joiner.join(t for t in parts if t.strip())
    if isinstance(value, dict):
        for key in ("name", "title", "text", "value"):
            if isinstance(value.get(key), str):
                return value[key]
        return ""
    return str(value)


def _record(
    path: str, base_id: str, location: str, rec: Mapping[Any, Any], fields: Mapping[str, list[Any]]
) -> Item:
    """An article from one mapped record (CSV row, JSON object), or the reason it is none."""
    duplicated = getattr(rec, "duplicates", None)
    if duplicated:
        names = ", ".join(repr(k) for k in duplicated)
        return Skip(path, location, f"duplicate key {names} with different values: not loaded")
    text_keys = fields["text"]
    if not text_keys:
        keys = ", ".join(map(str, rec)) or "none"
        reason = f"no text field (fields: {keys}; expected one of: {expected_text_fields()})"
        return Skip(path, location, reason)
    text = ""
    for key in text_keys:
        text = _as_text(rec.get(key), joiner="\n\n")
        if text.strip():
            break
    if not text.strip():
        return Skip(path, location, f"empty text (field {text_keys[0]!r})")

    def first(field: str) -> str:
        for key in fields[field]:
            value = _as_text(rec.get(key)).strip()
            if value:
                return value
        return ""

    published = None
    for key in fields["published"]:
        value = rec.get(key)
        if value is not None and not (isinstance(value, str) and not value.strip()):
            published = value
            break
    return Article(
        path=path,
        base_id=base_id,
        location=location,
        raw_text=normalise_newlines(text),
        title=" ".join(first("title").split()),
        source=first("source"),
        published=published,
        author=first("author"),
        url=first("url"),
        kind="record",
    )


def _decode(path: Path, data: bytes, **kw: Any) -> str | Skip:
    try:
        return decode_bytes(data, **kw).text
    except DecodeError as exc:
        return Skip(str(path), "", str(exc))


# --- .txt / .md --------------------------------------------------------------------------


def read_text(path: Path, data: bytes) -> Iterator[Item]:
    """One article per file; the title is inferred later from the cleaned text."""
    text = _decode(path, data)
    del data  # only the text is needed now (for a big file, that is memory)
    if isinstance(text, Skip):
        yield text
        return
    kind = "markdown" if path.suffix.lower() in (".md", ".markdown") else "text"
    yield Article(str(path), path.stem, "", text, kind=kind)


# --- .html / .htm ------------------------------------------------------------------------

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_-]{2,40})""", re.IGNORECASE
)


# data: URIs of more than a few hundred characters (embedded images, fonts).
_DATA_URI = re.compile(r"""(["'(=]\s*)data:[^"'\s)>]{256,}""", re.IGNORECASE)
# libxml2's HTML parser drops everything below this depth (its limit is 256).
MAX_HTML_DEPTH = 250
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]{0,40})[^>]*?(/?)>")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


def _nesting_depth(text: str) -> int:
    """The deepest nesting of open tags, up to ``MAX_HTML_DEPTH + 1`` (an estimate: void
    and self-closed tags skipped, a close tag pops to its open tag when there is one)."""
    stack: list[str] = []
    deepest = 0
    for m in _TAG.finditer(text):
        closing, name, self_closed = m.group(1), m.group(2).lower(), m.group(3)
        if self_closed or name in _VOID:
            continue
        if closing:
            if name in stack:
                while stack and stack.pop() != name:
                    pass
            continue
        stack.append(name)
        if len(stack) > deepest:
            deepest = len(stack)
            if deepest > MAX_HTML_DEPTH:  # deep enough to refuse: the stack stays short
                break
    return deepest


def read_html(path: Path, data: bytes) -> Iterator[Item]:
    """Main text and metadata with trafilatura (imported only when an HTML file is seen)."""
    m = _META_CHARSET.search(data[:4096])
    text = _decode(path, data, declared=m.group(1).decode("ascii") if m else None)
    del data  # only the text is needed now (for a big file, that is memory)
    if isinstance(text, Skip):
        yield text
        return
    text = _DATA_URI.sub(r"\1data:,", text)  # an image's bytes are no text, and lxml
    # stops reading at a text node over 10 MB
    depth = _nesting_depth(text)
    if depth > MAX_HTML_DEPTH:
        reason = (
            f"HTML nested more than {MAX_HTML_DEPTH} tags deep (the HTML parser would "
            "stop reading there): not read"
        )
        yield Skip(str(path), "", reason)
        return
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - depends on the environment
        yield Skip(str(path), "", f"HTML support unavailable: {exc}")
        return
    try:
        doc = trafilatura.bare_extraction(
            text,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            # conservative dates: from the page's metadata, not guessed from its text
            date_extraction_params={
                "extensive_search": False,
                "original_date": True,
                "outputformat": "%Y-%m-%dT%H:%M:%S%z",
            },
        )
    except Exception as exc:  # trafilatura / lxml errors on broken markup
        yield Skip(str(path), "", f"HTML extraction failed: {type(exc).__name__}: {exc}")
        return
    body = normalise_newlines(getattr(doc, "text", None) or "") if doc is not None else ""
    if not body.strip():
        yield Skip(str(path), "", "no article text found in the HTML")
        return
    yield Article(
        path=str(path),
        base_id=path.stem,
        location="",
        raw_text=body,
        title=" ".join((doc.title or "").split()),
        source=(doc.sitename or doc.hostname or "").strip(),
        published=doc.date,
        author=(doc.author or "").strip(),
        url=(doc.url or "").strip(),
        kind="html",
    )


# --- .json / .jsonl ----------------------------------------------------------------------


def _json_error(exc: json.JSONDecodeError, line: int | None = None) -> str:
    where = line if line is not None else exc.lineno
    return f"malformed JSON at line {where}: {exc.msg} (column {exc.colno})"


def _json_limit(exc: RecursionError | ValueError, line: int | None = None) -> str:
    """The reason for JSON that parses but exceeds Python's limits (depth, digits)."""
    where = f" at line {line}" if line is not None else ""
    if isinstance(exc, RecursionError):
        return f"malformed JSON{where}: nested too deep"
    return f"malformed JSON{where}: {str(exc).split(':')[0]}"  # "Exceeds the limit (4300 digits)…"


def _has_text_field(obj: Mapping[Any, Any]) -> bool:
    return any(
        isinstance(obj.get(k), str) or _is_str_list(obj.get(k)) for k in map_fields(obj)["text"]
    )


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


class _Object(dict):  # type: ignore[type-arg]
    """A parsed JSON object that remembers the keys it was given twice with two values."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    seen: dict[str, Any] = {}
    dupes: list[str] = []
    for k, v in pairs:
        if k in seen and seen[k] != v and k not in dupes:
            dupes.append(k)
        seen.setdefault(k, v)
    if not dupes:
        return obj
    marked = _Object(obj)
    marked.duplicates = tuple(dupes)
    return marked


def _loads(text: str) -> Any:
    """``json.loads`` that marks objects holding a key twice (``{"text": 1, "text": 2}``)."""
    return json.loads(text, object_pairs_hook=_object)


# Objects nested deeper than this are not searched for articles.
_MAX_ARTICLE_DEPTH = 6


def _articles(obj: Any, depth: int = 0) -> Iterator[Any]:
    """Every article object in parsed JSON, in document order.

    A list gives each of its items; an object with a text field is an article, and so
    is every object with a text field in its lists (articles nested in an article); an
    object without one is searched in all of its lists and objects (``{"ukraine": […],
    "russia": […]}`` gives both lists). Items of a list of articles that are not objects
    are given as they are (the caller reports them).
    """
    if depth > _MAX_ARTICLE_DEPTH:
        return
    if isinstance(obj, list):
        for item in obj:
            if isinstance(item, (dict, list)):
                yield from _articles(item, depth + 1)
            else:
                yield item
        return
    if not isinstance(obj, dict):
        return
    if _has_text_field(obj):
        yield obj
        for v in obj.values():  # nested articles; other objects there are metadata
            if isinstance(v, list):
                for item in v:
                    if isinstance(item, dict) and _has_text_field(item):
                        yield from _articles(item, depth + 1)
        return
    holders = [
        v
        for v in obj.values()
        if (isinstance(v, list) and any(isinstance(x, dict) for x in v))
        or (isinstance(v, dict) and _holds_articles(v, depth + 1))
    ]
    if not holders:
        yield obj  # one record without a text field: the caller says so
        return
    for v in holders:
        yield from _articles(v, depth + 1)


def _holds_articles(obj: dict[Any, Any], depth: int) -> bool:
    if depth > _MAX_ARTICLE_DEPTH:
        return False
    if _has_text_field(obj):
        return True
    return any(
        (isinstance(v, list) and any(isinstance(x, dict) for x in v))
        or (isinstance(v, dict) and _holds_articles(v, depth + 1))
        for v in obj.values()
    )


def read_json(path: Path, data: bytes) -> Iterator[Item]:
    """An article object, an array of them, or an object holding such arrays (all read),
    articles nested in articles included."""
    text = _decode(path, data)
    del data  # only the text is needed now (for a big file, that is memory)
    if isinstance(text, Skip):
        yield text
        return
    try:
        obj = _loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and "\n" in text.strip():  # JSON Lines saved as .json
            yield from _read_json_lines(path, text)
            return
        yield Skip(str(path), "", _json_error(exc))
        return
    except (RecursionError, ValueError) as exc:  # nested too deep, a number too long
        yield Skip(str(path), "", _json_limit(exc))
        return
    if not isinstance(obj, (dict, list)):
        yield Skip(str(path), "", f"no articles in JSON (top level is {type(obj).__name__})")
        return
    items = list(_articles(obj))
    if not items:
        yield Skip(str(path), "", "no articles in JSON (empty list)")
        return
    if isinstance(obj, dict) and len(items) == 1 and items[0] is obj:
        yield _record(str(path), path.stem, "", obj, map_fields(obj))
        return
    for n, item in enumerate(items, start=1):
        loc = f"item {n}"
        if not isinstance(item, dict):
            yield Skip(str(path), loc, f"not a JSON object ({type(item).__name__})")
            continue
        yield _record(str(path), f"{path.stem}_{n}", loc, item, map_fields(item))


def read_jsonl(path: Path, data: bytes) -> Iterator[Item]:
    """One article object per line; blank lines are ignored."""
    text = _decode(path, data)
    del data  # only the text is needed now (for a big file, that is memory)
    if isinstance(text, Skip):
        yield text
        return
    yield from _read_json_lines(path, text)


def stream_jsonl(path: Path, raw: BinaryIO) -> Iterator[Item]:
    """Like :func:`read_jsonl`, reading an open binary file line by line."""
    try:
        lines = decode_lines(raw)
    except DecodeError as exc:
        yield Skip(str(path), "", str(exc))
        return
    seen = False
    for item in _json_lines(path, lines):
        seen = True
        yield item
    if not seen:
        yield Skip(str(path), "", "empty")


def _read_json_lines(path: Path, text: str) -> Iterator[Item]:
    # split on "\n" only: JSON strings may hold U+2028, which str.splitlines would split on
    yield from _json_lines(path, text.split("\n"))


def _json_lines(path: Path, lines: Iterable[str]) -> Iterator[Item]:
    """One item per non-blank line; lines are numbered from 1, blank ones included."""
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        loc = f"line {n}"
        try:
            obj = _loads(line)
        except json.JSONDecodeError as exc:
            yield Skip(str(path), loc, _json_error(exc, n))
            continue
        except (RecursionError, ValueError) as exc:  # nested too deep, a number too long
            yield Skip(str(path), loc, _json_limit(exc, n))
            continue
        if not isinstance(obj, dict):
            yield Skip(str(path), loc, f"not a JSON object ({type(obj).__name__})")
            continue
        yield _record(str(path), f"{path.stem}_{n}", loc, obj, map_fields(obj))


# --- .csv / .tsv -------------------------------------------------------------------------

_DELIMITERS = (",", ";", "\t", "|")


def read_csv(path: Path, data: bytes) -> Iterator[Item]:
    """One article per row; columns mapped by name. Row numbers exclude the header and
    blank lines, so ``{stem}_{n}`` is the n-th record (``pandas.read_csv(...).iloc[n - 1]``).
    """
    text = _decode(path, data)
    del data  # only the text is needed now (for a big file, that is memory)
    if isinstance(text, Skip):
        yield text
        return
    yield from _csv_rows(path, split_lines(text))  # not StringIO: 4 bytes a character


def stream_csv(path: Path, raw: BinaryIO) -> Iterator[Item]:
    """Like :func:`read_csv`, reading an open binary file line by line."""
    try:
        lines = decode_lines(raw)
    except DecodeError as exc:
        yield Skip(str(path), "", str(exc))
        return
    yield from _csv_rows(path, lines)


def _csv_rows(path: Path, lines: Iterator[str]) -> Iterator[Item]:
    """Articles from the lines of a CSV / TSV file (each line ends with its "\\n")."""
    first = next(lines, None)
    if first is None:
        yield Skip(str(path), "", "empty")
        return
    if path.suffix.lower() == ".tsv":
        delimiter = "\t"
    else:
        header_line = first.split("\n", 1)[0]
        delimiter = max(_DELIMITERS, key=lambda d: (header_line.count(d), d == ","))
    old_limit = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # article texts can be long
    try:
        yield from _csv_records(path, itertools.chain([first], lines), delimiter)
    finally:
        csv.field_size_limit(old_limit)


# Fed after a CSV file's last line: a row of its own, unless a quote was left open, when
# it ends up inside the last field (the csv module reads an open quote to the end).
_EOF_MARK = "\ufdd0analystkit: end of file\ufdd0"


def _csv_records(path: Path, lines: Iterator[str], delimiter: str) -> Iterator[Item]:
    reader = csv.reader(itertools.chain(lines, [_EOF_MARK + "\n"]), delimiter=delimiter)
    header: list[str] | None = None
    fields: dict[str, list[Any]] = {}
    repeated: dict[str, list[int]] = {}
    n = 0
    line = 1  # the line the next row starts on
    try:
        for row in reader:
            row_line, line = line, reader.line_num + 1
            if row and _EOF_MARK in row[-1]:
                if row == [_EOF_MARK]:
                    break
                where = f"row {n + 1}" if header is not None else "header"
                reason = (
                    f"malformed CSV: a quote opened at line {row_line} is never closed "
                    "(that row and the rest of the file not read)"
                )
                yield Skip(str(path), where, reason)
                return
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [h.strip() for h in row]
                fields = map_fields(header)
                if not fields["text"]:
                    columns = ", ".join(header)
                    reason = f"no text field (columns: {columns}; expected one of: "
                    yield Skip(str(path), "", reason + f"{expected_text_fields()})")
                    return
                for i, h in enumerate(header):
                    repeated.setdefault(h, []).append(i)
                repeated = {h: idx for h, idx in repeated.items() if len(idx) > 1}
                continue
            n += 1
            loc = f"row {n}"
            if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
                reason = (
                    f"malformed CSV row at line {row_line}: {len(row)} cells for "
                    f"{len(header)} columns (an unquoted {delimiter!r} in a field?): not loaded"
                )
                yield Skip(str(path), loc, reason)
                continue
            clash = [
                h
                for h, idx in repeated.items()
                if len({row[i] for i in idx if i < len(row) and row[i].strip()}) > 1
            ]
            if clash:
                names = ", ".join(repr(h) for h in clash)
                reason = f"duplicate column {names} with different values (line {row_line})"
                yield Skip(str(path), loc, reason + ": not loaded")
                continue
            rec = dict(zip(header, row, strict=False))
            for h, idx in repeated.items():  # the non-empty one of repeated columns
                rec[h] = next((row[i] for i in idx if i < len(row) and row[i].strip()), "")
            yield _record(str(path), f"{path.stem}_{n}", loc, rec, fields)
    except csv.Error as exc:
        reason = f"malformed CSV at row {n + 1}, line {line} (rest of file not read): {exc}"
        yield Skip(str(path), f"row {n + 1}", reason)
        return
    if header is None:
        yield Skip(str(path), "", "empty")
    elif n == 0:
        yield Skip(str(path), "", "no rows (a header only)")


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".markdown": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".csv": read_csv,
    ".tsv": read_csv,
}
SUPPORTED = tuple(sorted(READERS))
# The streaming reader of each reader that has one (see the module docstring).
STREAMING: dict[Reader, StreamReader] = {read_jsonl: stream_jsonl, read_csv: stream_csv}
