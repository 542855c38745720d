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
# - rerun and judge the paper's EDA (§II-B): compare images' colour histograms, LBP
#   histograms and edge maps with class averages (`dfkit` computes them here, chapter 02 builds
#   each), plot the averages, and compute one comparison yourself (q4, q5);
# - explain why five samples per class are weak evidence, and measure every image of the
#   validation split instead;
# - rank descriptors by how well they separate the classes, with effect sizes and ROC-AUC,
#   and read an AUC below one half as a signal pointing the other way.
#
# **Time it takes.** The cells run in under half a minute on a 2-core laptop CPU, no GPU
# needed (18 s when the chapter was opened on its own, as in a fresh Colab runtime, where it
# makes its data and trains no model; default `laptop` profile, 2026-12-07,
# [benchmarks/README.md](https://github.com/dfkit-course/deepfake-course/blob/main/benchmarks/README.md)).
# Colab's CPU or a busy machine can take several times longer, and a fresh Colab runtime
# installs `dfkit` first. Allow about 60 minutes to read the chapter and do its exercises
# (about 45 without the questionnaire).

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
from dfkit.course import eda, plots, readings, report
from dfkit import data as data_tools
from dfkit.data import load_arrays, synthetic

# Set-up for the exercises (not an exercise): the checkers, and the
# blank ____ your answers start as.
from dfkit.course.exercises.ch01 import ____, q1, q2, q3, q4, q5

data = course.prepare()
size = data.profile.image_size

# %% [markdown]
# ## The paper's EDA: five samples per class
#
# The paper (Hassan, *Performance of a CNN Backbone in a Deepfake Classification Model*;
# chapter 00) drew, in its §II-B, five random images of each class, computed each one's
# colour histogram, LBP histogram and edge-density map, and compared them with the class
# averages. Chapter 02
# builds each of these; for now, in one line each: a *colour histogram* counts how many pixels
# have each intensity of red, green and blue; *LBP* (local binary patterns) gives every pixel
# an 8-bit code saying which of its 8 neighbours are at least as bright as it, a fingerprint
# of the texture around it, and its histogram counts how often each code occurs; an
# *edge-density map* gives, around every pixel, the share of the pixels in a 9×9 window
# (`features.DENSITY_WINDOW`) that lie on a sharp brightness edge. The paper compared
# histograms by
# *cosine similarity* (1 when two histograms have the same shape, 0 when they share nothing),
# edge maps by *inverse difference*, `1 / (1 + mean |a - b|)` over the pixels (1 for identical
# maps, lower as they differ; edge densities lie between 0 and 1, so mean |a - b| is at most 1
# and the value never falls below 0.5). We do the same with a fixed seed.
#
# The set-up's last line gives the images in the training, validation and test splits
# (`group split`). A *group* is a pair of identities, and each group stays whole on one side
# of a split, so that no person's face is both learnt from and measured on (chapter 00, "Why
# group-aware?"). The class averages come from the **training** split only; the five images
# per class, like every image compared with the averages below, come from the **validation**
# split. An image compared with an average that contains it is partly compared with itself,
# which makes it look nearer its own class than a new image would. The test split stays
# untouched until chapter 06.
#
# In the table, each row is one image; the column `y` is its label (**0 = real, 1 = fake**), as
# everywhere in the course. Each other column is a *descriptor*, one number measured on the
# image (the tables name the descriptors `feature`). The first five after `y` describe the
# image alone:
#
# * `edge_density`: the share of the image's pixels that lie on an edge, as OpenCV's Canny
#   detector finds them: the strength of the brightness change, as a 3×3 Sobel filter
#   measures it (`|Gx| + |Gy|`, the *gradient*), must pass `200`, or `100` next to an edge
#   that does (`features.CANNY_HIGH` and `features.CANNY_LOW`; chapter 02 builds it step by
#   step). These are not grey levels: the filter weighs a sharp step 4 times, so a step of
#   about 50 grey levels (of 0 to 255) already reaches `200`. Blur spreads each change over
#   more pixels, which lowers its gradient, so fewer pixels pass, and a blurred image has
#   fewer edges;
# * `lbp_entropy`: how varied the image's LBP codes are (in bits: at most `8`, when all 256
#   codes are equally common), high for rich, varied texture, lower for smooth or blurred
#   regions;
# * `sharpness`: the *Laplacian* is a filter that responds where brightness changes abruptly
#   (it sums the differences between a pixel and its neighbours); a crisp image gives strong
#   responses of both signs, a blurred one weak responses, so `log(1 + variance)` of the
#   responses is high for sharp images and low for blurred ones;
# * `brightness` and `saturation`: the mean grey level and the mean colour saturation, each
#   divided by 255 so that they run from 0 to 1.
#
# The last six come in pairs, side by side: `hist_cos_real` and `hist_cos_fake` compare the
# image's colour histogram with the real and with the fake class average, and so on.

