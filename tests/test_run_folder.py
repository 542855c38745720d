"""dfkit.run_folder: a saved run's config.json, metrics.json, splits.csv and model.keras are checked
where they are read, so edited, truncated or crafted files give one line naming the file, the
field and the fix (exit status 2) in ``predict`` and ``evaluate``, never a traceback or a silent
wrong verdict. Run in-process through ``dfkit.__main__.main``: an exception that escapes fails."""

from __future__ import annotations

import json
import math
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import write
from dfkit import config, run_folder
from dfkit.__main__ import main

SIZE = config.get_profile("ci").image_size


def cli(capsys, *argv) -> tuple[int, str]:
    """(exit status, stderr) of ``python -m dfkit argv``."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as stop:
        code = stop.code
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    return code, err


def _save(model, path: Path) -> Path:
    model.save(path)
    return path


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    """Tiny model.keras files: a detector as dfkit saves one, one with two outputs, one without sigmoid."""
    import keras

    folder = tmp_path_factory.mktemp("models")

    def tiny(units: int, activation: str | None, bias: float = 0.0):
        inputs = keras.Input((SIZE, SIZE, 3), name="pixels")
        x = keras.layers.GlobalAveragePooling2D()(keras.layers.Rescaling(1 / 255)(inputs))
        out = keras.layers.Dense(units, activation=activation,
                                 bias_initializer=keras.initializers.Constant(bias))(x)
        return keras.Model(inputs, out)

    return {"good": _save(tiny(1, "sigmoid"), folder / "good.keras"),
            "two": _save(tiny(2, "softmax"), folder / "two.keras"),
            "logit": _save(tiny(1, None, bias=5.0), folder / "logit.keras")}


@pytest.fixture
def run(tmp_path, models, make_dataset, monkeypatch):
    """A finished RGB run folder (tiny model, ci profile, threshold 0.5), another dataset folder to
    score with ``evaluate --data`` and a photo for ``predict``."""
    trained_on, root = make_dataset(4), make_dataset(4, root=tmp_path / "other")
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path / "cache"))
    folder = tmp_path / "run"
    folder.mkdir()
    shutil.copy(models["good"], folder / "model.keras")
    (folder / "config.json").write_text(json.dumps({
        "profile": config.get_profile("ci").as_dict(), "arguments": {"inputs": "rgb", "split": "group"},
        "inputs": "rgb", "dataset": str(trained_on), "data_root": str(trained_on)}))
    (folder / "metrics.json").write_text(json.dumps({"threshold": {"value": 0.5, "rule": "test"}}))
    photo = write(tmp_path / "photo.jpg", seed=7)
    return folder, root, photo


def _edit(path: Path, change) -> None:
    record = json.loads(path.read_text())
    change(record)
    path.write_text(json.dumps(record))


# --------------------------------------------------------------------------- thresholds (finding 5)
@pytest.mark.parametrize("value", [math.nan, -3, 1e308, "0.9", "high", None], ids=repr)
def test_a_recorded_threshold_that_is_no_probability_is_refused(run, capsys, value):
    folder, root, photo = run
    _edit(folder / "metrics.json", lambda d: d["threshold"].update(value=value))
    code, err = cli(capsys, "predict", folder, photo, "--whole-image")
    assert code == 2 and "metrics.json" in err and "'threshold.value'" in err and "--threshold" in err, err
    code, err = cli(capsys, "evaluate", folder, "--data", root, "--allow-seen")
    assert code == 2 and "metrics.json" in err and "'threshold.value'" in err, err


@pytest.mark.parametrize("threshold", [{}, [0.5]], ids=repr)
def test_a_threshold_without_a_value_is_refused(run, capsys, threshold):
    folder, _, photo = run
    _edit(folder / "metrics.json", lambda d: d.update(threshold=threshold))
    code, err = cli(capsys, "predict", folder, photo)
    assert code == 2 and "metrics.json: field 'threshold'" in err, err


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "5", "1e308"])
def test_a_given_threshold_must_be_from_0_to_1(run, capsys, value):
    folder, _, photo = run
    code, err = cli(capsys, "predict", folder, photo, f"--threshold={value}")
    assert code == 2 and "--threshold" in err and "from 0 to 1" in err, err


def test_predict_images_refuses_a_nan_threshold(run):
    from dfkit.inference import predict

    folder, _, photo = run
    with pytest.raises(predict.PredictError, match="not a number from 0 to 1"):
        predict.predict_images(folder, [photo], threshold=math.nan)


def test_json_written_by_dfkit_never_holds_nan(tmp_path):
    path = tmp_path / "metrics.json"
    run_folder.write_json(path, {"roc_auc": math.nan, "all": [math.inf, 0.5], "threshold": 0.25})

    def refuse(constant):
        raise AssertionError(f"{constant} is not JSON")
    assert json.loads(path.read_text(), parse_constant=refuse) == {
        "roc_auc": None, "all": [None, 0.5], "threshold": 0.25}


# --------------------------------------------------------------------------- config.json, splits.csv (finding 7)
CONFIG_CASES = {
    "profile null": (lambda d: d.update(profile=None), "'profile'"),
    "image_size text": (lambda d: d["profile"].update(image_size="big"), "'profile.image_size'"),
    "image_size 0": (lambda d: d["profile"].update(image_size=0), "'profile.image_size'"),
    "image_size 20000": (lambda d: d["profile"].update(image_size=20000), "'profile.image_size'"),
    "batch_size 0": (lambda d: d["profile"].update(batch_size=0), "'profile.batch_size'"),
    "batch_size text": (lambda d: d["profile"].update(batch_size="32"), "'profile.batch_size'"),
    "inputs list": (lambda d: d.update(inputs=["rgb"]), "'inputs'"),
    "dataset number": (lambda d: d.update(dataset=5), "'dataset'"),
    "split unknown": (lambda d: d["arguments"].update(split="random"), "'arguments.split'"),
}


@pytest.mark.parametrize("case", CONFIG_CASES)
def test_a_bad_config_field_is_one_line_naming_it(run, capsys, case):
    folder, root, _ = run
    change, field = CONFIG_CASES[case]
    _edit(folder / "config.json", change)
    for argv in (["evaluate", folder], ["evaluate", folder, "--data", root, "--allow-seen"]):
        code, err = cli(capsys, *argv)
        assert code == 2 and f"config.json: field {field}" in err and "Train the run again" in err, err


@pytest.mark.parametrize("case", ["profile null", "image_size text", "image_size 0", "inputs list"])
def test_predict_names_the_bad_config_field(run, capsys, case):
    folder, _, photo = run
    change, field = CONFIG_CASES[case]
    _edit(folder / "config.json", change)
    code, err = cli(capsys, "predict", folder, photo)
    assert code == 2 and f"config.json: field {field}" in err, err
    assert "feature stack" not in err


@pytest.mark.parametrize("name", ["config.json", "metrics.json"])
@pytest.mark.parametrize("text", ['{"threshold": ', "[1, 2]"], ids=["invalid", "a list"])
def test_a_run_json_that_is_not_an_object_is_one_line_naming_it(run, capsys, name, text):
    folder, root, photo = run
    (folder / name).write_text(text)
    for argv in (["predict", folder, photo], ["evaluate", folder, "--data", root, "--allow-seen"]):
        code, err = cli(capsys, *argv)
        assert code == 2 and f"{name} " in err and "Train the run again" in err, err


def test_a_splits_csv_without_its_columns_is_one_line(run, capsys):
    folder, root, _ = run
    (folder / "splits.csv").write_text("a,b\n1,2\n")
    code, err = cli(capsys, "evaluate", folder, "--data", root)
    assert code == 2 and "splits.csv has no 'sha1' or 'split' column" in err, err


def test_image_size_is_checked_against_the_models_input(run, capsys):
    folder, root, photo = run
    _edit(folder / "config.json", lambda d: d["profile"].update(image_size=32))
    for argv in (["predict", folder, photo], ["evaluate", folder, "--data", root, "--allow-seen"]):
        code, err = cli(capsys, *argv)
        assert code == 2 and f"model.keras takes {SIZE}x{SIZE} images" in err and "is 32" in err, err


# --------------------------------------------------------------------------- model outputs (finding 6)
def test_a_model_with_two_outputs_is_refused_when_it_loads(run, models, capsys):
    folder, root, photo = run
    shutil.copy(models["two"], folder / "model.keras")
    for argv in (["predict", folder, photo, "--whole-image"], ["evaluate", folder, "--data", root, "--allow-seen"]):
        code, err = cli(capsys, *argv)
        assert code == 2 and "model.keras outputs shape (None, 2)" in err, err


def test_a_model_whose_scores_are_no_probabilities_is_refused(run, models, capsys):
    folder, root, photo = run
    shutil.copy(models["logit"], folder / "model.keras")
    for argv in (["predict", folder, photo, "--whole-image"], ["evaluate", folder, "--data", root, "--allow-seen"]):
        code, err = cli(capsys, *argv)
        assert code == 2 and "model.keras gave" in err and "outside [0, 1]" in err, err


# --------------------------------------------------------------------------- model.keras files (findings 8, 9)
def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rezip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _layer(config_json: bytes, **changes) -> bytes:
    """config.json with its first layer after the input replaced by ``changes``."""
    cfg = json.loads(config_json)
    cfg["config"]["layers"][1].update(changes)
    return json.dumps(cfg).encode()


LAMBDA = {"class_name": "Lambda", "module": "keras.layers",
          "config": {"name": "x", "function": {"class_name": "__lambda__", "config": {"code": "AA=="}}}}
INJECT = {"class_name": "system", "module": "os", "config": {"command": "touch PWNED"}}
CRAFTED = {
    "truncated": lambda raw, m: raw[: len(raw) // 2],
    "empty": lambda raw, m: b"",
    "text": lambda raw, m: b"hello, not a model\n",
    "lambda layer": lambda raw, m: {**m, "config.json": _layer(m["config.json"], **LAMBDA)},
    "module os": lambda raw, m: {**m, "config.json": _layer(m["config.json"], **INJECT)},
    "no weights": lambda raw, m: {k: v for k, v in m.items() if k != "model.weights.h5"},
}


@pytest.mark.parametrize("case", CRAFTED)
def test_a_corrupt_or_crafted_model_is_one_line_in_both_commands(run, capsys, case, tmp_path, monkeypatch):
    folder, root, photo = run
    path = folder / "model.keras"
    made = CRAFTED[case](path.read_bytes(), _members(path))
    if isinstance(made, dict):
        _rezip(path, made)
    else:
        path.write_bytes(made)
    monkeypatch.chdir(tmp_path)
    for argv in (["predict", folder, photo], ["evaluate", folder, "--data", root, "--allow-seen"]):
        code, err = cli(capsys, *argv)
        assert code == 2 and f"{path} is not a valid Keras model" in err and "train the run again" in err, err
        assert "File not found" not in err
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize("limit", ["MAX_JSON_MEMBER", "MAX_UNPACKED"])
def test_a_model_that_unpacks_too_large_is_refused_before_keras_reads_it(run, capsys, monkeypatch, limit):
    """The limits are lowered below this tiny model's sizes: a zip bomb's declared sizes are far above them."""
    folder, _, photo = run
    monkeypatch.setattr(run_folder, limit, 1000)

    def keras_must_not_read(*args, **kwargs):
        raise AssertionError("Keras was handed the file")
    import keras
    monkeypatch.setattr(keras.models, "load_model", keras_must_not_read)
    code, err = cli(capsys, "predict", folder, photo)
    assert code == 2 and "is not a valid Keras model" in err and "refused unread" in err, err


def test_the_size_limits_leave_room_for_the_courses_largest_model():
    """EfficientNet-Lite0's model.keras: 158 KB of config.json, 14.1 MB of weights."""
    assert run_folder.MAX_JSON_MEMBER >= 50 * 158_000 and run_folder.MAX_UNPACKED >= 20 * 14_300_000


def test_a_good_run_still_predicts_and_evaluates(run, capsys):
    folder, root, photo = run
    code, err = cli(capsys, "predict", folder, photo, "--whole-image")
    assert code == 0, err
    code, err = cli(capsys, "evaluate", folder, "--data", root, "--allow-seen")
    assert code == 0, err
    written = next(folder.glob("metrics-other-*.json"))
    json.loads(written.read_text(), parse_constant=lambda c: pytest.fail(f"{c} in {written}"))
