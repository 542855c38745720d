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
#   [global average pooling](https://dfkit-course.github.io/deepfake-course/glossary.html#term-global-average-pooling), and read the code of the paper's Model 2;
# - say what the paper's stop rule (`val_recall > 0.98`) does, and why the model it stops can
#   *rank* faces well while its `0.5` [threshold](https://dfkit-course.github.io/deepfake-course/glossary.html#term-threshold) is broken;
# - judge a result by its spread over seeds, not by one run.
#
# **Time it takes.** About 2 min on a 2-core CPU in the default laptop profile: 115.1 s for its
# six training runs of Model 2 in the whole-book build of 2026-11-26 (benchmarks/README.md). The
# ci profile took 244 s on a loaded machine (recorded there, 2026-11-26). GPU recommended for the
# paper profile.

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

    importlib.invalidate_caches()  # so the new package imports without a restart

# %%
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator

from dfkit import course, models, training
from dfkit.course import plots, report

data = course.prepare()
profile = data.profile
val = training.batches(data.val, profile, "stack")  # in a fixed order, for evaluation
test = training.batches(data.test, profile, "stack")

# %% [markdown]
# ## Residual blocks (the paper's Fig 6)
#
# A residual block computes `output = relu(F(x) + shortcut(x))`: two 3×3 convolutions with
# batch normalisation (`F`) learn a *correction* to their input, which is added to a shortcut.
#
# * When the block keeps the shape of its input, the shortcut is the input itself (an
#   *identity* shortcut). The addition then passes the gradient back to `x` unchanged, beside
#   the path through `F`: the short path that lets deep networks train.
# * When a block halves the resolution and grows the filters (32 → 64 → 128 → 256, as in the
#   paper), `x` no longer has the shape of `F(x)`, and a 1×1 convolution with batch norm
#   *projects* the shortcut. The gradient then passes through that one linear layer: not
#   unchanged, but a far shorter path than through `F`.
#
# **Batch normalisation** keeps each layer's activations in a stable range. While training, it
# normalises every channel with the mean and standard deviation of the current batch, then
# applies a learned scale and shift; it also keeps running averages of those means and
# deviations. At test time it uses the running averages instead of the batch's own statistics,
# so a face's score does not depend on which other faces share its batch.

# %%
import keras
from keras import layers

from dfkit.models import RESNET_FILTERS, Defaults, compile_model, fake_probability
from dfkit.models import resnet_search_space, seed_weights


# %%
# @save dfkit.models.paper
def residual_block(x, filters: int, stride: int, name: str):
    """Two 3×3 convs with batch norm, added to a shortcut: the ResNet unit."""
    y = layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False,
                      name=f"{name}_conv1")(x)
    y = layers.BatchNormalization(name=f"{name}_bn1")(y)
    y = layers.Activation("relu", name=f"{name}_relu1")(y)
    y = layers.Conv2D(filters, 3, padding="same", use_bias=False,
                      name=f"{name}_conv2")(y)
    y = layers.BatchNormalization(name=f"{name}_bn2")(y)
    shortcut = x
    if stride != 1 or x.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=stride, use_bias=False,
                                 name=f"{name}_proj")(x)
        shortcut = layers.BatchNormalization(name=f"{name}_proj_bn")(shortcut)
    y = layers.Add(name=f"{name}_add")([y, shortcut])
    return layers.Activation("relu", name=f"{name}_out")(y)


# %% [markdown]
# ## Model 2
#
# A strided stem convolution, then one residual block per filter count, each followed by
# dropout ("batch normalization and dropout were interleaved", says the paper), then global
# average pooling and the sigmoid output. Keras Tuner searches only its dropout and learning
# rate (`resnet_search_space`, shown in chapter 05); `Defaults()` gives their defaults here.

