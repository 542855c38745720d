"""Accelerator throughput: the model alone against the course's whole input pipeline, side by side.

(a) model only: the feature stack of N synthetic faces computed beforehand and held in memory,
    plain Keras ``fit`` on the numpy arrays: what the model itself can do on this device;
(b) pipeline: the same faces streamed from their JPEG files by ``ImageBatches``, decoded and
    turned into the 6-channel stack per batch on the CPU in ``--workers`` threads, into the
    same model.
Each trains for one warm-up epoch (compilation) and then ``--epochs`` timed epochs; images/s come
from the median epoch time. Run on Keras's JAX backend on the GPU machine:

    KERAS_BACKEND=jax python benchmarks/bench_gpu.py [--n 4096] [--model resnet] [--batch 128]
        [--workers 12] [--precision float32 mixed_bfloat16]

Loader workers are threads: the compiled feature stack and JPEG decoding release the GIL, and
worker processes would pickle every float32 batch back (and a fork after OpenCV has run threads
can hang). Ends with ``pipeline_vs_model_only: N`` (last precision given; goal >= 0.80).
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import tempfile
import time

import keras
import numpy as np

from dfkit import data, features, models, synthetic
from dfkit.loader import ImageBatches


class EpochTimer(keras.callbacks.Callback):
    """Wall time of every epoch (the first one includes compilation)."""

    def __init__(self):
        super().__init__()
        self.seconds: list[float] = []

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self._start)


def images_per_second(fit, n_images: int, epochs: int) -> float:
    """Run ``fit(epochs, callbacks)`` for 1 + ``epochs`` epochs; rate from the median timed epoch."""
    timer = EpochTimer()
    fit(1 + epochs, [timer])
    return n_images / statistics.median(timer.seconds[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=4096)
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--model", choices=("cnn", "resnet"), default="resnet")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) - 2))
    parser.add_argument("--precision", nargs="+", default=["float32", "mixed_bfloat16"])
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        root = synthetic.generate(os.path.join(tmp, "faces"), synthetic.SyntheticSpec(n_images=args.n, size=args.size),
                                  progress=False)
        manifest, _ = data.scan(root, verbose=False)
        images, labels = data.load_arrays(manifest, args.size)
        stack = features.feature_stack(images)
        print(f"{args.n} faces at {args.size}px generated, decoded and stacked in {time.perf_counter() - start:.1f} s "
              f"({stack.nbytes / 2**30:.2f} GiB in memory for the model-only run)")
        print(f"backend {keras.backend.backend()}, devices: {_devices()}, cores: {os.cpu_count()}, "
              f"model {args.model}, batch {args.batch}, pipeline workers {args.workers}")
        ratio = float("nan")
        for precision in args.precision:
            keras.mixed_precision.set_global_policy(precision)
            build = models.builder(args.model)

            def model_only(epochs, callbacks):
                keras.utils.set_random_seed(0)
                build(input_shape=stack.shape[1:]).fit(stack, labels, batch_size=args.batch, epochs=epochs,
                                                       shuffle=True, callbacks=callbacks, verbose=0)

            def pipeline(epochs, callbacks):
                keras.utils.set_random_seed(0)
                stream = ImageBatches(manifest, args.size, args.batch, shuffle=True, threads=1,
                                      transform=functools.partial(features.feature_stack, threads=1),
                                      workers=args.workers, max_queue_size=4 * args.workers)
                build(input_shape=stack.shape[1:]).fit(stream, epochs=epochs, callbacks=callbacks, verbose=0)

            alone = images_per_second(model_only, args.n, args.epochs)
            streamed = images_per_second(pipeline, args.n, args.epochs)
            ratio = streamed / alone
            print(f"{precision:>15}: model only {alone:7.0f} images/s | pipeline from JPEG files "
                  f"{streamed:7.0f} images/s ({args.workers} loader threads) | ratio {ratio:.2f}", flush=True)
    print(f"pipeline_vs_model_only: {ratio:.2f}")


def _devices() -> str:
    if keras.backend.backend() == "jax":
        import jax

        return ", ".join(str(d) for d in jax.devices())
    return "see the backend's own listing"


if __name__ == "__main__":
    main()
