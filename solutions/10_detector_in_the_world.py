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
# # Solutions · 10 A detector in the world: base rates and the price of a mistake
#
# The chapter's count (q1) and the modified experiment (q4) are checked against the
# student's own run. Here they run on example scores and example outcomes, so that this notebook
# needs no training; in the chapter the same lines use the run's variables.

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

from dfkit.evaluation import base_rates
from dfkit.course.exercises import strict
from dfkit.course.exercises.ch10 import q1, q2, q3, q4, q5, q6

strict(True)

# %% [markdown]
# **q1.** Count 10,000 faces at 1 fake in 100: 100 fakes and 9,900 real faces. With the
# validation rates of an example run, recall `0.95` and specificity 43 of 60 real faces (about
# `0.717`), the threshold catches 95 fakes and flags 0.283 · 9,900 ≈ 2,805 real faces, so
# 95 / (95 + 2,805) ≈ `0.033` of its flags are fakes: about 30 real faces per fake caught.
# Counting from the table's rounded `0.717` gives 2,801.7 faces, accepted too. The check then
# compares the share with the test split's; in the chapter the same lines use the run's
# `recall_val`, `spec_val`, `y_test`, `p_test` and `t_recall`.

# %%
recall_val, spec_val = 0.95, 43 / 60  # an example run's validation rates
# that run's test split: 118 of 120 fakes and 24 of 120 real faces score
# at or above its threshold (precision 0.0473 at 1 in 100)
y_test = np.repeat([1, 0], 120)
p_test = np.concatenate([np.arange(120) < 118, np.arange(120) < 24]) * 1.0
t_recall = 0.5
caught, flagged_real = 0.95 * 100, (1 - spec_val) * 9_900
q1_real_flagged = flagged_real  # real faces flagged among the 9,900
q1_prediction = caught / (caught + flagged_real)
print(f"{q1_prediction:.4f} (base_rates: "
      f"{base_rates.precision_at_prevalence(recall_val, spec_val, 0.01):.4f})")
q1.check()

# %% [markdown]
# **q2.** At prevalence π a share recall·π of all faces are fakes caught and a share
# (1 − specificity)·(1 − π) are real faces flagged. Half the flags are fakes when the two are
# equal: recall·π = (1 − specificity)·(1 − π), so π = (1 − specificity) /
# (recall + 1 − specificity).

# %%
def break_even_prevalence(recall, specificity):
    return (1 - specificity) / (recall + 1 - specificity)


paper_resnet = break_even_prevalence(977 / 1000, 331 / 749)
check = base_rates.precision_at_prevalence(977 / 1000, 331 / 749, paper_resnet)
print("paper's ResNet-style model: half its flags are fakes at a "
      f"prevalence of {paper_resnet:.3f} (precision there: {check:.3f})")
q2.check()

# %% [markdown]
# **q3.** (a). A threshold's cost is its misses times their price plus its false alarms times
# theirs. Raising a miss's price from 20 to 100 adds π·(1 − recall)·80 per face, and a higher
# threshold never catches more fakes, so it gains at least as much as a lower one. Every
# threshold above `t_cost` was already dearer than it (of equally cheap ones the highest is
# taken) and gains at least as much, so it stays dearer: the cheapest moves down, or stays
# when no lower threshold catches enough more fakes to pay for its extra false alarms, which
# is why (c)'s "always" is wrong. (b) is wrong because a dearer miss does not make a false
# alarm dearer: flagging fewer faces misses more fakes, which now cost more. (d) is wrong
# because the dips do not matter: the added part never shrinks as the threshold rises. (e)
# has the right direction for a wrong reason: the validation cost has dips, and the cheapest
# can jump from one to another; the argument above holds whatever the curve's shape.

# %%
q3_answer = "a"
q3.check()

# %% [markdown]
# **q4.** Only the miss's price changes; choose on validation, measure on test. On example
# scores (the chapter's come from its model):

# %%
rng = np.random.default_rng(4)
y_val, y_test = rng.integers(0, 2, 200), rng.integers(0, 2, 200)
p_val = np.clip(0.35 * y_val + 0.65 * rng.random(200), 0, 1)
p_test = np.clip(0.35 * y_test + 0.65 * rng.random(200), 0, 1)
deploy_prevalence, cost_fp = 0.01, 1

# cost_fp: a false alarm's cost; cost_fn: a miss's (a false negative),
# passed by name
threshold_costly_miss = base_rates.cost_threshold(
    y_val, p_val, deploy_prevalence, cost_fp=cost_fp, cost_fn=100)
recall_costly_miss = base_rates.rates(y_test, p_test, threshold_costly_miss)[0]
before = base_rates.cost_threshold(y_val, p_val, deploy_prevalence,
                                   cost_fp=cost_fp, cost_fn=20)
print(f"threshold: {before:.3f} (a miss costs 20) -> "
      f"{threshold_costly_miss:.3f} (a miss costs 100); "
      f"test recall {recall_costly_miss:.2f}")
q4.check()

# %% [markdown]
# **q5.** Among N faces at prevalence π there are π·N fakes and (1 − π)·N real faces. The
# detector catches recall·π·N fakes and flags (1 − specificity)·(1 − π)·N real faces; divide,
# and N cancels. A common slip is to flag a share 1 − specificity of *all* faces: only the real
# ones can be flagged wrongly. 1 / precision − 1 is the same ratio on paper, but for a detector
# that almost never flags a real face it subtracts 1 from a number near 1 and keeps few digits.

# %%
def real_flags_per_fake(recall, specificity, prevalence):
    return (1 - specificity) * (1 - prevalence) / (recall * prevalence)


flags_per_fake = real_flags_per_fake(977 / 1000, 331 / 749, 0.001)
print(f"{flags_per_fake:.1f} real faces flagged per fake caught "
      "(the paper's ResNet-style model at 1 in 1,000)")
q5.check()

# %% [markdown]
# **q6.** (a). ROC-AUC is the chance that a fake scores above a real face, counted over pairs
# of one fake and one real face; with one weight for every fake and one for every real face,
# each pair weighs the same and the weights cancel, as they do in recall and specificity, the
# rates the ROC curve is drawn from. (b) is wrong because at 1 in 1,000 a miss weighs about ten
# times less against the false alarms in the expected cost (q3 the other way round), so the
# cheapest threshold moves up or stays, never down. (c) is wrong because the rates are counted
# on the faces this split holds: other people give other rates and another cost, which is what
# the gap intervals measure. (d) is wrong because the precision at 1 in 100 is worked out from
# recall and specificity, and the same share of real faces flagged is the same specificity:
# only the Wilson interval around that share narrows.

# %%
q6_answer = "a"
q6.check()
