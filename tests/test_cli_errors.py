"""Issue 24, items 5 and 6: every command-line mistake ends in one line and exit status 2 (no
traceback, no empty run folder), and evaluation says which threshold and which images it used.
Run in-process through ``dfkit.__main__.main``: an exception that escapes is a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import write
from dfkit import config
from dfkit.__main__ import main


def run_cli(capsys, *argv) -> tuple[int, str]:
    """(exit status, stderr) of ``python -m dfkit argv``; any escaping exception fails the test."""
    with pytest.raises(SystemExit) as stop:
        main(list(argv))
    err = capsys.readouterr().err
    return stop.value.code, err


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err, err
    return lines[-1]


@pytest.fixture
def folder(tmp_path, monkeypatch, make_dataset):
    root = make_dataset(6)
    monkeypatch.setenv(config.DATA_ENV, str(root))
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path / "cache"))
    return root


def test_evaluate_a_missing_run_is_one_line(tmp_path, capsys):
    code, err = run_cli(capsys, "evaluate", str(tmp_path / "nowhere"))
    assert code == 2 and "nowhere" in one_line(err) and "not a run folder" in err


def test_evaluate_a_config_without_profile_is_one_line(tmp_path, capsys):
    run = tmp_path / "run"
    run.mkdir()
    (run / "model.keras").write_bytes(b"")
    (run / "config.json").write_text(json.dumps({"arguments": {}}))
    code, err = run_cli(capsys, "evaluate", str(run))
    assert code == 2 and "config.json" in one_line(err) and "profile" in err


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00\x81binary\x00\x9c" * 20],
                         ids=["empty", "binary"])
@pytest.mark.parametrize("command", [["data"], ["train", "--epochs", "1"]])
def test_an_unreadable_metadata_csv_is_one_line_in_every_command(folder, capsys, content, command):
    (folder / "metadata.csv").write_bytes(content)
    code, err = run_cli(capsys, *command, "--profile", "ci")
    assert code == 2 and "metadata.csv" in one_line(err)


def test_lite0_with_stack_inputs_is_refused_before_any_folder_is_made(folder, tmp_path, capsys):
    out = tmp_path / "run"
    code, err = run_cli(capsys, "train", "--model", "lite0", "--out", str(out))
    assert code == 2 and "--inputs rgb" in one_line(err)
    assert not out.exists()


def test_a_dataset_error_leaves_no_run_folder(folder, tmp_path, capsys):
    (folder / "metadata.csv").write_bytes(b"")
    out = tmp_path / "run2"
    code, _ = run_cli(capsys, "train", "--profile", "ci", "--out", str(out))
    assert code == 2 and not out.exists()


@pytest.mark.parametrize("argv", [
    ["data", "--n-images", "1"], ["data", "--n-images", "0"], ["train", "--epochs", "0"],
    ["tune", "--epochs", "-3"], ["data", "--n-images", "many"],
])
def test_numbers_are_validated_not_ignored(capsys, argv):
    code, err = run_cli(capsys, *argv)
    assert code == 2 and ("must be at least" in err or "not a whole number" in err), err


@pytest.mark.parametrize("margin", ["0", "-1", "0.5", "nan"])
def test_predict_margin_is_validated(tmp_path, capsys, margin):
    code, err = run_cli(capsys, "predict", str(tmp_path), str(tmp_path / "x.jpg"), "--margin", margin)
    assert code == 2 and "--margin" in err


def test_the_skipped_files_are_listed_in_the_error(tmp_path, capsys, monkeypatch):
    for i in range(3):
        write(tmp_path / "ds" / "deepfake" / f"f{i}.jpg", seed=i)
        (tmp_path / "ds" / "real").mkdir(parents=True, exist_ok=True)
        (tmp_path / "ds" / "real" / f"broken{i}.jpg").write_bytes(b"not a jpeg")
    monkeypatch.setenv(config.DATA_ENV, str(tmp_path / "ds"))
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path / "cache"))
    code, err = run_cli(capsys, "data", "--profile", "ci")
    line = one_line(err)
    assert code == 2 and all(f"broken{i}.jpg" in line for i in range(3)), line


# --------------------------------------------------------------------------- item 6
def _fake_run(tmp_path, root, splits: dict[str, list[str]]) -> tuple[Path, pd.DataFrame]:
    """A run folder whose splits.csv says which of ``root``'s images trained and validated it."""
    from dfkit.data import dataset as data

    manifest, _ = data.scan(root, verbose=False)
    run = tmp_path / "run"
    run.mkdir()
    (run / "model.keras").write_bytes(b"")
    profile = config.get_profile("ci")
    (run / "config.json").write_text(json.dumps({
        "profile": profile.as_dict(), "arguments": {"inputs": "rgb"}, "inputs": "rgb",
        "dataset": str(root), "data_root": str(root)}))
    rows = [(f, manifest.loc[manifest["file"] == f, "sha1"].iloc[0], split)
            for split, files in splits.items() for f in files]
    pd.DataFrame(rows, columns=["file", "sha1", "split"]).to_csv(run / "splits.csv", index=False)
    return run, manifest


def test_evaluate_data_on_the_runs_own_training_folder_is_refused_with_counts(folder, tmp_path,
                                                                             capsys):
    from dfkit.data import dataset as data

    files = data.scan(folder, verbose=False)[0]["file"].tolist()
    run, _ = _fake_run(tmp_path, folder, {"train": files[:5], "val": files[5:7], "test": files[7:]})
    code, err = run_cli(capsys, "evaluate", str(run), "--data", str(folder))
    line = one_line(err)
    assert code == 2 and f"5 of the {len(files)} images" in line and "2 validated" in line
    assert "--allow-seen" in line


def test_scores_name_both_thresholds(folder):
    """metrics.json (train, tune, evaluate) holds 0.5 and the validation threshold, each named."""
    import keras

    from dfkit.__main__ import _score
    from dfkit.data import dataset as data
    from dfkit.evaluation import metrics

    manifest, _ = data.scan(folder, verbose=False)
    splits = data.make_splits(manifest, seed=0, test=0.34, val=0.34)
    profile = config.get_profile("ci")
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((profile.image_size, profile.image_size, 3)),
                              keras.layers.GlobalAveragePooling2D(),
                              keras.layers.Dense(1, activation="sigmoid")])
    scores = _score(model, splits, profile, "rgb")
    chosen = scores["thresholds"]["validation"]
    assert scores["thresholds"]["default"] == 0.5 and scores["test"]["threshold"] == 0.5
    assert scores["test_at_validation_threshold"]["threshold"] == chosen
    assert chosen == scores["threshold"]["value"]
    from dfkit.training.trainer import batches, predict
    val = batches(splits.val, profile, "rgb")
    assert chosen == metrics.validation_threshold(val.labels, predict(model, val))["value"]
    test = batches(splits.test, profile, "rgb")
    np.testing.assert_equal(scores["test_at_validation_threshold"]["recall"],
                            metrics.summary(test.labels, predict(model, test), chosen)["recall"])
