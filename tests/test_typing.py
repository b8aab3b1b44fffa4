"""The type checker over the package: mypy's errors, file by file, may only shrink.

``tests/mypy_baseline.json`` holds the number of errors mypy (the version pinned in the
``test`` extra) reports for each module today. A change that adds an error fails here with
the new errors listed; a change that removes some fails too, asking for the baseline to be
lowered (``python tests/test_typing.py --update``), so what is reached is kept.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASELINE = Path(__file__).with_name("mypy_baseline.json")
_ERROR = re.compile(r"^(analystkit/[^:]+):\d+: error: ")


def _mypy_errors(cache: Path) -> tuple[Counter, list[str]]:
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(cache), "--no-error-summary",
         "--config-file", str(ROOT / "pyproject.toml")],
        capture_output=True, text=True, cwd=ROOT)
    lines = [line for line in out.stdout.splitlines() if _ERROR.match(line)]
    return Counter(_ERROR.match(line).group(1) for line in lines), lines


def test_package_is_marked_typed():
    assert (ROOT / "analystkit" / "py.typed").exists()


def test_mypy_errors_only_shrink(tmp_path):
    if shutil.which("mypy") is None and subprocess.run(
            [sys.executable, "-m", "mypy", "--version"], capture_output=True).returncode:
        pytest.skip("mypy is not installed (pip install -e '.[test]')")
    counts, lines = _mypy_errors(tmp_path / "cache")
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    grown = {f: (n, baseline.get(f, 0)) for f, n in counts.items() if n > baseline.get(f, 0)}
    assert not grown, "new type errors (now, baseline):\n" + "\n".join(
        f"  {f}: {n} > {b}" for f, (n, b) in sorted(grown.items())) + "\n" + "\n".join(
        line for line in lines if line.split(":")[0] in grown)
    shrunk = {f: (counts.get(f, 0), b) for f, b in baseline.items() if counts.get(f, 0) < b}
    assert not shrunk, ("fewer type errors than the baseline: lower it with "
                        "`python tests/test_typing.py --update`\n" + "\n".join(
                            f"  {f}: {n} < {b}" for f, (n, b) in sorted(shrunk.items())))


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        found, _ = _mypy_errors(Path(tmp))
    BASELINE.write_text(json.dumps(dict(sorted(found.items())), indent=1) + "\n",
                        encoding="utf-8")
    print(f"{BASELINE}: {sum(found.values())} errors in {len(found)} files")