# %%
# @save dfkit.models.paper
def build_resnet(hp=None, input_shape: tuple[int, int, int] = (128, 128, 3),
                 seed: int | None = None) -> keras.Model:
    """Model 2: ResNet-style, filters 32→64→128→256, BN and dropout interleaved, GAP."""
    seed_weights(seed)  # same seed, same initial weights
    space = resnet_search_space(hp or Defaults())
    inputs = keras.Input(input_shape, name="image")
    # the stem: a 3×3 conv with stride 2 halves height and width, so every layer
    # after it works on a quarter of the positions (the usual ResNet opening)
    x = layers.Conv2D(RESNET_FILTERS[0], 3, strides=2, padding="same", use_bias=False,
                      name="stem_conv")(inputs)
    x = layers.BatchNormalization(name="stem_bn")(x)
    x = layers.Activation("relu", name="stem_relu")(x)
    for i, filters in enumerate(RESNET_FILTERS):
        stride = 1 if i == 0 else 2
        x = residual_block(x, filters, stride, name=f"stage{i + 1}")
        x = layers.Dropout(space["dropout"], name=f"stage{i + 1}_drop")(x)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = fake_probability(x)
    model = keras.Model(inputs, outputs, name="model_2_resnet")
    return compile_model(model, space["learning_rate"])


# %%
shape = training.input_shape(profile, "stack")
table = models.layer_table(build_resnet(input_shape=shape, seed=profile.seed))
projected = int(table["layer"].str.endswith("_proj").sum())
print(f"{len(table)} layers, {table['parameters'].sum():,} parameters; "
      f"{projected} of {len(RESNET_FILTERS)} residual blocks project their shortcut")
report.glue("ch04_projected", projected)
shown_types = ["Conv2D", "Add", "Dropout", "GlobalAveragePooling2D", "Dense"]
table[table["type"].isin(shown_types)]

# %% [markdown]
# Only the first stage keeps its input's shape; the other {glue:text}`ch04_projected` blocks
# halve the resolution and double the filters, so their shortcuts are projections.
#
# ## Two ways to stop training
#
# **The paper's rule.** The paper states it: stop training as soon as `val_recall > 0.98`.
# Recall counts only fakes: a model that calls *every* face fake has recall `1.0`. Early in
# training, when the network leans towards one class, validation recall can jump to `1.0` for an
# epoch, and the rule stops there, with the weights of that epoch.
# `training.RecallThresholdStop` is that rule.
#
# Both rules are Keras **callbacks**: objects whose methods `fit` calls at fixed moments. A
# callback subclasses `keras.callbacks.Callback` and overrides the moments it needs, such as
# `on_epoch_end(self, epoch, logs=None)`, which Keras calls after every epoch with `logs`, a
# dictionary of that epoch's metrics (`loss`, `recall`, `val_recall`, …). Inside a callback,
# `self.model` is the model being trained, and setting `self.model.stop_training = True` ends
# `fit` once the current epoch is over. You will write one in q1.
#
# **[Early stopping](https://dfkit-course.github.io/deepfake-course/glossary.html#term-early-stopping) on validation ROC-AUC.** Stop when the validation
# [ROC-AUC](https://dfkit-course.github.io/deepfake-course/glossary.html#term-roc-auc) has not improved for 3 epochs and restore the best epoch's weights. ROC-AUC
# asks only whether fakes score higher than reals, at every threshold at once, so calling
# everything fake scores `0.5`.
#
# One run says little about a small network on a small dataset, so we train Model 2 from three
# seeds with each rule. The seed sets the initial weights; every run gets a fresh training
# stream, so all six see the same batches in the same order. Six runs of up to
# `profile.epochs` epochs each: this is the chapter's long cell, most of its time.
#
# **q2 (predict, then run).** Before you run it: averaged over the seeds, how will the test
# ROC-AUC of the models stopped by the paper's rule compare with that of the models stopped on
# validation ROC-AUC? (Where both rules return the same model for a seed, that seed adds the
# same to both means.)
#
# - a. the paper's rule ranks clearly worse (its mean ROC-AUC lower by more than `0.05`)
# - b. about the same (the two means within `0.05` of each other)
# - c. the paper's rule ranks clearly better (higher by more than `0.05`)

# %%
from dfkit.course.exercises import ____
from dfkit.course.exercises.ch04 import q2

q2_prediction = ____

# %%
SEEDS = [profile.seed + i for i in range(3)]
RULES = {"paper's rule": lambda: training.RecallThresholdStop(0.98),
         "early stopping on val_auc":
             lambda: training.early_stopping("val_auc", patience=3)}
