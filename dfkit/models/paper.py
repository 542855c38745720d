"""The paper's two classifiers (§II-D), in Keras 3 layers only, for any channel count.

* :func:`build_cnn` — Model 1, the custom CNN: a tunable number of conv blocks, filters,
  kernel size, dropout and dense units, Adam with a log-uniform learning rate in [1e-4, 1e-2].
* :func:`build_resnet` — Model 2, ResNet-style: residual blocks with filters 32→64→128→256,
  batch normalisation and dropout interleaved, global average pooling.

Each builder reads its hyperparameters from a search-space function (:func:`cnn_search_space`,
:func:`resnet_search_space`) that takes a Keras Tuner ``hp``, or :class:`Defaults` when there is
none. Chapters 03-05 show these functions in the page (``# @save dfkit.models.paper`` cells).
The output unit and the compile step, shared with the pretrained detector, are in
:mod:`dfkit.models.head` (re-exported here: ``models.compile_model``).
"""

from __future__ import annotations

import keras
import pandas as pd
from keras import layers

from dfkit.models import backbones
from dfkit.models.head import compile_model, fake_probability, standard_metrics

__all__ = ["RESNET_FILTERS", "BN_MOMENTUM", "Defaults", "standard_metrics", "compile_model",
           "fake_probability", "cnn_search_space", "resnet_search_space", "seed_weights",
           "conv_block", "build_cnn", "residual_block", "build_resnet", "layer_table", "BUILDERS",
           "builder", "pixel_input", "unit_input"]

RESNET_FILTERS = (32, 64, 128, 256)
# Batch norm's moving-average momentum for Model 2. Keras' default (0.99) suits many thousands of
# steps; at the laptop profile's 27 steps per epoch, 0.99**270 ~ 7% of each average is still its
# initial value (mean 0, variance 1) after 10 epochs, and validation scores all fell on one side
# of 0.5 while training accuracy climbed (benchmarks/bn_diagnosis.py, benchmarks/README.md).
BN_MOMENTUM = 0.9


class Defaults:
    """Stands in for a Keras Tuner ``hp`` when there is none: every call returns its default."""

    # the method names are Keras Tuner's, hence not snake_case
    def Int(self, name, min_value, max_value, step=1, default=None, **_):  # noqa: N802
        return default if default is not None else min_value

    def Float(self, name, min_value, max_value, default=None, **_):  # noqa: N802
        return default if default is not None else min_value

    def Choice(self, name, values, default=None, **_):  # noqa: N802
        return default if default is not None else values[0]


def cnn_search_space(hp) -> dict:
    """Model 1's hyperparameters: what Keras Tuner searches over (its defaults without a tuner)."""
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


def resnet_search_space(hp) -> dict:
    """Model 2's hyperparameters: only dropout and the learning rate are searched."""
    dropout = hp.Float("dropout", 0.0, 0.5, step=0.1, default=0.2)
    learning_rate = hp.Float("learning_rate", 1e-4, 1e-2, sampling="log",
                             default=1e-3)
    return {"dropout": dropout, "learning_rate": learning_rate}


def seed_weights(seed: int | None) -> None:
    """Seed Python, NumPy and the backend before any layer exists: the one place weights are seeded.

    Keras draws initial weights and each dropout layer's seed when a layer is built, so seeding
    after ``build`` (as ``fit`` once did) leaves the starting weights to chance. ``None``: no-op.
    """
    if seed is not None:
        keras.utils.set_random_seed(int(seed))


def conv_block(x, filters: int, kernel_size: int, dropout: float, name: str):
    """Conv → ReLU → max-pool → dropout: the unit Model 1 stacks."""
    x = layers.Conv2D(filters, kernel_size, padding="same", activation="relu",
                      name=f"{name}_conv")(x)
    x = layers.MaxPooling2D(name=f"{name}_pool")(x)
    if dropout:
        x = layers.Dropout(dropout, name=f"{name}_drop")(x)
    return x


def build_cnn(hp=None, input_shape: tuple[int, int, int] = (128, 128, 3),
              seed: int | None = None) -> keras.Model:
    """Model 1: the paper's custom CNN, its shape drawn from ``hp`` (defaults without one)."""
    seed_weights(seed)  # same seed, same initial weights
    space = cnn_search_space(hp or Defaults())
    inputs = keras.Input(input_shape, name="image")
    x = inputs
    for i, filters in enumerate(space["filters"]):
        x = conv_block(x, filters, space["kernel_size"], space["dropout"],
                       name=f"block{i + 1}")
    # Deviation from the paper, whose Model 1 presumably flattens here: we use
    # global average pooling (why: chapter 03's box "A declared deviation").
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    x = layers.Dense(space["dense_units"], activation="relu", name="dense")(x)
    x = layers.Dropout(space["dropout"], name="head_drop")(x)
    outputs = fake_probability(x)
    model = keras.Model(inputs, outputs, name="model_1_cnn")
    return compile_model(model, space["learning_rate"])


