"""Accept the documents table, any frame with doc_id and text, a string, or a list of strings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pandas as pd


def iter_documents(documents: pd.DataFrame | str | Iterable[str]) -> Iterator[tuple[str, str]]:
    """Yield ``(doc_id, text)`` pairs from whatever the caller passed.

    A single string becomes document ``"doc"``; a list of strings becomes ``doc0``,
    ``doc1``, …; a DataFrame must have ``doc_id`` and ``text`` columns. Missing text
    is read as the empty string. The input is never modified.
    """
    if isinstance(documents, str):
        yield "doc", documents
        return
    if isinstance(documents, pd.DataFrame):
        missing = [c for c in ("doc_id", "text") if c not in documents.columns]
        if missing:
            raise ValueError(
                "expected a documents table with 'doc_id' and 'text' columns; "
                f"missing {', '.join(map(repr, missing))} (got columns {list(documents.columns)})"
            )
        for doc_id, text in zip(documents["doc_id"], documents["text"], strict=True):
            yield str(doc_id), text if isinstance(text, str) else ""
        return
    if isinstance(documents, Iterable):
        for i, text in enumerate(documents):
            if not isinstance(text, str):
                raise TypeError(f"expected strings, got {type(text).__name__} at position {i}")
            yield f"doc{i}", text
        return
    raise TypeError(
        "expected a documents DataFrame, a string or a list of strings, "
        f"got {type(documents).__name__}"
    )
