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
# # 04 · The ResNet-style CNN and the paper's stop rule
#
# **Learning objectives.** After this chapter you can
# - explain [residual block](https://dfkit-course.github.io/deepfake-course/glossary.html#term-residual-block)s (identity and projected shortcuts), batch normalisation and
#   [global average pooling](https://dfkit-course.github.io/deepfake-course/glossary.html#term-global-average-pooling), and read the code of Model 2 of *the paper*
#   (S. A. Hassan, *Performance of a CNN Backbone in a Deepfake Classification Model*, cited
#   in full in chapter 00);
# - read what a stop rule keeps (the weights of which epoch, chosen by watching which
#   metric), for the paper's rule (`val_recall > 0.98`) and for early stopping, and how a `0.5`
#   [threshold](https://dfkit-course.github.io/deepfake-course/glossary.html#term-threshold)
#   turns a model's scores into verdicts;
# - judge a result by its spread over seeds, not by one run.
#
# **Time it takes.** The cells run in about 3 minutes on a 2-core laptop CPU, no GPU needed
# (173 s when the chapter was opened on its own, as in a fresh Colab runtime, where it makes
# its data and trains its models; default `laptop` profile, 2026-12-07,
# [benchmarks/README.md](https://github.com/dfkit-course/deepfake-course/blob/main/benchmarks/README.md)).
# Almost all of it is the long cell's six training runs of Model 2, whose bars print each
# run's time: start it, then read on. The `paper` profile (`DFKIT_PROFILE=paper`: the
# paper's data size, image size and epochs) needs a GPU. Colab's CPU or a busy machine can
# take several times longer, and a fresh Colab runtime installs `dfkit` first.

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
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator

from dfkit import course, models, training
from dfkit.course import plots, readings, report

data = course.prepare()
profile = data.profile
# validation and test batches in a fixed order, for evaluation
val = training.batches(data.val, profile, "stack")
test = training.batches(data.test, profile, "stack")

# %% [markdown]
# ## Residual blocks (the paper's Fig 6)
#
# A residual block computes `output = relu(F(x) + shortcut(x))`: two 3×3 convolutions with
# batch normalisation (`F`) learn a *correction* to their input, which is added to a shortcut.
#
# * When the block keeps the shape of its input, the shortcut is the input itself (an
#   *identity* shortcut). The addition then passes the gradient back to `x` unchanged (where
#   the block's output ReLU lets it through), beside the path through `F`: the short path
#   that lets deep networks train.
# * When a block halves the resolution and grows the filters (32 → 64 → 128 → 256, as in the
#   paper), `x` no longer has the shape of `F(x)`, and a 1×1 convolution with batch norm
#   *projects* the shortcut. A 1×1 convolution looks at one position at a time: it mixes that
#   position's channels with one weight matrix, the same at every position (a per-position
#   linear map from the old channel count to the new). With stride 2 it reads only every other
#   row and column. (How the gradient comes back along this path is exercise q4.)
#
# **Batch normalisation** keeps each layer's activations in a stable range. While training, it
# normalises every channel with the mean and standard deviation of the current batch, then
# applies a learned scale and shift; it also keeps *moving averages* of those means and
# variances. At test time, and for every validation metric Keras logs, it uses the moving
# averages instead of the batch's own statistics, so a face's score does not depend on which
# other faces share its batch.
#
# After each training step every moving average moves a little towards the batch's value, by
# a share set by the layer's *momentum*. Model 2 sets `bn_momentum=BN_MOMENTUM` (`0.9`, where
# Keras' default is `0.99`): the last section shows why, once you have trained it.
#
# The code cells below marked `# @save dfkit.models.paper` are the library's own code (a test
# keeps them identical to that module), so what you read is what every chapter trains.

# %%
import keras
from keras import layers

from dfkit.models import BN_MOMENTUM, RESNET_FILTERS, Defaults, compile_model
from dfkit.models import fake_probability, resnet_search_space, seed_weights


