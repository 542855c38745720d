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
# # 10 · A detector in the world: base rates and the price of a mistake
#
# **Learning objectives.** After this chapter you can
# - compute what share of a detector's flags are really fakes when fakes are rare (Bayes' rule),
#   and the prevalence below which most of its flags are false alarms;
# - look at a rarer world through a balanced test split, by weighting its faces;
# - choose a threshold on validation for a prevalence and a price of each mistake, apply it to
#   test, and compare it with the choice to flag nothing;
# - say how much a cost or a precision read off a small test split rests on.
#
# **Time it takes.** The cells run in under a minute on a 2-core laptop CPU, no GPU needed
# (35 s when the chapter was opened on its own, as in a fresh Colab runtime, where it makes
# its data and trains Model 1; default `laptop` profile, 2026-12-07,
# [benchmarks/README.md](https://github.com/dfkit-course/deepfake-course/blob/main/benchmarks/README.md)).
# Colab's CPU or a busy machine can take several times longer, and a fresh Colab runtime
# installs `dfkit` first.
#
# Every chapter so far scored the detector on test sets where half the faces are fake, and chapter
# 06 put recall first: a missed fake is costly. Out in the world most faces are real, so the
# *other* mistake, a real person's photo called fake, is the one that happens most. This chapter
# weighs both; chapter 11 asks whether the detector's scores can be read as probabilities, and
# who pays for its false alarms.

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
import numpy as np
import pandas as pd

from dfkit import course, training
from dfkit.course import readings, report
# ____ is the blank each exercise's answer starts as (set-up, not an exercise)
from dfkit.course.exercises.ch10 import ____
from dfkit.evaluation import base_rates, metrics

data = course.prepare()
profile = data.profile

# %% [markdown]
# ## The detector: Model 1
#
# The simple CNN, trained as in chapter 03 with early stopping on validation AUC, on RGB input.
# We keep its probabilities for the validation split (to make decisions on) and the test split (to
# measure them on), and the threshold chosen on validation for a recall of `0.95`, as in chapter
# 06. (An **operating point** is a threshold together with the recall and specificity it gives:
# here, the point for a user who wants 95 fakes in 100 caught.)
#
# The first cell trains it, printing a line per epoch (none when chapter 09 already trained the
# same model on this machine: dfkit's model cache then loads it, with its training history) and
# a sentence on what that history shows. The next predicts both splits and counts their faces,
# and the third chooses the threshold and shows a table:
# - the splits' sizes;
# - how well the model separates fakes from real faces on test
#   ([ROC-AUC](https://dfkit-course.github.io/deepfake-course/glossary.html#term-roc-auc):
#   `0.5` is a coin toss, `1` perfect);
# - the threshold, with the recall and specificity it gives on validation, the split it was
#   chosen on.
#
# Every effect below needs a detector that separates the two: read this run's test ROC-AUC in
# that table. The `ci` profile trains briefly on few faces and can sit near `0.5`; every step
# below still runs, but an effect that needs a working detector may then not show.

# %%
inputs = "rgb"
model, history = training.train_model(
    "cnn", data.splits, profile, inputs, verbose=0,
    callbacks=[training.EpochLog()])  # a line per epoch
report.say(readings.ch10.training_reading(history["auc"], history["val_auc"],
                                          profile.epochs))

# %%
# probabilities and labels for both splits, and how many faces of each class
val, test = (training.batches(frame, profile, inputs)
             for frame in (data.val, data.test))
p_val, p_test = training.predict(model, val), training.predict(model, test)
y_val, y_test = val.labels.astype(int), test.labels.astype(int)
n_fakes, n_real = int(y_test.sum()), int((y_test == 0).sum())
n_val_fakes, n_val_real = int(y_val.sum()), int((y_val == 0).sum())

# %%
# the recall-first threshold of chapter 06, chosen on validation
t_recall = metrics.threshold_for_recall(y_val, p_val, 0.95)
recall_val, spec_val = base_rates.rates(y_val, p_val, t_recall)
auc_test = metrics.summary(y_test, p_test)["roc_auc"]
pd.Series({"profile": profile.name, "validation faces": len(y_val),
           "validation fakes": n_val_fakes,
           "test faces": len(y_test), "test fakes": n_fakes,
           "test real faces": n_real,
           "test ROC-AUC": round(auc_test, 3),
           "threshold for recall 0.95 (validation)": round(t_recall, 3),
           "validation recall at that threshold": round(recall_val, 3),
           "validation specificity at that threshold": round(spec_val, 3)},
          name="this run").to_frame()

