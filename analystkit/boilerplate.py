"""Boilerplate removal: named, extendable rules for lines that are not the article.

Text copied from web pages carries promo lines ("Trending Now: …"), tag lists, author
lines, copyright and RSS disclaimers, image captions and navigation. Each kind is one
:class:`BoilerplateRule`; :data:`DEFAULT_RULES` holds the built-in ones, and
:func:`remove_boilerplate` applies a tuple of rules and reports every removed span, so
nothing is lost: the offsets point into the text that was given.

Rules are regular expressions tested against one line at a time (or one paragraph, for
``unit="paragraph"``), so removal is linear in the length of the text.

Examples
--------
>>> from analystkit.boilerplate import DEFAULT_RULES, BoilerplateRule, remove_boilerplate
>>> text, removed = remove_boilerplate("Headline\\nTrending Now: other story\\nBody.")
>>> text
'Headline\\nBody.'
>>> removed[0]["rule"], removed[0]["removed"]
('promo_line', 'Trending Now: other story')

Add a rule of your own:

>>> mine = DEFAULT_RULES + (BoilerplateRule("bulletin", r"^BULLETIN ENDS$"),)
>>> remove_boilerplate("Body.\\nBULLETIN ENDS", mine)[0]
'Body.'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["DEFAULT_RULES", "BoilerplateRule", "remove_boilerplate"]


@dataclass(frozen=True)
class BoilerplateRule:
    """One kind of boilerplate: a name, a regular expression and where it applies.

    Parameters
    ----------
    name : str
        Short identifier, reported in the ``rule`` column of the removed-spans table.
    pattern : str or re.Pattern
        Searched (``re.search``) in each line with its surrounding blanks stripped; a
        match removes the whole line. Anchor with ``^`` and ``$`` to say where. A string
        is compiled case-insensitively; pass a compiled pattern to choose the flags.
        Keep patterns linear: no nested quantifiers such as ``(a+)+``.
    description : str
        What the rule removes, for people.
    unit : {"line", "paragraph"}
        ``"line"`` tests each line; ``"paragraph"`` tests each block of consecutive
        non-blank lines (joined with ``\\n``) and removes the whole block.
    head : int
        If positive, the rule only applies within the first ``head`` non-blank lines
        (or paragraphs) of the text, e.g. a section label above the headline.

    Examples
    --------
    >>> rule = BoilerplateRule("sponsor", r"^Sponsored by\\b", "sponsor credits")
    >>> rule.regex.search("SPONSORED BY Acme") is not None
    True
    """

    name: str
    pattern: str | re.Pattern[str]
    description: str = ""
    unit: Literal["line", "paragraph"] = "line"
    head: int = 0
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.unit not in ("line", "paragraph"):
            raise ValueError(f"BoilerplateRule {self.name!r}: unit must be 'line' or 'paragraph'")
        regex = (
            self.pattern
            if isinstance(self.pattern, re.Pattern)
            else re.compile(self.pattern, re.IGNORECASE)
        )
        object.__setattr__(self, "regex", regex)

    def matches(self, chunk: str) -> bool:
        """True when the rule removes ``chunk`` (a line or paragraph, blanks stripped)."""
        return self.regex.search(chunk) is not None


_PROMO = (
    r"Discover This|Trending Now|Must Read|See more|Watch a report|Read more|Read also|Also read"
    r"|Related|Related articles?|Related stories|Recommended|Don['’]t miss|More from|Watch"
    r"|Listen|Latest Video|Most read"
)
_SECTIONS = (
    r"World|World News|News|Latest|Latest News|Breaking|Breaking News|Politics|Europe|Asia"
    r"|Americas|Africa|Middle East|International|Business|Economy|Opinion|Analysis|Commentary"
    r"|Editorial|Live|Defen[cs]e|Military|Security|Top Stories|Exclusive|Video|Photos|Home"
    r"|Nation|National|Local|Region|Sport|Culture|Tech|Science"
)
_NAME = r"[A-Z][\w.'’-]*"

DEFAULT_RULES: tuple[BoilerplateRule, ...] = (
    BoilerplateRule(
        "promo_line",
        rf"^(?:{_PROMO})\s*:",
        "promo and navigation lines: 'Discover This:', 'Trending Now:', 'Must Read:', "
        "'See more:', 'Watch a report:', 'Read more:' …",
    ),
    BoilerplateRule(
        "read_more",
        r"^(?:Read more|Read the full (?:story|article)|Most read in|More from|Continue reading"
        r"|Continuation of the material under)\b.{0,120}$",
        "'Read more …' and 'Most read in …' navigation lines without a colon",
    ),
    BoilerplateRule(
        "click_link",
        r"^Click (?:this link|here|on this link|the link)\b",
        "'Click this link for the original source …', 'CLICK HERE TO GET THE … APP'",
    ),
    BoilerplateRule(
        "newsletter",
        r"^(?:(?:Sign up|Subscribe)\b.{0,200}?\b(?:newsletters?|briefings?|inbox|e-?mails?)\b"
        r"|Sign up\W*$|You['’]re reading an excerpt from .{0,100}newsletter)",
        "newsletter sign-up lines: 'Sign up to … newsletter'",
    ),
    BoilerplateRule(
        "social_follow",
        r"^(?:Follow us on|Join us on|Subscribe to us|Subscribe to our|Share this|Share on)\b"
        r".{0,150}$",
        "'Follow us on …', 'Join us on Telegram', 'Share this article'",
    ),
    BoilerplateRule(
        "navigation",
        r"^(?:Advertisement|Sponsored|Skip to (?:main )?content|Back to top|Expand|Loading\W*"
        r"|Scroll to continue(?: with content)?|Share|Print|Comments?|Latest Video"
        r"|(?:NEW )?You can now listen to .{0,40} articles!?)$",
        "lone navigation words: 'Advertisement', 'Share', 'Expand', 'Back to top' …",
    ),
    BoilerplateRule(
        "tags_line",
        r"^(?:Tags?|Topics|Keywords)\s*:",
        "tag lists: 'Tags: …'",
    ),
    BoilerplateRule(
        "author_line",
        r"^(?:Authors?(?:\s*/\s*authors?)?|Authored by|Written by|Posted by|Reporting by"
        r"|Editing by|Byline)\b\s*:?\s*\S.{0,100}$",
        "author credit lines: 'Author: Editor', 'Authored by … via …', 'Reporting by …'",
    ),
    BoilerplateRule(
        "byline",
        re.compile(
            rf"^By\s+{_NAME}(?:\s+{_NAME}){{0,3}}"
            rf"(?:\s+(?:and|&)\s+{_NAME}(?:\s+{_NAME}){{0,3}})?"
            r"(?:\s*(?:,|of|in|\|)\s*[^:.!?]{1,60})?$"
        ),
        "bylines: 'By Jane Doe', 'By John Helmer, Moscow'",
    ),
    BoilerplateRule(
        "rss_disclaimer",
        r"^(?:(?:This|The) (?:content|article|story|post|material) (?:is|was) (?:courtesy of"
        r"|owned|made available|republished|originally (?:published|posted|appeared)"
        r"|provided by|used)\b|(?=.*public RSS feed))",
        "copyright / RSS disclaimers such as 'This content is courtesy of, and owned and "
        "copyrighted by, …'",
    ),
    BoilerplateRule(
        "copyright",
        r"^(?:©|\(c\)\s|Copyright\s*(?:©|\(c\)|\d{4})|(?=.{0,170}$).*\ball rights reserved\W*$)",
        "copyright notices: '© 2022 AFP', 'Copyright 2023 … All rights reserved.'",
    ),
    BoilerplateRule(
        "image_caption",
        r"^(?:Representative (?:image|photo|picture)|File (?:photo|image|picture)"
        r"|(?:Photos?|Photograph|Image|Picture|Video)(?: credit)?\s*:.{0,100}"
        r"|Photos? courtesy of\b.{0,100}|View image in fullscreen\b.*"
        r"|(?=.{0,300}$).*\bPhotograph:\s*[^.:!?]{1,80}"
        r"|(?=.{0,300}$).*\((?:AP|AFP|Reuters|Getty|EPA|Photo|Photograph|Image|Obtained by"
        r"|Courtesy of|File)\b[^()]{0,80}\))$",
        "image captions and credits: 'Representative Image', 'Photo: EPA-EFE', "
        "'… (Obtained by The Washington Post)', '… Photograph: AP'",
    ),
    BoilerplateRule(
        "separator",
        r"^(?:[-–—_*=~•·#]\s*){1,80}$",
        "separator lines made only of '-', '*', '—' … (the lone '-' between paragraphs)",
    ),
    BoilerplateRule(
        "section_label",
        rf"^(?:{_SECTIONS})$",
        "a lone section label above the headline, such as 'World'",
        head=2,
    ),
    BoilerplateRule(
        "dateline_line",
        r"^(?=.{0,60}$)[^-–—\s].{0,40}?\S\s+(?:—|–|--)$",
        "a dateline alone on its line above the text, such as 'CNN —'",
        head=3,
    ),
    BoilerplateRule(
        "source_line",
        r"^Sources?\s*:\s*\S.{0,200}$",
        "'Source: Thanh Nien Newspaper' credit lines (the outlet goes to the source column)",
    ),
)


def remove_boilerplate(
    text: str, rules: Iterable[BoilerplateRule] = DEFAULT_RULES
) -> tuple[str, list[dict[str, object]]]:
    """Remove boilerplate lines (or paragraphs) from ``text``.

    Kept lines keep their characters and their order; a removed line goes with its
    newline, and blank lines stay, so paragraph structure survives. The result is
    stripped of leading and trailing blank space. Only ``"\\n"`` is a line break here
    (the loader normalises ``"\\r\\n"`` before).

    Parameters
    ----------
    text : str
        The article text.
    rules : iterable of BoilerplateRule
        Rules to apply; :data:`DEFAULT_RULES` by default, ``()`` for none. Line rules
        are tried in order on each line (the first match names the removal); then
        paragraph rules on what is left.

    Returns
    -------
    cleaned : str
        The text without the removed lines.
    removed : list of dict
        One dict per removed span, in text order: ``rule`` (the rule's name),
        ``start`` and ``end`` (offsets into the ``text`` given, so
        ``text[start:end] == removed``) and ``removed`` (the line or paragraph,
        without its final newline).

    Examples
    --------
    >>> raw = "World\\nHeadline\\n-\\nBody text.\\nTags: a, b"
    >>> cleaned, removed = remove_boilerplate(raw)
    >>> cleaned
    'Headline\\nBody text.'
    >>> [(r["rule"], r["start"], r["end"]) for r in removed]
    [('section_label', 0, 5), ('separator', 15, 16), ('tags_line', 28, 38)]
    >>> raw[28:38]
    'Tags: a, b'
    """
    rules = tuple(rules)
    line_rules = [r for r in rules if r.unit == "line"]
    para_rules = [r for r in rules if r.unit == "paragraph"]

    # (start, end, content) of every line; end excludes the newline.
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1

    keep = [True] * len(lines)
    removed: list[dict[str, object]] = []
    if line_rules:
        seen = 0  # non-blank lines so far
        for i, (start, end, line) in enumerate(lines):
            stripped = line.strip()
            if not stripped:
                continue
            seen += 1
            for rule in line_rules:
                if rule.head and seen > rule.head:
                    continue
                if rule.regex.search(stripped):
                    keep[i] = False
                    removed.append(_span(rule.name, text, start, end))
                    break
    if para_rules:
        removed.extend(_remove_paragraphs(text, lines, keep, para_rules))
        removed.sort(key=lambda r: r["start"])

    out: list[str] = []
    gap = False  # a line was removed since the last kept line
    for (_, _, line), k in zip(lines, keep, strict=True):
        if not k:
            gap = True
            continue
        if gap and out and not out[-1].strip() and not line.strip():
            continue  # do not let a removal leave two blank lines in a row
        out.append(line)
        gap = False
    return "\n".join(out).strip(), removed


def _remove_paragraphs(
    text: str,
    lines: list[tuple[int, int, str]],
    keep: list[bool],
    rules: list[BoilerplateRule],
) -> list[dict[str, object]]:
    removed = []
    blocks: list[list[int]] = []
    current: list[int] = []
    for i, (_, _, line) in enumerate(lines):
        if not keep[i]:
            continue
        if line.strip():
            current.append(i)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    for n, block in enumerate(blocks, start=1):
        para = "\n".join(lines[i][2] for i in block).strip()
        for rule in rules:
            if rule.head and n > rule.head:
                continue
            if rule.regex.search(para):
                # one span per run of adjacent lines (earlier removals may split a block)
                run = [block[0]]
                for i in [*block[1:], None]:
                    if i is not None and i == run[-1] + 1:
                        run.append(i)
                        continue
                    removed.append(_span(rule.name, text, lines[run[0]][0], lines[run[-1]][1]))
                    if i is not None:
                        run = [i]
                for i in block:
                    keep[i] = False
                break
    return removed


def _span(rule: str, text: str, start: int, end: int) -> dict[str, object]:
    return {"rule": rule, "start": start, "end": end, "removed": text[start:end]}
