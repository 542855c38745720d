"""The cluster bootstrap of ``dfkit.evaluation.metrics``: NumPy draws against scikit-learn's, same table.

Each draw of ``metrics.bootstrap`` computes every headline metric. scikit-learn's functions check
their inputs on every call, which cost about 10 ms a draw (10 s for the 1,000 draws chapter 06
asks for); the draws now use NumPy versions of the same metrics. This script times a bootstrap
with each (the old path patched back in) on the same scores and seed, checks the two tables agree
to 1e-12, and ends with ``bootstrap_speedup_vs_sklearn: N``.

    python benchmarks/bench_bootstrap.py [--n 400] [--groups 40] [--n-boot 1000]
"""

from __future__ import annotations

import argparse
import time
from unittest import mock

import numpy as np

from dfkit.evaluation import metrics


def timed(y, p, groups, n_boot):
    start = time.perf_counter()
    table = metrics.bootstrap(y, p, 0.5, n_boot=n_boot, seed=0, groups=groups)
    return time.perf_counter() - start, table


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=400, help="test faces")
    parser.add_argument("--groups", type=int, default=40, help="identities (the bootstrap resamples them)")
    parser.add_argument("--n-boot", type=int, default=1000)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, args.n)
    p = np.round(np.clip(0.3 * y + rng.random(args.n) * 0.7, 0, 1), 3)  # some ties, as sigmoid outputs have
    groups = rng.integers(0, args.groups, args.n)
    with mock.patch.object(metrics, "_draw_summary", metrics.summary):  # the draw as it was
        slow, before = timed(y, p, groups, args.n_boot)
    fast, after = timed(y, p, groups, args.n_boot)
    np.testing.assert_allclose(after.to_numpy(float), before.to_numpy(float), rtol=0, atol=1e-12)
    print(f"faces: {args.n} in {args.groups} groups, {args.n_boot} draws")
    print(f"sklearn_seconds: {slow:.4f}")
    print(f"numpy_seconds: {fast:.4f}")
    print("same_table: True")
    print(f"bootstrap_speedup_vs_sklearn: {slow / fast:.2f}")


if __name__ == "__main__":
    main()
