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
# # 03 · The CNN backbone: the paper's Model 1
#
# **Learning objectives.** After this chapter you can
# - explain what each layer of a small convolutional network does: convolution, pooling, dropout,
#   [global average pooling](https://dfkit-course.github.io/deepfake-course/glossary.html#term-global-average-pooling);
# - read the code of the paper's Model 1 (`dfkit.models.build_cnn`, shown below) and its
#   architecture table (our version of the paper's Fig 5, with the deviations marked), and
#   count a convolution's parameters (exercise q1);
# - train it on the 6-channel stack streamed from disk, read its training curves and evaluate it
#   once on test.
#
# **Time it takes.** The cells run in under a minute on a 2-core laptop CPU, no GPU needed
# (36 s when the chapter was opened on its own, as in a fresh Colab runtime, where it makes
# its data and trains its model; default `laptop` profile, 2026-12-07,
# [benchmarks/README.md](https://github.com/dfkit-course/deepfake-course/blob/main/benchmarks/README.md)).
# Most of it is training, and the training cell prints the seconds its epochs took in the
# run you see. Colab's CPU or a busy machine can take several times longer, and a fresh
# Colab runtime installs `dfkit` first.

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
from dfkit import course, training
from dfkit.course import plots, readings, report

data = course.prepare()
profile = data.profile

# %% [markdown]
# ## The inputs
#
# The paper's text feeds the network the 6-channel stack of chapter 02 (RGB, LBP, edge density,
# histogram heatmap); its architecture figures show 3-channel inputs. We follow the text here and
# test whether the extra channels help in chapter 08. The images are split as in chapter 01
# ("group split" above: training/validation/test counts, each group of identities on one side
# only). `training.split_batches` gives one stream per split; each reads its images from disk
# and computes the stack batch by batch, so memory does not grow with the dataset. A *batch* is
# a small group of images that the network processes together; one pass over all the training
# batches is an *epoch*.

# %%
train, val, test = training.split_batches(data.splits, profile, inputs="stack")
x, y = train[0]
n_train = len(data.splits.train)
print(f"one batch: inputs {x.shape} {x.dtype}, labels {y.shape}")
print(f"{len(train)} batches per epoch: {n_train} training images, "
      f"{profile.batch_size} a batch (the last takes what is left)")

# %% [markdown]
# ## The code of Model 1
#
# The model is written with Keras's functional API: each layer is called on the tensor the layer
# before it produced, and `keras.Model(inputs, outputs)` ties the graph together. Cells that start
# with `# @save dfkit.models.paper` are the very code of `dfkit/models/paper.py` (a test checks
# that the code is identical; only the docstrings may be worded differently), so what you read
# here is what every chapter trains.
#
# First the unit Model 1 stacks, the **conv block**, four steps:
#
# 1. A 3×3 **convolution** slides small learned filters over the image; each filter answers to
#    one local pattern, such as an edge or a texture, and gives one output channel (a *feature
#    map*: that filter's response at every position).
# 2. **ReLU** keeps the positive responses and sets the negative ones to zero.
# 3. 2×2 **max-pooling** keeps the largest value of each 2×2 window, which halves height and
#    width.
# 4. **Dropout** sets a random share (the *rate*) of the outputs to zero while training,
#    never when predicting, so the network cannot rely on any single one. It scales the kept
#    outputs by 1/(1 − rate), so that their sum is on average what it will be when predicting
#    with every output kept.

# %%
import keras
from keras import layers

from dfkit import models
from dfkit.models import Defaults, cnn_search_space, compile_model
from dfkit.models import fake_probability, seed_weights

