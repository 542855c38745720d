"""Chapter 06 exercises: metrics from a confusion matrix, intervals that respect groups, and a
threshold chosen without peeking at test."""

from __future__ import annotations

import functools
import numbers
import sys

import numpy as np

from dfkit.course.exercises import (
    Exercise,
    Incorrect,
    ____,  # noqa: F401 (re-exported: a chapter imports its checkers and the blank in one line)
    _is_sandbox_proxy,
    call_refusing,
    choice,
    close,
    hands_work_to,
    hidden_rng,
    installed_functions,
    keras_metric_functions,
    library_object,
    own_functions,
    prediction,
)
from dfkit.course.readings.ch06 import family_means, larger_family
from dfkit.evaluation.metrics import summary, threshold_for_recall

RESNET = {"tn": 331, "fp": 418, "fn": 23, "tp": 977}  # the paper's Fig 14
CNN = {"tn": 636, "fp": 113, "fn": 58, "tp": 942}  # the paper's Fig 13


def _balanced(tn: int, fp: int, fn: int, tp: int) -> float:
    return (tp / (tp + fn) + tn / (tn + fp)) / 2


def _extra_needed() -> int:
    """The fewest real faces the ResNet-style model must also keep (its fakes unchanged) for its
    balanced accuracy to reach the simple CNN's."""
    real = RESNET["tn"] + RESNET["fp"]
    extra = 0
    while _balanced(RESNET["tn"] + extra, RESNET["fp"] - extra, RESNET["fn"], RESNET["tp"]) \
            < _balanced(**CNN) - 1e-12:
        extra += 1
    assert extra <= real - RESNET["tn"]
    return extra


# --------------------------------------------------------------------------- q1: compute
def _check_extra(extra_real_kept) -> str:
    want = _extra_needed()
    if not isinstance(extra_real_kept, numbers.Real) or isinstance(extra_real_kept, bool):
        raise Incorrect(f"`extra_real_kept` should be a number of faces, got {extra_real_kept!r}.")
    value = float(extra_real_kept)
    gap = CNN["tn"] - RESNET["tn"]
    if value == want:
        return (f"keeping {want} more real faces ({RESNET['tn'] + want} of 749) would do: fewer "
                f"than the {gap} that separate the two models' kept faces, because the "
                "ResNet-style model already catches more fakes, and balanced accuracy weighs "
                "both classes equally, whatever their sizes.")
    if value == gap:
        raise Incorrect(f"{gap} is the whole gap in real faces kept (636 - 331). But the "
                        "ResNet-style model catches more fakes than the simple CNN, and that "
                        "already buys it part of the balanced accuracy: it needs fewer.")
    if value == RESNET["tn"] + want:
        raise Incorrect("That is how many real faces it would keep in all; the question asks how "
                        "many *more* than the 331 it keeps now.")
    if want - 1 < value < want:
        raise Incorrect(f"{value:g} more faces falls just short: the number of faces is whole, "
                        "and the smallest one that reaches the simple CNN's balanced accuracy is "
                        "the next whole number up.")
    if 0 < value < 1:
        raise Incorrect("Give a number of faces (a whole number), not a share.")
    raise Incorrect(f"{value:g} is not it yet. Write the ResNet-style model's balanced accuracy "
                    "with an unknown number of extra real faces kept, set it equal to the "
                    "simple CNN's, and solve.")


q1 = Exercise(
    name="q1",
    prompt="From the paper's confusion matrices (simple CNN, Fig 13: TN 636, FP 113, FN 58, "
           "TP 942; ResNet-style, Fig 14: TN 331, FP 418, FN 23, TP 977): how many more real "
           "faces would the ResNet-style model have to keep as real, catching exactly the same "
           "fakes, for its balanced accuracy to reach the simple CNN's? Store the smallest such "
           "whole number in `extra_real_kept`.",
    names=("extra_real_kept",),
    checker=_check_extra,
    hints=("Balanced accuracy is the mean of recall (on the fakes) and specificity (on the real "
           "faces). If the fakes stay as they are, only specificity can move: how much must it "
           "rise to make up for the difference in the two means?",
           "Compute the simple CNN's balanced accuracy, then the specificity the ResNet-style "
           "model would need next to its own recall; specificity times the number of real faces "
           "gives the real faces kept."),
    kind="compute",
)


