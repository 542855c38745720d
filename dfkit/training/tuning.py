"""Keras Tuner set-up as in the paper (§II-E), with an explicit policy on old trials.

The paper: ``kt.RandomSearch(build_model, objective='val_recall', max_trials=5,
directory='tuner/model_1', project_name='deepfake_cnn')``. Keras Tuner silently *reloads*
finished trials from such a folder, so a changed dataset or model would show stale results.
Policy here: a search starts afresh (``overwrite=True``) unless ``reuse=True`` **and** the
folder's fingerprint (data, profile, objective, model and its code, inputs, seed, and how each
trial trains: epochs, batch size, shuffles) matches; each run says which.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import io
import json
import warnings
from pathlib import Path

import keras
import keras_tuner as kt
import numpy as np
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


def _source(fn) -> str:
    """A function's source (stable when a notebook cell is rerun, changed by any edit); its
    bytecode and constants where no source can be found."""
    try:
        return inspect.getsource(fn)
    except (OSError, TypeError):
        code = getattr(fn, "__code__", None)
        return "" if code is None else repr((code.co_code, code.co_consts, code.co_names))


def code_digest(build_fn) -> str:
    """A digest of ``build_fn``'s code and of the functions it names (one level down, e.g. its
    search space): a builder edited under the same name never reloads trials of the old one."""
    fn = inspect.unwrap(getattr(build_fn, "func", build_fn))
    parts = [_source(fn)]
    named = getattr(getattr(fn, "__code__", None), "co_names", ())
    scope = getattr(fn, "__globals__", {})
    for name in sorted(set(named)):
        used = scope.get(name)
        if inspect.isfunction(used):
            parts.append(_source(used))
    return hashlib.sha1("\n\0".join(parts).encode()).hexdigest()


def _fingerprint(build_fn, profile: Profile, objective_name: str, train: ImageBatches, val: ImageBatches,
                 seed: int, epochs: int) -> dict:
    files = hashlib.sha1("\n".join(map(str, [*train.paths, "|", *val.paths])).encode()).hexdigest()
    found = {"model": getattr(build_fn, "__name__", str(build_fn)), "code": code_digest(build_fn),
             "objective": objective_name, "profile": profile.as_dict(),
             "inputs": list(train[0][0].shape[1:]), "data": files, "dfkit": __version__}
    if seed != profile.seed:  # only then, so that folders stamped before the seed was an argument still match
        found["seed"] = seed
    # how each trial trains, where it departs from the profile (the profile is stamped above)
    trains = {"epochs": (epochs, profile.epochs),
              "batch_size": (getattr(train, "batch_size", profile.batch_size), profile.batch_size),
              "shuffle": (getattr(train, "shuffle", True), True),
              "shuffle_seed": (getattr(train, "seed", profile.seed), profile.seed)}
    found |= {name: value for name, (value, usual) in trains.items() if value != usual}
    return found


def tuner_folder(name: str, profile: Profile, objective_name: str,
                 directory: str | Path | None = None) -> Path:
    """The folder of one search: one per profile, search name and objective.

    Runs of different profiles (or objectives) from one checkout never share checkpoints:
    a ci run cannot overwrite a laptop run's trials."""
    base = Path(directory or cache_dir() / "tuner")
    return base / profile.name / f"{name}-{objective_name}"