# %%
# @save dfkit.models.paper
def residual_block(x, filters: int, stride: int, name: str,
                   bn_momentum: float = BN_MOMENTUM):
    """Two 3×3 convs with batch norm, added to a shortcut: the ResNet unit."""
    y = layers.Conv2D(filters, 3, strides=stride, padding="same",
                      use_bias=False, name=f"{name}_conv1")(x)
    y = layers.BatchNormalization(momentum=bn_momentum, name=f"{name}_bn1")(y)
    y = layers.Activation("relu", name=f"{name}_relu1")(y)
    y = layers.Conv2D(filters, 3, padding="same", use_bias=False,
                      name=f"{name}_conv2")(y)
    y = layers.BatchNormalization(momentum=bn_momentum, name=f"{name}_bn2")(y)
    shortcut = x
    if stride != 1 or x.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=stride, use_bias=False,
                                 name=f"{name}_proj")(x)
        shortcut = layers.BatchNormalization(momentum=bn_momentum,
                                             name=f"{name}_proj_bn")(shortcut)
    y = layers.Add(name=f"{name}_add")([y, shortcut])
    return layers.Activation("relu", name=f"{name}_out")(y)


# %% [markdown]
# ## Model 2
#
# A strided stem convolution, then one residual block per filter count, each followed by
# dropout ("batch normalization and dropout were interleaved", says the paper), then global
# average pooling and the sigmoid output. The stem's 3×3 convolution has stride 2: it halves
# height and width, so every layer after it works on a quarter of the positions, at about a
# quarter of the computation (a lighter version of ResNet's own opening).
# Global average pooling replaces each channel of the
# last stage by its mean over all positions (height × width), leaving one number per channel.
# Unlike `Flatten`, which would give the output one weight per position and channel, it leaves
# one weight per channel, and it works at any input size. Keras Tuner searches only its dropout
# and learning rate (`resnet_search_space`, shown in chapter 05); `Defaults()` gives their
# defaults here. `build_resnet` defaults to RGB input, but this chapter trains it, like chapter
# 03's Model 1, on chapter 02's 6-channel stack (the RGB face plus its LBP, edge-density and
# histogram-heatmap channels): `training.input_shape(profile, "stack")`.

# %%
# @save dfkit.models.paper
def build_resnet(hp=None, input_shape: tuple[int, int, int] = (128, 128, 3),
                 seed: int | None = None,
                 bn_momentum: float = BN_MOMENTUM) -> keras.Model:
    """Model 2: ResNet-style, with filters 32→64→128→256.

    Batch norm and dropout interleaved, then global average pooling.
    """
    seed_weights(seed)  # same seed, same initial weights
    space = resnet_search_space(hp or Defaults())
    inputs = keras.Input(input_shape, name="image")
    # the stem: a 3×3 conv with stride 2 halves height and width, so every
    # layer after it works on a quarter of the positions (a lighter version of
    # ResNet's opening, a 7×7 conv with stride 2 and a max-pool)
    x = layers.Conv2D(RESNET_FILTERS[0], 3, strides=2, padding="same",
                      use_bias=False, name="stem_conv")(inputs)
    x = layers.BatchNormalization(momentum=bn_momentum, name="stem_bn")(x)
    x = layers.Activation("relu", name="stem_relu")(x)
    for i, filters in enumerate(RESNET_FILTERS):
        stride = 1 if i == 0 else 2
        x = residual_block(x, filters, stride, name=f"stage{i + 1}",
                           bn_momentum=bn_momentum)
        x = layers.Dropout(space["dropout"], name=f"stage{i + 1}_drop")(x)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = fake_probability(x)
    model = keras.Model(inputs, outputs, name="model_2_resnet")
    return compile_model(model, space["learning_rate"])


# %%
shape = training.input_shape(profile, "stack")
model_2 = build_resnet(input_shape=shape, seed=profile.seed)
table = models.layer_table(model_2)
space = resnet_search_space(Defaults())
report.say(readings.ch04.layers(model_2, table, shape, space))
(table[table["type"].isin(readings.ch04.SHOWN_TYPES)]
 # parameters with a thousands separator: 1,728, not 1728
 .assign(parameters=lambda t: t["parameters"].map("{:,}".format))
 .rename(columns={"output shape": "output shape (H, W, C)"}))

# %%
report.say(readings.ch04.hidden_layers(model_2, table))