# %%
train_images, train_labels = load_arrays(data.train, size)
averages = eda.class_averages(train_images, train_labels)

five = data_tools.sample_per_class(data.val, 5, seed=data.profile.seed)
five_images, five_labels = load_arrays(five, size)
five_table = eda.describe_images(five_images, five_labels, averages)
five_table.round(3)

# %% [markdown]
# Read across a pair: is a real image more similar to the *real* average than to the fake one?
# Do not expect `hist_cos` near 1, even for an image's own class: one small crop spreads its
# pixels thinly over 256 intensities per channel, in a spiky histogram that lighting shifts,
# while an average over many images is smooth. Only which of the two is larger matters here.
# Five images per class can show what these numbers look like and how much they vary from one
# image to the next. They cannot estimate reliably how often an image is nearer its own
# class's average: a share out of five moves in steps of `0.2`, so one unusual image shifts it by a fifth, and a row
# of look-alike values in five draws is easily chance. Check both classes, too: "the real
# images are nearer the real average" is only a difference between the classes if the fakes
# are nearer the *fake* average. The cell below says, for these ten images, which average
# each is nearer by each measure (two similarities equal to the printed decimals still
# differ further on, so the cell decides, not the rounding; `y`: 1 = fake); the same count
# over the whole validation split follows further down.

# %%
PAPER_MEASURES = ("hist_cos", "lbp_cos", "edge_invdiff")


def nearer_average(table):
    """For each paper measure, the class average each image is nearer to."""
    return pd.DataFrame({m: np.where(table[f"{m}_real"] > table[f"{m}_fake"],
                                     "real", "fake")
                         for m in PAPER_MEASURES}, index=table.index)


nearer_average(five_table).assign(y=five_table["y"])

# %% [markdown]
# `nearer_own_average` turns these words into shares. `nearer_own` names each image's class
# (`own`) and compares every column with it row by row (`eq(own, axis=0)`: True where the
# nearer average is the image's own class's); `nearer_own_average` takes the mean of those
# True/False values within each class, the share of True:

# %%
CLASS_NAME = {0: "real", 1: "fake"}


def nearer_own(table):
    """True where an image is nearer its own class's average, per measure."""
    own = table["y"].map(CLASS_NAME)
    return nearer_average(table).eq(own, axis=0)


def nearer_own_average(table):
    """Per class, the share of images nearer to their own class's average."""
    own = table["y"].map(CLASS_NAME)
    return nearer_own(table).groupby(own).mean().reindex(["real", "fake"])


five_shares = nearer_own_average(five_table)
five_shares

# %%
report.say(readings.ch01.five_shares_reading(five_shares, PAPER_MEASURES))

