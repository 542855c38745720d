"""Beyond one machine: data-parallel training on two (virtual) devices, Keras Tuner's chief and
workers on 127.0.0.1, and manifest shards. Every process is started and stopped by the test, with
a time limit."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dfkit.data.sharding import shard
from dfkit.exceptions import DfkitError

ROOT = Path(__file__).resolve().parent.parent
TWO_DEVICES = "--xla_force_host_platform_device_count=2"


def _xla_flags(*flags: str) -> str:
    """XLA_FLAGS with ``flags`` added to what the test run set (make test: faster compiles)."""
    return " ".join([os.environ.get("XLA_FLAGS", ""), *flags]).strip()


def _env(cache, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DFKIT_DATA"}
    env.update({"KERAS_BACKEND": "jax", "JAX_PLATFORMS": "cpu", "XLA_FLAGS": _xla_flags(TWO_DEVICES),
                "DFKIT_PROFILE": "ci", "DFKIT_CACHE": str(cache), "TF_CPP_MIN_LOG_LEVEL": "3",
                "PYTHONPATH": str(ROOT), **extra})
    return env


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """The ci profile's synthetic set, generated once before any process of this module starts
    (several processes generating it at once would race)."""
    folder = tmp_path_factory.mktemp("cache")
    done = subprocess.run(_dfkit("data"), env=_env(folder), capture_output=True, text=True, timeout=600,
                          cwd=folder)
    assert done.returncode == 0, done.stderr[-2000:]
    return folder


def _dfkit(*args) -> list[str]:
    return [sys.executable, "-m", "dfkit", *args]


# ---- shards ---------------------------------------------------------------------------------

@pytest.mark.parametrize("count", [1, 2, 3, 7])
def test_shards_cover_the_manifest_once(count):
    frame = pd.DataFrame({"path": [f"f{i}.jpg" for i in range(101)], "y": [i % 3 == 0 for i in range(101)]})
    parts = [shard(frame, i, count) for i in range(count)]
    seen = [p for part in parts for p in part["path"]]
    assert sorted(seen) == sorted(frame["path"])  # the union is the manifest, nothing skipped
    assert len(seen) == len(set(seen))  # no image in two shards
    for label in (True, False):  # each shard keeps the class balance to within one image
        sizes = [int((part["y"] == label).sum()) for part in parts]
        assert max(sizes) - min(sizes) <= 1


def test_a_shard_that_does_not_exist_is_refused():
    frame = pd.DataFrame({"path": ["a", "b"], "y": [0, 1]})
    with pytest.raises(DfkitError, match="Shard 2 of 2"):
        shard(frame, 2, 2)


# ---- data-parallel training -----------------------------------------------------------------

SPLIT_BATCH = """
import keras, numpy as np
from dfkit.training import distribute
with distribute.data_parallel(8) as replicas:
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    layout = keras.distribution.distribution().get_data_layout((8, 4))
    batch = keras.distribution.distribute_tensor(np.zeros((8, 4), "float32"), layout)
    print("replicas", replicas)
    print("shards", sorted((str(s.device), s.data.shape[0]) for s in batch.addressable_shards))
    print("weights on", len(model.weights[0].value.sharding.device_set))