# %% [markdown]
# What one convolution computes, on an input small enough to check by hand: at each position the
# 3×3 filter is laid over the 3×3 patch of pixels beneath it, the nine pairs are multiplied, and
# the products summed (a layer usually adds a learned bias; this one has none,
# `use_bias=False`). Sliding the filter over the five-by-six input wherever it fits gives a
# three-by-four output. Below, NumPy does exactly that to an image whose left part is bright
# and right part dark, with a filter that computes a weighted left column minus the right column
# (weights 1, 2, 1 down each column, the middle row counting twice; the middle column counts
# nothing): it gives zero where its patch is flat, bright or dark, and a large value wherever
# the patch's left column is bright and its right column dark, on either side of the edge. Keras's
# `Conv2D`, given the same filter as its weights, gives the same numbers. (A textbook "convolution" turns the filter
# upside down and left to right before sliding it; deep-learning libraries slide it as it is,
# strictly a cross-correlation, and call it a convolution all the same.) With
# `padding="same"`, as in Model 1, the input is first surrounded by zeros so that the output
# keeps the input's height and width.
#
# An image has several channels (3 for RGB, 6 for our stack). Then each filter is a 3×3 grid
# *per input channel*: at each position it multiplies every channel's 3×3 patch by that
# channel's grid and sums all the products, plus one bias, into a single number. A layer with 32
# filters gives 32 such numbers per position: 32 output channels, the next layer's input.

# %%
import numpy as np

# one 5×6 grey image: three bright columns (9) on the left, three dark (0)
tiny = np.array([[9, 9, 9, 0, 0, 0]] * 5, "float32")
# a filter for vertical edges: bright on the left, dark on the right
kernel = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], "float32")
by_hand = np.array([[np.sum(tiny[i:i + 3, j:j + 3] * kernel)
                     for j in range(4)] for i in range(3)])
conv = layers.Conv2D(1, 3, use_bias=False)  # no padding: 'valid'
conv.build((None, 5, 6, 1))
# weights shaped (height, width, in channels, filters)
conv.set_weights([kernel.reshape(3, 3, 1, 1)])
feature_map = conv(tiny.reshape(1, 5, 6, 1))  # a batch of one image
by_keras = keras.ops.convert_to_numpy(feature_map)[0, :, :, 0]
print("input:\n", tiny.astype(int),
      "\nby hand (0: a flat patch; large: bright left column, dark right):\n",
      by_hand.astype(int))
print("Keras's Conv2D gives the same:", np.allclose(by_hand, by_keras))


# %%
# @save dfkit.models.paper
def conv_block(x, filters: int, kernel_size: int, dropout: float, name: str):
    """Conv → ReLU → max-pool → dropout: the unit Model 1 stacks."""
    x = layers.Conv2D(filters, kernel_size, padding="same", activation="relu",
                      name=f"{name}_conv")(x)
    x = layers.MaxPooling2D(name=f"{name}_pool")(x)
    if dropout:
        x = layers.Dropout(dropout, name=f"{name}_drop")(x)
    return x


# %% [markdown]
# Pooling makes later filters see more of the face, and fast. The positions of the input that
# one output depends on are its *receptive field*. An output of block 1's convolution sees 3×3
# positions of the stack (in raw pixels more: each LBP value already sums up a pixel's 3×3
# neighbourhood, each edge density a box around it, and the histogram heatmap counts colours
# over the whole image). Block 1's pooling takes the largest of 2×2 neighbouring convolution
# outputs, whose fields are shifted by one position: 3 + 1 = 4 positions a side, and
# neighbouring pooled outputs are now two positions apart. Block 2's 3×3 filter reads three
# pooled outputs a side, each starting two positions after the last: 4 + 2 + 2 = 8 positions
# a side, where two 3×3 filters stacked without pooling reach 3 + 1 + 1 = 5. Each later
# pooling doubles the spacing again; how far block 3 sees is Further research 2.
#
# The builder reads its hyperparameters from `cnn_search_space(hp)`. In chapter 05, Keras Tuner
# passes an `hp` object that draws them at random; here there is no tuner, and `Defaults()` stands
# in for it: each `hp.Int`, `hp.Float` or `hp.Choice` call in the search space, such as
# `hp.Choice("kernel_size", [3, 5], default=3)`, gets its default back:

# %%
cnn_search_space(Defaults())


# %% [markdown]
# Then the builder: the conv blocks, **global average pooling** (the mean of each of the last
# block's feature maps: one number per filter, whatever the image size), a small dense layer
# (each of its outputs, or *units*, a weighted sum of all those numbers plus a bias, then
# ReLU), dropout,
# and one **sigmoid** unit that gives the probability that the face is
# fake (`fake_probability(x)` adds it on the tensor `x` and returns its output; the
# sigmoid, 1 / (1 + e^(−z)), squashes any number z into the range 0 to 1: large positive z
# gives nearly 1, large negative nearly 0, and z = 0 gives `0.5`). `seed_weights(seed)` seeds
# Python, NumPy and Keras before any layer exists, so the same seed builds the same initial
# weights and the same dropout masks; the training batches shuffle from the profile's seed too,
# so a rerun on the same machine trains identically on a CPU. On a GPU runtime (Colab's, for
# one) some operations add their numbers in a varying order, so reruns differ slightly.

