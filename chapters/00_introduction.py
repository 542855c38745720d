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
# # 00 · Introduction: can a small CNN tell a real face from a deepfake?
#
# **Learning objectives.** After this chapter you can
# - state the problem the course works on and the claims of the paper it rebuilds;
# - set the course up locally or on Colab, and choose its profile and dataset;
# - load the configured dataset with `dfkit` and explain why its splits are *group-aware*;
# - see why a headline number (accuracy, recall) means little without its baseline.

# %% tags=["remove-cell"]
# Colab set-up: installs the course helper `dfkit` without touching Colab's numpy or TensorFlow.
# Anywhere else this cell does nothing (install locally with the README's commands).
import os
import sys

if "google.colab" in sys.modules:
    import subprocess

    spec = os.environ.get("DFKIT_INSTALL", "dfkit @ git+https://github.com/dfkit-course/deepfake-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", spec], check=True)

# %% [markdown]
# ## The problem
#
# A *deepfake* replaces one person's face in a photo or video with another's, using a neural
# network. Face-swap tools such as roop detect the face in each frame, render the source
# identity's face at low resolution (often 128×128 px), warp it onto the target's landmarks and
# blend it in under a soft mask. Each step can leave a trace: resampling blur, a seam where the
# mask ends, a colour step between the pasted skin and the real one. GAN-based generators leave
# others, such as periodic up-sampling patterns. A *detector* is a classifier that looks at a
# face crop and says **real** or **fake**.
#
# ## The paper we rebuild
#
# *Performance of a CNN Backbone in a Deepfake Classification Model* (Hassan) trains two
# classifiers on 8,000 face crops (half real, half fake) at 128×128:
#
# | | the paper's claim |
# |---|---|
# | Features | RGB stacked with handcrafted maps (LBP texture, Canny edge density, colour-histogram heatmap) "enhance detection" |
# | Model 1 | a custom CNN tuned with Keras Tuner: 90.2% accuracy, 94.2% recall, F1 91.68 |
# | Model 2 | a ResNet-style CNN: 74.79% accuracy, **97.7% recall**, F1 81.59, called the better model |
# | Metric | recall, "the more important metric" for fraud detection |
#
# The course rebuilds every step, then tests what the paper did not: does the feature fusion
# help at all (it never trained without it)? Is 97.7% recall good, when a model that calls
# every face fake scores 100%? Does a detector survive a kind of fake it never saw?
#
# ## The course map
#
# | chapter | what you build | what you learn |
# |---|---|---|
# | 00 introduction | the data pipeline | the problem, the paper, group-aware splits |
# | 01 EDA | class statistics | what really differs between real and fake |
# | 02 handcrafted features | LBP, edge density, colour histograms | the paper's 6-channel stack |
# | 03 CNN backbone | the paper's Model 1 | conv blocks, training curves |
# | 04 ResNet-style | the paper's Model 2 | residual connections, stop rules |
# | 05 tuning | Keras Tuner search | objectives, trial reuse |
# | 06 recall and honest metrics | full metric tables | baselines, thresholds, intervals |
# | 07 error analysis | failure counts, Grad-CAM | which mistakes and why |
# | 08 does fusion help? | ablations, unseen fakes | what the paper never tested |

# %% [markdown]
# ## Set-up
#
# **Locally**: clone the repository and run `make book` (or `make test`); both create a virtual
# environment in `.venv` and install `dfkit` with everything it needs (see the README).
# **On Colab**: open any chapter from the book's launch button; its first (hidden) cell installs
# `dfkit`. Each chapter runs on its own.
#
# Two environment variables steer every chapter:
#
# * `DFKIT_PROFILE`: `ci` (tiny, seconds), `laptop` (the default: minutes on a CPU) or `paper`
#   (8,000 images at 128×128, 20 epochs, 5 tuner trials: use a GPU);
# * `DFKIT_DATA`: a folder with `real/` and `deepfake/` (or `fake/`) subfolders, such as the
#   paper's dataset. Unset, the course uses its **embedded synthetic faces**, generated on first
#   use in seconds.

# %%
from dfkit import course, plots

data = course.prepare()

# %% [markdown]
# `prepare()` printed the profile and dataset it used, and any file it had to skip or convert
# (a corrupt JPEG, a grayscale image…): nothing is dropped without a word. It returns the
# balanced subset and three splits: **train** to fit, **validation** to choose settings and
# stop training, **test** to report once at the end. The paper used its test set as its
# validation set too, so its test numbers were chosen on the test data itself.

# %%
data.splits.table()

# %%
plots.class_balance(data.splits);

# %% [markdown]
# ### Why group-aware?
#
# The paper's dataset holds many frames of each video: 3,744 real frames from only 30 videos.
# A random split puts frames of the same person in both train and test, so a model can score
# well by recognising *people* rather than fakes. Every image in the course has a **group**
# (its video or identity) and the split keeps each group on one side:

# %%
shared = set(data.train["group"]) & set(data.test["group"])
print(f"groups in train: {data.train['group'].nunique()}, in test: {data.test['group'].nunique()}, "
      f"in both: {len(shared)}")

# %% [markdown]
# ## A first look
#
# Five random real faces above five random fakes. On the synthetic set the title names the
# manipulation family (`faceswap` or `gan`) and the identity.

# %%
plots.sample_grid(data.manifest, per_class=5, seed=data.profile.seed);

# %% [markdown]
# Can you tell which is which? Some fakes are easy (a blurry pasted face, a colour step), others
# are subtle, and some *real* faces look suspicious: blur, shadows and heavy JPEG compression
# hit both classes. The synthetic manifest records every such factor per image, so later
# chapters can count which ones fool the models:

# %%
factor_columns = [c for c in ("family", "strength", "blur_sigma", "shadow", "jpeg_quality") if c in data.manifest]
data.manifest[["file", "label", "group", *factor_columns]].head()

# %% [markdown]
# ## Summary
#
# * A deepfake detector is a binary classifier of face crops; face-swap and GAN tools leave
#   traces such as resampling blur, blend seams, colour steps and periodic patterns.
# * The paper claims that handcrafted feature maps help and that a ResNet-style model with
#   97.7% recall is the better detector; the course rebuilds both and checks both claims.
# * `dfkit.course.prepare()` loads the configured dataset and makes **group-aware** train /
#   validation / test splits; the test split is for the final report only.
#
# ## Exercises
#
# Fill in each `____`, run the cell, then `qN.check()`. Stuck? `qN.hint()`, then `qN.solution()`.

# %%
from dfkit.exercises import ____
from dfkit.exercises.ch00 import q1, q2

# %% [markdown]
# **q1.** A "detector" calls every face fake. What accuracy does it reach on the paper's test
# set of 749 real and 1,000 fake faces? Store the fraction (0 to 1) in `always_fake_accuracy`.

# %%
always_fake_accuracy = ____
q1.check()

# %% [markdown]
# **q2.** How many distinct groups (people or videos) are in *your* test split? Store the
# number in `n_test_groups`.

# %%
n_test_groups = ____
q2.check()

# %%
# q2.hint()
# q2.solution()