# %%
# the history the training cell's sentence reads, shown also when the cache
# loaded the model: ROC-AUC per epoch, training (auc), validation (val_auc)
history[["auc", "val_auc"]].round(3).T

# %%
# More epochs: uncomment, run, then run the cells from the training cell
# on again (it reads `data` and `profile`; a new profile trains anew).
# from dfkit import config
# data = course.prepare(config.get_profile(epochs=20))
# profile = data.profile

# %% [markdown]
# ## 1 · Base rates: what a flag means when fakes are rare
#
# Recall (the share of fakes caught) and specificity (the share of real faces left alone) are
# properties of the detector, as long as the fakes and real faces it meets look like the ones
# it was measured on (a new kind of fake, camera or population changes them too). **Precision**,
# the share of flagged faces that really are fake, also depends on the
# [base rate (prevalence)](https://dfkit-course.github.io/deepfake-course/glossary.html#term-base-rate-prevalence):
# how many of the faces it sees are fake.
#
# Take the ResNet-style model of the paper the course rebuilds (S. A. Hassan, *Performance of a
# CNN Backbone in a Deepfake Classification Model*, introduced in chapter 00): 97.7% recall and,
# from the paper's own confusion matrix (Fig 14), a specificity of 44% (chapter 06 recomputes
# it: TN 331 of 749 real faces in the paper's test set). Put it in front of 10,000 faces of
# which 1 in 100 is fake:

# %%
# the paper's Fig 14 (ResNet-style model)
recall, specificity = 977 / 1000, 331 / 749
faces, prevalence = 10_000, 0.01
fakes = faces * prevalence
caught = recall * fakes
false_alarms = (1 - specificity) * (faces - fakes)
paper_precision = caught / (caught + false_alarms)
print(f"{fakes:.0f} fakes among {faces:,} faces: {caught:.1f} caught, "
      f"{false_alarms:,.0f} real faces flagged too; "
      f"{paper_precision:.1%} of the flags are fakes "
      f"({false_alarms / caught:.0f} real faces flagged per fake caught)")

# %% [markdown]
# With the paper's Fig 14 rates the detector catches almost all of the 100 fakes and flags more
# than five thousand real faces with them: fewer than 2 in 100 of its flags are right. A recall
# above 97% (the paper's headline) says nothing about this.
#
# **q1 (count, then run).** Our Model 1 runs at the threshold chosen on validation for recall
# `0.95`. Count as above for 10,000 faces of which 1 in 100 is fake, with the recall and
# specificity that threshold gave on validation (the chapter's first table; its rounded rates
# are fine): how many real faces does it flag, and what share of the faces it flags are fake?
# Set `q1_real_flagged` to the count (whole or not) and `q1_prediction` to the share (a number
# between 0 and 1, to 3 decimals at least), then run the cell: `q1.check()` checks both against
# validation's rates. A table further down gives the same precision measured on test, a
# different set of faces, and the reading under it sets the two side by side.

# %%
from dfkit.course.exercises.ch10 import q1

q1_real_flagged = ____  # real faces flagged among the 9,900
q1_prediction = ____  # a share between 0 and 1
q1.check()

# %% [markdown]
# The same arithmetic, for any recall, specificity and prevalence π, is Bayes' rule. As in
# chapter 02, `# @save` marks a cell whose code is the same text as a function of dfkit (here
# `base_rates.precision_at_prevalence`; a test of the course keeps the two identical); later
# cells of this chapter call this one.

# %%
# @save dfkit.evaluation.base_rates
def precision_at_prevalence(recall, specificity, prevalence):
    """Share of flagged faces that are fake when a share ``prevalence`` of
    faces is.

    NaN when nothing would be flagged (recall 0 and specificity 1, or
    prevalence 0 and specificity 1). Works on numbers or arrays.
    """
    prevalence = np.asarray(prevalence, dtype=float)
    if np.any((prevalence < 0) | (prevalence > 1)):
        raise ValueError("prevalence is the share of faces that are fake: "
                         "a number in [0, 1].")
    caught = np.asarray(recall, dtype=float) * prevalence
    false_alarm_rate = 1 - np.asarray(specificity, dtype=float)
    false_alarms = false_alarm_rate * (1 - prevalence)
    flagged = caught + false_alarms
    with np.errstate(invalid="ignore", divide="ignore"):
        # NaN: nothing flagged
        out = np.where(flagged > 0, caught / flagged, np.nan)
    return float(out) if out.ndim == 0 else out


