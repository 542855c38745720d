"""Compiled per-pixel loops behind :mod:`dfkit.features.handcrafted` (numba, no GIL): one pass per image.

NumPy needs a dozen full-array passes for LBP and the colour heatmap, and Python threads then
queue for the GIL between them; a compiled loop reads each pixel once and runs on every core.
Every kernel here is checked bit for bit against scikit-image / the plain NumPy definitions in
the tests. LBP's diagonal neighbours are decided in exact integers, and at an exact tie between
unequal corners by scikit-image's own float64 interpolation, so those ties round as they do there.
"""

from __future__ import annotations

import os
import tempfile

import numba
import numpy as np


# --------------------------------------------------------------------------- where compiled code is kept
def cache_folder() -> str | None:
    """A writable folder for the compiled kernels, never inside the package or a source checkout.

    ``$NUMBA_CACHE_DIR`` when set, else ``~/.cache/dfkit/numba`` (``$XDG_CACHE_HOME``), else a
    per-user folder in the temporary directory; None when none is writable (the kernels are then
    compiled in every new process: seconds, not an error). Left to itself, numba's ``cache=True``
    writes into the package's ``__pycache__``, and fails at import where neither that nor the
    user's cache folder is writable (a read-only install).
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    user = getattr(os, "getuid", lambda: "user")()
    for folder in (numba.config.CACHE_DIR, os.path.join(base, "dfkit", "numba"),
                   os.path.join(tempfile.gettempdir(), f"dfkit-numba-{user}")):
        if not folder:
            continue
        try:
            os.makedirs(folder, exist_ok=True)
            tempfile.TemporaryFile(dir=folder).close()
            return folder
        except OSError:
            continue
    return None


_FOLDER = cache_folder()
if _FOLDER is not None and not numba.config.CACHE_DIR:
    # numba's public setting (what $NUMBA_CACHE_DIR sets): cache=True then writes there, first
    numba.config.CACHE_DIR = _FOLDER
# an unwritable $NUMBA_CACHE_DIR would make cache=True fail at import: no cache then
_CACHED = _FOLDER is not None and numba.config.CACHE_DIR == _FOLDER


def _jit(func):
    """``numba.njit(nogil=True)``, its machine code cached (``cache=True``) in :func:`cache_folder`
    when there is one, else compiled anew in each process."""
    return numba.njit(nogil=True, cache=_CACHED)(func)


def lbp_offsets(points: int = 8, radius: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """skimage's LBP sampling points: neighbour p at angle 2πp/P, row -R·sin, column R·cos (5 decimals)."""
    angles = 2 * np.pi * np.arange(points, dtype=np.double) / points
    return np.round(-radius * np.sin(angles), 5), np.round(radius * np.cos(angles), 5)


ROW_OFFSETS, COL_OFFSETS = lbp_offsets()
# the pixel block each neighbour falls in, as row and column steps (-1, 0 or 1)
NEIGHBOUR_ROWS, NEIGHBOUR_COLS = np.sign(ROW_OFFSETS).astype(np.int64), np.sign(COL_OFFSETS).astype(np.int64)
# A diagonal neighbour sits at d = 0.70711 on both axes, so skimage's value minus the centre is
# d(1-d)·B + d²·E, B = (the two axis corners) - 2·centre, E = far corner - centre. Its sign is the
# sign of 239·B + 577·E on the whole uint8 range (tested exhaustively; 239/577 is a convergent of
# d(1-d)/d²), and that is 0 only at B = E = 0: the exact ties, where float64 rounding decides.
AXIS_WEIGHT, FAR_WEIGHT = 239, 577


@_jit
def _skimage_neighbour(padded: np.ndarray, r: int, c: int, p: int) -> float:
    """skimage's float64 bilinear value of neighbour ``p`` of image pixel (r, c), step for step
    (its ``bilinear_interpolation``, ``mode='C'``, ``cval=0``), read from the zero-padded image."""
    rr, cc = r + ROW_OFFSETS[p], c + COL_OFFSETS[p]
    r0, c0, r1, c1 = np.floor(rr), np.floor(cc), np.ceil(rr), np.ceil(cc)
    fr, fc = rr - r0, cc - c0
    i0, j0, i1, j1 = int(r0) + 1, int(c0) + 1, int(r1) + 1, int(c1) + 1
    top = (1 - fc) * np.float64(padded[i0, j0]) + fc * np.float64(padded[i0, j1])
    bottom = (1 - fc) * np.float64(padded[i1, j0]) + fc * np.float64(padded[i1, j1])
    return (1 - fr) * top + fr * bottom


@_jit
def _fast_code(padded: np.ndarray, r: int, c: int) -> int:
    """LBP code at image pixel (r, c) of the zero-padded image, in exact integers.

    A neighbour on an axis is a pixel; a diagonal one minus the centre has the sign of
    239·B + 577·E. At an exact tie (0) the bit is 1: right when the four corners are equal (their
    interpolation is exactly the centre, tested); :func:`_lbp_row` redoes the other ties.
    """
    v = np.int32(padded[r + 1, c + 1])
    code = 0
    for p in range(8):
        dr, dc = NEIGHBOUR_ROWS[p], NEIGHBOUR_COLS[p]
        if dr == 0 or dc == 0:
            bit = np.int32(padded[r + 1 + dr, c + 1 + dc]) >= v
        else:
            axis = np.int32(padded[r + 1 + dr, c + 1]) + np.int32(padded[r + 1, c + 1 + dc]) - 2 * v
            sign = AXIS_WEIGHT * axis + FAR_WEIGHT * (np.int32(padded[r + 1 + dr, c + 1 + dc]) - v)
            bit = sign >= 0
        if bit:
            code |= 1 << p
    return code


