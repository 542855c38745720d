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
# - compare the paper's objective (`val_recall`) with a better one (`val_auc`) side by side.

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
import keras_tuner as kt
import pandas as pd

from dfkit import course, models, plots, training, tuning

data = course.prepare()
profile = data.profile

# %% [markdown]
# Three searches below, each of several trials of several epochs, read the same images dozens of
# times. Streaming would recompute their 6-channel stack every epoch; instead we compute it once
# and hold it in memory (`training.input_cache`). Batches and results are bit-for-bit those of
# streaming; only the repeated work goes. On a laptop CPU the model's own training dominates, so
# the gain is modest (about 1.2× for a search); on a GPU it is what keeps the accelerator busy.
# It costs memory that grows with the data (6 float32 numbers per pixel), so the cache refuses,
# with the fix, a sample that would not fit; streaming from disk stays the default at any size.

# %%
cache = training.input_cache([data.train, data.val, data.test], profile, "stack")
print(f"{len(cache.inputs):,} stacks held in memory: {cache.inputs.nbytes / 2**20:.0f} MiB")
train, val, test = training.split_batches(data.splits, profile, inputs="stack", cache=cache)

# %% [markdown]
# ## The paper's search
#
# `RandomSearch` draws hyperparameters at random from the space `build_cnn` declares (number of
# conv blocks, filters, kernel size, dropout, dense units, and a learning rate log-uniform in
# [1e-4, 1e-2]), trains each draw, and keeps the one with the best objective. The paper's:
#
# ```python
# kt.RandomSearch(build_model, objective='val_recall', max_trials=5,
#                 directory='tuner/model_1', project_name='deepfake_cnn')
# ```
#
# **Old trials.** Keras Tuner reloads a finished search from its folder instead of running it
# again, even if the data or the model changed: silent, stale results. `tuning.make_tuner` starts
# afresh unless asked to reuse *and* the folder's fingerprint (data, profile, objective, model)
# matches; it prints which. Trials are scored on the **validation** split: the paper had none and
# scored on its test set, which makes its test numbers optimistic.

# %%
recall_tuner = tuning.make_tuner(models.build_cnn, "model_1", profile, train, val, objective_name="val_recall")
tuning.search(recall_tuner, train, val, epochs=profile.epochs, seed=profile.seed, verbose=0)
recall_trials = tuning.trials_table(recall_tuner)
recall_trials

# %% [markdown]
# ## The same search with a better objective
#
# Recall rewards calling everything fake. Validation ROC-AUC rewards *ranking* fakes above reals,
# which no constant answer can do. Same search space, same seed, same budget:

# %%
auc_tuner = tuning.make_tuner(models.build_cnn, "model_1_auc", profile, train, val, objective_name="val_auc")
tuning.search(auc_tuner, train, val, epochs=profile.epochs, seed=profile.seed, verbose=0)
trials = tuning.trials_table(auc_tuner)
trials

# %% [markdown]
# ## Side by side
#
# The best model of each search, evaluated once on the test split. Look at specificity (real
# faces kept) and ROC-AUC, not only recall.

# %%
best = {"objective val_recall": recall_tuner.get_best_models(1)[0], "objective val_auc": auc_tuner.get_best_models(1)[0]}
comparison = pd.DataFrame({name: training.evaluate(model, test) for name, model in best.items()})
headline = comparison.loc[["accuracy", "recall", "specificity", "balanced_accuracy", "f1", "roc_auc"]]
plots.metric_bars(headline, title="best trial of each search, on test")
headline.round(3)

# %% [markdown]
# ## Model 2 too
#
# The paper tuned both models (`directory='tuner/model_2'`). Model 2's search space is its
# dropout and learning rate:

# %%
resnet_tuner = tuning.make_tuner(models.build_resnet, "model_2", profile, train, val, objective_name="val_auc")
tuning.search(resnet_tuner, train, val, epochs=profile.epochs, seed=profile.seed, verbose=0)
tuning.trials_table(resnet_tuner)

# %% [markdown]
# ## Summary
#
# * A random search is only as good as its objective: `val_recall` can be maximised by a model
#   that calls everything fake; `val_auc` cannot.
# * Trials are scored on validation data; the test split is touched once, after the search.
# * `make_tuner` never reloads stale trials silently: fresh by default, reuse only on a matching fingerprint.
# * With 5 trials (the paper's budget) a random search explores very little; differences between
#   trials are often within run-to-run noise.
#
# ## Exercises

# %%
from dfkit.exercises import ____
from dfkit.exercises.ch05 import q1, q2

# %% [markdown]
# **q1.** Create the better objective: maximise the validation ROC-AUC. Store the `kt.Objective`
# in `auc_objective`.

# %%
auc_objective = ____
q1.check()

# %% [markdown]
# **q2.** `trials` is the AUC search's table above. Store the id (column `trial`) of its best
# completed trial in `best_trial`.

# %%
best_trial = ____
q2.check()
