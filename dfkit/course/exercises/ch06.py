"""Chapter 06 exercises: metrics from a confusion matrix, intervals that respect groups, and a
threshold chosen without peeking at test."""

from __future__ import annotations

import numpy as np

from dfkit.course.exercises import Exercise, Incorrect, call_answer, choice, close, prediction
from dfkit.evaluation.metrics import summary, threshold_for_recall

RESNET = {"tn": 331, "fp": 418, "fn": 23, "tp": 977}  # the paper's Fig 14


# --------------------------------------------------------------------------- q1: compute
def _check_specificity(resnet_specificity) -> None:
    tn, fp, fn, tp = RESNET["tn"], RESNET["fp"], RESNET["fn"], RESNET["tp"]
    look_alikes = {tp / (tp + fn): "That is recall (fakes caught). Specificity is about the real faces.",
                   fp / (tn + fp): "That is the false-positive rate: the real faces called fake. "
                                   "Specificity is its complement.",
                   tp / (tp + fp): "That is precision: how many of the faces called fake were fake. "
                                   "Specificity looks only at the real faces."}
    if isinstance(resnet_specificity, (int, float)) and not isinstance(resnet_specificity, bool):
        for value, message in look_alikes.items():
            if abs(resnet_specificity - value) < 0.005:
                raise Incorrect(message)
        if resnet_specificity > 1:
            raise Incorrect("Give a share between 0 and 1 (0.44, not 44).")
    close(resnet_specificity, tn / (tn + fp), decimals=2, what="resnet_specificity")


q1 = Exercise(
    name="q1",
    prompt="From the paper's ResNet-style confusion matrix (TN 331, FP 418, FN 23, TP 977), compute "
           "its specificity: the share of real faces it calls real. Store it in "
           "`resnet_specificity` (2 decimals are enough).",
    names=("resnet_specificity",),
    checker=_check_specificity,
    hints=("Specificity looks only at the real faces: of all the real faces, how many were kept "
           "as real? Which two of the four counts are real faces?",
           "The real faces are the true negatives and the false positives; `from_confusion` above "
           "shows the formula under the name `specificity`."),
    kind="compute",
)


# --------------------------------------------------------------------------- q2: implement
def _hidden_cases():
    rng = np.random.default_rng(61)
    cases = []
    for n in (12, 57, 200):
        y = rng.integers(0, 2, n)
        y[:2] = (0, 1)  # both classes present
        p = np.clip(0.35 * y + 0.65 * rng.random(n), 0, 1)
        cases.append((y, p, 0.5))
    y = np.array([0, 0, 1, 1, 1, 0])
    cases.append((y, np.array([0.2, 0.4, 0.4, 0.9, 0.4, 0.7]), 0.4))  # scores equal to the threshold
    cases.append((np.array([1, 1, 1, 0]), np.array([0.9, 0.8, 0.7, 0.6]), 0.65))
    return cases


def _check_balanced_accuracy(balanced_accuracy_at) -> None:
    for y, p, t in _hidden_cases():
        got = call_answer(balanced_accuracy_at, y.copy(), p.copy(), t, what="balanced_accuracy_at")
        want = summary(y, p, t)
        try:
            value = float(got)
        except (TypeError, ValueError):
            raise Incorrect(f"balanced_accuracy_at should return one number, got {got!r}.") from None
        if abs(value - want["balanced_accuracy"]) < 1e-9:
            continue
        strict = summary(y, p, np.nextafter(t, 1))["balanced_accuracy"]
        if abs(value - strict) < 1e-9:
            raise Incorrect(f"Wrong when a score equals the threshold ({t}): a score at the threshold "
                            "counts as 'fake' (use >=, as the course does).")
        if abs(value - want["accuracy"]) < 1e-9:
            raise Incorrect("That is plain accuracy. Balanced accuracy averages recall (on the fakes) "
                            "and specificity (on the real faces).")
        if abs(value - want["recall"]) < 1e-9 or abs(value - want["specificity"]) < 1e-9:
            raise Incorrect("That is only one of the two rates: average recall and specificity.")
        raise Incorrect(f"On a hidden test ({len(y)} images, threshold {t}) you returned {value:.4f}, "
                        f"expected {want['balanced_accuracy']:.4f}.")


q2 = Exercise(
    name="q2",
    prompt="Write `balanced_accuracy_at(y_true, p_fake, threshold)`: the balanced accuracy of calling "
           "an image fake when its probability is >= threshold. It is checked on hidden labels and "
           "scores, not only on the chapter's.",
    names=("balanced_accuracy_at",),
    checker=_check_balanced_accuracy,
    hints=("First turn probabilities into decisions, then count the four cells of the confusion "
           "matrix, then average the two rates that each look at one class only.",
           "NumPy comparisons give boolean arrays: `(a & b).sum()` counts where both hold. "
           "Then reuse the formulas of `from_confusion`."),
    kind="implement",
)


# --------------------------------------------------------------------------- q3: predict
def _width(table) -> float:
    row = table.loc["balanced_accuracy"]
    return float(row["high"] - row["low"])


def _which_is_wider(by_image, by_group) -> str:
    """(a) more than 10% wider, (c) more than 10% narrower, (b) in between: the ratio
    groups / images, as the chapter prints it."""
    images, groups = _width(by_image), _width(by_group)
    if images == 0:  # a model that gives every face the same answer: no spread at all
        return "b" if groups == 0 else "a"
    ratio = groups / images
    return "a" if ratio > 1.1 else "c" if ratio < 0.9 else "b"


Q3_OPTIONS = {"a": "the group interval is clearly wider (more than 10% wider)",
              "b": "both have about the same width (within 10%)",
              "c": "the group interval is clearly narrower (more than 10% narrower)"}
