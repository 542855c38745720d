"""The first epoch of a model on TensorFlow, with Adam's state created lazily by Keras or by
``dfkit.training.BuildOptimizer`` (what ``training.fit`` and ``tuning.search`` add).

Keras 3 on TensorFlow creates the optimizer's state inside the first traced training step, and
TensorFlow then traces that step again. Each model is built twice from one seed and trained for
``--epochs`` on the same random arrays (a smaller last batch, as in the chapters), after a
warm-up fit of a small model that pays the process's one-time costs: first with Keras alone,
then with ``BuildOptimizer``. Prints the traces and seconds of both, their ratio, and whether the
trained weights are identical. TensorFlow only (on JAX, Keras builds the state before tracing).
Usage: python benchmarks/bench_first_step.py [--n 840] [--size 64] [--channels 6] [--epochs 1]
"""

from __future__ import annotations

import argparse
import time

import keras
import numpy as np

from dfkit.models import paper
from dfkit.training.trainer import BuildOptimizer


def count_traces(model: keras.Model) -> list[int]:
    """Count the times Keras traces ``model``'s training step from now on (in the list's one item)."""
    traces, step = [0], model.train_step

    def counted(data):
        traces[0] += 1
        return step(data)

    model.train_step = counted
    return traces


def first_epochs(model: keras.Model, x: np.ndarray, y: np.ndarray, epochs: int, callbacks: list
                 ) -> tuple[float, int, list]:
    """Seconds for the first ``epochs`` of a fresh model, how many times its training step was
    traced, and the weights it ended with."""
    traces = count_traces(model)
    start = time.perf_counter()
    model.fit(x, y, batch_size=32, epochs=epochs, verbose=0, shuffle=False, callbacks=callbacks)
    return time.perf_counter() - start, traces[0], model.get_weights()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=840, help="training faces (the laptop profile's train split)")
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--channels", type=int, default=6, help="6: the feature stack, 3: RGB")
    parser.add_argument("--epochs", type=int, default=1)
    args = parser.parse_args()
    if keras.backend.backend() != "tensorflow":
        raise SystemExit(f"bench_first_step.py measures a TensorFlow detail; the Keras backend here is "
                         f"{keras.backend.backend()!r}. Run it with KERAS_BACKEND=tensorflow.")
    rng = np.random.default_rng(0)
    x = rng.random((args.n, args.size, args.size, args.channels), dtype=np.float32)
    y = (rng.random(args.n) > 0.5).astype(np.float32)
    print(f"{args.n} images of {args.size}x{args.size}x{args.channels}, {args.epochs} epoch(s)")
    first_epochs(paper.build_cnn(input_shape=x.shape[1:], seed=0), x[:64], y[:64], 1, [])  # warm-up
    for kind in ("cnn", "resnet"):
        lazy_s, lazy_traces, lazy_w = first_epochs(paper.builder(kind)(input_shape=x.shape[1:], seed=0),
                                                   x, y, args.epochs, [])
        built_s, built_traces, built_w = first_epochs(paper.builder(kind)(input_shape=x.shape[1:], seed=0),
                                                      x, y, args.epochs, [BuildOptimizer()])
        same = all(np.array_equal(a, b) for a, b in zip(lazy_w, built_w, strict=True))
        print(f"{kind}_lazy_traces: {lazy_traces}")
        print(f"{kind}_built_traces: {built_traces}")
        print(f"{kind}_first_epoch_seconds_lazy: {lazy_s:.3f}")
        print(f"{kind}_first_epoch_seconds_built: {built_s:.3f}")
        print(f"{kind}_first_epoch_speedup: {lazy_s / built_s:.2f}")
        print(f"{kind}_same_weights: {int(same)}", flush=True)


if __name__ == "__main__":
    main()
