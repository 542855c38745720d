# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 10 · A detector in the world: base rates, calibration, and who pays for a mistake
#
# **Learning objectives.** After this chapter you can
# - compute what share of a detector's flags are really fakes when fakes are rare, and choose a
#   threshold on validation data for a prevalence and a price of each mistake;
# - draw a reliability diagram, compute the expected calibration error, and rescale a model's
#   scores with temperature or Platt scaling fitted on validation data;
# - show how calibration breaks when the share of fakes changes or a new kind of fake arrives;
# - measure who is wrongly flagged, by the groups a data set records, with honest intervals,
#   and say what a face-crop detector and this course cannot know.
#
# **Time it takes:** 2 to 4 min on a 2-core CPU shared with other jobs (laptop profile: 139 to
# 248 s over three runs, recorded 2026-11-26 in benchmarks/README.md), nearly all of it the two
# training runs; less on a machine of your own.
#
# Every chapter so far scored the detector on test sets where half the faces are fake, and chapter
# 06 put recall first: a missed fake is costly. Out in the world most faces are real, so the
# *other* mistake, a real person's photo called fake, is the one that happens most. This chapter
# weighs both.

# %% tags=["remove-cell"]
# Colab set-up: installs the course helper `dfkit` (v0.2.0) beside Colab's
# own packages, changing none of their versions. Anywhere else it does nothing
# (install locally with the README's commands).
import os
import sys

if "google.colab" in sys.modules:
    REPO = "git+https://github.com/dfkit-course/deepfake-course@v0.2.0"
    DFKIT = os.environ.get("DFKIT_INSTALL", f"dfkit @ {REPO}")
    # %pip install -q "{DFKIT}"
    import importlib

    importlib.invalidate_caches()  # so the new package imports without a restart

# %%
import numpy as np
import pandas as pd

from dfkit import course
from dfkit.evaluation import base_rates, calibration, error_analysis as errors, metrics
from dfkit.course import plots, report
from dfkit import training
from dfkit.data import synthetic
from dfkit.evaluation.ablation import family_splits
from dfkit.evaluation.calibration import reliability_bins
from dfkit.data import Splits
from dfkit.course.exercises import ____

data = course.prepare()
profile = data.profile

# %% [markdown]
# ## The detector: Model 1
#
# The simple CNN, trained as in chapter 03 with early stopping on validation AUC, on RGB input:
# chapter 08's ablation found that the handcrafted channels did not help it on the synthetic set
# (benchmarks/README records a test ROC-AUC of 0.924 on RGB and 0.828 on the 6-channel stack at
# the laptop profile, 3 seeds each). We keep its probabilities for the validation split (to make
# decisions on) and the test split (to measure them on), and the threshold chosen on validation
# for a recall of `0.95`, as in chapter 06. (An **operating point** is a threshold together with
# the recall and specificity it gives: here, that of a desk that wants 95 fakes in 100 caught.)
# Before anything else, the cell prints how well this run's model separates fakes from real
# faces on test ([ROC-AUC](https://dfkit-course.github.io/deepfake-course/glossary.html#term-roc-auc)): every effect below needs a detector that works.

# %%
inputs = "rgb"
model, _ = training.train_model("cnn", data.splits, profile, inputs, verbose=0)
val, test = (training.batches(frame, profile, inputs)
             for frame in (data.val, data.test))
p_val, p_test = training.predict(model, val), training.predict(model, test)
y_val, y_test = val.labels.astype(int), test.labels.astype(int)
t_recall = report.glue("t_recall", metrics.threshold_for_recall(y_val, p_val, 0.95))
auc_test = report.glue("auc_test", metrics.summary(y_test, p_test)["roc_auc"])
n_val, n_test = report.glue("n_val", len(y_val)), report.glue("n_test", len(y_test))
n_fakes = report.glue("n_test_fakes", int(y_test.sum()))
n_real = report.glue("n_test_real", int((y_test == 0).sum()))
if auc_test < 0.6:
    strength = ("close to chance (0.5 is a coin toss): this run's model barely tells "
                "fakes from real faces, as expected of a short training on few faces. "
                "Every step below still runs, but effects that need a working detector "
                "may not show, and the text says where; the laptop profile trains a "
                "model that works")
elif auc_test < 0.8:
    strength = ("better than chance but weak: effects that need a good detector may be "
                "faint")
else:
    strength = "well above chance: the detector works on this synthetic set"
report.glue("model_strength", strength)
print(f"{n_val} validation and {n_test} test faces ({n_fakes} fake, {n_real} real)")
print(f"Model 1's test ROC-AUC: {auc_test:.3f}, {strength}.")
print(f"threshold for recall 0.95 on validation: {t_recall:.3f}")

# %% [markdown]
# This run's Model 1 has a test ROC-AUC of {glue:text}`auc_test:.3f`:
# {glue:text}`model_strength`. It was measured on {glue:text}`n_test` test faces
# ({glue:text}`n_test_fakes` fake, {glue:text}`n_test_real` real) and its threshold chosen on
# {glue:text}`n_val` validation faces.

# %% [markdown]
# ## 1 · Base rates: what a flag means when fakes are rare
#
# Recall (the share of fakes caught) and specificity (the share of real faces left alone) are
# properties of the detector. **Precision**, the share of flagged faces that really are fake,
# also depends on the [base rate (prevalence)](https://dfkit-course.github.io/deepfake-course/glossary.html#term-base-rate-prevalence): how many of the faces it sees are fake.
#
# Take the paper's ResNet-style model: 97.7% recall and, from its own confusion matrix (Fig 14),
# a specificity of 44% (chapter 06 recomputes it: TN 331 of 749 real faces in the paper's test
# set). Put it in front of 10,000 faces of which 1 in 100 is fake:

