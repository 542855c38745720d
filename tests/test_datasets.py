"""datasets.kaggle_deepfake_faces: the Kaggle layout made offline, laid out as the course reads it."""

from __future__ import annotations

import json
import sys

import pandas as pd
import pytest

from conftest import write
from dfkit.data import dataset as data
from dfkit.data import download as datasets


@pytest.fixture
def kaggle_copy(tmp_path):
    """A small folder in the exact Kaggle 'deepfake-faces' layout: faces_224/ + metadata.csv."""
    root = tmp_path / "kaggle" / "deepfake-faces"
    rows = []
    for i in range(4):
        real = f"real{i}"
        write(root / "faces_224" / f"{real}.jpg", seed=i)
        rows.append({"videoname": f"{real}.mp4", "original_width": 129, "original_height": 129,
                     "label": "REAL", "original": None})
        for k in range(2):  # two fakes made from each real video
            fake = f"fake{i}{k}"
            write(root / "faces_224" / f"{fake}.jpg", seed=100 + 10 * i + k)
            rows.append({"videoname": f"{fake}.mp4", "original_width": 200, "original_height": 200,
                         "label": "FAKE", "original": f"{real}.mp4"})
    pd.DataFrame(rows).to_csv(root / "metadata.csv", index=False)
    return root


def test_layout_groups_fakes_with_their_original_and_scans(kaggle_copy, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(datasets, "_download", lambda: calls.append(1) or kaggle_copy.parent)
    dest = datasets.kaggle_deepfake_faces(tmp_path / "out", verbose=False)
    assert calls == [1]
    meta = pd.read_csv(dest / "metadata.csv")
    assert list(meta.columns) == ["file", "label", "group", "original_width", "original_height"]
    assert sorted(p.name for p in (dest / "real").iterdir()) == [f"real{i}.jpg" for i in range(4)]
    assert len(list((dest / "deepfake").iterdir())) == 8
    fake = meta.set_index("file").loc["deepfake/fake21.jpg"]
    assert fake["label"] == "deepfake" and fake["group"] == "real2"
    manifest, _ = data.scan(dest, verbose=False)
    assert manifest["group"].nunique() == 4 and manifest.groupby("group").size().eq(3).all()
    splits = data.make_splits(manifest, test=0.25, val=0.0)
    splits.check_no_leak()  # a fake never lands apart from its original
    # cached: the second call neither downloads nor rewrites
    monkeypatch.setattr(datasets, "_download", lambda: pytest.fail("downloaded again"))
    assert datasets.kaggle_deepfake_faces(tmp_path / "out", verbose=False) == dest
    assert json.loads((dest / datasets.MARKER).read_text())["counts"] == {"real": 4, "deepfake": 8}


def test_balanced_subset_and_missing_images_are_counted(kaggle_copy, tmp_path):
    (kaggle_copy / "faces_224" / "fake00.jpg").unlink()
    dest = datasets.kaggle_deepfake_faces(tmp_path / "sub", n=6, source=kaggle_copy.parent.parent, verbose=False)
    done = json.loads((dest / datasets.MARKER).read_text())
    assert done["counts"] == {"real": 3, "deepfake": 3} and done["missing_images"] == 1
    with pytest.raises(data.DatasetError, match="different layout"):
        datasets.kaggle_deepfake_faces(tmp_path / "sub", n=8, source=kaggle_copy)


def test_unknown_label_is_refused(kaggle_copy, tmp_path):
    meta = pd.read_csv(kaggle_copy / "metadata.csv")
    meta.loc[0, "label"] = "MAYBE"
    meta.to_csv(kaggle_copy / "metadata.csv", index=False)
    with pytest.raises(data.DatasetError, match="MAYBE"):
        datasets.kaggle_deepfake_faces(tmp_path / "out", source=kaggle_copy)


def test_without_kagglehub_the_error_gives_the_manual_steps(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "kagglehub", None)  # import kagglehub -> ImportError
    with pytest.raises(data.DatasetError, match="(?s)kagglehub is not installed.*unzip it.*source="):
        datasets.kaggle_deepfake_faces(tmp_path / "out")


def test_offline_download_failure_gives_the_manual_steps(tmp_path, monkeypatch):
    class Offline:
        @staticmethod
        def dataset_download(handle):
            raise ConnectionError("no network")

    monkeypatch.setitem(sys.modules, "kagglehub", Offline)
    with pytest.raises(data.DatasetError, match="(?s)no network.*Download"):
        datasets.kaggle_deepfake_faces(tmp_path / "out")


def test_a_folder_that_is_not_the_kaggle_layout_is_refused(tmp_path):
    (tmp_path / "x").mkdir()
    with pytest.raises(data.DatasetError, match="faces_224"):
        datasets.kaggle_deepfake_faces(tmp_path / "out", source=tmp_path / "x")