@_jit
def _has_uneven_tie(padded: np.ndarray, r: int, c: int) -> bool:
    """Whether a diagonal neighbour of image pixel (r, c) ties with the centre (239·B + 577·E = 0)
    while its corners are not all equal: the one case skimage's float64 rounding may turn to 0."""
    v = np.int32(padded[r + 1, c + 1])
    tie = False
    for dr in (-1, 1):
        for dc in (-1, 1):
            corner = np.int32(padded[r + 1 + dr, c + 1])
            far = np.int32(padded[r + 1 + dr, c + 1 + dc])
            tie |= (far == v) & (corner + np.int32(padded[r + 1, c + 1 + dc]) == 2 * v) & (corner != v)
    return tie


@_jit
def _skimage_diagonals(padded: np.ndarray, r: int, c: int, code: int) -> int:
    """``code`` with its four diagonal bits recomputed by skimage's float64 interpolation."""
    v = np.float64(padded[r + 1, c + 1])
    for p in range(1, 8, 2):
        if _skimage_neighbour(padded, r, c, p) - v >= 0:
            code |= 1 << p
        else:
            code &= 255 - (1 << p)
    return code


@_jit
def _lbp_row(padded: np.ndarray, r: int, codes: np.ndarray) -> None:
    """LBP codes of image row ``r`` into ``codes`` (W,) uint8: the integer pass, then skimage's
    own rounding at the pixels with a tie between unequal corners.

    The second pass reads the diagonal corners again on purpose: flagging ties inside the first
    loop cost the stack about a third of its images per second (benchmarks/README.md, "The feature
    stack")."""
    for c in range(codes.shape[0]):
        codes[c] = _fast_code(padded, r, c)
    for c in range(codes.shape[0]):
        if _has_uneven_tie(padded, r, c):
            codes[c] = _skimage_diagonals(padded, r, c, codes[c])


@_jit
def lbp_codes(padded: np.ndarray, out: np.ndarray) -> None:
    """LBP codes of a zero-padded batch (N, H+2, W+2) into ``out`` (N, H, W) uint8."""
    n, h, w = out.shape
    for i in range(n):
        for r in range(h):
            _lbp_row(padded[i], r, out[i, r])


@_jit
def _colour_table(image: np.ndarray, level: np.ndarray, bins: int, colour: np.ndarray, table: np.ndarray) -> None:
    """Quantised colour of every pixel into ``colour``; each colour's share over the top share into ``table``."""
    h, w, _ = image.shape
    counts = np.zeros(bins * bins * bins, np.int64)
    for r in range(h):
        for c in range(w):
            k = (level[image[r, c, 0]] * bins + level[image[r, c, 1]]) * bins + level[image[r, c, 2]]
            colour[r, c] = k
            counts[k] += 1
    top = np.float32(counts.max())
    for k in range(counts.size):
        table[k] = np.float32(counts[k]) / top  # float32 division, as NumPy does it


@_jit
def _back_project(image: np.ndarray, level: np.ndarray, bins: int, colour: np.ndarray, table: np.ndarray,
                  out: np.ndarray) -> None:
    """Histogram back-projection of one image (H, W, 3) into ``out`` (H, W), which may be a strided view."""
    _colour_table(image, level, bins, colour, table)
    h, w = out.shape
    for r in range(h):
        for c in range(w):
            out[r, c] = table[colour[r, c]]


@_jit
def heatmap(batch: np.ndarray, level: np.ndarray, bins: int, out: np.ndarray) -> None:
    """Histogram back-projection of a batch (N, H, W, 3) uint8 into ``out`` (N, H, W) float32."""
    n, h, w, _ = batch.shape
    colour = np.empty((h, w), np.int64)
    table = np.empty(bins * bins * bins, np.float32)
    for i in range(n):
        _back_project(batch[i], level, bins, colour, table, out[i])


@_jit
def stack(batch: np.ndarray, padded_gray: np.ndarray, density: np.ndarray, level: np.ndarray, bins: int,
          unit: np.ndarray, out: np.ndarray) -> None:
    """The 6-channel stack, image by image: the heatmap, then RGB, LBP and the given density map in one pass.

    ``unit`` maps 0-255 to float32 x / 255.
    """
    n, h, w, _ = batch.shape
    colour = np.empty((h, w), np.int64)
    table = np.empty(bins * bins * bins, np.float32)
    codes = np.empty(w, np.uint8)
    for i in range(n):
        _back_project(batch[i], level, bins, colour, table, out[i, :, :, 5])
        for r in range(h):
            _lbp_row(padded_gray[i], r, codes)
            for c in range(w):
                out[i, r, c, 0] = unit[batch[i, r, c, 0]]
                out[i, r, c, 1] = unit[batch[i, r, c, 1]]
                out[i, r, c, 2] = unit[batch[i, r, c, 2]]
                out[i, r, c, 3] = unit[codes[c]]
                out[i, r, c, 4] = density[i, r, c]
