"""Narrative taxonomies: read a TOML file, check it, compile its cues once.

The file format is documented at the top of ``analystkit/data/narratives.toml``.
Everything here is private; the public entry point is
:func:`analystkit.narratives.load_taxonomy`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from analystkit._resources import data_path

__all__ = ["BUILTIN", "Cue", "Narrative", "Taxonomy", "TaxonomyError", "load"]

#: built-in taxonomy name -> file in analystkit/data
BUILTIN: dict[str, str] = {
    "default": "narratives.toml",
    "semeval-urw": "semeval_urw.toml",
}

DEFAULT_PHRASE_WEIGHT = 1.0
DEFAULT_COOCCUR_WEIGHT = 0.8

_TOP_KEYS = {"name", "description", "version", "source", "narrative", "model"}
_NARRATIVE_KEYS = {
    "id", "label", "description", "weight", "phrases", "cooccur", "negative", "phrase_weight",
    "notes", "see_also", "semeval_label",
}
_COOCCUR_KEYS = {"groups", "weight", "name"}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")

# One character for one character, so offsets found in the normalised text are offsets in
# the original: typographic dashes, quotes and spaces become their ASCII forms.
_NORMALISE = str.maketrans({
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-"),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u00a0\u2007\u2009\u202f\u200a", " "),
})


_REPLACE = tuple((chr(k), v) for k, v in _NORMALISE.items())


def normalise(text: str) -> str:
    """Return ``text`` with typographic dashes, quotes and spaces made ASCII (same length)."""
    if text.isascii():
        return text
    for old, new in _REPLACE:  # one fast scan per character; str.translate is slower
        if old in text:
            text = text.replace(old, new)
    return text


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be read or does not follow the format."""


@dataclass(frozen=True)
class Cue:
    """One compiled cue of a narrative.

    ``kind`` is ``"phrase"`` (one pattern) or ``"cooccur"`` (every group must match in
    the sentence; each group is one compiled alternation).
    """

    kind: str
    source: str
    patterns: tuple[re.Pattern[str], ...]
    weight: float

    def match(self, text: str, start: int, end: int) -> list[tuple[int, int]] | None:
        """The ``(start, end)`` of each pattern's match if the cue fires in
        ``text[start:end]``, else None."""
        found = []
        for pattern in self.patterns:
            m = pattern.search(text, start, end)
            if m is None:
                return None
            found.append(m.span())
        return found


@dataclass(frozen=True)
class Narrative:
    """One narrative: id, readable label, description and compiled cues."""

    id: str
    label: str
    description: str
    weight: float
    cues: tuple[Cue, ...]
    negative: tuple[re.Pattern[str], ...]
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def n_phrases(self) -> int:
        return sum(c.kind == "phrase" for c in self.cues)

    def n_cooccur(self) -> int:
        return sum(c.kind == "cooccur" for c in self.cues)


@dataclass(frozen=True)
class Taxonomy:
    """A parsed, checked and compiled narrative taxonomy.

    Attributes
    ----------
    name : str
        The taxonomy's name (from the file, or the file name).
    path : str
        Where it was read from.
    narratives : tuple of Narrative
        In file order; this order is the column order of
        :func:`analystkit.narrative_coverage`.
    model : str
        Path of the trained model file named by the taxonomy's ``model`` key (relative
        to the taxonomy file), or ``""`` when the taxonomy is tagged by its cues only.
    """

    name: str
    path: str
    description: str
    narratives: tuple[Narrative, ...]
    model: str = ""

    @property
    def ids(self) -> list[str]:
        """Narrative ids in taxonomy order."""
        return [n.id for n in self.narratives]

    def __len__(self) -> int:
        return len(self.narratives)

    def __iter__(self) -> Iterator[Narrative]:
        return iter(self.narratives)

    def __getitem__(self, narrative_id: str) -> Narrative:
        for n in self.narratives:
            if n.id == narrative_id:
                return n
        raise KeyError(narrative_id)

    def to_frame(self):
        """One row per narrative: id, label, description, weight and cue counts."""
        import pandas as pd

        return pd.DataFrame(
            {
                "id": pd.Series([n.id for n in self], dtype="str"),
                "label": pd.Series([n.label for n in self], dtype="str"),
                "description": pd.Series([n.description for n in self], dtype="str"),
                "weight": pd.Series([n.weight for n in self], dtype="float64"),
                "n_phrases": pd.Series([n.n_phrases() for n in self], dtype="int64"),
                "n_cooccur": pd.Series([n.n_cooccur() for n in self], dtype="int64"),
                "n_negative": pd.Series([len(n.negative) for n in self], dtype="int64"),
            }
        )

    def _repr_html_(self) -> str:  # pragma: no cover - notebook display
        return self.to_frame()._repr_html_()

    def __repr__(self) -> str:
        return f"Taxonomy({self.name!r}, {len(self)} narratives: {', '.join(self.ids)})"


