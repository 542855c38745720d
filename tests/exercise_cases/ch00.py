"""Self-test cases of dfkit.exercises.ch00: right answers pass, typical wrong ones fail."""

from __future__ import annotations

from dfkit.exercises.ch00 import _toy_data

CASES = {
    "q1": {
        "right": [lambda: {"always_fake_accuracy": 1000 / 1749}],
        "wrong": [lambda: {"always_fake_accuracy": 0.5}, lambda: {"always_fake_accuracy": 1.0},
                lambda: {"always_fake_accuracy": 57.2}, lambda: {"always_fake_accuracy": "0.57"}],
    },
    "q2": {
        "right": [lambda: {"n_test_groups": 3, "data": _toy_data()}],
        "wrong": [lambda: {"n_test_groups": 6, "data": _toy_data()}, lambda: {"n_test_groups": 2, "data": _toy_data()},
                lambda: {"n_test_groups": "3", "data": _toy_data()}],
    },
}
