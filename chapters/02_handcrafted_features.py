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
# - compute each handcrafted feature of the paper (§II-B, §II-C) on one image, in a few lines
#   of NumPy and OpenCV, and explain what it measures;
# - work out a local binary pattern (LBP) code by hand, and say which image changes it ignores;
# - build the paper's 6-channel stack (RGB + LBP + edge density + histogram heatmap) for a batch;
# - compare the class averages behind the paper's Figs 1–4 (colour histograms and LBP maps
#   per class, plotted for you), and read their differences against sampling noise;
# - estimate what the stack costs in memory, and measure that computing it batch by batch
#   keeps the stack's own memory flat as the dataset grows.
#
# **Time it takes.** The cells run in well under a minute on a 2-core laptop CPU, no GPU needed
# (12 s when the chapter was opened on its own, as in a fresh Colab runtime, where it makes
# its data and trains no model; default `laptop` profile, 2026-12-07,
# [benchmarks/README.md](https://github.com/dfkit-course/deepfake-course/blob/main/benchmarks/README.md)).
# Colab's CPU or a busy machine can take several times longer, and a fresh Colab runtime
# installs `dfkit` first. Allow about 100 minutes to read the chapter, do its seven
# exercises and answer its questionnaire (an estimate for a careful first reading, not a
# measurement).

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
import matplotlib.pyplot as plt
import numpy as np
from skimage.feature import local_binary_pattern

from dfkit import course, features
from dfkit.course import eda, plots, readings, report
from dfkit.data import load_arrays, synthetic
from dfkit.features import CANNY_HIGH, CANNY_LOW, DENSITY_WINDOW, HEATMAP_BINS
from dfkit.features import check_batch

# Set-up for the exercises (not an exercise): the checkers, and the
# blank ____ your answers start as.
from dfkit.course.exercises.ch02 import ____, q1, q2, q3, q4, q5, q6, q7

data = course.prepare()
size = data.profile.image_size
images, labels = load_arrays(data.train, size)
# one RGB training image, (height, width, 3) uint8
face = images[0]
# its grayscale version, (height, width)
gray = cv2.cvtColor(face, cv2.COLOR_RGB2GRAY)
# its fake family, where the data names one (None otherwise)
family = data.train.iloc[0].get("family")
report.say(readings.ch02.followed_face(labels[0], family))

# %% [markdown]
# Each feature below is shown twice: first as the few lines of NumPy or OpenCV that define it,
# run on one image, then as the `dfkit.features` function the course uses for whole batches,
# with a check that both give the same numbers (for edge density, the course's functions are
# short enough to show whole, and a plain NumPy window count checks them).
#
# ## Colour histograms
#
# For each of R, G and B, the share of pixels at each of the 256 intensities. A histogram forgets
# *where* colours are; it only says how much of each there is. A pasted face with a slightly
# different skin tone shifts the histogram a little.

# %%
counts = np.stack([np.bincount(face[..., c].ravel(), minlength=256)
                   for c in range(3)])
# (3, 256), each row sums to 1
hist = counts / counts.sum(axis=1, keepdims=True)
# dfkit's version takes a batch: here, a batch of one image
batched = features.color_histograms(face[None])[0]
assert np.array_equal(hist, batched)  # the same numbers

fig, axes = plt.subplots(1, 2, figsize=(9, 3))
axes[0].imshow(face)
axes[0].axis("off")
for c, colour in enumerate(plots.RGB_COLOURS):
    axes[1].plot(hist[c], color=colour, lw=1, label=plots.RGB_NAMES[c])
axes[1].legend(fontsize=8, frameon=False)
axes[1].set_xlabel("intensity")
axes[1].set_ylabel("share of pixels");

# %% [markdown]
# ## Local binary patterns (LBP)
#
# [LBP](https://dfkit-course.github.io/deepfake-course/glossary.html#term-lbp) describes texture. For every pixel, look at 8 neighbours on a circle of radius 1
# around it. Neighbour `p` (for `p` = 0…7) sits at the angle 45°·`p`, counter-clockwise from
# the right: bit 0 is the pixel to the right, bit 2 the one above, bit 4 the one to the left,
# bit 6 the one below. Write 1 where the neighbour is at least as bright as the centre, else 0,
# and read the 8 bits as a number from 0 to 255. The four diagonal neighbours fall *between*
# pixels (at a distance of one pixel along the diagonal), so their brightness is interpolated
# from the four pixels around them. Outside the image, pixels count as 0. In the code below,
# the row offset of neighbour `p` is −sin(45°·`p`): row numbers grow downwards, so the
# neighbour above (bit 2, at 90°) is at row offset −1.
#
# This is scikit-image's `local_binary_pattern(P=8, R=1, method="default")`, the operator the
# paper describes (§II-B), in NumPy (its first line and its `np.round` are explained after
# the examples):

# %%
# @save dfkit.features.handcrafted
def lbp_reference(gray: np.ndarray) -> np.ndarray:
    """8-neighbour, radius-1 LBP of one grayscale image (H, W), plain NumPy."""
    h, w = gray.shape
    # a border of zeros around the image
    padded = np.pad(gray.astype(np.float64), 1)

    # the image at whole-number rows and columns (-1 is the border)
    def pixel(r, c):
        return padded[r.astype(int) + 1, c.astype(int) + 1]

    rows, cols = np.mgrid[0:h, 0:w].astype(np.float64)
    angles = 2 * np.pi * np.arange(8, dtype=np.float64) / 8
    codes = np.zeros((h, w), np.uint8)
    for bit, (dr, dc) in enumerate(zip(np.round(-np.sin(angles), 5),
                                       np.round(np.cos(angles), 5))):
        # where neighbour `bit` lies (diagonals: between pixels)
        r, c = rows + dr, cols + dc
        r0, c0, r1, c1 = np.floor(r), np.floor(c), np.ceil(r), np.ceil(c)
        fr, fc = r - r0, c - c0  # how far past the pixel above and left of it
        top = (1 - fc) * pixel(r0, c0) + fc * pixel(r0, c1)
        bottom = (1 - fc) * pixel(r1, c0) + fc * pixel(r1, c1)
        neighbour = (1 - fr) * top + fr * bottom  # bilinear interpolation
        codes |= (neighbour - gray >= 0).astype(np.uint8) << bit
    return codes


