"""Chapter 08 exercises: reading an ablation against its noise, what a cross-family drop means,
and a frequency baseline changed by the student."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dfkit.course.exercises import (
    Exercise,
    Incorrect,
    ____,  # noqa: F401 (re-exported: a chapter imports its checkers and the blank in one line)
    _as_key,
    call_refusing,
    choice,
    close,
    hands_work_to,
    hidden_rng,
    library_object,
    prediction,
    unwrap_scalar,
)
from dfkit.evaluation import ablation as _ablation
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
    """Tables of one model's runs, rows in an order that is not the seed order; in the
    last pair both tables share one shuffled order (pandas then keeps it when it
    subtracts, so an answer that never sorts returns the gaps out of seed order)."""
    rng = hidden_rng("ch08.q2")
    tables = []
    for n, effect in ((3, 0.02), (4, -0.03), (5, 0.0), (3, 0.05), (4, 0.01)):
        seeds = rng.permutation(np.arange(n) * 7 + 1)  # seeds need not be 0, 1, 2
        level = rng.uniform(0.6, 0.9, n)  # what each seed does to both arms
        rgb = pd.DataFrame({"seed": seeds, "roc_auc": level + rng.normal(0, 0.005, n)})
        stack = pd.DataFrame({"seed": seeds, "roc_auc": level + effect + rng.normal(0, 0.005, n)})
        if len(tables) == 4:  # one shared order, not the seed order
            order = np.array([2, 0, 3, 1])
            tables.append((rgb.iloc[order].reset_index(drop=True),
                           stack.iloc[order].reset_index(drop=True)))
        else:
            tables.append((rgb.iloc[rng.permutation(n)].reset_index(drop=True),
                           stack.iloc[rng.permutation(n)].reset_index(drop=True)))
    return tables


def _truth(rgb: pd.DataFrame, stack: pd.DataFrame) -> np.ndarray:
    return (stack.set_index("seed")["roc_auc"] - rgb.set_index("seed")["roc_auc"]).sort_index().to_numpy()


# the course's own pairing: the exercise asks for it to be written, not called
_REFUSED = ("paired_differences", "paired_table", "fusion_verdict")
_LIBRARY_NAMES = {"ablation", *_REFUSED}
_LIBRARIES = {"dfkit"}
_HANDS_OVER = ("paired_gaps hands the work to pairing code the course already wrote "
               "(`ablation.paired_differences`, another of its pairing functions, or this "
               "check's own reference): the exercise asks you to match the runs by seed "
               "yourself, with pandas, on the two tables it is given.")


def _check_pairing(paired_gaps) -> None:
    if callable(paired_gaps) and (library_object(paired_gaps, _LIBRARIES)
                                  or hands_work_to(paired_gaps, _LIBRARY_NAMES, _LIBRARIES)):
        raise Incorrect(_HANDS_OVER)
    refused = [getattr(_ablation, name) for name in _REFUSED]
    for rgb, stack in _hidden_runs():
        # the check's reference refuses too, however it is reached (its code is the
        # honest answer's, so copies of it are not watched for)
        got = call_refusing(paired_gaps, refused, _HANDS_OVER, rgb.copy(), stack.copy(),
                            what="paired_gaps", unwatched=[_truth])
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
        shared = rgb["seed"].tolist() == stack["seed"].tolist()
        if shared and values.shape == want.shape and np.allclose(np.sort(values), np.sort(want)):
            raise Incorrect("The right differences, in the wrong order: here both tables list "
                            f"the seeds in one order, {rgb['seed'].tolist()}, and pandas keeps "
                            "that order when the two indexes already match (it sorts only "
                            "when they differ). Sort the result by seed (`sort_index()`).")
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
           "Series by index when you subtract them, but it sorts the result only when the two "
           "indexes differ in order, so sort it by seed yourself (`sort_index()`)."),
    kind="implement",
)


# --------------------------------------------------------------------------- q3: compute
def _by_column(matrix: pd.DataFrame) -> dict[str, float]:
    """Each column's diagonal cell minus the mean of that column's other cells."""
    return {f: float(matrix.loc[f, f] - matrix.loc[matrix.index != f, f].mean())
            for f in matrix.columns}


def _by_row(matrix: pd.DataFrame) -> dict[str, float]:
    """The mistake: each row's diagonal cell minus the other cells of that row."""
    return {f: float(matrix.loc[f, f] - matrix.loc[f, matrix.columns != f].mean())
            for f in matrix.index}


