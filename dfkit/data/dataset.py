"""Reading real and synthetic face datasets into one manifest, then splitting it without leaks.

A dataset is a folder with a ``real/`` class and a ``deepfake/`` (or ``fake/``) class, possibly
nested (the paper's ``deepfake_dataset/{real,deepfake}/``). Each image gets a *group* — the
video or person it came from — read from ``metadata.csv`` when present, else from the paper's
``<video>_frame_<k>_face_0.jpg`` names, else from a per-video subfolder. Splits keep every
group, and every set of identical files, on one side.

Bad files never vanish silently: each is listed in a :class:`ScanReport` with what was done.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import os
import re
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import pandas as pd
from PIL import Image, UnidentifiedImageError

from dfkit import config
from dfkit.data import jpeg
from dfkit.data.image_file import MAX_PIXELS, TooManyPixels, open_image, read_regular
from dfkit.exceptions import DatasetError  # noqa: F401 (part of this module's interface)

__all__ = ["CLASS_FOLDERS", "IMAGE_SUFFIXES", "METADATA", "PAPER_NAME", "MIN_SIDE", "Problem", "ScanReport",
           "find_class_dirs", "to_rgb_array", "center_square", "load_image", "load_batch", "load_arrays",
           "InspectCache", "list_images", "inspect_images", "scan", "scan_subset",
           "balanced_subset", "Splits", "make_splits", "fingerprint", "sample_per_class", "DatasetError",
           "REAL", "FAKE", "random_split_leak"]

REAL, FAKE = "real", "deepfake"
CLASS_FOLDERS = {"real": REAL, "deepfake": FAKE, "fake": FAKE}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff", ".gif"}
METADATA = "metadata.csv"
PAPER_NAME = re.compile(r"^(?P<video>.+?)_frame_(?P<frame>\d+)(?:_face_\d+)?$")
MIN_SIDE = 32



@dataclass
class Problem:
    """One file the scan could not take as it was: what was wrong and what was done about it."""

    file: str
    action: str  # "skipped", "converted" or "regrouped"
    reason: str


@dataclass
class ScanReport:
    """Everything a scan noticed, so that nothing is dropped without the user being told."""

    root: Path
    n_found: int = 0
    problems: list[Problem] = field(default_factory=list)
    n_images: int = 0  # images listed for use (before decoding)
    n_per_file_groups: int = 0  # images with no group information: each is its own group
    n_inspected: int = 0  # images checked: decoded, or found unchanged in the cache
    n_decoded: int = 0  # images actually decoded
    n_kept: int = 0  # usable images returned
    n_listed: int = 0  # candidate images listed (hidden and non-image files aside)
    n_linked_groups: int = 0  # groups joined to another through metadata's source_group
    metadata_files: set[str] | None = field(default=None, repr=False)  # files metadata.csv groups

    @property
    def one_group_per_file(self) -> bool:
        """True when no image had group information: a "group" split is then a file-level split."""
        return self.n_images > 0 and self.n_per_file_groups == self.n_images

    def add(self, file: str | Path, action: str, reason: str) -> None:
        self.problems.append(Problem(str(file), action, reason))

    def of(self, action: str) -> list[Problem]:
        return [p for p in self.problems if p.action == action]

    def group_warning(self) -> str | None:
        """The loud line printed when some or all images have no group information, else None."""
        if not self.n_per_file_groups:
            return None
        which = "any" if self.one_group_per_file else f"{self.n_per_file_groups:,}"
        return (f"WARNING: no group information for {which} of the {self.n_images:,} images (no group in "
                f"{METADATA}, no <video>_frame_<k> name, no per-video subfolder): each is its own "
                "group, so for them the 'group-aware' split is a file-level split and frames of one "
                "video or person can land in both train and test. Add a metadata.csv with 'file' "
                "and 'group' columns (the video or person of each image).")

    def summary(self, limit: int = 10) -> str:
        skipped, converted, regrouped = self.of("skipped"), self.of("converted"), self.of("regrouped")
        ungrouped = self.of("ungrouped")
        lines = [f"Scanned {self.root}: {self.n_found} files, {self.n_kept} images kept, "
                 f"{len(skipped)} skipped, {len(converted)} converted to RGB, {len(regrouped)} regrouped"
                 + (f", {len(ungrouped)} ungrouped." if ungrouped else ".")]
        if self.n_inspected < self.n_listed:
            lines.append(f"  Only the {self.n_inspected:,} images drawn for the subset were decoded and "
                         f"checked; the other {self.n_listed - self.n_inspected:,} were listed, not read.")
        for title, items in (("Skipped", skipped), ("Converted", converted), ("Regrouped", regrouped),
                             ("Ungrouped", ungrouped)):
            for p in items[:limit]:
                lines.append(f"  {title}: {p.file}: {p.reason}")
            if len(items) > limit:
                lines.append(f"  ... and {len(items) - limit} more {title.lower()} (see report.problems)")
        if self.group_warning():
            lines.append(self.group_warning())
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


# --------------------------------------------------------------------------- class folders
def find_class_dirs(root: str | os.PathLike, max_depth: int = 3) -> dict[str, list[Path]]:
    """Find the ``real`` and ``deepfake``/``fake`` folders under ``root`` (names case-insensitive).

    Searches ``root`` and its subfolders up to ``max_depth`` levels for the first folder that
    holds both classes. Raises :class:`DatasetError` naming the expected folders otherwise.
    """
    root = Path(root).expanduser()
    if not root.is_dir():
        raise DatasetError(f"Dataset folder {root} does not exist (or is not a folder). "
                           "Point DFKIT_DATA at the folder that holds real/ and deepfake/.")
    queue = [(root, 0)]
    seen_names: set[str] = set()
    partial: dict[str, list[Path]] | None = None
    while queue:
        folder, depth = queue.pop(0)
        subdirs = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
        classes: dict[str, list[Path]] = {}
        for d in subdirs:
            seen_names.add(d.name)
            label = CLASS_FOLDERS.get(d.name.lower())
            if label:
                classes.setdefault(label, []).append(d)
        if len(classes) == 2:
            return classes
        if classes and partial is None:
            partial = classes
        if depth < max_depth:
            queue += [(d, depth + 1) for d in subdirs]
    expected = "'real/' and 'deepfake/' (or 'fake/')"
    if partial:
        have = next(iter(partial))
        missing = FAKE if have == REAL else REAL
        where = partial[have][0].parent
        raise DatasetError(f"{where} has a '{partial[have][0].name}/' folder but no {missing!r} class folder. "
                           f"Expected {expected} side by side; add the missing class folder.")
    hints = []
    for name in sorted(seen_names):
        close = difflib.get_close_matches(name.lower(), CLASS_FOLDERS, n=1, cutoff=0.6)
        if close:
            hints.append(f"rename '{name}' to '{close[0]}'")
    hint = f" Did you mean: {'; '.join(hints)}?" if hints else ""
    found = ", ".join(sorted(seen_names)[:12]) or "no subfolders"
    raise DatasetError(f"No class folders found under {root} (found: {found}). Expected {expected}.{hint}")


# --------------------------------------------------------------------------- decoding
def to_rgb_array(img: Image.Image) -> tuple[np.ndarray, str | None]:
    """Convert any PIL image to uint8 RGB; also say what conversion was needed (None if none)."""
    mode = img.mode
    if mode == "RGB":
        return np.asarray(img, dtype=np.uint8), None
    if mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(img).astype(np.float64)
        top = 65535.0 if mode.startswith("I;16") or arr.max() > 255 else 255.0
        grey = np.clip(arr / top * 255 + 0.5, 0, 255).astype(np.uint8)
        return np.repeat(grey[..., None], 3, axis=2), f"{mode} (16-bit) scaled to 8-bit RGB"
    if mode == "F":
        arr = np.asarray(img, dtype=np.float64)
        lo, hi = float(arr.min()), float(arr.max())
        grey = ((arr - lo) / (hi - lo or 1) * 255 + 0.5).astype(np.uint8)
        return np.repeat(grey[..., None], 3, axis=2), "float image rescaled to 8-bit RGB"
    if mode == "P" and "transparency" in img.info:
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA"):
        white = Image.new("RGBA", img.size, (255, 255, 255, 255))
        rgb = Image.alpha_composite(white, img.convert("RGBA")).convert("RGB")
        return np.asarray(rgb, dtype=np.uint8), f"{mode} composited on white (alpha dropped)"
    what = {"L": "grayscale", "1": "1-bit", "P": "palette", "CMYK": "CMYK"}.get(mode, mode)
    return np.asarray(img.convert("RGB"), dtype=np.uint8), f"{what} image converted to RGB"


def center_square(arr: np.ndarray) -> np.ndarray:
    """Crop the largest centred square, so that resizing never distorts a face."""
    h, w = arr.shape[:2]
    if h == w:
        return arr
    s = min(h, w)
    top, left = (h - s) // 2, (w - s) // 2
    return arr[top:top + s, left:left + s]


def load_image(path: str | os.PathLike, size: int | None = None) -> np.ndarray:
    """Decode ``path`` to a uint8 RGB array, centre-cropped to a square and resized to ``size``.

    Any mode (grayscale, RGBA, palette, 16-bit) is converted to RGB. Raises
    :class:`DatasetError` naming the file when it cannot be decoded. Plain JPEGs take
    :func:`dfkit.data.jpeg.decode` (Pillow's pixels, faster, in parallel threads); the rest, Pillow.
    """
    try:
        raw = read_regular(path)
    except OSError as exc:
        raise DatasetError(f"Cannot read image {path}: {exc}. Check that the file exists and is readable.") from exc
    arr = jpeg.decode(raw, size)
    if arr is None:
        arr = _decode_with_pillow(raw, path, size)
    arr = center_square(arr)
    if size and arr.shape[0] != size:
        interp = cv2.INTER_AREA if arr.shape[0] > size else cv2.INTER_CUBIC
        arr = cv2.resize(arr, (size, size), interpolation=interp)
    return np.ascontiguousarray(arr)


def _decode_with_pillow(raw: bytes, path: str | os.PathLike, size: int | None) -> np.ndarray:
    """Pillow's decode of the bytes already read from ``path`` (named in the error)."""
    try:
        with open_image(raw) as img:
            if size and img.format == "JPEG":
                img.draft("RGB", (size, size))  # DCT-domain down-scaling: much faster for big crops
            img.load()
            arr, _ = to_rgb_array(img)
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        raise DatasetError(f"Cannot decode image {path}: {exc}. Remove or replace the file.") from exc
    return arr


def load_batch(paths: list[str], size: int, threads: int = 2) -> np.ndarray:
    """Decode ``paths`` into one uint8 array of shape (n, size, size, 3), using a few threads."""
    out = np.empty((len(paths), size, size, 3), np.uint8)
    if threads <= 1 or len(paths) < 8:
        for i, p in enumerate(paths):
            out[i] = load_image(p, size)
        return out
    with ThreadPoolExecutor(threads) as pool:
        for i, arr in enumerate(pool.map(lambda p: load_image(p, size), paths)):
            out[i] = arr
    return out


def load_arrays(frame: pd.DataFrame, size: int, threads: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """The whole manifest in memory as (uint8 images, int labels): for small sets only."""
    return load_batch(frame["path"].tolist(), size, threads), frame["y"].to_numpy(np.int32)


def _inspect(path: Path, min_side: int) -> dict:
    """Decode one file fully (read once): its hash, size and mode, or why it cannot be used."""
    try:
        raw = read_regular(path)  # a FIFO named like an image is refused, not waited on
    except OSError as exc:  # vanished or unreadable since the folder was listed
        return {"sha1": "", "error": f"cannot be read ({exc.strerror or exc})", "converted": None,
                "width": 0, "height": 0}
    info = {"sha1": hashlib.sha1(raw).hexdigest(), "error": None, "converted": None, "width": 0, "height": 0}
    try:
        with open_image(raw) as img:  # a decompression bomb is refused before decoding
            img.load()  # a full decode catches truncated files, not just bad headers
            info["width"], info["height"] = img.size
            _, info["converted"] = to_rgb_array(img)
    except TooManyPixels as exc:
        info["error"] = str(exc)
        return info
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError) as exc:
        info["error"] = f"corrupt or truncated image ({type(exc).__name__}: {exc})"
        return info
    if min(info["width"], info["height"]) < min_side:
        info["error"] = f"too small ({info['width']}x{info['height']} px, need at least {min_side} px a side)"
    return info


class InspectCache:
    """What :func:`_inspect` found per file, kept on disk and keyed by path, size and mtime.

    A second scan of an unchanged folder decodes nothing. Kept in ``folder`` (one JSON file per
    dataset folder); a folder that cannot be written only means no cache.
    """

    VERSION = 1

    def __init__(self, folder: str | os.PathLike, root: Path, min_side: int) -> None:
        name = hashlib.sha1(str(Path(root).resolve()).encode()).hexdigest()[:16]
        self.path = Path(folder) / f"scan-{name}.json"
        self.min_side, self.changed = min_side, False
        self.files: dict[str, list] = {}
        try:
            saved = json.loads(self.path.read_text())
            if (saved.get("version") == self.VERSION and saved.get("min_side") == min_side
                    and saved.get("max_pixels") == MAX_PIXELS):  # what was refused depends on both
                self.files = saved["files"]
        except (OSError, ValueError, KeyError, AttributeError):
            pass

    @staticmethod
    def key(path: str) -> list[int] | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return [st.st_size, st.st_mtime_ns]

    def get(self, path: str, key: list[int] | None) -> dict | None:
        entry = self.files.get(path)
        return entry[1] if key is not None and entry and entry[0] == key else None

    def put(self, path: str, key: list[int] | None, info: dict) -> None:
        if key is not None:
            self.files[path] = [key, info]
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"version": self.VERSION, "min_side": self.min_side,
                                          "max_pixels": MAX_PIXELS, "files": self.files}))
            os.replace(tmp, self.path)
            self.changed = False
        except OSError:
            pass  # a read-only cache folder: the next scan decodes again, nothing worse