# %% [markdown]
# What the formula says about a detector that catches nearly every fake: at 1 fake in 100, its
# flags are more than 1 in 10 right only if its specificity is above about `0.91` (it flags
# fewer than about 9 real faces in 100), and more than half right only above about `0.99`.
#
# The table gives each operating point's precision at four prevalences, from 1 fake in 2
# (column `prec @ 1 in 2`, as on our balanced test split) to 1 in 1,000 (`prec @ 1 in 1,000`),
# to three significant digits. Our row is this run's test recall and specificity at the
# threshold chosen for recall `0.95`; beside the paper's ResNet-style model, a row gives the
# paper's plain CNN for comparison (its Fig 13: 942 of 1,000 fakes caught, 636 of 749 real
# faces left alone). The paper's own test set held 1,000 fakes and 749 real faces, so its rows
# at 1 in 2 are not the precision it measured.

# %%
ours = base_rates.rates(y_test, p_test, t_recall)
points = {"paper ResNet (Fig 14)": (977 / 1000, 331 / 749),
          "paper CNN (Fig 13)": (942 / 1000, 636 / 749),
          f"ours ({profile.name}), test": ours}
table = base_rates.precision_table(points)
ours_precision = table.loc[f"ours ({profile.name}), test",
                           base_rates.prevalence_label(0.01)]
table.insert(0, "specificity", [s for _, s in points.values()])
table.insert(0, "recall", [r for r, _ in points.values()])
base_rates.significant(table)

# %%
recall_test, spec_test = ours  # test's rates at t_recall
step = 1 / n_val_fakes  # one validation fake more or less caught
flagged_val = round((1 - spec_val) * n_val_real)  # real faces flagged
# chapter 07's Wilson interval for validation's share flagged
val_interval = metrics.wilson_interval(flagged_val, n_val_real)
# the rule the reading words: test's share flagged inside that interval
# is a difference within chance
within_chance = val_interval[0] <= 1 - spec_test <= val_interval[1]
report.say(readings.ch10.recall_steps(
    recall_test, recall_val, n_val_fakes=n_val_fakes, step=step))
report.say(readings.ch10.specificity_shift(
    spec_test, spec_val, n_test_real=n_real, n_val_real=n_val_real,
    test_precision=ours_precision, val_recall=recall_val,
    val_interval=val_interval, within_chance=within_chance))

# %%
base_rates.plot_precision_vs_prevalence(points);

# %% [markdown]
# Both axes of the figure are on a log scale, so that the rare-fake end, where a detector is
# deployed, is not squeezed flat against zero. Every curve falls as fakes become rarer: once
# real faces outnumber fakes a hundred to one, even a small share of real faces flagged
# outnumbers the fakes caught. A recall of `0.95` is bought with real faces flagged, so at 1
# fake in 100 most flags of a detector run at that operating point are false alarms, unless its
# specificity is far above anything in the table. Report precision at realistic prevalences next
# to recall, and the real faces flagged per fake caught.
#
# The paper's two models show it (its Figs 13 and 14): its plain CNN catches fewer fakes than
# its ResNet-style model (recall 94.2% against 97.7%) but flags far fewer real faces
# (specificity 84.9% against 44.2%), and at 1 fake in 100 its flags are right 5.93 times in 100
# against 1.74, 3.4 times as often. Where fakes are rare, the specificity decides.
#
# The table used the formula. The same number comes from the test scores themselves, by giving
# each real face and each fake a weight so that the weighted test set has 1 fake in 100
# (`base_rates.prevalence_weights`). With N test faces, n_fake of them fakes and n_real real,
# and a prevalence π, each fake weighs π·N/n_fake and each real face (1 − π)·N/n_real. The
# fakes' weights then add up to π·N and the real faces' to (1 − π)·N: the weighted set still
# counts N faces, a share π of them fake. A fake counts for less than one face and a real face
# for more, and every count of flags, caught fakes or false alarms is a sum of weights. Weights
# are how we look at a rarer world with a balanced test split, under the same assumption as
# above: the rarer world's fakes and real faces look like the test split's, only in other
# proportions. Section 2 uses them to read the cost table's test counts at 1 fake in 100;
# chapter 11 needs them for calibration, which recall and specificity alone do not give.

