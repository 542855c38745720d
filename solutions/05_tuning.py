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
# # Solutions · 05 Tuning

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
import dfkit  # noqa: F401  first, so TensorFlow starts without its log notices
import keras_tuner as kt
import pandas as pd

from dfkit.course.exercises import strict
from dfkit.course.exercises.ch05 import q1, q2, q3, q4

strict(True)

# %% [markdown]
# **q1.** A reasoned prediction is (a): nothing in `val_recall` counts real faces, and a trial
# that calls more faces fake scores higher on it, so the search tends to pick a model that gives
# up specificity. Whether it does in a given run depends on the few trials drawn; the check
# compares your letter with the chapter's own `comparison` table. Here, on an example table
# (the numbers are illustrative, not a run):

# %%
comparison = pd.DataFrame({
    "objective val_recall": {"recall": 1.0, "specificity": 0.02},
    "objective val_auc": {"recall": 0.81, "specificity": 0.74}})
q1_prediction = "a"
q1.check()

# %% [markdown]
# **q2.** Keras Tuner writes a trial's weights each time its objective beats the best value
# so far, strictly, in the objective's direction: the first epoch always (it has nothing to
# beat), then each epoch that improves on the best so far. A tie does not beat the best, so it
# writes nothing, and the last write, the epoch the search hands back, is the *first* epoch
# at which the column reaches its best value. Walk through the epochs:

# %%
def save_epochs(history: pd.DataFrame, objective: kt.Objective) -> list:
    best, saves = None, []
    for epoch, value in history[objective.name].items():
        if objective.direction == "max":
            better = best is None or value > best
        else:
            better = best is None or value < best
        if better:  # strictly: a tie is no save
            best = value
            saves.append(int(epoch))
    return saves


q2.check()

# %% [markdown]
# **q3.** `hp.Int(16, 128, step=16)` has 8 values, the kernel size 2, the dense units 8
# (32, 64, ..., 256). With `n` blocks there are 8ⁿ filter combinations, so
# (8² + 8³ + 8⁴) × 2 × 8 = 74,752 architectures in this course's space. A budget of 5 trials,
# the paper's, sees under 0.01% of them (before even counting dropout and the learning rate);
# the paper's own space is unpublished.

# %%
n_architectures = sum(8**n for n in (2, 3, 4)) * 2 * 8
print(f"{n_architectures:,} architectures; "
      f"5 trials see {5 / n_architectures:.4%} of them")
q3.check()

# %% [markdown]
# **q4.** (d): before the search, a trial's validation score is as likely to land above its
# true level as below it; the search keeps the trial and the epoch whose score landed
# highest, partly through luck on the validation faces, which the test faces do not share.
# So on average the kept model's validation ROC-AUC is above its test ROC-AUC. (a) is right
# about the test faces, which do measure the kept model fairly, but the question is about its
# validation score, the one that chose; (b) confuses scatter with bias: a small split weighs
# easy people more too; (c) reaches "higher" for a wrong reason: `fit` only scores the
# validation faces, its weights learn from the training faces alone; (e) supposes the pick
# can tell skill from luck, but it sees only their sum, so the top score holds good luck as
# well. The check reads the chapter's `saved` and `headline` tables (both exact ROC-AUCs,
# `roc_auc`) and `on_val`, the interval of "One model, two splits"; here, an example (the
# numbers are illustrative, not a run):

# %%
saved = pd.DataFrame({"trial": ["2", "2"], "epoch saved": [1, 10],
                      "val_recall": [0.98, 0.98], "val_auc": [0.57, 0.92],
                      "roc_auc": [0.64, 0.92]},
                     index=pd.Index(["val_recall", "val_auc"], name="search"))
headline = pd.DataFrame({"objective val_recall": {"roc_auc": 0.70},
                         "objective val_auc": {"roc_auc": 0.91}})
on_val = pd.Series({"value": 0.64, "low": 0.52, "high": 0.74})
q4_answer = "d"
q4.check()
