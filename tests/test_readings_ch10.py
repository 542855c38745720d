"""Every branch of chapter 10's readings (dfkit.course.readings.ch10), on made-up numbers."""

from __future__ import annotations

import pandas as pd
import pytest

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
    assert ch10.gap_verdict("threshold 0.5", 31.04) == "the `threshold 0.5` row costs 31.0 more"
    assert ch10.gap_verdict("least cost", -18.26) == "the `least cost` row costs 18.3 less"


def test_gap_verdict_says_neither_more_nor_less_for_no_gap():
    text = ch10.gap_verdict("least cost", 0.0)
    assert text == "the `least cost` row costs the same to one decimal"


def _gaps(least: float) -> pd.Series:
    return pd.Series({"threshold 0.5": 31.04, ch10.RECALL_ROW: -4.44, ch10.LEAST_COST: least})


def test_costs_against_nothing_lists_the_gaps_and_says_when_least_cost_is_dearer():
    text = ch10.costs_against_nothing(200.0, _gaps(15.0), flags_none=False)
    assert text.startswith("Against flagging nothing (200.0 per 1,000 faces), on this run "
                           "the `threshold 0.5` row costs 31.0 more, the `recall ≥ 0.95 on "
                           "validation` row costs 4.4 less and the `least cost on validation` "
                           "row costs 15.0 more.")
    assert text.endswith("the cheapest on validation, is dearer than flagging nothing on test.")
    assert ";" not in text and "few" not in text


def test_costs_against_nothing_says_when_least_cost_flags_nothing():
    text = ch10.costs_against_nothing(200.0, _gaps(0.0), flags_none=True)
    assert ("the `least cost on validation` row costs the same to one decimal. "
            "The least-cost") in text
    assert "flags no test face: on this run it is the choice to flag nothing." in text
    assert "dearer" not in text


def test_costs_against_nothing_adds_nothing_when_least_cost_is_cheaper():
    text = ch10.costs_against_nothing(200.0, _gaps(-60.0), flags_none=False)
    assert text.endswith("`least cost on validation` row costs 60.0 less.")


# --- cost_gap_reading ------------------------------------------------------------------------


def _gap_table(least, others=((16.2, -58.1, 92.1), (1.3, -66.3, 73.9))) -> pd.DataFrame:
    rows = dict(zip(("threshold 0.5", ch10.RECALL_ROW), others), **{ch10.LEAST_COST: least})
    return pd.DataFrame.from_dict(rows, orient="index", columns=["gap/1k", "low", "high"])


def test_cost_gap_reading_below_zero_beats_doing_nothing():
    text = ch10.cost_gap_reading(_gap_table((-69.3, -118.04, -21.5)), 30, flags_none=False)
    assert "is -69.3 per 1,000 faces, with a 95% interval from -118.0 to -21.5." in text
    # "evidence", not "shows", with what the interval does not cover in the same sentence
    assert ("lies below 0: evidence that it beats doing nothing, though only as far as the "
            "interval reaches (it covers which people the test split happened to hold, not the "
            "validation split that chose the threshold or the training seed).") in text
    assert "shows" not in text
    assert ("The `threshold 0.5` and `recall ≥ 0.95 on validation` rows' intervals hold 0: "
            "this split cannot tell them from doing nothing.") in text
    assert text.endswith("The intervals rest on 30 groups, so even that is approximate.")
    # the least-cost row first, the other rows in a paragraph of their own (report 19, 5)
    assert "training seed).\n\nThe `threshold 0.5` and" in text
    assert "rough" not in text


def test_cost_gap_reading_above_zero_loses_and_reads_each_other_row():
    table = _gap_table((20.0, 3.0, 40.0), others=((30.0, 5.0, 60.0), (-40.0, -70.0, -2.0)))
    text = ch10.cost_gap_reading(table, 30, flags_none=False)
    assert "lies above 0: evidence that it costs more than doing nothing, as far as" in text
    assert ("The `threshold 0.5` row's interval lies above 0: it costs more than doing nothing "
            "on this split.") in text
    assert ("The `recall ≥ 0.95 on validation` row's interval lies below 0: it beats doing "
            "nothing on this split.") in text


def test_cost_gap_reading_holding_zero_cannot_tell_and_few_groups_are_rough():
    text = ch10.cost_gap_reading(_gap_table((-10.0, -50.0, 12.0)), 8, flags_none=False)
    assert "holds 0: this split cannot show that it beats doing nothing" in text
    assert "only 8 groups, too few for a reliable cluster bootstrap: read them as rough" in text
    assert "evidence" not in text
    assert "not the validation split the thresholds were chosen on" in text