# --------------------------------------------------------------------------- q2: implement
def _hidden_cases():
    rng = hidden_rng("ch06.q2")
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


# names that hand the counting or the metric to a library (dfkit's metrics, scikit-learn's,
# pandas' cross tables and normalised counts, which give the per-class rates themselves):
# the exercise asks for the four counts and the two rates. The notebook's own
# `from_confusion`, fed counts the answer made itself, is allowed (it lives in the notebook).
_LIBRARY_NAMES = {"metrics", "summary", "balanced_accuracy_score", "confusion_matrix",
                  "recall_score", "sklearn", "dfkit", "evaluation", "torchmetrics", "keras",
                  "crosstab", "value_counts", "pivot_table", "contingency_matrix",
                  "reliability_bins", "mannwhitneyu", "compute_sample_weight",
                  "compute_class_weight"}
_LIBRARIES = {"dfkit", "sklearn", "torchmetrics", "keras", "tensorflow", "torch"}
# The course's own counting, however reached (report_06 finding 1: base_rates.rates, reached
# by an import built from strings, gave recall and specificity): every function of the
# evaluation modules that count, refused while the answer runs. Copies of the public ones
# are watched for, but not of the chapter's `# @save` cells (`from_confusion`, fed counts the
# answer made, is the route the exercise allows) nor of the private helpers (small enough
# for honest code to match).
# calibration too (report_06 finding 1, r20: reliability_bins, fed the decisions as
# "labels", gave the false-alarm rate and the recall)
_COURSE_MODULES = ("dfkit.evaluation.metrics", "dfkit.evaluation.base_rates",
                   "dfkit.evaluation.error_analysis", "dfkit.evaluation.calibration")
_SAVED = ("from_confusion", "threshold_for_recall")  # the chapter's @save cells


def _course_functions(watched: bool) -> tuple:
    """``(module, names)`` of the functions each evaluation module defines: the public ones
    but the chapter's @save cells (``watched``), or those and the private ones."""
    import importlib

    spec = []
    for name in _COURSE_MODULES:
        own = own_functions(importlib.import_module(name))
        spec.append((name, tuple(n for n in own
                                 if (not n.startswith("_") and n not in _SAVED) == watched)))
    return tuple(spec)


# the library functions that count or score, refused while the answer runs, however it
# reaches them, and copies of their code watched for: (module, names)
REFUSED = (*_course_functions(watched=True),
           ("sklearn.metrics", ("balanced_accuracy_score", "confusion_matrix", "recall_score",
                                "precision_recall_fscore_support", "accuracy_score",
                                "multilabel_confusion_matrix", "classification_report")),
           # the curves count the four cells at every threshold (report_06 finding 2:
           # roc_curve reached by a name built from strings); the counter under roc_curve,
           # det_curve, precision_recall_curve and roc_auc_score is
           # confusion_matrix_at_thresholds (_binary_clf_curve before scikit-learn 1.8)
           ("sklearn.metrics._ranking", ("confusion_matrix_at_thresholds",
                                         "_binary_clf_curve", "roc_curve", "det_curve",
                                         "precision_recall_curve")),
           # a confusion matrix under another name (report_06 finding 1, r20: reached
           # by an import built from strings); defined in cluster._supervised
           ("sklearn.metrics.cluster", ("contingency_matrix", "pair_confusion_matrix")),
           # the U statistic of 0/1 decisions over n1*n0 is their AUC, which is their
           # balanced accuracy (report_06 finding 1, r20)
           ("scipy.stats", ("mannwhitneyu",)),
           # SciPy's own cross table of the four cells, and scikit-learn's "balanced"
           # weights, n / (2 n_class), under which the mean of the correct decisions is
           # balanced accuracy (report_06 finding 1, r22: each reached by getattr or a
           # string-built import); crosstab is defined in scipy.stats._crosstab
           ("scipy.stats.contingency", ("crosstab",)),
           ("sklearn.utils.class_weight", ("compute_sample_weight", "compute_class_weight")),
           ("pandas", ("crosstab", "pivot_table")),
           # what Series.value_counts runs, so an alias of the method is refused too
           ("pandas.core.algorithms", ("value_counts_internal",)))
