"""Training: model inputs per batch, the paper's stop rule, honest early stopping, histories."""

from __future__ import annotations

import functools
import time

import keras
import numpy as np
import pandas as pd

from dfkit.config import Profile
from dfkit.data.loader import ArrayBatches, FollowEpochs, ImageBatches, InputCache, stream, to_unit_float
from dfkit.evaluation import metrics
from dfkit.features import handcrafted as features
from dfkit.training import model_cache

__all__ = ["INPUTS", "batches", "input_cache", "input_shape", "RecallThresholdStop", "early_stopping",
           "BuildOptimizer", "StartRecord", "EpochLog", "EpochBar", "fit", "predict", "evaluate", "train_model",
           "split_batches"]

INPUTS = {"rgb": (3, to_unit_float), "stack": (6, features.feature_stack)}


def _check_inputs(inputs: str) -> None:
    if inputs not in INPUTS:
        raise ValueError(f"inputs must be one of {', '.join(INPUTS)}, got {inputs!r}")


def batches(frame: pd.DataFrame, profile: Profile, inputs: str = "rgb", shuffle: bool = False,
            seed: int | None = None, workers: int = 1, cache: InputCache | None = None,
            channels: tuple[int, ...] | None = None) -> ImageBatches | ArrayBatches:
    """Stream ``frame`` at the profile's size as RGB (3 channels) or the paper's stack (6).

    ``workers`` > 1 prepares batches in that many threads ahead of the model (Keras's PyDataset
    workers): what keeps an accelerator fed. Threads, not processes: decoding and the compiled
    feature stack release the GIL, and a process would have to pickle every float32 batch back.
    ``cache``: an :func:`input_cache` holding ``frame``'s inputs; batches then come from memory.
    ``channels``: only those channels of the inputs (the ablation's subsets of the stack).
    """
    _check_inputs(inputs)
    seed = profile.seed if seed is None else seed
    if cache is not None and (cache.channels, cache.image_size) != (INPUTS[inputs][0], profile.image_size):
        raise ValueError(f"This InputCache holds {cache.channels}-channel inputs at {cache.image_size}px, not "
                         f"{inputs!r} at {profile.image_size}px: build it with "
                         f"input_cache(..., profile, inputs={inputs!r}).")
    transform = INPUTS[inputs][1]
    if workers > 1 and transform is features.feature_stack:  # parallel across batches, not inside each
        transform = functools.partial(features.feature_stack, threads=1)
    return stream(frame, profile.image_size, profile.batch_size, transform, shuffle=shuffle, seed=seed,
                  workers=workers, cache=cache, channels=channels)


def input_cache(frames, profile: Profile, inputs: str = "rgb") -> InputCache:
    """``inputs`` of every image of ``frames`` (a manifest, or e.g. the train, val and test splits)
    computed once and held in memory, for :func:`batches`: for many epochs on a sample that fits.

    Refused (:class:`dfkit.data.loader.DoesNotFit`, with the fix) when it would take over half of the available memory.
    """
    _check_inputs(inputs)
    frame = frames if isinstance(frames, pd.DataFrame) else pd.concat(list(frames), ignore_index=True)
    return InputCache(frame, profile.image_size, transform=INPUTS[inputs][1])


def input_shape(profile: Profile, inputs: str = "rgb") -> tuple[int, int, int]:
    return (profile.image_size, profile.image_size, INPUTS[inputs][0])


class RecallThresholdStop(keras.callbacks.Callback):
    """The paper's rule: stop training as soon as ``val_recall`` exceeds ``threshold`` (0.98).

    Recall alone is easy to push up (call everything fake), so this can stop on a lucky or
    degenerate epoch; chapter 04 shows it. ``stopped_epoch`` says when it fired (None if never).
    """

    def __init__(self, threshold: float = 0.98, monitor: str = "val_recall"):
        super().__init__()
        self.threshold, self.monitor = threshold, monitor
        self.stopped_epoch: int | None = None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        value = (logs or {}).get(self.monitor)
        if value is not None and value > self.threshold:
            self.stopped_epoch = epoch + 1
            self.model.stop_training = True


