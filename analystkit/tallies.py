"""Official tallies: the Ukrainian Air Force's per-night counts of weapons launched and destroyed.

Reads the format of the "Massive Missile Attacks on Ukraine" dataset
(``missile_attacks_daily.csv``: one row per attack period, weapon model and report) into
one row per night and model, so the press figures of an event can be set beside the
official count of its night (:func:`tallies_for_night`).

The weapon classes and the list of reporters are bundled in ``analystkit/data/tallies.toml``
(one line per model); the project's own reference file for the seed event is
``analystkit/data/tallies_seed_event.csv``, read when no path is given.
"""

from __future__ import annotations

import re
import tomllib
import warnings
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analystkit._resources import data_path
from analystkit._schema import Schema
from analystkit.schemas import TALLIES

__all__ = ["nightly_tallies", "read_tallies", "tallies_for_night", "weapon_class"]

REFERENCE_FILE = "tallies_seed_event.csv"
CLASSES = ("drone", "ballistic missile", "cruise missile", "other")
NIGHT_STARTS_AT = 8  # hour: periods starting before 08:00 belong to the previous evening
_REQUIRED = ("time_start", "model", "launched", "destroyed", "source")
# TALLIES without `night`: Schema.conform only builds tz-aware datetime columns.
_NO_NIGHT = Schema("tallies", {k: v for k, v in TALLIES.columns.items() if k != "night"})
_NIGHT_COLUMNS = ["night", "weapon_class", "launched", "destroyed", "models"]


@dataclass(frozen=True)
class _Rules:
    classes: dict[str, str]  # normalised model -> class
    other_missiles: frozenset[str]  # normalised models
    keywords: tuple[tuple[str, str], ...]  # (lower-case keyword, class)
    national: frozenset[str]  # lower-case accounts
    regional: tuple[re.Pattern[str], ...]


def _norm_model(model: str) -> str:
    """Case-, space- and spelling-insensitive key: 'Kh-47  kinzhal' -> 'x-47 kinzhal'."""
    key = " ".join(model.split()).lower()
    return re.sub(r"(?<![a-zа-я])kh-(?=\d)", "x-", key)


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    with data_path("tallies.toml").open("rb") as fh:
        data = tomllib.load(fh)
    classes = {_norm_model(m): c for m, c in data["classes"].items()}
    bad = sorted({c for c in classes.values() if c not in CLASSES})
    if bad:
        raise ValueError(f"tallies.toml: unknown weapon class(es) {bad}; use one of {CLASSES}")
    reporters = data["reporters"]
    return _Rules(
        classes=classes,
        other_missiles=frozenset(_norm_model(m) for m in data["other_missiles"]["models"]),
        keywords=tuple((k.lower(), c) for k, c in data["keywords"].items()),
        national=frozenset(a.lower() for a in reporters["national"]),
        regional=tuple(re.compile(p, re.IGNORECASE) for p in reporters["regional_patterns"]),
    )


def weapon_class(model: str) -> tuple[str, bool]:
    """Return ``(weapon_class, is_missile)`` for a weapon model as the tallies write it.

    Parameters
    ----------
    model : str
        A model name such as ``"Shahed-136/131"``, ``"Iskander-K"`` or ``"Kh-47 Kinzhal"``
        (``Kh-`` and ``X-`` are the same; case and spacing do not matter).

    Returns
    -------
    (str, bool)
        The class (drone, ballistic missile, cruise missile or other) from the bundled
        mapping, else from the first keyword the name contains, else ``"other"``; and
        whether the weapon counts as a missile.

    Examples
    --------
    >>> weapon_class("Kh-47 Kinzhal")
    ('ballistic missile', True)
    >>> weapon_class("C-300")
    ('other', True)
    >>> weapon_class("Geran-3 UAV")
    ('drone', False)
    """
    rules = _rules()
    key = _norm_model(model)
    cls = rules.classes.get(key)
    if cls is None:
        cls = next((c for k, c in rules.keywords if k in key), "other")
    is_missile = cls in ("ballistic missile", "cruise missile") or key in rules.other_missiles
    return cls, is_missile


