"""dfkit.config and dfkit.course.chapter: the two switches and what every chapter starts with."""

from __future__ import annotations

import os
import shutil

import pytest

from dfkit import config
from dfkit.course import chapter as course
from dfkit.data import dataset as data


def test_profiles_and_switch(monkeypatch):
    monkeypatch.delenv(config.PROFILE_ENV, raising=False)
    assert config.get_profile().name == "laptop"
    paper = config.get_profile("paper")
    assert (paper.n_images, paper.image_size, paper.epochs, paper.tuner_trials) == (8000, 128, 20, 5)
    monkeypatch.setenv(config.PROFILE_ENV, "CI")
    assert config.get_profile().name == "ci"
    assert config.get_profile(epochs=1).epochs == 1
    monkeypatch.setenv(config.PROFILE_ENV, "huge")
    with pytest.raises(ValueError, match="ci, laptop, paper"):
        config.get_profile()


def test_data_switch_and_description(monkeypatch, tmp_path):
    monkeypatch.delenv(config.DATA_ENV, raising=False)
    assert config.data_source() == "synthetic"
    assert "embedded synthetic" in config.describe(config.get_profile("ci"))
    # a student who opens a later chapter first learns there how to switch
    assert 'os.environ["DFKIT_PROFILE"] = "ci"' in config.describe(config.get_profile("ci"))
    # and where the line goes: "a cell above" left students adding it below the import
    assert "at the very top" in config.describe(config.get_profile("ci"))
    # every chapter prints it: short enough to read past, lines that fit the page
    lines = config.describe(config.get_profile("laptop")).splitlines()
    assert len(lines) <= 4 and max(map(len, lines)) <= 80
    monkeypatch.setenv(config.DATA_ENV, str(tmp_path))
    assert config.data_source() == str(tmp_path)
    assert str(tmp_path) in config.describe(config.get_profile("ci"))


def test_prepare_on_synthetic_data(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv(config.DATA_ENV, raising=False)
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path))
    d = course.prepare("ci")
    out = capsys.readouterr().out
    assert "profile 'ci'" in out and "synthetic" in out
    assert len(d.manifest) == 320 and d.manifest["y"].sum() == 160
    assert len(d.train) + len(d.val) + len(d.test) == 320
    assert not set(d.train["group"]) & set(d.test["group"])
    again = course.prepare("ci", verbose=False)
    assert again.test["file"].tolist() == d.test["file"].tolist()


def test_prepare_on_a_folder(monkeypatch, make_dataset):
    root = make_dataset(20)
    monkeypatch.setenv(config.DATA_ENV, str(root))
    d = course.prepare(config.get_profile("ci", n_images=40), verbose=False)
    assert d.source == "folder" and len(d.manifest) == 40


# --------------------------------------------------------------------------- preparation that scales (issue 16, item 2)
@pytest.fixture
def counted(monkeypatch):
    """Every file data._inspect decodes, in order."""
    seen: list[str] = []
    inspect = data._inspect

    def counting(path, min_side):
        seen.append(str(path))
        return inspect(path, min_side)

    monkeypatch.setattr(data, "_inspect", counting)
    return seen


def _folder(monkeypatch, tmp_path, root):
    monkeypatch.setenv(config.DATA_ENV, str(root))
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path / "cache"))


def test_prepare_decodes_only_the_subset_and_draws_what_a_full_scan_would(monkeypatch, tmp_path, make_dataset,
                                                                        counted):
    root = make_dataset(60)  # 120 files
    _folder(monkeypatch, tmp_path, root)
    profile = config.get_profile("ci", n_images=40)
    d = course.prepare(profile, verbose=False)
    assert len(counted) == 40 and len(d.manifest) == 40 and d.manifest["y"].sum() == 20
    full, _ = data.scan(root, verbose=False)
    assert d.manifest["file"].tolist() == data.balanced_subset(full, 40, seed=profile.seed)["file"].tolist()
    assert d.manifest.columns.tolist() == full.columns.tolist()


