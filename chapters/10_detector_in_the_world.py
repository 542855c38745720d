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
# **Time it takes:** 17 s of computer time in the default `laptop` profile on a 2-core CPU (a
# whole-book build of 2026-12-05,
# [benchmarks/README.md](https://github.com/dfkit-course/deepfake-course/blob/main/benchmarks/README.md),
# "The main job"), where the chapter loaded the Model 1 on RGB that chapter 09 had trained on the
# same machine (dfkit's model cache); run on its own, add one training run of Model 1 (about 2 to 2½ min).
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

    importlib.invalidate_caches()  # so the new package imports without a restart

# %%
import numpy as np
import pandas as pd

from dfkit import course, training
from dfkit.course import report
# Set-up for the exercises (not an exercise): the blank ____ your answers start as.
from dfkit.course.exercises.ch10 import ____
from dfkit.evaluation import base_rates, metrics

data = course.prepare()
profile = data.profile

# %% [markdown]
# ## The detector: Model 1
#
# The simple CNN, trained as in chapter 03 with early stopping on validation AUC, on RGB input:
# the course's recorded ablation runs found no evidence that the handcrafted channels help it
# ([benchmarks/README.md](https://github.com/dfkit-course/deepfake-course/blob/main/benchmarks/README.md), laptop profile, 3 seeds; chapter 08 shows the DFDC ones). We keep its probabilities for the validation split (to make
# decisions on) and the test split (to measure them on), and the threshold chosen on validation
# for a recall of `0.95`, as in chapter 06. (An **operating point** is a threshold together with
# the recall and specificity it gives: here, that of a desk that wants 95 fakes in 100 caught.)
#
# Every effect below needs a detector that separates fakes from real faces, so the cell first
# prints how well this run's model does it on test
# ([ROC-AUC](https://dfkit-course.github.io/deepfake-course/glossary.html#term-roc-auc)). At the
# default `laptop` profile Model 1 works on this synthetic set (the record above). The `ci`
# profile trains briefly on few faces, and its ROC-AUC can sit near `0.5`, a coin toss: every step
# below still runs, but an effect that needs a working detector may then not show.

# %%
inputs = "rgb"
model, _ = training.train_model("cnn", data.splits, profile, inputs, verbose=0)
val, test = (training.batches(frame, profile, inputs)
             for frame in (data.val, data.test))
p_val, p_test = training.predict(model, val), training.predict(model, test)
y_val, y_test = val.labels.astype(int), test.labels.astype(int)
t_recall = metrics.threshold_for_recall(y_val, p_val, 0.95)
auc_test = metrics.summary(y_test, p_test)["roc_auc"]
n_fakes, n_real = int(y_test.sum()), int((y_test == 0).sum())
pd.Series({"profile": profile.name, "validation faces": len(y_val),
           "test faces": len(y_test), "test fakes": n_fakes, "test real faces": n_real,
           "test ROC-AUC": round(auc_test, 3),
           "threshold for recall 0.95 (validation)": round(t_recall, 3)},
          name="this run").to_frame()

# %% [markdown]
# ## 1 · Base rates: what a flag means when fakes are rare
#
# Recall (the share of fakes caught) and specificity (the share of real faces left alone) are
# properties of the detector. **Precision**, the share of flagged faces that really are fake,
# also depends on the
# [base rate (prevalence)](https://dfkit-course.github.io/deepfake-course/glossary.html#term-base-rate-prevalence):
# how many of the faces it sees are fake.
#
# Take the paper's ResNet-style model: 97.7% recall and, from its own confusion matrix (Fig 14),
# a specificity of 44% (chapter 06 recomputes it: TN 331 of 749 real faces in the paper's test
# set). Put it in front of 10,000 faces of which 1 in 100 is fake:

# %%
recall, specificity = 977 / 1000, 331 / 749  # the paper's Fig 14 (ResNet-style model)
faces, prevalence = 10_000, 0.01
fakes = faces * prevalence
caught = recall * fakes
false_alarms = (1 - specificity) * (faces - fakes)
paper_precision = caught / (caught + false_alarms)
print(f"{fakes:.0f} fakes among {faces:,} faces: {caught:.1f} caught, "
      f"{false_alarms:,.0f} real faces flagged too; {paper_precision:.1%} of the flags "
      f"are fakes ({false_alarms / caught:.0f} real faces flagged per fake caught)")

# %% [markdown]
# With the paper's Fig 14 rates the detector catches almost all of the 100 fakes and flags more
# than five thousand real faces with them: fewer than 2 in 100 of its flags are right. A recall
# above 97% (the paper's headline) says nothing about this. The same arithmetic, for any recall,
# specificity and prevalence π, is Bayes' rule:

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

# %% [markdown]
# The table gives each operating point's precision at four prevalences, from 1 fake in 2 (the
# balanced test split) to 1 in 1,000. Our row is this run's test recall and specificity at the
# threshold chosen for recall `0.95`.

