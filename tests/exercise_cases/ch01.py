"""Self-test cases of dfkit.exercises.ch01: right answers pass, typical wrong ones fail."""

from __future__ import annotations

import numpy as np

from dfkit.exercises.ch01 import _toy_edges

CASES = {
    "q1": {
        "right": [lambda: {"my_cosine": lambda a, b: float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))}],
        "wrong": [lambda: {"my_cosine": lambda a, b: float(a @ b)},
                lambda: {"my_cosine": lambda a, b: float(a @ b / np.linalg.norm(a))},
                lambda: {"my_cosine": 0.9}],
    },
    "q2": {
        "right": [lambda: {"sample_density": float(_toy_edges().mean()), "sample_edges": _toy_edges()}],
        "wrong": [lambda: {"sample_density": int(_toy_edges().sum()), "sample_edges": _toy_edges()},
                lambda: {"sample_density": 100 * float(_toy_edges().mean()), "sample_edges": _toy_edges()},
                lambda: {"sample_density": 0.5, "sample_edges": _toy_edges()}],
    },
}
