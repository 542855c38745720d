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
# # 11 · Scores you can trust, and who pays for a mistake: calibration, fairness and ethics
#
# **Learning objectives.** After this chapter you can
# - draw a reliability diagram, compute the expected calibration error, and rescale a model's
#   scores with temperature or Platt scaling fitted on validation data;
# - move calibrated scores to another prevalence, and check, on one run, how calibration
#   holds when a new kind of fake arrives;
# - measure who is wrongly flagged, by the groups a data set records, with intervals that
#   resample identity groups;
# - say what a face-crop detector and this course cannot know, and what an honest report of a
#   detector contains.
#
# **Time it takes.** The cells run in about a minute on a 2-core laptop CPU, no GPU needed
# (62 s when the chapter was opened on its own, as in a fresh Colab runtime, where it makes
# its data and trains its two models; default `laptop` profile, 2026-12-07,
# [benchmarks/README.md](https://github.com/dfkit-course/deepfake-course/blob/main/benchmarks/README.md)).
# Its epoch lines print the seconds each epoch took in the run you see. Colab's CPU or a
# busy machine can take several times longer, and a fresh Colab runtime installs `dfkit`
# first.
#
# Chapter 10 counted flags: at 1 fake in 100, most flags of a detector run for high recall are
# false alarms, and the best threshold depends on the prevalence and the price of each mistake.
# This chapter reads the scores behind the flags (does a score of `0.9` mean nine in ten?), then
# the people behind the false alarms, then the limits of any face-crop detector.

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

    importlib.invalidate_caches()  # so it imports without a restart

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from dfkit import course, training
from dfkit.course import plots, readings, report
# Set-up for the exercises (not an exercise): the blank ____ your answers
# start as.
from dfkit.course.exercises.ch11 import ____
from dfkit.data import Splits, synthetic
from dfkit.evaluation import base_rates, calibration, error_analysis, metrics
from dfkit.evaluation.ablation import family_splits
from dfkit.evaluation.calibration import reliability_bins

data = course.prepare()
profile = data.profile

# %% [markdown]
# ## The detector: chapter 10's Model 1
#
# The same model as chapter 10: the simple CNN on RGB input, trained with early stopping on
# validation AUC, with the same seed (so the same scores), its threshold for a recall of `0.95`
# chosen on validation, and chapter 10's deployment: 1 fake in 100, a miss as costly as 20 false
# alarms. At the default `laptop` profile it works on this synthetic set (the record in
# [benchmarks/README.md](https://github.com/dfkit-course/deepfake-course/blob/main/benchmarks/README.md) gives a test ROC-AUC of 0.924 on RGB, 3 seeds); a ROC-AUC near `0.5`, which the short `ci`
# profile can give, means some effects below will not show.

# %%
inputs = "rgb"
model, model1_history = training.train_model(
    "cnn", data.splits, profile, inputs, verbose=0,
    callbacks=[training.EpochLog()])
val, test = (training.batches(frame, profile, inputs)
             for frame in (data.val, data.test))
p_val, p_test = training.predict(model, val), training.predict(model, test)
y_val, y_test = val.labels.astype(int), test.labels.astype(int)
t_recall = metrics.threshold_for_recall(y_val, p_val, 0.95)
deploy_prevalence, cost_fp, cost_fn = 0.01, 1, 20
t_cost = base_rates.cost_threshold(y_val, p_val, deploy_prevalence,
                                   cost_fp, cost_fn)
n_val, n_test = len(y_val), len(y_test)
test_auc = metrics.summary(y_test, p_test)["roc_auc"]
pd.Series({"profile": profile.name, "validation faces": n_val,
           "test faces": n_test, "test ROC-AUC": round(test_auc, 3),
           "threshold for recall 0.95": round(t_recall, 3),
           "least-cost threshold (chapter 10)": round(t_cost, 3)},
          name="this run").to_frame()

# %% [markdown]
# ## 1 · Calibration: does a score of `0.9` mean nine in ten?
#
# A model's output is called a probability; it is one (it has good
# [calibration](https://dfkit-course.github.io/deepfake-course/glossary.html#term-calibration))
# only if, among the faces it scores about `0.9` (say), about nine in ten really are fake. A
# [reliability diagram](https://dfkit-course.github.io/deepfake-course/glossary.html#term-reliability-diagram)
# bins the scores and plots, per bin, the share that is fake against the mean score; a
# calibrated model lies on the diagonal. A point above the diagonal holds more fakes than its
# scores claim, a point below fewer; which of those is over-confidence depends on the side of
# `0.5`:
#
# | a bin of scores… | above the diagonal (more fakes than claimed) | below the diagonal (fewer) |
# |---|---|---|
# | below `0.5` (says "real") | over-confident: too sure they are real | under-confident: should say "real" more firmly |
# | above `0.5` (says "fake") | under-confident: should say "fake" more firmly | over-confident: too sure they are fake |
#
# Over-confident on both sides, the curve is flatter than the diagonal; under-confident on both,
# steeper. Below the diagonal on both sides (under-confident below `0.5`, over-confident above),
# every score is too high: shifted towards "fake"; above on both sides, towards "real".
#
# A single face is fake or not, so the share of fakes at a score can only be estimated from many
# faces with similar scores: that is why the diagram bins the scores. The
# [expected calibration error (ECE)](https://dfkit-course.github.io/deepfake-course/glossary.html#term-expected-calibration-error-ece)
# averages the absolute gap (share of fakes minus mean score, its sign dropped) over the bins,
# weighted by how many faces each bin holds; a mean of signed gaps, as the readings below give
# per side, can be near 0 while the ECE is not. The bins come from
# `calibration.reliability_bins`, which bins as scikit-learn's `calibration_curve` does. (The
# `sample_weight` argument is for the prevalence section below.) As in chapter 02, `# @save`
# marks a cell whose code is the same as dfkit's function of that name (a test checks it).

# %%
# @save dfkit.evaluation.calibration
def expected_calibration_error(
        y_true: np.ndarray, p_fake: np.ndarray, n_bins: int = 10,
        strategy: str = "uniform",
        sample_weight: np.ndarray | None = None) -> float:
    """ECE: the gap between predicted P(fake) and the share of fakes,
    averaged over bins weighted by how many images (or how much weight)
    each bin holds. 0 is calibrated."""
    bins = reliability_bins(y_true, p_fake, n_bins, strategy, sample_weight)
    share = bins["weight"] / bins["weight"].sum()  # each bin's share of weight
    return float(np.sum(share * np.abs(bins["gap"])))


# %% [markdown]
# The table gives the raw scores' ECE on each split, and how many of the ten bins their scores
# fill: a diagram with points in only one or two bins cannot show which way a model leans.
# Do not read the two ECEs against each other: the smaller split has the higher floor of
# chance (measured for both splits further down, under "An ECE is never exactly 0").

