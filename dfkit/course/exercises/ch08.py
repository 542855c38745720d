"""Chapter 08 exercises: reading an ablation against its noise, what a cross-family drop means,
and a frequency baseline changed by the student."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dfkit.course.exercises import Exercise, Incorrect, call_answer, choice, close, prediction
from dfkit.evaluation.ablation import fusion_verdict, linear_baseline, spectrum_features, verdict

VERDICTS = ("helps", "hurts", "no evidence")

# --------------------------------------------------------------------------- q1: predict
Q1_OPTIONS = {"a": "the stack helps (its mean is higher by more than twice the seed spread)",
              "b": "the stack hurts (lower by more than twice the seed spread)",
              "c": "no evidence either way (the gap is within twice the seed spread)"}


def _q1_why(runs) -> str:
    why = ("The handcrafted channels are computed from the RGB pixels, so they add no new "
           "information, only a different view of it; whether that view helps a small CNN "
           "depends on the data, the resolution and the training budget, and with a few seeds "
           "only a gap larger than the spread between seeds counts. The paper never ran this "
           "comparison.")
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
           "harder) to use. Then ask how big a gap must be to beat the seed-to-seed spread.",
           "The rule: the gap between mean ROC-AUCs against twice the larger standard deviation "
           "over seeds (the `std` columns of `ablation.summarise`)."),
)


# --------------------------------------------------------------------------- q2: implement
def _hidden_cases():
    rng = np.random.default_rng(8)
    cases = [([0.80, 0.81, 0.80], [0.90, 0.91, 0.905]),   # clearly helps
             ([0.90, 0.91, 0.905], [0.80, 0.81, 0.80]),   # clearly hurts
             ([0.80, 0.86, 0.83], [0.84, 0.79, 0.88]),    # noisy: no evidence
             ([0.70, 0.72, 0.71], [0.727, 0.728, 0.729])]  # "helps" only with ddof=0
    for _ in range(6):
        base = rng.uniform(0.5, 0.9)
        n = int(rng.integers(3, 6))
        cases.append((list(base + rng.normal(0, 0.02, n)),
                      list(base + rng.normal(rng.choice([-0.08, 0, 0.08]), 0.02, n))))
    return cases


def _check_rule(fusion_rule) -> None:
    for rgb, stack in _hidden_cases():
        want = verdict(pd.Series(rgb), pd.Series(stack))
        got = call_answer(fusion_rule, np.array(rgb), np.array(stack), what="fusion_rule")
        if got not in VERDICTS:
            raise Incorrect(f"fusion_rule should return one of {VERDICTS}, got {got!r}.")
        if got == want:
            continue
        gap = np.mean(stack) - np.mean(rgb)
        biased = 2 * max(np.std(rgb), np.std(stack))
        if got == ("helps" if gap > biased else "hurts" if gap < -biased else "no evidence"):
            raise Incorrect("Use the sample standard deviation (ddof=1, pandas' default): with 3 seeds "
                            "NumPy's default (ddof=0) makes the spread look smaller than it is.")
        raise Incorrect(f"For RGB {np.round(rgb, 3).tolist()} and stack {np.round(stack, 3).tolist()} "
                        f"you returned {got!r}, expected {want!r}: compare the gap between the means "
                        f"({gap:+.3f}) with twice the larger of the two standard deviations.")


q2 = Exercise(
    name="q2",
    prompt="The bar: twice the larger of the two inputs' sample standard deviations over seeds "
           "(ddof=1). Write `fusion_rule(rgb, stack)`: given the per-seed ROC-AUCs of the two "
           "inputs (arrays), return 'helps' when the stack's mean exceeds RGB's by more than the "
           "bar, 'hurts' when it falls short by more than the bar, else 'no evidence'. Checked on "
           "hidden runs.",
    names=("fusion_rule",),
    checker=_check_rule,
    hints=("Two numbers decide: the gap between the means, and the noise (the larger spread over "
           "seeds, doubled). Three outcomes: above +noise, below -noise, in between.",
           "`np.mean`, and `np.std(..., ddof=1)` for the sample standard deviation."),
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
    options={"a": "The paper's models are better than the course's, so its number is right and ours "
                  "is wrong.",
             "b": "The numbers measure different things: another dataset, and a split the paper "
                  "describes file by file, which may put frames of one video on both sides; neither "
                  "confirms nor refutes the other.",
             "c": "ROC-AUC and accuracy are the same scale, so the paper's models are about 0.2 better.",
             "d": "Three seeds are too few to measure anything, so the DFDC runs tell nothing."},
    answer="b",
    feedback={"a": "The architectures follow the paper's description; what differs is the data and "
                   "how it was split. A score on frames whose video also sits in training measures "
                   "recall of those videos, not detection of new ones.",
              "c": "Accuracy depends on a threshold and on the class balance; ROC-AUC on neither. "
                   "They cannot be subtracted.",
              "d": "Three seeds give a spread that is small next to the gap to the paper; they are "
                   "enough to see that the gap is not seed noise."},
    hints=("Ask what each number was measured on: which data, which split, which metric.",
           "Chapter 00 discusses file-level and group-level splits; benchmarks/README.md gives the "
           "DFDC runs' split."),
)
