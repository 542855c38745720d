"""dfkit.data.dataset: class folders, groups, bad input of every kind, subsets and leak-free splits."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from conftest import DFDC, face, write
from dfkit.data import dataset as data
from dfkit.data.dataset import DatasetError


def test_reads_paper_layout_and_groups(make_dataset):
    root = make_dataset(6)
    manifest, report = data.scan(root, verbose=False)
    assert len(manifest) == 12 and not report.problems
    assert set(manifest["label"]) == {"real", "deepfake"}
    assert manifest.loc[manifest.label == "deepfake", "y"].eq(1).all()
    # <video>_frame_<k>_face_0.jpg -> group is the video
    assert manifest["group"].nunique() == 6
    assert "vidreal0" in set(manifest["group"])


def test_fake_alias_nested_and_case_insensitive(tmp_path, make_dataset):
    make_dataset(4, fake_name="Fake", root=tmp_path / "download" / "deepfake_dataset")
    manifest, _ = data.scan(tmp_path / "download", verbose=False)
    assert manifest["y"].sum() == 4 and len(manifest) == 8


def test_subfolder_per_video_gives_group(tmp_path):
    for label in ("real", "deepfake"):
        for v in range(2):
            for k in range(3):
                write(tmp_path / label / f"video{v}" / f"{k}.png", seed=v * 10 + k + (label == "real") * 100)
    manifest, _ = data.scan(tmp_path, verbose=False)
    assert manifest["group"].nunique() == 2 and len(manifest) == 12


def test_metadata_csv_group_column(make_dataset):
    root = make_dataset(4)
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.jpg"))
    pd.DataFrame({"file": files, "group": ["g" + str(i % 3) for i in range(len(files))]}).to_csv(
        root / "metadata.csv", index=False)
    manifest, _ = data.scan(root, verbose=False)
    assert set(manifest["group"]) == {"g0", "g1", "g2"}


def test_metadata_label_conflict_names_file(make_dataset):
    root = make_dataset(2)
    pd.DataFrame({"file": ["real/vidreal0_frame_0_face_0.jpg"], "label": ["deepfake"], "group": ["x"]}).to_csv(
        root / "metadata.csv", index=False)
    with pytest.raises(DatasetError, match="vidreal0_frame_0_face_0.jpg"):
        data.scan(root, verbose=False)


def test_metadata_unknown_label_is_refused_naming_the_row_and_the_accepted_values(make_dataset):
    root = make_dataset(2)
    (root / "metadata.csv").write_text("file,group,label\nreal/vidreal0_frame_0_face_0.jpg,g,real\n"
                                       "real/vidreal0_frame_1_face_0.jpg,g,maybe\n")
    with pytest.raises(DatasetError, match=r"row 2 \(real/vidreal0_frame_1_face_0.jpg\): label 'maybe' "
                                           r"is none of real, deepfake, fake"):
        data.scan(root, verbose=False)


@pytest.mark.parametrize("how", ["folder", "no permission"])
def test_metadata_csv_that_cannot_be_opened_is_refused_naming_it(make_dataset, monkeypatch, how):
    root = make_dataset(2)
    if how == "folder":
        (root / "metadata.csv").mkdir()
    else:  # chmod 000 does not stop root (the CI container's user): make the read fail instead
        (root / "metadata.csv").write_text("file,group\n")

        def locked(*args, **kwargs):
            raise PermissionError(13, "Permission denied", str(root / "metadata.csv"))
        monkeypatch.setattr(pd, "read_csv", locked)
    with pytest.raises(DatasetError, match=r"metadata.csv cannot be read \((Is a directory|Permission denied)\)"):
        data.scan(root, verbose=False)


def test_corrupt_truncated_and_non_image_files_are_skipped_and_reported(make_dataset, capsys):
    root = make_dataset(4)
    (root / "real" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    good = (root / "deepfake" / "vidd_frame_0_face_0.jpg")
    write(good, seed=77)
    (root / "deepfake" / "cut.jpg").write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    (root / "real" / "notes.txt").write_text("hello")
    (root / "real" / ".DS_Store").write_bytes(b"\0\0")
    manifest, report = data.scan(root, verbose=True)
    skipped = {p.file.split("/")[-1]: p.reason for p in report.of("skipped")}
    assert set(skipped) == {"broken.jpg", "cut.jpg", "notes.txt", ".DS_Store"}
    assert "corrupt or truncated" in skipped["cut.jpg"] and "not an image" in skipped["notes.txt"]
    assert len(manifest) == 9 and report.n_found == 13
    out = capsys.readouterr().out
    assert "4 skipped" in out and "cut.jpg" in out  # the user is told, file by file


@pytest.mark.parametrize("limit", ["dfkit", "pillow"])
def test_decompression_bomb_and_fifo_are_skipped_and_reported_the_rest_scanned(make_dataset, monkeypatch, limit):
    """A file declaring too many pixels (dfkit's cap, or beyond Pillow's hard limit, which raised an
    uncaught DecompressionBombError) is named as skipped; a FIFO named like an image is not opened."""
    import os

    from dfkit.data import image_file

    if limit == "dfkit":
        monkeypatch.setattr(image_file, "MAX_PIXELS", 3000)  # the 48 x 48 faces pass, 100 x 100 does not
    else:
        monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 3000)  # Pillow refuses over twice that
    root = make_dataset(4)
    Image.new("L", (100, 100)).save(root / "real" / "bomb.png")
    os.mkfifo(root / "real" / "pipe.jpg")
    manifest, report = data.scan(root, verbose=False, workers=1)
    skipped = {p.file.split("/")[-1]: p.reason for p in report.of("skipped")}
    assert set(skipped) == {"bomb.png", "pipe.jpg"} and len(manifest) == 8
    assert "too many pixels (" in skipped["bomb.png"] and "10,000" in skipped["bomb.png"]
    assert "the limit is" in skipped["bomb.png"]
    assert "FIFO" in skipped["pipe.jpg"]


@pytest.mark.parametrize("mode,fmt,word", [("L", "PNG", "grayscale"), ("RGBA", "PNG", "RGBA"),
                                           ("P", "PNG", "palette"), ("1", "PNG", "1-bit"), ("CMYK", "JPEG", "CMYK")])
def test_modes_are_converted_to_rgb_and_reported(make_dataset, mode, fmt, word):
    root = make_dataset(2)
    path = write(root / "real" / f"odd_frame_0_face_0.{fmt.lower()}", seed=5, mode=mode, fmt=fmt)
    manifest, report = data.scan(root, verbose=False)
    assert any(word in p.reason and p.file.endswith(path.name) for p in report.of("converted"))
    arr = data.load_image(path, 32)
    assert arr.shape == (32, 32, 3) and arr.dtype == np.uint8


def test_sixteen_bit_image_is_scaled_not_clipped(tmp_path):
    arr16 = (np.linspace(0, 65535, 64 * 64).reshape(64, 64)).astype(np.uint16)
    path = tmp_path / "deep.png"
    Image.fromarray(arr16).save(path)
    rgb = data.load_image(path)
    assert rgb.shape == (64, 64, 3) and rgb.max() == 255 and rgb.min() == 0
    assert 100 < rgb.mean() < 155  # a clipped conversion would be almost all 255


def test_rgba_transparent_pixels_become_white(tmp_path):
    rgba = np.zeros((40, 40, 4), np.uint8)  # fully transparent black
    path = tmp_path / "a.png"
    Image.fromarray(rgba).save(path)
    assert data.load_image(path).min() == 255


def test_tiny_images_are_skipped_with_reason(make_dataset):
    root = make_dataset(2)
    write(root / "deepfake" / "tiny.png", arr=face(1, size=8))
    _, report = data.scan(root, verbose=False)
    assert [p.reason for p in report.of("skipped") if "tiny" in p.file][0].startswith("too small (8x8")


def test_load_image_crops_to_square_and_resizes(tmp_path):
    arr = np.zeros((60, 100, 3), np.uint8)
    arr[:, 20:80] = 200  # the centre square is bright, the side bands dark
    path = write(tmp_path / "wide.png", arr=arr)
    out = data.load_image(path, 30)
    assert out.shape == (30, 30, 3) and out.min() == 200


def test_undecodable_file_error_names_it(tmp_path):
    bad = tmp_path / "x.jpg"
    bad.write_bytes(b"garbage")
    with pytest.raises(DatasetError, match="x.jpg"):
        data.load_image(bad)


def test_empty_class_folder_is_an_error(make_dataset):
    root = make_dataset(2)
    shutil.rmtree(root / "deepfake")
    (root / "deepfake").mkdir()
    (root / "deepfake" / "readme.txt").write_text("nothing")
    with pytest.raises(DatasetError, match=r"deepfake.*holds no usable images"):
        data.scan(root, verbose=False)


def test_missing_class_folder_names_the_missing_class(make_dataset):
    root = make_dataset(2)
    shutil.rmtree(root / "deepfake")
    with pytest.raises(DatasetError, match="no 'deepfake' class folder"):
        data.scan(root, verbose=False)


def test_wrong_folder_names_list_expected_names_and_suggest(tmp_path):
    write(tmp_path / "reals" / "a.jpg")
    write(tmp_path / "fakes" / "b.jpg")
    with pytest.raises(DatasetError) as err:
        data.scan(tmp_path, verbose=False)
    msg = str(err.value)
    assert "'real/' and 'deepfake/'" in msg and "rename 'fakes' to 'fake'" in msg and "reals" in msg


def test_missing_root_folder(tmp_path):
    with pytest.raises(DatasetError, match="does not exist"):
        data.scan(tmp_path / "nope", verbose=False)


def test_identical_files_are_grouped_and_never_split(make_dataset):
    root = make_dataset(20)
    src = root / "real" / "vidreal0_frame_0_face_0.jpg"
    for i in range(3):  # three copies of one face, under other names and groups
        shutil.copy(src, root / "real" / f"copy{i}_frame_0_face_0.jpg")
    manifest, report = data.scan(root, verbose=False)
    sha = manifest.loc[manifest.file.str.endswith(src.name), "sha1"].iloc[0]
    dup_groups = manifest.loc[manifest.sha1 == sha, "group"]
    assert dup_groups.nunique() == 1 and len(dup_groups) == 4
    assert len(report.of("regrouped")) == 1 and "4 identical copies" in report.of("regrouped")[0].reason
    for seed in range(5):
        for strategy in ("group", "stratified"):
            splits = data.make_splits(manifest, strategy, test=0.25, val=0.2, seed=seed)
            homes = [name for name, df in splits.items() if (df.sha1 == sha).any()]
            assert len(homes) == 1


def test_identical_file_in_both_classes_is_an_error_naming_both(make_dataset):
    root = make_dataset(3)
    shutil.copy(root / "real" / "vidreal0_frame_0_face_0.jpg", root / "deepfake" / "same.jpg")
    both = r"real/vidreal0_frame_0_face_0.jpg.*deepfake/same.jpg|deepfake/same.jpg.*real/vidreal0"
    with pytest.raises(DatasetError, match=both):
        data.scan(root, verbose=False)


def test_splits_are_group_disjoint_stratified_and_reproducible(synthetic_root):
    manifest, _ = data.scan(synthetic_root, verbose=False)
    a = data.make_splits(manifest, "group", test=0.2, val=0.1, seed=7)
    b = data.make_splits(manifest, "group", test=0.2, val=0.1, seed=7)
    c = data.make_splits(manifest, "group", test=0.2, val=0.1, seed=8)
    for (_, x), (_, y) in zip(a.items(), b.items()):
        assert x["file"].tolist() == y["file"].tolist()
    assert a.test["file"].tolist() != c.test["file"].tolist()
    groups = [set(df["group"]) for _, df in a.items()]
    assert not (groups[0] & groups[1] or groups[0] & groups[2] or groups[1] & groups[2])
    assert sum(len(df) for _, df in a.items()) == len(manifest)
    for _, df in a.items():
        assert 0.3 < df["y"].mean() < 0.7
    assert 0.1 < len(a.test) / len(manifest) < 0.3


def test_stratified_split_is_the_papers_80_20(synthetic_root):
    manifest, _ = data.scan(synthetic_root, verbose=False)
    s = data.make_splits(manifest, "stratified", test=0.2, val=0.0, seed=0)
    assert len(s.val) == 0 and len(s.test) == 24 and s.test["y"].sum() == 12


def test_leak_check_catches_a_leak(synthetic_root):
    manifest, _ = data.scan(synthetic_root, verbose=False)
    s = data.make_splits(manifest, "group", seed=0)
    s.test = pd.concat([s.test, s.train.iloc[:1]])
    with pytest.raises(DatasetError, match="Leak"):
        s.check_no_leak()


def test_too_few_groups_is_a_clear_error(make_dataset):
    manifest, _ = data.scan(make_dataset(2), verbose=False)  # 2 groups in all
    with pytest.raises(DatasetError, match="too few"):
        data.make_splits(manifest, "group", test=0.2, val=0.1)


def test_balanced_subset(synthetic_root):
    manifest, _ = data.scan(synthetic_root, verbose=False)
    sub = data.balanced_subset(manifest, 40, seed=1)
    assert len(sub) == 40 and sub["y"].sum() == 20
    assert sub["file"].tolist() == data.balanced_subset(manifest, 40, seed=1)["file"].tolist()
    with pytest.warns(UserWarning, match="Only 60 real images"):
        data.balanced_subset(manifest, 400)


@pytest.mark.skipif(not DFDC.is_dir(), reason="the DFDC sample (../shared/data/dfdc-faces) is not here")
def test_reads_the_real_dfdc_sample_with_its_groups():
    manifest, report = data.scan(DFDC, verbose=False)
    assert len(manifest) == 8000 and manifest["y"].sum() == 4000
    meta = pd.read_csv(DFDC / "metadata.csv")
    # groups come from metadata.csv (except identical files, which are merged into one group)
    merged = {p.file for p in report.of("regrouped")}
    assert manifest["group"].nunique() <= meta["group"].nunique()
    assert manifest["group"].nunique() >= meta["group"].nunique() - 3 * max(1, len(merged))
    splits = data.make_splits(manifest, "group", seed=0)
    splits.check_no_leak()
    assert 1400 < len(splits.test) < 1800
    img = data.load_image(splits.test["path"].iloc[0], 64)
    assert img.shape == (64, 64, 3)


def test_sample_per_class_is_reproducible(synthetic_root):
    manifest, _ = data.scan(synthetic_root, verbose=False)
    five = data.sample_per_class(manifest, 5, seed=2)
    assert five["y"].value_counts().to_dict() == {0: 5, 1: 5}
    assert five["file"].tolist() == data.sample_per_class(manifest, 5, seed=2)["file"].tolist()


# --------------------------------------------------------------------------- groups (issue 16, item 1)
def _with_metadata(root, groups):
    """Write metadata.csv for every image under ``root`` with the given group cells (raw CSV text)."""
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.jpg"))
    lines = ["file,group"] + [f"{f},{g}" for f, g in zip(files, groups(len(files)))]
    (root / "metadata.csv").write_text("\n".join(lines) + "\n")
    return files


def test_numeric_groups_are_read_as_groups_not_dropped(make_dataset):
    root = make_dataset(6)  # 12 files
    _with_metadata(root, lambda n: [i % 3 for i in range(n)])  # groups 0, 1, 2
    manifest, report = data.scan(root, verbose=False)
    assert sorted(manifest["group"].unique()) == ["0", "1", "2"]
    assert not report.of("ungrouped")


def test_mixed_groups_keep_their_text_exactly(make_dataset):
    root = make_dataset(4)  # 8 files
    _with_metadata(root, lambda n: ["007", "7", "NA", "null", "7.0", "a", "007", "b"][:n])
    manifest, _ = data.scan(root, verbose=False)
    assert set(manifest["group"]) == {"007", "7", "NA", "null", "7.0", "a", "b"}


def test_empty_or_missing_groups_are_reported(make_dataset):
    root = make_dataset(4)  # 8 files
    files = _with_metadata(root, lambda n: ["g0", "", "g1", " ", "g2", "g3", "g4", "g5"][:n])
    meta = (root / "metadata.csv").read_text().splitlines()
    (root / "metadata.csv").write_text("\n".join(meta[:-1]) + "\n")  # last file not listed at all
    manifest, report = data.scan(root, verbose=False)
    ungrouped = {p.file: p.reason for p in report.of("ungrouped")}
    assert set(ungrouped) == {files[1], files[3], files[-1]}
    assert "empty group" in ungrouped[files[1]] and "not listed in" in ungrouped[files[-1]]
    assert "ungrouped" in report.summary().lower()
    assert len(manifest) == 8  # still used, grouped from their names


def test_folder_without_group_information_says_so_loudly(tmp_path, capsys):
    for label in ("real", "deepfake"):
        for i in range(6):
            write(tmp_path / label / f"{label}{i}.jpg", seed=i + (label == "real") * 100)
    manifest, report = data.scan(tmp_path, verbose=True)
    assert manifest["group"].nunique() == 12
    assert report.one_group_per_file
    said = capsys.readouterr().out
    assert "no group information" in said and "file-level split" in said


def test_paper_names_are_group_information(make_dataset, capsys):
    manifest, report = data.scan(make_dataset(6), verbose=True)
    assert not report.one_group_per_file and "no group information" not in capsys.readouterr().out


def test_cached_splits_equal_computed_ones_and_skip_the_folds(synthetic_root, tmp_path, monkeypatch):
    manifest, _ = data.scan(synthetic_root, verbose=False)
    plain = data.make_splits(manifest, "group", seed=3)
    first = data.make_splits(manifest, "group", seed=3, cache=tmp_path)
    monkeypatch.setattr(data, "_group_fold", lambda *a: pytest.fail("folds recomputed despite the cache"))
    again = data.make_splits(manifest, "group", seed=3, cache=tmp_path)
    for (_, a), (_, b), (_, c) in zip(plain.items(), first.items(), again.items()):
        assert a.equals(b) and a.equals(c)
    with pytest.raises(pytest.fail.Exception):  # another seed is another split
        data.make_splits(manifest, "group", seed=4, cache=tmp_path)


def test_random_split_leak_counts_test_groups_also_in_train():
    from dfkit.data.dataset import random_split_leak

    pairs = pd.DataFrame({"group": [f"g{i // 2}" for i in range(40)]})
    n_groups, share = random_split_leak(pairs, n_test=8, seed=0)
    assert 4 <= n_groups <= 8 and 0 <= share <= 1
    alone = pd.DataFrame({"group": [f"g{i}" for i in range(40)]})  # one file per group
    assert random_split_leak(alone, n_test=8, seed=0) == (8, 0.0)
    one = pd.DataFrame({"group": ["v"] * 40})
    assert random_split_leak(one, n_test=8, seed=0) == (1, 1.0)
