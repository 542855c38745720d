"""Self-test cases of dfkit.course.exercises.ch10: right answers pass, typical wrong ones fail."""

from __future__ import annotations

import numpy as np

from dfkit.evaluation.base_rates import cost_threshold, rates


def _scores() -> dict:
    """Validation and test scores where the thresholds for a miss costing 20 and 100, and the
    one a peek at test would choose, all differ (seed 4)."""
    rng = np.random.default_rng(4)
    y_val, y_test = rng.integers(0, 2, 200), rng.integers(0, 2, 200)
    return {"y_val": y_val, "y_test": y_test,
            "p_val": np.clip(0.35 * y_val + 0.65 * rng.random(200), 0, 1),
            "p_test": np.clip(0.35 * y_test + 0.65 * rng.random(200), 0, 1),
            "deploy_prevalence": 0.01, "cost_fp": 1}


def _q3(cost_fn: float = 100, choose_on: str = "val", recall_on: str = "test",
        recall_shift: float = 0.0, direction: str = "down"):
    ctx = _scores()
    t = cost_threshold(ctx[f"y_{choose_on}"], ctx[f"p_{choose_on}"], 0.01, 1, cost_fn)
    recall = rates(ctx[f"y_{recall_on}"], ctx[f"p_{recall_on}"], t)[0] + recall_shift
    return {**ctx, "threshold_costly_miss": t, "recall_costly_miss": recall,
            "direction_costly_miss": direction}


def _break_even(fn):
    return lambda: {"break_even_prevalence": fn}


_Q2 = {"mean_seen": 0.8, "mean_unseen": 0.4, "auc_seen": 0.9}


CASES = {
    "q1": {
        "right": [lambda: {"q1_prediction": "c", "ours_precision": 0.04},
                  lambda: {"q1_prediction": "(C)", "ours_precision": float("nan")},
                  lambda: {"q1_prediction": "b", "ours_precision": 0.3},
                  lambda: {"q1_prediction": "a", "ours_precision": 0.7}],
        "wrong": [lambda: {"q1_prediction": "a", "ours_precision": 0.04},
                  lambda: {"q1_prediction": "b", "ours_precision": 0.017},
                  lambda: {"q1_prediction": "e", "ours_precision": 0.04},
                  lambda: {"q1_prediction": 3, "ours_precision": 0.04}],
    },
    "q2": {
        "right": [_break_even(lambda r, s: (1 - s) / (r + 1 - s)),
                  _break_even(lambda r, s: np.divide(1 - s, 1 - s + r))],
        "wrong": [_break_even(lambda r, s: r / (r + 1 - s)),  # the real share
                  _break_even(lambda r, s: (1 - s) / r),  # odds, not a share
                  _break_even(lambda r, s: s / (r + s)),  # specificity for its complement
                  # arrays collapsed to one number
                  _break_even(lambda r, s: float(np.mean((1 - s) / (r + 1 - s)))),
                  _break_even(lambda r, s: 1 / 0),  # a bug: reported, not crashed
                  _break_even(0.36)],  # not a function
    },
    "q3": {
        "right": [lambda: _q3(), lambda: _q3(recall_shift=0.004)],
        "wrong": [lambda: _q3(cost_fn=20), lambda: _q3(choose_on="test"),
                  lambda: _q3(recall_on="val"), lambda: _q3(recall_shift=0.05),
                  lambda: {**_q3(), "threshold_costly_miss": "0.5"},
                  lambda: _q3(direction="up"), lambda: _q3(direction="sideways")],
    },
    "q4": {
        "right": [lambda: {"real_flags_per_fake": 570.6}, lambda: {"real_flags_per_fake": 571},
                  lambda: {"real_flags_per_fake": np.float64(570.64)}],
        "wrong": [lambda: {"real_flags_per_fake": 56.5},  # 1 in 100, the chapter's example
                  lambda: {"real_flags_per_fake": 571.6},  # every flag, the fake included
                  lambda: {"real_flags_per_fake": 1 / 570.6},  # turned round
                  lambda: {"real_flags_per_fake": 0.0017},  # the precision
                  lambda: {"real_flags_per_fake": 331 / 749 * 999 / 0.977},  # specificity
                  lambda: {"real_flags_per_fake": 1000},
                  lambda: {"real_flags_per_fake": "571"}],
    },
    "q5": {
        "right": [lambda: {"q5_answer": "d"}, lambda: {"q5_answer": " D "}],
        "wrong": [lambda: {"q5_answer": "a"}, lambda: {"q5_answer": "b"},
                  lambda: {"q5_answer": "c"}, lambda: {"q5_answer": "z"},
                  lambda: {"q5_answer": 4}],
    },
}