# --------------------------------------------------------------------------- groups
def _name_group(rel: str | Path) -> tuple[str, bool]:
    """(group, True when nothing but the file itself names it: the file is its own group).

    ``rel``: the path inside the class folder, '/'-separated (string operations only: this runs
    once per file of the dataset)."""
    folder, _, name = (rel if isinstance(rel, str) else Path(rel).as_posix()).rpartition("/")
    stem, dot, _ = name.rpartition(".")
    stem = stem if dot and stem else name
    match = PAPER_NAME.match(stem)
    if match:
        return match["video"], False
    if folder:  # real/<video>/<frame>.jpg
        return folder, False
    return stem, True


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, a: str) -> str:
        self.parent.setdefault(a, a)
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


# --------------------------------------------------------------------------- scanning
def list_images(root: str | os.PathLike, groups: bool = True) -> tuple[pd.DataFrame, ScanReport]:
    """Every candidate image of a dataset folder, with its label and group, without decoding any.

    ``groups=False`` leaves groups to :func:`_assign_groups` (for the drawn images only).
    Columns: ``path``, ``file``, ``label``, ``y``, ``group`` and every column of ``metadata.csv``.
    Hidden and non-image files are reported as skipped; images whose group is empty or missing
    in ``metadata.csv`` are reported as ``ungrouped`` and grouped from their names instead.
    A ``source_group`` column (the identity pasted into a face swap) is joined with ``group``
    when the scan finishes (:func:`_link_source_groups`). Paths are resolved here, once: the
    ``file`` names are relative to the dataset folder whatever the working directory.
    """
    classes = find_class_dirs(Path(root).expanduser().resolve())  # absolute once, here
    base = next(iter(classes.values()))[0].parent
    report = ScanReport(root=base)
    rows: list[tuple[str, str, str, str]] = []  # path, file, label, path relative to the class dir
    for label, dirs in classes.items():
        for d in dirs:
            for dirpath, dirnames, filenames in os.walk(d, onerror=_walk_error(report)):
                dirnames.sort()
                report.n_found += len(filenames)
                here = Path(dirpath)
                full, file, in_class = (dirpath + os.sep, _folder_name(here, base), _folder_name(here, d))
                images = [n for n in filenames if n[n.rfind("."):].lower() in IMAGE_SUFFIXES and n[0] != "."]
                rows += [(full + n, file + n, label, in_class + n) for n in images]
                if len(images) < len(filenames):
                    _report_non_images(full, set(filenames).difference(images), report)
    rows.sort(key=lambda row: row[1])  # by file (Python's sort: faster than pandas' on strings)
    frame = pd.DataFrame(rows, columns=["path", "file", "label", "in_class"])
    frame.insert(3, "y", (frame["label"] == FAKE).astype(int))
    meta = _read_metadata(base)
    if meta is not None:
        _check_metadata_labels(frame, meta, base)
        extra = [c for c in meta.columns if c not in ("file", "label")]
        frame = frame.merge(meta[["file", *extra]], on="file", how="left", sort=False)
    report.n_listed = len(frame)
    report.metadata_files = set(meta["file"]) if meta is not None and "group" in meta.columns else None
    return (_assign_groups(frame, report) if groups else frame), report