# %% [markdown]
# The paper drew its conclusions from such a table; we now measure every image of the
# validation split.
#
# ## The whole validation split
#
# `describe_images` gives each validation image the same row of numbers as in the first
# table: the paper's six similarities and the five numbers of the image alone.
# `effect_sizes` then asks two questions of each descriptor.
#
# First, how far apart are the class means, scaled by the spread of the values within each
# class? That is Cohen's *d*, the fake mean minus the real mean, divided by the *pooled*
# standard deviation. To pool, average the two classes' variances, each weighted by its
# number of images minus one, and take the square root. `d = 1` means the means lie one
# standard deviation apart.
#
# Second, how well does this descriptor **alone** rank fakes above reals? That is its
# [ROC-AUC](https://dfkit-course.github.io/deepfake-course/glossary.html#term-roc-auc), the
# chance that a random fake image scores higher than a random real one, a tie counting as
# half (on five images per class an AUC is a count over `5 × 5 = 25` pairs, so without ties
# it moves in steps of `1 / 25 = 0.04`; a tie adds half a step).
# At `0.5` the descriptor ranks fakes above reals no more often than a coin would (the classes
# may still differ in another way, such as spread, that a ranking does not show).
# **An AUC below `0.5` separates just as well as one equally far above it, pointing the
# other way** (fakes score lower): scoring by minus the value flips every (fake, real) pair,
# so the AUC becomes `1 - AUC`. The column `separation` reads an AUC whichever way it
# points: the larger of `auc` and `1 - auc`, from `0.5` (no separation) to `1` (perfect).
# An AUC of `0.25` and one of `0.75` both have separation `0.75`. The table is sorted by it.

# %% [markdown]
# **q1 (predict, then run).** The paper read only its six similarity measures; the
# table also holds the five numbers of an image alone. Set your prediction in the next cell,
# before you run the cell after it, which measures them: will
# the best of the paper's six similarities have about the same `separation` as the strongest
# descriptor of all? Do not look to the first
# table for the answer: ten images cannot rank descriptors, as this chapter goes on to show.
# Reason from the definitions above: for each option, what would have to be true of the
# images for it to happen? Set `q1_prediction` to a letter, as a string in quotes:
#
# - a. its separation falls clearly short of the strongest's (by more than `0.05`): a
#   similarity to an average mixes the cue with every other difference
# - b. its separation comes within `0.05` of the strongest's without being it: an
#   edge map compared with the class averages sees the same blur as a sharpness measure
# - c. it is the strongest descriptor of all: comparing an image with both class
#   averages uses what the training split knows about each class
#
# A wrong prediction is part of learning, not a mark against you: the check says what your run
# showed and why. `q1.hint()` gives a way to reason before you commit.

# %%
q1_prediction = ____
# q1.hint()

# %% [markdown]
# The next cell measures every descriptor on the validation split. Its last column needs a
# word first. An AUC from one validation split is itself uncertain. The column `auc_95`
# gives its `95%` *group-bootstrap interval*: `eda.auc_intervals` redraws the split's groups
# with replacement many times (`n_boot=1000`), takes the AUC of each redraw, and keeps the
# middle `95%` of them. It redraws whole groups, not images, because images of one person
# are alike and would make the interval too narrow. An interval that includes `0.5` means
# this split cannot tell the descriptor from one that does not separate at all. One caution:
# the split holds few groups (their count is printed further down), and a bootstrap over so
# few tends to give intervals somewhat too narrow, so read their ends as rough.

# %%
val_images, val_labels = load_arrays(data.val, size)
table = eda.describe_images(val_images, val_labels, averages)
effects = eda.effect_sizes(table)
# separation: the larger of auc and 1 - auc
effects["separation"] = eda.separation(effects["auc"])
# 95% intervals of the AUCs, resampling the validation split's groups
effects["auc_95"] = eda.auc_intervals(table, data.val["group"])
effects.round(3)

# %%
q1.check()