# %%
ours = base_rates.rates(y_test, p_test, t_recall)
points = {"paper ResNet (Fig 14)": (977 / 1000, 331 / 749),
          "paper CNN (Fig 13)": (942 / 1000, 636 / 749),
          f"ours ({profile.name}), test": ours}
table = base_rates.precision_table(points)
ours_precision = table.iloc[2]["1.0%"]
table.insert(0, "specificity", [s for _, s in points.values()])
table.insert(0, "recall", [r for r, _ in points.values()])
table.round(3)

# %%
q1.check()

# %%
base_rates.plot_precision_vs_prevalence(points);

# %% [markdown]
# Every curve falls as fakes become rarer: once real faces outnumber fakes a hundred to one,
# even a small share of real faces flagged outnumbers the fakes caught. A recall of `0.95` is
# bought with real faces flagged, so at 1 fake in 100 most flags of a detector run at that
# operating point are false alarms, unless its specificity is far above anything in the table.
# Report precision at realistic prevalences next to recall, and the real faces flagged per fake
# caught.
#
# The table used the formula. The same number comes from the test scores themselves, by giving
# each real face and each fake a weight so that the weighted test set has 1 fake in 100
# (`base_rates.prevalence_weights`). Weights are how we look at a rarer world with a balanced
# test split; chapter 11 measures calibration with them.

# %%
weights = base_rates.prevalence_weights(y_test, 0.01)
flagged = p_test >= t_recall
weighted = np.sum(weights * flagged * y_test) / max(np.sum(weights * flagged), 1e-12)
print(f"precision at 1 in 100 from reweighted test scores: {weighted:.4f} "
      f"(formula: {ours_precision:.4f})")

# %% [markdown]
# ## 2 · A threshold for a prevalence and a price
#
# Which threshold is best depends on two things the test set cannot tell: how rare fakes are
# where the detector is used, and what each mistake costs. Suppose a platform screens uploads in
# which 1 face in 100 is fake, and decides that missing a fake is as bad as wrongly flagging 20
# real people. The expected cost per face of a threshold is
# π·(1 − recall)·cost_miss + (1 − π)·(1 − specificity)·cost_false_alarm.
# `base_rates.cost_threshold` finds the cheapest threshold **on validation**; we then apply it,
# unchanged, to test, next to the two thresholds used so far and the choice to flag nothing.
# The table's columns: recall, specificity (`spec.`), test fakes caught and real faces flagged
# (counts), precision at 1 fake in 100 (`prec@1%`; NaN when no face is flagged, so no flag can
# be right or wrong), and the expected cost per 1,000 faces (`cost/1k`, in units of one real
# face wrongly flagged). A threshold of `inf` flags nothing.

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
costs.round({"threshold": 3, "recall": 3, "spec.": 3, "prec@1%": 3, "cost/1k": 1})

# %% [markdown]
# Flagging nothing costs exactly the fakes it lets through: π·cost_miss per face, 200 per 1,000
# faces here (1 in 100 faces, each miss worth 20). A threshold that flags many real faces (the
# default `0.5`, or one chasing a high recall) can cost more than doing nothing at all at 1 fake
# in 100: compare each row of your table with "flag nothing" to see which ones do in your run.
# The least-cost threshold moves up until each further flag is worth its false alarms, and gives
# up recall to do it.
#
# ### How much the costs rest on
#
# A cost measured on a test split is a count of a few faces. The table below says what one test
# face more or less would change, and what the chosen threshold's count of real faces flagged
# allows. For the count we use the Wilson interval of chapter 07 (an interval for a share
# observed as k of n, honest for small n and for shares near 0): its upper end is the largest
# share of real faces flagged that the count does not rule out, and the precision at 1 fake in
# 100 is then recomputed at that share. (It counts faces as independent; faces of one person are
# not, so it flatters a small set.)

# %%
cost_chosen, cost_nothing = costs.loc["least cost", "cost/1k"], costs.loc[
    "flag nothing", "cost/1k"]
chosen = costs.loc["least cost"]
k_fake, k_real = int(chosen["caught"]), int(chosen["real flagged"])
fp_upper = metrics.wilson_interval(k_real, n_real)[1]  # 95%, faces as independent
resolution = pd.Series({
    "cost gap: flag nothing minus least cost (per 1k)": cost_nothing - cost_chosen,
    "one fake more or less caught moves a cost by": 1000 * deploy_prevalence * cost_fn
    / n_fakes,
    "one real face more or less flagged moves it by": 1000 * (1 - deploy_prevalence)
    * cost_fp / n_real,
    "least cost: real faces flagged (share)": k_real / n_real,
    "  Wilson 95% upper end of that share": fp_upper,
    "  precision at 1 in 100 at that upper end": base_rates.precision_at_prevalence(
        chosen["recall"], 1 - fp_upper, deploy_prevalence),
}, name="this run").to_frame()
# "a few test faces": three of whichever kind moves the cost most (the cautious reading)
gap, one_face = resolution.iloc[0, 0], resolution.iloc[1:3, 0].max()
if k_fake + k_real == 0:
    report.say("On this run the least-cost threshold flags no test face, so it costs "
               "what flagging nothing costs and has no precision to check.")
