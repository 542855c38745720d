"""Chapter 02's readings, branch by branch, on made-up numbers."""

from __future__ import annotations

import numpy as np
import pytest

from dfkit.course.readings import ch02


@pytest.mark.parametrize("label, kind",
                         [(0, "real"), (1, "fake"), (np.int64(1), "fake")])
def test_followed_face_names_the_class_and_the_label(label, kind):
    text = ch02.followed_face(label)
    assert f"**{kind}**" in text
    assert f"(label {int(label)};" in text


def test_brightening_that_clips_counts_the_clipped_pixels():
    text = ch02.brightening_reading(251, 12, 4096, 0.00345)
    assert "reach 251, so adding 40 clipped 12 of its 4096 pixels at 255" in text
    assert "changed 0.3% of its LBP codes" in text


def test_brightening_that_clips_nothing_says_how_bright_the_brightest_gets():
    text = ch02.brightening_reading(180, 0, 4096, 0.0)
    assert "reach only 180, so adding 40 clipped no pixel" in text
    assert "(the brightest becomes 220)" in text
    assert "changed 0.0% of its LBP codes" in text


PLACES = ("below every one of them", "within their range", "above all of them")


@pytest.mark.parametrize("similarity, place", [
    (0.9712, PLACES[0]), (0.9850, PLACES[1]), (0.9990, PLACES[2])])
def test_colour_similarity_against_the_halves(similarity, place):
    text = ch02.colour_similarity_reading(similarity, 0.98, 0.99)
    assert f"The real-vs-fake cosine, {similarity:.3f}, lies {place}" in text
    assert [p for p in PLACES if p in text] == [place]


def test_colour_similarity_at_the_top_of_the_range_is_within_it():
    text = ch02.colour_similarity_reading(0.99, 0.98, 0.99)
    assert "within their range" in text
    assert "spikes at 0 and 255 in the figure (compared across the halves next)" in text


REAL_ENDS = np.array([[0.0016, 0.0119], [0.0028, 0.0027], [0.0085, 0.0020]])


def test_end_bins_reading_names_the_bins_beyond_every_split():
    fake = np.array([[0.0013, 0.0064], [0.0012, 0.0022], [0.0055, 0.0019]])
    noise = np.full((3, 2), 0.0012)
    text = ch02.end_bins_reading(fake, REAL_ENDS, noise)
    assert text.startswith("The spikes at 0 and 255 are clipped pixels")
    assert "In 3 of the six end bins the class gap exceeds every split's" in text
    assert "red at 255: 0.64% of the fakes' pixels against 1.19% of the real images' " \
           "(halves up to 0.12%)" in text
    assert "green at 0: 0.12%" in text and "blue at 0: 0.55%" in text
    assert "green at 255" not in text
    assert "the fakes have fewer clipped pixels there" in text


def test_end_bins_reading_more_or_mixed_in_fakes():
    noise = np.full((3, 2), 0.0005)
    more = ch02.end_bins_reading(REAL_ENDS + np.array([[0, 0.002], [0, 0], [0, 0]]),
                                 REAL_ENDS, noise)
    assert "In 1 of the six end bins" in more
    assert "the fakes have more clipped pixels there" in more
    mixed = ch02.end_bins_reading(REAL_ENDS + np.array([[0, 0.002], [0, 0], [-0.002, 0]]),
                                  REAL_ENDS, noise)
    assert "fewer clipped pixels in some and more in others" in mixed


def test_end_bins_within_the_halves_but_above_their_scaled_gap_are_not_called_noise():
    fake = REAL_ENDS + np.array([[0, -0.0055], [0, 0], [-0.0003, 0]])
    noise = np.full((3, 2), 0.0063)
    text = ch02.end_bins_reading(fake, REAL_ENDS, noise)
    assert "In none of the six end bins" in text
    assert "The nearest, red at 255, is 0.64% of the fakes' pixels against 1.19%" in text
    assert "up to 0.63%, about 0.45% scaled to a class's size" in text
    assert "above that scaled gap: fewer clipped pixels in the fakes there is possible, " \
           "not shown" in text
    assert "cannot tell" not in text


