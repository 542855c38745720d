"""The paper's handcrafted features (§II-B, §II-C), computed a whole batch at a time.

* colour histograms (3 × 256 bins) and their cosine similarity to class averages;
* 8-neighbour, radius-1 LBP, identical to ``skimage.feature.local_binary_pattern(P=8, R=1)``;
* Canny edge density, as a ratio and as a local map, compared by inverse difference;
* a colour-histogram heatmap at image size (histogram back-projection: each pixel carries how
  common its colour is in its image — our reading of the paper's "reshaped to 128×128");
* the 6-channel stack RGB + LBP + edge density + heatmap, float32 in [0, 1].

Every function takes a batch (N, H, W[, 3]) and is vectorised over it; :func:`naive_stack` is
the per-image reference (skimage LBP + cv2 Canny + numpy histograms) the benchmark compares with.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import cv2
import numpy as np

CHANNELS = ("red", "green", "blue", "lbp", "edge_density", "histogram_heatmap")
CANNY_LOW, CANNY_HIGH = 100, 200
DENSITY_WINDOW = 9
HEATMAP_BINS = 8  # per channel: 8^3 = 512 colours
CHUNK = 8  # images per work unit: small enough to stay in the CPU cache


# --------------------------------------------------------------------------- input checks
def check_batch(batch: np.ndarray, channels: int | None = 3, name: str = "batch") -> np.ndarray:
    """Return ``batch`` as uint8 (N, H, W[, C]); raise a clear error for anything else.

    Accepts uint8, or floats in [0, 1] (scaled to 0-255). A single image is not a batch:
    wrap it as ``image[None]``.
    """
    arr = np.asarray(batch)
    want = 4 if channels else 3
    if arr.ndim != want:
        shape = "(N, H, W, 3)" if channels else "(N, H, W)"
        raise ValueError(f"{name} must have shape {shape}, got {arr.shape}. A single image needs image[None].")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} is empty (0 images).")
    if channels and arr.shape[-1] != channels:
        raise ValueError(f"{name} must have {channels} colour channels (RGB) in its last axis, got {arr.shape[-1]}. "
                         "Convert grayscale or RGBA images with dfkit.data.load_image first.")
    if arr.dtype == np.uint8:
        return arr
    if np.issubdtype(arr.dtype, np.floating):
        if np.isnan(arr).any():
            raise ValueError(f"{name} contains NaN values: check the image decoding or normalisation step.")
        if arr.min() < 0 or arr.max() > 1:
            raise ValueError(f"float {name} must lie in [0, 1], got [{arr.min():.3g}, {arr.max():.3g}]. "
                             "Pass uint8 images or divide by 255.")
        return np.round(arr * 255).astype(np.uint8)
    raise ValueError(f"{name} has dtype {arr.dtype}; expected uint8 (0-255) or float in [0, 1].")


def to_gray(batch: np.ndarray) -> np.ndarray:
    """RGB uint8 batch to grayscale uint8 (ITU-R BT.601 weights, as OpenCV)."""
    batch = check_batch(batch)
    return np.stack([cv2.cvtColor(img, cv2.COLOR_RGB2GRAY) for img in batch])


# --------------------------------------------------------------------------- colour histograms
def color_histograms(batch: np.ndarray, bins: int = 256) -> np.ndarray:
    """Per-image RGB histograms, shape (N, 3, bins), each channel normalised to sum to 1."""
    batch = check_batch(batch)
    n = batch.shape[0]
    idx = batch.reshape(n, -1, 3).astype(np.int64) * bins // 256
    offsets = (np.arange(n)[:, None, None] * 3 + np.arange(3)[None, None, :]) * bins
    counts = np.bincount((idx + offsets).ravel(), minlength=n * 3 * bins).reshape(n, 3, bins)
    return counts / counts.sum(-1, keepdims=True)


def cosine_similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity of ``a`` and ``b`` over all but the first axis (row-wise for batches).

    ``b`` may be one vector (broadcast against every row of ``a``). Zero vectors give 0.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.broadcast_to(np.asarray(b, dtype=np.float64), a.shape)
    a2, b2 = a.reshape(len(a), -1), b.reshape(len(b), -1)
    denom = np.linalg.norm(a2, axis=1) * np.linalg.norm(b2, axis=1)
    return np.divide((a2 * b2).sum(1), denom, out=np.zeros(len(a2)), where=denom > 0)


# --------------------------------------------------------------------------- LBP
def _lbp_offsets(points: int = 8, radius: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    angles = 2 * np.pi * np.arange(points, dtype=np.double) / points
    return np.round(-radius * np.sin(angles), 5), np.round(radius * np.cos(angles), 5)


def lbp(gray: np.ndarray) -> np.ndarray:
    """8-neighbour, radius-1 LBP codes (0-255) of a grayscale batch (N, H, W), as uint8.

    Reproduces ``skimage.feature.local_binary_pattern(img, P=8, R=1, method='default')``
    bit for bit: same sampling points, zeros outside the image, ``neighbour >= centre``, and
    the diagonal neighbours (which fall between pixels) bilinearly interpolated with the very
    same float64 operations, in the same order, so that even exact ties round alike. Each
    neighbour is one vectorised pass over shifted views of the whole batch.
    """
    gray = check_batch(gray, channels=None, name="gray")
    n, h, w = gray.shape
    img = np.zeros((n, h + 2, w + 2), np.float64)  # constant-0 border, one pixel wide
    img[:, 1:-1, 1:-1] = gray
    centre = img[:, 1:-1, 1:-1]
    rows, cols = np.arange(h, dtype=np.float64), np.arange(w, dtype=np.float64)
    out = np.zeros((n, h, w), np.uint8)

    def shifted(dr: int, dc: int) -> np.ndarray:
        return img[:, 1 + dr:1 + dr + h, 1 + dc:1 + dc + w]

    for bit, (rp, cp) in enumerate(zip(*_lbp_offsets())):
        r0, c0, r1, c1 = int(np.floor(rp)), int(np.floor(cp)), int(np.ceil(rp)), int(np.ceil(cp))
        if r0 == r1 and c0 == c1:  # an axis-aligned neighbour: no interpolation
            value = shifted(r0, c0)
        else:  # weights per row and column exactly as skimage computes them: (r + rp) - floor(r + rp)
            r, c = rows + rp, cols + cp
            er, ec = (r - np.floor(r))[:, None], c - np.floor(c)
            top = (1 - ec) * shifted(r0, c0) + ec * shifted(r0, c1)
            bottom = (1 - ec) * shifted(r1, c0) + ec * shifted(r1, c1)
            value = (1 - er) * top + er * bottom
        out |= ((value - centre) >= 0).view(np.uint8) << bit
    return out


def lbp_histograms(codes: np.ndarray) -> np.ndarray:
    """Normalised 256-bin histograms of LBP code maps (N, H, W) -> (N, 256)."""
    n = codes.shape[0]
    counts = np.bincount((codes.reshape(n, -1).astype(np.int64) + np.arange(n)[:, None] * 256).ravel(),
                         minlength=n * 256).reshape(n, 256)
    return counts / counts.sum(1, keepdims=True)


# --------------------------------------------------------------------------- edges
def canny_edges(gray: np.ndarray, low: int = CANNY_LOW, high: int = CANNY_HIGH) -> np.ndarray:
    """Canny edge maps (N, H, W) as bool, OpenCV's implementation."""
    gray = check_batch(gray, channels=None, name="gray")
    return np.stack([cv2.Canny(g, low, high) > 0 for g in gray])


