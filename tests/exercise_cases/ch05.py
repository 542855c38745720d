"""Right and wrong answers for chapter 05's exercises (read by tests/test_exercises.py)."""

from __future__ import annotations

import pandas as pd


def _first_best(history, objective):
    column = history[objective.name]
    return column.idxmax() if objective.direction == "max" else column.idxmin()


def _improving(history, objective):  # what Keras Tuner's SaveBestEpoch does, epoch by epoch
    best, saved = None, None
    for epoch, value in history[objective.name].items():
        better = best is None or (value > best if objective.direction == "max" else value < best)
        if better:
            best, saved = value, epoch
    return saved


def _at_least_as_good(history, objective):  # a save on >=: a later tie moves it
    best, saved = None, None
    for epoch, value in history[objective.name].items():
        if best is None or (value >= best if objective.direction == "max" else value <= best):
            best, saved = value, epoch
    return saved


def _last_best(history, objective):
    column = history[objective.name]
    best = column.max() if objective.direction == "max" else column.min()
    return column[column == best].index[-1]


def _tuner_helper(history, objective):  # Keras Tuner's private helper: no work of one's own
    from keras_tuner.src.engine import tuner_utils

    class History:  # the shape the helper reads: a dict of per-epoch lists
        pass

    fake = History()
    fake.history = {c: history[c].tolist() for c in history}
    return tuner_utils._get_best_value_and_best_epoch_from_history(fake, objective)[1] + 1


def _metric_history(history, objective):  # Keras Tuner's MetricHistory: its work, not yours
    from keras_tuner.src.engine.metrics_tracking import MetricHistory

    tracked = MetricHistory(objective.direction)
    for epoch, value in history[objective.name].items():
        tracked.update(value, step=epoch)
    return int(tracked.get_best_step())


def _metrics_tracker(history, objective):
    from keras_tuner.src.engine import metrics_tracking

    tracker = metrics_tracking.MetricsTracker()
    tracker.register(objective.name, objective.direction)
    for epoch, value in history[objective.name].items():
        tracker.update(objective.name, value, step=epoch)
    return int(tracker.get_best_step(objective.name))


def _checks_its_argument(history, objective):  # honest: names Keras Tuner's class, no more
    import keras_tuner as kt

    if not isinstance(objective, kt.Objective):
        raise TypeError("objective should be a kt.Objective")
    return _first_best(history, objective)


def _better_than(history, objective):  # Objective's own strict comparison: its work
    best, saved = None, None
    for epoch, value in history[objective.name].items():
        if best is None or objective.better_than(value, best):
            best, saved = value, epoch
    return saved


def _direction_from_name(history, objective):  # a guess from the name, not the direction
    column = history[objective.name]
    return column.idxmin() if "loss" in objective.name else column.idxmax()


def _run(val_auc, test_auc):
    """What q4 reads from the chapter: the saved epochs' table (Keras's logged val_auc and the
    exact roc_auc) and the test table."""
    saved = pd.DataFrame({"trial": ["2", "2"], "epoch saved": [1, 10],
                          "val_recall": [0.983, 0.983], "val_auc": [0.571, val_auc - 0.01],
                          "roc_auc": [0.636, val_auc]},
                         index=pd.Index(["val_recall", "val_auc"], name="search"))
    headline = pd.DataFrame({"objective val_recall": {"roc_auc": 0.7},
                             "objective val_auc": {"roc_auc": test_auc}})
    return {"saved": saved, "headline": headline}


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
        "right": [lambda: {"saved_epoch": _first_best},
                  lambda: {"saved_epoch": _improving},
                  lambda: {"saved_epoch": _checks_its_argument}],
        "wrong": [lambda: {"saved_epoch": lambda h, o: h[o.name].idxmax()},  # ignores direction
                  lambda: {"saved_epoch": _last_best},  # a tie moves the save
                  lambda: {"saved_epoch": _at_least_as_good},
                  # the first best of the name, in the wrong direction for val_loss
                  lambda: {"saved_epoch": lambda h, o: h[o.name].idxmin()},
                  lambda: {"saved_epoch": lambda h, o: int(_first_best(h, o)) - 1},  # positions
                  lambda: {"saved_epoch": lambda h, o: len(h)},  # the last epoch
                  lambda: {"saved_epoch": lambda h, o: float(_first_best(h, o))},
                  lambda: {"saved_epoch": lambda h: 2},
                  # the public case's epochs learnt by heart (what the old messages gave away)
                  lambda: {"saved_epoch": lambda h, o: {"val_recall": 2, "val_auc": 4,
                                                        "val_loss": 3}[o.name]},
                  lambda: {"saved_epoch": 4},
                  lambda: {"saved_epoch": _tuner_helper},
                  lambda: {"saved_epoch": _better_than},
                  lambda: {"saved_epoch": _metric_history},
                  lambda: {"saved_epoch": _metrics_tracker},
                  lambda: {"saved_epoch": _direction_from_name}],
    },
    "q3": {
        "right": [lambda: {"n_architectures": 74_752}],
        "wrong": [lambda: {"n_architectures": 65_536}, lambda: {"n_architectures": 384},
                  lambda: {"n_architectures": 4_672}, lambda: {"n_architectures": 9_344},
                  lambda: {"n_architectures": 7 ** 2 * 16}, lambda: {"n_architectures": 74_752.5}],
    },
    "q4": {
        "right": [lambda: {"q4_answer": "c", **_run(0.921, 0.913)},
                  lambda: {"q4_answer": "c", **_run(0.880, 0.913)},
                  lambda: {"q4_answer": "c", **_run(0.913, 0.913)}],
        "wrong": [lambda: {"q4_answer": "a", **_run(0.921, 0.913)},
                  lambda: {"q4_answer": "b", **_run(0.921, 0.913)},
                  lambda: {"q4_answer": "d", **_run(0.921, 0.913)}],
    },
}
