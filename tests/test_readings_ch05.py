"""readings.ch05 on made-up numbers: each branch of the search sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from dfkit.course.readings import ch05

HEADLINE = pd.DataFrame({"objective val_recall": {"recall": 1.0, "specificity": 0.125},
                         "objective val_auc": {"recall": 0.8333, "specificity": 0.7}})


def test_searches_that_kept_the_same_trial():
    said = ch05.searches_reading(HEADLINE, n_distinct=3, n_each=3, same_trial=True)
    assert "trained 3 distinct trials between them, 3 each" in said
    assert "found 1.000 of the fakes and kept 0.125 of the real faces" in said
    assert "found 0.833 and kept 0.700." in said
    assert "Both searches kept the same trial" in said
    assert "different trials" not in said


def test_searches_that_kept_the_same_trial_and_score_alike():
    alike = pd.DataFrame({"objective val_recall": {"recall": 0.5, "specificity": 0.75},
                          "objective val_auc": {"recall": 0.5, "specificity": 0.75}})
    said = ch05.searches_reading(alike, n_distinct=2, n_each=2, same_trial=True)
    assert "found 0.500 of the fakes and kept 0.750 of the real faces" in said
    assert said.endswith("Both searches kept the same trial, and their saved models score "
                         "alike here.")
    assert "that difference" not in said


def test_searches_that_kept_different_trials():
    said = ch05.searches_reading(HEADLINE, n_distinct=5, n_each=3, same_trial=False)
    assert said.endswith("The two searches kept different trials.")
    assert "same trial" not in said


@pytest.mark.parametrize("n_top, same_order, same_trial, words, absent", [
    (1, True, True, ["by 1 trial;", "in the same order;", "only the saved epoch differs"],
     ["a tie"]),
    (3, False, False, ["by 3 trials: a tie, broken arbitrarily", "different orders;",
                       "the searches kept different trials."], ["the same order"]),
])
def test_objectives_reading(n_top, same_order, same_trial, words, absent):
    said = ch05.objectives_reading(0.91666, n_top, same_order, same_trial)
    assert "the top validation recall, 0.917, was reached" in said
    for w in words:
        assert w in said
    for w in absent:
        assert w not in said


TUNED = pd.Series({"score": 0.8125, "dropout": 0.25, "learning_rate": 0.000512})
RATES = pd.Series([0.0001, 0.000512, 0.00312])


def test_tuning_gained():
    said = ch05.tuning_gain_reading(TUNED, default_auc=0.75, gap=0.0625, rates=RATES,
                                    default_rate=0.001)
    assert "validation ROC-AUC of 0.812 (dropout 0.2, learning rate 0.00051)" in said
    assert "its defaults reached 0.750, so the search gained 0.062." in said
    assert "from 0.00010 to 0.00312; the default is 0.001." in said


def test_tuning_did_not_beat_the_defaults():
    said = ch05.tuning_gain_reading(TUNED, default_auc=0.85, gap=-0.0375, rates=RATES,
                                    default_rate=0.001)
    assert "so the search did not beat them (-0.037)." in said
    assert "gained" not in said


def test_tuning_gain_below_rounding_is_a_match_not_a_gain_of_zero():
    said = ch05.tuning_gain_reading(TUNED, default_auc=0.8122, gap=0.0003, rates=RATES,
                                    default_rate=0.001)
    assert "so the search matched them (the same to 3 decimals)." in said
    assert "gained" not in said
