"""Beyond one machine, on the engines Keras already has: data-parallel training and a sharded manifest.

- :func:`data_parallel` trains one model on every local accelerator. On JAX it is Keras 3's
  ``keras.distribution.DataParallel`` (each batch split along its first axis across the devices,
  the weights replicated, gradients averaged by XLA); on TensorFlow it is
  ``tf.distribute.MirroredStrategy``. Build, compile, fit and predict inside its scope.
- The global batch stays the profile's ``batch_size``: each of N devices gets ``batch_size / N``
  images, so the optimisation is the single-device one (same batches, same learning rate) and
  only the arithmetic's order changes. To use bigger accelerators fully, raise the global batch
  (``--batch-size``) and scale the learning rate with it (linear scaling, with a warm-up: the
  Keras distributed-training guide and Goyal et al. 2017).
- :func:`initialize_hosts` joins several hosts into one JAX job
  (``keras.distribution.initialize``); each host then reads its own shard of the training
  manifest (:func:`dfkit.data.sharding.shard`), so no image is read twice per epoch.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator

import keras
import numpy as np

from dfkit.exceptions import DfkitError

__all__ = ["DistributionError", "devices", "data_parallel", "PaddedBatches", "predict", "initialize_hosts",
           "per_device_batch"]


class DistributionError(DfkitError, ValueError):
    """A distributed run cannot start as asked; the message says why and what to change."""


def devices() -> list[str]:
    """The local devices Keras would spread a batch over (``cpu:0`` ..., ``gpu:0`` ...)."""
    if keras.backend.backend() == "jax":
        return keras.distribution.list_devices()
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        gpus = tf.config.list_logical_devices("GPU")
        return [d.name for d in gpus] or [d.name for d in tf.config.list_logical_devices("CPU")]
    raise DistributionError(f"--distribute needs the JAX or TensorFlow backend, not {keras.backend.backend()!r}: "
                            "set KERAS_BACKEND=jax (or tensorflow).")


@contextlib.contextmanager
def data_parallel(batch_size: int) -> Iterator[int]:
    """Within this block, models are built, trained and run data-parallel over every local device.

    Yields the number of replicas. The global ``batch_size`` must divide evenly across them.
    """
    found = devices()
    if batch_size % len(found):
        raise DistributionError(f"The batch of {batch_size} images cannot be split evenly over {len(found)} devices "
                                f"({', '.join(found)}): choose a batch size that is a multiple of {len(found)}.")
    if keras.backend.backend() == "jax":
        distribution = keras.distribution.DataParallel(devices=found)
        with distribution.scope():
            yield len(found)
    else:
        import tensorflow as tf

        strategy = tf.distribute.MirroredStrategy()
        with strategy.scope():
            yield strategy.num_replicas_in_sync


class PaddedBatches(keras.utils.PyDataset):
    """A stream whose every batch splits evenly over ``replicas`` devices.

    A last, partial batch that does not divide is padded with copies of its last image at sample
    weight 0: every image is still used once and the padding adds nothing to the loss. Keras's
    validation *metrics* ignore sample weights, so up to ``replicas - 1`` repeated images enter a
    validation metric during ``fit``; :meth:`trim` removes them from predictions, so the scores a
    run records are exact.
    """

    def __init__(self, stream, replicas: int):
        super().__init__(workers=getattr(stream, "workers", 1), max_queue_size=getattr(stream, "max_queue_size", 10))
        self.stream, self.replicas = stream, replicas
        self.labels = getattr(stream, "labels", None)
        self.shuffle = getattr(stream, "shuffle", False)

    def __len__(self) -> int:
        return len(self.stream)

    def __getitem__(self, index: int):
        x, y = self.stream[index][:2]
        weight = np.ones(len(y), dtype="float32")
        short = -len(y) % self.replicas
        if short:
            x = np.concatenate([x, np.repeat(x[-1:], short, axis=0)])
            y = np.concatenate([y, np.repeat(y[-1:], short, axis=0)])
            weight = np.concatenate([weight, np.zeros(short, dtype="float32")])
        return x, y, weight

    def on_epoch_end(self) -> None:
        self.stream.on_epoch_end()

    def lengths(self) -> list[int]:
        """How many of the stream's own images each batch holds (before padding)."""
        n, size = len(self.labels), self.stream.batch_size
        return [min(size, n - start) for start in range(0, n, size)]

    def trim(self, predictions: np.ndarray) -> np.ndarray:
        """Predictions for the stream's own images: the padding rows removed, order kept."""
        kept, start = [], 0
        for real in self.lengths():
            kept.append(predictions[start:start + real])
            start += real + (-real % self.replicas)
        return np.concatenate(kept) if kept else predictions


def predict(model: keras.Model, stream, replicas: int) -> np.ndarray:
    """Fake-probabilities for every image of an unshuffled ``stream``, in order, on every device."""
    if getattr(stream, "shuffle", False):
        raise ValueError("predict() needs an unshuffled stream, so that outputs line up with labels.")
    padded = PaddedBatches(stream, replicas)
    return padded.trim(np.asarray(model.predict(padded, verbose=0)).ravel())


def initialize_hosts(coordinator: str, num_processes: int, process_id: int) -> None:
    """Join this process to a multi-host JAX job (run the same command on every host, each with its
    own ``process_id``; ``coordinator`` is ``host:port`` of process 0)."""
    if keras.backend.backend() != "jax":
        raise DistributionError("Multi-host training uses Keras's JAX distribution: set KERAS_BACKEND=jax.")
    if not 0 <= process_id < num_processes:
        raise DistributionError(f"--process-id {process_id} must be between 0 and --num-processes - 1 "
                                f"({num_processes - 1}).")
    keras.distribution.initialize(job_addresses=coordinator, num_processes=num_processes, process_id=process_id)


def per_device_batch(batch_size: int, replicas: int) -> int:
    """The images each device computes per step when the global batch is ``batch_size``."""
    return math.ceil(batch_size / replicas)