# %%
splits = {"validation": (y_val, p_val), "test": (y_test, p_test)}
raw = pd.DataFrame({
    name: {"ECE": expected_calibration_error(y, p),
           "bins with scores": len(reliability_bins(y, p)),  # non-empty ones
           "lowest score": p.min(), "highest score": p.max(), "faces": len(y)}
    for name, (y, p) in splits.items()}).T
raw = raw.astype({"bins with scores": int, "faces": int})
calibration.plot_reliability(splits, title="Model 1, raw scores", sized=True)
plt.show()
raw.round(3)

# %% [markdown]
# Neural networks are often mis-calibrated (Guo et al. 2017 found large modern networks
# over-confident; a small one can lean either way: the reading below says whether this one
# leans, and which way). With as few faces as the table's `faces` column counts, the points are
# noisy: each rests on the faces in its bin, and a bin with a handful of faces can sit far from the diagonal by
# chance.
#
# ECE measures calibration, not discrimination. A useless score that gives every face `0.5` on
# a balanced set has an ECE of zero: it says "one in two" and one in two is fake. Read the ECE
# next to the ROC-AUC, never instead of it.
#
# ### Rescaling on validation, measuring on test
#
# Both rescalings work on the
# [logit](https://dfkit-course.github.io/deepfake-course/glossary.html#term-logit),
# log(p / (1 − p)): the score before the model's last sigmoid, 0 at p = `0.5`, positive for
# fake-leaning faces. **Temperature scaling** (Guo et al. 2017) divides the logit by one number
# T, fitted on validation to minimise the **log loss** (the average of −log of the probability
# given to each face's true label, which punishes confident mistakes most). T > 1 pulls scores
# towards `0.5`: it softens over-confident scores. T < 1 pushes them away from `0.5`: it
# sharpens under-confident ones. It moves the two sides of `0.5` opposite ways, so it cannot
# correct a shift. **Platt scaling** (Platt 1999) fits a logistic regression of the labels on
# the logit: sigmoid(a·logit + b). Its `a` sharpens (above 1) or softens (below 1) like 1/T.
# With `a` ≠ 1 the map leaves one score unchanged, its **crossing**: the logit z with
# a·z + b = z, so z = b / (1 − a). (That is where the map's own curve meets the line
# output = input, not the reliability diagram's diagonal.) The offset `b` moves the crossing
# away from `0.5`; scores on one side of it move up, on the other down. Both are fitted on the
# validation split and applied unchanged to test.
#
# Fitting T is a search for one number: the T whose rescaled validation scores have the lowest
# log loss. The search runs over log T, so that T stays positive and halving T is as far from
# 1 as doubling it; SciPy's bounded scalar minimiser does the searching. `fit_platt` is the
# same idea with two numbers, (a, b), searched together by L-BFGS (a standard numerical
# optimiser for smooth functions of several numbers).

# %%
# @save dfkit.evaluation.calibration
from scipy import optimize

from dfkit.evaluation.calibration import (
    checked_scores, log_loss, logit, sigmoid)


def fit_temperature(y_val: np.ndarray, p_val: np.ndarray,
                    bounds: tuple[float, float] = (0.02, 50.0)) -> float:
    """The T that minimises the validation log loss of sigmoid(logit / T)."""
    y, p, _ = checked_scores(y_val, p_val)  # _: per-face weights, unused here
    if len(np.unique(y)) < 2:
        raise ValueError("fit_temperature needs real and fake faces in the "
                         "validation labels.")
    z = logit(p)

    def loss(log_t: float) -> float:
        return log_loss(y, sigmoid(z / np.exp(log_t)))

    best = optimize.minimize_scalar(loss, bounds=np.log(bounds),
                                    method="bounded", options={"xatol": 1e-6})
    return float(np.exp(best.x))


# %% [markdown]
# The figure draws each fitted map, raw score in, rescaled score out: where a curve runs above
# the dotted identity line it raises scores, below it lowers them. The black dot is Platt's
# crossing. The reading below it sets the maps against the validation diagram, using the
# over- and under-confidence table at the start of this section on the two sides of `0.5`
# (each side's mean gap, share of fakes minus score). Each mean gap rests on a few dozen
# faces, so it comes with an interval that resamples identity groups, as every comparison
# in this chapter does; a side whose interval holds 0 is read as within noise, and the
# pattern the two point estimates make (by the same table) is named as a pattern, not as
# evidence (`readings.ch11.diagram_reading??` shows the code). An **identity
# group** is a person together with the partner whose face the generator pastes onto them;
# resampling whole groups (a
# [cluster bootstrap](https://dfkit-course.github.io/deepfake-course/glossary.html#term-cluster-bootstrap),
# section 2 says more) keeps one person's faces together.

# %%
temperature = fit_temperature(y_val, p_val)
platt_a, platt_b = calibration.fit_platt(y_val, p_val)
print(f"fitted on validation: T = {temperature:.3f}; "
      f"Platt a = {platt_a:.3f}, b = {platt_b:.3f}")
calibration.plot_rescaling_maps(temperature, platt_a, platt_b)
plt.show()

# %%
g_val = data.val["group"].to_numpy()
n_boot = 1_000  # resamples of the identity groups behind each interval


def side_intervals(y, p, groups):
    """Each side's mean gap (below, above 0.5): its 95% interval over
    resampled identity groups (a draw with an empty side is skipped; a
    side empty in every draw has none)."""
    def side_draw(idx):  # both sides' mean gaps, one resample
        return readings.ch11.side_gaps(reliability_bins(y[idx], p[idx]))

    draws = np.array(metrics.draws_with_both_classes(
        side_draw, y, groups, n_boot=n_boot))
    return [np.nanpercentile(c, [2.5, 97.5]) if np.isfinite(c).any()
            else (np.nan, np.nan) for c in draws.T]


side_ci = side_intervals(y_val, p_val, g_val)
report.say(f"The intervals of the diagram's sides below, and of the rescaling "
           f"and family comparisons further on where shown, rest on "
           f"{n_boot:,} resamples of the identity groups; a resample without "
           "both real and fake faces is set aside and another drawn in its "
           "place.")

# %%
bins = reliability_bins(y_val, p_val)  # the validation diagram, bin by bin
report.say(readings.ch11.diagram_reading(bins, temperature, platt_a, platt_b,
                                         model1_history, profile.epochs,
                                         intervals=side_ci))

# %% [markdown]
# To choose without test, each validation face is also rescaled by a fit on the other
# validation faces (`calibration.cross_fitted`, five folds of whole identity groups), and the
# lowest validation log loss chooses among raw, temperature and Platt (raw needs no fit).
# Scored on the faces it was fitted on, a rescaling could never lose to raw (T = 1, or a = 1
# and b = 0, are among its choices), so that comparison would always pick a fit; scored out
# of fold, a fit that only follows the noise of its faces does lose. The log loss chooses,
# not the ECE: it scores every face, while the ECE depends on the bins and is noisy on a split
# this small.