def test_end_bins_within_even_the_scaled_gap():
    fake = REAL_ENDS + np.array([[0, 0.001], [0, 0], [0, 0]])
    text = ch02.end_bins_reading(fake, REAL_ENDS, np.full((3, 2), 0.002))
    assert "The nearest, red at 255, is 1.29% of the fakes' pixels" in text
    assert "within even that: this run cannot tell the ends' difference" in text
    assert "possible, not shown" not in text


def _map_with_a_patch(row: slice, col: slice, value: float) -> np.ndarray:
    difference = np.full((9, 9), 0.001)
    difference[row, col] = value
    return difference


def test_region_of_largest_gap_names_the_ninth_and_its_sign():
    region, gap, mean = ch02.region_of_largest_gap(
        _map_with_a_patch(slice(6, 9), slice(0, 3), -0.05))
    assert region == "lower left"
    assert gap == pytest.approx(0.05)
    assert mean == pytest.approx(-0.05)
    region, _, _ = ch02.region_of_largest_gap(
        _map_with_a_patch(slice(3, 6), slice(3, 6), 0.04))
    assert region == "centre"


NOISE_MEANS, NOISE_PEAKS = [0.01, 0.03, 0.02], [0.10, 0.15, 0.12]


def test_lbp_reading_says_the_halves_are_lenient_and_scales_them():
    text = ch02.lbp_map_reading(np.full((6, 6), 0.02), NOISE_MEANS, NOISE_PEAKS)
    assert "about √2 times noisier than a class's" in text
    assert "their ranges are about 0.007 to 0.021 and 0.071 to 0.106." in text


@pytest.mark.parametrize("gap, where", [(0.025, "within"), (0.008, "below")])
def test_lbp_mean_gap_near_the_top_is_not_called_noise(gap, where):
    """0.025 lies above the scaled range (0.007 to 0.021), 0.008 inside it."""
    difference = np.full((6, 6), gap)
    difference[0, 0] = 0.05  # the largest gap, within even the scaled largest
    text = ch02.lbp_map_reading(difference, NOISE_MEANS, NOISE_PEAKS)
    assert "no more than sampling noise" not in text
    if gap > 0.03 / 2 ** 0.5:
        assert f"lies {where} the halves' range but above its scaled one" in text
        assert "a small texture difference across the crop is possible" in text
    else:
        assert f"lies {where} the halves' range and within its scaled one" in text
        assert "cannot tell it from sampling noise, nor rule out a small difference" in text


def test_lbp_mean_gap_below_even_the_scaled_range():
    difference = np.full((6, 6), 0.005)
    text = ch02.lbp_map_reading(difference, NOISE_MEANS, NOISE_PEAKS)
    assert "below even the halves' scaled range" in text


@pytest.mark.parametrize("peak, within_scaled", [(0.09, True), (0.14, False)])
def test_lbp_peak_within_the_halves_is_hedged(peak, within_scaled):
    difference = np.full((6, 6), 0.012)
    difference[0, 0] = peak
    text = ch02.lbp_map_reading(difference, NOISE_MEANS, NOISE_PEAKS)
    assert f"and by {peak:.3f} at most" in text
    assert "differ by 0.010 to 0.030 on average and by 0.100 to 0.150 at most" in text
    assert "over the same 3 splits" in text
    assert ("may be sampling noise" in text) == within_scaled
    assert ("a local difference is possible, not shown" in text) == (not within_scaled)
    assert "exceed every split's largest" not in text
    assert "above every split's" not in text