REFUSED_UNWATCHED = _course_functions(watched=False)
# Libraries with counters of their own that an honest answer never imports: one that the
# answer's call imports hands the work over. Where Keras or TensorFlow is loaded already (the
# chapter's kernel, which trained with them), their counters are refused as they run
# (:func:`_keras_counters`; report_06 finding 2: Keras' TruePositives and the like, reached by
# an import built from strings).
_COUNTING_LIBRARIES = ("keras", "tensorflow", "torch", "torchmetrics", "jax")


@functools.cache
def _keras_functions() -> tuple:
    """Keras' counters: the function under all its confusion metrics
    (``update_confusion_matrix_variables``), every function of ``keras.metrics``, the
    ``update_state`` and ``result`` of its metric classes and of their bases, and
    TensorFlow's ``confusion_matrix``."""
    found = {id(f): f for f in keras_metric_functions()}
    for f in installed_functions((
            ("keras.src.metrics.metrics_utils", ("update_confusion_matrix_variables",)),
            ("tensorflow.python.ops.confusion_matrix", ("confusion_matrix",)))):
        found[id(f)] = f
    return tuple(found.values())


def _keras_counters(answer) -> list:
    """:func:`_keras_functions` where Keras is loaded already, or where the answer runs in the
    grading sandbox (which imports Keras there to refuse them); none otherwise (importing
    Keras takes seconds, and an answer that imports it itself is refused by
    ``_COUNTING_LIBRARIES``)."""
    if "keras" not in sys.modules and not _is_sandbox_proxy(answer):
        return []
    return list(_keras_functions())


def _counting_libraries_loaded() -> set[str]:
    return {name for name in _COUNTING_LIBRARIES if name in sys.modules}


_HANDS_OVER = ("balanced_accuracy_at hands the work to a library (dfkit's `metrics` or "
               "`base_rates` or `calibration`, scikit-learn's `balanced_accuracy_score`, "
               "`confusion_matrix`, `contingency_matrix`, curves or class weights, SciPy's "
               "`mannwhitneyu` or `crosstab`, Keras' metrics, or pandas' `crosstab` or "
               "`value_counts`): the exercise "
               "asks you to turn the probabilities into decisions and count the four cells "
               "yourself, with NumPy comparisons; the notebook's own `from_confusion` may "
               "then turn your counts into the two rates.")


def _check_balanced_accuracy(balanced_accuracy_at) -> None:
    if callable(balanced_accuracy_at) and (
            library_object(balanced_accuracy_at, _LIBRARIES)
            or hands_work_to(balanced_accuracy_at, _LIBRARY_NAMES, _LIBRARIES)):
        raise Incorrect(_HANDS_OVER)
    own = installed_functions(REFUSED_UNWATCHED)
    for y, p, t in _hidden_cases():
        # each once (a function refused twice would get the refusal's code back as its
        # own), and Keras' counters taken again each case: an answer that loaded Keras on
        # the first finds them refused on the next
        refused = list({id(f): f for f in (installed_functions(REFUSED)
                                           + _keras_counters(balanced_accuracy_at))}.values())
        loaded = _counting_libraries_loaded()
        got = call_refusing(balanced_accuracy_at, refused, _HANDS_OVER,
                            y.copy(), p.copy(), t, what="balanced_accuracy_at",
                            unwatched=own)
        if _counting_libraries_loaded() - loaded:  # the answer imported one
            raise Incorrect(_HANDS_OVER)
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
           "an image fake when its probability is >= threshold. Count the four cells yourself "
           "with NumPy (the notebook's own `from_confusion` may turn them into the rates). It "
           "is checked on hidden labels and scores, not only on the chapter's.",
    names=("balanced_accuracy_at",),
    checker=_check_balanced_accuracy,
    hints=("First turn probabilities into decisions, then count the four cells of the confusion "
           "matrix, then average the two rates that each look at one class only.",
           "NumPy comparisons give boolean arrays: `(a & b).sum()` counts where both hold. "
           "Then reuse the formulas of `from_confusion`."),
    kind="implement",
)