# %%
recall, specificity = 977 / 1000, 331 / 749  # the paper's Fig 14 (ResNet-style model)
faces, prevalence = 10_000, 0.01
fakes = faces * prevalence
caught = report.glue("paper_caught", recall * fakes)
false_alarms = report.glue("paper_false_alarms", (1 - specificity) * (faces - fakes))
paper_precision = report.glue("paper_precision", caught / (caught + false_alarms))
print(f"{fakes:.0f} fakes among {faces:,} faces: {caught:.1f} caught, "
      f"{false_alarms:,.0f} real faces flagged too; {paper_precision:.1%} of the flags "
      f"are fakes ({false_alarms / caught:.0f} real faces flagged per fake caught)")

# %% [markdown]
# The detector catches {glue:text}`paper_caught:.1f` of the 100 fakes, and flags
# {glue:text}`paper_false_alarms:,.0f` real faces with them: only
# {glue:text}`paper_precision:.1%` of its flags are right. A recall above 97% (the paper's
# headline) says nothing about this. The same arithmetic, for any recall, specificity and
# prevalence π, is Bayes' rule:

# %%
# @save dfkit.evaluation.base_rates
def precision_at_prevalence(recall, specificity, prevalence):
    """Share of flagged faces that are fake when a share ``prevalence`` of faces is."""
    prevalence = np.asarray(prevalence, dtype=float)
    if np.any((prevalence < 0) | (prevalence > 1)):
        raise ValueError(
            "prevalence is the share of faces that are fake: a number in [0, 1].")
    caught = np.asarray(recall, dtype=float) * prevalence
    false_alarms = (1 - np.asarray(specificity, dtype=float)) * (1 - prevalence)
    flagged = caught + false_alarms
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(flagged > 0, caught / flagged, np.nan)  # NaN: nothing flagged
    return float(out) if out.ndim == 0 else out


# %% [markdown]
# **q1 (predict, then run).** Our Model 1 is measured on the test split at the threshold above.
# Before you run the next cells: when 1 face in 100 is fake, what share of the faces our model
# flags will really be fake? (a) more than half, (b) between 1 in 10 and a half, (c) fewer than
# 1 in 10. Set `q1_prediction`, run the experiment, then `q1.check()`.

# %%
from dfkit.course.exercises.ch10 import q1  # noqa: E402

q1_prediction = ____  # "a", "b" or "c": commit before running the next cell

# %%
ours = base_rates.rates(y_test, p_test, t_recall)
points = {"paper ResNet (Fig 14)": (977 / 1000, 331 / 749),
          "paper CNN (Fig 13)": (942 / 1000, 636 / 749),
          f"ours ({profile.name}), test": ours}
table = base_rates.precision_table(points)
ours_recall = report.glue("ours_recall", ours[0])
ours_specificity = report.glue("ours_spec", ours[1])
ours_precision = report.glue("ours_precision", table.iloc[2]["1.0%"])
print(f"our Model 1 on test: recall {ours_recall:.3f}, specificity "
      f"{ours_specificity:.3f}")
table.round(3)

# %%
q1.check()

# %%
base_rates.plot_precision_vs_prevalence(points);

# %% [markdown]
# On test, our model has recall {glue:text}`ours_recall:.3f` and specificity
# {glue:text}`ours_spec:.3f` at its threshold; at 1 fake in 100 faces, its precision is
# {glue:text}`ours_precision:.3f`. Every curve falls as fakes become rarer: once real faces
# outnumber fakes a hundred to one, even a small share of real faces flagged outnumbers the
# fakes caught.
#
# The table used the formula. The same number comes from the test scores themselves, by giving
# each real face and each fake a weight so that the weighted test set has 1 fake in 100
# (`base_rates.prevalence_weights`). Weights are how we look at a rarer world with a balanced test
# split; the calibration section needs them.

# %%
weights = base_rates.prevalence_weights(y_test, 0.01)
flagged = p_test >= t_recall
weighted = np.sum(weights * flagged * y_test) / max(np.sum(weights * flagged), 1e-12)
print(f"precision at 1 in 100 from reweighted test scores: {weighted:.4f} "
      f"(formula: {ours_precision:.4f})")

# %% [markdown]
# ### A threshold for a prevalence and a price
#
# Which threshold is best depends on two things the test set cannot tell: how rare fakes are
# where the detector is used, and what each mistake costs. Suppose a platform screens uploads in
# which 1 face in 100 is fake, and decides that missing a fake is as bad as wrongly flagging 20
# real people. The expected cost per face of a threshold is
# π·(1 − recall)·cost_miss + (1 − π)·(1 − specificity)·cost_false_alarm.
# `base_rates.cost_threshold` finds the cheapest threshold **on validation**; we then apply it,
# unchanged, to test, next to the two thresholds used so far and the choice to flag nothing.
# The table's columns: recall, specificity (`spec.`), test fakes caught and real faces flagged
# (counts), precision at 1 fake in 100 (`prec@1%`), and the expected cost per 1,000 faces
# (`cost/1k`).

# %%
deploy_prevalence, cost_fp, cost_fn = 0.01, 1, 20
t_cost = base_rates.cost_threshold(y_val, p_val, deploy_prevalence, cost_fp, cost_fn)


def on_test(threshold: float) -> dict:
    r, s = base_rates.rates(y_test, p_test, threshold)
    flagged = p_test >= threshold
    return {"threshold": threshold, "recall": r, "spec.": s,
            "caught": int(np.sum(flagged & (y_test == 1))),
            "real flagged": int(np.sum(flagged & (y_test == 0))),
            "prec@1%": base_rates.precision_at_prevalence(r, s, deploy_prevalence),
            "cost/1k": 1000 * base_rates.expected_cost(r, s, deploy_prevalence,
                                                       cost_fp, cost_fn)}


costs = pd.DataFrame.from_dict(
    {"0.5": on_test(0.5), "recall 0.95": on_test(t_recall),
     "least cost": on_test(t_cost), "flag nothing": on_test(np.inf)}, orient="index")
