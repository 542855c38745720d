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
# - explain what each layer of a small convolutional network does: convolution, pooling, dropout, global pooling;
# - build the paper's Model 1 with `dfkit.models.build_cnn` and read its architecture (Fig 5);
# - train it on the 6-channel stack streamed from disk, read its curves (Figs 7–8) and evaluate it once on test.

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
from dfkit import course, models, plots, training

data = course.prepare()
profile = data.profile

# %% [markdown]
# ## The inputs
#
# The paper's text feeds the network the 6-channel stack of chapter 02 (RGB, LBP, edge density,
# histogram heatmap); its architecture figures show 3-channel inputs. We follow the text here and
# test whether the extra channels help in chapter 08. `training.batches` streams images from disk
# and computes the stack batch by batch, so memory does not grow with the dataset.

# %%
train, val, test = training.split_batches(data.splits, profile, inputs="stack")
x, y = train[0]
print(f"one batch: inputs {x.shape} {x.dtype}, labels {y.shape}; {len(train)} batches per epoch")

# %% [markdown]
# ## The architecture (Fig 5)
#
# A stack of **conv blocks**. Each block slides small learned filters over the image (a 3×3
# convolution finds local patterns such as edges or texture), keeps positive responses (ReLU),
# halves height and width (2×2 max-pooling) so that later filters see larger regions, and drops
# a share of activations at random while training (dropout) so no single feature is relied on.
# Global average pooling turns the last feature maps into one vector, a small dense layer mixes
# it, and a sigmoid gives the probability that the face is fake. Keras Tuner will choose the
# number of blocks, filters, kernel size, dropout, dense units and learning rate in chapter 05;
# here we use sensible defaults.

# %%
model = models.build_cnn(input_shape=training.input_shape(profile, "stack"))
models.layer_table(model)

# %% [markdown]
# ## Training
#
# Adam minimises binary cross-entropy. We stop with standard **early stopping**: watch the
# validation ROC-AUC, stop after 3 epochs without improvement, and restore the best epoch's
# weights. (Chapter 04 looks at the paper's own stop rule.)

# %%
history = training.fit(model, train, val, epochs=profile.epochs,
                       callbacks=[training.early_stopping("val_auc", patience=3)], seed=profile.seed, verbose=2)
plots.training_curves(history, ("accuracy", "recall", "loss"), title="Model 1 on the 6-channel stack");

# %% [markdown]
# Train and validation curves that drift apart mean over-fitting; a validation recall that jumps
# between epochs means the model's decisions near the 0.5 threshold are unstable.
#
# ## Evaluation, once, on test
#
# The paper reports accuracy, recall and F1 (Table I: 90.2%, 94.2%, 91.68 for Model 1). We report
# those and what they hide: specificity (the share of real faces kept), balanced accuracy and the
# threshold-free ROC-AUC.

# %%
result = training.evaluate(model, test)
{k: round(v, 3) for k, v in result.items()}

# %% [markdown]
# ## Summary
#
# * Model 1 is a stack of conv → ReLU → max-pool → dropout blocks, global average pooling and a
#   sigmoid output; `build_cnn` builds it for any number of input channels.
# * The stack is computed per batch while training; the test split is used once, at the end.
# * Accuracy, recall and F1 alone are not enough: specificity and ROC-AUC complete the picture.
#
# ## Exercises

# %%
import keras

from dfkit.exercises import ____
from dfkit.exercises.ch03 import q1, q2

# %% [markdown]
# **q1.** Write `my_conv_block(x, filters)`: a 3×3 `Conv2D` with `filters` filters, ReLU and
# `padding="same"`, followed by 2×2 `MaxPooling2D`. Return the output tensor.

# %%
def my_conv_block(x, filters):
    return ____


q1.check()

# %% [markdown]
# **q2.** How many trainable parameters does a `Conv2D` with 32 filters of size 3×3 have when its
# input is the 6-channel stack? Store the number in `conv_params`.

# %%
conv_params = ____
q2.check()