# %%
# @save dfkit.models.paper
def build_cnn(hp=None, input_shape: tuple[int, int, int] = (128, 128, 3),
              seed: int | None = None) -> keras.Model:
    """Model 1: the paper's custom CNN, shaped by ``hp`` (or its defaults)."""
    seed_weights(seed)  # same seed, same initial weights
    space = cnn_search_space(hp or Defaults())
    inputs = keras.Input(input_shape, name="image")
    x = inputs
    for i, filters in enumerate(space["filters"]):
        x = conv_block(x, filters, space["kernel_size"], space["dropout"],
                       name=f"block{i + 1}")
    # Deviation from the paper, whose Model 1 presumably flattens here: we use
    # global average pooling (why: chapter 03's box "A declared deviation").
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    x = layers.Dense(space["dense_units"], activation="relu", name="dense")(x)
    x = layers.Dropout(space["dropout"], name="head_drop")(x)
    outputs = fake_probability(x)
    model = keras.Model(inputs, outputs, name="model_1_cnn")
    return compile_model(model, space["learning_rate"])


# %% [markdown]
# > **A declared deviation from the paper.**
# > The paper credits global average pooling to its second, ResNet-style model (Model 2,
# > chapter 04: "Global average pooling replaced flattening to reduce overfitting"), which
# > suggests that its Model 1 *flattens* the last feature maps into one long vector. Our Model 1
# > pools instead. Why: a flattened head's dense layer has one weight per position of the last
# > feature map, per filter and per dense unit, so at the paper's 128×128 it alone would hold
# > more weights than the rest of the network (exercise q3 builds that head at this profile's
# > image size and compares the two models' parameter counts). So many weights, learnt from
# > the 8,000 images the paper reports, can fit the training faces' particulars rather than what
# > tells fakes apart: over-fitting, the very thing the paper says pooling reduces. And
# > chapter 08 tests the paper's claim about the *inputs*, not about the heads. So our Model 1
# > is not quite the paper's: one more reason, besides the data and image size (see the
# > evaluation below), not to set its scores against the paper's Table I.
#
# `compile_model` attaches Adam (with the search space's learning rate), binary cross-entropy
# and the course's metrics, logged every epoch for training and validation: accuracy,
# [recall](https://dfkit-course.github.io/deepfake-course/glossary.html#term-recall) (the
# share of fakes the model calls fake), precision and
# [ROC-AUC](https://dfkit-course.github.io/deepfake-course/glossary.html#term-roc-auc) (the
# chance that a random fake gets a higher probability than a random real face: `0.5` is a
# coin toss, `1` a perfect ranking; logged as `auc`, and `val_auc` on validation). Now build
# the model for the stack, with the profile's seed, and read the architecture as a table:
# our version of the paper's Fig 5, with its deviations marked in the last column. Its input
# is the 6-channel stack at this profile's image size (the figure's: 3 channels at
# 128×128), and `gap`, global average pooling, stands where the paper's Model 1 presumably
# flattens.

# %%
stack_shape = training.input_shape(profile, "stack")
model = build_cnn(input_shape=stack_shape, seed=profile.seed)
table = models.layer_table(model)
# row 0 is the input itself
n_layers = int((table["type"] != "InputLayer").sum())
n_params = table["parameters"].sum()
report.say(f"{n_layers} layers after the input, {n_params:,} parameters.")
paper = {"image": "3 channels in Fig 5 (text: 6), 128×128",
         "gap": "Flatten, presumably"}
shown = table.assign(parameters=table["parameters"].map("{:,}".format))
# a column name with spaces, so set with [...] rather than assign(name=...)
shown["in the paper"] = table["layer"].map(paper).fillna("")
shown