# %%
pi = 0.01
weights = base_rates.prevalence_weights(y_test, pi)
w_fake = pi * len(y_test) / n_fakes  # what each test fake counts for
w_real = (1 - pi) * len(y_test) / n_real  # what each real test face counts for
assert np.allclose(weights, np.where(y_test == 1, w_fake, w_real))
N = len(y_test)
print(f"each fake: π·N/n_fake = {pi}·{N}/{n_fakes} = {w_fake:.4f}")
print("each real face: (1 − π)·N/n_real =",
      f"{1 - pi}·{N}/{n_real} = {w_real:.4f}")
fake_share = np.sum(weights * y_test) / np.sum(weights)
print(f"weighted share of fakes: {fake_share:.3f} "
      f"(the weights add up to {np.sum(weights):.1f}: the {N} test faces)")
flagged = p_test >= t_recall
caught_weight = np.sum(weights * flagged * y_test)
flagged_weight = np.sum(weights * flagged)
weighted = caught_weight / max(flagged_weight, 1e-12)
print(f"precision at 1 in 100 from reweighted test scores: {weighted:.4f} "
      f"(formula: {ours_precision:.4f})")

# %% [markdown]
# ## 2 · A threshold for a prevalence and a price
#
# Which threshold is best depends on two things the test set cannot tell: how rare fakes are
# where the detector is used, and what each mistake costs. Suppose a platform screens uploads in
# which 1 face in 100 is fake, and decides that missing a fake is as bad as wrongly flagging 20
# real people. The expected cost per face of a threshold is
# π·(1 − recall)·cost_miss + (1 − π)·(1 − specificity)·cost_false_alarm (Elkan 2001). Only the
# ratio of the two costs decides which threshold is cheapest: multiplying both costs by the
# same number multiplies every threshold's cost by it, and the cheapest stays the cheapest. So
# we price a false alarm at 1. In the code a missed fake is a false negative and a real face
# flagged a false positive, so cost_miss is `cost_fn` and cost_false_alarm is `cost_fp`; the
# cell passes both by name.
#
# `base_rates.cost_threshold` tries every validation score as a threshold, and `inf` (flag
# nothing), computes each one's expected cost **on validation**, and returns the cheapest (of
# equally cheap ones, the highest):

# %%
deploy_prevalence = 0.01  # 1 face in 100 is fake
cost_fp, cost_fn = 1, 20  # a false alarm, a miss
t_cost = base_rates.cost_threshold(y_val, p_val, deploy_prevalence,
                                   cost_fp=cost_fp, cost_fn=cost_fn)
print(f"least-cost threshold on validation: {t_cost:.3f}")

# %% [markdown]
# We apply it, unchanged, to test. Its expected cost there is the formula above with test's
# recall and specificity: the fakes missed per face times the cost of a miss, plus the real
# faces flagged per face times the cost of a false alarm. Per 1,000 faces where 1 in 100 is
# fake (not the balanced test split), in units of one real face wrongly flagged, then the same
# sum on validation:

# %%
r_cost, s_cost = base_rates.rates(y_test, p_test, t_cost)
misses = deploy_prevalence * (1 - r_cost)  # fakes missed, per face
alarms = (1 - deploy_prevalence) * (1 - s_cost)  # real faces flagged, per face
cost_per_face = cost_fn * misses + cost_fp * alarms
print(f"per 1,000 faces: {1000 * misses:.3f} misses × {cost_fn} = "
      f"{1000 * cost_fn * misses:.1f}, plus {1000 * alarms:.1f} false alarms "
      f"× {cost_fp} = {1000 * cost_fp * alarms:.1f}: "
      f"{1000 * cost_per_face:.1f} in all")
cost_val = base_rates.expected_cost(  # the same sum with validation's rates
    *base_rates.rates(y_val, p_val, t_cost), deploy_prevalence,
    cost_fp=cost_fp, cost_fn=cost_fn)
print(f"on validation, where it was the cheapest: {1000 * cost_val:.1f}")

