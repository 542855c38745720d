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
# # Solutions · 02 Handcrafted features

# %%
import cv2
import matplotlib.pyplot as plt
import numpy as np

from dfkit import features
from dfkit.exercises import strict
from dfkit.exercises.ch02 import q1, q2

strict(True)

# %% [markdown]
# **q1.** 8,000 × 128 × 128 × 6 values of 4 bytes each: 2.93 GiB, before the copies that
# `np.stack`, shuffling and `model.fit` make. That is why the paper's Colab ran out of memory.

# %%
stack_gib = 8000 * 128 * 128 * 6 * 4 / 2**30
print(f"{stack_gib:.2f} GiB")
q1.check()

# %% [markdown]
# **q2.** The resized histogram is a pattern of vertical bands that is the same wherever the
# face is: no spatial information for a convolution to use. Back-projection keeps the pixels' places.

# %%
def histogram_image(img):
    hist = features.color_histograms(img[None])[0].astype(np.float32)
    out = cv2.resize(hist, (img.shape[1], img.shape[0]), interpolation=cv2.INTER_NEAREST)
    return out / out.max()


q2.check()
demo = np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8)
plt.imshow(histogram_image(demo), cmap="gray");
