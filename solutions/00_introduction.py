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

    importlib.invalidate_caches()  # so the new package imports without a restart

# %%
import numpy as np

from dfkit import course
from dfkit.course.exercises import strict
from dfkit.course.exercises.ch00 import q1, q2, q3, q4, q5

strict(True)
data = course.prepare()

# %% [markdown]
# **q1.** Each group holds several images, and a random split scatters them over both sides:
# nearly every test group also has images in train. The prediction is "c".

# %%
q1_prediction = "c"
rng = np.random.default_rng(data.profile.seed)
shuffled = data.manifest.iloc[rng.permutation(len(data.manifest))]
random_test, random_train = shuffled.iloc[:len(data.test)], shuffled.iloc[len(data.test):]
test_groups = set(random_test["group"])
leaked_share = len(test_groups & set(random_train["group"])) / len(test_groups)
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


print("paper's test set: accuracy %.3f, recall %.3f, F1 %.3f" % always_fake_scores(749, 1000))
q3.check()

# %% [markdown]
# **q4.** (c): recall = TP / (TP + FN) = 977 / 1,000. The 23 misses are fakes (false
# negatives), not real faces called fake, so (a) mistakes FN for FP; the real faces (FP, TN)
# never enter recall, so it allows any number of real faces called fake. That is why (d),
# about precision, and (b), about accuracy, need not hold: calling 600 real faces fake would
# leave recall at 97.7% and accuracy near 69%.

# %%
q4_answer = "c"
q4.check()

# %% [markdown]
# **q5.** (a): frames of one video show one person, light and background; split at random,
# the test set holds near-copies of training images (q1 measured how many groups leak), and
# the model scores on them by matching what it trained on, not by detecting fakes, so the
# 99% overstates how it does on new people. Chance, not a video's label, decides whether it
# lands on both sides, and a learned share of fakes applies to every frame alike: to score
# higher on seen videos the model must tell them apart (b); a frame classifier never sees
# time order (c); and noise widens the interval around 70% but does not shift it every time
# (d).

# %%
q5_answer = "a"
q5.check()