# %% [markdown]
# A cost means little alone. `base_rates.cost_table` does the same sum on test for four
# thresholds: the default `0.5`, the recall-first one of chapter 06 (`t_recall`), the least-cost
# one (the row `least cost on validation`: cheapest there, not necessarily on test) and the
# choice to flag nothing (threshold `inf`).
# Its columns:
# - `recall`, `spec.` (specificity);
# - `caught`, `real flagged`: counts of test fakes caught and real faces flagged;
# - `prec @ 1 in 100`: precision at 1 fake in 100, to three significant digits (NaN when no
#   face is flagged, so no flag can be right or wrong);
# - `cost/1k`: the expected cost per 1,000 faces, the sum above (the cell checks that the
#   `least cost on validation` row holds it).

# %%
prec = base_rates.prevalence_label(deploy_prevalence)  # "prec @ 1 in 100"
# row names: "recall ≥ 0.95 on validation", "least cost on validation"
recall_row, least_row = readings.ch10.RECALL_ROW, readings.ch10.LEAST_COST
thresholds = {"threshold 0.5": 0.5, recall_row: t_recall,
              least_row: t_cost, "flag nothing": np.inf}
costs = base_rates.cost_table(y_test, p_test, thresholds, deploy_prevalence,
                              cost_fp=cost_fp, cost_fn=cost_fn)
assert np.isclose(costs.loc[least_row, "cost/1k"], 1000 * cost_per_face)
base_rates.shown_costs(costs)

# %% [markdown]
# Flagging nothing costs exactly the fakes it lets through: π·cost_miss per face, 200 per 1,000
# faces here (1 in 100 faces, each miss worth 20). It is the bar every other row must get
# under: the next cell takes each row's `cost/1k` minus flagging nothing's (`gaps`, above 0
# when a threshold costs more than doing nothing).

# %%
cost_nothing = costs.loc["flag nothing", "cost/1k"]
# each threshold's cost minus flagging nothing's (> 0: dearer than nothing)
gaps = costs["cost/1k"].drop("flag nothing") - cost_nothing
chosen = costs.loc[least_row]
# when validation finds nothing cheaper than flagging nothing, the least-cost
# row flags no face: the readings then say so, not compare it with itself
flags_none = chosen["caught"] + chosen["real flagged"] == 0
report.say(readings.ch10.costs_against_nothing(cost_nothing, gaps, flags_none))

# %% [markdown]
# What the least-cost threshold gives up against the recall-first threshold of chapter 06,
# counted in test faces (the `caught` and `real flagged` columns of the two rows), then
# weighed with section 1's weights at 1 fake in 100:

# %%
report.say(readings.ch10.trade_off(costs, n_fakes, n_real,
                                   weights=(w_fake, w_real),
                                   prices=(cost_fp, cost_fn)))

# %% [markdown]
# A threshold that flags many real faces (the default `0.5`, or one chasing a high recall) can
# cost more than doing nothing at all at 1 fake in 100. The least-cost threshold is not found
# by raising a threshold step by step: on a validation split this small the cost, threshold by
# threshold, can go up and down, with small dips beside the deepest one, so the search tries
# every validation score as a threshold and takes the lowest cost of all, wherever it lies.
# The figure shows this run's validation costs and the one chosen; its right panel zooms on the
# thresholds costing under `1.5` times flagging nothing, where the dips are. The cheapest of
# many validation thresholds tends to look better on validation than it will on new faces (the
# cell that applied it to test printed both costs): the test table is the honest figure.

# %%
base_rates.plot_cost_curve(y_val, p_val, deploy_prevalence, cost_fp=cost_fp,
                           cost_fn=cost_fn, chosen=t_cost);

# %% [markdown]
#
# ### How much the costs rest on
#
# Every cost in the table is counted on a few test faces, several of each person. Would a
# gap to "flag nothing" survive another test split of new people? The next cell keeps each
# threshold fixed and resamples the test split's groups (identities) with
# replacement, the cluster bootstrap of chapter 06. On each resample it recomputes the
# threshold's `cost/1k` minus flagging nothing's (`gap/1k`); the middle `95%` of those gaps is
# its interval (`95% low` to `95% high`). An interval wholly below 0 is evidence that the
# threshold beats doing nothing for other people like these (not for another validation split
# or training seed, which it does not resample); one that holds 0 is not.

