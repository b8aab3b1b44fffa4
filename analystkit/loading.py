"""Load a pile of articles (folders, files, globs) into the documents table.

Formats: ``.txt`` / ``.md`` (one article per file), ``.html`` / ``.htm`` (main text and
metadata extracted with trafilatura), ``.json`` (an article object, an array of them, or
an object holding such an array), ``.jsonl`` / ``.ndjson`` (one article per line),
``.csv`` / ``.tsv`` and ``.parquet`` (one article per row). Every input is accounted
for: what is not loaded is listed, with its reason, in the load report.

Hostile input is loaded or reported, never fatal: files read whole (text, HTML, JSON) are
capped at ``max_file_bytes``; JSON Lines, CSV / TSV and Parquet files above 16 MiB are
streamed (memory grows with the articles, not with the file); named pipes and other
special files are not opened; broken or looping symbolic links, JSON nested too deep and
unreadable files are reported; stray NUL characters are removed from the text.

Examples
--------
>>> import analystkit
>>> docs = analystkit.load_corpus(analystkit.seeds_path())
>>> len(docs), docs.loc[3, "source"], str(docs.loc[3, "published"].date())
(5, 'Thanh Nien Newspaper', '2025-07-05')
"""

from __future__ import annotations

import dataclasses
import glob
import hashlib
import io
import itertools
import os
import re
import stat
import warnings
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Union

import pandas as pd

from analystkit._metadata import (
    author_from_removed,
    clean_source,
    date_in_text,
    infer_title,
    parse_dates,
    source_in_text,
)
from analystkit._outlets import OutletMap, Outlets, outlet_rules
from analystkit._readers import (
    READERS,
    STREAMING,
    Article,
    Item,
    Reader,
    Skip,
    StreamReader,
    map_fields,
    read_html,
    read_text,
)
from analystkit.boilerplate import DEFAULT_RULES, BoilerplateRule, remove_boilerplate
from analystkit.schemas import DOCUMENTS, REMOVED, SKIPPED

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "MAX_ARTICLE_CHARS",
    "MAX_FILE_BYTES",
    "LoadResult",
    "LoadWarning",
    "load_corpus",
    "load_corpus_with_report",
]

PathLike = Union[str, "os.PathLike[str]"]
Source = Union[PathLike, "Sequence[PathLike]", pd.DataFrame]

_GLOB_CHARS = re.compile(r"[*?\[]")
_NON_WORD_TOKEN = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")  # "-", "—", "…" standing alone
_WARN_LIST_MAX = 50

MAX_ARTICLE_CHARS = 5_000_000
"""Default ``max_article_chars``: an article (a file, row, line or JSON item) whose text is
longer than 5 million characters (about 5 MB) is skipped, whatever the format."""

MAX_FILE_BYTES = 50_000_000
"""Default ``max_file_bytes``: files read whole (text, Markdown, HTML, JSON) above 50 MB are
skipped. JSON Lines, CSV / TSV and Parquet files have no limit (big ones are streamed)."""
# Stream JSON Lines, CSV / TSV and Parquet files above this size instead of reading them whole.
_STREAM_ABOVE = 16 * 2**20
_ARROW_CHUNK_CHARS = 8_000_000
_TEXT_CHUNK = 1 << 20
_SPACE = re.compile(r"\s")
_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROL_CHARS = re.compile("[\x00-\x1f\x7f]")


class LoadWarning(UserWarning):
    """Issued by :func:`load_corpus` when some inputs were skipped (it lists them)."""


@dataclass(frozen=True, repr=False)
class LoadResult:
    """The documents table and the load report.

    Attributes
    ----------
    documents : pandas.DataFrame
        The documents table (see :func:`load_corpus`).
    skipped : pandas.DataFrame
        Every input not loaded, whole or in part::

            column       dtype                  meaning
            ``path``     str                    the file (or folder) that was not loaded, in whole or in part
            ``location`` str                    where in the file: 'line 2', 'row 17', or empty for the whole file
            ``reason``   str                    why: empty, binary, undecodable, malformed JSON, no text field, duplicate …

    removed : pandas.DataFrame
        Every boilerplate span removed from a loaded document::

            column      dtype                  meaning
            ``doc_id``  str                    the document
            ``rule``    str                    name of the boilerplate rule that matched
            ``start``   int64                  offset of the removed span in raw_text
            ``end``     int64                  end offset of the removed span in raw_text
            ``removed`` str                    the removed text
    """  # noqa: E501

    documents: pd.DataFrame
    skipped: pd.DataFrame
    removed: pd.DataFrame

    def __repr__(self) -> str:
        return (
            f"LoadResult(documents={len(self.documents)} rows, skipped={len(self.skipped)} rows, "
            f"removed={len(self.removed)} rows)"
        )

    def summary(self) -> str:
        """One line: how many documents were loaded and how many inputs skipped."""
        return f"loaded {len(self.documents)} document(s); skipped {len(self.skipped)} input(s)"


