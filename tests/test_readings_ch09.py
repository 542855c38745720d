"""Every branch of chapter 09's readings (dfkit.course.readings.ch09), on made-up numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dfkit.course.readings import ch09

# --- backbone_ranking and backbone_against_model1 -------------------------------------------


def test_backbone_ranking_reads_only_an_interval_that_leaves_out_zero():
    assert ch09.backbone_ranking(0.012, 0.09) == "the pretrained backbone is ahead"
    assert ch09.backbone_ranking(-0.2, -0.001) == "Model 1 is ahead"
    assert ch09.backbone_ranking(-0.03, 0.08) == "this run cannot rank them"
    assert ch09.backbone_ranking(0.0, 0.08) == "this run cannot rank them"


def test_backbone_against_model1_names_the_pair_and_quotes_the_interval():
    text = ch09.backbone_against_model1("Model 1 on RGB", 0.7124, "Lite0 fine-tuned", 0.6519,
                                        -0.0456, -0.1167, 0.021)
    assert text.startswith("Chosen on validation ROC-AUC: Model 1 on RGB (0.712) and "
                           "Lite0 fine-tuned (0.652).")
    assert "Lite0 minus Model 1: -0.046 in ROC-AUC" in text
    assert "[-0.117, +0.021]" in text
    assert text.endswith("(test identities resampled): this run cannot rank them.")


def test_backbone_against_model1_ranks_when_the_interval_is_above_zero():
    text = ch09.backbone_against_model1("Model 1 on the stack", 0.6, "Lite0 linear probe",
                                        0.8, 0.167, 0.1, 0.25)
    assert "+0.167 in ROC-AUC" in text
    assert text.endswith(": the pretrained backbone is ahead.")


def test_passed_over_on_test_names_every_row_passed_over():
    text = ch09.passed_over_on_test(["Model 1 on the stack", "Lite0 linear probe"])
    assert text.startswith("On test, Model 1 on the stack and Lite0 linear probe scored higher")
    assert "the price of choosing on validation" in text


# --- threshold_reading ----------------------------------------------------------------------


def test_threshold_reading_far_from_half_hints_at_calibration():
    text = ch09.threshold_reading(0.2871, 0.2211, 0.3549, 0.5)
    assert text.startswith("The threshold 0.287 is the cut")
    assert "the best cut need not be 0.5" in text and "order of the scores" not in text
    assert "median real face scored 0.221 and the median fake 0.355" in text
    assert ("the best cut would sit near the share of fakes: with balanced classes, as on "
            "validation here (0.50 fakes), near 0.5.") in text
    assert "Here it lies far from that, a hint (no proof)" in text
    assert "lies near that" not in text


def test_threshold_reading_near_half():
    text = ch09.threshold_reading(0.55, 0.4, 0.7, 0.5)
    assert "Here it lies near that, which fits calibrated scores but does not prove" in text
    assert "far from that, a hint" not in text and "0.550" in text


def test_threshold_reading_measures_far_from_the_share_of_fakes_not_from_half():
    text = ch09.threshold_reading(0.31, 0.2, 0.5, 0.3)
    assert "0.30 on validation (0.5 only when the classes are balanced)" in text
    assert "lies near that" in text


# --- photo_reading --------------------------------------------------------------------------


def _scored(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["file", "face", "p_fake", "verdict"])


def test_photo_reading_when_no_face_was_found():
    empty = _scored(("/tmp/x/astronaut.jpg", None, np.nan, "no face")).dropna(subset=["p_fake"])
    assert ch09.photo_reading(empty, False, 0.4) == (
        "On this run the face finder found no face to score in the photo.")


def test_photo_reading_calls_a_fake_verdict_on_the_astronaut_a_false_alarm():
    text = ch09.photo_reading(_scored(("/tmp/x/astronaut.jpg", 0, 0.6234, "fake")), False,
                              0.41)
    assert "called her face **fake** (p_fake 0.623, threshold 0.410)" in text
    assert text.endswith("a false alarm on a real photo.")


def test_photo_reading_a_real_verdict_on_the_astronaut_is_no_evidence():
    text = ch09.photo_reading(_scored(("/tmp/x/astronaut.jpg", 0, 0.1, "real")), False, 0.41)
    assert "**real** (p_fake 0.100" in text
    assert "the right answer here, though not evidence" in text
    assert "false alarm" not in text


def test_photo_reading_lists_each_face_of_the_students_photos():
    text = ch09.photo_reading(_scored(("/content/me.jpg", 0, 0.71, "fake"),
                                      ("/content/me.jpg", 1, 0.05, "real")), True, 0.5)
    assert text.startswith("Your photo, scored by the fine-tuned model at threshold 0.500: ")
    assert "me.jpg, face 0: **fake** (p_fake 0.710); me.jpg, face 1: **real**" in text
    assert "/content" not in text and "astronaut" not in text


# --- still_rising and training_budgets ------------------------------------------------------


def test_still_rising_needs_a_last_epoch_that_is_the_best_and_above_the_one_before():
    assert ch09.still_rising([0.6, 0.7, 0.9, 0.93])
    assert not ch09.still_rising([0.6, 0.95, 0.9, 0.93])  # below an earlier best
    assert not ch09.still_rising([0.6, 0.9, 0.9])  # flat at the end
    assert not ch09.still_rising([0.7])


RISING10 = [0.61, 0.65, 0.68, 0.70, 0.78, 0.82, 0.86, 0.889, 0.916, 0.926]


def test_training_budgets_longer_lite0_against_a_rising_model1():
    text = ch09.training_budgets("Model 1 on the stack", RISING10, "Lite0 fine-tuned", 10, 10)
    assert text.startswith("The two did not train equally long: Lite0 fine-tuned trained 20 "
                           "epochs in all (the probe's 10, then 10 more), Model 1 on the "
                           "stack 10, and Model 1 on the stack's validation AUC was still "
                           "rising at its last epoch (its history's last epochs: 0.889, "
                           "0.916, 0.926).")
    assert "same cap on epochs" in text


def test_training_budgets_longer_lite0_against_a_model1_that_had_stopped_rising():
    text = ch09.training_budgets("Model 1 on RGB", [0.7, 0.8, 0.9, 0.85, 0.84, 0.83],
                                 "Lite0 probe, trained longer", 5, 4)
    assert "trained 9 epochs in all (the probe's 5, then 4 more), Model 1 on RGB 6;" in text
    assert "had stopped rising before its last epoch (its history's last epochs: 0.850, " \
           "0.840, 0.830), so more epochs might not" in text


def test_training_budgets_when_model1_trained_longer_or_as_long():
    shorter = ch09.training_budgets("Model 1 on RGB", RISING10, "Lite0 linear probe", 4, 0)
    assert shorter == ("The two did not train equally long: Lite0 linear probe trained 4 "
                       "epochs in all, Model 1 on RGB 10, the larger budget; Model 1 on RGB's "
                       "validation AUC was still rising at its last epoch (its history's last "
                       "epochs: 0.889, 0.916, 0.926).")
    same = ch09.training_budgets("Model 1 on RGB", [0.8, 0.7], "Lite0 fine-tuned", 1, 1)
    assert same.startswith("Both had the same budget: Lite0 fine-tuned trained 2 epochs in all "
                           "(the probe's 1, then 1 more), Model 1 on RGB 2;")


# --- kept_epochs, training_faces and first_fine_tuned_epoch -------------------------------


def test_kept_epochs_names_the_epoch_early_stopping_kept():
    assert ch09.kept_epochs([0.917, 0.914, 0.921, 0.925, 0.930, 0.931, 0.928, 0.929]) == (
        "6 of 8")
    # the last epoch kept: shown the same way, so the reader sees early stopping never fired
    assert ch09.kept_epochs([0.9, 0.95, 0.97]) == "3 of 3"
    # a tie keeps the first best, as Keras's EarlyStopping does
    assert ch09.kept_epochs([0.9, 0.93, 0.93]) == "2 of 3"


def test_training_faces_names_count_size_and_source():
    assert ch09.training_faces(840, 64, True) == (
        "840 training faces of 64×64 px (the course's synthetic faces, drawn, not "
        "photographed)")
    folder = ch09.training_faces(5600, 128, False)
    assert folder.startswith("5,600 training faces of 128×128 px")
    assert "synthetic" not in folder


def test_first_fine_tuned_epoch_loss_jump_with_auc_held_is_read_as_confidence():
    text = ch09.first_fine_tuned_epoch(0.4441, 0.931, 0.9224, 0.933)
    assert text.startswith("In its first fine-tuned epoch the validation loss went from "
                           "0.444 (the probe it started from) to 0.922, and validation AUC "
                           "from 0.931 to 0.933.")
    assert "The loss jumped while AUC held" in text
    assert "Adam divides each weight's step" in text  # the why of "however small"
    assert "this run does not prove it" in text
    assert "rules out one cause" in text  # why frozen BatchNorm did not prevent it
    assert "Both got worse" not in text and "No jump" not in text


def test_first_fine_tuned_epoch_loss_jump_with_auc_falling():
    text = ch09.first_fine_tuned_epoch(0.44, 0.93, 0.70, 0.88)
    assert "Both got worse" in text
    assert "AUC held" not in text


def test_first_fine_tuned_epoch_without_a_jump():
    text = ch09.first_fine_tuned_epoch(0.44, 0.93, 0.50, 0.94)
    assert "No jump in loss" in text
    assert "AUC held" not in text and "Both got worse" not in text


# --- probe_trained, probe_reading and own_and_paired ---------------------------------------


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


def test_own_and_paired_points_out_overlap_with_a_paired_interval_that_leaves_out_0():
    shown = ch09.own_and_paired("[0.939, 0.986]", "[0.975, 0.998]", 0.008, 0.043)
    assert shown.startswith("This run shows it: the two models' own test intervals, "
                            "[0.939, 0.986] and [0.975, 0.998], overlap, yet the paired "
                            "interval of the difference [+0.008, +0.043] leaves out 0.")
    both = ch09.own_and_paired("[0.9, 0.95]", "[0.92, 0.97]", -0.01, 0.04)
    assert "overlap, and the paired interval of the difference [-0.010, +0.040] includes 0" \
        in both
    apart = ch09.own_and_paired("[0.80, 0.85]", "[0.90, 0.95]", 0.05, 0.12)
    assert "do not even overlap" in apart


def test_probe_and_threshold_readings_come_in_short_paragraphs():
    probe = ch09.probe_reading([0.72, 0.80, 0.91], 3, 0.910, 0.960, "[0.939, 0.986]")
    assert probe.count("\n\n") == 1 and probe.split("\n\n")[1].startswith("On test it scored")
    cut = ch09.threshold_reading(0.287, 0.221, 0.355, 0.5)
    assert cut.count("\n\n") == 1 and cut.split("\n\n")[1].startswith("For scores that were")


def test_cut_by_the_cap_reads_both_models_alike():
    one = ch09.cut_by_the_cap({"frozen": [0.9, 0.95, 0.93], "fine-tuned": [0.9, 0.92, 0.97]}, 3)
    assert one.startswith("The fine-tuned model was still at its best on validation at the "
                          "last of the 3 epochs allowed: it may not have finished learning.")
    assert "the frozen model peaked at epoch 2 of the 3 it ran" in one
    assert one.endswith("holds at this cap, not beyond it.")
    both = ch09.cut_by_the_cap({"frozen": [0.9, 0.95], "fine-tuned": [0.9, 0.97]}, 2)
    assert both.startswith("The frozen and the fine-tuned models were still at their best")
    assert "By contrast" not in both
    stopped = ch09.cut_by_the_cap({"frozen": [0.9, 0.95, 0.9], "fine-tuned": [0.97, 0.9]}, 3)
    assert stopped.startswith("Neither was cut short by the cap of 3 epochs:")
    assert "fine-tuned model peaked at epoch 1 of the 2 it ran" in stopped
    assert "may not have finished" not in stopped