# --------------------------------------------------------------------------- q3: predict
Q3_OPTIONS = {"a": "the mean ratio of recall and specificity is the larger on every seed",
              "b": "the mean ratio of precision, F1 and PR-AUC is the larger on every seed",
              "c": "the seeds disagree: which family's mean ratio is larger is within the "
                   "bootstrap's own noise"}
_Q3_WHY = {
    "a": "Recall and specificity each read one class, so only how the model's errors move "
         "together within a group changes their width. Precision, F1 and PR-AUC also move "
         "with the share of fakes in a sample; where every group holds the classes in fixed "
         "numbers, a resample of groups keeps that share, while a resample of images lets it "
         "wander, so those metrics lose a source of variation that the per-class rates never "
         "had.",
    "b": "Where groups hold the classes in uneven numbers (or one class only), a resample of "
         "groups moves the share of fakes more than a resample of images does, and precision, "
         "F1 and PR-AUC move with that share; recall and specificity each read one class and "
         "do not.",
    "c": "Both families widen where the model's errors cluster by group, and the share of "
         "fakes, the one thing that parts them, moved about as much under both resamplings "
         "here: the difference stays within the bootstrap's own noise.",
}


def _q3_why(happened: str, ratios) -> str:
    means = family_means(ratios)
    n = means.shape[1]
    shown = ", ".join(f"×{r:.3f} against ×{s:.3f}" for r, s in means.T.itertuples(index=False))
    return (f"Mean ratio of recall and specificity against that of precision, F1 and PR-AUC, "
            f"on the {n} seeds: {shown}. {_Q3_WHY[happened]}")


q3 = prediction(
    name="q3",
    prompt="Before running the next cell: it computes Model 1's 95% interval for each metric "
           "resampling images and resampling whole groups, and the ratio of the two widths "
           "(group over image), with four bootstrap seeds. Which family of metrics will have "
           "the larger mean ratio: the per-class rates (recall, specificity) or the metrics "
           "that depend on the share of fakes (precision, F1, PR-AUC)? A family counts as "
           "larger only if it is larger on all four seeds. Set `q3_prediction` to 'a', 'b' or "
           "'c'.",
    variable="q3_prediction",
    options=Q3_OPTIONS,
    outcome=larger_family,
    context=("ratios",),
    explanation=_q3_why,
    claims={"a": "recall and specificity have the larger mean ratio on every seed",
            "b": "precision, F1 and PR-AUC have the larger mean ratio on every seed",
            "c": "the seeds disagree"},
    hints=("Which of the eight metrics depend on how many fakes a sample holds, and which "
           "read one class only? Then ask what a resample of images and a resample of whole "
           "groups each do to the number of fakes.",
           "Look at the sentence under the split table: how are real and fake images spread "
           "over the groups? If every group holds the same number of each, what is the share "
           "of fakes in any resample of groups, and in a resample of images?"),
)


# --------------------------------------------------------------------------- q4: modify
def _val_threshold_specificity(target, y_val, val_scores, y_test, test_scores) -> float:
    t = threshold_for_recall(y_val, val_scores["cnn"], target)
    return float(summary(y_test, test_scores["cnn"], t)["specificity"])


def _check_modified(q4_target, q4_specificity, y_val, val_scores, y_test, test_scores) -> str:
    # NaN fails this (abs(nan - x) <= tol is False); np.float32(0.80) passes
    if not (isinstance(q4_target, numbers.Real) and abs(float(q4_target) - 0.80) <= 1e-6):
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
    close(q4_specificity, expected, decimals=3, what="q4_specificity",
          name_rounding=False)
    change = ("kept more real faces" if expected > at_95 else
              "kept no more real faces" if expected == at_95 else "kept fewer real faces")
    return (f"at the 0.80 target Model 1 keeps {expected:.1%} of the real test faces, at the 0.95 "
            f"target {at_95:.1%}: on this run, asking for fewer fakes {change}. "
            + _the_pick(y_val, val_scores["cnn"], 0.80))


