"""Self-test cases of dfkit.exercises.ch06: right answers pass, typical wrong ones fail."""

from __future__ import annotations

from dfkit.exercises.ch06 import _with, threshold_for_recall

CASES = {
    "q1": {
        "right": [lambda: {"resnet_specificity": 331 / 749}],
        "wrong": [lambda: {"resnet_specificity": 977 / 1000}, lambda: {"resnet_specificity": 418 / 749},
                lambda: {"resnet_specificity": 977 / 1395}, lambda: {"resnet_specificity": 0.5}],
    },
    "q2": {
        "right": [lambda: _with(lambda t: threshold_for_recall(t["y_val"], t["p_val"], 0.95))],
        "wrong": [lambda: _with(lambda t: threshold_for_recall(t["y_test"], t["p_test"], 0.95)), lambda: _with(lambda t: 0.5)],
    },
}
