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

    importlib.invalidate_caches()  # so it imports without a restart

# %%
import numpy as np
import pandas as pd

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
# **q1.** (a): the separation of the best of the paper's similarities falls clearly short
# of the strongest descriptor's. The blur survives averaging (the class-average edge maps differ), but each
# similarity compares a whole histogram or map of one face with an average, and mean
# |a - b| over the pixels is dominated by where this face's eyes, mouth, hair and outline
# lie, not by blur. A sharpness measure reads the blur directly.
# The first table's ten images are no evidence either way. (On another dataset the outcome
# may differ: the check compares with the run.)

# %%
q1_prediction = "a"
five = data_tools.sample_per_class(data.val, 5, seed=data.profile.seed)
five_table = eda.describe_images(*load_arrays(five, size), averages)
val_images, val_labels = load_arrays(data.val, size)
table = eda.describe_images(val_images, val_labels, averages)
effects = eda.effect_sizes(table)
print(effects.round(3))
q1.check()

# %% [markdown]
# **q2.** (c): A's interval `[0.18, 0.42]` leaves `0.5` out, so this split has shown that
# A separates, with fakes lower (scoring by `-A` gives AUC `0.70`, interval `[0.58, 0.82]`).
# B's `[0.47, 0.69]` reaches `0.5`: the split cannot tell B from a descriptor that does not
# separate. (d) and (e) take an AUC below `0.5` for no signal, the belief the chapter
# corrects; (a) reads B's AUC without its interval; (b) turns A round but forgets that
# scoring by `-A` flips the direction: fakes are lower on A itself.

# %%
q2_answer = "c"
q2.check()

# %% [markdown]
# **q3.** The prediction first, from the five-image spread and the square-root rule (four
# times the images, half the spread); then the same seeds, 20 images per class instead of
# five, drawn from the rows of the validation split's table as the chapter draws them; the
# answers are computed from the run, as the student's must be.

# %%
best, weakest = effects.index[0], effects.index[-1]
seeds = [data.profile.seed, 0, 1, 2, 3]
five_aucs = pd.DataFrame({seed: eda.sample_aucs(table, 5, seed)[[best]]
                          for seed in seeds}).T[best]
predicted_spread_20 = (five_aucs.max() - five_aucs.min()) / 2
print(f"predicted {predicted_spread_20:.2f}")
rows = {seed: eda.sample_aucs(table, 20, seed)[[best, weakest]]
        for seed in seeds}
q3_draws = pd.DataFrame(rows).T
spread_20 = q3_draws[best].max() - q3_draws[best].min()
print(q3_draws.round(3))
print(f"spread {spread_20:.2f}")
q3.check()

# %% [markdown]
# **q4.** Dot product over the product of the norms.

# %%
def my_cosine(a, b):
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


q4.check()

# %% [markdown]
# **q5.** Slice the central square, then take its mean: the mean of a boolean map is the
# share of `True` pixels.

# %%
sample_edges = features.canny_edges(features.to_gray(train_images[:1]))[0]
side = sample_edges.shape[0]
centre = slice(side // 4, 3 * side // 4)  # the middle half of each side
centre_density = sample_edges[centre, centre].mean()
print(f"centre {centre_density:.4f}, whole crop {sample_edges.mean():.4f}")
q5.check()
