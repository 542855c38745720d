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
# # 02 · Handcrafted features: LBP, edge density, colour histograms
#
# **Learning objectives.** After this chapter you can
# - compute and explain each handcrafted feature of the paper (§II-C) on one image;
# - build the paper's 6-channel stack (RGB + LBP + edge density + histogram heatmap) for a batch;
# - reproduce the paper's Figs 1–4 (average colour histograms and LBP maps per class);
# - measure what the stack costs in time and memory, and why the paper ran out of memory.

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
import matplotlib.pyplot as plt
import numpy as np
from skimage.feature import local_binary_pattern

from dfkit import course, eda, features, plots
from dfkit.data import load_arrays

data = course.prepare()
size = data.profile.image_size
images, labels = load_arrays(data.train, size)
face = images[:1]  # one image, kept as a batch of one: every dfkit feature works on batches

# %% [markdown]
# ## Colour histograms
#
# For each of R, G and B, the share of pixels at each of the 256 intensities. A histogram forgets
# *where* colours are; it only says how much of each there is. A pasted face with a slightly
# different skin tone shifts the histogram a little.

# %%
hist = features.color_histograms(face)[0]
fig, axes = plt.subplots(1, 2, figsize=(9, 3))
axes[0].imshow(face[0])
axes[0].axis("off")
for c, colour in enumerate(plots.RGB_COLOURS):
    axes[1].plot(hist[c], color=colour, lw=1)
axes[1].set_xlabel("intensity")
axes[1].set_ylabel("share of pixels");

# %% [markdown]
# ## Local binary patterns (LBP)
#
# LBP describes texture. For every pixel, look at 8 neighbours on a circle of radius 1; write 1
# where the neighbour is at least as bright as the centre, else 0; read the 8 bits as a number
# from 0 to 255. The diagonal neighbours fall between pixels, so they are interpolated.
# `dfkit.features.lbp` computes all pixels of a whole batch at once and equals scikit-image's
# `local_binary_pattern(P=8, R=1)` bit for bit (the course's tests prove it); here on our image:

# %%
gray = features.to_gray(face)
codes = features.lbp(gray)
same = np.array_equal(codes[0], local_binary_pattern(gray[0], P=8, R=1, method="default"))
print("identical to scikit-image:", same)

# %% [markdown]
# ## Edge density
#
# Canny finds edges (thin lines where brightness changes sharply). Their share of all pixels is
# the image's edge density; the share in a small window around each pixel is the local
# edge-density map, which is what goes into the stack. Blurry images (and up-sampled fakes) have
# fewer edges.

# %%
edges = features.canny_edges(gray)
print(f"edge density: {features.edge_density(edges)[0]:.3f}")
stack = features.feature_stack(face)[0]
plots.feature_channels(stack, title=f"the six channels of one {'fake' if labels[0] else 'real'} training image");

# %% [markdown]
# ## The colour-histogram heatmap: an interpretation
#
# The paper stacks a "colour histogram heatmap (reshaped to 128×128)". A histogram has 3 × 256
# numbers, not 128 × 128, so the text admits several readings. We chose **histogram
# back-projection**: every pixel gets how common its colour is in its own image (colours
# quantised to 8 levels per channel, the commonest colour scaled to 1). It is a per-pixel map
# aligned with the face, so a convolution can relate it to the other channels; a rare colour,
# such as a seam's, stays dark. The other reading, the histogram itself resized into an image,
# carries no spatial information at all: it is exercise q2.

# %% [markdown]
# ## The paper's Figs 1–4: class averages
#
# Average colour histograms of real and fake training images (Figs 1–2), and average LBP maps
# (Figs 3–4), with their difference.

# %%
averages = eda.class_averages(images, labels)
plots.class_histograms(averages);

# %%
plots.class_maps(averages.lbp_map, "LBP map", cmap="gray");

# %% [markdown]
# ## What the stack costs
#
# The stack is computed per batch: OpenCV for Canny and the box filter, and one compiled loop
# per image (numba) for the rest. Its LBP needs no floating point at all: a diagonal neighbour
# sits 0.70711 px away on both axes, so "interpolated − centre" is d(1−d)·B + d²·E for two small
# integers B and E, and its sign is the sign of 239·B + 577·E (a test checks every possible
# B and E). We time it against the obvious per-image loop (scikit-image LBP, OpenCV Canny, NumPy
# histograms) on the same images, and check both give the same numbers.
# `benchmarks/bench_features.py` does the same at 128×128 on 512 images (12–18× on 2 cores).

# %%
timing = features.time_against_naive(images[:64])
print(f"identical: {timing['identical']}; batched {timing['batched_per_s']:.0f} images/s, "
      f"per-image loop {timing['naive_per_s']:.0f} images/s ({timing['speedup']:.1f}x)")
print(f"one image's stack: {stack.nbytes / 1024:.0f} KiB of float32")

# %% [markdown]
# Memory is the bigger problem: the paper built the stack for all its images at once and ran out
# of memory above 8,000 images. The course never does that: the stack is computed batch by batch
# as the model trains (`dfkit.loader.ImageBatches(..., transform=features.feature_stack)`), so
# memory stays flat at any dataset size.

# %% [markdown]
# ## Summary
#
# * Colour histograms count colours; LBP codes local texture in 8 bits; edge density measures
#   how much sharp structure an image has; the histogram heatmap marks how common each pixel's
#   colour is.
# * The 6-channel stack is float32 in [0, 1], built per batch for any image size.
# * The paper's figures show class *averages*; chapter 01 showed how weakly single images follow them.
#
# ## Exercises

# %%
import cv2

from dfkit.exercises import ____
from dfkit.exercises.ch02 import q1, q2

# %% [markdown]
# **q1.** How many GiB does the 6-channel float32 stack of the paper's 8,000 images at 128×128
# take in memory? Store it in `stack_gib`.

# %%
stack_gib = ____
q1.check()

# %% [markdown]
# **q2.** Write `histogram_image(img)`, the other reading of "reshaped to 128×128": resize the
# image's (3, 256) colour histogram (`features.color_histograms(img[None])[0]`) to the image's
# height and width with `cv2.resize(..., interpolation=cv2.INTER_NEAREST)`, then scale it so its
# maximum is 1. Look at the result: what could a convolution learn from it?

# %%
def histogram_image(img):
    return ____


q2.check()
