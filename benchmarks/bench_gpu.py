"""Accelerator throughput: the model alone against the course's whole input pipeline, side by side.

(a) model only: the feature stack of N synthetic faces computed beforehand and held in memory,
    plain Keras ``fit`` on the numpy arrays: what the model itself can do on this device;
(b) pipeline, streamed: the same faces read from their JPEG files by ``ImageBatches``, decoded
    and turned into the 6-channel stack per batch on the CPU in ``--workers`` threads, into the
    same model (flat memory, any dataset size);
(c) pipeline, in memory (``--in-memory`` in the CLI): the stack computed once from the JPEG files
    into an ``InputCache``, then every epoch reads it; its rate counts that one-off cost spread
    over one 20-epoch trial (the paper's), so it is what a tuner trial sees at worst.
Each trains for one warm-up epoch (compilation) and then ``--epochs`` timed epochs; images/s come
from the median epoch time. Run on Keras's JAX backend on the GPU machine:

    KERAS_BACKEND=jax python benchmarks/bench_gpu.py [--n 4096] [--model resnet] [--batch 128]
        [--workers 12] [--precision float32 mixed_bfloat16]

``--feed-only`` swaps the model for a trivial one (pooling + one dense unit): the rates are then
what the input side alone can deliver through ``fit`` on this machine's cores (useful on a CPU).
Loader workers are threads: the compiled feature stack and JPEG decoding release the GIL, and
worker processes would pickle every float32 batch back (and a fork after OpenCV has run threads
can hang). Ends with ``pipeline_vs_model_only: N`` (streamed, last precision given; goal >= 0.80)
and ``pipeline_in_memory_vs_model_only: N``.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import tempfile
import time

import keras

from dfkit.data import dataset as data
from dfkit.data import loader, synthetic
from dfkit.data.loader import InputCache
from dfkit.features import handcrafted as features
from dfkit.models import paper as models

PAPER_EPOCHS = 20  # one tuner trial of the paper


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
    parser.add_argument("--feed-only", action="store_true", help="a trivial model: measure the input side alone")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        root = synthetic.generate(os.path.join(tmp, "faces"), synthetic.SyntheticSpec(n_images=args.n, size=args.size),
                                  progress=False)
        manifest, _ = data.scan(root, verbose=False)
        labels = manifest["y"].to_numpy()
        print(f"{args.n} faces at {args.size}px generated in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()  # JPEG files -> the stack of every face, held in memory: (a) and (c) read it
        cache = InputCache(manifest, args.size, transform=features.feature_stack, progress=False)
        cache_seconds, stack = time.perf_counter() - start, cache.inputs
        print(f"stack computed once in {cache_seconds:.1f} s ({stack.nbytes / 2**30:.2f} GiB in memory)")
        print(f"backend {keras.backend.backend()}, devices: {_devices()}, cores: {os.cpu_count()}, "
              f"model {'trivial (--feed-only)' if args.feed_only else args.model}, batch {args.batch}, "
              f"pipeline workers {args.workers}")
        streamed_ratio = in_memory_ratio = float("nan")
        for precision in args.precision:
            keras.mixed_precision.set_global_policy(precision)
            build = trivial_model if args.feed_only else models.builder(args.model)

            def model_only(epochs, callbacks, build=build):
                keras.utils.set_random_seed(0)
                build(input_shape=stack.shape[1:]).fit(stack, labels, batch_size=args.batch, epochs=epochs,
                                                       shuffle=True, callbacks=callbacks, verbose=0)

            def streamed(epochs, callbacks, build=build):
                keras.utils.set_random_seed(0)
                stream = loader.stream(manifest, args.size, args.batch, shuffle=True,
                                       transform=functools.partial(features.feature_stack, threads=1),
                                       workers=args.workers, max_queue_size=4 * args.workers)
                build(input_shape=stack.shape[1:]).fit(stream, epochs=epochs, callbacks=callbacks, verbose=0)

            def in_memory(epochs, callbacks, build=build):
                keras.utils.set_random_seed(0)
                stream = loader.stream(manifest, args.size, args.batch, shuffle=True, cache=cache,
                                       workers=args.workers, max_queue_size=4 * args.workers)
                build(input_shape=stack.shape[1:]).fit(stream, epochs=epochs, callbacks=callbacks, verbose=0)

            alone = images_per_second(model_only, args.n, args.epochs)
            from_files = images_per_second(streamed, args.n, args.epochs)
            held = images_per_second(in_memory, args.n, args.epochs)
            trial = args.n * PAPER_EPOCHS / (cache_seconds + args.n * PAPER_EPOCHS / held)
            streamed_ratio, in_memory_ratio = from_files / alone, trial / alone
            print(f"{precision:>15}: model only {alone:7.0f} images/s | pipeline from JPEG files {from_files:7.0f} "
                  f"images/s ({args.workers} loader threads), ratio {streamed_ratio:.2f} | in memory: stack once "
                  f"{cache_seconds:.1f} s, then {held:7.0f} images/s, {trial:7.0f} over a {PAPER_EPOCHS}-epoch trial, "
                  f"ratio {in_memory_ratio:.2f}", flush=True)
    # the rates behind the two ratios (last precision), so that a reader and the tests can check them
    print(f"model_only_images_per_second: {alone:.1f}")
    print(f"pipeline_images_per_second: {from_files:.1f}")
    print(f"in_memory_trial_images_per_second: {trial:.1f}")
    print(f"pipeline_vs_model_only: {streamed_ratio:.2f}")
    print(f"pipeline_in_memory_vs_model_only: {in_memory_ratio:.2f}")


def trivial_model(input_shape) -> keras.Model:
    """Pooling and one sigmoid unit: almost no compute, so ``fit`` runs as fast as its inputs arrive."""
    model = keras.Sequential([keras.Input(input_shape), keras.layers.GlobalAveragePooling2D(),
                              keras.layers.Dense(1, activation="sigmoid", dtype="float32")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


def _devices() -> str:
    if keras.backend.backend() == "jax":
        import jax

        return ", ".join(str(d) for d in jax.devices())
    return "see the backend's own listing"


if __name__ == "__main__":
    main()
