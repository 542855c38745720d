"""train_model keeps each run and loads it the next time the very same run is asked for: the same
predictions, the same history, no training; anything that decides the result makes a new run."""

from __future__ import annotations

import os
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from dfkit import config
from dfkit.data import dataset as data
from dfkit.training import model_cache
from dfkit.training import trainer as training


@pytest.fixture()
def cached(tmp_path, monkeypatch):
    """An empty model cache of this test's own, switched on whatever the environment says."""
    monkeypatch.setattr(model_cache, "folder", lambda: tmp_path / "models")
    monkeypatch.delenv(model_cache.CACHE_SWITCH_ENV, raising=False)
    return tmp_path / "models"


@pytest.fixture(scope="module")
def splits(synthetic_root):
    manifest, _ = data.scan(synthetic_root, verbose=False)
    return data.make_splits(manifest, "group", seed=0)


PROFILE = config.get_profile("ci", image_size=32, batch_size=16, epochs=1)


def count_fits(monkeypatch) -> list:
    calls = []
    real_fit = training.fit
    monkeypatch.setattr(training, "fit", lambda *a, **k: calls.append(1) or real_fit(*a, **k))
    return calls


@pytest.mark.parametrize("kind", ["cnn", "resnet"])
def test_the_same_run_again_is_loaded_and_predicts_the_same(kind, cached, splits, monkeypatch, capsys):
    fits = count_fits(monkeypatch)
    first, first_history = training.train_model(kind, splits, PROFILE, "rgb", verbose=0)
    assert len(fits) == 1 and len(list(cached.glob("*.keras"))) == 1
    again, again_history = training.train_model(kind, splits, PROFILE, "rgb", verbose=0)
    assert len(fits) == 1, "the second identical run trained again"
    said = capsys.readouterr().out
    assert "identical earlier run" in said and f"{kind} model on rgb inputs" in said
    # the history says where it came from, so a chapter can say it trained nothing
    assert again_history.attrs.get("from_model_cache") and \
        "from_model_cache" not in first_history.attrs
    test = training.batches(splits.test, PROFILE, "rgb")
    np.testing.assert_array_equal(training.predict(first, test), training.predict(again, test))
    pd.testing.assert_frame_equal(again_history, first_history, check_exact=True, check_index_type=True)
    # the optimizer's state came back too: training on from here goes on where the run ended
    assert int(again.optimizer.iterations) == int(first.optimizer.iterations) > 0


def test_what_decides_the_result_is_in_the_key(splits):
    base = model_cache.run_key("cnn", "rgb", 3, PROFILE, splits)
    others = [model_cache.run_key("resnet", "rgb", 3, PROFILE, splits),
              model_cache.run_key("cnn", "stack", 3, PROFILE, splits),
              model_cache.run_key("cnn", "rgb", 2, PROFILE, splits),
              model_cache.run_key("cnn", "rgb", 3, config.get_profile("ci", image_size=32, batch_size=16,
                                                                      epochs=2), splits),
              model_cache.run_key("cnn", "rgb", 3, PROFILE, SimpleNamespace(train=splits.val,
                                                                              val=splits.train))]
    names = {model_cache._paths(key)[0] for key in [base, *others]}
    assert len(names) == 6
    assert model_cache._paths(model_cache.run_key("cnn", "rgb", 3, PROFILE, splits))[0] \
        == model_cache._paths(base)[0]


def test_an_image_changed_in_place_makes_a_new_key(tmp_path, splits):
    """Same name, same size, same modification time: only the bytes differ."""
    frame = splits.train.head(3).copy()
    copies = [tmp_path / f"{i}.jpg" for i in range(len(frame))]
    for copy, path in zip(copies, frame["path"]):
        copy.write_bytes(open(path, "rb").read())
    frame["path"] = [str(p) for p in copies]
    before = model_cache._files_digest(frame)
    stat = copies[0].stat()
    data = bytearray(copies[0].read_bytes())
    data[-3] ^= 0xFF
    copies[0].write_bytes(bytes(data))
    os.utime(copies[0], ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert copies[0].stat().st_size == stat.st_size
    assert model_cache._files_digest(frame) != before


def test_a_failed_save_says_so_and_still_returns_the_trained_model(cached, splits, monkeypatch, capsys):
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text("a file where the folder should be")  # mkdir fails: as a read-only folder would
    model, history = training.train_model("cnn", splits, PROFILE, "rgb", verbose=0)
    assert "Could not keep the trained model" in capsys.readouterr().out
    assert len(history) == PROFILE.epochs and int(model.optimizer.iterations) > 0
    assert cached.read_text() == "a file where the folder should be"


def test_a_save_that_fails_half_way_leaves_no_file_behind(cached, splits, monkeypatch, capsys):
    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", full_disk)  # after the model file was written
    training.train_model("cnn", splits, PROFILE, "rgb", verbose=0)
    assert "No space left on device" in capsys.readouterr().out
    assert list(cached.iterdir()) == []


def test_switched_off_it_neither_saves_nor_loads(cached, splits, monkeypatch):
    monkeypatch.setenv(model_cache.CACHE_SWITCH_ENV, "0")
    fits = count_fits(monkeypatch)
    training.train_model("cnn", splits, PROFILE, "rgb", verbose=0)
    training.train_model("cnn", splits, PROFILE, "rgb", verbose=0)
    assert len(fits) == 2 and not cached.exists()


def test_an_unreadable_saved_model_is_trained_again_and_replaced(cached, splits, monkeypatch, capsys):
    fits = count_fits(monkeypatch)
    training.train_model("cnn", splits, PROFILE, "rgb", verbose=0)
    (saved,) = cached.glob("*.keras")
    saved.write_bytes(b"not a keras file")
    model, _ = training.train_model("cnn", splits, PROFILE, "rgb", verbose=0)
    assert len(fits) == 2 and "unreadable" in capsys.readouterr().out
    assert saved.read_bytes()[:2] == b"PK"  # a real .keras (zip) file again
    assert model.predict(np.zeros((1, 32, 32, 3), np.float32), verbose=0).shape == (1, 1)


def test_models_of_another_state_of_dfkits_code_are_removed_when_a_new_one_is_kept(cached, splits, monkeypatch):
    training.train_model("cnn", splits, PROFILE, "rgb", verbose=0)
    (old,) = cached.glob("*.keras")
    monkeypatch.setattr(config, "source_digest", lambda: "another state of the code")
    training.train_model("cnn", splits, PROFILE, "rgb", verbose=0)
    kept = sorted(p.name for p in cached.iterdir())
    assert old.name not in kept and len(kept) == 3  # the new run's .keras, .history.csv, .json
