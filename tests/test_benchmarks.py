"""The benchmark scripts still run and end with the figure their README rows quote (tiny sizes)."""

from __future__ import annotations

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
    # a 96-px JPEG decodes in well under 50 ms and over 2 us on any CPU, busy or not
    assert 20 < pil < 500_000 and 20 < fast < 500_000
    assert figures["decode_speedup_vs_pillow"] == pytest.approx(fast / pil, abs=0.01)
    assert 0.25 < figures["decode_speedup_vs_pillow"] < 20  # same pixels, same library family


def test_bench_gpu_runs_its_three_lines_on_a_cpu():
    """On JAX, the GPU machine's backend: model only, streamed, in memory (a trivial model)."""
    figures = last_figures("bench_gpu.py", "--feed-only", "--n", "64", "--size", "32", "--batch", "16", "--epochs", "1",
                           "--workers", "2", "--precision", "float32")
    assert set(figures) == {"pipeline_vs_model_only", "pipeline_in_memory_vs_model_only"}
    # a pipeline that feeds the model cannot run much faster than the model alone, nor stall it
    assert all(0.01 < v < 1.5 for v in figures.values()), figures


def test_bench_prepare_decodes_the_subset_once_and_nothing_the_second_time():
    figures = last_figures("bench_prepare.py", "--n", "600", "--subset", "200")
    assert figures["files"] == 600 and figures["decoded_first"] == 200 and figures["decoded_cached"] == 0
    first, cached = figures["prepare_seconds_first"], figures["prepare_seconds_cached"]
    assert 0 < cached < 60 and 0 < first < 120  # seconds for 600 files, on any machine, however busy
