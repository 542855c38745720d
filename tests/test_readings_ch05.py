"""readings.ch05 on made-up numbers: each branch of the search sentences."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dfkit.course.readings import ch05

HEADLINE = pd.DataFrame({"objective val_recall": {"recall": 1.0, "specificity": 0.125},
                         "objective val_auc": {"recall": 0.8333, "specificity": 0.7}})


def test_searches_that_kept_the_same_trial():
    said = ch05.searches_reading(HEADLINE, same_trial=True, n_real=120, n_fake=120)
    assert "found 1.000 of the fakes and kept 0.125 of the real faces" in said
    assert "found 0.833 and kept 0.700." in said
    assert "comes from the epoch each search saved of it." in said
    assert "as many real faces as fakes (120 each)" in said
    assert "different trials" not in said and "GPU" not in said


def test_searches_on_a_gpu_and_an_unbalanced_test_split():
    said = ch05.searches_reading(HEADLINE, same_trial=True, n_real=100, n_fake=140, gpu=True)
    assert "on this GPU, perhaps a little from two slightly different trainings" in said
    assert "balanced accuracy" not in said


def test_searches_that_kept_the_same_trial_and_score_alike():
    alike = pd.DataFrame({"objective val_recall": {"recall": 0.5, "specificity": 0.75},
                          "objective val_auc": {"recall": 0.5, "specificity": 0.75}})
    said = ch05.searches_reading(alike, same_trial=True, n_real=3, n_fake=4)
    assert said.endswith("Both searches kept the same trial, and their saved models score "
                         "alike here.")


def test_searches_that_kept_different_trials():
    said = ch05.searches_reading(HEADLINE, same_trial=False, n_real=3, n_fake=4)
    assert said.endswith("The two searches kept different trials: two sets of hyperparameters "
                         "differ here.")
    assert "same trial" not in said


def _side(recall, auc, kept):
    return pd.DataFrame({"val_recall": recall, "val_auc": auc, "kept by": kept},
                        index=pd.Index([str(i) for i in range(len(recall))], name="trial"))


def _saved(recall_row, auc_row):
    columns = ["trial", "epoch saved", "val_recall", "val_auc"]
    return pd.DataFrame([recall_row, auc_row], index=["val_recall", "val_auc"], columns=columns)


def test_objectives_kept_one_trial_and_saved_two_epochs():
    side = _side([0.983, 0.817, 0.767], [0.921, 0.664, 0.686], ["all", "", ""])
    saved = _saved(["2", 3, 0.983, 0.80], ["2", 9, 0.9, 0.921])
    said = ch05.objectives_reading(side, saved)
    assert "top validation recall was 0.983, reached by one trial alone (no tie to break)" in said
    assert "in different orders (read the gaps" in said and "calls every face fake" not in said
    assert ("Both searches kept trial 2 (the same hyperparameters, trained the same way), but "
            "saved different epochs of it: the `val_recall` search its epoch 3 (validation "
            "recall 0.983, ROC-AUC 0.800), the `val_auc` search its epoch 9 (validation recall "
            "0.900, ROC-AUC 0.921).") in said
    assert "GPU" not in said
    assert "GPU" in ch05.objectives_reading(side, saved, gpu=True)


def test_objectives_with_a_tie_at_one_and_different_trials():
    side = _side([1.0, 1.0, 0.5], [0.6, 0.9, 0.7], ["val_recall", "val_auc", ""])
    saved = _saved(["0", 1, 1.0, 0.6], ["1", 4, 1.0, 0.9])
    said = ch05.objectives_reading(side, saved)
    assert "was 1.000, the score of a model that calls every face fake, reached by 2 trials: a tie" in said
    assert "The `val_recall` search kept trial 0 and saved its epoch 1" in said
    assert "the `val_auc` search kept trial 1 and saved its epoch 4" in said


def test_objectives_same_trial_same_epoch_and_same_order():
    side = _side([0.9, 0.5], [0.95, 0.6], ["all", ""])
    saved = _saved(["0", 5, 0.9, 0.95], ["0", 5, 0.9, 0.95])
    said = ch05.objectives_reading(side, saved)
    assert "in the same order." in said and "saved the same epoch of it, epoch 5" in said


def test_draws_that_repeat_and_a_missing_filters_column():
    trials = pd.DataFrame({"trial": ["2", "1", "0"], "score": [0.9, 0.8, 0.7],
                           "conv_blocks": [3, 3, 3], "kernel_size": [3, 3, 3],
                           "dropout": [0.1, 0.4, 0.2], "filters_0": [64, 80, 48],
                           "filters_1": [128, 128, 128], "filters_2": [64, 16, 48]})
    said = ch05.draws_reading(trials)
    assert "All 3 trials drew the same `conv_blocks` (3), `kernel_size` (3) and `filters_1` (128)" in said
    assert "No trial drew more than 3 blocks, so none declared `filters_3`" in said


def test_draws_with_an_unused_filters_column_and_no_repeats():
    trials = pd.DataFrame({"trial": ["0", "1"], "score": [0.9, 0.8], "conv_blocks": [4, 2],
                           "filters_0": [16, 32], "filters_1": [16, 32], "filters_2": [16, 32],
                           "filters_3": [16, 32]})
    said = ch05.draws_reading(trials)
    assert said.startswith("Trial 1 drew 2 blocks yet lists `filters_2`") and "All" not in said


def test_draws_of_model_2():
    said = ch05.draws_reading(pd.DataFrame({"trial": ["0", "1"], "score": [0.9, np.nan],
                                            "dropout": [0.1, 0.2], "learning_rate": [0.1, 0.2]}))
    assert said == "Nothing in these draws repeats across all trials."


TUNED = pd.Series({"score": 0.8125, "dropout": 0.25, "learning_rate": 0.000512})
RATES = pd.Series([0.0001, 0.000512, 0.00312])


def test_tuning_gained():
    said = ch05.tuning_gain_reading(TUNED, default_auc=0.75, gap=0.0625, rates=RATES,
                                    default_rate=0.001)
    assert "validation ROC-AUC of 0.812 (dropout 0.2, learning rate 0.00051)" in said
    assert "its defaults reached 0.750, so the search gained 0.062, though its score is the best of 3" in said
    assert "from 0.00010 to 0.00312; the default is 0.001." in said


def test_tuning_lost_with_every_rate_below_the_default():
    low = pd.Series([0.00012, 0.00035, 0.00051])
    said = ch05.tuning_gain_reading(TUNED, default_auc=0.85, gap=-0.0375, rates=low,
                                    default_rate=0.001)
    assert "so the search lost to them (-0.037), even though its score is the best of 3" in said
    assert ("Every trial drew a learning rate below the default (0.00012 to 0.00051, against "
            "0.001): a likely reason") in said
    assert "gained" not in said


@pytest.mark.parametrize("rates, words", [
    (pd.Series([0.002, 0.005]), "Every trial drew a learning rate above the default"),
    (pd.Series([0.0002, 0.0005]), "below the default (0.00020 to 0.00050, against 0.001)."),
])
def test_tuning_gain_below_rounding_is_a_match_not_a_gain_of_zero(rates, words):
    said = ch05.tuning_gain_reading(TUNED, default_auc=0.8122, gap=0.0003, rates=rates,
                                    default_rate=0.001)
    assert "so the search matched them (the same to 3 decimals)." in said
    assert words in said and "gained" not in said and "likely reason" not in said


def test_two_trials_that_drew_alike_are_both():
    trials = pd.DataFrame({"trial": ["0", "1"], "score": [0.9, 0.8], "dropout": [0.1, 0.1],
                           "learning_rate": [0.1, 0.2]})
    assert ch05.draws_reading(trials).startswith("Both trials drew the same `dropout` (0.1)")


@pytest.mark.parametrize("gap, words", [(-0.043, "larger than that spread"),
                                        (0.043, "larger than that spread"),
                                        (0.010, "within that spread"),
                                        (-0.010, "within that spread")])
def test_the_gap_is_read_against_chapter_04s_seed_spread(gap, words):
    aucs = pd.Series([0.9658, 0.9862, 0.9676])
    said = ch05.gap_against_seed_spread(gap, aucs, "laptop")
    assert "0.966 to 0.986, a spread of 0.020" in said and "3 seeds" in said
    assert words in said and f"{gap:+.3f}" in said


def test_another_profile_is_not_judged_by_the_laptop_record():
    said = ch05.gap_against_seed_spread(-0.5, pd.Series([0.96, 0.98]), "ci")
    assert "no yardstick" in said and "larger" not in said and "within" not in said