# %% [markdown]
# On a small array you can follow it by hand:

# %%
tiny = np.array([[3, 3, 3, 3, 3],
                 [3, 9, 8, 1, 3],
                 [3, 7, 5, 2, 3],
                 [3, 6, 4, 1, 3],
                 [3, 3, 3, 3, 3]], np.uint8)
tiny_codes = lbp_reference(tiny)
print("codes:\n", tiny_codes)
print("centre pixel 5, bits 7…0:", np.binary_repr(tiny_codes[2, 2], width=8))

# %% [markdown]
# The straight neighbours are pixels; a diagonal one is a weighted mix of the four pixels
# around its point. The weights, and bit 1's mix:

# %%
# a diagonal point lies d rows and d columns from the centre: √0.5, rounded
# to 5 decimals as lbp_reference rounds its offsets
d = np.round(np.sqrt(0.5), 5)
w_out, w_side, w_mid = d * d, d * (1 - d), (1 - d) ** 2  # bilinear weights
print(f"diagonal weights: outer pixel {w_out:.3f}, the two pixels beside it "
      f"{w_side:.3f} each, centre {w_mid:.3f} (d = {d:.5f})")
up_right = (w_out * tiny[1, 3] + w_side * (tiny[1, 2] + tiny[2, 3])
            + w_mid * tiny[2, 2])
print(f"bit 1 (up-right): {w_out:.3f}×{tiny[1, 3]} "
      f"+ {w_side:.3f}×({tiny[1, 2]} + {tiny[2, 3]}) "
      f"+ {w_mid:.3f}×{tiny[2, 2]} = {up_right:.2f}")

# %% [markdown]
# A small helper, `neighbour_values`, lists the 8 values `lbp_reference` compares at one
# pixel (it is used again on the border below); here, the centre pixel's 8 bits:

# %%
def neighbour_values(gray, row, col):
    """The 8 neighbours lbp_reference compares at (row, col), bit 0 first."""
    # zeros outside, as in lbp_reference (2 deep: a 2×2 slice reaches 1 past)
    padded = np.pad(gray.astype(np.float64), 2)
    angles = 2 * np.pi * np.arange(8) / 8
    values = []
    for dr, dc in zip(np.round(-np.sin(angles), 5),
                      np.round(np.cos(angles), 5)):
        r, c = row + 2 + dr, col + 2 + dc  # + 2: the border of zeros
        r0, c0 = int(np.floor(r)), int(np.floor(c))
        fr, fc = r - r0, c - c0
        weights = np.outer([1 - fr, fr], [1 - fc, fc])  # bilinear, as above
        values.append(float((weights * padded[r0:r0 + 2, c0:c0 + 2]).sum()))
    return np.array(values)


centre = tiny[2, 2]
for bit, value in reversed(list(enumerate(neighbour_values(tiny, 2, 2)))):
    relation = ">=" if value >= centre else "< "
    print(f"bit {bit}: neighbour {value:5.2f} {relation} "
          f"{centre} -> {int(value >= centre)}")

# %% [markdown]
# Check the centre pixel (value 5) against its neighbours, one bit at a time (the lines above
# print each neighbour's value). Right of it is 2: bit 0 is 0. Above is 8: bit 2 is 1. Left is
# 7: bit 4 is 1. Below is 4: bit 6 is 0. The diagonals mix the four pixels around their point,
# weighted by how near it lies to each (the weights printed above): the point is one pixel
# out along the diagonal, so it lies nearest the outer pixel, which gets half the weight, the
# two pixels beside it less and the centre least. Up-right (bit 1) lies between 5, 8, 2 and 1
# and comes out below 5 (the sum printed above): 0.
# Up-left (bit 3) lies between 5, 8, 7 and 9, all at least 5: 1. Down-left (bit 5) lies
# between 5, 7, 4 and 6; it is the close call, just above 5 (printed above): 1. Down-right
# (bit 7) lies between 5, 2, 4 and 1, darker: 0. Reading bits 7 to 0 gives `00111100`, the
# binary number printed above.
#
# **q1 (compute by hand).** Your turn, on paper: what is the LBP code of the centre pixel of
# the patch below? Bit 0 is right, bit 2 above, bit 4 left, bit 6 below, and a bit is 1 where
# the neighbour is at least as bright as the centre. You need not interpolate the diagonals:
# in this patch each diagonal mix lies clearly on the same side of the centre as its corner
# pixel (the corner weighs most, as the weights above show), so compare the corner pixel.
# Store the code in `hand_code`. The check names the convention a wrong code breaks (bits
# reversed, clockwise, `>` for `>=`, or inverted), and says how many bits are wrong only
# when one or two are; it never says which.
# `lbp_reference(patch)[1, 1]` gives the answer away: run it only to confirm yours.

# %%
# q1: the centre's code, worked out on paper
patch = np.array([[90, 50, 30],
                  [70, 50, 60],
                  [20, 45, 80]], np.uint8)
hand_code = ____
q1.check()
# q1.hint()

# %% [markdown]
# On the border, the pixels outside the image count as 0. A missing straight neighbour (right,
# above, left or below) is then 0, so it sets its bit only where the centre pixel is 0 (black)
# too. A diagonal neighbour that reaches outside mixes those zeros with real pixels: it comes
# out darker than the image around it, yet it can still set its bit where the real pixels
# beside it are bright enough. The cell below shows it on a 3×3 array.

# %%
border = np.array([[10, 50, 50], [10, 10, 10], [10, 10, 10]], np.uint8)
border_codes = lbp_reference(border)
print("codes:\n", border_codes)
print("top-left pixel, bits 7…0:",
      np.binary_repr(border_codes[0, 0], width=8))
neighbours = neighbour_values(border, 0, 0)
print("its neighbours, bit 0 first:", np.round(neighbours, 1))

