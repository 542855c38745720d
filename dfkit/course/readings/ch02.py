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


def _ninth_name(i: int, j: int) -> str:
    return "centre" if (i, j) == (1, 1) else f"{GRID_ROWS[i]} {GRID_COLUMNS[j]}"


def _ninths(shape: tuple[int, ...]):
    """The 3 × 3 grid of a map: (name, row indices, column indices) per ninth."""
    rows = np.array_split(np.arange(shape[0]), 3)
    cols = np.array_split(np.arange(shape[1]), 3)
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            yield _ninth_name(i, j), r, c


def region_of_largest_gap(difference: np.ndarray) -> tuple[str, float, float]:
    """The ninth of the map (a 3 × 3 grid) where ``|difference|`` is largest on
    average: its name ("upper left", "centre"...), its mean ``|difference|`` and its
    mean signed difference."""
    best = None
    for name, r, c in _ninths(difference.shape):
        block = difference[np.ix_(r, c)]
        gap = float(np.abs(block).mean())
        if best is None or gap > best[1]:
            best = (name, gap, float(block.mean()))
    assert best is not None
    return best


def _where_beyond(difference: np.ndarray, limit: float) -> tuple[int, str, str]:
    """The pixels where ``|difference|`` exceeds ``limit``: how many, the ninth that
    holds most of them, and which way the fakes' code differs there."""
    beyond = np.abs(difference) > limit
    name, r, c = max(_ninths(difference.shape),
                     key=lambda ninth: int(beyond[np.ix_(ninth[1], ninth[2])].sum()))
    signs = np.sign(difference[np.ix_(r, c)][beyond[np.ix_(r, c)]])
    higher = float((signs > 0).mean())
    way = ("higher" if higher >= 0.8 else "lower" if higher <= 0.2
           else "higher in some pixels and lower in others")
    return int(beyond.sum()), name, way


def lbp_map_reading(difference: np.ndarray, noise_means: list[float],
                    noise_peaks: list[float]) -> str:
    """How far the average fake and real LBP maps (``difference``: fake minus real,
    codes / 255) lie apart, on average and at their largest, against two random
    halves of the real images (each split's mean and largest ``|half A - half B|``);
    where they differ beyond every split's largest gap, if anywhere."""
    gap, peak = float(np.abs(difference).mean()), float(np.abs(difference).max())
    low, high = min(noise_means), max(noise_means)
    peak_low, peak_high = min(noise_peaks), max(noise_peaks)
    opening = (f"In this run the average fake and real LBP maps differ by {gap:.3f} "
               f"of the code range per pixel on average and by {peak:.3f} at most "
               "(printed above); the average maps of two random halves of the real "
               f"images, over the same {len(noise_means)} splits as the colour "
               f"histograms', differ by {low:.3f} to {high:.3f} on average and by "
               f"{peak_low:.3f} to {peak_high:.3f} at most.")
    lenient = ("Each half holds half as many images as a class, so the halves are a "
               "lenient reference")
    if gap > high:
        region, region_gap, region_mean = region_of_largest_gap(difference)
        if abs(region_mean) < region_gap / 2:
            sign = "higher in some pixels and lower in others"
        else:
            direction = "higher" if region_mean > 0 else "lower"
            sign = f"{direction} by {abs(region_mean):.3f}"
        return (f"{opening} The class gap lies above every split's on average: the "
                "fakes' texture differs from the real faces' by more than sampling "
                f"noise. It is largest in the {region} ninth of the crop "
                f"({region_gap:.3f} per pixel), where the average fake code is {sign}. "
                "A difference of that size in the average code still says nothing "
                "about single faces, which overlap heavily (chapter 01).")
    where = "within" if gap >= low else "below"
    if peak <= peak_high:
        return (f"{opening} Both lie within or below the halves' ranges: the "
                "difference panel shows no more than two halves of the real images "
                "do, so its pattern may be sampling noise, painted in strong colours by "
                f"a scale that stretches to the largest difference. {lenient}: a small "
                "texture difference between the classes could still hide in it, but "
                "this run cannot tell it from noise.")
    count, region, way = _where_beyond(difference, peak_high)
    return (f"{opening} On average the class gap lies {where} the halves' range, so "
            "over most of the crop the classes differ no more than sampling noise; but "
            f"its largest differences exceed every split's largest: {count} pixels lie "
            f"beyond {peak_high:.3f}, most of them in the {region} ninth of the crop, "
            f"where the average fake code is {way}. The difference is local: a "
            "texture difference at a few places of the face, not across it. It is "
            "a difference of averages, which says nothing yet about single faces "
            "(chapter 01).")


def edge_density_reading(fake_mean: float, real_mean: float,
                         noise_gaps: list[float]) -> str:
    """Whether the fakes have fewer edges on average than the real images
    (mean edge density per class), against the gaps between the mean edge densities
    of two random halves of the real images (``noise_gaps``, each ``|A - B|``)."""
    gap, noise = fake_mean - real_mean, max(noise_gaps)
    numbers = (f"The fakes' mean edge density is {fake_mean:.3f}, the real images' "
               f"{real_mean:.3f}; two random halves of the real images (the same "
               f"{len(noise_gaps)} splits) differ by up to {noise:.3f}.")
    if abs(gap) <= noise:
        return (f"{numbers} The class gap is no larger than that: this run does not "
                "show the fakes to have fewer edges than the real images.")
    if gap > 0:
        return (f"{numbers} The fakes have *more* edges on average, beyond the "
                "halves' gaps: this run contradicts the expectation that the blurred "
                "fakes have fewer.")
    hedge = (" It is less than twice the halves' largest gap, so read it as a hint, "
             "not a settled difference." if -gap < 2 * noise else "")
    share = f" ({-gap / real_mean:.0%} of the real images' density)" if real_mean else ""
    return (f"{numbers} The fakes have fewer edges on average, by {-gap:.3f}"
            f"{share}, more than any "
            f"split of the real images differs, as the blur the generator builds in "
            f"predicts.{hedge} Single images of the two classes "
            "still overlap (chapter 01).")