runs, rows = {}, []
for rule, make_stop in RULES.items():
    for seed in SEEDS:
        run_model = build_resnet(input_shape=shape, seed=seed)
        # a fresh stream per run: every run sees the same batches in the same order
        run_train = training.batches(data.train, profile, "stack", shuffle=True)
        stop = make_stop()
        run_history = training.fit(run_model, run_train, val, epochs=profile.epochs,
                                   callbacks=[stop], verbose=0)
        runs[rule, seed] = (run_model, run_history)
        fired = (isinstance(stop, training.RecallThresholdStop)
                 and stop.stopped_epoch is not None)
        rows.append({"rule": rule, "seed": seed, "epochs trained": len(run_history),
                     "rule fired": fired, **training.evaluate(run_model, test)})
results = pd.DataFrame(rows)
columns = ["accuracy", "recall", "specificity", "balanced_accuracy", "roc_auc"]


def answer_at_threshold(row) -> str:
    """What a model did at 0.5: one answer ('all real', 'all fake') or 'mixed'."""
    if row["recall"] <= 0.02 and row["specificity"] >= 0.98:
        return "all real"
    if row["specificity"] <= 0.02 and row["recall"] >= 0.98:
        return "all fake"
    return "mixed"


results["at 0.5"] = results.apply(answer_at_threshold, axis=1)
short = {"paper's rule": "paper", "early stopping on val_auc": "early stop"}
names = {"epochs trained": "epochs", "rule fired": "fired", "specificity": "spec",
         "balanced_accuracy": "bal_acc", "roc_auc": "auc"}
shown = ["rule", "seed", "epochs", "fired", "recall", "spec", "bal_acc", "auc",
         "at 0.5"]
results.assign(rule=results["rule"].map(short)).rename(columns=names)[shown].round(3)

# %%
q2.check()

# %% [markdown]
# ## The first seed's curves
#
# The paper's rule (the dashed line marks where it stopped, if it fired) and early stopping,
# from the same initial weights:

# %%
paper_model, paper_history = runs["paper's rule", SEEDS[0]]
auc_model, auc_history = runs["early stopping on val_auc", SEEDS[0]]
first_fired = bool(results.loc[0, "rule fired"])
plots.training_curves(paper_history, ("accuracy", "recall", "loss"),
                      title="Model 2, paper's stop rule",
                      stopped_at=len(paper_history) if first_fired else None);
plots.training_curves(auc_history, ("accuracy", "recall", "auc"),
                      title="Model 2, early stopping on val_auc");

# %% [markdown]
# ## What each rule's models do on test
#
# The mean over seeds, then what the rule's models did at the `0.5` threshold:

# %%
means = results.groupby("rule", sort=False)[columns].mean()
paper_mean, auc_mean = means.loc["paper's rule"], means.loc["early stopping on val_auc"]
paper_runs = results[results["rule"] == "paper's rule"]
gap = paper_mean["roc_auc"] - auc_mean["roc_auc"]
ranking = ("ranked the test faces clearly better than" if gap > 0.05 else
           "ranked the test faces clearly worse than" if gap < -0.05 else
           "ranked the test faces about as well as")
# the epoch each rule kept: where the paper's rule stopped (or the last epoch, if it
# never fired); the epoch of the best val_auc, which early stopping restores
kept = {(rule, seed): len(history) if rule == "paper's rule"
        else int(history["val_auc"].idxmax())
        for (rule, seed), (_, history) in runs.items()}
same = sum(kept["paper's rule", seed] == kept["early stopping on val_auc", seed]
           for seed in SEEDS)
differ = len(SEEDS) - same
if differ == 0:
    basis = ("so the two rules cannot be told apart in this run: each mean below "
             "compares a model with itself")
elif same == 0:
    basis = "so every seed contributes a real difference to the comparison"
else:
    basis = (f"so the comparison rests on the other {differ} seed{'s' * (differ > 1)} "
             f"alone; the {same} shared model{'s' * (same > 1)} add the same to both "
             "means")