# %% [markdown]
# The top-left pixel (10) gets code `195` (bits 7, 6, 1 and 0). Bit 0: the 50 to its right.
# Bit 1: its up-right neighbour is mostly padding, but the 50 to its right lifts it just above
# 10. Bit 6: the pixel below is 10 too, and a tie counts as "at least as bright". Bit 7: the
# down-right neighbour mixes 10, 10, 10 and the 50 into more than 10 (printed above). Bits 2
# to 5 point out of the image (padding 0): 0. Along the edges of an image that is not black,
# the bits pointing out of it are therefore mostly, not always, 0. Every code is a small
# fingerprint of the texture around one pixel.
#
# Two details of the code. Its offsets are rounded to 5 decimals (`np.round`), because
# scikit-image rounds them so and its codes must match: unrounded, sin(180°) would come out
# about 1e-16 instead of 0, and a diagonal offset `0.7071068` instead of scikit-image's
# `0.70711` (the worked example above rounds its `d` the same way). Such slivers can decide a
# tie, where a neighbour exactly as bright as the centre sets its bit and one a hair darker
# does not. The first line, `# @save dfkit.features.handcrafted`, marks code that is the same as
# that function in `dfkit.features.handcrafted` (a test keeps the two identical, docstrings
# and comments aside). On a whole face, `dfkit.features.lbp` computes the same codes for a
# batch, fast: a compiled loop, which its tests check against this reference pixel for pixel
# (how it is made fast is told in [benchmarks/README.md](https://github.com/dfkit-course/deepfake-course/blob/main/benchmarks/README.md), and is not needed here):

# %%
codes = lbp_reference(gray)
# dfkit's batched version: the same codes, fast
assert np.array_equal(codes, features.lbp(gray[None])[0])
# and scikit-image's
skimage_codes = local_binary_pattern(gray, P=8, R=1, method="default")
assert np.array_equal(codes, skimage_codes)
fig, ax = plt.subplots(figsize=(4, 3.4))
shown = ax.imshow(codes, cmap="gray", vmin=0, vmax=255)
ax.set_title("LBP codes of the face", fontsize=9)
ax.axis("off")
fig.colorbar(shown, ax=ax, fraction=0.046, pad=0.06, label="code");

# %%
# each edge strip of the map (one pixel wide, corners left out) against
# the inside: the map without its 1-pixel frame; an edge reads as darker
# when its mean code is below the inside's, by any margin
report.say(readings.ch02.lbp_border_reading(codes))

# %% [markdown]
# **q2 (predict, then run).** LBP only compares each neighbour with its centre. Which of three
# changes to the face alters the *most* LBP codes? Set `q2_prediction` before you run the
# experiment:
#
# * `"a"`: brightening it (add 40 to every grey level, clipped at 255);
# * `"b"`: halving its contrast around mid-grey, kept in whole grey levels:
#   `(x - 128) // 2 + 128`;
# * `"c"`: a slight Gaussian blur (σ = 1 pixel).
#
# A wrong prediction is part of learning, not a mark against you: the check says what your run
# showed and why. `q2.hint()` gives a way to reason before you commit.

# %%
q2_prediction = ____
# q2.hint()

