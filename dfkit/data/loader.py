"""Batches for Keras, on any backend: streamed from disk with flat memory, or held in memory.

:class:`ImageBatches` is a ``keras.utils.PyDataset``: ``model.fit`` pulls one batch at a
time, decoded from the files, so memory does not grow with the dataset. An optional
``transform`` turns each uint8 batch into model input (e.g. the 6-channel feature stack).
:class:`InputCache` computes that input once for a sample that fits in memory, for work that
reads the same images many times (20 epochs x 5 tuner trials, 30 ablation runs).
:func:`stream` is the one place that builds either; :class:`FollowEpochs` keeps a shuffled
stream's order a function of (seed, epoch) across fits.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from pathlib import Path

import keras
import numpy as np
import pandas as pd
import psutil

from dfkit.data.dataset import load_batch
from dfkit.progress import progress_bar
from dfkit.exceptions import DoesNotFit  # noqa: F401 (part of this module's interface)

BatchTransform = Callable[[np.ndarray], np.ndarray]


def to_unit_float(batch: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """uint8 RGB batch to float32 in [0, 1]: the default model input (into ``out`` if given)."""
    return np.divide(batch, np.float32(255.0), out=out, dtype=np.float32)


def _fills_out(transform: BatchTransform) -> bool:
    """Whether ``transform`` can write into a given array (``out=``), saving a copy and fresh memory."""
    try:
        return "out" in inspect.signature(transform).parameters
    except (TypeError, ValueError):
        return False


class _ShuffledBatches(keras.utils.PyDataset):
    """Batch bookkeeping shared by both streams: length, and a reproducible order per epoch.

    The order of epoch ``k`` is the permutation drawn from seed ``(seed, k)``, whatever ran on
    this stream before: :class:`FollowEpochs` (added by ``training.fit`` and ``tuning.search``)
    sets ``k`` from Keras's own epoch counter, so a second fit on the same stream object sees
    the same batches as a fit on a fresh one. (Counting ``on_epoch_end`` calls alone would not:
    the count survives from one fit to the next, and Keras calls it once more per fit.)
    """

    def __init__(self, labels: np.ndarray, batch_size: int, shuffle: bool, seed: int, **kwargs):
        super().__init__(**kwargs)
        self.labels = np.asarray(labels, np.float32)
        self.batch_size, self.shuffle, self.seed = batch_size, shuffle, seed
        self.set_epoch(0)

    def set_epoch(self, epoch: int) -> None:
        """Serve epoch ``epoch`` (0 = the first) next: its order depends on ``(seed, epoch)`` only."""
        self.epoch = int(epoch)
        n = len(self.labels)
        self.order = np.random.default_rng([self.seed, self.epoch]).permutation(n) if self.shuffle else np.arange(n)

    def _indices(self, index: int) -> np.ndarray:
        return self.order[index * self.batch_size:(index + 1) * self.batch_size]

    def __len__(self) -> int:
        return math.ceil(len(self.labels) / self.batch_size)

    def on_epoch_end(self) -> None:
        self.set_epoch(self.epoch + 1)  # a model.fit without FollowEpochs: the next order, at least


class FollowEpochs(keras.callbacks.Callback):
    """Puts shuffled streams at Keras's epoch ``k`` as each epoch begins (before any batch of it
    is read, even by worker threads), so that the batches of a fit depend on the seed alone."""

    def __init__(self, *streams):
        super().__init__()
        self.streams = [s for s in streams if isinstance(s, _ShuffledBatches)]

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        for stream in self.streams:
            stream.set_epoch(epoch)

    def __deepcopy__(self, memo) -> FollowEpochs:
        # Keras Tuner deep-copies the callbacks of every trial: the copy follows the same streams
        # (copying them would copy an InputCache's whole array, and follow nothing)
        return FollowEpochs(*self.streams)


class ImageBatches(_ShuffledBatches):
    """Batches of (model input, label) read from the files of a manifest, in a reproducible order."""

    def __init__(self, frame: pd.DataFrame, image_size: int, batch_size: int = 32, shuffle: bool = False,
                 seed: int = 0, transform: BatchTransform = to_unit_float, threads: int = 2, **kwargs):
        if len(frame) == 0:
            raise ValueError("ImageBatches got an empty manifest: check the split you passed.")
        super().__init__(frame["y"].to_numpy(), batch_size, shuffle, seed, **kwargs)
        self.paths = frame["path"].to_numpy()
        self.image_size, self.transform, self.threads = image_size, transform, threads

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        idx = self._indices(index)
        batch = load_batch(self.paths[idx].tolist(), self.image_size, self.threads)
        return self.transform(batch), self.labels[idx]


class ArrayBatches(_ShuffledBatches):
    """Batches of (inputs, label) sliced from arrays already in memory, shuffled like :class:`ImageBatches`.

    ``rows`` (optional) picks this stream's images out of a larger ``inputs`` array without copying
    it, and ``channels`` a subset of its last axis; ``paths`` names the images (for fingerprints).
    Also the way to measure a model's own speed without any input pipeline.
    """

    def __init__(self, inputs: np.ndarray, labels: np.ndarray, batch_size: int = 32, shuffle: bool = False,
                 seed: int = 0, rows: np.ndarray | None = None, channels: list[int] | None = None,
                 paths: np.ndarray | None = None, **kwargs):
        rows = np.arange(len(inputs)) if rows is None else np.asarray(rows, np.int64)
        if len(rows) == 0 or len(rows) != len(labels):
            raise ValueError(f"ArrayBatches needs as many labels as inputs (got {len(rows)} and {len(labels)}).")
        super().__init__(labels, batch_size, shuffle, seed, **kwargs)
        self.inputs, self.rows, self.channels, self.paths = inputs, rows, channels, paths

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        idx = self._indices(index)  # the very batches ImageBatches gives: same results, from memory
        x = self.inputs[self.rows[idx]]
        if self.channels is not None:
            x = np.ascontiguousarray(x[..., self.channels])
        return x, self.labels[idx]


class InputCache:
    """The model input of every image of a manifest (e.g. the feature stack), computed once, held in memory.

    Streaming recomputes the input every epoch: right for data of any size, wasted work when a
    sample that fits in memory is read hundreds of times (the ablation's 30 runs, a tuner's trials).
    Memory grows with the sample (6 channels x 4 bytes per pixel: 3 GB for 8,000 faces at 128²),
    so the cache refuses (:class:`DoesNotFit`) a sample that would take over ``max_fraction`` of the available memory.
    """

    def __init__(self, frame: pd.DataFrame, image_size: int, transform: BatchTransform = to_unit_float,
                 chunk: int = 256, max_fraction: float = 0.5, progress: bool = True):
        paths = frame["path"].tolist()
        if not paths:
            raise ValueError("InputCache got an empty manifest: check the frames you passed.")
        self.row, self.image_size = {path: i for i, path in enumerate(paths)}, image_size
        if len(self.row) != len(paths):
            raise ValueError("InputCache got the same file twice: pass each image once (concatenate the splits, "
                             "which never share a file).")
        probe = transform(load_batch(paths[:1], image_size))  # one image: the inputs' shape and dtype
        nbytes = len(paths) * probe[0].nbytes
        check_fits(nbytes, f"the {probe.shape[-1]}-channel inputs of {len(paths):,} images at {image_size}px",
                   max_fraction)
        self.inputs = np.empty((len(paths), *probe.shape[1:]), probe.dtype)
        direct = _fills_out(transform)
        with progress_bar(total=len(paths), desc="model inputs (once)", unit="img", disable=not progress) as bar:
            for a in range(0, len(paths), chunk):
                batch, target = load_batch(paths[a:a + chunk], image_size), self.inputs[a:a + chunk]
                if direct:
                    transform(batch, out=target)
                else:
                    target[...] = transform(batch)
                bar.update(len(target))

    @property
    def channels(self) -> int:
        return self.inputs.shape[-1]

    def rows(self, frame: pd.DataFrame) -> np.ndarray:
        """The rows of ``frame``'s images in :attr:`inputs` (each must be in the cached manifest)."""
        rows = frame["path"].map(self.row)
        if rows.isna().any():
            raise ValueError(f"{int(rows.isna().sum())} images of this frame are not in the InputCache: build it "
                             "from a manifest that holds every split.")
        return rows.to_numpy(np.int64)