bal_gap = auc_mean["balanced_accuracy"] - paper_mean["balanced_accuracy"]
threshold_verdict = "Here, by balanced accuracy at 0.5, " + (
    "the early-stopped models classified clearly better" if bal_gap > 0.05 else
    "the early-stopped models classified clearly worse" if bal_gap < -0.05 else
    "the two rules' models classified about equally well")
if max(auc_mean["balanced_accuracy"], paper_mean["balanced_accuracy"]) < 0.55:
    threshold_verdict += ", and both were near chance"
threshold_verdict += "."
constant = []  # the seeds whose model gave one answer to every test face
for rule, label in (("paper's rule", "the paper's rule"),
                    ("early stopping on val_auc", "early stopping")):
    for answer, word in (("all fake", "fake"), ("all real", "real")):
        n = int(((results["rule"] == rule) & (results["at 0.5"] == answer)).sum())
        if n:
            constant.append(f"in {n} of {len(SEEDS)} seeds {label} returned a model "
                            f"that called (almost) every test face {word}")
collapse = ("; ".join(constant) + "." if constant else
            "no model called (almost) every test face one class.")
collapse = collapse[0].upper() + collapse[1:]
n_fired = paper_runs["rule fired"].sum()
print(f"the paper's rule fired in {n_fired} of {len(SEEDS)} runs; "
      f"its models {ranking} the early-stopped ones")
print(f"same epoch kept by both rules in {same} of {len(SEEDS)} seeds, {basis}.")
print(threshold_verdict, collapse)
report.glue("ch04_fired", int(paper_runs["rule fired"].sum()))
report.glue("ch04_n_seeds", len(SEEDS))
report.glue("ch04_ranking", ranking)
report.glue("ch04_paper_auc", paper_mean["roc_auc"])
report.glue("ch04_auc_auc", auc_mean["roc_auc"])
report.glue("ch04_paper_recall", paper_mean["recall"])
report.glue("ch04_paper_spec", paper_mean["specificity"])
report.glue("ch04_auc_recall", auc_mean["recall"])
report.glue("ch04_auc_spec", auc_mean["specificity"])
report.glue("ch04_paper_bal", paper_mean["balanced_accuracy"])
report.glue("ch04_auc_bal", auc_mean["balanced_accuracy"])
report.glue("ch04_same_epoch", same)
report.glue("ch04_basis", basis)
report.glue("ch04_threshold_verdict", threshold_verdict)
report.glue("ch04_collapse", collapse)
means.rename(index=short, columns=names).round(3)

# %% [markdown]
# In this run the paper's rule fired in {glue:text}`ch04_fired` of {glue:text}`ch04_n_seeds`
# runs (a run in which it never fires trains every epoch). In {glue:text}`ch04_same_epoch` of
# the {glue:text}`ch04_n_seeds` seeds, early stopping restored the very epoch at which the
# paper's rule had stopped: both rules returned the same model, {glue:text}`ch04_basis`.
#
# Averaged over the seeds, the paper's rule's models {glue:text}`ch04_ranking` the
# early-stopped ones: mean test ROC-AUC {glue:text}`ch04_paper_auc:.3f` against
# {glue:text}`ch04_auc_auc:.3f`. At the `0.5` threshold they found
# {glue:text}`ch04_paper_recall:.3f` of the fakes and kept {glue:text}`ch04_paper_spec:.3f` of
# the real faces (balanced accuracy {glue:text}`ch04_paper_bal:.3f`); the early-stopped models
# found {glue:text}`ch04_auc_recall:.3f` and kept {glue:text}`ch04_auc_spec:.3f` (balanced
# accuracy {glue:text}`ch04_auc_bal:.3f`). {glue:text}`ch04_collapse`
#
# Judge a threshold by recall and specificity together, or by their mean, the
# [balanced accuracy](https://dfkit-course.github.io/deepfake-course/glossary.html#term-balanced-accuracy), never by one of them: a model that calls every face fake has
# recall `1`, one that calls every face real has specificity `1`, and both have a balanced
# accuracy of `0.5`.
#
# Read the two numbers apart, because they answer different questions.
#
# * **ROC-AUC** asks whether fakes score higher than reals, whatever the threshold. A model the
#   rule stops on an "everything is fake" epoch can still rank well: its scores may all sit
#   above `0.5` and still be in the right order. And early stopping on a validation ROC-AUC
#   measured on a few hundred faces is noisy too: it can stop on a lucky epoch as well, so it does
#   not guarantee the best *test* ranking.
# * **The `0.5` threshold** is where the rule does its damage: a model stopped because its
#   validation recall spiked tends to call most faces fake, so recall looks excellent and real
#   faces are lost (low [specificity](https://dfkit-course.github.io/deepfake-course/glossary.html#term-specificity)). The paper's own confusion matrix for Model 2
#   (Fig 14: 331 of 749 real test faces kept) is this pattern: 97.7% recall, 44% specificity.
#   {glue:text}`ch04_threshold_verdict` Which epoch to keep and where to put the threshold are
#   two separate choices.
#
# A good ranking with a broken threshold can be repaired: choose the threshold on validation
# data. That is chapter 06, and exercise q3 below is a first look.
#
# ## Model 2 is unstable at this size
#
# Validation accuracy and ROC-AUC of the three early-stopped runs, epoch by epoch. Flat stretches
# at `0.5` are epochs where the network answered one class for (almost) every face.

