"""readings.ch06 on made-up numbers: each branch of the interval, ranking and threshold
sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from dfkit.course.readings import ch06


def test_width_verdicts_all_three_kinds():
    ratio = pd.Series({"recall": 1.5, "f1": 1.05, "accuracy": 0.9, "roc_auc": 0.5})
    said = ch06.width_verdicts(ratio)
    assert said == ("Group interval against image interval, in this run: wider for recall; "
                    "about as wide for f1, accuracy; narrower for roc_auc.")


def test_width_verdicts_leave_out_empty_kinds():
    said = ch06.width_verdicts(pd.Series({"recall": 1.2, "f1": 1.3}))
    assert said.endswith("in this run: wider for recall, f1.")
    assert "narrower" not in said and "about as wide" not in said


def test_width_verdicts_with_no_ratio():
    said = ch06.width_verdicts(pd.Series([], dtype=float))
    assert "no metric to compare" in said
    assert ": ." not in said


@pytest.mark.parametrize("diff, low, high, words", [
    (0.0625, 0.0125, 0.1, "Model 2 ranks fakes above real faces better"),
    (-0.0625, -0.1, -0.0125, "Model 1 ranks fakes above real faces better"),
    (0.0125, -0.05, 0.075, "this test split cannot rank the two models"),
])
def test_ranking_verdict(diff, low, high, words):
    said = ch06.ranking_verdict(diff, low, high)
    assert said.endswith(f": {words}.")
    assert f"ROC-AUC: {diff:+.3f}, 95% interval {low:+.3f} to {high:+.3f}" in said


def test_threshold_raised_and_far_from_half():
    said = ch06.threshold_reading("Model 1", val_recall=0.96667, threshold=0.9375,
                                  test_recall=0.9, target=0.95)
    assert said.startswith("Model 1: at 0.5 its validation recall, 0.967, already reached")
    assert "raised the threshold (more precision, same target) to 0.938" in said
    assert "caught 0.900 of the fakes (target 0.95)." in said
    assert "this far from 0.5 is no error" in said


def test_threshold_lowered_and_near_half():
    said = ch06.threshold_reading("Model 2", val_recall=0.8, threshold=0.3125,
                                  test_recall=0.93333, target=0.95)
    assert "fell short of the target, so the rule lowered the threshold to 0.312" in said
    assert "caught 0.933 of the fakes" in said
    assert said.endswith("(target 0.95).")


def test_balanced_accuracy_leader():
    said = ch06.balanced_accuracy_leader({"Model 1": 0.8125, "Model 2": 0.6875})
    assert "validation, Model 1 has the higher balanced accuracy" in said
    assert "(0.812 against 0.688, Model 1 and Model 2)" in said
    said = ch06.balanced_accuracy_leader({"Model 1": 0.6875, "Model 2": 0.8125})
    assert "validation, Model 2 has the higher" in said


def test_balanced_accuracy_tie():
    said = ch06.balanced_accuracy_leader({"Model 1": 0.5, "Model 2": 0.50001})
    assert "Model 1 and Model 2 have the same balanced accuracy on test" in said
    assert "(0.500 against 0.500, to 3 decimals)" in said
    assert "higher" not in said


def test_threshold_kept_at_half():
    said = ch06.threshold_reading("Model 1", val_recall=0.95, threshold=0.5,
                                  test_recall=0.9, target=0.95)
    assert "0.950, met the target, so the rule kept the threshold at 0.500;" in said
    assert "lowered" not in said and "raised" not in said
