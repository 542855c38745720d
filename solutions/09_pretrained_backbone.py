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

    importlib.invalidate_caches()  # so the new package imports without a restart

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
# **q1.** Decide on each layer's name prefix (`block14`, `top`, ...), then overrule BatchNorm.

# %%
def unfreeze_top(backbone, n):
    top = {f"block{i:02d}" for i in range(16 - n, 16)}
    if n > 0:
        top.add("top")
    for layer in backbone.layers:
        in_top = layer.name.split("_")[0] in top
        is_bn = isinstance(layer, keras.layers.BatchNormalization)
        layer.trainable = in_top and not is_bn
    return backbone


q1.check()

# %% [markdown]
# **q2.** The answer depends on the run; on an example where fine-tuning gained 0.05 over the
# longer-trained probe the right prediction is (a). The check then adds what the intervals
# allow: here they overlap, so that run could not tell the two apart.

# %%
probe_longer_scores = {"test ROC-AUC": 0.70, "95% interval": (0.62, 0.77)}
tuned_scores = {"test ROC-AUC": 0.75, "95% interval": (0.68, 0.81)}
q2_prediction = "a"
q2.check()

# %% [markdown]
# **q3.** (c): statistics from small single-domain batches would shift what every later layer
# was trained on.

# %%
q3_answer = "c"
q3.check()

# %% [markdown]
# **q4.** The probe with and without augmentation, everything else equal (as `train_model`
# trains it: early stopping on validation AUC, patience 3).

# %%
data = course.prepare()
profile = data.profile
train_b, val_b, test_b = training.split_batches(data.splits, profile, "rgb")


def scores(model, inputs: str = "rgb") -> dict:
    val, test = (training.batches(f, profile, inputs) for f in (data.val, data.test))
    p_val = training.predict(model, val)
    threshold = metrics.validation_threshold(val.labels, p_val)["value"]
    result = metrics.summary(test.labels, training.predict(model, test), threshold)
    return {"test ROC-AUC": result["roc_auc"],
            "test balanced accuracy": result["balanced_accuracy"]}


def probe_run(augment: bool) -> dict:
    model = backbones.build_lite0(training.input_shape(profile), seed=profile.seed,
                                  augment=augment)
    training.fit(model, train_b, val_b, epochs=profile.epochs,
                 callbacks=[training.early_stopping("val_auc", 3)], verbose=0,
                 seed=profile.seed)
    return scores(model)


probe_scores = probe_run(augment=True)
noaug_scores = probe_run(augment=False)
augmentation_gain = probe_scores["test ROC-AUC"] - noaug_scores["test ROC-AUC"]
print(f"augmentation gain: {augmentation_gain:+.3f}")
q4.check()

# %% [markdown]
# **q5.** The Dense(1) head: one weight per pooled feature (1,280) plus a bias.

# %%
probe_weights = 1280 + 1
q5.check()
