"""analystkit._resources: the bundled seeds, from a checkout and from a built wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import analystkit
from analystkit import seeds_path

SEED_NAMES = [
    "000_fd51113278b0f16d.txt",
    "001_3c117ee7df16badd.txt",
    "002_6f8537a3a5f28ac7.txt",
    "003_97bdce341057ee98.txt",
    "004_82c52a8aa8fc80f9.txt",
]


def test_seeds_path_in_a_checkout(root):
    path = seeds_path()
    assert path.is_dir()
    assert sorted(p.name for p in path.glob("*.txt")) == SEED_NAMES
    assert path.resolve() == (root / "seeds").resolve()


def test_seeds_load(root):
    docs = analystkit.load_corpus(seeds_path())
    assert len(docs) == 5


@pytest.mark.slow
def test_seeds_are_inside_the_wheel_and_found_there(root, tmp_path):
    pytest.importorskip("hatchling", reason="building the wheel offline needs hatchling")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(root), "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path / "dist"), "-q"],
        capture_output=True,
        text=True,
    )  # fmt: skip
    if build.returncode != 0:
        pytest.skip(f"could not build the wheel here: {build.stderr.strip()[-300:]}")
    (wheel,) = (tmp_path / "dist").glob("analystkit-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert sorted(n for n in names if n.startswith("analystkit/_seeds/")) == [
            f"analystkit/_seeds/{n}" for n in SEED_NAMES
        ]
        assert not any(n.startswith("seeds/") for n in names)
        zf.extractall(tmp_path / "site")
    # Import the unpacked wheel (not the checkout): seeds_path() must find analystkit/_seeds.
    code = (
        "import analystkit, pathlib\n"
        "p = analystkit.seeds_path()\n"
        "assert p.name == '_seeds', p\n"
        "print(len(analystkit.load_corpus(p)))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "5"
    assert Path(tmp_path / "site" / "analystkit" / "_seeds").is_dir()
