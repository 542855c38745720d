"""Right and wrong answers for chapter 05's exercises (read by tests/test_exercises.py)."""

from __future__ import annotations

import pandas as pd


def _objective(name, direction):
    import keras_tuner as kt

    return kt.Objective(name, direction=direction)


def _comparison(recall_spec, auc_spec):
    return pd.DataFrame({"objective val_recall": {"specificity": recall_spec, "recall": 1.0},
                         "objective val_auc": {"specificity": auc_spec, "recall": 0.8}})


CASES = {
    "q1": {
        "right": [lambda: {"auc_objective": _objective("val_auc", "max")},
                  lambda: {"auc_objective": "val_auc"}],  # the form the chapter shows
        "wrong": [lambda: {"auc_objective": _objective("auc", "max")},
                  lambda: {"auc_objective": _objective("val_auc", "min")},
                  lambda: {"auc_objective": _objective("val_recall", "max")},
                  lambda: {"auc_objective": "auc"}, lambda: {"auc_objective": "val_recall"},
                  lambda: {"auc_objective": 0.9}],
    },
    "q2": {
        "right": [lambda: {"q2_prediction": "a", "comparison": _comparison(0.05, 0.7)},
                  lambda: {"q2_prediction": "b", "comparison": _comparison(0.70, 0.72)},
                  lambda: {"q2_prediction": "c", "comparison": _comparison(0.9, 0.6)}],
        "wrong": [lambda: {"q2_prediction": "b", "comparison": _comparison(0.05, 0.7)},
                  lambda: {"q2_prediction": "a", "comparison": _comparison(0.70, 0.72)}],
    },
    "q3": {
        "right": [lambda: {"n_architectures": 74_752}],
        "wrong": [lambda: {"n_architectures": 65_536}, lambda: {"n_architectures": 384},
                  lambda: {"n_architectures": 4_672}, lambda: {"n_architectures": 9_344},
                  lambda: {"n_architectures": 7 ** 2 * 16}, lambda: {"n_architectures": 74_752.5}],
    },
    "q4": {
        "right": [lambda: {"q4_answer": "a"}],
        "wrong": [lambda: {"q4_answer": "b"}, lambda: {"q4_answer": "c"},
                  lambda: {"q4_answer": "d"}],
    },
}
