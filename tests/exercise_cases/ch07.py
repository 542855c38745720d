"""Self-test cases of dfkit.exercises.ch07: right answers pass, typical wrong ones fail."""

from __future__ import annotations

from dfkit.exercises.ch07 import _toy

CASES = {
    "q1": {
        "right": [lambda: {"fake_error_rate": 0.25, "results": _toy()}],
        "wrong": [lambda: {"fake_error_rate": 3 / 8, "results": _toy()}, lambda: {"fake_error_rate": 1, "results": _toy()},
                lambda: {"fake_error_rate": 0.75, "results": _toy()}],
    },
    "q2": {
        "right": [lambda: {"first_five": ["f0.jpg", "f4.jpg", "f5.jpg"], "results": _toy()}],
        "wrong": [lambda: {"first_five": ["f5.jpg", "f4.jpg", "f0.jpg"], "results": _toy()},
                lambda: {"first_five": ["f0.jpg", "f1.jpg", "f2.jpg"], "results": _toy()}],
    },
}
