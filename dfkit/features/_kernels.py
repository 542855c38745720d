"""Compiled per-pixel loops behind :mod:`dfkit.features.handcrafted` (numba, no GIL): one pass per image.

NumPy needs a dozen full-array passes for LBP and the colour heatmap, and Python threads then
queue for the GIL between them; a compiled loop reads each pixel once and runs on every core.
Every kernel here is checked bit for bit against scikit-image / the plain NumPy definitions in
the tests. Exact ties of LBP's diagonal neighbours are left as 1 here; :mod:`dfkit.features.handcrafted`
patches the few positions where scikit-image rounds them to 0.
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


# the pixel block each neighbour falls in, as row and column steps (-1, 0 or 1)
NEIGHBOUR_ROWS, NEIGHBOUR_COLS = (np.sign(o).astype(np.int64) for o in lbp_offsets())
# sign(239·B + 577·E) is the sign of a diagonal neighbour minus the centre (see dfkit.features.handcrafted)
AXIS_WEIGHT, FAR_WEIGHT = 239, 577


@_jit
def _lbp_code(padded: np.ndarray, r: int, c: int) -> int:
    """LBP code at (r, c) of a zero-padded grayscale image (ties of diagonals count as 1)."""
    v = np.int32(padded[r, c])
    code = 0
    for p in range(8):
        dr, dc = NEIGHBOUR_ROWS[p], NEIGHBOUR_COLS[p]
        if dr == 0 or dc == 0:
            bit = np.int32(padded[r + dr, c + dc]) >= v
        else:
            axis = np.int32(padded[r + dr, c]) + np.int32(padded[r, c + dc]) - 2 * v
            far = np.int32(padded[r + dr, c + dc]) - v
            bit = AXIS_WEIGHT * axis + FAR_WEIGHT * far >= 0
        if bit:
            code |= 1 << p
    return code


@_jit
def lbp_codes(padded: np.ndarray, out: np.ndarray) -> None:
    """LBP codes of a zero-padded batch (N, H+2, W+2) into ``out`` (N, H, W) uint8."""
    n, h, w = out.shape
    for i in range(n):
        for r in range(h):
            for c in range(w):
                out[i, r, c] = _lbp_code(padded[i], r + 1, c + 1)


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
          unit: np.ndarray, codes: np.ndarray, out: np.ndarray) -> None:
    """The 6-channel stack, image by image: the heatmap, then RGB, LBP and the given density map in one pass.

    ``unit`` maps 0-255 to float32 x / 255; LBP codes also go to ``codes`` for the tie patch.
    """
    n, h, w, _ = batch.shape
    colour = np.empty((h, w), np.int64)
    table = np.empty(bins * bins * bins, np.float32)
    for i in range(n):
        _back_project(batch[i], level, bins, colour, table, out[i, :, :, 5])
        for r in range(h):
            for c in range(w):
                code = _lbp_code(padded_gray[i], r + 1, c + 1)
                codes[i, r, c] = code
                out[i, r, c, 0] = unit[batch[i, r, c, 0]]
                out[i, r, c, 1] = unit[batch[i, r, c, 1]]
                out[i, r, c, 2] = unit[batch[i, r, c, 2]]
                out[i, r, c, 3] = unit[code]
                out[i, r, c, 4] = density[i, r, c]
