"""Every branch of chapter 09's readings (dfkit.course.readings.ch09), on made-up numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dfkit.course.readings import ch09

# --- backbone_ranking, backbone_against_model1, passed_over and against_model1 ------------


def test_backbone_ranking_reads_only_an_interval_that_leaves_out_zero():
    assert ch09.backbone_ranking(0.012, 0.09) == ("At these budgets, the pretrained "
                                                   "backbone is ahead on this run")
    assert ch09.backbone_ranking(-0.2, -0.001) == ("At these budgets, Model 1 is ahead "
                                                     "on this run")
    assert ch09.backbone_ranking(-0.03, 0.08) == "This run cannot rank the two"
    assert ch09.backbone_ranking(0.0, 0.08) == "This run cannot rank the two"


def test_backbone_against_model1_puts_the_verdict_first_and_quotes_the_interval():
    text = ch09.backbone_against_model1("Model 1 on RGB", 0.7124, "Lite0 fine-tuned", 0.6519,
                                        -0.0456, -0.1167, 0.021)
    assert text == ("This run cannot rank the two: on test, Lite0 fine-tuned minus Model 1 on "
                    "RGB (the two chosen on validation ROC-AUC, 0.652 and 0.712) is -0.046 in "
                    "ROC-AUC, paired 95% interval [-0.117, +0.021].")
    ahead = ch09.backbone_against_model1("Model 1 on the stack", 0.6, "Lite0 linear probe",
                                         0.8, 0.167, 0.1, 0.25)
    assert ahead.startswith("At these budgets, the pretrained backbone is ahead on "
                            "this run: ")
    assert "+0.167 in ROC-AUC" in ahead


ROWS = {"Model 1 on RGB": {"val ROC-AUC": 0.92, "test ROC-AUC": 0.90},
        "Model 1 on the stack": {"val ROC-AUC": 0.95, "test ROC-AUC": 0.88},
        "Lite0 linear probe": {"val ROC-AUC": 0.91, "test ROC-AUC": 0.96},
        "Lite0 fine-tuned": {"val ROC-AUC": 0.97, "test ROC-AUC": 0.98}}


def test_passed_over_names_rows_that_beat_the_pick_of_their_own_side_on_test():
    assert ch09.passed_over(ROWS, ["Model 1 on the stack", "Lite0 fine-tuned"]) == [
        "Model 1 on RGB"]  # the probe beats Model 1's pick, but it is on the other side
    assert ch09.passed_over(ROWS, ["Model 1 on RGB", "Lite0 fine-tuned"]) == []


def test_passed_over_on_test_names_every_row_passed_over():
    text = ch09.passed_over_on_test(["Model 1 on the stack", "Lite0 linear probe"])
    assert text.startswith("On test, Model 1 on the stack and Lite0 linear probe scored higher "
                           "than the row chosen on their side")
    assert "a gap this run does not rank" in text and "price" not in text
    assert "on its side" in ch09.passed_over_on_test(["Model 1 on RGB"])
    assert ch09.passed_over_on_test([]) == ""


def test_against_model1_is_at_most_three_sentences_verdict_first():
    fits = {"Model 1 on the stack": [RISING10], "Model 1 on RGB": [RISING10],
            "Lite0 fine-tuned": [[0.9] * 10, [0.95] * 10]}
    text = ch09.against_model1(ROWS, fits, "Model 1 on the stack", "Lite0 fine-tuned",
                               (0.075, 0.037, 0.123))
    assert text.startswith("At these budgets, the pretrained backbone is ahead on this run: "
                           "on test, Lite0 fine-tuned minus Model 1 on the stack")
    # Lite0 fine-tuned's last fit peaked at its first epoch; both Model 1 rows at their last
    assert ("; every row but Lite0 fine-tuned was at its best in its last epoch, still "
            "learning when it stopped.") in text
    assert "Lite0 fine-tuned trained 20 epochs in all, Model 1 on the stack 10" in text
    assert text.endswith("On test, Model 1 on RGB scored higher than the row chosen on its "
                         "side, a gap this run does not rank (no paired interval was "
                         "computed for it); choosing on validation stays the rule.")
    assert text.count(". ") == 2
    none = ch09.against_model1(ROWS, fits, "Model 1 on RGB", "Lite0 fine-tuned",
                               (0.01, -0.02, 0.04))
    assert "scored higher than the row chosen" not in none and none.count(". ") == 1


def test_ended_at_best_names_the_rows_still_learning_when_they_stopped():
    flat, rising = [0.9, 0.8, 0.8], [0.7, 0.8, 0.9]
    fits = {"A": [rising], "B": [flat, rising], "Lite0 probe, trained longer": [rising, flat]}
    assert ch09.ended_at_best(fits) == ("; every row but Lite0 probe, trained longer, was at "
                                        "its best in its last epoch, still learning when it "
                                        "stopped")
    assert ch09.ended_at_best({"A": [flat]}) == ""
    assert ch09.ended_at_best({"A": [[0.9]]}) == ""  # one epoch: not "still learning"
    assert ch09.ended_at_best({"A": [rising], "B": [flat], "C": [flat]}).startswith(
        "; A was at its best")
    assert ch09.ended_at_best({"A": [rising], "B": [rising], "C": [flat], "D": [flat]}) == (
        "; A and B were at their best in their last epoch, still learning when they stopped")


# --- threshold_reading ----------------------------------------------------------------------


def test_threshold_reading_says_where_the_cut_sits_in_one_sentence():
    text = ch09.threshold_reading(0.2871, 0.2211, 0.3549)
    assert text.startswith("The threshold 0.287 is the cut with the highest balanced accuracy")
    assert "median real face scored 0.221 and the median fake 0.355" in text
    assert text.endswith("so the best cut need not be 0.5.")
    assert "calibrated" not in text and text.count(". ") == 0


# --- photo_reading --------------------------------------------------------------------------

FACES = "840 training faces of 64×64 px (the course's synthetic faces, drawn, not photographed)"


def _scored(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["file", "face", "p_fake", "verdict"])


def test_photo_reading_when_no_face_was_found():
    empty = _scored(("/tmp/x/astronaut.jpg", None, np.nan, "no face")).dropna(subset=["p_fake"])
    assert ch09.photo_reading(empty, False, 0.4, FACES) == (
        f"On this run the face finder found no face in the photo for the fine-tuned model, "
        f"which learnt from {FACES} to score.")


def test_photo_reading_calls_a_fake_verdict_on_the_astronaut_a_false_alarm():
    text = ch09.photo_reading(_scored(("/tmp/x/astronaut.jpg", 0, 0.6234, "fake")), False,
                              0.41, FACES)
    assert text.startswith("The astronaut is a real photograph, and the fine-tuned model, "
                           "which learnt from 840 training faces")
    assert "drawn, not photographed), called her face" in text
    assert "called her face **fake** (p_fake 0.623, threshold 0.410)" in text
    assert text.endswith("a false alarm on a real photo.")


def test_photo_reading_a_real_verdict_on_the_astronaut_is_no_evidence():
    text = ch09.photo_reading(_scored(("/tmp/x/astronaut.jpg", 0, 0.1, "real")), False, 0.41,
                              FACES)
    assert "**real** (p_fake 0.100" in text
    assert "the right answer here, though not evidence" in text
    assert "false alarm" not in text


def test_photo_reading_lists_each_face_of_the_students_photos():
    text = ch09.photo_reading(_scored(("/content/me.jpg", 0, 0.71, "fake"),
                                      ("/content/me.jpg", 1, 0.05, "real")), True, 0.5, FACES)
    assert text.startswith("Your photo, scored by the fine-tuned model, which learnt from 840 ")
    assert "photographed), at threshold 0.500: me.jpg, face 0: **fake** (p_fake 0.710); me.jpg, face 1: " \
           "**real**" in text
    assert "/content" not in text and "astronaut" not in text


# --- still_rising and training_budgets ------------------------------------------------------


def test_still_rising_needs_a_last_epoch_that_is_the_best_and_above_the_one_before():
    assert ch09.still_rising([0.6, 0.7, 0.9, 0.93])
    assert not ch09.still_rising([0.6, 0.95, 0.9, 0.93])  # below an earlier best
    assert not ch09.still_rising([0.6, 0.9, 0.9])  # flat at the end
    assert not ch09.still_rising([0.7])


RISING10 = [0.61, 0.65, 0.68, 0.70, 0.78, 0.82, 0.86, 0.889, 0.916, 0.926]


def test_training_budgets_longer_lite0_against_a_rising_model1():
    lite = [pd.DataFrame({"val_auc": [0.8] * 10}), pd.DataFrame({"val_auc": [0.9] * 10})]
    text = ch09.training_budgets("Model 1 on the stack", [RISING10], "Lite0 fine-tuned", lite)
    assert text == ("The budgets differ: Lite0 fine-tuned trained 20 epochs in all, Model 1 on "
                    "the stack 10 and was still improving (validation AUC 0.889, 0.916, 0.926 "
                    "in its last epochs), so this ranks the recipes at these budgets, not the "
                    "networks.")


def test_training_budgets_longer_lite0_against_a_model1_that_had_stopped_rising():
    text = ch09.training_budgets("Model 1 on RGB", [[0.7, 0.8, 0.9, 0.85, 0.84, 0.83]],
                                 "Lite0 probe, trained longer", [[0.8] * 5, [0.9] * 4])
    assert text.startswith("The budgets differ (Lite0 probe, trained longer 9 epochs in all, "
                           "Model 1 on RGB 6), but Model 1 on RGB had stopped improving "
                           "(validation AUC 0.850, 0.840, 0.830 in its last epochs)")


def test_training_budgets_when_model1_trained_longer_or_as_long():
    shorter = ch09.training_budgets("Model 1 on RGB", [RISING10], "Lite0 linear probe",
                                    [[0.9] * 4])
    assert shorter == ("Model 1 on RGB had the larger budget, 10 epochs against Lite0 linear "
                       "probe's 4 in all, and was still improving at its end (validation AUC "
                       "0.889, 0.916, 0.926).")
    same = ch09.training_budgets("Model 1 on RGB", [[0.8, 0.7]], "Lite0 fine-tuned",
                                 [[0.9], [0.91]])
    assert same.startswith("Both trained 2 epochs in all; Model 1 on RGB was no longer "
                           "improving")


# --- kept_epochs, training_faces and first_fine_tuned_epoch -------------------------------


def test_kept_epochs_names_the_epoch_early_stopping_kept_counting_every_fit():
    further = [0.917, 0.914, 0.921, 0.925, 0.930, 0.931, 0.928, 0.929]
    assert ch09.kept_epochs([further]) == "6 of 8"
    # a copy of the probe trained further: the probe's 10 epochs come first
    assert ch09.kept_epochs([[0.8] * 10, further]) == "16 of 18"
    # the kept epoch is the best of the last fit, even if the probe's was higher
    assert ch09.kept_epochs([[0.99], [0.9, 0.95, 0.93]]) == "3 of 4"
    assert ch09.kept_epochs([pd.DataFrame({"val_auc": [0.9, 0.95, 0.97]})]) == "3 of 3"
    # a tie keeps the first best, as Keras's EarlyStopping does
    assert ch09.kept_epochs([[0.9, 0.93, 0.93]]) == "2 of 3"


def test_training_faces_names_count_size_and_source():
    assert ch09.training_faces(840, 64, True) == FACES
    folder = ch09.training_faces(5600, 128, False)
    assert folder.startswith("5,600 training faces of 128×128 px")
    assert "synthetic" not in folder


def _epoch(loss, auc):
    return {"val_loss": loss, "val_auc": auc}


def test_first_fine_tuned_epoch_loss_jump_with_auc_rising_against_a_calm_frozen_copy():
    text = ch09.first_fine_tuned_epoch(_epoch(0.4441, 0.910), _epoch(0.9224, 0.933),
                                       _epoch(0.440, 0.917))
    assert text.startswith("In its first fine-tuned epoch the validation loss jumped from "
                           "0.444 (the probe it started from) to 0.922, yet validation AUC "
                           "rose from 0.910 to 0.933:")
    assert "held" not in text and "Adam divides" not in text
    assert "The frozen copy, whose fresh Adam trained its head alone at a ten times higher " \
           "learning rate, had no such jump (0.440)" in text
    assert "this run does not prove it" in text
    assert text.count(". ") == 1


def test_first_fine_tuned_epoch_loss_jump_in_both_copies():
    text = ch09.first_fine_tuned_epoch(_epoch(0.44, 0.93), _epoch(0.9, 0.931),
                                       _epoch(0.8, 0.92))
    assert "validation AUC stayed near 0.930 (0.931)" in text
    assert "The frozen copy's loss jumped too (0.800)" in text


def test_first_fine_tuned_epoch_loss_jump_with_auc_falling():
    text = ch09.first_fine_tuned_epoch(_epoch(0.44, 0.93), _epoch(0.70, 0.88),
                                       _epoch(0.45, 0.93))
    assert "validation AUC fell from 0.930 to 0.880" in text
    assert "rose" not in text


def test_first_fine_tuned_epoch_without_a_jump():
    text = ch09.first_fine_tuned_epoch(_epoch(0.44, 0.93), _epoch(0.50, 0.94),
                                       _epoch(0.45, 0.93))
    assert "did not upset the probe's scores" in text and "jumped" not in text


# --- probe_trained, probe_reading -------------------------------------------------------


def test_probe_trained_says_when_the_probe_was_loaded_not_trained():
    assert ch09.probe_trained(10, [6.2, 2.4, 3.0]) == "the probe trained 10 epochs in 12 s"
    loaded = ch09.probe_trained(10, [])
    assert "loaded from dfkit's model cache" in loaded
    assert "in 0 s" not in loaded


def test_probe_reading_at_its_best_on_the_last_epoch_of_the_cap():
    text = ch09.probe_reading([0.72, 0.80, 0.91], 3, 0.910, 0.960, "[0.939, 0.986]")
    assert text.startswith("The probe's validation AUC was highest at its last epoch (3 of the "
                           "cap of 3): it may not have finished learning")
    assert "On test it scored 0.960, above validation's 0.910" in text
    assert "lies outside the test interval [0.939, 0.986], but that interval holds only the " \
           "test faces' luck" in text
    assert "easier" not in text  # validation's own luck is not in that interval


def test_probe_reading_stopped_early_or_peaked_before_the_cap():
    stopped = ch09.probe_reading([0.8, 0.9, 0.85, 0.84, 0.83], 10, 0.9, 0.88,
                                 "[0.85, 0.92]")
    assert stopped.startswith("Early stopping ended the probe at epoch 5 of 10, its best being "
                              "epoch 2")
    assert "below validation's 0.900" in stopped
    assert stopped.endswith("so the gap is within the test faces' luck.")
    peaked = ch09.probe_reading([0.8, 0.9, 0.85], 3, 0.9, 0.7, "[0.6, 0.8]")
    assert peaked.startswith("The probe's validation AUC peaked at epoch 2 of 3;")
    assert "the gap may come from either split" in peaked and "harder" not in peaked


def test_probe_reading_comes_in_short_paragraphs():
    probe = ch09.probe_reading([0.72, 0.80, 0.91], 3, 0.910, 0.960, "[0.939, 0.986]")
    assert probe.count("\n\n") == 1 and probe.split("\n\n")[1].startswith("On test it scored")


# --- cut_by_the_cap and fine_tune_verdict -------------------------------------------------


def test_cut_by_the_cap_reads_both_models_alike_counting_the_probes_epochs():
    one = ch09.cut_by_the_cap({"frozen copy": [0.9, 0.95, 0.93],
                               "fine-tuned model": [0.9, 0.92, 0.97]}, 3, before=10)
    assert one == ("The fine-tuned model was still at its best at the last epoch the cap "
                   "allowed (epoch 13 of 13); the frozen copy peaked at epoch 12 of 13: the "
                   "verdict holds at this cap of 3 further epochs, not beyond it.")
    both = ch09.cut_by_the_cap({"frozen copy": [0.9, 0.95], "fine-tuned model": [0.9, 0.97]},
                               2)
    assert both.startswith("The frozen copy was still at its best at the last epoch the cap "
                           "allowed (epoch 2 of 2); the fine-tuned model was still")
    stopped = ch09.cut_by_the_cap({"frozen copy": [0.9, 0.95, 0.9],
                                   "fine-tuned model": [0.97, 0.9]}, 3)
    assert stopped.startswith("Neither was cut short by the cap of 3 further epochs:")
    assert "fine-tuned model peaked at epoch 1 of 2" in stopped
    assert "still at its best" not in stopped


def test_fine_tune_verdict_three_sentences_conclusion_first():
    frozen = [0.917, 0.914, 0.921, 0.925, 0.930, 0.931, 0.928, 0.929]
    tuned = [0.93, 0.94, 0.94, 0.95, 0.96, 0.96, 0.967, 0.969, 0.957, 0.973]
    text = ch09.fine_tune_verdict((0.024, 0.008, 0.043), "[0.939, 0.986]", "[0.975, 0.998]",
                                  frozen, tuned, 10, 10)
    assert text.startswith("On this run fine-tuning is ahead of the probe trained further: "
                           "the fine-tuned model minus the frozen copy is +0.024 in test "
                           "ROC-AUC, paired 95% interval [+0.008, +0.043], which leaves out 0")
    assert "although their own test intervals, [0.939, 0.986] and [0.975, 0.998], overlap" \
        in text
    assert "two things at once" in text and "ten times lower learning rate" in text
    assert "(epoch 20 of 20)" in text and "peaked at epoch 16 of 18" in text
    assert text.count(". ") == 2
    tied = ch09.fine_tune_verdict((0.01, -0.02, 0.04), "[0.9, 0.95]", "[0.92, 0.97]", frozen,
                                  tuned, 10, 10)
    assert tied.startswith("This run cannot rank fine-tuning and the probe trained further")
    assert "which includes 0" in tied and "although" not in tied
    behind = ch09.fine_tune_verdict((-0.05, -0.09, -0.01), "[0.80, 0.85]", "[0.90, 0.95]",
                                    frozen, tuned, 10, 10)
    assert behind.startswith("On this run the probe trained further is ahead of fine-tuning")
    assert "although" not in behind  # own intervals apart: nothing to point out
