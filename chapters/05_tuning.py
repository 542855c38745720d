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
# # 05 · Tuning with Keras Tuner: what does the search optimise?
#
# **Learning objectives.** After this chapter you can
# - set up the paper's random search (§II-E) with Keras Tuner and read its trials;
# - explain why a search must be scored on validation data and why stale trials are dangerous;
# - read a Keras Tuner search space (`hp.Int`, `hp.Choice`, `hp.Float`) and say how much of it
#   a few trials explore;
# - run the same search twice, once on the paper's objective `val_recall` and once on
#   `val_auc`, read the two side by side on validation (the trial and the epoch each keeps), and judge which to optimise.
#
# **Time it takes.** The cells run in about 7 minutes on a 2-core laptop CPU, no GPU needed
# (446 s when the chapter was opened on its own, as in a fresh Colab runtime, where it makes
# its data and trains its models; default `laptop` profile, 2026-12-07,
# [benchmarks/README.md](https://github.com/dfkit-course/deepfake-course/blob/main/benchmarks/README.md)).
# Almost all of it is the three searches (nine models trained for 10 epochs each, no early
# stopping; a bar under each search counts its epochs and names the trial) and a tenth
# model, Model 2 with its defaults: start them, then read on while they run, or run the
# chapter before class. The `paper` profile wants a GPU. Colab's CPU or a busy machine can
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
import dfkit  # noqa: F401  first, so TensorFlow starts without its log notices
import os
import shutil
import sys
import tempfile
from pathlib import Path

import keras_tuner as kt
import pandas as pd

from dfkit import course, models, training
from dfkit.config import PROFILES
from dfkit.course import plots, readings, report
from dfkit.training import distribute, tuning

data = course.prepare()
profile = data.profile
PAPER = PROFILES["paper"]  # the paper's sizes: 5 trials per search

# %% [markdown]
# ## The search space
#
# The paper (Hassan, *Performance of a CNN Backbone in a Deepfake Classification Model*,
# read in chapter 00; every §, Fig and Table below is the paper's) tunes both models (§II-D) with [Keras Tuner](https://dfkit-course.github.io/deepfake-course/glossary.html#term-keras-tuner)'s `RandomSearch` (§II-E):
#
# ```python
# kt.RandomSearch(build_model, objective='val_recall', max_trials=5,
#                 directory='tuner/model_1', project_name='deepfake_cnn')
# ```
#
# Keras Tuner calls the build function with an `hp` object; every `hp.Int`, `hp.Choice` or
# `hp.Float` call declares one hyperparameter with its range and returns this trial's value:
# drawn at random before the trial starts, from every hyperparameter declared so far; one that
# a trial declares for the first time gets its `default` instead. Making the tuner already
# builds the model once, on the defaults, to declare the hyperparameters, so trial 0 draws
# every one of them at random, like the others.
#
# So no trial is guaranteed to train the defaults: to compare with them, you train them
# yourself, as "Model 2 too" does below. Model 1's builder (chapter 03) reads all of its
# hyperparameters from the function below; without a tuner, `models.Defaults()` answers each
# call with its `default`.
#
# The cell below is a read-only copy of `dfkit.models.paper.cnn_search_space` (its first line,
# `# @save dfkit.models.paper`, marks it as such), which `models.build_cnn` calls: editing it
# changes nothing (Further research 3 says how to search
# another space).

# %%
# @save dfkit.models.paper
def cnn_search_space(hp) -> dict:
    """Model 1's hyperparameters: what Keras Tuner searches.

    Without a tuner, each call returns its `default`.
    """
    n_blocks = hp.Int("conv_blocks", 2, 4, default=3)
    kernel_size = hp.Choice("kernel_size", [3, 5], default=3)
    dropout = hp.Float("dropout", 0.0, 0.5, step=0.1, default=0.2)
    filters = [hp.Int(f"filters_{i}", 16, 128, step=16,
                      default=min(128, 32 * 2**i))
               for i in range(n_blocks)]
    dense_units = hp.Int("dense_units", 32, 256, step=32, default=64)
    learning_rate = hp.Float("learning_rate", 1e-4, 1e-2, sampling="log",
                             default=1e-3)
    return {"filters": filters, "kernel_size": kernel_size, "dropout": dropout,
            "dense_units": dense_units, "learning_rate": learning_rate}