# %%
val_loss = {"raw": calibration.log_loss(y_val, p_val)}  # raw: no fit
for m in ("temperature", "Platt"):
    # each face rescaled by a fit on the others
    p_out_of_fold = calibration.cross_fitted(y_val, p_val, m, groups=g_val)
    val_loss[m] = calibration.log_loss(y_val, p_out_of_fold)
# the lowest log loss; on a tie, the fewer parameters
chosen = readings.ch11.chosen_rescaling(val_loss)
test_versions = {
    "raw": p_test,
    "temperature": calibration.apply_temperature(p_test, temperature),
    "Platt": calibration.apply_platt(p_test, platt_a, platt_b)}
rescaled = pd.DataFrame({
    name: {"val. log loss (fits out of fold)": val_loss[name],
           "test ECE": expected_calibration_error(y_test, p),
           "test log loss": calibration.log_loss(y_test, p)}
    for name, p in test_versions.items()}).T
report.say(readings.ch11.rescaling_choice(val_loss, rescaled))
rescaled.round(3)

# %%
calibration.plot_reliability({name: (y_test, p)
                              for name, p in test_versions.items()},
                             title="test split, before and after", sized=True);

# %% [markdown]
# An ECE is never exactly 0 on a finite split: with ten bins and a split this small, each
# bin's share of fakes wanders around its mean score by chance. The next cell measures that
# floor on this run's own scores: it redraws every test label from the score itself (a face
# scored `0.3` is made fake with probability `0.3`), so the scores are calibrated by
# construction, and computes the ECE of 400 such draws. The floor depends on how the scores
# are spread over the bins, so it is measured for the chosen scores and for the raw ones. The
# rule: an ECE above the floor's 95th percentile is mis-calibration beyond chance; at or below
# it, none that this split can show.

# %%
def ece_floor(p, draws=400, seed=0):
    """The ECEs of scores p against labels drawn from p itself."""
    rng = np.random.default_rng(seed)
    return np.array([
        expected_calibration_error((rng.random(len(p)) < p).astype(int), p)
        for _ in range(draws)])


p_test_c = test_versions[chosen]  # the scores validation chose
floor, raw_floor = ece_floor(p_test_c), ece_floor(p_test)
report.say(readings.ch11.ece_yardstick(
    floor, n_test, chosen, rescaled.loc[chosen, "test ECE"],
    rescaled.loc["raw", "test ECE"], raw_floor))

# %% [markdown]
# The smaller validation split has a higher floor. Its reading squares the ECE with the
# diagram's by the diagram's own rule: when neither side of `0.5` is clear of noise, it names
# the pattern the two sides' point estimates make (both below or both above the diagonal: a
# shift, which only an offset corrects; one below and one above: a slope) and sets it against
# the rescaling that won out of fold.

# %%
val_floor = ece_floor(p_val)  # the first table's validation ECE, its floor
print(f"validation, {len(p_val)} faces: raw ECE "
      f"{raw.loc['validation', 'ECE']:.3f}; calibrated scores "
      f"{val_floor.mean():.3f} on average, above "
      f"{np.percentile(val_floor, 95):.3f} in 5% of draws")
report.say(readings.ch11.validation_floor(
    raw.loc["validation", "ECE"], val_floor, len(p_val), bins, side_ci,
    val_loss, platt_a, platt_b))

# %% [markdown]
# Does the chosen rescaling beat the raw scores on test by more than chance? As for the cost
# gap and the family experiment below, the interval resamples identity groups and computes
# both scores' ECE and log loss on each draw (nothing to compare when raw was chosen).

# %%
groups_test = data.test["group"].to_numpy()


def gain(idx):  # chosen minus raw, ECE and log loss, on one resample
    y_i, c_i, r_i = y_test[idx], p_test_c[idx], p_test[idx]
    return (expected_calibration_error(y_i, c_i)
            - expected_calibration_error(y_i, r_i),
            calibration.log_loss(y_i, c_i) - calibration.log_loss(y_i, r_i))


if chosen != "raw":
    draws = np.array(metrics.draws_with_both_classes(
        gain, y_test, groups_test, n_boot=n_boot))
    low, high = np.percentile(draws, [2.5, 97.5], axis=0)
    diff = gain(np.arange(n_test))
    report.say(readings.ch11.rescaling_interval(
        chosen, (diff[0], low[0], high[0]), (diff[1], low[1], high[1])))

# %% [markdown]
# The fitted T is the one number that best trades the two sides off in log loss: where the
# diagram shows a shift, T cannot follow it, and a T below 1 can even move one side the wrong
# way. Whether a rescaling helps on test is a measurement, not a given: it was fitted on the
# validation faces only, and where it raises the test ECE it did not carry over. A curve's
# zigzags are mostly bins with few faces (the noise above), not the rescaling; a T near 1 leaves
# its curve almost on the raw one. Neither rescaling changes the order of the scores (Platt's
# only while its `a` is positive, as a fit on a useful model gives). The rest
# of the chapter uses the scores validation chose (`chosen` in the code) wherever a score
# must be a probability.
#
# ### Calibration belongs to a prevalence
#
# The rescaled scores were calibrated on a validation split with about as many fakes as real
# faces, and they carry that prevalence with them: by Bayes' rule, a face scored `0.5` on a
# balanced set is fake with probability π where a share π of faces is fake. A
# [prior shift](https://dfkit-course.github.io/deepfake-course/glossary.html#term-prior-shift)
# is such a change in the share of fakes between where scores were calibrated and where they are
# used. The correction (Saerens et al. 2002) multiplies each score's odds, p / (1 − p), by the
# ratio of the **prior odds**, π / (1 − π), the odds of a face being fake before the model looks
# at it, at the new prevalence and at the old one: `base_rates.shift_prior` does it. We reweight
# the test split to 1 fake in 10 and in 100 (chapter 10's `base_rates.prevalence_weights`: the
# fakes together weigh a share π, the real faces 1 − π) and measure the ECE of the same scores
# there, before and after the correction; a weighted ECE counts each face by its weight, in the
# bins' mean scores, their shares of fakes and their sizes alike.

# %%
val_prevalence = y_val.mean()
shift_rows = {}
for pi in (0.5, 0.1, 0.01):
    w = base_rates.prevalence_weights(y_test, pi)
    shifted = base_rates.shift_prior(p_test_c, pi,
                                     from_prevalence=val_prevalence)
    shift_rows[f"1 fake in {round(1 / pi)}"] = {
        "ECE as calibrated": expected_calibration_error(y_test, p_test_c,
                                                        sample_weight=w),
        "ECE prior-shifted": expected_calibration_error(y_test, shifted,
                                                        sample_weight=w)}