def _account(source: str) -> str:
    """The reporting account of a `source` cell: 'https://t.me/kpszsu/1' -> 'kpszsu'."""
    s = source.strip()
    s = re.sub(r"^(?:https?://)?(?:www\.)?(?:t\.me/|facebook\.com/|m\.facebook\.com/)?", "", s)
    return re.split(r"[/\s?]", s, maxsplit=1)[0].lower() if s else ""


def _scope(source: str) -> str:
    rules = _rules()
    account = _account(source)
    if account in rules.national:
        return "national"
    if any(p.search(account) for p in rules.regional):
        return "regional"
    return "other"


def _night(time_start: pd.Series) -> pd.Series:
    """The night of each row: the date of its start, or the day before if it starts before 08:00."""
    text = time_start.astype("str").str.strip()
    start = pd.to_datetime(text, format="mixed", errors="coerce")
    night = start.dt.normalize()
    early = start.dt.hour < NIGHT_STARTS_AT
    return night.where(~early, night - pd.Timedelta(days=1))


def read_tallies(path: str | Path | None = None, *, regional: bool = False) -> pd.DataFrame:
    """Read Air Force tallies into one row per night and weapon model.

    Parameters
    ----------
    path : str or Path, optional
        A CSV in the format of ``missile_attacks_daily.csv`` (columns ``time_start``,
        ``model``, ``launched``, ``destroyed`` and ``source`` are used). By default the
        bundled reference file for the seed event (the night of 3-4 July 2025).
    regional : bool, default False
        Also return the rows of regional reporters, as rows of their own (``scope``
        ``"regional"`` or ``"other"``). They are never added to the national rows.

    Returns
    -------
    pandas.DataFrame
        One row per (night, model, scope), sorted by night and model:

        ============  ==============  =====================================================
        column        dtype           meaning
        ============  ==============  =====================================================
        night         datetime64[ns]  the night, named by the date of its evening
        model         str             weapon model as written in the tally
        weapon_class  str             drone, ballistic missile, cruise missile or other
        is_missile    bool            True for missiles (incl. missiles classed ``other``)
        launched      float64         weapons launched that night (reports summed)
        destroyed     float64         weapons destroyed; NaN where no report gives it
        scope         str             ``national``; with ``regional=True`` also ``regional``
                                      or ``other``
        source        str             the reports summed, ``'; '``-separated
        ============  ==============  =====================================================

    Notes
    -----
    **The night.** A night is named by the date of its evening: a period starting at
    08:00 or later on day D belongs to night D; one starting before 08:00 belongs to night
    D-1 (the Air Force's night summary runs from the evening to about 08:00, and the
    ballistic and Kinzhal launches of the small hours are part of it). A start without a
    time of day (``2024-07-08``) is the date of a morning report and counts as 00:00, so it
    also belongs to the night before. So ``2025-07-03 18:00`` (the Shahed wave) and
    ``2025-07-04 02:00`` (the Iskanders) are both the night of 2025-07-03.

    **No double counting.** Each row is classed by the account that published it (the
    start of ``source``): the Air Force's own summary (``kpszsu``) and the General Staff
    or Commander-in-Chief posts are *national*; the regional air commands (``PvKPivden``
    = South, ``pvkshid`` = East, ``PvkZahid`` = West, ``PvkCenter``) and regional
    administrations (``…oda.gov.ua``) are *regional*: they re-report the weapons seen in
    their own zone, usually as a bare date with target ``south`` / ``east`` / ``west``,
    and are already inside the national count. Anything else (monitoring channels,
    unknown videos) is *other*. A night's national rows for the same model are summed
    (several rows are several waves, targets or posts); regional and other rows are
    dropped unless ``regional=True``, and even then they stay separate rows.
    ``tallies_for_night`` only ever sums national rows.

    Rows whose ``time_start`` cannot be read are skipped with a warning.

    Examples
    --------
    >>> t = read_tallies()
    >>> t[["night", "model", "weapon_class", "launched", "destroyed"]]
           night             model       weapon_class  launched  destroyed
    0 2025-07-03        Iskander-K     cruise missile       4.0        2.0
    1 2025-07-03  Iskander-M/KN-23  ballistic missile       6.0        0.0
    2 2025-07-03    Shahed-136/131              drone     539.0      268.0
    3 2025-07-03      X-47 Kinzhal  ballistic missile       1.0        0.0
    """
    path = data_path(REFERENCE_FILE) if path is None else Path(path)
    raw = pd.read_csv(path, dtype={"time_start": "str", "model": "str", "source": "str"})
    missing = [c for c in _REQUIRED if c not in raw.columns]
    if missing:
        raise ValueError(
            f"{path}: not an Air Force tallies file; missing column(s) "
            f"{', '.join(map(repr, missing))} (expected the format of missile_attacks_daily.csv)"
        )
    frame = pd.DataFrame({
        "night": _night(raw["time_start"]),
        "model": raw["model"].astype("object").where(raw["model"].notna(), "").astype("str")
        .str.strip(),
        "launched": pd.to_numeric(raw["launched"], errors="coerce"),
        "destroyed": pd.to_numeric(raw["destroyed"], errors="coerce"),
        "source": raw["source"].astype("object").where(raw["source"].notna(), "").astype("str")
        .str.strip(),
    })
    bad = frame["night"].isna()
    if bad.any():
        warnings.warn(f"{path}: skipped {int(bad.sum())} row(s) whose time_start is not a date",
                      stacklevel=2)
        frame = frame[~bad]
    frame = frame[frame["model"] != ""]
    frame["scope"] = frame["source"].map(_scope)
    if not regional:
        frame = frame[frame["scope"] == "national"]
    rows = []
    for (night, model, scope), group in frame.groupby(["night", "model", "scope"], sort=True):
        cls, is_missile = weapon_class(model)
        rows.append({
            "model": model,
            "weapon_class": cls,
            "is_missile": is_missile,
            "launched": group["launched"].sum(min_count=1),
            "destroyed": group["destroyed"].sum(min_count=1),
            "scope": scope,
            "source": "; ".join(dict.fromkeys(group["source"])),
            "_night": night,
        })
    out = _NO_NIGHT.from_records(rows)
    nights = pd.Series([r["_night"] for r in rows], dtype="datetime64[ns]")
    out.insert(0, "night", nights)
    return out


