"""Chapter 05 exercises: the tuner's objective, and picking a trial from a results table."""

from __future__ import annotations

import pandas as pd

from dfkit.exercises import Exercise, Incorrect


def _check_objective(auc_objective) -> None:
    import keras_tuner as kt

    if not isinstance(auc_objective, kt.Objective):
        raise Incorrect("auc_objective should be a keras_tuner.Objective(name, direction).")
    if auc_objective.name != "val_auc":
        raise Incorrect(f"The name should be 'val_auc' (the validation AUC), got {auc_objective.name!r}. "
                        "Without 'val_' the tuner would score trials on training data.")
    if auc_objective.direction != "max":
        raise Incorrect("A higher AUC is better: direction='max'.")


def _objective(name, direction):
    import keras_tuner as kt

    return kt.Objective(name, direction=direction)


q1 = Exercise(
    name="q1",
    prompt="Create the better objective: maximise the validation ROC-AUC. Store the keras_tuner.Objective in `auc_objective`.",
    names=("auc_objective",),
    checker=_check_objective,
    hint_text="kt.Objective('val_...', direction='...')",
    solution_text="auc_objective = kt.Objective('val_auc', direction='max')",
    right=[lambda: {"auc_objective": _objective("val_auc", "max")}],
    wrong=[lambda: {"auc_objective": _objective("auc", "max")}, lambda: {"auc_objective": _objective("val_auc", "min")},
           lambda: {"auc_objective": "val_auc"}],
)


def _check_best(best_trial, trials) -> None:
    done = trials[trials["status"] == "COMPLETED"]
    expected = done.loc[done["score"].idxmax(), "trial"]
    if str(best_trial) != str(expected):
        raise Incorrect(f"Trial {best_trial} is not the completed trial with the highest score. "
                        "Sort `trials` by 'score' (higher is better for a 'max' objective).")


def _toy_trials() -> pd.DataFrame:
    return pd.DataFrame({"trial": ["0", "1", "2"], "score": [0.71, 0.83, 0.64], "status": ["COMPLETED"] * 3})


q2 = Exercise(
    name="q2",
    prompt="`trials` is the table of the AUC search. Store the id (the 'trial' column) of the best completed trial in `best_trial`.",
    names=("best_trial",),
    context=("trials",),
    checker=_check_best,
    hint_text="trials.sort_values('score', ascending=False) puts the best first; or use idxmax.",
    solution_text="best_trial = trials.loc[trials['score'].idxmax(), 'trial']",
    right=[lambda: {"best_trial": "1", "trials": _toy_trials()}],
    wrong=[lambda: {"best_trial": "2", "trials": _toy_trials()}, lambda: {"best_trial": "0", "trials": _toy_trials()}],
)
