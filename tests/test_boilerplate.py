"""analystkit.boilerplate: named rules, what each removes and what it keeps."""

from __future__ import annotations

import dataclasses
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analystkit.boilerplate import DEFAULT_RULES, BoilerplateRule, remove_boilerplate

BODY = "Russia launched 539 drones and 11 missiles, the air force said."


def rule_of(line: str, *, above: str = "Headline", below: str = BODY) -> str | None:
    """The rule that removes ``line`` set between a headline and a body line, or None."""
    text, removed = remove_boilerplate(f"{above}\n{line}\n{below}")
    assert BODY in text
    return removed[0]["rule"] if removed else None


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Discover This: Israeli Airstrike Kills Senior Hamas Commander", "promo_line"),
        ("Trending Now: US Intelligence Casts Doubt on Trump’s Claim", "promo_line"),
        ("Must Read: Inside Israel's Covert War in Iran", "promo_line"),
        ("See more: Mr. Putin called Mr. Trump", "promo_line"),
        ("See more : What did Russia say?", "promo_line"),
        ("Watch a report: Zelensky BEGS Trump For Urgent Help", "promo_line"),
        ("Read more: Ukraine asks Germany for more tanks", "promo_line"),
        ("READ MORE ON UKRAINE", "read_more"),
        ("Most read in The Sun", "read_more"),
        ("Click this link for the original source of this article.", "click_link"),
        ("CLICK HERE TO GET THE FOX NEWS APP", "click_link"),
        ("Sign up to First Edition, our free daily newsletter – every weekday", "newsletter"),
        ("Sign up", "newsletter"),
        ("JOIN US ON TELEGRAM! Follow our coverage of the war.", "social_follow"),
        ("Advertisement", "navigation"),
        ("Tags: Russia drone attack Kyiv, largest bombing Ukraine war", "tags_line"),
        ("Author: Editor", "author_line"),
        ("Authored by Andrew Korybko via Substack,", "author_line"),
        ("By Jane Doe", "byline"),
        ("By John Helmer, Moscow", "byline"),
        (
            "This content is courtesy of, and owned and copyrighted by, https://example.com and "
            "its author. This content is made available by use of the public RSS feed offered "
            "by the host site and is used for educational purposes only.",
            "rss_disclaimer",
        ),
        ("© 2022 AFP", "copyright"),
        ("Copyright 2023. Jane Doe. All rights reserved.", "copyright"),
        ("Representative Image", "image_caption"),
        ("Photo: EPA-EFE", "image_caption"),
        ("Smoke rises over Kyiv on Saturday. Photograph: Reuters", "image_caption"),
        (
            "Unclassified U.S. intelligence document obtained by The Washington Post. "
            "(Obtained by The Washington Post)",
            "image_caption",
        ),
        ("-", "separator"),
        ("* * *", "separator"),
        ("Source: Thanh Nien Newspaper", "source_line"),
    ],
)
def test_each_default_rule(line, rule):
    assert rule_of(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the week, Russian forces had withdrawn from the town.",
        "Read the room, officials said, as talks stalled.",
        "The source said the attack involved 539 drones.",
        "Ukraine’s air force said it shot down 268 drones — a record.",
        "At a Glance",
        "Watch this space, the minister said.",
        "Tags were attached to every drone fragment found in Kyiv.",
        "World leaders condemned the attack on Friday.",
        "- Russia attacked Kyiv with 539 drones and 11 missiles.",
        # a paragraph with a caption glued to its end is article text, not a caption
        "The Kremlin appears to be focusing its operations around the city of Izium as part of "
        "renewed efforts to seize the entirety of the Donetsk and Luhansk regions. Gerasimov has "
        "reportedly been put in command of the push. General Valery Gerasimov (L) with defence "
        "minister Sergei Shoigu. Photograph: Alexei Nikolsky/AP",
    ],
)
def test_article_lines_are_kept(line):
    assert rule_of(line) is None


def test_section_label_only_above_the_headline():
    text, removed = remove_boilerplate("World\nRepresentative Image\n\nHeadline\n\nWorld\n" + BODY)
    assert [r["rule"] for r in removed] == ["section_label", "image_caption"]
    assert text == f"Headline\n\nWorld\n{BODY}"


def test_dateline_line_only_at_the_top():
    text, removed = remove_boilerplate(f"Hong Kong CNN —\n\n{BODY}\n{BODY}\n{BODY}\nKYIV —")
    assert [r["removed"] for r in removed] == ["Hong Kong CNN —"]
    assert text.endswith("KYIV —")