# %% [markdown]
# ## Two ways to stop training
#
# **The paper's rule.** The paper states it: stop training as soon as `val_recall > 0.98`.
# Recall counts only fakes: a model that calls *every* face fake has recall `1.0`. The rule
# keeps the weights of the epoch it stops on. `training.RecallThresholdStop` is that rule.
#
# > **Reading the paper critically: when did it stop?**
# > The paper states the stop rule (§II-E), and the paper's Figs 9–10 show Model 2's curves
# > ending at epoch 6, which would fit the rule having fired there. Yet the paper's §III-A says
# > both models trained for 20 epochs, and its conclusion says the ResNet reached its recall
# > "without early stopping". The paper does not say which is right; we cannot tell from it.
#
# **[Early stopping](https://dfkit-course.github.io/deepfake-course/glossary.html#term-early-stopping) on validation ROC-AUC.** Stop when the validation
# [ROC-AUC](https://dfkit-course.github.io/deepfake-course/glossary.html#term-roc-auc) has not improved for 3 epochs and restore the best epoch's weights. ROC-AUC
# asks only whether fakes score higher than reals, at every threshold at once, so one score
# for every face (a constant) scores `0.5`, while a model that calls every face fake at `0.5`
# can still rank them and score above it. By hand, ROC-AUC is the share of (fake, real) pairs
# in which the fake scores higher, a tie counting half. Keras' `auc` metric, which early
# stopping watches and this chapter's validation figures plot, is not that exact count: it
# counts on a grid of `200` thresholds (its `num_thresholds`), so when many scores bunch
# between neighbouring thresholds it can differ from the exact ROC-AUC by a few hundredths
# (chapter 05 compares the two). Every test ROC-AUC here is exact, from the scores.
#
# Both rules are Keras **callbacks**: objects whose methods `fit` calls at fixed moments. A
# callback subclasses `keras.callbacks.Callback` and overrides the moments it needs, such as
# `on_epoch_end(self, epoch, logs=None)`, which Keras calls after every epoch with `logs`, a
# dictionary of that epoch's metrics (`compile_model` tracks `accuracy`, `recall` and `auc`;
# Keras logs them with `loss`, and again with `val_` in front for validation:
# `val_recall`, `val_auc`, …). Inside a callback,
# `self.model` is the model being trained, and setting `self.model.stop_training = True` ends
# `fit` once the current epoch is over. You will write one in q1.
#
# One run says little about a small network on a small dataset, so we train Model 2 from three
# seeds with each rule. The seed sets the initial weights and the dropout masks' random draws;
# every run rebuilds its training stream from the profile's own seed, so all six see the same
# batches in the same order. Six runs of up to
# `profile.epochs` epochs each: this is the chapter's long cell, most of its time (the small
# cell before it, `summarise`, turns each run into one row of the results table).
#
# **q2 (predict, then run).** Before you run it: averaged over the seeds, how will the test
# ROC-AUC of the models stopped by the paper's rule compare with that of the models stopped on
# validation ROC-AUC? Set `q2_prediction` to a letter in the cell below before you run the
# long cell.
#
# - a. the paper's rule ranks clearly worse (its mean ROC-AUC lower by more than `0.05`)
# - b. about the same (the two means within `0.05` of each other)
# - c. the paper's rule ranks clearly better (higher by more than `0.05`)

# %%
# q2: replace ____ with your letter, then run this cell (it imports the
# checker, and the blank ____ your answers start as).
from dfkit.course.exercises.ch04 import ____, q2

q2_prediction = ____

# %%
def summarise(rule, seed, model, history, stop):
    """One row of the results table: how the run ended, its test metrics."""
    paper_rule = isinstance(stop, training.RecallThresholdStop)
    n_epochs = len(history)
    # kept: the epoch whose weights the rule returns (EarlyStopping
    # restores its best epoch even when it never stops training)
    kept = n_epochs if paper_rule else stop.best_epoch + 1
    return {"rule": rule, "seed": seed, "epochs trained": n_epochs,
            "rule fired": paper_rule and stop.stopped_epoch is not None,
            "stopped early": n_epochs < profile.epochs,
            "kept epoch": kept, **training.evaluate(model, test)}


# %%
SEEDS = [profile.seed + i for i in range(3)]
RULES = {"paper's rule": lambda: training.RecallThresholdStop(0.98),
         "early stopping on val_auc":
             lambda: training.early_stopping("val_auc", patience=3)}
runs, rows = {}, []
for rule in RULES:
    for seed in SEEDS:
        run_model = build_resnet(input_shape=shape, seed=seed)
        # a fresh stream per run: the same batches in the same order
        run_train = training.batches(data.train, profile, "stack",
                                     shuffle=True)
        stop = RULES[rule]()
        bar = training.EpochBar(f"{rule}, seed {seed}")  # one bar per run
        run_history = training.fit(run_model, run_train, val,
                                   epochs=profile.epochs,
                                   callbacks=[stop, bar], verbose=0)
        runs[rule, seed] = (run_model, run_history)
        rows.append(summarise(rule, seed, run_model, run_history, stop))
