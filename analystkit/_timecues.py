"""Time cues of a sentence resolved to an Air Force night.

The Air Force names a night by the date of its evening: an attack that starts in the
evening of D or in the small hours of D+1 is night D. Press reports date the same attack
by the morning they report it ("overnight, the air force said on Friday"), by the
Ukrainian convention ("on the night of January 26" is the night *into* the 26th), or by a
clock time ("at around 10:00 p.m. on Thursday (May 25)"). :func:`resolve_night` reads
one sentence against the publication date and returns the night it points to, or None.

The rule, for the first date the sentence names (a month and day, a weekday, "today",
"yesterday"; a date later than the publication is a slip and is ignored):

- "the night of D to D+1", "night of 3-4 July", "D evening", "late on D", "D night",
  a clock time from 08:00 to 23:59 on D: night D (the attack began on D);
- otherwise ("on D", "overnight on D", "early on D", "D morning", "on the night of D",
  a clock time before 08:00): night D-1 (a report or the small hours of D).

Without a date, "overnight", "last night", "tonight", "this morning", "early hours" and
"throughout the night" point to the night before publication.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

__all__ = ["Cue", "day_text", "resolve_night"]

_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december"]
_MONTHS = {m[:3]: i for i, m in enumerate(_MONTH_NAMES, 1)} | {"sept": 9}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?" \
       r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WD = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_LINK = r"\s*(?:-|–|to|into|and)\s*(?:the\s+)?(?:early\s+)?(?:morning\s+of\s+)?"

# one alternation, so the first date in the sentence wins whatever its form
_DATE = re.compile(
    rf"\b(?:(?P<mon1>{_MON})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:{_LINK}(?:{_MON}\s+)?(?P<d1b>\d{{1,2}}))?(?!\d)(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|to|into|and)\s*(?P<d2b>\d{{1,2}}))?"
    rf"\s+(?P<mon2>{_MON})(?![a-z])(?:,?\s+(?P<y2>\d{{4}}))?"
    rf"|(?P<wd>{_WD})|(?P<rel>today|yesterday))\b",
    re.IGNORECASE,
)
_NIGHT_OF = re.compile(r"\bnight\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_NIGHT_TO = re.compile(
    r"^\s*(?:(?:-|–|to|into|and)\s*(?:the\s+)?(?:early\s+)?(?:morning\s+of\s+)?)", re.I)
_EVENING_BEFORE = re.compile(r"\b(?:late|evening\s+of|afternoon\s+of|late\s+on)\s+(?:on\s+)?"
                             r"(?:the\s+)?$", re.IGNORECASE)
_EVENING_AFTER = re.compile(r"^\s*(?:night|evening|afternoon)\b", re.IGNORECASE)
_NOT_EVENT = re.compile(r"\b(?:since|until|till|by|before|from|next|coming)\s+(?:the\s+)?$",
                        re.IGNORECASE)
_CLOCK = re.compile(
    r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)(?![a-z])|\b([01]?\d|2[0-3]):([0-5]\d)\b",
    re.IGNORECASE)
_RELATIVE = re.compile(
    r"\b(?:overnight|last\s+night|tonight|this\s+morning|early\s+hours|throughout\s+the\s+night"
    r"|during\s+the\s+night|in\s+the\s+night|night\s+attack|nighttime|night-time)\b",
    re.IGNORECASE)
_OVERNIGHT = re.compile(r"\b(?:overnight|night|early|dawn|morning)\b", re.IGNORECASE)
_DATELINE = 60  # a date this close to the start, followed by a colon, is a dateline
_CLOCK_WINDOW = 45  # characters around a date in which a clock time belongs to it
# "as of 9 a.m.": the time of a report, not of the attack
_REPORT_TIME = re.compile(r"\b(?:as\s+of|by|until|till|since)\s+(?:around\s+)?$", re.I)
_EVENING_HOUR = 8  # a clock time from 08:00 on day D starts night D


@dataclass(frozen=True)
class Cue:
    """A resolved time cue: the night, and how it was found."""

    night: pd.Timestamp
    explicit: bool  # a date was named (month and day, weekday, yesterday)
    text: str


def day_text(value: object) -> str:
    """'YYYY-MM-DD' for a date, Timestamp or ISO string; "" for NaT, None or ""."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return ""
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def _day(published: pd.Timestamp | None) -> pd.Timestamp | None:
    if published is None or pd.isna(published):
        return None
    ts = pd.Timestamp(published)
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts.normalize()


def _hour(match: re.Match[str]) -> int:
    if match.group(4) is not None:
        return int(match.group(4))
    h = int(match.group(1)) % 12
    return h + 12 if match.group(3).lower().startswith("p") else h