shift = pd.DataFrame(shift_rows).T
shift.round(3)

# %%
w_1 = base_rates.prevalence_weights(y_test, 0.01)
shifted_1 = base_rates.shift_prior(p_test_c, 0.01, val_prevalence)
calibration.plot_reliability(
    {"as calibrated": (y_test, p_test_c),
     "prior shifted": (y_test, shifted_1)},
    weights={"as calibrated": w_1, "prior shifted": w_1}, sized=True,
    title="test reweighted to 1 fake in 100")
plt.show()
bins_1 = reliability_bins(y_test, shifted_1, sample_weight=w_1)
report.say(readings.ch11.prior_shift_weight(bins_1))

# %% [markdown]
# Scores calibrated at 1 fake in 2 claim far too much at 1 fake in 100: a face scored `0.9` on
# the balanced split is fake much less often where fakes are rare, and the ECE of the same
# scores grows as the prevalence falls. (At a low prevalence the ECE is dominated by the real
# faces, which are most of what a deployed detector sees.) In the figure the "as calibrated"
# curve lies flat along the bottom: every bin holds almost no fakes, whatever its scores claim.
# The prior shift moves the scores to the new prevalence, but it needs that prevalence, which in
# deployment is rarely known and changes over time. A score is a probability only for the
# prevalence it was calibrated at.
#
# Read the prior-shifted ECE with its weights (the sentence the cell prints): at 1 fake in 100
# nearly all the weight sits on real faces with scores near 0, so any score near 0 gets a tiny
# ECE there (a constant score of `0.01` would get 0). A point far off the diagonal that rests
# on almost no weight barely moves it. A small ECE at a low prevalence is no better calibration
# than a larger one on the balanced split; compare ECEs only at the same prevalence.
#
# Calibration also gives chapter 10's threshold without a search: with scores that are
# probabilities at the deployment prevalence, flagging a face is cheaper than leaving it exactly
# when P(fake) > cost_false_alarm / (cost_false_alarm + cost_miss) (Elkan 2001; `cost_fp` and
# `cost_fn` in the code).
# Our scores are calibrated at the validation prevalence, not at the deployment one, so the
# cut-off moves. In odds (P / (1 − P)) the move is one multiplication: the odds a face needs at
# deployment are `cost_false_alarm / cost_miss`; a score calibrated where fakes are commoner
# carries odds larger by the ratio of the two prevalences' odds, so the cut-off's odds grow by
# that ratio. By hand, then `base_rates.bayes_threshold`, which does the same:

# %%
def odds(p: float) -> float:
    return p / (1 - p)


needed = cost_fp / cost_fn  # odds of fake a flag needs at deployment
cut = needed * odds(val_prevalence) / odds(deploy_prevalence)  # on our scores
t_bayes = base_rates.bayes_threshold(deploy_prevalence, cost_fp, cost_fn,
                                     from_prevalence=val_prevalence)
print(f"by hand: odds {cut:.3g}, threshold {cut / (1 + cut):.4f}; "
      f"bayes_threshold: {t_bayes:.4f}")

# %% [markdown]
# Each threshold's cost on test: the formula's on the rescaled scores, chapter 10's searched
# one on the raw scores, and flagging nothing.

# %%
def cost_on_test(scores: np.ndarray, threshold: float, on: str) -> dict:
    r, s = base_rates.rates(y_test, scores, threshold)  # recall, specificity
    flags = scores >= threshold
    # "cuts": which scores the threshold cuts
    return {"threshold": threshold, "cuts": on,
            "recall": r, "fakes caught": int(np.sum(flags & (y_test == 1))),
            "false alarms": int(np.sum(flags & (y_test == 0))),
            "cost/1k": 1000 * base_rates.expected_cost(r, s, deploy_prevalence,
                                                       cost_fp, cost_fn)}


costs = pd.DataFrame.from_dict({
    "Bayes rule on rescaled scores": cost_on_test(p_test_c, t_bayes, chosen),
    "searched on validation (ch. 10)": cost_on_test(p_test, t_cost, "raw"),
    "flag nothing": cost_on_test(p_test, np.inf, "any")}, orient="index")
costs.round(3)

# %% [markdown]
# How sure is the difference? The interval resamples identity groups; the reading sets the gap
# against what one false alarm or one miss adds.

# %%
# formula minus search, on the same resampled identity groups each draw
gap = base_rates.cost_gap_interval(
    y_test, p_test_c, t_bayes, deploy_prevalence, cost_fp, cost_fn,
    groups=data.test["group"].to_numpy(), against=(p_test, t_cost))
n_fake = int(y_test.sum())
one_fp = 1000 * cost_fp * (1 - deploy_prevalence) / (n_test - n_fake)
one_fn = 1000 * cost_fn * deploy_prevalence / n_fake
gap_per_1k = [1000 * v for v in gap]
report.say(readings.ch11.cost_winner(costs, gap_per_1k, one_fp, one_fn))

# %% [markdown]
# `cost/1k` is chapter 10's expected cost per 1,000 faces at 1 fake in 100, a false alarm
# costing `cost_fp` and a miss `cost_fn`; `recall`, `fakes caught` and `false alarms` (real test
# faces flagged) show what each threshold trades for that cost. The formula's threshold cuts
# the scores validation chose, the search's the raw ones (the `cuts` column), so the two
# thresholds are not comparable numbers; a rescaling keeps the order, so both are cuts through
# the same ranking of the test faces and differ only in where they cut. The formula is only as good as the calibration it
# trusts; the search is only as good as the validation faces it counts. The formula wins when
# the calibration it trusts is good enough at the prevalence it is used at, the search when the
# validation faces are many and like the test faces.
#
# ### A kind of fake the model never saw
#
# The synthetic set has two manipulation families (chapter 08): face swaps and GAN-style
# up-sampled faces. The *family model* is Model 1's architecture, trained afresh on real
# faces and GAN fakes only. Its own validation split (real faces and GAN fakes) chooses its scores, as
# Model 1's chose: raw, temperature or Platt, whichever has the lowest log loss. The test
# split only reports, with those scores unchanged: its real faces with the GAN fakes (the
# family the model saw), then the same real faces with the face swaps (the family it never
# saw). Model 1, which saw both families, is the yardstick on the same faces. (This needs
# the synthetic set's `family` column; on a real data set without it the cell says so and
# the section is skipped.)
#
# **q1 (predict, then run).** Before you run the experiment: compared with the GAN fakes it was
# trained on, the never-seen face swaps get a mean P(fake) (the family model's scores, chosen
# on its own validation split) that is (a) higher, (b) about the same (within `0.05`), or
# (c) lower.

# %%
from dfkit.course.exercises.ch11 import q1

q1_prediction = ____  # "a", "b" or "c": commit before running the next cell