def tallies_for_night(tallies: pd.DataFrame, night: str | date | datetime | pd.Timestamp,
                      ) -> pd.DataFrame:
    """Sum one night's national tallies per weapon class, plus a ``missile`` total.

    Parameters
    ----------
    tallies : DataFrame
        The table from :func:`read_tallies` (not modified). Only ``scope == "national"``
        rows are used.
    night : str, date or Timestamp
        The night, named by the date of its evening (``"2025-07-03"`` for 3-4 July).

    Returns
    -------
    pandas.DataFrame
        Five rows, in this order: ``drone``, ``ballistic missile``, ``cruise missile``,
        ``other`` and ``missile`` (every row with ``is_missile``: what the press calls
        "missiles"); or no rows when the tallies have nothing for that night.

        ============  ==============  ===============================================
        column        dtype           meaning
        ============  ==============  ===============================================
        night         datetime64[ns]  the night
        weapon_class  str             the class, or ``missile`` for all missiles
        launched      float64         launched that night (0 when the class is absent)
        destroyed     float64         destroyed that night (0 when the class is absent)
        models        str             the models counted, ``'; '``-separated
        ============  ==============  ===============================================

    Examples
    --------
    >>> night = tallies_for_night(read_tallies(), "2025-07-03")
    >>> night[["weapon_class", "launched", "destroyed"]]
            weapon_class  launched  destroyed
    0              drone     539.0      268.0
    1  ballistic missile       7.0        0.0
    2     cruise missile       4.0        2.0
    3              other       0.0        0.0
    4            missile      11.0        2.0
    """
    missing = [c for c in ("night", "weapon_class", "is_missile", "launched", "destroyed",
                           "model") if c not in tallies.columns]
    if missing:
        raise ValueError(f"expected the table from read_tallies; missing {missing}")
    day = pd.Timestamp(night).normalize()
    if day.tzinfo is not None:
        day = day.tz_localize(None)
    rows = tallies[tallies["night"] == day]
    if "scope" in rows.columns:
        rows = rows[rows["scope"] == "national"]
    if rows.empty:
        return pd.DataFrame({
            "night": pd.Series(dtype="datetime64[ns]"),
            "weapon_class": pd.Series(dtype="str"),
            "launched": pd.Series(dtype="float64"),
            "destroyed": pd.Series(dtype="float64"),
            "models": pd.Series(dtype="str"),
        })
    groups = [(cls, rows[rows["weapon_class"] == cls]) for cls in CLASSES]
    groups.append(("missile", rows[rows["is_missile"].astype(bool)]))
    out = pd.DataFrame({
        "night": pd.Series([day] * len(groups), dtype="datetime64[ns]"),
        "weapon_class": pd.Series([g[0] for g in groups], dtype="str"),
        "launched": pd.Series([float(g["launched"].sum()) for _, g in groups], dtype="float64"),
        "destroyed": pd.Series([float(g["destroyed"].sum()) for _, g in groups],
                               dtype="float64"),
        "models": pd.Series(["; ".join(g["model"]) for _, g in groups], dtype="str"),
    })
    return out[_NIGHT_COLUMNS]


