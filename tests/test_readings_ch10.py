"""Every branch of chapter 10's readings (dfkit.course.readings.ch10), on made-up numbers."""

from __future__ import annotations

import pandas as pd

from dfkit.course.readings import ch10

# --- recall_steps ---------------------------------------------------------------------------


def test_recall_steps_says_when_validation_missed_the_recall_asked_for():
    text = ch10.recall_steps(0.875, 0.9583, 24, 1 / 24)
    assert "reached 0.958, not exactly `0.95`: validation holds 24 fakes" in text
    assert "steps of 0.042 (one fake)" in text
    assert "Our test recall is 0.875" in text
    assert text.endswith("so its recall differs.")


def test_recall_steps_starts_a_new_sentence_when_validation_hit_it_exactly():
    text = ch10.recall_steps(0.9, 0.95, 20, 0.05)
    assert "where it reached 0.950. Validation holds 20 fakes" in text
    assert "not exactly" not in text


def test_recall_steps_does_not_claim_a_difference_when_test_matches_validation():
    text = ch10.recall_steps(0.9667, 0.96667, 30, 1 / 30)
    assert "its recall is the same as on validation" in text
    assert "differs" not in text and "0.967" in text


# --- gap_verdict and costs_against_nothing --------------------------------------------------


def test_gap_verdict_reads_a_gap_past_a_few_faces_either_way():
    assert ch10.gap_verdict("0.5", 31.04, few=12.0) == (
        "the 0.5 threshold costs 31.0 more, more than a few faces' worth")
    assert ch10.gap_verdict("least cost", -18.26, few=12.0) == (
        "the least cost threshold costs 18.3 less, more than a few faces' worth")


def test_gap_verdict_calls_a_small_gap_too_close():
    text = ch10.gap_verdict("recall 0.95", -4.44, few=12.0)
    assert text == ("the recall 0.95 threshold costs 4.4 less, within a few faces' worth: "
                    "too close to call on this split")


def test_gap_verdict_says_neither_more_nor_less_for_no_gap():
    text = ch10.gap_verdict("least cost", 0.0, few=12.0)
    assert text == "the least cost threshold costs the same to one decimal"


def _gaps(least: float) -> pd.Series:
    return pd.Series({"0.5": 31.04, "recall 0.95": -4.44, "least cost": least})


def test_costs_against_nothing_joins_the_verdicts_and_warns_when_least_cost_lost():
    text = ch10.costs_against_nothing(200.0, _gaps(15.0), few=12.0, flags_none=False)
    assert text.startswith("Against flagging nothing (200.0 per 1,000 faces at 1 fake in 100), "
                           "on this run the 0.5 threshold costs 31.0 more")
    assert "; the recall 0.95 threshold costs 4.4 less" in text
    assert "A threshold chosen on validation can lose to doing nothing on test." in text
    assert "flags no test face" not in text
    assert text.endswith("All of it is one split and one seed.")


def test_costs_against_nothing_says_when_least_cost_flags_nothing():
    text = ch10.costs_against_nothing(200.0, _gaps(0.0), few=12.0, flags_none=True)
    assert "the least cost threshold costs the same to one decimal. The least-cost" in text
    assert "flags no test face, so it costs what flagging nothing costs." in text
    assert "can lose to doing nothing" not in text


def test_costs_against_nothing_has_no_warning_when_least_cost_is_not_dearer():
    text = ch10.costs_against_nothing(200.0, _gaps(-60.0), few=12.0, flags_none=False)
    assert "least cost threshold costs 60.0 less" in text
    assert "can lose" not in text and "flags no test face" not in text


# --- least_cost_precision and worst_case_cost -----------------------------------------------


def test_least_cost_precision_gives_both_precisions_when_it_flags():
    text = ch10.least_cost_precision(False, 3, 60, 0.05, 0.1367, 0.0912, 0.04567)
    assert "flagged 3 of this run's 60 real test faces, a share of 0.050" in text
    assert "up to 0.137" in text
    assert "would be 0.0457 instead of 0.0912." in text


def test_least_cost_precision_when_it_flags_nothing():
    text = ch10.least_cost_precision(True, 0, 60, 0.0, 0.0602, float("nan"), float("nan"))
    assert "has no precision to check" in text
    assert "none of 60 real test faces flagged does not rule out a share of 0.060" in text
    assert "instead of" not in text


def test_worst_case_cost_below_flagging_nothing():
    text = ch10.worst_case_cost(0.137, 0.402, 150.25, 200.0)
    assert "(real faces flagged 0.137, fakes missed 0.402)" in text
    assert text.endswith("would cost 150.2 per 1,000 faces, still less than flagging nothing.")


def test_worst_case_cost_above_flagging_nothing():
    text = ch10.worst_case_cost(0.137, 0.602, 250.0, 200.0)
    assert "more than flagging nothing (200.0): this split cannot show" in text
    assert "still less" not in text
