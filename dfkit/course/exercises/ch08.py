"""Chapter 08 exercises: reading an ablation against its noise, what a cross-family drop means,
and a frequency baseline changed by the student."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dfkit.course.exercises import (
    Exercise,
    Incorrect,
    ____,  # noqa: F401 (re-exported: a chapter imports its checkers and the blank in one line)
    call_answer,
    choice,
    close,
    prediction,
)
from dfkit.evaluation.ablation import fusion_verdict, linear_baseline, spectrum_features

VERDICTS = ("helps", "hurts", "no evidence")

# --------------------------------------------------------------------------- q1: predict
Q1_OPTIONS = {"a": "the stack helps (the 95% interval of its per-seed gain over RGB lies above 0)",
              "b": "the stack hurts (the 95% interval of its per-seed gain lies below 0)",
              "c": "no evidence either way (the 95% interval of the per-seed gain contains 0)"}


def _q1_why(runs) -> str:
    why = ("The handcrafted channels are computed from the RGB pixels, so they add no new "
           "information, only a different view of it; whether that view helps a small CNN "
           "depends on the data, the resolution and the training budget. With a few seeds the "
           "interval of the paired differences is wide, so only a gain that is consistent "
           "from seed to seed counts. The paper never ran this comparison.")
    best = runs.groupby(["model", "inputs"])["roc_auc"].mean().max()
    if best < 0.6:
        why += (f" On this run every model is near chance (best mean ROC-AUC {best:.3f}), so "
                "the verdict says little about fusion either way.")
    return why


def _q1_outcome(runs) -> str:
    return {"helps": "a", "hurts": "b", "no evidence": "c"}[fusion_verdict(runs, "cnn")]


q1 = prediction(
    name="q1",
    prompt="Before the ablation runs: for Model 1 (CNN), what will the full 6-channel stack do "
           "to test ROC-AUC compared with RGB alone, judged against the seed-to-seed spread? "
           "Set `q1_prediction` to 'a', 'b' or 'c'.",
    variable="q1_prediction",
    options=Q1_OPTIONS,
    outcome=_q1_outcome,
    explanation=lambda happened, runs: _q1_why(runs),
    context=("runs",),
    hints=("Weigh two arguments: the handcrafted channels are computed from the RGB pixels, "
           "yet they present that information in a form a small network may find easier (or "
           "harder) to use. Then ask how wide an interval from two or three paired differences "
           "can be.",
           "With n seeds the interval is the mean difference plus or minus t times its standard "
           "error; t is 12.7 for 2 seeds and 4.3 for 3."),
)


# --------------------------------------------------------------------------- q2: implement
def _hidden_runs():
    """Tables of one model's runs, rows in an order that is not the seed order."""
    rng = np.random.default_rng(8)
    tables = []
    for n, effect in ((3, 0.02), (4, -0.03), (5, 0.0), (3, 0.05)):
        seeds = rng.permutation(np.arange(n) * 7 + 1)  # seeds need not be 0, 1, 2
        level = rng.uniform(0.6, 0.9, n)  # what each seed does to both arms
        rgb = pd.DataFrame({"seed": seeds, "roc_auc": level + rng.normal(0, 0.005, n)})
        stack = pd.DataFrame({"seed": seeds, "roc_auc": level + effect + rng.normal(0, 0.005, n)})
        tables.append((rgb.iloc[rng.permutation(n)].reset_index(drop=True),
                       stack.iloc[rng.permutation(n)].reset_index(drop=True)))
    return tables


def _truth(rgb: pd.DataFrame, stack: pd.DataFrame) -> np.ndarray:
    return (stack.set_index("seed")["roc_auc"] - rgb.set_index("seed")["roc_auc"]).sort_index().to_numpy()


def _check_pairing(paired_gaps) -> None:
    for rgb, stack in _hidden_runs():
        got = call_answer(paired_gaps, rgb.copy(), stack.copy(), what="paired_gaps")
        want = _truth(rgb, stack)
        try:
            values = np.asarray(got, dtype=float).ravel()
        except (TypeError, ValueError):
            raise Incorrect(f"paired_gaps should return one number per seed, got {got!r}.") from None
        if values.shape == want.shape and np.allclose(values, want, atol=1e-12):
            continue
        if values.size == 1:
            raise Incorrect("Return one difference per seed (a list, an array or a Series), not "
                            "their mean: the interval needs every seed's difference.")
        if values.shape == want.shape and np.allclose(values, -want, atol=1e-12):
            raise Incorrect("Wrong sign: the difference is the stack's ROC-AUC minus RGB's.")
        by_row = stack["roc_auc"].to_numpy() - rgb["roc_auc"].to_numpy()
        if values.shape == by_row.shape and (np.allclose(values, by_row) or
                                             np.allclose(np.sort(values), np.sort(by_row))):
            raise Incorrect("You subtracted row by row, but the rows of the two tables are not in "
                            "the same seed order: match each stack run to the RGB run of the "
                            "same seed.")
        if values.shape == want.shape and np.allclose(np.sort(values), np.sort(want)):
            raise Incorrect("The right differences, in the wrong order: sort them by seed.")
        raise Incorrect(f"For hidden runs with seeds {sorted(rgb['seed'])} you returned "
                        f"{np.round(values, 4).tolist()}, expected {np.round(want, 4).tolist()} "
                        "(stack minus RGB, one per seed, in seed order).")


