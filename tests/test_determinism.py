"""Same seed, same results: two fresh processes (TensorFlow backend, CPU, ci profile) train the same
model and run the same tuner search, and must agree to the last bit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from dfkit.models import paper as models

RUN = textwrap.dedent("""
    import json, sys, tempfile
    from dfkit import config
    from dfkit.data import dataset as data
    from dfkit.models import paper as models
    from dfkit.training import trainer as training, tuning

    root, what = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else None
    manifest, _ = data.scan(root, verbose=False)
    splits = data.make_splits(manifest, "group", seed=0)
    profile = config.get_profile("ci", image_size=32, batch_size=16, tuner_trials=2)
    train, val, test = training.split_batches(splits, profile, "rgb")
    out = {}
    if "fit" in what:
        model = models.build_cnn(input_shape=training.input_shape(profile, "rgb"), seed=profile.seed)
        history = training.fit(model, train, val, epochs=2, verbose=0)
        out["history"] = history.to_dict(orient="list")
        out["predictions"] = [float(p) for p in training.predict(model, test)]
    if "tune" in what:
        with tempfile.TemporaryDirectory() as folder:
            tuner = tuning.make_tuner(models.build_cnn, "m", profile, train, val, directory=folder,
                                      verbose=False, seed=seed, epochs=1)
            tuning.search(tuner, train, val, verbose=0)
            out["trials"] = tuning.trials_table(tuner).to_dict(orient="list")
    print("RESULT" + json.dumps(out))
""")


def run_twice(root, what: str, seeds: tuple = ()) -> list[dict]:
    """Start two fresh Python processes at once on the CPU with the TF backend; their results.
    ``seeds``: the search's seed of each process (default: the profile's)."""
    env = {**os.environ, "KERAS_BACKEND": "tensorflow", "CUDA_VISIBLE_DEVICES": "",
           "DFKIT_PROFILE": "ci", "TF_CPP_MIN_LOG_LEVEL": "3"}
    extra = [[str(s)] for s in seeds] or [[], []]
    procs = [subprocess.Popen([sys.executable, "-c", RUN, str(root), what, *more], env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for more in extra]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-3000:]
        line = next(x for x in out.splitlines() if x.startswith("RESULT"))
        results.append(json.loads(line[len("RESULT"):]))
    return results


def test_two_processes_train_identically_and_search_identically(synthetic_root):
    first, second = run_twice(synthetic_root, "fit+tune")
    assert first["history"] == second["history"], "histories differ between two fresh processes"
    assert first["predictions"] == second["predictions"], "predictions differ between two processes"
    assert first["trials"] == second["trials"], "the tuner's trials table differs between processes"
    assert len(first["history"]["loss"]) == 2 and len(first["trials"]["trial"]) == 2
    assert len(set(first["predictions"])) > 1  # a real model's outputs, not a constant


def test_another_search_seed_draws_other_trials(synthetic_root):
    """make_tuner(seed=...) seeds the search: two processes with seeds 7 and 8 draw other trials."""
    seven, eight = run_twice(synthetic_root, "tune", seeds=(7, 8))
    drawn = [sorted(t["trials"]["learning_rate"]) for t in (seven, eight)]  # every trial draws one
    assert drawn[0] != drawn[1], "seeds 7 and 8 drew the same hyperparameters"


def test_the_search_seed_seeds_every_trials_weights(tmp_path):
    import keras_tuner as kt

    from dfkit import config
    from dfkit.training import tuning

    profile = config.get_profile("ci", image_size=16, batch_size=4, tuner_trials=1)

    class Batches:  # what make_tuner reads of a stream: one batch's shape and the files
        paths = ["a.jpg"]

        def __getitem__(self, i):
            return np.zeros((4, 16, 16, 3), "float32"), np.zeros(4)

    kernels = []
    for seed in (7, 7, 8):
        tuner = tuning.make_tuner(models.build_cnn, "m", profile, Batches(), Batches(),
                                  directory=tmp_path / str(seed), verbose=False, seed=seed)
        kernels.append(_kernel(tuner.hypermodel.build(kt.HyperParameters())))
    assert np.array_equal(kernels[0], kernels[1]) and not np.array_equal(kernels[0], kernels[2])


def _kernel(model) -> np.ndarray:
    return np.asarray(model.layers[1].get_weights()[0])


def test_the_builders_seed_the_weights():
    for build in (models.build_cnn, models.build_resnet):
        a = _kernel(build(input_shape=(16, 16, 3), seed=7))
        b = _kernel(build(input_shape=(16, 16, 3), seed=7))
        c = _kernel(build(input_shape=(16, 16, 3), seed=8))
        assert np.array_equal(a, b), f"{build.__name__}: the same seed gave different weights"
        assert not np.array_equal(a, c), f"{build.__name__}: a different seed gave the same weights"


def test_fit_does_not_let_keras_reshuffle_our_batches(monkeypatch):
    from dfkit.training import trainer as training

    seen = {}

    class Recorder:
        def fit(self, *args, **kwargs):
            seen.update(kwargs)

            class History:
                history = {"loss": [1.0]}

            return History()

    training.fit(Recorder(), None, None, epochs=1, verbose=0)
    assert seen["shuffle"] is False


@pytest.mark.parametrize("seed", [None])
def test_no_seed_means_no_reseed(seed, monkeypatch):
    import keras

    calls = []
    monkeypatch.setattr(keras.utils, "set_random_seed", lambda s: calls.append(s))
    models.seed_weights(seed)
    models.seed_weights(3)
    assert calls == [3]