per_1000 = costs["cost/1k"]
report.glue("t_cost", t_cost)
cost_chosen = report.glue("cost_chosen", per_1000["least cost"])
cost_nothing = report.glue("cost_nothing", per_1000["flag nothing"])
report.glue("cost_recall", per_1000["recall 0.95"])
cheaper = cost_chosen < cost_nothing
report.glue("cost_verdict", "costs less than" if cheaper else "does not cost less than")
# what one test face more or less moves the cost by: the resolution of this test split
one_fake = report.glue("cost_one_fake", 1000 * deploy_prevalence * cost_fn / n_fakes)
one_real = report.glue("cost_one_real",
                       1000 * (1 - deploy_prevalence) * cost_fp / n_real)
gap = abs(cost_nothing - cost_chosen)
report.glue("cost_gap", gap)
report.glue("cost_gap_words",
            "within what a few test faces more or less would undo: too close to call "
            "on this split" if gap < 3 * min(one_fake, one_real) else
            "larger than a few test faces would make, though still one split and one "
            "seed")
chosen = costs.loc["least cost"]
k_fake, k_real = int(chosen["caught"]), int(chosen["real flagged"])
if k_fake + k_real == 0:
    precision_sentence = ("The chosen threshold flags no test face: it has no "
                          "precision to check.")
else:
    fp_upper = metrics.wilson_interval(k_real, n_real)[1]  # 95%, faces as independent
    low = base_rates.precision_at_prevalence(chosen["recall"], 1 - fp_upper,
                                             deploy_prevalence)
    precision_sentence = (
        f"Its precision rests on {k_fake} of {n_fakes} fakes caught and {k_real} of "
        f"{n_real} real faces flagged: from that count, the share of real faces it "
        f"flags could be as high as {fp_upper:.3f} (the upper end of a Wilson 95% "
        "interval, which counts faces as independent and so flatters a small set), "
        f"and its precision at 1 fake in 100 then as low as {low:.3f}.")
print(report.glue("precision_sentence", precision_sentence))
costs.round({"threshold": 3, "recall": 3, "spec.": 3, "prec@1%": 3, "cost/1k": 1})

# %% [markdown]
# Chosen on validation, the cheapest threshold is {glue:text}`t_cost:.3f` (`inf` would mean
# "flag nothing"; a precision of NaN means no face was flagged, so none of the flags can be
# right or wrong). On test it costs {glue:text}`cost_chosen:.1f` per 1,000 faces (in units of
# one real face wrongly flagged), against
# {glue:text}`cost_recall:.1f` for the threshold that chased recall and
# {glue:text}`cost_nothing:.1f` for flagging nothing: on this run it
# {glue:text}`cost_verdict` doing nothing at all.
#
# How much do these costs rest on? The test split has {glue:text}`n_test_fakes` fakes and
# {glue:text}`n_test_real` real faces, so one fake more or less caught moves a cost by
# {glue:text}`cost_one_fake:.1f` per 1,000 faces, and one real face more or less flagged by
# {glue:text}`cost_one_real:.1f`. The gap between the chosen threshold and doing nothing,
# {glue:text}`cost_gap:.1f`, is {glue:text}`cost_gap_words`. {glue:text}`precision_sentence`
# A precision read off a few dozen real faces can hide a false-positive rate that ruins it at a
# low prevalence.
#
# Doing nothing is the bar a detector must beat before it is deployed at a low prevalence, and
# the balanced test set of chapters 03–08 never shows it. The cost ratio is a decision for the
# people who bear the costs, not for the model builder; exercise q4 changes it.

# %% [markdown]
# ## 2 · Calibration: does a score of `0.9` mean nine in ten?
#
# A model's output is called a probability; it is one (it has good [calibration](https://dfkit-course.github.io/deepfake-course/glossary.html#term-calibration)) only
# if, among the faces it scores about `0.9` (say), about nine in ten really are fake. A
# [reliability diagram](https://dfkit-course.github.io/deepfake-course/glossary.html#term-reliability-diagram) bins the scores and plots, per bin, the share that is fake against
# the mean score; a calibrated model lies on the diagonal. The
# [expected calibration error (ECE)](https://dfkit-course.github.io/deepfake-course/glossary.html#term-expected-calibration-error-ece) averages the gap over bins, weighted by how many faces
# each bin holds. The bins come from `calibration.reliability_bins`, which bins as
# scikit-learn's `calibration_curve` does; with weights, ECE measures calibration at another
# prevalence.

# %%
# @save dfkit.evaluation.calibration
def expected_calibration_error(y_true: np.ndarray, p_fake: np.ndarray, n_bins: int = 10,
                               strategy: str = "uniform",
                               sample_weight: np.ndarray | None = None) -> float:
    """ECE: the gap between predicted P(fake) and the share of fakes, averaged over bins
    weighted by how many images (or how much weight) each bin holds. 0 is calibrated."""
    bins = reliability_bins(y_true, p_fake, n_bins, strategy, sample_weight)
    return float(np.sum(bins["weight"] / bins["weight"].sum() * np.abs(bins["gap"])))


# %%
ece_val = report.glue("ece_val", expected_calibration_error(y_val, p_val))
ece_test = report.glue("ece_test", expected_calibration_error(y_test, p_test))
bins_used = int(np.unique(np.clip(np.floor(p_test * 10), 0, 9)).size)
if bins_used <= 2:
    spread = (f"On this run the test scores all lie between {p_test.min():.3f} and "
              f"{p_test.max():.3f}, in {bins_used} of the 10 bins: the diagram has too "
              "few points to show which way the model leans, and a low ECE means only "
              "that the model gives every face about the share of fakes.")
else:
    spread = (f"On this run the test scores spread over {bins_used} of the 10 bins "
              f"({p_test.min():.2f} to {p_test.max():.2f}): a point above the diagonal "
              "holds more fakes than its scores claim (under-confident there), a "
              "point below fewer (over-confident).")
print(f"ECE: validation {ece_val:.3f}, test {ece_test:.3f}")
print(report.glue("spread_sentence", spread))
calibration.plot_reliability({"validation": (y_val, p_val), "test": (y_test, p_test)},
                             title="Model 1, raw scores");