# %% [markdown]
# ## Training
#
# The network starts from random weights. Training adjusts them, a little at a time, so that
# its outputs match the labels better. Five ideas make up the whole procedure:
#
# * **The loss** says how wrong the model is. For each face the model outputs `p`, its
#   probability that the face is fake. *Binary cross-entropy* charges `-log(p)` for a fake
#   and `-log(1 - p)` for a real face: almost nothing for a confident right answer, a lot for
#   a confident wrong one. The training loss is its average over the images. A model that
#   says `0.5` for every face scores `-log(0.5)` ≈ `0.693` on each. Early in training a loss
#   near that value usually means its probabilities are still close to `0.5` (a mix of
#   confident right and confident wrong answers can average the same). Such a model may
#   already rank most fakes above real faces (a ROC-AUC above `0.5`), only without
#   confidence yet.
# * **A gradient step.** The *gradient* of the loss tells, for every weight, whether nudging
#   that weight up makes the loss rise or fall, and how steeply. A gradient step moves every
#   weight a little in the direction that lowers the loss: downhill.
# * **The learning rate** is the size of that step. Too small and learning crawls; too large
#   and the loss jumps about or blows up. Model 1's default is the `learning_rate` of the
#   search space printed above.
# * **A batch.** Computing the gradient on every training image before each step would be
#   slow, so each step uses one batch (the batch shape printed above) and its gradient, a
#   noisy but cheap estimate of the whole set's.
# * **An epoch** is one pass over all the training batches: as many steps as there are
#   batches. After each epoch Keras also scores the model on the validation split, without
#   training on it: the log below shows each metric as training/validation.
#
# *Adam* is the rule the course uses to turn gradients into steps: it keeps a running average
# of each weight's recent gradients and of their size, so every weight gets a step scaled to
# its own history. In one sentence, then: Adam minimises binary cross-entropy, batch by batch,
# for at most `profile.epochs` epochs.
#
# Why "at most"? We stop with standard [early stopping](https://dfkit-course.github.io/deepfake-course/glossary.html#term-early-stopping). After every epoch it
# looks at the validation ROC-AUC (`val_auc`, the metric it *monitors*); if that has not beaten
# its best for 3 epochs in a row (the *patience*), training stops. Either way, at the end the
# weights of the best epoch are put back (Keras's `restore_best_weights`). Whether the rule fires depends on the run: the cell
# after training says what it did in yours. (Chapter 04 looks at the paper's own stop rule.)

# %%
import time

# a fresh model, same seed: re-running this cell starts training over
model = build_cnn(input_shape=stack_shape, seed=profile.seed)
patience = 3  # epochs without a new best before training stops
stopper = training.early_stopping("val_auc", patience=patience)
started = time.perf_counter()
log = training.EpochLog(("loss", "auc", "recall"))  # one short line an epoch
# history: a pandas DataFrame, one row an epoch, one column a metric
history = training.fit(model, train, val, epochs=profile.epochs,
                       callbacks=[stopper, log], verbose=0)
seconds = time.perf_counter() - started
print(f"training took {seconds:.0f} s for {len(history)} epochs")

# %%
best_epoch = stopper.best_epoch + 1  # Keras counts epochs from 0
stopped = stopper.stopped_epoch > 0
report.say(readings.ch03.early_stopping_reading(
    stopped, len(history), profile.epochs, best_epoch, patience))

# %%
plots.training_curves(history, ("auc", "loss", "recall"),  # the log's three
                      title="Model 1 on the 6-channel stack",
                      stopped_at=len(history) if stopped else None,
                      kept_at=best_epoch,  # the restored weights' epoch
                      chance={"auc": 0.5,  # a coin toss's ROC-AUC
                              "loss": np.log(2)},  # saying 0.5 to every face
                      chance_labels={"loss": "says 0.5 to every face"});

# %% [markdown]
# The first panel is the monitored metric, ROC-AUC: the validation curve is what early
# stopping watched. The loss panel is what Adam minimised on the training batches; its
# dash-dotted line is `0.693`, the loss of saying `0.5` to every face. A training curve that
# keeps improving while the validation curve stalls or worsens means over-fitting.
# The opposite, validation *better than* training, is common in the first epochs, and often
# lasts longer, for three reasons: (1) dropout sets outputs to zero only while training;
# (2) the training figures cover the whole epoch, whose predictions were made by weights
# still changing, mostly worse than the ones it ends with (Keras keeps loss and accuracy as
# running means over the batches, and pools all the epoch's predictions for recall and
# ROC-AUC), while validation scores the weights the epoch ends with; (3) the validation faces
# may simply be easier than the training ones. Because the training figures cover the whole
# epoch (reason 2), one epoch can even go backwards on training (loss up *and* ROC-AUC down)
# while validation ROC-AUC improves: a stretch of noisy steps within the epoch pulls its
# figures down, even though the weights it ends with are better. One such epoch is noise, not a
# trend. A validation recall that jumps between epochs means the model's decisions near the
# `0.5` threshold are unstable, even when its ROC-AUC, which does not depend on a threshold,
# moves smoothly. What this run's curves say (with validation recall and accuracy per epoch,
# which the readings quote):