def test_cost_gap_reading_when_least_cost_flags_nothing():
    text = ch10.cost_gap_reading(_gap_table((0.0, 0.0, 0.0)), 30, flags_none=True)
    assert text.startswith("The least-cost threshold flags no test face")
    assert "95% interval from" not in text


# --- least_cost_precision and clustering_reading --------------------------------------------


def test_least_cost_precision_gives_both_precisions_when_it_flags():
    text = ch10.least_cost_precision(False, 3, 60, 0.05, 0.1367, 0.0912, 0.0450)
    assert "flagged 3 of this run's 60 real test faces, a share of 0.050. That count" in text
    assert "a share of 0.137, where" in text
    assert "would be 0.0450 instead of 0.0912: a what-if about the real faces flagged " \
           "only, since both keep the test recall as measured" in text


def test_clustering_reading_says_which_interval_reaches_higher_on_this_run():
    # report_10 (2nd round), finding 5: 12 flags spread over 10 of 30 people
    spread = pd.Series([0] * 20 + [1] * 8 + [2] * 2)
    text = ch10.clustering_reading(spread, (0.0584, 0.1669), (0.050, 0.158))
    # report_10 (3rd round), finding 2: clustering never narrows Wilson's interval; the
    # question is whether Wilson's upper end is too low
    assert text.startswith("On this run clustering did not make Wilson's upper end too low: "
                           "resampling whole people gives 0.050 to 0.158 for the least-cost "
                           "row's share of real faces flagged, against Wilson's 0.058 to "
                           "0.167, so the bootstrap over people reaches no higher than Wilson.")
    assert "narrow" not in text
    assert "Its 12 flagged real faces come from 10 of the 30 people with real test faces, at " \
           "most 2 from one." in text
    assert "too narrow" not in text
    # the same 12 flags on 3 people
    clustered = pd.Series([0] * 27 + [4] * 3)
    text = ch10.clustering_reading(clustered, (0.0584, 0.1669), (0.0, 0.300))
    assert text.startswith("On this run clustering made Wilson's upper end too low")
    assert "from 3 of the 30 people" in text and "at most 4 from one" in text
    assert "are too low here" in text
    # equal as printed: not "narrowed"
    text = ch10.clustering_reading(spread, (0.0584, 0.1669), (0.05, 0.16692))
    assert text.startswith("On this run clustering did not make Wilson's upper end too low")


def test_clustering_reading_when_nothing_is_flagged():
    text = ch10.clustering_reading(pd.Series([0] * 30), (0.0, 0.0310), (0.0, 0.0))
    assert "flags no real test face" in text and "Wilson's upper end, 0.031" in text


def test_least_cost_precision_when_it_flags_nothing():
    text = ch10.least_cost_precision(True, 0, 60, 0.0, 0.0602, float("nan"), float("nan"))
    assert "has no precision to check" in text
    assert "none of 60 real test faces flagged does not rule out a share of 0.060" in text
    assert "instead of" not in text


# --- trade_off -------------------------------------------------------------------------------


def _costs(least, first) -> pd.DataFrame:
    rows = {ch10.RECALL_ROW: first, ch10.LEAST_COST: least}
    return pd.DataFrame.from_dict(rows, orient="index",
                                  columns=["caught", "real flagged", "recall"])