# %% [markdown]
# The raw scores have an ECE of {glue:text}`ece_val:.3f` on validation and
# {glue:text}`ece_test:.3f` on test. {glue:text}`spread_sentence` Neural networks are often
# mis-calibrated (Guo et al. 2017 found modern networks over-confident). With
# {glue:text}`n_val` validation and {glue:text}`n_test` test faces the points are noisy: each
# rests on the faces in its bin.
#
# ECE measures calibration, not discrimination. A useless score that gives every face `0.5` on
# a balanced set has an ECE of zero: it says "one in two" and one in two is fake. Read the ECE
# next to the ROC-AUC ({glue:text}`auc_test:.3f` on this run), never instead of it.
#
# ### Rescaling on validation, measuring on test
#
# Both rescalings work on the [logit](https://dfkit-course.github.io/deepfake-course/glossary.html#term-logit), log(p / (1 − p)): the score before the model's last
# sigmoid, 0 at p = `0.5`, positive for fake-leaning faces. **Temperature scaling** (Guo et al.
# 2017) divides the logit by one number T, fitted on validation to minimise the **log loss**
# (the average of −log of the probability given to each face's true label, which punishes
# confident mistakes most). T > 1 pulls scores towards `0.5`: it softens over-confident
# scores. T < 1 pushes them away from `0.5`: it sharpens under-confident ones. **Platt
# scaling** (Platt 1999) fits a logistic regression of the labels on the logit:
# sigmoid(a·logit + b). Both are fitted on the validation split and applied unchanged to test.

# %%
temperature = report.glue("temperature", calibration.fit_temperature(y_val, p_val))
platt_a, platt_b = calibration.fit_platt(y_val, p_val)
test_versions = {"raw": p_test,
                 "temperature": calibration.apply_temperature(p_test, temperature),
                 "Platt": calibration.apply_platt(p_test, platt_a, platt_b)}
rescaled = pd.DataFrame({name: {"ECE": expected_calibration_error(y_test, p),
                                "log loss": calibration.log_loss(y_test, p)}
                         for name, p in test_versions.items()}).T
ece_t = report.glue("ece_test_temperature", rescaled.loc["temperature", "ECE"])
ece_p = report.glue("ece_test_platt", rescaled.loc["Platt", "ECE"])
if temperature > 1.05:
    case = "T > 1: the validation scores were over-confident, and are softened"
elif temperature < 0.95:
    case = "T < 1: the validation scores were under-confident, and are sharpened"
else:
    case = "T is close to 1: the validation scores needed little change"
worse = [name for name, e in (("temperature", ece_t), ("Platt", ece_p)) if e > ece_test]
if worse:
    effect = (f"On this run {' and '.join(worse)} scaling made the test ECE worse than "
              f"the raw scores': fitted on {n_val} validation faces, the rescaling did "
              "not carry over to test.")
else:
    effect = "On this run both rescalings lowered the test ECE."
report.glue("temperature_case", case)
print(f"T = {temperature:.3f} ({case}); Platt a = {platt_a:.3f}, b = {platt_b:.3f}")
print(report.glue("rescale_effect", effect))
rescaled.round(3)

# %%
calibration.plot_reliability({"raw": (y_test, p_test),
                              "temperature": (y_test, test_versions["temperature"])},
                             title="test split, before and after");

# %% [markdown]
# Fitted on validation, T = {glue:text}`temperature:.2f`, so {glue:text}`temperature_case`.
# On test, the ECE goes from {glue:text}`ece_test:.3f` (raw) to
# {glue:text}`ece_test_temperature:.3f` with temperature scaling and
# {glue:text}`ece_test_platt:.3f` with Platt scaling. {glue:text}`rescale_effect` Whether a
# rescaling helps on test is a measurement, not a given: it was fitted on
# {glue:text}`n_val` validation faces.
#
# ### Calibration belongs to a prevalence
#
# The rescaled scores were calibrated on a validation split with about as many fakes as real
# faces, and they carry that prevalence with them: by Bayes' rule, a face scored `0.5` on a
# balanced set is fake with probability π where a share π of faces is fake. A [prior shift](https://dfkit-course.github.io/deepfake-course/glossary.html#term-prior-shift)
# is such a change in the share of fakes between where scores were calibrated and where they are
# used. The correction (Saerens et al. 2002) multiplies each score's odds, p / (1 − p), by the
# ratio of the **prior odds**, π / (1 − π), the odds of a face being fake before the model looks
# at it, at the new prevalence and at the old one: `base_rates.shift_prior` does it. We reweight
# the test split to 1 fake in 10 and in 100 and measure the ECE of the same scores there, before
# and after the correction.

# %%
p_test_t = test_versions["temperature"]
val_prevalence = y_val.mean()
shift_rows = {}
for pi in (0.5, 0.1, 0.01):
    w = base_rates.prevalence_weights(y_test, pi)
    shifted = base_rates.shift_prior(p_test_t, pi, from_prevalence=val_prevalence)
    shift_rows[f"1 fake in {round(1 / pi)}"] = {
        "ECE as calibrated": expected_calibration_error(y_test, p_test_t,
                                                        sample_weight=w),
        "ECE prior-shifted": expected_calibration_error(y_test, shifted,
                                                        sample_weight=w)}
shift = pd.DataFrame(shift_rows).T
report.glue("ece_at_half", shift.iloc[0, 0])
ece_1, ece_1_shifted = shift.iloc[-1, 0], shift.iloc[-1, 1]
report.glue("ece_at_1pct", ece_1)
report.glue("ece_at_1pct_shifted", ece_1_shifted)
report.glue("shift_verdict", "lowered" if ece_1_shifted < ece_1 else "did not lower")
shift.round(3)

# %%
w_1 = base_rates.prevalence_weights(y_test, 0.01)
calibration.plot_reliability(
    {"as calibrated": (y_test, p_test_t),
     "prior shifted": (y_test, base_rates.shift_prior(p_test_t, 0.01, val_prevalence))},
    weights={"as calibrated": w_1, "prior shifted": w_1},
    title="test reweighted to 1 fake in 100");

