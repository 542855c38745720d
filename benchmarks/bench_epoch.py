"""Seconds per training epoch of the paper's two models, the cost every chapter's runs multiply.

Trains each model on random arrays (no data loading: the network's own cost), one warm-up epoch,
then times ``--epochs`` more. Usage: python benchmarks/bench_epoch.py [--n 832] [--size 64] [--xla]
Prints ``<model>_seconds_per_epoch: S`` lines; ``--xla`` adds the same with ``jit_compile=True``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import dfkit  # noqa: F401  (quiets TensorFlow's start-up lines before Keras is imported)
from dfkit.models import paper
from dfkit.models.head import standard_metrics


def seconds_per_epoch(kind: str, x: np.ndarray, y: np.ndarray, epochs: int, xla: bool) -> float:
    model = paper.builder(kind)(input_shape=x.shape[1:], seed=0)
    if xla:
        # the same optimizer, loss and metrics as compile_model gave it, only compiled by XLA
        model.compile(optimizer=model.optimizer, loss=model.loss, metrics=standard_metrics(), jit_compile=True)
    model.fit(x, y, batch_size=32, epochs=1, verbose=0)  # warm-up: tracing and first allocations
    start = time.perf_counter()
    model.fit(x, y, batch_size=32, epochs=epochs, verbose=0)
    return (time.perf_counter() - start) / epochs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=832, help="training faces (the laptop profile's train split)")
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--xla", action="store_true")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = rng.random((args.n, args.size, args.size, 3), dtype=np.float32)
    y = (rng.random(args.n) > 0.5).astype(np.float32)
    for kind in ("cnn", "resnet"):
        for xla in (False, True) if args.xla else (False,):
            label = f"{kind}{'_xla' if xla else ''}"
            print(f"{label}_seconds_per_epoch: {seconds_per_epoch(kind, x, y, args.epochs, xla):.2f}", flush=True)


if __name__ == "__main__":
    main()