# %%
n_val_real = int((val.labels == 0).sum())
n_val_fake = int((val.labels == 1).sum())
per_epoch = history[["val_recall", "val_accuracy"]].T  # one column an epoch
print(per_epoch.to_string(float_format="{:.3f}".format))
# The rules the sentences below apply, one a sentence:
# - Validation is ahead in each epoch whose val_auc beats its auc.
# - The run is under-trained when its best epoch is the last one; how
#   sure, from the epochs val_auc rose in over the whole run.
# - An epoch gave one answer for every face when its validation recall is
#   0 (or 1) and its accuracy is exactly the share of real (or fake) faces.
# - An epoch went backwards when its training loss rose and its training
#   auc fell while val_auc rose.
# - Validation recall jumped in the epoch it fell most while val_auc rose.
report.say(readings.words.sentence_list([
    readings.ch03.validation_ahead(history["auc"], history["val_auc"]),
    readings.ch03.budget_reading(history["val_auc"], stopped),
    readings.ch03.threshold_reading(history["val_auc"], history["val_recall"],
                                    history["val_accuracy"],
                                    n_val_fake, n_val_real),
    readings.ch03.backwards_epoch(history["loss"], history["auc"],
                                  history["val_auc"]),
    readings.ch03.recall_jump(history["val_recall"], history["val_auc"])]))

# %% [markdown]
# ## Evaluation, once, on test
#
# Why only once, and why not on validation: when early stopping keeps an epoch *because* its
# validation ROC-AUC was the run's highest, part of that high score is luck on the particular
# faces scored, so validation's figure for the kept epoch is optimistic. The test faces help
# choose nothing, so their score has no such bias, as long as nothing is chosen by
# it afterwards: a test split that picks epochs or settings becomes a second validation split.
# "Once" means that: the cells below compute several figures from test, and none of them
# chooses anything.
#
# How far luck lifts a picked score depends on three things: how many candidates were about
# equally good, how noisy each one's score is, and how far apart their true values are (a
# clearly better candidate wins on merit, not luck). The cell below measures the first, on
# made-up scores (no faces involved): it gives *n* candidates one common true score, adds to
# each its own noise of spread 1 (one standard deviation, the *noise unit*), and averages how
# far the highest lands above the truth. The spread of a measured score's noise is called its
# [standard error](https://dfkit-course.github.io/deepfake-course/glossary.html#term-standard-error):
# the test reading below measures gaps in it. The second factor scales that lift: a score's
# noise shrinks like one over the square root of the number of *independent* faces scored
# (four times as many, half the noise). Faces of one person tend to be right or wrong together, so
# here that number is closer to the number of identities: more faces of the same people help
# less. The cell after it lets the candidates share part of their noise, as epochs scored on
# the same faces do.

# %%
# n equally good candidates, each scored with noise of spread 1: how far
# above their common true value does the highest score land, on average?
rng = np.random.default_rng(profile.seed)
noise = rng.standard_normal((20_000, 20))  # 20,000 repeats of 20 scores
lift = {n: noise[:, :n].max(axis=1).mean() for n in (2, 5, 20)}
report.say(f"More candidates, more optimism, but slowly: the highest of 2 "
           f"lands {lift[2]:.2f} noise units above the truth, the highest "
           f"of 5 {lift[5]:.2f} and the highest of 20 {lift[20]:.2f}.")