def test_offsets_point_into_the_raw_text():
    raw = "World\nHeadline\n-\nBody text.\n\nTags: a, b\n"
    text, removed = remove_boilerplate(raw)
    assert text == "Headline\nBody text."
    for r in removed:
        assert raw[r["start"] : r["end"]] == r["removed"]
    assert [r["rule"] for r in removed] == ["section_label", "separator", "tags_line"]


def test_line_structure_and_characters_are_kept():
    raw = "Headline\n\nFirst “quoted” paragraph.\n\nTrending Now: x\n\nSecond paragraph.\n"
    text, _ = remove_boilerplate(raw)
    assert text == "Headline\n\nFirst “quoted” paragraph.\n\nSecond paragraph."


def test_no_rules_only_strips():
    assert remove_boilerplate("\n  Tags: x\n", ()) == ("Tags: x", [])


def test_user_rule_extends_the_defaults():
    rules = DEFAULT_RULES + (BoilerplateRule("sponsor", r"^Sponsored by\b", "sponsor credits"),)  # noqa: RUF005 (the documented idiom)
    text, removed = remove_boilerplate(f"{BODY}\nSponsored by Acme\nTags: x", rules)
    assert text == BODY
    assert [r["rule"] for r in removed] == ["sponsor", "tags_line"]


def test_compiled_pattern_keeps_its_flags():
    rule = BoilerplateRule("shout", re.compile(r"^BREAKING$"))
    assert remove_boilerplate("BREAKING\nBody", (rule,))[0] == "Body"
    assert remove_boilerplate("Breaking\nBody", (rule,))[0] == "Breaking\nBody"


def test_paragraph_rule_removes_a_wrapped_block():
    rule = BoilerplateRule("disclaimer", r"^This article was", unit="paragraph")
    raw = "Headline\n\nBody.\n\nThis article was first\npublished elsewhere.\n\nEnd."
    text, removed = remove_boilerplate(raw, (rule,))
    assert text == "Headline\n\nBody.\n\nEnd."
    block = "This article was first\npublished elsewhere."
    start = raw.index(block)
    assert removed == [
        {"rule": "disclaimer", "start": start, "end": start + len(block), "removed": block}
    ]


def test_rules_are_frozen_and_named():
    names = [r.name for r in DEFAULT_RULES]
    assert len(names) == len(set(names))
    assert all(r.description for r in DEFAULT_RULES)
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_RULES[0].name = "x"  # type: ignore[misc]


def test_bad_unit_is_refused():
    with pytest.raises(ValueError, match="unit"):
        BoilerplateRule("x", "y", unit="word")  # type: ignore[arg-type]


def test_seed_001_disclaimer_promo_and_author_go(seeds_dir):
    raw = (seeds_dir / "001_3c117ee7df16badd.txt").read_text(encoding="utf-8")
    text, removed = remove_boilerplate(raw)
    assert [r["rule"] for r in removed] == [
        "promo_line",
        "click_link",
        "author_line",
        "rss_disclaimer",
    ]
    assert text.endswith("heading into winter.")


def test_linear_time_on_long_and_pathological_lines():
    long_line = "a" * 200_000
    nasty = ("By " + "Aa " * 5000) + "!"
    start = time.perf_counter()
    remove_boilerplate("\n".join([long_line, nasty, "x" * 1000 + " Photograph:" * 50] * 20))
    assert time.perf_counter() - start < 2.0


def test_many_lines_fast():
    text = "\n".join(f"Paragraph {i} says the attack involved {i} drones." for i in range(20_000))
    start = time.perf_counter()
    cleaned, removed = remove_boilerplate(text)
    assert removed == [] and cleaned == text
    assert time.perf_counter() - start < 2.0


LINES = [
    "Headline",
    "",
    "  ",
    "World",
    "-",
    "Trending Now: elsewhere",
    "Tags: a, b",
    "Body sentence with 539 drones.",
    "Source: Outlet",
    "By Jane Doe",
    "“Quoted” line — with dashes",
]


@given(st.lists(st.sampled_from(LINES) | st.text(max_size=40), max_size=30))
@settings(max_examples=200, deadline=None)
def test_offsets_and_kept_lines_property(lines):
    raw = "\n".join(lines)
    cleaned, removed = remove_boilerplate(raw)
    for r in removed:
        assert raw[r["start"] : r["end"]] == r["removed"]
        assert "\n" not in r["removed"]
    assert cleaned == cleaned.strip()
    # every kept line is an original line, in order (the ends of the text are stripped)
    it = iter(raw.split("\n"))
    assert all(
        any(line.strip() == orig.strip() for orig in it) for line in cleaned.split("\n") if cleaned
    )
