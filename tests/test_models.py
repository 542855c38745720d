"""dfkit.models.paper, training, tuning and metrics: both nets on 3 and 6 channels, TF and JAX, the stop rule."""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import keras
import keras_tuner as kt
import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as skm

from dfkit import config, training
from dfkit.data import dataset as data
from dfkit.evaluation import metrics
from dfkit.models import paper as models
from dfkit.training import tuning


@pytest.fixture(scope="module")
def small(synthetic_root):
    manifest, _ = data.scan(synthetic_root, verbose=False)
    splits = data.make_splits(manifest, "group", seed=0)
    return splits, config.get_profile("ci", image_size=32, batch_size=16, tuner_trials=2)


@pytest.mark.parametrize("build", [models.build_cnn, models.build_resnet])
@pytest.mark.parametrize("channels", [3, 6])
def test_models_take_any_channel_count_and_train_a_step(build, channels):
    model = build(input_shape=(32, 32, channels))
    x = np.random.default_rng(0).random((8, 32, 32, channels), dtype=np.float32)
    y = np.array([0, 1] * 4, np.float32)
    logs = model.train_on_batch(x, y, return_dict=True)
    assert np.isfinite(logs["loss"]) and {"recall", "auc", "accuracy"} <= set(logs)
    assert model.predict(x, verbose=0).shape == (8, 1)


def test_resnet_has_real_residual_connections_and_the_papers_filters():
    model = models.build_resnet(input_shape=(32, 32, 3))
    adds = [layer for layer in model.layers if isinstance(layer, keras.layers.Add)]
    assert len(adds) == 4
    convs = [layer.filters for layer in model.layers
             if isinstance(layer, keras.layers.Conv2D) and "conv2" in layer.name]
    assert convs == [32, 64, 128, 256]
    types = {type(layer).__name__ for layer in model.layers}
    assert {"BatchNormalization", "Dropout", "GlobalAveragePooling2D"} <= types


def test_resnet_batch_norm_averages_forget_their_start_within_a_laptop_epoch():
    """Issue 22: at Keras' default momentum (0.99) 76% of each BN moving average was still its
    initial value after one laptop epoch (27 steps), and Model 2's validation scores sat on one
    side of 0.5 (benchmarks/bn_diagnosis.py). Every BN layer of Model 2 uses BN_MOMENTUM, and
    that momentum leaves under 10% of the start after one epoch of the default profile."""
    model = models.build_resnet(input_shape=(32, 32, 3))
    momenta = {layer.momentum for layer in model.layers
               if isinstance(layer, keras.layers.BatchNormalization)}
    assert momenta == {models.BN_MOMENTUM}
    laptop = config.get_profile("laptop")
    n_train = round(laptop.n_images * (1 - laptop.val_fraction - laptop.test_fraction))
    steps = math.ceil(n_train / laptop.batch_size)
    assert models.BN_MOMENTUM ** steps < 0.1, (steps, models.BN_MOMENTUM)
    assert {layer.momentum for layer in models.build_resnet(input_shape=(32, 32, 3),
                                                             bn_momentum=0.5).layers
            if isinstance(layer, keras.layers.BatchNormalization)} == {0.5}


