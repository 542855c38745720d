"""Keras Tuner set-up as in the paper (§II-E), with an explicit policy on old trials.

The paper: ``kt.RandomSearch(build_model, objective='val_recall', max_trials=5,
directory='tuner/model_1', project_name='deepfake_cnn')``. Keras Tuner silently *reloads*
finished trials from such a folder, so a changed dataset or model would show stale results.
Policy here: a search starts afresh (``overwrite=True``) unless ``reuse=True`` **and** the
folder's fingerprint (data, profile, objective, model, inputs) matches; each run says which.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
from pathlib import Path

import keras
import keras_tuner as kt
import pandas as pd

from dfkit import __version__
from dfkit.config import Profile, cache_dir
from dfkit.data.loader import FollowEpochs, ImageBatches
from dfkit.progress import progress_bar
from dfkit.training.trainer import BuildOptimizer

PROJECT = "deepfake_cnn"
FINGERPRINT = "dfkit_fingerprint.json"


def objective(name: str = "val_recall") -> kt.Objective:
    """A maximised validation metric: the paper's ``val_recall``, or e.g. ``val_auc``."""
    return kt.Objective(name, direction="max")


def _fingerprint(build_fn, profile: Profile, objective_name: str, train: ImageBatches, val: ImageBatches) -> dict:
    files = hashlib.sha1("\n".join(map(str, [*train.paths, "|", *val.paths])).encode()).hexdigest()
    return {"model": getattr(build_fn, "__name__", str(build_fn)), "objective": objective_name,
            "profile": profile.as_dict(), "inputs": list(train[0][0].shape[1:]), "data": files,
            "dfkit": __version__}


def tuner_folder(name: str, profile: Profile, objective_name: str,
                 directory: str | Path | None = None) -> Path:
    """The folder of one search: one per profile, search name and objective.

    Runs of different profiles (or objectives) from one checkout never share checkpoints:
    a ci run cannot overwrite a laptop run's trials."""
    base = Path(directory or cache_dir() / "tuner")
    return base / profile.name / f"{name}-{objective_name}"


def make_tuner(build_fn, name: str, profile: Profile, train: ImageBatches, val: ImageBatches,
               objective_name: str = "val_recall", reuse: bool = False, directory: str | Path | None = None,
               verbose: bool = True, worker: bool = False) -> kt.RandomSearch:
    """A ``RandomSearch`` over ``build_fn``'s search space in
    ``<directory>/<profile>/<name>-<objective>/deepfake_cnn`` (see :func:`tuner_folder`).

    ``max_trials`` is the profile's ``tuner_trials`` (5 in the paper profile). ``worker=True``: a
    worker of a distributed search, which never deletes the folder (the chief starts it afresh and
    the other workers write their trials there).
    """
    root = tuner_folder(name, profile, objective_name, directory)
    shape = tuple(train[0][0].shape[1:])
    wanted = _fingerprint(build_fn, profile, objective_name, train, val)
    stamp = root / PROJECT / FINGERPRINT
    found = json.loads(stamp.read_text()) if stamp.exists() else None
    resume = reuse and found == wanted
    if verbose:
        state = ("reusing its finished trials (same data, profile, objective and model)" if resume else
                 "starting afresh" + (" (old trials differ: not reused)" if found and reuse else ""))
        print(f"Tuner {root / PROJECT}: {state}.")
    build = functools.partial(build_fn, input_shape=shape)
    if "seed" in inspect.signature(build_fn).parameters:  # every trial starts from the same seed
        build = functools.partial(build, seed=profile.seed)
    tuner = kt.RandomSearch(build, objective=objective(objective_name),
                            max_trials=profile.tuner_trials, seed=profile.seed, directory=str(root),
                            project_name=PROJECT, overwrite=not (resume or worker))
    if not worker:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(json.dumps(wanted, indent=1))
    return tuner


class _TrialDone(keras.callbacks.Callback):
    """Moves a progress bar on by one as each trial's training ends."""

    def __init__(self, bar):
        super().__init__()
        self.bar = bar

    def __deepcopy__(self, memo):  # Keras Tuner deep-copies callbacks for every trial: share the one bar
        return self

    def on_train_end(self, logs: dict | None = None) -> None:
        self.bar.update(1)


def search(tuner: kt.RandomSearch, train: ImageBatches, val: ImageBatches, epochs: int, callbacks=(),
           seed: int = 0, verbose: int = 1) -> None:
    """Run the search: each trial trains on ``train`` and is scored on ``val`` (never on test).

    Same seed, same trials table: the tuner draws hyperparameters from its own seed, each trial's
    model is built from the profile's seed (see :func:`make_tuner`), and ``shuffle=False`` keeps
    Keras from reordering our self-shuffling batches (see :func:`dfkit.training.trainer.fit`). Every
    trial sees the same shuffles, as does a second search on the same ``train`` object
    (:class:`~dfkit.data.loader.FollowEpochs`). Each trial's training step is traced once
    (:class:`~dfkit.training.trainer.BuildOptimizer`). With ``verbose=0`` a bar counts the trials
    trained, so that a long search is not silent."""
    keras.utils.set_random_seed(seed)
    with progress_bar(total=tuner.oracle.max_trials, desc="trials trained", disable=verbose != 0) as bar:
        tuner.search(train, validation_data=val, epochs=epochs,
                     callbacks=[*callbacks, FollowEpochs(train), BuildOptimizer(), _TrialDone(bar)],
                     verbose=verbose, shuffle=False)
    done = [t for t in tuner.oracle.trials.values() if t.status == "COMPLETED"]
    if not done:
        raise RuntimeError(f"No Keras Tuner trial completed in {tuner.project_dir}: every trial failed. "
                           "Its log above shows why (on TensorFlow, keras-tuner needs the tensorboard package).")


def trials_table(tuner: kt.RandomSearch) -> pd.DataFrame:
    """Every trial's hyperparameters and score, best first: the table to read after a search."""
    rows = []
    for trial in tuner.oracle.trials.values():
        rows.append({"trial": trial.trial_id, "score": trial.score, "status": trial.status,
                     **trial.hyperparameters.values})
    table = pd.DataFrame(rows, columns=None if rows else ["trial", "score", "status"])
    return table.sort_values("score", ascending=False, na_position="last").reset_index(drop=True)