def test_trade_off_names_the_fakes_given_up_for_fewer_false_alarms():
    text = ch10.trade_off(_costs((101, 12, 0.8417), (118, 24, 0.983)), 120, 120)
    assert text.startswith("On test the least-cost threshold catches 101 of 120 fakes (recall "
                           "0.842) and flags 12 of 120 real faces, against 118 and 24 for the "
                           "`recall ≥ 0.95 on validation` threshold.")
    assert "It lets 17 more fakes through to flag 12 fewer real faces." in text
    assert "Chapter 06 put recall first" in text
    # with the weights at 1 in 100, the counts give the table's gap (report_10, finding 2)
    w_fake, w_real = 0.01 * 240 / 120, 0.99 * 240 / 120
    text = ch10.trade_off(_costs((101, 12, 0.8417), (118, 24, 0.983)), 120, 120,
                          weights=(w_fake, w_real), prices=(1, 20))
    # the net of the two, per 240 faces and per 1,000, stated (report_10, 2nd round, finding 6)
    # as a short list, a paragraph of its own (report 19, finding 5)
    assert ("\n\nOn this test split that is a good trade at this prevalence, since each test "
            "fake stands for 0.020 faces and each real face for 1.980 (section 1's weights):"
            "\n\n- the misses cost 17 × 0.020 × 20 = 6.80;\n- the false alarms spared save "
            "12 × 1.980 × 1 = 23.76;\n- a net saving of 23.76 − 6.80 = 16.96 per 240 test "
            "faces, or 16.96 × 1,000 / 240 = 70.7 per 1,000 faces.\n\nThat is the gap "
            "between the two rows' cost/1k, to rounding.") in text
    # with the table's cost/1k, the gap is quoted from it
    costs = _costs((101, 12, 0.8417), (118, 24, 0.983)).assign(
        **{"cost/1k": [201.3333, 130.6667]})
    text = ch10.trade_off(costs, 120, 120, weights=(w_fake, w_real), prices=(1, 20))
    # report_10 (4th round), finding 2: not "= 70.6" beside the list's 70.7 and the paired
    # gap's -70.7: the unrounded difference, with the table's rounded costs
    assert ("= 70.7 per 1,000 faces.\n\nThat is the gap between the two rows' cost/1k in "
            "the table, 201.3 − 130.7, which is 70.7 before the table rounds each cost.") in text
    assert "70.6" not in text
    costs = costs.assign(**{"cost/1k": [201.3, 130.7]})  # no rounding to tell apart
    text = ch10.trade_off(costs, 120, 120, weights=(w_fake, w_real), prices=(1, 20))
    assert text.endswith("in the table, 201.3 − 130.7 = 70.6.")
    # a trade that loses on test is not called a good one
    text = ch10.trade_off(_costs((101, 12, 0.8417), (118, 13, 0.983)), 120, 120,
                          weights=(w_fake, w_real), prices=(1, 20))
    assert "On test that is no good trade at this prevalence" in text
    assert "a net loss of 1.98 − 6.80 = 4.82 per 240 test faces" in text


def test_trade_off_other_ways_round():
    text = ch10.trade_off(_costs((119, 30, 0.99), (118, 24, 0.983)), 120, 120)
    assert "It catches 1 more fakes at the price of 6 more real faces flagged" in text
    text = ch10.trade_off(_costs((118, 24, 0.983), (118, 24, 0.983)), 120, 120)
    assert text.endswith("the two flag the same test faces.")
    text = ch10.trade_off(_costs((110, 24, 0.9), (118, 20, 0.983)), 120, 120)
    assert "one of the two is no worse on both counts" in text


# --- training_reading and specificity_shift ------------------------------------------------


def test_training_reading_says_the_budget_ended_it_and_validation_sat_above():
    train = [0.50, 0.56, 0.63, 0.68, 0.73, 0.79, 0.83, 0.86, 0.91, 0.89]
    val = [0.61, 0.65, 0.68, 0.70, 0.78, 0.82, 0.86, 0.89, 0.916, 0.926]
    text = ch10.training_reading(train, val, 10)
    assert ("under-trained: validation ROC-AUC rose in every epoch after the first, from "
            "0.610 to 0.926, and its best epoch was the last, 10 of 10") in text
    assert "not early stopping, ended" in text
    # no epochs= in this chapter's training cell (a reader tried it): the way that works
    # a recipe that runs in the chapter as written (the notebook binds no name dfkit)
    # the recipe is a commented code cell of the chapter, not code inside a sentence
    assert "more epochs (a profile with more: the commented cell after the table shows how)" \
        in text
    assert "`epochs=` in the training cell" not in text
    assert "Validation ROC-AUC was above training's in every epoch, as chapter 03" in text


def test_training_reading_counts_the_epochs_validation_sat_above_or_says_nothing():
    text = ch10.training_reading([0.6, 0.8, 0.9, 0.9], [0.7, 0.75, 0.74, 0.73], 10)
    assert "peaked at epoch 2" in text and "so more epochs would likely not have helped" in text
    assert "above training's in 1 of its 4 epochs" in text
    text = ch10.training_reading([0.9, 0.95], [0.7, 0.8], 10)
    assert "above training's" not in text


def _recall_for(precision: float, specificity: float) -> float:
    """The validation recall whose precision at 1 fake in 100 is ``precision``."""
    return precision * (1 - specificity) * 0.99 / ((1 - precision) * 0.01)