# %% [markdown]
# The number of filters of block `i` is declared inside the loop, so a trial that draws 4 blocks
# declares 4 of them. The paper's text names the learning rate's range (log-uniform between
# 1e-4 and 1e-2); the other ranges are ours, since its Fig 5 shows one architecture, not its
# search space. Model 2 keeps its architecture and searches two values:

# %%
# @save dfkit.models.paper
def resnet_search_space(hp) -> dict:
    """Model 2's hyperparameters: only dropout and the learning rate."""
    dropout = hp.Float("dropout", 0.0, 0.5, step=0.1, default=0.2)
    learning_rate = hp.Float("learning_rate", 1e-4, 1e-2, sampling="log",
                             default=1e-3)
    return {"dropout": dropout, "learning_rate": learning_rate}


# %% [markdown]
# What the tuner sees: give the builder a fresh `kt.HyperParameters()` and list what it
# declared (`tuning.space_table`: one row per hyperparameter, from its `get_config()`; a
# stepped range whose top value is never drawn also says what is).

# %%
hp = kt.HyperParameters()
models.build_cnn(hp, input_shape=training.input_shape(profile, "stack"))
tuning.space_table(hp)

# %% [markdown]
# A range is not always what the tuner draws: the dropout row draws up to `0.4` only. Keras
# Tuner counts a stepped `Float`'s values as `(max - min) // step + 1`, and in floating point
# `0.1` is a hair above one tenth:

