"""dfkit.loader: batches stream from disk, reproducibly, and train a model on TF and on JAX."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from dfkit import data

BACKEND_SCRIPT = textwrap.dedent("""
    import json, sys
    import keras
    from dfkit import data, loader
    manifest, _ = data.scan(sys.argv[1], verbose=False)
    keras.utils.set_random_seed(0)
    batches = loader.ImageBatches(manifest, image_size=32, batch_size=16, shuffle=True, seed=1)
    model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Conv2D(4, 3, activation="relu"),
                              keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(batches, epochs=2, verbose=0)
    print(json.dumps({"backend": keras.backend.backend(), "loss": history.history["loss"]}))
""")


@pytest.fixture(scope="module")
def manifest(synthetic_root):
    return data.scan(synthetic_root, verbose=False)[0]


def test_batches_have_the_right_shape_dtype_and_labels(manifest):
    from dfkit import loader

    batches = loader.ImageBatches(manifest, image_size=48, batch_size=32)
    assert len(batches) == 4
    x, y = batches[3]
    assert x.shape == (24, 48, 48, 3) and x.dtype == np.float32 and 0 <= x.min() and x.max() <= 1
    assert y.tolist() == manifest["y"].iloc[96:].tolist()


def test_shuffle_is_reproducible_and_changes_per_epoch(manifest):
    from dfkit import loader

    a = loader.ImageBatches(manifest, 32, 16, shuffle=True, seed=3)
    b = loader.ImageBatches(manifest, 32, 16, shuffle=True, seed=3)
    assert np.array_equal(a[0][1], b[0][1]) and np.array_equal(a.order, b.order)
    first = a.order.copy()
    a.on_epoch_end()
    assert not np.array_equal(first, a.order) and sorted(a.order) == list(range(len(manifest)))


def test_custom_transform_and_empty_manifest(manifest):
    from dfkit import loader

    batches = loader.ImageBatches(manifest, 32, 8, transform=lambda b: b[..., :1].astype(np.float32))
    assert batches[0][0].shape == (8, 32, 32, 1)
    with pytest.raises(ValueError, match="empty"):
        loader.ImageBatches(manifest.iloc[:0], 32)


def test_worker_threads_give_the_same_batches(manifest):
    """training.batches(workers=4): threads prepare batches ahead; their content does not change."""
    from dfkit import config, training

    profile = config.get_profile("ci", image_size=32, batch_size=16)
    one, many = training.batches(manifest, profile, "stack"), training.batches(manifest, profile, "stack", workers=4)
    assert many.workers == 4 and not many.use_multiprocessing
    for i in (0, len(one) - 1):
        assert np.array_equal(one[i][0], many[i][0]) and np.array_equal(one[i][1], many[i][1])


def test_array_batches_shuffle_like_image_batches(manifest):
    from dfkit import loader

    inputs = np.arange(len(manifest), dtype=np.float32)[:, None]
    arrays = loader.ArrayBatches(inputs, manifest["y"].to_numpy(), 16, shuffle=True, seed=3)
    images = loader.ImageBatches(manifest, 32, 16, shuffle=True, seed=3)
    assert np.array_equal(arrays.order, images.order)
    x, y = arrays[0]
    assert sorted(x.ravel().astype(int)) == sorted(images.order[:16]) and len(y) == 16
    with pytest.raises(ValueError, match="as many labels"):
        loader.ArrayBatches(inputs, manifest["y"].to_numpy()[:-1])


@pytest.mark.parametrize("backend", ["tensorflow", "jax"])
def test_model_trains_from_the_stream_on_each_backend(synthetic_root, backend):
    env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3", "JAX_PLATFORMS": "cpu"}
    out = subprocess.run([sys.executable, "-c", BACKEND_SCRIPT, str(synthetic_root)], env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["backend"] == backend and all(np.isfinite(result["loss"]))