# %%
# the same candidates, but three quarters of each one's noise variance is
# one draw they all share (a made-up share: faces hard for one epoch are
# hard for the next); the shared part lifts every candidate alike
shared = 0.75
shared_rng = np.random.default_rng(profile.seed + 1)  # rerun: same draws
common = shared_rng.standard_normal((20_000, 1))  # one shared draw a repeat
mixed = np.sqrt(shared) * common + np.sqrt(1 - shared) * noise
lift_mixed = {n: mixed[:, :n].max(axis=1).mean() for n in (2, 5, 20)}
low = {n: f"{lift_mixed[n]:.2f}" for n in (2, 5, 20)}
factor = np.sqrt(1 - shared)  # the unshared part's spread
report.say(f"Candidates that share part of their noise are lifted less: with "
           f"three quarters shared, the highest of 2, of 5 and of 20 land "
           f"{low[2]}, {low[5]} and {low[20]} units above the truth, about "
           f"{factor:.1f} times the figures above, since only the unshared "
           f"part can pick a winner. So for epochs scored on the same faces "
           f"those figures are an upper bound; every n shrinks by the same "
           f"factor, so comparisons between them hold.")

# %% [markdown]
# The paper reports accuracy, recall and
# [F1](https://dfkit-course.github.io/deepfake-course/glossary.html#term-f1), the harmonic mean
# of recall and [precision](https://dfkit-course.github.io/deepfake-course/glossary.html#term-precision)
# (the share of faces called fake that are fake): its Table I gives Model 1 90.2% accuracy,
# 94.2% recall and an F1 of 91.68%, which our table would write as fractions (0.902, 0.942,
# 0.917). We report those, with precision, and what they hide: [specificity](https://dfkit-course.github.io/deepfake-course/glossary.html#term-specificity) (the share of real faces kept),
# [balanced accuracy](https://dfkit-course.github.io/deepfake-course/glossary.html#term-balanced-accuracy) and the threshold-free [ROC-AUC](https://dfkit-course.github.io/deepfake-course/glossary.html#term-roc-auc).
# The cell after the table gives ROC-AUC on validation and test, with each split's faces and
# identities, and `95%` intervals from a
# [cluster bootstrap](https://dfkit-course.github.io/deepfake-course/glossary.html#term-cluster-bootstrap):
# it redraws whole identities rather than single faces, since one person's faces tend to be
# right or wrong together. The cells after that measure the gap between the two and read
# the tables.

# %%
import pandas as pd

from dfkit.evaluation import metrics

result = training.evaluate(model, test)
shown = ("accuracy", "recall", "precision", "specificity",
         "balanced_accuracy", "f1", "roc_auc")
test_scores = pd.Series({k: result[k] for k in shown}, name="Model 1, test")
# the table's row labels, as the prose writes them
names = {"balanced_accuracy": "balanced accuracy", "f1": "F1",
         "roc_auc": "ROC-AUC"}
test_scores.rename(names).to_frame().round(3)

# %%
# the kept model's ROC-AUC on validation and test, computed alike, with 95%
# intervals: how far it moves when the split's identities are redrawn
auc, faces, people = {}, {}, {}
for name, split, rows in (("validation", val, data.splits.val),
                          ("test", test, data.splits.test)):
    p_fake = training.predict(model, split)
    intervals = metrics.bootstrap(split.labels, p_fake, groups=rows["group"],
                                  seed=profile.seed)
    auc[name] = intervals.loc["roc_auc", ["value", "low", "high"]]
    faces[name] = len(rows)
    people[name] = rows["group"].nunique()  # the identities it redraws
# one row a split
pd.DataFrame(auc).T.round(3).assign(faces=pd.Series(faces),
                                    identities=pd.Series(people))

# %% [markdown]
# Is the gap between the two figures more than chance? Overlapping intervals do not say.
# Measure the gap in its own standard errors: a `95%` interval spans about `3.92` of them
# (`1.96` either side), and the two splits share no identities, so the gap's error is the
# root of the sum of the two squared errors. Under about 2, chance alone can explain it.

# %%
as_shown = {k: a.round(3) for k, a in auc.items()}  # as in the table
se = {k: (a["high"] - a["low"]) / 3.92 for k, a in as_shown.items()}
se_gap = np.hypot(se["validation"], se["test"])
gap = as_shown["validation"]["value"] - as_shown["test"]["value"]
print(f"gap {gap:+.3f}, its standard error {se_gap:.3f}: "
      f"{abs(gap) / se_gap:.1f} standard errors")

