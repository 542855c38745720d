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
    call_answer,
    choice,
    close,
    hidden_rng,
    judge_choice,
    prediction,
)
from dfkit.evaluation.error_analysis import rate_differences


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


def _check_by_class(error_rates_by_class) -> None:
    for table in _hidden_tables():
        got = call_answer(error_rates_by_class, table.copy(), what="error_rates_by_class")
        if not isinstance(got, dict) or set(got) != {"real", "fake"}:
            raise Incorrect(f"error_rates_by_class should return a dict with keys 'real' and 'fake', "
                            f"got {got!r}.")
        want = {"real": table.loc[table["y"] == 0, "wrong"].mean(),
                "fake": table.loc[table["y"] == 1, "wrong"].mean()}
        value = {k: float(v) for k, v in got.items()}
        if all(abs(value[k] - want[k]) < 1e-9 for k in want):
            continue
        if abs(value["real"] - want["fake"]) < 1e-9 and abs(value["fake"] - want["real"]) < 1e-9:
            raise Incorrect("The two classes are swapped: y == 0 is real, y == 1 is fake.")
        pooled = table["wrong"].mean()
        if any(abs(v - pooled) < 1e-9 for v in value.values()) and want["real"] != want["fake"]:
            raise Incorrect("That is the error rate over all images. Keep one class at a time.")
        raise Incorrect(f"On a hidden table of {len(table)} images you returned {value}, expected "
                        f"{ {k: round(v, 4) for k, v in want.items()} }.")