"""


def test_a_batch_is_split_over_both_devices(tmp_path, cache):
    done = subprocess.run([sys.executable, "-c", SPLIT_BATCH], env=_env(cache),
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "replicas 2" in done.stdout
    assert "shards [('TFRT_CPU_0', 4), ('TFRT_CPU_1', 4)]" in done.stdout or \
        re.search(r"shards \[\('[^']*0', 4\), \('[^']*1', 4\)\]", done.stdout), done.stdout
    assert "weights on 2" in done.stdout  # every device holds the weights (replicated)


def test_distributed_training_matches_one_device(tmp_path, cache):
    """Same global batch, same seed: the two-device history equals the one-device history up to
    the order of float additions (tolerance 1e-3 on every loss and metric)."""
    runs = {}
    for name, extra in (("one", []), ("two", ["--distribute"])):
        out = tmp_path / name
        done = subprocess.run(_dfkit("train", "--model", "cnn", "--inputs", "rgb", "--out", str(out), *extra),
                              env=_env(cache), capture_output=True, text=True, timeout=600,
                              cwd=tmp_path)
        assert done.returncode == 0, done.stderr[-3000:]
        runs[name] = pd.read_csv(out / "history.csv", index_col=0)
    assert "data-parallel over 2 device(s)" in done.stdout
    one, two = runs["one"], runs["two"]
    assert list(one.columns) == list(two.columns) and len(one) == len(two) >= 2
    np.testing.assert_allclose(two.to_numpy(), one.to_numpy(), atol=1e-3)


def test_an_uneven_batch_is_refused_with_its_fix(tmp_path, cache):
    code = "from dfkit.training import distribute\nwith distribute.data_parallel(7): pass"
    done = subprocess.run([sys.executable, "-c", code], env=_env(cache), capture_output=True,
                          text=True, timeout=300, cwd=tmp_path)
    assert done.returncode != 0 and "multiple of 2" in done.stderr


# ---- distributed search ---------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(args, env, log: Path) -> subprocess.Popen:
    return subprocess.Popen(_dfkit(*args), env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            cwd=log.parent, start_new_session=True)


def _wait_for_chief(log: Path, chief: subprocess.Popen) -> None:
    """Workers join once the chief has started the search afresh (its folder is then in place)."""
    deadline = time.monotonic() + 600
    while "chief: oracle at" not in log.read_text():
        assert chief.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.5)


def _stop(*processes) -> None:
    for p in processes:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(30)


def _search_args(out: Path, port: int, trials: int) -> list[str]:
    return ["tune", "--model", "cnn", "--inputs", "rgb", "--objective", "val_auc", "--epochs", "1",
            "--trials", str(trials), "--out", str(out), "--oracle", f"127.0.0.1:{port}"]


def test_chief_and_two_workers_run_every_trial_once(tmp_path, cache):
    env, port, out = _env(cache, XLA_FLAGS=_xla_flags()), _free_port(), tmp_path / "search"
    common = _search_args(out, port, trials=2)  # one each, if they share the work
    chief = _start([*common, "--chief", "--stall-timeout", "300"], env, tmp_path / "chief.log")
    _wait_for_chief(tmp_path / "chief.log", chief)
    workers = [_start([*common, "--worker", f"tuner{i}"], env, tmp_path / f"worker{i}.log") for i in range(2)]
    try:
        chief.wait(600)
        for w in workers:
            w.wait(120)
    finally:
        _stop(chief, *workers)
    log = (tmp_path / "chief.log").read_text()
    assert chief.returncode == 0, log[-3000:]
    trials = pd.read_csv(out / "trials.csv", dtype={"trial": str})
    assert len(trials) == 2 and trials["trial"].is_unique and set(trials["status"]) == {"COMPLETED"}
    ran = []
    for i in range(2):
        text = (tmp_path / f"worker{i}.log").read_text()
        assert workers[i].returncode == 0, text[-3000:]
        ran += [t for t in re.search(r"ran trials: ([^;]*);", text).group(1).split(", ") if t != "none"]
    assert sorted(ran) == sorted(trials["trial"])  # every trial run exactly once, by some worker
    best = re.search(r"best trial: (\S+) score (\S+)", log)
    assert best.group(1) == trials.loc[0, "trial"]  # trials.csv's best = what the chief's oracle says
    assert float(best.group(2)) == pytest.approx(trials.loc[0, "score"], abs=1e-6)
    assert (out / "model.keras").exists() and (out / "metrics.json").exists()


def test_a_worker_killed_mid_trial_does_not_hang_the_chief(tmp_path, cache):
    """Keras Tuner's chief alone would wait for the dead worker's trial for ever; ours gives up after
    --stall-timeout seconds without progress, names the trial, and exits with status 3."""
    env, port, out = _env(cache, XLA_FLAGS=_xla_flags()), _free_port(), tmp_path / "search"
    common = [*_search_args(out, port, trials=2)]
    common[common.index("--epochs") + 1] = "30"  # a long trial: the worker dies during it
    chief = _start([*common, "--chief", "--stall-timeout", "20"], env, tmp_path / "chief.log")
    _wait_for_chief(tmp_path / "chief.log", chief)
    worker = _start([*common, "--worker", "tuner0"], env, tmp_path / "worker.log")
    try:
        deadline = time.monotonic() + 300
        while not list(out.glob("tuner/**/trial_0/trial.json")):  # the chief created the worker's trial
            assert time.monotonic() < deadline and worker.poll() is None, (tmp_path / "worker.log").read_text()
            time.sleep(0.5)
        time.sleep(3)
        os.killpg(worker.pid, signal.SIGKILL)
        chief.wait(300)  # bounded: a hang fails the test here
    finally:
        _stop(chief, worker)
    log = (tmp_path / "chief.log").read_text()
    assert chief.returncode == 3, log[-3000:]
    assert "gave up on trial(s) 0 (worker tuner0)" in log
    assert (out / "trials.csv").exists()