# %%
fig, axes = plt.subplots(1, 2, figsize=(9, 3))
for seed in SEEDS:
    curves = runs["early stopping on val_auc", seed][1]
    for ax, metric in zip(axes, ("val_accuracy", "val_auc")):
        ax.plot(curves.index, curves[metric], "o-", ms=3, label=f"seed {seed}")
for ax, metric in zip(axes, ("val_accuracy", "val_auc")):
    ax.axhline(0.5, color="grey", ls=":", lw=1)
    ax.set(title=metric, xlabel="epoch")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
axes[0].legend(fontsize=8)
fig.tight_layout()

# a seed's two runs share their first epochs (same weights, same batches): count once
distinct = []
for seed in SEEDS:
    one, other = (runs[rule, seed][1] for rule in RULES)
    longer, shorter = (one, other) if len(one) >= len(other) else (other, one)
    prefix = longer["val_accuracy"].to_numpy()[:len(shorter)]
    shared = (prefix == shorter["val_accuracy"].to_numpy()).all()
    distinct.append(longer if shared else pd.concat([one, other]))
all_epochs = pd.concat(distinct)
at_chance = int((all_epochs["val_accuracy"].sub(0.5).abs() < 0.02).sum())
auc_runs = results[results["rule"] == "early stopping on val_auc"]["roc_auc"]
report.glue("ch04_n_train", len(data.train))
report.glue("ch04_at_chance", at_chance)
report.glue("ch04_n_epochs", len(all_epochs))
report.glue("ch04_auc_min", auc_runs.min())
report.glue("ch04_auc_max", auc_runs.max())
print(f"{len(data.train)} training images; {at_chance} of {len(all_epochs)} distinct "
      f"epochs with validation accuracy within 0.02 of 0.5; early-stopped test ROC-AUC "
      f"from {auc_runs.min():.3f} to {auc_runs.max():.3f} across seeds")

# %% [markdown]
# Model 2 trains on {glue:text}`ch04_n_train` images here. In {glue:text}`ch04_at_chance` of
# the {glue:text}`ch04_n_epochs` distinct epochs of the six runs (a seed's two runs share
# their first epochs, counted once) its validation accuracy was within
# `0.02` of chance, and the test ROC-AUC of the early-stopped runs ranges from
# {glue:text}`ch04_auc_min:.3f` to {glue:text}`ch04_auc_max:.3f` across seeds, with nothing
# changed but the initial weights. A network of this size (over a million weights) is unstable
# on so few images: any single run of it, the paper's included, is one draw from a wide
# spread. Chapter 08 repeats its runs over seeds for this reason.
#
# > **Reading the paper critically: when did it stop?.**
# > The paper states the stop rule (§II-E), and its Model 2 curves (Figs 9–10) appear to end at
# > epoch 6, which would fit the rule having fired there. Yet §III-A says both models trained
# > for 20 epochs, and the conclusion says the ResNet reached its recall "without early
# > stopping". The paper does not say which is right; we cannot tell from it.
#
# ## Summary
#
# * Model 2 adds residual shortcuts (an identity in its first stage, 1×1 projections where the
#   shape changes), batch normalisation and dropout to a 32 → 256 filter progression, ending in
#   global average pooling.
# * The paper's stop rule watches a metric that a degenerate model maximises; the model it stops
#   may still rank faces well, but its `0.5` threshold can throw away many real faces.
#   Early stopping on validation ROC-AUC does not reward "everything is fake", but it can
#   restore a constant "everything real" epoch (a lucky validation ROC-AUC on a model that
#   calls every face real), and it does not fix the threshold: choosing the threshold on
#   validation (chapter 06) does. Judge a threshold by recall and specificity together.
# * At a few hundred training images Model 2's results swing with the seed: compare rules over
#   several seeds, never one run.
#
# ## Exercises
#
# q2 is above, before the training runs. Run the cell below, then work through q1 and q3–q5.
# `qN.hint()` gives a hint (call it twice for a second one).