# %%
seen, unseen = "gan", "faceswap"
has_families = ("family" in data.test
                and set(data.test["family"]) >= {seen, unseen})
families = None
mean_seen = mean_unseen = auc_seen = np.nan
shift_ci = (np.nan, np.nan)  # q1's difference, its 95% interval (below)
if has_families:  # train on real faces and the seen family only
    parts = family_splits(data.splits, seen)
    seen_only = Splits(parts["train"], parts["val"], parts[f"test {seen}"],
                       data.splits.strategy)
    family_model, family_history = training.train_model(
        "cnn", seen_only, profile, inputs, verbose=0,
        callbacks=[training.EpochLog()])
else:
    report.say("This data set has no `family` column with both families: "
               "it cannot test an unseen kind of fake.")

# %% [markdown]
# Validation chooses the family model's scores, as it chose Model 1's (fits scored out of
# fold).

# %%
def score(frame):  # the family model's P(fake) for a split's faces
    batches = training.batches(frame, profile, inputs)
    return training.predict(family_model, batches)


if has_families:
    y_fv, p_fv = parts["val"]["y"].to_numpy(), score(parts["val"])
    g_fv = parts["val"]["group"].to_numpy()
    print(f"family model's validation split: {len(y_fv)} faces, "
          f"{int(y_fv.sum())} of them GAN fakes")
    val_family = {"raw": calibration.log_loss(y_fv, p_fv)}
    for m in ("temperature", "Platt"):
        p_out_of_fold = calibration.cross_fitted(y_fv, p_fv, m, groups=g_fv)
        val_family[m] = calibration.log_loss(y_fv, p_out_of_fold)
    chosen_family = readings.ch11.chosen_rescaling(val_family)

# %% [markdown]
# The chosen map, fitted on the whole validation split, then scores the test faces.

# %%
if has_families:
    rescale = calibration.fitted_map(chosen_family, y_fv, p_fv)
    p_family = rescale(score(data.test))
    family = data.test["family"].to_numpy()

# %% [markdown]
# The table's last column is Model 1's ECE on the same faces, as a yardstick. Model 1's scores
# assume the share of fakes of its own validation split, which held both families, and a
# calibrated score depends on that share (the prior shift above). So the next cell first moves
# them to the share the family model's scores assume (the reading below prints both shares).

# %%
if has_families:
    p_model1 = base_rates.shift_prior(p_test_c, y_fv.mean(), val_prevalence)

# %% [markdown]
# Each row is one family's test fakes with all the real test faces. Its fakes give the count,
# their mean P(fake) and their recall at `0.5`; with the real faces they give the ECE and the
# ROC-AUC. The last column reads Model 1's moved scores on the same faces.

# %%
def family_row(y_f, p_f, p_1):
    """One row: a family's fakes with the real faces (p_1: Model 1's)."""
    fakes = p_f[y_f == 1]
    return {"fakes": int(y_f.sum()),
            "mean P(fake)": fakes.mean(),
            "recall@0.5": np.mean(fakes >= 0.5),
            "ECE": expected_calibration_error(y_f, p_f),
            "ROC-AUC": metrics.summary(y_f, p_f)["roc_auc"],
            "Model 1 ECE": expected_calibration_error(y_f, p_1)}


if has_families:
    family_rows, family_curves = {}, {}
    for name, row in ((seen, "seen in training"), (unseen, "never seen")):
        keep = (y_test == 0) | (family == name)
        y_f, p_f = y_test[keep], p_family[keep]
        family_curves[f"real + {name}"] = (y_f, p_f)
        family_rows[f"{name} fakes ({row})"] = family_row(y_f, p_f,
                                                          p_model1[keep])
    families = pd.DataFrame.from_dict(family_rows, orient="index")
    mean_seen, mean_unseen = families["mean P(fake)"]
    auc_seen = families["ROC-AUC"].iloc[0]

# %% [markdown]
# The table, with a header over the columns that says whose scores and which faces each
# reads (`readings.ch11.family_table??` shows the code).

# %%
n_real = int((y_test == 0).sum())
(readings.ch11.family_table(families, n_real)
 if families is not None else None)

# %% [markdown]
# The table's two rows as reliability diagrams: look for where each curve lies against the
# diagonal, and how far right its scores reach.

# %%
if has_families:
    calibration.plot_reliability(family_curves, sized=True,
                                 title=f"trained on {seen} only")
    plt.show()

# %% [markdown]
# How sure are the table's differences? Each draw resamples identity groups of the test split
# and recomputes four of them: the rise in ECE from the seen family to the unseen one, the
# fall in ROC-AUC, the family model's ECE minus Model 1's on the seen row, and q1's
# difference, the never-seen fakes' mean P(fake) minus the seen ones'.

# %%
def family_draw(idx):  # the four differences on one resample
    y_i, p_i, f_i = y_test[idx], p_family[idx], family[idx]
    with_seen, with_unseen = ((y_i == 0) | (f_i == name)
                              for name in (seen, unseen))
    ece_seen, ece_unseen = (expected_calibration_error(y_i[k], p_i[k])
                            for k in (with_seen, with_unseen))
    # the Mann-Whitney form of ROC-AUC: the table's number, faster per draw
    auc_seen_i, auc_unseen_i = (metrics.pair_ranking_auc(y_i[k], p_i[k])
                                for k in (with_seen, with_unseen))
    model1_seen = expected_calibration_error(y_i[with_seen],
                                             p_model1[idx][with_seen])
    mean_p = [p_i[(y_i == 1) & (f_i == f)].mean() for f in (seen, unseen)]
    return (ece_unseen - ece_seen, auc_seen_i - auc_unseen_i,
            ece_seen - model1_seen, mean_p[1] - mean_p[0])


if has_families:
    draws = np.array(metrics.draws_with_both_classes(
        family_draw, y_test, groups_test, n_boot=n_boot))
    # 95% intervals: the ECE rise, the ROC-AUC fall, family minus Model 1,
    # unseen minus seen mean P(fake) (NaN: a draw without one family's fakes)
    rise, drop, baseline, shift_ci = np.nanpercentile(draws, [2.5, 97.5],
                                                      axis=0).T

# %% [markdown]
# The readings apply one rule to each interval: one that holds 0 reads as "about the same" or
# "could be chance", one clear of 0 as a difference (`readings.ch11.family_reading??` and
# `readings.ch11.family_shape??` show the code).

# %%
if has_families:
    shares = (val_prevalence, y_fv.mean())  # Model 1's, the family model's
    report.say(readings.ch11.family_reading(
        families, chosen_family, shares, n_real, rise, drop, baseline,
        shift=shift_ci))

# %% [markdown]
# The next cell reads the seen family's test curve against validation, where the family
# model's scores were chosen, and says what one run cannot tell.