def _by_row_unseen(matrix: pd.DataFrame) -> dict[str, float]:
    """The same mistake keyed by the family the row's model never saw: for each tested
    family g, the other rows' own-family cell minus their cell on g."""
    return {g: float(np.mean([matrix.loc[f, f] - matrix.loc[f, g]
                              for f in matrix.index if f != g]))
            for g in matrix.columns}


def _matches(got: dict, want: dict) -> bool:
    return all(abs(got[f] - want[f]) <= 0.0005 + 1e-9 for f in want)


def _either(got: dict, matrix: pd.DataFrame, reading) -> bool:
    """``got`` matches ``reading`` of the matrix, exact or from its 3 shown decimals."""
    return _matches(got, reading(matrix)) or _matches(got, reading(matrix.round(3)))


def _check_drops(family_drops, matrix) -> str:
    families = list(matrix.columns)
    if not isinstance(family_drops, (dict, pd.Series)):
        raise Incorrect("family_drops should be a dict (or a Series) with one number per "
                        f"fake family: {families}.")
    got = dict(family_drops)
    if sorted(map(str, got)) != sorted(families):
        raise Incorrect(f"family_drops has the keys {sorted(map(str, got))}; it needs one "
                        f"per fake family: {families}.")
    try:
        got = {f: float(unwrap_scalar(got[f])) for f in families}
    except (TypeError, ValueError):
        raise Incorrect("Each value of family_drops should be one number.") from None
    matrix = matrix.astype(float)
    want = _by_column(matrix)
    if _either(got, matrix, _by_column):
        mean = np.mean(list(want.values()))
        return ("A column is one test set, scored by the model that saw its family and by "
                "the one that did not; a row's two cells are one model on two different "
                "test sets, and one family may simply be easier to detect than the other, "
                f"whatever the model saw. Their mean, {mean:.3f}, is the mean of the seen cells minus the mean "
                "of the unseen ones. In a 2 × 2 matrix the mean of the two within-row "
                "differences gives that same number, so the mean alone cannot tell the "
                "two readings apart; the per-column values can, and they say which "
                "family's test set a model scores worse when it never saw that family.")
    if _matches(got, {f: -d for f, d in want.items()}) and any(
            abs(d) > 0.0005 for d in want.values()):
        raise Incorrect("Wrong sign: a drop is positive when the detector scores lower "
                        "on a family it never trained on, so each entry is the score of "
                        "the model that saw the family minus that of the model that did "
                        "not; a negative entry is a rise.")
    if _either(got, matrix, _by_row) or _either(got, matrix, _by_row_unseen):
        raise Incorrect("You compared the cells of a row: one model (the `trained on` "
                        "label) scored on two different test sets. That difference "
                        "measures how much easier one family's test set is for that "
                        "model than the other's, so a family that is simply easier to "
                        "detect, whatever the model saw, counts as a drop.")
    off = [f for f in families if abs(got[f] - want[f]) > 0.0005 + 1e-9]
    raise Incorrect(f"The value for {' and '.join(off)} is not right yet: which two "
                    "cells of the matrix compare a detector that saw that family with "
                    "one that did not, and nothing else? (checked to 3 decimals)")


q3 = Exercise(
    name="q3",
    prompt="How much does Model 1 lose on a fake family it never trained on? Store in "
           "`family_drops` a dict keyed by fake family: that family's drop, positive "
           "when not having seen the family costs the detector, to 3 decimals. The "
           "matrix offers two comparisons, within a row or within a column; which one "
           "measures that loss, and nothing else, is for you to decide from its labels; "
           "the check then says why.",
    names=("family_drops",),
    checker=_check_drops,
    context=("matrix",),
    hints=("Ask what differs between the two cells you compare: the model, the test "
           "set, or both. A fair measure of what not seeing a family costs changes only "
           "what the model saw.",
           "`matrix.loc[trained, tested]` reads one cell; `matrix.index != f` selects the "
           "rows not named f."),
    kind="compute",
)


# --------------------------------------------------------------------------- q4: modify
def _low_rings(images):  # ring 0 is 0 for every image (the mean is subtracted)
    return spectrum_features(images)[:, 1:9]


def _first_columns(images):  # the slip: 7 informative rings; ring 0 (always 0)
    return spectrum_features(images)[:, :8]  # adds nothing, so [:, 1:8] ties it


def _high_rings(images):
    return spectrum_features(images)[:, -8:]


def _middle_rings(images):  # rings 12 to 19: between the two ends, 8 as well
    return spectrum_features(images)[:, 12:20]


Q4_PREDICTIONS = {"a": "the 8 lowest rings that hold energy score higher",
                  "b": "the 8 highest rings score higher",
                  "c": "the two score about the same (within 0.02)"}


