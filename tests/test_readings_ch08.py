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


def test_column_change_drops_and_rises():
    assert ch08.column_change("gan", 0.9, 0.8) == (
        "the gan column drops by 0.100 off its diagonal (0.900 seen, 0.800 unseen)")
    assert "the gan column rises by 0.050" in ch08.column_change("gan", 0.75, 0.8)


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
    ({"faceswap": 0.1, "gan": -0.2},
     "does not show the drop the literature reports: the gan column rises by more",
     "only part"),
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
    text = ch08.unseen_family_reading(seen, unseen, 0.02, 3, 0.0283, 0.4)
    assert text.startswith("In this run the faceswap column drops by 0.200 off its "
                           "diagonal (0.900 seen, 0.700 unseen); the gan column drops "
                           "by 0.050")
    assert "across the ablation's 3 seeds with a standard deviation of 0.020" in text
    assert "varies by about 0.028" in text
    assert ("Taking twice that, 0.057, as the bar (about two standard deviations of "
            "a difference: a rough 95% bar): every column drops, as the") in text
    assert "only the faceswap column drops by more than that" in text
    assert text.endswith("seed noise.")
    assert "The bar is larger" not in text


def test_unseen_family_reading_adds_the_bar_out_of_reach():
    seen, unseen = {"faceswap": 0.6, "gan": 0.62}, {"faceswap": 0.58, "gan": 0.6}
    text = ch08.unseen_family_reading(seen, unseen, 0.1, 2, 0.1414, 0.12)
    assert ". The bar is larger than even a fall from the best diagonal cell to " \
           "chance (0.120)" in text
    assert text.endswith("cannot test the literature's claim.")


def test_an_unreachable_bar_is_said_once():
    """When no possible drop can clear the bar, the reading does not also quote the
    smallest drop one seed per cell could show."""
    seen, unseen = {"faceswap": 0.635, "gan": 0.892}, {"faceswap": 0.752, "gan": 0.802}
    text = ch08.unseen_family_reading(seen, unseen, 0.160, 3, 0.226, 0.392)
    assert "could show only a drop of more than" not in text
    assert "no possible drop could clear it" in text
    assert "This yardstick" not in text  # no other input's SD given


def test_a_yardstick_resting_on_one_odd_run():
    """The laptop run: RGB's SD, 10 times the stack's, comes from one odd seed."""
    seen, unseen = {"faceswap": 0.635, "gan": 0.892}, {"faceswap": 0.752, "gan": 0.802}
    text = ch08.unseen_family_reading(seen, unseen, 0.160, 3, 0.226, 0.392, 0.016)
    assert ("This yardstick rests on RGB's odd run: the two inputs' seeds spread "
            "very differently (SD 0.160 on RGB, 0.016 on the stack" in text)
    assert "With the stack's SD the bar would be 0.045, and against it" in text
    assert "the faceswap column rises by more than that" in text
    assert text.endswith("would settle it.")
    alike = ch08.unseen_family_reading(seen, unseen, 0.160, 3, 0.226, 0.392, 0.1)
    assert "This yardstick" not in alike


def test_other_yardstick_branches():
    drops = {"faceswap": 0.05, "gan": 0.02}
    assert ch08.other_yardstick(drops, 0.02, 0.03, 0.4) == ""
    missed = ch08.other_yardstick(drops, 0.01, 0.2, 0.4)
    assert "misses the stack's odd run" in missed
    assert "bar would be 0.566, still beyond any possible drop" in missed


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
    assert ("beats every run of Model 1: FFT spectrum reaches 0.908, above Model 1's "
            "best single run (0.600) and its best mean (0.567)" in text)
    assert "within its seed spread" not in text
    assert "Model 1 saw 224 faces for at most 2 epochs" in text


def test_linear_model_within_the_seed_spread():
    """The laptop run: one odd RGB seed pulls the mean below a linear model that
    RGB's best seed still beats."""
    aucs = pd.Series({"FFT spectrum": 0.943, "trio": 0.8})
    model_1 = _model_1([0.915, 0.659, 0.953], [0.856, 0.848, 0.825])
    text = ch08.linear_beats_cnn(model_1, aucs, 840, 10)
    assert text is not None
    assert ("FFT spectrum reaches 0.943: above Model 1's best mean ROC-AUC (0.843) "
            "but within its seed spread (its runs scored 0.659 to 0.953 on rgb and "
            "0.825 to 0.856 on stack (all 6)), so this run does not show" in text)
    assert "On stack (all 6) alone it is above every run." in text
    assert "beats every run" not in text
    wide = ch08.linear_beats_cnn(_model_1([0.6, 0.95, 0.7], [0.6, 0.96, 0.7]),
                                 aucs, 840, 10)
    assert wide is not None and "alone it is above" not in wide
