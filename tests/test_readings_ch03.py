"""readings.ch03 on made-up numbers: each branch of the early-stopping and test-score
sentences."""

from __future__ import annotations

import pytest

from dfkit.course.readings import ch03


def test_early_stopping_fired():
    said = ch03.early_stopping_reading(True, epochs_run=7, epochs=20, best_epoch=4,
                                       patience=3)
    assert said.startswith("Early stopping fired after epoch 7 of 20")
    assert "its best, at epoch 4, for 3 epochs" in said


def test_early_stopping_could_not_fire_within_the_patience():
    said = ch03.early_stopping_reading(False, epochs_run=2, epochs=2, best_epoch=1,
                                       patience=3)
    assert said.startswith("Early stopping could not fire")
    assert "trains for only 2 epochs, fewer than the 3 epochs" in said
    assert "The weights of the best epoch, 1, were restored" in said


def test_early_stopping_could_not_fire_at_exactly_the_patience():
    said = ch03.early_stopping_reading(False, epochs_run=3, epochs=3, best_epoch=2,
                                       patience=3)  # no epoch left after a best one
    assert said.startswith("Early stopping could not fire")
    assert "trains for only 3 epochs, as many as the 3 epochs" in said
    assert "fewer than" not in said


def test_early_stopping_never_fired():
    said = ch03.early_stopping_reading(False, epochs_run=10, epochs=10, best_epoch=9,
                                       patience=3)
    assert said.startswith("Early stopping never fired")
    assert "so training ran all 10 epochs" in said
    assert "best epoch, 9," in said


@pytest.mark.parametrize("recall, specificity, called", [(1.0, 0.0, "fake"),
                                                         (0.0, 1.0, "real")])
def test_one_answer_is_the_constant_detector(recall, specificity, called):
    said = ch03.test_scores_reading(recall, specificity, n_fake=50, n_real=40, epochs=2)
    assert f"called every test face {called}" in said
    assert "2 epochs are too few here" in said
    assert "test fakes this model found" not in said


@pytest.mark.parametrize("recall, specificity", [(1.0, 1.0), (0.0, 0.0)])
def test_perfect_or_inverted_scores_are_no_constant_answer(recall, specificity):
    said = ch03.test_scores_reading(recall, specificity, n_fake=50, n_real=40, epochs=2)
    assert "constant detector" not in said
    assert f"found {round(recall * 50)} ({recall:.1%})" in said


def test_scores_read_as_counts_and_percentages():
    said = ch03.test_scores_reading(0.8333, 0.75, n_fake=60, n_real=40, epochs=20)
    assert "Of the 60 test fakes this model found 50 (83.3%)" in said
    assert "of the 40 real test faces it kept 30 (75.0%)" in said
    assert "so it called 10 real faces fake" in said
    assert "constant detector" not in said


def test_under_trained_when_the_last_epoch_is_best_and_rising():
    said = ch03.budget_reading([0.6, 0.7, 0.898, 0.948], stopped=False)
    # the verdict first, then the whole curve it rests on, not the last step alone (round
    # 20's report: one step's rise may be noise)
    assert said.startswith("This model is under-trained: validation ROC-AUC rose in every "
                           "epoch after the first, from 0.600 to 0.948, and its best epoch "
                           "was the last, 4 of 4.")
    assert "a larger `epochs=` in the training cell) would likely raise" in said
    assert "0.898" not in said
    # a best last epoch on a curve that rose and fell: counted, and hedged
    mixed = ch03.budget_reading([0.6, 0.8, 0.75, 0.85], stopped=False)
    assert "rose in 2 of the 3 epochs after the first, from 0.600 to 0.850" in mixed
    assert ") may raise its scores." in mixed and "would likely" not in mixed
    # review 20: rising in 2 of 3 epochs does not make the model under-trained for sure
    assert mixed.startswith("This model may be under-trained: ") and ", so its" not in mixed