# %%
groups_test = data.test["group"].to_numpy()
n_groups = len(np.unique(groups_test))
gap_rows = {}
for name in gaps.index:
    gap = base_rates.cost_gap_interval(
        y_test, p_test, costs.loc[name, "threshold"], deploy_prevalence,
        cost_fp=cost_fp, cost_fn=cost_fn, groups=groups_test,
        seed=profile.seed)
    gap_rows[name] = dict(zip(("gap/1k", "low", "high"), 1000 * np.array(gap)))
gap_table = pd.DataFrame.from_dict(gap_rows, orient="index")
report.say(readings.ch10.cost_gap_reading(gap_table, n_groups, flags_none))
gap_table.round(1).rename(columns={"low": "95% low", "high": "95% high"})

# %% [markdown]
# The trade read above, the least-cost threshold against the recall-first one, is a difference
# on this test split too. The next cell resamples people in the same way and, on each resample,
# costs both thresholds on the same faces (a paired gap):

# %%
paired = base_rates.cost_gap_interval(
    y_test, p_test, t_cost, deploy_prevalence, cost_fp=cost_fp,
    cost_fn=cost_fn, groups=groups_test, seed=profile.seed,
    against=(p_test, t_recall))  # least cost minus recall-first, per face
report.say(readings.ch10.paired_gap_reading(*(1000 * np.array(paired))))

# %% [markdown]
# A precision rests on a few faces too. The next table gives, for each threshold of the cost table,
# the count k of real faces it flagged on test, the share k/n of the n real test faces, and the
# upper end of the share's Wilson interval (chapter 07: an interval for a share observed as k
# of n, honest for small n and for shares near 0): the largest share of real faces flagged
# that the count does not rule out, if faces were independent. It then gives the precision at
# 1 fake in 100 twice, at the observed share and at that upper end, side by side. More real
# faces flagged means more false alarms, so the precision at the upper end is a what-if: the
# precision if the share flagged were as large as the count leaves open. It is about the real
# faces flagged only: both columns keep the test recall as measured, though it too is counted
# on few fakes.
#
# Why Wilson here and not the cluster bootstrap of the costs? A bootstrap only reshuffles the
# faces it has: a threshold that flagged no real face (a strict threshold on a good detector
# can) flags none on any resample, and its interval shrinks to 0, while Wilson's still says
# how large a share 0 of n leaves open. The price: Wilson counts the
# n faces as independent, and several faces of one person are not. When a threshold's flags
# fall on a few people, its interval is too narrow and its upper end too low: a what-if, not a
# bound on the worst case. A cell below the table checks whether that happened on this run.

# %%
rows = {}
for name in gaps.index:
    row = costs.loc[name]
    k = int(row["real flagged"])
    upper = metrics.wilson_interval(k, n_real)[1]  # 95%, faces as independent
    rows[name] = {
        "real flagged (count)": f"{k} of {n_real}",
        "share flagged": k / n_real,
        "Wilson 95% upper end": upper,
        "prec @ 1 in 100, at the share": row[prec],
        "prec @ 1 in 100, at the upper end": precision_at_prevalence(
            row["recall"], 1 - upper, deploy_prevalence),
    }
intervals = pd.DataFrame.from_dict(rows, orient="index")
base_rates.significant(intervals)

# %%
# the least-cost row of the table, in words
least = intervals.loc[least_row]
share, upper = least["share flagged"], least["Wilson 95% upper end"]
report.say(readings.ch10.least_cost_precision(
    flags_none, real_flagged=int(chosen["real flagged"]), n_real=n_real,
    share=share, upper=upper,
    precision_at_share=least["prec @ 1 in 100, at the share"],
    precision_at_upper=least["prec @ 1 in 100, at the upper end"]))

# %% [markdown]
# Does clustering matter on this run? The next cell takes the least-cost row's share of real
# faces flagged and resamples whole people with replacement (the cluster bootstrap of the
# costs, same seed), then sets that `95%` interval beside Wilson's, with how the flags fall on
# people:

# %%
real_faces = y_test == 0
flagged_real = (p_test >= t_cost) & real_faces  # least cost: real flagged
assert flagged_real.sum() == chosen["real flagged"]


def share_flagged(idx):
    """Share of the real faces among the resampled ones that are flagged."""
    return flagged_real[idx].sum() / real_faces[idx].sum()


