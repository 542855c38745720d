"""What every course model ends with: the sigmoid output unit and the compile step.

Model 1 and Model 2 (:mod:`dfkit.models.paper`) and the EfficientNet-Lite0 detector
(:mod:`dfkit.models.backbones`) all output P(fake) from :func:`fake_probability` and are compiled
by :func:`compile_model` (Adam on binary cross-entropy, with :func:`standard_metrics`), so the
models differ only where the chapters say they do. This module imports no other model module:
both builders depend on it, and on nothing of each other's (no import cycle).
"""

from __future__ import annotations

import keras
from keras import layers

__all__ = ["standard_metrics", "compile_model", "fake_probability"]


def standard_metrics() -> list:
    """Accuracy, recall, precision and ROC-AUC: logged for train and validation every epoch."""
    return [keras.metrics.BinaryAccuracy(name="accuracy"), keras.metrics.Recall(name="recall"),
            keras.metrics.Precision(name="precision"), keras.metrics.AUC(name="auc")]


def compile_model(model: keras.Model, learning_rate: float) -> keras.Model:
    """Adam on binary cross-entropy, with the course's standard metrics."""
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="binary_crossentropy", metrics=standard_metrics())
    return model


def fake_probability(x):
    """The output layer: one sigmoid unit, the probability that the face is fake."""
    # float32 even under mixed precision, so that probabilities near 0 and 1 stay exact
    return layers.Dense(1, activation="sigmoid", dtype="float32", name="fake_probability")(x)
