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
# - explain residual connections, batch normalisation and global average pooling;
# - build the paper's Model 2 with `dfkit.models.build_resnet` and read its architecture (Fig 6);
# - say what the paper's stop rule (`val_recall > 0.98`) does on a noisy validation recall, and
#   compare it with early stopping on a metric that cannot be gamed.

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
import pandas as pd

from dfkit import course, models, plots, training

data = course.prepare()
profile = data.profile
train, val, test = training.split_batches(data.splits, profile, inputs="stack")

# %% [markdown]
# ## Residual blocks (Fig 6)
#
# A residual block computes `output = relu(F(x) + x)`: two 3×3 convolutions `F` learn a
# *correction* to their input, which is added back through a shortcut. Gradients flow through the
# shortcut unchanged, so deeper networks still train. When a stage halves the resolution and grows
# the filters (32 → 64 → 128 → 256, as in the paper), a 1×1 convolution projects the shortcut to
# the new shape. **Batch normalisation** rescales each layer's activations to a stable range;
# **dropout** between stages regularises; **global average pooling** replaces flattening, with far
# fewer weights to over-fit.

# %%
def fresh_model():
    return models.build_resnet(input_shape=training.input_shape(profile, "stack"))


model = fresh_model()
table = models.layer_table(model)
print(f"{len(table)} layers, {model.count_params():,} parameters")
table[table["type"].isin(["Conv2D", "Add", "Dropout", "GlobalAveragePooling2D", "Dense"])]

# %% [markdown]
# ## Training with the paper's stop rule
#
# The paper stopped training as soon as `val_recall > 0.98`, and its curves end at epoch 6, on a
# spike. Recall counts only fakes: a model that calls *everything* fake has recall 1.0. Early in
# training, when the network leans towards one class, validation recall can jump to 1.0 for an
# epoch, and the rule stops there. `RecallThresholdStop` is that rule.

# %%
stop = training.RecallThresholdStop(0.98)
paper_history = training.fit(model, train, val, epochs=profile.epochs, callbacks=[stop], seed=profile.seed, verbose=2)
plots.training_curves(paper_history, ("accuracy", "recall", "loss"), title="Model 2, paper's stop rule",
                      stopped_at=stop.stopped_epoch);

# %%
print("the rule fired at epoch", stop.stopped_epoch, "" if stop.stopped_epoch else "(never: it trained all epochs)")
paper_result = training.evaluate(model, test)
{k: round(v, 3) for k, v in paper_result.items()}

# %% [markdown]
# ## Training with early stopping on validation AUC
#
# The same architecture from the same seed, now stopped when the validation ROC-AUC has not
# improved for 3 epochs, restoring the best weights. AUC ranks fakes above reals over all
# thresholds, so calling everything fake scores only 0.5.

# %%
model = fresh_model()
auc_history = training.fit(model, train, val, epochs=profile.epochs,
                           callbacks=[training.early_stopping("val_auc", patience=3)], seed=profile.seed, verbose=2)
plots.training_curves(auc_history, ("accuracy", "recall", "auc"), title="Model 2, early stopping on val_auc");

# %%
auc_result = training.evaluate(model, test)
pd.DataFrame({"paper's stop rule": paper_result, "early stopping on val_auc": auc_result}).loc[
    ["accuracy", "recall", "specificity", "balanced_accuracy", "f1", "roc_auc"]].round(3)

# %% [markdown]
# ## Where would the paper's rule have fired?
#
# For every epoch of the second run: validation recall, and what the model did to real faces at
# that epoch. Epochs where recall is high while accuracy is near 0.5 are "everything is fake" epochs.

# %%
auc_history[["val_recall", "val_accuracy", "val_precision", "val_auc"]].round(3)

# %% [markdown]
# ## Summary
#
# * Model 2 adds residual shortcuts, batch normalisation and dropout to a 32 → 256 filter
#   progression, ending in global average pooling.
# * The paper's stop rule watches a metric that a degenerate model maximises; it can stop on a
#   lucky epoch. The paper's ResNet-style model kept 97.7% recall but only 44% of real faces.
# * Early stopping on validation AUC with best-weight restore cannot be won by calling everything fake.
#
# ## Exercises

# %%
import keras

from dfkit.exercises import ____
from dfkit.exercises.ch04 import q1, q2

# %% [markdown]
# **q1.** Write the paper's rule as a Keras callback class `MyRecallStop`: in `on_epoch_end`,
# stop training (`self.model.stop_training = True`) once `val_recall` exceeds 0.98.

# %%
MyRecallStop = ____
q1.check()

# %% [markdown]
# **q2.** `history` below is the early-stopped run. At which epoch (numbered from 1) would the
# paper's rule have stopped it? Store it in `stop_epoch`, or `None` if it would never have fired.

# %%
history = auc_history
stop_epoch = ____
q2.check()