def test_single_epoch_cannot_tell():
    assert "single epoch" in ch03.budget_reading([0.6], stopped=False)


@pytest.mark.parametrize("stopped, tail", [(True, "would likely not have helped"),
                                           (False, "too few epochs after it")])
def test_peaked_before_the_last_epoch(stopped, tail):
    said = ch03.budget_reading([0.6, 0.8, 0.75, 0.79], stopped=stopped)
    assert "peaked at epoch 2 (0.800)" in said
    assert "in the 2 epochs after" in said
    assert tail in said
    assert "under-trained" not in said
    assert "in the 1 epoch after:" in ch03.budget_reading([0.6, 0.8, 0.7], stopped=False)


def test_threshold_reading_names_the_one_answer_epochs():
    said = ch03.threshold_reading(val_auc=[0.603, 0.680, 0.7, 0.8],
                                  val_recall=[0.0, 0.0, 0.3, 1.0],
                                  val_accuracy=[0.5, 0.5, 0.6, 0.5], n_fake=60, n_real=60)
    # the verdict first, then its evidence: accuracy exactly the real share
    assert said.startswith("In epochs 1 and 2 the model called every validation face real "
                           "(all its probabilities below `0.5`): it found no validation fake "
                           "(recall 0.000), and its accuracy, 0.500 and 0.500, is exactly "
                           "the share of real faces (60 of 120).")
    assert "ROC-AUC was 0.603 and 0.680" in said
    assert ("In epoch 4 the model called every validation face fake (all its probabilities "
            "above `0.5`): it found every validation fake (recall 1.000)") in said


def test_threshold_reading_takes_history_columns():
    import pandas as pd

    index = pd.RangeIndex(1, 3, name="epoch")  # training.fit's history counts from 1
    said = ch03.threshold_reading(pd.Series([0.6, 0.7], index), pd.Series([0.0, 0.4], index),
                                  pd.Series([0.5, 0.6], index), n_fake=60, n_real=60)
    assert said.startswith("In epoch 1 the model called every validation face real")
    assert "ROC-AUC was 0.600 all the same" in said
    assert "peaked at epoch 2" not in ch03.budget_reading(pd.Series([0.6, 0.7], index), False)


def test_threshold_reading_needs_every_face_one_class():
    # recall 0 but accuracy below the real share: some real faces were called fake as well
    assert ch03.threshold_reading([0.6], [0.0], [0.4], n_fake=60, n_real=60) == ""
    assert ch03.threshold_reading([0.6, 0.7], [0.3, 0.5], [0.6, 0.7], 60, 60) == ""


RISING = [0.6, 0.7, 0.898, 0.948]  # the best epoch is the last: a pick with little luck
PEAKED = [0.6, 0.95, 0.9, 0.92]  # epoch 2 of 4 was picked among epochs that rose and fell


IDS = {"ids_val": 30, "ids_test": 30}  # as many identities: no 1/√n rule to set against


def _gap(*args, **ids) -> str:
    return " ".join(ch03.validation_gap(*args, **(ids or IDS)))


