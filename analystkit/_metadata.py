"""Metadata inferred from an article's text: title, outlet, author and publication date.

These are used where a file carries no metadata of its own (plain text), or for the
fields its metadata lacks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pandas as pd

TITLE_MAX = 140  # a first line longer than this is a paragraph, not a headline

# --- title -------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "maj", "adm", "sen",
        "rep", "gov", "st", "jr", "sr", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jan",
        "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx",
        "est", "dept", "univ",
    }
)  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{1,40}(?:\([^)]{1,40}\))?\s*(?:--|—|–|-)\s+(?=\S)")
_MD_HEADING = re.compile(r"^#{1,6}\s+")


def infer_title(text: str, *, markdown: bool = False) -> str:
    """The title of a text: its first non-empty line, or that line's first sentence.

    A first line longer than a headline (``TITLE_MAX`` characters) is a lede paragraph:
    its first sentence is used, without a leading dateline ("LONDON -- "), shortened
    at a word boundary with "…" if still too long.

    Examples
    --------
    >>> infer_title("\\nKyiv hit by drones\\nBody.")
    'Kyiv hit by drones'
    >>> infer_title("LONDON -- Russia hit Ukraine with its biggest attack. " * 4)
    'Russia hit Ukraine with its biggest attack.'
    """
    line = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    if markdown:
        line = _MD_HEADING.sub("", line).strip()
    if len(line) <= TITLE_MAX:
        return line
    line = _DATELINE.sub("", line)
    sentence = first_sentence(line)
    if len(sentence) <= TITLE_MAX:
        return sentence
    cut = sentence[: TITLE_MAX - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–—-") + "…"


def first_sentence(paragraph: str) -> str:
    """The first sentence of a paragraph (abbreviations such as "U.S." and "Mr." kept whole).

    >>> first_sentence("U.S. President Trump spoke. Then Mr. Putin called.")
    'U.S. President Trump spoke.'
    """
    for m in _SENTENCE_END.finditer(paragraph):
        word = paragraph[: m.start() + 1].rsplit(None, 1)[-1].rstrip(".!?")
        bare = word.strip("\"'“‘(").lower()
        if len(bare) <= 1 or "." in bare or bare in _ABBREVIATIONS:
            continue
        return paragraph[: m.end()].rstrip()
    return paragraph


# --- date in the text --------------------------------------------------------------------

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TEXT_DATES = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)/(?P<month>[01]?\d)/(?P<day>[0-3]?\d)\b"),
]
DATE_LINES = 8  # how many non-empty lines at the top are searched
DATE_LINE_MAX = 80  # a dateline is short; a longer line is prose (event dates, not publication)


def date_in_text(text: str) -> pd.Timestamp | None:
    """A publication date written on a short line near the top, e.g. "Jul 05, 2025".

    Only full dates (day, month and year) on a line of at most ``DATE_LINE_MAX``
    characters within the first ``DATE_LINES`` non-empty lines count: a date inside a
    sentence or a headline is usually the date of an event, and "Friday" is never a date.

    Examples
    --------
    >>> date_in_text("Headline\\n\\nJul 05, 2025\\n\\nKyiv [Ukraine], July 5: ...")
    Timestamp('2025-07-05 00:00:00+0000', tz='UTC')
    >>> date_in_text("Headline\\nPublished on Friday\\nBody.") is None
    True
    """
    n = 0
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        n += 1
        if n > DATE_LINES:
            break
        if len(line) > DATE_LINE_MAX or "@" in line:
            continue  # prose, or an embedded post ("— Name (@handle) March 16, 2024")
        for rx in _TEXT_DATES:
            m = rx.search(line)
            if m is None:
                continue
            if n == 1 and m.end() - m.start() < 0.6 * len(line):
                break  # a date inside the headline dates the event, not the article
            month = m.group("month")
            month_n = int(month) if month.isdigit() else _MONTHS[month.lower()]
            try:
                when = datetime(int(m.group("year")), month_n, int(m.group("day")))
            except ValueError:
                continue
            return pd.Timestamp(when, tz=UTC)
    return None


# --- dates from metadata -----------------------------------------------------------------

_HAS_YEAR = re.compile(r"(?:19|20)\d\d")


def parse_dates(values: Sequence[object]) -> pd.Series:
    """Parse metadata date values to UTC timestamps; NaT where unparseable.

    Accepts ISO 8601 ("2022-08-01T16:23:25Z", "20220101T120000Z"), "2022/06/23",
    "Jul 5, 2025", Unix seconds or milliseconds, and datetime objects. Naive times are
    taken as UTC. A value without a four-digit year ("Friday") is never parsed.

    Examples
    --------
    >>> [str(t) for t in parse_dates(["20220101T120000Z", "2022/06/23", "Friday", None])]
    ['2022-01-01 12:00:00+00:00', '2022-06-23 00:00:00+00:00', 'NaT', 'NaT']
    """
    cleaned: list[object] = []
    for v in values:
        if isinstance(v, bool) or v is None:
            cleaned.append(None)
        elif isinstance(v, int | float):
            cleaned.append(_epoch(v))
        elif isinstance(v, str):
            v = v.strip()
            cleaned.append(v if _HAS_YEAR.search(v) else None)
        else:
            cleaned.append(v)
    series = pd.Series(cleaned, dtype="object")
    out = pd.to_datetime(series, utc=True, errors="coerce", format="ISO8601")
    retry = out.isna() & series.notna()
    if retry.any():
        out[retry] = pd.to_datetime(series[retry], utc=True, errors="coerce", format="mixed")
    return out.astype("datetime64[ns, UTC]")


def _epoch(v: float) -> pd.Timestamp | None:
    if v != v:  # NaN
        return None
    if 1e9 <= abs(v) < 1e11:
        return pd.Timestamp(v, unit="s", tz="UTC")
    if 1e11 <= abs(v) < 1e14:
        return pd.Timestamp(v, unit="ms", tz="UTC")
    return None


# --- source (outlet) ---------------------------------------------------------------------

_SOURCE_LINE = re.compile(r"^Sources?\s*:\s*(?P<src>\S.{0,200}?)\s*$", re.IGNORECASE)
_COURTESY = re.compile(
    r"\bcourtesy of,?\s*(?:and\s+owned\s+and\s+copyrighted\s+by,?\s*)?"
    r"(?P<src>https?://[^\s,;]+|(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b)",
    re.IGNORECASE,
)
_REPUBLISHED = re.compile(
    r"\b(?:originally\s+(?:published|appeared|posted)\s+(?:on|in|at|by)"
    r"|republished\s+(?:from|with permission from))\s+"
    r"(?P<src>https?://[^\s,;]+|(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b"
    r"|(?:The\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4})"
)
# "KYIV (Reuters) -": the wire in parentheses credits the outlet; the place does not.
_AGENCY_DATELINE = re.compile(
    r"^[A-Z][\w .,'’-]{0,40}?\((?P<src>[A-Z][\w .&'-]{1,30})\)\s*(?:--|—|–|-|:)"
)
# CNN writes its own name as the dateline: "CNN —" or "Hong Kong CNN —".
_CNN_DATELINE = re.compile(r"^(?:[\w .,'’-]{0,40}\s)?\(?(?P<src>CNN)\)?\s*(?:—|–|--)(?:\s|$)")
EDGE_LINES = 5  # lines at the top and at the bottom searched for credit lines


def source_in_text(text: str) -> str:
    """The outlet credited in the first or last few lines of ``text``; "" if none.

    Recognised: "Source: X" lines, "courtesy of … https://outlet.com" and
    "originally published on / republished from X" disclaimers, a wire credited in a
    dateline ("KYIV (Reuters) -"), and CNN's "CNN —". A dateline place ("LONDON --")
    is not an outlet, and neither is a photo credit.

    Examples
    --------
    >>> source_in_text("Body.\\nSource: Thanh Nien Newspaper")
    'Thanh Nien Newspaper'
    >>> source_in_text("Body.\\nThis content is courtesy of, and owned and copyrighted by, "
    ...                "https://thecongressionalinsider.com and its author.")
    'thecongressionalinsider.com'
    >>> source_in_text("LONDON -- Russia overnight hit Ukraine.")
    ''
    """
    head = _edge_lines(text.split("\n", 50), EDGE_LINES)
    if not head:
        return ""
    tail = _edge_lines(reversed(text.rsplit("\n", 50)), EDGE_LINES)
    edge = tail + head
    lines = head
    for line in edge:
        m = _SOURCE_LINE.match(line)
        if m:
            return clean_source(m.group("src"))
    for line in edge:
        m = _COURTESY.search(line) or _REPUBLISHED.search(line)
        if m:
            return clean_source(m.group("src"))
    for line in lines[:3]:
        m = _AGENCY_DATELINE.match(line) or _CNN_DATELINE.match(line)
        if m:
            return m.group("src").strip()
    return ""


def _edge_lines(lines: Iterable[str], n: int) -> list[str]:
    """The first ``n`` non-blank lines of ``lines``, stripped."""
    out = []
    for line in lines:
        line = line.strip()
        if line:
            out.append(line)
            if len(out) == n:
                break
    return out


def clean_source(value: str) -> str:
    """An outlet name as written, or a URL reduced to its host without "www."."""
    value = value.strip().rstrip(".,;:")
    if re.match(r"^(?:https?://|www\.)", value, re.IGNORECASE):
        return domain_of(value)
    return value


def domain_of(url: str) -> str:
    """The host of a URL, lower case, without "www." ("" if there is none).

    >>> domain_of("https://www.Example.com/news/1")
    'example.com'
    """
    url = url.strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*://", url, re.IGNORECASE):
        url = "//" + url
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


# --- author ------------------------------------------------------------------------------

_AUTHOR_LABEL = re.compile(
    r"^(?:Authors?(?:\s*/\s*authors?)?|Authored by|Written by|Posted by|Byline|By)\b\s*:?\s*",
    re.IGNORECASE,
)


def author_from_removed(removed: Iterable[Mapping[str, object]]) -> str:
    """The author named on a removed author line or byline ("Author: Editor" → "Editor").

    >>> author_from_removed([{"rule": "byline", "removed": "By Jane Doe, Kyiv"}])
    'Jane Doe'
    """
    for r in removed:
        if r.get("rule") in ("author_line", "byline"):
            line = str(r.get("removed", "")).strip()
            if not _AUTHOR_LABEL.match(line):
                continue  # "Reporting by …" credits, not the author line
            name = _AUTHOR_LABEL.sub("", line, count=1)
            name = re.split(r"\s*(?:,|\||\bin\b|\bvia\b|\s/\s)\s*", name, maxsplit=1)[0]
            return name.strip()
    return ""
