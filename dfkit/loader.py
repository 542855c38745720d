"""Streaming images from disk in batches, on any Keras backend, with flat memory.

:class:`ImageBatches` is a ``keras.utils.PyDataset``: ``model.fit`` pulls one batch at a
time, decoded from the files, so memory does not grow with the dataset. An optional
``transform`` turns each uint8 batch into model input (e.g. the 6-channel feature stack).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import keras
import numpy as np
import pandas as pd

from dfkit.data import load_batch

BatchTransform = Callable[[np.ndarray], np.ndarray]


def to_unit_float(batch: np.ndarray) -> np.ndarray:
    """uint8 RGB batch to float32 in [0, 1]: the default model input."""
    return batch.astype(np.float32) / 255.0


class _ShuffledBatches(keras.utils.PyDataset):
    """Batch bookkeeping shared by both streams: length, and a reproducible order per epoch.

    Shuffling is reproducible: epoch ``e`` uses the permutation of seed ``(seed, e)``.
    """

    def __init__(self, labels: np.ndarray, batch_size: int, shuffle: bool, seed: int, **kwargs):
        super().__init__(**kwargs)
        self.labels = np.asarray(labels, np.float32)
        self.batch_size, self.shuffle, self.seed, self.epoch = batch_size, shuffle, seed, 0
        self.order = self._order()

    def _order(self) -> np.ndarray:
        n = len(self.labels)
        return np.random.default_rng([self.seed, self.epoch]).permutation(n) if self.shuffle else np.arange(n)

    def _indices(self, index: int) -> np.ndarray:
        return self.order[index * self.batch_size:(index + 1) * self.batch_size]

    def __len__(self) -> int:
        return math.ceil(len(self.labels) / self.batch_size)

    def on_epoch_end(self) -> None:
        self.epoch += 1
        self.order = self._order()


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

    For small sets computed once (e.g. the feature stack of a whole sample, reused by many
    ablation runs) and for measuring a model's own speed without any input pipeline.
    """

    def __init__(self, inputs: np.ndarray, labels: np.ndarray, batch_size: int = 32, shuffle: bool = False,
                 seed: int = 0, **kwargs):
        if len(inputs) == 0 or len(inputs) != len(labels):
            raise ValueError(f"ArrayBatches needs as many labels as inputs (got {len(inputs)} and {len(labels)}).")
        super().__init__(labels, batch_size, shuffle, seed, **kwargs)
        self.inputs = inputs

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        idx = np.sort(self._indices(index))  # ascending: a faster gather, same batch content
        return self.inputs[idx], self.labels[idx]