def _check_low_freq(q4_prediction, low_freq_auc, data, profile, baselines) -> str:
    guess = _as_key(q4_prediction, Q4_PREDICTIONS, "q4_prediction")
    expected = linear_baseline(data.splits, profile, _low_rings)["all fakes"]
    full = float(baselines.loc["FFT spectrum (32 numbers)", "all fakes"])
    if isinstance(low_freq_auc, (int, float)) and abs(low_freq_auc - full) < 0.0005 < abs(full - expected):
        raise Incorrect("That is the full 32-ring spectrum's ROC-AUC. Keep only the 8 lowest "
                        "rings that hold energy in `my_features` and run the cell again.")
    if isinstance(low_freq_auc, (int, float)) and abs(low_freq_auc - expected) >= 0.0005:
        first = linear_baseline(data.splits, profile, _first_columns)["all fakes"]
        if abs(low_freq_auc - first) < 0.0005:
            raise Incorrect("That score is what 7 rings that hold energy give, not 8: "
                            "ring 0 is 0 for every face (the image mean is subtracted), so "
                            "rings 0 to 7 and rings 1 to 7 score the same. Keep all eight "
                            "of rings 1 to 8, and mind that a slice leaves out its stop.")
    close(low_freq_auc, expected, decimals=3, what="low_freq_auc", name_rounding=False)
    # 8 rings against 32 changes the frequencies and the number of features at once: the
    # highest 8 rings, scored here, hold the count fixed
    high = linear_baseline(data.splits, profile, _high_rings)["all fakes"]
    if high - expected > 0.02:
        happened, where = "b", ("at equal size, the high end carries more of the cue "
                                "than the low")
    elif expected - high > 0.02:
        happened, where = "a", ("at equal size, the low end carries more of the cue "
                                "than the high")
    else:
        happened, where = "c", "neither end carries more of the cue"
    matched = (f"Your prediction ({guess}) is recorded, not graded: "
               + ("it matched what happened." if guess == happened else
                  f"({happened}) happened instead; that is how predictions teach. "
                  "Compare the spectrum figure's right panel with the rings you kept."))
    # the middle 8, where a deficit between the ends would sit (report 08, finding 5)
    middle = linear_baseline(data.splits, profile, _middle_rings)["all fakes"]
    best = max(high, expected)
    rest = (" The middle 8 score above both ends: more of the cue lies between them."
            if middle - best > 0.02 else
            " Both ends and the middle stay well below all 32, so the rings together "
            "carry more than any 8 of them." if full - max(best, middle) > 0.02 else "")
    return (f"rings 1 to 8 reach {expected:.3f}, the middle 8 (rings 12 to 19) "
            f"{middle:.3f}, the highest 8 rings {high:.3f} (both scored by this check "
            f"with the same model), all 32 rings {full:.3f}: ({happened}) "
            f"{Q4_PREDICTIONS[happened]}, so {where}. {matched} Comparing 8 rings with 32 "
            "changes the frequencies and the number of features at once; comparing 8 with 8 "
            f"holds the count fixed.{rest}")


q4 = Exercise(
    name="q4",
    prompt="Which end of the spectrum carries more of the cue? First guess from the "
           "spectrum figure, in "
           "`q4_prediction`, which 8 rings a logistic regression can use better: (a) the 8 "
           "lowest rings that hold energy (rings 1 to 8; ring 0 is the mean, removed), (b) "
           "the 8 highest (the last 8 rings, 24 to 31), (c) neither (within 0.02). The "
           "prediction is recorded, not graded: only `low_freq_auc` is checked. Then "
           "change `my_features` to keep only rings 1 to 8, run it, and store its test "
           "ROC-AUC on all fakes in `low_freq_auc` (3 decimals); the check scores the 8 "
           "highest rings, and the middle 8 (rings 12 to 19), itself.",
    names=("q4_prediction", "low_freq_auc"),
    checker=_check_low_freq,
    context=("data", "profile", "baselines"),
    hints=("The profile runs from the lowest spatial frequency to the highest; the reading "
           "under the spectrum figure says which ring holds no energy, and where each "
           "family's deficit lies.",
           "`my_features` returns one row per image and one column per ring: NumPy slicing "
           "on the second axis (`array[:, start:stop]`) keeps a range of columns."),
    kind="modify",
)