# %% [markdown]
# At 1 fake in 2 the rescaled scores have an ECE of {glue:text}`ece_at_half:.3f`. At 1 fake in
# 100 the same scores have {glue:text}`ece_at_1pct:.3f`; the prior shift
# {glue:text}`shift_verdict` it, to {glue:text}`ece_at_1pct_shifted:.3f`. (At a low prevalence
# the ECE is dominated by the real faces, which are most of what a deployed detector sees.)
# A score is a probability only for the prevalence it was calibrated at. The correction needs
# that prevalence, which in deployment is rarely known and changes over time.
#
# Calibration also gives section 1's threshold without a search: with scores that are
# probabilities at the deployment prevalence, flagging a face is cheaper than leaving it exactly
# when P(fake) > cost_false_alarm / (cost_false_alarm + cost_miss) (Elkan 2001).
# `base_rates.bayes_threshold` turns that into a threshold on the rescaled scores; we compare its
# cost on test with the threshold searched on validation.

# %%
t_bayes = report.glue("t_bayes", base_rates.bayes_threshold(
    deploy_prevalence, cost_fp, cost_fn, from_prevalence=val_prevalence))
r_bayes, s_bayes = base_rates.rates(y_test, p_test_t, t_bayes)
cost_bayes = report.glue("cost_bayes", 1000 * base_rates.expected_cost(
    r_bayes, s_bayes, deploy_prevalence, cost_fp, cost_fn))
n_flagged = int(np.sum(p_test_t >= t_bayes))
report.glue("bayes_flags",
            "flags no test face at all, so it costs exactly what flagging nothing costs"
            if n_flagged == 0 else f"flags {n_flagged} of the {n_test} test faces")
print(f"Bayes threshold on the rescaled scores: {t_bayes:.3f}; it flags {n_flagged} "
      f"test faces; test cost per 1,000 faces {cost_bayes:.1f} (searched on "
      f"validation: {cost_chosen:.1f}, flag nothing: {cost_nothing:.1f})")

# %% [markdown]
# On test, the formula's threshold ({glue:text}`t_bayes:.3f` on the rescaled scores)
# {glue:text}`bayes_flags`; it costs {glue:text}`cost_bayes:.1f` per 1,000 faces, against
# {glue:text}`cost_chosen:.1f` for the one searched on validation and
# {glue:text}`cost_nothing:.1f` for flagging nothing. The formula is only as good as the
# calibration it trusts; the search is only as good as the validation faces it counts.
#
# ### A kind of fake the model never saw
#
# The synthetic set has two manipulation families (chapter 08): face swaps and GAN-style
# up-sampled faces. We train the same model on real faces and GAN fakes only, calibrate it with
# temperature scaling on its own validation split (real faces and GAN fakes), and score the
# test split's real faces with each family of fakes. (This needs the synthetic set's `family`
# column; on a real data set without it the cell says so and the section is skipped.)

# **q2 (predict, then run).** Before you run the experiment: compared with the GAN fakes it was
# trained on, the never-seen face swaps get a mean calibrated P(fake) that is (a) higher, (b) about
# the same (within `0.05`), or (c) lower.

# %%
from dfkit.course.exercises.ch10 import q2  # noqa: E402

q2_prediction = ____  # "a", "b" or "c": commit before running the next cell

# %%
seen, unseen = "gan", "faceswap"
if "family" in data.test and set(data.test["family"]) >= {seen, unseen}:
    parts = family_splits(data.splits, seen)
    seen_only = Splits(parts["train"], parts["val"], parts[f"test {seen}"],
                       data.splits.strategy)
    family_model, _ = training.train_model("cnn", seen_only, profile, inputs, verbose=0)

    def score(frame):
        return training.predict(family_model, training.batches(frame, profile, inputs))

    t_family = calibration.fit_temperature(parts["val"]["y"].to_numpy(),
                                           score(parts["val"]))
    p_family = calibration.apply_temperature(score(data.test), t_family)
    family = data.test["family"].to_numpy()
    family_rows, family_curves = {}, {}
    for name in (seen, unseen):
        keep = (y_test == 0) | (family == name)
        y_f, p_f = y_test[keep], p_family[keep]
        family_curves[f"real + {name}"] = (y_f, p_f)
        family_rows[f"{name} ({'seen' if name == seen else 'unseen'})"] = {
            "fakes": int(y_f.sum()),
            "mean P(fake)": p_f[y_f == 1].mean(),
            "recall@0.5": np.mean(p_f[y_f == 1] >= 0.5),
            "ECE": expected_calibration_error(y_f, p_f),
            "ROC-AUC": metrics.summary(y_f, p_f)["roc_auc"]}
    families = pd.DataFrame.from_dict(family_rows, orient="index")
    mean_seen, mean_unseen = families["mean P(fake)"]
    ece_seen, ece_unseen = families["ECE"]
    auc_seen, auc_unseen = families["ROC-AUC"]
    if auc_seen < 0.6:
        family_sentence = (
            "On this run the model did not learn even the family it was trained on "
            f"(ROC-AUC {auc_seen:.3f} on real faces and {seen} fakes; 0.5 is chance), "
            "so it cannot show what a new family does: its mean scores "
            f"({mean_seen:.3f} for the {seen} fakes, {mean_unseen:.3f} for the "
            f"never-seen {unseen} fakes) say nothing about a new family when the model "
            "has not learned the old one. Run the laptop profile to see the check do "
            "its work.")
        family_short = ("could not show this, because its model had not learned even "
                        "the family it was trained on")
    else:
        gap = mean_unseen - mean_seen
        moved = ("did not shift the mean score (within 0.05)" if abs(gap) <= 0.05 else
                 f"shifted the mean score {'down, towards real' if gap < 0 else 'up'}")
        held = ("held" if ece_unseen <= ece_seen + 0.02 else "got worse")
        family_sentence = (
            f"The model learned the family it was trained on (ROC-AUC {auc_seen:.3f}; "
            f"on the never-seen family {auc_unseen:.3f}). Its fakes get a mean P(fake) "
            f"of {mean_seen:.3f}, the never-seen {unseen} fakes {mean_unseen:.3f}: on "
            f"this run the new family {moved}. The ECE is {ece_seen:.3f} with the seen "
            f"fakes and {ece_unseen:.3f} with the unseen ones: calibration {held}.")
        family_short = f"found that a never-seen family {moved}"