def load_corpus(
    source: Source,
    *,
    strict: bool = False,
    rules: Iterable[BoilerplateRule] | None = None,
    dedupe: bool = True,
    max_file_bytes: int | None = MAX_FILE_BYTES,
    outlet: str | None = None,
    outlet_map: OutletMap | None = None,
    max_article_chars: int | None = MAX_ARTICLE_CHARS,
) -> pd.DataFrame:
    """Load articles from folders, files or globs into the documents table.

    Parameters
    ----------
    source : str, path, list of those, or DataFrame
        A folder (read recursively; hidden files and folders are ignored), a file, a
        glob pattern (``"corpus/**/*.json"``), or a list of those. A DataFrame of
        articles (columns named as in a CSV file) is also accepted; it is not modified.
    strict : bool, default False
        Raise ``ValueError`` naming the file and the reason at the first input that
        cannot be loaded (including duplicates and unsupported files), instead of
        skipping it and reporting it.
    rules : iterable of BoilerplateRule, optional
        Boilerplate rules; :data:`analystkit.DEFAULT_RULES` by default, ``()`` for none.
        Extend with ``DEFAULT_RULES + (BoilerplateRule(...),)``.
    dedupe : bool, default True
        Skip articles whose cleaned text (whitespace-normalised) equals that of an
        article loaded before; the skip reason names the document kept.
    max_file_bytes : int or None, default :data:`MAX_FILE_BYTES` (50 MB)
        Skip, with the reason "too large …", any file above this size that must be read
        whole: ``.txt`` / ``.md`` and ``.html`` (one article each) and ``.json``. ``None``
        for no limit. JSON Lines, CSV / TSV and Parquet files are not limited: above
        16 MiB they are streamed, so memory grows with the articles loaded, not with the
        file (their encoding is then decided from the first megabyte).
    outlet : str, optional
        The outlet of every article whose input names none (a CSV without a source
        column: ``outlet="The Guardian"``). It never replaces an outlet the input states
        (a source / outlet / site field, a "Source: …" line, a "courtesy of …"
        disclaimer, a wire in the dateline) nor one the outlet map or the URL gives.
    outlet_map : str, path or mapping, optional
        For a mixed folder: a CSV (columns ``pattern``, ``outlet``) or TOML
        (``[outlets]`` table of ``"pattern" = "Outlet"``) file, or a mapping, from a path
        glob (``guardian/*``, ``nyt_*.csv``; matched from the right) or a URL domain
        (``kyivindependent.com``, subdomains included) to an outlet name. The first
        matching entry names the outlet of an article whose input names none. URLs of
        known news sites (``analystkit/data/outlets.toml``: theguardian.com,
        nytimes.com, reuters.com, tass.ru, …) and sources given as their bare domains
        are named without a map.
    max_article_chars : int or None, default :data:`MAX_ARTICLE_CHARS` (5 million)
        Skip, with the reason "too large for one article …", any article (a file, a row,
        a line, a JSON item) whose decoded text is longer than this many characters,
        whatever its format: the extractors' time and memory grow with the longest
        article, and no news article is 5 MB long. ``None`` for no limit. On the command
        line: ``--max-article-mb MB`` (millions of characters).

    Returns
    -------
    pandas.DataFrame
        One row per article, in load order (files sorted by path; rows, lines and items
        in file order)::

            column           dtype                  meaning
            ``doc_id``       str                    stable id: the file's path below the folder given, without extension, plus row / line number for multi-article files
            ``path``         str                    the file the article came from
            ``title``        str                    headline (metadata, or the first non-empty line of a text file)
            ``source``       str                    the outlet: as the input states it, else from ``outlet_map``, the URL or ``outlet``; empty otherwise
            ``published``    datetime64[ns, UTC]    publication time (UTC); NaT where unknown
            ``author``       str                    author, where known
            ``url``          str                    URL, where known
            ``text``         str                    cleaned text: every offset in every other table refers to it
            ``n_words``      int64                  number of words in text
            ``content_hash`` str                    SHA-256 of the normalised text (duplicate detection)
            ``raw_text``     str                    the decoded text before boilerplate removal

        ``doc_id`` is the file stem for one-article files and ``{stem}_{n}`` for
        multi-article files, n being the 1-based JSONL line number, CSV row number
        (header and blank lines excluded) or JSON array element; a DataFrame source gives
        ``row_{n}``. A file in a subfolder of the folder given (or of a glob's fixed
        part) has the subfolders in front: ``guardian/2025/kyiv`` for
        ``corpus/guardian/2025/kyiv.txt``. Ids depend only on the article's own path and
        row, not on the other files or the load order, so adding files never renames a
        document, except where the new file would take the same id: then a row keeps its
        id and a whole file takes its extension (``news_2.txt`` beside ``news.csv``'s row
        2); files that differ only in extension all take theirs (adding ``x.md`` beside
        ``x.txt`` makes it ``x.txt``); the same relative path under two folders given
        takes the folder's name (``guardian/x``, ``nyt/x``); a counter last, by path.
        ``raw_text`` is the decoded file (newlines normalised to ``\\n``); for HTML it is
        trafilatura's extracted text. Strings are never missing: unknown is ``""``.
        NUL characters are removed from every string, and lone surrogates (from JSON
        ``"\\ud800"`` escapes) replaced by U+FFFD; a file name that is not valid UTF-8
        appears in ``path`` and ``doc_id`` with its bytes escaped (``\\xe9``).

    Notes
    -----
    Nothing in the input stops the load: a folder named ``x.txt`` is read as a folder;
    named pipes, devices and sockets are skipped ("not a regular file"); a broken or
    looping symbolic link is skipped with that reason, and a symbolic link to a folder
    found inside a folder is not followed (and reported); JSON nested too deep for
    Python's parser is "malformed JSON: nested too deep"; a file with a few stray NUL
    bytes is text (more than 1 % NULs in its first 8 kB is "binary").

    Warns
    -----
    LoadWarning
        One warning listing each skipped input and its reason, if any were skipped.
        :func:`load_corpus_with_report` returns them as a table instead.

    Raises
    ------
    FileNotFoundError
        If a path does not exist or a glob matches nothing.
    ValueError
        With ``strict=True``, at the first input that cannot be loaded.

    See Also
    --------
    load_corpus_with_report : the same load, with the skipped inputs and removed
        boilerplate as tables.

    Examples
    --------
    >>> import analystkit
    >>> docs = analystkit.load_corpus(analystkit.seeds_path())
    >>> docs[["doc_id", "source", "n_words"]].head(2)
                     doc_id                       source  n_words
    0  000_fd51113278b0f16d                                   462
    1  001_3c117ee7df16badd  thecongressionalinsider.com      343
    >>> print(docs.loc[0, "title"])
    Russia Launches Record Drone and Missile Assault on Kyiv During Trump‑Putin Call
    """  # noqa: E501
    result = load_corpus_with_report(
        source, strict=strict, rules=rules, dedupe=dedupe, max_file_bytes=max_file_bytes,
        outlet=outlet, outlet_map=outlet_map, max_article_chars=max_article_chars,
    )
    if len(result.skipped):
        warnings.warn(LoadWarning(_warning_text(result)), stacklevel=2)
    return result.documents