class EpochBar(keras.callbacks.Callback):
    """A progress bar that moves once an epoch (``desc`` names the run); it ends as a line of
    the epochs trained: "10/10 epochs in 01:02", or, for a run a callback stopped early,
    "stopped after 1 of 10 epochs, in 00:19" (not a bar that looks frozen at 1/10)."""

    def __init__(self, desc: str = ""):
        super().__init__()
        self.desc, self.bar = desc, None

    def on_train_begin(self, logs: dict | None = None) -> None:
        from dfkit.progress import progress_bar

        self.bar = progress_bar(total=self.params.get("epochs"), desc=self.desc, unit="epoch")

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.bar.update()

    def on_train_end(self, logs: dict | None = None) -> None:
        if self.bar.total and self.bar.n < self.bar.total:  # a callback ended training
            self.bar.bar_format = "{desc}: stopped after {n_fmt} of {total_fmt} epochs, in {elapsed}"
        else:
            self.bar.bar_format = "{desc}: {n_fmt}/{total_fmt} epochs in {elapsed}"  # no ETA left
        self.bar.refresh()
        self.bar.close()


def early_stopping(monitor: str = "val_auc", patience: int = 3) -> keras.callbacks.EarlyStopping:
    """Standard early stopping on a validation metric, restoring the best epoch's weights."""
    return keras.callbacks.EarlyStopping(monitor=monitor, mode="max", patience=patience,
                                         restore_best_weights=True)


class BuildOptimizer(keras.callbacks.Callback):
    """Creates the optimizer's state (Adam's two averages per weight) as training begins.

    On TensorFlow without a distribution strategy, Keras 3 creates it inside the first traced
    training step, and TensorFlow then traces that whole step again (about 8 s more on Model 2's
    first epoch, ``benchmarks/bench_first_step.py``). Built here, before that trace and from the
    weights trainable at this moment (as Keras would), the step is traced once, for the same
    weights. Where Keras has built it already (JAX, a strategy, a second ``fit``) it does nothing.
    """

    def on_train_begin(self, logs: dict | None = None) -> None:
        if not self.model.optimizer.built:
            self.model.optimizer.build(self.model.trainable_variables)


class StartRecord(keras.callbacks.Callback):
    """Keeps, on the model (``model.fit_start``), its trainable weights as training begins,
    by path, when they are few (a probe's head): so that a course check can tell a fresh
    head from one copied from a trained model before ``fit`` (student report 20)."""

    LIMIT = 100_000  # values at most: a head, not a fine-tuned backbone's blocks

    def on_train_begin(self, logs: dict | None = None) -> None:
        weights = self.model.trainable_weights
        if sum(int(np.prod(w.shape)) for w in weights) <= self.LIMIT:
            start = {w.path: np.array(w.numpy()) for w in weights}
            object.__setattr__(self.model, "fit_start", start)  # untracked by Keras


class EpochLog(keras.callbacks.Callback):
    """One short line per epoch: its time and a few metrics, training then validation.

    Keras's own log (``verbose=2``) prints every metric of both splits on one line, too wide for a
    page; this shows progress while a model trains and stays readable once the notebook is saved.
    ``seconds`` keeps each epoch's time: empty when nothing trained (a run loaded from dfkit's
    model cache calls no callback). ``title`` (such as ``"Model 1 (cnn)"``) opens the header
    line, so that two logs in one cell say whose epochs follow.
    """

    def __init__(self, metrics: tuple[str, ...] = ("loss", "auc"), title: str = ""):
        super().__init__()
        self.metrics = tuple(metrics)
        self.seconds: list[float] = []
        self.title = title

    def _header(self, what: str) -> str:
        return f"{self.title}, {what}" if self.title else what

    def on_train_begin(self, logs: dict | None = None) -> None:
        print(self._header(f"each epoch: its time, then {', '.join(self.metrics)} as "
                           "training/validation"), flush=True)

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._started = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        logs, epochs = logs or {}, self.params.get("epochs") or epoch + 1
        self.seconds.append(time.perf_counter() - self._started)
        parts = [f"epoch {epoch + 1:>{len(str(epochs))}}/{epochs}", f"{self.seconds[-1]:3.0f} s"]
        for name in self.metrics:
            if (value := logs.get(name)) is not None:
                val = logs.get(f"val_{name}")
                parts.append(f"{name} {value:.3f}" + ("" if val is None else f"/{val:.3f}"))
        print("  ".join(parts), flush=True)  # three metrics: 72 characters, whole on a book page

    def replay(self, history: pd.DataFrame, epochs: int | None = None) -> None:
        """Print ``history``'s epochs in this log's layout when nothing trained under this log
        (a model loaded from dfkit's model cache: the saved history, no times); otherwise do
        nothing, since the epochs were printed as they ran."""
        if self.seconds:
            return
        epochs = epochs or len(history)
        print(self._header(f"its saved history: {', '.join(self.metrics)} as "
                           "training/validation"))
        for epoch, row in history.iterrows():
            parts = [f"epoch {epoch:>{len(str(epochs))}}/{epochs}"]
            for name in self.metrics:
                if name in row and not pd.isna(row[name]):
                    val = row.get(f"val_{name}")
                    parts.append(f"{name} {row[name]:.3f}"
                                 + ("" if val is None or pd.isna(val) else f"/{val:.3f}"))
            print("  ".join(parts), flush=True)


