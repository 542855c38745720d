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
# # Solutions · 03 The CNN backbone

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
import keras
from keras import layers

from dfkit import config, models, training
from dfkit.course.exercises import strict
from dfkit.course.exercises.ch03 import q1, q2, q3, q4
from dfkit.models import Defaults, cnn_search_space, fake_probability

strict(True)
profile = config.get_profile()
model = models.build_cnn(input_shape=training.input_shape(profile, "stack"),
                         seed=profile.seed)

# %% [markdown]
# **q1.** Each filter has `kernel_size × kernel_size` weights for every input channel, and one
# bias; each of the `filters` filters has its own. For 32 filters of 3×3 on the stack:
# (3·3·6 + 1)·32 = 1,760, the `block1_conv` row of the layer table. Keras agrees on any layer:

# %%
def conv_params(kernel_size, in_channels, filters):
    return (kernel_size * kernel_size * in_channels + 1) * filters


layer = keras.layers.Conv2D(40, 7)
layer.build((None, 64, 64, 12))
print(conv_params(7, 12, 40), layer.count_params())
q1.check()

# %% [markdown]
# **q2.** (b): only `block1_conv` multiplies the input channels; every later layer sees the
# previous layer's filters, and global average pooling gives the dense layer one number per
# filter. 3 channels fewer × 9 weights × 32 filters = 864 parameters fewer.

# %%
q2_prediction = "b"
rgb_model = models.build_cnn(input_shape=training.input_shape(profile, "rgb"),
                             seed=profile.seed)
print(model.count_params() - rgb_model.count_params())
q2.check()

# %% [markdown]
# **q3.** The same blocks, `Flatten` instead of `GlobalAveragePooling2D`. The dense layer now
# has one weight per position, filter and unit, plus a bias per unit: at 64×64 the last block
# is 8×8×128, so (8,192 + 1) × 64 parameters instead of (128 + 1) × 64, more than the rest of
# the model together. At the paper's 128×128 it is four times that again.

# %%
space = cnn_search_space(Defaults())
inputs = keras.Input(training.input_shape(profile, "stack"), name="image")
x = inputs
for i, filters in enumerate(space["filters"]):
    x = models.conv_block(x, filters, space["kernel_size"], space["dropout"],
                          name=f"block{i + 1}")
x = layers.Flatten(name="flatten")(x)
x = layers.Dense(space["dense_units"], activation="relu", name="dense")(x)
x = layers.Dropout(space["dropout"], name="head_drop")(x)
flatten_model = keras.Model(inputs, fake_probability(x),
                            name="model_1_flatten")
flat_values = flatten_model.get_layer("flatten").output.shape[-1]
flatten_dense_params = (flat_values + 1) * space["dense_units"]
rest = flatten_model.count_params() - flatten_dense_params
print(f"dense: ({flat_values:,} + 1) × {space['dense_units']} = "
      f"{flatten_dense_params:,}; the rest: {rest:,}; Keras's: "
      f"{flatten_model.get_layer('dense').count_params():,}")
flatten_ratio = flatten_model.count_params() / model.count_params()
print(f"{flatten_model.count_params():,} / {model.count_params():,} = "
      f"{flatten_ratio:.1f}")
q3.check()

# %% [markdown]
# **q4.** (b). Put every option in the noise units of a score on 100 faces: the highest of
# *n* equally good candidates lands on average `lift[n]` units above their true value (the
# chapter's first simulation, again below; noise they share shrinks every option's lift by
# the same factor), and a score on 5,000 faces of as many people carries 1/√50 of the noise
# of one on 100 (faces of one person would help less: they tend to be right or wrong
# together). So
# (b) overstates by `lift[5]` units, (d) by `lift[2]`, (a) by only `lift[20]` / √50, and
# (c) by next to nothing: a clear winner is picked for a real
# difference, not for luck. Whatever helps choose the model (epochs, thresholds,
# hyperparameters) must come from training or validation data; test stays untouched until
# the one final evaluation.

# %%
import numpy as np

rng = np.random.default_rng(profile.seed)
noise = rng.standard_normal((20_000, 20))  # 20,000 repeats of 20 scores
lift = {n: noise[:, :n].max(axis=1).mean() for n in (2, 5, 20)}
print(f"a: {lift[20] / np.sqrt(50):.2f}, b: {lift[5]:.2f}, "
      f"d: {lift[2]:.2f} noise units of 100 faces")
q4_answer = "b"
q4.check()