def load_corpus_with_report(
    source: Source,
    *,
    strict: bool = False,
    rules: Iterable[BoilerplateRule] | None = None,
    dedupe: bool = True,
    max_file_bytes: int | None = MAX_FILE_BYTES,
    outlet: str | None = None,
    outlet_map: OutletMap | None = None,
    max_article_chars: int | None = MAX_ARTICLE_CHARS,
) -> LoadResult:
    """Load articles like :func:`load_corpus`, and return the load report with them.

    Parameters
    ----------
    source, strict, rules, dedupe, max_file_bytes, outlet, outlet_map, max_article_chars
        As for :func:`load_corpus`.

    Returns
    -------
    LoadResult
        ``documents`` (the documents table), ``skipped`` (path, location, reason of every
        input not loaded) and ``removed`` (doc_id, rule, start, end, removed: every
        boilerplate span cut from a loaded document, offsets into its ``raw_text``).
        No warning is issued: the report is the table.

    Examples
    --------
    >>> import analystkit
    >>> result = analystkit.load_corpus_with_report(analystkit.seeds_path())
    >>> result
    LoadResult(documents=5 rows, skipped=0 rows, removed=20 rows)
    >>> result.removed.loc[result.removed["doc_id"] == "001_3c117ee7df16badd", "rule"].tolist()
    ['promo_line', 'click_link', 'author_line', 'rss_disclaimer']
    >>> result.skipped.columns.tolist()
    ['path', 'location', 'reason']
    """
    rules = DEFAULT_RULES if rules is None else tuple(rules)
    outlets = outlet_rules(outlet, outlet_map)
    loader = _Loader(strict=strict, max_file_bytes=max_file_bytes, outlets=outlets,
                     max_article_chars=max_article_chars)
    if isinstance(source, pd.DataFrame):
        items: Iterator[Item] = _read_frame(source)
    else:
        items = loader.read_files(_expand_inputs(source))
    articles = loader.clean(items, rules)
    return loader.finish(articles, dedupe=dedupe)