# %%
n_real = int((test.labels == 0).sum())
n_fake = int((test.labels == 1).sum())
# The rules the sentences below apply, one a line (for a function's own
# account, run it with ? after it: readings.ch03.validation_gap?):
# - A model that called every test face one class is chapter 00's
#   constant detector; any other is read as fakes found, real faces kept.
# - Chance can explain the gap when it is under about 2 of its standard
#   errors, computed as in the cell above.
# - Where validation has fewer identities yet the smaller error, the gap
#   is read again with validation's error scaled from test's.
# - When the last epoch was kept, its lead over the next best is counted
#   in that error: 2 or more, little optimism; 1 to 2, likely little;
#   under 1, luck may have picked it. An earlier epoch: partly luck.
said = [readings.ch03.test_scores_reading(result["recall"],
                                          result["specificity"],
                                          n_fake, n_real, profile.epochs)]
said += readings.ch03.validation_gap(
    history["val_auc"], val=auc["validation"], test=auc["test"],
    n_val=len(val.labels), n_test=len(test.labels),
    ids_val=people["validation"], ids_test=people["test"])
report.say(readings.words.sentence_list(said))

# %% [markdown]
# Balanced accuracy, in the table above, is the mean of recall and specificity. When the test split
# holds as many real faces as fakes (the sentence above counts them), accuracy and balanced
# accuracy are the same number; on a split with more of one class, accuracy leans towards that class and balanced
# accuracy does not. The scores come from a different dataset (synthetic faces) and image size
# than the paper's, so they neither confirm nor refute its Table I; chapter 08 compares our
# models with each other on the same data.
#
# ## Summary
#
# * Model 1 is a stack of conv → ReLU → max-pool → dropout blocks, global average pooling, a small
#   dense layer and a sigmoid output; `build_cnn` builds it for any number of input channels.
# * Its global average pooling is a declared deviation from the paper, whose Model 1 appears to
#   flatten.
# * Training lowers a loss (binary cross-entropy) by gradient steps, one per batch, whose scale
#   the learning rate sets (Adam sizes each weight's step by that weight's own history); an
#   epoch is one pass over the training batches.
# * Early stopping watches one validation metric (here `val_auc`, plotted in the first panel)
#   and keeps the best epoch's weights; whether it fires depends on the run.
# * The stack is computed per batch while training; the test split is used once, at the end,
#   so that its score stays an unbiased estimate for new faces.
# * Accuracy, recall and F1 alone are not enough: specificity and ROC-AUC complete the picture.
#
# ## Exercises
#
# Run the cell below first. Then fill in each `____` of an exercise and run its cells: the
# `qN.check()` already in them says whether your answer is right, and why not. Stuck?
# `qN.hint()` gives the idea; run it again for a closer look (each exercise has the call,
# commented out, on the last line of a cell). Worked solutions are in the instructor edition.

# %%
# Set-up for the exercises (not an exercise): the checkers, and the blank
# ____ your answers start as.
from dfkit.course.exercises.ch03 import ____, q1, q2, q3, q4

# %% [markdown]
# **q1 (implement).** Write `conv_params(kernel_size, in_channels, filters)`: the number of
# trainable parameters of a `Conv2D` layer with `filters` square filters of side `kernel_size`,
# on an input with `in_channels` channels (with a bias, as Keras's default). The checker tries it
# on Model 1's first layer and on layers you have not seen. Keras (or JAX) must not count
# for you: while your function runs, building a layer's weights or counting them is refused,
# and so is starting another program or handing the work to one (a worker pool made before).

# %%
def conv_params(kernel_size, in_channels, filters):
    return ____


q1.check()
# q1.hint()

# %% [markdown]
# **q2 (predict, then run).** Suppose Model 1 is built for RGB images (3 channels) instead of
# the 6-channel stack, everything else equal. What happens to the parameter counts of its layers?
#
# - `"a"`: every layer's count halves, since the input has half the channels
# - `"b"`: only the first convolution's count changes; every later layer keeps its count
# - `"c"`: nothing changes: a convolution shares its weights across the input channels
# - `"d"`: the first convolution and the dense layer change, the rest do not
#
# Set `q2_prediction` to your letter *before* you run the experiment cell below it.

# %%
q2_prediction = ____
# q2.hint()

