"""Self-test cases of dfkit.exercises.ch05: right answers pass, typical wrong ones fail."""

from __future__ import annotations

from dfkit.exercises.ch05 import _objective, _toy_trials

CASES = {
    "q1": {
        "right": [lambda: {"auc_objective": _objective("val_auc", "max")}],
        "wrong": [lambda: {"auc_objective": _objective("auc", "max")}, lambda: {"auc_objective": _objective("val_auc", "min")},
                lambda: {"auc_objective": "val_auc"}],
    },
    "q2": {
        "right": [lambda: {"best_trial": "1", "trials": _toy_trials()}],
        "wrong": [lambda: {"best_trial": "2", "trials": _toy_trials()}, lambda: {"best_trial": "0", "trials": _toy_trials()}],
    },
}