def make_tuner(build_fn, name: str, profile: Profile, train: ImageBatches, val: ImageBatches,
               objective_name: str = "val_recall", reuse: bool = False, directory: str | Path | None = None,
               verbose: bool = True, worker: bool = False, seed: int | None = None,
               epochs: int | None = None) -> kt.RandomSearch:
    """A ``RandomSearch`` over ``build_fn``'s search space in
    ``<directory>/<profile>/<name>-<objective>/deepfake_cnn`` (see :func:`tuner_folder`).

    ``max_trials`` is the profile's ``tuner_trials`` (5 in the paper profile). ``worker=True``: a
    worker of a distributed search, which never deletes the folder (the chief starts it afresh and
    the other workers write their trials there). ``seed`` (default: the profile's) seeds the search:
    the hyperparameters the tuner draws and every trial's initial weights. Another seed, other
    trials; the batches' shuffles stay the profile's. ``epochs`` (default: the profile's) is how
    long each trial trains, as :func:`search` will run it. Keras Tuner's "Reloading Tuner" notice is
    kept quiet: the line printed here says what happened, without the machine's paths.
    """
    seed = profile.seed if seed is None else int(seed)
    epochs = profile.epochs if epochs is None else int(epochs)
    if seed == 0:  # Keras Tuner reads a seed of 0 as "none" and draws a random one
        raise ValueError("seed=0 would let Keras Tuner pick a random seed: use a positive integer.")
    root = tuner_folder(name, profile, objective_name, directory)
    shape = tuple(train[0][0].shape[1:])
    wanted = _fingerprint(build_fn, profile, objective_name, train, val, seed, epochs)
    stamp = root / PROJECT / FINGERPRINT
    found = json.loads(stamp.read_text()) if stamp.exists() else None
    resume = reuse and found == wanted
    if verbose:
        state = ("reusing its finished trials (same data, profile, objective, model code, seed "
                 "and training)"
                 if resume else
                 "starting afresh" + (" (old trials differ: not reused)" if found and reuse else ""))
        print(f"Tuner {profile.name}/{root.name} (seed {seed}): {state}.")
    build = functools.partial(build_fn, input_shape=shape)
    if "seed" in inspect.signature(build_fn).parameters:  # every trial starts from the same seed
        build = functools.partial(build, seed=seed)
    with contextlib.redirect_stdout(io.StringIO()):  # "Reloading Tuner from <path>": said above
        tuner = kt.RandomSearch(build, objective=objective(objective_name),
                                max_trials=profile.tuner_trials, seed=seed, directory=str(root),
                                project_name=PROJECT, overwrite=not (resume or worker))
    tuner.dfkit_seed, tuner.dfkit_epochs = seed, epochs
    if not worker:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(json.dumps(wanted, indent=1))
    return tuner


class _TrialDone(keras.callbacks.Callback):
    """Moves a progress bar on by one epoch as each epoch ends, and names the trial training."""

    def __init__(self, bar, epochs: int, trials: int, done: int = 0):
        super().__init__()
        self.bar, self.epochs, self.trials, self.trial = bar, epochs, trials, done

    def __deepcopy__(self, memo):  # Keras Tuner deep-copies callbacks for every trial: share the one bar
        return self

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.trial += 1
        self.bar.set_postfix_str(f"trial {self.trial}/{self.trials}")

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.bar.update(1)

    def on_train_end(self, logs: dict | None = None) -> None:  # a trial stopped early: count it whole
        self.bar.update(max(0, self.trial * self.epochs - self.bar.n))


