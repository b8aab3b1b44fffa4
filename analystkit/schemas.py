"""Every tidy table analystkit returns, declared once: column names, dtypes, meaning.

Functions conform their output to these schemas, and the tests validate against
them, so a column never silently changes type.

Examples
--------
>>> from analystkit.schemas import FIGURES
>>> FIGURES.names[:4]
['doc_id', 'start', 'end', 'mention']
>>> FIGURES.empty().dtypes["value"]
dtype('float64')
"""

from __future__ import annotations

from analystkit._schema import Schema

__all__ = [
    "CLAIMS",
    "COMPARISONS",
    "DOCUMENTS",
    "FIGURES",
    "FRAMING",
    "NARRATIVE_TAGS",
    "REMOVED",
    "SENTENCES",
    "SKIPPED",
    "TALLIES",
    "Schema",
]

DOCUMENTS = Schema(
    "documents",
    {
        "doc_id": "str",
        "path": "str",
        "title": "str",
        "source": "str",
        "published": "datetime64[ns, UTC]",
        "author": "str",
        "url": "str",
        "text": "str",
        "n_words": "int64",
        "content_hash": "str",
        "raw_text": "str",
    },
    {
        "doc_id": "stable id: the file's path below the folder given, without extension, plus row / line number for multi-article files",  # noqa: E501
        "path": "the file the article came from",
        "title": "headline (metadata, or the first non-empty line of a text file)",
        "source": "the outlet, where it can be inferred; empty otherwise",
        "published": "publication time (UTC); NaT where unknown",
        "author": "author, where known",
        "url": "URL, where known",
        "text": "cleaned text: every offset in every other table refers to it",
        "n_words": "number of words in text",
        "content_hash": "SHA-256 of the normalised text (duplicate detection)",
        "raw_text": "the decoded text before boilerplate removal",
    },
)

SKIPPED = Schema(
    "skipped inputs",
    {"path": "str", "location": "str", "reason": "str"},
    {
        "path": "the file (or folder) that was not loaded, in whole or in part",
        "location": "where in the file: 'line 2', 'row 17', or empty for the whole file",
        "reason": "why: empty, binary, undecodable, malformed JSON, no text field, duplicate …",
    },
)

REMOVED = Schema(
    "removed boilerplate",
    {"doc_id": "str", "rule": "str", "start": "int64", "end": "int64", "removed": "str"},
    {
        "doc_id": "the document",
        "rule": "name of the boilerplate rule that matched",
        "start": "offset of the removed span in raw_text",
        "end": "end offset of the removed span in raw_text",
        "removed": "the removed text",
    },
)

SENTENCES = Schema(
    "sentences",
    {"doc_id": "str", "sentence_id": "int64", "start": "int64", "end": "int64", "sentence": "str"},
    {
        "doc_id": "the document",
        "sentence_id": "0-based index of the sentence in the document",
        "start": "offset of the sentence in text",
        "end": "end offset of the sentence in text",
        "sentence": "the sentence, text[start:end]",
    },
)

FIGURES = Schema(
    "figures",
    {
        "doc_id": "str",
        "start": "int64",
        "end": "int64",
        "mention": "str",
        "sentence": "str",
        "value": "float64",
        "low": "float64",
        "high": "float64",
        "qualifier": "str",
        "measure": "str",
        "item": "str",
        "category": "str",
        "attributed_to": "str",
        "attribution_chain": "str",
        "side": "str",
        "place": "str",
        "sentence_id": "int64",
        "sentence_start": "int64",
        "number_text": "str",
        "unit": "str",
        "time_cue": "str",
        "is_core": "bool",
        "part_of": "Int64",
        "same_as": "Int64",
        "scope": "str",
        "aid_status": "str",
    },
    {
        "doc_id": "the document",
        "start": "offset of mention in the document's text",
        "end": "end offset: text[start:end] == mention",
        "mention": "the exact span, hedge included ('at least 23', '539 drones')",
        "sentence": "the sentence the figure stands in",
        "value": "the best single number",
        "low": "lower bound where the text gives one, else NaN",
        "high": "upper bound where the text gives one, else NaN",
        "qualifier": "exact, approx, at_least, at_most or range",
        "measure": "launched, struck, intercepted, killed, injured, aid_money, aid_materiel, other",
        "item": "what is counted, singular lower case; ISO currency code for money",
        "category": "attack, defence, casualties, aid or other (from measure)",
        "attributed_to": "the primary source the text credits; empty where none",
        "attribution_chain": "outer sources of a chain ('Reuters'), '; '-separated",
        "side": "whose weapons / losses where the text says (russia, ukraine, …); else empty",
        "place": "place named near the figure ('Kyiv'); else empty",
        "sentence_id": "index of the sentence in the document",
        "sentence_start": "offset of the sentence in the text",
        "number_text": "the number as written ('a dozen', '1,227', '$43 billion')",
        "unit": "unit of an `other` figure (year, minute, percent, …) or currency",
        "time_cue": "the sentence's time words ('overnight', 'on the night of July 3')",
        "is_core": "True when measure is not 'other'",
        "part_of": "a part of a total ('15 out of 22 drones', 'the remaining two'): the start "
                   "of the total's row in the same document; else missing",
        "same_as": "an amount in brackets converting the one before ('$61bn (£49bn)'): the "
                   "start of that amount's row, so sums count it once; else missing",
        "scope": "core rows: this_war, other_war (another conflict or attack), historical "
                 "(Holodomor, Second World War, before 2014) or hypothetical ('could kill'); "
                 "other rows: empty",
        "aid_status": "aid rows: delivered, pledged, approved, paused, refused or requested "
                      "(the nearest status word of the sentence); else empty",
    },
)

