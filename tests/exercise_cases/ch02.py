"""Right and wrong answers for chapter 02's exercises (used by tests/test_exercises.py)."""

import array
import functools
import types

import cv2
import numpy as np
import pandas as pd
from PIL import Image
from skimage.feature import local_binary_pattern
from skimage.feature._texture import _local_binary_pattern as _compiled_lbp
from skimage.transform import resize

from dfkit.course.exercises.ch02 import (
    PAPER_BYTES,
    PATCH,
    _reference_histogram_image,
    _reference_is_uniform,
    hand_lbp_code,
    smallest_starting_step,
)
from dfkit.features.handcrafted import CANNY_HIGH, CANNY_LOW, color_histograms


def _face():
    """A grey test face: a bright disc with soft and sharp steps, on a dark ground."""
    yy, xx = np.mgrid[:64, :64]
    face = np.where((yy - 32) ** 2 + (xx - 32) ** 2 < 400, 150, 60).astype(np.uint8)
    face[20:24, 20:44] = 185  # a step of 35 levels: an edge only at halved thresholds
    face[40:44, 24:40] = 120
    return cv2.GaussianBlur(face, (0, 0), 0.6)


def _ratio(gray):
    def density(low, high):
        return (cv2.Canny(gray, low, high) > 0).mean()
    return density(CANNY_LOW // 2, CANNY_HIGH // 2) / density(CANNY_LOW, CANNY_HIGH)


HAND = hand_lbp_code()
HAND_BITS = [(HAND >> p) & 1 for p in range(8)]
# read the other way: bit 0 as the highest bit
REVERSED = sum(b << (7 - p) for p, b in enumerate(HAND_BITS))
# ">" instead of ">=": the neighbour above ties with the centre, so its bit (2) drops
STRICT = HAND & ~(1 << 2)
# clockwise from the right: bit p takes the neighbour at -45°·p
CLOCKWISE = sum(HAND_BITS[(8 - p) % 8] << p for p in range(8))
# the other convention in the literature: bit 0 top-left, then clockwise
TOP_LEFT_CLOCKWISE = sum(int(PATCH[r, c] >= PATCH[1, 1]) << p for p, (r, c) in enumerate(
    [(0, 0), (0, 1), (0, 2), (1, 2), (2, 2), (2, 1), (2, 0), (1, 0)]))


GRAY = _face()
# a smooth ramp: one-level steps everywhere, which halving the contrast turns into ties
RAMP = (np.arange(64)[None, :] * 0.5 + np.arange(64)[:, None] * 0.25 + 100).astype(np.uint8)
RATIO = _ratio(GRAY)
STEP = smallest_starting_step(CANNY_LOW // 2, CANNY_HIGH // 2)


def _linear_uniform(code):
    """Counts changes without the wrap from bit 7 to bit 0: the same answers (changes around
    a circle are even), which the success message explains rather than pretends to test."""
    bits = [(code >> p) & 1 for p in range(8)]
    return sum(bits[p] != bits[p + 1] for p in range(7)) <= 2


# q5's gaming route (student report 17): a 5×5 patch whose centre has the code, labelled by
# scikit-image's LBP, whose "nri_uniform" gives every non-uniform code one label, 58
_OFFSETS = [(0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1), (1, 0), (1, 1)]


def _patch_for(code):
    patch = np.full((5, 5), 100, np.uint8)
    for bit, (dr, dc) in enumerate(_OFFSETS):
        patch[2 + dr, 2 + dc] = 200 if (code >> bit) & 1 else 0
    return patch


def _skimage_nri_uniform(code):
    return bool(local_binary_pattern(_patch_for(code), 8, 1, "nri_uniform")[2, 2] != 58)


def _skimage_uniform_by_import(code):
    """The same route through ``__import__`` and the rotation-invariant "uniform" method
    (label 9 for every non-uniform code), the library named only in strings."""
    texture = __import__("skimage.feature", fromlist=["x"])
    lbp = getattr(texture, "local_" + "binary_pattern")
    return bool(lbp(_patch_for(code), 8, 1, "uniform")[2, 2] != 9)


def _skimage_in_a_default(code, label=local_binary_pattern):
    return bool(label(_patch_for(code), 8, 1, "nri_uniform")[2, 2] != 58)


# q5's fifth route (report_02 of 2026-12-07): scikit-image's compiled LBP, reached by names
# built at run time, on a 3×3 patch whose diagonals are large enough for the interpolation
# to keep their sign; label 58 of "nri_uniform" ("N") for every non-uniform code
_POSITIONS = [(1, 2), (0, 2), (0, 1), (0, 0), (1, 0), (2, 0), (2, 1), (2, 2)]


def _compiled_patch(code):
    patch = np.zeros((3, 3))
    for bit, (r, c) in enumerate(_POSITIONS):
        big = 1e4 if r != 1 and c != 1 else 1.0
        patch[r, c] = big if (code >> bit) & 1 else -big
    return np.ascontiguousarray(patch)


def _skimage_compiled_by_import(code):
    import importlib

    module = importlib.import_module("sk" + "image.feature._tex" + "ture")
    label = getattr(module, "_local_binary" + "_pattern")
    return bool(label(_compiled_patch(code), 8, 1.0, ord("N"))[1, 1] != 58)


def _skimage_compiled_in_a_default(code, label=_compiled_lbp):
    return bool(label(_compiled_patch(code), 8, 1.0, ord("N"))[1, 1] != 58)


# the same, kept in a dict made before the check (review 20, finding 10: "however reached"
# let it through), or in an object's attribute, which no look inside sees: its call is seen
_COMPILED_IN_A_DICT = {"label": _compiled_lbp}


def _skimage_compiled_in_a_dict(code):
    return bool(_COMPILED_IN_A_DICT["label"](_compiled_patch(code), 8, 1.0, ord("N"))[1, 1]
                != 58)


class _CompiledHolder:
    def __init__(self):
        self.label = _compiled_lbp


_COMPILED_HOLDER = _CompiledHolder()


def _skimage_compiled_in_an_object(code):
    return bool(_COMPILED_HOLDER.label(_compiled_patch(code), 8, 1.0, ord("N"))[1, 1] != 58)


# q5's second gaming route (report 17b): the table of all 256 verdicts built with
# scikit-image in a cell above, read by an is_uniform that calls no library
_SKIMAGE_TABLE = {code: bool(local_binary_pattern(_patch_for(code), 8, 1, "uniform")[2, 2] != 9)
                  for code in range(256)}
_TABLE_LIST = [_SKIMAGE_TABLE[c] for c in range(256)]
_NRI_LABELS = np.array([local_binary_pattern(_patch_for(c), 8, 1, "nri_uniform")[2, 2]
                        for c in range(256)]).reshape(16, 16)  # labels, 58 for the others
_UNIFORM_SET = frozenset(c for c in range(256) if _SKIMAGE_TABLE[c])
_BITMASK = sum(1 << c for c in _UNIFORM_SET)
_TABLE_STRING = "".join("u" if _SKIMAGE_TABLE[c] else "n" for c in range(256))

# q5's third route (report 17d): the list of the 58 uniform codes (or of the 198 others),
# built with scikit-image in a cell above or pasted, tested for membership
_UNIFORM_LIST = sorted(_UNIFORM_SET)
_UNIFORM_TUPLE = tuple(_UNIFORM_LIST)
_UNIFORM_ARRAY = np.array(_UNIFORM_LIST)
_OTHERS_LIST = [c for c in range(256) if c not in _UNIFORM_SET]


def _in_a_pasted_list(code):
    return code in [0, 1, 2, 3, 4, 6, 7, 8, 12, 14, 15, 16, 24, 28, 30, 31, 32, 48, 56, 60,
                    62, 63, 64, 96, 112, 120, 124, 126, 127, 128, 129, 131, 135, 143, 159,
                    191, 192, 193, 195, 199, 207, 223, 224, 225, 227, 231, 239, 240, 241,
                    243, 247, 248, 249, 251, 252, 253, 254, 255]


def _reads_the_table(code):
    return _SKIMAGE_TABLE[code]


def _reads_through_a_helper(code):
    return _lookup(code) != 58


def _lookup(code):
    return _NRI_LABELS.ravel()[code]


def _table_in_a_default(code, table=tuple(_TABLE_LIST)):
    return table[code]


def _table_in_a_closure():
    table = list(_TABLE_LIST)
    return lambda code: table[code]


class _TableHolder:
    """The table as a class attribute, read through self (hostile review 17b)."""

    table = _SKIMAGE_TABLE

    def __call__(self, code):
        return self.table[code]


# q5's fourth route (review 19): the uniform codes kept in a string, parsed when the
# function runs (split, map(int, ...), eval), or the 256 verdicts as a hex mask in a string
_UNIFORM_TEXT = " ".join(str(c) for c in _UNIFORM_LIST)
_UNIFORM_BITS_TEXT = ", ".join(format(c, "08b") for c in _UNIFORM_LIST)
_OTHERS_TEXT = ",".join(hex(c) for c in _OTHERS_LIST)
_HEX_MASK = format(_BITMASK, "x")


def _in_a_pasted_string(code):
    return str(code) in ("0 1 2 3 4 6 7 8 12 14 15 16 24 28 30 31 32 48 56 60 62 63 64 96 "
                         "112 120 124 126 127 128 129 131 135 143 159 191 192 193 195 199 "
                         "207 223 224 225 227 231 239 240 241 243 247 248 249 251 252 253 "
                         "254 255").split()


def _eval_of_a_string(code):
    return code in eval("[" + _UNIFORM_TEXT.replace(" ", ",") + "]")


# q5's sixth route (report2_02, finding 1): the same table kept where the reader did not
# look: a pandas DataFrame column, Series or Index, an array.array, a memoryview, a list
# set as an attribute of a module; or scikit-image run in another program at call time
_FRAME = pd.DataFrame({"code": range(256), "uniform": _TABLE_LIST})
_SERIES = pd.Series(_TABLE_LIST)
_INDEX = pd.Index(_UNIFORM_LIST)
_ARRAY_ARRAY = array.array("b", _TABLE_LIST)
_VIEW = memoryview(bytes(_TABLE_LIST))
_TABLE_MODULE = types.ModuleType("_tables")  # stands for `cv2._tbl = [...]`
_TABLE_MODULE.tbl = list(_TABLE_LIST)


def _in_a_frame(code):
    return bool(_FRAME["uniform"][code])


def _through_loc(code):
    return bool(_FRAME.loc[code, "uniform"])


def _in_another_program(code):
    import subprocess
    import sys

    script = ("import numpy as np; from skimage.feature import local_binary_pattern as f; "
              f"p = np.full((5, 5), 100, np.uint8); c = {code}; "
              f"o = {_OFFSETS!r}\n"
              "for b, (r, s) in enumerate(o): p[2 + r, 2 + s] = 200 if c >> b & 1 else 0\n"
              "print(f(p, 8, 1, 'nri_uniform')[2, 2] != 58)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    return done.stdout.strip() == "True"


# q5's seventh route (report_02 of 2026-12-07, finding 1): a functools.cache around a
# function that calls scikit-image, filled before the check (by name, or by names built
# at run time that only the call-time refusal sees)
def _cached(fn):
    wrapped = functools.cache(fn)
    for code in range(256):
        wrapped(code)
    return wrapped


def _lru_wrapped(fn):
    @functools.lru_cache(maxsize=512)
    @functools.wraps(fn)
    def wrapper(code):
        return fn(code)

    for code in range(256):
        wrapper(code)
    return wrapper


# q5's eighth route (finding 2): the verdicts in a dict keyed by strings of the code,
# built with scikit-image in a cell above
_BY_BITS = {format(c, "08b"): _SKIMAGE_TABLE[c] for c in range(256)}
_BY_DECIMAL = {str(c): _SKIMAGE_TABLE[c] for c in range(256)}
_YES_NO = {str(c): "yes" if _SKIMAGE_TABLE[c] else "no" for c in range(256)}
_BY_BIN = {bin(c): _SKIMAGE_TABLE[c] for c in range(256)}
_BY_HEX = {hex(c): _SKIMAGE_TABLE[c] for c in range(256)}
_BY_BARE_HEX = {format(c, "02x"): _SKIMAGE_TABLE[c] for c in range(256)}
_UNIFORM_STRINGS = frozenset(str(c) for c in _UNIFORM_LIST)


def _counts_cached(code):
    """Honest, and cached (functools.cache filled before the check passes)."""
    return _reference_is_uniform(code)


def _counts_around_offsets(code):
    """Honest, with a small global list it walks: the 8 neighbours' offsets (no table)."""
    bits = [(code >> p) & 1 for p, _ in enumerate(_OFFSETS)]
    return sum(bits[p] != bits[p - 1] for p in range(len(_OFFSETS))) <= 2


def _counts_with_a_local_list(code):
    """Honest, with a small local list of the neighbours' offsets."""
    offsets = [(0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1), (1, 0), (1, 1)]
    bits = [(code >> p) & 1 for p in range(len(offsets))]
    return sum(bits[p] != bits[(p + 1) % 8] for p in range(8)) <= 2


def _counts_with_a_long_message(code):
    """Honest, with a long message string that names a few numbers (no table of codes)."""
    if not 0 <= code <= 255:
        raise ValueError(f"code must be a whole number from 0 to 255, got {code!r}; an LBP "
                         "code has 8 bits, one per neighbour (bit 0 right, 2 above, 4 left, "
                         "6 below), 1 where the neighbour is at least as bright")
    bits = format(code, "08b")
    return sum(bits[p] != bits[p - 1] for p in range(8)) <= 2


# an honest count that reads small global tables (the 8 bit weights), which are no answer
_WEIGHTS = tuple(1 << p for p in range(8))


def _counts_with_weights(code):
    bits = [int(bool(code & w)) for w in _WEIGHTS]
    return sum(bits[p] != bits[(p + 1) % 8] for p in range(8)) <= 2


def _counts_against_a_list(code):
    """Honest, with small lists it reads: the 8 bit weights and the allowed counts."""
    bits = [int(code & w > 0) for w in list(_WEIGHTS)]
    return sum(bits[p] != bits[p - 1] for p in range(8)) in [0, 1, 2]


def _hist(img):
    return color_histograms(img[None])[0].astype(np.float32)


def _to_max_one(out):
    out = np.asarray(out, np.float64)
    return out / out.max()


def _skimage_nearest(img):
    """skimage's resize(order=0) without anti-aliasing: a nearest-neighbour copy."""
    return _to_max_one(resize(_hist(img), img.shape[:2], order=0, anti_aliasing=False))


def _skimage_smoothed(img):
    """skimage's resize(order=0) as it comes: on a float histogram that it shrinks, it
    smooths first (anti_aliasing defaults to True), so no column copies one bin."""
    return _to_max_one(resize(_hist(img), img.shape[:2], order=0))


def _random_nearby(img):
    """A hostile answer: each column copies a bin picked at random within 2 of the right
    one (a checker that allowed any bin near the centre passed it)."""
    rng = np.random.default_rng(0)
    w = img.shape[1]
    cols = np.minimum(np.arange(w) * 256 // w + rng.integers(-2, 3, w), 255).clip(0)
    rows = np.arange(img.shape[0]) * 3 // img.shape[0]
    return _to_max_one(_hist(img)[rows][:, cols])


def _pil_nearest(img):
    small = Image.fromarray(_hist(img))
    return _to_max_one(small.resize((img.shape[1], img.shape[0]), Image.NEAREST))


def _tf_nearest(img):
    import tensorflow as tf

    out = tf.image.resize(_hist(img)[..., None], img.shape[:2], method="nearest")
    return _to_max_one(out.numpy()[..., 0])


def _index_nearest(img):
    """Nearest neighbour by indexing, corner-aligned (np.linspace), normalised first."""
    rows = np.round(np.linspace(0, 2, img.shape[0])).astype(int)
    cols = np.round(np.linspace(0, 255, img.shape[1])).astype(int)
    hist = _hist(img)
    return _to_max_one(hist[rows][:, cols] / hist.max())


def _scipy_zoom(img, **mode):
    """scipy's zoom(order=0): corner-aligned; its default mode="constant" can blank the last
    column (a rounding error reads past bin 255), mode="nearest" copies bin 255 there."""
    from scipy import ndimage

    hist = _hist(img)
    zoom = (img.shape[0] / hist.shape[0], img.shape[1] / hist.shape[1])
    return _to_max_one(ndimage.zoom(hist, zoom, order=0, **mode))


def _scaled_before_resizing(img):
    """Scaled to a maximum of 1 first, then resized: the resize can drop the peak bin."""
    hist = _hist(img)
    return cv2.resize(hist / hist.max(), (img.shape[1], img.shape[0]),
                      interpolation=cv2.INTER_NEAREST)


def _one_green_row(img):
    rows = np.full(img.shape[0], 2)
    rows[: img.shape[0] // 2] = 0
    rows[img.shape[0] // 2] = 1
    cols = np.minimum(np.arange(img.shape[1]) * 256 // img.shape[1], 255)
    return _to_max_one(_hist(img)[rows][:, cols])


CASES = {
    "q1": {"right": [lambda: {"hand_code": HAND}, lambda: {"hand_code": np.uint8(HAND)},
                     lambda: {"hand_code": float(HAND)},
                     lambda: {"hand_code": int(format(HAND, "08b"), 2)}],
           "wrong": [lambda: {"hand_code": REVERSED}, lambda: {"hand_code": STRICT},
                     lambda: {"hand_code": CLOCKWISE},
                     lambda: {"hand_code": TOP_LEFT_CLOCKWISE},
                     lambda: {"hand_code": 255 - HAND}, lambda: {"hand_code": HAND ^ 1},
                     lambda: {"hand_code": format(HAND, "08b")},
                     lambda: {"hand_code": 256 + HAND}, lambda: {"hand_code": HAND + 0.5},
                     lambda: {"hand_code": True}]},
    # the check redoes the experiment on `gray` (blur wins on the face, halving the contrast
    # on a smooth ramp); a redefined `changed_share` is not read at all
    "q2": {"right": [lambda: {"q2_prediction": "c", "gray": GRAY},
                     lambda: {"q2_prediction": "b", "gray": RAMP},
                     lambda: {"q2_prediction": "c", "gray": GRAY,
                              "changed_share": {"a": 1, "b": 0, "c": 0}}],
           "wrong": [lambda: {"q2_prediction": "a", "gray": GRAY},
                     lambda: {"q2_prediction": "b", "gray": GRAY},
                     lambda: {"q2_prediction": "a", "gray": GRAY,
                              "changed_share": {"a": 1, "b": 0, "c": 0}}]},
    "q3": {"right": [lambda: {"smallest_step": STEP, "density_ratio": RATIO, "gray": GRAY},
                     lambda: {"smallest_step": np.int64(STEP),
                              "density_ratio": round(RATIO, 1), "gray": GRAY},
                     # 100 / 4 + 1: a whole number, though a float
                     lambda: {"smallest_step": float(STEP), "density_ratio": RATIO,
                              "gray": GRAY}],
           "wrong": [  # the ratio of a cell never rerun: 1.0 passes no more
                     lambda: {"smallest_step": STEP, "density_ratio": 1.05, "gray": GRAY},
                     lambda: {"smallest_step": STEP, "density_ratio": 1 / RATIO, "gray": GRAY},
                     lambda: {"smallest_step": STEP, "density_ratio": RATIO + 0.2,
                              "gray": GRAY},
                     lambda: {"smallest_step": STEP - 1, "density_ratio": RATIO, "gray": GRAY},
                     lambda: {"smallest_step": 51, "density_ratio": RATIO, "gray": GRAY},
                     lambda: {"smallest_step": STEP + 0.5, "density_ratio": RATIO,
                              "gray": GRAY},
                     lambda: {"smallest_step": 50, "density_ratio": RATIO, "gray": GRAY}]},
    "q4": {"right": [lambda: {"stack_gib": PAPER_BYTES / 2 ** 30}, lambda: {"stack_gib": 2.9},
                     lambda: {"stack_gib": 2.93}],
           "wrong": [lambda: {"stack_gib": PAPER_BYTES / 2 ** 30 / 4},
                     lambda: {"stack_gib": PAPER_BYTES / 1e9},
                     lambda: {"stack_gib": PAPER_BYTES / 2 ** 30 / 2},
                     lambda: {"stack_gib": 3072}, lambda: {"stack_gib": 2.5},
                     lambda: {"stack_gib": "2.9"},
                     # the prose said "a few GiB": a whole-number guess, then the
                     # guesses that a unit message or a near-miss message steered
                     # (report_02 of 2026-12-07: 3, 3.1, then 2.9)
                     lambda: {"stack_gib": 3}, lambda: {"stack_gib": 3.1},
                     lambda: {"stack_gib": 0.7}, lambda: {"stack_gib": 1.5}]},
    "q5": {"right": [lambda: {"is_uniform": lambda code: _reference_is_uniform(code)},
                     lambda: {"is_uniform": _linear_uniform},
                     lambda: {"is_uniform": _counts_with_weights},
                     lambda: {"is_uniform": _counts_against_a_list},
                     lambda: {"is_uniform": _counts_with_a_long_message},
                     lambda: {"is_uniform": _counts_around_offsets},
                     lambda: {"is_uniform": _counts_with_a_local_list},
                     lambda: {"is_uniform": _cached(_counts_cached)}],
           "wrong": [lambda: {"is_uniform": lambda code: bin(code).count("1") <= 2},
                     lambda: {"is_uniform": lambda code: _reference_is_uniform(code) and code > 0},
                     lambda: {"is_uniform": lambda code: 1},
                     lambda: {"is_uniform": lambda code: code.bits},
                     # scikit-image labels the codes (report 17): named, imported by a
                     # string, or held in a default argument
                     lambda: {"is_uniform": _skimage_nri_uniform},
                     lambda: {"is_uniform": _skimage_uniform_by_import},
                     lambda: {"is_uniform": _skimage_in_a_default},
                     lambda: {"is_uniform": local_binary_pattern},
                     # its compiled core, by names built at run time or in a default
                     # (report_02 of 2026-12-07)
                     lambda: {"is_uniform": _skimage_compiled_by_import},
                     lambda: {"is_uniform": _skimage_compiled_in_a_default},
                     # kept in a dict or an object's attribute before the check (review 20)
                     lambda: {"is_uniform": _skimage_compiled_in_a_dict},
                     lambda: {"is_uniform": _skimage_compiled_in_an_object},
                     # the verdicts looked up in a table built outside (report 17b): a dict,
                     # through a helper, a default, a closure, a set, a bit mask, a string
                     lambda: {"is_uniform": _reads_the_table},
                     lambda: {"is_uniform": _reads_through_a_helper},
                     lambda: {"is_uniform": _table_in_a_default},
                     lambda: {"is_uniform": _table_in_a_closure()},
                     lambda: {"is_uniform": lambda code: code in _UNIFORM_SET},
                     lambda: {"is_uniform": lambda code: bool(_BITMASK >> code & 1)},
                     lambda: {"is_uniform": lambda code: _TABLE_STRING[code] == "u"},
                     # the table's own lookup as the answer, or a class attribute (17b)
                     lambda: {"is_uniform": _SKIMAGE_TABLE.__getitem__},
                     lambda: {"is_uniform": _TableHolder()},
                     # the uniform codes listed, tested for membership (report 17d): a list,
                     # a tuple, an array, .count, a literal list, the 198 others
                     lambda: {"is_uniform": lambda code: code in _UNIFORM_LIST},
                     lambda: {"is_uniform": lambda code: code in _UNIFORM_TUPLE},
                     lambda: {"is_uniform": lambda code: bool(np.isin(code, _UNIFORM_ARRAY))},
                     lambda: {"is_uniform": lambda code: _UNIFORM_LIST.count(code) > 0},
                     lambda: {"is_uniform": _in_a_pasted_list},
                     lambda: {"is_uniform": lambda code: code not in _OTHERS_LIST},
                     # the codes in a string, parsed at call time (review 19): split, map,
                     # eval, 8-bit tokens, the others in hex, a hex mask
                     lambda: {"is_uniform": lambda code: str(code) in _UNIFORM_TEXT.split()},
                     lambda: {"is_uniform": _in_a_pasted_string},
                     lambda: {"is_uniform":
                              lambda code: code in map(int, _UNIFORM_TEXT.split())},
                     lambda: {"is_uniform": _eval_of_a_string},
                     lambda: {"is_uniform": lambda code: format(code, "08b")
                              in _UNIFORM_BITS_TEXT.split(", ")},
                     lambda: {"is_uniform": lambda code: hex(code)
                              not in _OTHERS_TEXT.split(",")},
                     lambda: {"is_uniform":
                              lambda code: bool(int(_HEX_MASK, 16) >> code & 1)},
                     # kept in pandas, array.array, memoryview, on a module, or run in
                     # another program (report2_02, finding 1)
                     lambda: {"is_uniform": _in_a_frame},
                     lambda: {"is_uniform": _through_loc},
                     lambda: {"is_uniform": lambda code: bool(_SERIES[code])},
                     lambda: {"is_uniform": lambda code: bool(np.isin(code, _INDEX))},
                     lambda: {"is_uniform": lambda code: code in _INDEX},
                     lambda: {"is_uniform": lambda code: bool(_ARRAY_ARRAY[code])},
                     lambda: {"is_uniform": lambda code: bool(_VIEW[code])},
                     lambda: {"is_uniform": lambda code: bool(_TABLE_MODULE.tbl[code])},
                     lambda: {"is_uniform": _in_another_program},
                     # a cache around scikit-image, filled first (report_02 of 2026-12-07,
                     # finding 1): named, by names built at run time, under lru_cache
                     lambda: {"is_uniform": _cached(_skimage_nri_uniform)},
                     lambda: {"is_uniform": _cached(_skimage_uniform_by_import)},
                     lambda: {"is_uniform": _lru_wrapped(_skimage_compiled_by_import)},
                     # a dict keyed by strings of the code (finding 2)
                     lambda: {"is_uniform": lambda code: _BY_BITS[format(code, "08b")]},
                     lambda: {"is_uniform": lambda code: _BY_DECIMAL[str(code)]},
                     lambda: {"is_uniform": lambda code: _YES_NO[str(code)] == "yes"},
                     lambda: {"is_uniform": lambda code: _BY_BIN[bin(code)]},
                     lambda: {"is_uniform": lambda code: _BY_HEX[hex(code)]},
                     lambda: {"is_uniform": lambda code: _BY_BARE_HEX[f"{code:02x}"]},
                     lambda: {"is_uniform": lambda code: str(code) in _UNIFORM_STRINGS}]},
    "q6": {"right": [lambda: {"histogram_image": lambda img: _reference_histogram_image(img)},
                     lambda: {"histogram_image": _skimage_nearest},
                     lambda: {"histogram_image": _pil_nearest},
                     lambda: {"histogram_image": _tf_nearest},
                     lambda: {"histogram_image": _index_nearest},
                     lambda: {"histogram_image": lambda img: _scipy_zoom(img, mode="nearest")},
                     lambda: {"histogram_image": lambda img: _to_max_one(cv2.resize(
                         _hist(img), (img.shape[1], img.shape[0]),
                         interpolation=cv2.INTER_NEAREST_EXACT))}],
           "wrong": [lambda: {"histogram_image": _reference_histogram_image},  # the checker's own
                     lambda: {"histogram_image": lambda img: _reference_histogram_image(img).T},
                     lambda: {"histogram_image": lambda img: _reference_histogram_image(img) * 3},
                     lambda: {"histogram_image": lambda img: cv2.resize(
                         _reference_histogram_image(img), (img.shape[1], img.shape[0]),
                         interpolation=cv2.INTER_LINEAR)[::-1]},
                     lambda: {"histogram_image": lambda img: _to_max_one(cv2.resize(
                         _hist(img), (img.shape[1], img.shape[0]),
                         interpolation=cv2.INTER_LINEAR))},
                     lambda: {"histogram_image": lambda img: _reference_histogram_image(img)[::-1]},
                     lambda: {"histogram_image": lambda img: _to_max_one(cv2.resize(
                         _hist(img) / _hist(img).max(1, keepdims=True),
                         (img.shape[1], img.shape[0]), interpolation=cv2.INTER_NEAREST))},
                     # a hostile reviewer's answer: the green row alone, stretched over the image
                     lambda: {"histogram_image": lambda img: _to_max_one(cv2.resize(
                         _hist(img)[1:2], (img.shape[1], img.shape[0]),
                         interpolation=cv2.INTER_NEAREST))},
                     # R over the top half and B over the bottom: no green row at all
                     lambda: {"histogram_image": lambda img: _to_max_one(cv2.resize(
                         _hist(img)[[0, 2]], (img.shape[1], img.shape[0]),
                         interpolation=cv2.INTER_NEAREST))},
                     # green squeezed to one row between long R and B bands
                     lambda: {"histogram_image": _one_green_row},
                     lambda: {"histogram_image": _skimage_smoothed},
                     lambda: {"histogram_image": _scipy_zoom},
                     lambda: {"histogram_image": _scaled_before_resizing},
                     # never scaled at all (instructor trial 16: told "scale before resizing?")
                     lambda: {"histogram_image": lambda img: cv2.resize(
                         _hist(img), (img.shape[1], img.shape[0]),
                         interpolation=cv2.INTER_NEAREST)},
                     lambda: {"histogram_image": _random_nearby},
                     lambda: {"histogram_image": lambda img: [[1.0], [1.0, 2.0]]}]},
    "q7": {"right": [lambda: {"q7_answer": "d"}],
           "wrong": [lambda: {"q7_answer": "a"}, lambda: {"q7_answer": "b"},
                     lambda: {"q7_answer": "c"}]},
}