# %% [markdown]
# The five-sample count again, now over every validation image: the share of real and of fake
# images nearer their own class's average, by the paper's three measures (one row each). Their
# `mean` is how often the rule "call an image whatever average it is nearer" is right,
# averaged over the two classes; chance is `0.5`. A mean near `0.5` arises in two ways: both
# shares lie near `0.5`, or they split unevenly, such as `0.7` and `0.3`, when most images of
# *both* classes are nearer the same average. Either way the rule then does no better than a
# coin, whatever five images showed. How near counts as "near" is what `mean_95` says: the
# mean's `95%` group-bootstrap interval, made as `auc_95` is, by redrawing the split's groups
# (`eda.mean_share_intervals`). An interval that includes `0.5` means this split cannot tell
# the rule from a coin.
#
# The rule compares an image's two similarities with each other. An AUC in the effect-size
# table above compares one similarity alone across images. The two can disagree.
#
# The cell after the table says what it shows, with this run's numbers. Like every
# `readings.ch01` cell, it computes them in plain Python you can read:
# `readings.ch01.nearer_own_reading??` shows how.

# %%
nearer = nearer_own_average(table)
# the mean share's 95% interval, resampling the validation split's groups
mean_95 = eda.mean_share_intervals(nearer_own(table), table["y"],
                                   data.val["group"])
shares = nearer.T.rename_axis(index="measure", columns=None)
shares.assign(mean=nearer.mean(), mean_95=mean_95).round(3)

# %%
report.say(readings.ch01.nearer_own_reading(nearer, PAPER_MEASURES, effects,
                                            mean_95))

# %% [markdown]
# ### Which way a descriptor points
#
# Reading the direction needs care. Cohen's *d* compares the class **means**, the AUC the
# **ranks** (how often a fake beats a real image). For a descriptor that separates the
# classes the two usually agree in sign; a few extreme values can pull a mean the other way
# while the ranks stay put, and for one that barely separates, chance can tip them opposite
# ways. The `direction` column below (same order as the table above) reads "no clear
# difference" when the signs disagree, and when the effect is too small to read a direction
# into: `|d|` under `0.2`, below what Cohen called a small effect (Cohen, *Statistical
# Power Analysis*, 1988), or a separation within `0.05` of chance. It also reads "no clear
# difference" when the `auc_95` interval includes `0.5`, however large the effect looks,
# and adds "(borderline)" when an end lies within `0.01` of `0.5`: those ends are rough.

# %%
small_or_more = effects["cohens_d"].abs() >= 0.2  # Cohen's small effect
beyond_chance = (effects["auc"] - 0.5).abs() >= 0.05
clear = small_or_more & beyond_chance
# contains: True where an interval includes 0.5, its ends included
clear &= ~effects["auc_95"].array.contains(0.5)
higher = clear & (effects["auc"] > 0.5) & (effects["cohens_d"] > 0)
lower = clear & (effects["auc"] < 0.5) & (effects["cohens_d"] < 0)
effects["direction"] = np.select([higher, lower],
                                 ["fakes higher", "fakes lower"],
                                 default="no clear difference")
# an interval that only just excludes 0.5: its ends are rough (few groups)
ends = effects["auc_95"].array
edge = np.minimum(abs(ends.left - 0.5), abs(ends.right - 0.5))
borderline = clear & (edge <= readings.ch01.JUST)  # JUST is 0.01
effects.loc[borderline, "direction"] += " (borderline)"
effects[["auc", "auc_95", "cohens_d", "direction"]].round(3)

# %%
report.say(readings.ch01.direction_reading(effects))

# %%
paper_measures = [c for c in effects.index if c.startswith(PAPER_MEASURES)]
best, paper_best = effects.index[0], paper_measures[0]
columns = ["auc", "auc_95", "separation", "direction"]
leaders = effects.loc[[best, paper_best], columns]
ranks = [list(effects.index).index(n) + 1 for n in leaders.index]
leaders.insert(0, "rank", ranks)
leaders.insert(0, "descriptor", leaders.index)
leaders.index = ["strongest of all", "best of the paper's six"]
print(f"{len(effects)} descriptors ranked on {len(table)} validation images "
      f"of {data.val['group'].nunique()} groups (pairs of identities)")
leaders.round(3)

