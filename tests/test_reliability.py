"""Issue 24, items 2, 4 and 8: relative dataset paths, face swaps that carry two identities,
unreadable folders, class averages from the images described, the container's memory limit,
and the upload chooser's temporary folders. Each test failed on the code before its fix."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import write
from dfkit import config
from dfkit.data import dataset as data
from dfkit.data import loader, synthetic
from dfkit.evaluation import ablation
from dfkit.exceptions import DoesNotFit


# --------------------------------------------------------------------------- item 2
def _grouped_folder(root: Path) -> Path:
    """Two identities with metadata groups that no file name reveals (names say nothing)."""
    rows = []
    for label in ("real", "deepfake"):
        for i in range(8):
            file = f"{label}/img{i}.jpg"
            write(root / file, seed=i + 100 * (label == "real"))
            rows.append({"file": file, "group": f"person{i % 4}"})
    pd.DataFrame(rows).to_csv(root / "metadata.csv", index=False)
    return root


def test_a_relative_dataset_path_keeps_metadata_groups(tmp_path, monkeypatch):
    """``DFKIT_DATA=.``: 'real/' was sliced to 'al/' and metadata.csv matched nothing."""
    root = _grouped_folder(tmp_path / "ds")
    monkeypatch.chdir(root)
    manifest, report = data.scan(".", verbose=False)
    assert manifest["file"].str.match(r"^(real|deepfake)/img\d\.jpg$").all(), manifest["file"].head()
    assert not report.of("ungrouped") and report.n_per_file_groups == 0
    assert set(manifest["group"]) == {f"person{i}" for i in range(4)}
    assert all(Path(p).is_absolute() and Path(p).is_file() for p in manifest["path"])
    monkeypatch.chdir(root / "real")  # and from below, through '..'
    again, _ = data.scan("..", verbose=False)
    assert again["file"].tolist() == manifest["file"].tolist()


def test_config_records_the_resolved_dataset_path(tmp_path, monkeypatch):
    root = _grouped_folder(tmp_path / "ds")
    monkeypatch.chdir(root)
    monkeypatch.setenv(config.DATA_ENV, ".")
    assert config.data_source() == str(root.resolve())


# --------------------------------------------------------------------------- item 4
@pytest.fixture(scope="module")
def swaps(tmp_path_factory):
    root = tmp_path_factory.mktemp("swaps") / "set"
    synthetic.generate(root, synthetic.SyntheticSpec(n_images=160, size=32, seed=0), progress=False)
    manifest, _ = data.scan(root, verbose=False)
    return manifest


def _identities(frame: pd.DataFrame) -> set[int]:
    """Every identity whose face is in ``frame``: the target's and, for a swap, the pasted one."""
    pasted = frame.loc[frame["source_identity"] >= 0, "source_identity"]
    return set(frame["identity"]) | set(pasted)


def test_no_pasted_identity_crosses_train_and_test(swaps):
    """A face-swap fake shows two people; its group must keep both out of the other splits."""
    splits = data.make_splits(swaps, strategy="group", seed=0)
    swapped = splits.test[splits.test["family"] == "faceswap"]
    assert len(swapped) > 0
    leaked = swapped[swapped["source_identity"].isin(_identities(splits.train))]
    assert leaked.empty, f"{len(leaked)} of {len(swapped)} test face swaps show a train identity"
    assert not _identities(splits.train) & _identities(splits.test)
    assert not _identities(splits.val) & _identities(splits.test)


def test_family_splits_keep_identities_apart(swaps):
    parts = ablation.family_splits(data.make_splits(swaps, seed=0), "faceswap")
    train = _identities(parts["train"])
    for name, frame in parts.items():
        if name.startswith("test"):
            assert not train & _identities(frame), name


def test_a_source_group_column_joins_the_two_groups(make_dataset):
    """The rule in dataset.py, on any folder: a row's ``source_group`` is linked to its group,
    transitively (union-find), so every image of either person lands in one split."""
    root = make_dataset(6)
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.jpg"))
    groups = {f: f"p{i % 4}" for i, f in enumerate(files)}
    sources = {files[1]: "p2", files[6]: "p3"}  # p1-p2 and p2-p3 linked: p1, p2, p3 one group
    pd.DataFrame({"file": files, "group": [groups[f] for f in files],
                  "source_group": [sources.get(f, "") for f in files]}).to_csv(
        root / "metadata.csv", index=False)
    manifest, _ = data.scan(root, verbose=False)
    by_file = dict(zip(manifest["file"], manifest["group"]))
    linked = {by_file[f] for f in files if groups[f] in ("p1", "p2", "p3")}
    assert len(linked) == 1 and by_file[files[0]] not in linked  # p0 stays alone


