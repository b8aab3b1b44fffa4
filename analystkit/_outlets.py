"""Which outlet an article comes from when its input does not say: a fixed outlet, an
outlet map (path globs and URL domains), and the known news sites' domains.

The loader asks :meth:`Outlets.resolve` for each article. The rules, in order:

1. an outlet the input states (a source / outlet / site field, a "Source: …" line, a
   "courtesy of …" disclaimer, a wire in the dateline) is kept; a bare domain
   ("theguardian.com") is given its site's name when known;
2. else the outlet map's first entry matching the article's path (a glob) or its URL's
   domain;
3. else the URL's domain, named when it is a known news site
   (``analystkit/data/outlets.toml``);
4. else the fixed outlet (``outlet=``, ``--outlet``); else none.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, Union

from analystkit._metadata import domain_of

OutletMap = Union[str, "os.PathLike[str]", Mapping[str, str]]

# a bare domain: labels separated by dots, no spaces or slashes
_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$", re.IGNORECASE)
_GLOB = re.compile(r"[*?\[/\\]")
# file suffixes that make a pattern without glob characters a file name, not a domain
_FILE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".csv",
                  ".tsv", ".parquet")


@dataclass(frozen=True)
class Outlets:
    """The outlet rules of one load (picklable: the Dask engine sends it to workers).

    Attributes
    ----------
    outlet : str
        The fixed outlet for inputs that carry none ("" for none).
    paths : tuple of (glob, outlet)
        Path globs of the outlet map, in file order, matched from the right
        (``guardian/*.txt`` matches ``corpus/guardian/a.txt``).
    domains : tuple of (domain, outlet)
        URL domains of the outlet map, in file order; a subdomain matches.
    """

    outlet: str = ""
    paths: tuple[tuple[str, str], ...] = ()
    domains: tuple[tuple[str, str], ...] = ()

    def resolve(self, stated: str, path: str, url: str) -> str:
        """The outlet of one article (see the module docstring for the order).

        Examples
        --------
        >>> rules = Outlets("The Guardian", (("nyt/*", "The New York Times"),))
        >>> rules.resolve("", "corpus/nyt/a.txt", "")
        'The New York Times'
        >>> rules.resolve("", "corpus/b.txt", "https://www.reuters.com/world/x")
        'Reuters'
        >>> rules.resolve("", "corpus/b.txt", ""), rules.resolve("TASS", "nyt/c.txt", "")
        ('The Guardian', 'TASS')
        """
        if stated:
            return (known_outlet(stated) or stated) if _DOMAIN.match(stated) else stated
        mapped = self._mapped(path, url)
        if mapped:
            return mapped
        host = domain_of(url) if url else ""
        if host:
            return known_outlet(host) or host
        return self.outlet

    def _mapped(self, path: str, url: str) -> str:
        if path and self.paths:
            posix = PurePosixPath(path.replace("\\", "/"))
            for pattern, name in self.paths:
                if posix.match(pattern):
                    return name
        host = domain_of(url) if url and self.domains else ""
        if host:
            for domain, name in self.domains:
                if _under(host, domain):
                    return name
        return ""


def outlet_rules(outlet: str | None = None, outlet_map: OutletMap | None = None) -> Outlets:
    """Build the loader's :class:`Outlets` from ``outlet=`` and ``outlet_map=``.

    ``outlet_map`` is a CSV or TOML file (see :func:`read_outlet_map`) or a mapping of
    pattern -> outlet.
    """
    fixed = (outlet or "").strip()
    pairs = [] if outlet_map is None else _pairs(outlet_map)
    paths, domains = [], []
    for pattern, name in pairs:
        if is_domain_pattern(pattern):
            domains.append((pattern.lower(), name))
        else:
            paths.append((pattern, name))
    return Outlets(fixed, tuple(paths), tuple(domains))


def is_domain_pattern(pattern: str) -> bool:
    """True when an outlet-map pattern is a URL domain, not a path glob.

    A pattern with ``/``, ``*``, ``?`` or ``[`` is a path glob, and so is a file name
    ending in an article suffix (``guardian.csv``); any other dotted name is a domain.

    >>> is_domain_pattern("nytimes.com"), is_domain_pattern("nyt/*"), is_domain_pattern("a.csv")
    (True, False, False)
    """
    if _GLOB.search(pattern) or pattern.lower().endswith(_FILE_SUFFIXES):
        return False
    return bool(_DOMAIN.match(pattern.removeprefix("www.")))


def read_outlet_map(path: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """Read an outlet map file: (pattern, outlet) pairs in file order.

    A ``.toml`` file holds an ``[outlets]`` table of ``"pattern" = "Outlet"`` lines; any
    other file is CSV with the columns ``pattern`` and ``outlet``. A pattern is a path
    glob (``guardian/*``, ``**/nyt_*.csv``, ``Guardians_Russia_Ukraine.csv``) or a URL
    domain (``kyivindependent.com``; its subdomains match too).

    Raises
    ------
    ValueError
        One line naming the file and what is wrong with it (also for a file that does
        not exist).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "outlets.csv"
    >>> _ = f.write_text("pattern,outlet\\nguardian/*,The Guardian\\nnytimes.com,NYT\\n")
    >>> read_outlet_map(f)
    [('guardian/*', 'The Guardian'), ('nytimes.com', 'NYT')]
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ValueError(f"{p}: cannot read the outlet map: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{p}: the outlet map is not UTF-8 text") from None
    pairs = _read_toml(p, text) if p.suffix.lower() == ".toml" else _read_csv(p, text)
    if not pairs:
        raise ValueError(f"{p}: the outlet map has no entries")
    return pairs


