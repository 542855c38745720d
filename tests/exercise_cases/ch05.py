"""Right and wrong answers for chapter 05's exercises (read by tests/test_exercises.py)."""

from __future__ import annotations

import pandas as pd


def _first_best(history, objective):  # one epoch: the exercise asks for every save
    column = history[objective.name]
    return column.idxmax() if objective.direction == "max" else column.idxmin()


def _improving(history, objective):  # what Keras Tuner's SaveBestEpoch does, epoch by epoch
    best, saves = None, []
    for epoch, value in history[objective.name].items():
        better = best is None or (value > best if objective.direction == "max" else value < best)
        if better:
            best = value
            saves.append(epoch)
    return saves


def _strict_pandas(history, objective):  # honest pandas: strictly above the running best
    import numpy as np

    column = history[objective.name]
    if objective.direction == "min":
        column = -column
    before = column.cummax().shift(fill_value=-np.inf)
    return column.index[column > before].to_numpy()


def _at_least_as_good(history, objective):  # a save on >=: a tie saves again
    best, saves = None, []
    for epoch, value in history[objective.name].items():
        if best is None or (value >= best if objective.direction == "max" else value <= best):
            best = value
            saves.append(epoch)
    return saves


def _running_best(history, objective):  # ties ignored: every epoch at the running best
    column = history[objective.name]
    running = column.cummax() if objective.direction == "max" else column.cummin()
    return column.index[column == running].tolist()


def _last_best(history, objective):  # the last epoch at the best, ties ignored
    column = history[objective.name]
    best = column.max() if objective.direction == "max" else column.min()
    return [int(column[column == best].index[-1])]


def _argmax_only(history, objective):  # report_05 finding 1: NumPy's first best, ties unseen
    import numpy as np

    s = 1 if objective.direction == "max" else -1
    return [int(history.index[np.argmax(s * history[objective.name].to_numpy())])]


def _early_stopping(history, objective):  # report_05 finding 1: Keras does the whole walk
    import keras

    es = keras.callbacks.EarlyStopping(monitor=objective.name, mode=objective.direction,
                                       patience=10**9)
    es.on_train_begin()
    saves = []
    for i, v in enumerate(history[objective.name]):
        es.on_epoch_end(i, {objective.name: v})
        if es.wait == 0:
            saves.append(int(history.index[i]))
    return saves


def _early_stopping_hidden(history, objective):  # the same, reached by a name built at run time
    import importlib

    module = importlib.import_module("keras." + "callbacks")
    stop = getattr(module, "Early" + "Stopping")(monitor=objective.name,
                                                 mode=objective.direction, patience=10**9)
    stop.on_train_begin()
    saves = []
    for i, v in enumerate(history[objective.name]):
        stop.on_epoch_end(i, {objective.name: v})
        if stop.wait == 0:
            saves.append(int(history.index[i]))
    return saves


def _checkpoint(history, objective):  # Keras's ModelCheckpoint decides each save
    import importlib

    module = importlib.import_module("keras.callbacks")
    check = getattr(module, "Model" + "Checkpoint")("unused.weights.h5", monitor=objective.name,
                                                    mode=objective.direction,
                                                    save_best_only=True)
    check._set_monitor_op()  # what on_train_begin does with a model
    saves = []
    for i, v in enumerate(history[objective.name]):
        if check._should_save_model(i, None, {objective.name: v}, "unused.weights.h5"):
            saves.append(int(history.index[i]))
    return saves


def _course_helper(history, objective):  # report_05 finding 1: chapter 06's reading's helper
    from dfkit.course.readings.ch06 import _best_epoch

    column = history[objective.name]
    column = column if objective.direction == "max" else -column
    return [int(column.index[k - 1]) for k in range(1, len(column) + 1)
            if _best_epoch(column[:k]) == k]