def search(tuner: kt.RandomSearch, train: ImageBatches, val: ImageBatches, epochs: int | None = None,
           callbacks=(),
           seed: int | None = None, verbose: int = 1) -> None:
    """Run the search: each trial trains on ``train`` and is scored on ``val`` (never on test).

    ``seed`` and ``epochs``: set by :func:`make_tuner` (``seed=``, ``epochs=``), which stamps them
    in the folder's fingerprint; here they may be left out or repeated, and another value is
    refused with that fix (another seed would change neither the draws nor the weights; other
    epochs would reuse trials trained for another number of epochs).
    Same seed, same trials table: the tuner draws hyperparameters from its seed,
    each trial's model is built from the same seed (see :func:`make_tuner`), and ``shuffle=False`` keeps
    Keras from reordering our self-shuffling batches (see :func:`dfkit.training.trainer.fit`). Every
    trial sees the same shuffles, as does a second search on the same ``train`` object
    (:class:`~dfkit.data.loader.FollowEpochs`). Each trial's training step is traced once
    (:class:`~dfkit.training.trainer.BuildOptimizer`). With ``verbose=0`` a bar counts the epochs
    trained and names the trial, so that a long search is not silent; its rate is the mean so far."""
    own = getattr(tuner, "dfkit_seed", None)
    if seed is not None and own is not None and int(seed) != own:
        raise ValueError(f"This tuner was made with seed {own}, which fixes its draws and weights: "
                         f"pass seed={seed} to tuning.make_tuner instead, and leave it out here.")
    planned = getattr(tuner, "dfkit_epochs", None)
    if epochs is not None and planned is not None and int(epochs) != planned:
        raise ValueError(f"This tuner was made for {planned} epochs per trial (its fingerprint says "
                         f"so): pass epochs={epochs} to tuning.make_tuner instead, and leave it out "
                         "here.")
    epochs = planned if epochs is None else int(epochs)
    if epochs is None:
        raise ValueError("Say how many epochs each trial trains: epochs= (or make the tuner with "
                         "tuning.make_tuner).")
    keras.utils.set_random_seed(own if seed is None and own is not None else seed or 0)
    trials, done = tuner.oracle.max_trials, sum(t.status == "COMPLETED" for t in tuner.oracle.trials.values())
    with progress_bar(total=trials * epochs, initial=done * epochs, desc="epochs trained", unit="epoch",
                      smoothing=0, disable=verbose != 0) as bar:
        tuner.search(train, validation_data=val, epochs=epochs,
                     callbacks=[*callbacks, FollowEpochs(train), BuildOptimizer(),
                                _TrialDone(bar, epochs, trials, done)],
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


def _kept_trial(tuner: kt.RandomSearch):
    best = tuner.oracle.get_best_trials(1)
    return best[0] if best else None


def side_by_side(tuners: dict[str, kt.RandomSearch]) -> pd.DataFrame:
    """Several searches' trials in one table, one row per draw of hyperparameters: each search's
    score for it (a column named after the search; empty where it did not train that draw),
    which search kept it (``kept by``: a name, or ``both``/``all`` when every search did), and the draw.

    Rows are labelled by trial id (``1/3`` where the searches gave one draw different ids), in the
    first search's order, best first; the hyperparameters are those every search declared."""
    tables = {name: trials_table(tuner) for name, tuner in tuners.items()}
    shared = [c for c in next(iter(tables.values())) if c not in ("trial", "score", "status")
              and all(c in t for t in tables.values())]
    kept = {name: getattr(_kept_trial(tuner), "trial_id", None) for name, tuner in tuners.items()}
    rows: dict[tuple, dict] = {}
    for name, table in tables.items():
        for _, trial in table.iterrows():
            draw = tuple(str(trial[c]) for c in shared)
            row = rows.setdefault(draw, {"trial": [], "kept by": [], **dict.fromkeys(tuners, np.nan),
                                         **{c: trial[c] for c in shared}})
            if trial["trial"] not in row["trial"]:
                row["trial"].append(trial["trial"])
            row[name] = trial["score"]
            if trial["trial"] == kept[name]:
                row["kept by"].append(name)
    for row in rows.values():
        row["trial"] = "/".join(row["trial"])
        everyone = len(tuners) > 1 and len(row["kept by"]) == len(tuners)
        row["kept by"] = ("both" if len(tuners) == 2 else "all") if everyone else ", ".join(
            row["kept by"])
    columns = ["trial", *tuners, "kept by", *shared]
    return pd.DataFrame(list(rows.values()), columns=columns).set_index("trial")


def kept_models(tuners: dict[str, kt.RandomSearch]) -> dict[str, keras.Model]:
    """Each search's kept model: its best trial at the epoch it saved (``get_best_models``),
    without Keras's notice that the reloaded model gets a fresh optimizer (which does not matter
    for predictions)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Skipping variable loading for optimizer")
        return {name: tuner.get_best_models(1)[0] for name, tuner in tuners.items()
                if _kept_trial(tuner) is not None}


def saved_epochs(tuners: dict[str, kt.RandomSearch],
                 metrics: tuple[str, ...] = ("val_recall", "val_auc"),
                 val: ImageBatches | None = None,
                 models: dict[str, keras.Model] | None = None) -> pd.DataFrame:
    """What each search kept: its best trial, the epoch of it that the search saved (the first at
    which the search's own objective peaked; 1 is the first epoch) and ``metrics`` at that epoch,
    as Keras logged them during the search.

    Keras Tuner saves a trial's weights whenever its objective improves, so two searches that
    kept the same trial can hand back two different epochs of it: this table shows which.

    Given ``val`` (the unshuffled validation batches), a ``roc_auc`` column adds the exact
    ROC-AUC of each saved model on them, computed from its probabilities (``models``: the kept
    models, :func:`kept_models` if not given). Keras's ``AUC`` metric, the logged ``val_auc``,
    counts on a grid of 200 thresholds: far from the exact value when many probabilities fall
    between two neighbouring thresholds."""
    rows = {}
    for name, tuner in tuners.items():
        trial = _kept_trial(tuner)
        if trial is None:
            continue
        row = {"trial": trial.trial_id, "epoch saved": int(trial.best_step) + 1}
        for metric in metrics:
            found = trial.metrics.exists(metric)
            row[metric] = trial.metrics.get_last_value(metric) if found else np.nan
        rows[name] = row
    columns = ["trial", "epoch saved", *metrics]
    if val is not None:
        from dfkit.evaluation.metrics import summary
        from dfkit.training.trainer import predict

        models = kept_models(tuners) if models is None else models
        for name, row in rows.items():
            row["roc_auc"] = summary(val.labels, predict(models[name], val))["roc_auc"]
        columns.append("roc_auc")
    table = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    table.index.name = "search"
    return table


def space_table(hp: kt.HyperParameters) -> pd.DataFrame:
    """The hyperparameters a builder declared on ``hp``, one row each: type, values, default.
    A stepped range whose top value Keras Tuner never draws (``Float(0.0, 0.5, step=0.1)``
    counts ``0.5 // 0.1 + 1`` values, and ``0.5 // 0.1`` is 4) also says what it draws."""
    rows = []
    for param in hp.space:
        config = param.get_config()
        values = config.get("values")
        if not values:  # Int and Float: a range
            values = f"{config['min_value']} to {config['max_value']}"
        if config.get("step"):
            values += f", step {config['step']}"
            drawn = list(getattr(param, "values", None) or [])
            if drawn and abs(drawn[-1] - config["max_value"]) > 1e-9:
                values += (f" (draws {drawn[0]:g} to {drawn[-1]:g}: "
                           f"{len(drawn)} values)")
        if config.get("sampling") == "log":
            values += ", log-uniform"
        rows.append({"hyperparameter": param.name, "type": type(param).__name__,
                     "values": values, "default": str(config["default"])})
    return pd.DataFrame(rows, columns=["hyperparameter", "type", "values", "default"])


def narrow(table: pd.DataFrame) -> pd.DataFrame:
    """A trials table (:func:`trials_table`) that fits a page: short column names (``f0`` for
    ``filters_0``, ``lr``, ...), rounded numbers, the trial's id as the row label, and the
    ``status`` column only if a trial did not complete."""
    names = {"conv_blocks": "blocks", "kernel_size": "kernel", "dense_units": "dense",
             "learning_rate": "lr"}
    names |= {c: c.replace("filters_", "f") for c in table if c.startswith("filters_")}
    if "status" in table and (table["status"] == "COMPLETED").all():
        table = table.drop(columns="status")
    if "trial" in table:
        table = table.set_index("trial")
    rounded = {"score": 3, "val_recall": 3, "val_auc": 3, "dropout": 1, "lr": 5}
    return table.rename(columns=names).round(rounded)


def draws(build_fn, seed: int, trials: int, **build_kwargs) -> pd.DataFrame:
    """The hyperparameters a ``RandomSearch`` with this ``seed`` draws for its first ``trials``
    trials, without training: Keras Tuner's own oracle draws them, and each draw is built (as
    the search builds it) so that what a trial declares joins the space for the next ones.
    One row per trial, labelled by its id, as in :func:`trials_table`."""
    oracle = kt.oracles.RandomSearchOracle(objective=objective(), max_trials=trials, seed=seed)
    hp = kt.HyperParameters()
    build_fn(hp, **build_kwargs)  # the tuner builds once when made: the default space
    oracle.update_space(hp)
    rows = []
    for trial in range(trials):
        values = oracle.populate_space(str(trial))["values"]
        hp = oracle.get_space()
        hp.values.update(values)
        build_fn(hp, **build_kwargs)
        oracle.update_space(hp)
        rows.append({"trial": str(trial), **hp.values})  # with what the build declared
    return pd.DataFrame(rows).set_index("trial")
