"""Grad-CAM: which pixels pushed a model towards "fake", for any course model, on TF or JAX.

Grad-CAM (Selvaraju et al., 2017) weighs the feature maps of the last convolutional stage by
the gradient of the output with respect to them, keeps the positive part and up-samples it to
the image. Keras 3 has no backend-neutral gradient, so this module asks the active backend
(TensorFlow's GradientTape or ``jax.grad``) for that one gradient; everything else is Keras.
"""

from __future__ import annotations

import cv2
import keras
import numpy as np


def last_conv_layer(model: keras.Model) -> str:
    """The name of the last layer whose output is a 4-D feature map (the Grad-CAM target)."""
    for layer in reversed(model.layers):
        shape = getattr(layer, "output", None)
        if shape is not None and len(layer.output.shape) == 4:
            return layer.name
    raise ValueError(f"Model {model.name!r} has no layer with a 4-D output: Grad-CAM needs a convolutional model.")


def _split(model: keras.Model, layer_name: str) -> tuple[keras.Model, keras.Model]:
    layer = model.get_layer(layer_name)
    features = keras.Model(model.inputs[0], layer.output)
    head = keras.Model(layer.output, model.outputs[0])
    return features, head


def _gradients(head: keras.Model, maps: np.ndarray) -> np.ndarray:
    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        a = tf.convert_to_tensor(maps)
        with tf.GradientTape() as tape:
            tape.watch(a)
            out = head(a, training=False)
        return tape.gradient(out, a).numpy()
    if backend == "jax":
        import jax
        import jax.numpy as jnp

        return np.asarray(jax.grad(lambda a: jnp.sum(head(a, training=False)))(jnp.asarray(maps)))
    raise NotImplementedError(f"Grad-CAM supports the tensorflow and jax backends, not {backend!r}.")


def grad_cam(model: keras.Model, images: np.ndarray, layer_name: str | None = None) -> np.ndarray:
    """Heatmaps in [0, 1], one per image, at the images' size: where the evidence for 'fake' lies."""
    images = np.asarray(images, np.float32)
    features, head = _split(model, layer_name or last_conv_layer(model))
    maps = np.asarray(keras.ops.convert_to_numpy(features(images, training=False)))
    grads = _gradients(head, maps)
    weights = grads.mean(axis=(1, 2), keepdims=True)
    cams = np.maximum((weights * maps).sum(-1), 0)
    h, w = images.shape[1:3]
    out = np.stack([cv2.resize(c, (w, h), interpolation=cv2.INTER_LINEAR) for c in cams])
    peak = out.reshape(len(out), -1).max(1)[:, None, None]
    return np.divide(out, peak, out=np.zeros_like(out), where=peak > 0)