# %%
n_values = int((0.5 - 0.0) // 0.1) + 1  # Keras Tuner's count for dropout
print(f"0.5 // 0.1 = {0.5 // 0.1}: {n_values} dropout values, "
      f"{[round(0.1 * i, 1) for i in range(n_values)]}")

# %% [markdown]
# So this space never draws a dropout of `0.5`, whatever its range says. Listing the values
# (`hp.Choice("dropout", [0.0, 0.1, 0.2, 0.3, 0.4, 0.5])`) avoids the trap; the course keeps
# the stepped range, so that its recorded searches stay comparable, and says so here.

# %% [markdown]
# There is no `filters_3`: with its default of 3 blocks the builder declared only `filters_0` to
# `filters_2`. The first trial that draws 4 blocks declares `filters_3`, which returns its
# default, `128`, not a draw. Keras Tuner keeps a hyperparameter in its space once declared:
# later trials draw a value for it, even those with fewer blocks, whose builder never reads it.
# So a trials table can list filters that the trial's model does not have (the sentence under
# the first search says whether yours does).

# %% [markdown]
# ## The paper's search
#
# `RandomSearch` draws a point of that space at random for each trial, trains it, and keeps the
# draw with the best objective. Its trials table (under each search) lists each trial's draws
# and its `score`: the best value of the search's objective over the trial's epochs, not the
# last epoch's (`tuning.narrow` shortens its names, `f0` for `filters_0`, and rounds its
# numbers).
#
# **Old trials.** Keras Tuner reloads a finished search from its folder instead of running it
# again, even if the data or the model changed: silent, stale results. `tuning.make_tuner`
# starts afresh unless asked to reuse *and* the folder's fingerprint (data, profile, objective,
# the model's code, seed, epochs and batches) matches; it prints which. Each search has its
# own folder, named after the profile, the search and its objective (`tuning.tuner_folder`), so
# a run of another profile never overwrites this one's trials.
#
# Trials here are scored on the **validation** split. Choosing is a kind of fitting: the search
# keeps the trial whose score looked best on the faces it was scored on, partly through luck on
# those very faces, so that score flatters it. Scored on validation, the test faces play no
# part in any choice, so they still measure the kept model as new faces would.
#
# **Which faces scored the paper's trials?** The paper describes no validation split: the only
# held-out set it reports is its test set (Table I and the confusion matrices of Figs 13–14
# count 749 real and 1,000 fake faces). That suggests, without proving it, that its
# `val_recall` was measured on those test faces (question 8 of the Questionnaire asks what
# would follow). But other readings fit too:
#
# - The paper's stopping rule (its §II-E; chapter 04 builds it), an early stop, ends training
#   at the first epoch whose `val_recall` exceeds `0.98`. Had the stop fired on the test
#   faces, Table I's recalls would be above `0.98`; they are 94.2% (Model 1) and 97.7%
#   (Model 2). So a validation on test fits only if the rule never fired or if Table I scores
#   another training run (say, one trained for the 20 epochs its §III-A mentions); and its
#   training curves (Figs 7–10) end at epoch 6, which suggests the rule did fire (chapter 00),
#   so mostly the other run is left. A weak hint against it, not a proof.
# - Keras's `fit(..., validation_split=0.2)` holds out part of the *training* images and
#   reports `val_recall` on them, a split the text would not need to describe.
#
# The paper gives too little detail to tell which.
#
# **Inputs held in memory.** The searches compute each face's 6-channel stack (chapter 02)
# once and hold it in memory (`training.input_cache`) instead of recomputing it from the image
# files every epoch ("streaming", the default): the same batches, bit for bit, about 1.2×
# faster (one `val_auc` search on a shared 2-core CPU, 2026-11-26,
# [benchmarks/README.md](https://github.com/dfkit-course/deepfake-course/blob/main/benchmarks/README.md)).
# A sample too large for memory is refused, with what to do instead.

# %%
cache = training.input_cache([data.train, data.val, data.test],
                             profile, "stack")
print(f"{len(cache.inputs):,} stacks held in memory: "
      f"{cache.inputs.nbytes / 2**20:.0f} MiB")
train, val, test = training.split_batches(data.splits, profile, inputs="stack",
                                          cache=cache)

# %% [markdown]
# **q1 (predict, then run).** Before you run the searches: on test, how will the specificity
# (real faces kept) of the best model of the `val_recall` search compare with that of the best
# model of the `val_auc` search? Set `q1_prediction` to a letter (a quoted string, such as
# `'b'`) in the cell below; its check, `q1.check()`, comes after the searches, under the test
# table of "Side by side".
#
# - a. the `val_recall` search's model keeps clearly fewer real faces (lower by more than `0.05`)
# - b. about the same (within `0.05`)
# - c. the `val_recall` search's model keeps clearly more real faces (by more than `0.05`)

# %%
# Set-up for the exercises (not an exercise): the checkers, and the
# blank ____ your answers start as.
from dfkit.course.exercises.ch05 import ____, q1

q1_prediction = ____

# %% [markdown]
# > **Warning.**
# > The three search cells (two below, Model 2's under "Model 2 too") are the chapter's
# > long ones: each trains
# > `profile.tuner_trials` models for `profile.epochs` epochs each (a bar counts the epochs; its
# > rate is the mean so far), nearly all of the chapter's time ("Time it takes", at the top).
# > A rerun trains a search afresh; to keep the trials it finished, add `reuse=True` to its
# > `make_tuner` call: it reloads them when nothing changed and trains only the rest. They are
# > kept on this machine (on Colab in `~/.cache/dfkit`): that survives a kernel restart, not
# > the new machine Colab gives after a disconnect. To keep them on Google Drive, set
# > `KEEP_TRIALS_ON_DRIVE = True` in the cell below before the searches (dfkit reads
# > `DFKIT_CACHE` at each use, so no restart is needed).

# %%
report.say(readings.ch05.trials_budget(
    profile.tuner_trials, PAPER.tuner_trials, profile.epochs, profile.name))

# %%
# Colab only: True mounts your Google Drive and keeps dfkit's cache (the
# searches' trials among it) there, so that reuse=True finds them after a
# disconnect.
KEEP_TRIALS_ON_DRIVE = False
if KEEP_TRIALS_ON_DRIVE and "google.colab" in sys.modules:
    from google.colab import drive

    drive.mount("/content/drive")
    os.environ["DFKIT_CACHE"] = "/content/drive/MyDrive/dfkit-cache"

# %%
recall_tuner = tuning.make_tuner(
    models.build_cnn, "model_1", profile, train, val,
    objective_name="val_recall", seed=profile.seed)
tuning.search(recall_tuner, train, val, epochs=profile.epochs, verbose=0)
recall_trials = tuning.trials_table(recall_tuner)
tuning.narrow(recall_trials)

# %%
# the learning rate Model 1's builder uses without a tuner
default_rate = models.cnn_search_space(models.Defaults())["learning_rate"]
report.say(readings.ch05.draws_reading(recall_trials, default_rate))

# %% [markdown]
# Asked to reuse, `make_tuner` first compares the folder's fingerprint with this run's. Here
# they match, so the finished search is reloaded, not retrained (change the data, the profile,
# the objective, the model's code, the seed, the epochs or the batches and it would start
# afresh, and say
# so). `seed=` is written out here; left out, it is the profile's seed anyway:

# %%
again = tuning.make_tuner(models.build_cnn, "model_1", profile, train, val,
                          objective_name="val_recall", seed=profile.seed,
                          reuse=True)
print(f"{len(again.oracle.trials)} trials reloaded, none trained again")

# %% [markdown]
# Now the stale case. A copy of that folder (the real one keeps its trials) is asked to reuse
# under another seed. Keras Tuner alone would reload its trials as this seed's results;
# the fingerprint no longer matches, so `make_tuner` says so and starts afresh:

# %%
scratch = Path(tempfile.mkdtemp())  # a throwaway copy of the search's folder
shutil.copytree(tuning.tuner_folder("model_1", profile, "val_recall"),
                tuning.tuner_folder("model_1", profile, "val_recall", scratch))
stale = tuning.make_tuner(models.build_cnn, "model_1", profile, train, val,
                          objective_name="val_recall", seed=profile.seed + 1,
                          reuse=True, directory=scratch)
print(f"{len(stale.oracle.trials)} old trials kept")
shutil.rmtree(scratch)

# %% [markdown]
# ## The same search with a better objective
#
# A model that calls every face fake reaches a validation recall of `1.0`, the best score this
# objective knows, whether or not a search happens to draw such a trial. Validation ROC-AUC
# rewards *ranking* fakes above reals, which no constant answer can do. Same search space, same
# seed, same budget:

# %%
auc_tuner = tuning.make_tuner(
    models.build_cnn, "model_1_auc", profile, train, val,
    objective_name="val_auc", seed=profile.seed)
tuning.search(auc_tuner, train, val, epochs=profile.epochs, verbose=0)
trials = tuning.trials_table(auc_tuner)
tuning.narrow(trials)

# %% [markdown]
# ## Side by side
#
# Random search draws its trials from its seed and the search space alone; it never looks at the
# objective when it draws. Both searches were made with the same seed (`seed=` in `make_tuner`),
# so they drew the very same trials (compare the two tables above), each built from the same
# initial weights and trained on the same batches: on a CPU, the same training bit for bit
# (this notebook cannot show it; the course's
# [tests/test_determinism.py](https://github.com/dfkit-course/deepfake-course/blob/main/tests/test_determinism.py)
# does), nearly so on a GPU. The objective decided which trial
# each search *kept*. Each trial's row gives the best score each objective gave it over its
# epochs, and `kept by`: the search that kept it.

# %%
searches = {"val_recall": recall_tuner, "val_auc": auc_tuner}
side = tuning.side_by_side(searches)
best_over_epochs = {"val_recall": "best val_recall", "val_auc": "best val_auc"}
side[[*searches, "kept by"]].round(3).rename(columns=best_over_epochs)

# %% [markdown]
# The objective also decided which *epoch* of the kept trial a search hands back: Keras Tuner
# saves a trial's weights each time the search's own objective beats its best so far, so the
# saved weights are those of the first epoch where that objective peaked. One row per search
# (named by its objective): the trial it kept, the epoch saved, and the validation recall and
# ROC-AUC *at that epoch* (so the same trial can score lower there than its best above).
# Two ROC-AUCs: `Keras AUC` is the `val_auc` the search logged and compared, Keras's `AUC`
# metric, counted on a grid of `200` thresholds (its `num_thresholds`); `exact ROC-AUC` is
# computed from the saved model's probabilities, as every test figure here is. They agree to
# about the third decimal unless many probabilities fall between two neighbouring thresholds.

# %%
kept = tuning.kept_models(searches)  # each search's model at its saved epoch
saved = tuning.saved_epochs(searches, val=val, models=kept)
at_epoch = {"val_recall": "recall", "val_auc": "Keras AUC",
            "roc_auc": "exact ROC-AUC"}
saved.round(3).rename(columns=at_epoch).rename_axis("search on")

# %% [markdown]
# A trial that leans towards calling faces fake scores high on `val_recall`, and nothing in it
# counts the real faces lost. The `val_auc` column ranks the same trials by how well they order
# fakes above reals, which no constant answer can fake. What that meant in your run:

# %%
gpu = any("gpu" in device.lower() for device in distribute.devices())
report.say(readings.ch05.objectives_reading(side, saved, gpu))

# %% [markdown]
# Only now the test split, once per kept model. This table illustrates what each kept model
# does on new faces; it decides nothing. The case for `val_auc` rests on what each objective can
# reward (above), not on these numbers. Look at specificity (real faces kept) and ROC-AUC, not
# only recall.

# %%
best = {f"objective {search}": model for search, model in kept.items()}
comparison = pd.DataFrame({name: training.evaluate(model, test)
                           for name, model in best.items()})
rows = ["accuracy", "recall", "specificity",
        "balanced_accuracy", "f1", "roc_auc"]
headline = comparison.loc[rows]
headline.round(3)

# %%
kept_labels = readings.ch05.kept_model_labels(saved)
ticks = plots.METRIC_NAMES | {"f1": "F1"}
plots.metric_bars(headline.rename(index=ticks, columns=kept_labels),
                  title=readings.ch05.kept_models_title(saved),
                  ylabel="score on test", chance=0.5,
                  chance_label=("0.5: chance for balanced accuracy\n"
                                "and ROC-AUC"));

# %%
from dfkit.evaluation import metrics

same_trial = bool((side["kept by"] == "both").any())
n_fake = int(test.labels.sum())
# the val_recall search's model on validation, with a 95% interval that
# resamples identities: how far so few faces move it
p_val = training.predict(best["objective val_recall"], val)
on_val = metrics.bootstrap(val.labels, p_val, groups=data.splits.val["group"],
                           seed=profile.seed).loc["roc_auc"]
report.say(readings.ch05.searches_reading(
    headline, same_trial, len(test.labels) - n_fake, n_fake, gpu,
    val_auc=on_val[["value", "low", "high"]], n_val=len(val.labels)))

# %% [markdown]
# Each search is a few trials on one seed: chapter 04 showed how far one seed can move a result,
# so read this as one draw, not as the verdict on the two objectives.

# %%
q1.check()

# %% [markdown]
# ## Model 2 too
#
# The paper says both models were tuned (§II-D: "Two models were implemented and tuned using
# Keras Tuner"), though its listing (§II-E) shows only Model 1's search
# (`directory='tuner/model_1'`). Model 2's search space is its dropout and learning rate
# (`resnet_search_space` above). The paper does not say which objective that search used; we
# search it on `val_auc`, the better objective of the section above:

# %%
resnet_tuner = tuning.make_tuner(
    models.build_resnet, "model_2", profile, train, val,
    objective_name="val_auc", seed=profile.seed)
tuning.search(resnet_tuner, train, val, epochs=profile.epochs, verbose=0)
resnet_trials = tuning.trials_table(resnet_tuner)
tuning.narrow(resnet_trials)

# %% [markdown]
# Did the search beat Model 2's defaults (the `default=` values in `resnet_search_space` above,
# the settings chapter 04 trained)? Below, the defaults train with early stopping on validation
# ROC-AUC, best epoch restored, unless dfkit's model cache holds an identical earlier run (of
# this chapter or of chapter 06, which trains the same model): then it loads that run and says
# so. Both are read the same way: the best validation ROC-AUC over their epochs, as logged
# (`val_auc`, on Keras's grid, the value the search compared); a second cell recomputes both
# exactly.

# %%
default_resnet, default_history = training.train_model(
    "resnet", data.splits, profile, "stack", cache=cache, verbose=0,
    callbacks=[training.EpochLog()])

# %%
default_auc = float(default_history["val_auc"].max())
tuned = resnet_trials.iloc[0]  # the best trial comes first
gap = tuned["score"] - default_auc
rates = resnet_trials["learning_rate"]
# the `default=` values of resnet_search_space
defaults = models.resnet_search_space(models.Defaults())
# the best trial's model at the epoch the search saved (1 is the first)
tuned_model = tuning.kept_models({"val_auc": resnet_tuner})
tuned_saved = tuning.saved_epochs({"val_auc": resnet_tuner}, val=val,
                                  models=tuned_model)
saved_epoch = int(tuned_saved.loc["val_auc", "epoch saved"])
report.say(readings.ch05.tuning_gain_reading(
    tuned, default_auc, gap, rates, defaults["learning_rate"],
    scores=resnet_trials["score"], defaults=defaults,
    saved_epoch=saved_epoch, max_epochs=profile.epochs))

# %%
# the exact validation ROC-AUC at the epoch each kept: the best trial's
# saved epoch, and the defaults' best epoch, which early stopping restored
tuned_exact = float(tuned_saved.loc["val_auc", "roc_auc"])
default_exact = training.evaluate(default_resnet, val)["roc_auc"]
exact_gap = round(tuned_exact, 3) - round(default_exact, 3)  # as printed
# the best trial's probabilities: where Keras's grid counts many as ties
p_tuned = training.predict(tuned_model["val_auc"], val)
report.say(readings.ch05.exact_gap_reading(
    tuned_exact, default_exact, gap, tuned_keras=float(tuned["score"]),
    tuned_probs=p_tuned))

# %% [markdown]
# Read that gap with care. Each number is the best validation ROC-AUC over the epochs of one
# run on one seed, read on the split it was chosen on. The two also trained differently: the
# defaults with early stopping, the trials for a fixed `profile.epochs` epochs. Had early
# stopping cut the defaults' run short, it could only have lowered their best score. Their
# history, one row per epoch trained (q2 below asks at which epochs a search would save
# the weights, from a table like it), and whether it stopped them:

# %%
report.say(readings.ch05.early_stopping_reading(
    default_history, profile.epochs, gap,
    loaded=default_history.attrs.get("from_model_cache", False)))
# the validation columns (the history also logs the training ones)
default_history.filter(like="val_").round(3)

# %% [markdown]
# And one seed moves a model's ROC-AUC too: chapter 04 trained Model 2's defaults on three
# seeds. The yardstick comes from its record of the default profile
# ([benchmarks/ch04_lesson.py](https://github.com/dfkit-course/deepfake-course/blob/main/benchmarks/ch04_lesson.py),
# run by the course team on a 2-core CPU, 2026-12-07), not from your chapter 04 run: that one
# trains the same seeds and batches, but another CPU or TensorFlow version rounds a few
# operations differently, so its digits can differ (chapter 04 compares the two seed by seed).

# %%
from dfkit import records

# chapter 04's record, one row per run
seed_runs = records.read("ch04_rules_laptop")
early = seed_runs["rule"].str.startswith("early stopping")
seed_aucs = seed_runs.loc[early, "roc_auc"]
report.say(readings.ch05.gap_against_seed_spread(
    exact_gap, seed_aucs, profile.name, len(data.val), len(data.test),
    n_trials=len(resnet_trials)))

# %% [markdown]
# ## Summary
#
# * A Keras Tuner search space is code: each `hp.Int`, `hp.Choice` or `hp.Float` call declares a
#   hyperparameter and returns this trial's value.
# * A random search is only as good as its objective: `val_recall` can be maximised by a model
#   that calls everything fake; `val_auc` cannot.
# * Trials are scored and kept on validation data, each at the epoch where its search's own
#   objective peaked. The test split is read once per kept model, after the searches, to
#   illustrate; it chose nothing.
# * `make_tuner` never reloads stale trials silently: fresh by default, reuse only on a
#   matching fingerprint.
# * A handful of trials (the paper's budget is 5) explores a tiny share of a search space
#   (this course's, in q3; the paper did not publish its own). A difference between two
#   single runs must be read against seed noise scaled for a difference (the yardstick above),
#   with what that yardstick leaves out; within it, it says nothing about which settings are
#   better; just beyond it, at most a hint; well beyond it, a sign, not a proof.
#
# ## Exercises
#
# q1 is above, before the searches. Run the cell below, then work through q2, q3 and q4.
# `qN.hint()` gives a hint (call it twice for a second one).

# %%
from dfkit.course.exercises.ch05 import q2, q3, q4

# %% [markdown]
# **q2 (implement).** Write `save_epochs(history, objective)`: the list of every epoch, in
# order, at which a search with the Keras Tuner objective `objective` (a `kt.Objective`, with a
# `name` and a `direction`) writes a trial's weights, given the trial's per-epoch `history` (a
# table like `default_history` above: one row per epoch, labelled from 1, one column per logged
# metric). The last of them is the epoch the search hands back. The check tries it on made-up
# histories, some hidden and some with the best value reached twice, with
# `kt.Objective("val_recall", "max")`, the same for `val_auc`, and
# `kt.Objective("val_loss", "min")`, where lower is better; on the hidden ones, also with
# another objective and its direction. Write it yourself: pandas and NumPy are fine; Keras
# Tuner's code, Keras's callbacks (`EarlyStopping`, `ModelCheckpoint`) and the course's own
# helpers are not.

# %%
def save_epochs(history: pd.DataFrame, objective: kt.Objective) -> list:
    return ____


q2.check()

# %% [markdown]
# **q3 (compute).** How many *different* Model 1 architectures can `cnn_search_space` draw?
# Count distinct combinations of the number of conv blocks, each block's filters, the kernel
# size and the dense units (ignore dropout and the learning rate, which change the training,
# not the architecture). A stepped `hp.Int` counts its values in whole numbers,
# `(max - min) // step + 1`, with no rounding trap: it keeps its top value when the step
# reaches it. Store the integer in `n_architectures`.

# %%
n_architectures = ____
q3.check()

# %% [markdown]
# **q4 (reason, then choose).** The `val_auc` search kept the trial, and the epoch, with the
# highest validation ROC-AUC. Rerun this chapter many times, each time on other faces in every
# split (same sizes). On average over the reruns, how does the kept model's validation
# ROC-AUC (its saved epoch's) compare with its test ROC-AUC? Set `q4_answer` to a letter
# (a quoted string, such as `'b'`). The check then shows your run's two numbers (both exact)
# beside the interval of "One model, two splits" above.
#
# - a. about the same: the trials were scored on validation, so the test faces took no part
#   in the pick and measure the kept model as new faces would
# - b. lower: the validation split holds fewer people, so each hard-to-tell person weighs
#   more in its score, the kept trial's as any other's
# - c. higher: `fit` scored the validation faces after every epoch, so the kept model learnt
#   from them as it trained, and it knows them better than the test faces
# - d. higher: the kept score tops several, each with its own luck on the same validation
#   faces, and the test faces do not repeat that luck
# - e. no rule: the top of several scores marks the trial with the most skill, not the most
#   luck, so the faces drawn decide which way it leans

# %%
q4_answer = ____
q4.check()

# %% [markdown]
# ## Questionnaire
#
# 1. What does `hp.Int("dense_units", 32, 256, step=32)` declare, and what does it return?
# 2. Why can a trials table list a `filters_3` for a trial with 2 conv blocks (even if yours
#    has no such column), and does that trial's model use it?
# 3. What does `RandomSearch` do in each trial, and what does it keep at the end?
# 4. Which objective did the paper use, and which constant "model" maximises it?
# 5. Why is `val_auc` a better objective than `val_recall` for this search?
# 6. What goes wrong when Keras Tuner silently reloads old trials from its folder?
# 7. Why must trials be scored on validation data, never on test?
# 8. The paper describes no validation split. On which faces could it have scored its
#    trials, and what would that mean for its test figures?
# 9. How much of this course's Model 1 search space do 5 trials explore?
# 10. Two trials' scores differ by `0.01`. What would you need to know before calling one better?
#
# ## Further research
#
# 1. Replace `RandomSearch` by `kt.BayesianOptimization` with the same budget. Does it find a
#    better trial than random search on this data, over several seeds?
# 2. Rerun the `val_auc` search with another seed (`make_tuner(..., seed=7)`: it changes the
#    trials drawn and their initial weights). Is the same kind of trial still the best?
# 3. Search a space of your own: copy `build_cnn` (chapter 03) into a builder that calls your
#    own search-space function, add a hyperparameter to it (say, a second dense layer's
#    units) or widen a range, and pass that builder to `tuning.make_tuner` (its fingerprint
#    holds your code, so each edit starts afresh). Which hyperparameter moves the validation
#    ROC-AUC most on this data?
