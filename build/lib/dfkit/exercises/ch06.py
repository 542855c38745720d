"""Chapter 06 exercises: what Table I hides, and choosing a threshold without peeking at test."""

from __future__ import annotations

import numpy as np

from dfkit.exercises import Exercise, Incorrect, close
from dfkit.metrics import threshold_for_recall

RESNET = {"tn": 331, "fp": 418, "fn": 23, "tp": 977}  # the paper's Fig 14


def _check_specificity(resnet_specificity) -> None:
    expected = RESNET["tn"] / (RESNET["tn"] + RESNET["fp"])
    hints = {RESNET["tp"] / (RESNET["tp"] + RESNET["fn"]): "That is recall (fakes caught). Specificity is about the real faces.",
             RESNET["fp"] / (RESNET["tn"] + RESNET["fp"]): "That is the false-positive rate: the real faces called fake. "
                                                            "Specificity is its complement.",
             RESNET["tp"] / (RESNET["tp"] + RESNET["fp"]): "That is precision. Specificity = TN / (TN + FP)."}
    for value, message in hints.items():
        if isinstance(resnet_specificity, float) and abs(resnet_specificity - value) < 1e-3:
            raise Incorrect(message)
    close(resnet_specificity, expected, tol=1e-3, what="resnet_specificity")


q1 = Exercise(
    name="q1",
    prompt="From the paper's ResNet-style confusion matrix (TN 331, FP 418, FN 23, TP 977), compute its specificity: "
           "the share of real faces it calls real. Store it in `resnet_specificity`.",
    names=("resnet_specificity",),
    checker=_check_specificity,
    hint_text="Specificity = TN / (TN + FP): the real faces kept, out of all real faces.",
    solution_text="resnet_specificity = 331 / (331 + 418)   # 0.44: more than half of real faces called fake",
    right=[lambda: {"resnet_specificity": 331 / 749}],
    wrong=[lambda: {"resnet_specificity": 977 / 1000}, lambda: {"resnet_specificity": 418 / 749},
           lambda: {"resnet_specificity": 977 / 1395}, lambda: {"resnet_specificity": 0.5}],
)


def _check_threshold(chosen_threshold, y_val, p_val, y_test, p_test) -> None:
    expected = threshold_for_recall(y_val, p_val, 0.95)
    on_test = threshold_for_recall(y_test, p_test, 0.95)
    peeked = isinstance(chosen_threshold, (int, float)) and abs(chosen_threshold - on_test) < 1e-9
    if peeked and abs(on_test - expected) > 1e-9:
        raise Incorrect("That threshold was chosen on the *test* split. Choose it on validation (y_val, p_val), "
                        "then apply it to test: otherwise the test recall is no longer an honest estimate.")
    close(chosen_threshold, expected, tol=1e-9, what="chosen_threshold")


def _toy():
    rng = np.random.default_rng(0)
    y_val, y_test = rng.integers(0, 2, 80), rng.integers(0, 2, 80)
    return {"y_val": y_val, "p_val": np.clip(0.4 * y_val + 0.6 * rng.random(80), 0, 1),
            "y_test": y_test, "p_test": np.clip(0.4 * y_test + 0.6 * rng.random(80), 0, 1)}


def _with(answer_fn):
    toy = _toy()
    return {**toy, "chosen_threshold": answer_fn(toy)}


q2 = Exercise(
    name="q2",
    prompt="Choose the decision threshold that reaches 95% recall with the best precision, honestly. Store it in "
           "`chosen_threshold`.",
    names=("chosen_threshold",),
    context=("y_val", "p_val", "y_test", "p_test"),
    checker=_check_threshold,
    hint_text="dfkit.metrics.threshold_for_recall(labels, probabilities, 0.95): which split may you look at?",
    solution_text="chosen_threshold = metrics.threshold_for_recall(y_val, p_val, 0.95)",
    right=[lambda: _with(lambda t: threshold_for_recall(t["y_val"], t["p_val"], 0.95))],
    wrong=[lambda: _with(lambda t: threshold_for_recall(t["y_test"], t["p_test"], 0.95)), lambda: _with(lambda t: 0.5)],
)
