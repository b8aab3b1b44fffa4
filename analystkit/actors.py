"""Actors: who speaks in war reporting, and which actor a speaker phrase names.

The actors live in ``analystkit/data/actors.toml`` (id, name, aliases, type, country,
side, role); users extend them with a file of their own in the same format.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analystkit._attribution import (
    SPEAKER_TYPES,
    Actor,
    ActorIndex,
    guess_type,
    load_vocabulary,
    normalise_id,
    np_after,
    resolve_phrase,
)
from analystkit._resources import data_path
from analystkit._schema import Schema

__all__ = ["ACTORS", "load_actors", "resolve_speaker"]

ACTORS_FILE = "actors.toml"
ACTORS = Schema(
    "actors",
    {"actor_id": "str", "name": "str", "type": "str", "country": "str", "side": "str",
     "role": "str", "gender": "str", "aliases": "str"},
    {
        "actor_id": "stable id, used as speaker_id in the claims table",
        "name": "canonical name",
        "type": "person, organisation, government body, media or anonymous source",
        "country": "the actor's country; empty for international bodies",
        "side": "the camp it speaks for (ukraine, russia, us, eu, …); empty if none",
        "role": "one line: what the actor is",
        "gender": "female or male for persons where given; else empty",
        "aliases": "spellings matched in text, '; '-separated",
    },
)
_FIELDS = ("name", "type", "country", "side", "role", "gender")


def _read_toml(path: Path) -> list[dict]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML ({exc})") from exc
    entries = data.get("actor")
    if not isinstance(entries, list):
        raise ValueError(f"{path}: expected [[actor]] tables (see {data_path(ACTORS_FILE)})")
    out = []
    for i, entry in enumerate(entries, 1):
        where = f"{path}: actor #{i}"
        actor_id = entry.get("id")
        if not isinstance(actor_id, str) or not actor_id.strip():
            raise ValueError(f"{where} has no id")
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ValueError(f"{where} ({actor_id}): aliases must be a list of strings")
        kind = entry.get("type")
        if entry.get("gender") not in (None, "", "female", "male"):
            raise ValueError(f"{where} ({actor_id}): gender must be 'female' or 'male'")
        if kind is not None and kind not in SPEAKER_TYPES:
            raise ValueError(f"{where} ({actor_id}): type {kind!r} is not one of "
                             f"{', '.join(SPEAKER_TYPES)}")
        for key in _FIELDS:
            if key in entry and not isinstance(entry[key], str):
                raise ValueError(f"{where} ({actor_id}): {key} must be a string")
        out.append({**{k: entry[k] for k in _FIELDS if k in entry},
                    "actor_id": actor_id.strip(), "aliases": [a.strip() for a in aliases]})
    return out


def load_actors(path: str | Path | None = None) -> pd.DataFrame:
    """Return the actors table: the bundled actors, extended by ``path`` if given.

    Parameters
    ----------
    path : str or Path, optional
        A TOML file of ``[[actor]]`` tables in the format of the bundled
        ``analystkit/data/actors.toml``. An entry with a new ``id`` adds an actor (it
        needs a ``type``); an entry with an existing ``id`` replaces the fields it gives
        and adds its aliases to the actor's.

    Returns
    -------
    pandas.DataFrame
        One row per actor:

        ========  =====  =======================================================
        column    dtype  meaning
        ========  =====  =======================================================
        actor_id  str    stable id, used as ``speaker_id`` in the claims table
        name      str    canonical name
        type      str    person, organisation, government body, media or
                         anonymous source
        country   str    the actor's country; empty for international bodies
        side      str    the camp it speaks for (ukraine, russia, us, eu, …)
        role      str    one line: what the actor is
        gender    str    ``female`` or ``male`` for persons where given, else empty
                         (only keeps "she said" from resolving to a man)
        aliases   str    spellings matched in text, ``'; '``-separated
        ========  =====  =======================================================

    Examples
    --------
    >>> actors = load_actors()
    >>> actors.set_index("actor_id").loc["dmitry_peskov", ["type", "side", "role"]].tolist()
    ['person', 'russia', 'Kremlin spokesman']
    """
    merged: dict[str, dict] = {}
    sources = [data_path(ACTORS_FILE)] + ([Path(path)] if path is not None else [])
    for source in sources:
        if not source.is_file():
            raise FileNotFoundError(f"actors file not found: {source}")
        for entry in _read_toml(source):
            actor_id = entry["actor_id"]
            if actor_id in merged:
                old = merged[actor_id]
                old.update({k: entry[k] for k in _FIELDS if k in entry})
                old["aliases"] = list(dict.fromkeys(old["aliases"] + entry["aliases"]))
            else:
                if "type" not in entry:
                    raise ValueError(f"{source}: new actor {actor_id!r} needs a type")
                merged[actor_id] = {"name": actor_id.replace("_", " ").title(), "country": "",
                                    "side": "", "role": "", "gender": "", **entry}
    rows = [{**a, "aliases": "; ".join(a["aliases"])} for a in merged.values()]
    return ACTORS.from_records(rows)


def _actors_from_frame(actors: pd.DataFrame) -> list[Actor]:
    missing = [c for c in ("actor_id", "type", "aliases") if c not in actors.columns]
    if missing:
        raise ValueError(f"expected the table from load_actors(); missing {missing}")
    out = []
    for row in actors.to_dict("records"):
        aliases = [a.strip() for a in str(row.get("aliases") or "").split(";") if a.strip()]
        name = str(row.get("name") or "")
        if name and "(" not in name:
            aliases.append(name)
        out.append(Actor(str(row["actor_id"]), name, str(row["type"]),
                         str(row.get("country") or ""), str(row.get("side") or ""),
                         str(row.get("role") or ""), tuple(dict.fromkeys(aliases)),
                         str(row.get("gender") or "")))
    return out


@lru_cache(maxsize=1)
def _default_index() -> ActorIndex:
    return ActorIndex(_actors_from_frame(load_actors()))


def actor_index(actors: pd.DataFrame | str | Path | None = None) -> ActorIndex:
    """The compiled index for ``actors``: None (bundled), a TOML path, or a table."""
    if actors is None:
        return _default_index()
    if isinstance(actors, (str, Path)):
        return ActorIndex(_actors_from_frame(load_actors(actors)))
    if isinstance(actors, pd.DataFrame):
        return ActorIndex(_actors_from_frame(actors))
    raise TypeError(f"actors must be None, a path or a DataFrame, got {type(actors).__name__}")


def resolve_speaker(text: str, actors: pd.DataFrame | str | Path | None = None,
                    ) -> tuple[str, str]:
    """Return ``(speaker_id, speaker_type)`` for a speaker phrase as written.

    The phrase resolves to the actor whose alias ends it ("Kremlin spokesman Dmitry
    Peskov" is Peskov; "a spokesman for the German Defense Ministry" is the ministry), so
    every spelling and title of an actor gives one id. A phrase naming no known actor
    gets a normalised lower-case id and a type guessed from its words ("officials",
    "a source familiar with the matter": anonymous source). Pronouns and bare roles ("he",
    "the spokesman") need their context; :func:`~analystkit.extract_claims` resolves them.

    Parameters
    ----------
    text : str
        The speaker phrase.
    actors : DataFrame, str or Path, optional
        The actors table from :func:`load_actors`, or a TOML file extending the bundled
        actors. Default: the bundled actors.

    Returns
    -------
    (str, str)
        The actor id and its type (person, organisation, government body, media or
        anonymous source).

    Examples
    --------
    >>> resolve_speaker("Ukrainian President Volodymyr Zelensky")
    ('volodymyr_zelensky', 'person')
    >>> resolve_speaker("Mr Zelenskiy")
    ('volodymyr_zelensky', 'person')
    >>> resolve_speaker("Kyiv's mayor")
    ('vitali_klitschko', 'person')
    >>> resolve_speaker("a source familiar with the matter")
    ('source_familiar_with_the_matter', 'anonymous source')
    """
    vocab = load_vocabulary()
    index = actor_index(actors)
    phrase_text = " ".join(text.split())
    if phrase_text.lower() in ("he", "she"):
        return phrase_text.lower(), "person"
    phrase = np_after(phrase_text, 0, len(phrase_text), vocab)
    if phrase is None or phrase.end < len(phrase_text.rstrip(" .,")):
        found = index.resolve(phrase_text, vocab)
        if found is not None:
            return found.actor.actor_id, found.actor.type
        return normalise_id(phrase_text), "organisation" if phrase is None else guess_type(
            phrase, vocab)
    found = resolve_phrase(index, phrase_text, phrase, vocab)
    if found is not None:
        return found.actor.actor_id, found.actor.type
    return normalise_id(phrase_text), guess_type(phrase, vocab)
