"""Finding faces in a photo and cropping them the way the course's training faces were cropped.

The detector is OpenCV's stock frontal-face Haar cascade (Viola-Jones, ``haarcascade_frontalface_
default.xml``). OpenCV 4.x ships it with its evaluator (``cv2.CascadeClassifier``, what Colab has);
OpenCV 5 dropped both from the ``opencv-python`` wheels, so dfkit ships the same XML
(Intel's open-source licence, kept in the file) and :class:`HaarCascade`, a NumPy port of OpenCV's
``detectMultiScale`` for that cascade. Either way, one call: :func:`detect_faces`.

The crop (:func:`face_crop`): a square ``margin`` times the detector's box, centred on the box
moved down by ``shift`` box heights, padded by edge replication where it leaves the photo, then
resized to the run's size. The defaults copy the framing of the course's real faces, the DFDC
crops: run with this detector on 2,000 of them (1.1 scale steps, 5 neighbours, faces of 56 px or
more), it found a face in 463, whose box spans a median 0.83 of the crop's side (quartiles 0.74
and 0.86), so ``margin`` = 1 / 0.83 ≈ 1.2; the box's centre sits a median 0.045 crop sides (0.05
box heights) above the crop's centre. The other crops are mostly tighter still (a face filling the
whole crop is too large for the detector's window), so 1.2 is if anything a loose framing. The
embedded synthetic faces are framed looser (face about 0.56 of the side, hair and shoulders
around it): pass a larger ``margin`` for a run trained on them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

CASCADE = "haarcascade_frontalface_default.xml"
BUNDLED = Path(__file__).resolve().parent.parent / "assets" / CASCADE
MARGIN = 1.2  # crop side / detector box side, as the DFDC training crops (module docstring)
SHIFT = 0.05  # crop centre below the box centre, in box heights, as the DFDC crops


@dataclass(frozen=True)
class Box:
    """A face found in a photo: left, top, width, height in pixels of the original photo."""

    x: int
    y: int
    w: int
    h: int

    def __str__(self) -> str:
        return f"{self.x},{self.y},{self.w}x{self.h}"


class HaarCascade:
    """OpenCV's ``CascadeClassifier`` for a stump-based HAAR cascade XML, in NumPy.

    Follows OpenCV 4's ``detectMultiScale``: the image is shrunk by ``scale_factor`` steps, a
    24x24 window slides over each level (every 2 px, every px once shrunk over 2x), windows of too
    little contrast are skipped, a window is a face when every stage's sum of stumps reaches its
    threshold, and raw hits are merged as ``cv2.groupRectangles`` does (``min_neighbors``).
    """

    def __init__(self, path: str | Path = BUNDLED):
        root = ET.parse(path).getroot().find("cascade")
        if root is None or root.findtext("featureType", "").strip() != "HAAR":
            raise ValueError(f"{path} is not an OpenCV HAAR cascade (new XML format).")
        self.window = (int(root.findtext("width")), int(root.findtext("height")))
        features = []
        for feat in root.find("features"):
            if feat.find("tilted") is not None and feat.findtext("tilted").strip() == "1":
                raise ValueError(f"{path} uses tilted features, which this port does not evaluate.")
            features.append([[float(v) for v in r.text.split()] for r in feat.find("rects")])
        self.stages = []  # per stage: threshold, stumps' thresholds, leaves, rects, rect weights
        for stage in root.find("stages"):
            stumps, leaves, rects = [], [], []
            for weak in stage.find("weakClassifiers"):
                internal = weak.findtext("internalNodes").split()
                if len(internal) != 4:
                    raise ValueError(f"{path} has tree-shaped weak classifiers; this port reads "
                                     "stumps only.")
                stumps.append(float(internal[3]))
                leaves.append([float(v) for v in weak.findtext("leafValues").split()])
                feature = features[int(internal[2])]
                rects.append(feature + [[0, 0, 0, 0, 0.0]] * (3 - len(feature)))  # 2 or 3 rects
            rects = np.array(rects)
            threshold = np.float32(stage.findtext("stageThreshold"))
            self.stages.append((threshold, np.array(stumps, np.float32),
                                np.array(leaves, np.float32), rects[..., :4].astype(np.int64),
                                rects[..., 4].astype(np.float32)))

    def _windows(self, gray: np.ndarray, factor: float) -> np.ndarray:
        """Top-left corners (in the shrunk image) of windows passing every stage at ``factor``."""
        ww, wh = self.window
        h, w = gray.shape
        # the shrunk size as OpenCV computes it: int / float32, in float32
        sw, sh = (int(np.rint(np.float32(n) / np.float32(factor))) for n in (w, h))
        img = gray if factor == 1 else cv2.resize(gray, (sw, sh),
                                                  interpolation=cv2.INTER_LINEAR_EXACT)
        ii = cv2.integral(img, sdepth=cv2.CV_64F)
        sq = cv2.integral2(img, sdepth=cv2.CV_64F, sqdepth=cv2.CV_64F)[1]
        stride, step = ii.shape[1], 1 if factor > 2 else 2
        ys, xs = np.mgrid[0:sh + 1 - wh:step, 0:sw + 1 - ww:step]
        p = (ys * stride + xs).ravel()
        flat, flat_sq = ii.ravel(), sq.ravel()

        def window_sum(table):  # the sum over the inner (w-2) x (h-2) rectangle of every window
            a, b = stride + 1, (wh - 1) * stride + 1
            return table[p + b + ww - 2] - table[p + a + ww - 2] - table[p + b] + table[p + a]

        area = (ww - 2) * (wh - 2)
        s, s2 = window_sum(flat), window_sum(flat_sq)
        nf = area * s2 - s * s
        keep = nf > 0
        inv = np.where(keep, 1.0 / np.sqrt(np.where(keep, nf, 1.0)), 1.0).astype(np.float32)
        keep &= area * inv < 0.1  # OpenCV skips windows of standard deviation under 10 grey levels
        p, inv = p[keep], inv[keep]
        for threshold, stumps, leaves, rects, weights in self.stages:  # a stage's stumps at once
            if not len(p):
                break
            x, y, rw, rh = np.moveaxis(rects, -1, 0)  # each (n_stumps, 3)
            a, b = y * stride + x, (y + rh) * stride + x
            q = p[:, None, None]
            sums = flat[q + b + rw] - flat[q + a + rw] - flat[q + b] + flat[q + a]
            value = (sums.astype(np.float32) * weights).sum(-1) * inv[:, None]
            # OpenCV adds a stage's leaves one by one in double precision: a cumulative sum does
            # the same (a float32 or pairwise sum flips a window lying right on the threshold)
            leaf = np.where(value < stumps, leaves[:, 0], leaves[:, 1]).astype(np.float64)
            passed = np.cumsum(leaf, axis=-1)[:, -1] >= np.float64(threshold)
            p, inv = p[passed], inv[passed]
        return np.stack([p % stride, p // stride], axis=1)

    def detect(self, gray: np.ndarray, scale_factor: float = 1.1, min_neighbors: int = 5,
               min_size: tuple[int, int] = (0, 0)) -> list[tuple[int, int, int, int]]:
        """Faces in an 8-bit grey image as (x, y, w, h), as OpenCV's ``detectMultiScale`` gives."""
        h, w = gray.shape
        ww, wh = self.window
        raw, factor = [], 1.0
        while True:
            win = (int(round(ww * factor)), int(round(wh * factor)))
            shrunk = (int(round(w / factor)), int(round(h / factor)))
            if win[0] > w or win[1] > h or shrunk[0] <= ww or shrunk[1] <= wh:
                break
            if win[0] >= min_size[0] and win[1] >= min_size[1]:
                scale = float(np.float32(factor))  # OpenCV keeps each scale as a float32
                win = (int(round(ww * scale)), int(round(wh * scale)))
                for x, y in self._windows(gray, scale):
                    raw.append((int(round(x * scale)), int(round(y * scale)), *win))
            factor *= scale_factor
        return group_rectangles(raw, min_neighbors)


