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
    hidden_rng,
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
    rng = hidden_rng("ch08.q2")
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
           "3-decimal values: both are accepted). With two families this equals the mean of the "
           "two within-column drops (each column's diagonal cell minus its other cell), so it "
           "compares cells within a column only.",
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


def _high_rings(images):
    return spectrum_features(images)[:, -8:]


def _check_low_freq(low_freq_auc, data, profile, baselines) -> str:
    expected = linear_baseline(data.splits, profile, _low_rings)["all fakes"]
    full = float(baselines.loc["FFT spectrum (32 numbers)", "all fakes"])
    if isinstance(low_freq_auc, (int, float)) and abs(low_freq_auc - full) < 0.0005 < abs(full - expected):
        raise Incorrect("That is the full 32-ring spectrum's ROC-AUC. Keep only the first 8 numbers "
                        "in `my_features` and run the cell again.")
    close(low_freq_auc, expected, decimals=3, what="low_freq_auc")
    # 8 rings against 32 changes the frequencies and the number of features at once: the
    # highest 8 rings, scored here, hold the count fixed
    high = linear_baseline(data.splits, profile, _high_rings)["all fakes"]
    if high - expected > 0.02:
        where = "the highest 8 beat the lowest 8: at equal size, more of the cue lies at high frequencies"
    elif expected - high > 0.02:
        where = "the lowest 8 beat the highest 8: at equal size, more of the cue lies at low frequencies"
    else:
        where = "the lowest and the highest 8 score about the same: neither end carries more of the cue"
    rest = (" Both stay well below all 32, so the middle rings (or the rings together) carry "
            "much of it too." if full - max(high, expected) > 0.02 else "")
    return (f"the lowest 8 rings reach {expected:.3f}, the highest 8 rings {high:.3f} (scored by "
            f"this check with the same model), all 32 rings {full:.3f}. Comparing 8 rings with "
            "32 changes the frequencies and the number of features at once; comparing 8 with 8 "
            f"holds the count fixed, and on your data {where}.{rest}")


q4 = Exercise(
    name="q4",
    prompt="Modify the experiment: in `my_features`, keep only the first 8 of the 32 spectrum numbers "
           "(the lowest frequencies) and run the cell. Store the resulting test ROC-AUC on all "
           "fakes in `low_freq_auc` (3 decimals). The check then also scores the highest 8 rings, "
           "so that low and high frequencies are compared at the same number of features.",
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
Q5_OPTIONS = {
    "a": "The paper's models are the stronger: ROC-AUC usually runs higher than accuracy on the "
         "same scores, so a detector with the paper's accuracy would rank faces better still "
         "than ours.",
    "b": "Little about which models are better: the two differ in metric and in data, and the "
         "paper names no grouping by video, so its test frames may come from videos it trained on.",
    "c": "The gap comes mostly from the data: DFDC's face swaps are harder than the paper's fakes, "
         "so on the paper's own images our copies of its models would score about what it reports.",
    "d": "The gap is mostly training noise: with only three seeds per input, the recorded runs "
         "spread widely enough from seed to seed to reach the paper's number on a luckier draw.",
}

q5 = choice(
    name="q5",
    prompt="The paper reports 90.2% accuracy (its Table I); the course's recorded DFDC runs "
           "report a test ROC-AUC and a balanced accuracy. What can the paper's number and "
           "ours tell about each other? Set "
           "`q5_answer` to 'a', 'b', 'c' or 'd'.",
    variable="q5_answer",
    options=Q5_OPTIONS,
    answer="b",
    feedback={"a": "Neither metric converts into the other: accuracy counts right answers at one "
                   "threshold and depends on the class balance, ROC-AUC judges the ranking over "
                   "every threshold. And even in one metric, the two were measured on different "
                   "faces, split differently: the gap says nothing about the models by itself.",
              "b": "Three things differ at once: the metric, the dataset and, as far as the paper "
                   "says, the split. The paper splits its images by stratified sampling and names "
                   "no grouping by video, and its real frames come from few videos (chapter 00): "
                   "if frames of one video sit on both sides, its 90.2% partly measures "
                   "recognising videos it trained on. No single cause of the gap can be read off.",
              "c": "That names one difference and ignores the other two: the metric, and a split "
                   "that may put frames of one video in both train and test. If it does, the "
                   "paper's number partly measures recognising videos it trained on, which our "
                   "copies, scored on new people, need not match even on the paper's images. "
                   "Neither run measured what our models would score there.",
              "d": "Look at the recorded summary table: the spread over seeds is small next to "
                   "the gap to the paper's number, so seed noise does not explain it. The two "
                   "numbers are different measurements, not two draws of one."},
    hints=("Ask what each number was measured on: which data, which split, which metric; then "
           "check each option against the recorded tables above.",
           "Chapter 00 ('Reading the paper critically', 'Why group-aware?') describes the paper's "
           "split and how few videos its frames come from; benchmarks/README.md gives the DFDC "
           "runs' split."),
)
