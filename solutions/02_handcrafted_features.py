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
import cv2
import numpy as np

from dfkit import course, features
from dfkit.data import load_arrays
from dfkit.course.exercises import strict
from dfkit.course.exercises.ch02 import q1, q2, q3, q4, q5, q6, q7
from dfkit.features import CANNY_HIGH, CANNY_LOW

strict(True)
data = course.prepare()
images, labels = load_arrays(data.train.iloc[:4], data.profile.image_size)
face = images[0]
gray = cv2.cvtColor(face, cv2.COLOR_RGB2GRAY)
codes = features.lbp_reference(gray)

# %% [markdown]
# **q1.** Around the centre (50), counter-clockwise from the right, 1 where the neighbour is
# at least as bright. Right 60: 1 (bit 0). Up-right: the corner 30 is darker, and so is the
# mix of 30, 50, 60 and the centre (about 42): 0 (bit 1). Above 50, a tie: 1 (bit 2).
# Up-left: corner 90 (mix about 74): 1 (bit 3). Left 70: 1 (bit 4). Down-left: corner 20
# (mix about 38): 0 (bit 5). Below 45: 0 (bit 6). Down-right: corner 80 (mix about 66): 1
# (bit 7). Bits 7…0 read `10011101` = 128 + 16 + 8 + 4 + 1 = 157. Reading the bits the
# other way round gives 185; `>` instead of `>=` drops bit 2 and gives 153.

# %%
patch = np.array([[90, 50, 30],
                  [70, 50, 60],
                  [20, 45, 80]], np.uint8)
hand_code = 0b10011101
print(hand_code, features.lbp_reference(patch)[1, 1])
q1.check()

# %% [markdown]
# **q2.** Brightening keeps every comparison with the centre, halving the contrast keeps the
# order but creates ties, and blur reorders fine texture, which changes the most codes: "c".

# %%
q2_prediction = "c"
changed = {
    "a": np.clip(gray.astype(int) + 40, 0, 255).astype(np.uint8),
    "b": ((gray.astype(int) - 128) // 2 + 128).astype(np.uint8),
    "c": cv2.GaussianBlur(gray, (0, 0), 1.0),
}
changed_share = {k: float((features.lbp_reference(v) != codes).mean())
                 for k, v in changed.items()}
print(changed_share)
q2.check()

# %% [markdown]
# **q3.** A clean step of s grey levels gives a Sobel response of 4 × s, and OpenCV starts an
# edge only where the response is above the high threshold: 4 × s > 100, so s = 26 at the
# halved thresholds (51 at the defaults). Every softer step of 26 to 50 levels now counts, so
# the density grows.

# %%
smallest_step = 26
face_edges = features.canny_edges(gray[None])
face_density = float(features.edge_density(face_edges)[0])
low, high = CANNY_LOW // 2, CANNY_HIGH // 2
modified_edges = features.canny_edges(gray[None], low, high)
modified_density = float(features.edge_density(modified_edges)[0])
density_ratio = modified_density / face_density
print(f"{face_density:.3f} -> {modified_density:.3f}: x{density_ratio:.1f}")
q3.check()

# %% [markdown]
# **q4.** Images × pixels × channels × 4 bytes, in units of 2**30 bytes: about 2.9 GiB before
# any copy (a training framework often makes one or two).

# %%
stack_gib = 8000 * 128 * 128 * 6 * 4 / 2**30
print(f"{stack_gib:.1f} GiB")
q4.check()

# %% [markdown]
# **q5.** Count the bit changes around the circle; 58 of the 256 codes are uniform. The pair
# bit 7 – bit 0 never changes the verdict: around a circle the changes come in pairs (an even
# count), so 1 change among the 7 inner pairs means 2 in all and 3 mean 4. It does change the
# count itself.

# %%
def is_uniform(code):
    bits = [(code >> p) & 1 for p in range(8)]
    changes = sum(bits[p] != bits[(p + 1) % 8] for p in range(8))
    return changes <= 2


uniform = np.array([is_uniform(c) for c in range(256)])
print(uniform.sum(), "uniform codes;",
      "share of the face's codes that are uniform:",
      f"{uniform[codes].mean():.2f}")
q5.check()

# %% [markdown]
# **q6.** The histogram resized to the image's size: three horizontal bands of stripes. It
# carries no spatial information at all: every pixel position holds a histogram bin, not
# anything about the face at that position.

# %%
def histogram_image(img):
    hist = features.color_histograms(img[None])[0].astype(np.float32)
    height, width = img.shape[:2]
    out = cv2.resize(hist, (width, height), interpolation=cv2.INTER_NEAREST)
    return out / out.max()


q6.check()

# %% [markdown]
# **q7.** The histogram ignores where pixels are; the heatmap is a per-pixel map: "d".

# %%
q7_answer = "d"
q7.check()