# --------------------------------------------------------------------------- parsing


def _fail(path: str, where: str, problem: str) -> TaxonomyError:
    return TaxonomyError(f"bad narrative taxonomy {path}: {where}{problem}")


def _compile(pattern: str, path: str, where: str) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern.strip():
        raise _fail(path, where, f"expected a non-empty pattern string, got {pattern!r}")
    try:
        # word-bounded, case-insensitive; the pattern may use its own inline flags
        return re.compile(rf"(?<![\w])(?:{pattern})(?![\w])", re.IGNORECASE)
    except re.error as exc:
        raise _fail(path, where, f"{pattern!r} is not a valid regular expression: {exc}") from None


def _string_list(value: Any, path: str, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, where, f"expected a list of strings, got {value!r}")
    return value


def _weight(value: Any, path: str, where: str, default: float) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise _fail(path, where, f"weight must be a number in (0, 1], got {value!r}")
    return float(value)


def _parse_narrative(raw: Any, index: int, path: str) -> Narrative:
    where = f"narrative #{index + 1}: "
    if not isinstance(raw, dict):
        raise _fail(path, where, "expected a [[narrative]] table")
    nid = raw.get("id")
    if not isinstance(nid, str) or not _ID.match(nid):
        raise _fail(path, where, f"'id' must be a short identifier (letters, digits, _ . : -), "
                                 f"got {nid!r}")
    where = f"narrative #{index + 1} ({nid!r}): "
    unknown = sorted(set(raw) - _NARRATIVE_KEYS)
    if unknown:
        raise _fail(path, where, f"unknown key(s) {', '.join(map(repr, unknown))}; "
                                 f"allowed: {', '.join(sorted(_NARRATIVE_KEYS))}")
    label = raw.get("label", nid)
    description = raw.get("description", "")
    if not isinstance(label, str) or not isinstance(description, str):
        raise _fail(path, where, "'label' and 'description' must be strings")
    weight = _weight(raw.get("weight"), path, where + "'weight': ", 1.0)
    phrase_weight = _weight(raw.get("phrase_weight"), path, where + "'phrase_weight': ",
                            DEFAULT_PHRASE_WEIGHT)
    cues: list[Cue] = []
    for j, phrase in enumerate(_string_list(raw.get("phrases", []), path, where + "'phrases': ")):
        pattern = _compile(phrase, path, f"{where}phrases[{j}]: ")
        cues.append(Cue("phrase", phrase, (pattern,), phrase_weight))
    cooccur = raw.get("cooccur", [])
    if isinstance(cooccur, dict):
        cooccur = [cooccur]
    if not isinstance(cooccur, list):
        raise _fail(path, where, "'cooccur' must be [[narrative.cooccur]] tables")
    for j, co in enumerate(cooccur):
        cwhere = f"{where}cooccur #{j + 1}: "
        if not isinstance(co, dict):
            raise _fail(path, cwhere, "expected a table with 'groups'")
        unknown = sorted(set(co) - _COOCCUR_KEYS)
        if unknown:
            raise _fail(path, cwhere, f"unknown key(s) {', '.join(map(repr, unknown))}; "
                                      f"allowed: {', '.join(sorted(_COOCCUR_KEYS))}")
        groups = co.get("groups")
        if not isinstance(groups, list) or len(groups) < 2:
            raise _fail(path, cwhere, "'groups' must list at least two groups of terms "
                                      "(use 'phrases' for a single pattern)")
        compiled = []
        for k, group in enumerate(groups):
            terms = _string_list(group, path, f"{cwhere}groups[{k}]: ")
            if not terms:
                raise _fail(path, cwhere, f"groups[{k}] is empty")
            compiled.append(_compile("|".join(f"(?:{t})" for t in terms), path,
                                     f"{cwhere}groups[{k}]: "))
        source = " & ".join("(" + " | ".join(_string_list(g, path, cwhere)) + ")" for g in groups)
        source = co.get("name", source)
        cues.append(Cue("cooccur", str(source), tuple(compiled),
                        _weight(co.get("weight"), path, cwhere, DEFAULT_COOCCUR_WEIGHT)))
    if not cues:
        raise _fail(path, where, "no cues: give 'phrases' and/or [[narrative.cooccur]] groups")
    negative = tuple(
        _compile(p, path, f"{where}negative[{j}]: ")
        for j, p in enumerate(_string_list(raw.get("negative", []), path, where + "'negative': "))
    )
    extra = {k: raw[k] for k in ("notes", "see_also", "semeval_label") if k in raw}
    return Narrative(nid, label, description, weight, tuple(cues), negative, extra)