q2 = Exercise(
    name="q2",
    prompt="Write `paired_gaps(rgb, stack)`: given one model's runs on RGB and on the stack (two "
           "tables with columns `seed` and `roc_auc`, rows in any order), return the stack's "
           "ROC-AUC minus RGB's for each seed, in seed order (one number per seed). Checked on "
           "hidden runs.",
    names=("paired_gaps",),
    checker=_check_pairing,
    hints=("A difference is only paired when both runs share their seed: what the seed did to "
           "both arms then cancels. Row positions say nothing about seeds.",
           "Give both tables the seed as their index (`set_index`); pandas then aligns two "
           "Series by index when you subtract them."),
    kind="implement",
)


# --------------------------------------------------------------------------- q3: compute
def _seen_minus_unseen(matrix: pd.DataFrame) -> float:
    seen = np.mean([matrix.loc[f, f] for f in matrix.index if f in matrix.columns])
    unseen = np.mean([matrix.loc[a, b] for a in matrix.index for b in matrix.columns if a != b])
    return float(seen - unseen)


def _check_drop(auc_drop, matrix) -> None:
    expected = _seen_minus_unseen(matrix)
    if isinstance(auc_drop, (int, float)) and abs(auc_drop + expected) < 0.0005 < abs(expected):
        raise Incorrect("Wrong sign: the drop is the seen-family mean minus the unseen-family mean.")
    from_table = _seen_minus_unseen(matrix.astype(float).round(3))  # the heatmap's 3 decimals
    if isinstance(auc_drop, (int, float)) and not isinstance(auc_drop, bool) and abs(
            auc_drop - from_table) <= 0.0005 + 1e-9:
        return
    close(auc_drop, expected, decimals=3, what="auc_drop")


q3 = Exercise(
    name="q3",
    prompt="`matrix` holds test ROC-AUC (rows: the family trained on, columns: the family tested "
           "on). Store the mean ROC-AUC on seen families minus the mean on unseen ones in "
           "`auc_drop`, to 3 decimals (computed from the full values or from the heatmap's "
           "3-decimal values: both are accepted).",
    names=("auc_drop",),
    checker=_check_drop,
    context=("matrix",),
    hints=("A cell is 'seen' when the model was trained on the family it is tested on: where are "
           "those cells in the table?",
           "The diagonal of `matrix.values` (`np.diag`) holds the seen cells; the others are unseen."),
    kind="compute",
)


# --------------------------------------------------------------------------- q4: modify
def _low_rings(images):
    return spectrum_features(images)[:, :8]


def _check_low_freq(low_freq_auc, data, profile, baselines) -> None:
    expected = linear_baseline(data.splits, profile, _low_rings)["all fakes"]
    full = float(baselines.loc["FFT spectrum (32 numbers)", "all fakes"])
    if isinstance(low_freq_auc, (int, float)) and abs(low_freq_auc - full) < 0.0005 < abs(full - expected):
        raise Incorrect("That is the full 32-ring spectrum's ROC-AUC. Keep only the first 8 numbers "
                        "in `my_features` and run the cell again.")
    close(low_freq_auc, expected, decimals=3, what="low_freq_auc")
    return (f"the low rings alone reach {expected:.3f} against {full:.3f} for all 32: "
            + ("most of the cue lies in the high frequencies, where up-sampling leaves its mark."
               if full - expected > 0.02 else "on your data the low frequencies carry most of it."))


q4 = Exercise(
    name="q4",
    prompt="Modify the experiment: in `my_features`, keep only the first 8 of the 32 spectrum numbers "
           "(the lowest frequencies) and run the cell. Store the resulting test ROC-AUC on all "
           "fakes in `low_freq_auc` (3 decimals).",
    names=("low_freq_auc",),
    checker=_check_low_freq,
    context=("data", "profile", "baselines"),
    hints=("The profile runs from the lowest spatial frequency (ring 0) to the highest; "
           "up-sampling artefacts sit at high frequencies.",
           "The function returns one row per image and one column per ring: keep the columns "
           "of the lowest rings with NumPy slicing on the second axis."),
    kind="modify",
)


# --------------------------------------------------------------------------- q5: explain
q5 = choice(
    name="q5",
    prompt="The course's recorded DFDC runs reach a test ROC-AUC far below the paper's 90.2% "
           "accuracy. What is the best reading? Set `q5_answer` to 'a', 'b', 'c' or 'd'.",
    variable="q5_answer",
    options={"a": "The paper's models are better built than the course's copies of them, so its "
                  "number is the right one and ours reflects a mistake in our code.",
             "b": "ROC-AUC and accuracy are on the same 0-to-1 scale, so the difference says the "
                  "paper's models are about 0.2 better on the same kind of faces.",
             "c": "They measure different things: another dataset, and a split the paper "
                  "describes by file, which may put one video on both sides.",
             "d": "Three seeds are far too few to measure a model at all, so the recorded DFDC "
                  "runs cannot tell us anything and only the paper's number counts."},
    answer="c",
    feedback={"a": "The architectures follow the paper's description; what differs is the data and "
                   "how it was split. A score on frames whose video also sits in training measures "
                   "recall of those videos, not detection of new ones.",
              "b": "Accuracy depends on a threshold and on the class balance; ROC-AUC on neither. "
                   "They cannot be subtracted.",
              "d": "Three seeds give a spread that is small next to the gap to the paper; they are "
                   "enough to see that the gap is not seed noise."},
    hints=("Ask what each number was measured on: which data, which split, which metric.",
           "Chapter 00 discusses file-level and group-level splits; benchmarks/README.md gives the "
           "DFDC runs' split."),
)
