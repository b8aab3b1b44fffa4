"""A real cluster: ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1,
started by the test, and :func:`analystkit.engine.write_corpus` run against its address."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

from analystkit import engine as eng

DASK = shutil.which("dask")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    """Terminate every process (its whole group), then kill what is still there."""
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for proc in procs:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@contextmanager
def dask_cluster(tmp_path: Path) -> Iterator[str]:
    """Start a scheduler and two one-thread workers on 127.0.0.1; yield its address; stop
    every process (scheduler, workers and their nannies) on the way out, whatever
    happened."""
    from distributed import Client

    address = f"tcp://127.0.0.1:{_free_port()}"
    logs = tmp_path / "logs"
    logs.mkdir()
    procs: list[subprocess.Popen[bytes]] = []

    def start(name: str, *args: str) -> None:
        with (logs / f"{name}.log").open("wb") as log:
            procs.append(subprocess.Popen([DASK, *args], stdout=log, stderr=subprocess.STDOUT,
                                          cwd=tmp_path, start_new_session=True))

    try:
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port",
              address.rsplit(":", 1)[1], "--no-dashboard")
        for k in range(2):
            start(f"worker{k}", "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                  "--nworkers", "1", "--no-dashboard", "--name", f"w{k}",
                  "--local-directory", str(tmp_path / f"w{k}"))
        deadline = time.monotonic() + 90
        while True:
            dead = [p.args for p in procs if p.poll() is not None]
            if dead:
                raise RuntimeError(f"exited early: {dead}\n" + "\n".join(
                    f.read_text(errors="replace")[-1500:] for f in logs.iterdir()))
            try:
                with Client(address, timeout=5) as client:
                    client.wait_for_workers(2, timeout=max(1, deadline - time.monotonic()))
                    break
            except (OSError, TimeoutError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield address
    finally:
        _stop(procs)


@pytest.fixture
def cluster(tmp_path):
    """The address of a real two-worker cluster, stopped after the test."""
    pytest.importorskip("distributed", reason="the Dask engine needs the scale extra")
    if DASK is None:
        pytest.skip("the `dask` command line (dask scheduler / dask worker) is not installed")
    with dask_cluster(tmp_path) as address:
        yield address


def test_write_corpus_on_a_real_cluster_matches_the_pandas_engine(cluster, seeds_dir,
                                                                   tmp_path):
    tables = ["documents", "figures", "claims"]
    # small partitions: the five seeds spread over both workers
    ref = eng.write_corpus(seeds_dir, tmp_path / "pd", tables, partition_bytes=4096)
    got = eng.write_corpus(seeds_dir, tmp_path / "dk", tables, engine="dask", client=cluster,
                           partition_bytes=4096)
    key = ["table", "n_rows", "n_files"]
    assert got[key].to_dict("records") == ref[key].to_dict("records")
    assert ref.set_index("table").loc["documents", "n_rows"] == 5
    for table in tables:
        names = sorted(p.name for p in (tmp_path / "pd" / f"{table}.parquet").iterdir())
        assert names == sorted(p.name for p in (tmp_path / "dk" / f"{table}.parquet").iterdir())
        assert len(names) > 1
        for name in names:
            pd.testing.assert_frame_equal(
                pd.read_parquet(tmp_path / "dk" / f"{table}.parquet" / name),
                pd.read_parquet(tmp_path / "pd" / f"{table}.parquet" / name),
                check_exact=True, obj=f"{table}/{name}")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "dk" / "skipped.parquet"),
                                  pd.read_parquet(tmp_path / "pd" / "skipped.parquet"))
    from distributed import Client

    with Client(cluster) as client:  # both workers are up, and nothing is left on them
        assert len(client.scheduler_info()["workers"]) == 2
        kept = client.run(lambda: len(sys.modules["analystkit._kept"]._KEPT)
                          if "analystkit._kept" in sys.modules else 0)
        assert set(kept.values()) == {0}


def test_the_cluster_is_gone_after_teardown(tmp_path):
    pytest.importorskip("distributed", reason="the Dask engine needs the scale extra")
    if DASK is None:
        pytest.skip("the `dask` command line (dask scheduler / dask worker) is not installed")
    with dask_cluster(tmp_path) as address:
        port = int(address.rsplit(":", 1)[1])
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) == 0
    with socket.socket() as s:  # nothing listens there any more
        assert s.connect_ex(("127.0.0.1", port)) != 0
