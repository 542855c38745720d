"""The embedded default dataset: synthetic face crops with face-swap and GAN-style fakes.

No real face data may ship with the course, so the default data is drawn, deterministically,
in seconds. Every image is a cartoon-like face of a fixed identity. Fakes are made the way
real tools make them, so that the handcrafted features and CNNs have real artefacts to find:

* ``faceswap`` (roop-like): another identity's inner face rendered at low resolution,
  up-sampled (resampling blur), slightly misaligned, pasted with a feathered mask and an
  imperfect colour correction (seam and colour mismatch).
* ``gan``: the whole frame synthesised at low resolution and up-sampled, leaving the periodic
  checkerboard that transposed convolutions print into the spectrum.

Nuisance factors that cause real errors (lighting, shadows, blur, sensor noise, JPEG quality)
hit both classes alike. ``metadata.csv`` records, per image, label, group (the identity),
``source_group`` (for a face swap, the group of the identity whose face was pasted in: the scan
joins the two, so that neither person crosses splits), manipulation family, artefact strength
and every nuisance factor, so error analysis can count.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pandas as pd

from dfkit import config
from dfkit.file_modes import new_folder_mode
from dfkit.progress import progress_bar

GENERATOR_VERSION = 2  # bump when the drawing changes: cached folders are then regenerated
# 2: a face swap pastes its target's fixed partner (pairs of identities, as DFDC's actor pairs),
#    and metadata.csv names the pasted identity's group in ``source_group``
RENDER_SIZE = 128  # the paper's resolution; loaders resize to the profile's size
FAMILIES = ("faceswap", "gan")
MANIFEST = "metadata.csv"
_DONE = ".complete.json"
_MARKER = ".dfkit-synthetic"  # in every folder generate made: the only kind it will delete
_SUB = 4  # fractional bits for cv2 drawing (sub-pixel precision)
_K = 1 << _SUB


# --------------------------------------------------------------------------- identities
@dataclass(frozen=True)
class Identity:
    """Everything that makes one synthetic person look like themselves, frame after frame."""

    skin: tuple[float, float, float]
    face_w: float
    face_h: float
    eye_dx: float
    eye_y: float
    eye_r: float
    iris: tuple[float, float, float]
    brow_t: float
    brow_tilt: float
    nose_len: float
    mouth_w: float
    mouth_y: float
    lip: tuple[float, float, float]
    hair: tuple[float, float, float]
    hair_volume: float
    long_hair: bool
    bg_top: tuple[float, float, float]
    bg_bottom: tuple[float, float, float]
    clothes: tuple[float, float, float]
    texture: float  # skin micro-texture amplitude: what resampling blur destroys


_SKIN_TONES = np.array([[0.96, 0.82, 0.71], [0.87, 0.67, 0.53], [0.72, 0.52, 0.38], [0.45, 0.31, 0.22]])
_IRIS = np.array([[0.35, 0.22, 0.12], [0.25, 0.45, 0.70], [0.30, 0.50, 0.30], [0.15, 0.10, 0.08]])
_HAIR = np.array([[0.08, 0.06, 0.05], [0.35, 0.22, 0.12], [0.80, 0.65, 0.35], [0.55, 0.25, 0.12], [0.6, 0.6, 0.6]])


def make_identity(seed: int, identity: int) -> Identity:
    """Draw identity number ``identity`` of the dataset with ``seed`` (pure function of both)."""
    rng = np.random.default_rng([seed, 1, identity])
    tone = rng.uniform(0, len(_SKIN_TONES) - 1)
    lo = int(tone)
    skin = _SKIN_TONES[lo] + (tone - lo) * (_SKIN_TONES[min(lo + 1, 3)] - _SKIN_TONES[lo])
    col = lambda base, jitter: tuple(np.clip(base + rng.normal(0, jitter, 3), 0, 1).tolist())  # noqa: E731
    return Identity(
        skin=col(skin, 0.02),
        face_w=rng.uniform(0.25, 0.31),
        face_h=rng.uniform(0.33, 0.39),
        eye_dx=rng.uniform(0.085, 0.12),
        eye_y=rng.uniform(-0.07, -0.02),
        eye_r=rng.uniform(0.028, 0.042),
        iris=col(_IRIS[rng.integers(len(_IRIS))], 0.05),
        brow_t=rng.uniform(0.012, 0.028),
        brow_tilt=rng.uniform(-0.02, 0.03),
        nose_len=rng.uniform(0.08, 0.13),
        mouth_w=rng.uniform(0.07, 0.12),
        mouth_y=rng.uniform(0.14, 0.2),
        lip=col(np.array([0.70, 0.35, 0.35]) * (0.6 + 0.4 * skin.mean()), 0.05),
        hair=col(_HAIR[rng.integers(len(_HAIR))], 0.04),
        hair_volume=rng.uniform(1.05, 1.25),
        long_hair=bool(rng.random() < 0.45),
        bg_top=col(rng.uniform(0.2, 0.9, 3), 0.0),
        bg_bottom=col(rng.uniform(0.1, 0.8, 3), 0.0),
        clothes=col(rng.uniform(0.05, 0.9, 3), 0.0),
        texture=rng.uniform(0.008, 0.03),
    )


# --------------------------------------------------------------------------- drawing
def _p(x: float, y: float) -> tuple[int, int]:
    return int(round(x * _K)), int(round(y * _K))


def _ax(a: float, b: float) -> tuple[int, int]:
    return max(1, int(round(a * _K))), max(1, int(round(b * _K)))


def _ellipse(img, c, axes, colour, angle=0.0, start=0, end=360, thickness=-1):
    cv2.ellipse(img, _p(*c), _ax(*axes), angle, start, end, colour, thickness, cv2.LINE_AA, _SUB)


def render_face(ident: Identity, size: int, pose: dict, rng: np.random.Generator,
                texture: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Draw one frame of ``ident`` at ``size`` px.

    Returns the RGB float32 image in [0, 1], the head mask and the inner-face mask (the
    region a face-swap tool replaces), all already moved by the frame's pose.
    """
    s = float(size)
    img = np.empty((size, size, 3), np.float32)
    t = np.linspace(0, 1, size, dtype=np.float32)[:, None, None]
    img[:] = (1 - t) * np.array(ident.bg_top, np.float32) + t * np.array(ident.bg_bottom, np.float32)
    cx, cy = s * 0.5, s * 0.52
    fw, fh = s * ident.face_w, s * ident.face_h
    skin = tuple(float(v) for v in ident.skin)
    dark = tuple(float(v) * 0.75 for v in ident.skin)
    # shoulders, hair behind the head, neck, ears, head
    _ellipse(img, (cx, s * 1.08), (s * 0.46, s * 0.26), ident.clothes)
    hair_h = fh * (1.45 if ident.long_hair else 1.0) * ident.hair_volume
    _ellipse(img, (cx, cy - fh * 0.12 + (hair_h - fh) * 0.35), (fw * ident.hair_volume * 1.08, hair_h), ident.hair)
    cv2.rectangle(img, _p(cx - fw * 0.42, cy + fh * 0.5), _p(cx + fw * 0.42, s * 0.95), dark, -1, cv2.LINE_AA, _SUB)
    for side in (-1, 1):
        _ellipse(img, (cx + side * fw * 0.98, cy + fh * 0.02), (fw * 0.14, fh * 0.2), dark)
    _ellipse(img, (cx, cy), (fw, fh), skin)
    head = np.zeros((size, size), np.float32)
    _ellipse(head, (cx, cy), (fw, fh), 1.0)
    # soft 3-D shading of the face
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    r2 = ((xx - cx) / fw) ** 2 + ((yy - cy) / fh) ** 2
    img *= (1 - 0.18 * np.clip(r2, 0, 1) * head)[..., None]
    # fringe
    _ellipse(img, (cx, cy - fh * 0.78), (fw * 0.95, fh * 0.36), ident.hair, 0, 180, 360)
    # eyes and brows
    ey = cy + s * ident.eye_y
    er = s * ident.eye_r
    blink = pose["blink"]
    for side in (-1, 1):
        ex = cx + side * s * ident.eye_dx
        _ellipse(img, (ex, ey), (er * 1.5, er * max(0.15, 1 - blink)), (0.95, 0.95, 0.93))
        if blink < 0.7:
            _ellipse(img, (ex + pose["gaze"] * er * 0.4, ey), (er * 0.75, er * 0.75 * (1 - blink)), ident.iris)
            _ellipse(img, (ex + pose["gaze"] * er * 0.4, ey), (er * 0.32, er * 0.32 * (1 - blink)), (0.03, 0.03, 0.03))
        by = ey - er * 2.0
        tilt = side * s * ident.brow_tilt
        cv2.line(img, _p(ex - er * 1.6, by + tilt), _p(ex + er * 1.6, by - tilt), ident.hair,
                 max(1, int(round(s * ident.brow_t))), cv2.LINE_AA, _SUB)
    # nose and mouth
    ny = ey + s * ident.nose_len
    cv2.line(img, _p(cx, ey + er), _p(cx + s * 0.012, ny), dark, max(1, int(round(s * 0.012))), cv2.LINE_AA, _SUB)
    for side in (-1, 1):
        _ellipse(img, (cx + side * s * 0.02, ny), (s * 0.012, s * 0.008), tuple(v * 0.6 for v in skin))
    my = cy + s * ident.mouth_y
    mw = s * ident.mouth_w
    _ellipse(img, (cx, my), (mw, s * (0.012 + 0.03 * pose["mouth_open"])), ident.lip)
    if pose["mouth_open"] > 0.3:
        _ellipse(img, (cx, my), (mw * 0.7, s * 0.02 * pose["mouth_open"]), (0.25, 0.08, 0.08))
    inner = np.zeros((size, size), np.float32)
    _ellipse(inner, (cx, cy + fh * 0.08), (fw * 0.82, fh * 0.78), 1.0)
    # pose: one similarity transform moves image and masks together
    m = cv2.getRotationMatrix2D((cx, cy), pose["angle"], pose["scale"])
    m[:, 2] += (pose["dx"] * s, pose["dy"] * s)
    img = cv2.warpAffine(img, m, (size, size), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    head = cv2.warpAffine(head, m, (size, size), flags=cv2.INTER_LINEAR)
    inner = cv2.warpAffine(inner, m, (size, size), flags=cv2.INTER_LINEAR)
    if texture:  # skin micro-texture: pores, fine hair; a real camera records it at full resolution
        grain = rng.normal(0, 1, (size, size)).astype(np.float32)
        grain = cv2.GaussianBlur(grain, (0, 0), 0.7)
        img += (ident.texture * grain * head)[..., None]
    return img, head, inner


def inner_face_region(size: int) -> np.ndarray:
    """The inner face (the region a face swap replaces) as ``render_face`` draws it for an
    identity of average face size in the average pose: a boolean ``(size, size)`` mask, to ask
    whether a heatmap's heat lies on the face or off it (hair, background, border). Each
    image's own face is moved by a few pixels by its identity and pose."""
    s = float(size)
    fw, fh = s * (0.25 + 0.31) / 2, s * (0.33 + 0.39) / 2  # make_identity's ranges, halfway
    inner = np.zeros((size, size), np.float32)
    _ellipse(inner, (s * 0.5, s * 0.52 + fh * 0.08), (fw * 0.82, fh * 0.78), 1.0)
    return inner > 0.5


# --------------------------------------------------------------------------- manipulations
def face_swap(target: np.ndarray, inner: np.ndarray, source_ident: Identity, pose: dict,
              strength: float, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """Paste ``source_ident``'s inner face onto ``target`` the way roop-like tools do."""
    size = target.shape[0]
    low_res = float(np.interp(strength, [0, 1], [0.8, 0.32]) * rng.uniform(0.9, 1.1))
    r = max(24, int(round(size * low_res)))
    src, _, _ = render_face(source_ident, r, pose, rng)  # rendered small, like a 128-px swap model
    src = cv2.resize(src, (size, size), interpolation=cv2.INTER_LINEAR)
    shift = strength * rng.uniform(0.3, 1.5)
    m = cv2.getRotationMatrix2D((size / 2, size / 2), rng.normal(0, 1.5 * strength), 1 + rng.normal(0, 0.02 * strength))
    m[:, 2] += rng.normal(0, shift, 2)
    src = cv2.warpAffine(src, m, (size, size), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    feather = float(np.interp(strength, [0, 1], [3.5, 0.8]) * rng.uniform(0.8, 1.2)) * size / 128
    mask = cv2.GaussianBlur(inner, (0, 0), feather)[..., None]
    # colour transfer that only partly matches the target's skin: a visible tone step at the seam
    w = inner[..., None] > 0.5
    mismatch = strength * rng.uniform(0.2, 0.8)
    mean_t = (target * w).sum((0, 1)) / max(1, w.sum())
    mean_s = (src * w).sum((0, 1)) / max(1, w.sum())
    src = src + (1 - mismatch) * (mean_t - mean_s)
    out = mask * src + (1 - mask) * target
    return out, {"lowres_factor": round(r / size, 3), "blend_feather": round(feather, 3),
                 "colour_mismatch": round(float(mismatch), 3)}


def gan_upsample(frame_fn, size: int, strength: float, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """Synthesise the frame at half or quarter resolution and up-sample it like a GAN decoder."""
    factor = 4 if strength > 0.75 and rng.random() < 0.5 else 2
    small = frame_fn(size // factor)
    up = np.repeat(np.repeat(small, factor, 0), factor, 1)  # zero-order hold, as transposed convs do
    up = cv2.GaussianBlur(up, (0, 0), 0.35 * factor)
    yy, xx = np.mgrid[0:size, 0:size]
    amp = strength * rng.uniform(0.006, 0.03)
    period = 1 if factor == 2 else 2
    checker = np.cos(np.pi * xx / period) * np.cos(np.pi * yy / period)
    up = up + (amp * checker * (0.5 + up.mean(-1)))[..., None].astype(np.float32)
    return up, {"upsample_factor": factor, "checker_amplitude": round(float(amp), 4)}


# --------------------------------------------------------------------------- nuisance
def apply_nuisance(img: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """Lighting, shadow, blur and sensor noise: the things that fool detectors in the wild."""
    size = img.shape[0]
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size - 0.5
    gain = rng.uniform(0.65, 1.25)
    slope = rng.uniform(0, 0.5)
    theta = rng.uniform(0, 2 * np.pi)
    img = img * (gain * (1 + slope * (np.cos(theta) * xx + np.sin(theta) * yy)))[..., None]
    shadow = 0.0
    if rng.random() < 0.3:  # a cast shadow: a soft-edged dark half-plane (edges that look like seams)
        phi = rng.uniform(0, 2 * np.pi)
        off = rng.uniform(-0.2, 0.3)
        edge = (np.cos(phi) * xx + np.sin(phi) * yy - off) * size
        soft = rng.uniform(0.5, 6.0)
        shadow = rng.uniform(0.3, 0.6)
        img = img * (1 - shadow / (1 + np.exp(-edge / soft)))[..., None]
    blur = rng.uniform(0.4, 1.8) if rng.random() < 0.35 else 0.0
    if blur:
        img = cv2.GaussianBlur(img, (0, 0), blur * size / 128)
    noise = rng.uniform(0.005, 0.035) if rng.random() < 0.5 else 0.0
    if noise:
        img = img + rng.normal(0, noise, img.shape).astype(np.float32)
    return img, {"lighting_gain": round(gain, 3), "light_gradient": round(slope, 3),
                 "shadow": round(shadow, 3), "blur_sigma": round(blur, 3), "noise_sigma": round(noise, 4)}


def _pose(rng: np.random.Generator) -> dict:
    return {"dx": rng.normal(0, 0.025), "dy": rng.normal(0, 0.025), "angle": rng.normal(0, 6),
            "scale": rng.uniform(0.93, 1.07), "blink": rng.choice([0.0, 0.0, 0.0, 0.5, 0.9]),
            "gaze": rng.uniform(-1, 1), "mouth_open": rng.uniform(0, 1) ** 2}


# --------------------------------------------------------------------------- one image
@dataclass(frozen=True)
class SyntheticSpec:
    """What defines a synthetic dataset: the same spec always gives byte-identical files."""

    n_images: int = 8000
    size: int = RENDER_SIZE
    seed: int = 0
    fake_fraction: float = 0.5
    images_per_identity: int = 4  # 2 real + 2 fake: with swaps pairing identities, as many groups as v1 had

    @property
    def n_identities(self) -> int:
        return max(10, math.ceil(self.n_images / self.images_per_identity))

    def folder_name(self) -> str:
        return f"synthetic-v{GENERATOR_VERSION}-n{self.n_images}-s{self.size}-seed{self.seed}"


def swap_partner(identity: int, n_identities: int) -> int:
    """The identity whose face a swap onto ``identity`` pastes: identities come in fixed pairs
    (0-1, 2-3, ...; with an odd count the last three form a ring), as face-swap data sets pair
    their actors. Pairs keep the groups small: a swap joins its two identities into one group
    (``source_group``), and random partners would chain every identity into one."""
    if n_identities < 2:
        raise ValueError("a face swap needs at least two identities")
    partner = identity ^ 1
    if partner < n_identities and not (n_identities % 2 and identity >= n_identities - 3):
        return partner
    first = n_identities - 3 if n_identities % 2 else n_identities - 2
    return first + (identity - first + 1) % (n_identities - first)


def make_image(spec: SyntheticSpec, index: int) -> tuple[bytes, dict]:
    """Render image ``index`` of ``spec``: JPEG bytes and its manifest row (a pure function)."""
    n_fake = int(round(spec.n_images * spec.fake_fraction))
    n_real = spec.n_images - n_fake
    is_fake = index >= n_real
    k = index - n_real if is_fake else index
    n_id = spec.n_identities
    rng = np.random.default_rng([spec.seed, 2, index])
    target_id = k % n_id
    frame = k // n_id
    ident = make_identity(spec.seed, target_id)
    pose = _pose(rng)
    row: dict = {"label": "deepfake" if is_fake else "real", "group": f"id{target_id:04d}", "identity": target_id,
                 "frame": frame, "family": "none", "source_identity": -1, "source_group": "",
                 "strength": 0.0}
    if not is_fake:
        img, _, _ = render_face(ident, spec.size, pose, rng)
    else:
        family = FAMILIES[k % len(FAMILIES)]
        strength = float(rng.beta(2.0, 1.6))
        row.update(family=family, strength=round(strength, 3))
        if family == "faceswap":
            source_id = swap_partner(target_id, n_id)
            target, _, inner = render_face(ident, spec.size, pose, rng)
            img, extra = face_swap(target, inner, make_identity(spec.seed, source_id), pose, strength, rng)
            row["source_identity"], row["source_group"] = source_id, f"id{source_id:04d}"
        else:
            img, extra = gan_upsample(lambda s: render_face(ident, s, pose, rng)[0], spec.size, strength, rng)
        row.update(extra)
    img, nuisance = apply_nuisance(img, rng)
    quality = int(rng.integers(35, 96))
    row.update(nuisance, jpeg_quality=quality, pose_angle=round(float(pose["angle"]), 2))
    rgb = np.clip(img * 255 + 0.5, 0, 255).astype(np.uint8)
    ok, buf = cv2.imencode(".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok, "JPEG encoding failed"
    stem = f"id{target_id:04d}" + (f"x{row['source_identity']:04d}" if row["source_identity"] >= 0 else "")
    if is_fake and row["family"] == "gan":
        stem += "gan"
    row["file"] = f"{row['label']}/{stem}_frame_{frame}_face_0.jpg"
    return buf.tobytes(), row


def _write_chunk(args: tuple[SyntheticSpec, str, list[int]]) -> list[dict]:
    spec, root, indices = args
    cv2.setNumThreads(1)
    rows = []
    for i in indices:
        data, row = make_image(spec, i)
        Path(root, row["file"]).write_bytes(data)
        rows.append(row)
    return rows


# --------------------------------------------------------------------------- the dataset
_COLUMNS = ["file", "label", "group", "identity", "frame", "family", "source_identity", "source_group",
            "strength",
            "lowres_factor", "blend_feather", "colour_mismatch", "upsample_factor", "checker_amplitude",
            "lighting_gain", "light_gradient", "shadow", "blur_sigma", "noise_sigma", "jpeg_quality", "pose_angle"]


def _clean_process_context() -> multiprocessing.context.BaseContext:
    """Worker processes that start from a clean interpreter, not a fork of this one.

    A fork inherits OpenCV's thread pool mid-flight: once OpenCV has run threads here (the
    feature stack does), a forked worker that calls OpenCV hangs for ever. ``forkserver``
    forks from a fresh server process instead; ``spawn`` where that does not exist.
    """
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def generate(root: str | os.PathLike, spec: SyntheticSpec = SyntheticSpec(), workers: int | None = None,
             progress: bool = True) -> Path:
    """Write ``spec``'s images into ``root/real``, ``root/deepfake`` and ``root/metadata.csv``.

    ``root`` must be new, empty, or a folder this function made (it holds a marker file): any other
    folder is refused, never deleted. The set is built in a temporary folder beside ``root`` and
    renamed into place when complete, so an interrupted run leaves no half set.
    Work is split over ``workers`` processes (default: all cores); every image depends only on
    (seed, index), so the files are byte-identical whatever the number of workers. The workers
    start clean (:func:`_clean_process_context`), so a script that calls this needs Python's usual
    ``if __name__ == "__main__":`` guard to use them (notebooks do not); without it the workers
    die on start and the faces are drawn in this process, with a message saying why.
    """
    root = Path(root).expanduser()
    if spec.n_images < 2:
        raise ValueError(f"n_images must be at least 2 (one real, one fake), got {spec.n_images}")
    if spec.size < 32:
        raise ValueError(f"size must be at least 32 px to draw a face, got {spec.size}")
    if root.exists() and not _replaceable(root):
        raise ValueError(f"{root} exists and was not made by dfkit.data.synthetic.generate (no {_MARKER} file): "
                         "refusing to delete it. Name a new or empty folder for the synthetic faces.")
    root.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{root.name}.", suffix=".partial", dir=root.parent))
    try:
        building.chmod(new_folder_mode())  # mkdtemp's 0700 would hide the set from other users
        (building / _MARKER).write_text("made by dfkit.data.synthetic.generate: safe to delete\n")
        _build(building, spec, workers or config.cpu_count(), progress)
        _move_into_place(building, root)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return root


def _replaceable(root: Path) -> bool:
    """A folder generate may delete: one it made (its marker, or an older version's stamp), or empty."""
    return root.is_dir() and ((root / _MARKER).exists() or (root / _DONE).exists() or not any(root.iterdir()))


def _move_into_place(building: Path, root: Path) -> None:
    """Rename the finished folder to ``root``; an old set there is moved aside first, then deleted."""
    if not root.exists():
        building.rename(root)
        return
    old = root.with_name(f".{root.name}.{os.getpid()}.old")
    root.rename(old)
    building.rename(root)
    shutil.rmtree(old, ignore_errors=True)


def _build(root: Path, spec: SyntheticSpec, workers: int, progress: bool) -> None:
    """Draw every image of ``spec`` into ``root`` (an empty folder), then the manifest and stamp."""
    for label in ("real", "deepfake"):
        (root / label).mkdir(parents=True)
    chunk = max(1, min(200, spec.n_images // (workers * 4) or 1))
    jobs = [(spec, str(root), list(range(a, min(a + chunk, spec.n_images)))) for a in range(0, spec.n_images, chunk)]
    rows: list[dict] = []
    bar = progress_bar(total=spec.n_images, desc="Generating synthetic faces", unit="img", disable=not progress)
    if workers > 1:
        try:
            with ProcessPoolExecutor(workers, mp_context=_clean_process_context()) as pool:
                for r in pool.map(_write_chunk, jobs):
                    rows += r
                    bar.update(len(r))
        except BrokenProcessPool:
            # most often a script without the guard: each clean worker re-runs it on import
            print("dfkit: the worker processes could not start (the error above), so the\n"
                  "faces are drawn in this process instead, more slowly. In a script, put\n"
                  'the code that runs under  if __name__ == "__main__":  to let them start.',
                  file=sys.stderr)
            rows, workers = [], 1
            bar.reset()
    if workers == 1:
        for job in jobs:
            r = _write_chunk(job)
            rows += r
            bar.update(len(r))
    bar.close()
    manifest = pd.DataFrame(rows).reindex(columns=_COLUMNS)
    manifest.to_csv(root / MANIFEST, index=False)
    (root / _DONE).write_text(json.dumps({"generator_version": GENERATOR_VERSION, **spec.__dict__}))


def ensure_dataset(spec: SyntheticSpec, cache: str | os.PathLike | None = None, progress: bool = True) -> Path:
    """Return the folder of ``spec``'s dataset, generating it first if it is missing or incomplete."""
    from dfkit.config import cache_dir

    root = Path(cache or cache_dir()) / spec.folder_name()
    done = root / _DONE
    if done.exists():
        try:
            if json.loads(done.read_text()) == {"generator_version": GENERATOR_VERSION, **spec.__dict__}:
                return root
        except json.JSONDecodeError:
            pass
    return generate(root, spec, progress=progress)
