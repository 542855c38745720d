"""Chapter 02's readings: this run's face, its brightening and its class averages.

Each function takes numbers the chapter computed in plain sight and returns the Markdown
sentence that reads them; the branches (which sentence holds) are tested in
``tests/test_readings_ch02.py``.
"""

from __future__ import annotations

import numpy as np

GRID_ROWS = ("upper", "middle", "lower")
GRID_COLUMNS = ("left", "centre", "right")


def followed_face(label: int) -> str:
    """Which class the chapter's example face (``images[0]``) is, with its label."""
    kind = "fake" if label else "real"
    return (f"The face this chapter follows, `images[0]`, is a **{kind}** training "
            f"image (label {int(label)}; 0 = real, 1 = fake).")


def brightening_reading(brightest: int, clipped: int, n_pixels: int,
                        changed_share: float) -> str:
    """Whether adding 40 clipped any pixel (what can break LBP's indifference to
    it), and the share of codes brightening changed."""
    if clipped:
        clip_text = (f"reach {brightest}, so adding 40 clipped {clipped} of its "
                     f"{n_pixels} pixels at 255")
    else:
        clip_text = (f"reach only {brightest}, so adding 40 clipped no pixel (the "
                     f"brightest becomes {brightest + 40})")
    return (f"This face's grey levels {clip_text}; brightening changed "
            f"{changed_share:.1%} of its LBP codes.")


def colour_similarity_reading(similarity: float, low_noise: float,
                              high_noise: float) -> str:
    """Where the real-vs-fake cosine of the average colour histograms lies against the
    cosines of two random halves of the real images (the sampling-noise reference)."""
    if similarity < low_noise:
        verdict = ("below every one of them: the two classes' average colours "
                   "differ by more than the sampling noise of the real images alone")
    elif similarity <= high_noise:
        verdict = ("within their range: the two classes' average colour histograms "
                   "differ, as a whole, no more than two halves of the real images "
                   "do. One cosine summarises all 768 bins, so it can hide a "
                   "difference in a few of them (look at the spikes at 0 and 255 in "
                   "the figure): compare those bins across halves too before calling "
                   "the difference noise")
    else:
        verdict = ("above all of them: the two classes' average colour histograms are "
                   "as alike as two halves of the real images, or more")
    return (f"The real-vs-fake cosine, {similarity:.3f}, lies {verdict}. Each "
            "half holds half as many images as a class, so its average is noisier than "
            "a class's: the halves are a lenient reference, and a cosine below their "
            "range would be a clear difference.")


def region_of_largest_gap(difference: np.ndarray) -> tuple[str, float, float]:
    """The ninth of the map (a 3 × 3 grid) where ``|difference|`` is largest on
    average: its name ("upper left", "centre"...), its mean ``|difference|`` and its
    mean signed difference."""
    rows = np.array_split(np.arange(difference.shape[0]), 3)
    cols = np.array_split(np.arange(difference.shape[1]), 3)
    best = None
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            block = difference[np.ix_(r, c)]
            gap = float(np.abs(block).mean())
            if best is None or gap > best[1]:
                name = f"{GRID_ROWS[i]} {GRID_COLUMNS[j]}"
                if (i, j) == (1, 1):
                    name = "centre"
                best = (name, gap, float(block.mean()))
    assert best is not None
    return best


def lbp_map_reading(difference: np.ndarray, noise_gaps: list[float]) -> str:
    """How far the average fake and real LBP maps (``difference``: fake minus real,
    codes / 255) lie apart per pixel, against two random halves of the real images
    (``noise_gaps``: each split's mean ``|half A - half B|``); where they differ
    most, if beyond that noise."""
    gap = float(np.abs(difference).mean())
    low, high = min(noise_gaps), max(noise_gaps)
    opening = (f"In this run the average fake and real LBP maps differ by "
               f"{gap:.3f} of the code range per pixel on average (the mean "
               "printed above); the average maps of two random halves of the real "
               f"images, over the same {len(noise_gaps)} splits as the colour "
               f"histograms', differ by {low:.3f} to {high:.3f}.")
    if gap <= high:
        where = "within" if gap >= low else "below"
        return (f"{opening} The class gap lies {where} that range: the difference "
                "panel shows no more than two halves of the real images do, so its "
                "pattern may be sampling noise, painted in strong colours by a scale "
                "that stretches to the largest difference. Each half holds half as "
                "many images as a class, so the halves are a lenient reference: a "
                "small texture difference between the classes could still hide in "
                "it, but this run cannot tell it from noise.")
    region, region_gap, region_mean = region_of_largest_gap(difference)
    if abs(region_mean) < region_gap / 2:
        sign = "higher in some pixels and lower in others"
    else:
        direction = "higher" if region_mean > 0 else "lower"
        sign = f"{direction} by {abs(region_mean):.3f}"
    return (f"{opening} The class gap lies above every split's: on average the "
            "fakes' texture differs from the real faces' by more than sampling "
            f"noise. It is largest in the {region} ninth of the crop "
            f"({region_gap:.3f} per pixel), where the average fake code is {sign}. "
            "A difference of that size in the average code still says nothing "
            "about single faces, which overlap heavily (chapter 01).")