# %%
if has_families:
    auc_val = metrics.summary(y_fv, p_fv)["roc_auc"]
    y_s, p_s = family_curves[f"real + {seen}"]  # the seen family's test faces
    g_s = groups_test[(y_test == 0) | (family == seen)]
    report.say(readings.ch11.family_shape(
        reliability_bins(y_s, p_s), p_s.max(), chosen_family, val_family,
        reliability_bins(y_fv, p_fv), (auc_val, auc_seen),
        family_history, profile.epochs,
        intervals=side_intervals(y_s, p_s, g_s),
        val_intervals=side_intervals(y_fv, p_fv, g_fv)))
    if auc_seen < 0.6:
        report.say("On this run the model did not learn even the family "
                   f"it was trained on (ROC-AUC {auc_seen:.3f} on real "
                   f"faces and {seen} fakes; 0.5 is chance), so it cannot "
                   "show what a new family does. Run the `laptop` profile "
                   "to see the check do its work.")

# %%
q1.check()

# %% [markdown]
# A model learns the artefacts of the fakes it was shown; a new generator leaves other
# artefacts, which it may miss (lower scores) or, by chance, share. Its scores were chosen (and
# any rescaling fitted) on a validation split holding only the seen family, so nothing adjusts
# them to the new one. Compare
# the unseen row of the table with the seen one, not with zero: the sentences the cell prints
# say how well this model is calibrated on the family it knows. A
# rescaling fitted on validation can only be as good as the validation set is like the world: no
# validation split contains next year's generator. (One training run on one synthetic data set:
# treat this as a demonstration of the check, not as a measurement of how real detectors
# generalise: repeat it over seeds before you believe a difference.)

# %% [markdown]
# ## 2 · Who pays for a false positive?
#
# A false positive is a real person's photo called fake: an account suspended, a witness's video
# dismissed, a journalist's source doubted. Such costs may fall unevenly on some groups of people.
# We look at the test split's **real faces only** and count those flagged, by every attribute
# the data records, at the threshold chosen on validation for recall `0.95` (raw scores: a
# rescaling keeps the order, so it would flag the same faces at the matching threshold). That
# is a choice for counting's sake, not the deployment's (`t_cost`, chapter 10's least-cost
# threshold): the next cell prints what each flags.
#
# Intervals resample whole identity groups (a
# [cluster bootstrap](https://dfkit-course.github.io/deepfake-course/glossary.html#term-cluster-bootstrap)):
# the faces of one person are not independent evidence. When every face in a band was
# flagged, or none was, resampling cannot move the rate and the interval would shrink to a
# point; `metrics.error_rate_interval` then gives chapter 07's Wilson interval on the number of
# groups instead, which stays honestly wide for a few groups.
#
# In the embedded set the unit of resampling, the **identity group**, is
# a person together with the partner whose face the generator pastes onto them (so that no pasted
# face crosses a split). Below, a **band** is a level of a recorded attribute (a skin-lightness
# range, a lighting range, shadow or none), and each band's `id groups` counts the identity
# groups with a real face in it. A group can hold two skin tones, and lighting and shadows vary
# between one group's faces, so a group counts in every band its faces fall in and the counts
# of an attribute's bands add up to more than the split's groups.

# %%
results = error_analysis.results_table(data.test, p_test, threshold=t_recall)
real = results[results["y"] == 0].reset_index(drop=True)
fp_rate, fp_low, fp_high = metrics.error_rate_interval(
    real["wrong"].to_numpy(), groups=real["group"].to_numpy())
# one row per identity group: its share of real faces flagged, its size
per_group = real.groupby("group")["wrong"].agg(["mean", "size"])
flagged = per_group["mean"]
n_all_flagged = int((flagged == 1).sum())
n_none_flagged = int((flagged == 0).sum())
n_recall = int(real["wrong"].sum())  # real faces flagged at t_recall
n_cost = int(np.sum(p_test[y_test == 0] >= t_cost))  # and at t_cost
report.say(readings.ch11.operating_points(t_recall, n_recall, t_cost, n_cost,
                                          len(real)))
pd.Series({"real test faces flagged (share)": f"{fp_rate:.3f}",
           "95% interval, resampling groups": f"{fp_low:.3f} to {fp_high:.3f}",
           "identity groups in the test split": str(len(per_group)),
           "real faces per group (median)": f"{per_group['size'].median():g}",
           "groups with every real face flagged": str(n_all_flagged),
           "groups with no real face flagged": str(n_none_flagged)},
          name="this run").to_frame()

# %% [markdown]
# Do the flags cluster by person? If each real face were flagged on its own at the overall
# rate r, a group of n real faces would have none flagged with probability (1 − r)^n and all
# with r^n; summed over the groups these give the expected counts, and a count more than two
# standard deviations from its expectation counts as a difference
# (`readings.ch11.clustering??` shows the code).

# %%
# the same share with every face counted as independent (chapter 07)
by_faces = metrics.wilson_interval(n_recall, len(real))
report.say(readings.ch11.clustering(per_group, (fp_low, fp_high), by_faces))

# %% [markdown]
# On a real data set the groups are whatever its `group` column records, such as source videos.
# A per-group rate from a handful of faces is mostly noise, so we pool groups into bands by
# what the data records about them.
#
# The synthetic generator mixes each identity's skin colour from a palette of four colours
# chosen by the course's authors: it draws a tone parameter uniformly along the path from one
# palette colour to the next and takes the shade there, between two neighbouring colours. It records per image the
# lighting gain and whether a shadow was cast. The manifest stores the identity, so we
# recompute its skin colour with the generator's own `synthetic.make_identity` and the
# lightness of that colour as **luma** (a weighted sum of red, green and blue; `luma_weights`
# in the code). We cut the
# lightness at the palette's inner colours into three bands, one per stretch between
# neighbouring palette colours: the bands are about equally likely for an identity (each is a
# third of the tone parameter's range; the colour is then jittered slightly, so an identity
# near a cut can land in the next band) but not equally wide in lightness, and the test
# split's few groups fall where they fall. The lighting gain is drawn uniformly between `0.65` and `1.25`;
# we cut it into thirds, at `0.85` and `1.05`.

# %%
has_attributes = "identity" in real and data.source == "synthetic"
if has_attributes:  # each real face's skin lightness, from its identity
    luma_weights = (0.2126, 0.7152, 0.0722)  # Rec. 709: green looks brightest
    lightness = {}
    for i in real["identity"].unique():
        skin = synthetic.make_identity(profile.seed, i).skin
        lightness[i] = float(np.dot(skin, luma_weights))
    real["skin lightness"] = real["identity"].map(lightness)
else:
    report.say("This data set records no per-person attribute beyond the "
               "group: only the overall rate and the per-person spread above "
               "can be measured.")