def test_cnn_shape_follows_the_hyperparameters():
    hp = kt.HyperParameters()
    hp.Fixed("conv_blocks", 2)
    hp.Fixed("filters_0", 16)
    hp.Fixed("filters_1", 48)
    model = models.build_cnn(hp, input_shape=(32, 32, 6))
    convs = [layer.filters for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    assert convs == [16, 48]
    lr = float(keras.ops.convert_to_numpy(model.optimizer.learning_rate))
    assert 1e-4 <= lr <= 1e-2
    assert list(models.layer_table(model)["layer"])[:2] == ["image", "block1_conv"]


def test_learning_rate_is_searched_log_uniformly_in_the_papers_range():
    hp = kt.HyperParameters()
    models.build_cnn(hp, input_shape=(32, 32, 3))
    lr = hp.space[[p.name for p in hp.space].index("learning_rate")]
    assert (lr.min_value, lr.max_value, lr.sampling) == (1e-4, 1e-2, "log")


def test_recall_threshold_stop_fires_only_above_the_threshold():
    class Dummy:
        stop_training = False

    cb = training.RecallThresholdStop(0.98)
    cb.set_model(Dummy())
    cb.on_epoch_end(0, {"val_recall": 0.98})
    assert not cb.model.stop_training and cb.stopped_epoch is None
    cb.on_epoch_end(1, {"val_recall": 0.99})
    assert cb.model.stop_training and cb.stopped_epoch == 2


def test_fit_predict_evaluate_on_the_stream(small, capsys):
    splits, profile = small
    train = training.batches(splits.train, profile, "stack", shuffle=True)
    val = training.batches(splits.val, profile, "stack")
    model = models.build_cnn(input_shape=training.input_shape(profile, "stack"))
    log = training.EpochLog(("loss", "auc", "recall"))
    history = training.fit(model, train, val, epochs=2, callbacks=[training.early_stopping(patience=1), log],
                           verbose=0)
    assert list(history.index) == [1, 2][:len(history)] and "val_recall" in history
    head, *lines = capsys.readouterr().out.splitlines()  # EpochLog: one short line an epoch, the history's figures
    assert "training/validation" in head
    assert len(lines) == len(history) and all(len(line) <= 75 for line in lines), lines  # a book line: ~77
    first = history.iloc[0]
    assert lines[0].startswith("epoch 1/2  ") and f"auc {first['auc']:.3f}/{first['val_auc']:.3f}" in lines[0]
    assert f"loss {first['loss']:.3f}" in lines[0] and f"recall {first['recall']:.3f}" in lines[0]
    result = training.evaluate(model, val)
    assert result["tn"] + result["fp"] + result["fn"] + result["tp"] == len(splits.val)
    with pytest.raises(ValueError, match="unshuffled"):
        training.predict(model, train)


def test_metrics_agree_with_scikit_learn():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 200)
    p = np.clip(y * 0.3 + rng.random(200) * 0.7, 0, 1)
    s = metrics.summary(y, p, threshold=0.5)
    pred = (p >= 0.5).astype(int)
    assert s["accuracy"] == pytest.approx(skm.accuracy_score(y, pred))
    assert s["precision"] == pytest.approx(skm.precision_score(y, pred))
    assert s["recall"] == pytest.approx(skm.recall_score(y, pred))
    assert s["f1"] == pytest.approx(skm.f1_score(y, pred))
    assert s["balanced_accuracy"] == pytest.approx(skm.balanced_accuracy_score(y, pred))
    assert s["specificity"] == pytest.approx(skm.recall_score(1 - y, 1 - pred))
    assert s["roc_auc"] == pytest.approx(skm.roc_auc_score(y, p))


def test_paper_table_one_from_its_confusion_matrices():
    simple = metrics.from_confusion(tn=636, fp=113, fn=58, tp=942)
    resnet = metrics.from_confusion(tn=331, fp=418, fn=23, tp=977)
    assert round(100 * simple["accuracy"], 1) == 90.2 and round(100 * simple["recall"], 1) == 94.2
    assert round(100 * resnet["accuracy"], 2) == 74.79 and round(100 * resnet["recall"], 1) == 97.7
    assert round(100 * resnet["f1"], 2) == 81.59 and round(resnet["specificity"], 2) == 0.44