def _read_toml(p: Path, text: str) -> list[tuple[str, str]]:
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{p}: invalid TOML: {exc}") from None
    outlets = table.get("outlets")
    if not isinstance(outlets, dict):
        raise ValueError(f'{p}: expected an [outlets] table of "pattern" = "Outlet" lines')
    pairs = []
    for pattern, name in outlets.items():
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{p}: the outlet of {pattern!r} must be a non-empty string")
        pairs.append((pattern.strip(), name.strip()))
    return pairs


def _read_csv(p: Path, text: str) -> list[tuple[str, str]]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    if "pattern" not in header or "outlet" not in header:
        raise ValueError(f"{p}: expected the columns 'pattern' and 'outlet' "
                         f"(found {', '.join(map(repr, rows[0])) or 'none'})")
    i, j = header.index("pattern"), header.index("outlet")
    pairs = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        pattern = row[i].strip() if i < len(row) else ""
        name = row[j].strip() if j < len(row) else ""
        if not pattern or not name:
            raise ValueError(f"{p} (line {n}): each row needs a pattern and an outlet")
        pairs.append((pattern, name))
    return pairs


def _pairs(outlet_map: Any) -> list[tuple[str, str]]:
    if isinstance(outlet_map, Mapping):
        return [(str(k).strip(), str(v).strip()) for k, v in outlet_map.items()]
    if isinstance(outlet_map, str | os.PathLike):
        return read_outlet_map(outlet_map)
    raise TypeError(f"outlet_map must be a CSV or TOML file or a mapping of pattern to "
                    f"outlet, not {type(outlet_map).__name__}")


def _under(host: str, domain: str) -> bool:
    domain = domain.removeprefix("www.")
    return host == domain or host.endswith("." + domain)


@lru_cache(maxsize=1)
def _known() -> dict[str, str]:
    from analystkit._resources import data_path

    with data_path("outlets.toml").open("rb") as f:
        return {k.lower(): v for k, v in tomllib.load(f)["domains"].items()}


def known_outlet(domain: str) -> str:
    """The name of a known news site from its domain or a subdomain; "" if unknown.

    >>> known_outlet("edition.cnn.com"), known_outlet("theguardian.com"), known_outlet("x.org")
    ('CNN', 'The Guardian', '')
    """
    known = _known()
    host = domain.lower().removeprefix("www.")
    while host:
        if host in known:
            return known[host]
        _, _, host = host.partition(".")
        if "." not in host:
            return ""
    return ""
