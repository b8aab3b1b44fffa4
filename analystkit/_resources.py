"""Where the package's bundled files live: the seed articles and the data files."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def seeds_path() -> Path:
    """Return the folder holding the five bundled seed articles.

    In a wheel the seeds are packaged as ``analystkit/_seeds``; in a source
    checkout (editable install) they are the repository's top-level ``seeds/``.

    Returns
    -------
    pathlib.Path
        An existing folder of ``.txt`` articles.

    Examples
    --------
    >>> import analystkit
    >>> sorted(p.name for p in analystkit.seeds_path().glob("*.txt"))[0]
    '000_fd51113278b0f16d.txt'
    """
    for candidate in (_PACKAGE_DIR / "_seeds", _PACKAGE_DIR.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        "analystkit's bundled seeds are missing: neither "
        f"{_PACKAGE_DIR / '_seeds'} nor {_PACKAGE_DIR.parent / 'seeds'} exists; "
        "reinstall the package"
    )


def data_path(name: str) -> Path:
    """Return the path of a bundled data file (lexicons, taxonomies, actors, tallies).

    Parameters
    ----------
    name : str
        File name inside ``analystkit/data``, e.g. ``"figures_lexicon.toml"``.

    Examples
    --------
    >>> import analystkit
    >>> analystkit.data_path("figures_lexicon.toml").name
    'figures_lexicon.toml'
    """
    return _PACKAGE_DIR / "data" / name
