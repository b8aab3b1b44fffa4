"""The public API: every exported name resolves, and importing stays light."""

import subprocess
import sys

import analystkit


def test_all_matches_exports():
    assert sorted(analystkit.__all__) == sorted([*analystkit._EXPORTS, "__version__"])


def test_every_export_resolves():
    for name in analystkit._EXPORTS:
        assert getattr(analystkit, name) is not None, name


def test_unknown_name_raises():
    import pytest

    with pytest.raises(AttributeError, match="no attribute"):
        analystkit.does_not_exist  # noqa: B018


def test_import_is_lazy():
    code = ("import sys, analystkit; heavy = [m for m in ('pandas', 'matplotlib', 'ipywidgets', "
            "'nbclient', 'trafilatura', 'dask') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
