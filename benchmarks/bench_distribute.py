"""Data-parallel overhead: one Model 1 epoch on 2 devices against 1, same global batch, same data.

Run it twice with JAX on the CPU to measure what splitting a batch costs where there is no
second accelerator (two virtual devices share the same cores), or on a machine with 2+ GPUs for
the real speed-up:

    KERAS_BACKEND=jax XLA_FLAGS=--xla_force_host_platform_device_count=2 python benchmarks/bench_distribute.py

Prints ``images_per_second_1_device``, ``images_per_second_2_devices`` and
``distribute_speedup`` (2 devices / 1 device; below 1 is the overhead).
"""

from __future__ import annotations

import argparse
import time

import keras
import numpy as np


def epoch_rate(devices: list[str], x: np.ndarray, y: np.ndarray, batch: int, repeats: int) -> float:
    from dfkit.models import paper as models

    distribution = keras.distribution.DataParallel(devices=devices)
    with distribution.scope():
        model = models.build_cnn(input_shape=x.shape[1:], seed=0)
        model.fit(x[:batch * 2], y[:batch * 2], batch_size=batch, epochs=1, verbose=0)  # compile once
        rates = []
        for _ in range(repeats):
            start = time.perf_counter()
            model.fit(x, y, batch_size=batch, epochs=1, verbose=0, shuffle=False)
            rates.append(len(x) / (time.perf_counter() - start))
    return float(np.median(rates))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1024)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if keras.backend.backend() != "jax":
        raise SystemExit("Run with KERAS_BACKEND=jax (Keras's DataParallel distribution).")
    found = keras.distribution.list_devices()
    if len(found) < 2:
        raise SystemExit("Only one device: set XLA_FLAGS=--xla_force_host_platform_device_count=2 on a CPU.")
    rng = np.random.default_rng(0)
    x = rng.random((args.n, args.size, args.size, 3), dtype=np.float32)
    y = rng.integers(0, 2, args.n).astype("float32")
    one = epoch_rate(found[:1], x, y, args.batch, args.repeats)
    two = epoch_rate(found[:2], x, y, args.batch, args.repeats)
    print(f"devices: {', '.join(found[:2])}")
    print(f"images_per_second_1_device: {one:.1f}")
    print(f"images_per_second_2_devices: {two:.1f}")
    print(f"distribute_speedup: {two / one:.3f}")


if __name__ == "__main__":
    main()