def _folder_name(folder: Path, base: Path) -> str:
    """``folder`` relative to ``base``, '/'-separated, with a trailing '/' ('' for ``base``)."""
    rel = folder.relative_to(base).as_posix()
    return "" if rel == "." else rel + "/"


def _walk_error(report: ScanReport):
    """``os.walk``'s ``onerror``: an unreadable folder is reported as skipped, not passed over."""
    def record(err: OSError) -> None:
        report.add(err.filename or "?", "skipped",
                   f"folder could not be read ({err.strerror or err}); its images are left out. "
                   "Fix its permissions to include them")
    return record


def _assign_groups(frame: pd.DataFrame, report: ScanReport) -> pd.DataFrame:
    """Fill ``group`` from metadata.csv, else from names; report images without a group."""
    names = [_name_group(f) for f in frame["in_class"].tolist()]
    from_name = pd.Series([g for g, _ in names], index=frame.index)
    per_file = pd.Series([own for _, own in names], index=frame.index, dtype=bool)
    if report.metadata_files is not None:
        listed = frame["file"].isin(report.metadata_files)
        group = frame["group"].fillna("").str.strip()
        for i in np.flatnonzero((group == "").to_numpy()):
            why = (f"empty group in {METADATA}" if listed.iloc[i] else f"not listed in {METADATA}")
            report.add(frame["file"].iloc[i], "ungrouped",
                       f"{why}; grouped by its name as '{from_name.iloc[i]}' instead. "
                       f"Give it a group in {METADATA}.")
        has_group = group != ""
        frame = frame.assign(group=group.where(has_group, from_name))
        per_file &= ~has_group
    else:
        frame = frame.assign(group=from_name)
    report.n_images += len(frame)
    report.n_per_file_groups += int(per_file.sum())
    return frame.drop(columns="in_class")


