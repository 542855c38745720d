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


def test_gap_verdict_reads_a_gap_either_way():
    assert ch10.gap_verdict("0.5", 31.04) == "the `0.5` threshold costs 31.0 more"
    assert ch10.gap_verdict("least cost", -18.26) == "the `least cost` threshold costs 18.3 less"


def test_gap_verdict_says_neither_more_nor_less_for_no_gap():
    text = ch10.gap_verdict("least cost", 0.0)
    assert text == "the `least cost` threshold costs the same to one decimal"


def _gaps(least: float) -> pd.Series:
    return pd.Series({"0.5": 31.04, "recall 0.95": -4.44, ch10.LEAST_COST: least})


def test_costs_against_nothing_lists_the_gaps_and_says_when_least_cost_is_dearer():
    text = ch10.costs_against_nothing(200.0, _gaps(15.0), flags_none=False)
    assert text.startswith("Against flagging nothing (200.0 per 1,000 faces), on this run "
                           "the `0.5` threshold costs 31.0 more, the `recall 0.95` threshold "
                           "costs 4.4 less and the `least cost (validation)` threshold costs "
                           "15.0 more.")
    assert text.endswith("the cheapest on validation, is dearer than flagging nothing on test.")
    assert ";" not in text and "few" not in text


def test_costs_against_nothing_says_when_least_cost_flags_nothing():
    text = ch10.costs_against_nothing(200.0, _gaps(0.0), flags_none=True)
    assert ("the `least cost (validation)` threshold costs the same to one decimal. "
            "The least-cost") in text
    assert "flags no test face: on this run it is the choice to flag nothing." in text
    assert "dearer" not in text


def test_costs_against_nothing_adds_nothing_when_least_cost_is_cheaper():
    text = ch10.costs_against_nothing(200.0, _gaps(-60.0), flags_none=False)
    assert text.endswith("`least cost (validation)` threshold costs 60.0 less.")


# --- cost_gap_reading ------------------------------------------------------------------------


def _gap_table(least, others=((16.2, -58.1, 92.1), (1.3, -66.3, 73.9))) -> pd.DataFrame:
    rows = dict(zip(("0.5", "recall 0.95"), others), **{ch10.LEAST_COST: least})
    return pd.DataFrame.from_dict(rows, orient="index", columns=["gap/1k", "low", "high"])


def test_cost_gap_reading_below_zero_beats_doing_nothing():
    text = ch10.cost_gap_reading(_gap_table((-69.3, -118.04, -21.5)), 30, flags_none=False)
    assert "is -69.3 per 1,000 faces, with a 95% interval from -118.0 to -21.5." in text
    assert "lies below 0: this split shows that it beats doing nothing." in text
    assert ("The `0.5` and `recall 0.95` rows' intervals hold 0: this split cannot tell them "
            "from doing nothing.") in text
    assert "(30 groups, so even that is approximate)" in text
    assert "rough" not in text


def test_cost_gap_reading_above_zero_loses_and_reads_each_other_row():
    table = _gap_table((20.0, 3.0, 40.0), others=((30.0, 5.0, 60.0), (-40.0, -70.0, -2.0)))
    text = ch10.cost_gap_reading(table, 30, flags_none=False)
    assert "lies above 0: on this split it costs more than doing nothing." in text
    assert "The `0.5` row's interval lies above 0: it costs more than doing nothing." in text
    assert "The `recall 0.95` row's interval lies below 0: it beats doing nothing." in text


def test_cost_gap_reading_holding_zero_cannot_tell_and_few_groups_are_rough():
    text = ch10.cost_gap_reading(_gap_table((-10.0, -50.0, 12.0)), 8, flags_none=False)
    assert "holds 0: this split cannot show that it beats doing nothing" in text
    assert "only 8 groups, too few for a reliable cluster bootstrap: read them as rough" in text
    assert "shows that it beats" not in text


def test_cost_gap_reading_when_least_cost_flags_nothing():
    text = ch10.cost_gap_reading(_gap_table((0.0, 0.0, 0.0)), 30, flags_none=True)
    assert text.startswith("The least-cost threshold flags no test face")
    assert "95% interval from" not in text


# --- least_cost_precision and upper_end_by_count --------------------------------------------


def test_least_cost_precision_gives_both_precisions_when_it_flags():
    text = ch10.least_cost_precision(False, 3, 60, 0.05, 0.1367, 0.0912, 0.0450)
    assert "flagged 3 of this run's 60 real test faces, a share of 0.050. That count" in text
    assert "a share of 0.137, where" in text
    assert "would be 0.0450 instead of 0.0912." in text


def test_least_cost_precision_when_it_flags_nothing():
    text = ch10.least_cost_precision(True, 0, 60, 0.0, 0.0602, float("nan"), float("nan"))
    assert "has no precision to check" in text
    assert "none of 60 real test faces flagged does not rule out a share of 0.060" in text
    assert "instead of" not in text


