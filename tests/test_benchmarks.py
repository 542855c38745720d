"""The benchmark scripts still run and end with the figure their README rows quote (tiny sizes)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def last_figures(script: str, *args: str, backend: str = "jax") -> dict[str, float]:
    env = {**os.environ, "KERAS_BACKEND": backend, "JAX_PLATFORMS": "cpu", "TF_CPP_MIN_LOG_LEVEL": "3"}
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *args], env=env, capture_output=True,
                         text=True, timeout=600, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    return {m[1]: float(m[2]) for m in re.finditer(r"^(\w+): ([0-9.]+)$", out.stdout, re.M)}


def test_bench_decode_checks_identity_and_reports_a_speedup():
    figures = last_figures("bench_decode.py", "--n", "64", "--side", "96", "--size", "64", "--threads", "1")
    pil, fast = figures["pillow_images_per_second"], figures["fast_images_per_second"]
    # no range on a speed (it depends on the machine and its load): the quoted figure must be
    # the ratio of the two rates the script measured, which a wrong formula breaks
    assert pil > 0 and fast > 0
    assert figures["decode_speedup_vs_pillow"] == pytest.approx(round(fast / pil, 2), abs=0.011)


def test_bench_bootstrap_checks_the_table_and_reports_the_ratio_of_its_times():
    figures = last_figures("bench_bootstrap.py", "--n", "120", "--groups", "12", "--n-boot", "60")
    assert figures["sklearn_seconds"] > 0 and figures["numpy_seconds"] > 0
    assert figures["bootstrap_speedup_vs_sklearn"] == pytest.approx(
        figures["sklearn_seconds"] / figures["numpy_seconds"], rel=0.05)


def test_bench_gpu_runs_its_three_lines_on_a_cpu():
    """On JAX, the GPU machine's backend: model only, streamed, in memory (a trivial model)."""
    figures = last_figures("bench_gpu.py", "--feed-only", "--n", "64", "--size", "32", "--batch", "16", "--epochs", "1",
                           "--workers", "2", "--precision", "float32")
    rates = ("model_only_images_per_second", "pipeline_images_per_second",
             "in_memory_trial_images_per_second")
    assert set(figures) == {"pipeline_vs_model_only", "pipeline_in_memory_vs_model_only", *rates}
    alone, streamed, held = (figures[r] for r in rates)
    assert min(alone, streamed, held) > 0
    # no range on a speed (machine- and load-dependent): each quoted ratio must be the ratio of
    # the rates measured, which a formula that swaps or mixes them breaks
    assert figures["pipeline_vs_model_only"] == pytest.approx(streamed / alone, abs=0.006 + 0.001 * streamed / alone)
    assert figures["pipeline_in_memory_vs_model_only"] == pytest.approx(
        held / alone, abs=0.006 + 0.001 * held / alone)


def test_bench_prepare_decodes_the_subset_once_and_nothing_the_second_time():
    figures = last_figures("bench_prepare.py", "--n", "600", "--subset", "200")
    assert figures["files"] == 600 and figures["decoded_first"] == 200 and figures["decoded_cached"] == 0
    first, cached = figures["prepare_seconds_first"], figures["prepare_seconds_cached"]
    assert 0 < cached < 60 and 0 < first < 120  # seconds for 600 files, on any machine, however busy


def test_profile_options_trains_each_input_and_reports_its_scores(tmp_path):
    """Tiny: 160 faces at 32 px, one epoch of Model 1, in a cache folder of the test's own."""
    env = {**os.environ, "KERAS_BACKEND": "tensorflow", "TF_CPP_MIN_LOG_LEVEL": "3", "DFKIT_CACHE": str(tmp_path)}
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "profile_options.py"), "--n", "160",
                          "--size", "32", "--epochs", "1", "--kinds", "cnn"], env=env, capture_output=True,
                         text=True, timeout=600, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert [(r["kind"], r["inputs"]) for r in rows] == [("cnn", "stack"), ("cnn", "rgb")]
    assert all(r["epochs_trained"] == 1 and r["seconds"] > 0 and 0 <= r["roc_auc"] <= 1 for r in rows)
    assert not (tmp_path / "models").exists()  # every run trained: the model cache was off


def test_bench_first_step_traces_once_with_build_optimizer_and_trains_the_same_weights():
    """Tiny (40 faces at 32 px, TensorFlow): the quoted speed-up is the ratio of the two times
    measured, and the figures behind it (one trace against two, the same weights) hold."""
    figures = last_figures("bench_first_step.py", "--n", "40", "--size", "32", "--channels", "3",
                           backend="tensorflow")
    for kind in ("cnn", "resnet"):
        assert figures[f"{kind}_lazy_traces"] == 2 and figures[f"{kind}_built_traces"] == 1
        assert figures[f"{kind}_same_weights"] == 1
        lazy, built = figures[f"{kind}_first_epoch_seconds_lazy"], figures[f"{kind}_first_epoch_seconds_built"]
        assert lazy > 0 and built > 0
        # the ratio is printed to 2 decimals from unrounded times, the times to 3 decimals
        rounding = 0.0005 / built * (1 + lazy / built)
        assert figures[f"{kind}_first_epoch_speedup"] == pytest.approx(lazy / built, abs=0.0051 + rounding)