# %% [markdown]
# The first row is this run's strongest single descriptor, the second the best of the paper's
# six similarity measures, with its rank among all the descriptors. Judge each by its
# separation and by whether its `auc_95` interval reaches `0.5`, not by whether its AUC lies
# above `0.5`. On the embedded
# faces the strongest descriptor measures blur, as the generator's design implies (chapter
# 00: it renders every fake small and enlarges it): the measurement confirms what was built
# in; it discovers nothing about real deepfakes. Enlarging blurs because the new pixels are
# interpolated from a few old ones: no detail finer than the small render's pixels exists,
# and each brightness change spreads over several pixels, so the Laplacian responds weakly.
#
# Take the ranks with care: they rest on only as many validation images and groups as printed
# above, and images of one person are alike, so descriptors with close AUCs may swap places
# on another seed or dataset. The distributions show how much the classes overlap for the
# four strongest descriptors. Their y axis is a *density*, not a count: each class's
# histogram is scaled to area 1, so the two classes compare at equal size. A histogram spread
# evenly over a range of width w would stand `1 / w` high (about `30` for a range of `0.03`);
# peaks stand higher, so narrow ranges give tall bars.

# %%
plots.feature_distributions(table, list(effects.index[:4]));

# %%
report.say(readings.ch01.edge_invdiff_reading(table, effects,
                                               averages.edge_map))

# %%
report.say(readings.ch01.zero_edges_reading(table, five_table))

# %% [markdown]
# **q2 (explain).** On one validation split, descriptor A has AUC `0.30` with `auc_95`
# `[0.18, 0.42]`, descriptor B has AUC `0.58` with `auc_95` `[0.47, 0.69]`. Which of them
# has this split shown to separate the classes, and in which direction? Set `q2_answer` to
# the letter of your choice, as a string in quotes.
#
# - a. both, with fakes lower on A and higher on B: A's interval lies wholly below `0.5`,
#   and B's AUC lies above it
# - b. A only, with fakes higher: turned round, A has AUC `0.70` and interval
#   `[0.58, 0.82]`, wholly above `0.5`
# - c. A only, with fakes lower: its interval leaves `0.5` out, B's reaches it
# - d. B only, with fakes higher: an AUC below `0.5` shows no signal, and B's AUC lies
#   above `0.5`
# - e. neither: B's interval reaches `0.5`, and A's AUC lies below `0.5`, where a
#   descriptor shows no signal

# %%
q2_answer = ____
q2.check()
# q2.hint()

# %% [markdown]
# ## Five samples, again
#
# How much can five images per class tell? `table` already holds a row for every validation
# image, so a draw of five images per class is five rows per class of it:
# `eda.sample_aucs(table, 5, seed)` draws them as the first table's images were drawn (the
# profile's seed gives those same ten) and returns every descriptor's AUC on them. The cell
# follows two descriptors over a few seeds: the strongest on the whole validation split,
# and the weakest (the one nearest AUC `0.5`, as good as useless there).

# %%
# best: the strongest descriptor, from the cell of the leaders above;
# weakest: the descriptor nearest AUC 0.5 on the whole split
weakest = effects.index[-1]
seeds = [data.profile.seed, 0, 1, 2, 3]


def draw_aucs(per_class):
    """The AUCs of `best` and `weakest` on `per_class` images per class.

    One row per seed.
    """
    rows = {seed: eda.sample_aucs(table, per_class, seed)[[best, weakest]]
            for seed in seeds}
    return pd.DataFrame(rows).T.rename_axis("seed")


five_draws = draw_aucs(5)
print(f"whole validation split: {best} {effects.loc[best, 'auc']:.3f}, "
      f"{weakest} {effects.loc[weakest, 'auc']:.3f}")
five_draws.round(3)

# %%
report.say(readings.ch01.five_sample_reading(
    five_draws[best].to_dict(), five_draws[weakest].to_dict(), best, weakest,
    effects.loc[weakest, "auc"], per_class=5,
    best_whole_auc=effects.loc[best, "auc"], first_seed=data.profile.seed))

# %% [markdown]
# **q3 (modify the experiment).** Would more images have helped the paper? First predict:
# over independent samples, an AUC's spread shrinks roughly as one over the square root of
# the number of images. From the five-image table above, what spread of the strongest
# descriptor's AUC do you expect with 20 images per class? Store it in
# `predicted_spread_20` before you run the draws (it is recorded, not graded).

