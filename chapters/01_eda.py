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
# # 01 · Exploratory data analysis: what differs between real and fake?
#
# **Learning objectives.** After this chapter you can
# - redo the paper's EDA (§II-B): colour histograms, LBP and edge density, compared with class averages;
# - explain why five samples per class prove nothing, and measure the whole dataset instead;
# - rank descriptors by how well they separate the classes, with effect sizes and ROC-AUC.

# %% tags=["remove-cell"]
# Colab set-up: installs the course helper `dfkit` without touching Colab's numpy or TensorFlow.
# Anywhere else this cell does nothing (install locally with the README's commands).
import os
import sys

if "google.colab" in sys.modules:
    import subprocess

    spec = os.environ.get("DFKIT_INSTALL", "dfkit @ git+https://github.com/dfkit-course/deepfake-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", spec], check=True)

# %%
import numpy as np

from dfkit import course, eda, features, plots
from dfkit import data as data_tools
from dfkit.data import load_arrays

data = course.prepare()
size = data.profile.image_size

# %% [markdown]
# ## The paper's EDA: five samples per class
#
# The paper drew five random images of each class, computed each one's colour histogram, LBP
# histogram and edge-density map, and compared them with the class averages by cosine similarity
# (histograms) and inverse difference (edge maps). We do the same with a fixed seed. The class
# averages come from the **training** split only: the test split stays untouched until chapter 06.

# %%
train_images, train_labels = load_arrays(data.train, size)
averages = eda.class_averages(train_images, train_labels)

five = data_tools.sample_per_class(data.train, 5, seed=data.profile.seed)
five_images, five_labels = load_arrays(five, size)
five_table = eda.describe_images(five_images, five_labels, averages)
five_table.round(3)

# %% [markdown]
# Read across a row: is a real image more similar to the *real* average than to the fake one?
# With five images per class, any pattern you see could be chance. The paper drew its
# conclusions from such a table; we now measure every image.

# %% [markdown]
# ## The whole dataset
#
# `describe_images` gives each validation image one row of numbers: the paper's similarities,
# plus edge density, LBP entropy, sharpness (log variance of the Laplacian), brightness and
# saturation. `effect_sizes` then asks of each number: how far apart are the class means
# (Cohen's *d*), and how well does this number **alone** rank fakes above reals (ROC-AUC,
# 0.5 = no better than a coin)?

# %%
val_images, val_labels = load_arrays(data.val, size)
table = eda.describe_images(val_images, val_labels, averages)
effects = eda.effect_sizes(table)
effects.round(3)

# %%
best = effects.index[0]
print(f"strongest single descriptor: {best} (AUC {effects.loc[best, 'auc']:.2f}, d = {effects.loc[best, 'cohens_d']:.2f})")
paper = [c for c in effects.index if c.startswith(("hist_cos", "lbp_cos", "edge_invdiff"))]
print("the paper's similarity measures: AUC from "
      f"{effects.loc[paper, 'auc'].min():.2f} to {effects.loc[paper, 'auc'].max():.2f}")

# %% [markdown]
# An AUC far from 0.5 in either direction means the number separates the classes (below 0.5:
# fakes score *lower*). On the synthetic faces, sharpness usually leads: the face-swap and GAN
# fakes are up-sampled from lower resolution, so they are blurrier. The paper's similarity
# measures sit close to 0.5: an image's histogram is about as similar to the real average as to
# the fake one. The distributions show how much the classes overlap:

# %%
plots.feature_distributions(table, list(effects.index[:4]));

# %% [markdown]
# ## Class averages
#
# The average colour histograms (the paper's Figs 1–2) and the average edge-density maps of each
# class. Their difference shows *where* the classes differ on average; averages, though, can
# differ while single images overlap heavily, which is exactly what the table above measures.

# %%
plots.class_histograms(averages);

# %%
plots.class_maps(averages.edge_map, "edge density", cmap="viridis");

# %% [markdown]
# ## Summary
#
# * The paper's EDA compares five images per class with class averages; that is an
#   illustration, not evidence.
# * Over the whole validation split, effect sizes and single-feature ROC-AUCs rank what really
#   differs. On the synthetic set, blur-related descriptors (sharpness, edge density) carry the
#   signal; the paper's histogram and LBP similarities carry little.
# * Class averages are computed on training data only, so nothing here peeks at the test split.
#
# ## Exercises

# %%
from dfkit.exercises import ____
from dfkit.exercises.ch01 import q1, q2

# %% [markdown]
# **q1.** Write `my_cosine(a, b)`, the cosine similarity of two 1-D vectors: the measure the
# paper uses for histograms. (`dfkit.features.cosine_similarity` is the batched version.)

# %%
def my_cosine(a, b):
    return ____


q1.check()

# %% [markdown]
# **q2.** `sample_edges` is the Canny edge map of one training image. Store its edge density
# (the share of edge pixels) in `sample_density`.

# %%
sample_edges = features.canny_edges(features.to_gray(train_images[:1]))[0]
sample_density = ____
q2.check()