def fit(model: keras.Model, train: ImageBatches, val: ImageBatches, epochs: int, callbacks=(),
        verbose: int | str = "auto", seed: int | None = None) -> pd.DataFrame:
    """Train and return the history as a table, one row per epoch.

    Seeding happens once, when the model is built (``models.build_cnn(..., seed=...)``): seeding
    here, after the weights exist, would not make a run repeatable. ``seed`` is accepted for old
    callers and ignored. ``shuffle=False``: our batches reshuffle themselves each epoch from
    their own seed; Keras would otherwise also shuffle their order with Python's ``random``.
    Epoch ``k`` of ``train`` is in the order of seed ``(seed, k)`` (:class:`FollowEpochs`), so
    fitting twice on one stream object trains on the same batches as on two fresh ones.
    On a CPU that is enough for identical bytes across processes (tests/test_determinism.py);
    TensorFlow's ``enable_op_determinism`` is not needed there and is left off, because on a GPU
    it makes ops without a deterministic kernel raise.
    """
    history = model.fit(train, validation_data=val, epochs=epochs,
                        callbacks=[*callbacks, FollowEpochs(train), BuildOptimizer(),
                                   StartRecord()], verbose=verbose, shuffle=False)
    table = pd.DataFrame(history.history)
    table.index = pd.RangeIndex(1, len(table) + 1, name="epoch")
    return table


def predict(model: keras.Model, data: ImageBatches) -> np.ndarray:
    """Fake-probabilities for every image of ``data``, in its (unshuffled) order."""
    if data.shuffle:
        raise ValueError("predict() needs an unshuffled ImageBatches, so that outputs line up with labels.")
    return np.asarray(model.predict(data, verbose=0)).ravel()


def evaluate(model: keras.Model, data: ImageBatches, threshold: float = 0.5) -> dict[str, float]:
    """The metric summary of ``model`` on ``data`` (see :func:`dfkit.evaluation.metrics.summary`)."""
    return metrics.summary(data.labels, predict(model, data), threshold)


def train_model(kind: str, splits, profile: Profile, inputs: str = "stack", patience: int = 3,
                verbose: int | str = 2, workers: int = 1, cache: InputCache | None = None,
                reuse: bool | None = None, callbacks=()) -> tuple[keras.Model, pd.DataFrame]:
    """Build Model 1 (``kind="cnn"``) or Model 2 (``"resnet"``) with default settings and train it
    with early stopping on validation AUC: what later chapters start from.

    ``cache``: an :func:`input_cache` of the splits, to read inputs from memory instead of the files.
    ``reuse``: load the result of an identical earlier run instead of training again (default: on,
    unless ``DFKIT_MODEL_CACHE=0``; see :mod:`dfkit.training.model_cache`).
    ``callbacks``: more Keras callbacks for the fit, after early stopping (an :class:`EpochLog` to
    show progress); they do not change what is trained, so a kept run is loaded all the same."""
    from dfkit.models import paper as models

    reuse = model_cache.enabled() if reuse is None else reuse
    key = model_cache.run_key(kind, inputs, patience, profile, splits) if reuse else None
    if key is not None and (kept := model_cache.load(key)) is not None:
        return kept
    model = models.builder(kind)(input_shape=input_shape(profile, inputs), seed=profile.seed)
    history = fit(model, batches(splits.train, profile, inputs, shuffle=True, workers=workers, cache=cache),
                  batches(splits.val, profile, inputs, workers=workers, cache=cache),
                  epochs=profile.epochs, callbacks=[early_stopping("val_auc", patience), *callbacks],
                  verbose=verbose)
    if key is not None:
        model_cache.save(key, model, history)
    return model, history


def split_batches(splits, profile: Profile, inputs: str = "rgb", cache: InputCache | None = None) -> tuple:
    """Train (shuffled), validation and test streams of ``splits``, as every training chapter needs
    (from ``cache``, an :func:`input_cache` of the splits, when given)."""
    return tuple(batches(frame, profile, inputs, shuffle=frame is splits.train, cache=cache)
                 for frame in (splits.train, splits.val, splits.test))