def edge_density(edges: np.ndarray) -> np.ndarray:
    """Fraction of edge pixels per image, shape (N,)."""
    return edges.reshape(len(edges), -1).mean(1)


def edge_density_map(edges: np.ndarray, window: int = DENSITY_WINDOW) -> np.ndarray:
    """Local edge density: the fraction of edge pixels in a ``window``² box around each pixel."""
    return np.stack([cv2.blur(e.astype(np.float32), (window, window), borderType=cv2.BORDER_REFLECT)
                     for e in edges])


def inverse_difference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Similarity 1 / (1 + mean |a - b|) per image: 1 for identical maps, towards 0 as they differ."""
    a = np.asarray(a, dtype=np.float64)
    b = np.broadcast_to(np.asarray(b, dtype=np.float64), a.shape)
    return 1.0 / (1.0 + np.abs(a - b).reshape(len(a), -1).mean(1))


# --------------------------------------------------------------------------- histogram heatmap
def histogram_heatmap(batch: np.ndarray, bins: int = HEATMAP_BINS) -> np.ndarray:
    """Colour-histogram back-projection at image size, float32 in [0, 1].

    Each pixel's colour is quantised to ``bins``³ colours; the pixel gets the share of its
    image's pixels that have that colour, divided by the largest share (so the commonest
    colour is 1). Skin and background light up; rare colours, such as a seam's, stay dark.
    """
    batch = check_batch(batch)
    n, h, w, _ = batch.shape
    q = (batch.astype(np.int64) * bins) // 256
    code = (q[..., 0] * bins + q[..., 1]) * bins + q[..., 2]
    flat = code.reshape(n, -1) + np.arange(n)[:, None] * bins ** 3
    counts = np.bincount(flat.ravel(), minlength=n * bins ** 3).reshape(n, -1)
    heat = np.take_along_axis(counts, code.reshape(n, -1), axis=1).astype(np.float32)
    return (heat / heat.max(1, keepdims=True)).reshape(n, h, w)


# --------------------------------------------------------------------------- the stack
def _stack_chunk(batch: np.ndarray, out: np.ndarray) -> None:
    gray = to_gray(batch)
    out[..., :3] = batch / np.float32(255)
    out[..., 3] = lbp(gray) / np.float32(255)
    out[..., 4] = edge_density_map(canny_edges(gray))
    out[..., 5] = histogram_heatmap(batch)


def feature_stack(batch: np.ndarray, chunk: int = CHUNK, threads: int | None = None) -> np.ndarray:
    """The paper's 6-channel input: RGB, LBP, edge density, histogram heatmap; float32 in [0, 1].

    Shape (N, H, W, 6) for any image size. Work runs in cache-sized chunks of ``chunk`` images
    over ``threads`` threads (default: the number of cores). Use it as a
    :class:`dfkit.loader.ImageBatches` ``transform`` so that it is computed per batch and never
    stored for the whole dataset.
    """
    batch = check_batch(batch)
    out = np.empty(batch.shape[:3] + (6,), np.float32)
    starts = range(0, len(batch), chunk)
    threads = min(threads or os.cpu_count() or 1, len(starts))
    work = lambda a: _stack_chunk(batch[a:a + chunk], out[a:a + chunk])  # noqa: E731
    if threads <= 1:
        for a in starts:
            work(a)
    else:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(work, starts))
    return out


def naive_stack(image: np.ndarray) -> np.ndarray:
    """The same 6 channels for one image the slow, obvious way (skimage LBP, per-image loops).

    The reference that the batched path must match, and the benchmark's baseline.
    """
    from skimage.feature import local_binary_pattern

    image = check_batch(image[None])[0]
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    codes = local_binary_pattern(gray, P=8, R=1, method="default")
    edges = cv2.Canny(gray, CANNY_LOW, CANNY_HIGH) > 0
    density = cv2.blur(edges.astype(np.float32), (DENSITY_WINDOW,) * 2, borderType=cv2.BORDER_REFLECT)
    q = (image.astype(np.int64) * HEATMAP_BINS) // 256
    code = (q[..., 0] * HEATMAP_BINS + q[..., 1]) * HEATMAP_BINS + q[..., 2]
    hist, _ = np.histogram(code, bins=HEATMAP_BINS ** 3, range=(0, HEATMAP_BINS ** 3))
    heat = hist[code].astype(np.float32)
    heat /= heat.max()
    return np.dstack([image / np.float32(255), (codes / 255).astype(np.float32), density, heat]).astype(np.float32)


# --------------------------------------------------------------------------- frequency cues
def azimuthal_spectrum(gray: np.ndarray, n_bins: int = 32) -> np.ndarray:
    """Log power spectrum averaged over rings of equal frequency, per image: (N, n_bins).

    Up-sampling (face-swap pasting, GAN decoders) leaves too little or periodic energy at high
    frequencies; this 1-D profile shows it (Durall et al., 2020).
    """
    gray = check_batch(gray, channels=None, name="gray").astype(np.float32)
    n, h, w = gray.shape
    spectrum = np.abs(np.fft.fftshift(np.fft.fft2(gray - gray.mean((1, 2), keepdims=True)), axes=(1, 2))) ** 2
    yy, xx = np.mgrid[0:h, 0:w]
    radius = np.hypot(yy - h / 2, xx - w / 2) / (min(h, w) / 2)
    ring = np.minimum((radius * n_bins).astype(int), n_bins)  # n_bins: the corners beyond the circle
    counts = np.bincount(ring.ravel(), minlength=n_bins + 1)[:n_bins]
    out = np.stack([np.bincount(ring.ravel(), weights=s.ravel(), minlength=n_bins + 1)[:n_bins] for s in spectrum])
    return np.log1p(out / counts)


def time_against_naive(images: np.ndarray) -> dict[str, float]:
    """Time :func:`feature_stack` against the per-image :func:`naive_stack` loop on ``images``.

    Returns both rates (images/s), the speed-up and whether the two results are identical.
    """
    import time

    feature_stack(images[:8])  # warm-up (thread pool, caches)
    start = time.perf_counter()
    fast = feature_stack(images)
    t_fast = time.perf_counter() - start
    start = time.perf_counter()
    slow = np.stack([naive_stack(img) for img in images])
    t_slow = time.perf_counter() - start
    return {"batched_per_s": len(images) / t_fast, "naive_per_s": len(images) / t_slow,
            "speedup": t_slow / t_fast, "identical": bool(np.array_equal(fast, slow)),
            "max_abs_diff": float(np.abs(fast - slow).max())}