def _report_non_images(folder: str, names: set[str], report: ScanReport) -> None:
    for name in sorted(names):
        suffix = "." + name.rpartition(".")[2] if "." in name.lstrip(".") else ""
        if name.startswith("."):
            report.add(folder + name, "skipped", "hidden file")
        else:
            report.add(folder + name, "skipped", f"not an image file (extension '{suffix or 'none'}'); "
                                                 f"images must end in {', '.join(sorted(IMAGE_SUFFIXES))}")


def _check_metadata_labels(frame: pd.DataFrame, meta: pd.DataFrame, base: Path) -> None:
    """Refuse a metadata.csv whose label contradicts the class folder a file lies in."""
    if "label" not in meta.columns:
        return
    given = meta["label"].str.strip()
    unknown = given[(given != "") & ~given.str.lower().isin(CLASS_FOLDERS)]
    if len(unknown):
        first = unknown.index[0]
        raise DatasetError(f"{base / METADATA}, row {first + 1} ({meta['file'].loc[first]}): label "
                           f"{unknown.loc[first]!r} is none of {', '.join(CLASS_FOLDERS)} (any case; or empty: "
                           f"the folder decides). Correct it ({len(unknown)} such row(s)).")
    said = frame[["file", "label", "path"]].merge(meta[["file", "label"]], on="file", suffixes=("", "_meta"))
    said = said[said["label_meta"].fillna("") != ""]
    claimed = said["label_meta"].str.lower().map(CLASS_FOLDERS).fillna(said["label"])
    wrong = said[claimed != said["label"]]
    if len(wrong):
        row = wrong.iloc[0]
        folder = Path(row["path"]).relative_to(base).parts[0]
        raise DatasetError(f"{base / METADATA} says {row['file']} is {row['label_meta']!r} but it lies in "
                           f"the '{folder}/' folder. Move the file or correct metadata.csv.")