def test_tuner_uses_the_papers_setup_and_never_reuses_stale_trials(small, tmp_path, capsys):
    splits, profile = small
    train = training.batches(splits.train, profile, shuffle=True)
    val = training.batches(splits.val, profile)
    tuner = tuning.make_tuner(models.build_cnn, "model_1", profile, train, val, directory=tmp_path,
                              epochs=1)
    assert tuner.oracle.objective.name == "val_recall" and tuner.oracle.objective.direction == "max"
    assert tuner.oracle.max_trials == 2 and tuner.project_dir.endswith(
        os.path.join(profile.name, "model_1-val_recall", "deepfake_cnn"))
    tuning.search(tuner, train, val, epochs=1, verbose=0)
    table = tuning.trials_table(tuner)
    assert len(table) == 2 and (table["status"] == "COMPLETED").all() and "learning_rate" in table
    shown = capsys.readouterr()
    assert "starting afresh" in shown.out
    assert "epochs trained" in shown.err and "2/2" in shown.err  # a silent search shows a bar
    assert "trial 2/2" in shown.err and str(tmp_path) not in shown.out  # no machine paths
    saved = tuning.saved_epochs({"val_recall": tuner})
    assert saved.loc["val_recall", "epoch saved"] == 1 and saved.loc["val_recall", "trial"] in set(table["trial"])
    # tuning.draws lists the same draws without training (the chapter's seed check)
    drawn = tuning.draws(models.build_cnn, profile.seed, 2, input_shape=training.input_shape(profile))
    for _, trial in table.iterrows():
        assert {k: trial[k] for k in drawn} == drawn.loc[trial["trial"]].to_dict()
    exact = tuning.saved_epochs({"val_recall": tuner}, val=val)
    assert 0 <= exact.loc["val_recall", "roc_auc"] <= 1
    again = tuning.make_tuner(models.build_cnn, "model_1", profile, train, val, directory=tmp_path,
                              reuse=True, epochs=1)
    shown = capsys.readouterr().out
    assert "reusing" in shown and "Reloading Tuner" not in shown and len(tuning.trials_table(again)) == 2
    with pytest.raises(ValueError, match="pass seed=7 to tuning.make_tuner"):
        tuning.search(again, train, val, epochs=1, seed=7, verbose=0)
    with pytest.raises(ValueError, match="pass epochs=3 to tuning.make_tuner"):
        tuning.search(again, train, val, epochs=3, verbose=0)
    other_seed = tuning.make_tuner(models.build_cnn, "model_1", profile, train, val, directory=tmp_path,
                                   reuse=True, seed=7, epochs=1)
    assert "not reused" in capsys.readouterr().out and len(other_seed.oracle.trials) == 0
    other = training.batches(splits.test, profile)  # different data: old trials must not be reused
    fresh = tuning.make_tuner(models.build_cnn, "model_1", profile, train, other, directory=tmp_path,
                              reuse=True, epochs=1)
    assert "not reused" in capsys.readouterr().out and len(fresh.oracle.trials) == 0


def test_other_epochs_or_batches_never_reuse_finished_trials(small, tmp_path, capsys):
    """How long and on what batches each trial trains is part of the fingerprint: trials of
    1 epoch are not reloaded for a search of 2, nor for batches of another size."""
    splits, profile = small
    train = training.batches(splits.train, profile, shuffle=True)
    val = training.batches(splits.val, profile)
    tuner = tuning.make_tuner(models.build_cnn, "model_1", profile, train, val, directory=tmp_path,
                              epochs=1)
    tuning.search(tuner, train, val, verbose=0)
    same = tuning.make_tuner(models.build_cnn, "model_1", profile, train, val, directory=tmp_path,
                             reuse=True, epochs=1)
    assert "reusing" in capsys.readouterr().out and len(same.oracle.trials) == 2
    longer = tuning.make_tuner(models.build_cnn, "model_1", profile, train, val, directory=tmp_path,
                               reuse=True, epochs=2)
    assert "not reused" in capsys.readouterr().out and len(longer.oracle.trials) == 0
    wider = dataclasses.replace(profile, batch_size=profile.batch_size * 2)
    other = training.batches(splits.train, wider, shuffle=True)
    for batches, state in [(train, "reusing"), (other, "not reused")]:  # stamp, then compare
        tuning.make_tuner(models.build_cnn, "m", profile, train, val, directory=tmp_path / "b")
        tuning.make_tuner(models.build_cnn, "m", profile, batches, val, directory=tmp_path / "b",
                          reuse=True)
        assert state in capsys.readouterr().out


def test_tuner_folders_of_different_profiles_and_objectives_never_collide(small, tmp_path):
    """A ci run must not overwrite a laptop run's checkpoints (it did, 2026-11-26)."""
    splits, profile = small
    train = training.batches(splits.train, profile, shuffle=True)
    val = training.batches(splits.val, profile)
    laptop = dataclasses.replace(profile, name="laptop")
    first = tuning.make_tuner(models.build_cnn, "model_1", laptop, train, val, directory=tmp_path,
                              verbose=False)
    marker = Path(first.project_dir) / "laptop_checkpoint.txt"
    marker.write_text("trained for an hour")
    folders = {first.project_dir}
    for run_profile, objective_name in [(profile, "val_recall"), (profile, "val_auc"),
                                        (laptop, "val_auc")]:
        tuner = tuning.make_tuner(models.build_cnn, "model_1", run_profile, train, val,
                                  objective_name=objective_name, directory=tmp_path, verbose=False)
        assert run_profile.name in Path(tuner.project_dir).parts
        folders.add(tuner.project_dir)
    assert len(folders) == 4 and profile.name != "laptop"
    assert marker.read_text() == "trained for an hour"  # the fresh ci searches left it alone


