"""python -m dfkit: train, evaluate and tune write their results, config and model."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def run(args, env_extra, cwd):
    env = {**os.environ, "DFKIT_PROFILE": "ci", "TF_CPP_MIN_LOG_LEVEL": "3", **env_extra}
    return subprocess.run([sys.executable, "-m", "dfkit", *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


def test_train_then_evaluate(tmp_path, cache, make_dataset):
    """Trained on inputs held in memory, re-scored from the files: the same metrics."""
    out = tmp_path / "run"
    res = run(["train", "--model", "cnn", "--inputs", "rgb", "--epochs", "1", "--out", str(out), "--in-memory"],
              {"DFKIT_CACHE": str(cache)}, tmp_path)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "rgb inputs of 320 images held in memory" in res.stdout
    assert {"model.keras", "metrics.json", "config.json", "history.csv"} <= {p.name for p in out.iterdir()}
    metrics = json.loads((out / "metrics.json").read_text())
    assert 0 <= metrics["test"]["roc_auc"] <= 1 and set(metrics) == {
        "val", "test", "threshold", "thresholds", "val_at_validation_threshold",
        "test_at_validation_threshold"}  # both thresholds, named (issue 24, item 6)
    assert metrics["test"]["threshold"] == 0.5 and metrics["thresholds"]["validation"] == \
        metrics["test_at_validation_threshold"]["threshold"] == metrics["threshold"]["value"]
    assert 0 <= metrics["threshold"]["value"] <= 1 and metrics["threshold"]["rule"].endswith("on validation")
    config = json.loads((out / "config.json").read_text())
    assert config["profile"]["name"] == "ci" and config["profile"]["epochs"] == 1 and config["inputs"] == "rgb"
    assert len(config["test_fingerprint"]) == 40 and config["data_root"].endswith("seed42")
    # re-scored on the dataset the run recorded, whatever DFKIT_DATA says now, into a new dated file
    recorded = (out / "metrics.json").read_bytes()
    elsewhere = make_dataset(6, root=tmp_path / "elsewhere")
    again = run(["evaluate", str(out)], {"DFKIT_CACHE": str(cache), "DFKIT_DATA": str(elsewhere)}, tmp_path)
    assert again.returncode == 0, again.stderr[-2000:]
    assert (out / "metrics.json").read_bytes() == recorded
    dated = sorted(out.glob("metrics-evaluate-*.json"))
    assert len(dated) == 1
    rescored = json.loads(dated[0].read_text())
    assert rescored["test"]["roc_auc"] == pytest.approx(metrics["test"]["roc_auc"])
    assert rescored["dataset"] == "synthetic" and rescored["test_fingerprint"] == config["test_fingerprint"]
    # a whole other folder (cross-dataset testing) is scored into its own file
    cross = run(["evaluate", str(out), "--data", str(elsewhere)], {"DFKIT_CACHE": str(cache)}, tmp_path)
    assert cross.returncode == 0, cross.stderr[-2000:]
    scored = json.loads(next(out.glob("metrics-elsewhere-*.json")).read_text())
    assert scored["n_images"] == 12 and scored["data"] == str(elsewhere.resolve())
    assert 0 <= scored["all"]["roc_auc"] <= 1
    assert scored["seen_in_train"] == scored["seen_in_val"] == 0 and "all_at_validation_threshold" in scored
    # a changed test list, or a recorded dataset that is gone: refused, naming both
    for change, says in (({"test_fingerprint": "0" * 40}, "test split"), ({"dataset": str(tmp_path / "gone")}, "gone")):
        (out / "config.json").write_text(json.dumps({**config, **change}))
        refused = run(["evaluate", str(out)], {"DFKIT_CACHE": str(cache), "DFKIT_DATA": str(elsewhere)}, tmp_path)
        assert refused.returncode == 2 and says in refused.stderr and "Traceback" not in refused.stderr, refused.stderr
        assert str(elsewhere) in refused.stderr or "0" * 40 in refused.stderr
    assert len(list(out.glob("metrics-evaluate-*.json"))) == 1


def test_tune_writes_trials(tmp_path, cache):
    out = tmp_path / "tune"
    res = run(["tune", "--model", "cnn", "--inputs", "stack", "--epochs", "1", "--objective", "val_auc",
               "--out", str(out),
               "--workers", "2", "--precision", "mixed_bfloat16"], {"DFKIT_CACHE": str(cache)}, tmp_path)
    assert res.returncode == 0, res.stderr[-2000:]
    trials = (out / "trials.csv").read_text().splitlines()
    assert len(trials) == 3 and "learning_rate" in trials[0]  # header + 2 trials (ci profile)
    saved = json.loads((out / "config.json").read_text())
    assert "best_hyperparameters" in saved and saved["search_and_scoring_seconds"] > 0
    assert saved["arguments"]["precision"] == "mixed_bfloat16" and saved["arguments"]["workers"] == 2


def test_in_memory_that_does_not_fit_is_refused_with_the_fix(tmp_path, cache, monkeypatch, capsys):
    from types import SimpleNamespace

    from dfkit import __main__ as cli
    from dfkit.data import loader

    monkeypatch.setenv("DFKIT_PROFILE", "ci")
    monkeypatch.setenv("DFKIT_CACHE", str(cache))
    monkeypatch.setattr(loader.psutil, "virtual_memory", lambda: SimpleNamespace(available=2**20))
    with pytest.raises(SystemExit) as stop:
        cli.main(["train", "--inputs", "stack", "--in-memory", "--out", str(tmp_path / "run")])
    assert stop.value.code == 2
    assert "python -m dfkit train: Holding the 6-channel inputs of 320 images" in capsys.readouterr().err


def test_bad_profile_is_a_clear_error(tmp_path):
    res = run(["data", "--profile", "huge"], {}, tmp_path)
    assert res.returncode != 0 and "ci, laptop, paper" in res.stderr


# --------------------------------------------------------------------------- bad datasets (issue 16, 6b)
def _one_class(root):
    from conftest import write

    write(root / "real" / "a_frame_0_face_0.jpg")
    return root


@pytest.mark.parametrize("make, says", [
    (lambda root: root / "missing", "does not exist"),
    (lambda root: root, "No class folders found"),
    (_one_class, "no 'deepfake' class folder"),
])
def test_a_bad_dataset_is_one_line_with_the_fix_and_status_2(tmp_path, make, says):
    folder = tmp_path / "ds"
    folder.mkdir()
    res = run(["data"], {"DFKIT_DATA": str(make(folder))}, tmp_path)
    assert res.returncode == 2 and "Traceback" not in res.stderr, res.stderr[-2000:]
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("python -m dfkit data: ") and says in lines[0], res.stderr


def test_debug_shows_the_traceback(tmp_path):
    res = run(["data", "--debug"], {"DFKIT_DATA": str(tmp_path / "missing")}, tmp_path)
    assert res.returncode != 0 and "Traceback" in res.stderr and "does not exist" in res.stderr


def test_a_dataset_too_small_for_the_split_says_what_it_has_and_needs(tmp_path, make_dataset):
    root = make_dataset(3)  # 3 images per class, in 2 groups each
    res = run(["data"], {"DFKIT_DATA": str(root)}, tmp_path)
    assert res.returncode == 2 and "Traceback" not in res.stderr, res.stderr[-2000:]
    err = res.stderr.strip()
    assert "n_splits" not in err and str(root) in err
    assert "real: 3 images in 2 groups" in err and "deepfake: 3 images in 2 groups" in err
    assert "needs at least 10 groups of each class" in err, err