def parse(data: dict[str, Any], path: str) -> Taxonomy:
    """Check a decoded TOML document and compile it into a :class:`Taxonomy`."""
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise _fail(path, "", f"unknown top-level key(s) {', '.join(map(repr, unknown))}; "
                              f"allowed: {', '.join(sorted(_TOP_KEYS))}")
    raw = data.get("narrative")
    if not isinstance(raw, list) or not raw:
        raise _fail(path, "", "no narratives: add at least one [[narrative]] table")
    narratives = [_parse_narrative(r, i, path) for i, r in enumerate(raw)]
    seen: set[str] = set()
    for n in narratives:
        if n.id in seen:
            raise _fail(path, "", f"narrative id {n.id!r} appears more than once")
        seen.add(n.id)
    name = data.get("name", Path(path).stem)
    description = data.get("description", "")
    if not isinstance(name, str) or not isinstance(description, str):
        raise _fail(path, "", "'name' and 'description' must be strings")
    model = data.get("model", "")
    if not isinstance(model, str):
        raise _fail(path, "", "'model' must be the file name of a trained model")
    if model:
        model = str((Path(path).parent / model).resolve())
    return Taxonomy(name, path, description, tuple(narratives), model)


@lru_cache(maxsize=32)
def _load_file(path: str, mtime_ns: int, size: int) -> Taxonomy:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(path, "", f"not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise _fail(path, "", f"not UTF-8 text: {exc}") from None
    return parse(data, path)


def load(taxonomy: str | Path | Taxonomy | None = None) -> Taxonomy:
    """Resolve a taxonomy argument: None / built-in name / path / Taxonomy (cached)."""
    if isinstance(taxonomy, Taxonomy):
        return taxonomy
    if taxonomy is None:
        taxonomy = "default"
    if isinstance(taxonomy, str) and taxonomy in BUILTIN:
        path = data_path(BUILTIN[taxonomy])
    elif isinstance(taxonomy, str | Path):
        path = Path(taxonomy).expanduser()
        if not path.is_file():
            names = ", ".join(repr(n) for n in BUILTIN)
            raise FileNotFoundError(
                f"narrative taxonomy {str(taxonomy)!r} is neither a built-in ({names}) "
                f"nor an existing file"
            )
    else:
        raise TypeError(
            "taxonomy must be None, a built-in name, a path to a TOML file or a Taxonomy, "
            f"got {type(taxonomy).__name__}"
        )
    resolved = str(path.resolve())
    stat = path.stat()
    return _load_file(resolved, stat.st_mtime_ns, stat.st_size)



# --------------------------------------------------------------------------- fast scan
#
# Every cue pattern is word-bounded (``(?<![\w])`` first), so a match can only start where
# a word starts. From the parsed pattern we take the literal prefixes any match must begin
# with ("German\w*|Berlin" -> {"german", "berlin"}); one pass of word tokens over a document
# finds the positions where such a prefix starts, and the pattern is tried there only, with
# ``pattern.match(text, pos, sentence_end)``. The first success in a sentence is exactly what
# ``pattern.search(text, sentence_start, sentence_end)`` finds (the leftmost match), so the
# tags are the same as a sentence-by-sentence search, at a fraction of the cost. A pattern
# whose prefix cannot be read (it starts with ``.``, a wide class, an optional part) is
# searched sentence by sentence as before.

import re._constants as _sre  # noqa: E402
import re._parser as _sre_parse  # noqa: E402

_MAX_PREFIX = 10
_MAX_SET = 400
_DIGIT = "\x00"  # a prefix meaning "a token starting with a decimal digit"
_EXACT = "\x01"  # ends a prefix that is the whole word ("a" in 'a\s+dozen': the token "a")
_ZERO_WIDTH = (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT)
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None))


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _only_word_class(seq) -> bool:
    r"""True for a parsed ``[\w]`` / ``\w``."""
    items = list(seq)
    if len(items) != 1 or items[0][0] is not _sre.IN:
        return False
    return list(items[0][1]) in ([(_sre.CATEGORY, _sre.CATEGORY_WORD)],
                                 [(_sre.CATEGORY, _sre.CATEGORY_UNI_WORD)])