# --- finding the files -------------------------------------------------------------------


def _expand(source: Any) -> list[tuple[Path, str | None]]:
    """Files to read, in order, each with ``None`` or the reason it is skipped outright."""
    return [(path, why) for path, why, _ in _expand_inputs(source)]


def _expand_inputs(source: Any) -> list[tuple[Path, str | None, str]]:
    """Files to read, in order, each with ``None`` or the reason it is skipped outright,
    and its id prefix: the folders between the folder given (or a glob's fixed part) and
    the file, ``"sub/"`` (``""`` for a file directly in it or given itself)."""
    if isinstance(source, str | os.PathLike):
        entries = [source]
    elif isinstance(source, Iterable):
        entries = list(source)
    else:
        raise TypeError(f"source must be a path, a glob or a list of them, not {source!r}")
    if not entries:
        raise ValueError("no source given: pass a folder, a file, a glob or a list of them")
    found: list[tuple[Path, str | None, str]] = []
    for entry in entries:
        if not isinstance(entry, str | os.PathLike):
            raise TypeError(f"source entries must be paths or globs, not {entry!r}")
        path = Path(entry)
        if path.is_dir():
            found.extend(_under(path, path))
        elif path.exists():
            found.append((path, None, ""))
        elif path.is_symlink():
            found.append((path, _BAD_LINK, ""))
        elif _GLOB_CHARS.search(os.fspath(entry)):
            matches = sorted(glob.glob(os.fspath(entry), recursive=True))
            if not matches:
                raise FileNotFoundError(f"no file or folder matches the pattern {entry!r}")
            base = _glob_base(os.fspath(entry))
            for m in matches:
                mp = Path(m)
                found.extend(_under(mp, base) if mp.is_dir() else [(mp, None, _prefix(mp, base))])
        else:
            raise FileNotFoundError(f"no such file or folder: {os.fspath(entry)!r}")
    seen: set[Path] = set()
    unique = []
    for path, why, prefix in found:
        try:
            key = path.resolve()
        except (OSError, RuntimeError):  # a symbolic link loop (RuntimeError before 3.13)
            key = path.absolute()
        if key not in seen:
            seen.add(key)
            unique.append((path, why, prefix))
    return unique


def _under(folder: Path, root: Path) -> list[tuple[Path, str | None, str]]:
    """:func:`_walk` of ``folder``, each file with its id prefix relative to ``root``."""
    return [(path, why, _prefix(path, root)) for path, why in _walk(folder)]


def _glob_base(pattern: str) -> Path:
    """The folder a glob pattern starts from: its leading parts without wildcards."""
    parts = Path(pattern).parts
    fixed = list(itertools.takewhile(lambda part: not _GLOB_CHARS.search(part), parts[:-1]))
    return Path(*fixed) if fixed else Path()


def _prefix(path: Path, root: Path) -> str:
    """The folders from ``root`` to ``path``'s folder, each followed by ``/``."""
    rel = os.path.relpath(path.parent, root)
    if rel == os.curdir or rel.startswith(os.pardir):
        return ""
    return "".join(part + "/" for part in Path(rel).parts)


