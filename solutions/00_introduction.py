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
# # Solutions · 00 Introduction
#
# Worked answers to the chapter's exercises. Strict mode is on: a wrong answer, or a broken
# check, raises, so CI fails when either breaks.

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
from dfkit import course
from dfkit.course.exercises import strict
from dfkit.course.exercises.ch00 import q1, q2, q3, q4, q5
from dfkit.data.dataset import random_split_leak

strict(True)
data = course.prepare()

# %% [markdown]
# **q1.** Each group holds several images, and a random split scatters them over both sides:
# nearly every test group also has images in train. The prediction is "c".

# %%
q1_prediction = "c"
n_groups, leaked_share = random_split_leak(
    data.manifest, n_test=len(data.test), seed=data.profile.seed)
print(f"{leaked_share:.0%} of the random test groups are also in train")
q1.check()

# %% [markdown]
# **q2.** The always-fake detector is right on every fake and wrong on every real face:
# 1,000 correct out of 1,749. Any model must beat this accuracy to be worth anything here.

# %%
always_fake_accuracy = 1000 / (749 + 1000)
print(f"{always_fake_accuracy:.3f}")
q2.check()

# %% [markdown]
# **q3.** Precision is the share of fakes among all faces (the detector calls them all fake),
# recall is 1, and F1 is their harmonic mean. On the paper's test set its F1 is not far below
# Model 2's (the paper's Table I), and its recall is above it: recall and F1 reward calling
# everything fake on a test set where fakes are the majority.

# %%
def always_fake_scores(n_real, n_fake):
    precision = n_fake / (n_real + n_fake)
    recall = 1.0
    f1 = 2 * precision * recall / (precision + recall)
    return precision, recall, f1  # accuracy equals precision here


paper_scores = always_fake_scores(749, 1000)
print("paper's test set: accuracy %.3f, recall %.3f, F1 %.3f" % paper_scores)
q3.check()

# %% [markdown]
# **q4.** (c): recall = TP / (TP + FN) = 977 / 1,000 fixes TP = 977 and FN = 23. The
# 1,000 real faces (FP + TN) never enter recall, so TN can be anything from 0 to 1,000, and
# accuracy = (977 + TN) / 2,000 runs from 48.85% (every real face called fake) to 98.85%
# (none). (a) counts the faces wrong, not right (23 to 1,023 of 2,000), which is also what
# swapping TP and FN gives; (b) reads 97.7% as the share of all 2,000 faces called fake;
# (d) is the range of the precision, TP / (TP + FP), which leaves out the 23 missed fakes and
# the real faces called real.

# %%
q4_answer = "c"
q4.check()

# %% [markdown]
# **q5.** (b): the random split reports 0.8 × 99% + 0.2 × 70% = 93.2%, a mix of frames the
# model can answer by recognising the video (its person, light and background, met in
# training; q1 measured how many groups leak) and frames it must judge as a detector. A new
# video is unseen, so 70% is the estimate that applies, the one a group split measures on all
# its test frames. (a) takes the mixed score for a prediction on new data; (c) and (d) take
# the plain mean, 84.5%, which weighs the two kinds of frames equally when 80% of them are of
# seen videos, and (d) then also takes it for a prediction on new data.

# %%
q5_answer = "b"
q5.check()