def inspect_images(frame: pd.DataFrame, report: ScanReport, min_side: int = MIN_SIDE,
                   workers: int | None = None, cache: InspectCache | None = None) -> pd.DataFrame:
    """Decode and hash ``frame``'s images: add ``sha1``, ``width``, ``height``; drop (and report)
    the unusable ones; report the converted ones. ``cache``: reuse what an earlier scan found for
    files whose size and modification time have not changed."""
    paths = frame["path"].tolist()
    keys = [InspectCache.key(p) for p in paths] if cache is not None else [None] * len(paths)
    infos = [cache.get(p, k) for p, k in zip(paths, keys)] if cache is not None else [None] * len(paths)
    todo = [i for i, info in enumerate(infos) if info is None]
    if todo:
        with ThreadPoolExecutor(workers or min(8, config.cpu_count() * 2)) as pool:
            for i, info in zip(todo, pool.map(lambda i: _inspect(Path(paths[i]), min_side), todo)):
                infos[i] = info
                if cache is not None:
                    cache.put(paths[i], keys[i], info)
    report.n_inspected += len(paths)
    report.n_decoded += len(todo)
    keep = []
    for file, info in zip(frame["file"], infos):
        if info["error"]:
            report.add(file, "skipped", info["error"] + "; fix or delete the file to include it")
        elif info["converted"]:
            report.add(file, "converted", info["converted"])
        keep.append(not info["error"])
    out = frame.assign(sha1=[i["sha1"] for i in infos], width=[i["width"] for i in infos],
                       height=[i["height"] for i in infos])[keep]
    first = ["path", "file", "label", "y", "sha1", "width", "height"]
    return out[first + [c for c in out.columns if c not in first]].reset_index(drop=True)


def _require_both_classes(manifest: pd.DataFrame, report: ScanReport) -> None:
    for label in (REAL, FAKE):
        if manifest.empty or not (manifest["label"] == label).any():
            skipped = report.of("skipped")
            listed = "; ".join(f"{p.file}: {p.reason}" for p in skipped[:5])
            more = f"; ... and {len(skipped) - 5} more (report.problems)" if len(skipped) > 5 else ""
            raise DatasetError(f"The {label} class folder under {report.root} holds no usable images "
                               f"({len(skipped)} files skipped in total"
                               + (f": {listed}{more}" if skipped else "") + "). "
                               "Add images to it" + (", or fix the skipped files listed here."
                                                     if skipped else "."))


def scan(root: str | os.PathLike, min_side: int = MIN_SIDE, workers: int | None = None,
         verbose: bool = True) -> tuple[pd.DataFrame, ScanReport]:
    """Build the manifest of a dataset folder: one row per usable image.

    Columns: ``path`` (absolute), ``file`` (relative to the dataset root), ``label``
    (``real``/``deepfake``), ``y`` (0/1), ``sha1``, ``width``, ``height``, ``group``, plus every
    column of ``metadata.csv`` when present. Unusable files are skipped and reported; identical
    files are put in one group so that no split can separate them; an identical file in both
    classes is an error, since its label is ambiguous.
    """
    frame, report = list_images(root)
    manifest = inspect_images(frame, report, min_side, workers)
    return _finish(manifest, report, verbose)