def _rows(counts, n=120):
    from dfkit.evaluation.metrics import wilson_interval
    counts = pd.Series(counts)
    shares = counts / n
    uppers = pd.Series({k: wilson_interval(int(c), n)[1] for k, c in counts.items()})
    return counts, shares, uppers, n


def test_upper_end_by_count_reads_the_run_absolute_and_divided_by_the_share():
    text = ch10.upper_end_by_count(*_rows({"0.5": 26, "recall 0.95": 24, "least cost": 12}))
    assert text.startswith("Every row counts its flags among the same 120 real test faces.")
    assert "sits 0.082 above the share at 26 flagged (the `0.5` row)" in text
    assert ("and 0.067 above it at 12 (the `least cost` row): the smaller count leaves the "
            "smaller margin.") in text
    assert ("Divided by its share, the upper end is 1.38 times the share in the `0.5` row and "
            "1.67 times in the `least cost` row: relative to its share, the smaller count "
            "leaves the wider margin") in text


def test_upper_end_by_count_when_a_row_flags_none_or_all_alike():
    text = ch10.upper_end_by_count(*_rows({"0.5": 26, "least cost": 0}))
    assert "the `least cost` row flags none of them: its share is 0, yet its upper end is" in text
    text = ch10.upper_end_by_count(*_rows({"0.5": 5, "least cost": 5}))
    assert "every row flags 5 of them" in text


def test_upper_end_by_count_when_the_smaller_count_is_not_wider():
    counts = pd.Series({"a": 20, "b": 10})
    text = ch10.upper_end_by_count(counts, counts / 100, pd.Series({"a": 0.4, "b": 0.15}), 100)
    assert "the smaller count leaves the smaller margin" in text
    assert "relative to its share, too, the smaller count does not leave the wider" in text


def test_upper_end_by_count_when_the_smaller_count_leaves_the_larger_margin():
    counts = pd.Series({"a": 90, "b": 70})
    text = ch10.upper_end_by_count(counts, counts / 100, pd.Series({"a": 0.95, "b": 0.8}), 100)
    assert "the smaller count leaves the larger margin" in text


# --- training_reading and specificity_shift ------------------------------------------------


def test_training_reading_says_the_budget_ended_it_and_validation_sat_above():
    train = [0.50, 0.56, 0.63, 0.68, 0.73, 0.79, 0.83, 0.86, 0.91, 0.89]
    val = [0.61, 0.65, 0.68, 0.70, 0.78, 0.82, 0.86, 0.89, 0.916, 0.926]
    text = ch10.training_reading(train, val, 10)
    assert "The best epoch was the last one, 10 of 10" in text
    assert "not early stopping, ended" in text
    assert "Validation ROC-AUC was above training's in every epoch, as chapter 03" in text


def test_training_reading_counts_the_epochs_validation_sat_above_or_says_nothing():
    text = ch10.training_reading([0.6, 0.8, 0.9, 0.9], [0.7, 0.75, 0.74, 0.73], 10)
    assert "peaked at epoch 2" in text and "so more epochs would likely not have helped" in text
    assert "above training's in 1 of its 4 epochs" in text
    text = ch10.training_reading([0.9, 0.95], [0.7, 0.8], 10)
    assert "above training's" not in text


def test_specificity_shift_names_the_counts_and_why_test_is_higher():
    text = ch10.specificity_shift(0.8, 43 / 60, 120, 60, 0.0473, 0.0328)
    assert ("The threshold's specificity differs too: 0.800 on test (24 of 120 real faces "
            "flagged, a share of 0.200) against 0.717 on validation (17 of 60, a share of "
            "0.283).") in text
    assert ("the table's test row comes out higher than a count from validation's rates, "
            "because test flagged a smaller share of its real faces, and at that prevalence "
            "the false alarms are most of the flags.") in text
    assert "0.0328" not in text and "0.033" not in text  # q1's answer is not given


def test_specificity_shift_lower_same_and_recall_driven():
    text = ch10.specificity_shift(0.6, 0.7, 100, 50, 0.02, 0.03)
    assert "comes out lower" in text and "a larger share" in text
    text = ch10.specificity_shift(0.7, 0.7, 100, 50, 0.03001, 0.0300)
    assert "same precision to three digits" in text and "is the same:" in text
    text = ch10.specificity_shift(0.7, 0.7, 100, 50, 0.033, 0.030)
    assert "only the recall differs" in text
    text = ch10.specificity_shift(0.69, 0.7, 100, 50, 0.033, 0.030)
    assert "all the same: test's recall moved it more than its specificity" in text
    text = ch10.specificity_shift(0.999, 0.99, 1000, 500, 0.9, 0.5)
    assert "most of the flags" not in text