# %%
from dfkit.course.exercises.ch04 import q1, q3, q4, q5

# %% [markdown]
# **q1 (implement).** Write the paper's rule as a Keras callback class `MyRecallStop`: at the
# end of each epoch, stop training once the *validation* recall exceeds `0.98` (strictly).

# %%
MyRecallStop = ____
q1.check()

# %% [markdown]
# **q3 (modify the experiment).** `paper_model` is the first seed's model stopped by the
# paper's rule. Evaluate it on the **validation** split (never on test: that would tune on
# test) at a threshold of your choice other than `0.5`, with `training.evaluate(..., threshold=)`.
# Store the threshold in `my_threshold`, and the validation specificity and recall it gives in
# `my_specificity` and `my_recall`, to 2 decimals. Try two or three thresholds: which way must
# the threshold move to keep more real faces, and what does it cost?

# %%
my_threshold = ____
my_specificity = ____
my_recall = ____
q3.check()

# %% [markdown]
# **q4 (explain).** In stage 2, the block's shortcut is a 1×1 convolution with stride 2. On that
# path, what happens to the gradient of the loss on its way back to the block's input? Set
# `q4_answer` to a letter.
#
# - a. it passes unchanged, as through every residual shortcut
# - b. it is transformed by the shortcut's own learned weights, and reaches the input in a
#   single linear step, with no ReLU or 3×3 convolution on the way
# - c. it is blocked: a 1×1 convolution has no gradient
# - d. it vanishes, because the stride throws away three of every four positions

# %%
q4_answer = ____
q4.check()

# %% [markdown]
# **q5 (explain in words).** In one or two sentences: how can a model have a good ROC-AUC on
# test and still be useless when it classifies at the `0.5` threshold? Write it in `q5_text`.

# %%
q5_text = ____
q5.check()

# %% [markdown]
# ## Questionnaire
#
# 1. Write the output of a residual block as a formula. What does `F` learn?
# 2. When does a residual block need a projected shortcut? How many of Model 2's blocks have one?
# 3. What does batch normalisation compute while training, and what does it use at test time?
# 4. Why does Model 2's stem use stride 2?
# 5. Why does a model that calls every face fake reach a recall of `1.0`? What is its ROC-AUC?
# 6. The paper's rule keeps the weights of the epoch it stopped on. What does early stopping with
#    "restore best weights" keep instead?
# 7. Why can early stopping on validation ROC-AUC also stop on a lucky epoch?
# 8. What does specificity measure, and what was the paper's Model 2 specificity (Fig 14)?
# 9. Why do we train three seeds per rule, and what does the spread across seeds tell you?
# 10. What does the paper say about when it stopped training, and why is it inconsistent?
#
# ## Further research
#
# 1. Run this chapter with more seeds (change `SEEDS`). Does the comparison between the two rules
#    keep its direction? How many seeds would you need before you trust it?
# 2. Remove the shortcuts (`y` only, no `Add`) in a copy of `residual_block` and train the
#    plain network. Does it train worse, as the ResNet paper (He et al., 2016) found for deeper
#    networks, or is Model 2 too shallow for it to matter?
# 3. Give Model 2 more data: switch to the paper profile on a GPU, or change the profile's
#    `n_images`. At what size does its seed spread shrink?