else:
    families, mean_seen, mean_unseen, auc_seen = None, np.nan, np.nan, np.nan
    family_sentence = ("This data set has no 'family' column with both families: it "
                       "cannot test an unseen kind of fake.")
    family_short = "could not test this: the data set records no families"
report.glue("mean_seen", mean_seen)
report.glue("mean_unseen", mean_unseen)
report.glue("auc_seen", auc_seen)
report.glue("family_short", family_short)
print(report.glue("family_sentence", family_sentence))
families.round(3) if families is not None else None

# %%
if families is not None:
    calibration.plot_reliability(family_curves, title=f"trained on {seen} only");

# %%
q2.check()

# %% [markdown]
# {glue:text}`family_sentence`
#
# A rescaling fitted on validation can only be as good as the validation set is like the world:
# no validation split contains next year's generator. (One training run on one synthetic data
# set: treat this as a demonstration of the check, not as a measurement of how real detectors
# generalise; chapter 08 runs it over seeds.)

# %% [markdown]
# ## 3 · Who pays for a false positive?
#
# A false positive is a real person's photo called fake: an account suspended, a witness's video
# dismissed, a journalist's source doubted. Such costs may fall unevenly on some groups of people.
# We look at the test split's **real faces only** and count those flagged at the operating point
# (threshold chosen on validation for recall `0.95`), by every group the data records. Intervals
# resample whole identities (a [cluster bootstrap](https://dfkit-course.github.io/deepfake-course/glossary.html#term-cluster-bootstrap)): the faces
# of one person are not independent evidence.

# %%
results = errors.results_table(data.test, p_test, threshold=t_recall)
real = results[results["y"] == 0].reset_index(drop=True)
fp_rate, fp_low, fp_high = metrics.error_rate_interval(real["wrong"].to_numpy(),
                                                       groups=real["group"].to_numpy())
per_person = real.groupby("group")["wrong"].agg(["mean", "size"])
report.glue("fp_rate", fp_rate)
report.glue("fp_low", fp_low)
report.glue("fp_high", fp_high)
report.glue("n_people", len(per_person))
report.glue("faces_per_person", int(per_person["size"].median()))
report.glue("people_all_flagged", int((per_person["mean"] == 1).sum()))
report.glue("people_none_flagged", int((per_person["mean"] == 0).sum()))
print(f"real test faces flagged: {fp_rate:.3f} (95% interval "
      f"{fp_low:.3f}-{fp_high:.3f}, {len(per_person)} people, median "
      f"{int(per_person['size'].median())} faces each)")
per_person.sort_values("mean", ascending=False).head(8).rename(
    columns={"mean": "share flagged", "size": "real faces"}).round(3)

# %% [markdown]
# Of the real test faces, {glue:text}`fp_rate:.3f` are flagged (interval at the `95%` level:
# {glue:text}`fp_low:.3f` to {glue:text}`fp_high:.3f`, resampling the
# {glue:text}`n_people` people of the test split, about {glue:text}`faces_per_person` real faces
# each; on a real data set the groups are whatever its `group` column records, such as source
# videos). For {glue:text}`people_all_flagged` of them every real face was flagged; for
# {glue:text}`people_none_flagged`, none. When every person in a set was flagged, or none was,
# resampling people cannot move the rate and the bootstrap interval would shrink to a point;
# `metrics.error_rate_interval` then gives Wilson's interval on the number of people instead,
# which stays honestly wide for a few people. A per-person rate from a handful of faces is
# mostly noise, so we pool people by what the data records about them.
#
# The synthetic generator gives each identity a skin colour on a line through four palette
# colours, at a tone parameter drawn uniformly along it, and records per image the lighting
# gain and whether a shadow was cast. The manifest stores the identity, so we recompute its
# skin colour with the generator's own `synthetic.make_identity` and its lightness as
# **relative luminance** (the standard weighted sum of the red, green and blue values, with
# weights for how bright each looks to the eye). We cut the lightness at the palette's inner
# colours into three bands, one per stretch between neighbouring palette colours: the bands are
# equally likely for an identity (each is a third of the tone parameter's range) but not equally
# wide in lightness, and the test split's few people fall where they fall. The lighting gain is
# drawn uniformly between `0.65` and `1.25`; we cut it into thirds, at `0.85` and `1.05`.

# %%
fp_tables = {}
if "identity" in real and data.source == "synthetic":
    luminance = (0.2126, 0.7152, 0.0722)  # relative luminance of an RGB colour
    lightness = {
        i: float(np.dot(synthetic.make_identity(profile.seed, i).skin, luminance))
        for i in real["identity"].unique()}
    real["skin lightness"] = real["identity"].map(lightness)
    # the palette's four colours have lightness 0.33, 0.55, 0.70 and 0.84: three bands
    real["skin"] = pd.cut(real["skin lightness"], [0.0, 0.552, 0.702, 1.0],
                          labels=["darker", "middle", "lighter"])
    # the generator draws the gain uniformly in [0.65, 1.25]: three equal thirds
    real["lighting"] = pd.cut(real["lighting_gain"], [0.0, 0.85, 1.05, 2.0],
                              labels=["dim", "medium", "bright"])
    shown = {"images": "faces", "errors": "flagged", "error_rate": "rate",
             "groups": "people"}
    for column in ("skin", "lighting", "shadowed"):
        fp_tables[column] = metrics.error_rates_by(real, column, groups="group")
        print(f"\nreal faces flagged, by {column}")
        print(fp_tables[column].rename(columns=shown).to_string(
            index=False, float_format=lambda v: f"{v:.3f}"))
    by_skin = fp_tables["skin"].sort_values("error_rate")
    low, high = by_skin.iloc[0], by_skin.iloc[-1]
    if np.isnan([low["high"], high["low"]]).any():  # one person in a band: no interval
        overlap = "cannot be compared"
    else:
        overlap = "do not overlap" if low["high"] < high["low"] else "overlap"

    def band(row):
        interval = ("one person only, no interval" if np.isnan(row["low"])
                    else f"interval {row['low']:.2f} to {row['high']:.2f}")
        people = "1 person" if row["groups"] == 1 else f"{row['groups']} people"
        rate = f"{row['error_rate']:.2f}"
        return f"the {row['skin']} band at {rate} ({people}; {interval})"

    apart = [f"{column} = {b[column]} more than {column} = {a[column]}"
             for column, t in fp_tables.items()
             for _, a in t.iterrows() for _, b in t.iterrows() if a["high"] < b["low"]]
    skin_sentence = (
        f"On this run, real faces were flagged most in {band(high)} and least in "
        f"{band(low)}: the two intervals {overlap}. Pairs of levels whose intervals do "
        f"not overlap, over all three attributes: {'; '.join(apart) or 'none'}.")