def test_validation_gap_when_the_last_epoch_is_kept():
    items = ch03.validation_gap(RISING, (0.948, 0.911, 0.979), (0.913, 0.868, 0.949),
                                120, 240, **IDS)
    said = " ".join(items)
    assert "is 0.948 on the 120 validation faces and 0.913 on the 240 test faces" in said
    assert "200 fixed thresholds" in said  # what "Keras's approximation" is
    assert "[0.911, 0.979] and [0.868, 0.949]" in said
    # the pick of the last epoch, verdict first, from the kept epoch's lead over the next
    # best in validation's standard error (round 22's report: the smallest step was
    # quoted, and "only if ... larger than validation's noise" left the test undone)
    pick = ("The pick of the last epoch, 4 of 4, adds little optimism: it leads the next "
            "best, epoch 3, by +0.050 in validation ROC-AUC, 2.9 of validation's standard "
            "errors (0.017), a lead won on merit, not luck.")
    assert pick in items
    assert "smallest step" not in said and "only if" not in said
    # review 20: steps of +0.001 are not read as a clear winner
    tiny = _gap([0.700, 0.701, 0.702, 0.703], (0.703, 0.65, 0.75), (0.70, 0.66, 0.74),
                120, 240)
    assert ("may add optimism: it leads the next best, epoch 3, by +0.001 in validation "
            "ROC-AUC, only 0.0 of validation's standard errors (0.026), so luck could have "
            "put it on top.") in tiny
    assert "little optimism" not in tiny and "near-equal" not in tiny
    assert "Early stopping kept the last" not in tiny
    # a lead between 1 and 2 standard errors: likely little, the shared noise said
    middle = _gap([0.6, 0.7, 0.898, 0.928], (0.948, 0.911, 0.979), (0.913, 0.868, 0.949),
                  120, 240)
    assert ("likely adds little optimism: it leads the next best, epoch 3, by +0.030 in "
            "validation ROC-AUC, 1.8 of validation's standard errors (0.017)") in middle
    assert "share much of theirs" in middle
    assert "of the difference" not in said and "√2" not in said
    assert "without early stopping" not in said
    assert "hold different people" in said
    assert "by chance alone" not in said and "likely that luck" not in said
    # the gap read in standard errors, not by overlapping intervals (round 15's reader:
    # 0.035 is 1.3 standard errors of 0.027, not "at the edge of what chance allows")
    assert "only just" not in said and "edge" not in said and "rerun" not in said
    assert "0.017 on validation and 0.021 on test" in said
    assert ("Validation's lead of 0.035 is within what chance alone gives: it is 1.3 "
            "standard errors of the gap (0.027)") in said
    assert items[-1] == "The test figure, on faces that chose nothing, is the one to report."
    assert len(items) == 6


@pytest.mark.parametrize("val, test, words", [
    # 0.035 over 0.027: within, though each value sits only just inside the other's interval
    ((0.948, 0.911, 0.979), (0.913, 0.868, 0.949), "is within what chance alone gives: it "
                                                   "is 1.3 standard errors"),
    ((0.92, 0.88, 0.96), (0.91, 0.86, 0.95), "well within what chance alone gives: it is 0.3"),
    # the intervals overlap, yet the gap is 2.5 standard errors: beyond
    ((0.95, 0.92, 0.98), (0.88, 0.84, 0.93), "beyond what chance alone usually gives: it is 2.5"),
    ((0.80, 0.75, 0.85), (0.98, 0.96, 0.99), "Test's lead of 0.180 is beyond what chance "
                                             "alone usually gives: it is 6.8")])
def test_gap_in_standard_errors_reads_both_sides(val, test, words):
    verdict, how = ch03.gap_in_standard_errors(val, test)  # two list items, verdict first
    assert words in verdict
    assert "an approximation" in how and "as in the cell above" in how


def test_gap_in_standard_errors_without_a_gap_or_a_width():
    assert "no gap" in ch03.gap_in_standard_errors((0.9, 0.85, 0.95), (0.9, 0.8, 0.97))[0]
    (said,) = ch03.gap_in_standard_errors((1.0, 1.0, 1.0), (0.9, 0.9, 0.9))
    assert said.startswith("Both intervals have no width") and "0.100" in said


def test_validation_gap_claims_the_luck_of_a_pick_only_for_a_picked_epoch():
    lower = _gap(PEAKED, (0.948, 0.90, 0.98), (0.913, 0.87, 0.95), 120, 240)
    assert "Early stopping kept epoch 2 of 4" in lower
    assert "part of the gap is likely that luck." in lower
    assert "the last epoch's" not in lower
    higher = _gap(PEAKED, (0.85, 0.80, 0.90), (0.90, 0.86, 0.94), 120, 240)
    assert "picked epoch 2 of 4 on validation, yet test is not below validation" in higher
    assert "likely that luck" not in higher


