"""Chapter 05 exercises: the epoch a search saves, predicting what the recall objective does to real
faces, the size of Model 1's search space, and what scoring trials on test does to a paper."""

from __future__ import annotations

import numbers

import pandas as pd

from dfkit.course.exercises import (
    Exercise,
    Incorrect,
    ____,  # noqa: F401 (re-exported: a chapter imports its checkers and the blank in one line)
    call_answer,
    choice,
    prediction,
    unwrap_scalar,
)


def _history() -> pd.DataFrame:
    """A made-up trial's history as ``training.fit`` returns it: one row per epoch, from 1."""
    return pd.DataFrame({"val_recall": [0.60, 0.95, 0.95, 0.90, 0.80],
                         "val_auc": [0.70, 0.75, 0.80, 0.86, 0.84],
                         "val_loss": [0.70, 0.60, 0.50, 0.55, 0.52]},
                        index=pd.RangeIndex(1, 6, name="epoch"))


def _check_saved_epoch(saved_epoch) -> None:
    import keras_tuner as kt

    history = _history()
    cases = [(kt.Objective("val_recall", "max"), 2), (kt.Objective("val_auc", "max"), 4),
             (kt.Objective("val_loss", "min"), 3)]
    got = {}
    for objective, _ in cases:
        what = f"saved_epoch(history, Objective({objective.name!r}, {objective.direction!r}))"
        value = unwrap_scalar(call_answer(saved_epoch, history.copy(), objective, what=what))
        if not isinstance(value, numbers.Integral) or isinstance(value, bool):
            raise Incorrect(f"{what} returned {value!r}: return one epoch, a whole number as the "
                            "history's index labels it.")
        got[objective.name] = int(value)
    if all(got[o.name] == e - 1 for o, e in cases):
        raise Incorrect("Each answer is one too low: that is a position counted from 0. Return the "
                        "epoch as the history's index labels it (1 is the first epoch).")
    if got["val_recall"] == 3:
        raise Incorrect("On val_recall you returned epoch 3, which ties epoch 2 at 0.95. Keras "
                        "Tuner saves only when the objective beats the best so far, so a tie keeps "
                        "the earlier epoch.")
    if got["val_loss"] == 1:
        raise Incorrect("On val_loss you returned the epoch of the highest loss: read the "
                        "objective's direction ('min' here), not only its name.")
    for objective, expected in cases:
        if got[objective.name] != expected:
            raise Incorrect(f"On {objective.name} ({objective.direction}) you returned epoch "
                            f"{got[objective.name]}; the search saves epoch {expected}, the first "
                            "at which that column reached its best value.")


q1 = Exercise(
    name="q1",
    prompt="Write `saved_epoch(history, objective)`: the epoch of a trial that a search with this "
           "Keras Tuner objective saves, from the trial's per-epoch history.",
    names=("saved_epoch",),
    checker=_check_saved_epoch,
    hints=("Keras Tuner saves a trial's weights each time its objective beats the best value so "
           "far. Which epoch holds the last save, and what happens on a tie?",
           "objective.name is the column to read and objective.direction ('max' or 'min') says "
           "which way is better; pandas' idxmax and idxmin return the first label of the best "
           "value."),
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
    options={"a": "its recall flatters the model on new faces, and no column is an "
                  "unseen-face measurement any more",
             "b": "none that matters: no weights were ever trained on the test faces, so its "
                  "figures still measure unseen data",
             "c": "they are pessimistic: a model picked for recall gives up accuracy, so "
                  "Table I understates the others",
             "d": "only the recall column is inflated; accuracy, precision and F1 never "
                  "entered the choice and stay unbiased"},
    answer="a",
    feedback={"b": "Choosing is a kind of fitting too: among the trials, the one kept is the one "
                   "whose recall happened to look best on these very faces, so that recall "
                   "flatters it.",
              "c": "The metric a set chose on looks better there than on new faces, so recall is "
                   "optimistic, not pessimistic. The other columns can go either way (a model "
                   "kept for its recall may give up specificity), which is why none of them is "
                   "a clean measurement either.",
              "d": "Recall is the one flattered for sure. The others are not inflated by "
                   "necessity, but they describe a model chosen on these same faces: their bias "
                   "can go either way, so none of them is an unseen-data measurement any more."},
    hints=("What is a test set for, and does it still do that once it has influenced a decision?",
           "Compare with chapter 03's q4: choosing an epoch by its test ROC-AUC."),
)