def _prefixes(seq: list, acc: str = "") -> set[str] | None:
    """Lower-cased literal prefixes that every match of ``seq`` starts with, or None."""
    done = {acc} if acc else None
    i = 0
    while i < len(seq):
        op, av = seq[i]
        rest = seq[i + 1:]
        if op is _sre.ASSERT_NOT and acc and av[0] == 1 and _only_word_class(av[1]):
            return {acc + _EXACT}  # (?![\w]) after a literal: the token is exactly acc
        if op in _ZERO_WIDTH:
            i += 1
            continue
        if op is _sre.LITERAL:
            ch = chr(av)
            if not _is_word_char(ch):  # the word ends here: the token is exactly acc
                return {acc + _EXACT} if acc else None
            acc += ch
            if len(acc) >= _MAX_PREFIX:
                return {acc}
            done = {acc}
            i += 1
            continue
        if op is _sre.SUBPATTERN:
            return _prefixes(list(av[-1]) + rest, acc)
        if op is _sre.ATOMIC_GROUP:
            return _prefixes(list(av) + rest, acc)
        if op is _sre.BRANCH:
            out: set[str] = set()
            for branch in av[1]:
                sub = _prefixes(list(branch) + rest, acc)
                if sub is None:
                    return done
                out |= sub
                if len(out) > _MAX_SET:
                    return done
            return out
        if op in _REPEATS and op is not None:
            low, _high, item = av
            first = _prefixes(list(item), acc)
            if first is None:
                return done
            if low >= 1:
                return first
            after = _prefixes(rest, acc)
            if after is None:
                return done
            return first | after
        if op is _sre.IN:
            chars: list[str] = []
            for iop, iav in av:
                if iop is _sre.LITERAL:
                    chars.append(chr(iav))
                elif iop is _sre.RANGE and iav[1] - iav[0] <= 30:
                    chars.extend(chr(c) for c in range(iav[0], iav[1] + 1))
                elif (iop is _sre.CATEGORY and not acc
                      and iav in (_sre.CATEGORY_DIGIT, _sre.CATEGORY_UNI_DIGIT)):
                    chars.append(_DIGIT)
                elif iop is _sre.CATEGORY and acc and iav in (
                        _sre.CATEGORY_SPACE, _sre.CATEGORY_UNI_SPACE, _sre.CATEGORY_NOT_WORD,
                        _sre.CATEGORY_UNI_NOT_WORD):
                    chars.append(" ")  # whitespace / non-word: the word ends here
                else:
                    return done
            out = set()
            for ch in chars:
                if ch == _DIGIT:
                    out.add(_DIGIT)
                    continue
                if not _is_word_char(ch):  # a non-word character: the word ends before it
                    if not acc:
                        return None
                    out.add(acc + _EXACT)
                    continue
                sub = _prefixes(rest, acc + ch)
                if sub is None:
                    return done
                out |= sub
                if len(out) > _MAX_SET:
                    return done
            return out
        return done
    return done


