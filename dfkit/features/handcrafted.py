"""The paper's handcrafted features (§II-B, §II-C), computed a whole batch at a time.

* colour histograms (3 × 256 bins) and their cosine similarity to class averages;
* 8-neighbour, radius-1 LBP, identical to ``skimage.feature.local_binary_pattern(P=8, R=1)``
  (:func:`lbp_reference` is the plain NumPy version of one image that chapter 02 shows);
* Canny edge density, as a ratio and as a local map, compared by inverse difference;
* a colour-histogram heatmap at image size (histogram back-projection: each pixel carries how
  common its colour is in its image — our reading of the paper's "reshaped to 128×128");
* the 6-channel stack RGB + LBP + edge density + heatmap, float32 in [0, 1].

Every function takes a batch (N, H, W[, 3]); the per-pixel loops run compiled (:mod:`dfkit.features._kernels`).
:func:`naive_stack` is the per-image reference (skimage LBP + cv2 Canny + numpy histograms) that
the tests and the benchmark compare with.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import cv2
import numpy as np

from dfkit import config
from dfkit.features import _kernels

__all__ = ["CHANNELS", "DENSITY_WINDOW", "HEATMAP_BINS", "CHUNK", "check_batch", "to_gray", "color_histograms",
           "cosine_similarity", "lbp", "lbp_reference", "lbp_histograms", "canny_edges", "edge_density",
           "edge_density_map", "inverse_difference", "MAX_HEATMAP_BINS", "histogram_heatmap",
           "feature_stack", "naive_stack", "histogram_heatmap_reference", "azimuthal_spectrum",
           "time_against_naive", "CANNY_LOW", "CANNY_HIGH"]

CHANNELS = ("red", "green", "blue", "lbp", "edge_density", "histogram_heatmap")
CANNY_LOW, CANNY_HIGH = 100, 200
DENSITY_WINDOW = 9
HEATMAP_BINS = 8  # per channel: 8^3 = 512 colours
CHUNK = 32  # at most this many images per work unit: few Python calls per image
_THREAD = threading.local()


def _scratch(name: str, shape: tuple[int, ...], dtype=np.float32) -> np.ndarray:
    """A per-thread working buffer, reused across calls of the same shape.

    Fresh large arrays cost a page fault per 4 KiB on first touch (on a VM, more than the
    arithmetic itself); the stack's temporaries are therefore allocated once per thread.
    Contents are garbage: callers overwrite them.
    """
    buffers = _THREAD.__dict__.setdefault("buffers", {})
    buf = buffers.get(name)
    if buf is None or buf.shape != shape or buf.dtype != dtype:
        buf = buffers[name] = np.empty(shape, dtype)
    return buf


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
                         "Convert grayscale or RGBA images with dfkit.data.dataset.load_image first.")
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
def lbp(gray: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """8-neighbour, radius-1 LBP codes (0-255) of a grayscale batch (N, H, W), as uint8.

    Equals ``skimage.feature.local_binary_pattern(img, P=8, R=1, method='default')`` bit for bit:
    same sampling points, zeros outside the image, ``neighbour >= centre``. Compiled
    (:mod:`dfkit.features._kernels`): each diagonal neighbour decided in exact integers, and at an
    exact tie between unequal corners by skimage's own float64 interpolation, so ties round as
    there. ``out``: an (N, H, W) uint8 array to fill.
    """
    gray = check_batch(gray, channels=None, name="gray")
    out = np.empty(gray.shape, np.uint8) if out is None else out
    padded = _padded(gray)
    _kernels.lbp_codes(padded, out)
    return out


def _padded(gray: np.ndarray) -> np.ndarray:
    """The batch with a one-pixel border of zeros (skimage's constant mode), in a reused buffer."""
    n, h, w = gray.shape
    padded = _scratch("padded_gray", (n, h + 2, w + 2), np.uint8)
    padded[:, [0, -1], :] = 0
    padded[:, :, [0, -1]] = 0
    padded[:, 1:-1, 1:-1] = gray
    return padded


def lbp_reference(gray: np.ndarray) -> np.ndarray:
    """8-neighbour, radius-1 LBP of one grayscale image (H, W) in plain NumPy: slow, readable.

    Each neighbour sits on a circle of radius 1 around the pixel; the diagonal ones fall
    between pixels and are interpolated bilinearly from the four pixels around them, with
    zeros outside the image. Bit ``p`` is 1 where neighbour ``p`` >= the centre. Same sampling
    points and the same float64 operations as skimage's ``method='default'``, so the codes are
    identical (tested); :func:`lbp` computes the same for a batch, fast. Shown in chapter 02
    (a ``# @save dfkit.features.handcrafted`` cell): keep the two in step.
    """
    h, w = gray.shape
    # a border of zeros around the image
    padded = np.pad(gray.astype(np.float64), 1)

    # the image at whole-number rows and columns (-1 is the border)
    def pixel(r, c):
        return padded[r.astype(int) + 1, c.astype(int) + 1]

    rows, cols = np.mgrid[0:h, 0:w].astype(np.float64)
    angles = 2 * np.pi * np.arange(8, dtype=np.float64) / 8
    codes = np.zeros((h, w), np.uint8)
    for bit, (dr, dc) in enumerate(zip(np.round(-np.sin(angles), 5),
                                       np.round(np.cos(angles), 5))):
        # where neighbour `bit` lies (diagonals: between pixels)
        r, c = rows + dr, cols + dc
        r0, c0, r1, c1 = np.floor(r), np.floor(c), np.ceil(r), np.ceil(c)
        fr, fc = r - r0, c - c0  # how far past the pixel above and left of it
        top = (1 - fc) * pixel(r0, c0) + fc * pixel(r0, c1)
        bottom = (1 - fc) * pixel(r1, c0) + fc * pixel(r1, c1)
        neighbour = (1 - fr) * top + fr * bottom  # bilinear interpolation
        codes |= (neighbour - gray >= 0).astype(np.uint8) << bit
    return codes


def lbp_histograms(codes: np.ndarray) -> np.ndarray:
    """Normalised 256-bin histograms of LBP code maps (N, H, W) -> (N, 256)."""
    n = codes.shape[0]
    counts = np.bincount((codes.reshape(n, -1).astype(np.int64) + np.arange(n)[:, None] * 256).ravel(),
                         minlength=n * 256).reshape(n, 256)
    return counts / counts.sum(1, keepdims=True)


# --------------------------------------------------------------------------- edges
def canny_edges(gray: np.ndarray, low: int = CANNY_LOW,
                high: int = CANNY_HIGH) -> np.ndarray:
    """Canny edge maps (N, H, W) as bool, OpenCV's implementation."""
    gray = check_batch(gray, channels=None, name="gray")
    return np.stack([cv2.Canny(g, low, high) > 0 for g in gray])


def edge_density(edges: np.ndarray) -> np.ndarray:
    """Fraction of edge pixels per image, shape (N,)."""
    return edges.reshape(len(edges), -1).mean(1)


def edge_density_map(edges: np.ndarray,
                     window: int = DENSITY_WINDOW) -> np.ndarray:
    """Local edge density: the fraction of edge pixels in a ``window``² box around each pixel.

    Shown in chapter 02 (a ``# @save dfkit.features.handcrafted`` cell): keep the two in step.
    """
    box = (window, window)
    return np.stack([cv2.blur(e.astype(np.float32), box,
                              borderType=cv2.BORDER_REFLECT)
                     for e in edges])


def inverse_difference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Similarity 1 / (1 + mean |a - b|) per image: 1 for identical maps, towards 0 as they differ."""
    a = np.asarray(a, dtype=np.float64)
    b = np.broadcast_to(np.asarray(b, dtype=np.float64), a.shape)
    return 1.0 / (1.0 + np.abs(a - b).reshape(len(a), -1).mean(1))


# --------------------------------------------------------------------------- histogram heatmap
MAX_HEATMAP_BINS = 64


def _colour_levels(bins: int) -> np.ndarray:
    """0-255 -> the channel's level among ``bins``: (v * bins) // 256."""
    if not 1 <= bins <= MAX_HEATMAP_BINS:
        raise ValueError(f"bins must be between 1 and {MAX_HEATMAP_BINS} per channel, got {bins}.")
    return ((np.arange(256) * bins) // 256).astype(np.int64)


def histogram_heatmap(batch: np.ndarray, bins: int = HEATMAP_BINS) -> np.ndarray:
    """Colour-histogram back-projection at image size, float32 in [0, 1].

    Each pixel's colour is quantised to ``bins``³ colours; the pixel gets the share of its
    image's pixels that have that colour, divided by the largest share (so the commonest
    colour is 1). Skin and background light up; rare colours, such as a seam's, stay dark.
    """
    batch = np.ascontiguousarray(check_batch(batch))
    out = np.empty(batch.shape[:3], np.float32)
    _kernels.heatmap(batch, _colour_levels(bins), bins, out)
    return out


# --------------------------------------------------------------------------- the stack
_UNIT = np.arange(256, dtype=np.uint8) / np.float32(255)  # 0-255 -> [0, 1], exactly as x / 255
_EDGE_UNIT = (np.arange(256) == 255).astype(np.float32)  # OpenCV edge map (0/255) -> 0/1


def _stack_chunk(batch: np.ndarray, out: np.ndarray) -> None:
    """Fill ``out`` (n, H, W, 6) for a contiguous chunk: OpenCV for Canny and the box filter
    (each image's own borders), one compiled pass for everything else."""
    n, h, w, _ = batch.shape
    gray = cv2.cvtColor(batch.reshape(n * h, w, 3), cv2.COLOR_RGB2GRAY,
                        dst=_scratch("gray", (n * h, w), np.uint8)).reshape(n, h, w)
    density = _scratch("density", (n, h, w))
    edges, unit_edges = _scratch("edges", (h, w), np.uint8), _scratch("unit_edges", (h, w))
    for i in range(n):
        cv2.LUT(cv2.Canny(gray[i], CANNY_LOW, CANNY_HIGH, edges=edges), _EDGE_UNIT, dst=unit_edges)
        cv2.blur(unit_edges, (DENSITY_WINDOW, DENSITY_WINDOW), dst=density[i], borderType=cv2.BORDER_REFLECT)
    _kernels.stack(batch, _padded(gray), density, _colour_levels(HEATMAP_BINS), HEATMAP_BINS, _UNIT, out)


def feature_stack(batch: np.ndarray, chunk: int | None = None, threads: int | None = None,
                  out: np.ndarray | None = None) -> np.ndarray:
    """The paper's 6-channel input: RGB, LBP, edge density, histogram heatmap; float32 in [0, 1].

    Shape (N, H, W, 6) for any image size. Work runs in chunks of ``chunk`` images (default:
    the batch shared evenly between the threads, at most ``CHUNK`` each) over ``threads``
    threads (default: the cores this process may use; the compiled kernels and OpenCV release
    the GIL), from one pool kept for the process.
    ``out``: a float32 array to fill instead of a new one (a reused batch buffer).
    Use it as a :class:`dfkit.data.loader.ImageBatches` ``transform`` so that it is computed per
    batch and never stored for the whole dataset.
    """
    batch = np.ascontiguousarray(check_batch(batch))
    shape = batch.shape[:3] + (6,)
    if out is None:
        out = np.empty(shape, np.float32)
    elif out.shape != shape or out.dtype != np.float32 or not out.flags.c_contiguous:
        raise ValueError(f"out must be a C-contiguous float32 array of shape {shape}, got {out.dtype} {out.shape}.")
    threads = threads or config.cpu_count()
    chunk = chunk or max(1, min(CHUNK, -(-len(batch) // threads)))
    starts = range(0, len(batch), chunk)
    threads = min(threads, len(starts))
    work = lambda a: _stack_chunk(batch[a:a + chunk], out[a:a + chunk])  # noqa: E731
    if threads <= 1:
        for a in starts:
            work(a)
    else:
        list(_pool(threads).map(work, starts))
    return out


_POOLS: dict[int, ThreadPoolExecutor] = {}
_POOLS_LOCK = threading.Lock()


def _pool(threads: int) -> ThreadPoolExecutor:
    """The process's long-lived pool of ``threads`` threads: its threads keep their buffers
    (:func:`_scratch`) from call to call instead of a new pool, and new buffers, every batch."""
    with _POOLS_LOCK:
        pool = _POOLS.get(threads)
        if pool is None:
            pool = _POOLS[threads] = ThreadPoolExecutor(threads, thread_name_prefix=f"dfkit-stack{threads}")
        return pool


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
    heat = histogram_heatmap_reference(image)
    return np.dstack([image / np.float32(255), (codes / 255).astype(np.float32), density, heat]).astype(np.float32)


def histogram_heatmap_reference(image: np.ndarray,
                                bins: int = HEATMAP_BINS) -> np.ndarray:
    """The histogram heatmap of one RGB uint8 image (H, W, 3) in plain NumPy: slow, readable.

    Quantise each channel to ``bins`` levels (``bins``³ colours), count how many pixels have
    each colour, give every pixel its colour's count, scale the commonest colour to 1.
    :func:`histogram_heatmap` computes the same for a batch, fast. Shown in chapter 02
    (a ``# @save dfkit.features.handcrafted`` cell): keep the two in step.
    """
    # 0-255 -> 0..bins-1 per channel
    levels = (image.astype(np.int64) * bins) // 256
    colour = (levels[..., 0] * bins + levels[..., 1]) * bins + levels[..., 2]
    counts = np.bincount(colour.ravel(), minlength=bins ** 3)
    heat = counts[colour].astype(np.float32)
    return heat / heat.max()


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


def time_against_naive(images: np.ndarray, repeats: int = 3) -> dict[str, float]:
    """Time :func:`feature_stack` against the per-image :func:`naive_stack` loop on ``images``.

    Both write into an output array allocated (and touched) beforehand, as a training loop
    reuses its batch buffers; fresh memory costs page faults that would swamp both on a VM.
    Each path runs ``repeats`` times; the best time counts. Returns both rates (images/s), the
    speed-up and whether the two results are identical.
    """
    import time

    fast, slow = np.zeros(images.shape[:3] + (6,), np.float32), np.zeros(images.shape[:3] + (6,), np.float32)
    feature_stack(images[:8], out=fast[:8])  # warm-up (thread pool, caches)
    t_fast = t_slow = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        feature_stack(images, out=fast)
        t_fast = min(t_fast, time.perf_counter() - start)
        start = time.perf_counter()
        for i, image in enumerate(images):
            slow[i] = naive_stack(image)
        t_slow = min(t_slow, time.perf_counter() - start)
    return {"batched_per_s": len(images) / t_fast, "naive_per_s": len(images) / t_slow,
            "speedup": t_slow / t_fast, "identical": bool(np.array_equal(fast, slow)),
            "max_abs_diff": float(np.abs(fast - slow).max())}
