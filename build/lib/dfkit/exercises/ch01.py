"""Chapter 01 exercises: the paper's similarity measures, by hand."""

from __future__ import annotations

import numpy as np

from dfkit.exercises import Exercise, Incorrect, call_answer, close

_A = np.array([1.0, 2.0, 0.0, 3.0])
_B = np.array([2.0, 1.0, 1.0, 3.0])


def _check_cosine(my_cosine) -> None:
    cases = [(_A, _B), (_A, 3 * _A), (np.array([1.0, 0.0]), np.array([0.0, 1.0])), (_A, -_A)]
    for a, b in cases:
        expected = float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))
        got = call_answer(my_cosine, a, b, what=f"my_cosine({a.tolist()}, {b.tolist()})")
        if np.isclose(got, float(a @ b)) and not np.isclose(expected, float(a @ b)):
            raise Incorrect("That is the dot product: divide it by the two vectors' lengths (norms).")
        close(got, expected, tol=1e-6, what=f"my_cosine({a.tolist()}, {b.tolist()})")


q1 = Exercise(
    name="q1",
    prompt="Write `my_cosine(a, b)`: the cosine similarity of two 1-D vectors (the paper's histogram measure).",
    names=("my_cosine",),
    checker=_check_cosine,
    hint_text="cos(a, b) = (a · b) / (|a| |b|); numpy has a @ b and np.linalg.norm.",
    solution_text="def my_cosine(a, b):\n    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))",
    right=[lambda: {"my_cosine": lambda a, b: float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))}],
    wrong=[lambda: {"my_cosine": lambda a, b: float(a @ b)},
           lambda: {"my_cosine": lambda a, b: float(a @ b / np.linalg.norm(a))},
           lambda: {"my_cosine": 0.9}],
)


def _check_density(sample_density, sample_edges) -> None:
    edges = np.asarray(sample_edges, bool)
    count = int(edges.sum())
    if isinstance(sample_density, (int, np.integer)) and int(sample_density) == count and count > 1:
        raise Incorrect("That is the number of edge pixels; edge density is their *share* of all pixels.")
    try:
        close(sample_density, float(edges.mean()), tol=1e-9, what="sample_density")
    except Incorrect:
        if isinstance(sample_density, (int, float)) and abs(sample_density - 100 * edges.mean()) < 1e-6:
            raise Incorrect("Give the density as a fraction between 0 and 1, not a percentage.") from None
        raise


def _toy_edges() -> np.ndarray:
    e = np.zeros((10, 10), bool)
    e[3, :] = True
    e[:, 7] = True
    return e


q2 = Exercise(
    name="q2",
    prompt="`sample_edges` is one image's Canny edge map (True on edges). Store its edge density in `sample_density`.",
    names=("sample_density",),
    context=("sample_edges",),
    checker=_check_density,
    hint_text="Edge density = edge pixels / all pixels. The mean of a boolean array is exactly that.",
    solution_text="sample_density = sample_edges.mean()",
    right=[lambda: {"sample_density": float(_toy_edges().mean()), "sample_edges": _toy_edges()}],
    wrong=[lambda: {"sample_density": int(_toy_edges().sum()), "sample_edges": _toy_edges()},
           lambda: {"sample_density": 100 * float(_toy_edges().mean()), "sample_edges": _toy_edges()},
           lambda: {"sample_density": 0.5, "sample_edges": _toy_edges()}],
)
