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
# # Solutions · 01 EDA
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

from dfkit import course, features
from dfkit.course import eda
from dfkit import data as data_tools
from dfkit.data import load_arrays
from dfkit.course.exercises import strict
from dfkit.course.exercises.ch01 import q1, q2, q3, q4, q5

strict(True)
data = course.prepare()
size = data.profile.image_size
train_images, train_labels = load_arrays(data.train, size)
averages = eda.class_averages(train_images, train_labels)

# %% [markdown]
# **q1.** (a): the best of the paper's similarities falls clearly behind the strongest
# descriptor. Each similarity compares a whole histogram or map with a class average, and
# averaging many faces blurs both averages alike, so the blur built into every fake is
# diluted by every other difference between faces. A sharpness measure reads it directly.
# The first table's ten images are no evidence either way. (On another dataset the outcome
# may differ: the check compares with the run.)

# %%
q1_prediction = "a"
five = data_tools.sample_per_class(data.val, 5, seed=data.profile.seed)
five_table = eda.describe_images(*load_arrays(five, size), averages)
val_images, val_labels = load_arrays(data.val, size)
effects = eda.effect_sizes(eda.describe_images(val_images, val_labels, averages))
print(effects.round(3))
q1.check()

# %% [markdown]
# **q2.** (b): A's AUC is below `0.5`, so fakes score lower on it; calling the lower score
# fake ranks by `-A`, whose AUC is `1 - 0.30 = 0.70`, better than B's `0.62`. (c) has the
# distances right but the direction wrong.

# %%
q2_answer = "b"
q2.check()

# %% [markdown]
# **q3.** Five seeds, each drawing five images per class; the AUCs of the strongest and of the
# weakest descriptor on each draw. Whether the two are told apart depends on the dataset: the
# answer is computed from the run, as the student's must be.

# %%
def five_sample_aucs(seed):
    sample = data_tools.sample_per_class(data.val, 5, seed=seed)
    images, labels = load_arrays(sample, size)
    return eda.effect_sizes(eda.describe_images(images, labels, averages))["auc"]


best, weakest = effects.index[0], effects.index[-1]
seeds = [0, 1, 2, 3, 4]
by_seed = {seed: five_sample_aucs(seed) for seed in seeds}
five_aucs = {seed: round(float(aucs[best]), 3) for seed, aucs in by_seed.items()}
weak_aucs = {seed: round(float(aucs[weakest]), 3) for seed, aucs in by_seed.items()}
five_auc_range = max(five_aucs.values()) - min(five_aucs.values())
closest_strong = min(abs(v - 0.5) for v in five_aucs.values())
farthest_weak = max(abs(v - 0.5) for v in weak_aucs.values())
five_told_apart = closest_strong > farthest_weak
print(best, five_aucs, f"spread {five_auc_range:.2f}; whole validation split: "
      f"{effects.loc[best, 'auc']:.2f}")
print(weakest, weak_aucs, f"whole validation split: {effects.loc[weakest, 'auc']:.2f}")
print("told apart:", five_told_apart)
q3.check()

# %% [markdown]
# **q4.** Dot product over the product of the norms.

# %%
def my_cosine(a, b):
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


q4.check()

# %% [markdown]
# **q5.** The mean of a boolean map is the share of `True` pixels.

# %%
sample_edges = features.canny_edges(features.to_gray(train_images[:1]))[0]
sample_density = sample_edges.mean()
print(f"{sample_density:.4f}")
q5.check()