def test_backwards_epoch_names_the_first_and_hedges():
    said = ch03.backwards_epoch(loss=[0.70, 0.68, 0.69, 0.6], auc=[0.5, 0.62, 0.54, 0.7],
                                val_auc=[0.6, 0.71, 0.745, 0.8])
    assert said.startswith("Epoch 3 went backwards on training (loss 0.680 → 0.690, "
                           "ROC-AUC 0.620 → 0.540) while validation ROC-AUC rose "
                           "(0.710 → 0.745)")
    assert said.endswith("most likely noise rather than a trend.")  # no half epochs here


def test_backwards_epoch_names_later_ones_and_leaves_half_steps_out():
    said = ch03.backwards_epoch(loss=[0.70, 0.72, 0.66, 0.68, 0.65],
                                auc=[0.6, 0.55, 0.54, 0.50, 0.7],
                                val_auc=[0.6, 0.7, 0.75, 0.8, 0.85])
    assert said.startswith("Epoch 2 went backwards")
    # epoch 3 (ROC-AUC down, loss down too) is not named: one sentence (round 17's report)
    assert said.endswith("rather than a trend; so did epoch 4.") and "epoch 3" not in said
    # validation fell too, or training only half went backwards: nothing to say
    assert ch03.backwards_epoch([0.7, 0.72], [0.6, 0.5], [0.7, 0.6]) == ""
    assert ch03.backwards_epoch([0.7, 0.72], [0.6, 0.65], [0.7, 0.8]) == ""


@pytest.mark.parametrize("auc, val_auc, share", [
    ([0.5, 0.85], [0.6, 0.948], "in all 2 epochs (0.948 against 0.850 in the last)"),
    ([0.5, 0.9, 0.95], [0.6, 0.8, 0.9], "in 1 of its 3 epochs (0.900 against 0.950"),
    ([0.5], [0.6], "in its one epoch")])
def test_validation_ahead_counts_the_epochs(auc, val_auc, share):
    said = ch03.validation_ahead(auc, val_auc)
    assert said.startswith("In this run validation ROC-AUC was above training's " + share)
    assert "the run cannot tell" in said


def test_validation_never_ahead():
    said = ch03.validation_ahead([0.7, 0.9], [0.6, 0.8])
    assert said == ("In this run training ROC-AUC was at or above validation's in every "
                    "epoch (0.900 against 0.800 in the last).")


def test_validation_gap_takes_a_history_column_and_a_bootstrap_row():
    import pandas as pd

    index = pd.RangeIndex(1, 3, name="epoch")
    row = pd.Series({"value": 0.9, "low": 0.85, "high": 0.95})
    said = _gap(pd.Series([0.7, 0.8], index), row[["value", "low", "high"]],
                row[["value", "low", "high"]], 120, 240)
    assert "last epoch, 2 of 2," in said and "0.900 on the 120 validation faces and 0.900 on" in said


def test_validation_gap_when_the_last_kept_epoch_ends_a_curve_that_rose_and_fell():
    """A last epoch kept from scores that rose and fell may owe part of a lead to luck."""
    said = _gap([0.6, 0.95, 0.94, 0.951], (0.948, 0.911, 0.979), (0.913, 0.868, 0.949),
                120, 240)
    assert ("The kept weights are the last epoch's, 4 of 4, the highest of validation "
            "scores that rose and fell.") in said
    assert "part of the gap may be that luck" in said and "little optimism" not in said
    higher = _gap([0.6, 0.95, 0.94, 0.951], (0.85, 0.80, 0.90), (0.90, 0.86, 0.94), 120,
                  240)
    assert "yet test is not below validation" in higher and "that luck" not in higher
    assert "The kept weights are the last epoch's, 4 of 4, picked on validation" in higher


