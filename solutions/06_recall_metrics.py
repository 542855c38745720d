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
# # Solutions · 06 Recall and honest metrics
#
# Instructor edition. The exercises that read the chapter's run (q3, q4) are solved here on a
# small example with the same variable names; in the chapter the same lines run on its models.

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

from dfkit.evaluation import metrics
from dfkit.course.exercises import strict
from dfkit.course.exercises.ch06 import q1, q2, q3, q4, q5

strict(True)

# %% [markdown]
# **q1 (compute).** With the fakes unchanged only specificity moves. The simple CNN's balanced
# accuracy is (942/1000 + 636/749) / 2; the ResNet-style model needs a specificity of twice that
# minus its own recall (977/1000), that is at least 609.8 of the 749 real faces kept: 610, or
# 279 more than its 331. Fewer than the 305 between the two models, because its higher recall
# already pays for part of the gap.

# %%
import math

cnn_balanced = (942 / 1000 + 636 / 749) / 2
needed_kept = (2 * cnn_balanced - 977 / 1000) * 749
extra_real_kept = math.ceil(needed_kept) - 331
print(f"{needed_kept:.1f} real faces kept: {extra_real_kept} more")
q1.check()

# %% [markdown]
# **q2 (implement).** Decisions first (a score equal to the threshold counts as fake), then the
# two per-class rates.

# %%
def balanced_accuracy_at(y_true, p_fake, threshold):
    y = np.asarray(y_true) == 1
    called_fake = np.asarray(p_fake) >= threshold
    recall = (called_fake & y).sum() / y.sum()
    specificity = (~called_fake & ~y).sum() / (~y).sum()
    return (recall + specificity) / 2


q2.check()

# %% [markdown]
# **q3 (predict).** The right letter is whatever the run shows. An example test split of 40
# identities, each with 3 real and 3 fake images, whose scores share an identity effect (as
# faces of one person do). Recall and specificity widen by group, as the errors cluster;
# precision, F1 and PR-AUC also lose, by group, the wandering share of fakes that an image
# resample adds, since every group holds the classes in fixed numbers: (a), on every seed.

# %%
rng = np.random.default_rng(0)
groups_test = np.repeat(np.arange(40), 6)
y_test = np.tile([0, 0, 0, 1, 1, 1], 40)
identity_effect = np.repeat(rng.normal(0, 0.25, 40), 6)
face_noise = rng.normal(0, 0.05, 240)
p_test = np.clip(0.5 + 0.2 * (2 * y_test - 1) + identity_effect + face_noise,
                 0, 1)


def ratio_of(seed):
    """Group over image interval width, by metric, with this seed."""
    by_image, by_group = [
        metrics.bootstrap(y_test, p_test, 0.5, n_boot=300, seed=seed, groups=g)
        for g in (None, groups_test)]
    return ((by_group["high"] - by_group["low"])
            / (by_image["high"] - by_image["low"]))


ratios = pd.DataFrame({f"ratio, seed {s}": ratio_of(s) for s in range(4)})
print(ratios.round(3))
q3_prediction = "a"
q3.check()

# %% [markdown]
# **q4 (modify).** In the chapter's exercise cell: the threshold cell's two steps for Model 1,
# with the new target and the exercise's own names. Here the same lines on example scores.

# %%
y_val = rng.integers(0, 2, 200)
val_scores = {"cnn": np.clip(0.4 * y_val + 0.6 * rng.random(200), 0, 1)}
test_scores = {"cnn": p_test}
q4_target = 0.80
q4_threshold = metrics.threshold_for_recall(y_val, val_scores["cnn"],
                                            q4_target)
q4_test = metrics.summary(y_test, test_scores["cnn"], q4_threshold)
q4_specificity = q4_test["specificity"]
print(f"threshold {q4_threshold:.3f}, test specificity {q4_specificity:.3f}")
q4.check()

# %% [markdown]
# **q5 (explain).** (b): a threshold set on the test fakes to reach 95% there reaches it by
# construction, whatever the detector; adding an interval (c) does not undo that. The choice
# read the fakes, not the real faces, so the specificity at that threshold is still a
# measurement, a point of the test ROC curve: (a) throws it out too, and (d) has it the wrong
# way round. It is no operating figure, though: the test's real faces share groups with the
# fakes that set the threshold, so a desk's threshold is fixed on validation.

# %%
q5_answer = "b"
q5.check()