@pytest.mark.parametrize("mean_gap, where", [(0.02, "within"), (0.005, "below")])
def test_lbp_gap_noise_on_average_but_a_local_peak_beyond_every_split(mean_gap, where):
    difference = np.full((30, 30), mean_gap)
    difference[22:24, 12:17] = 0.2  # the mouth: lower centre
    difference[22, 12] = 0.221
    difference[0, 0] = -0.16  # one pixel elsewhere, the other way
    text = ch02.lbp_map_reading(difference, NOISE_MEANS, NOISE_PEAKS)
    assert "and by 0.221 at most" in text
    assert f"On average the class gap lies {where} the halves' range" in text
    assert "no more than sampling noise" not in text
    assert "But its largest differences exceed every split's largest, even unscaled" in text
    assert "11 pixels lie beyond 0.150, most of them in the lower centre ninth" in text
    assert "the average fake code is higher." in text
    assert "may be sampling noise" not in text


def test_lbp_local_peak_lower_or_mixed_in_fakes():
    difference = np.full((30, 30), 0.01)
    difference[0:2, 0:3] = -0.3
    text = ch02.lbp_map_reading(difference, NOISE_MEANS, NOISE_PEAKS)
    assert "most of them in the upper left ninth" in text
    assert "the average fake code is lower." in text
    difference[0:2, 0:3] = [[0.3, -0.3, 0.3], [-0.3, 0.3, -0.3]]
    text = ch02.lbp_map_reading(difference, NOISE_MEANS, NOISE_PEAKS)
    assert "higher in some pixels and lower in others" in text


def test_lbp_gap_above_the_halves_says_where_and_which_way():
    difference = _map_with_a_patch(slice(0, 3), slice(6, 9), 0.167)
    text = ch02.lbp_map_reading(difference, [0.004, 0.006], [0.05, 0.06])
    assert "The class gap lies above every split's on average" in text
    assert "largest in the upper right ninth of the crop (0.167 per pixel)" in text
    assert "the average fake code is higher by 0.167" in text
    assert "sampling noise, painted" not in text


def test_lbp_gap_above_the_halves_lower_in_fakes():
    difference = _map_with_a_patch(slice(3, 6), slice(0, 3), -0.083)
    text = ch02.lbp_map_reading(difference, [0.004, 0.006], [0.05, 0.06])
    assert "middle left ninth" in text
    assert "the average fake code is lower by 0.083" in text


def test_lbp_gap_of_mixed_sign_says_so():
    difference = _map_with_a_patch(slice(6, 9), slice(3, 6), 0.0)
    difference[6:9, 3:6] = [[0.1, -0.1, 0.1], [-0.1, 0.1, -0.1], [0.1, -0.1, 0.1]]
    text = ch02.lbp_map_reading(difference, [0.004, 0.006], [0.05, 0.06])
    assert "lower centre ninth of the crop (0.100 per pixel)" in text
    assert "higher in some pixels and lower in others" in text


EDGE_NOISE = [0.002, 0.004]


def test_edge_density_fakes_clearly_fewer():
    text = ch02.edge_density_reading(0.064, 0.077, EDGE_NOISE)
    assert "The fakes' mean edge density is 0.064, the real images' 0.077" in text
    assert "differ by up to 0.004" in text
    assert "fewer edges on average, by 0.013 (17% of the real images' density)" in text
    assert "a hint" not in text


def test_edge_density_fakes_fewer_but_close_to_noise_is_hedged():
    text = ch02.edge_density_reading(0.071, 0.077, EDGE_NOISE)
    assert "fewer edges on average, by 0.006" in text
    assert "read it as a hint, not a settled difference" in text


def test_edge_density_within_the_halves_shows_nothing():
    text = ch02.edge_density_reading(0.075, 0.077, EDGE_NOISE)
    assert "does not show the fakes to have fewer edges" in text
    assert "fewer edges on average" not in text


def test_edge_density_fakes_with_more_edges_contradict_the_claim():
    text = ch02.edge_density_reading(0.090, 0.077, EDGE_NOISE)
    assert "*more* edges on average" in text
    assert "contradicts" in text


def test_edge_density_with_no_real_edges_does_not_divide_by_zero():
    text = ch02.edge_density_reading(0.0, 0.0, [0.0])
    assert "does not show" in text