def test_validation_gap_with_one_epoch_or_no_width():
    one = _gap([0.9], (0.9, 0.85, 0.95), (0.88, 0.83, 0.93), 120, 240)
    assert "nothing was picked" in one and "little optimism" not in one
    flat = _gap([0.6, 0.9], (0.9, 0.9, 0.9), (1.0, 1.0, 1.0), 120, 240)
    assert "Both intervals have no width" in flat and "little optimism" not in flat
    assert "by +0.300 in validation ROC-AUC; validation's interval has no width" in flat


def test_a_validation_error_narrower_than_its_identities_allow_is_explained():
    """Round 19's report: validation (15 identities) had a smaller standard error than test
    (30), against the 1/√n rule the chapter teaches. Round 20's: say in one clause whether
    the gap's verdict holds with validation's error scaled from test's by the identities,
    0.021 × √(30/15) = 0.030: 0.035 / √(0.030² + 0.021²) = 0.96, still within chance."""
    items = ch03.validation_gap(RISING, (0.948, 0.911, 0.979), (0.913, 0.868, 0.949),
                                120, 240, ids_val=15, ids_test=30)
    said = " ".join(items)
    assert ("0.017 on validation and 0.021 on test" in said
            and "Validation's error is the smaller, though it holds fewer identities "
                "(15 against test's 30)" in said and "figure is rough" in said)
    # its own list item, in short sentences (round 22's report: one sentence of 100 words)
    narrower = items[3]
    assert narrower.startswith("Validation's error is the smaller")
    assert all(len(s.split()) <= 30 for s in narrower.split(". "))
    assert ("With its error scaled from test's by the identities (0.021 × √(30/15) = "
            "0.030), the gap is 1.0 standard errors, still within chance.") in narrower
    assert "little optimism" in said and len(items) == 7
    # the pick's lead counted in the scaled error, not in the one just called too narrow
    assert ("likely adds little optimism: it leads the next best, epoch 3, by +0.050 in "
            "validation ROC-AUC, 1.7 of validation's standard errors (0.030, scaled from "
            "test's above).") in said
    # a gap beyond chance that the wider error brings within it: the verdict is hedged
    wide_gap = _gap(RISING, (0.930, 0.912, 0.948), (0.880, 0.845, 0.915), 120, 240,
                    ids_val=15, ids_test=30)
    assert "beyond what chance alone usually gives" in wide_gap
    assert "within chance: the verdict above rests on validation's rough interval" in wide_gap
    # validation's error the larger, as the rule expects: nothing to explain
    wide = _gap(RISING, (0.948, 0.90, 0.99), (0.913, 0.89, 0.935), 120, 240,
                ids_val=15, ids_test=30)
    assert "Validation's error is the smaller" not in wide


def test_recall_jump_names_the_largest_fall_with_a_rise_in_roc_auc():
    """Round 22's report: at epoch 5 validation recall fell 0.467 → 0.317 while val_auc
    rose 0.713 → 0.745, and no reading said so."""
    said = ch03.recall_jump(val_recall=[0.2, 0.4, 0.467, 0.317, 0.35, 0.3],
                            val_auc=[0.6, 0.7, 0.713, 0.745, 0.75, 0.74])
    assert said == ("At epoch 4 validation recall fell (0.467 → 0.317) while validation "
                    "ROC-AUC rose (0.713 → 0.745): the model ranked faces better, but its "
                    "decisions near `0.5` moved, the instability described above.")


def test_recall_jump_says_nothing_without_such_an_epoch():
    # recall fell with ROC-AUC: no jump to read; rose: nothing either
    assert ch03.recall_jump([0.5, 0.3], [0.7, 0.65]) == ""
    assert ch03.recall_jump([0.3, 0.5], [0.7, 0.75]) == ""
    # a fall to 0 is an epoch that called every face real: threshold_reading's
    assert ch03.recall_jump([0.5, 0.0], [0.7, 0.75]) == ""
