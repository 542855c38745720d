"""Grad-CAM: which pixels pushed a model towards "fake", for any course model, on TF or JAX.

Grad-CAM (Selvaraju et al., 2017) weighs the feature maps of the last convolutional stage by
the gradient of the output with respect to them, keeps the positive part and up-samples it to
the image. Keras 3 has no backend-neutral gradient, so :func:`gradient_of_output` asks the
active backend (TensorFlow's GradientTape or ``jax.grad``) for that one gradient; everything
else is Keras and NumPy.
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
    raise ValueError(f"Model {model.name!r} has no layer with a 4-D output: Grad-CAM needs a "
                     "convolutional model.")


def split_at(model: keras.Model, layer_name: str) -> tuple[keras.Model, keras.Model]:
    """Two models: image -> feature maps of ``layer_name``, and feature maps -> the output."""
    layer = model.get_layer(layer_name)
    features = keras.Model(model.inputs[0], layer.output)
    head = keras.Model(layer.output, model.outputs[0])
    return features, head


def gradient_of_output(head: keras.Model, maps: np.ndarray) -> np.ndarray:
    """d(output) / d(maps) for every image, from the active backend (TensorFlow or JAX)."""
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

        total = lambda a: jnp.sum(head(a, training=False))  # noqa: E731
        return np.asarray(jax.grad(total)(jnp.asarray(maps)))
    raise NotImplementedError(f"Grad-CAM supports the tensorflow and jax backends, "
                              f"not {backend!r}.")


def grad_cam(model: keras.Model, images: np.ndarray,
             layer_name: str | None = None) -> np.ndarray:
    """Heatmaps in [0, 1], one per image, at the images' size: where the evidence for 'fake' lies."""
    images = np.asarray(images, np.float32)
    features, head = split_at(model, layer_name or last_conv_layer(model))
    # the feature maps, (n, h, w, k)
    maps = keras.ops.convert_to_numpy(features(images, training=False))
    grads = gradient_of_output(head, maps)  # how each map value moves p(fake)
    # one weight per feature map
    weights = grads.mean(axis=(1, 2), keepdims=True)
    # weighted sum; keep what raises "fake"
    cams = np.maximum((weights * maps).sum(axis=-1), 0)
    height, width = images.shape[1:3]
    # up to the image size
    cams = np.stack([cv2.resize(cam, (width, height)) for cam in cams])
    peak = cams.max(axis=(1, 2), keepdims=True)
    # each heatmap scaled to its own peak; an all-zero one stays zero
    return (np.where(peak > 0, cams / np.maximum(peak, 1e-12), 0.0)
            .astype(np.float32))