def _finish(manifest: pd.DataFrame, report: ScanReport, verbose) -> tuple[pd.DataFrame, ScanReport]:
    """What every scan ends with: both classes required, identical files grouped, sorted, reported."""
    _require_both_classes(manifest, report)
    manifest = _link_source_groups(manifest, report)
    manifest = _merge_duplicates(manifest, report)
    manifest = manifest.sort_values("file", kind="stable").reset_index(drop=True)
    report.n_kept = len(manifest)
    if verbose and (report.problems or report.n_per_file_groups or verbose == "all"):
        print(report.summary())
    return manifest, report


def scan_subset(root: str | os.PathLike, n: int, seed: int = 0, min_side: int = MIN_SIDE,
                workers: int | None = None, cache: str | os.PathLike | None = None,
                verbose: bool = True) -> tuple[pd.DataFrame, ScanReport]:
    """:func:`scan` then :func:`balanced_subset`, but decoding only the images drawn.

    Lists every file (no decoding), draws ``n // 2`` images per class in the order
    ``balanced_subset`` draws them, and inspects only those; a drawn file that cannot be used is
    reported and the next in the draw takes its place. On a folder without bad files the result
    equals ``balanced_subset(scan(root)[0], n, seed)``. Identical drawn files are grouped, an
    identical file in both classes is refused, as in :func:`scan`. ``cache``: a folder where what
    was decoded is kept (:class:`InspectCache`), so that a second call decodes nothing.
    """
    frame, report = list_images(root, groups=False)
    store = InspectCache(cache, report.root, min_side) if cache is not None else None
    parts = []
    for label in (REAL, FAKE):
        order = frame[frame["label"] == label].sample(frac=1, random_state=seed)  # balanced_subset's draw
        want, start, have = n // 2, 0, 0
        while have < want and start < len(order):
            drawn = order.iloc[start:start + want - have]
            start += len(drawn)
            good = inspect_images(_assign_groups(drawn, report), report, min_side, workers, store)
            parts.append(good)
            have += len(good)
        if 0 < have < want:
            warnings.warn(f"Only {have} {label} images available, fewer than the {want} asked for: "
                          "using all of them (the subset is then not balanced).", stacklevel=2)
    if store is not None:
        store.save()
    manifest = pd.concat(parts, ignore_index=True) if parts else frame.iloc[:0]
    return _finish(manifest, report, verbose)


def _read_metadata(base: Path) -> pd.DataFrame | None:
    """``metadata.csv`` with ``file`` and ``group`` read as text, exactly as written (no NA guessing)."""
    path = base / METADATA
    if not path.exists():
        return None
    try:
        meta = pd.read_csv(path)
        text = [c for c in ("file", "group", "label") if c in meta.columns]
        if text:  # read again as text: a group "007" or "NA" is a name, not a number or a gap
            meta[text] = pd.read_csv(path, usecols=text, dtype=str, keep_default_na=False)[text]
    except OSError as err:  # a folder named metadata.csv, or a file without read permission
        raise DatasetError(f"{path} cannot be read ({err.strerror or type(err).__name__}). Make it a "
                           "readable file (a CSV table with a header line 'file,group'), or remove it.") from err
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as err:
        raise DatasetError(f"{path} cannot be read as a CSV table ({type(err).__name__}: "
                           f"{' '.join(str(err).split())[:120]}). Write it as UTF-8 text with a "
                           "header line 'file,group', or remove it.") from err
    if "file" not in meta.columns:
        raise DatasetError(f"{path} has no 'file' column (columns: {', '.join(meta.columns)}). "
                           "Add a 'file' column with paths relative to the dataset folder, or remove the file.")
    if "group" not in meta.columns:
        warnings.warn(f"{path} has no 'group' column: groups come from file names instead.", stacklevel=3)
    meta["file"] = meta["file"].str.replace("\\", "/", regex=False)
    twice = meta["file"][meta["file"].duplicated()]
    if len(twice):
        raise DatasetError(f"{path} lists {twice.iloc[0]} more than once ({len(twice)} repeated rows). "
                           "Keep one row per file.")
    return meta


def _link_source_groups(manifest: pd.DataFrame, report: ScanReport) -> pd.DataFrame:
    """Join each image's ``group`` with its ``source_group`` (union-find, transitively).

    A face swap shows two people: the target (its ``group``) and the one whose face was pasted
    in (``source_group``). Grouped by the target alone, the pasted person's own images could sit
    in train while the swap is tested. Linked, every image of either person shares one group,
    so no split separates them. Only metadata can say this: DFDC's names a fake's original
    (target) video but not the pasted identity, so there a swap's source may still cross splits.
    """
    if "source_group" not in manifest.columns:
        return manifest
    source = manifest["source_group"].fillna("").astype(str).str.strip()
    linked = source != ""
    if not linked.any():
        return manifest
    uf = _UnionFind()
    for group, other in zip(manifest.loc[linked, "group"], source[linked]):
        uf.union(group, other)
    mapping = {g: uf.find(g) for g in manifest["group"].unique()}
    joined = sum(1 for g, root in mapping.items() if g != root)
    if joined:
        report.n_linked_groups = joined  # e.g. face swaps: target and pasted identity, one group
    return manifest.assign(group=manifest["group"].map(mapping))