# %% [markdown]
# The bands, then each band's share of real faces flagged, with its interval; the sentence
# under the tables names the pairs of bands whose intervals do not overlap
# (`readings.ch11.intervals_apart??` shows the code).

# %%
fp_tables = {}
if has_attributes:
    # the palette's four colours have lightness 0.33, 0.55, 0.70 and 0.84;
    # cutting between neighbours gives three bands
    real["skin"] = pd.cut(real["skin lightness"], [0.0, 0.552, 0.702, 1.0],
                          labels=["darker", "middle", "lighter"])
    # the generator draws the gain uniformly in [0.65, 1.25]: equal thirds
    real["lighting"] = pd.cut(real["lighting_gain"], [0.0, 0.85, 1.05, 2.0],
                              labels=["dim", "medium", "bright"])
    ranges = {"darker": "luma ≤ 0.552", "middle": "0.552 to 0.702",
              "lighter": "luma > 0.702", "dim": "gain ≤ 0.85",
              "medium": "0.85 to 1.05", "bright": "gain > 1.05"}
    shown = {"images": "faces", "errors": "flagged", "error_rate": "rate",
             "groups": "id groups"}
    for column in ("skin", "lighting", "shadowed"):
        rates = metrics.error_rates_by(real, column, groups="group")
        fp_tables[column] = rates
        print(f"\nreal faces flagged, by {column}")
        print(rates.rename(columns=shown).to_string(
            index=False, float_format=lambda v: f"{v:.3f}"))
    report.say(readings.ch11.intervals_apart(fp_tables))

# %%
titles = {"skin": "by skin lightness", "lighting": "by lighting",
          "shadowed": "with and without a cast shadow"}
for column, table in fp_tables.items():
    levels = table[column].astype(str)  # each band with its range
    table = table.assign(**{column: levels.map(
        lambda v: f"{v}\n({ranges[v]})" if v in ranges else v)})
    plots.error_rates(table, column,
                      title=f"real faces flagged, {titles[column]}",
                      ylabel="false-positive rate", count="groups",
                      count_name="id groups", reference=fp_rate,
                      reference_name="all real faces",
                      interval_name="95% interval over\nidentity groups");

# %% [markdown]
# Read the intervals before the bars (each bar's label counts the identity groups behind it).
# A band's interval depends on how many of its faces were flagged (the `flagged` column) and
# on how many faces it holds: with few flags it is wide next to the rate itself, and a wide
# interval says only that the data cannot tell.
# (Lighting and shadows vary between one person's faces, but the intervals still resample
# identity groups: their faces share everything else.) The sentence under the tables says how to read two intervals that do not
# overlap, and how often that happens by chance over the pairs compared. A difference that
# holds is one of *this* generator's cartoon faces and *this* model: a finding to investigate
# (what in the drawing makes those faces look fake to it?), not a fact about people. A
# condition such as lighting is not a group of people, but its cost would fall on people all
# the same: if a deployed detector showed such a gap, those filmed in poor light, with cheap
# cameras or in dim rooms, would be flagged more. This run shows it only for cartoon faces, on
# one split of one model.
#
# **What this course cannot measure, plainly.** The synthetic faces are drawings: their skin
# colours are mixed from four palette colours chosen by the course's authors, not people, and a difference or its
# absence here says nothing about any real group. The DFDC faces the course measures on (loaded
# with `datasets.kaggle_deepfake_faces`, described in the course's [real_data.md](https://github.com/dfkit-course/deepfake-course/blob/main/real_data.md)) record only the
# source video of each face: no age, gender, skin tone or other attribute, so their false-positive
# rates cannot be broken down by group at all; the DFDC organisers' preview paper (Dolhansky et
# al. 2019) says the actors were recruited with diversity of gender, skin tone and age in mind,
# but our copy carries no such labels. The Mendeley data set of the paper this course rebuilds
# (Hassan, *Performance of a CNN Backbone in a Deepfake Classification Model*, chapter 00)
# comes from 30 real videos
# ([real_data.md](https://github.com/dfkit-course/deepfake-course/blob/main/real_data.md)): far too few to compare groups of people with any confidence, and the course
# reads nothing about them but the video from the file names. A fairness claim about a deepfake
# detector needs a test set with consented, recorded attributes and enough people per group; none
# of ours has them.

# %% [markdown]
# ## 3 · Limits and ethics of a face-crop detector
#
# **What it cannot know.** The model sees one square crop of one face. It does not see the rest of
# the frame, the audio, the video's motion, where the file came from, who posted it, or what it
# claims. Misleading media can be real footage with a false caption, an edited voice track or a
# cut: no face-crop classifier can detect those, and a real face in a misleading video passes as
# real. It knows only the generators in its training data (section 1's last table puts one
# never-seen family in front of it). Facebook AI's announcement of the DeepFake Detection
# Challenge results (June 2020) reported an average precision (the precision averaged over
# every recall a threshold can reach: the area under the precision-recall curve, chapter 06's
# PR-AUC) of 82.56% for the best model on the public test set, while the entry that won on the held-back black-box set of unseen videos
# reached 65.18% there, and every top entry scored lower on that set (Dolhansky et al. 2020, arXiv:2006.07397, analyse the top entries). Provenance standards that sign media at capture
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
# et al. 2020, arXiv:2006.07397). As the course understands the DFDC terms ([real_data.md](https://github.com/dfkit-course/deepfake-course/blob/main/real_data.md)
# summarises them), they allow research use and do not allow redistribution, which is why its
# faces never ship with the course; this summary is not legal advice, so read the terms on the
# data set's page yourself before any use beyond study. The source paper's data set (Mendeley
# Data `pdcp9mjy3z`) is published under CC BY 4.0, which lets anyone reuse it with attribution;
# a licence from the publisher of a data set does not by itself show that the people filmed
# agreed to have their faces swapped, and the source paper says nothing about it. The synthetic
# faces of this course depict no one, which is one reason the course draws them.
#
# **Reporting a detector honestly.** Model cards (Mitchell et al. 2019, "Model Cards for Model
# Reporting") ask a model's builders to state its intended use and the uses it is not fit for,
# the data it was evaluated on, and its results broken down by the groups and conditions that
# matter, with their uncertainty. For a deepfake detector that means, at least: the prevalence
# and the costs a threshold was chosen for, precision at realistic prevalences next to recall,
# specificity and its interval, calibration and the prevalence it holds at, results on
# generators not in training, false-positive rates per recorded attribute or a plain
# statement that they could not be measured, and what the detector does not look at. fastbook's data ethics chapter
# (Howard and Gugger 2020, chapter 3) adds the questions to ask before deploying: who can appeal
# a wrong flag (recourse), who is accountable, and what feedback loops the system creates.