else:
    verb = "saves" if gap >= 0 else "costs"
    report.say(f"On this run the threshold chosen on validation {verb} {abs(gap):.1f} per "
               "1,000 test faces " + ("against" if gap >= 0 else "more than") + " flagging "
               "nothing: " + ("within a few test faces, too close to call on this split."
                              if abs(gap) < 3 * one_face else
                              "more than a few test faces' worth, though still one split and "
                              "one seed." + ("" if gap >= 0 else " A threshold chosen on "
                                             "validation can lose to doing nothing on test.")))
resolution.round(3)

# %% [markdown]
# Read the precision rows before trusting a precision at a low prevalence: the count of real
# faces flagged is small, so its interval is wide, and the smaller the count, the further its
# upper end can sit above the observed share (compare the two in your table). At 1 fake in 100,
# even a false positive rate of a few in a hundred turns most flags into false alarms, and a
# test split of a few dozen real faces cannot rule such a rate out.
#
# Doing nothing is the bar a detector must beat before it is deployed at a low prevalence, and
# the balanced test sets of chapters 03–08 never show it. The cost ratio is a decision for the
# people who bear the costs, not for the model builder; exercise q3 changes it.
#
# ## Summary
#
# * Precision depends on prevalence; recall and specificity do not. At 1 fake in 100 the paper's
#   ResNet-style model, for all its 97.7% recall (the paper's Fig 14), would be right in fewer
#   than 2 of every 100 flags. Report precision at realistic prevalences, and the real faces
#   flagged per fake caught.
# * A balanced test split can stand for a rarer world when its faces are weighted.
# * A threshold is a decision about a prevalence and the price of each mistake: choose it on
#   validation, apply it to test, and compare it with flagging nothing.
# * A cost or a precision read off a small test split rests on a few faces: say how many, and
#   give the interval (chapter 07's Wilson interval) before the point.
#
# Chapter 11 asks what the scores themselves mean: whether a score of `0.9` is nine in ten, at
# which prevalence, for which kind of fake, and for whom the false alarms fall.

# %% [markdown]
# ## Exercises
#
# q1 was the prediction above. Four more follow.

# %%
from dfkit.course.exercises.ch10 import q2, q3, q4, q5  # noqa: E402

# %% [markdown]
# **q2 (implement).** Below some prevalence, most of a detector's flags are false alarms. Write
# `break_even_prevalence(recall, specificity)`: the prevalence at which exactly half of the
# flagged faces are fake (as many real faces flagged as fakes caught). Check your answer with
# `base_rates.precision_at_prevalence`, which must give `0.5` there. The checker tries it on
# inputs you have not seen, including arrays.

# %%
def break_even_prevalence(recall, specificity):
    return ____


q2.check()

# %% [markdown]
# **q3 (modify the experiment).** Suppose the platform decides a missed fake is as bad as 100
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
q3.check()

# %% [markdown]
# **q4 (compute).** At 1 fake in 1,000 faces, how many real faces does the paper's
# ResNet-style model (recall 977/1000, specificity 331/749, its Fig 14) flag for every fake it
# catches? Store the number in `real_flags_per_fake`. The check accepts anything within `0.75`
# of the exact ratio, so the nearest whole number of faces is enough.

# %%
real_flags_per_fake = ____
q4.check()

# %% [markdown]
# **q5 (explain).** A news organisation plans to announce `"our deepfake detector is 95%
# accurate"`, measured on a test set with as many fakes as real faces. Which addition would
# most change what a reader may conclude from it? Set `q5_answer` to a letter.

# %%
print(q5)
q5_answer = ____
q5.check()

# %% [markdown]
# ## Questionnaire
#
# 1. Why does precision depend on prevalence while recall and specificity do not?
# 2. How many real faces does the paper's ResNet-style model flag for every fake it catches at
#    1 fake in 100? At what prevalence does it flag as many real faces as fakes?
# 3. How does weighting a balanced test split let it stand for 1 fake in 100?
# 4. Why is "flag nothing" a baseline worth reporting at a low prevalence?
# 5. Which two quantities, not measurable on a test set, decide the best threshold?
# 6. Why is the threshold chosen on validation and only measured on test?
# 7. What does the upper end of a Wilson interval on the real faces flagged tell you about a
#    precision at 1 fake in 100?
#
# ## Further research
#
# 1. Compute the DFDC preview paper's weighted precision (Dolhansky et al. 2019, arXiv:1910.08854)
#    for our model and compare it with `base_rates.precision_at_prevalence`. What prevalence
#    does its weight assume?
# 2. Plot the expected cost per 1,000 faces against the threshold on validation for a miss
#    costing 5, 20 and 100 false alarms. How flat is each curve near its minimum, and what does
#    a flat minimum mean for the choice?
#
# ## References
#
# - Dolhansky, B., et al. (2019). The Deepfake Detection Challenge (DFDC) Preview Dataset.
#   arXiv:1910.08854, 2019.
# - Elkan, C. (2001). The foundations of cost-sensitive learning. IJCAI.