# only resamples that hold real faces count: share_flagged divides by them
draws = metrics.draws_with_both_classes(share_flagged, y_test, groups_test,
                                        n_boot=2000, seed=profile.seed)
people_interval = tuple(np.percentile(draws, [2.5, 97.5]))
per_person = pd.Series(flagged_real[real_faces]).groupby(
    groups_test[real_faces]).sum()  # real faces flagged, per person
report.say(readings.ch10.clustering_reading(
    per_person, metrics.wilson_interval(int(flagged_real.sum()), n_real),
    people_interval))

# %% [markdown]
# Read the two precision columns side by side before trusting a precision at a low prevalence.
# The interval is wide because n, the number of real test faces, is small. At 1 fake in 100,
# even a few real faces in a hundred flagged turn most flags into false alarms, and the upper
# end says how many this run's n leaves open.
#
# Doing nothing is the bar a detector must beat before it is deployed at a low prevalence, and
# the balanced test sets of chapters 03–08 never show it. The cost ratio is a decision for the
# people who bear the costs, not for the model builder; exercises q3 and q4 change it.
#
# ## Summary
#
# * Precision depends on prevalence; recall and specificity do not, as long as the fakes and
#   real faces met in use look like the test ones. At 1 fake in 100 the paper's ResNet-style
#   model, for all its 97.7% recall (the paper's Fig 14), would be right in fewer than 2 of
#   every 100 flags. Report precision at realistic prevalences, and the real faces flagged per
#   fake caught.
# * A balanced test split can stand for a rarer world of the same kinds of faces when its faces
#   are weighted.
# * A threshold is a decision about a prevalence and the price of each mistake: choose it on
#   validation, apply it to test, and compare it with flagging nothing.
# * A cost read off a small test split rests on a few faces: say how many, and give a cost's
#   gap to flagging nothing, or to another threshold, with an interval that resamples groups.
# * Next to a precision at the share of real faces flagged, give the precision at the upper end
#   of that share's Wilson interval: a what-if about the real faces flagged only, not a bound on
#   the worst case. Wilson counts faces as independent: when several faces belong to one
#   person, set it beside a bootstrap over people.
#
# Chapter 11 asks what the scores themselves mean: whether a score of `0.9` is nine in ten, at
# which prevalence, for which kind of fake, and for whom the false alarms fall.

# %% [markdown]
# ## Exercises
#
# q1 was the count above. Five more follow. q4's check uses `y_val`, `p_val`, `y_test`,
# `p_test`, `deploy_prevalence` and `cost_fp` from the cells above: after a disconnect, run the
# chapter from the top first.

# %%
from dfkit.course.exercises.ch10 import q2, q3, q4, q5, q6

# %% [markdown]
# **q2 (implement).** Below some prevalence, most of a detector's flags are false alarms. Write
# `break_even_prevalence(recall, specificity)`: the prevalence at which exactly half of the
# flagged faces are fake (as many real faces flagged as fakes caught). Write that equation by
# hand, in recall, specificity and the prevalence, and solve it: a one-line formula with `+`,
# `-`, `*` and `/` on the two rates. The checker tries your function on inputs you have not
# seen, arrays among them and detectors that almost never flag a real face, and compares with
# the exact prevalence to a millionth of it. Write it as one fraction: `1 - specificity` is
# fine, but 1 minus a fraction of the rates loses its digits when the answer is that small. A
# numeric search for the prevalence (a solver, or a loop of your own) is refused. Check it
# outside the function with `base_rates.precision_at_prevalence`, which must give `0.5` there.

# %%
def break_even_prevalence(recall, specificity):
    return ____


q2.check()

# %% [markdown]
# **q3 (explain, before q4).** Suppose the platform decides a missed fake is as bad as 100 real
# people wrongly flagged, not 20. Before you compute anything: which way can the least-cost
# threshold chosen on validation move from `t_cost`, for any validation scores whatsoever? Set
# `q3_answer` to a letter and check it; q4 then computes it.
#
# - a. down, or not at all: the dearer miss adds most to the thresholds that miss the most
#   fakes, the high ones, so none above `t_cost` can become the cheapest
# - b. up, or not at all: a dearer miss makes every mistake count for more, so the cheapest
#   threshold must flag fewer faces and make fewer mistakes of either kind
# - c. always down, at least a little: with a miss five times dearer, some threshold below
#   `t_cost` always catches enough more fakes to become the cheapest
# - d. either way: the validation cost, threshold by threshold, goes up and down with small
#   dips beside the deepest one, so which dip is deepest once a miss costs more cannot be told
#   in advance
# - e. down, or not at all: the validation cost has a single minimum, and a dearer miss slides
#   it smoothly towards the lower thresholds

