"""Real face datasets in one call, laid out as the course reads them (``real/``, ``deepfake/``,
``metadata.csv`` with ``file,label,group``): point ``DFKIT_DATA`` at the folder returned.

* :func:`kaggle_deepfake_faces` — the DFDC face crops published on Kaggle as "deepfake-faces"
  (``faces_224/<video>.jpg`` + ``metadata.csv`` with ``videoname,label,original``), downloaded
  with ``kagglehub`` (``pip install "dfkit[kaggle]"``; Colab ships it), or read from a copy you
  downloaded yourself (``source=``).

The paper's own set (Mendeley Data) needs no conversion: see ``real_data.md``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd

from dfkit import config
from dfkit.data.dataset import FAKE, METADATA, REAL, DatasetError

KAGGLE_HANDLE = "dagnelies/deepfake-faces"
KAGGLE_PAGE = f"https://www.kaggle.com/datasets/{KAGGLE_HANDLE}"
KAGGLE_LABELS = {"REAL": REAL, "FAKE": FAKE}
MARKER = ".dfkit-layout.json"  # written last: its presence means the layout is complete

MANUAL_STEPS = f"""To get it by hand:
  1. sign in at {KAGGLE_PAGE} and click Download;
  2. unzip it: you get faces_224/ and metadata.csv;
  3. call kaggle_deepfake_faces(source="the/unzipped/folder") to lay it out for the course
     (or, with internet and kagglehub: pip install "dfkit[kaggle]")."""


def _download() -> Path:
    """The Kaggle copy of the dataset, via kagglehub (cached by kagglehub itself)."""
    try:
        import kagglehub
    except ImportError as exc:
        raise DatasetError(f"kagglehub is not installed, so the Kaggle dataset {KAGGLE_HANDLE!r} "
                           f"cannot be downloaded here.\n{MANUAL_STEPS}") from exc
    try:
        return Path(kagglehub.dataset_download(KAGGLE_HANDLE))
    except Exception as exc:  # offline, no credentials where Kaggle asks, a renamed dataset...
        raise DatasetError(f"Downloading {KAGGLE_HANDLE!r} with kagglehub failed "
                           f"({type(exc).__name__}: {exc}). Check the internet connection "
                           f"(Kaggle credentials: kagglehub.login()).\n{MANUAL_STEPS}") from exc


def _kaggle_root(source: Path) -> Path:
    """The folder holding ``metadata.csv`` and ``faces_224/``: ``source`` or up to 2 levels down."""
    for depth in range(3):
        for meta in sorted(source.glob("/".join(["*"] * depth + [METADATA]))):
            if (meta.parent / "faces_224").is_dir():
                return meta.parent
    raise DatasetError(f"No metadata.csv next to a faces_224/ folder under {source}: this is not "
                       f"the Kaggle 'deepfake-faces' layout.\n{MANUAL_STEPS}")


def read_kaggle_metadata(root: Path) -> pd.DataFrame:
    """The Kaggle ``metadata.csv`` as the course's columns: ``source`` (the image under
    ``faces_224/``), ``label`` (real/deepfake), ``group`` (the source video: a fake's is the real
    video it was made from), ``stem``, and the original crop size. Refuses unknown labels and
    missing columns."""
    meta = pd.read_csv(root / METADATA)
    missing = {"videoname", "label", "original"} - set(meta.columns)
    if missing:
        raise DatasetError(f"{root / METADATA} lacks the column(s) {', '.join(sorted(missing))} "
                           f"(has: {', '.join(meta.columns)}): not the Kaggle 'deepfake-faces' "
                           "metadata.")
    labels = meta["label"].astype(str).str.strip().str.upper()
    unknown = sorted(set(labels) - set(KAGGLE_LABELS))
    if unknown:
        raise DatasetError(f"{root / METADATA} has labels {unknown}; expected only REAL and FAKE.")
    stem = meta["videoname"].astype(str).map(lambda v: Path(v).stem)
    # a fake's group is the video it was made from; a real video is its own group
    is_fake_with_source = meta["original"].notna() & (labels == "FAKE")
    source = meta["original"].map(lambda v: Path(v).stem if isinstance(v, str) else "")
    group = source.where(is_fake_with_source, stem)
    out = pd.DataFrame({"stem": stem, "source": [f"faces_224/{s}.jpg" for s in stem],
                        "label": labels.map(KAGGLE_LABELS), "group": group})
    for column in ("original_width", "original_height"):
        if column in meta:
            out[column] = meta[column]
    twice = out["stem"][out["stem"].duplicated()]
    if len(twice):
        raise DatasetError(f"{root / METADATA} names the video {twice.iloc[0]!r} twice.")
    return out


def _balanced(meta: pd.DataFrame, n: int | None, seed: int) -> pd.DataFrame:
    if n is None:
        return meta
    parts = [rows.sample(n=min(n // 2, len(rows)), random_state=seed)
             for _, rows in meta.groupby("label")]
    return pd.concat(parts).sort_values("stem", kind="stable")


def _place(src: Path, dst: Path) -> None:
    """A hard link where the file system allows (no second copy on disk), else a copy."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def kaggle_deepfake_faces(dest: str | os.PathLike | None = None, n: int | None = None,
                          seed: int = 0, source: str | os.PathLike | None = None,
                          verbose: bool = True) -> Path:
    """The Kaggle "deepfake-faces" DFDC crops as a course dataset folder; returns its path.

    ``n``: a balanced subset (n/2 real, n/2 fake, drawn with ``seed``), else every face (some
    95,600 by published descriptions of the set, about 17 % of them real). ``source``: a folder
    you downloaded and unzipped yourself, else kagglehub downloads it. ``dest`` (default:
    ``<cache>/deepfake-faces[-n]``) gets ``real/``, ``deepfake/`` and ``metadata.csv``
    (``file,label,group,original_width,original_height``; the group is the source video, so a
    fake and its original share one). Cached: a second call with the same ``n`` and ``seed``
    returns at once. Rows whose image is missing are skipped and counted; labels and counts are
    checked.
    """
    default = config.cache_dir() / ("deepfake-faces" + (f"-{n}" if n else ""))
    dest = Path(dest).expanduser() if dest else default
    wanted = {"handle": KAGGLE_HANDLE, "n": n, "seed": seed}
    marker = dest / MARKER
    if marker.exists():
        done = json.loads(marker.read_text())
        if {k: done.get(k) for k in wanted} == wanted:
            return dest
        raise DatasetError(f"{dest} already holds a different layout ({done}); pass another dest "
                           "or delete it.")
    root = _kaggle_root(Path(source).expanduser() if source else _download())
    meta = read_kaggle_metadata(root)
    present = meta["source"].map(lambda f: (root / f).is_file())
    missing = int((~present).sum())
    meta = _balanced(meta[present], n, seed)
    if meta.empty or meta["label"].nunique() < 2:
        raise DatasetError(f"{root} holds images of {meta['label'].nunique()} class(es) only "
                           f"({missing} listed images missing): re-download it.\n{MANUAL_STEPS}")
    for label in (REAL, FAKE):
        (dest / label).mkdir(parents=True, exist_ok=True)
    meta = meta.assign(file=[f"{lab}/{stem}.jpg" for lab, stem in zip(meta["label"], meta["stem"])])
    for src, file in zip(meta["source"], meta["file"]):
        if not (dest / file).exists():
            _place(root / src, dest / file)
    sizes = [c for c in ("original_width", "original_height") if c in meta]
    meta[["file", "label", "group", *sizes]].to_csv(dest / METADATA, index=False)
    counts = meta["label"].value_counts().to_dict()
    on_disk = {label: sum(1 for _ in (dest / label).glob("*.jpg")) for label in (REAL, FAKE)}
    if on_disk != {label: counts.get(label, 0) for label in (REAL, FAKE)}:
        raise DatasetError(f"{dest} holds {on_disk} images but its metadata lists {counts}: "
                           f"delete {dest} (it holds other files) and call again.")
    groups = int(meta["group"].nunique())
    marker.write_text(json.dumps({**wanted, "counts": counts, "missing_images": missing,
                                  "groups": groups, "source": str(root)}, indent=2))
    if verbose:
        note = f"; {missing} listed images were missing" if missing else ""
        print(f"{dest}: {counts.get(REAL, 0):,} real and {counts.get(FAKE, 0):,} deepfake faces "
              f"in {groups:,} source-video groups{note}")
    return dest
