"""dfkit.data.loader: batches stream from disk, reproducibly, and train a model on TF and on JAX."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from dfkit.data import dataset as data

BACKEND_SCRIPT = textwrap.dedent("""
    import json, sys
    import keras
    from dfkit.data import dataset as data, loader
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
    from dfkit.data import loader

    batches = loader.ImageBatches(manifest, image_size=48, batch_size=32)
    assert len(batches) == 4
    x, y = batches[3]
    assert x.shape == (24, 48, 48, 3) and x.dtype == np.float32 and 0 <= x.min() and x.max() <= 1
    assert y.tolist() == manifest["y"].iloc[96:].tolist()


def test_shuffle_is_reproducible_and_changes_per_epoch(manifest):
    from dfkit.data import loader

    a = loader.ImageBatches(manifest, 32, 16, shuffle=True, seed=3)
    b = loader.ImageBatches(manifest, 32, 16, shuffle=True, seed=3)
    assert np.array_equal(a[0][1], b[0][1]) and np.array_equal(a.order, b.order)
    first = a.order.copy()
    a.on_epoch_end()
    assert not np.array_equal(first, a.order) and sorted(a.order) == list(range(len(manifest)))


def test_custom_transform_and_empty_manifest(manifest):
    from dfkit.data import loader

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


@pytest.mark.parametrize("inputs", ["rgb", "stack"])
def test_batches_pulled_by_many_threads_at_once_equal_the_serial_ones(manifest, inputs):
    """What Keras' workers do: several threads index one stream at the same time, in any order."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from dfkit import config, training

    profile = config.get_profile("ci", image_size=32, batch_size=8)
    stream = training.batches(manifest.iloc[:48], profile, inputs, shuffle=True)  # 6 batches
    serial = [stream[i] for i in range(len(stream))]
    start = threading.Barrier(6)
    order = np.random.default_rng(0).permutation(np.tile(np.arange(len(stream)), 3))

    def pull(share: np.ndarray) -> list[tuple[int, tuple]]:
        start.wait()  # all six threads begin together
        return [(int(i), stream[int(i)]) for i in share]

    with ThreadPoolExecutor(6) as pool:
        pulled = [item for part in pool.map(pull, np.array_split(order, 6)) for item in part]
    assert len(pulled) == 3 * len(stream)
    for i, (x, y) in pulled:
        assert np.array_equal(x, serial[i][0]) and np.array_equal(y, serial[i][1]), f"batch {i} differs"


def test_array_batches_shuffle_like_image_batches(manifest):
    from dfkit.data import loader

    inputs = np.arange(len(manifest), dtype=np.float32)[:, None]
    arrays = loader.ArrayBatches(inputs, manifest["y"].to_numpy(), 16, shuffle=True, seed=3)
    images = loader.ImageBatches(manifest, 32, 16, shuffle=True, seed=3)
    assert np.array_equal(arrays.order, images.order)
    x, y = arrays[0]
    assert x.ravel().astype(int).tolist() == images.order[:16].tolist() and len(y) == 16
    with pytest.raises(ValueError, match="as many labels"):
        loader.ArrayBatches(inputs, manifest["y"].to_numpy()[:-1])


@pytest.mark.parametrize("inputs", ["rgb", "stack"])
def test_input_cache_serves_the_streamed_batches(manifest, inputs):
    """training.batches(cache=...): same images, labels and per-epoch order as streaming, from memory."""
    from dfkit import config, training

    profile = config.get_profile("ci", image_size=32, batch_size=16)
    part, other = manifest.iloc[::2], manifest.iloc[1::2]
    cache = training.input_cache([other, part], profile, inputs)
    assert cache.inputs.shape == (len(manifest), 32, 32, 3 if inputs == "rgb" else 6)
    plain, cached = training.batches(part, profile, inputs), training.batches(part, profile, inputs, cache=cache)
    for i in (0, len(plain) - 1):
        assert np.array_equal(plain[i][0], cached[i][0]) and np.array_equal(plain[i][1], cached[i][1])
    streamed = training.batches(part, profile, inputs, shuffle=True, seed=5)
    held = training.batches(part, profile, inputs, shuffle=True, seed=5, cache=cache)
    for _ in range(2):  # this epoch and the next: the very same batches, so training gives the same model
        assert np.array_equal(streamed[0][0], held[0][0]) and np.array_equal(streamed[0][1], held[0][1])
        streamed.on_epoch_end(), held.on_epoch_end()


def test_input_cache_refuses_what_it_cannot_serve(manifest, monkeypatch):
    from types import SimpleNamespace

    from dfkit import config, training
    from dfkit.data import loader

    profile = config.get_profile("ci", image_size=32, batch_size=16)
    cache = training.input_cache(manifest.iloc[:20], profile, "rgb")
    with pytest.raises(ValueError, match="3-channel inputs at 32px, not 'stack' at 32px"):
        training.batches(manifest.iloc[:20], profile, "stack", cache=cache)
    with pytest.raises(ValueError, match="not 'rgb' at 48px"):
        training.batches(manifest.iloc[:20], config.get_profile("ci", image_size=48), "rgb", cache=cache)
    with pytest.raises(ValueError, match="not in the InputCache"):
        training.batches(manifest.iloc[10:30], profile, "rgb", cache=cache)
    with pytest.raises(ValueError, match="same file twice"):
        training.input_cache([manifest.iloc[:20], manifest.iloc[15:25]], profile, "rgb")
    monkeypatch.setattr(loader.psutil, "virtual_memory", lambda: SimpleNamespace(available=2**20))
    refusal = r"needs 2\.8 MiB, more than 50% of the 1\.0 MiB.*leave out --in-memory"
    with pytest.raises(loader.DoesNotFit, match=refusal):
        training.input_cache(manifest.iloc[:1000], profile, "stack")


@pytest.mark.parametrize("backend", ["tensorflow", "jax"])
def test_model_trains_from_the_stream_on_each_backend(synthetic_root, backend):
    env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3", "JAX_PLATFORMS": "cpu"}
    out = subprocess.run([sys.executable, "-c", BACKEND_SCRIPT, str(synthetic_root)], env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["backend"] == backend and all(np.isfinite(result["loss"]))


def _fit_losses(train, x, y):
    """Three epochs of a tiny seeded model on ``train`` (plain SGD: every batch's order shows in the loss)."""
    import keras

    from dfkit import training
    from dfkit.data import loader

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(x.shape[1:]), keras.layers.Flatten(),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="binary_crossentropy")
    return training.fit(model, train, loader.ArrayBatches(x, y, 16), epochs=3, verbose=0)["loss"].tolist()