NIGHTLY_CLASSES = (*CLASSES, "missile")


def nightly_tallies(tallies: pd.DataFrame, start: str | date | datetime | pd.Timestamp
                    | None = None, end: str | date | datetime | pd.Timestamp | None = None,
                    ) -> pd.DataFrame:
    """Every night's national tallies per weapon class, in one pass: a campaign's timeline.

    Parameters
    ----------
    tallies : DataFrame
        The table from :func:`read_tallies` (not modified). Only ``scope == "national"``
        rows are used.
    start, end : str, date or Timestamp, optional
        Keep the nights from ``start`` to ``end`` (both included).

    Returns
    -------
    pandas.DataFrame
        One row per night the tallies report and weapon class (the classes of
        :func:`tallies_for_night`, ``missile`` being every missile), sorted by night; a
        class absent that night has 0 launched and destroyed:

        ============  ==============  ===============================================
        column        dtype           meaning
        ============  ==============  ===============================================
        night         datetime64[ns]  the night, named by the date of its evening
        weapon_class  str             drone, ballistic missile, cruise missile, other
                                      or missile
        launched      float64         launched that night
        destroyed     float64         destroyed that night
        ============  ==============  ===============================================

    Examples
    --------
    >>> n = nightly_tallies(read_tallies())
    >>> n[["weapon_class", "launched", "destroyed"]]
            weapon_class  launched  destroyed
    0              drone     539.0      268.0
    1  ballistic missile       7.0        0.0
    2     cruise missile       4.0        2.0
    3              other       0.0        0.0
    4            missile      11.0        2.0
    """
    missing = [c for c in ("night", "weapon_class", "is_missile", "launched", "destroyed")
               if c not in tallies.columns]
    if missing:
        raise ValueError(f"expected the table from read_tallies; missing {missing}")
    rows = tallies
    if "scope" in rows.columns:
        rows = rows[rows["scope"] == "national"]
    if start is not None:
        rows = rows[rows["night"] >= pd.Timestamp(start).normalize()]
    if end is not None:
        rows = rows[rows["night"] <= pd.Timestamp(end).normalize()]
    frame = pd.DataFrame({
        "night": rows["night"].astype("datetime64[ns]"),
        "weapon_class": rows["weapon_class"].astype("str"),
        "launched": rows["launched"].fillna(0.0).astype("float64"),
        "destroyed": rows["destroyed"].fillna(0.0).astype("float64"),
    })
    missiles = frame[rows["is_missile"].astype(bool).to_numpy()].assign(weapon_class="missile")
    both = pd.concat([frame, missiles], ignore_index=True)
    sums = both.groupby(["night", "weapon_class"], sort=False)[["launched", "destroyed"]].sum()
    nights = pd.Index(sorted(frame["night"].unique()), name="night")
    full = pd.MultiIndex.from_product([nights, list(NIGHTLY_CLASSES)],
                                      names=["night", "weapon_class"])
    out = sums.reindex(full, fill_value=0.0).reset_index()
    return pd.DataFrame({
        "night": out["night"].astype("datetime64[ns]"),
        "weapon_class": out["weapon_class"].astype("str"),
        "launched": out["launched"].astype("float64"),
        "destroyed": out["destroyed"].astype("float64"),
    })