def _course_helper_hidden(history, objective):  # the same, by a name built at run time
    import importlib

    helper = getattr(importlib.import_module("dfkit.course.readings.ch06"), "_best" + "_epoch")
    column = history[objective.name]
    column = column if objective.direction == "max" else -column
    return [int(column.index[k - 1]) for k in range(1, len(column) + 1) if helper(column[:k]) == k]


def _checker_walk(history, objective):  # the checker's own reference, called
    import importlib

    module = importlib.import_module("dfkit.course.exercises.ch05")
    return getattr(module, "_sa" + "ves")(history, objective.name, objective.direction)


def _tuner_helper(history, objective):  # Keras Tuner's private helper: no work of one's own
    from keras_tuner.src.engine import tuner_utils

    class History:  # the shape the helper reads: a dict of per-epoch lists
        pass

    fake = History()
    fake.history = {c: history[c].tolist() for c in history}
    return [tuner_utils._get_best_value_and_best_epoch_from_history(fake, objective)[1] + 1]


def _metric_history(history, objective):  # Keras Tuner's MetricHistory: its work, not yours
    from keras_tuner.src.engine.metrics_tracking import MetricHistory

    tracked = MetricHistory(objective.direction)
    for epoch, value in history[objective.name].items():
        tracked.update(value, step=epoch)
    return [int(tracked.get_best_step())]


def _metrics_tracker(history, objective):
    from keras_tuner.src.engine import metrics_tracking

    tracker = metrics_tracking.MetricsTracker()
    tracker.register(objective.name, objective.direction)
    for epoch, value in history[objective.name].items():
        tracker.update(objective.name, value, step=epoch)
    return [int(tracker.get_best_step(objective.name))]


def _checks_its_argument(history, objective):  # honest: names Keras Tuner's class, no more
    import keras_tuner as kt

    if not isinstance(objective, kt.Objective):
        raise TypeError("objective should be a kt.Objective")
    return _improving(history, objective)


def _better_than(history, objective):  # Objective's own strict comparison: its work
    best, saves = None, []
    for epoch, value in history[objective.name].items():
        if best is None or objective.better_than(value, best):
            best = value
            saves.append(epoch)
    return saves


def _direction_from_name(history, objective):  # a guess from the name, not the direction
    direction = "min" if "loss" in objective.name else "max"
    best, saves = None, []
    for epoch, value in history[objective.name].items():
        if best is None or (value > best if direction == "max" else value < best):
            best = value
            saves.append(epoch)
    return saves


def _max(objective):  # the same objective, maximised whatever its direction
    import keras_tuner as kt

    return kt.Objective(objective.name, "max")


def _run(val_auc, test_auc):
    """What q4 reads from the chapter: the saved epochs' table (Keras's logged val_auc and the
    exact roc_auc) and the test table."""
    saved = pd.DataFrame({"trial": ["2", "2"], "epoch saved": [1, 10],
                          "val_recall": [0.983, 0.983], "val_auc": [0.571, val_auc - 0.01],
                          "roc_auc": [0.636, val_auc]},
                         index=pd.Index(["val_recall", "val_auc"], name="search"))
    headline = pd.DataFrame({"objective val_recall": {"roc_auc": 0.7},
                             "objective val_auc": {"roc_auc": test_auc}})
    # the val_recall search's model on validation, with its 95% interval (the chapter's)
    on_val = pd.Series({"value": 0.636, "low": 0.517, "high": 0.737, "n": 120})
    return {"saved": saved, "headline": headline, "on_val": on_val}


def _by_direction(val_auc, test_auc):
    """report_05 of 2026-12-07, finding 1: the answer read off this run's two printed numbers,
    the first "higher" option if validation is higher, else "lower"."""
    run = _run(val_auc, test_auc)
    val_ = run["saved"].loc["val_auc", "roc_auc"]
    test_ = run["headline"].loc["roc_auc", "objective val_auc"]
    return {"q4_answer": {True: "c", False: "b"}[val_ > test_], **run}


def _comparison(recall_spec, auc_spec):
    return pd.DataFrame({"objective val_recall": {"specificity": recall_spec, "recall": 1.0},
                         "objective val_auc": {"specificity": auc_spec, "recall": 0.8}})


