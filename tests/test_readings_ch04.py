"""Chapter 04's sentences, branch by branch, on made-up numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from dfkit.course.readings import ch04


def _means(paper_auc: float, early_auc: float) -> pd.DataFrame:
    return pd.DataFrame({"recall": [1.0, 0.8123], "specificity": [0.0, 0.7456],
                         "balanced_accuracy": [0.5, 0.77895], "roc_auc": [paper_auc, early_auc]},
                        index=[ch04.PAPER, ch04.EARLY])


AUC_RANGE = pd.DataFrame({"min": [0.52, 0.7], "max": [0.5861, 0.9123]},
                         index=[ch04.EARLY, ch04.PAPER])  # as groupby sorts them


def test_rules_on_test_quotes_both_rules_and_spreads():
    text = ch04.rules_on_test(_means(0.548, 0.8), AUC_RANGE, 2, 3, 10)
    assert text.startswith("In your run the paper's rule fired in 2 of 3 seeds.")
    assert "found 1.000 of the test fakes and kept 0.000 of the real faces" in text
    assert "the early-stopped models found 0.812 and kept 0.746 (balanced accuracy 0.779)" in text
    assert "Mean test ROC-AUC: 0.548 against 0.800" in text
    assert "spans 0.700 to 0.912 under the paper's rule and 0.520 to 0.586 under early" in text


def test_rules_on_test_clear_gap_adds_no_note():
    text = ch04.rules_on_test(_means(0.548, 0.8), AUC_RANGE, 2, 3, 10)
    assert text.endswith("under early stopping.")


def test_auc_gap_note_small_gap():
    note = ch04.auc_gap_note(0.548, 0.591, 2)
    assert note.startswith(" That gap is small: in 2 epochs Model 2 barely learns")


def test_auc_gap_note_small_gap_either_way():
    assert "That gap is small" in ch04.auc_gap_note(0.62, 0.6, 2)


def test_auc_gap_note_paper_rule_clearly_better_is_not_called_small():
    note = ch04.auc_gap_note(0.75, 0.6, 2)
    assert "small" not in note
    assert "the paper's rule ranks better, by 0.150" in note


def test_auc_gap_note_early_stopping_clearly_better_is_silent():
    assert ch04.auc_gap_note(0.6, 0.75, 2) == ""


def test_against_the_record_same_profile():
    gap = pd.DataFrame({"recall": [0.01, 0.2], "specificity": [0.1234, 0.0],
                        "roc_auc": [0.0456, 0.002]})
    text = ch04.against_the_record("laptop", 3, 3, 2, gap)
    assert "fired in 3 of 3 seeds here and in 2 there" in text
    assert "any seed's ROC-AUC is 0.046, and in its recall or specificity 0.200." in text


def test_against_the_record_other_profile():
    text = ch04.against_the_record("ci", 3, 3, 3, None)
    assert text.startswith("Your run is in the ci profile, the record in the laptop one")
    assert "not numbers" in text


@pytest.mark.parametrize("left, words", [(0.2345, "a share of about 0.23"),
                                         (3.4e-5, "a share of about 3.4e-05"),
                                         (1e-7, "effectively none (under one in a million)")])
def test_share_left(left, words):
    assert ch04.share_left(left) == words


def test_moving_averages_too_few_steps_and_at_chance():
    text = ch04.moving_averages(6, 6, 14, 0.9 ** 14, 0.9)
    assert text.startswith("In your run 6 of the 6 distinct epochs")
    assert "so a share of about 0.23 of each moving average (the momentum, 0.9, to the " \
           "power 14)" in text
    assert text.endswith("so expect validation at chance here for the reason this section "
                         "gives, even at `0.9`.")


def test_moving_averages_too_few_steps_but_none_at_chance():
    text = ch04.moving_averages(0, 6, 14, 0.9 ** 14, 0.9)
    assert "yet no epoch of your run sat at chance" in text
    assert "expect validation at chance" not in text


def test_moving_averages_settled():
    text = ch04.moving_averages(1, 20, 300, 0.9 ** 300, 0.9)
    assert "effectively none (under one in a million) of each moving average" in text
    assert text.endswith("still its starting guess after the last one.")
