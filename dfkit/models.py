"""The paper's two classifiers (§II-D), in Keras 3 layers only, for any channel count.

* :func:`build_cnn` — Model 1, the custom CNN: a tunable number of conv blocks, filters,
  kernel size, dropout and dense units, Adam with a log-uniform learning rate in [1e-4, 1e-2].
* :func:`build_resnet` — Model 2, ResNet-style: residual blocks with filters 32→64→128→256,
  batch normalisation and dropout interleaved, global average pooling.

Both take a Keras Tuner ``hp`` (or ``None`` for sensible defaults), build on the TensorFlow
and JAX backends alike, and are compiled with the course's standard metrics.
"""

from __future__ import annotations

import keras
import pandas as pd
from keras import layers

RESNET_FILTERS = (32, 64, 128, 256)


def standard_metrics() -> list:
    """Accuracy, recall, precision and ROC-AUC: logged for train and validation every epoch."""
    return [keras.metrics.BinaryAccuracy(name="accuracy"), keras.metrics.Recall(name="recall"),
            keras.metrics.Precision(name="precision"), keras.metrics.AUC(name="auc")]


class _Defaults:
    """Stands in for a Keras Tuner ``hp`` when there is none: every call returns its default."""

    def Int(self, name, min_value, max_value, step=1, default=None, **_):  # noqa: N802 (Keras Tuner's names)
        return default if default is not None else min_value

    def Float(self, name, min_value, max_value, default=None, **_):  # noqa: N802
        return default if default is not None else min_value

    def Choice(self, name, values, default=None, **_):  # noqa: N802
        return default if default is not None else values[0]


def _compile(model: keras.Model, hp) -> keras.Model:
    lr = hp.Float("learning_rate", 1e-4, 1e-2, sampling="log", default=1e-3)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr), loss="binary_crossentropy",
                  metrics=standard_metrics())
    return model


def conv_block(x, filters: int, kernel_size: int, dropout: float, name: str):
    """Conv → ReLU → max-pool → dropout: the unit Model 1 stacks."""
    x = layers.Conv2D(filters, kernel_size, padding="same", activation="relu", name=f"{name}_conv")(x)
    x = layers.MaxPooling2D(name=f"{name}_pool")(x)
    return layers.Dropout(dropout, name=f"{name}_drop")(x) if dropout else x


def seed_weights(seed: int | None) -> None:
    """Seed Python, NumPy and the backend before any layer exists: the one place weights are seeded.

    Keras draws initial weights and each dropout layer's seed when a layer is built, so seeding
    after ``build`` (as ``fit`` once did) leaves the starting weights to chance. ``None``: no-op.
    """
    if seed is not None:
        keras.utils.set_random_seed(int(seed))


def build_cnn(hp=None, input_shape: tuple[int, int, int] = (128, 128, 3),
              seed: int | None = None) -> keras.Model:
    """Model 1: the custom CNN of the paper, its shape drawn from ``hp`` (defaults without one).

    ``seed``: seeds the initial weights (same seed, same model); ``None`` leaves them to chance."""
    seed_weights(seed)
    hp = hp or _Defaults()
    n_blocks = hp.Int("conv_blocks", 2, 4, default=3)
    kernel = hp.Choice("kernel_size", [3, 5], default=3)
    dropout = hp.Float("dropout", 0.0, 0.5, step=0.1, default=0.2)
    inputs = keras.Input(input_shape, name="image")
    x = inputs
    for i in range(n_blocks):
        filters = hp.Int(f"filters_{i}", 16, 128, step=16, default=min(128, 32 * 2 ** i))
        x = conv_block(x, filters, kernel, dropout, name=f"block{i + 1}")
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    x = layers.Dense(hp.Int("dense_units", 32, 256, step=32, default=64), activation="relu", name="dense")(x)
    x = layers.Dropout(dropout, name="head_drop")(x)
    outputs = layers.Dense(1, activation="sigmoid", dtype="float32", name="fake_probability")(x)  # fp32 under mixed precision
    return _compile(keras.Model(inputs, outputs, name="model_1_cnn"), hp)


def residual_block(x, filters: int, stride: int, name: str):
    """Two 3×3 convs with batch norm, added to a (projected) shortcut: the ResNet unit."""
    shortcut = x
    y = layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False, name=f"{name}_conv1")(x)
    y = layers.BatchNormalization(name=f"{name}_bn1")(y)
    y = layers.Activation("relu", name=f"{name}_relu1")(y)
    y = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_conv2")(y)
    y = layers.BatchNormalization(name=f"{name}_bn2")(y)
    if stride != 1 or shortcut.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=stride, use_bias=False, name=f"{name}_proj")(shortcut)
        shortcut = layers.BatchNormalization(name=f"{name}_proj_bn")(shortcut)
    y = layers.Add(name=f"{name}_add")([y, shortcut])
    return layers.Activation("relu", name=f"{name}_out")(y)


def build_resnet(hp=None, input_shape: tuple[int, int, int] = (128, 128, 3),
                 seed: int | None = None) -> keras.Model:
    """Model 2: ResNet-style, filters 32→64→128→256, BN and dropout interleaved, global pooling.

    ``seed``: seeds the initial weights (same seed, same model); ``None`` leaves them to chance."""
    seed_weights(seed)
    hp = hp or _Defaults()
    dropout = hp.Float("dropout", 0.0, 0.5, step=0.1, default=0.2)
    inputs = keras.Input(input_shape, name="image")
    # a strided stem, as in every ResNet: it still sees every pixel, at a quarter of the cost after it
    x = layers.Conv2D(RESNET_FILTERS[0], 3, strides=2, padding="same", use_bias=False, name="stem_conv")(inputs)
    x = layers.BatchNormalization(name="stem_bn")(x)
    x = layers.Activation("relu", name="stem_relu")(x)
    for i, filters in enumerate(RESNET_FILTERS):
        x = residual_block(x, filters, stride=1 if i == 0 else 2, name=f"stage{i + 1}")
        x = layers.Dropout(dropout, name=f"stage{i + 1}_drop")(x)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = layers.Dense(1, activation="sigmoid", dtype="float32", name="fake_probability")(x)  # fp32 under mixed precision
    return _compile(keras.Model(inputs, outputs, name="model_2_resnet"), hp)


def layer_table(model: keras.Model) -> pd.DataFrame:
    """The architecture as a table (the paper's Figs 5-6): layer, type, output shape, parameters."""
    rows = [{"layer": layer.name, "type": type(layer).__name__,
             "output shape": str(tuple(layer.output.shape[1:])) if hasattr(layer, "output") else "",
             "parameters": layer.count_params()} for layer in model.layers]
    return pd.DataFrame(rows)


BUILDERS = {"cnn": build_cnn, "resnet": build_resnet}


def builder(kind: str):
    """The build function of Model 1 (``"cnn"``) or Model 2 (``"resnet"``)."""
    if kind not in BUILDERS:
        raise ValueError(f"kind must be one of {', '.join(BUILDERS)}, got {kind!r}")
    return BUILDERS[kind]