# --------------------------------------------------------------------------- q5: explain
Q5_OPTIONS = {
    "a": "Yes: Model 1 on RGB plus LBP sits less than 12 of its SDs below the paper's "
         "number, so more seeds of Model 1 could plausibly land there.",
    "b": "No way to tell: the recorded runs predate chapter 04's batch-norm fix, so "
         "their SDs do not measure Model 1's seed noise as the paper built it.",
    "c": "No: Model 1 on RGB and Model 1 on the stack each sit far more than 12 of their "
         "SDs below the paper's number.",
    "d": "No: for Model 1 on RGB and on the stack, the 95% Student-t interval of the "
         "mean over the 3 seeds stays far below the paper's number.",
    "e": "No: Model 1 on RGB plus LBP, the noisiest of its rows, sits more than 12 of its "
         "SDs below the paper's number, so no input's seed noise could reach it.",
    "f": "Yes: Model 1 on RGB and Model 1 on the stack each sit less than 12 of their "
         "SDs below the paper's number, so another seed could land there.",
}

q5 = choice(
    name="q5",
    prompt="The paper reports 90.2% accuracy for Model 1, the simple CNN (its Table I), "
           "on its test set of 749 real and 1,000 fake faces; from the paper's counts "
           "its balanced accuracy is 89.56% (chapter 06), so class balance explains "
           "little of the gap to the recorded DFDC runs' balanced accuracy. Could seed "
           "noise explain that gap, that is, could a run of the paper's model with "
           "another seed plausibly score the paper's number? With section 2's caution: "
           "for 3 seeds the true SD may be up to about 6 times the measured one, and one "
           "run lands within about 2 true SDs of the mean (95%). Read the "
           "balanced-accuracy columns of section 1's recorded summary table and set "
           "`q5_answer` to the statement whose reasoning holds: 'a' to 'f'.",
    variable="q5_answer",
    options=Q5_OPTIONS,
    answer="c",
    feedback={"a": "The arithmetic holds for that one row: Model 1 on RGB plus LBP has "
                   "an SD near 0.064 and a mean near 0.572, about 0.32 below 0.896, and "
                   "12 times 0.064 is about 0.77. But seed noise varies only the seed of "
                   "one configuration, and the paper's Model 1 saw RGB or the full "
                   "6-channel stack (section 1), never RGB plus LBP alone, so that row "
                   "is not the paper's model. Its wide SD also comes from one seed that "
                   "fell (to about 0.50, against about 0.60 and 0.62), not one that rose.",
              "b": "The batch-norm fix changes only Model 2, the model with batch "
                   "normalisation: Model 1 has none, and section 1 says its recorded "
                   "rows stand as they are. So Model 1's SDs do measure its seed noise, "
                   "and they are small: near 0.009 on RGB and 0.002 on the stack.",
              "c": "The rows for the inputs the paper's Model 1 saw (RGB or the full "
                   "stack; section 1) lie about 0.27 (RGB) and 0.26 (the stack) below "
                   "0.896, while even 12 times their SDs is about 0.11 and 0.02: another "
                   "seed would not close that. What the tables cannot rule out are the "
                   "causes no run varied: the data, the split, the resolution and the "
                   "training budget.",
              "d": "The conclusion holds, but not by that yardstick: the interval of a "
                   "3-seed mean says where the mean over many seeds could lie, while "
                   "the paper's 90.2% is one model's run, and a single run strays about "
                   "√3 times further than a mean of 3. It also takes the SD as "
                   "measured, where the question allows it to be 6 times larger; the "
                   "yardstick for one run is about 2 true SDs, up to 12 measured ones, "
                   "against the gap.",
              "e": "The yardstick is right, but not the arithmetic: Model 1 on RGB plus "
                   "LBP has a mean near 0.572, about 0.32 below 0.896, while 12 times its "
                   "SD (near 0.064) is about 0.77, so it sits well within 12 of its SDs. "
                   "Nor is it the row to read: the paper's Model 1 saw RGB or the full "
                   "6-channel stack (section 1), never RGB plus LBP alone.",
              "f": "The rows and the yardstick are right, but not the arithmetic: Model 1 "
                   "on RGB lies about 0.27 below 0.896 and on the stack about 0.26, "
                   "while 12 times their SDs (near 0.009 and 0.002) is only about 0.11 "
                   "and 0.02. That is about 30 and over 100 of their SDs, so another seed "
                   "would not close the gap."},
    hints=("Seed noise explains the gap only if a run of the paper's own configuration "
           "(its model and its inputs) could land there with another seed, even with "
           "an SD 6 times the measured one (one run within about 2 such SDs). Which rows stand for that configuration, "
           "and is the question about a mean or about one run?",
           "For Model 1 on RGB and on the stack, compare 12 times the balanced accuracy's "
           "SD with 0.896 minus its mean."),
)