_Q3_WHY = {
    "a": "Images of one identity share a face, a light and a camera, so their errors move "
         "together: the test split holds fewer independent pieces of evidence than images. "
         "Resampling whole groups shows that; resampling images pretends every image is new "
         "evidence.",
    "b": "The two come out alike when each group holds few images or the model's errors do not "
         "cluster by identity. With a handful of groups the group bootstrap is itself rough, so "
         "'alike' on one run is weak evidence either way.",
    "c": "Resampling groups should not, in expectation, give a narrower interval: identities "
         "make errors move together. With only a handful of groups the group bootstrap is "
         "itself unreliable (few distinct resamples, each redrawn when it lacks a class), so "
         "on a small split it can come out narrower by chance. Trust neither width much here.",
}


def _q3_why(happened: str, by_image, by_group) -> str:
    return (f"Widths {_width(by_image):.3f} by image, {_width(by_group):.3f} by group. "
            f"{_Q3_WHY[happened]}")


q3 = prediction(
    name="q3",
    prompt="Before running the next cell: the cell computes Model 1's 95% interval for balanced "
           "accuracy twice, once resampling images and once resampling whole groups (identities). "
           "Which will you see? Set `q3_prediction` to 'a', 'b' or 'c'.",
    variable="q3_prediction",
    options=Q3_OPTIONS,
    outcome=_which_is_wider,
    context=("by_image", "by_group"),
    explanation=_q3_why,
    hints=("Ask how many independent pieces of evidence the test split holds: images, or groups of "
           "images that share an identity?",
           "Look at the split table of `data.splits`: how many groups does the test split have, "
           "and how many images per group?"),
)


# --------------------------------------------------------------------------- q4: modify
def _val_threshold_specificity(target, y_val, val_scores, y_test, test_scores) -> float:
    t = threshold_for_recall(y_val, val_scores["cnn"], target)
    return float(summary(y_test, test_scores["cnn"], t)["specificity"])


def _check_modified(q4_target, q4_specificity, y_val, val_scores, y_test, test_scores) -> str:
    if not isinstance(q4_target, (int, float)) or abs(q4_target - 0.80) > 1e-9:
        raise Incorrect(f"`q4_target` is {q4_target!r}: set it to 0.80, choose Model 1's threshold "
                        "for that recall on validation, and score the test split at it.")
    expected = _val_threshold_specificity(0.80, y_val, val_scores, y_test, test_scores)
    at_95 = _val_threshold_specificity(0.95, y_val, val_scores, y_test, test_scores)
    others = {"Model 1 at the 0.95 target": at_95,
              "Model 1 at the 0.5 threshold": summary(y_test, test_scores["cnn"], 0.5)["specificity"]}
    if isinstance(q4_specificity, (int, float)) and abs(q4_specificity - expected) > 0.0005:
        for what, value in others.items():
            if abs(q4_specificity - value) < 0.0005:
                raise Incorrect(f"That is the specificity of {what}. Use the threshold chosen on "
                                "validation for 80% recall.")
    close(q4_specificity, expected, decimals=3, what="q4_specificity")
    change = ("kept more real faces" if expected > at_95 else
              "kept no more real faces" if expected == at_95 else "kept fewer real faces")
    return (f"at the 0.80 target Model 1 keeps {expected:.1%} of the real test faces, at the 0.95 "
            f"target {at_95:.1%}: on this run, asking for fewer fakes {change}.")


q4 = Exercise(
    name="q4",
    prompt="Modify the experiment, in the exercise cell (the threshold cell above stays as it is): "
           "set `q4_target = 0.80`, choose Model 1's (cnn) threshold for that recall on "
           "validation, and store its test specificity at that threshold in `q4_specificity` "
           "(3 decimals).",
    names=("q4_target", "q4_specificity"),
    checker=_check_modified,
    context=("y_val", "val_scores", "y_test", "test_scores"),
    hints=("Asking for fewer fakes caught lets the threshold rise: fewer real faces get called "
           "fake. Repeat the two steps of the threshold cell for Model 1 only: choose on "
           "validation, score on test.",
           "`metrics.threshold_for_recall` on the validation labels and scores gives the "
           "threshold; `metrics.summary` on the test labels and scores at that threshold gives "
           "the `specificity`."),
    kind="modify",
)


# --------------------------------------------------------------------------- q5: explain
q5 = choice(
    name="q5",
    prompt="A colleague picks, on the test split, the threshold at which Model 1 catches exactly "
           "95% of the test fakes, and reports 'recall 95% on test'. What is wrong with that "
           "report? Set `q5_answer` to 'a', 'b', 'c' or 'd'.",
    variable="q5_answer",
    options={"a": "Nothing: the threshold is applied to the same images the recall is measured on.",
             "b": "The threshold was fitted to the test set's own scores, so 95% is what it was "
                  "tuned to reach there; on new faces the recall will usually be lower.",
             "c": "Thresholds other than 0.5 are not allowed for a probability output.",
             "d": "Recall cannot be measured on a test set with fewer than 1,000 fakes."},
    answer="b",
    feedback={"a": "Measuring on the images you tuned on is the problem: the number describes the "
                   "tuning, not what the detector will do on faces it has not seen.",
              "c": "Any threshold is allowed; 0.5 is only a default. The problem is *where* it was chosen.",
              "d": "A small test set gives a wide interval, not an impossible measurement. The problem "
                   "is that the threshold was chosen on the test set itself."},
    hints=("A number measured on the data a choice was made on describes the choice, not the future.",
           "Compare the chapter's validation-chosen thresholds with the recall they reach on test."),
)