results = pd.DataFrame(rows)

# %%
q2.check()

# %% [markdown]
# Each rule's runs on test, at the `0.5` threshold and in ROC-AUC. Early stopping restores
# its best epoch's weights when training ends, whether it stopped early or ran all its epochs.
# The columns:
#
# - `epochs`: epochs trained;
# - `stopped`: the rule ended training before the last epoch;
# - `fired`: the paper's rule saw `val_recall > 0.98` (never for early stopping);
# - `kept`: the epoch whose weights the rule returned;
# - `spec`: specificity, the share of real faces called real;
# - `bal_acc`: balanced accuracy, the mean of recall and specificity;
# - `auc`: ROC-AUC (exact, from the test scores);
# - `at 0.5`: "all fake" for a recall of at least `0.98` with a specificity of at most `0.02`
#   (every test face called fake, but for a few), "all real" for the reverse, else "mixed".

# %%
# the tables' short names
short = {"paper's rule": "paper", "early stopping on val_auc": "early stop"}
names = {"epochs trained": "epochs", "stopped early": "stopped",
         "rule fired": "fired", "kept epoch": "kept", "specificity": "spec",
         "balanced_accuracy": "bal_acc", "roc_auc": "auc"}
# what each model did at 0.5: "all fake", "all real" or "mixed"
results["at 0.5"] = readings.ch04.at_threshold(results["recall"],
                                               results["specificity"])
by_rule = {rule: results[results["rule"] == rule] for rule in RULES}
paper_runs = by_rule["paper's rule"]
early_runs = by_rule["early stopping on val_auc"]

# %%
report.say(readings.ch04.what_was_compared(
    paper_runs["kept epoch"].tolist(), early_runs["epochs trained"].tolist(),
    early_runs["kept epoch"].tolist(), profile.epochs))

# %%
shown = ["rule", "seed", "epochs", "stopped", "fired", "kept", "recall",
         "spec", "bal_acc", "auc", "at 0.5"]
(results.assign(rule=results["rule"].map(short))
 .rename(columns=names)[shown].round(3))

# %% [markdown]
# ## The first seed's curves
#
# The two runs of a seed start from the same weights and see the same batches, so on a CPU the
# run that early stopping let go on *contains* the paper's run: its first epochs are the same
# epochs (a GPU may round differently from run to run). The
# curves are that longer run; the dashed line is where the paper's rule stopped the other one,
# the green dotted line the epoch early stopping kept, the black dotted line chance (`0.5`) for
# accuracy and ROC-AUC. Recall has no such line: a model that calls every face fake has `1`.

# %%
paper_model, paper_history = runs["paper's rule", SEEDS[0]]
auc_model, auc_history = runs["early stopping on val_auc", SEEDS[0]]
first_fired = bool(results.loc[0, "rule fired"])
# early stopping's first seed (its rows follow the paper's rule's)
first_kept = int(results.loc[len(SEEDS), "kept epoch"])
plots.training_curves(auc_history, ("accuracy", "recall", "auc"),
                      title=f"Model 2, seed {SEEDS[0]}",
                      stopped_at=len(paper_history) if first_fired else None,
                      stop_label="paper's rule stopped", kept_at=first_kept,
                      kept_label="early stopping kept",
                      chance={"accuracy": 0.5, "auc": 0.5}, sharey=True);

# %%
report.say(readings.ch04.kept_epoch(auc_history, first_kept, SEEDS[0],
                                    val.labels))

# %% [markdown]
# ## What each rule's models do on test
#
# The mean over seeds of each rule's models, at the `0.5` threshold and in ROC-AUC (means of
# the unrounded values, so a last digit can differ from the mean of the rounded rows above):

# %%
columns = ["accuracy", "recall", "specificity", "balanced_accuracy", "roc_auc"]
means = results.groupby("rule", sort=False)[columns].mean()
n_fired = int(paper_runs["rule fired"].sum())
# the spread over seeds: each rule's lowest and highest test ROC-AUC
auc_range = results.groupby("rule")["roc_auc"].agg(["min", "max"])
n_test_fake = int(sum(test.labels))
n_test_real = len(test.labels) - n_test_fake

# %%
report.say(readings.ch04.rules_on_test(means, auc_range, n_fired, len(SEEDS),
                                       profile.epochs))
