"""Right and wrong answers for chapter 01's exercises (used by tests/test_exercises.py)."""

import numpy as np
import pandas as pd


def _effects(strongest: float, paper_best: float) -> pd.DataFrame:
    """An effect-size table (sorted as eda.effect_sizes sorts) whose blur measure lies
    ``strongest`` from AUC 0.5 and whose best paper similarity lies ``paper_best`` from it."""
    rows = {"sharpness": 0.5 - strongest, "lbp_cos_real": 0.5 + paper_best,
            "edge_invdiff_fake": 0.5 - paper_best / 2, "brightness": 0.52}
    order = sorted(rows, key=lambda n: -abs(rows[n] - 0.5))
    return pd.DataFrame({"auc": [rows[n] for n in order]}, index=order)


def _five_table() -> pd.DataFrame:
    """A ten-image table (five per class) in which a paper similarity separates perfectly."""
    y = [0] * 5 + [1] * 5
    return pd.DataFrame({"y": y, "sharpness": [5, 6, 4, 7, 5, 5, 4, 6, 5, 7],
                         "lbp_cos_fake": [0.1 * i for i in range(10)]})


def _q1(prediction: str, strongest: float, paper_best: float) -> dict:
    return {"q1_prediction": prediction, "effects": _effects(strongest, paper_best),
            "five_table": _five_table()}


def _edges() -> np.ndarray:
    e = np.zeros((10, 10), bool)
    e[3, :] = True
    e[:, 7] = True
    return e


def _cosine(a, b):
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


AUCS = {0: 0.61, 1: 0.88, 2: 0.5, 3: 0.72, 4: 0.95}  # overlaps WEAK in distance from 0.5
STRONG = {0: 0.12, 1: 0.2, 2: 0.32, 3: 0.24, 4: 0.16}  # always further from 0.5 than WEAK
WEAK = {0: 0.4, 1: 0.64, 2: 0.56, 3: 0.48, 4: 0.6}

CASES = {
    "q1": {"right": [lambda: _q1("a", 0.3, 0.15),
                     lambda: _q1("b", 0.3, 0.27),
                     lambda: _q1("b", 0.3, 0.25),
                     lambda: _q1("c", 0.2, 0.25)],
           "wrong": [lambda: _q1("b", 0.3, 0.15),
                     lambda: _q1("c", 0.3, 0.15),
                     lambda: _q1("a", 0.3, 0.27),
                     lambda: _q1("a", 0.2, 0.25)]},
    "q2": {"right": [lambda: {"q2_answer": "b"}],
           "wrong": [lambda: {"q2_answer": "a"}, lambda: {"q2_answer": "c"},
                     lambda: {"q2_answer": "d"}]},
    "q3": {"right": [lambda: {"five_auc_range": 0.45, "five_told_apart": False,
                              "five_aucs": AUCS, "weak_aucs": WEAK},
                     lambda: {"five_auc_range": 0.452, "five_told_apart": False,
                              "five_aucs": AUCS, "weak_aucs": WEAK},
                     lambda: {"five_auc_range": 0.2, "five_told_apart": True,
                              "five_aucs": STRONG, "weak_aucs": WEAK}],
           "wrong": [lambda: {"five_auc_range": 0.0, "five_told_apart": True,
                              "five_aucs": {42: 0.7}, "weak_aucs": {42: 0.5}},
                     lambda: {"five_auc_range": 0.3, "five_told_apart": False,
                              "five_aucs": AUCS, "weak_aucs": WEAK},
                     lambda: {"five_auc_range": 0.95, "five_told_apart": False,
                              "five_aucs": AUCS, "weak_aucs": WEAK},
                     lambda: {"five_auc_range": 0.45, "five_told_apart": True,
                              "five_aucs": AUCS, "weak_aucs": WEAK},
                     lambda: {"five_auc_range": 0.2, "five_told_apart": False,
                              "five_aucs": STRONG, "weak_aucs": WEAK},
                     lambda: {"five_auc_range": 0.2, "five_told_apart": "yes",
                              "five_aucs": STRONG, "weak_aucs": WEAK}]},
    "q4": {"right": [lambda: {"my_cosine": _cosine}],
           "wrong": [lambda: {"my_cosine": lambda a, b: float(a @ b)},
                     lambda: {"my_cosine": lambda a, b: float(a @ b / np.linalg.norm(a))},
                     lambda: {"my_cosine": lambda a, b: abs(_cosine(a, b))},
                     lambda: {"my_cosine": lambda a, b: None},  # forgot `return`
                     lambda: {"my_cosine": 0.9}]},
    "q5": {"right": [lambda: {"sample_density": float(_edges().mean()), "sample_edges": _edges()},
                     lambda: {"sample_density": _edges().mean(), "sample_edges": _edges()}],
           "wrong": [lambda: {"sample_density": int(_edges().sum()), "sample_edges": _edges()},
                     lambda: {"sample_density": 100 * float(_edges().mean()),
                              "sample_edges": _edges()},
                     lambda: {"sample_density": 0.5, "sample_edges": _edges()}]},
}