def test_second_prepare_decodes_nothing_unless_a_file_changed(monkeypatch, tmp_path, make_dataset, counted):
    root = make_dataset(30)
    _folder(monkeypatch, tmp_path, root)
    profile = config.get_profile("ci", n_images=40)
    first = course.prepare(profile, verbose=False)
    counted.clear()
    again = course.prepare(profile, verbose=False)
    assert counted == [] and again.manifest.equals(first.manifest)
    changed = first.manifest["path"].iloc[0]
    shutil.copy(first.manifest["path"].iloc[1], changed)  # new content, size and time
    course.prepare(profile, verbose=False)
    assert counted == [changed]


def test_prepare_replaces_a_corrupt_drawn_file_and_names_it(monkeypatch, tmp_path, make_dataset, counted, capsys):
    root = make_dataset(30)
    _folder(monkeypatch, tmp_path, root)
    profile = config.get_profile("ci", n_images=40)
    drawn = course.prepare(profile, verbose=False).manifest
    bad = drawn.loc[drawn.label == "real", "path"].iloc[3]
    with open(bad, "r+b") as f:
        f.truncate(200)
    d = course.prepare(profile)
    assert len(d.manifest) == 40 and bad not in set(d.manifest["path"])
    assert any(p.file.endswith(bad.split("/")[-1]) and p.action == "skipped" for p in d.report.problems)
    assert bad.split("/")[-1] in capsys.readouterr().out


def test_prepare_groups_identical_drawn_files_and_refuses_one_in_both_classes(monkeypatch, tmp_path, make_dataset):
    root = make_dataset(24)
    _folder(monkeypatch, tmp_path, root)
    src = root / "real" / "vidreal0_frame_0_face_0.jpg"
    shutil.copy(src, root / "real" / "other9_frame_0_face_0.jpg")
    shutil.copy(src, root / "real" / "another_frame_0_face_0.jpg")
    with pytest.warns(UserWarning, match="Only 24 deepfake"):  # every image drawn
        d = course.prepare(config.get_profile("ci", n_images=52), verbose=False)
    copies = d.manifest[d.manifest["sha1"] == d.manifest.loc[d.manifest.file == "real/" + src.name, "sha1"].iloc[0]]
    assert len(copies) == 3 and copies["group"].nunique() == 1
    shutil.copy(src, root / "deepfake" / "same.jpg")
    with pytest.raises(data.DatasetError, match="same.jpg"), pytest.warns(UserWarning, match="Only 2[56] "):
        course.prepare(config.get_profile("ci", n_images=60), verbose=False)


def test_inspect_reads_each_file_once(monkeypatch, make_dataset):
    root = make_dataset(2)
    opened: list = []
    real_open = data.Image.open
    monkeypatch.setattr(data.Image, "open", lambda fp, *a, **k: opened.append(fp) or real_open(fp, *a, **k))
    data.scan(root, verbose=False)
    assert opened and not [fp for fp in opened if isinstance(fp, (str, os.PathLike))]


def test_a_drawn_file_that_vanished_is_reported_and_replaced(monkeypatch, tmp_path, make_dataset):
    root = make_dataset(30)
    _folder(monkeypatch, tmp_path, root)
    listed = data.list_images
    gone = root / "real" / "vidreal3_frame_1_face_0.jpg"

    def list_then_delete(*args, **kwargs):  # removed between listing and decoding
        out = listed(*args, **kwargs)
        gone.unlink(missing_ok=True)
        return out

    monkeypatch.setattr(data, "list_images", list_then_delete)
    with pytest.warns(UserWarning, match="Only 29 real"):  # every file drawn: none left to replace it
        d = course.prepare(config.get_profile("ci", n_images=60), verbose=False)
    assert len(d.manifest) == 59 and "real/" + gone.name not in set(d.manifest["file"])
    assert any(p.file.endswith(gone.name) and "cannot be read" in p.reason for p in d.report.problems)


def test_using_profile_overrides_the_switch_in_its_block_and_thread_only(monkeypatch):
    import threading

    monkeypatch.setenv("DFKIT_PROFILE", "laptop")
    seen = {}
    with config.using_profile("ci"):
        assert config.get_profile().name == "ci"
        assert config.get_profile("paper").name == "paper"  # a name given still wins
        thread = threading.Thread(target=lambda: seen.update(other=config.get_profile().name))
        thread.start()
        thread.join()
    assert seen["other"] == "laptop" and config.get_profile().name == "laptop"
