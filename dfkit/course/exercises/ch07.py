"""Chapter 07 exercises: error rates by class, what a count with grouped intervals can tell, and
what a heatmap cannot."""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from dfkit import config
from dfkit.course.exercises import (
    Exercise,
    Incorrect,
    ____,  # noqa: F401 (re-exported: a chapter imports its checkers and the blank in one line)
    call_refusing,
    choice,
    close,
    hidden_rng,
    installed_functions,
    judge_choice,
    own_functions,
    prediction,
)
from dfkit.evaluation.error_analysis import rate_differences
from dfkit.evaluation.metrics import newcombe_difference


# --------------------------------------------------------------------------- q1: implement
def _hidden_tables():
    rng = hidden_rng("ch07.q1")
    tables = []
    for n, real_err, fake_err in ((10, 0.5, 0.2), (40, 0.1, 0.4), (75, 0.3, 0.3)):
        y = rng.permutation(np.r_[np.zeros(n // 2, int), np.ones(n - n // 2, int)])
        wrong = np.where(y == 0, rng.random(n) < real_err, rng.random(n) < fake_err)
        tables.append(pd.DataFrame({"file": [f"img{i}.jpg" for i in range(n)], "y": y, "wrong": wrong,
                                    "p_fake": rng.random(n)}, index=rng.permutation(n) + 100))
    return tables


def _course_counting() -> tuple:
    """``(module, names)`` of every public function of the course's counting modules: each
    would do the exercise's one step for it (report 22, finding 5: error_rate_difference
    against a dummy row of no errors gave each class's rate)."""
    import importlib

    return tuple((name, tuple(n for n in own_functions(importlib.import_module(name))
                              if not n.startswith("_")))
                 for name in ("dfkit.evaluation.metrics", "dfkit.evaluation.error_analysis"))


# the course's own counting and scikit-learn's, which would do the exercise's one step for it
# (report 22, finding 5: confusion_matrix with normalize="true" and recall_score passed)
REFUSED = (*_course_counting(),
           ("sklearn.metrics", ("confusion_matrix", "recall_score", "precision_score",
                                "accuracy_score", "balanced_accuracy_score",
                                "precision_recall_fscore_support", "zero_one_loss",
                                "hamming_loss", "multilabel_confusion_matrix",
                                "classification_report")))
_HANDS_OVER = ("error_rates_by_class hands the counting to a metric library (dfkit's "
               "`metrics` or `error_analysis`, scikit-learn's metrics): the exercise "
               "asks you to select each class's rows yourself, with a boolean mask on `y`, "
               "and average its `wrong` column (pandas or NumPy).")


def _check_by_class(error_rates_by_class) -> None:
    for table in _hidden_tables():
        got = call_refusing(error_rates_by_class, installed_functions(REFUSED), _HANDS_OVER,
                            table.copy(), what="error_rates_by_class")
        if not isinstance(got, dict) or set(got) != {"real", "fake"}:
            raise Incorrect(f"error_rates_by_class should return a dict with keys 'real' and 'fake', "
                            f"got {got!r}.")
        want = {"real": table.loc[table["y"] == 0, "wrong"].mean(),
                "fake": table.loc[table["y"] == 1, "wrong"].mean()}
        if not all(isinstance(v, numbers.Real) for v in got.values()):
            raise Incorrect(f"error_rates_by_class should return two numbers, got {got!r}.")
        value = {k: float(v) for k, v in got.items()}
        if all(abs(value[k] - want[k]) < 1e-9 for k in want):
            continue
        if abs(value["real"] - want["fake"]) < 1e-9 and abs(value["fake"] - want["real"]) < 1e-9:
            raise Incorrect("The two classes are swapped: y == 0 is real, y == 1 is fake.")
        pooled = table["wrong"].mean()
        if any(abs(v - pooled) < 1e-9 for v in value.values()) and want["real"] != want["fake"]:
            raise Incorrect("That is the error rate over all images. Keep one class at a time.")
        # what is wrong, not the expected rates: those would let a lookup table pass
        sizes = {"real": int((table["y"] == 0).sum()), "fake": int((table["y"] == 1).sum())}
        kind = {"real": "real faces", "fake": "fakes"}
        off = [k for k in want if not abs(value[k] - want[k]) < 1e-9]
        said = "; ".join(f"your '{k}' is {value[k]:.4f}, which as a share of its "
                         f"{sizes[k]} {kind[k]} would be {value[k] * sizes[k]:.1f} of them "
                         "wrong, but that is not how many of them are" for k in off)
        raise Incorrect(f"On a hidden table of {len(table)} images ({sizes['real']} real faces, "
                        f"{sizes['fake']} fakes), {said}. Each rate is the share of True in "
                        "`wrong` among the rows of that class only.")


q1 = Exercise(
    name="q1",
    prompt="Write `error_rates_by_class(results)`: from a results table (columns `y`, 0 real / 1 fake, "
           "and `wrong`, True where the prediction is wrong), return "
           "{'real': error rate among real faces, 'fake': error rate among fakes}, counted with "
           "pandas or NumPy (a metric library's counting, dfkit's or scikit-learn's, is "
           "refused). Checked on hidden tables.",
    names=("error_rates_by_class",),
    checker=_check_by_class,
    hints=("An error rate is the share of wrong predictions among the images of one kind: select "
           "the rows of one class, then average a boolean column.",
           "In pandas, a comparison on a column gives a boolean mask, and indexing a table with a "
           "mask keeps the rows where it is True (boolean indexing); the mean of a boolean "
           "column is the share of True."),
    kind="implement",
)


# --------------------------------------------------------------------------- q3: predict
def _shadow_difference(results, y: int):
    """Shadowed minus unshadowed error rate within one class, with the interval of the
    chapter's differences table (same rule, same seed): a row of ``rate_differences``, or
    None where the class lacks shadowed or unshadowed faces (or shadows are not recorded)."""
    if "shadowed" not in results or "group" not in results:
        return None
    part = results[results["y"] == y]
    if set(part["shadowed"]) != {"yes", "no"}:
        return None
    return rate_differences(part, "shadowed", by_class=False,
                            seed=config.get_profile().seed).iloc[0]


def _excludes_zero(row) -> bool:
    return row is not None and bool(row["low"] > 0 or row["high"] < 0)


def _shadow_outcome(results) -> str:
    real, fake = (_excludes_zero(_shadow_difference(results, y)) for y in (0, 1))
    return {(True, False): "a", (False, True): "b", (True, True): "c"}.get((real, fake), "d")


Q3_OPTIONS = {"a": "real faces only: it excludes 0 among real faces, not among fakes",
              "b": "fakes only: it excludes 0 among fakes, not among real faces",
              "c": "both classes: it excludes 0 among real faces and among fakes",
              "d": "neither class: it includes 0 among real faces and among the fakes"}


def _shadow_why(results, happened: str) -> str:
    rows = {y: _shadow_difference(results, y) for y in (0, 1)}
    if all(r is None for r in rows.values()):
        return "This dataset does not record shadows in both states: nothing to compare."
    said, shown = [], {}
    for y, kind, called in ((0, "real faces", "called fake"), (1, "fakes", "called real")):
        r = rows[y]
        if r is None:
            said.append(f"among {kind} nothing to compare")
            continue
        said.append(f"among {kind} {r['rate']:.1%} of the shadowed and {r['rate_against']:.1%} "
                    f"of the unshadowed were {called} (difference {r['difference']:+.3f}, "
                    f"interval {r['low']:+.3f} to {r['high']:+.3f})")
        if _excludes_zero(r):
            shown[y] = r["difference"] > 0
    base = "On your test split " + "; ".join(said) + ". "
    rates = results.groupby("y")["wrong"].mean()
    if len(rates) == 2 and rates.max() >= 0.99 and rates.min() <= 0.01:
        return base + ("The model collapsed to one answer: it leaves nothing for a shadow to "
                       "change, and the comparison says nothing about shadows.")
    if not shown:
        return base + ("Neither interval excludes zero: this split cannot tell shadowed from "
                       "unshadowed faces in either class, which does not show that shadows "
                       "have no effect.")
    words = {0: "real faces called fake", 1: "fakes called real"}
    moved = ", ".join(f"{'more' if up else 'fewer'} {words[y]}" for y, up in shown.items())
    reading = f"With a shadow: {moved}."
    if shown.get(0) is not False and shown.get(1) is not True:
        reading += " That fits a push of scores towards 'fake' better than errors in general."
    elif shown.get(0) is not True and shown.get(1) is not False:
        reading += " That fits a push of scores towards 'real' better than errors in general."
    missing = [k for y, k in ((0, "real faces"), (1, "fakes")) if y not in shown]
    if missing:
        reading += (f" Among {missing[0]} the interval includes zero: this split cannot tell, "
                    "which does not show that shadows do nothing there.")
    return base + reading + (" Each is one of several differences compared, so one such "
                             "result can still be chance.")


q3 = prediction(
    name="q3",
    prompt="Before the factor tables: the paper names shadows as a common cause of its errors. "
           "Within each class, take the error rate of faces with a cast shadow minus that of "
           "faces without one: in which class will the 95% interval of that difference "
           "exclude zero? Set `q3_prediction` to 'a', 'b', 'c' or 'd'.",
    variable="q3_prediction",
    options=Q3_OPTIONS,
    outcome=_shadow_outcome,
    explanation=lambda happened, results: _shadow_why(results, happened),
    context=("results",),
    hints=("Two things decide it in each class: which way a shadow could move that class's "
           "scores, if at all, and how large a change that class's interval could show. What "
           "has the chapter shown so far that bears on each?",
           "The family sentence shows how wide an interval of a difference between two rows "
           "of fakes came out on this split: would a shadow effect among the fakes have to "
           "be large to exclude zero?"),
)


# --------------------------------------------------------------------------- q2: modify
def _check_threshold(q2_threshold, q2_real_error, results) -> str:
    # NaN fails this (abs(nan - x) <= tol is False); np.float32(0.3) passes
    if not (isinstance(q2_threshold, numbers.Real) and abs(float(q2_threshold) - 0.3) <= 1e-6):
        raise Incorrect(f"`q2_threshold` is {q2_threshold!r}: set it to 0.3, build a results "
                        "table at that threshold, then compute the real faces' error rate.")
    real = results[results["y"] == 0]
    expected = float((real["p_fake"] >= 0.3).mean())
    at_half = float((real["p_fake"] >= 0.5).mean())
    if isinstance(q2_real_error, (int, float)) and abs(q2_real_error - at_half) < 0.0005 < abs(
            at_half - expected):
        raise Incorrect("That is the real faces' error rate at the 0.5 threshold: build the "
                        "table with `q2_threshold`.")
    close(q2_real_error, expected, decimals=3, what="q2_real_error", name_rounding=False)
    change = ("more" if expected > at_half else "no more" if expected == at_half else "fewer")
    return (f"at 0.3, {expected:.1%} of real faces are called fake (at 0.5: {at_half:.1%}): on "
            f"this run the lower threshold misclassified {change} real faces. Lowering the "
            "threshold never calls fewer faces fake: it may catch more fakes, and any change "
            "for real faces is a cost.")


q2 = Exercise(
    name="q2",
    prompt="Modify the experiment, in the exercise cell (the results cell stays as it is): set "
           "`q2_threshold = 0.3`, build a results table at that threshold, and store the error "
           "rate among the real test faces in `q2_real_error` (3 decimals).",
    names=("q2_threshold", "q2_real_error"),
    checker=_check_threshold,
    context=("results",),
    hints=("A real face is wrong when it is called fake, that is when its probability reaches the "
           "threshold. Lowering the threshold moves which way?",
           "`error_analysis.results_table` takes the threshold as its third argument; your q1 function "
           "gives the real faces' error rate of the table it returns."),
    kind="modify",
)


# --------------------------------------------------------------------------- q4: explain
# what the chapter imports from this module besides its exercises (grading flags any other name)
HANDOUT_NAMES = ("blur_counts",)


def blur_counts() -> pd.DataFrame:
    """q4's made-up counts (invented, not from any run): images and errors by class and blur;
    every image shows a different person, so images are the independent units.
    (What they show is the exercise's to find: this docstring is one ``help()`` away.)"""
    return pd.DataFrame({"class": ["real", "real", "fake", "fake"],
                         "blur": ["blurred", "sharp", "blurred", "sharp"],
                         "images": [400, 100, 100, 400], "errors": [160, 60, 2, 40]})


def _pooled_rates(counts: pd.DataFrame) -> dict[str, float]:
    summed = counts.groupby("blur")[["images", "errors"]].sum()
    return {k: float(summed.loc[k, "errors"] / summed.loc[k, "images"]) for k in ("blurred", "sharp")}


Q4_OPTIONS = {
    "a": "Blur goes with more errors: the pooled rows hold 500 images each, more than any row "
         "within a class, so the pooled difference is the better-measured one.",
    "b": "Blur goes with fewer errors among real faces only: among fakes, 2 blurred errors are "
         "too few for the interval of the difference to exclude zero.",
    "c": "Blur goes with fewer errors within each class; pooled it looks worse because most "
         "blurred images are real faces, the class wrong more often.",
    "d": "Blur goes with more errors within each class as well as pooled; the pooled gap is "
         "the larger because most blurred images are real faces, the class wrong more often.",
}


def _within(counts: pd.DataFrame) -> dict[str, tuple[float, float, float]]:
    """Blurred minus sharp within each class, with Newcombe's interval counted in images (every
    made-up image shows a different person, so images are the independent units)."""
    rows = counts.set_index(["class", "blur"])
    rate = rows["errors"] / rows["images"]
    return {c: newcombe_difference(rate[c, "blurred"], rows.loc[(c, "blurred"), "images"],
                                   rate[c, "sharp"], rows.loc[(c, "sharp"), "images"])
            for c in ("real", "fake")}


def _as_interval(value):
    """A (difference, low, high) triple of numbers, or None."""
    if isinstance(value, (tuple, list, np.ndarray, pd.Series)) and len(value) == 3:
        try:
            return tuple(float(v) for v in value)
        except (TypeError, ValueError):
            return None
    return None


def _check_within(q4_within, want: dict[str, tuple[float, float, float]]) -> None:
    if not isinstance(q4_within, dict) or set(q4_within) != {"real", "fake"}:
        raise Incorrect("`q4_within` should be a dict with keys 'real' and 'fake': for each "
                        "class, blurred minus sharp with Newcombe's interval, the tuple "
                        f"`newcombe_difference` returns; got {q4_within!r}.")
    for c in ("real", "fake"):
        got = _as_interval(q4_within[c])
        if got is None:
            raise Incorrect(f"`q4_within['{c}']` should be the three numbers "
                            "`newcombe_difference` returns (difference, low, high), got "
                            f"{q4_within[c]!r}.")
        d, low, high = want[c]
        if all(abs(g + w) < 0.005 for g, w in zip(got, (d, high, low))):
            raise Incorrect(f"`q4_within['{c}']` is sharp minus blurred: put the blurred row "
                            "first, `newcombe_difference(rate_blurred, images_blurred, "
                            "rate_sharp, images_sharp)`.")
        for g, w, part in zip(got, want[c], ("difference", "low end", "high end")):
            if not abs(g - w) < 0.005:
                raise Incorrect(f"The {part} of `q4_within['{c}']` is {g:.3f}: within the "
                                f"{c} rows, divide each row's errors by its images, then "
                                "pass the blurred row's rate and images, then the sharp "
                                "row's, to `newcombe_difference`.")


def _check_simpson(q4_pooled, q4_within, q4_answer) -> str:
    counts = blur_counts()
    want = _pooled_rates(counts)
    if isinstance(q4_pooled, pd.Series):  # where the hint leads: rates indexed by blur
        q4_pooled = q4_pooled.to_dict()
    if not isinstance(q4_pooled, dict) or set(q4_pooled) != {"blurred", "sharp"}:
        raise Incorrect("`q4_pooled` should be a dict with keys 'blurred' and 'sharp': the error "
                        f"rate of each, both classes together; got {q4_pooled!r}.")
    rates = counts["errors"] / counts["images"]
    mean_of_rates = {k: float(rates[counts["blur"] == k].mean()) for k in want}
    got = {k: q4_pooled[k] for k in want}
    if all(isinstance(v, (int, float)) for v in got.values()):
        if all(abs(got[k] - mean_of_rates[k]) < 0.005 for k in want):
            raise Incorrect("That averages the two classes' rates, each class counting the same. "
                            "Pool the counts instead: all errors of blurred images over all "
                            "blurred images (and the same for sharp).")
        if all(abs(got[k] - want[other]) < 0.005 for k, other in (("blurred", "sharp"),
                                                                  ("sharp", "blurred"))):
            raise Incorrect("The two rates are swapped: 'blurred' is the rows with blur == "
                            "'blurred'.")
    for k in want:
        close(got[k], want[k], decimals=2, what=f"q4_pooled['{k}']")
    within = _within(counts)
    _check_within(q4_within, within)
    feedback = {
        "a": "More images do not mend a comparison that mixes the classes: 400 of the 500 "
             "blurred images are real faces and 400 of the 500 sharp ones fakes, so the pooled "
             "gap compares real faces with fakes as much as blurred with sharp. Your "
             "`q4_within` compares blurred with sharp inside one class: which way does it go?",
        "b": "Look at your `q4_within['fake']`: does its interval include zero? Two errors in "
             "100 blurred fakes against 40 in 400 sharp ones is a fifth of the rate, and "
             "Newcombe's interval weighs the counts, not how small one of them looks.",
        "d": "The class mix is the right reason for the pooled gap, but read the within-class "
             "direction from your `q4_within`: is blurred minus sharp above zero or below it, "
             "in each class, and does its interval exclude zero?",
    }
    judge_choice(q4_answer, Q4_OPTIONS, "q4_answer", "c", feedback)
    by_row = counts.assign(rate=rates).set_index(["class", "blur"])["rate"]
    said = "; ".join(
        f"{c}: {by_row[c, 'blurred']:.2f} blurred vs {by_row[c, 'sharp']:.2f} sharp, "
        f"{d:+.2f} ({low:+.2f} to {high:+.2f})" for c, (d, low, high) in within.items())
    return (f"Pooled, blurred images look worse ({want['blurred']:.2f} against "
            f"{want['sharp']:.2f}); within each class they are better, and Newcombe's "
            f"interval excludes zero in both ({said}). This is Simpson's paradox: blur went "
            "mostly to the class that is misclassified more often, so the pooled table "
            "measures the class mix, not blur.")


q4 = Exercise(
    name="q4",
    prompt="A made-up data set (`blur_counts()`, every number invented; every image shows a "
           "different person): compute the pooled error rate of blurred and of sharp images "
           "(both classes together) into `q4_pooled` = {'blurred': ..., 'sharp': ...} "
           "(2 decimals); within each class, blurred minus sharp with Newcombe's interval "
           "into `q4_within` = {'real': ..., 'fake': ...} (each the tuple "
           "`newcombe_difference` returns); then set `q4_answer` to a letter.",
    names=("q4_pooled", "q4_within", "q4_answer"),
    checker=_check_simpson,
    hints=("Pool means adding the counts of both classes before dividing; within a class means "
           "dividing each row's errors by its images. Do the pooled and the within-class "
           "differences point the same way? If not, which class do most blurred images come "
           "from, and how often is that class wrong?",
           "`made_up.groupby('blur')[['images', 'errors']].sum()` pools the classes; "
           "`made_up['errors'] / made_up['images']` gives each row's rate; "
           "`newcombe_difference(rate_blurred, images_blurred, rate_sharp, images_sharp)` "
           "gives a class's difference with its interval."),
    kind="explain",
    options=Q4_OPTIONS,
)


# --------------------------------------------------------------------------- q5: explain
Q5_OPTIONS = {
    "a": "Pool both classes and take the share of the model's misclassified test faces that "
         "carry a cast shadow: the data back the claim if the Wilson interval of that share "
         "lies above one half, since shadows then mark most of its errors.",
    "b": "Both classes together, the error rate of shadowed test faces minus that of "
         "unshadowed ones, with Newcombe's interval counting every image as an independent "
         "trial, as in exercise q4: the data back the claim if that interval excludes zero.",
    "c": "Within each class, shadowed faces' error rate minus unshadowed ones', by the "
         "chapter's interval of a difference (Newcombe's for a sparse row), allowing for "
         "all its table's differences: the data support the claim where it stays above "
         "zero.",
    "d": "Grad-CAM on every shadowed test face the model misclassified, in each class: the "
         "data back the claim if the red lies on the shadow in most of those heatmaps, since "
         "that is where the model looked when it erred.",
    "e": "Within each class, every recorded factor's error-rate difference, resampling "
         "identities: the data back the claim if shadows give the largest difference of all "
         "the factors in a class, which makes them the model's most common cause of errors.",
}
# Each wrong option differs from the key in two or more features (what is compared, pooled
# or within a class, images or identities as the units, how the interval is read), and the
# key is neither the longest option nor the one sharing the most words with the others: a
# reader's word-overlap pick chose the old key without any statistics (report 19).

q5 = choice(
    name="q5",
    prompt="Suppose a colleague's heatmaps of five misclassified faces (made up, not the "
           "figure's) all put the red on a cast shadow, and the colleague concludes that a "
           "cast shadow makes the model more likely to err. Which check tests that claim "
           "on our test split? Set `q5_answer` to 'a', 'b', 'c', 'd' or 'e'.",
    variable="q5_answer",
    options=Q5_OPTIONS,
    answer="c",
    feedback={"a": "A share of the errors means nothing until it is set against how many of "
                   "all faces carry a shadow: if most test faces carried one, most errors "
                   "would too, whatever shadows do (the chapter read the five pictures' "
                   "counts against their base rate). And pooled, the classes' opposite "
                   "mistakes are added up. Compare the error rate of shadowed faces with that "
                   "of unshadowed ones, within a class.",
              "b": "Pooled, a shadow that pushes scores towards 'fake' adds real faces called "
                   "fake and removes fakes called real, and the two can cancel; 'excludes "
                   "zero' would also count a difference below zero as support. And counting "
                   "images was right in q4, where every image showed a different person; the "
                   "test faces share identities (a face, a light, a camera), so counted in "
                   "images the interval comes out too narrow where an identity's images fail "
                   "together.",
              "d": "It looks at misclassified faces only, so it never sets the errors of "
                   "shadowed faces against those of unshadowed ones: no rate, and 'more likely "
                   "to err' is a rate. And for a fake called real the red marks what raised "
                   "the fake score, evidence for the right answer, not for the mistake.",
              "e": "The largest of several differences is a point estimate picked from many: "
                   "it can come out largest by chance, with its interval across zero, and "
                   "being larger than other factors' says nothing about whether shadowed "
                   "faces are wrong more often than unshadowed ones. Read shadowed against "
                   "unshadowed by the interval of that difference.",
              "c": "'More likely to err' is a rate: shadowed faces wrong more often than "
                   "unshadowed ones, within a class (a shadow can move the two classes' "
                   "errors opposite ways), by the chapter's interval of a difference: it "
                   "resamples identities, as a test face's identity shares its errors, and is "
                   "Newcombe's in identities where a row has its errors (or its correct "
                   "answers) in few identities, as the bootstrap fails there. Allowing for "
                   "the comparisons is the chapter's rule, its `holds` column: all the "
                   "differences its table compares, not only the two shadow ones, as its "
                   "verdict reads every row (among many, a 95% interval can exclude zero by "
                   "chance). A raised rate is not yet a common cause: how many errors shadows "
                   "account for is that difference times the number of shadowed faces."},
    hints=("'More likely to err' is a claim about how often: how often which faces are "
           "wrong, compared with which others?",
           "Rule out the options with no error rate of unshadowed faces to compare with, then "
           "those that pool the classes or count images as independent. Of what is left, "
           "which reads the interval against zero, and allows for the comparisons as the "
           "chapter's `holds` column does?"),
)