# %%
predicted_spread_20 = ____

# %% [markdown]
# Now, in the cell below, draw 20 images per class instead of five, with the same seeds,
# and run it. Then, from what *your* run printed, store the spread of the strongest
# descriptor's AUC over the draws (largest minus smallest, 2 decimals) in `spread_20`. The
# check draws the same rows itself and compares; it then sets your prediction beside the
# run, and says how the strongest descriptor's lead over the weakest changed.

# %%
q3_draws = draw_aucs(5)  # q3: change the number of images per class
q3_draws.round(3)

# %%
spread_20 = ____
q3.check()
# q3.hint()

# %% [markdown]
# The paper's §II-B reports its five-sample comparison and no measurement over the whole
# dataset, so its text cannot tell a real difference from the luck of its draw.

# %% [markdown]
# ## Class averages
#
# The average colour histograms (the paper's Figs 1–2) and, after them, the average
# edge-density maps of each class, both over the training images. Their difference shows
# *where* the classes differ on average; averages, though, can differ while single images
# overlap heavily, as the effect-size table of the whole validation split showed. In the
# histograms, look at the spikes at intensities `0` and `255`.

# %%
plots.class_histograms(averages);

# %% [markdown]
# Now the edge maps. The generator makes two families of fakes (chapter 00), face swaps
# and GAN-style fakes, and both render the fake face small and enlarge it. The cell below
# computes each training image's edge-density map and each family's average. The one
# after makes 100 label-shuffled comparisons per family: the yardstick of the family
# figure further down, explained there. They come first because both difference figures
# share one colour scale, so equal colours mean equal gaps.

# %%
train_maps = features.edge_density_map(
    features.canny_edges(features.to_gray(train_images)))
# each image's family of fakes ("none" for reals; all "fake" if unrecorded)
unrecorded = pd.Series("fake", index=data.train.index)
family = data.train.get("family", unrecorded).to_numpy()
is_fake = train_labels == 1
family_maps = {f: train_maps[is_fake & (family == f)].mean(0)
               for f in sorted(set(family[is_fake]))}

# %%
# the yardstick: a family against the reals, labels shuffled in each group
groups = data.train["group"].to_numpy()


def relabelled_gap(f, seed):
    """Family f's fakes minus the reals, labels shuffled within groups."""
    rng = np.random.default_rng(seed)
    pool = (is_fake & (family == f)) | ~is_fake
    fake, pool_groups = is_fake[pool], groups[pool]
    for g in np.unique(pool_groups):
        fake[pool_groups == g] = rng.permutation(fake[pool_groups == g])
    maps = train_maps[pool]
    return maps[fake].mean(0) - maps[~fake].mean(0)


noise = {f: [relabelled_gap(f, seed) for seed in range(100)]
         for f in family_maps}

# %% [markdown]
# In the figure below, the brightest spots of the panel *average real edge density* appear
# to be the eyes; below them the nose seems to make a spot of its own, and the mouth, lower
# still, a fainter ring (the 9×9 window blurs every feature into a blob, so the figure
# cannot say more). In the panel *fake minus real*, blue is where fakes have fewer edges
# than reals, red where they have more.

# %%
# one colour scale for both difference figures: equal colours, equal gaps
first = next(iter(family_maps))
real_map = averages.edge_map[0]
shown = [averages.edge_map[1] - real_map, noise[first][0]]
shown += [m - real_map for m in family_maps.values()]
scale = max(float(np.abs(gap).max()) for gap in shown)
plots.class_maps(averages.edge_map, "edge density", cmap="viridis",
                 units="edge density", limit=scale);