class ChannelSubset:
    """A picklable batch transform: ``transform``'s output restricted to some of its channels
    (the ablation's inputs). ``transform`` is :func:`to_unit_float` or the feature stack, whose
    first three channels are that same RGB in [0, 1]: channels (0, 1, 2) need no stack at all."""

    def __init__(self, transform: BatchTransform, channels: tuple[int, ...]):
        self.transform, self.channels = transform, list(channels)

    def __call__(self, batch: np.ndarray) -> np.ndarray:
        if self.channels == [0, 1, 2]:  # the stack's first three channels are the RGB in [0, 1]
            return to_unit_float(batch)
        return np.ascontiguousarray(self.transform(batch)[..., self.channels])


def stream(frame: pd.DataFrame, image_size: int, batch_size: int, transform: BatchTransform = to_unit_float,
           shuffle: bool = False, seed: int = 0, workers: int = 1, cache: InputCache | None = None,
           channels: tuple[int, ...] | None = None, max_queue_size: int | None = None,
           ) -> ImageBatches | ArrayBatches:
    """The one builder of batch streams (training, tuning, the ablation and the CLI all come here).

    ``frame``'s images as ``transform``'s output (``channels``: only those of its channels), read
    from ``cache`` (an :class:`InputCache` holding them) when given, else decoded from the files.
    Both give the same batches in the same order for the same ``seed``. ``workers`` > 1 prepares
    batches in that many threads ahead of the model (Keras's PyDataset workers), at most
    ``max_queue_size`` ahead (default: twice the workers, at least 10).
    """
    workers = max(1, workers)
    queue = max(10, 2 * workers) if max_queue_size is None else max_queue_size
    if cache is not None:
        return ArrayBatches(cache.inputs, frame["y"].to_numpy(), batch_size, shuffle=shuffle, seed=seed,
                            rows=cache.rows(frame), paths=frame["path"].to_numpy(),
                            channels=None if channels is None else list(channels), workers=workers,
                            max_queue_size=queue)
    if channels is not None:
        transform = ChannelSubset(transform, channels)
    return ImageBatches(frame, image_size, batch_size, shuffle=shuffle, seed=seed, transform=transform,
                        threads=1 if workers > 1 else 2, workers=workers, max_queue_size=queue)