def residual_block(x, filters: int, stride: int, name: str,
                   bn_momentum: float = BN_MOMENTUM):
    """Two 3×3 convs with batch norm, added to a shortcut: the ResNet unit.

    The shortcut is the input itself when the shape is unchanged; when the block halves the
    resolution (``stride`` 2) or changes the filter count, a 1×1 convolution projects it.
    """
    y = layers.Conv2D(filters, 3, strides=stride, padding="same",
                      use_bias=False, name=f"{name}_conv1")(x)
    y = layers.BatchNormalization(momentum=bn_momentum, name=f"{name}_bn1")(y)
    y = layers.Activation("relu", name=f"{name}_relu1")(y)
    y = layers.Conv2D(filters, 3, padding="same", use_bias=False,
                      name=f"{name}_conv2")(y)
    y = layers.BatchNormalization(momentum=bn_momentum, name=f"{name}_bn2")(y)
    shortcut = x
    if stride != 1 or x.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=stride, use_bias=False,
                                 name=f"{name}_proj")(x)
        shortcut = layers.BatchNormalization(momentum=bn_momentum,
                                             name=f"{name}_proj_bn")(shortcut)
    y = layers.Add(name=f"{name}_add")([y, shortcut])
    return layers.Activation("relu", name=f"{name}_out")(y)


def build_resnet(hp=None, input_shape: tuple[int, int, int] = (128, 128, 3),
                 seed: int | None = None,
                 bn_momentum: float = BN_MOMENTUM) -> keras.Model:
    """Model 2: ResNet-style, with filters 32→64→128→256.

    Batch norm and dropout interleaved, then global average pooling.
    """
    seed_weights(seed)  # same seed, same initial weights
    space = resnet_search_space(hp or Defaults())
    inputs = keras.Input(input_shape, name="image")
    # the stem: a 3×3 conv with stride 2 halves height and width, so every
    # layer after it works on a quarter of the positions (a lighter version of
    # ResNet's opening, a 7×7 conv with stride 2 and a max-pool)
    x = layers.Conv2D(RESNET_FILTERS[0], 3, strides=2, padding="same",
                      use_bias=False, name="stem_conv")(inputs)
    x = layers.BatchNormalization(momentum=bn_momentum, name="stem_bn")(x)
    x = layers.Activation("relu", name="stem_relu")(x)
    for i, filters in enumerate(RESNET_FILTERS):
        stride = 1 if i == 0 else 2
        x = residual_block(x, filters, stride, name=f"stage{i + 1}",
                           bn_momentum=bn_momentum)
        x = layers.Dropout(space["dropout"], name=f"stage{i + 1}_drop")(x)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = fake_probability(x)
    model = keras.Model(inputs, outputs, name="model_2_resnet")
    return compile_model(model, space["learning_rate"])


def layer_table(model: keras.Model) -> pd.DataFrame:
    """The architecture as a table (the paper's Figs 5-6): layer, type, output shape, parameters."""
    rows = [{"layer": layer.name, "type": type(layer).__name__,
             "output shape": str(tuple(layer.output.shape[1:])) if hasattr(layer, "output") else "",
             "parameters": layer.count_params()} for layer in model.layers]
    return pd.DataFrame(rows)


BUILDERS = {"cnn": build_cnn, "resnet": build_resnet, "lite0": backbones.build_lite0_hp}


def builder(kind: str):
    """The build function of Model 1 (``"cnn"``) or Model 2 (``"resnet"``)."""
    if kind not in BUILDERS:
        raise ValueError(f"kind must be one of {', '.join(BUILDERS)}, got {kind!r}")
    return BUILDERS[kind]


def pixel_input(model: keras.Model) -> keras.Model:
    """``model`` (trained on RGB in [0, 1]) behind ``Rescaling(1/255)``: it then takes raw 0-255 or
    uint8 images, so a reloaded run needs no preprocessing (what runs save for RGB inputs).

    The 6-channel stack cannot move inside a model this way: its texture and frequency channels
    are computed by NumPy/numba (:func:`dfkit.features.handcrafted.feature_stack`), not by Keras layers.
    """
    trained = keras.models.clone_model(model)  # an uncompiled copy: no optimizer state saved with it
    trained.set_weights(model.get_weights())
    inputs = keras.Input(model.input_shape[1:], name="pixels")
    x = layers.Rescaling(1 / 255, name="pixels_to_unit")(inputs)
    return keras.Model(inputs, trained(x), name=f"{model.name}_pixels")


def unit_input(model: keras.Model) -> keras.Model:
    """The [0, 1]-input model inside a :func:`pixel_input` wrapper; any other model as it is."""
    if len(model.layers) == 3 and isinstance(model.layers[1], layers.Rescaling) \
            and isinstance(model.layers[2], keras.Model):
        return model.layers[2]
    return model
