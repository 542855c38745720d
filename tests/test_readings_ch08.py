"""Chapter 08's readings, branch by branch, on made-up numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from dfkit.course.readings import ch08


def test_full_ablation_pace_in_minutes_or_under_one():
    text = ch08.full_ablation_pace(10, 12.6)
    assert "(10 runs, every input) would take about 13 min here" in text
    short = ch08.full_ablation_pace(10, 0.4)
    assert "would take under a minute here" in short
    assert "0 min" not in short


VERDICTS = ("pairing helped here", "pairing helped little here", "pairing did not help")


@pytest.mark.parametrize("paired_sd, verdict", [
    (0.004, VERDICTS[0]), (0.009, VERDICTS[1]), (0.011, VERDICTS[2])])
def test_pairing_verdict(paired_sd, verdict):
    text = ch08.pairing_verdict(0.008, 0.006, paired_sd, 0.010)
    assert [v for v in VERDICTS if v in text] == [verdict]
    assert "deviation of 0.008 on RGB and 0.006 on the stack" in text
    assert f"the paired differences have {paired_sd:.3f}" in text
    assert "vary by about 0.010" in text
    assert ("Pairing can even widen the spread" in text) == (paired_sd > 0.010)


def _per_seed(rgb: list[float], stack: list[float]) -> pd.DataFrame:
    index = pd.Index(range(len(rgb)), name="seed")
    return pd.DataFrame({"rgb": rgb, "stack (all 6)": stack}, index=index)


def test_no_odd_run_when_the_spreads_are_alike():
    per_seed = _per_seed([0.60, 0.61, 0.62], [0.61, 0.62, 0.64])
    assert ch08.odd_run_reading(per_seed) is None


def test_odd_run_names_the_seed_that_went_its_own_way():
    text = ch08.odd_run_reading(_per_seed([0.60, 0.601, 0.602], [0.61, 0.45, 0.612]))
    assert text is not None
    assert "stack (all 6) 0.093 against 0.001 for rgb" in text
    assert "Its seed 1 scored 0.450, the rest 0.610, 0.612" in text
    assert "a run that went its own way" in text


def test_with_two_seeds_no_run_is_called_the_odd_one():
    text = ch08.odd_run_reading(_per_seed([0.478, 0.504], [0.600, 0.601]))
    assert text is not None
    assert "rgb 0.018 against 0.001 for stack (all 6)" in text
    assert "Its 2 seeds scored 0.478 and 0.504" in text
    assert "neither run stands out" in text
    assert "went its own way" not in text


@pytest.mark.parametrize("low, high", [(-0.05, 0.05), (0.01, 0.40), (-0.40, -0.01)])
def test_narrow_or_one_sided_intervals_need_no_warning(low, high):
    assert ch08.wide_interval_reading(low, high) is None


def test_a_wide_interval_around_zero_is_uninformative():
    text = ch08.wide_interval_reading(-0.167, 0.2)
    assert text is not None
    assert "from -0.167 to 0.200, is 0.37 wide" in text
    assert "uninformative about the stack" in text


def test_near_chance_caveat():
    assert ch08.near_chance_caveat(0.61) is None
    text = ch08.near_chance_caveat(0.567)
    assert text is not None and "(the best mean ROC-AUC is 0.567)" in text


def test_one_answer_caveat():
    assert ch08.one_answer_caveat(pd.Series([0.5, 0.52])) is None
    text = ch08.one_answer_caveat(pd.Series([0.5, 0.5]))
    assert text is not None and "Every run's balanced accuracy is exactly 0.5" in text


def test_matrix_near_chance():
    assert ch08.matrix_near_chance(0.6) is None
    text = ch08.matrix_near_chance(0.584)
    assert text is not None and "(the highest is 0.584)" in text


def test_column_change_gives_the_direction_not_q3s_answer():
    assert ch08.column_change("gan", 0.9, 0.8) == "the gan column drops off its diagonal"
    assert ch08.column_change("gan", 0.75, 0.8) == "the gan column rises off its diagonal"
    assert "0.05" not in ch08.column_change("gan", 0.75, 0.8)


def test_poor_training_only_for_columns_that_rise():
    assert ch08.poor_training([]) == ""
    text = ch08.poor_training(["faceswap"])
    assert "The model trained on faceswap scores it lower" in text
    assert "may simply have trained poorly" in text


def test_training_sizes_equal_or_not():
    assert "on 630 faces each (real faces plus one family), against the 840" in (
        ch08.training_sizes({"faceswap": 630, "gan": 630}, 840))
    assert "on 600 (faceswap) and 630 (gan) faces" in ch08.training_sizes(
        {"faceswap": 600, "gan": 630}, 840)


def test_sd_roughness_from_the_chi_square_interval():
    assert "from about 0.5 to 6 times it" in ch08.sd_roughness(3)
    assert "from about 0.4 to 32 times it" in ch08.sd_roughness(2)


def test_spectrum_reading_finds_each_deficit():
    import numpy as np

    real = np.zeros((4, 32)) + np.linspace(3, 1, 32)
    real[:, 0] = 0
    gan = real.copy()
    gan[:, 10:] -= np.r_[np.linspace(0, 1, 6), np.linspace(1, 0.4, 16)]
    swap = real + 0.1
    text = ch08.spectrum_reading({"real": real, "gan": gan, "faceswap": swap})
    assert text.startswith("Ring 0 is 0 for every face")
    assert "the gan faces fall furthest below the real ones at ring 15 (by 1.00; " \
           "by 0.40 at ring 31)" in text
    assert "the faceswap faces lie at or above the real ones at every ring" in text
    assert "above ring 16" in text


BAR = 0.05


@pytest.mark.parametrize("drops, words, absent", [
    ({"faceswap": 0.1, "gan": 0.2}, "every column drops by more than that",
     "cannot tell"),
    ({"faceswap": 0.01, "gan": 0.02},
     "but no drop exceeds that, so this run cannot tell the drops", "only"),
    ({"faceswap": 0.01, "gan": 0.2},
     "but only the gan column drops by more than that: this run cannot tell the "
     "other column's drop from seed noise", "no drop"),
    ({"a": 0.01, "b": 0.2, "c": 0.3},
     "but only the b and c columns drop by more than that: this run cannot tell the "
     "other column's drop", "no drop"),
    ({"a": 0.01, "b": 0.02, "c": 0.3},
     "only the c column drops by more than that: this run cannot tell the other "
     "columns' drops", "no drop"),
    ({"faceswap": 0.01, "gan": -0.2},
     "does not show the drop the literature reports: the gan column rises by more",
     "only part"),
    ({"faceswap": -0.117, "gan": 0.09},
     "the gan column drops by more than that, as the literature reports, and the "
     "faceswap column rises by more than that, the reverse: a mixed result",
     "does not show"),
    ({"faceswap": -0.1, "gan": -0.2},
     "the faceswap and gan columns rise by more than that", "only part"),
    ({"faceswap": 0.1, "gan": -0.02},
     "the faceswap column drops by more than that, while the gan column rises "
     "within it: only part", "does not show"),
    ({"faceswap": 0.01, "gan": -0.02},
     "no change exceeds that (a column even rises)", "only part"),
])
def test_drops_against_the_bar(drops, words, absent):
    text = ch08.drops_against_bar(drops, BAR)
    assert words in text
    assert absent not in text


def test_no_change_beyond_the_bar_quotes_the_smallest_drop_it_could_see():
    assert "a drop of more than 0.050" in ch08.drops_against_bar(
        {"faceswap": 0.01, "gan": -0.02}, BAR)
    assert "a drop of more than" not in ch08.drops_against_bar(
        {"faceswap": 0.01, "gan": -0.02}, BAR, reachable=False)


def test_bar_out_of_reach():
    drops = {"faceswap": 0.1, "gan": 0.05}
    assert ch08.bar_out_of_reach(0.2, 0.3, drops) == ""  # a drop could clear it
    assert ch08.bar_out_of_reach(0.2, 0.2, {"faceswap": 0.25}) == ""  # one did
    text = ch08.bar_out_of_reach(0.2, 0.167, drops)
    assert ("to chance (0.167): with this yardstick no possible drop could clear it"
            in text)
    below = ch08.bar_out_of_reach(0.2, -0.05, drops)
    assert "Every diagonal cell is at or below chance" in below
    assert "-0.050" not in below


def test_unseen_family_reading_assembles_columns_noise_and_verdict():
    seen, unseen = {"faceswap": 0.9, "gan": 0.8}, {"faceswap": 0.7, "gan": 0.75}
    text = ch08.unseen_family_reading(seen, unseen, 0.02, 3, 0.4)
    assert text.startswith("In this run the faceswap column drops off its diagonal and "
                           "the gan column drops off its diagonal (q3 asks by how much). "
                           "An SD from 3 seeds is itself rough")
    assert "0.200" not in text and "trained poorly" not in text
    assert "across the ablation's 3 seeds with a standard deviation of 0.020" in text
    # section 1's rule: Student's t for 3 seeds (4.30), not twice the noise
    assert "two single runs differ by about 0.028; 4.30 times that (Student's t for 3 " \
           "seeds, section 1's rule), 0.120, is the bar" in text
    assert "Against it: every column drops, as the" in text
    assert "only the faceswap column drops by more than that" in text
    assert text.endswith("seed noise.")
    assert "The bar is larger" not in text and "Yardstick 2" not in text


def test_unseen_family_reading_adds_the_bar_out_of_reach():
    seen, unseen = {"faceswap": 0.6, "gan": 0.62}, {"faceswap": 0.58, "gan": 0.6}
    text = ch08.unseen_family_reading(seen, unseen, 0.1, 2, 0.12)
    assert ". The bar is larger than even a fall from the best diagonal cell to " \
           "chance (0.120)" in text
    assert text.endswith("cannot test the literature's claim.")
    assert "could show only a drop of more than" not in text


LAPTOP = ({"faceswap": 0.635, "gan": 0.892}, {"faceswap": 0.752, "gan": 0.802})


def test_two_yardsticks_each_with_its_verdict():
    """The laptop run: RGB's seed SD is 10 times the stack's. Against RGB's the
    matrix can show nothing; against the stack's, with section 1's t for 3 seeds
    (a reader's catch: twice the noise let the gan drop of 0.090 clear a 0.046 bar),
    only the faceswap column's rise (0.117) clears the bar of 0.099."""
    text = ch08.unseen_family_reading(*LAPTOP, 0.160, 3, 0.392, 0.016)
    paragraphs = text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[1].startswith("**Yardstick 1: Model 1 on RGB.**")
    assert "the model trained on faceswap" in paragraphs[0].lower()
    assert "0.117" not in text and "0.090" not in text  # q3's answer
    assert "4.30 times that (Student's t for 3 seeds, section 1's rule), 0.972, is the " \
           "bar" in paragraphs[1]
    assert "no possible drop could clear it" in paragraphs[1]
    assert paragraphs[2].startswith("**Yardstick 2: Model 1 on the stack.**")
    assert "about 0.023; 4.30 times that" in paragraphs[2] and "0.099, is the bar" in \
        paragraphs[2]
    assert "the gan column drops by more than that" not in paragraphs[2]
    assert "the faceswap column rises by more than that" in paragraphs[2]
    assert "a mixed result" not in paragraphs[2]
    assert paragraphs[3].startswith("The two yardsticks give different verdicts, "
                                    "and 3 seeds cannot tell")
    assert "odd run" not in text


def test_two_yardsticks_that_agree_say_so():
    seen, unseen = {"faceswap": 0.9, "gan": 0.95}, {"faceswap": 0.6, "gan": 0.6}
    text = ch08.unseen_family_reading(seen, unseen, 0.04, 3, 0.45, 0.01)
    assert "Yardstick 2" in text
    assert text.endswith("Both yardsticks give the same verdict.")
    alike = ch08.unseen_family_reading(*LAPTOP, 0.160, 3, 0.392, 0.1)
    assert "Yardstick 2" not in alike


def _model_1(rgb: list[float], stack: list[float]) -> pd.DataFrame:
    return _per_seed(rgb, stack)


def test_linear_model_below_the_best_mean_says_nothing():
    aucs = pd.Series({"FFT spectrum": 0.908, "trio": 0.7})
    model_1 = _model_1([0.86, 0.87, 0.88], [0.85, 0.86, 0.87])
    assert ch08.linear_beats_cnn(model_1, aucs, 224, 2) is None


def test_linear_model_beats_every_run():
    aucs = pd.Series({"FFT spectrum": 0.908, "trio": 0.7})
    model_1 = _model_1([0.55, 0.57, 0.58], [0.50, 0.56, 0.60])
    text = ch08.linear_beats_cnn(model_1, aucs, 224, 2)
    assert text is not None
    assert 'The best linear baseline, the "FFT spectrum" row, reaches 0.908' in text
    assert text.count("above that interval: the linear model scores higher") == 2
    assert "beats 3 of its 3 runs" in text
    assert "Model 1 saw 224 faces for at most 2 epochs" in text


def test_one_verdict_per_input():
    """The laptop run: one odd RGB seed widens RGB's interval past the baseline,
    while the stack's narrow interval lies below it."""
    aucs = pd.Series({"FFT spectrum (32 numbers)": 0.943, "trio": 0.8})
    model_1 = _model_1([0.915, 0.659, 0.953], [0.856, 0.848, 0.825])
    text = ch08.linear_beats_cnn(model_1, aucs, 840, 10)
    assert text is not None
    assert ("Model 1 on rgb scored a mean of 0.842 ± 0.397; the baseline beats 2 of "
            "its 3 runs and lies inside that interval: no evidence either way" in text)
    assert ("Model 1 on stack (all 6) scored a mean of 0.843 ± 0.040; the baseline "
            "beats 3 of its 3 runs and lies above that interval" in text)
    assert "With 3 seeds each interval rests on a rough SD" in text
    assert ch08.linear_beats_cnn(_model_1([0.98, 0.97, 0.99], [0.6, 0.61, 0.62]),
                                 pd.Series({"fft": 0.7}), 840, 10) is None