report.say(readings.ch04.accuracy_note(n_test_fake, n_test_real))

# %%
means.rename(index=short, columns=names).round(3)

# %% [markdown]
# ### The default profile, recorded
#
# Your run's numbers depend on the profile (`ci`, the tiny profile the course's tests run,
# trains 2 epochs on 224 faces; the default
# `laptop` profile trains up to 10 on 840). The course team recorded this chapter's experiment
# in the default profile
# ([benchmarks/ch04_lesson.py](https://github.com/dfkit-course/deepfake-course/blob/main/benchmarks/ch04_lesson.py),
# a 2-core CPU, 2026-12-07; the same seeds, batches and rules as the long cell above). The
# cells below show its table (your table's columns but `kept`, which the record did not keep)
# unless your run equals it, and, in the default profile, compare your run with it seed by
# seed.

# %%
from dfkit import records

recorded = records.read("ch04_rules_laptop")
# the record as your table shows your runs, or None when it would repeat yours
record = readings.ch04.record_table(profile.name, results, recorded, short,
                                    names, shown)
if record is None:
    print("Your run equals the record: its table would repeat yours.")
else:
    display(record)

# %%
# how far your run is from the record, seed by seed (the same profile only)
report.say(readings.ch04.record_comparison(profile.name, results, recorded,
                                           short))

# %% [markdown]
# The lesson is the pattern your table shares with the record, not their digits (a `ci` run
# may not show it). In every seed of the record the paper's rule fired after the
# **first** epoch. It fires on a validation recall above `0.98`, and after one epoch Model 2
# called (almost) every face fake: the rule kept exactly that model, which calls every test
# face fake (`at 0.5`). Its scores rank
# the faces above chance but far worse than the early-stopped models', and its `0.5`
# threshold turns that weak ranking into "every face fake". Early stopping let
# the same network train all 10 epochs (it never stopped early in the record), so the
# comparison is "keep epoch 1" against "keep the best of 10".
#
# What each rule can return is fixed by what it watches. The paper's rule looks only at
# fakes: an epoch that misses fewer than 2% of the validation fakes (of the laptop profile's
# `60`, at most 1) passes, however many real faces it calls fake, and when the rule never
# fires it keeps the last epoch, whatever that is worth. Early stopping looks only at the ranking (validation ROC-AUC, noisy on a hundred-odd
# faces, so it can keep a lucky epoch) and never at the threshold: the epoch it keeps can still
# call most faces one class at `0.5`. So read two numbers apart:
#
# * **ROC-AUC**: do fakes score higher than reals, whatever the threshold?
# * **The `0.5` threshold**, judged by recall and
#   [specificity](https://dfkit-course.github.io/deepfake-course/glossary.html#term-specificity)
#   together, or by their mean, the
#   [balanced accuracy](https://dfkit-course.github.io/deepfake-course/glossary.html#term-balanced-accuracy):
#   calling every face fake gives recall `1`, calling every face real gives specificity `1`,
#   and both give a balanced accuracy of `0.5`. The paper's Fig 14, its confusion matrix for
#   Model 2, gives 97.7% recall and 44% specificity (331 of 749 real test faces kept):
#   lopsided towards "fake" like the models the rule kept in the record, though not every face
#   fake. Whether the rule chose that model the paper does not say (the box above).
#
# Which epoch to keep and where to put the threshold are two separate choices. A threshold can
# be repaired without retraining, by choosing it on validation data: chapter 06, and q3 below
# is a first look, on the paper's rule's model. How much a threshold can repair depends on how
# well the model ranks.
#
# ## Batch norm's moving averages, and why momentum `0.9`
#
# Batch norm is judged on its moving averages (above), and they need enough steps to forget
# their starting values. After each training step a moving average becomes
# `m · average + (1 − m) · batch value`, where `m` is the layer's momentum. It starts at mean 0
# and variance 1, so after `n` steps a share `m**n` of it is still that starting value. Keras'
# default, `m = 0.99`, suits runs of many thousands of steps (ImageNet). Our laptop profile
# trains on 840 images in batches of 32: 27 steps per epoch, so after 10 epochs
# `0.99**270 ≈ 0.07` of every average is still its starting guess, and after one epoch
# `0.99**27 ≈ 0.76` is. The network then trains on one normalisation and is judged on
# another. The average also weighs roughly the last `1 / (1 − m)` steps (about 100 at `0.99`,
# 10 at `0.9`), so while the weights change fast it may describe an older network than the
# one judged. Model 2 therefore sets `0.9` (`0.9**27 ≈ 0.06` is left after one epoch).
#
# If the averages had not settled, validation would sit at one answer while training learnt.
# To look for that in your runs (all at `0.9`): validation accuracy and
# ROC-AUC of the three early-stopped runs, epoch by epoch. The dotted
# lines mark chance. Accuracy alone cannot say whether an epoch gave every face one answer:
#
# * a constant answer (every face fake, or every face real) scores the share of that class,
#   `0.5` on a split with as many fakes as reals (the sentence under the figure counts the
#   validation split's);
# * so does any mix whose recall and specificity add up to `1`.
#
# So the cell below checks recall as well. A `0.5` ROC-AUC is a ranking no better than chance.