def group_rectangles(rects: list[tuple[int, int, int, int]], threshold: int,
                     eps: float = 0.2) -> list[tuple[int, int, int, int]]:
    """OpenCV's ``groupRectangles``: merge near-identical hits, keep clusters of over ``threshold``,
    drop a cluster lying inside a stronger one."""
    if threshold <= 0 or not rects:
        return list(rects)
    parent = list(range(len(rects)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def similar(a, b):
        delta = eps * (min(a[2], b[2]) + min(a[3], b[3])) * 0.5
        return (abs(a[0] - b[0]) <= delta and abs(a[1] - b[1]) <= delta
                and abs(a[0] + a[2] - b[0] - b[2]) <= delta
                and abs(a[1] + a[3] - b[1] - b[3]) <= delta)

    for i in range(len(rects)):
        for j in range(i):
            if similar(rects[i], rects[j]):
                parent[find(i)] = find(j)
    clusters: dict[int, list] = {}
    for i, r in enumerate(rects):
        clusters.setdefault(find(i), []).append(r)
    # each cluster's mean box as OpenCV computes it: the integer sums times 1/n in float32,
    # rounded half to even (its saturate_cast); a float64 mean rounds x.5 differently (37.5 vs 36.500001)
    merged = [(tuple(int(np.rint(np.float32(v) * (np.float32(1) / np.float32(len(members)))))
                     for v in np.sum(members, axis=0)), len(members))
              for members in clusters.values()]
    out = []
    for r1, n1 in merged:
        if n1 <= threshold:
            continue
        inside = False
        for r2, n2 in merged:
            if r2 is r1 or n2 <= threshold:
                continue
            dx, dy = int(round(r2[2] * eps)), int(round(r2[3] * eps))
            if (r1[0] >= r2[0] - dx and r1[1] >= r2[1] - dy and r1[0] + r1[2] <= r2[0] + r2[2] + dx
                    and r1[1] + r1[3] <= r2[1] + r2[3] + dy and (n2 > max(3, n1) or n1 < 3)):
                inside = True
                break
        if not inside:
            out.append(r1)
    return out


@lru_cache(maxsize=1)
def _detector():
    """OpenCV's own cascade where this OpenCV has it (4.x), else the bundled XML and NumPy port."""
    if hasattr(cv2, "CascadeClassifier") and hasattr(cv2, "data"):
        path = Path(cv2.data.haarcascades) / CASCADE
        if path.exists():
            classifier = cv2.CascadeClassifier(str(path))
            return lambda gray, sf, mn, ms: [tuple(int(v) for v in r) for r in
                                             classifier.detectMultiScale(gray, sf, mn, minSize=ms)]
    cascade = HaarCascade(BUNDLED)
    return lambda gray, sf, mn, ms: cascade.detect(gray, sf, mn, ms)


def detect_faces(image: np.ndarray, min_fraction: float = 0.1, scale_factor: float = 1.1,
                 min_neighbors: int = 5, max_side: int = 640) -> list[Box]:
    """Frontal faces in an RGB uint8 ``image``, largest first.

    ``min_fraction``: the smallest face looked for, as a fraction of the photo's shorter side.
    Photos larger than ``max_side`` are searched at that size (faster; boxes are given in the
    original photo's pixels).
    """
    gray = cv2.cvtColor(np.ascontiguousarray(image[..., :3]), cv2.COLOR_RGB2GRAY)
    scale = max(1.0, max(gray.shape) / max_side)
    if scale > 1:
        size = (int(round(gray.shape[1] / scale)), int(round(gray.shape[0] / scale)))
        gray = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    side = max(24, int(min_fraction * min(gray.shape)))
    found = _detector()(gray, scale_factor, min_neighbors, (side, side))
    boxes = [Box(*(int(round(v * scale)) for v in r)) for r in found]
    return sorted(boxes, key=lambda b: b.w * b.h, reverse=True)


def face_crop(image: np.ndarray, box: Box, size: int, margin: float = MARGIN,
              shift: float = SHIFT) -> np.ndarray:
    """The square crop around ``box`` framed as the training faces were, resized to ``size`` px.

    Where the square leaves the photo, edge pixels are repeated (a face at an edge stays centred).
    """
    side = int(round(max(box.w, box.h) * margin))
    cx, cy = box.x + box.w / 2, box.y + box.h / 2 + shift * box.h
    left, top = int(round(cx - side / 2)), int(round(cy - side / 2))
    h, w = image.shape[:2]
    pad = max(0, -left, -top, left + side - w, top + side - h)
    if pad:
        image = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
        left, top = left + pad, top + pad
    crop = image[top:top + side, left:left + side]
    interp = cv2.INTER_AREA if side > size else cv2.INTER_CUBIC
    return np.ascontiguousarray(cv2.resize(crop, (size, size), interpolation=interp))