CASES = {
    "q1": {
        "right": [lambda: {"q1_prediction": "a", "comparison": _comparison(0.05, 0.7)},
                  lambda: {"q1_prediction": "b", "comparison": _comparison(0.70, 0.72)},
                  lambda: {"q1_prediction": "c", "comparison": _comparison(0.9, 0.6)}],
        "wrong": [lambda: {"q1_prediction": "b", "comparison": _comparison(0.05, 0.7)},
                  lambda: {"q1_prediction": "a", "comparison": _comparison(0.70, 0.72)}],
    },
    "q2": {
        "right": [lambda: {"save_epochs": _improving},
                  lambda: {"save_epochs": _strict_pandas},
                  lambda: {"save_epochs": _checks_its_argument},
                  lambda: {"save_epochs": lambda h, o: tuple(_improving(h, o))}],
        "wrong": [lambda: {"save_epochs": lambda h, o: _improving(h, _max(o))},  # direction
                  lambda: {"save_epochs": _last_best},  # a tie moves the save
                  lambda: {"save_epochs": _at_least_as_good},
                  lambda: {"save_epochs": _running_best},  # ties ignored
                  # report_05 finding 1: the first best alone, ties never considered
                  lambda: {"save_epochs": _first_best},
                  lambda: {"save_epochs": _argmax_only},
                  lambda: {"save_epochs": _early_stopping},
                  lambda: {"save_epochs": _early_stopping_hidden},
                  lambda: {"save_epochs": _checkpoint},
                  lambda: {"save_epochs": _course_helper},
                  lambda: {"save_epochs": _course_helper_hidden},
                  lambda: {"save_epochs": _checker_walk},
                  lambda: {"save_epochs": lambda h, o: [e - 1 for e in _improving(h, o)]},
                  lambda: {"save_epochs": lambda h, o: list(range(1, len(h) + 1))},  # all
                  lambda: {"save_epochs": lambda h, o: [float(e) for e in _improving(h, o)]},
                  lambda: {"save_epochs": lambda h: [1, 2]},
                  # the public case's saves learnt by heart
                  lambda: {"save_epochs": lambda h, o: {"val_recall": [1, 2],
                                                        "val_auc": [1, 2, 3, 4],
                                                        "val_loss": [1, 2, 3]}[o.name]},
                  lambda: {"save_epochs": [1, 2]},
                  lambda: {"save_epochs": _tuner_helper},
                  lambda: {"save_epochs": _better_than},
                  lambda: {"save_epochs": _metric_history},
                  lambda: {"save_epochs": _metrics_tracker},
                  lambda: {"save_epochs": _direction_from_name}],
    },
    "q3": {
        "right": [lambda: {"n_architectures": 74_752}],
        "wrong": [lambda: {"n_architectures": 65_536}, lambda: {"n_architectures": 384},
                  lambda: {"n_architectures": 4_672}, lambda: {"n_architectures": 9_344},
                  lambda: {"n_architectures": 7 ** 2 * 16}, lambda: {"n_architectures": 74_752.5}],
    },
    "q4": {
        "right": [lambda: {"q4_answer": "d", **_run(0.922, 0.913)},
                  lambda: {"q4_answer": "d", **_run(0.880, 0.913)},
                  lambda: {"q4_answer": "d", **_run(0.913, 0.913)},
                  lambda: {"q4_answer": "d", **_run(0.990, 0.800)}],
        "wrong": [lambda: {"q4_answer": "a", **_run(0.922, 0.913)},
                  lambda: {"q4_answer": "b", **_run(0.922, 0.913)},
                  lambda: {"q4_answer": "c", **_run(0.922, 0.913)},
                  lambda: {"q4_answer": "e", **_run(0.922, 0.913)},
                  # the report's route: the direction of this run's two numbers
                  lambda: _by_direction(0.922, 0.913),
                  lambda: _by_direction(0.900, 0.913)],
    },
}