else:
    skin_sentence = ("This data set records no per-person attribute beyond the group: "
                     "only the overall rate and the per-group spread above can be "
                     "measured.")
print(report.glue("skin_sentence", skin_sentence))

# %%
for column, table in fp_tables.items():
    plots.error_rates(table, column, title=f"real faces flagged, by {column}",
                      ylabel="false-positive rate", count="groups",
                      count_name="people");

# %% [markdown]
# {glue:text}`skin_sentence`
#
# Read the intervals before the bars (each bar's label counts the people behind it). With
# {glue:text}`n_people` people in the test split, each skin band holds only a few of them, and
# an interval that spans most of the scale says only that the data cannot tell. (Lighting and
# shadows vary between one person's faces, but the intervals still resample people: their faces
# share everything else.) Where intervals do not overlap, the difference is one of *this*
# generator's cartoon faces and *this* model: a finding to investigate (what in the drawing
# makes lighter faces look fake to it, or darker ones?), not a fact about people.
#
# **What this course cannot measure, plainly.** The synthetic faces are drawings: their "skin
# tones" are four colours chosen by the course's authors, not people, and a difference or its
# absence here says nothing about any real group. The DFDC faces the course measures on (loaded
# with `datasets.kaggle_deepfake_faces`, described in the course's `real_data.md`) record only the
# source video of each face: no age, gender, skin tone or other attribute, so their false-positive
# rates cannot be broken down by group at all; the DFDC organisers' preview paper (Dolhansky et
# al. 2019) says the actors were recruited with diversity of gender, skin tone and age in mind,
# but our copy carries no such labels. The paper's Mendeley data set comes from 30 real videos
# (`real_data.md`): far too few to compare groups of people with any confidence, and the course
# reads nothing about them but the video from the file names. A fairness claim about a deepfake
# detector needs a test set with consented, recorded attributes and enough people per group; none
# of ours has them.

# %% [markdown]
# ## 4 · Limits and ethics of a face-crop detector
#
# **What it cannot know.** The model sees one square crop of one face. It does not see the rest of
# the frame, the audio, the video's motion, where the file came from, who posted it, or what it
# claims. Misleading media can be real footage with a false caption, an edited voice track or a
# cut: no face-crop classifier can detect those, and a real face in a misleading video passes as
# real. It knows only the generators in its training data: on our synthetic set, this run's
# section 2 {glue:text}`family_short`; the organisers of the DeepFake Detection Challenge
# reported that the winning entry reached about 65% accuracy on their held-back
# black-box test set (Facebook AI's results announcement, June 2020; Dolhansky et al. 2020,
# arXiv:2006.07397, analyse the top entries). Provenance standards that sign media at capture
# (such as the C2PA's content credentials) address a different question, where a file came from,
# that a classifier cannot answer.
#
# **Dual use.** A detector whose scores anyone can query is also a training signal: a
# generator can be tuned until the detector calls its output real, which is how a GAN's
# discriminator is used. Publishing a detector, or a per-face score, can make the next fakes
# harder to catch; publishing what it fails on helps both sides.
#
# **Consent and licences of face data.** A face data set holds pictures of people. The DFDC videos
# were recorded with paid actors who agreed to have their likenesses used and modified (Dolhansky
# et al. 2020, arXiv:2006.07397). As the course understands the DFDC terms (`real_data.md`
# summarises them), they allow research use and do not allow redistribution, which is why its
# faces never ship with the course; this summary is not legal advice, so read the terms on the
# data set's page yourself before any use beyond study. The paper's data set (Mendeley Data
# `pdcp9mjy3z`) is published under CC BY 4.0, which lets anyone reuse it with attribution; a
# licence from the publisher of a data set does not by itself show that the people filmed agreed
# to have their faces swapped, and the paper says nothing about it. The synthetic faces of this
# course depict no one, which is one reason the course draws them.
#
# **Reporting a detector honestly.** Model cards (Mitchell et al. 2019, "Model Cards for Model
# Reporting") ask a model's builders to state its intended use and the uses it is not fit for,
# the data it was evaluated on, and its results broken down by the groups and conditions that
# matter, with their uncertainty. For a deepfake detector that means, at least: the prevalence
# and the costs a threshold was chosen for, precision at realistic prevalences next to recall,
# specificity and its interval, calibration and the prevalence it holds at, results on
# generators not in training, per-group false-positive rates or a plain statement that they
# could not be measured, and what the detector does not look at. fastbook's data ethics chapter
# (Howard and Gugger 2020, chapter 3) adds the questions to ask before deploying: who can appeal
# a wrong flag (recourse), who is accountable, and what feedback loops the system creates.