# %%
fig, axes = plt.subplots(1, 2, figsize=(9, 3))
for seed in SEEDS:
    curves = runs["early stopping on val_auc", seed][1]
    for ax, metric in zip(axes, ("val_accuracy", "val_auc")):
        ax.plot(curves.index, curves[metric], "o-", ms=3, label=f"seed {seed}")
for ax, metric in zip(axes, ("val_accuracy", "val_auc")):
    ax.axhline(0.5, color="black", ls=":", lw=1.2)
    ax.set(title=f"validation {plots.METRIC_NAMES[metric[4:]]}",
           xlabel="epoch", xlim=(0.5, profile.epochs + 0.5))
    # room under the chance line, so the points on it show
    ax.set_ylim(min(0.4, ax.get_ylim()[0]), 1.02)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=8)
fig.tight_layout()

# %%
# steps per epoch: the number of training batches
per_epoch = len(training.batches(data.train, profile, "stack"))
# per seed, the histories of its (paper's rule, early stopping) runs
pairs = [tuple(runs[rule, seed][1] for rule in RULES) for seed in SEEDS]
report.say(readings.ch04.batch_norm_epochs(pairs, SEEDS, val.labels, per_epoch,
                                           profile.epochs, BN_MOMENTUM))

# %% [markdown]
# Why `bn_momentum=0.9`, then? Your run cannot say: it trains at `0.9` only. The evidence is
# one benchmark run of 2026-12-07 in the laptop profile (not yours;
# [benchmarks/README.md](https://github.com/dfkit-course/deepfake-course/blob/main/benchmarks/README.md),
# section "Rerun in one session, class-mixed probe batches"):
# [benchmarks/bn_diagnosis.py](https://github.com/dfkit-course/deepfake-course/blob/main/benchmarks/bn_diagnosis.py)
# trained seed 42 for 10 epochs at each momentum in one session, on the same batches, and
# after each epoch scored the `120` validation faces twice: with the moving averages, as every
# validation metric is, and with each batch's own statistics (batches mixing both classes).
# Some of its epochs (the README's numbers, 2026-12-07; acc: accuracy, fake: the share called
# fake; its ROC-AUC is exact, from the scores, so at the same epoch it can differ from the
# Keras `val_auc` plotted above):
#
# | epoch | train acc (both) | `0.99`: acc / fake / exact ROC-AUC | `0.9`: acc / fake / exact ROC-AUC | batch statistics (both): acc / exact ROC-AUC |
# |---:|---:|---|---|---|
# | 1 | 0.601 | 0.500 / 1.000 / 0.665 | 0.500 / 1.000 / 0.648 | 0.708 / 0.791 |
# | 2 | 0.769 | 0.500 / 1.000 / 0.579 | 0.700 / 0.733 / 0.888 | 0.842 / 0.905 |
# | 4 | 0.945 | 0.500 / 1.000 / 0.637 | 0.783 / 0.700 / 0.952 | 0.892 / 0.959 |
# | 10 | 0.986 | 0.500 / 1.000 / 0.763 | 0.867 / 0.633 / 0.961 | 0.892 / 0.966 |
#
# The two momenta trained identically (in every epoch the same training accuracy and
# batch-statistics scores, to the three decimals the README prints), so they differ in
# momentum alone. At `0.99` the moving averages called (almost) every validation face fake in
# every one of the 10 epochs the README lists (four shown here), while the same weights with
# batch statistics ranked the faces well; at `0.9`
# only epoch 1 did, where batch statistics already answered both ways (accuracy 0.708 in the
# 2026-12-07 run). The network had learnt and the averages had not caught up: one seed on
# `120` faces, so this shows the mechanism, not its size across seeds.
#
# ## Summary
#
# * Model 2 adds residual shortcuts (an identity in its first stage, 1×1 projections where the
#   shape changes), batch normalisation and dropout to a 32 → 256 filter progression, ending in
#   global average pooling.
# * The paper's stop rule watches a metric that a model calling every face fake maximises, and
#   never looks at real faces. In the default profile it stopped Model 2 after its first epoch in every
#   seed, on a model that called every face fake; the same network, trained for longer
#   under early stopping, ranked faces far better. Early stopping on validation ROC-AUC does
#   not reward a constant score, but it can keep an epoch that calls (almost) every face one
#   class at `0.5`: in the benchmark at momentum `0.99` above, each of the 10 epochs it could
#   have kept called (almost) every validation face fake (whether your runs' kept models do
#   so on test faces, their `at 0.5` column says). It does not fix the threshold: choosing the threshold on
#   validation (chapter 06) does. Judge a threshold by recall and specificity together.
# * Batch norm's moving averages need enough steps to forget their starting values and to
#   follow weights that change fast. In one benchmark run (seed 42, 2026-12-07,
#   [benchmarks/README.md](https://github.com/dfkit-course/deepfake-course/blob/main/benchmarks/README.md)), at Keras'
#   default momentum (`0.99`) and 27 steps per epoch the moving averages called (almost) every
#   validation face fake in each of the 10 epochs the README lists while the same weights,
#   scored with each batch's own statistics, ranked the faces well; at `0.9` only the first
#   epoch did. One seed on `120`
#   faces, but the two runs differ in momentum alone: check a model that "answers one class"
#   for this before blaming its training.
# * At under a thousand training images (840 in the laptop profile) Model 2's results still
#   move with the seed: compare rules over several seeds, never one run.
#
# ## Exercises
#
# q2 is above, before the training runs. Run the cell below, then work through q1 and q3–q5.
# `qN.hint()` gives a hint (call it twice for a second one).