# %% [markdown]
# One explanation for red in the panel *fake minus real* would be a face swap's seam. A
# face swap pastes another person's inner face onto the target, which leaves a seam all
# round the inner face, where the two meet; a GAN-style fake renders the whole frame small
# and enlarges it, so it has no seam. The figure below looks for one: each family's
# average edge map minus the reals', with a dashed line round the inner face a swap
# replaces (drawn for a face of average size and pose; each image's face sits a few pixels
# off). Red that a seam made would show in the face swaps only, along that line.
#
# Before reading any red, the figure's last panel (a family's name, then *labels
# shuffled*) gives the yardstick this chapter asks of every difference: the same comparison
# with the labels shuffled. Within each group, one family's fakes and the reals swap labels
# at random (each group keeps its number of each), and the shuffled "fakes" minus the
# shuffled "reals" is taken as before. Only chance tells them apart, so red no stronger
# than theirs can be chance too. The panel shows the first family's first relabelling.

# %%
# the inner face a swap replaces, where the generator draws it
face = (synthetic.inner_face_region(size) if data.source == "synthetic"
        else None)
plots.difference_maps(family_maps, real_map,
                      units="difference in edge density",
                      noise={f"{first}, labels shuffled": noise[first][0]},
                      outline=face, limit=scale);

# %% [markdown]
# The figure alone cannot decide; the table below tests it. It judges each family's map by
# its largest excess of fakes over reals at any pixel and by its mean gap within 2 pixels
# of the dashed line, and counts the relabellings that reach as much; `p` is
# `(k + 1) / (n + 1)` for `k` of `n`. The reading calls a `p` up to `0.05` rare, and firm
# only if `p` times the number of tests (families × statistics) is still at most `0.05`:
# each test gives chance another try. The relabellings are the 100 per family made above,
# so a count moves by a few from one draw of them to the next, and the families' counts
# cannot be ranked against each other.

# %%
# the seam's test: each family's reddest pixel and mean gap along the
# outline, against the same number in each of its relabellings
def near_outline(mask, width=2):
    """The pixels within `width` of the mask's outline, inside or out."""
    moved = [np.roll(mask, (r, c), axis=(0, 1))
             for r in range(-width, width + 1)
             for c in range(-width, width + 1)]
    return np.any(moved, axis=0) & ~np.all(moved, axis=0)


def against_shuffles(stat):
    """Per family: the statistic, relabellings reaching it, (k+1)/(n+1)."""
    rows = {}
    for f, m in family_maps.items():
        seen, n = stat(m - real_map), len(noise[f])
        k = sum(stat(gap) >= seen for gap in noise[f])
        rows[f] = {"gap": seen, "reached": f"{k} of {n}",
                   "p": (k + 1) / (n + 1)}
    return pd.DataFrame.from_dict(rows, orient="index")


band = near_outline(face) if face is not None else None
tests = {"reddest pixel": np.max}
if band is not None:
    tests["mean along the outline"] = lambda gap: gap[band].mean()
pd.concat({name: against_shuffles(stat) for name, stat in tests.items()},
          axis=1).round(4)

# %%
# the reading's numbers, as it states them (counts and p: the table above)
readings.ch01.class_average_numbers(
    averages.colour_hist, averages.edge_map, family_maps=family_maps,
    face=face)

# %%
report.say(readings.ch01.class_averages_reading(
    averages.colour_hist, averages.edge_map, family_maps=family_maps,
    noise=noise, face=face, band=band))