def _walk(folder: Path) -> list[tuple[Path, str | None]]:
    """Files under ``folder``, sorted; hidden files and folders (``.name``) and symbolic
    links to folders are listed with their reason, not read (a link to a parent would
    loop)."""
    found: list[tuple[Path, str | None]] = []

    def unreadable(exc: OSError) -> None:
        found.append((Path(exc.filename or folder), f"unreadable folder: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable):
        if _REPORT_MARK in filenames:  # an analystkit report's pages, not articles
            found.append((Path(dirpath), _REPORT_FOLDER))
            dirnames[:] = []
            continue
        visible = sorted(d for d in dirnames if not d.startswith("."))
        links = [d for d in visible if os.path.islink(os.path.join(dirpath, d))]
        hidden = sorted(d for d in dirnames if d.startswith("."))
        dirnames[:] = [d for d in visible if d not in links]
        for name in sorted(filenames):
            why = _HIDDEN_FILE if name.startswith(".") else None
            found.append((Path(dirpath) / name, why))
        found.extend((Path(dirpath) / d, _HIDDEN_FOLDER) for d in hidden)
        found.extend((Path(dirpath) / d, _FOLDER_LINK) for d in links)
    return found


# The file build_report leaves in its output folder (see analystkit.report).
_REPORT_MARK = ".analystkit-report"
_REPORT_FOLDER = "an analystkit report's output folder: not read as articles"
_HIDDEN_FILE = "hidden file (name starts with '.'): not read (give its path to read it)"
_HIDDEN_FOLDER = "hidden folder (name starts with '.'): not read (give its path to read it)"
_BAD_LINK = "broken or looping symbolic link"
_FOLDER_LINK = "symbolic link to a folder: not followed (give the folder itself to read it)"


# --- a DataFrame source ------------------------------------------------------------------


def _read_frame(
    frame: pd.DataFrame, path: str = "", stem: str = "row", start: int = 1
) -> Iterator[Item]:
    """Articles from the rows of ``frame``, numbered from ``start``."""
    from analystkit._readers import _record

    fields = map_fields(frame.columns)
    if not fields["text"]:
        cols = ", ".join(map(str, frame.columns))
        yield Skip(path, "", f"no text field (columns: {cols})")
        return
    columns = list(frame.columns)
    for n, values in enumerate(frame.itertuples(index=False, name=None), start=start):
        rec = dict(zip(columns, values, strict=True))
        yield _record(path, f"{stem}_{n}", f"row {n}", rec, fields)


def _read_parquet(path: Path, data: bytes) -> Iterator[Item]:
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises several types for a bad file
        yield Skip(str(path), "", f"unreadable Parquet: {exc}")
        return
    if frame.empty:
        yield Skip(str(path), "", "empty")
        return
    yield from _read_frame(frame, str(path), path.stem)


def _stream_parquet(path: Path, raw: BinaryIO) -> Iterator[Item]:
    """Like :func:`_read_parquet`, one batch of rows at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(raw)
    except Exception as exc:  # pyarrow raises several types for a bad file
        yield Skip(str(path), "", f"unreadable Parquet: {exc}")
        return
    if parquet.metadata.num_rows == 0:
        yield Skip(str(path), "", "empty")
        return
    schema = parquet.schema_arrow
    start = 1
    for batch in parquet.iter_batches(batch_size=1024):
        frame = pa.Table.from_batches([batch], schema=schema).to_pandas()
        for item in _read_frame(frame, str(path), path.stem, start):
            yield item
            if isinstance(item, Skip) and not item.location:  # no text field: say it once
                return
        start += len(frame)


_ALL_READERS = {**READERS, ".parquet": _read_parquet}
_SUPPORTED_ALL = tuple(sorted(_ALL_READERS))
_STREAMING: dict[Reader, StreamReader] = {**STREAMING, _read_parquet: _stream_parquet}


# --- the load ----------------------------------------------------------------------------


@dataclass
class _Clean:
    article: Article
    text: str
    removed: list[dict[str, object]]
    title: str
    source: str
    author: str


class _Loader:
    def __init__(self, *, strict: bool, max_file_bytes: int | None = MAX_FILE_BYTES,
                 outlets: Outlets | None = None,
                 max_article_chars: int | None = MAX_ARTICLE_CHARS) -> None:
        self.strict = strict
        self.outlets = Outlets() if outlets is None else outlets
        self.max_file_bytes = None if max_file_bytes is None else int(max_file_bytes)
        self.max_article_chars = None if max_article_chars is None else int(max_article_chars)
        self.skipped: list[dict[str, str]] = []

    def skip(self, path: str, location: str, reason: str) -> None:
        path, location, reason = _path_str(path), _clean_str(location), _clean_str(reason)
        if self.strict:
            where = f" ({location})" if location else ""
            raise ValueError(f"{path or 'input'}{where}: {reason}")
        self.skipped.append({"path": path, "location": location, "reason": reason})

    def read_files(self, files: Iterable[tuple[Path, str | None] | tuple[Path, str | None, str]]
                   ) -> Iterator[Item]:
        """Items of each file: ``(path, why)`` or ``(path, why, id_prefix)`` (see
        :func:`_expand_inputs`), the prefix put in front of each article's ``base_id``."""
        for path, why, *prefix in files:
            if prefix and prefix[0]:
                yield from _prefixed(self._read_file(path, why), prefix[0])
            else:
                yield from self._read_file(path, why)

    def _read_file(self, path: Path, why: str | None) -> Iterator[Item]:
        """The items of one file, or the reason it is skipped."""
        if why is not None:
            yield Skip(str(path), "", why)
            return
        try:
            info = path.stat()
        except OSError as exc:
            bad_link = path.is_symlink()
            yield Skip(str(path), "", _BAD_LINK if bad_link else _unreadable(exc))
            return
        if not stat.S_ISREG(info.st_mode):  # a named pipe would block the read
            yield Skip(str(path), "", f"not a regular file ({_file_kind(info.st_mode)})")
            return
        reader = _ALL_READERS.get(path.suffix.lower())
        if reader is None:
            yield Skip(str(path), "", _unsupported_all(path))
            return
        stream = _STREAMING.get(reader)
        if stream is not None and info.st_size > _STREAM_ABOVE:
            yield from _stream_file(path, stream)
            return
        limit = self.max_file_bytes
        if stream is None and limit is not None and info.st_size > limit:
            yield Skip(str(path), "", _too_large(info.st_size, limit, reader))
            return
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield Skip(str(path), "", _unreadable(exc))
            return
        try:
            yield from reader(path, data)
        except Exception as exc:  # one bad file never aborts the load
            yield Skip(str(path), "", f"could not be read: {type(exc).__name__}: {exc}")

    def clean(self, items: Iterable[Item], rules: tuple[BoilerplateRule, ...]) -> list[_Clean]:
        out = []
        for item in items:
            if isinstance(item, Skip):
                self.skip(item.path, item.location, item.reason)
                continue
            limit = self.max_article_chars
            if limit is not None and len(item.raw_text) > limit:
                self.skip(item.path, item.location, _article_too_large(len(item.raw_text), limit))
                continue
            item = _sanitised(item)
            text, removed = remove_boilerplate(item.raw_text, rules)
            if not text:
                reason = "empty after boilerplate removal" if removed else "empty"
                self.skip(item.path, item.location, reason)
                continue
            title = item.title or infer_title(text, markdown=item.kind == "markdown")
            stated = clean_source(item.source) or source_in_text(item.raw_text)
            source = self.outlets.resolve(stated, item.path, item.url)
            author = item.author or author_from_removed(removed)
            out.append(_Clean(item, text, removed, title, source, author))
        return out

    def finish(self, articles: list[_Clean], *, dedupe: bool) -> LoadResult:
        ids = _unique_ids([c.article for c in articles])
        published = parse_dates([c.article.published for c in articles])
        docs: list[dict[str, object]] = []
        removed_rows: list[dict[str, object]] = []
        digests = [_content_hash(c.text) for c in articles]
        copy_of = _earlier_copies(ids, digests) if dedupe else [None] * len(ids)
        for c, doc_id, when, digest, first in zip(
            articles, ids, published, digests, copy_of, strict=True
        ):
            if first is not None:
                self.skip(c.article.path, c.article.location, f"duplicate of doc {first}")
                continue
            docs.append({"doc_id": doc_id, **_document_fields(c, when, digest)})
            removed_rows.extend({"doc_id": doc_id, **r} for r in c.removed)
        return LoadResult(
            documents=_documents_frame(docs),
            skipped=SKIPPED.from_records(self.skipped),
            removed=REMOVED.from_records(removed_rows),
        )


def _earlier_copies(ids: list[str], digests: list[str]) -> list[str | None]:
    """For each article, the id of the first earlier article with the same text hash, or
    None if it is the first of its text (the one kept)."""
    first_by_hash: dict[str, str] = {}
    out: list[str | None] = []
    for doc_id, digest in zip(ids, digests, strict=True):
        out.append(first_by_hash.get(digest))
        first_by_hash.setdefault(digest, doc_id)
    return out


def _document_fields(c: _Clean, when: object, digest: str) -> dict[str, object]:
    """A cleaned article's documents-table fields, all but ``doc_id`` (the date found in
    the text where the metadata gave none)."""
    if pd.isna(when):
        when = date_in_text(c.text)
    return {
        "path": c.article.path,
        "title": c.title,
        "source": c.source,
        "published": when,
        "author": c.author,
        "url": c.article.url,
        "text": c.text,
        "n_words": _count_words(c.text),
        "content_hash": digest,
        "raw_text": c.article.raw_text,
    }


def _documents_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """``DOCUMENTS.from_records(rows)`` with each string column built straight from its
    values: a text is copied once, into its Arrow column (the schema's cast would copy
    it three more times on the way, which for a big corpus is gigabytes)."""
    names = [n for n, dtype in DOCUMENTS.columns.items() if dtype == "str"]
    direct = [n for n in names if all(isinstance(row[n], str) for row in rows)]
    frame = DOCUMENTS.from_records([{**row, **dict.fromkeys(direct, "")} for row in rows])
    for name in direct if rows else ():
        frame[name] = _str_column([row[name] for row in rows])
    return frame


def _str_column(values: list[str]) -> pd.Series:
    """A ``str`` Series of ``values``, built in chunks of about 8 MB (one Arrow array for
    all would double its buffer as it grows: twice the column's size at the peak)."""
    import pyarrow as pa

    chunks, start, size = [], 0, 0
    for end, value in enumerate(values, start=1):
        size += len(value)
        if size >= _ARROW_CHUNK_CHARS or end == len(values):
            chunks.append(pa.array(values[start:end], type=pa.large_string()))
            start, size = end, 0
    return pd.Series(pa.chunked_array(chunks, type=pa.large_string()), dtype="str")


def _stream_file(path: Path, stream: StreamReader) -> Iterator[Item]:
    try:
        raw = path.open("rb")
    except OSError as exc:
        yield Skip(str(path), "", _unreadable(exc))
        return
    with raw:
        try:
            yield from stream(path, raw)
        except Exception as exc:  # one bad file never aborts the load (rows before it stay)
            yield Skip(str(path), "", f"could not be read: {type(exc).__name__}: {exc}")


def _prefixed(items: Iterator[Item], prefix: str) -> Iterator[Item]:
    """``items`` with ``prefix`` (the folders below the folder given) before each id."""
    for item in items:
        if isinstance(item, Article):
            item = dataclasses.replace(item, base_id=prefix + item.base_id)
        yield item


def _article_too_large(n_chars: int, limit: int) -> str:
    return (
        f"too large for one article ({n_chars:,} characters > {limit:,} limit; raise "
        f"max_article_chars (--max-article-mb) to load it)"
    )


def _unreadable(exc: OSError) -> str:
    return f"unreadable: {exc.strerror or exc}"


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")


def _too_large(size: int, limit: int, reader: Reader) -> str:
    one_article = reader in (read_text, read_html)
    what = "for one article" if one_article else "to read whole"
    advice = "raise max_file_bytes (--max-file-mb) to load it" + (
        "" if one_article else ", or save as JSON Lines")
    return f"too large {what} ({_size(size)} > {_size(limit, limit=True)} limit; {advice})"


def _size(n: int, *, limit: bool = False) -> str:
    """``200.0 MB`` (``50 MB`` for a limit), or ``2,048 bytes`` under a megabyte."""
    if n < 1_000_000:
        return f"{n:,} bytes"
    return f"{n / 1e6:g} MB" if limit else f"{n / 1e6:.1f} MB"


def _clean_str(value: str) -> str:
    """``value`` without NUL characters and with lone surrogates replaced by U+FFFD."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    if not value.isascii() and _SURROGATES.search(value):
        value = _SURROGATES.sub("\ufffd", value)
    return value


def _path_str(value: str) -> str:
    """A path that pandas can store: bytes that are not UTF-8 escaped as ``\\xe9``."""
    if value.isascii() or not _SURROGATES.search(value):
        return value
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", value)


def _sanitised(article: Article) -> Article:
    """The article with strings pandas can store (see :func:`_clean_str`, :func:`_path_str`)."""
    changes: dict[str, str] = {}
    for name in ("raw_text", "title", "source", "author", "url"):
        value = getattr(article, name)
        if value != (clean := _clean_str(value)):
            changes[name] = clean
    for name in ("path", "base_id"):
        value = getattr(article, name)
        if value != (clean := _path_str(value)):
            changes[name] = clean
    return dataclasses.replace(article, **changes) if changes else article


def _one_line(value: str) -> str:
    r"""``value`` with control characters escaped, for one line of a report (``\n``)."""
    if not _CONTROL_CHARS.search(value):
        return value
    return _CONTROL_CHARS.sub(lambda m: repr(m.group())[1:-1], value)


def _unsupported_all(path: Path) -> str:
    ext = f"'{path.suffix}'" if path.suffix else "no extension"
    return f"unsupported format ({ext}; supported: {', '.join(_SUPPORTED_ALL)})"


def _count_words(text: str) -> int:
    """Whitespace-separated tokens holding at least one letter or digit."""
    return sum(
        len(part.split()) - len(_NON_WORD_TOKEN.findall(part)) for part in _text_chunks(text)
    )


def _content_hash(text: str) -> str:
    """SHA-256 of the text with its whitespace normalised (``" ".join(text.split())``)."""
    digest = hashlib.sha256()
    first = True
    for part in _text_chunks(text):
        words = part.split()
        if words:
            digest.update((" " if not first else "").encode() + " ".join(words).encode("utf-8"))
            first = False
    return digest.hexdigest()


def _text_chunks(text: str) -> Iterator[str]:
    """``text`` in pieces of about a megabyte, each cut just before a whitespace character,
    so no token spans two pieces (a 200 MB text split whole is 2 GB of word objects)."""
    start = 0
    while len(text) - start > _TEXT_CHUNK:
        space = _SPACE.search(text, start + _TEXT_CHUNK)
        if space is None:
            break
        yield text[start : space.start()]
        start = space.start()
    yield text[start:] if start else text


_ROW_NUMBER = re.compile(r"_\d+$")


def _unique_ids(articles: list[Article]) -> list[str]:
    """Final ids: each article's ``base_id`` (its folders below the folder given, its
    stem and, for a row, ``_{n}``), qualified only where two inputs would give the same
    one; always unique.

    Ids depend on the articles' own paths and rows, never on load order, so adding a
    file never renames a document whose id it does not share. Where ids clash: a row
    keeps its id and a whole-file article takes its extension (``news_2.txt`` beside
    ``news.csv``'s row 2); files that differ only in extension all take theirs (``x.txt``,
    ``x.md``; ``x.csv_2``); the same relative path under two folders given takes the
    folder's name (``guardian/x``, ``nyt/x``); a counter last, by path.
    """
    ids = [a.base_id for a in articles]
    for level in range(3):
        clashing = _clashing(articles, ids)
        if not clashing:
            return ids
        for group in clashing.values():
            for k in _to_qualify(articles, group) if level == 0 else group:
                ids[k] = _qualified(articles[k], ids[k], by_folder=level > 0)
    taken = set(ids)
    for i, group in _clashing(articles, ids).items():
        for n, k in enumerate(sorted(group, key=lambda k: articles[k].path)[1:], start=2):
            while f"{i}_{n}" in taken:
                n += 1
            ids[k] = f"{i}_{n}"
            taken.add(ids[k])
    return ids


def _to_qualify(articles: list[Article], group: list[int]) -> list[int]:
    """Which articles of a clash take their extension: the whole-file ones if rows share
    their id, else all if their extensions tell them apart, else none."""
    whole = [k for k in group if not articles[k].location]
    if whole and len(whole) < len(group):
        return whole
    suffixes = {Path(articles[k].path).suffix.lower() for k in group}
    return group if len(suffixes) > 1 else []


def _clashing(articles: list[Article], ids: list[str]) -> dict[str, list[int]]:
    """The ids given to articles of more than one file, each with those articles."""
    groups: dict[str, list[int]] = defaultdict(list)
    for k, i in enumerate(ids):
        groups[i].append(k)
    return {
        i: group for i, group in groups.items() if len({articles[k].path for k in group}) > 1
    }


def _qualified(article: Article, doc_id: str, *, by_folder: bool) -> str:
    """``doc_id`` with the file's extension after its stem, or (``by_folder``) the name of
    the next folder up in front."""
    path = Path(article.path)
    if by_folder:
        depth = doc_id.count("/")
        folders = [p for p in path.parent.parts if p not in (path.anchor, "")]
        return f"{folders[-depth - 1]}/{doc_id}" if len(folders) > depth else doc_id
    if not path.suffix or doc_id.endswith(path.suffix):
        return doc_id
    row = _ROW_NUMBER.search(doc_id) if article.location else None
    head, tail = (doc_id[: row.start()], row.group()) if row else (doc_id, "")
    return f"{head}{path.suffix}{tail}"


def _warning_text(result: LoadResult) -> str:
    lines = [result.summary() + ":"]
    for row in result.skipped.head(_WARN_LIST_MAX).itertuples(index=False):
        where = f" ({_one_line(row.location)})" if row.location else ""
        lines.append(f"  {_one_line(row.path)}{where}: {_one_line(row.reason)}")
    extra = len(result.skipped) - _WARN_LIST_MAX
    if extra > 0:
        lines.append(f"  … and {extra} more (load_corpus_with_report lists them all)")
    return "\n".join(lines)