def _merge_duplicates(manifest: pd.DataFrame, report: ScanReport) -> pd.DataFrame:
    """Put byte-identical files into one group; refuse identical files with different labels."""
    dup = manifest[manifest.duplicated("sha1", keep=False)]
    if dup.empty:
        return manifest
    conflicts = dup.groupby("sha1")["label"].nunique()
    conflicts = conflicts[conflicts > 1]
    if len(conflicts):
        sha = conflicts.index[0]
        files = ", ".join(dup.loc[dup.sha1 == sha, "file"])
        raise DatasetError(f"Identical files are labelled both real and deepfake: {files} "
                           f"({len(conflicts)} such sets in all). Delete the copy in the wrong class folder.")
    uf = _UnionFind()
    for _, files in dup.groupby("sha1"):
        groups = files["group"].tolist()
        for g in groups[1:]:
            uf.union(groups[0], g)
    mapping = {g: uf.find(g) for g in manifest["group"].unique()}
    for _, files in dup.groupby("sha1"):
        report.add(files["file"].iloc[0], "regrouped",
                   f"{len(files)} identical copies put in one group ('{mapping[files['group'].iloc[0]]}') "
                   f"so that no split separates them: {', '.join(files['file'])}")
    return manifest.assign(group=manifest["group"].map(mapping))