def _the_pick(y_val, p_val, target: float) -> str:
    """Where the rule put the threshold for ``target`` on validation, and, when it is not the
    highest threshold still reaching the target, why (report_06 finding 5, r22: at 0.80 it
    chose 0.693, validation recall 0.833, below the highest one, recall 0.800: validation
    precision is not monotone in the threshold)."""
    y, p = np.asarray(y_val).astype(int), np.asarray(p_val, float).ravel()
    fakes = p[y == 1]
    chosen = threshold_for_recall(y, p, target)

    def at(t):  # validation recall and precision at threshold t
        s = summary(y, p, t)
        return s["recall"], s["precision"]

    recall, precision = at(chosen)
    said = (f"The rule chose {chosen:.3f} on validation, where its recall is {recall:.3f} "
            f"({int((fakes >= chosen).sum())} of {len(fakes)} fakes)")
    highest = max(t for t in np.unique(p) if (fakes >= t).mean() >= target)
    if highest <= chosen:
        return said + ": the highest threshold still reaching the target."
    top_recall, top_precision = at(highest)
    return (f"{said}, not the highest threshold still reaching the target ({highest:.3f}, "
            f"recall {top_recall:.3f}): its validation precision, {precision:.3f}, is higher "
            f"than the {top_precision:.3f} there, since precision does not always rise with "
            "the threshold.")


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
           "95% of the test fakes, and reports 'recall 95% on test'. Which statement is right? "
           "Set `q5_answer` to 'a', 'b', 'c' or 'd'.",
    variable="q5_answer",
    # report_06 finding 5: an option that rejects the recall for a wrong reason, so that
    # the slogan "never tune on test" no longer decides between a and b
    options={"a": "Dishonest throughout: the threshold was set on test, so the recall and "
                  "the specificity read at it are both contaminated.",
             "b": "The 95% is fixed by the choice, so any detector would report it; the "
                  "test still gives the specificity at that point of its ROC curve.",
             "c": "Honest once a bootstrap of the test fakes gives it an interval: a recall "
                  "with its interval is a measurement, whatever set the threshold.",
             "d": "The recall counts fakes the model never trained on, so it stands; what "
                  "the choice skews is the specificity read at that threshold."},
    answer="b",
    # the key's own feedback (report_06 finding 4, r22): a point of the test ROC curve,
    # not yet an operating figure, since the test's real faces share groups with the fakes
    feedback={"b": "the choice read only the test fakes, so the 95% tells nothing about the "
                   "detector, while the real faces' scores took no part in it: the "
                   "specificity there is a fair point of the test ROC curve. It is not yet "
                   "a figure a desk can plan on: each test group holds the same people as "
                   "real faces and fakes, so where the fakes put the threshold depends on "
                   "the groups the real faces come from. Fix the threshold before the test, "
                   "on validation, as the threshold table does.",
              "a": "Half of it. The choice read the test fakes (it put the threshold where "
                   "95% of them score above it), so the recall is what it fixed. But it never "
                   "looked at the real faces: whatever they score, the threshold lands in the "
                   "same place, so the share of them it keeps is still a measurement, of that "
                   "threshold on faces the choice never saw.",
              "c": "An interval cannot repair a figure the choice fixed: a bootstrap that keeps "
                   "the threshold measures how 95% of these very fakes scatter, and one that "
                   "picks the threshold again in every draw gets 95% every time. The real "
                   "faces played no part in the choice: their specificity there is a measurement.",
              "d": "The other way round. The choice read the test fakes (it put the threshold "
                   "where 95% of them score above it), so the recall is what it fixed: a much "
                   "worse detector would report the same. The real faces played no part in "
                   "the choice, so their specificity there is a measurement. Training is not "
                   "the only way a split gets used: choosing a setting on it counts too."},
    hints=("Which faces was the threshold chosen on? Would the reported figure be any "
           "different for a much worse detector?",
           "In the threshold table, compare the `val recall` column (the split each threshold "
           "was chosen on) with the test `recall`: why does the first land on the target for "
           "both models, and which way does the second move?"),
)