CGROUP_ROOT = Path("/sys/fs/cgroup")  # where a container's memory limit is read (v2, or v1's memory/)


def _read_bytes(path: Path) -> int | None:
    """An integer from a cgroup file; None when absent, unreadable or 'max' (no limit)."""
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def available_memory() -> int:
    """Bytes this process may still take: the host's available memory, or less when a container
    (cgroup v2 ``memory.max``, v1 ``memory.limit_in_bytes``) sets a lower limit. psutil alone
    reports the host's, so in a 2 GiB container on a 64 GiB host it would promise 60 GiB."""
    available = psutil.virtual_memory().available
    for limit_file, used_file in (("memory.max", "memory.current"),
                                  ("memory/memory.limit_in_bytes", "memory/memory.usage_in_bytes")):
        limit = _read_bytes(CGROUP_ROOT / limit_file)
        if limit is not None and limit < 2**60:  # v1 writes a huge number for "no limit"
            used = _read_bytes(CGROUP_ROOT / used_file) or 0
            return max(0, min(available, limit - used))
    return available


def check_fits(nbytes: int, what: str, max_fraction: float = 0.5) -> None:
    """Refuse to allocate ``nbytes`` for ``what`` when that is over ``max_fraction`` of the
    memory available to this process (:func:`available_memory`: the container's, if lower)."""
    available = available_memory()
    if nbytes > max_fraction * available:
        raise DoesNotFit(f"Holding {what} in memory needs {_size(nbytes)}, more than "
                          f"{max_fraction:.0%} of the {_size(available)} available. Stream them from disk "
                          "instead (flat memory): leave out --in-memory / the InputCache, or use fewer images.")


def _size(nbytes: float) -> str:
    return f"{nbytes / 2**30:.1f} GiB" if nbytes >= 2**30 else f"{nbytes / 2**20:.1f} MiB"