# %% [markdown]
# ## Summary
#
# * The paper's EDA compares five images per class with class averages; that is an
#   illustration, not evidence: an AUC from five images per class swings from seed to seed
#   (the draws above show how far; q3, how much more images narrow it).
# * Over the whole validation split, effect sizes and single-descriptor ROC-AUCs show which
#   descriptors differ beyond chance: group-bootstrap intervals say which AUCs this split
#   cannot tell from chance. Whether even the leader's lead holds, and the order after
#   it, needs an interval of the difference (Further research 1). On the embedded faces
#   a blur measure tops the table because the generator renders every fake small and
#   enlarges it, which blurs it: the table confirms the design, it is not a discovery. On
#   real faces the ranking has to be measured (Further research 2).
# * Cohen's *d* (means) and the AUC (ranks) usually agree in sign for a descriptor that
#   separates (outliers or a long tail can pull a mean the other way); where they disagree,
#   as they can for one that barely separates, read "no clear difference".
# * An AUC below `0.5` is a signal pointing the other way, not the absence of one: distance from
#   `0.5` measures separation.
# * Class averages come from the training split and every image compared with them from the
#   validation split, so no image is compared with an average that contains it; the test
#   split stays untouched.
#
# ## Exercises
#
# Fill in each `____` and run the cell: it ends with `qN.check()` (q1–q3 came up in the text
# above; q1's check has a cell of its own, after the experiment it predicts). Stuck?
# `qN.hint()` gives the idea, `qN.hint()` again the tool (each exercise's cell has the call,
# commented out, on its last line). Worked solutions are in the instructor edition.

# %% [markdown]
# **q4 (implement).** Write `my_cosine(a, b)`, the cosine similarity of two 1-D vectors: the
# measure the paper uses for histograms. It is their dot product divided by the product of
# their lengths (norms), `a·b / (|a| |b|)`, the cosine of the angle between them. In general
# it runs from `-1` (opposite directions) through `0` (at right angles) to `1` (the same
# direction); for histograms, which have no negative entries, it stays between `0` and `1`.
# The checker tries vectors you do not see, some with negative entries.
# The check refuses any use of a library that offers a cosine or a scaling to length 1
# (dfkit, scikit-learn, SciPy, PyTorch, Keras, TensorFlow), OpenCV's `normalize`,
# `matchTemplate` and `compareHist`, and correlations (NumPy's `corrcoef`, pandas' `corr`,
# `statistics.correlation`: a correlation is a cosine after centring), however they are
# reached, and a copy of their code: write the formula (with NumPy's or OpenCV's lengths).

# %%
def my_cosine(a, b):
    return ____


q4.check()
# q4.hint()

# %% [markdown]
# **q5 (compute).** `sample_edges` is the Canny edge map of one training image, the first
# (`train_labels[0]` gives its class; `True` on edge pixels). Where do its edges lie? Store the edge density of its central square, the
# share of edge pixels among the rows and columns from `size // 4` up to, not including,
# `3 * size // 4` (a fraction, at least 4 decimals), in `centre_density`; the check then
# compares it with the whole crop's.

# %%
sample_edges = features.canny_edges(features.to_gray(train_images[:1]))[0]
centre_density = ____
q5.check()
# q5.hint()

# %% [markdown]
# ## Questionnaire
#
# 1. Which three descriptors does the paper's §II-B compute, and how does it compare each with
#    the class averages?
# 2. Why are the class averages computed on the training split only?
# 3. What does Cohen's *d* measure, and what does its sign say here?
# 4. What is the ROC-AUC of a single descriptor, in words?
# 5. A descriptor has AUC below one half. What does that tell you, and how would a classifier
#    use it?
# 6. How much can five images per class tell? What did twenty per class change in q3?
# 7. Why might two descriptors with close AUCs swap ranks on another seed?
# 8. Why can class averages differ while single images of the two classes overlap heavily?
# 9. Why would up-sampled fakes be less sharp than real faces?
# 10. What is edge density, and why is it related to blur?
#
# ## Further research
#
# 1. The `auc_95` intervals are of each AUC alone. Compute a
#    group-bootstrap interval of the *difference* between the AUCs of the two strongest
#    descriptors (`dfkit.evaluation.metrics.paired_auc_difference`, with the split's groups).
#    It compares AUCs, so first negate any descriptor whose AUC lies below `0.5` (its AUC
#    becomes `1 - AUC`), or the difference mixes direction with strength. Does their ranking
#    survive it?
# 2. Point `DFKIT_DATA` at a real dataset (see
#    [real_data.md](https://github.com/dfkit-course/deepfake-course/blob/main/real_data.md))
#    and rerun the chapter. Which descriptors lead there, and do the paper's similarity measures do better
#    or worse than on the synthetic faces?