def test_a_second_fit_on_one_stream_sees_the_batches_of_a_fresh_stream():
    """Issue 24 item 3: epoch k's order is a function of (seed, k) alone, whatever ran on the stream before."""
    from dfkit.data import loader

    rng = np.random.default_rng(0)
    x, y = rng.random((48, 4, 4, 3), dtype=np.float32), (rng.random(48) > 0.5).astype(np.float32)
    shared = loader.ArrayBatches(x, y, 16, shuffle=True, seed=1)
    first, second = _fit_losses(shared, x, y), _fit_losses(shared, x, y)
    fresh = _fit_losses(loader.ArrayBatches(x, y, 16, shuffle=True, seed=1), x, y)
    assert first == fresh and second == fresh
    other_seed = _fit_losses(loader.ArrayBatches(x, y, 16, shuffle=True, seed=2), x, y)
    assert other_seed != fresh  # the order does reach the loss: the test can see a changed shuffle


def test_epoch_order_is_the_seeded_permutation_of_that_epoch(manifest):
    import copy

    from dfkit.data import loader

    stream = loader.ImageBatches(manifest, 32, 16, shuffle=True, seed=3)
    for _ in range(5):
        stream.on_epoch_end()  # what earlier fits leave behind
    follow = copy.deepcopy(loader.FollowEpochs(stream))  # Keras Tuner copies each trial's callbacks
    assert follow.streams[0] is stream
    for epoch in (0, 2, 1):
        follow.on_epoch_begin(epoch)
        expected = np.random.default_rng([3, epoch]).permutation(len(manifest))
        assert np.array_equal(stream.order, expected)
