"""Chapter 05 exercises: the better objective, predicting what the recall objective does to real
faces, the size of Model 1's search space, and what scoring trials on test does to a paper."""

from __future__ import annotations

import numbers

import pandas as pd

from dfkit.course.exercises import (
    Exercise,
    Incorrect,
    ____,  # noqa: F401 (re-exported: a chapter imports its checkers and the blank in one line)
    choice,
    prediction,
)


def _check_objective(auc_objective) -> None:
    import keras_tuner as kt

    if isinstance(auc_objective, str):  # Keras Tuner accepts a metric's name and infers "max"
        if auc_objective != "val_auc":
            raise Incorrect(f"{auc_objective!r} is not the validation ROC-AUC as Keras logs it"
                            + (": without 'val_' the tuner would score trials on training data."
                               if auc_objective == "auc" else "."))
        return
    if not isinstance(auc_objective, kt.Objective):
        raise Incorrect("auc_objective should be the metric's name as Keras logs it (a string) or "
                        "a keras_tuner.Objective (a name and a direction), "
                        f"not a {type(auc_objective).__name__}.")
    if auc_objective.name != "val_auc":
        raise Incorrect(f"The name should be the validation AUC as Keras logs it, got "
                        f"{auc_objective.name!r}. Without 'val_' the tuner would score trials on "
                        "training data.")
    if auc_objective.direction != "max":
        raise Incorrect("A higher AUC is better: the direction must say so.")


q1 = Exercise(
    name="q1",
    prompt="Create the better objective: maximise the validation ROC-AUC. Store the Keras Tuner "
           "objective in `auc_objective`.",
    names=("auc_objective",),
    checker=_check_objective,
    hints=("An objective is two things: which logged metric to read (on which split), and "
           "whether higher or lower is better.",
           "Look at the columns of a training history for the metric's name; Keras Tuner takes "
           "that name alone (it knows which way AUC improves) or a keras_tuner.Objective that also "
           "states the direction."),
    kind="implement",
)


def specificity_outcome(comparison: pd.DataFrame) -> str:
    """Which option happened: test specificity of the val_recall search's best model against
    the val_auc search's."""
    gap = (comparison.loc["specificity", "objective val_recall"]
           - comparison.loc["specificity", "objective val_auc"])
    return "a" if gap < -0.05 else "c" if gap > 0.05 else "b"


q2 = prediction(
    name="q2",
    prompt="On test, how will the specificity of the val_recall search's best model compare with "
           "the val_auc search's best model?",
    variable="q2_prediction",
    options={"a": "the val_recall search's model keeps clearly fewer real faces "
                  "(by more than 0.05)",
             "b": "about the same (within 0.05)",
             "c": "the val_recall search's model keeps clearly more real faces "
                  "(by more than 0.05)"},
    outcome=specificity_outcome,
    context=("comparison",),
    explanation="An objective of val_recall rewards any trial that calls more faces fake, and "
                "nothing in it counts the real faces lost, so it tends to pick a trial that "
                "sacrifices specificity; val_auc rewards ranking and is blind to the threshold. "
                "With a few trials and one seed, though, the two searches can tie, draw the same "
                "trials, or land on similar models (even two that call every face real): read "
                "the two columns of the table above and the lines printed under it.",
    hints=("What does a trial that calls every face fake score on each objective?",
           "Specificity is the share of real faces called real; which objective ever looks at "
           "real faces?"),
)

_BLOCKS = range(2, 5)
_FILTER_VALUES = len(range(16, 128 + 1, 16))
_KERNELS, _DENSE = 2, len(range(32, 256 + 1, 32))


def architecture_count() -> int:
    """Distinct Model 1 architectures in cnn_search_space (blocks, filters, kernel, dense units)."""
    return sum(_FILTER_VALUES ** n for n in _BLOCKS) * _KERNELS * _DENSE


def _check_count(n_architectures) -> None:
    if not isinstance(n_architectures, numbers.Integral) or isinstance(n_architectures, bool):
        raise Incorrect(f"n_architectures should be a whole number, got {n_architectures!r}.")
    expected = architecture_count()
    if n_architectures == _FILTER_VALUES ** 4 * _KERNELS * _DENSE:
        raise Incorrect("That counts only the networks with 4 blocks. Count 2, 3 and 4 blocks "
                        "separately and add them.")
    if n_architectures == 3 * _FILTER_VALUES * _KERNELS * _DENSE:
        raise Incorrect("Each block chooses its own filter count: the choices multiply across "
                        "blocks, they do not add.")
    if n_architectures in (sum(_FILTER_VALUES ** n for n in _BLOCKS),
                           sum(_FILTER_VALUES ** n for n in _BLOCKS) * _KERNELS):
        raise Incorrect("Close: the kernel size and the dense units are chosen too, once per "
                        "network, whatever the number of blocks.")
    if n_architectures != expected:
        raise Incorrect(f"{n_architectures:,} is not right. For each number of blocks, multiply "
                        "the choices of every block's filters, the kernel size and the dense "
                        "units; then add over the numbers of blocks. hp.Int(16, 128, step=16) "
                        "has 8 values, not 7.")


q3 = Exercise(
    name="q3",
    prompt="How many different Model 1 architectures can cnn_search_space draw (blocks, filters "
           "per block, kernel size, dense units)? Store the integer in `n_architectures`.",
    names=("n_architectures",),
    checker=_check_count,
    hints=("Fix the number of blocks first: every block picks its filters independently, and the "
           "kernel size and dense units are picked once. Then add over 2, 3 and 4 blocks.",
           "hp.Int(name, lo, hi, step=s) can return lo, lo + s, ... up to hi, both ends included; "
           "the table of hp.space above lists each range."),
)

q4 = choice(
    name="q4",
    prompt="If the paper's val_recall was measured on its test faces, what follows for Table I?",
    variable="q4_answer",
    options={"a": "they overstate how well it does on new faces, since the faces that produced "
                  "them also picked the model",
             "b": "nothing that matters: with 1,749 test faces the figures are reliable "
                  "whichever split scored the trials",
             "c": "they understate it: a model picked for its recall is worse at accuracy, so "
                  "the test figures are pessimistic",
             "d": "only its recall is biased upwards; accuracy, precision and F1 were never "
                  "used to choose and stay unbiased"},
    answer="a",
    feedback={"b": "A large set reduces noise, not bias: the choice was made to look good on "
                   "these very faces, however many there are.",
              "c": "Choosing on a set can only make that set look better than new data would, "
                   "for the metric chosen on and, through the chosen model, the others too.",
              "d": "The chosen model (its epochs, its hyperparameters) is scored on every metric "
                   "on the same faces that chose it; none of them measures unseen faces any more."},
    hints=("What is a test set for, and does it still do that once it has influenced a decision?",
           "Compare with chapter 03's q4: choosing an epoch by its test ROC-AUC."),
)