def test_specificity_shift_names_the_counts_and_why_test_is_higher():
    text = ch10.specificity_shift(0.8, 43 / 60, 120, 60, 0.0473, 0.95)
    assert ("The threshold's specificity differs too: 0.800 on test (24 of 120 real faces "
            "flagged, a share of 0.200) against 0.717 on validation (17 of 60, a share of "
            "0.283).") in text
    assert ("the table's test row (0.0473) comes out higher than the count from "
            "validation's rates (q1's, 0.0328), because test flagged a smaller share of its "
            "real faces, and at that prevalence the false alarms are most of the flags.") in text
    # 17 of 60 is within chance of test's 0.200 (report_10, finding 4)
    text = ch10.specificity_shift(0.8, 43 / 60, 120, 60, 0.0473, 0.95,
                                  val_interval=(0.184, 0.409))
    # the caveat says which way it cuts (report 19, finding 4), in a paragraph of its own
    assert ("mostly because test flagged a smaller share of its real faces, and at that "
            "prevalence the false alarms are most of the flags.\n\nWith 60 real validation "
            "faces that difference is within chance: the Wilson 95% interval of validation's "
            "share, 0.184 to 0.409, holds test's 0.200. That interval takes test's share as "
            "exact and faces as independent, and both make it too narrow, so a fuller "
            "interval would hold 0.200 all the more.") in text
    text = ch10.specificity_shift(0.8, 43 / 60, 120, 60, 0.0473, 0.95,
                                  val_interval=(0.21, 0.409))
    assert "within chance" not in text and ", because test flagged" in text


def test_specificity_shift_words_the_rule_the_cell_computes():
    """report_10 (5th round), finding 5: the chapter's cell computes "within chance" in plain
    sight; the reading words it, and refuses one that contradicts the interval."""
    inside = ch10.specificity_shift(0.8, 43 / 60, 120, 60, 0.0473, 0.95,
                                    val_interval=(0.184, 0.409), within_chance=True)
    assert inside == ch10.specificity_shift(0.8, 43 / 60, 120, 60, 0.0473, 0.95,
                                            val_interval=(0.184, 0.409))
    assert "within chance" in inside
    outside = ch10.specificity_shift(0.8, 43 / 60, 120, 60, 0.0473, 0.95,
                                     val_interval=(0.21, 0.409), within_chance=False)
    assert "within chance" not in outside
    with pytest.raises(ValueError, match="within_chance"):
        ch10.specificity_shift(0.8, 43 / 60, 120, 60, 0.0473, 0.95,
                               val_interval=(0.21, 0.409), within_chance=True)


def test_specificity_shift_lower_same_and_recall_driven():
    text = ch10.specificity_shift(0.6, 0.7, 100, 50, 0.02, _recall_for(0.03, 0.7))
    assert "comes out lower" in text and "a larger share" in text
    text = ch10.specificity_shift(0.7, 0.7, 100, 50, 0.03001, _recall_for(0.03, 0.7))
    assert "same precision to three digits" in text and "is the same:" in text
    text = ch10.specificity_shift(0.7, 0.7, 100, 50, 0.033, _recall_for(0.03, 0.7))
    assert "only the recall differs" in text
    text = ch10.specificity_shift(0.69, 0.7, 100, 50, 0.033, _recall_for(0.03, 0.7))
    assert "all the same: test's recall moved it more than its specificity" in text
    text = ch10.specificity_shift(0.999, 0.99, 1000, 500, 0.9, _recall_for(0.5, 0.99))
    assert "most of the flags" not in text


def test_paired_gap_reading_tests_the_trade_between_the_two_thresholds():
    # report_10 (3rd round), finding 3: "a good trade" had no interval
    text = ch10.paired_gap_reading(-70.6, -126.8, -21.1)
    assert text.startswith("The least-cost threshold's cost minus the `recall ≥ 0.95 on "
                           "validation` threshold's, both counted on the same resampled "
                           "people, is -70.6 per 1,000 faces, with a 95% interval from -126.8 "
                           "to -21.1. The whole interval lies below 0")
    assert "not only on this test split" in text
    # worded as the gap to flagging nothing is (report_10, 4th round, finding 5)
    assert "lies below 0: evidence that the least-cost threshold is the cheaper" in text
    text = ch10.paired_gap_reading(-10.0, -40.0, 15.0)
    assert "holds 0: this split cannot tell which of the two is cheaper" in text
    text = ch10.paired_gap_reading(20.0, 5.0, 40.0)
    assert "lies above 0: evidence that" in text and "costs more than the recall" in text
    text = ch10.paired_gap_reading(0.0, 0.0, 0.0)
    assert text.startswith("The two thresholds flag the same test faces")