# %%
q3_answer = ____
q3.check()

# %% [markdown]
# **q4 (modify the experiment).** Now choose the threshold for a miss costing 100 on validation
# (`base_rates.cost_threshold`, same prevalence `deploy_prevalence`), store it in
# `threshold_costly_miss` (unrounded, or to 3 decimals at least), and store the **test** recall
# at that threshold in `recall_costly_miss` (rounded to 2 decimals). The check's message then
# says how it moved from `t_cost`.

# %%
threshold_costly_miss = ____
recall_costly_miss = ____
q4.check()

# %% [markdown]
# **q5 (implement).** The first cell of section 1 counted, for one model at 1 fake in 100, how
# many real faces it flags for every fake it catches. Write
# `real_flags_per_fake(recall, specificity, prevalence)` that gives that number for any
# detector and any prevalence, from the three rates alone (no counts of faces as inputs), with
# `+`, `-`, `*` and `/` as in q2. The checker tries it on inputs you have not seen, arrays
# among them and detectors that almost never flag a real face, and compares with the exact
# ratio, so do not round inside it.
# Try it on the paper's ResNet-style model (recall 977/1000, specificity 331/749, its Fig 14)
# at 1 fake in 1,000.

# %%
def real_flags_per_fake(recall, specificity, prevalence):
    return ____


q5.check()

# %% [markdown]
# **q6 (explain).** Which claim holds whatever numbers your run printed? Set `q6_answer` to a
# letter.
#
# - a. weighted to 1 fake in 100, the test split would give Model 1 the same ROC-AUC as
#   unweighted, since every face of a class gets the same weight
# - b. were fakes 1 in 1,000 rather than 1 in 100, the least-cost threshold chosen on
#   validation would move down, to catch the fakes that have become rarer and so more precious
# - c. a threshold whose `cost/1k` is below flagging nothing's on this test split would be
#   below it on a test split of new people too, since the cost is worked out from rates, not
#   counts
# - d. with twice the real test faces and the same share of them flagged, the least-cost row's
#   precision at 1 in 100 would rise, since more real faces left alone make each flag likelier
#   to be right

# %%
q6_answer = ____
q6.check()

# %% [markdown]
# ## Questionnaire
#
# 1. Why does precision depend on prevalence while recall and specificity do not, and when
#    do recall and specificity change in use too?
# 2. At 1 fake in 100, how many real faces does the paper's ResNet-style model flag for every
#    fake it catches, and why does its recall of 97.7% not prevent that?
# 3. How does weighting a balanced test split let it stand for 1 fake in 100?
# 4. Why is "flag nothing" a baseline worth reporting at a low prevalence?
# 5. Which two things, neither measurable on a test set, decide the best threshold? Why does
#    only the ratio of the two mistakes' costs matter, not their size?
# 6. Why is the threshold chosen on validation and only measured on test?
# 7. What does the upper end of a Wilson interval on the real faces flagged tell you about a
#    precision at 1 fake in 100?
#
# ## Further research
#
# 1. Compute the DFDC preview paper's weighted precision (Dolhansky et al. 2019, arXiv:1910.08854),
#    a precision that counts every false positive α times, TP / (TP + α·FP), for our model and
#    compare it with `base_rates.precision_at_prevalence`. What prevalence does its α assume?
# 2. Plot the expected cost per 1,000 faces against the threshold on validation for a miss
#    costing 5, 20 and 100 false alarms. How flat is each curve near its minimum, and what does
#    a flat minimum mean for the choice?
#
# ## References
#
# - Hassan, S. A. *Performance of a CNN Backbone in a Deepfake Classification Model* (the paper
#   the course rebuilds; its copy names no venue, year or link, see chapter 00). Figs 13–14.
# - Dolhansky, B., et al. The Deepfake Detection Challenge (DFDC) Preview Dataset.
#   arXiv:1910.08854, 2019.
# - Elkan, C. (2001). The foundations of cost-sensitive learning. IJCAI.