CLAIMS = Schema(
    "claims",
    {
        "doc_id": "str",
        "start": "int64",
        "end": "int64",
        "speaker": "str",
        "speaker_id": "str",
        "speaker_type": "str",
        "verb": "str",
        "content": "str",
        "is_direct_quote": "bool",
        "sentence": "str",
        "sentence_id": "int64",
        "cue": "str",
        "attribution_chain": "str",
        "speaker_start": "int64",
        "speaker_end": "int64",
        "content_start": "int64",
        "content_end": "int64",
    },
    {
        "doc_id": "the document",
        "start": "offset of the claim (speaker, verb and content) in text",
        "end": "end offset of the claim",
        "speaker": "the speaker as written",
        "speaker_id": "canonical actor id ('volodymyr_zelensky'); else the speaker lower-cased",
        "speaker_type": "person, organisation, government body, media or anonymous source",
        "verb": "the reporting verb as written (said, wrote, confirmed, according to …)",
        "content": "the quote or reported clause",
        "cue": "what marks the attribution: verb, according, dash, continuation",
        "attribution_chain": "outer sources the speaker is relayed through ('Reuters'), "
                             "'; '-separated; empty when none",
        "speaker_start": "offset of the speaker as written; for a continuation, of the "
                         "speaker it continues",
        "speaker_end": "end offset of the speaker as written",
        "content_start": "offset of content in text: text[content_start:content_end]",
        "content_end": "end offset of content",
        "is_direct_quote": "True for quoted words",
        "sentence": "the sentence holding the claim",
        "sentence_id": "index of the sentence in the document",
    },
)

COMPARISONS = Schema(
    "comparisons",
    {
        "event_id": "str",
        "side": "str",
        "measure": "str",
        "item": "str",
        "n_sources": "int64",
        "sources": "str",
        "low": "float64",
        "best": "float64",
        "high": "float64",
        "verdict": "str",
        "summary": "str",
        "official_launched": "float64",
        "official_destroyed": "float64",
        "event_date": "datetime64[ns]",
    },
    {
        "event_id": "the event the figures report",
        "side": "who launched / whose losses, where known",
        "measure": "the figures' measure",
        "item": "the figures' item",
        "n_sources": "number of documents reporting it",
        "sources": "those documents' outlets (or ids), '; '-separated",
        "low": "lowest value any source allows",
        "best": "best estimate (rule in compare_figures' docstring)",
        "high": "highest value any source allows",
        "verdict": "consistent, consistent_within_hedges, parts_of_total, scope_differs or "
                   "conflicting",
        "summary": "each source's value with its qualifier and attribution",
        "official_launched": "official tally of weapons launched that night, where matched",
        "official_destroyed": "official tally of weapons destroyed that night, where matched",
        "event_date": "the event's night (evening of D or overnight into D+1 is night D); "
                      "NaT where unknown",
    },
)

TALLIES = Schema(
    "official tallies",
    {
        "night": "datetime64[ns]",
        "model": "str",
        "weapon_class": "str",
        "is_missile": "bool",
        "launched": "float64",
        "destroyed": "float64",
        "scope": "str",
        "source": "str",
    },
    {
        "night": "the night, named by the date of its evening (rule in read_tallies)",
        "model": "weapon model as written in the tally",
        "weapon_class": "drone, ballistic missile, cruise missile or other",
        "is_missile": "True for missiles (ballistic, cruise, and missiles classed other)",
        "launched": "weapons launched that night (the night's reports summed)",
        "destroyed": "weapons destroyed that night; NaN where no report gives it",
        "scope": "national (Air Force summary) or, on request, regional / other",
        "source": "the reports summed, '; '-separated",
    },
)

NARRATIVE_TAGS = Schema(
    "narrative tags",
    {
        "doc_id": "str",
        "narrative": "str",
        "label": "str",
        "evidence": "str",
        "start": "int64",
        "end": "int64",
        "cue": "str",
        "score": "float64",
    },
    {
        "doc_id": "the document",
        "narrative": "narrative id from the taxonomy",
        "label": "the narrative's readable label",
        "evidence": "the sentence that earns the tag",
        "start": "offset of the evidence sentence in text",
        "end": "end offset of the evidence sentence",
        "cue": "what matched",
        "score": "strength of the match (0-1)",
    },
)

FRAMING = Schema(
    "framing signals",
    {
        "doc_id": "str",
        "source": "str",
        "n_words": "int64",
        "n_figures": "int64",
        "share_attributed": "float64",
        "share_hedged": "float64",
        "quotes_per_1000_words": "float64",
        "unattributed_superlatives": "int64",
        "superlative_terms": "str",
        "loaded_per_1000_words": "float64",
        "loaded_terms": "str",
    },
    {
        "doc_id": "the document",
        "source": "its outlet",
        "n_words": "words in the text",
        "n_figures": "core figures extracted",
        "share_attributed": "share of core figures with an attribution (NaN without figures)",
        "share_hedged": "share of core figures with a qualifier other than exact (NaN without)",
        "quotes_per_1000_words": "direct quotes per 1,000 words",
        "unattributed_superlatives": (
            "superlatives ('largest', 'record') in sentences crediting nobody"
        ),
        "superlative_terms": "those superlatives, '; '-separated",
        "loaded_per_1000_words": "loaded-language terms (outside quotes) per 1,000 words",
        "loaded_terms": "the loaded terms found, '; '-separated",
    },
)