# %% [markdown]
# ## Summary
#
# * A score is a probability only if it is calibrated. Reliability diagrams and ECE measure
#   calibration, not discrimination: a useless score can be well calibrated, so read ECE next to
#   ROC-AUC.
# * Temperature or Platt scaling, fitted on validation, may repair calibration; the test split
#   says whether it did, read against the ECE that calibrated scores show at its size and
#   with an interval. Neither changes the order of the scores (Platt's while `a > 0`).
# * Calibration holds only at the prevalence it was fitted at; a prior shift moves it to another
#   prevalence, if that prevalence is known.
# * A family of fakes the model never saw can break calibration (section 1's family experiment),
#   and new data breaks detection too: the DFDC winner reached an average precision of 65.18% on
#   the challenge's held-back black-box videos (Facebook AI's results announcement, June 2020).
#   No validation split holds next year's generator.
# * False positives fall on real people. Measure them by every attribute the data records, with
#   intervals that resample identity groups, and say plainly what the data cannot show.
# * A face crop is not the whole story: context, provenance, audio and new generators are
#   outside what this detector can know. Say so when reporting it.

# %% [markdown]
# ## Exercises
#
# q1 was the prediction in section 1. Five more follow; in q6 you write the ECE yourself.

# %%
from dfkit.course.exercises.ch11 import q2, q3, q4, q5, q6

# %% [markdown]
# **q2 (explain).** You fit a temperature T = `2` on validation. A test face scored `0.9` before
# rescaling: what is its score after, and what happens to the faces flagged at `0.5`? Set
# `q2_answer` to a letter.
#
# - a. `0.75`, and fewer faces are flagged at `0.5`: the scores above it move down towards
#   it, and some of them cross it.
# - b. `0.61`, and the same faces are flagged at `0.5`: every score moves towards it, and none
#   crosses it.
# - c. `0.61`, and fewer faces are flagged at `0.5`: the scores above it move down towards
#   it, and some of them cross it.
# - d. `0.75`, and the same faces are flagged at `0.5`: every score moves towards it, and none
#   crosses it.

# %%
q2_answer = ____
q2.check()

# %% [markdown]
# **q3 (compute).** A face gets a score of `0.8` from a model calibrated on a balanced
# validation split (1 fake in 2). The model is deployed where 1 face in 100 is fake. What is the
# probability that this face is fake there? Work in odds: store the score's odds in
# `score_odds`, the factor the change of prevalence multiplies them by in `prior_factor`, and
# the probability in `p_fake_deployed` (4 decimals), computed from your two odds, not with
# `base_rates.shift_prior`.

# %%
score_odds = ____
prior_factor = ____
p_fake_deployed = ____
q3.check()

# %% [markdown]
# **q4 (explain).** On one balanced test split, model A has an ECE of `0.01` and a ROC-AUC of
# `0.85`, model B an ECE of `0.12` and a ROC-AUC of `0.93`, and B's ROC curve lies above A's
# everywhere. Each is rescaled on a large validation split, which leaves both with a test ECE
# near `0.01`, then cut at the Bayes threshold for 1 fake in 100. Which costs less on test,
# and why? Set `q4_answer` to a letter.
#
# - a. A: after rescaling both sit near an ECE of `0.01`, but B's Bayes threshold lands at a
#   worse point of its curve, since its rescaling had an error twelve times as large to undo.
# - b. B: rescaling keeps each model's ranking and moves its Bayes threshold to the cheapest
#   point of its own curve, and B's curve has the cheaper points.
# - c. B: the rescaling that cut its ECE from `0.12` to `0.01` also improved its ranking of the
#   faces, which is what lifts its ROC curve above A's at the threshold.
# - d. Either: the Bayes threshold depends only on the costs and the prevalence, so both cut
#   at the same score, and two calibrated models cut at one score cost the same.

# %%
q4_answer = ____
q4.check()

# %% [markdown]
# **q5 (explain).** Section 2's real test faces come from the identity groups its table counts.
# Suppose a group's faces tend to be flagged all together or not at all: an interval for the
# share flagged that resamples faces instead of groups is then … Set `q5_answer` to a letter.
#
# - a. too wide: drawing faces one by one adds the variation within each group on top of the
#   variation between groups.
# - b. too narrow: a draw of faces repeats some faces and leaves others out, which a draw of
#   whole groups never does.
# - c. too narrow: a draw of loose faces mixes many groups' verdicts, so its share moves less
#   than draws of whole groups do.
# - d. too wide: a group flagged all together counts many times over in a draw of faces, so
#   the share swings further.

# %%
q5_answer = ____
q5.check()

# %% [markdown]
# **q6 (implement).** Write `ece_by_hand(y_true, p_fake)`: the expected calibration error of
# the scores `p_fake` against the labels `y_true` (1 = fake), with ten bins of equal width
# over 0 to 1. A score on an inner edge, such as `0.2`, belongs to the bin below it (`0.1` to
# `0.2`), as in the course's `reliability_bins` and scikit-learn's `calibration_curve`; `0.0`
# belongs to the first bin and `1.0` to the last. For each non-empty bin take its share of
# fakes, its mean score and its share of the faces; the ECE is the bins' absolute gaps
# weighted by those shares.
#
# Give each face its bin number with NumPy yourself (arithmetic, `np.searchsorted` or
# `np.digitize`); the sums per bin may use any tool. The check refuses the functions that bin
# for you (`expected_calibration_error`, `reliability_bins`, scikit-learn's
# `calibration_curve`, SciPy's `binned_statistic`, pandas' `cut`) and runs your function on
# hidden labels and scores, some of them on the edges. Compare it with the course's on this
# run's test scores, and on `np.round(p_test, 1)`, before you check.

# %%
def ece_by_hand(y_true, p_fake):
    return ____


q6.check()

# %% [markdown]
# ## Questionnaire
#
# 1. What does a reliability diagram plot, and what does a point below the diagonal mean?
# 2. Why is ECE computed with bins, and what goes wrong with very few faces per bin?
# 3. What does temperature scaling change, and what does it leave unchanged?
# 4. Why are scores calibrated on a balanced validation split wrong at 1 fake in 100?
# 5. When does the Bayes-rule threshold beat a threshold searched on validation, and when not?
# 6. Why can no validation split guarantee calibration on a new generator?
# 7. Why must intervals for a band's false-positive rate resample identity groups (people),
#    not images?
# 8. Name three things a face-crop classifier cannot see.
# 9. What is the difference between a data set's licence and the consent of the people in it?
# 10. What must an honest report of `"our deepfake detector is 95% accurate"` add, and why?
#
# ## Further research
#
# 1. Run this chapter on the DFDC faces (`DFKIT_DATA`): how calibrated is Model 1 there, and does
#    temperature scaling fitted on DFDC validation faces transfer to the test faces?
# 2. Write a model card (Mitchell et al. 2019) for the best detector of this course, with every
#    number taken from a run and every limit of section 3 that applies.
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
