"""Self-test cases of dfkit.exercises.ch04: right answers pass, typical wrong ones fail."""

from __future__ import annotations

from dfkit.exercises.ch04 import _reference, _toy_history, _wrong

CASES = {
    "q1": {
        "right": [lambda: {"MyRecallStop": _reference()}],
        "wrong": [lambda: {"MyRecallStop": _wrong(ge=True)}, lambda: {"MyRecallStop": _wrong(key="recall")},
                lambda: {"MyRecallStop": object}],
    },
    "q2": {
        "right": [lambda: {"stop_epoch": 3, "history": _toy_history([0.6, 0.98, 0.99, 1.0])}, lambda: {"stop_epoch": None, "history": _toy_history([0.6, 0.7])}],
        "wrong": [lambda: {"stop_epoch": 2, "history": _toy_history([0.6, 0.98, 0.99, 1.0])},
                lambda: {"stop_epoch": 4, "history": _toy_history([0.6, 0.98, 0.99, 1.0])},
                lambda: {"stop_epoch": 2, "history": _toy_history([0.6, 0.7])}],
    },
}
