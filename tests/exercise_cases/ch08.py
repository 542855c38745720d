"""Self-test cases of dfkit.exercises.ch08: right answers pass, typical wrong ones fail."""

from __future__ import annotations

from dfkit.exercises.ch08 import CLEAR, NOISY, _M

CASES = {
    "q1": {
        "right": [lambda: {"verdict": "no evidence", "runs": NOISY}, lambda: {"verdict": "helps", "runs": CLEAR}],
        "wrong": [lambda: {"verdict": "helps", "runs": NOISY}, lambda: {"verdict": "no evidence", "runs": CLEAR},
                lambda: {"verdict": "yes", "runs": CLEAR}],
    },
    "q2": {
        "right": [lambda: {"auc_drop": (0.92 + 0.97) / 2 - (0.55 + 0.61) / 2, "matrix": _M}],
        "wrong": [lambda: {"auc_drop": (0.55 + 0.61) / 2 - (0.92 + 0.97) / 2, "matrix": _M},
                lambda: {"auc_drop": 0.92 - 0.55, "matrix": _M}],
    },
}