# %%
from dfkit.course.exercises.ch04 import ____, q1, q3, q4, q5

# %% [markdown]
# **q1 (implement).** A rule that fires on one epoch can fire on a lucky one, so make the
# paper's rule stricter, as a patience does: write a Keras callback class `MyRecallStop` that
# stops training at the end of the *second epoch in a row* whose *validation* recall exceeds
# `0.98` (strictly); an epoch at or below `0.98` starts the count again. Keep in
# `self.fired_epoch` the `epoch` Keras passed to the call that stopped it
# (0-based, as Keras counts; `None` until the rule fires). Replace the line
# `MyRecallStop = ____` with a `class MyRecallStop(keras.callbacks.Callback):` definition;
# the check builds it with no arguments, `MyRecallStop()`, so give any parameter of
# your `__init__` a default.

# %%
MyRecallStop = ____
q1.check()

# %% [markdown]
# **q3 (modify the experiment).** `paper_model` is the first seed's model stopped by the
# paper's rule (the long cell trains it and the first figure's cell names it: after a restart
# or disconnect, rerun the chapter's cells down to the first figure, the long cell's minutes
# included). Move its threshold to
# keep as many real faces as you can while still finding at least a share `0.90` of the
# fakes (a recall of `0.90` or more), on the **validation** split (never on test: that
# would tune on test). A face is called fake when its score is at or above the threshold;
# `training.predict(paper_model, val)` gives the scores, in the order of `val.labels`
# (1 = fake). Store the threshold in `my_threshold` unrounded (this model's scores can lie
# close together); in `my_fakes_missed`, how many validation fakes score below it (count
# them in the sorted scores, or read `fn` from `training.evaluate`: either is accepted); and
# the validation specificity and recall it gives (`training.evaluate(..., threshold=)`) in
# `my_specificity` and `my_recall`, to 2 decimals. Once it passes, the check compares your
# pair with the paper's Fig 14 (97.7% recall, 44% specificity).

# %%
my_threshold = ____
my_fakes_missed = ____
my_specificity = ____
my_recall = ____
q3.check()

