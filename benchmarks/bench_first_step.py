"""The first epoch of a model, with Adam's state created by ``compile_model`` or lazily by Keras.

On TensorFlow, Keras creates the optimizer's state inside the first traced training step, and
TensorFlow then traces that step again; ``dfkit.models.compile_model`` creates it up front. Each
model is built twice from one seed and trained for one epoch on the same random arrays (a smaller
last batch, as in the chapters): once compiled as ``compile_model`` leaves it, once recompiled
with a fresh Adam that Keras builds lazily. Prints the traces and seconds of both, their ratio,
and whether the trained weights are identical.
Usage: python benchmarks/bench_first_step.py [--n 840] [--size 64] [--channels 6]
"""

from __future__ import annotations

import argparse
import time

import keras
import numpy as np

from dfkit.models import paper
from dfkit.models.head import standard_metrics


def first_epoch(model: keras.Model, x: np.ndarray, y: np.ndarray) -> tuple[float, int, list]:
    """Seconds for one epoch of a fresh model, how many times its training step was traced, weights."""
    traces, step = [0], model.train_step

    def counted(data):
        traces[0] += 1
        return step(data)

    model.train_step = counted
    start = time.perf_counter()
    model.fit(x, y, batch_size=32, epochs=1, verbose=0, shuffle=False)
    return time.perf_counter() - start, traces[0], model.get_weights()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=840, help="training faces (the laptop profile's train split)")
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--channels", type=int, default=6, help="6: the feature stack, 3: RGB")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = rng.random((args.n, args.size, args.size, args.channels), dtype=np.float32)
    y = (rng.random(args.n) > 0.5).astype(np.float32)
    print(f"backend {keras.backend.backend()}, {args.n} images of {args.size}x{args.size}x{args.channels}")
    for kind in ("cnn", "resnet"):
        built = paper.builder(kind)(input_shape=x.shape[1:], seed=0)
        lazy = paper.builder(kind)(input_shape=x.shape[1:], seed=0)
        rate = float(np.asarray(lazy.optimizer.learning_rate))
        lazy.compile(optimizer=keras.optimizers.Adam(rate), loss="binary_crossentropy", metrics=standard_metrics())
        lazy_s, lazy_traces, lazy_w = first_epoch(lazy, x, y)
        built_s, built_traces, built_w = first_epoch(built, x, y)
        same = all(np.array_equal(a, b) for a, b in zip(lazy_w, built_w, strict=True))
        print(f"{kind}_lazy_traces: {lazy_traces}")
        print(f"{kind}_built_traces: {built_traces}")
        print(f"{kind}_first_epoch_seconds_lazy: {lazy_s:.3f}")
        print(f"{kind}_first_epoch_seconds_built: {built_s:.3f}")
        print(f"{kind}_first_epoch_speedup: {lazy_s / built_s:.2f}")
        print(f"{kind}_same_weights: {int(same)}", flush=True)


if __name__ == "__main__":
    main()