# %%
rgb_shape = training.input_shape(profile, "rgb")
rgb_model = build_cnn(input_shape=rgb_shape, seed=profile.seed)
q2.check()
counts = pd.DataFrame({
    "stack": models.layer_table(model).set_index("layer")["parameters"],
    "rgb": models.layer_table(rgb_model).set_index("layer")["parameters"]})
counts = counts[counts["stack"] > 0]  # the layers with weights
counts.map("{:,}".format).assign(changed=counts["stack"] != counts["rgb"])

# %% [markdown]
# **q3 (modify the experiment).** Build the head the paper's Model 1 appears to use: the same
# conv blocks (the defaults of `cnn_search_space(Defaults())`, on the stack at this profile's
# size), then `layers.Flatten()` instead of global average pooling, then a `Dense` layer with
# the same `dense_units` (and ReLU), then the same dropout, then the output layer
# (`fake_probability(x)`, a function that returns the output tensor). Store the model in
# `flatten_model`; in `flatten_dense_params` the parameter count of its `Dense` layer after
# Flatten (exactly: work it out from the shape Flatten outputs, then compare with Keras's);
# and in `flatten_ratio` the ratio of the two models' parameter counts (`flatten_model`'s
# count divided by `model`'s), to 1 decimal.

# %%
flatten_model = ____
flatten_dense_params = ____
flatten_ratio = ____
q3.check()
# q3.hint()

# %% [markdown]
# **q4 (explain).** Suppose that, instead of early stopping on validation, you kept the
# epoch whose *test* ROC-AUC was highest, and reported that score. On fresh faces from the
# same source the kept weights would most likely score lower than reported. In which case
# would the reported score overstate them the most? The options trade the three things of the
# evaluation section against each other (its first simulation gives the lift in noise units;
# noise the epochs share, the same share in every option, shrinks each lift by the same
# factor). In every option each test face shows a different person, so the faces' noise is
# independent. Set `q4_answer` to a letter.
#
# - `"a"`: 20 epochs about equally good, each scored on 5,000 test faces
# - `"b"`: 5 epochs about equally good, each scored on 100 test faces
# - `"c"`: 20 epochs, one clearly better than the others, each scored on 100 test faces
# - `"d"`: 2 epochs about equally good, each scored on 100 test faces

# %%
q4_answer = ____
q4.check()
# q4.hint()

# %% [markdown]
# ## Questionnaire
#
# 1. What does a 3×3 convolution compute at one position of a 6-channel input?
# 2. Why does max-pooling let later filters "see" larger regions of the face?
# 3. What does dropout do while training, and what does it do at prediction time?
# 4. What does global average pooling output for a feature map of 8×8×128?
# 5. With a Flatten head (q3), which layer's parameter count depends on the image size? Why does
#    none of Model 1's, with global average pooling?
# 6. The paper's text and its architecture figures disagree about the number of input channels.
#    Which does this chapter follow, and where does the course test whether the extra channels
#    help?
# 7. What does `seed=profile.seed` make reproducible, and what would change without it?
# 8. With a budget of 10 epochs and a patience of 3, validation ROC-AUC peaks at epoch 2 and
#    never beats it again. After which epoch does training stop, and which epoch's weights
#    does `restore_best_weights` give back?
# 9. Why is a high recall alone not evidence of a good detector?
# 10. Why are our test numbers not comparable with the paper's Table I?
#
# ## Further research
#
# 1. Train the Flatten-head model of q3 on the same data: compile it first with
#    `compile_model(flatten_model, cnn_search_space(Defaults())["learning_rate"])`,
#    then, in a new cell, copy the training cell with new names
#    (`flatten_history = training.fit(flatten_model, ...)`), so that `model` and `history`
#    stay Model 1's. Does it over-fit sooner? Compare its curves with Model 1's.
# 2. Read about "receptive fields". How large is the region of the input that one position
#    of block 3's pooled output (what global average pooling reads) sees? Does it cover the
#    whole face (`profile.image_size` pixels a side)? Global average pooling then combines
#    every position, so a field smaller than the face does not stop the model from using all
#    of it: what does it lose instead?
# 3. Replace max-pooling by a stride-2 convolution in a copy of `conv_block` under a new
#    name, and compare parameter counts and validation ROC-AUC (test stays untouched, as
#    above). `build_cnn` calls the notebook's global `conv_block`, so copy it too, under a
#    new name that calls your block.