def test_dfdc_metadata_says_it_cannot_guarantee_the_pasted_identity():
    assert "pasted" in ablation.family_splits.__doc__ and "DFDC" in ablation.family_splits.__doc__
    assert "source_group" in data.list_images.__doc__


# --------------------------------------------------------------------------- item 8
def test_an_unreadable_folder_is_reported_not_skipped_silently(make_dataset, monkeypatch):
    """os.walk passes over a folder it cannot list unless told; the scan must report it.
    (Permissions are simulated: the tests may run as root, who reads any folder.)"""
    root = make_dataset(6)
    locked = root / "real" / "locked"
    write(locked / "hidden_frame_0_face_0.jpg", seed=7)
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    frame, report = data.list_images(root)
    assert any("locked" in p.file and "could not be read" in p.reason for p in report.of("skipped"))
    assert "locked" in report.summary()


def test_describe_images_refuses_averages_of_the_images_it_describes():
    from dfkit.course import eda

    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (6, 32, 32, 3), dtype=np.uint8)
    labels = np.array([0, 0, 0, 1, 1, 1])
    with pytest.raises(ValueError, match="training"):
        eda.describe_images(images, labels)
    with pytest.raises(ValueError, match="training"):
        eda.describe_images(images, labels, averages=None)
    table = eda.describe_images(images, labels, eda.class_averages(images[::-1], labels[::-1]))
    assert len(table) == 6


def _cgroup(folder: Path, limit: str, used: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "memory.max").write_text(limit + "\n")
    (folder / "memory.current").write_text(f"{used}\n")
    return folder


def test_check_fits_reads_the_container_limit_not_the_hosts(tmp_path, monkeypatch):
    """A 1 GiB container on a big host: 0.5 GiB used leaves 0.5 GiB, whatever the host has free."""
    monkeypatch.setattr(loader, "CGROUP_ROOT", _cgroup(tmp_path / "v2", str(2**30), 2**29))
    assert loader.available_memory() <= 2**29
    with pytest.raises(DoesNotFit, match="512.0 MiB"):
        loader.check_fits(300 * 2**20, "a test array")
    loader.check_fits(200 * 2**20, "a small test array")  # under half of 512 MiB
    monkeypatch.setattr(loader, "CGROUP_ROOT", _cgroup(tmp_path / "nolimit", "max", 2**29))
    import psutil
    assert loader.available_memory() == psutil.virtual_memory().available or \
        abs(loader.available_memory() - psutil.virtual_memory().available) < 2**28


def test_check_fits_reads_a_cgroup_v1_limit(tmp_path, monkeypatch):
    v1 = tmp_path / "v1" / "memory"
    v1.mkdir(parents=True)
    (v1 / "memory.limit_in_bytes").write_text(f"{2**30}\n")
    (v1 / "memory.usage_in_bytes").write_text(f"{3 * 2**28}\n")
    monkeypatch.setattr(loader, "CGROUP_ROOT", tmp_path / "v1")
    assert loader.available_memory() <= 2**28


class _Upload:
    """What ipywidgets' FileUpload holds after a click: name and content per file."""

    def __init__(self, names):
        self.value = [{"name": n, "content": memoryview(b"x" * 10)} for n in names]


def test_photo_chooser_removes_its_temporary_folder():
    from dfkit.inference import predict

    chooser = predict.PhotoChooser(widget=_Upload(["a.jpg", "../b.jpg"]))
    paths = chooser.paths()
    folder = paths[0].parent
    assert [p.name for p in paths] == ["a.jpg", "b.jpg"] and all(p.is_file() for p in paths)
    chooser.close()
    assert not folder.exists()
    with predict.PhotoChooser(widget=_Upload(["c.jpg"])) as other:
        second = other.paths()[0].parent
        assert second.exists()
    assert not second.exists()
    third = predict.PhotoChooser(widget=_Upload(["d.jpg"]))
    gone = third.paths()[0].parent
    del third
    gc.collect()
    assert not gone.exists()  # a forgotten chooser cleans up when it is collected