def pattern_prefixes(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The literal prefixes (lower case, at most 6 characters) every match begins with."""
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - compiled patterns always parse
        return None
    found = _prefixes(list(parsed))
    if not found:
        return None
    out = set()
    for p in found:
        if p == _DIGIT:
            out.add(p)
            continue
        exact = p.endswith(_EXACT)
        word = p[:-1] if exact else p
        low = word.lower()
        if len(low) != len(word) or not low:  # a character whose lower case is longer
            return None
        out.add(low + _EXACT if exact else low[:_MAX_PREFIX])
    return frozenset(out)


def _trie(words: list[str]) -> str:
    """A regular expression matching any of ``words`` (and nothing shorter), as a trie."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


class CueScanner:
    """All patterns of a taxonomy, indexed by prefix, matched in one token pass per text."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        patterns: list[re.Pattern[str]] = []
        ids: dict[int, int] = {}

        def pid(p: re.Pattern[str]) -> int:
            key = id(p)
            if key not in ids:
                ids[key] = len(patterns)
                patterns.append(p)
            return ids[key]

        # per narrative: negatives (pattern ids) and cues (kind, pattern ids)
        self.plan = []
        for n in taxonomy.narratives:
            neg = [pid(p) for p in n.negative]
            cues = [tuple(pid(p) for p in c.patterns) for c in n.cues]
            self.plan.append((n, neg, cues))
        self.patterns = patterns
        self.by_key: dict[str, list[int]] = {}
        self.lengths: list[int] = []
        self.fallback: list[int] = []
        for k, p in enumerate(patterns):
            prefixes = pattern_prefixes(p)
            if prefixes is None:
                self.fallback.append(k)
                continue
            for pre in prefixes:
                self.by_key.setdefault(pre, []).append(k)
        self.by_exact = {k[:-1]: v for k, v in self.by_key.items() if k.endswith(_EXACT)}
        for key in [key for key in self.by_key if key.endswith(_EXACT)]:
            del self.by_key[key]
        self.lengths = sorted({len(k) for k in self.by_key if k != _DIGIT})
        self.has_digit = _DIGIT in self.by_key
        self._token_patterns: dict[str, tuple[int, ...]] = {}
        # the words that may start a match: one regex, a trie of every prefix, that finds
        # them (and only them) in one pass
        words = [k for k in self.by_key if k != _DIGIT] + list(self.by_exact)
        alternatives = [_trie(words)] if words else []
        if self.has_digit:
            alternatives.append(r"\d")
        self.finder = (re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")\w*")
                       if alternatives else None)

    def candidates(self, norm: str) -> dict[int, list[int]] | None:
        """Per pattern id: the word starts where the pattern may match (unsorted).

        None when the text cannot be indexed (its lower case changes its length)."""
        low = norm.lower()
        if len(low) != len(norm):
            return None
        positions: dict[str, list[int]] = {}
        if self.finder is not None:
            for m in self.finder.finditer(low):
                positions.setdefault(m.group(), []).append(m.start())
        cand: dict[int, list[int]] = {}
        cache = self._token_patterns
        if len(cache) > 500_000:  # bounded: a corpus of many languages must not grow it
            cache.clear()
        for tok, pos in positions.items():
            pats = cache.get(tok)
            if pats is None:
                pats = cache[tok] = self._patterns_of(tok)
            for k in pats:
                got = cand.get(k)
                if got is None:
                    cand[k] = list(pos)
                else:
                    got.extend(pos)
        return cand

    def _patterns_of(self, tok: str) -> tuple[int, ...]:
        """Ids of the patterns that may match at a word starting with ``tok``."""
        found: list[int] = list(self.by_exact.get(tok, ()))
        for n in self.lengths:
            if n > len(tok):
                break
            found.extend(self.by_key.get(tok[:n], ()))
        if self.has_digit and tok[0].isdecimal():
            found.extend(self.by_key[_DIGIT])
        return tuple(dict.fromkeys(found))

    def first_match(self, k: int, norm: str, positions: list[int], sentences, sent_of,
                    wanted=None) -> dict[int, tuple[int, int]]:
        """Sentence index -> span of pattern ``k``'s first match there, for the sentences
        in ``wanted`` (all when None), trying only ``positions``."""
        match = self.patterns[k].match
        found: dict[int, tuple[int, int]] = {}
        for p, si in zip(positions, sent_of, strict=True):
            if si < 0 or si in found or (wanted is not None and si not in wanted):
                continue
            e = sentences[si][1]
            if p >= e:
                continue
            m = match(norm, p, e)
            if m is not None:
                found[si] = m.span()
        return found

    def first_matches(self, norm: str, sentences: list[tuple[int, int]]
                      ) -> list[dict[int, tuple[int, int]]] | None:
        """Per pattern: sentence index -> span of its first match in that sentence.

        Only what tagging needs is computed: a co-occurrence group is matched only in the
        sentences where every group of the cue has a candidate, a negative pattern only in
        sentences where its narrative fired. None when the text cannot be indexed."""
        import numpy as np

        cand = self.candidates(norm)
        if cand is None:
            return None
        starts = np.fromiter((s for s, _ in sentences), dtype=np.int64, count=len(sentences))
        where: dict[int, tuple[list[int], list[int]]] = {}
        for k, pos in cand.items():
            pos.sort()
            where[k] = (pos, (np.searchsorted(starts, pos, side="right") - 1).tolist())
        for k in self.fallback:  # searched sentence by sentence
            where[k] = ([s for s, _ in sentences], list(range(len(sentences))))
        out: list[dict[int, tuple[int, int]] | None] = [None] * len(self.patterns)
        empty: dict[int, tuple[int, int]] = {}

        def get(k: int, wanted=None) -> dict[int, tuple[int, int]]:
            if k not in where:
                return empty
            if k in self.fallback:
                search = self.patterns[k].search
                found = {}
                for si, (s, e) in enumerate(sentences):
                    if wanted is None or si in wanted:
                        m = search(norm, s, e)
                        if m is not None:
                            found[si] = m.span()
                return found
            pos, sent_of = where[k]
            return self.first_match(k, norm, pos, sentences, sent_of, wanted)

        full: dict[int, dict[int, tuple[int, int]]] = {}
        for _narrative, negative, cues in self.plan:
            fired: set[int] = set()
            for pids in cues:
                if len(pids) == 1:
                    k = pids[0]
                    if k not in full:
                        full[k] = get(k)
                    out[k] = full[k]
                    fired |= full[k].keys()
                    continue
                if any(k not in where for k in pids):
                    continue
                common = set(where[pids[0]][1])
                for k in pids[1:]:
                    common &= set(where[k][1])
                if not common:
                    continue
                for k in pids:
                    got = full.get(k)
                    if got is None:
                        got = get(k, common)
                        prev = out[k]
                        out[k] = got if prev is None else {**prev, **got}
                    else:
                        out[k] = got
                sents = common
                for k in pids:
                    sents = sents & (out[k] or empty).keys()
                fired |= sents
            for k in negative:
                got = full.get(k)
                if got is None:
                    got = get(k, fired) if fired else empty
                    prev = out[k]
                    out[k] = got if prev is None else {**prev, **got}
                else:
                    out[k] = got
        return [o if o is not None else empty for o in out]


def scanner(taxonomy: Taxonomy) -> CueScanner:
    """The taxonomy's :class:`CueScanner`, built once."""
    sc = taxonomy.__dict__.get("_scanner")
    if sc is None:
        sc = CueScanner(taxonomy)
        object.__setattr__(taxonomy, "_scanner", sc)
    return sc


def cue_key(narrative: Narrative, cue: Cue) -> str:
    """The name of a cue as a model feature: ``"narrative id|cue source"``."""
    return f"{narrative.id}|{cue.kind}|{cue.source}"


def cue_hits(taxonomy: Taxonomy, norm: str, sentences: list[tuple[int, int]]
             ) -> dict[str, dict[int, list[tuple[int, int]]]]:
    """Per cue (:func:`cue_key`): sentence index -> spans, where the cue fires and none of
    its narrative's negative patterns does (the same rule as cue tagging)."""
    sc = scanner(taxonomy)
    found = sc.first_matches(norm, sentences)
    if found is None:  # pragma: no cover - a text whose lower case is longer
        found = [{si: m.span() for si, (s, e) in enumerate(sentences)
                  if (m := p.search(norm, s, e)) is not None} for p in sc.patterns]
    out: dict[str, dict[int, list[tuple[int, int]]]] = {}
    for narrative, negative, cues in sc.plan:
        for cue, pids in zip(narrative.cues, cues, strict=True):
            sents: set[int] = set(found[pids[0]])
            for k in pids[1:]:
                sents &= found[k].keys()
            got = {si: [found[k][si] for k in pids] for si in sorted(sents)
                   if not any(si in found[k] for k in negative)}
            if got:
                out[cue_key(narrative, cue)] = got
    return out


def cue_keys(taxonomy: Taxonomy) -> list[str]:
    """Every cue of the taxonomy as a feature name, in file order."""
    return [cue_key(n, c) for n in taxonomy for c in n.cues]
