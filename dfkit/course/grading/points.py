"""Points per exercise: a default per kind, which an instructor edits here or overrides.

``--points points.json`` holds ``{"implement": 4, "03.q2": 5}``: kinds set the default of
every exercise of that kind, ``CHAPTER.qN`` one exercise. Points are earned when the status is
"correct", except a prediction (any committed prediction: the rubric rewards predicting before
running) and a *written* answer, which a person scores (0 in the automatic total).
"""

from __future__ import annotations

import json
from pathlib import Path

from dfkit.exceptions import DfkitError

DEFAULT_POINTS: dict[str, float] = {
    "implement": 3,   # a function, checked on hidden cases
    "compute": 2,     # a number from the chapter's data
    "predict": 1,     # say what will happen, then run: an honest wrong prediction earns it too
    "modify": 2,      # change the experiment, report your run (+1 by hand for the reading)
    "explain": 2,     # multiple choice with per-option feedback
    "written": 3,     # free text: read and scored by the instructor
}
# Which statuses earn the points (default: "correct" only). A prediction is scored for
# committing before the run; a written answer is scored by a person (nothing automatic).
EARNED_WHEN: dict[str, tuple[str, ...]] = {"predict": ("correct", "incorrect"), "written": ()}


class PointsError(DfkitError):
    """The points file cannot be read."""


def load(path: Path | None) -> dict[str, float]:
    """The default table updated with the instructor's file (kinds and ``CH.qN`` keys)."""
    table = dict(DEFAULT_POINTS)
    if path is None:
        return table
    try:
        extra = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PointsError(f"{path}: {exc}. Write a JSON object such as "
                          '{"implement": 4, "03.q2": 5}.') from None
    bad = {k: v for k, v in extra.items() if not isinstance(v, (int, float)) or v < 0}
    if not isinstance(extra, dict) or bad:
        raise PointsError(f"{path}: points must be non-negative numbers, not {bad}.")
    table.update(extra)
    return table


def possible(table: dict[str, float], chapter: str, exercise: str, kind: str) -> float:
    """The points exercise ``chapter.exercise`` is worth."""
    return float(table.get(f"{chapter}.{exercise}", table.get(kind, 1)))


def earned(table: dict[str, float], chapter: str, exercise: str, kind: str, status: str) -> float:
    """The points ``status`` earns (see :data:`EARNED_WHEN`); written answers wait for a person."""
    if status not in EARNED_WHEN.get(kind, ("correct",)):
        return 0.0
    return possible(table, chapter, exercise, kind)
