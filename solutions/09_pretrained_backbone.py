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
# # Solutions · 09 A pretrained backbone

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
import logging

import keras

from dfkit import course, training
from dfkit.models import backbones
from dfkit.evaluation import metrics
from dfkit.course.exercises import strict
from dfkit.course.exercises.ch09 import q1, q2, q3, q4, q5

strict(True)
logging.getLogger("tensorflow").setLevel(logging.ERROR)

# %% [markdown]
# **q1.** Unfreeze the backbone itself first: in Keras 3 a model whose own `trainable` is
# False hides every layer's weights, whatever their flags say (and setting the model's flag
# sets every layer's). Count the blocks from the names (the highest `blockNN` number plus one),
# then decide on each layer's name prefix (`block14`, `top`, ...) and overrule BatchNorm.

# %%
def unfreeze_top(backbone, n):
    blocks = 1 + max(int(layer.name[5:7]) for layer in backbone.layers
                     if layer.name.startswith("block"))
    top = {f"block{i:02d}" for i in range(blocks - n, blocks)}
    if n > 0:
        top.add("top")
    backbone.trainable = True
    for layer in backbone.layers:
        in_top = layer.name.split("_")[0] in top
        is_bn = isinstance(layer, keras.layers.BatchNormalization)
        layer.trainable = in_top and not is_bn
    return backbone


q1.check()

# %% [markdown]
# **q2.** The answer depends on the run, and it is read from the paired interval of the gain,
# not from the point estimate. In an example where fine-tuning gained `0.05` but the interval
# of the difference runs from below 0 to above it, the right prediction is (b), too close to
# call.

# %%
# (difference, low, high), as in section 3
fine_tune_gain = (0.05, -0.02, 0.12)
q2_prediction = "b"
q2.check()

# %% [markdown]
# **q3.** (b): in training mode every step normalises with the batch's own mean and variance,
# so the batch decides how well they stand for the training set. 128 faces drawn independently
# from all the training faces give statistics that barely drift from batch to batch. Drawn the
# same way, 8 faces (c) give a mean and variance that jump with every batch. Batches of 8
# people (a) are normalised to those people; one-label batches (d) normalise away the real/fake
# difference itself, whichever label comes next.

# %%
q3_answer = "b"
q3.check()

# %% [markdown]
# **q4.** The probe with and without augmentation, everything else equal (the same builder
# and seed, trained as `train_model` trains it: early stopping on validation AUC, patience
# `3`). The check scores `noaug_model` on the test faces itself, and on validation against the
# best epoch of `noaug_history` (the table `fit` returned, unedited), so the model is kept, not
# only its scores. The reading comes from the paired interval of the gain, as q2's did: only an
# interval that leaves out 0 says augmentation helped (or hurt) beyond the luck of the test
# faces.

# %%
data = course.prepare()
profile = data.profile
train_b, val_b, test_b = training.split_batches(data.splits, profile, "rgb")


def scores(model, inputs: str = "rgb") -> dict:
    val, test = (training.batches(f, profile, inputs)
                 for f in (data.val, data.test))
    p_val = training.predict(model, val)
    threshold = metrics.validation_threshold(val.labels, p_val)["value"]
    p_test = training.predict(model, test)
    result = metrics.summary(test.labels, p_test, threshold)
    return {"test ROC-AUC": round(result["roc_auc"], 3),
            "test balanced accuracy": round(result["balanced_accuracy"], 3)}


def probe_run(augment: bool) -> tuple:
    model = backbones.build_lite0(training.input_shape(profile),
                                  seed=profile.seed, augment=augment)
    stop = training.early_stopping("val_auc", 3)
    history = training.fit(model, train_b, val_b, epochs=profile.epochs,
                           callbacks=[stop], verbose=0)
    return model, history


probe, probe_history = probe_run(augment=True)
noaug_model, noaug_history = probe_run(augment=False)
probe_scores, noaug_scores = scores(probe), scores(noaug_model)
p_with, p_without = (training.predict(m, test_b) for m in (probe, noaug_model))
augmentation_gain = metrics.paired_auc_difference(
    test_b.labels, p_without, p_with, groups=data.test["group"], n_boot=300,
    seed=profile.seed)
gain, low, high = augmentation_gain
print(f"with minus without augmentation: {gain:+.3f} "
      f"[{low:+.3f}, {high:+.3f}]")
q4_answer = "a" if low > 0 else "c" if high < 0 else "b"
q4.check()

# %% [markdown]
# **q5.** Section 2 gives the last map's side at two sizes: 2 at 64 px and 7 at 224 px, the
# input's side divided by 32 (Lite0 halves it five times). At `160` px that leaves 5×5
# positions of 1,280 channels. Flatten keeps every number of it, so the Dense(1) unit gets one
# weight per position and channel, plus one bias. The course's probe pools first and trains
# 1,281 scalars at any image size, as counting its trainable weights shows.

# %%
counted = sum(int(w.numpy().size) for w in probe.trainable_weights)
print(f"this run's pooled probe ({profile.image_size} px faces) "
      f"trains {counted} scalars")
stride = 224 // 7  # = 64 // 2: the side is halved five times
side = 160 // stride
flat_probe = side * side * 1280 + 1
print(f"flattened at 160 px: {side}x{side}x1280 + 1 = {flat_probe}")
q5.check()
