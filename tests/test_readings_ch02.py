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
    assert "within their range" in ch02.colour_similarity_reading(0.99, 0.98, 0.99)


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


@pytest.mark.parametrize("gap, where", [(0.02, "within"), (0.005, "below")])
def test_lbp_gap_inside_or_below_the_halves_is_hedged(gap, where):
    difference = np.full((6, 6), gap)
    difference[0, 0] = 0.14  # the largest gap, within the halves' largest
    text = ch02.lbp_map_reading(difference, NOISE_MEANS, NOISE_PEAKS)
    assert "and by 0.140 at most" in text
    assert "differ by 0.010 to 0.030 on average and by 0.100 to 0.150 at most" in text
    assert "over the same 3 splits" in text
    assert "Both lie within or below the halves' ranges" in text
    assert "may be sampling noise" in text
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
    assert "its largest differences exceed every split's largest" in text
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
