"""Chapter 02 exercises: what LBP ignores, Canny's thresholds, the stack's memory, uniform
codes, and the other reading of the histogram heatmap."""

from __future__ import annotations

import numbers

import cv2
import numpy as np

from dfkit.course.exercises import (
    Exercise,
    Incorrect,
    ____,
    call_answer,
    choice,
    close,
    hidden_rng,
    prediction,
    unwrap_scalar,
)
from dfkit.features.handcrafted import (
    CANNY_HIGH,
    CANNY_LOW,
    canny_edges,
    color_histograms,
    edge_density,
)

PAPER_BYTES = 8000 * 128 * 128 * 6 * 4

# ``____`` is re-exported so that a chapter imports its checkers and the blank in one line.
__all__ = ["____", "q1", "q2", "q3", "q4", "q5", "q6"]


# --------------------------------------------------------------------------- q1: predict, then run
def most_changed(changed_share: dict) -> str:
    """The key of the change that altered the largest share of LBP codes."""
    return max(changed_share, key=changed_share.get)


q1 = prediction(
    name="q1",
    prompt="Which change alters the most LBP codes: 'a' brightening, 'b' halving the contrast, "
           "'c' a slight blur? Set `q1_prediction` before you run the experiment.",
    variable="q1_prediction",
    options={"a": "brightening (add 40, clipped at 255)",
             "b": "halving the contrast around mid-grey, kept in whole grey levels",
             "c": "a slight Gaussian blur"},
    outcome=most_changed,
    context=("changed_share",),
    explanation="LBP keeps only whether each neighbour is at least as bright as its centre. "
                "Adding a constant keeps every such comparison (except where pixels clip at "
                "255, and at the border, where padding zeros do not brighten). Halving the "
                "contrast keeps the order too, but neighbours one grey level apart can become "
                "equal (130 and 131 both go to 129; 129 and 130 stay apart), which flips some "
                "bits. Blur replaces each pixel by an "
                "average of its surroundings and reorders fine texture almost everywhere: LBP is "
                "a texture measure, and blur is what it sees.",
    hints=("Ask of each change: does it keep, for every pair of neighbouring pixels, which one "
           "is brighter?",
           "Now look closer at the cases where the answer is 'almost': a change that keeps the "
           "order can still make two pixels *equal* (clipping at 255, or whole-number grey "
           "levels squeezed together), and a tie counts as 'at least as bright'. Which change "
           "creates many ties, and which one moves every pixel towards its neighbours' "
           "average?"),
)