JAX_SCRIPT = textwrap.dedent("""
    import json, sys
    import keras
    from dfkit import config
    from dfkit.data import dataset as data
    from dfkit.models import paper as models
    from dfkit import training
    manifest, _ = data.scan(sys.argv[1], verbose=False)
    splits = data.make_splits(manifest, "group", seed=0)
    profile = config.get_profile("ci", image_size=32, batch_size=16)
    out = {"backend": keras.backend.backend()}
    for build in (models.build_cnn, models.build_resnet):
        train = training.batches(splits.train, profile, "stack", shuffle=True)
        val = training.batches(splits.val, profile, "stack")
        model = build(input_shape=training.input_shape(profile, "stack"))
        stop = training.RecallThresholdStop(0.98)
        history = training.fit(model, train, val, epochs=1, callbacks=[stop], verbose=0)
        out[build.__name__] = training.evaluate(model, val)["roc_auc"]
    print(json.dumps(out))
""")


def test_both_models_train_on_the_feature_stack_on_jax(synthetic_root):
    env = {**os.environ, "KERAS_BACKEND": "jax", "JAX_PLATFORMS": "cpu"}
    out = subprocess.run([sys.executable, "-c", JAX_SCRIPT, str(synthetic_root)], env=env,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["backend"] == "jax"
    assert 0 <= result["build_cnn"] <= 1 and 0 <= result["build_resnet"] <= 1


def test_builder_names_both_models_and_refuses_others():
    assert models.builder("cnn") is models.build_cnn and models.builder("resnet") is models.build_resnet
    with pytest.raises(ValueError, match="cnn, resnet"):
        models.builder("vit")


def _count_traces(model: keras.Model) -> list[int]:
    """benchmarks/bench_first_step.py's trace counter, on ``model``."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_first_step.py"
    spec = importlib.util.spec_from_file_location("bench_first_step", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.count_traces(model)


@pytest.mark.skipif(keras.backend.backend() != "tensorflow", reason="a TensorFlow tracing detail")
def test_training_fit_traces_the_step_once_for_the_weights_keras_alone_trains():
    """training.fit creates Adam's state as training begins (BuildOptimizer): on TensorFlow the
    training step is traced once instead of twice (the second trace is most of Model 2's slow
    first epoch), and the weights are bit for bit those of Keras' own fit on the same batches."""
    from dfkit.data.loader import ArrayBatches, FollowEpochs

    rng = np.random.default_rng(0)
    x = rng.random((40, 32, 32, 3), dtype=np.float32)  # batches of 16: a smaller last one
    y = (rng.random(40) > 0.5).astype(np.float32)
    weights, traces = [], []
    for ours in (True, False):
        model = models.build_resnet(input_shape=(32, 32, 3), seed=3)
        count = _count_traces(model)
        train, val = ArrayBatches(x, y, 16, shuffle=True, seed=1), ArrayBatches(x[:16], y[:16], 16)
        if ours:
            training.fit(model, train, val, epochs=2, verbose=0)
        else:  # what training.fit does, without BuildOptimizer
            model.fit(train, validation_data=val, epochs=2, callbacks=[FollowEpochs(train)], verbose=0,
                      shuffle=False)
        weights.append(model.get_weights())
        traces.append(count[0])
    assert traces == [1, 2]
    assert all(np.array_equal(a, b) for a, b in zip(*weights, strict=True))


def test_build_optimizer_builds_from_the_weights_trainable_when_training_begins():
    """Layers unfrozen after compile (and before fit) are trained, as with Keras' own lazy state."""
    model = models.build_cnn(input_shape=(16, 16, 3), seed=0)
    model.get_layer("dense").trainable = False
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
    model.get_layer("dense").trainable = True  # after compile: the state must include it
    before = model.get_layer("dense").get_weights()[0].copy()
    x = np.random.default_rng(1).random((8, 16, 16, 3), dtype=np.float32)
    model.fit(x, np.array([0, 1] * 4, np.float32), epochs=1, verbose=0, callbacks=[training.BuildOptimizer()])
    assert model.optimizer.built
    assert not np.array_equal(before, model.get_layer("dense").get_weights()[0])


def test_an_edited_builder_of_the_same_name_never_reloads_the_old_trials(tmp_path):
    """A reader's catch: the fingerprint named the builder only, so a student who edited their
    own builder (or its search space) and kept its name got the old trials back."""
    source = ("def space(hp):\n    return hp.Float('dropout', 0.0, {top})\n\n"
              "def build(hp, input_shape=None):\n    return space(hp)\n")
    first, second, again = {}, {}, {}
    exec(compile(source.format(top=0.5), str(tmp_path / "a.py"), "exec"), first)
    exec(compile(source.format(top=0.4), str(tmp_path / "b.py"), "exec"), second)
    exec(compile(source.format(top=0.5), str(tmp_path / "c.py"), "exec"), again)
    digest = tuning.code_digest
    assert digest(first["build"]) != digest(second["build"])  # the search space changed
    assert digest(first["build"]) == digest(again["build"])  # same code, rerun elsewhere
    assert digest(functools.partial(first["build"], input_shape=(8, 8, 3))) == digest(first["build"])
    assert digest(models.build_cnn) == digest(models.build_cnn)


def test_epoch_log_replays_a_loaded_history(capsys):
    """A model loaded from the cache ran no epochs: replay prints its saved ones instead."""
    history = pd.DataFrame({"loss": [0.7, 0.5], "val_loss": [0.69, 0.6], "auc": [0.5, 0.8],
                            "val_auc": [0.6, 0.9]}, index=pd.RangeIndex(1, 3, name="epoch"))
    log = training.EpochLog()
    log.replay(history, epochs=10)
    head, *lines = capsys.readouterr().out.splitlines()
    assert "saved history" in head
    assert lines == ["epoch  1/10  loss 0.700/0.690  auc 0.500/0.600",
                     "epoch  2/10  loss 0.500/0.600  auc 0.800/0.900"]
    log.seconds.append(2.0)  # it trained: the epochs were printed as they ran
    log.replay(history)
    assert capsys.readouterr().out == ""
    titled = training.EpochLog(title="Model 1 (cnn)")  # two logs in a cell: whose epochs
    titled.replay(history)
    assert capsys.readouterr().out.startswith("Model 1 (cnn), its saved history: loss, auc")


def test_epoch_bar_moves_once_an_epoch_and_ends_at_the_epochs_trained():
    bar = training.EpochBar("paper's rule, seed 42")
    bar.set_params({"epochs": 10})
    bar.on_train_begin()
    for epoch in range(2):  # a rule stopped the run after its second epoch
        bar.on_epoch_end(epoch)
    assert (bar.bar.n, bar.bar.total, bar.bar.desc) == (2, 10, "paper's rule, seed 42")
    bar.on_train_end()
    assert bar.bar.n == 2 and "stopped after 2 of 10 epochs, in" in str(bar.bar)
    full = training.EpochBar("early stopping, seed 42")  # a run that trained every epoch
    full.set_params({"epochs": 2})
    full.on_train_begin()
    for epoch in range(2):
        full.on_epoch_end(epoch)
    full.on_train_end()
    assert "2/2 epochs in" in str(full.bar)


def test_dfkit_cache_set_after_import_moves_the_tuner_folder(monkeypatch, tmp_path):
    """Chapter 05's Colab cell sets DFKIT_CACHE (a Drive folder) after dfkit is imported: the
    folder is read at each call, so the searches' trials go there."""
    profile = config.get_profile("ci")
    monkeypatch.setenv("DFKIT_CACHE", str(tmp_path / "drive"))
    folder = tuning.tuner_folder("model_1", profile, "val_auc")
    assert folder == tmp_path / "drive" / "tuner" / "ci" / "model_1-val_auc"