def _anchor(m: re.Match[str], pub: pd.Timestamp) -> tuple[pd.Timestamp | None, bool]:
    """The day a date match names (None if impossible or later than publication), and
    whether it names a span of two days ("3-4 July")."""
    if m.group("rel"):
        return pub - pd.Timedelta(days=int(m.group("rel").lower() == "yesterday")), False
    if m.group("wd"):
        back = (pub.weekday() - _WEEKDAYS.index(m.group("wd").lower())) % 7
        return pub - pd.Timedelta(days=back), False
    mon, day, day_b, year = (
        (m.group("mon1"), m.group("d1"), m.group("d1b"), m.group("y1")) if m.group("mon1")
        else (m.group("mon2"), m.group("d2"), m.group("d2b"), m.group("y2")))
    month = _MONTHS.get(mon.lower().rstrip(".")[:4]) or _MONTHS.get(mon.lower()[:3])
    if month is None:
        return None, False
    y = int(year) if year else pub.year
    try:
        when = pd.Timestamp(year=y, month=month, day=int(day))
    except ValueError:
        return None, False
    if not year and when > pub and (when - pub).days > 180:
        when = when.replace(year=y - 1)  # "Dec. 30" in a January article
    if when > pub:
        return None, False  # later than the article: a slip, or not a past event
    span = day_b is not None and int(day_b) == int(day) + 1
    return when, span


def resolve_night(sentence: str, published: pd.Timestamp | None, *,
                  last: bool = False, day: bool = False) -> Cue | None:
    """The Air Force night a sentence's time words point to, or None.

    Parameters
    ----------
    sentence : str
        One sentence.
    published : Timestamp or None
        The publication date (tz-aware or naive); without it only explicit dates with a
        year can be resolved.

    last : bool, default False
        Return the last date the text names instead of the first, and no relative cue
        (for the sentences before a figure, whose latest date carries forward).

    Returns
    -------
    Cue or None
        ``Cue(night, explicit, text)``; ``explicit`` is True when a date was named.

    Examples
    --------
    >>> pub = pd.Timestamp("2023-05-26")  # a Friday
    >>> resolve_night("attacks which started at 10:00 p.m. on Thursday (May 25)", pub).night
    Timestamp('2023-05-25 00:00:00')
    >>> resolve_night("drones launched overnight, the air force said on Friday", pub).night
    Timestamp('2023-05-25 00:00:00')
    >>> resolve_night("On the night of May 26, the occupiers attacked", pub).night
    Timestamp('2023-05-25 00:00:00')
    """
    pub = _day(published)
    found = None
    for m in _DATE.finditer(sentence):
        before = sentence[max(0, m.start() - 30):m.start()]
        if _NOT_EVENT.search(before):
            continue
        if m.start() < _DATELINE and re.match(r"\s*[:—–]", sentence[m.end():]):
            continue  # a dateline ("Kyiv [Ukraine], July 5: ..."): the report's day
        if (m.group("mon1") or m.group("mon2") or "") == "may":
            continue  # the verb ("15 may be"), not the month
        year_given = bool(m.group("y1") or m.group("y2"))
        if pub is None:
            if not year_given:
                continue
            anchor_pub = pd.Timestamp.max.normalize()
        else:
            anchor_pub = pub
        when, span = _anchor(m, anchor_pub)
        if when is None:
            continue
        after = sentence[m.end():m.end() + 20]
        evening = bool(span or _EVENING_BEFORE.search(before) or _EVENING_AFTER.search(after))
        if not evening:
            near = sentence[max(0, m.start() - _CLOCK_WINDOW):m.end() + _CLOCK_WINDOW]
            clock = next((c for c in _CLOCK.finditer(near)
                          if not _REPORT_TIME.search(near[max(0, c.start() - 12):c.start()])),
                         None)
            if clock is not None:
                evening = _hour(clock) >= _EVENING_HOUR
        if _NIGHT_OF.search(before) and not span:
            evening = False  # "on the night of January 26": the night into the 26th
        if day and not _NIGHT_OF.search(before) and not _OVERNIGHT.search(
                sentence[max(0, m.start() - 25):m.end() + 25]):
            evening = True
        night = when if evening else when - pd.Timedelta(days=1)
        found = Cue(night, True, m.group(0))
        if not last:
            return found
    if found is not None or last:
        return found
    rel = _RELATIVE.search(sentence)
    if rel and pub is not None:
        return Cue(pub - pd.Timedelta(days=1), False, rel.group(0))
    return None