# --------------------------------------------------------------------------- q2: modify
HALVED = (CANNY_LOW // 2, CANNY_HIGH // 2)


def smallest_starting_step(low: int, high: int) -> int:
    """The smallest clean vertical step (in grey levels) in which OpenCV's Canny, at these
    thresholds, starts an edge: found by running Canny on steps of 1, 2, 3... levels."""
    for step in range(1, 256):
        image = np.zeros((16, 16), np.uint8)
        image[:, 8:] = step
        if cv2.Canny(image, low, high).any():
            return step
    raise ValueError(f"no step starts an edge at thresholds ({low}, {high})")


def _density(gray: np.ndarray, low: int, high: int) -> float:
    """The face's edge density as the chapter computes it (the same dfkit functions)."""
    return float(edge_density(canny_edges(np.asarray(gray)[None], low, high))[0])


def _check_step(smallest_step) -> int:
    expected = smallest_starting_step(*HALVED)
    value = unwrap_scalar(smallest_step)
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise Incorrect("`smallest_step` should be a whole number of grey levels (an int).")
    if value == expected:
        return expected
    if value == smallest_starting_step(CANNY_LOW, CANNY_HIGH):
        raise Incorrect(f"{value} is the smallest step at the default thresholds "
                        f"({CANNY_LOW}, {CANNY_HIGH}); the question halves them.")
    if value == expected - 1 and 4 * value == HALVED[1]:
        raise Incorrect(f"A step of {value} gives a Sobel response of exactly the halved high "
                        "threshold. Is 'exactly' enough? Reread how OpenCV compares the "
                        "response with the threshold.")
    raise Incorrect(f"{value} is not it. A clean step of s grey levels gives a Sobel response "
                    "of 4 × s (the text above says why); find the smallest whole s whose "
                    f"response passes the halved high threshold, {HALVED[1]}, OpenCV's way.")


def _check_ratio(smallest_step, density_ratio, gray) -> str:
    step = _check_step(smallest_step)
    before = _density(gray, CANNY_LOW, CANNY_HIGH)
    if before == 0:
        raise Incorrect("This face has no edges at the default thresholds, so the ratio is "
                        "undefined; try another image (`face = images[1]`, then rerun).")
    expected = _density(gray, *HALVED) / before
    value = unwrap_scalar(density_ratio)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        if abs(value - 1 / expected) < 0.05 and abs(expected - 1) > 0.1:
            raise Incorrect("That is the ratio upside down: new density divided by the old one.")
        if abs(value - 1) < 0.1 and abs(expected - 1) > 0.1:
            raise Incorrect("A ratio near 1 is what the default thresholds give: halve `low` "
                            "and `high` in the experiment cell and run that cell again.")
        if abs(value - expected) > 0.3:
            raise Incorrect(f"{value:.4g} is not the ratio the halved thresholds give on this "
                            "face: run the experiment cell with them, then divide the new "
                            "density by the old one.")
    close(density_ratio, expected, decimals=1, what="density_ratio")
    default_step = smallest_starting_step(CANNY_LOW, CANNY_HIGH)
    return (f"at the defaults a clean step must reach {default_step} grey levels to start an "
            f"edge; halved, {step} do. Every softer step of {step} to {default_step - 1} "
            f"levels on this face now counts, so its edge density grew {expected:.1f}-fold.")


q2 = Exercise(
    name="q2",
    prompt="With both Canny thresholds halved, what is the smallest clean step (whole grey "
           "levels) that starts an edge? Store it in `smallest_step`. Then run the experiment "
           "with the halved thresholds and store the new edge density over the old one, "
           "`modified_density / face_density` (1 decimal), in `density_ratio`.",
    names=("smallest_step", "density_ratio"),
    context=("gray",),
    checker=_check_ratio,
    hints=("An edge starts where the gradient magnitude passes the high threshold. The text "
           "above gives the magnitude of a clean step of s grey levels; 'how many times it "
           "grew' is the new density over the old one.",
           "Solve 4 × s > high for the smallest whole s (the test is strict). The experiment "
           "cell reads `low` and `high` on its first line: assign the halved values there "
           "(`//` keeps them whole numbers, as Canny wants) and rerun that same cell; "
           "`face_density` keeps the default thresholds' value from above."),
    kind="modify",
)


# --------------------------------------------------------------------------- q3: compute
def _check_gib(stack_gib) -> None:
    expected = PAPER_BYTES / 2 ** 30
    if isinstance(stack_gib, numbers.Real) and not isinstance(stack_gib, bool):
        value = float(stack_gib)
        if abs(value - expected / 4) < 0.05:
            raise Incorrect("You counted values, not bytes: a float32 takes 4 bytes.")
        if abs(value - expected / 2) < 0.05:
            raise Incorrect("That is the RGB part only: the stack has 6 channels.")
        if abs(value - PAPER_BYTES / 1e9) < 0.05:
            raise Incorrect("Close, but that is in GB (10^9 bytes); a GiB is 2**30 bytes.")
        if abs(value - PAPER_BYTES / 2 ** 20) < 1:
            raise Incorrect("That is in MiB (2**20 bytes); a GiB is 2**30 bytes.")
        if abs(value - expected) > 0.3:
            raise Incorrect(f"{value:.4g} GiB is not it: count the numbers (images × pixels per "
                            "image × channels), then the bytes, then divide by 2**30.")
    close(stack_gib, expected, decimals=1, what="stack_gib")


q3 = Exercise(
    name="q3",
    prompt="How many GiB would the 6-channel float32 stack of the paper's 8,000 images at 128×128 "
           "take in memory? Store it in `stack_gib`, to 1 decimal.",
    names=("stack_gib",),
    checker=_check_gib,
    hints=("Count the numbers first (images, pixels per image, channels per pixel), then the "
           "bytes each number takes.",
           "A float32 takes 4 bytes; 1 GiB is 2**30 bytes."),
    kind="compute",
)


# --------------------------------------------------------------------------- q4: implement
def _changes(code: int) -> int:
    """How often neighbouring bits of ``code`` differ, around the circle (bit 7 to bit 0 too)."""
    bits = [(int(code) >> p) & 1 for p in range(8)]
    return sum(bits[p] != bits[(p + 1) % 8] for p in range(8))


def reference_is_uniform(code: int) -> bool:
    """At most two 0/1 changes around the circle of 8 bits."""
    return _changes(code) <= 2


def _diagnose(wrong: list[int], answers: dict[int, bool]) -> str:
    """What the wrong answers have in common, said without giving the code away."""
    if all(answers[c] == (bin(c).count("1") <= 2) for c in range(256)):
        return ("Your function counts the 1 bits. Uniformity counts changes between "
                "neighbouring bits: a long run of ones is uniform, however many ones it holds.")
    if all(_changes(c) == 2 for c in wrong):
        return "Every code it gets wrong has exactly two changes: 'at most twice' includes two."
    if all(_changes(c) == 0 for c in wrong):
        return ("It is wrong only for codes whose bits are all equal: no change at all is "
                "'at most twice' as well.")
    return ("Count the changes for that code by hand, bit by bit around the circle, and "
            "compare with what your function computes for it.")


def _check_uniform(is_uniform) -> None:
    answers = {}
    for code in range(256):
        got = call_answer(is_uniform, code, what=f"is_uniform({code})")
        if not isinstance(got, (bool, np.bool_)):
            raise Incorrect(f"is_uniform({code}) should return True or False, got {got!r}.")
        answers[code] = bool(got)
    wrong = [c for c in range(256) if answers[c] != reference_is_uniform(c)]
    if wrong:
        example = wrong[0]
        raise Incorrect(f"is_uniform is right for {256 - len(wrong)} of the 256 codes and wrong "
                        f"for {len(wrong)}, for example {example} = {example:08b}: read around "
                        f"the circle its bits change {_changes(example)} times, so it "
                        f"{'is' if reference_is_uniform(example) else 'is not'} uniform, and "
                        f"your function returned {answers[example]}. "
                        + _diagnose(wrong, answers))


q4 = Exercise(
    name="q4",
    prompt="Write `is_uniform(code)`: True when the 8 bits of `code`, read around the circle, "
           "change between 0 and 1 at most twice.",
    names=("is_uniform",),
    checker=_check_uniform,
    hints=("Walk around the 8 bits and count how often a bit differs from the next one; the "
           "last bit's 'next' is the first.",
           "Python's bit operators give the bits of an int: `>>` shifts them right and `&` "
           "masks them (or `format(code, '08b')` writes them as a string). The remainder "
           "operator `%` wraps an index past 7 back to 0."),
    kind="implement",
)


# --------------------------------------------------------------------------- q5: implement
def reference_histogram_image(img: np.ndarray) -> np.ndarray:
    hist = color_histograms(img[None])[0].astype(np.float32)
    out = cv2.resize(hist, (img.shape[1], img.shape[0]), interpolation=cv2.INTER_NEAREST)
    return out / out.max()


def _hidden_images() -> list[np.ndarray]:
    rng = hidden_rng("ch02.q5")
    noise = rng.integers(0, 256, (40, 56, 3), dtype=np.uint8)
    dark = rng.integers(0, 60, (64, 64, 3), dtype=np.uint8)
    return [noise, dark]


def _nearby(n_in: int, n_out: int, slack: float) -> list[np.ndarray]:
    """For each of ``n_out`` output positions, the input indices a nearest-neighbour resize
    may copy: libraries differ in where they put pixel centres (OpenCV's INTER_NEAREST,
    its INTER_NEAREST_EXACT, PIL, TensorFlow, skimage, corner-aligned indexing), so allow
    every index within ``slack`` (plus half a step when shrinking) of the centre-aligned one."""
    scale = n_in / n_out
    centre = (np.arange(n_out) + 0.5) * scale - 0.5
    reach = slack + 0.5 * max(scale, 1.0)
    return [np.flatnonzero(np.abs(np.arange(n_in) - x) <= reach) for x in centre]


def _row_channels(got: np.ndarray, hist: np.ndarray, scale: float) -> np.ndarray:
    """(H, 3) bool: True where output row i copies histogram row ``ch`` all along, each
    pixel an entry near its column, all divided by ``scale``; only channels near the row."""
    h, w = got.shape
    cols = _nearby(hist.shape[1], w, 0.5)
    width = max(len(c) for c in cols)
    index = np.array([np.pad(c, (0, width - len(c)), mode="edge") for c in cols])  # (W, k)
    entries = hist[:, index]  # (3, W, k): the entries each column may copy, per channel
    gap = np.abs(entries[:, None] - got[None, :, :, None] * scale).min(axis=-1)  # (3, H, W)
    fits = np.all(gap <= 1e-5 * scale + 1e-12, axis=-1).T  # (H, 3)
    near = np.zeros_like(fits)
    for i, r in enumerate(_nearby(hist.shape[0], h, 0.5)):
        near[i, r] = True
    return fits & near


def _bands_in_order(fits: np.ndarray) -> bool:
    """True when the rows split into three bands, top to bottom, that copy R, G and B,
    each at least a sixth of the height (libraries place the band edges differently, a
    corner-aligned resize gives the outer bands a quarter; none drops a band)."""
    h = len(fits)
    least = max(1, h // 6)
    done = np.vstack([np.zeros((1, 3), int), np.cumsum(fits, axis=0)])  # rows fitting, so far
    for b1 in range(least, h - 2 * least + 1):
        if done[b1, 0] < b1:
            continue
        for b2 in range(b1 + least, h - least + 1):
            if done[b2, 1] - done[b1, 1] == b2 - b1 and done[h, 2] - done[b2, 2] == h - b2:
                return True
    return False


def _nearest_neighbour_like(got: np.ndarray, hist: np.ndarray) -> bool:
    """True when ``got`` is the histogram resized: three bands of rows in order R, G, B,
    each row copying its channel's entries near each column (nearest neighbour), all divided
    by one common maximum (the largest entry the resize happened to copy)."""
    h, w = got.shape
    rows, cols = _nearby(hist.shape[0], h, 0.5), _nearby(hist.shape[1], w, 0.5)
    top_row, top_col = np.unravel_index(np.argmax(got), got.shape)
    for scale in np.unique(hist[np.ix_(rows[top_row], cols[top_col])]):
        if scale > 0 and _bands_in_order(_row_channels(got, hist, float(scale))):
            return True
    return False


def _smoothed_nearest(img: np.ndarray) -> np.ndarray:
    """skimage's ``resize(hist, (H, W), order=0)``: on a float histogram it smooths before
    shrinking (``anti_aliasing`` defaults to True there), so its values mix nearby bins."""
    from skimage.transform import resize

    out = resize(color_histograms(img[None])[0], img.shape[:2], order=0)
    return out / out.max()


def _check_histogram_image(histogram_image) -> None:
    for img in _hidden_images():
        try:
            got = np.asarray(call_answer(histogram_image, img, what="histogram_image(img)"))
        except ValueError:  # ragged lists
            raise Incorrect("The result should be a rectangular array of numbers.") from None
        if got.shape != img.shape[:2]:
            raise Incorrect(f"For an image of shape {img.shape}, the result should have the "
                            f"image's height and width {img.shape[:2]}, got {got.shape}. "
                            "OpenCV gives sizes as (width, height).")
        if not np.issubdtype(got.dtype, np.number) or not np.all(np.isfinite(got)):
            raise Incorrect("The result should be an array of finite numbers.")
        got = got.astype(np.float64)
        if not np.isclose(got.max(), 1.0):
            raise Incorrect(f"Scale the result so that its largest value is 1 "
                            f"(it is {got.max():.3g}).")
        hist = color_histograms(img[None])[0].astype(np.float64)
        if _nearest_neighbour_like(got, hist):
            continue
        if np.allclose(got, _smoothed_nearest(img), atol=1e-5):
            continue  # skimage's resize(order=0) with its default anti-aliasing
        raise Incorrect("Right shape and scale, but the values do not come from the histogram "
                        "at their places: the 3 histogram rows should fill the image top to "
                        "bottom (R, G, B) and the 256 bins left to right, each output pixel "
                        "copying the entry it falls on (nearest neighbour: OpenCV's "
                        "`cv2.INTER_NEAREST`, skimage's `order=0`, PIL's `NEAREST` or "
                        "TensorFlow's `method=\"nearest\"` all do).")


q5 = Exercise(
    name="q5",
    prompt="Write `histogram_image(img)`: the image's (3, 256) colour histogram resized to the "
           "image's height and width (nearest neighbour: OpenCV's, skimage's, PIL's or "
           "TensorFlow's all pass), its rows R, G, B from top to bottom and its bins from left "
           "to right, scaled so its maximum is 1. For an image of shape (H, W, 3) it returns "
           "a float array of shape (H, W).",
    names=("histogram_image",),
    checker=_check_histogram_image,
    hints=("Three rows of 256 numbers become an image of the face's size by resizing: each "
           "row covers a band of rows, and the bins spread over the columns (in an image "
           "narrower than 256 pixels, each column keeps one bin and the bins between drop out).",
           "Nearest-neighbour resizing invents no new values: every output pixel copies the "
           "histogram entry it falls on, so each of the 3 rows becomes a band of rows and the "
           "bins are spread over (or thinned to) the columns. The course's histogram function "
           "works on batches, so give it a batch of one image. OpenCV's resize function "
           "wants the target size in (width, height) order, the reverse of an array's "
           "shape, and has a flag that chooses nearest-neighbour interpolation. 'Maximum 1' "
           "means dividing by the largest value."),
    kind="implement",
)


# --------------------------------------------------------------------------- q6: explain (choice)
q6 = choice(
    name="q6",
    prompt="Shuffle a face's pixels at random. What happens to `histogram_image` and to the "
           "back-projection heatmap? Set `q6_answer`.",
    variable="q6_answer",
    options={"a": "both stay exactly the same: both are computed from colour counts alone",
             "b": "histogram_image stays the same; the heatmap's values change, since a colour "
                  "is common only where it forms a patch",
             "c": "both stay the same, except the heatmap at pixels whose colour lies on the "
                  "edge of a quantisation bin",
             "d": "histogram_image stays the same; the heatmap's values move with pixels"},
    answer="d",
    feedback={"a": "Half right: histogram_image is built from counts alone and stays the same. "
                   "The heatmap is built from counts too, but it holds one value per "
                   "pixel: take the pixel at row 0, column 0 before the shuffle, say which "
                   "colour's count it holds, and ask which colour's count that place holds "
                   "after the shuffle.",
              "b": "Reread `histogram_heatmap_reference`: over how many pixels does "
                   "`np.bincount` count a colour, a patch around each pixel or the whole "
                   "image? Then ask whether shuffling changes any of those counts.",
              "c": "Quantisation looks at one pixel's own colour, never at its neighbours, so "
                   "no pixel changes bin. Then ask what the heatmap holds at a given place "
                   "before and after the shuffle."},
    hints=("Does a histogram know *where* each colour was in the image? Does the heatmap?",
           "The heatmap gives each pixel the count of its own colour; the histogram image is "
           "built from counts alone."),
)