# %% [markdown]
# ## Summary
#
# * Precision depends on prevalence. At 1 fake in 100, the paper's ResNet-style model would be
#   right in {glue:text}`paper_precision:.1%` of its flags; our Model 1 in
#   {glue:text}`ours_precision:.1%` of them. Report precision at realistic prevalences, and the
#   real faces flagged per fake caught.
# * A threshold is a decision about a prevalence and the price of each mistake: choose it on
#   validation, apply it to test, and compare it with doing nothing.
# * A score is a probability only if it is calibrated, and only at the prevalence it was
#   calibrated at. Reliability diagrams and ECE measure it (calibration, not discrimination: a
#   useless score can be well calibrated); temperature or Platt scaling fitted on validation may
#   repair it, and the test split says whether it did; a prior shift moves it to another
#   prevalence. A generator the model never saw can break a detector: the DFDC winners scored
#   about 65% accuracy on the challenge's held-back black-box test set (Dolhansky et al. 2020). On
#   our synthetic set, this run {glue:text}`family_short`.
# * False positives fall on real people. Measure them by every group the data records, with
#   intervals that resample people, and say plainly what the data cannot show.
# * A face crop is not the whole story: context, provenance, audio and new generators are
#   outside what this detector can know. Say so when reporting it.

# %% [markdown]
# ## Exercises
#
# q1 and q2 were the predictions above. Four more follow.

# %%
from dfkit.course.exercises.ch10 import q3, q4, q5, q6  # noqa: E402

# %% [markdown]
# **q3 (implement).** Below some prevalence, most of a detector's flags are false alarms. Write
# `break_even_prevalence(recall, specificity)`: the prevalence at which exactly half of the
# flagged faces are fake (as many real faces flagged as fakes caught). Check your answer with
# `base_rates.precision_at_prevalence`, which must give `0.5` there. The checker tries it on
# inputs you have not seen, including arrays.

# %%
def break_even_prevalence(recall, specificity):
    return ____


q3.check()

# %% [markdown]
# **q4 (modify the experiment).** Suppose the platform decides a missed fake is as bad as 100
# real people wrongly flagged, not 20. Choose the threshold again on validation
# (`base_rates.cost_threshold`, same prevalence `deploy_prevalence`), store it in
# `threshold_costly_miss`, and store the **test** recall at that threshold in
# `recall_costly_miss` (rounded to 2 decimals). Did the threshold go up or down compared with
# `t_cost`? Store `"up"`, `"down"` or `"same"` in `direction_costly_miss`, and before you run
# the check, write down why you expect that direction; the check then tells you its reason.

# %%
threshold_costly_miss = ____
recall_costly_miss = ____
direction_costly_miss = ____  # "up", "down" or "same"
q4.check()

# %% [markdown]
# **q5 (explain).** You fit a temperature T on validation and apply it to the test scores. Which
# is true? Set `q5_answer` to a letter.
#
# - (a) The faces flagged at threshold `0.5` are exactly the same before and after.
# - (b) With T > 1, some fakes scored above `0.5` fall below it, so recall at `0.5` drops.
# - (c) The ROC-AUC changes, because the scores change.
# - (d) Temperature scaling must be fitted on test, because test is what we report.

# %%
q5_answer = ____
q5.check()

# %% [markdown]
# **q6 (explain).** A news organisation plans to announce
# `"our deepfake detector is 95% accurate"`. In two or three full sentences, what must an
# honest report add, and why? Store your answer as a string in `q6_answer`.

# %%
q6_answer = ____
q6.check()

# %% [markdown]
# ## Questionnaire
#
# 1. Why does precision depend on prevalence while recall and specificity do not?
# 2. How many real faces does the paper's ResNet-style model flag for every fake it catches at
#    1 fake in 100? At 1 in 1,000? At what prevalence does it flag as many real faces as fakes?
# 3. Why is "flag nothing" a baseline worth reporting at a low prevalence?
# 4. Which two quantities, not measurable on a test set, decide the best threshold?
# 5. What does a reliability diagram plot, and what does a point below the diagonal mean?
# 6. Why is ECE computed with bins, and what goes wrong with very few faces per bin?
# 7. What does temperature scaling change, and what does it leave unchanged?
# 8. Why are scores calibrated on a balanced validation split wrong at 1 fake in 100?
# 9. Why can no validation split guarantee calibration on a new generator?
# 10. Why must intervals for a group's false-positive rate resample people, not images?
# 11. Name three things a face-crop classifier cannot see.
# 12. What is the difference between a data set's licence and the consent of the people in it?
#
# ## Further research
#
# 1. Compute the DFDC preview paper's weighted precision (Dolhansky et al. 2019, arXiv:1910.08854)
#    for our model and compare it with `base_rates.precision_at_prevalence`. What prevalence
#    does its weight assume?
# 2. Run this chapter on the DFDC faces (`DFKIT_DATA`): how calibrated is Model 1 there, and does
#    temperature scaling fitted on DFDC validation faces transfer to the test faces?
# 3. Write a model card (Mitchell et al. 2019) for the best detector of this course, with every
#    number taken from a run and every limit of section 4 that applies.
#
# ## References
#
# - Dolhansky, B., et al. (2019). The Deepfake Detection Challenge (DFDC) Preview Dataset.
#   arXiv:1910.08854, 2019.
# - Dolhansky, B., et al. (2020). The DeepFake Detection Challenge (DFDC) Dataset.
#   arXiv:2006.07397, 2020.
# - Elkan, C. (2001). The foundations of cost-sensitive learning. IJCAI.
# - Facebook AI (2020, June). Deepfake Detection Challenge results: an open initiative to
#   advance AI. Blog post announcing the results.
# - Guo, C., Pleiss, G., Sun, Y., Weinberger, K. Q. (2017). On calibration of modern neural
#   networks. ICML.
# - Howard, J., Gugger, S. (2020). Deep Learning for Coders with fastai and PyTorch (fastbook),
#   chapter 3: Data Ethics. O'Reilly.
# - Mitchell, M., et al. (2019). Model Cards for Model Reporting. FAT* 2019, arXiv:1810.03993.
# - Platt, J. (1999). Probabilistic outputs for support vector machines and comparisons to
#   regularized likelihood methods. In Advances in Large Margin Classifiers, MIT Press.
# - Saerens, M., Latinne, P., Decaestecker, C. (2002). Adjusting the outputs of a classifier to
#   new a priori probabilities: a simple procedure. Neural Computation.