# --------------------------------------------------------------------------- subsets and splits
def balanced_subset(manifest: pd.DataFrame, n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` images, half real and half fake, drawn reproducibly (the paper used 8,000).

    If a class has fewer than ``n // 2`` images, all of them are used and a warning says so.
    """
    per_class = n // 2
    parts = []
    for label in (REAL, FAKE):
        rows = manifest[manifest["label"] == label]
        if len(rows) < per_class:
            warnings.warn(f"Only {len(rows)} {label} images available, fewer than the {per_class} asked for: "
                          "using all of them (the subset is then not balanced).", stacklevel=2)
        parts.append(rows.sample(n=min(per_class, len(rows)), random_state=seed))
    return pd.concat(parts).sort_values("file", kind="stable").reset_index(drop=True)


@dataclass
class Splits:
    """Train, validation and test manifests; validation is for tuning, test is touched once."""

    train: pd.DataFrame
    val: pd.DataFrame
    test: pd.DataFrame
    strategy: str

    def items(self):
        return (("train", self.train), ("val", self.val), ("test", self.test))

    def table(self) -> pd.DataFrame:
        """Counts per split and class, and the number of groups: the first thing to look at."""
        return pd.DataFrame({name: {"real": int((df.y == 0).sum()), "deepfake": int((df.y == 1).sum()),
                                    "groups": df["group"].nunique()} for name, df in self.items()}).T

    def check_no_leak(self, keys: tuple[str, ...] = ("group", "sha1")) -> None:
        """Raise if a group (or whatever ``keys`` name) or an identical file appears in two splits."""
        for key in keys:
            seen: dict[str, str] = {}
            for name, df in self.items():
                for value in df[key].unique():
                    if value in seen and seen[value] != name:
                        raise DatasetError(f"Leak: {key} {value!r} is in both {seen[value]} and {name}.")
                    seen[value] = name


def _group_fold(frame: pd.DataFrame, fraction: float, groups: pd.Series, seed: int) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.model_selection import StratifiedGroupKFold

    n_splits = max(2, int(round(1 / fraction)))
    n_groups = groups.nunique()
    if n_groups < n_splits:
        raise DatasetError(f"Only {n_groups} groups: too few to hold out {fraction:.0%} of them. "
                           "Use more videos/identities or the stratified split.")
    cv = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    rest, held = next(cv.split(np.zeros(len(frame)), frame["y"].to_numpy(), groups.to_numpy()))
    return rest, held


def _require_enough(manifest: pd.DataFrame, key: str, test: float, val: float) -> None:
    """Refuse, saying what each class has and what the split needs, a set too small to split.

    The test fold is one of ``round(1 / test)`` stratified group folds, so each class needs at
    least that many groups; the validation fold is then cut from what remains the same way.
    """
    n_test = max(2, int(round(1 / test)))
    n_val = max(2, int(round(1 / (val / (1 - test))))) if val > 0 else 0
    need = n_test
    while need - math.ceil(need / n_test) < n_val:
        need += 1
    unit = "groups" if key == "group" else "distinct images"
    have = {label: (int((manifest["label"] == label).sum()), manifest.loc[manifest["label"] == label, key].nunique())
            for label in (REAL, FAKE)}
    if min(groups for _, groups in have.values()) >= need:
        return
    counts = "; ".join(f"{label}: {n} images in {g} {unit}" for label, (n, g) in have.items())
    raise DatasetError(f"The dataset has too few {unit} for this split ({counts}): holding out {test:.0%} "
                       f"for test and {val:.0%} for validation, each a stratified fold of whole {unit}, "
                       f"needs at least {need} {unit} of each class. Add images (more videos or people "
                       "per class), or lower the test and validation fractions.")


def _cached_folds(df: pd.DataFrame, key: str, strategy: str, test: float, val: float, seed: int,
                  cache: str | os.PathLike | None, folds: dict | None = None) -> dict | None:
    """Read (``folds`` None) or write the fold positions of these exact inputs in ``cache``."""
    if cache is None:
        return None
    import sklearn

    digest = hashlib.sha1(json.dumps([strategy, test, val, seed, sklearn.__version__]).encode())
    for column in ("file", key, "y"):
        digest.update("\n".join(df[column].astype(str)).encode())
    path = Path(cache) / f"splits-{digest.hexdigest()[:20]}.json"
    if folds is None:
        try:
            return {k: np.asarray(v, dtype=np.int64) for k, v in json.loads(path.read_text()).items()}
        except (OSError, ValueError):
            return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({k: np.asarray(v).tolist() for k, v in folds.items()}))
    except OSError:
        pass
    return folds


def make_splits(manifest: pd.DataFrame, strategy: str = "group", test: float = 0.2, val: float = 0.1,
                seed: int = 0, cache: str | os.PathLike | None = None) -> Splits:
    """Split into train / validation / test, stratified by class.

    ``strategy="group"`` keeps every video or identity on one side (the honest split);
    ``strategy="stratified"`` is the paper's file-level split, where frames of one video can
    land on both sides (identical files are still kept together). ``val`` is a fraction of the
    whole set, carved out of the training part, never out of test. ``cache``: a folder where the
    fold positions are kept, keyed by every input of the split (scikit-learn's group folds take
    seconds on thousands of groups), so that the same inputs give the same splits at once.
    """
    if strategy not in ("group", "stratified"):
        raise ValueError(f"strategy must be 'group' or 'stratified', got {strategy!r}")
    if not 0 < test < 1 or not 0 <= val < 1 - test:
        raise ValueError(f"need 0 < test < 1 and 0 <= val < 1 - test, got test={test}, val={val}")
    _require_enough(manifest, "group" if strategy == "group" else "sha1", test, val)
    df = manifest.reset_index(drop=True)
    key = "group" if strategy == "group" else "sha1"
    folds = _cached_folds(df, key, strategy, test, val, seed, cache)
    if folds is None:
        rest, held = _group_fold(df, test, df[key], seed)
        r2 = h2 = np.arange(0)
        if val > 0:
            part = df.iloc[rest].reset_index(drop=True)
            r2, h2 = _group_fold(part, val / (1 - test), part[key], seed + 1)
        folds = {"rest": rest, "held": held, "train": r2, "val": h2}
        _cached_folds(df, key, strategy, test, val, seed, cache, folds)
    train, test_df = df.iloc[folds["rest"]].reset_index(drop=True), df.iloc[folds["held"]].reset_index(drop=True)
    if val > 0:
        train, val_df = (train.iloc[folds["train"]].reset_index(drop=True),
                         train.iloc[folds["val"]].reset_index(drop=True))
    else:
        val_df = train.iloc[:0]
    splits = Splits(train, val_df, test_df, strategy)
    splits.check_no_leak(("group", "sha1") if strategy == "group" else ("sha1",))
    for name, part in splits.items():
        if len(part) and part["y"].nunique() < 2:
            raise DatasetError(f"The {name} split holds only one class ({len(part)} images): "
                               "the dataset has too few groups of one class. Add data or lower the fractions.")
    return splits


def random_split_leak(manifest, n_test, seed):
    """A plain random split that ignores groups: ``n_test`` images drawn for test, the rest for
    train. Returns the number of groups in that test set and the share of them that also have
    images in train (chapter 00's q1; shown there, rerun by its checker)."""
    rng = np.random.default_rng(seed)
    shuffled = manifest.iloc[rng.permutation(len(manifest))]
    test, train = shuffled.iloc[:n_test], shuffled.iloc[n_test:]
    test_groups = set(test["group"])
    leaked = test_groups & set(train["group"])
    return len(test_groups), len(leaked) / len(test_groups)


def fingerprint(frame: pd.DataFrame) -> str:
    """A SHA-1 of a split's files and their contents: equal only for the same images."""
    lines = sorted(f"{f}\t{h}" for f, h in zip(frame["file"], frame["sha1"]))
    return hashlib.sha1("\n".join(lines).encode()).hexdigest()


def sample_per_class(manifest: pd.DataFrame, k: int, seed: int = 0) -> pd.DataFrame:
    """``k`` random images of each class, reproducibly (the paper's EDA used five)."""
    parts = [rows.sample(n=min(k, len(rows)), random_state=seed) for _, rows in manifest.groupby("y")]
    return pd.concat(parts).reset_index(drop=True)