q1 = Exercise(
    name="q1",
    prompt="Write `error_rates_by_class(results)`: from a results table (columns `y`, 0 real / 1 fake, "
           "and `wrong`, True where the prediction is wrong), return "
           "{'real': error rate among real faces, 'fake': error rate among fakes}. Checked on hidden tables.",
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
def _shadow_parts(results) -> dict[str, pd.DataFrame] | None:
    if "shadowed" not in results or "group" not in results:
        return None
    fakes = results[results["y"] == 1]
    parts = {k: fakes[fakes["shadowed"] == k] for k in ("yes", "no")}
    return parts if min(len(p) for p in parts.values()) > 0 else None


def _shadow_difference(results, y: int = 1):
    """Shadowed minus unshadowed error rate within one class, with the interval of the
    chapter's differences table (same rule, same seed): a row of ``rate_differences``."""
    part = results[results["y"] == y]
    if set(part["shadowed"]) != {"yes", "no"}:
        return None
    return rate_differences(part, "shadowed", by_class=False,
                            seed=config.get_profile().seed).iloc[0]


def _shadow_outcome(results) -> str:
    if _shadow_parts(results) is None:
        return "b"
    row = _shadow_difference(results)
    return "a" if row["low"] > 0 else "c" if row["high"] < 0 else "b"


Q3_OPTIONS = {"a": "wholly above zero: shadowed fakes are wrong more often, and the interval "
                   "of the difference excludes 0",
              "b": "across zero: the interval of the difference includes 0",
              "c": "wholly below zero: shadowed fakes are wrong less often, and the interval "
                   "of the difference excludes 0"}


def _shadow_why(results, happened: str) -> str:
    parts = _shadow_parts(results)
    if parts is None:
        return "This dataset does not record shadows for both kinds of fake: nothing to compare."
    counts = ", ".join(f"{len(p)} {k} fakes from {p['group'].nunique()} identities"
                       for k, p in (("shadowed", parts["yes"]), ("unshadowed", parts["no"])))
    row = _shadow_difference(results)
    base = (f"Your test split holds {counts}; {row['rate']:.1%} of the shadowed ones wrong, "
            f"{row['rate_against']:.1%} of the unshadowed: a difference of "
            f"{row['difference']:+.3f}, interval {row['low']:+.3f} to {row['high']:+.3f}. ")
    same = [p["wrong"].mean() for p in parts.values()]
    if min(same) >= 0.99 or max(same) <= 0.01:
        return base + ("On this run (nearly) every fake got the same outcome, shadow or not: "
                       "a model that collapsed to one answer leaves nothing for a shadow to "
                       "change, and the comparison says nothing about shadows.")
    if happened == "b":
        why = ("With this few identities the interval is wide; including zero means this "
               "split cannot tell the two apart, not that shadows have no effect on fakes.")
    else:
        why = ("Here the interval excludes zero: on this test split shadows went with "
               f"{'more' if happened == 'a' else 'fewer'} errors among fakes. It is one of "
               "several differences compared, so one such result can still be chance.")
    real = _shadow_difference(results, y=0)
    if real is not None:
        numbers = (f"{real['rate']:.1%} of the shadowed and {real['rate_against']:.1%} of the "
                   f"unshadowed were called fake (difference {real['difference']:+.3f}, "
                   f"interval {real['low']:+.3f} to {real['high']:+.3f})")
        if real["low"] > 0:
            why += (f" The fakes are half the story: among real faces {numbers}. There, on "
                    "this split, shadows went with errors of the other kind: real faces "
                    "called fake.")
        elif real["high"] < 0:
            why += (f" Among real faces {numbers}: shadowed real faces were called fake less "
                    "often.")
        else:
            why += f" Among real faces {numbers}: no difference shown there either."
    return base + why


q3 = prediction(
    name="q3",
    prompt="Before the factor tables: the paper names shadows as a common cause of its errors. "
           "Among the test fakes, take the error rate of faces with a cast shadow minus that of "
           "faces without one: where will the 95% interval of that difference lie? Set "
           "`q3_prediction` to 'a', 'b' or 'c'.",
    variable="q3_prediction",
    options=Q3_OPTIONS,
    outcome=_shadow_outcome,
    explanation=lambda happened, results: _shadow_why(results, happened),
    context=("results",),
    hints=("How many test fakes have a shadow, and from how many identities? The interval of a "
           "difference of two rates, each from a few dozen identities, is wide.",
           "The differences table after the next cells answers it: the row 'cast shadow', class "
           "fake, yes against no. Does its low to high interval contain 0?"),
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
    close(q2_real_error, expected, decimals=3, what="q2_real_error")
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
def blur_counts() -> pd.DataFrame:
    """q4's made-up counts (invented, not from any run): images and errors by class and blur.
    (What they show is the exercise's to find: this docstring is one ``help()`` away.)"""
    return pd.DataFrame({"class": ["real", "real", "fake", "fake"],
                         "blur": ["blurred", "sharp", "blurred", "sharp"],
                         "images": [80, 20, 20, 80], "errors": [40, 12, 1, 8]})


def _pooled_rates(counts: pd.DataFrame) -> dict[str, float]:
    summed = counts.groupby("blur")[["images", "errors"]].sum()
    return {k: float(summed.loc[k, "errors"] / summed.loc[k, "images"]) for k in ("blurred", "sharp")}


Q4_OPTIONS = {"a": "Blur causes errors: blurred images are wrong far more often than sharp ones, "
                   "and the pooled table holds the most images.",
              "b": "Blur makes no difference: the pooled gap comes from blurred images being "
                   "mostly real, and within each class the two rates are equal.",
              "c": "Within each class blurred images are wrong less often; the pooled gap comes "
                   "from blurred images being mostly real.",
              "d": "Nothing either way: with a hundred images per class no interval is narrow "
                   "enough to compare any two rates."}


def _check_simpson(q4_pooled, q4_answer) -> str:
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
    by_row = counts.assign(rate=rates).set_index(["class", "blur"])["rate"]
    within = ", ".join(f"{c}: {by_row[c, 'blurred']:.2f} blurred vs {by_row[c, 'sharp']:.2f} "
                       "sharp" for c in ("real", "fake"))
    feedback = {
        "a": f"That reads the pooled rates ({want['blurred']:.2f} against {want['sharp']:.2f}) "
             "alone. Divide errors by images row by row: within each class the blurred rows "
             "are the lower ones. Most blurred images are real faces, which this model gets "
             "wrong far more often, so the pooled table measures the class mix, not blur.",
        "b": f"Half of it: the pooled gap does come from the class mix. But divide errors by "
             f"images row by row ({within}): within each class the two rates differ, and in "
             "the same direction.",
        "d": "The rates within each class point one way and the pooled ones the other: that "
             "reversal is a confound, whatever the intervals' width. Intervals decide whether the "
             "within-class gaps are real; they cannot rescue the pooled comparison.",
    }
    judge_choice(q4_answer, Q4_OPTIONS, "q4_answer", "c", feedback)
    return (f"Pooled, blurred images look worse ({want['blurred']:.2f} against "
            f"{want['sharp']:.2f}); within each class they look better ({within}). This is "
            "Simpson's paradox: blur went mostly to the class that is misclassified more "
            "often. Whether the within-class gaps are real is a question for intervals (these "
            "counts are small); that the pooled table misleads is not.")


q4 = Exercise(
    name="q4",
    prompt="A made-up data set (`blur_counts()`, every number invented): compute the pooled error "
           "rate of blurred and of sharp images (both classes together) into `q4_pooled` = "
           "{'blurred': ..., 'sharp': ...} (2 decimals), compare with the rates within each "
           "class, then set `q4_answer` to a letter.",
    names=("q4_pooled", "q4_answer"),
    checker=_check_simpson,
    hints=("Pool means adding the counts of both classes before dividing; within a class means "
           "dividing each row's errors by its images. Which class do most blurred images come "
           "from, and how often is that class wrong?",
           "`made_up.groupby('blur')[['images', 'errors']].sum()` pools the classes; "
           "`made_up['errors'] / made_up['images']` gives each row's rate."),
    kind="explain",
    options=Q4_OPTIONS,
)


# --------------------------------------------------------------------------- q5: explain
Q5_OPTIONS = {
    "a": "Compute Grad-CAM for every misclassified test image: if the red lies on a shadow in "
         "most of them, shadows are a common cause of errors.",
    "b": "Count, within each class, how often shadowed faces are misclassified against "
         "unshadowed ones.",
    "c": "Count how often shadowed test images are misclassified against unshadowed ones, both "
         "classes together, since more images give a narrower interval.",
    "d": "Look up the five errors in the manifest: if the generator put a cast shadow on all "
         "five, the heatmaps are confirmed.",
}

q5 = choice(
    name="q5",
    prompt="Suppose the red regions of all five wrong heatmaps lay on a cast shadow, and a "
           "colleague concludes that shadows are a common cause of the model's errors. Which "
           "check would test that claim? Set `q5_answer` to 'a', 'b', 'c' or 'd'.",
    variable="q5_answer",
    options=Q5_OPTIONS,
    answer="b",
    feedback={"a": "More heatmaps of errors only is still no comparison: shadowed faces that the "
                   "model got right exist too, and without them you cannot say that shadows go "
                   "with more errors. A heatmap also marks where one image's evidence lay, and "
                   "a shadow is a large dark region to lie on. 'Common' is a rate, shadowed "
                   "against unshadowed, and counting it needs no heatmap.",
              "c": "Pooled, the comparison measures the class mix as much as shadows: if "
                   "shadows fell more often on the class the model gets wrong more often, "
                   "the pooled gap appears with no effect of shadows at all (exercise q4). "
                   "A narrower interval around a confounded rate does not help: count within "
                   "each class.",
              "d": "Five errors with a shadow say nothing about how common shadows are among "
                   "the faces the model got right: if most test faces carry one, five of five "
                   "is no surprise. 'Common' is a rate, shadowed against unshadowed "
                   "faces' errors, counted over all of them."},
    hints=("'Common cause' is a claim about how often, over many images; what does a heatmap "
           "give, per image?",
           "The factor tables compare error rates of faces with and without a factor, within "
           "each class: which option makes that comparison?"),
)