# %% [markdown]
# **q4 (explain).** In stage 2 the block's shortcut is a 1×1 convolution with stride 2, then
# batch norm: at every other row and column of the block's input it turns the 32 channels `x`
# into 64 with one weight matrix `W` (64 rows × 32 columns): `y = W·x`, output `j` being
# `y[j] = Σᵢ W[j, i]·x[i]`. Let `g` be the gradient that reaches `y` (64 numbers, batch norm's
# backward step already applied). Along this path, what gradient reaches input channel `i`
# (one of the 32) at a position the stride lands on? Set `q4_answer` to a letter.
#
# - a. `Σⱼ W[j, i]·g[j]·x[i]`, `j = 0…63`: each weight of column `i` times the matching
#   number of `g`, times the input `x[i]` itself
# - b. `Σⱼ W[j, i]·g[j]`, `j = 0…63`: each weight of column `i` times the matching number of
#   `g`
# - c. `g[i]·Σⱼ W[j, i]`, `j = 0…63`: the sum of column `i` of `W`, times the `i`-th number
#   of `g`
# - d. `Σⱼ W[j, i]·y[j]`, `j = 0…63`: each weight of column `i` times the matching output
#   `y[j]`

# %%
q4_answer = ____
q4.check()

# %% [markdown]
# **q5 (compute, then read).** A model gave the ten validation faces below these scores
# (label 1 = fake). Compute its ROC-AUC (`q5_auc`) and its balanced accuracy at the `0.5`
# threshold (`q5_balanced_accuracy`), to 3 decimals, then find a threshold `q5_threshold`
# whose balanced accuracy no other threshold beats: by hand (sort the ten scores and try a
# threshold in each gap between neighbours) or with a library, as you like. Then, in `q5_answer`, the letter of what moving the threshold from
# `0.5` to your `q5_threshold` does to the verdicts on these ten faces:
#
# - a. it keeps 3 more of the 7 real faces, and every fake is still found
# - b. it keeps 3 more of the 7 real faces, and one of the 3 fakes is now missed
# - c. it keeps all 7 real faces, and every fake is still found: the ranking is perfect
# - d. the ranking is poor (a ROC-AUC under `0.9`): no threshold lifts the balanced accuracy
#   above `0.8`

# %%
q5_labels = [0, 1, 0, 0, 1, 0, 0, 1, 0, 0]
q5_scores = [0.58, 0.81, 0.39, 0.72, 0.64, 0.47, 0.61, 0.93, 0.55, 0.44]
q5_auc = ____
q5_balanced_accuracy = ____
q5_threshold = ____
q5_answer = ____
q5.check()

# %% [markdown]
# ## Questionnaire
#
# 1. Write the output of a residual block as a formula. What does `F` learn?
# 2. When does a residual block need a projected shortcut? How many of Model 2's blocks have one?
# 3. What does batch normalisation compute while training, and what does it use at test time?
# 4. Why does Model 2's stem use stride 2?
# 5. Why does a model that calls every face fake reach a recall of `1.0`? What ROC-AUC does a
#    model get that gives every face the same *score*, and why can one that calls every face
#    fake at `0.5` still score higher?
# 6. The paper's rule keeps the weights of the epoch it stopped on. What does early stopping with
#    "restore best weights" keep instead?
# 7. Why can early stopping on validation ROC-AUC also stop on a lucky epoch?
# 8. What does specificity measure, and what was the paper's Model 2 specificity (the paper's Fig 14)?
# 9. Why do we train three seeds per rule, and what does the spread across seeds tell you?
# 10. What does the paper say about when it stopped training, and why is it inconsistent?
#
# ## Further research
#
# 1. Run this chapter with more seeds (change `SEEDS`). Does the comparison between the two rules
#    keep its direction? How many seeds would you need before you trust it?
# 2. Remove the shortcuts (`y` only, no `Add`) in a copy of `residual_block`, and make
#    `build_resnet` call your copy (it calls `residual_block` by name: edit a copy of it too,
#    or redefine `residual_block` itself and rerun the cells below it). Train the plain
#    network. Does it train worse, as the ResNet paper (He et al., 2016) found for deeper
#    networks, or is Model 2 too shallow for it to matter?
# 3. Train one seed at Keras' default momentum, `build_resnet(input_shape=shape, seed=42,
#    bn_momentum=0.99)`, and draw its validation accuracy beside the figure above: does it sit
#    at `0.5` for more epochs, as in the benchmark?
# 4. Give Model 2 more data: switch to the `paper` profile on a GPU, or keep the laptop profile
#    with more images: `from dfkit import config`, then
#    `data = course.prepare(config.get_profile(n_images=2400))` in the set-up cell (twice the
#    images: expect the long cell to take about twice as long; the `paper` profile far longer
#    on a CPU). At what size does its seed spread shrink?
