"""predict: faces found and cropped in real photos, scored by a saved RGB run, from Python and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image
from skimage import data

from dfkit.evaluation import metrics
from dfkit.inference import faces, predict

SIZE = 32


@pytest.fixture(scope="module")
def photos(tmp_path_factory):
    folder = tmp_path_factory.mktemp("photos")
    Image.fromarray(data.astronaut()).save(folder / "astronaut.jpg", quality=90)
    Image.fromarray(data.coffee()).save(folder / "coffee.jpg", quality=90)
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    return folder


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    """An untrained Model 1 saved as `train --inputs rgb` saves it, with a recorded threshold."""
    from dfkit.models import paper as models

    out = tmp_path_factory.mktemp("run")
    model = models.build_cnn(input_shape=(SIZE, SIZE, 3))
    models.pixel_input(model).save(out / "model.keras")
    (out / "config.json").write_text(json.dumps({"inputs": "rgb", "profile": {"image_size": SIZE}}))
    (out / "metrics.json").write_text(json.dumps({"threshold": {"value": 0.25, "rule": "test rule"}}))
    return out


def test_haar_port_finds_the_astronaut_where_opencv_4_does():
    """The NumPy port returns OpenCV 4.14's box for skimage's astronaut: (177, 66, 95, 95)."""
    gray = np.asarray(Image.fromarray(data.astronaut()).convert("L"))
    assert faces.HaarCascade().detect(gray, 1.1, 3) == [(177, 66, 95, 95)]
    assert faces.HaarCascade().detect(np.asarray(Image.fromarray(data.coffee()).convert("L")), 1.1, 5) == []


def test_crop_is_square_margin_times_the_box_and_stays_centred_at_the_border():
    img = np.zeros((100, 100, 3), np.uint8)
    img[40:60, 40:60] = 255
    crop = faces.face_crop(img, faces.Box(40, 40, 20, 20), size=24, margin=2.0, shift=0.0)
    assert crop.shape == (24, 24, 3) and crop[12, 12].min() == 255 and crop[0, 0].max() == 0
    edge = faces.face_crop(img, faces.Box(0, 0, 20, 20), size=16, margin=2.0, shift=0.0)
    assert edge.shape == (16, 16, 3)


def test_saved_rgb_model_reloads_in_safe_mode_and_takes_uint8(run_dir):
    import keras

    from dfkit.models import paper as models

    model = keras.models.load_model(run_dir / "model.keras", safe_mode=True)
    x = np.random.default_rng(0).integers(0, 256, (2, SIZE, SIZE, 3), dtype=np.uint8)
    p = np.asarray(model.predict(x, verbose=0)).ravel()
    inner = models.unit_input(model)
    assert inner is not model and not any(type(layer).__name__ == "Lambda" for layer in model.layers)
    np.testing.assert_allclose(p, np.asarray(inner.predict(x / 255.0, verbose=0)).ravel(), rtol=1e-5, atol=1e-6)


def test_predict_images_scores_faces_flags_no_face_and_skips_broken(run_dir, photos, tmp_path):
    table = predict.predict_images(run_dir, photos, gradcam_dir=tmp_path / "cams")
    rows = {name: table[table.file.str.endswith(name)] for name in ("astronaut.jpg", "coffee.jpg", "broken.jpg")}
    astro = rows["astronaut.jpg"]
    assert len(astro) == 1 and astro.box.iloc[0] == "177,66,95x95" and 0 <= astro.p_fake.iloc[0] <= 1
    assert astro.verdict.iloc[0] == ("fake" if astro.p_fake.iloc[0] >= 0.25 else "real")
    assert table.attrs["threshold"] == 0.25
    assert rows["coffee.jpg"].verdict.tolist() == ["no face"] and rows["coffee.jpg"].p_fake.isna().all()
    assert rows["broken.jpg"].verdict.tolist() == ["unreadable"] and "broken.jpg" in rows["broken.jpg"].note.iloc[0]
    cams = sorted(p.name for p in (tmp_path / "cams").iterdir())
    assert cams == ["astronaut_face0.png"] and Image.open(tmp_path / "cams" / cams[0]).size == (224, 224)
    whole = predict.predict_images(run_dir, [photos / "coffee.jpg"], whole_image=True)
    assert whole.box.iloc[0] == "no face: whole" and 0 <= whole.p_fake.iloc[0] <= 1
    assert whole.verdict.iloc[0] == ("fake" if whole.p_fake.iloc[0] >= 0.25 else "real")


def test_old_run_without_threshold_warns_and_uses_half(run_dir, tmp_path, capsys):
    import shutil

    old = tmp_path / "old"
    shutil.copytree(run_dir, old)
    (old / "metrics.json").write_text(json.dumps({"val": {}, "test": {}}))
    run = predict.load_run(old)
    assert run.threshold == 0.5 and "records no threshold" in capsys.readouterr().err


def test_model_without_threshold_asks_for_one_not_for_a_run(capsys):
    import keras

    inputs = keras.Input((32, 32, 3))
    x = keras.layers.GlobalAveragePooling2D()(keras.layers.Rescaling(1 / 255)(inputs))
    model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(x), name="tiny")
    run = predict.load_run(model)
    err = capsys.readouterr().err
    assert run.threshold == 0.5 and "pass threshold=" in err.lower()
    assert "evaluate RUN" not in err and "saved" not in err


def test_stack_run_is_refused_with_the_reason(run_dir, tmp_path):
    import shutil

    stack = tmp_path / "stack"
    shutil.copytree(run_dir, stack)
    (stack / "config.json").write_text(json.dumps({"inputs": "stack", "profile": {"image_size": SIZE}}))
    with pytest.raises(predict.PredictError, match="feature stack.*--inputs rgb"):
        predict.load_run(stack)


def test_cli_prints_table_writes_csv_and_gradcam_and_exit_codes(run_dir, photos, tmp_path):
    cmd = [sys.executable, "-m", "dfkit", "predict", str(run_dir)]
    res = subprocess.run(cmd + [str(photos), "--csv", str(tmp_path / "out.csv"), "--gradcam", str(tmp_path / "g"),
                                "--whole-image"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "177,66,95x95" in res.stdout and "no face: whole" in res.stdout
    assert "skipped" in res.stderr and "broken.jpg" in res.stderr and "Traceback" not in res.stderr
    saved = (tmp_path / "out.csv").read_text()
    assert "astronaut.jpg" in saved and "unreadable" in saved
    assert sorted(p.name for p in (tmp_path / "g").iterdir()) == ["astronaut_face0.png", "coffee_whole.png"]
    bad = subprocess.run(cmd + [str(photos / "broken.jpg")], capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "broken.jpg" in bad.stderr


def test_validation_threshold_maximises_balanced_accuracy():
    y = np.array([0, 0, 0, 1, 1, 1])
    p = np.array([0.1, 0.2, 0.3, 0.35, 0.6, 0.9])  # every fake above every real: any cut in (0.3, 0.35]
    chosen = metrics.validation_threshold(y, p)
    assert chosen["value"] == pytest.approx(0.35) and chosen["val_balanced_accuracy"] == 1.0


def test_chooser_without_upload_gives_the_default_paths(photos):
    chooser = predict.upload_or_path(photos / "astronaut.jpg", upload=False)
    assert chooser.paths() == [photos / "astronaut.jpg"]


def _uploaded(chooser) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in chooser.paths()}


def test_chooser_reads_an_ipywidgets_8_upload(photos):
    """ipywidgets 8 (JupyterLab): a tuple of dicts with name and content (a memoryview)."""
    jpeg = (photos / "astronaut.jpg").read_bytes()
    value = ({"name": "me.jpg", "type": "image/jpeg", "size": len(jpeg), "content": memoryview(jpeg),
              "last_modified": 0}, {"name": "dir/you.png", "content": memoryview(b"png")})
    chooser = predict.PhotoChooser(photos / "coffee.jpg", widget=SimpleNamespace(value=value))
    assert _uploaded(chooser) == {"me.jpg": jpeg, "you.png": b"png"}


def test_chooser_reads_an_ipywidgets_7_upload(photos):
    """ipywidgets 7 (Colab ships 7.7.1): a dict of file name to content (bytes) and metadata."""
    jpeg = (photos / "astronaut.jpg").read_bytes()
    value = {"me.jpg": {"metadata": {"name": "me.jpg", "type": "image/jpeg", "size": len(jpeg),
                                     "lastModified": 0}, "content": jpeg},
             "you.png": {"metadata": {"name": "you.png"}, "content": b"png"}}
    chooser = predict.PhotoChooser(photos / "coffee.jpg", widget=SimpleNamespace(value=value))
    assert _uploaded(chooser) == {"me.jpg": jpeg, "you.png": b"png"}


def test_chooser_with_an_empty_upload_keeps_the_default(photos):
    for empty in ((), {}):
        chooser = predict.PhotoChooser(photos / "coffee.jpg", widget=SimpleNamespace(value=empty))
        assert chooser.paths() == [photos / "coffee.jpg"]


def test_upload_note_says_to_rerun_the_next_cells():
    """Once photos arrive, the label under the button says the cells after it must run again
    (before, they scored the default photo); an empty upload says nothing."""
    assert predict.upload_note(()) == predict.upload_note({}) == ""
    note = predict.upload_note(({"name": "me.jpg", "content": memoryview(b"jpg")},))
    assert "me.jpg" in note and "run the cells after this one again" in note
    assert "you.png" in predict.upload_note({"you.png": {"metadata": {"name": "you.png"},
                                                         "content": b"png"}})


def test_an_older_run_taking_unit_floats_is_fed_divided_by_255(run_dir, photos, tmp_path, capsys):
    """A run saved before models took pixels: predict divides by 255 itself, warns, and scores alike."""
    import shutil

    import keras

    from dfkit.models import paper as models

    old = tmp_path / "unit"
    shutil.copytree(run_dir, old)
    models.unit_input(keras.models.load_model(run_dir / "model.keras")).save(old / "model.keras")
    photo = [photos / "astronaut.jpg"]
    p_old = predict.predict_images(old, photo).p_fake
    assert "takes images in [0, 1]" in capsys.readouterr().err
    np.testing.assert_allclose(p_old, predict.predict_images(run_dir, photo).p_fake, rtol=1e-4)


# --------------------------------------------------------------------------- hostile inputs and outputs
def test_csv_is_refused_before_scoring_onto_an_input_a_folder_or_a_file_predict_did_not_write(photos, tmp_path):
    from dfkit.inference import outputs

    inputs = outputs.resolved(predict.image_paths(photos))
    with pytest.raises(predict.PredictError, match="one of the images to score"):
        outputs.check_csv(photos / "astronaut.jpg", inputs, force=True)  # never, even with --force
    with pytest.raises(predict.PredictError, match="is a folder"):
        outputs.check_csv(tmp_path, inputs)
    with pytest.raises(predict.PredictError, match="does not exist"):
        outputs.check_csv(tmp_path / "nope" / "out.csv", inputs)
    mine = tmp_path / "notes.csv"
    mine.write_text("my own notes\n")
    with pytest.raises(predict.PredictError, match="not a table written by predict.*--force"):
        outputs.check_csv(mine, inputs)
    assert outputs.check_csv(mine, inputs, force=True) == mine
    earlier = tmp_path / "out.csv"
    earlier.write_text(outputs.CSV_HEADER + "\nx.jpg,0,,0.5,real,\n")  # an earlier run's table: replaced
    assert outputs.check_csv(earlier, inputs) == earlier


def test_csv_is_written_whole_or_not_at_all_and_odd_names_stay_utf8(tmp_path, monkeypatch):
    import os

    import pandas as pd

    from dfkit.inference import outputs

    odd = os.fsdecode(b"caf\xe9.jpg")  # a Latin-1 name, read with a surrogate
    assert outputs.display_name(odd) == "caf\\xe9.jpg"
    target = tmp_path / "out.csv"
    target.write_text("earlier\n")
    table = pd.DataFrame({"file": ["a.jpg", outputs.display_name(odd)]})

    def fails_halfway(self, f, **kwargs):
        f.write("file\na.jpg\n")
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(pd.DataFrame, "to_csv", fails_halfway)
        with pytest.raises(OSError):
            outputs.write_csv(table, target)
    assert target.read_text() == "earlier\n" and sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    outputs.write_csv(table, target)
    assert target.read_bytes().decode("utf-8") == "file\na.jpg\ncaf\\xe9.jpg\n"


def test_gradcam_that_is_a_file_is_refused_before_the_model_is_loaded(tmp_path):
    (tmp_path / "notadir").write_text("")
    with pytest.raises(predict.PredictError, match="is a file, not a folder"):
        predict.predict_images(tmp_path / "no-run-here", [tmp_path], gradcam_dir=tmp_path / "notadir")


def test_every_image_that_cannot_be_scored_is_named_and_the_rest_kept(run_dir, photos, tmp_path, monkeypatch):
    """A decompression bomb, a FIFO, a broken link, a loop, a name too long for its overlay, a user's
    file where an overlay would go: each is named on its row; the symlinked folder is followed."""
    import os
    import shutil

    from dfkit.data import image_file

    monkeypatch.setattr(image_file, "MAX_PIXELS", 600 * 600)  # the 512 x 512 astronaut passes
    top = tmp_path / "in"
    top.mkdir()
    shutil.copy(photos / "astronaut.jpg", top / "astronaut.jpg")
    shutil.copy(photos / "astronaut.jpg", top / ("x" * 250 + ".jpg"))  # its overlay's name is too long
    Image.new("L", (1000, 1000)).save(top / "bomb.png")
    os.mkfifo(top / "pipe.jpg")
    (top / "dangling.jpg").symlink_to(tmp_path / "gone.jpg")
    (top / "loop").symlink_to(top)
    (tmp_path / "elsewhere").mkdir()
    shutil.copy(photos / "astronaut.jpg", tmp_path / "elsewhere" / "linked.jpg")
    (top / "linked").symlink_to(tmp_path / "elsewhere")
    cams = tmp_path / "cams"
    cams.mkdir()
    (cams / "linked_face0.png").write_bytes(b"a photo of the user's")
    table = predict.predict_images(run_dir, [top], gradcam_dir=cams)
    note = {os.path.basename(f): n for f, n in zip(table.file, table.note)}
    assert "too many pixels" in note["bomb.png"] and "FIFO" in note["pipe.jpg"]
    assert "broken symbolic link" in note["dangling.jpg"] and "already scanned" in note["loop"]
    assert table.verdict[table.file.str.endswith(("bomb.png", "pipe.jpg", "dangling.jpg"))].eq("unreadable").all()
    assert table.p_fake.notna().sum() == 3  # astronaut, the long name and the linked folder's photo
    assert "overlay not written" in note["x" * 250 + ".jpg"] and "too long" in note["x" * 250 + ".jpg"]
    assert "not an overlay written by predict" in note["linked.jpg"]
    assert (cams / "linked_face0.png").read_bytes() == b"a photo of the user's"
    assert (cams / "astronaut_face0.png").is_file()
    again = predict.predict_images(run_dir, [top / "astronaut.jpg"], gradcam_dir=cams)  # its own overlay
    assert "overlay not written" not in again.note.iloc[0]


def test_cli_refuses_a_bad_csv_path_in_one_line_before_scoring(run_dir, photos, tmp_path):
    res = subprocess.run([sys.executable, "-m", "dfkit", "predict", str(run_dir), str(photos),
                          "--csv", str(tmp_path / "nope" / "out.csv")], capture_output=True, text=True, timeout=300)
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr.strip().count("\n") == 0 and "nope" in res.stderr and "does not exist" in res.stderr
