"""Chapter 08 exercises: reading an ablation with its noise, and what a cross-family drop means."""

from __future__ import annotations

import pandas as pd

from dfkit.exercises import Exercise, Incorrect


def fusion_verdict(runs: pd.DataFrame, model: str = "cnn", metric: str = "roc_auc") -> str:
    """'helps', 'hurts' or 'no evidence': stack vs RGB, judged against the seed-to-seed spread."""
    rows = runs[runs["model"] == model]
    rgb = rows.loc[rows["inputs"] == "rgb", metric]
    stack = rows.loc[rows["inputs"].str.startswith("stack"), metric]
    gap = stack.mean() - rgb.mean()
    noise = 2 * max(rgb.std(ddof=1), stack.std(ddof=1), 1e-9)
    return "helps" if gap > noise else "hurts" if gap < -noise else "no evidence"


def _check_verdict(verdict, runs) -> None:
    allowed = ("helps", "hurts", "no evidence")
    if verdict not in allowed:
        raise Incorrect(f"verdict must be one of {allowed}, got {verdict!r}.")
    expected = fusion_verdict(runs)
    if verdict != expected:
        rows = runs[runs["model"] == "cnn"]
        rgb = rows.loc[rows["inputs"] == "rgb", "roc_auc"]
        stack = rows.loc[rows["inputs"].str.startswith("stack"), "roc_auc"]
        raise Incorrect(f"Compare the gap between the means (stack {stack.mean():.3f} vs RGB {rgb.mean():.3f}) with "
                        f"the spread across seeds (std {stack.std(ddof=1):.3f} and {rgb.std(ddof=1):.3f}): "
                        "a gap within about two standard deviations is no evidence either way.")


def _runs(rgb, stack) -> pd.DataFrame:
    rows = [{"model": "cnn", "inputs": "rgb", "seed": i, "roc_auc": v} for i, v in enumerate(rgb)]
    rows += [{"model": "cnn", "inputs": "stack (all 6)", "seed": i, "roc_auc": v} for i, v in enumerate(stack)]
    return pd.DataFrame(rows)


NOISY = _runs([0.80, 0.86, 0.83], [0.84, 0.79, 0.88])
CLEAR = _runs([0.80, 0.81, 0.80], [0.90, 0.91, 0.905])

q1 = Exercise(
    name="q1",
    prompt="From the CNN rows of `runs` (ROC-AUC per seed), does fusing the handcrafted channels help? Set `verdict` "
           "to 'helps', 'hurts' or 'no evidence', judging the gap between means against the seed-to-seed spread.",
    names=("verdict",),
    context=("runs",),
    checker=_check_verdict,
    hint_text="Compute mean and std of roc_auc for inputs 'rgb' and 'stack (all 6)'. Is the gap bigger than ~2 std?",
    solution_text="verdict = dfkit.exercises.ch08.fusion_verdict(runs)   # or by hand from the means and stds",
    right=[lambda: {"verdict": "no evidence", "runs": NOISY}, lambda: {"verdict": "helps", "runs": CLEAR}],
    wrong=[lambda: {"verdict": "helps", "runs": NOISY}, lambda: {"verdict": "no evidence", "runs": CLEAR},
           lambda: {"verdict": "yes", "runs": CLEAR}],
)


def _check_drop(auc_drop, matrix) -> None:
    import numpy as np

    diag = np.mean([matrix.loc[f, f] for f in matrix.index])
    off = np.mean([matrix.loc[a, b] for a in matrix.index for b in matrix.columns if a != b])
    expected = diag - off
    if isinstance(auc_drop, (int, float)) and abs(auc_drop + expected) < 1e-9 and expected != 0:
        raise Incorrect("Wrong sign: the drop is seen-family AUC minus unseen-family AUC.")
    if not isinstance(auc_drop, (int, float)) or abs(auc_drop - expected) > 1e-6:
        raise Incorrect("Average the diagonal (trained and tested on the same family) and the off-diagonal cells "
                        "(unseen family), then subtract.")


_M = pd.DataFrame({"faceswap": [0.92, 0.61], "gan": [0.55, 0.97]}, index=pd.Index(["faceswap", "gan"], name="trained on"))

q2 = Exercise(
    name="q2",
    prompt="`matrix` holds test ROC-AUC (rows: family trained on, columns: family tested on). Store the mean AUC on "
           "the seen family minus the mean AUC on the unseen one in `auc_drop`.",
    names=("auc_drop",),
    context=("matrix",),
    checker=_check_drop,
    hint_text="The diagonal is 'seen'; the other cells are 'unseen'. np.diag(matrix) gives the diagonal.",
    solution_text="import numpy as np\nseen = np.diag(matrix).mean()\nunseen = (matrix.values.sum() - np.trace(matrix.values)) / "
                  "(matrix.size - len(matrix))\nauc_drop = seen - unseen",
    right=[lambda: {"auc_drop": (0.92 + 0.97) / 2 - (0.55 + 0.61) / 2, "matrix": _M}],
    wrong=[lambda: {"auc_drop": (0.55 + 0.61) / 2 - (0.92 + 0.97) / 2, "matrix": _M},
           lambda: {"auc_drop": 0.92 - 0.55, "matrix": _M}],
)