# %%
changed = {
    "a": np.clip(gray.astype(int) + 40, 0, 255).astype(np.uint8),
    "b": ((gray.astype(int) - 128) // 2 + 128).astype(np.uint8),
    "c": cv2.GaussianBlur(gray, (0, 0), 1.0),
}
changed_share = {key: float((lbp_reference(img) != codes).mean())
                 for key, img in changed.items()}
for key, share in changed_share.items():
    print(f"({key}) {share:.1%} of the codes changed")

# %%
q2.check()

# %% [markdown]
# Brightening changes few codes: adding a constant keeps every comparison between two pixels
# of the image. The padding zeros do not brighten, though, and clipping makes pixels equal,
# so three things can break it: pixels that clip at 255; on the border, a black pixel (0)
# whose missing straight neighbour (0) set its bit, which brightening to 40 clears; and,
# rarely, a border pixel whose diagonal neighbour mixes padding with pixels much brighter
# than the centre. What your run did:

# %%
brightest = int(gray.max())
clipped = int((gray.astype(int) + 40 > 255).sum())  # pixels that clip at 255
ring = np.ones(gray.shape, bool)
ring[1:-1, 1:-1] = False  # the border pixels
black_border = int((gray[ring] == 0).sum())
n_changed = int((lbp_reference(changed["a"]) != codes).sum())
report.say(readings.ch02.brightening_reading(brightest, clipped, gray.size,
                                             black_border, n_changed))

# %% [markdown]
# Halving the contrast changes more, although it keeps which of two pixels is brighter. The
# reason is that grey levels are whole numbers: `(x - 128) // 2 + 128` sends 130 and 131 both
# to 129 (but 129 and 130 to 128 and 129, still apart). Two neighbours one level apart *can*
# become equal, and a tie counts as "at least as bright", so a 0-bit turns into a 1-bit. A
# face is full of such one-level steps (smooth skin, soft shadows),
# and the rounding can also tip the comparison with an interpolated diagonal neighbour. Blur
# replaces each pixel by an average of its surroundings and reorders fine texture. These
# mechanisms say why brightening changes the fewest codes (unless many pixels near white
# clip), not whether halving's ties or blur's reordering change more: that part of the order
# is measured. The cell below counts how many training faces have brightening least and blur
# most. LBP shrugs off a uniform change of brightness, not a loss of fine detail.

# %%
# the three changes on every training face, as above (int16: room for
# x + 40 and x - 128)
grays = features.to_gray(images).astype(np.int16)
base = features.lbp(grays.astype(np.uint8))
brightened = np.clip(grays + 40, 0, 255).astype(np.uint8)
halved = ((grays - 128) // 2 + 128).astype(np.uint8)
blurred = np.stack([cv2.GaussianBlur(g, (0, 0), 1.0)
                    for g in grays.astype(np.uint8)])
# each face's share of changed codes, per change
by_a, by_b, by_c = [(features.lbp(x) != base).mean(axis=(1, 2))
                    for x in (brightened, halved, blurred)]
in_order = int(((by_a < by_b) & (by_b < by_c)).sum())  # a least, c most
blur_most = int(((by_c > by_a) & (by_c > by_b)).sum())
report.say(readings.ch02.changes_order(changed_share, in_order, blur_most,
                                       len(grays)))
del grays, base, brightened, halved, blurred  # large on big profiles

# %% [markdown]
# ## Edge density
#
# Canny finds edges: thin lines where brightness changes sharply. It measures the change of
# brightness at each pixel (the gradient magnitude, next paragraph), then thins each edge to
# one pixel: a pixel stays only where the change is at least as large as at its two
# neighbours across the edge, and of two equal neighbours OpenCV keeps one (non-maximum
# suppression). Its two thresholds, `CANNY_LOW = 100` and `CANNY_HIGH = 200` in
# `dfkit.features`, then decide which of those pixels are edges: a change above the high one
# starts an edge, and a pixel above the low one counts only where it connects, through other
# such pixels, to one that started an edge (hysteresis).
#
# The thresholds are gradient magnitudes on the 0–255 grey scale. OpenCV measures the change
# of brightness at each pixel with a 3×3 Sobel filter: the absolute horizontal change plus the
# absolute vertical change. The horizontal change is the pixel right of the centre minus the
# one left of it, summed over the row above, the centre's row and the row below with weights
# 1, 2, 1. At a clean vertical edge (brightness stepping by 30 grey levels from left to right),
# each of the three differences is 30 and the vertical change is 0, so the change is
# (1 + 2 + 1) × 30 = 120 at both pixels beside the step (the tie that non-maximum suppression
# breaks): above the low threshold, below the high one. Such a step can carry on an edge that
# a sharper step started, but starts none itself. OpenCV's test for a start is strict: the
# magnitude must be *above* the high threshold, not equal to it.
#
# The share of edge pixels in the whole image is its
# [edge density](https://dfkit-course.github.io/deepfake-course/glossary.html#term-edge-density); the share in a small window around each pixel is the local edge-density
# map, the channel that goes into the stack. Blurry images have fewer edges, so the fakes of
# the embedded set (chapter 00's drawn faces, which ship inside the `dfkit` package) should
# have fewer too: both of its fake families, the `faceswap` fakes (a new inner face pasted
# onto a drawn face) and the `gan` fakes (the whole frame made anew), are rendered small and
# enlarged (the class averages below measure it).
#
# These are the course's functions, shown whole. The first line of `canny_edges`,
# `check_batch`, is the course's input guard: it accepts a batch of uint8 images (or floats in
# [0, 1], which it converts to 0–255) and stops with a message that names the fix for anything
# else, such as a single image passed without its batch axis (`image[None]` adds it).

# %%
# @save dfkit.features.handcrafted
def canny_edges(gray: np.ndarray, low: int = CANNY_LOW,
                high: int = CANNY_HIGH) -> np.ndarray:
    """Canny edge maps (N, H, W) as bool, OpenCV's implementation."""
    gray = check_batch(gray, channels=None, name="gray")
    return np.stack([cv2.Canny(g, low, high) > 0 for g in gray])


def edge_density(edges: np.ndarray) -> np.ndarray:
    """Fraction of edge pixels per image, shape (N,)."""
    return edges.reshape(len(edges), -1).mean(1)


def edge_density_map(edges: np.ndarray,
                     window: int = DENSITY_WINDOW) -> np.ndarray:
    """Local edge density: the share of edge pixels in a ``window``² box."""
    box = (window, window)
    return np.stack([cv2.blur(e.astype(np.float32), box,
                              borderType=cv2.BORDER_REFLECT)
                     for e in edges])


# %%
edges = canny_edges(gray[None])
face_density = float(edge_density(edges)[0])
density_map = edge_density_map(edges)[0]
# a plain check: count the edge pixels in each 9×9 window by hand,
# mirroring the border as cv2.BORDER_REFLECT does, and divide by the
# window's size
k = DENSITY_WINDOW
mirrored = np.pad(edges[0].astype(np.float64), k // 2, mode="symmetric")
windows = np.lib.stride_tricks.sliding_window_view(mirrored, (k, k))
assert np.allclose(windows.mean(axis=(2, 3)), density_map, atol=1e-6)
# the edge density is the share of edge pixels
assert face_density == edges[0].sum() / edges[0].size
print(f"Canny thresholds ({CANNY_LOW}, {CANNY_HIGH}): "
      f"edge density {face_density:.3f}")
fig, axes = plt.subplots(1, 2, figsize=(6.5, 3))
titles = ("Canny edges (white)",
          f"edge density, {DENSITY_WINDOW}×{DENSITY_WINDOW} box")
for ax, image, title in zip(axes, (edges[0], density_map), titles):
    # grey, as in the stack's figure
    shown = ax.imshow(image, cmap="gray", vmin=0)
    ax.set_title(title, fontsize=9)
    ax.axis("off")
fig.colorbar(shown, ax=axes[1], fraction=0.046);

# %% [markdown]
# **q3 (think, then modify the experiment).** How much do the thresholds matter? First think:
# with both thresholds halved (`CANNY_LOW // 2`, `CANNY_HIGH // 2`), what is the smallest
# clean step, in whole grey levels, that starts an edge? Store it in `smallest_step`. Then
# halve both thresholds in the cell below, run it, and store the new edge density divided by
# the old one, `modified_density / face_density` (1 decimal), in `density_ratio`. The check
# then says why the smallest step alone cannot predict that ratio.

# %%
low, high = CANNY_LOW, CANNY_HIGH  # q3: change these
modified_density = float(edge_density(canny_edges(gray[None], low, high))[0])
if (low, high) == (CANNY_LOW, CANNY_HIGH):
    print(f"still the default thresholds ({low}, {high}): edge density "
          f"{modified_density:.3f}, as above; halve them for q3")
else:
    print(f"Canny thresholds ({low}, {high}): "
          f"edge density {modified_density:.3f} "
          f"(the defaults gave {face_density:.3f})")

# %%
smallest_step = ____
density_ratio = ____
q3.check()
# q3.hint()

# %% [markdown]
# ## The colour-histogram heatmap: an interpretation
#
# The paper stacks a "colour histogram heatmap (reshaped to 128×128)" (§II-C). A histogram has
# 3 × 256 numbers, not 128 × 128, so the text admits several readings. We chose **histogram
# back-projection**: every pixel gets how common its colour is in its own image (colours
# quantised to 8 levels per channel, the commonest colour scaled to 1). It is a per-pixel map
# aligned with the face, so a convolution can relate it to the other channels. It marks rare
# colours dark, so it marks a seam only where the seam's colours are rare: the figure and the
# readings below it measure whether they are on this face. The other reading, the histogram
# itself resized into an image, is exercise q6. The heatmap in NumPy, as `dfkit` keeps it:

# %%
# @save dfkit.features.handcrafted
def histogram_heatmap_reference(image: np.ndarray,
                                bins: int = HEATMAP_BINS) -> np.ndarray:
    """The histogram heatmap of one RGB uint8 image (H, W, 3), plain NumPy."""
    # 0-255 -> 0..bins-1 per channel
    levels = (image.astype(np.int64) * bins) // 256
    colour = (levels[..., 0] * bins + levels[..., 1]) * bins + levels[..., 2]
    counts = np.bincount(colour.ravel(), minlength=bins ** 3)
    heat = counts[colour].astype(np.float32)
    return heat / heat.max()


# %%
heat = histogram_heatmap_reference(face)
# dfkit's batched version: the same heatmap
assert np.array_equal(heat, features.histogram_heatmap(face[None])[0])
# on a faceswap fake of the embedded set: the inner face's edge, where the
# generator pastes it for an average face (the seam runs along it)
swapped = data.source == "synthetic" and family == "faceswap"
inner_region = synthetic.inner_face_region(size) if swapped else None
fig, axes = plt.subplots(1, 2, figsize=(5.5, 2.5))
axes[0].imshow(face)
axes[0].set_title("the face", fontsize=9)
shown = axes[1].imshow(heat, cmap="gray", vmin=0, vmax=1)
axes[1].set_title("heatmap (1: commonest colour)", fontsize=9)
for ax in axes:
    ax.axis("off")
    if inner_region is not None:
        ax.contour(inner_region, levels=[0.5], colors="red", linewidths=0.8)
fig.colorbar(shown, ax=axes[1], fraction=0.046);

# %%
# share of the pixels at the commonest colour, and below 0.1 (rare colours)
commonest = float((heat == heat.max()).mean())
rare = float((heat < 0.1).mean())
report.say(readings.ch02.heatmap_reading(commonest, rare, labels[0], family,
                                         outlined=inner_region is not None))

# %%
# along the red line: a band 1 pixel either side of the inner face's edge
if inner_region is not None:
    square = np.ones((3, 3), np.uint8)
    inner = inner_region.astype(np.uint8)
    band = cv2.dilate(inner, square) > cv2.erode(inner, square)
    report.say(readings.ch02.seam_band_reading(
        float(heat[band].mean()), float((heat[band] < 0.1).mean()),
        float(heat.mean()), rare))

# %% [markdown]
# The figure also seems to outline the pasted face: mid-grey inside, white around it. Is
# that the paste? The cell below measures the step across the red line on every other
# training face and counts, class by class, the faces whose step is at least as large as
# this one's. The rule: such steps are tied to the paste only when the faceswap share
# beats the largest share of the other classes by more than chance allows, that is, when
# the interval the reading prints for the ratio of the two shares lies wholly above 1.

# %%
# heat 3 pixels inside the red line against a ring 2 to 4 pixels outside it
if inner_region is not None:
    inside = cv2.erode(inner, square, iterations=3) > 0
    outline_ring = ((cv2.dilate(inner, square, iterations=4) > 0)
                    & ~(cv2.dilate(inner, square) > 0))
    steps = []  # each training face's |inside - ring|, in batches
    for start in range(0, len(images), 256):
        batch = features.histogram_heatmap(images[start:start + 256])
        ring_heat = batch[:, outline_ring].mean(1)
        steps.extend(np.abs(batch[:, inside].mean(1) - ring_heat))
    steps = np.array(steps)
    kinds = np.where(labels == 0, "real", data.train["family"].astype(str))
    others = np.arange(len(images)) != 0  # not `face` itself, images[0]
    # the rule and its thresholds: run `readings.ch02.outline_reading??`
    report.say(readings.ch02.outline_reading(
        float(heat[inside].mean()), float(heat[outline_ring].mean()),
        {kind: steps[(kinds == kind) & others] for kind in np.unique(kinds)}))

# %% [markdown]
# ## The stack
#
# `features.feature_stack` builds the [feature stack](https://dfkit-course.github.io/deepfake-course/glossary.html#term-feature-stack) of a whole batch, the pieces side by
# side: RGB scaled to [0, 1], the LBP codes divided by 255, the local edge density and the
# heatmap, six float32 channels per pixel. The channels are exactly the pieces computed above.
# The figure shows the six channels in four panels: the three colour channels together as one
# colour image, then LBP, edge density and the heatmap, one grey panel each.

# %%
stack = features.feature_stack(face[None])[0]
pieces = [face / 255, codes / 255, edge_density_map(edges)[0], heat]
assert np.array_equal(stack, np.dstack(pieces).astype(np.float32))
kind = "fake" if labels[0] else "real"
print(f"the stack of one {kind} training image: {stack.shape}")
plots.feature_channels(stack);

# %% [markdown]
# ## The paper's Figs 1–4: class averages
#
# Average colour histograms of real and fake training images (the paper's Figs 1–2), and
# average LBP maps (its Figs 3–4), with their difference; then each class's mean edge density.

# %%
averages = eda.class_averages(images, labels)
# what it computes, here the fakes' average colour histogram
fake_mean = features.color_histograms(images[labels == 1]).mean(axis=0)
assert np.allclose(averages.colour_hist[1], fake_mean)
plots.class_histograms(averages);

# %% [markdown]
# Each curve is the share of pixels at each intensity in one colour channel, averaged over all
# the training images of a class. The two panels look alike; their difference, fake minus
# real bin by bin, is drawn further below against a noise band, once that band is measured.
# How alike are the two averages? The cosine similarity of chapter 01 (1 for the same shape)
# answers in one number.
#
# Is that number high? The yardstick is chance: the cosine between the averages of two random
# halves of the real images, which differ by sampling noise only. A half holds half as many
# images as a class, so its average is noisier, and against the halves alone a real class
# difference could pass for noise. The readings therefore also scale the halves to a class's
# size, by two rules:
#
# * a gap between two averages grows with the noise itself (its standard deviation), and an
#   average of twice as many images has √2 times less noise: a class-size gap is the halves'
#   gap ÷ √2;
# * 1 − cosine grows with the *square* of a small gap (for an angle θ between the two
#   histograms, 1 − cos θ ≈ θ²/2), so with the noise's variance: it scales by ÷ 2.

# %%
# each class's average colour histogram, (3, 256)
fake_hist, real_hist = averages.colour_hist[1], averages.colour_hist[0]
# cosine_similarity compares two batches row by row; [None] makes a batch
# of one
cosines = features.cosine_similarity(fake_hist[None], real_hist[None])
hist_similarity = float(cosines[0])
print("average fake vs average real colour histogram: "
      f"cosine {hist_similarity:.3f}")

# %% [markdown]
# The reference: two random halves of the *real* images, split by group (one person stays in
# one half). The next cell builds 20 such splits once, as `halves` (True for the images of
# `real_rows` in half A); the LBP-map and edge-density comparisons further down reuse them.

# %%
real_rows = np.flatnonzero(labels == 0)
real_groups = data.train["group"].to_numpy()[real_rows]
rng = np.random.default_rng(data.profile.seed)
halves = []  # 20 random splits: True for the real images in half A
for _ in range(20):
    half = rng.permutation(np.unique(real_groups))
    halves.append(np.isin(real_groups, half[: len(half) // 2]))
# each split's two halves: whole groups, so not exactly equal in size
sizes = [int(n) for in_a in halves for n in (in_a.sum(), (~in_a).sum())]
print(f"{len(real_rows)} real and {int((labels == 1).sum())} fake training "
      f"images; a half holds {min(sizes)} to {max(sizes)}")

# %%
# how alike are the two halves' averages? Any gap beyond that is a class
# effect
noise_cosines, split_gaps = [], []  # split_gaps: |A - B| in every bin
for in_a in halves:
    mean_a = features.color_histograms(images[real_rows[in_a]]).mean(0)
    mean_b = features.color_histograms(images[real_rows[~in_a]]).mean(0)
    cosine = features.cosine_similarity(mean_a[None], mean_b[None])[0]
    noise_cosines.append(float(cosine))
    split_gaps.append(np.abs(mean_a - mean_b))
split_gaps = np.array(split_gaps)  # (20 splits, 3, 256)
end_gaps = split_gaps[:, :, [0, 255]]  # the bins 0 and 255
# each split's largest gap away from the ends (bins 1 to 254)
inner_peaks = split_gaps[:, :, 1:255].max(axis=(1, 2))
low_noise, high_noise = min(noise_cosines), max(noise_cosines)
print("two random halves of the real images, 20 splits: "
      f"cosine {low_noise:.3f} to {high_noise:.3f}")

# %%
# fake minus real in bins 1 to 254 (the ends: the table below), against
# the halves' largest gap there (grey; dashed: ÷ √2, a class's size)
fig, ax = plt.subplots(figsize=(8, 2.8))
widest = max(inner_peaks)
ax.axhspan(-widest, widest, color="0.88", label="halves' largest gap")
for bound, name in ((-widest, None), (widest, "that gap ÷ √2")):
    ax.axhline(bound / np.sqrt(2), color="0.5", ls="--", lw=0.8,
               label=name)
inner_bins = np.arange(1, 255)
for c, colour in enumerate(plots.RGB_COLOURS):
    ax.plot(inner_bins, (fake_hist - real_hist)[c, 1:255], color=colour,
            lw=1, label=plots.RGB_NAMES[c])
ax.set_xlabel("intensity")
ax.set_ylabel("fake minus real share")
ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1),
          frameon=False);

# %%
# below the halves' range: a class difference; within or above: not one;
# then the largest inner-bin gap against each split's largest
report.say(readings.ch02.colour_similarity_reading(
    hist_similarity, low_noise, high_noise, fake_hist, real_hist,
    inner_peaks))
# the spikes at 0 and 255, bin by bin: each class's share against the
# largest gap of the halves in that bin
report.say(readings.ch02.end_bins_reading(
    fake_hist[:, [0, 255]], real_hist[:, [0, 255]], np.max(end_gaps, axis=0)))

# %%
plots.class_maps(averages.lbp_map, "LBP map", cmap="gray", units="code / 255");

# %%
lbp_gap = np.abs(averages.lbp_map[1] - averages.lbp_map[0])
print(f"|fake - real| of the average LBP maps (codes / 255): "
      f"largest {lbp_gap.max():.3f}, mean {lbp_gap.mean():.3f}")


# %% [markdown]
# Averaging the LBP codes pixel by pixel keeps what sits at the same place in most faces (the
# crops are roughly aligned) and blurs away the rest.
#
# An average code is not an amount of texture: its value is ruled by its high bits. Bits 5, 6
# and 7, the three lower neighbours (down-left, down, down-right), weigh 32 + 64 + 128 = 224
# of the 255, so where the average code is higher, mostly the lower neighbours are more often
# at least as bright as the centre. Along the maps' edges, the bits that point out of the
# image read the padding zeros, as in the 3×3 example above; each edge (corners left out)
# against the inside (the map without its 1-pixel frame). An edge reads as darker when its
# mean is below the inside's, by any margin:

# %%
# the rule and its thresholds: run `readings.ch02.class_border_reading??`
report.say(readings.ch02.class_border_reading(averages.lbp_map[0],
                                              averages.lbp_map[1]))

# %% [markdown]
# Two patterns in the maps come from how the embedded faces are drawn
# ([dfkit/data/synthetic.py](https://github.com/dfkit-course/deepfake-course/blob/main/dfkit/data/synthetic.py)).
# The background is a blend from a top colour to a bottom colour, one colour per row, before a
# lighting ramp and JPEG compression: the horizontal streaks sit in that background, in both
# classes' maps and in the face's own map above. The `gan` fakes get a faint checkerboard
# added on purpose (`gan_upsample`, the pattern that a GAN's transposed convolutions print):
# it is the fine checkerboard in the fake average and in the difference panel's background.
#
# The third panel is the fake average minus the real one. Its colour scale stretches to the
# largest difference (in codes / 255), so it paints small differences in strong colours: read
# its colour bar before its colours. Are those differences larger than sampling noise, on
# average and at their largest? The yardstick is the one the colour histograms used: the
# same 20 random halves of the real images, split by group, whose average LBP maps differ by
# sampling noise alone, also scaled to a class's size (÷ √2). Where the reading names a
# place, it is the ninth of the crop (cut into a 3 × 3 grid) holding most of the pixels
# beyond every split's largest gap, or, if the mean gap is beyond every split's, the ninth
# with the largest mean gap.

# %%
# the real images' LBP codes, (n, H, W) uint8
real_codes = features.lbp(features.to_gray(images[real_rows]))
# each split's mean and largest |half A - half B|
noise_means, noise_peaks = [], []
for in_a in halves:
    mean_a, mean_b = real_codes[in_a].mean(0), real_codes[~in_a].mean(0)
    halves_gap = np.abs(mean_a - mean_b) / 255
    noise_means.append(float(halves_gap.mean()))
    noise_peaks.append(float(halves_gap.max()))
lbp_difference = averages.lbp_map[1] - averages.lbp_map[0]  # fake minus real
# the rule and its thresholds: run `readings.ch02.lbp_map_reading??`
report.say(readings.ch02.lbp_map_reading(lbp_difference, noise_means,
                                         noise_peaks))

# %% [markdown]
# Where do the largest differences lie, and do both fake families show them? The first cell
# lists the pixels beyond every split's largest gap; the second reads each family's average
# code there against the real images':

# %%
beyond = np.abs(lbp_difference) > max(noise_peaks)
rows, cols = np.nonzero(beyond)
print("beyond every split's largest gap (row, column):",
      list(zip(rows.tolist(), cols.tolist())))

# %%
fake_codes = features.lbp(features.to_gray(images[labels == 1]))
# each fake's family, where the data names one
if "family" in data.train:
    named = data.train["family"].astype(str).to_numpy()[labels == 1]
else:
    named = np.full(len(fake_codes), "none")
family_gaps = {}  # a family's average map minus the real one, there
for name in np.unique(named):
    if name not in ("none", "nan", ""):
        family_map = fake_codes[named == name].mean(0) / 255
        family_gaps[name] = (family_map - averages.lbp_map[0])[beyond]
report.say(readings.ch02.beyond_pixels_reading(rows, cols, beyond.shape,
                                               family_gaps))

# %% [markdown]
# Last, edge density: do the fakes, blurred by construction, have fewer edges? The mean edge
# density of each class, against the same halves of the real images:

# %%
density = features.edge_density(features.canny_edges(features.to_gray(images)))
real_density = density[real_rows]
noise_density = [abs(real_density[in_a].mean() - real_density[~in_a].mean())
                 for in_a in halves]
report.say(readings.ch02.edge_density_reading(
    float(density[labels == 1].mean()), float(real_density.mean()),
    noise_density))

# %% [markdown]
# ## What the stack costs
#
# Time first. The batched path (`feature_stack`) is timed against the obvious per-image loop
# (scikit-image LBP, OpenCV Canny, NumPy histograms) on the same images, and both must give the
# same numbers:

# %%
timed = images[:256]
# the best of 5 runs of each path: one run on few images is mostly noise
timing = features.time_against_naive(timed, repeats=5)
print(f"identical: {timing['identical']}; "
      f"batched {timing['batched_per_s']:.0f} images/s, "
      f"per-image loop {timing['naive_per_s']:.0f} images/s")
print(f"speed-up {timing['speedup']:.1f}x on {len(timed)} images of "
      f"{timed.shape[1]}×{timed.shape[2]} px")
print(f"one image's stack: {stack.nbytes / 1024:.0f} KiB of float32")

# %% [markdown]
# The speed-up printed above is this run's, on the machine that ran this page. The course's
# benchmark measured the current code at 10.3× and 11.7× in two runs on 512 images at
# 128×128 on a shared 2-core VM
# ([benchmarks/README.md](https://github.com/dfkit-course/deepfake-course/blob/main/benchmarks/README.md), where the tricks that make it fast are explained). Expect
# your number to differ from these: the speed-up depends on the image size and on how many
# images share the fixed costs of each call, and on the machine (how many cores it has, how busy
# they are). What does not change is that both paths give the same numbers.
#
# Memory is the bigger problem. The paper reports CPU memory overflows when it trained on
# larger subsets (§V) and kept 8,000 images for that reason (§II-A); it does not say how it
# built the stack, nor how much memory it had. Exercise q4 computes the stack's size for the
# 8,000 images it kept. What follows is an inference, not the paper's word or a
# measurement of its code: a held stack grows in step with the
# number of images, so the larger subsets it dropped multiply it, and so would float64
# arrays (twice float32) or the copies made while preprocessing. A stack computed batch by
# batch does not grow. The cell below measures the peak memory of both ways, on a quarter of
# the training images and on all of them, with Python's `tracemalloc`: it counts only what
# Python and NumPy allocate while it runs, so not the `images` array, loaded before and held
# by both ways alike, nor the whole process (what Colab's RAM gauge shows). What it measures
# is the stack's own memory.

# %%
import tracemalloc


def peak_mib(build, n):
    """Peak memory (MiB) that NumPy allocates while build(images[:n]) runs."""
    tracemalloc.start()
    build(images[:n])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2 ** 20


def held(batch):
    """The whole stack in memory at once."""
    return features.feature_stack(batch)


def streamed(batch, size=32):
    """One batch's stack at a time, used, then dropped."""
    for start in range(0, len(batch), size):
        features.feature_stack(batch[start:start + size]).mean()


for n in (len(images) // 4, len(images)):
    print(f"{n:5d} images: held {peak_mib(held, n):6.1f} MiB, "
          f"streamed in batches of 32 {peak_mib(streamed, n):5.1f} MiB")

# %% [markdown]
# The course therefore streams the stack,
# batch by batch as the model trains
# (`dfkit.data.loader.ImageBatches(..., transform=features.feature_stack)`). Only where the
# same images are read dozens of times (the tuner's trials in chapter 05, the ablation's runs
# in chapter 08) does it hold a sample's stack in memory, and it refuses, saying what to do
# instead, when that would take more than half the free memory.

# %% [markdown]
# ## Summary
#
# * Colour histograms count colours; LBP codes local texture in 8 bits; edge density measures
#   how much sharp structure an image has; the histogram heatmap marks how common each pixel's
#   colour is.
# * Each is a few lines of NumPy or OpenCV; `dfkit.features` computes the same numbers for a
#   batch, fast, and the page checks that they agree.
# * LBP ignores a uniform change of brightness (only comparisons count), except where pixels
#   clip or at the border; blur, which reorders fine texture, changes it (q2 measured how
#   much). The embedded fakes are rendered small and enlarged, which blurs them; the class
#   means above measured whether they have fewer edges.
# * The 6-channel stack is float32 in [0, 1]. Streamed batch by batch, its own memory stays
#   flat as the dataset grows (the images are still held); held in memory, it grows with the
#   data (q4 computes the paper's case).
# * The paper's figures show class *averages*; chapter 01 showed how weakly single images
#   follow them.
#
# ## Exercises
#
# Fill in each `____` and run the cell: it calls `qN.check()` for you (q1 to q3 came up in
# the text above).
# Stuck? `qN.hint()` gives the idea, `qN.hint()` again the tool (each exercise's cell has the
# call, commented out, on its last line). Worked solutions are in the instructor edition.

# %% [markdown]
# **q4.** How many GiB would the 6-channel float32 stack of the paper's 8,000 images at
# 128×128 take in memory? Store it in `stack_gib`, to 1 decimal.

# %%
stack_gib = ____
q4.check()
# q4.hint()

# %% [markdown]
# **q5 (implement).** A code is **uniform** when its 8 bits, read around the circle (bit 7 is
# next to bit 0 again), change between 0 and 1 at most twice: `00011100` is uniform (two
# changes), `01010000` is not (four). Uniform codes are edges, corners and flat spots; the
# others alternate bright and dark around the circle, as noise does. Write `is_uniform(code)`
# for a code from 0 to 255, returning `True` or `False` (not 1 or 0). The checker tries all
# 256 codes, yet it cannot tell whether you compared bit 7 with bit 0: before you run it,
# ask why that one pair can never change the verdict (how many changes can a circle have?).
# Count inside the function, from `code`: a table of the verdicts, or a list of the uniform
# codes, is not accepted.

# %%
def is_uniform(code):
    return ____


q5.check()
# q5.hint()

# %% [markdown]
# **q6 (implement).** Write `histogram_image(img)`, the other reading of "reshaped to
# 128×128": take the image's (3, 256) colour histogram, as this chapter's first section
# computes it, resize it to the image's height and width by nearest neighbour (each output
# pixel copies the histogram entry it falls on), its 3 rows filling the image top to bottom
# as R, G, B and its 256 bins left to right, then scale it so that its maximum is 1. For an
# image of shape `(H, W, 3)` it returns a float array of shape `(H, W)`, with values from 0
# to 1; the checker tries images you do not see, of other sizes. Which call resizes, and in
# which order it takes the size, is yours to find (`q6.hint()`, asked twice, names one).

# %%
def histogram_image(img):
    return ____


q6.check()
# q6.hint()

# %% [markdown]
# **q7 (explain).** Shuffle the pixels of a face at random (same pixels, new places). What
# happens to your `histogram_image` and to the back-projection heatmap? Set `q7_answer`:
#
# * `"a"`: `histogram_image` and the heatmap both stay exactly the same, place by place;
# * `"b"`: `histogram_image` stays the same; the heatmap gets new values, not only new places;
# * `"c"`: `histogram_image` changes with the pixels; the heatmap stays exactly the same,
#   place by place;
# * `"d"`: `histogram_image` stays the same; the heatmap's values move with their pixels.

# %%
q7_answer = ____
q7.check()
# q7.hint()

# %% [markdown]
# ## Questionnaire
#
# 1. What does a colour histogram keep of an image, and what does it forget?
# 2. Where do the eight LBP neighbours sit, and why must four of them be interpolated?
# 3. Work out the LBP code of a pixel whose eight neighbours are all brighter than it.
# 4. Why does brightening an image leave its LBP codes (almost) unchanged?
# 5. What do Canny's two thresholds control?
# 6. What is the difference between an image's edge density and its edge-density map?
# 7. Why did the course choose histogram back-projection for the heatmap channel? Look at
#    q6's `histogram_image(face)` (`plt.imshow(histogram_image(face))` in a new cell shows
#    it): what could a convolution learn from it?
# 8. A blend seam is a thin line where a pasted face meets the real skin, with a slight step
#    of colour and a change of texture across it. Which channels of the stack can mark such a
#    line where it lies (so a convolution can follow it), and what does each respond to
#    there? Why is the heatmap not one you can count on (see its figure)?
# 9. How much memory does the paper-sized stack take, and how does the course avoid holding it?
# 10. What does the `# @save dfkit.features.handcrafted` line on a code cell promise?
# 11. Which feature of the face lies at the pixels where the average LBP maps differ beyond
#     every split's largest gap (rows and columns printed above; find them on the average
#     maps)? Why could blur or rendering there, rather than skin texture, change the codes'
#     lower bits?
#
# ## Further research
#
# 1. scikit-image offers LBP variants. Its `method="nri_uniform"` is q5's uniform: one label
#    per uniform code, one for all the others. Its `method="uniform"` is the
#    rotation-invariant variant: it merges each uniform code with its rotations, so a
#    uniform code's label is how many of its bits are 1, and all the others share one
#    label (`"ror"` merges the rotations of every code).
#    Compute the class-average histograms of `"nri_uniform"` codes for real and fake
#    training faces: do they differ more than the default codes' histograms?
# 2. Try another reading of the paper's "colour histogram heatmap": for instance a 2-D hue ×
#    saturation histogram resized to the image. Which readings keep spatial information, and
#    which would you expect a CNN to use?
# 3. Measure the average LBP maps' darker edges: compare each edge strip of the real images'
#    codes with the line just inside it, as it is and with the strip's outward bits cleared
#    (`&` with 255 minus their weight). The top row, whose outward bits weigh only 14, is
#    brighter than the inside: which of its other bits are set more often there, and why?
