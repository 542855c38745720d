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
    assert f"found {recall:.3f}" in said


def test_scores_read_with_the_real_faces_called_fake():
    said = ch03.test_scores_reading(0.8333, 0.75, n_fake=60, n_real=40, epochs=20)
    assert "Of the 60 test fakes this model found 0.833" in said
    assert "of the 40 real test faces it kept 0.750" in said
    assert "called about 10 real faces fake" in said
    assert "constant detector" not in said
