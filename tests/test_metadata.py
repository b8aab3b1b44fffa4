"""analystkit._metadata: title, outlet, author and date inferred from text."""

from __future__ import annotations

import pandas as pd
import pytest

from analystkit._metadata import (
    TITLE_MAX,
    author_from_removed,
    date_in_text,
    domain_of,
    first_sentence,
    infer_title,
    parse_dates,
    source_in_text,
)


def test_title_is_the_first_non_empty_line():
    assert infer_title("\n\n  Kyiv hit by record drone attack  \nBody.") == (
        "Kyiv hit by record drone attack"
    )


def test_markdown_heading_marks_are_dropped():
    assert infer_title("# Kyiv hit\n\nBody.", markdown=True) == "Kyiv hit"


def test_long_first_line_gives_its_first_sentence_without_dateline():
    lede = (
        "LONDON -- Russia overnight hit Ukraine with the biggest missile and drone attack of "
        "the war. Hundreds of Russian drones swarmed the capital all night as videos show "
        "huge fires and plumes of smoke billowing across the skyline."
    )
    assert infer_title(lede) == (
        "Russia overnight hit Ukraine with the biggest missile and drone attack of the war."
    )


def test_long_sentence_is_shortened_at_a_word():
    title = infer_title("word " * 100)
    assert len(title) <= TITLE_MAX
    assert title.endswith("word…")


def test_first_sentence_keeps_abbreviations():
    assert first_sentence("U.S. President Trump and Mr. Zelensky spoke. Then more.") == (
        "U.S. President Trump and Mr. Zelensky spoke."
    )


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Headline\n\nJul 05, 2025\n\nKyiv [Ukraine], July 5: body", "2025-07-05"),
        ("Headline\nPublished 5 July 2025 10:32\nBody", "2025-07-05"),
        ("Headline\nUpdated: 2022-03-01\nBody", "2022-03-01"),
        ("Headline\nMarch 1st, 2022 | By Jane Doe\nBody", "2022-03-01"),
        ("July 5, 2025\nHeadline\nBody", "2025-07-05"),
    ],
)
def test_date_in_text(text, date):
    assert date_in_text(text) == pd.Timestamp(date, tz="UTC")


@pytest.mark.parametrize(
    "text",
    [
        "Headline\nOn Friday, Russia attacked Kyiv.",
        "Headline\nKyiv [Ukraine], July 5: no year here",
        "Headline\n" + "Russia invaded Ukraine on February 24, 2022, and the war " * 3,
        "Headline\nFeb 30, 2022\nBody",
        "What we know on 24 February 2022, day one of the invasion\nBody",
        "Headline\nBody.\n— Party (@party) March 16, 2024\nMore body.",
        "\n".join(["line"] * 10 + ["Jul 05, 2025"]),
    ],
)
def test_no_date_is_invented(text):
    assert date_in_text(text) is None


def test_parse_dates_formats():
    got = parse_dates(
        ["2022-08-01T16:23:25Z", "20220101T120000Z", "2022/06/23", "Friday", "", None, 1656000000]
    )
    assert str(got.dtype) == "datetime64[ns, UTC]"
    assert [str(t) for t in got] == [
        "2022-08-01 16:23:25+00:00",
        "2022-01-01 12:00:00+00:00",
        "2022-06-23 00:00:00+00:00",
        "NaT",
        "NaT",
        "NaT",
        "2022-06-23 16:00:00+00:00",
    ]


def test_parse_dates_converts_time_zones_to_utc():
    assert parse_dates(["2025-07-04T08:30:00+0300"])[0] == pd.Timestamp("2025-07-04 05:30Z")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Body.\nSource: Thanh Nien Newspaper", "Thanh Nien Newspaper"),
        (
            "Body.\nThis content is courtesy of, and owned and copyrighted by, "
            "https://thecongressionalinsider.com and its author.",
            "thecongressionalinsider.com",
        ),
        (
            "Body.\nThis article is republished from The Conversation under a Creative "
            "Commons license.",
            "The Conversation",
        ),
        ("Source: https://www.tapnewswire.com/2022/09/x/\nBody.", "tapnewswire.com"),
        ("KYIV (Reuters) - Russia launched drones overnight.", "Reuters"),
        ("Hong Kong CNN —\n\nBody.", "CNN"),
        ("LONDON -- Russia overnight hit Ukraine.", ""),
        ("KYIV —\n\nBody.", ""),
        (
            "Headline\n\nUnclassified document obtained by The Washington Post. (Obtained by "
            "The Washington Post)\n\nBody.",
            "",
        ),
        ("", ""),
    ],
)
def test_source_in_text(text, source):
    assert source_in_text(text) == source


def test_domain_of():
    assert domain_of("https://www.Example.com/a?b=1") == "example.com"
    assert domain_of("example.org/path") == "example.org"
    assert domain_of("") == ""


def test_author_from_removed_lines():
    assert author_from_removed([{"rule": "author_line", "removed": "Author: Editor"}]) == "Editor"
    assert author_from_removed([{"rule": "author_line", "removed": "Reporting by X"}]) == ""
    assert author_from_removed([{"rule": "tags_line", "removed": "Tags: x"}]) == ""
