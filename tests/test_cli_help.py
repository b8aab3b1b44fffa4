"""``analystkit --help`` and ``analystkit CMD --help`` import nothing heavy (no pandas)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pandas", "numpy", "pyarrow", "dask", "distributed", "sklearn", "trafilatura")


def _imported(*args: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """Run ``python -X importtime -m analystkit ARGS``; the top-level modules it imported."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "analystkit", *args],
                         capture_output=True, text=True, timeout=60, check=False)
    modules = set()
    for line in run.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                modules.add(name.split(".")[0])
    return modules, run


@pytest.mark.parametrize("args", [("--help",), ("figures", "--help"), ("docs", "--help"),
                                  ("report", "--help"), ("--version",)])
def test_help_imports_no_heavy_module(args):
    modules, run = _imported(*args)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "analystkit" in modules  # the importtime listing was read
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))
    assert run.stdout.strip()


def test_version_is_printed():
    _, run = _imported("--version")
    assert run.stdout.startswith("analystkit ")
